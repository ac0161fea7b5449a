"""End to end: the example brief and briefs written differently."""

import json
import re
import subprocess
import sys

import pytest

import argmap
from argmap.model import EdgeType, NodeType, text_from_spans
from conftest import FIXTURES, SEED, shared_path

MARKER = re.compile(r"<sup>|\[\^?\d+\]|^\d+\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]")


def test_seed_metadata(seed_map):
    meta = seed_map.metadata
    assert meta.title.startswith("Implications of the Large-Scale Protest")
    assert meta.author == "Tak, Minji"
    assert meta.date == "2024-02-22"
    assert meta.identifier == "CO 24-17"
    assert meta.publisher == "KINU"
    assert meta.series == "Online Series"
    assert meta.disclaimer and "personal view" in meta.disclaimer


def test_seed_footnotes_become_four_evidence_nodes_and_nothing_else_holds_them(seed_map):
    source = SEED.read_text(encoding="utf-8")
    evidence = seed_map.by_type(NodeType.EVIDENCE)
    assert len(evidence) == 4
    notes = [n.text for n in evidence]
    for node in seed_map.nodes:
        if node.type == NodeType.EVIDENCE:
            assert not MARKER.search(node.text)
            continue
        assert not MARKER.search(node.text), node.text
        for note in notes:
            assert note[:40] not in node.text
    # each note hangs from the sentence whose marker cites it
    for node in evidence:
        parent = seed_map.node(seed_map.parent_of(node.id).target)
        assert node.footnote in parent.cited_notes
        assert f"<sup>{node.footnote})</sup>" in source


def test_seed_sentences_cut_by_page_breaks_are_whole(seed_map):
    texts = [n.text for n in seed_map.nodes]
    assert any(t.startswith("The massive revenues generated through") for t in texts)
    assert any(t.startswith("The North Korean residents have abandoned hope") for t in texts)
    assert not any(t in ("The", "The massive revenues") for t in texts)


def test_seed_furniture_and_meta_are_set_aside(seed_map):
    texts = " ".join(n.text for n in seed_map.nodes)
    assert "©" not in texts and "※" not in texts and "---" not in texts
    assert "This article analyzes" not in texts
    kinds = {x["kind"] for x in seed_map.set_aside}
    assert {"meta-statement", "copyright", "disclaimer", "page_break", "byline", "masthead"} <= kinds


def test_seed_structure(seed_rules_map):
    """The structure the rules make of the example brief (the learned default is scored in test_seed_against_shared_gold)."""
    major = seed_rules_map.major_claim
    assert major.rule == "title"
    headings = [n for n in seed_rules_map.nodes if n.rule == "section-heading"]
    assert len(headings) == 3 and all(seed_rules_map.parent_of(h.id).target == major.id for h in headings)
    items = [n for n in seed_rules_map.nodes if n.ordinal]
    assert [n.ordinal for n in items] == [1, 2, 3, 4]
    introducer = {seed_rules_map.parent_of(n.id).target for n in items}
    assert len(introducer) == 1
    assert seed_rules_map.node(introducer.pop()).type == NodeType.CLAIM
    recs = seed_rules_map.by_type(NodeType.RECOMMENDATION)
    assert len(recs) == 3 and all(seed_rules_map.parent_of(r.id).target == major.id for r in recs)
    attacks = [e for e in seed_rules_map.edges if e.type == EdgeType.ATTACK]
    assert attacks and all(e.cue for e in attacks)
    conclusion = [n for n in seed_rules_map.nodes if n.rule == "conclusion-marker"]
    assert len(conclusion) == 1 and len(seed_rules_map.children_of(conclusion[0].id)) == 2


def test_every_node_and_edge_says_why(seed_map):
    for node in seed_map.nodes:
        assert node.rule
        assert text_from_spans(seed_map.source_text, node.spans) == node.text
    for edge in seed_map.edges:
        assert edge.rule


def test_epistemic_must_is_not_a_recommendation(seed_map):
    felt = [n for n in seed_map.nodes if "must have felt" in n.text]
    assert felt and felt[0].type == NodeType.PREMISE


def test_hedges_are_marked(seed_map):
    hedged = {n.hedge_cue.lower() for n in seed_map.nodes if n.hedged}
    assert {"could", "there is a possibility"} <= hedged


def test_seed_against_shared_gold(tmp_path, seed_map):
    gold = shared_path("gold", "kinu-co-24-17.json")
    score = shared_path("tools", "score.py")
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps(seed_map.to_dict(), ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, str(score), str(gold), str(pred), "--json"], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert result["unit_f1"] >= 0.95
    assert result["type_macro_f1"] >= 0.90
    assert result["edge_f1_labeled"] >= 0.70
    assert result["attachment_acc"] >= 0.75
    assert result["major_claim_found"] is True


# --- briefs written differently ---------------------------------------------------------
def parent_text(amap, node):
    return amap.node(amap.parent_of(node.id).target).text


def test_brief_without_headings_other_ordinals_and_bracket_notes():
    amap = argmap.analyze(FIXTURES / "no-headings.txt", rules_only=True)
    assert amap.metadata.title == "Congestion Pricing Works Better Than New Roads"
    assert (amap.metadata.author, amap.metadata.date) == ("Jane Doe", "2023-03-03")
    items = [n for n in amap.nodes if n.rule == "default-premise" and amap.parent_of(n.id).rule == "enumeration-item"]
    assert [n.text.split(",")[0] for n in items] == ["Firstly", "Secondly", "Lastly"]
    assert {parent_text(amap, n) for n in items} == {
        "Cities that price congestion get faster traffic and cleaner air than cities that build new lanes."
    }
    evidence = amap.by_type(NodeType.EVIDENCE)
    assert len(evidence) == 2
    assert parent_text(amap, evidence[0]).startswith("Firstly")
    assert parent_text(amap, evidence[1]).startswith("Lastly")
    # the objection attacks the thesis, and the answer to it attacks the objection
    attacks = {(amap.node(e.source).text[:13], amap.node(e.target).text[:13]) for e in amap.edges if e.type == EdgeType.ATTACK}
    assert attacks == {("Critics argue", "Congestion Pr"), ("However, most", "Critics argue")}
    recs = amap.by_type(NodeType.RECOMMENDATION)
    assert len(recs) == 2 and all(amap.parent_of(r.id).target == "MC" for r in recs)
    assert not any("[1]" in n.text or "[2]" in n.text for n in amap.nodes)


def test_brief_with_lists_front_matter_and_generic_headings():
    amap = argmap.analyze(FIXTURES / "lists-and-sections.md")
    assert amap.metadata.title == "Water Security Needs Regional Cooperation"
    assert amap.metadata.publisher == "Example Policy Institute"
    texts = [n.text for n in amap.nodes]
    assert "Summary" not in texts and "Recommendations" not in texts  # generic headings are no units
    intro = next(n for n in amap.nodes if n.text.startswith("There are three reasons"))
    assert intro.type == NodeType.CLAIM
    assert len([e for e in amap.children_of(intro.id)]) == 3
    recs = amap.by_type(NodeType.RECOMMENDATION)
    assert len(recs) == 2 and all(amap.parent_of(r.id).target == "MC" for r in recs)
    thus = next(n for n in amap.nodes if n.text.startswith("Thus"))
    assert thus.type == NodeType.CLAIM and amap.node(amap.parent_of(thus.id).target).rule == "section-heading"


def test_brief_with_markdown_endnotes():
    amap = argmap.analyze(FIXTURES / "endnotes.md")
    evidence = amap.by_type(NodeType.EVIDENCE)
    assert [e.text for e in evidence] == [
        "National survey of school safety budgets, 2021.",
        "Department of Education, Threat Assessment Review, 2020.",
    ]
    assert parent_text(amap, evidence[1]).startswith("Students who talk")
    assert "Notes" not in [n.text for n in amap.nodes]
    assert [n.ordinal for n in amap.nodes if n.ordinal] == [1, 2, 3]


def test_text_without_title_or_structure_still_gets_a_map():
    amap = argmap.analyze("Prices fell last year. Therefore, the policy worked. The council should keep it.")
    assert amap.major_claim is not None
    assert {n.type for n in amap.nodes} >= {NodeType.MAJOR_CLAIM, NodeType.RECOMMENDATION}
    for node in amap.nodes:
        if node is not amap.major_claim:
            assert amap.parent_of(node.id) is not None


def test_analyze_accepts_a_string_and_a_path_alike():
    text = SEED.read_text(encoding="utf-8")
    from_text = argmap.analyze(text)
    from_path = argmap.analyze(SEED)
    assert [n.text for n in from_text.nodes] == [n.text for n in from_path.nodes]


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf# Title\n\nA claim.\n")
    amap = argmap.analyze(path)
    assert amap.metadata.title == "Title"


def test_an_opening_bracket_left_at_a_sentence_end_opens_the_next():
    amap = argmap.analyze("# T\n\nHis term ends in June 2030. (Presidents serve one term.) Markets rose.\n")
    assert [n.text for n in amap.nodes[1:]] == ["His term ends in June 2030.", "(Presidents serve one term.)", "Markets rose."]


def test_brief_with_key_points_an_objection_and_a_numbered_recommendation_list():
    amap = argmap.analyze(FIXTURES / "objection-and-recommendations.md", rules_only=True)
    meta = amap.metadata
    assert (meta.author, meta.date, meta.series) == ("Maria Lopez and Daniel Kim", "2023-06", "Policy Brief No. 12")
    recs = amap.by_type(NodeType.RECOMMENDATION)
    assert [r.text.split()[0] for r in recs] == ["The", "Congress", "Agencies"]
    assert all(amap.parent_of(r.id).target == "MC" for r in recs)
    notes = amap.by_type(NodeType.EVIDENCE)
    assert [n.footnote for n in notes] == ["1", "2"]
    assert parent_text(amap, notes[0]).startswith("Buyers can purchase")
    objection = next(n for n in amap.nodes if n.text.startswith("However, some argue"))
    answer = next(n for n in amap.nodes if n.text.startswith("This view"))
    assert amap.parent_of(objection.id).type == EdgeType.ATTACK
    assert amap.node(amap.parent_of(objection.id).target).text == "Unilateral Controls Leak"
    assert (amap.parent_of(answer.id).type, amap.parent_of(answer.id).target) == (EdgeType.ATTACK, objection.id)
    key_points = [n for n in amap.nodes if amap.parent_of(n.id) and amap.parent_of(n.id).rule == "list-item"]
    assert len(key_points) == 3 and all(amap.parent_of(n.id).target == "MC" for n in key_points)


def test_plain_text_brief_with_capital_headings_masthead_lines_and_bare_note_numbers():
    amap = argmap.analyze(FIXTURES / "plain-text-capitals.txt")
    meta = amap.metadata
    assert (meta.author, meta.affiliation, meta.date, meta.identifier) == (
        "John Smith", "Senior Economist", "2021-04-12", "Issue Brief 2021-04")
    # "imports.1" and "industry.2" cite the endnotes; the digits leave the sentences
    notes = amap.by_type(NodeType.EVIDENCE)
    assert [parent_text(amap, n)[:20] for n in notes] == ["Domestic carbon pric", "But recent studies f"]
    assert not any(re.search(r"[a-z][.]?\d\b", n.text) for n in amap.nodes if n.type != NodeType.EVIDENCE)
    # a stated thesis is the major claim (annotation guide, section 2); the title above it is set aside
    thesis = next(n for n in amap.nodes if n.text.startswith("This brief argues"))
    assert thesis.type == NodeType.MAJOR_CLAIM and thesis.rule == "body-thesis"
    assert any(s["kind"] == "title-under-thesis" for s in amap.set_aside)
    objection = next(n for n in amap.nodes if n.text.startswith("Some economists claim"))
    assert amap.parent_of(objection.id).type == EdgeType.ATTACK
    assert {n.text[:13] for n in amap.nodes if n.rule == "section-heading"} == {"WHY A BORDER ", "THE ADJUSTMEN"}


def test_headings_that_propose_are_recommendations():
    amap = argmap.analyze(FIXTURES / "recommendation-headings.md", rules_only=True)
    by_text = {n.text: n for n in amap.nodes}
    for heading in ("Strengthen audit capacity.", "Publish every contract.", "Congress Should Protect Whistleblowers"):
        node = by_text[heading]
        assert (node.type, node.rule, amap.parent_of(node.id).target) == (NodeType.RECOMMENDATION, "recommendation-heading", "MC")
    # what a proposing heading's section says is offered for it
    assert parent_text(amap, by_text["Whistleblowers exposed most of the large cases."]) == "Congress Should Protect Whistleblowers"
    assert "What We Found" not in by_text and "Recommendations" not in by_text


def test_a_second_series_brief_in_the_same_shape_as_the_example():
    """Another brief converted the same way (masthead, two authors, notes mid-sentence at a page break)."""
    amap = argmap.analyze(FIXTURES / "series-brief.md", rules_only=True)
    meta = amap.metadata
    assert (meta.series, meta.date, meta.identifier) == ("Online Series", "2023-11-08", "CO 23-41")
    assert (meta.author, meta.affiliation) == ("Park, Seoyeon and Lee, Junho", "Research Fellows, Economic Studies Division")
    texts = [n.text for n in amap.nodes]
    assert "Traders who once carried grain across the river were unable to restock, and market stalls emptied within weeks." in texts
    notes = amap.by_type(NodeType.EVIDENCE)
    assert [parent_text(amap, n)[:20] for n in notes] == ["Rice prices in the n", "Traders who once car"]
    items = [n for n in amap.nodes if n.ordinal]
    assert len(items) == 3 and {parent_text(amap, n) for n in items} == {"There are three reasons why the state has failed to respond."}
    however = next(n for n in amap.nodes if n.text.startswith("However"))
    assert any(e.source == however.id and e.type == EdgeType.ATTACK for e in amap.edges)
    recs = amap.by_type(NodeType.RECOMMENDATION)
    assert [r.text[:12] for r in recs] == ["It is necess", "In addition,"]
    assert "This article examines" not in " ".join(texts)


def test_loaded_objects_set_aside_for_a_call_and_kept_aside_inside_an_outer_block():
    """analyze() freezes what was alive before it and gives it back; inside an outer block (a batch's
    forked workers) it leaves the outer block's frozen set alone instead of unfreezing it."""
    import gc

    from argmap.collector import loaded_objects_set_aside

    text = "# Title\n\nThe government should act. Sanctions failed because they were weak.\n"
    assert gc.get_freeze_count() == 0
    argmap.analyze(text)
    assert gc.get_freeze_count() == 0  # a call on its own gives back what it set aside
    with loaded_objects_set_aside():
        frozen = gc.get_freeze_count()
        assert frozen > 0
        argmap.analyze(text)
        assert gc.get_freeze_count() >= frozen  # the inner call did not unfreeze the outer block's objects
    assert gc.get_freeze_count() == 0


def test_loading_runs_without_collections_and_gives_the_collector_back_as_it_found_it():
    """What loading makes lives as long as the process: no collection walks it while it is made."""
    import gc

    from argmap.collector import collector_paused

    runs = []
    callback = lambda phase, info: runs.append(info["generation"]) if phase == "start" else None  # noqa: E731
    gc.callbacks.append(callback)
    try:
        with collector_paused():
            kept = [[i] for i in range(200_000)]  # far past every generation's threshold
            assert not gc.isenabled()
            during = len(runs)
        assert during == 0 and len(kept) == 200_000
        assert gc.isenabled()
        gc.disable()
        try:
            with collector_paused():
                pass
            assert not gc.isenabled()  # a caller's own pause is left as it was
        finally:
            gc.enable()
    finally:
        gc.callbacks.remove(callback)


def test_the_learned_layer_runs_without_collections_and_gives_the_collector_back(monkeypatch):
    """What the learned layer makes lives until its map is built: no collection walks it meanwhile."""
    import gc

    import argmap.learn

    real, seen = argmap.learn.decide, []

    def decide(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(argmap.learn, "decide", decide)
    amap = argmap.analyze(SEED.read_text(encoding="utf-8"), weights="default")
    assert seen == [False] and gc.isenabled()
    assert amap.settings["weights"] == "default" and any(node.score is not None for node in amap.nodes)


#: a dispute the text reports: one side's view, then the other side answering it (guide, section 5)
DISPUTE = {
    "en": ("# Tariffs on copper\n\nThe tariffs took effect in August. Some analysts assert that the tariffs "
           "support domestic producers. Other observers caution that the tariffs raise costs for manufacturers. "
           "Imports fell by a third.\n"),
    "de": ("# Zölle auf Kupfer\n\nDie Zölle gelten seit August. Einige Analysten meinen, die Zölle stützten die "
           "heimischen Hersteller. Andere Beobachter halten dagegen, die Zölle verteuerten die Produktion. "
           "Die Einfuhren sanken um ein Drittel.\n"),
}


@pytest.mark.parametrize("lang", sorted(DISPUTE))
def test_a_reported_dispute_answer_attacks_the_view_it_answers(lang):
    """The sentence that voices the other side right after a reported view attacks that view; the same
    sentence after a plain fact elaborates the paragraph's lead, as any other."""
    amap = argmap.analyze(DISPUTE[lang], lang=lang, rules_only=True)
    order = sorted(amap.nodes, key=lambda n: n.spans[0][0])
    view, answer, fact = order[2], order[3], order[4]
    edge = amap.parent_of(answer.id)
    assert (edge.type, edge.target, edge.rule) == (EdgeType.ATTACK, view.id, "answers-reported-view")
    assert amap.parent_of(fact.id).type == EdgeType.SUPPORT
    # without the view before it, the answer has nothing to answer
    plain = DISPUTE[lang].replace(view.text + " ", "")
    amap = argmap.analyze(plain, lang=lang, rules_only=True)
    answer = next(n for n in amap.nodes if n.text == answer.text)
    assert amap.parent_of(answer.id).type == EdgeType.SUPPORT
