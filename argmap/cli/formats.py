"""``argmap render``, ``argmap convert`` and ``argmap schema``: maps in, maps out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..formats import READABLE_NAMES
from . import app
from ._common import console, handle_errors, print_written, warn_not_removed

def _convert_help() -> str:
    from ..formats import FORMATS
    from ..render import IMAGE_FORMATS

    return f"The format to write: {', '.join([*FORMATS, *IMAGE_FORMATS])}."


CONVERT_HELP = _convert_help()


def map_stem(name: str) -> str:
    """The stem of a map file: ``brief.aif.json`` → ``brief``."""
    from ..formats import READABLE
    from ..output import format_of_file

    found = format_of_file(name, among=READABLE)
    return found[1] if found else Path(name).stem or name


@app.command()
@handle_errors
def render(
    map_file: Path = typer.Argument(..., metavar="MAP", help=f"A map in any readable format ({READABLE_NAMES})."),
    output: str = typer.Option("argmap-out", "-o", "--output", metavar="DIR|FILE",
                               help="Directory to write to, or one file whose name says its format "
                                    "(map.svg, map.png): read as 'argmap analyze -o' reads it. A long map's "
                                    "picture also writes one picture per section in <stem>.sections/ beside it."),
    format: Optional[str] = typer.Option(None, "-f", "--format", help="Comma-separated formats (images: svg, png, pdf; or any export format; default: svg)."),
    layout: Optional[str] = typer.Option(None, "--layout", metavar="left-to-right|top-down", help="How the pictures stand (see 'argmap analyze --help')."),
) -> None:
    """Draw a map file (ours or AIFdb's) as DIR/<stem>.svg, or the formats asked for, or the one file -o names."""
    from ..formats import read_map, verify_formats
    from ..output import output_target, write_outputs
    from ..render import IMAGE_FORMATS
    from .analyze import parse_formats, verify_layout

    formats = parse_formats(format or "svg")
    verify_formats(formats, extra=IMAGE_FORMATS)
    verify_layout(layout)
    target = output_target(output, map_stem(map_file.name), formats, asked=format is not None)
    amap = read_map(map_file)
    written, problems = write_outputs(amap, target.directory, target.formats, stem=target.stem, protect=[map_file],
                                      layout=layout, name=target.name)
    print_written(written)
    problems = warn_not_removed(problems)
    if problems:
        raise problems[0]


@app.command()
@handle_errors
def convert(
    input_file: Path = typer.Argument(..., metavar="IN", help=f"A map in any readable format ({READABLE_NAMES})."),
    to: str = typer.Option(..., "--to", "-t", help=CONVERT_HELP),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: standard output for text "
                                                  "formats; a picture, svg, png or pdf, needs -o). "
                                                  "A long map's picture (-o brief.svg or -o brief) also writes one "
                                                  "picture per section in brief.sections/ (brief.svg.sections/ for -o brief) beside it, each linking "
                                                  "back to the file -o names."),
) -> None:
    """Convert a map file from one format to another."""
    from ..errors import OutputError
    from ..formats import read_map, verify_formats
    from ..output import atomic_write, output_text, usage_error
    from ..render import IMAGE_FORMATS
    from ..render import render as draw

    fmt = to.strip().lower()
    verify_formats([fmt], extra=IMAGE_FORMATS)
    if fmt in IMAGE_FORMATS and output is None:
        # a picture is no text for the terminal; refused before any work, as a command line that lacks a part
        raise usage_error(f"{fmt} is a picture and needs a file: give -o FILE (-o {map_stem(input_file.name)}.{fmt}), "
                          f"or run 'argmap render {input_file} -f {fmt}' to write argmap-out/{map_stem(input_file.name)}.{fmt}")
    amap = read_map(input_file)
    if output is not None and output.exists() and input_file.exists() and output.samefile(input_file):
        raise OutputError(f"writing {output} would overwrite the input file {input_file}: give another -o")
    if output is not None and output.is_dir():  # refused before a long map's section pictures are written
        raise OutputError(f"{output} is a directory: give a file name")
    if fmt in IMAGE_FORMATS:
        left: list = []
        print_written(draw(amap, output, format=fmt, problems=left))
        warn_not_removed(left)
        return
    text = output_text(amap, fmt)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    atomic_write(output, text)
    console.print(f"wrote {output}", markup=False, soft_wrap=True)


@app.command()
@handle_errors
def schema() -> None:
    """Print the JSON Schema of argmap's native JSON."""
    from ..schema import schema_text

    sys.stdout.write(schema_text())
    sys.stdout.flush()
