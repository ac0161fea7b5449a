"""Every readable format reads back what it wrote, as far as the format carries it (write → parse_map).

What each format carries: the JSON formats and GraphML the whole map; Argdown ids, types, hedges,
texts on one line, sections, metadata and every relation (folded evidence with new ids); a Mermaid
flowchart ids, types, hedges, texts, cues, first-level sections and every relation; the outline
ids, types, hedges, texts, the title and every relation. None of the text formats holds spans.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.errors import InputError
from argmap.formats import FORMATS, READABLE, parse_map, sniff_map_format, write
from argmap.model import EdgeType, NodeType
from hostile_maps import build_map, fold, hostile_text

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT_FORMATS = ("argdown", "mermaid", "outline")


def test_the_text_formats_are_readable():
    assert set(TEXT_FORMATS) <= set(READABLE)
    assert all(FORMATS[f].read is not None for f in READABLE)


def nodes_of(amap, fmt):
    """(id, type, hedged, text) of each node, ids of folded evidence left out for Argdown."""
    folded = fmt == "argdown"
    return sorted(("" if folded and n.type == NodeType.EVIDENCE else n.id, n.type, n.hedged, fold(n.text))
                  for n in amap.nodes)


def edges_of(amap, fmt):
    """(source, target, type, primary) by the texts of the ends where ids are not carried."""
    key = {n.id: (fold(n.text) if fmt == "argdown" and n.type == NodeType.EVIDENCE else n.id) for n in amap.nodes}
    return sorted((key[e.source], key[e.target], e.type, e.primary) for e in amap.edges)


@pytest.mark.parametrize("fmt", READABLE)
def test_each_format_is_sniffed_as_itself(seed_map, fmt):
    assert sniff_map_format(write(seed_map, fmt), None if fmt in TEXT_FORMATS + ("graphml",) else __import__("json").loads(
        write(seed_map, fmt))) == fmt


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_the_example_reads_back(seed_map, fmt):
    again = parse_map(write(seed_map, fmt))
    assert again.source_format == fmt
    if fmt == "mermaid":  # the flowchart cuts long evidence: compare what it shows
        shown = {n.id: n for n in again.nodes}
        assert sorted((n.id, n.type) for n in again.nodes) == sorted((n.id, n.type) for n in seed_map.nodes)
        assert all(fold(n.text).startswith(fold(shown[n.id].text).rstrip("…")) for n in seed_map.nodes)
    else:
        assert nodes_of(again, fmt) == nodes_of(seed_map, fmt)
    assert edges_of(again, fmt) == edges_of(seed_map, fmt)


@SETTINGS
@given(st.lists(hostile_text(), min_size=3, max_size=6), st.sampled_from(TEXT_FORMATS))
def test_hostile_text_reads_back(texts, fmt):
    amap = build_map(texts)
    again = parse_map(write(amap, fmt))
    assert nodes_of(again, fmt) == nodes_of(amap, fmt)
    assert edges_of(again, fmt) == edges_of(amap, fmt)
    if fmt == "mermaid":
        assert [e.cue and fold(e.cue) for e in again.edges] == [e.cue and fold(e.cue) for e in amap.edges]
        sections = {n.id: n.section for n in again.nodes}
        for node in amap.nodes:
            if node.section and node.type not in (NodeType.MAJOR_CLAIM, NodeType.RECOMMENDATION):
                assert sections[node.id] == (fold(node.section[0]),)
    if fmt == "argdown":
        assert again.metadata.title == amap.metadata.title and again.metadata.author == amap.metadata.author
        assert again.name == amap.name
    if fmt == "outline":
        assert again.metadata.title == fold(amap.metadata.title)


def test_a_hand_written_argdown_map_is_read():
    amap = parse_map("// costs\n\n[Fees]: The city should charge a fee. #recommendation\n"
                     "  <+ [Jams]: Traffic jams cost the city money.\n"
                     "  <- <Fairness>: A fee hits the poor hardest.\n"
                     "    <+ [Studies]: Studies show it. #evidence\n")
    kinds = {n.id: n.type for n in amap.nodes}
    assert kinds == {"Fees": NodeType.RECOMMENDATION, "Jams": NodeType.PREMISE, "Fairness": NodeType.PREMISE,
                     "Studies": NodeType.EVIDENCE}
    assert sorted((e.source, e.target, e.type) for e in amap.edges) == [
        ("Fairness", "Fees", EdgeType.ATTACK), ("Jams", "Fees", EdgeType.SUPPORT), ("Studies", "Fairness", EdgeType.SUPPORT)]


def test_a_hand_written_flowchart_is_read():
    amap = parse_map("%% a sketch\nflowchart LR\n  A[Cats are calm] --> B((We should adopt one))\n"
                     "  C(They shed) -.-x|but| B\n  class B recommendation\n")
    assert {n.id: (n.type, n.text) for n in amap.nodes} == {
        "A": (NodeType.PREMISE, "Cats are calm"), "B": (NodeType.RECOMMENDATION, "We should adopt one"),
        "C": (NodeType.PREMISE, "They shed")}
    assert [(e.source, e.target, e.type, e.primary, e.cue) for e in amap.edges] == [
        ("A", "B", EdgeType.SUPPORT, True, None), ("C", "B", EdgeType.ATTACK, False, "but")]


@pytest.mark.parametrize("text, message", [
    ("===\ntitle: \"x\"\n[A]: a\n", "front matter"),
    ("flowchart LR\n  A[never closed --> B\n", None),
])
def test_broken_text_maps_are_clear_errors_or_partial_maps(text, message):
    if message:
        with pytest.raises(InputError, match=message):
            parse_map(text, name="broken")
    else:
        assert parse_map(text).nodes  # what can be read is read


def test_markdown_that_is_not_an_outline_is_not_a_map():
    assert sniff_map_format("# A brief\n\nSome text.\n\n- a list item\n") is None
