"""``argmap batch``: map a whole corpus into a mirrored output tree (and, on request, a SQLite store)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import app
from ..formats import FORMATS
from ..render import IMAGE_FORMATS
from ._common import EXIT_INTERRUPTED, LANGUAGES, console, err_console, handle_errors

DEFAULT_BATCH_FORMATS = "json"
FORMAT_HELP = ("Comma-separated formats: " + ", ".join(sorted(set(FORMATS) | set(IMAGE_FORMATS)))
               + f" (default: {DEFAULT_BATCH_FORMATS}).")
EXIT_SOME_FAILED = 1


def _parse_formats(value: str) -> list[str]:
    return list(dict.fromkeys(p.strip().lower() for p in value.split(",") if p.strip()))


@app.command()
@handle_errors
def batch(
    inputs: List[str] = typer.Argument(..., metavar="INPUT", help="Files, directories (walked recursively) or glob patterns (quote them: 'briefs/**/*.md')."),
    output: str = typer.Option(..., "-o", "--output", metavar="DIR", help="Directory (or fsspec URL, e.g. s3://bucket/maps) for the results; the input tree is mirrored under it."),
    jobs: Optional[int] = typer.Option(None, "-j", "--jobs", min=1, help="Worker processes (default: the number of CPU cores)."),
    format: str = typer.Option(DEFAULT_BATCH_FORMATS, "-f", "--format", help=FORMAT_HELP),
    db: Optional[Path] = typer.Option(None, "--db", help="Also store every map in this SQLite file (see 'argmap query')."),
    force: bool = typer.Option(False, "--force", help="Redo every file, even those already mapped with these settings."),
    model: Optional[str] = typer.Option(None, "--model", help="An installed spaCy pipeline (default: blank English with rule-based sentences)."),
    lang: Optional[str] = typer.Option(None, "--lang", help=f"Language of the text, the code of a language pack: {LANGUAGES} (default: detected from each text)."),
    weights: Optional[Path] = typer.Option(None, "--weights", metavar="FILE", help="Decide types and trees with these learned weights (made by 'argmap train'; default: the shipped ones)."),
    rules_only: bool = typer.Option(False, "--rules-only", help="Decide by the hand-written rules alone, without the learned weights."),
    link_evidence: bool = typer.Option(False, "--link-evidence", help="Also make each linked source an evidence node under the unit that links to it."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress bar and no summary table; failures are still listed."),
    engine: str = typer.Option("local", "--engine", help="Where the documents are mapped: local (worker processes) or dask (a Dask cluster; needs argmap[dask])."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="With --engine dask: the scheduler's address, e.g. tcp://10.0.0.5:8786 (default: a local cluster of --jobs workers)."),
) -> None:
    """Map every document named by INPUT... into DIR: in parallel, resumable, one bad file never stopping the rest.

    in/a/b.md, given as 'in', lands at DIR/a/b.json (DIR may be an fsspec URL such as s3://bucket/maps
    when s3fs is installed). A re-run skips the files whose outputs are newer than the input and
    were made with the same settings (--force redoes them). The exit code is 1 when any file
    failed; the failures are listed at the end.
    """
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..batch import run_batch

    from .analyze import check_learning_options

    weights = check_learning_options(weights, rules_only, read=False)  # run_batch reads it before any document
    formats = _parse_formats(format)
    show = not quiet
    # redrawn at each result, by this thread: no refresh thread runs while the workers fork
    progress = Progress(
        TextColumn("[bold]mapping"),
        BarColumn(),
        MofNCompleteColumn(),
        _rate_column(),
        TimeElapsedColumn(),
        _eta_column(),
        console=err_console,
        transient=False,
        auto_refresh=False,
        disable=not show,
    )
    task = None
    clock = {"planned": 0.0, "redrawn": 0.0}

    def on_plan(todo: int, skipped: int) -> None:
        nonlocal task
        clock["planned"] = time.perf_counter()
        task = progress.add_task("mapping", total=todo, rate=None)
        if show and skipped:
            progress.console.print(f"skipping {skipped} file(s) already mapped with these settings (--force redoes them)",
                                   markup=False)
        progress.refresh()

    def on_result(result) -> None:
        if result.status == "failed" and show and err_console.is_terminal:
            progress.console.print(f"failed: {result.item.source}: {result.error}", markup=False, soft_wrap=True)
        for warning in result.warnings:
            if show:
                progress.console.print(f"Warning: {result.item.source}: {warning}", markup=False, soft_wrap=True)
        if task is not None and result.status != "skipped" and result.item.error is None:
            now = time.perf_counter()
            done = progress.tasks[task].completed + 1
            # the same figure as the summary's: documents so far over the time since the work was planned
            progress.update(task, advance=1, rate=done / max(now - clock["planned"], 1e-9))
            if now - clock["redrawn"] > 0.1 or done == progress.tasks[task].total:
                clock["redrawn"] = now
                progress.refresh()

    with progress:
        report = run_batch(inputs, output, formats=formats, model=model, lang=lang, weights=weights,
                           rules_only=rules_only, link_evidence=link_evidence, jobs=jobs, db=db, force=force, engine=engine, scheduler=scheduler,
                           on_plan=on_plan, on_result=on_result)
        if task is not None and report.mapping_seconds > 0:  # the last frame shows the summary's own figure
            progress.update(task, rate=report.documents_per_second)
            progress.refresh()
    if show:
        console.print(_summary(report, output, db))
    if report.failed:
        err_console.print(f"{len(report.failed)} file(s) failed:", markup=False)
        for result in report.failed:
            err_console.print(f"  {result.item.source}: {result.error}", markup=False, soft_wrap=True)
    if report.interrupted:
        err_console.print("Error: interrupted; finished files are kept and a re-run continues from there", markup=False)
        raise typer.Exit(EXIT_INTERRUPTED)
    if report.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def _summary(report, output: str, db: Optional[Path]):
    from rich.table import Table

    done, skipped, failed = (report.by_status(s) for s in ("done", "skipped", "failed"))
    table = Table(title="Batch summary", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("mapped", str(len(done)))
    table.add_row("skipped (up to date)", str(len(skipped)))
    table.add_row("failed", str(len(failed)), style="red" if failed else None)
    table.add_row("nodes / edges", f"{sum(r.nodes for r in done)} / {sum(r.edges for r in done)}")
    table.add_row("wall time", f"{report.seconds:.1f} s")
    if report.mapping_seconds > 0:
        table.add_row("documents/s", f"{report.documents_per_second:.1f}")
    table.add_row("output", str(output))
    if db is not None:
        table.add_row("store", str(db))
    return table


def _rate_column():
    """Documents per second so far, as the summary counts them (rich's own speed column speaks of bytes)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task):
            rate = task.fields.get("rate")
            return Text("- documents/s" if not rate else f"{rate:.1f} documents/s", style="cyan")

    return RateColumn()


def _eta_column():
    """Time left at the rate so far (rich's estimate looks only at the last seconds, and jumps)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class EtaColumn(ProgressColumn):
        def render(self, task):
            rate = task.fields.get("rate")
            if task.finished:
                return Text("done", style="green")
            if not rate or task.total is None:
                return Text("eta -:--:--", style="cyan")
            left = int(round((task.total - task.completed) / rate))
            return Text(f"eta {left // 3600}:{left % 3600 // 60:02d}:{left % 60:02d}", style="cyan")

    return EtaColumn()
