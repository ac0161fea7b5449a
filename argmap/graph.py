"""The map as a networkx ``DiGraph`` (scalar attributes only, so GraphML can carry it) and back."""

from __future__ import annotations

import json
import re

from .model import SECTION_SEPARATOR, ArgumentMap, Citation, Edge, EdgeType, Metadata, Node, NodeType

__all__ = ["to_networkx", "from_networkx", "xml_safe"]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold (most controls, lone surrogates) as U+FFFD.

    The pipeline's own maps never hold them (reading scrubs them); a map built or loaded
    by hand may, and GraphML must still be written.
    """
    return _NOT_XML.sub("\ufffd", text)


def _spans_str(spans) -> str:
    return ";".join(f"{a}-{b}" for a, b in spans)


def _spans_parse(value: str):
    return [tuple(int(x) for x in part.split("-")) for part in value.split(";") if part]


def _citations_str(citations) -> str:
    """A unit's citations as one attribute: their JSON list, as argmap's JSON writes it ("" for none)."""
    return json.dumps([c.to_dict() for c in citations], ensure_ascii=False) if citations else ""


def _citations_parse(value: str) -> list[Citation]:
    """The inverse of ``_citations_str``; also the comma-separated note labels of files written before links."""
    if value.lstrip().startswith("["):
        try:
            return [Citation.from_dict(c) for c in json.loads(value)]
        except (ValueError, TypeError, AttributeError, IndexError):
            return []
    return [Citation.footnote(c) for c in value.split(",") if c]


def _learned_str(item) -> dict:
    """A learned decision's ``score`` (a number, as the JSON rounds it) and ``why`` (JSON text), as scalars;
    nothing for a decision of the rules."""
    if item.score is None:
        return {}
    return {"score": round(float(item.score), 4), "why": json.dumps(item.why, ensure_ascii=False, sort_keys=True)}


def _learned_parse(data) -> dict:
    """``_learned_str`` read back: a ``score`` and its ``why``, or nothing."""
    score = data.get("score")
    if not isinstance(score, (int, float)) or isinstance(score, bool):
        return {}
    try:
        why = json.loads(data.get("why") or "[]")
    except ValueError:
        why = []
    return {"score": float(score), "why": [dict(w) for w in why if isinstance(w, dict)] if isinstance(why, list) else []}


def to_networkx(amap: ArgumentMap):
    """Nodes keyed by id with type, text, spans ("a-b;c-d"), section ("A › B"), provenance."""
    import networkx as nx

    graph = nx.DiGraph(name=xml_safe(amap.name), format="argmap/1")
    for key, value in amap.metadata.to_dict().items():
        graph.graph[f"meta_{xml_safe(key)}"] = xml_safe(str(value))
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
            "citations": _citations_str(node.citations),
            "ordinal": node.ordinal if node.ordinal is not None else -1,
            "markers": json.dumps(node.markers, ensure_ascii=False, sort_keys=True) if node.markers else "",
            **_learned_str(node),
        }
        graph.add_node(xml_safe(node.id), **{k: xml_safe(v) if isinstance(v, str) else v for k, v in attrs.items()})
    for edge in amap.edges:
        graph.add_edge(xml_safe(edge.source), xml_safe(edge.target), type=str(edge.type), rule=xml_safe(edge.rule),
                       cue=xml_safe(edge.cue or ""), primary=edge.primary, **_learned_str(edge))
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
            citations=_citations_parse(data.get("citations", "")),
            ordinal=None if ordinal < 0 else ordinal,
            **_learned_parse(data),
        ))
    edges = [
        Edge(str(s), str(t), EdgeType(d.get("type", "support")), rule=d.get("rule", ""), cue=d.get("cue") or None,
             primary=bool(d.get("primary", True)), **_learned_parse(d))
        for s, t, d in graph.edges(data=True)
    ]
    meta = {k[5:]: v for k, v in graph.graph.items() if k.startswith("meta_")}
    return ArgumentMap(nodes=nodes, edges=edges, metadata=Metadata.from_dict(meta), name=graph.graph.get("name", "document"))
