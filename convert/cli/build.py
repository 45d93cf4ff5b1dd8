"""``podium build``: speeches to AKN, HTML, PDF and EPUB, one folder each under ``--out``.

Also the batch runner ``podium demo`` shares (progress, summary, ``--report``) and the
decision to fork a warm PDF helper for a one-process build.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from podium.convert.errors import Code, UsageError
from podium.convert.options import (
    EXECUTORS,
    FORMATS,
    PAPERS,
    PDF_VARIANTS,
    BuildOptions,
    ReadOptions,
    RenderOptions,
)
from podium.convert.pdf import helper as pdf_helper

from .common import Parser, Subparsers

if TYPE_CHECKING:
    from podium.convert.options import BatchOptions
    from podium.convert.pdf.helper import LayoutHelper

# The heavy modules (lxml, WeasyPrint, the readers...) are imported by `run`, so that
# `podium build` can fork its PDF helper before loading them.

NAME = "build"


def _formats(value: str) -> tuple[str, ...]:
    asked = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in asked if f not in FORMATS]
    if unknown or not asked:
        raise argparse.ArgumentTypeError(
            f"unknown format(s) {', '.join(unknown) or '(none)'}; choose from {','.join(FORMATS)}"
        )
    return tuple(f for f in FORMATS if f in asked or f == "akn")


def add_parser(subparsers: Subparsers) -> Parser:
    b = subparsers.add_parser(NAME, help="convert speeches to AKN, HTML, PDF and EPUB")
    b.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="a speech file (.txt .md .html .htm .docx .odt .xml), or a folder of them",
    )
    b.add_argument(
        "-o",
        "--out",
        type=Path,
        default=Path("podium-out"),
        help="output folder (default: ./podium-out)",
    )
    b.add_argument(
        "--to",
        type=_formats,
        default=FORMATS,
        metavar="FORMATS",
        help=f"comma-separated outputs among {','.join(FORMATS)} (default: all)",
    )
    _add_batch_options(b)
    _add_document_options(b)
    return b


def _add_batch_options(b: Parser) -> None:
    """How the inputs are built: workers, the manifest, the report, the executor."""
    b.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes building at once (default 1: in this process)",
    )
    b.add_argument(
        "--force", action="store_true", help="rebuild inputs the build manifest says are unchanged"
    )
    b.add_argument(
        "--report",
        type=Path,
        metavar="FILE.json",
        help="write each document's status, stage timings and warnings as JSON",
    )
    b.add_argument(
        "--executor",
        choices=EXECUTORS,
        default="local",
        help="local worker processes (default) or a Dask distributed cluster",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="the Dask scheduler's address, e.g. tcp://10.0.0.5:8786 (with --executor dask)",
    )


def _add_document_options(b: Parser) -> None:
    """What each document is read and rendered with: metadata, language, paper, theme."""
    b.add_argument(
        "--meta",
        type=Path,
        metavar="FILE",
        help="sidecar metadata JSON for the inputs (default: <stem>.meta.json beside each)",
    )
    b.add_argument(
        "--lang", metavar="CODE", help="language of the speech, BCP 47 (default: detected)"
    )
    b.add_argument(
        "--strict",
        action="store_true",
        help=f"refuse a web page's scripts, styles, frames and images ({Code.E113}) "
        "instead of dropping them with a warning",
    )
    b.add_argument("--paper", choices=PAPERS, default="a4", help="PDF page size (default: a4)")
    b.add_argument(
        "--pdf-variant",
        type=str.lower,
        choices=PDF_VARIANTS,
        default=RenderOptions.pdf_variant,
        metavar="VARIANT",
        help=f"PDF flavour among {', '.join(PDF_VARIANTS)} (default: {RenderOptions.pdf_variant}"
        "; pdf/a-1b and pdf/a-2* cannot embed the master)",
    )
    b.add_argument(
        "--theme", type=Path, metavar="DIR", help="folder of templates overriding the default"
    )


def run(args: argparse.Namespace) -> int:
    return with_pdf_helper(_build, args)


def with_pdf_helper(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a building ``command`` with the warm PDF helper installed if it is wanted."""
    with pdf_helper.started(wants_pdf_helper(args)) as args.pdf_helper:
        return command(args)


def _build(args: argparse.Namespace) -> int:
    from podium.convert.options import BatchOptions

    if args.meta is not None and not args.meta.is_file():
        raise UsageError(
            f"no such sidecar file: {args.meta}",
            path=args.meta,
            fix="give --meta the path of a .meta.json file",
        )
    # the options check themselves as they are made (a wrong language or theme is a usage
    # error before any input is read)
    opts = BuildOptions(
        out=args.out,
        formats=args.to,
        read=ReadOptions(lang=args.lang, meta=args.meta, strict=args.strict),
        render=RenderOptions(paper=args.paper, theme=args.theme, pdf_variant=args.pdf_variant),
    )
    batch = BatchOptions(
        jobs=args.jobs, force=args.force, executor=args.executor, scheduler=args.scheduler
    )
    return run_batch(
        args.inputs, opts, batch, report_to=args.report, debug=args.debug, pdf=args.pdf_helper
    )


def run_batch(
    inputs: list[Path],
    opts: BuildOptions,
    batch: BatchOptions,
    *,
    report_to: Path | None = None,
    debug: bool = False,
    pdf: LayoutHelper | None = None,
) -> int:
    """Build ``inputs`` with progress shown, the summary printed, the report written."""
    from podium.convert.batch.progress import Display
    from podium.convert.batch.run import build_batch

    display = Display(debug=debug)
    try:
        report = build_batch(inputs, opts, batch, listener=display, on_start=display.start, pdf=pdf)
    finally:
        display.close()
    if len(report.outcomes) > 1:
        display.summary(report)
    if report_to is not None:
        data = json.dumps(report.to_json(), indent=2, ensure_ascii=False)
        from podium.convert.atomic import write_bytes

        write_bytes(report_to, (data + "\n").encode("utf-8"))
    return 1 if report.counts["failed"] else 0


def wants_pdf_helper(args: argparse.Namespace) -> bool:
    """Whether this command wants a warm PDF helper (:func:`pdf_helper.wanted` decides)."""
    if args.command != "build":
        return pdf_helper.wanted(args.command)
    return pdf_helper.wanted("build", args.to, jobs=args.jobs, executor=args.executor)
