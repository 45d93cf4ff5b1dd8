"""Nothing half-written: files and folders appear complete or not at all.

A file is written under a temporary name in its own folder, flushed, synced,
then renamed over its final name (atomic on POSIX).  A build folder is staged
whole beside its destination and swapped in by rename; the previous complete
folder stays in place until the new one is ready.

A process killed mid-write (SIGKILL, a power cut, the OOM killer) cannot remove
its temporaries.  They are hidden and named after their owner,
``.<name>.<pid>-<host>.<random>.tmp`` (``.old`` for a folder set aside by
:func:`swap_in`; ``<host>`` names the machine and its process-id namespace, 8 hex
digits), so that :func:`remove_stale`, run as a batch starts, removes those whose
owner is gone and never touches a live run's.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STALE_AFTER = 24 * 3600.0
"""Seconds after which a temporary whose owner cannot be asked counts as abandoned.

The owner can be asked only on its own machine; a temporary another machine left in a
shared OUT (a Dask worker's) is removed once untouched for this long: a staging folder
lives for the seconds that writing one document takes.
"""

_TEMPORARY = re.compile(
    r"\.(?P<name>.+)\.(?P<pid>[0-9]+)-(?P<host>[0-9a-f]{8})\.[^.]+\.(?P<kind>tmp|old)"
)


@functools.cache
def _host() -> str:
    """Where a pid means one process: this machine and its pid namespace, as 8 hex digits.

    Containers sharing a host name (``--network host``) and an OUT each have their own
    pids: one must not take the other's live process for a dead one of its own.
    """
    name = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    with contextlib.suppress(OSError):  # Linux only
        name += " " + os.readlink("/proc/self/ns/pid")  # e.g. "pid:[4026531836]"
    return hashlib.sha256(name.encode()).hexdigest()[:8]


def owner_tag(pid: int | None = None) -> str:
    """How a temporary names its owner: ``<pid>-<host>`` (this process by default)."""
    return f"{os.getpid() if pid is None else pid}-{_host()}"


def _prefix(name: str) -> str:
    return f".{name}.{owner_tag()}."


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_prefix(path.name), suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def staging_dir(final: Path) -> Path:
    """A fresh empty folder beside ``final`` for building it."""
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=final.parent, prefix=_prefix(final.name), suffix=".tmp"))
    staging.chmod(0o755)  # mkdtemp makes it private; the finished folder is an ordinary one
    return staging


def swap_in(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging``: the old folder survives until the new one is in place.

    On Linux the two names are exchanged in one step (``renameat2`` with
    ``RENAME_EXCHANGE``), so at every instant ``final`` is the old complete folder or the
    new one, even if the process is killed. Where that is not available (other systems,
    some network file systems) the old folder is first renamed aside (``.old``), then the
    new one in: a process killed between the two leaves ``final`` missing and the old
    folder aside, whole; :func:`remove_stale` puts it back. Either way the old folder then
    bears the staging name and is removed; a kill meanwhile leaves a stale staging folder.
    """
    if not final.exists():
        os.rename(staging, final)
        return
    if not _exchange(staging, final):
        old = Path(tempfile.mkdtemp(dir=final.parent, prefix=_prefix(final.name), suffix=".old"))
        os.rmdir(old)
        os.rename(final, old)
        try:
            os.rename(staging, final)
        except BaseException:
            os.rename(old, final)
            raise
        os.rename(old, staging)  # a folder named .old is always whole: only a .tmp is ever removed
    shutil.rmtree(staging, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM}


@functools.cache
def _renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    """glibc's ``renameat2`` (Linux 3.15, glibc 2.28) or ``None``; ctypes is loaded here."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # another libc (musl before 1.2.?) or none
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


def _exchange(one: Path, other: Path) -> bool:
    """Exchange two existing paths in one step; ``False`` where the system cannot."""
    func = _renameat2()
    if func is None:
        return False
    import ctypes

    if func(_AT_FDCWD, os.fsencode(one), _AT_FDCWD, os.fsencode(other), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:  # the file system (NFS...) or a sandbox says no: rename twice
        return False
    raise OSError(code, os.strerror(code), str(one), None, str(other))


def _alive(pid: int) -> bool:
    """Whether process ``pid`` of this machine may still write (when in doubt: yes)."""
    if pid == os.getpid():
        return True
    if pid <= 0 or os.name != "posix":  # os.kill on Windows would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    try:  # a zombie (killed, not yet reaped) runs nothing
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # no /proc (macOS), or it ended meanwhile
        return True
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def remove_stale(folder: Path, *, max_age: float = STALE_AFTER) -> list[Path]:
    """Clear the temporaries killed processes left in ``folder``; the paths handled.

    Only podium's temporaries (see the module's docstring) whose owner is gone: on this
    machine, a process that no longer runs; for another machine's, one untouched for
    ``max_age`` seconds. A live run's temporaries, and any other hidden file, are left
    alone. A stale staging folder or temporary file is removed; a folder set aside by
    :func:`swap_in` is put back if its folder is missing, else removed.
    """
    handled: list[Path] = []
    try:
        with os.scandir(folder) as listing:  # an OUT may hold 100,000 folders: names only
            hidden = sorted(e.name for e in listing if e.name.startswith("."))
    except FileNotFoundError:
        return handled
    now = time.time()
    for name in hidden:
        match = _TEMPORARY.fullmatch(name)
        if match is None:
            continue
        entry = folder / name
        try:
            if match["host"] == _host():
                if _alive(int(match["pid"])):
                    continue
            elif now - entry.lstat().st_mtime < max_age:
                continue
            final = folder / match["name"]
            if match["kind"] == "old" and entry.is_dir() and not final.exists():
                os.rename(entry, final)
            elif entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:  # cleared by another run meanwhile, or left for the next one
            continue
        handled.append(entry)
    return handled
