"""Shared fixtures: the repository's corpora and, when present, the read-only ../shared folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays the same examples every run (a failure there is reproducible, never a coin toss);
# a developer's run explores new ones. ARGMAP_HYPOTHESIS=explore|ci overrides.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("ARGMAP_HYPOTHESIS") or ("ci" if os.environ.get("CI") else "explore"))

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("ARGMAP_SHARED") or ROOT.parent / "shared")
SEED = CORPORA / "kinu-co-24-17.md"
#: the smallest brief that maps: a heading, a claim, a recommendation
BRIEF = "# Budgets decide\n\nTherefore, budgets decide policy. The state should publish them.\n"


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or a skip saying why it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is only present in the project's own checkouts and CI)")
    return path


def long_brief(sections: int, paragraphs: int) -> str:
    """A report of ``sections`` sections, each with ``paragraphs`` paragraphs of three sentences."""
    out = ["# Harbours need a national plan", ""]
    for s in range(1, sections + 1):
        out += [f"## Finding {s}: berth capacity in region {s}", ""]
        for p in range(1, paragraphs + 1):
            out += [f"Region {s} handled {p * 7} more ships in year {p}. Its berths date from decade {p}. "
                    f"Therefore, region {s} needs new berths by plan {p}.", ""]
    out += ["## Recommendations", "", "The ministry should fund a national berth plan.", ""]
    return "\n".join(out)


@pytest.fixture(scope="session")
def seed_map():
    """The example brief's map as ``argmap.analyze`` makes it by default (the shipped weights decide)."""
    import argmap

    return argmap.analyze(SEED)


@pytest.fixture(scope="session")
def seed_rules_map():
    """The example brief's map by the rules alone (``rules_only=True``): for tests of what the rules do."""
    import argmap

    return argmap.analyze(SEED, rules_only=True)


needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot program is not installed")


def set_aside_by_kind(document) -> dict[str, list[str]]:
    """A cleaned document's set-aside texts, grouped by their kind."""
    out: dict[str, list[str]] = {}
    for item in document.set_aside:
        out.setdefault(item["kind"], []).append(item["text"])
    return out


def body_text(document) -> str:
    """A cleaned document's blocks, joined: the text that goes on to segmentation."""
    return " ".join(b.text(document.text) for b in document.blocks)


#: what schema 4 had that schema 5 has not: spans as table rows with two indexes, and an edge index by target
STORE_SCHEMA_4 = """
CREATE TABLE provenance_4 (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    node_id      TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    PRIMARY KEY (document_id, node_id, seq)
);
INSERT INTO provenance_4 SELECT document_id, node_id, seq, start, end FROM provenance;
DROP TABLE provenance;
ALTER TABLE provenance_4 RENAME TO provenance;
CREATE INDEX provenance_spans ON provenance(document_id, node_id, start, end);
CREATE INDEX edges_target ON edges(document_id, target);
PRAGMA user_version = 4;
"""


def as_store_schema_4(db: Path) -> None:
    """Give a store written by this argmap the tables and indexes of schema 4 (as argmap wrote it before)."""
    import sqlite3

    conn = sqlite3.connect(db)
    conn.executescript(STORE_SCHEMA_4)
    conn.close()
