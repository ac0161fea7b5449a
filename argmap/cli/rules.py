"""``argmap rules``: the registered rules, each with its stage, what it does and a text that shows it."""

from __future__ import annotations

import json
from typing import Optional

import typer

from . import app
from ._common import console, handle_errors, printing


@app.command()
@handle_errors
def rules(
    stage: Optional[str] = typer.Option(None, "--stage", help="Only the rules of this stage: classify, link, learn "
                                                               "(the learned layer) or import (maps read from AIF)."),
    as_json: bool = typer.Option(False, "--json", help="Print the rules as a JSON list (name, stage, description, "
                                                       "example, counterexample, places, lang, option, no_text, "
                                                       "functions)."),
) -> None:
    """List the rules that type units and place edges: name, stage, what it does, an example it fires on."""
    from ..rules import all_rules

    found = all_rules(stage)
    with printing():
        if as_json:
            typer.echo(json.dumps([r.to_dict() for r in found], ensure_ascii=False, indent=2))
            return
        rows = [(r.name, r.stage, r.description, _one_line(r)) for r in found]
        if not console.is_terminal:  # a pipe: one tab-separated line per rule, for grep and cut
            typer.echo("\n".join("\t".join(row) for row in [("rule", "stage", "what it does", "example")] + rows))
            return
        from rich.table import Table

        table = Table(show_header=True, header_style="bold", show_lines=True)
        table.add_column("rule", no_wrap=True)
        table.add_column("stage", no_wrap=True)
        table.add_column("what it does", overflow="fold", ratio=3)
        table.add_column("example (⏎: a line break)", overflow="fold", ratio=2)
        for row in rows:
            table.add_row(*row)
        console.print(table)
        console.print(f"{len(found)} rule(s); 'argmap rules --json' adds each one's counterexample and functions",
                      style="dim", markup=False)


def _one_line(rule) -> str:
    return rule.example.replace("\n", "⏎") if rule.example else f"(no example: {rule.no_text})"
