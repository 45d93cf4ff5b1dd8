"""The public API at ``podium.convert``: every name resolves, and importing stays light."""

from __future__ import annotations

import json
import subprocess
import sys

import podium.convert


def test_every_public_name_resolves() -> None:
    for name in podium.convert.__all__:
        assert getattr(podium.convert, name) is not None, name
    assert set(podium.convert.__all__) <= set(dir(podium.convert))


def test_the_pdf_helpers_import_path_stays_light() -> None:
    """`podium build` forks its helper after importing only this: nothing heavy may come along."""
    heavy = ["jinja2", "lxml", "babel", "pikepdf", "podium.convert.writers"]
    code = (
        "import json, sys\n"
        "import podium.convert.pdf.helper\n"
        f"print(json.dumps([m for m in {heavy!r} if m in sys.modules]))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(run.stdout) == []
