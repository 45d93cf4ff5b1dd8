"""The ``podium`` command: both sides' subcommands under one parser, and the dispatch.

Nothing imports this module but the console script (:mod:`podium.archive.launch`). Each
subcommand imports its heavy modules (lxml, WeasyPrint, ocfl-py, bagit...) when it runs, so
that starting the command stays cheap and ``podium build`` can fork its PDF helper first.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from podium.convert.cli import build, demo, text, validate
from podium.convert.cli.common import Parser, Subcommand, dispatch, root_parser

from . import deposit, verify

DESCRIPTION = (
    "Official speeches to a validated Akoma Ntoso master, "
    "print-ready PDF, EPUB and HTML, and archival deposits."
)

# In the order ``podium --help`` lists them.
COMMANDS: tuple[Subcommand, ...] = (build, validate, text, deposit, verify, demo)


def parser() -> Parser:
    p, sub = root_parser(DESCRIPTION)
    for command in COMMANDS:
        command.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    return dispatch(p, p.parse_args(argv), COMMANDS)


def entry() -> NoReturn:
    """The ``podium`` command: :func:`main`, then exit without interpreter teardown.

    Every file podium writes is complete (written, synced and renamed) before :func:`main`
    returns, and workers, helpers and clients are shut down inside it; what is left is
    Python freeing a few hundred thousand objects one by one (its cost: docs/performance.md).
    The standard streams and logging are flushed first.
    """
    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
