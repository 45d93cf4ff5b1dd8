"""The pandoc reader (Markdown, HTML, DOCX, ODT): real pandoc, raw trees, errors, sandbox."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import ClassVar

import pytest
from lxml import etree

from podium.convert import readers
from podium.convert.errors import (
    EmptyInputError,
    MasterError,
    ReadError,
    WarningCode,
    WarningRecord,
)
from podium.convert.model.akn import local, q, text_of
from podium.convert.model.document import SpeechDocument
from podium.convert.readers import pandoc, pandoc_call
from podium.convert.readers.pandoc import marker
from podium.convert.readers.pandoc_call import pandoc_ast

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "readers" / "pandoc"
SPEECHES = ["speech.md", "speech.html", "speech.docx", "speech.odt"]


def read(path: Path, strict: bool = False) -> SpeechDocument:
    return readers.read(path, strict)


def read_text(tmp_path: Path, name: str, text: str) -> SpeechDocument:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read(path)


def kinds(parent: etree._Element) -> list[str]:
    return [local(el) for el in parent if isinstance(el.tag, str)]


def inner(el: etree._Element) -> str:
    """An element's content as XML without the namespace declaration, for readable asserts."""
    xml = etree.tostring(el, encoding="unicode", with_tail=False)
    return re.sub(r' xmlns="[^"]+"', "", xml).split(">", 1)[1].rsplit("</", 1)[0]


def texts(parent: etree._Element, tag: str) -> list[str]:
    return [text_of(el) for el in parent.iterchildren(q(tag))]


# --- the same speech in four formats ------------------------------------------------------
@pytest.fixture(scope="module", params=SPEECHES)
def speech(request: pytest.FixtureRequest) -> SpeechDocument:
    return read(FIXTURES / str(request.param))


def test_speech_blocks_in_order(speech: SpeechDocument) -> None:
    body = speech.speech
    assert kinds(body) == [
        "heading", "p", "p", "p",
        "heading", "blockList",
        "heading", "p", "blockList", "p", "blockContainer", "p",
    ]  # fmt: skip
    assert [(h.get("level"), text_of(h)) for h in body.iterchildren(q("heading"))] == [
        ("1", "Remarks at the Opening of the Conference on Clean Harbours"),
        ("2", "What we have achieved"),
        ("2", "What comes next"),
    ]
    assert texts(body, "p")[:2] == ["Lisbon, 14 May 2031", "Mr. President,"]
    assert speech.warnings == []


def test_speech_inline_emphasis(speech: SpeechDocument) -> None:
    p = speech.speech[3]
    assert inner(p) == (
        "It is a pleasure to open this <i>third</i> conference on <b>clean harbours</b>, "
        "and to see so many port cities represented in one room."
    )


def test_speech_lists(speech: SpeechDocument) -> None:
    bullets, numbered = speech.speech.iterchildren(q("blockList"))
    items = list(bullets)
    assert [kinds(item) for item in items] == [["p"], ["p"], ["p", "blockList"]]
    assert text_of(items[2][0]) == "Two monitoring stations opened:"
    nested = items[2][1]
    assert [(text_of(i[0]), text_of(i[1])) for i in nested] == [
        ("1.", "one at the river mouth;"),
        ("2.", "one beside the old lighthouse."),
    ]
    assert [kinds(item) for item in numbered] == [["num", "p"]] * 3
    assert [text_of(item[0]) for item in numbered] == ["1.", "2.", "3."]
    assert text_of(numbered[2][1]) == "Train harbour pilots to report spills."


def test_speech_quotation(speech: SpeechDocument) -> None:
    quote = speech.speech.find(q("blockContainer"))
    assert quote is not None
    assert quote.get("class") == "quotation"
    assert texts(quote, "p") == ["The sea keeps no borders. Neither should our care for it."]


def test_four_formats_give_the_same_raw_tree() -> None:
    trees = {name: etree.tostring(read(FIXTURES / name).speech) for name in SPEECHES}
    assert len(set(trees.values())) == 1, trees


def test_registry_knows_the_pandoc_formats() -> None:
    assert readers.reader_for(Path("a.MD")) is pandoc.read_markdown
    assert readers.reader_for(Path("a.markdown")) is pandoc.read_markdown
    assert readers.reader_for(Path("a.htm")) is pandoc.read_html
    assert readers.reader_for(Path("a.html")) is pandoc.read_html
    assert readers.reader_for(Path("a.docx")) is pandoc.read_docx
    assert readers.reader_for(Path("a.odt")) is pandoc.read_odt


# --- the rest of the AST -----------------------------------------------------------------
def test_dropped_and_flattened_blocks_warn(tmp_path: Path) -> None:
    doc = read(FIXTURES / "extras.md")
    assert texts(doc.speech, "p") == [
        "Harbour pilots' briefing",
        "Friends,",
        "Our pilots guided 1,204 ships last year. Many arrived at night, in fog.",
        "A sidebar kept as text.",
        "Port | Ships",
        "North | 700",
        "South | 504",
        "Term",
        "Its definition.",
        "Calm sea,",
        "clear sky.",
        "An indented code block in two lines.",
        "Thank you.",
    ]
    assert kinds(doc.speech) == ["p"] * 13
    tally = {w.code: w.params for w in doc.warnings}
    for code in (WarningCode.W103, WarningCode.W104, WarningCode.W105, WarningCode.W106):
        assert tally[code]["count"] == 1
    assert tally[WarningCode.W107]["noun"] == "line break inside a paragraph"
    assert "Figures from the port authority." in str(tally[WarningCode.W104]["example"])


def test_docx_image_and_footnote_are_dropped_with_warnings() -> None:
    doc = read(FIXTURES / "image.docx")
    assert texts(doc.speech, "p") == ["Before the photograph.", "After the photograph."]
    assert [w.code for w in doc.warnings] == [WarningCode.W103, WarningCode.W104]


def test_markdown_text_stays_verbatim(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "s.md", "Mr. President -- \"friends\" and 'colleagues'... thanks\n")
    assert texts(doc.speech, "p") == ["Mr. President -- \"friends\" and 'colleagues'... thanks"]


def test_inline_mapping(tmp_path: Path) -> None:
    doc = read_text(
        tmp_path,
        "s.md",
        "H~2~O and CO^2^, [our site](https://example.org/x), `code`, ~~old~~ "
        "[span]{.x} and $x+1$ with ***both*** <kbd>raw</kbd>.\n",
    )
    (p,) = doc.speech
    assert inner(p) == (
        "H<sub>2</sub>O and CO<sup>2</sup>, our site, code, old span and x+1 with "
        "<b><i>both</i></b> raw."
    )
    assert "example.org" not in doc.to_bytes().decode()


def test_html_inline_quotes_and_underline(tmp_path: Path) -> None:
    doc = read_text(
        tmp_path,
        "s.html",
        "<p>She said <q>never <q>again</q></q>, <u>twice</u>.<br>Then left.</p>",
    )
    (p,) = doc.speech
    assert inner(p) == "She said “never ‘again’”, <u>twice</u>. Then left."


def test_spaces_never_open_or_close_an_element(tmp_path: Path) -> None:
    doc = read_text(
        tmp_path,
        "s.html",
        "<p> <em>one </em>two<strong> </strong>three <b></b></p><p> </p><p><i> </i></p>",
    )
    (p,) = doc.speech
    assert inner(p) == "<i>one</i> two three"


def test_no_break_spaces_are_kept(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "s.html", "<p>3&nbsp;March <em>2031&nbsp;</em>today</p>")
    assert inner(doc.speech[0]) == "3\u00a0March <i>2031\u00a0</i>today"


@pytest.mark.parametrize(
    ("html", "nums"),
    [
        ('<ol type="a" start="3"><li>x</li><li>y</li></ol>', ["c.", "d."]),
        ('<ol type="I" start="4"><li>x</li><li>y</li></ol>', ["IV.", "V."]),
        ('<ol start="9"><li>x</li><li>y</li></ol>', ["9.", "10."]),
    ],
    ids=["alpha-start", "roman", "decimal-start"],
)
def test_html_ordered_list_markers(tmp_path: Path, html: str, nums: list[str]) -> None:
    (bl,) = read_text(tmp_path, "s.html", html).speech
    assert [text_of(item[0]) for item in bl] == nums


@pytest.mark.parametrize(
    ("md", "nums"),
    [("1) x\n2) y\n", ["1)", "2)"]), ("(a) x\n(b) y\n", ["(a)", "(b)"])],
    ids=["one-paren", "two-parens"],
)
def test_markdown_ordered_list_delimiters(tmp_path: Path, md: str, nums: list[str]) -> None:
    (bl,) = read_text(tmp_path, "s.md", md).speech
    assert [text_of(item[0]) for item in bl] == nums


@pytest.mark.parametrize(
    ("n", "style", "delim", "expected"),
    [
        (1, "Decimal", "Period", "1."),
        (27, "LowerAlpha", "DefaultDelim", "aa."),
        (14, "LowerRoman", "TwoParens", "(xiv)"),
        (2, "UpperAlpha", "OneParen", "B)"),
        (0, "LowerAlpha", "Period", "0."),
        (3, "Example", "TwoParens", "(3)"),
    ],
)
def test_marker(n: int, style: str, delim: str, expected: str) -> None:
    assert marker(n, style, delim) == expected


def test_nested_structures_are_flattened_where_the_contract_allows_only_p(
    tmp_path: Path,
) -> None:
    doc = read_text(
        tmp_path,
        "s.md",
        "> ## Inside\n>\n> 1. first\n> 2. second\n>\n> > deeper\n\n"
        "- item\n\n  > quoted in item\n\n  ### heading in item\n",
    )
    quote, bl = doc.speech
    assert kinds(quote) == ["p"] * 4
    assert texts(quote, "p") == ["Inside", "1. first", "2. second", "deeper"]
    (item,) = bl
    assert kinds(item) == ["p"] * 3
    assert texts(item, "p") == ["item", "quoted in item", "heading in item"]


def test_html_title_heads_a_body_without_heading(tmp_path: Path) -> None:
    doc = read_text(
        tmp_path,
        "s.html",
        "<html><head><title>Closing remarks</title></head>"
        "<body><p>Geneva, 2 June 2031</p><p>Thank you.</p></body></html>",
    )
    assert kinds(doc.speech) == ["heading", "p", "p"]
    assert doc.speech[0].get("level") == "1"
    assert inner(doc.speech[0]) == "Closing remarks"


def test_html_title_is_not_added_before_a_heading() -> None:
    doc = read(FIXTURES / "speech.html")
    assert "Clean Harbours Conference: opening remarks" not in text_of(doc.speech)


def test_markdown_yaml_title(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "s.md", "---\ntitle: Opening words\n---\n\nDear friends,\n")
    assert [(local(e), text_of(e)) for e in doc.speech] == [
        ("heading", "Opening words"),
        ("p", "Dear friends,"),
    ]


def test_docx_title_author_and_date_paragraphs_come_back() -> None:
    # pandoc's DOCX reader moves paragraphs styled Title, Subtitle, Author, Date to metadata
    doc = read(FIXTURES / "front-matter.docx")
    assert [(local(e), text_of(e)) for e in doc.speech] == [
        ("heading", "Address to the Harbour Pilots' Guild"),
        ("p", "Annual dinner"),
        ("p", "The Harbour Master"),
        ("p", "Her Deputy"),
        ("p", "Porto, 2 February 2031"),
        ("p", "Colleagues,"),
        ("p", "Thank you for another safe year."),
    ]
    assert doc.warnings == []


def test_html_author_and_date_meta_stay_out_of_the_text(tmp_path: Path) -> None:
    doc = read_text(
        tmp_path,
        "s.html",
        '<html><head><title>Toast</title><meta name="author" content="A. Writer">'
        '<meta name="date" content="2031-01-01"></head><body><p>Cheers.</p></body></html>',
    )
    assert [(local(e), text_of(e)) for e in doc.speech] == [("heading", "Toast"), ("p", "Cheers.")]


# --- errors ---------------------------------------------------------------------------
@pytest.mark.parametrize(("ext", "name"), [(".docx", "Word"), (".odt", "OpenDocument")])
def test_a_broken_zip_is_a_read_error(tmp_path: Path, ext: str, name: str) -> None:
    path = tmp_path / f"speech{ext}"
    path.write_bytes(b"This is plain text saved with the wrong extension.\n")
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.code == "PODIUM-E114"  # refused before pandoc sees it: not a zip
    assert ext.lstrip(".").upper() in err.value.message
    assert err.value.fix
    assert err.value.path == path


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.docx", b""),
        ("empty.odt", b""),
        ("blank.md", b"  \n\n "),
        ("image-only.md", b"![a photo](data:image/gif;base64,R0lGODlhAQABAAAAACw=)\n"),
        (
            "tags-only.html",
            b"<html><body><p> </p><hr><img src='data:image/gif;base64,R0lG'></body></html>",
        ),
    ],
)
def test_no_text_is_an_empty_input_error(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(EmptyInputError) as err:
        read(path)
    assert err.value.code == "PODIUM-E101"


def test_legacy_encoded_html_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.html"
    path.write_bytes("<p>Caf\u00e9 cr\u00e8me, d\u00e9j\u00e0 vu.</p>".encode("cp1252"))
    doc = read(path)
    assert texts(doc.speech, "p") == ["Caf\u00e9 cr\u00e8me, d\u00e9j\u00e0 vu."]
    assert WarningRecord(WarningCode.W101, {"encoding": "cp1252"}) in doc.warnings


def test_binary_markdown_is_an_encoding_error(tmp_path: Path) -> None:
    path = tmp_path / "s.md"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.code == "PODIUM-E102"


# --- the sandbox ----------------------------------------------------------------------
def test_every_pandoc_call_is_sandboxed() -> None:
    assert "--sandbox" in pandoc_call.ARGS


def test_only_pandoc_call_runs_pandoc() -> None:
    folders = [Path(str(resources.files(f"podium.{p}"))) for p in ("convert", "archive")]
    callers = [
        path.name
        for folder in folders
        for path in sorted(folder.rglob("*.py"))
        if re.search(r"^\s*(import|from)\s+pypandoc", path.read_text(encoding="utf-8"), re.M)
    ]
    assert callers == ["pandoc_call.py"]


def unguarded(tmp_path: Path, name: str, text: str) -> SpeechDocument:
    """pandoc's reading of ``text`` without podium's refusals (readers/safety.py): the
    sandbox alone, as defence in depth.  The reader itself refuses all of these (E113)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read(path, strict=True)  # a web page's are dropped instead without --strict
    assert err.value.code == "PODIUM-E113"
    fmt = "html" if name.endswith(".html") else pandoc.MARKDOWN
    result = pandoc_ast(text, fmt, path)
    return pandoc.from_ast(result.ast, path, result.messages)


def test_local_files_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a91", encoding="utf-8")
    hostname = Path("/etc/hostname")
    leaked = ["TOP-SECRET-7f3a91"]
    if hostname.is_file() and len(hostname.read_text().strip()) >= 6:
        leaked.append(hostname.read_text().strip())
    md = unguarded(
        tmp_path,
        "s.md",
        f"Friends,\n\n![x](/etc/hostname)\n\n![y]({secret})\n\nSee ![z](file://{secret}).\n",
    )
    html = unguarded(
        tmp_path,
        "s.html",
        '<html><head><link rel="stylesheet" href="file:///etc/hostname">'
        f'<link rel="stylesheet" href="{secret}"></head><body><p>Friends,</p>'
        '<img src="file:///etc/hostname"><iframe src="file:///etc/hostname"></iframe>'
        f'<iframe src="{secret}"></iframe><object data="{secret}"></object></body></html>',
    )
    for doc in (md, html):
        assert texts(doc.speech, "p")[0] == "Friends,"
        out = doc.to_bytes().decode() + "\n".join(map(str, doc.warnings))
        for secret_text in leaked:
            assert secret_text not in out


class _Spy(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        body = b"<html><body><p>FETCHED-FROM-THE-NETWORK</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def spy_server() -> Iterator[str]:
    _Spy.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Spy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_html_resources_are_never_fetched(tmp_path: Path, spy_server: str) -> None:
    # without --sandbox, pandoc 3.9 fetches an iframe's page and splices it into the AST
    doc = unguarded(
        tmp_path,
        "s.html",
        f'<html><head><link rel="stylesheet" href="{spy_server}/style.css"></head>'
        f'<body><p>Friends,</p><iframe src="{spy_server}/frame.html"></iframe>'
        f'<img src="{spy_server}/photo.png"></body></html>',
    )
    assert _Spy.hits == []
    assert "FETCHED-FROM-THE-NETWORK" not in doc.to_bytes().decode()
    assert texts(doc.speech, "p") == ["Friends,"]


# --- through the normaliser and the validator --------------------------------------------
@pytest.mark.parametrize("name", SPEECHES)
def test_full_build_is_schema_valid(name: str) -> None:
    from podium.convert import make_master
    from podium.convert.options import ReadOptions

    try:
        doc = make_master(FIXTURES / name, ReadOptions()).doc
    except MasterError as exc:
        if any("heading" in str(v) for v in exc.violations):
            pytest.xfail(f"needs the lead's heading step: {exc}")
        raise
    assert doc.title == "Remarks at the Opening of the Conference on Clean Harbours"
    assert doc.date == "2031-05-14"
