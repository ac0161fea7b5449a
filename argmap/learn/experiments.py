"""The learned layer measured: cross-validation on the reference corpus's dev split, the test split once,
the microtexts' published protocol, and models carried from one corpus to another — each beside the rules.

Every model here is fitted on the training part of its experiment only; ``argmap train --report``
prints the whole as the Markdown of ``docs/evaluation.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .train import Prepared, fit, predict_map

__all__ = ["Report", "run_experiments", "to_markdown"]

MAP_METRICS = ["unit_f1", "type_macro_f1", "edge_f1_labeled", "attachment_acc", "major_claim_found"]
LEVEL_METRICS = ["cc", "ro", "fu", "at"]
NAMES = {"unit_f1": "unit F1", "type_macro_f1": "type macro F1", "edge_f1_labeled": "edge F1, labeled",
         "attachment_acc": "attachment", "major_claim_found": "major claim found", "cc": "cc: central claim",
         "ro": "ro: role", "fu": "fu: function", "at": "at: attachment", "recommendation_f1": "recommendation F1"}


@dataclass
class Report:
    """Tables of (metric → figure) per column, in the order they were measured."""

    tables: list[tuple[str, list[str], list[str], dict[str, dict[str, float]]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, title: str, columns: list[str], metrics: list[str], figures: dict[str, dict[str, float]]) -> None:
        self.tables.append((title, columns, metrics, figures))


def _map_scores(docs: list[Prepared], weights_for: Callable[[Prepared], object]) -> dict[str, float]:
    from ..evaluate import _gold_dict, pool_map_counts
    from ..evaluate.metrics import score_map

    counts = [score_map(_gold_dict(d.gold), predict_map(d, weights_for(d)).to_dict())["counts"] for d in docs]
    return pool_map_counts(counts)


def _level_scores(docs: list[Prepared], weights_for: Callable[[Prepared], object]) -> dict[str, float]:
    from ..evaluate import _gold_tree, _project
    from ..evaluate.metrics import level_scores

    pairs = []
    for d in docs:
        _, tree = _project(d.gold, predict_map(d, weights_for(d)))
        pairs.append((_gold_tree(d.gold), tree))
    return {k: round(v, 3) for k, v in level_scores(pairs).items()}


def _recommendation_f1(docs: list[Prepared], weights_for: Callable[[Prepared], object]) -> dict[str, float]:
    from ..evaluate import _acts_as, _project
    from ..evaluate.metrics import prf

    tp = n_pred = n_gold = 0
    for d in docs:
        nodes, _ = _project(d.gold, predict_map(d, weights_for(d)))
        for unit, node in zip(d.gold.units, nodes):
            gold = unit.type == "recommendation"
            pred = node is not None and _acts_as(node, "recommendation", d.stages.lexicon)
            tp += gold and pred
            n_pred += pred
            n_gold += gold
    return {"recommendation_f1": prf(tp, n_pred, n_gold)[2]}


def _folds(docs: list[Prepared], k: int | None) -> dict[int, object]:
    """A model per document, fitted without it: leave one out (``k`` None) or k folds in a fixed order."""
    order = sorted(range(len(docs)), key=lambda i: docs[i].gold.name)
    fold_of = {i: (n if k is None else n % k) for n, i in enumerate(order)}
    models: dict[int, object] = {}
    by_fold: dict[int, object] = {}
    for i in range(len(docs)):
        f = fold_of[i]
        if f not in by_fold:
            by_fold[f] = fit([d for j, d in enumerate(docs) if fold_of[j] != f])
        models[id(docs[i])] = by_fold[f]
    return models


def run_experiments(reference: list[Prepared], test: list[Prepared], microtexts: dict[str, list[Prepared]],
                    cdcp: list[Prepared], agreement: dict[str, float] | None = None,
                    progress: Callable[[str], None] | None = None) -> Report:
    """Run every experiment the data allows; an empty list skips the experiments that need it."""
    report = Report()
    say = progress or (lambda _m: None)
    rules = lambda _d: None  # noqa: E731 - the rules, no weights
    if reference:
        say("reference corpus: leave one brief out")
        held = _folds(reference, None)
        columns = {"learned (leave one brief out)": _map_scores(reference, lambda d: held[id(d)]),
                   "rules only": _map_scores(reference, rules)}
        if agreement:
            columns["agreement (ceiling)"] = {m: agreement[m] for m in MAP_METRICS if m in agreement}
        report.add(f"Reference corpus, dev split ({len(reference)} briefs)", list(columns), MAP_METRICS, columns)
        if test:
            say("reference corpus: the test split, once")
            model = fit(reference)
            columns = {"learned (trained on dev)": _map_scores(test, lambda _d: model),
                       "rules only": _map_scores(test, rules)}
            report.add(f"Reference corpus, test split ({len(test)} briefs), measured once",
                       list(columns), MAP_METRICS, columns)
    for lang, docs in sorted(microtexts.items()):
        if not docs:
            continue
        say(f"microtexts ({lang}): 10-fold cross-validation")
        folds = _folds(docs, 10)
        columns = {"learned (10-fold CV)": _level_scores(docs, lambda d: folds[id(d)]),
                   "rules only": _level_scores(docs, rules)}
        report.add(f"Microtexts ({lang}), {len(docs)} texts, gold segments", list(columns), LEVEL_METRICS, columns)
    if reference:
        say("cross-domain")
        briefs_model = fit(reference)
        for lang, docs in sorted(microtexts.items()):
            if docs:
                within = next(t[3] for t in report.tables if t[0].startswith(f"Microtexts ({lang})"))
                columns = {"trained on briefs": _level_scores(docs, lambda _d: briefs_model),
                           "trained on microtexts (10-fold CV)": within["learned (10-fold CV)"],
                           "rules only": within["rules only"]}
                report.add(f"Cross-domain: briefs → microtexts ({lang})", list(columns), LEVEL_METRICS, columns)
        if cdcp:
            columns = {"trained on briefs": _recommendation_f1(cdcp, lambda _d: briefs_model),
                       "rules only": _recommendation_f1(cdcp, rules)}
            report.add(f"Cross-domain: briefs → CDCP ({len(cdcp)} comments)", list(columns),
                       ["recommendation_f1"], columns)
        others = {f"trained on microtexts ({lang})": fit(docs) for lang, docs in sorted(microtexts.items()) if docs}
        if cdcp:
            others["trained on CDCP"] = fit(cdcp)
        if others:
            columns = {name: _map_scores(reference, lambda _d, m=model: m) for name, model in others.items()}
            columns["learned on briefs (leave one out)"] = report.tables[0][3]["learned (leave one brief out)"]
            columns["rules only"] = report.tables[0][3]["rules only"]
            report.add(f"Cross-domain: other corpora → briefs (dev split, {len(reference)} briefs)", list(columns),
                       MAP_METRICS, columns)
    return report


def to_markdown(report: Report) -> str:
    out = []
    for title, columns, metrics, figures in report.tables:
        out.append(f"**{title}**\n")
        out.append("| metric | " + " | ".join(columns) + " |")
        out.append("|---|" + "---:|" * len(columns))
        for metric in metrics:
            cells = []
            for column in columns:
                value = figures[column].get(metric)
                cells.append("" if value is None else f"{float(value):.3f}")
            out.append(f"| {NAMES.get(metric, metric)} | " + " | ".join(cells) + " |")
        out.append("")
    out.extend(report.notes)
    return "\n".join(out).rstrip() + "\n"
