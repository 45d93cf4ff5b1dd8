"""make_bag: a fresh, valid bag of exactly the recorded files; never in place, never half-made."""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

import bagit
import pytest

from podium.archive.bag import make_bag
from podium.convert.errors import DepositError
from podium.convert.version import __version__

from .archive_helpers import FILES, GENERATED, TITLE, WORK, snapshot, write_built


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*.tmp-*"))


def test_bag_is_valid_with_full_digests(tmp_path: Path) -> None:
    dest = make_bag(write_built(tmp_path), tmp_path / "deposit" / "bag")
    assert dest == tmp_path / "deposit" / "bag"
    bag = bagit.Bag(str(dest))
    assert bag.validate(fast=False)
    assert sorted(bag.algorithms) == ["sha256", "sha512"]
    assert (dest / "manifest-sha256.txt").is_file()
    assert (dest / "manifest-sha512.txt").is_file()


def test_payload_holds_byte_equal_copies_of_the_recorded_files(tmp_path: Path) -> None:
    built = write_built(tmp_path)
    (built / "notes.tmp").write_text("not listed in the record", encoding="utf-8")
    dest = make_bag(built, tmp_path / "bag")
    expected = {path: data for path, data in FILES.values()}
    expected["podium-build.json"] = (built / "podium-build.json").read_bytes()
    assert snapshot(dest / "data") == expected


def test_bag_info_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    dest = make_bag(write_built(tmp_path), tmp_path / "bag", organization="UN DGACM")
    info = bagit.Bag(str(dest)).info
    assert info["Source-Organization"] == "UN DGACM"
    assert info["External-Identifier"] == WORK
    assert info["External-Description"] == TITLE
    assert info["Bag-Software-Agent"] == f"podium {__version__}"
    assert info["Bagging-Date"] in {datetime.now(UTC).date().isoformat()}
    assert info["Payload-Oxum"] == f"{sum(len(d) for d in snapshot(dest / 'data').values())}.6"


def test_bagging_date_is_the_build_date_when_reproducible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    dest = make_bag(write_built(tmp_path), tmp_path / "bag")
    info = bagit.Bag(str(dest)).info
    assert info["Bagging-Date"] == GENERATED[:10]
    assert info["Source-Organization"] == "unknown"


def test_built_folder_is_unchanged(tmp_path: Path) -> None:
    built = write_built(tmp_path)
    before = snapshot(built)
    make_bag(built, tmp_path / "bag")
    assert snapshot(built) == before


def test_working_directory_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_built(tmp_path)
    monkeypatch.chdir(tmp_path)
    make_bag(Path("speech"), Path("out/bag"))  # relative paths, as the command line gives them
    assert Path.cwd() == tmp_path
    assert bagit.Bag(str(tmp_path / "out" / "bag")).validate(fast=False)


def test_existing_dest_is_refused_and_untouched(tmp_path: Path) -> None:
    built = write_built(tmp_path)
    dest = tmp_path / "bag"
    dest.mkdir()
    (dest / "keep.txt").write_text("earlier deposit", encoding="utf-8")
    with pytest.raises(DepositError) as caught:
        make_bag(built, dest)
    assert caught.value.code == "PODIUM-E402"
    assert snapshot(dest) == {"keep.txt": b"earlier deposit"}
    assert leftovers(tmp_path) == []


def test_empty_existing_dest_is_refused(tmp_path: Path) -> None:
    dest = tmp_path / "bag"
    dest.mkdir()
    with pytest.raises(DepositError) as caught:
        make_bag(write_built(tmp_path), dest)
    assert caught.value.code == "PODIUM-E402"
    assert list(dest.iterdir()) == []


@pytest.mark.parametrize("damage", ["edit", "same-size", "delete"])
def test_tampered_built_folder_is_refused_and_leaves_nothing(tmp_path: Path, damage: str) -> None:
    built = write_built(tmp_path)
    pdf = built / "speech.pdf"
    if damage == "edit":
        pdf.write_bytes(pdf.read_bytes() + b"appended")
    elif damage == "same-size":
        data = bytearray(pdf.read_bytes())
        data[-3] ^= 0x01
        pdf.write_bytes(bytes(data))
    else:
        pdf.unlink()
    dest = tmp_path / "out" / "bag"
    with pytest.raises(DepositError) as caught:
        make_bag(built, dest)
    assert caught.value.code == "PODIUM-E403"
    assert "speech.pdf" in str(caught.value)
    assert not dest.exists()
    assert leftovers(dest.parent) == []


def test_missing_record(tmp_path: Path) -> None:
    built = write_built(tmp_path)
    (built / "podium-build.json").unlink()
    with pytest.raises(DepositError) as caught:
        make_bag(built, tmp_path / "bag")
    assert caught.value.code == "PODIUM-E401"
    assert caught.value.path == built
    assert not (tmp_path / "bag").exists()


@pytest.mark.parametrize("text", ["{not json", "[]", '{"outputs": {}}', "\udcff"])
def test_unreadable_record(tmp_path: Path, text: str) -> None:
    built = write_built(tmp_path)
    (built / "podium-build.json").write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(DepositError) as caught:
        make_bag(built, tmp_path / "bag")
    assert caught.value.code == "PODIUM-E401"


@pytest.mark.parametrize(
    "bad_path", ["/etc/passwd", "../speech.pdf", "a/../../x.pdf", "C:/x.pdf", "..\\x.pdf"]
)
def test_record_paths_must_stay_inside(tmp_path: Path, bad_path: str) -> None:
    built = write_built(tmp_path)
    record = json.loads((built / "podium-build.json").read_text(encoding="utf-8"))
    record["outputs"]["pdf"]["path"] = bad_path
    (built / "podium-build.json").write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(DepositError) as caught:
        make_bag(built, tmp_path / "bag")
    assert caught.value.code == "PODIUM-E404"
    assert not (tmp_path / "bag").exists()
    assert leftovers(tmp_path) == []


def test_symlink_out_of_the_built_folder_is_refused(tmp_path: Path) -> None:
    built = write_built(tmp_path)
    outside = tmp_path / "secret.pdf"
    outside.write_bytes((built / "speech.pdf").read_bytes())
    (built / "speech.pdf").unlink()
    os.symlink(outside, built / "speech.pdf")
    with pytest.raises(DepositError) as caught:
        make_bag(built, tmp_path / "bag")
    assert caught.value.code == "PODIUM-E404"


def test_failure_after_copying_began_leaves_no_staging(tmp_path: Path) -> None:
    # The epub is listed last, so the staging folder already holds copies when this fails.
    built = write_built(tmp_path)
    (built / "speech.epub").write_bytes(b"PK\x03\x04 a different epub")
    with pytest.raises(DepositError) as caught:
        make_bag(built, tmp_path / "out" / "bag")
    assert caught.value.code == "PODIUM-E403"
    assert "speech.epub" in str(caught.value)
    assert list((tmp_path / "out").iterdir()) == []


def test_unreadable_payload_file_leaves_no_staging(tmp_path: Path) -> None:
    built = write_built(tmp_path)
    (built / "speech.html").chmod(0)
    if os.access(built / "speech.html", os.R_OK):
        pytest.skip("running as a user who can read anything")
    try:
        with pytest.raises(DepositError) as caught:
            make_bag(built, tmp_path / "out" / "bag")
    finally:
        (built / "speech.html").chmod(0o644)
    assert caught.value.code == "PODIUM-E405"
    assert not (tmp_path / "out" / "bag").exists()
    assert leftovers(tmp_path / "out") == []


def test_subset_of_outputs(tmp_path: Path) -> None:
    built = write_built(tmp_path)
    record = json.loads((built / "podium-build.json").read_text(encoding="utf-8"))
    for role in ("html", "pdf", "epub"):
        (built / record["outputs"].pop(role)["path"]).unlink()
    (built / "podium-build.json").write_text(json.dumps(record), encoding="utf-8")
    dest = make_bag(built, tmp_path / "bag")
    assert sorted(snapshot(dest / "data")) == [
        "podium-build.json",
        "source/speech.txt",
        "speech.akn.xml",
    ]
    assert bagit.Bag(str(dest)).validate(fast=False)


def test_bagit_stays_quiet(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    level = logging.getLogger("bagit").level
    caplog.set_level(logging.DEBUG)
    make_bag(write_built(tmp_path), tmp_path / "bag")
    assert [r for r in caplog.records if r.name.startswith("bagit")] == []
    assert logging.getLogger("bagit").level == level
