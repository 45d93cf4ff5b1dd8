"""Dates as speeches print them, parsed with CLDR month names from Babel.

Only whole lines that are a date (optionally after a place: ``New York, 11
November 2010``) are recognised; a date inside a sentence is not a date line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel import Locale
from babel.core import UnknownLocaleError


@dataclass(frozen=True)
class DateLine:
    """A recognised date line: the ISO date, the verbatim date text, and a place if given."""

    iso: str
    text: str
    place: str | None = None
    place_text_end: int = 0  # where the place ends in the line (0: no place)


@cache
def _months(lang: str) -> dict[str, int]:
    """Lower-cased month names and abbreviations of a language (with and without a dot)."""
    try:
        loc = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        loc = Locale.parse("en")
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for num, name in loc.months[context][width].items():
                names[name.lower()] = num
                names[name.lower().rstrip(".")] = num
    if loc.language != "en":  # English dates occur on every UN page
        names = {**_months("en"), **names}
    return names


@cache
def _patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    month = "|".join(sorted(map(re.escape, _months(lang)), key=len, reverse=True))
    return (
        re.compile(rf"(?P<d>\d{{1,2}})\.?\s+(?P<m>{month})\.?,?\s+(?P<y>\d{{4}})", re.I),
        re.compile(rf"(?P<m>{month})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})", re.I),
        re.compile(r"(?P<y>\d{4})-(?P<mn>\d{2})-(?P<d>\d{2})"),
    )


def parse_date(text: str, lang: str = "en") -> date | None:
    """A date from text that is nothing but a date, else ``None``.

    >>> parse_date("19 Apr 2021")
    datetime.date(2021, 4, 19)
    >>> parse_date("April 19, 2021")
    datetime.date(2021, 4, 19)
    >>> parse_date("Since 1945") is None
    True
    """
    s = text.strip()
    for pat in _patterns(lang):
        m = pat.fullmatch(s)
        if not m:
            continue
        month = (
            int(m["mn"])
            if "mn" in pat.groupindex
            else _months(lang).get(m["m"].lower().rstrip("."))
        )
        try:
            return date(int(m["y"]), month or 0, int(m["d"]))
        except ValueError:
            return None
    return None


_PLACE = re.compile(r"(?P<place>[^\W\d][^,\d]{1,60}),\s*(?P<date>.+)")


def parse_date_line(text: str, lang: str = "en") -> DateLine | None:
    """A date line, maybe with a place before it: ``New York, 11 November 2010``."""
    found = parse_date(text, lang)
    if found:
        return DateLine(found.isoformat(), text.strip())
    m = _PLACE.fullmatch(text.strip())
    if m and (found := parse_date(m["date"], lang)):
        return DateLine(found.isoformat(), m["date"], m["place"].strip(), m.start("date"))
    return None
