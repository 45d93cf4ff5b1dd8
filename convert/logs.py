"""podium's logging set-up, shared by the command line and every worker process.

Kept in a module of its own, with nothing heavy imported, so that the command can configure
logging before it loads anything else.
"""

from __future__ import annotations

import logging


def configure_logging(debug: bool) -> None:
    """podium's logging, in the command's process and in every worker.

    ``force``: ocfl-py configures the root logger at INFO when imported. WeasyPrint logs a
    refused URL as an ERROR, and podium's fetcher already warns once per URL; fontTools
    reports subsetting details nobody can act on.
    """
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="podium: %(name)s: %(message)s",
        force=True,
    )
    logging.getLogger("weasyprint").setLevel(logging.DEBUG if debug else logging.CRITICAL)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
