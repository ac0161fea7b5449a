"""``argmap query``: SQL over the store that ``argmap batch --db`` fills, on a read-only connection."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import console, err_console, handle_errors

_TABLE_ROWS = 200  # more rows than this print as tab-separated values, as they do into a pipe
_SCHEMA_SQL = "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid"


@app.command()
@handle_errors
def query(
    sql: Optional[str] = typer.Argument(None, help="One SQL statement, e.g. \"SELECT type, count(*) FROM nodes GROUP BY type\"."),
    db: Path = typer.Option(..., "--db", help="The SQLite store written by 'argmap batch --db'."),
    as_json: bool = typer.Option(False, "--json", help="Print the rows as a JSON list of objects."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Print at most this many rows."),
    schema: bool = typer.Option(False, "--schema", help="Print the store's tables and views instead of running SQL."),
) -> None:
    """Answer a question across a corpus with SQL; the store is opened read-only (see docs/store.md)."""
    from ..errors import InputError
    from ..store import query as run_query

    if schema:
        result = run_query(db, _SCHEMA_SQL)
        for _, _, text in result.rows:
            typer.echo(text.strip() + ";")
        return
    if not sql or not sql.strip():
        raise InputError("give an SQL statement to run (or --schema to see the tables)")
    result = run_query(db, sql, limit=limit)
    if as_json:
        typer.echo(json.dumps(result.records(), ensure_ascii=False, indent=2))
        return
    if len(result.rows) > _TABLE_ROWS or not console.is_terminal:
        print_tsv(result)
        if console.is_terminal:
            err_console.print(f"{len(result.rows)} row(s), as tab-separated values (a table shows up to "
                              f"{_TABLE_ROWS}: narrow the query or use --limit)", style="dim", markup=False)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(show_header=True, header_style="bold", show_lines=False)
    for column in result.columns:
        table.add_column(column, overflow="fold")
    for row in result.rows:
        table.add_row(*(Text("NULL", style="dim") if v is None else Text(str(v)) for v in row))
    console.print(table)
    console.print(f"{len(result.rows)} row(s)", style="dim", markup=False)


def print_tsv(result) -> None:
    """A header line and one line per row, tab-separated: what a script or a spreadsheet reads, and
    fast (a rich table of 3,000 rows takes seconds to lay out). Tabs, newlines and backslashes in
    values are escaped (\\t, \\n, \\\\); NULL is an empty field."""
    import sys

    def cell(value) -> str:
        if value is None:
            return ""
        return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    lines = ["\t".join(result.columns)] + ["\t".join(cell(v) for v in row) for row in result.rows]
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
