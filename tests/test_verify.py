"""verify: full-digest BagIt checks, each damage named by file with a stable code."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest

from podium.archive.bag import make_bag
from podium.archive.verify import verify
from podium.convert.errors import DepositError

from .archive_helpers import STEM, codes, flip_one_byte, write_built


@pytest.fixture
def bag(tmp_path: Path) -> Path:
    return make_bag(write_built(tmp_path / "build"), tmp_path / "bag")


def test_intact_bag(bag: Path) -> None:
    assert verify(bag) == []


def test_same_size_edit_is_one_problem_naming_the_file(bag: Path) -> None:
    pdf = bag / "data" / f"{STEM}.pdf"
    size = pdf.stat().st_size
    flip_one_byte(pdf)
    assert pdf.stat().st_size == size
    problems = verify(bag)
    assert codes(problems) == [("PODIUM-E411", f"data/{STEM}.pdf")]
    assert re.search(r"sha256 expected [0-9a-f]{64}, found [0-9a-f]{64}", problems[0].message)
    assert "sha512" in problems[0].message
    # the digests as fields too, one per manifest, the same as the message gives
    digests = problems[0].digests
    assert [d.algorithm for d in digests] == ["sha256", "sha512"]
    assert all(d.expected and d.found and d.expected != d.found for d in digests)
    assert all(
        f"{d.algorithm} expected {d.expected}, found {d.found}" in problems[0].message
        for d in digests
    )


def test_edit_in_a_subfolder(bag: Path) -> None:
    flip_one_byte(bag / "data" / "source" / "speech.txt")
    assert codes(verify(bag)) == [("PODIUM-E411", "data/source/speech.txt")]


def test_deleted_payload_file(bag: Path) -> None:
    # bagit would stop at the Payload-Oxum count without naming the file: it must be named.
    (bag / "data" / f"{STEM}.html").unlink()
    assert codes(verify(bag)) == [("PODIUM-E412", f"data/{STEM}.html")]


def test_extra_payload_file(bag: Path) -> None:
    (bag / "data" / "notes.txt").write_text("added after bagging", encoding="utf-8")
    assert codes(verify(bag)) == [("PODIUM-E413", "data/notes.txt")]


def test_extra_file_in_a_new_payload_folder(bag: Path) -> None:
    (bag / "data" / "extra").mkdir()
    (bag / "data" / "extra" / "a.bin").write_bytes(b"\x00")
    assert codes(verify(bag)) == [("PODIUM-E413", "data/extra/a.bin")]


def test_changed_bag_info(bag: Path) -> None:
    info = bag / "bag-info.txt"
    info.write_text(
        info.read_text(encoding="utf-8").replace("unknown", "someone"), encoding="utf-8"
    )
    assert codes(verify(bag)) == [("PODIUM-E411", "bag-info.txt")]


def test_wrong_payload_oxum(bag: Path) -> None:
    # Without tagmanifests (they are optional) only the Payload-Oxum check can see this.
    for tagmanifest in bag.glob("tagmanifest-*.txt"):
        tagmanifest.unlink()
    info = bag / "bag-info.txt"
    text = info.read_text(encoding="utf-8")
    info.write_text(re.sub(r"Payload-Oxum: \d+\.", "Payload-Oxum: 1.", text), encoding="utf-8")
    assert codes(verify(bag)) == [("PODIUM-E414", "bag-info.txt")]


def test_one_manifest_removed(bag: Path) -> None:
    (bag / "manifest-sha256.txt").unlink()
    assert codes(verify(bag)) == [("PODIUM-E414", "manifest-sha256.txt")]


def test_every_manifest_removed(bag: Path) -> None:
    for manifest in bag.glob("manifest-*.txt"):
        manifest.unlink()
    assert [p.code for p in verify(bag)] == ["PODIUM-E414"]


@pytest.mark.parametrize(
    "garbage",
    [
        b"garbage, not tags\n",
        b"\xff\xfe\x00\x01",
        b"BagIt-Version: x\nTag-File-Character-Encoding: UTF-8\n",
        b"",
    ],
)
def test_garbage_bagit_txt(bag: Path, garbage: bytes) -> None:
    (bag / "bagit.txt").write_bytes(garbage)
    assert [p.code for p in verify(bag)] == ["PODIUM-E414"]


def test_missing_payload_folder(bag: Path) -> None:
    shutil.rmtree(bag / "data")
    assert [p.code for p in verify(bag)] == ["PODIUM-E414"]


def test_unsafe_manifest_path(bag: Path) -> None:
    manifest = bag / "manifest-sha256.txt"
    with manifest.open("a", encoding="utf-8") as handle:
        handle.write(f"{'0' * 64}  ../outside.txt\n")
    assert [p.code for p in verify(bag)] == ["PODIUM-E414"]


def test_not_a_bag(tmp_path: Path) -> None:
    built = write_built(tmp_path)
    with pytest.raises(DepositError) as caught:
        verify(built)
    assert caught.value.code == "PODIUM-E416"
    with pytest.raises(DepositError) as caught:
        verify(built / "podium-build.json")
    assert caught.value.code == "PODIUM-E416"


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(DepositError) as caught:
        verify(tmp_path / "nowhere")
    assert caught.value.code == "PODIUM-E415"
    assert caught.value.path == tmp_path / "nowhere"


def test_verify_only_reads_and_stays_quiet(bag: Path, caplog: pytest.LogCaptureFixture) -> None:
    flip_one_byte(bag / "data" / f"{STEM}.epub")
    (bag / "data" / f"{STEM}.html").unlink()
    before = {p: p.read_bytes() for p in sorted(bag.rglob("*")) if p.is_file()}
    level = logging.getLogger("bagit").level
    caplog.set_level(logging.DEBUG)
    assert verify(bag) != []
    assert {p: p.read_bytes() for p in sorted(bag.rglob("*")) if p.is_file()} == before
    assert [r for r in caplog.records if r.name.startswith("bagit")] == []
    assert logging.getLogger("bagit").level == level
