"""Properties of the reading path: any text or sidecar gives a valid master or a coded error.

Hypothesis writes each input as bytes to ``speech.txt`` (and its sidecar to
``speech.meta.json``) in a temporary folder and builds it with
:func:`~podium.convert.pipeline.master.make_master`, the function ``podium build`` uses, so the
encoding detection, the sidecar lookup and the validation run as they do for a user.  The
master's bytes are read back and validated again (official AKN 3.0 XSD and podium's
profile rules), then turned into text by :func:`~podium.convert.pipeline.master.speech_text`, as
``podium text`` does.  Any exception but a :class:`PodiumError` fails a property.

Text, from any Unicode text, any bytes, speech-like text (paragraphs of words of the six
UN languages, hard-wrapped, indented, lists, title, delivery notes, date lines,
salutations, stage directions, speaker labels, page chrome, CR LF...), the same skeleton
filled with any words at all, and speech-like text in legacy encodings:

* a valid master, or a reading error: E102 when the text holds what XML cannot, else
  E101 when it is only whitespace, else E104 for a text of a few blocks at most (bytes in
  a legacy encoding may also be E102: no encoding reads them);
* any text keeps its words (:func:`check_words`): podium text's paragraphs cut the
  source's blank-line separated blocks into runs of words, in order, none lost, but for
  the preface lines (title, delivery notes, date line) lifted from the first blocks and
  printed first, as ``speech_text`` documents;
* a speech-like text gives back exactly the paragraphs it was written as, each with its
  whitespace collapsed, page chrome at the top dropped, the preface lines first
  (:func:`check_paragraphs`);
* ``podium text`` is a fixed point: its output, built again, gives the same text;
* bytes that are not UTF-8 (or UTF-16/32 with a BOM) give a master only with a warning
  that the encoding was guessed.

Sidecars (any JSON value, any bytes, deep nesting, and near-valid objects with wrong
types, impossible dates, bad ids, unknown keys): a sidecar error E501-E504, which for a
near-valid object is the code of one of its defects, or, for a sidecar without defects, a
valid master that carries the sidecar's values (:func:`check_sidecar_values`) and whose
``podium text`` is the speech's own.

Bugs the properties found outside this module's reach are stated at the end as strict
xfail tests; the properties step around them, each place naming its test.
"""

from __future__ import annotations

import codecs
import itertools
import json
import os
import re
import string
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, note, settings
from hypothesis import strategies as st

from podium.convert import make_master, speech_text
from podium.convert.errors import PodiumError, WarningCode, WarningRecord
from podium.convert.knowledge import ontology
from podium.convert.knowledge.head import MAX_HEAD_LINES
from podium.convert.knowledge.patterns import BREADCRUMB
from podium.convert.model.akn import local, parse_bytes
from podium.convert.model.document import PREFACE, SpeechDocument
from podium.convert.model.identity import PROVENANCE_NS
from podium.convert.model.validate import violations
from podium.convert.options import ReadOptions
from podium.convert.readers.text import MAX_WRAP, width
from podium.convert.sidecar import FIELDS

#: A fixed generation time, so that nothing in a master depends on the clock.
WHEN = datetime(2021, 4, 19, tzinfo=UTC)


#: ``nox -s tests`` (what CI runs) sets PODIUM_PROPERTIES=ci: the same examples every run,
#: so a red CI always means a change; plain ``pytest`` explores new examples each time.
CI = os.environ.get("PODIUM_PROPERTIES") == "ci"


def examples(n: int) -> settings:
    """Settings of one property: ``n`` examples; the whole module runs in about a minute."""
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=CI,
        database=None if CI else settings.default.database,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


#: True one time in six (``st.integers(0, 5) == 0`` would be true far more often:
#: Hypothesis favours small integers).
SOMETIMES = st.sampled_from([False] * 5 + [True])


def choice(options: str) -> st.SearchStrategy[str]:
    """One of the ``|``-separated options."""
    return st.sampled_from(options.split("|"))


# --- building -------------------------------------------------------------------------


@dataclass
class Built:
    """A master built from an input, read back from its bytes, and its ``podium text``."""

    doc: SpeechDocument
    text: str
    warnings: list[WarningRecord]

    @property
    def paragraphs(self) -> list[str]:
        """The text's paragraphs (``speech_text`` separates them with one blank line)."""
        assert self.text.endswith("\n") and not self.text.endswith("\n\n")
        return self.text[:-1].split("\n\n")

    @property
    def head(self) -> int:
        """How many of the paragraphs are preface lines: the title line, delivery notes and
        the date line that ``speech_text`` prints first (its docstring)."""
        titles = self.doc.findall(f"{PREFACE}/a:longTitle[not(@status='editorial')]/a:p")
        notes = self.doc.findall(
            f"{PREFACE}/a:p[not(@status='editorial')][a:docStatus or a:docDate]"
        )
        return len(titles) + len(notes)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


def build(folder: Path, data: bytes, meta: bytes | None = None) -> Built:
    """Build ``data`` as ``speech.txt`` in ``folder``, ``meta`` as its sidecar beside it.

    Raises what the build raises; returns only a master that passes validation again.
    (One folder for every example: making and removing a folder each time costs more
    than a build.)
    """
    source, sidecar = folder / "speech.txt", folder / "speech.meta.json"
    source.write_bytes(data)
    if meta is None:
        sidecar.unlink(missing_ok=True)
    else:
        sidecar.write_bytes(meta)
    made = make_master(source, ReadOptions(generated=WHEN))
    doc = SpeechDocument(parse_bytes(made.data, source), source=source)
    assert violations(doc.tree) == []
    return Built(doc, speech_text(doc), made.doc.warnings)


def attempt(folder: Path, data: bytes, meta: bytes | None = None) -> Built | PodiumError:
    """:func:`build`, with a podium error as the result; any other exception propagates."""
    try:
        built = build(folder, data, meta)
    except PodiumError as err:
        note(f"podium error: {err}")
        event(err.code)  # --hypothesis-show-statistics: how often each outcome came
        return err
    event("master")
    return built


def fixed_point(folder: Path, built: Built) -> None:
    """``podium text`` of a master, built again, gives the same text (``speech_text``'s
    docstring: "Feeding this text to podium build gives the same speech again")."""
    again = build(folder, built.text.encode("utf-8"))
    assert again.text == built.text


# --- what podium should read ----------------------------------------------------------

#: Codecs whose bytes podium must decode exactly (a BOM, or UTF-8).
EXACT_CODECS = ("utf-8", "utf-8-sig", "utf-16", "utf-32")
#: What no XML document may hold, once line breaks are unified (encoding.py's docstring).
FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")
#: Page chrome podium drops from the top of a page (drop-chrome in normalise.py).
CHROME = frozenset(" ".join(c["text"].split()).lower() for c in ontology.facts()["chrome"])
#: Preface lines are lifted from the first blocks only: at most two delivery notes, then
#: the title, then a date line among the next two.
LEAD = MAX_HEAD_LINES


def as_read(text: str, codec: str) -> str:
    """The text podium should read from ``text.encode(codec)``: a leading U+FEFF in UTF-8
    is the UTF-8 BOM, and CR LF, CR, form feed and vertical tab are line breaks."""
    if codec == "utf-8":
        text = text.removeprefix("\ufeff")
    return re.sub("\r\n?|[\f\v]", "\n", text)


def blocks_of(text: str) -> list[list[str]]:
    """The blank-line separated blocks of a text, each as its list of lines.

    A blank line is one holding only whitespace (``str.isspace``).
    """
    out: list[list[str]] = []
    lines: list[str] = []
    for line in [*text.split("\n"), ""]:
        if line.strip():
            lines.append(line)
        elif lines:
            out.append(lines)
            lines = []
    return out


def speech_blocks(text: str) -> list[list[str]]:
    """The blocks of a text that are the speech (leading page chrome dropped), each as its
    list of words (maximal runs of non-whitespace)."""
    blocks = [" ".join(lines).split() for lines in blocks_of(text)]
    while blocks and is_chrome(blocks[0]):
        blocks.pop(0)
    return blocks


def is_chrome(words: list[str]) -> bool:
    line = " ".join(words)
    return line.lower() in CHROME or BREADCRUMB.match(line) is not None


def check_words(source: str, built: Built) -> None:
    """The round trip of any text keeps every word, in order, within its block.

    Let the source's blocks be its blank-line separated blocks (:func:`blocks_of`), less
    the head lines the master records as dropped (page furniture and chrome, each
    ``pv:dropped`` in ``meta/proprietary``, verbatim).  Then the paragraphs of
    ``podium text``, as word lists, are:
    first the preface lines (title, delivery notes, date), each a run of words of one of
    the first :data:`LEAD` blocks, cut out of it; then the body paragraphs, which cut
    what is left of the blocks into consecutive non-empty runs, in order, none spanning
    two blocks, nothing left over.  Whitespace is the only thing that may change.
    """
    blocks = [" ".join(lines).split() for lines in blocks_of(source)]
    pieces = [(i, 0, words) for i, words in enumerate(blocks)]  # (block, offset, words)
    out = [p.split() for p in built.paragraphs]
    runs = out[: built.head] + [
        (dropped.text or "").split()  # dropped with a record: allowed
        for dropped in built.doc.tree.xpath("//pv:dropped", namespaces={"pv": PROVENANCE_NS})
    ]
    # a run may occur more than once in the first blocks ("0" dropped as a page number
    # beside another "0"): the words are kept if one way of cutting the runs out works
    failures = []
    for option in itertools.islice(arrangements(pieces, runs), 64):
        try:
            check_body([words for _, _, words in option if words], out[built.head :])
            return
        except AssertionError as failure:
            failures.append(failure)
    raise failures[0] if failures else AssertionError(f"the head lines {runs} are not in {blocks}")


def check_body(left: list[list[str]], body: list[list[str]]) -> None:
    """The body paragraphs cut what is left of the blocks into consecutive runs."""
    for para in body:
        assert para, "an empty paragraph"
        assert left, f"{para} is not in the source"
        assert left[0][: len(para)] == para, f"{para} is not next in {left}"
        left[0] = left[0][len(para) :]
        if not left[0]:
            left.pop(0)
    assert not left, f"words lost: {left}"


def arrangements(pieces: list[Piece], runs: list[list[str]]) -> Iterator[list[Piece]]:
    """Every way of cutting ``runs`` out of the first LEAD blocks, in turn."""
    if not runs:
        yield pieces
        return
    for option in cuts(pieces, runs[0]):
        yield from arrangements(option, runs[1:])


Piece = tuple[int, int, list[str]]


def cuts(pieces: list[Piece], run: list[str]) -> Iterator[list[Piece]]:
    """``pieces`` with one occurrence of ``run`` in the first LEAD blocks cut out, for each
    occurrence in turn.  A run may go on from one piece into the next ones (a title
    printed over several lines); the pieces it starts and ends in are split around it."""
    if not run:
        yield pieces
        return
    lead = [i for i, piece in enumerate(pieces) if piece[0] < LEAD]
    flat = [(i, k) for i in lead for k in range(len(pieces[i][2]))]
    words = [pieces[i][2][k] for i, k in flat]
    for start in range(len(words) - len(run) + 1):
        if words[start : start + len(run)] != run:
            continue
        (i, k), (j, m) = flat[start], flat[start + len(run) - 1]
        (bi, oi, wi), (bj, oj, wj) = pieces[i], pieces[j]
        split = [(bi, oi, wi[:k]), (bj, oj + m + 1, wj[m + 1 :])]
        yield [*pieces[:i], *split, *pieces[j + 1 :]]


def check_reading_error(text: str, err: PodiumError) -> None:
    """A podium error for text is the one its content calls for: E102 for characters no
    XML document may hold, else E101 for only whitespace, else E104 (nothing left once
    the preface lines and chrome are out) for a text of at most a few blocks."""
    if FORBIDDEN.search(text):
        assert err.code == "PODIUM-E102"
    elif not text.strip():
        assert err.code == "PODIUM-E101"
    else:
        assert err.code == "PODIUM-E104"
        assert len(speech_blocks(text)) <= LEAD


# --- 1. any text ----------------------------------------------------------------------

#: Any text: all of Unicode but surrogates (which no codec writes), with line breaks and
#: blanks often enough that texts have blocks, lines and indentation.
ANY_TEXT = st.lists(
    st.one_of(
        st.characters(exclude_categories=["Cs"]),
        st.sampled_from(["\n", "\n\n", "\r\n", "\r", " ", "  ", "\t", "\f", "\v", "\u3000"]),
    ),
    max_size=400,
).map("".join)


@examples(1000)
@given(text=st.text() | ANY_TEXT, codec=st.sampled_from(EXACT_CODECS))
def test_any_text_gives_a_valid_master_keeping_its_words_or_a_reading_error(
    folder: Path, text: str, codec: str
) -> None:
    assume(not (codec == "utf-16" and text.startswith("\x00")))  # bytes of a UTF-32 BOM
    source = as_read(text, codec)
    # page chrome (drop-chrome) is for the speech-like test, which knows its blocks
    assume(len(speech_blocks(source)) == len(blocks_of(source)))
    built = attempt(folder, text.encode(codec))
    if isinstance(built, PodiumError):
        check_reading_error(source, built)
        return
    assert not FORBIDDEN.search(source)
    check_words(source, built)
    fixed_point(folder, built)


def is_utf(data: bytes) -> bool:
    """Whether podium reads ``data`` without guessing: a BOM, or valid UTF-8."""
    if data.startswith(
        (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
    ):
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_guess(folder: Path, data: bytes, built: Built | PodiumError) -> None:
    """Bytes give a valid master or a reading error; a master read from bytes that are not
    UTF-8 (an encoding podium guessed) says so in a warning, and is a fixed point."""
    if isinstance(built, PodiumError):
        assert built.code in ("PODIUM-E101", "PODIUM-E102", "PODIUM-E104")
        return
    guessed = [w for w in built.warnings if w.code == WarningCode.W101]
    assert bool(guessed) == (not is_utf(data)), built.warnings
    fixed_point(folder, built)


@examples(400)
@given(data=st.binary(max_size=600))
def test_any_bytes_give_a_valid_master_or_a_reading_error(folder: Path, data: bytes) -> None:
    check_guess(folder, data, attempt(folder, data))


# --- 2. speech-like text --------------------------------------------------------------

#: Words of the six UN languages (chosen for these tests, not taken from any speech), and
#: random words of letters and marks: never a list marker, a number or a bracket.
VOCABULARY = {
    "en": "peace people world nations together future work children water climate "
    "hope every country must build trust across borders today promise keep stronger",
    "fr": "paix peuples monde nations ensemble avenir travail enfants eau climat espoir "
    "chaque pays doit bâtir confiance frontières aujourd'hui promesse été",
    "es": "paz pueblos mundo naciones juntos futuro trabajo niños agua clima esperanza "
    "cada país debe construir confianza fronteras hoy promesa año",
    "ru": "мир народы страны вместе будущее работа дети вода климат надежда каждая "
    "должна строить доверие границы сегодня обещание",
    "ar": "السلام الشعوب العالم الأمم معا المستقبل العمل الأطفال الماء المناخ الأمل كل "
    "بلد يجب بناء الثقة الحدود اليوم",
    "zh": "和平 人民 世界 各国 共同 未来 工作 儿童 水 气候 希望 每个 国家 必须 建立 信任 今天",
}
#: Letters and combining marks of many scripts (Latin, Greek, Cyrillic, Hebrew, Arabic,
#: Devanagari, Thai, Ethiopic, Hangul, Han, mathematical letters beyond the BMP).
LETTERS = "".join(
    c
    for lo, hi in re.findall(
        r"(\w+)-(\w+)",
        "C0-24F 300-36F 370-52F 5D0-5EA 620-6D3 900-97F E01-E3A 1200-1250 4E00-4F00 AC00-AC80 "
        "1D400-1D44F",
    )
    for c in map(chr, range(int(lo, 16), int(hi, 16) + 1))
    if unicodedata.category(c)[0] in "LM"
)


ENDINGS = st.sampled_from(["", "", "", "", ",", ".", ";", ":", "!", "?", "…"])


#: Any word at all: anything but whitespace and what no XML document may hold.
ANY_WORD = st.text(
    st.characters(
        exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"], exclude_characters="\ufffe\uffff"
    ),
    min_size=1,
    max_size=12,
)


#: Names and dates podium marks inline (entities, dates), some of them overlapping or
#: near misses ("New Mexico" is not Mexico): the words around them must not change.
PHRASES = {  # "|" separates them
    "en": "the United Nations|the UN General Assembly|the Security Council|U.N.|New York|"
    "the Secretary-General|New Mexico|the Democratic Republic of the Congo|in 2021|"
    "on 19 April 2021|Monday, 1 January 2024|April 19, 2021",
    "fr": "l'Organisation des Nations Unies|l'Assemblée générale|le 19 avril 2021|Genève",
    "es": "las Naciones Unidas|la Asamblea General|el 19 de abril de 2021|México",
    "ru": "Организация Объединенных Наций|ООН|19 апреля 2021 года|Женева",
    "ar": "الأمم المتحدة|الجمعية العامة|١٩ نيسان/أبريل ٢٠٢١|جنيف",
    "zh": "联合国|安全理事会|2021年4月19日|日内瓦",
}


@cache  # strategies are built once: building and checking them costs more than drawing
def words(lang: str | None, max_size: int = 30) -> st.SearchStrategy[list[str]]:
    """One to ``max_size`` words, names or dates of ``lang``, some closed by punctuation,
    or (``lang`` None) any words at all."""
    if lang is None:
        return st.lists(ANY_WORD, min_size=1, max_size=max_size)
    word = st.sampled_from(VOCABULARY[lang].split() + PHRASES[lang].split("|")) | st.text(
        LETTERS, min_size=2, max_size=9
    )
    return st.lists(st.tuples(word, ENDINGS), min_size=1, max_size=max_size).map(
        lambda ws: " ".join(w + end for w, end in ws).split()
    )


@dataclass
class Block:
    """One block of a generated speech: its lines, and the paragraphs it should give."""

    lines: list[str]
    paragraphs: list[str]
    chrome: bool = False


@dataclass
class Speech:
    """A generated speech: its blocks, and how its text lays them out."""

    lang: str | None
    blocks: list[Block] = field(default_factory=list)
    breaks: list[str] = field(default_factory=list)  # what separates block i from i + 1
    newline: str = "\n"
    lead: str = ""
    trail: str = "\n"

    def text(self) -> str:
        out = self.lead
        for i, block in enumerate(self.blocks):
            out += "\n".join(block.lines)
            if i + 1 < len(self.blocks):
                out += self.breaks[i]
        return (out + self.trail).replace("\n", self.newline)

    def paragraphs(self) -> list[tuple[int, str]]:
        """What the text says, paragraph by paragraph, whitespace collapsed, with the block
        each is in; page chrome at the top is not part of the speech."""
        blocks = list(self.blocks)
        while blocks and blocks[0].chrome:
            blocks.pop(0)
        return [(i, " ".join(p.split())) for i, b in enumerate(blocks) for p in b.paragraphs]


INDENTS = st.sampled_from(["  ", "    ", "\t", "   \t"])
NOT_INDENTED = st.sampled_from(["", "", "", " "])
TRAILING = st.sampled_from(["", "", "", " ", "  ", "\t"])
#: The widths text is hard-wrapped at (an editor's 72 columns, a PDF's 90 or so).
WIDTHS = st.integers(50, 110)


@st.composite
def wrapped(
    draw: st.DrawFn, ws: list[str], first: str = "", rest: st.SearchStrategy[str] = NOT_INDENTED
) -> list[str]:
    """``ws`` hard-wrapped at a width, each line filled as far as the width allows (as an
    editor or a PDF export wraps); the first line opens with ``first``, the others with
    what ``rest`` draws; lines may end in blanks.  A word so long that no width of
    :data:`WIDTHS` leaves room for four of it on a line is not wrapped at all."""
    longest = max(width(w) for w in ws)
    at = max(draw(WIDTHS), 4 * (longest + 1))
    lines: list[list[str]] = [[]]
    for w in ws:
        lead = first if len(lines) == 1 else ""  # the first line's opening takes room too
        if lines[-1] and width(lead + " ".join([*lines[-1], w])) > at:
            lines.append([])
        lines[-1].append(w)
    text = [" ".join(line) for line in lines] if at <= MAX_WRAP else [" ".join(ws)]
    return [
        (first if i == 0 else draw(rest)) + line + draw(TRAILING) for i, line in enumerate(text)
    ]


@cache
def prose(lang: str | None) -> st.SearchStrategy[Block]:
    """A hard-wrapped paragraph: flush, with an indented first line, or indented whole."""

    @st.composite
    def draw_prose(draw: st.DrawFn) -> Block:
        ws = draw(words(lang))
        style = draw(STYLES)
        first = draw(INDENTS) if style != "flush" else draw(NOT_INDENTED)
        rest = st.just(first) if style == "whole" else NOT_INDENTED
        return Block(draw(wrapped(ws, first, rest)), [" ".join(ws)])

    return draw_prose()


STYLES = st.sampled_from(["flush", "first", "whole"])


@cache
def indented_paragraphs(lang: str | None) -> st.SearchStrategy[Block]:
    """Paragraphs without blank lines between them, each opening on an indented line.

    Some line is flush (the first paragraph, or a wrapped line): a block whose lines are
    all indented is one paragraph indented as a whole (readers/text.py).
    """
    paragraphs = st.lists(words(lang), min_size=2, max_size=4)

    @st.composite
    def draw_block(draw: st.DrawFn) -> Block:
        paras = draw(paragraphs)
        lines: list[str] = []
        for i, ws in enumerate(paras):
            first = draw(INDENTS) if i or draw(st.booleans()) else draw(NOT_INDENTED)
            lines += draw(wrapped(ws, first))
        if all(re.match(r" {2,}|\t", line) for line in lines):
            lines[0] = lines[0].lstrip()
        return Block(lines, [" ".join(ws) for ws in paras])

    return draw_block()


#: List markers of each style, for item n (1, a, i...).
MARKERS = choice("-|•|*|{n}.|{n})|{a})|({i})")
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]


def marker(style: str, n: int) -> str:
    return style.format(n=n + 1, a=string.ascii_lowercase[n], i=ROMAN[n])


AFTER_MARKER = st.sampled_from([" ", " ", "  ", "\t"])
ITEM_WRAP = st.sampled_from(["", "", " ", "  ", "    ", "\t"])


@cache
def lists(lang: str | None) -> st.SearchStrategy[list[Block]]:
    """A list: an optional introduction line, then items with one marker style, wrapped,
    all in one block or one block per item (blank lines between items)."""
    all_items = st.lists(words(lang, max_size=15), min_size=1, max_size=6)

    @st.composite
    def draw_list(draw: st.DrawFn) -> list[Block]:
        style = draw(MARKERS)
        items = draw(all_items)
        intro = draw(words(lang, 10)) if len(items) > 1 and draw(st.booleans()) else None
        item_lines = []
        for i, ws in enumerate(items):
            lead = draw(NOT_INDENTED) + marker(style, i) + draw(AFTER_MARKER)
            item_lines.append(draw(wrapped(ws, lead, ITEM_WRAP)))
        paras = [f"{marker(style, i)} {' '.join(ws)}" for i, ws in enumerate(items)]
        head = [" ".join(intro)] if intro else []
        if draw(st.booleans()):  # one block
            return [Block(head + [line for item in item_lines for line in item], head + paras)]
        blocks = [Block(lines, [p]) for lines, p in zip(item_lines, paras, strict=True)]
        return [Block(head, head), *blocks] if head else blocks

    return draw_list()


#: Lines of a speech's other kinds, written for these tests.
TITLES = choice(
    "Remarks by the Secretary-General to the General Assembly|Address to the Security Council|"
    "Secretary-General's message on World Water Day|"
    "Statement by the President of the General Assembly|"
    "Allocution du Secrétaire général devant le Conseil de sécurité"
)
NOTES = choice("[as delivered]|[Check against delivery]|(As prepared for delivery)")
NOTE_GAP = st.sampled_from(["", " ", "  "])
SALUTATIONS = choice(
    "Mr. President,|Madam President, Excellencies,|Excellencies, ladies and gentlemen,|"
    "Dear friends,|Monsieur le Président,"
)
STAGE = choice("(Applause)|[Laughter]|(Applause.)|[Silence in the hall]")
HEADINGS = choice("I. The way ahead|II. Water for all|PEACE AND SECURITY|2.1 Funding")
LABELS = choice("The President.|THE SECRETARY-GENERAL:|Audience members.|MS. OKAFOR:")
PLACES = st.sampled_from(["", "New York", "Geneva", "Nairobi", "Washington, D.C."])
CHROME_LINES = choice("Skip to main content|Print|Share|Home > Speeches > Remarks")
MONTHS = "January February March April May June July August September October November December"
DAYS = st.dates(date(1946, 1, 1), date(2099, 12, 31))
DATE_FORMS = st.sampled_from(
    [
        lambda d: f"{d.day} {MONTHS.split()[d.month - 1]} {d.year}",
        lambda d: f"{MONTHS.split()[d.month - 1]} {d.day}, {d.year}",
        date.isoformat,
    ]
)


@st.composite
def date_line(draw: st.DrawFn) -> str:
    shown = draw(DATE_FORMS)(draw(DAYS))
    place = draw(PLACES)
    return f"{place}, {shown}" if place else shown


def line(text: str) -> Block:
    return Block([text], [text])


BODY_KINDS = st.sampled_from(
    ["prose"] * 5 + ["indented", "list", "stage", "heading", "label", "salutation"]
)


@cache
def body_blocks(lang: str | None) -> st.SearchStrategy[list[Block]]:
    """One part of a speech's body: one block, or a list's blocks."""

    @st.composite
    def draw_blocks(draw: st.DrawFn) -> list[Block]:
        kind = draw(BODY_KINDS)
        if kind == "prose":
            return [draw(prose(lang))]
        if kind == "indented":
            return [draw(indented_paragraphs(lang))]
        if kind == "list":
            return draw(lists(lang))
        if kind == "label":
            label, ws = draw(LABELS), draw(words(lang))
            return [Block(draw(wrapped(ws, f"{label} ")), [f"{label} {' '.join(ws)}"])]
        if kind == "stage":  # alone, or closing a paragraph
            aside = draw(STAGE)
            if draw(st.booleans()):
                return [line(aside)]
            ws = [*draw(words(lang)), aside]
            return [Block(draw(wrapped(ws)), [" ".join(ws)])]
        return [line(draw(HEADINGS if kind == "heading" else SALUTATIONS))]

    return st.lists(draw_blocks(), max_size=8).map(lambda parts: [b for p in parts for b in p])


LANGS = st.sampled_from(sorted(VOCABULARY))
NOTE_COUNTS = st.sampled_from([0, 0, 0, 1, 1, 2])
BLANK_LINES = st.sampled_from(["\n\n", "\n\n", "\n\n\n", "\n \n", "\n\t\n", "\n  \n\n"])
NEWLINES = st.sampled_from(["\n", "\n", "\r\n", "\r"])
LEADS = st.sampled_from(["", "", "\n", "\n\n", "  \n"])
TRAILS = st.sampled_from(["\n", "\n", "", "\n\n", "\n  "])


@st.composite
def speeches(draw: st.DrawFn, wild: bool = False) -> Speech:
    """A speech as people have it: maybe page chrome, then title, delivery notes, date line
    and salutation (any may be missing; in this order or not), then the body.

    Its words are words of one of the six languages or, ``wild``, any words at all (which
    may look like list markers, dates, labels...: the paragraphs are then not known).
    """
    lang = None if wild else draw(LANGS)
    speech = Speech(lang)
    top = [Block([c], [c], chrome=True) for c in draw(st.lists(CHROME_LINES, max_size=2))]
    front = []
    if draw(st.booleans()):
        title = draw(TITLES)
        if draw(st.booleans()):
            title += draw(NOTE_GAP) + draw(NOTES)
        front.append(line(title))
    front += [line(draw(NOTES)) for _ in range(draw(NOTE_COUNTS))]
    if draw(st.booleans()):
        front.append(line(draw(date_line())))
    if draw(st.booleans()):
        front.append(line(draw(SALUTATIONS)))
    body = draw(body_blocks(lang))
    if draw(SOMETIMES):  # front lines out of order, among the first blocks
        front = draw(st.permutations(front + body[:2]))
        body = body[2:]
    # a speech has a paragraph of its own after its title and date lines
    body.append(draw(prose(lang)))
    speech.blocks = top + front + body
    speech.breaks = [draw(BLANK_LINES) for _ in speech.blocks[1:]]
    speech.newline = draw(NEWLINES)
    speech.lead = draw(LEADS)
    speech.trail = draw(TRAILS)
    return speech


def check_paragraphs(expected: list[tuple[int, str]], built: Built) -> None:
    """``podium text`` gives back exactly the speech's paragraphs, whitespace collapsed.

    ``expected`` holds each paragraph with the block it is in.  The preface lines podium
    lifted (title, delivery notes, date) come first, as ``speech_text`` documents; each
    must be a paragraph of the first :data:`LEAD` blocks, or consecutive ones (a title
    printed over several lines), and the paragraphs after them are all the others, in
    order.
    """
    out = [" ".join(p.split()) for p in built.paragraphs]
    rest = list(expected)
    for para in out[: built.head]:
        found = lifted(rest, para)
        assert found, f"the preface line {para!r} is not in the first blocks {rest[:LEAD]}"
        for r in found:
            rest.remove(r)
    assert out[built.head :] == [para for _, para in rest]


def lifted(rest: list[tuple[int, str]], para: str) -> list[tuple[int, str]]:
    """The paragraphs of the first LEAD blocks that ``para`` is: one, or a run of
    consecutive ones joined."""
    first = [r for r in rest if r[0] < LEAD]
    for i in range(len(first)):
        for j in range(i + 1, len(first) + 1):
            if " ".join(text for _, text in first[i:j]) == para:
                return first[i:j]
    return []


@examples(800)
@given(speech=speeches(), codec=st.sampled_from(EXACT_CODECS))
def test_a_speech_gives_a_valid_master_and_its_paragraphs_back(
    folder: Path, speech: Speech, codec: str
) -> None:
    text = speech.text()
    note(f"text: {text!r}")
    built = build(folder, text.encode(codec))  # a speech is never refused
    check_paragraphs(speech.paragraphs(), built)
    check_words(as_read(text, codec), built)
    fixed_point(folder, built)


@examples(500)
@given(speech=speeches(wild=True), codec=st.sampled_from(EXACT_CODECS))
def test_a_speech_of_any_words_keeps_its_words(folder: Path, speech: Speech, codec: str) -> None:
    source = as_read(speech.text(), codec)
    built = attempt(folder, speech.text().encode(codec))
    if isinstance(built, PodiumError):
        check_reading_error(source, built)
    else:
        check_words(source, built)
        fixed_point(folder, built)


#: Legacy encodings podium guesses among (readers/encoding.py), and Latin-1 (read as cp1252).
LEGACY_CODECS = ("cp1252", "cp1251", "cp1256", "gb18030", "big5", "koi8_r", "cp1250", "latin_1")


@examples(250)
@given(speech=speeches(), codec=st.sampled_from(LEGACY_CODECS))
def test_a_speech_in_a_legacy_encoding_gives_a_master_with_a_warning(
    folder: Path, speech: Speech, codec: str
) -> None:
    """Which legacy encoding a text is in is a guess: a short text may be read wrong (the
    warning says so), so the words are not compared here."""
    data = speech.text().encode(codec, "replace")  # what the encoding lacks becomes "?"
    check_guess(folder, data, attempt(folder, data))


# --- 3. sidecars ----------------------------------------------------------------------

#: Speeches the sidecars describe: with a title, delivery note and date line, and without.
SIDECAR_SPEECHES = [
    "Remarks to the General Assembly [as delivered]\n\n19 April 2021\n\nMr. President,\n\n"
    "We meet to keep a promise.\n\nThank you.\n",
    "Water is a right, not a privilege.\n\nLet us keep our word.\n",
]

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
#: What no XML document may hold (C0 controls but tab and line breaks, U+FFFE, U+FFFF).
NOT_XML = "".join(map(chr, [*range(9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]))
#: Text a sidecar may hold in a text field: anything XML may hold, not only blanks.
TEXT = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters=NOT_XML), max_size=40
).filter(str.strip)
ID = st.text(string.ascii_lowercase + string.digits + "-._", min_size=1, max_size=12).filter(
    lambda s: s[0].isalnum()
)
VALID = {
    "date": st.dates(date(1, 1, 1), date(9999, 12, 31)).map(date.isoformat),
    "language": st.sampled_from(["en", "fr", "es", "ar", "ru", "zh", "en-GB", "zh-Hans", "pt-BR"]),
    "speaker_id": ID,
    "country": ID,
    "actor": ID,
    "type": st.sampled_from(["address", "message", "officialStatement"]),
    "symbol": st.sampled_from(["SG/SM/20697", "A/C.3/75/L.1/Rev.1", "S/2021/123*"])
    | st.text(st.characters(categories=["L", "Nd"]) | st.sampled_from("/.-_()*+,;: ")).filter(
        lambda s: any(c.isalnum() for c in s)
    ),
}
#: Values of the wrong type or form, for any field, and the code they call for.
WRONG = st.one_of(
    st.tuples(
        st.none() | st.booleans() | st.integers() | st.floats() | st.lists(st.text(), max_size=2),
        st.just("PODIUM-E503"),
    ),
    st.tuples(st.sampled_from(["", " ", "\t\n", "\u3000"]), st.just("PODIUM-E503")),
    st.tuples(
        st.tuples(
            TEXT,
            st.sampled_from([*"\x00\x01\x08\x0b\x0c\x1b\ufffe\uffff", "\ud800", "\udfff"]),
            TEXT,
        ).map("".join),
        st.just("PODIUM-E503"),
    ),
)
WRONG_FORM = {
    "date": st.tuples(
        choice(
            "2021-02-30|2021-13-01|0000-01-01|2021-04-31|19 April 2021|20210419|2021-W16-1|"
            "2021-4-19|2021-04-19T10:00|２０２１-０４-１９"
        ),
        st.just("PODIUM-E504"),
    ),
    "language": st.tuples(
        st.sampled_from(["klingon; rm -rf", "en-", "xx", "english", "e", "en_GB", "12"]),
        st.just("PODIUM-E503"),
    ),
    **{
        key: st.tuples(
            st.sampled_from(["../../etc", "..", ".", "UN", "un sg", "un/sg", "é"]),
            st.just("PODIUM-E503"),
        )
        for key in ("speaker_id", "country", "actor")
    },
    "symbol": st.tuples(
        st.sampled_from(["..", ".", "/", "#1", "A?B", "50%"]), st.just("PODIUM-E503")
    ),
    "type": st.tuples(
        st.sampled_from(["Address", "memo", "statement", "official statement"]),
        st.just("PODIUM-E503"),
    ),
}
TYPOS = ["titel", "Date", " date", "speaker-id", "lang", "output", "", "title "]


DEFECTS = st.sampled_from([0, 0, 0, 1, 1, 2])


@st.composite
def near_valid(draw: st.DrawFn) -> tuple[dict[str, object], set[str]]:
    """A sidecar object: known fields with valid values, none, one or two of them wrong,
    maybe an unknown key; returned with the codes its defects call for (empty: none)."""
    keys = draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=len(FIELDS)))
    wrong = set(draw(st.permutations(keys))[: draw(DEFECTS)])
    meta: dict[str, object] = {}
    codes: set[str] = set()
    for key in keys:
        if key not in wrong:
            value, code = draw(VALID.get(key, TEXT)), None
        elif key in WRONG_FORM and draw(st.booleans()):
            value, code = draw(WRONG_FORM[key])
        else:
            value, code = draw(WRONG)
        if isinstance(value, str) and code != "PODIUM-E503" and draw(SOMETIMES):
            value = f" {value}\n"  # outer blanks are not part of a value
        meta[key] = value
        if code:
            codes.add(code)
    given = {k: str(v).strip() for k, v in meta.items() if k not in wrong}
    if "speaker_id" in given and given["speaker_id"] in (given.get("actor"), given.get("country")):
        codes.add("PODIUM-E503")  # a person's id that also names the author organization
    if draw(SOMETIMES):
        meta[draw(st.sampled_from(TYPOS))] = draw(TEXT)
        codes.add("PODIUM-E502")
    return meta, codes


def check_sidecar_values(doc: SpeechDocument, meta: dict[str, object]) -> None:
    """The master carries what the sidecar gave, outer blanks dropped: each field (but
    speaker_id) is recorded as given with its value, the FRBR work IRI is made of the
    given country, actor, date and symbol, and the speaker, role, addressee and event
    are the references the speech and its lifecycle point at."""
    given = {k: str(v).strip() for k, v in meta.items()}
    origins = {
        f.get("name"): (f.get("origin"), f.get("value")) for f in doc.findall("//a:proprietary/*")
    }
    for key, value in given.items():
        if key != "speaker_id":
            assert origins[key] == ("given", value), key
    work = (doc.work_iri or "").split("/")
    assert work[:2] == ["", "akn"] and work[3:5] == ["doc", "communication"] and len(work) == 8
    number = given.get("symbol", "").replace("/", "-").replace(" ", "_")  # AKN4UN 6.1
    for key, part in (("country", 2), ("actor", 5), ("date", 6), ("symbol", 7)):
        if key in given:
            assert work[part] == (number if key == "symbol" else given[key]), key
    if "date" in given:
        assert doc.date == given["date"]
    if "symbol" in given:
        assert doc.value("//a:FRBRWork/a:FRBRnumber/@showAs") == given["symbol"]
    if "language" in given:
        assert doc.lang == given["language"]
    if "title" in given:
        assert doc.value("//a:FRBRWork/a:FRBRalias[@name='title']/@value") == given["title"]
    if "speaker_id" in given and "speaker" in given:
        assert doc.speech.get("by") == f"#{given['speaker_id']}"
    for key, ref, kind in (
        ("speaker", doc.speech.get("by"), "TLCPerson"),
        ("role", doc.speech.get("as"), "TLCRole"),
        ("addressee", doc.speech.get("to"), "TLCOrganization"),
        ("event", doc.value("//a:lifecycle/a:eventRef/@refersTo"), "TLCEvent"),
    ):
        if key in given:
            assert ref, f"no reference for the given {key}"
            found = doc.find(f"a:doc/a:meta/a:references/*[@eId='{ref[1:]}']")
            assert found is not None, f"{ref} names no reference"
            assert local(found) == kind, f"{ref} names a {local(found)}"
            assert found.get("showAs") == given[key], key


@pytest.fixture(scope="module")
def plain(folder: Path) -> dict[str, str]:
    """``podium text`` of each speech of :data:`SIDECAR_SPEECHES`, built without a sidecar."""
    return {speech: build(folder, speech.encode("utf-8")).text for speech in SIDECAR_SPEECHES}


def sidecar_outcome(
    folder: Path, plain: dict[str, str], speech: str, meta: bytes
) -> Built | PodiumError:
    """Build a speech with a sidecar: a sidecar error, or a valid master whose text is the
    speech's as printed (a sidecar corrects metadata and adds editorial preface lines,
    which ``podium text`` leaves out; it never changes the speech's words)."""
    built = attempt(folder, speech.encode("utf-8"), meta)
    if isinstance(built, PodiumError):
        assert built.code in ("PODIUM-E501", "PODIUM-E502", "PODIUM-E503", "PODIUM-E504")
    else:
        assert built.text == plain[speech]
    return built


@examples(500)
@given(
    speech=st.sampled_from(SIDECAR_SPEECHES),
    meta=st.one_of(
        JSON.map(lambda v: json.dumps(v).encode("utf-8")),
        st.dictionaries(st.sampled_from([*FIELDS, *TYPOS]), JSON, max_size=5).map(
            lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8")
        ),
        st.binary(max_size=200),
        st.sampled_from([1, 50, 5_000, 100_000]).map(
            lambda n: b'{"title": ' + b"[" * n + b"]" * n + b"}"
        ),
    ),
)
def test_any_sidecar_gives_a_valid_master_or_a_sidecar_error(
    folder: Path, plain: dict[str, str], speech: str, meta: bytes
) -> None:
    built = sidecar_outcome(folder, plain, speech, meta)
    if not isinstance(built, PodiumError):
        check_sidecar_values(built.doc, json.loads(meta.decode("utf-8-sig")))


@examples(800)
@given(
    speech=st.sampled_from(SIDECAR_SPEECHES),
    sidecar=near_valid(),
    encode=st.sampled_from(["ascii", "utf-8", "utf-8-sig"]),
)
def test_a_near_valid_sidecar_gives_its_values_or_the_code_of_its_defect(
    folder: Path,
    plain: dict[str, str],
    speech: str,
    sidecar: tuple[dict[str, object], set[str]],
    encode: str,
) -> None:
    meta, codes = sidecar
    text = json.dumps(meta, ensure_ascii=encode == "ascii")
    data = text.encode("utf-8" if encode == "ascii" else encode, "surrogatepass")
    if re.search("[\ud800-\udfff]", text):  # written raw, a lone surrogate is not UTF-8
        codes = {"PODIUM-E501"}
    built = sidecar_outcome(folder, plain, speech, data)
    if isinstance(built, PodiumError):
        assert built.code in codes
    else:
        assert not codes, f"a sidecar with defects {codes} was taken"
        check_sidecar_values(built.doc, meta)


# --- bugs the properties found ---------------------------------------------------------
# In code outside this test's remit (readers, preface and speaker steps, references), all
# fixed since; each stays as a plain test.  A bug found and not yet fixed gets a test that
# states what should hold, marked as a strict xfail (a fix turns it into an error), and a
# carve-out in the property that names the test; the fix removes both.


def test_a_note_before_the_title_keeps_its_place(folder: Path) -> None:
    source = "[As delivered]\n\nRemarks to the General Assembly\n\n19 April 2021\n\nWe meet.\n"
    built = build(folder, source.encode("utf-8"))
    check_words(source, built)
    assert built.text == source  # the note was once printed after the title
    again = build(folder, built.text.encode("utf-8"))
    assert again.text == built.text  # ... where the next build took it for body text


def test_a_speaker_turn_in_capitals_after_a_note_is_no_title(folder: Path) -> None:
    # the source's turn spans two lines; `podium text` joins them, and the one line,
    # all capitals once the Arabic is "?" in cp1252, was once read as a heading: a title
    source = "[as delivered]\n\nTHE SECRETARY-GENERAL: ??????\n??????\n\n??????\n"
    built = build(folder, source.encode("cp1252"))
    again = build(folder, built.text.encode("utf-8"))
    assert again.text == built.text


def test_a_list_before_a_date_line_is_not_a_title(folder: Path) -> None:
    source = "- Water for all\n- Peace for all\n\n19 April 2021\n\nWe meet to keep a promise.\n"
    built = build(folder, source.encode("utf-8"))
    check_words(source, built)  # the list was once the title: "-Water for all-Peace for all"


def test_a_one_paragraph_dated_speech(folder: Path) -> None:
    source = "We meet to keep a promise.\n\n19 April 2021\n"
    built = build(folder, source.encode("utf-8"))  # it was once PODIUM-E104
    check_words(source, built)


SAME_ID = [  # two references of different kinds whose ids are one and the same
    ({"place": "Sharm el-Sheikh", "event": "Sharm el-Sheikh"}, "eventRef/@refersTo", "TLCEvent"),
    ({"place": "Nairobi", "speaker": "Nairobi"}, "speech/@by", "TLCPerson"),
]


@pytest.mark.parametrize(("meta", "ref", "kind"), SAME_ID, ids=["event", "speaker"])
def test_tlc_ids_of_two_kinds_do_not_collide(
    folder: Path, meta: dict[str, str], ref: str, kind: str
) -> None:
    built = build(folder, SIDECAR_SPEECHES[1].encode("utf-8"), json.dumps(meta).encode())
    eid = (built.doc.value(f"//a:{ref}") or "#")[1:]
    assert built.doc.find(f"a:doc/a:meta/a:references/a:{kind}[@eId='{eid}']") is not None
