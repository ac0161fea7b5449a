"""Shortcuts taken for speed give the answers of the long way round, seen from the public functions.

Each test forces the long way by a change to the input that must not change the answer (an empty
HTML comment is cut whole), or checks what the shortcut keeps against what the public function makes.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.clean import clean, inline_pieces
from argmap.clean.links import references as link_references
from argmap.clean.structure import layout_blocks
from argmap.read import read_document

# the characters Markdown and HTML markup, note markers and links are written with (``inline_pieces``)
_MARKUP = "[]<*_`\\¹²³⁴⁵⁶⁷⁸⁹⁰"
_PLAIN = st.lists(st.one_of(
    st.sampled_from(["Word", "a", " ", ". ", "!", "(", ")", "((", "imports.2 ", "leakage2 and", "x2", " 2 ", "2.",
                     "http://x.org/a_(b)", "www.example.com", "see x.org.", "a@b.org", ">", "#", "^1", "~", "|", "-",
                     "\n", "\t", "\u00a0", "“", "”"]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=_MARKUP), max_size=5),
), max_size=15).map("".join)
_EMPTY_COMMENT = " <!---->"


@settings(max_examples=500, deadline=None)
@given(_PLAIN, st.data())
def test_text_without_markup_reads_as_the_full_scan_reads_it(text, data):
    """An empty comment after the text makes the full scan run; it is cut, and nothing else changes."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    weak = data.draw(st.sampled_from([set(), {"2"}]))
    forced = text[:end] + _EMPTY_COMMENT + text[end:]
    assert inline_pieces(forced, start, end + len(_EMPTY_COMMENT), weak) == inline_pieces(text, start, end, weak)


_DOC_LINES = st.lists(st.sampled_from([
    "", "# Title", "## Notes", "Notes", "Text with a marker.[1] And more [2] text", "1) A note body.", "[2] Another note.",
    "**Bold lead.** Then text.", "* a list item with [link](http://x)", "© 2024 The Institute", "lowercase goes on",
    "The views expressed are the author's own.", "A sentence cut by a page", "---", "<sup>3</sup> A strong note.",
    "Text citing a strong note<sup>3</sup>.", "[^4]: A defined note.", "Text citing [^4] here.",
    "Costs rise with imports.2 Without it, more.", "leakage2 and more", "2. A numbered note.",
]), min_size=1, max_size=14).map("\n".join).filter(str.strip)


@settings(max_examples=150, deadline=None)
@given(_DOC_LINES)
def test_each_paragraph_holds_the_pieces_of_its_lines_made_afresh(text):
    """The pieces the cleaning keeps for a block (made once, asked for by several stages) are those
    ``inline_pieces`` makes of its lines: a paragraph not rejoined with another, that opens its line,
    has exactly them."""
    document = clean(read_document(text, name="x.md"))
    source = document.text
    weak, references = set(document.footnotes), link_references(document.layout)
    # what the parser read in each block (its markup, links and footnote references), by where the block starts
    parsed = {b.start: b.parsed for b in layout_blocks(source, document.layout, markup=True)}
    for block in document.blocks:
        if block.kind != "paragraph" or block.after_break or not block.spans:
            continue
        start = source.rfind("\n", 0, block.spans[0][0]) + 1
        if source[start:block.spans[0][0]].strip():
            continue  # markup or a lead-in before its first piece: not a block of whole lines
        end = source.find("\n", block.spans[-1][1])
        end = len(source) if end < 0 else end
        fresh = inline_pieces(source, start, end, weak, references, parsed=parsed.get(start))
        assert fresh == (block.spans, block.citations), block
