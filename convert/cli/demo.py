"""``podium demo``: build the bundled sample speech (the README's first command)."""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

from podium.convert.options import BuildOptions

from .build import run_batch, with_pdf_helper
from .common import Parser, Subparsers

NAME = "demo"


def add_parser(subparsers: Subparsers) -> Parser:
    m = subparsers.add_parser(
        NAME, help="build the bundled sample speech (the README's first command)"
    )
    m.add_argument(
        "out",
        nargs="?",
        type=Path,
        default=Path("podium-demo"),
        metavar="OUT",
        help="output folder (default: ./podium-demo)",
    )
    return m


def run(args: argparse.Namespace) -> int:
    return with_pdf_helper(_demo, args)


def _demo(args: argparse.Namespace) -> int:
    from podium.convert.options import BatchOptions

    sample = resources.files("podium.examples").joinpath("sample-address.txt")
    with resources.as_file(sample) as path:
        opts = BuildOptions(out=args.out)
        return run_batch(
            [path], opts, BatchOptions(force=True), debug=args.debug, pdf=args.pdf_helper
        )
