"""Exporters: one module per format, each ``to_<format>(amap) -> str``, and one registry.

Every exporter is deterministic: stable ids, sorted keys, no timestamps, a final newline.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Callable, Iterable

from ..errors import UnsupportedFormat
from ..model import ArgumentMap

__all__ = ["FORMATS", "Exporter", "export", "verify_formats"]


@dataclass(frozen=True)
class Exporter:
    """A text format: the file suffix and where its function lives (imported on use)."""

    name: str
    suffix: str
    target: str  # "module:function"
    description: str

    @property
    def function(self) -> Callable[[ArgumentMap], str]:
        module, _, func = self.target.partition(":")
        return getattr(import_module(module), func)


FORMATS: dict[str, Exporter] = {
    "json": Exporter("json", ".json", "argmap.export.json_format:to_json", "argmap's native JSON"),
    "dot": Exporter("dot", ".dot", "argmap.render:to_dot", "Graphviz DOT source"),
    "html": Exporter("html", ".html", "argmap.export.html_report:to_html",
                     "interactive report: the map beside the text, offline, one file (needs Graphviz)"),
    "aif": Exporter("aif", ".aif.json", "argmap.export.aif:to_aif", "AIF JSON (AIFdb, OVA, arguebuf)"),
    "xaif": Exporter("xaif", ".xaif.json", "argmap.export.aif:to_xaif", "xAIF: AIF with the source text (OVA3, AMF)"),
    "argdown": Exporter("argdown", ".argdown", "argmap.export.argdown:to_argdown", "Argdown source"),
    "graphml": Exporter("graphml", ".graphml", "argmap.export.graphml:to_graphml", "GraphML (Gephi, yEd, networkx)"),
    "nodelink": Exporter("nodelink", ".nodelink.json", "argmap.export.graphml:to_node_link",
                         "networkx node-link JSON (D3, networkx)"),
    "mermaid": Exporter("mermaid", ".mmd", "argmap.export.mermaid:to_mermaid", "Mermaid flowchart (GitHub, GitLab)"),
    "outline": Exporter("outline", ".outline.md", "argmap.export.outline:to_outline",
                        "Markdown outline: thesis, claims, premises, evidence as footnotes"),
}


def verify_formats(formats: Iterable[str], *, extra: Iterable[str] = ()) -> None:
    """Refuse unknown format names, listing the valid ones."""
    valid = sorted(set(FORMATS) | set(extra))
    unknown = [f for f in formats if f not in valid]
    if unknown:
        raise UnsupportedFormat(
            f"unknown format {', '.join(repr(f) for f in unknown)} (must be one of {', '.join(valid)})"
        )


def export(amap: ArgumentMap, fmt: str, **options) -> str:
    """The map as text in ``fmt``, always ending with a newline (``options``, such as the pictures'
    ``layout`` for ``html`` and ``dot``, go to the format's function)."""
    verify_formats([fmt])
    text = FORMATS[fmt].function(amap, **options)
    return text if text.endswith("\n") else text + "\n"
