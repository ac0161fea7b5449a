"""The metrics: the yardstick's unit, type and edge scores, and the microtext levels cc/ro/fu/at.

``score_map`` computes exactly what ``tools/score.py`` prints (same word split, same 50 %
overlap matching, same rounding). ``level_vectors``/``level_scores`` follow the evidence-graph
evaluation of the arg-microtexts: per-unit labels pooled over the corpus, macro F1 over the
labels that occur.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, deque
from itertools import permutations

__all__ = ["words", "overlap", "prf", "match_units", "score_map", "level_vectors", "macro_f1", "level_scores",
           "Tree", "TYPES", "LEVELS"]

TYPES = ["major_claim", "claim", "premise", "evidence", "recommendation"]
LEVELS = ("cc", "ro", "fu", "at")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def words(text: str | None) -> list[str]:
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES).lower()
    return re.findall(r"\w+", text)


def overlap(a: list[str], b: list[str]) -> float:
    ca, cb = Counter(a), Counter(b)
    return sum((ca & cb).values()) / max(len(a), len(b), 1)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f, 3)


def match_units(gold_units, pred_nodes) -> dict[str, str]:
    """Gold id → predicted id: pairs sharing at least half the longer one's words, best first, one to one."""
    g_words = {u["id"]: words(u["text"]) for u in gold_units}
    p_words = {n["id"]: words(n["text"]) for n in pred_nodes}
    pairs = []
    for gid, gw in g_words.items():
        for pid, pw in p_words.items():
            s = overlap(gw, pw)
            if s >= 0.5:
                pairs.append((s, gid, pid))
    pairs.sort(reverse=True)
    g2p: dict[str, str] = {}
    taken: set[str] = set()
    for _, gid, pid in pairs:
        if gid not in g2p and pid not in taken:
            g2p[gid] = pid
            taken.add(pid)
    return g2p


def score_map(gold: dict, pred: dict) -> dict:
    """Score a predicted map (``{"nodes", "edges"}``) against a gold one (``{"units", "extra_edges"}``).

    Returns the dictionary ``tools/score.py --json`` prints, plus the raw counts under
    ``counts`` so that corpus-level (micro) averages can be pooled.
    """
    g_units = [{"id": str(u["id"]), "type": u["type"], "text": u.get("text", ""), "parent": u.get("parent"),
                "relation": u.get("relation", "support")} for u in gold["units"]]
    pred_nodes = [{"id": str(n["id"]), "type": n.get("type") or n.get("kind") or n.get("role"),
                   "text": n.get("text", "")} for n in (pred.get("nodes") or pred.get("units") or [])]
    pred_edges = [(str(e["source"]), str(e["target"]), e.get("type") or e.get("relation") or "support")
                  for e in (pred.get("edges") or pred.get("links") or pred.get("relations") or [])]
    g2p = match_units(g_units, pred_nodes)
    p2g = {p: g for g, p in g2p.items()}
    n_match = len(g2p)
    res: dict = {"gold_units": len(g_units), "pred_nodes": len(pred_nodes), "matched": n_match}
    res["unit_p"], res["unit_r"], res["unit_f1"] = prf(n_match, len(pred_nodes), len(g_units))
    gtype = {u["id"]: u["type"] for u in g_units}
    ptype = {n["id"]: n["type"] for n in pred_nodes}
    counts: dict = {"units": [n_match, len(pred_nodes), len(g_units)], "types": {}}
    f1s = {}
    for t in TYPES:
        tp = sum(1 for g, p in g2p.items() if gtype[g] == t and ptype[p] == t)
        npred = sum(1 for n in pred_nodes if n["type"] == t)
        ngold = sum(1 for u in g_units if u["type"] == t)
        counts["types"][t] = [tp, npred, ngold]
        if ngold or npred:
            f1s[t] = prf(tp, npred, ngold)[2]
    res["type_f1"] = f1s
    res["type_macro_f1"] = round(sum(f1s.values()) / len(f1s), 3) if f1s else 0.0
    same = sum(1 for g, p in g2p.items() if gtype[g] == ptype[p])
    res["type_acc_on_matched"] = round(same / n_match, 3) if n_match else 0.0
    g_edges = set()
    for u in g_units:
        if u.get("parent"):
            g_edges.add((u["id"], u["parent"], u.get("relation", "support")))
    for e in gold.get("extra_edges", []):
        if isinstance(e, dict):
            g_edges.add((e["source"], e["target"], e["relation"]))
        else:
            g_edges.add(tuple(e))
    p_mapped = {(p2g[s], p2g[t], r) for s, t, r in pred_edges if s in p2g and t in p2g}
    unl_g = {(s, t) for s, t, _ in g_edges}
    unl_p = {(s, t) for s, t, _ in p_mapped}
    res["edge_f1_unlabeled"] = prf(len(unl_g & unl_p), len(pred_edges), len(g_edges))[2]
    res["edge_f1_labeled"] = prf(len(g_edges & p_mapped), len(pred_edges), len(g_edges))[2]
    att = [u for u in g_units if u.get("parent")]
    hit = sum(1 for u in att if (u["id"], u["parent"]) in unl_p)
    res["attachment_acc"] = round(hit / len(att), 3) if att else 0.0
    mc = [u["id"] for u in g_units if u["type"] == "major_claim"]
    res["major_claim_found"] = bool(mc) and mc[0] in g2p and ptype[g2p[mc[0]]] == "major_claim"
    counts.update(edges_unlabeled=[len(unl_g & unl_p), len(pred_edges), len(g_edges)],
                  edges_labeled=[len(g_edges & p_mapped), len(pred_edges), len(g_edges)],
                  attachment=[hit, len(att)], same_type=[same, n_match],
                  major_claim=[int(res["major_claim_found"]), int(bool(mc))])
    res["counts"] = counts
    return res


class Tree:
    """A dependency tree over units 0..n-1: ``parent[i]`` (None for the root) and its relation."""

    def __init__(self, parent: list[int | None], relation: list[str]):
        self.parent = parent
        self.relation = relation

    @property
    def root(self) -> int:
        return next(i for i, p in enumerate(self.parent) if p is None)


def level_vectors(tree: Tree) -> dict[str, list]:
    """The per-unit labels of the four levels: cc (0/1), ro (pro/opp), fu (cc/sup/att), at (pairs)."""
    n = len(tree.parent)
    root = tree.root
    cc = [int(i == root) for i in range(n)]
    children: dict[int, list[int]] = {}
    for i, p in enumerate(tree.parent):
        if p is not None:
            children.setdefault(p, []).append(i)
    ro = ["pro"] * n
    queue, seen = deque([(root, "pro")]), set()
    while queue:
        node, role = queue.popleft()
        if node in seen:
            continue
        seen.add(node)
        ro[node] = role
        for child in children.get(node, []):
            flip = tree.relation[child] == "attack"
            queue.append((child, ("opp" if role == "pro" else "pro") if flip else role))
    fu = ["cc" if p is None else ("att" if tree.relation[i] == "attack" else "sup") for i, p in enumerate(tree.parent)]
    at = [int(tree.parent[i] == j) for i, j in permutations(range(n), 2)]
    return {"cc": cc, "ro": ro, "fu": fu, "at": at}


def macro_f1(gold: list, pred: list) -> float:
    """Macro-averaged F1 over the labels found in either list (scikit-learn's ``average='macro'``)."""
    labels = sorted(set(gold) | set(pred), key=str)
    if not labels:
        return 0.0
    total = 0.0
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == label and p == label)
        n_pred = sum(1 for p in pred if p == label)
        n_gold = sum(1 for g in gold if g == label)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        total += 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return total / len(labels)


def level_scores(pairs) -> dict[str, float]:
    """Macro F1 per level over (gold tree, predicted tree) pairs, the labels pooled over all texts."""
    pooled_gold: dict[str, list] = {level: [] for level in LEVELS}
    pooled_pred: dict[str, list] = {level: [] for level in LEVELS}
    for gold, pred in pairs:
        gv, pv = level_vectors(gold), level_vectors(pred)
        for level in LEVELS:
            pooled_gold[level].extend(gv[level])
            pooled_pred[level].extend(pv[level])
    return {level: round(macro_f1(pooled_gold[level], pooled_pred[level]), 3) for level in LEVELS}
