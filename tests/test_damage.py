"""Every kind of damage, in every kind of store, is caught by `podium verify` with the file named.

Each cell gives the stable code(s) verify must report, each naming a file (E411 changed, E412
missing, E413 unexpected, E417 broken OCFL inventory). Damage hits the AKN master unless the row
says otherwise; "ocfl-root" is verify pointed at the storage root, "ocfl-object" at the object.

    damage kind          bag        ocfl-object  ocfl-root
    -------------------  ---------  -----------  ---------
    flipped-byte         E411       E411         E411
    flipped-byte-source  E411       E411         E411
    truncation           E411       E411         E411
    deletion             E412       E412         E412
    added-file           E413       E413         E413
    tampered-manifest    E411 E411  E417 E411    E417 E411
    forged-manifest      E411       E411         E411
    renamed-file         E412 E413  E412 E413    E412 E413

A "tampered" manifest is edited on its own: a bag's payload-manifest line, caught by the
tagmanifest (E411 on the manifest), or an OCFL inventory, caught by its sidecar digest (E417).
A "forged" one is rewritten consistently with everything that protects it (the bag's
tagmanifests; the inventory's sidecar and the head version's copy): only recomputing the file's
own digest can catch that, so it is reported as the file changing (E411). A forgery that also
replaces the file to match is an honest-looking deposit; no fixity check can see it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from itertools import product
from pathlib import Path

import pytest

from podium.archive.bag import make_bag
from podium.archive.cli.main import main
from podium.archive.ocfl import deposit, object_id, object_path
from podium.archive.verify import verify

from .archive_helpers import FILES, WORK, codes, flip_one_byte, write_built

STORES = ("bag", "ocfl-object", "ocfl-root")

#: damage kind -> the codes verify reports, per store (in STORES order); each code names the
#: file the damage function returns in the same position.
# fmt: off
MATRIX: dict[str, tuple[str, str, str]] = {
    # damage kind           bag          ocfl-object  ocfl-root
    "flipped-byte":        ("E411",      "E411",      "E411"),
    "flipped-byte-source": ("E411",      "E411",      "E411"),
    "truncation":          ("E411",      "E411",      "E411"),
    "deletion":            ("E412",      "E412",      "E412"),
    "added-file":          ("E413",      "E413",      "E413"),
    "tampered-manifest":   ("E411 E411", "E417 E411", "E417 E411"),
    "forged-manifest":     ("E411",      "E411",      "E411"),
    "renamed-file":        ("E412 E413", "E412 E413", "E412 E413"),
}
# fmt: on

MASTER = FILES["akn"][0]  # the AKN master: the file that matters most
SOURCE = FILES["source"][0]  # the byte-exact source, under source/


@dataclass(frozen=True)
class Store:
    """A damaged copy: ``path`` is given to verify, ``base`` is the bag or OCFL object in it."""

    kind: str
    path: Path
    base: Path
    prefix: str  # ``base`` relative to ``path``, with a trailing slash ("" if the same)

    def payload(self, logical: str) -> str:
        """Where a built file sits, relative to ``base``."""
        return ("data/" if self.kind == "bag" else "v1/content/") + logical


# --- the damage ----------------------------------------------------------------------------
# Each applies one kind of damage to ``store.base`` and returns the files verify must name,
# relative to ``base``, in the order of the codes in MATRIX.
def flipped_byte(store: Store) -> tuple[str, ...]:
    rel = store.payload(MASTER)
    size = (store.base / rel).stat().st_size
    flip_one_byte(store.base / rel)
    assert (store.base / rel).stat().st_size == size  # a same-size edit: size checks miss it
    return (rel,)


def flipped_byte_source(store: Store) -> tuple[str, ...]:
    rel = store.payload(SOURCE)
    flip_one_byte(store.base / rel)
    return (rel,)


def truncation(store: Store) -> tuple[str, ...]:
    rel = store.payload(MASTER)
    data = (store.base / rel).read_bytes()
    (store.base / rel).write_bytes(data[: len(data) // 2])
    return (rel,)


def deletion(store: Store) -> tuple[str, ...]:
    rel = store.payload(MASTER)
    (store.base / rel).unlink()
    return (rel,)


def added_file(store: Store) -> tuple[str, ...]:
    rel = store.payload("added.txt")
    (store.base / rel).write_bytes(b"slipped in after the deposit\n")
    return (rel,)


def renamed_file(store: Store) -> tuple[str, ...]:
    rel, new = store.payload(MASTER), store.payload("renamed.akn.xml")
    (store.base / rel).rename(store.base / new)
    return (rel, new)


def tampered_manifest(store: Store) -> tuple[str, ...]:
    """Change the master's recorded digest and nothing that protects the record."""
    if store.kind == "bag":
        return (_edit_bag_manifest(store.base), store.payload(MASTER))
    _edit_inventory(store.base, store.payload(MASTER))
    return ("inventory.json", store.payload(MASTER))


def forged_manifest(store: Store) -> tuple[str, ...]:
    """Change the master's recorded digest and, to match, everything that protects the record."""
    if store.kind == "bag":
        manifest = _edit_bag_manifest(store.base)
        data = (store.base / manifest).read_bytes()
        for tagmanifest in store.base.glob("tagmanifest-*.txt"):
            algorithm = tagmanifest.stem.removeprefix("tagmanifest-")
            digest = hashlib.new(algorithm, data).hexdigest()
            text = tagmanifest.read_text(encoding="utf-8")
            text, n = re.subn(rf"^\S+(\s+{re.escape(manifest)})$", rf"{digest}\1", text, flags=re.M)
            assert n == 1, f"{tagmanifest.name} does not list {manifest}"
            tagmanifest.write_text(text, encoding="utf-8")
        return (store.payload(MASTER),)
    raw, algorithm = _edit_inventory(store.base, store.payload(MASTER))
    sidecar = f"inventory.json.{algorithm}"
    (store.base / sidecar).write_text(
        f"{hashlib.new(algorithm, raw).hexdigest()} inventory.json\n", encoding="utf-8"
    )
    for name in ("inventory.json", sidecar):  # the head version's copy too
        shutil.copyfile(store.base / name, store.base / "v1" / name)
    return (store.payload(MASTER),)


def _edit_bag_manifest(bag: Path) -> str:
    """Change the master's line in one payload manifest; return that manifest's name."""
    manifest = sorted(bag.glob("manifest-*.txt"))[0]
    text = manifest.read_text(encoding="utf-8")
    line = re.search(rf"^(\S+)\s+data/{re.escape(MASTER)}$", text, flags=re.M)
    assert line, f"{manifest.name} does not list data/{MASTER}"
    wrong = "0" * len(line[1])
    manifest.write_text(text[: line.start(1)] + wrong + text[line.end(1) :], encoding="utf-8")
    return manifest.name


def _edit_inventory(obj: Path, content_path: str) -> tuple[bytes, str]:
    """Give ``content_path`` a wrong digest in manifest and state; return bytes and algorithm."""
    path = obj / "inventory.json"
    inventory = json.loads(path.read_text(encoding="utf-8"))
    algorithm = inventory["digestAlgorithm"]
    wrong = hashlib.new(algorithm, b"other bytes").hexdigest()
    (old,) = [d for d, paths in inventory["manifest"].items() if content_path in paths]
    inventory["manifest"][wrong] = inventory["manifest"].pop(old)
    for version in inventory["versions"].values():
        if old in version["state"]:
            version["state"][wrong] = version["state"].pop(old)
    raw = json.dumps(inventory, indent=2).encode("utf-8")
    path.write_bytes(raw)
    return raw, algorithm


DAMAGE: dict[str, Callable[[Store], tuple[str, ...]]] = {
    "flipped-byte": flipped_byte,
    "flipped-byte-source": flipped_byte_source,
    "truncation": truncation,
    "deletion": deletion,
    "added-file": added_file,
    "tampered-manifest": tampered_manifest,
    "forged-manifest": forged_manifest,
    "renamed-file": renamed_file,
}


# --- the stores ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One bag and one OCFL root of the synthetic build, made once and copied per case."""
    folder = tmp_path_factory.mktemp("pristine")
    built = write_built(folder / "build")
    make_bag(built, folder / "bag")
    deposit(built, folder / "root")
    return folder


def copy_store(pristine: Path, kind: str, dest: Path) -> Store:
    """A fresh copy of the pristine bag or OCFL root, seen as ``kind``."""
    if kind == "bag":
        bag = Path(shutil.copytree(pristine / "bag", dest / "bag"))
        return Store(kind, bag, bag, "")
    root = Path(shutil.copytree(pristine / "root", dest / "root"))
    obj_rel = object_path(object_id(WORK))
    obj = root / obj_rel
    if kind == "ocfl-object":
        return Store(kind, obj, obj, "")
    return Store(kind, root, obj, obj_rel + "/")


CASES = [
    pytest.param(damage, store, id=f"{damage}-{store}") for damage, store in product(MATRIX, STORES)
]


@pytest.mark.parametrize(("damage", "kind"), CASES)
def test_damage_is_caught_and_named(
    damage: str,
    kind: str,
    pristine: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = copy_store(pristine, kind, tmp_path)
    named = DAMAGE[damage](store)
    want_codes = [f"PODIUM-{c}" for c in MATRIX[damage][STORES.index(kind)].split()]
    assert len(want_codes) == len(named), "MATRIX and the damage function disagree"
    expected = [(code, store.prefix + rel) for code, rel in zip(want_codes, named, strict=True)]

    problems = verify(store.path)
    found = codes(problems)
    assert problems, "verify found nothing"
    for pair in expected:  # each damaged file named, with its code
        assert pair in found, f"{pair} not among {found}"
    # and no other kind of problem: a flipped byte is never reported as a broken bag, say
    assert {code for code, _ in found} <= set(want_codes), found

    capsys.readouterr()
    assert main(["verify", str(store.path)]) == 1
    err = capsys.readouterr().err
    for code, where in expected:
        assert f"{store.path}: {where}: {code}: " in err, err
    assert "PODIUM-E410" in err and "Traceback" not in err


@pytest.mark.parametrize("kind", STORES)
def test_intact_store_is_clean(kind: str, pristine: Path, tmp_path: Path) -> None:
    """The control: without damage nothing is reported, so each problem above is the damage's."""
    store = copy_store(pristine, kind, tmp_path)
    assert verify(store.path) == []
    assert main(["verify", str(store.path)]) == 0


def test_matrix_covers_every_damage_and_matches_the_docstring() -> None:
    """The table a reader sees at the top of this module is the one the tests run."""
    assert list(MATRIX) == list(DAMAGE)
    rows = [" ".join([kind, *cells]) for kind, cells in MATRIX.items()]
    table = [" ".join(line.split()) for line in (__doc__ or "").splitlines()]
    for row in rows:
        assert row in table, f"the docstring's table lacks {row!r}"
