"""Many speeches at once: a worker pool (or a Dask cluster), incremental, one failure at a time.

:func:`build_batch` is what ``podium build`` runs for any number of inputs, and the Python API
for the same job::

    from podium.convert.batch.run import BatchOptions, build_batch
    from podium.convert.options import BuildOptions
    report = build_batch([Path("speeches")], BuildOptions(out=Path("out")), BatchOptions(jobs=2))
    print(report.counts)  # {"built": 240, "skipped": 9, "failed": 0}

The pieces:

Plan
    The inputs (files, or folders walked by :func:`podium.convert.pipeline.build.discover`) ordered
    largest first, so that the longest speech does not start last and leave one worker busy
    while the others idle.
Incremental
    ``OUT/podium-manifest.json`` keeps, per output folder, a key: the SHA-256 of the input's
    bytes, its sidecar's bytes, the build options, every file of the theme, podium's version
    and ``SOURCE_DATE_EPOCH``. An input whose key matches, and whose output folder still holds
    every file its build record lists at the recorded size, is skipped and reported so.
    ``force`` rebuilds everything. The manifest is rewritten atomically as documents finish,
    so an interrupted run keeps what it finished; the entry of a folder about to be rebuilt
    under another key is dropped from it before the run, so that a run killed after the swap
    never leaves the old key vouching for the new folder.
Executors
    ``local``: with ``jobs`` 1 the documents are built in this process; with more, by a pool
    of long-lived worker processes (started with ``forkserver``: each loads WeasyPrint and
    compiles the schemas once, in :func:`warm_up`), each replaced after
    :data:`TASKS_PER_WORKER` documents so that memory stays bounded over a long run.
    ``dask``: the same per-document function, :func:`build_document`, submitted to a Dask
    distributed scheduler (``scheduler`` is its address); OUT must be a folder every worker
    can write (a shared file system).
Failure isolation
    :func:`build_document` never raises for a bad input: the failure comes back as an outcome
    with its code. An environment problem (a missing font or library, codes ``E9xx``) would
    fail every input alike, so it stops the run. Ctrl-C (``KeyboardInterrupt``) cancels what
    has not started; pool workers ignore the signal and finish the builds in progress whole
    (every build is staged and swapped in); with one process, the interrupted build removes
    its staging folder. What finished is recorded in the manifest and the interrupt raised
    again.
Crashes
    A command killed outright (SIGKILL, the OOM killer) takes its pool workers with it: each
    watches its parent and ends the moment it is gone, rather than build what was queued
    to it into OUT and then wait forever. What a killed process was writing stays hidden
    (staging folders, temporary files: :mod:`podium.convert.atomic`); the next run removes
    those whose owner is dead before it starts, and builds what was not finished.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import remove_stale, write_bytes
from ..errors import Code, EnvironmentProblem, PodiumError, UsageError
from ..logs import configure_logging
from ..options import EXECUTORS, BuildOptions, check_formats
from ..version import __version__

if TYPE_CHECKING:
    from concurrent.futures import Future

MANIFEST = "podium-manifest.json"
"""The build manifest ``podium build`` keeps in OUT."""

REPORT_SCHEMA = "podium-report-1.schema.json"
"""The JSON Schema of ``--report`` files, shipped in ``podium.schemas``."""

TASKS_PER_WORKER = 64
"""Documents a pool worker builds before it is replaced by a fresh one (bounds its memory)."""


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs (the build options say what each document becomes)."""

    jobs: int = 1
    force: bool = False
    executor: str = "local"  # "local" or "dask"
    scheduler: str | None = None  # the Dask scheduler's address, e.g. "tcp://10.0.0.5:8786"


@dataclass
class Outcome:
    """What happened to one input: built, skipped (unchanged) or failed. Picklable."""

    source: str
    stem: str
    status: str  # "built", "skipped" or "failed"
    key: str = ""
    size: int = 0
    folder: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    code: Code | None = None
    message: str | None = None
    fix: str | None = None
    where: str | None = None  # the file the error names, when not the input (a sidecar...)
    trace: str | None = None  # the traceback of an internal error (a podium bug)
    fatal: bool = False  # an environment problem: stop the run
    worker: str = ""  # which process built it (pid, or the Dask worker's address)


@dataclass
class BatchReport:
    """The whole run: every outcome, when, and how long."""

    started: str
    finished: str = ""
    seconds: float = 0.0
    jobs: int = 1
    executor: str = "local"
    interrupted: bool = False
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = {"built": 0, "skipped": 0, "failed": 0}
        for outcome in self.outcomes:
            counts[outcome.status] += 1
        return counts

    def to_json(self) -> dict[str, Any]:
        """The ``--report`` document (its schema: :data:`REPORT_SCHEMA`)."""
        return {
            "podium": __version__,
            "started": self.started,
            "finished": self.finished,
            "seconds": round(self.seconds, 3),
            "jobs": self.jobs,
            "executor": self.executor,
            "interrupted": self.interrupted,
            "counts": self.counts,
            "documents": [
                {k: v for k, v in asdict(o).items() if k not in ("fatal", "key", "trace")}
                for o in self.outcomes
            ],
        }


# --- the per-document function (runs in a worker) -------------------------------------------


def warm_up() -> None:
    """Load what every document needs once per worker: WeasyPrint, the compiled schemas.

    Also quiets the worker's logging as ``podium``'s command line quiets its own: a worker
    process starts with Python's defaults, and WeasyPrint would log every layout step.
    """
    import signal

    from ..model import validate
    from ..writers import pdf

    # Ctrl-C is the command's to handle: it stops handing out work and waits for the builds
    # in progress, which finish whole (a worker interrupted mid-build could print a traceback)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent()
    configure_logging(debug=False)

    validate.schema()
    validate.profile()
    pdf.warm_up()


def _end_with_parent() -> None:
    """End this pool worker as soon as the command that started it is gone.

    A parent killed outright (SIGKILL, the OOM killer) runs no shutdown, and its workers
    would live on: the forkserver's children hold each other's pipes open, so a worker sees
    no end of its queue. It would build the documents already queued to it into OUT, racing
    the user's next run, then wait forever (and the forkserver and resource tracker with it).
    A thread waits on the parent's sentinel, a pipe only the parent holds open, and ends the
    process the moment it closes, whatever the build was doing: at most a staging folder is
    left, which the next run removes.
    """
    import multiprocessing
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:  # not a multiprocessing child
        return

    def watch() -> None:
        parent.join()
        os._exit(70)  # at once: no cleanup, no further write

    threading.Thread(target=watch, name="podium-parent-watch", daemon=True).start()


def build_document(path: Path, options: BuildOptions, key: str = "") -> Outcome:
    """Build one input and say what happened; never raises for a bad input.

    The function every executor runs, in whatever process or machine it lands on.
    """
    from ..pipeline.build import build_one, stem_of

    outcome = Outcome(
        source=str(path), stem=stem_of(path), status="built", key=key, worker=_worker_name()
    )
    try:
        outcome.size = path.stat().st_size
        result = build_one(path, options)
    except PodiumError as err:
        outcome.status = "failed"
        outcome.code = err.code
        outcome.message = err.message
        outcome.fix = err.fix
        outcome.where = str(err.path) if err.path is not None else None
        outcome.fatal = isinstance(err, EnvironmentProblem)
        return outcome
    except Exception as exc:  # a bug met on one input must not cost the others
        outcome.status = "failed"
        outcome.code = Code.E999
        outcome.message = f"internal error: {type(exc).__name__}: {exc}"
        outcome.fix = "run again with --debug and report the traceback"
        outcome.trace = "".join(traceback.format_exception(exc)).strip()
        return outcome
    outcome.folder = str(result.folder)
    outcome.outputs = {fmt: str(p) for fmt, p in result.outputs.items()}
    outcome.seconds = dict(result.seconds)
    outcome.warnings = [str(w) for w in result.warnings]
    return outcome


def _worker_name() -> str:
    """The Dask worker's address when running on one, else this process's id.

    dask.distributed is looked up among the loaded modules, never imported: importing it
    costs 0.2 s, and a process that has not loaded it is not a Dask worker.
    """
    distributed = sys.modules.get("distributed")
    if distributed is not None:
        try:
            return str(distributed.get_worker().address)
        except ValueError:  # loaded, but this is not a worker's task
            pass
    return f"pid {os.getpid()}"


# --- planning and the manifest ----------------------------------------------------------------


def plan(inputs: list[Path], options: BuildOptions) -> list[Path]:
    """The input files, largest first (ties by name, for a stable order)."""
    from ..pipeline.build import discover

    files = discover(inputs, out=options.out)
    if not files:
        raise UsageError("no input files found", fix="give .txt files or folders holding them")
    return sorted(files, key=lambda p: (-p.stat().st_size, str(p)))


def document_key(path: Path, options: BuildOptions) -> str:
    """What a build of ``path`` depends on, as one SHA-256 (see the module's "Incremental")."""
    from ..sidecar import sidecar_path

    digest = hashlib.sha256()

    def part(label: str, data: bytes) -> None:
        digest.update(f"{label}:{len(data)}:".encode())
        digest.update(data)

    part("podium", __version__.encode())
    part("input", path.read_bytes())
    side = options.read.meta if options.read.meta is not None else sidecar_path(path)
    try:
        part("sidecar", side.read_bytes())
    except OSError:  # none (or unreadable: the build itself will say so)
        part("sidecar", b"")
    settings = {
        "formats": sorted(options.formats),
        "lang": options.read.lang,
        "paper": options.render.paper,
        "pdf_variant": options.render.pdf_variant,
        "epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }
    part("options", json.dumps(settings, sort_keys=True).encode())
    theme = options.render.theme
    if theme is not None:
        for file in sorted(p for p in Path(theme).rglob("*") if p.is_file()):
            part(f"theme/{file.relative_to(theme).as_posix()}", file.read_bytes())
    return digest.hexdigest()


class Manifest:
    """``OUT/podium-manifest.json``: per output folder, the key of its last good build."""

    def __init__(self, out: Path) -> None:
        self.path = out / MANIFEST
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("podium") == __version__ and isinstance(data.get("documents"), dict):
                self.entries = data["documents"]
        except (OSError, ValueError, AttributeError):
            pass  # absent or unreadable: everything is built, and the manifest rewritten

    def unchanged(self, stem: str, key: str, out: Path) -> bool:
        entry = self.entries.get(stem)
        return bool(entry and entry.get("key") == key and _complete(out / stem))

    def forget_changed(self, todo: list[tuple[str, str]]) -> bool:
        """Drop the entries of the folders about to be rebuilt under another key; any dropped?

        Saved before the run, this keeps a run killed after swapping in a new folder (before
        its manifest is saved) from leaving the old key vouching for it: the next run would
        skip an input whose folder holds another build (other formats, another input).
        """
        changed = [s for s, key in todo if s in self.entries and self.entries[s].get("key") != key]
        for stem in changed:
            del self.entries[stem]
        return bool(changed)

    def record(self, outcome: Outcome) -> None:
        if outcome.status == "built":
            self.entries[outcome.stem] = {"key": outcome.key, "source": outcome.source}
        elif outcome.status == "failed":
            self.entries.pop(outcome.stem, None)

    def save(self) -> None:
        """Write the manifest atomically; a run that built nothing into a fresh OUT writes none."""
        if not self.entries and not self.path.exists():
            return
        data = {"podium": __version__, "documents": dict(sorted(self.entries.items()))}
        write_bytes(self.path, json.dumps(data, indent=1, ensure_ascii=False).encode())


def _complete(folder: Path) -> bool:
    """The folder holds every file its build record lists, at the recorded size."""
    try:
        record = json.loads((folder / "podium-build.json").read_text(encoding="utf-8"))
        entries = [record["source"], *record["outputs"].values()]
        if record.get("sidecar"):
            entries.append(record["sidecar"])
        return all((folder / e["path"]).stat().st_size == e["size"] for e in entries)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


# --- running ----------------------------------------------------------------------------------


Listener = Callable[[Outcome, int, int], None]
"""Called as each document finishes: the outcome, how many are done, how many in all."""


def build_batch(
    inputs: list[Path],
    options: BuildOptions,
    batch: BatchOptions | None = None,
    *,
    listener: Listener | None = None,
    on_start: Callable[[int], None] | None = None,
) -> BatchReport:
    """Build every input under ``options.out``; return what happened to each.

    Raises :class:`UsageError` (no inputs, a bad option) and :class:`EnvironmentProblem`
    (raised again from the first document that met one); ``KeyboardInterrupt`` after
    recording what finished (``report.interrupted`` is then set on the report passed to
    ``listener``\\ s, and the manifest is saved).
    """
    batch = batch or BatchOptions()
    if batch.jobs < 1:
        raise UsageError("--jobs must be 1 or more", fix="give --jobs a positive number")
    if batch.executor not in EXECUTORS:
        raise UsageError(
            f"unknown executor {batch.executor!r}", fix=f"use one of {', '.join(EXECUTORS)}"
        )
    if batch.executor == "dask" and not batch.scheduler:
        raise UsageError(
            "--executor dask needs the scheduler's address",
            fix="give --scheduler tcp://HOST:8786 (see docs/scale.md)",
        )
    check_formats(options.formats)
    clock = time.perf_counter()
    report = BatchReport(
        started=datetime.now(UTC).isoformat(timespec="seconds"),
        jobs=batch.jobs,
        executor=batch.executor,
    )
    files = plan(inputs, options)
    options.out.mkdir(parents=True, exist_ok=True)
    remove_stale(options.out)  # what killed runs left; a live run's temporaries are kept
    manifest = Manifest(options.out)
    todo: list[tuple[Path, str]] = []
    skipped: list[Outcome] = []
    from ..pipeline.build import stem_of

    for path in files:
        key = document_key(path, options)
        if not batch.force and manifest.unchanged(stem_of(path), key, options.out):
            skipped.append(
                Outcome(
                    source=str(path),
                    stem=stem_of(path),
                    status="skipped",
                    key=key,
                    size=path.stat().st_size,
                    folder=str(options.out / stem_of(path)),
                )
            )
        else:
            todo.append((path, key))
    if manifest.forget_changed([(stem_of(path), key) for path, key in todo]):
        manifest.save()
    if on_start:
        on_start(len(files))
    done = 0

    def finish(outcome: Outcome) -> None:
        nonlocal done
        done += 1
        report.outcomes.append(outcome)
        manifest.record(outcome)
        if listener:
            listener(outcome, done, len(files))

    fatal: Outcome | None = None
    try:
        for outcome in skipped:
            finish(outcome)
        for outcome in _run(todo, options, batch):
            finish(outcome)
            if outcome.status == "built" and done % 16 == 0:
                manifest.save()
            if outcome.fatal:
                fatal = outcome
                break
    except KeyboardInterrupt:
        report.interrupted = True
        remove_stale(options.out)  # the workers have ended; a one-process build cleaned up
        raise
    finally:
        manifest.save()
        report.seconds = time.perf_counter() - clock
        report.finished = datetime.now(UTC).isoformat(timespec="seconds")
    if fatal is not None:
        raise EnvironmentProblem(
            fatal.message or "", code=fatal.code, fix=fatal.fix, path=fatal.where
        )
    return report


def _run(
    todo: list[tuple[Path, str]], options: BuildOptions, batch: BatchOptions
) -> Iterator[Outcome]:
    if not todo:
        return iter(())
    if batch.executor == "dask":
        return _run_dask(todo, options, batch)
    if batch.jobs == 1 or len(todo) == 1:
        return (build_document(path, options, key) for path, key in todo)
    return _run_pool(todo, options, batch.jobs)


def _run_pool(todo: list[tuple[Path, str]], options: BuildOptions, jobs: int) -> Iterator[Outcome]:
    """A pool of ``jobs`` warm workers; results as they finish; at most ``jobs`` queued ahead.

    Submitting only a few documents ahead (rather than all) keeps the largest-first order
    and lets Ctrl-C cancel everything not yet started.
    """
    import multiprocessing  # here: a one-process build need not pay for importing them
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    context = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=warm_up,
        max_tasks_per_child=TASKS_PER_WORKER,
    )
    pending: set[Future[Outcome]] = set()
    queue = iter(todo)
    try:
        for path, key in _take(queue, 2 * jobs):
            pending.add(pool.submit(build_document, path, options, key))
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()
            for path, key in _take(queue, len(finished)):
                pending.add(pool.submit(build_document, path, options, key))
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _run_dask(
    todo: list[tuple[Path, str]], options: BuildOptions, batch: BatchOptions
) -> Iterator[Outcome]:
    """Submit every document to a Dask distributed scheduler; results as they finish."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise EnvironmentProblem(
            "the Dask executor needs dask.distributed",
            code=Code.E905,
            fix="pip install 'podium[dask]'",
        ) from exc
    try:
        client = Client(batch.scheduler, timeout="10s")
    except OSError as exc:
        raise UsageError(
            f"no Dask scheduler answers at {batch.scheduler}: {exc}",
            fix="start one (dask scheduler) or check --scheduler",
        ) from exc
    try:
        futures = [
            client.submit(build_document, path, options, key, key=f"podium-{key[:16]}-{i}")
            for i, (path, key) in enumerate(todo)
        ]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            client.cancel(futures)
    finally:
        client.close()


def _take(queue: Iterator[tuple[Path, str]], n: int) -> list[tuple[Path, str]]:
    taken = []
    for item in queue:
        taken.append(item)
        if len(taken) >= n:
            break
    return taken


__all__ = [
    "MANIFEST",
    "BatchOptions",
    "BatchReport",
    "Manifest",
    "Outcome",
    "build_batch",
    "build_document",
    "document_key",
    "plan",
    "warm_up",
]
