"""A batch's plan: the inputs in the order to build them, and what each build depends on.

:func:`plan` orders the inputs largest first, so that the longest speech does not start last
and leave one worker busy while the others idle. :func:`document_key` is one input's key in
the incremental manifest (:mod:`podium.convert.batch.manifest`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..errors import UsageError
from ..options import BuildOptions, source_date_epoch
from ..pipeline.inputs import discover
from ..sidecar import sidecar_path
from ..version import __version__


def plan(inputs: list[Path], options: BuildOptions) -> list[Path]:
    """The input files, largest first (ties by name, for a stable order)."""
    files = discover(inputs, out=options.out)
    if not files:
        raise UsageError("no input files found", fix="give .txt files or folders holding them")
    return sorted(files, key=lambda p: (-p.stat().st_size, str(p)))


def document_key(path: Path, options: BuildOptions) -> str:
    """What a build of ``path`` depends on, as one SHA-256 (see :mod:`podium.convert.batch`)."""
    digest = hashlib.sha256()

    def part(label: str, data: bytes) -> None:
        digest.update(f"{label}:{len(data)}:".encode())
        digest.update(data)

    part("podium", __version__.encode())
    part("input", path.read_bytes())
    side = options.read.meta if options.read.meta is not None else sidecar_path(path)
    try:
        part("sidecar", side.read_bytes())
    except OSError:  # none (or unreadable: the build itself will say so)
        part("sidecar", b"")
    settings = {
        "formats": sorted(options.formats),
        "lang": options.read.lang,
        "paper": options.render.paper,
        "pdf_variant": options.render.pdf_variant,
        "epoch": source_date_epoch(),
    }
    part("options", json.dumps(settings, sort_keys=True).encode())
    theme = options.render.theme
    if theme is not None:
        for file in sorted(p for p in Path(theme).rglob("*") if p.is_file()):
            part(f"theme/{file.relative_to(theme).as_posix()}", file.read_bytes())
    return digest.hexdigest()


__all__ = ["document_key", "plan"]
