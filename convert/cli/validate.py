"""``podium validate``: check masters against the AKN XSD and podium's profile."""

from __future__ import annotations

import argparse
from pathlib import Path

from podium.convert.errors import PodiumError

from .common import Parser, Subparsers, say_error

NAME = "validate"


def add_parser(subparsers: Subparsers) -> Parser:
    v = subparsers.add_parser(NAME, help="check masters against the AKN XSD and podium's profile")
    v.add_argument("files", nargs="+", type=Path, metavar="FILE.akn.xml")
    return v


def run(args: argparse.Namespace) -> int:
    from podium.convert.model import validate
    from podium.convert.pipeline.master import read_master

    bad = 0
    for path in args.files:
        try:
            problems = validate.violations(read_master(path).tree)
        except PodiumError as err:
            say_error(err)
            bad += 1
            continue
        for v in problems:
            say_error(f"{path}: {v}")
        if problems:
            bad += 1
        else:
            print(f"{path}: valid (AKN 3.0 schema and podium profile)")
    return 1 if bad else 0
