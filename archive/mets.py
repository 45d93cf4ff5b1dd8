"""The METS document with PREMIS provenance, and the Dublin Core record, of a podium bag.

An archive accepts a package when it can tell, years later, what each file is, where it came
from and what was done to it. The METS (``metadata/mets.xml``) says so in the form archives
read (the shape Archivematica's packages made familiar):

- ``metsHdr``: when the package was made, by which software, for which organization;
- ``dmdSec``: the speech's Dublin Core, taken from the master;
- one ``amdSec`` per payload file: a PREMIS 3 ``object`` (identifier = its path in the bag,
  size, SHA-256 and SHA-512, the PRONOM format fido found and on what basis, the original
  name, what it was derived from) and the PREMIS ``event`` records about it;
- one ``amdSec`` of PREMIS ``agent`` records: podium, the tools it used (fido, bagit-python,
  pandoc when it read the input), the organization and the person depositing;
- ``fileSec``: the files by use (``original``, ``preservation``, ``access``, ``metadata``),
  each with its SHA-512; ``structMap``: the speech and its parts.

Events (PREMIS event types from the Library of Congress vocabulary): ``ingestion`` of the
source, ``normalization`` of the source to the AKN master, ``validation`` of the master (the
OASIS schema and podium's profile), ``creation`` of each rendition from the master,
``fixity check`` of each copy against the build record, ``message digest calculation`` and
``format identification`` of every payload file.

Event identifiers are UUIDs derived (version 5) from the build record's digest, the bagging
time and the event, so that a reproducible deposit (``SOURCE_DATE_EPOCH``) is byte-identical
and two deposits of one build at different times never share an event identifier.

File locations (``FLocat``) are paths from the bag's top folder, percent-encoded,
``LOCTYPE="OTHER" OTHERLOCTYPE="SYSTEM"``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lxml import etree

from podium.convert.model.akn import safe_parser
from podium.convert.outputs import OUTPUTS

from .formats import Identification, Tool

METS_NS = "http://www.loc.gov/METS/"
PREMIS_NS = "http://www.loc.gov/premis/v3"
XLINK_NS = "http://www.w3.org/1999/xlink"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
NSMAP = {"mets": METS_NS, "premis": PREMIS_NS, "xlink": XLINK_NS, "xsi": XSI_NS, "dc": DC_NS}
SCHEMA_LOCATIONS = (
    f"{METS_NS} http://www.loc.gov/standards/mets/mets.xsd "
    f"{PREMIS_NS} http://www.loc.gov/standards/premis/v3/premis.xsd"
)

#: the namespace podium's event UUIDs are derived in
EVENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:podium:premis:event")

#: METS file group (USE) and structural label for each payload role: the input and its
#: sidecar, each output format (:data:`podium.convert.outputs.OUTPUTS`), the build record
ROLES: dict[str, tuple[str, str]] = {
    "source": ("original", "the speech as received"),
    "sidecar": ("original", "metadata supplied with the speech"),
    **{o.name: (o.group, o.label) for o in sorted(OUTPUTS, key=lambda o: o.shelf)},
    "record": ("metadata", "podium build record"),
}
GROUP_ORDER = ("original", "preservation", "access", "metadata")

#: rendition format -> how it is derived from the master (its PREMIS event)
RENDITION_TOOLS = {o.name: o.tool for o in OUTPUTS if o.tool is not None}


@dataclass(frozen=True)
class PayloadFile:
    """One file under ``data/`` with what the METS says of it."""

    role: str  # a key of ROLES
    path: str  # from the bag's top folder: "data/source/speech.txt"
    original_name: str
    size: int
    sha256: str
    sha512: str
    format: Identification


@dataclass(frozen=True)
class Agent:
    """A PREMIS agent: podium, a tool, the organization or the depositor."""

    key: str  # local identifier, also the XML ID suffix
    name: str
    kind: str  # PREMIS agentType: "software", "organization" or "person"
    version: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Provenance:
    """Facts about the build and the deposit that the METS records."""

    work: str
    expression: str
    title: str
    built: str  # the build's time (ISO 8601)
    bagged: str  # the deposit's time (ISO 8601)
    record_sha256: str
    podium: Agent
    fido: Tool
    bagit: Agent
    reader: str  # which of podium's readers read the source ("text", "pandoc", "akn")
    pandoc: Agent | None = None
    organization: Agent | None = None
    person: Agent | None = None
    render: dict[str, Any] = field(default_factory=dict)


def dublin_core(facts: list[tuple[str, str]]) -> bytes:
    """``metadata/dc.xml``: an ``oai_dc:dc`` record of (element, value) pairs."""
    root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS})
    _dc_into(root, facts)
    return _serialise(root)


def mets(files: list[PayloadFile], prov: Provenance, dc: list[tuple[str, str]]) -> bytes:
    """``metadata/mets.xml`` for a bag holding ``files``."""
    root = _el(
        None,
        "mets:mets",
        OBJID=prov.work,
        LABEL=prov.title,
        TYPE="speech",
        nsmap=NSMAP,
    )
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATIONS)
    _mets_header(root, prov)
    dmd = _el(root, "mets:dmdSec", ID="dmd-speech")
    wrap = _el(dmd, "mets:mdWrap", MDTYPE="DC")
    _dc_into(_el(wrap, "mets:xmlData"), dc)
    by_role = {f.role: f for f in files}
    admids = _file_amd_sections(root, files, by_role, prov)
    amd = _el(root, "mets:amdSec", ID="amd-agents")
    for agent in _agents(prov):
        digi = _el(amd, "mets:digiprovMD", ID=f"agent-{agent.key}")
        _premis_agent(_wrap(digi, "PREMIS:AGENT"), agent)
    _file_sec(root, files, admids)
    _struct_map(root, prov, by_role)
    return _serialise(root)


def _mets_header(root: etree._Element, prov: Provenance) -> None:
    """``metsHdr``: when, by which software, for whom; the FRBR expression as alternative id."""
    header = _el(root, "mets:metsHdr", CREATEDATE=prov.bagged, RECORDSTATUS="complete")
    _header_agent(header, "CREATOR", "OTHER", f"podium {prov.podium.version}", "SOFTWARE")
    if prov.organization:
        _header_agent(header, "CUSTODIAN", "ORGANIZATION", prov.organization.name)
    if prov.person:
        _header_agent(header, "ARCHIVIST", "INDIVIDUAL", prov.person.name)
    _el(header, "mets:altRecordID", TYPE="FRBR expression").text = prov.expression


def _file_amd_sections(
    root: etree._Element,
    files: list[PayloadFile],
    by_role: dict[str, PayloadFile],
    prov: Provenance,
) -> dict[str, list[str]]:
    """One ``amdSec`` per file (its PREMIS object and events); the ADMIDs of each role."""
    admids: dict[str, list[str]] = {}
    for number, payload in enumerate(files, start=1):
        amd = _el(root, "mets:amdSec", ID=f"amd-{number}")
        events = _events(payload, by_role, prov)
        tech = _el(amd, "mets:techMD", ID=f"tech-{number}")
        _premis_object(_wrap(tech, "PREMIS:OBJECT"), payload, by_role, events, prov)
        ids = [f"tech-{number}"]
        for index, event in enumerate(events, start=1):
            digi = _el(amd, "mets:digiprovMD", ID=f"event-{number}-{index}")
            _premis_event(_wrap(digi, "PREMIS:EVENT"), event)
            ids.append(digi.get("ID", ""))
        admids[payload.role] = ids
    return admids


def _file_sec(root: etree._Element, files: list[PayloadFile], admids: dict[str, list[str]]) -> None:
    """``fileSec``: the files by use, each with its SHA-512 and location."""
    file_sec = _el(root, "mets:fileSec")
    for group in GROUP_ORDER:
        members = [f for f in files if ROLES[f.role][0] == group]
        if not members:
            continue
        grp = _el(file_sec, "mets:fileGrp", USE=group)
        for payload in members:
            entry = _el(
                grp,
                "mets:file",
                ID=_file_id(payload),
                SIZE=str(payload.size),
                CHECKSUM=payload.sha512,
                CHECKSUMTYPE="SHA-512",
                ADMID=" ".join(admids[payload.role]),
            )
            if payload.format.mime:
                entry.set("MIMETYPE", payload.format.mime)
            loc = _el(entry, "mets:FLocat", LOCTYPE="OTHER", OTHERLOCTYPE="SYSTEM")
            loc.set(f"{{{XLINK_NS}}}href", quote(payload.path, safe="/"))
            loc.set(f"{{{XLINK_NS}}}type", "simple")


def _struct_map(root: etree._Element, prov: Provenance, by_role: dict[str, PayloadFile]) -> None:
    """``structMap``: the speech and its parts, in the order of :data:`ROLES`."""
    struct = _el(root, "mets:structMap", TYPE="physical", LABEL=prov.title)
    speech = _el(struct, "mets:div", TYPE="speech", LABEL=prov.title, DMDID="dmd-speech")
    for role in ROLES:
        if role in by_role:
            part = _el(speech, "mets:div", TYPE=role, LABEL=ROLES[role][1])
            _el(part, "mets:fptr", FILEID=_file_id(by_role[role]))


XLINK_LOCATION = "http://www.loc.gov/standards/xlink/xlink.xsd"
"""Where mets.xsd imports XLink from; served from the local copy instead."""


class _LocalSchemas(etree.Resolver):
    """Answers mets.xsd's XLink import from the shipped file; refuses every other address."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:
        if system_url == XLINK_LOCATION:
            return self.resolve_filename(str(self.folder / "mets" / "xlink.xsd"), context)
        if system_url and not system_url.startswith("file:"):
            raise ValueError(f"podium's METS schemas fetch nothing: {system_url}")
        return None


@cache
def schema() -> etree.XMLSchema:
    """METS 1.12.1 with podium's PREMIS 3 subset, compiled once, without any network.

    The official mets.xsd (shipped unchanged) imports XLink from a web address; a resolver
    answers that import with the XLink declarations shipped beside it. The PREMIS subset
    (``schemas/premis/podium-premis3.xsd``) is imported alongside, so that the PREMIS inside
    ``mdWrap/xmlData`` (lax content in METS) is checked too.
    """
    with resources.as_file(resources.files("podium.schemas")) as folder:
        parser = safe_parser()
        parser.resolvers.add(_LocalSchemas(folder))
        xsd = "http://www.w3.org/2001/XMLSchema"
        imports = "".join(
            f'<xs:import namespace="{ns}" schemaLocation="{(folder / rel).as_uri()}"/>'
            for ns, rel in ((METS_NS, "mets/mets.xsd"), (PREMIS_NS, "premis/podium-premis3.xsd"))
        )
        wrapper = f'<xs:schema xmlns:xs="{xsd}">{imports}</xs:schema>'
        return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser))


def schema_errors(data: bytes) -> list[str]:
    """Where ``data`` breaks the METS schema, as ``line N: message`` strings (none: valid)."""
    checker = schema()
    if checker.validate(etree.fromstring(data, safe_parser()).getroottree()):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]


# --- what happened to each file ------------------------------------------------------------


@dataclass(frozen=True)
class _Event:
    kind: str  # PREMIS eventType
    when: str
    detail: str
    outcome: str
    outcome_note: str | None
    agents: tuple[tuple[str, str], ...]  # (agent key, role)
    objects: tuple[tuple[str, str], ...]  # (object path, role: "source" or "outcome")
    identifier: str


_PODIUM = ("podium", "executing program")


@dataclass(frozen=True)
class _EventMaker:
    """Makes the events of one payload file, each with its derived UUID and the file linked."""

    payload: PayloadFile
    prov: Provenance

    def __call__(
        self,
        kind: str,
        when: str,
        detail: str,
        agents: Iterable[tuple[str, str]],
        objects: Iterable[tuple[str, str]] = (),
        note: str | None = None,
        outcome: str = "success",
    ) -> _Event:
        seed = f"{self.prov.record_sha256}|{self.prov.bagged}|{self.payload.path}|{kind}"
        return _Event(
            kind=kind,
            when=when,
            detail=detail,
            outcome=outcome,
            outcome_note=note,
            agents=tuple(agents),
            objects=((self.payload.path, "outcome"), *objects),
            identifier=str(uuid.uuid5(EVENT_NAMESPACE, seed)),
        )


def _events(
    payload: PayloadFile, by_role: dict[str, PayloadFile], prov: Provenance
) -> list[_Event]:
    """The PREMIS events about ``payload``: how the build made it, then what the deposit did."""
    event = _EventMaker(payload, prov)
    return [*_build_events(event, by_role), *_deposit_events(event)]


def _build_events(event: _EventMaker, by_role: dict[str, PayloadFile]) -> list[_Event]:
    """Ingestion of the source; normalization and validation of the master; renditions."""
    payload, prov = event.payload, event.prov
    events: list[_Event] = []
    if payload.role == "source":
        who = [_PODIUM] + ([("organization", "implementer")] if prov.organization else [])
        events.append(
            event(
                "ingestion",
                prov.built,
                f'podium read "{payload.original_name}" byte for byte and kept this copy',
                who,
            )
        )
    if payload.role == "akn" and "source" in by_role:
        readers = [_PODIUM] + ([("pandoc", "executing program")] if prov.pandoc else [])
        events.append(
            event(
                "normalization",
                prov.built,
                f"podium's {prov.reader} reader and normaliser turned the source into an "
                "Akoma Ntoso 3.0 master following podium's AKN4UN profile",
                readers,
                [(by_role["source"].path, "source")],
            )
        )
        events.append(
            event(
                "validation",
                prov.built,
                "the master checked against the OASIS Akoma Ntoso 3.0 schema and podium's "
                "profile rules (Schematron)",
                [_PODIUM],
                note="valid: podium writes no master that fails either check",
            )
        )
    if payload.role in RENDITION_TOOLS and "akn" in by_role:
        how = RENDITION_TOOLS[payload.role]
        options = ", ".join(f"{k} {v}" for k, v in sorted(prov.render.items()) if v)
        events.append(
            event(
                "creation",
                prov.built,
                f"rendered from the master by podium ({how})" + (f"; {options}" if options else ""),
                [_PODIUM],
                [(by_role["akn"].path, "source")],
            )
        )
    return events


def _deposit_events(event: _EventMaker) -> list[_Event]:
    """Fixity check against the record, digests for the manifests, format identification."""
    payload, prov = event.payload, event.prov
    events: list[_Event] = []
    if payload.role != "record":
        events.append(
            event(
                "fixity check",
                prov.bagged,
                "the copy in the bag compared with the SHA-256 and size in the build record",
                [_PODIUM],
                note=f"sha256 {payload.sha256}, {payload.size} bytes: as recorded",
            )
        )
    events.append(
        event(
            "message digest calculation",
            prov.bagged,
            "SHA-256 and SHA-512 computed for the bag's manifests",
            [("bagit", "executing program"), _PODIUM],
            note=f"sha512 {payload.sha512}",
        )
    )
    events.append(
        event(
            "format identification",
            prov.bagged,
            f"{prov.fido.name} {prov.fido.version} against {prov.fido.signatures}",
            [("fido", "executing program"), _PODIUM],
            note=_format_note(payload.format),
            outcome="success" if payload.format.puid else "failure",
        )
    )
    return events


def _format_note(found: Identification) -> str:
    """What fido found, on what basis, and the other candidates an extension match offered."""
    note = (
        f"{found.puid} ({found.name}{', ' + found.version if found.version else ''}), "
        f"matched by {found.basis}"
        if found.puid
        else "no PRONOM format matched"
    )
    if found.basis == "extension" and len(found.candidates) > 1:
        note += f"; by extension fido also offered {', '.join(found.candidates[1:])}"
    return note


def _agents(prov: Provenance) -> list[Agent]:
    fido = Agent(
        "fido", "fido", "software", prov.fido.version, f"signatures {prov.fido.signatures}"
    )
    optional = [prov.pandoc, prov.organization, prov.person]
    return [prov.podium, fido, prov.bagit, *(a for a in optional if a)]


# --- PREMIS ----------------------------------------------------------------------------------


def _premis_object(
    parent: etree._Element,
    payload: PayloadFile,
    by_role: dict[str, PayloadFile],
    events: list[_Event],
    prov: Provenance,
) -> None:
    obj = _el(parent, "premis:object", version="3.0")
    obj.set(f"{{{XSI_NS}}}type", "premis:file")
    _identifier(obj, "premis:objectIdentifier", "local", payload.path)
    chars = _el(obj, "premis:objectCharacteristics")
    _text(chars, "premis:compositionLevel", "0")
    for name, digest in (("SHA-256", payload.sha256), ("SHA-512", payload.sha512)):
        fixity = _el(chars, "premis:fixity")
        _text(fixity, "premis:messageDigestAlgorithm", name)
        _text(fixity, "premis:messageDigest", digest)
        _text(fixity, "premis:messageDigestOriginator", "podium" if name == "SHA-256" else "bagit")
    _text(chars, "premis:size", str(payload.size))
    fmt = _el(chars, "premis:format")
    found = payload.format
    designation = _el(fmt, "premis:formatDesignation")
    _text(designation, "premis:formatName", found.name or "unknown")
    if found.version:
        _text(designation, "premis:formatVersion", found.version)
    if found.puid:
        registry = _el(fmt, "premis:formatRegistry")
        _text(registry, "premis:formatRegistryName", "PRONOM")
        _text(registry, "premis:formatRegistryKey", found.puid)
        _text(registry, "premis:formatRegistryRole", "specification")
    _text(fmt, "premis:formatNote", f"identified by {prov.fido.name} ({found.basis})")
    if payload.role not in ("source", "sidecar"):
        app = _el(chars, "premis:creatingApplication")
        _text(app, "premis:creatingApplicationName", "podium")
        _text(app, "premis:creatingApplicationVersion", prov.podium.version or "")
        _text(app, "premis:dateCreatedByApplication", prov.built)
    _text(obj, "premis:originalName", payload.original_name)
    derived = {"akn": "source", **{r: "akn" for r in RENDITION_TOOLS}}.get(payload.role)
    if derived and derived in by_role:
        rel = _el(obj, "premis:relationship")
        _text(rel, "premis:relationshipType", "derivation")
        _text(rel, "premis:relationshipSubType", "has source")
        _identifier(rel, "premis:relatedObjectIdentifier", "local", by_role[derived].path)
    for event in events:
        _identifier(obj, "premis:linkingEventIdentifier", "UUID", event.identifier)


def _premis_event(parent: etree._Element, event: _Event) -> None:
    element = _el(parent, "premis:event", version="3.0")
    _identifier(element, "premis:eventIdentifier", "UUID", event.identifier)
    _text(element, "premis:eventType", event.kind)
    _text(element, "premis:eventDateTime", event.when)
    info = _el(element, "premis:eventDetailInformation")
    _text(info, "premis:eventDetail", event.detail)
    outcome = _el(element, "premis:eventOutcomeInformation")
    _text(outcome, "premis:eventOutcome", event.outcome)
    if event.outcome_note:
        detail = _el(outcome, "premis:eventOutcomeDetail")
        _text(detail, "premis:eventOutcomeDetailNote", event.outcome_note)
    for key, role in event.agents:
        link = _identifier(element, "premis:linkingAgentIdentifier", "local", key)
        _text(link, "premis:linkingAgentRole", role)
    for path, role in event.objects:
        link = _identifier(element, "premis:linkingObjectIdentifier", "local", path)
        _text(link, "premis:linkingObjectRole", role)


def _premis_agent(parent: etree._Element, agent: Agent) -> None:
    element = _el(parent, "premis:agent", version="3.0")
    _identifier(element, "premis:agentIdentifier", "local", agent.key)
    _text(element, "premis:agentName", agent.name)
    _text(element, "premis:agentType", agent.kind)
    if agent.version:
        _text(element, "premis:agentVersion", agent.version)
    if agent.note:
        _text(element, "premis:agentNote", agent.note)


def _identifier(parent: etree._Element, tag: str, kind: str, value: str) -> etree._Element:
    """A PREMIS ``xIdentifier`` with its ``xIdentifierType`` and ``xIdentifierValue``."""
    element = _el(parent, tag)
    _text(element, f"{tag}Type", kind)
    _text(element, f"{tag}Value", value)
    return element


# --- plumbing --------------------------------------------------------------------------------


def _header_agent(
    header: etree._Element, role: str, kind: str, name: str, other: str | None = None
) -> None:
    agent = _el(header, "mets:agent", ROLE=role, TYPE=kind)
    if other:
        agent.set("OTHERTYPE", other)
    _text(agent, "mets:name", name)


def _wrap(section: etree._Element, mdtype: str) -> etree._Element:
    wrap = _el(section, "mets:mdWrap", MDTYPE=mdtype, MDTYPEVERSION="3.0")
    return _el(wrap, "mets:xmlData")


def _dc_into(parent: etree._Element, facts: list[tuple[str, str]]) -> None:
    for name, value in facts:
        _text(parent, f"dc:{name}", value)


def _file_id(payload: PayloadFile) -> str:
    return f"file-{payload.role}"


def _el(
    parent: etree._Element | None,
    tag: str,
    nsmap: dict[str, str] | None = None,
    **attributes: str,
) -> etree._Element:
    prefix, local = tag.split(":")
    qname = f"{{{NSMAP[prefix]}}}{local}"
    if parent is None:
        element = etree.Element(qname, nsmap=nsmap)
    else:
        element = etree.SubElement(parent, qname)
    for key, value in attributes.items():
        element.set(key, value)
    return element


def _text(parent: etree._Element, tag: str, value: str) -> etree._Element:
    element = _el(parent, tag)
    element.text = value
    return element


def _serialise(root: etree._Element) -> bytes:
    etree.indent(root, space="  ")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


__all__ = ["Agent", "PayloadFile", "Provenance", "dublin_core", "mets", "schema_errors"]
