"""Shared fixtures: the seed, the podium command, a built seed, golden-file handling."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import pytest

from podium.convert import build_one
from podium.convert.options import BuildOptions

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
#: The team's shared folder sits beside the repository (CI lays it out the same way).
SHARED = TESTS.parent.parent / "shared"
SEED = SHARED / "seeds" / "000_fed8b1a944ea8495.txt"
EPOCH = "1618790400"  # 2021-04-19T00:00:00Z


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--accept",
        action="store_true",
        help="rewrite golden files from the current output (review the diff!)",
    )


@pytest.fixture(scope="session")
def accept(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--accept"))


@pytest.fixture(scope="session")
def seed() -> Path:
    if not SEED.is_file():
        pytest.skip(f"the seed is not at {SEED} (it lives in the team's shared folder)")
    return SEED


@dataclass
class Run:
    rc: int
    out: str
    err: str


def podium_exe() -> list[str]:
    """The installed `podium` command of the interpreter running the tests."""
    exe = Path(sys.executable).parent / "podium"
    if not exe.exists():
        pytest.fail(f"podium is not installed next to {sys.executable}")
    return [str(exe)]


@pytest.fixture
def podium(tmp_path: Path):
    """Run the real `podium` command in tmp_path; returns (rc, stdout, stderr)."""

    def run(*args: object, env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
        p = subprocess.run(
            [*podium_exe(), *map(str, args)],
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            env={**os.environ, **(env or {})},
            timeout=300,
        )
        return Run(p.returncode, p.stdout, p.stderr)

    return run


def fixed_options(out: Path, **kw: object) -> BuildOptions:
    """Build options with a fixed generation time, as SOURCE_DATE_EPOCH would give."""
    from datetime import datetime

    when = datetime.fromtimestamp(int(EPOCH), tz=UTC)
    return BuildOptions(out=out, generated=when, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def built_seed(tmp_path_factory: pytest.TempPathFactory, seed: Path) -> Path:
    """The seed built once (all four outputs) for tests that only read outputs."""
    out = tmp_path_factory.mktemp("seed-out")
    return build_one(seed, fixed_options(out)).folder


@pytest.fixture(scope="session")
def sample() -> Path:
    """The team's own sample speech shipped in podium.examples."""
    from importlib import resources

    return Path(str(resources.files("podium.examples").joinpath("sample-address.txt")))
