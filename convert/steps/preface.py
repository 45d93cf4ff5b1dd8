"""Preface steps: drop page chrome; lift the title, delivery notes and date line.

Each step looks only at the leading blocks of the body and moves what it
recognises into ``preface``, text unchanged.
"""

from __future__ import annotations

import re
from functools import cache

from lxml import etree

from .. import ontology
from ..akn import E, local, q, text_of
from ..dates import parse_date_line
from ..document import SpeechDocument
from ..entities import find_entities
from ..options import ReadOptions
from .body import is_stage_words

#: A breadcrumb trail: "Home > Speeches > ...", in the six languages' words for home.
BREADCRUMB = re.compile(r"(?:Home|Accueil|Inicio|Главная|الرئيسية|首页|主页)\s*[>›»/|]", re.I)


def body(doc: SpeechDocument, limit: int = 3) -> list[etree._Element]:
    """The first ``limit`` block children of the first speech (all the preface steps read)."""
    out: list[etree._Element] = []
    for el in doc.speech:
        if isinstance(el.tag, str) and local(el) != "from":
            out.append(el)
            if len(out) == limit:
                break
    return out


def slug(text: str) -> str:
    """A lower-case id fragment: ``slug("New York") == "new-york"``."""
    return re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-") or "x"


@cache
def status_pattern() -> re.Pattern[str]:
    """A delivery note closing a line: brackets or parentheses around a known marker
    (``... [as delivered]``, ``...（以实际讲话为准）``), or any short note in square
    brackets (:func:`title_status` decides when such a note is a status)."""
    markers = sorted(
        (m for s in ontology.facts()["status"] for m in s["markers"]), key=len, reverse=True
    )
    alt = "|".join(re.escape(m) for m in markers)
    return re.compile(
        rf"(?P<sep>\s*)(?P<status>[\[(（【](?P<known>[^\[\]()（）【】]*?(?:{alt})"
        rf"[^\[\]()（）【】]*)[\])）】]|\[[^\[\]]{{1,120}}\])\s*$",
        re.I,
    )


#: A sentence ending inside a line (a paragraph, not a title).
SENTENCE = re.compile(r"[.!?。！？؟](?:\s|$)")


def title_status(text: str) -> re.Match[str] | None:
    """The delivery note closing a title line, if there is one.

    A known marker always counts.  An unknown note in square brackets counts only on a
    line that reads like a title: short, with no sentence ending before the note, and
    not a stage direction (a paragraph ending "... some tips. [Laughter]" has none).
    """
    m = status_pattern().search(text)
    if m is None or m["known"] is not None:
        return m
    head = text[: m.start()]
    if len(head) > 250 or SENTENCE.search(head) or not head.strip():
        return None
    return None if is_stage_words(m["status"]) else m


@cache
def _marker_patterns() -> tuple[tuple[dict[str, str], re.Pattern[str]], ...]:
    return tuple(
        (spec, re.compile("|".join(rf"(?<!\w){re.escape(m)}(?!\w)" for m in spec["markers"]), re.I))
        for spec in ontology.facts()["status"]
    )


def status_concept(text: str) -> dict[str, str] | None:
    """The status entry (id, showAs, version) whose marker the text names, as whole words.

    Entries are tried in their file order, so "as delivered in person" finds
    ``deliveredInPerson`` before ``asDelivered``.
    """
    for spec, pattern in _marker_patterns():
        if pattern.search(text):
            return dict(spec)
    return None


def status_element(doc: SpeechDocument, text: str) -> etree._Element:
    """``docStatus`` holding ``text``, pointing at its TLCConcept when the marker is known."""
    concept = status_concept(text)
    ref = None
    if concept:
        ref = doc.add_reference(
            "TLCConcept",
            concept["id"],
            ontology.tlc_href("concept", concept["id"]),
            concept["showAs"],
        )
    return E("docStatus", text, refersTo=ref)


def drop_chrome(doc: SpeechDocument, options: ReadOptions) -> SpeechDocument:
    """Remove leading blocks that are page chrome; a site banner also names the publisher."""
    chrome = {" ".join(c["text"].split()).lower(): c for c in ontology.facts()["chrome"]}
    for el in body(doc):
        line = " ".join(text_of(el).split())
        entry = chrome.get(line.lower())
        if entry is None and not BREADCRUMB.match(line):
            break
        if entry and "publication" in entry and doc.meta.find(q("publication")) is None:
            pub = entry["publication"]
            doc.meta_part("publication", name=pub["name"], showAs=pub["showAs"])
        doc.speech.remove(el)
    return doc


def _looks_like_title(el: etree._Element, nxt: list[str], lang: str) -> bool:
    text = text_of(el).strip()
    if text.startswith("[") and text.endswith("]"):
        return False  # a delivery note: lift-status takes it
    if local(el) not in ("p", "heading"):
        return False  # a list or a quotation opens the speech itself
    if local(el) == "heading" or title_status(text):
        return True
    if any(parse_date_line(t, lang) for t in nxt):
        return len(text) < 400
    return ontology.find_role(text) is not None and len(text) < 400


def lift_title(doc: SpeechDocument, options: ReadOptions) -> SpeechDocument:
    """Move the title block to ``preface/longTitle``, its delivery marker to ``docStatus``.

    The first block is the title when it is a heading, ends with a delivery marker,
    is followed by a date line, or opens with a known role; never a list or a
    quotation, and never a plain paragraph followed by nothing but date lines (that
    paragraph is the speech).
    """
    blocks = body(doc)
    lang = doc.lang or "en"
    if len(blocks) < 2 or not _looks_like_title(blocks[0], [text_of(b) for b in blocks[1:3]], lang):
        return doc
    first = text_of(blocks[0])
    plain = local(blocks[0]) != "heading" and not title_status(first)
    if plain and all(parse_date_line(text_of(b), lang) for b in blocks[1:]):
        return doc  # a plain paragraph and its date line: the speech itself, not its title
    title, status = first, None
    m = title_status(first)
    if m:
        title, status = first[: m.start()], m["status"]
    p = E("p", E("docTitle", title))
    if status and m:
        p[0].tail = m["sep"] or None
        p.append(status_element(doc, status))
        doc.note("status", "inferred", status)
    doc.note("title", "inferred", title)
    doc.speech.remove(blocks[0])
    doc.preface.append(E("longTitle", p))  # after any delivery note printed above it
    return doc


def lift_status(doc: SpeechDocument, options: ReadOptions) -> SpeechDocument:
    """Leading delivery notes (``[As delivered in person before a joint session]``) go to
    the preface as ``docStatus``: a leading block wholly in square brackets, or one in
    parentheses or bare that names a known delivery marker."""
    for el in body(doc)[:2]:
        text = text_of(el).strip()
        bracketed = text.startswith("[") and text.endswith("]")
        enclosed = (text[:1], text[-1:]) in {("(", ")"), ("（", "）"), ("【", "】")}
        bare = text.strip(" *_-–—.:").lower()
        markers = (m for spec in ontology.facts()["status"] for m in spec["markers"])
        known = status_concept(text) is not None and (enclosed or bare in markers)
        if local(el) not in ("p", "heading") or not (bracketed or known):
            break
        doc.speech.remove(el)
        doc.preface.append(E("p", status_element(doc, text)))
        if "status" not in doc.origins:
            doc.note("status", "inferred", text)
    return doc


def place_reference(doc: SpeechDocument, place: str, lang: str) -> str:
    """``#id`` of a TLCLocation for a place name: the gazetteer's id when it knows the
    place (``Genève`` -> ``#geneva``), else one made from the name."""
    match = next(
        (
            m
            for m in find_entities(place, lang)
            if m.kind == "location" and (m.start, m.end) == (0, len(place))
        ),
        None,
    )
    if match is not None:
        return doc.add_reference("TLCLocation", match.eid, match.href, match.show_as)
    ident = slug(place)
    return doc.add_reference("TLCLocation", ident, ontology.tlc_href("location", ident), place)


def lift_date(doc: SpeechDocument, options: ReadOptions) -> SpeechDocument:
    """Move the first date line among the leading blocks into the preface as ``docDate``."""
    lang = doc.lang or "en"
    for el in body(doc)[:2]:
        if len(el):  # a date line is plain text
            continue
        line = text_of(el).strip()
        found = parse_date_line(line, lang)
        if not found:
            continue
        p = E("p")
        if found.place:
            ref = place_reference(doc, found.place, lang)

            p.append(E("location", found.place, refersTo=ref))
            p[-1].tail = line[len(found.place) : found.place_text_end]
            doc.note("place", "inferred", found.place)
        p.append(E("docDate", found.text, date=found.iso))
        doc.note("date", "inferred", found.iso)
        doc.speech.remove(el)
        doc.preface.append(p)
        return doc
    return doc
