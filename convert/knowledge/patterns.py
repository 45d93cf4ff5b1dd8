"""Patterns the readers and steps share: speaker labels, stage words, salutations,
delivery-status markers, breadcrumbs and document types named in titles.

The vocabularies live in ``data/`` (``un.json``, ``stage.json``); this module compiles
them once into the patterns that the text reader and the normaliser's steps match.
"""

from __future__ import annotations

import json
import re
from functools import cache

from . import ontology, read_data

#: A speaker label opening a paragraph: "The President. ...", "Audience members. ...",
#: "THE SECRETARY-GENERAL: ...".  The label ends at its period or colon.
LABEL = re.compile(
    r"(?P<label>(?:The|THE) (?:President|Vice President|Speaker|Chair|Chairman|Chairperson|"
    r"Secretary-General|PRESIDENT|VICE PRESIDENT|SPEAKER|CHAIR|SECRETARY-GENERAL)[.:]"
    r"|(?:Audience members?|Members of the audience|Audience)[.:]"
    r"|[A-Z][A-Z'’-]+(?: [A-Z][A-Z'’.-]+){0,4}:)"
    r"(?P<space>\s+)(?=\S)",
)


@cache
def salutation_pattern() -> re.Pattern[str]:
    openers = sorted(ontology.facts()["salutations"], key=len, reverse=True)
    alt = "|".join(re.escape(s) for s in openers)
    return re.compile(
        rf"(?:{alt})(?:\b|(?=\W)|(?<=[\u3400-\u9fff]))[^.!?。！？؟]{{0,100}}[,:!，：！،]", re.I
    )


@cache
def _stage_words() -> tuple[str, ...]:
    text = read_data("stage.json")
    data = json.loads(text)
    return tuple(
        sorted((w for k, v in data.items() if k != "_about" for w in v), key=len, reverse=True)
    )


@cache
def stage_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in _stage_words())
    return re.compile(rf"[\[(（]\s*(?:{words})\b[^\[\]()（）]{{0,120}}[\])）]", re.I)


def is_stage_words(aside: str) -> bool:
    """Whether a bracketed aside opens with a stage word (``[Laughter]``, ``(Applause.)``)."""
    return stage_pattern().fullmatch(aside.strip()) is not None


#: A breadcrumb trail: "Home > Speeches > ...", in the six languages' words for home.
BREADCRUMB = re.compile(r"(?:Home|Accueil|Inicio|Главная|الرئيسية|首页|主页)\s*[>›»/|]", re.I)


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


#: Document types named in titles, longest first ("opening remarks" before "remarks").
DOC_TYPES = (
    "opening remarks",
    "closing remarks",
    "video message",
    "keynote address",
    "remarks",
    "statement",
    "message",
    "address",
    "briefing",
    "speech",
    "lecture",
)


AUDIENCE = re.compile(r"(?:audience|members of the audience)\b", re.I)
