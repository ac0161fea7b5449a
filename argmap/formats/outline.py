"""A Markdown outline that reads on its own: thesis → claims → premises, evidence as footnotes.

The major claim heads the page, each unit is a list item under the unit it serves (the
tree of primary edges), attacks and extra relations are said in words, recommendations
have a section of their own, and evidence that backs a unit becomes a footnote on it.
Text is escaped so that Markdown shows it as written (``*``, ``_``, ``[``, ``<``, ``#`` …).

``read_outline`` reads such an outline back: units with their ids, types and hedges, the tree
of primary edges (attacks said as such), the extra relations, evidence from the footnotes. An
outline holds no spans, sections, rules or cues, the thesis has no id of its own (it comes back
as ``MC``), a recommendation listed under its own heading is taken to support the thesis, and the
byline is one line that is not split into its fields again.
"""

from __future__ import annotations

import re

from ..model import ArgumentMap, Edge, EdgeType, Metadata, Node, NodeType
from .names import unique_name

__all__ = ["write_outline", "read_outline", "looks_like_outline", "escape_markdown", "unescape_markdown",
           "footnote_labels"]

_SPECIAL = set("\\`*_[]<>#|~&^")
_LIST_START = re.compile(r"^(?:[-+]|\d{1,9}[.)])(?=\s|$)")
_WS = re.compile(r"\s+")
_LABEL_SAFE = re.compile(r"[^\w-]+")
# the outline's own words, written and read here alone
_THESIS, _ARGUMENT, _RECOMMENDATIONS, _LOOSE = "Thesis", "Argument", "Recommendations", "Not connected to the thesis"
_ATTACKS, _ALSO_SUPPORTS, _HEDGED = "attacks", "also supports", "hedged"
_EXTRA = "↳"


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
    return node.type.value.replace("_", " ") + (f", {_HEDGED}" if node.hedged else "")


def footnote_labels(amap: ArgumentMap) -> dict[str, str]:
    """Evidence id → footnote label (the note's own number when it has one)."""
    labels: dict[str, str] = {}
    used: set[str] = set()
    for node in amap.nodes:
        if node.type != NodeType.EVIDENCE:
            continue
        base = _LABEL_SAFE.sub("-", node.footnote or node.id).strip("-") or "note"
        label = unique_name(base, used, "-")
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
        verb = f"**{_ATTACKS}:** " if relation == EdgeType.ATTACK else ""
        lines.append(f"{'  ' * depth}- {verb}{escape_markdown(node.text)}{refs} "
                     f"*({escape_markdown(_role(node))}, {escape_markdown(node.id)})*")
        for edge in extras.get(node.id, []):
            verb = _ATTACKS if edge.type == EdgeType.ATTACK else _ALSO_SUPPORTS
            target = amap.node(edge.target)
            lines.append(f"{'  ' * (depth + 1)}- {_EXTRA} *{verb} {escape_markdown(target.id)}:* "
                         f"{escape_markdown(_short(target.text))}")
        for edge in children.get(node.id, []):
            child = amap.node(edge.source)
            if child.id in written or (depth == 0 and node is major and child.type == NodeType.RECOMMENDATION):
                continue
            item(child, depth + 1, edge.type)

    if major:
        lines += [f"## {_THESIS}", "", f"**{escape_markdown(major.text)}**" + "".join(f"[^{l}]" for l in cites.get(major.id, [])), ""]
        written.add(major.id)
        body = [e for e in children.get(major.id, []) if amap.node(e.source).type != NodeType.RECOMMENDATION]
        if body:
            lines += [f"## {_ARGUMENT}", ""]
            for edge in body:
                item(amap.node(edge.source), 0, edge.type)
            lines.append("")
    recommendations = [n for n in amap.nodes if n.type == NodeType.RECOMMENDATION and n.id not in written]
    if recommendations:
        lines += [f"## {_RECOMMENDATIONS}", ""]
        for node in recommendations:
            if node.id not in written:
                item(node, 0, None)
        lines.append("")
    rest = [n for n in amap.nodes if n.id not in written and n.id not in footnoted]
    roots = [n for n in rest if n.id not in has_parent] or rest
    if rest:
        lines += [f"## {_LOOSE}", ""]
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


# --- reading ----------------------------------------------------------------------------------
_UNESCAPE = re.compile(r"\\(.)")
_ROLES = "|".join(re.escape(t.value.replace("_", " ")) for t in NodeType)
_ITEM = re.compile(r"^(?P<indent>(?:  )*)- (?P<attack>\*\*" + re.escape(_ATTACKS) + r":\*\* )?(?P<text>.*?)"
                   r"(?P<refs>(?:\[\^[\w-]+\])*) \*\((?P<role>" + _ROLES + r")(?P<hedged>, " + re.escape(_HEDGED)
                   + r")?, (?P<id>.+)\)\*$")
_EXTRA_LINE = re.compile(r"^(?P<indent>(?:  )*)- " + re.escape(_EXTRA) + r" \*(?P<verb>" + re.escape(_ATTACKS) + "|"
                         + re.escape(_ALSO_SUPPORTS) + r") (?P<id>.+?):\*(?: .*)?$")
_THESIS_LINE = re.compile(r"^\*\*(?P<text>.*)\*\*(?P<refs>(?:\[\^[\w-]+\])*)$")
_NOTE = re.compile(r"^\[\^(?P<label>[\w-]+)\]: (?P<text>.*)$")
_REF = re.compile(r"\[\^([\w-]+)\]")
_BY_ROLE = {t.value.replace("_", " "): t for t in NodeType}


def unescape_markdown(text: str) -> str:
    """The inverse of :func:`escape_markdown`."""
    return _UNESCAPE.sub(r"\1", text)


def looks_like_outline(text: str) -> bool:
    """Whether ``text`` is an outline ``write_outline`` wrote: a title, then units marked with role and id."""
    lines = text.lstrip("\ufeff").splitlines()
    first = next((line for line in lines if line.strip()), "")
    return first.startswith("# ") and any(_ITEM.match(line) for line in lines)


def read_outline(text: str, *, name: str = "document") -> ArgumentMap:
    """The map from a Markdown outline (see the module's note on what comes back)."""
    nodes: dict[str, Node] = {}
    found: list[tuple[str, str, EdgeType, bool]] = []
    refs: list[tuple[str, str]] = []  # (footnote label, the unit citing it)
    notes: dict[str, str] = {}
    title = None
    part = None
    major_id = None
    stack: list[str] = []  # the units of the current item's ancestry, by depth
    for line in text.lstrip("\ufeff").splitlines():
        if line.startswith("# ") and title is None:
            title = unescape_markdown(line[2:].strip())
            continue
        if line.startswith("## "):
            part, stack = line[3:].strip(), []
            continue
        note = _NOTE.match(line)
        if note:
            notes[note.group("label")] = unescape_markdown(note.group("text"))
            continue
        thesis = _THESIS_LINE.match(line)
        if thesis and part == _THESIS and major_id is None:
            major_id = "MC"
            nodes[major_id] = Node(major_id, NodeType.MAJOR_CLAIM, unescape_markdown(thesis.group("text")), [])
            refs += [(label, major_id) for label in _REF.findall(thesis.group("refs"))]
            continue
        extra = _EXTRA_LINE.match(line)
        if extra:
            depth = len(extra.group("indent")) // 2
            if 0 < depth <= len(stack):
                kind = EdgeType.ATTACK if extra.group("verb") == _ATTACKS else EdgeType.SUPPORT
                found.append((stack[depth - 1], unescape_markdown(extra.group("id")), kind, False))
            continue
        item = _ITEM.match(line)
        if not item:
            continue
        depth = len(item.group("indent")) // 2
        node_id = unescape_markdown(item.group("id"))
        node = Node(node_id, _BY_ROLE[item.group("role")], unescape_markdown(item.group("text")), [],
                    hedged=bool(item.group("hedged")))
        nodes.setdefault(node_id, node)
        refs += [(label, node_id) for label in _REF.findall(item.group("refs"))]
        stack = stack[:depth] + [node_id]
        kind = EdgeType.ATTACK if item.group("attack") else EdgeType.SUPPORT
        if depth > 0 and len(stack) > 1:
            found.append((node_id, stack[depth - 1], kind, True))
        elif part in (_ARGUMENT, _RECOMMENDATIONS) and major_id is not None:
            found.append((node_id, major_id, kind, True))

    labels = {}
    for label, text_ in notes.items():
        node_id = label if label not in nodes and not label.isdigit() else f"E{label}"
        while node_id in nodes:
            node_id += "-note"
        nodes[node_id] = Node(node_id, NodeType.EVIDENCE, text_, [], footnote=label if label.isdigit() else None)
        labels[label] = node_id
    cited: set[str] = set()
    for label, target in refs:
        if label in labels:
            found.append((labels[label], target, EdgeType.SUPPORT, labels[label] not in cited))
            cited.add(labels[label])
    ids = set(nodes)
    edges = [Edge(s, t, kind, primary=primary) for s, t, kind, primary in found if s in ids and t in ids]
    meta = Metadata(title=title) if title is not None else Metadata()
    return ArgumentMap(nodes=list(nodes.values()), edges=edges, metadata=meta, name=name, source_format="outline")
