"""The shape of the tree: no import circle, imports run down the layers, archive over convert.

Imports are read from the source with :mod:`ast` (every ``import`` and ``from`` statement,
at any depth, so function-local imports count too).  A package's ``__init__`` counts as a
module of its own: a submodule that imports its package's ``__init__`` while that
``__init__`` imports the submodule is a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("convert", "archive")


def modules() -> dict[str, Path]:
    found = {}
    for top in PACKAGES:
        for path in (ROOT / top).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The podium modules ``name`` imports (``from . import x`` counts as ``x``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            elif (node.module or "").startswith("podium."):
                target = node.module.removeprefix("podium.")  # type: ignore[union-attr]
            else:
                continue
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known]
            if len(subs) < len(node.names) and target in known:
                out.add(target)
            out.update(subs)
        elif isinstance(node, ast.Import):
            out.update(
                a.name.removeprefix("podium.") for a in node.names if a.name.startswith("podium.")
            )
    out.discard(name)
    return {m for m in out if m in known}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(found)


def test_the_checker_finds_a_circle_and_an_upward_import() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(edges) == [["a", "b", "c"]]


def test_no_import_circle() -> None:
    assert circles(graph()) == []


def test_convert_never_imports_archive() -> None:
    upward = {
        (m, d)
        for m, deps in graph().items()
        if m.startswith("convert")
        for d in deps
        if d.startswith("archive")
    }
    assert upward == set()


#: The layers of the tree, lowest first: a module imports its own layer or lower ones only.
#: The package root ``convert`` is the public API over everything, so it is the top of convert.
LAYERS = (
    ("convert.errors", "convert.version", "convert.atomic", "convert.logs", "convert.outputs"),
    ("convert.model",),
    ("convert.knowledge",),
    ("convert.options", "convert.sidecar"),
    ("convert.readers",),
    ("convert.steps",),
    ("convert.render",),
    ("convert.pdf",),
    ("convert.writers",),
    ("convert.pipeline",),
    ("convert.batch",),
    ("convert.cli",),
    ("convert",),
    ("archive",),
    ("archive.cli", "archive.launch"),
)


def layer(module: str) -> int:
    """The layer of a module: the longest prefix named in :data:`LAYERS` decides."""
    best, depth = -1, -1
    for i, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and name.count(".") > depth:
                best, depth = i, name.count(".")
    assert best >= 0, f"{module} is in no layer: add it to LAYERS"
    return best


def test_imports_run_downward() -> None:
    upward = sorted(
        f"{m} -> {d}" for m, deps in graph().items() for d in deps if layer(d) > layer(m)
    )
    assert upward == []


def test_the_verifier_never_imports_the_builders() -> None:
    edges = graph()
    seen, todo = set(), ["archive.verify"]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(edges[m])
    assert not seen & {"archive.bag", "archive.ocfl", "convert.pipeline.build"}
