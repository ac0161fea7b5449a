"""The learned layer's decisions over the rule stages: the major claim, each unit's type, and the tree
decoded as a whole (the maximum spanning arborescence over attachment scores, rooted at the major claim).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import rules as R
from ..model import Edge, EdgeType, Later, NodeType, Unit
from .features import CHILD, PARENT, STACKED, Context, PairTable, UnitTable, candidates, cue_questions, unit_features
from .weights import SparseRows, Weights

__all__ = ["NodeDecision", "Decisions", "decide", "arborescence", "edmonds", "is_own_call"]

_PREFIX = {"heading": "H", "sentence": "S", "footnote": "E"}
# a log-score no model probability outweighs (p ≥ 1e-9 is log ≥ -20.7): the rules' parent stands, and another is
# chosen only where the rules' parent would close a cycle under a major claim the rules did not choose
_RULES_PARENT_BONUS = 50.0
#: the pairs whose features are made and scored at once: a bound on the pair matrix's memory (8,192 rows of
#: some 220 columns are 15 MB) whatever the text; a multiple of 8, so that each block's rows are scored as
#: one matrix of every pair would score them (numpy's matrix product takes rows four at a time)
PAIR_CHUNK = 8192
#: likewise the units whose own features are read as one matrix (of some 130 to 450 columns): a multiple of 8
UNIT_CHUNK = 2048


@dataclass
class NodeDecision:
    id: str
    type: NodeType
    score: float
    why: list[dict[str, Any]] | Later = field(default_factory=list)  # a ``Later`` until first read
    rule: str = ""


@dataclass
class Decisions:
    """Per kept unit (by its rule-stage id) the node it becomes, and the edges between them."""

    nodes: dict[str, NodeDecision]
    edges: list[Edge]
    weights_name: str = "weights"


def arborescence(root: str, scores: dict[tuple[str, str], float], nodes: list[str],
                 keep: int | None = None) -> dict[str, str]:
    """Each node's parent in the highest-scoring tree rooted at ``root``; ``scores`` maps (parent, child) to a score.

    Every node of ``nodes`` but the root must have at least one scored parent that leads back to the root
    (the decoder offers the root to every unit). Returns child → parent for every node but the root: each
    node's best parent when they make a tree, else Chu-Liu/Edmonds contracts the cycles (``edmonds``),
    over every scored parent or, with ``keep``, over each node's ``keep`` best parents and the root.
    """
    options: dict[str, dict[str, float]] = {}
    for (parent, child), score in scores.items():
        if child != root and parent != child:
            found = options.setdefault(child, {})
            if parent not in found or score > found[parent]:
                found[parent] = score
    if keep is not None:
        options = {child: {p: s for p, s in sorted(found.items(), key=lambda item: -item[1])[:keep]}
                   | ({root: found[root]} if root in found else {})
                   for child, found in options.items()}
    return edmonds(options)


def edmonds(incoming: dict) -> dict:
    """Chu-Liu/Edmonds on ``incoming`` (child → parent → score): child → parent in the best tree.

    networkx has the algorithm too, but it copies its multigraph at every step: on a brief whose best
    parents make a cycle that took as long as all the rule stages together. Here a contraction touches
    only the units that may hang from the cycle (found by an index of who may hang from whom), each unit's
    best parent is worked out again only when its parents changed, and the search for the next cycle goes
    on where the last one was found, past the units already known to lead to the root: one long paragraph
    of thousands of sentences needs thousands of contractions, and a pass over every unit and candidate
    for each made the tree quadratic in the text (that algorithm is kept in the tests, as the
    reference they hold this one to: the same tree, in the same order, ties included). The
    contractions are kept on a list and undone in reverse, not recursed into: a long document can need
    more of them than Python's recursion limit allows.
    """
    incoming = dict(incoming)  # the caller's dictionaries stay as they are: a unit's is replaced, never changed
    best = {child: max(found, key=found.__getitem__) for child, found in incoming.items()}
    order = list(best)  # the units in the order of ``best`` (and of ``incoming``), the contracted ones left in
    position = {child: at for at, child in enumerate(order)}
    users: dict = {}  # parent → the units that may hang from it
    for child, found in incoming.items():
        for parent in found:
            users.setdefault(parent, []).append(child)
    leads: set = set()  # units whose best parents lead to the root
    resume = 0
    contractions = []
    while True:
        cycle, resume = _next_cycle(best, order, resume, leads)
        if cycle is None:
            break
        members = set(cycle)
        merged = ("cycle", len(incoming), cycle[0])  # a name no unit and no other contraction has
        via: dict = {}  # child → the cycle member its edge from the merged node leaves
        into: dict = {}
        enters: dict = {}  # a parent outside the cycle → the member its edge into the merged node enters
        for child in sorted(members, key=position.__getitem__):  # in the order of ``incoming``
            found = incoming[child]
            kept = found[best[child]]
            for parent, score in found.items():
                if parent not in members and (parent not in into or score - kept > into[parent]):
                    into[parent], enters[parent] = score - kept, child
        affected = {child for member in cycle for child in users.pop(member, ())
                    if child in incoming and child not in members}
        changed = False  # whether a unit known to lead to the root now hangs elsewhere (equal scores)
        for child in affected:
            target = {}
            for parent, score in incoming[child].items():
                if parent in members:
                    if merged not in target or score > target[merged]:
                        target[merged], via[child] = score, parent
                else:
                    target[parent] = score
            incoming[child] = target
            new = max(target, key=target.__getitem__)
            if best[child] not in members and new != best[child]:
                changed = True
            best[child] = new
        contractions.append((cycle, {child: best[child] for child in cycle}, merged, via, enters))
        for child in cycle:
            del incoming[child], best[child]
        incoming[merged] = into
        best[merged] = max(into, key=into.__getitem__)
        users[merged] = list(affected)
        for parent in into:
            users.setdefault(parent, []).append(merged)
        position[merged] = len(order)
        order.append(merged)
        if changed:
            leads.clear()
            resume = 0
    tree = best
    pointing: dict = {}  # parent → units hanging from it in ``tree`` (and some that did once)
    for child, parent in tree.items():
        pointing.setdefault(parent, []).append(child)
    for cycle, best, merged, via, enters in reversed(contractions):
        outside = tree.pop(merged)
        for child in cycle:  # the edge chosen into the cycle breaks it at the member it enters
            parent = tree[child] = outside if child == enters[outside] else best[child]
            pointing.setdefault(parent, []).append(child)
        for child in pointing.pop(merged, ()):
            if child in tree and tree[child] == merged:
                parent = tree[child] = via[child]
                pointing.setdefault(parent, []).append(child)
    return tree


def _next_cycle(best: dict, order: list, resume: int, leads: set) -> tuple[list | None, int]:
    """The nodes of the first cycle of ``best`` (child → parent) met in ``order``, and where in
    ``order`` the search found it. Every unit of ``order`` before ``resume`` leads to the root, as
    every unit of ``leads`` does (both are kept from one search to the next, ``leads`` grown)."""
    for at in range(resume, len(order)):
        start = order[at]
        if start not in best or start in leads:
            continue
        path = []
        on_path = set()
        node = start
        while node in best and node not in on_path and node not in leads:
            on_path.add(node)
            path.append(node)
            node = best[node]
        if node in on_path:
            return path[path.index(node):], at
        leads.update(path)
    return None, len(order)


@R.implements(R.LEARNED_TYPE, R.LEARNED_MAJOR_CLAIM, R.LEARNED_SECOND_PARENT)
def decide(stages, weights: Weights, *, context: Context | None = None, major: Unit | None = None) -> Decisions:
    """The learned decisions for one document's rule stages (``argmap.pipeline.RuleStages``).

    ``major`` forces the major claim (training decodes with the gold one); ``context`` reuses features.
    """
    kept: list[Unit] = stages.kept
    layout = _layout(weights)
    ctx = context or Context.build(kept, stages.edges, stages.lexicon, layout.cues)
    models = weights.models

    # the major claim: the unit the major-claim model rates highest, or the rules' thesis in a text unlike
    # any the model learned from (one without a title, when it learned from titled texts only), or a
    # sentence that says it states the thesis below a title, when the model learned from no such sentence
    pool = [u for u in kept if u.kind != "footnote"] or list(kept)
    units = _UnitMatrix(ctx, layout)
    p_major = _in_blocks(pool, lambda part: models["major"].proba_of(units.of(part, models["major"]))[:, 1])
    if major is None:
        if ctx.rule_major is not None and weights.setting("major_needs_title", 0.0) \
                and not any(u.kind == "title" for u in kept):
            major = ctx.rule_major
        elif (stated := _stated_thesis(pool, ctx, weights)) is not None:
            major = stated
        else:
            major = pool[int(np.argmax(p_major))]
    ctx.major = major
    major_score = float(p_major[pool.index(major)]) if major in pool else 1.0

    # types. What is a unit is the cleaning's and the rules' decision, not the model's: a unit the type
    # model rates as no unit at all takes its best other class (the "none" probability still informs the
    # attachment model, ``STACKED``). Set aside, it would lose a sentence the rules kept on any text
    # unlike the training briefs, where that class learned their residue rather than a genre's.
    others = [u for u in kept if u is not major]
    type_model = models["type"]
    blocks: list[np.ndarray] = []

    def type_rows():  # each block of rows scored, then kept for the reasons as its nonzero cells alone
        for start in range(0, len(others), UNIT_CHUNK):
            x_type = units.of(others[start:start + UNIT_CHUNK], type_model)
            blocks.append(type_model.proba_of(x_type))
            yield x_type

    type_reasons = SparseRows(type_rows())
    probs = np.concatenate(blocks) if blocks else type_model.proba_of(units.of([], type_model))
    classes = type_model.classes
    nodes: dict[str, NodeDecision] = {}
    # each unit's best class, and for one the model rates no unit, its best other class
    none = classes.index("none")
    best = probs.argmax(axis=1)
    others_best = np.where(np.arange(len(classes)) == none, -1.0, probs).argmax(axis=1) if len(probs) else best
    kinds = {label: NodeType(label) for label in classes if label != "none"}
    column = {label: k for k, label in enumerate(classes)}
    typed: list[int] = []
    labels: list[str] = []
    # a text that argues (the rules' thesis is a sentence) when the type model learned from none: the rules' types
    # stand, as the model learned what a "should" or a paragraph's first sentence is in reports alone
    argues = ctx.rule_major is not None and ctx.rule_major.kind == "sentence"
    ruled = argues and bool(weights.setting("types_need_argued", 0.0))
    # likewise, in any text, a call for action in the writer's own voice ("The council should …") when the type
    # model learned from no text that makes such calls: the rules' recommendation stands
    calls = bool(weights.setting("calls_need_rules", 0.0))
    lexicon = stages.lexicon
    certain: list[tuple[int, str]] = []  # (position, type) of each unit whose type is the rules'
    for n, (unit, top, second, p) in enumerate(zip(others, best.tolist(), others_best.tolist(), probs.tolist())):
        label = classes[top]
        if unit.kind == "footnote":  # certain: a note is evidence
            label = "evidence"
        elif (ruled and unit.type is not None and unit.type.value in column) or (
                calls and unit.type == NodeType.RECOMMENDATION and is_own_call(unit, lexicon)):
            label = unit.type.value
            certain.append((ctx.index[unit.id], label))
        elif top == none:
            label = classes[second]
        kind = kinds[label]
        rule = unit.rule if unit.type == kind else R.LEARNED_TYPE.name
        nodes[unit.id] = NodeDecision(unit.id, kind, p[column[label]], [], rule)
        typed.append(n)
        labels.append(label)
    if typed:  # the reasons of every typed unit (every unit but the major claim) in one step, when first read
        for n, why in zip(typed, type_model.why_later(type_reasons, labels)):
            nodes[others[n].id].why = why
    x_major_row = units.of([major], models["major"]) if major in pool else models["major"].matrix([unit_features(major, ctx)])
    nodes[major.id] = NodeDecision(major.id, NodeType.MAJOR_CLAIM, major_score, models["major"].why_later(x_major_row, ["1"])[0],
                                   major.rule if major.type == NodeType.MAJOR_CLAIM else R.LEARNED_MAJOR_CLAIM.name)

    # the attachment model reads the type model's probabilities (``features.stacked_features``)
    columns = [classes.index(name) for name in STACKED]
    type_p = np.zeros((len(kept), len(STACKED)))  # a row per unit: the major claim's stays zero
    type_p[[ctx.index[unit.id] for unit in others]] = probs[:, columns]
    for position, label in certain:  # a type the rules gave is read as certain
        type_p[position] = [float(label == name) for name in STACKED]
    ctx.type_p = type_p

    # attachment scores over each unit's candidates, then one tree for the whole document
    alive = [u for u in kept if u.id in nodes]
    alive_ids = {u.id for u in alive}
    # the pairs as two parallel lists of positions in ``kept``, each unit's candidates in a run: (unit,
    # candidate) tuples by the ten thousand cost more to make, and to collect after, than the rest
    index = ctx.index
    unit_at: list[int] = []
    candidate_at: list[int] = []
    runs: list[tuple[str, list[str]]] = []  # per unit, its id and its candidates' ids in row order
    for unit in alive:
        if unit is major:
            continue
        options = [c for c in candidates(unit, ctx) if c.id in alive_ids]
        if unit.kind == "footnote":
            cited = [c for c in options if c.id in ctx.cited_by.get(unit.footnote or "", [])]
            options = cited or options  # certain: a note hangs from the sentence that cites it
        if not options:
            options = [major]
        ids_here = [c.id for c in options]
        runs.append((unit.id, ids_here))
        unit_at.extend([index[unit.id]] * len(ids_here))
        candidate_at.extend([index[c] for c in ids_here])
    # a candidate's own features weigh the same whoever it may serve: their part of the score once per unit
    attach = models["attach"]
    parent_part = _in_blocks(alive, lambda part: units.of(part, attach, PARENT) @ attach.coef[0])
    table = PairTable(ctx, units.table)  # the pair features of many candidates at once (the same as ``pair_features``)
    pair_at = (np.array(unit_at, dtype=int), np.array(candidate_at, dtype=int))
    del unit_at, candidate_at
    alive_row = np.zeros(len(kept), dtype=int)  # a position in ``kept`` → its row among ``alive``
    alive_row[[index[u.id] for u in alive]] = np.arange(len(alive))
    offset = parent_part[alive_row[pair_at[1]]]
    # the pairs' features over the columns either model reads (the relation's are some of them, and the last
    # column stays zero), made and scored ``PAIR_CHUNK`` rows at a time: a matrix of every pair at once grew
    # to gigabytes on a text of tens of thousands of headings. The few rows read again (the tree's edges,
    # the extra ones) are made again (``pair_rows``): a pair's row depends on that pair alone.
    width = len(layout.pair_index) + 1
    ranking = bool(weights.setting("attach_ranking", 0.0)) and bool(runs)
    z = np.zeros(len(offset))
    whole = None  # the one block of a text with no more pairs than that, kept for the rows read again
    for start in range(0, len(offset), PAIR_CHUNK):
        end = start + PAIR_CHUNK
        x_pairs = table.matrix(pair_at[0][start:end], pair_at[1][start:end], layout.pair_index, width)
        x_pair = x_pairs[:, :len(attach.features)]
        z[start:end] = attach.scores(x_pair, offset[start:end]) if ranking else \
            attach.proba_of(x_pair, offset[start:end])[:, 1]
        if len(offset) <= PAIR_CHUNK:
            whole = x_pairs
        x_pairs = x_pair = None  # freed before the next block is made

    def pair_rows(rows) -> np.ndarray:
        """The rows ``rows`` of the pairs' matrix (as a matrix of their own)."""
        rows = np.asarray(rows, dtype=int)
        if whole is not None:
            return whole.take(rows, axis=0)
        return table.matrix(pair_at[0][rows], pair_at[1][rows], layout.pair_index, width)

    if ranking:
        p_attach = _softmax_by_unit(z, [len(ids_here) for _, ids_here in runs])
    else:
        p_attach = z if runs else np.zeros(0)
    logs = np.log(np.maximum(p_attach, 1e-9)).tolist()
    # each unit's candidates with their scores (and their rows), filed as ``arborescence`` files them
    incoming: dict[str, dict[str, float]] = {}
    first_row: dict[str, tuple[int, list[str]]] = {}  # a unit's first row and its candidates' ids in row order
    start = 0
    for unit_id, ids_here in runs:
        incoming[unit_id] = dict(zip(ids_here, logs[start:start + len(ids_here)]))
        first_row[unit_id] = (start, ids_here)
        start += len(ids_here)
    # likewise its parents: the attachment model learned a report's paragraphs (a lead and the sentences that
    # elaborate it); the rules' parent wins where it can
    rules_parents = argues and bool(weights.setting("parents_need_argued", 0.0))
    if rules_parents:
        for unit_id, scores in incoming.items():
            rule_edge = ctx.rule_parent.get(unit_id)
            if rule_edge is not None and rule_edge.target in scores:
                scores[rule_edge.target] += _RULES_PARENT_BONUS
    parent = edmonds(incoming)

    # relation labels for the tree's edges, then extra edges that clear the threshold
    by_id = {u.id: u for u in kept}
    tree_pairs = list(parent.items())
    # the chosen edges' rows, whole (the candidate's own features too), for the relation
    relation = models["relation"]
    chosen = np.array([_row(first_row, child, target) for child, target in tree_pairs], dtype=int)
    p_blocks: list[np.ndarray] = []

    def tree_rows():  # a block of the tree's edges at a time: the relation's scores, then the reasons' rows
        for start in range(0, len(tree_pairs), UNIT_CHUNK):
            block = tree_pairs[start:start + UNIT_CHUNK]
            x_rows = pair_rows(chosen[start:start + UNIT_CHUNK])
            targets = [by_id[target] for _, target in block]
            x_rel = x_rows.take(layout.relation_columns, axis=1) + units.of(targets, relation, PARENT) + \
                units.of([by_id[child] for child, _ in block], relation, CHILD)
            p_blocks.append(relation.proba_of(x_rel)[:, 1])
            yield _reason_rows(attach, x_rows, units, targets)

    tree_reasons = SparseRows(tree_rows())
    p_attack = np.concatenate(p_blocks).tolist() if tree_pairs else []
    attack_at = weights.setting("attack_threshold", 0.5)
    ids = _new_ids(alive, nodes, major)
    edges: list[Edge] = []
    reasons = attach.why_later(tree_reasons, ["1"] * len(tree_pairs))
    p_chosen = p_attach[chosen].tolist()
    weighed = relation.columns  # the relation model's features: a rule it has no ``rule-parent=`` of, it never saw
    for (child, target), attack, why, p in zip(tree_pairs, p_attack, reasons, p_chosen):
        kind = EdgeType.ATTACK if attack >= attack_at else EdgeType.SUPPORT
        rule_edge = ctx.rule_parent.get(child)
        if rule_edge is not None and rule_edge.target == target and (
                rules_parents or f"rule-parent={rule_edge.rule}" not in weighed):
            # the rules' parent kept, in a text that argues or by a rule the relation model learned nothing of
            # (no two training texts had it): the rules' relation too
            kind = rule_edge.type
        rule, cue = _provenance(ctx, child, target, by_id[child])
        edges.append(Edge(ids[child], ids[target], kind, rule=rule, cue=cue, primary=True, score=p, why=why))
    extra_at = weights.setting("extra_threshold", 0.3)
    # every edge kept, tree and extra, by the ids it was decided under: a second parent must not lead back
    # to its child along any of them
    serves: dict[str, set[str]] = {child: {target} for child, target in parent.items()}
    extras = []  # (source, target, its rule edge, its row or None, its score)
    for (source, target), rule_edge in ctx.rule_extra.items():
        if source not in alive_ids or target not in alive_ids or parent.get(source) == target:
            continue
        i = _row(first_row, source, target) if target in incoming.get(source, ()) else None
        p = float(p_attach[i]) if i is not None else 0.0
        if p < extra_at or (rule_edge.type == EdgeType.SUPPORT and _descends(parent, target, source)):
            continue
        extras.append((source, target, rule_edge, i, p))
        serves.setdefault(source, set()).add(target)
    # the reasons of the extra edges in one step, as those of the tree's edges
    scored = [(i, target) for _, target, _, i, _ in extras if i is not None]
    extra_reasons = iter(_reasons(attach, pair_rows([i for i, _ in scored]), units,
                                  [by_id[target] for _, target in scored]))
    for source, target, rule_edge, i, p in extras:
        edges.append(Edge(ids[source], ids[target], rule_edge.type, rule=rule_edge.rule, cue=rule_edge.cue,
                          primary=False, score=p, why=next(extra_reasons) if i is not None else []))
    # a second parent the model itself rates above the threshold (a unit serving two points, or a cross-section
    # link), when it is not the tree's edge, nor a rule's, nor one that would close a cycle
    second_at = weights.setting("second_parent_threshold", 1.0)
    if second_at < 1.0 and len(p_attach):
        seconds = []
        for i in np.flatnonzero(p_attach >= second_at).tolist():  # the few rows that clear it, not every pair
            child, target = kept[pair_at[0][i]].id, kept[pair_at[1][i]].id
            if parent.get(child) != target and (child, target) not in ctx.rule_extra \
                    and not _leads_to(serves, target, child):
                seconds.append((child, target, i))
                serves.setdefault(child, set()).add(target)
        if seconds:
            rows = [i for _, _, i in seconds]
            x_rows = pair_rows(rows)
            x_second = x_rows.take(layout.relation_columns, axis=1) + \
                units.of([by_id[target] for _, target, _ in seconds], relation, PARENT) + \
                units.of([by_id[child] for child, _, _ in seconds], relation, CHILD)
            second_reasons = _reasons(attach, x_rows, units, [by_id[target] for _, target, _ in seconds])
            for (child, target, i), attack, why in zip(seconds, relation.proba_of(x_second)[:, 1].tolist(),
                                                       second_reasons):
                opener = next((hit for hit in by_id[child].markers if hit.initial), None)
                edges.append(Edge(ids[child], ids[target], EdgeType.ATTACK if attack >= attack_at else EdgeType.SUPPORT,
                                  rule=R.LEARNED_SECOND_PARENT.name, cue=opener.cue if opener is not None else None,
                                  primary=False, score=float(p_attach[i]), why=why))
    order = {u.id: n for n, u in enumerate(alive)}
    new_order = {ids[k]: v for k, v in order.items()}
    edges.sort(key=lambda e: (not e.primary, new_order.get(e.source, 0), new_order.get(e.target, 0)))
    for key, decision in nodes.items():
        decision.id = ids[key]
    return Decisions(nodes, edges, weights.name)


def is_own_call(unit: Unit, lexicon) -> bool:
    """Whether the rules typed ``unit`` a recommendation by its deontic modal and that modal calls for action in the
    writer's own voice (``Lexicon.own_call``): what ``calls_need_rules`` hands to the rules, and what training counts."""
    return unit.rule == R.DEONTIC_MODAL.name and lexicon.own_call(unit.text) is not None


def _stated_thesis(pool: list[Unit], ctx: Context, weights: Weights) -> Unit | None:
    """The first sentence that says it states the thesis ("We argue that …", "For many reasons, …") in a text
    whose rules kept the title as the major claim, when the weights learned from no text with such a
    sentence (``major_needs_thesis``): the guide puts an explicit thesis ahead of the title, and a model that
    never saw the cue cannot weigh it. The rules read such a sentence below a heading as its section's point
    (``thesis-statement``); a heading above it may be only a title's second line."""
    if not weights.setting("major_needs_thesis", 0.0) or ctx.rule_major is None or ctx.rule_major.kind != "title":
        return None
    return next((u for u in pool if u.rule == R.THESIS_STATEMENT.name), None)


class _UnitLayout:
    """Which unit features the models read (the type and major-claim models by name, the attachment and
    relation models as ``parent:`` name), where each model's columns sit among them, and the columns of
    the pair features. It depends on the models alone, so it is worked out once per weights (``_layout``),
    not once per document."""

    def __init__(self, models) -> None:
        names: dict[str, int] = {}
        for model in models.values():
            for name in model.features:
                if name.startswith(PARENT):
                    names.setdefault(name[len(PARENT):], len(names))
                elif name.startswith(CHILD):
                    names.setdefault(name[len(CHILD):], len(names))
                elif model is models["type"] or model is models["major"]:
                    names.setdefault(name, len(names))
        self.names = names
        self._columns: dict[tuple[int, str], np.ndarray] = {}
        # the pair features' columns: the attachment model's in its own order, then any only the relation reads
        # (not its ``parent:``/``unit:`` ones, which come from the unit matrix), then one that stays zero
        self.pair_index = models["attach"].columns
        for name in models["relation"].features:
            if not name.startswith((PARENT, CHILD)):
                self.pair_index.setdefault(name, len(self.pair_index))
        zero = len(self.pair_index)
        self.relation_columns = np.array([self.pair_index.get(name, zero) for name in models["relation"].features],
                                         dtype=int)
        self.cues = cue_questions(name for model in models.values() for name in model.features)

    def columns(self, model, prefix: str) -> np.ndarray:
        """Per feature of ``model``, its column among ``names`` (those named ``prefix`` + a unit feature);
        the others point at a last column that stays zero."""
        key = (id(model), prefix)
        columns = self._columns.get(key)
        if columns is None:
            zero = len(self.names)
            columns = self._columns[key] = np.array(
                [self.names.get(name[len(prefix):], zero) if name.startswith(prefix) else zero
                 for name in model.features], dtype=int)
        return columns


def _layout(weights: Weights) -> _UnitLayout:
    """The weights' ``_UnitLayout``, made on their first document and kept while their models stay the same."""
    return weights.derived("unit_layout", _UnitLayout)


class _UnitMatrix:
    """Every unit's own features in one matrix (``UnitTable``, the columns some model reads) made once;
    each model reads the columns it weighs."""

    def __init__(self, ctx: Context, layout: _UnitLayout) -> None:
        self.layout = layout
        self.row = ctx.index  # unit id → its position in ``kept``
        self.table = UnitTable(ctx)  # its facts serve the pair features too (``PairTable``)
        self.x = self.table.matrix(layout.names, len(layout.names) + 1)  # the last column stays zero

    def of(self, units: list[Unit], model, prefix: str = "") -> np.ndarray:
        """``units``' rows over ``model``'s features (those named ``prefix`` + a unit feature)."""
        return _gather(self.x, [self.row[u.id] for u in units], self.layout.columns(model, prefix))


def _gather(x: np.ndarray, rows, columns: np.ndarray) -> np.ndarray:
    """``x[np.ix_(rows, columns)]``, the rows taken first and then the columns: the same cells, copied in
    two plain passes where one fancy index walks them one at a time (several times slower)."""
    return x.take(np.asarray(rows, dtype=np.intp), axis=0).take(columns, axis=1)


def _row(first_row: dict[str, tuple[int, list[str]]], child: str, target: str) -> int:
    """The row of the pair (``child``, ``target``): a unit's candidates fill consecutive rows, and only
    the few chosen pairs are looked up (a row dictionary per unit cost more than the lookups)."""
    start, ids = first_row[child]
    return start + ids.index(target)


def _reason_rows(attach, x_rows: np.ndarray, units: "_UnitMatrix", targets: list[Unit]) -> np.ndarray:
    """The rows the attachment reasons of pairs read: each pair's row of pair features (``x_rows``, a row per
    pair, as wide as the pairs' matrix) beside its candidate's (``targets``) own, as ``why_of`` reads them."""
    return np.hstack([x_rows[:, :len(attach.features)], units.of(targets, attach, PARENT)])


def _reasons(attach, x_rows: np.ndarray, units: "_UnitMatrix", targets: list[Unit]) -> list[Later]:
    """The attachment reasons of pairs (``_reason_rows``), worked out in one step when first read."""
    if not targets:
        return []
    return attach.why_later(_reason_rows(attach, x_rows, units, targets), ["1"] * len(targets))


def _in_blocks(items: list, score) -> np.ndarray:
    """``score`` (of a list of units, one value per unit) of ``items``, ``UNIT_CHUNK`` at a time."""
    parts = [score(items[start:start + UNIT_CHUNK]) for start in range(0, len(items), UNIT_CHUNK)]
    return np.concatenate(parts) if parts else score(items)


def _softmax_by_unit(z: np.ndarray, counts: list[int]) -> np.ndarray:
    """Each unit's candidates' scores as probabilities that sum to one over that unit's candidates
    (a unit's rows are consecutive; ``counts`` says how many each unit has, in order)."""
    where = np.cumsum([0] + counts[:-1])
    counts = np.asarray(counts)
    top = np.repeat(np.maximum.reduceat(z, where), counts)
    e = np.exp(z - top)
    return e / np.repeat(np.add.reduceat(e, where), counts)


def _leads_to(serves: dict[str, set[str]], start: str, goal: str) -> bool:
    """Whether following the kept edges (each unit to the units it serves) from ``start`` reaches ``goal``."""
    stack, seen = [start], {start}
    while stack:
        for nxt in serves.get(stack.pop(), ()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def _descends(parent: dict[str, str], node: str, ancestor: str) -> bool:
    """Whether ``ancestor`` lies on the tree path from ``node`` up to the root."""
    seen = set()
    while node in parent and node not in seen:
        seen.add(node)
        node = parent[node]
        if node == ancestor:
            return True
    return False


@R.implements(R.LEARNED_ATTACHMENT)
def _provenance(ctx: Context, child: str, target: str, unit: Unit) -> tuple[str, str | None]:
    """The rule and cue behind an edge: the rules' own when they chose the same parent."""
    rule_edge = ctx.rule_parent.get(child)
    if rule_edge is not None and rule_edge.target == target:
        return rule_edge.rule, rule_edge.cue
    extra = ctx.rule_extra.get((child, target))
    if extra is not None:
        return extra.rule, extra.cue
    opener = next((hit for hit in unit.markers if hit.initial), None)
    return R.LEARNED_ATTACHMENT.name, opener.cue if opener is not None else None


def _new_ids(alive: list[Unit], nodes: dict[str, NodeDecision], major: Unit) -> dict[str, str]:
    """Ids as the rules give them (MC, H1, S1, E1, … in reading order) for the units the model kept."""
    counts: dict[str, int] = {}
    ids = {}
    for unit in alive:
        if unit is major:
            ids[unit.id] = "MC"
            continue
        prefix = _PREFIX.get(unit.kind, "U")
        counts[prefix] = counts.get(prefix, 0) + 1
        ids[unit.id] = f"{prefix}{counts[prefix]}"
    return ids
