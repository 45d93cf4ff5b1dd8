"""WeasyPrint's part of the PDF: lay out a prepared print page, write it uncompressed.

The middle of :mod:`podium.convert.writers.pdf` (which prepares the page before and
finishes the file after), in a module of its own so that the PDF helper of a one-speech
build (:mod:`podium.convert.pdf.helper`) can run it having imported WeasyPrint and little
else: no Jinja, lxml, Babel or pikepdf, whose imports would otherwise sit on the critical
path of every cold build. Everything it takes is plain data, so that it crosses the
helper's pipe without importing podium's option classes at the other end.
"""

from __future__ import annotations

import io
import logging
from datetime import datetime
from functools import cache
from pathlib import Path
from types import ModuleType

from ..errors import Code, EnvironmentProblem, RenderError
from ..render.templating import asset, default_theme

fetch_log = logging.getLogger("podium.fetcher")


@cache
def weasyprint() -> ModuleType:
    """Import WeasyPrint once, turning a missing system library into exit code 3."""
    try:
        import weasyprint as wp
    except OSError as exc:  # Pango, HarfBuzz or fontconfig missing
        raise EnvironmentProblem(
            f"WeasyPrint cannot load a system library: {exc}",
            code=Code.E901,
            fix="install Debian's libpango-1.0-0 libpangoft2-1.0-0 (see README)",
        ) from None
    module: ModuleType = wp
    return module


def warm_up() -> None:
    """Lay out and write a few lines with podium's stylesheets, once per process.

    Loads what a first PDF would otherwise pay for: WeasyPrint and Pango, the default fonts,
    the English hyphenation dictionary and fontTools' subsetter (pool workers and the PDF
    helper call this while they would otherwise wait).
    """
    css = asset("podium.css") + asset("print.css")
    text = " ".join(["Representatives of the international community deliberate."] * 12)
    html = (
        f'<html lang="en"><style>{css}</style><h1>Remarks</h1><p><b>Mr. President</b>,</p>'
        f'<p style="text-align: justify">{text}</p><p><i>{text}</i></p></html>'
    )
    weasyprint().HTML(string=html).write_pdf()


def lay_out(
    html: str,
    variant: str,
    identifier: bytes,
    master: bytes | None,
    theme: Path | None,
    generated: datetime,
) -> bytes:
    """The print page ``html`` laid out as an uncompressed, tagged PDF of ``variant``, with
    ``master`` attached unless it is ``None``; only the theme's files are fetched."""
    wp = weasyprint()
    from .fetcher import LockedFetcher  # imports WeasyPrint: only once it has loaded

    roots = [default_theme()] + ([theme] if theme else [])
    fetcher = LockedFetcher(roots)
    attachments = []
    if master is not None:
        attachments.append(
            wp.Attachment(
                file_obj=io.BytesIO(master),
                name="master.akn.xml",
                url_fetcher=fetcher,
                description="Akoma Ntoso 3.0 master of this document",
                created=generated,
                modified=generated,
                relationship="Source",
            )
        )
    try:
        document = wp.HTML(
            string=html, base_url=default_theme().as_uri() + "/", url_fetcher=fetcher
        ).render()
        data: bytes = document.write_pdf(
            pdf_variant=variant,
            pdf_identifier=identifier,
            pdf_tags=True,
            attachments=attachments,
            uncompressed_pdf=True,  # the finish compresses: qpdf is much faster at it than pydyf
        )
    except Exception as exc:  # WeasyPrint raises many types; all are a failed rendition
        raise RenderError(f"WeasyPrint could not lay out the PDF: {exc}", code=Code.E301) from exc
    finally:
        for url in dict.fromkeys(fetcher.refused):
            fetch_log.warning(
                "not fetched: %s (a PDF reads only its theme's files and data: URLs)", url[:200]
            )
    return data


__all__ = ["lay_out", "warm_up", "weasyprint"]
