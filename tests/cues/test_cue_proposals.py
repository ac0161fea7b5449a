"""Proposals for action: imperatives, first-person proposals, questions and descriptive obligations (table rows)."""

import pytest

import argmap
from argmap.cues import load_lexicon

en = load_lexicon("en")


@pytest.mark.parametrize("sentence, kind", [
    ("Require collectors to state their name.", "recommendation"),
    ("Please include calls to family members.", "recommendation"),
    ("and send it to all three bureaus.", "recommendation"),
    ("I urge the agency to ban these calls.", "recommendation"),
    ("My suggestion is that collectors write instead of calling.", "recommendation"),
    ("Collectors should stop calling at night.", "recommendation"),
    ("Why should a consumer pay twice?", "premise"),
    ("I have to show up in court every month.", "premise"),
    ("However, should the creditor move, the consumer can be sued elsewhere.", "premise"),
    ("It informs the consumer how they should negotiate.", "premise"),
    ("Make no mistake about the costs?", "premise"),
    ("Collectors call me every day.", "premise"),
])
def test_proposal_rows(sentence, kind):
    amap = argmap.analyze("Debt collection\n\n" + sentence, rules_only=True)
    node = next(n for n in amap.nodes if n.text == sentence)
    assert str(node.type) == kind


@pytest.mark.parametrize("sentence, cue", [
    ("I think the fee is unfair.", "I think"), ("This is the right way.", "is the right"),
    ("That would be wise.", "would be wise"), ("The fee is 10 dollars.", None),
])
def test_stance_rows(sentence, cue):
    assert en.stance(sentence) == cue
