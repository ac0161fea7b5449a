"""The package's modules import each other without circles: each layer uses only the layers below it.

Every import counts, the ones inside functions too (a deferred import is still a dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

import argmap

PACKAGE = Path(argmap.__file__).resolve().parent
README = PACKAGE.parent / "README.md"


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


def readme_layers() -> list[list[list[str]]]:
    """README's drawing of the layers, top first: each layer's groups (``a · b``), each group a chain
    (``a → b``: a may import b beside it), each name a module or package (``formats/``, ``learn.train``)."""
    text = README.read_text(encoding="utf-8")
    block = text.split("The modules stand in layers", 1)[1].split("```\n", 2)[1]
    layers = []
    for line in block.splitlines():
        drawing = line.split("   ", 1)[0].strip()  # the names, before the gap and the words about them
        layers.append([[name.strip().rstrip("/") for name in group.split(" → ")] for group in drawing.split(" · ")])
    return layers


def test_the_readme_draws_the_layers_as_the_imports_stand():
    layers = readme_layers()
    place: dict[str, tuple[int, int, int]] = {}  # name -> (layer, group, position in its chain)
    for i, groups in enumerate(layers):
        for j, chain in enumerate(groups):
            for k, name in enumerate(chain):
                place[name] = (i, j, k)

    def where(module: str) -> tuple[int, int, int] | None:
        parts = module.split(".")[1:]
        for n in range(len(parts), 0, -1):  # the longest name drawn: learn.train before learn
            if ".".join(parts[:n]) in place:
                return place[".".join(parts[:n])]
        return None

    graph = import_graph()
    unplaced = sorted(m for m in graph if m != "argmap" and where(m) is None)
    assert not unplaced, f"modules the README's drawing leaves out: {unplaced}"
    wrong = []
    for a, b in graph.edges:
        if "argmap" in (a, b):
            continue  # the package's own __init__, which gathers the public names
        (la, ga, ka), (lb, gb, kb) = where(a), where(b)
        if (la, ga) == (lb, gb) and kb >= ka or lb > la:
            continue  # within one name, along an arrow, or downwards
        wrong.append(f"{a} → {b}")
    assert not wrong, "imports the README's drawing does not allow: " + ", ".join(sorted(wrong))


def test_only_the_command_line_imports_typer_or_rich():
    """The library is usable without the command line's packages: typer and rich belong to argmap/cli."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if _module_name(path).startswith("argmap.cli"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            found += [f"{_module_name(path)}: {n}" for n in names if n.split(".")[0] in ("typer", "rich")]
    assert not found
