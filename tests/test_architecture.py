"""The house's rooms: imports run one way (core -> analysis -> endpoint, cli -> dashboards), with no cycle.

Every ``import`` statement counts, at module level or inside a function, so a deferred
import cannot hide an arrow that runs back up.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "dashboards")
MAX_LINES = 400

# (importer prefix, imported prefix): an arrow that must not exist
FORBIDDEN = (
    ("graph", "dashboards"),
    ("graph.analysis", "graph.cli"),
    ("graph.analysis", "graph.endpoint"),
    ("graph.endpoint", "graph.cli"),
    ("dashboards.figures", "graph"),
)
CORE_LAYERS = ("graph.analysis", "graph.cli", "graph.endpoint")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}


def _is_package(name: str, modules: dict[str, Path]) -> bool:
    return modules[name].name == "__init__.py"


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules that ``name`` imports, resolved to the most specific module."""
    found: set[str] = set()
    package = name if _is_package(name, modules) else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _import_graph() -> nx.DiGraph:
    modules = _modules()
    graph = nx.DiGraph()
    for name, path in modules.items():
        graph.add_node(name)
        for target in _imports(name, path, modules):
            # a package's __init__ importing its own submodules is how a package exposes them, not an arrow back
            if _is_package(target, modules) and name.startswith(target + "."):
                continue
            graph.add_edge(name, target)
    return graph


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_no_import_cycle() -> None:
    cycles = [sorted(c) for c in nx.strongly_connected_components(_import_graph()) if len(c) > 1]
    assert cycles == [], f"import cycles: {cycles}"


@pytest.mark.parametrize(("importer", "imported"), FORBIDDEN)
def test_imports_run_one_way(importer: str, imported: str) -> None:
    wrong = sorted((a, b) for a, b in _import_graph().edges if _under(a, importer) and _under(b, imported))
    assert wrong == [], f"{importer} must not import {imported}: {wrong}"


def test_core_imports_no_layer_above_it() -> None:
    graph = _import_graph()
    core = [n for n in graph if _under(n, "graph") and not any(_under(n, layer) for layer in CORE_LAYERS)]
    wrong = sorted((a, b) for a in core for b in graph.successors(a) if any(_under(b, layer) for layer in CORE_LAYERS))
    assert wrong == [], f"the graph core imports a layer above it: {wrong}"


def test_the_checker_sees_a_cycle_and_a_wrong_arrow(tmp_path: Path) -> None:
    """The checks above would fail on a cycle or on graph -> dashboards (so they can fail)."""
    modules = {"graph.a": tmp_path / "a.py", "graph.b": tmp_path / "b.py", "dashboards.c": tmp_path / "c.py"}
    modules["graph.a"].write_text("from graph import b\n")
    modules["graph.b"].write_text("def f():\n    import graph.a\n    from dashboards.c import x\n")
    modules["dashboards.c"].write_text("x = 1\n")
    edges = {(n, t) for n, p in modules.items() for t in _imports(n, p, modules)}
    assert ("graph.a", "graph.b") in edges and ("graph.b", "graph.a") in edges
    assert ("graph.b", "dashboards.c") in edges


def test_no_module_over_the_size_limit() -> None:
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in _modules().items()}
    large = {name: n for name, n in sizes.items() if n > MAX_LINES}
    assert large == {}, f"modules over {MAX_LINES} lines: {large}"


@pytest.mark.parametrize(
    "reader",
    ["graph.stores", "graph.buildfolder", "graph.endpoint.pool", "graph.endpoint.worker", "graph.endpoint.zygote"],
)
def test_reading_a_build_needs_nothing_of_the_builder(reader: str) -> None:
    """Opening a store or serving a build reaches the build folder's layout, never the code that writes builds."""
    reached = nx.descendants(_import_graph(), reader)
    builder = sorted(n for n in reached if any(_under(n, m) for m in ("graph.build", "graph.load", "graph.snapshot")))
    assert builder == [], f"{reader} reaches the builder: {builder}"
