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
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class PodiumError(Exception):
    """Root of every error podium raises on purpose.

    ``code`` is stable across releases; ``path`` names the file concerned;
    ``fix`` says what the user can do about it, when podium knows.
    """

    code = "PODIUM-E000"
    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        fix: str | None = None,
        code: str | None = None,
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


class ReadError(PodiumError):
    """An input could not be read into a speech."""

    code = "PODIUM-E100"


class EmptyInputError(ReadError):
    """The input holds no text at all."""

    code = "PODIUM-E101"


class EncodingError(ReadError):
    """The input is not text in an encoding podium can decode."""

    code = "PODIUM-E102"


class UnsupportedFormatError(ReadError):
    """No reader is registered for the input's extension."""

    code = "PODIUM-E103"


class NoSpeechError(ReadError):
    """The input has text but no speech paragraphs once page chrome is removed."""

    code = "PODIUM-E104"


class XMLInputError(ReadError):
    """An XML input is not well-formed, or asks for entities, DTDs or the network."""

    code = "PODIUM-E105"


class LimitError(ReadError):
    """Beyond what a speech can be: too large, a paragraph too long, nested too deep."""

    code = "PODIUM-E110"


class ExternalContentError(ReadError):
    """The input carries active content or points at files or URLs outside itself."""

    code = "PODIUM-E113"


class ContainerError(ReadError):
    """A DOCX or ODT whose zip container is broken or unsafe (bomb, member paths)."""

    code = "PODIUM-E114"


class OutputNameError(ReadError):
    """The input's name gives no output folder inside OUT (``..``, ``.``), or it is a link."""

    code = "PODIUM-E115"


@dataclass(frozen=True)
class Violation:
    """One problem found in a master: a stable code, where, and what."""

    code: str
    message: str
    line: int | None = None
    element: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        elem = f" <{self.element}>" if self.element else ""
        return f"{where}{self.code}{elem}: {self.message}"


class MasterError(PodiumError):
    """A master failed the official AKN schema or podium's profile rules."""

    code = "PODIUM-E200"

    def __init__(
        self,
        message: str,
        *,
        violations: list[Violation] | None = None,
        path: Path | str | None = None,
        fix: str | None = None,
        code: str | None = None,
    ) -> None:
        self.violations = list(violations or [])
        if self.violations and code is None:
            code = self.violations[0].code
        super().__init__(message, path=path, fix=fix, code=code)


class RenderError(PodiumError):
    """A rendition (HTML, PDF, EPUB) could not be produced."""

    code = "PODIUM-E300"


class DepositError(PodiumError):
    """A deposit could not be built."""

    code = "PODIUM-E400"


@dataclass(frozen=True)
class FixityProblem:
    """One damaged, missing or unexpected file found by a verifier."""

    code: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.code}: {self.message}"


class FixityError(PodiumError):
    """A deposit is damaged: files changed, missing or unexpected."""

    code = "PODIUM-E410"

    def __init__(
        self,
        message: str,
        *,
        problems: list[FixityProblem] | None = None,
        path: Path | str | None = None,
    ) -> None:
        super().__init__(message, path=path)
        self.problems = list(problems or [])


class UsageError(PodiumError):
    """The command line or an option file is wrong; exit code 2."""

    code = "PODIUM-E500"
    exit_code = 2


class MetaError(PodiumError):
    """A sidecar metadata file is unreadable or holds wrong values."""

    code = "PODIUM-E501"


class EnvironmentProblem(PodiumError):
    """A system library, font or tool podium needs is missing; exit code 3."""

    code = "PODIUM-E900"
    exit_code = 3


__all__ = [
    "ContainerError",
    "DepositError",
    "EmptyInputError",
    "EncodingError",
    "EnvironmentProblem",
    "ExternalContentError",
    "FixityError",
    "FixityProblem",
    "LimitError",
    "MasterError",
    "MetaError",
    "NoSpeechError",
    "OutputNameError",
    "PodiumError",
    "ReadError",
    "RenderError",
    "UnsupportedFormatError",
    "UsageError",
    "Violation",
    "XMLInputError",
]
