"""Nothing dropped silently: every stretch of text with words is in a unit or set aside with its kind."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.audit import audit
from argmap.coverage import count_phrase, coverage, coverage_line, group_of, unaccounted
from argmap.errors import EmptyInput
from argmap.model import ArgumentMap
from argmap.pipeline import analyze_document
from argmap.read import read_text
from test_pipeline_properties import document

BODY = ("The levy raised less than forecast in each of the last three years. Its costs rose faster than its "
        "yield, because collection moved online.")


def _map(text: str) -> ArgumentMap:
    return analyze_document(read_text(text, name="t"), lang="en")


def _spans_inside(amap: ArgumentMap) -> None:
    for item in amap.set_aside:
        assert item.get("kind"), item
        for a, b in item["spans"]:
            assert 0 <= a < b <= len(amap.source_text), item


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document())
def test_every_stretch_with_words_is_mapped_or_set_aside(text):
    try:
        amap = _map(text)
    except EmptyInput:
        return
    _spans_inside(amap)
    assert unaccounted(amap) == []


_PIECES = st.sampled_from(["\x00", " ", "a", "T", "#", "[^1]", "<sup>1)</sup>", "¹", "[1]", ".", "*", "1)", ":"])
_HEADING = st.builds(lambda n, parts: "#" * n + " " + "".join(parts), st.integers(1, 3), st.lists(_PIECES, max_size=6))
_NOTED = st.sampled_from(["It is true.[^1]", "It holds.<sup>1)</sup>", "It holds.¹", "It holds [1].",
                          "[^1]: The note.", "<sup>1)</sup> The note.", "¹ The note.", "[1] The note.", "1) The note."])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_HEADING, _NOTED), min_size=1, max_size=7), st.sampled_from(["\n\n", "\n"]))
def test_headings_of_control_characters_beside_notes_leave_no_empty_span(parts, separator):
    try:
        amap = _map(separator.join(parts))
    except EmptyInput:
        return
    _spans_inside(amap)
    for node in amap.nodes:
        assert all(a < b for a, b in node.spans), node
    assert unaccounted(amap) == []


def test_an_empty_heading_before_the_title_is_not_an_empty_set_aside_item():
    amap = _map("## \x00\n\n# The Levy\n\n" + BODY + "[^1]\n\n[^1]: The treasury's own figures.\n")
    _spans_inside(amap)
    assert unaccounted(amap) == []


def test_the_coverage_line_counts_units_and_set_aside_items_by_group():
    text = ("# The Levy\n\n2024. 03. 05 | WP 24-3\n\n" + BODY + "\n\n---\n\nFigure 1. Yield by year\n\n"
            "The council should repeal the levy.\n\n© 2024 Institute. All rights reserved.\n")
    amap = _map(text)
    cov = coverage(amap)
    assert cov.units == len(amap.nodes)
    assert cov.set_aside_total == len(amap.set_aside)
    assert cov.set_aside["captions"] == 1 and cov.set_aside["metadata"] >= 2 and cov.set_aside["furniture"] == 1
    line = coverage_line(cov)
    assert line.startswith(f"{len(amap.nodes)} units mapped, {len(amap.set_aside)} set aside: ")
    parts = line.split(": ", 1)[1].split(", ")
    assert "1 caption" in parts and "1 furniture" in parts


@pytest.mark.parametrize("count, group, phrase", [
    (1, "statements about the text", "1 statement about the text"), (2, "statements about the text", "2 statements about the text"),
    (1, "captions", "1 caption"), (3, "tables", "3 tables"), (1, "tables", "1 table"), (0, "captions", "0 captions"),
    (1, "furniture", "1 furniture"), (1, "metadata", "1 metadata"), (1, "generic headings", "1 generic heading")])
def test_a_count_of_one_takes_the_singular(count, group, phrase):
    assert count_phrase(count, group) == phrase


def test_groups_name_every_kind_and_unknown_kinds_stand_for_themselves():
    assert group_of("navigation") == "web residue" and group_of("byline") == "metadata"
    assert group_of("some_new_kind") == "some new kind"


def test_unaccounted_text_is_found():
    amap = _map("# The Levy\n\n" + BODY + "\n")
    amap.set_aside = []
    amap.nodes = [n for n in amap.nodes if "collection moved online" not in n.text]
    gaps = unaccounted(amap)
    assert len(gaps) == 1 and "collection moved online" in gaps[0][2]


def test_audit_warns_when_set_aside_text_reads_like_argument():
    amap = _map("# The Levy\n\n" + BODY + "\n\nThe council should repeal the levy.\n")
    amap.set_aside.append({"kind": "disclaimer", "spans": [[0, 5]],
                           "text": "The levy failed because its yield fell short of its costs, and therefore the "
                                   "council should repeal it before the next budget is drawn up in the spring."})
    found = [f for f in audit(amap) if f.code == "set-aside-argument"]
    assert len(found) == 1 and found[0].severity == "warning" and found[0].span == (0, 5)
    assert "should" in found[0].message and "disclaimer" in found[0].message


def test_audit_is_quiet_on_notices_short_text_and_text_without_argument():
    amap = _map("# The Levy\n\n" + BODY + "\n")
    amap.set_aside = [
        {"kind": "copyright", "spans": [[0, 5]], "text": "This work is not subject to copyright protection. However, "
         "it may include copyrighted images, and you should obtain the permission of the copyright holder."},
        {"kind": "masthead", "spans": [[0, 5]], "text": "You should read this."},
        {"kind": "back_matter", "spans": [[0, 5]], "text": "Jane Doe is a senior fellow at the institute, where she "
         "has worked on water policy and public finance since 2012, and she was a budget officer before that."},
    ]
    assert not [f for f in audit(amap) if f.code == "set-aside-argument"]
