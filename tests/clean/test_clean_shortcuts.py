"""Shortcuts taken for speed give the answers of the long way round."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.clean import clean, inline, structure
from argmap.model import text_from_spans
from hostile_maps import MARKUP_PIECES as _PIECES, MARKUP_TEXTS as _TEXTS

# each piece alone with plain words around it: what the shortcut must recognise as markup
_ONE_MARK = st.tuples(st.sampled_from(["a ", "Word. ", ""]), _PIECES, st.sampled_from([" b", ".", ""])).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_ONE_MARK, _TEXTS), st.data())
def test_inline_pieces_without_markup_characters_as_with_the_full_scan(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    weak = data.draw(st.sampled_from([set(), {"2"}]))
    fast = inline.inline_pieces(text, start, end, weak)
    saved = inline._MARKUP_CHARS
    inline._MARKUP_CHARS = re.compile("")  # matches everywhere: the full scan always runs
    try:
        slow = inline.inline_pieces(text, start, end, weak)
    finally:
        inline._MARKUP_CHARS = saved
    assert fast == slow


_DOC_LINES = st.lists(st.sampled_from([
    "", "# Title", "## Notes", "Notes", "Text with a marker.[1] And more [2] text", "1) A note body.", "[2] Another note.",
    "**Bold lead.** Then text.", "* a list item with [link](http://x)", "© 2024 The Institute", "lowercase goes on",
    "The views expressed are the author's own.", "A sentence cut by a page", "---", "<sup>3</sup> A strong note.",
    "Text citing a strong note<sup>3</sup>.", "[^4]: A defined note.", "Text citing [^4] here.",
    "Costs rise with imports.2 Without it, more.", "leakage2 and more", "2. A numbered note.",
]), min_size=1, max_size=14).map("\n".join).filter(str.strip)


@settings(max_examples=150, deadline=None)
@given(_DOC_LINES)
def test_clean_with_kept_block_pieces_as_with_pieces_made_afresh(text):
    from argmap.read import read_document

    fast = clean(read_document(text, name="x.md"))
    saved = structure._block_pieces

    def afresh(source, block, start):
        spans, citations = inline.inline_pieces(source, start, block.end, set())
        return spans, citations, text_from_spans(source, spans)

    structure._block_pieces = afresh
    try:
        slow = clean(read_document(text, name="x.md"))
    finally:
        structure._block_pieces = saved
    assert (fast.blocks, fast.footnotes, fast.metadata, fast.set_aside, fast.title_spans) == (
        slow.blocks, slow.footnotes, slow.metadata, slow.set_aside, slow.title_spans)
