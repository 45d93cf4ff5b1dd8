"""Bytes to text: the one place that decides what encoding an input is in."""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import EmptyInputError, EncodingError

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
        bad = data[exc.start : exc.start + 1]
        raise EncodingError(
            f"not valid {encoding.upper()} text (byte {exc.start}: {bad!r})",
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
    if not text.strip():
        raise EmptyInputError(
            "the file holds only whitespace", path=path, fix="check you gave the right file"
        )
    return text
