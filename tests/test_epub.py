"""The EPUB: package metadata, navigation, cover and metadata pages, languages, reproducibility.

Every test reads the built EPUB as a reading system would (container -> OPF -> spine)
and compares it with the master the same build wrote.  EPUBCheck itself runs in the
``epubcheck`` nox session (tests/epub/check_all.py), not here.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from podium.convert import build_one, read_master
from podium.convert.render.context import build_context

from .conftest import EPOCH, FIXTURES, fixed_options

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": XHTML,
    "epub": OPS,
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGES = sorted(p.name for p in (FIXTURES / "languages").iterdir() if p.is_dir())
#: A title whose characters are markup: every XML file of the EPUB must escape them.
MARKUP_TITLE = "Remarks on water <and> sanitation & schools [as delivered]"


@dataclass
class Book:
    """A built EPUB opened: its files, its package document and its master's context."""

    path: Path
    files: dict[str, bytes]
    opf: etree._Element
    ctx: dict[str, Any]
    blocks: list[str]

    def xml(self, href: str) -> etree._Element:
        return etree.fromstring(self.files[f"EPUB/{href}"])

    def meta(self, prop: str) -> list[str]:
        return [
            str(t) for t in self.opf.xpath(f"//opf:meta[@property='{prop}']/text()", namespaces=NS)
        ]

    def dc(self, name: str) -> list[str]:
        return [str(t) for t in self.opf.xpath(f"//dc:{name}/text()", namespaces=NS)]

    def spine(self) -> list[str]:
        """The hrefs of the spine, in reading order."""
        items = {
            i.get("id"): i.get("href")
            for i in self.opf.xpath("//opf:manifest/opf:item", namespaces=NS)
        }
        return [items[r] for r in self.opf.xpath("//opf:spine/opf:itemref/@idref", namespaces=NS)]


def open_book(folder: Path) -> Book:
    epub = folder / f"{folder.name}.epub"
    with zipfile.ZipFile(epub) as z:
        files = {n: z.read(n) for n in z.namelist()}
    container = etree.fromstring(files["META-INF/container.xml"])
    (opf_path,) = container.xpath("//*[local-name()='rootfile']/@full-path")
    assert opf_path == "EPUB/package.opf"
    doc = read_master(folder / f"{folder.name}.akn.xml")
    ctx = build_context(doc, datetime.fromtimestamp(int(EPOCH), tz=UTC))
    return Book(epub, files, etree.fromstring(files[opf_path]), ctx, [b.text for b in doc.blocks()])


def build(src: Path, out: Path) -> Book:
    return open_book(build_one(src, fixed_options(out, formats=("akn", "epub"))).folder)


@pytest.fixture(scope="module", params=["sample", *LANGUAGES])
def book(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Book:
    """The team's sample and the six language fixtures, each built once."""
    if request.param == "sample":
        src: Path = request.getfixturevalue("sample")
    else:
        src = FIXTURES / "languages" / request.param / "input.txt"
    return build(src, tmp_path_factory.mktemp(f"epub-{request.param}"))


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Book:
    return build(FIXTURES / "languages" / "ar" / "input.txt", tmp_path_factory.mktemp("epub-ar"))


def collapse(text: str) -> str:
    return " ".join(text.split())


def text_of(el: etree._Element) -> str:
    return collapse("".join(el.itertext()))


# --- package document -------------------------------------------------------------------
def test_package_has_the_dublin_core_metadata(book: Book) -> None:
    ctx = book.ctx
    assert book.dc("title") == [ctx["title"]]
    assert book.dc("language") == [ctx["lang"]]
    assert book.dc("creator") == ([ctx["speaker"]["name"]] if ctx["speaker"]["name"] else [])
    assert book.dc("date") == ([ctx["date"]["iso"]] if ctx["date"] else [])
    # the identifier is the FRBR expression IRI, and it is the package's unique identifier
    ident = book.opf.xpath("//dc:identifier", namespaces=NS)
    assert [i.text for i in ident] == [ctx["frbr"]["expression"]]
    assert ctx["frbr"]["expression"].startswith("/akn/")
    assert ident[0].get("id") == book.opf.get("unique-identifier")
    assert book.meta("dcterms:modified") == ["2021-04-19T00:00:00Z"]
    assert book.opf.get(XML_LANG) == ctx["lang"]
    assert book.opf.get("dir") == ctx["dir"]


def test_package_has_the_accessibility_metadata(book: Book) -> None:
    assert book.meta("schema:accessMode") == ["textual"]
    assert book.meta("schema:accessModeSufficient") == ["textual"]
    features = set(book.meta("schema:accessibilityFeature"))
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= features
    assert book.meta("schema:accessibilityHazard") == ["none"]
    (summary,) = book.meta("schema:accessibilitySummary")
    assert summary.strip()
    assert book.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]


def test_manifest_and_spine_hold_cover_metadata_page_and_speech(book: Book) -> None:
    assert book.spine() == ["cover.xhtml", "about.xhtml", "speech.xhtml"]
    hrefs = book.opf.xpath("//opf:manifest/opf:item/@href", namespaces=NS)
    for href in hrefs:
        assert f"EPUB/{href}" in book.files
    assert {"nav.xhtml", "podium.css", "epub.css"} <= set(hrefs)
    nav = book.opf.xpath("//opf:item[@properties='nav']/@href", namespaces=NS)
    assert nav == ["nav.xhtml"]


def test_spine_direction_follows_the_language(book: Book) -> None:
    (spine,) = book.opf.xpath("//opf:spine", namespaces=NS)
    expected = "rtl" if book.ctx["dir"] == "rtl" else None
    assert spine.get("page-progression-direction") == expected


def test_arabic_spine_runs_right_to_left(arabic: Book) -> None:
    assert arabic.ctx["lang"] == "ar"
    (spine,) = arabic.opf.xpath("//opf:spine", namespaces=NS)
    assert spine.get("page-progression-direction") == "rtl"
    for href in [*arabic.spine(), "nav.xhtml"]:
        root = arabic.xml(href)
        assert root.get("dir") == "rtl", href


# --- navigation document ----------------------------------------------------------------
def test_nav_has_a_toc_and_landmarks(book: Book) -> None:
    nav = book.xml("nav.xhtml")
    (toc,) = nav.xpath("//x:nav[@epub:type='toc']", namespaces=NS)
    links = toc.xpath(".//x:a/@href", namespaces=NS)
    assert links[:3] == ["cover.xhtml", "about.xhtml", "speech.xhtml#longTitle"]
    speech = book.xml("speech.xhtml")
    ids = {el.get("id") for el in speech.iter() if el.get("id")}
    for href in links[3:]:  # the headings of the speech, each pointing at its section
        page, _, frag = href.partition("#")
        assert page == "speech.xhtml" and frag in ids
    (marks,) = nav.xpath("//x:nav[@epub:type='landmarks']", namespaces=NS)
    types = {a.get(f"{{{OPS}}}type"): a.get("href") for a in marks.iter(f"{{{XHTML}}}a")}
    assert types == {
        "cover": "cover.xhtml",
        "frontmatter": "about.xhtml",
        "bodymatter": "speech.xhtml#text",
    }


def test_nav_lists_every_heading_of_the_speech(book: Book) -> None:
    speech = book.xml("speech.xhtml")
    headings = speech.xpath("//x:main//*[contains(@class, 'heading')]", namespaces=NS)
    toc_text = text_of(book.xml("nav.xhtml").xpath("//x:nav[@epub:type='toc']", namespaces=NS)[0])
    for h in headings:
        assert text_of(h) in toc_text


# --- content documents ------------------------------------------------------------------
def test_every_content_document_states_language_and_direction(book: Book) -> None:
    for href in [*book.spine(), "nav.xhtml"]:
        root = book.xml(href)  # well-formed XML, or this raises
        assert root.tag == f"{{{XHTML}}}html"
        assert root.get("lang") == book.ctx["lang"], href
        assert root.get(XML_LANG) == book.ctx["lang"], href
        assert root.get("dir") == book.ctx["dir"], href
        styles = root.xpath("//x:link[@rel='stylesheet']/@href", namespaces=NS)
        assert "epub.css" in styles, href


def test_every_paragraph_of_the_master_is_read_in_order(book: Book) -> None:
    stream = " ".join(text_of(book.xml(href)) for href in book.spine())
    assert book.blocks
    pos = 0
    for block in book.blocks:
        found = stream.find(collapse(block), pos)
        assert found >= 0, f"missing or out of order: {block[:60]!r}"
        pos = found + len(collapse(block))


def test_cover_shows_title_speaker_and_date(book: Book) -> None:
    cover = book.xml("cover.xhtml")
    assert cover.xpath("//x:body[@epub:type='cover']", namespaces=NS)
    assert not cover.xpath("//x:img", namespaces=NS)  # typographic: no image
    text = text_of(cover)
    ctx = book.ctx
    assert collapse(ctx["title"]) in text_of(cover.xpath("//x:h1", namespaces=NS)[0])
    if ctx["speaker"]["name"]:
        assert ctx["speaker"]["name"] in text
    if ctx["date"]:
        assert cover.xpath(f"//x:time[@datetime='{ctx['date']['iso']}']", namespaces=NS)


def test_metadata_page_shows_the_speech_facts(book: Book) -> None:
    about = book.xml("about.xhtml")
    ctx = book.ctx

    def dd(cls: str) -> str:
        (el,) = about.xpath(f"//x:dd[@class='meta-{cls}']", namespaces=NS)
        return text_of(el)

    assert dd("title") == collapse(ctx["title"])
    assert dd("work") == ctx["frbr"]["work"]
    assert dd("expression") == ctx["frbr"]["expression"]
    for code in about.xpath("//x:code", namespaces=NS):
        assert code.get("dir") == "ltr"  # IRIs read left to right in Arabic too
    if ctx["speaker"]["name"]:
        assert ctx["speaker"]["name"] in dd("speaker")
    if ctx["date"]:
        assert about.xpath(f"//x:time[@datetime='{ctx['date']['iso']}']", namespaces=NS)
    if ctx["place"]:
        assert dd("place") == ctx["place"]
    if ctx["status"]:
        assert dd("status") == collapse(ctx["status"])
    # the labels are in the speech's language: the expression's is the context's own
    labels = [text_of(dt) for dt in about.xpath("//x:dt", namespaces=NS)]
    assert ctx["labels"]["expression"] in labels


def test_metadata_page_labels_are_translated(arabic: Book) -> None:
    about = arabic.xml("about.xhtml")
    labels = [text_of(dt) for dt in about.xpath("//x:dt", namespaces=NS)]
    assert "العنوان" in labels and "Title" not in labels


def test_fonts_for_chinese_and_cyrillic_are_declared(book: Book) -> None:
    css = book.files["EPUB/epub.css"].decode()
    for selector, family in [
        ("html:lang(zh)", "Noto Serif CJK SC"),
        ("html:lang(ru)", "Noto Serif"),
        ("html:lang(ar)", "Noto Naskh Arabic"),
    ]:
        rule = css.split(selector, 1)[1].split("}", 1)[0]
        assert "font-family" in rule and family in rule, selector


# --- escaping and reproducibility -------------------------------------------------------
def test_markup_in_the_title_is_escaped_everywhere(tmp_path: Path) -> None:
    src = tmp_path / "markup-title.txt"
    src.write_text(
        f"{MARKUP_TITLE}\n\n19 Apr 2021\n\nWe meet <b>today</b> & tomorrow.\n\nThank you.\n",
        encoding="utf-8",
    )
    book = build(src, tmp_path / "out")
    title = book.ctx["title"]
    assert "<and>" in title and "&" in title
    assert book.dc("title") == [title]
    for name, data in book.files.items():
        if name.endswith((".xhtml", ".opf", ".xml")):
            root = etree.fromstring(data)  # an unescaped "<" or "&" would not parse
            assert not root.xpath("//*[local-name()='and' or local-name()='b']"), name
    assert title in text_of(book.xml("cover.xhtml"))
    assert "We meet <b>today</b> & tomorrow." in text_of(book.xml("speech.xhtml"))


def test_same_input_and_time_give_the_same_bytes(tmp_path: Path, sample: Path) -> None:
    first = build(sample, tmp_path / "a").path.read_bytes()
    second = build(sample, tmp_path / "b").path.read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a" / "sample-address" / "sample-address.epub") as z:
        infos = z.infolist()
    assert infos[0].filename == "mimetype"
    assert infos[0].compress_type == zipfile.ZIP_STORED
    assert {i.date_time for i in infos} == {(2021, 4, 19, 0, 0, 0)}


def test_another_generation_time_changes_only_the_dates(tmp_path: Path, sample: Path) -> None:
    from dataclasses import replace

    base = build(sample, tmp_path / "a")
    when = datetime(2022, 1, 2, 3, 4, 5, tzinfo=UTC)
    later = fixed_options(tmp_path / "b", formats=("akn", "epub"))
    later = replace(later, generated=when)
    other = open_book(build_one(sample, later).folder)
    assert other.meta("dcterms:modified") == ["2022-01-02T03:04:05Z"]
    assert base.path.read_bytes() != other.path.read_bytes()
    for name in base.files:
        if name.endswith(".xhtml"):
            assert base.files[name] == other.files[name], name
