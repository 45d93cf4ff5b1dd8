"""Bytes to text: BOMs, UTF-8, legacy encodings with a warning, and what is refused."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from podium.convert.errors import EmptyInputError, EncodingError, WarningCode, WarningRecord
from podium.convert.readers.encoding import decode, decode_text

P = Path("speech.txt")

FRENCH = (
    "Monsieur le Président,\r\n\r\nJe suis très heureux d’être à Genève aujourd’hui. "
    "« L’égalité n’attend pas », disait-on déjà en 1995 ; c’est une œuvre commune, "
    "et nous la mènerons à bien — ensemble.\r\n\r\nJe vous remercie.\r\n"
)
LATIN_1 = "Le café est très bon à Genève, où l'été est doux et où l'on parle français.\n"
RUSSIAN = (
    "Господин Председатель!\n\nОрганизация Объединенных Наций («ООН») отмечает свою "
    "годовщину. Её работа — ради мира, развития и прав человека — важна как никогда.\n\n"
    "Благодарю вас.\n"
)
ARABIC = (
    "السيد الرئيس،\n\nإن الأمم المتحدة تحتفل اليوم بذكرى تأسيسها، وعلينا أن نعمل معا من أجل "
    "السلام والتنمية وحقوق الإنسان.\n\nشكرا لكم.\n"
)
CHINESE = (
    "主席先生，\n\n今天，联合国迎来成立周年纪念。我们必须携手努力，促进和平、发展和人权。"
    "\n\n谢谢。\n"
)


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
        (codecs.BOM_UTF32_LE + "h\u00e9".encode("utf-32-le"), "h\u00e9"),
        (b"one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),
        (b"page one\fpage two\vline", "page one\npage two\nline"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "line-endings", "ff-vt"],
)
def test_decode_accepts_boms_and_any_line_ending(data: bytes, expected: str) -> None:
    assert decode(data, P) == expected
    assert decode_text(data, P) == (expected, [])


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n "], ids=["empty", "whitespace"])
def test_decode_refuses_empty_input(data: bytes) -> None:
    with pytest.raises(EmptyInputError) as err:
        decode(data, P)
    assert err.value.code == "PODIUM-E101"
    assert err.value.path == P


@pytest.mark.parametrize(
    ("text", "encoding", "name"),
    [
        (FRENCH, "cp1252", "cp1252"),
        (LATIN_1, "latin-1", "cp1252"),  # "latin-1" files are cp1252 in practice
        (RUSSIAN, "cp1251", "cp1251"),
        (RUSSIAN.replace("«", '"').replace("»", '"').replace("—", "-"), "koi8_r", "koi8-r"),
        (ARABIC, "cp1256", "cp1256"),
        (CHINESE, "gb18030", "gb18030"),
        (CHINESE, "gbk", "gb18030"),  # GB18030 is a superset of GBK
        ("café au lait\n", "cp1252", "cp1252"),  # short: cp1252 wins the tie with cp1250
        ("Привет\n", "cp1251", "cp1251"),
    ],
)
def test_legacy_encodings_are_detected_and_named(text: str, encoding: str, name: str) -> None:
    expected = text.replace("\r\n", "\n")
    found, warnings = decode_text(text.encode(encoding), P)
    assert found == expected
    assert warnings == [WarningRecord(WarningCode.W101, {"encoding": name})]
    assert decode(text.encode(encoding), P) == expected  # the same text, without warnings


def test_utf8_is_taken_without_a_warning() -> None:
    assert decode_text(RUSSIAN.encode(), P) == (RUSSIAN, [])


@pytest.mark.parametrize(
    ("encoding", "order"), [("utf-16-le", "little-endian"), ("utf-16-be", "big-endian")]
)
def test_utf16_without_a_bom_is_refused_with_a_fix(encoding: str, order: str) -> None:
    with pytest.raises(EncodingError) as err:
        decode_text(FRENCH.encode(encoding), P)
    assert err.value.code == "PODIUM-E102"
    assert f"UTF-16 ({order})" in err.value.message
    assert "BOM" in (err.value.fix or "")


def test_random_bytes_are_binary() -> None:
    rng = random.Random(20210419)
    for size in (64, 4096):
        data = bytes(rng.randrange(1, 256) for _ in range(size))  # no NUL, not UTF-8
        assert len(set(data)) > 50
        with pytest.raises(EncodingError) as err:
            decode_text(data, P)
        assert err.value.code == "PODIUM-E102"


@pytest.mark.parametrize(
    "data",
    [b"text\x00with nul", random.Random(7).randbytes(4096)],
    ids=["nul", "random-with-nuls"],
)
def test_nul_bytes_are_binary(data: bytes) -> None:
    with pytest.raises(EncodingError) as err:
        decode(data, P)
    assert err.value.code == "PODIUM-E102"
    assert "binary" in err.value.message


def test_mostly_utf8_with_a_bad_byte_is_refused_not_misread() -> None:
    data = ("Café crème, déjà vu, naïve. " * 4).encode() + b"\xe9t\xe9\n"
    with pytest.raises(EncodingError) as err:
        decode_text(data, P)
    assert err.value.code == "PODIUM-E102"
    bad = data.index(b"\xe9t")
    assert f"byte {bad} " in err.value.message


def test_control_characters_are_refused_in_legacy_text_too() -> None:
    with pytest.raises(EncodingError) as err:
        decode_text("Caf\u00e9\n\x1b[31mred\n".encode("cp1252"), P)
    assert err.value.code == "PODIUM-E102"
