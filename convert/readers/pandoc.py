"""Markdown, HTML, DOCX and ODT: pandoc's JSON AST walked into the raw form.

pandoc parses the file (through :func:`podium.convert.readers.pandoc_call.pandoc_ast`, the
one place that runs it, always sandboxed); this module only maps pandoc's AST
onto the raw form of the readers' contract (:mod:`podium.convert.readers`):

- ``Header N`` -> ``heading level="N"``; ``Para`` and ``Plain`` -> ``p``;
- inline: ``Emph`` ``Strong`` ``Underline`` ``Superscript`` ``Subscript`` -> ``i b u
  sup sub``; ``Quoted`` -> its content between “ ” or ‘ ’; ``Link`` -> its text
  (the URL is not kept); ``Code``, ``Math`` -> their text; ``Span``, ``SmallCaps``,
  ``Strikeout``, ``Cite`` -> their content; ``Space``, ``SoftBreak`` and
  ``LineBreak`` -> one space (line breaks are counted in a warning: an address
  block written with ``<br>`` becomes one line); ``Image``, ``Note`` (footnotes)
  and non-empty ``RawInline`` are dropped with a warning;
- ``BulletList`` and ``OrderedList`` -> ``blockList/item``; an ordered item's
  ``num`` is its computed number in the list's style and delimiter (``3.``,
  ``c)``, ``(iv)``); bullets get no ``num`` (pandoc keeps no marker);
- ``BlockQuote`` -> ``blockContainer class="quotation"`` holding ``p`` only;
- a metadata title -> a first ``heading level="1"`` when the body opens with none;
  DOCX paragraphs styled Title, Subtitle, Author, Date (which pandoc moves to the
  metadata) -> back at the top as a heading and paragraphs;
- ``Div`` and ``Figure`` -> their content (a figure's caption only when the
  figure held more than images); ``LineBlock`` -> one ``p`` per line;
  ``CodeBlock`` -> ``p`` per blank-line separated block, as the text reader would;
  ``DefinitionList`` -> a ``p`` for the term, then the definitions; ``Table`` -> a
  ``p`` per row, cells joined by `` | `` (with a warning); ``HorizontalRule``
  and ``RawBlock`` -> nothing (a warning for non-empty raw blocks).

Inside list items only ``p`` and nested lists are made, inside quotations only
``p``: deeper structures there are flattened to paragraphs.  Empty paragraphs
and empty inline elements are never made; spaces never open or close a
paragraph or an inline element.  Markdown is read without pandoc's ``smart``
extension, so the text stays verbatim: ``Mr. President`` keeps its space (smart
typography would make it a no-break space), straight quotes stay straight, ``--``
stays two hyphens.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import EmptyInputError, WarningCode, WarningRecord
from ..model.akn import E, q, text_of
from ..model.document import SpeechDocument
from . import page, safety
from .encoding import decode_text
from .pandoc_call import base_format, pandoc_ast

#: A node of pandoc's JSON AST (``{"t": "Para", "c": [...]}``) or a part of one.
Json = Any

#: pandoc's reader per podium reader; see the module docstring for ``-smart``.
MARKDOWN = "markdown-smart"

_MARKS = {"Emph": "i", "Strong": "b", "Underline": "u", "Superscript": "sup", "Subscript": "sub"}
_QUOTES = {"DoubleQuote": ("“", "”"), "SingleQuote": ("‘", "’")}
#: inline wrappers kept as their content: where in ``c`` the inline list sits
_TRANSPARENT = {"Span": 1, "Cite": 1, "Link": 1, "SmallCaps": None, "Strikeout": None}


class _Space:
    """A space between words (``Space``, ``SoftBreak``, ``LineBreak``), placed later."""


SPACE = _Space()


@dataclass
class _Mark:
    """An inline element to be (``i``, ``b``...) and what it holds."""

    tag: str
    pieces: list[Piece]


Piece = str | _Space | _Mark


# --- what was dropped or flattened, reported once per kind ------------------------------
@dataclass
class _Tally:
    counts: Counter[str] = field(default_factory=Counter)
    first: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, example: str = "") -> None:
        self.counts[kind] += 1
        self.first.setdefault(kind, " ".join(example.split())[:80])

    def warnings(self) -> list[WarningRecord]:
        out: list[WarningRecord] = []
        for kind, (code, one, many) in _WARNINGS.items():
            n = self.counts[kind]
            if not n:
                continue
            example = f" (first: {self.first[kind]})" if self.first.get(kind) else ""
            noun = one if n == 1 else many
            out.append(WarningRecord(code, {"count": n, "noun": noun, "example": example}))
        return out


#: kind -> (warning code, singular, plural); the order warnings are given in
_WARNINGS = {
    "image": (WarningCode.W103, "image", "images"),
    "note": (WarningCode.W104, "footnote", "footnotes"),
    "raw": (WarningCode.W105, "raw markup fragment", "raw markup fragments"),
    "table": (WarningCode.W106, "table", "tables"),
    "linebreak": (
        WarningCode.W107,
        "line break inside a paragraph",
        "line breaks inside paragraphs",
    ),
    "unknown": (WarningCode.W108, "pandoc element", "pandoc elements"),
}


# --- inline content -------------------------------------------------------------------
def _pieces(inlines: list[Json], tally: _Tally) -> list[Piece]:
    """pandoc inlines as text, spaces and marks, dropping what podium does not keep."""
    out: list[Piece] = []
    for node in inlines:
        t, c = node["t"], node.get("c")
        if t == "Str":
            out.append(c)
        elif t in ("Space", "SoftBreak"):
            out.append(SPACE)
        elif t == "LineBreak":
            tally.add("linebreak")
            out.append(SPACE)
        elif t in _MARKS:
            out.append(_Mark(_MARKS[t], _pieces(c, tally)))
        elif t == "Quoted":
            left, right = _QUOTES.get(c[0]["t"], ('"', '"'))
            out += [left, *_pieces(c[1], tally), right]
        elif t in _TRANSPARENT:
            at = _TRANSPARENT[t]
            out += _pieces(c if at is None else c[at], tally)
        elif t in ("Code", "Math"):
            out.append(c[1])
        elif t == "Image":
            tally.add("image", c[2][0])
        elif t == "Note":
            tally.add("note", " ".join(_plain(c, _Tally())))
        elif t == "RawInline":
            if c[1].strip():
                tally.add("raw", c[1])
        else:
            tally.add("unknown", t)
    return out


def _has_text(pieces: list[Piece]) -> bool:
    return any(
        (isinstance(p, str) and p != "") or (isinstance(p, _Mark) and _has_text(p.pieces))
        for p in pieces
    )


def _append(el: etree._Element, text: str) -> None:
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


@dataclass
class _Writer:
    """Writes pieces into one element: a space only between words, never at an edge."""

    last: str = ""  # last character written, "" before any
    owed: bool = False  # a space is owed before the next word

    def fill(self, el: etree._Element, pieces: list[Piece]) -> etree._Element:
        for piece in pieces:
            if isinstance(piece, _Space):
                self.owed = bool(self.last)
            elif isinstance(piece, str):
                if piece:
                    self._pay(el)
                    _append(el, piece)
                    self.last = piece[-1]
            elif _has_text(piece.pieces):
                self._pay(el)
                self.fill(etree.SubElement(el, q(piece.tag)), piece.pieces)
            else:  # an element with no text: only its spaces count, in the parent
                self.fill(el, piece.pieces)
        return el

    def _pay(self, el: etree._Element) -> None:
        if self.owed and self.last != " ":
            _append(el, " ")
            self.last = " "
        self.owed = False


def _inline(tag: str, inlines: list[Json], tally: _Tally, **attrs: str) -> etree._Element | None:
    """An element holding ``inlines``, or ``None`` when they hold no visible text."""
    el = _Writer().fill(E(tag, **attrs), _pieces(inlines, tally))
    return el if text_of(el).strip() else None


def _plain(blocks: list[Json], tally: _Tally) -> list[str]:
    """The text of blocks, one string per paragraph (used for table cells and notes)."""
    box = E("blockContainer")
    _Blocks(tally).add(box, blocks, FLAT)
    return [text_of(p) for p in box]


def _code_paragraphs(code: str) -> list[str]:
    """A code block's text taken as the text reader takes text: blank lines part
    paragraphs, the lines of one paragraph are joined by a space.

    >>> _code_paragraphs("Dear friends,\\n  welcome.\\n \\nThank you.")
    ['Dear friends, welcome.', 'Thank you.']
    """
    paras = []
    for part in re.split(r"\n[ \t]*\n", code):
        lines = [line.strip(" \t") for line in part.split("\n")]
        paras.append(" ".join(line for line in lines if line))
    return [p for p in paras if p]


# --- lists ----------------------------------------------------------------------------
def _alpha(n: int) -> str:
    """Spreadsheet-style letters: 1 -> a, 26 -> z, 27 -> aa."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def _roman(n: int) -> str:
    out = ""
    for value, digits in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        count, n = divmod(n, value)
        out += digits * count
    return out


def marker(n: int, style: str, delim: str) -> str:
    """The marker of item ``n`` of a pandoc ordered list.

    >>> marker(3, "LowerAlpha", "OneParen"), marker(4, "UpperRoman", "TwoParens")
    ('c)', '(IV)')
    >>> marker(2, "DefaultStyle", "DefaultDelim")
    '2.'
    """
    if n > 0 and style in ("LowerAlpha", "UpperAlpha"):
        label = _alpha(n)
    elif n > 0 and style in ("LowerRoman", "UpperRoman"):
        label = _roman(n)
    else:
        label = str(n)
    if style.startswith("Upper"):
        label = label.upper()
    if delim == "OneParen":
        return f"{label})"
    if delim == "TwoParens":
        return f"({label})"
    return f"{label}."


# --- blocks ---------------------------------------------------------------------------
#: What a container may hold: the speech anything, a list item paragraphs and lists,
#: a quotation (or anything flattened) paragraphs only.
BODY, ITEM, FLAT = "body", "item", "flat"


@dataclass
class _Blocks:
    """Appends the AKN for pandoc blocks to a container, as its mode allows."""

    tally: _Tally

    def add(self, parent: etree._Element, blocks: list[Json], mode: str) -> None:
        for block in blocks:
            self.block(parent, block, mode)

    def block(self, parent: etree._Element, block: Json, mode: str) -> None:
        t, c = block["t"], block.get("c")
        if t in ("Para", "Plain"):
            self.para(parent, c)
        elif t == "Header":
            if mode == BODY:
                self.keep(parent, _inline("heading", c[2], self.tally, level=str(c[0])))
            else:
                self.para(parent, c[2])
        elif t in ("BulletList", "OrderedList"):
            self.items(parent, block, mode)
        elif t == "BlockQuote":
            if mode == BODY:
                box = E("blockContainer", class_="quotation")
                self.add(box, c, FLAT)
                self.keep(parent, box if len(box) else None)
            else:
                self.add(parent, c, FLAT)
        elif t == "Div":
            self.add(parent, c[1], mode)
        elif t == "Figure":
            before = len(parent)
            self.add(parent, c[2], mode)
            if len(parent) > before:  # a figure of text, not only of images: keep its caption
                self.add(parent, c[1][1], mode)
        elif t == "LineBlock":
            for line in c:
                self.para(parent, line)
        elif t == "CodeBlock":
            for para in _code_paragraphs(c[1]):
                parent.append(E("p", para))
        elif t == "DefinitionList":
            for term, definitions in c:
                self.para(parent, term)
                for definition in definitions:
                    self.add(parent, definition, mode)
        elif t == "Table":
            self.table(parent, c)
        elif t == "RawBlock":
            if c[1].strip():
                self.tally.add("raw", c[1])
        elif t not in ("HorizontalRule", "Null"):
            self.tally.add("unknown", t)

    def para(self, parent: etree._Element, inlines: list[Json]) -> None:
        self.keep(parent, _inline("p", inlines, self.tally))

    @staticmethod
    def keep(parent: etree._Element, el: etree._Element | None) -> None:
        if el is not None:
            parent.append(el)

    def items(self, parent: etree._Element, block: Json, mode: str) -> None:
        if block["t"] == "OrderedList":
            (start, style, delim), items = block["c"]
            nums = [marker(start + i, style["t"], delim["t"]) for i in range(len(items))]
        else:
            items, nums = block["c"], [""] * len(block["c"])
        if mode == FLAT:  # each item's paragraphs, the first after its number
            for num, item in zip(nums, items, strict=True):
                box = E("item")
                self.add(box, item, FLAT)
                if num and len(box):
                    box[0].text = f"{num} {box[0].text or ''}"
                parent.extend(list(box))
            return
        bl = E("blockList")
        for num, item in zip(nums, items, strict=True):
            el = E("item", E("num", num) if num else None)
            self.add(el, item, ITEM)
            if any(child.tag != q("num") for child in el):
                bl.append(el)
        self.keep(parent, bl if len(bl) else None)

    def table(self, parent: etree._Element, c: Json) -> None:
        _attr, caption, _cols, head, bodies, foot = c
        rows = [*head[1]]
        for body in bodies:
            rows += [*body[2], *body[3]]
        rows += foot[1]
        self.add(parent, caption[1], FLAT)
        for row in rows:
            cells = [" ".join(_plain(cell[4], self.tally)) for cell in row[1]]
            line = " | ".join(cell for cell in cells if cell)
            if line:
                parent.append(E("p", line))
        self.tally.add("table")


# --- the readers ----------------------------------------------------------------------
#: Metadata pandoc's DOCX reader takes out of the body (paragraphs styled Subtitle,
#: Author, Date; Title too): visible text of the speech, so put back after the title.
DOCX_FRONT = ("subtitle", "author", "date")


def _meta_lines(meta: Json) -> list[list[Json]]:
    """A metadata value as lines of pandoc inlines (a list gives one line per entry)."""
    t, c = meta.get("t"), meta.get("c")
    if t == "MetaList":
        return [line for entry in c for line in _meta_lines(entry)]
    if t == "MetaInlines":
        return [list(c)]
    if t == "MetaString":
        return [[{"t": "Str", "c": c}]]
    if t == "MetaBlocks":
        return [b["c"] for b in c if b["t"] in ("Para", "Plain")]
    return []


def from_ast(
    ast: Json, path: Path, messages: tuple[str, ...] = (), front: tuple[str, ...] = ()
) -> SpeechDocument:
    """Build the raw document from pandoc's JSON AST.

    A metadata ``title`` (HTML ``<title>``, a Markdown YAML block) becomes a first
    ``heading level="1"`` unless the body already opens with a heading: the
    normaliser takes a first heading as the title.  ``front`` names metadata that
    was visible text pandoc took out of the body (:data:`DOCX_FRONT`): then the
    title always comes back, followed by one ``p`` per line of those fields.
    """
    doc = SpeechDocument.empty(source=path)
    speech = doc.speech
    tally = _Tally()
    _Blocks(tally).add(speech, ast["blocks"], BODY)
    meta = ast.get("meta", {})
    top: list[etree._Element | None] = []
    if "title" in meta and (front or not len(speech) or speech[0].tag != q("heading")):
        lines = _meta_lines(meta["title"])
        joined = [node for line in lines for node in [{"t": "Space"}, *line]]
        top.append(_inline("heading", joined, tally, level="1"))
    for key in front:
        top += [_inline("p", line, tally) for line in _meta_lines(meta.get(key, {}))]
    for i, el in enumerate(el for el in top if el is not None):
        speech.insert(i, el)
    if not text_of(speech).strip():
        raise EmptyInputError(
            "the file holds no text pandoc could find",
            path=path,
            fix="check you gave the right file, and that its text is not only in images",
        )
    doc.warnings += [WarningRecord(WarningCode.W102, {"message": m}) for m in messages]
    doc.warnings += tally.warnings()
    return doc


def _read(source: str | bytes, fmt: str, path: Path, front: tuple[str, ...] = ()) -> SpeechDocument:
    result = pandoc_ast(source, fmt, path)
    safety.check_ast(result.ast, base_format(fmt), path)
    return from_ast(result.ast, path, result.messages, front)


def _read_text(data: bytes, fmt: str, path: Path, strict: bool = False) -> SpeechDocument:
    text, warnings = decode_text(data, path)
    dropped: list[WarningRecord] = []
    if fmt == "html":
        if strict:
            safety.check_html(text, path)
        else:
            root = safety.parse_html(text)
            if root is not None:
                text, dropped = page.read_saved_page(root, path)
            safety.check_html(text, path)  # what is left loads and runs nothing
    doc = _read(text, fmt, path)
    doc.warnings[:0] = warnings + dropped
    return doc


def _zip_bytes(data: bytes, path: Path, kind: str) -> bytes:
    if not data.strip():
        raise EmptyInputError("the file is empty", path=path, fix="check you gave the right file")
    safety.check_container(data, path, kind)
    return data


def read_markdown(data: bytes, path: Path) -> SpeechDocument:
    """Read a Markdown speech (pandoc's Markdown, without smart typography)."""
    return _read_text(data, MARKDOWN, path)


def read_html(data: bytes, path: Path, strict: bool = False) -> SpeechDocument:
    """Read an HTML page holding a speech; its ``<title>`` heads it when no heading does.

    A saved web page's scripts, styles, frames and images are dropped with a warning a
    kind, and its navigation and footer left out (:mod:`.page`); ``strict`` refuses a
    page that carries any of them (PODIUM-E113) instead."""
    return _read_text(data, "html", path, strict)


def read_docx(data: bytes, path: Path) -> SpeechDocument:
    """Read a Word (.docx) speech, its Title, Subtitle, Author and Date paragraphs first."""
    return _read(_zip_bytes(data, path, "docx"), "docx", path, DOCX_FRONT)


def read_odt(data: bytes, path: Path) -> SpeechDocument:
    """Read an OpenDocument text (.odt) speech."""
    return _read(_zip_bytes(data, path, "odt"), "odt", path)
