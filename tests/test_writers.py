"""Writers: the HTML, PDF and EPUB renditions say what the master says, and nothing else."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from lxml import html as lhtml

from podium.convert import build_one, read_master
from podium.convert.model.document import SpeechDocument

from .conftest import fixed_options
from .pdfa.read import pdf_text

XHTML = "http://www.w3.org/1999/xhtml"
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
EPUB_NS = "http://www.idpf.org/2007/ops"

#: A speech whose words look like markup: the renditions must show them, never run them.
MARKUP_IN_TEXT = (
    "Secretary-General's remarks to the General Assembly on water & sanitation [as delivered]\n\n"
    "19 Apr 2021\n\n"
    "We meet today <script>alert(1)</script> to talk about water & sanitation.\n\n"
    "Thank you.\n"
)


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory: pytest.TempPathFactory, sample: Path) -> Path:
    return build_one(sample, fixed_options(tmp_path_factory.mktemp("sample-out"))).folder


@pytest.fixture(params=["seed", "sample"])
def built(request: pytest.FixtureRequest) -> Path:
    """A built folder: the seed, then the team's sample."""
    return request.getfixturevalue(f"built_{request.param}")


@pytest.fixture(scope="module")
def built_markup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("markup") / "markup.txt"
    src.write_text(MARKUP_IN_TEXT, encoding="utf-8")
    return build_one(src, fixed_options(src.parent / "out")).folder


def output(folder: Path, ext: str) -> Path:
    return folder / f"{folder.name}{ext}"


def master(folder: Path) -> SpeechDocument:
    return read_master(output(folder, ".akn.xml"))


def ids_in_order(root: etree._Element, wanted: set[str]) -> list[str]:
    return [el.get("id") for el in root.iter() if el.get("id") in wanted]


def squash(text: str) -> str:
    """Text with layout undone: ligatures split, hyphens and whitespace gone."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u00ad\u2010\u2011-]+", "", text)


# --- HTML -----------------------------------------------------------------------------
def test_html_declares_language_direction_and_title(built: Path) -> None:
    root = lhtml.fromstring(output(built, ".html").read_bytes())
    assert root.get("lang", "").startswith("en")
    assert root.get("dir") == "ltr"
    assert root.findtext(".//title") == master(built).title


def test_html_shows_every_block_under_its_eid_in_order(built: Path) -> None:
    root = lhtml.fromstring(output(built, ".html").read_bytes())
    blocks = master(built).blocks()
    assert blocks
    for block in blocks:
        assert root.get_element_by_id(block.eid).text_content() == block.text
    assert ids_in_order(root, {b.eid for b in blocks}) == [b.eid for b in blocks]


def test_html_is_self_contained(built: Path) -> None:
    root = lhtml.fromstring(output(built, ".html").read_bytes())
    external = re.compile(r"^\s*(?:https?:|file:|ftp:|//)", re.I)
    for el in root.iter("link", "script", "img", "iframe", "object", "embed", "source"):
        for attr in ("src", "href", "data"):
            assert not external.match(el.get(attr) or ""), etree.tostring(el)
    assert not root.xpath("//link[@rel='stylesheet']")
    css = "".join(root.xpath("//style/text()"))
    assert "{" in css
    assert "@import" not in css
    assert not re.search(r"url\(\s*['\"]?(?:https?|file):", css)


def test_html_shows_markup_in_the_speech_as_text(built_markup: Path) -> None:
    raw = output(built_markup, ".html").read_bytes()
    root = lhtml.fromstring(raw)
    assert root.xpath("//script[not(@type='application/ld+json')]") == []
    first = master(built_markup).blocks()[0]
    shown = root.get_element_by_id(first.eid).text_content()
    assert shown == "We meet today <script>alert(1)</script> to talk about water & sanitation."
    assert b"&lt;script&gt;" in raw
    assert "water & sanitation" in root.findtext(".//title")


# --- PDF ------------------------------------------------------------------------------
def test_pdf_is_pdfa3_tagged_with_a_language(built: Path) -> None:
    path = output(built, ".pdf")
    assert path.read_bytes().startswith(b"%PDF-")
    with pikepdf.open(path) as pdf:
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfaid:part") == "3"
        assert str(pdf.Root.Lang).startswith("en")
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)


def test_pdf_embeds_the_master_as_its_source(built: Path) -> None:
    akn = output(built, ".akn.xml").read_bytes()
    with pikepdf.open(output(built, ".pdf")) as pdf:
        files = [a.get_file().read_bytes() for a in pdf.attachments.values()]
        assert files == [akn]
        assert len(pdf.Root.AF) >= 1
        for spec in pdf.Root.AF:
            assert spec.AFRelationship == pikepdf.Name.Source
            assert spec.EF.F.read_bytes() == akn


def test_pdf_docinfo_names_the_speech(built_seed: Path) -> None:
    with pikepdf.open(output(built_seed, ".pdf")) as pdf:
        title = str(pdf.docinfo.Title)
        assert "Security Council" in title
        assert title == master(built_seed).title


def test_pdf_text_holds_every_paragraph_in_order(built: Path) -> None:
    text = squash(pdf_text(output(built, ".pdf")))
    pos = 0
    for block in master(built).blocks():
        found = text.find(squash(block.text[:40]), pos)
        assert found >= 0, f"{block.eid} missing from the PDF text after position {pos}"
        pos = found


def test_pdf_shows_markup_in_the_speech_as_text(built_markup: Path) -> None:
    assert squash("<script>alert(1)</script>") in squash(pdf_text(output(built_markup, ".pdf")))


@pytest.mark.parametrize(("paper", "size"), [("a4", (595.28, 841.89)), ("letter", (612, 792))])
def test_pdf_paper_option_sets_the_page_size(
    tmp_path: Path, sample: Path, paper: str, size: tuple[float, float]
) -> None:
    opts = fixed_options(tmp_path, formats=("akn", "pdf"))
    opts = replace(opts, render=replace(opts.render, paper=paper))
    with pikepdf.open(build_one(sample, opts).outputs["pdf"]) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
            assert (x0, y0) == (0, 0)
            assert (x1, y1) == pytest.approx(size, abs=0.5)


# --- EPUB -----------------------------------------------------------------------------
def test_epub_starts_with_a_stored_mimetype(built: Path) -> None:
    data = output(built, ".epub").read_bytes()
    first = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    # OCF: the bytes at offset 30 are the name then the content, no extra field between
    assert data[30:58] == b"mimetypeapplication/epub+zip"


def test_epub_container_points_at_the_package(built: Path) -> None:
    with zipfile.ZipFile(output(built, ".epub")) as z:
        container = etree.fromstring(z.read("META-INF/container.xml"))
        paths = container.xpath("//*[local-name()='rootfile']/@full-path")
        assert len(paths) == 1
        assert paths[0] in z.namelist()
        opf = etree.fromstring(z.read(paths[0]))
        for href in opf.xpath("//opf:manifest/opf:item/@href", namespaces=OPF):
            assert f"{paths[0].rsplit('/', 1)[0]}/{href}" in z.namelist()


def test_epub_package_metadata_comes_from_the_master(built: Path) -> None:
    doc = master(built)
    with zipfile.ZipFile(output(built, ".epub")) as z:
        opf = etree.fromstring(z.read("EPUB/package.opf"))

    def one(path: str) -> str:
        found = opf.xpath(path, namespaces=OPF)
        assert len(found) == 1, path
        return str(found[0])

    assert one("//dc:title/text()") == doc.title
    assert one("//dc:language/text()") == "en"
    assert one("//dc:identifier/text()") == doc.expression_iri
    assert one("//dc:identifier/@id") == opf.get("unique-identifier")
    modified = one("//opf:meta[@property='dcterms:modified']/text()")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified)
    assert modified == "2021-04-19T00:00:00Z"  # the fixed generation time, not now
    assert opf.xpath("//opf:meta[@property='schema:accessMode']", namespaces=OPF)


def test_epub_nav_has_a_table_of_contents(built: Path) -> None:
    with zipfile.ZipFile(output(built, ".epub")) as z:
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
    assert nav.xpath("//x:nav[@epub:type='toc']", namespaces={"x": XHTML, "epub": EPUB_NS})


def test_epub_speech_holds_every_block_in_order(built: Path) -> None:
    with zipfile.ZipFile(output(built, ".epub")) as z:
        root = etree.fromstring(z.read("EPUB/speech.xhtml"))  # must be well-formed XML
    assert root.tag == f"{{{XHTML}}}html"
    blocks = master(built).blocks()
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    for block in blocks:
        assert "".join(by_id[block.eid].itertext()) == block.text
    assert ids_in_order(root, {b.eid for b in blocks}) == [b.eid for b in blocks]


def test_epub_shows_markup_in_the_speech_as_text(built_markup: Path) -> None:
    with zipfile.ZipFile(output(built_markup, ".epub")) as z:
        root = etree.fromstring(z.read("EPUB/speech.xhtml"))
    assert not root.xpath("//x:script", namespaces={"x": XHTML})
    assert "<script>alert(1)</script>" in "".join(root.itertext())
