"""The digest of a file, read in chunks: the one fixity computation of the archive.

Shared by the builders (a bag's payload check, OCFL's comparison with the head version) and
the verifier, which may import it because it holds no builder logic: a digest is a digest.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_digest(path: Path, algorithm: str = "sha256") -> str:
    """The hex digest of the file at ``path`` by ``algorithm`` (any :func:`hashlib.new` name).

    The file is read in chunks, so a large rendition never sits in memory whole.
    """
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, algorithm).hexdigest()


__all__ = ["file_digest"]
