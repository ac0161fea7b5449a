"""The two briefs the rules were first written against are mapped and compared with their reference maps.

They are regression gates for those two briefs only: the rest of the reference corpus is measured
pooled, per split, by ``argmap evaluate corpora`` (tests/evaluate/test_corpus.py, tests/evaluate/test_evaluate.py), never
gated brief by brief, so that no rule is fitted to one document.

Texts are compared exactly (after white space is folded): the reference maps hold the units'
cleaned texts, so a unit that is cut, glued or left with a marker does not match.
"""

import json
import re

import pytest

import argmap
from conftest import CORPORA

GOLDS = [CORPORA / "kinu-co-24-17.gold.json", CORPORA / "crs-if10165-south-korea.gold.json"]
#: the floor each figure must stay at or above, per reference map (a regression gate)
FLOORS = {"unit_f1": 0.95, "type_accuracy": 0.90, "edge_f1": 0.70, "attachment": 0.75}
#: maps whose brief the pipeline reads less well yet: their own floors, recorded when they were added and
#: lowered only where a change that gains on the reference corpus's dev split costs this map (each time said below)
MAP_FLOORS = {
    # edge and attachment recorded again when a sentence that points back ("These issues …") came to serve the
    # sentence before it: two such sentences here serve their paragraph's first one in the reference map (one
    # attachment of 85 lost), while the reference corpus's dev split gains (attachment .507 -> .515)
    "crs-if10165-south-korea.gold.json": {"unit_f1": 0.94, "type_accuracy": 0.92, "edge_f1": 0.52, "attachment": 0.54},
}


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def compare(gold: dict, amap) -> dict:
    by_text = {fold(n.text): n for n in amap.nodes}
    matched = {u["id"]: by_text[fold(u["text"])] for u in gold["units"] if fold(u["text"]) in by_text}
    to_gold = {node.id: gid for gid, node in matched.items()}
    gold_edges = {(u["id"], u["parent"], u["relation"]) for u in gold["units"] if u.get("parent")}
    gold_edges |= {(e["source"], e["target"], e["relation"]) for e in gold.get("extra_edges", [])}
    pred_edges = {(to_gold.get(e.source), to_gold.get(e.target), str(e.type)) for e in amap.edges}
    hits = len(gold_edges & pred_edges)
    f1 = lambda tp, p, g: 2 * tp / (p + g) if p + g else 1.0  # noqa: E731
    parents = [u for u in gold["units"] if u.get("parent")]
    return {
        "unit_f1": f1(len(matched), len(amap.nodes), len(gold["units"])),
        "type_accuracy": sum(str(matched[g["id"]].type) == g["type"] for g in gold["units"] if g["id"] in matched) / max(1, len(matched)),
        "edge_f1": f1(hits, len(amap.edges), len(gold_edges)),
        "attachment": sum((u["id"], u["parent"]) in {(s, t) for s, t, _ in pred_edges} for u in parents) / max(1, len(parents)),
    }


@pytest.mark.parametrize("gold_path", GOLDS, ids=[p.name for p in GOLDS])
def test_reference_map(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    source = CORPORA / gold["document"]
    amap = argmap.analyze(source)
    scores = compare(gold, amap)
    for key, floor in MAP_FLOORS.get(gold_path.name, FLOORS).items():
        assert scores[key] >= floor, (key, scores)
    for key, value in gold.get("metadata", {}).items():
        assert amap.metadata.to_dict().get(key) == value, key


def test_there_is_a_reference_map():
    assert GOLDS, "corpora/ should hold at least the example brief's reference map"
