"""Time the pipeline on pathological inputs and print the results (no assertions).

Run from the repository root: ``python benchmarks/pathological.py [--scale 1.0] [--only NAME]``.
Each case is also run at half size, so that the printed ratio shows whether the time grows
linearly (a ratio near 2) or worse (near 4 for quadratic).
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every case's size")
    parser.add_argument("--only", help="run the cases whose name contains this")
    args = parser.parse_args()
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
