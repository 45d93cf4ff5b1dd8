"""The PDF rendition, laid out by WeasyPrint from the print template.

PDF/A-3b with the AKN master embedded as an associated file (relationship
``Source``), tagged structure, document language and metadata from the master.
Only :class:`~podium.convert.fetcher.LockedFetcher` ever resolves a URL.
Byte-identical output for the same input and ``SOURCE_DATE_EPOCH``: the
identifier is derived from the expression IRI, the dates from the generation time.
"""

from __future__ import annotations

import hashlib
import io
from functools import cache
from types import ModuleType
from typing import Any

from ..errors import EnvironmentProblem, RenderError
from ..options import RenderOptions
from ..templating import default_theme, render

PAPER = {"a4": "A4", "letter": "letter"}


@cache
def weasyprint() -> ModuleType:
    """Import WeasyPrint once, turning a missing system library into exit code 3."""
    try:
        import weasyprint as wp
    except OSError as exc:  # Pango, HarfBuzz or fontconfig missing
        raise EnvironmentProblem(
            f"WeasyPrint cannot load a system library: {exc}",
            code="PODIUM-E901",
            fix="install Debian's libpango-1.0-0 libpangoft2-1.0-0 (see README)",
        ) from None
    module: ModuleType = wp
    return module


def write(context: dict[str, Any], master: bytes, options: RenderOptions) -> bytes:
    wp = weasyprint()
    from ..fetcher import LockedFetcher  # imports WeasyPrint: only after the check above

    html = render("print.html.j2", {**context, "paper_size": PAPER[options.paper]}, options.theme)
    roots = [default_theme()] + ([options.theme] if options.theme else [])
    fetcher = LockedFetcher(roots)
    stem = context["frbr"]["expression"] or context["title"]
    identifier = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:32].encode("ascii")
    attachment = wp.Attachment(
        file_obj=io.BytesIO(master),
        name="master.akn.xml",
        url_fetcher=fetcher,
        description="Akoma Ntoso 3.0 master of this document",
        created=options.generated,
        modified=options.generated,
        relationship="Source",
    )
    try:
        document = wp.HTML(
            string=html, base_url=default_theme().as_uri() + "/", url_fetcher=fetcher
        ).render()
        data: bytes = document.write_pdf(
            pdf_variant="pdf/a-3b",
            pdf_identifier=identifier,
            pdf_tags=True,
            attachments=[attachment],
        )
    except Exception as exc:  # WeasyPrint raises many types; all are a failed rendition
        raise RenderError(
            f"WeasyPrint could not lay out the PDF: {exc}", code="PODIUM-E301"
        ) from exc
    return data
