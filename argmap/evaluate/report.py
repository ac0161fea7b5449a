"""The evaluation as Markdown tables (what docs/evaluation.md shows), built from the same figures as the CLI's."""

from __future__ import annotations

__all__ = ["LABELS", "to_markdown", "document_rows"]

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


def document_rows(evaluation) -> list[tuple[str, str, str, str, str]]:
    """Each document's scores in long form, one row per metric: (document, corpus, metric, argmap, baseline).

    Long rather than wide, so that a terminal of 80 columns or a Markdown table shows every figure whole.
    A document that failed has one row with its error in the metric column.
    """
    rows = []
    for doc in evaluation.documents:
        corpus = f"{doc.format} ({doc.lang})"
        if doc.error:
            rows.append((doc.name, corpus, f"failed: {doc.error}", "", ""))
            continue
        for key in (k for k in doc.argmap if k in LABELS and not k.endswith(("_p", "_r"))):
            rows.append((doc.name, corpus, key, f"{float(doc.argmap[key]):.3f}", f"{float(doc.baseline[key]):.3f}"))
    return rows


def to_markdown(evaluation, per_document: bool = False) -> str:
    """One table per corpus: metric, argmap, baseline, the document means, and the published figure.

    ``per_document`` adds a table of each document's scores (the ``--per-document`` view).
    """
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
    if per_document:
        out.append("**per document**")
        out.append("")
        out.append("| document | corpus | metric | argmap | baseline |")
        out.append("|---|---|---|---:|---:|")
        for name, corpus, metric, ours, base in document_rows(evaluation):
            cells = [c.replace("|", "\\|") for c in (name, corpus, LABELS.get(metric, metric), ours, base)]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)
