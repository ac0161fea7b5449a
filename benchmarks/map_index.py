"""The indexed map: what questions over the map's edges cost, before and after, side by side in one run.

    python benchmarks/map_index.py                  # this checkout against the commit before the index
    python benchmarks/map_index.py --before REV     # against another revision

The table is printed and written to benchmarks/map_index.md.

Each step runs on synthetic maps of 250, 1,000 and 4,000 units (a thesis, claims, premises and
evidence in a tree, one attack per ten units) in a subprocess per revision, interleaved; the
figure is the median of several runs. A step whose time grows with the square of the map shows
it as the map grows 4× (time ×16); a linear one grows about 4×.
Steps: the HTML report's data step, the outline and Argdown writers, the audit, the terminal tree.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (250, 1000, 4000)
BEFORE = "3822615"  # main before the formats and the index

_CHILD = r'''
import json, statistics, sys, time
from argmap.model import ArgumentMap, Edge, EdgeType, Node, NodeType, Metadata

def synthetic(n):
    nodes, edges = [Node("MC", NodeType.MAJOR_CLAIM, "The thesis.", [(0, 11)])], []
    kinds = [NodeType.CLAIM, NodeType.PREMISE, NodeType.PREMISE, NodeType.EVIDENCE]
    for i in range(1, n):
        kind = kinds[i % 4]
        nid = f"S{i}"
        at = 12 + i * 20
        nodes.append(Node(nid, kind, f"Unit number {i} says this.", [(at, at + 19)], section=(f"Part {i // 50}",),
                          footnote=str(i) if kind == NodeType.EVIDENCE else None,
                          citations=[str(i + 1)] if kinds[(i + 1) % 4] == NodeType.EVIDENCE else []))
        parent = "MC" if kind == NodeType.CLAIM else f"S{i - 1}"
        edges.append(Edge(nid, parent, EdgeType.SUPPORT, rule="synthetic"))
        if i % 10 == 0 and i > 20:
            edges.append(Edge(nid, f"S{i - 13}", EdgeType.ATTACK, rule="synthetic", primary=False))
    return ArgumentMap(nodes=nodes, edges=edges, metadata=Metadata(title="Synthetic"), source_text="x" * (40 + 20 * n))

try:
    from argmap.formats.html import _data
    from argmap.formats import write
except ImportError:
    from argmap.export.html_report import _data
    from argmap.export import export as write
from argmap.audit import audit
from argmap.cli.view import map_tree

STEPS = {
    "html data": lambda m: _data(m, []),
    "outline": lambda m: write(m, "outline"),
    "argdown": lambda m: write(m, "argdown"),
    "audit": lambda m: audit(m),
    "terminal tree": lambda m: map_tree(m, max_lines=10**9, max_depth=10**9),
}
size, runs = int(sys.argv[1]), int(sys.argv[2])
amap = synthetic(size)
out = {}
for name, step in STEPS.items():
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step(amap)
        times.append(time.perf_counter() - start)
    out[name] = statistics.median(times)
print(json.dumps(out))
'''


def checkout(rev: str, into: Path) -> Path:
    """The package at ``rev``, unpacked into ``into`` (``git archive``: no worktree to clean up)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "argmap"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def run(path: Path, size: int, runs: int) -> dict[str, float]:
    # run from the checkout itself: "python -c" puts the working directory first on the path
    result = subprocess.run([sys.executable, "-c", _CHILD, str(size), str(runs)], capture_output=True, text=True, cwd=path,
                            env={"PYTHONPATH": str(path), "PATH": "/usr/bin:/bin"}, check=True)
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default=BEFORE, help="the revision to compare with")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        before = checkout(args.before, Path(tmp))
        rows = []
        for size in SIZES:
            runs = args.runs if size < 4000 else max(1, args.runs // 2)
            old, new = run(before, size, runs), run(ROOT, size, runs)
            for step in old:
                rows.append((step, size, old[step], new[step]))
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    lines = [f"| step | units | before ms | after ms | before ÷ after |", "|---|---:|---:|---:|---:|"]
    for step, size, old, new in sorted(rows, key=lambda r: (r[0], r[1])):
        lines.append(f"| {step} | {size} | {old * 1000:.1f} | {new * 1000:.1f} | {old / new:.1f} |")
    table = "\n".join(lines)
    print(table)
    (ROOT / "benchmarks" / "map_index.md").write_text(
        "# The indexed map: before and after\n\n"
        f"Made by `python benchmarks/map_index.py`: before is {args.before}, after is {head or 'this checkout'} "
        f"(with its uncommitted changes); median of {args.runs} runs ({max(1, args.runs // 2)} at 4,000 units), "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, 2 shared cores.\n\n" + table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
