"""Akoma Ntoso vocabulary: the namespace, safe parsing, and element construction.

Everything that knows AKN element names or the one lxml parser podium trusts lives
here, so that readers, normalisation steps and validators share them.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from lxml import etree

from ..errors import Code, XMLInputError

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
#: Draft namespaces still found in AKN4UN pages and older data; readers upgrade them.
OLD_NAMESPACES = (
    "http://docs.oasis-open.org/legaldocml/ns/akn/3.0/WD17",
    "http://docs.oasis-open.org/legaldocml/ns/akn/3.0/CSD13",
)
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: NS}
XPNS = {"a": NS}


def q(tag: str) -> str:
    """The Clark name of an AKN element: ``q("p") == "{...akn/3.0}p"``."""
    return f"{{{NS}}}{tag}"


def local(el: etree._Element) -> str:
    """The local name of an element (``p`` for ``{ns}p``); ``""`` for comments and PIs."""
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def E(tag: str, *children: etree._Element | str | None, **attrs: str | None) -> etree._Element:
    """Build an AKN element; ``None`` attributes and children are left out.

    ``E("p", "Hello", eId="p_1")`` gives ``<p eId="p_1">Hello</p>``; strings
    after the first child become that child's tail, as in lxml's ElementMaker.
    """
    el = etree.Element(q(tag), nsmap=NSMAP)
    for name, value in attrs.items():
        if value is not None:
            el.set(name.rstrip("_"), value)
    last: etree._Element | None = None
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            if last is None:
                el.text = (el.text or "") + child
            else:
                last.tail = (last.tail or "") + child
        else:
            el.append(child)
            last = child
    return el


def safe_parser() -> etree.XMLParser:
    """The only XML parser podium uses on anything it did not write itself.

    No DTD loading, no entity resolution, no network, no huge-tree expansion:
    an input cannot make podium read a local file or fetch a URL.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


#: A DOCTYPE in the prolog: after the declaration, comments and processing instructions.
_DOCTYPE = re.compile(r"^\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*<!DOCTYPE", re.DOTALL)


def _declares_doctype(data: bytes) -> bool:
    """Whether ``data`` (UTF-8 or UTF-16, with or without BOM) opens with a DOCTYPE."""
    head = data[:65536]
    for encoding in ("utf-16", "utf-8-sig"):
        if encoding == "utf-16" and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            continue
        text = head.decode(encoding, "ignore")
        return bool(_DOCTYPE.match(text))
    return False


def parse_bytes(data: bytes, path: Path | str | None = None) -> etree._ElementTree:
    """Parse XML bytes with :func:`safe_parser`, refusing a DOCTYPE outright.

    A DOCTYPE is refused before the parser sees it (so its entity declarations are
    never even parsed: billion laughs, external entities, external subsets), and
    again after parsing, in case the prolog hid it from the quick look.
    """
    if _declares_doctype(data):
        raise _doctype_error(path)
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise XMLInputError(
            f"not well-formed XML: {exc}",
            path=path,
            fix="check the file is complete XML, saved as UTF-8",
        ) from None
    tree = root.getroottree()
    if tree.docinfo.doctype:
        raise _doctype_error(path)
    return tree


def _doctype_error(path: Path | str | None) -> XMLInputError:
    return XMLInputError(
        "the XML declares a DOCTYPE, which podium never processes",
        path=path,
        fix="remove the <!DOCTYPE ...> declaration",
        code=Code.E106,
    )


def text_of(el: etree._Element) -> str:
    """All text inside an element, exactly as stored (no whitespace folding)."""
    return "".join(el.itertext())


def mark_spans(el: etree._Element, spans: list[tuple[int, int, etree._Element]]) -> None:
    """Wrap character ranges of ``el``'s plain text in the given (empty) inline elements.

    ``el`` must hold text only.  Spans are ``(start, end, element)``; overlapping
    spans after the first are ignored.  The text is kept exactly: only tags are added.

    >>> p = E("p", "Thank the Security Council.")
    >>> mark_spans(p, [(10, 26, E("organization", refersTo="#un-sc"))])
    >>> etree.tostring(p).decode().split(">", 1)[1]
    'Thank the <organization refersTo="#un-sc">Security Council</organization>.</p>'
    """
    text = el.text or ""
    if len(el):
        raise ValueError("mark_spans needs an element holding text only")
    pos, last = 0, None
    el.text = None
    for start, end, child in sorted(spans, key=lambda s: s[0]):
        if start < pos or end <= start or end > len(text):
            continue
        chunk = text[pos:start]
        if last is None:
            el.text = chunk or None
        else:
            last.tail = chunk or None
        child.text = text[start:end]
        el.append(child)
        last, pos = child, end
    rest = text[pos:] or None
    if last is None:
        el.text = rest
    else:
        last.tail = rest
