"""The package's modules import each other without circles: each layer uses only the layers below it.

Every import counts, the ones inside functions too (a deferred import is still a dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

import argmap

PACKAGE = Path(argmap.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> nx.DiGraph:
    """argmap's modules and, for each, the argmap modules it imports (anywhere in its code)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                # "from . import x" and "from .formats import aif" may name submodules
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                           for alias in node.names]
            for target in targets:
                while target and target not in modules:  # "argmap.formats.aif.AifGraph" -> its module
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph.add_edge(name, target)
    return graph


def test_the_import_graph_sees_the_known_dependencies():
    graph = import_graph()
    assert graph.has_edge("argmap.render", "argmap.formats.dot")
    assert graph.has_edge("argmap.output", "argmap.render")
    assert graph.has_edge("argmap.formats.html", "argmap.render")  # imported inside a function
    assert graph.has_edge("argmap.evaluate.gold", "argmap.formats.aif")
    assert len(graph) > 40


def test_no_module_imports_itself_through_others():
    cycles = list(nx.simple_cycles(import_graph()))
    assert not cycles, "import circles: " + "; ".join(" → ".join(c + c[:1]) for c in cycles[:10])


def test_the_model_imports_no_other_module_of_argmap():
    assert set(import_graph().successors("argmap.model")) == set()
