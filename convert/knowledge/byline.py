"""Who a title block says is speaking: the byline grammar of real statements.

A statement's title block names its speaker in a few shapes, printed on one line or broken
over several (docs/master.md, "The head of a speech", lists where each was seen):

- formula, connector, byline, occasion: "Statement by / His Excellency Ana Ruiz, /
  Minister of Culture / at the General Debate of the 31st Session" (most General Debate
  statements);
- formula, office then name: "Remarks by President Ruiz before the ...", "Palabras de la
  presidenta Ana Ruiz ante la ...", "Выступление Министра культуры А.Б.Руиз на ...";
- a byline alone: "H.E. Ms. Ana Ruiz, Minister of Culture".

:func:`read_byline` takes the block with its line breaks (a line break ends a name as a
comma does) and returns the honorific, the name and the office as printed.  The occasion
is cut where a connector ("at the", "lors de", "ante la", "на") leads to an event's words.

    >>> b = read_byline("STATEMENT BY\\nH.E. MR. ADA LOVE\\nPRESIDENT OF THE REPUBLIC OF\\n"
    ...                 "ATLANTIS\\nAT THE GENERAL DEBATE OF THE 31ST SESSION", "en")
    >>> (b.honorific, b.name, b.office)
    ('H.E. MR.', 'ADA LOVE', 'PRESIDENT OF THE REPUBLIC OF ATLANTIS')
    >>> read_byline("Remarks by President Love Before the 31st Session", "en").name
    'Love'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .dates import find_dates
from .entities import find_entities
from .forms import (
    fold,
    forms,
    honorifics,
    looks_like_name,
    opens,
    ordinals_read,
    strip_honorifics,
    vocabulary,
)


@dataclass(frozen=True)
class Byline:
    """A speaker as a title block prints them; any part may be missing."""

    honorific: str | None = None
    name: str | None = None
    office: str | None = None


#: A name printed with initials joined to it: "С.В.Лавров", "R.O. Meredov", "M.V. Ruiz".
INITIALS_NAME = re.compile(r"(?:[A-ZА-ЯЁ]\.\s?){1,3}[A-ZА-ЯЁ][\w’'\-]+")
#: A name in Chinese characters, a transliterated one joined by a middle dot
#: ("潘基文", "安东尼奥·古特雷斯"), printed right after the office (pages-zh bylines).
CJK_NAME = re.compile(
    r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}(?:[·•・][\u4e00-\u9fff]{1,8}){1,3}"
)
#: An ordinal and "session": where an occasion starts when no connector leads to it
#: ("... of Atlantis 31ST SESSION OF THE ...").
SESSION = re.compile(
    r"\b\d{1,3}\S{0,4}\s+(?:session|sesión|período|periodo|sessione|sessão|сесси)", re.I
)


#: A word in lower case that ends a byline when no event follows it: the occasion or the
#: subject ("... Lena Hart at the Harbour Summit", "... on climate", "lors du sommet").
#: Not "to" ("Permanent Representative to the United Nations") nor "of", "for", "and".
TOPIC = re.compile(r"\s(?:at|on|before|during|upon|à|lors|devant|ante|sobre|durante|на|при)\s")


@cache
def _anywhere(kind: str, lang: str) -> re.Pattern[str]:
    """The forms of one kind found anywhere as whole words."""
    alternatives = "|".join(re.escape(fold(f.strip())) for f in forms(kind, lang))
    if not alternatives:
        return re.compile("(?!)")
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I)


@cache
def _events() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(fold(f)) for f in vocabulary()["events"]["forms"])
    return re.compile(f"(?:{alternatives})|{SESSION.pattern}", re.I)


@cache
def _post_nominal() -> re.Pattern[str]:
    return re.compile(vocabulary()["post_nominals"]["pattern"])


def read_byline(block: str, lang: str) -> Byline:
    """The honorific, name and office a title block (lines joined by ``\\n``) prints."""
    rest = _after_formula(block, lang)
    rest = rest[: occasion_at(rest, lang)]
    dates = find_dates(ordinals_read(rest), lang)
    rest = rest[: dates[0][0]] if dates else rest  # "... Ana Ruiz 27 September 2031"
    topic = TOPIC.search(rest)
    rest = rest[: topic.start() if topic else len(rest)].strip(" ,;:\n")
    if not rest:
        return Byline()
    honorific, rest = strip_honorifics(rest)
    if opens(rest, forms("offices", lang)):
        return _office_first(honorific, rest, lang)
    return _name_first(honorific, rest, lang)


def _after_formula(block: str, lang: str) -> str:
    """The block after its title formula and the connector that follows ("by", "de")."""
    m = _anywhere("title_openers", lang).search(fold(block[:60]))
    if m is None:
        return block
    rest = block[m.end() :].lstrip(" \n:")
    connector = None if _ENDS_CONNECTED.search(m.group(0)) else opens(rest, _connectors())
    if connector:
        rest = rest[len(connector) :].lstrip(" \n:")
    article = opens(rest, ARTICLES)
    return rest[len(article) :].lstrip() if article else rest


#: Articles between a connector and a byline: "by the President", "de la Présidente".
ARTICLES = ("the", "la", "le", "el", "l'", "l’", "les", "los", "las")


#: A title formula that holds its connector already ("Statement by", "Discours de").
_ENDS_CONNECTED = re.compile(r"\b(?:by|of|from|de|du|del|des|par|por|di|do|da)$", re.I)


@cache
def _connectors() -> tuple[str, ...]:
    return tuple(sorted(vocabulary()["byline_connectors"]["forms"], key=lambda f: -len(f)))


def opens_occasion(text: str) -> bool:
    """Whether ``text`` is an occasion from its first word ("GENERAL DEBATE FOR THE ...")."""
    return _events().match(fold(text)) is not None


def occasion_at(text: str, lang: str) -> int:
    """Where the occasion starts: the first connector that leads to an event's words within
    a few words, else the event's words themselves (an ordinal "session", "UNGA")."""
    events, folded = _events(), fold(text)
    caps = text.upper() == text
    for m in _anywhere("event_connectors", lang).finditer(folded):
        word = m.group(0)
        at_line_start = m.start() == 0 or text[m.start() - 1] == "\n"
        if not (word[0].islower() or caps or at_line_start or len(word) > 3):
            continue  # "Al Nahyan" is a name; "al 79 período", "Before the" connectors
        if events.search(folded[m.end() : m.end() + 50]) and m.start() > 0:
            return m.start()
    found = events.search(folded)
    return found.start() if found and found.start() > 0 else len(text)


def _office_first(honorific: str, text: str, lang: str) -> Byline:
    """ "<office>, <honorific> <name>", "<office>\\n<name>", "President Love", "Министра
    ... А.Б.Руиз"."""
    inside = _honorific_inside(text)
    if inside is not None:
        office, (more, name_part) = text[:inside], strip_honorifics(text[inside:].lstrip(" ,\n"))
        name = _leading_name(name_part)
        return Byline(_join(honorific, more), name, _office(office))
    lines = [line.strip(" ,") for line in text.split("\n") if line.strip(" ,")]
    if len(lines) > 1 and looks_like_name(lines[-1], 2) and not _is_office(lines[-1], lang):
        return Byline(honorific or None, lines[-1], _office(" ".join(lines[:-1])))
    flat = " ".join(lines)
    initials = INITIALS_NAME.search(flat)
    if initials and initials.end() >= len(flat.rstrip(" .,")) - 1:
        return Byline(honorific or None, initials.group(0), _office(flat[: initials.start()]))
    parts = [p.strip() for p in flat.split(",")]
    if len(parts) > 1 and looks_like_name(parts[-1], 2) and not _is_office(parts[-1], lang):
        return Byline(honorific or None, parts[-1], _office(", ".join(parts[:-1])))
    tail = _name_after_place(flat, lang)
    if tail is not None:
        return Byline(honorific or None, flat[tail:].strip(" ,"), _office(flat[:tail]))
    bare = opens(flat, forms("offices", lang)) or ""
    after = flat[len(bare) :].strip()
    if CJK_NAME.fullmatch(after):
        return Byline(honorific or None, after, flat[: len(bare)])  # "秘书长潘基文"
    if bare and "\u3000" <= bare[-1] <= "\u9fff":
        return Byline(honorific or None, None, flat[: len(bare)])  # "秘书长就...致辞"
    if after and looks_like_name(after) and not _is_office(after, lang) and after[0].isupper():
        return Byline(honorific or None, after, flat[: len(bare)])  # "President Love"
    return Byline(honorific or None, None, _office(flat))


def _name_after_place(text: str, lang: str) -> int | None:
    """Where a name printed after its office's country starts: "President of the Republic
    of Atlantis Ada Love" (the gazetteer says where the country ends)."""
    places = [m for m in find_entities(text, lang) if m.kind in ("country", "location")]
    if not places:
        return None
    end = places[-1].end
    rest = text[end:].strip(" ,")
    if looks_like_name(rest, 2) and not _is_office(rest, lang):
        return end
    return None


def _name_first(honorific: str, text: str, lang: str) -> Byline:
    """ "<name>[, <post-nominals>][,] <office>", the name ending at a comma, a line break or
    an office's first word."""
    head, sep, tail = _first_break(text)
    offices = forms("offices", lang)
    head, office = split_at_office(head, lang)
    if office:
        tail = office + sep + tail
    name = re.sub(r"\s*\([A-Z]{1,6}\)$", "", head.strip(" ,"))
    if not looks_like_name(name, 1 if honorific else 2) or _named_thing(name, lang):
        return Byline(honorific or None, None, _office(text) if opens(text, offices) else None)
    name, tail = _suffixes(name, tail)
    return Byline(honorific or None, name, _office(tail))


def split_at_office(text: str, lang: str) -> tuple[str, str]:
    """A name printed with its office after it and no comma ("ADA LOVE PRESIDENT OF X"):
    the name, and the office from the word where an office starts ("" if none does)."""
    words = text.split()
    offices = forms("offices", lang)
    for i in range(1, len(words)):
        if opens(" ".join(words[i:]), offices):
            return " ".join(words[:i]), " ".join(words[i:])
    return text, ""


def _named_thing(name: str, lang: str) -> bool:
    """Whether a name-like run of capitalised words is an organization or a place the
    vocabularies know ("United Nations General Assembly", "New York")."""
    found = find_entities(name, lang, kinds={"organization", "location"})
    return sum(m.end - m.start for m in found) >= 0.6 * len(name)


def _first_break(text: str) -> tuple[str, str, str]:
    """``text`` split at its first comma or line break."""
    m = re.search(r"[,\n]", text)
    if m is None:
        return text, "", ""
    return text[: m.start()], m.group(0), text[m.end() :]


def _suffixes(name: str, tail: str) -> tuple[str, str]:
    """Post-nominal letters after the name are dropped from the office ("S.C. M.P.");
    a generational suffix joins the name ("Ada Love, Sr.")."""
    generational = vocabulary()["post_nominals"]["generational"]
    while True:
        part, _sep, rest = _first_break(tail.lstrip(" ,\n"))
        tokens = part.split()
        if not tokens or not all(_post_nominal().match(t.strip(",")) for t in tokens):
            if part.strip().lower() in generational:
                name, tail = f"{name}, {part.strip()}", rest
                continue
            return name, tail
        if len(tokens) == 1 and tokens[0].lower() in generational:
            name = f"{name}, {tokens[0]}"
        tail = rest


def _honorific_inside(text: str) -> int | None:
    """Where a honorific that opens a name starts inside ``text`` ("<office>, H.E. Ana
    Ruiz", "<office> EXCMO. SR. D. ANA RUIZ")."""
    for m in re.finditer(r"[,\n]\s*|\s+", text):
        after = text[m.end() :]
        if opens(after, honorifics()) and _leading_name(strip_honorifics(after)[1]):
            return m.start()
    return None


def _leading_name(text: str) -> str | None:
    head = _first_break(text)[0].strip(" ,")
    return head if looks_like_name(head) else None


def _is_office(text: str, lang: str) -> bool:
    return bool(opens(text, forms("offices", lang)))


def _office(text: str) -> str | None:
    office = " ".join(text.replace("\n", " ").split()).strip(" ,;:")
    return office or None


def _join(*parts: str | None) -> str | None:
    joined = " ".join(p for p in parts if p)
    return joined or None


__all__ = ["Byline", "occasion_at", "opens_occasion", "read_byline", "split_at_office"]
