"""The cue lexicon as tables: each row a sentence and what the lexicon must find in it."""


import pytest

from argmap.cues import available_languages, load_lexicon
from argmap.lang import load_part
from argmap.errors import UnsupportedFormat

LEX = load_lexicon("en")


@pytest.mark.parametrize(
    "sentence, value, cue",
    [
        ("First, it was a reaction by a group.", 1, "First"),
        ("Firstly, prices fall.", 1, "Firstly"),
        ("First of all prices fall.", 1, "First of all"),
        ("Second, the workers were conscious.", 2, "Second"),
        ("Secondly: the revenue.", 2, "Secondly"),
        ("Fourth, there is a possibility.", 4, "Fourth"),
        ("Tenth, and last.", 10, "Tenth"),
        ("Finally, the council should act.", None, "Finally"),
        ("Lastly, lanes fill up.", None, "Lastly"),
        ("“Third, the quote.", 3, "Third"),
        ("The first reason is cost.", 1, "first"),
        ("A second problem is scale.", 2, "second"),
        ("The last point concerns the law.", None, "last"),
    ],
)
def test_ordinal_cues(sentence, value, cue):
    assert LEX.ordinal(sentence) == (value, cue)


@pytest.mark.parametrize(
    "sentence",
    ["First responders arrived late.", "The second report disagrees.", "Lastingly, nothing changed.", "Secondhand goods sell.",
     "The first step toward peace was taken."],
)
def test_not_ordinal_cues(sentence):
    assert LEX.ordinal(sentence) is None


@pytest.mark.parametrize(
    "sentence, role, cue",
    [
        ("Therefore, the community could become the scene.", "conclusion", "Therefore"),
        ("Thus the risk is passed on.", "conclusion", "Thus"),
        ("Consequently prices rose.", "conclusion", "Consequently"),
        ("However, this protest involved tens of thousands.", "contrast", "However"),
        ("But the data disagree.", "contrast", "But"),
        ("Nevertheless, from a broader perspective, it is possible.", "concession", "Nevertheless"),
        ("Although the workers were criminals, few were sent home.", "concession", "Although"),
        ("While this incident appears inevitable, it is distinct.", "concession", "While"),
        ("In addition, it is highly likely.", "addition", "In addition"),
        ("Furthermore, it is important to pay attention.", "addition", "Furthermore"),
        ("Moreover the costs fall.", "addition", "Moreover"),
        ("Because the law changed, firms moved.", "cause", "Because"),
        ("This is because the law changed.", "cause", "This is because"),
        ("For example, Seoul priced parking.", "example", "For example"),
        ("Still, the council waited.", "contrast", "Still"),
    ],
)
def test_initial_markers(sentence, role, cue):
    hits = LEX.markers(sentence)
    assert hits and hits[0].initial
    assert (hits[0].role, hits[0].cue) == (role, cue)


@pytest.mark.parametrize(
    "sentence",
    ["Still water runs deep.", "Butter prices rose.", "Thusly named.", "The however clause.", "Also-rans lose.",
     # a consequence in a narrative, not the writer's conclusion (guide, section 7)
     "As a result, prices rose."],
)
def test_no_initial_marker(sentence):
    assert not [h for h in LEX.markers(sentence) if h.initial]


@pytest.mark.parametrize(
    "sentence",
    ["Since 2019, the program has grown.", "Since the 1990s, trade grew.", "Since then, costs rose.", "Since FY2018 the fund doubled.",
     "Since the early 1990s, trade grew.", "Since the end of the war, prices fell.", "Thus far, no state has acted.",
     "Costs have risen since 2019.", "No state has thus far acted."],
)
def test_a_marker_word_telling_time_is_no_marker(sentence):
    """"Since" before a date and "thus far" tell time: no cause, no conclusion (the pack's marker_exceptions)."""
    assert not [h for h in LEX.markers(sentence) if h.role in {"cause", "conclusion"}]


def test_since_before_any_month_the_dates_pack_names_tells_time():
    """The month names are the dates pack's, one list for dates and markers alike ({month} in the cues)."""
    from argmap.lang import load_part

    for name in load_part("en", "dates")["months"]:
        sentence = f"Since {name.capitalize()} 2020, costs rose."
        assert not [h for h in LEX.markers(sentence) if h.role == "cause"], sentence


@pytest.mark.parametrize("sentence", ["Since Sept. 2019, costs rose.", "Since Jan 2020 costs rose.",
                                      "Since March, costs rose.", "Since May the fund has doubled.",
                                      # the sentence's own full stop after the abbreviation: a reason would
                                      # need a clause after the name, so the month is read
                                      "The fund has lost money since Jan.", "Costs have risen since Jan. 5."])
def test_since_before_a_month_or_its_abbreviation_with_a_date_tells_time(sentence):
    assert not [h for h in LEX.markers(sentence) if h.role == "cause"], sentence


@pytest.mark.parametrize("sentence", ["Since Jan left the board, the firm has failed.",
                                      "Since Mar-a-Lago was searched, the case has grown."])
def test_a_name_that_spells_a_month_abbreviation_leaves_since_a_reason(sentence):
    assert ("cause", "Since") in {(h.role, h.cue) for h in LEX.markers(sentence)}


@pytest.mark.parametrize(
    "sentence, role, cue",
    [("Since the law changed, firms moved.", "cause", "Since"), ("Thus the fund failed.", "conclusion", "Thus"),
     ("Since 2019 costs rose, since demand grew.", "cause", "since"),
     ("Since 80 percent of the budget is fixed, cuts must fall elsewhere.", "cause", "Since"),
     ("Since 3 of the 5 plants closed, output fell.", "cause", "Since"),
     ("Thus far-reaching reforms are needed.", "conclusion", "Thus")],
)
def test_the_same_words_giving_a_reason_stay_markers(sentence, role, cue):
    assert (role, cue) in {(h.role, h.cue) for h in LEX.markers(sentence)}


def test_inner_markers_are_found():
    hits = LEX.markers("Prices rose because demand grew, but supply fell.")
    assert {(h.role, h.cue) for h in hits if not h.initial} == {("cause", "because"), ("contrast", "but")}


@pytest.mark.parametrize(
    "sentence, cue",
    [
        ("The South Korean government should collaborate with the community.", "should"),
        ("The government must maintain a strong sense of responsibility.", "must"),
        ("Furthermore, it is important to pay attention to overseas workers.", "it is important to"),
        ("Donors need to fund monitoring.", "need to"),
        ("We recommend that the council adopt a charge.", "We recommend"),
        ("Regulators ought to publish the data.", "ought to"),
        ("The law should not be repealed.", "should not"),
        ("It is necessary for the government to respond.", "It is necessary for the government to"),
        ("There is a need to monitor the border.", "There is a need to"),
    ],
)
def test_deontic_recommendations(sentence, cue):
    assert LEX.deontic(sentence) == cue


@pytest.mark.parametrize(
    "sentence",
    [
        "North Korea must have felt considerably burdened to replace workers.",
        "The incident could be interpreted as the birth of a labor movement.",
        "It should be noted that prices rose.",
        "Should the talks fail, prices will rise.",
        "They should have known better.",
        "Workers dispatched overseas earn foreign currency.",
        "It is important to note that prices rose.",
        "There is no need to panic.",
    ],
)
def test_not_recommendations(sentence):
    assert LEX.deontic(sentence) is None


@pytest.mark.parametrize(
    "sentence, cue",
    [
        # what someone else argued, ruled, recommended or demanded is reported, not proposed (guide, section 6)
        ("Others argue that the council should raise the charge.", None),
        ("Critics also claim that the city must pay.", None),
        ("The court ruled that agencies must publish the data.", None),
        ("The auditors recommended that the agency assess its staffing.", None),
        ("At least one court has agreed, holding that a store must be a physical place.", None),
        ("A panel recommended, \u201cthe ministry should publish its data.\u201d", None),
        ("Officials believed that only the state should build ships.", None),
        # the reporting verbs as participles too ("…, claiming that …")
        ("The harbour board wrote back, claiming that the port needs to raise its fees.", None),
        ("Shipowners are arguing that the port must cut its fees.", None),
        ("The union wrote to the council, insisting that the port must lower its fees.", None),
        ("Critics keep saying that the city should pay.", None),
        # the writer's own voice, or a modal outside the report, still proposes
        ("We argue that the council should raise the charge.", "should"),
        ("I strongly believe that the agency must act.", "must"),
        ("Others argue that the fee is unfair; the council should raise it anyway.", "should"),
        ("States that adopt the rule must report their data.", "must"),
    ],
)
def test_a_modal_in_reported_speech_is_no_recommendation(sentence, cue):
    assert LEX.deontic(sentence) == cue


@pytest.mark.parametrize(
    "sentence, cue",
    [
        ("Congress could consider extending the program.", "Congress could consider"),
        ("Congress may wish to revisit the formula.", "Congress may wish to"),
        ("Members may consider whether to exercise greater oversight.", "Members may consider"),
        ("Lawmakers might also choose to limit private contributions.", "Lawmakers might also choose to"),
        ("Congress may continue to consider the budget of the program.", "Congress may continue to consider"),
        # what others proposed, a relative clause, someone else's discretion: no option set out by the document
        ("Some Members have proposed extending the program.", None),
        ("The sale involves other concerns that Congress may consider, including the following:", None),
        ("If a bill is referred to more than one committee, each committee may decide whether to hold a hearing.", None),
        ("Congress considered the bill in 2023.", None),
        # "could" or "might" with any verb sets out an option (guide, section 6); "may" is often the law's leave
        ("Congress could amend the statute to authorize private suits.", "Congress could amend"),
        ("Members could also legislate tighter limits on the fund.", "Members could also legislate"),
        ("Congress may legislate under the Commerce Clause.", None),
        ("Congress could not agree on a budget.", None),
        ("Congress could have acted sooner.", None),
        ("The report asks how its members could speak for larger markets.", None),
        # what they may do that is no action on the matter: vote, receive, say, know
        ("Members could vote on the bill as early as next week.", None),
        ("Lawmakers could receive the report in March.", None),
        ("Policymakers might argue that the fund is too small.", None),
        ("Congress might never know the full cost.", None),
    ],
)
def test_options_in_the_documents_own_voice(sentence, cue):
    assert LEX.option(sentence) == cue


@pytest.mark.parametrize(
    "sentence, cue",
    [
        ("The incident could be interpreted as the birth of a movement.", "could"),
        ("Fourth, there is a possibility that considerations were at play.", "there is a possibility"),
        ("It is highly likely that the freedom will expand.", "likely"),
        ("Prices may rise.", "may"),
        ("This seems right.", "seems"),
    ],
)
def test_hedges(sentence, cue):
    assert LEX.hedge(sentence) == cue


def test_no_hedge_in_a_plain_statement():
    assert LEX.hedge("The council adopted the charge in 2019.") is None


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("This article analyzes the characteristics and implications of the protest.", True),
        ("This report describes the program's costs.", True),
        ("In this brief, we examine three options.", True),
        ("The remainder of this paper is organized as follows.", True),
        ("This protest involved tens of thousands of workers.", False),
        ("This article's author was at the protest.", False),
    ],
)
def test_meta_statements(sentence, expected):
    assert LEX.is_meta(sentence) is expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # the document named by a publisher's product word or its own capitalised words
        ("This In Focus offers an overview of federal funding for election security.", True),
        ("This Legal Sidebar discusses circuit splits that emerged in March.", True),
        ("The Sidebar then turns to enforcement actions.", True),
        ("The In Focus does not cover funding for election workers.", True),
        ("This publication focuses on the credit, describing its fiscal cost.", True),
        ("This report first briefly describes the status of the Strait.", True),
        ("This statement also includes preliminary results from ongoing work.", True),
        ("This report was originally written by a former analyst.", True),
        ("The next section discusses how those requirements have been applied.", True),
        ("The Bureau's regulation of mining is beyond the scope of this In Focus.", True),
        ("A complete account is beyond the scope of this report, but two programs offer examples.", True),
        ("To do this work, the agency reviewed documents and interviewed officials.", True),
        ("This list is current as of the date of this report.", True),
        ("Within each heading, bills are listed by date of introduction.", True),
        ("The products shown here are grouped by common themes.", True),
        ("AI and Defense—products that cover the intersection of AI and the defense sector.", True),
        ("Updates and inquiries on this report are available from the author.", True),
        # the same words about something else than the document
        ("This Act provides $500 million for election security grants.", False),
        ("This Court reviews the decision de novo.", False),
        ("The Administration describes the request as a reduction.", False),
        ("The Department of Justice discusses the settlement in its filing.", False),
        ("The study examines wages.", False),
        ("The committee's scope is beyond question.", False),
        ("The list of eligible states grew in 2024.", False),
    ],
)
def test_statements_about_the_document(sentence, expected):
    assert LEX.is_meta(sentence) is expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("For more on federal funding for those purposes, see CRS Insight IN11831, Election Worker Safety, by Jane Roe.", True),
        ("(For additional information on UCFE, see CRS In Focus IF12901, Unemployment Compensation.)", True),
        ("See CRS In Focus IF11684, China's 14th Five-Year Plan: A First Look.", True),
        ("See Table 2 for treatment of selected products.", True),
        ("More detailed information is available in CRS Report R46646, Election Administration, by Karen Roe.", True),
        ("A companion Insight, CRS Insight IN12423, Preliminary Data on the Credit, provides similar analysis.", True),
        ("The contact list is available in CRS Report R48262, Experts and Points of Contact, coordinated by Jane Roe.", True),
        ("Some cases identified here are examined in other CRS general distribution products.", True),
        ("A specific list of eligible activities can be found in each year's Notice of Funding Opportunity.", True),
        # entries of a product or reference list
        ("CRS Report R48555, Regulating Artificial Intelligence: U.S. Approaches, by Laurie Roe", True),
        ("CRS Video WVB00794, Science and Technology Q&A, by Jane Roe and John Doe (or, in podcast form, CRS Report WPD00153)", True),
        ("CRS Report R43997, Deferred Maintenance: Estimates and Issues; CRS Report R48136, Park Service Maintenance", True),
        ("Precision Agriculture: Benefits and Challenges for Technology Adoption and Use, GAO-24-105962.", True),
        # what a sentence argues with a report, a figure or a reference in it
        ("For decades, agencies have relied on grants.", False),
        ("See the difference: costs doubled in a year.", False),
        ("GAO-24-105962, issued last year, found that adoption lags.", False),
        ("The data are available in most states since 2020.", False),
        ("In 2023, CRS Report R48555 found that states regulate AI in three ways.", False),
    ],
)
def test_cross_references(sentence, expected):
    assert LEX.is_meta(sentence) is expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Table 1 summarizes the elections-specific grant programs Congress has authorized.", True),
        ("Table 2 shows the funding levels for activities within this account.", True),
        ("Figure 3 presents various estimates for the power required by the network.", True),
        # a pointer that states the finding is a premise (annotation guide, "Decisions")
        ("Table 1 compares the average wait in 2019 (144 days) with that in 2023 (338 days).", False),
        ("Figure 2 shows that outlays exceed receipts by $40 billion.", False),
        ("Table 3 shows a 12% decline in enrollment.", False),
        ("Tables of this kind show the funding levels.", False),
    ],
)
def test_bare_pointers(sentence, expected):
    assert LEX.is_meta(sentence) is expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("It starts by describing funding Congress has made available since 2016.", True),
        ("It then summarizes some legislative proposals.", True),
        ("It also briefly discusses other grant programs.", True),
        ("It rose by 4% in 2024.", False),
        ("It then fell sharply.", False),
    ],
)
def test_going_on_about_the_document(sentence, expected):
    assert LEX.is_meta_follow(sentence) is expected


def test_a_sentence_going_on_about_the_document_is_set_aside_only_after_one_about_it():
    import argmap

    about = argmap.analyze("# Funding\n\nThis brief describes the grants. It then summarizes proposals. Costs rose.\n")
    texts = {n.text for n in about.nodes}
    assert "It then summarizes proposals." not in texts and "Costs rose." in texts
    assert {"kind": "meta-statement", "text": "It then summarizes proposals."}.items() <= next(
        u for u in about.set_aside if u["text"].startswith("It then")).items()  # visible as set aside
    plain = argmap.analyze("# Funding\n\nThe agency describes the grants. It then summarizes proposals. Costs rose.\n")
    assert "It then summarizes proposals." in {n.text for n in plain.nodes}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("※ The content of this article is the author's personal view, and it is not the official view of the Institute.", True),
        ("The views expressed here do not necessarily reflect those of the Foundation.", True),
        ("The content of the law is disputed.", False),
    ],
)
def test_disclaimers(text, expected):
    assert LEX.is_disclaimer(text) is expected


@pytest.mark.parametrize(
    "heading, generic",
    [("Introduction", True), ("Conclusion:", True), ("2. Background", True), ("Key Findings", True), ("What GAO Found", False),
     ("Policy Recommendations", True), ("Overseas Workers: Modern Slavery", False), ("A Storm in a Teacup?", False),
     ("Issues for Congress", True), ("Policy Options for Congress", True), ("Congressional Considerations", True),
     ("Issues Facing Congress", True), ("Funding Issues", False), ("Key Questions for the Fed", False)],
)
def test_generic_headings(heading, generic):
    assert LEX.is_generic_heading(heading) is generic


def test_lexicon_lists_hold_no_glued_entries():
    """A missing comma in a list would glue two cues into one; every entry must be short and clean."""
    data = load_part("en", "cues")
    for key in ("deontic", "hedges", "final_ordinals", "generic_headings", "attributed_view"):
        for entry in data[key]:
            assert entry == entry.strip() and len(entry.split()) <= 5, (key, entry)
    for role, cues in data["markers"].items():
        assert len(cues) == len(set(cues)), role


def test_unknown_language_is_refused_with_the_list():
    with pytest.raises(UnsupportedFormat, match="available: .*en"):
        load_lexicon("xx")
    assert "en" in available_languages()


@pytest.mark.parametrize("text, expected", [
    ("Phone: (202) 512-6000", True),
    ("Phone: (202) 512-6000.", True),  # the full stop ends the line, not the number
    ("Call 202-512-6000.", True),
    ("Fax: +49 30 1234 5678.", True),
    ("Version 202-512-6000.1 of the table", False),  # a longer identifier, not a telephone number
    ("Spending rose from 202 to 512 in 2006.", False),
])
def test_contact_lines_with_a_telephone_number(text, expected):
    assert load_lexicon("en").contact(text) is expected


@pytest.mark.parametrize("heading, expected", [
    ("For Further Reading", True), ("SELECTED REFERENCE", True), ("Selected References", True),
    ("SELECTED GAO WORK", True), ("Reading the Statute", False), ("Selected Cases and Holdings", False),
])
def test_reading_and_reference_lists_are_back_matter(heading, expected):
    """A list of further reading or a reference list no sentence cites is not argument (annotation guide)."""
    assert LEX.is_back_matter_heading(heading) is expected


@pytest.mark.parametrize("heading, expected", [
    ("Potential Oversight Issue for Congress", True), ("Policy Context and Questions", True),
    ("Issues for Congress", True), ("The Oversight Issue Congress Faces in 2027", False),
])
def test_generic_issue_headings(heading, expected):
    assert LEX.is_generic_heading(heading) is expected
