"""The commands around formats: analyze --format, render, convert; names, messages, exit codes."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from argmap.cli import app
from argmap.cli.formats import map_stem
from argmap.formats import FORMATS, READABLE, write
from argmap.model import NodeType
from conftest import FIXTURES, SEED, needs_dot

runner = CliRunner()
#: readable formats that write a unit's text on one line
TEXT_FORMATS = {"argdown", "mermaid", "outline"}
ALL_TEXT = ["json", "aif", "xaif", "argdown", "graphml", "nodelink", "mermaid", "outline", "dot"]
NAMES = {"json": ".json", "aif": ".aif.json", "xaif": ".xaif.json", "argdown": ".argdown", "graphml": ".graphml",
         "nodelink": ".nodelink.json", "mermaid": ".mmd", "outline": ".outline.md", "dot": ".dot"}


def test_registry_suffixes_are_the_documented_ones():
    assert {name: FORMATS[name].suffix for name in ALL_TEXT} == NAMES


def test_analyze_writes_every_format_under_its_name(tmp_path):
    result = runner.invoke(app, ["analyze", str(SEED), "-o", str(tmp_path), "-q", "-f", ",".join(ALL_TEXT)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"kinu-co-24-17{s}" for s in NAMES.values())


def test_analyze_refuses_an_unknown_format_and_lists_the_valid_ones(tmp_path):
    result = runner.invoke(app, ["analyze", str(SEED), "-o", str(tmp_path), "-f", "json,gexf"])
    assert result.exit_code == 5
    assert "unknown format 'gexf'" in result.output
    for name in ALL_TEXT + ["svg", "png", "pdf"]:
        assert name in result.output
    assert not tmp_path.exists() or not any(tmp_path.iterdir()), "nothing is written when a format is refused"


@pytest.mark.parametrize(("name", "stem"), [("brief.aif.json", "brief"), ("brief.xaif.json", "brief"),
                                            ("brief.json", "brief"), ("map.graphml", "map"), ("a.b.nodelink.json", "a.b"),
                                            ("brief.outline.md", "brief"), ("brief.mmd", "brief"), ("brief.argdown", "brief")])
def test_map_stem(name, stem):
    assert map_stem(name) == stem


@pytest.mark.parametrize("fmt", READABLE)
def test_convert_from_every_readable_format_to_json(seed_map, tmp_path, fmt):
    source = tmp_path / f"in{FORMATS[fmt].suffix}"
    source.write_text(write(seed_map, fmt), encoding="utf-8")
    result = runner.invoke(app, ["convert", str(source), "--to", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sorted(n["type"] for n in data["nodes"]) == sorted(str(n.type) for n in seed_map.nodes)
    # Argdown folds evidence into the units it backs: it comes back with texts but new ids
    kept = {n.id: n for n in seed_map.nodes if fmt != "argdown" or n.type != NodeType.EVIDENCE}
    read = {n["id"]: n for n in data["nodes"]}
    assert {i: read[i]["type"] for i in kept} == {i: str(n.type) for i, n in kept.items()}
    if fmt != "mermaid":  # a flowchart cuts long evidence short
        assert sorted(n["text"] for n in data["nodes"]) == sorted(" ".join(n.text.split()) if fmt in TEXT_FORMATS
                                                                  else n.text for n in seed_map.nodes)
    assert len(data["edges"]) == len(seed_map.edges)


@pytest.mark.parametrize("fmt", READABLE)
def test_render_draws_every_readable_format(seed_map, tmp_path, fmt):
    source = tmp_path / f"brief{FORMATS[fmt].suffix}"
    source.write_text(write(seed_map, fmt), encoding="utf-8")
    result = runner.invoke(app, ["render", str(source), "-o", str(tmp_path / "out"), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "out" / "brief.json").read_text(encoding="utf-8"))["nodes"]


def test_convert_writes_a_file_and_prints_argdown_unmangled(seed_map, tmp_path):
    source = tmp_path / "m.json"
    source.write_text(write(seed_map, "json"), encoding="utf-8")
    out = tmp_path / "m.argdown"
    assert runner.invoke(app, ["convert", str(source), "--to", "argdown", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == write(seed_map, "argdown")
    printed = runner.invoke(app, ["convert", str(source), "--to", "argdown"])
    assert printed.stdout == write(seed_map, "argdown"), "[Title]: must reach the terminal as written"


def test_convert_aifdb_nodeset_to_outline():
    result = runner.invoke(app, ["convert", str(FIXTURES / "aifdb-nodeset.json"), "--to", "outline"])
    assert result.exit_code == 0, result.output
    assert "**The city should adopt congestion pricing**" in result.stdout
    assert "**attacks:** Flat charges burden drivers on low incomes" in result.stdout


@pytest.mark.parametrize(("args", "code", "message"), [
    (["convert", "missing.json", "--to", "json"], 2, "missing.json does not exist"),
    (["convert", str(SEED), "--to", "json"], 2, "it is a document; map it first"),
    (["convert", str(FIXTURES / "aifdb-nodeset.json"), "--to", "docx"], 5, "unknown format 'docx'"),
    (["convert", str(FIXTURES / "aifdb-nodeset.json"), "--to", "svg"], 2, "svg is a picture and needs a file: give -o FILE"),
    (["convert", "missing.json", "--to", "png"], 2, "png is a picture and needs a file"),
])
def test_convert_errors_are_one_line(args, code, message):
    result = runner.invoke(app, args)
    assert result.exit_code == code
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


def test_broken_json_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"nodes": [', encoding="utf-8")
    result = runner.invoke(app, ["render", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "bad.json is not valid JSON" in result.output


@needs_dot
def test_render_an_aifdb_nodeset(tmp_path):
    result = runner.invoke(app, ["render", str(FIXTURES / "aifdb-nodeset.json"), "-o", str(tmp_path), "-f", "svg,mermaid"])
    assert result.exit_code == 0, result.output
    svg = (tmp_path / "aifdb-nodeset.svg").read_text(encoding="utf-8")
    # the unit's words drawn in its box (wrapped over lines as Graphviz draws them)
    drawn = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert svg.lstrip().startswith(("<?xml", "<svg")) and "should adopt congestion pricing" in drawn
    assert (tmp_path / "aifdb-nodeset.mmd").exists()


@needs_dot
def test_render_our_own_aif(seed_map, tmp_path):
    source = tmp_path / "brief.aif.json"
    source.write_text(write(seed_map, "aif"), encoding="utf-8")
    result = runner.invoke(app, ["render", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "brief.svg").stat().st_size > 1000


# -o: what a name means, decided before any work


@pytest.mark.parametrize("name", ["report.HTML", "Map.Aif.Json", "MAP.json"])
def test_analyze_output_file_keeps_the_name_given(tmp_path, name):
    result = runner.invoke(app, ["analyze", str(SEED), "-o", str(tmp_path / name), "-q"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert f"wrote {tmp_path / name}" in result.stdout


def test_analyze_output_with_a_trailing_slash_is_a_directory(tmp_path):
    result = runner.invoke(app, ["analyze", str(SEED), "-o", f"{tmp_path / 'new.json'}/", "-q", "-f", "json,argdown"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "new.json").iterdir()) == ["kinu-co-24-17.argdown", "kinu-co-24-17.json"]


@pytest.mark.parametrize("command", ["analyze", "render"])
def test_output_with_a_suffix_that_is_no_format_is_refused_before_any_work(seed_map, tmp_path, command):
    source = SEED
    if command == "render":
        source = tmp_path / "in" / "brief.json"
        source.parent.mkdir()
        source.write_text(write(seed_map, "json"), encoding="utf-8")
    result = runner.invoke(app, [command, str(source), "-o", str(tmp_path / "notes.md")])
    assert result.exit_code == 2
    assert ".md is no format argmap writes" in result.stderr and ".html" in result.stderr
    assert f"-o {tmp_path / 'notes.md'}/" in result.stderr
    assert not (tmp_path / "notes.md").exists()


def test_output_without_a_suffix_or_with_a_non_word_one_is_a_directory(tmp_path):
    for name in ("maps", "maps.v2"):
        result = runner.invoke(app, ["analyze", str(SEED), "-o", str(tmp_path / name), "-q", "-f", "json"])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name / "kinu-co-24-17.json").is_file()


@needs_dot
def test_render_output_naming_one_picture_writes_that_file(seed_map, tmp_path):
    source = tmp_path / "brief.json"
    source.write_text(write(seed_map, "json"), encoding="utf-8")
    result = runner.invoke(app, ["render", str(source), "-o", str(tmp_path / "out" / "Map.SVG")])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["Map.SVG"]
    assert (tmp_path / "out" / "Map.SVG").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    result = runner.invoke(app, ["render", str(source), "-o", str(tmp_path / "out" / "map.png"), "-f", "svg"])
    assert result.exit_code == 2 and "names one png file" in result.stderr


def test_output_naming_an_existing_file_without_a_format_is_refused_before_any_work(tmp_path, monkeypatch):
    import argmap.pipeline

    existing = tmp_path / "maps"
    existing.write_text("kept\n", encoding="utf-8")
    monkeypatch.setattr(argmap.pipeline, "analyze", lambda *a, **k: pytest.fail("mapped before -o was checked"))
    result = runner.invoke(app, ["analyze", str(SEED), "-o", str(existing), "-q", "-f", "json"])
    assert result.exit_code == 2  # a usage problem, as every refusal of -o
    assert result.stderr.startswith("Error: ") and "exists and is not a directory" in result.stderr
    assert existing.read_text(encoding="utf-8") == "kept\n"


@pytest.mark.parametrize("command", ["analyze", "render"])
@pytest.mark.parametrize("name", ["", " ", ".json", ".SVG", ".aif.json", "kept.json/"])
def test_an_output_name_that_names_no_file_or_directory_is_a_usage_error(command, name, seed_map, tmp_path,
                                                                           monkeypatch):
    """An empty -o, a format's suffix alone, a directory name a file already holds: each is refused with the
    usage exit code before any work, and nothing is written."""
    import argmap.pipeline

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(argmap.pipeline, "analyze", lambda *a, **k: pytest.fail("mapped before -o was checked"))
    source = SEED
    if command == "render":
        source = tmp_path / "in" / "brief.json"
        source.parent.mkdir()
        source.write_text(write(seed_map, "json"), encoding="utf-8")
    (tmp_path / "kept.json").write_text("kept\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = runner.invoke(app, [command, str(source), "-o", name, "-f", "json"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ") and "-o" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "kept.json").read_text(encoding="utf-8") == "kept\n"
