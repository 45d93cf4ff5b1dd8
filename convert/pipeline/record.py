"""The build record, ``podium-build.json``: what one build wrote, written, read and checked here.

Every built folder ``OUT/<stem>/`` holds one beside its outputs: podium's version, the stem,
the input (``source/<name>``, a byte-exact copy) and its sidecar if it had one, each output,
all with SHA-256 and size, the master's FRBR IRIs, title, language and date, the generation
time, the warnings, the reader, the rendering settings and the tools used. Timings stay out of
it, so an unchanged rebuild writes the same bytes.

:class:`BuildRecord` is the record; :meth:`BuildRecord.to_bytes` is what the build writes;
:func:`read` is what a deposit reads (every listed path checked to stay inside the folder;
errors PODIUM-E401 and E404); :func:`complete` is what an incremental batch asks before it
skips an input.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from ..errors import Code, DepositError
from ..version import __version__

RECORD = "podium-build.json"
"""The build record's file name in every built folder."""

SOURCE_DIR = "source"
"""Where a built folder (and a bag's payload) keeps the input and its sidecar."""

_FIX = "point at a folder written by `podium build`, or build the input again"


@dataclass(frozen=True)
class Entry:
    """One file the record lists: its role, where, and its fixity."""

    role: str  # "source", "sidecar", or the output's format ("akn", "html", ...)
    path: PurePosixPath  # relative to the built folder
    sha256: str
    size: int

    @classmethod
    def of(cls, role: str, path: str, data: bytes) -> Entry:
        """The entry of ``data``, to be written at ``path``."""
        return cls(role, PurePosixPath(path), hashlib.sha256(data).hexdigest(), len(data))

    def to_json(self) -> dict[str, Any]:
        named = {"name": self.path.name} if self.role in ("source", "sidecar") else {}
        return {**named, "path": str(self.path), "sha256": self.sha256, "size": self.size}


@dataclass(frozen=True)
class BuildRecord:
    """``podium-build.json``: as a build writes it, or as :func:`read` found it."""

    stem: str
    source: Entry
    outputs: dict[str, Entry]
    work: str
    #: JSON null for a speech without a title (:func:`read` refuses to deposit that)
    title: str
    generated: str  # ISO 8601
    expression: str | None = None
    language: str | None = None
    date: str | None = None
    warnings: tuple[str, ...] = ()
    reader: str | None = None
    #: theme, paper and pdf-variant (the last two ``None`` without a PDF)
    render: dict[str, str | None] = field(default_factory=dict)
    tools: dict[str, str] | None = None  # the external tools the reader ran (pandoc)
    sidecar: Entry | None = None
    podium: str = __version__
    #: the bytes :func:`read` parsed (empty for a record being built)
    raw: bytes = b""
    #: the whole record as :func:`read` parsed it, older records' fields included
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def files(self) -> tuple[Entry, ...]:
        """Every listed file: the source, the sidecar if any, then the outputs."""
        side = (self.sidecar,) if self.sidecar is not None else ()
        return (self.source, *side, *self.outputs.values())

    def to_bytes(self) -> bytes:
        """The record as the build writes it: UTF-8 JSON, keys in a fixed order."""
        data: dict[str, Any] = {
            "podium": self.podium,
            "stem": self.stem,
            "source": self.source.to_json(),
            "outputs": {fmt: entry.to_json() for fmt, entry in self.outputs.items()},
            "work": self.work,
            "expression": self.expression,
            "title": self.title,
            "language": self.language,
            "date": self.date,
            "generated": self.generated,
            "warnings": list(self.warnings),
            "reader": self.reader,
            "render": self.render,
        }
        if self.tools is not None:
            data["tools"] = self.tools
        if self.sidecar is not None:
            data["sidecar"] = self.sidecar.to_json()
        return json.dumps(data, indent=2, ensure_ascii=False).encode()


def read(built: Path) -> BuildRecord:
    """Parse ``built/podium-build.json`` for a deposit, checking every file it lists stays
    inside ``built``, and that it names the work, the title and the generation time.

    Raises :class:`DepositError`: PODIUM-E401 (missing, unreadable, not JSON, or a field
    missing or mistyped), E404 (a listed path leaves the built folder).
    """
    raw, data, files = _parse(built)
    texts = {}
    for key in ("work", "title", "generated"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise _bad(built / RECORD, f'no "{key}" text')
        texts[key] = value

    def text(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) else None

    warnings = data.get("warnings")
    inputs = 2 if data.get("sidecar") is not None else 1
    return BuildRecord(
        stem=text("stem") or built.name,
        source=files[0],
        sidecar=files[1] if inputs == 2 else None,
        outputs={entry.role: entry for entry in files[inputs:]},
        expression=text("expression"),
        language=text("language"),
        date=text("date"),
        warnings=tuple(map(str, warnings)) if isinstance(warnings, list) else (),
        reader=text("reader"),
        render=_mapping(data.get("render")),
        tools=_mapping(data.get("tools")) or None,
        podium=text("podium") or __version__,
        raw=raw,
        data=data,
        work=texts["work"],
        title=texts["title"],
        generated=texts["generated"],
    )


_INPUTS = ("source", "sidecar")


def field_error(
    built: Path, message: str, code: Code = Code.E401, fix: str = "build the input again"
) -> DepositError:
    """The error for a record that reads but holds a value a deposit cannot use."""
    return DepositError(message, code=code, path=built / RECORD, fix=fix)


def _bad(path: Path, what: str) -> DepositError:
    return DepositError(f"the build record has {what}", code=Code.E401, path=path, fix=_FIX)


def _parse(built: Path) -> tuple[bytes, dict[str, Any], list[Entry]]:
    """The record's bytes, its JSON object and the files it lists, each checked (E401, E404)."""
    path = built / RECORD
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = "missing" if isinstance(exc, FileNotFoundError) else f"unreadable ({exc})"
        raise DepositError(
            f"the build record {RECORD} is {reason}", code=Code.E401, path=built, fix=_FIX
        ) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DepositError(
            f"the build record is not JSON: {exc}", code=Code.E401, path=path, fix=_FIX
        ) from exc
    if not isinstance(data, dict):
        raise _bad(path, "no JSON object at its top")
    return raw, data, _listed_files(built, data, lambda what: _bad(path, what))


def _listed_files(
    built: Path, data: dict[str, Any], bad: Callable[[str], DepositError]
) -> list[Entry]:
    """The source, the sidecar if any and the outputs, each checked (types, place, once)."""
    outputs = data.get("outputs")
    if not isinstance(outputs, dict):
        raise bad('no "outputs" object')
    files = [_entry("source", data.get("source"), bad)]
    if data.get("sidecar") is not None:
        files.append(_entry("sidecar", data["sidecar"], bad))
    files += [_entry(str(role), entry, bad) for role, entry in outputs.items()]
    for listed in files:
        _check_inside(built, listed)
    for listed in files:
        if listed.role in _INPUTS and (
            listed.path.parts[0] != SOURCE_DIR or len(listed.path.parts) < 2
        ):
            raise bad(f'a {listed.role} path outside {SOURCE_DIR}/ ("{listed.path}")')
    if len({f.path for f in files}) != len(files):
        raise bad("one path listed twice")
    if any(str(f.path) == RECORD for f in files):
        raise bad(f"a file listed under the record's own name, {RECORD}")
    return files


def _entry(role: str, entry: Any, bad: Callable[[str], DepositError]) -> Entry:
    """One ``{"path", "sha256", "size"}`` entry of the record, its types checked."""
    if not isinstance(entry, dict):
        raise bad(f'no "{role}" entry with path, sha256 and size')
    path, digest, size = entry.get("path"), entry.get("sha256"), entry.get("size")
    if not isinstance(path, str) or not path:
        raise bad(f'no "path" for "{role}"')
    if not isinstance(digest, str) or len(digest) != 64:
        raise bad(f'no SHA-256 (64 hex digits) for "{role}"')
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise bad(f'no byte size for "{role}"')
    return Entry(role=role, path=PurePosixPath(path), sha256=digest.lower(), size=size)


def _check_inside(built: Path, listed: Entry) -> None:
    """Refuse a recorded path that could read or write outside the built folder.

    Checked on the text first (absolute, drive letter, ``..``, backslash) so that the same
    record is refused on every platform, then on the resolved path, which catches symlinks.
    """
    text = str(listed.path)
    windows = PureWindowsPath(text)
    escapes = (
        listed.path.is_absolute()
        or bool(windows.drive)
        or bool(windows.root)
        or "\\" in text
        or ".." in listed.path.parts
        or text == "."
    )
    if not escapes:
        resolved = (built / listed.path).resolve()
        escapes = not resolved.is_relative_to(built.resolve())
    if escapes:
        raise DepositError(
            f'the build record gives "{text}" for {listed.role}: paths must be relative and '
            "stay inside the built folder",
            code=Code.E404,
            path=built / RECORD,
            fix=f"build the input again; do not edit {RECORD} by hand",
        )


def _mapping(value: Any) -> dict[str, Any]:
    """A record field that should be a JSON object, or an empty one (older records)."""
    return value if isinstance(value, dict) else {}


def complete(folder: Path) -> bool:
    """Whether ``folder`` holds a readable record and every file it lists, at the listed size."""
    try:
        files = _parse(folder)[2]
        return all((folder / entry.path).stat().st_size == entry.size for entry in files)
    except (DepositError, OSError):
        return False


__all__ = ["RECORD", "SOURCE_DIR", "BuildRecord", "Entry", "complete", "read"]
