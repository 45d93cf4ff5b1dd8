"""Check a deposit's fixity and structure, and name every damaged, missing or unexpected file.

:func:`verify` recomputes every digest of a BagIt bag with bagit-python (never its fast mode,
which only counts files and bytes and so misses a same-size edit) and turns what bagit finds
into :class:`~podium.convert.errors.FixityProblem` values with stable codes:

=========== ================================================================
PODIUM-E411 a file's digest differs from its manifest (the file changed)
PODIUM-E412 a manifest lists a file that is not there
PODIUM-E413 a payload file that no manifest lists
PODIUM-E414 the bag itself is broken (bagit.txt, manifests, Payload-Oxum)
PODIUM-E417 an OCFL root or object is broken (declaration, inventory or its sidecar digest)
=========== ================================================================

An OCFL storage root (``0=ocfl_1.x``) or a single object (``0=ocfl_object_1.x``) is checked
here without ocfl-py (whose root validation missed a tampered file): every object's
``inventory.json`` against its ``.sha512``/``.sha256`` sidecar and each version's copy
likewise (E417), every manifest path present (E412) with its digest recomputed in full (E411),
and no file in a version's content folder, the object root or between objects that the
inventory does not account for (E413). Paths are named relative to the given ``PATH``.

This module never imports the builders: a verifier must not share their mistakes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path, PurePath
from typing import Any

import bagit

from podium.convert.errors import Code, DepositError, FixityProblem, Mismatch

from .fixity import file_digest
from .quiet import quiet_bagit


def verify(path: Path) -> list[FixityProblem]:
    """Return the problems found in the deposit at ``path``; an empty list means intact.

    Raises :class:`DepositError` when there is nothing to verify: PODIUM-E415 if ``path`` does
    not exist, PODIUM-E416 if it is neither a BagIt bag nor an OCFL storage root or object.

    Missing (E412) and unexpected (E413) files are reported before digests are compared:
    bagit checks completeness first and stops there, so a bag with a missing file may hide a
    changed one until the missing file is restored and the bag verified again.
    """
    path = Path(path)
    if not os.path.lexists(path):
        raise DepositError(
            "no such file or folder", code=Code.E415, path=path, fix="check the path to the bag"
        )
    if path.is_dir() and os.path.lexists(path / "bagit.txt"):
        with quiet_bagit():
            return _verify_bag(path)
    if path.is_dir() and list(path.glob("0=ocfl_1.*")):
        return _verify_ocfl_root(path)
    if path.is_dir() and list(path.glob("0=ocfl_object_1.*")):
        return _verify_ocfl_object(path, "")
    raise DepositError(
        "neither a BagIt bag (no bagit.txt) nor an OCFL object or storage root",
        code=Code.E416,
        path=path,
        fix="give a bag (the folder holding bagit.txt) or an OCFL storage root or object",
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
    changed: dict[str, list[Mismatch]] = {}
    others: list[FixityProblem] = []
    for detail in details:
        if isinstance(detail, bagit.ChecksumMismatch):
            changed.setdefault(_where(detail), []).append(
                Mismatch(detail.algorithm, detail.expected, detail.found)
            )
        else:
            others.append(_problem(detail))
    return [
        _changed(where, "bagging", sorted(d, key=lambda m: m.algorithm))
        for where, d in changed.items()
    ] + others


def _changed(where: str, since: str, digests: list[Mismatch]) -> FixityProblem:
    """PODIUM-E411 for a file whose digests differ, each algorithm's named in the message."""
    said = "; ".join(f"{m.algorithm} expected {m.expected}, found {m.found}" for m in digests)
    return FixityProblem(Code.E411, where, f"changed since {since}: {said}", tuple(digests))


def _where(detail: Any) -> str:
    """The path bagit names, relative to the bag root and with POSIX separators."""
    return PurePath(str(getattr(detail, "path", "."))).as_posix()


def _problem(detail: Any) -> FixityProblem:
    """One entry of ``BagValidationError.details``, other than a digest mismatch."""
    where = _where(detail)
    if isinstance(detail, bagit.FileMissing):
        if _is_manifest(where):  # listed in a tagmanifest: the bag lost its own structure
            return _broken(where, "a manifest of the bag is missing")
        return FixityProblem(Code.E412, where, "listed in a manifest but missing")
    if isinstance(detail, bagit.UnexpectedFile):
        return FixityProblem(Code.E413, where, "in the payload but in no manifest")
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
    return FixityProblem(Code.E414, where, message)


def _text(exc: Any) -> str:
    """bagit's message for an error, which its ``str()`` leaves empty for some classes."""
    return str(exc) or str(getattr(exc, "message", "")) or type(exc).__name__


# --- OCFL ----------------------------------------------------------------------------------
_DIGESTS = ("sha512", "sha256")
_ROOT_FILES = re.compile(r"^(0=ocfl_1\.\d+|ocfl_1\.\d+\.(txt|md|html)|ocfl_layout\.json)$")
_VERSION = re.compile(r"^v\d+$")


def _verify_ocfl_root(root: Path) -> list[FixityProblem]:
    """Every object under the root, and nothing but objects, declarations and extensions."""
    problems: list[FixityProblem] = []
    declarations = list(root.glob("0=ocfl_1.*"))
    for decl in declarations:
        expected = decl.name[2:] + "\n"
        if _read_text(decl) != expected:
            problems.append(_ocfl_broken(decl.name, f"the root declaration must hold {expected!r}"))
    objects = 0
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        rel = here.relative_to(root)
        if rel == Path("."):
            dirnames[:] = sorted(d for d in dirnames if d != "extensions")
            for name in sorted(filenames):
                if not _ROOT_FILES.match(name):
                    problems.append(FixityProblem(Code.E413, name, "not part of the OCFL root"))
            continue
        if any(n.startswith("0=ocfl_object_1.") for n in filenames):
            dirnames[:] = []
            objects += 1
            problems += _verify_ocfl_object(here, rel.as_posix() + "/")
            continue
        dirnames.sort()
        for name in sorted(filenames):
            problems.append(
                FixityProblem(Code.E413, (rel / name).as_posix(), "a file between objects")
            )
        if not dirnames and not filenames:
            problems.append(
                FixityProblem(Code.E413, rel.as_posix(), "an empty folder between objects")
            )
    return problems


def _verify_ocfl_object(obj: Path, prefix: str) -> list[FixityProblem]:
    """One OCFL object: declaration, inventories and sidecars, then every content file."""
    problems: list[FixityProblem] = []
    decl = sorted(obj.glob("0=ocfl_object_1.*"))
    if len(decl) != 1 or _read_text(decl[0]) != decl[0].name[2:] + "\n":
        problems.append(_ocfl_broken(prefix + "0=ocfl_object_1.x", "one object declaration"))
    inventory, trouble = _inventory(obj, "", prefix)
    if inventory is None:
        return problems + trouble
    problems += trouble
    algorithm = inventory["digestAlgorithm"]
    manifest: dict[str, str] = {}  # content path -> digest
    for digest, paths in inventory["manifest"].items():
        for content_path in paths:
            manifest[content_path] = digest.lower()
    versions = inventory["versions"]
    for vdir in versions:
        if not (obj / vdir).is_dir():
            problems.append(FixityProblem(Code.E412, prefix + vdir, "a version is missing"))
        elif vdir != inventory["head"] and (obj / vdir / "inventory.json").exists():
            problems += _inventory(obj, vdir, prefix)[1]
        elif vdir == inventory["head"]:
            problems += _head_copy(obj, vdir, prefix)
    digests = set(manifest.values())
    for vdir, version in versions.items():
        for digest in version["state"]:
            if digest.lower() not in digests:
                problems.append(
                    _ocfl_broken(
                        prefix + "inventory.json", f"{vdir} names a digest not in the manifest"
                    )
                )
    for content_path, digest in sorted(manifest.items()):
        where = prefix + content_path
        file = obj / content_path
        if not _safe(content_path) or not file.is_file():
            problems.append(FixityProblem(Code.E412, where, "in the manifest but missing"))
            continue
        found = file_digest(file, algorithm)
        if found != digest:
            problems.append(_changed(where, "deposit", [Mismatch(algorithm, digest, found)]))
    allowed_root = {"inventory.json", f"inventory.json.{algorithm}", *(d.name for d in decl)}
    for entry in sorted(obj.iterdir()):
        name = entry.name
        if entry.is_dir() and (name in versions or name == "extensions"):
            continue
        if entry.is_file() and name in allowed_root:
            continue
        problems.append(FixityProblem(Code.E413, prefix + name, "not part of the object"))
    for vdir in versions:
        problems += _extra_in_version(obj, vdir, prefix, set(manifest), inventory)
    return problems


def _extra_in_version(
    obj: Path, vdir: str, prefix: str, manifest: set[str], inventory: dict[str, Any]
) -> list[FixityProblem]:
    """Files in a version folder that neither the manifest nor OCFL accounts for."""
    folder = obj / vdir
    if not folder.is_dir():
        return []
    content = inventory.get("contentDirectory", "content")
    own = {"inventory.json", f"inventory.json.{inventory['digestAlgorithm']}"}
    problems = []
    for path in sorted(p for p in folder.rglob("*") if not p.is_dir()):
        rel = path.relative_to(obj).as_posix()
        inner = path.relative_to(folder).parts
        if (len(inner) == 1 and inner[0] in own) or (inner[0] == content and rel in manifest):
            continue
        where = "in no inventory manifest" if inner[0] == content else "not part of the version"
        problems.append(FixityProblem(Code.E413, prefix + rel, where))
    return problems


def _inventory(
    obj: Path, vdir: str, prefix: str
) -> tuple[dict[str, Any] | None, list[FixityProblem]]:
    """Read and check ``[vdir/]inventory.json`` against its sidecar; None if unusable."""
    where = prefix + (f"{vdir}/" if vdir else "") + "inventory.json"
    folder = obj / vdir if vdir else obj
    try:
        raw = (folder / "inventory.json").read_bytes()
    except OSError as exc:
        return None, [_ocfl_broken(where, f"unreadable or missing ({type(exc).__name__})")]
    try:
        inventory = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [_ocfl_broken(where, f"not JSON: {exc}")]
    if not _inventory_shape(inventory):
        return None, [
            _ocfl_broken(
                where, "not an OCFL inventory (id, digestAlgorithm, head, manifest, versions)"
            )
        ]
    algorithm = inventory["digestAlgorithm"]
    sidecar = folder / f"inventory.json.{algorithm}"
    try:
        recorded = sidecar.read_text(encoding="utf-8").split()
    except (OSError, UnicodeError):
        return inventory, [
            _ocfl_broken(where + f".{algorithm}", "the inventory sidecar is missing")
        ]
    found = hashlib.new(algorithm, raw).hexdigest()
    if not recorded or recorded[0].lower() != found:
        return inventory, [
            _ocfl_broken(
                where,
                f"the inventory differs from its sidecar: {algorithm} recorded "
                f"{recorded[0] if recorded else '(none)'}, found {found}",
                Mismatch(algorithm, recorded[0] if recorded else None, found),
            )
        ]
    return inventory, []


def _head_copy(obj: Path, vdir: str, prefix: str) -> list[FixityProblem]:
    """The head version's inventory must be byte-identical to the object's."""
    try:
        same = (obj / vdir / "inventory.json").read_bytes() == (obj / "inventory.json").read_bytes()
    except OSError:
        same = False
    if same:
        return []
    return [_ocfl_broken(f"{prefix}{vdir}/inventory.json", "differs from the object's inventory")]


def _inventory_shape(inv: Any) -> bool:
    if not isinstance(inv, dict):
        return False
    ok = (
        isinstance(inv.get("id"), str)
        and inv.get("digestAlgorithm") in _DIGESTS
        and isinstance(inv.get("head"), str)
        and isinstance(inv.get("manifest"), dict)
        and isinstance(inv.get("versions"), dict)
        and inv["head"] in inv["versions"]
    )
    if not ok:
        return False
    paths_ok = all(
        isinstance(paths, list) and all(isinstance(p, str) for p in paths)
        for paths in inv["manifest"].values()
    )
    versions_ok = all(
        _VERSION.match(v) and isinstance(ver, dict) and isinstance(ver.get("state"), dict)
        for v, ver in inv["versions"].items()
    )
    return paths_ok and versions_ok


def _safe(content_path: str) -> bool:
    parts = content_path.split("/")
    return bool(content_path) and not content_path.startswith("/") and ".." not in parts


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return None


def _ocfl_broken(where: str, message: str, *digests: Mismatch) -> FixityProblem:
    return FixityProblem(Code.E417, where, message, digests)


__all__ = ["verify"]
