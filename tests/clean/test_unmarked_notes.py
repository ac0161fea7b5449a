"""Numbered notes that the body does not mark (a web page's superscripts lost): each note is an evidence
unit, placed at the sentence whose rare words it shares, the notes kept in their order; a note with no
telling words hangs from its section's unit and the edge says it was placed by order only; where
markers exist they decide; nothing of the notes is dropped without saying so."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.coverage import unaccounted
from argmap.model import ArgumentMap, Citation
from argmap.pipeline import analyze_document
from argmap.read import read_text

BODY = """# Harbor Defense in the Baltic

## Mines

Harbor mines remain a cheap way to close a port for weeks. The Riksdag approved a clearance budget of 412 million kronor in March 2023. Clearance divers are scarce across the region.

## Shipping

Insurers raised war-risk premiums after the Balticconnector pipeline was damaged in October 2023. Ports should share sonar data with each other.
"""

NOTES = [
    "Harbor mines are devices laid in shallow water to sink or deter ships.",
    "Riksdag decision on the clearance budget, 412 million kronor, March 2023.",
    'Lloyd\'s List, "War-risk premiums climb after Balticconnector damage," October 12, 2023.',
]

# the sentence each note belongs to, by the words it shares with it
CITED = [
    "Harbor mines remain a cheap way to close a port for weeks.",
    "The Riksdag approved a clearance budget of 412 million kronor in March 2023.",
    "Insurers raised war-risk premiums after the Balticconnector pipeline was damaged in October 2023.",
]


def _map(text: str, lang: str | None = None) -> ArgumentMap:
    return analyze_document(read_text(text, name="t"), lang=lang, rules_only=True)


def _table(notes: list[str], heading: str = "# Footnotes") -> str:
    return heading + "\n\n" + "\n".join(f"| {k}. | {note} " for k, note in enumerate(notes, 1)) + "\n"


def _placements(amap: ArgumentMap) -> list[tuple[str, str, str, str | None]]:
    """(note text, its parent's text, the edge's rule, its cue) for each evidence node, in order."""
    by_id = {n.id: n for n in amap.nodes}
    parent = {e.source: e for e in amap.edges if e.primary}
    out = []
    for node in amap.nodes:
        if str(node.type) == "evidence":
            edge = parent[node.id]
            out.append((node.text, by_id[edge.target].text, edge.rule, edge.cue))
    return out


def test_a_trailing_notes_table_gives_one_evidence_unit_per_note_placed_by_word_overlap():
    amap = _map(BODY + "\n" + _table(NOTES))
    placed = _placements(amap)
    assert [p[0] for p in placed] == NOTES
    assert [p[1] for p in placed] == CITED
    assert all(p[2] == "placed-footnote" for p in placed)
    assert "placed by word overlap" in placed[0][3] and "harbor" in placed[0][3]
    assert unaccounted(amap) == []


def test_a_numbered_list_of_notes_is_placed_the_same_way():
    amap = _map(BODY + "\n## Endnotes\n\n" + "\n".join(f"{k}. {note}" for k, note in enumerate(NOTES, 1)) + "\n")
    placed = _placements(amap)
    assert [p[0] for p in placed] == NOTES
    assert [p[1] for p in placed] == CITED
    assert unaccounted(amap) == []


def test_a_table_with_a_header_row_sets_the_header_aside():
    table = "## Notes\n\n| No. | Note |\n|---|---|\n" + "\n".join(f"| {k}. | {n} |" for k, n in enumerate(NOTES, 1)) + "\n"
    amap = _map(BODY + "\n" + table)
    assert [p[1] for p in _placements(amap)] == CITED
    assert "No. | Note" in " ".join(item["text"] for item in amap.set_aside)
    assert unaccounted(amap) == []


def test_a_note_carried_on_over_a_second_line_stays_one_note():
    table = _table(NOTES).replace(NOTES[1] + " ", NOTES[1] + " \nSee also the committee report of 2022. ")
    amap = _map(BODY + "\n" + table)
    texts = [p[0] for p in _placements(amap)]
    assert len(texts) == 3 and texts[1] == NOTES[1] + " See also the committee report of 2022."


def test_german_notes_heading():
    body = """# Hafenschutz in der Ostsee

## Minen

Seeminen sperren einen Hafen für Wochen und kosten wenig. Der Bundestag bewilligte im März 2023 ein Räumbudget von 412 Millionen Euro.

## Schifffahrt

Versicherer erhöhten die Kriegsrisikoprämien nach dem Schaden an der Balticconnector-Leitung im Oktober 2023.
"""
    notes = ["Seeminen sind Sprengkörper, die im flachen Wasser einen Hafen sperren.",
             "Beschluss des Bundestages zum Räumbudget, 412 Millionen Euro, März 2023.",
             "Lloyd's List, Kriegsrisikoprämien nach dem Schaden an Balticconnector, Oktober 2023."]
    amap = _map(body + "\n" + _table(notes, "# Fußnoten"), lang="de")
    placed = _placements(amap)
    assert [p[0] for p in placed] == notes
    assert [p[1][:20] for p in placed] == ["Seeminen sperren ein", "Der Bundestag bewill", "Versicherer erhöhten"]
    assert "Fußnoten" in [item["text"] for item in amap.set_aside if item["kind"] == "notes_heading"]


def test_a_note_with_no_telling_words_hangs_from_its_section_and_says_it_was_placed_by_order():
    notes = [NOTES[0], "Interview with a port official, name withheld.", NOTES[2]]
    placed = _placements(_map(BODY + "\n" + _table(notes)))
    assert placed[1][1] == "Mines" and placed[1][2] == "ordered-footnote"
    assert "placed by order only" in placed[1][3]
    assert placed[0][2] == placed[2][2] == "placed-footnote"


def test_notes_keep_their_order_even_against_their_words():
    # the second note shares words with the first sentence only: it may not cite a sentence before
    # the one the first note cites
    notes = [NOTES[2], "Harbor mines, a survey of harbor mines."]
    placed = _placements(_map(BODY + "\n" + _table(notes)))
    assert placed[0][1] == CITED[2]
    assert placed[1][1] not in CITED[:2]


def test_where_the_body_has_markers_they_place_the_notes():
    body = BODY.replace("for weeks.", "for weeks.[^1]")
    notes = "\n".join(f"[^{k}]: {note}" for k, note in enumerate(NOTES, 1))
    placed = _placements(_map(body + "\n" + notes + "\n"))
    assert placed[0][1] == CITED[0] and placed[0][2] == "footnote-citation"
    assert {p[2] for p in placed[1:]} == {"uncited-footnote"}


def test_a_placed_citation_survives_the_json_round_trip():
    amap = _map(BODY + "\n" + _table(NOTES))
    again = ArgumentMap.from_dict(amap.to_dict())
    placed = [c for n in again.nodes for c in n.citations if c.placed]
    assert len(placed) == 3 and placed[0].placed.startswith("overlap: ")
    assert Citation.from_dict(placed[0].to_dict()) == placed[0]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(NOTES + ["Interview, name withheld.", "Ibid.", "See the annex of 2021."]),
                min_size=1, max_size=8),
       st.booleans())
def test_no_note_vanishes(notes, as_list):
    if as_list:
        section = "## Notes\n\n" + "\n".join(f"{k}. {note}" for k, note in enumerate(notes, 1)) + "\n"
    else:
        section = _table(notes)
    amap = _map(BODY + "\n" + section)
    placed = _placements(amap)
    assert [p[0] for p in placed] == notes
    assert all(p[2] in ("placed-footnote", "ordered-footnote") for p in placed)
    assert unaccounted(amap) == []


def test_a_number_of_the_texts_own_taken_for_a_marker_leaves_the_other_notes_placed():
    # "[2]" in the body reads as a marker of note 2 (a note of that number exists); one marker for three
    # notes is too few to say the body marks its notes: the other two are still placed by their words
    body = BODY.replace("Clearance divers are scarce", "Under section [2] clearance divers are scarce")
    placed = _placements(_map(body + "\n" + _table(NOTES)))
    assert [p[0] for p in placed] == NOTES
    assert placed[0][1] == CITED[0] and placed[0][2] == "placed-footnote"
    assert placed[2][1] == CITED[2] and placed[2][2] == "placed-footnote"
    assert placed[1][2] == "footnote-citation"


def test_notes_the_markers_mostly_cite_are_left_to_the_markers():
    body = BODY.replace("for weeks.", "for weeks.[1]").replace("March 2023.", "March 2023.[2]")
    placed = _placements(_map(body + "\n" + _table(NOTES)))
    assert [p[2] for p in placed] == ["footnote-citation", "footnote-citation", "uncited-footnote"]


def test_a_note_that_shares_as_much_with_two_sentences_cites_the_earlier():
    # the same sentence in two sections: the note's words tie it to both equally, and ties go to the earlier
    body = BODY.replace("Clearance divers are scarce across the region.",
                        "Clearance divers from Gotland are scarce across the region.")
    body = body.replace("Ports should share", "Clearance divers from Gotland are scarce across the region. Ports should share")
    notes = [NOTES[1], "Gotland clearance divers, a count of clearance divers.", NOTES[2]]
    amap = _map(body + "\n" + _table(notes))
    twice = "Clearance divers from Gotland are scarce across the region."
    assert [p[1] for p in _placements(amap)] == [CITED[1], twice, CITED[2]]
    first = next(n.id for n in amap.nodes if n.text == twice)
    note = next(n.id for n in amap.nodes if n.text == notes[1])
    assert next(e.target for e in amap.edges if e.primary and e.source == note) == first


def test_many_notes_are_placed_as_few_are():
    # a long notes table: each note still finds its sentence by its words, in order
    sections = []
    notes, cited = [], []
    for k in range(60):
        name = "Harbor" + "".join("bdfgklmnprstvz"[int(d)] for d in f"{k:02d}")  # a name of its own per depot
        sentence = f"The depot at {name} stored {100 + k} tonnes of sealant for pier repairs."
        sections.append(f"## Depot {k}\n\nA short note on supply. {sentence}\n")
        notes.append(f"Inventory of {name}, {100 + k} tonnes.")
        cited.append(sentence)
    text = "# Depots\n\n" + "\n".join(sections) + "\n" + _table(notes)
    placed = _placements(_map(text))
    assert [p[1] for p in placed] == cited
    assert all(p[2] == "placed-footnote" for p in placed)
