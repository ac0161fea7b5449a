"""Training: the rule stages run on annotated documents, their units are aligned with the gold units, and
one logistic regression per decision is fitted with scikit-learn (the ``argmap[train]`` extra).

Also the cross-validation the evaluation reports: leave one brief out, k folds, and a model trained on
one corpus scored on another, each with the models fitted again on the training part only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Callable, Iterable

import numpy as np

from ..errors import MissingDependency
from ..model import NodeType
from ..rules import THESIS_STATEMENT as _THESIS_STATEMENT
from .decode import decide, is_own_call
from .features import (STACKED, TAILS, TYPE_CLASSES, Context, candidates, child_features, pair_features, stacked_features,
                       unit_features)
from .weights import MODELS, LinearModel, Weights

__all__ = ["Prepared", "prepare", "prepare_paths", "fit", "DEFAULT_SETTINGS"]

#: the decoder's thresholds (a unit the type model rates no unit is never set aside: ``decode.decide``);
#: ``second_parent_threshold`` adds a candidate beside the tree's parent as an extra edge when the attachment
#: model gives it this much (chosen on the dev split's labeled edge F1, which counts every extra edge made)
DEFAULT_SETTINGS = {"attack_threshold": 0.5, "extra_threshold": 0.3,
                    "second_parent_threshold": 0.4}
#: regularisation (scikit-learn's C) per model: small data, so fairly strong
C = {"type": 0.5, "major": 0.5, "attach": 0.1, "relation": 0.5}
#: per model, scikit-learn's class_weight (none: weighing rare types up cost macro F1 in cross-validation)
CLASS_WEIGHT: dict[str, str | None] = {}
#: attachment as a softmax over each unit's candidates (else one yes/no per candidate)
RANKING = True
#: a feature is weighed only if the training examples of at least this many documents have it: one seen in a
#: single brief says what that brief is (its layout, its one odd page), not what a genre is, and a model that
#: learns it carries the brief's quirk to every text that happens to share the feature
MIN_DOCUMENTS = 2
#: the attachment model reads the type model's probabilities (``stacked_features``); in training they come
#: from type models fitted without the document (this many folds), as the decoder's come from a model
#: that never saw the brief it maps
STACK_FOLDS = 3

@dataclass
class Prepared:
    """One annotated document, mapped by the rules, with its units aligned to the gold and its examples."""

    gold: object  # argmap.evaluate.gold.GoldDocument
    stages: object  # argmap.pipeline.RuleStages
    lang: str
    gold_segments: bool
    to_gold: dict[str, str] = field(default_factory=dict)  # unit id → gold unit id
    examples: dict[str, list[tuple[dict, str]]] = field(default_factory=dict)
    attach_pairs: list[tuple[str, str]] = field(default_factory=list)  # per attach example: unit, candidate
    unit_rows: dict[str, dict] = field(default_factory=dict)  # every unit's own features but the major claim's
    split: str | None = None
    source: str = ""

    @property
    def attach_groups(self) -> list[int]:
        """The attach examples, unit by unit: each unit's count (its candidates, in a run)."""
        return [len(list(run)) for _, run in groupby(self.attach_pairs, key=itemgetter(0))]

def _sklearn():
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise MissingDependency("training needs scikit-learn: pip install 'argmap[train]'") from None
    return LogisticRegression

def prepare(gold, *, lang: str | None = None, model: str | None = None) -> Prepared:
    """Map ``gold``'s text by the rules (on the gold units when the format gives them) and collect examples."""
    from ..evaluate import GoldSentences
    from ..evaluate.metrics import match_units
    from ..lang import detect_language
    from ..nlp import load_nlp
    from ..pipeline import build_map, run_rules
    from ..read import read_text

    language = lang or gold.lang or detect_language(gold.text or " ".join(u.text for u in gold.units))
    gold_segments = gold.format in ("microtexts", "cdcp")
    document = read_text(gold.text or "", name=gold.name, fmt="text")
    nlp = GoldSentences(load_nlp(model, language), [u.text for u in gold.units]) if gold_segments else None
    stages = run_rules(document, model=model, lang=language, nlp=nlp)
    if gold_segments:
        from ..evaluate import _project

        nodes, _ = _project(gold, build_map(stages))
        to_gold = {node.id: unit.id for unit, node in zip(gold.units, nodes) if node is not None}
    else:
        g2p = match_units([{"id": u.id, "text": u.text} for u in gold.units],
                          [{"id": u.id, "text": u.text} for u in stages.kept])
        to_gold = {p: g for g, p in g2p.items()}
    prepared = Prepared(gold, stages, language, gold_segments, to_gold, source=gold.format)
    prepared.examples = _examples(prepared)
    return prepared

def _examples(prepared: Prepared) -> dict[str, list[tuple[dict, str]]]:
    """Each model's examples; the attachment examples come unit by unit (each example's pair in
    ``prepared.attach_pairs``, each unit's features in ``prepared.unit_rows``)."""
    stages, gold = prepared.stages, prepared.gold
    ctx = Context.build(stages.kept, stages.edges, stages.lexicon)
    by_gold = {u.id: u for u in gold.units}
    from_gold = {g: p for p, g in prepared.to_gold.items()}
    central = gold.central
    major = ctx.unit(from_gold[central]) if central in from_gold else ctx.rule_major
    examples: dict[str, list[tuple[dict, str]]] = {m: [] for m in MODELS}
    for unit in stages.kept:
        feats = unit_features(unit, ctx)
        g = prepared.to_gold.get(unit.id)
        gtype = by_gold[g].type if g else "none"
        if unit.kind != "footnote":
            examples["major"].append((feats, "1" if g is not None and g == central else "0"))
        if gtype != "major_claim" and not (prepared.gold_segments and g is None):
            examples["type"].append((feats, gtype))
    ctx.major = major
    prepared.unit_rows = {u.id: unit_features(u, ctx) for u in stages.kept if u is not major}
    prepared.attach_pairs = []
    extra_targets: dict[str, set[str]] = {}
    for source, target, relation in gold.extra_edges:
        extra_targets.setdefault(source, set()).add(target)
    for unit in stages.kept:
        g = prepared.to_gold.get(unit.id)
        if unit is major or g is None:
            continue
        gunit = by_gold[g]
        parent = from_gold.get(gunit.parent) if gunit.parent else None
        options = candidates(unit, ctx)
        if parent is None or parent not in {c.id for c in options}:
            continue
        for other in options:
            target = prepared.to_gold.get(other.id)
            if other.id != parent and target in extra_targets.get(g, ()):
                continue  # a second parent is neither the tree's parent nor wrong
            row = pair_features(unit, other, ctx)
            examples["attach"].append((row, "1" if other.id == parent else "0"))
            prepared.attach_pairs.append((unit.id, other.id))
            if other.id == parent:
                examples["relation"].append((dict(row, **child_features(unit, ctx)),
                                             gunit.relation if gunit.relation in ("support", "attack") else "support"))
    for source, target, relation in gold.extra_edges:
        s, t = from_gold.get(source), from_gold.get(target)
        if s is not None and t is not None and s in ctx.index and t in ctx.index:
            examples["relation"].append((dict(pair_features(ctx.unit(s), ctx.unit(t), ctx),
                                              **child_features(ctx.unit(s), ctx)), relation))
    return examples


def _tail(row: dict) -> str:
    """Where a pair's candidate stands for the unit (``TAILS``), as its pair features say."""
    return next(t for t in TAILS if f"lead>{t}" in row or f"inner>{t}" in row)

def _feature_names(rows: list[tuple[dict, str]], min_count: int, allowed: set[str] | None = None) -> list[str]:
    """The features set in at least ``min_count`` rows (rarer ones would only fit the noise), and among
    ``allowed`` when given (``_spread``)."""
    counts: dict[str, int] = {}
    for features, _ in rows:
        for key, value in features.items():
            if value:
                counts[key] = counts.get(key, 0) + 1
    return sorted(k for k, n in counts.items() if n >= min_count and k != "bias" and (allowed is None or k in allowed))


def _spread(per_document: list[list[tuple[dict, str]]], min_documents: int = MIN_DOCUMENTS) -> set[str]:
    """The features that the examples of at least ``min_documents`` documents set (of every document, when
    fewer are given: a model fitted on one brief has nothing else to learn from)."""
    min_documents = min(min_documents, len(per_document))
    counts: dict[str, int] = {}
    for rows in per_document:
        for key in {key for features, _ in rows for key, value in features.items() if value}:
            counts[key] = counts.get(key, 0) + 1
    return {key for key, n in counts.items() if n >= min_documents}


def _fit_one(name: str, rows: list[tuple[dict, str]], classes: Iterable[str], min_count: int = 2,
             allowed: set[str] | None = None) -> LinearModel:
    LogisticRegression = _sklearn()
    names = _feature_names(rows, min_count, allowed)
    wanted = [c for c in classes]
    present = sorted({label for _, label in rows}, key=lambda c: wanted.index(c) if c in wanted else len(wanted))
    if len(wanted) == 2:
        present = wanted
    model = LinearModel(names, wanted, np.zeros((1 if len(wanted) == 2 else len(wanted), len(names))),
                        np.zeros(1 if len(wanted) == 2 else len(wanted)))
    labels = [label for _, label in rows]
    if len(set(labels)) < 2 or not names:  # nothing to learn: a constant model that says the commonest label
        common = max(sorted(set(labels)), key=labels.count) if labels else None
        if labels and len(wanted) == 2:
            model.intercept[:] = 5.0 if common == wanted[1] else -5.0
        elif labels:
            model.intercept[:] = -5.0
            model.intercept[wanted.index(common)] = 5.0
        return model
    x = model.matrix([features for features, _ in rows])
    # liblinear for two classes, newton-cg for more: both converge here in a fraction of lbfgs's time
    clf = LogisticRegression(C=C.get(name, 1.0), max_iter=3000, class_weight=CLASS_WEIGHT.get(name), random_state=0,
                             solver="liblinear" if len(set(labels)) == 2 else "newton-cg")
    y = np.array(labels)
    clf.fit(x, y)
    if len(wanted) == 2:
        sign = 1.0 if list(clf.classes_)[1] == wanted[1] else -1.0
        model.coef[0] = sign * clf.coef_[0]
        model.intercept[0] = sign * clf.intercept_[0]
    else:
        model.intercept[:] = -10.0  # a class never seen in training is never predicted
        for row, label in enumerate(clf.classes_):
            k = wanted.index(label)
            if len(clf.classes_) == 2:
                coef = clf.coef_[0] * (1 if row == 1 else -1) / 2
                intercept = clf.intercept_[0] * (1 if row == 1 else -1) / 2
            else:
                coef, intercept = clf.coef_[row], clf.intercept_[row]
            model.coef[k] = coef
            model.intercept[k] = intercept
    return model

def _fit_ranking(rows: list[tuple[dict, str]], groups: list[int], c: float, min_count: int = 2,
                 allowed: set[str] | None = None) -> LinearModel:
    """Attachment as a choice among a unit's candidates: a conditional logit (softmax over each unit's
    candidates, L2-penalised), fitted with scipy's L-BFGS. Features that are the same for every candidate
    of a unit cancel out, so the model weighs only what tells candidates apart."""
    from scipy import sparse
    from scipy.optimize import minimize

    names = _feature_names(rows, min_count, allowed)
    model = LinearModel(names, ["0", "1"], np.zeros((1, len(names))), np.zeros(1))
    if not rows or not names:
        return model
    index = model.columns
    data, cols, ptr = [], [], [0]
    for features, _ in rows:
        for key, value in features.items():
            column = index.get(key)
            if column is not None and value:
                cols.append(column)
                data.append(value)
        ptr.append(len(cols))
    x = sparse.csr_matrix((np.array(data), np.array(cols), np.array(ptr)), shape=(len(rows), len(names)))
    y = np.array([label == "1" for _, label in rows], dtype=float)
    starts = np.concatenate([[0], np.cumsum(groups)[:-1]]).astype(int)
    owner = np.repeat(np.arange(len(groups)), groups)
    penalty = 1.0 / (2.0 * c)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        top = np.maximum.reduceat(z, starts)
        e = np.exp(z - top[owner])
        total = np.add.reduceat(e, starts)
        p = e / total[owner]
        value = float(np.sum(np.log(total) + top) - y @ z) + penalty * float(w @ w)
        grad = x.T @ (p - y) + 2.0 * penalty * w
        return value, grad

    result = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    model.coef[0] = result.x
    return model


def fit(prepared: list[Prepared], *, name: str = "weights", trained_on: list[str] | None = None,
        settings: dict | None = None) -> Weights:
    """Fit the four models on the examples of ``prepared``."""
    pooled: dict[str, list[tuple[dict, str]]] = {m: [] for m in MODELS}
    for doc in prepared:
        for model, rows in doc.examples.items():
            pooled[model].extend(rows)
    classes = {"type": list(TYPE_CLASSES), "major": ["0", "1"], "attach": ["0", "1"], "relation": ["support", "attack"]}
    spread = {m: _spread([doc.examples[m] for doc in prepared]) for m in MODELS}
    models = {m: _fit_one(m, pooled[m], classes[m], allowed=spread[m]) for m in MODELS if m != "attach" or not RANKING}
    if STACK_FOLDS:
        stacked = _stacked_rows(prepared, models["type"])
        pooled["attach"] = [row for rows in stacked for row in rows]
        spread["attach"] = _spread(stacked)
    if RANKING:
        groups = [n for doc in prepared for n in doc.attach_groups]
        models["attach"] = _fit_ranking(pooled["attach"], groups, C["attach"], allowed=spread["attach"])
        settings = dict(settings or {}, attach_ranking=1)
    # a major-claim model that saw (almost) no text without a title has learned to find the thesis among
    # a title's neighbours: in an untitled text the decoder keeps the rules' thesis (its cue, its standfirst)
    untitled = sum(1 for doc in prepared if not any(u.kind == "title" for u in doc.stages.kept))
    # nor can it weigh a sentence that says it states the thesis if it saw none: below a title such a
    # sentence is then the major claim (the guide's first choice), whatever the model rates it
    stated = sum(1 for doc in prepared if any(u.rule == _THESIS_STATEMENT.name for u in doc.stages.kept))
    # and type and attachment models that learned from no text that argues (the rules' thesis a sentence) leave
    # such a text's types and parents to the rules
    argued = sum(1 for doc in prepared if any(u.type == NodeType.MAJOR_CLAIM and u.kind == "sentence"
                                              for u in doc.stages.kept))
    # nor can a type model weigh a call for action in the writer's own voice ("The council should …") if it learned
    # from (almost) no text that makes one: its "should" and "must" are a report's, a law's requirements
    # ("Schools must …"), and a text's own calls are then the rules' recommendations
    called = sum(1 for doc in prepared if _makes_own_calls(doc))
    settings = dict({"major_needs_title": int(untitled < MIN_DOCUMENTS),
                     "calls_need_rules": int(called < MIN_DOCUMENTS),
                     "major_needs_thesis": int(stated < MIN_DOCUMENTS),
                     "types_need_argued": int(argued < MIN_DOCUMENTS),
                     "parents_need_argued": int(argued < MIN_DOCUMENTS)}, **(settings or {}))
    return Weights(models, trained_on or sorted({d.gold.name for d in prepared}),
                   dict(DEFAULT_SETTINGS, **settings), name)


def _makes_own_calls(doc: Prepared) -> bool:
    """Whether a unit of ``doc`` the rules typed a recommendation by its deontic modal, a call in the writer's own
    voice (``Lexicon.own_call``), is a recommendation in the gold map."""
    types = {u.id: u.type for u in doc.gold.units}
    lexicon = doc.stages.lexicon
    return any(types.get(doc.to_gold.get(unit.id, "")) == "recommendation" and is_own_call(unit, lexicon)
               for unit in doc.stages.kept)


def _stacked_rows(prepared: list[Prepared], type_model: LinearModel) -> list[list[tuple[dict, str]]]:
    """Each document's attachment examples with the type model's probabilities added (``stacked_features``),
    those probabilities from a type model fitted on the other folds (with one document, ``type_model``'s own)."""
    order = sorted(range(len(prepared)), key=lambda i: prepared[i].gold.name)
    k = min(STACK_FOLDS, len(prepared))
    fold_of = {i: n % k for n, i in enumerate(order)}
    columns = [TYPE_CLASSES.index(name) for name in STACKED]
    out: list[list[tuple[dict, str]]] = [[] for _ in prepared]
    for fold in range(k):
        inside = [i for i in range(len(prepared)) if fold_of[i] == fold]
        outside = [prepared[i].examples["type"] for i in range(len(prepared)) if fold_of[i] != fold]
        rows = [row for doc_rows in outside for row in doc_rows]
        model = _fit_one("type", rows, TYPE_CLASSES, allowed=_spread(outside)) if k > 1 and len({label for _, label in rows}) > 1 else type_model
        for i in inside:
            doc = prepared[i]
            ids = list(doc.unit_rows)
            probs = model.proba([doc.unit_rows[u] for u in ids])[:, columns] if ids else np.zeros((0, len(columns)))
            type_p = {u: tuple(p) for u, p in zip(ids, probs.tolist())}
            for (row, label), (uid, cid) in zip(doc.examples["attach"], doc.attach_pairs):
                out[i].append((dict(row, **stacked_features(type_p.get(uid), type_p.get(cid), _tail(row))), label))
    return out


def prepare_paths(paths, *, format: str = "auto", split: str = "all", lang: str | None = None,
                  progress: Callable[[int, int, str], None] | None = None,
                  warn: Callable[[str], None] | None = None, trainable_only: bool = False) -> list[Prepared]:
    """Every gold document under ``paths`` (reference corpora by ``split``), prepared for training.

    ``trainable_only`` leaves out the briefs a corpus marks "evaluation only" (texts whose licence
    forbids training weights on them), saying so through ``warn``.
    """
    from ..errors import ArgmapError
    from ..evaluate import _plan, read_gold

    corpora, files = _plan(paths, format, split)
    if trainable_only:
        left_out = [entry.id for _, entries in corpora for entry in entries if not entry.trainable]
        if left_out and warn is not None:
            warn(f"{len(left_out)} brief(s) marked 'evaluation only' left out of training "
                 f"({', '.join(left_out[:3])}{', …' if len(left_out) > 3 else ''})")
        corpora = [(corpus, [e for e in entries if e.trainable]) for corpus, entries in corpora]
    work = [(entry.gold, "argmap-gold", entry.split, entry.source) for _, entries in corpora for entry in entries]
    work += [(path, kind, None, None) for path, kind in files]
    out = []
    for done, (path, kind, which, source) in enumerate(work, 1):
        try:
            gold = read_gold(path, kind, source)
            item = prepare(gold, lang=lang)
            item.split = which
            out.append(item)
        except ArgmapError as exc:
            if warn is not None:
                warn(f"{path}: skipped ({exc})")
        if progress is not None:
            progress(done, len(work), str(path))
    return out

def predict_map(prepared: Prepared, weights: Weights | None):
    """The map of a prepared document: by the rules (``weights`` None) or by the learned layer."""
    from ..pipeline import build_map

    if weights is None:
        return build_map(prepared.stages)
    return build_map(prepared.stages, decide(prepared.stages, weights))

def gold_major(prepared: Prepared):
    """The unit aligned with the gold's major claim, if any (for diagnostics)."""
    from_gold = {g: p for p, g in prepared.to_gold.items()}
    unit_id = from_gold.get(prepared.gold.central)
    return next((u for u in prepared.stages.kept if u.id == unit_id), None)
