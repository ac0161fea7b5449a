"""The terminal: files before printing, a closed pipe, message levels, the attack notation, long texts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import argmap
from argmap.cli import app
from argmap.cli.view import map_tree
from argmap.model import EdgeType
from argmap.pipeline import analyze
from conftest import BRIEF, FIXTURES, SEED, needs_dot

runner = CliRunner()
CONGESTION = FIXTURES / "briefs" / "congestion-charge.md"


def _argmap(*args: str, env=None, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "argmap.cli", *args], env=env or os.environ.copy(), **kwargs)


@needs_dot
def test_files_are_written_before_anything_is_printed(tmp_path):
    out = tmp_path / "out"
    proc = _argmap("analyze", str(SEED), "-o", str(out), "-f", "json,svg,png", stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    present = sorted(p.name for p in out.iterdir()) if out.exists() else []
    proc.communicate()
    assert first and proc.returncode == 0
    assert present == ["kinu-co-24-17.json", "kinu-co-24-17.png", "kinu-co-24-17.svg"]


@pytest.mark.parametrize("command", ["analyze", "show"])
def test_a_closed_pipe_ends_printing_quietly(tmp_path, command):
    out = tmp_path / "out"
    if command == "show":
        runner.invoke(app, ["analyze", str(SEED), "-o", str(out), "-f", "json", "-q"])
        args = ["show", str(out / "kinu-co-24-17.json")]
        before = (out / "kinu-co-24-17.json").read_bytes()
    else:
        args = ["analyze", str(SEED), "-o", str(out), "-f", "json,dot"]
    read_end, write_end = os.pipe()
    proc = _argmap(*args, stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    os.close(read_end)  # the reader is gone before the first line (as `| head -0` would be)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert err == b"", err
    data = json.loads((out / "kinu-co-24-17.json").read_text(encoding="utf-8"))
    assert data["format"] == "argmap/1" and data["nodes"]
    if command == "show":
        assert (out / "kinu-co-24-17.json").read_bytes() == before
    else:
        assert "digraph argmap {" in (out / "kinu-co-24-17.dot").read_text(encoding="utf-8")


def test_head_reads_the_first_lines_and_the_run_is_kept(tmp_path):
    out = tmp_path / "out"
    shell = (f"{sys.executable} -m argmap.cli analyze {SEED} -o {out} -f json | head -3; "
             'echo "status=${PIPESTATUS[0]}"')
    proc = subprocess.run(["bash", "-c", shell], capture_output=True, text=True)
    lines = proc.stdout.splitlines()
    assert len(lines) == 4 and lines[-1] == "status=0", proc.stdout
    assert "Error" not in proc.stderr and "Traceback" not in proc.stderr
    assert json.loads((out / "kinu-co-24-17.json").read_text(encoding="utf-8"))["nodes"]


def _no_dot_env(tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    os.symlink(sys.executable, bindir / "python")
    return {**os.environ, "PATH": str(bindir)}


@pytest.mark.parametrize("formats, code, level", [(None, 0, "Warning"), ("json,svg,png", 7, "Error")])
def test_without_graphviz_the_summary_says_what_was_not_written(tmp_path, formats, code, level):
    out = tmp_path / "out"
    args = ["analyze", str(SEED), "-o", str(out)] + (["-f", formats] if formats else [])
    proc = _argmap(*args, env=_no_dot_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == code
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{level}: not written: "), stderr
    images = ["svg"] if formats is None else ["svg", "png"]
    for fmt in images:
        assert str(out / f"kinu-co-24-17.{fmt}") in lines[0]
        assert not (out / f"kinu-co-24-17.{fmt}").exists()
    assert "Graphviz" in lines[0] and "apt-get install graphviz" in lines[0]
    assert f"wrote {out / 'kinu-co-24-17.json'}" in stdout and f"wrote {out / 'kinu-co-24-17.dot'}" in stdout


def _tree_text(amap, width=200) -> str:
    from rich.console import Console

    console = Console(width=width, record=True, file=open(os.devnull, "w"), color_system=None)
    console.print(map_tree(amap))
    return console.export_text()


@pytest.mark.parametrize("source", [SEED, CONGESTION])
def test_every_attack_is_drawn_with_one_notation_and_its_direction(source):
    amap = argmap.analyze(source, rules_only=True)  # the rules' attacks ("Nevertheless", "Critics argue")
    text = _tree_text(amap)
    attacks = [e for e in amap.edges if e.type == EdgeType.ATTACK]
    assert attacks
    for edge in attacks:
        assert f"[{edge.source}] attacks → [{edge.target}]" in text, (edge, text)
    # every mention of an attack is of that form: no bare "attacks [X]" whose direction a reader must guess
    mentions = re.findall(r"(\S+) attacks (\S+) (\S+)", text)
    assert len(mentions) == len(re.findall(r"\battacks\b", text))
    for before, arrow, after in mentions:
        assert re.fullmatch(r"\[\w+\]", before) and arrow == "→" and re.fullmatch(r"\[\w+\]", after)
        assert (before[1:-1], after[1:-1]) in {(e.source, e.target) for e in attacks}


def test_long_unit_texts_are_shortened_in_the_tree_not_in_the_json(tmp_path):
    sentence = "The ministry should " + " ".join(f"consider option {i}" for i in range(400)) + "."
    brief = tmp_path / "long.md"
    brief.write_text(f"# Ports need a plan\n\nShipping volumes grew. {sentence}\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(brief), "-o", str(tmp_path / "out"), "-f", "json"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "consider option 5 " in result.stdout and "consider option 399" not in result.stdout
    assert "…" in result.stdout
    nodes = json.loads((tmp_path / "out" / "long.json").read_text(encoding="utf-8"))["nodes"]
    assert any(n["text"] == sentence for n in nodes)


def test_a_5_mb_line_is_not_printed_whole(tmp_path):
    brief = tmp_path / "huge.md"
    line = " ".join(f"word{i % 997}" for i in range(800_000))[: 5 * 1024 * 1024]
    brief.write_text(f"# A title\n\n{line}\n", encoding="utf-8")
    assert brief.stat().st_size > 5_000_000
    proc = _argmap("analyze", str(brief), "-o", str(tmp_path / "out"), "-f", "json", stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr[-500:]
    assert len(stdout) < 20_000, len(stdout)
    assert max(len(x) for x in stdout.splitlines()) < 1000


def test_tree_of_a_long_chain_is_cut_not_crashed():
    from rich.console import Console

    from argmap.cli.view import MAX_TREE_DEPTH, map_tree

    text = "# T\n\nA start. " + " ".join(f"Because of {i}, step {i} follows." for i in range(1500))
    amap = analyze(text)
    console = Console(record=True, width=200)
    console.print(map_tree(amap))
    shown = console.export_text()
    assert "more units not shown here" in shown
    assert shown.count("\n") < 600
    small = Console(record=True, width=200)
    small.print(map_tree(analyze(BRIEF)))
    assert "not shown" not in small.export_text()
    assert MAX_TREE_DEPTH >= 10
