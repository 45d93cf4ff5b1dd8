"""Validation at the boundary: the official AKN 3.0 XSD, then podium's profile rules.

The XSD is compiled once per process and cached (its cost: docs/performance.md).  The profile
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

import threading
from functools import cache
from importlib import resources

from lxml import etree, isoschematron

from ..errors import Code, MasterError, Violation
from .akn import NS, OLD_NAMESPACES, safe_parser

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
SVRL = f"{{{SVRL_NS}}}"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"


def schema() -> etree.XMLSchema:
    """The official OASIS AKN 3.0 schema shipped in ``podium.schemas``, compiled once
    (waiting for :func:`compile_in_background` if it is at work)."""
    if _compiling is not None and _compiling is not threading.current_thread():
        _compiling.join()
    return _compiled_schema()


@cache
def _compiled_schema() -> etree.XMLSchema:
    xsd = resources.files("podium.schemas").joinpath("akn/akomantoso30.xsd")
    with resources.as_file(xsd) as path:
        return etree.XMLSchema(etree.parse(str(path), safe_parser()))


#: The thread compiling the schema while a cold build reads and normalises its input.
_compiling: threading.Thread | None = None
_starting = threading.Lock()


def compile_in_background() -> None:
    """Start compiling the schema in a thread, once per process: libxml2 compiles it
    without holding Python's lock (about 0.17 s here), so a cold build's reading and
    normalising run meanwhile instead of before it (docs/performance.md, P1)."""
    global _compiling
    with _starting:
        if _compiling is None and _compiled_schema.cache_info().currsize == 0:
            _compiling = threading.Thread(target=_compiled_schema, name="podium-xsd", daemon=True)
            _compiling.start()


@cache
def profile() -> etree.XSLT:
    """podium's profile rules (``schemas/podium-profile.sch``), compiled once to XSLT.

    lxml's ISO Schematron skeleton compiles the rules; two of the skeleton's passes
    are then dropped because these rules never need them: a default-mode walk of the
    whole document (it only fills an SVRL attribute) and the visit of every attribute
    node (no rule's context is an attribute).  That makes the check about a third
    faster on large speeches; the rules themselves are untouched.
    """
    sch = resources.files("podium.schemas").joinpath("podium-profile.sch").read_bytes()
    compiled = isoschematron.Schematron(
        etree.fromstring(sch, safe_parser()),
        store_xslt=True,
        compile_params={"generate-fired-rule": "'false'"},
    ).validator_xslt
    assert compiled is not None
    xslt = compiled.getroot()
    ns = {"svrl": SVRL_NS, "xsl": XSL_NS}
    for walk in xslt.xpath(
        "//svrl:active-pattern/xsl:apply-templates[not(@select)]", namespaces=ns
    ):
        walk.getparent().remove(walk)
    for visit in xslt.xpath("//xsl:apply-templates[@select='@*|*']", namespaces=ns):
        visit.set("select", "*")
    return etree.XSLT(compiled)


def schema_violations(tree: etree._ElementTree) -> list[Violation]:
    xsd = schema()
    if xsd.validate(tree):
        return []
    return [Violation(Code.E201, e.message, line=e.line) for e in xsd.error_log]


def profile_violations(tree: etree._ElementTree) -> list[Violation]:
    """podium's profile rules, in the order the Schematron reports them."""
    report = profile()(tree)
    out = []
    for failed in report.getroot().iter(f"{SVRL}failed-assert"):
        found = tree.xpath(failed.get("location", "/"))
        el = found[0] if isinstance(found, list) and found else None
        line = el.sourceline if isinstance(el, etree._Element) else None
        name = etree.QName(el).localname if isinstance(el, etree._Element) else None
        message = " ".join((failed.findtext(f"{SVRL}text") or "").split())
        code = Code(failed.get("role", Code.E200))  # each rule's role is a catalogued code
        out.append(Violation(code, message, line=line, element=name))
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
