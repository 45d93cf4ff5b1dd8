"""The master: made from an input, read back from a file, told back as text.

:func:`make_master` is the one path from an input to a validated master (read, normalise,
serialise, validate the bytes a file will hold): ``podium build``, the property tests and the
fuzzers all go through it. :func:`read_master` loads an existing master file (``podium
validate``, ``podium text``, deposits); :func:`speech_text` gives its speech back as the plain
text ``podium text`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import readers, sidecar, steps
from ..errors import Code, MasterError
from ..model import validate
from ..model.akn import parse_bytes, text_of
from ..model.document import PREFACE, SpeechDocument
from ..options import ReadOptions


@dataclass(frozen=True)
class Master:
    """A validated master: the document, its bytes exactly as validated, and the sidecar
    file whose fields it took (``None`` when the input had none)."""

    doc: SpeechDocument
    data: bytes
    sidecar: Path | None = None


def make_master(path: Path, options: ReadOptions) -> Master:
    """Read and normalise one input into a master whose serialised form is valid.

    The input's sidecar (``options.meta``, else ``<stem>.meta.json`` beside it) is read
    here. Raises the reader's, the sidecar's or the validator's :class:`PodiumError`.
    """
    side = sidecar.find(path, options.meta)
    validate.compile_in_background()  # the schema compiles while the input is read
    doc = steps.normalise(readers.read(path, options.strict), options, side)
    data = doc.to_bytes()
    validate.validate(parse_bytes(data, path), path)  # the bytes the file will hold
    return Master(doc, data, side.path if side is not None else None)


def read_master(path: Path) -> SpeechDocument:
    """Load an existing master file (safe parser), without validating it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MasterError(
            f"cannot read the file: {exc.strerror}",
            path=path,
            code=Code.E208,
            fix="check the path and its permissions",
        ) from None
    return SpeechDocument(parse_bytes(data, path), source=path)


def speech_text(doc: SpeechDocument) -> str:
    """The speech back as plain text: the preface lines (title, byline, letterhead, notes,
    date line) in the order the source printed them, then the body.

    Preface lines an editor supplied (``status="editorial"``: from a sidecar, not the
    source) are left out: what comes back is what the source said.

    A speaker label and a list item's number are joined to the text that follows
    them with one space, as the source printed them.  Feeding this text to
    ``podium build`` gives the same speech again.
    """
    head = [
        text_of(p)
        for p in doc.findall(
            f"{PREFACE}/a:longTitle[not(@status='editorial')]/a:p"
            f" | {PREFACE}/a:p[not(@status='editorial')]"
        )
    ]  # in document order: the order the source printed them (letterhead, byline, notes)
    body: list[str] = []
    prefix = ""
    for block in doc.blocks():
        if block.kind in ("from", "num"):
            prefix += block.text + " "
            continue
        body.append(prefix + block.text)
        prefix = ""
    if prefix:
        body.append(prefix.rstrip())
    return "\n\n".join(head + body) + "\n"


__all__ = ["Master", "make_master", "read_master", "speech_text"]
