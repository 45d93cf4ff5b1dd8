"""Silencing bagit's logger while podium calls it (shared by the builder and the verifier).

bagit logs every step at INFO and every problem it raises at ERROR, with tracebacks;
podium reports the same problems itself, once, as ``podium: error:`` lines.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator


@contextlib.contextmanager
def quiet_bagit() -> Iterator[None]:
    """Raise bagit's log level to CRITICAL for the ``with`` block, then restore it."""
    logger = logging.getLogger("bagit")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
