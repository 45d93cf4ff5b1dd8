"""``podium verify``: full fixity and structure check of a bag, OCFL object or storage root."""

from __future__ import annotations

import argparse
from pathlib import Path

from podium.convert.cli.common import Parser, Subparsers, say_error
from podium.convert.errors import FixityError

NAME = "verify"


def add_parser(subparsers: Subparsers) -> Parser:
    f = subparsers.add_parser(
        NAME, help="full fixity and structure check of a bag, OCFL object or storage root"
    )
    f.add_argument("path", type=Path, metavar="PATH")
    return f


def run(args: argparse.Namespace) -> int:
    from .. import verify

    problems = verify.verify(args.path)
    for problem in problems:
        say_error(f"{args.path}: {problem}")
    if problems:
        say_error(FixityError(f"{len(problems)} problem(s) found", path=args.path))
        return 1
    print(f"{args.path}: intact (every payload file present, every digest matches)")
    return 0
