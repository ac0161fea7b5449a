"""The German cue lexicon: the same tables as the English one, and rows that must match (or not)."""


import pytest

from argmap.cues import available_languages, load_lexicon
from argmap.lang import load_part


def _data(lang):
    return load_part(lang, "cues")


def test_every_lexicon_has_the_same_tables():
    keys = set(_data("en"))
    for lang in available_languages():
        assert set(_data(lang)) == keys, lang
        assert set(_data(lang)["markers"]) == set(_data("en")["markers"]), lang


def test_german_lists_hold_no_glued_entries():
    data = _data("de")
    for key in ("deontic", "hedges", "final_ordinals", "generic_headings", "attributed_view", "stance",
                "concessive_openers", "imperative_openers"):
        assert len(data[key]) == len(set(data[key])), key
        for entry in data[key]:
            assert entry == entry.strip() and len(entry.split()) <= 5, (key, entry)


de = load_lexicon("de")


@pytest.mark.parametrize("sentence, role", [
    ("Deshalb sollten wir handeln.", "conclusion"),
    ("Also muss die Stadt etwas tun.", "conclusion"),
    ("Aber das ist zu teuer.", "contrast"),
    ("Allerdings fehlt das Geld.", "contrast"),
    ("Trotzdem lohnt es sich.", "concession"),
    ("Obwohl es teuer ist, lohnt es sich.", "concession"),
    ("Außerdem spart es Zeit.", "addition"),
    ("Denn die Luft wird sauberer.", "cause"),
    ("Zum Beispiel in Kopenhagen.", "example"),
    ("Die Stadt ist schön.", None),
    ("Dabei bleibt es.", None),
])
def test_german_markers(sentence, role):
    hits = [m.role for m in de.markers(sentence) if m.initial]
    assert (hits[0] if hits else None) == role


@pytest.mark.parametrize("sentence, cue", [
    ("Wir Berliner sollten die Chance nutzen.", "sollten"),
    ("Die Regierung muss handeln.", "muss"),
    ("Rauchen darf nicht erlaubt sein.", "darf nicht"),
    ("Sollte es regnen, bleiben wir zu Hause.", None),
    ("Die Preise steigen.", None),
])
def test_german_deontic(sentence, cue):
    assert de.deontic(sentence) == cue


@pytest.mark.parametrize("sentence, cue", [
    ("Der Bundestag könnte erwägen, die Förderung zu verlängern.", "Der Bundestag könnte erwägen"),
    ("Der Gesetzgeber könnte auch in Erwägung ziehen, die Frist zu verkürzen.", "Der Gesetzgeber könnte auch in Erwägung ziehen"),
    ("Einige Abgeordnete haben vorgeschlagen, die Förderung zu verlängern.", None),
])
def test_german_options(sentence, cue):
    assert de.option(sentence) == cue


@pytest.mark.parametrize("sentence, ordinal", [
    ("Erstens, die Kosten sinken.", 1), ("Zweitens: Es ist gerecht.", 2), ("Zuletzt, es ist einfach.", None),
])
def test_german_ordinals(sentence, ordinal):
    assert de.ordinal(sentence)[0] == ordinal


@pytest.mark.parametrize("sentence, expected", [
    ("Zwar kostet das Geld.", "Zwar"), ("Natürlich, das ist nicht billig.", "Natürlich"), ("Die Stadt wächst.", None),
])
def test_german_concessive_openers(sentence, expected):
    assert de.concessive_opener(sentence) == expected
