"""A notes section the document marks as one: one evidence unit per note, numbered or not; a table's
"Notes:" stays its caption, and the body after it stays body; nothing of it dropped silently."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.coverage import unaccounted
from argmap.errors import EmptyInput
from argmap.model import ArgumentMap
from argmap.pipeline import analyze_document
from argmap.read import read_text

BODY = ("Cities should tax vacant land more heavily. Vacant lots drain the tax base of the inner districts.\n\n"
        "A higher levy would push owners to build or to sell. Owners who hold land for speculation pay "
        "little for the services around it.")
NOTES = ["The survey covered twelve cities between 2010 and 2020.",
         "Assessed values were taken from county records, not from sale prices.",
         "Speculative holding is measured as land kept vacant for more than five years."]


def _map(text: str, lang: str = "en") -> ArgumentMap:
    return analyze_document(read_text(text, name="t"), lang=lang)


def _evidence(amap: ArgumentMap) -> list[str]:
    return [n.text for n in amap.nodes if str(n.type) == "evidence"]


def _kinds(amap: ArgumentMap) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in amap.set_aside:
        out.setdefault(item["kind"], []).append(item["text"])
    return out


def test_an_unnumbered_notes_section_gives_one_evidence_unit_per_paragraph():
    amap = _map(BODY + "\n\nFootnotes\n\n" + "\n\n".join(NOTES))
    assert _evidence(amap) == NOTES
    assert unaccounted(amap) == []


def test_notes_given_one_a_line_are_one_unit_each():
    amap = _map(BODY + "\n\n## Notes\n\n" + "\n".join(NOTES))
    assert _evidence(amap) == NOTES


def test_a_second_copy_of_the_notes_is_set_aside_and_what_follows_it_is_not_a_note():
    tail = "Our institute is supported by many funders."
    text = (BODY + "\n\nEndnotes\n\n" + "\n\n".join(NOTES + NOTES) + "\n\n" + tail
            + "\n\nThe views expressed are the author's own.")
    amap = _map(text)
    assert _evidence(amap) == NOTES
    kinds = _kinds(amap)
    assert kinds["duplicate_note"] == NOTES
    assert kinds["disclaimer"] == ["The views expressed are the author's own."]
    assert tail not in _evidence(amap)
    assert unaccounted(amap) == []


def test_a_second_copy_of_the_notes_under_a_heading_of_its_own_is_set_aside_too():
    tail = "Our institute is supported by many funders."
    notes = "\n\n".join(NOTES)
    amap = _map(BODY + "\n\nNotes\n\n" + notes + "\n\nNotes\n\n" + notes + "\n\n" + tail)
    assert _evidence(amap) == NOTES
    assert _kinds(amap)["duplicate_note"] == NOTES
    assert tail not in _evidence(amap)  # what follows the copy is the page's, as under one heading
    assert unaccounted(amap) == []


def test_one_note_given_twice_in_its_own_section_ends_it_there():
    tail = "Our institute is supported by many funders."
    amap = _map(BODY + "\n\nFootnotes\n\n" + NOTES[0] + "\n\n" + NOTES[0] + "\n\n" + tail)
    assert _evidence(amap) == [NOTES[0]]
    assert tail not in _evidence(amap)


def test_a_bibliography_that_shares_one_entry_with_the_notes_keeps_its_other_entries():
    sources = ["Harbour Board, Annual Review of Shipping, 2022.", "Statistics Office, Freight by Sea, 2021."]
    amap = _map(BODY + "\n\nNotes\n\n" + "\n\n".join(NOTES) + "\n\nReferences\n\n"
                + "\n\n".join([NOTES[1]] + sources))
    assert _evidence(amap) == NOTES + sources
    assert _kinds(amap)["duplicate_note"] == [NOTES[1]]


def test_a_disclaimer_ends_the_notes_section():
    text = BODY + "\n\nNotes\n\n" + NOTES[0] + "\n\nDisclaimer: this commentary does not speak for the institute."
    amap = _map(text)
    assert _evidence(amap) == [NOTES[0]]
    assert amap.metadata.disclaimer and amap.metadata.disclaimer.startswith("Disclaimer:")


def test_numbered_notes_still_pair_with_the_sentences_that_cite_them():
    text = ("Cities should tax vacant land more heavily. Vacant lots drain the tax base.[^1]\n\n"
            "Owners hold land for speculation.[^2]\n\n## Notes\n\n[^1]: " + NOTES[0] + "\n\n[^2]: " + NOTES[2])
    amap = _map(text)
    by_id = {n.id: n for n in amap.nodes}
    parents = {n.text: by_id[e.target].text for e in amap.edges if e.primary
               for n in [by_id[e.source]] if str(n.type) == "evidence"}
    assert parents == {NOTES[0]: "Vacant lots drain the tax base.", NOTES[2]: "Owners hold land for speculation."}


def test_a_table_notes_line_is_its_caption_and_the_body_after_it_stays_body():
    after = "Most owners of vacant land would therefore sell rather than pay the higher levy."
    text = (BODY + "\n\nTable 1. Vacant land by city\n\n| city | acres |\n|---|---|\n| Alpha | 120 |\n| Beta | 80 |\n\n"
            "Source: county records.\n\nNotes:\n\na. Acres rounded to the nearest ten.\n\n" + after
            + "\n\n" + "Landowners rarely build when holding costs are low.")
    amap = _map(text)
    texts = [n.text for n in amap.nodes]
    assert after in texts and "Landowners rarely build when holding costs are low." in texts
    assert _evidence(amap) == []
    captions = _kinds(amap)["caption"]
    assert "Notes:" in captions and "a. Acres rounded to the nearest ten." in captions
    assert unaccounted(amap) == []


def test_german_notes_heading_and_disclaimer_label():
    body = ("Die Städte sollten brachliegendes Land stärker besteuern. Brachflächen schmälern die Steuerbasis.\n\n"
            "Eine höhere Abgabe würde Eigentümer zum Bauen oder Verkaufen bewegen.")
    notes = ["Die Erhebung umfasste zwölf Städte.", "Die Werte stammen aus den Grundbüchern."]
    amap = _map(body + "\n\nAnmerkungen\n\n" + "\n\n".join(notes)
                + "\n\nHaftungsausschluss: Der Beitrag gibt nicht die Haltung des Instituts wieder.", lang="de")
    assert _evidence(amap) == notes
    assert amap.metadata.disclaimer and amap.metadata.disclaimer.startswith("Haftungsausschluss:")


_SENTENCES = st.sampled_from(NOTES + ["Owners pay little for the services around their land.",
                                      "The levy should rise each year until the lots are used."])
_PART = st.one_of(
    _SENTENCES,
    st.lists(_SENTENCES, min_size=2, max_size=3).map("\n".join),
    st.sampled_from(["Footnotes", "## Notes", "Endnotes", "Notes:", "Table 2. Lots by size", "| a | b |\n|---|---|\n| 1 | 2 |",
                     "Source: city data.", "a. Rounded.", "Disclaimer: the views are the author's own.",
                     "The views expressed are the author's own.", "---"]),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PART, min_size=1, max_size=10))
def test_no_text_of_a_notes_section_is_lost(parts):
    try:
        amap = _map("\n\n".join(parts))
    except EmptyInput:
        return
    for item in amap.set_aside:
        for a, b in item["spans"]:
            assert 0 <= a < b <= len(amap.source_text), item
    assert unaccounted(amap) == []
