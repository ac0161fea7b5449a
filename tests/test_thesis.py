"""The major claim of a commentary: a stated thesis beats the title (annotation guide, section 2).

Every text here is written for these tests.
"""

from __future__ import annotations

import pytest

import argmap
from argmap.clean import clean
from argmap.model import Document, NodeType


def _standfirst_flags(text: str) -> list[tuple[str, bool]]:
    doc = clean(Document(text=text))
    return [(b.text(doc.text), b.standfirst) for b in doc.blocks]


def _major(text: str):
    amap = argmap.analyze(text, lang="en", rules_only=True)
    majors = [n for n in amap.nodes if n.type == NodeType.MAJOR_CLAIM]
    assert len(majors) == 1
    return amap, majors[0]


FRONT = "---\ntitle: Harbour Fees\nauthor: A. Writer\n---\n\n"


@pytest.mark.parametrize("opening, expected", [
    ("_The harbour fees must fall._", True),
    ("*The harbour fees must fall. Ships are leaving.*", True),
    ("_The harbour fees must fall._ <excerpt/> _Ships are leaving._", True),  # runs joined by a tag
    ("**The harbour fees must fall.**", False),  # bold is a heading's or a lead-in's, not a standfirst's
    ("The harbour fees _must_ fall.", False),  # italics inside a sentence
    ("_The harbour fees_ must fall.", False),
])
def test_an_opening_paragraph_wholly_in_italics_is_the_standfirst(opening, expected):
    flags = _standfirst_flags(FRONT + opening + "\n\nShips pay twice what they paid in 2019.\n")
    assert flags[0][1] is expected
    assert flags[-1][1] is False


def test_only_the_opening_paragraph_can_be_the_standfirst():
    flags = _standfirst_flags(FRONT + "Ships are leaving.\n\n_The harbour fees must fall._\n")
    assert [f for _, f in flags] == [False, False]
    flags = _standfirst_flags(FRONT + "## Fees\n\n_The harbour fees must fall._\n")
    assert [f for _, f in flags] == [False, False]


def test_the_standfirst_states_the_thesis_and_the_title_is_set_aside():
    amap, major = _major(FRONT + "_Ships pay twice what they paid in 2019. The harbour fees must fall._\n\n"
                         "Three lines have moved to the next port. Their owners cite the fees.\n")
    assert major.text == "The harbour fees must fall."
    assert major.rule == "standfirst-thesis"
    assert "Harbour Fees" not in {n.text for n in amap.nodes}
    assert any(s["kind"] == "title-under-thesis" and s["text"] == "Harbour Fees" for s in amap.set_aside)
    # the body hangs from the thesis, not from a title no longer mapped
    parents = {e.source: e.target for e in amap.edges if e.primary}
    first_body = next(n for n in amap.nodes if n.text.startswith("Three lines"))
    assert parents[first_body.id] == "MC"


def test_a_standfirst_without_cues_gives_its_first_sentence():
    _, major = _major(FRONT + "_Ships pay twice what they paid in 2019. Three lines have left._\n\nOwners cite the fees.\n")
    assert major.text == "Ships pay twice what they paid in 2019."


def test_without_a_standfirst_the_title_stays_the_major_claim():
    amap, major = _major(FRONT + "The harbour fees must fall.\n\nShips pay twice what they paid in 2019.\n")
    assert major.text == "Harbour Fees"
    assert not any(s["kind"] == "title-under-thesis" for s in amap.set_aside)
