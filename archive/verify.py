"""Check a deposit's fixity and structure, and name every damaged, missing or unexpected file.

:func:`verify` recomputes every digest of a BagIt bag with bagit-python (never its fast mode,
which only counts files and bytes and so misses a same-size edit) and turns what bagit finds
into :class:`~podium.convert.errors.FixityProblem` values with stable codes:

=========== ================================================================
PODIUM-E411 a file's digest differs from its manifest (the file changed)
PODIUM-E412 a manifest lists a file that is not there
PODIUM-E413 a payload file that no manifest lists
PODIUM-E414 the bag itself is broken (bagit.txt, manifests, Payload-Oxum)
=========== ================================================================

This module never imports the builders: a verifier must not share their mistakes.
OCFL objects are not verified yet; they are refused with PODIUM-E416 like any non-bag.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from typing import Any

import bagit

from podium.convert.errors import DepositError, FixityProblem

from .quiet import quiet_bagit


def verify(path: Path) -> list[FixityProblem]:
    """Return the problems found in the deposit at ``path``; an empty list means intact.

    Raises :class:`DepositError` when there is nothing to verify: PODIUM-E415 if ``path`` does
    not exist, PODIUM-E416 if it is not a BagIt bag (OCFL support comes later).

    Missing (E412) and unexpected (E413) files are reported before digests are compared:
    bagit checks completeness first and stops there, so a bag with a missing file may hide a
    changed one until the missing file is restored and the bag verified again.
    """
    path = Path(path)
    if not os.path.lexists(path):
        raise DepositError(
            "no such file or folder", code="PODIUM-E415", path=path, fix="check the path to the bag"
        )
    if path.is_dir() and os.path.lexists(path / "bagit.txt"):
        with quiet_bagit():
            return _verify_bag(path)
    raise DepositError(
        "neither a BagIt bag (no bagit.txt) nor an OCFL object or storage root",
        code="PODIUM-E416",
        path=path,
        fix="give the folder that holds bagit.txt, as written by `podium deposit --bag`",
    )


def _verify_bag(root: Path) -> list[FixityProblem]:
    try:
        bag = bagit.Bag(str(root))
    except (bagit.BagError, OSError, UnicodeError) as exc:
        return [_broken(".", f"not a readable bag: {_text(exc)}")]
    # bagit compares Payload-Oxum (file count and bytes) before anything else and, when it
    # differs, stops without naming a file. Check it last instead, so a missing or extra file
    # is reported by name; the bag on disk is not changed.
    oxum = bag.info.pop("Payload-Oxum", None)
    try:
        bag.validate(fast=False, completeness_only=False)
    except bagit.BagValidationError as exc:
        if exc.details:
            return _problems(exc.details)
        return [_broken(".", _text(exc))]
    except (bagit.BagError, OSError, UnicodeError) as exc:
        return [_broken(".", _text(exc))]
    return _check_oxum(bag, oxum)


def _problems(details: list[Any]) -> list[FixityProblem]:
    """``BagValidationError.details`` as problems with podium codes, one per file.

    bagit reports a changed file once per manifest (SHA-256 and SHA-512); those become one
    PODIUM-E411 whose message gives each algorithm's expected and found digests.
    """
    changed: dict[str, list[str]] = {}
    others: list[FixityProblem] = []
    for detail in details:
        if isinstance(detail, bagit.ChecksumMismatch):
            changed.setdefault(_where(detail), []).append(
                f"{detail.algorithm} expected {detail.expected}, found {detail.found}"
            )
        else:
            others.append(_problem(detail))
    return [
        FixityProblem("PODIUM-E411", where, "changed since bagging: " + "; ".join(sorted(d)))
        for where, d in changed.items()
    ] + others


def _where(detail: Any) -> str:
    """The path bagit names, relative to the bag root and with POSIX separators."""
    return PurePath(str(getattr(detail, "path", "."))).as_posix()


def _problem(detail: Any) -> FixityProblem:
    """One entry of ``BagValidationError.details``, other than a digest mismatch."""
    where = _where(detail)
    if isinstance(detail, bagit.FileMissing):
        if _is_manifest(where):  # listed in a tagmanifest: the bag lost its own structure
            return _broken(where, "a manifest of the bag is missing")
        return FixityProblem("PODIUM-E412", where, "listed in a manifest but missing")
    if isinstance(detail, bagit.UnexpectedFile):
        return FixityProblem("PODIUM-E413", where, "in the payload but in no manifest")
    return _broken(where, _text(detail))


def _check_oxum(bag: Any, oxum: Any) -> list[FixityProblem]:
    """Compare ``Payload-Oxum`` (``<bytes>.<files>``) with the payload bagit just verified."""
    if oxum is None:
        return []
    if isinstance(oxum, list):
        return [_broken("bag-info.txt", "Payload-Oxum is given more than once")]
    text = str(oxum)
    count_bytes, _, count_files = text.partition(".")
    if not (count_bytes.isdigit() and count_files.isdigit()):
        return [_broken("bag-info.txt", f"Payload-Oxum {text!r} is not <bytes>.<files>")]
    root = Path(bag.path)
    files = [root / name for name in bag.payload_files()]
    found = f"{sum(f.stat().st_size for f in files)}.{len(files)}"
    if found != f"{int(count_bytes)}.{int(count_files)}":
        return [
            _broken(
                "bag-info.txt",
                f"Payload-Oxum says {text} but the payload holds {found} (bytes.files)",
            )
        ]
    return []


def _is_manifest(where: str) -> bool:
    name = PurePath(where)
    return len(name.parts) == 1 and name.name.startswith("manifest-") and name.suffix == ".txt"


def _broken(where: str, message: str) -> FixityProblem:
    return FixityProblem("PODIUM-E414", where, message)


def _text(exc: Any) -> str:
    """bagit's message for an error, which its ``str()`` leaves empty for some classes."""
    return str(exc) or str(getattr(exc, "message", "")) or type(exc).__name__


__all__ = ["verify"]
