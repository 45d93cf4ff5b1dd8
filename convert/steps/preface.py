"""Preface steps: drop page chrome; lift the title, delivery notes and date line.

Each step looks only at the leading blocks of the body and moves what it
recognises into ``preface``, text unchanged.
"""

from __future__ import annotations

from lxml import etree

from ..knowledge import ontology
from ..knowledge.dates import parse_date_line
from ..knowledge.entities import find_entities
from ..knowledge.patterns import BREADCRUMB, status_concept, title_status
from ..model.akn import E, local, q, text_of
from ..model.document import SpeechDocument
from ..model.identity import slug
from ..options import ReadOptions
from ..sidecar import Sidecar


def body(doc: SpeechDocument, limit: int = 3) -> list[etree._Element]:
    """The first ``limit`` block children of the first speech (all the preface steps read)."""
    out: list[etree._Element] = []
    for el in doc.speech:
        if isinstance(el.tag, str) and local(el) != "from":
            out.append(el)
            if len(out) == limit:
                break
    return out


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


def drop_chrome(doc: SpeechDocument, options: ReadOptions, side: Sidecar | None) -> SpeechDocument:
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


def lift_title(doc: SpeechDocument, options: ReadOptions, side: Sidecar | None) -> SpeechDocument:
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


def lift_status(doc: SpeechDocument, options: ReadOptions, side: Sidecar | None) -> SpeechDocument:
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


def lift_date(doc: SpeechDocument, options: ReadOptions, side: Sidecar | None) -> SpeechDocument:
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
