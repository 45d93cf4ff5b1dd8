"""Errors: stable codes, the file and the fix in one line, exit codes by class."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

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


# --- the catalogues -------------------------------------------------------------------------
REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "errors.md"
SOURCES = sorted((REPO / "convert").rglob("*.py")) + sorted((REPO / "archive").rglob("*.py"))
CODE_TEXT = re.compile(r"PODIUM-[EW]\d{3}")


def test_every_code_is_written_once_and_catalogued() -> None:
    for enum, catalogue in ((errors.Code, errors.ERRORS), (errors.WarningCode, errors.WARNINGS)):
        assert len(enum.__members__) == len(enum), "two members share a code (an alias)"
        assert all(c.value == f"PODIUM-{c.name}" for c in enum)
        assert list(catalogue) == sorted(enum), "the catalogue lists each code once, in order"


def test_each_class_default_code_is_catalogued_with_its_class() -> None:
    for cls in [errors.PodiumError, *_subclasses(errors.PodiumError)]:
        assert errors.ERRORS[cls.code].cls is cls, cls.__name__


def test_exit_codes_come_from_the_classes() -> None:
    assert errors.ERRORS[errors.Code.E101].exit_code == 1
    assert errors.ERRORS[errors.Code.E500].exit_code == 2
    assert errors.ERRORS[errors.Code.E903].exit_code == 3
    for code, entry in errors.ERRORS.items():  # a summary that names an exit code agrees
        said = re.search(r"\bexit (\d)\b", entry.summary)
        assert said is None or int(said.group(1)) == entry.exit_code, code


def test_docs_tables_are_the_catalogues(accept: bool) -> None:
    """docs/errors.md shows both catalogues; `pytest --accept` rewrites its tables."""
    text = DOC.read_text(encoding="utf-8")
    if accept:
        text = _with_table(text, errors.error_table())
        text = _with_table(text, errors.warning_table())
        DOC.write_text(text, encoding="utf-8")
    assert errors.error_table() in text, "run `pytest tests/test_errors.py --accept`"
    assert errors.warning_table() in text, "run `pytest tests/test_errors.py --accept`"
    assert set(CODE_TEXT.findall(text)) == {*errors.ERRORS, *errors.WARNINGS}


def test_no_code_literal_outside_the_catalogue() -> None:
    """Raise sites name a :class:`Code` member; a string code would escape the catalogue."""
    found = [
        f"{path.relative_to(REPO)}:{node.lineno}"
        for path in SOURCES
        if path.name != "errors.py" or path.parent.name != "convert"
        for node in _strings(ast.parse(path.read_text(encoding="utf-8")))
        if CODE_TEXT.search(node.value)
    ]
    assert found == []


def test_every_warning_code_is_given_somewhere() -> None:
    used = {
        m
        for path in SOURCES
        if path.name != "errors.py"
        for m in re.findall(r"WarningCode\.(W\d{3})", path.read_text(encoding="utf-8"))
    }
    assert used == {c.name for c in errors.WarningCode}


def test_profile_rules_name_catalogued_codes() -> None:
    roles = re.findall(r'role="([^"]*)"', (REPO / "schemas" / "podium-profile.sch").read_text())
    assert roles and {errors.ERRORS[errors.Code(r)].cls for r in roles} == {errors.MasterError}


def test_warning_records_render_the_text_podium_always_printed() -> None:
    """The build record stores these texts; they must stay byte for byte."""
    W, R = errors.WarningCode, errors.WarningRecord
    assert str(R(W.W101, {"encoding": "cp1252"})) == (
        "decoded as cp1252 (detected): save the file as UTF-8 to be sure"
    )
    assert str(R(W.W106, {"count": 2, "noun": "tables", "example": " (first: a | b)"})) == (
        "2 tables flattened: each row became one paragraph, cells joined by | (first: a | b)"
    )
    assert str(R(W.W113, {"count": 1})) == "left out 1 footnote(s) (authorialNote)"
    assert str(R(W.W301, {"variant": "pdf/ua-1"})) == (
        "pdf/ua-1 cannot carry the AKN master: the PDF has no attachment (use pdf/a-3u to embed it)"
    )
    with pytest.raises(KeyError):  # a parameter the text needs is missing
        R(W.W110, {"old": "x"})


def test_markdown_command_prints_both_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert errors.main(["--markdown"]) == 0
    assert capsys.readouterr().out == errors.error_table() + "\n" + errors.warning_table()
    assert errors.main([]) == 2


def _subclasses(cls: type) -> list[type]:
    return [s for c in cls.__subclasses__() for s in (c, *_subclasses(c))]


def _strings(tree: ast.Module) -> list[ast.Constant]:
    """The string constants of a module, docstrings left out (prose may name codes)."""
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


def _with_table(text: str, table: str) -> str:
    """``text`` with the Markdown table that has ``table``'s header line replaced by it."""
    lines = text.split("\n")
    start = lines.index(table.split("\n")[0])
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return "\n".join([*lines[:start], *table.rstrip("\n").split("\n"), *lines[end:]])
