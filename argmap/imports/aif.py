"""Reading AIF and xAIF (AIFdb nodesets, OVA, AMF, our own exports) into an ``ArgumentMap``.

I-nodes become units. An RA node links each of its premises to each of its conclusions
by a support, a CA node its attacker to its target by an attack; a CA aimed at an RA node
(an undercut) becomes an attack on that inference's conclusion, an MA (rephrase) a support.
Dialogue nodes (L, YA, TA) and preferences (PA) are left out. A file that argmap wrote
carries an ``argmap`` block: roles, rules, cues and ids come back from it exactly.
Otherwise the roles are inferred from the structure: the major claim is a node that
supports nothing — of several, the one with the largest tree under it — units with
supporters are claims, the rest premises; each unit's primary edge is the one that first
reaches it from the major claim.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from ..errors import InputError
from ..model import ArgumentMap, Edge, EdgeType, Metadata, Node, NodeType

__all__ = ["from_aif", "is_aif"]


def is_aif(data: Any) -> bool:
    """Whether ``data`` (parsed JSON) looks like AIF or xAIF."""
    if not isinstance(data, dict):
        return False
    block = data.get("AIF") if isinstance(data.get("AIF"), dict) else data
    nodes = block.get("nodes")
    return isinstance(nodes, list) and isinstance(block.get("edges"), list) and (
        not nodes or (isinstance(nodes[0], dict) and "nodeID" in nodes[0]))


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def from_aif(data: dict[str, Any], *, name: str = "document") -> ArgumentMap:
    """An AIF or xAIF document (parsed JSON) as an ``ArgumentMap``."""
    if not is_aif(data):
        raise InputError(f"{name} is not AIF: no 'nodes' with 'nodeID' and no 'edges'")
    xaif = isinstance(data.get("AIF"), dict)
    block = data["AIF"] if xaif else data
    extra = data.get("argmap") if isinstance(data.get("argmap"), dict) else {}
    try:
        kinds = {_str(n["nodeID"]): _str(n.get("type")).upper() for n in block["nodes"]}
        texts = {_str(n["nodeID"]): _str(n.get("text")) for n in block["nodes"]}
        links = [(_str(e["fromID"]), _str(e["toID"])) for e in block["edges"]]
    except (KeyError, TypeError) as exc:
        raise InputError(f"{name} is not valid AIF: a node or edge lacks {exc}") from None
    into: dict[str, list[str]] = {}
    out_of: dict[str, list[str]] = {}
    for source, target in links:
        out_of.setdefault(source, []).append(target)
        into.setdefault(target, []).append(source)

    def atoms(node_ids: list[str], direction: dict[str, list[str]], seen: frozenset = frozenset()) -> list[str]:
        """I-nodes reached from scheme nodes through chains of RA/MA nodes (rare, but AIF allows them)."""
        found: list[str] = []
        for nid in node_ids:
            if kinds.get(nid) == "I":
                found.append(nid)
            elif kinds.get(nid) in ("RA", "MA") and nid not in seen:
                found += atoms(direction.get(nid, []), direction, seen | {nid})
        return found

    roles = extra.get("nodes", {}) if isinstance(extra.get("nodes"), dict) else {}
    relations = extra.get("relations", {}) if isinstance(extra.get("relations"), dict) else {}
    i_nodes = [_str(n["nodeID"]) for n in block["nodes"] if kinds[_str(n["nodeID"])] == "I"]
    ids = {nid: _str(roles.get(nid, {}).get("id")) or nid for nid in i_nodes}
    edges: list[Edge] = []
    seen_pairs: set[tuple[str, str, str]] = set()

    def add(source: str, target: str, kind: EdgeType, scheme: str, rule: str) -> None:
        key = (source, target, kind.value)
        if source == target or key in seen_pairs:
            return
        seen_pairs.add(key)
        saved = relations.get(scheme) if isinstance(relations.get(scheme), dict) else None
        edges.append(Edge(ids[source], ids[target], kind, rule=_str(saved.get("rule")) if saved else rule,
                          cue=saved.get("cue") if saved else None,
                          primary=bool(saved.get("primary", True)) if saved else True))

    for node in block["nodes"]:
        sid = _str(node["nodeID"])
        kind = kinds[sid]
        if kind in ("RA", "MA"):
            for premise in atoms(into.get(sid, []), into):
                for conclusion in atoms(out_of.get(sid, []), out_of):
                    add(premise, conclusion, EdgeType.SUPPORT, sid, "aif-rephrase" if kind == "MA" else "aif-inference")
        elif kind == "CA":
            targets = []
            for target in out_of.get(sid, []):
                if kinds.get(target) == "I":
                    targets.append((target, "aif-conflict"))
                elif kinds.get(target) in ("RA", "MA"):  # an undercut: the inference's conclusion is what falls
                    targets += [(t, "aif-undercut") for t in atoms(out_of.get(target, []), out_of)]
            for attacker in atoms(into.get(sid, []), into):
                for target, rule in targets:
                    add(attacker, target, EdgeType.ATTACK, sid, rule)
    nodes = []
    for nid in i_nodes:
        saved = roles.get(nid)
        if isinstance(saved, dict) and saved.get("type"):
            nodes.append(Node.from_dict({**saved, "id": ids[nid], "text": texts[nid]}))
        else:
            nodes.append(Node(id=ids[nid], type=NodeType.PREMISE, text=texts[nid], spans=[], rule="aif-i-node"))
    if not nodes:
        raise InputError(f"{name} holds no I-nodes: there is no argument to map")
    amap = ArgumentMap(
        nodes=nodes,
        edges=edges,
        metadata=Metadata.from_dict(extra.get("metadata", {})) if isinstance(extra.get("metadata"), dict) else Metadata(),
        source_text=_str(extra.get("source_text") or (data.get("text") if xaif and isinstance(data.get("text"), str) else "")),
        name=_str(extra.get("document")) or name,
        source_format=_str(extra.get("source_format")) or ("xaif" if xaif else "aif"),
        settings=dict(extra.get("settings", {})) if isinstance(extra.get("settings"), dict) else {},
    )
    if not roles:
        _infer_roles(amap)
        _locate(amap)
    return amap


def _infer_roles(amap: ArgumentMap) -> None:
    """Major claim, claims, premises and the primary tree, from the structure alone."""
    out_of: dict[str, list[Edge]] = {}
    into: dict[str, list[Edge]] = {}
    for edge in amap.edges:
        out_of.setdefault(edge.source, []).append(edge)
        into.setdefault(edge.target, []).append(edge)

    def reach(root: str) -> list[tuple[str, Edge | None]]:
        order, queue, seen = [], deque([(root, None)]), {root}
        while queue:
            nid, via = queue.popleft()
            order.append((nid, via))
            for edge in into.get(nid, []):
                if edge.source not in seen:
                    seen.add(edge.source)
                    queue.append((edge.source, edge))
        return order

    roots = [n.id for n in amap.nodes if not out_of.get(n.id)] or [amap.nodes[0].id]
    trees = {root: reach(root) for root in roots}
    major = max(roots, key=lambda r: (len(trees[r]), -roots.index(r)))
    primary: set[int] = set()
    placed: set[str] = set()
    for root in [major] + [r for r in roots if r != major]:
        for nid, via in trees[root]:
            if nid in placed:
                continue
            placed.add(nid)
            if via is not None:
                primary.add(id(via))
    for edge in amap.edges:
        edge.primary = id(edge) in primary
    for node in amap.nodes:
        if node.id == major:
            node.type, node.rule = NodeType.MAJOR_CLAIM, "aif-root"
        elif any(e.type == EdgeType.SUPPORT for e in into.get(node.id, [])):
            node.type, node.rule = NodeType.CLAIM, "aif-supported"
        else:
            node.type, node.rule = NodeType.PREMISE, "aif-leaf"


def _locate(amap: ArgumentMap) -> None:
    """Spans for units whose text stands verbatim in the source text (xAIF carries it)."""
    if not amap.source_text:
        return
    start = 0
    for node in amap.nodes:
        if not node.text:
            continue
        at = amap.source_text.find(node.text, start)
        if at < 0:
            at = amap.source_text.find(node.text)
        if at >= 0:
            node.spans = [(at, at + len(node.text))]
            start = at + len(node.text)
