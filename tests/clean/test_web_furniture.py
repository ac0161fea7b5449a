"""Web pages saved as text: share-button leftovers, photo credits, reading times and author notes."""

from __future__ import annotations

import pytest

import argmap
from argmap.clean import clean
from argmap.model import Document

BODY = ("Ships pay twice what they paid in 2019, and three lines have moved to the next port since the spring. "
        "Their owners cite the fees.\n\n")


def _map(text: str):
    return argmap.analyze(text, lang="en", rules_only=True)


@pytest.mark.parametrize("line", ["Copied", "Link copied", "Jane Roe / Getty Images", "Jane Roe via Getty Images",
                                  "Mar 3, 2024 7 min read", "ANALYSIS 12 min read"])
def test_page_furniture_lines_are_set_aside(line):
    amap = _map("# Harbour Fees\n\n" + BODY + line + "\n\n" + BODY.replace("Ships", "Trucks"))
    assert line not in {n.text for n in amap.nodes}
    assert any(line in s["text"] for s in amap.set_aside)


def test_a_title_given_twice_leaves_its_second_line_and_the_label_between_out_of_the_map():
    text = ("[H1]Harbour Fees Must Fall.\n\nThe Port Cannot Wait\n\nOPINION Shipping\n\n"
            "[H1]Harbour Fees Must Fall.\n\nThe Port Cannot Wait\n\n" + BODY * 3)
    amap = _map(text)
    assert not {"The Port Cannot Wait", "OPINION Shipping"} & {n.text for n in amap.nodes}
    assert not any(n.type.value == "claim" for n in amap.nodes)  # no heading left over the text
    assert {s["kind"] for s in amap.set_aside if s["text"] in ("The Port Cannot Wait", "OPINION Shipping")} == {
        "masthead", "repeated_title"}


def test_a_sentence_naming_a_photo_agency_stays():
    amap = _map("# Harbour Fees\n\n" + BODY + "The photograph was sold to Getty Images in 2019.\n")
    assert "The photograph was sold to Getty Images in 2019." in {n.text for n in amap.nodes}


def test_a_short_copied_line_is_no_heading():
    doc = clean(Document(text="# Harbour Fees\n\n" + BODY + "Copied\n\n" + BODY))
    assert not any(b.kind == "heading" for b in doc.blocks)


NOTE = "---\n\n__Jane Roe__ is a senior fellow at the Harbour Institute.\n\nShe previously worked for the port.\n"


def test_notes_about_the_authors_after_the_last_rule_are_set_aside():
    amap = _map("# Harbour Fees\n\n" + BODY * 6 + NOTE)
    texts = {n.text for n in amap.nodes}
    assert "Jane Roe is a senior fellow at the Harbour Institute." not in texts
    assert "She previously worked for the port." not in texts
    assert [s["kind"] for s in amap.set_aside].count("author_note") == 2


def test_a_sentence_about_a_person_in_the_body_stays():
    amap = _map("# Harbour Fees\n\n" + BODY * 6 + "---\n\n__Jane Roe__, the port's director, resigned.\n\n" + BODY)
    assert not any(s["kind"] == "author_note" for s in amap.set_aside)
    amap = _map("# Harbour Fees\n\n__Jane Roe__ is a senior fellow at the Harbour Institute.\n\n" + BODY * 6)
    assert not any(s["kind"] == "author_note" for s in amap.set_aside)


def test_a_self_closing_tag_is_markup_on_its_own_line_and_inside_one():
    amap = _map("# Harbour Fees\n\n_Fees must fall._ <excerpt/> _Ships are leaving._\n\n<excerpt/>\n\n" + BODY)
    assert not any("<" in n.text for n in amap.nodes)
    assert "Ships are leaving." in {n.text for n in amap.nodes}


@pytest.mark.parametrize("pointer", [">>>  Why Ports Lose Ships", ">>\u00a0 Why Ports Lose Ships: What Comes Next?",
                                     "\u2192 Why Ports Lose Ships"])
def test_a_line_pointing_to_another_page_is_set_aside_and_the_line_after_it_stays_whole(pointer):
    """A scraped page's "read also" line between two paragraphs, with no blank line after it: the line
    under it is no part of it (a quote's lazy line), and no word of the argument goes with it."""
    amap = _map("# Harbour Fees\n\n" + BODY + "The minister said so.\n" + pointer + "\nWhat he left out was the cost.\n\n" + BODY)
    texts = [n.text for n in amap.nodes]
    assert "What he left out was the cost." in texts
    assert not any("Ports Lose" in t for t in texts)
    assert [s["kind"] for s in amap.set_aside if "Ports Lose" in s["text"]] == ["related_link"]


@pytest.mark.parametrize("line", ["[Why Do Ports Lose Ships?](https://example.org/ports)",
                                  "[The Port That Lost Its Ships.](https://example.org/ports)"])
def test_a_lone_link_with_a_titles_words_is_set_aside(line):
    amap = _map("# Harbour Fees\n\n" + BODY + line + "\n\n" + BODY)
    assert not any("Lose" in n.text or "Lost" in n.text for n in amap.nodes)
    assert any(s["kind"] == "related_link" for s in amap.set_aside)


@pytest.mark.parametrize("line", ["[The fees rose by half in 2023.](https://example.org/fees)",
                                  ">> The fees rose by half. Owners left the port.",
                                  "> > The fees rose by half in 2023."])
def test_a_linked_sentence_or_a_quoted_one_stays(line):
    amap = _map("# Harbour Fees\n\n" + BODY + line + "\n\n" + BODY)
    assert any("The fees rose by half" in n.text for n in amap.nodes)
    assert not any(s["kind"] == "related_link" for s in amap.set_aside)


PAGE = "# Harbour Fees\n\n[Home](https://example.org) [Shipping](https://example.org/s)\n\n" + BODY * 3


def test_the_titles_after_a_pages_last_paragraph_are_its_list_of_other_articles():
    amap = _map(PAGE + "More on this topic\n\n## Shipping\n\nWhy Do Ports Lose Ships?\n\nThe Canal Nobody Dredges\n")
    texts = {n.text for n in amap.nodes}
    assert not texts & {"More on this topic", "Shipping", "Why Do Ports Lose Ships?", "The Canal Nobody Dredges"}
    assert [s["kind"] for s in amap.set_aside if s["text"] == "The Canal Nobody Dredges"] == ["page_tail"]


@pytest.mark.parametrize("tail", [
    "## What to do\n\n- Cut the fees\n- Dredge the channel\n",  # a brief's closing list
    "More on this topic\n\nThe Canal Nobody Dredges\n\nThe port will not recover this year.\n",  # a sentence ends it
])
def test_a_tail_with_a_list_or_a_sentence_is_the_texts_own(tail):
    amap = _map(PAGE + tail)
    assert not any(s["kind"] == "page_tail" for s in amap.set_aside)


def test_a_text_with_no_web_residue_keeps_its_closing_heading_and_lines():
    amap = _map("# Harbour Fees\n\n" + BODY * 3 + "## Next steps\n\nWhy Do Ports Lose Ships?\n")
    assert "Why Do Ports Lose Ships?" in {n.text for n in amap.nodes}


def test_one_closing_line_after_the_last_paragraph_is_the_texts_own():
    amap = _map(PAGE + "Why Do Ports Lose Ships?\n")
    assert "Why Do Ports Lose Ships?" in {n.text for n in amap.nodes}
