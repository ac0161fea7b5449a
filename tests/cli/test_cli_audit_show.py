"""The audit and show commands: output forms, exit codes, clear errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from argmap.cli import app
from argmap.formats import READABLE
from conftest import FIXTURES, SEED

runner = CliRunner()
#: readable formats that hold no spans or citations, so the audit of what they give back differs
CARRY_LESS = {"argdown", "mermaid", "outline"}


@pytest.fixture(scope="module")
def seed_json(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["analyze", str(SEED), "-o", str(out), "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    return out / "kinu-co-24-17.json"


def test_audit_json_has_a_findings_list():
    result = runner.invoke(app, ["audit", str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data["findings"], list) and data["findings"]
    assert {f["code"] for f in data["findings"]} >= {"unsupported-recommendation"}
    assert data["counts"]["error"] == 0


@pytest.mark.parametrize("threshold, code", [("warning", 1), ("error", 0), ("info", 1)])
def test_fail_on_the_example_brief(threshold, code):
    result = runner.invoke(app, ["audit", str(SEED), "--fail-on", threshold])
    assert result.exit_code == code, result.output


def test_fail_on_error_catches_a_missing_note():
    result = runner.invoke(app, ["audit", str(FIXTURES / "audit" / "footnotes.md"), "--fail-on", "error"])
    assert result.exit_code == 1
    assert "citation-without-footnote" in result.stdout


def test_rich_output_lists_each_finding():
    result = runner.invoke(app, ["audit", str(FIXTURES / "audit" / "enumeration-gap.md")])
    assert result.exit_code == 0
    assert "enumeration-gap" in result.stdout and "item 3 is missing" in result.stdout
    assert "0 errors" in result.stdout


def test_unknown_fail_on_value_is_refused():
    result = runner.invoke(app, ["audit", str(SEED), "--fail-on", "critical"])
    assert result.exit_code == 2
    assert "Error: unknown severity 'critical'" in result.output
    assert "Traceback" not in result.output


def test_audit_reads_a_saved_map(seed_json):
    fresh = json.loads(runner.invoke(app, ["audit", str(SEED), "--json"]).stdout)
    saved = json.loads(runner.invoke(app, ["audit", str(seed_json), "--json"]).stdout)
    assert saved["findings"] == fresh["findings"]


def test_audit_of_a_missing_file():
    result = runner.invoke(app, ["audit", "no/such/brief.md"])
    assert result.exit_code == 2 and result.output.startswith("Error:")


def test_show_prints_the_tree(seed_json, tmp_path):
    result = runner.invoke(app, ["show", str(seed_json)])
    assert result.exit_code == 0, result.output
    assert "[MC] major claim" in result.stdout
    assert "Recommendations" in result.stdout and "Summary" in result.stdout
    # the rules read "Nevertheless" as an attack: shown with its direction
    assert runner.invoke(app, ["analyze", str(SEED), "-o", str(tmp_path), "-f", "json", "-q", "--rules-only"]).exit_code == 0
    rules = runner.invoke(app, ["show", str(tmp_path / "kinu-co-24-17.json")])
    assert rules.exit_code == 0 and "[S24] attacks → [S23]" in rules.stdout


def test_show_why_gives_the_default_maps_scores_and_features(seed_json):
    """The default map is the learned layer's: ``--why`` shows each decision's score and the features behind it."""
    result = runner.invoke(app, ["show", str(seed_json), "--why"])
    assert result.exit_code == 0, result.output
    assert json.loads(seed_json.read_text(encoding="utf-8"))["settings"]["weights"] == "default"
    lines = [line for line in result.stdout.splitlines() if "why type:" in line]
    assert lines and all("score" in line for line in lines), lines[:3]


def test_show_no_summary(seed_json):
    result = runner.invoke(app, ["show", str(seed_json), "--no-summary"])
    assert result.exit_code == 0 and "Summary" not in result.stdout


@pytest.mark.parametrize("content, message", [
    ("not json at all", "is not a map argmap can read"),
    ("{not json", "is not valid JSON"),
    ('{"nodes": []}', "expected the JSON written by 'argmap analyze'"),
    ('[1, 2]', "expected the JSON written by 'argmap analyze'"),
])
def test_show_refuses_what_is_not_a_map(tmp_path, content, message):
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["show", str(path)])
    assert result.exit_code != 0
    assert result.output.startswith("Error:") and message in result.output
    assert "Traceback" not in result.output


def test_show_missing_file(tmp_path):
    result = runner.invoke(app, ["show", str(tmp_path / "absent.json")])
    assert result.exit_code == 2 and "does not exist" in result.output


@pytest.mark.parametrize("command", ["audit", "show"])
def test_commands_have_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and len(result.stdout) > 100


@pytest.mark.parametrize("fmt", READABLE)
def test_show_and_audit_take_every_readable_format(seed_map, tmp_path, fmt):
    from argmap.formats import FORMATS, write

    path = tmp_path / f"brief{FORMATS[fmt].suffix}"
    path.write_text(write(seed_map, fmt), encoding="utf-8")
    shown = runner.invoke(app, ["show", str(path), "--no-summary"])
    assert shown.exit_code == 0, shown.output
    assert "[MC] major claim" in shown.stdout
    audited = runner.invoke(app, ["audit", str(path), "--json"])
    assert audited.exit_code == 0, audited.output
    findings = json.loads(audited.stdout)["findings"]
    if fmt not in CARRY_LESS:  # the formats that carry spans and citations: the audit finds what it finds on the brief
        assert findings == json.loads(runner.invoke(app, ["audit", str(SEED), "--json"]).stdout)["findings"]
    else:
        assert isinstance(findings, list)
