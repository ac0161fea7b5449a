"""The two readings of a content word, in one module, and the lexical chain asking each unit's once."""

import re

from hypothesis import given
from hypothesis import strategies as st

import argmap
from argmap.lang.words import OVERLAP_MIN, TOPIC_MIN, WORD, overlap_words, topic_words


def test_overlap_words_count_every_word_run_of_four_or_more_digits_included():
    tokens, content = overlap_words("The Port's 2024 fees, per ship, would double.")
    assert tokens == ["the", "port", "s", "2024", "fees", "per", "ship", "would", "double"]
    assert content == {"port", "2024", "fees", "ship", "would", "double"}
    assert all(len(w) >= OVERLAP_MIN for w in content)
    # text outside ASCII: lower-cased alike, as many words as the text shows
    tokens, content = overlap_words("Die Gebühren für Häfen")
    assert tokens == ["die", "gebühren", "für", "häfen"] and content == {"gebühren", "häfen"}


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_overlap_words_are_lower_cased_in_every_script_one_per_word_run(text):
    tokens, content = overlap_words(text)
    assert tokens == [w.lower() for w in tokens]
    assert len(tokens) == len(re.findall(r"\w+", text))
    assert all(w == w.lower() and len(w) >= OVERLAP_MIN for w in content)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_overlap_words_of_ascii_text_are_its_word_runs_lower_cased(text):
    """ASCII text is read another (faster) way than other text: the same words, in the same order."""
    tokens, content = overlap_words(text)
    assert tokens == [w.lower() for w in WORD.findall(text)]
    assert content == {w for w in tokens if len(w) >= OVERLAP_MIN}


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
