"""Graphviz DOT: the styled map's source, built in Python (no Graphviz program needed to write it).

A map of a brief is one picture (``digraph``). A map of a long report is an overview (the major
claim, the recommendations, and each section as one box with its counts and strongest claims,
``overview_dot``) plus one picture per section (``section_dot``), each small enough to read at
100 % zoom. Running ``dot`` on them is ``argmap.render``'s job; the styles are ``argmap.style``'s.
"""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass, field

from ..errors import UnsupportedFormat
from ..model import SECTION_SEPARATOR, ArgumentMap, EdgeType, Node, NodeType
from ..style import EDGE_STYLE, NODE_FONT, STYLE

__all__ = ["write_dot", "digraph", "overview_dot", "section_dot", "sections", "is_large", "descendants", "counts",
           "strongest", "Section", "LAYOUTS", "DEFAULT_LAYOUT", "OVERVIEW_ABOVE", "SECTION_UNITS", "CONTEXT_PREFIX",
           "LABEL_CHARS", "LABEL_CELLS", "MAX_RANKS", "STAGGER", "stagger", "wrap"]

#: a box's text wrapped at this many character cells (a CJK character takes two): the boxes of one rank
#: set how wide its column is, so the width of a left-to-right picture is about ranks × this
_LABEL_WIDTH = {NodeType.MAJOR_CLAIM: 26, NodeType.EVIDENCE: 30}
LABEL_CELLS = 26
_HEADING_CELLS = 36  # a section's heading over its boxes (11 pt)
_TITLE_CELLS = 80  # the picture's title (16 pt): about 900 px
_RANKSEP = "0.3"  # inches between two ranks' boxes: the arrows' length
_EVIDENCE_CHARS = 160
LABEL_CHARS = 1000  # a longer unit is cut in its box (the JSON keeps it whole)
#: ``--layout``: where the conclusion stands. Graphviz's rank direction for each (edges run from
#: the supporting unit to the unit it supports, so "BT" puts the conclusion on top)
LAYOUTS = {"left-to-right": "RL", "top-down": "BT"}
#: the layout that reads better on the corpus (see README, "Long reports"): briefs are wide and
#: shallow, and a wide tree drawn top-down must be scrolled both ways
DEFAULT_LAYOUT = "left-to-right"
#: a map with more units is drawn as an overview plus one picture per section
OVERVIEW_ABOVE = 80
#: a section with more units is drawn in parts (by its subsections, else by runs of units)
SECTION_UNITS = 150
#: the most ranks of boxes one picture holds: left-to-right, each rank is a column of about 250 px, so
#: six fill a 1,500 px pane. A map deeper than this is drawn as an overview and section pictures, and a
#: section deeper than this in parts, the units beyond its sixth rank in a picture of their own
MAX_RANKS = 6
_STRONGEST = 3  # claims named in a section's overview box
#: a unit outside a section, drawn greyed in its picture where the section hangs from it
CONTEXT_PREFIX = "outside_"


def _esc(text: str):
    """Document text as a DOT string: backslashes and ``&`` literal, never an HTML-like label.

    Graphviz reads ``&amp;``-style entities in every string, so ``&`` is written ``&amp;``.
    """
    import graphviz

    return graphviz.escape(text.replace("&", "&amp;"))


def _cells(char: str) -> int:
    """The cells a character takes when drawn: two for a wide or fullwidth (CJK) one, none for a
    combining mark (it sits on the character before it), one for the rest."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _chop(line: str, width: int) -> list[str]:
    """``line`` cut into pieces of at most ``width`` cells, a combining mark kept with its character."""
    pieces: list[str] = []
    start, used = 0, 0
    for i, char in enumerate(line):
        size = _cells(char)
        if used + size > width and i > start:
            pieces.append(line[start:i])
            start, used = i, 0
        used += size
    if start < len(line):
        pieces.append(line[start:])
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` character cells: words kept whole where they fit, a CJK
    character counted two cells (as it is drawn), a word or run of CJK longer than a line cut."""
    lines: list[str] = []
    for line in textwrap.wrap(text, width=width):
        lines.extend(_chop(line, width) if sum(map(_cells, line)) > width else [line])
    return lines


def _lines(lines: list[str]):
    """Lines as one centred DOT label, escaped; nohtml: a label that starts with "<" and ends with ">"
    must not be read as an HTML label."""
    import graphviz

    return graphviz.nohtml("\\n".join(str(_esc(line)) for line in lines))


def _label(node) -> str:
    """The node's id and type on the first line, its text wrapped below, escaped for DOT."""
    text = node.text
    if node.type == NodeType.EVIDENCE and len(text) > _EVIDENCE_CHARS:
        text = text[: _EVIDENCE_CHARS - 1].rstrip() + "…"
    elif len(text) > LABEL_CHARS:
        text = text[: LABEL_CHARS - 1].rstrip() + "…"
    head = f"{node.id} · {str(node.type).replace('_', ' ')}" + (" · hedged" if node.hedged else "")
    lines = [head] + (wrap(text, _LABEL_WIDTH.get(node.type, LABEL_CELLS)) or [""])
    return _lines(lines)


def _comment(text: str) -> str:
    """A DOT comment line: one line, no control characters."""
    return " ".join(text.split())


def _rankdir(layout: str | None) -> str:
    name = layout or DEFAULT_LAYOUT
    if name not in LAYOUTS:
        raise UnsupportedFormat(f"unknown layout {name!r} (must be one of {', '.join(LAYOUTS)})")
    return LAYOUTS[name]


def digraph(amap: ArgumentMap, layout: str | None = None):
    """The whole styled map as a ``graphviz.Digraph`` (``argmap.render`` draws it)."""
    import graphviz

    dot = graphviz.Digraph(name="argmap", comment=_comment(amap.metadata.title or amap.name))
    dot.attr(rankdir=_rankdir(layout), newrank="true", nodesep="0.18", ranksep=_RANKSEP, fontname=NODE_FONT,
             labelloc="t", fontsize="16", compound="true")
    if amap.metadata.title:
        dot.attr(label=_lines(wrap(amap.metadata.title, _TITLE_CELLS)))
    dot.attr("node", fontname=NODE_FONT, fontsize="10", margin="0.12,0.06")
    dot.attr("edge", fontname=NODE_FONT, fontsize="8")
    sections: dict[str, list] = {}
    order: list[str] = []
    for node in amap.nodes:
        key = node.section[0] if node.section else ""
        if node.type in (NodeType.MAJOR_CLAIM, NodeType.RECOMMENDATION):
            key = ""
        if key not in sections:
            sections[key] = []
            order.append(key)
        sections[key].append(node)
    for index, key in enumerate(order):
        target = dot
        if key:
            with dot.subgraph(name=f"cluster_{index}") as sub:
                # wrapped: a heading wider than the section's boxes would widen the picture by as much
                sub.attr(label=_lines(wrap(key, _HEADING_CELLS)), style="rounded,dashed", color="#bbbbbb",
                         fontsize="11", fontcolor="#555555")
                for node in sections[key]:
                    sub.node(_esc(node.id), label=_label(node), tooltip=_esc(_tooltip(node)), **STYLE[node.type])
            continue
        for node in sections[key]:
            target.node(_esc(node.id), label=_label(node), tooltip=_esc(_tooltip(node)), **STYLE[node.type])
    for edge in amap.edges:
        dot.edge(_esc(edge.source), _esc(edge.target), **_edge_attrs(edge))
    _legend(dot)
    return dot


def _edge_attrs(edge) -> dict:
    """An edge's Graphviz attributes: its type's style; a non-tree edge neither ranks nor (if a support) stands out."""
    attrs = dict(EDGE_STYLE[edge.type])
    if not edge.primary:
        attrs["constraint"] = "false"
        if edge.type == EdgeType.SUPPORT:
            attrs["style"] = "dotted"
    if edge.cue:
        attrs["xlabel"] = _esc(edge.cue)
    return attrs


def _tooltip(node) -> str:
    parts = [f"{node.type}: rule {node.rule}"]
    if node.cue:
        parts.append(f"cue {node.cue!r}")
    if node.hedged:
        parts.append(f"hedged ({node.hedge_cue})")
    return "; ".join(parts)


def _legend(dot) -> None:
    """The node types in their colours and the two relations, in a small cluster.

    The type boxes share one rank, so they stand across the conclusion's line of sight, in a column
    left-to-right and a row top-down, instead of a chain as wide as the picture. (Plain labels only:
    the DOT never holds an HTML-like label.)
    """
    with dot.subgraph(name="cluster_legend") as legend:
        legend.attr(label="Legend", style="rounded", color="#dddddd", fontsize="10", fontcolor="#555555")
        with legend.subgraph() as types:
            types.attr(rank="same")
            for node_type, style in STYLE.items():
                types.node(f"legend_{node_type.value}", label=node_type.value.replace("_", " "),
                           **{**style, "fontsize": "9"})
            for point in ("legend_a", "legend_b", "legend_c"):
                types.node(point, label="", shape="point", width="0.05")
        # drawn within the one rank, not stretched over three of the picture's ranks
        legend.edge("legend_a", "legend_b", label="support", constraint="false", **EDGE_STYLE[EdgeType.SUPPORT])
        legend.edge("legend_b", "legend_c", label="attack", constraint="false", **EDGE_STYLE[EdgeType.ATTACK])


def write_dot(amap: ArgumentMap, layout: str | None = None) -> str:
    """The DOT source of the whole styled map (pure Python; no Graphviz program needed)."""
    return digraph(amap, layout).source


# --- long reports: sections, the overview, one picture per section ---------------------------
@dataclass
class Section:
    """The units of one section of the document (or one part of a long section), drawn together."""

    number: int
    title: str
    nodes: list[Node] = field(default_factory=list)
    part: str = ""  # "part 2 of 3" when a long section is drawn in parts

    @property
    def anchor(self) -> str:
        return f"section-{self.number}"

    @property
    def heading(self) -> str:
        return self.title + (f" ({self.part})" if self.part else "")


def _ranks_limited(layout: str | None) -> bool:
    """Whether a picture in ``layout`` holds at most ``MAX_RANKS`` ranks: left-to-right its ranks are its
    columns, so its width; top-down they are its height, which the reader scrolls, so no limit."""
    return (layout or DEFAULT_LAYOUT) == "left-to-right"


def is_large(amap: ArgumentMap, layout: str | None = None) -> bool:
    """Whether the map is drawn as an overview plus one picture per section: it has too many units, or
    (left-to-right, where a picture is as wide as its ranks) too many ranks to read whole."""
    return len(amap.nodes) > OVERVIEW_ABOVE or (_ranks_limited(layout) and _ranks(amap, amap.nodes) > MAX_RANKS)


#: the most ranks a claim's unsupported supporters are spread over (Graphviz's ``unflatten -l``)
STAGGER = 4


def stagger(amap: ArgumentMap, section: Section | None = None) -> int:
    """Over how many ranks the picture of ``section`` (else of the whole map) spreads the units that stand
    under a claim with nothing under them: several ranks of a few boxes each are shorter than one rank of
    many, but each rank is a column as wide as its boxes, so only the ranks the picture has spare."""
    if section is None:
        used = _ranks(amap, amap.nodes)
    else:
        used = _ranks(amap, section.nodes, context=True)
    return max(1, min(STAGGER, MAX_RANKS - used))


def _heights(amap: ArgumentMap, nodes: list[Node]) -> dict[str, int]:
    """For each of ``nodes``, how many ranks of its supporters among ``nodes`` stand beyond it (0: none):
    the primary edges are the ones Graphviz ranks by."""
    ids = {n.id for n in nodes}
    children: dict[str, list[str]] = {}
    for edge in amap.edges:
        if edge.primary and edge.source in ids and edge.target in ids and edge.source != edge.target:
            children.setdefault(edge.target, []).append(edge.source)
    heights: dict[str, int] = {}
    for node in nodes:
        stack = [(node.id, False)]
        on_path: set[str] = set()
        while stack:  # depth first, without recursion: a long chain is no stack overflow
            current, done = stack.pop()
            if done:
                on_path.discard(current)
                heights[current] = 1 + max((heights.get(c, 0) for c in children.get(current, ())
                                            if c in heights), default=-1)
                continue
            if current in heights or current in on_path:
                continue
            on_path.add(current)
            stack.append((current, True))
            stack.extend((c, False) for c in children.get(current, ()) if c not in heights and c not in on_path)
    return heights


def _ranks(amap: ArgumentMap, nodes: list[Node], context: bool = False) -> int:
    """How many ranks the picture of ``nodes`` has (with ``context``, one more for the greyed units
    outside it that they serve)."""
    heights = _heights(amap, nodes)
    return (max(heights.values(), default=-1) + 1) + (1 if context and nodes else 0)


def _outside_sections(node: Node) -> bool:
    """The major claim and the recommendations stand in the overview itself, not in a section."""
    return node.type in (NodeType.MAJOR_CLAIM, NodeType.RECOMMENDATION)


def sections(amap: ArgumentMap, limit: int | None = None, layout: str | None = None) -> list[Section]:
    """The map's units by top-level section, in reading order; a section above ``limit`` units
    (``SECTION_UNITS``) in parts, by its subsections where they are small enough, else by runs;
    left-to-right, a section deeper than ``MAX_RANKS`` in parts by rank too."""
    limit = limit or SECTION_UNITS
    groups: dict[str, list[Node]] = {}
    for node in amap.nodes:
        if _outside_sections(node):
            continue
        groups.setdefault(node.section[0] if node.section else "", []).append(node)
    out: list[Section] = []
    for title, nodes in groups.items():
        title = title or "Before the first heading"
        parts: list[list[Node]] = []
        if len(nodes) <= limit:
            parts.append(nodes)
        else:
            for sub in _by_subsection(nodes):
                if len(sub) > limit:
                    parts.extend(sub[i:i + limit] for i in range(0, len(sub), limit))
                elif parts and len(parts[-1]) + len(sub) <= limit:
                    parts[-1].extend(sub)
                else:
                    parts.append(list(sub))
        if _ranks_limited(layout):
            parts = [piece for part in parts for piece in _by_rank(amap, part)]
        for index, part in enumerate(parts, 1):
            out.append(Section(len(out) + 1, title, part, f"part {index} of {len(parts)}" if len(parts) > 1 else ""))
    return out


def _by_rank(amap: ArgumentMap, nodes: list[Node]) -> list[list[Node]]:
    """``nodes`` in pictures of at most ``MAX_RANKS`` ranks, the greyed units they serve included: the
    units that stand beyond the last rank go, with everything under them, to the next picture."""
    pieces: list[list[Node]] = []
    while nodes:
        heights = _heights(amap, nodes)
        if max(heights.values(), default=0) + 2 <= MAX_RANKS:
            pieces.append(nodes)
            break
        ids = {n.id for n in nodes}
        parent = {e.source: e.target for e in amap.edges if e.primary and e.source in ids and e.target in ids}
        depth: dict[str, int] = {}
        for node in nodes:  # ranks below the picture's top (its units whose parent is outside it)
            chain, current = [], node.id
            while current not in depth and current in parent and current not in chain:
                chain.append(current)
                current = parent[current]
            base = depth.get(current, 0)
            for offset, nid in enumerate(reversed(chain), 1):
                depth[nid] = base + offset
        beyond = {nid for nid, d in depth.items() if d >= MAX_RANKS - 1}
        pieces.append([n for n in nodes if n.id not in beyond])
        nodes = [n for n in nodes if n.id in beyond]
    return pieces


def _by_subsection(nodes: list[Node]) -> list[list[Node]]:
    groups: dict[str, list[Node]] = {}
    for node in nodes:
        groups.setdefault(node.section[1] if len(node.section) > 1 else "", []).append(node)
    return list(groups.values())


def descendants(amap: ArgumentMap) -> dict[str, int]:
    """How many units stand under each unit in the tree (its primary supporters and theirs)."""
    children = {target: [e.source for e in edges if e.primary] for target, edges in amap.index.into.items()}
    sizes: dict[str, int] = {}
    for node in reversed(amap.nodes):  # supporters mostly come after what they support
        stack, seen, count = list(children.get(node.id, [])), {node.id}, 0
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            if current in sizes:
                count += sizes[current] + 1
                continue
            count += 1
            stack.extend(children.get(current, []))
        sizes[node.id] = count
    return sizes


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def counts(section: Section, amap: ArgumentMap) -> str:
    ids = {n.id for n in section.nodes}
    parts = []
    for node_type in (NodeType.CLAIM, NodeType.PREMISE, NodeType.EVIDENCE):
        n = sum(node.type == node_type for node in section.nodes)
        if n:
            parts.append(f"{n} {node_type.value if n == 1 or node_type == NodeType.EVIDENCE else node_type.value + 's'}")
    out_of = amap.index.out_of
    attacks = sum(e.type == EdgeType.ATTACK for nid in ids for e in out_of.get(nid, ()))
    if attacks:
        parts.append(f"{attacks} attack{'s' if attacks != 1 else ''}")
    return " · ".join(parts) or "no units"


def strongest(section: Section, sizes: dict[str, int], count: int = _STRONGEST) -> list[Node]:
    """The section's claims with most units under them (premises when it has no claims)."""
    for wanted in (NodeType.CLAIM, NodeType.PREMISE):
        found = [n for n in section.nodes if n.type == wanted]
        if found:
            order = {n.id: i for i, n in enumerate(section.nodes)}
            return sorted(found, key=lambda n: (-sizes.get(n.id, 0), order[n.id]))[:count]
    return []


def _section_label(section: Section, amap: ArgumentMap, sizes: dict[str, int]) -> str:
    import graphviz

    lines = wrap(section.heading, 40) or [""]
    lines.append(counts(section, amap))
    best = strongest(section, sizes)
    if best:
        lines.append("strongest:")
        for node in best:
            wrapped = wrap(f"{node.id}: {_short(node.text, 110)}", 40)
            lines.extend(["• " + wrapped[0]] + ["  " + w for w in wrapped[1:]])
    # left-aligned lines (\l): a box reads as a short list
    return graphviz.nohtml("".join(str(_esc(line)) + "\\l" for line in lines))


def _base(name: str, amap: ArgumentMap, layout: str | None):
    import graphviz

    dot = graphviz.Digraph(name=name, comment=_comment(amap.metadata.title or amap.name))
    dot.attr(rankdir=_rankdir(layout), newrank="true", nodesep="0.25", ranksep=_RANKSEP, fontname=NODE_FONT,
             labelloc="t", fontsize="16")
    dot.attr("node", fontname=NODE_FONT, fontsize="10", margin="0.12,0.06")
    dot.attr("edge", fontname=NODE_FONT, fontsize="8")
    return dot


def overview_dot(amap: ArgumentMap, layout: str | None = None, link=None):
    """The overview of a long map: the major claim and recommendations as units, each section one box.

    ``link(section)`` gives the address a section's box points to (its picture, or an anchor).
    """
    dot = _base("overview", amap, layout)
    title = amap.metadata.title or (amap.major_claim.text if amap.major_claim else amap.name)
    units, pictures = len(amap.nodes), len(sections(amap, layout=layout))
    # the title wrapped, what the picture is on a line of its own
    dot.attr(label=_lines(wrap(_short(title, 120), _TITLE_CELLS)
                          + [f"overview: {units} unit{'s' if units != 1 else ''} in "
                             f"{pictures} section picture{'s' if pictures != 1 else ''}"]))
    sizes = descendants(amap)
    group: dict[str, str] = {}
    for node in amap.nodes:
        if _outside_sections(node):
            dot.node(_esc(node.id), label=_label(node), tooltip=_esc(_tooltip(node)), **STYLE[node.type])
            group[node.id] = node.id
    parts: dict[str, list[str]] = {}
    for section in sections(amap, layout=layout):
        name = f"section_{section.number}"
        attrs = {"URL": _esc(link(section)), "target": "_top"} if link else {}
        dot.node(name, label=_section_label(section, amap, sizes), shape="box", style="filled,rounded",
                 fillcolor="#eef3f8", color="#2b5c8a", fontsize="10",
                 tooltip=_esc(f"{section.heading}: open its picture"), **attrs)
        parts.setdefault(section.title, []).append(name)
        for node in section.nodes:
            group[node.id] = name
    for names in parts.values():
        if len(names) > 1:  # the parts of one section stand together in one rank, not one rank each
            with dot.subgraph() as same:
                same.attr(rank="same")
                for name in names:
                    same.node(name)
    links: dict[tuple[str, str, EdgeType], int] = {}
    for edge in amap.edges:
        source, target = group.get(edge.source), group.get(edge.target)
        if source is None or target is None or source == target:
            continue
        links[(source, target, edge.type)] = links.get((source, target, edge.type), 0) + 1
    for (source, target, kind), n in links.items():
        attrs = dict(EDGE_STYLE[kind])
        if n > 1:
            attrs["label"] = f"{n} {'attacks' if kind == EdgeType.ATTACK else 'supports'}"
        if source.startswith("section_") and target.startswith("section_"):
            # a section that serves another does not stand a rank further out: the overview keeps the
            # major claim, the recommendations and the sections in three ranks however they chain
            attrs["constraint"] = "false"
        dot.edge(_esc(source), _esc(target), **attrs)
    _legend(dot)
    return dot


def section_dot(amap: ArgumentMap, section: Section, layout: str | None = None, total: int | None = None,
                back: str | None = None):
    """One section's picture: its units and their relations, and (greyed) the units outside it that
    they support or attack, so the reader sees where the section hangs."""
    dot = _base(f"section_{section.number}", amap, layout)
    total = total or len(sections(amap, layout=layout))
    dot.attr(label=_lines(wrap(section.heading, _TITLE_CELLS) + [f"section picture {section.number} of {total}"]))
    if back:
        dot.attr(URL=_esc(back), target="_top", tooltip="back to the overview")
    ids = {n.id for n in section.nodes}
    for node in section.nodes:
        dot.node(_esc(node.id), label=_label(node), tooltip=_esc(_tooltip(node)), **STYLE[node.type])
    nodes = {n.id: n for n in amap.nodes}
    outside: set[str] = set()
    for edge in amap.edges:
        if edge.source not in ids:
            continue
        if edge.target not in ids and edge.target in nodes and edge.target not in outside:
            outside.add(edge.target)
            target = nodes[edge.target]
            where = SECTION_SEPARATOR.join(target.section[:1]) or "overview"
            lines = wrap(f"{target.id} · {str(target.type).replace('_', ' ')} ({_short(where, 40)})", LABEL_CELLS)
            lines += wrap(_short(target.text, 90), LABEL_CELLS)
            # named apart from the unit itself (which has its own box in another picture)
            dot.node(_esc(CONTEXT_PREFIX + target.id), label=_lines(lines),
                     shape="box", style="dashed,rounded", color="#999999", fontcolor="#666666", fontsize="9")
        attrs = _edge_attrs(edge)
        if edge.target in ids:
            dot.edge(_esc(edge.source), _esc(edge.target), **attrs)
        elif edge.target in outside:
            dot.edge(_esc(edge.source), _esc(CONTEXT_PREFIX + edge.target), **attrs)
    _legend(dot)
    return dot
