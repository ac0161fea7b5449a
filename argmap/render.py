"""Drawing the map with Graphviz: the DOT source is built in Python, ``dot`` runs only here."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from .errors import GraphvizNotFound, MapTooLarge, RenderError, UnsupportedFormat
from .model import ArgumentMap, EdgeType, NodeType

__all__ = ["to_dot", "render", "svg_string", "IMAGE_FORMATS", "STYLE", "MAX_DRAWN_NODES", "NODE_FONT"]

IMAGE_FORMATS = ("svg", "png", "pdf")

#: shape and colours per node type: what a reader learns at a glance
STYLE = {
    NodeType.MAJOR_CLAIM: {"shape": "box", "style": "filled,bold", "fillcolor": "#1f3a5f", "fontcolor": "white", "penwidth": "2"},
    NodeType.CLAIM: {"shape": "box", "style": "filled,rounded", "fillcolor": "#cfe2f3", "color": "#2b5c8a"},
    NodeType.PREMISE: {"shape": "box", "style": "filled", "fillcolor": "#ffffff", "color": "#777777"},
    NodeType.EVIDENCE: {"shape": "note", "style": "filled", "fillcolor": "#f3f3f3", "color": "#999999", "fontsize": "9"},
    NodeType.RECOMMENDATION: {"shape": "cds", "style": "filled", "fillcolor": "#d9ead3", "color": "#38761d"},
}
EDGE_STYLE = {
    EdgeType.SUPPORT: {"color": "#38761d", "arrowhead": "normal"},
    EdgeType.ATTACK: {"color": "#cc0000", "arrowhead": "tee", "style": "dashed", "penwidth": "1.5"},
}
_LABEL_WIDTH = {NodeType.MAJOR_CLAIM: 48, NodeType.EVIDENCE: 44}
_EVIDENCE_CHARS = 160
_LABEL_CHARS = 1000  # a longer unit is cut in its box (the JSON keeps it whole)
#: the font every label asks for; fontconfig fills in characters it lacks from the installed fonts
#: (CJK and other scripts need their own: see README, "Graphviz")
NODE_FONT = "Helvetica"
#: maps with more units are not drawn: Graphviz's layout time grows much faster than the map
MAX_DRAWN_NODES = 1500


def _esc(text: str):
    """Document text as a DOT string: backslashes and ``&`` literal, never an HTML-like label.

    Graphviz reads ``&amp;``-style entities in every string, so ``&`` is written ``&amp;``.
    """
    import graphviz

    return graphviz.escape(text.replace("&", "&amp;"))


def _label(node) -> str:
    """The node's id and type on the first line, its text wrapped below, escaped for DOT."""
    import graphviz

    text = node.text
    if node.type == NodeType.EVIDENCE and len(text) > _EVIDENCE_CHARS:
        text = text[: _EVIDENCE_CHARS - 1].rstrip() + "…"
    elif len(text) > _LABEL_CHARS:
        text = text[: _LABEL_CHARS - 1].rstrip() + "…"
    head = f"{node.id} · {str(node.type).replace('_', ' ')}" + (" · hedged" if node.hedged else "")
    lines = [head] + (textwrap.wrap(text, width=_LABEL_WIDTH.get(node.type, 38)) or [""])
    # nohtml: a label that starts with "<" and ends with ">" must not be read as an HTML label
    return graphviz.nohtml("\\n".join(str(_esc(line)) for line in lines))


def _comment(text: str) -> str:
    """A DOT comment line: one line, no control characters."""
    return " ".join(text.split())


def _check_size(amap: ArgumentMap) -> None:
    if len(amap.nodes) > MAX_DRAWN_NODES:
        raise MapTooLarge(f"the map has {len(amap.nodes)} units, too many to draw (the limit is {MAX_DRAWN_NODES}): "
                          "the JSON and DOT files hold the whole map")


def _digraph(amap: ArgumentMap):
    import graphviz

    dot = graphviz.Digraph(name="argmap", comment=_comment(amap.metadata.title or amap.name))
    dot.attr(rankdir="RL", newrank="true", nodesep="0.18", ranksep="0.5", fontname=NODE_FONT,
             labelloc="t", fontsize="16", compound="true")
    if amap.metadata.title:
        dot.attr(label=_esc(amap.metadata.title))
    dot.attr("node", fontname=NODE_FONT, fontsize="10", margin="0.12,0.06")
    dot.attr("edge", fontname=NODE_FONT, fontsize="8")
    sections: dict[str, list] = {}
    order: list[str] = []
    for node in amap.nodes:
        key = node.section[0] if node.section else ""
        if node.type in (NodeType.MAJOR_CLAIM, NodeType.RECOMMENDATION):
            key = ""
        if key not in sections:
            sections[key] = []
            order.append(key)
        sections[key].append(node)
    for index, key in enumerate(order):
        target = dot
        if key:
            with dot.subgraph(name=f"cluster_{index}") as sub:
                sub.attr(label=_esc(key), style="rounded,dashed", color="#bbbbbb",
                         fontsize="11", fontcolor="#555555")
                for node in sections[key]:
                    sub.node(_esc(node.id), label=_label(node), tooltip=_esc(_tooltip(node)), **STYLE[node.type])
            continue
        for node in sections[key]:
            target.node(_esc(node.id), label=_label(node), tooltip=_esc(_tooltip(node)), **STYLE[node.type])
    for edge in amap.edges:
        attrs = dict(EDGE_STYLE[edge.type])
        if not edge.primary:
            attrs["constraint"] = "false"
            if edge.type == EdgeType.SUPPORT:
                attrs["style"] = "dotted"
        if edge.cue:
            attrs["label"] = _esc(edge.cue)
        dot.edge(_esc(edge.source), _esc(edge.target), **attrs)
    _legend(dot)
    return dot


def _tooltip(node) -> str:
    parts = [f"{node.type}: rule {node.rule}"]
    if node.cue:
        parts.append(f"cue {node.cue!r}")
    if node.hedged:
        parts.append(f"hedged ({node.hedge_cue})")
    return "; ".join(parts)


def _legend(dot) -> None:
    with dot.subgraph(name="cluster_legend") as legend:
        legend.attr(label="Legend", style="rounded", color="#dddddd", fontsize="10", fontcolor="#555555")
        previous = None
        for node_type, style in STYLE.items():
            name = f"legend_{node_type.value}"
            legend.node(name, label=node_type.value.replace("_", " "), **{**style, "fontsize": "9"})
            if previous is not None:
                legend.edge(name, previous, style="invis")
            previous = name
        legend.node("legend_a", label="", shape="point", width="0.05")
        legend.node("legend_b", label="", shape="point", width="0.05")
        legend.node("legend_c", label="", shape="point", width="0.05")
        legend.edge("legend_a", "legend_b", label="support", **EDGE_STYLE[EdgeType.SUPPORT])
        legend.edge("legend_b", "legend_c", label="attack", **EDGE_STYLE[EdgeType.ATTACK])


def to_dot(amap: ArgumentMap) -> str:
    """The DOT source of the styled map (pure Python; no Graphviz program needed)."""
    return _digraph(amap).source


def svg_string(amap: ArgumentMap) -> str:
    """The map as SVG text, for notebooks and the HTML report."""
    import graphviz

    _check_size(amap)
    try:
        return _digraph(amap).pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        raise GraphvizNotFound() from None
    except graphviz.CalledProcessError as exc:
        raise RenderError(f"Graphviz failed: {exc.stderr.decode(errors='replace').strip() if exc.stderr else exc}") from None


def render(amap: ArgumentMap, path: str | os.PathLike, format: str | None = None) -> list[str]:
    """Draw to ``path`` (format from its suffix unless given), written atomically."""
    import graphviz

    path = Path(path)
    fmt = (format or path.suffix.lstrip(".") or "svg").lower()
    if fmt not in IMAGE_FORMATS:
        raise UnsupportedFormat(f"unknown image format {fmt!r} (must be one of {', '.join(IMAGE_FORMATS)})")
    _check_size(amap)
    try:
        data = _digraph(amap).pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        raise GraphvizNotFound() from None
    except graphviz.CalledProcessError as exc:
        raise RenderError(f"Graphviz failed: {exc.stderr.decode(errors='replace').strip() if exc.stderr else exc}") from None
    from .output import atomic_write

    atomic_write(path, data)
    return [str(path)]
