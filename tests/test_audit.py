"""argmap audit: each planted gap is caught, the example brief's real weak spots are listed, nothing else."""

from __future__ import annotations

import json

import pytest

import argmap
from argmap.audit import SEVERITIES, Finding, at_least, audit, findings_to_dict, load_audit_lexicon
from argmap.model import ArgumentMap, Edge, EdgeType, Node, NodeType

from conftest import FIXTURES

AUDIT = FIXTURES / "audit"


def _codes(findings):
    return {(f.code, f.node) for f in findings}


def _by_text(amap, start):
    return next(n.id for n in amap.nodes if n.text.startswith(start))


# fixture, code, the text the flagged unit starts with, severity
PLANTED = [
    ("enumeration-gap.md", "enumeration-gap", "Fourth, the cost", "warning"),
    ("enumeration-count.md", "enumeration-count", "There are four reasons", "warning"),
    ("footnotes.md", "uncited-footnote", "Survey of library users", "warning"),
    ("footnotes.md", "citation-without-footnote", "Libraries also offer free internet", "error"),
    ("recommendation.md", "unsupported-recommendation", "Governments should restore wetlands", "warning"),
    ("recommendation.md", "unsupported-recommendation", "Governments should also ban", "warning"),
    ("attack.md", "unanswered-attack", "Critics argue that customers", "warning"),
    ("attack.md", "claim-without-evidence", "The objection", "warning"),
]


@pytest.mark.parametrize("fixture, code, start, severity", PLANTED, ids=[f"{p[0]}:{p[1]}" for p in PLANTED])
def test_planted_gap_is_caught(fixture, code, start, severity):
    # the gaps are planted in the structures the rules make of these texts
    amap = argmap.analyze(AUDIT / fixture, rules_only=True)
    findings = audit(amap)
    node = _by_text(amap, start)
    hits = [f for f in findings if f.code == code and f.node == node]
    assert hits, f"{code} on {node} not found in {[(f.code, f.node) for f in findings]}"
    assert hits[0].severity == severity
    assert hits[0].span is not None and hits[0].message


def test_the_planted_gaps_do_not_leak_into_other_checks():
    # a complete enumeration, every footnote cited: neither check speaks
    amap = argmap.analyze(AUDIT / "enumeration-gap.md")
    assert {f.code for f in audit(amap)} & {"enumeration-count", "uncited-footnote", "citation-without-footnote"} == set()
    gap = [f for f in audit(amap) if f.code == "enumeration-gap"]
    assert len(gap) == 1 and "item 3" in gap[0].message


def test_an_answered_objection_is_not_reported():
    amap = argmap.analyze(AUDIT / "attack-answered.md", rules_only=True)  # the rules' objection and answer
    findings = audit(amap)
    assert not [f for f in findings if f.code == "unanswered-attack"]
    # the objection attacks the section's claim and the answer, which carries the evidence, attacks it
    objection = _by_text(amap, "Critics argue")
    answer = _by_text(amap, "However, offices that rotate")
    assert (amap.parent_of(objection).type.value, amap.parent_of(answer).target) == ("attack", objection)


def test_example_brief_real_weak_spots(seed_rules_map):
    # the rules' map, whose recommendations are the reference's three
    findings = audit(seed_rules_map)
    by_code: dict[str, set[str]] = {}
    for f in findings:
        by_code.setdefault(f.code, set()).add(f.node)
    # the two closing recommendations hang from the thesis alone
    assert by_code.get("unsupported-recommendation") == {
        _by_text(seed_rules_map, "Furthermore, it is important to pay attention"),
        _by_text(seed_rules_map, "The South Korean government must maintain"),
    }
    # the recommendation on sanctions is argued for, but by nothing cited
    assert by_code.get("recommendation-without-evidence") == {
        _by_text(seed_rules_map, "The South Korean government should collaborate")}
    # the last section ("A Storm in a Teacup…") cites no source; the two sections before it do
    last_section = _by_text(seed_rules_map, "A Storm in a Teacup")
    flagged = by_code.get("claim-without-evidence", set())
    assert last_section in flagged
    for node_id in flagged:
        node = seed_rules_map.node(node_id)
        assert node_id == last_section or node.section[-1:] == (seed_rules_map.node(last_section).text,)
    # what it must not say: all four notes are cited, "First … Fourth" is whole, every unit has a place,
    # the one attack is the author's own "Nevertheless"
    assert set(by_code) <= {"unsupported-recommendation", "recommendation-without-evidence", "claim-without-evidence"}
    assert not [f for f in findings if f.severity == "error"]


def test_orphans_and_unanswered_tree_attacks_in_a_saved_map():
    nodes = [
        Node("MC", NodeType.MAJOR_CLAIM, "Cities should price parking.", [(0, 28)]),
        Node("S1", NodeType.PREMISE, "Parking is scarce.", [(29, 47)]),
        Node("S2", NodeType.PREMISE, "Prices would hurt shops.", [(48, 72)]),
        Node("S3", NodeType.PREMISE, "Nobody linked this.", [(73, 92)]),
    ]
    edges = [
        Edge("S1", "MC", EdgeType.SUPPORT, rule="paragraph-lead"),
        Edge("S2", "MC", EdgeType.ATTACK, rule="objection"),
    ]
    amap = ArgumentMap(nodes, edges, source_text=" ".join(n.text for n in nodes))
    found = _codes(audit(amap))
    assert ("unanswered-attack", "S2") in found
    assert ("orphan-unit", "S3") in found
    assert ("orphan-unit", "S1") not in found
    # answer the objection: the finding goes away
    amap.edges.append(Edge("S1", "S2", EdgeType.ATTACK, rule="rebuttal", primary=False))
    assert ("unanswered-attack", "S2") not in _codes(audit(amap))


def test_a_cycle_cut_off_from_the_thesis_is_an_orphan():
    nodes = [Node("MC", NodeType.MAJOR_CLAIM, "T.", [(0, 2)]), Node("S1", NodeType.PREMISE, "A.", [(3, 5)]),
             Node("S2", NodeType.PREMISE, "B.", [(6, 8)])]
    edges = [Edge("S1", "S2", EdgeType.SUPPORT, rule="x"), Edge("S2", "S1", EdgeType.SUPPORT, rule="x")]
    found = _codes(audit(ArgumentMap(nodes, edges, source_text="T. A. B.")))
    assert {("orphan-unit", "S1"), ("orphan-unit", "S2")} <= found


def test_audit_of_a_saved_map_equals_audit_of_the_fresh_map(seed_map):
    reloaded = ArgumentMap.from_dict(json.loads(json.dumps(seed_map.to_dict())))
    assert audit(reloaded) == audit(seed_map)


def test_findings_json_shape(seed_map):
    data = findings_to_dict(seed_map, audit(seed_map))
    assert set(data) == {"document", "counts", "findings"}
    assert sum(data["counts"].values()) == len(data["findings"])
    for item in data["findings"]:
        assert item["severity"] in SEVERITIES
        assert set(item) == {"severity", "code", "message", "node", "section", "span", "related"}
    assert json.loads(json.dumps(data)) == data


def test_findings_are_sorted_most_serious_first():
    amap = argmap.analyze(AUDIT / "footnotes.md")
    severities = [SEVERITIES.index(f.severity) for f in audit(amap)]
    assert severities == sorted(severities) and severities[0] == 0


@pytest.mark.parametrize("severity, threshold, expected", [
    ("error", "warning", True), ("warning", "warning", True), ("info", "warning", False),
    ("warning", "error", False), ("error", "error", True), ("info", "info", True),
])
def test_at_least(severity, threshold, expected):
    assert at_least(severity, threshold) is expected


@pytest.mark.parametrize("sentence, count", [
    ("There are four reasons to move the bell.", 4),
    ("The crisis has three important causes.", 3),
    ("We draw 2 lessons from the trial.", 2),
    ("Five policy options stand out.", 5),
    ("This leaves a couple of open questions.", 2),
    ("Twelve steps follow.", 12),
    ("A four-day week raises output.", None),
    ("One of the reasons is cost.", None),
    ("Tens of thousands of workers took part.", None),
    ("It took three years to build.", None),
    ("The charge fell by 2.5 points.", None),
])
def test_announcement_lexicon(sentence, count):
    lexicon = load_audit_lexicon("en")
    match = lexicon.announcement.search(sentence)
    if count is None:
        assert match is None
    else:
        assert match is not None
        assert lexicon.number_words[" ".join(match.group(1).lower().split())] == count


@pytest.mark.parametrize("lang", ["en", "de"])
def test_audit_lexicon_rows_are_clean(lang):
    lexicon = load_audit_lexicon(lang)
    assert lexicon.nouns and lexicon.number_words
    assert len(set(lexicon.nouns)) == len(lexicon.nouns)
    assert all(n and n == n.strip() and " " not in n for n in lexicon.nouns)
    assert all(v >= 2 for v in lexicon.number_words.values())


def test_a_language_without_a_pack_has_no_audit_words():
    """Never another language's words: an unknown language's enumerations are not counted by English."""
    lexicon = load_audit_lexicon("xx")
    assert not lexicon.nouns and not lexicon.number_words


def test_finding_is_frozen():
    finding = Finding("info", "x", "m")
    with pytest.raises(Exception):
        finding.severity = "error"  # type: ignore[misc]


@pytest.mark.parametrize("sentence, voiced", [
    ("Critics argue that the charge hurts the poor.", True),
    ("Some argue that walls are enough.", True),
    ("Opponents of the plan say it costs too much.", True),
    ("It could be argued that prices will rise.", True),
    ("We believe that the evidence provides a reasonable basis.", False),
    ("Since 2022, the minister has argued that talks should resume.", False),
    ("The authors claim a fall of ten per cent.", False),
    ("Criticism of the plan is rare.", False),
    ("The objection", False),
    ("One objection is that trials are short.", True),
])
def test_objection_cues(sentence, voiced):
    """The audit reads an opposing voice with the pipeline's own lexicon."""
    from argmap.cues import load_lexicon

    assert (load_lexicon("en").objection(sentence) is not None) is voiced


def test_a_map_that_records_no_language_is_audited_in_the_language_of_its_text():
    """A map read from another tool says nothing of its language: its text's language chooses, as in ``analyze``."""
    text = "# Die Stadt sollte Radwege bauen\n\nEs gibt drei Gründe dafür. Erstens sind Radwege sicher. Zweitens sind sie billig.\n"
    amap = argmap.analyze(text, lang="de", rules_only=True)
    amap.settings.pop("lang")
    assert "enumeration-count" in {f.code for f in audit(amap)}  # "drei Gründe", two given
    assert "enumeration-count" not in {f.code for f in audit(amap, lang="en")}


UNMARKED_NOTES = ("# Costs\n\nThe council should cut costs.\n\nCosts rose. The Riksdag approved 412 million "
                  "kronor in 2023.\n\n## Notes\n\n1. Riksdag decision, 412 million kronor, 2023.\n")


def test_a_note_placed_by_alignment_is_reported_as_placed_not_cited_nor_lost(tmp_path):
    from argmap.formats import read_map, write

    amap = argmap.analyze(UNMARKED_NOTES)
    saved = tmp_path / "notes.json"
    saved.write_text(write(amap, "json"), encoding="utf-8")
    for each in (amap, read_map(saved)):  # a saved map says the same
        findings = audit(each)
        assert not [f for f in findings if f.code == "uncited-footnote"]
        placed = [f for f in findings if f.code == "aligned-footnote"]
        assert len(placed) == 1 and placed[0].severity == "info"
        assert placed[0].message.startswith("1 footnote that no marker in the text cites placed by alignment")
        assert "by the words shared with a sentence" in placed[0].message
        assert placed[0].node == _by_text(each, "Riksdag decision") and placed[0].related == (placed[0].node,)


def test_a_note_a_marker_cites_is_neither_placed_nor_uncited():
    amap = argmap.analyze(UNMARKED_NOTES.replace("in 2023.\n\n## Notes\n\n1.", "in 2023.[^1]\n\n[^1]:"))
    assert {f.code for f in audit(amap)} & {"aligned-footnote", "uncited-footnote"} == set()


def test_an_announcement_set_aside_as_no_unit_still_counts_its_items():
    """"There are three reasons for this." is no unit of the map; the audit still compares its number
    with the items that follow it, and finds nothing to say when they agree."""
    text = ("# Harbour Fees\n\nThe port is losing ships. There are three reasons for this.\n\n"
            "First, the fees doubled.\n\nSecond, the channel silted up.\n")
    amap = argmap.analyze(text, lang="en", rules_only=True)
    assert any(s["kind"] == "list-connector" for s in amap.set_aside)
    found = [f for f in audit(amap) if f.code == "enumeration-count"]
    assert len(found) == 1 and found[0].node is None and "(3) but 2 items" in found[0].message
    agreeing = argmap.analyze(text + "\nThird, the cranes are old.\n", lang="en", rules_only=True)
    assert not [f for f in audit(agreeing) if f.code == "enumeration-count"]
