"""Maps built from hostile text, for the exporters' property tests (shared by several test files)."""

from __future__ import annotations

import re

from hypothesis import strategies as st

from argmap.model import ArgumentMap, Edge, EdgeType, Metadata, Node, NodeType

#: pieces that break naive writers of one format or another
HOSTILE_PIECES = [
    '"', "'", "\\", "\\n", "[", "]", "[x]:", "<x>", "{", "}", "{a: b}", "#", "#tag", "#(a b)", "-->", "--x", "---",
    "<script>alert(1)</script>", "&amp;", "#quot;", "\n", "\r\n", "\t", "  ", "//", "/*", "*/", "<!--", "*", "**",
    "_", "`", "|", "@[A]", "<+", "+>", "- ", "+ ", "1. ", "===", ":+1:", ".A.", "U.S.A.", "%%", "end", ";", ",",
    "שלום עולם", "مرحبا", "\u202e", "中文字", "日本語の文", "한국어", "😀", "é", "e\u0301", "\u00a0", "\u2028",
]
#: markup, note markers and white space of every kind: what the cleaning shortcuts must recognise
MARKUP_PIECES = st.one_of(
    st.sampled_from(["[", "]", "(", ")", "](", "](x)", "![a](b)", "!", "imports.2 ", "leakage2 and", "x2", " 2 ",
                     "<", ">", "<sup>1</sup>", "[^1]", "[2]", "¹", "*", "**", "_", "`", "\\", "<!-- x -->", "<b>", " ",
                     "\n", "\t", "\u00a0", "\u2028", "a", "Word", "."]),
    st.text(max_size=5),
)
MARKUP_TEXTS = st.lists(MARKUP_PIECES, max_size=15).map("".join)
_WS = re.compile(r"\s+")

_chars = st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"))


def hostile_text() -> st.SearchStrategy[str]:
    """Non-blank text made of hostile pieces and arbitrary printable characters."""
    piece = st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(_chars, min_size=1, max_size=8))
    return st.lists(piece, min_size=1, max_size=8).map("".join).filter(lambda s: s.strip() != "")


def fold(text: str) -> str:
    """White space folded as one-line formats fold it."""
    return _WS.sub(" ", text).strip()


def build_map(texts: list[str]) -> ArgumentMap:
    """A map whose every text is one of ``texts`` (cycled): thesis, two sections, claims,
    premises, an attack, a recommendation and two pieces of evidence."""
    pick = iter(texts * (1 + 12 // max(1, len(texts))))
    section_a, section_b = (next(pick),), (next(pick),)
    nodes = [
        Node("MC", NodeType.MAJOR_CLAIM, next(pick), []),
        Node("H1", NodeType.CLAIM, section_a[0], [], rule="section-heading"),
        Node("S1", NodeType.PREMISE, next(pick), [], section=section_a),
        Node("S2", NodeType.PREMISE, next(pick), [], section=section_a, hedged=True, hedge_cue="may"),
        Node("H2", NodeType.CLAIM, section_b[0], [], rule="section-heading"),
        Node("S3", NodeType.CLAIM, next(pick), [], section=section_b),
        Node("S4", NodeType.RECOMMENDATION, next(pick), [], section=section_b),
        Node("E1", NodeType.EVIDENCE, next(pick), [], footnote="1"),
        Node("E2", NodeType.EVIDENCE, next(pick), [], footnote="2"),
    ]
    edges = [
        Edge("H1", "MC", EdgeType.SUPPORT),
        Edge("S1", "H1", EdgeType.SUPPORT),
        Edge("S2", "S1", EdgeType.SUPPORT),
        Edge("H2", "MC", EdgeType.SUPPORT),
        Edge("S3", "H2", EdgeType.SUPPORT, cue=next(pick)),
        Edge("S3", "S2", EdgeType.ATTACK, primary=False),
        Edge("S4", "MC", EdgeType.SUPPORT),
        Edge("E1", "S1", EdgeType.SUPPORT),
        Edge("E2", "S3", EdgeType.SUPPORT),
    ]
    return ArgumentMap(nodes=nodes, edges=edges, metadata=Metadata(title=next(pick), author=next(pick), date="2024-02-22"),
                       source_text=" ".join(texts), name="hostile")
