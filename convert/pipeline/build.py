"""The pipeline for one input: read, normalise, validate, render, write atomically.

``OUT/<stem>/`` is staged in a hidden folder beside it and swapped in only when
every asked output is complete, so a failed input leaves no folder (or the
previous complete one untouched).  Beside the outputs the folder holds
``source/<name>``, a byte-exact copy of the input, and ``podium-build.json``, the
build record a deposit reads (hashes, FRBR IRIs, timings, warnings).
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import readers, sidecar, steps
from ..atomic import staging_dir, swap_in, write_bytes
from ..errors import (
    Code,
    MasterError,
    OutputNameError,
    PodiumError,
    UsageError,
    WarningCode,
    WarningRecord,
)
from ..model import validate
from ..model.akn import parse_bytes, text_of
from ..model.document import PREFACE, SpeechDocument
from ..options import BuildOptions, ReadOptions, check_formats
from ..pdf import helper as pdf_helper
from ..readers import reader_name
from ..readers.pandoc_call import pandoc_version
from ..render.context import build_context
from ..version import __version__
from ..writers import pdf, writer_for
from ..writers.pdf import carries_master

log = logging.getLogger("podium.build")

RECORD = "podium-build.json"
SOURCE_DIR = "source"


@dataclass
class BuildResult:
    """What one build produced: the folder, each output's path, warnings, stage timings."""

    source: Path
    folder: Path
    outputs: dict[str, Path] = field(default_factory=dict)
    warnings: list[WarningRecord] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def stem_of(path: Path) -> str:
    """Output stem of an input: ``speech.txt`` -> ``speech``, ``speech.akn.xml`` -> ``speech``."""
    name = path.name
    for double in (".akn.xml",):
        if name.lower().endswith(double):
            return name[: -len(double)]
    return path.stem


def output_folder(out: Path, path: Path) -> Path:
    """``OUT/<stem>/`` for input ``path``; PODIUM-E115 when that would not be a folder of OUT.

    An input named ``...txt`` has the stem ``..`` (its folder would be OUT's parent) and
    ``..txt`` the stem ``.`` (OUT itself); an ``OUT/<stem>`` that is a symbolic link
    would put the build wherever the link points.
    """
    stem = stem_of(path)
    if stem in ("", ".", "..") or "/" in stem or "\x00" in stem:
        raise OutputNameError(
            f"the output folder for this input would be OUT/{stem}/, which is not a folder "
            "inside OUT",
            path=path,
            fix="rename the input (its name before the extension names its output folder)",
        )
    final = out / stem
    if final.is_symlink():
        raise OutputNameError(
            f"OUT/{stem} is a symbolic link; podium writes only into real folders of OUT",
            path=path,
            fix=f"remove the link {final} or choose another OUT",
        )
    return final


def discover(inputs: list[Path], out: Path | None = None) -> list[Path]:
    """Files to build: each file as given, each folder walked for supported extensions.

    The walk skips hidden files and folders, podium's own build folders (those
    holding a ``podium-build.json``) and ``out``, so building a folder twice in a
    row does not pick up the source copies of the first build.  Two inputs with
    the same stem would write the same ``OUT/<stem>/``: refused.
    """
    skip = out.resolve() if out is not None else None
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found += _walk(item, skip)
        elif item.is_file():
            found.append(item)
        else:
            raise UsageError(
                f"no such file or folder: {item}",
                path=item,
                fix="check the path, or run from the folder that holds it",
            )
    seen: dict[str, Path] = {}
    for path in found:
        stem = stem_of(path)
        if stem in seen and seen[stem].resolve() != path.resolve():
            raise UsageError(
                f"{path} and {seen[stem]} would both write OUT/{stem}/",
                path=path,
                fix="rename one of them or build them separately",
            )
        seen[stem] = path
    return list(dict.fromkeys(found))


def _walk(folder: Path, skip: Path | None) -> list[Path]:
    found: list[Path] = []
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            if (child / RECORD).exists() or (skip is not None and child.resolve() == skip):
                continue
            found += _walk(child, skip)
        elif child.suffix.lower() in readers.READERS:
            found.append(child)
    return found


def load(path: Path, options: ReadOptions) -> SpeechDocument:
    """Read and normalise one input into a master whose serialised form is valid.

    The input's sidecar (``options.meta``, else ``<stem>.meta.json`` beside it) is
    read here.
    """
    return load_master(path, options)[0]


def load_master(path: Path, options: ReadOptions) -> tuple[SpeechDocument, bytes]:
    """:func:`load`, also returning the master's bytes exactly as validated."""
    side = sidecar.find(path, options.meta)
    doc = steps.normalise(readers.read(path), options, side)
    data = doc.to_bytes()
    validate.validate(parse_bytes(data, path), path)  # the bytes a file will hold
    return doc, data


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hand_pdf(
    context: dict[str, Any], master: bytes, options: BuildOptions
) -> pdf_helper.PdfHelper | None:
    """Give the PDF to this command's warm helper, if it has one; the helper if it took it.

    A page that cannot be prepared (fonts missing...) is not handed over: the PDF writer
    raises that error again in its turn, after the master's validation.
    """
    helper = pdf_helper.current()
    if helper is None:
        return None
    try:
        page = pdf.prepare(context, options.render)
    except PodiumError:
        return None
    if not helper.submit(pdf.job(page, master, options.render)):
        return None
    pdf.load_finish()  # the parent finishes the helper's PDF: load pikepdf while it lays out
    return helper


def build_one(path: Path, options: BuildOptions) -> BuildResult:
    """Build every asked output of one input into ``options.out/<stem>/``."""
    check_formats(options.formats)
    final = output_folder(options.out, path)
    stem = final.name
    result = BuildResult(source=path, folder=final)
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.seconds[stage] = round(now - clock, 4)
        clock = now

    side = sidecar.find(path, options.read.meta)
    doc = steps.normalise(readers.read(path), options.read, side)
    master = doc.to_bytes()
    context = build_context(doc, options.render.generated)
    # a warm PDF helper (one-document builds) lays the PDF out while the master is validated
    helper = _hand_pdf(context, master, options) if "pdf" in options.formats else None
    try:
        validate.validate(parse_bytes(master, path), path)  # the bytes the file will hold
    except BaseException:
        if helper is not None:
            helper.result()  # drain the pipe for the next document
        raise
    lap("master")
    result.warnings = list(doc.warnings)
    if "pdf" in options.formats and not carries_master(options.render.pdf_variant):
        result.warnings.append(
            WarningRecord(WarningCode.W301, {"variant": options.render.pdf_variant})
        )
    files: dict[str, bytes] = {"akn": master}
    for fmt in sorted(options.formats, key=lambda f: f == "pdf" and helper is not None):
        if fmt == "akn":  # (the helper's PDF is collected last, when it has had most time)
            continue
        _, writer = writer_for(fmt)
        made = helper.result() if fmt == "pdf" and helper is not None else None
        files[fmt] = (
            pdf.finish(made) if made is not None else writer(context, master, options.render)
        )
        lap(fmt)
    files = {fmt: files[fmt] for fmt in ("akn", *options.formats) if fmt in files}

    source = path.read_bytes()
    staging = staging_dir(final)
    try:
        record: dict[str, Any] = {
            "podium": __version__,
            "stem": stem,
            "source": {
                "name": path.name,
                "path": f"{SOURCE_DIR}/{path.name}",
                "sha256": _sha256(source),
                "size": len(source),
            },
            "outputs": {},
            "work": doc.work_iri,
            "expression": doc.expression_iri,
            "title": doc.title,
            "language": doc.language,
            "date": doc.date,
            "generated": options.render.generated.isoformat(),
            "warnings": [str(w) for w in result.warnings],  # the text, without the code
            "reader": reader_name(path),
            "render": {
                "theme": options.render.theme.name if options.render.theme else None,
                "paper": options.render.paper if "pdf" in options.formats else None,
                "pdf-variant": options.render.pdf_variant if "pdf" in options.formats else None,
            },
        }
        if record["reader"] == "pandoc":
            record["tools"] = {"pandoc": pandoc_version()}
        write_bytes(staging / SOURCE_DIR / path.name, source)
        if side is not None and side.path is not None:
            meta = side.path.read_bytes()
            write_bytes(staging / SOURCE_DIR / side.path.name, meta)
            record["sidecar"] = {
                "name": side.path.name,
                "path": f"{SOURCE_DIR}/{side.path.name}",
                "sha256": _sha256(meta),
                "size": len(meta),
            }
        for fmt, data in files.items():
            ext = ".akn.xml" if fmt == "akn" else writer_for(fmt)[0]
            name = f"{stem}{ext}"
            write_bytes(staging / name, data)
            record["outputs"][fmt] = {"path": name, "sha256": _sha256(data), "size": len(data)}
            result.outputs[fmt] = final / name
        lap("write")  # timings stay out of the record: an unchanged rebuild is byte-identical
        write_bytes(staging / RECORD, json.dumps(record, indent=2, ensure_ascii=False).encode())
        swap_in(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result


def read_master(path: Path) -> SpeechDocument:
    """Load an existing master file (safe parser), without validating it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MasterError(
            f"cannot read the file: {exc.strerror}",
            path=path,
            code=Code.E208,
            fix="check the path and its permissions",
        ) from None
    return SpeechDocument(parse_bytes(data, path), source=path)


def speech_text(doc: SpeechDocument) -> str:
    """The speech back as plain text: the preface lines (title, delivery notes, date line)
    in the order the source printed them, then the body.

    Preface lines an editor supplied (``status="editorial"``: from a sidecar, not the
    source) are left out: what comes back is what the source said.

    A speaker label and a list item's number are joined to the text that follows
    them with one space, as the source printed them.  Feeding this text to
    ``podium build`` gives the same speech again.
    """
    head = [
        text_of(p)
        for p in doc.findall(
            f"{PREFACE}/a:longTitle[not(@status='editorial')]/a:p"
            f" | {PREFACE}/a:p[not(@status='editorial')][a:docStatus or a:docDate]"
        )
    ]  # in document order: the order the source printed them
    body: list[str] = []
    prefix = ""
    for block in doc.blocks():
        if block.kind in ("from", "num"):
            prefix += block.text + " "
            continue
        body.append(prefix + block.text)
        prefix = ""
    if prefix:
        body.append(prefix.rstrip())
    return "\n\n".join(head + body) + "\n"
