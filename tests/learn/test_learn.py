"""The learned layer: training on a small corpus, the weights file, decoding a tree, and the rules kept apart."""

from __future__ import annotations

import itertools
import json
import shutil

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

import argmap
from argmap.cli import app
from argmap.learn import Weights, WeightsError, arborescence, default_weights, load_weights, save_weights
from argmap.model import EdgeType, NodeType
from conftest import CORPORA, SEED

pytest.importorskip("sklearn", reason="training needs scikit-learn (pip install 'argmap[train]')")

#: three small briefs of the reference corpus's dev split, copied as a fixture corpus
FIXTURE = ["crs-in12682v2", "crs-r48909v1", "kinu-co-24-17"]


@pytest.fixture(scope="module")
def fixture_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    for stem in FIXTURE:
        shutil.copy(CORPORA / f"{stem}.md", root / f"{stem}.md")
        shutil.copy(CORPORA / f"{stem}.gold.json", root / f"{stem}.gold.json")
    return root


@pytest.fixture(scope="module")
def prepared(fixture_corpus):
    from argmap.learn.train import prepare_paths

    return prepare_paths([fixture_corpus], format="argmap-gold")


@pytest.fixture(scope="module")
def trained(prepared):
    from argmap.learn.train import fit

    return fit(prepared, name="fixture")


def _tree_ok(amap) -> None:
    """One major claim, one primary edge per other node, every node reaches the root without a cycle."""
    majors = [n.id for n in amap.nodes if n.type == NodeType.MAJOR_CLAIM]
    assert len(majors) == 1
    parent = {}
    for edge in amap.edges:
        if edge.primary:
            assert edge.source not in parent, f"{edge.source} has two primary edges"
            parent[edge.source] = edge.target
    ids = {n.id for n in amap.nodes}
    assert set(parent) == ids - {majors[0]}
    for node in ids:
        seen = set()
        while node != majors[0]:
            assert node not in seen, "a cycle"
            seen.add(node)
            node = parent[node]


def test_training_learns_from_every_decision(prepared, trained):
    assert len(prepared) == len(FIXTURE)
    for name, model in trained.models.items():
        assert model.features, f"the {name} model has no features"
        assert np.abs(model.coef).sum() > 0, f"the {name} model learned nothing"
    assert trained.trained_on == sorted(f"{stem}.md" for stem in FIXTURE)


def test_weights_change_with_the_training_data(prepared, trained):
    from argmap.learn.train import fit

    fewer = fit(prepared[:2])
    assert fewer.models["attach"].features != trained.models["attach"].features or not np.allclose(
        fewer.models["attach"].coef, trained.models["attach"].coef)


def test_predictions_follow_the_weights(trained):
    amap = argmap.analyze(SEED, weights=trained)
    _tree_ok(amap)
    second = sorted(amap.nodes, key=lambda n: n.spans[0][0])[1]
    # a major-claim model that wants the document's second unit above all else picks it
    forced = Weights.from_dict(json.loads(json.dumps(trained.to_dict())))
    major = forced.models["major"]
    if "doc-second" not in major.features:
        pytest.skip("the fixture corpus gave no doc-second feature")
    major.coef[0, major.features.index("doc-second")] = 100.0
    moved = argmap.analyze(SEED, weights=forced)
    assert moved.major_claim.text == second.text
    _tree_ok(moved)


def test_a_feature_only_one_brief_has_is_not_weighed(prepared):
    """A feature seen in one training brief alone says what that brief is, not what a genre is."""
    from dataclasses import replace

    from argmap.learn.train import MIN_DOCUMENTS, fit

    assert MIN_DOCUMENTS == 2

    def marked(doc, *names):
        return replace(doc, examples={model: [(dict(row, **{n: 1.0 for n in names}), label) for row, label in rows]
                                      for model, rows in doc.examples.items()})

    docs = [marked(prepared[0], "only-in-one", "in-two"), marked(prepared[1], "in-two"), prepared[2]]
    weights = fit(docs)
    for name in ("type", "major", "relation"):
        assert "only-in-one" not in weights.models[name].features
        assert "in-two" in weights.models[name].features
    assert "only-in-one" not in weights.models["attach"].features and "in-two" in weights.models["attach"].features


#: a commentary without a title: its thesis stated in its second paragraph, in the writer's words
UNTITLED = ("The city council met on Monday to discuss the budget for the coming year.\n\n"
            "This brief argues that the council should fund the bus network before any new road.\n\n"
            "Buses carry more people per lane than cars do. Most residents who commute ride a bus.\n\n"
            "A new road would fill with traffic within a few years, as new roads elsewhere have.\n")


def test_a_text_without_a_title_keeps_the_rules_thesis_when_the_model_learned_only_titled_briefs(prepared, trained):
    """The major-claim model learns where a titled brief puts its thesis; in a text without a title the decoder
    keeps the rules' thesis, unless the model learned from texts without one too."""
    assert all(any(u.kind == "title" for u in doc.stages.kept) for doc in prepared)
    assert trained.settings["major_needs_title"] == 1
    from argmap.pipeline import run_rules
    from argmap.read import read_text

    assert not any(u.kind == "title" for u in run_rules(read_text(UNTITLED)).kept)
    rules = argmap.analyze(UNTITLED, rules_only=True)
    # a major-claim model that wants the text's first unit above all else
    forced = Weights.from_dict(json.loads(json.dumps(trained.to_dict())))
    major = forced.models["major"]
    assert "doc-first" in major.features
    major.coef[0, major.features.index("doc-first")] = 100.0
    first = sorted(rules.nodes, key=lambda n: n.spans[0][0])[0]
    assert rules.major_claim.text != first.text
    kept = argmap.analyze(UNTITLED, weights=forced)
    assert kept.major_claim.text == rules.major_claim.text
    _tree_ok(kept)
    forced.settings["major_needs_title"] = 0  # weights that learned from untitled texts too: the model decides
    moved = argmap.analyze(UNTITLED, weights=forced)
    assert moved.major_claim.text == first.text
    _tree_ok(moved)
    # a titled brief is the model's to decide either way
    forced.settings["major_needs_title"] = 1
    titled = argmap.analyze(SEED, weights=forced)
    assert titled.major_claim.text == sorted(titled.nodes, key=lambda n: n.spans[0][0])[0].text


STATED = ("# Buses First\n\n## Where the money goes\n\nThe city council met on Monday to discuss the budget for the coming "
          "year.\n\nThis brief argues that the council should fund the bus network before any new road.\n\n"
          "Buses carry more people per lane than cars do. Most residents who commute ride a bus.\n")


def test_a_stated_thesis_below_a_title_is_the_major_claim_when_the_model_saw_none(prepared, trained):
    """The guide takes an explicit thesis ("This brief argues that …") ahead of the title. Below a heading the
    rules read it as its section's point and keep the title; weights that learned from no such sentence
    cannot weigh its cue, so the decoder takes it, and leaves the choice to a model that saw such sentences."""
    from argmap.pipeline import run_rules
    from argmap.read import read_text

    assert not any(u.rule == "thesis-statement" for doc in prepared for u in doc.stages.kept)
    assert trained.settings["major_needs_thesis"] == 1
    kept = run_rules(read_text(STATED)).kept
    stated = next(u for u in kept if u.rule == "thesis-statement")
    rules = argmap.analyze(STATED, rules_only=True)
    assert rules.major_claim.text == "Buses First"
    # a major-claim model that wants the title above all else
    forced = Weights.from_dict(json.loads(json.dumps(trained.to_dict())))
    major = forced.models["major"]
    major.coef[0, major.features.index("kind=title")] = 100.0
    learned = argmap.analyze(STATED, weights=forced)
    assert learned.major_claim.text == stated.text
    _tree_ok(learned)
    forced.settings["major_needs_thesis"] = 0  # weights that learned from such sentences: the model decides
    titled = argmap.analyze(STATED, weights=forced)
    assert titled.major_claim.text == "Buses First"
    _tree_ok(titled)


def test_a_text_that_argues_keeps_the_rules_types_when_the_model_learned_only_reports(prepared, trained):
    """A type model fitted on texts whose major claim is their title (reports) learned what a "should" or a
    paragraph's first sentence is there; in a text that argues (its rules' thesis a sentence) the rules' types
    stand, unless the model learned from such texts too. A titled report stays the model's to type."""
    assert all(not any(u.type == NodeType.MAJOR_CLAIM and u.kind == "sentence" for u in doc.stages.kept)
               for doc in prepared)
    assert trained.settings["types_need_argued"] == 1
    forced = Weights.from_dict(json.loads(json.dumps(trained.to_dict())))
    kind = forced.models["type"]
    kind.intercept[kind.classes.index("evidence")] = 100.0  # a type model that calls everything evidence
    rules = argmap.analyze(UNTITLED, rules_only=True)
    assert rules.major_claim.text.startswith("This brief argues")
    types = {n.text: n.type for n in rules.nodes}
    assert {NodeType.PREMISE, NodeType.MAJOR_CLAIM} <= set(types.values())
    kept = argmap.analyze(UNTITLED, weights=forced)
    assert {n.text: n.type for n in kept.nodes} == types
    _tree_ok(kept)
    forced.settings["types_need_argued"] = 0  # weights that learned from texts that argue: the model types
    moved = argmap.analyze(UNTITLED, weights=forced)
    assert {n.type for n in moved.nodes if n.type != NodeType.MAJOR_CLAIM} == {NodeType.EVIDENCE}
    forced.settings["types_need_argued"] = 1
    forced.settings["calls_need_rules"] = 0  # the brief's own calls for action aside (the next test's)
    report = argmap.analyze(SEED, weights=forced)
    assert {n.type for n in report.nodes if n.type != NodeType.MAJOR_CLAIM} == {NodeType.EVIDENCE}


def test_a_text_that_argues_keeps_the_rules_parents_when_the_model_learned_only_reports(prepared, trained):
    """An attachment model fitted on reports learned their paragraphs (a lead, the sentences that elaborate
    it); in a text that argues the rules' parents stand, and their relations, unless the model learned from
    such texts too."""
    assert trained.settings["parents_need_argued"] == 1
    forced = Weights.from_dict(json.loads(json.dumps(trained.to_dict())))
    attach = forced.models["attach"]
    attach.coef[0, attach.features.index("same-paragraph")] = -100.0  # a model that never keeps a paragraph together
    rules = argmap.analyze(UNTITLED, rules_only=True)
    parents = {(e.source, e.target) for e in rules.edges if e.primary}
    assert any(rules.node(s).paragraph == rules.node(t).paragraph for s, t in parents
               if rules.node(s).paragraph is not None)
    kept = argmap.analyze(UNTITLED, weights=forced)
    _tree_ok(kept)
    assert {(kept.node(e.source).text, kept.node(e.target).text) for e in kept.edges if e.primary} == \
        {(rules.node(s).text, rules.node(t).text) for s, t in parents}
    relation = forced.models["relation"]
    relation.intercept[:] = 100.0  # a relation model that calls every edge an attack: the rules' relations stand
    labeled = argmap.analyze(UNTITLED, weights=forced)
    assert {(labeled.node(e.source).text, labeled.node(e.target).text, e.type) for e in labeled.edges if e.primary} == \
        {(rules.node(e.source).text, rules.node(e.target).text, e.type) for e in rules.edges if e.primary}
    forced.settings["parents_need_argued"] = 0  # weights that learned from texts that argue: the model attaches
    assert {e.type for e in argmap.analyze(UNTITLED, weights=forced).edges if e.primary} == {EdgeType.ATTACK}
    moved = argmap.analyze(UNTITLED, weights=forced)
    _tree_ok(moved)
    assert {(moved.node(e.source).text, moved.node(e.target).text) for e in moved.edges if e.primary} != \
        {(rules.node(s).text, rules.node(t).text) for s, t in parents}


def test_the_learned_layer_keeps_every_unit_the_rules_kept(trained):
    """What is a unit is the rules' decision: a type model sure that every unit is none still maps them all,
    each with a type of its own, and sets nothing aside that the rules did not."""
    forced = Weights.from_dict(json.loads(json.dumps(trained.to_dict())))
    kind = forced.models["type"]
    kind.intercept[kind.classes.index("none")] = 100.0
    rules = argmap.analyze(SEED, rules_only=True)
    learned = argmap.analyze(SEED, weights=forced)
    assert sorted(n.text for n in learned.nodes) == sorted(n.text for n in rules.nodes)
    assert all(n.type.value in kind.classes and n.type.value != "none" for n in learned.nodes
               if n.type != NodeType.MAJOR_CLAIM)
    assert len(learned.set_aside) == len(rules.set_aside)
    _tree_ok(learned)


def test_reasons_read_after_the_weights_change_are_those_the_map_was_decided_with(trained):
    """A map's reasons are worked out when first read (``Later``): a trained model changed in between
    does not change them, and a map pickled before they were read carries them."""
    import copy
    import pickle

    weights = copy.deepcopy(trained)
    first, kept = argmap.analyze(SEED, weights=weights), argmap.analyze(SEED, weights=weights)
    for model in weights.models.values():
        model.coef *= -1.0
    moved = pickle.loads(pickle.dumps(kept))
    expected = argmap.analyze(SEED, weights=trained).to_dict()
    assert first.to_dict() == expected and moved.to_dict() == expected
    assert any(edge.why for edge in moved.edges) and any(node.why for node in moved.nodes)


def test_learned_nodes_and_edges_say_why(trained):
    amap = argmap.analyze(SEED, weights=trained)
    assert amap.settings["weights"] == "fixture"
    for node in amap.nodes:
        assert node.score is not None and 0.0 <= node.score <= 1.0
        assert node.rule
    primary = [e for e in amap.edges if e.primary]
    assert all(e.score is not None and e.rule for e in primary)
    assert any(e.why for e in primary)
    assert all(set(w) == {"feature", "weight"} and w["weight"] > 0 for e in primary for w in e.why)
    # a footnote's evidence hangs from the sentence that cites it, whatever the scores
    nodes = {n.id: n for n in amap.nodes}
    for edge in primary:
        source = nodes[edge.source]
        if source.footnote:
            assert source.footnote in nodes[edge.target].cited_notes


def test_weights_file_round_trip(trained, tmp_path):
    path = tmp_path / "w.json"
    save_weights(trained, path)
    loaded = load_weights(path)
    assert loaded.to_dict() == json.loads(path.read_text(encoding="utf-8"))
    rows = [{"bias": 1.0, "kind=sentence": 1.0, "log-words": 2.5}, {"bias": 1.0, "kind=heading": 1.0}]
    for name in trained.models:
        assert np.allclose(loaded.models[name].proba(rows), trained.models[name].proba(rows), atol=1e-5)
    again = tmp_path / "again.json"
    save_weights(loaded, again)
    assert again.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_what_decoding_derives_from_the_models_is_kept_until_a_model_changes(trained, tmp_path):
    path = tmp_path / "w.json"
    save_weights(trained, path)
    weights = load_weights(path)
    made = []

    def make(models):
        made.append(models)
        return {name: model.columns for name, model in models.items()}

    first = weights.derived("test", make)
    assert weights.derived("test", make) is first and len(made) == 1
    assert first["attach"] == {name: i for i, name in enumerate(weights.models["attach"].features)}
    first["attach"].clear()  # a copy: the model's own columns stay
    assert weights.models["attach"].columns and weights.models["attach"].proba([{"bias": 1.0}]).shape == (1, 2)
    weights.models["attach"] = load_weights(path).models["attach"]
    assert weights.derived("test", make) is not first and len(made) == 2


@pytest.mark.parametrize("content", ["{", "[]", '{"format": "argmap-weights/1"}',
                                     '{"format": "argmap-weights/1", "models": {"type": {"features": ["a"]}}}'])
def test_a_bad_weights_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(WeightsError):
        load_weights(path)
    result = CliRunner().invoke(app, ["analyze", str(SEED), "--weights", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "Error:" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_weights_and_rules_only_exclude_each_other(tmp_path, trained):
    path = tmp_path / "w.json"
    save_weights(trained, path)
    result = CliRunner().invoke(app, ["analyze", str(SEED), "--weights", str(path), "--rules-only",
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "exclude each other" in result.output


def test_rules_only_is_the_map_of_the_rules(monkeypatch):
    """``rules_only`` gives the map the rules made when they were the default: no score, no weights."""
    import argmap.learn

    ours = argmap.analyze(SEED, rules_only=True).to_dict()
    assert "weights" not in ours["settings"]
    assert not any("score" in item for item in ours["nodes"] + ours["edges"])
    monkeypatch.setattr(argmap.learn, "LEARNED_BY_DEFAULT", False)
    assert argmap.analyze(SEED).to_dict() == ours


def test_the_default_is_the_learned_layer(seed_map):
    """``analyze`` without ``weights`` or ``rules_only`` maps with the shipped weights."""
    from argmap.learn import LEARNED_BY_DEFAULT

    assert LEARNED_BY_DEFAULT
    assert seed_map.to_dict() == argmap.analyze(SEED, weights="default").to_dict()
    assert seed_map.settings["weights"] == "default"
    assert all(node.score is not None for node in seed_map.nodes)


def test_train_and_analyze_from_the_command_line(fixture_corpus, tmp_path):
    weights = tmp_path / "w.json"
    result = CliRunner().invoke(app, ["train", str(fixture_corpus), "-o", str(weights), "--format", "argmap-gold"])
    assert result.exit_code == 0, result.output
    assert load_weights(weights).trained_on
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(SEED), "--weights", str(weights), "-o", str(out), "-f", "json",
                                      "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "kinu-co-24-17.json").read_text(encoding="utf-8"))
    assert data["settings"]["weights"] == "w"
    assert all("score" in node for node in data["nodes"])


def test_train_leaves_out_what_a_corpus_marks_evaluation_only(fixture_corpus, tmp_path):
    """A brief whose licence forbids training on it is never trained on, and the command says so."""
    documents = [{"id": stem, "split": "dev", "publisher": "P", "kind": "k", "source": f"{stem}.md",
                  "gold": f"{stem}.gold.json", "use": "evaluation only" if stem == FIXTURE[0] else "train and evaluate"}
                 for stem in FIXTURE]
    (fixture_corpus / "corpus.json").write_text(json.dumps({"format": "argmap-corpus/1", "documents": documents}))
    try:
        weights = tmp_path / "w.json"
        result = CliRunner().invoke(app, ["train", str(fixture_corpus), "-o", str(weights)])
        assert result.exit_code == 0, result.output
        assert "Warning:" in result.stderr and "evaluation only" in result.stderr and FIXTURE[0] in result.stderr
        trained_on = " ".join(load_weights(weights).trained_on)
        assert FIXTURE[0] not in trained_on and FIXTURE[1] in trained_on
    finally:
        (fixture_corpus / "corpus.json").unlink()


def test_the_report_reads_the_test_split_only_when_asked(fixture_corpus, tmp_path):
    """``--report`` measures on dev and leaves the test split unread, saying so, as ``evaluate`` does; ``--split
    all`` (or ``test``) reports the test split too."""
    corpus = tmp_path / "corpus"
    shutil.copytree(fixture_corpus, corpus)
    documents = [{"id": stem, "split": "test" if stem == FIXTURE[0] else "dev", "publisher": "P", "kind": "k",
                  "source": f"{stem}.md", "gold": f"{stem}.gold.json"} for stem in FIXTURE]
    (corpus / "corpus.json").write_text(json.dumps({"format": "argmap-corpus/1", "documents": documents}))
    dev_only = CliRunner().invoke(app, ["train", str(corpus), "--report", "--split", "dev", "-q"])
    assert dev_only.exit_code == 0, dev_only.output
    assert "dev split (2 briefs)" in dev_only.stdout and "test split" not in dev_only.stdout
    default = CliRunner().invoke(app, ["train", str(corpus), "--report", "-q"])
    assert default.exit_code == 0, default.output
    assert default.stdout == dev_only.stdout
    assert "1 test brief(s) left unread" in default.stderr and "left unread" not in dev_only.stderr
    both = CliRunner().invoke(app, ["train", str(corpus), "--report", "--split", "all", "-q"])
    assert both.exit_code == 0, both.output
    assert "test split (1 briefs), measured once" in both.stdout


def test_train_refuses_what_holds_no_annotation(tmp_path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(app, ["train", str(tmp_path / "empty"), "-o", str(tmp_path / "w.json")])
    assert result.exit_code != 0 and "Error:" in result.output
    assert not (tmp_path / "w.json").exists()


def test_the_shipped_weights_load_and_map():
    weights = default_weights()
    assert weights is not None and weights.trained_on
    test_split = {e["source"] for e in json.loads((CORPORA / "corpus.json").read_text())["documents"]
                  if e["split"] == "test"}
    assert not set(weights.trained_on) & test_split, "the shipped weights saw a test brief"
    amap = argmap.analyze(SEED, weights="default")
    _tree_ok(amap)


# --- decoding -----------------------------------------------------------------------------------


def _brute_force(root, scores, nodes):
    """The best tree by trying every parent assignment (small inputs only)."""
    others = [n for n in nodes if n != root]
    choices = [[p for (p, c) in scores if c == n and p != n] for n in others]
    best, best_score = None, -np.inf
    for assignment in itertools.product(*choices):
        parent = dict(zip(others, assignment))
        ok = True
        for n in others:
            seen, cur = set(), n
            while cur != root and ok:
                if cur in seen:
                    ok = False
                seen.add(cur)
                cur = parent.get(cur, root)
        if ok:
            total = sum(scores[(parent[n], n)] for n in others)
            if total > best_score:
                best, best_score = parent, total
    return best_score


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=5).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.floats(-5, 0, allow_nan=False), min_size=(n + 1) * (n + 1),
                                             max_size=(n + 1) * (n + 1)))))
def test_decoding_gives_the_best_tree(case):
    n, values = case
    nodes = ["R"] + [f"u{i}" for i in range(n)]
    scores = {}
    for i, parent in enumerate(nodes):
        for j, child in enumerate(nodes):
            if child != "R" and parent != child:
                scores[(parent, child)] = values[i * len(nodes) + j]
    tree = arborescence("R", scores, nodes, keep=len(nodes))  # every parent kept: the exact maximum
    pruned = arborescence("R", scores, nodes, keep=1)  # the few best parents only: still a tree
    for found in (tree, pruned):
        assert set(found) == set(nodes) - {"R"}  # one parent each, the root none
        for node in found:
            seen = set()
            while node != "R":
                assert node not in seen
                seen.add(node)
                node = found[node]
    total = sum(scores[(p, c)] for c, p in tree.items())
    assert total == pytest.approx(_brute_force("R", scores, nodes))


def test_decoding_contracts_more_cycles_than_the_recursion_limit():
    """Pairs of units that each prefer the other: one contraction per pair, more than Python would recurse."""
    import sys
    pairs = sys.getrecursionlimit() + 200
    nodes = ["R"] + [f"{side}{i}" for i in range(pairs) for side in "ab"]
    scores = {("R", node): -5.0 for node in nodes[1:]}
    for i in range(pairs):
        scores[(f"a{i}", f"b{i}")] = scores[(f"b{i}", f"a{i}")] = -1.0
    tree = arborescence("R", scores, nodes)
    assert set(tree) == set(nodes) - {"R"}
    for i in range(pairs):  # each pair hangs one member from the root and the other from it
        assert sorted([tree[f"a{i}"], tree[f"b{i}"]]) in (["R", f"a{i}"], ["R", f"b{i}"])
        assert {tree[f"a{i}"], tree[f"b{i}"]} != {"R"}


@settings(deadline=None, max_examples=200)
@given(st.integers(min_value=2, max_value=14).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(0, n), st.integers(1, n), st.floats(-9, 0)),
                                             max_size=n * 4),
                        st.lists(st.floats(-9, 0), min_size=n, max_size=n))))
def test_decoding_weighs_as_networkx_does_on_sparse_graphs(case):
    """The decoder's Edmonds finds a tree as heavy as networkx's, on graphs with few parents per node."""
    import networkx as nx

    n, extra, to_root = case
    nodes = ["R"] + [f"u{i}" for i in range(1, n + 1)]
    scores = {("R", f"u{i}"): to_root[i - 1] for i in range(1, n + 1)}  # the root is offered to every node
    for parent, child, score in extra:
        if parent != child:
            scores[(nodes[parent], nodes[child])] = score
    tree = arborescence("R", scores, nodes)
    assert set(tree) == set(nodes) - {"R"}
    for node in tree:  # every node reaches the root
        seen = set()
        while node != "R":
            assert node not in seen and (tree[node], node) in scores
            seen.add(node)
            node = tree[node]
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    for (parent, child), score in scores.items():
        graph.add_edge(parent, child, weight=score)
    reference = nx.maximum_spanning_arborescence(graph, attr="weight")
    expected = sum(graph.edges[e]["weight"] for e in reference.edges())
    assert sum(scores[(p, c)] for c, p in tree.items()) == pytest.approx(expected)


@settings(deadline=None, max_examples=300)
@given(st.integers(min_value=2, max_value=40).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(1, n), st.integers(1, n), st.integers(0, 3)),
                                             max_size=n * 5),
                        st.integers(1, n))))
def test_decoding_gives_the_tree_one_pass_per_contraction_gives(case):
    """The decoder's Edmonds (a contraction touches the units near the cycle) returns the very tree of the
    one that passes over every unit per contraction, in the same order, on graphs of many cycles and of
    equal scores (few values), where another order of contractions could pick another tree as heavy."""
    import random

    from argmap.learn.decode import edmonds

    n, edges, seed = case
    incoming = {f"u{i}": {"R": -9.0} for i in range(1, n + 1)}  # the root is offered to every node
    for parent, child, score in edges:
        if parent != child:
            incoming[f"u{child}"][f"u{parent}"] = float(score)
    order = random.Random(seed)  # the candidates in any order: ties are broken by it
    for child, found in incoming.items():
        items = list(found.items())
        order.shuffle(items)
        incoming[child] = dict(items)
    copy = {child: dict(found) for child, found in incoming.items()}
    assert list(edmonds(incoming).items()) == list(edmonds_by_passes(copy).items())
    assert incoming == copy  # the caller's scores stay as they were


def test_a_long_chain_of_mutual_parents_is_decoded_without_a_pass_per_contraction():
    """Thousands of pairs of units that prefer each other, in a chain (as in one paragraph of thousands of
    sentences): a contraction per pair. Each used to work out every unit's best parent again (units ×
    contractions: quadratic); now only those of the units whose parents changed."""
    import builtins

    from argmap.learn import decode

    def chain(pairs: int) -> dict:
        incoming = {}
        for i in range(pairs):
            a, b = f"a{i}", f"b{i}"
            incoming[a] = {"R": -9.0, b: -1.0, **({f"a{i - 1}": -2.0} if i else {})}
            incoming[b] = {"R": -9.0, a: -1.0, **({f"b{i - 1}": -2.0} if i else {})}
        return incoming

    asked = [0]

    def counting_max(*args, **kwargs):  # the decoder's ``max`` is each best parent worked out
        asked[0] += 1
        return builtins.max(*args, **kwargs)

    decode.max = counting_max  # found before the builtin by the module's functions
    try:
        pairs = 2000
        tree = decode.edmonds(chain(pairs))
        assert set(tree) == set(chain(pairs))
        assert asked[0] < 3 * 2 * pairs, asked[0]  # a pass per contraction would be some 2 × pairs²
    finally:
        del decode.max
    asked[0] = 0
    globals()["max"] = counting_max  # the reference below, in this module, counted the same way
    try:
        edmonds_by_passes(chain(200))
        assert asked[0] > 200 * 200  # the reference does pass over every unit per contraction
    finally:
        del globals()["max"]


def test_the_learned_layer_on_thousands_of_headings_stays_within_a_bounded_memory():
    """A text of 3,000 headings makes some 100,000 candidate pairs: with a matrix of all their features at
    once the decoder's peak (tracemalloc, numpy's arrays included) was some 240 MB; with the pairs and the
    units in blocks, and the reasons' rows kept as their nonzero cells, some 40 MB."""
    import tracemalloc

    from argmap.learn import decide
    from argmap.pipeline import run_rules
    from argmap.read import read_document

    text = "# Title\n\n" + "".join(f"## Heading {i}\n\n" for i in range(3000))
    stages = run_rules(read_document(text, name="headings.md"))
    weights = default_weights()
    tracemalloc.start()
    try:
        decisions = decide(stages, weights)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(decisions.nodes) == 3001
    assert peak < 80 * 2**20, peak / 2**20


def test_the_pair_table_gives_the_pair_features_rows(prepared):
    """Inference builds every candidate's pair features at once (``PairTable``); training reads them one
    pair at a time (``pair_features``): on every pair of the fixture briefs the two give the same row, with
    the type model's probabilities and without.

    The columns are every feature either side makes and every feature the shipped models weigh, so a
    feature only ``PairTable`` sets shows up as a difference rather than being dropped unseen."""
    from argmap.learn.features import STACKED, Context, PairTable, candidates, pair_features
    from argmap.learn.weights import LinearModel

    weighed = {name for model in default_weights().models.values() for name in model.features}
    rng = np.random.default_rng(0)
    for doc, typed in [(doc, typed) for doc in prepared for typed in (False, True)]:
        stages = doc.stages
        ctx = Context.build(stages.kept, stages.edges, stages.lexicon)
        if typed:  # the type model's probabilities, as the decoder sets them (none for the major claim)
            ctx.type_p = np.array([rng.dirichlet(np.ones(len(STACKED))) if u is not ctx.major
                                   else np.zeros(len(STACKED)) for u in stages.kept])
        pairs = [(u, c) for u in stages.kept for c in candidates(u, ctx)]
        rows = [pair_features(u, c, ctx, parent_side=False) for u, c in pairs]
        names = sorted({name for row in rows for name in row} | weighed)
        model = LinearModel(names, ["0", "1"], np.zeros((1, len(names))), np.zeros(1))
        table = PairTable(ctx).matrix(np.array([ctx.index[u.id] for u, _ in pairs]),
                                      np.array([ctx.index[c.id] for _, c in pairs]),
                                      {name: i for i, name in enumerate(names)}, len(names))
        assert len(pairs) > 20
        assert typed == any(name.startswith("parent-p=") for row in rows for name in row)
        assert np.allclose(table, model.matrix(rows)), doc.gold.name


def test_the_unit_table_gives_the_unit_features_rows(prepared):
    """Inference builds every unit's own features at once (``UnitTable``); training reads them one unit at
    a time (``unit_features``): on every unit of the fixture briefs the two give the same row, over every
    feature either side makes and every feature the shipped models weigh."""
    from argmap.learn.features import PARENT, Context, UnitTable, unit_features
    from argmap.learn.weights import fill

    weighed = {name.removeprefix(PARENT) for model in default_weights().models.values() for name in model.features}
    for doc in prepared:
        stages = doc.stages
        ctx = Context.build(stages.kept, stages.edges, stages.lexicon)
        rows = [unit_features(u, ctx) for u in stages.kept]
        names = sorted({name for row in rows for name in row} | weighed)
        index = {name: i for i, name in enumerate(names)}
        assert len(rows) > 10 and any(name.startswith("ctx:") for name in names)
        assert np.array_equal(UnitTable(ctx).matrix(index, len(names)), fill(rows, index, len(names))), doc.gold.name


def test_decoded_maps_are_trees_on_every_fixture_brief(prepared, trained):
    from argmap.learn.train import predict_map

    for doc in prepared:
        amap = predict_map(doc, trained)
        _tree_ok(amap)
        for edge in amap.edges:
            assert edge.type in (EdgeType.SUPPORT, EdgeType.ATTACK)


def test_a_learned_map_follows_the_schema_and_reads_back(trained):
    import jsonschema

    from argmap.model import ArgumentMap
    from argmap.schema import load_schema

    data = argmap.analyze(SEED, weights=trained).to_dict()
    jsonschema.validate(data, load_schema())
    assert ArgumentMap.from_dict(data).to_dict() == data


def test_show_why_prints_the_reasons(trained, tmp_path):
    from argmap.formats import write

    path = tmp_path / "map.json"
    path.write_text(write(argmap.analyze(SEED, weights=trained), "json"), encoding="utf-8")
    result = CliRunner().invoke(app, ["show", str(path), "--why", "--no-summary"])
    assert result.exit_code == 0
    assert "why type:" in result.output and "why here:" in result.output and "score" in result.output


def test_second_parents_clear_the_threshold_and_say_why(prepared, trained):
    """A candidate the attachment model rates above ``second_parent_threshold`` beside the tree's parent
    becomes an extra edge with its score and reasons; the tree stays the same, and at 1.0 none is made."""
    from argmap.learn.train import predict_map

    low = Weights.from_dict(json.loads(json.dumps(trained.to_dict())))
    low.settings["second_parent_threshold"] = 0.05
    off = Weights.from_dict(json.loads(json.dumps(trained.to_dict())))
    off.settings["second_parent_threshold"] = 1.0
    made = 0
    for doc in prepared:
        with_seconds, without = predict_map(doc, low), predict_map(doc, off)
        _tree_ok(with_seconds)
        assert [(e.source, e.target) for e in with_seconds.edges if e.primary] == \
            [(e.source, e.target) for e in without.edges if e.primary]
        assert not [e for e in without.edges if e.rule == "learned-second-parent"]
        primary = {(e.source, e.target) for e in with_seconds.edges if e.primary}
        for edge in with_seconds.edges:
            if edge.rule == "learned-second-parent":
                made += 1
                assert not edge.primary and (edge.source, edge.target) not in primary
                assert edge.score >= 0.05 and edge.why
        # the tree and every extra edge together still lead nowhere back to where they started
        import networkx as nx

        assert nx.is_directed_acyclic_graph(nx.DiGraph([(e.source, e.target) for e in with_seconds.edges]))
    assert made > 0


#: a paragraph whose second sentence turns against its first with a concession marker
TURNING = ("# Tariffs help\n\nThe tariffs protect domestic producers of steel. "
           "They raised the output of the mills in two years.\n\n"
           "Prices for buyers of steel rose sharply. "
           "Nevertheless, the mills hired more workers than before.\n")


def _with_relation_weight(weights: Weights, name: str, value: float) -> Weights:
    """A copy of ``weights`` whose relation model weighs the feature ``name`` at ``value`` (added if missing)."""
    from argmap.learn import LinearModel

    copy = Weights.from_dict(json.loads(json.dumps(weights.to_dict())))
    relation = copy.models["relation"]
    features, coef = list(relation.features), relation.coef.copy()
    if name not in features:
        features.append(name)
        coef = np.hstack([coef, np.zeros((coef.shape[0], 1))])
    coef[0, features.index(name)] = value
    copy.models["relation"] = LinearModel(features, relation.classes, coef, relation.intercept.copy())
    return copy


def test_the_relation_model_reads_the_units_own_cues(prepared, trained):
    """Whether a unit argues against its parent is said by the unit itself (its opening turn), so the
    relation model weighs the unit's own features, named ``unit:…``: a model that weighs the unit's
    concession marker heavily makes the edge from the sentence that opens "Nevertheless" an attack, and
    only that edge."""
    from argmap.learn.features import CHILD

    assert any(name.startswith(CHILD) for name in trained.models["relation"].features)
    assert all(any(name.startswith(CHILD) for name in row) for doc in prepared for row, _ in doc.examples["relation"])
    # a model that has weighed the rules' edges of the text (of a rule it never weighed, the rules' relation stands)
    rules = argmap.analyze(TURNING, rules_only=True)
    weighed = trained
    for rule in {e.rule for e in rules.edges if e.primary}:
        if f"rule-parent={rule}" not in weighed.models["relation"].features:
            weighed = _with_relation_weight(weighed, f"rule-parent={rule}", 0.0)
    plain = _with_relation_weight(weighed, CHILD + "marker=concession", 0.0)
    turned = _with_relation_weight(weighed, CHILD + "marker=concession", 100.0)
    before, after = argmap.analyze(TURNING, weights=plain), argmap.analyze(TURNING, weights=turned)
    text = {n.id: n.text for n in after.nodes}
    kind = {(text[e.source], text[e.target], e.primary): e.type for e in before.edges}
    turning = [e for e in after.edges if e.primary and text[e.source].startswith("Nevertheless")]
    assert len(turning) == 1 and turning[0].type == EdgeType.ATTACK
    assert kind[(text[turning[0].source], text[turning[0].target], True)] == EdgeType.SUPPORT
    for edge in after.edges:
        if edge.primary and edge is not turning[0]:
            assert edge.type == kind[(text[edge.source], text[edge.target], True)]


@pytest.mark.parametrize("text", [
    "# Title\n\n" + "".join(f"## Heading {i}\n\n" for i in range(400)),
    "# One\n\n" + " ".join(f"Because of {i}, sentence {i} follows." for i in range(400)),
    "# One\n\n" + "".join(f"Point {i} is made here. It holds.\n\n" for i in range(400)),
])
def test_a_units_candidate_parents_are_bounded_however_long_the_text(text):
    """Every earlier heading, every unit of a paragraph and every lead of a section as candidates made a
    text of thousands of headings (or one paragraph of thousands of sentences) millions of pairs, each a row
    of features: the decoder ran out of memory. The nearest are kept, and still include the nearest ones."""
    from argmap.learn.features import NEAREST_CANDIDATES, Context, candidates
    from argmap.pipeline import run_rules
    from argmap.read import read_text

    stages = run_rules(read_text(text))
    ctx = Context.build(stages.kept, stages.edges, stages.lexicon)
    counts = [len(candidates(unit, ctx)) for unit in stages.kept]
    assert len(stages.kept) > 300
    assert max(counts) <= 3 * NEAREST_CANDIDATES + 20
    last = stages.kept[-1]
    assert stages.kept[-2] in candidates(last, ctx)
    _tree_ok(argmap.analyze(text, weights="default"))


def edmonds_by_passes(incoming: dict) -> dict:
    """Chu-Liu/Edmonds as one pass over every unit and candidate per contraction: the reference the
    decoder's ``edmonds`` is held to (it was the decoder's own until a contraction touched only the
    units near its cycle)."""
    contractions = []
    while True:
        best = {child: max(found, key=found.__getitem__) for child, found in incoming.items()}
        cycle = a_cycle(best)
        if cycle is None:
            break
        members = set(cycle)
        merged = ("cycle", len(incoming), cycle[0])
        contracted: dict = {}
        via: dict = {}
        into: dict = {}
        enters: dict = {}
        for child, found in incoming.items():
            if child in members:
                kept = found[best[child]]
                for parent, score in found.items():
                    if parent not in members and (parent not in into or score - kept > into[parent]):
                        into[parent], enters[parent] = score - kept, child
                continue
            target = contracted[child] = {}
            for parent, score in found.items():
                if parent in members:
                    if merged not in target or score > target[merged]:
                        target[merged], via[child] = score, parent
                else:
                    target[parent] = score
        contracted[merged] = into
        contractions.append((cycle, best, merged, via, enters))
        incoming = contracted
    tree = best
    for cycle, best, merged, via, enters in reversed(contractions):
        outside = tree.pop(merged)
        for child in cycle:
            tree[child] = outside if child == enters[outside] else best[child]
        for child, parent in tree.items():
            if parent == merged:
                tree[child] = via[child]
    return tree


def a_cycle(parent: dict) -> list | None:
    """The nodes of one cycle of ``parent`` (child → parent), or None."""
    state: dict = {}  # 1: on the current path, 2: leads to the root
    for start in parent:
        path = []
        node = start
        while node in parent and node not in state:
            state[node] = 1
            path.append(node)
            node = parent[node]
        if state.get(node) == 1:
            return path[path.index(node):]
        for seen in path:
            state[seen] = 2
    return None


NIGHT = ("# The district should open a night bus\n\n"
         "Shift workers finish after midnight. Many of them walk home for an hour, so they lose sleep.\n\n"
         "A night bus would link the hospital with the housing estates. Critics say that a night bus would run "
         "empty. However, the hospital alone employs four hundred night staff.\n\n"
         "Under the transport act, operators must publish their timetables a month ahead. Therefore, the district "
         "should open a night bus service next spring. It should also light the stops on the route.\n")


def test_an_own_voice_call_keeps_the_rules_recommendation_when_the_model_learned_from_too_few(prepared, trained):
    """A type model that learned from (almost) no text making calls for action in its own voice ("the district
    should …") learned a report's "must", a requirement: such a call stays the rules' recommendation in any
    text, titled too, while a modal under another's rule ("Under the act, operators must …") is the model's to
    type. Weights that learned from two texts with such calls type them themselves."""
    from argmap.cues import load_lexicon
    from argmap.learn.train import fit

    assert trained.settings["calls_need_rules"] == 1  # one brief of the three makes such calls
    calling = [doc for doc in prepared if doc.gold.name.startswith("kinu")]
    assert fit(calling + calling).settings["calls_need_rules"] == 0
    assert fit([doc for doc in prepared if doc not in calling]).settings["calls_need_rules"] == 1
    rules = argmap.analyze(NIGHT, rules_only=True)
    assert rules.major_claim.text.startswith("The district")  # the title: the thesis is no sentence
    proposals = {n.text for n in rules.nodes if n.type == NodeType.RECOMMENDATION}
    own = {text for text in proposals if load_lexicon("en").own_call(text)}
    assert len(own) == 2 and len(proposals - own) == 1
    forced = Weights.from_dict(json.loads(json.dumps(trained.to_dict())))
    kind = forced.models["type"]
    kind.intercept[kind.classes.index("evidence")] = 100.0  # a type model that calls everything evidence
    learned = argmap.analyze(NIGHT, weights=forced)
    _tree_ok(learned)
    types = {n.text: n.type for n in learned.nodes}
    assert {types[text] for text in own} == {NodeType.RECOMMENDATION}
    assert {types[text] for text in proposals - own} == {NodeType.EVIDENCE}
    forced.settings["calls_need_rules"] = 0
    typed = argmap.analyze(NIGHT, weights=forced)
    assert {n.type for n in typed.nodes if n.type != NodeType.MAJOR_CLAIM} == {NodeType.EVIDENCE}


def test_the_rules_relation_stands_on_an_edge_by_a_rule_the_relation_model_never_weighed(trained):
    """Where the tree keeps the rules' parent by a rule of which the relation model has no weight (no two
    training texts had it), the rules' relation stands ("However, …" answering what critics say attacks it);
    a relation model that weighed the rule decides."""
    rules = argmap.analyze(NIGHT, rules_only=True)
    attack = next(e for e in rules.edges if e.primary and e.type == EdgeType.ATTACK)
    pair = (rules.node(attack.source).text, rules.node(attack.target).text)
    data = json.loads(json.dumps(trained.to_dict()))
    data["models"]["attach"]["coef"][0][data["models"]["attach"]["features"].index("is-rule-parent")] = 100.0
    relation = data["models"]["relation"]
    relation["intercept"] = [-100.0]  # a relation model that calls every edge a support
    name = f"rule-parent={attack.rule}"
    assert name not in relation["features"]

    def edge_of(weights):
        amap = argmap.analyze(NIGHT, weights=weights)
        _tree_ok(amap)
        edge = next(e for e in amap.edges if e.primary and amap.node(e.source).text == pair[0])
        assert amap.node(edge.target).text == pair[1]  # the rules' parent kept
        return edge

    assert edge_of(Weights.from_dict(data)).type == EdgeType.ATTACK
    relation["features"].append(name)
    relation["coef"] = [row + [0.0] for row in relation["coef"]]
    assert edge_of(Weights.from_dict(data)).type == EdgeType.SUPPORT
