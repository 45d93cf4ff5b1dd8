"""Validation at the boundary: the official AKN 3.0 XSD, then podium's profile rules.

The XSD is compiled once per process (about 0.15 s) and cached.  The profile
rules check what the schema cannot (akn-profile.md, "What the schema does not
catch"); each has a stable code:

=========== ==============================================================
PODIUM-E201 not valid against the official OASIS AKN 3.0 schema
PODIUM-E202 a ``#reference`` that points at no element of the document
PODIUM-E203 an eId that is duplicated or ignores the naming convention
PODIUM-E204 FRBRthis/FRBRuri disagree with the FRBR date, language, actor or number
PODIUM-E205 a ``doc/@name`` or ``FRBRsubtype`` outside podium's profile
PODIUM-E206 a speech with no paragraphs
PODIUM-E207 the root is not in the AKN 3.0 namespace (draft WD17/CSD13 or other)
=========== ==============================================================

``validate()`` raises :class:`MasterError` carrying every violation;
``violations()`` returns them; ``is_valid()`` answers with a bool.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib import resources

from lxml import etree

from .akn import NS, OLD_NAMESPACES, XPNS, safe_parser
from .errors import MasterError, Violation

DOC_NAMES = ("address", "officialStatement")
SUBTYPES = ("communication",)
#: Attributes holding free text, never a #reference.
PROSE_ATTRS = frozenset({"showAs", "shortForm", "title", "alt"})
#: eId grammar of the naming convention: name_num joined by "__", or a bare TLC/meta id.
EID = re.compile(r"^(?:[a-zA-Z][\w.-]*?)(?:_[\w.-]+)?(?:__[a-zA-Z][\w.-]*?(?:_[\w.-]+)?)*$")
BODY_EID = re.compile(r"^address_\d+(?:__speech_\d+(?:__[a-zA-Z]+_\d+)*)?$")


@cache
def schema() -> etree.XMLSchema:
    """The official OASIS AKN 3.0 schema shipped in ``podium.schemas``, compiled once."""
    xsd = resources.files("podium.schemas").joinpath("akn/akomantoso30.xsd")
    with resources.as_file(xsd) as path:
        return etree.XMLSchema(etree.parse(str(path), safe_parser()))


def schema_violations(tree: etree._ElementTree) -> list[Violation]:
    xsd = schema()
    if xsd.validate(tree):
        return []
    return [Violation("PODIUM-E201", e.message, line=e.line) for e in xsd.error_log]


def _refs(root: etree._Element) -> tuple[set[str], list[tuple[etree._Element, str, str]]]:
    ids: set[str] = set()
    refs: list[tuple[etree._Element, str, str]] = []
    for el in root.iter(etree.Element):
        for name, value in el.attrib.items():
            attr = etree.QName(name).localname
            if attr in ("eId", "wId", "GUID"):
                ids.add(value)
            elif attr not in PROSE_ATTRS:
                tokens = value.split() if attr == "refersTo" else [value]
                refs += [(el, attr, t[1:]) for t in tokens if t.startswith("#")]
    return ids, refs


def profile_violations(tree: etree._ElementTree) -> list[Violation]:
    """podium's profile rules (see module docstring), in document order."""
    root = tree.getroot()
    if etree.QName(root).namespace != NS:
        ns = etree.QName(root).namespace
        hint = (
            " (a draft namespace: run it through `podium build` to upgrade)"
            if ns in OLD_NAMESPACES
            else ""
        )
        return [
            Violation(
                "PODIUM-E207", f"root namespace is {ns!r}, not {NS!r}{hint}", line=root.sourceline
            )
        ]
    out: list[Violation] = []

    def x(path: str) -> list[str]:
        return [str(v) for v in root.xpath(path, namespaces=XPNS)]

    ids, refs = _refs(root)
    for el, attr, target in refs:
        if target not in ids:
            out.append(
                Violation(
                    "PODIUM-E202",
                    f'{attr}="#{target}" points at no element',
                    line=el.sourceline,
                    element=etree.QName(el).localname,
                )
            )
    seen: set[str] = set()
    for el in root.iter(etree.Element):
        eid = el.get("eId")
        if eid is None:
            continue
        if eid in seen:
            out.append(Violation("PODIUM-E203", f"eId {eid!r} is used twice", line=el.sourceline))
        seen.add(eid)
        in_body = bool(el.xpath("ancestor-or-self::a:mainBody", namespaces=XPNS))
        if not (BODY_EID if in_body else EID).match(eid):
            out.append(
                Violation(
                    "PODIUM-E203",
                    f"eId {eid!r} ignores the naming convention",
                    line=el.sourceline,
                    element=etree.QName(el).localname,
                )
            )
    name = x("/a:akomaNtoso/a:doc/@name")
    if not name or name[0] not in DOC_NAMES:
        out.append(Violation("PODIUM-E205", f"doc/@name is {name[:1]}, not one of {DOC_NAMES}"))
    sub = x("//a:FRBRWork/a:FRBRsubtype/@value")
    if sub[:1] != ["communication"]:
        out.append(Violation("PODIUM-E205", f"FRBRsubtype is {sub[:1]}, not 'communication'"))
    out += _frbr_violations(x)
    if not x(
        "//a:mainBody//a:speech/*[self::a:p or self::a:block or self::a:blockList "
        "or self::a:heading or self::a:embeddedStructure]/@eId"
    ):
        out.append(Violation("PODIUM-E206", "the speech has no paragraphs"))
    return out


def _frbr_violations(x: Callable[[str], list[str]]) -> list[Violation]:
    def one(path: str) -> str:
        found = x(path)
        return found[0] if found else ""

    out: list[Violation] = []
    work = one("//a:FRBRWork/a:FRBRuri/@value")
    expr = one("//a:FRBRExpression/a:FRBRuri/@value")
    date = one("//a:FRBRWork/a:FRBRdate/@date")
    number = one("//a:FRBRWork/a:FRBRnumber/@value")
    lang = one("//a:FRBRExpression/a:FRBRlanguage/@language")
    country = one("//a:FRBRWork/a:FRBRcountry/@value")
    author = one("//a:FRBRWork/a:FRBRauthor/@href").lstrip("#")
    parts = work.split("/")
    # /akn/{country}/doc/{subtype}/{actor}/{date}/{number}
    if len(parts) < 8 or parts[1] != "akn":
        out.append(
            Violation("PODIUM-E204", f"Work FRBRuri {work!r} is not /akn/{{country}}/doc/...")
        )
        return out
    expected = {
        "country": (parts[2], country),
        "date": (parts[6], date),
        "number": (parts[7], number.replace("/", "-").replace(" ", "_")),
    }
    if author and parts[5] != author:
        expected["actor"] = (parts[5], author)
    for what, (in_iri, in_meta) in expected.items():
        if in_iri != in_meta:
            out.append(
                Violation(
                    "PODIUM-E204",
                    f"Work FRBRuri has {what} {in_iri!r} but the FRBR {what} is {in_meta!r}",
                )
            )
    if not expr.startswith(f"{work}/{lang}@"):
        out.append(
            Violation("PODIUM-E204", f"Expression FRBRuri {expr!r} is not {work}/{lang}@...")
        )
    for level, uri in (("FRBRWork", work), ("FRBRExpression", expr)):
        this = one(f"//a:{level}/a:FRBRthis/@value")
        if not this.startswith(uri):
            out.append(Violation("PODIUM-E204", f"{level} FRBRthis {this!r} is not under {uri!r}"))
    this = one("//a:FRBRManifestation/a:FRBRthis/@value")
    if expr and not this.startswith(expr):
        out.append(
            Violation("PODIUM-E204", f"FRBRManifestation FRBRthis {this!r} is not under {expr!r}")
        )
    return out


def violations(tree: etree._ElementTree) -> list[Violation]:
    """Schema violations first; profile rules only run on a schema-valid master."""
    root = tree.getroot()
    if etree.QName(root).namespace != NS:
        return profile_violations(tree)
    return schema_violations(tree) or profile_violations(tree)


def validate(tree: etree._ElementTree, path: object = None) -> None:
    """Raise :class:`MasterError` listing every violation, or return quietly."""
    found = violations(tree)
    if found:
        raise MasterError(
            f"{len(found)} problem(s); first: {found[0]}",
            violations=found,
            path=str(path) if path else None,
            fix="see `podium validate` for the full list",
        )


def is_valid(tree: etree._ElementTree) -> bool:
    return not violations(tree)
