"""SpeechDocument: the one intermediate form, a thin wrapper around an AKN tree.

Every reader returns one, every normalisation step takes and returns one, every
writer reads one.  The lxml tree is the truth; the properties below are
read-only views of it so that callers need not write XPath.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import WarningRecord
from .akn import NS, XML_NS, XPNS, E, local, q, text_of

#: Schema order of ``meta``'s children (akn-profile.md decision 11).
META_ORDER = (
    "identification",
    "publication",
    "classification",
    "lifecycle",
    "workflow",
    "analysis",
    "temporalData",
    "references",
    "notes",
    "proprietary",
    "presentation",
)
#: eId of podium's own TLCOrganization, the ``source`` of metadata podium generates.
PODIUM = "podium"
#: Anchored XPaths of the master's parts (never ``//``: a whole-document scan per call).
ROOT = "/a:akomaNtoso/a:doc"
META = f"{ROOT}/a:meta"
IDENT = f"{META}/a:identification"
PREFACE = f"{ROOT}/a:preface"
BODY = f"{ROOT}/a:mainBody"
#: Body elements that hold other blocks; their children are walked by ``blocks()``.
NESTING = frozenset({"blockList", "item", "blockContainer", "tblock"})


@dataclass(frozen=True)
class Block:
    """One block of the speech body as plain data: what the context and `podium text` use.

    ``kind`` is the element's name (``p``, ``heading``, ``from``, ``num``) or, for a
    ``block``, its ``@name`` (``salutation``); ``depth`` counts the containers
    (tblock, blockList, item, blockContainer) around it; ``container`` names the
    nearest one (``item``, ``quotation``, ``tblock``...), empty at top level.
    """

    kind: str
    eid: str
    text: str
    depth: int = 0
    container: str = ""


class SpeechDocument:
    """An Akoma Ntoso ``doc`` holding one speech.

    ``source`` is the path of the input it was read from (``None`` when built in
    memory); ``warnings`` collects what readers and steps noticed but tolerated.
    """

    def __init__(self, tree: etree._ElementTree, source: Path | None = None) -> None:
        self.tree = tree
        self.source = source
        self.warnings: list[WarningRecord] = []
        #: where each metadata field came from: field -> (origin, value), origin being
        #: "given" (sidecar or command line), "inferred" (from the text) or "fallback"
        self.origins: dict[str, tuple[str, str]] = {}
        #: ``meta/references`` and its references by eId: add_reference's index
        self._refs_index: tuple[etree._Element, dict[str | None, etree._Element]] | None = None
        #: ``#id`` -> ``#id``: references a claim moved aside (see add_reference)
        self.moved: dict[str, str] = {}
        #: the speaker's name and office as the head of the text prints them (read-head)
        self.speaker_name: str | None = None
        self.speaker_office: str | None = None
        #: head lines dropped as page furniture or site chrome, (kind, text): recorded in
        #: ``meta/proprietary`` so that no word leaves the master without a trace
        self.dropped: list[tuple[str, str]] = []
        #: the printed lines of the leading paragraphs a reader joined from several lines
        #: (the text reader): the head of a speech is read line by line (read-head)
        self.lines: dict[etree._Element, list[str]] = {}

    # --- construction -------------------------------------------------------------
    @classmethod
    def empty(cls, source: Path | None = None, name: str = "address") -> SpeechDocument:
        """A skeleton with an empty meta, preface and speech, ready for readers to fill."""
        root = E(
            "akomaNtoso",
            E(
                "doc",
                E("meta"),
                E("preface"),
                E("mainBody", E("address", E("speech", by="#speaker"))),
                name=name,
                contains="originalVersion",
            ),
        )
        return cls(root.getroottree(), source)

    # --- navigation -----------------------------------------------------------------
    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()

    def find(self, path: str) -> etree._Element | None:
        """First element matching an XPath with the ``a:`` prefix bound to AKN."""
        found = self.root.xpath(path, namespaces=XPNS)
        return found[0] if found else None

    def findall(self, path: str) -> list[etree._Element]:
        return list(self.root.xpath(path, namespaces=XPNS))

    def value(self, path: str) -> str | None:
        """The string value of an XPath (attribute or text), ``None`` when absent or empty."""
        found = self.root.xpath(f"string({path})", namespaces=XPNS)
        return str(found) if found else None

    @property
    def doc(self) -> etree._Element:
        return self.root[0]

    @property
    def meta(self) -> etree._Element:
        return self._child(self.doc, "meta")

    @property
    def preface(self) -> etree._Element:
        return self._child(self.doc, "preface")

    @property
    def speech(self) -> etree._Element:
        """The first speech (the only one unless speaker labels split the address)."""
        address = self._child(self._child(self.doc, "mainBody"), "address")
        return self._child(address, "speech")

    @staticmethod
    def _child(parent: etree._Element, name: str) -> etree._Element:
        """A direct child by name (ElementPath: much cheaper than XPath on hot paths)."""
        el = parent.find(q(name))
        if el is None:
            raise LookupError(f"the master has no {name} in {local(parent)}")
        return el

    def one(self, path: str) -> etree._Element:
        """The element an XPath names; LookupError if the master lacks it."""
        el = self.find(path)
        if el is None:
            raise LookupError(f"the master has no {path}")
        return el

    # --- views ----------------------------------------------------------------------
    @property
    def title(self) -> str | None:
        el = self.find(f"{PREFACE}//a:docTitle")
        return " ".join(text_of(el).split()) if el is not None else None

    @property
    def status(self) -> str | None:
        return self._preface_text("docStatus")

    @property
    def date(self) -> str | None:
        """The delivery date as ``YYYY-MM-DD``, if known."""
        return self.value(f"{PREFACE}//a:docDate/@date")

    @property
    def date_text(self) -> str | None:
        return self._preface_text("docDate")

    def _preface_text(self, tag: str) -> str | None:
        """The stripped text of the preface's first ``tag``; ``None`` when there is none."""
        el = self.find(f"{PREFACE}//a:{tag}")
        return text_of(el).strip() if el is not None else None

    @property
    def language(self) -> str | None:
        """ISO 639-2 code of the expression (``eng``)."""
        return self.value(f"{IDENT}/a:FRBRExpression/a:FRBRlanguage/@language")

    @property
    def work_iri(self) -> str | None:
        return self.value(f"{IDENT}/a:FRBRWork/a:FRBRuri/@value")

    @property
    def expression_iri(self) -> str | None:
        return self.value(f"{IDENT}/a:FRBRExpression/a:FRBRuri/@value")

    @property
    def speeches(self) -> list[etree._Element]:
        """Every speech of the address, in order (interjections make more than one)."""
        return self.findall("a:doc/a:mainBody/a:address/a:speech")

    @property
    def lang(self) -> str | None:
        """BCP 47 language of the speech text (``xml:lang`` of ``mainBody``)."""
        return self.value("a:doc/a:mainBody/@xml:lang")

    def blocks(self) -> list[Block]:
        """The speech body, block by block in reading order, text kept exactly.

        Containers are walked, not returned: a list gives its items' ``num`` and
        ``p``, a titled block its ``heading`` then its content.
        """
        out: list[Block] = []
        for speech in self.speeches:
            self._walk(speech, 0, "", out)
        return out

    def _walk(self, parent: etree._Element, depth: int, container: str, out: list[Block]) -> None:
        for el in parent:
            if not isinstance(el.tag, str) or etree.QName(el).namespace != NS:
                continue
            name = local(el)
            if name in NESTING:
                label = el.get("class", name) if name == "blockContainer" else name
                self._walk(el, depth + 1, label, out)
                continue
            kind = el.get("name", "block") if name == "block" else name
            out.append(Block(kind, el.get("eId", ""), text_of(el), depth, container))

    def paragraphs(self) -> list[str]:
        """The body's block texts, in order (labels, numbers and headings included)."""
        return [b.text for b in self.blocks()]

    # --- metadata helpers used by the normaliser and the readers ----------------------
    def meta_part(self, part: str, **attrs: str) -> etree._Element:
        """The meta child ``part``, created at its schema position if missing."""
        meta = self.meta
        found = meta.find(q(part))
        if found is not None:
            return found
        el = E(part, **attrs)
        rank = META_ORDER.index(part)
        meta.insert(sum(1 for c in meta if local(c) in META_ORDER[:rank]), el)
        return el

    def add_reference(
        self, tag: str, eid: str, href: str, show_as: str, *, claim: bool = False
    ) -> str:
        """Add a TLC reference once; return ``#eid`` for use in attributes.

        A reference of a kind is added once per ``eid`` (the first one stays).  An ``eid``
        a reference of another kind already holds (an event and a place both named
        "Nairobi") gets the kind as a suffix, ``nairobi-event``: every ``#id`` names one
        thing.  With ``claim``, the new reference keeps ``eid`` and the other one moves
        to the suffixed id instead, with every ``#eid`` in the document that named it (for
        the ids the profile fixes: the FRBR author, which its IRI names, and podium; and
        a speaker id a sidecar gives); :attr:`moved` maps the old ``#eid`` to the new one,
        for references held but not yet written.
        """
        refs = self.meta_part("references", source=f"#{PODIUM}")
        if self._refs_index is None or self._refs_index[0] is not refs:
            # index the references element once; holding it keeps lxml's proxy (and `is`)
            index = {c.get("eId"): c for c in refs if isinstance(c.tag, str)}
            self._refs_index = (refs, index)
        known = self._refs_index[1]
        held = known.get(eid)
        if held is not None and local(held) != tag and claim:
            aside = self._free_id(eid, local(held), share=False)
            for el in self.root.iter():
                for name, value in el.attrib.items():
                    if value == f"#{eid}":
                        el.set(name, f"#{aside}")
            held.set("eId", aside)
            known[aside] = known.pop(eid)
            self.moved[f"#{eid}"] = f"#{aside}"
        elif held is not None:
            eid = eid if local(held) == tag else self._free_id(eid, tag)
        if eid not in known:
            known[eid] = E(tag, eId=eid, href=href, showAs=show_as)
            refs.append(known[eid])
        return f"#{eid}"

    def _free_id(self, eid: str, tag: str, *, share: bool = True) -> str:
        """``eid`` with ``tag``'s kind as a suffix (``nairobi-event``), numbered while
        another reference holds it; with ``share``, an existing reference of ``tag``
        by that id is taken as is."""
        assert self._refs_index is not None
        known, suffix = self._refs_index[1], tag.removeprefix("TLC").lower()
        n = 1
        while True:
            candidate = f"{eid}-{suffix}" if n == 1 else f"{eid}-{suffix}-{n}"
            held = known.get(candidate)
            if held is None or (share and local(held) == tag):
                return candidate
            n += 1

    def set_lang(self, lang: str) -> None:
        """Record the speech's BCP 47 language on preface and mainBody (the schema allows
        ``xml:lang`` on content elements, not on ``doc``)."""
        for part in (self.find("a:doc/a:preface"), self.find("a:doc/a:mainBody")):
            if part is not None:
                part.set(f"{{{XML_NS}}}lang", lang)

    # --- output ---------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The master as UTF-8 XML with a declaration, indented for people to read.

        Only structural containers are indented (see :func:`_indent`); text-bearing
        elements such as ``p`` are never touched, so the speech stays exactly as read.
        """
        _indent(self.root, 0)  # whitespace between container children only: idempotent
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8") + b"\n"

    def copy(self) -> SpeechDocument:
        clone = SpeechDocument(
            etree.ElementTree(etree.fromstring(etree.tostring(self.root))), self.source
        )
        clone.warnings = list(self.warnings)
        clone.origins = dict(self.origins)
        return clone

    def note(self, field: str, origin: str, value: str) -> None:
        """Record where a metadata field's value came from (see ``origins``)."""
        self.origins[field] = (origin, value)


#: Elements whose content is only other elements: safe to indent.
_CONTAINERS = frozenset(
    {
        "tblock",
        "blockList",
        "item",
        "blockContainer",
        "akomaNtoso",
        "doc",
        "meta",
        "identification",
        "FRBRWork",
        "FRBRExpression",
        "FRBRManifestation",
        "publication",
        "lifecycle",
        "references",
        "proprietary",
        "preface",
        "longTitle",
        "mainBody",
        "address",
        "speech",
        "analysis",
        "workflow",
        "classification",
        "notes",
        "list",
    }
)


def _indent(el: etree._Element, depth: int) -> None:
    """Pretty-print structural containers in place, leaving mixed content alone."""
    if local(el) not in _CONTAINERS or len(el) == 0:
        return
    if el.text and el.text.strip():
        return
    inner, outer = "\n" + "  " * (depth + 1), "\n" + "  " * depth
    el.text = inner
    for child in el:
        if child.tail and child.tail.strip():
            return
        child.tail = inner
        if isinstance(child.tag, str):
            _indent(child, depth + 1)
    el[-1].tail = outer
