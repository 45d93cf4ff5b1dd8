"""Plain text as people have it: blank lines between blocks, verbatim block text.

A block is a run of non-blank lines; lines inside a block are joined with one
space (hard-wrapped paragraphs), each line stripped of its outer whitespace.
Nothing else is decided here: the normaliser finds the banner, title, date,
salutations and speaker in the raw blocks.
"""

from __future__ import annotations

from pathlib import Path

from ..akn import E
from ..document import SpeechDocument
from .encoding import decode


def split_blocks(text: str) -> list[str]:
    """Blank-line separated blocks, inner line breaks joined by a space.

    >>> split_blocks("Title\\n\\nOne line\\nwrapped.\\n\\n\\nTwo.")
    ['Title', 'One line wrapped.', 'Two.']
    """
    blocks: list[str] = []
    lines: list[str] = []
    for line in [*text.split("\n"), ""]:
        if line.strip():
            lines.append(line.strip())
        elif lines:
            blocks.append(" ".join(lines))
            lines = []
    return blocks


def read(data: bytes, path: Path) -> SpeechDocument:
    """Read a plain-text speech into a raw document: one ``p`` per block."""
    doc = SpeechDocument.empty(source=path)
    speech = doc.speech
    for block in split_blocks(decode(data, path)):
        speech.append(E("p", block))
    return doc
