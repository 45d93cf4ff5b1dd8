"""Staging a deposit: a fresh folder beside the destination, the payload copied and checked.

Bags and OCFL deposits are built the same way, never in place: an empty hidden folder is made
beside the destination (same file system, so the final ``rename`` is atomic), exactly the
files the build record lists are copied into it and each copy is checked against the record,
and only the finished folder is renamed into place. A failure removes the staging folder.

Each deposit kind words its write failures itself (:class:`WriteFailure`); the helpers here
raise with the wording they are given.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from podium.convert.errors import Code, DepositError
from podium.convert.pipeline.record import RECORD

from .fixity import file_digest


@dataclass(frozen=True)
class WriteFailure:
    """How one deposit kind reports a file it could not write: message, code and fix."""

    message: str  # followed by ": <the OS error>"
    code: Code
    fix: str

    def error(self, path: Path, exc: BaseException) -> DepositError:
        return DepositError(f"{self.message}: {exc}", code=self.code, path=path, fix=self.fix)


class Listed(Protocol):
    """One file the build record names (the record reader's entry, read-only)."""

    @property
    def role(self) -> str: ...
    @property
    def path(self) -> PurePosixPath: ...
    @property
    def sha256(self) -> str: ...
    @property
    def size(self) -> int: ...


class Recorded(Protocol):
    """What staging needs of a parsed build record: its bytes and the files it lists."""

    @property
    def raw(self) -> bytes: ...
    @property
    def files(self) -> Sequence[Listed]: ...


def new_staging(dest: Path, failure: WriteFailure) -> Path:
    """Create an empty, uniquely named hidden folder beside ``dest`` (bags and OCFL roots)."""
    for _ in range(8):
        staging = dest.parent / f".{dest.name}.tmp-{secrets.token_hex(6)}"
        try:
            staging.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            raise failure.error(dest.parent, exc) from exc
        return staging
    raise DepositError(
        "could not create a staging folder",
        code=failure.code,
        path=dest.parent,
        fix="remove stale .*.tmp-* folders there",
    )


@contextmanager
def staging_folder(dest: Path, failure: WriteFailure) -> Iterator[Path]:
    """A fresh staging folder beside ``dest`` for the ``with`` block, removed afterwards."""
    staging = new_staging(dest, failure)
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def stage_payload(built: Path, record: Recorded, staging: Path, failure: WriteFailure) -> None:
    """Copy every listed file into ``staging`` and check each copy against the record.

    The copy, not the original, is hashed: what goes into the deposit is what was checked.
    """
    for listed in record.files:
        original = built / listed.path
        copy = staging / listed.path
        if not original.is_file():
            raise DepositError(
                f"{listed.path} ({listed.role}) is listed in the build record but missing",
                code=Code.E403,
                path=original,
                fix="build the input again",
            )
        try:
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(original, copy)
            size, digest = copy.stat().st_size, file_digest(copy)
        except OSError as exc:
            raise failure.error(original, exc) from exc
        if size != listed.size or digest != listed.sha256:
            raise DepositError(
                f"{listed.path} ({listed.role}) does not match the build record: expected "
                f"sha256 {listed.sha256} ({listed.size} bytes), found {digest} ({size} bytes)",
                code=Code.E403,
                path=original,
                fix="the built folder changed after the build; build the input again",
            )
    # The bytes that were parsed, not a second read that could differ.
    (staging / RECORD).write_bytes(record.raw)


def rename(src: Path, dest: Path, failure: WriteFailure) -> None:
    """``os.rename`` with a failure reported in the deposit's own words."""
    try:
        os.rename(src, dest)
    except OSError as exc:
        raise failure.error(dest, exc) from exc


def move_into_place(staging: Path, dest: Path, failure: WriteFailure, taken: DepositError) -> None:
    """Rename the finished ``staging`` to ``dest``; raise ``taken`` if ``dest`` appeared meanwhile.

    Checked just before the rename, which on POSIX would replace an empty folder: a deposit
    never overwrites.
    """
    if os.path.lexists(dest):
        raise taken
    rename(staging, dest, failure)


__all__ = [
    "Listed",
    "Recorded",
    "WriteFailure",
    "move_into_place",
    "new_staging",
    "rename",
    "stage_payload",
    "staging_folder",
]
