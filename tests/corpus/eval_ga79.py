"""How right the master's head facts are on the real General Debate statements.

Builds every text of ``../shared/corpora/un-ga79/text/`` (the Arabic ones are left out: their
extracted text is unusable) with ``podium build --to akn`` and compares what each master says
with the facts annotated by reading the statement (``tests/data/un_ga79_expected.json``):
title, date, speaker, office, delivery status and language.  A field counts where the
statement prints one; a value podium gives where the statement prints none is counted apart
(invented).  Comparison ignores case, accents, spacing and punctuation at the ends.

    python tests/corpus/eval_ga79.py OUT [--podium CMD]      # OUT/report.md, OUT/details.json
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

from lxml import etree

from podium.convert.model.identity import iso639_2

HERE = Path(__file__).resolve().parents[2]
CORPUS = HERE.parent / "shared" / "corpora" / "un-ga79" / "text"
EXPECTED = HERE / "tests" / "data" / "un_ga79_expected.json"
NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
FIELDS = ("title", "date", "speaker", "office", "status", "language")


def plain(text: str | None) -> str:
    """Case, accents, spacing and end punctuation folded away."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(folded.split()).strip(" .,:;-–—[]()!\"'“”")


def found(master: Path) -> dict[str, str | None]:
    """The head facts a master states."""
    tree = etree.parse(str(master))

    def one(xpath: str) -> str | None:
        hits = tree.xpath(xpath, namespaces=NS)
        if not hits:
            return None
        hit = hits[0]
        return hit if isinstance(hit, str) else "".join(hit.itertext())

    by = one("//a:mainBody//a:speech[1]/@by") or ""
    role = one("//a:mainBody//a:speech[1]/@as") or ""
    return {
        "title": one("//a:preface//a:docTitle"),
        "date": one("//a:preface//a:docDate/@date"),
        "speaker": one(f"//a:TLCPerson[@eId='{by[1:]}' and not(@status)]/@showAs")
        if by and by != "#speaker"  # the unknown speaker's placeholder names nobody
        else None,
        "office": one(f"//a:TLCRole[@eId='{role[1:]}']/@showAs") if role else None,
        "status": one("//a:preface//a:docStatus"),
        "language": one("//a:FRBRExpression/a:FRBRlanguage/@language"),
    }


def title_right(want: dict[str, object], got: str | None) -> bool:
    """The title as annotated, whole or without the name line: the annotations leave out a
    line that holds only the speaker's name (and honorific), which the master keeps in
    the title block as printed."""
    if not got:
        return False
    options = {plain(str(want[k])) for k in ("title", "title_full", "alt_title") if want.get(k)}
    if plain(got) in options:
        return True
    bare = plain(got)
    for fact in (want.get("honorific"), want.get("speaker")):
        if fact:
            bare = bare.replace(plain(str(fact)), " ")
    squeeze = lambda t: " ".join(t.replace(",", " ").split())  # noqa: E731
    return squeeze(bare) == squeeze(plain(str(want.get("title") or "")))


def right(field: str, want: dict[str, object], got: str | None) -> bool:
    if field == "language":
        return got == iso639_2(str(want["language"]))
    if field == "date":
        return got == want["date"]
    if field == "title":
        return title_right(want, got)
    return plain(got) != "" and plain(got) == plain(str(want[field]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--podium", default="podium", help="command that runs podium")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="folder of NAME.txt texts")
    ap.add_argument("--expected", type=Path, default=EXPECTED, help="facts annotated per NAME")
    ap.add_argument("--arabic", action="store_true", help="keep the Arabic texts")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"eval: {args.corpus} not found (the team's shared folder)")
    statements = json.loads(args.expected.read_text("utf-8"))["statements"]
    cases = {s["file"]: s for s in statements if args.arabic or not s["file"].endswith("_ar")}
    inputs, built = args.out / "inputs", args.out / "built"
    shutil.rmtree(args.out, ignore_errors=True)
    inputs.mkdir(parents=True)
    for name in cases:
        shutil.copy(args.corpus / f"{name}.txt", inputs / f"{name}.txt")
    run = subprocess.run(
        [
            *shlex.split(args.podium),
            "build",
            str(inputs),
            "-o",
            str(built),
            "--to",
            "akn",
            "--jobs",
            "2",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1727740800"},
    )
    (args.out / "log.txt").write_text(run.stdout + run.stderr, "utf-8")
    tally = {f: [0, 0, 0] for f in FIELDS}  # printed, right, invented
    details = {}
    for name, want in sorted(cases.items()):
        master = built / name / f"{name}.akn.xml"
        got = found(master) if master.is_file() else dict.fromkeys(FIELDS)
        row = {}
        for field in FIELDS:
            printed = want.get(field) is not None
            ok = right(field, want, got[field]) if printed else None
            if printed:
                tally[field][0] += 1
                tally[field][1] += bool(ok)
            elif got[field] and field != "language":
                tally[field][2] += 1
            row[field] = {"want": want.get(field), "got": got[field], "right": ok}
        details[name] = row
    lines = [
        f"# {args.corpus.name}, text form: {len(cases)} statements"
        + ("" if args.arabic else " (Arabic left out)"),
        "",
        "| field | statements printing one | right | % | given where none is printed |",
        "|---|---:|---:|---:|---:|",
    ]
    for field, (printed, ok, invented) in tally.items():
        pct = f"{100 * ok / printed:.0f}%" if printed else "-"
        lines.append(f"| {field} | {printed} | {ok} | {pct} | {invented} |")
    report = "\n".join(lines) + "\n"
    (args.out / "report.md").write_text(report, "utf-8")
    (args.out / "details.json").write_text(
        json.dumps(details, ensure_ascii=False, indent=1), "utf-8"
    )
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
