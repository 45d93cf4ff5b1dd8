"""``python -m podium.archive.cli``: the ``podium`` command (without the early PDF helper)."""

from podium.archive.cli.main import entry

entry()
