"""The deposit's descriptive metadata: Dublin Core elements of the speech, read from its master.

The master is read through the same template context the renditions use
(:func:`podium.convert.render.context.build_context`), so the title, speaker, date and FRBR
identifiers a bag declares are the ones its PDF, EPUB and HTML show. The elements go into the
METS ``dmdSec`` and ``metadata/dc.xml`` (both written by :mod:`podium.archive.mets`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from podium.convert.errors import Code, DepositError, PodiumError
from podium.convert.outputs import BY_NAME, MASTER
from podium.convert.pipeline.master import read_master
from podium.convert.render.context import build_context


def from_master(master: Path, origin: Path) -> list[tuple[str, str]]:
    """Dublin Core elements of the speech, read from the master in the payload.

    ``origin`` (the master in the built folder) is the path an error names.
    """
    try:
        doc = read_master(master)
        ctx = build_context(doc, datetime.now(UTC))
    except (PodiumError, LookupError, ValueError) as exc:
        raise DepositError(
            f"the AKN master could not be read for the deposit's metadata: {exc}",
            code=Code.E406,
            path=origin,
            fix="build the input again with this version of podium",
        ) from exc
    facts = [("title", ctx["title"])]
    speaker = ctx["speaker"]
    if speaker.get("name"):
        role = f" ({speaker['role']})" if speaker.get("role") else ""
        facts.append(("creator", f"{speaker['name']}{role}"))
    if ctx["addressee"]:
        facts.append(("description", f"Addressed to {ctx['addressee']}"))
    if ctx["status"]:
        facts.append(("description", ctx["status"]))
    if ctx["publication"]:
        facts.append(("publisher", ctx["publication"]))
    if ctx["date"]:
        facts.append(("date", ctx["date"]["iso"]))
    facts.append(("type", "Text"))
    facts.append(("type", "speech"))
    facts.append(("format", BY_NAME[MASTER].media_type))
    for key in ("work", "expression"):
        if ctx["frbr"].get(key):
            facts.append(("identifier", ctx["frbr"][key]))
    facts.append(("language", ctx["lang"]))
    if ctx["place"]:
        facts.append(("coverage", ctx["place"]))
    return facts


__all__ = ["from_master"]
