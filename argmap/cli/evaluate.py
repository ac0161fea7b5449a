"""``argmap evaluate``: map annotated documents and score the maps beside training-free baselines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from . import app
from ..evaluate.report import LABELS as REPORT_LABELS
from ._common import console, err_console, handle_errors, note, say_the_test_split_stays_unread, warn

#: the report's metric names, shortened where a terminal column is narrow
LABELS = {
    **REPORT_LABELS,
    "unit_f1": "unit F1",
    "edge_f1_unlabeled": "edge F1 unlab.",
    "edge_f1_labeled": "edge F1 labeled",
    "attachment_acc": "attachment acc.",
    "cc": "cc central claim",
    "ro": "ro role",
    "fu": "fu function",
    "at": "at attachment",
}


def results_tables(evaluation, per_document: bool = False):
    """One rich table per corpus: argmap and the baseline, micro and macro, and the published figure."""
    from rich import box
    from rich.table import Table

    from ..evaluate import PUBLISHED

    tables = []
    for corpus in evaluation.corpora:
        title = f"{corpus.name}: {corpus.documents} documents" + (f", {corpus.failed} failed" if corpus.failed else "")
        title += " (levels: macro F1, labels pooled)" if corpus.format == "microtexts" else ""
        table = Table(title=title, header_style="bold", title_justify="left")
        table.add_column("metric", no_wrap=True)
        table.add_column("argmap", justify="right", style="bold")
        table.add_column("baseline", justify="right")
        table.add_column("argmap\ndoc mean", justify="right", style="dim")
        table.add_column("baseline\ndoc mean", justify="right", style="dim")
        table.add_column("published")
        for metric in corpus.metrics:
            published = PUBLISHED.get((corpus.format, metric))
            table.add_row(LABELS.get(metric, metric), f"{corpus.argmap[metric]:.3f}", f"{corpus.baseline[metric]:.3f}",
                          f"{corpus.macro_argmap[metric]:.3f}", f"{corpus.macro_baseline[metric]:.3f}",
                          f"{published[0]:.2f} {published[1]}" if published else "")
        tables.append(table)
    for reference in evaluation.references:
        from ..evaluate.report import reference_table

        header, rows = reference_table(reference)
        failed = sum(result.failed for result in reference.splits.values())
        title = (f"{reference.name}: reference corpus" + (f", {failed} failed" if failed else "")
                 + (f"; agreement of two annotators over {reference.double_annotated} briefs" if reference.agreement else ""))
        # each heading on lines of one word, so that a split, the baseline and the agreement fit 80 columns
        table = Table(title=title, header_style="bold", title_justify="left", box=box.SIMPLE_HEAD)
        for position, column in enumerate(header):
            table.add_column(column.replace(" ", "\n"), justify="left" if position == 0 else "right",
                             no_wrap=True, min_width=0 if position == 0 else 9,
                             style="bold" if "argmap" in column else None)
        for row in rows:
            table.add_row(LABELS.get(row[0], row[0]), *row[1:])
        tables.insert(0, table)
    if per_document:
        from ..evaluate.report import document_rows

        # long form, one row per metric: every figure stays whole at 80 columns
        table = Table(title="per document", header_style="bold", title_justify="left")
        table.add_column("document", overflow="fold")
        table.add_column("corpus", overflow="fold")
        table.add_column("metric", no_wrap=True)
        table.add_column("argmap", justify="right", no_wrap=True)
        table.add_column("baseline", justify="right", no_wrap=True)
        previous = None
        for name, corpus, metric, ours, base in document_rows(evaluation):
            first = name != previous
            previous = name
            table.add_row(name if first else "", corpus if first else "",
                          metric if metric.startswith("failed:") else LABELS.get(metric, metric), ours, base)
        tables.append(table)
    return tables


@app.command()
@handle_errors
def evaluate(
    gold: List[Path] = typer.Argument(..., metavar="GOLD", help="Gold files or folders of them (argmap-gold JSON, microtexts XML, "
                                               "CDCP .ann.json, brat .ann, AIF JSON)."),
    format: str = typer.Option("auto", "--format", help="Gold format: auto, argmap-gold, microtexts, cdcp, brat, aif."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of the texts (default: from the corpus, else "
                                                            "detected from the text)."),
    model: Optional[str] = typer.Option(None, "--model", help="An installed spaCy pipeline (default: blank, rule-based sentences)."),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON instead of tables."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Also write the results as JSON to this file."),
    per_document: bool = typer.Option(False, "--per-document", help="Add each document's scores."),
    markdown: bool = typer.Option(False, "--markdown", help="Print the tables as Markdown (as in docs/evaluation.md)."),
    split: Optional[str] = typer.Option(None, "--split", help="For a reference corpus (a folder with corpus.json): dev "
                                                              "(the default), test, or all (dev and test side by side); "
                                                              "reading the test split is asked for by name. With "
                                                              "--agreement, which maps nothing, the default is all."),
    agreement: bool = typer.Option(False, "--agreement", help="Print each double-annotated brief's agreement "
                                                               "instead (as in docs/annotation.md)."),
    check: bool = typer.Option(False, "--check", help="Only check the reference corpora (manifest, schema, "
                                                      "texts found in the sources); exit 1 on a problem."),
    weights: Optional[Path] = typer.Option(None, "--weights", metavar="FILE",
                                           help="Map with these learned weights (made by 'argmap train'; "
                                                "default: the shipped ones, trained on the reference corpus's "
                                                "dev briefs, which makes their figures there in-sample)."),
    rules_only: bool = typer.Option(False, "--rules-only", help="Map by the hand-written rules alone."),
) -> None:
    """Map each gold document's text and score the map (and the baselines) against the gold.

    A folder with a corpus.json is a reference corpus: its dev split is reported (its test split with
    --split test, both side by side with --split all) with the trivial baseline and the agreement of two
    annotators (the ceiling)."""
    from ..evaluate import count_documents
    from ..evaluate import evaluate as run
    from ..evaluate.corpus import check_split
    from ..evaluate.gold import check_gold_format

    if split is not None:
        check_split(split)
    if check:
        _check_corpora(gold)
        return
    if agreement:
        from ..evaluate import evaluate_agreement
        from ..evaluate.corpus import is_corpus
        from ..evaluate.report import agreement_markdown

        typer.echo(agreement_markdown(evaluate_agreement(gold, split or "all")), nl=False)
        for path in gold:
            if not is_corpus(path):
                warn(f"{path} holds no corpus.json; it has no annotators' agreement to report")
        return
    check_gold_format(format)
    from .analyze import check_learning_options

    weights = check_learning_options(weights, rules_only)
    if lang is not None:
        from ..cues import load_lexicon

        load_lexicon(lang)  # an unknown language is refused before any work
    if split is None:
        split = "dev"
        say_the_test_split_stays_unread(gold)
    total = count_documents(gold, format, split)
    show_progress = not (as_json or markdown) and err_console.is_terminal and total > 5
    if show_progress:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("evaluating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      TextColumn("{task.description}"), console=err_console, transient=True) as bar:
            task = bar.add_task("", total=total)
            evaluation = run(gold, format=format, lang=lang, model=model, split=split, weights=weights,
                             rules_only=rules_only,
                             progress=lambda done, _total, name: bar.update(task, completed=done, description=name))
    else:
        evaluation = run(gold, format=format, lang=lang, model=model, split=split, weights=weights,
                         rules_only=rules_only)
    data = evaluation.to_dict(per_document=per_document)
    if output is not None:
        from ..output import atomic_write

        atomic_write(output, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    if as_json:
        typer.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
    elif markdown:
        from ..evaluate.report import to_markdown

        typer.echo(to_markdown(evaluation, per_document), nl=False)
    else:
        for table in results_tables(evaluation, per_document):
            console.print(table)
    # on stderr in every form: figures pooled without a brief must not pass for the whole corpus's
    for reference in evaluation.references:
        if reference.unavailable:
            warn(f"{reference.name}: {len(reference.unavailable)} brief(s) skipped, their sources are not at hand "
                 f"({', '.join(reference.unavailable[:3])}{', …' if len(reference.unavailable) > 3 else ''})")
    failed = [d for d in evaluation.documents if d.error]
    for doc in failed[:5]:
        warn(f"{doc.name} could not be mapped: {doc.error}")
    say_what_is_in_sample(evaluation)
    if output is not None and not (as_json or markdown):
        console.print(f"wrote {output}", markup=False)



def say_what_is_in_sample(evaluation) -> None:
    """One line when the weights that mapped were trained on some of the documents scored: those figures
    are in-sample, and the command that measures the learned layer honestly is named."""
    if not evaluation.in_sample:
        return
    who = "the shipped weights were" if evaluation.decider == "default" else f"the weights '{evaluation.decider}' were"
    count, total = len(evaluation.in_sample), len(evaluation.documents)
    note(f"{who} trained on {count} of these {total} documents: their figures are in-sample; "
         f"'argmap train corpora --report' gives leave-one-brief-out figures, '--rules-only' the rules'")


def _check_corpora(paths) -> None:
    """Check each reference corpus's manifest and maps; print every problem; exit 1 if there is one."""
    from ..evaluate.corpus import check_reference, is_corpus, load_json, read_corpus

    problems = 0
    for path in paths:
        if not is_corpus(path):
            warn(f"{path} holds no corpus.json; not checked")
            continue
        corpus = read_corpus(path)
        units = 0
        for entry in corpus.unavailable:
            warn(f"{entry.id}: its source {entry.source} is not at hand; not checked")
        for entry in corpus.entries:
            if not entry.available:
                continue
            source = entry.source.read_text(encoding="utf-8")
            for gold_path in (entry.gold, *entry.annotations):
                gold = load_json(gold_path)
                units += len(gold.get("units", [])) if gold_path == entry.gold else 0
                for problem in check_reference(gold, source):
                    problems += 1
                    err_console.print(f"{gold_path}: {problem}", markup=False, soft_wrap=True)
        console.print(f"{path}: {len(corpus.entries)} briefs ({len(corpus.split('dev'))} dev, "
                      f"{len(corpus.split('test'))} test), {units} units, "
                      f"{len(corpus.double_annotated)} mapped twice", markup=False, soft_wrap=True)
    if problems:
        err_console.print(f"Error: {problems} problem(s) in the reference maps", markup=False)
        raise typer.Exit(1)
