"""AIF and xAIF: the shape AIFdb/OVA expect, arguebuf reading ours, and import → export round trips."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.formats import write
from argmap.formats.aif import FIXED_TIMESTAMP, aif_dict, aif_timestamp, xaif_dict
from argmap.formats import parse_map, read_map
from argmap.model import ArgumentMap, EdgeType, Metadata, NodeType
from conftest import FIXTURES
from hostile_maps import build_map, hostile_text

NODESET = FIXTURES / "aifdb-nodeset.json"
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


def counts(amap: ArgumentMap) -> tuple[int, int, int]:
    return (len(amap.nodes), sum(e.type == EdgeType.SUPPORT for e in amap.edges),
            sum(e.type == EdgeType.ATTACK for e in amap.edges))


def arguebuf_counts(graph) -> tuple[int, int, int]:
    from arguebuf.model.scheme import Attack, Support

    schemes = [node.scheme for node in graph.scheme_nodes.values()]
    return (len(graph.atom_nodes), sum(isinstance(s, Support) for s in schemes), sum(isinstance(s, Attack) for s in schemes))


def check_aif_block(block: dict) -> None:
    kinds = {n["nodeID"]: n["type"] for n in block["nodes"]}
    assert len(kinds) == len(block["nodes"]), "node ids are unique"
    assert all(isinstance(n["nodeID"], str) and isinstance(n["text"], str) for n in block["nodes"])
    assert all(_STAMP.match(n["timestamp"]) for n in block["nodes"])
    assert len({e["edgeID"] for e in block["edges"]}) == len(block["edges"])
    for edge in block["edges"]:
        assert isinstance(edge["edgeID"], str) and edge["formEdgeID"] is None
        assert edge["fromID"] in kinds and edge["toID"] in kinds
        assert not (kinds[edge["fromID"]] == "I" and kinds[edge["toID"]] == "I"), "I-nodes are never linked directly"
    for nid, kind in kinds.items():
        if kind in ("RA", "CA"):
            assert sum(e["toID"] == nid for e in block["edges"]) == 1
            assert sum(e["fromID"] == nid for e in block["edges"]) == 1


def test_aif_shape_on_the_example(seed_map):
    data = aif_dict(seed_map)
    check_aif_block(data)
    assert sorted(data) == ["argmap", "edges", "locutions", "nodes", "participants"]
    kinds = [n["type"] for n in data["nodes"]]
    assert kinds.count("I") == len(seed_map.nodes)
    assert kinds.count("RA") == counts(seed_map)[1] and kinds.count("CA") == counts(seed_map)[2]
    assert {n["text"] for n in data["nodes"] if n["type"] == "RA"} == {"Default Inference"}
    roles = data["argmap"]["nodes"]
    assert [roles[n["nodeID"]]["type"] for n in data["nodes"] if n["type"] == "I"] == [str(n.type) for n in seed_map.nodes]


def test_xaif_envelope_on_the_example(seed_map):
    data = xaif_dict(seed_map)
    assert sorted(data) == ["AIF", "OVA", "argmap", "text"]
    assert data["text"] == seed_map.source_text
    check_aif_block(data["AIF"])
    schemes = {f["nodeID"]: f["schemeID"] for f in data["AIF"]["schemefulfillments"]}
    s_nodes = {n["nodeID"]: n["type"] for n in data["AIF"]["nodes"] if n["type"] in ("RA", "CA")}
    assert schemes == {nid: ("72" if kind == "RA" else "71") for nid, kind in s_nodes.items()}
    assert {n["nodeID"] for n in data["OVA"]["nodes"]} == {n["nodeID"] for n in data["AIF"]["nodes"]}
    major = next(n for n in data["OVA"]["nodes"] if n["nodeID"] == "1")
    assert major["y"] == min(n["y"] for n in data["OVA"]["nodes"]), "the major claim is drawn on top"


@pytest.mark.parametrize(("date", "stamp"), [
    ("2024-02-22", "2024-02-22 00:00:00"),
    ("2024-02", "2024-02-01 00:00:00"),
    (None, FIXED_TIMESTAMP),
    ("22 February 2024", FIXED_TIMESTAMP),
    ("2024-13-40", FIXED_TIMESTAMP),
])
def test_timestamp_is_the_documents_date_or_fixed(date, stamp):
    amap = build_map(["a", "b"])
    amap.metadata = Metadata(date=date)
    assert aif_timestamp(amap) == stamp
    assert {n["timestamp"] for n in aif_dict(amap)["nodes"]} == {stamp}


@pytest.mark.parametrize("fmt", ["aif", "xaif"])
def test_our_aif_round_trips_byte_for_byte(seed_map, fmt):
    text = write(seed_map, fmt)
    again = parse_map(text, name=f"x.{fmt}.json")
    assert write(again, fmt) == text
    assert [n.to_dict() for n in again.nodes] == [n.to_dict() for n in seed_map.nodes]
    assert [e.to_dict() for e in again.edges] == [e.to_dict() for e in seed_map.edges]


def test_aifdb_nodeset_import_keeps_i_nodes_and_turns_schemes_into_edges():
    amap = read_map(NODESET)
    assert [n.id for n in amap.nodes] == ["501", "504", "510", "513", "515", "517"], "L, YA, TA, PA nodes are left out"
    edges = {(e.source, e.target, str(e.type), e.rule) for e in amap.edges}
    assert edges == {
        ("504", "501", "support", "aif-inference"),
        ("510", "501", "attack", "aif-conflict"),
        ("513", "501", "attack", "aif-undercut"),
        ("515", "504", "support", "aif-inference"),
        ("517", "515", "support", "aif-rephrase"),
    }
    assert amap.major_claim.id == "501", "the node that supports nothing heads the map"
    assert [n.type for n in amap.nodes if n.id in ("504", "515")] == [NodeType.CLAIM, NodeType.CLAIM]
    assert all(e.primary for e in amap.edges) and len(amap.edges) == len(amap.nodes) - 1


def test_aifdb_import_export_import_is_stable():
    first = read_map(NODESET)
    text = write(first, "aif")
    second = parse_map(text)
    assert [n.to_dict() for n in second.nodes] == [n.to_dict() for n in first.nodes]
    assert [e.to_dict() for e in second.edges] == [e.to_dict() for e in first.edges]
    assert write(second, "aif") == text


def test_major_claim_is_the_root_with_the_largest_tree():
    data = {"nodes": [{"nodeID": i, "text": t, "type": "I"} for i, t in (("a", "A"), ("b", "B"), ("c", "C"), ("d", "D"))]
                     + [{"nodeID": "r1", "text": "", "type": "RA"}, {"nodeID": "r2", "text": "", "type": "RA"}],
            "edges": [{"edgeID": "1", "fromID": "b", "toID": "r1"}, {"edgeID": "2", "fromID": "r1", "toID": "c"},
                      {"edgeID": "3", "fromID": "d", "toID": "r2"}, {"edgeID": "4", "fromID": "r2", "toID": "c"}],
            "locutions": []}
    amap = parse_map(json.dumps(data))
    assert amap.major_claim.id == "c"
    assert {n.id: str(n.type) for n in amap.nodes}["a"] == "premise"


def test_xaif_text_gives_spans():
    data = {"AIF": {"nodes": [{"nodeID": "1", "text": "Taxes should rise", "type": "I"}], "edges": []},
            "text": "We argue. Taxes should rise because schools need money."}
    amap = parse_map(json.dumps(data))
    node = amap.nodes[0]
    assert node.spans == [(10, 27)] and amap.source_text[10:27] == node.text


@pytest.mark.parametrize("text", ["{}", '{"nodes": [], "edges": []}', '{"nodes": [{"nodeID": "1"}]}', "[1, 2]"])
def test_what_is_not_aif_is_refused(text):
    from argmap.errors import InputError

    with pytest.raises(InputError):
        parse_map(text)


# --- the real reader -------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["aif", "xaif"])
def test_arguebuf_reads_our_export_with_the_same_counts(seed_map, seed_rules_map, fmt, tmp_path):
    arguebuf = pytest.importorskip("arguebuf", reason="arguebuf is installed by the test extra")
    assert counts(seed_rules_map) == (41, 40, 1)  # the rules' map has an attack: a CA node is written
    for amap in (seed_map, seed_rules_map):
        text = write(amap, fmt)
        graph = arguebuf.load.xaif(json.loads(text)) if fmt == "xaif" else arguebuf.load.file(_write(tmp_path, "m.json", text))
        assert arguebuf_counts(graph) == counts(amap)
        assert sorted(n.plain_text for n in graph.atom_nodes.values()) == sorted(n.text for n in amap.nodes)


def test_arguebuf_reads_an_imported_aifdb_nodeset_after_export(tmp_path):
    arguebuf = pytest.importorskip("arguebuf", reason="arguebuf is installed by the test extra")
    amap = read_map(NODESET)
    graph = arguebuf.load.file(_write(tmp_path, "n.json", write(amap, "aif")))
    assert arguebuf_counts(graph) == counts(amap) == (6, 3, 2)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile_text(), min_size=3, max_size=6))
def test_hostile_text_survives_aif_and_xaif(texts):
    arguebuf = pytest.importorskip("arguebuf", reason="arguebuf is installed by the test extra")
    amap = build_map(texts)
    for fmt in ("aif", "xaif"):
        text = write(amap, fmt)
        back = parse_map(text)
        assert [n.text for n in back.nodes] == [n.text for n in amap.nodes]
        assert write(back, fmt) == text
        data = json.loads(text)
        graph = arguebuf.load.xaif(data) if fmt == "xaif" else arguebuf.load.dict(data)
        assert arguebuf_counts(graph) == counts(amap)
        assert sorted(n.plain_text for n in graph.atom_nodes.values()) == sorted(n.text for n in amap.nodes)


def _write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
