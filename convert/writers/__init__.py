"""Writers: each turns a validated master (through its plain context) into bytes.

Modules:
  ``html``  the self-contained HTML page
  ``pdf``   the PDF, laid out by WeasyPrint behind a locked-down URL fetcher (also handed to
            the PDF helper of a one-process build: ``submit`` and ``collect``)
  ``epub``  an EPUB 3 packaged from the same templates

Writers trust the master: it has passed the schema and profile rules before any
writer runs.  They live in a plain registry, format name to function, built from the rows of
:data:`podium.convert.outputs.OUTPUTS` (each row names its writer's module here).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from ..errors import UsageError
from ..options import RenderOptions
from ..outputs import FORMATS, OUTPUTS

Writer = Callable[[dict[str, Any], bytes, RenderOptions], bytes]

#: format name -> writer (imported from the module its row names).  The master (``akn``) is
#: written by the build.
WRITERS: dict[str, Writer] = {
    row.name: import_module(f"{__name__}.{row.writer}").write for row in OUTPUTS if row.writer
}


def writer_for(fmt: str) -> Writer:
    """The writer of format ``fmt`` (:class:`UsageError` for one podium does not write)."""
    try:
        return WRITERS[fmt]
    except KeyError:
        raise UsageError(
            f"unknown output format {fmt!r}", fix=f"use --to with {', '.join(FORMATS)}"
        ) from None


__all__ = ["WRITERS", "Writer", "writer_for"]
