"""The plain-text reader: blocks, hard wraps, indentation, lists and headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from podium.convert.errors import WarningCode, WarningRecord
from podium.convert.model.akn import local, text_of
from podium.convert.readers import text as reader


def raw(tmp_path: Path, source: str) -> list[tuple[str, str]]:
    """(element name[:level], text) of each child of the raw speech, nested lists flattened."""
    doc = reader.read(source.encode("utf-8"), tmp_path / "s.txt")
    out = []
    for el in doc.speech:
        if local(el) == "blockList":
            out += [("item", f"{text_of(i[0])} {text_of(i[1])}") for i in el]
        elif local(el) == "heading":
            out.append((f"heading:{el.get('level')}", text_of(el)))
        else:
            out.append((local(el), text_of(el)))
    return out


def test_hard_wrapped_paragraphs_are_joined(tmp_path: Path) -> None:
    assert raw(tmp_path, "One line\nwrapped here\nand here.\n\nTwo.\n") == [
        ("p", "One line wrapped here and here."),
        ("p", "Two."),
    ]


def test_indented_paragraphs_without_blank_lines_are_split(tmp_path: Path) -> None:
    source = "    First paragraph\nwrapped.\n    Second paragraph\nalso wrapped.\n"
    assert raw(tmp_path, source) == [
        ("p", "First paragraph wrapped."),
        ("p", "Second paragraph also wrapped."),
    ]


def test_a_wholly_indented_block_is_one_paragraph(tmp_path: Path) -> None:
    assert raw(tmp_path, "    Quoted text\n    goes on.\n") == [("p", "Quoted text goes on.")]


def test_numbered_and_bulleted_lists_keep_their_markers(tmp_path: Path) -> None:
    source = (
        "We ask three things:\n1. Fund the schools.\n2. Train the teachers,\n"
        "   and pay them.\n3. Count the results.\n\n- one\n- two\n"
    )
    assert raw(tmp_path, source) == [
        ("p", "We ask three things:"),
        ("item", "1. Fund the schools."),
        ("item", "2. Train the teachers, and pay them."),
        ("item", "3. Count the results."),
        ("item", "- one"),
        ("item", "- two"),
    ]


def test_items_separated_by_blank_lines_make_one_list(tmp_path: Path) -> None:
    doc = reader.read(b"1. First.\n\n2. Second.\n\nAfter.\n", tmp_path / "s.txt")
    assert [local(el) for el in doc.speech] == ["blockList", "p"]
    assert len(doc.speech[0]) == 2


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("THE WAY AHEAD", "heading:1"),
        ("II. Financing the transition", "heading:1"),
        ("2.1 Grants and loans", "heading:2"),
        ("TREASURY.", "heading:1"),
        ("Thank you.", "p"),
        ("19 Apr 2021", "p"),
        ("MR. PRESIDENT,", "p"),
        ("USA", "p"),
        # a speaker's turn in capitals, or whose words have no case, is no heading
        ("THE SECRETARY-GENERAL: 谢谢主席", "p"),
        ("THE PRESIDENT: THANK YOU ALL", "p"),
    ],
)
def test_headings_are_short_lines_in_capitals_or_numbered(
    tmp_path: Path, line: str, kind: str
) -> None:
    assert raw(tmp_path, f"Before.\n\n{line}\n\nAfter.\n")[1][0] == kind


def test_legacy_encoding_is_read_with_a_warning(tmp_path: Path) -> None:
    text = "Le représentant a salué l'été et le café.\n\nMerci."
    doc = reader.read(text.encode("cp1252"), tmp_path / "s.txt")
    assert doc.paragraphs()[0] == "Le représentant a salué l'été et le café."
    assert doc.warnings == [WarningRecord(WarningCode.W101, {"encoding": "cp1252"})]


def test_a_page_copied_without_blank_lines_keeps_one_paragraph_a_line(tmp_path: Path) -> None:
    """Text copied from a web page: no blank lines, each line a paragraph of any length."""
    text = (
        "Remarks to the Harbour Council\n"
        "Lisbon, 3 May 2031\n"
        "Friends,\n"
        "We meet in a year of hard choices, and the choices are ours to make together, "
        "as they were for those who built the first sea wall.\n"
        "Thank you.\n"
    )
    assert [t for _, t in raw(tmp_path, text)] == text.splitlines()


def test_paragraphs_hard_wrapped_one_after_another_are_joined(tmp_path: Path) -> None:
    """A PDF's text: paragraphs wrapped at a width, no blank line between them; a short
    line ends its paragraph, a line reaching the width goes on."""
    first = (
        "We meet in a year of hard choices, and the choices are ours to make together, as\n"
        "they were for those who built the first sea wall.\n"
    )
    second = (
        "Every harbour we clean is a city we keep. The work is slow and it is shared by all\n"
        "the towns along the coast.\n"
    )
    assert [t for _, t in raw(tmp_path, first + second)] == [
        " ".join(first.split()),
        " ".join(second.split()),
    ]
