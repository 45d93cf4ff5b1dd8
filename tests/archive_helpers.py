"""A small built folder, as `podium build` writes it, for the archive tests.

The master is a real one (``fixtures/archive/speech.akn.xml``, built by podium from the
source text below with a sidecar giving title, date, speaker and role), because a deposit
reads its Dublin Core from the master; the renditions are stand-ins, since a deposit only
copies, hashes and identifies them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from podium.convert.errors import FixityProblem

STEM = "speech"
WORK = "/akn/un/doc/communication/un-sg/2021-04-19/92057251e441db72"
TITLE = "Remarks to the General Assembly on water"
GENERATED = "2026-11-27T10:00:00+00:00"

FILES: dict[str, tuple[str, bytes]] = {
    "source": ("source/speech.txt", b"Mr. President,\n\nWater is life. Thank you.\n"),
    "akn": (
        "speech.akn.xml",
        (Path(__file__).parent / "fixtures/archive/speech.akn.xml").read_bytes(),
    ),
    "html": ("speech.html", b"<!DOCTYPE html><html><body><p>Water is life.</p></body></html>\n"),
    "pdf": ("speech.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\nnot really a pdf\n%%EOF\n"),
    "epub": ("speech.epub", b"PK\x03\x04 not really an epub"),
}


def entry(path: str, data: bytes) -> dict[str, object]:
    return {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


#: the sidecar the master was built with (write_built(..., sidecar=True) includes it)
SIDECAR = (
    '{"title": "Remarks to the General Assembly on water", "date": "2021-04-19", '
    '"speaker": "A. Speaker", "role": "Secretary-General"}\n'
)


def write_built(root: Path, *, sidecar: bool = False) -> Path:
    """Write ``root/speech/`` with every output, the source and a correct build record."""
    built = root / STEM
    for path, data in FILES.values():
        (built / path).parent.mkdir(parents=True, exist_ok=True)
        (built / path).write_bytes(data)
    source_path, source_data = FILES["source"]
    record = {
        "podium": "0.1.0",
        "stem": STEM,
        "source": {"name": "speech.txt", **entry(source_path, source_data)},
        "outputs": {
            role: entry(path, data) for role, (path, data) in FILES.items() if role != "source"
        },
        "work": WORK,
        "expression": f"{WORK}/eng@2021-04-19",
        "title": TITLE,
        "language": "eng",
        "date": "2021-04-19",
        "generated": GENERATED,
        "reader": "text",
        "render": {"theme": None, "paper": "a4", "pdf-variant": "pdf/a-3u"},
    }
    if sidecar:
        data = SIDECAR.encode("utf-8")
        (built / "source" / "speech.meta.json").write_bytes(data)
        record["sidecar"] = {"name": "speech.meta.json", **entry("source/speech.meta.json", data)}
    (built / "podium-build.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    return built


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by POSIX relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def codes(problems: list[FixityProblem]) -> list[tuple[str, str]]:
    """(code, path) of each problem a verifier found: what the tests compare."""
    return [(p.code, p.path) for p in problems]


def flip_one_byte(path: Path, at: int = 5) -> None:
    """Damage a file without changing its size (fast checks would miss it)."""
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))
