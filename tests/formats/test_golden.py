"""Golden files: every exporter's output on the example brief's map, byte for byte.

The map itself is stored (``tests/golden/kinu-co-24-17.json``) so that these tests follow
the exporters, not the pipeline; it is the example's default map (the shipped weights decide), which
``test_the_stored_map_is_the_default_map_of_the_example`` checks. Refresh everything — the stored map from the pipeline,
then each export — with ``ARGMAP_UPDATE_GOLDEN=1 python -m pytest tests/formats/test_golden.py``
and review the diff.
"""

from __future__ import annotations

import os

import pytest

from argmap.formats import FORMATS, write
from argmap.model import ArgumentMap
from conftest import SEED

GOLDEN = SEED.parent.parent / "tests" / "golden"
STEM = "kinu-co-24-17"
MAP_FILE = GOLDEN / f"{STEM}.json"
UPDATE = os.environ.get("ARGMAP_UPDATE_GOLDEN") == "1"
#: formats whose bytes depend on the installed Graphviz program, tested where they are made
NOT_GOLDEN = {"html": "embeds the SVG Graphviz draws, which changes with the Graphviz version (see test_html.py)"}
TEXT_FORMATS = sorted(set(FORMATS) - set(NOT_GOLDEN))


@pytest.fixture(scope="module")
def stored_map() -> ArgumentMap:
    import json

    if UPDATE:
        import argmap

        GOLDEN.mkdir(parents=True, exist_ok=True)
        MAP_FILE.write_text(write(argmap.analyze(SEED), "json"), encoding="utf-8")
    if not MAP_FILE.exists():
        pytest.fail(f"{MAP_FILE} is missing: create it with ARGMAP_UPDATE_GOLDEN=1")
    return ArgumentMap.from_dict(json.loads(MAP_FILE.read_text(encoding="utf-8")))


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_export_matches_golden(stored_map, fmt):
    path = GOLDEN / f"{STEM}{FORMATS[fmt].suffix}"
    text = write(stored_map, fmt)
    if UPDATE and fmt != "json":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: create it with ARGMAP_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{fmt} export differs from {path.name}; if the change is intended, refresh with ARGMAP_UPDATE_GOLDEN=1"


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_export_is_deterministic_and_ends_with_newline(stored_map, fmt):
    first, second = write(stored_map, fmt), write(ArgumentMap.from_dict(stored_map.to_dict()), fmt)
    assert first == second
    assert first.endswith("\n") and not first.endswith("\n\n")


def test_the_stored_map_is_the_default_map_of_the_example(seed_map):
    """The stored map is what ``argmap analyze`` writes for the example brief by default (the shipped weights
    decide): the golden files show the exports a user gets."""
    import json

    stored = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    assert seed_map.to_dict() == stored, ("the example's default map changed (the rules or the shipped weights): "
                                          "if intended, refresh with ARGMAP_UPDATE_GOLDEN=1 python -m pytest "
                                          "tests/formats/test_golden.py and review the diff")


def test_every_format_has_a_golden_file():
    names = {p.name for p in GOLDEN.iterdir()}
    missing = [fmt for fmt in TEXT_FORMATS if f"{STEM}{FORMATS[fmt].suffix}" not in names]
    assert not missing, f"no golden file for {missing}"
