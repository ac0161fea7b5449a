"""``argmap analyze``: map one document and write the requested formats."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ..formats import FORMATS
from ..render import DEFAULT_LAYOUT, IMAGE_FORMATS, LAYOUTS
from ._common import LANGUAGES, console, err_console, handle_errors, print_written, printing, warn, warn_not_removed

DEFAULT_FORMATS = "json,svg"
LAYOUT_HELP = (f"How the pictures stand: left-to-right (the conclusion on the left, reasons to its right) or "
               f"top-down (the conclusion on top, as Argdown and OVA draw). Default: {DEFAULT_LAYOUT}.")
FORMAT_HELP = "Comma-separated formats: " + ", ".join(sorted(set(FORMATS) | set(IMAGE_FORMATS))) + f" (default: {DEFAULT_FORMATS})."


def verify_layout(layout: str | None) -> None:
    """An unknown ``--layout`` is refused before any work."""
    from ..errors import UnsupportedFormat

    if layout is not None and layout not in LAYOUTS:
        raise UnsupportedFormat(f"unknown layout {layout!r} (must be one of {', '.join(LAYOUTS)})")


def parse_formats(value: str) -> list[str]:
    seen: list[str] = []
    for part in value.split(","):
        part = part.strip().lower()
        if part and part not in seen:
            seen.append(part)
    return seen


_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024 ** 2, "mb": 1024 ** 2,
               "mib": 1024 ** 2, "g": 1024 ** 3, "gb": 1024 ** 3, "gib": 1024 ** 3}


def parse_size(value: str) -> int:
    """``50MB`` → 52428800 (K, M, G are binary multiples); ``0`` means no limit."""
    import re

    from ..errors import ArgmapError

    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", value or "")
    if not m or m.group(2).lower() not in _SIZE_UNITS:
        error = ArgmapError(f"invalid --max-bytes {value!r}: give a size such as 500KB, 50MB or 1GB (0 for no limit)")
        error.exit_code = 2
        raise error
    return int(float(m.group(1)) * _SIZE_UNITS[m.group(2).lower()])


@app.command()
@handle_errors
def analyze(
    file: Path = typer.Argument(..., help="The brief to map: Markdown, plain text, PDF, HTML or DOCX (sniffed from the content)."),
    output: str = typer.Option("argmap-out", "-o", "--output", metavar="DIR|FILE",
                               help="Directory to write the results to (an existing one, or a name with no "
                                    "format suffix or ending in /), or one file whose name says its format "
                                    "(map.html, map.svg, map.aif.json)."),
    format: Optional[str] = typer.Option(None, "-f", "--format", help=FORMAT_HELP),
    model: Optional[str] = typer.Option(None, "--model", help="An installed spaCy pipeline (default: blank English with rule-based sentences)."),
    lang: Optional[str] = typer.Option(None, "--lang", help=f"Language of the text, the code of a language pack: {LANGUAGES} (default: detected from the text)."),
    layout: Optional[str] = typer.Option(None, "--layout", metavar="|".join(LAYOUTS), help=LAYOUT_HELP),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="Print only where the files went."),
    max_bytes: str = typer.Option("50MB", "--max-bytes", metavar="SIZE",
                                  help="Refuse inputs larger than SIZE (e.g. 500KB, 50MB, 1GB; 0 = no limit)."),
    weights: Optional[Path] = typer.Option(None, "--weights", metavar="FILE",
                                           help="Decide types and the tree with these learned weights "
                                                "(made by 'argmap train'; default: the shipped ones, trained on "
                                                "the reference corpus's dev briefs)."),
    rules_only: bool = typer.Option(False, "--rules-only", help="Decide by the hand-written rules alone, "
                                                                 "without the learned weights."),
    link_evidence: bool = typer.Option(False, "--link-evidence",
                                       help="Also make each linked source (a hyperlink's target) an evidence node "
                                            "under the unit that links to it, as a footnote's body is."),
) -> None:
    """Map FILE and write DIR/<stem>.json and DIR/<stem>.svg (or the formats asked for), or the one file -o names.

    The rules read the brief and the shipped learned weights decide its units' types and the tree;
    --rules-only keeps the rules' own decisions, --weights FILE uses other weights."""
    from ..formats import verify_formats
    from ..output import output_target, write_outputs
    from ..pipeline import analyze as run
    from .view import map_tree, summary_table

    if file.is_dir():
        from ..errors import InputNotFound

        raise InputNotFound(f"{file} is a directory, not a file: to map every document in it, "
                            f"use 'argmap batch {file} -o DIR'")
    weights = check_learning_options(weights, rules_only)
    formats = parse_formats(format or DEFAULT_FORMATS)
    verify_formats(formats, extra=IMAGE_FORMATS)
    target = output_target(output, file.name, formats, asked=format is not None)
    verify_layout(layout)
    limit = parse_size(max_bytes)
    from rich.markup import escape

    # the name is data: "[blink]x.md" must not be read as rich markup
    with console.status(f"Mapping {escape(file.name)}…", spinner="dots") if not quiet and console.is_terminal else _Null():
        amap = run(file, model=model, lang=lang, max_bytes=limit, weights=weights, rules_only=rules_only,
                   link_evidence=link_evidence)
    from ..lang import language_note

    if language_note(amap.settings):
        warn(language_note(amap.settings))
    if amap.metadata.extra.get("format_note"):
        warn(f"{file.name} is {amap.metadata.extra['format_note']}")  # an HTML page saved as .pdf: mapped as what it is
    from ..coverage import coverage, coverage_line

    cov = coverage(amap)
    if cov.unaccounted:
        start, _, text = cov.unaccounted[0]
        many = len(cov.unaccounted) != 1
        warn(f"{len(cov.unaccounted)} stretch{'es' if many else ''} of text went into no unit and {'were' if many else 'was'} "
             f"not set aside (the first at offset {start}: “{text[:60]}”)")
    # the files first: whatever happens to the printing (a closed pipe, Ctrl-C), the run is kept
    written, problems = write_outputs(amap, target.directory, target.formats, stem=target.stem, protect=[file],
                                      layout=layout, name=target.name)
    with printing():
        if not quiet:
            console.print(map_tree(amap))
            console.print(summary_table(amap))
            console.print(coverage_line(cov), markup=False, soft_wrap=True)
        print_written(written)
    problems = warn_not_removed(problems)
    # an image asked for (by -f or by the file -o names) that could not be made fails the run; the default
    # picture is skipped
    asked = format is not None or target.name is not None
    failing = [p for p in problems if asked and p.path is not None and p.path.suffix.lstrip(".").lower() in target.formats]
    for reason, paths in _not_written(problems).items():
        line = f"not written: {', '.join(str(p) for p in paths)}: {reason}"
        if failing:
            err_console.print(f"Error: {line}", markup=False, soft_wrap=True)
        else:
            warn(line)
    if failing:
        raise typer.Exit(failing[0].exit_code)


def check_learning_options(weights, rules_only: bool, *, read: bool = True):
    """Both ``--weights`` and ``--rules-only`` are refused (by the library's check); a weights file is read
    before any work (``read=False`` where the library reads it first itself, as ``run_batch`` does).

    Returns what the library takes: the path, or ``"default"`` (no such file) for the shipped weights."""
    from ..learn import check_decider

    check_decider(weights, rules_only)
    if weights is not None and str(weights) == "default" and not Path(weights).exists():
        return "default"
    if weights is not None and read:
        from ..learn import load_weights

        load_weights(weights)
    return weights


def _not_written(problems) -> dict[str, list]:
    """The files that could not be made, grouped by why (one line for svg and png both lacking Graphviz)."""
    grouped: dict[str, list] = {}
    for problem in problems:
        grouped.setdefault(str(problem), []).append(problem.path)
    return grouped


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
