"""Evaluation: run the pipeline on annotated corpora and score the maps beside training-free baselines.

Two protocols, chosen by what the gold gives:

* **own segmentation** (``argmap-gold``, ``brat``, ``aif``): the pipeline maps the source text
  as it would any brief, and the map is scored like ``tools/score.py`` does (units matched at
  50 % word overlap, types, edges, attachment, major claim).
* **gold segmentation** (``microtexts``, ``cdcp``): the gold units are given to the pipeline as
  its sentences (a sentence pipeline that starts a sentence exactly where a gold unit starts),
  so that classification and linking are measured on their own, as the published figures are.
  Microtexts are scored on the levels cc, ro, fu, at; CDCP on recommendations and evidence.

The baselines run through the same scoring: the first unit as the central/major claim, each
unit attached (as a support) to the one before it, and a modal-verb regex for recommendations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .. import rules as R
from .gold import GOLD_FORMATS, GoldDocument, check_gold_format, gold_files, read_gold
from .metrics import LEVELS, Tree, level_scores, prf, score_map

__all__ = [
    "evaluate",
    "evaluate_document",
    "DocumentResult",
    "CorpusResult",
    "Evaluation",
    "ReferenceResult",
    "count_documents",
    "evaluate_agreement",
    "GOLD_FORMATS",
    "PUBLISHED",
    "read_gold",
    "score_map",
    "modal_regex",
]

#: published figures to print beside ours (see docs/evaluation.md for their sources)
PUBLISHED = {
    ("microtexts", "cc"): (0.86, "evidence graph, trained"),
    ("microtexts", "at"): (0.71, "evidence graph, trained"),
}


def modal_regex(lang: str) -> re.Pattern[str]:
    """The recommendation baseline's rule: a unit holding one of the pack's ``baseline_modals``."""
    from ..lang.pack import load_part

    modals = load_part(lang, "cues")["baseline_modals"]
    if not modals:
        return re.compile("(?!)")
    return re.compile(r"\b(%s)\b" % "|".join(re.escape(m) for m in modals), re.IGNORECASE)


@dataclass
class DocumentResult:
    """One gold document's scores for argmap and for the baseline."""

    name: str
    format: str
    lang: str
    argmap: dict
    baseline: dict
    trees: tuple | None = None  # (gold, argmap, baseline) trees for the microtext levels
    counts: dict = field(default_factory=dict)  # pooled counts, argmap and baseline
    error: str | None = None
    split: str | None = None  # the reference corpus split the document belongs to, if any


@dataclass
class CorpusResult:
    """A corpus (one format and language): micro (pooled) and macro (document mean) figures."""

    format: str
    lang: str
    documents: int
    metrics: list[str]
    argmap: dict[str, float]
    baseline: dict[str, float]
    macro_argmap: dict[str, float] = field(default_factory=dict)
    macro_baseline: dict[str, float] = field(default_factory=dict)
    failed: int = 0
    label: str = ""  # a name of its own (a reference corpus split) instead of format and language

    @property
    def name(self) -> str:
        return self.label or f"{self.format} ({self.lang})"

    def to_dict(self) -> dict:
        published = {m: {"value": PUBLISHED[(self.format, m)][0], "system": PUBLISHED[(self.format, m)][1]}
                     for m in self.metrics if (self.format, m) in PUBLISHED}
        return {"name": self.name, "format": self.format, "lang": self.lang, "documents": self.documents, "failed": self.failed,
                "micro": {"argmap": self.argmap, "baseline": self.baseline},
                "macro": {"argmap": self.macro_argmap, "baseline": self.macro_baseline},
                "published": published}


@dataclass
class ReferenceResult:
    """A reference corpus (``corpus.json``): each split pooled, beside the annotators' agreement.

    ``agreement`` is pooled over the double-annotated briefs of the splits evaluated, each figure
    the mean of the two directions (one annotation as reference, the other as prediction, and back);
    ``agreement_ways`` keeps both directions and ``agreement_documents`` each brief's figures.
    """

    name: str
    splits: dict[str, CorpusResult]
    agreement: dict[str, float]
    agreement_ways: tuple[dict, dict]
    agreement_documents: list[dict]
    unavailable: list[str] = field(default_factory=list)  # briefs whose source is not at hand (shared corpora)

    @property
    def double_annotated(self) -> int:
        return len(self.agreement_documents)

    def to_dict(self) -> dict:
        return {"name": self.name, "splits": {k: v.to_dict() for k, v in self.splits.items()},
                "unavailable": self.unavailable,
                "agreement": {"pooled": self.agreement, "first_as_reference": self.agreement_ways[0],
                              "second_as_reference": self.agreement_ways[1],
                              "documents": self.agreement_documents}}


@dataclass
class Evaluation:
    corpora: list[CorpusResult]
    documents: list[DocumentResult]
    references: list[ReferenceResult] = field(default_factory=list)
    #: what mapped the documents: "rules", or the name of the weights ("default" for the shipped ones)
    decider: str = "rules"
    #: the documents mapped whose names the weights' ``trained_on`` lists: their figures are in-sample
    in_sample: list[str] = field(default_factory=list)

    def to_dict(self, per_document: bool = False) -> dict:
        data: dict = {"corpora": [c.to_dict() for c in self.corpora], "decider": self.decider,
                      "in_sample": list(self.in_sample)}
        if self.references:
            data["references"] = [r.to_dict() for r in self.references]
        if per_document:
            data["documents"] = [
                {"name": d.name, "format": d.format, "lang": d.lang, "argmap": _public(d.argmap),
                 "baseline": _public(d.baseline), "error": d.error, **({"split": d.split} if d.split else {})}
                for d in self.documents
            ]
        return data


def _public(scores: dict) -> dict:
    return {k: v for k, v in scores.items() if k != "counts"}


# --- running the pipeline ------------------------------------------------------------

class GoldSentences:
    """A sentence pipeline whose sentences start exactly where the gold units start.

    ``pieces`` are the gold units' texts in reading order; each block the pipeline hands
    over is searched for the next pieces, and a sentence starts at the token where each
    one is found (and nowhere else).
    """

    def __init__(self, nlp, pieces: list[str]):
        self.nlp = nlp
        self.pieces = pieces
        self.next = 0

    def pipe(self, texts, batch_size: int = 64):
        for text in texts:
            doc = self.nlp.make_doc(text)
            starts: list[int] = []
            cursor = 0
            while self.next < len(self.pieces):
                found = None
                for skip in range(_LOOKAHEAD):  # a piece the cleaning changed is skipped, not fatal
                    if self.next + skip >= len(self.pieces):
                        break
                    span = _locate_forward(text, _head(self.pieces[self.next + skip]), cursor)
                    if span is not None:
                        found = (skip, span)
                        break
                if found is None:
                    break
                skip, span = found
                starts.append(span[0])
                cursor = span[1]
                self.next += skip + 1
            for token in doc:
                token.is_sent_start = token.i == 0 or any(token.idx <= s < token.idx + max(len(token.text), 1)
                                                          for s in starts)
            yield doc


_LOOKAHEAD = 4


def _head(piece: str, n: int = 5) -> str:
    """The first words of a unit: enough to find where it starts."""
    return " ".join(piece.split()[:n])


def _locate_forward(text: str, piece: str, start: int) -> tuple[int, int] | None:
    words = piece.split()
    if not words:
        return None
    m = re.compile(r"\s*".join(re.escape(w) for w in words)).search(text, start)
    return (m.start(), m.end()) if m else None


def _run(gold: GoldDocument, lang: str, model: str | None, gold_segments: bool, learned: dict | None = None):
    from ..pipeline import analyze_document
    from ..read import read_text

    document = read_text(gold.text or "", name=gold.name, fmt="text")
    nlp = None
    if gold_segments:
        from ..nlp import load_nlp

        nlp = GoldSentences(load_nlp(model, lang), [u.text for u in gold.units])
    return analyze_document(document, model=model, lang=lang, nlp=nlp, **(learned or {}))


def _gold_dict(gold: GoldDocument) -> dict:
    return {"units": [{"id": u.id, "type": u.type, "text": u.text, "parent": u.parent, "relation": u.relation}
                      for u in gold.units], "extra_edges": list(gold.extra_edges)}


# --- projecting a map onto the gold units ----------------------------------------------

def _project(gold: GoldDocument, amap) -> tuple[list, Tree]:
    """Per gold unit: the predicted node standing for it (or None), and the predicted tree over gold units."""
    source = amap.source_text
    starts: list[int | None] = []
    cursor = 0
    for unit in gold.units:
        span = _locate_forward(source, _head(unit.text), cursor)
        starts.append(span[0] if span else None)
        if span:
            cursor = span[1]
    spans: list[tuple[int, int] | None] = []
    for i, start in enumerate(starts):
        if start is None:
            spans.append(None)
            continue
        following = next((s for s in starts[i + 1:] if s is not None), len(source))
        whole = _locate_forward(source[:following], gold.units[i].text, start)
        spans.append(whole if whole else (start, following))
    best: dict[int, tuple[int, object]] = {}
    owner: dict[str, int] = {}
    for node in amap.nodes:
        scores = []
        for i, span in enumerate(spans):
            if span is None:
                continue
            shared = sum(max(0, min(b, span[1]) - max(a, span[0])) for a, b in node.spans)
            if shared > 0:
                scores.append((shared, i))
        if not scores:
            continue
        shared, i = max(scores)
        owner[node.id] = i
        weight = shared + (10**9 if node.type.value == "major_claim" else 0)
        if i not in best or weight > best[i][0]:
            best[i] = (weight, node)
    nodes = [best[i][1] if i in best else None for i in range(len(gold.units))]
    n = len(gold.units)
    parent: list[int | None] = [None] * n
    relation = ["support"] * n
    primary = {e.source: e for e in amap.edges if e.primary}
    root = next((i for i, node in enumerate(nodes) if node is not None and node.type.value == "major_claim"), None)
    for i, node in enumerate(nodes):
        if node is None or i == root:
            continue
        current, hops = node.id, 0
        while current in primary and hops < len(amap.nodes):
            edge = primary[current]
            hops += 1
            j = owner.get(edge.target)
            if j is not None and j != i:
                parent[i], relation[i] = j, edge.type.value
                break
            current = edge.target
    if root is None:
        root = next((i for i in range(n) if parent[i] is None), 0)
        parent[root] = None
    for i in range(n):  # orphans and cycles hang from the root
        if i == root:
            continue
        seen, current = set(), i
        while current is not None and current != root and current not in seen:
            seen.add(current)
            current = parent[current]
        if current != root:
            parent[i], relation[i] = root, "support"
    return nodes, Tree(parent, relation)


def _gold_tree(gold: GoldDocument) -> Tree:
    index = {u.id: i for i, u in enumerate(gold.units)}
    parent = [index.get(u.parent) if u.parent else None for u in gold.units]
    return Tree(parent, [u.relation for u in gold.units])


def _chain_tree(n: int) -> Tree:
    return Tree([None] + list(range(n - 1)), ["support"] * n)


# --- per format -----------------------------------------------------------------------

def _levels_one(tree_gold: Tree, tree_pred: Tree) -> dict:
    return level_scores([(tree_gold, tree_pred)])


def _eval_microtext(gold: GoldDocument, lang: str, model: str | None, learned: dict | None = None) -> DocumentResult:
    amap = _run(gold, lang, model, gold_segments=True, learned=learned)
    _, pred = _project(gold, amap)
    tree = _gold_tree(gold)
    base = _chain_tree(len(gold.units))
    return DocumentResult(gold.name, gold.format, lang, _levels_one(tree, pred), _levels_one(tree, base),
                          trees=(tree, pred, base))


def _eval_cdcp(gold: GoldDocument, lang: str, model: str | None, learned: dict | None = None) -> DocumentResult:
    amap = _run(gold, lang, model, gold_segments=True, learned=learned)
    nodes, _ = _project(gold, amap)
    from ..cues import load_lexicon

    lexicon = load_lexicon(lang)
    modal = modal_regex(lang)
    counts: dict = {"argmap": {}, "baseline": {}}
    for kind, gold_test in (("recommendation", lambda u: u.type == "recommendation"),
                            ("evidence", lambda u: u.type == "evidence")):
        golds = [gold_test(u) for u in gold.units]
        preds = [node is not None and _acts_as(node, kind, lexicon) for node in nodes]
        base = [bool(modal.search(u.text)) for u in gold.units] if kind == "recommendation" else [False] * len(golds)
        for who, guess in (("argmap", preds), ("baseline", base)):
            tp = sum(1 for g, p in zip(golds, guess) if g and p)
            counts[who][kind] = [tp, sum(guess), sum(golds)]
    result = {who: _prf_block(c) for who, c in counts.items()}
    return DocumentResult(gold.name, gold.format, lang, result["argmap"], result["baseline"], counts=counts)


def _acts_as(node, kind: str, lexicon) -> bool:
    """A node of ``kind``; a major claim that proposes an action counts as a recommendation too."""
    if node.type.value == kind:
        return True
    return kind == "recommendation" and node.type.value == "major_claim" and node.rule == R.THESIS_RECOMMENDATION.name


def _prf_block(counts: dict) -> dict:
    out = {}
    for kind, (tp, n_pred, n_gold) in counts.items():
        p, r, f = prf(tp, n_pred, n_gold)
        out.update({f"{kind}_p": p, f"{kind}_r": r, f"{kind}_f1": f})
    return out


def _baseline_map(amap, lang: str) -> dict:
    modal = modal_regex(lang)
    order = sorted(amap.nodes, key=lambda n: n.spans[0][0] if n.spans else 0)
    nodes, edges = [], []
    for position, node in enumerate(order):
        kind = "major_claim" if position == 0 else "recommendation" if modal.search(node.text) else "premise"
        nodes.append({"id": node.id, "type": kind, "text": node.text})
        if position:
            edges.append({"source": node.id, "target": order[position - 1].id, "type": "support"})
    return {"nodes": nodes, "edges": edges}


def _eval_map(gold: GoldDocument, lang: str, model: str | None, learned: dict | None = None) -> DocumentResult:
    from ..errors import InputError

    if not gold.text:
        raise InputError(f"{gold.path}: the source text of {gold.name} was not found (put it beside the gold file)")
    amap = _run(gold, lang, model, gold_segments=False, learned=learned)
    gold_dict = _gold_dict(gold)
    ours = score_map(gold_dict, amap.to_dict())
    base = score_map(gold_dict, _baseline_map(amap, lang))
    return DocumentResult(gold.name, gold.format, lang, ours, base,
                          counts={"argmap": ours["counts"], "baseline": base["counts"]})


_EVALUATORS: dict[str, Callable] = {"microtexts": _eval_microtext, "cdcp": _eval_cdcp}


def evaluate_document(gold: GoldDocument, *, lang: str | None = None, model: str | None = None,
                      weights=None, rules_only: bool = False) -> DocumentResult:
    """Map one gold document's text and score it (and the baselines) against the gold.

    ``weights`` and ``rules_only`` choose the learned layer or the rules as ``argmap.analyze`` does."""
    from ..lang import detect_language

    language = lang or gold.lang or detect_language(gold.text or " ".join(u.text for u in gold.units))
    return _EVALUATORS.get(gold.format, _eval_map)(gold, language, model, {"weights": weights, "rules_only": rules_only})


# --- corpora ----------------------------------------------------------------------------

MAP_METRICS = ["unit_f1", "type_macro_f1", "edge_f1_unlabeled", "edge_f1_labeled", "attachment_acc",
               "major_claim_found"]
CDCP_METRICS = ["recommendation_p", "recommendation_r", "recommendation_f1", "evidence_p", "evidence_r",
                "evidence_f1"]


def _mean(values) -> float:
    values = [float(v) for v in values]
    return round(sum(values) / len(values), 3) if values else 0.0


def pool_map_counts(counts: list[dict]) -> dict[str, float]:
    """The map metrics over several documents pooled (micro): their counts added up, then scored."""

    def pooled_f1(key):
        tp, n_pred, n_gold = (sum(x[key][i] for x in counts) for i in range(3))
        return prf(tp, n_pred, n_gold)[2]

    type_f1 = []
    for t in ("major_claim", "claim", "premise", "evidence", "recommendation"):
        tp, n_pred, n_gold = (sum(x["types"][t][i] for x in counts) for i in range(3))
        if n_pred or n_gold:
            type_f1.append(prf(tp, n_pred, n_gold)[2])
    hit, total = (sum(x["attachment"][i] for x in counts) for i in range(2))
    found, wanted = (sum(x["major_claim"][i] for x in counts) for i in range(2))
    return {"unit_f1": pooled_f1("units"), "type_macro_f1": _mean(type_f1),
            "edge_f1_unlabeled": pooled_f1("edges_unlabeled"), "edge_f1_labeled": pooled_f1("edges_labeled"),
            "attachment_acc": round(hit / total, 3) if total else 0.0,
            "major_claim_found": round(found / wanted, 3) if wanted else 0.0}


def _aggregate(fmt: str, lang: str, docs: list[DocumentResult], failed: int) -> CorpusResult:
    if fmt == "microtexts":
        metrics = list(LEVELS)
        ours = level_scores([(d.trees[0], d.trees[1]) for d in docs])
        base = level_scores([(d.trees[0], d.trees[2]) for d in docs])
        return CorpusResult(fmt, lang, len(docs), metrics, ours, base,
                            {m: _mean(d.argmap[m] for d in docs) for m in metrics},
                            {m: _mean(d.baseline[m] for d in docs) for m in metrics}, failed)
    if fmt == "cdcp":
        pooled = {}
        for who in ("argmap", "baseline"):
            totals: dict[str, list[int]] = {}
            for d in docs:
                for kind, values in d.counts[who].items():
                    totals[kind] = [a + b for a, b in zip(totals.get(kind, [0, 0, 0]), values)]
            pooled[who] = _prf_block(totals)
        def doc_mean(who: str) -> dict[str, float]:
            # a document where a class is neither annotated nor predicted has no score for it
            return {m: _mean(getattr(d, who)[m] for d in docs if any(d.counts[who][m.rsplit("_", 1)[0]][1:]))
                    for m in CDCP_METRICS}

        return CorpusResult(fmt, lang, len(docs), CDCP_METRICS, pooled["argmap"], pooled["baseline"],
                            doc_mean("argmap"), doc_mean("baseline"), failed)
    micro = {who: pool_map_counts([d.counts[who] for d in docs]) for who in ("argmap", "baseline")}
    return CorpusResult(fmt, lang, len(docs), MAP_METRICS, micro["argmap"], micro["baseline"],
                        {m: _mean(d.argmap[m] for d in docs) for m in MAP_METRICS},
                        {m: _mean(d.baseline[m] for d in docs) for m in MAP_METRICS}, failed)


def _plan(paths, format: str, split: str):
    """The work: (reference corpora with their chosen entries, other gold files with their formats)."""
    from .corpus import is_corpus, read_corpus

    corpora, others = [], []
    for path in paths:
        if is_corpus(path):
            corpus = read_corpus(path)
            corpora.append((corpus, corpus.split(split)))
        else:
            others.append(path)
    return corpora, (gold_files(others, format) if others else [])


def count_documents(paths, format: str = "auto", split: str = "dev") -> int:
    """How many documents ``evaluate`` will map (for a progress bar)."""
    corpora, files = _plan(paths, format, split)
    return sum(len(entries) for _, entries in corpora) + len(files)


def _evaluate_one(path, kind: str, lang, model, source=None, weights=None, rules_only: bool = False) -> DocumentResult:
    from ..errors import ArgmapError

    gold = read_gold(path, kind, source)
    try:
        return evaluate_document(gold, lang=lang, model=model, weights=weights, rules_only=rules_only)
    except ArgmapError as exc:
        from ..lang import detect_language

        language = lang or gold.lang or detect_language(gold.text or "")
        return DocumentResult(gold.name, kind, language, {}, {}, error=str(exc))


def _reference_agreement(entries) -> tuple[dict, tuple[dict, dict], list[dict]]:
    from .corpus import agreement, load_reference

    ways: tuple[list, list] = ([], [])
    documents = []
    for entry in entries:
        if not entry.double_annotated:
            continue
        first, second = (load_reference(p, entry.source) for p in entry.annotations[:2])
        one, two = agreement(first, second)
        ways[0].append(one["counts"])
        ways[1].append(two["counts"])
        documents.append({"id": entry.id, "split": entry.split, "publisher": entry.publisher, "kind": entry.kind,
                          "first_as_reference": _public(one), "second_as_reference": _public(two)})
    if not documents:
        return {}, ({}, {}), []
    pooled = tuple(pool_map_counts(w) for w in ways)
    mean = {m: round((pooled[0][m] + pooled[1][m]) / 2, 3) for m in MAP_METRICS}
    return mean, pooled, documents


def evaluate_agreement(paths, split: str = "all") -> Evaluation:
    """The annotators' agreement on each reference corpus under ``paths``, without mapping anything."""
    references = []
    from .corpus import is_corpus

    for corpus, entries in _plan([p for p in paths if is_corpus(p)], "auto", split)[0]:
        agreement, ways, documents = _reference_agreement(entries)
        references.append(ReferenceResult(corpus.root.name, {}, agreement, ways, documents))
    return Evaluation([], [], references)


def evaluate(paths, *, format: str = "auto", lang: str | None = None, model: str | None = None,
             split: str = "dev", progress: Callable[[int, int, str], None] | None = None,
             weights=None, rules_only: bool = False) -> Evaluation:
    """Evaluate every gold file under ``paths`` (files or folders); corpora grouped by format and language.

    A folder holding a ``corpus.json`` is a reference corpus: its briefs are evaluated per split
    (``split`` chooses ``dev``, the default, ``test`` or ``all``: the test split is read only when asked
    for by name) and reported beside the annotators' agreement; other gold files are evaluated whole.
    ``progress(done, total, name)`` is called after each document. A document that cannot be
    mapped is counted as failed (with its error kept) rather than stopping the run.
    ``weights``/``rules_only`` choose the decider as ``argmap.analyze`` does (by default the shipped
    weights); the result names it (``decider``) and lists the documents the weights were trained on
    (``in_sample``), whose figures do not measure the weights on unseen text.
    """
    from .corpus import SPLITS, check_split

    check_gold_format(format)
    check_split(split)
    from ..learn import chosen_weights

    learned = chosen_weights(weights, rules_only)  # read once, not once per document
    corpora_plan, files = _plan(paths, format, split)
    total = sum(len(entries) for _, entries in corpora_plan) + len(files)
    done = 0
    results: list[DocumentResult] = []
    references: list[ReferenceResult] = []

    def step(result: DocumentResult) -> None:
        nonlocal done
        done += 1
        results.append(result)
        if progress is not None:
            progress(done, total, result.name)

    for corpus, entries in corpora_plan:
        by_split: dict[str, list[DocumentResult]] = {}
        for entry in entries:
            result = _evaluate_one(entry.gold, "argmap-gold", lang, model, entry.source, learned, rules_only)
            result.split = entry.split
            by_split.setdefault(entry.split, []).append(result)
            step(result)
        splits = {}
        for name in SPLITS:
            docs = by_split.get(name, [])
            good = [d for d in docs if d.error is None]
            if good:
                splits[name] = _aggregate("argmap-gold", good[0].lang, good, len(docs) - len(good))
                splits[name].label = f"{corpus.root.name}, {name}"
        agreement, ways, agreement_docs = _reference_agreement(entries)
        references.append(ReferenceResult(corpus.root.name, splits, agreement, ways, agreement_docs,
                                          [e.id for e in corpus.unavailable]))
    for path, kind in files:
        step(_evaluate_one(path, kind, lang, model, None, learned, rules_only))
    groups: dict[tuple[str, str], list[DocumentResult]] = {}
    failures: dict[tuple[str, str], int] = {}
    for result in results:
        if result.split is not None:
            continue
        groups.setdefault((result.format, result.lang), [])
        if result.error is None:
            groups[(result.format, result.lang)].append(result)
        else:
            failures[(result.format, result.lang)] = failures.get((result.format, result.lang), 0) + 1
    corpora = [_aggregate(fmt, language, docs, failures.get((fmt, language), 0))
               for (fmt, language), docs in groups.items() if docs]
    if learned is None:
        return Evaluation(corpora, results, references)
    trained_on = set(learned.trained_on)
    return Evaluation(corpora, results, references, decider=learned.name,
                      in_sample=[d.name for d in results if d.name in trained_on])
