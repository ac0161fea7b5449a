"""Front and back matter of reports and letters set aside by kind, in fixtures built here."""

from __future__ import annotations

from conftest import body_text as _body, set_aside_by_kind as _kinds

from argmap.clean import clean
from argmap.model import Document
from argmap.pipeline import analyze_document
from argmap.read import read_text

ARGUMENT = [
    "The levy raised less than forecast in each of the last three years.[^1]",
    "Its costs rose faster than its yield, because collection moved online and fraud grew with it.",
    "The council should repeal the levy before the next budget is drawn up.",
    "Therefore the county should fund the clinics from its general budget instead, as it did before 2019.",
]
NOTE = "[^1]: County treasury, annual accounts 2021–2023."


def _letter() -> str:
    return "\n\n".join([
        "# Clinic Funding: The Levy Has Failed",
        "Abbreviations",
        "| CFO | Chief Financial Officer |\n| --- | --- |\n| NHS | National Health Service |",
        "This is a work of the county and is not subject to copyright protection. It may be reproduced and "
        "distributed in its entirety without further permission.",
        "County Audit Office",
        "Springfield, IL 62701",
        "March 3, 2025",
        "The Honorable Jane Roe",
        "Chair",
        "Committee on Budgets",
        "Chair Roe and Members of the Committee:",
        "Thank you for the opportunity to discuss the clinic levy. " + ARGUMENT[0],
        ARGUMENT[1],
        ARGUMENT[2],
        "Chair Roe, this completes my prepared statement. I would be pleased to respond to any questions.",
        "If you have any questions about this letter, please contact me at (217) 555-0100 or auditor@county.example.gov. "
        "Staff who made key contributions were Ann Lee and Bo Kim.",
        "## Notes",
        NOTE,
    ])


def test_a_letter_report_keeps_its_argument_and_sets_its_letter_parts_aside():
    doc = clean(Document(text=_letter()))
    kinds = _kinds(doc)
    body = _body(doc)
    for sentence in ARGUMENT[:3]:
        assert sentence.replace("[^1]", "") in body
    assert kinds["abbreviations"][0] == "Abbreviations" and len(kinds["abbreviations"]) == 2
    assert any("not subject to copyright" in t for t in kinds["copyright"])
    assert doc.metadata.copyright and "not subject to copyright" in doc.metadata.copyright
    assert "Springfield, IL 62701" in kinds["contact"] and "County Audit Office" in kinds["contact"]
    assert kinds["addressee"] == ["The Honorable Jane Roe", "Chair", "Committee on Budgets"]
    assert kinds["salutation"] == ["Chair Roe and Members of the Committee:"]
    assert any(t.startswith("If you have any questions") for t in kinds["contact"])
    for gone in ("CFO", "Springfield", "Honorable", "Members of the Committee", "555-0100"):
        assert gone not in body


def test_courtesy_and_contact_sentences_inside_a_paragraph_are_left_out_of_the_map():
    amap = analyze_document(read_text(_letter(), name="letter"), lang="en")
    texts = [n.text for n in amap.nodes]
    assert not any(t.startswith("Thank you for the opportunity") for t in texts)
    assert not any("completes my prepared statement" in t for t in texts)
    assert any(t.startswith("The levy raised less than forecast") for t in texts)
    excluded = {x["kind"] for x in amap.set_aside}
    assert "courtesy" in excluded


def test_a_publishers_back_page_is_ordering_and_contact_not_recommendations():
    text = "\n\n".join(["# The Levy Has Failed"] + ARGUMENT * 10 + [
        "## Our Mission",
        "The Audit Office exists to support the council in meeting its responsibilities and to help improve "
        "the performance of county government.",
        "## Obtaining Copies of Our Reports",
        "The first copy of each printed report is free. A check or money order should be made out to the Treasurer.",
        "Orders should be sent to the Audit Office, 1 Main Street, Springfield, IL 62701.",
        "## Media Relations",
        "Ann Lee, Press Officer, press@county.example.gov, (217) 555-0199",
        "Please Print on Recycled Paper.",
    ])
    # the rules' deontic cue makes the recommendation this test looks for
    amap = analyze_document(read_text(text, name="back"), lang="en", rules_only=True)
    kinds = _kinds(amap)
    assert "Our Mission" in kinds["back_matter"]
    assert any(t.startswith("A check") or "check or money order" in t for t in kinds["ordering"])
    assert any("press@" in t for t in kinds["contact"])
    recommendations = [n.text for n in amap.nodes if n.type.value == "recommendation"]
    assert recommendations and not any("money order" in t or "Orders should" in t for t in recommendations)
    assert not any("Recycled Paper" in n.text for n in amap.nodes)
    assert any("should repeal the levy" in t for t in recommendations)


def test_back_page_words_early_in_a_document_are_a_section_like_any_other():
    text = "\n\n".join(["# The Levy Has Failed", "## The Levy's Mission", ARGUMENT[1], ARGUMENT[2]] + ARGUMENT * 4)
    doc = clean(Document(text=text))
    assert "back_matter" not in _kinds(doc)
    assert ARGUMENT[1] in _body(doc)


def test_a_heading_moved_above_the_closing_paragraphs_does_not_swallow_them():
    """A converter set "Contact and Staff Acknowledgments" above the last paragraphs of the body."""
    text = "\n\n".join(["# The Levy Has Failed", ARGUMENT[1], "#### Contact and Staff Acknowledgments",
                        "Collections fell again in the last quarter of the year.[^1]",
                        "In closing, " + ARGUMENT[2][0].lower() + ARGUMENT[2][1:], NOTE])
    doc = clean(Document(text=text))
    body = _body(doc)
    assert "Collections fell again" in body and "In closing, the council should repeal the levy" in body


def test_a_salutation_needs_its_shape_as_well_as_its_words():
    text = "\n\n".join(["# The Levy Has Failed", "Chair Roe and the committee have asked whether the levy works, and "
                        "the answer is that it does not.", ARGUMENT[1]])
    doc = clean(Document(text=text))
    assert "salutation" not in _kinds(doc)
