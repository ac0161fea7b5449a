"""The model's own contracts: spans rebuild texts, the dictionary form round-trips, graphs are scalar."""

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.graph import to_networkx
from argmap.model import ArgumentMap, text_from_spans, unescape_references
from hostile_maps import MARKUP_TEXTS


@pytest.mark.parametrize(
    "source, spans, text",
    [
        ("The massive revenues\n\n1) note\n\ngenerated abroad.", [(0, 20), (31, 48)], "The massive revenues generated abroad."),
        ("Wages unpaid<sup>1)</sup>.", [(0, 12), (25, 26)], "Wages unpaid."),
        ("word<sup>2</sup> continues", [(0, 4), (16, 26)], "word continues"),
        ("  spaced\n  out  ", [(0, 16)], "spaced out"),
        ("a‘b’", [(0, 2), (2, 4)], "a‘b’"),
    ],
)
def test_text_from_spans(source, spans, text):
    assert text_from_spans(source, spans) == text


@pytest.mark.parametrize("reference, read", [
    ("&amp;", "&"), ("&para;", "¶"), ("&#38;", "&"), ("&#x26;", "&"), ("&eacute;", "é"), ("&nosuch;", "&nosuch;"),
])
def test_a_reference_set_apart_in_a_unit_reads_as_in_a_link_target(reference, read):
    """One reader of character references: a unit's text and a link's target read them alike."""
    source = f"R{reference}D"
    spans = [(0, 1), (1, 1 + len(reference)), (1 + len(reference), len(source))]
    assert text_from_spans(source, spans) == unescape_references(source) == f"R{read}D"
    assert unescape_references("?a=1&para=2&amp;b=3") == "?a=1&para=2&b=3"  # only a reference closed by ";"


def test_dict_form_round_trips(seed_map):
    data = seed_map.to_dict()
    again = ArgumentMap.from_dict(json.loads(json.dumps(data)))
    assert again.to_dict() == data


def test_json_shape_is_what_the_scorer_reads(seed_map):
    data = seed_map.to_dict()
    assert {"nodes", "edges", "metadata", "format"} <= set(data)
    assert all({"id", "type", "text", "spans", "section", "paragraph", "rule", "cue"} <= set(n) for n in data["nodes"])
    assert all({"source", "target", "type", "rule", "cue"} <= set(e) for e in data["edges"])


def test_networkx_graph_has_scalar_attributes_only(seed_map):
    graph = to_networkx(seed_map)
    assert graph.number_of_nodes() == len(seed_map.nodes)
    assert graph.number_of_edges() == len(seed_map.edges)
    for _, data in graph.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values())
    for _, _, data in graph.edges(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values())
    from argmap.graph import from_networkx

    back = from_networkx(graph)
    assert [(n.id, n.type, n.text, n.spans, n.section) for n in back.nodes] == [
        (n.id, n.type, n.text, n.spans, n.section) for n in seed_map.nodes
    ]


def test_every_unit_but_the_major_claim_has_one_primary_parent(seed_map):
    primaries = {}
    for edge in seed_map.edges:
        if edge.primary:
            assert edge.source not in primaries
            primaries[edge.source] = edge.target
    assert set(primaries) == {n.id for n in seed_map.nodes} - {seed_map.major_claim.id}


def _naive_parent(amap, node_id):
    return next((e for e in amap.edges if e.source == node_id and e.primary), None)


def test_the_index_answers_as_a_scan_of_the_edges_would(seed_map):
    for node in seed_map.nodes:
        assert seed_map.node(node.id) is node
        assert seed_map.parent_of(node.id) is _naive_parent(seed_map, node.id)
        assert seed_map.children_of(node.id) == [e for e in seed_map.edges if e.target == node.id and e.primary]
        assert seed_map.children_of(node.id, primary_only=False) == [e for e in seed_map.edges if e.target == node.id]
        assert seed_map.out_of(node.id) == [e for e in seed_map.edges if e.source == node.id]
    with pytest.raises(KeyError):
        seed_map.node("no such id")


def test_the_index_follows_the_map_when_it_changes():
    from argmap.model import Edge, EdgeType, Node, NodeType

    amap = ArgumentMap(nodes=[Node("A", NodeType.MAJOR_CLAIM, "a", []), Node("B", NodeType.CLAIM, "b", []),
                              Node("C", NodeType.PREMISE, "c", [])],
                       edges=[Edge("B", "A", EdgeType.SUPPORT)])
    assert amap.parent_of("C") is None
    amap.edges.append(Edge("C", "B", EdgeType.SUPPORT))  # a list grown in place
    assert amap.parent_of("C").target == "B"
    amap.edges[1].target = "A"  # an edge edited in place
    assert amap.parent_of("C").target == "A" and [e.source for e in amap.children_of("A")] == ["B", "C"]
    amap.edges[1].primary = False
    assert amap.parent_of("C") is None and amap.children_of("A", primary_only=False)[1].source == "C"
    amap.nodes[2].id = "D"  # a node renamed
    assert amap.node("D").text == "c"
    amap.edges = []  # a new list
    assert amap.children_of("A") == []
    amap.edges.append(Edge("B", "A", EdgeType.SUPPORT))
    amap.edges[0] = Edge("C", "A", EdgeType.SUPPORT)  # an item replaced: the one change reindex() is for
    assert amap.reindex().parent["C"].target == "A" and amap.parent_of("B") is None


def test_a_map_pickles_without_its_index(seed_map):
    import pickle

    seed_map.parent_of("MC")  # build it
    again = pickle.loads(pickle.dumps(seed_map))
    assert "_index" not in again.__dict__ and again.to_dict() == seed_map.to_dict()


@settings(max_examples=300, deadline=None)
@given(MARKUP_TEXTS, st.data())
def test_text_from_spans_folds_white_space_as_the_regex_did(text, data):
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    out = ""
    previous_end = None
    from argmap.model import needs_space

    for start, end in spans:
        if previous_end is not None and needs_space(text, previous_end, start, end, out):
            out += " "
        out += text[start:end]
        previous_end = end
    assert text_from_spans(text, spans) == re.sub(r"\s+", " ", out).strip()


def test_a_later_value_is_made_once_for_all_and_only_when_first_read():
    from argmap.model import Edge, EdgeType, Later, Node, NodeType

    made = []

    def make():
        made.append(1)
        return [[{"feature": "previous", "weight": 1.5}], []]

    first, second = Later.each(make, 2)
    edge = Edge("S1", "MC", EdgeType.SUPPORT, score=0.9, why=first)
    node = Node("S1", NodeType.PREMISE, "A unit.", [(0, 7)], why=second)
    assert made == []
    assert edge.why == [{"feature": "previous", "weight": 1.5}] and made == [1]
    assert node.why == [] and edge.to_dict()["why"] == [{"feature": "previous", "weight": 1.5}] and made == [1]
    edge.why = [{"feature": "next", "weight": 0.5}]  # set as any field
    assert edge.to_dict()["why"] == [{"feature": "next", "weight": 0.5}]


def test_a_later_value_read_by_many_threads_at_once_is_made_once():
    import threading
    import time

    from argmap.model import Edge, EdgeType, Later

    made = []

    def make():
        made.append(1)
        time.sleep(0.05)  # long enough for every thread to arrive while it is being made
        return [[{"feature": f"f{i}", "weight": 1.0}] for i in range(8)]

    edges = [Edge(f"S{i}", "MC", EdgeType.SUPPORT, why=later) for i, later in enumerate(Later.each(make, 8))]
    start, read, failed = threading.Barrier(8), {}, []

    def reader(i):
        start.wait()
        try:
            read[i] = edges[i].why
        except Exception as exc:  # the test's own failure report
            failed.append(exc)

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failed == [] and made == [1]
    assert read == {i: [{"feature": f"f{i}", "weight": 1.0}] for i in range(8)}
