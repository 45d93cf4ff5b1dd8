"""Body steps: speaker labels, stage directions, headings; the master stays valid."""

from __future__ import annotations

from pathlib import Path

from podium.convert import make_master, speech_text
from podium.convert.model.akn import local, text_of
from podium.convert.model.document import SpeechDocument
from podium.convert.options import ReadOptions


def master(tmp_path: Path, text: str) -> SpeechDocument:
    src = tmp_path / "s.txt"
    src.write_text(text, encoding="utf-8")
    return make_master(src, ReadOptions(lang="en")).doc  # validated: every master here is valid


def test_speaker_labels_open_speeches_of_their_own(tmp_path: Path) -> None:
    doc = master(
        tmp_path,
        "The President. Thank you all.\n\nWe meet again.\n\n"
        "Audience members. Hear, hear!\n\nThe President. Thank you.\n",
    )
    speeches = doc.speeches
    assert [text_of(s[0]) for s in speeches] == [
        "The President.",
        "Audience members.",
        "The President.",
    ]
    assert speeches[1].get("by") == "#audience"
    assert speeches[0].get("by") == speeches[2].get("by")
    assert [b.text for b in doc.blocks() if b.kind == "p"] == [
        "Thank you all.",
        "We meet again.",
        "Hear, hear!",
        "Thank you.",
    ]


def test_stage_directions_become_scene_remarks(tmp_path: Path) -> None:
    doc = master(
        tmp_path,
        "We will prevail. (Applause.) And we will rebuild.\n\n"
        "[The delegates rose.]\n\nA year (or two) from now.\n",
    )
    remarks = doc.findall("//a:remark[@type='sceneDescription']")
    assert [text_of(r) for r in remarks] == ["(Applause.)", "[The delegates rose.]"]
    assert doc.paragraphs()[2] == "A year (or two) from now."  # a parenthesis is no aside


def test_headings_own_the_blocks_after_them(tmp_path: Path) -> None:
    doc = master(
        tmp_path,
        "Opening words.\n\nI. THE FIRST PART\n\nOne.\n\nTwo.\n\n"
        "II. THE SECOND PART\n\nThree.\n\nJANE DOE\n",
    )
    tblocks = doc.findall("//a:speech/a:tblock")
    assert [text_of(t[0]) for t in tblocks] == ["I. THE FIRST PART", "II. THE SECOND PART"]
    assert [len(t) for t in tblocks] == [3, 2]  # heading + 2 paragraphs; heading + 1
    assert local(doc.speech[-1]) == "p" and text_of(doc.speech[-1]) == "JANE DOE"
    assert tblocks[0].get("eId") == "address_1__speech_1__tblock_1"
    assert tblocks[0][1].get("eId") == "address_1__speech_1__tblock_1__p_1"


def test_lists_get_nested_eids_and_round_trip(tmp_path: Path) -> None:
    source = "We ask two things:\n\n1. Fund the schools.\n\n2. Count the results.\n"
    doc = master(tmp_path, source)
    items = doc.findall("//a:blockList/a:item")
    assert [i.get("eId") for i in items] == [
        "address_1__speech_1__list_1__item_1",
        "address_1__speech_1__list_1__item_2",
    ]
    assert speech_text(doc).split("\n\n") == [
        "We ask two things:",
        "1. Fund the schools.",
        "2. Count the results.\n",
    ]


def test_a_sotu_style_delivery_note_is_the_status(tmp_path: Path) -> None:
    doc = master(
        tmp_path,
        "[As delivered in person before a joint session]\n\n"
        "Mr. Speaker, Members of the Congress:\n\nThe state is strong.\n",
    )
    assert doc.status == "[As delivered in person before a joint session]"
    assert doc.value("//a:docStatus/@refersTo") == "#deliveredInPerson"
    assert doc.blocks()[0].kind == "salutation"
