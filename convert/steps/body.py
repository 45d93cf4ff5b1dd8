"""Body steps: speaker labels, salutations, stage directions, headings, inline dates.

Each step adds structure or inline markup around text that is already there;
none changes a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from ..knowledge.dates import find_dates
from ..knowledge.entities import mark_entities, mark_text
from ..knowledge.patterns import LABEL, salutation_pattern, stage_pattern
from ..model.akn import E, local, q, text_of
from ..model.document import SpeechDocument
from ..options import ReadOptions
from ..sidecar import Sidecar


def top_blocks(doc: SpeechDocument) -> list[etree._Element]:
    """Every speech's direct block children, in order."""
    return [
        el for sp in doc.speeches for el in sp if isinstance(el.tag, str) and local(el) != "from"
    ]


def speaker_labels(
    doc: SpeechDocument, options: ReadOptions, side: Sidecar | None
) -> SpeechDocument:
    """Paragraphs opening with a speaker label start a speech of their own.

    The label goes verbatim into the new speech's ``from``; unlabelled paragraphs
    stay with the speech before them.  Without labels nothing changes.
    """
    speech = doc.speech
    labelled = [
        (el, m)
        for el in list(speech)
        if isinstance(el.tag, str)
        and local(el) == "p"
        and len(el) == 0
        and (m := LABEL.match(el.text or "", 0, 80))
    ]
    if not labelled:
        return doc
    address = speech.getparent()
    assert address is not None
    current = speech
    for el in list(speech):
        match = next((m for e, m in labelled if e is el), None)
        if match is not None:
            if current is speech and el is speech[0] and speech.find(q("from")) is None:
                target = speech  # the first paragraph's label belongs to the first speech
            else:
                target = E("speech", by="#speaker")
                address.append(target)
            target.insert(0, E("from", match["label"]))
            target[0].tail = None
            el.text = (el.text or "")[match.end() :]  # `podium text` joins them with a space
            current = target
        if current is not speech:
            current.append(el)
    return doc


def mark_salutations(
    doc: SpeechDocument, options: ReadOptions, side: Sidecar | None
) -> SpeechDocument:
    """Blocks that are only a form of address become ``block name="salutation"``."""
    pattern = salutation_pattern()
    for el in top_blocks(doc):
        text = el.text
        if (
            text
            and len(text) < 160
            and len(el) == 0
            and local(el) == "p"
            and pattern.fullmatch(text.strip())
        ):
            el.tag = q("block")
            el.set("name", "salutation")
    return doc


ASIDE = re.compile(r"[\[(（].*[\])）]\.?", re.S)


def _is_aside(text: str) -> bool:
    """A whole paragraph in brackets or parentheses, short enough to be a stage direction."""
    t = text.strip()
    return t[:1] in "[(（" and len(t) <= 240 and ASIDE.fullmatch(t) is not None


def stage_directions(
    doc: SpeechDocument, options: ReadOptions, side: Sidecar | None
) -> SpeechDocument:
    """Asides such as ``(Applause)`` or ``[Laughter]`` become ``remark type="sceneDescription"``.

    AKN's own ``scene`` element may stand only between speeches of a debate, not in
    a paragraph; ``remark`` with the type ``sceneDescription`` is the inline form.

    A paragraph that is wholly a bracketed aside is a scene whatever it says (the
    narrator's voice: "[The President held up a pin.]"); inside a paragraph only
    asides opening with a known stage word are (``(Applause.)``), so that a
    parenthesis in a sentence is never taken for one.
    """
    pattern = stage_pattern()

    def find(text: str) -> list[tuple[int, int, etree._Element]]:
        return [
            (m.start(), m.end(), E("remark", type="sceneDescription"))
            for m in pattern.finditer(text)
        ]

    para = q("p")
    for el in top_blocks(doc):
        if el.tag != para:
            continue
        plain = len(el) == 0
        text = (el.text or "") if plain else text_of(el)
        if not ("(" in text or "[" in text or "（" in text):
            continue  # no bracket, no aside: most paragraphs
        if plain and _is_aside(text):
            lead = text[: len(text) - len(text.lstrip())]
            el.text = lead or None
            el.append(E("remark", text.strip(), type="sceneDescription"))
        else:
            mark_text(el, find, skip=frozenset())
    return doc


def group_headings(
    doc: SpeechDocument, options: ReadOptions, side: Sidecar | None
) -> SpeechDocument:
    """Flat ``heading level="N"`` blocks become ``tblock``s holding what follows them.

    A heading owns the blocks after it up to the next heading of the same or a
    higher level.  A heading that owns nothing (a signature line at the end, two
    headings in a row) stays text: it becomes a ``p``.
    """
    for speech in doc.speeches:
        _group(speech)
    return doc


def _group(parent: etree._Element) -> None:
    children = [c for c in parent if isinstance(c.tag, str)]
    # a heading already owned by a tblock has lost its level: it is not grouped again
    levels = [int(c.get("level", "0")) if local(c) == "heading" else 0 for c in children]
    i = 0
    while i < len(children):
        el, level = children[i], levels[i]
        if not level:
            i += 1
            continue
        j = i + 1
        while j < len(children) and not (levels[j] and levels[j] <= level):
            j += 1
        owned = children[i + 1 : j]
        del el.attrib["level"]
        if not owned or all(local(o) == "heading" for o in owned):
            el.tag = q("p")
            i += 1
            continue
        block = E("tblock")
        parent.replace(el, block)
        block.append(el)
        for o in owned:
            block.append(o)
        _group(block)
        i = j


def date_finder(lang: str) -> Callable[[str], list[tuple[int, int, etree._Element]]]:
    """A finder of full dates in running text, for ``entities.mark_text``: each becomes
    ``date date="YYYY-MM-DD"`` (never a year or a month alone)."""

    def find(text: str) -> list[tuple[int, int, etree._Element]]:
        return [(s, e, E("date", date=iso)) for s, e, iso in find_dates(text, lang)]

    return find


def mark_inline(doc: SpeechDocument, options: ReadOptions, side: Sidecar | None) -> SpeechDocument:
    """Organizations, countries and places, persons, roles and full dates, marked inline
    in one pass over the text (see ``podium.convert.knowledge.entities`` and ``dates``)."""
    return mark_entities(doc, extra=date_finder(doc.lang or "en"))
