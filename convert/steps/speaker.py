"""Who speaks, in what language, and what the sidecar says.

``detect-language`` runs first so that every later step knows the language;
``apply-sidecar`` writes the fields a sidecar gives into the preface and meta;
``infer-speaker`` sets ``speech/@by @as @to`` from the sidecar or, failing that,
from the title and the delivery date.
"""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date
from lxml import etree

from ..errors import WarningCode, WarningRecord
from ..knowledge import ontology
from ..knowledge.head import vocabulary as head_vocabulary
from ..knowledge.language import detect
from ..knowledge.patterns import AUDIENCE, DOC_TYPES
from ..model.akn import E, mark_spans, q, text_of
from ..model.document import PREFACE, SpeechDocument
from ..model.identity import person_id, role_id, slug
from ..options import ReadOptions
from ..sidecar import Sidecar
from .preface import place_reference, set_type, status_element


def detect_language(
    doc: SpeechDocument, options: ReadOptions, side: Sidecar | None
) -> SpeechDocument:
    """The speech's language: ``--lang``, else the sidecar, else detected, else English."""
    given = side.language if side else None
    if options.lang:
        lang, origin = options.lang, "given"
    elif given:
        lang, origin = given, "given"
    else:
        sample = " ".join(text_of(el) for el in doc.speech)[:20000]
        found = detect(sample)
        lang, origin = (found, "inferred") if found else ("en", "fallback")
        if not found:
            doc.warnings.append(WarningRecord(WarningCode.W204))
    doc.set_lang(lang)
    doc.note("language", origin, lang)
    return doc


def apply_sidecar(
    doc: SpeechDocument, options: ReadOptions, side: Sidecar | None
) -> SpeechDocument:
    """Write the sidecar's title, status, date, place and publisher into the master.

    What the source printed stays as printed: a given value corrects the metadata
    (``@date``, ``@refersTo``, the FRBR title) and leaves the words alone.  A value
    the source lacks is added to the preface marked ``status="editorial"`` (text
    supplied by the editor, not the speaker), which ``podium text`` leaves out.
    """
    if side is None:
        return doc
    if side.title:
        if doc.find(f"{PREFACE}/a:longTitle//a:docTitle") is None:
            doc.preface.insert(
                0, E("longTitle", E("p", E("docTitle", side.title)), status="editorial")
            )
        doc.note("title", "given", side.title)
    if side.status:
        given = status_element(doc, side.status)
        old = doc.find(f"{PREFACE}//a:docStatus")
        if old is None:
            doc.preface.append(E("p", given, status="editorial"))
        elif given.get("refersTo"):
            old.set("refersTo", given.get("refersTo", ""))
        doc.note("status", "given", side.status)
    if side.type:
        set_type(doc, side.type, "given")
    if side.date:
        _set_date(doc, side.date)
    if side.place:
        ref = place_reference(doc, side.place, doc.lang or "en")
        loc = doc.find(f"{PREFACE}//a:location")
        if loc is not None:
            loc.set("refersTo", ref)
        doc.note("place", "given", side.place)
    if side.publisher:
        pub = doc.meta_part("publication", name=slug(side.publisher), showAs=side.publisher)
        pub.set("showAs", side.publisher)
        doc.note("publisher", "given", side.publisher)
    for key in ("event", "symbol", "country", "actor"):
        value = getattr(side, key)
        if value:
            doc.note(key, "given", value)
    return doc


def _set_date(doc: SpeechDocument, iso: str) -> None:
    old = doc.find(f"{PREFACE}//a:docDate")
    if old is not None:
        old.set("date", iso)
    else:
        lang = doc.lang or "en"
        try:
            shown = format_date(date.fromisoformat(iso), "long", locale=lang)
        except (ValueError, LookupError):
            shown = iso
        doc.preface.append(E("p", E("docDate", shown, date=iso), status="editorial"))
    doc.note("date", "given", iso)


def infer_speaker(
    doc: SpeechDocument, options: ReadOptions, side: Sidecar | None
) -> SpeechDocument:
    """``@by``, ``@as``, ``@to`` of every speech, and the title's words marked.

    The sidecar wins; then what the text prints (the byline or the title's "by ..."
    that read-head found); the role table only fills in: a title naming a known role as
    its speaker's gives the role, and the role's holder on the delivery date the person
    when the text names none.  A known body named in the title gives the addressee.
    Labelled interjections ("Audience members.") get a person of their own.
    """
    title_el = doc.find(f"{PREFACE}//a:docTitle")
    title = text_of(title_el) if title_el is not None else ""
    found = _speaker_role(title)
    role, at = found if found else (None, 0)
    as_ref = _role_reference(doc, side, role)
    by_ref, as_ref = _speaker_reference(doc, side, role, as_ref)
    spans = _role_spans(title, role, at, by_ref, as_ref)
    to_ref = _addressee_reference(doc, side, title, spans)
    if title_el is not None and len(title_el) == 0:
        mark_spans(title_el, spans)
    main_role = (side.role if side and side.role else role.show_as if role else "").lower()
    _attribute_speeches(doc, main_role, by_ref, as_ref, to_ref)
    return doc


#: What may come before a role a title names as its speaker's: nothing, a title formula
#: ("Message du", "Выступление"), or a word that introduces the speaker ("by", "of the").
_BEFORE_SPEAKER = re.compile(
    r"(?:^|\b(?:by|of|from|de|du|del|des|par|por|delivered by)\s+"
    r"(?:the\s+|la\s+|le\s+|l'|el\s+)?)$",
    re.I,
)


def _speaker_role(title: str) -> tuple[ontology.Role, int] | None:
    """The known role a title names as its speaker's: at its start, right after its
    formula, or after "by"; a role merely mentioned ("after being appointed
    Secretary-General") is not the speaker's."""
    found = ontology.find_role(title)
    if found is None:
        return None
    before = title[: found[1]].strip()
    if not before or _BEFORE_SPEAKER.search(title[: found[1]]) or _opens_title(before):
        return found
    return None


def _opens_title(text: str) -> bool:
    """Whether ``text`` is a title formula alone ("Message", "Выступление", "كلمة")."""
    low = text.lower().rstrip(" :,")
    forms = head_vocabulary()["title_openers"]
    return any(low == f.strip() for lang, fs in forms.items() if lang != "_seen" for f in fs)


def _role_reference(
    doc: SpeechDocument, side: Sidecar | None, role: ontology.Role | None
) -> str | None:
    """The speaker's role (``@as``): the sidecar's, else the one the title names, else the
    office the byline prints."""
    if side and side.role:
        return _role_named(doc, side.role, "given")
    if role:
        shown = ontology.shown_in(role.eid, doc.lang, role.show_as)
        as_ref = doc.add_reference("TLCRole", role.eid, ontology.tlc_href("role", role.eid), shown)
        doc.note("role", "inferred", shown)
        return as_ref
    if doc.speaker_office:
        return _role_named(doc, doc.speaker_office, "inferred")
    return None


def _role_named(doc: SpeechDocument, name: str, origin: str) -> str:
    rid = role_id(name, ((r.name, r.eid) for r in ontology.roles()))
    as_ref = doc.add_reference("TLCRole", rid, ontology.tlc_href("role", rid), name)
    doc.note("role", origin, name)
    return as_ref


def _speaker_reference(
    doc: SpeechDocument, side: Sidecar | None, role: ontology.Role | None, as_ref: str | None
) -> tuple[str, str | None]:
    """The speaker (``@by``) and the role reference, which a claimed person id may move."""
    holder = role.holder(doc.date) if role else None
    if side and side.speaker:
        pid = side.speaker_id or person_id(side.speaker)
        by_ref = doc.add_reference(
            "TLCPerson",
            pid,
            ontology.tlc_href("person", pid),
            side.speaker,
            claim=bool(side.speaker_id),  # an id the sidecar gives is kept as given
        )
        as_ref = doc.moved.get(as_ref or "", as_ref)  # a role of that id moved aside
        doc.note("speaker", "given", side.speaker)
    elif doc.speaker_name:
        by_ref = _printed_speaker(doc, doc.speaker_name, role, holder)
    elif holder is not None:
        shown = ontology.shown_in(holder.eid, doc.lang, holder.name)
        by_ref = doc.add_reference(
            "TLCPerson", holder.eid, ontology.tlc_href("person", holder.eid), shown
        )
        doc.note("speaker", "inferred", shown)
    else:
        by_ref = _unknown_speaker(doc, side, role)
    return by_ref, as_ref


def _printed_speaker(
    doc: SpeechDocument, name: str, role: ontology.Role | None, holder: ontology.Person | None
) -> str:
    """The speaker the text prints; the role table's holder only confirms (a known
    person keeps its id) or, when it names someone else, is overruled with a warning."""
    if holder is not None and person_id(name) in {
        person_id(n) for n in ontology.names_of(holder.eid, holder.name)
    }:
        pid = holder.eid
    else:
        pid = person_id(name)
        if holder is not None and role is not None:
            params = {"name": name, "holder": holder.name, "role": role.show_as}
            doc.warnings.append(
                WarningRecord(WarningCode.W205, {**params, "date": doc.date or "that date"})
            )
    doc.note("speaker", "inferred", name)
    return doc.add_reference("TLCPerson", pid, ontology.tlc_href("person", pid), name)


def _unknown_speaker(doc: SpeechDocument, side: Sidecar | None, role: ontology.Role | None) -> str:
    first_label = doc.speech.find(q("from"))
    shown = (
        side.role
        if side and side.role
        else ontology.shown_in(role.eid, doc.lang, role.show_as)
        if role
        else _label_text(first_label)
        if first_label is not None
        else "Unknown speaker"
    )
    by_ref = doc.add_reference(
        "TLCPerson", "speaker", ontology.tlc_href("person", "unknown"), shown
    )
    doc.note("speaker", "fallback", shown)
    doc.warnings.append(WarningRecord(WarningCode.W203))
    return by_ref


def _role_spans(
    title: str, role: ontology.Role | None, at: int, by_ref: str, as_ref: str | None
) -> list[tuple[int, int, etree._Element]]:
    """The title's role words as ``docProponent`` and the document type after them."""
    spans: list[tuple[int, int, etree._Element]] = []
    if role:
        spans.append((at, at + len(role.name), E("docProponent", refersTo=by_ref, as_=as_ref)))
        low = title.lower()
        for word in DOC_TYPES:
            i = low.find(word, at + len(role.name))
            if i >= 0:
                spans.append((i, i + len(word), E("docType")))
                break
    return spans


def _addressee_reference(
    doc: SpeechDocument,
    side: Sidecar | None,
    title: str,
    spans: list[tuple[int, int, etree._Element]],
) -> str | None:
    """The addressee (``@to``): the sidecar's, else the longest known body the title names.

    A body the title names is marked as an ``organization`` span (added to ``spans``) even
    when the sidecar gives the addressee.
    """
    to_ref = None
    if side and side.addressee:
        org = ontology.facts()["addressees"].get(side.addressee) or slug(side.addressee)
        to_ref = doc.add_reference(
            "TLCOrganization", org, ontology.tlc_href("organization", org), side.addressee
        )
        doc.note("addressee", "given", side.addressee)
    for name, org in sorted(ontology.facts()["addressees"].items(), key=lambda kv: -len(kv[0])):
        i = title.find(name)
        if i >= 0:
            ref = doc.add_reference(
                "TLCOrganization", org, ontology.tlc_href("organization", org), name
            )
            spans.append((i, i + len(name), E("organization", refersTo=ref)))
            if to_ref is None:
                to_ref = ref
                doc.note("addressee", "inferred", name)
            break
    return to_ref


def _attribute_speeches(
    doc: SpeechDocument, main_role: str, by_ref: str, as_ref: str | None, to_ref: str | None
) -> None:
    """Set ``@by`` (and ``@as``, ``@to``) on every speech.

    A speech after the first whose label differs from the first one's is given the person
    its label names instead, without ``@as`` and ``@to``.
    """
    first = doc.speech.find(q("from"))
    main_label = _label_text(first) if first is not None else ""
    for n, speech in enumerate(doc.speeches):
        label = speech.find(q("from"))
        who: str | None = None
        if n and label is not None and _label_text(label) != main_label:
            who = _label_person(doc, label, main_role)
        speech.set("by", who or by_ref)
        if who is None:
            for attr, value in (("as", as_ref), ("to", to_ref)):
                if value:
                    speech.set(attr, value)


def _label_text(label: etree._Element) -> str:
    """A speaker label without its article and closing mark: "The President." -> "President"."""
    return re.sub(r"^(?:the)\s+", "", text_of(label).strip().rstrip(".:"), flags=re.I)


def _label_person(doc: SpeechDocument, label: etree._Element, main_role: str) -> str | None:
    """The person a speech label names; ``None`` when it names the main speaker."""
    text = _label_text(label)
    if main_role and text.lower() in (main_role, main_role.split()[0]):
        return None
    if AUDIENCE.match(text):
        return doc.add_reference(
            "TLCPerson", "audience", ontology.tlc_href("person", "audience"), "Audience"
        )
    pid = person_id(text)
    return doc.add_reference("TLCPerson", pid, ontology.tlc_href("person", pid), text.title())
