"""The AKN reader (``.xml``): real lxml, the real XSD, bluebell's output, podium's masters."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from lxml import etree

from podium.convert import readers
from podium.convert.errors import PodiumError, WarningCode, WarningRecord, XMLInputError
from podium.convert.model import validate
from podium.convert.model.akn import NS, OLD_NAMESPACES, local, parse_bytes, text_of
from podium.convert.model.document import SpeechDocument
from podium.convert.readers import akn

from .conftest import fixed_options

FIXTURES = Path(__file__).parent / "fixtures" / "readers" / "akn"
BLUEBELL = ["bluebell-doc.xml", "bluebell-statement.xml", "bluebell-debate.xml"]
XI = 'xmlns:xi="http://www.w3.org/2001/XInclude"'


# --- helpers --------------------------------------------------------------------------------
def meta(kind: str = "doc") -> str:
    """A minimal schema-valid ``meta`` for a document of type ``kind``."""
    work = f"/akn/xx/{kind}/2032-05-12/t"
    expr = f"{work}/eng@2032-05-12"
    return (
        '<meta><identification source="#t">'
        f'<FRBRWork><FRBRthis value="{work}/!main"/><FRBRuri value="{work}"/>'
        '<FRBRalias name="title" value="Alias title"/>'
        '<FRBRdate date="2032-05-12" name="delivery"/><FRBRauthor href="#t"/>'
        '<FRBRcountry value="xx"/></FRBRWork>'
        f'<FRBRExpression><FRBRthis value="{expr}/!main"/><FRBRuri value="{expr}"/>'
        '<FRBRdate date="2032-05-12" name="delivery"/><FRBRauthor href="#t"/>'
        '<FRBRlanguage language="eng"/></FRBRExpression>'
        f'<FRBRManifestation><FRBRthis value="{expr}/!main.xml"/><FRBRuri value="{expr}.akn"/>'
        '<FRBRdate date="2032-05-12" name="generation"/><FRBRauthor href="#t"/>'
        "</FRBRManifestation></identification></meta>"
    )


def akn_doc(body: str, *, preface: str = "", kind: str = "doc", ns: str = NS) -> bytes:
    """A small AKN document: ``body`` on line 3 of the file, inside its document's body."""
    body_tag = {"debate": "debateBody", "act": "body", "bill": "body"}.get(kind, "mainBody")
    pre = f"<preface>{preface}</preface>" if preface else ""
    return (
        f'<akomaNtoso xmlns="{ns}">\n<{kind} name="{kind}">{meta(kind)}{pre}'
        f"\n<{body_tag}>{body}</{body_tag}>\n</{kind}>\n</akomaNtoso>\n"
    ).encode()


def read(data: bytes, name: str = "speech.xml") -> SpeechDocument:
    return akn.read(data, Path(name))


def raw(doc: SpeechDocument) -> list[str]:
    """The raw speech as ``kind: text`` lines, containers as ``name[...]``."""

    def show(el: etree._Element) -> str:
        name = local(el)
        if name in ("blockList", "item", "blockContainer"):
            inner = ", ".join(show(c) for c in el)
            label = "quotation" if el.get("class") == "quotation" else name
            return f"{label}[{inner}]"
        level = f"{el.get('level')}" if name == "heading" else ""
        return f"{name}{level}: {text_of(el)}"

    return [show(el) for el in doc.speech]


def inner_xml(el: etree._Element) -> str:
    xml = etree.tostring(el, encoding="unicode", with_tail=False)
    return re.sub(r' xmlns="[^"]+"', "", xml).split(">", 1)[1].rsplit("</", 1)[0]


def in_order(expected: Sequence[str], found: Sequence[str]) -> bool:
    """Every expected text appears in ``found``, in this order."""
    rest: Iterator[str] = iter(found)
    return all(any(e == f for f in rest) for e in expected)


def bluebell_lines(txt: Path) -> list[str]:
    """The words of a bluebell input, keywords taken off: what a reader must keep."""
    out: list[str] = []
    for line in txt.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line in ("PREFACE", "BODY", "BULLETS", "QUOTE", "SPEECH"):
            continue
        line = re.sub(r"^(?:LONGTITLE|FROM|SCENE|\*) ", "", line)
        out.append(re.sub(r"^ADDRESS - ", "", line))
    return out


def assert_code(exc: pytest.ExceptionInfo[PodiumError], code: str) -> None:
    assert exc.value.code == code, str(exc.value)
    assert exc.value.fix


# --- registry -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["speech.xml", "speech.akn.xml", "SPEECH.XML"])
def test_xml_inputs_use_the_akn_reader(name: str) -> None:
    assert readers.reader_for(Path(name)) is akn.read


# --- mapping to the raw form ----------------------------------------------------------------
def test_inline_markup_kept_or_reduced_to_its_text_exactly() -> None:
    doc = read(
        akn_doc(
            "<p>Keep <i>it</i>, <b>b</b> <u>u</u> x<sup>2</sup> H<sub>2</sub>O; "
            '<organization refersTo="#t">United <i>Nations</i></organization>,<eol/>'
            "next  line\u00a0\u2019nb"
            '<authorialNote marker="1" eId="n1"><p>a footnote</p></authorialNote>.</p>'
        )
    )
    (p,) = doc.speech
    assert inner_xml(p) == (
        "Keep <i>it</i>, <b>b</b> <u>u</u> x<sup>2</sup> H<sub>2</sub>O; "
        "United <i>Nations</i>, next  line\u00a0\u2019nb."
    )
    assert doc.warnings == [WarningRecord(WarningCode.W113, {"count": 1})]


def test_hierarchy_gives_numbered_headings_by_depth() -> None:
    doc = read(
        akn_doc(
            '<chapter eId="chp_1"><num>I</num><heading>Opening</heading>'
            '<section eId="chp_1__sec_1"><num>1.</num><heading>Introduction</heading>'
            "<content><p>A</p></content></section>"
            '<crossHeading eId="chp_1__ch_1">Across</crossHeading>'
            '<section eId="chp_1__sec_2"><num>2.</num><content><p>Numbered only</p></content>'
            "</section></chapter>"
            '<hcontainer eId="hc_1" name="part"><heading>Part</heading>'
            "<subheading>Sub</subheading><content><p>C</p></content></hcontainer>"
            '<tblock eId="tb_1"><heading>T</heading><p>D</p></tblock>'
        )
    )
    assert raw(doc) == [
        "heading1: I Opening",
        "heading2: 1. Introduction",
        "p: A",
        "heading2: Across",
        "p: 2. Numbered only",
        "heading1: Part",
        "p: Sub",
        "p: C",
        "heading1: T",
        "p: D",
    ]


def test_lists_keep_their_numbers_and_nesting() -> None:
    doc = read(
        akn_doc(
            '<blockList eId="l_1"><listIntroduction>Intro:</listIntroduction>'
            '<item eId="l_1__i_1"><num>(a)</num><p>one</p></item>'
            '<item eId="l_1__i_2"><num>(b)</num><p>two</p>'
            '<blockList eId="l_1__i_2__l_1"><item eId="l_1__i_2__l_1__i_1"><num>(i)</num>'
            "<p>deep</p></item></blockList></item><listWrapUp>Wrap.</listWrapUp></blockList>"
            "<ol><li>first <b>item</b></li><li>second<ul><li>nested</li></ul></li>"
            "<li><p>para one</p><p>para two</p></li></ol>"
        )
    )
    assert raw(doc) == [
        "p: Intro:",
        "blockList[item[num: (a), p: one], item[num: (b), p: two, blockList[item[num: (i), "
        "p: deep]]]]",
        "p: Wrap.",
        "blockList[item[p: first item], item[p: second, blockList[item[p: nested]]], "
        "item[p: para one, p: para two]]",
    ]
    assert inner_xml(doc.speech[3][0][0]) == "first <b>item</b>"


def test_only_quotations_stay_containers() -> None:
    doc = read(
        akn_doc(
            '<blockContainer class="quotation" eId="bc_1"><p>Q1</p><p>Q2</p></blockContainer>'
            '<blockContainer class="box" eId="bc_2"><p>flat</p></blockContainer>'
            '<block name="quote" eId="b_1"><embeddedStructure><p>bluebell quote</p>'
            "</embeddedStructure></block>"
        )
    )
    assert raw(doc) == ["quotation[p: Q1, p: Q2]", "p: flat", "quotation[p: bluebell quote]"]


def test_debate_speeches_keep_their_speakers() -> None:
    doc = read(
        akn_doc(
            '<debateSection eId="dbs_1" name="opening"><heading>Opening</heading>'
            '<speech by="#t"><from>Mr. Smith:</from><p>Label joined.</p><p>Second.</p></speech>'
            '<speech by="#t"><from>The Chair of the Council</from><p>Own paragraph.</p></speech>'
            '<question by="#t"><from>Q</from><p>Why?</p></question>'
            '<answer by="#t"><from>A</from><p>Because.</p></answer></debateSection>',
            kind="debate",
        )
    )
    assert raw(doc) == [
        "heading1: Opening",
        "p: Mr. Smith: Label joined.",
        "p: Second.",
        "p: The Chair of the Council",
        "p: Own paragraph.",
        "p: Q",
        "p: Why?",
        "p: A",
        "p: Because.",
    ]


def test_preface_title_status_and_date_line_come_first() -> None:
    doc = read(
        akn_doc(
            "<p>Body</p>",
            preface='<longTitle eId="longTitle"><p eId="longTitle__p_1"><docTitle>Remarks to '
            '<organization refersTo="#t">the Council</organization></docTitle> '
            '<docStatus>[as delivered]</docStatus></p></longTitle><p eId="preface__p_1">'
            '<location refersTo="#t">New York</location>, '
            '<docDate date="2032-05-12">12 May 2032</docDate></p>',
        )
    )
    assert raw(doc) == [
        "heading1: Remarks to the Council [as delivered]",
        "p: New York, 12 May 2032",
        "p: Body",
    ]


def test_empty_paragraphs_dropped_and_parts_beside_the_body_named() -> None:
    data = akn_doc("<p/><p>   </p><p>Kept</p>").replace(
        b"</mainBody>", b"</mainBody><conclusions><p>Signed</p></conclusions>"
    )
    doc = read(data)
    assert raw(doc) == ["p: Kept"]
    assert doc.warnings == [WarningRecord(WarningCode.W112, {"parts": "conclusions"})]


# --- namespaces -----------------------------------------------------------------------------
@pytest.mark.parametrize("old", OLD_NAMESPACES, ids=["WD17", "CSD13"])
def test_draft_namespaces_are_upgraded_with_a_warning(old: str) -> None:
    body = (
        '<p>One <i>two</i></p><blockList eId="l_1"><item eId="l_1__i_1"><p>x</p></item></blockList>'
    )
    current, upgraded = read(akn_doc(body)), read(akn_doc(body, ns=old))
    assert raw(upgraded) == raw(current)
    assert upgraded.warnings == [WarningRecord(WarningCode.W110, {"old": old, "new": NS})]
    assert current.warnings == []


def test_upgrade_rebuilds_the_tree_without_the_draft_namespace() -> None:
    old = OLD_NAMESPACES[0]
    data = akn_doc("<p>x</p><!-- kept -->", ns=old).replace(
        b"</identification>",
        b'</identification><proprietary source="#t"><x:keep xmlns:x="urn:x">k</x:keep>'
        b"</proprietary>",
    )
    tree = akn.upgrade(parse_bytes(data), old)
    xml = etree.tostring(tree, encoding="unicode")
    assert old not in xml
    assert tree.getroot().nsmap == {None: NS}
    assert '<x:keep xmlns:x="urn:x">k</x:keep>' in xml
    assert "<p>x</p><!-- kept -->" in xml
    assert validate.schema().validate(tree)


def test_upgraded_schema_errors_point_at_the_input_line() -> None:
    data = akn_doc("<p>x</p><bogus/>", ns=OLD_NAMESPACES[1])
    with pytest.raises(XMLInputError) as exc:
        read(data)
    assert_code(exc, "PODIUM-E109")
    assert "line 3:" in exc.value.message and "bogus" in exc.value.message


# --- bad inputs -----------------------------------------------------------------------------
LOL = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
BAD = {
    "not-well-formed": (b"<akomaNtoso><doc></akomaNtoso>", "PODIUM-E105"),
    "external-entity": (
        b'<!DOCTYPE a [<!ENTITY h SYSTEM "file:///etc/hostname">]>' + akn_doc("<p>&h;</p>"),
        "PODIUM-E106",
    ),
    "billion-laughs": (LOL.encode() + akn_doc("<p>&lol3;</p>"), "PODIUM-E106"),
    "wrong-namespace": (akn_doc("<p>x</p>", ns="http://www.akomantoso.org/2.0"), "PODIUM-E108"),
    "no-namespace": (b"<akomaNtoso><doc name='x'/></akomaNtoso>", "PODIUM-E108"),
    "root-not-akomaNtoso": (f'<doc xmlns="{NS}" name="x"/>'.encode(), "PODIUM-E108"),
    "root-html": (b"<html><body><p>Speech</p></body></html>", "PODIUM-E108"),
    "schema-invalid": (akn_doc("<p>x</p><bogus/>"), "PODIUM-E109"),
    "speech-in-mainBody": (akn_doc('<speech by="#t"><p>x</p></speech>'), "PODIUM-E109"),
    "collection": (
        (
            f'<akomaNtoso xmlns="{NS}"><documentCollection name="c">{meta("documentCollection")}'
            f'<collectionBody><component eId="cmp_1"><doc name="x">{meta()}<mainBody><p>x</p>'
            "</mainBody></doc></component></collectionBody></documentCollection></akomaNtoso>"
        ).encode(),
        "PODIUM-E108",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_inputs_raise_stable_codes(case: str) -> None:
    data, code = BAD[case]
    with pytest.raises(XMLInputError) as exc:
        read(data)
    assert_code(exc, code)
    assert exc.value.path == Path("speech.xml")


def test_schema_error_names_the_element_and_its_line() -> None:
    with pytest.raises(XMLInputError) as exc:
        read(akn_doc("<p>x</p><bogus/>"))
    assert "line 3: Element 'bogus': This element is not expected" in str(exc.value)


@pytest.fixture
def secret(tmp_path: Path) -> tuple[Path, str]:
    """A local file an XInclude could pull in, with a text found nowhere else."""
    marker = "SECRET-5c1f0e-NEVER-READ"
    path = tmp_path / "secret.txt"
    path.write_text(marker, encoding="utf-8")
    return path, marker


def xinclude(href: str) -> str:
    return f'<xi:include {XI} href="{href}" parse="text"><xi:fallback>F</xi:fallback></xi:include>'


def test_xinclude_in_text_is_refused(secret: tuple[Path, str]) -> None:
    path, marker = secret
    data = akn_doc(f"<p>Bad {xinclude(path.as_uri())}</p>")
    with pytest.raises(PodiumError) as exc:
        read(data)
    assert_code(exc, "PODIUM-E113")
    assert "XInclude" in exc.value.message
    assert marker not in str(exc.value)


def test_xinclude_where_the_schema_allows_it_is_refused_too(secret: tuple[Path, str]) -> None:
    # the schema lets proprietary metadata hold any element: an xi:include there would be
    # inert for podium but not for the next XML tool that reads the master, so it is refused
    path, marker = secret
    data = akn_doc("<p>Safe text.</p>").replace(
        b"</identification>",
        f'</identification><proprietary source="#t">{xinclude(path.as_uri())}'
        "</proprietary>".encode(),
    )
    with pytest.raises(PodiumError) as exc:
        read(data)
    assert_code(exc, "PODIUM-E113")
    assert marker not in str(exc.value)


# --- bluebell (a peer tool's output) --------------------------------------------------------
@pytest.mark.parametrize("name", BLUEBELL)
def test_bluebell_outputs_against_the_official_schema(name: str) -> None:
    """doc and statement pass as bluebell wrote them; debate fails only on its scene."""
    tree = parse_bytes((FIXTURES / name).read_bytes())
    xsd = validate.schema()
    if name != "bluebell-debate.xml":
        assert xsd.validate(tree), xsd.error_log
        return
    assert not xsd.validate(tree)
    assert [(e.line, "}scene'" in e.message) for e in xsd.error_log] == [(45, True)]


@pytest.mark.parametrize("name", ["bluebell-doc.xml", "bluebell-statement.xml"])
def test_bluebell_doc_and_statement_read_as_the_speech(name: str) -> None:
    doc = readers.read(FIXTURES / name)
    assert raw(doc) == [
        "heading1: Remarks of the Chair of the Harbour Town Council at the opening of the "
        "Lantern Festival",
        "p: 12 May 2032",
        "p: Good evening, and welcome to the harbour.",
        "p: Friends and neighbours,",
        "p: Every spring, for as long as anyone here can remember, this town has hung its "
        "lanterns along the sea wall. We do it to remember the boats that came home, and the "
        "ones that did not.",
        "p: This year the festival asks three things of each of us:",
        "blockList[item[p: to light one lantern for someone we have lost;], item[p: to teach "
        "one child how the knots are tied;], item[p: to leave the harbour cleaner than we "
        "found it.]]",
        "p: An old fisherman once told me something I have never forgotten:",
        "quotation[p: The sea keeps no promises, so the town must keep them instead.]",
        "p: Let us keep our promises tonight.",
        "p: Thank you.",
    ]
    assert doc.warnings == []


def test_bluebell_debate_reads_with_a_warning_for_its_scene() -> None:
    doc = readers.read(FIXTURES / "bluebell-debate.xml")
    assert raw(doc) == [
        "heading1: Record of the opening of the Lantern Festival, Harbour Town",
        "p: 12 May 2032",
        "heading1: Opening of the festival",
        "p: The Chair of the Council",
        "p: Good evening, and welcome to the harbour.",
        "p: Every spring this town hangs its lanterns along the sea wall, to remember the "
        "boats that came home.",
        "p: (Applause)",
        "p: Thank you.",
    ]
    assert [w.code for w in doc.warnings] == [WarningCode.W111]


def master_texts(doc: SpeechDocument) -> list[str]:
    return [doc.title or "", doc.date_text or "", *doc.paragraphs()]


def load_xml(path: Path) -> SpeechDocument:
    from podium.convert import make_master
    from podium.convert.options import ReadOptions

    doc = make_master(path, ReadOptions()).doc
    assert validate.schema().validate(parse_bytes(doc.to_bytes()))
    return doc


@pytest.mark.parametrize(
    ("name", "txt"),
    [
        ("bluebell-doc.xml", "bluebell-speech.txt"),
        ("bluebell-statement.xml", "bluebell-speech.txt"),
        ("bluebell-debate.xml", "bluebell-debate.txt"),
    ],
)
def test_bluebell_loads_into_a_valid_master_with_every_paragraph(name: str, txt: str) -> None:
    doc = load_xml(FIXTURES / name)
    expected = bluebell_lines(FIXTURES / txt)
    assert in_order(expected, master_texts(doc)), (expected, master_texts(doc))


def test_empty_body_is_no_speech_after_load(tmp_path: Path) -> None:
    src = tmp_path / "empty.xml"
    src.write_bytes(akn_doc('<p/><p>  </p><p><img src="data:image/gif;base64,R0lG"/></p>'))
    assert raw(readers.read(src)) == []
    with pytest.raises(PodiumError) as exc:
        load_xml(src)
    assert exc.value.code == "PODIUM-E104"


# --- podium's own masters fed back in -------------------------------------------------------
@pytest.fixture(params=["sample", "roundtrip"])
def built_master(request: pytest.FixtureRequest, tmp_path: Path, sample: Path) -> Path:
    from podium.convert import build_one

    src = sample if request.param == "sample" else FIXTURES / "roundtrip-speech.txt"
    result = build_one(src, fixed_options(tmp_path / "first", formats=("akn",)))
    master = tmp_path / "again.akn.xml"
    shutil.copyfile(result.outputs["akn"], master)
    side = src.with_name(f"{src.stem}.meta.json")
    if side.is_file():  # what a sidecar gave the first build, it gives the second too
        shutil.copyfile(side, tmp_path / "again.meta.json")
    return master


def test_a_master_fed_back_in_gives_the_same_speech(built_master: Path) -> None:
    from podium.convert import build_one, read_master

    first = read_master(built_master)
    again = build_one(built_master, fixed_options(built_master.parent / "second", formats=("akn",)))
    second = read_master(again.outputs["akn"])
    assert second.blocks() == first.blocks()
    for view in ("title", "status", "date", "date_text"):
        assert getattr(second, view) == getattr(first, view), view
    # the whole body too: eIds, speeches and their speakers, inline marks
    body = "a:doc/a:mainBody"
    assert etree.tostring(second.one(body)) == etree.tostring(first.one(body))
