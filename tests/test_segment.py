"""Segmentation: a block's sentences are its text, cut; nothing is lost or moved on the way back to the source.

The speed of the pieces rewritten to run in linear time is measured in ``benchmarks/pathological.py``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap.clean import clean
from argmap.cues import load_lexicon
from argmap.dates import month_abbreviations
from argmap.nlp import load_nlp
from argmap.read import read_document
from argmap.segment import clean_view, segment, source_spans


@given(st.lists(st.integers(1, 30), min_size=1, max_size=10), st.integers(0, 200), st.integers(0, 200))
def test_source_spans_by_bisection_are_those_of_the_scan(lengths, start, length):
    source = "".join(chr(97 + i % 26) * n + " " for i, n in enumerate(lengths))
    spans, pos = [], 0
    for n in lengths:
        spans.append((pos, pos + n))
        pos += n + 1
    view, pieces = clean_view(source, spans)
    starts = [p[0] for p in pieces]
    end = min(len(view), start + length)
    found = source_spans(pieces, start, end, source, starts)
    assert found == source_spans(pieces, start, end, source)
    # and they read as the view does, piece by piece
    assert "".join(source[a:b] for a, b in found).replace(" ", "") == view[start:end].replace(" ", "")


#: a sentence with a month's abbreviation before a number, and the sentence after it, in each language
ABBREVIATED_DATES = {
    "en": ("On {month}. 5, 2025, the agency issued the rule it had proposed.", "It took effect at once."),
    "de": ("Am 5. {month}. 2025 hat die Behörde die Regel erlassen, die sie vorgeschlagen hatte.", "Sie gilt sofort."),
}


@pytest.mark.parametrize("lang", sorted(ABBREVIATED_DATES))
def test_a_months_abbreviation_before_a_number_ends_no_sentence(lang):
    nlp = load_nlp(None, lang)
    sentence, after = ABBREVIATED_DATES[lang]
    names = month_abbreviations(lang)
    assert len(names) >= 11
    for name in names:
        for form in (name, name.capitalize(), name.upper()):
            text = f"{sentence.format(month=form)} {after}"
            assert [s.text.strip() for s in nlp(text).sents] == [sentence.format(month=form), after]


#: a sentence ending in a month's abbreviation, and a sentence after it beginning with a word
ABBREVIATION_AT_THE_END = {
    "en": ["Storms mar.", "Nothing else.", "Talks began in DEC.", "The agency moved."],
    "de": ["Es regnete im febr.", "Dann nicht mehr.", "Die Gespräche begannen im DEZ.", "Die Behörde handelte."],
}


@pytest.mark.parametrize("lang", sorted(ABBREVIATION_AT_THE_END))
def test_a_months_abbreviation_before_a_word_still_ends_its_sentence(lang):
    sentences = ABBREVIATION_AT_THE_END[lang]
    assert [s.text.strip() for s in load_nlp(None, lang)(" ".join(sentences)).sents] == sentences


#: the tokenizer keeps "Jan." whole: a capitalised article or pronoun after it shows the sentence ended there
ABBREVIATION_BEFORE_A_CLAUSE = {
    "en": ["Talks began in Jan.", "The agency moved.", "Prices fell in Sept.", "They rose in Oct.", "It ended."],
    "de": ["Die Gespräche begannen im Jan.", "Die Behörde handelte.", "Es regnete im Febr.", "Es schneite im März."],
}


@pytest.mark.parametrize("lang", sorted(ABBREVIATION_BEFORE_A_CLAUSE))
def test_a_months_abbreviation_before_a_word_that_opens_a_clause_ends_its_sentence(lang):
    sentences = ABBREVIATION_BEFORE_A_CLAUSE[lang]
    assert [s.text.strip() for s in load_nlp(None, lang)(" ".join(sentences)).sents] == sentences


@pytest.mark.parametrize("text", ["Talks began in Jan. Smith said more.", "Talks began on Jan. 5, 2025 in Geneva."])
def test_a_months_abbreviation_before_a_name_or_a_number_ends_nothing(text):
    assert [s.text for s in load_nlp(None, "en")(text).sents] == [text]


@pytest.mark.parametrize("lang, sentences", [
    ("en", ["The rules came late, as every rule does.", "On Jan. 5, 2025, the agency issued the rule.",
            "It took effect on FEB. 1, 2025, as planned."]),
    ("de", ["Die Regeln kamen spät, wie jede Regel.", "Am 3. Febr. 2025 hat die Behörde die Regel erlassen.",
            "Sie gilt seit Jän. 2025 in Österreich."]),
])
def test_a_brief_with_abbreviated_dates_is_cut_at_its_full_stops_only(lang, sentences):
    amap = argmap.analyze(f"# Rules take time\n\n{' '.join(sentences)}\n", lang=lang)
    assert sorted(n.text for n in amap.nodes if n.text != "Rules take time") == sorted(sentences)


def _segmented(text: str):
    lexicon = load_lexicon("en")
    document = clean(read_document(text, name="t.md"), lexicon=lexicon)
    return document, segment(document, load_nlp(None), lexicon)


def _sentences(text: str) -> list[str]:
    return [u.text for u in _segmented(text)[1] if u.kind == "sentence"]


@pytest.mark.parametrize("run", ["a" * 5000, "(" * 5000, "ab/" * 1500, "http://x.org/" + "ab/" * 400])
def test_a_long_run_without_white_space_stays_whole_in_one_sentence(run):
    text = f"# Title\n\nA sentence before it. It holds {run} in it. A sentence after it.\n"
    sentences = _sentences(text)
    assert sum(run in s for s in sentences) == 1
    assert "".join(sentences).replace(" ", "") == text.split("\n\n", 1)[1].replace(" ", "").strip()


_WORDS = st.sampled_from(["Costs", "rose", "sharply.", "However,", "prices", "fell", "(see", "above).", "it",
                          "http://example.org/a/b/c", "and", "words.", "“Quoted", "text.”", "x" * 120, "e.g.", "U.S.",
                          "(" * 30, "ab/" * 90])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_WORDS, min_size=1, max_size=40).map(" ".join), min_size=1, max_size=4))
def test_the_sentences_of_a_block_hold_every_character_of_it_in_order(paragraphs):
    document, units = _segmented("# Title\n\n" + "\n\n".join(paragraphs) + "\n")
    blocks = [b for b in document.blocks if b.kind in ("paragraph", "list_item")]
    for number, block in enumerate(blocks, start=1):
        view, _ = clean_view(document.text, block.spans)
        joined = "".join(u.text for u in units if u.kind == "sentence" and u.paragraph == number)
        assert joined.replace(" ", "") == view.replace(" ", "")


def test_an_opener_moved_to_the_next_sentence_leaves_no_empty_span_behind():
    """A quote that opens the next sentence, cut from the first by a footnote marker that was removed
    ("A!1 \"said\""), takes its piece along: no sentence keeps a span of no characters."""
    text = "# it budget\n\n<sup>1)</sup> it budget.\n\n# it A!1 \"said\""
    _, units = _segmented(text)
    assert units and all(a < b for unit in units for a, b in unit.spans), [(u.text, u.spans) for u in units]
    assert any(text[unit.spans[0][0]] == '"' for unit in units)


@pytest.mark.parametrize("sentences", [
    ["Platforms offer event contracts (i.e., contracts that allow parties to trade on events)."],
    ["In 1980, Congress passed the Act (30 U.S.C. §§1401 et seq.) as an interim measure."],
    ['The Court rejected requiring a "formalized . . . hearing" due to the intrusion.'],
    ["S.Res. 331 calls for the Senate to take up the convention.", "Some experts disagree."],
    ["In January 2026, the House passed H.Res. 375, which established a council."],
])
def test_a_stop_that_ends_no_sentence_cuts_none(sentences):
    """A word in lower case opens no sentence; a designation's abbreviation runs on into its number."""
    assert [s.text.strip() for s in load_nlp(None, "en")(" ".join(sentences)).sents] == sentences


@pytest.mark.parametrize("sentences", [
    ["The president does not mention it.", "5 Nor do most stories about the economy."],
    ["Costs fell in 2023.", "25 states acted."],
    ["Why act now?", "because the money runs out."],  # a question: only a full stop is an abbreviation's
])
def test_a_stop_before_a_number_or_a_capital_still_ends_its_sentence(sentences):
    assert [s.text.strip() for s in load_nlp(None, "en")(" ".join(sentences)).sents] == sentences


@pytest.mark.parametrize("first, second", [
    ('They never think "outside the box."', "They have enough tools already."),
    ('The minister asked: "Who pays?"', "Nobody answered."),
])
def test_a_closing_quote_cut_off_a_sentence_closes_it(first, second):
    """The sentence splitter cuts after the stop inside a quotation; the quote mark that closes it is
    the sentence's own, not the start of the next one."""
    _, units = _segmented(f"# Title\n\n{first} {second}\n")
    assert [u.text for u in units if u.kind == "sentence"] == [first, second]


def test_a_quote_that_opens_the_next_sentence_stays_with_it():
    _, units = _segmented('# Title\n\nHe said "no." "We will not pay," she added.\n')
    assert [u.text for u in units if u.kind == "sentence"] == ['He said "no."', '"We will not pay," she added.']
