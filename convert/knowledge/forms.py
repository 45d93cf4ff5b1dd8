"""The forms heads print (``data/head.json``), looked up as whole words, longest first.

The head-of-document model (:mod:`.head`) and the byline grammar (:mod:`.byline`) read the
same vocabularies: title formulas, honorifics, offices, events, letterheads.  Each list in
``data/head.json`` names the real pages it was seen on.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from typing import Any

from . import read_data

#: One capitalised word of a name: "Ana", "O'Neil", "Akufo-Addo", "M.V.", an initial.
NAME_WORD = re.compile(
    r"(?:[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁ][\w'’‘.\-]*|(?:de|da|do|dos|van|von|der|bin|al|el|la|le|du|y|e)\b)"
)


#: Words no personal name holds, though printed in capitals they look like one: a motto
#: ("... AND FREE", ga79 ni), a state's name ("... OF ...").
NOT_IN_NAMES = frozenset(
    [
        "and",
        "of",
        "the",
        "for",
        "to",
        "in",
        "on",
        "at",
        "with",
        "by",
        "from",
        "our",
        "your",
        "their",
        "et",
        "pour",
        "avec",
        "sur",
        "les",
        "des",
    ]
)


#: A day with its ordinal as text extraction reads it from a PDF: 27" / 26™ / 24th read
#: as "2474" or "2774", before a month or a year (ga79: bb, gw, mw, sl, tz and others).
OCR_ORDINAL = re.compile(r"(?<!\d)([0-3]?\d)(?:[\"”“'’™*^]+|7[4™]|t[hn])(?=\s)")


def ordinals_read(text: str) -> str:
    """``text`` with OCR'd ordinals read as days ("25\"" -> "25 ", "2774" -> "27  "), its
    length kept so that what is found in it is found at the same place in ``text``."""
    return OCR_ORDINAL.sub(lambda m: m[1].ljust(len(m[0])), text)


@cache
def vocabulary() -> dict[str, Any]:
    """``data/head.json``: the forms heads print, by kind and language."""
    data: dict[str, Any] = json.loads(read_data("head.json"))
    return data


@cache
def forms(kind: str, lang: str) -> tuple[str, ...]:
    """The forms of one kind for a language (and English), longest first."""
    entry = vocabulary()[kind]
    if "forms" in entry:
        found = set(entry["forms"])
    else:  # a page in one language often prints English chrome and bylines
        primary = lang.split("-")[0].lower()
        found = {*entry.get(primary, []), *entry.get("en", [])}
    return tuple(sorted(found, key=lambda f: (-len(f), f)))


def honorifics() -> tuple[str, ...]:
    return forms("honorifics", "")


def fold(text: str) -> str:
    """``text`` as forms are matched, one character for one: accents dropped (capitals are
    often printed without them: "DECLARATION", "PRESIDENT DE LA REPUBLIQUE"), hyphens and
    dashes read as spaces ("Prime-Minister"), curly apostrophes as straight ones."""
    return text.translate(_FOLD_TABLE) if text.isascii() else "".join(map(_fold_char, text))


_FOLD_TABLE = str.maketrans({"-": " "})


@cache
def _fold_char(c: str) -> str:
    if c in "-‐‑–—":
        return " "
    if c in "’‘`":
        return "'"
    base = unicodedata.normalize("NFD", c)[0]
    return base if len(base.encode("utf-16-le")) == 2 or base == c else c


@cache
def starts(choices: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for "opens with one of ``choices`` as whole words", longest first, to
    be matched against :func:`fold` of a text."""
    alternatives = "|".join(re.escape(fold(f)) + _word_end(f) for f in choices)
    return re.compile(f"(?:{alternatives})" if choices else "(?!)", re.I)


def _word_end(form: str) -> str:
    """What must follow a form for it to end a word: nothing after a space or a full stop,
    or a Chinese or Japanese character (those scripts put no space between words)."""
    if form.endswith((" ", ".")) or "\u3000" <= form[-1:] <= "\u9fff":
        return ""
    return r"(?!\w)"


def opens(text: str, choices: tuple[str, ...]) -> str | None:
    """The longest form ``text`` opens with, as whole words (as the text prints it, lower
    case)."""
    m = starts(choices).match(fold(text))
    return text[: m.end()].lower() if m else None


def looks_like_name(text: str, fewest: int = 1) -> bool:
    """Between ``fewest`` and six capitalised words, no digit: "Ana María Ruiz"."""
    words = text.split()
    if not fewest <= len(words) <= 6 or any(ch.isdigit() for ch in text):
        return False
    if any(w.lower() in NOT_IN_NAMES for w in words) or not words[-1][:1].isupper():
        return False  # "FOREVER BLESSED AND FREE", "UNITED KINGDOM OF ...", "S.A.S. le"
    return all(NAME_WORD.fullmatch(w.strip(",")) for w in words) and text[:1].isupper()


def strip_honorifics(text: str) -> tuple[str, str]:
    """The honorifics ``text`` opens with ("His Excellency Dr."), and the rest."""
    rest, taken = text, ""
    honorific = opens(rest, honorifics())
    while honorific:
        taken += " " + rest[: len(honorific)]
        rest = rest[len(honorific) :].strip(" ,\n")
        honorific = opens(rest, honorifics())
    return taken.strip(), rest
