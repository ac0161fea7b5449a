"""How each node and edge type looks, in one place: the DOT drawing, Mermaid, Argdown and the HTML report read it."""

from __future__ import annotations

from .model import EdgeType, NodeType

__all__ = ["STYLE", "EDGE_STYLE", "HEDGED_COLOUR", "NODE_FONT", "line_colour"]

#: shape and colours per node type (Graphviz attributes): what a reader learns at a glance
STYLE = {
    NodeType.MAJOR_CLAIM: {"shape": "box", "style": "filled,bold", "fillcolor": "#1f3a5f", "fontcolor": "white", "penwidth": "2"},
    NodeType.CLAIM: {"shape": "box", "style": "filled,rounded", "fillcolor": "#cfe2f3", "color": "#2b5c8a"},
    NodeType.PREMISE: {"shape": "box", "style": "filled", "fillcolor": "#ffffff", "color": "#777777"},
    NodeType.EVIDENCE: {"shape": "note", "style": "filled", "fillcolor": "#f3f3f3", "color": "#999999", "fontsize": "9"},
    NodeType.RECOMMENDATION: {"shape": "cds", "style": "filled", "fillcolor": "#d9ead3", "color": "#38761d"},
}
#: colour, arrowhead and line per edge type (Graphviz attributes)
EDGE_STYLE = {
    EdgeType.SUPPORT: {"color": "#38761d", "arrowhead": "normal"},
    EdgeType.ATTACK: {"color": "#cc0000", "arrowhead": "tee", "style": "dashed", "penwidth": "1.5"},
}
#: the font every label asks for; fontconfig fills in characters it lacks from the installed fonts
#: (CJK and other scripts need their own: see README, "Graphviz")
NODE_FONT = "Helvetica"
#: the colour that marks a hedged unit where a format has one colour per tag (Argdown)
HEDGED_COLOUR = "#b45f06"


def line_colour(node_type: NodeType) -> str:
    """The one colour that stands for a node type: its outline, or its fill where it has no outline."""
    style = STYLE[node_type]
    return style.get("color", style["fillcolor"])
