"""Reading maps back: argmap's JSON, AIF/xAIF, GraphML and node-link JSON → ``ArgumentMap``.

``load_map`` sniffs the content (not the file name): JSON with ``"format": "argmap/1"``
is our own, JSON with ``nodeID``s is AIF (``{"AIF": …}`` is xAIF), JSON with ``nodes`` and
``edges`` in networkx's node-link shape is node-link, XML with ``<graphml`` is GraphML.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..errors import InputError, InputNotFound, UnsupportedFormat
from ..model import ArgumentMap

__all__ = ["load_map", "parse_map", "sniff_map_format", "MAP_FORMATS"]

MAP_FORMATS = ("json", "aif", "xaif", "graphml", "nodelink")


def sniff_map_format(text: str, data: Any = None) -> str | None:
    """Which map format ``text`` is in (``data`` is its parsed JSON, if already parsed)."""
    head = text.lstrip()[:4096]
    if head.startswith("<") and "<graphml" in head:
        return "graphml"
    if data is None:
        return None
    from .aif import is_aif

    if isinstance(data, dict):
        if str(data.get("format", "")).startswith("argmap/") and isinstance(data.get("nodes"), list):
            return "json"
        if is_aif(data):
            return "xaif" if isinstance(data.get("AIF"), dict) else "aif"
        if isinstance(data.get("nodes"), list) and isinstance(data.get("edges"), list) and "directed" in data:
            return "nodelink"
    return None


def parse_map(text: str, *, name: str = "document") -> ArgumentMap:
    """A map from the text of a file in one of :data:`MAP_FORMATS`."""
    data = None
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    fmt = sniff_map_format(stripped, data)
    if fmt is None:
        raise UnsupportedFormat(f"{name} is not a map argmap can read (expected one of: argmap JSON, AIF, "
                                f"xAIF, GraphML, node-link JSON; to map a document use 'argmap analyze')")
    try:
        if fmt == "json":
            return ArgumentMap.from_dict(data)
        if fmt in ("aif", "xaif"):
            from .aif import from_aif

            return from_aif(data, name=name)
        from ..graph import from_networkx

        import networkx as nx

        if fmt == "nodelink":
            graph = nx.node_link_graph(data, edges="edges")
        else:
            graph = nx.parse_graphml(stripped)
        amap = from_networkx(graph)
        amap.source_format = fmt
        return amap
    except (KeyError, ValueError, TypeError) as exc:
        raise InputError(f"{name} is not a valid {fmt} map: {type(exc).__name__}: {exc}") from None


def load_map(source: str | os.PathLike) -> ArgumentMap:
    """Read a map file (argmap JSON, AIF, xAIF, GraphML, node-link JSON)."""
    path = Path(source)
    if not path.is_file():
        raise InputNotFound(f"no such file: {path}" if not path.exists() else f"{path} is not a file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text, so it is not a map argmap can read") from None
    except OSError as exc:
        raise InputNotFound(f"cannot read {path}: {exc.strerror or exc}") from None
    return parse_map(text, name=path.name)
