"""Readers: bytes to text, text to raw blocks, the registry of formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from podium.convert import readers
from podium.convert.errors import UnsupportedFormatError
from podium.convert.readers.text import paragraphs_of, split_blocks

P = Path("speech.txt")


def test_split_blocks_joins_hard_wrapped_lines_and_keeps_inner_spacing() -> None:
    text = "Title line\n\n  First paragraph\nwrapped here.  \n\n\n\nKeep  two  spaces.\n"
    blocks = split_blocks(text)
    assert blocks == [
        ["Title line"],
        ["  First paragraph", "wrapped here."],
        ["Keep  two  spaces."],
    ]
    assert [p for b in blocks for p in paragraphs_of(b)] == [
        "Title line",
        "First paragraph wrapped here.",
        "Keep  two  spaces.",
    ]


def test_text_reader_makes_one_p_per_block(tmp_path: Path) -> None:
    src = tmp_path / "s.txt"
    src.write_text("A\n\nB b\n\nC\u00a0c\n", encoding="utf-8")
    doc = readers.read(src)
    assert doc.paragraphs() == ["A", "B b", "C\u00a0c"]  # no-break space kept
    assert doc.source == src


@pytest.mark.parametrize(("name", "hint"), [("a.doc", ".docx"), ("a.pdf", ".txt"), ("a.xyz", "")])
def test_unknown_extension_names_known_ones_and_a_fix(name: str, hint: str) -> None:
    with pytest.raises(UnsupportedFormatError) as err:
        readers.reader_for(Path(name))
    assert err.value.code == "PODIUM-E103"
    assert ".txt" in err.value.message
    assert hint in (err.value.fix or "")
