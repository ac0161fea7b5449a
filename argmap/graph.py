"""The map as a networkx ``DiGraph`` (scalar attributes only, so GraphML can carry it) and back."""

from __future__ import annotations

import json

from .model import ArgumentMap, Edge, EdgeType, Metadata, Node, NodeType

__all__ = ["to_networkx", "from_networkx", "SECTION_SEPARATOR"]

SECTION_SEPARATOR = " › "


def _spans_str(spans) -> str:
    return ";".join(f"{a}-{b}" for a, b in spans)


def _spans_parse(value: str):
    return [tuple(int(x) for x in part.split("-")) for part in value.split(";") if part]


def to_networkx(amap: ArgumentMap):
    """Nodes keyed by id with type, text, spans ("a-b;c-d"), section ("A › B"), provenance."""
    import networkx as nx

    graph = nx.DiGraph(name=amap.name, format="argmap/1")
    for key, value in amap.metadata.to_dict().items():
        graph.graph[f"meta_{key}"] = str(value)
    for node in amap.nodes:
        attrs = {
            "type": str(node.type),
            "text": node.text,
            "spans": _spans_str(node.spans),
            "section": SECTION_SEPARATOR.join(node.section),
            "paragraph": node.paragraph if node.paragraph is not None else -1,
            "rule": node.rule,
            "cue": node.cue or "",
            "hedged": node.hedged,
            "hedge_cue": node.hedge_cue or "",
            "footnote": node.footnote or "",
            "citations": ",".join(node.citations),
            "ordinal": node.ordinal if node.ordinal is not None else -1,
            "markers": json.dumps(node.markers, ensure_ascii=False, sort_keys=True) if node.markers else "",
        }
        graph.add_node(node.id, **attrs)
    for edge in amap.edges:
        graph.add_edge(edge.source, edge.target, type=str(edge.type), rule=edge.rule, cue=edge.cue or "",
                       primary=edge.primary)
    return graph


def from_networkx(graph) -> ArgumentMap:
    """The inverse of ``to_networkx`` (also reads GraphML written from it)."""
    nodes = []
    for node_id, data in graph.nodes(data=True):
        paragraph = int(data.get("paragraph", -1))
        ordinal = int(data.get("ordinal", -1))
        nodes.append(Node(
            id=str(node_id),
            type=NodeType(data.get("type", "premise")),
            text=data.get("text", ""),
            spans=_spans_parse(data.get("spans", "")),
            section=tuple(s for s in data.get("section", "").split(SECTION_SEPARATOR) if s),
            paragraph=None if paragraph < 0 else paragraph,
            rule=data.get("rule", ""),
            cue=data.get("cue") or None,
            hedged=bool(data.get("hedged", False)),
            hedge_cue=data.get("hedge_cue") or None,
            markers=json.loads(data["markers"]) if data.get("markers") else [],
            footnote=data.get("footnote") or None,
            citations=[c for c in data.get("citations", "").split(",") if c],
            ordinal=None if ordinal < 0 else ordinal,
        ))
    edges = [
        Edge(str(s), str(t), EdgeType(d.get("type", "support")), rule=d.get("rule", ""), cue=d.get("cue") or None,
             primary=bool(d.get("primary", True)))
        for s, t, d in graph.edges(data=True)
    ]
    meta = {k[5:]: v for k, v in graph.graph.items() if k.startswith("meta_")}
    return ArgumentMap(nodes=nodes, edges=edges, metadata=Metadata.from_dict(meta), name=graph.graph.get("name", "document"))
