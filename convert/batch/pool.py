"""The local executor: a pool of long-lived, warm worker processes (``forkserver``).

Each worker loads WeasyPrint and compiles the schemas once (:func:`warm_up`) and is replaced
after :data:`TASKS_PER_WORKER` documents, so that memory stays bounded over a long run. A
worker ignores Ctrl-C (the command stops handing out work and waits for the builds in
progress, which finish whole) and ends the moment the command that started it is gone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..logs import configure_logging
from ..options import BuildOptions
from .document import Outcome, build_document

if TYPE_CHECKING:
    from concurrent.futures import Future

TASKS_PER_WORKER = 64
"""Documents a pool worker builds before it is replaced by a fresh one (bounds its memory)."""


def warm_up() -> None:
    """Load what every document needs once per worker: WeasyPrint, the compiled schemas.

    Also quiets the worker's logging as ``podium``'s command line quiets its own: a worker
    process starts with Python's defaults, and WeasyPrint would log every layout step.
    """
    import signal

    from ..model import validate
    from ..pdf import layout

    # Ctrl-C is the command's to handle: it stops handing out work and waits for the builds
    # in progress, which finish whole (a worker interrupted mid-build could print a traceback)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent()
    configure_logging(debug=False)

    validate.schema()
    validate.profile()
    layout.warm_up()


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


def run_pool(todo: list[tuple[Path, str]], options: BuildOptions, jobs: int) -> Iterator[Outcome]:
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


def _take(queue: Iterator[tuple[Path, str]], n: int) -> list[tuple[Path, str]]:
    taken = []
    for item in queue:
        taken.append(item)
        if len(taken) >= n:
            break
    return taken


__all__ = ["TASKS_PER_WORKER", "run_pool", "warm_up"]
