"""Which ``--layout`` reads better: every brief of corpora/ drawn both ways, measured as a reader meets it.

A picture reads at 100 % zoom when it needs scrolling one way only: this counts, per layout, the
pictures (a long map's overview and section pictures each count) wider than a 1,500 px pane, and
gives the median and largest width and height. Run: ``python benchmarks/layouts.py`` (needs Graphviz).
"""

from __future__ import annotations

import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def main() -> None:
    import argmap
    from argmap.render import LAYOUTS

    briefs = sorted(p for p in (ROOT / "corpora").glob("*.md") if p.name != "README.md")
    maps = [argmap.analyze(p) for p in briefs]
    print(f"{len(briefs)} briefs of corpora/, pane {PANE} px wide\n")
    print("| layout | pictures | wider than the pane | median width × height (px) | widest | tallest |")
    print("|---|---:|---:|---|---:|---:|")
    for layout in LAYOUTS:
        sizes = [_size(svg) for amap in maps for svg in pictures(amap, layout)]
        wide = sum(w > PANE for w, _ in sizes)
        print(f"| {layout} | {len(sizes)} | {wide} | {statistics.median(w for w, _ in sizes):.0f} × "
              f"{statistics.median(h for _, h in sizes):.0f} | {max(w for w, _ in sizes):.0f} | {max(h for _, h in sizes):.0f} |")


if __name__ == "__main__":
    main()
