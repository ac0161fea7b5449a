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


def _plain_list_types() -> None:
    """Help shows a list argument's element type (``GOLD... <path>``), not Python's ``<list[Path]>``.

    The ``...`` of the metavar already says that several may be given.
    """
    import re

    from typer import core

    list_type = re.compile(r"<list\[(\w+)\]>")
    for cls in (core.TyperArgument, core.TyperOption):
        original = getattr(cls, "display_type", None)
        if original is None or getattr(original, "_argmap_plain", False):
            continue

        def display_type(self, ctx, _original=original):
            return list_type.sub(lambda m: f"<{m.group(1).lower()}>", _original(self, ctx))

        display_type._argmap_plain = True
        cls.display_type = display_type


_plain_list_types()


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
COMMAND_MODULES = ["analyze", "audit", "show", "evaluate", "train", "formats", "batch", "query", "rules"]

for _name in COMMAND_MODULES:
    import_module(f"{__name__}.{_name}")


def main() -> None:
    from ..collector import left_to_exit

    left_to_exit()  # what a command loaded is not walked by the collector at exit
    app()
