"""`argmap evaluate` on the terminal and as Markdown: whole at 80 columns, per-document figures kept."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from argmap.cli import app
from conftest import CORPORA

runner = CliRunner()


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


def test_evaluate_says_when_the_weights_were_trained_on_what_it_scores():
    """The shipped weights learned from the dev briefs: scoring them there is in-sample, and one line says so
    (none for the rules, which learned from nothing)."""
    gold = str(CORPORA / "kinu-co-24-17.gold.json")
    default = runner.invoke(app, ["evaluate", gold])
    assert default.exit_code == 0, default.output
    lines = [line for line in default.stderr.splitlines() if "in-sample" in line]
    assert lines == ["the shipped weights were trained on 1 of these 1 documents: their figures are in-sample; "
                     "'argmap train corpora --report' gives leave-one-brief-out figures, '--rules-only' the rules'"]
    rules = runner.invoke(app, ["evaluate", gold, "--rules-only"])
    assert rules.exit_code == 0 and "in-sample" not in rules.stderr
