"""The one place in podium that runs pandoc: an input in, pandoc's JSON AST out.

Nothing else in podium may call pandoc or pypandoc; readers go through
:func:`pandoc_ast`.  Every call passes ``--sandbox``: pandoc then reads nothing but
the input it is handed on stdin.  Without it, pandoc's HTML reader fetches
``<iframe src="http://...">`` over the network and splices the page it gets into
the document (checked with pandoc 3.9); with it, no request is made and pandoc
only prints a warning.

The input always goes to pandoc's stdin (text as UTF-8, DOCX and ODT as their
zip bytes): no temporary file, no path on pandoc's command line, no working
directory to change.  A call's cost is pandoc's start-up,
measured in docs/performance.md.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pypandoc

from ..errors import Code, EnvironmentProblem, ReadError

#: The arguments every pandoc call gets.  ``--sandbox`` is passed here rather than
#: through pypandoc's ``sandbox=True``, which silently drops it for a pandoc it judges
#: too old: an old pandoc must fail, never run unsandboxed.
ARGS = ("--sandbox",)

#: What each pandoc reader name is called in messages, and what the user can do
#: when pandoc cannot read such a file.
FORMATS: dict[str, tuple[str, str]] = {
    "markdown": ("Markdown", "check the file is Markdown text, or save it as .txt"),
    "html": ("HTML", "save the page again from the browser as HTML, or as .txt"),
    "docx": ("Word (.docx)", "open it in Word or LibreOffice and save it again as .docx"),
    "odt": ("OpenDocument (.odt)", "open it in LibreOffice and save it again as .odt"),
}

#: Code of "pandoc could not read the file".
PANDOC_READ_FAILED = Code.E107
#: Code of "pandoc is not installed or does not run".
PANDOC_MISSING = Code.E902


@dataclass(frozen=True)
class PandocResult:
    """pandoc's JSON AST of one input, and the warnings pandoc printed while reading it."""

    ast: dict[str, Any]
    messages: tuple[str, ...] = ()


class _Collect(logging.Handler):
    """Keeps the pandoc warnings pypandoc logs, instead of letting it print them."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


def base_format(fmt: str) -> str:
    """pandoc's reader name without extensions: ``base_format("markdown-smart") == "markdown"``."""
    for sep in "+-":
        fmt = fmt.split(sep, 1)[0]
    return fmt


def pandoc_ast(source: str | bytes, fmt: str, path: Path | None = None) -> PandocResult:
    """Run pandoc (sandboxed) on ``source`` read as ``fmt``; return its JSON AST.

    ``source`` is text for text formats (Markdown, HTML) and the file's bytes for
    DOCX and ODT; ``fmt`` is a pandoc reader name, extensions allowed
    (``markdown-smart``).  pandoc failing to read the input raises a
    :class:`ReadError` with code ``PODIUM-E107`` naming the format and a fix; a
    missing pandoc raises :class:`EnvironmentProblem`.
    """
    name, fix = FORMATS.get(base_format(fmt), (fmt, "save the file in another format podium reads"))
    # pypandoc logs pandoc's stderr on its logger and, when that logger has no handler,
    # installs one printing to stderr: ours comes first, so warnings land in the document
    logger = logging.getLogger("pypandoc")
    collect = _Collect()
    logger.addHandler(collect)
    try:
        out = pypandoc.convert_text(
            source, "json", format=fmt, extra_args=list(ARGS), verify_format=False
        )
    except RuntimeError as exc:
        detail = " ".join(str(exc).split("during conversion:", 1)[-1].split())
        raise ReadError(
            f"pandoc could not read the file as {name}: {detail}",
            path=path,
            fix=fix,
            code=PANDOC_READ_FAILED,
        ) from None
    except OSError as exc:
        raise EnvironmentProblem(
            f"pandoc could not be run: {exc}",
            path=path,
            fix="reinstall podium's dependencies (pip install pypandoc-binary)",
            code=PANDOC_MISSING,
        ) from None
    finally:
        logger.removeHandler(collect)
    try:
        ast = json.loads(out)
    except json.JSONDecodeError as exc:
        raise ReadError(
            f"pandoc gave no usable result for this {name} file ({exc.msg})",
            path=path,
            fix=fix,
            code=PANDOC_READ_FAILED,
        ) from None
    if not isinstance(ast, dict) or not isinstance(ast.get("blocks"), list):
        raise ReadError(
            f"pandoc gave no document for this {name} file",
            path=path,
            fix=fix,
            code=PANDOC_READ_FAILED,
        )
    return PandocResult(ast, tuple(m for m in collect.messages if m))


@cache
def pandoc_version() -> str:
    """The version of the pandoc podium runs, for provenance records ("unknown" if it fails)."""
    try:
        return str(pypandoc.get_pandoc_version())
    except OSError:
        return "unknown"
