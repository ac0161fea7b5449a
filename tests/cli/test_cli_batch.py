"""The batch and query commands: exit codes, the failure list, JSON rows, and a fast ``--help``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from argmap.cli import app

from conftest import ROOT, SEED

runner = CliRunner()


def test_batch_lists_failures_and_exits_non_zero(tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "seed.md").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (src / "bad.md").write_bytes(b"\x00\x00\x01 binary")
    out, db = tmp_path / "out", tmp_path / "maps.sqlite"
    result = runner.invoke(app, ["batch", str(src), "-o", str(out), "--db", str(db), "-j", "1", "-q"])
    assert result.exit_code == 1
    assert "1 file(s) failed" in result.output and "bad.md" in result.output
    assert "Traceback" not in result.output
    assert (out / "seed.json").is_file()
    rows = runner.invoke(app, ["query", "--db", str(db), "--json",
                               "SELECT type, count(*) AS n FROM nodes GROUP BY type ORDER BY type"])
    assert rows.exit_code == 0, rows.output
    counts = {r["type"]: r["n"] for r in json.loads(rows.stdout)}
    assert counts["major_claim"] == 1 and counts["recommendation"] >= 1
    table = runner.invoke(app, ["query", "--db", str(db), "SELECT name FROM documents"])
    assert table.exit_code == 0 and "seed.md" in table.output
    refused = runner.invoke(app, ["query", "--db", str(db), "DROP TABLE nodes"])
    assert refused.exit_code == 9 and refused.output.startswith("Error: ")


def test_batch_with_nothing_to_map_says_so(tmp_path: Path):
    result = runner.invoke(app, ["batch", str(tmp_path / "missing.md"), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1 and "no such file or directory" in result.output


def test_batch_refuses_an_unknown_format_before_any_work(tmp_path: Path):
    result = runner.invoke(app, ["batch", str(SEED), "-o", str(tmp_path / "out"), "-f", "json,xyz"])
    assert result.exit_code == 5 and "unknown format 'xyz'" in result.output
    assert not (tmp_path / "out").exists()


def test_the_command_line_starts_without_heavy_imports():
    code = ("import sys, argmap.cli; heavy = [m for m in ('spacy', 'networkx', 'graphviz', 'sqlite3', "
            "'concurrent.futures.process') if m in sys.modules]; print(','.join(heavy))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == ""


def test_the_summary_rate_is_the_progress_bar_rate(tmp_path: Path):
    """The bar and the summary count the same documents over the same time: one figure, not two."""
    import re

    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"b{i}.md").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (src / "bad.md").write_bytes(b"\x00\x00\x01 binary")
    done = subprocess.run([sys.executable, "-m", "argmap.cli", "batch", str(src), "-o", str(tmp_path / "out"), "-j", "1"],
                          capture_output=True, text=True, cwd=ROOT, env={**__import__("os").environ, "COLUMNS": "150"})
    assert done.returncode == 1, done.stderr
    bar = re.findall(r"4/4 ([\d.]+) documents/s", done.stderr)
    summary = re.findall(r"documents/s\s*│\s*([\d.]+)", done.stdout)
    assert bar and summary, (done.stdout, done.stderr)
    assert bar[-1] == summary[0] and float(summary[0]) > 0


def test_query_rows_into_a_pipe_are_tab_separated_values(tmp_path: Path):
    from argmap.store import Store

    import argmap

    amap = argmap.analyze("# T\n\nThe city should act.\tNow.\n\nPrices rose; wages did not.\n", name="t.md")
    db = tmp_path / "maps.sqlite"
    with Store(db) as store:
        store.put(amap, path="/t.md", relpath="t.md")
    done = subprocess.run([sys.executable, "-m", "argmap.cli", "query", "--db", str(db),
                           "SELECT node_id, text, footnote FROM nodes ORDER BY seq"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "node_id\ttext\tfootnote"
    rows = [line.split("\t") for line in lines[1:]]
    assert len(rows) == len(amap.nodes) and all(len(r) == 3 for r in rows)
    assert [r[0] for r in rows] == [n.id for n in amap.nodes]
    assert [r[1] for r in rows] == [n.text for n in amap.nodes]
    assert all(r[2] == "" for r in rows)  # NULL is an empty field


def test_tab_separated_values_escape_what_would_break_a_line(capsys):
    from argmap.cli.query import print_tsv
    from argmap.store import QueryResult

    print_tsv(QueryResult(["a", "b"], [("x\ty\nz", None), ("back\\slash", 3)]))
    assert capsys.readouterr().out == "a\tb\nx\\ty\\nz\t\nback\\\\slash\t3\n"


def test_batch_takes_the_deciders_options_as_analyze_does(tmp_path: Path):
    both = runner.invoke(app, ["batch", str(SEED), "-o", str(tmp_path / "out"), "--weights", "default", "--rules-only"])
    assert both.exit_code == 2 and both.output.startswith("Error: ") and "exclude each other" in both.output
    missing = runner.invoke(app, ["batch", str(SEED), "-o", str(tmp_path / "out"), "--weights", str(tmp_path / "no.json")])
    assert missing.exit_code != 0 and "no weights file" in missing.output and "Traceback" not in missing.output
    assert not (tmp_path / "out").exists()
    done = runner.invoke(app, ["batch", str(SEED), "-o", str(tmp_path / "out"), "--weights", "default",
                               "--link-evidence", "-j", "1", "-q"])
    assert done.exit_code == 0, done.output
    settings = json.loads((tmp_path / "out" / f"{SEED.stem}.json").read_text(encoding="utf-8"))["settings"]
    assert settings.get("weights") == "default"


def test_weights_and_rules_only_are_refused_by_one_check_in_the_same_words(tmp_path: Path):
    """The library owns the decision; the commands and the library functions say it one way."""
    import pytest

    import argmap
    from argmap.batch import run_batch
    from argmap.errors import InputError
    from argmap.evaluate import evaluate

    said = []
    for call in (lambda: argmap.analyze(SEED, weights="default", rules_only=True),
                 lambda: run_batch([SEED], tmp_path / "lib", weights="default", rules_only=True),
                 lambda: evaluate([SEED], weights="default", rules_only=True)):
        with pytest.raises(InputError) as refused:
            call()
        said.append(str(refused.value))
    for command in ("analyze", "batch"):
        done = runner.invoke(app, [command, str(SEED), "-o", str(tmp_path / command), "--weights", "default",
                                   "--rules-only"])
        assert done.exit_code == 2, done.output
        said.append(done.output.strip().removeprefix("Error: "))
    assert len(set(said)) == 1 and "exclude each other" in said[0], said
    assert not (tmp_path / "lib").exists() and not (tmp_path / "batch").exists()
