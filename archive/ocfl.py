"""Deposit one built document into an OCFL 1.1 storage root, one object per FRBR work.

:func:`deposit` reads ``podium-build.json`` through the build record's reader (the same
checks, codes E401-E404), stages exactly the files a bag would hold (the outputs, the
byte-exact ``source/<name>`` and the record itself, each copy checked against the record, by
:mod:`podium.archive.staging`) and turns them into an OCFL object or a new version of one with
ocfl-py.

Object identifier
    ``urn:akn:`` followed by the FRBR work IRI without its leading ``/akn/``: the work
    ``/akn/un/doc/communication/un-sg/2021-04-19/abc`` is the object
    ``urn:akn:un/doc/communication/un-sg/2021-04-19/abc``. A full URI (RFC 3986), free of any
    host name, stable for a work across corrections, so that a corrected speech becomes a new
    version of the same object. (The work IRI ends in the UN symbol when one is given; without
    one it ends in a digest of the speech's words, so a correction of the wording is then a new
    work: docs/archive.md.) ``akn`` is not a registered URN namespace; the prefix is podium's
    convention, documented here and in docs/archive.md.

Storage layout
    OCFL community extension ``0004-hashed-n-tuple-storage-layout`` (SHA-256 of the id, three
    tuples of three hex digits, then the full digest): objects spread evenly over at most
    4096 folders per level, which suits a root of many thousands of speeches. ocfl-py 2.1 does
    not ship this layout, so :func:`object_path` computes it and the root's
    ``ocfl_layout.json`` and ``extensions/0004-.../config.json`` are written here.

Atomicity
    Nothing is written inside the root until the end. A new root is assembled complete (with
    the object in it) in a staging folder beside ``ROOT`` and renamed into place. A new object
    is written by ocfl-py's ``Object.create`` into a staging folder beside the root (same file
    system), then renamed to its layout path (one ``rename``). A new version is added by
    ocfl-py to a full copy of the object in the staging folder; the old object is then
    renamed aside and the new one into place (two renames; a crash between them leaves the
    old object under ``.<name>.old-*`` beside its place, never a half-written version), and
    the old one removed.
    A failure before the renames removes the staging folder and leaves the root as it was.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import ocfl

from podium.convert.errors import Code, DepositError
from podium.convert.pipeline.record import field_error
from podium.convert.pipeline.record import read as read_record

from .bag import WRITE_FAILURE as BAG_WRITE_FAILURE
from .fixity import file_digest
from .staging import WriteFailure, move_into_place, rename, stage_payload, staging_folder

LAYOUT = "0004-hashed-n-tuple-storage-layout"
"""The storage layout extension every root podium creates declares."""

LAYOUT_CONFIG = {
    "extensionName": LAYOUT,
    "digestAlgorithm": "sha256",
    "tupleSize": 3,
    "numberOfTuples": 3,
    "shortObjectRoot": False,
}

ID_PREFIX = "urn:akn:"
"""Object ids are ``urn:akn:`` + the work IRI without ``/akn/``."""

WRITE_FAILURE = WriteFailure(
    "could not write the OCFL deposit",
    code=Code.E423,
    fix="check free space and permissions where the storage root is",
)
"""How an OCFL deposit reports a file or folder it could not write."""

# Staging an OCFL deposit words its write failures as a bag does (with E423 for the staging
# folder itself, E405 for the payload copies): kept as it was, since issue 17 changes no
# message. The error catalogue may give them OCFL's own wording.
_STAGING_FAILURE = replace(BAG_WRITE_FAILURE, code=Code.E423)


@dataclass(frozen=True)
class Deposited:
    """What :func:`deposit` did: the object, its path in the root, its head, and if new."""

    identifier: str
    path: Path
    version: str
    changed: bool


def object_id(work: str) -> str:
    """The OCFL object id for a FRBR work IRI: ``/akn/un/doc/x`` -> ``urn:akn:un/doc/x``."""
    if not work.startswith("/akn/") or len(work) <= len("/akn/") or any(c.isspace() for c in work):
        raise ValueError(work)
    return ID_PREFIX + work[len("/akn/") :]


def object_path(identifier: str) -> str:
    """The object's folder relative to the root, by extension 0004 (sha256, 3 x 3 tuples)."""
    digest = hashlib.sha256(identifier.encode("utf-8")).hexdigest()
    return "/".join([digest[0:3], digest[3:6], digest[6:9], digest])


def deposit(
    built: Path,
    root: Path,
    *,
    message: str = "podium deposit",
    user: str = "podium",
    user_address: str | None = None,
) -> Deposited:
    """Deposit the built folder ``built`` into the OCFL storage root ``root``.

    Creates the root if absent; creates the work's object (v1) if absent; otherwise adds a
    version only when the content differs from the head version's state. ``message`` and
    ``user`` become the version's ``message`` and ``user.name``; ``user_address`` (a URI such
    as ``mailto:archives@example.org``) its ``user.address``, which OCFL recommends.

    Raises :class:`DepositError`: E401-E404 as for a bag (the build record and its files),
    E420 (``root`` exists but is not an OCFL 1.x storage root podium can use), E421 (the
    record's work IRI is not an ``/akn/`` IRI), E422 (the object's inventory is unreadable),
    E423 (the deposit could not be written), E424 (an empty message or user).
    """
    built = Path(os.path.abspath(built))
    root = Path(os.path.abspath(root))
    for name, value in (("--message", message), ("--user", user)):
        if not value.strip():
            raise DepositError(
                f"the version {name} is empty", code=Code.E424, fix=f"give {name} some text"
            )
    record = read_record(built)
    identifier = _object_id_of(record.work, built)
    new_root = _check_destination(built, root)
    relpath = object_path(identifier)
    meta = ocfl.VersionMetadata(message=message, name=user, address=user_address or None)
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WRITE_FAILURE.error(root.parent, exc) from exc
    with staging_folder(root, _STAGING_FAILURE) as staging:
        content = staging / "content"
        content.mkdir()
        stage_payload(built, record, content, BAG_WRITE_FAILURE)
        if new_root:
            return _create_root(root, staging, content, identifier, relpath, meta)
        target = root / relpath
        if not os.path.lexists(target):
            return _create_object(target, staging, content, identifier, meta)
        return _add_version(target, staging, content, identifier, meta)


def _object_id_of(work: str, built: Path) -> str:
    """The object id for the record's work IRI; E421 when it is not an ``/akn/`` IRI."""
    try:
        return object_id(work)
    except ValueError:
        what = f'work IRI "{work}" does not start with /akn/'
        fix = "build the input again with this podium"
        raise field_error(built, f"the build record's {what}", Code.E421, fix) from None


def _check_destination(built: Path, root: Path) -> bool:
    """Refuse a root inside ``built`` or one podium cannot use; True if it is to be made."""
    if root == built or root.is_relative_to(built):
        raise DepositError(
            "the storage root is inside the built folder",
            code=Code.E420,
            path=root,
            fix="put the OCFL root outside the folder it deposits",
        )
    new_root = not os.path.lexists(root)
    if not new_root:
        _check_root(root)
    return new_root


def _create_root(
    root: Path, staging: Path, content: Path, identifier: str, relpath: str, meta: object
) -> Deposited:
    fresh = staging / "root"
    try:
        with _quiet():
            ocfl.StorageRoot(root=str(fresh)).initialize()
        (fresh / "ocfl_layout.json").write_text(
            json.dumps(
                {
                    "extension": LAYOUT,
                    "description": "Hashed N-tuple Storage Layout (sha256, 3 tuples of 3)",
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        ext = fresh / "extensions" / LAYOUT
        ext.mkdir(parents=True)
        (ext / "config.json").write_text(json.dumps(LAYOUT_CONFIG, indent=2) + "\n", "utf-8")
        obj = fresh / relpath
        obj.parent.mkdir(parents=True)
        _ocfl_create(content, obj, identifier, meta)
    except (OSError, ocfl.StorageRootException) as exc:
        raise WRITE_FAILURE.error(root, exc) from exc
    appeared = DepositError(
        "the storage root appeared while the deposit was being built",
        code=Code.E423,
        path=root,
        fix="deposit again",
    )
    move_into_place(fresh, root, WRITE_FAILURE, appeared)
    return Deposited(identifier, root / relpath, "v1", True)


def _create_object(
    target: Path, staging: Path, content: Path, identifier: str, meta: object
) -> Deposited:
    obj = staging / "object"
    try:
        _ocfl_create(content, obj, identifier, meta)
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WRITE_FAILURE.error(target, exc) from exc
    rename(obj, target, WRITE_FAILURE)
    return Deposited(identifier, target, "v1", True)


def _add_version(
    target: Path, staging: Path, content: Path, identifier: str, meta: object
) -> Deposited:
    inventory = _read_inventory(target, identifier)
    head = inventory["head"]
    if _state_of(inventory) == _state_of_folder(content, inventory["digestAlgorithm"]):
        return Deposited(identifier, target, head, False)
    copy = staging / "object"
    try:
        shutil.copytree(target, copy, symlinks=True)
        with _quiet():
            new = ocfl.Object().add_version_with_content(
                objdir=str(copy), srcdir=str(content), metadata=meta
            )
    except (OSError, ocfl.ObjectException, ocfl.NewVersionException) as exc:
        raise WRITE_FAILURE.error(target, exc) from exc
    aside = target.parent / f".{target.name}.old-{secrets.token_hex(6)}"
    rename(target, aside, WRITE_FAILURE)
    try:
        rename(copy, target, WRITE_FAILURE)
    except DepositError:
        os.rename(aside, target)  # put the old object back
        raise
    shutil.rmtree(aside, ignore_errors=True)
    return Deposited(identifier, target, new.head, True)


def _ocfl_create(content: Path, obj: Path, identifier: str, meta: object) -> None:
    try:
        with _quiet():
            ocfl.Object(identifier=identifier).create(
                srcdir=str(content), metadata=meta, objdir=str(obj)
            )
    except (ocfl.ObjectException, ocfl.NewVersionException) as exc:
        raise WRITE_FAILURE.error(obj, exc) from exc


def _check_root(root: Path) -> None:
    """Refuse anything but an OCFL 1.x storage root that declares podium's layout."""
    fix = "give an OCFL storage root made by `podium deposit --ocfl`, or a new path"
    if not root.is_dir() or not list(root.glob("0=ocfl_1.*")):
        raise DepositError(
            "exists but is not an OCFL storage root (no 0=ocfl_1.x declaration)",
            code=Code.E420,
            path=root,
            fix=fix,
        )
    try:
        layout = json.loads((root / "ocfl_layout.json").read_text(encoding="utf-8"))
        extension = layout.get("extension") if isinstance(layout, dict) else None
    except (OSError, UnicodeError, json.JSONDecodeError):
        extension = None
    if extension != LAYOUT:
        raise DepositError(
            f"the storage root does not declare the {LAYOUT} layout in ocfl_layout.json",
            code=Code.E420,
            path=root / "ocfl_layout.json",
            fix=fix,
        )


def _read_inventory(target: Path, identifier: str) -> dict[str, Any]:
    path = target / "inventory.json"
    fix = "run `podium verify` on the root and restore the object from a copy"
    try:
        inventory: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, json.JSONDecodeError) as exc:
        raise DepositError(
            f"the object's inventory is unreadable: {exc}", code=Code.E422, path=path, fix=fix
        ) from exc
    ok = (
        isinstance(inventory, dict)
        and inventory.get("id") == identifier
        and inventory.get("digestAlgorithm") in ("sha512", "sha256")
        and isinstance(inventory.get("head"), str)
        and isinstance(inventory.get("versions"), dict)
        and isinstance(inventory["versions"].get(inventory["head"]), dict)
        and isinstance(inventory["versions"][inventory["head"]].get("state"), dict)
    )
    if not ok:
        raise DepositError(
            f"the object's inventory is not an OCFL inventory of {identifier}",
            code=Code.E422,
            path=path,
            fix=fix,
        )
    return inventory


def _state_of(inventory: dict[str, Any]) -> dict[str, str]:
    """The head version's state as logical path -> digest (lower case)."""
    state = inventory["versions"][inventory["head"]]["state"]
    return {p: d.lower() for d, paths in state.items() for p in paths}


def _state_of_folder(folder: Path, algorithm: str) -> dict[str, str]:
    """The staged content as logical path -> digest, to compare with :func:`_state_of`."""
    return {
        path.relative_to(folder).as_posix(): file_digest(path, algorithm)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@contextmanager
def _quiet() -> Iterator[None]:
    """ocfl-py logs each step at INFO; podium reports the outcome itself."""
    logger = logging.getLogger()
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)


__all__ = ["ID_PREFIX", "LAYOUT", "Deposited", "deposit", "object_id", "object_path"]
