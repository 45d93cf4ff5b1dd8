"""Writers: each turns a validated master (through its plain context) into bytes.

Modules:
  ``html``  the self-contained HTML page
  ``pdf``   the PDF, laid out by WeasyPrint behind a locked-down URL fetcher
  ``epub``  an EPUB 3 packaged from the same templates

Writers trust the master: it has passed the schema and profile rules before any
writer runs.  They live in a plain registry, format name to function.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import UsageError
from ..options import RenderOptions
from . import epub, html, pdf

Writer = Callable[[dict[str, Any], bytes, RenderOptions], bytes]

#: format name -> (file extension, writer).  The master (``akn``) is written by the build.
WRITERS: dict[str, tuple[str, Writer]] = {
    "html": (".html", html.write),
    "pdf": (".pdf", pdf.write),
    "epub": (".epub", epub.write),
}


def writer_for(fmt: str) -> tuple[str, Writer]:
    try:
        return WRITERS[fmt]
    except KeyError:
        known = ", ".join(["akn", *WRITERS])
        raise UsageError(f"unknown output format {fmt!r}", fix=f"use --to with {known}") from None
