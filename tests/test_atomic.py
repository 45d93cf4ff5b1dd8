"""atomic: files and folders appear complete or not at all, and leave no temporaries.

What a killed process leaves (its temporaries) is cleared by the next run's
``remove_stale`` when, and only when, their owner is gone.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from podium.convert import atomic
from podium.convert.atomic import owner_tag, remove_stale, staging_dir, swap_in, write_bytes


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
        assert re.fullmatch(rf"\.speech\.{owner_tag()}\.[a-z0-9_]+\.tmp", staging.name)
    assert not final.exists()


# --- swap_in ------------------------------------------------------------------------------
def exchange_works(folder: Path) -> bool:
    one, other = filled(folder / "one", a="1"), filled(folder / "other", a="2")
    try:
        return atomic._exchange(one, other)
    finally:
        shutil.rmtree(one), shutil.rmtree(other)


@pytest.fixture(params=["exchange", "two renames"])
def exchange(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> bool:
    """Each swap_in test runs both ways: one RENAME_EXCHANGE (Linux), or the portable path."""
    if request.param == "exchange":
        if not exchange_works(tmp_path):
            pytest.skip("renameat2(RENAME_EXCHANGE) is not available here")
        return True
    monkeypatch.setattr(atomic, "_exchange", lambda one, other: False)
    return False


@pytest.mark.usefixtures("exchange")
def test_swap_in_creates_the_folder(tmp_path: Path) -> None:
    final = tmp_path / "speech"
    staging = filled(staging_dir(final), a="new")
    swap_in(staging, final)
    assert (final / "a").read_text() == "new"
    assert names(tmp_path) == ["speech"]


@pytest.mark.usefixtures("exchange")
def test_swap_in_replaces_the_folder_whole(tmp_path: Path) -> None:
    final = filled(tmp_path / "speech", a="old", b="old only")
    staging = filled(staging_dir(final), a="new")
    swap_in(staging, final)
    assert names(final) == ["a"]
    assert (final / "a").read_text() == "new"
    assert names(tmp_path) == ["speech"]  # neither the staging nor the old folder is left


@pytest.mark.usefixtures("exchange")
def test_swap_in_that_fails_puts_the_old_folder_back(tmp_path: Path) -> None:
    final = filled(tmp_path / "speech", a="old")
    vanished = tmp_path / ".speech.gone.tmp"  # a staging folder that is not there
    with pytest.raises(FileNotFoundError):
        swap_in(vanished, final)
    assert names(final) == ["a"]
    assert (final / "a").read_text() == "old"
    assert names(tmp_path) == ["speech"]


KILLED = 86


def swap_killed(final: Path, before_step: int, exchange: bool) -> bool:
    """Stage a new ``final`` and swap it in, in a child process killed (``os._exit``, no
    cleanup) just before the ``before_step``-th of swap_in's steps: an exchange, a rename or
    the removal of the old folder. Whether it was killed (else it finished)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            count = 0

            def step(real: Callable[..., Any]) -> Callable[..., Any]:
                def killed_before(*args: Any, **kwargs: Any) -> Any:
                    nonlocal count
                    if count == before_step:
                        os._exit(KILLED)
                    count += 1
                    return real(*args, **kwargs)

                return killed_before

            os.rename = step(os.rename)  # type: ignore[assignment]
            atomic.shutil.rmtree = step(shutil.rmtree)  # type: ignore[assignment]
            atomic._exchange = step(atomic._exchange) if exchange else (lambda one, other: False)
            swap_in(filled(staging_dir(final), a="new"), final)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)  # reaped: its temporaries' owner is gone
    code = os.waitstatus_to_exitcode(status)
    assert code in (0, KILLED)
    return code == KILLED


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kills a forked child")
def test_a_swap_killed_at_any_step_leaves_a_whole_folder_and_the_next_run_clears_up(
    tmp_path: Path, exchange: bool
) -> None:
    old, new = {"a": "old", "b": "old only"}, {"a": "new"}

    def contents(folder: Path) -> dict[str, str]:
        return {p.name: p.read_text() for p in folder.iterdir()}

    for before_step in range(8):
        root = tmp_path / str(before_step)
        final = filled(root / "speech", **old)
        killed = swap_killed(final, before_step, exchange)
        if exchange or before_step != 1:  # two renames: killed between them, it is set aside
            assert contents(final) in (old, new), before_step
        remove_stale(root)
        assert names(root) == ["speech"], before_step
        assert contents(final) in (old, new)
        if not killed:
            assert contents(final) == new
            assert before_step >= 2
            return
    pytest.fail("swap_in never finished")


# --- remove_stale ----------------------------------------------------------------------------
@pytest.fixture
def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


@pytest.fixture
def live_pid() -> Iterator[int]:
    """The pid of a process that runs for the test, then is ended."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield child.pid
    child.kill()
    child.wait()


def temporary(folder: Path, name: str, pid: int, kind: str = "tmp", **files: str) -> Path:
    """A staging folder (or set-aside ``.old`` folder) as process ``pid`` names it."""
    return filled(folder / f".{name}.{owner_tag(pid)}.k3x9_a2q.{kind}", **files)


def test_remove_stale_clears_what_a_dead_process_left(tmp_path: Path, dead_pid: int) -> None:
    final = filled(tmp_path / "speech", a="whole")
    staging = temporary(tmp_path, "speech", dead_pid, a="half")
    partial = tmp_path / f".podium-manifest.json.{owner_tag(dead_pid)}.k3x9_a2q.tmp"
    partial.write_text("{half")
    assert sorted(remove_stale(tmp_path)) == sorted([staging, partial])
    assert names(tmp_path) == ["speech"]
    assert (final / "a").read_text() == "whole"


def test_remove_stale_never_touches_a_live_run(tmp_path: Path, live_pid: int) -> None:
    theirs = temporary(tmp_path, "speech", live_pid, a="being written")
    ours = filled(staging_dir(tmp_path / "other"), a="being written")
    aside = temporary(tmp_path, "third", live_pid, kind="old", a="set aside")
    assert remove_stale(tmp_path) == []
    assert sorted(names(tmp_path)) == sorted([theirs.name, ours.name, aside.name])


@pytest.mark.skipif(sys.platform != "linux", reason="reads a zombie's state in /proc")
def test_a_killed_owner_not_yet_reaped_counts_as_gone(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        staging = temporary(tmp_path, "speech", child.pid, a="half")
        child.kill()
        stat_file = Path(f"/proc/{child.pid}/stat")
        deadline = time.monotonic() + 10
        while stat_file.read_text().rpartition(")")[2].split()[0] != "Z":
            assert time.monotonic() < deadline, "the child never became a zombie"
            time.sleep(0.01)
        assert remove_stale(tmp_path) == [staging]
    finally:
        child.kill()
        child.wait()


def test_a_folder_set_aside_comes_back_if_its_place_is_empty(tmp_path: Path, dead_pid: int) -> None:
    aside = temporary(tmp_path, "speech", dead_pid, kind="old", a="old and whole")
    staging = temporary(tmp_path, "speech", dead_pid, a="new")
    assert sorted(remove_stale(tmp_path)) == sorted([aside, staging])
    assert names(tmp_path) == ["speech"]
    assert (tmp_path / "speech" / "a").read_text() == "old and whole"


def test_a_folder_set_aside_goes_if_its_place_is_taken(tmp_path: Path, dead_pid: int) -> None:
    filled(tmp_path / "speech", a="new")
    temporary(tmp_path, "speech", dead_pid, kind="old", a="old")
    remove_stale(tmp_path)
    assert names(tmp_path) == ["speech"]
    assert (tmp_path / "speech" / "a").read_text() == "new"


def test_another_machine_s_temporaries_wait_until_abandoned(tmp_path: Path) -> None:
    host = "0badc0de" if owner_tag(1).split("-")[1] != "0badc0de" else "c0ffee00"
    staging = filled(tmp_path / f".speech.4242-{host}.k3x9_a2q.tmp", a="remote")
    assert remove_stale(tmp_path) == []  # its owner cannot be asked: maybe still writing
    an_hour_ago = time.time() - 3600
    os.utime(staging, (an_hour_ago, an_hour_ago))
    assert remove_stale(tmp_path, max_age=2 * 3600) == []
    assert remove_stale(tmp_path, max_age=1800) == [staging]


def test_remove_stale_leaves_what_is_not_podium_s_alone(tmp_path: Path, dead_pid: int) -> None:
    keep = [
        filled(tmp_path / ".git", HEAD="ref"),
        filled(tmp_path / ".speech.k3x9_a2q.tmp", a="unowned: an older podium's"),
        filled(tmp_path / f".speech.{dead_pid}-nothex.k3x9_a2q.tmp", a="not our pattern"),
        filled(tmp_path / "speech", a="whole"),
    ]
    (tmp_path / ".notes.tmp").write_text("mine")
    assert remove_stale(tmp_path) == []
    assert sorted(names(tmp_path)) == sorted([*(p.name for p in keep), ".notes.tmp"])
    assert remove_stale(tmp_path / "missing") == []
