"""Validation at the boundary: the official AKN 3.0 XSD, then podium's profile rules.

The XSD is compiled once per process (about 0.15 s) and cached.  The profile
rules check what the schema cannot (akn-profile.md, "What the schema does not
catch"); they live in ``schemas/podium-profile.sch`` (ISO Schematron, run by
lxml) and each assert carries its stable code as its ``role``:

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

from functools import cache
from importlib import resources

from lxml import etree, isoschematron

from .akn import NS, OLD_NAMESPACES, safe_parser
from .errors import MasterError, Violation

SVRL = "{http://purl.oclc.org/dsdl/svrl}"


@cache
def schema() -> etree.XMLSchema:
    """The official OASIS AKN 3.0 schema shipped in ``podium.schemas``, compiled once."""
    xsd = resources.files("podium.schemas").joinpath("akn/akomantoso30.xsd")
    with resources.as_file(xsd) as path:
        return etree.XMLSchema(etree.parse(str(path), safe_parser()))


@cache
def profile() -> isoschematron.Schematron:
    """podium's profile rules (``schemas/podium-profile.sch``), compiled once."""
    sch = resources.files("podium.schemas").joinpath("podium-profile.sch").read_bytes()
    return isoschematron.Schematron(etree.fromstring(sch, safe_parser()), store_report=True)


def schema_violations(tree: etree._ElementTree) -> list[Violation]:
    xsd = schema()
    if xsd.validate(tree):
        return []
    return [Violation("PODIUM-E201", e.message, line=e.line) for e in xsd.error_log]


def profile_violations(tree: etree._ElementTree) -> list[Violation]:
    """podium's profile rules, in the order the Schematron reports them."""
    rules = profile()
    if rules.validate(tree):
        return []
    report = rules.validation_report
    assert report is not None
    out = []
    for failed in report.getroot().iter(f"{SVRL}failed-assert"):
        found = tree.xpath(failed.get("location", "/"))
        el = found[0] if isinstance(found, list) and found else None
        line = el.sourceline if isinstance(el, etree._Element) else None
        name = etree.QName(el).localname if isinstance(el, etree._Element) else None
        message = " ".join((failed.findtext(f"{SVRL}text") or "").split())
        out.append(Violation(failed.get("role", "PODIUM-E200"), message, line=line, element=name))
    return out


def violations(tree: etree._ElementTree) -> list[Violation]:
    """Schema violations first; profile rules only run on a schema-valid master."""
    if etree.QName(tree.getroot()).namespace != NS:
        found = profile_violations(tree)
        ns = etree.QName(tree.getroot()).namespace
        if ns in OLD_NAMESPACES:
            found = [
                Violation(
                    v.code,
                    v.message + " (a draft namespace: `podium build` "
                    "reads it and writes an upgraded master)",
                    v.line,
                    v.element,
                )
                for v in found
            ]
        return found
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
