"""What a podium bag says about itself: BagIt 1.0, its profile, METS with PREMIS, Dublin Core.

Checked with the real validators where they exist (bagit-python's full validation,
bagit-profile with the profile podium ships, the METS 1.12.1 schema) and by reading the
METS back for the facts the archive needs: every payload file with its size, digests,
PRONOM format and original name; the events of its life; the agents.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from importlib import resources
from pathlib import Path

import bagit
import pytest
from lxml import etree

from podium.archive import mets
from podium.archive.bag import PROFILE_ID, make_bag
from podium.archive.cli.main import main
from podium.convert.errors import DepositError

from .archive_helpers import FILES, SIDECAR, WORK, write_built

NS = {
    "mets": mets.METS_NS,
    "premis": mets.PREMIS_NS,
    "xlink": mets.XLINK_NS,
    "dc": mets.DC_NS,
    "oai_dc": mets.OAI_DC_NS,
}


@pytest.fixture(scope="module")
def bag(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bag")
    built = write_built(root, sidecar=True)
    return make_bag(
        built,
        root / "bag",
        organization="UN Archives and Records Management",
        user="A. Archivist",
        user_address="mailto:archivist@example.org",
    )


@pytest.fixture(scope="module")
def tree(bag: Path) -> etree._ElementTree:
    return etree.parse(str(bag / "metadata" / "mets.xml"))


def profile() -> dict:
    path = resources.files("podium.schemas").joinpath("bagit/podium-deposit-1.0.json")
    return json.loads(path.read_text(encoding="utf-8"))


def premis_object(tree: etree._ElementTree, path: str) -> etree._Element:
    found = tree.xpath(
        "//premis:object[premis:objectIdentifier/premis:objectIdentifierValue = $p]",
        namespaces=NS,
        p=path,
    )
    assert len(found) == 1, path
    return found[0]


def events_of(tree: etree._ElementTree, path: str) -> list[str]:
    return tree.xpath(
        "//premis:event[premis:linkingObjectIdentifier"
        "[premis:linkingObjectRole = 'outcome']/premis:linkingObjectIdentifierValue = $p]"
        "/premis:eventType/text()",
        namespaces=NS,
        p=path,
    )


# --- BagIt 1.0 and the profile ----------------------------------------------------------------


def test_declares_bagit_1_0_and_validates_in_full(bag: Path) -> None:
    assert (bag / "bagit.txt").read_bytes() == (
        b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    )
    opened = bagit.Bag(str(bag))
    assert opened.version_info == (1, 0)
    assert opened.validate(fast=False)


def test_tag_manifests_cover_the_metadata_files(bag: Path) -> None:
    for algorithm in ("sha256", "sha512"):
        lines = (bag / f"tagmanifest-{algorithm}.txt").read_text(encoding="utf-8").splitlines()
        listed = {line.split(" ", 1)[1]: line.split(" ", 1)[0] for line in lines}
        assert {"metadata/mets.xml", "metadata/dc.xml", "bag-info.txt", "bagit.txt"} <= set(listed)
        digest = hashlib.new(algorithm, (bag / "metadata/mets.xml").read_bytes()).hexdigest()
        assert listed["metadata/mets.xml"] == digest
        assert [line.split(" ", 1)[1] for line in lines] == sorted(listed)


def test_bagit_profile_accepts_the_bag(bag: Path) -> None:
    bagit_profile = pytest.importorskip("bagit_profile")
    checker = bagit_profile.Profile(PROFILE_ID, profile=profile())
    assert checker.validate_serialization(str(bag))
    assert checker.validate(bagit.Bag(str(bag))), [str(e) for e in checker.report.errors]


def test_bagit_profile_refuses_a_bag_without_the_mets(bag: Path, tmp_path: Path) -> None:
    """The profile is not a rubber stamp: a bag missing a required tag file fails it."""
    bagit_profile = pytest.importorskip("bagit_profile")
    copy = tmp_path / "copy"
    shutil.copytree(bag, copy)
    (copy / "metadata" / "mets.xml").unlink()
    checker = bagit_profile.Profile(PROFILE_ID, profile=profile())
    assert not checker.validate(bagit.Bag(str(copy)))


def test_bag_info_names_the_profile_and_the_work(bag: Path) -> None:
    info = bagit.Bag(str(bag)).info
    assert (
        info["BagIt-Profile-Identifier"]
        == PROFILE_ID
        == profile()["BagIt-Profile-Info"]["BagIt-Profile-Identifier"]
    )
    assert info["External-Identifier"] == WORK
    assert info["Source-Organization"] == "UN Archives and Records Management"


def test_sidecar_is_in_the_payload(bag: Path) -> None:
    assert (bag / "data/source/speech.meta.json").read_text(encoding="utf-8") == SIDECAR


# --- METS and PREMIS ---------------------------------------------------------------------------


def test_mets_is_valid_against_the_mets_schema_and_premis_subset(bag: Path) -> None:
    assert mets.schema_errors((bag / "metadata/mets.xml").read_bytes()) == []


def test_schema_check_is_not_a_rubber_stamp(bag: Path) -> None:
    data = (bag / "metadata/mets.xml").read_bytes()
    tree = etree.fromstring(data)
    # PREMIS order: size comes after fixity; put one size first
    chars = tree.xpath("(//premis:objectCharacteristics)[1]", namespaces=NS)[0]
    size = chars.find(f"{{{mets.PREMIS_NS}}}size")
    chars.remove(size)
    chars.insert(0, size)
    assert mets.schema_errors(etree.tostring(tree))
    # METS: a file without FLocat or FContent is still valid, but an unknown CHECKSUMTYPE is not
    tree = etree.fromstring(data)
    tree.xpath("(//mets:file)[1]", namespaces=NS)[0].set("CHECKSUMTYPE", "SHA-999")
    assert mets.schema_errors(etree.tostring(tree))


def test_every_payload_file_has_a_premis_object(bag: Path, tree: etree._ElementTree) -> None:
    payload = sorted(
        p.relative_to(bag).as_posix() for p in (bag / "data").rglob("*") if p.is_file()
    )
    described = sorted(
        tree.xpath(
            "//premis:object/premis:objectIdentifier/premis:objectIdentifierValue/text()",
            namespaces=NS,
        )
    )
    assert described == payload
    for path in payload:
        obj = premis_object(tree, path)
        data = (bag / path).read_bytes()
        digests = dict(
            zip(
                obj.xpath(".//premis:messageDigestAlgorithm/text()", namespaces=NS),
                obj.xpath(".//premis:messageDigest/text()", namespaces=NS),
                strict=True,
            )
        )
        assert digests == {
            "SHA-256": hashlib.sha256(data).hexdigest(),
            "SHA-512": hashlib.sha512(data).hexdigest(),
        }
        assert obj.findtext(".//premis:size", namespaces=NS) == str(len(data))
        assert obj.findtext("premis:originalName", namespaces=NS)


def test_formats_come_from_fido_with_their_basis(tree: etree._ElementTree) -> None:
    def puid(path: str) -> str | None:
        return premis_object(tree, path).findtext(".//premis:formatRegistryKey", namespaces=NS)

    assert puid("data/speech.akn.xml") == "fmt/1724"  # LegalDocML, matched by signature
    assert puid("data/source/speech.txt") == "x-fmt/111"  # plain text: by extension only
    note = premis_object(tree, "data/source/speech.txt").findtext(
        ".//premis:formatNote", namespaces=NS
    )
    assert "extension" in note


def test_original_names(tree: etree._ElementTree) -> None:
    name = premis_object(tree, "data/source/speech.txt").findtext(
        "premis:originalName", namespaces=NS
    )
    assert name == "speech.txt"


def test_events_of_each_file(tree: etree._ElementTree) -> None:
    always = {"fixity check", "message digest calculation", "format identification"}
    assert set(events_of(tree, "data/source/speech.txt")) == always | {"ingestion"}
    assert set(events_of(tree, "data/speech.akn.xml")) == always | {"normalization", "validation"}
    for rendition in ("speech.pdf", "speech.epub", "speech.html"):
        assert set(events_of(tree, f"data/{rendition}")) == always | {"creation"}
    assert set(events_of(tree, "data/podium-build.json")) == {
        "message digest calculation",
        "format identification",
    }


def test_normalisation_links_source_to_master(tree: etree._ElementTree) -> None:
    sources = tree.xpath(
        "//premis:event[premis:eventType='normalization']/premis:linkingObjectIdentifier"
        "[premis:linkingObjectRole='source']/premis:linkingObjectIdentifierValue/text()",
        namespaces=NS,
    )
    assert sources == ["data/source/speech.txt"]
    derived = premis_object(tree, "data/speech.pdf").xpath(
        "premis:relationship/premis:relatedObjectIdentifier/premis:relatedObjectIdentifierValue"
        "/text()",
        namespaces=NS,
    )
    assert derived == ["data/speech.akn.xml"]


def test_every_linked_event_and_agent_exists(tree: etree._ElementTree) -> None:
    events = set(tree.xpath("//premis:eventIdentifierValue/text()", namespaces=NS))
    linked = set(tree.xpath("//premis:linkingEventIdentifierValue/text()", namespaces=NS))
    assert linked == events
    agents = set(tree.xpath("//premis:agentIdentifierValue/text()", namespaces=NS))
    used = set(tree.xpath("//premis:linkingAgentIdentifierValue/text()", namespaces=NS))
    assert used <= agents
    ids = set(tree.xpath("//@ID"))
    for admid in tree.xpath("//mets:file/@ADMID", namespaces=NS):
        assert set(admid.split()) <= ids


def test_agents(tree: etree._ElementTree) -> None:
    agents = {
        a.findtext("premis:agentIdentifier/premis:agentIdentifierValue", namespaces=NS): (
            a.findtext("premis:agentName", namespaces=NS),
            a.findtext("premis:agentType", namespaces=NS),
            a.findtext("premis:agentVersion", namespaces=NS),
        )
        for a in tree.xpath("//premis:agent", namespaces=NS)
    }
    assert agents["podium"][:2] == ("podium", "software") and agents["podium"][2]
    assert agents["fido"][1] == "software" and agents["fido"][2]
    assert agents["bagit"][:2] == ("bagit-python", "software")
    assert agents["organization"][:2] == ("UN Archives and Records Management", "organization")
    assert agents["depositor"][:2] == ("A. Archivist", "person")


def test_file_section_and_locations(bag: Path, tree: etree._ElementTree) -> None:
    groups = {
        g.get("USE"): [
            f.find("mets:FLocat", NS).get(f"{{{mets.XLINK_NS}}}href")
            for f in g.findall("mets:file", NS)
        ]
        for g in tree.xpath("//mets:fileGrp", namespaces=NS)
    }
    assert groups == {
        "original": ["data/source/speech.txt", "data/source/speech.meta.json"],
        "preservation": ["data/speech.akn.xml"],
        "access": ["data/speech.html", "data/speech.pdf", "data/speech.epub"],
        "metadata": ["data/podium-build.json"],
    }
    for entry in tree.xpath("//mets:file", namespaces=NS):
        href = entry.find("mets:FLocat", NS).get(f"{{{mets.XLINK_NS}}}href")
        data = (bag / href).read_bytes()
        assert entry.get("CHECKSUM") == hashlib.sha512(data).hexdigest()
        assert entry.get("SIZE") == str(len(data))


# --- Dublin Core -------------------------------------------------------------------------------


def test_dublin_core_comes_from_the_master(bag: Path, tree: etree._ElementTree) -> None:
    dc = etree.parse(str(bag / "metadata/dc.xml"))
    facts = {(e.tag.split("}")[1], e.text) for e in dc.getroot()}
    assert ("title", "Remarks to the General Assembly on water") in facts
    assert ("creator", "A. Speaker (Secretary-General)") in facts
    assert ("date", "2021-04-19") in facts
    assert ("identifier", WORK) in facts
    assert ("language", "en") in facts
    in_mets = {
        (e.tag.split("}")[1], e.text)
        for e in tree.xpath("//mets:dmdSec//mets:xmlData/*", namespaces=NS)
    }
    assert in_mets == facts


# --- reproducibility and failures --------------------------------------------------------------


def test_reproducible_deposit_is_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1618790400")
    built = write_built(tmp_path, sidecar=True)
    one = make_bag(built, tmp_path / "one", organization="UN")
    two = make_bag(built, tmp_path / "two", organization="UN")
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for rel in files:
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel


def test_event_ids_differ_between_deposits_at_different_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = write_built(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1618790400")
    one = etree.parse(str(make_bag(built, tmp_path / "one") / "metadata/mets.xml"))
    record = json.loads((built / "podium-build.json").read_text(encoding="utf-8"))
    record["generated"] = "2026-11-28T10:00:00+00:00"
    (built / "podium-build.json").write_text(json.dumps(record), encoding="utf-8")
    two = etree.parse(str(make_bag(built, tmp_path / "two") / "metadata/mets.xml"))
    ids = "//premis:eventIdentifierValue/text()"
    assert not set(one.xpath(ids, namespaces=NS)) & set(two.xpath(ids, namespaces=NS))


def test_unreadable_master_is_e406_and_leaves_nothing(tmp_path: Path) -> None:
    built = write_built(tmp_path)
    broken = b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>\n'
    (built / FILES["akn"][0]).write_bytes(broken)
    record = json.loads((built / "podium-build.json").read_text(encoding="utf-8"))
    record["outputs"]["akn"]["sha256"] = hashlib.sha256(broken).hexdigest()
    record["outputs"]["akn"]["size"] = len(broken)
    (built / "podium-build.json").write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(DepositError) as caught:
        make_bag(built, tmp_path / "bag")
    assert caught.value.code == "PODIUM-E406"
    assert caught.value.path == built / FILES["akn"][0]
    assert not (tmp_path / "bag").exists()
    assert not list(tmp_path.glob(".*.tmp-*"))


def test_cli_options_reach_the_mets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PODIUM_ORGANIZATION", "Parliamentary Archives")
    built = write_built(tmp_path)
    assert main(["deposit", str(built), "--bag", str(tmp_path / "bag"), "--user", "R. Keeper"]) == 0
    assert "BagIt 1.0" in capsys.readouterr().out
    tree = etree.parse(str(tmp_path / "bag/metadata/mets.xml"))
    names = tree.xpath("//mets:metsHdr/mets:agent/mets:name/text()", namespaces=NS)
    assert "Parliamentary Archives" in names and "R. Keeper" in names
    assert bagit.Bag(str(tmp_path / "bag")).info["Source-Organization"] == "Parliamentary Archives"


def test_verify_names_a_damaged_mets(bag: Path, tmp_path: Path) -> None:
    from podium.archive.verify import verify

    from .archive_helpers import codes, flip_one_byte

    copy = tmp_path / "copy"
    shutil.copytree(bag, copy)
    flip_one_byte(copy / "metadata" / "mets.xml", at=200)
    assert ("PODIUM-E411", "metadata/mets.xml") in codes(verify(copy))
