"""The incremental manifest, ``OUT/podium-manifest.json``: per output folder, the key of its
last good build, so that an unchanged input is skipped (see :mod:`podium.convert.batch`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..atomic import write_bytes
from ..pipeline.record import complete
from ..version import __version__
from .document import Outcome

MANIFEST = "podium-manifest.json"
"""The build manifest ``podium build`` keeps in OUT."""


class Manifest:
    """``OUT/podium-manifest.json``: per output folder, the key of its last good build."""

    def __init__(self, out: Path) -> None:
        self.path = out / MANIFEST
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("podium") == __version__ and isinstance(data.get("documents"), dict):
                self.entries = data["documents"]
        except (OSError, ValueError, AttributeError):
            pass  # absent or unreadable: everything is built, and the manifest rewritten

    def unchanged(self, stem: str, key: str, out: Path) -> bool:
        entry = self.entries.get(stem)
        return bool(entry and entry.get("key") == key and complete(out / stem))

    def forget_changed(self, todo: list[tuple[str, str]]) -> bool:
        """Drop the entries of the folders about to be rebuilt under another key; any dropped?

        Saved before the run, this keeps a run killed after swapping in a new folder (before
        its manifest is saved) from leaving the old key vouching for it: the next run would
        skip an input whose folder holds another build (other formats, another input).
        """
        changed = [s for s, key in todo if s in self.entries and self.entries[s].get("key") != key]
        for stem in changed:
            del self.entries[stem]
        return bool(changed)

    def record(self, outcome: Outcome) -> None:
        if outcome.status == "built":
            self.entries[outcome.stem] = {"key": outcome.key, "source": outcome.source}
        elif outcome.status == "failed":
            self.entries.pop(outcome.stem, None)

    def save(self) -> None:
        """Write the manifest atomically; a run that built nothing into a fresh OUT writes none."""
        if not self.entries and not self.path.exists():
            return
        data = {"podium": __version__, "documents": dict(sorted(self.entries.items()))}
        write_bytes(self.path, json.dumps(data, indent=1, ensure_ascii=False).encode())


__all__ = ["MANIFEST", "Manifest"]
