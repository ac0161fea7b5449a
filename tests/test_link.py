"""Links are citations: a unit's citations hold its footnotes and its links, the audit counts a
linked source as cited, --link-evidence makes each linked source an evidence node, and the
readers hand links over from every format that has them."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import argmap
from argmap.audit import audit
from argmap.cli import app
from argmap.formats import parse_map, write
from argmap.link import LINK_CITATION_RULE, LINK_EVIDENCE_RULE, link_evidence
from argmap.model import ArgumentMap, Citation, Edge, EdgeType, Node, NodeType, text_from_spans

SOURCE = ("Ridesharing must be accessible. The DOJ sued Uber in 2025. The court denied the motion. "
          "Cities should fund accessible vehicles.")


def _at(words: str) -> tuple[int, int]:
    start = SOURCE.index(words)
    return start, start + len(words)


def _node(node_id: str, kind: NodeType, words: str, citations=()) -> Node:
    start = SOURCE.index(words)
    return Node(node_id, kind, words, [(start, start + len(words))], citations=list(citations))


def _map(claim_links=(), premise_links=(), premise_notes=()) -> ArgumentMap:
    nodes = [
        _node("MC", NodeType.MAJOR_CLAIM, "Ridesharing must be accessible."),
        _node("S1", NodeType.CLAIM, "The DOJ sued Uber in 2025.", claim_links),
        _node("S2", NodeType.PREMISE, "The court denied the motion.", [*premise_links, *premise_notes]),
    ]
    edges = [Edge("S1", "MC", EdgeType.SUPPORT, rule="r"), Edge("S2", "S1", EdgeType.SUPPORT, rule="r")]
    return ArgumentMap(nodes=nodes, edges=edges, source_text=SOURCE, settings={"lang": "en"})


SUED = Citation.link("https://perma.cc/PY6Z-4U4D", "sued", _at("sued"))
DENIED = Citation.link("https://perma.cc/4WU3-LF47", "denied", _at("denied"))


# --- the model and its JSON --------------------------------------------------------------
def test_citation_json_round_trip_keeps_kind_target_anchor_and_span():
    amap = _map(claim_links=[SUED], premise_notes=[Citation.footnote("3", (60, 60))])
    again = parse_map(write(amap, "json"))
    assert [n.citations for n in again.nodes] == [n.citations for n in amap.nodes]
    data = json.loads(write(amap, "json"))
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["S1"]["citations"] == [{"kind": "link", "target": SUED.target, "anchor": "sued",
                                         "span": list(SUED.span)}]
    assert by_id["S2"]["citations"] == [{"kind": "footnote", "label": "3", "span": [60, 60]}]


def test_maps_written_before_links_read_their_note_labels():
    data = json.loads(write(_map(), "json"))
    data["nodes"][2]["citations"] = ["1", "2"]
    amap = ArgumentMap.from_dict(data)
    assert amap.node("S2").cited_notes == ["1", "2"] and amap.node("S2").links == []


@pytest.mark.parametrize("fmt", ["graphml", "aif"])
def test_links_survive_the_formats_that_carry_attributes(fmt):
    amap = _map(claim_links=[SUED], premise_links=[DENIED])
    again = parse_map(write(amap, fmt))
    assert {n.id: n.citations for n in again.nodes} == {n.id: n.citations for n in amap.nodes}


def test_schema_accepts_links_and_refuses_a_link_without_target():
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is installed by the test extra")
    from argmap.schema import load_schema

    validator = jsonschema.Draft202012Validator(load_schema())
    data = json.loads(write(_map(claim_links=[SUED]), "json"))
    validator.validate(data)
    del data["nodes"][1]["citations"][0]["target"]
    assert list(validator.iter_errors(data))


# --- the audit ------------------------------------------------------------------------------
def test_a_linked_source_is_a_cited_one():
    bare = {(f.code, f.node) for f in audit(_map())}
    assert ("claim-without-evidence", "S1") in bare
    for linked in (_map(premise_links=[DENIED]), _map(claim_links=[SUED])):
        assert ("claim-without-evidence", "S1") not in {(f.code, f.node) for f in audit(linked)}


def test_a_link_is_not_a_footnote_for_the_footnote_checks():
    findings = audit(_map(premise_links=[DENIED]))
    assert not [f for f in findings if f.code in ("citation-without-footnote", "uncited-footnote")]


# --- --link-evidence ------------------------------------------------------------------------
def test_each_linked_source_becomes_evidence_under_the_unit_citing_it():
    again = Citation.link(SUED.target, "motion", _at("motion"))
    amap = _map(claim_links=[SUED], premise_links=[DENIED, again])
    made = link_evidence(amap)
    assert [n.cue for n in made] == [SUED.target, DENIED.target]  # one node per target
    for node in made:
        assert node.type == NodeType.EVIDENCE and node.rule == LINK_EVIDENCE_RULE
        assert node.text == text_from_spans(SOURCE, node.spans)
        assert [c.target for c in node.citations] == [node.cue]
    sued, denied = made
    assert sued.text == "sued" and denied.text == "denied"
    primary = {e.source: e for e in amap.edges if e.primary}
    assert (primary[sued.id].target, primary[denied.id].target) == ("S1", "S2")
    assert all(primary[n.id].rule == LINK_CITATION_RULE and primary[n.id].cue == n.cue for n in made)
    second = [e for e in amap.edges if not e.primary and e.source == sued.id]
    assert [(e.target, e.type) for e in second] == [("S2", EdgeType.SUPPORT)]
    assert link_evidence(amap) == []  # a second call adds nothing
    assert not [f for f in audit(amap) if f.code == "claim-without-evidence"]


def test_link_evidence_ids_do_not_collide_and_links_in_evidence_are_left_alone():
    amap = _map(premise_links=[DENIED])
    amap.nodes.append(Node("L1", NodeType.EVIDENCE, "A note.", [], footnote="1",
                           citations=[Citation.link("https://example.org/n", "note", None)]))
    made = link_evidence(amap)
    assert [n.id for n in made] == ["L2"] and made[0].cue == DENIED.target


def test_a_link_without_anchor_words_has_its_target_as_text():
    amap = _map(premise_links=[Citation.link("https://example.org/data", "", None)])
    (made,) = link_evidence(amap)
    assert made.text == "https://example.org/data" and made.spans == []


# --- the readers hand links over ---------------------------------------------------------------
def test_html_reader_writes_outside_links_and_keeps_page_links_as_words():
    pytest.importorskip("bs4", reason="beautifulsoup4 is installed by the test extra")
    from argmap.read.html import read_html

    page = (b'<html><body><main><h1>T</h1><p>The DOJ <a href="https://perma.cc/PY6Z">sued <b>Uber</b></a>, see '
            b'<a href="#s2">below</a> and <a href="javascript:void(0)">this</a>, under '
            b'<a href="https://uscode.house.gov/view.xhtml?req=(title:42) x">Title III</a>.</p></main></body></html>')
    doc = read_html(page)
    (block,) = [b for b in doc.layout if b.kind == "paragraph"]
    assert doc.text[block.spans[0][0]:block.spans[0][1]] == "The DOJ sued Uber, see below and this, under Title III."
    assert [(c.anchor, c.target, doc.text[c.span[0]:c.span[1]]) for c in block.citations if c.kind == "link"] == [
        ("sued Uber", "https://perma.cc/PY6Z", "sued Uber"),
        ("Title III", "https://uscode.house.gov/view.xhtml?req=(title:42) x", "Title III")]  # within the page, a script: words only
    assert [doc.text[a:b] for a, b in block.emphasis] == ["Uber"]


def test_docx_reader_writes_hyperlinks_in_the_body_and_in_the_notes():
    docx = pytest.importorskip("docx", reason="python-docx is installed by the test extra")
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from argmap.read.docx import read_docx

    document = docx.Document()
    paragraph = document.add_paragraph("The DOJ ")
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), document.part.relate_to("https://perma.cc/PY6Z", RT.HYPERLINK, is_external=True))
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "sued Uber"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    paragraph.add_run(" in 2025.")
    inner = OxmlElement("w:hyperlink")
    inner.set(qn("w:anchor"), "_Toc1")  # a bookmark in the document: words only
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = " See above."
    run.append(text)
    inner.append(run)
    paragraph._p.append(inner)
    buffer = io.BytesIO()
    document.save(buffer)
    doc = read_docx(buffer.getvalue())
    (block,) = doc.layout
    assert doc.text[block.spans[0][0]:block.spans[0][1]] == "The DOJ sued Uber in 2025. See above."
    assert [(c.anchor, c.target, doc.text[c.span[0]:c.span[1]]) for c in block.citations if c.kind == "link"] == [
        ("sued Uber", "https://perma.cc/PY6Z", "sued Uber")]


# --- the command line ----------------------------------------------------------------------------
def test_link_evidence_flag_is_offered():
    result = CliRunner().invoke(app, ["analyze", "--help"])
    assert result.exit_code == 0 and "--link-evidence" in result.output


# --- Markdown: every link syntax is a citation, and no link markup stays in a unit -----------------
def _cleaned(text: str):
    from argmap.clean import clean
    from argmap.model import Document

    return clean(Document(text=text, name="t.md"))


def _units(text: str):
    document = _cleaned(text)
    return [(b.text(document.text), b.citations) for b in document.blocks if b.kind != "heading"]


STATUTE = "https://uscode.house.gov/view.xhtml?req=(title:42%20section:12101)%20OR%20(granuleid:USC-42)&num=0#a:~:text=(10)%20x"


@pytest.mark.parametrize("markup, words, target", [
    ("[sued](https://perma.cc/PY6Z)", "sued", "https://perma.cc/PY6Z"),
    (f"[enacted]({STATUTE})", "enacted", STATUTE),
    ('[the **ruling**](https://x.org/r "The ruling")', "the ruling", "https://x.org/r"),
    ("[the data](<https://x.org/a b.csv>)", "the data", "https://x.org/a b.csv"),
    ("[the rule][r1]", "the rule", "https://x.org/rule"),
    ("[The Rule][]", "The Rule", "https://x.org/the-rule"),
    ("[R1]", "R1", "https://x.org/rule"),
    ("<https://x.org/auto>", "https://x.org/auto", "https://x.org/auto"),
    ('<a href="https://x.org/h">the order</a>', "the order", "https://x.org/h"),
    ("https://x.org/bare", "https://x.org/bare", "https://x.org/bare"),
])
def test_markdown_link_shapes_become_citations_and_leave_their_words(markup, words, target):
    text = (f"# Title\n\nThe court {markup} in 2025. Nothing else here.\n\n"
            "[r1]: https://x.org/rule\n[the rule]: https://x.org/the-rule 'A title'\n")
    units = _units(text)
    assert [u for u, _ in units] == [f"The court {words} in 2025. Nothing else here."]  # definitions set aside
    (citation,) = units[0][1]
    assert (citation.kind, citation.target, citation.anchor) == ("link", target, words)
    document = _cleaned(text)
    assert text_from_spans(document.text, [citation.span]) .replace("**", "") == words


def test_links_within_the_page_and_footnote_links_are_no_link_citations():
    units = _units("# T\n\nSee [below](#s2), [this](javascript:void(0)) and a note.<sup><a href=\"#fn1\">1</a></sup>\n\n"
                   "<sup>1</sup> A source, 2020.\n")
    text, citations = units[0]
    assert text == "See below, this and a note."
    assert [(c.kind, c.label) for c in citations] == [("footnote", "1")]


def test_a_footnote_marker_has_its_own_span():
    document = _cleaned("# T\n\nA claim is made.[^1] Another.\n\n[^1]: A source.\n")
    (citation,) = document.blocks[0].citations
    assert document.text[citation.span[0]:citation.span[1]] == "[^1]"


def test_link_citations_go_to_the_sentence_their_words_stand_in():
    amap = argmap.analyze("# Ridesharing\n\nRidesharing must be accessible to all riders. The DOJ "
                          "[sued](https://perma.cc/PY6Z) Uber in 2025. The court [denied](https://perma.cc/4WU3) "
                          "the motion to dismiss.\n")
    cited = {n.text: [c.target for c in n.links] for n in amap.nodes}
    assert cited["The DOJ sued Uber in 2025."] == ["https://perma.cc/PY6Z"]
    assert cited["The court denied the motion to dismiss."] == ["https://perma.cc/4WU3"]


def test_link_evidence_from_the_library_and_the_command_line(tmp_path):
    brief = tmp_path / "brief.md"
    brief.write_text("# Access\n\nRidesharing must be accessible to all riders. Courts have held that Uber is "
                     "covered by the law. One [order](https://perma.cc/3TZ6) said so plainly.\n", encoding="utf-8")
    plain = argmap.analyze(brief)
    linked = argmap.analyze(brief, link_evidence=True)
    assert not [n for n in plain.nodes if n.rule == LINK_EVIDENCE_RULE]
    (source,) = [n for n in linked.nodes if n.rule == LINK_EVIDENCE_RULE]
    assert source.type == NodeType.EVIDENCE and source.cue == "https://perma.cc/3TZ6" and source.text == "order"
    assert linked.settings.get("link_evidence") is True
    edge = linked.parent_of(source.id)
    assert linked.node(edge.target).text.startswith("One order said so") and edge.rule == LINK_CITATION_RULE
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(brief), "--link-evidence", "-f", "json", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert [n["cue"] for n in data["nodes"] if n["rule"] == LINK_EVIDENCE_RULE] == ["https://perma.cc/3TZ6"]


def test_html_and_docx_links_reach_the_units_citations():
    pytest.importorskip("bs4", reason="beautifulsoup4 is installed by the test extra")
    page = (b"<html><body><main><h1>Access</h1><p>Ridesharing must be accessible to all riders. The DOJ "
            b"<a href='https://perma.cc/PY6Z?a=(1)'>sued</a> Uber in 2025.</p></main></body></html>")
    amap = argmap.analyze(page, format="html")
    (node,) = [n for n in amap.nodes if n.links]
    assert node.text == "The DOJ sued Uber in 2025."
    assert [(c.target, c.anchor) for c in node.links] == [("https://perma.cc/PY6Z?a=(1)", "sued")]  # as the page gives it


_WORD = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=1, max_size=8)
_TARGET = st.builds(lambda path, q: f"https://example.org/{path}" + (f"?q=({q})" if q else ""),
                    st.text(st.characters(whitelist_categories=("Ll", "Nd")), min_size=1, max_size=6),
                    st.text(st.characters(whitelist_categories=("Ll", "Nd")), max_size=4))


@st.composite
def _linked(draw):
    words = " ".join(draw(st.lists(_WORD, min_size=1, max_size=3)))
    target = draw(_TARGET)
    shape = draw(st.integers(0, 5))
    if shape == 0:
        return f"[{words}]({target})", target
    if shape == 1:
        return f'[{words}]({target} "title")', target
    if shape == 2:
        return f"[{words}][ref]", "https://example.org/ref"
    if shape == 3:
        return f"<{target}>", target
    if shape == 4:
        return f'<a href="{target}">{words}</a>', target
    return f"[*{words}*](<{target}>)", target


@given(st.lists(st.tuples(st.lists(_WORD, min_size=1, max_size=4), _linked()), min_size=1, max_size=6))
@settings(max_examples=80, deadline=None)
def test_no_unit_text_holds_link_markup(pieces):
    # opened by a word, not a number: "0 [0][ref]." would be a footnote's body, cited by its "[0]"
    body = "It " + " ".join(" ".join(words) + " " + link for words, (link, _) in pieces) + "."
    document = _cleaned(f"# Title\n\n{body}\n\n[ref]: https://example.org/ref\n")
    texts = [b.text(document.text) for b in document.blocks]
    for text in texts:
        assert "](" not in text and "<http" not in text and "<a " not in text and "</a>" not in text
        assert "[" not in text and "]" not in text and '"title"' not in text
    cited = [c.target for b in document.blocks for c in b.citations if c.kind == "link"]
    assert cited == [target for _, (_, target) in pieces]


def test_anchor_words_leave_out_the_punctuation_around_them():
    units = _units("# T\n\nThe court, in one [order,](https://perma.cc/3TZ6) agreed under "
                   "[(Title III)](https://x.org/t3) and [a (short) rule](https://x.org/r).\n")
    assert [(c.anchor, c.target) for c in units[0][1]] == [
        ("order", "https://perma.cc/3TZ6"), ("Title III", "https://x.org/t3"), ("a (short) rule", "https://x.org/r")]


@pytest.mark.parametrize("address", ["https://en.wikipedia.org/wiki/Cost_(economics)", "https://x.org/a_b_/c"])
def test_a_written_out_address_keeps_its_underscores(address):
    for markup in (f"<{address}>", address):
        (text, citations), = _units(f"# T\n\nThe data are at {markup} for all to see.\n")
        assert text == f"The data are at {address} for all to see."
        assert [c.target for c in citations] == [address]


def _linked_pdf(lines: list[str], links: list[tuple[int, str, str]]) -> bytes:
    """A one-page PDF of ``lines`` with a link annotation over each (line, words, target)."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(612, 792))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.text(72, 90, "Access for all riders")
    pdf.set_font("helvetica", "", 11)
    for k, line in enumerate(lines):
        pdf.text(72, 130 + 16 * k, line)
    for k, words, target in links:
        x = 72 + pdf.get_string_width(lines[k][:lines[k].index(words)])
        if target.startswith("#"):  # a link within the document, to its first page
            target = pdf.add_link()
            pdf.set_link(target, page=1)
        pdf.link(x, 130 + 16 * k - 10, pdf.get_string_width(words), 13, target)
    return bytes(pdf.output())


def test_pdf_link_annotations_reach_the_units_citations():
    pytest.importorskip("pypdfium2", reason="pypdfium2 is installed by the test extra")
    pytest.importorskip("fpdf", reason="fpdf2 is installed by the test extra")
    lines = ["Ridesharing must be accessible to all riders with disabilities in every city.",
             "In September 2025 the Department of Justice sued Uber over its wait-time fees.",
             "The district court denied the motion to dismiss, in its order, of March 2026."]
    data = _linked_pdf(lines, [(1, "sued", "https://perma.cc/PY6Z-4U4D"), (2, "order,", "https://perma.cc/4WU3"),
                               (0, "Ridesharing", "#page=2")])
    amap = argmap.analyze(data, format="pdf", rules_only=True)
    cited = {c.anchor: c.target for n in amap.nodes for c in n.links}
    # the comma under the box is no part of the anchor; a link within the document is no source
    assert cited == {"sued": "https://perma.cc/PY6Z-4U4D", "order": "https://perma.cc/4WU3"}
    (sued,) = [n for n in amap.nodes if any(c.anchor == "sued" for c in n.links)]
    assert "sued Uber" in sued.text and "](" not in sued.text
    (citation,) = sued.links
    assert amap.source_text[citation.span[0]:citation.span[1]] == "sued"


def test_pdf_link_running_on_to_the_next_line_is_one_citation():
    pytest.importorskip("pypdfium2", reason="pypdfium2 is installed by the test extra")
    pytest.importorskip("fpdf", reason="fpdf2 is installed by the test extra")
    lines = ["The agency published the rule on wait-time fees for riders with",
             "disabilities in the Federal Register last spring, and the court upheld it."]
    target = "https://www.federalregister.gov/d/2025-01234"
    data = _linked_pdf(lines, [(0, "riders with", target), (1, "disabilities", target)])
    amap = argmap.analyze(data, format="pdf", rules_only=True)
    links = [c for n in amap.nodes for c in n.links]
    assert [(c.anchor, c.target) for c in links] == [("riders with disabilities", target)]
