"""The catalogue of hostile and broken inputs (tests/fixtures/bad/) through the real command.

Each fixture goes through ``podium build FIXTURE -o OUT`` in a fresh work folder and must
give: exit 1, a ``podium: error:`` line with the code the fixture is named after, no
traceback, nothing in OUT (and nothing new anywhere else in the work folder), no open
of the canary file (watched with inotify) and no request to the loopback HTTP server.
The test ends with one summary line: inputs tried, tracebacks, partial outputs, files or
URLs touched.
"""

from __future__ import annotations

import http.server
import importlib.util
import io
import os
import re
import signal
import subprocess
import threading
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from inotify_simple import INotify, flags

from .conftest import FIXTURES, podium_exe

BAD = FIXTURES / "bad"
_spec = importlib.util.spec_from_file_location("bad_make", BAD / "make.py")
assert _spec is not None and _spec.loader is not None
make = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make)
CASES = sorted(
    [n for n in make.FIXTURES if not n.endswith(".meta.json")]
    + [n for n in make.FIXTURES if n.endswith(".meta.json")]
    + list(make.GENERATED)
)
CODE = re.compile(r"^E\d{3}")
ZIPPED = (".docx", ".odt")
TIMEOUT = 120


@dataclass
class Watch:
    """The canary file, its inotify watch and the loopback server: what hostile input touched."""

    canary: Path
    server: str
    requests: list[str] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)
    inotify: INotify | None = None

    def touched(self) -> list[str]:
        assert self.inotify is not None
        for event in self.inotify.read(timeout=0):
            self.opened.append(f"{self.canary.name}: {flags.from_mask(event.mask)}")
        return self.opened + self.requests


@dataclass
class Result:
    name: str
    problems: list[str]
    traceback: bool = False
    partial: bool = False
    touched: int = 0


RESULTS: dict[str, Result] = {}


@pytest.fixture(scope="module")
def watch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Watch]:
    secret = tmp_path_factory.mktemp("canary") / "secret.txt"
    secret.write_text("CANARY: this file must never be read\n", encoding="utf-8")
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(f"GET {self.path}")
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"CANARY")

        do_POST = do_HEAD = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    inotify = INotify()
    inotify.add_watch(secret, flags.OPEN | flags.ACCESS)
    inotify.add_watch(secret.parent, flags.OPEN | flags.ACCESS)
    w = Watch(secret, f"http://127.0.0.1:{server.server_address[1]}", seen, inotify=inotify)
    assert not w.touched()
    yield w
    server.shutdown()
    inotify.close()


def place(name: str, into: Path, watch: Watch) -> Path:
    """Copy fixture ``name`` into ``into`` with its placeholders filled; the input to build."""
    if name in make.GENERATED:
        return make.generate(name, into)

    def fill(data: bytes) -> bytes:
        return data.replace(b"@CANARY@", str(watch.canary).encode()).replace(
            b"@SERVER@", watch.server.encode()
        )

    data = (BAD / name).read_bytes()
    if name.endswith(ZIPPED) and zipfile.is_zipfile(io.BytesIO(data)):
        src, buf = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for info in src.infolist():
                out.writestr(info, fill(src.read(info)))
        data = buf.getvalue()
    else:
        data = fill(data)
    if name.endswith(".meta.json"):
        stem = name.removesuffix(".meta.json")
        (into / f"{stem}.meta.json").write_bytes(data)
        target = into / f"{stem}.txt"
        target.write_bytes((BAD / f"{stem}.txt").read_bytes())
        return target
    target = into / make.AS_NAME.get(name, name)
    target.write_bytes(data)
    return target


def podium_build(
    source: Path, out: Path, cwd: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    """``podium build SOURCE -o OUT`` in a session of its own: on a timeout the whole
    process group (pool workers, PDF helper) is killed, so nothing runs on after the test."""
    with subprocess.Popen(
        [*podium_exe(), "build", str(source), "-o", str(out), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        start_new_session=True,
    ) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"podium build {source.name} ran for more than {TIMEOUT} s")
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


def listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_catalogue_is_complete() -> None:
    """Every committed fixture is in the catalogue and vice versa, each named by a code."""
    on_disk = {
        p.name for p in BAD.iterdir() if p.name not in ("make.py", "__init__.py", "README.md")
    }
    sidecar_speeches = {
        n.replace(".meta.json", ".txt") for n in make.FIXTURES if n.endswith(".meta.json")
    }
    assert on_disk == set(make.FIXTURES) | sidecar_speeches, "run tests/fixtures/bad/make.py"
    for name, (_, build) in make.FIXTURES.items():
        assert (BAD / name).read_bytes() == build(), f"{name} differs from make.py"
    assert all(CODE.match(name) for name in CASES)
    assert len(CASES) >= 50


def test_canary_watch_works(watch: Watch) -> None:
    """The watch is real: reading the canary and fetching from the server are both seen."""
    watch.canary.read_bytes()
    import urllib.request

    with urllib.request.urlopen(f"{watch.server}/probe", timeout=10) as response:
        assert response.read() == b"CANARY"
    touched = watch.touched()
    assert any("secret.txt" in t for t in touched) and "GET /probe" in touched
    watch.opened.clear()
    watch.requests.clear()


@pytest.mark.parametrize("name", CASES)
def test_hostile_input(name: str, watch: Watch, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    source = place(name, work, watch)
    before = listing(tmp_path)
    out = tmp_path / "out"
    code = f"PODIUM-{CODE.match(name).group()}"  # type: ignore[union-attr]
    # a web page's active content is dropped with a warning by default; the catalogue
    # holds the refusals, which --strict keeps (test_a_hostile_page_is_read_without_it)
    strict = ("--strict",) if name.endswith((".html", ".htm")) else ()
    try:
        run = podium_build(source, out, tmp_path, *strict)
    finally:
        touched = watch.touched()
        watch.opened.clear()
        watch.requests.clear()
    result = Result(name, [])
    errors = [ln for ln in run.stderr.splitlines() if ln.startswith("podium: error:")]
    result.traceback = "Traceback" in run.stderr + run.stdout
    left = sorted(p.name for p in out.iterdir()) if out.exists() else []
    new = sorted(listing(tmp_path) - before - {"out"} - {f"out/{n}" for n in left})
    result.partial = bool(left or new)
    result.touched = len(touched)
    if run.returncode != 1:
        result.problems.append(f"exit {run.returncode}, not 1")
    if not any(code in ln for ln in errors):
        result.problems.append(f"no error line with {code}")
    if result.traceback:
        result.problems.append("a traceback")
    if result.partial:
        result.problems.append(f"left behind: {left + new}")
    if touched:
        result.problems.append(f"touched: {touched}")
    RESULTS[name] = result
    assert not result.problems, f"{name}: {'; '.join(result.problems)}\n{run.stderr[-2000:]}"


@pytest.mark.parametrize("name", [n for n in CASES if n.startswith("E113-html")])
def test_a_hostile_page_is_read_without_its_active_content(
    name: str, watch: Watch, tmp_path: Path
) -> None:
    """Without --strict, a page's scripts, frames, images and loading links are dropped
    with a warning (PODIUM-W114) and the speech is built; nothing is loaded or run."""
    work = tmp_path / "work"
    work.mkdir()
    source = place(name, work, watch)
    out = tmp_path / "out"
    try:
        run = podium_build(source, out, tmp_path, "--to", "akn")
    finally:
        touched = watch.touched()
        watch.opened.clear()
        watch.requests.clear()
    assert run.returncode == 0, run.stderr[-2000:]
    assert "PODIUM-W114" in run.stderr or "dropped from the saved page" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert not touched, touched


def test_catalogue_summary(capsys: pytest.CaptureFixture[str]) -> None:
    """One line for the log: what the catalogue tried and what went wrong."""
    if not RESULTS:
        pytest.skip("the catalogue did not run (deselected)")
    codes = Counter(CODE.match(n).group() for n in RESULTS)  # type: ignore[union-attr]
    line = (
        f"hostile inputs: {len(RESULTS)} tried ({len(codes)} error codes), "
        f"tracebacks {sum(r.traceback for r in RESULTS.values())}, "
        f"partial outputs {sum(r.partial for r in RESULTS.values())}, "
        f"files or URLs touched {sum(r.touched for r in RESULTS.values())}, "
        f"failed {sum(bool(r.problems) for r in RESULTS.values())}"
    )
    with capsys.disabled():
        print(f"\n{line}")
    assert all(not r.problems for r in RESULTS.values()), line


def test_an_output_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    """OUT/<stem> as a symbolic link elsewhere: refused (E115), the link's target untouched."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep\n", encoding="utf-8")
    source = tmp_path / "speech.txt"
    source.write_bytes(make.SPEECH_BYTES)
    out = tmp_path / "out"
    out.mkdir()
    (out / "speech").symlink_to(elsewhere, target_is_directory=True)
    run = subprocess.run(
        [*podium_exe(), "build", str(source), "-o", str(out), "--to", "akn"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert "PODIUM-E115" in run.stderr and "Traceback" not in run.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]
    assert (out / "speech").is_symlink()
