"""The head of a speech: what each line printed before the first paragraph is.

Real pages and statements print, before the speech, any of: page furniture and site
chrome, a letterhead, a document symbol, a title over one or more lines, a byline (a name,
an office), a place and a date, a delivery note and a translation note, then the
salutations and the body, in many orders (docs/master.md lists the forms and where they
were seen).  :func:`classify` says what one line is from evidence in the line itself (the
vocabularies of ``data/head.json`` and ``data/un.json``, dates, capitals, length), never
from its position; :func:`read_head` reads the leading lines in order, joins a title or an
office printed over several lines, and stops at the first salutation or paragraph.

    >>> head = read_head(["Statement by H.E. Ms. Ana Ruiz, Minister of Culture",
    ...                   "New York, 26 September 2031", "Check against delivery",
    ...                   "Mr. President,"], "en")
    >>> (head.title, head.name, head.office)
    ('Statement by H.E. Ms. Ana Ruiz, Minister of Culture', 'Ana Ruiz', 'Minister of Culture')
    >>> (head.date.iso, head.status)
    ('2031-09-26', 'Check against delivery')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any

from . import ontology
from .byline import CJK_NAME, occasion_at, opens_occasion, read_byline, split_at_office
from .dates import DateLine, find_dates, month_year, parse_date_line, weekday_names
from .entities import find_entities
from .forms import (
    OCR_ORDINAL,
    fold,
    forms,
    honorifics,
    looks_like_name,
    opens,
    ordinals_read,
    vocabulary,
)
from .patterns import BREADCRUMB, LABEL, salutation_pattern, status_concept


class Kind(StrEnum):
    """What a line at the head of a speech is."""

    FURNITURE = "furniture"  # page numbers, print headers, addresses, captions: not the text
    CHROME = "chrome"  # a site's banner or navigation line (data/un.json "chrome")
    LETTERHEAD = "letterhead"  # a mission's, ministry's or state's heading
    SYMBOL = "symbol"  # a UN document symbol: SG/SM/22145, A/79/PV.3
    DATE = "date"  # a date line, maybe with a place
    PLACE = "place"  # a place alone ("Location: New York")
    STATUS = "status"  # a delivery note
    TRANSLATION = "translation"  # "Unofficial translation"
    NOTE = "note"  # an editor's note in square brackets that is no delivery note
    NAME = "name"  # a byline: a person's name, maybe with honorific and office
    OFFICE = "office"  # a byline's office on a line of its own
    TITLE = "title"  # a line that opens or is a title
    EVENT = "event"  # a line naming the occasion (a title's continuation)
    SALUTATION = "salutation"  # "Mr. President," (the body starts here)
    OTHER = "other"  # a short line that is none of the above
    BODY = "body"  # a paragraph


#: Kinds that belong to a title block when they follow a title line.
TITLE_PARTS = frozenset({Kind.TITLE, Kind.EVENT, Kind.OTHER})
#: Kinds that show the leading lines are a head, so that a line in capitals or a short
#: line among them may be its title (without them such a line may open the speech).
CONFIRMING = frozenset(
    {Kind.DATE, Kind.PLACE, Kind.STATUS, Kind.NAME, Kind.OFFICE, Kind.LETTERHEAD, Kind.SYMBOL}
)
#: The longest line a head holds (a title sentence); longer ones are paragraphs.
MAX_HEAD_LINE = 400
#: How many lines a head may run to before the speech must have started.
MAX_HEAD_LINES = 25
#: A sentence ending inside a line, or at its end.
SENTENCE_END = re.compile(r"[.!?。！？؟](?:['\"’”»)\]]*)(?:\s|$)")
#: Abbreviations whose full stop ends no sentence: initials ("H.E.", "M.V.", "U.S.A."),
#: honorifics and titles ("Mr.", "Dr.", "Hon.", "Amb.", "Excmo.", "S.E.M.").
ABBREVIATION = re.compile(
    r"\b(?:[A-ZА-Я]\.\s?){1,4}|\b(?:Mr|Mrs|Ms|Dr|St|Sr|Sra|Jr|Hon|Prof|Rt|Amb|Excmo|Excma|"
    r"Gen|Col|Sen|Rep|No|Nos|Vol|etc|M|Mme|Mlle|Me|Sr|Dña|Dr|г|гг|тов)\.",
    re.I,
)


def _sentence_end(text: str) -> re.Match[str] | None:
    """A sentence ending in ``text``, abbreviations set aside."""
    return SENTENCE_END.search(ABBREVIATION.sub(lambda m: m.group(0).replace(".", "·"), text))


#: Decoration around a delivery note: brackets, dashes, stars, "please".
DECORATION = re.compile(r"^[\s\[\](){}*_\-–—!.:\"“”«»]+|[\s\[\](){}*_\-–—!.:\"“”«»]+$")
#: A UN document symbol, or two joined by a hyphen (press releases).
SYMBOL = re.compile(r"(?:[A-Z]{1,6}/)+[A-Z0-9.]+(?:\s*[-–]\s*(?:[A-Z]{1,6}/)+[A-Z0-9.]+)*")
#: A place given with a label: "Location: New York".
PLACE_LABEL = re.compile(
    r"(?i)(?:location|place|venue|lieu|lugar|место)\s*:\s*(?P<place>\S.{0,60})"
)
#: Words a date line may hold beside the date and the place.
DATE_WORDS = frozenset(
    [
        "on",
        "the",
        "at",
        "in",
        "le",
        "el",
        "la",
        "den",
        "am",
        "на",
        "في",
        "le,",
        "on,",
        "at,",
        "in,",
        "de",
        "del",
    ]
)


@dataclass(frozen=True)
class Line:
    """One classified head line and the facts it gives."""

    #: what the line is, and the line as printed (whitespace collapsed)
    kind: Kind
    text: str
    #: a title line that opens with a title formula ("Statement by", "Discours de"), and
    #: a line the reader read as a heading (a title on a line of its own)
    opener: bool = False
    heading: bool = False
    #: a delivery note's status concept (``data/un.json``)
    concept: dict[str, str] | None = None
    #: a date line's date and place, or a place line's place
    date: DateLine | None = None
    place: str | None = None
    #: a byline's name, honorific and office
    name: str | None = None
    honorific: str | None = None
    office: str | None = None


@dataclass
class Head:
    """What the head of a speech says, and which of its leading lines it took."""

    lines: list[Line] = field(default_factory=list)
    title: str | None = None
    name: str | None = None
    honorific: str | None = None
    office: str | None = None
    date: DateLine | None = None
    place: str | None = None
    status: str | None = None
    #: the lines ``[start, end)`` that the title block joins
    title_span: tuple[int, int] = (0, 0)

    @property
    def end(self) -> int:
        """How many leading lines belong to the head."""
        return len(self.lines)


@cache
def chrome_lines() -> dict[str, dict[str, Any]]:
    """The site chrome of ``data/un.json`` by its text, lower case and spacing collapsed."""
    return {" ".join(c["text"].split()).lower(): c for c in ontology.facts()["chrome"]}


@cache
def _furniture() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in vocabulary()["furniture"]["patterns"]), re.I)


def _is_caps(text: str) -> bool:
    cased = [c for c in text if c.isalpha() and (c.isupper() or c.islower())]
    return len(cased) >= 4 and all(c.isupper() for c in cased)


@lru_cache(maxsize=4096)
def classify(text: str, lang: str) -> Line:
    """What one line at the head of a speech is (see :class:`Kind`)."""
    line = " ".join(text.split())
    if len(line) > MAX_HEAD_LINE:
        return Line(Kind.BODY, line)
    for test in (_furniture_line, _status_line, _translation_line, _symbol_line, _date_line):
        found = test(line, lang)
        if found is not None:
            return found
    if THEME.match(line):
        return Line(Kind.OTHER, line)  # "Theme: ..." under a title is no salutation
    if line.endswith((":", "：")) and opens(line, forms("press_intros", lang)):
        return _press_intro(line, lang)
    if _salutation(BULLET.sub("", line)):
        return Line(Kind.SALUTATION, line)
    if len(line) > MAX_HEAD_LINE:
        return Line(Kind.BODY, line)
    if _is_caps(line) and _is_place(line, lang):  # "NEW YORK" under a title in capitals
        return Line(Kind.PLACE, line, place=line.strip(" ,.;"))
    for test in (_titled, _byline, _letterhead, _title_line):
        found = test(line, lang)
        if found is not None:
            return found
    if _sentence_end(line):
        return Line(Kind.BODY, line)
    if line.endswith((":", "：")) and len(line) <= 160:  # "Fellow members of the council:"
        return Line(Kind.SALUTATION, line)
    if _is_place(line, lang):
        return Line(Kind.PLACE, line, place=line.strip(" ,.;"))
    if len(line) <= 160:
        return Line(Kind.OTHER, line)
    return Line(Kind.BODY, line)


#: A list bullet as OCR reads it before a salutation ("e Your Excellency ...", "« Monsieur
#: le Président ...": ga79 mw, tz, ml print the salutations as a bulleted list).
BULLET = re.compile(r"^[e•«*o·▪\-–]\s+(?=[A-ZÀ-ÝА-Я])")


def _press_intro(line: str, lang: str) -> Line:
    """A press release's line before the text it releases ("Following is UN
    Secretary-General Ana Ruiz's message on ...:"): an editor's note, which names the
    speaker and the office as the entity vocabularies know them."""
    found = find_entities(line, lang)
    person = next((m for m in found if m.kind == "person"), None)
    role = next((m for m in found if m.kind == "role"), None)
    return Line(
        Kind.NOTE,
        line,
        name=line[person.start : person.end] if person else None,
        office=line[role.start : role.end] if role else None,
    )


def _salutation(line: str) -> bool:
    """ "Mr. President,", "Excellencies,", an addressee line ending with a comma."""
    opens_one = salutation_pattern().match(line)
    return bool(
        _addressed(line)
        or salutation_pattern().fullmatch(line)
        or (opens_one and line.endswith((",", ":", ";", "،", "，", "：")))
        or _salutation_opens(line)
    )


def _salutation_opens(line: str) -> bool:
    """A line opening with a salutation that goes on over the next line ("Your Excellency
    Ana Ruiz, President of the" / "General Assembly,"), not a byline's honorific."""
    opener = opens(line, _salutation_openers())
    return bool(opener) and not opens(line, honorifics()) and _sentence_end(line) is None


@cache
def _salutation_openers() -> tuple[str, ...]:
    return tuple(sorted(set(ontology.facts()["salutations"]), key=lambda s: (-len(s), s)))


def _addressed(line: str) -> bool:
    """A line naming the audience's offices that ends as a salutation does ("President of
    the General Assembly,", "Secretary-General of the United Nations;")."""
    if not line.endswith((",", ";", ":", "،", "，")) or len(line) > 200:
        return False
    low = fold(line[:80]).lower()
    addressed = vocabulary()["addressed"]
    return any(fold(form) in low for form in addressed["forms"]) or any(
        re.search(pattern, low) for pattern in addressed["patterns"]
    )


def _is_place(line: str, lang: str) -> bool:
    """A line that is only a place the gazetteer knows ("New York", "Nueva York, USA")."""
    text = line.strip(" ,.;")
    if len(text) > 40 or not text or text[0].islower():
        return False  # "of the Republic of X" goes on with the line before
    if _is_caps(text):  # the gazetteer knows "New York", not "NEW YORK"
        text = text.title()
    found = [m for m in find_entities(text, lang) if m.kind == "location"]
    covered = sum(m.end - m.start for m in found)
    return bool(found) and covered >= len(re.sub(r"[\W_]", "", text)) * 0.6


def _furniture_line(line: str, lang: str) -> Line | None:
    if line.lower() in chrome_lines():
        return Line(Kind.CHROME, line)
    if BREADCRUMB.match(line) or _furniture().search(line) or _ornament(line):
        return Line(Kind.FURNITURE, line)
    return None


def _ornament(line: str) -> bool:
    """A rule of letters read by OCR from a printed ornament ("KREKEKRKEEKE", ga79 mu):
    one word of six letters or more, made of three letters or fewer."""
    return " " not in line and len(line) >= 6 and line.isalpha() and len(set(line.lower())) <= 3


def _status_line(line: str, lang: str) -> Line | None:
    core = DECORATION.sub("", line)
    concept = status_concept(core)
    if line.startswith("[") and line.endswith("]") and len(line) <= 300:
        return Line(Kind.STATUS if concept else Kind.NOTE, line, concept=concept)
    if concept is None or len(core) > 60:
        return None
    low = core.lower()
    marker = next(
        (m for spec in ontology.facts()["status"] for m in spec["markers"] if m in low), ""
    )
    rest = re.sub(r"[\W_]+", " ", low.replace(marker, " ")).split()
    if len(rest) > 2 or sum(len(w) for w in rest) > 10:  # more than "please" or "E&OE"
        return None
    return Line(Kind.STATUS, line, concept=concept)


def _translation_line(line: str, lang: str) -> Line | None:
    core = DECORATION.sub("", line)
    if len(core) <= 60 and opens(core, forms("translation_notes", lang)):
        return Line(Kind.TRANSLATION, line)
    return None


def _symbol_line(line: str, lang: str) -> Line | None:
    if SYMBOL.fullmatch(line):
        return Line(Kind.SYMBOL, line)
    return None


def _date_line(line: str, lang: str) -> Line | None:
    """A line that is a date, maybe with a place, a weekday and brackets around it."""
    labelled = PLACE_LABEL.fullmatch(line)
    if labelled:
        return Line(Kind.PLACE, line, place=labelled["place"].strip())
    core = DECORATION.sub("", line)
    if len(core) > 120:
        return None
    printed, core = core, OCR_ORDINAL.sub(r"\1", core)
    spans = find_dates(core, lang)
    if not spans:
        return Line(Kind.DATE, line) if month_year(core, lang) else None
    start, end, _iso = spans[0]
    rest = (core[:start] + " " + core[end:]).replace(",", " ").replace("،", " ").split()
    words = [w for w in rest if w.lower().strip(".") not in DATE_WORDS]
    weekdays = [w for w in words if _is_weekday(w, lang)]
    if len(words) - len(weekdays) > 6 or _sentence_end(core[:start]):
        return None
    found = parse_date_line(core, lang)
    place = found.place if found else None
    if found is None:
        found = parse_date_line(core[start:end], lang)
        before = core[:start].strip(" ,،(")
        place = before if before and not _is_weekday(before.split()[-1], lang) else None
    if found is None:
        return None
    if found.text not in printed:  # read through an OCR'd ordinal: the printed words stand
        found = DateLine(found.iso, printed, found.place, found.place_text_end)
    return Line(Kind.DATE, line, date=found, place=place)


def _is_weekday(word: str, lang: str) -> bool:
    return word.strip(",.").lower() in weekday_names(lang)


def _byline(line: str, lang: str) -> Line | None:
    """A name with an honorific ("His Excellency Muhammad Yunus"), maybe with its office
    after a comma, or an office on its own line ("Chief Adviser")."""
    honorific = opens(line, honorifics())
    if honorific:
        rest = line[len(honorific) :].strip(" ,")
        more = opens(rest, honorifics())
        while more:  # "H.E. Mr.", "His Excellency Professor"
            honorific += " " + rest[: len(more)].strip()
            rest = rest[len(more) :].strip(" ,")
            more = opens(rest, honorifics())
        name, _, office = rest.partition(",")
        name, office = _split_office(name.strip(), office, lang)
        if looks_like_name(name):
            return Line(
                Kind.NAME,
                line,
                name=name,
                honorific=line[: len(line) - len(line[len(honorific) :].lstrip())].strip(),
                office=office.strip(" ,") or None,
            )
    opener = opens(line, forms("offices", lang))
    possessive = opener and line[len(opener) : len(opener) + 1] in ("'", "’")
    rest = line[len(opener or "") :].strip(" ,")
    if opener and "\u3000" <= opener[-1] <= "\u9fff" and rest and not CJK_NAME.fullmatch(rest):
        return None  # "秘书长就...致辞" is a title naming the office, "秘书长潘基文" a byline
    if opener and not possessive and len(line) <= 140 and not _sentence_end(line):
        return Line(Kind.OFFICE, line, office=line.strip(" ,"))
    return None


def _split_office(name: str, office: str, lang: str) -> tuple[str, str]:
    """A name printed with its office after it and no comma ("ADA LOVE PRESIDENT OF X")."""
    name, before = split_at_office(name, lang)
    return name, f"{before} {office}".strip(" ,") if before else office


def _letterhead(line: str, lang: str) -> Line | None:
    opener = opens(line, tuple(vocabulary()["letterheads"]["openers"]))
    if opener and (_is_caps(line) or len(line) <= 90) and not _sentence_end(line):
        return Line(Kind.LETTERHEAD, line)
    return None


#: A title naming its speaker in the possessive: "Secretary-General's remarks to ...",
#: "President of the General Assembly's message on ..." (pages-en: un.org titles).
POSSESSIVE_TITLE = re.compile(
    r"[^,.:;]{1,80}?['’]s\s+(?:(?:opening|closing|video|keynote|welcome|farewell)\s+)?"
    r"(?:remarks|message|address|statement|speech|briefing|observations|lecture)\b",
    re.I,
)


#: A press release's headline: who, the occasion between commas, then what they say
#: ("Secretary-General, in Message for World Day, Calls for ...": pages-en, press.un.org
#: SG/SM and GA releases).
PRESS_HEADLINE = re.compile(
    r"[^,.:;]{3,80}, (?:in|at|during|on|addressing|opening|closing) [^,]{3,160}, "
    r"(?:says|calls|urges|stresses|warns|notes|tells|highlights|underlines|appeals|"
    r"expresses|welcomes|commends|condemns|pledges|reaffirms|emphasizes|emphasises)\b",
    re.I,
)


def _titled(line: str, lang: str) -> Line | None:
    """A line opening with a title formula: "Statement by", "Discours de", "Выступление",
    "<office>'s remarks"."""
    if (
        opens(line, forms("title_openers", lang))
        or POSSESSIVE_TITLE.match(line)
        or PRESS_HEADLINE.match(line)
    ):
        return Line(Kind.TITLE, line, opener=True)
    return None


def _title_line(line: str, lang: str) -> Line | None:
    closers = vocabulary()["title_closers"].get(lang.split("-")[0], [])
    if any(line.endswith(c) for c in closers) and len(line) <= 120:
        return Line(Kind.TITLE, line)
    low = line.lower()
    if any(e in low for e in vocabulary()["events"]["forms"]) and not _sentence_end(line):
        return Line(Kind.EVENT, line)
    if _is_caps(line) and len(line) <= 200:
        return Line(Kind.TITLE, line)
    return None


def read_head(lines: Sequence[str], lang: str, headings: frozenset[int] = frozenset()) -> Head:
    """Classify the leading lines of a speech; stop at its first salutation or paragraph.

    A short line that reads like a sentence before anything else of the head was found
    (an OCR'd emblem, a motto) does not end the head; a paragraph does.
    """
    head = Head()
    classified = [classify(text, lang) for text in lines[: MAX_HEAD_LINES + 1]]
    for i, line in enumerate(classified[:MAX_HEAD_LINES]):
        if i in headings and _heading_title(line):
            line = Line(Kind.TITLE, line.text, opener=True, heading=True)
        elif line.kind is Kind.BODY and (
            (_stray(line.text) and not _found(head))
            or (len(line.text) < SHORT_BODY and _head_goes_on(classified, i))
        ):
            line = Line(Kind.OTHER, line.text)
        second = (
            line.opener
            and (_title_closed(head) or (line.heading and _has_title(head)))
            and not _head_ahead(classified, i)
            and not (_formula(line, lang) and not any(_formula(x, lang) for x in head.lines))
        )  # a formula after a state's name in capitals is the title, not a heading
        if line.kind in (Kind.SALUTATION, Kind.BODY) or second:
            break  # a second title after the first was closed is the speech's first heading
        if _goes_on_letterhead(head, line):
            line = Line(Kind.LETTERHEAD, line.text)
        head.lines.append(line)
    _settle(head, lang)
    return head


#: A sentence shorter than this before the head has found anything is not yet the speech.
SHORT_BODY = 60


def _heading_title(line: Line) -> bool:
    """Whether a line the reader read as a heading (a line in capitals on its own) is a
    title: not an occasion ("GENERAL DEBATE"), a connector ("AT THE") or a theme, which
    a statement's cover prints on lines of their own too (ga79: my, sb, mu and others)."""
    if line.kind not in (Kind.OTHER, Kind.TITLE, Kind.BODY):
        return False
    return not (_CONNECTOR_LINE.fullmatch(line.text) or THEME.match(line.text))


def _stray(text: str) -> bool:
    """A short line that is no sentence though it holds "!" or "?" (an emblem read by OCR)."""
    return len(text) < SHORT_BODY and not re.search(r"[.!?。！？؟]['\"’”»)\]]*$", text)


def _has_title(head: Head) -> bool:
    return any(line.kind is Kind.TITLE for line in head.lines)


def _title_closed(head: Head) -> bool:
    """Whether a title line was followed by a line of another kind (a date, a byline...)."""
    kinds = [line.kind for line in head.lines]
    if Kind.TITLE not in kinds:
        return False
    after = kinds[kinds.index(Kind.TITLE) :]
    return any(k not in (*TITLE_PARTS, Kind.NAME, Kind.OFFICE) for k in after)


def _head_ahead(classified: list[Line], i: int) -> bool:
    """Whether a date or a delivery note follows within three lines: a line in capitals
    on its own between the title and them ("NEW YORK", "GENERAL DEBATE", the end of the
    theme) is still the head's, not the speech's first heading."""
    ahead = classified[i + 1 : i + 4]
    return any(line.kind in (Kind.DATE, Kind.STATUS) for line in ahead)


def _head_goes_on(classified: list[Line], i: int) -> bool:
    """Whether the line after ``i`` is plainly part of a head (a byline, a date, a delivery
    note, the occasion): then a short line that reads like a sentence is still the head's."""
    nxt = classified[i + 1] if i + 1 < len(classified) else None
    return nxt is not None and nxt.kind in CONFIRMING | {Kind.EVENT}


def _goes_on_letterhead(head: Head, line: Line) -> bool:
    """A line in capitals that is no title formula, right under a letterhead line, goes on
    with the letterhead ("PERMANENT MISSION OF THE" / "REPUBLIC OF X" / "TO THE UNITED
    NATIONS")."""
    return (
        bool(head.lines)
        and head.lines[-1].kind is Kind.LETTERHEAD
        and line.kind in (Kind.TITLE, Kind.OTHER, Kind.EVENT)
        and not line.opener
        and (_is_caps(line.text) or len(line.text) <= 12)
    )


def _found(head: Head) -> bool:
    return any(
        line.kind in (Kind.TITLE, Kind.DATE, Kind.NAME, Kind.OFFICE, Kind.STATUS)
        for line in head.lines
    )


def _title_block(lines: list[Line], lang: str) -> tuple[int, int]:
    """Where the title block starts and ends: from the first title line through the lines
    that go on with it (the byline and the occasion of a statement's cover, a title over
    several lines), but not a byline that only follows it, nor the theme under it."""
    start = next((i for i, line in enumerate(lines) if _formula(line, lang)), -1)
    if start < 0:  # a line the reader read as a heading, when none opens with a formula
        start = next((i for i, line in enumerate(lines) if line.opener), -1)
    if start < 0 and any(line.kind in CONFIRMING for line in lines):
        start = next((i for i, line in enumerate(lines) if line.kind in TITLE_PARTS), -1)
    if start < 0:
        return 0, 0
    end = start + 1
    if lines[start].heading and not _open_formula(lines[start].text, lang):
        return start, end  # a heading is a whole title line
    formula = lines[start].opener
    while end < len(lines) and (  # a place goes on with "... OF" / "THE GAMBIA"
        lines[end].kind in (*TITLE_PARTS, Kind.NAME, Kind.OFFICE)
        or (lines[end].kind is Kind.PLACE and _DANGLING_WORD.search(lines[end - 1].text))
        or (lines[end].kind is Kind.DATE and _date_goes_on(lines[end - 1], lines[end], lang))
    ):
        line = lines[end]
        if (
            THEME.match(line.text)
            or _ends_sentence(lines[end - 1].text)
            or (
                line.kind in (Kind.OTHER, Kind.TITLE)
                and not _goes_on_title(lines[start:end], line, formula, lang)
            )
        ):
            break
        end += 1
    if _DANGLING.search(lines[start].text) or _OCCASION.search(lines[end - 1].text):
        return start, end  # "Statement by" / name / office / "at the ...": one sentence
    while end > start + 1 and _byline_only(lines[end - 1]) and not _open(lines[end - 2]):
        end -= 1  # a byline under the title is not part of it
    return start, end


def _date_goes_on(before: Line, line: Line, lang: str) -> bool:
    """Whether a date line ends the title line before it: the line break cuts the title's
    phrase ("... at the United Nations" / "General Assembly, 26 September 2031") or its
    byline ("... By Prime Minister" / "Ana Ruiz 27 September 2031")."""
    if line.date is None:
        return False
    spans = find_dates(ordinals_read(line.text), lang)
    head = line.text[: spans[0][0]].strip(" ,(") if spans else (line.date.place or "")
    if not head:
        return False
    end = before.text.rstrip()
    return bool(
        _DANGLING_WORD.search(end)
        or _one_phrase(end, line.text)
        or (opens(end.split()[-1], forms("offices", lang)) and looks_like_name(head, 2))
    )


def _open(line: Line) -> bool:
    """A title line that stops on a comma or a word that needs more."""
    end = line.text.rstrip()
    return end.endswith(",") or bool(_DANGLING_WORD.search(end))


def _ends_sentence(text: str) -> bool:
    """A line that ends with a full stop that closes a sentence (not "H.E.", "Sr.")."""
    found = _sentence_end(text.rstrip())
    return found is not None and found.end() >= len(text.rstrip())


#: The theme printed under a statement's title: quoted, or after "Theme:" (ga79: ao, bw,
#: cf, mu, and others print the session's theme between the occasion and the date).
THEME = re.compile(r"^(?:[\"“«„‘']|(?:theme|thème|tema|тема|الموضوع|主题)\s*:)", re.I)


def _goes_on_title(block: list[Line], line: Line, formula: bool, lang: str) -> bool:
    """Whether a line of no known kind goes on with the title block: both it and the line
    before are in capitals (a title over several lines), or a title that opens with its
    formula is still open (it stops on a comma or a word that needs more, or it is at its
    byline: a connector, a honorific, a name, the rest of an office).  A line in lower
    case that goes on with a paragraph was joined to it by the reader already: here it
    stood apart, so it is not the title's."""
    before, text = block[-1], line.text
    if line.kind is Kind.TITLE and not _is_caps(before.text) and not formula:
        return True
    if _is_caps(before.text) and _is_caps(text):
        return True
    if not formula:
        return False
    # a comma or a dangling word carries a title that opens with its formula, not a line
    # taken for a title only because a head surrounds it
    end = before.text.rstrip()
    if end.endswith((",", "-", "–", "—")) or _DANGLING_WORD.search(end):
        return True
    if _CONNECTOR_LINE.fullmatch(text) or _CONTINUES.match(text) or _one_phrase(end, text):
        return True
    if LABEL.match(text):
        return False  # "MS. RUIZ: ..." opens the verbatim record
    # the byline printed inside the title: right after a title that is only its formula
    # ("STATEMENT" / "BY" / name), or after a byline line already taken in
    in_byline = not any(b.kind is Kind.EVENT for b in block) and (
        _open_formula(block[0].text, lang)
        or (
            len(block) > 1
            and (before.kind in (Kind.NAME, Kind.OFFICE) or _open(block[-2]) or _open(before))
        )
    )
    return in_byline and (
        bool(opens(text, honorifics()))
        or looks_like_name(text.strip(" ,."), 2)
        or (before.kind in (Kind.NAME, Kind.OFFICE) and " of " in f" {text.lower()} ")
    )


#: Kinds of line that stand apart even when printed right under another line of a
#: paragraph (a date under a title wrapped to the same width).
APART = frozenset(
    {
        Kind.DATE,
        Kind.PLACE,
        Kind.STATUS,
        Kind.SALUTATION,
        Kind.SYMBOL,
        Kind.TRANSLATION,
        Kind.FURNITURE,
        Kind.CHROME,
    }
)


def starts_apart(before: str, text: str, lang: str) -> bool:
    """Whether a printed line that a reader joined to the line before is a head line of
    its own: a date, a place, a delivery note, a salutation, a title formula; not when the
    line before stops on a word that needs it, or a line break cuts an event's name."""
    line = classify(text, lang)
    if (line.kind not in APART and not line.opener) or (line.kind is Kind.DATE and not line.date):
        return False  # "April 2031" under "... on 19": a date cut by the wrap
    end = before.rstrip()
    return not (_DANGLING_WORD.search(end) or _one_phrase(end, text) or _cut_date(end, text))


def _cut_date(before: str, text: str) -> bool:
    """Whether a line break cuts a date ("... on 19" / "April 2031 ...")."""
    left, right = " ".join(before.split()[-3:]), " ".join(text.split()[:3])
    return any(start < len(left) < end for start, end, _ in find_dates(f"{left} {right}"))


def _formula(line: Line, lang: str) -> bool:
    """A title line that opens with a title formula (not only a heading)."""
    return line.opener and (not line.heading or _titled(line.text, lang) is not None)


def _open_formula(text: str, lang: str) -> bool:
    """A title line that is only its formula, or stops on its connector ("STATEMENT",
    "DISCOURS", "STATEMENT BY"): the byline and the occasion follow on other lines."""
    formula = opens(text, forms("title_openers", lang))
    return bool(_DANGLING.search(text)) or (
        formula is not None and len(formula.strip()) >= len(text.strip(" :")) - 1
    )


def _one_phrase(before: str, text: str) -> bool:
    """Whether a line break cuts an event's name ("... of the General" / "Assembly of
    the United Nations"): the words either side of it make an event form neither has."""
    left, right = " ".join(before.split()[-3:]), " ".join(text.split()[:3])
    joined = fold(f"{left} {right}").lower()
    return any(
        e in joined and e not in fold(left).lower() and e not in fold(right).lower()
        for e in vocabulary()["events"]["forms"]
    )


#: A line that is only a connector: "BY", "at", "AT THE", "de", "lors de la".
_CONNECTOR_LINE = re.compile(
    r"(?i)(?:by|of|at|at the|to the|during the|before the|on the occasion of|de|du|del|"
    r"lors de(?: la)?|à l'occasion de(?: la)?|ante la|en el|на)\s*:?"
)
#: A line that goes on with the one before it: a connector first ("of the United
#: Nations", "de la République"), in any case.
_CONTINUES = re.compile(
    r"(?i)(?:of|and|at|to|for|in|on|de|du|des|del|la|le|et|y|и|da|do|della|на|в)\s"
)


#: A line that stops on a word that cannot end a title ("... of the", "Statement by").
_DANGLING_WORD = re.compile(
    r"\b(?:by|of|the|at|to|for|and|on|in|from|de|du|des|del|la|le|les|el|los|las|et|y|"
    r"à|au|aux|en|por|par|pour|para)\s*:?$",
    re.I,
)
#: A title line that stops on a word that needs what follows ("Statement by").
_DANGLING = re.compile(r"\b(?:by|of|from|de|du|del|des|por|par)\s*:?$", re.I)


def _byline_only(line: Line) -> bool:
    """A name or office line, or a short line that is only a name."""
    if line.kind in (Kind.NAME, Kind.OFFICE):
        return True
    text = line.text.strip(" ,.")
    return line.kind is Kind.OTHER and looks_like_name(text, 2) and not _office_or_event(text, "en")


def _settle(head: Head, lang: str) -> None:
    """The head's facts from its lines: the title block joined, the byline, date, status."""
    start, end = _title_block(head.lines, lang)
    head.title_span = (start, end)
    block = head.lines[start:end]
    if block:
        head.title = " ".join(line.text for line in block)
        _take_byline(head, "\n".join(line.text for line in block), lang)
    for run in _byline_runs(head, start, end):
        _take_byline(head, "\n".join(line.text for line in run), lang)
    for line in head.lines:
        if line.kind is Kind.NOTE:  # a press release's introduction names the speaker
            head.name = head.name or line.name
            head.office = head.office or line.office
    for line in head.lines:
        if line.kind is Kind.DATE and head.date is None:
            head.date, head.place = line.date, head.place or line.place
        elif line.kind is Kind.PLACE and head.place is None:
            head.place = line.place
        elif line.kind is Kind.STATUS and head.status is None:
            head.status = line.text
    head.office = clean_office(head.office, lang)
    if not head.name:
        head.name = _bare_name(head, start, end, lang)
    if head.title and (head.date is None or any(x.kind is Kind.DATE for x in block)):
        _date_in_title(head, lang)


def _take_byline(head: Head, text: str, lang: str) -> None:
    """The name, honorific and office a byline or title block prints, where still unknown."""
    found = read_byline(text, lang)
    if found.name and not head.name:
        head.name, head.honorific = found.name, found.honorific
    if found.office and not head.office:
        head.office = found.office


def _byline_runs(head: Head, start: int, end: int) -> list[list[Line]]:
    """The bylines printed outside the title block: a name or office line and the lines
    that go on with it (an office over two lines, a name under its office)."""
    runs: list[list[Line]] = []
    run: list[Line] = []
    for i, line in enumerate(head.lines):
        if start <= i < end:
            continue
        if line.kind in (Kind.NAME, Kind.OFFICE):
            if run and run[-1].kind is Kind.NAME and line.kind is Kind.NAME:
                runs.append(run)
                run = []
            run.append(line)
        elif (
            run
            and line.kind in (Kind.OTHER, Kind.LETTERHEAD, Kind.TITLE)
            and (
                _CONTINUES.match(line.text)
                or _DANGLING_WORD.search(run[-1].text)
                or (
                    _is_caps(run[-1].text) == _is_caps(line.text)
                    and not _office_or_event(line.text, "en")
                    and len(run) < 4
                )
            )
        ):
            run.append(line)
        elif run:
            runs.append(run)
            run = []
    return [*runs, run] if run else runs


def _date_in_title(head: Head, lang: str) -> None:
    """A title that ends with its date ("... Assembly, 26 September 2031, New York") gives
    the date; the title is what comes before it, less the place and weekday printed with
    the date ("..., UN Headquarters, New York, on Wednesday,")."""
    assert head.title is not None
    plain = ordinals_read(head.title)
    spans = find_dates(plain, lang)
    if not spans:
        return
    start, end, _iso = spans[-1]
    found = parse_date_line(" ".join(plain[start:end].split()), lang)
    if found is None:
        return
    head.date = DateLine(found.iso, head.title[start:end], None, 0)
    head.title = _before_date(head.title[:start], lang) or head.title


#: Venues printed between a title and its date (ga79: gh, lr, tt).
_VENUES = ("un headquarters", "united nations headquarters", "headquarters", "u.s.a.", "usa")


def _before_date(text: str, lang: str) -> str:
    """``text`` without what a date line adds before the date: places, venues, a weekday,
    "on"/"le"/"el"."""
    while True:
        text = text.rstrip(" ,،(–-")
        words = text.split()
        if words and (
            words[-1].lower() in ("on", "le", "el", "the") or _is_weekday(words[-1], lang)
        ):
            text = text[: text.rstrip().rfind(words[-1])]
            continue
        cut = max(text.rfind(", "), text.rfind(". "))
        if cut < 0:
            return text
        part = text[cut + 2 :].strip()
        if not (part.lower() in _VENUES or _is_place(part, lang)):
            return text
        text = text[:cut] + ("." if text[cut] == "." else "")


def _bare_name(head: Head, start: int, end: int, lang: str) -> str | None:
    """A line that is only a name ("Alar Karis"), right under the title or next to an
    office line: the speaker, printed without an honorific."""
    for i, line in enumerate(head.lines):
        if line.kind not in (Kind.OTHER, Kind.TITLE) or (start <= i < end and line.opener):
            continue
        near = {head.lines[j].kind for j in (i - 1, i + 1) if 0 <= j < len(head.lines)}
        after_title = i == end or (start <= i < end and i == end - 1)
        text = line.text.strip(" ,.")
        placed = bool(near & {Kind.OFFICE, Kind.NAME}) or after_title
        if placed and looks_like_name(text, 2) and not _office_or_event(text, lang):
            return text
    return None


def _office_or_event(text: str, lang: str) -> bool:
    low = text.lower()
    events = vocabulary()["events"]["forms"]
    return bool(opens(text, forms("offices", lang))) or any(e in low for e in events)


#: Where an office printed in a byline or a title ends: the occasion that follows it.
_OCCASION = re.compile(
    r"\s+(?:at|during|on the occasion|à l|à la|a la|au|lors|en el|ante|durante|para el|"
    r"pour la|for the|delivered)\b.*$|\s+\d{2}\S*\s+(?:session|período|periodo|sesión).*$",
    re.I | re.S,
)


def clean_office(office: str | None, lang: str) -> str | None:
    """An office as printed, without the occasion after it ("... of Mongolia, at the
    General Debate ...") or an article before it ("the Prime Minister"), keeping what
    further commas add ("Premier Ministre, Chef du Gouvernement", "MINISTER OF FOREIGN
    AFFAIRS, MALAYSIA", "Ministre des Affaires étrangères, de la Coopération") up to a
    part that is an occasion, a date or a place alone."""
    if not office:
        return office
    parts = [p.strip() for p in office.split(",")]
    kept = [_without_occasion(parts[0], lang)]
    for part in parts[1:]:
        if not part or not _without_occasion(part, lang) or _not_office(part, lang):
            break
        kept.append(_without_occasion(part, lang))
        if kept[-1] != part:
            break
    cleaned = ", ".join(k for k in kept if k)
    article = re.match(r"(?i)(?:the|le|la|el|l'|l’)\s+(?=\w)", cleaned)
    return cleaned[article.end() :] if article else cleaned or None


def _without_occasion(text: str, lang: str) -> str:
    """``text`` up to the occasion a connector leads to ("... of Mongolia at the General
    Debate"), not up to any "au" or "at" ("... Coopération au Développement")."""
    if opens_occasion(text):
        return ""
    return text[: occasion_at(text, lang)].strip(" ,")


def _not_office(part: str, lang: str) -> bool:
    """A comma part that ends an office: a date, a number, a city, a name (a part in
    capitals reads like a name whatever it is: "INTERNATIONAL TRADE")."""
    if any(ch.isdigit() for ch in part) or find_dates(part, lang):
        return True
    if _is_caps(part):
        return False
    if looks_like_name(part, 2) and not opens(part, forms("offices", lang)):
        places = [m for m in find_entities(part, lang) if m.kind == "location"]
        return not places or len(part) > sum(m.end - m.start for m in places) + 2
    return False


#: The document types podium tells apart (akn-profile.md decision 2), and the ``doc``
#: ``name`` each is written as.
DOCUMENT_TYPES = {
    "address": "address",
    "message": "address",
    "officialStatement": "officialStatement",
}


def document_type(title: str | None, lang: str) -> str:
    """What a title says the document is: ``officialStatement`` (a statement attributable
    to the Spokesperson, a press statement), ``message``, or ``address`` (remarks, a
    speech, a statement delivered, and what says nothing)."""
    if not title:
        return "address"
    low = fold(title).lower()
    kinds = vocabulary()["document_types"]
    primary = lang.split("-")[0].lower()
    for kind in ("officialStatement", "message"):
        words = {*kinds[kind].get(primary, []), *kinds[kind]["en"]}
        if any(_has_words(low, fold(w).lower()) for w in words):
            return kind
    return "address"


def _has_words(text: str, words: str) -> bool:
    if "\u3000" <= words[:1] <= "\u9fff":
        return words in text
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


__all__ = [
    "DOCUMENT_TYPES",
    "Head",
    "Kind",
    "Line",
    "chrome_lines",
    "classify",
    "document_type",
    "read_head",
    "vocabulary",
]
