"""Terminal views of a map: the argument as a tree, and a summary table."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..model import ArgumentMap, EdgeType, NodeType

__all__ = ["map_tree", "summary_table"]

COLOURS = {
    NodeType.MAJOR_CLAIM: "bold white on blue",
    NodeType.CLAIM: "bold cyan",
    NodeType.PREMISE: "white",
    NodeType.EVIDENCE: "dim",
    NodeType.RECOMMENDATION: "bold green",
}
_EVIDENCE_CHARS = 90


def _line(amap: ArgumentMap, node_id: str, relation: EdgeType | None = None) -> Text:
    node = amap.node(node_id)
    text = node.text if node.type != NodeType.EVIDENCE or len(node.text) <= _EVIDENCE_CHARS else node.text[:_EVIDENCE_CHARS] + "…"
    line = Text()
    if relation == EdgeType.ATTACK:
        line.append("⟂ attacks ", style="bold red")
    line.append(f"[{node.id}] ", style="dim")
    line.append(str(node.type).replace("_", " "), style=COLOURS[node.type])
    if node.hedged:
        line.append(" (hedged)", style="yellow")
    line.append(": ")
    line.append(text)
    return line


def map_tree(amap: ArgumentMap) -> Tree:
    """Major claim → claims → premises → evidence; recommendations in a branch of their own."""
    major = amap.major_claim
    root = Tree(_line(amap, major.id) if major else Text("(no major claim)"))
    children: dict[str, list] = {}
    for edge in amap.edges:
        if edge.primary:
            children.setdefault(edge.target, []).append(edge)
    extras = {}
    for edge in amap.edges:
        if not edge.primary:
            extras.setdefault(edge.source, []).append(edge)

    def grow(branch: Tree, node_id: str, seen: set[str]) -> None:
        for edge in children.get(node_id, []):
            if edge.source in seen:
                continue
            node = amap.node(edge.source)
            if node_id == (major.id if major else None) and node.type == NodeType.RECOMMENDATION:
                continue
            sub = branch.add(_line(amap, edge.source, edge.type))
            for extra in extras.get(edge.source, []):
                verb = "attacks" if extra.type == EdgeType.ATTACK else "also supports"
                sub.add(Text(f"↳ {verb} [{extra.target}] ({extra.rule})", style="red" if extra.type == EdgeType.ATTACK else "dim"))
            grow(sub, edge.source, seen | {edge.source})

    if major:
        grow(root, major.id, {major.id})
        recs = [e for e in children.get(major.id, []) if amap.node(e.source).type == NodeType.RECOMMENDATION]
        if recs:
            branch = root.add(Text("Recommendations", style="bold green"))
            for edge in recs:
                sub = branch.add(_line(amap, edge.source))
                grow(sub, edge.source, {major.id, edge.source})
    return root


def summary_table(amap: ArgumentMap) -> Table:
    table = Table(title="Summary", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    for node_type in NodeType:
        table.add_row(str(node_type).replace("_", " "), str(len(amap.by_type(node_type))))
    table.add_row("support edges", str(sum(e.type == EdgeType.SUPPORT for e in amap.edges)))
    table.add_row("attack edges", str(sum(e.type == EdgeType.ATTACK for e in amap.edges)))
    table.add_row("hedged units", str(sum(n.hedged for n in amap.nodes)))
    table.add_row("set aside", str(len(amap.set_aside)))
    return table
