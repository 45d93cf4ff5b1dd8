"""Readers: each turns one input format into a raw :class:`SpeechDocument`.

Modules:
  ``encoding``  bytes to text (BOMs, UTF-8, UTF-16), with stable errors
  ``text``      plain text as people paste or scrape it

A reader only splits the input into blocks, verbatim; finding the title, date,
speaker and salutations is the normaliser's job (``podium.convert.normalise``),
so that every format gets the same treatment.

Readers live in a plain registry: extension to function.  An unknown extension
raises :class:`UnsupportedFormatError` listing the known ones.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..document import SpeechDocument
from ..errors import UnsupportedFormatError
from . import text

Reader = Callable[[bytes, Path], SpeechDocument]

#: extension (lower case, with dot) -> reader
READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".text": text.read,
}

#: formats people try that podium does not read, with what to do instead
ADVICE = {
    ".doc": "save it as .docx first",
    ".pdf": "podium reads speeches as text: export the PDF's text to .txt first",
    ".rtf": "save it as .docx or .txt first",
}


def reader_for(path: Path) -> Reader:
    """The reader registered for ``path``'s extension."""
    ext = path.suffix.lower()
    try:
        return READERS[ext]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise UnsupportedFormatError(
            f"no reader for {ext or 'files without an extension'} (podium reads {known})",
            path=path,
            fix=ADVICE.get(ext, "rename or convert the file to a supported format"),
        ) from None


def read(path: Path) -> SpeechDocument:
    """Read one input file into a raw SpeechDocument."""
    return reader_for(path)(path.read_bytes(), path)
