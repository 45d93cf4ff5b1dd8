"""The preface step: the head of the speech read line by line into ``preface``.

``read-head`` hands the leading plain blocks of the speech to the head-of-document model
(:mod:`podium.convert.knowledge.head`), which says what each is, and moves them into the
preface in the order printed, text unchanged: the title block as ``longTitle`` (its
delivery note as ``docStatus``, a date ending it as ``docDate``), date lines as ``docDate``
with their ``location``, delivery notes as ``docStatus``, a symbol as ``docNumber``, and
bylines, letterheads, translation and editorial notes as paragraphs with a ``class``.
Page furniture and site chrome are dropped (a site banner names the publisher).  The
speech always keeps at least one block.
"""

from __future__ import annotations

from lxml import etree

from ..knowledge import ontology
from ..knowledge.dates import DateLine
from ..knowledge.entities import find_entities
from ..knowledge.head import (
    DOCUMENT_TYPES,
    MAX_HEAD_LINES,
    Head,
    Kind,
    Line,
    chrome_lines,
    classify,
    document_type,
    starts_apart,
)
from ..knowledge.head import read_head as read_head_lines
from ..knowledge.patterns import status_concept, title_status
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


#: The ``class`` of the preface paragraph each kind of kept head line becomes.
PREFACE_CLASS = {
    Kind.LETTERHEAD: "letterhead",
    Kind.NAME: "byline",
    Kind.OFFICE: "byline",
    Kind.TRANSLATION: "translationNote",
    Kind.NOTE: "editorialNote",
    Kind.OTHER: "head",
    Kind.EVENT: "head",
    Kind.TITLE: "head",
}


def head_blocks(doc: SpeechDocument) -> list[etree._Element]:
    """The leading plain blocks of the first speech: paragraphs and headings holding only
    text, up to the first list, quotation or marked-up block (the head is plain lines)."""
    out: list[etree._Element] = []
    for el in doc.speech:
        if not isinstance(el.tag, str) or local(el) == "from":
            continue
        if local(el) not in ("p", "heading") or len(el) or len(out) == MAX_HEAD_LINES:
            break
        out.append(el)
    return out


def read_head(doc: SpeechDocument, options: ReadOptions, side: Sidecar | None) -> SpeechDocument:
    """Move the head of the speech into the preface (see the module docstring)."""
    if len(doc.preface):
        return doc  # the reader read a preface (Akoma Ntoso input): the head is known
    lang = doc.lang or "en"
    blocks = head_blocks(doc)
    units = head_units(doc, blocks, lang)
    texts = [text for _, text in units]
    headings = frozenset(i for i, (b, _) in enumerate(units) if local(blocks[b]) == "heading")
    head = read_head_lines(texts, lang, headings)
    everything = len(body(doc, len(blocks) + 1)) == len(blocks)
    if head.end >= len(units) and everything and not _only_head(head, lang):
        head = read_head_lines(texts[: head.end - 1], lang, headings)  # the speech keeps one
    first, last = head.title_span
    for i, line in enumerate(head.lines):
        if first <= i < last:
            if i == last - 1:
                doc.preface.append(E("longTitle", _title_paragraph(doc, head, lang)))
            continue
        part = _preface_part(doc, line, lang)
        if part is not None:
            doc.preface.append(part)
    _leave_rest(doc, blocks, units, head.end)
    set_type(doc, document_type(head.title, lang), "inferred")
    doc.speaker_name, doc.speaker_office = head.name, head.office
    if head.name:
        doc.note("byline", "inferred", head.name)
    return doc


def set_type(doc: SpeechDocument, kind: str, origin: str) -> None:
    """The document's type (``address``, ``message``, ``officialStatement``) as the
    ``doc`` name the profile gives it, recorded with where it came from."""
    doc.doc.set("name", DOCUMENT_TYPES[kind])
    if kind != "address" or origin == "given":  # an address says so in its name alone
        doc.note("type", origin, kind)


def head_units(
    doc: SpeechDocument, blocks: list[etree._Element], lang: str
) -> list[tuple[int, str]]:
    """The head's lines as ``(block index, text)``: a paragraph the reader joined from
    printed lines is cut where a line of its own kind starts (a date, a place, a delivery
    note, a salutation, a title formula under a letterhead), unless the line before needs
    it to end its phrase ("... of the" / "General Assembly, 26 September 2031")."""
    units: list[tuple[int, str]] = []
    for b, el in enumerate(blocks):
        printed = doc.lines.get(el)
        if not printed or classify(printed[0], lang).kind in (Kind.OTHER, Kind.BODY):
            units.append((b, " ".join(text_of(el).split())))
            continue  # a paragraph of the speech, or lines of no kind the head knows
        groups = [[printed[0]]]
        for line in printed[1:]:
            if starts_apart(groups[-1][-1], line, lang):
                groups.append([])
            groups[-1].append(line)
        units += [(b, " ".join(" ".join(group).split())) for group in groups]
    return units


def _leave_rest(
    doc: SpeechDocument, blocks: list[etree._Element], units: list[tuple[int, str]], end: int
) -> None:
    """Take the head's lines out of the speech: a block all of whose lines went to the
    head is removed, one the head took only the first lines of keeps the rest."""
    for b, el in enumerate(blocks):
        mine = [i for i, (owner, _) in enumerate(units) if owner == b]
        if not mine or mine[0] >= end:
            break
        kept = [units[i][1] for i in mine if i >= end]
        if kept:
            el.text = " ".join(kept)
            doc.lines.pop(el, None)
        else:
            doc.speech.remove(el)


def _only_head(head: Head, lang: str) -> bool:
    """Whether every line is plainly head, not speech: page furniture, or a title that
    opens with its formula ("Remarks on ...", as a heading or not) with dates and notes.  Such a
    text holds no speech (PODIUM-E104); otherwise its last line is the speech and stays
    (a heading in capitals, a place or a date may be all a speech says)."""
    first, last = head.title_span
    plain = (Kind.FURNITURE, Kind.CHROME, Kind.DATE, Kind.STATUS, Kind.PLACE)
    titled = (
        last == first + 1  # a title over several lines may end in the speech's one line
        and head.title is not None
        and classify(head.lines[first].text, lang).opener
    )
    dropped = (Kind.FURNITURE, Kind.CHROME)
    return all(line.kind in dropped for line in head.lines) or (
        titled and all(line.kind in plain or first <= i < last for i, line in enumerate(head.lines))
    )


def _title_paragraph(doc: SpeechDocument, head: Head, lang: str) -> etree._Element:
    """``p/docTitle`` of the title block, its trailing delivery note as ``docStatus`` and a
    date that ends it as ``docDate`` (all the block's words kept, in order)."""
    first, last = head.title_span
    printed = " ".join(line.text for line in head.lines[first:last])
    title = head.title if head.title and printed.startswith(head.title) else printed
    rest = printed[len(title) :]
    status = title_status(title)
    p = E("p")
    if status:
        p.append(E("docTitle", title[: status.start()]))
        p[-1].tail = status["sep"] or None
        p.append(status_element(doc, status["status"]))
        doc.note("status", "inferred", status["status"])
        title = title[: status.start()]
    else:
        p.append(E("docTitle", title))
    doc.note("title", "inferred", title)
    if rest:
        _date_after_title(doc, p, rest, head, lang)
    return p


def _date_after_title(
    doc: SpeechDocument, p: etree._Element, rest: str, head: Head, lang: str
) -> None:
    """The words after the title in its block: the date as ``docDate``, the rest as text."""
    date = head.date
    at = rest.find(date.text) if date is not None else -1
    if date is None or at < 0:
        p[-1].tail = (p[-1].tail or "") + rest
        return
    p[-1].tail = (p[-1].tail or "") + rest[:at]
    p.append(E("docDate", date.text, date=date.iso))
    p[-1].tail = rest[at + len(date.text) :] or None
    doc.note("date", "inferred", date.iso)


def _preface_part(doc: SpeechDocument, line: Line, lang: str) -> etree._Element | None:
    """The preface element one head line becomes, or ``None`` for what is dropped."""
    if line.kind in (Kind.FURNITURE, Kind.CHROME):
        _publisher(doc, line.text)
        doc.dropped.append((line.kind.value, line.text))
        return None
    if line.kind is Kind.STATUS:
        if "status" not in doc.origins:
            doc.note("status", "inferred", line.text)
        return E("p", status_element(doc, line.text))
    if line.kind is Kind.SYMBOL:
        return E("p", E("docNumber", line.text))
    if line.kind is Kind.DATE and line.date is not None:
        return _date_paragraph(doc, line.text, line.date, lang)
    if line.kind is Kind.PLACE and line.place:
        return _place_paragraph(doc, line.text, line.place, lang)
    return E("p", line.text, class_=PREFACE_CLASS.get(line.kind, "head"))


def _publisher(doc: SpeechDocument, text: str) -> None:
    """A site banner names the site that published the page."""
    entry = chrome_lines().get(text.lower())
    if entry and "publication" in entry and doc.meta.find(q("publication")) is None:
        pub = entry["publication"]
        doc.meta_part("publication", name=pub["name"], showAs=pub["showAs"])


def _date_paragraph(doc: SpeechDocument, text: str, found: DateLine, lang: str) -> etree._Element:
    """A date line as ``p`` with ``docDate`` (and ``location`` when a place comes first)."""
    p = E("p")
    at = text.find(found.text)
    before, after = (text[:at], text[at + len(found.text) :]) if at >= 0 else (text, "")
    place_at = before.find(found.place) if found.place else -1
    if found.place and place_at >= 0:
        p.text = before[:place_at] or None
        p.append(E("location", found.place, refersTo=place_reference(doc, found.place, lang)))
        p[-1].tail = before[place_at + len(found.place) :] or None
        doc.note("place", "inferred", found.place)
    else:
        p.text = before or None
    p.append(E("docDate", found.text, date=found.iso))
    p[-1].tail = after or None
    doc.note("date", "inferred", found.iso)
    return p


def _place_paragraph(doc: SpeechDocument, text: str, place: str, lang: str) -> etree._Element:
    """A place line ("Location: New York") as ``p`` with ``location``."""
    at = text.rfind(place)
    p = E("p", text[:at] or None)
    p.append(E("location", place, refersTo=place_reference(doc, place, lang)))
    p[-1].tail = text[at + len(place) :] or None
    doc.note("place", "inferred", place)
    return p
