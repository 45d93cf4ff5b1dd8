"""Identity steps: FRBR identification, where each field came from, and eIds."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from lxml import etree

from ..errors import WarningCode, WarningRecord
from ..knowledge import ontology
from ..knowledge.patterns import status_concept
from ..model.akn import E, local, q
from ..model.document import NESTING, PODIUM, SpeechDocument
from ..model.identity import PROVENANCE_NS, frbr_iris, iso639_2, slug, symbol_number
from ..options import ReadOptions
from ..sidecar import Sidecar
from ..version import __version__

#: Short names of elements in eIds (AKN naming convention).
EID_NAMES = {"blockList": "list", "blockContainer": "container"}
#: Elements that never get an eId of their own.
NO_EID = frozenset({"from", "num", "heading", "subheading"})


def content_id(doc: SpeechDocument) -> str:
    """A stable FRBR number from the speech's words: 16 hex digits of a SHA-256.

    Re-converting the same speech gives the same id; any change of wording a new one.
    """
    digest = hashlib.sha256()
    for speech in doc.speeches:
        digest.update(etree.tostring(speech, method="text", encoding="utf-8"))
    return digest.hexdigest()[:16]


def _actor(doc: SpeechDocument, side: Sidecar | None, country: str) -> str:
    if side and side.actor:
        return side.actor
    role_ref = doc.speech.get("as")
    known = next((r.actor for r in ontology.roles() if f"#{r.eid}" == role_ref), None)
    if known:
        doc.note("actor", "inferred", known)
        return known
    doc.note("actor", "fallback", country)
    return country


@dataclass(frozen=True)
class _Frbr:
    """The facts the FRBR identification states, gathered before it is written."""

    iris: dict[str, str]
    when: str  # the delivery date, else the generation date
    date_name: str  # "delivery" or "generation"
    generated: str
    author: str  # "#eid" of the speaking organization
    producer: str  # "#eid" of podium
    title: str
    printed: str | None  # the printed title, when a given one replaces it
    version: str | None
    country: str
    number: str
    symbol: str | None
    lang3: str


def identify(doc: SpeechDocument, options: ReadOptions, side: Sidecar | None) -> SpeechDocument:
    """Write FRBR identification, publication date, lifecycle and references."""
    generated = options.generated.date().isoformat()
    when = _frbr_date(doc, generated)
    lang3 = iso639_2(doc.lang or "en")
    country = side.country if side and side.country else "un"
    actor = _actor(doc, side, country)
    symbol = side.symbol if side else None
    number = symbol_number(symbol) if symbol else content_id(doc)
    author, producer = _organizations(doc, actor)
    title, printed = _titles(doc, side)
    status = doc.status
    frbr = _Frbr(
        iris=frbr_iris(actor, when, number, lang3, country),
        when=when,
        date_name="delivery" if doc.date else "generation",
        generated=generated,
        author=author,
        producer=producer,
        title=title,
        printed=printed,
        version=(status_concept(status) or {}).get("version") if status else None,
        country=country,
        number=number,
        symbol=symbol,
        lang3=lang3,
    )
    old = doc.meta.find(q("identification"))
    if old is not None:
        doc.meta.remove(old)
    doc.meta.insert(0, _identification(frbr))
    pub = doc.meta.find(q("publication"))
    if pub is not None and not pub.get("date"):
        pub.set("date", when)
    _lifecycle(doc, side, frbr)
    _references(doc, frbr)
    return doc


def _frbr_date(doc: SpeechDocument, generated: str) -> str:
    """The FRBR date: the delivery date, else (with a warning) the generation date."""
    if not doc.date:
        doc.note("date", "fallback", generated)
        doc.warnings.append(WarningRecord(WarningCode.W201))
    return doc.date or generated


def _organizations(doc: SpeechDocument, actor: str) -> tuple[str, str]:
    """References to the speaking organization (the FRBR author) and to podium."""
    author = doc.add_reference(
        "TLCOrganization",
        actor,
        ontology.tlc_href("organization", actor),
        ontology.organization_name(actor),
        claim=True,  # the Work IRI names the author by this id
    )
    producer = doc.add_reference(
        "TLCOrganization",
        PODIUM,
        ontology.tlc_href("organization", PODIUM),
        f"podium {__version__} (markup producer)",
        claim=True,  # `references/@source` and the provenance name podium by this id
    )
    return author, producer


def _titles(doc: SpeechDocument, side: Sidecar | None) -> tuple[str, str | None]:
    """The title (given, printed, else the file name) and the printed one a given replaces."""
    given = side.title if side else None
    title = given or doc.title or (doc.source.stem if doc.source else "Untitled speech")
    if not given and not doc.title:
        doc.note("title", "fallback", title)
        doc.warnings.append(WarningRecord(WarningCode.W202))
    printed = doc.title if given and doc.title and doc.title != given else None
    return title, printed


def _identification(frbr: _Frbr) -> etree._Element:
    """``meta/identification``: the FRBR Work, Expression and Manifestation."""
    iris, when, date_name = frbr.iris, frbr.when, frbr.date_name
    return E(
        "identification",
        E(
            "FRBRWork",
            E("FRBRthis", value=f"{iris['work']}/!main"),
            E("FRBRuri", value=iris["work"]),
            E("FRBRalias", name="title", value=frbr.title),
            E("FRBRalias", name="printedTitle", value=frbr.printed) if frbr.printed else None,
            E("FRBRdate", date=when, name=date_name),
            E("FRBRauthor", href=frbr.author),
            E("FRBRcountry", value=frbr.country),
            E("FRBRsubtype", value="communication"),
            E("FRBRnumber", value=frbr.number, showAs=frbr.symbol),
            E("FRBRprescriptive", value="false"),
        ),
        E(
            "FRBRExpression",
            E("FRBRthis", value=f"{iris['expression']}/!main"),
            E("FRBRuri", value=iris["expression"]),
            E("FRBRdate", date=when, name=date_name),
            E("FRBRauthor", href=frbr.author),
            E("FRBRversionNumber", value=frbr.version) if frbr.version else None,
            E("FRBRlanguage", language=frbr.lang3),
        ),
        E(
            "FRBRManifestation",
            E("FRBRthis", value=iris["manifestation"]),
            E("FRBRuri", value=iris["manifestation_uri"]),
            E("FRBRdate", date=frbr.generated, name="generation"),
            E("FRBRauthor", href=frbr.producer),
            E("FRBRformat", value="xml"),
        ),
        source=frbr.producer,
    )


def _lifecycle(doc: SpeechDocument, side: Sidecar | None, frbr: _Frbr) -> None:
    """The generation event in ``meta/lifecycle``, referring to the sidecar's event if any."""
    event = None
    if side and side.event:
        eid = slug(side.event)
        event = doc.add_reference("TLCEvent", eid, ontology.tlc_href("event", eid), side.event)
    lifecycle = doc.meta_part("lifecycle", source=frbr.producer)
    if not len(lifecycle):
        lifecycle.append(
            E(
                "eventRef",
                eId="lifecycle_1",
                date=frbr.when,
                source="#original",
                type="generation",
                refersTo=event,
            )
        )


def _references(doc: SpeechDocument, frbr: _Frbr) -> None:
    """TLC IRIs moved to the document's jurisdiction; the ``original`` reference added."""
    refs = doc.meta_part("references", source=frbr.producer)
    country = frbr.country
    if country != "un":  # TLC IRIs live in the document's jurisdiction (AKN naming 3.2)
        for tlc in refs:
            href = tlc.get("href", "")
            if href.startswith(ontology.ONTOLOGY):
                parts = href.split("/")
                if len(parts) > 4 and parts[4] == "un":
                    parts[4] = country
                    tlc.set("href", "/".join(parts))
    if refs.find(q("original")) is None:
        show = frbr.title + (f", {doc.date_text}" if doc.date_text else "")
        refs.insert(0, E("original", eId="original", href=frbr.iris["expression"], showAs=show))


def record_provenance(
    doc: SpeechDocument, options: ReadOptions, side: Sidecar | None
) -> SpeechDocument:
    """Record, for each metadata field, whether it was given, inferred or a fallback.

    Written in ``meta/proprietary`` in podium's namespace, with the head lines read-head
    dropped as page furniture or chrome, verbatim::

        <proprietary source="#podium">
          <pv:field xmlns:pv="urn:podium:provenance:1" name="date" origin="given"
                    value="2021-04-19"/>
          <pv:dropped xmlns:pv="urn:podium:provenance:1" kind="furniture">Page 1 of 10</pv:dropped>
    """
    if not doc.origins and not doc.dropped:
        return doc
    prop = doc.meta_part("proprietary", source=f"#{PODIUM}")
    for name in sorted(doc.origins):
        origin, value = doc.origins[name]
        el = etree.SubElement(prop, f"{{{PROVENANCE_NS}}}field", nsmap={"pv": PROVENANCE_NS})
        el.set("name", name)
        el.set("origin", origin)
        el.set("value", value)
    for kind, text in doc.dropped:  # what read-head left out of the speech, verbatim
        el = etree.SubElement(prop, f"{{{PROVENANCE_NS}}}dropped", nsmap={"pv": PROVENANCE_NS})
        el.set("kind", kind)
        el.text = text
    return doc


def _set_eid(el: etree._Element, eid: str) -> None:
    """Put the eId first among the attributes, for people reading the XML."""
    if not len(el.attrib):
        el.set("eId", eid)
        return
    rest = [(k, v) for k, v in el.attrib.items() if k != "eId"]
    el.attrib.clear()
    el.set("eId", eid)
    for k, v in rest:
        el.set(k, v)


def _number(parent: etree._Element, prefix: str) -> None:
    counts: dict[str, int] = {}
    for el in parent:
        if not isinstance(el.tag, str) or local(el) in NO_EID:
            continue
        name = EID_NAMES.get(local(el), local(el))
        counts[name] = counts.get(name, 0) + 1
        eid = f"{prefix}__{name}_{counts[name]}"
        _set_eid(el, eid)
        if local(el) in NESTING:
            _number(el, eid)


def number_eids(doc: SpeechDocument, options: ReadOptions, side: Sidecar | None) -> SpeechDocument:
    """Deterministic eIds following the AKN naming convention.

    Blocks are numbered per element name within their parent: the fifth paragraph
    of the speech is ``address_1__speech_1__p_5``, the first salutation
    ``address_1__speech_1__block_1``, the second item of the first list
    ``address_1__speech_1__list_1__item_2``; the preface uses ``longTitle``,
    ``longTitle__p_1`` and ``preface__p_N``.  Same input, same ids.
    """
    _set_eid(doc.one("a:doc/a:mainBody/a:address"), "address_1")
    for n, speech in enumerate(doc.speeches, 1):
        _set_eid(speech, f"address_1__speech_{n}")
        _number(speech, f"address_1__speech_{n}")
    n = 0
    for el in doc.preface:
        if not isinstance(el.tag, str):
            continue
        if local(el) == "longTitle":
            _set_eid(el, "longTitle")
            for i, p in enumerate(el.iterchildren(q("p")), 1):
                _set_eid(p, f"longTitle__p_{i}")
        elif local(el) == "p":
            n += 1
            _set_eid(el, f"preface__p_{n}")
    if not len(doc.preface):
        doc.doc.remove(doc.preface)
    return doc
