"""atomic: files and folders appear complete or not at all, and leave no temporaries."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from podium.convert.atomic import staging_dir, swap_in, write_bytes


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def filled(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


# --- write_bytes ----------------------------------------------------------------------------
def test_write_bytes_writes_creating_folders_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "file.bin"
    write_bytes(target, b"\x00payload\xff")
    assert target.read_bytes() == b"\x00payload\xff"
    assert names(target.parent) == ["file.bin"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # not mkstemp's private 0600


def test_write_bytes_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_bytes(b"old and longer")
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert names(tmp_path) == ["file.txt"]


def test_write_bytes_that_raises_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_bytes(target, "text is not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert names(tmp_path) == ["file.txt"]


def test_write_bytes_over_a_folder_fails_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = filled(tmp_path / "taken", inner="kept")
    with pytest.raises(OSError):
        write_bytes(target, b"data")
    assert names(tmp_path) == ["taken"]
    assert (target / "inner").read_text() == "kept"


# --- staging_dir --------------------------------------------------------------------------
def test_staging_dir_is_a_fresh_hidden_sibling(tmp_path: Path) -> None:
    final = tmp_path / "out" / "speech"
    one, two = staging_dir(final), staging_dir(final)
    assert one != two
    for staging in (one, two):
        assert staging.parent == final.parent
        assert staging.name.startswith(".speech.")
        assert staging.is_dir() and names(staging) == []
        assert stat.S_IMODE(staging.stat().st_mode) == 0o755
    assert not final.exists()


# --- swap_in ------------------------------------------------------------------------------
def test_swap_in_creates_the_folder(tmp_path: Path) -> None:
    final = tmp_path / "speech"
    staging = filled(staging_dir(final), a="new")
    swap_in(staging, final)
    assert (final / "a").read_text() == "new"
    assert names(tmp_path) == ["speech"]


def test_swap_in_replaces_the_folder_whole(tmp_path: Path) -> None:
    final = filled(tmp_path / "speech", a="old", b="old only")
    staging = filled(staging_dir(final), a="new")
    swap_in(staging, final)
    assert names(final) == ["a"]
    assert (final / "a").read_text() == "new"
    assert names(tmp_path) == ["speech"]  # neither the staging nor the old folder is left


def test_swap_in_that_fails_puts_the_old_folder_back(tmp_path: Path) -> None:
    final = filled(tmp_path / "speech", a="old")
    vanished = tmp_path / ".speech.gone.tmp"  # a staging folder that is not there
    with pytest.raises(FileNotFoundError):
        swap_in(vanished, final)
    assert names(final) == ["a"]
    assert (final / "a").read_text() == "old"
    assert names(tmp_path) == ["speech"]
