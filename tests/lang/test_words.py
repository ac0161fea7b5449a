"""The two readings of a content word, in one module, and the lexical chain asking each unit's once."""

import re

from hypothesis import given
from hypothesis import strategies as st

import argmap
from argmap.lang.words import OVERLAP_MIN, TOPIC_MIN, WORD, overlap_words, topic_words


def test_overlap_words_count_every_word_run_of_four_or_more_digits_included():
    content = overlap_words("The Port's 2024 fees, per ship, would double.")
    assert content == {"port", "2024", "fees", "ship", "would", "double"}
    assert all(len(w) >= OVERLAP_MIN for w in content)
    # text outside ASCII: lower-cased alike
    assert overlap_words("Die Gebühren für Häfen") == {"gebühren", "häfen"}


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_overlap_words_are_the_long_words_of_the_lower_case_in_every_script(text):
    content = overlap_words(text)
    assert content == {w for w in re.findall(r"\w+", text.lower()) if len(w) >= OVERLAP_MIN}
    assert all(w == w.lower() and len(w) >= OVERLAP_MIN for w in content)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_overlap_words_from_the_words_a_caller_found_are_the_same(text):
    """The learned layer hands over the words the cue tables' pre-checks found (``Lexicon.words``)."""
    from argmap.cues import Lexicon, load_lexicon

    lexicon = Lexicon(load_lexicon("en").data)
    assert lexicon.words(text) == frozenset(WORD.findall(text.lower()))
    assert overlap_words(text, lexicon.words(text)) == overlap_words(text)


def test_topic_words_are_letters_only_five_or_more_and_no_stop_words():
    assert topic_words("Harbour fees in 2024 would double, which shipping lines fear.", "en") == {
        "harbour", "double", "shipping", "lines"}
    assert topic_words("Die Zölle werden steigen.", "de") == {"zölle", "steigen"}
    assert all(len(w) >= TOPIC_MIN for w in topic_words("A long sentence with several words.", "en"))


def test_the_lexical_chain_finds_each_units_topic_words_once(monkeypatch):
    """The paragraph's lead and the sentence before are asked by every sentence after them: found once each."""
    import argmap.link as link

    asked: list[str] = []

    def counting(text, language):
        asked.append(text)
        return topic_words(text, language)

    monkeypatch.setattr(link, "topic_words", counting)
    sentences = [f"Harbour fees rose in port number {i} again." for i in range(12)]
    amap = argmap.analyze("# Harbour Fees\n\nThe plan failed. " + " ".join(sentences) + "\n", rules_only=True)
    assert len(amap.nodes) >= 13
    assert asked and len(asked) == len(set(asked))
