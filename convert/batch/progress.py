"""What a batch shows while it works: a rich progress bar on a terminal, plain lines elsewhere.

:class:`Display` is a :data:`podium.convert.batch.run.Listener`. On a terminal it draws a
progress bar (count, documents per second, time left) and prints each finished document
above it; when the output is a file or a CI log it prints one plain line per document
instead (``[12/249] speeches/1862.txt -> out/1862/ (akn, epub, html, pdf) 2.31 s``), since
a redrawn bar would fill a log with control codes. Warnings and errors go to stderr as
``podium: warning:`` and ``podium: error:`` lines either way. :meth:`Display.summary`
prints the closing table.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .run import BatchReport, Outcome

if TYPE_CHECKING:  # rich is imported when a bar or a table is drawn
    from rich.progress import Progress, TaskID

PROG = "podium"


class Display:
    """Shows a batch's progress; ``interactive`` defaults to "stderr is a terminal"."""

    def __init__(
        self,
        out: TextIO | None = None,
        err: TextIO | None = None,
        interactive: bool | None = None,
        debug: bool = False,
    ) -> None:
        self.debug = debug
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.interactive = self.err.isatty() if interactive is None else interactive
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def start(self, total: int) -> None:
        if not self.interactive or total < 2:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("[bold]podium build"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=Console(file=self.err),
            transient=True,
        )
        self.task = self.progress.add_task("build", total=total, rate="")
        self.progress.start()

    def __call__(self, outcome: Outcome, done: int, total: int) -> None:
        line = self.line(outcome, done, total)
        if self.progress is not None and self.task is not None:
            elapsed = self.progress.tasks[0].elapsed or 0.0
            rate = f"{done / elapsed:.2f} docs/s" if elapsed > 0 else ""
            self.progress.update(self.task, completed=done, rate=rate)
            if line:
                self.progress.console.print(line, markup=False, highlight=False)
        elif line:
            print(line, file=self.out, flush=True)
        for warning in outcome.warnings:
            print(f"{PROG}: warning: {outcome.source}: {warning}", file=self.err, flush=True)
        if outcome.trace and self.debug:
            print(outcome.trace, file=self.err, flush=True)
        if outcome.status == "failed":
            where = outcome.where or outcome.source
            fix = f" (fix: {outcome.fix})" if outcome.fix else ""
            print(
                f"{PROG}: error: {where}: {outcome.code}: {outcome.message}{fix}",
                file=self.err,
                flush=True,
            )

    def line(self, outcome: Outcome, done: int, total: int) -> str:
        """The document's line; a failure has one only in a batch, so that the log counts
        every document (its ``podium: error:`` line on stderr says what went wrong)."""
        count = f"[{done}/{total}] " if total > 1 else ""
        if outcome.status == "built":
            names = ", ".join(sorted(Path(p).name for p in outcome.outputs.values()))
            secs = sum(outcome.seconds.values())
            return f"{count}{outcome.source} -> {outcome.folder}/ ({names}) {secs:.2f} s"
        if outcome.status == "skipped":
            return f"{count}{outcome.source}: unchanged, kept {outcome.folder}/"
        return f"{count}{outcome.source}: failed ({outcome.code})" if count else ""

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def summary(self, report: BatchReport) -> None:
        """The closing table: built, skipped, failed, time."""
        from rich import box
        from rich.console import Console
        from rich.table import Table

        counts = report.counts
        table = Table(box=box.SIMPLE_HEAD if self.interactive else box.ASCII)
        for column in ("built", "skipped", "failed", "seconds", "docs/s", "jobs"):
            table.add_column(column, justify="right")
        worked = counts["built"] + counts["failed"]
        rate = f"{worked / report.seconds:.2f}" if report.seconds > 0 and worked else "-"
        table.add_row(
            str(counts["built"]),
            str(counts["skipped"]),
            str(counts["failed"]),
            f"{report.seconds:.1f}",
            rate,
            f"{report.jobs} ({report.executor})",
        )
        console = Console(file=self.out, highlight=False, soft_wrap=True)
        console.print(table)


__all__ = ["Display"]
