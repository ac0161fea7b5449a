"""Map formats: one module per format that reads and writes it, and the one registry every command uses.

As in networkx's ``readwrite``, a format's reader and writer stand side by side in its module
(``argmap.formats.aif.read_aif`` / ``write_aif``). Writers take a map and return text; they are
deterministic (stable ids, sorted keys, no timestamps, a final newline). ``read_map`` sniffs a
file's content (not its name) and reads every format that has a reader, so ``analyze --format``,
``convert``, ``render``, ``show`` and ``audit`` accept the same files.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any, Callable, Iterable

from ..errors import InputError, InputNotFound, UnsupportedFormat
from ..model import ArgumentMap

__all__ = [
    "FORMATS",
    "READABLE",
    "READABLE_NAMES",
    "Format",
    "write",
    "verify_formats",
    "read_map",
    "parse_map",
    "sniff_map_format",
    "looks_like_map",
]

@dataclass(frozen=True)
class Format:
    """A map format: its file suffix, its writer and (if it can be read) its reader, imported on use.

    ``reader`` names a function ``(data, *, name) -> ArgumentMap`` taking the parsed JSON for
    JSON formats and the text for the others. ``options`` are the keywords the writer takes:
    ``layout`` (how the pictures stand, for DOT and HTML) and ``findings`` (the audit's, given by
    the caller: the HTML report shows them; no writer runs the audit).
    """

    name: str
    suffix: str
    writer: str  # "module:function"
    description: str
    reader: str | None = None
    options: tuple[str, ...] = ()

    @property
    def write(self) -> Callable[..., str]:
        return _resolve(self.writer)

    @property
    def read(self) -> Callable[..., ArgumentMap] | None:
        return _resolve(self.reader) if self.reader else None


def _resolve(target: str) -> Callable:
    module, _, func = target.partition(":")
    return getattr(import_module(module), func)


_HERE = __name__
FORMATS: dict[str, Format] = {
    "json": Format("json", ".json", f"{_HERE}.argmap_json:write_json", "argmap's native JSON",
                   f"{_HERE}.argmap_json:from_data"),
    "dot": Format("dot", ".dot", f"{_HERE}.dot:write_dot", "Graphviz DOT source", options=("layout",)),
    "html": Format("html", ".html", f"{_HERE}.html:write_html",
                   "interactive report: the map beside the text, offline, one file (needs Graphviz)",
                   options=("findings", "layout")),
    "aif": Format("aif", ".aif.json", f"{_HERE}.aif:write_aif", "AIF JSON (AIFdb, OVA, arguebuf)",
                  f"{_HERE}.aif:from_data"),
    "xaif": Format("xaif", ".xaif.json", f"{_HERE}.aif:write_xaif", "xAIF: AIF with the source text (OVA3, AMF)",
                   f"{_HERE}.aif:from_data"),
    "argdown": Format("argdown", ".argdown", f"{_HERE}.argdown:write_argdown", "Argdown source",
                      f"{_HERE}.argdown:read_argdown"),
    "graphml": Format("graphml", ".graphml", f"{_HERE}.graphml:write_graphml", "GraphML (Gephi, yEd, networkx)",
                      f"{_HERE}.graphml:read_graphml"),
    "nodelink": Format("nodelink", ".nodelink.json", f"{_HERE}.nodelink:write_node_link",
                       "networkx node-link JSON (D3, networkx)", f"{_HERE}.nodelink:from_data"),
    "mermaid": Format("mermaid", ".mmd", f"{_HERE}.mermaid:write_mermaid", "Mermaid flowchart (GitHub, GitLab)",
                      f"{_HERE}.mermaid:read_mermaid"),
    "outline": Format("outline", ".outline.md", f"{_HERE}.outline:write_outline",
                      "Markdown outline: thesis, claims, premises, evidence as footnotes",
                      f"{_HERE}.outline:read_outline"),
}
#: the formats a map can be read back from
READABLE = tuple(name for name, fmt in FORMATS.items() if fmt.reader)
#: the readable formats named for a command's help
READABLE_NAMES = ", ".join(READABLE)
_JSON_FORMATS = ("json", "aif", "xaif", "nodelink")


def verify_formats(formats: Iterable[str], *, extra: Iterable[str] = ()) -> None:
    """Refuse unknown format names, listing the valid ones."""
    valid = sorted(set(FORMATS) | set(extra))
    unknown = [f for f in formats if f not in valid]
    if unknown:
        raise UnsupportedFormat(
            f"unknown format {', '.join(repr(f) for f in unknown)} (must be one of {', '.join(valid)})"
        )


def write(amap: ArgumentMap, fmt: str, **options: Any) -> str:
    """The map as text in ``fmt``, always ending with a newline.

    ``options`` go to the formats that take them (see ``Format.options``): ``layout`` to DOT and
    HTML, ``findings`` (the audit's, see ``argmap.audit``) to HTML; the others ignore them.
    """
    verify_formats([fmt])
    spec = FORMATS[fmt]
    text = spec.write(amap, **{k: v for k, v in options.items() if k in spec.options})
    return text if text.endswith("\n") else text + "\n"


# --- reading --------------------------------------------------------------------------------
def sniff_map_format(text: str, data: Any = None) -> str | None:
    """Which readable format ``text`` is in (``data`` is its parsed JSON, if it is JSON)."""
    head = text.lstrip()[:4096]
    if head.startswith("<") and "<graphml" in head:
        return "graphml"
    if not isinstance(data, dict):
        from . import argdown, mermaid, outline

        if data is None and mermaid.looks_like_mermaid(text):
            return "mermaid"
        if data is None and outline.looks_like_outline(text):
            return "outline"
        if data is None and argdown.looks_like_argdown(text):
            return "argdown"
        return None
    from . import aif, argmap_json, nodelink

    if argmap_json.is_argmap_json(data):
        return "json"
    if aif.is_aif(data):
        return "xaif" if isinstance(data.get("AIF"), dict) else "aif"
    if nodelink.is_node_link(data):
        return "nodelink"
    return None


_NOT_A_MAP = ("is not a map argmap can read: expected the JSON written by 'argmap analyze', AIF, xAIF, "
              "GraphML, node-link JSON, Argdown, a Mermaid flowchart or an argmap outline")


def parse_map(text: str, *, name: str = "document") -> ArgumentMap:
    """A map from the text of a file in one of the :data:`READABLE` formats (sniffed from the content)."""
    data = None
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    fmt = sniff_map_format(stripped, data)
    if fmt is None:
        raise UnsupportedFormat(f"{name} {_NOT_A_MAP} (to map a document use 'argmap analyze')")
    reader = FORMATS[fmt].read
    try:
        return reader(data if fmt in _JSON_FORMATS else stripped, name=name)
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise InputError(f"{name} is not a valid {fmt} map: {type(exc).__name__}: {exc}") from None


def _map_suffix(path: Path) -> bool:
    """Whether ``path`` is named as a readable map is (``brief.outline.md``, ``brief.mmd``, …)."""
    return any(path.name.lower().endswith(FORMATS[f].suffix) and len(path.name) > len(FORMATS[f].suffix)
               for f in READABLE if FORMATS[f].suffix not in (".json",))


def _is_document(path: Path, head: str) -> bool:
    """A brief (by its suffix, unless it holds JSON or is named as a map) handed where a map belongs."""
    from ..read import DOCUMENT_SUFFIXES

    return path.suffix.lower() in DOCUMENT_SUFFIXES and not head.startswith("{") and not _map_suffix(path)


def looks_like_map(path: str | os.PathLike) -> bool:
    """Whether ``path`` holds a map: JSON, GraphML, or a file named or shaped as a readable map.

    Commands that take a document or a map (``audit``) read such a file as a map.
    """
    path = Path(path)
    if not path.is_file() or _is_document(path, ""):
        return False
    if _map_suffix(path):
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="ignore").lstrip("\ufeff").lstrip()
    except OSError:
        return False
    from . import mermaid

    return head.startswith("{") or (head.startswith("<") and "<graphml" in head) or mermaid.looks_like_mermaid(head)


def read_map(source: str | os.PathLike) -> ArgumentMap:
    """Read a map file in any :data:`READABLE` format, with errors a user can act on."""
    path = Path(source)
    if not path.exists():
        raise InputNotFound(f"{path} does not exist")
    if not path.is_file():
        raise InputNotFound(f"{path} is not a file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path} {_NOT_A_MAP}: it is not UTF-8 text") from None
    except OSError as exc:
        raise InputNotFound(f"cannot read {path}: {exc.strerror or exc}") from None
    if _is_document(path, text.lstrip()):
        raise InputError(f"{path} {_NOT_A_MAP}: it is a document; map it first with 'argmap analyze {path}' "
                                "('argmap audit' also takes the document itself)")
    return parse_map(text, name=path.name)
