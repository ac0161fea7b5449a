"""The major claim of a commentary: a stated thesis beats the title (annotation guide, section 2).

Every text here is written for these tests.
"""

from __future__ import annotations

import pytest

import argmap
from argmap.clean import clean
from argmap.model import Document, NodeType


def _standfirst_flags(text: str) -> list[tuple[str, bool]]:
    doc = clean(Document(text=text))
    return [(b.text(doc.text), b.standfirst) for b in doc.blocks]


def _major(text: str):
    amap = argmap.analyze(text, lang="en", rules_only=True)
    majors = [n for n in amap.nodes if n.type == NodeType.MAJOR_CLAIM]
    assert len(majors) == 1
    return amap, majors[0]


FRONT = "---\ntitle: Harbour Fees\nauthor: A. Writer\n---\n\n"


@pytest.mark.parametrize("opening, expected", [
    ("_The harbour fees must fall._", True),
    ("*The harbour fees must fall. Ships are leaving.*", True),
    ("_The harbour fees must fall._ <excerpt/> _Ships are leaving._", True),  # runs joined by a tag
    ("**The harbour fees must fall.**", False),  # bold is a heading's or a lead-in's, not a standfirst's
    ("The harbour fees _must_ fall.", False),  # italics inside a sentence
    ("_The harbour fees_ must fall.", False),
    ("*Update:* fees were revised in May, see *below*", False),  # italic at both ends, roman between
])
def test_an_opening_paragraph_wholly_in_italics_is_the_standfirst(opening, expected):
    flags = _standfirst_flags(FRONT + opening + "\n\nShips pay twice what they paid in 2019.\n")
    assert flags[0][1] is expected
    assert flags[-1][1] is False


def test_only_the_opening_paragraph_can_be_the_standfirst():
    flags = _standfirst_flags(FRONT + "Ships are leaving.\n\n_The harbour fees must fall._\n")
    assert [f for _, f in flags] == [False, False]
    flags = _standfirst_flags(FRONT + "## Fees\n\n_The harbour fees must fall._\n")
    assert [f for _, f in flags] == [False, False]


def test_the_standfirst_states_the_thesis_and_the_title_is_set_aside():
    amap, major = _major(FRONT + "_Ships pay twice what they paid in 2019. The harbour fees must fall._\n\n"
                         "Three lines have moved to the next port. Their owners cite the fees.\n")
    assert major.text == "The harbour fees must fall."
    assert major.rule == "standfirst-thesis"
    assert "Harbour Fees" not in {n.text for n in amap.nodes}
    assert any(s["kind"] == "title-under-thesis" and s["text"] == "Harbour Fees" for s in amap.set_aside)
    # the body hangs from the thesis, not from a title no longer mapped
    parents = {e.source: e.target for e in amap.edges if e.primary}
    first_body = next(n for n in amap.nodes if n.text.startswith("Three lines"))
    assert parents[first_body.id] == "MC"


def test_a_standfirst_without_cues_gives_its_first_sentence():
    _, major = _major(FRONT + "_Ships pay twice what they paid in 2019. Three lines have left._\n\nOwners cite the fees.\n")
    assert major.text == "Ships pay twice what they paid in 2019."


def test_without_a_standfirst_the_title_stays_the_major_claim():
    amap, major = _major(FRONT + "The harbour fees must fall.\n\nShips pay twice what they paid in 2019.\n")
    assert major.text == "Harbour Fees"
    assert not any(s["kind"] == "title-under-thesis" for s in amap.set_aside)


@pytest.mark.parametrize("sentence", [
    "There are many reasons why the port should lower its fees before the season.",
    "For several reasons, the fees will drive the lines away.",
    "This brief argues that the fees must fall.",
])
def test_a_body_sentence_that_says_it_states_the_thesis_beats_the_title(sentence):
    text = ("# Harbour Fees\n\nShips pay twice what they paid in 2019. Three lines have left.\n\n"
            f"{sentence} The owners agree.\n\n## Costs\n\nFuel costs more too.\n")
    amap, major = _major(text)
    assert major.text == sentence
    assert major.rule == "body-thesis"
    assert any(s["kind"] == "title-under-thesis" for s in amap.set_aside)


def test_under_a_section_heading_a_thesis_sentence_states_the_sections_point():
    text = ("# Harbour Fees\n\nShips pay twice what they paid in 2019.\n\n## Why Lines Leave\n\n"
            "There are three reasons why the lines have left. First, fees rose. Second, fuel rose.\n")
    amap, major = _major(text)
    assert major.text == "Harbour Fees"
    reasons = next(n for n in amap.nodes if n.text.startswith("There are three reasons"))
    assert reasons.type == NodeType.CLAIM


def test_a_summary_under_a_generic_heading_is_still_the_introduction():
    _, major = _major("# Harbour Fees\n\n## Summary\n\nShips pay twice what they paid in 2019. "
                      "This brief argues that the fees must fall.\n\n## Costs\n\nFuel costs more too.\n")
    assert major.text == "This brief argues that the fees must fall."


@pytest.mark.parametrize("sentence", [
    "There are four reasons for this.",  # a connector, pointing at what came before
    "Critics give many reasons.",
    "Our findings on fees are below.",
    # a finding of research the text reports is a premise (a fact offered), not the text saying what it argues
    "Our analysis suggests the fees cost more than they bring in.",
    "A close examination of the port's accounts reveals that the fees pay for nothing.",
])
def test_a_connector_a_mention_of_reasons_or_a_reported_finding_is_no_thesis(sentence):
    _, major = _major(f"# Harbour Fees\n\nShips pay twice what they paid in 2019. {sentence}\n\nThree lines have left.\n")
    assert major.text == "Harbour Fees"


def test_without_a_title_the_sentence_that_states_the_thesis_is_chosen():
    _, major = _major("Ships pay twice what they paid in 2019. Therefore, owners are angry.\n\n"
                      "There are plenty of reasons why the port should lower its fees. First, lines are leaving.\n")
    assert major.text == "There are plenty of reasons why the port should lower its fees."


#: a text with no title (its first heading comes after the text has begun) and three sections
SECTIONED = ("Ships that call at the harbour now pay twice the fees that they paid there in 2019.\n\n"
             "## Costs\n\nFuel costs more too. {middle}\n\n"
             "## Jobs\n\nDock workers were laid off.\n\n"
             "## What to do\n\n{last} Owners would return.\n")


def test_without_a_title_a_middle_section_states_its_own_point_not_the_thesis():
    """A sentence under a heading that is neither the first section's introduction nor the last section
    serves its heading (guide, section 3): its conclusion marker does not make it the text's thesis."""
    _, major = _major(SECTIONED.format(middle="Therefore, the lines lose money on every call.",
                                       last="The port should lower its fees."))
    assert major.text == "The port should lower its fees."
    assert major.rule == "thesis-recommendation"


def test_without_a_title_the_introduction_and_the_last_section_are_weighed_as_before():
    # a conclusion in the last section outweighs a recommendation there, as in a text with no headings
    _, major = _major(SECTIONED.format(middle="The lines lose money on every call.",
                                       last="The port should lower its fees. Therefore, trade will come back."))
    assert major.text == "Therefore, trade will come back."
    # with no cue outside the middle sections, the first sentence
    _, major = _major(SECTIONED.format(middle="Therefore, the lines lose money on every call.", last="Fees fell."))
    assert major.text.startswith("Ships that call at the harbour")
    assert major.rule == "first-sentence"
    # with no headings every sentence is weighed
    _, major = _major("Ships that call at the harbour now pay twice the fees that they paid there in 2019. "
                      "Therefore, the lines lose money on every call. Dock workers were laid off.\n")
    assert major.text == "Therefore, the lines lose money on every call."


def _nodes_by_text(text: str) -> dict:
    """The rules' map of ``text`` (English), its nodes by their text."""
    return {n.text: n for n in argmap.analyze(text, lang="en", rules_only=True).nodes}


def _parents(text: str) -> dict[str, tuple[str, str]]:
    amap = argmap.analyze(text, lang="en", rules_only=True)
    by_id = {n.id: n.text for n in amap.nodes}
    return {by_id[e.source]: (by_id[e.target], e.rule) for e in amap.edges if e.primary}


LINES = ["Ships pay twice what they paid in 2019.", "Three lines have left.", "Their owners cite the fees.",
         "The port lost a fifth of its trade.", "Jobs went with it.", "Dock workers were laid off.",
         "The town's shops closed.", "Rents fell.", "The council cut its budget.", "Schools lost staff.",
         "Fewer families moved in.", "The decline goes on."]


def test_where_every_paragraph_is_one_sentence_a_sentence_continues_the_one_before():
    parents = _parents("# Harbour Fees\n\n" + "\n\n".join(LINES) + "\n")
    assert parents[LINES[0]][0] == "Harbour Fees"
    for before, after in zip(LINES[1:], LINES[2:]):
        assert parents[after] == (before, "continues-previous")


def test_real_paragraphs_keep_their_leads():
    paragraphs = [" ".join(LINES[i:i + 3]) for i in range(0, 12, 3)]
    parents = _parents("# Harbour Fees\n\n" + "\n\n".join(paragraphs) + "\n")
    assert parents[LINES[3]] == ("Harbour Fees", "paragraph-lead")
    assert parents[LINES[5]] == (LINES[3], "paragraph-elaboration")
    assert not any(rule == "continues-previous" for _, rule in parents.values())


def test_few_one_sentence_paragraphs_are_not_judged_lost():
    parents = _parents("# Harbour Fees\n\n" + "\n\n".join(LINES[:5]) + "\n")
    assert all(target == "Harbour Fees" for target, _ in parents.values())


def test_where_the_text_argues_a_paragraphs_opening_sentence_is_its_point():
    text = (FRONT + "_The harbour fees must fall._\n\nThe fees drive trade away. Three lines have left. "
            "Their owners cite the fees.\n\nShips pay twice what they paid in 2019.\n")
    by_text = _nodes_by_text(text)
    assert by_text["The fees drive trade away."].type == NodeType.CLAIM
    assert by_text["The fees drive trade away."].rule == "paragraph-point"
    assert by_text["Three lines have left."].type == NodeType.PREMISE
    assert by_text["Ships pay twice what they paid in 2019."].type == NodeType.PREMISE  # a paragraph of one sentence


def test_in_a_report_under_its_title_an_opening_sentence_stays_a_premise():
    text = ("# Harbour Fees\n\nThe fees rose in 2019. Three lines have left.\n\n"
            "The fees are likely to rise again. The council meets in May.\n")
    by_text = _nodes_by_text(text)
    assert by_text["The fees rose in 2019."].type == NodeType.PREMISE
    assert by_text["The fees are likely to rise again."].type == NodeType.PREMISE


def test_where_the_text_argues_an_opening_figure_stays_a_fact():
    text = (FRONT + "_The harbour fees must fall._\n\nShips paid 40 % more in 2019. Three lines have left.\n\n"
            "Ships are likely to pay 40 % more next year. Owners expect it.\n")
    by_text = _nodes_by_text(text)
    assert by_text["Ships paid 40 % more in 2019."].type == NodeType.PREMISE
    assert by_text["Ships are likely to pay 40 % more next year."].type == NodeType.CLAIM  # a forecast


def test_where_the_breaks_are_lost_a_contrast_opens_no_paragraph():
    lines = LINES[:6] + ["However, the port kept its fees."] + LINES[6:]
    amap = argmap.analyze("# Harbour Fees\n\n" + "\n\n".join(lines) + "\n", lang="en", rules_only=True)
    by_text = {n.text: n for n in amap.nodes}
    turn = by_text["However, the port kept its fees."]
    assert (turn.type, turn.rule) == (NodeType.PREMISE, "default-premise")
    edges = [e for e in amap.edges if e.source == turn.id]
    assert [(by_text[LINES[5]].id, "support")] == [(e.target, str(e.type)) for e in edges]


def test_one_sentence_before_a_recommendation_motivates_it_and_a_longer_run_makes_its_own_point():
    parents = _parents("# Harbour Fees\n\nThree lines have left. The port should lower its fees.\n\n"
                       "Trade fell by a fifth. Jobs went with it. Rents fell. The council should act.\n")
    assert parents["Three lines have left."] == ("The port should lower its fees.", "motivates-recommendation")
    assert parents["Trade fell by a fifth."] == ("Harbour Fees", "paragraph-lead")
    assert parents["Jobs went with it."] == ("Trade fell by a fifth.", "paragraph-elaboration")
    assert parents["The council should act."] == ("Harbour Fees", "recommendation-to-thesis")


def test_a_consequence_told_as_a_result_is_no_conclusion():
    text = (FRONT + "_The harbour fees must fall._\n\nThe fees drive trade away. Three lines have left. "
            "As a result, dock workers were laid off.\n\nShips pay twice what they paid. Owners cite the fees.\n")
    amap = argmap.analyze(text, lang="en", rules_only=True)
    by_text = {n.text: n for n in amap.nodes}
    consequence = by_text["As a result, dock workers were laid off."]
    assert consequence.type == NodeType.PREMISE
    parent = next(e.target for e in amap.edges if e.primary and e.source == consequence.id)
    assert parent == by_text["The fees drive trade away."].id  # it elaborates the paragraph's point
    therefore = argmap.analyze(text.replace("As a result,", "Therefore,"), lang="en", rules_only=True)
    assert {n.text: n for n in therefore.nodes}["Therefore, dock workers were laid off."].type == NodeType.CLAIM


@pytest.mark.parametrize("lang, text, pointing, before, lead", [
    ("en", "# Harbour Fees\n\nThe fees drive trade away. Three lines have left. This cost the port a fifth of its trade.\n",
     "This cost the port a fifth of its trade.", "Three lines have left.", "The fees drive trade away."),
    ("de", "# Hafengebühren\n\nDie Gebühren vertreiben den Handel. Drei Reedereien sind gegangen. "
           "Dies kostete den Hafen ein Fünftel seines Handels.\n",
     "Dies kostete den Hafen ein Fünftel seines Handels.", "Drei Reedereien sind gegangen.",
     "Die Gebühren vertreiben den Handel."),
])
def test_a_sentence_that_points_back_serves_the_sentence_before(lang, text, pointing, before, lead):
    amap = argmap.analyze(text, lang=lang, rules_only=True)
    by_id = {n.id: n.text for n in amap.nodes}
    parents = {by_id[e.source]: (by_id[e.target], e.rule) for e in amap.edges if e.primary}
    assert parents[pointing] == (before, "back-reference")
    assert parents[before] == (lead, "paragraph-elaboration")  # an unmarked sentence serves the lead


def test_after_a_recommendation_a_sentence_that_points_back_still_elaborates_it():
    parents = _parents("# Harbour Fees\n\nThe fees drive trade away. The port should lower them. "
                       "Three lines have left. This cost the port a fifth of its trade.\n")
    assert parents["This cost the port a fifth of its trade."] == ("The port should lower them.",
                                                                    "elaborates-recommendation")


# --- a lexical chain inside a paragraph ----------------------------------------------------------------

@pytest.mark.parametrize("third, parent, rule", [
    # takes up "harbour" from the sentence before, shares nothing with the lead
    ("Shipping lines left the harbour.", "Harbour fees doubled.", "takes-up-previous"),
    # shares "failed" with the lead: it serves the lead's point
    ("Shipping lines left when the plan failed.", "The plan failed.", "paragraph-elaboration"),
    # shares nothing with either: the lead's
    ("Shipping lines left.", "The plan failed.", "paragraph-elaboration"),
])
def test_a_sentence_that_takes_up_a_word_of_the_one_before_and_none_of_the_lead_serves_the_one_before(third, parent, rule):
    parents = _parents(f"# Harbour Fees\n\nThe plan failed. Harbour fees doubled. {third}\n")
    assert parents[third] == (parent, rule)


@pytest.mark.parametrize("lang, text, third", [
    ("en", "# Harbour Fees\n\nThe plan failed. Ships would pay less. Owners said they would return.\n",
     "Owners said they would return."),
    ("de", "# Hafengebühren\n\nDer Plan scheiterte. Die Reedereien werden abwandern. Die Zölle werden steigen.\n",
     "Die Zölle werden steigen."),
])
def test_a_function_word_shared_with_the_sentence_before_makes_no_chain(lang, text, third):
    amap = argmap.analyze(text, lang=lang, rules_only=True)
    by_id = {n.id: n.text for n in amap.nodes}
    parents = {by_id[e.source]: (by_id[e.target], e.rule) for e in amap.edges if e.primary}
    lead = text.split("\n\n")[1].split(". ")[0] + "."
    assert parents[third] == (lead, "paragraph-elaboration")


def test_after_a_recommendation_a_lexical_chain_does_not_pull_a_sentence_away():
    parents = _parents("# Harbour Fees\n\nThe plan failed. The harbour should lower its fees. "
                       "Shipping lines left the harbour.\n")
    assert parents["Shipping lines left the harbour."] == ("The harbour should lower its fees.", "elaborates-recommendation")
