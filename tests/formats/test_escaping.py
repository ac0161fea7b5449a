"""Document text is data in every output: hostile strings survive JSON, DOT and GraphML unchanged.

Each property builds a map whose texts, title, sections, cues and ids are arbitrary text
(quotes, brackets, backslashes, markup, DOT escapes, Unicode, control characters) and reads
the output back with the format's own reader: ``json``, Graphviz's ``dot`` (the label text in
the SVG it draws) and networkx's GraphML reader.
"""

from __future__ import annotations

import io
import json
import subprocess
import xml.etree.ElementTree as ET

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.formats.argmap_json import read_json, write_json
from argmap.graph import from_networkx, to_networkx, xml_safe
from argmap.model import ArgumentMap, Edge, EdgeType, Metadata, Node, NodeType
from argmap.read import scrub
from argmap.formats.dot import LABEL_CHARS, write_dot

from conftest import needs_dot

HOSTILE = st.sampled_from([
    '"', "'", "\\", "\\N", "\\G", "\\n", "\\l", "\\\\", "<", ">", "&", "&amp;", "<b>x</b>", "<<b>>", "<script>alert(1)</script>",
    "{", "}", "[", "]", "[Title]:", "<Arg>", "->", "--", ";", "#", "//", "/*", "*/", "]]>", "<![CDATA[", "$", "%", "`",
    "|", "@", "é", "数据", "🙂", "\u200b", "\u202e", "\ufeff", "\u00a0", " ", "  ",
])
#: what the pipeline can put in a node's text: no control characters (reading scrubs them)
TEXT = st.lists(st.one_of(HOSTILE, st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8)),
                min_size=1, max_size=12).map(lambda parts: " ".join("".join(parts).split()) or "x")
#: anything at all, for the formats that must carry every string
ANY = st.text(max_size=40)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def make_map(texts: list[str], *, title: str = "T", cue: str | None = None, section: str = "S",
             ids: list[str] | None = None) -> ArgumentMap:
    ids = ids or ["MC"] + [f"S{i}" for i in range(1, len(texts))]
    types = [NodeType.MAJOR_CLAIM] + [NodeType.CLAIM, NodeType.PREMISE, NodeType.RECOMMENDATION][: max(0, len(texts) - 1)]
    types += [NodeType.PREMISE] * (len(texts) - len(types))
    nodes = [Node(id=i, type=t, text=x, spans=[], section=(section,) if t != NodeType.MAJOR_CLAIM else (), rule="r",
                  cue=cue) for i, t, x in zip(ids, types, texts)]
    edges = [Edge(ids[k], ids[0], EdgeType.ATTACK if k % 2 else EdgeType.SUPPORT, rule="r", cue=cue)
             for k in range(1, len(texts))]
    return ArgumentMap(nodes=nodes, edges=edges, metadata=Metadata(title=title), source_text=" ".join(texts),
                       name=title)


# --- JSON -------------------------------------------------------------------------------
@SETTINGS
@given(st.lists(ANY, min_size=1, max_size=4), ANY, st.one_of(st.none(), ANY))
def test_json_carries_any_text(texts, title, cue):
    amap = make_map(texts, title=title, cue=cue)
    out = write_json(amap)
    data = json.loads(out.encode("utf-8").decode("utf-8"))  # valid UTF-8, even for lone surrogates
    assert [n["text"] for n in data["nodes"]] == texts
    assert data["metadata"]["title"] == title
    assert read_json(out).to_dict() == amap.to_dict()


def test_json_lone_surrogate_is_escaped_not_lost():
    out = write_json(make_map(["a \ud800 b"]))
    assert "\\ud800" in out
    assert json.loads(out)["nodes"][0]["text"] == "a \ud800 b"


# --- GraphML ------------------------------------------------------------------------------
def graphml_roundtrip(amap: ArgumentMap) -> ArgumentMap:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(amap), buffer)
    return from_networkx(nx.read_graphml(io.BytesIO(buffer.getvalue())))


@SETTINGS
@given(st.lists(TEXT, min_size=1, max_size=4), TEXT, st.one_of(st.none(), TEXT))
def test_graphml_carries_document_text(texts, title, cue):
    back = graphml_roundtrip(make_map(texts, title=title, cue=cue))
    assert [n.text for n in back.nodes] == texts
    assert back.metadata.title == title
    assert {e.cue for e in back.edges} <= {cue}


@SETTINGS
@given(st.lists(ANY, min_size=1, max_size=4), ANY)
def test_graphml_is_written_for_any_text(texts, title):
    """Characters XML cannot hold become U+FFFD; everything else comes back as it was."""
    back = graphml_roundtrip(make_map(texts, title=title))
    assert [n.text for n in back.nodes] == [xml_safe(t) for t in texts]
    assert back.metadata.title == xml_safe(title)


def test_scrubbed_text_needs_no_xml_replacement():
    hostile = "".join(chr(c) for c in range(0, 0x20)) + "\x7f\x85\u2028\ud800\ufffe\uffff"
    assert xml_safe(scrub(hostile)) == scrub(hostile)


# --- DOT ------------------------------------------------------------------------------------
def svg_labels(dot_source: str) -> dict[str, list[str]]:
    """Node title -> the lines of text Graphviz drew in its box."""
    svg = subprocess.run(["dot", "-Tsvg"], input=dot_source.encode("utf-8"), capture_output=True, check=True).stdout
    ns = {"s": "http://www.w3.org/2000/svg"}
    labels = {}
    for group in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}g"):
        if group.get("class") != "node":
            continue
        title = group.find("s:title", ns).text
        labels[title] = [t.text or "" for t in group.iter("{http://www.w3.org/2000/svg}text")]
    return labels


def _squash(text: str) -> str:
    return "".join(text.split())


@needs_dot
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=3), TEXT, TEXT)
def test_dot_labels_show_the_text_as_it_is(texts, title, cue):
    amap = make_map(texts, title=title, cue=cue, section=title)
    labels = svg_labels(write_dot(amap))
    for node in amap.nodes:
        drawn = labels[node.id]
        assert drawn[0].startswith(node.id)
        assert _squash("".join(drawn[1:])) == _squash(node.text[:LABEL_CHARS])


def test_dot_title_and_section_are_never_html_labels():
    """str(graphviz.escape(...)) lost the no-HTML mark: '<b>x</b>' became an HTML-like label."""
    amap = make_map(["<b>x</b>", "<i>y</i>"], title="<b>title</b>", section="<u>section</u>", cue="<s>cue</s>")
    source = write_dot(amap)
    assert 'label="<b>title</b>"' in source
    assert 'label="<u>section</u>"' in source
    assert 'label="<s>cue</s>"' in source
    assert "label=<" not in source


def test_dot_ampersand_is_literal():
    """Graphviz reads entities in any label: '&amp;' in a document must not be drawn as '&'."""
    assert "&amp;amp;" in write_dot(make_map(["a &amp; b"]))


def test_dot_backslash_escapes_stay_literal():
    source = write_dot(make_map(["a \\N b \\G c", "\\"]))
    assert "\\\\N" in source and "\\\\G" in source


@needs_dot
def test_dot_hostile_map_draws():
    amap = make_map(['He said "no" \\', "<<b>>", "{ } [ ] -> -- ;", "\\N"], title="<script>x</script>", cue='"')
    labels = svg_labels(write_dot(amap))
    assert "".join(labels["S1"][1:]) == "<<b>>"
    assert _squash("".join(labels["S2"][1:])) == _squash("{ } [ ] -> -- ;")
    assert "".join(labels["S3"][1:]) == "\\N"
    assert "".join(labels["MC"][1:]) == 'He said "no" \\'


def test_long_label_is_cut_in_the_box_only():
    amap = make_map(["word " * 2000])
    source = write_dot(amap)
    assert "…" in source and len(source) < 10_000
    assert json.loads(write_json(amap))["nodes"][0]["text"] == "word " * 2000
