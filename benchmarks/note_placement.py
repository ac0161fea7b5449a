"""Placing a notes section's unmarked notes: this checkout ÷ an earlier commit, side by side.

    python benchmarks/note_placement.py --against COMMIT [--runs 5] [BRIEF ...]

Each round maps every brief once (rules only, after one warm-up analysis) in a fresh process of
each side, the two sides in turn and the order turned each round; a brief's figure is the median
CPU time of the rounds, of the whole analysis and of ``segment.place_unmarked_notes`` inside it.
Each side also hashes its JSON export of every brief: the table says whether the two agree byte for
byte. Without BRIEF, the briefs of ``corpora/`` whose notes are placed by their words, and the longest
Reports of the shared CRS corpus where it is present.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_CRS = ROOT.parent.parent / "shared" / "corpora" / "crs" / "markdown"
DEFAULT = ["corpora/crs-98-317v22.md", "corpora/crs-r46293v11.md", "corpora/crs-r48903v3.md",
           "corpora/crs-rs22331v53.md"]
LONG = ["R48915v1.md", "R48469v6.md", "R48914v2.md", "R47573v4.md", "R48902v1.md"]

MEASURE = r"""
import hashlib, json, sys, time
import argmap
import argmap.segment as segment
from argmap.formats.argmap_json import dumps
placing = segment.place_unmarked_notes
spent = []
def timed(*args):
    start = time.process_time()
    placing(*args)
    spent.append(time.process_time() - start)
segment.place_unmarked_notes = timed
paths = sys.argv[1:]
argmap.analyze(paths[0], rules_only=True)
out = {}
for path in paths:
    spent.clear()
    start = time.process_time()
    amap = argmap.analyze(path, rules_only=True)
    total = time.process_time() - start
    out[path] = [total, sum(spent), hashlib.sha256(dumps(amap.to_dict()).encode()).hexdigest()]
out["package"] = argmap.__file__
print(json.dumps(out))
"""


def checkout(commit: str, into: Path) -> Path:
    """``commit``'s package, unpacked under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", commit, "argmap"],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into)
    return into


def side(package_root: Path, briefs: list[str]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    # run from the side's own folder: ``-c`` puts the working directory first on the path
    done = subprocess.run([sys.executable, "-c", MEASURE, *briefs], env=env, check=True, capture_output=True,
                          text=True, cwd=package_root)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, help="the earlier commit")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("briefs", nargs="*")
    args = parser.parse_args()
    briefs = [str(Path(b).resolve()) for b in args.briefs] or [str(ROOT / b) for b in DEFAULT] + [
        str(SHARED_CRS / name) for name in LONG if (SHARED_CRS / name).exists()]
    with tempfile.TemporaryDirectory() as tmp:
        roots = [checkout(args.against, Path(tmp)), ROOT]
        rounds: list[list[dict]] = [[], []]
        for run in range(args.runs):
            for k in range(2):
                index = (run + k) % 2
                rounds[index].append(side(roots[index], briefs))
    assert rounds[0][0]["package"] != rounds[1][0]["package"], "both sides imported the same package"
    print(f"| brief | {args.against[:7]} ms | now ms | ÷ | placing, {args.against[:7]} ms | placing, now ms | ÷ | "
          "same export |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for brief in briefs:
        old, new = ([statistics.median(r[brief][i] * 1000 for r in rounds[s]) for i in (0, 1)] for s in (0, 1))
        same = rounds[0][0][brief][2] == rounds[1][0][brief][2]
        print(f"| {Path(brief).name} | {old[0]:.0f} | {new[0]:.0f} | {old[0] / new[0]:.2f} | {old[1]:.1f} | "
              f"{new[1]:.1f} | {old[1] / new[1] if new[1] else float('nan'):.1f} | {'yes' if same else '**no**'} |")


if __name__ == "__main__":
    main()
