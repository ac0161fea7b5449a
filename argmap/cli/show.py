"""``argmap show``: print the tree of a saved map."""

from __future__ import annotations

from pathlib import Path

import typer

from ..formats import READABLE_NAMES
from . import app
from ._common import console, handle_errors, printing


@app.command()
@handle_errors
def show(
    map_file: Path = typer.Argument(..., metavar="MAP", help=f"A map in any readable format ({READABLE_NAMES})."),
    summary: bool = typer.Option(True, "--summary/--no-summary", help="Print the summary table under the tree."),
    why: bool = typer.Option(False, "--why", help="Under each unit, the rule and cue behind its type and its place "
                                                  "(and for a learned map the score and strongest features)."),
) -> None:
    """Print the argument tree of a map file: thesis, claims, premises, evidence, recommendations."""
    from ..formats import read_map
    from .view import map_tree, summary_table

    amap = read_map(map_file)
    with printing():
        console.print(map_tree(amap, why=why))
        if summary:
            console.print(summary_table(amap))
