"""Announcements of a list ("Here are four.") are no units, and "Next," counts only inside a series."""

from __future__ import annotations

import pytest

import argmap


def _map(text: str, lang: str = "en"):
    return argmap.analyze(text, lang=lang, rules_only=True)


def _parent(amap, start: str) -> str:
    """The text of the unit the unit opening with ``start`` serves."""
    node = next(n for n in amap.nodes if n.text.startswith(start))
    edge = next(e for e in amap.edges if e.source == node.id and e.primary)
    return next(n.text for n in amap.nodes if n.id == edge.target)


ITEMS = "First, the fees doubled. Owners complain.\n\nSecond, the channel silted up.\n\nFinally, the rail link closed.\n"


@pytest.mark.parametrize("connector", ["There are three reasons for this.", "Here are three.", "Here's why:",
                                       "Consider the following:", "The reasons are as follows:"])
def test_a_sentence_that_only_announces_the_points_is_no_unit_and_they_serve_what_it_points_at(connector):
    amap = _map(f"# Harbour Fees\n\nThe port is losing ships. {connector}\n\n" + ITEMS)
    assert connector not in {n.text for n in amap.nodes}
    assert [s["kind"] for s in amap.set_aside if s["text"] == connector] == ["list-connector"]
    for item in ("First,", "Second,", "Finally,"):
        assert _parent(amap, item) == "The port is losing ships."


def test_an_announcement_after_the_thesis_hangs_the_points_from_the_thesis():
    """The sentence before the announcement is the major claim: the items serve it, not whatever came
    before it among the other sentences."""
    amap = _map("# Harbour Fees\n\nPorts matter to trade.\n\n"
                "There are many reasons to believe the port is in trouble. Here are three.\n\n" + ITEMS)
    major = next(n for n in amap.nodes if n.type.value == "major_claim")
    assert major.text == "There are many reasons to believe the port is in trouble."
    assert _parent(amap, "Second,") == major.text


@pytest.mark.parametrize("sentence", ["There are three reasons why the port is losing ships.",
                                      "Here are three ships that left in May.", "Consider the costs of dredging."])
def test_a_sentence_that_announces_and_says_something_stays_a_unit(sentence):
    amap = _map(f"# Harbour Fees\n\n{sentence}\n\n" + ITEMS)
    assert sentence in {n.text for n in amap.nodes}
    assert not any(s["kind"] == "list-connector" for s in amap.set_aside)


def test_german_announcements_are_no_units_either():
    amap = _map("# Hafengebühren\n\nDer Hafen verliert Schiffe. Dafür gibt es drei Gründe.\n\n"
                "Erstens haben sich die Gebühren verdoppelt.\n\nZweitens ist die Fahrrinne verschlammt.\n", "de")
    assert "Dafür gibt es drei Gründe." not in {n.text for n in amap.nodes}
    assert _parent(amap, "Zweitens") == "Der Hafen verliert Schiffe."


def test_next_inside_a_series_counts_its_next_point():
    amap = _map("# Harbour Fees\n\nThe port is losing ships.\n\nFirst, the fees doubled. Owners complain.\n\n"
                "Next, the channel silted up.\n\nThird, the cranes are old.\n")
    nxt = next(n for n in amap.nodes if n.text.startswith("Next,"))
    assert nxt.ordinal == 2
    assert _parent(amap, "Next,") == "The port is losing ships."
    assert _parent(amap, "Owners complain.").startswith("First,")


@pytest.mark.parametrize("text", [
    "# Harbour Fees\n\nThe port is losing ships. Next, the channel silted up. The cranes are old.\n",
    "# Harbour Fees\n\nFirst, the fees doubled.\n\nSecond, the channel silted up.\n\n## Wages\n\nNext, wages rose.\n",
    "# Harbour Fees\n\nFirst, the fees doubled.\n\nFinally, the channel silted up.\n\nThen, wages rose.\n",
])
def test_next_outside_a_series_counts_nothing(text):
    amap = _map(text)
    node = next(n for n in amap.nodes if n.text.startswith(("Next,", "Then,")))
    assert node.ordinal is None
