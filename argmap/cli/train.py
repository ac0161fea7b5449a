"""``argmap train``: fit the learned layer's weights on annotated documents (needs ``argmap[train]``)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import app
from ._common import console, err_console, handle_errors, say_the_test_split_stays_unread, warn


@app.command()
@handle_errors
def train(
    corpus: List[Path] = typer.Argument(..., metavar="CORPUS", help="Annotated documents or folders of them: "
                                        "reference corpora (a folder with corpus.json), argmap-gold JSON, "
                                        "microtexts XML, CDCP .ann.json, AIF JSON."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="FILE",
                                          help="Where to write the weights (JSON)."),
    format: str = typer.Option("auto", "--format", help="Gold format: auto, argmap-gold, microtexts, cdcp, brat, aif."),
    split: Optional[str] = typer.Option(None, "--split", help="For a reference corpus: the split to train on (dev, "
                                        "test or all; dev by default, so that test stays held out). With --report: "
                                        "dev (the default) measures the dev split alone and leaves the test split "
                                        "unread; test or all also maps the test split once."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of the texts (default: from the corpus, else "
                                                            "detected from the text)."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="Print only where the weights went."),
    report: bool = typer.Option(False, "--report", help="Write no weights: measure the learned layer instead "
                                "(leave-one-brief-out on a reference corpus's dev split, its test split once if --split asks, "
                                "10-fold CV on microtexts, cross-domain) beside the rules, as Markdown "
                                "(as in docs/evaluation.md)."),
) -> None:
    """Learn weights for types, the major claim, attachment and relations from annotated maps.

    Use them with 'argmap analyze --weights FILE' or 'argmap evaluate --weights FILE'."""
    from ..evaluate import count_documents
    from ..evaluate.corpus import check_split
    from ..evaluate.gold import check_gold_format
    from ..learn import save_weights
    from ..learn.train import fit, prepare_paths

    if split is not None:
        check_split(split)
    check_gold_format(format)
    from ..learn.train import _sklearn

    _sklearn()  # a missing scikit-learn is reported before any work
    if report:
        if split is None:
            say_the_test_split_stays_unread(corpus)
        typer.echo(_report(corpus, format, lang, quiet, with_test=split in ("test", "all")), nl=False)
        return
    if output is None:
        from ..errors import ArgmapError

        error = ArgmapError("say where to write the weights with -o FILE (or measure them with --report)")
        error.exit_code = 2
        raise error
    split = split or "dev"
    total = count_documents(corpus, format, split)
    if total == 0:
        from ..errors import InputError

        raise InputError("no annotated documents found in " + ", ".join(str(p) for p in corpus))
    if err_console.is_terminal and not quiet:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                      console=err_console, transient=True) as bar:
            task = bar.add_task("", total=total)
            prepared = prepare_paths(corpus, format=format, split=split, lang=lang, warn=warn, trainable_only=True,
                                     progress=lambda done, _t, name: bar.update(task, completed=done,
                                                                                description=Path(name).name))
    else:
        prepared = prepare_paths(corpus, format=format, split=split, lang=lang, warn=warn, trainable_only=True)
    if not prepared:
        from ..errors import InputError

        raise InputError("none of the annotated documents could be read")
    weights = fit(prepared, name=output.stem)
    save_weights(weights, output)
    if not quiet:
        counts = {m: sum(len(d.examples[m]) for d in prepared) for m in weights.models}
        console.print(f"trained on {len(prepared)} documents: {counts['type']} units, {counts['attach']} "
                      f"candidate parents, {counts['relation']} relations", markup=False, soft_wrap=True)
    console.print(f"wrote {output}", markup=False, soft_wrap=True)


def _report(paths, format: str, lang, quiet: bool, with_test: bool = True) -> str:
    """Prepare every corpus once, run the experiments, return their Markdown (the test split only if asked)."""
    from ..evaluate import _plan, evaluate_agreement
    from ..learn.experiments import run_experiments, to_markdown
    from ..learn.train import prepare_paths

    def say(message: str) -> None:
        if not quiet:
            err_console.print(message, markup=False, style="dim")

    corpora, files = _plan(paths, format, "all")
    corpus_paths = [corpus.root for corpus, _ in corpora]
    say("reading the reference corpora")
    reference = prepare_paths(corpus_paths, split="dev", lang=lang, warn=warn, trainable_only=True) if corpus_paths else []
    test = prepare_paths(corpus_paths, split="test", lang=lang, warn=warn) if corpus_paths and with_test else []
    say("reading the other corpora")
    others = prepare_paths([path for path, _ in files], format=format, lang=lang, warn=warn,
                           trainable_only=True) if files else []
    microtexts: dict[str, list] = {}
    for doc in others:
        if doc.gold.format == "microtexts":
            microtexts.setdefault(doc.lang, []).append(doc)
    cdcp = [doc for doc in others if doc.gold.format == "cdcp"]
    agreement = {}
    if corpus_paths:
        references = evaluate_agreement(corpus_paths, "all").references
        agreement = references[0].agreement if references and references[0].agreement else {}
    return to_markdown(run_experiments(reference, test, microtexts, cdcp, agreement, progress=say))
