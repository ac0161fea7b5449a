"""Mermaid flowchart (rendered by GitHub, GitLab and most documentation sites).

Units are boxes with quoted labels; sections are subgraphs; supports are arrows, attacks
end in a cross (``--x``) and are drawn red; extra relations are dotted. Label text is made
safe for Mermaid: ``"``, ``#``, ``<``, ``>``, ``&``, backticks and backslashes (``\\n`` would break the
line) become Mermaid's entity codes
(``#quot;`` …), lines are wrapped with ``<br/>`` (except in a label holding a backslash-n, which
Mermaid would read as a line break), and ids that are not plain words (or are
Mermaid keywords such as ``end``, or our subgraphs' names) are replaced by ``n1``, ``n2`` ….
"""

from __future__ import annotations

import re
import textwrap

from ..model import ArgumentMap, EdgeType, NodeType
from ..style import EDGE_STYLE, STYLE

__all__ = ["write_mermaid", "mermaid_ids", "escape_label"]

_ENTITIES = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;", "\\": "#92;"}
_PLAIN_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_SUBGRAPH_ID = re.compile(r"^section\d+$")  # the names our subgraphs take
_KEYWORDS = {"end", "graph", "flowchart", "subgraph", "style", "class", "classdef", "click", "linkstyle",
             "direction", "call", "href", "default", "interpolate"}
_WIDTH = {NodeType.MAJOR_CLAIM: 50, NodeType.EVIDENCE: 50}
_EVIDENCE_CHARS = 200
_SHAPES = {
    NodeType.MAJOR_CLAIM: ('["', '"]'),
    NodeType.CLAIM: ('("', '")'),
    NodeType.PREMISE: ('["', '"]'),
    NodeType.EVIDENCE: ('[/"', '"/]'),
    NodeType.RECOMMENDATION: ('{{"', '"}}'),
}
_WS = re.compile(r"\s+")


def escape_label(text: str) -> str:
    """One piece of label text with Mermaid's special characters as entity codes."""
    return "".join(_ENTITIES.get(ch, ch) for ch in text)


def _plain(text: str) -> bool:
    """Mermaid turns a backslash-n into a line break (eating it) in any label holding HTML:
    such labels are written on one line, without tags."""
    return "\\n" in text


def _label(text: str, width: int) -> str:
    text = _WS.sub(" ", text).strip()
    if _plain(text):
        return escape_label(text)
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]
    return "<br/>".join(escape_label(line) for line in lines)


def mermaid_ids(amap: ArgumentMap) -> dict[str, str]:
    """Each node's id in the flowchart: its own id when that is safe, else ``n<index>``."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for index, node in enumerate(amap.nodes, start=1):
        safe = _PLAIN_ID.match(node.id) and node.id.lower() not in _KEYWORDS and not _SUBGRAPH_ID.match(node.id)
        candidate = node.id if safe else f"n{index}"
        while candidate in used:
            candidate = f"n{index}_{len(used)}"
        used.add(candidate)
        ids[node.id] = candidate
    return ids


def _style(node_type: NodeType) -> str:
    style = STYLE[node_type]
    parts = [f"fill:{style.get('fillcolor', '#ffffff')}", f"stroke:{style.get('color', '#333333')}"]
    if style.get("fontcolor"):
        parts.append(f"color:{style['fontcolor']}")
    if "bold" in style.get("style", ""):
        parts.append("stroke-width:2px")
    return ",".join(parts)


def write_mermaid(amap: ArgumentMap) -> str:
    """The map as a Mermaid ``flowchart BT`` (supports point up to what they support)."""
    ids = mermaid_ids(amap)
    lines = ["flowchart BT"]
    groups: dict[str, list] = {}
    order: list[str] = []
    for node in amap.nodes:
        key = node.section[0] if node.section and node.type not in (NodeType.MAJOR_CLAIM, NodeType.RECOMMENDATION) else ""
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(node)

    def node_line(node, indent: str) -> str:
        text = node.text
        if node.type == NodeType.EVIDENCE and len(text) > _EVIDENCE_CHARS:
            text = text[: _EVIDENCE_CHARS - 1].rstrip() + "…"
        opening, closing = _SHAPES[node.type]
        role = str(node.type).replace("_", " ") + (" · hedged" if node.hedged else "")
        if _plain(node.id + " " + _WS.sub(" ", text)):
            return f"{indent}{ids[node.id]}{opening}{escape_label(node.id)} · {role} · {_label(text, 0)}{closing}"
        head = f"<b>{escape_label(node.id)}</b> · {role}"
        return f"{indent}{ids[node.id]}{opening}{head}<br/>{_label(text, _WIDTH.get(node.type, 38))}{closing}"

    for number, key in enumerate(order, start=1):
        if key:
            lines.append(f'  subgraph section{number}["{_label(key, 60)}"]')
            lines.extend(node_line(node, "    ") for node in groups[key])
            lines.append("  end")
        else:
            lines.extend(node_line(node, "  ") for node in groups[key])
    attacks: list[int] = []
    count = 0
    for edge in amap.edges:
        if edge.source not in ids or edge.target not in ids:
            continue
        attack = edge.type == EdgeType.ATTACK
        arrow = ("--x" if attack else "-->") if edge.primary else ("-.-x" if attack else "-.->")
        label = f'|"{_label(edge.cue, 30)}"|' if edge.cue else ""
        lines.append(f"  {ids[edge.source]} {arrow}{label} {ids[edge.target]}")
        if attack:
            attacks.append(count)
        count += 1
    for node_type in NodeType:
        members = [ids[n.id] for n in amap.nodes if n.type == node_type]
        name = node_type.value.replace("_", "")
        lines.append(f"  classDef {name} {_style(node_type)}")
        if members:
            lines.append(f"  class {','.join(members)} {name}")
    if attacks:
        lines.append(f"  linkStyle {','.join(str(i) for i in attacks)} stroke:{EDGE_STYLE[EdgeType.ATTACK]['color']},"
                     f"stroke-width:{EDGE_STYLE[EdgeType.ATTACK]['penwidth']}px")
    return "\n".join(lines) + "\n"
