"""The plain context templates receive: no lxml, the same facts for every format."""

from __future__ import annotations

import timeit
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from podium.convert import readers, sidecar, steps
from podium.convert.model.akn import local, parse_bytes, text_of
from podium.convert.model.document import SpeechDocument
from podium.convert.options import ReadOptions
from podium.convert.render.context import build_context, labels, short_title

WHEN = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


def context_of(tmp_path: Path, text: str, lang: str | None = None) -> dict[str, Any]:
    src = tmp_path / "c.txt"
    src.write_text(text, encoding="utf-8")
    doc = steps.normalise(readers.read(src), ReadOptions(lang=lang, generated=WHEN))
    return build_context(doc, WHEN)


def plain(value: object) -> bool:
    """Only dicts, lists, strings, numbers, booleans and None: nothing a template could XPath."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(map(plain, value))
    return value is None or isinstance(value, (str, int, float, bool))


def test_context_is_plain_data_with_the_speech(tmp_path: Path) -> None:
    ctx = context_of(
        tmp_path,
        "Secretary-General's remarks to the Security Council "
        "[as delivered]\n\n19 Apr 2021\n\nMr. President,\n\nOne.\n",
    )
    assert plain(ctx)
    assert ctx["speaker"] == {"name": "António Guterres", "role": "Secretary-General", "lang": "en"}
    assert ctx["addressee"] == "Security Council"
    assert ctx["date"] == {"iso": "2021-04-19", "text": "19 Apr 2021", "long": "April 19, 2021"}
    assert ctx["blocks"] == [
        {
            "kind": "salutation",
            "id": "address_1__speech_1__block_1",
            "text": "Mr. President,",
            "container": "",
        },
        {"kind": "p", "id": "address_1__speech_1__p_1", "text": "One.", "container": ""},
    ]
    assert ctx["generated"] == "2030-01-02T03:04:05Z"
    assert (ctx["lang"], ctx["dir"]) == ("en", "ltr")


def test_unknown_speaker_has_no_name_but_keeps_the_role(tmp_path: Path) -> None:
    ctx = context_of(
        tmp_path,
        "President of the General Assembly's remarks to the General "
        "Assembly\n\n3 March 2031\n\nHello.\n",
    )
    assert ctx["speaker"] == {
        "name": None,
        "role": "President of the General Assembly",
        "lang": "en",
    }


def test_arabic_is_right_to_left(tmp_path: Path) -> None:
    ctx = context_of(tmp_path, "A title line\n\n3 March 2031\n\nText.\n", lang="ar")
    assert (ctx["lang"], ctx["dir"]) == ("ar", "rtl")


def test_short_title_cuts_at_a_dash_only_when_long() -> None:
    assert short_title("Short title - with a dash") == "Short title - with a dash"
    long = "Remarks to the Council - " + "on a very long subject " * 5
    assert short_title(long) == "Remarks to the Council"
    assert len(short_title("x" * 200)) == 80


# --- the body as a tree -----------------------------------------------------------------
FIXTURES = Path(__file__).parent / "fixtures"
#: AKN elements that hold text, and the containers that hold them
TEXT_BEARING = ("p", "block", "heading", "num", "from")


def master_of(src: Path) -> SpeechDocument:
    options = ReadOptions(generated=WHEN)
    doc = steps.normalise(readers.read(src), options, sidecar.find(src, None))
    # the context is built from the master as written and read back, as `podium build` does
    return SpeechDocument(parse_bytes(doc.to_bytes()))


def walk(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for n in nodes:
        yield n
        yield from walk(n["children"])


def joined(inlines: list[dict[str, Any]]) -> str:
    return "".join(i["text"] for i in inlines)


def check_inlines(inlines: list[dict[str, Any]]) -> None:
    """Every inline's nested marks spell its text again, all the way down."""
    for i in inlines:
        assert set(i) == {"text", "kind", "ref", "title", "children"}
        if i["children"]:
            assert joined(i["children"]) == i["text"]
            check_inlines(i["children"])


@pytest.fixture(scope="module")
def structure() -> tuple[SpeechDocument, dict[str, Any]]:
    doc = master_of(FIXTURES / "text-structure" / "input.txt")
    return doc, build_context(doc, WHEN)


def test_body_is_plain_and_keeps_every_node_shape(
    structure: tuple[SpeechDocument, dict[str, Any]],
) -> None:
    _, ctx = structure
    assert plain(ctx["body"]) and plain(ctx["preface"]) and plain(ctx["linked_data"])
    for node in walk(ctx["body"]):
        assert {"kind", "id", "children", "inlines"} <= set(node)
        check_inlines(node["inlines"])
    kinds = {n["kind"] for n in walk(ctx["body"])}
    assert kinds == {"speech", "salutation", "p", "section", "heading", "list", "item"}


def test_every_eid_of_the_body_is_a_node_id_in_document_order(
    structure: tuple[SpeechDocument, dict[str, Any]],
) -> None:
    doc, ctx = structure
    body = doc.find("a:doc/a:mainBody")
    assert body is not None
    eids = [el.get("eId") for el in body.iter() if el.get("eId") and local(el) != "address"]
    assert [n["id"] for n in walk(ctx["body"]) if n["id"]] == eids


def test_inline_text_is_the_element_text_exactly(
    structure: tuple[SpeechDocument, dict[str, Any]],
) -> None:
    doc, ctx = structure
    by_id = {n["id"]: n for n in walk(ctx["body"]) if n["id"]}
    texts = doc.findall("a:doc/a:mainBody//*[@eId][self::a:p or self::a:block]")
    assert texts
    for el in texts:
        assert joined(by_id[el.get("eId")]["inlines"]) == text_of(el)


def test_inline_marks_carry_kind_reference_and_name(
    structure: tuple[SpeechDocument, dict[str, Any]],
) -> None:
    _, ctx = structure
    marks = [i for n in walk(ctx["body"]) for i in n["inlines"] if i["kind"] != "text"]
    assert {"text": "African Union", "kind": "organization", "ref": "#au",
            "title": "African Union", "children": []} in marks  # fmt: skip
    assert {"text": "12 June 2031", "kind": "date", "ref": None, "title": "2031-06-12",
            "children": []} in marks  # fmt: skip
    assert {"text": "(Applause)", "kind": "remark", "ref": None, "title": None,
            "children": []} in marks  # fmt: skip


def test_sections_lists_and_items(structure: tuple[SpeechDocument, dict[str, Any]]) -> None:
    _, ctx = structure
    sections = [n for n in walk(ctx["body"]) if n["kind"] == "section"]
    assert [s["level"] for s in sections] == [1, 1]
    heading = sections[1]["children"][0]
    assert (heading["kind"], heading["level"], joined(heading["inlines"])) == (
        "heading",
        1,
        "II. WHAT WE WILL DO",
    )
    (lst,) = [n for n in walk(ctx["body"]) if n["kind"] == "list"]
    assert (lst["ordered"], lst["marked"]) == (True, True)
    assert [i["num"] for i in lst["children"]] == ["1.", "2.", "3."]
    assert joined(lst["children"][0]["children"][0]["inlines"]) == "share river data in real time;"


def test_speeches_carry_their_label_verbatim_and_interjections_are_marked(
    structure: tuple[SpeechDocument, dict[str, Any]],
) -> None:
    _, ctx = structure
    speeches = ctx["body"]
    assert [s["kind"] for s in speeches] == ["speech"] * 4
    assert [s["label"] for s in speeches] == [
        None,
        "THE PRESIDENT:",
        "AUDIENCE MEMBER:",
        "THE PRESIDENT:",
    ]
    # the President says the most: the audience's words are the interjection
    assert [s["interjection"] for s in speeches] == [False, False, True, False]
    assert speeches[1]["speaker"] == {"name": "President", "role": None, "lang": "en"}
    assert speeches[0]["speaker"]["name"] is None  # the placeholder "#speaker"


def test_preface_is_title_status_and_dateline(
    structure: tuple[SpeechDocument, dict[str, Any]],
) -> None:
    _, ctx = structure
    assert [(n["kind"], n["id"], n["editorial"]) for n in ctx["preface"]] == [
        ("title", "longTitle__p_1", False),
        ("status", "", False),
        ("dateline", "preface__p_1", False),
    ]
    title, status, dateline = ctx["preface"]
    assert joined(title["inlines"]) == "Opening remarks at the regional dialogue on water"
    assert joined(status["inlines"]) == "[check against delivery]"
    assert joined(dateline["inlines"]) == "Nairobi, 2 March 2033"
    assert [i["kind"] for i in dateline["inlines"]] == ["location", "text", "date"]


def test_editorial_preface_lines_say_so() -> None:
    ctx = build_context(master_of(FIXTURES / "sidecar-given" / "input.txt"), WHEN)
    assert [(n["kind"], n["editorial"]) for n in ctx["preface"]] == [
        ("title", True),
        ("dateline", True),
    ]


def test_nested_marks_become_nested_inlines(tmp_path: Path) -> None:
    ctx = context_of(
        tmp_path,
        "Remarks to the General Assembly\n\n3 March 2031\n\n"
        "I thank the President of the General Assembly for his work.\n",
    )
    marks = [i for n in walk(ctx["body"]) for i in n["inlines"] if i["children"]]
    assert marks, "a role naming an organ holds the organ as a nested mark"
    role = marks[0]
    assert role["kind"] == "role"
    assert joined(role["children"]) == role["text"] == "President of the General Assembly"
    assert [c["kind"] for c in role["children"]] == ["text", "organization"]


def test_markdown_bullets_are_unordered_and_quotations_hold_paragraphs(tmp_path: Path) -> None:
    src = tmp_path / "s.md"
    src.write_text(
        "# A title\n\n3 March 2031\n\nText.\n\n- one\n- two\n\n> Quoted words.\n",
        encoding="utf-8",
    )
    ctx = build_context(master_of(src), WHEN)
    lists = [n for n in walk(ctx["body"]) if n["kind"] == "list"]
    assert [(x["ordered"], x["marked"]) for x in lists] == [(False, False)]
    (quote,) = [n for n in walk(ctx["body"]) if n["kind"] == "quotation"]
    assert [joined(c["inlines"]) for c in quote["children"]] == ["Quoted words."]


def test_arabic_role_names_are_arabic() -> None:
    ctx = build_context(master_of(FIXTURES / "languages" / "ar" / "input.txt"), WHEN)
    # the ontology names roles in the six UN languages (data/organizations.json)
    assert (ctx["speaker"]["role"], ctx["speaker"]["lang"]) == ("الأمين العام", "ar")
    assert ctx["labels"]["page"] == ["الصفحة ", " من ", ""]


def test_linked_data_names_the_speech(structure: tuple[SpeechDocument, dict[str, Any]]) -> None:
    _, ctx = structure
    ld = ctx["linked_data"]
    assert ld["@type"] == "CreativeWork"
    assert ld["identifier"] == ctx["frbr"]["expression"]
    assert (ld["name"], ld["inLanguage"], ld["datePublished"]) == (
        "Opening remarks at the regional dialogue on water",
        "en",
        "2033-03-02",
    )
    assert ld["locationCreated"] == {"@type": "Place", "name": "Nairobi"}


def test_labels_fall_back_to_english() -> None:
    assert labels("fr-CH")["page"] == ["Page ", " sur ", ""]
    assert labels("zh")["page"] == ["第 ", " 页，共 ", " 页"]
    assert labels("de") == labels("en")


def test_the_seed_context_takes_a_few_milliseconds(seed: Path) -> None:
    doc = master_of(seed)
    build_context(doc, WHEN)
    best = min(timeit.repeat(lambda: build_context(doc, WHEN), number=1, repeat=5))
    assert best < 0.02, f"{best * 1000:.1f} ms"
