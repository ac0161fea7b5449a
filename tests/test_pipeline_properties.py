"""Pipeline invariants over generated documents (hypothesis).

For any document built from headings, paragraphs, ordinal cues, discourse markers,
recommendations, footnote markers and bodies, lists, page breaks, inline markup, arbitrary
Unicode and control characters, the map is either refused with ``EmptyInput`` or:

- every node's spans lie inside ``source_text`` and rebuild its text;
- every edge joins two existing nodes, and no node points at itself;
- support edges form no cycle;
- there is one major claim, it has no primary edge, every other node has exactly one,
  and following primary edges from any node reaches the major claim;
- mapping the same input twice gives byte-identical JSON and DOT.
"""

from __future__ import annotations

import json

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.errors import EmptyInput
from argmap.formats.argmap_json import read_json, write_json
from argmap.model import EdgeType, NodeType, text_from_spans
from argmap.pipeline import analyze_document
from argmap.read import read_text
from argmap.formats.dot import write_dot

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = ["budget", "policy", "schools", "roads", "the", "of", "a", "reform", "growth", "Korea", "état", "数据",
         "naïve", "'quoted'", '"said"', "(aside)", "[1]", "*bold*", "_em_", "`code`", "<b>x</b>", "<sup>2)</sup>",
         "[^3]", "¹", "\\N", "&amp;", "http://x.org/a_(b)", "e.g.", "U.S.", "1.5%", "—", "…", "🙂"]
OPENERS = ["", "", "", "First, ", "Second, ", "Third, ", "Finally, ", "However, ", "Therefore, ", "Because ",
           "Nevertheless, ", "For example, ", "Moreover, ", "Although ", "In addition, ", "Thus, ", "But "]
MODALS = ["", "", "", " should", " must", " may", " might", " could"]
CONTROL = st.sampled_from(["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b[31m", "\x1f", "\x7f", "\x85", "\u2028",
                           "\u2029", "\ufeff", "\u200b", "\r", "\t", "\ud800", "\uffff"])
UNICODE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@st.composite
def sentence(draw) -> str:
    words = draw(st.lists(st.one_of(st.sampled_from(WORDS), UNICODE), min_size=1, max_size=10))
    if draw(st.integers(0, 9)) == 0:
        words.insert(draw(st.integers(0, len(words))), draw(CONTROL))
    body = " ".join(words)
    end = draw(st.sampled_from([".", ".", ".", "?", "!", "", ":", ";", ".<sup>1)</sup>", ".[^1]", "[2].", ".¹"]))
    return draw(st.sampled_from(OPENERS)) + "it" + draw(st.sampled_from(MODALS)) + " " + body + end


@st.composite
def block(draw) -> str:
    kind = draw(st.integers(0, 11))
    if kind == 0:
        return "#" * draw(st.integers(1, 6)) + " " + draw(sentence()).rstrip(".")
    if kind == 1:
        return draw(sentence()).rstrip(".") + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind == 2:
        marker = draw(st.sampled_from(["<sup>1)</sup>", "[^1]:", "[^2]:", "1)", "[2]", "¹", "3."]))
        return marker + " " + draw(sentence())
    if kind == 3:
        items = draw(st.lists(sentence(), min_size=1, max_size=5))
        bullets = draw(st.sampled_from(["-", "*", "1.", "a)", "•"]))
        return "\n".join("  " * draw(st.integers(0, 3)) + f"{bullets} {item}" for item in items)
    if kind == 4:
        return draw(st.sampled_from(["---", "***", "* * *", "```\ncode\n```", "| a | b |\n|---|---|", "<!-- c -->",
                                     "© 2024 Institute. All rights reserved.", "Page 2 of 9", "**Bold heading**",
                                     "---\ntitle: T\n---", "> quoted"]))
    if kind == 5:
        return draw(UNICODE)
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=6)))


@st.composite
def document(draw) -> str:
    blocks = draw(st.lists(block(), min_size=1, max_size=12))
    separator = draw(st.sampled_from(["\n\n", "\n\n", "\n", "\r\n\r\n"]))
    return separator.join(blocks)


def analyze_text(text: str):
    return analyze_document(read_text(text, name="generated"), lang="en")


def check_invariants(amap) -> None:
    source = amap.source_text
    ids = [n.id for n in amap.nodes]
    assert len(set(ids)) == len(ids), "node ids are unique"
    for node in amap.nodes:
        assert node.spans, f"{node.id} has spans"
        for a, b in node.spans:
            assert 0 <= a < b <= len(source), (node.id, a, b, len(source))
        assert text_from_spans(source, node.spans) == node.text, node.id
        assert node.text.strip(), f"{node.id} has text"
    known = set(ids)
    for edge in amap.edges:
        assert edge.source in known and edge.target in known, edge
        assert edge.source != edge.target, edge
    support = nx.DiGraph([(e.source, e.target) for e in amap.edges if e.type == EdgeType.SUPPORT])
    assert nx.is_directed_acyclic_graph(support), nx.find_cycle(support)
    majors = [n for n in amap.nodes if n.type == NodeType.MAJOR_CLAIM]
    assert len(majors) == 1
    major = majors[0].id
    parent: dict[str, str] = {}
    for edge in amap.edges:
        if edge.primary:
            assert edge.source not in parent, f"{edge.source} has two primary edges"
            parent[edge.source] = edge.target
    assert major not in parent
    assert set(parent) == known - {major}, "every node but the major claim has a primary edge"
    for node_id in ids:  # the primary edges form a tree rooted at the major claim
        seen = set()
        while node_id != major:
            assert node_id not in seen, f"primary cycle through {node_id}"
            seen.add(node_id)
            node_id = parent[node_id]


@SETTINGS
@given(document())
def test_pipeline_invariants(text):
    try:
        amap = analyze_text(text)
    except EmptyInput:
        return
    check_invariants(amap)
    again = analyze_text(text)
    assert write_json(again) == write_json(amap)
    assert write_dot(again) == write_dot(amap)
    assert read_json(write_json(amap)).to_dict() == amap.to_dict()
    json.loads(write_json(amap).encode("utf-8"))  # valid UTF-8 JSON


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(text):
    """Any string at all: a map that keeps the invariants, or EmptyInput."""
    try:
        amap = analyze_text(text)
    except EmptyInput:
        return
    check_invariants(amap)


@pytest.mark.parametrize("text", [
    "# T\n\nBecause " + " Because ".join(f"reason {i} holds." for i in range(300)),
    "# T\n\n" + "\n\n".join(f"{w}, item {i}." for i, w in enumerate(["Third", "First", "Finally", "Second"] * 20)),
    "# T\n\nA claim.[^1] Another.[^1] A third.[^1]\n\n[^1]: The source.\n\n[^1]: A second note with the same label.",
    "First, a.\n\nSecond, b.\n\nFinally, c.",
    "---\ntitle: \"\"\n---\n\nWe argue that text matters.",
    "# \x1b[31mRed\x1b[0m\n\nText\u2028with\x0bodd\x85separators.",
])
def test_invariants_on_shapes_that_broke_before(text):
    check_invariants(analyze_text(text))
