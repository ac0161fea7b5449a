"""A hyphen at the end of a PDF line: a word the typesetter broke is rejoined, a compound keeps its hyphen."""

from __future__ import annotations

import pytest

from argmap.read import read_document
from pdf_pages import draw_pdf

pytest.importorskip("pypdfium2")
pytest.importorskip("fpdf")


def _page(lines: list[str], size: float = 10, pitch: float = 13) -> list:
    return [(40, 60, "A Levy That Fails", 18, True)] + [(40, 100 + i * pitch, line, size, False)
                                                          for i, line in enumerate(lines)]


def _text(lines: list[str]) -> str:
    return read_document(draw_pdf([_page(lines)]), name="hyphens.pdf").text


def test_the_shape_of_the_parts_and_the_documents_own_words_decide_a_line_end_hyphen():
    text = _text([
        "The agency relies on NOAA-",  # a first part in capitals: no typesetter's break
        "issued forecasts for long-",  # "long-term" used below: the compound's hyphen
        "term planning, and U.S.-",  # a first part ending in a stop
        "based firms buy them under regu-",  # "regulation" used below: a broken word
        "lation that covers short-",  # a joiner of the language next: a suspended compound
        "and long-term contracts alike. See",
        "https://example.org/annual-",  # a web address keeps every hyphen it has
        "report for the figures. The regulation is",
        "old, and long-term costs rise every year.",
    ])
    assert ("The agency relies on NOAA-issued forecasts for long-term planning, and U.S.-based firms buy them "
            "under regulation that covers short- and long-term contracts alike.") in text
    assert "https://example.org/annual-report for the figures." in text
    assert "NOAAissued" not in text and "longterm" not in text and "regu-lation" not in text


def test_a_part_capitalised_or_a_number_after_the_hyphen_keeps_it_without_a_space():
    text = _text(["Prices rose steadily in the years from 2020-", "2021 in what economists call the pre-",
                  "COVID economy, and they rose no further."])
    assert "from 2020-2021 in what economists call the pre-COVID economy, and they rose no further." in text


@pytest.mark.parametrize("habit, expected", [
    # the document's other line-end hyphens are compounds its text uses elsewhere: its typesetter breaks no words
    (["Donors fund a good many of the region's well-", "known missions; every well-known mission has cross-",
      "border staff, and cross-border staff cost more."], "peace-keeping"),
    # they are words its text uses whole elsewhere: its typesetter breaks words
    (["Donors fund a good many of the region's govern-", "ment missions; every government mission has regu-",
      "lation of its staff, and regulation costs more."], "peacekeeping"),
])
def test_where_nothing_tells_the_documents_own_habit_decides(habit, expected):
    """"peace-" / "keeping": neither form, nor either part as a word of its own, stands elsewhere in the text."""
    text = _text(habit + ["Over the last few years the missions add peace-", "keeping to their tasks at last."])
    assert f"the missions add {expected} to their tasks at last." in text
