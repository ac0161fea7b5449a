"""Shortcuts taken for speed give the answers of the long way round."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.clean import clean, inline, structure
from argmap.model import text_from_spans

_PIECES = st.one_of(
    st.sampled_from(["[", "]", "(", ")", "](", "](x)", "![a](b)", "!", "imports.2 ", "leakage2 and", "x2", " 2 ",
                     "<", ">", "<sup>1</sup>", "[^1]", "[2]", "¹", "*", "**", "_", "`", "\\", "<!-- x -->", "<b>", " ",
                     "\n", "\t", "\u00a0", "\u2028", "a", "Word", "."]),
    st.text(max_size=5),
)
_TEXTS = st.lists(_PIECES, max_size=15).map("".join)
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


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.data())
def test_text_from_spans_folds_white_space_as_the_regex_did(text, data):
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    out = ""
    previous_end = None
    from argmap.model import needs_space

    for start, end in spans:
        if previous_end is not None and needs_space(text, previous_end, start, end, out):
            out += " "
        out += text[start:end]
        previous_end = end
    assert text_from_spans(text, spans) == re.sub(r"\s+", " ", out).strip()


def test_scrub_looks_first_for_exactly_the_characters_it_replaces():
    from argmap.read import _ANY_SCRUBBED, _CONTROL, _LINE_SEPARATOR, _NOT_CHARACTER

    for code in range(0x110000):
        ch = chr(code)
        replaced = bool(_CONTROL.match(ch) or _LINE_SEPARATOR.match(ch) or _NOT_CHARACTER.match(ch))
        assert bool(_ANY_SCRUBBED.match(ch)) == replaced, hex(code)


def test_lower_casing_keeps_letters_letters_but_for_the_dotted_capital_i():
    letter = re.compile(r"[^\W\d_]")
    changed = {chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000
               and (len(chr(i).lower()) != 1 or bool(letter.match(chr(i))) != bool(letter.match(chr(i).lower())))}
    assert changed == {"\u0130"}


@settings(deadline=None)
@given(st.lists(st.sampled_from(["Die", "the", "und", "and", "İst", "ist", "DER", " ", ", ", "\n", "x1", "é"]), max_size=30))
def test_detect_language_as_counting_each_lower_cased_word(words):
    from argmap.lang.detect import _WORD, _stop_words, detect_language

    text = " ".join(words)
    tokens = [w.lower() for w in _WORD.findall(text)]
    expected = "en"
    if tokens:
        best = 0.0
        for lang in ("de", "en"):
            share = sum(1 for w in tokens if w in _stop_words(lang)) / len(tokens)
            if share > best + 1e-9:
                expected, best = lang, share
        expected = expected if best >= 0.15 else "en"
    assert detect_language(text) == expected


_LINES = st.lists(st.one_of(
    st.sampled_from(["", "Text goes on", "a. item", "B) item", "- item", "* item", "1. item", "# Head", "Title", "===",
                     "---", "| a | b |", "```", "~~~", "[^1]: note", "  indented text", "\tTab", "Über alles", "é.",
                     "A long line that ends a sentence and runs on " * 4 + "to its end.", "Zed.", "x)", "\u00a0x"]),
    st.text(max_size=6)), max_size=12).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_LINES)
def test_scan_blocks_with_the_plain_line_shortcut_as_without(text):
    fast = structure.scan_blocks(text)
    saved = structure._plain_line
    structure._plain_line = lambda line: False  # every line through every pattern
    try:
        slow = structure.scan_blocks(text)
    finally:
        structure._plain_line = saved
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
