"""The evaluation as Markdown tables (what docs/evaluation.md shows), built from the same figures as the CLI's."""

from __future__ import annotations

__all__ = ["LABELS", "to_markdown", "document_rows", "reference_table", "agreement_table", "agreement_markdown"]

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
        corpus = doc.split or f"{doc.format} ({doc.lang})"
        if doc.error:
            rows.append((doc.name, corpus, f"failed: {doc.error}", "", ""))
            continue
        for key in (k for k in doc.argmap if k in LABELS and not k.endswith(("_p", "_r"))):
            rows.append((doc.name, corpus, key, f"{float(doc.argmap[key]):.3f}", f"{float(doc.baseline[key]):.3f}"))
    return rows


def reference_table(reference) -> tuple[list[str], list[list[str]]]:
    """A reference corpus's figures: each split's argmap and baseline, and the annotators' agreement.

    Each row starts with the metric's key; the caller names it for its medium."""
    from . import MAP_METRICS

    header = ["metric"]
    for name, result in reference.splits.items():
        header += [f"{name} argmap ({result.documents})", f"{name} baseline"]
    if reference.agreement:
        header.append(f"agreement ({reference.double_annotated})")
    rows = []
    for metric in MAP_METRICS:
        row = [metric]
        for result in reference.splits.values():
            row += [f"{result.argmap[metric]:.3f}", f"{result.baseline[metric]:.3f}"]
        if reference.agreement:
            row.append(f"{reference.agreement[metric]:.3f}")
        rows.append(row)
    return header, rows


def agreement_table(reference) -> tuple[list[str], list[list[str]]]:
    """Each double-annotated brief's agreement, one annotation as reference and the other as prediction."""
    header = ["brief", "split", "unit F1", "type macro F1", "edge F1 labeled", "attachment (A as ref.)",
              "attachment (B as ref.)", "same major claim"]
    rows = []
    for doc in reference.agreement_documents:
        one, two = doc["first_as_reference"], doc["second_as_reference"]
        rows.append([doc["id"], doc["split"], f"{one['unit_f1']:.3f}",
                     f"{(one['type_macro_f1'] + two['type_macro_f1']) / 2:.3f}", f"{one['edge_f1_labeled']:.3f}",
                     f"{one['attachment_acc']:.3f}", f"{two['attachment_acc']:.3f}",
                     "yes" if one["major_claim_found"] else "no"])
    one, two = reference.agreement_ways
    if one:
        rows.append(["**pooled**", "", f"{reference.agreement['unit_f1']:.3f}",
                     f"{reference.agreement['type_macro_f1']:.3f}", f"{reference.agreement['edge_f1_labeled']:.3f}",
                     f"{one['attachment_acc']:.3f}", f"{two['attachment_acc']:.3f}",
                     f"{reference.agreement['major_claim_found']:.3f}"])
    return header, rows


def _markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def agreement_markdown(evaluation) -> str:
    """The agreement tables of every reference corpus (what docs/annotation.md shows)."""
    out: list[str] = []
    for reference in evaluation.references:
        out.append(f"**{reference.name}**: {reference.double_annotated} briefs mapped twice, independently")
        out.append("")
        out += _markdown_table(*agreement_table(reference))
        out.append("")
    return "\n".join(out)


def to_markdown(evaluation, per_document: bool = False) -> str:
    """One table per corpus: metric, argmap, baseline, the document means, and the published figure.

    ``per_document`` adds a table of each document's scores (the ``--per-document`` view).
    """
    from . import PUBLISHED

    out: list[str] = []
    for reference in evaluation.references:
        counts = ", ".join(f"{name} {result.documents}" for name, result in reference.splits.items())
        failed = sum(result.failed for result in reference.splits.values())
        out.append(f"**{reference.name}** (reference corpus: {counts} briefs"
                   + (f", {failed} failed" if failed else "") + "; agreement pooled over "
                   f"{reference.double_annotated} double-annotated briefs)")
        out.append("")
        header, rows = reference_table(reference)
        out += _markdown_table(header, [[LABELS.get(row[0], row[0]), *row[1:]] for row in rows])
        out.append("")
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
