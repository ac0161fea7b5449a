"""Pictures read at 100 %: a map drawn left-to-right fits a 1,500 px pane however many siblings a claim
has, however long its sentences, title and headings; a box's lines are as wide as they are drawn."""

from __future__ import annotations

import re
import textwrap
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st
from rich.cells import cell_len, chop_cells

from argmap.formats import dot
from argmap.model import ArgumentMap, Edge, EdgeType, Metadata, Node, NodeType
from argmap.render import section_svgs, svg_string
from conftest import CORPORA, FIXTURES, needs_dot

PANE = 1500  # px: the pane benchmarks/layouts.py measures against


def _width(svg: str) -> float:
    return float(re.search(r'<svg width="([\d.]+)pt"', svg).group(1)) * 4 / 3  # pt → CSS px


def _sentence(n: int) -> str:
    return (f"Region {n} handled considerably more container ships in the last fiscal year than its "
            f"ageing berths, dredged channels and rail connections were ever designed to carry safely.")


def _many_siblings(claims: int, premises: int) -> ArgumentMap:
    """A title, ``claims`` long-headed sections, each claim with ``premises`` premises, each cited."""
    heading = "Finding {}: the berth capacity of the region, its channels, its rail links and its workforce"
    nodes = [Node("MC", NodeType.MAJOR_CLAIM, "Harbours need a national plan that funds berths, channels and "
                  "rail links together rather than port by port as each one runs out of room", [])]
    edges = []
    for c in range(1, claims + 1):
        section = (heading.format(c),)
        nodes.append(Node(f"H{c}", NodeType.CLAIM, heading.format(c), [], section=section))
        edges.append(Edge(f"H{c}", "MC", EdgeType.SUPPORT))
        for p in range(1, premises + 1):
            pid, eid = f"S{c}_{p}", f"E{c}_{p}"
            nodes.append(Node(pid, NodeType.PREMISE, _sentence(p), [], section=section))
            nodes.append(Node(eid, NodeType.EVIDENCE, "Ministry of Transport, Annual Port Statistics "
                              f"{2000 + p}, table {p}, https://example.org/statistics/ports/{2000 + p}/table-{p}.",
                              [], section=section))
            edges.append(Edge(pid, f"H{c}", EdgeType.SUPPORT, cue="Therefore" if p % 2 else "Nevertheless"))
            edges.append(Edge(eid, pid, EdgeType.SUPPORT))
    title = " ".join(["A national plan for harbours, channels and the rail links behind them"] * 3)
    return ArgumentMap(nodes=nodes, edges=edges, metadata=Metadata(title=title))


CJK_CITATION = "“中国に派遣の北朝鮮労働者、賃金ピンハネで怒り工場占拠ストライキ…管理職に暴行で死なす,” 『読売新聞』"


@needs_dot
@pytest.mark.parametrize("cjk", [False, True], ids=["english", "cjk-citations"])
def test_a_claim_with_many_siblings_under_it_fits_the_pane(cjk):
    amap = _many_siblings(claims=2, premises=18)
    if cjk:  # a CJK character is drawn two cells wide
        for node in amap.nodes:
            if node.type == NodeType.EVIDENCE:
                node.text = CJK_CITATION
    assert not dot.is_large(amap)  # drawn whole, as one picture
    assert _width(svg_string(amap, "left-to-right")) <= PANE


def _cells(line: str) -> int:
    """The cells a line is drawn in: a wide or fullwidth character two, a combining mark none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in line)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(categories=("L", "M", "N", "P", "Zs")), max_size=300), st.integers(8, 60))
def test_wrapped_lines_fit_their_cells_and_keep_every_character(text, width):
    lines = dot.wrap(text, width)
    assert all(_cells(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


def _project_paragraphs() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for root in (FIXTURES, CORPORA)
             for p in sorted(root.rglob("*")) if p.suffix in (".md", ".txt") and p.is_file()]
    return [" ".join(par.split()) for text in texts + [CJK_CITATION] for par in text.split("\n\n") if par.strip()]


def test_boxes_wrap_the_projects_texts_as_a_terminal_would_draw_them():
    """The library's own cell count gives the lines a terminal's measure (rich's) gives."""
    paragraphs = _project_paragraphs()
    assert len(paragraphs) > 100 and any(_cells(p) > len(p) for p in paragraphs)  # CJK among them
    for width in (12, 40, 58):
        for text in paragraphs:
            expected = [piece for line in textwrap.wrap(text, width=width)
                        for piece in (chop_cells(line, width) if cell_len(line) > width else [line])]
            assert dot.wrap(text, width) == expected


def _deep_chain(length: int) -> ArgumentMap:
    """A short map whose units each take up the one before: one rank each, as deep as it is long."""
    section = ("Finding 1: berth capacity",)
    nodes = [Node("MC", NodeType.MAJOR_CLAIM, "Harbours need a national plan", []),
             Node("H1", NodeType.CLAIM, section[0], [], section=section)]
    edges = [Edge("H1", "MC", EdgeType.SUPPORT)]
    for n in range(1, length + 1):
        nodes.append(Node(f"S{n}", NodeType.PREMISE, _sentence(n), [], section=section))
        edges.append(Edge(f"S{n}", "H1" if n == 1 else f"S{n - 1}", EdgeType.SUPPORT))
    return ArgumentMap(nodes=nodes, edges=edges, metadata=Metadata(title="Harbours"))


@needs_dot
@pytest.mark.parametrize("length", [8, 20])
def test_a_map_too_deep_to_fit_is_drawn_in_pictures_that_fit(length):
    amap = _deep_chain(length)
    assert len(amap.nodes) <= dot.OVERVIEW_ABOVE and dot.is_large(amap)  # few units, but too deep
    found = dot.sections(amap)
    placed = [n.id for s in found for n in s.nodes]
    assert sorted(placed) == sorted(n.id for n in amap.nodes if n.id != "MC") and len(set(placed)) == len(placed)
    assert len(found) > 1 and all(s.part for s in found)  # one section, drawn in parts
    pictures = [svg_string(amap, "left-to-right")] + [svg for _, svg in section_svgs(amap, "left-to-right")]
    assert all(_width(svg) <= PANE for svg in pictures)


def test_a_shallow_map_of_few_units_is_one_picture():
    assert not dot.is_large(_deep_chain(3))


def _fan(premises: int) -> ArgumentMap:
    """One claim with ``premises`` premises under it and nothing under them."""
    section = ("Finding 1: berth capacity",)
    nodes = [Node("MC", NodeType.MAJOR_CLAIM, "Harbours need a national plan", []),
             Node("H1", NodeType.CLAIM, section[0], [], section=section)]
    edges = [Edge("H1", "MC", EdgeType.SUPPORT)]
    for n in range(1, premises + 1):
        nodes.append(Node(f"S{n}", NodeType.PREMISE, _sentence(n), [], section=section))
        edges.append(Edge(f"S{n}", "H1", EdgeType.SUPPORT))
    return ArgumentMap(nodes=nodes, edges=edges, metadata=Metadata(title="Harbours"))


def _height(svg: str) -> float:
    return float(re.search(r'<svg width="[\d.]+pt" height="([\d.]+)pt"', svg).group(1)) * 4 / 3


@needs_dot
def test_many_siblings_stand_in_several_ranks_not_one_column():
    amap = _fan(40)
    assert not dot.is_large(amap) and dot.stagger(amap) > 1
    one_column = dot.digraph(amap, "left-to-right").pipe(format="svg", encoding="utf-8")
    drawn = svg_string(amap, "left-to-right")
    assert _height(drawn) <= 0.6 * _height(one_column)
    assert _width(drawn) <= PANE
    # every unit is still drawn, once
    titles = re.findall(r'<g id="node\d+" class="node">\s*<title>([^<]*)</title>', drawn)
    assert sorted(t for t in titles if not t.startswith("legend_")) == sorted(n.id for n in amap.nodes)


def test_a_picture_with_no_spare_ranks_is_not_staggered():
    deep = _deep_chain(4)  # MC, H1 and four premises: six ranks
    assert not dot.is_large(deep) and dot.stagger(deep) == 1


@pytest.mark.parametrize("length", [8, 20])
def test_a_deep_map_is_cut_by_rank_left_to_right_only(length):
    """Ranks are a left-to-right picture's width but a top-down picture's height: only the first is
    split for being deep."""
    amap = _deep_chain(length)
    assert dot.is_large(amap, "left-to-right") and len(dot.sections(amap, layout="left-to-right")) > 1
    assert not dot.is_large(amap, "top-down")
    assert [s.part for s in dot.sections(amap, layout="top-down")] == [""]
