"""The normaliser: a raw document from any reader, refined by one ordered tuple of steps.

Modules, by what their steps work on:
  ``preface``   page chrome, title, delivery status, date line (the preface)
  ``body``      speaker labels, salutations, stage directions, headings, inline marks
  ``speaker``   language, sidecar fields, speaker/role/addressee
  ``identity``  FRBR identification, provenance of each field, eIds

Each step takes a :class:`SpeechDocument`, the read options and the input's sidecar
(or ``None``) and returns the document, doing one thing.  :data:`STEPS` is the order:

======================= ===============================================================
``detect-language``     ``--lang``, the sidecar, or detection among the six UN languages
``read-head``           the head (title, byline, place and date, delivery and other notes,
                        letterhead) to the preface in its printed order; chrome dropped
``apply-sidecar``       what the sidecar gives wins over what was inferred
``speaker-labels``      "The President." / "Audience members." open speeches of their own
``mark-salutations``    ``Mr. President,`` and kin become ``block name="salutation"``
``stage-directions``    ``(Applause)``, ``[Laughter]`` become ``scene``
``group-headings``      headings and what follows them become ``tblock``
``infer-speaker``       speaker, role and addressee; the title's words marked
``mark-inline``         organizations, places, persons, roles and full dates in the text
``identify``            FRBR identification, lifecycle and references (AKN4UN naming)
``record-provenance``   for each field: given, inferred or fallback
``number-eids``         deterministic eIds per the AKN naming convention
======================= ===============================================================

Every step is logged with its name and duration.  No step changes the words of
the speech: steps move blocks and add markup around existing text.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from ..errors import NoSpeechError
from ..model.document import SpeechDocument
from ..options import ReadOptions
from ..sidecar import Sidecar
from .body import group_headings, mark_inline, mark_salutations, speaker_labels, stage_directions
from .identity import identify, number_eids, record_provenance
from .preface import read_head
from .speaker import apply_sidecar, detect_language, infer_speaker

log = logging.getLogger("podium.normalise")

Step = Callable[[SpeechDocument, ReadOptions, Sidecar | None], SpeechDocument]


#: The normaliser, in order.  Add a step by inserting it here; nothing else registers steps.
STEPS: tuple[tuple[str, Step], ...] = (
    ("detect-language", detect_language),
    ("read-head", read_head),
    ("apply-sidecar", apply_sidecar),
    ("speaker-labels", speaker_labels),
    ("mark-salutations", mark_salutations),
    ("stage-directions", stage_directions),
    ("group-headings", group_headings),
    ("infer-speaker", infer_speaker),
    ("mark-inline", mark_inline),
    ("identify", identify),
    ("record-provenance", record_provenance),
    ("number-eids", number_eids),
)


def normalise(
    doc: SpeechDocument, options: ReadOptions, side: Sidecar | None = None
) -> SpeechDocument:
    """Run every step in :data:`STEPS` over a raw document."""
    for name, step in STEPS:
        start = time.perf_counter()
        doc = step(doc, options, side)
        log.debug("%s: %.1f ms", name, (time.perf_counter() - start) * 1000)
    if (
        doc.find(
            "a:doc/a:mainBody/a:address/a:speech//*[self::a:p or self::a:block or self::a:heading]"
        )
        is None
    ):
        raise NoSpeechError(
            "no speech paragraphs remain once page chrome, title and date are taken out",
            path=doc.source,
            fix="check the file holds the speech itself, after its title and date lines",
        )
    return doc


__all__ = ["STEPS", "Step", "normalise"]
