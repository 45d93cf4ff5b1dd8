"""Akoma Ntoso XML (``.xml``): another tool's AKN, or podium's own master, back to raw blocks.

The input is parsed only with :func:`podium.convert.model.akn.parse_bytes` (no DTD, no
entities, no network; a DOCTYPE is refused) and XInclude is never processed:
an ``xi:include``, an ``xml-stylesheet`` instruction or an ``img``/``src`` outside
the document is refused (PODIUM-E113, :mod:`.safety`).  Then, in order:

1. the root must be ``akomaNtoso`` in the AKN 3.0 namespace, or in one of the draft
   namespaces of :data:`~podium.convert.model.akn.OLD_NAMESPACES`, which are upgraded (the
   tree is rebuilt in the 3.0 namespace, with a warning); anything else is PODIUM-E108;
2. stage directions that bluebell writes inside a speech (``scene``, ``narrative``,
   ``summary``, which AKN 3.0 allows only between speeches) become
   ``block name="scene"`` (and kin), with a warning; nothing else is repaired;
3. the document must be valid against the official AKN 3.0 schema, else PODIUM-E109
   naming the first error and its line;
4. the body is mapped, in reading order, onto the raw form of
   :mod:`podium.convert.readers` (the normaliser then treats it like any input).

Mapping decisions (text is kept exactly as parsed; only tags change):

- preface: the ``docTitle`` (else the ``longTitle`` text) becomes ``heading level="1"``,
  with a ``docStatus`` of the same paragraph appended after a space; the other preface
  blocks follow in their order, each with its whole text (the ``p`` holding ``docDate``
  keeps its place: ``New York, 3 March 2031``).  The normaliser re-detects title,
  status, place and date from these.
- ``p`` and other mixed-content blocks (``block``, ``from``, ``scene``, ``li`` text...)
  become ``p``: ``i b u sup sub`` are kept, other inline elements give their text,
  ``eol``/``br`` a space, footnotes (``authorialNote``) are left out with a warning.
- hierarchical containers (``section``, ``chapter``, ``hcontainer``, ``tblock``,
  ``debateSection``, ``address``...) give ``heading level="N"`` (``num`` and heading
  joined by a space: ``1. Introduction``), then their content; N counts the enclosing
  containers that have a heading.  A ``num`` without heading prefixes the first
  paragraph.  A ``subheading`` becomes a ``p`` after the heading, not a new level.
- ``blockList``/``item`` stay (``num`` kept; ``listIntroduction``/``listWrapUp`` become
  ``p`` around the list); ``ul``/``ol``/``li`` become ``blockList``/``item``/``p``.
- a ``blockContainer`` (or bluebell's ``block name="quote"``) whose class or name says
  quotation becomes ``blockContainer class="quotation"`` holding only ``p``; any other
  container is flattened.
- each ``speech``/``question``/``answer`` keeps its ``from`` (the speaker as written)
  as its first ``p``, so that no words of the record are lost; a ``from`` that reads
  as a label (ends with ``.`` or ``:``, as podium's own ``The President.``) is joined to
  the first paragraph with one space instead, so that the normaliser's speaker-labels
  step splits it off again.  The speeches run together into the one raw speech.
- only the body is read: ``preamble``, ``conclusions``, ``attachments`` and the like
  are left out, with a warning naming them.

Nothing of the input's ``meta`` is read.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import Code, EmptyInputError, WarningCode, WarningRecord, XMLInputError
from ..model.akn import NS, OLD_NAMESPACES, E, local, parse_bytes, q, text_of
from ..model.document import SpeechDocument
from ..model.validate import schema
from . import safety

E_NOT_AKN = Code.E108
E_INVALID = Code.E109

XINCLUDE = frozenset({"http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude"})
#: Children of ``akomaNtoso`` that are documents, and those that hold several.
DOC_TYPES = frozenset(
    {
        "act",
        "bill",
        "debate",
        "debateReport",
        "doc",
        "statement",
        "judgment",
        "portion",
        "amendment",
    }
)
COLLECTIONS = frozenset({"amendmentList", "documentCollection", "officialGazette"})
#: The body of each document type; the first one present is read.
BODIES = ("mainBody", "debateBody", "body", "judgmentBody", "amendmentBody", "portionBody")
#: Parts of a document beside the body that a speech does not need.
LEFT_OUT = frozenset(
    {"coverPage", "preamble", "conclusions", "attachments", "components", "collectionBody"}
)
#: Inline elements the raw form keeps; every other inline element gives its text.
KEEP_INLINE = frozenset({"i", "b", "u", "sup", "sub"})
#: Inline markers that separate words.
BREAKS = frozenset({"eol", "eop", "br"})
#: Notes: their text belongs elsewhere, not in the sentence that points at them.
NOTES = frozenset({"authorialNote", "note"})
#: Never speech text, wherever they appear.
SKIP = frozenset({"meta", "toc", "img", "componentRef", "documentRef", "noteRef", "foreign"})
#: Inline elements that hold whole blocks: a new paragraph starts at each of their blocks.
INLINE_STRUCTURES = frozenset({"embeddedStructure", "quotedStructure", "subFlow"})
#: Block-level elements holding mixed content: each becomes one paragraph.
MIXED_BLOCKS = frozenset(
    {
        "p",
        "block",
        "from",
        "scene",
        "narrative",
        "summary",
        "formula",
        "listIntroduction",
        "listWrapUp",
        "caption",
    }
)
#: Elements of type speechType: only block elements inside (bluebell puts stage directions there).
SPEECH_TYPES = frozenset({"speech", "question", "answer"})
STAGE = frozenset({"scene", "narrative", "summary"})


def _is_akn(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and etree.QName(el).namespace == NS


def _is_quote(el: etree._Element) -> bool:
    """A quotation by its class or name: ``quotation``, ``quote``, ``blockquote``..."""
    return "quot" in f"{el.get('class', '')} {el.get('name', '')}".lower()


# --- namespace, outside references, repair, schema ----------------------------------------
def check_outside(tree: etree._ElementTree, path: Path) -> None:
    """PODIUM-E113 for what would make another XML tool load something: ``xi:include``,
    an ``xml-stylesheet`` instruction, an ``img`` (or any ``src``) outside the document."""
    root = tree.getroot()
    for el in [*root.itersiblings(preceding=True), *root.iter()]:
        if isinstance(el, etree._ProcessingInstruction) and el.target == "xml-stylesheet":
            raise safety.refuse("an xml-stylesheet processing instruction", path)
        if not isinstance(el.tag, str):
            continue
        if etree.QName(el).namespace in XINCLUDE:
            raise safety.refuse(f"an XInclude <{etree.QName(el).localname}>", path)
        src = el.get("src")
        if src is not None and not src.startswith(("/akn/", "data:", "#")):
            raise safety.refuse(f'<{local(el)} src="{src[:60]}">', path)


# --- namespace, repair, schema ----------------------------------------------------------
def check_root(tree: etree._ElementTree, path: Path) -> str:
    """The root's namespace, once it is known to be an ``akomaNtoso`` podium can read."""
    qname = etree.QName(tree.getroot())
    ns = qname.namespace or ""
    if qname.localname != "akomaNtoso" or (ns != NS and ns not in OLD_NAMESPACES):
        found = f"<{qname.localname}> in " + (f"namespace {ns}" if ns else "no namespace")
        raise XMLInputError(
            f"not an Akoma Ntoso 3.0 document: the root is {found}",
            path=path,
            fix=f'give an AKN 3.0 document whose root is <akomaNtoso xmlns="{NS}">, '
            "or the speech as .txt or .docx",
            code=E_NOT_AKN,
        )
    return ns


def upgrade(tree: etree._ElementTree, old: str) -> etree._ElementTree:
    """A copy of ``tree`` with every element of namespace ``old`` moved to AKN 3.0.

    The copy is rebuilt element by element, so the draft namespace is declared
    nowhere in it; other namespaces keep their prefixes; source lines are kept
    so that schema errors still point at the input's lines.
    """

    def ns_of(uri: str | None) -> str | None:
        return NS if uri == old else uri

    def tag_of(el: etree._Element) -> str:
        qn = etree.QName(el)
        uri = ns_of(qn.namespace)
        return f"{{{uri}}}{qn.localname}" if uri else qn.localname

    def attrs_of(el: etree._Element) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, value in el.attrib.items():
            qn = etree.QName(name)
            uri = ns_of(qn.namespace)
            out[f"{{{uri}}}{qn.localname}" if uri else qn.localname] = value
        return out

    def nsmap_of(el: etree._Element, parent: etree._Element | None) -> dict[str | None, str]:
        inherited = parent.nsmap if parent is not None else {}
        mapped = {p: ns_of(u) or u for p, u in el.nsmap.items()}
        return {p: u for p, u in mapped.items() if inherited.get(p) != u}

    def copy(el: etree._Element, parent: etree._Element | None) -> etree._Element:
        if parent is None:
            new = etree.Element(tag_of(el), attrs_of(el), nsmap=nsmap_of(el, None))
        else:
            new = etree.SubElement(parent, tag_of(el), attrs_of(el), nsmap=nsmap_of(el, parent))
        new.text = el.text
        new.sourceline = el.sourceline  # type: ignore[misc]  # writable in lxml; stubs disagree
        for child in el:
            if isinstance(child.tag, str):
                made = copy(child, new)
            elif isinstance(child, etree._Comment):
                made = etree.Comment(child.text)
                new.append(made)
            elif isinstance(child, etree._ProcessingInstruction):
                made = etree.ProcessingInstruction(child.target, child.text)
                new.append(made)
            else:
                continue
            made.tail = child.tail
        return new

    root = copy(tree.getroot(), None)
    etree.cleanup_namespaces(root)
    return root.getroottree()


def repair_stage_blocks(tree: etree._ElementTree) -> int:
    """Turn ``scene``/``narrative``/``summary`` inside a speech into ``block``; how many.

    bluebell 3.1 writes its ``SCENE``/``NARRATIVE``/``SUMMARY`` lines inside a
    ``speech``, where the AKN 3.0 schema allows only block elements (it allows these
    three between speeches, in a debate section, and nowhere inline).  ``<scene>x</scene>``
    becomes ``<block name="scene">x</block>``: same words, same inline content, a
    name that says what it was.
    """
    found = [
        el
        for el in tree.getroot().iter(*(q(n) for n in STAGE))
        if (parent := el.getparent()) is not None and local(parent) in SPEECH_TYPES
    ]
    for el in found:
        name = local(el)
        el.tag = q("block")
        el.set("name", name)
    return len(found)


def check_schema(tree: etree._ElementTree, path: Path) -> None:
    """Raise PODIUM-E109 naming the first schema error, if the tree is not valid AKN 3.0."""
    xsd = schema()
    if xsd.validate(tree):
        return
    errors = list(xsd.error_log)
    first = errors[0]
    message = first.message.replace(f"{{{NS}}}", "")  # AKN names bare; others keep their URI
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    raise XMLInputError(
        f"not valid against the official AKN 3.0 schema: line {first.line}: {message}{more}",
        path=path,
        fix="correct the element the schema names (podium ships the schema as "
        "podium/schemas/akn/akomantoso30.xsd), or give the speech as .txt",
        code=E_INVALID,
    )


# --- body to raw blocks -----------------------------------------------------------------
class _Mapper:
    """Walks an AKN document, appending raw blocks; remembers what it left out."""

    def __init__(self) -> None:
        self.notes = 0
        #: the ``num`` of a container without heading, waiting for its first paragraph
        self.pending_num: str | None = None

    # inline content ------------------------------------------------------------------
    def inline(self, target: etree._Element, source: etree._Element) -> None:
        """Append ``source``'s text and inline children to ``target``, tags stripped
        except :data:`KEEP_INLINE`."""
        _add_text(target, source.text)
        for child in source:
            self.inline_child(target, child)
            _add_text(target, child.tail)

    def inline_child(self, target: etree._Element, child: etree._Element) -> None:
        if not isinstance(child.tag, str):  # comment, processing instruction
            return
        qn = etree.QName(child)
        if qn.namespace in XINCLUDE:
            return  # never processed, never read
        name = qn.localname
        if qn.namespace == NS and name in NOTES:
            self.notes += 1
        elif qn.namespace == NS and name in BREAKS:
            _add_text(target, " ")
        elif qn.namespace == NS and name in KEEP_INLINE:
            kept = E(name)
            target.append(kept)
            self.inline(kept, child)
        else:
            self.inline(target, child)

    def paragraph(self, out: etree._Element, source: etree._Element) -> None:
        """Mixed content to ``p`` elements: one, or more where blocks sit inside it."""
        p = E("p")
        _add_text(p, source.text)
        for child in source:
            if _is_akn(child) and local(child) in INLINE_STRUCTURES:
                self.emit(out, p)
                self.blocks(child, out, 0, flat=True)
                p = E("p")
            else:
                self.inline_child(p, child)
            _add_text(p, child.tail)
        self.emit(out, p)

    # blocks ----------------------------------------------------------------------------
    def emit(self, out: etree._Element, el: etree._Element) -> None:
        """Append a finished block, dropping empty ones and placing a pending num."""
        if local(el) in ("p", "heading") and not text_of(el).strip():
            return
        if local(el) in ("blockList", "blockContainer", "item") and not len(el):
            return
        if self.pending_num is not None:
            num, self.pending_num = self.pending_num, None
            if local(el) == "p":
                el.text = f"{num} {el.text or ''}"
            else:
                out.append(E("p", num))
        out.append(el)

    def blocks(self, parent: etree._Element, out: etree._Element, level: int, flat: bool) -> None:
        """The block children of ``parent`` appended to ``out``, in reading order.

        ``level`` is the level of the next heading; ``flat`` allows only ``p``
        (inside a quotation) and lists (inside an item).
        """
        for el in parent:
            if _is_akn(el):
                self.block(el, out, level, flat)

    def block(self, el: etree._Element, out: etree._Element, level: int, flat: bool) -> None:
        name = local(el)
        if name in SKIP:
            return
        if name in NOTES:
            self.notes += 1
        elif name in ("num", "subheading"):
            self.paragraph(out, el)
        elif name in ("heading", "crossHeading"):
            if flat:
                self.paragraph(out, el)
            else:
                heading = E("heading", level=str(max(level, 1)))
                self.inline(heading, el)
                self.emit(out, heading)
        elif name in ("blockList", "ul", "ol"):
            self.listing(el, out, flat)
        elif name == "li":  # an li outside a list: keep its words
            self.mixed(el, out, flat)
        elif (name == "blockContainer" or name == "block" or name in INLINE_STRUCTURES) and (
            _is_quote(el) or (name in INLINE_STRUCTURES and not flat)
        ):
            self.quotation(el, out, flat)
        elif name in MIXED_BLOCKS or (el.text or "").strip():
            self.mixed(el, out, flat)
        else:
            self.container(el, out, level, flat)

    def mixed(self, el: etree._Element, out: etree._Element, flat: bool) -> None:
        """Mixed content that may also hold blocks (``li``, ``block``): text runs become
        paragraphs, blocks are mapped in place."""
        if not any(_is_akn(c) and _is_block(c) for c in el):
            self.paragraph(out, el)
            return
        p = E("p")
        _add_text(p, el.text)
        for child in el:
            if _is_akn(child) and _is_block(child):
                self.emit(out, p)
                self.block(child, out, 1, flat)
                p = E("p")
            else:
                self.inline_child(p, child)
            _add_text(p, child.tail)
        self.emit(out, p)

    def container(self, el: etree._Element, out: etree._Element, level: int, flat: bool) -> None:
        """A hierarchical or grouping element: its heading (with num), then its content."""
        num = el.find(q("num"))
        heading = el.find(q("heading"))
        inner = level
        if heading is not None:  # "1. Introduction"; a plain paragraph where no heading may go
            h = E("p") if flat else E("heading", level=str(max(level, 1)))
            if num is not None:
                self.inline(h, num)
                _add_text(h, " ")
            self.inline(h, heading)
            self.emit(out, h)
            inner = level if flat else max(level, 1) + 1
        elif num is not None and text_of(num).strip():
            outer = f"{self.pending_num} " if self.pending_num is not None else ""
            self.pending_num = outer + text_of(num)
        children = [c for c in el if c is not num and c is not heading and _is_akn(c)]
        if local(el) in SPEECH_TYPES and children and local(children[0]) == "from":
            children = self.speaker(children, out)
        for child in children:
            self.block(child, out, inner, flat)
        if self.pending_num is not None and num is not None and heading is None:
            num_text, self.pending_num = self.pending_num, None
            out.append(E("p", num_text))

    def speaker(self, children: list[etree._Element], out: etree._Element) -> list[etree._Element]:
        """A speech's ``from`` as its first paragraph; the children still to map.

        A ``from`` that reads as a label (``The President.``, ``MR. SMITH:``) is
        joined to the speech's first paragraph with one space, as the speech was
        written and as podium's ``speaker-labels`` step splits it again; any other
        ``from`` (``The Chair of the Council``) is a paragraph of its own.
        """
        label, rest = children[0], children[1:]
        if (
            text_of(label).rstrip().endswith((".", ":", "\uff1a"))
            and rest
            and local(rest[0]) == "p"
        ):
            p = E("p")
            self.inline(p, label)
            _add_text(p, " ")
            self.inline(p, rest[0])
            self.emit(out, p)
            return rest[1:]
        self.paragraph(out, label)
        return rest

    def listing(self, el: etree._Element, out: etree._Element, flat: bool) -> None:
        """``blockList`` or ``ul``/``ol`` to a raw ``blockList`` of ``item``s."""
        items = E("blockList")
        after: list[etree._Element] = []
        for child in el:
            if not _is_akn(child):
                continue
            name = local(child)
            if name == "listIntroduction":
                self.paragraph(out, child)
            elif name == "listWrapUp":
                after.append(child)
            elif name in ("item", "li"):
                self.item(child, items)
            else:
                self.block(child, out, 1, flat)
        if flat and out.tag == q("blockContainer"):  # a quotation holds paragraphs only
            for item in list(items):
                num = item.find(q("num"))
                self.pending_num = text_of(num) if num is not None else None
                for block in list(item.iter(q("p"))):
                    self.emit(out, block)
        else:
            self.emit(out, items)
        for child in after:
            self.paragraph(out, child)

    def item(self, el: etree._Element, items: etree._Element) -> None:
        item = E("item")
        num = el.find(q("num")) if local(el) == "item" else None
        if num is not None:
            kept = E("num")
            self.inline(kept, num)
            item.append(kept)
        if local(el) == "li":
            self.mixed(el, item, flat=True)
        else:
            for child in el:
                if child is not num and _is_akn(child):
                    self.block(child, item, 1, flat=True)
        if any(local(c) != "num" for c in item):
            self.emit(items, item)

    def quotation(self, el: etree._Element, out: etree._Element, flat: bool) -> None:
        """A quotation: ``blockContainer class="quotation"`` of paragraphs."""
        if flat:  # no quotation inside a quotation or an item: its paragraphs only
            self.blocks(el, out, 1, flat=True)
            return
        box = E("blockContainer", **{"class": "quotation"})
        if local(el) == "block" and (el.text or "").strip():
            self.mixed(el, box, flat=True)
        else:
            self.blocks(el, box, 1, flat=True)
        self.emit(out, box)


def _is_block(el: etree._Element) -> bool:
    """An element that starts a new block inside mixed content (``li``, ``block``)."""
    name = local(el)
    return name in INLINE_STRUCTURES or name in ("p", "blockList", "ul", "ol", "blockContainer")


def _add_text(el: etree._Element, text: str | None) -> None:
    """Append text at the end of ``el`` (its text, or its last child's tail)."""
    if not text:
        return
    if len(el):
        last = el[-1]
        last.tail = (last.tail or "") + text
    else:
        el.text = (el.text or "") + text


# --- the reader -------------------------------------------------------------------------
def _document(root: etree._Element, path: Path) -> etree._Element:
    for child in root:
        if not _is_akn(child):
            continue
        if local(child) in DOC_TYPES:
            return child
        if local(child) in COLLECTIONS:
            raise XMLInputError(
                f"a <{local(child)}> holds several documents; podium reads one speech",
                path=path,
                fix="give the speech's own document (its doc, statement or debate) alone",
                code=E_NOT_AKN,
            )
    raise XMLInputError(
        "the akomaNtoso element holds no document (doc, statement, debate...)",
        path=path,
        fix="give a complete AKN 3.0 document",
        code=E_NOT_AKN,
    )


def _preface(mapper: _Mapper, document: etree._Element, out: etree._Element) -> None:
    """The title as ``heading level="1"``, then the other preface blocks in their order.

    The title is the ``docTitle`` (else the ``longTitle``'s paragraphs); a ``docStatus``
    beside it in the same paragraph follows it after one space.  Every other block keeps
    its whole text, so a ``p`` holding ``location`` and ``docDate`` gives the date line
    ``New York, 3 March 2031`` (podium's masters put status notes, then the date line,
    right after the title).  A ``docDate`` inside the title's own block becomes a
    paragraph right after the heading.
    """
    preface = document.find(q("preface"))
    if preface is None:
        return
    title = preface.find(f".//{q('docTitle')}")
    long_title = preface.find(f".//{q('longTitle')}")
    heading = E("heading", level="1")
    holder: etree._Element | None = None
    status: etree._Element | None = None
    if title is not None:
        mapper.inline(heading, title)
        holder = _block_of(title, preface)
        parent = title.getparent()
        status = parent.find(q("docStatus")) if parent is not None else None
    elif long_title is not None:  # its paragraphs' words, not the indentation around them
        for i, p in enumerate(long_title.iter(q("p"))):
            _add_text(heading, " " if i else None)
            mapper.inline(heading, p)
        holder = _block_of(long_title, preface)
    title_text = " ".join(text_of(heading).split())
    if status is not None and title_text:
        _add_text(heading, " ")
        mapper.inline(heading, status)
    mapper.emit(out, heading)
    date = holder.find(f".//{q('docDate')}") if holder is not None else None
    if date is not None:
        mapper.emit(out, E("p", text_of(date)))
    for child in preface:
        if _is_akn(child) and child is not holder:
            mapper.block(child, out, 1, flat=False)


def _block_of(el: etree._Element, preface: etree._Element) -> etree._Element:
    """The child of ``preface`` that holds ``el``."""
    while (parent := el.getparent()) is not None and parent is not preface:
        el = parent
    return el


def read(data: bytes, path: Path) -> SpeechDocument:
    """Read an Akoma Ntoso 3.0 document (or a draft-namespace one) into a raw document."""
    if not data.strip():
        raise EmptyInputError(
            "the file is empty or holds only whitespace",
            path=path,
            fix="check you gave the right file",
        )
    tree = parse_bytes(data, path)
    doc = SpeechDocument.empty(source=path)
    ns = check_root(tree, path)
    check_outside(tree, path)
    if ns != NS:
        tree = upgrade(tree, ns)
        doc.warnings.append(WarningRecord(WarningCode.W110, {"old": ns, "new": NS}))
    repaired = repair_stage_blocks(tree)
    if repaired:
        doc.warnings.append(WarningRecord(WarningCode.W111, {"count": repaired}))
    check_schema(tree, path)
    document = _document(tree.getroot(), path)
    mapper = _Mapper()
    speech = doc.speech
    _preface(mapper, document, speech)
    body = next((b for n in BODIES if (b := document.find(q(n))) is not None), None)
    if body is not None:
        mapper.blocks(body, speech, 1, flat=False)
    left_out = sorted(
        {local(c) for c in document if _is_akn(c) and local(c) in LEFT_OUT and text_of(c).strip()}
    )
    if left_out:
        doc.warnings.append(WarningRecord(WarningCode.W112, {"parts": ", ".join(left_out)}))
    if mapper.notes:
        doc.warnings.append(WarningRecord(WarningCode.W113, {"count": mapper.notes}))
    return doc
