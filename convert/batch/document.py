"""One document of a batch: :func:`build_document` builds it and says what happened.

The function every executor runs, in whatever process or machine it lands on; it never raises
for a bad input: the failure comes back as an :class:`Outcome` with its code.
"""

from __future__ import annotations

import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Code, EnvironmentProblem, PodiumError
from ..options import BuildOptions

if TYPE_CHECKING:
    from ..pdf.helper import LayoutHelper


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


def build_document(
    path: Path, options: BuildOptions, key: str = "", pdf: LayoutHelper | None = None
) -> Outcome:
    """Build one input and say what happened; never raises for a bad input.

    ``pdf`` is this process's warm PDF helper, if it has one (one-process builds).
    """
    from ..pipeline.build import build_one  # here: a worker imports the pipeline once warm
    from ..pipeline.inputs import stem_of

    outcome = Outcome(
        source=str(path), stem=stem_of(path), status="built", key=key, worker=_worker_name()
    )
    try:
        outcome.size = path.stat().st_size
        result = build_one(path, options, pdf=pdf)
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
    is slow, and a process that has not loaded it is not a Dask worker.
    """
    distributed = sys.modules.get("distributed")
    if distributed is not None:
        try:
            return str(distributed.get_worker().address)
        except ValueError:  # loaded, but this is not a worker's task
            pass
    return f"pid {os.getpid()}"


__all__ = ["Outcome", "build_document"]
