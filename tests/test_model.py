"""The model's own contracts: spans rebuild texts, the dictionary form round-trips, graphs are scalar."""

import json

import pytest

from argmap.graph import to_networkx
from argmap.model import ArgumentMap, text_from_spans


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
