"""The ``podium`` command's first lines: start the PDF helper, then run the command.

A cold one-speech build is as fast as its PDF helper, which must import WeasyPrint before it
can lay anything out; so the helper is forked here, before the command line is parsed and
before podium's own modules are imported (:func:`podium.convert.pdf.helper.fork_early`).
Keep this module's imports to that one.
"""

from __future__ import annotations

import sys
from typing import NoReturn

from podium.convert.pdf import helper as pdf_helper


def entry() -> NoReturn:
    """The ``podium`` console script: :func:`podium.archive.cli.main.entry`, helper first."""
    pdf_helper.fork_early(sys.argv[1:])
    try:
        from podium.archive.cli import main

        main.entry()  # never returns: it ends the process once everything is written
    finally:  # the command line was refused (argparse exits) or podium could not start
        pdf_helper.stop_early()


if __name__ == "__main__":
    entry()
