"""Terminal views of a map: the argument as a tree, and a summary table."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..learn.why import learned_reason
from ..model import ArgumentMap, EdgeType, NodeType

__all__ = ["map_tree", "summary_table", "MAX_TREE_DEPTH", "MAX_TREE_LINES"]

COLOURS = {
    NodeType.MAJOR_CLAIM: "bold white on blue",
    NodeType.CLAIM: "bold cyan",
    NodeType.PREMISE: "white",
    NodeType.EVIDENCE: "dim",
    NodeType.RECOMMENDATION: "bold green",
}
_EVIDENCE_CHARS = 90
#: a unit's text in the tree stops here (the JSON keeps it whole): a 5 MB sentence is not printed whole
MAX_UNIT_CHARS = 240


#: the terminal tree stops here; the files written hold the whole map
MAX_TREE_LINES = 400
MAX_TREE_DEPTH = 30


def shorten(text: str, limit: int = MAX_UNIT_CHARS) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters with "…"."""
    text = " ".join(text[: limit * 4].split()) if len(text) > limit * 4 else " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def relation_text(source: str, target: str, relation: EdgeType, *, also: bool = False) -> str:
    """One notation for every relation, the arrow pointing from the unit that acts to the unit acted on."""
    verb = "attacks" if relation == EdgeType.ATTACK else ("also supports" if also else "supports")
    return f"[{source}] {verb} → [{target}]"


def _line(amap: ArgumentMap, node_id: str, relation: EdgeType | None = None, nodes: dict | None = None,
          parent: str | None = None) -> Text:
    node = nodes[node_id] if nodes is not None else amap.node(node_id)
    text = shorten(node.text, _EVIDENCE_CHARS if node.type == NodeType.EVIDENCE else MAX_UNIT_CHARS)
    line = Text()
    if relation == EdgeType.ATTACK and parent is not None:
        line.append(relation_text(node.id, parent, EdgeType.ATTACK), style="bold red")
        line.append(" ")
    else:
        line.append(f"[{node.id}] ", style="dim")
    line.append(str(node.type).replace("_", " "), style=COLOURS[node.type])
    if node.hedged:
        line.append(" (hedged)", style="yellow")
    line.append(": ")
    line.append(text)
    return line


def why_text(rule: str, cue: str | None, score: float | None, why: list) -> str:
    """A decision's reasons on one line: the rule and cue, and for a learned one its score and strongest features."""
    out = rule or "no rule"
    if cue:
        out += f" “{shorten(cue, 40)}”"
    learned = learned_reason(score, why)
    return out + (f", {learned}" if learned else "")


def _why_lines(sub: Tree, node, edge) -> None:
    sub.add(Text("why type: " + why_text(node.rule, node.cue, node.score, node.why), style="dim italic"))
    if edge is not None:
        sub.add(Text("why here: " + why_text(edge.rule, edge.cue, edge.score, edge.why), style="dim italic"))


def map_tree(amap: ArgumentMap, *, max_lines: int = MAX_TREE_LINES, max_depth: int = MAX_TREE_DEPTH,
             why: bool = False) -> Tree:
    """Major claim → claims → premises → evidence; recommendations in a branch of their own.

    A long or deep map is cut after ``max_lines`` units or ``max_depth`` levels, with a line
    saying how many units are not shown. ``why`` adds, under each unit, the rule, cue, score and
    strongest features behind its type and its place.
    """
    nodes = {n.id: n for n in amap.nodes}
    major = amap.major_claim
    root = Tree(_line(amap, major.id, nodes=nodes) if major else Text("(no major claim)"))
    if why and major:
        _why_lines(root, major, None)
    index = amap.index
    children = {target: [e for e in edges if e.primary] for target, edges in index.into.items()}
    extras = {source: [e for e in edges if not e.primary] for source, edges in index.out_of.items()}
    shown = [1 if major else 0]
    cut = [False]

    def grow(branch: Tree, node_id: str, seen: set[str], depth: int = 0) -> None:
        for edge in children.get(node_id, []):
            if edge.source in seen:
                continue
            node = nodes[edge.source]
            if node_id == (major.id if major else None) and node.type == NodeType.RECOMMENDATION:
                continue
            if shown[0] >= max_lines or depth >= max_depth:
                cut[0] = True
                return
            shown[0] += 1
            sub = branch.add(_line(amap, edge.source, edge.type, nodes, parent=node_id))
            if why:
                _why_lines(sub, node, edge)
            for extra in extras.get(edge.source, []):
                sub.add(Text(f"↳ {relation_text(extra.source, extra.target, extra.type, also=True)} ({extra.rule})",
                             style="red" if extra.type == EdgeType.ATTACK else "dim"))
            grow(sub, edge.source, seen | {edge.source}, depth + 1)

    if major:
        grow(root, major.id, {major.id})
        recs = [e for e in children.get(major.id, []) if nodes[e.source].type == NodeType.RECOMMENDATION]
        if recs and shown[0] >= max_lines:
            cut[0] = True
        elif recs:
            branch = root.add(Text("Recommendations", style="bold green"))
            for edge in recs:
                if shown[0] >= max_lines:
                    cut[0] = True
                    break
                shown[0] += 1
                sub = branch.add(_line(amap, edge.source, nodes=nodes))
                if why:
                    _why_lines(sub, nodes[edge.source], edge)
                grow(sub, edge.source, {major.id, edge.source}, 1)
    if cut[0]:
        hidden = len(amap.nodes) - shown[0]
        root.add(Text(f"… {hidden} more unit{'s' if hidden != 1 else ''} not shown here (the files written hold the whole map)",
                      style="dim italic"))
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
