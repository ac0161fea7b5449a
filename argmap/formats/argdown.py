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

``read_argdown`` reads this layout back, and the statements and relations of other Argdown
sources: ``[Title]: text #tags`` (and ``<Argument>: text``), relations ``<+ <- <_ +> -> _>``
nested by indentation, ``# headings`` as sections, ``{sources: [...]}`` as evidence. What
Argdown does not carry comes back as it can: a unit's id is the first word of its title,
spans, rules, cues and footnote numbers are gone, a folded piece of evidence gets a new id,
and the primary relation of a unit is the one it is nested by, else its first outgoing one.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .. import rules as R
from ..model import ArgumentMap, Edge, EdgeType, Metadata, Node, NodeType
from ..style import HEDGED_COLOUR, line_colour
from .names import unique_name

__all__ = ["write_argdown", "read_argdown", "looks_like_argdown", "statement_titles", "folded_evidence",
           "escape_text", "unescape_text", "TAGS"]

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
        title = unique_name(base, used)
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
        is_heading = node.rule == R.SECTION_HEADING.name or own in opened
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
    for out in outgoing.values():  # the primary relation first: the one a reader takes as primary
        out.sort(key=lambda e: not e.primary)

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


# --- reading ----------------------------------------------------------------------------------
_ESCAPED = re.compile(r"\\(.)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ELEMENT = re.compile(r"^(?P<indent>[ \t]*)(?:(?P<rel><\+|<-|<_|\+>|->|_>)[ \t]+)?"
                      r"(?P<open>[\[<])(?P<title>(?:\\.|[^\]>\\])+)[\]>](?::[ \t]*(?P<text>.*))?$")
_DATA = re.compile(r"^[ \t]*\{(?P<key>\w+):[ \t]*(?P<value>\[.*\])\}[ \t]*$")
_TAG = re.compile(r"(?:^|(?<=\s))#(\([^)]*\)|[\w-]+)\s*$")
_KEY_VALUE = re.compile(r"^(?P<indent> *)(?P<key>\"(?:\\.|[^\"\\])*\"|[\w-]+):[ \t]*(?P<value>.*)$")
_BY_TAG = {tag: node_type for node_type, tag in TAGS.items()}
_INDENT = re.compile(r"^[ \t]*")


def unescape_text(text: str) -> str:
    """The inverse of :func:`escape_text` on one line."""
    return _ESCAPED.sub(r"\1", text)


def looks_like_argdown(text: str) -> bool:
    """Whether ``text`` is Argdown: front matter, or a first statement or argument defined with a title."""
    if text.lstrip("\ufeff").startswith("==="):
        return True
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("//") or _HEADING.match(stripped):
            continue
        return bool(_ELEMENT.match(line)) and not stripped.startswith("[^") and ":" in stripped
    return False


def _json_value(raw: str) -> Any:
    raw = raw.strip()
    try:
        return json.loads(raw)
    except ValueError:
        return raw.strip("'\"")


def _front_matter_values(lines: list[str]) -> tuple[dict[str, Any], str | None]:
    """Metadata and the document's name from the front matter ``write_argdown`` writes."""
    meta: dict[str, Any] = {}
    name = None
    block: list[str] = []
    for line in lines:
        m = _KEY_VALUE.match(line)
        if not m:
            continue
        depth = len(m.group("indent")) // 2
        key = _json_value(m.group("key")) if m.group("key").startswith('"') else m.group("key")
        block = block[:depth] + [key]
        value = m.group("value")
        if not value:
            continue
        if block[:1] == ["argmap"] and block[1:] == ["document"]:
            name = str(_json_value(value))
        elif block[:2] == ["argmap", "metadata"] and depth == 2:
            meta[str(key)] = str(_json_value(value))
        elif depth == 0 and key in ("title", "author", "date"):
            meta.setdefault(key, str(_json_value(value)))
    return meta, name


def read_argdown(text: str, *, name: str = "document") -> ArgumentMap:
    """The map from Argdown source (see the module's note on what comes back)."""
    lines = text.lstrip("\ufeff").splitlines()
    meta: dict[str, Any] = {}
    if lines and lines[0].strip() == "===":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "==="), None)
        if end is None:
            raise ValueError("the front matter opened by '===' is never closed")
        meta, document = _front_matter_values(lines[1:end])
        name = document or name
        lines = lines[end + 1:]

    nodes: dict[str, Node] = {}
    by_title: dict[str, str] = {}
    edges: list[tuple[str, str, EdgeType, bool]] = []  # source, target, type, nested
    sources: list[tuple[str, list[str]]] = []
    path: tuple[str, ...] = ()
    fresh_heading = False
    stack: list[tuple[int, str]] = []  # (indent, node id) of the elements above the current line
    in_comment = False

    def node_for(title: str) -> str:
        title = unescape_text(title).strip()
        if title not in by_title:
            node_id = unique_name(title.split(" ", 1)[0] or "unit", nodes, "-")
            nodes[node_id] = Node(node_id, NodeType.PREMISE, title, [], section=path)
            by_title[title] = node_id
        return by_title[title]

    for line in lines:
        stripped = line.strip()
        if in_comment:
            in_comment = "*/" not in stripped
            continue
        if not stripped or stripped.startswith("//"):
            continue
        if stripped.startswith("/*"):
            in_comment = "*/" not in stripped
            continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            path = path[: level - 1] + ("",) * max(0, level - 1 - len(path)) + (unescape_text(heading.group(2)),)
            fresh_heading, stack = True, []
            continue
        indent = len(_INDENT.match(line).group().expandtabs(2))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1] if stack else None
        data = _DATA.match(line)
        if data:
            if parent is not None and data.group("key") == "sources":
                values = json.loads(data.group("value"))
                sources.append((parent, [str(v) for v in values if str(v).strip()]))
            continue
        element = _ELEMENT.match(line)
        if not element:
            continue
        node_id = node_for(element.group("title"))
        node = nodes[node_id]
        body = element.group("text")
        if body is not None and body.strip():
            tags = []
            body = body.rstrip()
            while (tag := _TAG.search(body)) and not body[: tag.start()].endswith("\\"):
                tags.insert(0, tag.group(1).strip("()"))
                body = body[: tag.start()].rstrip()
            node.text = unescape_text(body)
            node.type = next((_BY_TAG[t] for t in tags if t in _BY_TAG), node.type)
            node.hedged = "hedged" in tags or node.hedged
            # the statement right under a heading that names it is the heading's own unit
            node.section = path[:-1] if fresh_heading and path and node.text == path[-1] else path
        fresh_heading = False
        relation = element.group("rel")
        if relation and parent is not None:
            kind = EdgeType.SUPPORT if "+" in relation else EdgeType.ATTACK
            if relation.startswith("<"):
                edges.append((node_id, parent, kind, True))
            else:
                edges.append((parent, node_id, kind, False))
        if not relation or relation.startswith("<"):
            stack.append((indent, node_id))

    used, number = set(nodes), 0
    for target, texts in sources:
        for text_ in texts:
            number += 1
            while f"E{number}" in used:
                number += 1
            evidence = Node(f"E{number}", NodeType.EVIDENCE, text_, [], section=())
            used.add(evidence.id)
            nodes[evidence.id] = evidence
            edges.append((evidence.id, target, EdgeType.SUPPORT, True))
    return ArgumentMap(nodes=list(nodes.values()), edges=_with_primaries(nodes, edges),
                       metadata=Metadata.from_dict(meta), name=name, source_format="argdown")


def _with_primaries(nodes: dict[str, Node], found: list[tuple[str, str, EdgeType, bool]]) -> list[Edge]:
    """One primary relation a unit (but the major claim): the one it is nested by, else its first."""
    nested_sources = {source for source, _, _, nested in found if nested}
    edges: list[Edge] = []
    placed: set[str] = set()
    seen: set[tuple[str, str, EdgeType]] = set()
    for source, target, kind, nested in found:
        if (source, target, kind) in seen:
            continue
        seen.add((source, target, kind))
        primary = (source not in placed and nodes[source].type != NodeType.MAJOR_CLAIM
                   and (nested or source not in nested_sources))
        if primary:
            placed.add(source)
        edges.append(Edge(source, target, kind, primary=primary))
    return edges
