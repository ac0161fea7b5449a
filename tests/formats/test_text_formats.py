"""Mermaid, the Markdown outline and DOT: each read back by a reader of its own kind."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.formats import write
from argmap.formats.mermaid import mermaid_ids
from argmap.formats.outline import footnote_labels
from argmap.model import ArgumentMap, NodeType
from conftest import needs_dot
from format_readers import mermaid_label
from hostile_maps import build_map, fold, hostile_text

HOSTILE = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- Mermaid ------------------------------------------------------------------------------------
# A strict reader of the subset of flowchart syntax we write: every line must be one of these.
_NODE = re.compile(r'^\s*(\w+)(\["|\("|\[/"|\{\{")([^"]*)("\]|"\)|"/\]|"\}\})$')
_EDGE = re.compile(r'^\s*(\w+) (-->|--x|-\.->|-\.-x)(\|"[^"]*"\|)? (\w+)$')
_OTHER = [re.compile(p) for p in (r"^flowchart BT$", r'^\s*subgraph \w+\["[^"]*"\]$', r"^\s*end$",
                                  r"^\s*classDef \w+ [\w#:,.-]+$", r"^\s*class [\w,]+ \w+$", r"^\s*linkStyle [\d,]+ \S+$")]
_ENTITY = {"#quot;": '"', "#35;": "#", "#37;": "%", "#lt;": "<", "#gt;": ">", "#amp;": "&", "#96;": "`", "#92;": "\\"}
_MERMAID_KEYWORDS = {"end", "graph", "subgraph", "style", "class", "classdef", "click", "linkstyle", "flowchart"}


def read_mermaid(text: str):
    nodes, edges = {}, []
    for line in text.splitlines():
        if match := _NODE.match(line):
            label = match.group(3)
            assert all(label[i:].startswith(tuple(_ENTITY)) for i, ch in enumerate(label) if ch == "#"), label
            label = label.replace("<b>", "").replace("</b>", "").replace("<br/>", " · ", 1).replace("<br/>", " ")
            nodes[match.group(1)] = re.sub("|".join(map(re.escape, _ENTITY)), lambda m: _ENTITY[m.group()], label)
        elif match := _EDGE.match(line):
            edges.append((match.group(1), match.group(2), match.group(4)))
        else:
            assert any(p.match(line) for p in _OTHER), f"not flowchart syntax: {line!r}"
    assert not {n.lower() for n in nodes} & _MERMAID_KEYWORDS
    return nodes, edges


def check_mermaid(amap: ArgumentMap) -> None:
    ids = mermaid_ids(amap)
    nodes, edges = read_mermaid(write(amap, "mermaid"))
    assert set(nodes) == set(ids.values())
    for node in amap.nodes:
        assert nodes[ids[node.id]] == mermaid_label(node)
    arrows = {("support", True): "-->", ("attack", True): "--x", ("support", False): "-.->", ("attack", False): "-.-x"}
    assert sorted(edges) == sorted((ids[e.source], arrows[(str(e.type), e.primary)], ids[e.target]) for e in amap.edges)


def test_mermaid_on_the_example(seed_map, seed_rules_map):
    check_mermaid(seed_map)
    for amap in (seed_map, seed_rules_map):
        text = write(amap, "mermaid")
        assert text.count("subgraph ") == len({n.section[0] for n in amap.nodes if n.section and n.type not in
                                               (NodeType.MAJOR_CLAIM, NodeType.RECOMMENDATION)})
    # the rules read "Nevertheless" as an attack: drawn dotted, crossed and red
    text = write(seed_rules_map, "mermaid")
    assert re.search(r"^  S24 -\.-x\|\"Nevertheless\"\| S23$", text, re.M) and "linkStyle 40 stroke:#cc0000" in text


def test_mermaid_replaces_unsafe_ids():
    amap = build_map(["a", "b"])
    amap.nodes[2].id = "end"
    for edge in amap.edges:
        edge.source = "end" if edge.source == "S1" else edge.source
        edge.target = "end" if edge.target == "S1" else edge.target
    amap.nodes[3].id = "section1"
    for edge in amap.edges:
        edge.source = "section1" if edge.source == "S2" else edge.source
        edge.target = "section1" if edge.target == "S2" else edge.target
    assert (mermaid_ids(amap)["end"], mermaid_ids(amap)["section1"]) == ("n3", "n4")
    check_mermaid(amap)


@HOSTILE
@given(st.lists(hostile_text(), min_size=3, max_size=6))
def test_hostile_text_survives_mermaid(texts):
    check_mermaid(build_map(texts))


# --- Markdown outline ---------------------------------------------------------------------------

def read_outline(text: str):
    """(inline plain texts, footnote bodies) as CommonMark with footnotes reads them."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    tokens = MarkdownIt("commonmark").use(footnote_plugin).parse(text)
    inlines, notes, in_note = [], [], False
    for token in tokens:
        if token.type == "footnote_open":
            in_note = True
        elif token.type == "footnote_close":
            in_note = False
        elif token.type == "inline":
            kinds = {c.type for c in token.children}
            assert not kinds & {"html_inline", "link_open", "image"}, token.content
            plain = "".join(c.content if c.type == "text" else f"[^{c.meta['label']}]" if c.type == "footnote_ref"
                            else "" for c in token.children)
            (notes if in_note else inlines).append(plain)
    return inlines, notes


def check_outline(amap: ArgumentMap) -> None:
    text = write(amap, "outline")
    inlines, notes = read_outline(text)
    labels = footnote_labels(amap)
    cites = {}
    for edge in amap.edges:
        if edge.source in labels:
            cites.setdefault(edge.target, []).append(f"[^{labels[edge.source]}]")
    major = amap.major_claim
    for node in amap.nodes:
        if node.type == NodeType.EVIDENCE and node.id in labels:
            assert fold(node.text) in notes
            continue
        refs = "".join(cites.get(node.id, []))
        if node is major:
            assert fold(node.text) + refs in inlines
        else:
            role = str(node.type).replace("_", " ") + (", hedged" if node.hedged else "")
            line = f"{fold(node.text)}{refs} ({role}, {node.id})"
            assert line in inlines or f"attacks: {line}" in inlines, (line, inlines)


def test_outline_on_the_example(seed_map):
    check_outline(seed_map)
    text = write(seed_map, "outline")
    assert [line for line in text.splitlines() if line.startswith("## ")] == ["## Thesis", "## Argument", "## Recommendations"]
    assert text.count("[^") == 2 * len(seed_map.by_type(NodeType.EVIDENCE))


def test_outline_pieces_that_look_like_markdown():
    check_outline(build_map(["1. not a list", "- nor this", "# nor a heading", "*a* _b_ `c` <b>d</b> [e](f)"]))


@HOSTILE
@given(st.lists(hostile_text(), min_size=3, max_size=6))
def test_hostile_text_survives_the_outline(texts):
    check_outline(build_map(texts))


# --- DOT ----------------------------------------------------------------------------------------

def dot_labels(source: str) -> dict[str, str]:
    """Node labels as Graphviz itself parses them (``dot -Tjson``)."""
    result = subprocess.run([shutil.which("dot"), "-Tjson"], input=source, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return {obj["name"]: obj.get("label", "") for obj in data.get("objects", []) if "nodes" not in obj}


@needs_dot
def test_dot_is_read_by_graphviz(seed_map):
    labels = dot_labels(write(seed_map, "dot"))
    assert {n.id for n in seed_map.nodes} <= set(labels)


@needs_dot
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile_text(), min_size=3, max_size=6))
def test_hostile_text_survives_dot(texts):
    amap = build_map(texts)
    labels = dot_labels(write(amap, "dot"))
    for node in amap.nodes:
        lines = labels[node.id].replace("\\\\", "\x00").split("\\n")
        body = " ".join(line.replace("\x00", "\\") for line in lines[1:])
        body = html.unescape(body)  # Graphviz draws entities: a document's "&" is written "&amp;"
        expected = node.text if node.type != NodeType.EVIDENCE or len(node.text) <= 160 else None
        if expected is not None:  # every non-blank character, in order; the wrapping is textwrap's
            assert "".join(body.split()) == "".join(expected.split())


def test_outline_text_that_would_draw_a_rule_or_underline():
    check_outline(build_map(['"', '"', "---"]))
    check_outline(build_map(["- a", "+ b", "=== c", "1. d"]))
