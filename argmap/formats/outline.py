"""A Markdown outline that reads on its own: thesis → claims → premises, evidence as footnotes.

The major claim heads the page, each unit is a list item under the unit it serves (the
tree of primary edges), attacks and extra relations are said in words, recommendations
have a section of their own, and evidence that backs a unit becomes a footnote on it.
Text is escaped so that Markdown shows it as written (``*``, ``_``, ``[``, ``<``, ``#`` …).
"""

from __future__ import annotations

import re

from ..model import ArgumentMap, EdgeType, Node, NodeType

__all__ = ["write_outline", "escape_markdown", "footnote_labels"]

_SPECIAL = set("\\`*_[]<>#|~&^")
_LIST_START = re.compile(r"^(?:[-+]|\d{1,9}[.)])(?=\s|$)")
_WS = re.compile(r"\s+")
_LABEL_SAFE = re.compile(r"[^\w-]+")


def escape_markdown(text: str) -> str:
    """``text`` on one line, with every character Markdown could read as markup escaped."""
    text = _WS.sub(" ", text).strip()
    escaped = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    if escaped[:1] in ("-", "+", "="):  # "- …" opens a list, "---" draws a rule, "===" underlines a heading
        return "\\" + escaped
    start = _LIST_START.match(escaped)  # "1. …" would open a list of its own
    if start:
        escaped = escaped[: start.end() - 1] + "\\" + escaped[start.end() - 1:]
    return escaped


def _role(node: Node) -> str:
    return str(node.type).replace("_", " ") + (", hedged" if node.hedged else "")


def footnote_labels(amap: ArgumentMap) -> dict[str, str]:
    """Evidence id → footnote label (the note's own number when it has one)."""
    labels: dict[str, str] = {}
    used: set[str] = set()
    for node in amap.nodes:
        if node.type != NodeType.EVIDENCE:
            continue
        base = _LABEL_SAFE.sub("-", node.footnote or node.id).strip("-") or "note"
        label, n = base, 1
        while label in used:
            n += 1
            label = f"{base}-{n}"
        used.add(label)
        labels[node.id] = label
    return labels


def write_outline(amap: ArgumentMap) -> str:
    """The map as a Markdown outline with footnotes."""
    ids = {n.id for n in amap.nodes}
    notes = footnote_labels(amap)
    index = amap.index
    footnoted = {
        n.id for n in amap.nodes
        if n.id in notes and n.id not in index.into and index.out_of.get(n.id)
        and all(e.type == EdgeType.SUPPORT and e.target in ids for e in index.out_of[n.id])
    }
    cites: dict[str, list[str]] = {}
    for edge in amap.edges:
        if edge.source in footnoted:
            cites.setdefault(edge.target, []).append(notes[edge.source])
    children: dict[str, list] = {}
    has_parent: set[str] = set()
    for edge in amap.edges:
        if edge.primary and edge.source in ids and edge.target in ids and edge.source not in footnoted:
            children.setdefault(edge.target, []).append(edge)
            has_parent.add(edge.source)
    extras: dict[str, list] = {}
    for edge in amap.edges:
        if not edge.primary and edge.source in ids and edge.target in ids and edge.source not in footnoted:
            extras.setdefault(edge.source, []).append(edge)

    major = amap.major_claim
    title = amap.metadata.title or (major.text if major else amap.name)
    lines = [f"# {escape_markdown(title)}", ""]
    byline = [amap.metadata.author, amap.metadata.publisher, amap.metadata.series, amap.metadata.identifier,
              amap.metadata.date]
    if any(byline):
        lines += ["*" + escape_markdown(" · ".join(x for x in byline if x)) + "*", ""]
    written: set[str] = set()

    def item(node: Node, depth: int, relation: EdgeType | None) -> None:
        written.add(node.id)
        refs = "".join(f"[^{label}]" for label in cites.get(node.id, []))
        verb = "**attacks:** " if relation == EdgeType.ATTACK else ""
        lines.append(f"{'  ' * depth}- {verb}{escape_markdown(node.text)}{refs} "
                     f"*({escape_markdown(_role(node))}, {escape_markdown(node.id)})*")
        for edge in extras.get(node.id, []):
            verb = "attacks" if edge.type == EdgeType.ATTACK else "also supports"
            target = amap.node(edge.target)
            lines.append(f"{'  ' * (depth + 1)}- ↳ *{verb} {escape_markdown(target.id)}:* "
                         f"{escape_markdown(_short(target.text))}")
        for edge in children.get(node.id, []):
            child = amap.node(edge.source)
            if child.id in written or (depth == 0 and node is major and child.type == NodeType.RECOMMENDATION):
                continue
            item(child, depth + 1, edge.type)

    if major:
        lines += ["## Thesis", "", f"**{escape_markdown(major.text)}**" + "".join(f"[^{l}]" for l in cites.get(major.id, [])), ""]
        written.add(major.id)
        body = [e for e in children.get(major.id, []) if amap.node(e.source).type != NodeType.RECOMMENDATION]
        if body:
            lines += ["## Argument", ""]
            for edge in body:
                item(amap.node(edge.source), 0, edge.type)
            lines.append("")
    recommendations = [n for n in amap.nodes if n.type == NodeType.RECOMMENDATION and n.id not in written]
    if recommendations:
        lines += ["## Recommendations", ""]
        for node in recommendations:
            if node.id not in written:
                item(node, 0, None)
        lines.append("")
    rest = [n for n in amap.nodes if n.id not in written and n.id not in footnoted]
    roots = [n for n in rest if n.id not in has_parent] or rest
    if rest:
        lines += ["## Not connected to the thesis", ""]
        for node in roots + rest:
            if node.id not in written:
                item(node, 0, None)
        lines.append("")
    if footnoted:
        for node in amap.nodes:
            if node.id in footnoted:
                lines.append(f"[^{notes[node.id]}]: {escape_markdown(node.text)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _short(text: str, limit: int = 80) -> str:
    text = _WS.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
