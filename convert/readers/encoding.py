"""Bytes to text: the one place that decides what encoding an input is in."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import EmptyInputError, EncodingError

#: C0 controls other than tab and line feed, plus the non-characters XML 1.0 forbids.
_FORBIDDEN = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, path: Path) -> str:
    """Decode an input, refusing empty, binary and undecodable data.

    A BOM decides (UTF-8 or UTF-16); otherwise the text must be UTF-8.  Line
    endings are normalised to ``\\n`` (CR LF and lone CR alike).
    """
    if not data.strip():
        raise EmptyInputError(
            "the file is empty or holds only whitespace",
            path=path,
            fix="check you gave the right file",
        )
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        byte = data[exc.start : exc.start + 1]
        raise EncodingError(
            f"not valid {encoding.upper()} text (byte {exc.start}: {byte!r})",
            path=path,
            fix="save the file as UTF-8 text",
        ) from None
    if "\x00" in text:
        raise EncodingError(
            "the file holds NUL bytes: it is binary, not text",
            path=path,
            fix="give podium the speech as text, or as .docx/.html",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # form feed (page break in text exported from PDFs) and vertical tab (a line break in
    # text saved from word processors) are line breaks; other C0 controls cannot be XML
    text = text.replace("\f", "\n").replace("\v", "\n")
    bad = _FORBIDDEN.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise EncodingError(
            f"line {line} holds the control character U+{ord(bad.group()):04X}, "
            "which no XML document may contain",
            path=path,
            fix="remove terminal escapes and control characters from the text",
        )
    if not text.strip():
        raise EmptyInputError(
            "the file holds only whitespace", path=path, fix="check you gave the right file"
        )
    return text
