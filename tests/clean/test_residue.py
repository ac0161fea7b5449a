"""Web residue is told by block features (links, length, position, fields, repetition), in any site's words."""

from __future__ import annotations

from argmap.clean import clean
from argmap.model import Document
from argmap.clean.residue import BlockView, classify, features, fields

BODY = ("The agency spent more than it was given in each of the last three years. "
        "Its auditors found that the overrun came from two programs alone, and both have since been cut.")


def _page(title: str = "Water Rights in the West") -> str:
    """A web page saved as Markdown: a site's bar, a field table, a version list, a title line, then the report."""
    return "\n".join([
        f"# {title}",
        "",
        "[Home](https://example.org/) > [Library](https://example.org/lib) > W-12",
        "",
        "## ABOUT THIS PAGE",
        "",
        "[Show details](https://example.org#)",
        "",
        "| **Kind:** | Brief ",
        "| **Report No.:** | W-12 ",
        "| **Publication Date:** | 03/02/2025 ",
        "| **Authors:** | Doe, Jane; Roe, Rick ",
        "",
        "[Get the PDF (200KB)](https://example.org/w12.pdf) | [Older versions](https://example.org#)",
        "",
        "- [March 2, 2025 (W-12, edition 2)](https://example.org/w12.2.pdf)",
        "- [May 1, 2024 (W-12, edition 1)](https://example.org/w12.1.pdf)",
        "",
        f"[Read aloud](https://speech.example.net/?u=w12){title}March 2, 2025    (W-12)",
        "",
        BODY,
        "",
        "## Findings",
        "",
        "The state should cap withdrawals in dry years. Farmers who hold senior rights "
        "would lose least under such a cap, the [study](https://example.org/study) shows.",
        "",
    ])


def _views(text: str) -> list[BlockView]:
    out = []
    for block in text.split("\n\n"):
        block = block.strip("\n")
        if not block:
            continue
        kind = "heading" if block.startswith("#") else "list_item" if block.startswith("- ") else "paragraph"
        for item in (block.split("\n") if kind == "list_item" else [block]):
            out.append(BlockView(kind, item, item.lstrip("#- ").strip()))
    return out


def test_features_measure_links_fields_and_sentences():
    nav = features("[Home](https://a.example/) > [Library](https://a.example/l) > W-12")
    assert nav.links == 2 and nav.own_words <= 2 and nav.link_density > 0.5 and not nav.prose
    prose = features(BODY)
    assert prose.links == 0 and prose.terminal and prose.prose and prose.sentences >= 2
    linked = features("Congress [has broad authority](https://x.example/a) to regulate [many aspects](https://x.example/b) "
                      "of federal elections, and it has used that authority often.")
    assert linked.links == 2 and linked.prose  # links inside a sentence do not make it a menu
    table = features("| **Kind:** | Brief \n| **Report No.:** | W-12 ")
    assert table.field_lines == 2 and not table.prose


def test_fields_reads_labels_from_rows_and_lines():
    assert fields("| **Report No.:** | W-12 \n| **Authors:** | Doe, Jane ") == [("Report No.", "W-12"), ("Authors", "Doe, Jane")]
    assert fields("**Product:** Brief\n**Date:** 03/02/2025") == [("Product", "Brief"), ("Date", "03/02/2025")]
    # one sentence with a colon reads like a field, but one such line alone is never set aside
    line = "The rule is clear: nobody may pump in August."
    assert classify([BlockView("paragraph", line, line), BlockView("paragraph", BODY, BODY)]) == [None, None]


def test_classify_sets_aside_the_page_around_the_report_and_keeps_the_report():
    views = _views(_page())
    verdicts = classify(views, "Water Rights in the West")

    def kind_of(start: str) -> str | None:
        verdict = next(d for v, d in zip(views, verdicts) if v.raw.lstrip("#- ").startswith(start))
        return verdict.kind if verdict else None

    assert kind_of("[Home]") == "navigation"
    assert kind_of("ABOUT THIS PAGE") == "residue_heading"
    assert kind_of("[Show details]") == "navigation"
    assert kind_of("[Get the PDF") == "navigation"
    assert next(d.kind for v, d in zip(views, verdicts) if v.raw.startswith("| **Kind")) == "field_table"
    assert [d.kind for v, d in zip(views, verdicts) if v.kind == "list_item"] == ["link_list", "link_list"]
    assert next(d.kind for v, d in zip(views, verdicts) if v.raw.startswith("[Read aloud]")) == "masthead"
    kept = [v.plain for v, d in zip(views, verdicts) if d is None]
    assert BODY in kept and "Findings" in kept and any(p.startswith("The state should cap") for p in kept)
    assert all(d.reason for d in verdicts if d is not None)


def test_the_title_said_again_is_residue_only_before_the_body():
    views = [BlockView("heading", "## Water Rights", "Water Rights"), BlockView("paragraph", BODY, BODY),
             BlockView("heading", "## Water Rights", "Water Rights"), BlockView("paragraph", BODY, BODY)]
    verdicts = classify(views, "Water Rights")
    assert verdicts[0] is not None and verdicts[0].kind == "repeated_title"
    assert verdicts[2] is None  # a section of the body named like the report stays


def test_what_stands_between_the_title_and_the_title_said_again_is_the_pages_header():
    """A page that gives its title twice (the site's header, then the text's own): a section label and the
    title's second line between the two copies are the header's, and that line said again goes too."""
    line = BlockView("paragraph", "The Port Cannot Wait", "The Port Cannot Wait")
    label = BlockView("paragraph", "OPINION Shipping", "OPINION Shipping")
    title = BlockView("heading", "# Harbour Fees Must Fall", "Harbour Fees Must Fall")
    body = BlockView("paragraph", BODY, BODY)
    verdicts = classify([line, label, title, line, body, line], "Harbour Fees Must Fall")
    assert [v.kind if v else None for v in verdicts] == [
        "masthead", "masthead", "repeated_title", "repeated_title", None, None]  # the body's own line stays
    # with the title given once, the same short lines are the text's
    assert classify([line, label, body], "Harbour Fees Must Fall") == [None, None, None]


def test_a_sentence_cut_before_a_link_is_no_menu():
    views = [BlockView("paragraph", "[According to the agency](https://x.example/a),", "According to the agency,"),
             BlockView("paragraph", BODY, BODY)]
    assert classify(views, "Something else") == [None, None]


def test_a_box_of_prose_framed_as_one_cell_stays_and_a_real_table_goes():
    box = "| What the law says\nThe secretary may order a recall when a food is adulterated and the firm refuses to act."
    table = "| Year | Funds | Staff |\n| 2024 | 10 | 3 |"
    figure = "| Figure 1. A dam\n|  \n| Source: The agency, 2024."
    verdicts = classify([BlockView("paragraph", BODY, BODY), BlockView("paragraph", box, box),
                         BlockView("paragraph", table, table), BlockView("paragraph", figure, figure)])
    assert verdicts[1] is None
    assert verdicts[2] is not None and verdicts[2].kind == "table"
    assert verdicts[3] is not None and verdicts[3].kind == "table"


def test_clean_sets_residue_aside_with_reasons_and_fills_the_metadata():
    doc = clean(Document(text=_page()))
    body = " ".join(b.text(doc.text) for b in doc.blocks)
    assert "Home" not in body and "Report No." not in body and "PDF" not in body and "Read aloud" not in body
    assert BODY[:60] in body and "The state should cap withdrawals" in body
    meta = doc.metadata
    assert meta.title == "Water Rights in the West"
    assert meta.identifier == "W-12"
    assert meta.date == "2025-03-02"
    assert meta.author == "Doe, Jane; Roe, Rick"
    kinds = {x["kind"] for x in doc.set_aside}
    assert {"navigation", "field_table", "link_list", "masthead", "residue_heading"} <= kinds
    assert all(x.get("reason") for x in doc.set_aside if x["kind"] in ("navigation", "field_table", "link_list"))


def test_a_plain_brief_loses_nothing_to_the_residue_rules():
    text = "# Cap the Withdrawals\n\n" + BODY + "\n\n## Why now\n\n" + BODY.replace("three", "four") + "\n"
    doc = clean(Document(text=text))
    assert not [x for x in doc.set_aside if x["kind"] in ("navigation", "link_list", "field_table", "masthead", "table")]
    assert sum(b.kind == "paragraph" for b in doc.blocks) == 2


def test_a_section_name_over_a_cover_pages_side_column_is_no_residue():
    """A cover page puts its number, title and date between "Summary" and the summary's text."""
    def views(first: BlockView) -> list[BlockView]:
        return [BlockView("paragraph", "Research Service https://r.example.org R12345", "Research Service R12345"),
                first, BlockView("heading", "R12345", "R12345"), BlockView("paragraph", "April 21, 2026", "April 21, 2026"),
                BlockView("paragraph", BODY, BODY)]

    verdicts = classify(views(BlockView("heading", "SUMMARY", "SUMMARY", section_name=True)), "Water Rights")
    assert verdicts[1] is None
    assert verdicts[2] is not None and verdicts[2].kind == "residue_heading"
    # the same heading without the language data's word for it stands over residue like any other
    assert classify(views(BlockView("heading", "SUMMARY", "SUMMARY")), "Water Rights")[1].kind == "residue_heading"
    # a section name with residue right under it (a contents list of links) is residue still
    toc = [BlockView("heading", "Contents", "Contents", section_name=True),
           BlockView("list_item", "[Introduction](https://r.example.org#1)", "Introduction"), BlockView("paragraph", BODY, BODY)]
    assert classify(toc, "Water Rights")[0].kind == "residue_heading"


def test_the_language_data_names_a_cover_pages_summary_in_a_cleaned_document():
    text = "\n\n".join(["# Water Rights in the West", "[Home](https://example.org/) | [Share](https://example.org/s)",
                          "## Summary", "## W-12", "April 21, 2026", BODY])
    doc = clean(Document(text=text))
    assert any(b.kind == "heading" and b.text(doc.text) == "Summary" for b in doc.blocks)


def test_the_title_glued_to_the_date_on_a_line_of_its_own_is_masthead():
    """"…in the WestMarch 2, 2025 (W-12)" with no link on its line: the title is found where case turns."""
    page = _page().replace("[Read aloud](https://speech.example.net/?u=w12)", "[Read aloud](https://speech.example.net/?u=w12)\n\n")
    doc = clean(Document(text=page))
    masthead = [x["text"] for x in doc.set_aside if x["kind"] == "masthead"]
    assert any(t.startswith("Water Rights in the WestMarch 2, 2025") for t in masthead), masthead
    body = " ".join(b.text(doc.text) for b in doc.blocks)
    assert "WestMarch" not in body and BODY[:60] in body


def test_a_sentence_that_names_the_title_before_the_prose_is_no_masthead():
    page = _page().replace(BODY, "Water Rights in the West is the state's oldest dispute, and the courts have not settled it.\n\n" + BODY)
    doc = clean(Document(text=page))
    body = " ".join(b.text(doc.text) for b in doc.blocks)
    assert "the state's oldest dispute" in body
