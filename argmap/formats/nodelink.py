"""networkx node-link JSON (D3, networkx): ``node_link_data`` / ``node_link_graph`` through ``argmap.graph``."""

from __future__ import annotations

import json
from typing import Any

from ..graph import from_networkx, to_networkx
from ..model import ArgumentMap

__all__ = ["write_node_link", "read_node_link", "from_data", "is_node_link"]


def write_node_link(amap: ArgumentMap) -> str:
    """The map as networkx node-link JSON (``networkx.node_link_data(..., edges="edges")``)."""
    import networkx as nx

    data = nx.node_link_data(to_networkx(amap), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def is_node_link(data: Any) -> bool:
    """Whether ``data`` (parsed JSON) has networkx's node-link shape."""
    return (isinstance(data, dict) and isinstance(data.get("nodes"), list) and isinstance(data.get("edges"), list)
            and "directed" in data)


def from_data(data: dict[str, Any], *, name: str = "document") -> ArgumentMap:
    """The map from parsed node-link JSON."""
    import networkx as nx

    amap = from_networkx(nx.node_link_graph(data, edges="edges"))
    amap.source_format = "nodelink"
    return amap


def read_node_link(text: str, *, name: str = "document") -> ArgumentMap:
    """The map from node-link JSON text."""
    return from_data(json.loads(text), name=name)
