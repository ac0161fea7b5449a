"""Messy Markdown and plain text: headings without ATX marks, front matter, hard wraps, note sections."""

import pytest

from argmap.clean import clean
from argmap.model import Document

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
