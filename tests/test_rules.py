"""The rule registry: each rule fires on its example and stays quiet on its counterexample.

The cases are drawn from the registry itself, so a rule registered without examples fails here.
The AIF reader's rules are shown on AIF documents; the learned layer's, which no fixed text shows,
on weights built here to part from the rules or follow them.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap import rules as R
from argmap.classify import classify
from argmap.cues import load_lexicon
from argmap.formats import parse_map
from argmap.link import link
from conftest import SEED

RULES = R.all_rules()
PACKAGE = Path(argmap.__file__).resolve().parent
CORPORA = Path(__file__).resolve().parents[1] / "corpora"


def _names_in_map(text: str, lang: str, option: str | None = None) -> dict[str, set[str]]:
    """The rule names a map of ``text`` records, by the place it records them."""
    return _names_of(argmap.analyze(text, lang=lang, rules_only=True, **({option: True} if option else {})))


def _names_of(amap) -> dict[str, set[str]]:
    return {"node": {n.rule for n in amap.nodes}, "edge": {e.rule for e in amap.edges},
            "set-aside": {s["kind"] for s in amap.set_aside}}


def _feature(model, name: str) -> int:
    assert name in model.features, f"the shipped weights have no feature {name!r}: bend another one here"
    return model.features.index(name)


def _learned(rule: R.Rule, fire: bool) -> dict[str, set[str]]:
    """A map of the seed brief with the shipped weights bent to part from the rules (``fire``) or to follow them.

    Which units a trained model types or places otherwise than the rules depends on its training, so the
    learned layer's rules are shown with weights built for it: a type model that calls everything a
    recommendation, a major-claim model drawn to sentences, an attachment model that shuns the rules' parents.
    """
    from argmap.learn import Weights, default_weights

    weights = Weights.from_dict(json.loads(json.dumps(default_weights().to_dict())))
    models = weights.models
    if rule is R.LEARNED_TYPE:
        model = models["type"]
        model.coef[:] = 0.0
        model.intercept[:] = -10.0
        model.intercept[model.classes.index("recommendation" if fire else "premise")] = 10.0
        text = "# Report\n\nCosts rose. Prices fell.\n" if fire else "# Report\n\nCosts rose.\n\nPrices fell.\n"
    elif rule is R.LEARNED_MAJOR_CLAIM:
        model = models["major"]
        model.coef[:] = 0.0
        model.intercept[:] = 0.0
        model.coef[0, _feature(model, "kind=sentence" if fire else "kind=title")] = 100.0
        text = "# Report\n\nCosts rose. Prices fell.\n"
    else:
        model = models["attach"]
        model.coef[0, _feature(model, "is-rule-parent")] = -100.0 if fire else 100.0
        text = SEED.read_text(encoding="utf-8")
    return _names_of(argmap.analyze(text, lang="en", weights=weights))


def _names(rule: R.Rule, fire: bool) -> dict[str, set[str]]:
    if rule.no_text:
        assert not rule.example and rule.stage == "learn", f"{rule.name}: test it on its example"
        return _learned(rule, fire)
    assert rule.example and rule.counterexample, (
        f"rule {rule.name!r} needs an example and a counterexample in argmap/rules.py")
    text = rule.example if fire else rule.counterexample
    if rule.stage == "import":  # a map another tool drew
        return _names_of(parse_map(text, name="example"))
    return _names_in_map(text, rule.lang, rule.option)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_each_rule_fires_on_its_example(rule):
    found = _names(rule, fire=True)
    for place in rule.places:
        assert rule.name in found[place], f"{rule.name} not on any {place}: {found}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_each_rule_stays_quiet_on_its_counterexample(rule):
    found = _names(rule, fire=False)
    assert not any(rule.name in names for names in found.values()), found


def test_the_registry_is_whole():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert {r.stage for r in RULES} == set(R.STAGES)
    unbound = [r.name for r in RULES if not r.functions]
    assert not unbound, f"rules that no function applies: {unbound}"
    assert all(bool(r.no_text) != bool(r.example) for r in RULES)
    assert R.get("paragraph-lead") is R.PARAGRAPH_LEAD
    with pytest.raises(R.UnknownRule, match="argmap rules"):
        R.get("no-such-rule")


def test_every_rule_a_map_of_the_corpus_records_is_registered():
    names = {r.name for r in RULES}
    briefs = sorted(CORPORA.glob("*.md"))
    assert briefs
    for brief in briefs:
        amap = argmap.analyze(brief, rules_only=True)
        recorded = {n.rule for n in amap.nodes} | {e.rule for e in amap.edges}
        assert recorded <= names, (brief.name, recorded - names)


def _rule_literals(tree: ast.AST, names: set[str]):
    """String literals of rule names where the code writes or compares a rule: ``x.rule == "…"``,
    ``x.rule in ("…",)``, ``rule="…"``, ``x.rule = "…"``."""

    def literals(node):
        items = node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else [node]
        return [i for i in items if isinstance(i, ast.Constant) and i.value in names]

    def is_rule(node):
        return isinstance(node, ast.Attribute) and node.attr == "rule"

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and (is_rule(node.left) or any(is_rule(c) for c in node.comparators)):
            for side in [node.left, *node.comparators]:
                yield from literals(side)
        elif isinstance(node, ast.keyword) and node.arg == "rule":
            yield from literals(node.value)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if is_rule(target):
                    yield from literals(node.value)
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):  # x.type, x.rule = T, "…"
                    for part, value in zip(target.elts, node.value.elts):
                        if is_rule(part):
                            yield from literals(value)


def test_no_module_names_a_rule_by_a_string_of_its_own():
    names = {r.name for r in RULES}
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path == PACKAGE / "rules.py":
            continue
        for literal in _rule_literals(ast.parse(path.read_text(encoding="utf-8")), names):
            found.append(f"{path.relative_to(PACKAGE)}:{literal.lineno} {literal.value!r}")
    assert not found, "rule names written as strings (use argmap.rules): " + ", ".join(found)


def test_the_literal_scan_sees_a_rule_written_as_a_string():
    code = ('edge.rule == "paragraph-lead"\nEdge("a", "b", rule="list-item")\nunit.rule = "title"\n'
            'unit.type, unit.rule = None, "footnote"\nunit.kind == "footnote"\n')
    found = sorted(c.value for c in _rule_literals(ast.parse(code), {r.name for r in RULES}))
    assert found == ["footnote", "list-item", "paragraph-lead", "title"]


def _stages(text: str):
    """The units of ``text`` after classification, and the layout it returned (the stages one by one)."""
    from argmap.clean import clean
    from argmap.nlp import load_nlp
    from argmap.read import read_document
    from argmap.segment import segment

    lexicon = load_lexicon("en")
    document = clean(read_document(text, name="t.md"), lexicon=lexicon)
    units = segment(document, load_nlp(None), lexicon)
    layout = classify(units, lexicon)
    for n, unit in enumerate(u for u in units if u.type is not None and not u.excluded):
        unit.id = f"U{n}"
    return units, layout, lexicon


@pytest.mark.parametrize("rule", [r for r in RULES if r.example and not r.option and r.stage in ("classify", "link")],
                         ids=lambda r: r.name)
def test_linking_changes_no_type(rule):
    """Classification owns every unit's type: linking reads types and rules and only adds edges."""
    units, layout, lexicon = _stages(rule.example)
    before = [(u.type, u.rule, u.cue, u.excluded) for u in units]
    edges = link(units, lexicon, layout)
    assert [(u.type, u.rule, u.cue, u.excluded) for u in units] == before
    if rule.stage == "link" and "edge" in rule.places:
        assert rule.name in {e.rule for e in edges}


def test_the_layout_is_found_once_per_document(monkeypatch):
    import argmap.classify as classify_module

    calls = []
    real = classify_module.find_layout
    monkeypatch.setattr(classify_module, "find_layout", lambda *a: calls.append(1) or real(*a))
    argmap.analyze(R.ENUMERATION_INTRODUCER.example, lang="en", rules_only=True)
    assert calls == [1]


def test_classification_raises_the_claims_of_the_layout():
    units, layout, _ = _stages("# Report\n\nThe plan has two flaws. First, it costs too much. Second, it is late.\n\n"
                               "Prices fell. Therefore, the plan failed.")
    (run,) = layout.runs
    (block,) = run.blocks
    assert block.introducer.text == "The plan has two flaws."
    assert [item.first.text for item in block.items] == ["First, it costs too much.", "Second, it is late."]
    raised = {u.text: u.rule for u in units if u.type is not None and u.type.value == "claim"}
    assert raised == {"The plan has two flaws.": R.ENUMERATION_INTRODUCER.name,
                      "Therefore, the plan failed.": R.CONCLUSION_MARKER.name}


def test_linking_changes_no_unit_of_the_corpus():
    for brief in sorted(CORPORA.glob("*.md")):
        units, layout, lexicon = _stages(brief.read_text(encoding="utf-8"))
        before = [(u.type, u.rule, u.cue, u.excluded) for u in units]
        link(units, lexicon, layout)
        assert [(u.type, u.rule, u.cue, u.excluded) for u in units] == before, brief.name


_SHAPES = [text for rule in RULES if rule.stage in ("classify", "link")
           for text in (rule.example, rule.counterexample) if text]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_SHAPES), min_size=1, max_size=5), st.sampled_from(["\n\n", "\n"]))
def test_linking_changes_no_unit_of_any_mix_of_the_examples(parts, separator):
    units, layout, lexicon = _stages(separator.join(parts))
    before = [(u.type, u.rule, u.cue, u.excluded) for u in units]
    link(units, lexicon, layout)
    assert [(u.type, u.rule, u.cue, u.excluded) for u in units] == before
