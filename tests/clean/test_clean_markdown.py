"""Messy Markdown and plain text: headings without ATX marks, front matter, hard wraps, note sections."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.clean import clean
from argmap.model import Document
from argmap.read import read_document
from argmap.read.markdown import markdown_layout

PARA = ("The council has raised the levy twice in five years and the revenue has not followed, "
        "because the base it taxes keeps shrinking as firms move out of the city.")


def headings(text):
    doc = clean(Document(text=text))
    return [(b.text(doc.text), b.level) for b in doc.blocks if b.kind == "heading"], doc


@pytest.mark.parametrize("source, expected", [
    (f"# Title\n\n1. Introduction\n\n{PARA}\n", "Introduction"),
    (f"# Title\n\nII. Findings\n\n{PARA}\n", "Findings"),
    (f"# Title\n\n2.3 Costs of delay\n\n{PARA}\n", "Costs of delay"),
    (f"# Title\n\nWhy the Levy Fails\n\n{PARA}\n", "Why the Levy Fails"),
    (f"# Title\n\nWhy the Levy Fails\n-----------------\n\n{PARA}\n", "Why the Levy Fails"),
    (f"# Title\n\n{PARA}\n\n**Why the Levy Fails**\n\n{PARA}\n", "Why the Levy Fails"),
])
def test_heading_shapes(source, expected):
    found, _ = headings(source)
    assert expected in [h for h, _ in found]


@pytest.mark.parametrize("source, not_heading", [
    (f"# Title\n\n1. Cut the levy\n2. Widen the base\n\n{PARA}\n", "Cut the levy"),  # a list stays a list
    (f"# Title\n\n1. Cut the levy.\n\n{PARA}\n", "Cut the levy."),  # a sentence is no heading
    (f"# Title\n\nThe levy fails.\n\n{PARA}\n", "The levy fails."),
    ("# Title\n\nWhy the Levy Fails\n\nShort para here.\n", "Why the Levy Fails"),  # not followed by a paragraph
    (f"# Title\n\nthe levy fails\n\n{PARA}\n", "the levy fails"),
])
def test_lines_that_are_not_headings(source, not_heading):
    found, _ = headings(source)
    assert not_heading not in [h for h, _ in found]


def test_numbered_heading_levels_follow_the_numbering():
    found, _ = headings(f"# Title\n\n1. Background\n\n{PARA}\n\n1.1 History\n\n{PARA}\n")
    levels = dict(found)
    assert levels["History"] > levels["Background"]


def test_hard_wrapped_lines_are_one_paragraph():
    wrapped = "\n".join([PARA[:70], PARA[70:140], PARA[140:]])
    doc = clean(Document(text=f"# Title\n\n{wrapped}\n"))
    paragraphs = [b for b in doc.blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 1 and paragraphs[0].text(doc.text) == " ".join(PARA[i:j].strip() for i, j in ((0, 70), (70, 140), (140, None)))


def test_trailing_notes_section_becomes_footnotes():
    text = f"# Title\n\n{PARA} [1]\n\n## Notes\n\n1 Smith, Land and Cities (2020).\n"
    doc = clean(Document(text=text))
    assert doc.footnotes["1"].text == "Smith, Land and Cities (2020)."
    assert all("Smith" not in b.text(doc.text) for b in doc.blocks)


def test_front_matter_dates_and_ids():
    text = f'---\ntitle: "A Levy"\npublication_date: "2025-03-01"\nreport_number: R123\n---\n\n{PARA}\n'
    doc = clean(Document(text=text))
    assert doc.metadata.title == "A Levy" and doc.metadata.date == "2025-03-01" and doc.metadata.identifier == "R123"


def test_sentence_cut_by_notes_and_a_misplaced_heading_is_rejoined():
    text = (f"# Title\n\n{PARA} [1]\n\nThe second paragraph explains how the assessors of the city\n\n"
            "1 Smith, Land and Cities (2020).\n\n## Costs of Collection\n\nvalue every lot each year. [2]\n\n"
            "2 Jones, Assessment (2019).\n\n" + PARA + "\n")
    doc = clean(Document(text=text))
    paragraphs = [b.text(doc.text) for b in doc.blocks if b.kind == "paragraph"]
    assert "The second paragraph explains how the assessors of the city value every lot each year." in paragraphs
    sections = {b.text(doc.text): b.section for b in doc.blocks if b.kind == "paragraph"}
    assert sections[PARA] in ((), ("Costs of Collection",))


def test_a_heading_after_a_finished_paragraph_is_left_alone():
    text = f"# Title\n\n{PARA} [1]\n\n1 Smith, Land and Cities (2020).\n\n## Costs\n\n{PARA}\n"
    doc = clean(Document(text=text))
    paragraphs = [b for b in doc.blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 2 and paragraphs[1].section == ("Costs",)


@pytest.mark.parametrize("heading", ["## Notes", "Notes", "**Endnotes**", "References", "ENDNOTES", "# Footnotes"])
@pytest.mark.parametrize("note", ["1. Smith, Land and Cities (2020).", "1) Smith, Land and Cities (2020).",
                                  "[1] Smith, Land and Cities (2020).", "1 Smith, Land and Cities (2020)."])
def test_trailing_note_sections_in_their_shapes(heading, note):
    text = f"# Title\n\n{PARA}[1]\n\n{PARA}\n\n{heading}\n\n{note}\n"
    doc = clean(Document(text=text))
    assert [f.text for f in doc.footnotes.values()] == ["Smith, Land and Cities (2020)."]
    for b in doc.blocks:
        assert "Smith" not in b.text(doc.text) and b.text(doc.text) not in ("Notes", "Endnotes", "References")


# --- the CommonMark parser's blocks, and where the reader parts from CommonMark on purpose -----------
def words_of(text, block):
    """A layout block's text from where its words begin."""
    start = block.spans[0][0] if block.content_start is None else block.content_start
    return text[start:block.spans[0][1]]


def blocks_of(text):
    layout = markdown_layout(text)
    front = layout[0] if layout and layout[0].kind == "front_matter" else None
    return [(b.kind, words_of(text, b)) for b in layout if b.kind != "front_matter"], front


def test_a_short_line_over_dashes_is_a_heading_a_sentence_over_them_a_page_break():
    assert blocks_of("Why the Levy Fails\n---\n")[0] == [("heading", "Why the Levy Fails")]
    # a converted PDF's page separator under a paragraph cut mid-sentence: text, then a break
    assert blocks_of("The levy has failed.\n---\n")[0] == [("paragraph", "The levy has failed."), ("break", "---")]
    assert blocks_of("The levy\nhas failed\n---\n")[0] == [("paragraph", "The levy\nhas failed"), ("break", "---")]
    assert blocks_of("x" * 121 + "\n---\n")[0] == [("paragraph", "x" * 121), ("break", "---")]


def test_a_page_break_between_the_halves_of_a_sentence_is_rejoined():
    words = PARA.split(" ")
    one, two, three = " ".join(words[:6]), " ".join(words[6:12]), " ".join(words[12:])
    for cut in (f"{one} {two}\n\n---\n\n{three}", f"{one}\n{two}\n---\n{three}"):
        doc = clean(Document(text=f"# Title\n\n{cut}\n"))
        assert [b.text(doc.text) for b in doc.blocks] == [PARA]


def test_indented_text_is_a_paragraph_not_code():
    assert blocks_of("Intro.\n\n    An indented paragraph.\n")[0] == [("paragraph", "Intro."),
                                                                       ("paragraph", "    An indented paragraph.")]
    assert blocks_of("```\ncode\n```\n")[0] == [("code", "```\ncode\n```")]


def test_a_year_opens_no_list_and_only_a_list_from_one_interrupts_a_paragraph():
    assert blocks_of("2024. 02. 22 | CO 24-17\n")[0] == [("paragraph", "2024. 02. 22 | CO 24-17")]
    assert blocks_of("The rate fell by\n12. percent\n")[0] == [("paragraph", "The rate fell by\n12. percent")]
    assert blocks_of("Steps:\n1. cut\n2. widen\n")[0] == [("paragraph", "Steps:"), ("list_item", "cut"),
                                                        ("list_item", "widen")]
    found, _ = blocks_of("- a\n  - b\n")
    assert found == [("list_item", "a"), ("list_item", "b")]


def test_nested_list_items_keep_their_depth_and_marker():
    blocks = markdown_layout("1) first\n   - inner\n")
    assert [(b.list_marker, b.depth, b.numbered) for b in blocks] == [("1)", 0, True), ("-", 1, False)]


def test_list_nesting_is_the_parsers_depth_not_the_markers_column():
    # " - b" stands a column further right than "- a" but is its sibling; "   - c" is b's child
    doc = clean(read_document("# T\n\nThe levy has three parts:\n\n- a\n - b\n   - c\n"))
    assert [(b.text(doc.text), b.level) for b in doc.blocks if b.kind == "list_item"] == [("a", 0), ("b", 0), ("c", 1)]


def test_run_together_paragraphs_are_cut_at_a_long_line_that_ends_a_sentence():
    long = "A" + " long line" * 20 + "."
    assert blocks_of(f"{long}\nThe next one.\n")[0] == [("paragraph", long), ("paragraph", "The next one.")]
    assert blocks_of("A short line.\nThe next one.\n")[0] == [("paragraph", "A short line.\nThe next one.")]


def test_an_html_comment_over_blank_lines_maps_to_nothing():
    doc = clean(Document(text=f"# Title\n\n<!-- a draft note\n\nstill the note -->\n\n{PARA}\n"))
    assert [b.text(doc.text) for b in doc.blocks] == [PARA]


def test_a_gfm_table_is_one_block_and_set_aside():
    text = f"# Title\n\n{PARA}\n\n| Year | Rate |\n|---|---|\n| 2020 | 4 |\n\n{PARA}\n"
    assert ("table", "| Year | Rate |\n|---|---|\n| 2020 | 4 |") in blocks_of(text)[0]
    doc = clean(Document(text=text))
    assert all("2020" not in b.text(doc.text) for b in doc.blocks)


def test_front_matter_is_read_and_its_lines_are_no_block():
    text = "---\ntitle: The Levy\ndate: 2024-02-22\n...\n\nBody text.\n"
    found, front = blocks_of(text)
    assert found == [("paragraph", "Body text.")]
    assert front.spans == [(0, text.index("\nBody"))] and words_of(text, front) == "title: The Levy\ndate: 2024-02-22\n...\n"
    assert clean(Document(text=text)).metadata.title == "The Levy"


def test_a_quote_is_its_own_block_and_its_markers_are_no_part_of_the_text():
    doc = clean(Document(text=f"# T\n\n{PARA}\n>>>  Related: The Levy Debate\nIt is wrong.\n\n> - A quoted item\n> running on.\n"))
    assert [(b.kind, b.text(doc.text)) for b in doc.blocks] == [
        ("paragraph", PARA), ("paragraph", "It is wrong."), ("list_item", "A quoted item running on.")]
    assert all(">" not in doc.text[a:b] for block in doc.blocks for a, b in block.spans)
    # the line pointing to another page is web residue, set aside with what it says; the line under it is not its
    assert [(s["kind"], s["text"]) for s in doc.set_aside if "Levy Debate" in s["text"]] == [
        ("related_link", "Related: The Levy Debate")]


def test_text_nested_past_the_parsers_depth_is_kept():
    text = "> " * 150 + "A deep quote.\n\n" + "".join(" " * (2 * i) + f"- item {i}\n" for i in range(120)) + "\nAfter.\n"
    doc = clean(Document(text="# T\n\n" + text))
    words = " ".join(b.text(doc.text) for b in doc.blocks)
    assert "A deep quote." in words and "item 119" in words and "After." in words
    assert ">" not in words


def test_a_footnote_definition_is_a_note_where_it_stands_cited_or_not():
    text = "Text.[^1]\n\n[^1]: The cited note.\n\n[^two]: A note no marker cites.\n\nMore text.\n"
    assert [(b.kind, b.label, words_of(text, b)) for b in markdown_layout(text)] == [
        ("paragraph", None, "Text.[^1]"), ("footnote", "1", "The cited note."), ("footnote", "two", "A note no marker cites."),
        ("paragraph", None, "More text.")]
    doc = clean(Document(text="# T\n\nText.[^1]\n\n[^1]: The cited note.\n"))
    assert doc.footnotes["1"].text == "The cited note."


def test_a_footnote_definition_over_several_paragraphs_is_one_note_not_body_text():
    doc = clean(Document(text=f"# T\n\n{PARA}[^1]\n\n[^1]: The first part.\n\n    The second part.\n\n{PARA}\n"))
    assert doc.footnotes["1"].text == "The first part. The second part."
    assert [b.text(doc.text) for b in doc.blocks] == [PARA, PARA]


_MARKDOWN_LINES = st.lists(st.one_of(
    st.sampled_from(["", "Text goes on", "a. item", "B) item", "- item", "* item", "1. item", "12. item", "# Head",
                     "Title", "===", "---", "| a | b |", "|---|---|", "```", "~~~", "[^1]: note", "[ref]: https://x.org",
                     "  indented text", "    four in", "\tTab", "> quoted", "<div>", "<!-- c", "-->", "Über alles", "é.",
                     "A long line that ends a sentence and runs on " * 4 + "to its end.", "Zed.", "x)", "\u00a0x", "Line\r", "CR\r\nLF"]),
    st.text(max_size=6)), max_size=12).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_MARKDOWN_LINES)
def test_the_blocks_are_in_order_apart_and_hold_every_line_with_words(text):
    layout = markdown_layout(text)
    assert all(len(b.spans) == 1 for b in layout)
    assert all(b.kind != "front_matter" for b in layout[1:])
    body = layout[0].spans[0][1] if layout and layout[0].kind == "front_matter" else 0
    covered = bytearray(len(text) + 1)
    previous_end = 0
    for b in layout:
        start, end = b.spans[0]
        words = start if b.content_start is None else b.content_start
        assert previous_end <= start <= words <= end <= len(text)
        assert all(start <= m < n <= end for m, n in b.markup)  # block markup inside the block
        previous_end = end
        if b.kind != "front_matter":
            covered[start:end] = b"\x01" * (end - start)
    pos = body
    for line in text[body:].split("\n"):
        if any(ch.isalnum() for ch in line):
            assert any(covered[pos:pos + len(line)]), (line, text)
        pos += len(line) + 1


def test_the_markdown_reader_hands_over_its_blocks_and_the_cleaning_reads_them_as_any_readers():
    from argmap.read import read_document

    text = f"---\ntitle: The Levy\n---\n\n# The Levy\n\n{PARA}[^1]\n\n> - A quoted item\n\n[^1]: A note.\n"
    doc = read_document(text)
    assert doc.layout == markdown_layout(text)
    assert [b.kind for b in doc.layout] == ["front_matter", "heading", "paragraph", "list_item", "footnote"]
    item = doc.layout[3]
    assert (item.quote, item.depth, item.list_marker) == (1, 0, "-")
    assert words_of(text, item) == "A quoted item" and [text[a:b] for a, b in item.markup] == ["> "]
    # a document made from its text alone is read by the same reader when it is cleaned
    read, made = clean(read_document(text)), clean(Document(text=text))
    assert [(b.kind, b.spans, b.citations) for b in read.blocks] == [(b.kind, b.spans, b.citations) for b in made.blocks]
    assert read.footnotes["1"].text == "A note." and read.metadata.title == "The Levy"


def test_link_reference_definitions_are_the_parsers_handed_over_and_set_aside():
    text = ("# T\n\nThe court [ruled][r1] under [the Act] in 2025.\n\n"
            "[r1]: https://例.org/ruling_(2025)\n[The  ACT]: <https://x.org/the act> 'A title'\n\n"
            "[1]: Ibid.\nthe next line\n\nText goes on\n[late]: https://x.org/late\n")
    layout = markdown_layout(text)
    (definitions,) = [b for b in layout if b.kind == "link_definitions"]
    # targets as the text writes them (the parser's own href is percent-encoded), labels as written
    assert [(c.anchor, c.target) for c in definitions.citations] == [
        ("r1", "https://例.org/ruling_(2025)"), ("The ACT", "https://x.org/the act")]
    assert [text[a:b] for a, b in definitions.spans] == [
        "[r1]: https://例.org/ruling_(2025)\n[The  ACT]: <https://x.org/the act> 'A title'"]
    # a target that leads nowhere is a note set in brackets; a definition cannot interrupt a paragraph
    kinds = [(b.kind, words_of(text, b)) for b in layout]
    assert ("paragraph", "[1]: Ibid.\nthe next line") in kinds
    assert ("paragraph", "Text goes on\n[late]: https://x.org/late") in kinds
    doc = clean(read_document(text))
    cited = next(b for b in doc.blocks if b.citations)
    assert [(c.anchor, c.target) for c in cited.citations] == [
        ("ruled", "https://例.org/ruling_(2025)"), ("the Act", "https://x.org/the act")]
    assert [x["kind"] for x in doc.set_aside if "r1" in x["text"]] == ["link_definition"]


def test_character_references_in_link_targets_are_read_as_the_page_reads_them():
    """A link's target as the page leads to it: "&amp;" in a Markdown destination or in an inline HTML
    anchor's href is "&" (CommonMark reads the one, HTML the other); an address's "&para=" is no reference."""
    text = ("# T\n\nThe levy [fell](https://x.org/r?a=1&amp;b=2) and "
            "<a href=\"https://x.org/s?id=4&amp;page=2&para=3\">rose</a> and "
            "<a href='https://x.org/t?x&#x26;y&#38;z'>held</a> while [it](https://x.org/u_(a)b&amp;c=1) moved.\n")
    doc = clean(read_document(text))
    (body,) = doc.blocks
    assert [(c.anchor, c.target) for c in body.citations] == [
        ("fell", "https://x.org/r?a=1&b=2"), ("rose", "https://x.org/s?id=4&page=2&para=3"),
        ("held", "https://x.org/t?x&y&z"), ("it", "https://x.org/u_(a)b&c=1")]


# --- inline: what the parser reads inside a block, and the residue it leaves as text ---------------
def test_the_parser_hands_over_bold_italic_links_notes_markup_and_verbatim_text():
    text = ("# T\n\nThe **court** [ruled][r1] under [the *Act*](https://x.org/a_(b) \"t\"), \\*not\\* "
            "`**kwargs` and <https://z.org/q_r>.[^1] ![a chart](c.png)\n\n[r1]: https://x.org/rule\n\n[^1]: A note.\n")
    block = markdown_layout(text)[1]
    assert [text[a:b] for a, b in block.emphasis] == ["court"]
    assert [text[a:b] for a, b in block.italic] == ["Act"]
    assert [(c.kind, c.target or c.label, text[c.span[0]:c.span[1]]) for c in block.citations] == [
        ("link", "https://x.org/rule", "ruled"), ("link", "https://x.org/a_(b)", "the *Act*"),
        ("link", "https://z.org/q_r", "https://z.org/q_r"), ("footnote", "1", "[^1]")]
    assert [text[a:b] for a, b in block.markup] == [
        "**", "**", "[", "][r1]", "[", "*", "*", '](https://x.org/a_(b) "t")', "\\", "\\", "`", "`", "<", ">",
        "![a chart](c.png)"]
    assert [text[a:b] for a, b in block.verbatim] == ["*", "*", "**kwargs", "https://z.org/q_r"]
    doc = clean(read_document(text))
    (body,) = doc.blocks
    assert body.text(doc.text) == "The court ruled under the Act, *not* **kwargs and https://z.org/q_r."
    assert [(c.kind, c.target or c.label, c.anchor) for c in body.citations] == [
        ("link", "https://x.org/rule", "ruled"), ("link", "https://x.org/a_(b)", "the Act"),
        ("link", "https://z.org/q_r", "https://z.org/q_r"), ("footnote", "1", None)]


def test_markup_the_parser_leaves_as_text_is_cut_as_web_residue():
    # CommonMark reads no emphasis here (a closing mark after a space; runs that met), pages saved as Markdown mean it
    text = "# T\n\n**Source: **CRS analysis of _Meyer_,___Pierce_, and **China.**During the year.\n"
    (block,) = markdown_layout(text)[1:]
    assert [text[a:b] for a, b in block.emphasis] == []  # what the parser read: no bold run
    doc = clean(read_document(text))
    # where only emphasis marks stand between a comma and the next word, the space they lost is read
    assert [b.text(doc.text) for b in doc.blocks] == ["Source: CRS analysis of Meyer, Pierce, and China.During the year."]


@pytest.mark.parametrize("written, read", [("paid 1,**000** dollars", "paid 1,000 dollars"),
                                            ("a ratio of 3:**1** held", "a ratio of 3:1 held")])
def test_emphasis_marks_inside_a_number_stand_for_no_space(written, read):
    doc = clean(read_document(f"# T\n\nThey {written} in the end.\n"))
    assert doc.blocks[0].text(doc.text) == f"They {read} in the end."


def test_an_address_whose_parentheses_do_not_balance_runs_on_past_the_links_close():
    target = "https://x.gov/view?req=(title:42)%20OR%20(id:1)#:~:text=A)%20make%20it,2)%20of%3B"
    text = f"# T\n\nThe rules are [the same]({target}). They hold.\n"
    (block,) = markdown_layout(text)[1:]
    assert [c.target for c in block.citations] == [target]
    doc = clean(read_document(text))
    assert doc.blocks[0].text(doc.text) == "The rules are the same. They hold."


def test_an_image_is_cut_whole_and_its_address_is_no_citation():
    doc = clean(read_document("# T\n\nThe fee failed. ![a chart](https://i.example.org/c.png)\n"))
    assert doc.blocks[0].text(doc.text) == "The fee failed." and doc.blocks[0].citations == []


def test_every_token_is_found_again_in_the_text():
    # an entity the parser decodes, by its source; line breaks after trailing spaces or a backslash
    for text in ("Fees &amp; *levies* rose.\n", "Fees rose  \nand *levies* fell.\n", "Fees rose\\\nand *levies* fell.\n",
                 "- Fees rose \n  and *levies*\n  fell.\n", "> Fees rose\n> and *levies* fell.\n"):
        (block,) = markdown_layout(text)
        assert [text[a:b] for a, b in block.italic] == ["levies"], text


def test_a_code_span_over_a_quotes_next_line_leaves_its_marker_markup():
    (block, _) = markdown_layout("> `\n> `\n\n[^1]: A note.\n")
    covered = {i for a, b in block.markup for i in range(a, b)}
    assert block.verbatim and not any(i in covered for a, b in block.verbatim for i in range(a, b))


_INLINE_PIECES = st.lists(st.sampled_from([
    "word", " ", "\n", "**", "*", "_", "__", "`", "[", "]", "(", ")", "<", ">", "!", "\\", "&amp;", "[^1]",
    "https://x.org/a_(b)", "[a](https://x.org)", "<https://y.org>", "# ", "- ", "> ", "1. ", "    "]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_INLINE_PIECES)
def test_inline_markup_runs_and_citations_lie_inside_their_block_and_apart(source):
    text = source + "\n\n[^1]: A note.\n"
    for block in markdown_layout(text):
        start, end = block.spans[0]
        pieces = sorted(block.markup + block.verbatim)
        for (a, b), (c, d) in zip(pieces, pieces[1:]):
            assert b <= c, (block, text)  # markup and verbatim text apart
        for a, b in pieces + block.emphasis + block.italic + [c.span for c in block.citations if c.span]:
            assert start <= a <= b <= end, (block, text)
        covered = set()
        for a, b in block.markup:
            covered.update(range(a, b))
        for a, b in block.emphasis + block.italic:  # a run's own marks stand just outside it
            assert a - 1 in covered and b in covered, (block, text)


# --- the checks read bold and italic runs where the reader knows them all -------------------------
def _raw_blocks(text):
    from argmap.clean.structure import layout_blocks

    return layout_blocks(text, markdown_layout(text), markup=True)


def test_the_runs_are_read_where_the_parser_read_every_emphasis_mark():
    from argmap.clean.structure import emphasised, read_runs

    text = "**Jane [Doe](https://x.org/jd)**, Senior Fellow\n\n**Source: **CRS analysis.\n\n_The levy_ `a*b`\n"
    one, two, three = _raw_blocks(text)
    assert read_runs(text, one) and emphasised(text, one) == "**Jane Doe**, Senior Fellow"
    assert not read_runs(text, two) and emphasised(text, two) == "**Source: **CRS analysis."  # residue: as written
    assert read_runs(text, three)  # the asterisk in code is no mark


def test_a_byline_is_read_from_the_bold_run_without_the_markup_inside_it():
    doc = clean(read_document(f"# The Levy\n\n**Jane _Q._ Doe**, Senior Fellow\n\n{PARA}\n"))
    assert (doc.metadata.author, doc.metadata.affiliation) == ("Jane Q. Doe", "Senior Fellow")
    assert [b.text(doc.text) for b in doc.blocks] == [PARA]


def test_a_bold_line_is_a_heading_and_an_italic_opening_paragraph_the_standfirst_by_their_runs():
    doc = clean(read_document(f"# T\n\n_The levy fails the city, and it should go._\n\n**Why It _Fails_**\n\n{PARA}\n"))
    assert [(b.kind, b.standfirst, b.text(doc.text)) for b in doc.blocks] == [
        ("paragraph", True, "The levy fails the city, and it should go."), ("heading", False, "Why It Fails"),
        ("paragraph", False, PARA)]
    for roman in ("*Update:* revised, see *below*.", "_One_ _two_ three.", "__Bold, not italic.__"):
        doc = clean(read_document(f"# T\n\n{roman}\n\n{PARA}\n"))
        assert not doc.blocks[0].standfirst, roman
    doc = clean(read_document(f"# T\n\n_The levy fails._<excerpt/>_It should go._\n\n{PARA}\n"))
    assert doc.blocks[0].standfirst


# --- footnote references: the parser's, where it reads them ---------------------------------------
def test_a_footnote_reference_the_parser_reads_is_the_citation_whatever_its_label():
    # a label the marker pattern does not take (over twenty characters): the parser reads it all the same
    label = "a-rather-long-label-for-a-note"
    doc = clean(read_document(f"# T\n\nThe levy fell.[^{label}] It rose.\n\n[^{label}]: County accounts.\n"))
    (body,) = doc.blocks
    assert body.text(doc.text) == "The levy fell. It rose."
    assert [(c.kind, c.label) for c in body.citations] == [("footnote", label)]
    assert doc.footnotes[label].text == "County accounts."


def test_a_reference_no_definition_answers_still_cites_its_note():
    # the parser leaves "[^9]" as text; it is a marker all the same, of a note set otherwise or missing
    doc = clean(read_document("# T\n\nThe levy fell.[^9] It rose.\n\n[^8]: Another note.\n"))
    (body,) = doc.blocks
    assert body.text(doc.text) == "The levy fell. It rose."
    assert [(c.kind, c.label) for c in body.citations] == [("footnote", "9")]


def test_no_footnote_marker_is_read_inside_code():
    doc = clean(read_document("# T\n\nWrite `x[^1]` or `y¹` to cite.[^1]\n\n[^1]: A note.\n"))
    (body,) = doc.blocks
    assert body.text(doc.text) == "Write x[^1] or y¹ to cite."
    assert [c.label for c in body.citations] == ["1"]


def test_markers_the_parser_cannot_know_are_still_read():
    # a superscript digit pasted from a web page, and <sup>: only the cleaning pairs them with a note
    doc = clean(read_document("# T\n\nThe levy fell.¹ It rose.<sup>2</sup>\n\n¹ A source.\n\n<sup>2</sup> Another.\n"))
    (body,) = doc.blocks
    assert body.text(doc.text) == "The levy fell. It rose."
    assert [c.label for c in body.citations] == ["1", "2"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["word", " ", "[^1]", "[^2]", "[^x]", "`", "*", "**", ".", "¹", "\n"]), max_size=20)
       .map("".join).map(lambda s: "\n".join(line for line in s.split("\n") if line.strip())))
def test_each_reference_the_parser_reads_is_a_citation_and_no_unit_words(source):
    text = f"# T\n\nA {source} ends.\n\n[^1]: One.\n\n[^x]: Ex.\n"
    layout = markdown_layout(text)
    read = sorted(c.span for b in layout for c in b.citations if c.kind == "footnote")
    doc = clean(read_document(text))
    cited = {c.span for b in doc.blocks for c in b.citations if c.kind == "footnote"}
    assert set(read) <= cited
    words = {i for b in doc.blocks for a, z in b.spans for i in range(a, z)}
    assert not any(i in words for a, z in read for i in range(a, z))


# --- run-in headings: read from the parser's bold runs, as from a PDF's --------------------------
@pytest.mark.parametrize("lead, body", [
    ("**China.** During his time", "During his time"),
    ("__China.__ During his time", "During his time"),
    ("**China.**During his time", "During his time"),  # CommonMark reads no bold here: the pattern does
    ("**Chi*na*.** During his time", "During his time"),
    ("**Agency Regulations:** 13 C.F.R. Part 306 governs it", "13 C.F.R. Part 306 governs it"),
])
def test_a_bold_lead_in_is_a_run_in_heading_over_its_paragraph(lead, body):
    doc = clean(read_document(f"# T\n\n## Relations\n\n{lead}, the levy fell.\n"))
    blocks = [(b.kind, b.text(doc.text)) for b in doc.blocks]
    assert blocks[1][0] == "heading" and blocks[1][1] in ("China.", "Agency Regulations:")
    assert blocks[2] == ("paragraph", f"{body}, the levy fell.")
    assert doc.blocks[2].section[-1] == blocks[1][1]


@pytest.mark.parametrize("source", [
    "**China** during his time, the levy fell.",  # no stop ending the bold run
    "**China.** during his time, the levy fell.",  # the text after it goes on in lower case
    "The **China.** During his time, the levy fell.",  # not at the paragraph's start
    "**China.**[^1] During his time, the levy fell.\n\n[^1]: A note.",  # a note cited by the lead-in
])
def test_no_run_in_heading_without_its_shape(source):
    doc = clean(read_document(f"# T\n\n## Relations\n\n{source}\n"))
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph"]


def test_a_run_in_heading_reads_alike_from_markdown_and_from_a_readers_runs():
    from argmap.model import Block

    markdown = clean(read_document("# T\n\n## Relations\n\n**China.** During his time, the levy fell.\n"))
    text = "T\n\nRelations\n\nChina. During his time, the levy fell.\n"
    start = text.index("China.")
    layout = [Block("heading", [(0, 1)], level=1), Block("heading", [(3, 12)], level=2),
              Block("paragraph", [(start, len(text) - 1)], emphasis=[(start, start + 6)])]
    read = clean(Document(text=text, format="pdf", layout=layout))
    shape = lambda doc: [(b.kind, b.text(doc.text), b.section) for b in doc.blocks if b.kind != "title"]  # noqa: E731
    assert shape(markdown)[-2:] == shape(read)[-2:]


def test_a_link_opening_the_text_after_a_run_in_heading_stays_its_citation():
    doc = clean(read_document("# T\n\n## Relations\n\n**Notes:** [P.L. 117-167](https://x.gov/pl) set up the program.\n"))
    body = doc.blocks[-1]
    assert body.text(doc.text) == "P.L. 117-167 set up the program."
    assert [(c.anchor, c.target) for c in body.citations] == [("P.L. 117-167", "https://x.gov/pl")]


@pytest.mark.parametrize("source, expected", [
    ("_Optionally____manned_ vehicles", "Optionally manned vehicles"),  # "_ _" that lost its space
    ("the _Mirabell__i_ decision", "the Mirabelli decision"),  # two italic runs set against each other: one word
    ("_Mirabelli_:__Supreme Court", "Mirabelli: Supreme Court"),
    ("in 2024,**the** levy", "in 2024, the levy"),
    ("the _U__.__S__.__ Code_", "the U.S. Code"),  # after a stop no space is read: it may end an abbreviation
])
def test_emphasis_marks_read_as_the_space_a_converter_dropped_only_where_one_stood(source, expected):
    doc = clean(read_document(f"# T\n\n## Part\n\n{source} fell.\n"))
    assert doc.blocks[-1].text(doc.text) == f"{expected} fell."


REFERENCES = """# Research &amp; Development in R&amp;D

## Costs &lt;and&gt; Benefits

The firm spent &#36;5 million on R&amp;D, and the &quot;plan&quot; worked.[^1] See [the A&amp;B report](https://x.org/?a=1&amp;b=2) for more. Code `a &amp; b` stays, so does an escaped \\&amp; and AT&T; as written.

[^1]: Smith &amp; Jones, 2020.
"""


def test_character_references_read_in_the_units_text_while_spans_point_at_the_source():
    """CommonMark reads "&amp;" as "&": a unit shows the character, its spans still cover the reference."""
    from argmap.formats import write
    from argmap.pipeline import analyze

    amap = analyze(REFERENCES, name="refs.md")
    texts = [n.text for n in amap.nodes]
    assert "Research & Development in R&D" in texts and "Costs <and> Benefits" in texts
    assert 'The firm spent $5 million on R&D, and the "plan" worked.' in texts
    assert "See the A&B report for more." in texts and "Smith & Jones, 2020." in texts
    # code, an escaped ampersand and what is no reference stay as written
    assert "Code a &amp; b stays, so does an escaped &amp; and AT&T; as written." in texts
    for node in amap.nodes:
        covered = "".join(REFERENCES[a:b] for a, b in node.spans)
        assert node.text.count("&amp;") <= covered.count("&amp;")
        assert ("&amp;" in covered) == ("&amp;" in node.text or "&" in node.text)
    import json

    exported = {"json": [n["text"] for n in json.loads(write(amap, "json"))["nodes"]],
                "aif": [n["text"] for n in json.loads(write(amap, "aif"))["nodes"] if n["type"] == "I"],
                "argdown": write(amap, "argdown").splitlines()}
    for fmt, lines in exported.items():
        assert any("R&D" in line for line in lines) and not any("R&amp;D" in line for line in lines), fmt
        assert any("Smith & Jones" in line for line in lines), fmt
