"""Dates as speeches print them, in the six UN languages, read with CLDR data from Babel.

Two questions are answered here:

* :func:`parse_date_line`: is this line a date, maybe after a place?
  (``New York, 11 November 2010``, ``Genève, le 19 avril 2021``,
  ``Нью-Йорк, 19 апреля 2021 года``, ``نيويورك، 19 نيسان/أبريل 2021``, ``2021年4月19日``);
* :func:`find_dates`: where are the full dates (day, month and year) inside running text?
  A month or a year alone ("October 2020", "since 1945") is never a date here.

Month and weekday names are CLDR's, through Babel: every territory variant of the
language (``en_GB`` brings "Sept", ``ar_SY`` the Levantine "نيسان", ``ar_DZ`` "جانفي"),
both contexts (in Russian the *format* names are the genitive "апреля", the
*stand-alone* ones the nominative "апрель") and both widths, each with or without a
final dot.  English names are accepted in every language, because English dates
occur on every UN page.  The only names added by hand are the two spellings UN Arabic
uses that CLDR lacks: يونيه (June) and يوليه (July).  Arabic names match with any
form of alef (ا أ إ آ); UN Arabic writes the Levantine and the Egyptian name joined by
a slash (``نيسان/أبريل``), and both must then name the same month.

Digits may be ASCII, Arabic-Indic (٠-٩), Eastern Arabic-Indic (۰-۹) or full-width (０-９);
their values come from :func:`unicodedata.decimal`.

Numeric dates (``19/04/2021``, ``19.04.2021``, ``2021-04-19``, ``2021/04/19``) follow
one rule: a four-digit year first means year, month, day (ISO order, never swapped).
Otherwise the year is last and the date is read day first, as the UN writes it
(``05/04/2021`` is 5 April); if the first number is above 12 it can only be the day,
and if the second number is above 12 (``4/19/2021``) it can only be the day, so the
date is read month first, US style.  Both above 12, or an impossible day
(``31.02.2021``), and it is not a date.

Every pattern is compiled once per language (:func:`functools.cache`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from babel import Locale, localedata
from babel.core import UnknownLocaleError

from . import read_data


@dataclass(frozen=True)
class DateLine:
    """A recognised date line: the ISO date, the verbatim date text, and a place if given."""

    iso: str
    text: str
    place: str | None = None
    place_text_end: int = 0  # where the place ends in the line (0: no place)


#: The zero of each digit set podium reads; the other nine follow it in Unicode.
_ZEROS = ("0", "\u0660", "\u06f0", "\uff10")
_DIGIT = "[" + "".join(f"{z}-{chr(ord(z) + 9)}" for z in _ZEROS) + "]"
#: Space inside a date: up to four horizontal spaces (no-break, thin, ideographic...) or
#: the bidi marks Arabic text carries around numbers; never a line break.
_GAP = "[\t\x0b\x0c \xa0\u1680\u2000-\u200b\u202f\u205f\u3000\u200e\u200f\u061c]"
_SPACE, _OPT_SPACE = _GAP + "{1,4}", _GAP + "{0,4}"
#: UN Arabic spellings CLDR does not have (June, July).
_EXTRA_MONTHS = {"ar": {"يونيه": 6, "يوليه": 7}}
#: Articles a date line may start with: "Genève, le 19 avril 2021".
_ARTICLES = {"fr": ("le",), "es": ("el",)}
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, dagger alef, tatweel
_ALEFS = str.maketrans("أإآ", "ااا")
_SEPARATORS = ",\u060c\uff0c"  # comma, Arabic comma, full-width comma
_MAX_PLACE = 60


def _key(name: str) -> str:
    """A month or weekday name as looked up: case-folded, no final dot, one alef."""
    s = unicodedata.normalize("NFKC", name).casefold().strip().rstrip(".")
    s = " ".join(s.split())
    return _ARABIC_MARKS.sub("", s).translate(_ALEFS)


def _number(digits: str) -> int:
    """The value of a run of digits from any of the digit sets in :data:`_ZEROS`."""
    value = 0
    for ch in digits:
        value = value * 10 + unicodedata.decimal(ch)
    return value


@cache
def _locales(lang: str) -> tuple[Locale, ...]:
    """The language and each of its territory variants (``fr``, ``fr_CA``, ``fr_CH``...)."""
    primary = lang.replace("-", "_").split("_")[0].lower()
    shape = re.compile(rf"{re.escape(primary)}(?:_[A-Z]{{2}}|_\d{{3}})?")
    found = []
    for ident in sorted(localedata.locale_identifiers()):
        if shape.fullmatch(ident):
            try:
                found.append(Locale.parse(ident))
            except (UnknownLocaleError, ValueError):
                continue
    return tuple(found) or (Locale.parse("en"),)


#: Languages whose CLDR month and weekday names ship precomputed (``data/calendar.json``):
#: collecting them from every territory variant (``en_GB``, ``en_IN``... over 100 for
#: English) costs time in every process, most of a cold build's date handling
#: (docs/performance.md).
SHIPPED_CALENDARS = ("ar", "en", "es", "fr", "ru", "zh")


@cache
def _shipped() -> dict[str, dict[str, Any]]:
    data = read_data("calendar.json")
    languages: dict[str, dict[str, Any]] = json.loads(data)["languages"]
    return languages


def cldr_names(lang: str) -> dict[str, Any]:
    """CLDR's month names (by number) and weekday names of a language, all its variants.

    Read live from Babel: this is what ``data/calendar.json`` holds for the languages in
    :data:`SHIPPED_CALENDARS` (a test checks the file against Babel; ``pytest --accept``
    rewrites it).
    """
    months: dict[str, int] = {}
    weekdays: set[str] = set()
    for loc in _locales(lang):
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for num, name in loc.months[context][width].items():
                    months.setdefault(_key(name), num)
                weekdays.update(_key(n) for n in loc.days[context][width].values())
    return {"months": months, "weekdays": sorted(weekdays)}


def _primary(lang: str) -> str:
    """The language subtag, as CLDR knows it (an unknown language reads as English)."""
    primary = lang.replace("-", "_").split("_")[0].lower()
    return primary if primary in SHIPPED_CALENDARS else str(_locales(lang)[0].language)


def _names(lang: str) -> dict[str, Any]:
    primary = _primary(lang)
    return _shipped()[primary] if primary in SHIPPED_CALENDARS else cldr_names(lang)


@cache
def _months(lang: str) -> dict[str, int]:
    """Month names and abbreviations of a language (English ones too), by :func:`_key`."""
    names: dict[str, int] = dict(_names(lang)["months"])
    primary = _primary(lang)
    for name, num in _EXTRA_MONTHS.get(primary, {}).items():
        names.setdefault(_key(name), num)
    if primary != "en":  # English dates occur on every UN page
        names = {**_months("en"), **names}
    names.pop("", None)
    return names


@cache
def _weekdays(lang: str) -> tuple[str, ...]:
    """Weekday names and abbreviations of a language and of English, by :func:`_key`."""
    names: set[str] = set()
    for code in {lang, "en"}:
        names.update(_names(code)["weekdays"])
    names.discard("")
    return tuple(names)


def weekday_names(lang: str) -> frozenset[str]:
    """Weekday names and abbreviations of a language and of English, lower case."""
    return frozenset(n.lower() for code in {lang, "en"} for n in _names(code)["weekdays"] if n)


def month_year(text: str, lang: str = "en") -> bool:
    """Whether ``text`` is only a month and a year ("SEPTEMBER 2031", "septembre 2031"):
    a date line that names no day, so gives no date.

    >>> month_year("SEPTEMBER 2031"), month_year("26 September 2031")
    (True, False)
    """
    words = text.replace(",", " ").split()
    return (
        len(words) == 2
        and _YEAR.fullmatch(words[1]) is not None
        and _key(words[0]) in _months(lang)
    )


def _alternation(keys: Iterable[str]) -> str:
    """A regex alternation of looked-up names, longest first, matching text as written."""
    out = []
    for k in sorted(set(keys), key=len, reverse=True):
        pattern = re.escape(k).replace("ا", "[اأإآ]")
        out.append(re.sub(r"(?:\\ )+", lambda _: _SPACE, pattern))
    return "|".join(out)


@dataclass(frozen=True)
class _Shape:
    """One way of writing a date: a regex whose groups ``§_d``, ``§_m``/``§_mn``, ``§_y``
    (``§`` stands for the shape's own prefix) hold the day, the month and the year."""

    regex: str
    order: str = "fixed"  # "fixed": d, m or mn, y as named; "num": a/b/y, see the docstring


def _group(name: str, body: str) -> str:
    """A named group for :class:`_Shape` (``§`` becomes the shape's prefix)."""
    return f"(?P<§_{name}>{body})"


def _shapes(lang: str) -> list[_Shape]:
    primary = _primary(lang)
    month = "(?:" + _alternation(_months(lang)) + ")"
    sp, osp = _SPACE, _OPT_SPACE
    num2 = _DIGIT + "{1,2}"
    start = r"(?<![\w.,/\-])"  # not inside a word or another number
    if primary == "ar":  # or after a one-letter proclitic: و20 أيار/مايو ("and 20 May")
        start = f"(?:{start}|(?<=(?<!\\w)[وبلف]))"
    day = start + _group("d", num2)
    named = _group("m", month) + r"\.?"
    named_en = _group("m", "(?:" + _alternation(_months("en")) + ")") + r"\.?"
    year = _group("y", _DIGIT + "{4}")
    end = r"(?!\w)"
    shapes = [
        # 19 April 2021, 19 Apr. 2021, 19th April, 2021, 1er mai 2021 (every language's d M y)
        _Shape(day + r"(?:st|nd|rd|th|er|ᵉʳ|º|°|\.º)?" + sp + named + ",?" + sp + year + end),
        # April 19, 2021; Sept. 3 2030 (English only)
        _Shape(
            r"(?<!\w)" + named_en + sp + _group("d", num2) + r"(?:st|nd|rd|th)?,?" + sp + year + end
        ),
    ]
    if primary == "es":  # 19 de abril de 2021, 1º de mayo del 2021
        shapes.insert(
            0,
            _Shape(day + r"(?:º|°|\.º)?" + sp + "de" + sp + named + sp + "del?" + sp + year + end),
        )
    if primary == "ru":  # 19 апреля 2021 года, 19 апреля 2021 г.
        suffix = osp + r"(?:года(?!\w)|г\.|г(?!\w))"
        shapes.insert(0, _Shape(day + sp + named + sp + year + suffix))
    if primary == "ar":  # 19 نيسان/أبريل 2021, ١٩ أبريل ٢٠٢١, 2021م
        pair = named + osp + "/" + osp + _group("m2", month)
        shapes.insert(0, _Shape(day + sp + pair + sp + year + "(?:" + osp + "م)?" + end))
        shapes.append(_Shape(day + sp + named + sp + year + osp + "م" + end))
    if primary == "zh":  # 2021年4月19日, with full-width digits or spaces around the numbers
        parts = [year, "年", _group("mn", num2), "月", _group("d", num2), "[日号]"]
        shapes.insert(0, _Shape(f"(?<!{_DIGIT})" + osp.join(parts)))
    no_more = f"(?!{_DIGIT}|[./\\-]{_DIGIT})"  # not followed by more of a number
    again = "(?P=§_s)"  # the same separator twice
    mn, d, a, b = (_group(name, num2) for name in ("mn", "d", "a", "b"))
    shapes += [
        # 2021-04-19, 2021/04/19, 2021.04.19: a year first is always year, month, day
        _Shape(start + year + _group("s", "[-/.]") + mn + again + d + no_more),
        # 19/04/2021, 19.04.2021, 4/19/2021: see the module docstring for the order
        _Shape(start + a + _group("s", "[/.]") + b + again + year + no_more, "num"),
    ]
    return shapes


@dataclass(frozen=True)
class _Compiled:
    """A language's date shapes joined in one regex, plus the regex for whole lines."""

    search: re.Pattern[str]
    line: re.Pattern[str]
    orders: tuple[str, ...]
    months: dict[str, int]


@cache
def _compiled(lang: str) -> _Compiled:
    shapes = _shapes(lang)
    alternatives = "|".join(
        f"(?P<a{i}>" + s.regex.replace("§", f"a{i}") + ")" for i, s in enumerate(shapes)
    )
    primary = _primary(lang)
    after = f"(?:[{_SEPARATORS}]{_OPT_SPACE}|{_SPACE})"  # "lunes, 19", "星期一，2021年"
    weekday = "(?:" + _alternation(_weekdays(lang)) + r")\.?" + after
    articles = "|".join(_ARTICLES.get(primary, ()))
    article = f"(?:(?:{articles}){_SPACE})?" if articles else ""
    lead = f"{article}(?:{weekday})?"  # "le lundi 19 avril 2021", "lunes, 19 de abril"
    # Every date starts with a digit or an English month: checking that first makes the
    # search three times faster on text with few dates.
    initials = sorted({ch for name in _months("en") for ch in (name[0], name[0].upper())})
    first = f"(?={_DIGIT}|(?<!\\w)[{''.join(initials)}])"
    return _Compiled(
        search=re.compile(first + "(?:" + alternatives + ")", re.I),
        line=re.compile(lead + "(?:" + alternatives + ")", re.I),
        orders=tuple(s.order for s in shapes),
        months=_months(lang),
    )


def _read(m: re.Match[str], c: _Compiled) -> date | None:
    """The date a match of :func:`_compiled`'s regex names, or ``None`` if impossible."""
    i = next(i for i in range(len(c.orders)) if m.group(f"a{i}") is not None)
    g = m.groupdict()
    year = _number(g[f"a{i}_y"])
    if c.orders[i] == "num":
        a, b = _number(g[f"a{i}_a"]), _number(g[f"a{i}_b"])
        day, month = (b, a) if b > 12 else (a, b)  # day first unless it cannot be
    else:
        day = _number(g[f"a{i}_d"])
        if g.get(f"a{i}_mn") is not None:
            month = _number(g[f"a{i}_mn"])
        else:
            month = c.months.get(_key(g[f"a{i}_m"]), 0)
            second = g.get(f"a{i}_m2")
            if second is not None and c.months.get(_key(second)) != month:
                return None  # "نيسان/مايو": the two names disagree
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, lang: str = "en") -> date | None:
    """A date from text that is nothing but a date, else ``None``.

    A weekday may come first, after the article in French and Spanish
    (``Monday, 19 April 2021``, ``le 19 avril 2021``, ``el lunes 19 de abril de 2021``).

    >>> parse_date("19 Apr 2021")
    datetime.date(2021, 4, 19)
    >>> parse_date("April 19, 2021")
    datetime.date(2021, 4, 19)
    >>> parse_date("19 апреля 2021 года", "ru")
    datetime.date(2021, 4, 19)
    >>> parse_date("Since 1945") is None
    True
    """
    c = _compiled(lang)
    m = c.line.fullmatch(text.strip())
    return _read(m, c) if m else None


def parse_date_line(text: str, lang: str = "en") -> DateLine | None:
    """A date line, maybe with a place before it: ``New York, 11 November 2010``.

    The place ends at a comma (``,``, Arabic ``،`` or full-width ``，``); it starts
    with a letter, holds no digit, is at most 60 characters long and may itself hold
    commas (``Washington, D.C., 19 April 2021``).  ``text`` is the date as written
    (``le 19 avril 2021``), and ``line[place_text_end:] == text`` for the stripped line.
    """
    line = text.strip()
    found = parse_date(line, lang)
    if found:
        return DateLine(found.isoformat(), line)
    for sep in re.finditer(f"[{_SEPARATORS}]", line[: _MAX_PLACE + 1]):
        place = line[: sep.start()].strip()
        if not place or not place[0].isalpha() or any(ch.isdigit() for ch in place):
            continue
        start = len(line) - len(line[sep.end() :].lstrip())
        found = parse_date(line[start:], lang)
        if found:
            return DateLine(found.isoformat(), line[start:], place, start)
    return None


def find_dates(text: str, lang: str = "en") -> list[tuple[int, int, str]]:
    """Full dates inside running text: ``(start, end, ISO date)``, in order.

    ``text[start:end]`` is the date as written, without a leading weekday or article
    but with the Russian ``года``/``г.``.  Impossible dates are left out.

    >>> find_dates("Adopted on 19 April 2021, in force since 2022.")
    [(11, 24, '2021-04-19')]
    >>> find_dates("مؤتمر ١٩ نيسان/أبريل ٢٠٢١", "ar")
    [(6, 25, '2021-04-19')]
    """
    if not _has_digit(text, lang):  # the common case in running text: nothing to look at
        return []
    c = _compiled(lang)
    out = []
    for lo, hi in _windows(text):
        for m in c.search.finditer(text, lo, hi):
            found = _read(m, c)
            if found:
                out.append((m.start(), m.end(), found.isoformat()))
    return out


#: A year: every full date has one (any script's digits: \d is Unicode-aware).
_YEAR = re.compile(r"\d{4}")


#: Languages whose dates may be written in other digits (Arabic-Indic, full-width).
_OTHER_DIGITS = frozenset({"ar", "fa", "ur", "zh", "ja"})


def _has_digit(text: str, lang: str) -> bool:
    """Whether the text may hold a date's digits, cheaply.

    Substring tests run at C speed, far faster than a regular expression over the
    whole text.  Text with no ASCII digit can hold a date only in a language that
    writes other digits, and then only if it has non-ASCII characters at all.
    """
    if any(d in text for d in "0123456789"):
        return True
    return lang.split("-")[0] in _OTHER_DIGITS and not text.isascii()


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around each four-digit year, where a full date can be.

    Scanning only these (merged) instead of the whole text makes ``find_dates``
    several times faster on running text, where most sentences hold no year.  The
    patterns' look-behinds still see the text before a window, so a date is found
    exactly as a scan of the whole text would find it.
    """
    spans: list[tuple[int, int]] = []
    for m in _YEAR.finditer(text):
        lo, hi = max(0, m.start() - 48), min(len(text), m.end() + 24)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans
