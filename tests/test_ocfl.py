"""OCFL deposits with real ocfl-py, and verify's OCFL checks: each damage named with its code."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from podium.archive.cli.main import main
from podium.archive.ocfl import LAYOUT, deposit, object_id, object_path
from podium.archive.verify import verify
from podium.convert.errors import DepositError

from .archive_helpers import STEM, WORK, codes, entry, flip_one_byte, snapshot, write_built

OBJECT_ID = "urn:akn:un/doc/communication/un-sg/2021-04-19/92057251e441db72"


def inventory(obj: Path) -> dict:
    return json.loads((obj / "inventory.json").read_text(encoding="utf-8"))


def rebuild(built: Path, rel: str, data: bytes) -> None:
    """Change one output and its record entry, as a fresh `podium build` would."""
    (built / rel).write_bytes(data)
    record = json.loads((built / "podium-build.json").read_text(encoding="utf-8"))
    for role, value in record["outputs"].items():
        if value["path"] == rel:
            record["outputs"][role] = entry(rel, data)
    (built / "podium-build.json").write_text(json.dumps(record, indent=2), encoding="utf-8")


@pytest.fixture
def built(tmp_path: Path) -> Path:
    return write_built(tmp_path / "build")


@pytest.fixture
def root(tmp_path: Path, built: Path) -> Path:
    deposit(built, tmp_path / "root")
    return tmp_path / "root"


@pytest.fixture
def obj(root: Path) -> Path:
    return root / object_path(OBJECT_ID)


def test_object_id_is_a_urn_of_the_work() -> None:
    assert object_id(WORK) == OBJECT_ID
    with pytest.raises(ValueError):
        object_id("un/doc/x")


def test_first_deposit_creates_root_and_object_v1(root: Path, obj: Path) -> None:
    assert (root / "0=ocfl_1.1").read_text() == "ocfl_1.1\n"
    assert json.loads((root / "ocfl_layout.json").read_text())["extension"] == LAYOUT
    assert (root / "extensions" / LAYOUT / "config.json").is_file()
    inv = inventory(obj)
    assert inv["id"] == OBJECT_ID and inv["head"] == "v1"
    assert inv["versions"]["v1"]["message"] == "podium deposit"
    assert inv["versions"]["v1"]["user"]["name"] == "podium"
    logical = sorted(p for paths in inv["versions"]["v1"]["state"].values() for p in paths)
    names = ["podium-build.json", "source/speech.txt", f"{STEM}.akn.xml", f"{STEM}.html"]
    assert logical == sorted([*names, f"{STEM}.pdf", f"{STEM}.epub"])
    assert [p.name for p in root.parent.iterdir() if p.name.startswith(".")] == []


def test_unchanged_redeposit_is_a_noop(root: Path, obj: Path, built: Path) -> None:
    before = snapshot(root)
    done = deposit(built, root, message="again")
    assert not done.changed and done.version == "v1"
    assert snapshot(root) == before


def test_changed_content_gives_v2_with_message_and_user(root: Path, obj: Path, built: Path) -> None:
    rebuild(built, f"{STEM}.html", b"<!DOCTYPE html><p>Corrected.</p>\n")
    done = deposit(
        built,
        root,
        message="corrected typo",
        user="Archivist A",
        user_address="mailto:archives@example.org",
    )
    assert done.changed and done.version == "v2"
    inv = inventory(obj)
    assert inv["head"] == "v2"
    assert inv["versions"]["v2"]["message"] == "corrected typo"
    assert inv["versions"]["v2"]["user"] == {
        "name": "Archivist A",
        "address": "mailto:archives@example.org",
    }
    assert sorted(p.name for p in (obj / "v2" / "content").rglob("*") if p.is_file()) == [
        "podium-build.json",
        f"{STEM}.html",
    ]  # forward delta: unchanged files stay in v1
    assert verify(root) == []
    assert len(list(root.rglob("0=ocfl_object_1.1"))) == 1


def test_real_ocfl_validator_accepts_the_deposit(root: Path, obj: Path, built: Path) -> None:
    rebuild(built, f"{STEM}.pdf", b"%PDF-1.7\nnew\n%%EOF\n")
    deposit(built, root)
    script = Path(sys.executable).with_name("ocfl-validate.py")
    run = subprocess.run(
        [sys.executable, str(script), str(obj)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_interrupted_deposit_leaves_the_root_as_it_was(root: Path, obj: Path, built: Path) -> None:
    rebuild(built, f"{STEM}.html", b"<p>new</p>\n")
    (built / f"{STEM}.epub").unlink()  # the record still lists it: staging fails with E403
    before = snapshot(root)
    with pytest.raises(DepositError) as err:
        deposit(built, root)
    assert err.value.code == "PODIUM-E403"
    assert snapshot(root) == before
    assert sorted(p.name for p in root.parent.iterdir()) == ["build", "root"]


def test_failed_first_deposit_creates_no_root(tmp_path: Path, built: Path) -> None:
    (built / f"{STEM}.pdf").unlink()
    with pytest.raises(DepositError) as err:
        deposit(built, tmp_path / "root")
    assert err.value.code == "PODIUM-E403"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_refuses_a_folder_that_is_not_an_ocfl_root(tmp_path: Path, built: Path) -> None:
    (tmp_path / "other").mkdir()
    with pytest.raises(DepositError) as err:
        deposit(built, tmp_path / "other")
    assert err.value.code == "PODIUM-E420"


def test_verify_intact_root_and_object(root: Path, obj: Path) -> None:
    assert verify(root) == []
    assert verify(obj) == []


def test_flipped_byte_names_the_file(root: Path, obj: Path) -> None:
    rel = f"v1/content/{STEM}.pdf"
    flip_one_byte(obj / rel)
    prefix = object_path(OBJECT_ID) + "/"
    assert codes(verify(root)) == [("PODIUM-E411", prefix + rel)]
    (problem,) = verify(obj)
    assert (problem.code, problem.path) == ("PODIUM-E411", rel)
    (digest,) = problem.digests
    assert digest.algorithm == "sha512" and digest.expected != digest.found
    assert problem.message == (
        f"changed since deposit: sha512 expected {digest.expected}, found {digest.found}"
    )


def test_truncated_file(obj: Path) -> None:
    path = obj / "v1/content/source/speech.txt"
    path.write_bytes(path.read_bytes()[:-3])
    assert codes(verify(obj)) == [("PODIUM-E411", "v1/content/source/speech.txt")]


def test_deleted_content_file(obj: Path) -> None:
    (obj / f"v1/content/{STEM}.html").unlink()
    assert codes(verify(obj)) == [("PODIUM-E412", f"v1/content/{STEM}.html")]


def test_renamed_content_file(obj: Path) -> None:
    (obj / f"v1/content/{STEM}.html").rename(obj / "v1/content/renamed.html")
    assert sorted(codes(verify(obj))) == [
        ("PODIUM-E412", f"v1/content/{STEM}.html"),
        ("PODIUM-E413", "v1/content/renamed.html"),
    ]


def test_extra_content_file(obj: Path) -> None:
    (obj / "v1/content/extra.txt").write_bytes(b"x")
    assert codes(verify(obj)) == [("PODIUM-E413", "v1/content/extra.txt")]


def test_extra_file_between_objects(root: Path) -> None:
    (root / "stray.txt").write_bytes(b"x")
    assert codes(verify(root)) == [("PODIUM-E413", "stray.txt")]


def test_tampered_inventory(obj: Path) -> None:
    path = obj / "inventory.json"
    path.write_text(path.read_text().replace("podium deposit", "podium deposiT"))
    # the sidecar no longer matches, nor does the head version's copy: both named
    problems = verify(obj)
    assert codes(problems) == [
        ("PODIUM-E417", "inventory.json"),
        ("PODIUM-E417", "v1/inventory.json"),
    ]
    (digest,) = problems[0].digests  # the sidecar's digest against the inventory's
    recorded = (obj / "inventory.json.sha512").read_text().split()[0]
    assert (digest.expected, digest.algorithm) == (recorded, "sha512")
    assert digest.found != recorded and digest.found in problems[0].message


def test_corrupted_inventory(obj: Path) -> None:
    (obj / "inventory.json").write_bytes(b"{not json")
    assert codes(verify(obj)) == [("PODIUM-E417", "inventory.json")]


def test_cli_deposit_and_verify(
    tmp_path: Path, built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "cli-root"
    assert main(["deposit", str(built), "--ocfl", str(root)]) == 0
    assert main(["deposit", str(built), "--ocfl", str(root)]) == 0
    assert f"unchanged: {root} already holds this as v1" in capsys.readouterr().out
    assert main(["verify", str(root)]) == 0
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    flip_one_byte(copy / object_path(OBJECT_ID) / "v1/content/speech.akn.xml")
    assert main(["verify", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "PODIUM-E411" in err and "speech.akn.xml" in err and "Traceback" not in err
