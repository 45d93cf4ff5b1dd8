"""Golden masters: each fixture's master compared after C14N, volatile values masked.

``pytest --accept`` rewrites the goldens from the current output; review the diff.
The seed's golden keeps structure, attributes and eIds but replaces every text by
its digest, so the project never holds a copy of the seed's words.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from lxml import etree

from podium.convert import build_one
from podium.convert.model.akn import XPNS, parse_bytes

from .conftest import FIXTURES, fixed_options

GOLDEN = Path(__file__).parent / "golden"
#: Every fixture folder holding an ``input.<ext>`` (and maybe ``input.meta.json``).
INPUTS = sorted(
    p
    for p in FIXTURES.rglob("input.*")
    if not p.name.endswith(".meta.json") and "bad" not in p.parts
)
CASES = [str(p.parent.relative_to(FIXTURES)) for p in INPUTS]
#: One input per reader that is not plain text; goldens in tests/golden/readers/.
READER_INPUTS = [
    FIXTURES / "readers" / "pandoc" / f"speech.{ext}" for ext in ("md", "html", "docx", "odt")
]
READER_INPUTS.append(FIXTURES / "readers" / "akn" / "bluebell-doc.xml")


def canonical(master: bytes, *, digest_text: bool = False) -> str:
    """C14N 2.0 of a master with generation dates and podium's version masked."""
    root = parse_bytes(master).getroot()
    for el in root.xpath("//a:FRBRManifestation/a:FRBRdate", namespaces=XPNS):
        el.set("date", "GENERATED")
    for el in root.xpath("//a:TLCOrganization[@eId='podium']", namespaces=XPNS):
        el.set("showAs", re.sub(r"\d+\.\d+\S*", "VERSION", el.get("showAs", "")))
    if digest_text:
        for el in root.iter(etree.Element):
            for attr in (
                ("showAs", "value") if el.get("name") == "title" or "showAs" in el.attrib else ()
            ):
                if attr in el.attrib:
                    el.set(attr, _digest(el.get(attr, "")))
            if el.text and el.text.strip():
                el.text = _digest(el.text)
            if el.tail and el.tail.strip():
                el.tail = _digest(el.tail)
    return etree.canonicalize(etree.tostring(root).decode("utf-8")) + "\n"


def _digest(text: str) -> str:
    return f"[{len(text)}:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}]"


def check(actual: str, golden: Path, accept: bool) -> None:
    if accept or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        if not accept:
            pytest.fail(f"{golden} did not exist: written now, review and commit it")
    assert actual == golden.read_text(encoding="utf-8"), f"differs from {golden} (--accept)"


@pytest.mark.parametrize("src", INPUTS, ids=CASES)
def test_fixture_master_matches_golden(src: Path, tmp_path: Path, accept: bool) -> None:
    case = src.parent.relative_to(FIXTURES)
    result = build_one(src, fixed_options(tmp_path, formats=("akn",)))
    check(
        canonical(result.outputs["akn"].read_bytes()), FIXTURES / case / "expected.akn.xml", accept
    )


@pytest.mark.parametrize("src", READER_INPUTS, ids=[p.name for p in READER_INPUTS])
def test_reader_master_matches_golden(src: Path, tmp_path: Path, accept: bool) -> None:
    result = build_one(src, fixed_options(tmp_path, formats=("akn",)))
    check(
        canonical(result.outputs["akn"].read_bytes()),
        GOLDEN / "readers" / f"{src.name}.akn.xml",
        accept,
    )


def test_seed_master_matches_golden(seed: Path, tmp_path: Path, accept: bool) -> None:
    result = build_one(seed, fixed_options(tmp_path, formats=("akn",)))
    check(
        canonical(result.outputs["akn"].read_bytes(), digest_text=True),
        GOLDEN / "seed.akn.digest.xml",
        accept,
    )


def test_masking_hides_only_volatile_values(seed: Path, tmp_path: Path) -> None:
    a = build_one(seed, fixed_options(tmp_path / "a", formats=("akn",))).outputs["akn"]
    changed = a.read_bytes().replace(b"Mr. President", b"Mr. Chairman", 1)
    assert canonical(changed, digest_text=True) != canonical(a.read_bytes(), digest_text=True)


TEXT_INPUTS = [p for p in INPUTS if p.suffix == ".txt"]


@pytest.mark.parametrize(
    "src", TEXT_INPUTS, ids=[str(p.parent.relative_to(FIXTURES)) for p in TEXT_INPUTS]
)
def test_podium_text_gives_the_source_back(src: Path, tmp_path: Path) -> None:
    """Round trip: the master's text is the source's text, but for dropped page chrome."""
    from podium.convert import read_master, speech_text
    from podium.convert.knowledge import ontology
    from podium.convert.knowledge.patterns import BREADCRUMB

    master = build_one(src, fixed_options(tmp_path, formats=("akn",))).outputs["akn"]
    back = " ".join(speech_text(read_master(master)).split())
    blocks = [
        " ".join(b.split()) for b in src.read_text(encoding="utf-8").split("\n\n") if b.strip()
    ]
    chrome = {c["text"].lower() for c in ontology.facts()["chrome"]}
    while blocks and (blocks[0].lower() in chrome or BREADCRUMB.match(blocks[0])):
        blocks.pop(0)
    assert back == " ".join(blocks)
