"""The HTML rendition: one self-contained page (styles embedded, nothing fetched)."""

from __future__ import annotations

from typing import Any

from ..options import RenderOptions
from ..render.templating import render


def write(context: dict[str, Any], master: bytes, options: RenderOptions) -> bytes:
    """The page as UTF-8 bytes; element ids are the master's eIds."""
    return render("page.html.j2", context, options.theme).encode("utf-8")
