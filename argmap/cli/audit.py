"""``argmap audit``: check a brief's argument the way a linter checks code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..formats import READABLE_NAMES
from . import app
from ._common import LANGUAGES, console, fail, handle_errors, warn

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


@app.command()
@handle_errors
def audit(
    file: Path = typer.Argument(..., help=f"A brief to map and audit, or a map ({READABLE_NAMES})."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON object with a 'findings' list instead of a table."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", metavar="error|warning|info",
                                          help="Exit with code 1 when a finding is this serious or more "
                                               "(error > warning > info)."),
    model: Optional[str] = typer.Option(None, "--model", help="An installed spaCy pipeline (default: blank English)."),
    lang: Optional[str] = typer.Option(None, "--lang", help=f"Language of the text, the code of a language pack: {LANGUAGES} (default: detected "
                                                             "from the text; a language without one is audited "
                                                             "from its structure alone)."),
) -> None:
    """List the weak spots of FILE's argument: unsupported recommendations, claims without evidence,
    footnote and citation mismatches, gaps in enumerations, unanswered attacks, units that belong to nothing."""
    from ..audit import SEVERITIES, at_least, audit as run_audit, findings_to_dict
    from ..formats import looks_like_map, read_map
    from ..pipeline import analyze

    if fail_on is not None and fail_on not in ("warning", "error", "info"):
        raise fail(f"unknown severity {fail_on!r} for --fail-on (must be one of error, warning, info)", 2)
    if looks_like_map(file):
        amap = read_map(file)
    else:
        amap = analyze(file, model=model, lang=lang)
    from ..lang import language_note

    if language_note(amap.settings):
        warn(language_note(amap.settings))
    findings = run_audit(amap, lang=lang)
    if as_json:
        typer.echo(json.dumps(findings_to_dict(amap, findings), ensure_ascii=False, indent=2))
    else:
        _print(amap, findings, SEVERITIES)
    if fail_on and any(at_least(f.severity, fail_on) for f in findings):
        raise typer.Exit(1)


def _print(amap, findings, severities) -> None:
    from rich.padding import Padding
    from rich.text import Text

    if not findings:
        console.print(Text(f"{amap.name}: no findings", style="green"))
        return
    console.print(Text(f"Audit of {amap.name}", style="bold"))
    for finding in findings:
        head = Text()
        head.append(f"{finding.severity:<8}", style=SEVERITY_STYLE[finding.severity])
        head.append(f" {finding.node or '-':<4} ", style="bold")
        head.append(finding.code)
        if finding.section:
            section = finding.section[-1] if len(finding.section[-1]) <= 30 else finding.section[-1][:29] + "…"
            head.append(f"  § {section}", style="dim")
        console.print(head)
        console.print(Padding(Text(finding.message), (0, 0, 0, 9)))
    counts = [sum(f.severity == s for f in findings) for s in severities]
    console.print(Text(", ".join(f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for n, s in zip(counts, severities)), style="bold"))
