"""A helper process that lays out the PDF while this process makes the master.

A cold ``podium build`` of one speech spends much of its time importing WeasyPrint and laying
out the PDF, and about as much reading, normalising and validating the master and writing the
HTML and EPUB (docs/performance.md has the figures). On a machine with two cores the two can
overlap: :func:`started` forks a helper as the command starts, before anything heavy is
imported; the helper imports WeasyPrint and lays out one line (fonts and Pango loaded) while
the parent makes the master. As soon as the master is valid, the parent hands the print page
over (:meth:`PdfHelper.submit`, through :func:`podium.convert.writers.pdf.submit`) and writes
the HTML and the EPUB while the helper writes the PDF; :meth:`PdfHelper.result` collects it.

The parent prepares the print page (font check, template); the helper lays it out
(:func:`podium.convert.pdf.layout.lay_out`, having imported WeasyPrint and nothing heavy
besides); the parent finishes the file (XMP, compression), so its PDF is byte for byte the
one the parent would have written alone. Whatever goes wrong in the helper (it died, it could
not import WeasyPrint, the layout raised), :meth:`result` returns ``None`` and the caller
writes the PDF itself: the parent's own attempt then raises the proper podium error, with its
code. Only POSIX ``fork`` is used; elsewhere :func:`started` gives ``None``.

The helper is passed to the build explicitly (``build_one(path, options, pdf=helper)``);
nothing finds it through a global. Whether a command wants one is decided by :func:`wanted`
alone, which both the early fork and the command line consult.

The ``podium`` command forks it even earlier (:func:`fork_early`, from
:mod:`podium.archive.launch`): before the command line is parsed and podium's own modules are
imported, as soon as the first word says ``build`` or ``demo``. The helper's path (import
WeasyPrint, lay out, finish) is the critical one of a cold build, so the imports it no longer
waits for come off the whole command. If the parsed command turns out not to want it,
:func:`started` stops it at once. The helper warms up (lays out a few lines) only if no page
has arrived by the time WeasyPrint is imported: once a page waits, laying it out cold is
quicker than warming up first.

Batches with ``--jobs`` 2 or more do not use it: their workers are already warm and every
core is busy.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import struct
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any, Protocol

#: prctl(2) option: the signal a child gets when its parent dies (linux/prctl.h).
PR_SET_PDEATHSIG = 1

_HEADER = struct.Struct("!Q")
_early: PdfHelper | None = None  # forked by fork_early, not yet taken by started

#: The commands whose first word makes :func:`fork_early` start a helper.
BUILDING_COMMANDS = ("build", "demo")


class LayoutHelper(Protocol):
    """What a build needs of a PDF helper: hand it a page, collect the PDF."""

    def submit(self, job: tuple[Any, ...]) -> bool: ...

    def result(self) -> bytes | None: ...


class PdfHelper:
    """The parent's end of one forked helper: a pipe each way."""

    def __init__(self, pid: int, to_child: int, from_child: int) -> None:
        self.pid = pid
        self.to_child = to_child
        self.from_child = from_child
        self.pending = False

    def submit(self, job: tuple[Any, ...]) -> bool:
        """Send one page to lay out (:func:`podium.convert.pdf.layout.lay_out`'s arguments, plain
        data); ``False`` if the helper is gone (do it yourself)."""
        try:
            _send(self.to_child, job)
        except (OSError, pickle.PicklingError):
            return False
        self.pending = True
        return True

    def result(self) -> bytes | None:
        """The unfinished PDF of the job submitted last, or ``None`` if the helper failed."""
        if not self.pending:
            return None
        self.pending = False
        try:
            status, payload = _receive(self.from_child)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError):
            return None
        return payload if status == "ok" and isinstance(payload, bytes) else None

    def stop(self) -> None:
        """End a helper that will not be needed (it may be importing WeasyPrint)."""
        with suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        self.close()

    def close(self) -> None:
        for fd in (self.to_child, self.from_child):
            with suppress(OSError):
                os.close(fd)
        with suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def wanted(
    command: str | None,
    formats: Sequence[str] = ("pdf",),
    jobs: int = 1,
    executor: str = "local",
) -> bool:
    """Whether the ``podium`` command ``command`` wants a warm PDF helper: one process
    building PDFs, and safe to fork.

    :func:`fork_early` asks knowing only the command's first word; the command line asks
    again with the parsed formats, ``--jobs`` and ``--executor`` (with ``--jobs`` 2 or more
    the workers are warm already and the cores busy). ``PODIUM_NO_PDF_HELPER`` turns it off.
    """
    if command not in BUILDING_COMMANDS:
        return False
    if command == "build" and not ("pdf" in formats and jobs == 1 and executor == "local"):
        return False
    return (
        hasattr(os, "fork")
        and threading.active_count() == 1  # never fork a process that runs threads
        and not os.environ.get("PODIUM_NO_PDF_HELPER")
    )


def fork_early(argv: Sequence[str]) -> None:
    """Fork the helper now if the command line's first word is a building command.

    Called by the ``podium`` command before anything else is imported; :func:`started`
    takes the helper over (or stops it).
    """
    global _early
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    if _early is None and wanted(command):
        _early = _fork()


def stop_early() -> None:
    """Stop the helper :func:`fork_early` started if nothing took it (a usage error...)."""
    global _early
    helper, _early = _early, None
    if helper is not None:
        helper.stop()


@contextmanager
def started(wanted: bool = True) -> Iterator[PdfHelper | None]:
    """A warm PDF helper for the ``with`` block if ``wanted`` (``None`` where fork is
    unavailable): the one :func:`fork_early` started, or a new one. An early helper that is
    not wanted is stopped."""
    global _early
    helper, _early = _early, None
    if not wanted:
        if helper is not None:
            helper.stop()
        helper = None
    elif helper is None and hasattr(os, "fork"):
        helper = _fork()
    try:
        yield helper
    finally:
        if helper is not None:
            helper.close()


def _die_with(parent: int) -> None:
    """On Linux, have the kernel kill the helper the moment the command dies, even by
    SIGKILL (otherwise it would finish the layout it is on before seeing its pipe close)."""
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the command died before the request was made
        os._exit(1)


def _fork() -> PdfHelper | None:
    parent = os.getpid()
    parent_read, child_write = os.pipe()
    child_read, parent_write = os.pipe()
    gc.freeze()  # the helper's collector then never walks the objects it inherited
    try:
        pid = os.fork()
    except OSError:
        for fd in (parent_read, child_write, child_read, parent_write):
            os.close(fd)
        return None
    if pid == 0:  # the helper: Ctrl-C is the parent's; the helper ends when its pipe closes
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _die_with(parent)
        gc.set_threshold(50_000, 20, 20)  # layout allocates in bursts: collect less often
        os.close(parent_read)
        os.close(parent_write)
        code = 0
        try:
            _serve(child_read, child_write)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    gc.unfreeze()
    os.close(child_read)
    os.close(child_write)
    return PdfHelper(pid, parent_write, parent_read)


def _serve(inbox: int, outbox: int) -> None:
    """The helper's life: warm up, then write each PDF asked for until the pipe closes."""
    from . import layout  # WeasyPrint's half only: no Jinja, lxml, Babel or pikepdf here

    with suppress(Exception):  # a missing library shows again in the job, with its code
        layout.weasyprint()  # most of the helper's start: the page may arrive meanwhile
    if not select.select([inbox], [], [], 0)[0]:  # no page waiting yet: use the time
        with suppress(Exception):  # a failed warm-up shows again in the job: the parent retries
            layout.warm_up()
    while True:
        try:
            job = _receive(inbox)
        except EOFError:
            return
        try:
            answer: tuple[str, Any] = ("ok", layout.lay_out(*job))
        except Exception as exc:
            answer = ("failed", type(exc).__name__)
        _send(outbox, answer)


def _send(fd: int, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    _write_all(fd, _HEADER.pack(len(data)) + data)


def _receive(fd: int) -> Any:
    (size,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size))
    return pickle.loads(_read_exactly(fd, size))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exactly(fd: int, size: int) -> bytes:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError("the other end closed the pipe")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


__all__ = ["LayoutHelper", "PdfHelper", "fork_early", "started", "stop_early", "wanted"]
