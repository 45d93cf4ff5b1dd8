"""Saved web pages: the speech a page carries, its chrome and active content left out.

A page saved from a browser holds the speech among a site's banner, menus, breadcrumbs,
sidebars, share buttons and footer, with scripts, styles, frames and images.  podium:

1. drops everything the page would load or run (:func:`strip_active`): scripts, styles,
   frames and embedded objects, images and media, loading links, forms, event handlers,
   URLs in styles, addresses it would fetch.  Nothing is ever loaded or run; each kind
   dropped is reported once (PODIUM-W114).  ``--strict`` refuses such a page instead
   (PODIUM-E113, :mod:`.safety`), as podium always did;
2. finds the page's main content with trafilatura (docs/dependencies.md says why this
   library), which keeps the heading, the place and date line and the paragraphs, and
   leaves out the navigation, banners, sidebars and footer (PODIUM-W115 says how many
   blocks and the first one);
3. reads that content through pandoc like any HTML (:func:`.pandoc.read_html`).

A page with none of a site's furniture (no ``nav``, ``header``, ``footer``, ``aside``,
navigation roles) is read whole, as an HTML speech always was: the extraction is for
pages as browsers save them, not for HTML a user wrote.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import WarningCode, WarningRecord
from . import safety

#: Elements dropped whole, by the kind each is reported as.
DROPPED = {
    **dict.fromkeys(("script", "noscript", "template"), "script"),
    "style": "style",
    **dict.fromkeys(
        ("iframe", "frame", "frameset", "object", "embed", "applet", "portal"), "frame"
    ),
    **dict.fromkeys(
        ("img", "picture", "video", "audio", "source", "track", "svg", "canvas", "map"),
        "image",
    ),
    **dict.fromkeys(("link", "base"), "link"),
    **dict.fromkeys(("form", "input", "button", "select", "textarea"), "form"),
}
#: What each kind names, for the warning.
WHAT = {
    "script": "scripts",
    "style": "style sheets",
    "frame": "frames and embedded objects",
    "image": "images and media",
    "link": "links that load something",
    "form": "forms",
    "handler": "event handlers",
    "address": "addresses the page would load",
}
#: The parts of a page that are a site's furniture, not its content.
FURNITURE = ("nav", "header", "footer", "aside")
FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})


def strip_active(root: etree._Element) -> Counter[str]:
    """Remove from ``root`` all that a browser would load or run; count it by kind."""
    dropped: Counter[str] = Counter()
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            if isinstance(el, etree._Comment):
                _remove(el)  # conditional comments hold markup for old browsers
            continue
        tag = etree.QName(el).localname.lower()
        kind = DROPPED.get(tag)
        if kind is None and tag == "meta" and el.get("http-equiv", "").lower() == "refresh":
            kind = "link"
        if kind is not None:
            dropped[kind] += 1
            _unwrap(el) if tag in FALLBACK else _remove(el)
            continue
        for name in list(el.attrib):
            attr = etree.QName(name).localname.lower() if "}" in name else name.lower()
            value = el.get(name, "")
            if attr.startswith("on"):
                dropped["handler"] += 1
            elif (
                attr in safety.LOADING_ATTRS
                or (attr == "style" and safety.CSS_LOAD.search(value))
                or safety._scheme(value) in ("file", "javascript", "vbscript")
                or ("attachment" in el.get("rel", "").lower().split())
            ):
                dropped["address"] += 1
            else:
                continue
            del el.attrib[name]
    return dropped


#: Elements whose content is what a reader sees when the element cannot load (and
#: where a parser puts the page's following content after an unclosed ``<embed>``):
#: the element goes, its content stays.
FALLBACK = frozenset({"object", "embed", "applet", "video", "audio", "picture", "canvas"})


def _unwrap(el: etree._Element) -> None:
    """Take ``el`` out, keeping its text and children in its place."""
    parent = el.getparent()
    if parent is None:
        return
    _text_after(parent, el.getprevious(), el.text)
    children = list(el)
    for i, child in enumerate(children, start=parent.index(el)):
        parent.insert(i, child)
    _text_after(parent, children[-1] if children else el.getprevious(), el.tail)
    parent.remove(el)


def _remove(el: etree._Element) -> None:
    """Take ``el`` out, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    _text_after(parent, el.getprevious(), el.tail)
    parent.remove(el)


def _text_after(parent: etree._Element, before: etree._Element | None, text: str | None) -> None:
    """Put ``text`` after the child ``before`` of ``parent`` (first, when ``None``)."""
    if not text:
        return
    if before is not None:
        before.tail = (before.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _is_furniture(el: etree._Element) -> bool:
    """A ``nav``, ``header``, ``footer`` or ``aside``, or an element with a navigation role."""
    if not isinstance(el.tag, str):
        return False
    return etree.QName(el).localname.lower() in FURNITURE or (
        el.get("role", "").lower() in FURNITURE_ROLES
    )


def is_saved_page(root: etree._Element) -> bool:
    """Whether an HTML tree is a page as a site serves it (menus, banner, footer...)."""
    return any(_is_furniture(el) for el in root.iter())


def furniture_blocks(root: etree._Element) -> list[str]:
    """The texts of the page's furniture (menus, banners, sidebars, footer), in order."""
    out: list[str] = []
    for el in root.iter():
        if _is_furniture(el):
            text = _text(el)
            if text and not any(text in seen for seen in out):
                out.append(text)
    return out


#: How trafilatura is asked: HTML out, with headings, lists, quotations, tables and link
#: texts; no images, no comments; favouring recall (a speech's short paragraphs, "Thank
#: you.", are kept) and keeping repeated paragraphs (a speech may repeat a refrain).
EXTRACTION: dict[str, Any] = {
    "output_format": "html",
    "include_formatting": True,
    "include_links": True,
    "include_images": False,
    "include_tables": True,
    "include_comments": False,
    "favor_recall": True,
    "deduplicate": False,
    "with_metadata": False,
}


def main_content(page: str) -> str | None:
    """The page's main content as HTML (heading, date line, paragraphs, lists, quotes),
    or ``None`` when trafilatura finds none."""
    import trafilatura  # imported on first use: only saved pages need it

    found: str | None = trafilatura.extract(page, **EXTRACTION)
    return found


#: Elements that hold a block of text of their own.
BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "dt", "dd"})
LEAVES = frozenset({"div", "span", "time", "section", "td"})


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _in_furniture(el: etree._Element) -> bool:
    return any(_is_furniture(a) for a in (el, *el.iterancestors()))


def page_blocks(root: etree._Element) -> list[etree._Element]:
    """The page's blocks of text outside its furniture, in reading order: paragraphs,
    headings, list items, and ``div``s holding text but no block of their own."""
    out: list[etree._Element] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = etree.QName(el).localname.lower()
        block = tag in BLOCKS or (tag in LEAVES and not _has_block(el))
        inside = any(a in out for a in el.iterancestors())
        if block and not inside and _text(el) and not _in_furniture(el):
            out.append(el)
    return out


def _has_block(el: etree._Element) -> bool:
    return any(
        isinstance(c.tag, str) and etree.QName(c).localname.lower() in BLOCKS | LEAVES
        for c in el.iterdescendants()
    )


def with_head(page_root: etree._Element, content: str) -> str:
    """The main content with the head printed right before it put back, and without
    blocks that are the site's furniture.  Extraction takes a page's heading and date
    line for metadata and may leave them out of the content; podium keeps every word of
    the head: the page's blocks from its first heading (or the content's first block, if
    earlier) to the content's first paragraph are all kept, in the page's order."""
    found = etree.fromstring(content, etree.HTMLParser(no_network=True))
    body = found.find(".//body") if found is not None else None
    if body is None:
        return content
    chrome = {
        _text(el)
        for el in page_root.iter()
        if isinstance(el.tag, str) and _in_furniture(el) and _text(el)
    }
    kept = [el for el in body if isinstance(el.tag, str) and _text(el) not in chrome]
    blocks = page_blocks(page_root)
    where = {_text(b): i for i, b in reversed(list(enumerate(blocks)))}
    spots = [where[_text(el)] for el in kept if _text(el) in where]
    heading = next((i for i, b in enumerate(blocks) if _tag(b) == "h1"), None)
    opening = next(
        (
            where[_text(el)]
            for el in kept
            if len(_text(el).split()) >= 8 and _text(el) in where and _tag(el)[:1] != "h"
        ),
        None,
    )
    out = etree.Element("body")
    if spots and opening is not None:
        start = min(spots[0], heading if heading is not None else spots[0])
        shown = {_text(el) for el in kept}
        for b in blocks[start:opening]:
            out.append(_block_copy(b) if _text(b) not in shown else _kept(kept, b))
        kept = [el for el in kept if where.get(_text(el), opening) >= opening]
    for el in kept:
        out.append(el)
    return etree.tostring(out, encoding="unicode", method="html")


def _tag(el: etree._Element) -> str:
    return etree.QName(el).localname.lower()


def _kept(kept: list[etree._Element], block: etree._Element) -> etree._Element:
    """The content's own copy of a page block (its inline formatting kept)."""
    return next(el for el in kept if _text(el) == _text(block))


def _block_copy(block: etree._Element) -> etree._Element:
    """A page block as a paragraph or heading of its text."""
    tag = _tag(block)
    new = etree.Element(tag if tag in ("h1", "h2", "h3", "h4", "h5", "h6") else "p")
    new.text = _text(block)
    return new


def read_saved_page(root: etree._Element, path: Path) -> tuple[str, list[WarningRecord]]:
    """The HTML podium reads from a parsed page: its active content dropped and, for a
    page as a site serves it, its main content alone; and the warnings that say so."""
    dropped = strip_active(root)
    warnings = [
        WarningRecord(WarningCode.W114, {"count": n, "kind": kind, "what": WHAT[kind]})
        for kind, n in sorted(dropped.items())
    ]
    cleaned = etree.tostring(root, encoding="unicode", method="html")
    if not is_saved_page(root):
        return cleaned, warnings
    chrome = furniture_blocks(root)
    content = main_content(cleaned)
    if not content:
        return cleaned, warnings
    content = with_head(root, content)
    first = chrome[0] if chrome else ""
    warnings.append(
        WarningRecord(
            WarningCode.W115,
            {
                "count": len(chrome),
                "example": repr(first[:60] + ("..." if len(first) > 60 else "")),
            },
        )
    )
    return content, warnings


__all__ = ["is_saved_page", "main_content", "read_saved_page", "strip_active"]
