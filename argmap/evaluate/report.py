"""The evaluation as Markdown tables (what docs/evaluation.md shows), built from the same figures as the CLI's."""

from __future__ import annotations

__all__ = ["LABELS", "to_markdown"]

LABELS = {
    "unit_f1": "unit F1 (50 % overlap)",
    "type_macro_f1": "type macro F1",
    "edge_f1_unlabeled": "edge F1, unlabeled",
    "edge_f1_labeled": "edge F1, labeled",
    "attachment_acc": "attachment accuracy",
    "major_claim_found": "major claim found",
    "cc": "cc: central claim",
    "ro": "ro: role (pro/opp)",
    "fu": "fu: function (sup/att)",
    "at": "at: attachment",
    "recommendation_p": "recommendation P",
    "recommendation_r": "recommendation R",
    "recommendation_f1": "recommendation F1",
    "evidence_p": "evidence P",
    "evidence_r": "evidence R",
    "evidence_f1": "evidence F1",
}


def to_markdown(evaluation) -> str:
    """One table per corpus: metric, argmap, baseline, the document means, and the published figure."""
    from . import PUBLISHED

    out: list[str] = []
    for corpus in evaluation.corpora:
        note = f", {corpus.failed} failed" if corpus.failed else ""
        out.append(f"**{corpus.format} ({corpus.lang})**, {corpus.documents} documents{note}")
        out.append("")
        out.append("| metric | argmap | baseline | argmap, document mean | baseline, document mean | published |")
        out.append("|---|---:|---:|---:|---:|---|")
        for metric in corpus.metrics:
            published = PUBLISHED.get((corpus.format, metric))
            cell = f"{published[0]:.2f} ({published[1]})" if published else ""
            out.append(f"| {LABELS.get(metric, metric)} | **{corpus.argmap[metric]:.3f}** | {corpus.baseline[metric]:.3f} | "
                       f"{corpus.macro_argmap[metric]:.3f} | {corpus.macro_baseline[metric]:.3f} | {cell} |")
        out.append("")
    return "\n".join(out)
