"""The pipeline for one input: make the master, render it, write the folder atomically.

:func:`build_one` is three steps: :func:`~podium.convert.pipeline.master.make_master` (read,
normalise, validate), :func:`render` (every asked rendition, the PDF possibly laid out by a
warm helper process), :func:`write_folder`. Validation comes before any rendition starts.

``OUT/<stem>/`` is staged in a hidden folder beside it and swapped in only when
every asked output is complete, so a failed input leaves no folder (or the
previous complete one untouched).  Beside the outputs the folder holds
``source/<name>``, a byte-exact copy of the input, and ``podium-build.json``, the
build record a deposit reads (:mod:`podium.convert.pipeline.record`).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..atomic import staging_dir, swap_in, write_bytes
from ..errors import WarningCode, WarningRecord
from ..options import BuildOptions
from ..outputs import MASTER, file_name
from ..readers import reader_name
from ..readers.pandoc_call import pandoc_version
from ..render.context import build_context
from ..writers import pdf as pdf_writer
from ..writers import writer_for
from .inputs import output_folder
from .master import Master, make_master
from .record import RECORD, SOURCE_DIR, BuildRecord, Entry

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..pdf.helper import LayoutHelper


@dataclass
class BuildResult:
    """What one build produced: the folder, each output's path, warnings, stage timings."""

    source: Path
    folder: Path
    outputs: dict[str, Path] = field(default_factory=dict)
    warnings: list[WarningRecord] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def build_one(path: Path, options: BuildOptions, pdf: LayoutHelper | None = None) -> BuildResult:
    """Build every asked output of one input into ``options.out/<stem>/``.

    ``pdf`` is a warm PDF helper (:mod:`podium.convert.pdf.helper`) to lay the PDF out while
    this process writes the other renditions; ``None``: lay it out here.
    """
    final = output_folder(options.out, path)
    result = BuildResult(source=path, folder=final)
    lap = _stopwatch(result.seconds)
    master = make_master(path, options.read)
    lap("master")
    result.warnings = [*master.doc.warnings, *_variant_warning(options)]
    files = render(master, options, pdf=pdf, lap=lap)
    result.outputs = write_folder(path, final, master, files, result.warnings, options)
    lap("write")  # timings stay out of the record: an unchanged rebuild is byte-identical
    return result


def render(
    master: Master,
    options: BuildOptions,
    *,
    pdf: LayoutHelper | None = None,
    lap: Callable[[str], None] = lambda stage: None,
) -> dict[str, bytes]:
    """The bytes of every asked output of a validated master, in build order (the master
    first); ``lap`` is called with each rendition's name as it is done."""
    context = build_context(master.doc, options.generated)
    handed = (
        pdf is not None
        and "pdf" in options.formats
        and pdf_writer.submit(pdf, context, master.data, options.render)
    )
    files = {MASTER: master.data}
    try:  # the helper's PDF is collected last, when it has had most time
        for fmt in sorted(options.formats, key=lambda f: f == "pdf" and handed):
            if fmt == MASTER:
                continue
            if fmt == "pdf" and handed:
                handed = False
                made = pdf_writer.collect(cast("LayoutHelper", pdf))
                if made is not None:
                    files[fmt] = made
                    lap(fmt)
                    continue
            files[fmt] = writer_for(fmt)(context, master.data, options.render)
            lap(fmt)
    finally:
        if handed:  # a rendition failed first: drain the helper's answer for the next input
            cast("LayoutHelper", pdf).result()
    return {fmt: files[fmt] for fmt in (MASTER, *options.formats) if fmt in files}


def write_folder(
    path: Path,
    final: Path,
    master: Master,
    files: dict[str, bytes],
    warnings: list[WarningRecord],
    options: BuildOptions,
) -> dict[str, Path]:
    """Stage ``final``: the outputs, the input and its sidecar under ``source/``, the build
    record; swap it in; return each output's path."""
    source = path.read_bytes()
    staging = staging_dir(final)
    try:
        inputs = {"source": (path, source)}
        if master.sidecar is not None:
            inputs["sidecar"] = (master.sidecar, master.sidecar.read_bytes())
        entries: dict[str, Entry] = {}
        for role, (original, data) in inputs.items():
            entries[role] = Entry.of(role, f"{SOURCE_DIR}/{original.name}", data)
            write_bytes(staging / SOURCE_DIR / original.name, data)
        for fmt, data in files.items():
            entries[fmt] = Entry.of(fmt, file_name(final.name, fmt), data)
            write_bytes(staging / str(entries[fmt].path), data)
        record = _record(path, final.name, master, entries, warnings, options)
        write_bytes(staging / RECORD, record.to_bytes())
        swap_in(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {fmt: final / file_name(final.name, fmt) for fmt in files}


def _record(
    path: Path,
    stem: str,
    master: Master,
    entries: dict[str, Entry],
    warnings: list[WarningRecord],
    options: BuildOptions,
) -> BuildRecord:
    doc, render = master.doc, options.render
    pdf = "pdf" in options.formats
    reader = reader_name(path)
    return BuildRecord(
        stem=stem,
        source=entries.pop("source"),
        sidecar=entries.pop("sidecar", None),
        outputs=entries,
        # a valid master has its FRBR IRIs; a title-less one is recorded as null, as always
        work=cast(str, doc.work_iri),
        expression=doc.expression_iri,
        title=cast(str, doc.title),
        language=doc.language,
        date=doc.date,
        generated=options.generated.isoformat(),
        warnings=tuple(str(w) for w in warnings),  # the text, without the code
        reader=reader,
        render={
            "theme": render.theme.name if render.theme else None,
            "paper": render.paper if pdf else None,
            "pdf-variant": render.pdf_variant if pdf else None,
        },
        tools={"pandoc": pandoc_version()} if reader == "pandoc" else None,
    )


def _variant_warning(options: BuildOptions) -> list[WarningRecord]:
    """The warning of a PDF asked in a variant that cannot carry the master."""
    variant = options.render.pdf_variant
    if "pdf" in options.formats and not pdf_writer.carries_master(variant):
        return [WarningRecord(WarningCode.W301, {"variant": variant})]
    return []


def _stopwatch(seconds: dict[str, float]) -> Callable[[str], None]:
    """A function recording, under each stage's name, the time since the previous stage."""
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = round(now - clock, 4)
        clock = now

    return lap


__all__ = ["BuildResult", "build_one", "render", "write_folder"]
