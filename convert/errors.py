"""podium's error types: one root, one subclass per area, each with a stable code.

Every failure podium itself detects is a :class:`PodiumError`.  The command line
prints it as one ``podium: error:`` line and maps its class to an exit code
(contract.md); tests assert the code, never the wording.

Codes are grouped by area:

====== =========================================================
E1xx   reading an input (encoding, empty file, unknown format)
E2xx   the AKN master (schema, profile rules)
E3xx   rendering (templates, WeasyPrint, EPUB packaging)
E4xx   deposits and fixity (bags, OCFL)
E5xx   options and sidecars given by the user
E9xx   the environment (missing system library or font)
====== =========================================================

Each code is written once, as a member of :class:`Code`, and has one entry in the
catalogue :data:`ERRORS`: the class that raises it (which gives the exit code) and a
one-line summary.  Warnings (``podium: warning:``, which do not fail a build) are
:class:`WarningRecord` values with a :class:`WarningCode` (W1xx reading, W2xx the
master's metadata, W3xx rendering) whose entry in :data:`WARNINGS` holds the text.
docs/errors.md shows both catalogues: ``python -m podium.convert.errors --markdown``
prints its tables, and tests/test_errors.py checks the page against them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Final


class Code(StrEnum):
    """Every error code podium gives; a member is its string (``Code.E101 == "PODIUM-E101"``).

    Raise sites name a member, so a code outside this list does not type-check.
    """

    E000 = "PODIUM-E000"
    E100 = "PODIUM-E100"
    E101 = "PODIUM-E101"
    E102 = "PODIUM-E102"
    E103 = "PODIUM-E103"
    E104 = "PODIUM-E104"
    E105 = "PODIUM-E105"
    E106 = "PODIUM-E106"
    E107 = "PODIUM-E107"
    E108 = "PODIUM-E108"
    E109 = "PODIUM-E109"
    E110 = "PODIUM-E110"
    E111 = "PODIUM-E111"
    E112 = "PODIUM-E112"
    E113 = "PODIUM-E113"
    E114 = "PODIUM-E114"
    E115 = "PODIUM-E115"
    E200 = "PODIUM-E200"
    E201 = "PODIUM-E201"
    E202 = "PODIUM-E202"
    E203 = "PODIUM-E203"
    E204 = "PODIUM-E204"
    E205 = "PODIUM-E205"
    E206 = "PODIUM-E206"
    E207 = "PODIUM-E207"
    E208 = "PODIUM-E208"
    E300 = "PODIUM-E300"
    E301 = "PODIUM-E301"
    E302 = "PODIUM-E302"
    E303 = "PODIUM-E303"
    E400 = "PODIUM-E400"
    E401 = "PODIUM-E401"
    E402 = "PODIUM-E402"
    E403 = "PODIUM-E403"
    E404 = "PODIUM-E404"
    E405 = "PODIUM-E405"
    E406 = "PODIUM-E406"
    E410 = "PODIUM-E410"
    E411 = "PODIUM-E411"
    E412 = "PODIUM-E412"
    E413 = "PODIUM-E413"
    E414 = "PODIUM-E414"
    E415 = "PODIUM-E415"
    E416 = "PODIUM-E416"
    E417 = "PODIUM-E417"
    E420 = "PODIUM-E420"
    E421 = "PODIUM-E421"
    E422 = "PODIUM-E422"
    E423 = "PODIUM-E423"
    E424 = "PODIUM-E424"
    E500 = "PODIUM-E500"
    E501 = "PODIUM-E501"
    E502 = "PODIUM-E502"
    E503 = "PODIUM-E503"
    E504 = "PODIUM-E504"
    E900 = "PODIUM-E900"
    E901 = "PODIUM-E901"
    E902 = "PODIUM-E902"
    E903 = "PODIUM-E903"
    E904 = "PODIUM-E904"
    E905 = "PODIUM-E905"
    E999 = "PODIUM-E999"


class PodiumError(Exception):
    """Root of every error podium raises on purpose.

    ``code`` is stable across releases; ``path`` names the file concerned;
    ``fix`` says what the user can do about it, when podium knows.
    """

    code: Code = Code.E000
    exit_code = 1

    def __init_subclass__(cls, code: Code | None = None, exit_code: int | None = None) -> None:
        """``class EmptyInputError(ReadError, code=Code.E101)``: a subclass's default code
        (and exit code, when it is not its base's) given where the class is named."""
        super().__init_subclass__()
        if code is not None:
            cls.code = code
        if exit_code is not None:
            cls.exit_code = exit_code

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        fix: str | None = None,
        code: Code | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.fix = fix
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path is not None else ""
        fix = f" (fix: {self.fix})" if self.fix else ""
        return f"{where}{self.code}: {self.message}{fix}"


class ReadError(PodiumError, code=Code.E100):
    """An input could not be read into a speech."""


class EmptyInputError(ReadError, code=Code.E101):
    """The input holds no text at all."""


class EncodingError(ReadError, code=Code.E102):
    """The input is not text in an encoding podium can decode."""


class UnsupportedFormatError(ReadError, code=Code.E103):
    """No reader is registered for the input's extension."""


class NoSpeechError(ReadError, code=Code.E104):
    """The input has text but no speech paragraphs once page chrome is removed."""


class XMLInputError(ReadError, code=Code.E105):
    """An XML input is not well-formed, or asks for entities, DTDs or the network."""


class LimitError(ReadError, code=Code.E110):
    """Beyond what a speech can be: too large, a paragraph too long, nested too deep."""


class ExternalContentError(ReadError, code=Code.E113):
    """The input carries active content or points at files or URLs outside itself."""


class ContainerError(ReadError, code=Code.E114):
    """A DOCX or ODT whose zip container is broken or unsafe (bomb, member paths)."""


class OutputNameError(ReadError, code=Code.E115):
    """The input's name gives no output folder inside OUT (``..``, ``.``), or it is a link."""


@dataclass(frozen=True)
class Violation:
    """One problem found in a master: a stable code, where, and what."""

    code: Code
    message: str
    line: int | None = None
    element: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        elem = f" <{self.element}>" if self.element else ""
        return f"{where}{self.code}{elem}: {self.message}"


class MasterError(PodiumError, code=Code.E200):
    """A master failed the official AKN schema or podium's profile rules."""

    def __init__(
        self,
        message: str,
        *,
        violations: list[Violation] | None = None,
        path: Path | str | None = None,
        fix: str | None = None,
        code: Code | None = None,
    ) -> None:
        self.violations = list(violations or [])
        if self.violations and code is None:
            code = self.violations[0].code
        super().__init__(message, path=path, fix=fix, code=code)


class RenderError(PodiumError, code=Code.E300):
    """A rendition (HTML, PDF, EPUB) could not be produced."""


class DepositError(PodiumError, code=Code.E400):
    """A deposit could not be built."""


@dataclass(frozen=True)
class Mismatch:
    """One digest that differs from the record (bagit-python's ``ChecksumMismatch``)."""

    algorithm: str
    expected: str | None  # None: the record holds no digest (an empty sidecar)
    found: str


@dataclass(frozen=True)
class FixityProblem:
    """One damaged, missing or unexpected file found by a verifier.

    ``digests`` holds each algorithm's expected and found digest when the problem is a
    digest that differs (PODIUM-E411, or an inventory against its sidecar); the message
    says the same in words.
    """

    code: Code
    path: str
    message: str
    digests: tuple[Mismatch, ...] = ()

    def __str__(self) -> str:
        return f"{self.path}: {self.code}: {self.message}"


class FixityError(PodiumError, code=Code.E410):
    """A deposit is damaged: files changed, missing or unexpected."""

    def __init__(
        self, message: str, *, problems: Iterable[FixityProblem] = (), **where: Any
    ) -> None:
        super().__init__(message, **where)
        self.problems = list(problems)


class UsageError(PodiumError, code=Code.E500, exit_code=2):
    """The command line or an option file is wrong; exit code 2."""


class MetaError(PodiumError, code=Code.E501):
    """A sidecar metadata file is unreadable or holds wrong values."""


class EnvironmentProblem(PodiumError, code=Code.E900, exit_code=3):
    """A system library, font or tool podium needs is missing; exit code 3."""


# --- the catalogue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorEntry:
    """What a code means: the class that raises it and a one-line summary for docs/errors.md.

    ``shown`` replaces the class name in the docs where no exception carries the code
    itself: a verifier's problems (``(verify)``) and an internal error (``(none)``).
    """

    cls: type[PodiumError]
    summary: str
    shown: str | None = None

    @property
    def exit_code(self) -> int:
        """The command's exit status when this code ends it: the class's."""
        return self.cls.exit_code

    @property
    def class_name(self) -> str:
        return self.shown or self.cls.__name__


_E = ErrorEntry
_VERIFY = "(verify)"  # a FixityProblem inside the FixityError that `podium verify` ends with
_AREA = "the area's own code; podium raises a more specific one"

#: Every error code, in order; tests/test_errors.py checks it covers :class:`Code` exactly.
ERRORS: Final[Mapping[Code, ErrorEntry]] = {
    Code.E000: _E(PodiumError, "the root class's own code; podium raises a more specific one"),
    Code.E100: _E(ReadError, _AREA),
    Code.E101: _E(EmptyInputError, "the input is empty or only whitespace"),
    Code.E102: _E(EncodingError, "not UTF-8 (or UTF-16 with BOM) text, or binary data"),
    Code.E103: _E(
        UnsupportedFormatError, "no reader for the extension (the message lists the known ones)"
    ),
    Code.E104: _E(NoSpeechError, "nothing left once page chrome is removed"),
    Code.E105: _E(XMLInputError, "an XML file that is not well-formed"),
    Code.E106: _E(XMLInputError, "an XML file with a DOCTYPE (never processed)"),
    Code.E107: _E(ReadError, "pandoc could not read a Markdown, HTML, DOCX or ODT file"),
    Code.E108: _E(
        XMLInputError,
        "an XML file that is not Akoma Ntoso (root or namespace), or a collection",
    ),
    Code.E109: _E(XMLInputError, "an Akoma Ntoso input that fails the official XSD"),
    Code.E110: _E(LimitError, "the input file is larger than 32 MiB"),
    Code.E111: _E(LimitError, "a paragraph longer than 100,000 characters"),
    Code.E112: _E(
        LimitError,
        "structure nested too deeply: thousands of levels of HTML or Markdown, "
        "or a speech more than 100 levels deep once read",
    ),
    Code.E113: _E(
        ExternalContentError,
        "active content (script, frame, object, event handler) or a reference outside the "
        "input (an image, stylesheet or attachment by URL or path, a `file:` URL, a DOCX "
        "external relationship, an XInclude): refused, never loaded",
    ),
    Code.E114: _E(
        ContainerError,
        "a DOCX or ODT that is not a zip, is damaged, has absolute or `..` member names, "
        "or would expand beyond 128 MiB",
    ),
    Code.E115: _E(
        OutputNameError,
        "the input's name gives no folder inside OUT (`...txt` would write OUT/..), "
        "or OUT/<stem> is a symbolic link",
    ),
    Code.E200: _E(MasterError, "a profile rule failed that names no code of its own"),
    Code.E201: _E(MasterError, "not valid against the official AKN 3.0 XSD"),
    Code.E202: _E(MasterError, "a `#reference` that points at no element"),
    Code.E203: _E(MasterError, "a duplicate eId, or one outside the naming convention"),
    Code.E204: _E(MasterError, "FRBR IRIs disagree with the FRBR date, language, actor or number"),
    Code.E205: _E(MasterError, "`doc/@name` or `FRBRsubtype` outside podium's profile"),
    Code.E206: _E(MasterError, "a speech with no paragraphs"),
    Code.E207: _E(MasterError, "the root is not in the AKN 3.0 namespace (e.g. draft WD17/CSD13)"),
    Code.E208: _E(MasterError, "a master file that cannot be read"),
    Code.E300: _E(RenderError, _AREA),
    Code.E301: _E(RenderError, "WeasyPrint could not lay out the PDF"),
    Code.E302: _E(RenderError, "a template (usually a user's theme) failed to render"),
    Code.E303: _E(RenderError, "the PDF's XMP metadata could not be rewritten in long form"),
    Code.E400: _E(DepositError, _AREA),
    Code.E401: _E(DepositError, "the build record `podium-build.json` is missing or malformed"),
    Code.E402: _E(
        DepositError, "the deposit destination already exists (deposits never overwrite)"
    ),
    Code.E403: _E(DepositError, "a built file is missing or differs from the build record"),
    Code.E404: _E(DepositError, "a recorded path leaves the built folder"),
    Code.E405: _E(
        DepositError,
        "the bag could not be written (disk, permissions), "
        "or podium wrote a METS its schema refuses (a bug)",
    ),
    Code.E406: _E(
        DepositError,
        "the AKN master in the built folder could not be read "
        "for the deposit's METS and Dublin Core",
    ),
    Code.E410: _E(FixityError, "summary line of a failed `podium verify`"),
    Code.E411: _E(
        FixityError, "a file changed since bagging or deposit (its digests differ)", _VERIFY
    ),
    Code.E412: _E(
        FixityError, "a file listed in a manifest (bag or OCFL inventory) is missing", _VERIFY
    ),
    Code.E413: _E(
        FixityError,
        "a payload or OCFL content file that no manifest lists, or a stray file in an OCFL root",
        _VERIFY,
    ),
    Code.E414: _E(
        FixityError, "the bag itself is broken (bagit.txt, manifests, Payload-Oxum)", _VERIFY
    ),
    Code.E415: _E(DepositError, "`verify` was given a path that does not exist"),
    Code.E416: _E(
        DepositError,
        "`verify` was given something that is neither a bag nor an OCFL root or object",
    ),
    Code.E417: _E(
        FixityError,
        "an OCFL root or object is broken (declaration, inventory, inventory sidecar digest)",
        _VERIFY,
    ),
    Code.E420: _E(
        DepositError,
        "`--ocfl ROOT` exists but is not an OCFL 1.x root with podium's 0004 layout",
    ),
    Code.E421: _E(
        DepositError,
        "the build record's work IRI does not start with `/akn/` (no OCFL object id)",
    ),
    Code.E422: _E(DepositError, "the work's OCFL object has an unreadable or foreign inventory"),
    Code.E423: _E(
        DepositError,
        "the OCFL deposit could not be written (disk, permissions, ocfl-py refused)",
    ),
    Code.E424: _E(DepositError, "`--message` or `--user` is empty"),
    Code.E500: _E(UsageError, "the command line is wrong (exit 2)"),
    Code.E501: _E(MetaError, "a sidecar that cannot be read or is not a JSON object"),
    Code.E502: _E(MetaError, "a sidecar with an unknown field (typos never pass silently)"),
    Code.E503: _E(MetaError, "a sidecar field of the wrong type or form"),
    Code.E504: _E(MetaError, "a sidecar date that is not a real `YYYY-MM-DD` date"),
    Code.E900: _E(EnvironmentProblem, _AREA),
    Code.E901: _E(EnvironmentProblem, "WeasyPrint cannot load Pango/HarfBuzz (exit 3)"),
    Code.E902: _E(
        EnvironmentProblem,
        "pandoc (shipped by pypandoc-binary) is missing or will not run (exit 3)",
    ),
    Code.E903: _E(
        EnvironmentProblem,
        "no installed font covers the speech's language; the fix names the Debian package (exit 3)",
    ),
    Code.E904: _E(EnvironmentProblem, "fontconfig's `fc-list` is missing or failing (exit 3)"),
    Code.E905: _E(
        EnvironmentProblem,
        "`--executor dask` without dask.distributed installed "
        "(`pip install 'podium[dask]'`; exit 3)",
    ),
    # not a PodiumError: any other exception, printed by the command line (exit 1)
    Code.E999: _E(PodiumError, "a bug in podium: run again with `--debug` and report it", "(none)"),
}


# --- warnings ----------------------------------------------------------------------------------


class WarningCode(StrEnum):
    """Every warning code; numbered by area like :class:`Code` (W1xx reading an input,
    W2xx the master's metadata, W3xx rendering)."""

    W101 = "PODIUM-W101"
    W102 = "PODIUM-W102"
    W103 = "PODIUM-W103"
    W104 = "PODIUM-W104"
    W105 = "PODIUM-W105"
    W106 = "PODIUM-W106"
    W107 = "PODIUM-W107"
    W108 = "PODIUM-W108"
    W110 = "PODIUM-W110"
    W111 = "PODIUM-W111"
    W112 = "PODIUM-W112"
    W113 = "PODIUM-W113"
    W114 = "PODIUM-W114"
    W115 = "PODIUM-W115"
    W201 = "PODIUM-W201"
    W202 = "PODIUM-W202"
    W203 = "PODIUM-W203"
    W204 = "PODIUM-W204"
    W205 = "PODIUM-W205"
    W301 = "PODIUM-W301"


@dataclass(frozen=True)
class WarningEntry:
    """What a warning means (``summary``) and what it says (``text``: a ``str.format``
    template filled with the record's parameters)."""

    summary: str
    text: str


_W = WarningEntry
#: pandoc's reader counts what it drops or flattens per kind: ``noun`` is singular or plural
_TALLY = "{count} {noun} "
_EXAMPLE = "{example}"  # "" or " (first: <the first one's text>)"

#: Every warning code, in order; the texts are exactly those printed and recorded.
WARNINGS: Final[Mapping[WarningCode, WarningEntry]] = {
    WarningCode.W101: _W(
        "the input is not UTF-8: podium detected its encoding",
        "decoded as {encoding} (detected): save the file as UTF-8 to be sure",
    ),
    WarningCode.W102: _W("pandoc warned while reading the input", "pandoc: {message}"),
    WarningCode.W103: _W(
        "images dropped (pandoc inputs)",
        _TALLY + "dropped: podium keeps the speech's text only" + _EXAMPLE,
    ),
    WarningCode.W104: _W(
        "footnotes dropped (pandoc inputs)",
        _TALLY + "dropped: podium keeps the speech's text only" + _EXAMPLE,
    ),
    WarningCode.W105: _W(
        "raw markup fragments dropped (pandoc inputs)", _TALLY + "dropped" + _EXAMPLE
    ),
    WarningCode.W106: _W(
        "tables flattened into paragraphs (pandoc inputs)",
        _TALLY + "flattened: each row became one paragraph, cells joined by |" + _EXAMPLE,
    ),
    WarningCode.W107: _W(
        "line breaks inside paragraphs became spaces (pandoc inputs)",
        _TALLY + "became spaces" + _EXAMPLE,
    ),
    WarningCode.W108: _W(
        "pandoc elements podium does not know were skipped",
        _TALLY + "podium does not know were skipped" + _EXAMPLE,
    ),
    WarningCode.W110: _W(
        "an AKN input in a draft namespace was upgraded to AKN 3.0",
        "upgraded from the draft namespace {old} to {new}",
    ),
    WarningCode.W111: _W(
        "scene, narrative or summary elements inside an AKN speech were read as blocks",
        "read {count} scene/narrative/summary element(s) inside a speech, where AKN 3.0 "
        'does not allow them (bluebell writes them so), as <block name="scene"> and kin',
    ),
    WarningCode.W112: _W(
        "an AKN input's parts beside the body (cover page, preamble, conclusions...) left out",
        "read the body only; left out: {parts}",
    ),
    WarningCode.W113: _W(
        "an AKN input's footnotes (authorialNote) left out",
        "left out {count} footnote(s) (authorialNote)",
    ),
    WarningCode.W114: _W(
        "a saved web page's active content and outside references dropped, one warning a kind",
        "dropped from the saved page, never loaded or run: {what} ({count}); "
        "--strict refuses such a page",
    ),
    WarningCode.W115: _W(
        "a saved web page's navigation, banners, sidebars and footer left out",
        "the speech was taken from the page's main content; {count} block(s) of "
        "navigation, banners, sidebars and footer left out (first: {example})",
    ),
    WarningCode.W201: _W(
        "no date line: the FRBR dates fall back to the generation date",
        "no date line found: the FRBR dates fall back to the generation "
        "date; give `date` in a sidecar",
    ),
    WarningCode.W202: _W(
        "no title line: the file name stands in",
        "no title found: the file name stands in; give `title` in a sidecar",
    ),
    WarningCode.W203: _W(
        "the speaker is not known",
        "the speaker is not known: give `speaker` in a sidecar",
    ),
    WarningCode.W204: _W(
        "the language could not be detected: English assumed",
        "the language could not be detected: English assumed; "
        "give --lang or `language` in a sidecar",
    ),
    WarningCode.W205: _W(
        "the text names a speaker the role table does not give for that date; the text wins",
        "the text names {name} as the speaker; the role table gives {holder} for {role} on "
        "{date}: the text's name is used",
    ),
    WarningCode.W301: _W(
        "the PDF variant asked for cannot carry the AKN master as an attachment",
        "{variant} cannot carry the AKN master: "
        "the PDF has no attachment (use pdf/a-3u to embed it)",
    ),
}


@dataclass(frozen=True)
class WarningRecord:
    """Something a reader, step or writer noticed and tolerated: a code and its parameters.

    ``str()`` is the text the command line prints after ``podium: warning: <file>:`` and
    the build record stores (without the code), e.g.
    ``str(WarningRecord(WarningCode.W113, {"count": 2}))`` is
    ``"left out 2 footnote(s) (authorialNote)"``.
    """

    code: WarningCode
    params: Mapping[str, str | int] = field(default_factory=dict)
    message: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        # rendered once, so a parameter missing from the template fails where it is given
        object.__setattr__(self, "message", WARNINGS[self.code].text.format(**self.params))

    def __str__(self) -> str:
        return self.message


# --- the tables of docs/errors.md ---------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def error_table() -> str:
    """The table of error codes in docs/errors.md (Markdown, one row per code)."""
    rows = [f"| {c} | {e.class_name} | {_cell(e.summary)} |" for c, e in ERRORS.items()]
    return "\n".join(["| code | class | meaning |", "|---|---|---|", *rows]) + "\n"


def warning_table() -> str:
    """The table of warning codes in docs/errors.md: the code, its meaning and its text."""
    # the text's placeholders stay {name}; "<" is escaped, as Markdown would take it for HTML
    rows = [
        f"| {c} | {_cell(w.summary)} | {_cell(w.text).replace('<', '&lt;')} |"
        for c, w in WARNINGS.items()
    ]
    return "\n".join(["| code | meaning | text |", "|---|---|---|", *rows]) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m podium.convert.errors --markdown``: print docs/errors.md's two tables."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args != ["--markdown"]:
        print("usage: python -m podium.convert.errors --markdown", file=sys.stderr)
        return 2
    print(error_table() + "\n" + warning_table(), end="")
    return 0


__all__ = [
    "ERRORS",
    "WARNINGS",
    "Code",
    "ContainerError",
    "DepositError",
    "EmptyInputError",
    "EncodingError",
    "EnvironmentProblem",
    "ErrorEntry",
    "ExternalContentError",
    "FixityError",
    "FixityProblem",
    "LimitError",
    "MasterError",
    "MetaError",
    "Mismatch",
    "NoSpeechError",
    "OutputNameError",
    "PodiumError",
    "ReadError",
    "RenderError",
    "UnsupportedFormatError",
    "UsageError",
    "Violation",
    "WarningCode",
    "WarningEntry",
    "WarningRecord",
    "XMLInputError",
]


if __name__ == "__main__":
    sys.exit(main())
