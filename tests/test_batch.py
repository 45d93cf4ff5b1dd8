"""Batches: failure isolation, incremental skips and their invalidation, the report, Dask parity.

The speeches are short texts written here; the formats are the master and the HTML unless a
test needs more (the PDF is what costs time, and it is tested elsewhere).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import pytest

from podium.archive.cli.main import main
from podium.convert.batch.run import MANIFEST, BatchOptions, BatchReport, build_batch
from podium.convert.options import BuildOptions, ReadOptions, RenderOptions

EPOCH = "1618790400"

TOPICS = ("water", "forests", "oceans", "cities", "soil", "air", "rivers", "deserts")


def speech(topic: str, paragraphs: int = 3) -> str:
    body = "\n\n".join(
        f"Paragraph {n} on {topic}: the Assembly has heard many voices on {topic}, and each "
        f"of them asked for action on {topic} that is measured, fair and lasting."
        for n in range(1, paragraphs + 1)
    )
    return f"Remarks on {topic}\n\nMr. President,\n\n{body}\n\nThank you.\n"


def write_inputs(folder: Path, count: int = 4) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, topic in enumerate(TOPICS[:count]):
        path = folder / f"{topic}.txt"
        path.write_text(speech(topic, paragraphs=2 + i), encoding="utf-8")
        paths.append(path)
    return paths


def options(out: Path, **render: object) -> BuildOptions:
    return BuildOptions(
        out=out,
        formats=("akn", "html"),
        read=ReadOptions(lang="en"),
        render=RenderOptions(**render),  # type: ignore[arg-type]
    )


def status(report: BatchReport) -> dict[str, str]:
    return {o.stem: o.status for o in report.outcomes}


@pytest.fixture(autouse=True)
def reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    write_inputs(tmp_path / "in")
    return tmp_path / "in"


# --- order and failure isolation -------------------------------------------------------------


def test_largest_first(inputs: Path, tmp_path: Path) -> None:
    report = build_batch([inputs], options(tmp_path / "out"))
    sizes = [o.size for o in report.outcomes]
    assert sizes == sorted(sizes, reverse=True)


@pytest.mark.parametrize("jobs", [1, 2])
def test_broken_inputs_fail_alone(inputs: Path, tmp_path: Path, jobs: int) -> None:
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (inputs / "badmeta.txt").write_text(speech("ice"), encoding="utf-8")
    (inputs / "badmeta.meta.json").write_text("{not json", encoding="utf-8")
    out = tmp_path / "out"
    report = build_batch([inputs], options(out), BatchOptions(jobs=jobs))
    assert report.counts == {"built": 4, "skipped": 0, "failed": 3}
    failed = {o.stem: o for o in report.outcomes if o.status == "failed"}
    assert failed["empty"].code == "PODIUM-E101"
    assert failed["binary"].code and failed["binary"].code.startswith("PODIUM-E1")
    assert failed["badmeta"].code and failed["badmeta"].code.startswith("PODIUM-E5")
    assert failed["badmeta"].where and failed["badmeta"].where.endswith("badmeta.meta.json")
    for stem in failed:
        assert not (out / stem).exists()
    for topic in TOPICS[:4]:
        assert (out / topic / f"{topic}.akn.xml").is_file()
    assert not list(out.glob(".*.tmp"))


def test_cli_exit_code_and_lines(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (inputs / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert main(["build", str(inputs), "-o", str(out), "--to", "akn,html", "--jobs", "2"]) == 1
    captured = capsys.readouterr()
    assert "PODIUM-E101" in captured.err and "Traceback" not in captured.err
    assert captured.out.count(" -> ") == 4
    assert "[5/5]" in captured.out
    assert "built" in captured.out and "failed" in captured.out  # the summary table


# --- incremental ------------------------------------------------------------------------------


def test_second_run_skips_everything(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build_batch([inputs], options(out))
    assert set(status(first).values()) == {"built"}
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != MANIFEST}
    second = build_batch([inputs], options(out))
    assert set(status(second).values()) == {"skipped"}
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != MANIFEST}
    assert after == before  # nothing rewritten


def test_editing_one_input_rebuilds_only_it(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_batch([inputs], options(out))
    path = inputs / "forests.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    again = status(build_batch([inputs], options(out)))
    assert again == {
        "forests": "built",
        "water": "skipped",
        "oceans": "skipped",
        "cities": "skipped",
    }


def test_a_new_sidecar_rebuilds_its_input(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_batch([inputs], options(out))
    (inputs / "water.meta.json").write_text('{"speaker": "A. Speaker"}', encoding="utf-8")
    assert status(build_batch([inputs], options(out)))["water"] == "built"


def test_an_option_change_rebuilds_all(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_batch([inputs], options(out))
    letter = options(out, paper="letter")
    assert set(status(build_batch([inputs], letter)).values()) == {"built"}
    html_only = BuildOptions(out=out, formats=("akn",), read=letter.read, render=letter.render)
    assert set(status(build_batch([inputs], html_only)).values()) == {"built"}


def test_a_theme_change_rebuilds_all(inputs: Path, tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    css = resources.files("podium.templates").joinpath("default")
    names = [p.name for p in css.iterdir() if p.name.endswith(".css")]
    assert names, "the default theme has a stylesheet to override"
    (theme / names[0]).write_text("/* first */\n", encoding="utf-8")
    out = tmp_path / "out"
    build_batch([inputs], options(out, theme=theme))
    assert set(status(build_batch([inputs], options(out, theme=theme))).values()) == {"skipped"}
    (theme / names[0]).write_text("/* second */\n", encoding="utf-8")
    assert set(status(build_batch([inputs], options(out, theme=theme))).values()) == {"built"}


def test_force_and_a_damaged_output_rebuild(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_batch([inputs], options(out))
    assert set(status(build_batch([inputs], options(out), BatchOptions(force=True))).values()) == {
        "built"
    }
    (out / "oceans" / "oceans.html").unlink()
    again = status(build_batch([inputs], options(out)))
    assert again["oceans"] == "built" and again["water"] == "skipped"
    assert (out / "oceans" / "oceans.html").is_file()


def test_a_failed_input_is_tried_again(inputs: Path, tmp_path: Path) -> None:
    (inputs / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    build_batch([inputs], options(out))
    assert status(build_batch([inputs], options(out)))["empty"] == "failed"


# --- the report -------------------------------------------------------------------------------


def test_report_matches_its_schema(inputs: Path, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    (inputs / "empty.txt").write_bytes(b"")
    out, report_path = tmp_path / "out", tmp_path / "report.json"
    args = ["build", str(inputs), "-o", str(out), "--to", "akn,html", "--report", str(report_path)]
    assert main(args) == 1
    assert main([*args[:-2], "--report", str(tmp_path / "again.json")]) == 1
    schema = json.loads(
        resources.files("podium.schemas").joinpath("podium-report-1.schema.json").read_text()
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    checker = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for path in (report_path, tmp_path / "again.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert not list(checker.iter_errors(data)), path
    first = json.loads(report_path.read_text(encoding="utf-8"))
    assert first["counts"] == {"built": 4, "skipped": 0, "failed": 1}
    built = [d for d in first["documents"] if d["status"] == "built"]
    assert all({"master", "html", "write"} <= set(d["seconds"]) for d in built)
    again = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    assert again["counts"] == {"built": 0, "skipped": 4, "failed": 1}
    # the schema is not a rubber stamp
    first["documents"][0]["status"] = "half-done"
    assert list(checker.iter_errors(first))


# --- Dask ---------------------------------------------------------------------------------------


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_outputs(inputs: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    local = tmp_path / "local"
    build_batch([inputs], options(local), BatchOptions(jobs=2))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        remote = tmp_path / "dask"
        report = build_batch(
            [inputs],
            options(remote),
            BatchOptions(executor="dask", scheduler=cluster.scheduler_address),
        )
    assert report.counts == {"built": 4, "skipped": 0, "failed": 0}
    assert all(o.worker.startswith("tcp://127.0.0.1") for o in report.outcomes)

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*"))
            if p.is_file() and p.name not in (MANIFEST, "podium-build.json")
        }

    assert files(remote) == files(local)


def test_dask_without_a_scheduler_is_a_usage_error(inputs: Path, tmp_path: Path) -> None:
    assert main(["build", str(inputs), "-o", str(tmp_path / "o"), "--executor", "dask"]) == 2


# --- Ctrl-C -------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_cleanly(tmp_path: Path, jobs: str) -> None:
    """SIGINT to the whole process group mid-run: exit 130, finished folders whole, no staging."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        (folder / f"s{i:02d}.txt").write_text(speech(f"topic {i}", 40), encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "podium.archive.cli",
            "build",
            str(folder),
            "-o",
            str(out),
            "--jobs",
            jobs,
            "--to",
            "akn,html,pdf",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
        # Ctrl-C as at a terminal, even when the suite itself was started with SIGINT ignored
        # (`nohup ... &` from a script), which podium, like every command, would inherit
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert run.stdout is not None
    first = run.stdout.readline()  # one document finished: others are in flight
    assert "[1/12]" in first
    time.sleep(0.3)
    os.killpg(run.pid, signal.SIGINT)
    try:
        _, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["documents"]
    folders = [p for p in out.iterdir() if p.is_dir()]
    assert 1 <= len(folders) < 12
    for folder_ in folders:
        record = json.loads((folder_ / "podium-build.json").read_text(encoding="utf-8"))
        assert all((folder_ / e["path"]).is_file() for e in record["outputs"].values())
    assert set(manifest) <= {p.name for p in folders}


# --- the PDF helper of one-process builds --------------------------------------------------------


@pytest.mark.slow
def test_pdf_helper_writes_the_same_pdf(tmp_path: Path) -> None:
    """The forked helper runs the same writer: its PDF is byte for byte the in-process one."""
    source = write_inputs(tmp_path / "in", 1)[0]
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    pdfs = []
    for name, extra in (("helper", {}), ("alone", {"PODIUM_NO_PDF_HELPER": "1"})):
        out = tmp_path / name
        subprocess.run(
            [sys.executable, "-m", "podium.archive.launch", "build", str(source), "-o", str(out)],
            check=True,
            capture_output=True,
            env={**env, **extra},
        )
        pdfs.append((out / source.stem / f"{source.stem}.pdf").read_bytes())
    assert pdfs[0] == pdfs[1]


def test_the_command_forks_its_helper_early_and_stops_it_if_unwanted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`podium build` forks the helper before parsing; the parsed command takes or stops it."""
    from podium.convert.pdf import helper as pdf_helper

    # the command forks before anything runs a thread; this test process may run some
    # (a Dask cluster's, left by an earlier test), which would rightly stop any fork
    monkeypatch.setattr(pdf_helper.threading, "active_count", lambda: 1)

    pdf_helper.fork_early(["--debug", "validate", "x.akn.xml"])
    with pdf_helper.started(False) as helper:
        assert helper is None  # nothing was forked for a command that builds nothing
    pdf_helper.fork_early(["build", "x.txt", "--jobs", "2"])
    early = pdf_helper._early
    assert early is not None
    with pdf_helper.started(False) as helper:
        assert helper is None
    with pytest.raises(ProcessLookupError):  # stopped and reaped at once
        os.kill(early.pid, 0)
    pdf_helper.fork_early(["build", "x.txt"])
    early = pdf_helper._early
    with pdf_helper.started(True) as helper:
        assert helper is early
    assert pdf_helper._early is None


@pytest.mark.slow
def test_a_dead_pdf_helper_falls_back_to_writing_here(tmp_path: Path) -> None:
    from podium.convert import build_one
    from podium.convert.pdf import helper as pdf_helper

    source = write_inputs(tmp_path / "in", 1)[0]
    opts = BuildOptions(out=tmp_path / "out", formats=("akn", "pdf"))
    with pdf_helper.started() as helper:
        assert helper is not None
        os.kill(helper.pid, signal.SIGKILL)
        result = build_one(source, opts, pdf=helper)
    assert result.outputs["pdf"].read_bytes().startswith(b"%PDF-")


def test_no_pdf_helper_when_threads_run_or_jobs_are_many() -> None:
    import threading

    from podium.archive.cli.main import parser
    from podium.convert.cli.build import wants_pdf_helper
    from podium.convert.pdf.helper import wanted

    args = parser().parse_args(["build", "x.txt"])
    assert wants_pdf_helper(args) is (threading.active_count() == 1)
    assert not wants_pdf_helper(parser().parse_args(["build", "x.txt", "--jobs", "2"]))
    assert not wants_pdf_helper(parser().parse_args(["build", "x.txt", "--to", "akn,html"]))
    assert not wants_pdf_helper(parser().parse_args(["validate", "x.akn.xml"]))
    assert wanted("demo") is wanted("build") is (threading.active_count() == 1)
    assert not wanted("verify") and not wanted(None)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not wants_pdf_helper(args)
    finally:
        stop.set()
        thread.join()
