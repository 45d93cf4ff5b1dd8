"""A batch run: every input built under OUT, unchanged ones skipped, one failure at a time.

:func:`build_batch` plans the inputs (:mod:`~podium.convert.batch.plan`), sorts out those the
manifest (:mod:`~podium.convert.batch.manifest`) says are unchanged, hands the rest to an
executor (in this process, :mod:`~podium.convert.batch.pool` or
:mod:`~podium.convert.batch.dask`) and gathers what happened into a :class:`BatchReport`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import remove_stale
from ..errors import EnvironmentProblem
from ..options import BatchOptions, BuildOptions
from ..pipeline.inputs import stem_of
from ..version import __version__
from .document import Outcome, build_document
from .manifest import MANIFEST, Manifest
from .plan import document_key, plan

if TYPE_CHECKING:
    from ..pdf.helper import LayoutHelper

REPORT_SCHEMA = "podium-report-1.schema.json"
"""The JSON Schema of ``--report`` files, shipped in ``podium.schemas``."""


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


Listener = Callable[[Outcome, int, int], None]
"""Called as each document finishes: the outcome, how many are done, how many in all."""


def build_batch(
    inputs: list[Path],
    options: BuildOptions,
    batch: BatchOptions | None = None,
    *,
    listener: Listener | None = None,
    on_start: Callable[[int], None] | None = None,
    pdf: LayoutHelper | None = None,
) -> BatchReport:
    """Build every input under ``options.out``; return what happened to each.

    ``pdf`` is a warm PDF helper for documents built in this process
    (:mod:`podium.convert.pdf.helper`). Raises :class:`UsageError` (no inputs) and
    :class:`EnvironmentProblem` (raised again from the first document that met one);
    ``KeyboardInterrupt`` after recording what finished (``report.interrupted`` is then set
    on the report passed to ``listener``\\ s, and the manifest is saved).
    """
    batch = batch or BatchOptions()
    clock = time.perf_counter()
    report = BatchReport(started=_now(), jobs=batch.jobs, executor=batch.executor)
    files = plan(inputs, options)
    options.out.mkdir(parents=True, exist_ok=True)
    remove_stale(options.out)  # what killed runs left; a live run's temporaries are kept
    manifest = Manifest(options.out)
    todo, skipped = _sort_out(files, options, batch.force, manifest)
    if on_start:
        on_start(len(files))
    finish = _Finisher(report, manifest, listener, len(files))
    try:
        fatal = finish.all(skipped, _run(todo, options, batch, pdf))
    except KeyboardInterrupt:
        report.interrupted = True
        remove_stale(options.out)  # the workers have ended; a one-process build cleaned up
        raise
    finally:
        manifest.save()
        report.seconds = time.perf_counter() - clock
        report.finished = _now()
    if fatal is not None:
        raise EnvironmentProblem(
            fatal.message or "", code=fatal.code, fix=fatal.fix, path=fatal.where
        )
    return report


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _sort_out(
    files: list[Path], options: BuildOptions, force: bool, manifest: Manifest
) -> tuple[list[tuple[Path, str]], list[Outcome]]:
    """The inputs to build (with their keys) and those skipped as unchanged.

    The manifest entries of folders about to be rebuilt under another key are dropped (and
    the manifest saved) before anything is built.
    """
    todo: list[tuple[Path, str]] = []
    skipped: list[Outcome] = []
    for path in files:
        key, stem = document_key(path, options), stem_of(path)
        if not force and manifest.unchanged(stem, key, options.out):
            skipped.append(
                Outcome(
                    source=str(path),
                    stem=stem,
                    status="skipped",
                    key=key,
                    size=path.stat().st_size,
                    folder=str(options.out / stem),
                )
            )
        else:
            todo.append((path, key))
    if manifest.forget_changed([(stem_of(path), key) for path, key in todo]):
        manifest.save()
    return todo, skipped


@dataclass
class _Finisher:
    """What happens as each document finishes: reported, recorded, told to the listener."""

    report: BatchReport
    manifest: Manifest
    listener: Listener | None
    total: int
    done: int = 0

    def __call__(self, outcome: Outcome) -> None:
        self.done += 1
        self.report.outcomes.append(outcome)
        self.manifest.record(outcome)
        if self.listener:
            self.listener(outcome, self.done, self.total)

    def all(self, skipped: list[Outcome], built: Iterable[Outcome]) -> Outcome | None:
        """Finish the skipped, then the built as they come; the first fatal outcome, if any
        (the run stops there). The manifest is saved every 16 documents."""
        for outcome in skipped:
            self(outcome)
        for outcome in built:
            self(outcome)
            if outcome.status == "built" and self.done % 16 == 0:
                self.manifest.save()
            if outcome.fatal:
                return outcome
        return None


def _run(
    todo: list[tuple[Path, str]],
    options: BuildOptions,
    batch: BatchOptions,
    pdf: LayoutHelper | None,
) -> Iterator[Outcome]:
    if not todo:
        return iter(())
    if batch.executor == "dask":
        from .dask import run_dask

        return run_dask(todo, options, batch)
    if batch.jobs == 1 or len(todo) == 1:
        return (build_document(path, options, key, pdf) for path, key in todo)
    from .pool import run_pool  # here: a one-process build need not import multiprocessing

    return run_pool(todo, options, batch.jobs)


__all__ = [
    "MANIFEST",
    "REPORT_SCHEMA",
    "BatchOptions",
    "BatchReport",
    "Listener",
    "Outcome",
    "build_batch",
]
