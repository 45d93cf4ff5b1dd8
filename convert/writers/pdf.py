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

A one-process build may hand the layout to a warm PDF helper (:mod:`podium.convert.pdf.helper`):
:func:`submit` prepares the page here and hands it over, :func:`collect` finishes the PDF the
helper laid out; the bytes are the ones :func:`write` would give.

Byte-identical output for the same input and generation time (``SOURCE_DATE_EPOCH``):
the first ``/ID`` half is derived from the expression IRI, the second from the
content (pikepdf's ``deterministic_id``), the dates from the generation time.
"""

from __future__ import annotations

import hashlib
import io
from typing import TYPE_CHECKING, Any

from ..errors import Code, PodiumError, RenderError
from ..options import PAPERS, PDF_VARIANTS, RenderOptions
from ..pdf import layout
from ..pdf.fonts import check_fonts
from ..pdf.xmp import expand
from ..render.templating import render

if TYPE_CHECKING:
    from ..pdf.helper import LayoutHelper


def carries_master(variant: str) -> bool:
    """Whether a PDF of ``variant`` embeds the AKN master (PDF/A-1 and PDF/A-2 cannot)."""
    return PDF_VARIANTS.get(variant.lower(), False)


def write(context: dict[str, Any], master: bytes, options: RenderOptions) -> bytes:
    """The PDF of one speech: its page prepared, laid out by WeasyPrint, finished."""
    return finish(layout.lay_out(*_job(context, master, options)))


def submit(
    helper: LayoutHelper, context: dict[str, Any], master: bytes, options: RenderOptions
) -> bool:
    """Hand the PDF's layout to a PDF helper (:mod:`podium.convert.pdf.helper`); whether it
    took it. Collect the PDF with :func:`collect`.

    This process prepares the page (font check, template); the helper lays it out. A page
    that cannot be prepared (fonts missing...) is not handed over: :func:`write` raises that
    error again in its turn.
    """
    try:
        job = _job(context, master, options)
    except PodiumError:
        return False
    if not helper.submit(job):
        return False
    import pikepdf  # noqa: F401  # what finish needs: loaded here while the helper lays out

    return True


def collect(helper: LayoutHelper) -> bytes | None:
    """The PDF the helper laid out, finished here; ``None`` if it failed (:func:`write` it)."""
    made = helper.result()
    return finish(made) if made is not None else None


def _job(context: dict[str, Any], master: bytes, options: RenderOptions) -> tuple[Any, ...]:
    """:func:`podium.convert.pdf.layout.lay_out`'s arguments for this speech, as plain data:
    the variant and the fonts checked, the print template rendered."""
    variant = options.pdf_variant.lower()
    check_fonts(context["lang"])
    size = PAPERS[options.paper]
    html = render("print.html.j2", {**context, "paper_size": size}, options.theme)
    stem = context["frbr"]["expression"] or context["title"]
    identifier = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:32].encode("ascii")
    attached = master if PDF_VARIANTS[variant] else None
    return (html, variant, identifier, attached, options.theme, options.generated)


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


__all__ = ["carries_master", "collect", "finish", "submit", "write"]
