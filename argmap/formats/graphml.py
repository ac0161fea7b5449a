"""GraphML, written and read by networkx (``write_graphml_xml``, ``parse_graphml``) through ``argmap.graph``.

Attributes are scalars (lists and dicts are flattened by ``argmap.graph``, which also makes
them XML-safe), so Gephi, yEd and ``networkx.read_graphml`` read them back as they were.
Carriage returns are written as ``&#13;`` so that XML parsers do not turn them into line feeds.
"""

from __future__ import annotations

import io

from ..graph import from_networkx, to_networkx
from ..model import ArgumentMap

__all__ = ["write_graphml", "read_graphml"]


def write_graphml(amap: ArgumentMap) -> str:
    """The map as GraphML text (``networkx.generate_graphml``; UTF-8, one key per attribute)."""
    import networkx as nx

    graph = to_networkx(amap)
    ordered = nx.DiGraph()  # the graph's own attributes in sorted order, so the keys come out stable
    ordered.graph.update(sorted(graph.graph.items()))
    ordered.add_nodes_from(graph.nodes(data=True))
    ordered.add_edges_from(graph.edges(data=True))
    buffer = io.BytesIO()
    # the ElementTree writer (not the lxml one) so the bytes do not depend on lxml being installed
    nx.readwrite.graphml.write_graphml_xml(ordered, buffer, encoding="utf-8", prettyprint=True)
    text = buffer.getvalue().decode("utf-8")
    # a raw carriage return would come back from any XML parser as a line feed
    text = text.replace("\r", "&#13;")
    return text if text.endswith("\n") else text + "\n"


def read_graphml(text: str, *, name: str = "document") -> ArgumentMap:
    """The map from GraphML text written by ``write_graphml`` (or any graph with the same attributes)."""
    import networkx as nx

    amap = from_networkx(nx.parse_graphml(text))
    amap.source_format = "graphml"
    return amap
