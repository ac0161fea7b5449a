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
