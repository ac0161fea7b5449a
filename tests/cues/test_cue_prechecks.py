"""The cue tables' pre-checks never change an answer: each matcher answers as its bare patterns do.

The bare patterns answer for a text that holds a character folding to an ASCII letter (the
pre-checks cannot tell such a text and step aside): written so, a sentence must get the same answers.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.cues import FOLDS_TO_ASCII, Lexicon, load_lexicon


def test_the_characters_that_fold_to_ascii_are_the_ones_the_regex_engine_folds():
    every = "".join(chr(i) for i in range(128, 0x110000) if not 0xD800 <= i < 0xE000)
    assert set(re.compile(r"[\x00-\x7f]", re.IGNORECASE).findall(every)) == set(FOLDS_TO_ASCII)
    # lower-casing keeps word boundaries, but for one of them
    word = re.compile(r"\w")
    changed = {c for c in every if bool(word.match(c)) != all(word.match(x) for x in c.lower())}
    assert changed <= set(FOLDS_TO_ASCII)


# A character that folds to an ASCII letter makes every matcher skip its pre-checks (``FOLDS_TO_ASCII``)
# and run its patterns alone; the patterns are case-insensitive, so the answers are the same up to case.
_FOLD_IN = str.maketrans({"i": "\u0131", "s": "\u017f", "k": "\u212a", "I": "\u0130", "S": "\u017f", "K": "\u212a"})
_FOLD_OUT = str.maketrans({"\u0131": "i", "\u017f": "s", "\u212a": "k", "\u0130": "i"})


def _folded(answer):
    """An answer with its cues lower-cased and the folding characters read as their ASCII letters."""
    if isinstance(answer, str):
        return answer.translate(_FOLD_OUT).lower()
    if isinstance(answer, (list, tuple)):
        return type(answer)(_folded(a) for a in answer)
    if isinstance(answer, dict):
        return {k: _folded(v) for k, v in answer.items()}
    return answer


def bare(lexicon, sentence: str) -> dict:
    """Every matcher's answer with the pre-checks skipped: the sentence with its i, s and k written
    as the characters that fold to them."""
    return _folded(cued(lexicon, sentence.translate(_FOLD_IN)))


def cued(lexicon, sentence: str) -> dict:
    return {
        "deontic": lexicon.deontic(sentence),
        "hedge": lexicon.hedge(sentence),
        "view": lexicon.attributed_view(sentence),
        "stance": lexicon.stance(sentence),
        "objection": lexicon.objection(sentence),
        "answer": lexicon.answering_view(sentence),
        "meta": lexicon.is_meta(sentence),
        "thesis": lexicon.is_thesis(sentence),
        "disclaimer": lexicon.is_disclaimer(sentence),
        "boilerplate": lexicon.is_boilerplate(sentence),
        "markers": [(h.role, h.cue, h.initial) for h in lexicon.markers(sentence)],
        "unit cues": sorted(lexicon.unit_cues(sentence)),
    }


SENTENCES = [
    "The government should raise the tax.",
    "It is IMPORTANT TO act now, because prices may rise.",
    "ſhould we act? The ministry muſt act.",  # long s: folds to "s" in the patterns
    "İt is important to note this. Therefore, the plan İs sound.",  # dotted capital I
    "The KEEP programme (Kelvin sign) ſeems weak; thus it fails.",
    "The views expressed here do not necessarily reflect those of the institute.",
    "© 2024 The Institute. All rights reserved.",
    "This paper examines the effect of tariffs.",
    "We argue that the treaty holds.",
    "Die Regierung sollte handeln, denn die Lage ist ernst.",
    "Sie müssen das Gesetz ändern; allerdings ist das schwer.",
    "_therefore the rule stands",
    "There is an urgent need for the ministry to act.",
    "It is IMPORTANT for small firms to adapt, but steps must be taken.",
    "It would be wise to wait.",
    "Critics argue that the tax is unfair. Some economists claim it works.",
    "Kritiker meinen, die Steuer sei unfair; manche Ökonomen sagen, sie wirke.",
    "Es ist wichtig, die Regel zu ändern.",
    "Some analysts assert that tariffs help. Other observers caution that they raise costs; others argue.",
    "Andere Experten halten dagegen, dass die Kosten steigen; Kritiker der Pläne widersprechen.",
    "However, the plan fails. Therefore it must go, but slowly.",
    "FOR EXAMPLE, the rule fails; HOWEVER it stands.",
    "Erstens, die Regel gilt. Deshalb muss sie bleiben, aber langsam.",
    "Nothing here at all.",
    "Das ist hingegen falsch.",  # an inner-only marker: looked up as the letters the pattern matched
    "Secondly, the plan fails.",  # an ordinal: its position looked up the same way
    "Several analysts have argued the point; most say little.",  # an objection pattern's words, whole
    "The somersault claims nothing, and another argued.",  # its first words only inside other words
    "SOME OFFICIALS WORRY about costs. Many_ say so.",
    "",
]


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("sentence", SENTENCES)
def test_prechecked_matchers_answer_as_the_bare_patterns(lang, sentence):
    lexicon = load_lexicon(lang)
    got, want = _folded(cued(lexicon, sentence)), bare(lexicon, sentence)
    assert got == want


def _words(lang: str) -> list[str]:
    data = load_lexicon(lang).data
    words = set()
    words.update(["there is a need to", "it is important for them to", "steps must be taken", "it would be wise to",
                  "es ist wichtig, das zu", "several", "most", "other", "worry", "said", "einige", "viele"])
    words.update(["others argue", "other observers caution", "andere experten halten dagegen"])
    for key in ("deontic", "hedges", "attributed_view", "stance", "epistemic_after_modal", "objection_cues"):
        words.update(data.get(key, []))
    for cues in data.get("markers", {}).values():
        words.update(cues)
    return sorted(words)


_PIECES = st.one_of(
    st.sampled_from(_words("en") + _words("de")),
    st.sampled_from([" ", ", ", ". ", "; ", "(", ")", "'", "-", "_", "\u0130", "\u0131", "\u017f", "\u212a", "S", "I"]),
    st.text(max_size=6),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join), st.sampled_from(["en", "de"]), st.booleans())
def test_prechecks_never_change_an_answer(sentence, lang, upper):
    lexicon = load_lexicon(lang)
    sentence = sentence.upper() if upper else sentence
    got, want = _folded(cued(lexicon, sentence)), bare(lexicon, sentence)
    # The imperative question reads case ("Stop" opens an order, "STOP" does not), so the folded
    # characters the bare run writes are not the same sentence to it: it is held to its own answer instead.
    asked_imperative = "imperative" in got.pop("unit cues")
    want.pop("unit cues")
    assert got == want
    assert asked_imperative == bool(lexicon.imperative(sentence))
    assert sorted(lexicon.unit_cues(sentence) - {"imperative"}) == [
        c for c in bare(lexicon, sentence)["unit cues"] if c != "imperative"]


@pytest.mark.parametrize("patterns, text, expected", [
    ([r"^abc", r"^x\d"], "abc def", True),
    ([r"^abc", r"^x\d"], "zz abc", False),
    ([r"\bnot necessarily\b"], "It does NOT necessarily hold", True),
    ([r"\bnot necessarily\b"], "It does not hold", False),
    ([r"(\w)\1", r"^q"], "aa", True),  # a back-reference: the list cannot be joined, each pattern runs
    ([r"^a|b"], "xb", True),  # an alternation at the top is not anchored
])
@pytest.mark.parametrize("key, ask", [("disclaimer_patterns", "is_disclaimer"), ("boilerplate_patterns", "is_boilerplate"),
                                      ("thesis_patterns", "is_thesis")])
def test_a_pack_s_pattern_lists_answer_as_any_of_their_patterns(patterns, text, expected, key, ask):
    lexicon = Lexicon({**load_lexicon("en").data, key: patterns})
    assert getattr(lexicon, ask)(text) is expected


def _one_at_a_time(lexicon, sentence: str) -> set[str]:
    asks = {"deontic": lexicon.deontic, "imperative": lexicon.imperative, "stance": lexicon.stance,
            "view": lexicon.attributed_view, "objection": lexicon.objection, "concessive": lexicon.concessive_opener,
            "thesis": lexicon.is_thesis, "back": lexicon.back_reference}
    return {name for name, ask in asks.items() if ask(sentence)}


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(SENTENCES), st.lists(_PIECES, max_size=12).map("".join)), st.sampled_from(["en", "de"]))
def test_unit_cues_are_the_questions_asked_one_at_a_time(sentence, lang):
    fresh = Lexicon(load_lexicon(lang).data)  # nothing remembered: each way answers for itself
    assert fresh.unit_cues(sentence) == _one_at_a_time(Lexicon(load_lexicon(lang).data), sentence)
