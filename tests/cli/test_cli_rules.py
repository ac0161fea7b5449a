"""``argmap rules``: the registry printed for people (a table, tab-separated into a pipe) and for scripts (JSON)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from argmap import rules as R
from argmap.cli import app

RULES = R.all_rules()

runner = CliRunner()


def test_argmap_rules_lists_every_rule_as_json():
    result = runner.invoke(app, ["rules", "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [r["name"] for r in listed] == [r.name for r in RULES]
    for entry in listed:
        assert entry["stage"] in R.STAGES and entry["description"] and entry["functions"]
        assert all(f.startswith("argmap.") for f in entry["functions"])
    assert next(r for r in listed if r["name"] == "paragraph-lead")["example"] == R.PARAGRAPH_LEAD.example


def test_argmap_rules_prints_name_stage_description_and_example():
    result = runner.invoke(app, ["rules", "--stage", "classify"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["rule", "stage", "what it does", "example"]
    rows = [line.split("\t") for line in lines[1:]]
    assert [row[0] for row in rows] == [r.name for r in R.all_rules("classify")]
    title = next(row for row in rows if row[0] == "title")
    assert title[1:] == ["classify", R.TITLE.description, R.TITLE.example.replace("\n", "⏎")]


def test_argmap_rules_refuses_an_unknown_stage():
    result = runner.invoke(app, ["rules", "--stage", "render"])
    assert result.exit_code == 2
    assert "Error: no stage 'render'" in result.stderr
