"""Errors: stable codes, the file and the fix in one line, exit codes by class."""

from __future__ import annotations

from pathlib import Path

from podium.convert import errors


def test_error_line_names_file_code_and_fix() -> None:
    err = errors.EmptyInputError("the file is empty", path=Path("a.txt"), fix="check it")
    assert str(err) == "a.txt: PODIUM-E101: the file is empty (fix: check it)"


def test_exit_codes_by_class() -> None:
    assert errors.ReadError("x").exit_code == 1
    assert errors.UsageError("x").exit_code == 2
    assert errors.EnvironmentProblem("x").exit_code == 3


def test_codes_are_unique_per_class() -> None:
    classes = [
        c
        for c in vars(errors).values()
        if isinstance(c, type) and issubclass(c, errors.PodiumError)
    ]
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes))


def test_master_error_takes_the_first_violation_code() -> None:
    v = errors.Violation("PODIUM-E202", "dangling", line=3, element="speech")
    err = errors.MasterError("1 problem", violations=[v])
    assert err.code == "PODIUM-E202" and str(v) == "line 3: PODIUM-E202 <speech>: dangling"
