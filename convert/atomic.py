"""Nothing half-written: files and folders appear complete or not at all.

A file is written under a temporary name in its own folder, flushed, synced,
then renamed over its final name (atomic on POSIX).  A build folder is staged
whole beside its destination and swapped in by rename; the previous complete
folder stays in place until the new one is ready.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
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
    staging = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp"))
    staging.chmod(0o755)  # mkdtemp makes it private; the finished folder is an ordinary one
    return staging


def swap_in(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging``: the old folder survives until the new one is in place."""
    old = None
    if final.exists():
        old = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.", suffix=".old"))
        os.rmdir(old)
        os.rename(final, old)
    try:
        os.rename(staging, final)
    except BaseException:
        if old is not None:
            os.rename(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
