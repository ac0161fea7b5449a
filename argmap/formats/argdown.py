"""Argdown source: titled statements, ``<+``/``<-`` relations, sections as ``#`` groups.

The layout follows the document: each section of the brief becomes a heading (a group on
Argdown's map); inside it, every unit is defined once as ``[Title]: text #type``, nested
under the unit it serves when that unit stands in the same section, else with an
outgoing ``+> [Target]`` line. Extra relations are outgoing lines under their source, so
each edge of the map is written exactly once. Evidence that only supports other units
becomes ``{sources: [...]}`` data on them instead of a statement of its own.

Text is escaped for Argdown's lexer (``\\`` before the characters it would read as
markup: brackets, tags, emphasis, comments, shortcodes like ``.A.``), and newlines fold to
spaces, since a statement is one line. ``argdown json`` (``@argdown/cli``) parses the result.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..model import ArgumentMap, EdgeType, Node, NodeType
from ..style import HEDGED_COLOUR, line_colour

__all__ = ["write_argdown", "statement_titles", "folded_evidence", "escape_text", "TAGS"]

TAGS = {
    NodeType.MAJOR_CLAIM: "major-claim",
    NodeType.CLAIM: "claim",
    NodeType.PREMISE: "premise",
    NodeType.EVIDENCE: "evidence",
    NodeType.RECOMMENDATION: "recommendation",
}
_TAG_COLOURS = {**{TAGS[t]: line_colour(t) for t in NodeType}, "hedged": HEDGED_COLOUR}
_TITLE_WORDS = 6
_ALWAYS = set("\\[]<>@#*_{}")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_WS = re.compile(r"\s+")
_SAFE_ID = re.compile(r"[^\w.-]+")


def escape_text(text: str) -> str:
    """``text`` on one line with every character Argdown would read as markup escaped."""
    text = _WS.sub(" ", text).strip()
    out = []
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        prev = text[i - 1] if i else ""
        if (
            ch in _ALWAYS
            or (ch in ".:" and nxt and not nxt.isspace())  # shortcodes such as .A. or :+1:
            or (ch == "/" and nxt in ("/", "*"))  # comments
            or (ch == "-" and (nxt == "-" or prev == "-"))  # inference lines
            or (ch in "+-" and i == 0)  # a relation at the start of a line
            or (ch == "=" and (nxt == "=" or prev == "="))  # front matter fences
        ):
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


_YAML_ESCAPE = re.compile("[{}=\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _yaml(value: Any) -> str:
    """A YAML flow value (JSON is one) that Argdown's data and front-matter tokens cannot cut
    short (braces and ``=`` as ``\\u`` escapes) and that YAML accepts (non-printables escaped)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _YAML_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(_yaml(v) for v in values) + "]"


def statement_titles(amap: ArgumentMap) -> dict[str, str]:
    """Each node's Argdown title: the id, followed by the first words for the major claim and claims."""
    titles: dict[str, str] = {}
    used: set[str] = set()
    for node in amap.nodes:
        base = _SAFE_ID.sub("-", node.id).strip("-.") or "unit"
        if node.type in (NodeType.MAJOR_CLAIM, NodeType.CLAIM):
            words = _WORD.findall(node.text)[:_TITLE_WORDS]
            if words:
                base = f"{base} {' '.join(words)}"
        title, n = base, 1
        while title in used:
            n += 1
            title = f"{base} {n}"
        used.add(title)
        titles[node.id] = title
    return titles


def folded_evidence(amap: ArgumentMap) -> set[str]:
    """Evidence written as ``sources`` of the units it supports rather than as statements."""
    incoming, outgoing = amap.index.into, amap.index.out_of
    ids = {n.id for n in amap.nodes}
    return {
        node.id for node in amap.nodes
        if node.type == NodeType.EVIDENCE and node.id not in incoming and outgoing.get(node.id)
        and all(e.type == EdgeType.SUPPORT and e.target in ids and e.target != node.id for e in outgoing[node.id])
    }


def _heading_paths(amap: ArgumentMap) -> dict[str, tuple[str, ...]]:
    """The section each node is grouped in; a heading unit opens the section it names."""
    # every leading part of every section path: a unit whose own path is one of them is a heading
    opened = {tuple(s[:k]) for s in {n.section for n in amap.nodes} for k in range(1, len(s) + 1)}
    paths: dict[str, tuple[str, ...]] = {}
    for node in amap.nodes:
        own = tuple(node.section) + (node.text,)
        is_heading = node.rule == "section-heading" or own in opened
        paths[node.id] = own if is_heading and node.type != NodeType.MAJOR_CLAIM else tuple(node.section)
    parent = {e.source: e.target for e in amap.edges if e.primary}
    for node in amap.nodes:  # notes (evidence) have no section of their own: they follow what they back
        if not node.section and node.type == NodeType.EVIDENCE and parent.get(node.id) in paths:
            paths[node.id] = paths[parent[node.id]]
    return paths


def write_argdown(amap: ArgumentMap) -> str:
    """The map as Argdown source (``argdown json`` and the Argdown editors read it)."""
    titles = statement_titles(amap)
    folded = folded_evidence(amap)
    paths = _heading_paths(amap)
    ids = {n.id for n in amap.nodes}
    nodes = [n for n in amap.nodes if n.id not in folded]
    sources: dict[str, list[str]] = {}
    for edge in amap.edges:
        if edge.source in folded:
            sources.setdefault(edge.target, []).append(amap.node(edge.source).text)
    edges = [e for e in amap.edges if e.source in ids and e.target in ids and e.source not in folded]
    nested_children: dict[str, list] = {}
    nested: set[int] = set()
    for index, edge in enumerate(edges):
        if edge.primary and paths[edge.source] == paths[edge.target] and edge.source != edge.target:
            nested_children.setdefault(edge.target, []).append(edge)
            nested.add(index)
    placed_by_nesting = {edges[i].source for i in nested}
    outgoing: dict[str, list] = {}
    for index, edge in enumerate(edges):
        if index not in nested:
            outgoing.setdefault(edge.source, []).append(edge)

    lines = _front_matter(amap)
    lines.append(f"// {escape_text(amap.metadata.title or amap.name)}: argument map written by argmap")
    written: set[str] = set()
    current: tuple[str, ...] = ()

    def emit(node: Node, depth: int, via: EdgeType | None) -> None:
        written.add(node.id)
        indent = "  " * depth
        arrow = "" if via is None else ("<- " if via == EdgeType.ATTACK else "<+ ")
        tags = " #" + TAGS[node.type] + (" #hedged" if node.hedged else "")
        lines.append(f"{indent}{arrow}[{titles[node.id]}]: {escape_text(node.text)}{tags}")
        if node.id in sources:
            lines.append(f"{indent}  {{sources: {_yaml_list(sources[node.id])}}}")
        for edge in outgoing.get(node.id, []):
            arrow_out = "->" if edge.type == EdgeType.ATTACK else "+>"
            lines.append(f"{indent}  {arrow_out} [{titles[edge.target]}]")
        for edge in nested_children.get(node.id, []):
            child = amap.node(edge.source)
            if child.id not in written:
                emit(child, depth + 1, edge.type)

    order = {n.id: i for i, n in enumerate(nodes)}
    for node in sorted(nodes, key=lambda n: (order[n.id])):
        if node.id in written or node.id in placed_by_nesting:
            continue
        path = paths[node.id]
        if path != current:
            if lines[-1] != "":
                lines.append("")
            common = 0
            while common < min(len(path), len(current)) and path[common] == current[common]:
                common += 1
            for level in range(common, len(path)):
                lines.append(f"{'#' * min(level + 1, 6)} {escape_text(path[level]) or '(untitled)'}")
                lines.append("")
            current = path
        emit(node, 0, None)
        lines.append("")
    for node in nodes:  # a cycle of nested units: still write each one once
        if node.id not in written:
            emit(node, 0, None)
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _front_matter(amap: ArgumentMap) -> list[str]:
    meta = amap.metadata.to_dict()
    lines = ["==="]
    for key in ("title", "author", "date"):
        if meta.get(key):
            lines.append(f"{key}: {_yaml(str(meta[key]))}")
    lines.append("model:")
    lines.append("  removeTagsFromText: true")
    lines.append("color:")
    lines.append("  tagColors:")
    for tag, colour in _TAG_COLOURS.items():
        lines.append(f"    {tag}: {_yaml(colour)}")
    lines.append("argmap:")
    lines.append(f"  document: {_yaml(amap.name)}")
    if meta:
        lines.append("  metadata:")
        for key, value in meta.items():
            lines.append(f"    {_yaml(str(key))}: {_yaml(str(value))}")
    lines.append("===")
    lines.append("")
    return lines
