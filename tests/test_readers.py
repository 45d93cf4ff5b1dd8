"""Readers: bytes to text, text to raw blocks, the registry of formats."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from podium.convert import readers
from podium.convert.errors import EmptyInputError, EncodingError, UnsupportedFormatError
from podium.convert.readers.encoding import decode
from podium.convert.readers.text import split_blocks

P = Path("speech.txt")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Hello\nworld", "Hello\nworld"),
        (codecs.BOM_UTF8 + "Caf\u00e9".encode(), "Caf\u00e9"),
        (
            codecs.BOM_UTF16_LE + "\u0645\u0631\u062d\u0628\u0627".encode("utf-16-le"),
            "\u0645\u0631\u062d\u0628\u0627",
        ),
        (codecs.BOM_UTF16_BE + "\u4f60\u597d".encode("utf-16-be"), "\u4f60\u597d"),
        (b"one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "line-endings"],
)
def test_decode_accepts_boms_and_any_line_ending(data: bytes, expected: str) -> None:
    assert decode(data, P) == expected


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n "], ids=["empty", "whitespace"])
def test_decode_refuses_empty_input(data: bytes) -> None:
    with pytest.raises(EmptyInputError) as err:
        decode(data, P)
    assert err.value.code == "PODIUM-E101"
    assert err.value.path == P


@pytest.mark.parametrize("data", [b"caf\xe9 au lait", b"text\x00with nul"], ids=["latin1", "nul"])
def test_decode_refuses_binary_and_non_utf8(data: bytes) -> None:
    with pytest.raises(EncodingError) as err:
        decode(data, P)
    assert err.value.code == "PODIUM-E102"


def test_split_blocks_joins_hard_wrapped_lines_and_keeps_inner_spacing() -> None:
    text = "Title line\n\n  First paragraph\nwrapped here.  \n\n\n\nKeep  two  spaces.\n"
    assert split_blocks(text) == [
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
