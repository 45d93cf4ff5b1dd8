"""The Dask executor: every document submitted to a Dask distributed scheduler.

The same per-document function as the local workers,
:func:`~podium.convert.batch.document.build_document`; OUT must be a folder every worker can
write (a shared file system).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import Code, EnvironmentProblem, UsageError
from ..options import BatchOptions, BuildOptions
from .document import Outcome, build_document


def run_dask(
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


__all__ = ["run_dask"]
