"""Readers: each turns one input format into a raw :class:`SpeechDocument`.

Modules:
  ``encoding``  bytes to text (BOMs, UTF-8, UTF-16, legacy encodings), with stable errors
  ``text``      plain text as people paste or scrape it
  ``pandoc``    Markdown, HTML, DOCX and ODT through pandoc's AST
  ``page``      saved web pages: active content dropped, the main content found
  ``akn``       Akoma Ntoso from another tool (or podium's own master)
  ``safety``    what every reader refuses: limits, active content, outside references

A reader only splits the input into blocks, verbatim; finding the title, date,
speaker, salutations, stage directions and entities is the normaliser's job
(``podium.convert.steps``), so that every format gets the same treatment.

The raw form every reader returns (``SpeechDocument.empty()`` then filled):
``doc/mainBody/address/speech`` holds, in reading order and without eIds,

- ``p``: one paragraph; inline ``i``, ``b``, ``u``, ``sup``, ``sub`` allowed;
- ``heading level="N"``: a heading, flat (N = 1 for the top level); the normaliser
  makes each heading and the blocks after it a ``tblock`` (or the title, when the
  first heading opens the document);
- ``blockList`` > ``item`` > (``num``?, ``p``+, nested ``blockList``?): bullet or
  numbered lists; ``num`` keeps the source's marker verbatim (``1.``, ``a)``, ``•``)
  where the source has one;
- ``blockContainer class="quotation"`` > ``p``+: a block quotation.

Readers may fill ``meta`` only through ``SpeechDocument.meta_part`` and
``add_reference`` and record what they noticed in ``doc.warnings``.

Readers live in a plain registry: extension to function.  An unknown extension
raises :class:`UnsupportedFormatError` listing the known ones.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import UnsupportedFormatError
from ..model.akn import text_of
from ..model.document import SpeechDocument
from . import akn, pandoc, safety, text

Reader = Callable[[bytes, Path], SpeechDocument]

#: extension (lower case, with dot) -> reader
READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".text": text.read,
    ".md": pandoc.read_markdown,
    ".markdown": pandoc.read_markdown,
    ".html": pandoc.read_html,
    ".htm": pandoc.read_html,
    ".docx": pandoc.read_docx,
    ".odt": pandoc.read_odt,
    ".xml": akn.read,
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


def reader_name(path: Path) -> str:
    """Which of podium's readers reads ``path``: ``text``, ``pandoc`` or ``akn``."""
    return reader_for(path).__module__.rsplit(".", 1)[-1]


def read(path: Path, strict: bool = False) -> SpeechDocument:
    """Read one input file into a raw SpeechDocument, within :mod:`.safety`'s limits;
    ``strict``: refuse a saved web page's active content rather than drop it."""
    reader = reader_for(path)
    safety.check_size(path)
    try:
        if reader is pandoc.read_html:
            doc = pandoc.read_html(path.read_bytes(), path, strict)
        else:
            doc = reader(path.read_bytes(), path)
    except RecursionError:
        raise safety.too_deep(path) from None
    safety.check_paragraphs((text_of(p) for p in doc.findall(".//a:p")), path)
    safety.check_depth(doc.root, path)
    return doc
