"""A heading the file sets at the level of the heading before it, but whose wording extends that
heading's, is its sub-heading: its section nests one level down until a heading that does not extend it."""

from hypothesis import given
from hypothesis import strategies as st

from argmap.clean import clean
from argmap.clean.structure import extends_heading
from argmap.model import Document


def headings(text: str) -> list[tuple[str, int, tuple[str, ...], str | None]]:
    doc = clean(Document(text=text))
    return [(b.text(doc.text), b.level, b.section, b.extends) for b in doc.blocks if b.kind == "heading"]


def sections(text: str) -> dict[str, tuple[str, ...]]:
    doc = clean(Document(text=text))
    return {b.text(doc.text): b.section for b in doc.blocks if b.kind == "paragraph"}


NESTED = ("# Report\n\n## Harbour Dredging\n\nThe channel silted up.\n\n"
          "## Harbour Dredging Costs\n\nThe dredging cost more each year.\n\n"
          "## Harbour Dredging Schedule:\n\nWork resumes in spring.\n\n"
          "## Port Staffing\n\nThe port hired pilots.\n")


def test_a_heading_that_extends_the_one_before_nests_under_it():
    found = headings(NESTED)
    assert found == [
        ("Harbour Dredging", 2, (), None),
        ("Harbour Dredging Costs", 3, ("Harbour Dredging",), "Harbour Dredging"),
        ("Harbour Dredging Schedule:", 3, ("Harbour Dredging",), "Harbour Dredging"),
        ("Port Staffing", 2, (), None),  # does not extend it: the nesting ends
    ]
    assert sections(NESTED)["The dredging cost more each year."] == ("Harbour Dredging", "Harbour Dredging Costs")
    assert sections(NESTED)["The port hired pilots."] == ("Port Staffing",)


def test_bare_heading_lines_nest_the_same_way():
    text = ("# Report\n\nHarbour Dredging\n\nThe channel silted up and ships waited outside the harbour for days on end.\n\n"
            "Harbour Dredging Costs\n\nThe dredging cost more each year than the budget of the port allowed for it.\n")
    found = headings(text)
    assert [(t, s) for t, _, s, _ in found] == [("Harbour Dredging", ()), ("Harbour Dredging Costs", ("Harbour Dredging",))]
    assert found[1][1] == found[0][1] + 1


def test_a_heading_that_only_shares_a_word_stays_beside_it():
    text = ("# Report\n\n## Harbour\n\nThe channel silted up.\n\n## Harbour's Budget\n\nCosts rose.\n\n"
            "## Harbourside Homes\n\nRents rose.\n\n## Harbourside Homes\n\nRents rose again.\n")
    assert [(t, lvl, s, e) for t, lvl, s, e in headings(text)] == [
        ("Harbour", 2, (), None),
        ("Harbour's Budget", 2, (), None),  # "Harbour's" is not the word "Harbour"
        ("Harbourside Homes", 2, (), None),  # a prefix of a word is not a word
        ("Harbourside Homes", 2, (), None),  # the same heading again extends nothing
    ]


def test_a_heading_under_a_deeper_one_does_not_nest():
    text = "# Report\n\n## Harbour\n\nA.\n\n### Dredging\n\nB.\n\n## Dredging Costs\n\nC.\n"
    assert [(t, lvl) for t, lvl, _, _ in headings(text)] == [("Harbour", 2), ("Dredging", 3), ("Dredging Costs", 2)]


def test_parts_under_a_nested_heading_go_down_with_it():
    text = ("# Report\n\n## Harbour Dredging\n\nThe channel silted up.\n\n## Harbour Dredging Costs\n\n"
            "### Fuel\n\nFuel cost more.\n\n**Labour.** Crews cost more.\n\n## Port Staffing\n\n### Pilots\n\nPilots were hired.\n")
    levels = {t: (lvl, s) for t, lvl, s, _ in headings(text)}
    assert levels["Fuel"] == (4, ("Harbour Dredging", "Harbour Dredging Costs"))
    assert levels["Pilots"] == (3, ("Port Staffing",))
    assert sections(text)["Crews cost more."] == ("Harbour Dredging", "Harbour Dredging Costs", "Fuel", "Labour.")


def test_a_run_in_heading_under_a_nested_heading_goes_one_level_further():
    text = ("# Report\n\n## Harbour Dredging\n\nThe channel silted up.\n\n## Harbour Dredging Costs\n\n"
            "**Fuel.** Fuel cost more.\n\n## Port Staffing\n\n**Pilots.** Pilots were hired.\n")
    found = {t: (lvl, s) for t, lvl, s, _ in headings(text)}
    assert found["Fuel."] == (4, ("Harbour Dredging", "Harbour Dredging Costs"))
    assert found["Pilots."] == (3, ("Port Staffing",))


words = st.lists(st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True), min_size=1, max_size=5)


@given(words, words)
def test_extending_means_the_whole_wording_and_more(first, more):
    before = " ".join(first)
    assert not extends_heading(before, before)
    assert extends_heading(" ".join(first + more), before.upper() + ":")
    assert not extends_heading(before, " ".join(first + more))
