"""The cue tables' pre-checks never change an answer: each matcher answers as its bare patterns do."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.cues import FOLDS_TO_ASCII, _PatternSet, load_lexicon
from argmap.lang import load_part


def test_the_characters_that_fold_to_ascii_are_the_ones_the_regex_engine_folds():
    every = "".join(chr(i) for i in range(128, 0x110000) if not 0xD800 <= i < 0xE000)
    assert set(re.compile(r"[\x00-\x7f]", re.IGNORECASE).findall(every)) == set(FOLDS_TO_ASCII)
    # lower-casing keeps word boundaries, but for one of them
    word = re.compile(r"\w")
    changed = {c for c in every if bool(word.match(c)) != all(word.match(x) for x in c.lower())}
    assert changed <= set(FOLDS_TO_ASCII)


def bare(lexicon, sentence: str) -> dict:
    """Every matcher's answer computed by its patterns alone, as before the pre-checks."""
    def first(pattern, text):
        m = pattern.search(text)
        return m.group(1) if m else None

    def deontic():
        for pattern in lexicon._epistemic_res:
            if pattern.search(sentence) and not lexicon._deontic_outside(sentence, pattern):
                return None
        for m in lexicon._deontic_re.finditer(sentence):
            after = sentence[m.end():].lstrip().lower()
            if not any(after.startswith(p) for p in lexicon._epistemic_after):
                return m.group(1)
        return None

    lead = re.sub(r"^[\s\"'“‘(\[*_]+", "", sentence)
    markers, initial_end = [], 0
    for role, initial, _ in lexicon._marker_res:
        m = initial.match(lead)
        if m and m.end() > initial_end:
            markers, initial_end = [(role, re.sub(r"[\s,]+$", "", m.group(1)), True)], m.end()
    pack = load_part(lexicon.language, "cues")
    only = {role: [c.lower() for c in cues] for role, cues in pack["inner_marker_only"].items()}
    for role, _, pattern in lexicon._marker_res:
        if pattern is not None and role in pack["inner_marker_roles"]:
            markers += [(role, m.group(1), False) for m in pattern.finditer(lead[initial_end:])
                        if role not in only or m.group(1).lower() in only[role]]
    return {
        "deontic": deontic(),
        "hedge": first(lexicon._hedge_re, sentence),
        "view": first(lexicon._view_re, sentence),
        "stance": first(lexicon._stance_re, sentence),
        "objection": first(lexicon._objection_re, sentence) if lexicon._objection_re else None,
        "meta": any(p.search(lead) for p in lexicon._meta_res),
        "thesis": any(p.search(sentence) for p in lexicon._thesis_res),
        "disclaimer": any(p.search(sentence.strip()) for p in lexicon._disclaimer_res),
        "boilerplate": any(p.search(sentence.strip()) for p in lexicon._boilerplate_res),
        "markers": markers,
    }


def cued(lexicon, sentence: str) -> dict:
    return {
        "deontic": lexicon.deontic(sentence),
        "hedge": lexicon.hedge(sentence),
        "view": lexicon.attributed_view(sentence),
        "stance": lexicon.stance(sentence),
        "objection": lexicon.objection(sentence),
        "meta": lexicon.is_meta(sentence),
        "thesis": lexicon.is_thesis(sentence),
        "disclaimer": lexicon.is_disclaimer(sentence),
        "boilerplate": lexicon.is_boilerplate(sentence),
        "markers": [(h.role, h.cue, h.initial) for h in lexicon.markers(sentence)],
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
    "However, the plan fails. Therefore it must go, but slowly.",
    "FOR EXAMPLE, the rule fails; HOWEVER it stands.",
    "Erstens, die Regel gilt. Deshalb muss sie bleiben, aber langsam.",
    "Nothing here at all.",
    "",
]


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("sentence", SENTENCES)
def test_prechecked_matchers_answer_as_the_bare_patterns(lang, sentence):
    lexicon = load_lexicon(lang)
    got, want = cued(lexicon, sentence), bare(lexicon, sentence)
    assert got == want


def _words(lang: str) -> list[str]:
    data = load_lexicon(lang).data
    words = set()
    words.update(["there is a need to", "it is important for them to", "steps must be taken", "it would be wise to",
                  "es ist wichtig, das zu"])
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
    got, want = cued(lexicon, sentence), bare(lexicon, sentence)
    assert got == want


@pytest.mark.parametrize("patterns, text, expected", [
    ([r"^abc", r"^x\d"], "abc def", True),
    ([r"^abc", r"^x\d"], "zz abc", False),
    ([r"\bnot necessarily\b"], "It does NOT necessarily hold", True),
    ([r"\bnot necessarily\b"], "It does not hold", False),
    ([r"(\w)\1", r"^q"], "aa", True),  # a back-reference: the list cannot be joined, each pattern runs
    ([r"^a|b"], "xb", True),  # an alternation at the top is not anchored
])
def test_pattern_sets(patterns, text, expected):
    from argmap.cues import _Probe

    compiled = [re.compile(p, re.IGNORECASE) for p in patterns]
    assert _PatternSet(compiled).any(text, _Probe(text)) is expected
