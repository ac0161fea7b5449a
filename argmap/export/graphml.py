"""GraphML and node-link JSON, written by networkx (``write_graphml_xml``, ``node_link_data``) from ``amap.to_networkx()``.

Attributes are scalars (lists and dicts are flattened by ``argmap.graph``), so Gephi, yEd
and ``networkx.read_graphml`` read them back as they were. XML 1.0 cannot carry most
control characters: those are replaced by U+FFFD in the GraphML (and only there); carriage
returns are written as ``&#13;`` so that XML parsers do not turn them into line feeds.
"""

from __future__ import annotations

import io
import json
import re

from ..model import ArgumentMap

__all__ = ["to_graphml", "to_node_link", "xml_safe"]

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(value):
    """``value`` with the characters XML 1.0 forbids replaced (strings only)."""
    return _XML_INVALID.sub("\ufffd", value) if isinstance(value, str) else value


def to_graphml(amap: ArgumentMap) -> str:
    """The map as GraphML text (``networkx.generate_graphml``; UTF-8, one key per attribute)."""
    import networkx as nx

    graph = amap.to_networkx()
    clean = nx.DiGraph()
    clean.graph.update({k: xml_safe(v) for k, v in sorted(graph.graph.items())})
    for node, data in graph.nodes(data=True):
        clean.add_node(xml_safe(node), **{k: xml_safe(v) for k, v in data.items()})
    for source, target, data in graph.edges(data=True):
        clean.add_edge(xml_safe(source), xml_safe(target), **{k: xml_safe(v) for k, v in data.items()})
    buffer = io.BytesIO()
    # the ElementTree writer (not the lxml one) so the bytes do not depend on lxml being installed
    nx.readwrite.graphml.write_graphml_xml(clean, buffer, encoding="utf-8", prettyprint=True)
    text = buffer.getvalue().decode("utf-8")
    # a raw carriage return would come back from any XML parser as a line feed
    text = text.replace("\r", "&#13;")
    return text if text.endswith("\n") else text + "\n"


def to_node_link(amap: ArgumentMap) -> str:
    """The map as networkx node-link JSON (``networkx.node_link_data(..., edges="edges")``)."""
    import networkx as nx

    data = nx.node_link_data(amap.to_networkx(), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
