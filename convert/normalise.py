"""Normalisation: a raw document from any reader, refined by an ordered tuple of steps.

Each step takes a :class:`SpeechDocument` and returns it, doing one thing:

1. ``drop-chrome``       remove web-page chrome (site banners, share lines)
2. ``lift-title``        move the title line into the preface, splitting off the
                         delivery status (``[as delivered]``) as ``docStatus``
3. ``lift-date``         move the date line (maybe with a place) into the preface
4. ``mark-salutations``  ``Mr. President,`` and kin become ``block name="salutation"``
5. ``infer-speaker``     the speaker, role and addressee from the title and date
6. ``identify``          FRBR identification, lifecycle and references (AKN4UN naming)
7. ``number-eids``       deterministic eIds per the AKN naming convention

Every step is logged with its name and duration.  Steps never change the words of
the speech: they move blocks and add markup around existing text.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable

import pycountry
from lxml import etree

from . import ontology
from .akn import E, local, mark_spans, q, text_of
from .dates import parse_date_line
from .document import PODIUM, SpeechDocument
from .errors import NoSpeechError, UsageError
from .options import ReadOptions
from .version import __version__

log = logging.getLogger("podium.normalise")

Step = Callable[[SpeechDocument, ReadOptions], SpeechDocument]

#: Document types named in titles, longest first ("opening remarks" before "remarks").
DOC_TYPES = (
    "opening remarks",
    "closing remarks",
    "video message",
    "remarks",
    "statement",
    "message",
    "address",
    "briefing",
    "speech",
    "keynote address",
    "lecture",
)


# --- helpers shared by the steps ------------------------------------------------------
def body(doc: SpeechDocument) -> list[etree._Element]:
    """The speech's block children, in order."""
    return [el for el in doc.speech if isinstance(el.tag, str)]


def slug(text: str) -> str:
    """A lower-case id fragment: ``slug("New York") == "new-york"``."""
    return re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-") or "x"


def _status_pattern() -> re.Pattern[str]:
    markers = sorted(
        (m for s in ontology.facts()["status"] for m in s["markers"]), key=len, reverse=True
    )
    alt = "|".join(re.escape(m) for m in markers)
    return re.compile(rf"(?P<sep>\s*)(?P<status>[\[(]\s*(?:{alt})\s*[\])])\s*$", re.I)


def _status_concept(text: str) -> dict[str, str] | None:
    low = text.lower()
    for spec in ontology.facts()["status"]:
        if any(m in low for m in spec["markers"]):
            return dict(spec)
    return None


# --- the steps ------------------------------------------------------------------------
def drop_chrome(doc: SpeechDocument, options: ReadOptions) -> SpeechDocument:
    """Remove leading blocks that are page chrome; a site banner also names the publisher."""
    chrome = {c["text"].lower(): c for c in ontology.facts()["chrome"]}
    for el in body(doc):
        entry = chrome.get(" ".join(text_of(el).split()).lower())
        if entry is None:
            break
        if "publication" in entry and doc.meta.find(q("publication")) is None:
            pub = entry["publication"]
            doc.meta_part("publication", name=pub["name"], showAs=pub["showAs"])
        doc.speech.remove(el)
    return doc


def _looks_like_title(text: str, nxt: list[str], lang: str) -> bool:
    if _status_pattern().search(text):
        return True
    if any(parse_date_line(t, lang) for t in nxt):
        return True
    starts_with_role = any(text.startswith(r.name) for r in ontology.roles())
    return starts_with_role and len(text) < 400


def lift_title(doc: SpeechDocument, options: ReadOptions) -> SpeechDocument:
    """Move the title block to ``preface/longTitle``, its delivery marker to ``docStatus``."""
    blocks = body(doc)
    if not blocks:
        return doc  # nothing but chrome: normalise() reports it once every step has run
    lang = options.lang or "en"
    first = text_of(blocks[0])
    if len(blocks) < 2 or not _looks_like_title(first, [text_of(b) for b in blocks[1:3]], lang):
        doc.warnings.append("no title line found: the title is left empty; give one in a sidecar")
        return doc
    title, status = first, None
    m = _status_pattern().search(first)
    if m:
        title, status = first[: m.start()], m["status"]
    p = E("p", E("docTitle", title))
    if status:
        concept = _status_concept(status)
        ref = None
        if concept:
            ref = doc.add_reference(
                "TLCConcept",
                concept["id"],
                ontology.tlc_href("concept", concept["id"]),
                concept["showAs"],
            )
        p.append(E("docStatus", status, refersTo=ref))
        p[0].tail = m["sep"] if m else None
    doc.speech.remove(blocks[0])
    doc.preface.insert(0, E("longTitle", p))
    return doc


def lift_date(doc: SpeechDocument, options: ReadOptions) -> SpeechDocument:
    """Move the first date line among the leading blocks into the preface as ``docDate``."""
    for el in body(doc)[:2]:
        found = parse_date_line(text_of(el), options.lang or "en")
        if not found:
            continue
        p = E("p")
        if found.place:
            ref = doc.add_reference(
                "TLCLocation",
                slug(found.place),
                ontology.tlc_href("location", slug(found.place)),
                found.place,
            )
            line = text_of(el).strip()
            p.append(E("location", found.place, refersTo=ref))
            p[-1].tail = line[len(found.place) : found.place_text_end]
        p.append(E("docDate", found.text, date=found.iso))
        doc.speech.remove(el)
        doc.preface.append(p)
        return doc
    doc.warnings.append(
        "no date line found: the FRBR dates fall back to the generation date; "
        "give the delivery date in a sidecar"
    )
    return doc


def _salutation_pattern() -> re.Pattern[str]:
    openers = sorted(ontology.facts()["salutations"], key=len, reverse=True)
    alt = "|".join(re.escape(s) for s in openers)
    return re.compile(rf"(?:{alt})\b[^.!?]{{0,100}}[,:!]", re.I)


def mark_salutations(doc: SpeechDocument, options: ReadOptions) -> SpeechDocument:
    """Blocks that are only a form of address become ``block name="salutation"``."""
    pattern = _salutation_pattern()
    for el in body(doc):
        if local(el) == "p" and len(el) == 0 and pattern.fullmatch(text_of(el).strip()):
            el.tag = q("block")
            el.set("name", "salutation")
    return doc


def infer_speaker(doc: SpeechDocument, options: ReadOptions) -> SpeechDocument:
    """Speaker, role and addressee from the title; the role's holder on the delivery date."""
    speech = doc.speech
    title_el = doc.find("//a:preface//a:docTitle")
    title = text_of(title_el) if title_el is not None else ""
    role = next((r for r in ontology.roles() if title.startswith(r.name)), None)
    spans: list[tuple[int, int, etree._Element]] = []
    person = role.holder(doc.date) if role else None
    if role:
        as_ref = doc.add_reference(
            "TLCRole", role.eid, ontology.tlc_href("role", role.eid), role.show_as
        )
        speech.set("as", as_ref)
        doc.add_reference(
            "TLCOrganization",
            role.actor,
            ontology.tlc_href("organization", role.actor),
            ontology.organization_name(role.actor),
        )
    if person:
        by_ref = doc.add_reference(
            "TLCPerson", person.eid, ontology.tlc_href("person", person.eid), person.name
        )
    else:
        by_ref = doc.add_reference(
            "TLCPerson",
            "speaker",
            ontology.tlc_href("person", "unknown"),
            role.show_as if role else "Unknown speaker",
        )
        doc.warnings.append("the speaker is not known: give `speaker` in a sidecar")
    speech.set("by", by_ref)
    if role:
        spans.append((0, len(role.name), E("docProponent", refersTo=by_ref, as_=speech.get("as"))))
        low = title.lower()
        for word in DOC_TYPES:
            i = low.find(word, len(role.name))
            if i >= 0:
                spans.append((i, i + len(word), E("docType")))
                break
    for name, org in ontology.facts()["addressees"].items():
        i = title.find(name)
        if i >= 0:
            to_ref = doc.add_reference(
                "TLCOrganization", org, ontology.tlc_href("organization", org), name
            )
            speech.set("to", to_ref)
            spans.append((i, i + len(name), E("organization", refersTo=to_ref)))
            break
    if title_el is not None and len(title_el) == 0:
        mark_spans(title_el, spans)
    return doc


def content_id(doc: SpeechDocument) -> str:
    """A stable FRBR number from the speech's words: 16 hex digits of a SHA-256.

    Re-converting the same speech gives the same id; any change of wording a new one.
    """
    digest = hashlib.sha256("\n\n".join(doc.paragraphs()).encode("utf-8"))
    return digest.hexdigest()[:16]


def iso639_2(lang: str) -> str:
    """ISO 639-2 (terminology) code for a BCP 47 tag: ``en`` -> ``eng``, ``zh-Hans`` -> ``zho``."""
    primary = lang.split("-")[0].lower()
    found = (
        pycountry.languages.get(alpha_2=primary)
        if len(primary) == 2
        else pycountry.languages.get(alpha_3=primary)
    )
    if found is None:
        raise UsageError(
            f"unknown language code {lang!r}",
            fix="use a BCP 47 code such as en, fr, es, ar, ru or zh",
        )
    return str(found.alpha_3)


def frbr_iris(actor: str, when: str, number: str, lang3: str) -> dict[str, str]:
    """The AKN4UN FRBR IRIs of a communication (akn-profile.md decision 6).

    >>> frbr_iris("un-sg", "2021-04-19", "abc", "eng")["expression"]
    '/akn/un/doc/communication/un-sg/2021-04-19/abc/eng@2021-04-19'
    """
    work = f"/akn/un/doc/communication/{actor}/{when}/{number}"
    expression = f"{work}/{lang3}@{when}"
    return {
        "work": work,
        "expression": expression,
        "manifestation": f"{expression}/!main.xml",
        "manifestation_uri": f"{expression}.akn",
    }


def identify(doc: SpeechDocument, options: ReadOptions) -> SpeechDocument:
    """Write FRBR identification, lifecycle and references for the speech."""
    generated = options.generated.date().isoformat()
    when = doc.date or generated
    lang3 = iso639_2(options.lang or "en")
    role_ref = doc.speech.get("as")
    actor = "un"
    if role_ref:
        actor = next((r.actor for r in ontology.roles() if f"#{r.eid}" == role_ref), "un")
    number = content_id(doc)
    iris = frbr_iris(actor, when, number, lang3)
    date_name = "delivery" if doc.date else "generation"
    author = doc.add_reference(
        "TLCOrganization",
        actor,
        ontology.tlc_href("organization", actor),
        ontology.organization_name(actor),
    )
    me = doc.add_reference(
        "TLCOrganization",
        PODIUM,
        ontology.tlc_href("organization", PODIUM),
        f"podium {__version__} (markup producer)",
    )
    status = doc.status
    version = (_status_concept(status) or {}).get("version") if status else None
    title = doc.title or doc.source.stem if doc.source else doc.title or "Untitled speech"
    ident = E(
        "identification",
        E(
            "FRBRWork",
            E("FRBRthis", value=f"{iris['work']}/!main"),
            E("FRBRuri", value=iris["work"]),
            E("FRBRalias", name="title", value=title),
            E("FRBRdate", date=when, name=date_name),
            E("FRBRauthor", href=author),
            E("FRBRcountry", value="un"),
            E("FRBRsubtype", value="communication"),
            E("FRBRnumber", value=number),
            E("FRBRprescriptive", value="false"),
        ),
        E(
            "FRBRExpression",
            E("FRBRthis", value=f"{iris['expression']}/!main"),
            E("FRBRuri", value=iris["expression"]),
            E("FRBRdate", date=when, name=date_name),
            E("FRBRauthor", href=author),
            E("FRBRversionNumber", value=version) if version else None,
            E("FRBRlanguage", language=lang3),
        ),
        E(
            "FRBRManifestation",
            E("FRBRthis", value=iris["manifestation"]),
            E("FRBRuri", value=iris["manifestation_uri"]),
            E("FRBRdate", date=generated, name="generation"),
            E("FRBRauthor", href=me),
            E("FRBRformat", value="xml"),
        ),
        source=me,
    )
    old = doc.meta.find(q("identification"))
    if old is not None:
        doc.meta.remove(old)
    doc.meta.insert(0, ident)
    pub = doc.meta.find(q("publication"))
    if pub is not None and not pub.get("date"):
        pub.set("date", when)
    lifecycle = doc.meta_part("lifecycle", source=me)
    if not len(lifecycle):
        lifecycle.append(
            E("eventRef", eId="lifecycle_1", date=when, source="#original", type="generation")
        )
    refs = doc.meta_part("references", source=me)
    if refs.find(q("original")) is None:
        show = title + (f", {doc.date_text}" if doc.date_text else "")
        refs.insert(0, E("original", eId="original", href=iris["expression"], showAs=show))
    doc.set_lang(options.lang or "en")
    return doc


def number_eids(doc: SpeechDocument, options: ReadOptions) -> SpeechDocument:
    """Deterministic eIds following the AKN naming convention.

    Body blocks are numbered per element name inside the speech, so the fifth
    paragraph is ``address_1__speech_1__p_5`` and the first salutation
    ``address_1__speech_1__block_1``; the preface uses ``longTitle``,
    ``longTitle__p_1`` and ``preface__p_N``.  Same input, same ids.
    """
    doc.one("a:doc/a:mainBody/a:address").set("eId", "address_1")
    doc.speech.set("eId", "address_1__speech_1")
    counts: dict[str, int] = {}
    for el in body(doc):
        name = local(el)
        counts[name] = counts.get(name, 0) + 1
        el.set("eId", f"address_1__speech_1__{name}_{counts[name]}")
    n = 0
    for el in doc.preface:
        if not isinstance(el.tag, str):
            continue
        if local(el) == "longTitle":
            el.set("eId", "longTitle")
            for i, p in enumerate(el.iterchildren(q("p")), 1):
                p.set("eId", f"longTitle__p_{i}")
        elif local(el) == "p":
            n += 1
            el.set("eId", f"preface__p_{n}")
    if not len(doc.preface):
        doc.doc.remove(doc.preface)
    return doc


#: The normaliser, in order.  Add a step by inserting it here; nothing else registers steps.
STEPS: tuple[tuple[str, Step], ...] = (
    ("drop-chrome", drop_chrome),
    ("lift-title", lift_title),
    ("lift-date", lift_date),
    ("mark-salutations", mark_salutations),
    ("infer-speaker", infer_speaker),
    ("identify", identify),
    ("number-eids", number_eids),
)


def normalise(doc: SpeechDocument, options: ReadOptions) -> SpeechDocument:
    """Run every step in :data:`STEPS` over a raw document."""
    for name, step in STEPS:
        start = time.perf_counter()
        doc = step(doc, options)
        log.debug("%s: %.1f ms", name, (time.perf_counter() - start) * 1000)
    if not body(doc):
        raise NoSpeechError(
            "no speech paragraphs remain once page chrome, title and date are taken out",
            path=doc.source,
            fix="check the file holds the speech itself, after its title and date lines",
        )
    return doc
