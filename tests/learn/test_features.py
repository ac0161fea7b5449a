"""The learned layer's text features give the numbers of their plain definitions on any text.

They are computed the fast way (from the unit's tokens, ASCII text apart from the rest); these
properties hold them to what they mean, on text built to tell the two ways apart.
"""

from __future__ import annotations

import math
import re

from hypothesis import example, given, settings, strategies as st

from argmap.cues import load_lexicon
from argmap.learn.features import Context, UnitTable, pair_features, unit_features
from argmap.model import NodeType, Unit

_WORD = re.compile(r"\w+")

#: letters whose lower case is longer or splits a word ("İ"), digits of other scripts, marks, underscores
_TRICKY = "İıſKßΣςabcXYZ019٣۴_- .,'’\u0307é\u00ad"
texts = st.text(alphabet=st.sampled_from(_TRICKY), min_size=1, max_size=40) | st.text(min_size=1, max_size=40)
#: ASCII text, which the features read another (faster) way
ascii_texts = st.text(alphabet="aBcZ09_ .,-'", min_size=1, max_size=40)


def _context(*sentences: str) -> tuple[Context, list[Unit]]:
    units = [Unit("sentence", [(0, len(t))], t, paragraph=0, type=NodeType.PREMISE, id=f"S{n}")
             for n, t in enumerate(sentences)]
    return Context.build(units, [], load_lexicon("en")), units


def _long_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) >= 4}


@settings(max_examples=200, deadline=None)
@given(texts | ascii_texts)
@example("FY2024 funds, 3rd round, abc_1 and ٣ apples")
@example("FY2024 funds, 3rd round, abc_1, _9 and 10-K filings")
def test_digit_share_is_the_share_of_words_holding_a_digit(text):
    ctx, (unit,) = _context(text)
    words = _WORD.findall(text)
    share = unit_features(unit, ctx).get("digit-share")
    assert share == (len(re.findall(r"\w*\d\w*", text)) / len(words) if words else None)


@settings(max_examples=200, deadline=None)
@given(texts | ascii_texts)
@example("Act 2 of 2024: The US, the EU and Éire")
def test_capital_share_is_the_share_of_words_opening_with_a_capital(text):
    ctx, (unit,) = _context(text)
    words = _WORD.findall(text)
    share = unit_features(unit, ctx).get("capital-share")
    assert share == (sum(w[0].isupper() for w in words) / len(words) if words else None)


@settings(max_examples=200, deadline=None)
@given(st.lists(texts | ascii_texts, min_size=1, max_size=6))
@example(["FY2024 funds, 3rd round", "Act 2 of 2024: The US and Éire", "abc_1, _9 and 10-K", "A\0B1 c2"])
def test_the_unit_table_counts_a_document_s_digit_and_capital_words_as_each_unit_alone(sentences):
    """The unit table counts them for all the units of a document at once; each unit's share is the
    one its own features give."""
    ctx, units = _context(*sentences)
    x = UnitTable(ctx).matrix({"digit-share": 0, "capital-share": 1}, 2)
    for row, unit in enumerate(units):
        own = unit_features(unit, ctx)
        assert (x[row, 0], x[row, 1]) == (own.get("digit-share", 0.0), own.get("capital-share", 0.0)), unit.text


@settings(max_examples=200, deadline=None)
@given(texts, texts)
@example("İstanbul ports handle grain", "istanbul PORTS and grain")
def test_overlap_counts_the_long_words_two_units_share_lower_cased(a, b):
    ctx, (unit, other) = _context(a, b)
    mine, theirs = _long_words(a), _long_words(b)
    assert ctx.words[unit.id] == mine
    shared = len(mine & theirs)
    overlap = pair_features(unit, other, ctx, parent_side=False).get("overlap")
    assert overlap == (shared / math.sqrt(len(mine) * len(theirs)) if shared else None)


#: sentences that hold the cues the learned layer asks about (and some that hold none)
_CUED = ["We should act now.", "Congress must not wait?", "Require lenders to report every loan.",
         "I think this is the right way.", "Critics argue that the plan fails.", "Some say it will never work.",
         "Admittedly, costs rise.", "This shows why the rule matters.", "The report finds a gap.",
         "Supporters contend that the tax helps.", "These results suggest a change.", "Reform is essential."]
_QUESTIONS = ("deontic", "imperative", "stance", "view", "objection", "concessive", "thesis", "back")


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_CUED) | texts, st.frozensets(st.sampled_from(_QUESTIONS)))
def test_asking_some_cue_questions_answers_them_as_asking_all(text, ask):
    lexicon = load_lexicon("en")
    assert lexicon.unit_cues(text, ask) == lexicon.unit_cues(text) & ask


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_CUED) | ascii_texts | texts)
def test_cue_answers_are_the_same_after_the_words_were_asked_for(text):
    """The learned layer asks a sentence's words (``Lexicon.words``) before its cues; a fresh lexicon
    each time, so no answer is remembered from the other way."""
    from argmap.cues import Lexicon

    data = load_lexicon("en").data
    lexicon = Lexicon(data)
    assert lexicon.words(text) == frozenset(re.findall(r"\w+", text.lower()))
    assert lexicon.unit_cues(text) == Lexicon(data).unit_cues(text)


def test_the_questions_the_shipped_models_read_give_them_the_same_features():
    """The decoder asks only the cue questions some model reads (``cue_questions``): every feature a
    model weighs, a unit's own and a candidate's, comes out as when every question is asked."""
    from argmap.learn import default_weights
    from argmap.learn.features import PARENT, cue_questions

    models = default_weights().models.values()
    weighed = {name for model in models for name in model.features}
    asked = cue_questions(weighed)
    assert {"deontic", "objection"} <= asked < set(_QUESTIONS)
    lexicon = load_lexicon("en")
    units = [Unit("sentence", [(0, len(t))], t, paragraph=n // 3, type=NodeType.PREMISE, id=f"S{n}")
             for n, t in enumerate(_CUED)]
    every, some = Context.build(units, [], lexicon), Context.build(units, [], lexicon, asked)
    own = {name.removeprefix(PARENT) for name in weighed}
    for unit in units:
        assert {k: v for k, v in unit_features(unit, every).items() if k in own} == \
            {k: v for k, v in unit_features(unit, some).items() if k in own}
        for other in units:
            assert {k: v for k, v in pair_features(unit, other, every).items() if k in weighed} == \
                {k: v for k, v in pair_features(unit, other, some).items() if k in weighed}
