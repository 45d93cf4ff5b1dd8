"""build_one and discover: complete folders, honest build records, nothing half-written."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from podium.convert import BuildResult, build_one, read_master
from podium.convert.errors import (
    EmptyInputError,
    NoSpeechError,
    PodiumError,
    ReadError,
    RenderError,
    UsageError,
)
from podium.convert.options import FORMATS, BuildOptions
from podium.convert.pipeline.inputs import discover, stem_of
from podium.convert.pipeline.record import RECORD

from .conftest import fixed_options

EXTS = {"akn": ".akn.xml", "html": ".html", "pdf": ".pdf", "epub": ".epub"}

#: Inputs that must fail, named after the code they prove.
BAD = {
    "E101_empty": (b"", EmptyInputError, "PODIUM-E101"),
    "E101_only_whitespace": (b" \n\n\t\n", EmptyInputError, "PODIUM-E101"),
    "E104_only_chrome": (b"Welcome to the United Nations\n", NoSpeechError, "PODIUM-E104"),
}


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory: pytest.TempPathFactory, sample: Path) -> BuildResult:
    return build_one(sample, fixed_options(tmp_path_factory.mktemp("out")))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def leftovers(out: Path, stem: str) -> list[str]:
    """Hidden staging or old folders (and temp files) a build may leave beside OUT/<stem>/."""
    return sorted(p.name for p in out.glob(f".{stem}*")) if out.exists() else []


def speech_copy(sample: Path, folder: Path, name: str = "speech.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(sample.read_bytes())
    return path


# --- what a build writes ----------------------------------------------------------------
def test_build_writes_every_output_the_source_and_the_record(
    sample_build: BuildResult, sample: Path
) -> None:
    folder = sample_build.folder
    assert folder.name == "sample-address"
    assert set(sample_build.outputs) == set(FORMATS)
    for fmt, path in sample_build.outputs.items():
        assert path == folder / f"sample-address{EXTS[fmt]}"
        assert path.is_file() and path.stat().st_size > 0
    assert (folder / "source" / sample.name).read_bytes() == sample.read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [RECORD, "source", *(f"sample-address{e}" for e in EXTS.values())]
    )


def test_build_record_hashes_every_output_and_the_source(
    sample_build: BuildResult, sample: Path
) -> None:
    folder = sample_build.folder
    record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    assert set(record["outputs"]) == set(FORMATS)
    for fmt, entry in record["outputs"].items():
        path = folder / entry["path"]
        assert path == sample_build.outputs[fmt]
        assert entry["sha256"] == sha256(path)
        assert entry["size"] == path.stat().st_size
    source = record["source"]
    assert source["path"] == f"source/{sample.name}"
    assert source["sha256"] == sha256(folder / source["path"]) == sha256(sample)
    assert record["expression"] == read_master(sample_build.outputs["akn"]).expression_iri


def test_build_writes_only_the_asked_formats(tmp_path: Path, sample: Path) -> None:
    result = build_one(sample, fixed_options(tmp_path, formats=("akn", "html")))
    assert set(result.outputs) == {"akn", "html"}
    names = {p.name for p in result.folder.iterdir()}
    assert names == {"sample-address.akn.xml", "sample-address.html", "source", RECORD}
    record = json.loads((result.folder / RECORD).read_text(encoding="utf-8"))
    assert set(record["outputs"]) == {"akn", "html"}


def test_build_refuses_an_unknown_format(tmp_path: Path, sample: Path) -> None:
    with pytest.raises(UsageError) as err:
        build_one(sample, fixed_options(tmp_path, formats=("akn", "docx")))
    assert err.value.code == "PODIUM-E500"
    assert not tmp_path.joinpath("sample-address").exists()


def test_two_builds_with_a_fixed_time_are_byte_identical(tmp_path: Path, sample: Path) -> None:
    one = build_one(sample, fixed_options(tmp_path / "one"))
    two = build_one(sample, fixed_options(tmp_path / "two"))
    for fmt in FORMATS:
        assert one.outputs[fmt].read_bytes() == two.outputs[fmt].read_bytes(), fmt


def test_rebuild_replaces_the_folder_whole(tmp_path: Path, sample: Path) -> None:
    src = speech_copy(sample, tmp_path / "in")
    out = tmp_path / "out"
    build_one(src, fixed_options(out))
    (out / "speech" / "stray.txt").write_text("from an older build")
    result = build_one(src, fixed_options(out, formats=("akn",)))
    assert {p.name for p in result.folder.iterdir()} == {"speech.akn.xml", "source", RECORD}
    assert leftovers(out, "speech") == []


# --- what a failure leaves ----------------------------------------------------------------
@pytest.mark.parametrize("case", BAD)
def test_failed_input_leaves_no_folder(tmp_path: Path, case: str) -> None:
    data, kind, code = BAD[case]
    src = tmp_path / "in" / "speech.txt"
    src.parent.mkdir()
    src.write_bytes(data)
    out = tmp_path / "out"
    with pytest.raises(kind) as err:
        build_one(src, fixed_options(out))
    assert err.value.code == code
    assert not (out / "speech").exists()
    assert leftovers(out, "speech") == []


@pytest.mark.parametrize("case", BAD)
def test_failed_rebuild_keeps_the_previous_folder(tmp_path: Path, sample: Path, case: str) -> None:
    data, kind, code = BAD[case]
    src = speech_copy(sample, tmp_path / "in")
    out = tmp_path / "out"
    folder = build_one(src, fixed_options(out)).folder
    before = snapshot(folder)
    src.write_bytes(data)
    with pytest.raises(kind) as err:
        build_one(src, fixed_options(out))
    assert err.value.code == code
    assert snapshot(folder) == before
    assert leftovers(out, "speech") == []


def broken_theme(tmp_path: Path) -> Path:
    """A user theme whose page template names a variable the context lacks."""
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "page.html.j2").write_text("{{ no_such_value }}\n", encoding="utf-8")
    return theme


def themed(opts: BuildOptions, theme: Path) -> BuildOptions:
    return replace(opts, render=replace(opts.render, theme=theme))


def test_failed_rendering_keeps_the_previous_folder(tmp_path: Path, sample: Path) -> None:
    src = speech_copy(sample, tmp_path / "in")
    out = tmp_path / "out"
    folder = build_one(src, fixed_options(out, formats=("akn", "html"))).folder
    before = snapshot(folder)
    opts = themed(fixed_options(out, formats=("akn", "html")), broken_theme(tmp_path))
    with pytest.raises(Exception):  # noqa: B017 - the type is the next test's business
        build_one(src, opts)
    assert snapshot(folder) == before
    assert leftovers(out, "speech") == []


def test_broken_theme_template_is_a_render_error(tmp_path: Path, sample: Path) -> None:
    opts = themed(fixed_options(tmp_path / "out", formats=("akn", "html")), broken_theme(tmp_path))
    with pytest.raises(PodiumError) as err:
        build_one(sample, opts)
    assert isinstance(err.value, RenderError)
    assert err.value.code.startswith("PODIUM-E3")


#: Text with terminal escapes and a form feed mid-line, as copied from a console or a PDF.
CONTROL_CHARS = (
    b"Secretary-General's remarks to the General Assembly [as delivered]\n\n"
    b"19 Apr 2021\n\nFirst \x0cpage, \x1b[1mbold\x1b[0m.\n\nThank you.\n"
)


def test_control_characters_are_read_or_refused_as_a_read_error(tmp_path: Path) -> None:
    src = tmp_path / "speech.txt"
    src.write_bytes(CONTROL_CHARS)
    try:
        build_one(src, fixed_options(tmp_path / "out", formats=("akn",)))
    except PodiumError as err:
        assert isinstance(err, ReadError)


# --- discover ---------------------------------------------------------------------------------
def test_stem_of_drops_the_double_akn_extension() -> None:
    assert stem_of(Path("a/speech.akn.xml")) == "speech"
    assert stem_of(Path("a/speech.txt")) == "speech"
    assert stem_of(Path("a/my.speech.txt")) == "my.speech"


def test_discover_walks_folders_for_supported_files(tmp_path: Path) -> None:
    for name in ("b.txt", "sub/a.txt", "notes.pdf", ".hidden.txt", "sub/readme.md.bak"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = discover([tmp_path])
    assert found == [tmp_path / "b.txt", tmp_path / "sub" / "a.txt"]


def test_discover_keeps_files_as_given_and_lists_each_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "other.doc").write_text("x")
    found = discover([tmp_path / "other.doc", tmp_path / "a.txt", tmp_path])
    assert found == [tmp_path / "other.doc", tmp_path / "a.txt"]


@pytest.mark.parametrize(
    "names", [("one/speech.txt", "two/speech.txt"), ("speech.txt", "speech.text")]
)
def test_discover_refuses_two_inputs_with_one_stem(tmp_path: Path, names: tuple[str, str]) -> None:
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    with pytest.raises(UsageError) as err:
        discover([tmp_path])
    assert err.value.code == "PODIUM-E500"


def test_discover_refuses_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as err:
        discover([tmp_path / "nowhere.txt"])
    assert err.value.code == "PODIUM-E500"
    assert err.value.path == tmp_path / "nowhere.txt"
