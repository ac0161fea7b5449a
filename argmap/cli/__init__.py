"""The ``argmap`` command: a thin typer shell over the library (one library call per command)."""

from __future__ import annotations

from importlib import import_module

import typer

__all__ = ["app", "main"]

app = typer.Typer(
    name="argmap",
    help="Turn an argumentative document, a policy brief first of all, into an argument map.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)



def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"argmap {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Turn an argumentative document, a policy brief first of all, into an argument map."""


#: command modules; each registers its commands on ``app`` when imported
COMMAND_MODULES = ["analyze", "audit", "show", "evaluate", "formats", "batch", "query"]

for _name in COMMAND_MODULES:
    import_module(f"{__name__}.{_name}")


def main() -> None:
    app()
