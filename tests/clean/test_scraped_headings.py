"""Text saved by page scrapers: heading markers in place of heading tags, and no title line."""

from __future__ import annotations

from argmap.clean import clean
from argmap.model import Document


def _blocks(text: str) -> tuple[Document, list[tuple[str, int, str]]]:
    doc = clean(Document(text=text))
    return doc, [(b.kind, b.level, b.text(doc.text)) for b in doc.blocks]


def test_a_scraper_heading_marker_makes_a_heading_of_its_level():
    doc, blocks = _blocks("[H1]Harbour Fees Must Fall\n\nShips pay twice what they paid in 2019.\n\n"
                          "[H2]The costs\n\nThree lines have left.\n\n[H3] Who pays\n\nOwners do.")
    assert doc.metadata.title == "Harbour Fees Must Fall"
    assert ("heading", 2, "The costs") in blocks
    assert ("heading", 3, "Who pays") in blocks
    assert not any("[H" in text for _, _, text in blocks)


def test_a_marker_inside_a_line_or_a_longer_paragraph_is_left_alone():
    _, blocks = _blocks("Ships pay [H2] twice.\n\n[H2]The costs\ncontinue on this line.")
    assert all(kind == "paragraph" for kind, _, _ in blocks)


def test_a_section_heading_after_running_text_is_no_title():
    text = ("With ports raising their fees across the region, owners have begun to ask whether the old "
            "routes still pay.\n\nMost of them do not.\n\n[H2]The costs of staying\n\nThree lines have left.")
    doc, blocks = _blocks(text)
    assert doc.metadata.title is None and not doc.title_spans
    assert ("heading", 2, "The costs of staying") in blocks


def test_a_heading_after_only_short_lines_is_still_the_title():
    doc, _ = _blocks("Port Notes No. 4\n\n## Harbour Fees Must Fall\n\nShips pay twice what they paid in 2019.")
    assert doc.metadata.title == "Harbour Fees Must Fall"
