"""Which ``--layout`` reads better: every brief of corpora/ drawn both ways, measured as a reader meets it.

A picture reads at 100 % zoom when it needs scrolling one way only: this counts, per layout, the
pictures (a long map's overview and section pictures each count) wider than a 1,500 px pane, and
gives the median and largest width and height. Run: ``python benchmarks/layouts.py`` (needs Graphviz).
``--against REV`` draws the same briefs with the code of an earlier commit too, in the same run, so a
change to the drawing is measured before and after on one corpus and one machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the tree whose code draws (set by --against for the run of an earlier commit); the briefs are ROOT's
CODE = Path(os.environ.get("ARGMAP_LAYOUTS_CODE", ROOT))
sys.path.insert(0, str(CODE))

PANE = 1500  # px: a laptop's browser window beside nothing else


def _size(svg: str) -> tuple[float, float]:
    m = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    return float(m.group(1)) * 4 / 3, float(m.group(2)) * 4 / 3  # pt → CSS px


def pictures(amap, layout: str) -> list[str]:
    from argmap.render import is_large, section_svgs, svg_string

    found = [svg_string(amap, layout)]
    if is_large(amap):
        found += [svg for _, svg in section_svgs(amap, layout)]
    return found


def measure() -> dict[str, list[tuple[float, float]]]:
    """Every picture's width and height in px, per layout."""
    import argmap
    from argmap.render import LAYOUTS

    briefs = sorted(p for p in (ROOT / "corpora").glob("*.md") if p.name != "README.md")
    maps = [argmap.analyze(p) for p in briefs]
    return {"briefs": len(briefs), **{layout: [_size(svg) for amap in maps for svg in pictures(amap, layout)]
                                      for layout in LAYOUTS}}


def _rows(sizes: dict, label: str = "") -> list[str]:
    rows = []
    for layout, found in sizes.items():
        if layout == "briefs":
            continue
        wide = sum(w > PANE for w, _ in found)
        rows.append(f"| {layout}{label} | {len(found)} | {wide} | {statistics.median(w for w, _ in found):.0f} × "
                    f"{statistics.median(h for _, h in found):.0f} | {max(w for w, _ in found):.0f} | "
                    f"{max(h for _, h in found):.0f} |")
    return rows


def _measure_at(rev: str) -> dict:
    """The same measure drawn by ``rev``'s code (exported from git into a temporary folder)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "argmap"],
                             check=True, capture_output=True).stdout
    with tempfile.TemporaryDirectory(prefix="argmap-layouts-") as tree:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tree, filter="data")
        done = subprocess.run([sys.executable, __file__, "--json"], check=True, capture_output=True, text=True,
                              env={**os.environ, "ARGMAP_LAYOUTS_CODE": tree})
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="REV", help="also draw the briefs with this commit's code")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure()))
        return
    before = _measure_at(args.against) if args.against else None
    after = measure()
    print(f"{after['briefs']} briefs of corpora/, pane {PANE} px wide\n")
    print("| layout | pictures | wider than the pane | median width × height (px) | widest | tallest |")
    print("|---|---:|---:|---|---:|---:|")
    if before is not None:
        print("\n".join(_rows(before, f" (at {args.against})")))
    print("\n".join(_rows(after)))


if __name__ == "__main__":
    main()
