"""What a new user meets in the first hour: help texts, pointers to the right command, figures the README quotes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import COMMAND_MODULES, app
from argmap.errors import InputNotFound
from conftest import CORPORA, ROOT, SEED

runner = CliRunner()


def _commands() -> list[str]:
    import typer.main

    return sorted(getattr(typer.main.get_command(app), "commands", {}))


@pytest.mark.parametrize("command", _commands())
def test_help_names_types_plainly(command):
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "list[" not in result.stdout, result.stdout


def test_every_command_module_has_a_command():
    assert len(_commands()) >= len(COMMAND_MODULES)


def test_audit_help_lists_every_severity():
    from argmap.audit import SEVERITIES

    help_text = " ".join(runner.invoke(app, ["audit", "--help"], env={"COLUMNS": "200"}).stdout.split())
    for severity in SEVERITIES:
        assert severity in help_text.split("--fail-on", 1)[1].split("--model")[0]


def test_convert_help_lists_every_format():
    from argmap.formats import FORMATS
    from argmap.render import IMAGE_FORMATS

    help_text = " ".join(runner.invoke(app, ["convert", "--help"], env={"COLUMNS": "200"}).stdout.split())
    to_help = help_text.split("--to", 1)[1].split("-o,")[0]
    for fmt in [*FORMATS, *IMAGE_FORMATS]:
        assert re.search(rf"\b{fmt}\b", to_help), fmt


def test_show_on_a_brief_points_to_analyze():
    result = runner.invoke(app, ["show", str(SEED)])
    assert result.exit_code == 2
    assert result.output.startswith("Error:") and "argmap analyze" in result.output
    assert "invalid JSON" not in result.output


def test_analyze_on_a_directory_points_to_batch(tmp_path):
    result = runner.invoke(app, ["analyze", str(CORPORA), "-o", str(tmp_path / "out")])
    assert result.exit_code == InputNotFound.exit_code
    assert result.output.startswith("Error:") and "argmap batch" in result.output
    assert not (tmp_path / "out").exists()


def _per_document_figures(text: str) -> set[str]:
    return set(re.findall(r"\b[01]\.\d{3}\b", text))


def test_evaluate_per_document_is_whole_at_80_columns():
    result = runner.invoke(app, ["evaluate", str(CORPORA), "--per-document"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    per_doc = result.stdout.split("per document", 1)[1]
    data = runner.invoke(app, ["evaluate", str(CORPORA), "--per-document", "--json"]).stdout
    import json

    documents = json.loads(data)["documents"]
    for doc in documents:
        assert doc["name"].split(".")[0][:10] in per_doc
        for key in ("unit_f1", "type_macro_f1", "attachment_acc"):
            assert f"{doc['argmap'][key]:.3f}" in per_doc


def test_evaluate_markdown_keeps_per_document():
    import json

    md = runner.invoke(app, ["evaluate", str(CORPORA), "--per-document", "--markdown"]).stdout
    documents = json.loads(runner.invoke(app, ["evaluate", str(CORPORA), "--per-document", "--json"]).stdout)["documents"]
    for doc in documents:
        rows = [line for line in md.splitlines() if line.startswith(f"| {doc['name']} |")]
        assert len(rows) >= 5
        assert any(f"| {doc['argmap']['type_macro_f1']:.3f} |" in row for row in rows)
    assert "per document" not in runner.invoke(app, ["evaluate", str(CORPORA), "--markdown"]).stdout


def test_readme_example_scores_are_what_evaluate_gives():
    import argmap.evaluate as ev

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = " ".join(readme.split("<!-- readme:example-scores -->", 1)[1].split("(a test", 1)[0].split())
    figures = {name: float(value) for value, name in
               [(m.group(2), m.group(1)) for m in re.finditer(r"(unit F1|type macro F1|labeled edge F1|attachment accuracy) ([01]\.\d+)", quoted)]}
    assert len(figures) == 4, quoted
    command = re.search(r"`argmap evaluate ([^`]+)`[^`]*<!-- readme:example-scores -->", readme)
    scores = ev.evaluate([ROOT / command.group(1)]).corpora[0].argmap
    keys = {"unit F1": "unit_f1", "type macro F1": "type_macro_f1", "labeled edge F1": "edge_f1_labeled",
            "attachment accuracy": "attachment_acc"}
    for name, value in figures.items():
        digits = len(str(value).split(".")[1])
        assert round(scores[keys[name]], digits) == value, (name, scores[keys[name]])


def test_ci_run_sets_ci():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    body = script.split('test_command=$(', 1)[0]
    assert re.search(r"^export CI=true\b", body, re.MULTILINE)
