"""Bytes to text: the one place that decides what encoding an input is in.

:func:`decode_text` returns the text and the warnings a user should see; :func:`decode`
is the same without the warnings.  The decisions, in order:

1. Empty or whitespace-only input is :class:`EmptyInputError` (E101).
2. A byte order mark decides: UTF-8, UTF-16 or UTF-32, little or big endian.
3. NUL bytes without a BOM: if every other byte is NUL (at least 90% of the even or of
   the odd positions, and few of the others), the file is UTF-16 without a BOM, which
   podium refuses (E102) rather than guesses.  The pattern only shows the byte order
   for text that is mostly ASCII (Arabic, Cyrillic or Chinese UTF-16 has few NULs),
   and a wrong guess would garble the whole speech silently; re-saving takes a
   second.  Other NULs mean binary data (E102).
4. Valid UTF-8 is taken as is, without a word.
5. Text that is *mostly* UTF-8 (four times more valid multi-byte sequences than bad
   bytes) is a damaged or mixed file: E102 names the first bad byte.  Decoding it as
   a legacy encoding would turn every "é" into "Ã©".  So is text with valid UTF-8
   sequences whose best legacy reading (step 6) still has implausible words
   ("collÃ¨gues", "collГЁgues"): a paragraph pasted in from a file in another
   encoding (E102).
6. Otherwise charset-normalizer reads the bytes in each legacy encoding UN-language
   text comes in (:data:`LEGACY`).  Among the least chaotic readings, the one with the
   fewest implausible words wins (scripts mixed in a word, "cafй"; runs of accented
   letters, "Ïðèâåò"; capitals inside a word), then the most coherent, then the first
   in :data:`LEGACY` (so a short "café" is cp1252, not cp1250).  The text comes with
   the warning ``decoded as cp1252 (detected): save the file as UTF-8 to be sure``.
   A few words are not always enough (a short Arabic line can read as Cyrillic):
   hence the warning.  When no encoding fits, the bytes are binary or damaged (E102).

Then, for every input: line endings become ``\\n`` (CR LF and lone CR alike), form
feeds and vertical tabs become line breaks, and other C0 control characters are an
error (E102) since no XML document may hold them.
"""

from __future__ import annotations

import codecs
import re
from itertools import pairwise
from pathlib import Path
from typing import NoReturn

from charset_normalizer import from_bytes

from ..errors import EmptyInputError, EncodingError, WarningCode, WarningRecord

#: C0 controls other than tab and line feed, plus the non-characters XML 1.0 forbids.
_FORBIDDEN = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Legacy encodings of the six UN languages' text, most likely first (ties go left).
LEGACY = (
    "cp1252",  # Western European (Windows); also what "latin-1" files really are
    "cp1251",  # Cyrillic (Windows)
    "cp1256",  # Arabic (Windows)
    "gb18030",  # Simplified Chinese (superset of GBK and GB2312)
    "big5",  # Traditional Chinese
    "koi8_r",  # Cyrillic (Unix)
    "cp866",  # Cyrillic (DOS)
    "mac_cyrillic",
    "iso8859_5",
    "iso8859_6",  # Arabic (ISO)
    "mac_roman",
    "cp1250",  # Central European names in Latin text
    "iso8859_15",
)

_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_WORD = re.compile(r"[^\W\d_]+")
_ACCENT_RUN = re.compile(r"[^\x00-\x7f]{3}")


def _script(ch: str) -> str:
    """A coarse script for the mixed-script test: latin, cyrillic, arabic, greek, cjk, other."""
    o = ord(ch)
    if o < 0x250 or 0x1E00 <= o < 0x1F00:
        return "latin"
    if 0x370 <= o < 0x400:
        return "greek"
    if 0x400 <= o < 0x530:
        return "cyrillic"
    if 0x600 <= o < 0x700 or 0xFB50 <= o < 0xFF00:
        return "arabic"
    if 0x2E80 <= o < 0xA000 or 0xAC00 <= o < 0xD7B0:
        return "cjk"
    return "other"


def _implausible(text: str) -> int:
    """Words a wrong legacy reading typically makes: scripts mixed inside one word
    ("cafй"), runs of three accented Latin letters ("Ïðèâåò"), or capitals after small
    letters inside a non-ASCII word ("ДгєГКАЅз", which is GB18030 "你好世界")."""
    bad = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        scripts = {_script(ch) for ch in word}
        if (
            len(scripts) > 1
            or (scripts == {"latin"} and _ACCENT_RUN.search(word))
            or any(a.islower() and b.isupper() for a, b in pairwise(word))
        ):
            bad += 1
    return bad


def _utf16_without_bom(data: bytes) -> str | None:
    """``"little-endian"`` or ``"big-endian"`` when NULs fill every other byte."""
    even, odd = data[0::2], data[1::2]
    if not even or not odd:
        return None
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul >= 0.9 and even_nul <= 0.1:
        return "little-endian"
    if even_nul >= 0.9 and odd_nul <= 0.1:
        return "big-endian"
    return None


def _legacy(data: bytes, path: Path) -> tuple[str, str]:
    """The legacy encoding (codec name) that reads ``data`` best, and the text."""
    matches = list(from_bytes(data, cp_isolation=list(LEGACY)))
    if not matches:
        raise EncodingError(
            "not UTF-8 text, and no legacy encoding reads it: it looks binary or damaged",
            path=path,
            fix="give podium the speech as text saved as UTF-8, or as .docx/.html",
        )
    least = min(round(m.chaos, 2) for m in matches)
    # charset-normalizer merges the encodings that read the bytes the same way into one
    # match; the reading takes the name of the most likely of them ("café" is cp1252
    # even though cp1250 reads it the same).
    readings: list[tuple[str, tuple[int, float, str]]] = []
    for m in matches:
        if round(m.chaos, 2) != least:
            continue
        names = [n for n in LEGACY if n in m.could_be_from_charset] or [m.encoding]
        rank = LEGACY.index(names[0]) if names[0] in LEGACY else len(LEGACY)
        readings.append((str(m), (rank, round(m.coherence, 2), names[0])))
    text, (_, _, encoding) = min(readings, key=lambda r: (_implausible(r[0]), -r[1][1], r[1][0]))
    return codecs.lookup(encoding).name, text


def decode_text(data: bytes, path: Path) -> tuple[str, list[WarningRecord]]:
    """Decode an input: the text, and warnings to show the user (see the module docstring).

    Raises :class:`EmptyInputError` (E101) for empty input and :class:`EncodingError`
    (E102) for binary data, UTF-16 without a BOM, damaged UTF-8 and control characters.
    """
    if not data.strip():
        raise EmptyInputError(
            "the file is empty or holds only whitespace",
            path=path,
            fix="check you gave the right file",
        )
    warnings: list[WarningRecord] = []
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is not None:
        text = _decode_marked(data, encoding, path)
    elif b"\x00" in data:
        _refuse_nul_bytes(data, path)
    else:
        text, name = _decode_unmarked(data, path)
        if name:
            warnings.append(WarningRecord(WarningCode.W101, {"encoding": name}))
    return _checked_lines(text, path), warnings


def _decode_marked(data: bytes, encoding: str, path: Path) -> str:
    """Text whose byte order mark names its encoding (step 2)."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        byte = data[exc.start : exc.start + 1]
        raise EncodingError(
            f"not valid {encoding.upper()} text (byte {exc.start}: {byte!r})",
            path=path,
            fix="save the file as UTF-8 text",
        ) from None


def _refuse_nul_bytes(data: bytes, path: Path) -> NoReturn:
    """NUL bytes without a BOM: UTF-16 without its mark, else binary data (step 3)."""
    order = _utf16_without_bom(data)
    if order:
        raise EncodingError(
            f"the file looks like UTF-16 ({order}) without a byte order mark, "
            "so podium cannot be sure how to read it",
            path=path,
            fix="save the file as UTF-8 (or as UTF-16 with a BOM)",
        )
    raise _binary(path)


def _decode_unmarked(data: bytes, path: Path) -> tuple[str, str | None]:
    """UTF-8, else the best legacy reading and its codec name (steps 4 to 6)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        good = len(_UTF8_MULTIBYTE.findall(data))
        bad = data.decode("utf-8", "replace").count("\ufffd")
        if good >= 4 * bad:  # GBK and cp1251 text make a few valid pairs by chance
            byte = data[exc.start : exc.start + 1]
            raise EncodingError(
                f"mostly UTF-8, but byte {exc.start} ({byte!r}) is not: the file mixes "
                "encodings or is damaged",
                path=path,
                fix="save the file as UTF-8 text, or retype the characters around that byte",
            ) from None
        name, text = _legacy(data, path)
        if good and _implausible(text):
            raise EncodingError(
                "the file mixes UTF-8 (accented letters such as é) with bytes in another "
                "encoding; read either way, some letters would come out wrong",
                path=path,
                fix="save the file as UTF-8 text, checking the accented letters",
            ) from None
        return text, name


def _checked_lines(text: str, path: Path) -> str:
    """The text with ``\\n`` line breaks, refused if it holds NULs, controls or no words."""
    if "\x00" in text:
        raise _binary(path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # form feed (page break in text exported from PDFs) and vertical tab (a line break in
    # text saved from word processors) are line breaks; other C0 controls cannot be XML
    text = text.replace("\f", "\n").replace("\v", "\n")
    bad_char = _FORBIDDEN.search(text)
    if bad_char:
        line = text.count("\n", 0, bad_char.start()) + 1
        raise EncodingError(
            f"line {line} holds the control character U+{ord(bad_char.group()):04X}, "
            "which no XML document may contain",
            path=path,
            fix="remove terminal escapes and control characters from the text",
        )
    if not text.strip():
        raise EmptyInputError(
            "the file holds only whitespace", path=path, fix="check you gave the right file"
        )
    return text


def _binary(path: Path) -> EncodingError:
    return EncodingError(
        "the file holds NUL bytes: it is binary, not text",
        path=path,
        fix="give podium the speech as text, or as .docx/.html",
    )


def decode(data: bytes, path: Path) -> str:
    """Decode an input, refusing empty, binary and undecodable data (warnings dropped)."""
    return decode_text(data, path)[0]
