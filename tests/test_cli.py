"""The real `podium` command: contract.md's commands, outputs and exit codes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from podium.convert import read_master
from podium.convert.model.akn import NS
from podium.convert.version import __version__

from .conftest import EPOCH, Run

COMMANDS = ("build", "validate", "text", "deposit", "verify", "demo")
EXTS = (".akn.xml", ".html", ".pdf", ".epub")


def outputs(folder: Path) -> list[str]:
    """The renditions in a built folder (not the record nor the source copy)."""
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix != ".json")


def expect_all(folder: Path) -> None:
    assert folder.is_dir(), f"{folder} was not built"
    assert outputs(folder) == sorted(f"{folder.name}{e}" for e in EXTS)


def failed(run: Run, rc: int, code: str) -> None:
    """A failure as contract.md wants it: exit code, one coded error line, no traceback."""
    assert run.rc == rc, run.err
    assert "Traceback" not in run.err + run.out
    lines = [ln for ln in run.err.splitlines() if ln.startswith("podium: error:")]
    assert any(code in ln for ln in lines), run.err


def body(master: Path) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in read_master(master).blocks()]


def seed_body(seed: Path) -> list[str]:
    """The seed's speech paragraphs, as a reader joins them, from the thanks to the end."""
    blocks = [
        " ".join(ln.strip() for ln in chunk.splitlines() if ln.strip())
        for chunk in re.split(r"\n\s*\n", seed.read_text(encoding="utf-8"))
    ]
    blocks = [b for b in blocks if b]
    start = next(i for i, b in enumerate(blocks) if b.startswith("I would like to thank"))
    assert blocks[-1] == "Thank you."
    return blocks[start:]


@pytest.fixture
def master(built_seed: Path, tmp_path: Path) -> Path:
    """A private copy of the seed's master, free to damage."""
    return Path(shutil.copy(built_seed / f"{built_seed.name}.akn.xml", tmp_path / "m.akn.xml"))


# --- the command line itself --------------------------------------------------------------
def test_help_lists_every_command(podium) -> None:
    run = podium("--help")
    assert run.rc == 0
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s", run.out, re.M), command


def test_version_prints_name_and_version(podium) -> None:
    run = podium("--version")
    assert run.rc == 0
    assert run.out.strip() == f"podium {__version__}"
    assert re.fullmatch(r"podium \d+\.\d+\.\d+", run.out.strip())


def test_no_arguments_is_a_usage_error(podium) -> None:
    assert podium().rc == 2


@pytest.mark.parametrize(
    "args",
    [
        ("--bogus",),
        ("build", "--bogus", "x.txt"),
        ("build", "x.txt", "--to", "bogus"),
        ("build", "--paper", "a3", "x.txt"),
    ],
    ids=["global-option", "build-option", "to-bogus", "paper-a3"],
)
def test_unknown_option_is_a_usage_error(podium, args: tuple[str, ...]) -> None:
    failed(podium(*args), 2, "PODIUM-E500")


def test_build_of_a_missing_file_is_a_usage_error(podium, tmp_path: Path) -> None:
    failed(podium("build", "missing.txt", "-o", "out"), 2, "PODIUM-E500")
    assert not (tmp_path / "out").exists()


# --- build --------------------------------------------------------------------------------
def test_build_writes_the_four_outputs(podium, seed: Path, tmp_path: Path) -> None:
    run = podium("build", seed, "-o", "out")
    assert run.rc == 0, run.err
    expect_all(tmp_path / "out" / seed.stem)


def test_build_of_an_empty_file_fails_cleanly(podium, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    run = podium("build", "empty.txt", "-o", "out")
    failed(run, 1, "PODIUM-E101")
    assert "empty.txt" in run.err
    assert not (tmp_path / "out" / "empty").exists()


def test_a_failed_input_does_not_stop_the_others(podium, seed: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    run = podium("build", seed, "empty.txt", "-o", "out")
    failed(run, 1, "PODIUM-E101")
    expect_all(tmp_path / "out" / seed.stem)
    assert not (tmp_path / "out" / "empty").exists()
    assert not list((tmp_path / "out").glob(".empty*"))


def test_to_writes_only_the_asked_formats(podium, seed: Path, tmp_path: Path) -> None:
    assert podium("build", seed, "-o", "out", "--to", "akn,html").rc == 0
    assert outputs(tmp_path / "out" / seed.stem) == [f"{seed.stem}.akn.xml", f"{seed.stem}.html"]


def test_source_date_epoch_makes_builds_byte_identical(podium, seed: Path, tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": EPOCH}
    assert podium("build", seed, "-o", "one", env=env).rc == 0
    assert podium("build", seed, "-o", "two", env=env).rc == 0
    for ext in EXTS:
        name = f"{seed.stem}/{seed.stem}{ext}"
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), ext


def test_demo_builds_the_sample(podium, tmp_path: Path) -> None:
    run = podium("demo", "demo-out")
    assert run.rc == 0, run.err
    expect_all(tmp_path / "demo-out" / "sample-address")


def test_an_unexpected_failure_does_not_stop_the_others(
    podium, sample: Path, tmp_path: Path
) -> None:
    (tmp_path / "ctrl.txt").write_bytes(
        b"Secretary-General's remarks [as delivered]\n\n19 Apr 2021\n\nA \x1b[1mbold\x1b[0m word.\n"
    )
    run = podium("build", "ctrl.txt", sample, "-o", "out")
    assert "Traceback" not in run.err
    expect_all(tmp_path / "out" / "sample-address")


def test_building_a_folder_twice_works(podium, seed: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(seed, work / "speech.txt")
    assert podium("build", ".", "--to", "akn", cwd=work).rc == 0
    run = podium("build", ".", "--to", "akn", cwd=work)
    assert run.rc == 0, run.err


@pytest.mark.parametrize(
    "args",
    [("--theme", "no-such-theme"), ("--lang", "zz"), ("--lang", "en-")],
    ids=["missing-theme", "unknown-lang", "malformed-lang"],
)
def test_bad_build_option_values_are_usage_errors(
    podium, seed: Path, args: tuple[str, ...]
) -> None:
    failed(podium("build", seed, "-o", "out", *args), 2, "PODIUM-E500")


# --- validate -----------------------------------------------------------------------------
def test_validate_accepts_the_built_master(podium, master: Path) -> None:
    run = podium("validate", master)
    assert run.rc == 0, run.err
    assert run.err == ""


def dangling_reference(path: Path) -> None:
    tree = etree.parse(str(path))
    tree.xpath("(//*[@refersTo])[1]")[0].set("refersTo", "#nobody")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def draft_namespace(path: Path) -> None:
    data = path.read_bytes()
    declared = f'xmlns="{NS}"'.encode()
    assert data.count(declared) == 1
    path.write_bytes(data.replace(declared, f'xmlns="{NS}/WD17"'.encode()))


def not_xml(path: Path) -> None:
    path.write_text("Mr. President, this is not XML.\n")


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        (dangling_reference, "PODIUM-E202"),
        (draft_namespace, "PODIUM-E207"),
        (not_xml, "PODIUM-E105"),
    ],
    ids=["E202_dangling_reference", "E207_draft_namespace", "E105_not_xml"],
)
def test_validate_reports_a_damaged_master(podium, master: Path, damage, code: str) -> None:
    damage(master)
    run = podium("validate", master)
    failed(run, 1, code)
    assert "m.akn.xml" in run.err


def test_validate_checks_every_file_given(podium, master: Path, built_seed: Path) -> None:
    not_xml(master)
    run = podium("validate", built_seed / f"{built_seed.name}.akn.xml", master)
    failed(run, 1, "PODIUM-E105")
    assert "valid" in run.out


# --- text ---------------------------------------------------------------------------------
def test_text_prints_every_paragraph_in_order(podium, master: Path, seed: Path) -> None:
    run = podium("text", master)
    assert run.rc == 0, run.err
    blocks = run.out.rstrip("\n").split("\n\n")
    assert blocks[2:] == seed_body(seed)
    assert blocks[0].startswith("Secretary-General's remarks to the Security Council")
    assert blocks[1] == "19 Apr 2021"


def test_text_then_build_gives_the_same_speech(podium, master: Path, tmp_path: Path) -> None:
    run = podium("text", master)
    assert run.rc == 0, run.err
    (tmp_path / "t.txt").write_text(run.out, encoding="utf-8")
    assert podium("build", "t.txt", "-o", "rt", "--to", "akn").rc == 0
    again = tmp_path / "rt" / "t" / "t.akn.xml"
    assert body(again) == body(master)
    one, two = read_master(master), read_master(again)
    assert (two.title, two.date, two.date_text, two.status) == (
        one.title,
        one.date,
        one.date_text,
        one.status,
    )


def test_text_of_a_missing_file_is_a_user_error(podium) -> None:
    run = podium("text", "missing.akn.xml")
    assert run.rc in (1, 2)
    assert "PODIUM-E999" not in run.err
    assert re.search(r"^podium: error: .*missing\.akn\.xml.*PODIUM-E\d{3}", run.err, re.M)


def test_library_chatter_stays_off_stderr(podium, sample: Path) -> None:
    """Only podium's own lines reach stderr: no INFO logs from WeasyPrint, pikepdf or ocfl-py."""
    run = podium("build", sample, "-o", "out")
    assert run.rc == 0, run.err
    assert [line for line in run.err.splitlines() if not line.startswith("podium: ")] == []
    assert "INFO" not in run.err
