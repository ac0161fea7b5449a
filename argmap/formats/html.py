"""The HTML report: one self-contained, offline page with the map beside the document's text.

Clicking a box highlights its sentence(s) in the text and clicking a sentence highlights its box;
hovering either shows the unit's type, cue, rule, hedge, evidence and links; the node types can be
filtered; a legend, the document's metadata and the audit's findings stand at the top. A unit's
links are links in the text: its anchor words lead to the source it cites.

Safety: every piece of document text is escaped; the Graphviz SVG is re-parsed and passed through
an allow-list of elements and attributes (no scripts, no event handlers, no links out); the data
the script reads is JSON in a non-executable block with ``<``, ``>`` and ``&`` escaped; and a strict
Content-Security-Policy allows only the page's own script and style (by their SHA-256 hashes),
no network at all. The output is deterministic: no timestamps, no random nonce. A document's
links lead out only by the reader's click, only to web and mail addresses (``http``, ``https``,
``mailto``; any other target is shown, not linked), and open without the report as referrer.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from typing import Any, Sequence
from xml.etree import ElementTree as ET

from .. import rules as R
from ..learn.why import learned_reason
from ..coverage import reason_of
from ..link import LINK_EVIDENCE_RULE
from ..model import SECTION_SEPARATOR, ArgumentMap, Citation, EdgeType, Node, NodeType
from ..style import EDGE_STYLE, STYLE

__all__ = ["write_html", "sanitize_svg", "document_html"]

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_SVG_ELEMENTS = {"svg", "g", "title", "desc", "path", "polygon", "polyline", "ellipse", "circle", "rect",
                 "line", "text", "tspan", "a", "defs", "lineargradient", "radialgradient", "stop"}
_SVG_ATTRIBUTES = {"width", "height", "viewbox", "transform", "d", "points", "fill", "stroke", "stroke-width",
                   "stroke-dasharray", "stroke-opacity", "fill-opacity", "font-family", "font-size", "font-weight",
                   "font-style", "text-anchor", "x", "y", "cx", "cy", "rx", "ry", "r", "x1", "y1", "x2", "y2",
                   "id", "class", "offset", "stop-color", "stop-opacity", "gradientunits", "opacity",
                   "preserveaspectratio", "text-decoration", "{%s}title" % _XLINK_NS}
_TYPE_LABEL = {t: str(t).replace("_", " ") for t in NodeType}
_EVIDENCE_PREVIEW = 240


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def sanitize_svg(svg: str) -> str:
    """Graphviz's SVG re-parsed and re-serialised through an allow-list.

    Only drawing elements and presentation attributes survive: no ``script``, ``style``,
    ``foreignObject``, event handler or link target, whatever the labels or tooltips held; text
    and attribute values come out XML-escaped. The XML prolog, doctype and comments are dropped.
    """
    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", _XLINK_NS)
    root = ET.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", svg, count=1).replace("\r", ""))

    def clean(element: ET.Element) -> None:
        for child in list(element):
            if not isinstance(child.tag, str) or _local(child.tag) not in _SVG_ELEMENTS:
                element.remove(child)
                continue
            clean(child)
        for name in list(element.attrib):
            if name.lower() not in _SVG_ATTRIBUTES:
                del element.attrib[name]

    if _local(root.tag) != "svg":
        raise ValueError("not an SVG document")
    clean(root)
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


# --- the document's text -----------------------------------------------------------------
_TAG = re.compile(r"<[^>]*>")
_MARKERS = re.compile(r"\[\^?[\w-]{1,12}\]:?|(?<![\w])\d{1,3}[).](?=\s|$)")
_MARKUP = re.compile(r"[#*_>`~|=\-]+")
_LETTER = re.compile(r"[^\W\d_]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _start(node: Node) -> int:
    return node.spans[0][0] if node.spans else 0


def _end(spans) -> int:
    return spans[-1][1] if spans else 0


def _heading_ids(amap: ArgumentMap) -> set[str]:
    paths = {part for n in amap.nodes for part in n.section}
    return {n.id for n in amap.nodes if n.type != NodeType.EVIDENCE
            and (n.text in paths or n.rule in (R.TITLE.name, R.SECTION_HEADING.name))}


def _uncovered(amap: ArgumentMap, covered: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Stretches of the source that no unit or set-aside item holds and that carry words."""
    source = amap.source_text
    out = []
    position = 0
    for start, end in sorted(covered) + [(len(source), len(source))]:
        if start > position:
            raw = source[position:start]
            text = _MARKUP.sub(" ", _MARKERS.sub(" ", _TAG.sub(" ", raw)))
            text = re.sub(r"\s+", " ", text).strip()
            if len(_LETTER.findall(text)) >= 3:
                out.append((position, start, text))
        position = max(position, end)
    return out


def document_html(amap: ArgumentMap) -> str:
    """The cleaned text as HTML: each unit in an element with ``data-node``, text outside the
    argument dimmed, footnotes gathered at the end as evidence."""
    source = amap.source_text
    headings = _heading_ids(amap)
    evidence = sorted((n for n in amap.nodes if n.type == NodeType.EVIDENCE), key=_start)
    notes = [n for n in evidence if n.rule != LINK_EVIDENCE_RULE]
    sources = [n for n in evidence if n.rule == LINK_EVIDENCE_RULE]
    evidence_by_label = {n.footnote: n for n in notes if n.footnote}
    covered = [tuple(s) for n in amap.nodes for s in n.spans]
    covered += [tuple(s) for item in amap.set_aside for s in item.get("spans", [])]
    items: list[tuple[int, int, str, Any]] = []
    ranges = []
    for node in amap.nodes:
        if node.type == NodeType.EVIDENCE or not node.spans:
            continue
        items.append((_start(node), _end(node.spans), "node", node))
        ranges.append((_start(node), _end(node.spans)))

    def inside_unit(start: int) -> bool:
        return any(a < start < b for a, b in ranges)

    for item in amap.set_aside:
        spans = [tuple(s) for s in item.get("spans", [])]
        if not spans or item.get("kind") == "page_break" or inside_unit(spans[0][0]):
            continue
        items.append((spans[0][0], _end(spans), "aside", item))
    for start, end, text in _uncovered(amap, covered):
        if not inside_unit(start):
            items.append((start, end, "gap", text))
    items.sort(key=lambda x: (x[0], x[1]))

    out: list[str] = []
    paragraph: list[str] = []
    last_end: int | None = None

    def flush() -> None:
        if paragraph:
            out.append("<p>" + " ".join(paragraph) + "</p>")
            paragraph.clear()

    for start, end, kind, what in items:
        if kind == "node" and what.id in headings:
            flush()
            tag = "h2" if what.type == NodeType.MAJOR_CLAIM else "h3"
            out.append(f'<{tag} class="doc-heading">{_unit(what, evidence_by_label)}</{tag}>')
            last_end = end
            continue
        if last_end is not None and _BLANK_LINE.search(source[last_end:start] if start >= last_end else ""):
            flush()
        if kind == "node":
            paragraph.append(_unit(what, evidence_by_label))
        elif kind == "aside":
            label = str(what.get("kind", "set aside")).replace("_", " ")
            why = reason_of(what)
            # the reason in the tooltip, and as text a screen reader reads and keyboard focus shows
            paragraph.append(f'<span class="aside" tabindex="0" title="{html.escape(f"set aside ({label}): {why}")}">'
                             f'<span class="aside-kind">{html.escape(label)}</span>'
                             f'<span class="aside-reason"> (set aside: {html.escape(why)})</span> '
                             f'{html.escape(str(what.get("text", "")))}</span>')
        else:
            paragraph.append(f'<span class="aside unmapped" title="not part of the map">{html.escape(what)}</span>')
        last_end = end
    flush()
    if notes:
        out.append('<h3 class="notes-heading">Notes (evidence)</h3><ol class="notes">')
        for note in notes:
            label = html.escape(note.footnote or "")
            out.append(f'<li id="note-{html.escape(note.id)}" value="{label if label.isdigit() else ""}">'
                       f'<span class="note-label">{label}</span> {_unit(note, evidence_by_label)}</li>')
        out.append("</ol>")
    if sources:
        out.append('<h3 class="notes-heading">Linked sources (evidence)</h3><ol class="notes sources">')
        for source_node in sources:
            target = source_node.cue or ""
            out.append(f'<li id="note-{html.escape(source_node.id)}">{_unit(source_node, evidence_by_label)} '
                       f'<span class="source-target">{_link(target, target)}</span></li>')
        out.append("</ol>")
    return "\n".join(out)


#: the link targets the report makes links of; any other (javascript:, data:, a relative path) is shown as text
_SAFE_TARGET = re.compile(r"^(?:https?://|mailto:)[^\s<>\"]+$", re.I)


def _link(target: str, words: str) -> str:
    """``words`` (already HTML) as a link to ``target``, or in a span naming it when it is not a web or mail address."""
    title = html.escape(target, quote=True)
    if _SAFE_TARGET.match(target):
        return (f'<a class="link" href="{title}" title="{title}" target="_blank" '
                f'rel="noopener noreferrer nofollow">{words}</a>')
    return f'<span class="link unsafe" title="{title}">{words}</span>'


def _linked_text(text: str, links: list[Citation]) -> tuple[str, list[Citation]]:
    """The unit's text as HTML with each link's anchor words made a link, in order; and the links whose
    anchor words the text does not hold (a link without words), to be given after it."""
    out, rest, position = [], [], 0
    for citation in links:
        anchor = citation.anchor or ""
        at = text.find(anchor, position) if anchor else -1
        if at < 0:
            rest.append(citation)
            continue
        out.append(html.escape(text[position:at]))
        out.append(_link(citation.target or "", html.escape(anchor)))
        position = at + len(anchor)
    out.append(html.escape(text[position:]))
    return "".join(out), rest


def _unit(node: Node, evidence_by_label: dict[str, Node]) -> str:
    classes = f"unit t-{node.type.value}" + (" hedged" if node.hedged else "")
    text, unplaced = _linked_text(node.text, node.links)
    cites = "".join(f'<sup class="cite link-cite">{_link(c.target or "", "↗")}</sup>' for c in unplaced)
    for label in dict.fromkeys(node.cited_notes):
        note = evidence_by_label.get(label)
        if note is not None:
            cites += (f'<sup class="cite"><a href="#note-{html.escape(note.id)}" data-node="{html.escape(note.id)}">'
                      f'{html.escape(label)}</a></sup>')
        else:
            cites += f'<sup class="cite missing" title="no such note">{html.escape(label)}</sup>'
    return (f'<span class="{classes}" data-node="{html.escape(node.id)}" tabindex="0">{text}</span>{cites}')


# --- the data the script reads ---------------------------------------------------------
def _data(amap: ArgumentMap, findings) -> dict[str, Any]:
    nodes = {n.id: n for n in amap.nodes}
    index = amap.index
    info: dict[str, Any] = {}
    for node in amap.nodes:
        parent = index.parent.get(node.id)
        incoming = [e for e in index.into.get(node.id, ()) if e.source in nodes]
        evidence = [nodes[e.source] for e in incoming
                    if e.type == EdgeType.SUPPORT and nodes[e.source].type == NodeType.EVIDENCE]
        info[node.id] = {
            "id": node.id,
            "type": node.type.value,
            "typeLabel": _TYPE_LABEL[node.type],
            "text": node.text if len(node.text) <= 400 else node.text[:399] + "…",
            "rule": node.rule,
            "cue": node.cue,
            "learned": learned_reason(node.score, node.why),
            "hedge": node.hedge_cue if node.hedged else None,
            "section": SECTION_SEPARATOR.join(node.section),
            "footnote": node.footnote,
            "citations": [c.to_dict() for c in node.citations],
            "parent": None if parent is None else {
                "id": parent.target, "relation": parent.type.value, "rule": parent.rule, "cue": parent.cue,
                "learned": learned_reason(parent.score, parent.why)},
            "extra": [{"id": e.target, "relation": e.type.value, "rule": e.rule, "cue": e.cue}
                      for e in index.out_of.get(node.id, ()) if not e.primary],
            "supporters": sum(e.type == EdgeType.SUPPORT for e in incoming),
            "attackers": [e.source for e in incoming if e.type == EdgeType.ATTACK],
            "evidence": [{"id": ev.id, "label": ev.footnote,
                          "text": ev.text if len(ev.text) <= _EVIDENCE_PREVIEW else ev.text[: _EVIDENCE_PREVIEW - 1] + "…"}
                         for ev in evidence],
        }
    return {"nodes": info, "findings": [f.to_dict() for f in findings]}


def _json_for_script(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# --- the page -------------------------------------------------------------------------------
def _css() -> str:
    rules = []
    for node_type, style in STYLE.items():
        fill, line = style.get("fillcolor", "#fff"), style.get("color", "#333")
        rules.append(f".t-{node_type.value}{{--fill:{fill};--line:{line}}}")
    support, attack = EDGE_STYLE[EdgeType.SUPPORT]["color"], EDGE_STYLE[EdgeType.ATTACK]["color"]
    edge_keys = (f'.edge-key::before{{content:"";display:inline-block;width:2em;border-top:2px solid {support}}}\n'
                 f".edge-key.attack::before{{border-top:2px dashed {attack}}}\n"
                 f".edge-key.extra::before{{border-top:2px dotted {support}}}")
    return _BASE_CSS.replace("/*edge-keys*/", edge_keys) + "\n".join(rules) + "\n"


def _metadata_html(amap: ArgumentMap) -> str:
    meta = amap.metadata.to_dict()
    title = meta.pop("title", None) or (amap.major_claim.text if amap.major_claim else amap.name)
    rows = []
    for key in ("author", "affiliation", "date", "series", "identifier", "publisher"):
        if meta.get(key):
            rows.append(f"<div><dt>{key}</dt><dd>{html.escape(str(meta[key]))}</dd></div>")
    rows.append(f"<div><dt>source</dt><dd>{html.escape(amap.name)} ({html.escape(amap.source_format)})</dd></div>")
    counts = ", ".join(_count(len(amap.by_type(t)), _TYPE_LABEL[t]) for t in NodeType)
    attacks = sum(e.type == EdgeType.ATTACK for e in amap.edges)
    rows.append(f"<div><dt>map</dt><dd>{html.escape(counts)}; {_count(len(amap.edges), 'edge')} "
                f"({_count(attacks, 'attack')})</dd></div>")
    return f'<h1 id="doc-title">{html.escape(title)}</h1><dl class="meta">{"".join(rows)}</dl>'


def _count(n: int, label: str) -> str:
    return f"{n} {label}" if n == 1 or label == "evidence" else f"{n} {label}s"


def _controls_html() -> str:
    boxes = "".join(
        f'<label class="filter t-{t.value}"><input type="checkbox" checked data-type="{t.value}">'
        f'<span class="swatch"></span>{html.escape(_TYPE_LABEL[t])}</label>' for t in NodeType)
    edges = ('<span class="edge-key support">support</span><span class="edge-key attack">attack</span>'
             '<span class="edge-key extra">second support</span>')
    zoom = ('<span class="zoom"><button type="button" data-zoom="out" title="Zoom out">−</button>'
            '<button type="button" data-zoom="fit" title="Fit the whole picture into the pane">fit</button>'
            '<button type="button" data-zoom="in" title="Zoom in">+</button></span>')
    search = ('<span class="search"><input type="search" id="search" placeholder="Search the units…" '
              'aria-label="Search the units" autocomplete="off"><span id="search-count" aria-live="polite"></span></span>')
    folds = ('<span class="folds"><button type="button" data-fold="close" title="Fold every section">fold all</button>'
             '<button type="button" data-fold="open" title="Unfold every section">unfold all</button></span>')
    return (f'<div class="controls" id="legend"><span class="legend-title">Show:</span>{boxes}{edges}{zoom}'
            f'{folds}{search}</div>')


def _findings_html(findings) -> str:
    if not findings:
        return '<details class="findings"><summary>Audit: no findings</summary></details>'
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    summary = ", ".join(f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts.items() if n)
    items = []
    for f in findings:
        node = html.escape(f.node or "")
        items.append(f'<li class="finding sev-{html.escape(f.severity)}" data-node="{node}" tabindex="0">'
                     f'<span class="sev">{html.escape(f.severity)}</span> <code>{html.escape(f.code)}</code> '
                     f'{html.escape(f.message)}</li>')
    return f'<details class="findings"><summary>Audit: {html.escape(summary)}</summary><ul>{"".join(items)}</ul></details>'


def _map_html(amap: ArgumentMap, layout: str | None) -> str:
    """The map pane: the picture; for a long map the overview, then each section's picture in a
    block that folds (closed at first), each linked from its box in the overview."""
    from ..render import section_svgs, svg_string
    from .dot import counts, is_large

    overview = sanitize_svg(svg_string(amap, layout))
    if not is_large(amap, layout):
        return overview
    blocks = [f'<div class="overview" id="overview">{overview}</div>']
    for section, picture in section_svgs(amap, layout):
        blocks.append(f'<details class="map-section" id="{section.anchor}" data-section="{section.number}">'
                      f'<summary><span class="section-title">{html.escape(section.heading)}</span> '
                      f'<span class="section-counts">{html.escape(counts(section, amap))}</span> '
                      f'<a class="to-overview" href="#overview">overview ↑</a></summary>'
                      f'{sanitize_svg(picture)}</details>')
    return "\n".join(blocks)


def write_html(amap: ArgumentMap, findings: Sequence[Any] | None = None, layout: str | None = None) -> str:
    """The report page (needs Graphviz's ``dot`` for the map; raises ``GraphvizNotFound`` without it).

    ``findings`` are the audit's (``argmap.audit.audit``), run by the caller; without them the
    page has no audit panel. ``layout`` is the pictures' (``argmap.formats.dot.LAYOUTS``).
    """
    svg = _map_html(amap, layout)
    css = _css()
    script = _SCRIPT
    csp = ("default-src 'none'; "
           f"script-src '{_sha256(script)}'; style-src '{_sha256(css)}'; "
           "img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; "
           "frame-src 'none'; worker-src 'none'; base-uri 'none'; form-action 'none'")
    title = amap.metadata.title or (amap.major_claim.text if amap.major_claim else amap.name)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="argmap">
<title>{html.escape(title)} — argument map</title>
<style>{css}</style>
</head>
<body>
<header>
{_metadata_html(amap)}
{_controls_html()}
{_findings_html(findings) if findings is not None else ""}
</header>
<main>
<section class="pane map-pane" id="map" aria-label="Argument map">
{svg}
</section>
<section class="pane text-pane" id="text" aria-label="Document text">
{document_html(amap)}
</section>
</main>
<aside id="details" class="details" role="status" aria-live="polite" hidden></aside>
<script type="application/json" id="argmap-data">{_json_for_script(_data(amap, findings or ()))}</script>
<script>{script}</script>
</body>
</html>
"""


_BASE_CSS = """
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#222;background:#fafafa;display:flex;flex-direction:column}
header{padding:.6em 1em .4em;border-bottom:1px solid #ddd;background:#fff}
h1{font-size:1.25em;margin:0 0 .3em}
dl.meta{display:flex;flex-wrap:wrap;gap:.2em 1.4em;margin:0 0 .4em;font-size:.9em;color:#444}
dl.meta div{display:flex;gap:.4em}dl.meta dt{font-weight:600;color:#666}dl.meta dd{margin:0}
.controls{display:flex;flex-wrap:wrap;align-items:center;gap:.3em .9em;font-size:.9em}
.legend-title{font-weight:600}
.filter{display:inline-flex;align-items:center;gap:.3em;cursor:pointer}
.swatch{display:inline-block;width:1.1em;height:.9em;border:1.5px solid var(--line);background:var(--fill);border-radius:2px}
.edge-key{display:inline-flex;align-items:center;gap:.3em;color:#555}
/*edge-keys*/
.search input{font:inherit;padding:0 .4em;width:14em;border:1px solid #bbb;border-radius:3px}
#search-count{margin-left:.4em;color:#555;font-size:.9em}
.folds button{font:inherit;padding:0 .5em;margin-left:.15em;border:1px solid #bbb;background:#f4f4f4;border-radius:3px;cursor:pointer}
details.map-section{border-top:1px solid #ddd}
details.map-section summary{cursor:pointer;padding:.3em .6em;background:#f3f6f9;font-weight:600;position:sticky;top:0;z-index:1}
.section-counts{font-weight:400;color:#555;font-size:.9em;margin-left:.4em}
.to-overview{font-weight:400;font-size:.85em;margin-left:.6em}
.overview g.node[data-section]{cursor:pointer}
.doc-heading .fold{font:inherit;border:none;background:none;cursor:pointer;color:#777;padding:0 .3em 0 0}
.folded{display:none}
.unit.match{background:#d7f0ff;outline:1px dashed #2b7bb9}
g.node.match polygon,g.node.match path{stroke:#2b7bb9;stroke-width:3}
.zoom button{font:inherit;padding:0 .5em;margin-left:.15em;border:1px solid #bbb;background:#f4f4f4;border-radius:3px;cursor:pointer}
details.findings{margin-top:.3em;font-size:.88em}
details.findings summary{cursor:pointer;font-weight:600}
details.findings ul{margin:.3em 0;padding-left:1.2em;max-height:9em;overflow:auto}
.finding{cursor:pointer}.finding .sev{font-weight:700;text-transform:uppercase;font-size:.8em}
.sev-error .sev{color:#b00}.sev-warning .sev{color:#a60}.sev-info .sev{color:#27a}
main{flex:1;display:flex;min-height:0}
.pane{overflow:auto;min-height:0}
.map-pane{flex:1.3;border-right:1px solid #ddd;background:#fff}
.map-pane svg{display:block}
.text-pane{flex:1;padding:0 1.2em 2em;max-width:48em}
.text-pane h2{font-size:1.15em}.text-pane h3{font-size:1.02em;margin:1.2em 0 .4em}
.unit{border-bottom:2px solid var(--line);background:color-mix(in srgb,var(--fill) 35%,transparent);cursor:pointer;border-radius:2px;padding:0 1px}
.unit.t-premise{border-bottom-color:#bbb;background:none}
.unit:hover,.unit:focus{outline:1px solid #888}
.unit.hl{background:#ffe066;outline:2px solid #e0a800}
.aside{color:#707070;font-size:.92em}
.aside:focus{outline:1px dotted #888}
.aside-reason{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.aside:hover .aside-reason,.aside:focus .aside-reason{position:static;width:auto;height:auto;clip:auto;white-space:normal;font-style:italic}
.aside-kind{font-size:.75em;text-transform:uppercase;letter-spacing:.04em;border:1px solid #ccc;border-radius:3px;padding:0 .25em;margin-right:.2em}
.cite a{text-decoration:none;color:#2b5c8a}.cite.missing{color:#b00}
a.link{color:#2b5c8a}.link.unsafe{text-decoration:underline dotted}.source-target{font-size:.85em;word-break:break-all}
ol.notes{padding-left:1.4em;font-size:.9em;list-style:none}
ol.notes li{margin:.3em 0}.note-label{font-weight:600;margin-right:.3em}
g.node{cursor:pointer}
g.node.hl polygon,g.node.hl path,g.node.hl ellipse{stroke:#e0a800;stroke-width:4}
g.node.dim,g.edge.dim{opacity:.12}
.unit.dim{background:none;border-bottom-color:transparent;color:#aaa}
.details{position:fixed;left:1em;bottom:1em;max-width:26em;background:#fff;border:1px solid #bbb;border-radius:6px;box-shadow:0 2px 10px rgba(0,0,0,.15);padding:.6em .8em;font-size:.85em;z-index:10}
.details h4{margin:0 0 .3em;font-size:1em}.details p{margin:.2em 0}
.details .k{color:#666;font-weight:600;margin-right:.3em}
.details ul{margin:.2em 0;padding-left:1.1em}
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("argmap-data").textContent);
  var nodes = data.nodes;
  var details = document.getElementById("details");
  var mapPane = document.getElementById("map");
  var svg = mapPane.querySelector("svg");
  var boxes = {};
  var selected = null;

  // The SVG boxes: Graphviz names each <g class="node"> by its <title>, the node id.
  Array.prototype.forEach.call(mapPane.querySelectorAll("g.node"), function (g) {
    var title = g.querySelector("title");
    var id = title ? title.textContent : "";
    var outside = /^outside_(.+)$/.exec(id);
    if (outside && Object.prototype.hasOwnProperty.call(nodes, outside[1])) {
      // a unit of another section, greyed where this section hangs from it: go to the unit itself
      g.setAttribute("data-outside", outside[1]);
      g.addEventListener("click", function (ev) { ev.preventDefault(); select(outside[1], "text"); });
      return;
    }
    if (!Object.prototype.hasOwnProperty.call(nodes, id)) { return; }
    g.setAttribute("data-node", id);
    g.setAttribute("tabindex", "0");
    g.classList.add("t-" + nodes[id].type);
    boxes[id] = g;
    g.addEventListener("click", function (ev) { ev.preventDefault(); select(id, "map"); });
    g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { select(id, "map"); } });
    g.addEventListener("mouseenter", function () { show(id); });
  });
  var edgesByNode = {};
  Array.prototype.forEach.call(mapPane.querySelectorAll("g.edge"), function (g) {
    var title = g.querySelector("title");
    var parts = title ? title.textContent.split("->") : [];
    if (parts.length === 2) {
      g.setAttribute("data-source", parts[0]);
      g.setAttribute("data-target", parts[1]);
    }
  });

  function units(id) { return document.querySelectorAll('.unit[data-node="' + cssId(id) + '"]'); }
  function cssId(id) { return String(id).replace(/["\\]/g, "\\$&"); }

  var textPane = document.getElementById("text");
  // Scrolls the one pane that holds el to bring it to the middle; scrollIntoView would also scroll the
  // page, which moves the picture under the pointer that has just clicked it.
  function centre(pane, el, across) {
    var p = pane.getBoundingClientRect(), b = el.getBoundingClientRect();
    pane.scrollTop += (b.top + b.height / 2) - (p.top + p.height / 2);
    if (across) { pane.scrollLeft += (b.left + b.width / 2) - (p.left + p.width / 2); }
  }

  var revealHook = null;
  function select(id, from) {
    if (revealHook) { revealHook(id); }
    Array.prototype.forEach.call(document.querySelectorAll(".hl"), function (el) { el.classList.remove("hl"); });
    selected = id;
    var found = units(id);
    Array.prototype.forEach.call(found, function (el) { el.classList.add("hl"); });
    if (boxes[id]) { boxes[id].classList.add("hl"); }
    if (from === "map" && found.length) { centre(textPane, found[0], false); }
    if (from !== "map" && boxes[id]) { centre(mapPane, boxes[id], true); }
    if (from === "search" && found.length) { centre(textPane, found[0], false); }
    show(id);
    document.body.setAttribute("data-selected", id);
  }

  function line(parent, key, value) {
    if (value === null || value === undefined || value === "") { return; }
    var p = document.createElement("p");
    var k = document.createElement("span");
    k.className = "k";
    k.textContent = key;
    p.appendChild(k);
    p.appendChild(document.createTextNode(String(value)));
    parent.appendChild(p);
  }

  function show(id) {
    var n = nodes[id];
    if (!n) { return; }
    details.textContent = "";
    var h = document.createElement("h4");
    h.textContent = n.id + " · " + n.typeLabel + (n.hedge ? " · hedged" : "");
    details.appendChild(h);
    line(details, "text", n.text);
    line(details, "section", n.section);
    line(details, "rule", n.rule);
    line(details, "cue", n.cue);
    line(details, "model", n.learned);
    line(details, "hedge", n.hedge);
    if (n.parent) {
      line(details, n.parent.relation === "attack" ? "attacks" : "supports",
           n.parent.id + " (" + n.parent.rule + (n.parent.cue ? ", “" + n.parent.cue + "”" : "") + ")");
      line(details, "placed by", n.parent.learned);
    }
    n.extra.forEach(function (e) {
      line(details, e.relation === "attack" ? "also attacks" : "also supports",
           e.id + " (" + e.rule + (e.cue ? ", “" + e.cue + "”" : "") + ")");
    });
    if (n.attackers.length) { line(details, "attacked by", n.attackers.join(", ")); }
    line(details, "footnote", n.footnote);
    var links = n.citations.filter(function (c) { return c.kind === "link"; });
    if (links.length) {
      var lk = document.createElement("p");
      lk.className = "k";
      lk.textContent = "links";
      details.appendChild(lk);
      var lu = document.createElement("ul");
      links.forEach(function (c) {
        var li = document.createElement("li");
        li.textContent = (c.anchor ? "“" + c.anchor + "” → " : "") + c.target;
        lu.appendChild(li);
      });
      details.appendChild(lu);
    }
    if (n.evidence.length) {
      var k = document.createElement("p");
      k.className = "k";
      k.textContent = "evidence";
      details.appendChild(k);
      var ul = document.createElement("ul");
      n.evidence.forEach(function (ev) {
        var li = document.createElement("li");
        li.textContent = (ev.label ? "[" + ev.label + "] " : "") + ev.text;
        ul.appendChild(li);
      });
      details.appendChild(ul);
    } else if (n.type !== "evidence" && n.type !== "major_claim" && !links.length) {
      line(details, "evidence", "none cited here");
    }
    details.hidden = false;
  }

  Array.prototype.forEach.call(document.querySelectorAll(".unit[data-node]"), function (el) {
    var id = el.getAttribute("data-node");
    el.addEventListener("click", function () { select(id, "text"); });
    el.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { select(id, "text"); } });
    el.addEventListener("mouseenter", function () { show(id); });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".finding[data-node]"), function (el) {
    var id = el.getAttribute("data-node");
    if (!id) { return; }
    el.addEventListener("click", function () { select(id, "findings"); });
    el.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { select(id, "findings"); } });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".cite a[data-node]"), function (a) {
    a.addEventListener("mouseenter", function () { show(a.getAttribute("data-node")); });
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".hl"), function (el) { el.classList.remove("hl"); });
    document.body.removeAttribute("data-selected");
    details.hidden = true;
  });

  // Filters: a type switched off is dimmed in the map and in the text.
  function applyFilters() {
    var hidden = {};
    Array.prototype.forEach.call(document.querySelectorAll(".filter input"), function (box) {
      if (!box.checked) { hidden[box.getAttribute("data-type")] = true; }
    });
    Object.keys(boxes).forEach(function (id) {
      boxes[id].classList.toggle("dim", !!hidden[nodes[id].type]);
    });
    Array.prototype.forEach.call(mapPane.querySelectorAll("g.edge[data-source]"), function (g) {
      var s = nodes[g.getAttribute("data-source")], t = nodes[g.getAttribute("data-target")];
      g.classList.toggle("dim", !!((s && hidden[s.type]) || (t && hidden[t.type])));
    });
    Array.prototype.forEach.call(document.querySelectorAll(".unit[data-node]"), function (el) {
      var n = nodes[el.getAttribute("data-node")];
      el.classList.toggle("dim", !!(n && hidden[n.type]));
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll(".filter input"), function (box) {
    box.addEventListener("change", applyFilters);
  });

  // Zoom: every picture keeps its aspect; "fit" shows the whole first picture (the map, or a long
  // map's overview) in the pane, both its width and its height.
  var pictures = Array.prototype.map.call(mapPane.querySelectorAll("svg"), function (pic) {
    var box = pic.viewBox && pic.viewBox.baseVal;
    // Graphviz measures in points: 100 % is the picture as drawn, 4/3 px to the point
    var w = ((box && box.width) || pic.getBBox().width) * 4 / 3, h = ((box && box.height) || pic.getBBox().height) * 4 / 3;
    pic.removeAttribute("width");
    pic.removeAttribute("height");
    return {svg: pic, width: w, height: h};
  });
  // each picture keeps a zoom of its own: "fit" sizes the first, a long map's section pictures
  // open at 100 % (they are drawn to be read so); − and + scale them all
  pictures.forEach(function (p) { p.zoom = 1; });
  function size(p, z) {
    p.zoom = Math.max(0.02, Math.min(4, z));
    p.svg.style.width = (p.width * p.zoom) + "px";
    p.svg.style.height = "auto";
  }
  function scaleAll(factor) { pictures.forEach(function (p) { size(p, p.zoom * factor); }); }
  pictures.forEach(function (p) { size(p, 1); });
  function fit() {
    var first = pictures[0];
    if (!first || !first.width || !first.height) { return; }
    size(first, Math.min((mapPane.clientWidth - 8) / first.width, (mapPane.clientHeight - 8) / first.height));
    mapPane.scrollTop = 0;
    mapPane.scrollLeft = 0;
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-zoom]"), function (b) {
    b.addEventListener("click", function () {
      var how = b.getAttribute("data-zoom");
      if (how === "in") { scaleAll(1.25); } else if (how === "out") { scaleAll(1 / 1.25); } else { fit(); }
    });
  });
  fit();

  // A long map: the overview's section boxes open their section's picture.
  Array.prototype.forEach.call(mapPane.querySelectorAll(".overview g.node"), function (g) {
    var title = g.querySelector("title");
    var m = title ? /^section_(\d+)$/.exec(title.textContent) : null;
    if (!m) { return; }
    g.setAttribute("data-section", m[1]);
    g.setAttribute("tabindex", "0");
    function open(ev) {
      if (ev) { ev.preventDefault(); }
      var d = document.getElementById("section-" + m[1]);
      if (d) { d.open = true; d.scrollIntoView({block: "start"}); }
    }
    g.addEventListener("click", open);
    g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { open(ev); } });
  });

  // Sections of the text fold and unfold under their headings; so do a long map's section pictures.
  var folds = [];
  Array.prototype.forEach.call(document.querySelectorAll("#text .doc-heading"), function (h) {
    if (h.tagName !== "H3") { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "fold";
    button.setAttribute("aria-expanded", "true");
    button.textContent = "▾";
    button.title = "Fold or unfold this section";
    h.insertBefore(button, h.firstChild);
    var body = [];
    for (var el = h.nextElementSibling; el && !/^H[23]$/.test(el.tagName) && !el.classList.contains("notes-heading"); el = el.nextElementSibling) {
      body.push(el);
    }
    var fold = {heading: h, button: button, body: body, set: function (open) {
      body.forEach(function (el) { el.classList.toggle("folded", !open); });
      button.textContent = open ? "▾" : "▸";
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }};
    button.addEventListener("click", function (ev) {
      ev.stopPropagation();
      fold.set(button.getAttribute("aria-expanded") !== "true");
    });
    folds.push(fold);
  });
  function reveal(id) {
    var box = boxes[id];
    var d = box && box.closest ? box.closest("details") : null;
    if (d && !d.open) { d.open = true; }
    Array.prototype.forEach.call(units(id), function (el) {
      folds.forEach(function (f) { if (f.body.some(function (b) { return b.contains(el); })) { f.set(true); } });
    });
  }
  revealHook = reveal;
  Array.prototype.forEach.call(document.querySelectorAll("[data-fold]"), function (b) {
    b.addEventListener("click", function () {
      var open = b.getAttribute("data-fold") === "open";
      folds.forEach(function (f) { f.set(open); });
      Array.prototype.forEach.call(mapPane.querySelectorAll("details.map-section"), function (d) { d.open = open; });
    });
  });

  // Search: the units whose text holds the words typed are marked in the map and the text;
  // Enter goes to the next one.
  var search = document.getElementById("search");
  var count = document.getElementById("search-count");
  var matches = [], current = -1;
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    Array.prototype.forEach.call(document.querySelectorAll(".match"), function (el) { el.classList.remove("match"); });
    matches = [];
    current = -1;
    if (!q) { count.textContent = ""; return; }
    Object.keys(nodes).forEach(function (id) {
      if (String(nodes[id].text).toLowerCase().indexOf(q) >= 0) { matches.push(id); }
    });
    matches.forEach(function (id) {
      if (boxes[id]) { boxes[id].classList.add("match"); }
      Array.prototype.forEach.call(units(id), function (el) { el.classList.add("match"); });
    });
    count.textContent = matches.length ? matches.length + " found" : "none found";
  }
  if (search) {
    search.addEventListener("input", runSearch);
    search.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter" || !matches.length) { return; }
      ev.preventDefault();
      current = (current + 1) % matches.length;
      select(matches[current], "search");
      count.textContent = (current + 1) + " of " + matches.length;
    });
  }
  document.body.setAttribute("data-ready", "true");
})();
"""
