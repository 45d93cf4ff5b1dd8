"""Identify each deposited file's format with fido and PRONOM, as an archive expects.

An archive's format registry is PRONOM (The National Archives, UK); its identifiers (PUIDs,
``fmt/481`` for PDF/A-3u, ``fmt/1724`` for a LegalDocML document) are what preservation
planning works from. podium asks fido (PyPI ``opf-fido``), which matches PRONOM's byte
signatures, and records what fido found and on what basis:

``signature`` or ``container``
    fido matched the file's bytes (or, for a ZIP such as EPUB, its members): a real
    identification.
``extension``
    no signature matched and fido fell back on the file name. Plain text has no signature
    in PRONOM, so a speech's ``.txt`` source is only ever identified this way; the METS
    notes the basis so that nobody mistakes a guess for a match.
``none``
    nothing matched (or the file is empty).

fido is driven as a library: its signature files are loaded once per process
and its own printing is replaced by a callback that keeps the matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Identification:
    """What fido says one file is."""

    puid: str | None  # the PRONOM unique identifier, e.g. "fmt/481"
    name: str | None  # PRONOM's format name
    version: str | None  # PRONOM's format version, e.g. "3u"
    mime: str | None
    basis: str  # "signature", "container", "extension" or "none"
    candidates: tuple[str, ...] = ()  # every PUID fido offered, best first


@dataclass(frozen=True)
class Tool:
    """fido's version and the PRONOM signature release it matched against."""

    name: str
    version: str
    signatures: str  # e.g. "PRONOM v109"


def tool() -> Tool:
    """fido as an agent of the format identification event."""
    return _fido()[1]


def identify(path: Path) -> Identification:
    """Identify one file; never raises for an unreadable or empty file (basis ``none``)."""
    try:
        if path.stat().st_size == 0:  # fido would match an empty file by its name only
            return Identification(None, None, None, None, "none")
    except OSError:
        return Identification(None, None, None, None, "none")
    fido, _ = _fido()
    found: list[tuple[Any, str]] = []
    basis = ["none"]

    def keep(_name: str, matches: list[tuple[Any, str]], _secs: float, kind: str = "") -> None:
        found[:] = matches
        basis[0] = kind if matches else "none"

    fido.handle_matches = keep
    fido.identify_file(str(path))
    if not found:
        return Identification(None, None, None, None, "none")
    puids = tuple(dict.fromkeys(p for p in (_text(f, "puid") for f, _ in found) if p))
    best = found[0][0]
    return Identification(
        puid=_text(best, "puid"),
        name=_text(best, "name"),
        version=_text(best, "version"),
        mime=_text(best, "mime"),
        basis=basis[0],
        candidates=puids,
    )


def _text(element: Any, tag: str) -> str | None:
    child = element.find(tag)
    return child.text if child is not None and child.text else None


@cache
def _fido() -> tuple[Any, Tool]:
    """One fido matcher per process, with the signature files its package ships.

    fido's constructor ignores its ``containersignature_file`` argument and reads a module
    default naming a file the package may no longer ship; the default is set from the
    package's own ``versions.xml`` first.
    """
    from fido import CONFIG_DIR, __version__
    from fido import fido as fido_module
    from fido.versions import get_local_versions

    versions = get_local_versions(CONFIG_DIR)
    fido_module.defaults["containersignature_file"] = versions.pronom_container_signature
    matcher = fido_module.Fido(
        quiet=True,
        format_files=[versions.pronom_signature, versions.fido_extension_signature],
    )
    return matcher, Tool("fido", str(__version__), f"PRONOM v{versions.pronom_version}")


__all__ = ["Identification", "Tool", "identify", "tool"]
