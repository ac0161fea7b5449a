"""The tests use argmap as its users do: no private name of the package is imported, read or patched.

A test that needs a private name is testing how something is done rather than what it does; it is
written against public behaviour instead, or the name is made public where it is a real interface.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent

#: patches of a private seam that no input can reach, each with the reason it stays
ALLOWED = {
    ("test_batch.py", "batch._mp_context"): "fault injection: a worker that dies at start (no input makes one)",
    ("test_batch.py", "batch._init_worker"): "fault injection: a worker that dies at start (no input makes one)",
}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, name) of each private argmap name the code imports, reads from a module it imported, or patches."""
    found: list[tuple[int, str]] = []
    modules: dict[str, str] = {}  # local name → the argmap module or name it was imported as
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "argmap":
            if any(_private(part) for part in node.module.split(".")):
                found.append((node.lineno, node.module))
            for alias in node.names:
                if _private(alias.name):
                    found.append((node.lineno, f"{node.module}.{alias.name}"))
                modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != "argmap":
                    continue
                if any(_private(part) for part in alias.name.split(".")):
                    found.append((node.lineno, alias.name))
                modules[alias.asname or alias.name.split(".")[0]] = alias.asname and alias.name or "argmap"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            base = node.value
            if isinstance(base, ast.Name) and base.id in modules:
                found.append((node.lineno, f"{base.id}.{node.attr}"))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) in ("setattr", "delattr") and node.args:
            target = node.args[0]
            name = node.args[1] if len(node.args) > 1 else None
            if isinstance(target, ast.Constant) and isinstance(target.value, str) and target.value.startswith("argmap."):
                if any(_private(part) for part in target.value.split(".")):
                    found.append((node.lineno, target.value))
            elif (isinstance(target, ast.Name) and target.id in modules and isinstance(name, ast.Constant)
                  and isinstance(name.value, str) and _private(name.value)):
                found.append((node.lineno, f"{target.id}.{name.value}"))
    return sorted(set(found))


def test_no_test_uses_a_private_name_of_argmap():
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        for line, name in private_uses(ast.parse(path.read_text(encoding="utf-8"))):
            if (path.name, name) not in ALLOWED:
                found.append(f"{path.relative_to(TESTS)}:{line} {name}")
    assert not found, "private names of argmap used in tests: " + ", ".join(found)


def test_the_scan_sees_each_way_of_reaching_a_private_name():
    code = (
        "from argmap.segment import _breakable, clean_view\n"
        "from argmap.read import _markdown\n"
        "from argmap.read._pdfium import thing\n"
        "import argmap.store as store_module\n"
        "from argmap.clean import structure\n"
        "store_module._MIGRATE_1_TO_2\n"
        "monkeypatch.setattr(structure, '_plain_line', None)\n"
        "monkeypatch.setattr('argmap.cues._Probe', None)\n"
        "structure.scan_blocks('x')\n"  # public: not reported
        "self._in = None\n"  # not argmap's: not reported
    )
    assert private_uses(ast.parse(code)) == [
        (1, "argmap.segment._breakable"), (2, "argmap.read._markdown"), (3, "argmap.read._pdfium"),
        (6, "store_module._MIGRATE_1_TO_2"), (7, "structure._plain_line"), (8, "argmap.cues._Probe"),
    ]
