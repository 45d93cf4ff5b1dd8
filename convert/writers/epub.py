"""The EPUB 3 rendition, packaged directly from podium's own XHTML templates.

Packaging it ourselves (rather than through pandoc's EPUB writer) keeps one
template set for every format and gives full control of the package metadata
and of reproducibility: entries in a fixed order, ``mimetype`` first and stored,
every timestamp the generation time.

The spine is a typographic cover (title, speaker, date: no image), the speech's
metadata page (title, speaker, date, place, delivery status, FRBR IRIs), then the
speech; the navigation document lists all three as landmarks.  See docs/epub.md.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from typing import Any

from ..options import RenderOptions
from ..render.templating import asset, render

#: (name in the zip, template or None for a theme asset, asset name)
PARTS = (
    ("META-INF/container.xml", "epub/container.xml.j2", None),
    ("EPUB/package.opf", "epub/package.opf.j2", None),
    ("EPUB/nav.xhtml", "epub/nav.xhtml.j2", None),
    ("EPUB/cover.xhtml", "epub/cover.xhtml.j2", None),
    ("EPUB/about.xhtml", "epub/about.xhtml.j2", None),
    ("EPUB/speech.xhtml", "epub/content.xhtml.j2", None),
    ("EPUB/podium.css", None, "podium.css"),
    ("EPUB/epub.css", None, "epub/epub.css"),
)


def write(context: dict[str, Any], master: bytes, options: RenderOptions) -> bytes:
    when = options.generated
    ctx = {
        **context,
        "identifier": context["frbr"]["expression"] or context["title"],
        "modified": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo("mimetype", stamp)
        info.compress_type = zipfile.ZIP_STORED
        z.writestr(info, b"application/epub+zip")
        for name, template, css in PARTS:
            text = (
                render(template, ctx, options.theme)
                if template
                else asset(css or "", options.theme)
            )
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()
