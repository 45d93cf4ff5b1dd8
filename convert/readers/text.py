"""Plain text as people have it: web scrapes, transcripts, hard-wrapped or indented text.

Blocks are separated by blank lines.  Inside a block:

- lines that start with an indent, in a block whose other lines do not, open a new
  paragraph (indented-paragraph style, no blank lines between paragraphs);
- otherwise each line is a paragraph of its own unless the block is hard-wrapped (most
  of its lines come close to one width) and the line reaches close to that width, or
  the next line opens in lower case: then the lines are joined with one space.  Text
  copied from a web page often has no blank lines, one paragraph a line; text exported
  from a PDF has hard-wrapped paragraphs one after the other;
- lines that start with a list marker (``-``, ``*``, ``•``, ``1.``, ``2)``, ``a)``,
  ``(iv)``...) make a list, one item per marker, continuation lines joined; a line
  before the first marker stays a paragraph (the list's introduction);
- consecutive one-item blocks with the same marker style are one list (items
  separated by blank lines);
- a single short line that is ALL CAPS (but does not open with a speaker label:
  ``THE PRESIDENT: ...`` is a turn), or numbered like a heading (``II. The way
  ahead``, ``1.2 Funding``) and not ended like a sentence, is a heading.

Each kept line is stripped of its outer whitespace; the words stay exactly as read.
Title, date, salutations, stage directions and speaker labels are found later by
the normaliser, as for every other format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from unicodedata import east_asian_width

from ..knowledge.patterns import LABEL
from ..model.akn import E
from ..model.document import SpeechDocument
from .encoding import decode_text

#: A list marker at the start of a line, and the text after it.
MARKER = re.compile(
    r"(?P<num>[-*•‣◦▪–]|\d{1,3}[.)]|[a-z][.)]|\((?:\d{1,3}|[a-z]|[ivxlc]{1,6})\)|[ivxlc]{1,6}\))"
    r"\s+(?P<text>\S.*)"
)
#: A numbered heading: roman, arabic or dotted numbers, or a capital letter, then a title.
NUMBERED_HEADING = re.compile(
    r"(?P<num>[IVXLC]{1,6}\.|\d{1,2}(?:\.\d{1,2}){0,3}\.|\d{1,2}(?:\.\d{1,2}){1,3}|[A-Z]\.)\s+"
    r"(?P<text>[A-Z\u00C0-\u024F].*)"
)
SENTENCE_END = re.compile(r"[.!?;:,…。！？；：，،؛]$")
INDENT = re.compile(r"^(?: {2,}|\t)")
#: A line of a hard-wrapped paragraph reaches this share of the wrapping width.
FULL_LINE = 0.75
#: Widths between which a block's longest line may be the width it was wrapped at:
#: shorter lines are titles, names and dates; longer ones paragraphs on a line of their own.
MIN_WRAP, MAX_WRAP = 40, 200
#: How many leading blocks keep their printed lines for the head model (read-head reads
#: at most 25 lines of head; a few more blocks cover the speech's first paragraphs).
HEAD_PARAGRAPHS = 30


@dataclass
class ListDraft:
    """A list being assembled: its marker style and its items' (marker, text)."""

    style: str
    items: list[tuple[str, str]] = field(default_factory=list)


def marker_style(num: str) -> str:
    """The style of a list marker, so that ``1.`` and ``2.`` continue one list."""
    if num[0].isdigit():
        return "1" + num[-1]
    if num.startswith("("):
        return "(x)"
    if len(num) == 1:
        return "bullet"
    return "a" + num[-1]


def split_blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks, each a list of its raw lines (indentation kept).

    >>> split_blocks("Title\\n\\nOne line\\n  wrapped.\\n\\n\\nTwo.")
    [['Title'], ['One line', '  wrapped.'], ['Two.']]
    """
    blocks: list[list[str]] = []
    lines: list[str] = []
    for line in [*text.split("\n"), ""]:
        if line.strip():
            lines.append(line.rstrip())
        elif lines:
            blocks.append(lines)
            lines = []
    return blocks


def width(line: str) -> int:
    """How wide a line prints: East Asian wide characters count twice."""
    text = line.strip()
    if text.isascii():
        return len(text)
    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)


def wrap_width(lines: list[str]) -> int:
    """The width a block was hard-wrapped at, or 0 if its lines are not wrapped.

    A wrapped block has a width (its longest line, between :data:`MIN_WRAP` and
    :data:`MAX_WRAP` columns) that at least half of its lines but the last come close to
    (:data:`FULL_LINE`).  Lines of a web page copied one paragraph a line vary in length,
    and short lines stacked up (a title, a name, a date) have no width to come close to.
    """
    if len(lines) < 2:
        return 0
    widths = [width(line) for line in lines]
    most = max(widths)
    if not MIN_WRAP <= most <= MAX_WRAP:
        return 0
    full = sum(w >= FULL_LINE * most for w in widths[:-1])
    return most if 2 * full >= len(widths) - 1 else 0


def continues(line: str, nxt: str, wrap: int) -> bool:
    """Whether ``nxt`` goes on with the paragraph ``line`` is part of.

    A line that opens in lower case always does (a sentence goes on).  Otherwise, in a
    wrapped block a line reaching close to the width was cut by the wrap; a shorter one
    ended its paragraph.  In a block that is not wrapped, each line is a paragraph.
    """
    first = nxt.strip()[:1]
    if first.islower():
        return True
    return bool(wrap) and width(line) >= FULL_LINE * wrap


def paragraphs_of(lines: list[str]) -> list[str]:
    """A block's paragraphs (see :func:`paragraph_lines`)."""
    return [" ".join(p) for p in paragraph_lines(lines)]


def paragraph_lines(lines: list[str]) -> list[list[str]]:
    """A block's paragraphs.

    When only some lines but the first are indented, each indented line opens a paragraph
    (indented-paragraph style).  Otherwise the lines are cut into paragraphs where
    :func:`continues` says a line does not go on: hard-wrapped paragraphs are joined,
    lines that are each a paragraph (a web page copied without blank lines, a title
    over a name over a date) stay apart.
    """
    indented = [bool(INDENT.match(line)) for line in lines]
    out: list[list[str]] = []
    if any(indented[1:]) and not all(indented):
        for line, ind in zip(lines, indented, strict=True):
            if ind or not out:
                out.append([])
            out[-1].append(line.strip())
        return out
    wrap = wrap_width(lines)
    for i, line in enumerate(lines):
        if not out or not continues(lines[i - 1], line, wrap):
            out.append([])
        out[-1].append(line.strip())
    return out


def is_heading(text: str) -> int:
    """The heading level of a one-line block, or 0 if it is not a heading."""
    if len(text) > 100:
        return 0
    letters = [c for c in text if c.isalpha()]
    cased = [c for c in letters if c.isupper() or c.islower()]
    if len(cased) >= 4 and all(c.isupper() for c in cased) and not text.endswith((",", ":")):
        # "THE PRESIDENT: ..." is a speaker's turn even when what follows has no lower
        # case (a script without case, or a line shouted in capitals)
        return 0 if LABEL.match(text) else 1
    m = NUMBERED_HEADING.fullmatch(text)
    if m and not SENTENCE_END.search(text) and len(m["text"].split()) <= 12:
        num = m["num"].rstrip(".")
        return (
            1
            if (num.isalpha() and num.isupper() and len(num) > 1) or num in "IVX"
            else num.count(".") + 1
            if num[0].isdigit()
            else 2
        )
    return 0


def items_of(lines: list[str]) -> tuple[str | None, ListDraft | None]:
    """A block as (introduction, list) if its lines hold list markers, else (None, None).

    A block is a list when at least two of its lines open with the same marker style,
    or when it is a single item (a one-line block with a marker): the caller merges
    consecutive single items into one list.
    """
    stripped = [line.strip() for line in lines]
    starts = [(i, MARKER.fullmatch(s)) for i, s in enumerate(stripped)]
    marked = [(i, m) for i, m in starts if m]
    if not marked:
        return None, None
    style = marker_style(marked[0][1]["num"])
    same = [(i, m) for i, m in marked if marker_style(m["num"]) == style]
    if len(same) < 2 and not (len(stripped) == 1 or (len(same) == 1 and same[0][0] == 0)):
        return None, None
    first = same[0][0]
    intro = " ".join(stripped[:first]) or None
    draft = ListDraft(style)
    for s in stripped[first:]:
        m = MARKER.fullmatch(s)
        if m and marker_style(m["num"]) == style:
            draft.items.append((m["num"], m["text"]))
        else:
            num, text = draft.items[-1]
            draft.items[-1] = (num, f"{text} {s}")
    return intro, draft


#: A line framed by the same dash or star on both sides: "- Check against delivery -"
#: (ga79 hr) is a note set off by decoration, not a list item.
FRAMED = re.compile(r"([-–—*•])\s.*\S\s\1")


def _framed(line: str) -> bool:
    return FRAMED.fullmatch(line.strip()) is not None


def read(data: bytes, path: Path) -> SpeechDocument:
    """Read a plain-text speech into the raw form (see ``podium.convert.readers``)."""
    doc = SpeechDocument.empty(source=path)
    speech = doc.speech
    current: ListDraft | None = None  # an open list that single items may extend

    def close_list() -> None:
        nonlocal current
        if current is not None:
            speech.append(
                E("blockList", *[E("item", E("num", n), E("p", t)) for n, t in current.items])
            )
            current = None

    text, warnings = decode_text(data, path)
    doc.warnings += warnings
    for lines in split_blocks(text):
        intro, draft = (
            items_of(lines)
            if len(lines) > 1 or (MARKER.fullmatch(lines[0].strip()) and not _framed(lines[0]))
            else (None, None)
        )
        if draft is not None:
            single = len(draft.items) == 1 and intro is None
            if single and current is not None and current.style == draft.style:
                current.items += draft.items
                continue
            close_list()
            if intro:
                speech.append(E("p", intro))
            current = draft
            if not single:
                close_list()
            continue
        close_list()
        for printed in paragraph_lines(lines):
            text = " ".join(printed)
            level = is_heading(text) if len(lines) == 1 else 0
            speech.append(E("heading", text, level=str(level)) if level else E("p", text))
            if len(printed) > 1 and len(speech) <= HEAD_PARAGRAPHS:
                doc.lines[speech[-1]] = printed
    close_list()
    return doc
