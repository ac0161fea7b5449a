"""Cleaning rules, each on a small case of its own."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.clean import clean, inline_pieces
from argmap.read.markdown import markdown_layout
from argmap.model import TERMINAL, Document, ends_terminal, text_from_spans


def cleaned(text: str) -> Document:
    return clean(Document(text=text))


def body_texts(doc: Document) -> list[str]:
    return [b.text(doc.text) for b in doc.blocks]


@pytest.mark.parametrize(
    "text, expected, labels",
    [
        ("Workers protested.<sup>1)</sup> Then", "Workers protested. Then", ["1"]),
        ("Workers protested.<sup>12</sup>", "Workers protested.", ["12"]),
        ("Workers protested.[^3] Then", "Workers protested. Then", ["3"]),
        ("Workers protested.¹² Then", "Workers protested. Then", ["12"]),
        ("Wages were unpaid[4].", "Wages were unpaid.", ["4"]),
        ("See **bold** and *em* text.", "See bold and em text.", []),
        ("A [linked](https://example.org) word.", "A linked word.", []),
        ("Keep <https://example.org> as text.", "Keep https://example.org as text.", []),  # an autolink: its words stay
        ("Tags <b>go</b> away.", "Tags go away.", []),
    ],
)
def test_inline_markers_and_markup_are_cut(text, expected, labels):
    spans, citations = inline_pieces(text, 0, len(text), weak_labels={"4"})
    assert text_from_spans(text, spans) == expected
    assert [c.label for c in citations if c.kind == "footnote"] == labels


def test_bracket_number_is_not_a_marker_without_a_footnote():
    text = "Rule [4] applies."
    spans, citations = inline_pieces(text, 0, len(text), weak_labels=set())
    assert text_from_spans(text, spans) == "Rule [4] applies." and citations == []


@pytest.mark.parametrize(
    "note_block",
    ["1) A source, 2020.", "<sup>1)</sup> A source, 2020.", "[^1]: A source, 2020.", "[1] A source, 2020."],
)
def test_footnote_bodies_in_every_shape(note_block):
    marker = {"1)": "<sup>1)</sup>", "<s": "<sup>1)</sup>", "[^": "[^1]", "[1": "[1]"}[note_block[:2]]
    doc = cleaned(f"# Title\n\nA claim is made.{marker} Another follows.\n\n{note_block}\n")
    assert list(doc.footnotes) == ["1"]
    assert doc.footnotes["1"].text == "A source, 2020."
    assert body_texts(doc) == ["A claim is made. Another follows."]
    assert [c.label for c in doc.blocks[0].citations] == ["1"]


def test_numbered_line_without_a_marker_stays_a_list_item():
    doc = cleaned("# Title\n\nThere are two steps:\n\n1) Measure the flow.\n2) Publish it.\n")
    assert doc.footnotes == {}
    assert [b.kind for b in doc.blocks] == ["paragraph", "list_item", "list_item"]


def test_sentence_split_by_footnote_block_and_page_break_is_rejoined():
    text = (
        "# Title\n\nThe first sentence.<sup>1)</sup> The massive revenues\n\n"
        "1) A source.\n\n---\n\ngenerated abroad are large.\n\nA new paragraph starts.\n"
    )
    doc = cleaned(text)
    assert body_texts(doc) == [
        "The first sentence. The massive revenues generated abroad are large.",
        "A new paragraph starts.",
    ]
    assert doc.footnotes["1"].text == "A source."


def test_capitalised_continuation_is_rejoined_only_after_an_interruption():
    text = "# T\n\nIt was decided by the\n\n---\n\nCouncil of Ministers in May.\n\nNo stop here\n\nNew paragraph.\n"
    doc = cleaned(text)
    assert body_texts(doc) == ["It was decided by the Council of Ministers in May.", "No stop here", "New paragraph."]


def test_masthead_title_byline_copyright_and_disclaimer():
    text = (
        "## Online Series\n\n2024. 02. 22 | CO 24-17\n\n# A Title: With a Subtitle\n\n"
        "**Doe, Jane** (Research Fellow, Some Division)\n\nThe argument begins.\n\n"
        "©XYZ 2024\n\n※ The content of this article is the author's personal view, and it is not the official view of XYZ.\n"
    )
    doc = cleaned(text)
    meta = doc.metadata
    assert meta.title == "A Title: With a Subtitle"
    assert (meta.author, meta.affiliation) == ("Doe, Jane", "Research Fellow, Some Division")
    assert (meta.date, meta.identifier, meta.series) == ("2024-02-22", "CO 24-17", "Online Series")
    assert meta.publisher == "XYZ"
    assert meta.disclaimer.startswith("The content of this article")
    assert body_texts(doc) == ["The argument begins."]
    assert {x["kind"] for x in doc.set_aside} >= {"masthead", "byline", "copyright", "disclaimer"}


@pytest.mark.parametrize(
    "line, author, affiliation",
    [
        ("By Jane Doe", "Jane Doe", None),
        ("By Jane Doe (Senior Fellow)", "Jane Doe", "Senior Fellow"),
        ("**Jane Doe**, Senior Fellow", "Jane Doe", "Senior Fellow"),
        ("Author: J. Doe", "J. Doe", None),
    ],
)
def test_bylines(line, author, affiliation):
    doc = cleaned(f"# A Title\n\n{line}\n\nThe text argues.\n")
    assert (doc.metadata.author, doc.metadata.affiliation) == (author, affiliation)
    assert body_texts(doc) == ["The text argues."]


@pytest.mark.parametrize(
    "line, publisher",
    [("© 2023 Brookings Institution. All rights reserved.", "Brookings Institution"), ("Copyright 2020 ACME", "ACME")],
)
def test_publisher_from_copyright(line, publisher):
    assert cleaned(f"# T\n\nText.\n\n{line}\n").metadata.publisher == publisher


def test_front_matter_is_metadata():
    doc = cleaned('---\ntitle: "Front Title"\ndate: March 3, 2023\nauthor: A. B.\n---\n\nText here.\n')
    assert (doc.metadata.title, doc.metadata.date, doc.metadata.author) == ("Front Title", "2023-03-03", "A. B.")
    assert doc.text[doc.title_spans[0][0]:doc.title_spans[0][1]] == "Front Title"


def test_sections_from_headings_of_any_level_bold_or_not():
    doc = cleaned("# Title\n\n## **Part One**\n\nText one.\n\n### Sub\n\nText two.\n\n## Part Two\n\nText three.\n")
    sections = [(b.kind, b.section) for b in doc.blocks]
    assert sections == [
        ("heading", ()), ("paragraph", ("Part One",)), ("heading", ("Part One",)),
        ("paragraph", ("Part One", "Sub")), ("heading", ()), ("paragraph", ("Part Two",)),
    ]


def test_setext_and_bold_line_headings():
    doc = cleaned("Title Line\n==========\n\nIntro text.\n\n**A Bold Heading**\n\nBody text.\n")
    assert doc.metadata.title == "Title Line"
    assert [b.kind for b in doc.blocks] == ["paragraph", "heading", "paragraph"]


def test_page_separators_and_page_numbers_are_set_aside():
    doc = cleaned("# T\n\nOne.\n\n---\n\n- 2 -\n\nTwo.\n\nPage 3 of 9\n")
    assert body_texts(doc) == ["One.", "Two."]


def test_scan_keeps_offsets():
    text = "# Head\n\nPara line one\nline two.\n\n- item\n"
    blocks = markdown_layout(text)
    kinds = [(b.kind, text[b.content_start:b.spans[0][1]]) for b in blocks]
    assert kinds == [("heading", "Head"), ("paragraph", "Para line one\nline two."), ("list_item", "item")]


def test_bold_run_in_lead_is_a_subsection():
    doc = cleaned("# T\n\n## Regions\n\n**China.** During his term, trade grew. It kept growing.\n\n**Japan and Korea.** Relations improved.\n")
    kinds = [(b.kind, b.text(doc.text), b.section) for b in doc.blocks]
    assert kinds == [
        ("heading", "Regions", ()),
        ("heading", "China.", ("Regions",)),
        ("paragraph", "During his term, trade grew. It kept growing.", ("Regions", "China.")),
        ("heading", "Japan and Korea.", ("Regions",)),
        ("paragraph", "Relations improved.", ("Regions", "Japan and Korea.")),
    ]


def test_bold_runs_that_met_keep_their_space():
    doc = cleaned("# T\n\n**Tariff Actions****and Trade Talks****.** Tariffs fell.\n")
    assert doc.blocks[0].text(doc.text) == "Tariff Actions and Trade Talks."


@pytest.mark.parametrize("written, read", [
    ("**Type of ****l****evy ****r****aised****.** Rates rose.", "Type of levy raised. Rates rose."),
    ("The **C****ouncil's ****P****lan** failed.", "The Council's Plan failed."),
    ("Grants under the program****s**** listed held.", "Grants under the programs listed held."),
    ("**Note****s**: The **t****e****xt box** says so.", "Notes: The text box says so."),
    ("The fund paid a share of****municipal costs.", "The fund paid a share of municipal costs."),
    ("The fund paid to support****a range of costs.", "The fund paid to support a range of costs."),
    ("The fund paid for _transit____roads_ alike.", "The fund paid for transit roads alike."),
    ("**Source****s****:** The data held.", "Sources: The data held."),
    ("The **partner****s****hip** with **Lo****u****isiana** grew.", "The partnership with Louisiana grew."),
])
def test_bold_runs_that_cut_a_word_at_a_letter_of_its_own_join_it(written, read):
    """A page saved as Markdown sets a word's first or last letter in a bold run of its own ("****t****hreat"):
    the page shows one word; marks between longer runs stand for the space the converter dropped."""
    doc = cleaned(f"# T\n\n{written}\n")
    assert " ".join(b.text(doc.text) for b in doc.blocks) == read


def test_long_lines_are_paragraphs_not_wrapped_lines():
    first = ("A converter ran two paragraphs together, and this first one is long enough that nobody who wraps "
             "lines by hand would ever let a single line of text run on this far.")
    second = "The second paragraph starts on the next line with a capital."
    doc = cleaned(f"# T\n\n{first}\n{second}\n\nshort wrapped line\ncontinues here.\n")
    assert body_texts(doc) == [first, second, "short wrapped line continues here."]


def test_date_and_identifier_on_two_lines_under_the_title():
    doc = cleaned("# A Title\n\nUpdated September 17, 2026\n(IF10165)\n\nThe body begins.\n")
    assert (doc.metadata.date, doc.metadata.identifier, doc.metadata.series) == ("2026-09-17", "IF10165", None)
    assert body_texts(doc) == ["The body begins."]


@pytest.mark.parametrize("line", ["AutHor 0 0", "by the way this works", "Authors agree on little"])
def test_lines_that_only_look_like_bylines(line):
    doc = cleaned(f"# A Title\n\n{line}\n\nThe text argues.\n")
    assert doc.metadata.author is None


@pytest.mark.parametrize("line", ["## print, and outdoor advertisements, 1999-2004;", "## and the three major companies", "### packages,"])
def test_heading_shaped_continuation_lines_are_text(line):
    doc = cleaned(f"# T\n\n## A Real Heading\n\nIt covered television,\n\n{line}\n\nA new paragraph.\n")
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "paragraph"]


def test_several_bold_names_in_one_byline():
    doc = cleaned("# A Title\n\n**Kim, Jiyoung** · **Lee, Sangsin** (Research Fellows, Policy Division)\n\nThe text argues.\n")
    assert (doc.metadata.author, doc.metadata.affiliation) == ("Kim, Jiyoung and Lee, Sangsin", "Research Fellows, Policy Division")


@pytest.mark.parametrize(
    "heading, text",
    [("### 2. The Regime Is Losing Control", "The Regime Is Losing Control"), ("## 2.3 Sub Point", "Sub Point"),
     ("## II. Findings Matter", "Findings Matter"), ("## 10 Lessons From Abroad", "10 Lessons From Abroad"),
     ("## 2024 in Review", "2024 in Review")],
)
def test_section_numbers_are_no_part_of_a_heading(heading, text):
    doc = cleaned(f"# T\n\n{heading}\n\nBody text.\n")
    assert doc.blocks[0].text(doc.text) == text


@given(st.lists(st.sampled_from(["a", "b.", ".", "!", "?", '"', "”", ")", "]", " ", "\n", "x:", ";", "…", "’"]),
                max_size=12), st.data())
def test_ends_terminal_reads_like_the_whole_text(pieces, data):
    text = "".join(pieces)
    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=6))) | {0, len(text)})
    spans = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    assert ends_terminal(text, spans) == bool(TERMINAL.search(text_from_spans(text, spans)))


@pytest.mark.parametrize("segment, expected", [
    ("a <!-- b --> c <!-- d --> e", "a c e"),
    ("a <!-- unclosed", "a <!-- unclosed"),  # an unclosed comment hides nothing
    ("<!----><!-- x -->", ""),
    ("a --> b <!-- c", "a --> b <!-- c"),
])
def test_html_comments_are_cut_from_the_text(segment, expected):
    spans, _ = inline_pieces(segment, 0, len(segment), set())
    assert text_from_spans(segment, spans) == expected


@pytest.mark.parametrize("raw, text", [
    ("See [the report](http://x.org/a) now.", "See the report now."),
    ("An ![image](pic.png) here.", "An here."),
    ("Nested [a [b](u) c](v) link.", "Nested [a b c link."),  # a link text holds no "[": the outer one stays
    ("Unclosed [bracket and (paren.", "Unclosed [bracket and (paren."),
    ("A <b>bold</b> and <span class='x'>span</span>.", "A bold and span."),
    ("Mark.<sup>1)</sup> Next [2] and `code`.", "Mark. Next [2] and code."),
    ("x" + "[" * 50 + "y", "x" + "[" * 50 + "y"),
])
def test_inline_pieces(raw, text):
    spans, _ = inline_pieces(raw, 0, len(raw), set())
    assert text_from_spans(raw, spans) == text


def test_clean_without_a_lexicon_reads_a_text_in_its_own_language():
    """As ``analyze`` does: a German text's notes heading is German ("Anmerkungen"), not a heading of the body."""
    from argmap.cues import load_lexicon
    from argmap.read import read_document

    text = "# Bericht\n\nDie Stadt sollte Radwege bauen, weil sie sicher sind.\n\n## Anmerkungen\n\n1. Amt für Statistik, 2020.\n"
    alone = clean(read_document(text, name="x.md"))
    german = clean(read_document(text, name="x.md"), lexicon=load_lexicon("de"))
    assert [b.kind for b in alone.blocks] == ["paragraph"] and list(alone.footnotes) == ["1"]
    assert (alone.blocks, alone.footnotes, alone.set_aside) == (german.blocks, german.footnotes, german.set_aside)


_LONG = "The agency spent the money on new equipment, training and audits over the following three years."


def test_a_bare_heading_with_no_text_of_its_own_heads_the_bare_headings_under_it():
    doc = cleaned(f"# T\n\nIntro: {_LONG}\n\nProgram Activities\n\nContracts Awarded\n\n{_LONG}\n\n"
                  f"Design Review\n\n{_LONG}\n\nBudget Matters\n\nThe Request\n\n{_LONG}\n")
    heads = [(b.text(doc.text), b.section) for b in doc.blocks if b.kind == "heading"]
    assert heads == [
        ("Program Activities", ()),
        ("Contracts Awarded", ("Program Activities",)),
        ("Design Review", ("Program Activities",)),
        ("Budget Matters", ()),  # a second such heading heads a section of the first's level
        ("The Request", ("Budget Matters",)),
    ]


def test_bare_headings_with_text_under_each_stay_side_by_side():
    doc = cleaned(f"# T\n\nFederal Funding\n\n{_LONG}\n\nFunding for States\n\n{_LONG}\n")
    assert [(b.text(doc.text), b.section) for b in doc.blocks if b.kind == "heading"] == [
        ("Federal Funding", ()), ("Funding for States", ())]


def test_two_short_lines_before_a_short_paragraph_are_no_headings():
    doc = cleaned("# T\n\nProgram Activities\n\nContracts Awarded\n\nFive teams.\n")
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph", "paragraph"]


@pytest.mark.parametrize("mark", ["_", "*"])
def test_a_line_in_italics_heads_a_part_of_the_section_it_stands_in(mark):
    doc = cleaned(f"# T\n\nCourts of Appeals\n\n{_LONG}\n\n{mark}Salaries and Expenses{mark}\n\n{_LONG}\n\n"
                  f"{mark}Court Security{mark}\n\n{_LONG}\n\nFederal Judicial Center\n\n{_LONG}\n")
    assert [(b.kind, b.text(doc.text), b.section) for b in doc.blocks if b.kind == "heading"] == [
        ("heading", "Courts of Appeals", ()),
        ("heading", "Salaries and Expenses", ("Courts of Appeals",)),
        ("heading", "Court Security", ("Courts of Appeals",)),
        ("heading", "Federal Judicial Center", ()),
    ]
    assert doc.blocks[-1].section == ("Federal Judicial Center",)


@pytest.mark.parametrize("line", ["_It was a sentence, set in italics._", "_Salaries and Expenses_ of the courts", "_a lower-case line_"])
def test_italic_lines_that_are_no_headings(line):
    doc = cleaned(f"# T\n\nCourts of Appeals\n\n{_LONG}\n\n{line}\n\n{_LONG}\n")
    assert [b.kind for b in doc.blocks].count("heading") == 1


def test_a_bold_lead_in_whose_bold_run_takes_the_space_after_it():
    doc = cleaned("# T\n\n## Uses\n\n**Transactions with the IMF. **In 1968, Congress acted.\n\n"
                  "**Support to ****Foreign Countries****. **Treasury lent money.\n")
    assert [(b.kind, b.text(doc.text), b.section) for b in doc.blocks][1:] == [
        ("heading", "Transactions with the IMF.", ("Uses",)),
        ("paragraph", "In 1968, Congress acted.", ("Uses", "Transactions with the IMF.")),
        ("heading", "Support to Foreign Countries.", ("Uses",)),
        ("paragraph", "Treasury lent money.", ("Uses", "Support to Foreign Countries.")),
    ]


@pytest.mark.parametrize("line, heading", [
    ("Administrative Office of the U.S. Courts (AO)", True),
    ("IFPC High Energy Laser (HEL)", True),
    ("Funding rose (see Table 2)", False),  # what closes it is no name of what it names
    ("Funding rose sharply)", False),
    ("Group of Seven (G7)", True),
    ("Smith and Jones argued the opposite (2023)", False),  # a year is no name
    ("Funding for the Courts (AO)", False),  # no initials of the words before it
    ("Funding for the courts (Note)", False),
])
def test_a_heading_line_may_close_on_the_short_name_it_gives(line, heading):
    doc = cleaned(f"# T\n\n{line}\n\n{_LONG}\n")
    assert (doc.blocks[0].kind == "heading") is heading


def test_a_question_line_is_a_heading_where_the_text_marks_no_heading():
    doc = cleaned(f"# T\n\nDoes the Act Expire?\n\n{_LONG}\n\nHow Is Upkeep Defined?\n\n{_LONG}\n")
    assert [(b.kind, b.section) for b in doc.blocks] == [
        ("heading", ()), ("paragraph", ("Does the Act Expire?",)),
        ("heading", ()), ("paragraph", ("How Is Upkeep Defined?",))]


def test_a_question_line_is_a_paragraph_where_the_text_marks_its_headings():
    doc = cleaned(f"# T\n\n## Wages Are Rising\n\n{_LONG}\n\nShould people know that?\n\n{_LONG}\n")
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "paragraph", "paragraph"]


def test_a_source_line_whose_bold_run_takes_the_space_after_it_is_no_lead_in():
    doc = cleaned("# T\n\n## Uses\n\n**Source: **CRS analysis of agency data.\n")
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph"]


def test_a_page_label_before_the_repeated_title_heads_nothing():
    """A web page's label line ("ANALYSIS Transit"), then its title again, then a line under the title:
    the label stands over the page, not over the line after the title."""
    doc = cleaned(f"# Buses Run Late\n\nANALYSIS Transit\n\n# Buses Run Late\n\nFewer Drivers\n\n{_LONG}\n\n{_LONG}\n")
    heads = [(b.text(doc.text), b.section) for b in doc.blocks if b.kind == "heading"]
    assert ("ANALYSIS Transit", ()) not in heads
    assert all(section == () for _, section in heads)


@pytest.mark.parametrize("mark", ["_", "*"])
def test_one_line_in_italics_alone_is_no_heading(mark):
    """One italic line before a paragraph is as likely a quotation or a stressed line: the sentence that
    argues from it stays in the section it stands in."""
    doc = cleaned(f"# T\n\nCourts of Appeals\n\n{_LONG}\n\n{mark}We cannot build our way out of congestion{mark}\n\n"
                  f"{_LONG}\n")
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "paragraph", "paragraph"]
    assert doc.blocks[-1].section == ("Courts of Appeals",)
