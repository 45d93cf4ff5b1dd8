"""The PDF rendition, laid out by WeasyPrint from the print template.

By default PDF/A-3u (``--pdf-variant``, :data:`PDF_VARIANTS`): archival PDF whose every
glyph maps to Unicode, with the AKN master embedded as an associated file
(``/AF``, relationship ``Source``), tagged structure (``/StructTreeRoot``), the
document language (``/Lang``) and metadata (title, author, subject, keywords,
dates) from the print template's ``<meta>`` tags.

Not every variant can carry the master: PDF/A-1 forbids embedded files and PDF/A-2
allows only PDF/A ones, so ``pdf/a-1b``, ``pdf/a-2b`` and ``pdf/a-2u`` are written
without it (:func:`carries_master` says which); the writer returns normally and the
caller may warn.  ``pdf/ua-1`` is not PDF/A: it embeds the master as a plain file.

Steps, in order:

1. :func:`~podium.convert.pdf.fonts.check_fonts`: a font covers the document's
   language, or ``PODIUM-E903`` (exit code 3) rather than boxes in the output;
2. WeasyPrint lays out the page; only :class:`~podium.convert.pdf.fetcher.LockedFetcher`
   resolves URLs, and every URL it refuses is logged as a warning on the
   ``podium.fetcher`` logger;
3. :func:`finish` rewrites the XMP packet in long form (:mod:`podium.convert.pdf.xmp`)
   so that PDFBox Preflight and format identifiers (fido, DROID) read the PDF/A part,
   and stores it uncompressed, as PDF/A-1 requires and byte-level readers need.

Byte-identical output for the same input and generation time (``SOURCE_DATE_EPOCH``):
the first ``/ID`` half is derived from the expression IRI, the second from the
content (pikepdf's ``deterministic_id``), the dates from the generation time.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from ..errors import Code, RenderError, UsageError
from ..options import PDF_VARIANTS, RenderOptions
from ..pdf import layout
from ..pdf.fonts import check_fonts
from ..pdf.xmp import expand
from ..render.templating import render

PAPER = {"a4": "A4", "letter": "letter"}


#: Re-exported: the WeasyPrint half lives in :mod:`podium.convert.pdf.layout`.
weasyprint = layout.weasyprint
warm_up = layout.warm_up


def carries_master(variant: str) -> bool:
    """Whether a PDF of ``variant`` embeds the AKN master (PDF/A-1 and PDF/A-2 cannot)."""
    return PDF_VARIANTS.get(variant.lower(), False)


@dataclass(frozen=True)
class Page:
    """One speech's print page, ready for WeasyPrint (what :func:`lay_out` takes)."""

    html: str
    variant: str
    identifier: bytes


def write(context: dict[str, Any], master: bytes, options: RenderOptions) -> bytes:
    """The PDF of one speech: :func:`prepare` its page, then :func:`lay_out` it."""
    return lay_out(prepare(context, options), master, options)


def prepare(context: dict[str, Any], options: RenderOptions) -> Page:
    """Check the variant and the fonts, render the print template: all but the layout.

    Split from :func:`lay_out` so that a one-process build can prepare the page itself and
    hand only the layout to its PDF helper (:mod:`podium.convert.pdf.helper`).
    """
    variant = options.pdf_variant.lower()
    if variant not in PDF_VARIANTS:
        raise UsageError(
            f"unknown PDF variant {options.pdf_variant!r}",
            fix=f"choose one of {', '.join(PDF_VARIANTS)}",
        )
    check_fonts(context["lang"])
    html = render("print.html.j2", {**context, "paper_size": PAPER[options.paper]}, options.theme)
    stem = context["frbr"]["expression"] or context["title"]
    identifier = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return Page(html=html, variant=variant, identifier=identifier)


def lay_out(page: Page, master: bytes, options: RenderOptions) -> bytes:
    """Lay the page out with WeasyPrint (the master attached if the variant allows), finish."""
    return finish(raw(page, master, options))


def raw(page: Page, master: bytes, options: RenderOptions) -> bytes:
    """WeasyPrint's uncompressed PDF of the page, before :func:`finish`."""
    return layout.lay_out(*job(page, master, options))


def job(page: Page, master: bytes, options: RenderOptions) -> tuple[Any, ...]:
    """:func:`podium.convert.pdf.layout.lay_out`'s arguments for this page, as plain data."""
    attached = master if PDF_VARIANTS[page.variant] else None
    return (page.html, page.variant, page.identifier, attached, options.theme, options.generated)


def load_finish() -> None:
    """Import what :func:`finish` needs now (pikepdf), e.g. while a helper lays out."""
    import pikepdf  # noqa: F401


def finish(data: bytes) -> bytes:
    """The PDF with its XMP packet in long form, near the start, and a content ``/ID``.

    pikepdf (qpdf) rewrites the file: it keeps the first ``/ID`` half, derives the
    second from the content instead of the clock (``deterministic_id``), leaves
    ``/Info`` and its dates alone, compresses every stream WeasyPrint left
    uncompressed (much faster than WeasyPrint's own compression of a long speech)
    and never compresses the metadata stream.

    Format identifiers read only the start of a file (fido: 128 KiB), so the XMP
    packet must come early.  WeasyPrint packs every dictionary of the document into
    one object stream written before it (about 100 KB for an 88-page speech); qpdf's
    ``generate`` mode packs them by hundreds, which puts the packet within the first
    few KB.  PDF/A-1 (PDF 1.4) has no object streams: there the catalog's big name
    tree of link targets moves out of the catalog, which precedes the packet.
    WeasyPrint 70 also lists the master twice in ``/AF``; once is enough.
    """
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            root = pdf.Root
            if "/Metadata" in root:
                root.Metadata.write(expand(root.Metadata.read_bytes()))
            if "/AF" in root:
                unique = {spec.objgen: spec for spec in root.AF}  # (0, 0) for direct ones
                if (0, 0) not in unique:
                    root.AF = pikepdf.Array(unique.values())
            if "/Names" in root and not root.Names.is_indirect:
                root.Names = pdf.make_indirect(root.Names)
            streams = (
                pikepdf.ObjectStreamMode.generate
                if tuple(map(int, pdf.pdf_version.split("."))) >= (1, 5)
                else pikepdf.ObjectStreamMode.disable
            )
            out = io.BytesIO()
            pdf.save(
                out,
                deterministic_id=True,
                fix_metadata_version=False,
                object_stream_mode=streams,
            )
    except (pikepdf.PdfError, ValueError) as exc:
        raise RenderError(
            f"could not rewrite the PDF's XMP metadata: {exc}", code=Code.E303
        ) from exc
    return out.getvalue()
