"""AIF JSON (AIFdb, OVA, arguebuf) and OVA3's xAIF envelope around it: written and read here.

Writing.

Every unit becomes an I-node; a support edge becomes premise → RA → conclusion, an attack
edge attacker → CA → target, so two I-nodes are never linked directly. Ids are strings
numbered in map order (I-nodes first, then one S-node per edge, in edge order), which keeps
the output stable. AIF has no place for our roles, rules and cues: they travel in an
``argmap`` block beside the AIF data (with the source text the spans index; xAIF has it in
``text`` already), which AIF readers ignore and ``read_aif`` reads.

Timestamps: AIF wants one on every node (``YYYY-MM-DD HH:mm:ss``). We write the document's
own date (metadata ``date``, at midnight) when it has one, else the fixed
``1970-01-01 00:00:00`` — never the time of the export, so that the same map always gives
the same bytes.

Reading: AIF and xAIF (AIFdb nodesets, OVA, AMF, our own exports) into an ``ArgumentMap``;
``AifGraph`` is the one parser of AIF's nodes and links (the gold reader in ``argmap.evaluate`` uses it too).

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

import json
import re
from collections import deque
from typing import Any, Iterator

from .. import rules as R
from ..errors import InputError
from ..model import SCHEMA_VERSION, ArgumentMap, Edge, EdgeType, Metadata, Node, NodeType

__all__ = [
    "write_aif",
    "write_xaif",
    "read_aif",
    "from_data",
    "is_aif",
    "AifGraph",
    "aif_dict",
    "xaif_dict",
    "aif_timestamp",
    "FIXED_TIMESTAMP",
    "RA_TEXT",
    "CA_TEXT",
    "RA_SCHEME_ID",
    "CA_SCHEME_ID",
]

FIXED_TIMESTAMP = "1970-01-01 00:00:00"
RA_TEXT, CA_TEXT = "Default Inference", "Default Conflict"
#: OVA's scheme ids for its default inference and conflict
RA_SCHEME_ID, CA_SCHEME_ID = "72", "71"
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})(?:-(\d{2}))?")
#: xAIF's OVA block: a simple layered layout, the major claim on top
_X_STEP, _Y_STEP = 260, 170


def aif_timestamp(amap: ArgumentMap) -> str:
    """The document's date at midnight in AIF's format, else :data:`FIXED_TIMESTAMP`."""
    match = _ISO_DATE.match(amap.metadata.date or "")
    if not match:
        return FIXED_TIMESTAMP
    year, month, day = match.group(1), match.group(2), match.group(3) or "01"
    if not ("01" <= month <= "12" and "01" <= day <= "31"):
        return FIXED_TIMESTAMP
    return f"{year}-{month}-{day} 00:00:00"


def _build(amap: ArgumentMap) -> tuple[dict[str, Any], dict[str, Any]]:
    """The AIF block and the ``argmap`` block that goes beside it."""
    stamp = aif_timestamp(amap)
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    aif_id: dict[str, str] = {}
    roles: dict[str, dict[str, Any]] = {}
    for index, node in enumerate(amap.nodes, start=1):
        nid = str(index)
        aif_id[node.id] = nid
        nodes.append({"nodeID": nid, "text": node.text, "type": "I", "timestamp": stamp})
        roles[nid] = {k: v for k, v in node.to_dict().items() if k != "text"}
    relations: dict[str, dict[str, Any]] = {}
    counter = len(amap.nodes)
    edge_counter = 0
    for edge in amap.edges:
        if edge.source not in aif_id or edge.target not in aif_id:
            continue
        counter += 1
        sid = str(counter)
        is_attack = edge.type == EdgeType.ATTACK
        nodes.append({"nodeID": sid, "text": CA_TEXT if is_attack else RA_TEXT, "type": "CA" if is_attack else "RA",
                      "timestamp": stamp})
        for source, target in ((aif_id[edge.source], sid), (sid, aif_id[edge.target])):
            edge_counter += 1
            edges.append({"edgeID": str(edge_counter), "fromID": source, "toID": target, "formEdgeID": None})
        relations[sid] = {k: v for k, v in edge.to_dict().items() if k not in ("source", "target")}
    aif = {"nodes": nodes, "edges": edges, "locutions": [], "participants": []}
    extra = {
        "format": SCHEMA_VERSION,
        "document": amap.name,
        "source_format": amap.source_format,
        "metadata": amap.metadata.to_dict(),
        "nodes": roles,
        "relations": relations,
        "settings": dict(sorted(amap.settings.items())),
    }
    return aif, extra


def aif_dict(amap: ArgumentMap) -> dict[str, Any]:
    """AIF: ``nodes``, ``edges``, ``locutions``, ``participants``, and our ``argmap`` block."""
    aif, extra = _build(amap)
    extra["source_text"] = amap.source_text  # so that the spans keep their meaning
    return {**aif, "argmap": extra}


def xaif_dict(amap: ArgumentMap) -> dict[str, Any]:
    """xAIF (OVA3): ``{"AIF": {...}, "text": source, "OVA": layout}`` and our ``argmap`` block."""
    aif, extra = _build(amap)
    aif["schemefulfillments"] = [
        {"nodeID": n["nodeID"], "schemeID": RA_SCHEME_ID if n["type"] == "RA" else CA_SCHEME_ID}
        for n in aif["nodes"] if n["type"] in ("RA", "CA")
    ]
    return {"AIF": aif, "text": amap.source_text, "OVA": _ova_layout(aif), "argmap": extra}


def _ova_layout(aif: dict[str, Any]) -> dict[str, Any]:
    """OVA's drawing block: each node one row above the node it serves (roots on top)."""
    parent: dict[str, str] = {}
    for edge in aif["edges"]:
        parent.setdefault(edge["fromID"], edge["toID"])
    depth: dict[str, int] = {}

    def depth_of(nid: str) -> int:
        seen = []
        current = nid
        while current in parent and current not in seen and current not in depth:
            seen.append(current)
            current = parent[current]
        base = depth.get(current, 0)
        for offset, item in enumerate(reversed(seen), start=1):
            depth[item] = base + offset
        return depth.setdefault(nid, base)

    columns: dict[int, int] = {}
    nodes = []
    for node in aif["nodes"]:
        level = depth_of(node["nodeID"])
        column = columns.get(level, 0)
        columns[level] = column + 1
        nodes.append({"nodeID": node["nodeID"], "visible": True, "x": column * _X_STEP, "y": level * _Y_STEP,
                      "timestamp": node["timestamp"]})
    edges = [{"fromID": e["fromID"], "toID": e["toID"], "visible": True} for e in aif["edges"]]
    return {"firstname": "", "surname": "", "url": "", "nodes": nodes, "edges": edges}


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_aif(amap: ArgumentMap) -> str:
    """The map as AIF JSON text."""
    return _dumps(aif_dict(amap))


def write_xaif(amap: ArgumentMap) -> str:
    """The map as xAIF JSON text (AIF plus the source text and an OVA layout)."""
    return _dumps(xaif_dict(amap))


# --- reading ----------------------------------------------------------------------------


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


class AifGraph:
    """AIF's nodes and links parsed once: node kinds and texts, and the links into and out of each node."""

    def __init__(self, data: dict[str, Any], *, name: str = "document"):
        if not is_aif(data):
            raise InputError(f"{name} is not AIF: no 'nodes' with 'nodeID' and no 'edges'")
        self.xaif = isinstance(data.get("AIF"), dict)
        block = data["AIF"] if self.xaif else data
        try:
            self.order = [_str(n["nodeID"]) for n in block["nodes"]]
            self.kinds = {_str(n["nodeID"]): _str(n.get("type")).upper() for n in block["nodes"]}
            self.texts = {_str(n["nodeID"]): _str(n.get("text")) for n in block["nodes"]}
            links = [(_str(e["fromID"]), _str(e["toID"])) for e in block["edges"]]
        except (KeyError, TypeError) as exc:
            raise InputError(f"{name} is not valid AIF: a node or edge lacks {exc}") from None
        self.into: dict[str, list[str]] = {}
        self.out_of: dict[str, list[str]] = {}
        for source, target in links:
            self.out_of.setdefault(source, []).append(target)
            self.into.setdefault(target, []).append(source)

    @property
    def i_nodes(self) -> list[str]:
        """The propositions (I-nodes), in file order."""
        return [nid for nid in dict.fromkeys(self.order) if self.kinds[nid] == "I"]

    def _atoms(self, node_ids: list[str], direction: dict[str, list[str]], seen: frozenset = frozenset()) -> list[str]:
        """I-nodes reached from scheme nodes through chains of RA/MA nodes (rare, but AIF allows them)."""
        found: list[str] = []
        for nid in node_ids:
            if self.kinds.get(nid) == "I":
                found.append(nid)
            elif self.kinds.get(nid) in ("RA", "MA") and nid not in seen:
                found += self._atoms(direction.get(nid, []), direction, seen | {nid})
        return found

    @R.implements(R.AIF_INFERENCE, R.AIF_REPHRASE, R.AIF_CONFLICT, R.AIF_UNDERCUT)
    def relations(self, *, direct: bool = False) -> Iterator[tuple[str, str, EdgeType, str, str]]:
        """Each relation between I-nodes as (source, target, type, scheme node, rule), in file order.

        ``direct``: only I → RA → I (a support) and I → CA → I (an attack); otherwise chains of
        inferences, rephrases (MA) and undercuts (a CA aimed at an RA) are followed too.
        """
        if direct:
            for sid in self.order:
                kind = self.kinds[sid]
                if kind not in ("RA", "CA"):
                    continue
                relation = EdgeType.SUPPORT if kind == "RA" else EdgeType.ATTACK
                rule = (R.AIF_INFERENCE if kind == "RA" else R.AIF_CONFLICT).name
                for source in self.into.get(sid, []):
                    for target in self.out_of.get(sid, []):
                        if self.kinds.get(source) == "I" and self.kinds.get(target) == "I":
                            yield source, target, relation, sid, rule
            return
        for sid in self.order:
            kind = self.kinds[sid]
            if kind in ("RA", "MA"):
                for premise in self._atoms(self.into.get(sid, []), self.into):
                    for conclusion in self._atoms(self.out_of.get(sid, []), self.out_of):
                        yield premise, conclusion, EdgeType.SUPPORT, sid, (R.AIF_REPHRASE if kind == "MA" else R.AIF_INFERENCE).name
            elif kind == "CA":
                targets = []
                for target in self.out_of.get(sid, []):
                    if self.kinds.get(target) == "I":
                        targets.append((target, R.AIF_CONFLICT.name))
                    elif self.kinds.get(target) in ("RA", "MA"):  # an undercut: the inference's conclusion is what falls
                        targets += [(t, R.AIF_UNDERCUT.name) for t in self._atoms(self.out_of.get(target, []), self.out_of)]
                for attacker in self._atoms(self.into.get(sid, []), self.into):
                    for target, rule in targets:
                        yield attacker, target, EdgeType.ATTACK, sid, rule


def _learned(saved: dict[str, Any]) -> dict[str, Any]:
    """A learned edge's ``score`` and ``why`` as our ``argmap`` block keeps them (nothing for the rules')."""
    score, why = saved.get("score"), saved.get("why")
    if not isinstance(score, (int, float)) or isinstance(score, bool):
        return {}
    return {"score": float(score), "why": [dict(w) for w in why if isinstance(w, dict)] if isinstance(why, list) else []}


@R.implements(R.AIF_I_NODE)
def from_data(data: dict[str, Any], *, name: str = "document") -> ArgumentMap:
    """An AIF or xAIF document (parsed JSON) as an ``ArgumentMap``."""
    graph = AifGraph(data, name=name)
    xaif = graph.xaif
    extra = data.get("argmap") if isinstance(data.get("argmap"), dict) else {}
    roles = extra.get("nodes", {}) if isinstance(extra.get("nodes"), dict) else {}
    relations = extra.get("relations", {}) if isinstance(extra.get("relations"), dict) else {}
    i_nodes = [nid for nid in graph.order if graph.kinds[nid] == "I"]
    ids = {nid: _str(roles.get(nid, {}).get("id")) or nid for nid in i_nodes}
    edges: list[Edge] = []
    seen_pairs: set[tuple[str, str, str]] = set()
    for source, target, kind, scheme, rule in graph.relations():
        key = (source, target, kind.value)
        if source == target or key in seen_pairs:
            continue
        seen_pairs.add(key)
        saved = relations.get(scheme) if isinstance(relations.get(scheme), dict) else None
        edges.append(Edge(ids[source], ids[target], kind, rule=_str(saved.get("rule")) if saved else rule,
                          cue=saved.get("cue") if saved else None,
                          primary=bool(saved.get("primary", True)) if saved else True,
                          **(_learned(saved) if saved else {})))
    nodes = []
    for nid in i_nodes:
        saved = roles.get(nid)
        if isinstance(saved, dict) and saved.get("type"):
            nodes.append(Node.from_dict({**saved, "id": ids[nid], "text": graph.texts[nid]}))
        else:
            nodes.append(Node(id=ids[nid], type=NodeType.PREMISE, text=graph.texts[nid], spans=[], rule=R.AIF_I_NODE.name))
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


def read_aif(text: str, *, name: str = "document") -> ArgumentMap:
    """An AIF or xAIF document (its JSON text) as an ``ArgumentMap``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    return from_data(data, name=name)


@R.implements(R.AIF_ROOT, R.AIF_SUPPORTED, R.AIF_LEAF)
def _infer_roles(amap: ArgumentMap) -> None:
    """Major claim, claims, premises and the primary tree, from the structure alone."""
    out_of, into = amap.index.out_of, amap.index.into

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
    major = max(enumerate(roots), key=lambda pair: (len(trees[pair[1]]), -pair[0]))[1]
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
            node.type, node.rule = NodeType.MAJOR_CLAIM, R.AIF_ROOT.name
        elif any(e.type == EdgeType.SUPPORT for e in into.get(node.id, [])):
            node.type, node.rule = NodeType.CLAIM, R.AIF_SUPPORTED.name
        else:
            node.type, node.rule = NodeType.PREMISE, R.AIF_LEAF.name


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
