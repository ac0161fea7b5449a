"""Time the pipeline on pathological inputs and print the results (no assertions).

Run from the repository root: ``python benchmarks/pathological.py [--scale 1.0] [--only NAME]``.
Each case is also run at half size, so that the printed ratio shows whether the time grows
linearly (a ratio near 2) or worse (near 4 for quadratic).

``--learned`` runs every case under the rules alone and under the learned layer (the shipped weights),
side by side, each size in a fresh process: seconds and the peak memory the call itself adds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def headings(n: int) -> str:
    return "# Title\n\n" + "".join(f"## Heading {i}\n\n" for i in range(n))


def headings_with_text(n: int) -> str:
    return "# Title\n\n" + "".join(f"## Heading {i}\n\nA sentence under heading {i}.\n\n" for i in range(n))


def footnotes(n: int) -> str:
    body = " ".join(f"Claim number {i} holds.[^{i}]" for i in range(n))
    notes = "\n\n".join(f"[^{i}]: Source {i}, page {i}." for i in range(n))
    return f"# Title\n\n{body}\n\n{notes}\n"


def sup_footnotes(n: int) -> str:
    body = "\n\n".join(f"Claim number {i} holds.<sup>{i % 999 + 1})</sup>" for i in range(n))
    notes = "\n\n".join(f"<sup>{i % 999 + 1})</sup> Source {i}." for i in range(n))
    return f"# Title\n\n{body}\n\n{notes}\n"


def huge_paragraph(n: int) -> str:
    return "# Title\n\n" + " ".join(
        ("First, " if i % 50 == 0 else "Therefore, " if i % 7 == 0 else "However, " if i % 11 == 0 else "")
        + f"sentence {i} says something." for i in range(n)) + "\n"


def single_line(n: int) -> str:
    return "word " * n


def paragraphs(n: int) -> str:
    return "# Title\n\n" + "".join(
        ("Nevertheless, " if i % 5 == 0 else "Because " if i % 3 == 0 else "") + f"Point {i} stands. It is backed.\n\n"
        for i in range(n))


def ordinals(n: int) -> str:
    words = ["First", "Second", "Third", "Fourth", "Finally"]
    return "# Title\n\nThere are reasons.\n\n" + "".join(f"{words[i % 5]}, item {i} matters.\n\n" for i in range(n))


def nested_list(n: int) -> str:
    return "# Title\n\n" + "".join(" " * (2 * (i % 200)) + f"- item {i}\n" for i in range(n))


def bullets(n: int) -> str:
    return "# Title\n\nThe list:\n\n" + "".join(f"- item {i} is a point.\n" for i in range(n))


def link_definitions(n: int) -> str:
    return "# Title\n\nThe claim stands firm.\n\n" + "".join(f"[r{i}]: https://example.org/{i}\n" for i in range(n))


def hostile(piece: str):
    def make(n: int) -> str:
        return "# Title\n\nA " + piece * n + " end.\n"
    return make


CASES = {
    "50k headings": (headings, 50_000),
    "20k headings with text": (headings_with_text, 20_000),
    "10k footnotes": (footnotes, 10_000),
    "10k sup footnotes": (sup_footnotes, 10_000),
    "one huge paragraph (20k sentences)": (huge_paragraph, 20_000),
    "10 MB single line": (single_line, 2_000_000),
    "20k paragraphs with markers": (paragraphs, 20_000),
    "20k ordinal cues": (ordinals, 20_000),
    "10k nested list items": (nested_list, 10_000),
    "20k bullets": (bullets, 20_000),
    "20k link reference definitions": (link_definitions, 20_000),
    "1M '[' on one line": (hostile("["), 1_000_000),
    "200k '](' on one line": (hostile("]("), 200_000),
    "200k '![' on one line": (hostile("!["), 200_000),
    "200k '<sup>' on one line": (hostile("<sup>"), 200_000),
    "200k '`' on one line": (hostile("`"), 200_000),
    "100k unclosed '<!--'": (hostile("<!--"), 100_000),
    "200k '(' (one token)": (hostile("("), 200_000),
    "100k '—' (one token)": (hostile("—"), 100_000),
    "50k 'has said ' (cue pattern)": (hostile("has said "), 50_000),
    "50k '-' lines under a paragraph": (hostile("\n-"), 50_000),
}


def run(make, n: int) -> tuple[float, int]:
    from argmap.pipeline import analyze

    text = make(n)
    started = time.perf_counter()
    amap = analyze(text, name="bench")
    return time.perf_counter() - started, len(amap.nodes)


def _peak_kb() -> int:
    """The process's peak resident memory so far (VmHWM), in kB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(name: str, n: int, decider: str) -> dict:
    """One case at size ``n`` under ``decider`` ("rules" or "learned") in this process: seconds (wall and
    CPU) and the peak resident memory the call adds above what the process held before it."""
    from argmap.pipeline import analyze

    options = {"rules_only": True} if decider == "rules" else {"weights": "default"}
    analyze("# Warm up\n\nA sentence. Therefore, another.", name="warmup", **options)  # imports, weights
    make = CASES[name][0]
    text = make(n)
    before = _peak_kb()
    wall, cpu = time.perf_counter(), time.process_time()
    amap = analyze(text, name="bench", **options)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"seconds": wall, "cpu": cpu, "peak_mb": (_peak_kb() - before) / 1024, "nodes": len(amap.nodes),
            "edges": len(amap.edges)}


def measure_apart(name: str, n: int, decider: str) -> dict:
    """``measure`` in a fresh interpreter: each run's peak memory its own."""
    done = subprocess.run([sys.executable, __file__, "--measure", json.dumps([name, n, decider])],
                          capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    return json.loads(done.stdout.strip().splitlines()[-1])


def side_by_side(only: str | None, scale: float) -> list[dict]:
    """Every case under the rules and the learned layer (and the learned layer at half size), each in a
    fresh process: CPU seconds (wall time follows whatever else the machine runs) and peak memory."""
    rows = []
    print(f"{'case':40} {'size':>9} | {'rules s':>8} {'MB':>6} | {'learned s':>9} {'MB':>6} {'half s':>7} "
          f"{'ratio':>5} {'half MB':>7} | {'× time':>6} {'× MB':>6}", flush=True)
    for name, (make, n) in CASES.items():
        if only and only not in name:
            continue
        n = max(2, int(n * scale))
        rules = measure_apart(name, n, "rules")
        learned = measure_apart(name, n, "learned")
        half = measure_apart(name, n // 2, "learned")
        row = {"case": name, "size": n, "rules": rules, "learned": learned, "learned_half": half}
        rows.append(row)
        print(f"{name:40} {n:>9} | {rules['cpu']:>8.2f} {rules['peak_mb']:>6.0f} | {learned['cpu']:>9.2f} "
              f"{learned['peak_mb']:>6.0f} {half['cpu']:>7.2f} {learned['cpu'] / max(half['cpu'], 1e-9):>5.1f} "
              f"{half['peak_mb']:>7.0f} | {learned['cpu'] / max(rules['cpu'], 1e-9):>6.2f} "
              f"{learned['peak_mb'] / max(rules['peak_mb'], 1.0):>6.2f}", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every case's size")
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--learned", action="store_true",
                        help="the rules and the learned layer side by side: seconds and peak memory")
    parser.add_argument("--json", type=Path, help="with --learned: also write the figures here")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # [case, size, decider]: one run, in this process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*json.loads(args.measure))))
        return
    if args.learned:
        rows = side_by_side(args.only, args.scale)
        if args.json:
            args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
        return
    from argmap.pipeline import analyze

    analyze("# Warm up\n\nA sentence.", name="warmup")  # spaCy's import is not the pipeline's time
    print(f"{'case':40} {'size':>9} {'seconds':>9} {'half':>8} {'ratio':>6} {'nodes':>7}")
    for name, (make, n) in CASES.items():
        if args.only and args.only not in name:
            continue
        n = max(2, int(n * args.scale))
        half, _ = run(make, n // 2)
        full, nodes = run(make, n)
        print(f"{name:40} {n:>9} {full:>9.2f} {half:>8.2f} {full / max(half, 1e-9):>6.1f} {nodes:>7}", flush=True)


if __name__ == "__main__":
    main()
