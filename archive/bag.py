"""Deposit one built document as a fresh BagIt bag, checked against its build record.

:func:`make_bag` reads ``podium-build.json`` in a folder written by ``podium build``, copies
exactly the files the record lists (renditions, the byte-exact source and the record itself)
into a staging folder beside the destination, checks every copy against the record's SHA-256,
lets bagit-python turn the staging folder into a bag (SHA-256 and SHA-512 manifests) and renames
it into place. The built folder is only read; a failure leaves neither the destination nor the
staging folder behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import bagit

from podium.convert.errors import DepositError
from podium.convert.version import __version__

from .quiet import quiet_bagit

RECORD_NAME = "podium-build.json"
"""The build record ``podium build`` writes into every built folder."""

CHECKSUMS = ("sha256", "sha512")
"""Manifests every podium bag carries: SHA-256 (what the record uses) and SHA-512."""

_CHUNK = 1 << 20


@dataclass(frozen=True)
class _Listed:
    """One file named by the build record: what it is, where, and its recorded fixity."""

    role: str  # "source", or the output's key ("akn", "html", ...)
    path: PurePosixPath  # relative to the built folder
    sha256: str
    size: int


@dataclass(frozen=True)
class Record:
    """The parts of ``podium-build.json`` a deposit needs."""

    raw: bytes
    files: tuple[_Listed, ...]
    work: str
    title: str
    generated: str


def make_bag(built: Path, dest: Path, *, organization: str | None = None) -> Path:
    """Bag the built folder ``built`` into the new folder ``dest`` and return ``dest``.

    The payload (``data/``) holds the outputs and ``source/<name>`` at the paths the record
    gives, plus ``podium-build.json``; nothing else in ``built`` is copied. ``bag-info.txt``
    records ``Source-Organization`` (``organization`` or ``unknown``), the FRBR work IRI as
    ``External-Identifier``, the title as ``External-Description``, ``Bagging-Date`` (the
    record's generation date when ``SOURCE_DATE_EPOCH`` is set, else today in UTC) and
    ``Bag-Software-Agent``.

    Raises :class:`DepositError`: PODIUM-E401 (record missing or unreadable), E402 (``dest``
    exists), E403 (a listed file missing or not matching the record), E404 (a recorded path
    leaves the built folder), E405 (the bag could not be written).

    bagit-python changes the process's working directory while it writes manifests (restored
    afterwards); do not call this from several threads at once.
    """
    built = Path(os.path.abspath(built))
    dest = Path(os.path.abspath(dest))
    record = read_record(built)
    bag_info = {
        "Source-Organization": organization or "unknown",
        "External-Identifier": record.work,
        "External-Description": " ".join(record.title.split()),
        "Bagging-Date": _bagging_date(record, built),
        "Bag-Software-Agent": f"podium {__version__}",
    }
    if os.path.lexists(dest):
        raise DepositError(
            "the destination already exists; a deposit never overwrites",
            code="PODIUM-E402",
            path=dest,
            fix="choose a new destination or remove the old one first",
        )
    if dest.is_relative_to(built):
        raise DepositError(
            "the destination is inside the built folder",
            code="PODIUM-E402",
            path=dest,
            fix="put the bag outside the folder it deposits",
        )
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(dest.parent, exc) from exc
    staging = new_staging(dest)
    try:
        stage_payload(built, record, staging)
        _run_bagit(staging, bag_info)
        if os.path.lexists(dest):  # appeared while we worked: still never overwrite
            raise DepositError(
                "the destination appeared while the bag was being built",
                code="PODIUM-E402",
                path=dest,
                fix="choose a new destination or remove the old one first",
            )
        try:
            os.rename(staging, dest)
        except OSError as exc:
            raise _write_error(dest, exc) from exc
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return dest


def read_record(built: Path) -> Record:
    """Parse ``built/podium-build.json`` into the files it lists and the bag-info values."""
    path = built / RECORD_NAME
    fix = "point at a folder written by `podium build`, or build the input again"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = "missing" if isinstance(exc, FileNotFoundError) else f"unreadable ({exc})"
        raise DepositError(
            f"the build record {RECORD_NAME} is {reason}", code="PODIUM-E401", path=built, fix=fix
        ) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DepositError(
            f"the build record is not JSON: {exc}", code="PODIUM-E401", path=path, fix=fix
        ) from exc

    def bad(what: str) -> DepositError:
        return DepositError(f"the build record has {what}", code="PODIUM-E401", path=path, fix=fix)

    if not isinstance(data, dict):
        raise bad("no JSON object at its top")
    source = data.get("source")
    outputs = data.get("outputs")
    if not isinstance(outputs, dict):
        raise bad('no "outputs" object')
    files = [_listed("source", source, bad)]
    files += [_listed(str(role), entry, bad) for role, entry in outputs.items()]
    for listed in files:
        _check_inside(built, listed)
    if files[0].path.parts[0] != "source" or len(files[0].path.parts) < 2:
        raise bad(f'a source path outside source/ ("{files[0].path}")')
    if any(str(f.path) == RECORD_NAME for f in files):
        raise bad(f"a file listed under the record's own name, {RECORD_NAME}")
    texts = {}
    for key in ("work", "title", "generated"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise bad(f'no "{key}" text')
        texts[key] = value
    return Record(
        raw=raw,
        files=tuple(files),
        work=texts["work"],
        title=texts["title"],
        generated=texts["generated"],
    )


def _listed(role: str, entry: Any, bad: Callable[[str], DepositError]) -> _Listed:
    """One ``{"path", "sha256", "size"}`` entry of the record, its types checked."""
    if not isinstance(entry, dict):
        raise bad(f'no "{role}" entry with path, sha256 and size')
    path, digest, size = entry.get("path"), entry.get("sha256"), entry.get("size")
    if not isinstance(path, str) or not path:
        raise bad(f'no "path" for "{role}"')
    if not isinstance(digest, str) or len(digest) != 64:
        raise bad(f'no SHA-256 (64 hex digits) for "{role}"')
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise bad(f'no byte size for "{role}"')
    return _Listed(role=role, path=PurePosixPath(path), sha256=digest.lower(), size=size)


def _check_inside(built: Path, listed: _Listed) -> None:
    """Refuse a recorded path that could read or write outside the built folder.

    Checked on the text first (absolute, drive letter, ``..``, backslash) so that the same
    record is refused on every platform, then on the resolved path, which catches symlinks.
    """
    text = str(listed.path)
    windows = PureWindowsPath(text)
    escapes = (
        listed.path.is_absolute()
        or bool(windows.drive)
        or bool(windows.root)
        or "\\" in text
        or ".." in listed.path.parts
        or text == "."
    )
    if not escapes:
        resolved = (built / listed.path).resolve()
        escapes = not resolved.is_relative_to(built.resolve())
    if escapes:
        raise DepositError(
            f'the build record gives "{text}" for {listed.role}: paths must be relative and '
            "stay inside the built folder",
            code="PODIUM-E404",
            path=built / RECORD_NAME,
            fix="build the input again; do not edit podium-build.json by hand",
        )


def new_staging(dest: Path, code: str = "PODIUM-E405") -> Path:
    """Create an empty, uniquely named hidden folder beside ``dest`` (bags and OCFL roots).

    ``code`` is the error code when no folder can be made (each deposit kind has its own).
    """
    for _ in range(8):
        staging = dest.parent / f".{dest.name}.tmp-{secrets.token_hex(6)}"
        try:
            staging.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            err = _write_error(dest.parent, exc)
            err.code = code
            raise err from exc
        return staging
    raise DepositError(
        "could not create a staging folder",
        code=code,
        path=dest.parent,
        fix="remove stale .*.tmp-* folders there",
    )


def stage_payload(built: Path, record: Record, staging: Path) -> None:
    """Copy every listed file into ``staging`` and check each copy against the record.

    The copy, not the original, is hashed: what goes into the bag is what was checked.
    """
    for listed in record.files:
        original = built / listed.path
        copy = staging / listed.path
        if not original.is_file():
            raise DepositError(
                f"{listed.path} ({listed.role}) is listed in the build record but missing",
                code="PODIUM-E403",
                path=original,
                fix="build the input again",
            )
        try:
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(original, copy)
            size, digest = copy.stat().st_size, _sha256(copy)
        except OSError as exc:
            raise _write_error(original, exc) from exc
        if size != listed.size or digest != listed.sha256:
            raise DepositError(
                f"{listed.path} ({listed.role}) does not match the build record: expected "
                f"sha256 {listed.sha256} ({listed.size} bytes), found {digest} ({size} bytes)",
                code="PODIUM-E403",
                path=original,
                fix="the built folder changed after the build; build the input again",
            )
    # The bytes that were parsed, not a second read that could differ.
    (staging / RECORD_NAME).write_bytes(record.raw)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _bagging_date(record: Record, built: Path) -> str:
    """The record's generation date for reproducible deposits, else today's date in UTC."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        try:
            return date.fromisoformat(record.generated[:10]).isoformat()
        except ValueError as exc:
            raise DepositError(
                f'the build record\'s "generated" ({record.generated}) does '
                "not start with a YYYY-MM-DD date",
                code="PODIUM-E401",
                path=built / RECORD_NAME,
                fix="build the input again",
            ) from exc
    return datetime.now(UTC).date().isoformat()


def _run_bagit(staging: Path, bag_info: dict[str, str]) -> None:
    """Let bagit-python turn ``staging`` into a bag, quietly and with the cwd restored.

    bagit moves the folder's contents into ``data/`` (our own copy, so harmless) and
    ``os.chdir``s into it while writing; it restores the cwd itself, and we do again in case a
    future version does not.
    """
    cwd = os.getcwd()
    try:
        with quiet_bagit():
            bagit.make_bag(str(staging), dict(bag_info), checksums=list(CHECKSUMS))
    except (bagit.BagError, OSError, RuntimeError) as exc:
        raise _write_error(staging, exc) from exc
    finally:
        if os.getcwd() != cwd:
            os.chdir(cwd)


def _write_error(path: Path, exc: BaseException) -> DepositError:
    return DepositError(
        f"could not write the bag: {exc}",
        code="PODIUM-E405",
        path=path,
        fix="check free space and permissions where the bag goes",
    )


__all__ = ["CHECKSUMS", "RECORD_NAME", "make_bag"]
