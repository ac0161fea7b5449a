"""GraphML and node-link JSON: networkx reads back exactly the graph ``to_networkx(amap)`` gives."""

from __future__ import annotations

import io
import json

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.graph import to_networkx
from argmap.formats import write
from argmap.formats import parse_map
from hostile_maps import build_map, hostile_text


def same_graph(read, original) -> None:
    assert dict(read.nodes(data=True)) == dict(original.nodes(data=True))
    assert sorted(read.edges(data=True)) == sorted(original.edges(data=True))
    assert {k: v for k, v in read.graph.items() if k not in ("node_default", "edge_default")} == original.graph


def test_graphml_reads_back_equal(seed_map):
    text = write(seed_map, "graphml")
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<graphml"), text[:80]
    same_graph(nx.read_graphml(io.BytesIO(text.encode("utf-8"))), to_networkx(seed_map))


def test_node_link_reads_back_equal(seed_map):
    data = json.loads(write(seed_map, "nodelink"))
    assert "edges" in data and "links" not in data
    same_graph(nx.node_link_graph(data, edges="edges"), to_networkx(seed_map))


def test_graphml_and_node_link_import_back_to_the_same_map(seed_map):
    for fmt in ("graphml", "nodelink"):
        again = parse_map(write(seed_map, fmt))
        assert [n.to_dict() for n in again.nodes] == [n.to_dict() for n in seed_map.nodes]
        assert sorted(map(str, (e.to_dict() for e in again.edges))) == sorted(map(str, (e.to_dict() for e in seed_map.edges)))


def test_control_characters_do_not_break_graphml():
    amap = build_map(["bell\x07 and nul\x00", "form\x0cfeed", "ok"])
    graph = nx.read_graphml(io.BytesIO(write(amap, "graphml").encode("utf-8")))
    assert graph.nodes["H1"]["text"] == "bell\ufffd and nul\ufffd"
    assert graph.nodes["H2"]["text"] == "form\ufffdfeed"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile_text(), min_size=3, max_size=6))
def test_hostile_text_survives_graphml_and_node_link(texts):
    amap = build_map(texts)
    original = to_networkx(amap)
    same_graph(nx.read_graphml(io.BytesIO(write(amap, "graphml").encode("utf-8"))), original)
    same_graph(nx.node_link_graph(json.loads(write(amap, "nodelink")), edges="edges"), original)
