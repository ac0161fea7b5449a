"""``argmap batch``: map a whole corpus into a mirrored output tree (and, on request, a SQLite store)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import app
from ..export import FORMATS
from ..render import IMAGE_FORMATS
from ._common import EXIT_INTERRUPTED, console, err_console, handle_errors

DEFAULT_BATCH_FORMATS = "json"
FORMAT_HELP = ("Comma-separated formats: " + ", ".join(sorted(set(FORMATS) | set(IMAGE_FORMATS)))
               + f" (default: {DEFAULT_BATCH_FORMATS}).")
EXIT_SOME_FAILED = 1


def _parse_formats(value: str) -> list[str]:
    return list(dict.fromkeys(p.strip().lower() for p in value.split(",") if p.strip()))


@app.command()
@handle_errors
def batch(
    inputs: List[str] = typer.Argument(..., metavar="INPUT...", help="Files, directories (walked recursively) or glob patterns (quote them: 'briefs/**/*.md')."),
    output: Path = typer.Option(..., "-o", "--output", help="Directory for the results; the input tree is mirrored under it."),
    jobs: Optional[int] = typer.Option(None, "-j", "--jobs", min=1, help="Worker processes (default: the number of CPU cores)."),
    format: str = typer.Option(DEFAULT_BATCH_FORMATS, "-f", "--format", help=FORMAT_HELP),
    db: Optional[Path] = typer.Option(None, "--db", help="Also store every map in this SQLite file (see 'argmap query')."),
    force: bool = typer.Option(False, "--force", help="Redo every file, even those already mapped with these settings."),
    model: Optional[str] = typer.Option(None, "--model", help="An installed spaCy pipeline (default: blank English with rule-based sentences)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of the cue lexicon: en or de (default: detected from each text)."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress bar and no summary table; failures are still listed."),
) -> None:
    """Map every document named by INPUT... into DIR: in parallel, resumable, one bad file never stopping the rest.

    in/a/b.md, given as 'in', lands at DIR/a/b.json. A re-run skips the files whose outputs are
    newer than the input and were made with the same settings (--force redoes them). The exit
    code is 1 when any file failed; the failures are listed at the end.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from ..batch import run_batch

    formats = _parse_formats(format)
    show = not quiet
    progress = Progress(
        TextColumn("[bold]mapping"),
        BarColumn(),
        MofNCompleteColumn(),
        _rate_column(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=err_console,
        transient=False,
        disable=not show,
    )
    task = None

    def on_plan(todo: int, skipped: int) -> None:
        nonlocal task
        task = progress.add_task("mapping", total=todo)
        if show and skipped:
            progress.console.print(f"skipping {skipped} file(s) already mapped with these settings (--force redoes them)",
                                   markup=False)

    def on_result(result) -> None:
        if result.status == "failed" and show and err_console.is_terminal:
            progress.console.print(f"failed: {result.item.source}: {result.error}", markup=False, soft_wrap=True)
        for warning in result.warnings:
            if show:
                progress.console.print(f"warning: {result.item.source}: {warning}", markup=False, soft_wrap=True)
        if task is not None and result.status != "skipped" and result.item.error is None:
            progress.advance(task)

    with progress:
        report = run_batch(inputs, output, formats=formats, model=model, lang=lang,
                           jobs=jobs, db=db, force=force,
                           on_plan=on_plan, on_result=on_result)
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


def _summary(report, output: Path, db: Optional[Path]):
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
    if done:
        table.add_row("files/s", f"{len(done) / max(report.seconds, 1e-9):.1f}")
    table.add_row("output", str(output))
    if db is not None:
        table.add_row("store", str(db))
    return table


def _rate_column():
    """Files per second so far (rich's own speed column speaks of bytes)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task):
            speed = task.finished_speed or task.speed
            return Text("- files/s" if not speed else f"{speed:.1f} files/s", style="cyan")

    return RateColumn()
