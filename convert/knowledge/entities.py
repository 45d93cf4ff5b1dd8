"""Entities: organizations, countries and places, persons and roles, marked inline.

:func:`find_entities` finds the names in a text; :func:`mark_entities` wraps them in the
body of a master as AKN ``organization``, ``location``, ``person`` and ``role`` with
``refersTo`` and one TLC reference each (akn-profile.md decisions 7 and 8), in the six UN
languages (ar, zh, en, fr, ru, es); other languages get no marks.
:func:`mark_text` is the generic helper that splits text nodes around spans; the date
and stage-direction steps use it too.

Where the names come from
  * organizations, UN offices (roles) and the other-script names of role holders:
    ``data/organizations.json``; role holders themselves: ``data/un.json``;
  * countries: pycountry (ISO 3166-1; id the lower-case alpha-3 code, ``bih``) with each
    language's names from CLDR through Babel (mostly the short forms people write:
    "Bolivia"), pycountry's English name, official name and common name, and, for
    French, Spanish, Russian and Chinese, pycountry's iso-codes translations of those.
    ``Bolivia, Plurinational State of`` becomes "Plurinational State of Bolivia" and the
    UN's "Bolivia (Plurinational State of)"; "Myanmar (Burma)" also gives "Myanmar" and
    "Burma".  No country table is
    written by hand.
  * other places (regions, cities, seas): ``data/places.json``, some with their names
    from CLDR's region codes (``002`` Africa).

Variants made from every name: both apostrophes (’ and '); English, French and Spanish
proper names without accents ("Cote d'Ivoire"); an upper-case first letter for names
that start in lower case ("bande de Gaza"); "UN ..." for "United Nations ..."; Latin
acronyms (UNDP) in Russian, Arabic and Chinese text; in Russian, ё written е and the six
cases (below); in Arabic, any alef for أ إ آ, ى for a final ي, and the proclitics.

Precision first
  * A name matches only as a whole word: never inside another word ("Mali" in
    "Somalia"; "EU" in "EUR"), and always case-sensitively: acronyms and proper names
    are capitalised in speeches, so "union" alone or "china" (porcelain) never match.
    A hyphen is a boundary: "EU-UN cooperation" marks both, "UN-led" marks the UN.
  * Demonyms and adjectives are never marked: "Sudanese", "Malian stakeholders" and
    "Libyan-led" name people or a quality, not the place, so marking them as a location
    would say something the text does not.  The country is marked only where its name
    is written ("Libyan-led" gives no "Libya": the ``n`` continues the word).
  * The longest name wins at the leftmost position, and marks never overlap: "South
    Sudan" is not "Sudan", "Deputy Secretary-General" is not "Secretary-General".  An
    organization inside a role's name is marked inside it ("President of the
    <organization>General Assembly</organization>": the role is held in that organ); a
    place inside an organization's name is not ("Council of Europe" does not refer to
    Europe the place, so marking it would say something the text does not).
  * Phrases that contain a name but mean something else are consumed unmarked:
    "Under-Secretary-General", "New Mexico", "Geneva Conventions" (``ignore`` lists).
  * Names that are also common words are left out (``exclude``): Arabic مالي is also
    "financial" and عمان also Amman, so Mali and Oman are marked in Arabic only under
    another of their names.
  * Russian declines names: the leading adjectives and the head noun of a name (and of
    a name joined by "и") take each case ending, the rest stays as written: "Совета
    Безопасности", "Африканского союза", "Боснии и Герцеговине"; person names decline
    word by word.  Foreign names in -о, -е, -и, -у, -ю (Мали, Того, Перу) do not decline.
  * Arabic writes prepositions and conjunctions onto the next word: a name may follow
    و ف ب ل ك (and وب ول فب...), which stay outside the mark (و<organization>الاتحاد
    الأفريقي</organization>).  لـ + الـ contracts to لل: that word is marked whole.
  * Chinese has no spaces, so there are no word boundaries to check.  The rule: only
    names of two or more characters; the leftmost-longest name wins (索马里 is Somalia,
    not 马里 Mali); a name ending in 国 is not matched before 家 or 际, where the 国
    belongs to 国家 "country" or 国际 "international" (发展中国家 holds no 中国); a place
    name followed by 人 is a demonym (马里人 "Malians") and is not marked; and a few
    phrases that straddle words are listed in ``ignore`` (智利用 is not Chile).  Latin
    acronyms inside Chinese text need non-alphanumeric ASCII neighbours.  Text in
    traditional characters is read with the simplified names, so little of it matches.
  * Only names are marked, never forms of address: "Mr. President" names whoever
    presides, and which office that is depends on the meeting, not on the words.
    Likewise English "Commonwealth" alone is left out (US states and Australia use it).

Speed: one regular expression per language (and set of kinds), compiled once
(:func:`functools.cache`): the names form a trie, so the expression is a nested
alternation whose branches start with distinct characters: ``re`` skips ahead to a
possible first character, and a failed attempt costs one walk down the trie.  About
100 MB/s on English text, 30 to 80 MB/s on the other languages' text (see the tests).
"""

from __future__ import annotations

import gettext
import json
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import product
from typing import Any, Literal

import pycountry
from babel import Locale
from lxml import etree

from ..model.akn import E, q
from ..model.document import SpeechDocument
from . import ontology, read_data

Kind = Literal["organization", "location", "person", "role"]
KINDS: tuple[Kind, ...] = ("organization", "location", "person", "role")
#: The languages podium marks entities in (BCP 47 primary subtags).
LANGS = ("ar", "zh", "en", "fr", "ru", "es")
#: The TLC reference element for each kind of inline mark.
TLC = {
    "organization": "TLCOrganization",
    "location": "TLCLocation",
    "person": "TLCPerson",
    "role": "TLCRole",
}
#: What may be marked inside a mark of each kind (the organ in a role's name).
NESTED: dict[str, frozenset[Kind]] = {
    "role": frozenset({"organization"}),
}

#: Inline elements whose text :func:`mark_text` leaves alone by default: they already
#: say what their text is.
INLINE = frozenset(
    q(tag)
    for tag in [
        "organization",
        "location",
        "person",
        "role",
        "date",
        "time",
        "scene",
        "remark",
        "event",
        "concept",
        "term",
        "def",
        "entity",
        "quantity",
        "object",
        "process",
        "docTitle",
        "docDate",
        "docStatus",
        "docProponent",
        "docType",
        "docNumber",
        "shortTitle",
        "ref",
        "mref",
        "rref",
        "a",
        "noteRef",
        "signature",
    ]
)
#: Body elements holding the speech's text (``from``, the speaker label, is not one).
TEXT_BLOCKS = (
    "a:doc/a:mainBody//a:speech//*[self::a:p or self::a:block or self::a:heading"
    " or self::a:subheading or self::a:num or self::a:listIntroduction or self::a:listWrapUp]"
)

Span = tuple[int, int, etree._Element]
Finder = Callable[[str], list[Span]]


@dataclass(frozen=True, slots=True)
class Match:
    """A name found in a text: ``text[start:end]`` names entity ``eid`` of ``kind``."""

    start: int
    end: int
    kind: Kind
    eid: str
    href: str
    show_as: str


@dataclass(frozen=True)
class Entity:
    """Something a name refers to: its kind, id and how it is shown."""

    kind: Kind
    eid: str
    show_as: str
    href: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "href", ontology.tlc_href(self.kind, self.eid))


# --- marking text nodes ----------------------------------------------------------------
def mark_text(el: etree._Element, find: Finder, skip: Collection[str] = INLINE) -> None:
    """Wrap what ``find`` finds in every text node of ``el`` in the element it gives.

    ``find(text)`` returns ``(start, end, element)`` spans of one text node, each
    element empty; overlapping spans after the first are dropped.  The text nodes are
    ``el.text`` and the tails of its children, and those of its descendants except
    inside elements whose (Clark) tag is in ``skip``.  Elements added here are not
    searched again.  The text stays exactly the same: only tags are added.

    >>> p = E("p", "Thank the Security Council.")
    >>> mark_text(p, lambda t: [(10, 26, E("organization", refersTo="#un-sc"))])
    >>> etree.tostring(p).decode().split(">", 1)[1]
    'Thank the <organization refersTo="#un-sc">Security Council</organization>.</p>'
    """
    slots: list[tuple[etree._Element, bool]] = []
    _collect(el, skip, slots)
    for owner, is_text in slots:
        text = owner.text if is_text else owner.tail
        if not text:
            continue
        spans = _clean(find(text), len(text))
        if not spans:
            continue
        if is_text:
            parent, index = owner, 0
            owner.text = text[: spans[0][0]] or None
        else:
            found = owner.getparent()
            assert found is not None  # a tail always has a parent here
            parent, index = found, found.index(owner) + 1
            owner.tail = text[: spans[0][0]] or None
        for k, (start, end, new) in enumerate(spans):
            following = spans[k + 1][0] if k + 1 < len(spans) else len(text)
            new.text = text[start:end]
            new.tail = text[end:following] or None
            parent.insert(index + k, new)


def _collect(
    node: etree._Element, skip: Collection[str], out: list[tuple[etree._Element, bool]]
) -> None:
    if node.text:
        out.append((node, True))
    for child in node:
        if isinstance(child.tag, str) and child.tag not in skip:
            _collect(child, skip, out)
        if child.tail:
            out.append((child, False))


def _clean(spans: Iterable[Span], size: int) -> list[Span]:
    out: list[Span] = []
    pos = 0
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end, _ = span
        if start >= pos and start < end <= size:
            out.append(span)
            pos = end
    return out


# --- finding names ---------------------------------------------------------------------
def find_entities(text: str, lang: str, kinds: Collection[str] | None = None) -> list[Match]:
    """Every name of an organization, place, person or role in ``text``, in order.

    ``lang`` is a BCP 47 tag (``en``, ``fr-CH``, ``zh-Hans``); outside the six UN
    languages nothing is found.  ``kinds`` restricts what is looked for.
    """
    base = language(lang)
    if base is None or not text:
        return []
    wanted = frozenset(KINDS if kinds is None else kinds)
    return _matcher(base, wanted).find(text)


def language(tag: str | None) -> str | None:
    """The UN language a BCP 47 tag is in (``zh-Hans`` -> ``zh``), ``None`` for others."""
    primary = (tag or "en").split("-")[0].split("_")[0].lower()
    return primary if primary in LANGS else None


@dataclass(frozen=True)
class _Surface:
    entity: Entity | None  # None: an ignored phrase, consumed but never marked
    lead: int  # characters before the mark (Arabic proclitics)
    left: Callable[[str], object] | None  # is the character before a word character?


_WORD = re.compile(r"\w").match
_ASCII_WORD = re.compile(r"[A-Za-z0-9]").match


class _Matcher:
    """One language's names as one compiled trie expression plus a lookup table."""

    def __init__(self, table: dict[str, _Surface], pattern: str, lang: str = "") -> None:
        self.table = table
        self.regex = re.compile(pattern) if table else None
        inside = places_data().get("inside_names", {})
        before = inside.get("before", {}).get(lang, [])
        after = inside.get("after", {}).get(lang, [])
        alternatives = "|".join(re.escape(w) for w in sorted(before, key=len, reverse=True))
        self.before = re.compile(rf"\b(?:{alternatives})\s+$") if before else None
        alternatives = "|".join(re.escape(w) for w in after)
        self.after = re.compile(rf"\s+(?:{alternatives})\b") if after else None

    def find(self, text: str) -> list[Match]:
        if self.regex is None:
            return []
        out: list[Match] = []
        search, table = self.regex.search, self.table
        pos, size = 0, len(text)
        while pos < size:
            m = search(text, pos)
            if m is None:
                break
            start, end = m.span()
            surface = table[m.group()]
            if start and surface.left is not None and surface.left(text[start - 1]):
                pos = start + 1
                continue
            ent = surface.entity
            if ent is not None and not (ent.kind == "location" and self.inside(text, start, end)):
                out.append(
                    Match(start + surface.lead, end, ent.kind, ent.eid, ent.href, ent.show_as)
                )
            pos = end
        return out

    def inside(self, text: str, start: int, end: int) -> bool:
        """Whether a place's name is part of the proper name of a sea, a canal, a bank
        ("Gulf of Mexico", "Panama Canal": data/places.json ``inside_names``)."""
        return bool(
            (self.before and self.before.search(text, max(0, start - 24), start))
            or (self.after and self.after.match(text, end))
        )


@cache
def _matcher(lang: str, kinds: frozenset[str]) -> _Matcher:
    table: dict[str, _Surface] = {}
    tails: dict[str, str] = {}
    for surface, entity, lead in _surfaces(lang):
        if surface in table or len(surface) < 2:
            continue
        if entity is not None and entity.kind not in kinds:
            continue
        left, tail = _boundaries(lang, surface, entity)
        table[surface] = _Surface(entity, lead, left)
        tails[surface] = tail
    if lang == "zh":
        return _Matcher(table, _trie(tails), lang)
    return _Matcher(table, f"{_trie(tails)}(?!\\w)", lang)


def _boundaries(
    lang: str, surface: str, entity: Entity | None
) -> tuple[Callable[[str], object] | None, str]:
    """The left-boundary test and the right-boundary lookahead for one surface form."""
    if lang != "zh":
        return _WORD, ""
    if surface[0].isascii():
        return _ASCII_WORD, "(?![A-Za-z0-9])"
    banned = ""
    if surface.endswith("国"):
        banned += "家际"
    if entity is not None and entity.kind == "location":
        banned += "人"
    return None, f"(?![{banned}])" if banned else ""


def _trie(words: dict[str, str]) -> str:
    """One regular expression matching any of ``words``, longest first at a position.

    Each word maps to a lookahead that must hold after it (``""``: none).  Shared
    prefixes are written once: ``{"Mali": "", "Malta": ""}`` gives ``Mal(?:i|ta)``.
    """
    root: dict[str, Any] = {}
    for word, tail in words.items():
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = tail
    return _emit(root) if root else "(?!)"


def _emit(node: dict[str, Any]) -> str:
    alts = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if "" in node:
        alts.append(node[""])  # the word may end here: tried after every longer one
    if len(alts) == 1:
        return str(alts[0])
    return "(?:" + "|".join(alts) + ")"


# --- the names of each language ---------------------------------------------------------
def _load(name: str) -> dict[str, Any]:
    text = read_data(name)
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def organizations_data() -> dict[str, Any]:
    return _load("organizations.json")


@cache
def places_data() -> dict[str, Any]:
    return _load("places.json")


def _surfaces(lang: str) -> Iterator[tuple[str, Entity | None, int]]:
    """Every surface form of the language with its entity and lead, best claim first.

    Exact names come before variants, and variants before inflected or prefixed forms,
    so that a generated form never takes a name another entity really has.  Within
    each rank: ignored phrases, roles, persons, organizations, places, countries.
    """
    excluded = set(places_data().get("exclude", {}).get(lang, ()))
    names = [(n, e) for n, e in _names(lang) if n not in excluded]
    for name, ent in names:
        yield name, ent, 0
    for name, ent in names:
        for variant in _variants(lang, name, ent):
            yield variant, ent, 0
    for name, ent in names:
        for variant in [name, *_variants(lang, name, ent)]:
            yield from ((form, ent, lead) for form, lead in _forms(lang, variant, ent))


def _names(lang: str) -> list[tuple[str, Entity | None]]:
    out: list[tuple[str, Entity | None]] = []
    orgs, places = organizations_data(), places_data()
    for source in (orgs, places):
        out += [(n, None) for n in source.get("ignore", {}).get(lang, ())]
    for ent, found in _roles(lang):
        out += [(n, ent) for n in found]
    for ent, found in _persons(lang):
        out += [(n, ent) for n in found]
    for spec in orgs["organizations"]:
        found = _localised(spec, lang)
        if lang == "en":
            found += [f"UN {n[15:]}" for n in found if n.startswith("United Nations ")]
        elif lang in ("ru", "ar", "zh"):
            found += [n for n in spec.get("en", ()) if re.fullmatch(r"[A-Z][A-Z0-9]+", n)]
        if found:
            shown = found[0] if spec.get(lang) else spec["en"][0]
            ent = Entity("organization", spec["id"], shown)
            out += [(n, ent) for n in found]
    for ent, found in _places(lang):
        out += [(n, ent) for n in found]
    for ent, found in _countries(lang):
        out += [(n, ent) for n in found]
    return out


def _localised(spec: dict[str, Any], lang: str) -> list[str]:
    return [unicodedata.normalize("NFC", n) for n in spec.get(lang, ())]


def _roles(lang: str) -> list[tuple[Entity, list[str]]]:
    known = {r["id"]: r for r in ontology.facts()["roles"]}
    out = []
    for spec in organizations_data()["roles"]:
        found = _localised(spec, lang)
        if lang == "en":
            found += known.get(spec["id"], {}).get("names", [])
        if not found:
            continue
        english = known.get(spec["id"], {}).get("showAs") or spec.get("showAs") or spec["en"][0]
        shown = found[0] if lang != "en" else english
        out.append((Entity("role", spec["id"], shown), found))
    return out


def _persons(lang: str) -> list[tuple[Entity, list[str]]]:
    extra = {p["id"]: p for p in organizations_data()["persons"]}
    out = []
    for role in ontology.facts()["roles"]:
        for holder in role["holders"]:
            spec = extra.get(holder["id"], {})
            found = _localised(spec, lang)
            if lang in ("en", "fr", "es"):
                found += [holder["name"], *_localised(spec, "en")]
            if found:
                out.append((Entity("person", holder["id"], found[0]), found))
    return out


def _places(lang: str) -> list[tuple[Entity, list[str]]]:
    territories = _territories(lang)
    out = []
    for spec in places_data()["places"]:
        found = _localised(spec, lang)
        code = spec.get("cldr")
        if code and code in territories:
            found += _split_parentheses(territories[code])
        if found:
            out.append((Entity("location", spec["id"], found[0]), found))
    return out


@cache
def _territories(lang: str) -> dict[str, str]:
    return {k: unicodedata.normalize("NFC", v) for k, v in Locale.parse(lang).territories.items()}


#: The gettext domain of pycountry's iso-codes translations, per language used.
_ISO_CODES = {"fr": "fr", "es": "es", "ru": "ru", "zh": "zh_CN"}
#: Last words of an inverted ISO name ("Korea, Republic of") that allow turning it round.
_INVERTIBLE = re.compile(r"(?:^|\s)(?:of|of the|de|de la|du|del|des|d')$", re.I)


def _countries(lang: str) -> list[tuple[Entity, list[str]]]:
    territories = _territories(lang)
    translate: Callable[[str], str] | None = None
    if lang in _ISO_CODES:
        translate = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[_ISO_CODES[lang]]
        ).gettext
    out = []
    states = set(territories.values())
    short = places_data().get("short_forms", {}).get(lang, {})
    for country in pycountry.countries:
        found: list[str] = []
        cldr = territories.get(country.alpha_2)
        if cldr:
            found += _split_parentheses(cldr, states)
        iso = [getattr(country, attr, None) for attr in ("common_name", "name", "official_name")]
        if lang == "en":
            found += [f for n in iso if n for f in _iso_forms(n, lang)]
        elif translate is not None:
            found += [f for n in iso if n for f in _iso_forms(translate(n), lang)]
        found += short.get(country.alpha_3.lower(), [])
        found = [unicodedata.normalize("NFC", f).replace("\u0301", "") for f in found]
        if not found:
            continue
        shown = found[0]
        if cldr:
            parts = _split_parentheses(cldr, states)
            shown = parts[1] if len(parts) > 1 else cldr
        if lang == "en":
            named = [*_iso_forms(country.name, lang)[-2:], *iso[:1]]
            shown = next((f for f in named if f and not re.search(r"[,()]", f)), shown)
        out.append((Entity("location", country.alpha_3.lower(), shown), found))
    return out


def _iso_forms(name: str, lang: str) -> list[str]:
    """``Korea, Republic of`` -> "Republic of Korea", "Korea (Republic of)"; others as is."""
    name = re.sub(r"^(?:(?:the|The)\s+|[Ll]')(?=\w)", "", name.strip())
    if ", " not in name:
        return _split_parentheses(name)
    head, tail = name.split(", ", 1)
    if not _INVERTIBLE.search(tail) or lang not in ("en", "fr", "es"):
        return []
    turned = tail + head if tail.endswith("'") else f"{tail} {head}"
    turned = re.sub(r"^(?:The|the) ", "", turned)
    forms = [turned[0].upper() + turned[1:]]
    if lang == "en":
        forms.append(f"{head} ({tail})")
    return forms


def _split_parentheses(name: str, sovereigns: Collection[str] = ()) -> list[str]:
    """The whole of ``Myanmar (Burma)``, then "Myanmar", then "Burma" (ASCII brackets
    only).  A bracket that names the state a territory belongs to ("Внешние малые о-ва
    (США)", "Виргинские о-ва (Великобритания)") is no name of the territory: a state in
    ``sovereigns`` or an abbreviation in capitals is left out."""
    m = re.fullmatch(r"(.+?) \((.+)\)", name)
    if not m:
        return [name]
    if m[2] in sovereigns or (m[2].isupper() and len(m[2]) <= 5):
        return [name, m[1]]
    return [name, m[1], m[2]]


# --- variants ---------------------------------------------------------------------------
_LATIN_FOLDED = ("en", "fr", "es")


def _variants(lang: str, name: str, ent: Entity | None) -> list[str]:
    """Spelling variants of one name (the name itself not included)."""
    out = {name.replace("’", "'"), name.replace("'", "’")}
    if lang in _LATIN_FOLDED and (ent is None or ent.kind in ("location", "person")):
        out |= {_fold(v) for v in list(out)}
    if name[:1].islower() and lang in ("fr", "es", "ru"):
        out |= {v[0].upper() + v[1:] for v in list(out)}
    if lang == "ru":
        out |= {v.replace("ё", "е").replace("Ё", "Е") for v in list(out)}
    if lang == "ar":
        out |= {_ar_alef(v) for v in list(out)}
        out |= {_ar_final_yaa(v) for v in list(out)}
    out.discard(name)
    return sorted(out)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _forms(lang: str, name: str, ent: Entity | None) -> list[tuple[str, int]]:
    """Inflected (Russian) or prefixed (Arabic) forms of one name, with their lead."""
    if lang == "ru":
        person = ent is not None and ent.kind == "person"
        return [(f, 0) for f in sorted(_ru_forms(name, person))]
    if lang == "ar":
        return _ar_forms(name)
    return []


# --- Arabic ------------------------------------------------------------------------------
_AR_PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
_ARABIC = re.compile("[\u0600-\u06ff]")


def _ar_alef(text: str) -> str:
    return re.sub("[أإآ]", "ا", text)


def _ar_final_yaa(text: str) -> str:
    return re.sub(r"ي\b", "ى", text)


def _ar_forms(name: str) -> list[tuple[str, int]]:
    """و + الاتحاد: "والاتحاد" with lead 1; ل + الاتحاد contracts to "للاتحاد" (lead 0)."""
    if not _ARABIC.match(name):
        return []
    out: list[tuple[str, int]] = []
    if name.startswith("ال"):
        contracted = "لل" + name[2:]
        out += [(contracted, 0), ("و" + contracted, 1), ("ف" + contracted, 1)]
    for p in _AR_PROCLITICS:
        if not (p.endswith("ل") and name.startswith("ال")):
            out.append((p + name, len(p)))
    return out


# --- Russian -----------------------------------------------------------------------------
#: Case endings (nominative, genitive, dative, accusative, instrumental, prepositional),
#: keyed by the nominative ending they replace.  Several endings per case are allowed
#: where spelling rules or gender make either possible; a form that does not exist
#: costs nothing, since it never occurs in text.
_RU_ADJECTIVES: dict[str, tuple[tuple[str, ...], ...]] = {
    "ый": (("ый",), ("ого",), ("ому",), ("ый", "ого"), ("ым",), ("ом",)),
    "ой": (("ой",), ("ого",), ("ому",), ("ой", "ого"), ("ым", "им"), ("ом",)),
    "ая": (("ая",), ("ой",), ("ой",), ("ую",), ("ой", "ою"), ("ой",)),
    "яя": (("яя",), ("ей",), ("ей",), ("юю",), ("ей",), ("ей",)),
    "ое": (("ое",), ("ого",), ("ому",), ("ое",), ("ым", "им"), ("ом",)),
    "ее": (("ее",), ("его",), ("ему",), ("ее",), ("им",), ("ем",)),
    "ые": (("ые",), ("ых",), ("ым",), ("ые", "ых"), ("ыми",), ("ых",)),
}
_RU_HARD_IJ = (("ий",), ("ого",), ("ому",), ("ий", "ого"), ("им",), ("ом",))
_RU_SOFT_IJ = (("ий",), ("его",), ("ему",), ("ий", "его"), ("им",), ("ем",))
_RU_PLURAL_IE = (("ие",), ("их",), ("им",), ("ие", "их"), ("ими",), ("их",))
_RU_NOUNS: dict[str, tuple[tuple[str, ...], ...]] = {
    "ия": (("ия",), ("ии",), ("ии",), ("ию",), ("ией",), ("ии",)),
    "ие": (("ие",), ("ия",), ("ию",), ("ие",), ("ием",), ("ии",)),
    "я": (("я",), ("и",), ("е",), ("ю",), ("ей", "ею"), ("е",)),
    "а": (("а",), ("ы", "и"), ("е",), ("у",), ("ой", "ей", "ою"), ("е",)),
    "ь": (("ь",), ("я", "и"), ("ю", "и"), ("ь", "я"), ("ем", "ью"), ("е", "и")),
    "й": (("й",), ("я",), ("ю",), ("й", "я"), ("ем",), ("е",)),
    "ы": (("ы",), ("ов", ""), ("ам",), ("ы",), ("ами",), ("ах",)),
    "ство": (("ство",), ("ства",), ("ству",), ("ство",), ("ством",), ("стве",)),
    "": (("",), ("а",), ("у",), ("", "а"), ("ом", "ем"), ("е", "у")),
}
_RU_PLURAL_A = (("а",), ("ов",), ("ам",), ("а",), ("ами",), ("ах",))
_RU_VOWELS = "аеёиоуыэюя"
Paradigm = tuple[tuple[str, ...], ...]


def _ru_adjective(word: str) -> Paradigm | None:
    end = word[-2:]
    if len(word) < 4:
        return None
    if end in _RU_ADJECTIVES:
        return _RU_ADJECTIVES[end]
    if end == "ий":
        return _RU_SOFT_IJ if word[-3] == "н" else _RU_HARD_IJ
    if end == "ие" and word[-3] in "кгхжшчщ":
        return _RU_PLURAL_IE
    return None


def _ru_noun(word: str, plural: bool) -> Paradigm | None:
    if len(word) < 3 or word.isupper() or not word.isalpha():
        return None
    if plural and word[-1] == "а":
        return _RU_PLURAL_A
    for end in ("ство", "ия", "ие", "я", "а", "ь", "ы"):
        if word.endswith(end):
            return _RU_NOUNS[end]
    if word[-1] == "й" and word[-2] in _RU_VOWELS:
        return _RU_NOUNS["й"]
    if word[-1] in _RU_VOWELS:
        return None  # Мали, Того, Перу, Конго: foreign names in a vowel do not decline
    return _RU_NOUNS[""]


def _ru_word(word: str, plural: bool = False) -> tuple[Paradigm, int] | None:
    """The paradigm of one word and how many final letters it replaces, if it declines."""
    if "-" in word:
        return None  # hyphenated words are handled by _ru_cases
    table = _ru_adjective(word) or _ru_noun(word, plural)
    if table is None:
        return None
    return table, len(table[0][0])


def _ru_cases(word: str, plural: bool = False) -> list[set[str]] | None:
    """The six case forms of one word (a hyphenated word declines one of its parts)."""
    if "-" in word:
        parts = word.split("-")
        for i in (len(parts) - 1, 0):
            cases = _ru_cases(parts[i], plural) if len(parts[i]) >= 4 or i else None
            if cases:
                return [{"-".join([*parts[:i], f, *parts[i + 1 :]]) for f in c} for c in cases]
        return None
    found = _ru_word(word, plural)
    if found is None:
        return None
    table, cut = found
    stem = word[: len(word) - cut] if cut else word
    return [{stem + e for e in endings} for endings in table]


def _ru_plan(words: list[str]) -> list[int]:
    """Which words of a name decline: its leading adjectives and head noun, per conjunct."""
    out: list[int] = []
    i, n = 0, len(words)
    while i < n:
        while i < n and (
            _ru_adjective(words[i].split("-")[-1])
            or (words[i] == "и" and out and i + 1 < n and _ru_adjective(words[i + 1]))
        ):
            if words[i] != "и":
                out.append(i)
            i += 1
        if i < n:
            out.append(i)
            i += 1
        if i + 1 < n and words[i] == "и":
            i += 1
            continue
        break
    return out


def _ru_forms(name: str, person: bool = False) -> set[str]:
    """The name in the six cases: "Совет Безопасности" -> "Совета Безопасности"..."""
    words = name.split(" ")
    plural = any((_ru_adjective(w) in (_RU_ADJECTIVES["ые"], _RU_PLURAL_IE)) for w in words[:2])
    plan = range(len(words)) if person else _ru_plan(words)
    cases = {i: _ru_cases(words[i], plural) for i in plan}
    declining = {i: c for i, c in cases.items() if c}
    if not declining:
        return set()
    out: set[str] = set()
    for case in range(6):
        choices = []
        for i, word in enumerate(words):
            if i in declining:
                forms = declining[i][case] | ({word} if person else set())
                choices.append(sorted(forms))
            else:
                choices.append([word])
        out.update(" ".join(c) for c in product(*choices))
    out.discard(name)
    return out


# --- marking a master --------------------------------------------------------------------
def mark_entities(doc: SpeechDocument, extra: Finder | None = None) -> SpeechDocument:
    """Mark organizations, places, persons and roles in the speech body, with TLC refs.

    The language is the body's ``xml:lang`` (English when absent).  Text already
    inside an inline element (a date, a stage direction, a mark) is left alone, and
    no eIds are added: the eId step numbers only blocks.  ``extra`` finds more spans
    in the same pass (the normaliser's full dates): one walk over the text, not two;
    where an extra span overlaps a name, the one that starts first wins.
    """
    lang = language(doc.lang or "en")
    if lang is None:
        return doc
    created: list[tuple[etree._Element, Match]] = []

    def finder(kinds: frozenset[str]) -> Finder:
        matcher = _matcher(lang, kinds)

        def find(text: str) -> list[Span]:
            spans = []
            for m in matcher.find(text):
                el = E(m.kind, refersTo=f"#{m.eid}")
                created.append((el, m))
                spans.append((m.start, m.end, el))
            return spans

        return find

    names = finder(frozenset(KINDS))

    def find(text: str) -> list[Span]:
        return names(text) + extra(text) if extra is not None else names(text)

    for el in doc.findall(TEXT_BLOCKS):
        mark_text(el, find)
    for el, m in list(created):
        inner = NESTED.get(m.kind)
        if inner and el.getparent() is not None:
            mark_text(el, finder(inner))
    seen: dict[str, Match] = {}
    for el, m in created:
        if el.getparent() is not None:
            seen.setdefault(m.eid, m)
    for m in seen.values():
        doc.add_reference(TLC[m.kind], m.eid, m.href, m.show_as)
    return doc
