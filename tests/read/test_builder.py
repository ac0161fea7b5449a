"""Readers hand over structure: the text a reader builds, and its blocks with offsets into it."""

from __future__ import annotations

import re

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.clean import clean
from argmap.model import text_from_spans
from argmap.read import read_document
from argmap.read.builder import DocumentBuilder, Inline, fold, list_marker
from pdf_pages import draw_pdf

_PIECE = st.text(alphabet=st.sampled_from(list("ab Z.\t\n\u00a0\u00ad\u200b,")), max_size=6)
_STEPS = st.lists(st.tuples(_PIECE, st.booleans(), st.booleans()), max_size=12)


def _inline(steps) -> Inline:
    out = Inline()
    for n, (piece, bold, marked) in enumerate(steps):
        out.add(piece, bold=bold)
        if marked:
            out.mark(str(n))
    return out


def _ink(text: str) -> str:
    """The characters that folding keeps as they are."""
    return re.sub(r"[\s\u00ad\u200b\ufeff]", "", text)


@settings(max_examples=300, deadline=None)
@given(_STEPS)
def test_folding_moves_marks_and_runs_with_their_words(steps):
    inline = _inline(steps)
    folded = inline.folded()
    assert folded.text == fold(inline.text)
    for (before, label), (after, label_after) in zip(inline.marks, folded.marks):
        assert label == label_after
        assert _ink(folded.text[:after]) == _ink(inline.text[:before])  # the same words stand before the mark
    kept = [(a, b) for a, b in inline.runs if _ink(inline.text[a:b])]
    assert [_ink(folded.text[a:b]) for a, b in folded.runs] == [_ink(inline.text[a:b]) for a, b in kept]
    assert all(not folded.text[a:b].startswith(" ") and not folded.text[a:b].endswith(" ") for a, b in folded.runs)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["heading", "paragraph", "item", "footnote"]), _STEPS), max_size=8))
def test_every_block_span_points_at_its_own_words(blocks):
    builder = DocumentBuilder()
    wanted = []
    for kind, steps in blocks:
        inline = _inline(steps)
        if kind == "footnote":
            builder.footnote("1", inline)
        else:
            getattr(builder, kind)(inline) if kind != "heading" else builder.heading(2, inline)
        if fold(inline.text):
            wanted.append((kind, fold(inline.text)))
    doc = builder.build("x", "test")
    assert [b.kind for b in doc.layout] == (
        [{"item": "list_item"}.get(k, k) for k, _ in wanted if k != "footnote"] + ["footnote" for k, _ in wanted if k == "footnote"])
    body = [t for k, t in wanted if k != "footnote"] + [t for k, t in wanted if k == "footnote"]
    assert [text_from_spans(doc.text, b.spans) for b in doc.layout] == body
    for block in doc.layout:
        (start, end), = block.spans
        assert all(start <= c.span[0] <= c.span[1] <= end for c in block.citations)
        assert all(start <= a < b <= end for a, b in block.emphasis)
        if block.kind in ("heading", "footnote"):
            assert not block.emphasis
    labels = [b.label for b in doc.layout if b.kind == "footnote"]
    assert len(labels) == len(set(labels))  # a label used twice is made unique


def _lines(x, top, lines, size=10.0, pitch=13.0):
    return [(x, top + i * pitch, line, size, False) for i, line in enumerate(lines)]


BODY = ["The levy should be capped at two percent, because the receipts it",
        "brought in fell by a third in the last two years of the plan while",
        "the costs of collecting it rose every year. A cap would stop the fall."]


def test_pdf_blocks_carry_their_page_position_and_type():
    page1 = [(60, 60, "Capping the Levy", 18, True)] + _lines(60, 100, BODY)
    page2 = _lines(60, 80, ["Firms would come back to the city, as they did in the county next door.",
                            "The council should vote on the cap before the budget is set."])
    doc = read_document(draw_pdf([page1, page2]), name="levy.pdf")
    heading, first, second = doc.layout[:3]
    assert heading.kind == "heading" and heading.page == 0 and heading.bold is True
    assert first.kind == "paragraph" and first.page == 0 and first.bold is False
    assert heading.font_size > first.font_size
    assert second.page == 1
    x0, top, x1, bottom = first.bbox
    assert 55 < x0 < 65 and top < bottom and x1 > x0 and top > heading.bbox[3]


def test_pdf_section_sign_at_a_note_line_start_carries_the_note_on():
    """"§§ 321, 355)." opening a line at the foot is the rest of a note's citation, not a note labelled "§§"."""
    page = [(60, 60, "Capping the Levy", 18, True)] + _lines(60, 100, BODY)
    page.append((60 + 5.35 * len(BODY[0]), 96, "1", 6, False))
    page += [(60, 700, "1 See Drug Amendments of 1962, 76 Stat. 780 (codified as amended at 21 U.S.C.", 8, False),
             (60, 710, "§§ 321, 355).", 8, False)]
    doc = clean(read_document(draw_pdf([page]), name="notes.pdf"))
    assert list(doc.footnotes) == ["1"]
    assert doc.footnotes["1"].text.endswith("21 U.S.C. §§ 321, 355).")
    assert not any("321, 355" in item["text"] for item in doc.set_aside)


def test_pdf_numbered_paragraph_is_a_list_item_with_its_number_in_the_text():
    page = [(60, 60, "Capping the Levy", 18, True)] + _lines(60, 100, BODY)
    page += _lines(60, 160, ["1. The council should cap the levy at two percent this year."])
    page += _lines(60, 180, ["2. The council should review the cap after three years of receipts."])
    doc = read_document(draw_pdf([page]), name="list.pdf")
    items = [b for b in doc.layout if b.kind == "list_item"]
    assert [b.list_marker for b in items] == ["1.", "2."]
    assert all(text_from_spans(doc.text, b.spans).startswith(b.list_marker + " ") for b in items)
    cleaned = clean(doc)
    assert [b.text(cleaned.text) for b in cleaned.blocks if b.kind == "list_item"] == [
        "The council should cap the levy at two percent this year.",
        "The council should review the cap after three years of receipts."]


def test_markup_characters_in_a_readers_text_are_words():
    """A reader's text is plain: an asterisk or underscore in it is kept, as it was on the page."""
    page = [(60, 60, "Capping the Levy", 18, True)]
    page += _lines(60, 100, ["The levy_rate of 2 * 3 percent [sic] should be capped, as <b> shows."])
    cleaned = clean(read_document(draw_pdf([page]), name="marks.pdf"))
    assert "The levy_rate of 2 * 3 percent [sic] should be capped, as <b> shows." in [
        b.text(cleaned.text) for b in cleaned.blocks]


WORDS = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGH0123456789*_`\\#-+.)>:,[]<|")),
                min_size=1, max_size=12)
SENTENCE = st.lists(WORDS, min_size=3, max_size=25).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(SENTENCE)
def test_a_readers_paragraph_reads_back_through_the_cleaning_as_written(sentence):
    """Whatever characters a reader's paragraph holds, the cleaning keeps them: nothing reads as markup."""
    builder = DocumentBuilder()
    builder.heading(1, "A Title For The Brief")
    builder.paragraph(sentence)
    builder.paragraph("A closing sentence that is plainly a paragraph of its own.")
    doc = clean(builder.build("x", "test"))
    body = [b.text(doc.text) for b in doc.blocks if b.kind in ("paragraph", "list_item", "heading")]
    body += [item["text"] for item in doc.set_aside] + [doc.metadata.title or ""]
    want = fold(sentence)
    assert any(want in text for text in body), (want, body)


def test_links_a_reader_hands_over_reach_the_units():
    """An HTML link's anchor words stay in the unit; the unit cites the link."""
    import argmap

    page = (b'<html><body><main><h1>Tax land</h1><p>The city should tax land, because the <a href="https://example.org/'
            b'study">study</a> found it raised revenue. A levy on buildings would slow construction.</p></main></body></html>')
    amap = argmap.analyze(page, name="x.html")
    (node,) = [n for n in amap.nodes if "study" in n.text]
    assert [(c.anchor, c.target) for c in node.links] == [("study", "https://example.org/study")]


@pytest.mark.parametrize("text, expected", [
    ("1. Costs rose.", ("1.", 0)),  # a number is part of the item's text
    ("12) Costs rose.", ("12)", 0)),
    ("a) Costs rose.", ("a)", 0)),
    ("• Costs rose.", ("•", 2)),  # a bullet and its space are cut
    ("- Costs rose.", ("-", 2)),
    ("A. Smith wrote it.", None),  # an initial, not an item
    ("2024. 02. 22", None),
    ("•Costs rose.", None),  # a glyph glued to a word opens no item
    ("Costs rose.", None),
])
def test_how_a_paragraph_opens_as_a_list_item(text, expected):
    assert list_marker(text) == expected


def test_a_numbered_item_keeps_its_number_in_the_text_and_a_bullet_does_not():
    builder = DocumentBuilder()
    builder.item("1. Costs rose.", marker="1.")
    builder.item("Prices fell.", marker="•")
    first, second = builder.build("x.pdf", "pdf").layout
    assert first.numbered and not second.numbered
