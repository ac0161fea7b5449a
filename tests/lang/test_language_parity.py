"""Every language does what English does: one table of behaviours, each row written in every pack's language.

A behaviour is a question the engine asks of a sentence (does a contrast marker stand inside it? which
date does this line hold?) with an example that must be found and one that must not. A new pack adds
its column; a behaviour without an example in some language fails here instead of going missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.audit import load_audit_lexicon
from argmap.cues import load_lexicon
from argmap.dates import find_date
from argmap.clean.metadata import byline, only_date, publisher
from argmap.lang import pack_languages
from argmap.lang.document import document_words
from argmap.model import Metadata


def _markers(lang, sentence, initial):
    return [(m.role, m.cue.lower()) for m in load_lexicon(lang).markers(sentence) if m.initial is initial]


def _announced(lang, sentence):
    match = load_audit_lexicon(lang).announcement.search(sentence)
    return load_audit_lexicon(lang).number_words[" ".join(match.group(1).lower().split())] if match else None


def _author(lang, line):
    metadata = Metadata()
    return metadata.author if byline(line, metadata) else None


def _publisher(lang, line):
    return publisher(line) if document_words().copyright.match(line) else None


def _lower(value):
    return value.lower() if isinstance(value, str) else value


#: behaviour -> (how to ask, {language: [(input, expected), ...]})
BEHAVIOURS = {
    "marker opening a sentence": (lambda lang, s: _markers(lang, s, True), {
        "en": [("Therefore we must act.", [("conclusion", "therefore")]),
               ("However, the money is short.", [("contrast", "however")]),
               ("Nevertheless, it pays off.", [("concession", "nevertheless")]),
               ("Moreover, it saves time.", [("addition", "moreover")]),
               ("Because the air gets cleaner, we act.", [("cause", "because")]),
               ("For example, Copenhagen did it.", [("example", "for example")]),
               ("The city is beautiful.", [])],
        "de": [("Deshalb müssen wir handeln.", [("conclusion", "deshalb")]),
               ("Jedoch fehlt das Geld.", [("contrast", "jedoch")]),
               ("Trotzdem lohnt es sich.", [("concession", "trotzdem")]),
               ("Außerdem spart es Zeit.", [("addition", "außerdem")]),
               ("Weil die Luft sauberer wird, handeln wir.", [("cause", "weil")]),
               ("Zum Beispiel hat Kopenhagen es getan.", [("example", "zum beispiel")]),
               ("Die Stadt ist schön.", [])],
    }),
    "marker inside a sentence": (lambda lang, s: _markers(lang, s, False), {
        "en": [("It is good, but it costs a lot.", [("contrast", "but")]),
               ("Costs fall and therefore the plan works.", [("conclusion", "therefore")]),
               ("We act because the air is bad.", [("cause", "because")]),
               ("It is good and cheap.", [])],
        "de": [("Das ist gut, aber sie kostet viel.", [("contrast", "aber")]),
               ("Die Kosten sinken und deshalb wirkt der Plan.", [("conclusion", "deshalb")]),
               ("Wir handeln, weil die Luft schlecht ist.", [("cause", "weil")]),
               ("Das ist gut und billig.", [])],
    }),
    "ordinal counting the writer's points": (lambda lang, s: (load_lexicon(lang).ordinal(s) or (None,))[0], {
        "en": [("First, costs fall.", 1), ("Secondly: it is fair.", 2), ("The third reason is cost.", 3),
               ("Thirdly, the air stays clean.", 3), ("The first train left.", None)],
        "de": [("Erstens, die Kosten sinken.", 1), ("Zweitens: Es ist gerecht.", 2), ("Der dritte Grund sind die Kosten.", 3),
               ("Drittens bleibt die Luft sauber.", 3), ("Der erste Zug fuhr ab.", None)],
    }),
    "ordinal that goes on with a series": (lambda lang, s: _lower(load_lexicon(lang).continuing_ordinal(s)), {
        "en": [("Next, the air stays clean.", "next"), ("The next train left.", None)],
        "de": [("Als Nächstes, die Luft bleibt sauber.", "als nächstes"), ("Der nächste Zug fuhr ab.", None)],
    }),
    "sentence that only announces the points that follow": (lambda lang, s: load_lexicon(lang).is_list_connector(s), {
        "en": [("There are three reasons for this.", True), ("Here are four.", True),
               ("There are three reasons why costs rise.", False)],
        "de": [("Dafür gibt es drei Gründe.", True), ("Hier sind vier.", True),
               ("Es gibt drei Gründe, warum die Kosten steigen.", False)],
    }),
    "final ordinal": (lambda lang, s: load_lexicon(lang).ordinal(s) is not None and load_lexicon(lang).ordinal(s)[0] is None, {
        "en": [("Finally, it is simple.", True), ("It is simple.", False)],
        "de": [("Zuletzt, es ist einfach.", True), ("Es ist einfach.", False)],
    }),
    "recommendation by a modal": (lambda lang, s: _lower(load_lexicon(lang).deontic(s)), {
        "en": [("The city should build more bike lanes.", "should"), ("Prices rise.", None),
               ("It should be noted that prices rise.", None)],
        "de": [("Die Stadt sollte mehr Radwege bauen.", "sollte"), ("Die Preise steigen.", None),
               ("Sollte es regnen, bleiben wir zu Hause.", None)],
    }),
    "a modal in the writer's own voice calls for action": (lambda lang, s: _lower(load_lexicon(lang).own_call(s)), {
        "en": [("The city should build more bike lanes.", "should"),
               ("Under the new law, landlords must repair every flat.", None),
               ("The plan names the roads which the city must widen.", None),
               ("Landlords must repair a flat within 30 days.", None)],
        "de": [("Die Stadt sollte mehr Radwege bauen.", "sollte"),
               ("Laut dem neuen Gesetz müssen Vermieter jede Wohnung reparieren.", None),
               ("Der Plan nennt die Straßen, welche die Stadt verbreitern muss.", None),
               ("Vermieter müssen eine Wohnung binnen 30 Tagen reparieren.", None)],
    }),
    "a modal in reported speech proposes nothing": (lambda lang, s: _lower(load_lexicon(lang).deontic(s)), {
        "en": [("Critics argue that the city should build more bike lanes.", None),
               ("We argue that the city should build more bike lanes.", "should")],
        "de": [("Kritiker behaupten, dass die Stadt mehr Radwege bauen sollte.", None),
               ("Die Stadt sollte mehr Radwege bauen, sagen wir.", "sollte")],
    }),
    "hedge": (lambda lang, s: _lower(load_lexicon(lang).hedge(s)), {
        "en": [("This is perhaps too expensive.", "perhaps"), ("This is too expensive.", None)],
        "de": [("Das ist vielleicht zu teuer.", "vielleicht"), ("Das ist zu teuer.", None)],
    }),
    "opposing view voiced": (lambda lang, s: load_lexicon(lang).objection(s) is not None, {
        "en": [("Critics argue that the plan is too costly.", True), ("The plan is costly.", False)],
        "de": [("Kritiker meinen, der Plan sei zu teuer.", True), ("Der Plan ist teuer.", False)],
    }),
    "another side answering a view": (lambda lang, s: load_lexicon(lang).answering_view(s) is not None, {
        "en": [("Others argue that the plan is too costly.", True),
               ("Other observers caution that the plan is too costly.", True),
               ("Critics counter that the plan is too costly.", True), ("The plan is costly.", False)],
        "de": [("Andere meinen, der Plan sei zu teuer.", True),
               ("Andere Ökonomen halten dagegen, der Plan sei zu teuer.", True),
               ("Kritiker entgegnen, der Plan sei zu teuer.", True), ("Der Plan ist teuer.", False)],
    }),
    "point granted to the other side": (lambda lang, s: _lower(load_lexicon(lang).concessive_opener(s)), {
        "en": [("Admittedly, it is not cheap.", "admittedly"), ("The city grows.", None)],
        "de": [("Zugegeben, das ist nicht billig.", "zugegeben"), ("Die Stadt wächst.", None)],
    }),
    "subordinate concession": (lambda lang, s: load_lexicon(lang).is_subordinate_concession(s), {
        "en": [("although", True), ("however", False)],
        "de": [("obwohl", True), ("jedoch", False)],
    }),
    "writer's stance": (lambda lang, s: load_lexicon(lang).stance(s) is not None, {
        "en": [("I think the plan works.", True), ("The plan works.", False)],
        "de": [("Ich denke, der Plan funktioniert.", True), ("Der Plan funktioniert.", False)],
    }),
    "back reference": (lambda lang, s: _lower(load_lexicon(lang).back_reference(s)), {
        "en": [("This shows the cost.", "this"), ("Costs rise.", None)],
        "de": [("Dies zeigt die Kosten.", "dies"), ("Kosten steigen.", None)],
    }),
    "sentence about the text": (lambda lang, s: load_lexicon(lang).is_meta(s), {
        "en": [("This brief examines the budget.", True), ("In this paper we examine the budget.", True),
               ("The budget grows.", False)],
        "de": [("Dieser Beitrag untersucht den Haushalt.", True),
               ("In diesem Beitrag wird der Haushalt untersucht.", True), ("Der Haushalt wächst.", False)],
    }),
    "sentence going on about the text": (lambda lang, s: load_lexicon(lang).is_meta_follow(s), {
        "en": [("It then summarizes the proposals.", True), ("It then fell sharply.", False)],
        "de": [("Anschließend beschreibt er die Vorschläge.", True), ("Anschließend fiel er stark.", False)],
    }),
    "thesis statement": (lambda lang, s: load_lexicon(lang).is_thesis(s), {
        "en": [("We argue that the tax should go.", True), ("There are two good reasons why the tax should go.", True),
               ("The tax is old.", False)],
        "de": [("Wir argumentieren, dass die Steuer weg muss.", True),
               ("Es gibt zwei gute Gründe, warum die Steuer weg muss.", True), ("Die Steuer ist alt.", False)],
    }),
    "generic heading": (lambda lang, s: load_lexicon(lang).is_generic_heading(s), {
        "en": [("Introduction", True), ("Why the tax must go", False)],
        "de": [("Einleitung", True), ("Warum die Steuer weg muss", False)],
    }),
    "box label": (lambda lang, s: load_lexicon(lang).is_box_label(s), {
        "en": [("What the Office Recommends", True), ("What the Office Must Fix", False)],
        "de": [("Was das Amt empfiehlt", True), ("Was das Amt ändern muss", False)],
    }),
    "notes heading": (lambda lang, s: load_lexicon(lang).is_notes_heading(s), {
        "en": [("Notes", True), ("Costs", False)],
        "de": [("Anmerkungen", True), ("Kosten", False)],
    }),
    "caption": (lambda lang, s: load_lexicon(lang).is_caption(s), {
        "en": [("Figure 2. Costs by year", True), ("Costs by year", False)],
        "de": [("Abbildung 2: Kosten nach Jahr", True), ("Kosten nach Jahr", False)],
    }),
    "note under a caption": (lambda lang, s: load_lexicon(lang).is_caption_note(s), {
        "en": [("Source: the ministry", True), ("The ministry", False)],
        "de": [("Quelle: das Ministerium", True), ("Das Ministerium", False)],
    }),
    "boilerplate line": (lambda lang, s: load_lexicon(lang).is_boilerplate(s), {
        "en": [("All rights reserved.", True), ("The rights of citizens matter.", False)],
        "de": [("Alle Rechte vorbehalten.", True), ("Die Rechte der Bürger zählen.", False)],
    }),
    "full date": (lambda lang, s: (find_date(s, lang) or (None,))[0], {
        "en": [("Published February 22, 2024", "2024-02-22"), ("22 February 2024", "2024-02-22"),
               ("Room 2024", None)],
        "de": [("Veröffentlicht am 22. Februar 2024", "2024-02-22"), ("3. März 2023", "2023-03-03"),
               ("Raum 2024", None)],
    }),
    "month and year": (lambda lang, s: (find_date(s, lang) or (None,))[0], {
        "en": [("June 2020", "2020-06"), ("We may 2020 act", None)],
        "de": [("Juni 2020", "2020-06"), ("Im Jahr 2020", None)],
    }),
    "enumeration announced": (_announced, {
        "en": [("There are four reasons to act.", 4), ("It took three years to build.", None)],
        "de": [("Es gibt vier Gründe zu handeln.", 4), ("Der Bau dauerte drei Jahre.", None)],
    }),
    "byline": (_author, {
        "en": [("By Jane Doe", "Jane Doe"), ("By the way, costs rise.", None)],
        "de": [("Von Max Mustermann", "Max Mustermann"), ("Von Anfang an war klar, dass es teuer wird.", None)],
    }),
    "a line that only dates the document": (lambda lang, s: only_date(s), {
        "en": [("Updated February 22, 2024", True), ("On February 22, 2024 it rained", False)],
        "de": [("Stand: 22. Februar 2024", True), ("Am 22. Februar 2024 regnete es", False)],
    }),
    "publisher of a copyright line": (_publisher, {
        "en": [("© 2024 Brookings Institution. All rights reserved.", "Brookings Institution"),
               ("The copyright office grew.", None)],
        "de": [("© 2024 Stiftung Wissenschaft und Politik. Alle Rechte vorbehalten.", "Stiftung Wissenschaft und Politik"),
               ("Das Urheberrecht ist alt.", None)],
    }),
    "page number in a running head": (lambda lang, s: document_words().page_number.match(s) is not None, {
        "en": [("Page 3 of 12", True), ("Page three", False)],
        "de": [("Seite 3 von 12", True), ("Seite drei", False)],
    }),
    "table of contents": (lambda lang, s: document_words().contents.match(s) is not None, {
        "en": [("Table of Contents", True), ("Contents of the bill", False)],
        "de": [("Inhaltsverzeichnis", True), ("Inhalt des Gesetzes", False)],
    }),
    "a suspended compound's joiner opening a line": (lambda lang, s: document_words().suspended_joiner.match(s) is not None, {
        "en": [("and long-term contracts", True), ("android phones", False)],
        "de": [("und Ausfuhr", True), ("Undank ist der Welt Lohn", False)],
    }),
    "a note's link back to its marker": (lambda lang, s: document_words().backlink.match(s) is not None, {
        "en": [("back", True), ("background", False)],
        "de": [("zurück", True), ("zurückgeben", False)],
    }),
}

ROWS = [pytest.param(lang, name, text, expected, id=f"{lang}-{name}-{i}")
        for name, (_, table) in BEHAVIOURS.items() for lang in sorted(table)
        for i, (text, expected) in enumerate(table[lang])]


@pytest.mark.parametrize("lang, behaviour, text, expected", ROWS)
def test_behaviour(lang, behaviour, text, expected):
    ask = BEHAVIOURS[behaviour][0]
    assert ask(lang, text) == expected


@pytest.mark.parametrize("behaviour", sorted(BEHAVIOURS))
def test_every_pack_shows_every_behaviour_found_and_not_found(behaviour):
    """A pack without an example for a behaviour, or without one on each side, fails here."""
    table = BEHAVIOURS[behaviour][1]
    assert set(table) == set(pack_languages()), f"{behaviour}: examples for {sorted(table)}, packs {pack_languages()}"
    for lang, rows in table.items():
        found = [expected for _, expected in rows if expected not in (None, False, [])]
        missed = [expected for _, expected in rows if expected in (None, False, [])]
        assert found and missed, (behaviour, lang)


def test_dates_of_every_pack_are_found_without_naming_the_language():
    assert find_date("22. Februar 2024")[0] == "2024-02-22"
    assert find_date("22 February 2024")[0] == "2024-02-22"


PARITY = Path(__file__).resolve().parents[1] / "fixtures" / "parity"


def _shape(path: Path, lang: str):
    """A map without its words: each unit's id, type, rule and ordinal, each edge, each audit finding's code."""
    import argmap
    from argmap.audit import audit

    amap = argmap.analyze(path, lang=lang, rules_only=True)
    units = [(n.id, n.type.value, n.rule, n.ordinal) for n in amap.nodes]
    edges = sorted((e.source, e.target, e.type.value, e.rule) for e in amap.edges)
    return units, edges, sorted(f.code for f in audit(amap))


@pytest.mark.parametrize("brief", sorted(p.name for p in (PARITY / "en").glob("*.md")))
@pytest.mark.parametrize("lang", [lang for lang in pack_languages() if lang != "en"])
def test_a_translated_brief_is_mapped_as_the_english_one(lang, brief):
    """The same brief in two languages: the same units, rules, edges and audit findings."""
    translated = PARITY / lang / brief
    assert translated.is_file(), f"{translated} is missing: each pack translates every brief in {PARITY / 'en'}"
    english = _shape(PARITY / "en" / brief, "en")
    assert len(english[0]) >= 8 and english[1]  # a brief with an argument in it, not an empty comparison
    assert _shape(translated, lang) == english
