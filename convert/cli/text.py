"""``podium text``: print a master's speech back as plain text."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import Parser, Subparsers

NAME = "text"


def add_parser(subparsers: Subparsers) -> Parser:
    t = subparsers.add_parser(NAME, help="print a master's speech back as plain text")
    t.add_argument("file", type=Path, metavar="FILE.akn.xml")
    return t


def run(args: argparse.Namespace) -> int:
    from podium.convert.model import validate
    from podium.convert.pipeline.master import read_master, speech_text

    doc = read_master(args.file)
    validate.validate(doc.tree, args.file)
    sys.stdout.write(speech_text(doc))
    return 0
