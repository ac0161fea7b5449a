"""AIF JSON (AIFdb, OVA, arguebuf) and OVA3's xAIF envelope around it.

Every unit becomes an I-node; a support edge becomes premise → RA → conclusion, an attack
edge attacker → CA → target, so two I-nodes are never linked directly. Ids are strings
numbered in map order (I-nodes first, then one S-node per edge, in edge order), which keeps
the output stable. AIF has no place for our roles, rules and cues: they travel in an
``argmap`` block beside the AIF data (with the source text the spans index; xAIF has it in
``text`` already), which AIF readers ignore and ``argmap.imports`` reads.

Timestamps: AIF wants one on every node (``YYYY-MM-DD HH:mm:ss``). We write the document's
own date (metadata ``date``, at midnight) when it has one, else the fixed
``1970-01-01 00:00:00`` — never the time of the export, so that the same map always gives
the same bytes.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..model import SCHEMA_VERSION, ArgumentMap, EdgeType

__all__ = [
    "to_aif",
    "to_xaif",
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


def to_aif(amap: ArgumentMap) -> str:
    """The map as AIF JSON text."""
    return _dumps(aif_dict(amap))


def to_xaif(amap: ArgumentMap) -> str:
    """The map as xAIF JSON text (AIF plus the source text and an OVA layout)."""
    return _dumps(xaif_dict(amap))
