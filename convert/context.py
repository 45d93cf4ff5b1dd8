"""The master as plain data for templates: dicts, lists and strings, no lxml.

Templates never touch the AKN tree (themes must not need XPath); this module is
the one place that reads the master on their behalf.  The context is the same
for every format, so HTML, PDF and EPUB say the same things.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.dates import format_date

from .akn import XPNS
from .document import BODY, IDENT, META, PREFACE, SpeechDocument
from .language import direction
from .version import __version__


def _ref_name(doc: SpeechDocument, ref: str | None) -> str | None:
    """The ``showAs`` of the TLC element a ``#ref`` points at."""
    if not ref or not ref.startswith("#"):
        return None
    found = doc.root.xpath(f"{META}/a:references/*[@eId=$id]/@showAs", namespaces=XPNS, id=ref[1:])
    return str(found[0]) if found else None


def short_title(title: str, limit: int = 80) -> str:
    """The title's head for running headers: the part before a dash or colon, if long.

    >>> short_title("Remarks to the Council - on cooperation between many bodies", 30)
    'Remarks to the Council'
    """
    if len(title) <= limit:
        return title
    for sep in (" - ", " – ", " — ", ": "):
        head = title.split(sep, 1)[0]
        if len(head) < len(title):
            return head if len(head) <= limit else head[: limit - 1].rstrip() + "…"
    return title[: limit - 1].rstrip() + "…"


def build_context(doc: SpeechDocument, generated: datetime) -> dict[str, Any]:
    """Everything a template may show about a speech."""
    lang = doc.value(f"{BODY}/@xml:lang") or "en"
    speech = doc.speech
    date_iso = doc.date
    date_long = None
    if date_iso:
        try:
            date_long = format_date(datetime.fromisoformat(date_iso), "long", locale=lang)
        except ValueError:
            date_long = date_iso
    expression = doc.expression_iri or ""
    # the FRBR title: a sidecar's title when one was given, else the printed one
    title = (
        doc.value(f"{IDENT}/a:FRBRWork/a:FRBRalias[@name='title']/@value")
        or doc.title
        or "Untitled speech"
    )
    return {
        "lang": lang,
        "dir": direction(lang),
        "title": title,
        "short_title": short_title(title),
        "status": doc.status,
        "date": {"iso": date_iso, "text": doc.date_text, "long": date_long} if date_iso else None,
        "place": doc.value(f"{PREFACE}//a:location"),
        "speaker": {
            # "#speaker" is the placeholder person of an unknown speaker: no name to show
            "name": None if speech.get("by") == "#speaker" else _ref_name(doc, speech.get("by")),
            "role": _ref_name(doc, speech.get("as")),
        },
        "addressee": _ref_name(doc, speech.get("to")),
        "publication": doc.value(f"{META}/a:publication/@showAs"),
        "blocks": [
            {"kind": b.kind, "id": b.eid, "text": b.text, "container": b.container}
            for b in doc.blocks()
        ],
        "frbr": {
            "work": doc.work_iri,
            "expression": expression,
            "manifestation": doc.value(f"{IDENT}/a:FRBRManifestation/a:FRBRthis/@value"),
            "language": doc.language,
        },
        "generator": f"podium {__version__}",
        "generated": generated.isoformat().replace("+00:00", "Z"),
    }
