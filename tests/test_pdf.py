"""The PDF writer: PDF/A variants, XMP that strict readers understand, the master as Source.

Checked through structure and text (pikepdf, pdftotext, fido, PDFBox Preflight),
never bytes, except where bytes are the point: reproducibility.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from lxml import etree

from podium.convert import build_one, make_master, read_master
from podium.convert.errors import UsageError
from podium.convert.options import PDF_VARIANTS, BuildOptions, ReadOptions, RenderOptions
from podium.convert.pdf.xmp import expand
from podium.convert.render.context import build_context
from podium.convert.writers import pdf as pdf_writer

from .conftest import EPOCH, FIXTURES, fixed_options
from .pdfa import preflight
from .pdfa.read import RDF, fido_puid, in_order, pdf_text, pdfaid, xmp

WHEN = datetime.fromtimestamp(int(EPOCH), tz=UTC)
STRUCTURE = FIXTURES / "text-structure" / "input.txt"
#: the size of the buffer fido matches its PDF/A signatures against
FIDO_WINDOW = 128 * 1024

Builder = Callable[..., Path]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Builder:
    """Build an input's PDF (and master) once per set of render options."""
    done: dict[tuple[Path, str, str], Path] = {}

    def run(source: Path, variant: str = RenderOptions.pdf_variant, paper: str = "a4") -> Path:
        key = (source, variant, paper)
        if key not in done:
            out = tmp_path_factory.mktemp("pdf")
            opts = with_variant(fixed_options(out, formats=("akn", "pdf")), variant, paper)
            done[key] = build_one(source, opts).outputs["pdf"]
        return done[key]

    return run


def with_variant(opts: BuildOptions, variant: str, paper: str = "a4") -> BuildOptions:
    return replace(opts, render=replace(opts.render, pdf_variant=variant, paper=paper))


def master_of(pdf_path: Path) -> Path:
    return pdf_path.with_name(pdf_path.name.removesuffix(".pdf") + ".akn.xml")


# --- PDF/A identification -------------------------------------------------------------
def test_default_variant_is_pdfa_3u(build: Builder, seed: Path) -> None:
    assert RenderOptions().pdf_variant == "pdf/a-3u"
    assert RenderOptions().pdf_variant in PDF_VARIANTS
    with pikepdf.open(build(seed)) as pdf:
        assert pdfaid(pdf) == ("3", "U")


@pytest.mark.parametrize(
    ("variant", "part"),
    [("pdf/a-1b", ("1", "B")), ("pdf/a-2u", ("2", "U")), ("pdf/a-3b", ("3", "B"))],
)
def test_variant_sets_the_pdfa_part(
    build: Builder, seed: Path, variant: str, part: tuple[str, str]
) -> None:
    with pikepdf.open(build(seed, variant)) as pdf:
        assert pdfaid(pdf) == part
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en"


def test_pdf_ua_is_not_pdfa_but_tagged(build: Builder, seed: Path) -> None:
    with pikepdf.open(build(seed, "pdf/ua-1")) as pdf:
        assert pdfaid(pdf) == (None, None)
        assert b"<pdfuaid:part>1</pdfuaid:part>" in xmp(pdf)
        assert "/StructTreeRoot" in pdf.Root
        assert [a.get_file().read_bytes() for a in pdf.attachments.values()] == [
            master_of(build(seed, "pdf/ua-1")).read_bytes()
        ]


@pytest.mark.parametrize("variant", ["pdf/a-3u", "pdf/a-1b"])
def test_xmp_is_in_long_form_uncompressed_and_early(
    build: Builder, seed: Path, variant: str
) -> None:
    path = build(seed, variant)
    data = path.read_bytes()
    with pikepdf.open(path) as pdf:
        meta = pdf.Root.Metadata
        assert "/Filter" not in meta.stream_dict  # readable by tools that grep the bytes
        packet = xmp(pdf)
    assert b"pdfaid:part=" not in packet
    assert b"<pdfaid:part>" in packet
    assert 0 <= data.find(b"<pdfaid:part>") < FIDO_WINDOW
    root = etree.fromstring(packet)
    for description in root.iter(f"{{{RDF}}}Description"):
        parent = description.getparent()
        assert parent is not None
        own = set(description.nsmap.values()) - set(parent.nsmap.values())
        used = {etree.QName(child).namespace for child in description}
        assert used <= own, etree.tostring(description)
        assert [k for k in description.attrib if not str(k).startswith(f"{{{RDF}}}")] == []


# --- XMP rewriting (podium.convert.pdf.xmp) ------------------------------------------------
WEASYPRINT_XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
    b'<rdf:RDF xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    b'xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
    b'<rdf:Description rdf:about="" pdfaid:part="3" pdfaid:conformance="U" />'
    b'<rdf:Description rdf:about="" pdf:Producer="WeasyPrint 70.0" />'
    b'<rdf:Description rdf:about=""><dc:title><rdf:Alt><rdf:li xml:lang="x-default">'
    b"Water &amp; schools &lt;2021&gt;</rdf:li></rdf:Alt></dc:title></rdf:Description>"
    b'<rdf:Description rdf:about=""><xmp:CreateDate>2021-04-19T00:00:00Z</xmp:CreateDate>'
    b"</rdf:Description></rdf:RDF>\n</x:xmpmeta>\n"
    b'<?xpacket end="r"?>'
)


def statements(packet: bytes) -> list[tuple[str, str]]:
    """(property, value) pairs in document order, whichever RDF/XML form holds them."""
    root = etree.fromstring(packet)
    found: list[tuple[str, str]] = []
    for description in root.iter(f"{{{RDF}}}Description"):
        for name, value in description.attrib.items():
            if not str(name).startswith(f"{{{RDF}}}"):
                found.append((str(name), str(value)))
        for child in description:
            inner = b"".join(etree.tostring(c, method="c14n", exclusive=True) for c in child)
            found.append((str(child.tag), child.text or inner.decode()))
    return found


def test_expand_keeps_every_statement_in_order() -> None:
    long_form = expand(WEASYPRINT_XMP)
    assert statements(long_form) == statements(WEASYPRINT_XMP)
    assert len(statements(long_form)) == 5
    assert b"<pdfaid:part>3</pdfaid:part><pdfaid:conformance>U</pdfaid:conformance>" in long_form
    assert b"Water &amp; schools &lt;2021&gt;" in long_form


def test_expand_keeps_the_packet_wrapper_and_is_idempotent() -> None:
    long_form = expand(WEASYPRINT_XMP)
    assert long_form.startswith(b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta')
    assert long_form.endswith(b'</x:xmpmeta>\n<?xpacket end="r"?>')
    assert expand(long_form) == long_form


# --- format identification and validation ------------------------------------------------
@pytest.mark.parametrize(("variant", "puid"), [("pdf/a-3u", "fmt/481"), ("pdf/a-1b", "fmt/354")])
def test_fido_identifies_the_pdfa_part(build: Builder, seed: Path, variant: str, puid: str) -> None:
    assert fido_puid(build(seed, variant)) == puid


def test_fido_needs_the_xmp_fix(tmp_path: Path) -> None:
    """WeasyPrint's own PDF/A-3u is plain "PDF 1.7" to fido; the writer's finish makes it 3u."""
    import weasyprint

    html = '<html lang="en"><head><title>t</title></head><body><p>Hello</p></body></html>'
    raw = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-3u")
    (tmp_path / "raw.pdf").write_bytes(raw)
    (tmp_path / "fixed.pdf").write_bytes(pdf_writer.finish(raw))
    assert fido_puid(tmp_path / "raw.pdf") == "fmt/276"  # the probe: the fix is needed
    assert fido_puid(tmp_path / "fixed.pdf") == "fmt/481"


@pytest.fixture(scope="module")
def preflight_ready() -> None:
    why = preflight.missing()
    if why:
        pytest.skip(f"PDFBox Preflight cannot run: {why}")


@pytest.mark.slow
@pytest.mark.usefixtures("preflight_ready")
def test_preflight_validates_the_pdfa_1b_variant(build: Builder, seed: Path) -> None:
    verdict = preflight.preflight(build(seed, "pdf/a-1b"))
    assert verdict.valid, str(verdict)


@pytest.mark.slow
@pytest.mark.usefixtures("preflight_ready")
def test_preflight_rejects_weasyprints_own_xmp(tmp_path: Path) -> None:
    """The probe: without the long-form XMP, Preflight fails WeasyPrint's PDF/A-1b."""
    import weasyprint

    html = '<html lang="en"><head><title>t</title></head><body><p>Hello</p></body></html>'
    raw = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-1b")
    (tmp_path / "raw.pdf").write_bytes(raw)
    (tmp_path / "fixed.pdf").write_bytes(pdf_writer.finish(raw))
    verdict = preflight.preflight(tmp_path / "raw.pdf")
    assert not verdict.valid
    assert any(code.startswith("7") for code, _ in verdict.errors)  # 7.x: metadata
    assert preflight.preflight(tmp_path / "fixed.pdf").valid


# --- the master, structure, metadata ----------------------------------------------------
def test_master_is_embedded_once_as_source(build: Builder, seed: Path) -> None:
    path = build(seed)
    akn = master_of(path).read_bytes()
    with pikepdf.open(path) as pdf:
        assert len(pdf.Root.AF) == 1
        spec = pdf.Root.AF[0]
        assert spec.AFRelationship == pikepdf.Name.Source
        assert hashlib.sha256(spec.EF.F.read_bytes()).digest() == hashlib.sha256(akn).digest()
        assert list(pdf.attachments) == ["master.akn.xml"]


@pytest.mark.parametrize("variant", ["pdf/a-1b", "pdf/a-2b"])
def test_variants_that_cannot_carry_the_master_leave_it_out(
    build: Builder, seed: Path, variant: str
) -> None:
    assert not pdf_writer.carries_master(variant)
    with pikepdf.open(build(seed, variant)) as pdf:
        assert "/AF" not in pdf.Root
        assert len(pdf.attachments) == 0


def test_pdf_is_tagged_with_the_language(build: Builder, seed: Path) -> None:
    with pikepdf.open(build(seed)) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "en"


def test_document_metadata_comes_from_the_master(build: Builder, seed: Path) -> None:
    path = build(seed)
    doc = read_master(master_of(path))
    with pikepdf.open(path) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == doc.title
        assert str(info.Author) == "António Guterres"
        assert str(info.Subject).startswith(doc.title)
        assert "Security Council" in str(info.Keywords)
        assert str(info.CreationDate) == str(info.ModDate) == "D:20210419000000Z"
        meta = pdf.open_metadata()
        # PDF/A: the XMP says what /Info says
        assert meta["dc:title"] == str(info.Title)
        assert meta["dc:description"] == str(info.Subject)
        assert meta["xmp:CreateDate"] == "2021-04-19T00:00:00Z"


@pytest.mark.parametrize(
    ("paper", "variant", "size"),
    [("a4", "pdf/a-3u", (595.28, 841.89)), ("letter", "pdf/a-1b", (612, 792))],
)
def test_paper_sets_every_page_size(
    build: Builder, seed: Path, paper: str, variant: str, size: tuple[float, float]
) -> None:
    with pikepdf.open(build(seed, variant, paper)) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
            assert (x0, y0) == (0, 0)
            assert (x1, y1) == pytest.approx(size, abs=1)


def test_bookmarks_follow_the_headings(build: Builder) -> None:
    path = build(STRUCTURE)
    headings = [b.text for b in read_master(master_of(path)).blocks() if b.kind == "heading"]
    assert headings == ["I. WHY WATER", "II. WHAT WE WILL DO"]
    with pikepdf.open(path) as pdf:
        assert "/Outlines" in pdf.Root
        with pdf.open_outline() as outline:
            titles = [item.title for top in outline.root for item in [top, *top.children]]
    assert [t for t in titles if t in headings] == headings


@pytest.mark.parametrize(("source", "variant"), [("structure", "pdf/a-3u"), ("seed", "pdf/a-1b")])
def test_text_holds_every_paragraph_in_order(
    build: Builder, request: pytest.FixtureRequest, source: str, variant: str
) -> None:
    path = build(STRUCTURE if source == "structure" else request.getfixturevalue("seed"), variant)
    blocks = [b.text for b in read_master(master_of(path)).blocks() if b.kind in ("p", "heading")]
    assert len(blocks) >= 8
    assert in_order(pdf_text(path), blocks) == []


# --- reproducibility ----------------------------------------------------------------------
def test_builds_with_source_date_epoch_are_byte_identical(
    podium: Callable[..., Any], seed: Path, tmp_path: Path
) -> None:
    for out in ("one", "two"):
        run = podium("build", seed, "-o", out, "--to", "html,pdf", env={"SOURCE_DATE_EPOCH": EPOCH})
        assert run.rc == 0, run.err
    for ext in (".pdf", ".html"):
        one, two = (tmp_path / out / seed.stem / f"{seed.stem}{ext}" for out in ("one", "two"))
        assert one.read_bytes() == two.read_bytes(), ext


def test_pdfa_1b_builds_are_byte_identical(tmp_path: Path, seed: Path) -> None:
    first, second = (
        build_one(
            seed, with_variant(fixed_options(tmp_path / n, formats=("akn", "pdf")), "pdf/a-1b")
        )
        for n in ("a", "b")
    )
    assert first.outputs["pdf"].read_bytes() == second.outputs["pdf"].read_bytes()


# --- options ------------------------------------------------------------------------------
def test_cli_pdf_variant_reaches_the_writer(
    podium: Callable[..., Any], seed: Path, tmp_path: Path
) -> None:
    run = podium("build", seed, "-o", "out", "--to", "pdf", "--pdf-variant", "PDF/A-1b")
    assert run.rc == 0, run.err
    (pdf_path,) = (tmp_path / "out").glob("*/*.pdf")
    with pikepdf.open(pdf_path) as pdf:
        assert pdfaid(pdf) == ("1", "B")


def test_cli_refuses_an_unknown_pdf_variant(podium: Callable[..., Any], seed: Path) -> None:
    run = podium("build", seed, "--to", "pdf", "--pdf-variant", "pdf/x-4")
    assert run.rc == 2
    assert "PODIUM-E500" in run.err


def test_writer_refuses_an_unknown_variant(seed: Path) -> None:
    made = make_master(seed, ReadOptions(generated=WHEN))
    doc, master = made.doc, made.data
    with pytest.raises(UsageError) as caught:
        pdf_writer.write(
            build_context(doc, WHEN), master, RenderOptions(generated=WHEN, pdf_variant="pdf/a-9z")
        )
    assert caught.value.code == "PODIUM-E500"
    assert caught.value.exit_code == 2


# --- safety: a theme asking for local files or the network ------------------------------
@pytest.fixture
def greedy_theme(tmp_path: Path) -> Path:
    theme = tmp_path / "theme"
    theme.mkdir()
    # the @import is ignored anyway when print.css is not the first sheet: the font is not
    (theme / "print.css").write_text(
        "@import url(file:///etc/passwd);\n"
        "@font-face { font-family: Secret; src: url(file:///etc/passwd); }\n"
        "body { font-family: Secret, serif; background: url(http://127.0.0.1:9/x.png); }\n",
        encoding="utf-8",
    )
    return theme


def test_theme_urls_are_refused_logged_and_the_pdf_is_made(
    greedy_theme: Path, seed: Path, caplog: pytest.LogCaptureFixture
) -> None:
    made = make_master(seed, ReadOptions(generated=WHEN))
    doc, master = made.doc, made.data
    opts = RenderOptions(generated=WHEN, theme=greedy_theme)
    with caplog.at_level(logging.WARNING, logger="podium.fetcher"):
        data = pdf_writer.write(build_context(doc, WHEN), master, opts)
    refused = [r.getMessage() for r in caplog.records if r.name == "podium.fetcher"]
    assert any("file:///etc/passwd" in m for m in refused), refused
    assert any("http://127.0.0.1:9/x.png" in m for m in refused), refused
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert list(pdf.attachments) == ["master.akn.xml"]
        assert len(pdf.pages) >= 1
        images = [
            o
            for o in pdf.objects
            if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
        ]
        assert images == []


def test_theme_template_cannot_attach_local_files(
    tmp_path: Path, seed: Path, caplog: pytest.LogCaptureFixture
) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "print.html.j2").write_text(
        '<!DOCTYPE html>\n<html lang="{{ lang }}"><head><title>{{ title }}</title>'
        '<link rel="attachment" href="file:///etc/passwd">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>'
        '<body><h1>{{ title }}</h1><img src="file:///etc/hostname" alt=""></body></html>\n',
        encoding="utf-8",
    )
    made = make_master(seed, ReadOptions(generated=WHEN))
    doc, master = made.doc, made.data
    opts = RenderOptions(generated=WHEN, theme=theme)
    with caplog.at_level(logging.WARNING, logger="podium.fetcher"):
        data = pdf_writer.write(build_context(doc, WHEN), master, opts)
    logged = " ".join(r.getMessage() for r in caplog.records if r.name == "podium.fetcher")
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.css", "file:///etc/hostname"):
        assert url in logged
    with pikepdf.open(io.BytesIO(data)) as pdf:
        files = {name: a.get_file().read_bytes() for name, a in pdf.attachments.items()}
    assert files == {"master.akn.xml": master}
