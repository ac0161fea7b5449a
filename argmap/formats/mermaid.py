"""Mermaid flowchart (rendered by GitHub, GitLab and most documentation sites).

Units are boxes with quoted labels; sections are subgraphs; supports are arrows, attacks
end in a cross (``--x``) and are drawn red; extra relations are dotted. Label text is made
safe for Mermaid: ``"``, ``#``, ``%%`` (it opens a directive even inside a label), ``<``, ``>``, ``&``, backticks and backslashes (``\\n`` would break the
line) become Mermaid's entity codes
(``#quot;`` …), lines are wrapped with ``<br/>`` (except in a label holding a backslash-n, which
Mermaid would read as a line break), and ids that are not plain words (or are
Mermaid keywords such as ``end``, or our subgraphs' names) are replaced by ``n1``, ``n2`` ….
One thing no escaping mends: Mermaid stands ``ﬂ°`` and ``¶ß`` in for entity codes and turns every
such pair back into ``&`` and ``;`` after rendering, so a text holding one shows that sign instead.

``read_mermaid`` reads such a flowchart back — ids, types and hedges from the labels, sections
from the subgraphs, solid arrows as primary relations — and plain flowcharts written by hand
(``A[text] --> B``, ``class`` lines naming the types). Spans, rules and footnotes are not in a
flowchart, and a long piece of evidence comes back as its label shows it, cut at 200 characters.
"""

from __future__ import annotations

import re
import textwrap

from ..model import ArgumentMap, Edge, EdgeType, Node, NodeType
from ..style import EDGE_STYLE, STYLE
from .names import unique_name

__all__ = ["write_mermaid", "read_mermaid", "looks_like_mermaid", "mermaid_ids", "escape_label", "unescape_label"]

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
_SEP = " · "  # between a label's id, role and text
_HEDGED = "hedged"


def _role(node_type: NodeType) -> str:
    return node_type.value.replace("_", " ")


def escape_label(text: str) -> str:
    """One piece of label text with Mermaid's special characters as entity codes."""
    text = "".join(_ENTITIES.get(ch, ch) for ch in text)
    # "%%" opens a comment or directive even inside a quoted label; one "%" is harmless
    return text.replace("%%", "%#37;")


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
        candidate = unique_name(node.id if safe else f"n{index}", used, "_")
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
        role = _role(node.type) + (f"{_SEP}{_HEDGED}" if node.hedged else "")
        if _plain(node.id + " " + _WS.sub(" ", text)):
            return f"{indent}{ids[node.id]}{opening}{escape_label(node.id)}{_SEP}{role}{_SEP}{_label(text, 0)}{closing}"
        head = f"<b>{escape_label(node.id)}</b>{_SEP}{role}"
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


# --- reading ----------------------------------------------------------------------------------
_DIAGRAMS = {"flowchart", "graph"}  # the first word of a flowchart; a direction may follow
_DIRECTIONS = {"TB", "TD", "BT", "RL", "LR"}
_ENTITY = re.compile(r"#(\w+);")
_NAMED = {"quot": '"', "lt": "<", ">": ">", "gt": ">", "amp": "&", "nbsp": "\u00a0"}
_CLOSING = {"[": "]", "(": ")", "((": "))", "{": "}", "{{": "}}", "[/": "/]", "[\\": "\\]", "[(": ")]", "[[": "]]",
            "([": "])", ">": "]"}
_OPENINGS = sorted(_CLOSING, key=len, reverse=True)
_NODE_ID = re.compile(r"[A-Za-z0-9_]+")
_ARROW = re.compile(r'\s*(-\.->|-\.-x|-\.-|-->|--x|---|==>)\s*(?:\|(?P<label>"[^"]*"|[^|]*)\|\s*)?')
_SUBGRAPH = re.compile(r'^\s*subgraph\s+(?P<id>[^\s\[]+)(?:\s*\[(?P<label>.*)\])?\s*$')
_CLASS = re.compile(r"^\s*class\s+(?P<ids>[\w,]+)\s+(?P<name>\w+)\s*;?\s*$")
_BY_CLASS = {t.value.replace("_", ""): t for t in NodeType}
_BY_ROLE = {_role(t): t for t in NodeType}


def unescape_label(text: str) -> str:
    """Label text as written: Mermaid's entity codes decoded, ``<br/>`` as a space, tags dropped."""
    text = re.sub(r"<br\s*/?>", " ", text)
    text = re.sub(r"</?\w+[^>]*>", "", text)

    def entity(m: re.Match) -> str:
        code = m.group(1)
        if code.isdigit():
            return chr(int(code))
        return _NAMED.get(code, m.group())
    return _ENTITY.sub(entity, text)


def looks_like_mermaid(text: str) -> bool:
    """Whether ``text`` is a Mermaid flowchart (its first line that is not a comment says so)."""
    for line in text.lstrip("\ufeff").splitlines():
        if line.strip() and not line.strip().startswith("%%"):
            words = line.strip().rstrip(";").split()
            return words[0] in _DIAGRAMS and len(words) <= 2 and all(w in _DIRECTIONS for w in words[1:])
    return False


def _shape(line: str, start: int) -> tuple[str, int] | None:
    """The label of a node shape opening at ``start``, and where the shape ends."""
    for opening in _OPENINGS:
        if line.startswith(opening, start):
            quoted = line.startswith('"', start + len(opening))
            closing = ('"' if quoted else "") + _CLOSING[opening]
            first = start + len(opening) + (1 if quoted else 0)
            end = line.find(closing, first)
            if end < 0:
                return None
            return line[first:end], end + len(closing)
    return None



def read_mermaid(text: str, *, name: str = "document") -> ArgumentMap:
    """The map from a Mermaid flowchart (see the module's note on what comes back)."""
    nodes: dict[str, Node] = {}
    own_ids: dict[str, str] = {}  # flowchart id -> the unit's id its label names
    edges: list[tuple[str, str, EdgeType, bool, str | None]] = []
    classes: dict[str, str] = {}
    section: tuple[str, ...] = ()
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not looks_like_mermaid(text):
        raise ValueError("a Mermaid flowchart starts with 'flowchart' and its direction")

    def define(chart_id: str, label: str | None) -> None:
        if chart_id not in own_ids:
            own_ids[chart_id] = chart_id
            nodes[chart_id] = Node(chart_id, NodeType.PREMISE, chart_id, [], section=section)
        if label is None:
            return
        node = nodes[chart_id]
        node.section = section
        bold = re.match(r"\s*<b>(.*?)</b>" + re.escape(_SEP) + r"(.*?)(?:<br/>(.*))?$", label, re.S)
        if bold:
            own, role, body = unescape_label(bold.group(1)), bold.group(2), bold.group(3) or ""
        else:
            parts = label.split(_SEP)
            if len(parts) >= 3 and parts[1].split(_SEP)[0] in _BY_ROLE:
                own, role = unescape_label(parts[0]), parts[1]
                rest = parts[2:]
                if rest and rest[0] == _HEDGED and len(rest) > 1:
                    role, rest = role + _SEP + _HEDGED, rest[1:]
                body = _SEP.join(rest)
            else:
                own, role, body = chart_id, "", label
        kind, _, hedge = role.partition(_SEP)
        if kind in _BY_ROLE:
            node.type = _BY_ROLE[kind]
            node.hedged = hedge == _HEDGED
        node.text = _WS.sub(" ", unescape_label(body)).strip()
        own_ids[chart_id] = own

    header = next(i for i, line in enumerate(lines) if line.strip() and not line.strip().startswith("%%"))
    for line in lines[header + 1:]:
        stripped = line.strip().rstrip(";")
        if not stripped or stripped.startswith("%%"):
            continue
        sub = _SUBGRAPH.match(line)
        if sub:
            label = sub.group("label")
            title = unescape_label(label.strip().strip('"')) if label else sub.group("id")
            section = (_WS.sub(" ", title).strip(),)
            continue
        if stripped == "end":
            section = ()
            continue
        cls = _CLASS.match(line)
        if cls:
            for chart_id in cls.group("ids").split(","):
                classes[chart_id] = cls.group("name")
            continue
        if stripped.split(" ", 1)[0] in ("classDef", "linkStyle", "style", "click", "direction"):
            continue
        # a chain of nodes joined by arrows, each node perhaps with its shape: A["x"] --> B
        pos, previous, arrow = 0, None, None
        line = stripped
        while pos < len(line):
            found = _NODE_ID.match(line, pos)
            if not found:
                break
            chart_id, pos = found.group(), found.end()
            shape = _shape(line, pos)
            label = None
            if shape:
                label, pos = shape
            define(chart_id, label)
            if previous is not None and arrow is not None:
                kind = EdgeType.ATTACK if arrow[0].endswith("x") else EdgeType.SUPPORT
                cue = arrow[1]
                cue = _WS.sub(" ", unescape_label(cue.strip().strip('"'))).strip() if cue else None
                edges.append((previous, chart_id, kind, "." not in arrow[0], cue or None))
            joined = _ARROW.match(line, pos)
            if not joined:
                break
            previous, arrow, pos = chart_id, (joined.group(1), joined.group("label")), joined.end()

    for chart_id, name_ in classes.items():
        node = nodes.get(chart_id)
        if node is not None and name_ in _BY_CLASS and node.type == NodeType.PREMISE:
            node.type = _BY_CLASS[name_]
    rename = {}
    used: set[str] = set()
    for chart_id in nodes:
        own = own_ids[chart_id] or chart_id
        rename[chart_id] = own if own not in used else chart_id
        used.add(rename[chart_id])
    for chart_id, node in nodes.items():
        node.id = rename[chart_id]
    return ArgumentMap(
        nodes=list(nodes.values()),
        edges=[Edge(rename[s], rename[t], kind, cue=cue, primary=primary) for s, t, kind, primary, cue in edges],
        name=name, source_format="mermaid")
