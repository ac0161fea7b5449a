"""Generated briefs for the corpus benchmarks, made from the project's own corpora/ texts only.

Each brief is a title, a few sections with headings, and paragraphs drawn (seeded, so every run
makes the same corpus) from the redistributable briefs in ``corpora/``; lengths vary from short
notes to long reports, as a real series does. No copyrighted text is used.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "corpora").glob("*.md"))
SOURCES = [p for p in SOURCES if p.name != "README.md"]
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def _pieces() -> tuple[list[str], list[str]]:
    """The paragraphs (prose of some length) and the section headings of the corpus texts."""
    paragraphs: list[str] = []
    headings: list[str] = []
    for path in SOURCES:
        text = _FRONT_MATTER.sub("", path.read_text(encoding="utf-8"))
        for block in re.split(r"\n\s*\n", text):
            block = block.strip()
            if block.startswith("#"):
                headings.append(block.lstrip("#").strip())
            elif len(block.split()) >= 25 and not block.startswith(("|", "<", "---")):
                paragraphs.append(block)
    return paragraphs, headings or ["Background", "Analysis", "Recommendations"]


def make_briefs(folder: Path, count: int, *, seed: int = 15, words: tuple[int, int] = (600, 9000)) -> int:
    """Write ``count`` briefs into ``folder`` (``brief-0001.md`` …); returns their total word count.

    A brief's length is drawn log-uniformly between ``words`` (short notes are common, long
    reports rarer but heavy), so that the work per document varies as in a real corpus.
    """
    paragraphs, headings = _pieces()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    low, high = words
    for index in range(1, count + 1):
        target = int(low * (high / low) ** rng.random())
        parts = [f"# {rng.choice(headings)}: brief {index}", ""]
        size = 0
        while size < target:
            parts += [f"## {rng.choice(headings)}", ""]
            for _ in range(rng.randint(2, 6)):
                paragraph = rng.choice(paragraphs)
                parts += [paragraph, ""]
                size += len(paragraph.split())
        text = "\n".join(parts)
        (folder / f"brief-{index:04d}.md").write_text(text, encoding="utf-8")
        total += len(text.split())
    return total
