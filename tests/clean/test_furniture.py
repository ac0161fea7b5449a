"""Report furniture set aside by kind, in every format; PDF layout cases that used to leak into the body."""

from __future__ import annotations

from conftest import body_text as _body, set_aside_by_kind as _kinds

import pytest

import argmap
from argmap.clean import clean
from argmap.read import read_document
from pdf_pages import draw_pdf

BODY = ("The council should cap the levy at two percent. Receipts fell by a third in two years, "
        "because the tax base shrank as firms moved away. A lower rate would bring them back.")


def _cleaned(text: str):
    return clean(read_document(text))


def test_back_matter_under_its_heading_is_set_aside_with_the_authors_before_it():
    text = (f"# Capping the Levy\n\n## The Case\n\n{BODY}\n\n**Jane Roe**, Specialist in Public Finance\n\n"
            "XY12345\n\n## Disclaimer\n\nThis document was prepared by the Institute. It serves the council "
            "and operates at its direction.\n")
    doc = _cleaned(text)
    kinds = _kinds(doc)
    assert "Disclaimer" in kinds["back_matter"]
    assert any(t.startswith("This document was prepared") for t in kinds["back_matter"])
    assert kinds["identifier"] == ["XY12345"] and kinds["byline"]
    assert doc.metadata.author == "Jane Roe"
    body = _body(doc)
    assert "cap the levy" in body and "prepared by" not in body and "Specialist" not in body


def test_a_link_line_under_the_back_matter_heading_stays_back_matter():
    """A report's back page ends on the publisher's address, a link: it cites no note, so it argues nothing."""
    text = (f"# Capping the Levy\n\n## The Case\n\n{BODY}\n\n## Disclaimer\n\nThis document was prepared by "
            "the Institute. It serves the council and operates at its direction.\n\n"
            "https://reports.example.org | XY12345 · VERSION 2 · UPDATED\n")
    doc = _cleaned(text)
    assert any(t.startswith("https://reports.example.org") for t in _kinds(doc)["back_matter"])
    assert "reports.example.org" not in _body(doc)


@pytest.mark.parametrize("opener", ["- ", ""])
def test_a_disclaimer_label_run_on_under_the_last_paragraph_is_cut_off_and_set_aside(opener):
    """A web page saved as Markdown can indent its "Disclaimer:" box under the body's last list item or
    paragraph, where the parser reads one block: the label's line and what follows are the publisher's."""
    text = (f"# Capping the Levy\n\n## The Case\n\n{opener}{BODY}\n"
            "                              Disclaimer:  \n"
            " This document was prepared by the Institute. Its content should not be relied upon for any other "
            "purpose.\n")
    doc = _cleaned(text)
    body = _body(doc)
    assert body.rstrip().endswith("would bring them back.") and "Disclaimer" not in body and "relied" not in body
    assert any(t.startswith("Disclaimer:") and "relied upon" in t for t in _kinds(doc)["disclaimer"])
    assert doc.metadata.disclaimer.startswith("Disclaimer:")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_a_disclaimer_label_run_on_is_cut_off_in_a_text_with_other_line_breaks(newline):
    """``clean`` called on a document made from its text, whose lines end as Windows (or old Mac) files end them:
    the label's line is cut off as in a text that the readers have given "\\n" line breaks."""
    from argmap.model import Document

    text = newline.join([f"# Capping the Levy", "", "## The Case", "", f"- {BODY}", "                 Disclaimer:  ",
                         " This document was prepared by the Institute. Its content should not be relied upon.", ""])
    doc = clean(Document(text=text))
    body = _body(doc)
    assert body.rstrip().endswith("would bring them back.") and "Disclaimer" not in body and "relied" not in body
    assert any(t.startswith("Disclaimer:") and "relied upon" in t for t in _kinds(doc)["disclaimer"])


def test_a_label_line_that_is_no_back_matter_stays_in_its_paragraph():
    text = f"# Capping the Levy\n\n{BODY}\nThe options:  \nA lower rate, or none.\n"
    body = _body(_cleaned(text))
    assert "The options:" in body and "A lower rate, or none." in body


def test_argument_after_the_back_matter_under_a_new_heading_is_kept():
    text = (f"# Title\n\n## Acknowledgments\n\nWe thank the staff of the council.\n\n## The Case\n\n{BODY}\n")
    doc = _cleaned(text)
    assert "We thank the staff of the council." in _kinds(doc)["back_matter"]
    assert "cap the levy" in _body(doc)


def test_captions_and_their_source_lines_are_set_aside_but_text_citing_a_table_is_not():
    text = (f"# Title\n\n{BODY}\n\nTable 1. Receipts by Year\n\n| 2022 | 2023 |\n| --- | --- |\n| 10 | 7 |\n\n"
            "Source: Council budget office, annual report.\n\nTable 1 shows that receipts fell, so the cap is overdue.\n\n"
            "Figure 2: Levy rates in nearby cities\n")
    doc = _cleaned(text)
    kinds = _kinds(doc)
    assert "Table 1. Receipts by Year" in kinds["caption"]
    assert "Source: Council budget office, annual report." in kinds["caption"]
    assert "Figure 2: Levy rates in nearby cities" in kinds["caption"]
    assert "Table 1 shows that receipts fell" in _body(doc)


def test_a_figures_label_lines_between_its_caption_and_source_are_set_aside_with_them():
    text = (f"# Title\n\n{BODY}\n\nFigure 1. Awards by Month\n\nIn thousands\n\nFiscal year 2025 and 2026\n\n"
            "Source: Data Book, awards by month.\n\nNotes: Values for the current year are estimates.\n\n"
            "Awards fell in every month of 2026, so the cut is real.\n")
    doc = _cleaned(text)
    captions = _kinds(doc)["caption"]
    assert {"In thousands", "Fiscal year 2025 and 2026", "Source: Data Book, awards by month."} <= set(captions)
    assert "Awards fell in every month of 2026" in _body(doc)


def test_a_sentence_between_a_caption_and_a_source_line_keeps_both_in_the_text():
    """Only a figure's short label lines stand between its caption and its source; a sentence does not."""
    text = (f"# Title\n\n{BODY}\n\nFigure 1. Awards by Month\n\nAwards fell in every month of 2026.\n\n"
            "Source: the agency's own count, which the council disputes.\n")
    doc = _cleaned(text)
    assert "Awards fell in every month of 2026." in _body(doc)
    assert "the agency's own count" in _body(doc)


def test_a_source_line_far_from_any_figure_stays_text():
    doc = _cleaned(f"# Title\n\n{BODY}\n\nSource: the council's own minutes say the levy failed.\n\n{BODY}\n")
    assert "the council's own minutes" in _body(doc)


@pytest.mark.parametrize("line", ["April 20, 2026", "#### April 20, 2026", "Updated April 20, 2026"])
def test_a_line_that_is_only_a_date_is_a_dateline(line):
    doc = _cleaned(f"# Capping the Levy\n\n{line}\n\n## The Case\n\n{BODY}\n")
    assert _kinds(doc).get("dateline") and doc.metadata.date == "2026-04-20"
    assert "2026" not in _body(doc)


def test_german_back_matter_and_captions_come_from_the_german_lexicon():
    from argmap.cues import load_lexicon

    text = ("# Titel\n\nDie Stadt sollte die Abgabe begrenzen, weil die Einnahmen sinken.\n\n"
            "Abbildung 1: Einnahmen nach Jahr\n\n## Über die Autoren\n\nErika Muster ist Referentin.\n")
    doc = clean(read_document(text), lexicon=load_lexicon("de"))
    kinds = _kinds(doc)
    assert "Abbildung 1: Einnahmen nach Jahr" in kinds["caption"]
    assert "Erika Muster ist Referentin." in kinds["back_matter"]


# --- PDF layout --------------------------------------------------------------------------------
pytest.importorskip("fpdf", reason="fpdf2 makes the PDF inputs")
pytest.importorskip("pypdfium2")


def _lines(x, top, lines, size=11.0, pitch=14.0):
    return [(x, top + i * pitch, line, size, False) for i, line in enumerate(lines)]


SUMMARY = ["The levy has failed to raise what it promised, and the council", "should cap it. In the last three years",
           "receipts fell by a third, because firms moved to towns nearby", "where the rate is lower. The cap would take effect",
           "120 days after the vote and lower the rate to two percent. The council", "could also widen the base, but that would",
           "take longer. Both steps are cheap to run."]


def test_a_page_set_wholly_in_smaller_type_is_no_footnote_area():
    """A summary page in 10 pt beside a report in 12 pt: a line opening with a number ("120 days …")
    carries the paragraph on; it does not start a footnote."""
    body = [f"Line {i} of the report's body, set in the larger type the pages use throughout." for i in range(30)]
    first = [(60, 60, "Summary", 16, True)] + _lines(60, 100, SUMMARY, size=10, pitch=12)
    second = _lines(60, 80, body, size=12, pitch=15)
    doc = clean(read_document(draw_pdf([first, second]), name="summary.pdf"))
    body_text = _body(doc)
    assert "The cap would take effect 120 days after the vote and lower the rate" in body_text
    assert not doc.footnotes


def test_notes_outweighing_the_body_are_still_notes():
    """A page whose footnotes hold more words than its body: the body size is the upper half's."""
    pages = []
    claims = [("The levy should be capped at two percent.", "Receipts fell by a third in two years."),
              ("Firms moved to the towns nearby.", "Their rates are lower and their roads as good."),
              ("A lower rate would bring them back.", "That is what happened in the county next door.")]
    for n, (first, second) in enumerate(claims):
        body = _lines(60, 80, [first, second])
        body.append((60 + 5.6 * len(first), 76, str(n + 1), 6, False))
        notes = [(60, 430, f"{n + 1} Council budget office, annual report {2020 + n}, table {n}, with a long comment.", 8, False)]
        notes += _lines(60, 442, [f"More of the comment on the sources, line {i}, which runs on and on at length." for i in range(25)],
                        size=8, pitch=10)
        pages.append(body + notes)
    doc = clean(read_document(draw_pdf(pages), name="notes.pdf"))
    assert len(doc.footnotes) == 3
    assert "Council budget office" not in _body(doc)


def test_a_source_line_in_small_type_does_not_swallow_the_paragraph_below():
    page = [(60, 60, "Capping the Levy", 18, True)]
    page += _lines(60, 100, ["The levy should be capped, because receipts fell sharply over the last", "three years of the current plan."])
    page += [(60, 150, "Figure 1. Receipts by year", 10.5, True), (60, 164, "Source: Council budget office.", 8, False)]
    page += _lines(60, 177, ["For more than a decade the council has relied on the levy, and it", "should now change course."])
    doc = clean(read_document(draw_pdf([page]), name="figure.pdf"))
    kinds = _kinds(doc)
    assert any(t.startswith("Source: Council budget office.") and "decade" not in t for t in kinds["caption"])
    assert "For more than a decade the council has relied on the levy" in _body(doc)


def test_the_map_of_a_report_with_back_matter_has_no_unit_from_it():
    text = f"# Capping the Levy\n\n{BODY}\n\n## Author Information\n\nJane Roe, Specialist in Public Finance\n"
    amap = argmap.analyze(text)
    assert all("Specialist" not in n.text for n in amap.nodes)


@pytest.mark.parametrize("rest", ["expects to revise again once the audit is done.",
                                  "Expects to revise again once the audit is done."])
def test_a_footnote_continued_on_the_next_page_is_joined_and_the_sentence_under_it_rejoined(rest):
    first_body = ["The levy should be capped at two percent, because the receipts it",
                  "brought in fell by a third in the last two years of the plan while"]
    second_body = ["the costs of collecting it rose every year. A cap would stop the fall.",
                   "Firms would come back to the city, as they did in the county next door."]
    page1 = _lines(60, 80, first_body)
    page1.append((60 + 5.35 * len(first_body[0]), 76, "1", 6, False))
    page1 += [(60, 700, "1 Council budget office, annual report, table 3; the figures for the", 8, False),
              (60, 710, "last year are estimates that the office revised twice and that it", 8, False)]
    page2 = _lines(60, 80, second_body)
    page2.append((60 + 5.35 * len(second_body[1]), 90, "2", 6, False))
    page2 += [(60, 700, rest, 8, False),
              (60, 712, "2 County budget office, annual report, table 1.", 8, False)]
    doc = clean(read_document(draw_pdf([page1, page2]), name="notes.pdf"))
    notes = {k: n.text for k, n in doc.footnotes.items()}
    assert notes["1"].endswith(rest)
    assert notes["2"] == "County budget office, annual report, table 1."
    body = _body(doc)
    assert "revise again" not in body
    assert "last two years of the plan while the costs of collecting it rose" in body


def test_a_table_with_narrow_gutters_is_set_aside_and_the_prose_below_it_kept():
    """Cells whose starts line up down the rows are a table, even where the gutters are too narrow
    to split a line by themselves; the prose paragraph under the table stays text."""
    from fpdf import FPDF

    rows = [("Memorial Name", "Location", "Description", True),
            ("Flight 93 Memorial", "Shanksville, PA", "On the morning of September 11 the plane", False),
            ("", "", "turned toward Washington and crashed.", False),
            ("Johnstown Memorial", "South Fork, PA", "A total of 2,209 people died in the flood", False),
            ("", "", "caused by a break in the dam.", False),
            ("Kosciuszko Memorial", "Philadelphia, PA", "The life and work of the patriot are", False),
            ("", "", "commemorated at his home.", False)]
    measure = FPDF(unit="pt")
    measure.set_font("helvetica", "", 9)
    # gutters of about two ems: wider than word spacing, narrower than the three ems that split a line alone
    second = 72 + max(measure.get_string_width(r[0]) for r in rows[1:]) + 16
    third = second + max(measure.get_string_width(r[1]) for r in rows[1:]) + 16
    gaps = [x - (start + measure.get_string_width(cell)) for r in rows[1:] if r[0]
            for x, start, cell in ((second, 72, r[0]), (third, second, r[1]))]
    assert all(1.2 * 9 < g < 3 * 9 for g in gaps), gaps
    page = [(72, 60, "Memorials Outside the Capital", 18, True)]
    for k, (name, place, text, bold) in enumerate(rows):
        y = 100 + 12 * k
        page += [(x, y, cell, 9, bold) for x, cell in ((72, name), (second, place), (third, text)) if cell]
    prose = ["Although legislation is required to establish a memorial as a unit of the park system, the",
             "director may approve commemorative works within a park when certain criteria are met."]
    page += [(72, 220 + 13 * k, line, 10, False) for k, line in enumerate(prose)]
    doc = clean(read_document(draw_pdf([page]), name="memorials.pdf"))
    tables = [item["text"] for item in doc.set_aside if item["kind"] == "table"]
    assert len(tables) == 1 and "Shanksville" in tables[0] and "caused by a break in the dam." in tables[0]
    body = _body(doc)
    assert "Shanksville" not in body and "Although legislation is required" in body


# --- the publisher's statement above the closing disclaimer -----------------------------------------
_BODY = ("The levy fell short of its forecast in each of the last three years, and the shortfall grew "
         "every year as firms left the city for its suburbs.")
_DISCLAIMER = "The views expressed in any Ostfield Centre paper are those of the people who signed it."


def _body_and_aside(text):
    doc = clean(read_document(text.encode(), name="x.txt"))
    body = [b.text(doc.text) for b in doc.blocks]
    return body, [(x["kind"], x["text"]) for x in doc.set_aside]


def test_the_publishers_lines_above_the_closing_disclaimer_are_set_aside():
    body, aside = _body_and_aside(f"{_BODY}\n\nWhether it recovers remains to be seen.\n\n"
                         "The Ostfield Centre keeps its research free of its donors' say.\n\n"
                         f"Grants from many foundations pay for our work.\n\n{_DISCLAIMER}\n")
    assert body == [_BODY, "Whether it recovers remains to be seen."]  # the body's own short last line stays
    assert ("publisher", "The Ostfield Centre keeps its research free of its donors' say.") in aside
    assert ("publisher", "Grants from many foundations pay for our work.") in aside
    assert [k for k, _ in aside].count("disclaimer") == 1


@pytest.mark.parametrize("before", [
    "The council in Ostfield Town should cut the rate.\n\n" + _BODY,  # a name the disclaimer names, but not just above it
    "Two sentences here. The Ostfield Centre said so.",  # more than one sentence
    # the body's closing argument names the disclaimer's body, but argues: a marker, a modal, a finding
    "Therefore, the Ostfield Centre should cap the levy this year.",
    "The Ostfield Centre should cap the levy this year.",
    "A report by the Ostfield Centre found the levy too high.",
    "Only then will the Ostfield Centre see its receipts recover.",
])
def test_lines_that_are_not_the_publishers_stay_in_the_body(before):
    body, aside = _body_and_aside(f"{_BODY}\n\n{before}\n\n{_DISCLAIMER}\n")
    assert "publisher" not in [k for k, _ in aside]
    assert body[-1] == before.split("\n\n")[-1]


def test_the_publishers_lines_are_counted_as_back_matter_with_their_reason():
    from argmap.coverage import group_of, reason_of

    assert group_of("publisher") == "back matter"
    assert "publisher" in reason_of({"kind": "publisher"})


@pytest.mark.parametrize("head", ["", "# Capping the Levy\n\n"])
@pytest.mark.parametrize("first", [
    "The agency acted on January 5, 2024. It took effect.",
    "WASHINGTON, Jan. 5, 2024 — The agency acted on Monday. It took effect.",
    "Updated Jan. 5, 2024 The agency acted on Monday. It took effect.",
    "The rule, issued January 5, 2024, took effect on Monday.",
])
def test_a_date_inside_a_sentence_leaves_the_sentence_whole(head, first):
    doc = _cleaned(f"{head}{first}\n\n{BODY}\n")
    assert "dateline" not in _kinds(doc) and "masthead" not in _kinds(doc)
    assert first.split(" — ")[-1].split("2024 ")[-1] in _body(doc)
    assert doc.metadata.series is None  # no sentence with its date cut out of it kept as metadata


@pytest.mark.parametrize("line", ["2024. 02. 22 | CO 24-17", "KINU Online Series — February 22, 2024",
                                  "Commentary | Jan. 5, 2024"])
def test_a_dateline_beside_a_series_or_identifier_is_still_set_aside(line):
    doc = _cleaned(f"# Capping the Levy\n\n{line}\n\n## The Case\n\n{BODY}\n")
    assert _kinds(doc).get("dateline") and doc.metadata.date
    assert "Online Series" not in _body(doc) and "Commentary" not in _body(doc)


def test_a_tables_lettered_notes_after_its_source_line_are_set_aside_in_their_order():
    text = (f"# Title\n\n{BODY}\n\nTable 1. Receipts by Year\n\n| 2022 | 2023 |\n| --- | --- |\n| 10a | 7b |\n\n"
            "**Source:** Council budget office.\n\n**Notes:** Figures are rounded.\n\n"
            "a. Report language set aside $2 million of this amount.\n\nb. Includes a transfer. The rest is new.\n\n"
            "d. A paragraph out of order is the body again.\n\nThe cap is overdue, so the council should act.\n")
    doc = _cleaned(text)
    captions = _kinds(doc)["caption"]
    assert any(t.startswith("a. Report language") for t in captions)
    assert any(t.startswith("b. Includes a transfer") for t in captions)
    body = _body(doc)
    assert "A paragraph out of order" in body and "The cap is overdue" in body


def test_lettered_paragraphs_with_no_table_before_them_stay_text():
    text = f"# Title\n\n{BODY}\n\na. The first option is to cap the levy.\n\nb. The second is to repeal it.\n"
    body = _body(_cleaned(text))
    assert "The first option" in body and "The second is to repeal it" in body


def test_a_tables_unit_line_and_subtitle_between_caption_and_table_are_set_aside():
    text = (f"# Title\n\n{BODY}\n\nTable 2. Receipts by Account\n\n($ in millions)\n\n"
            "Share of receipts, by account and year\n\n| Account | 2023 |\n| --- | --- |\n| General | 7 |\n\n"
            "Table 3. Levy Rates in Nearby Cities\n\nRates rose in every city after 2020.\n\n"
            "Figure 1. Awards\n\nAwards by month\n\nThe cap is overdue.\n")
    doc = _cleaned(text)
    captions = _kinds(doc)["caption"]
    assert {"($ in millions)", "Share of receipts, by account and year"} <= set(captions)
    body = _body(doc)
    assert "Rates rose in every city after 2020." in body  # a sentence, and no table after it
    assert "Awards by month" in body  # no table after it: a heading of the body for all the caption knows


def test_a_heading_that_opens_with_a_bullet_glyph_is_a_list_lines_text():
    """A converter made a page's bulleted line a heading, its sentence running on in the next paragraph."""
    text = (f"# Title\n\n{BODY}\n\n**OPPORTUNITIES**\n\n## \uf0a7 Economic benefits. Fertilizer costs have increased due\n\n"
            "to tight global supplies. Farmers could profit.\n\n## • What could improve the quality of\n\n"
            "engineered biofertilizers?\n")
    amap = argmap.analyze(text, rules_only=True)
    texts = [n.text for n in amap.nodes]
    assert "Fertilizer costs have increased due to tight global supplies." in texts
    assert "What could improve the quality of engineered biofertilizers?" in texts
    assert not any("\uf0a7" in t or t.startswith("•") for t in texts)
