"""The command line: what it writes, what it prints, and how it refuses bad input."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap import errors
from argmap.cli import app
from argmap.errors import BinaryInput, DecodeError, EmptyInput, InputNotFound, UnsupportedFormat
from argmap.pipeline import analyze
from conftest import BRIEF, ROOT, SEED, needs_dot

runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@needs_dot
def test_analyze_writes_json_and_svg(tmp_path):
    code, out, err = run("analyze", SEED, "-o", tmp_path)
    assert code == 0, err
    data = json.loads((tmp_path / "kinu-co-24-17.json").read_text(encoding="utf-8"))
    assert data["metadata"]["identifier"] == "CO 24-17"
    assert (tmp_path / "kinu-co-24-17.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert "major claim" in out and "Summary" in out and "wrote" in out


@pytest.mark.parametrize("name, fmt", [("map.html", "html"), ("map.aif.json", "aif"), ("map.json", "json"),
                                       ("map.outline.md", "outline")])
def test_analyze_output_naming_one_file_writes_that_file_alone(tmp_path, name, fmt):
    code, out, err = run("analyze", SEED, "-o", tmp_path / "maps" / name, "-q")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "maps").iterdir()) == [name]
    from argmap.output import output_text

    expected = output_text(analyze(SEED), fmt)
    assert (tmp_path / "maps" / name).read_text(encoding="utf-8") == expected
    assert f"wrote {tmp_path / 'maps' / name}" in out


def test_analyze_output_file_and_other_formats_is_refused_before_any_work(tmp_path):
    code, _, err = run("analyze", SEED, "-o", tmp_path / "map.html", "-f", "json,svg")
    assert code == 2
    assert "names one html file" in err and "-f asks for json,svg" in err
    assert list(tmp_path.iterdir()) == []
    code, _, err = run("analyze", SEED, "-o", tmp_path / "map.json", "-f", "aif")
    assert code == 2 and "name the file for that format (map.aif.json)" in err
    assert list(tmp_path.iterdir()) == []


def test_analyze_output_directory_with_a_format_like_name_stays_a_directory(tmp_path):
    folder = tmp_path / "maps.json"
    folder.mkdir()
    code, _, err = run("analyze", SEED, "-o", folder, "-f", "json", "-q")
    assert code == 0, err
    assert (folder / "kinu-co-24-17.json").is_file()


@needs_dot
def test_analyze_png_pdf_dot(tmp_path):
    code, _, err = run("analyze", SEED, "-o", tmp_path, "--format", "png,pdf,dot", "-q")
    assert code == 0, err
    assert (tmp_path / "kinu-co-24-17.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "kinu-co-24-17.pdf").read_bytes()[:4] == b"%PDF"
    assert (tmp_path / "kinu-co-24-17.dot").read_text(encoding="utf-8").count("digraph argmap {") == 1


def test_unknown_format_is_refused_with_the_valid_ones(tmp_path):
    code, _, err = run("analyze", SEED, "-o", tmp_path, "--format", "json,svgz")
    assert code == UnsupportedFormat.exit_code
    assert err.startswith("Error: unknown format 'svgz' (must be one of") and "json" in err
    assert not list(tmp_path.iterdir())


def _no_dot_env(tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    os.symlink(sys.executable, bindir / "python")
    return {**os.environ, "PATH": str(bindir)}


@pytest.mark.parametrize("formats, code", [(None, 0), ("json,svg", 7), ("json", 0)])
def test_without_graphviz_json_and_dot_are_still_written(tmp_path, formats, code):
    out = tmp_path / "out"
    args = [sys.executable, "-m", "argmap.cli", "analyze", str(SEED), "-o", str(out), "-q"]
    if formats:
        args += ["--format", formats]
    proc = subprocess.run(args, capture_output=True, text=True, env=_no_dot_env(tmp_path))
    assert proc.returncode == code, proc.stderr
    assert (out / "kinu-co-24-17.json").exists()
    if formats != "json":
        assert (out / "kinu-co-24-17.dot").exists()
        assert proc.stderr.count("\n") == 1 and "apt-get install graphviz" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_without_graphviz_a_picture_named_by_o_fails_the_run(tmp_path):
    args = [sys.executable, "-m", "argmap.cli", "analyze", str(SEED), "-o", str(tmp_path / "out" / "Map.SVG"), "-q"]
    proc = subprocess.run(args, capture_output=True, text=True, env=_no_dot_env(tmp_path))
    assert proc.returncode == 7, proc.stderr
    assert proc.stderr.startswith("Error: not written: ") and "Map.SVG" in proc.stderr
    assert (tmp_path / "out" / "Map.dot").exists()  # the picture can still be drawn from its source


@pytest.mark.parametrize(
    "name, content, error",
    [
        ("missing.md", None, InputNotFound),
        ("empty.md", b"", EmptyInput),
        ("blank.md", b"  \n\t\n  ", EmptyInput),
        ("binary.md", bytes(range(256)) * 4, BinaryInput),
        ("latin.md", None, None),
        ("meta-only.md", "©ACME 2020\n\n---\n".encode(), EmptyInput),
        ("cp949.md", "# 제목\n\n북한 노동자들이 중국에서 시위를 벌였다. 정부는 대응해야 한다.\n".encode("cp949"), None),
    ],
)
def test_bad_input_gives_one_error_line_and_its_code(tmp_path, name, content, error):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    if name == "latin.md":
        path.write_bytes("# Café\n\nThe café should open. Prices fell.\n".encode("cp1252"))
    out = tmp_path / "out"
    code, _, err = run("analyze", path, "-o", out, "--format", "json")
    if error is None:
        title = json.loads((out / (Path(name).stem + ".json")).read_text(encoding="utf-8"))["metadata"]["title"]
        assert code == 0 and title == {"latin.md": "Café", "cp949.md": "제목"}[name]
        return
    assert code == error.exit_code
    assert err.startswith("Error: ") and err.count("\n") == 1
    assert name in err  # the line names the file, as a batch of them needs
    assert not out.exists()


def test_directory_is_refused(tmp_path):
    code, _, err = run("analyze", tmp_path, "-o", tmp_path / "out")
    assert code == InputNotFound.exit_code and "is a directory" in err


def test_undecodable_text_is_refused(tmp_path):
    path = tmp_path / "bad.md"
    path.write_bytes(b"\x81\x8d\x8f\x90\x9d" * 200)
    code, _, err = run("analyze", path, "-o", tmp_path / "out")
    assert code in (DecodeError.exit_code, BinaryInput.exit_code)
    assert err.startswith("Error: bad.md is not text in any encoding")


def test_missing_model_says_how_to_install(tmp_path):
    code, _, err = run("analyze", SEED, "-o", tmp_path, "--model", "xx_no_such_pipeline", "--format", "json")
    assert code == 6 and "python -m spacy download xx_no_such_pipeline" in err


def test_help_lists_the_commands():
    code, out, _ = run("--help")
    assert code == 0 and "analyze" in out


def test_python_m_argmap_cli_runs(tmp_path):
    (tmp_path / "b.md").write_text(BRIEF)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "argmap.cli", "analyze", str(tmp_path / "b.md"), "-o",
                           str(tmp_path / "out"), "-f", "json", "-q", "--max-bytes", "10"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("Error: b.md is") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value, size", [("50MB", 50 * 1024 ** 2), ("0", 0), ("500kb", 500 * 1024), ("1.5 G", int(1.5 * 1024 ** 3)),
                                         ("123", 123)])
def test_parse_size(value, size):
    from argmap.cli.analyze import parse_size

    assert parse_size(value) == size


@pytest.mark.parametrize("value", ["", "lots", "-1", "5 parsecs", "1e9"])
def test_parse_size_refuses(value):
    from argmap.cli.analyze import parse_size

    with pytest.raises(errors.ArgmapError) as caught:
        parse_size(value)
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("args", [["render", "{map}", "-o", "{dir}", "-f", "json"],
                                  ["convert", "{map}", "--to", "json", "-o", "{map}"]])
def test_render_and_convert_never_overwrite_their_input(args, tmp_path):
    from typer.testing import CliRunner

    from argmap.cli import app
    from argmap.formats import write

    source = tmp_path / "m.json"
    original = write(analyze(BRIEF), "json")
    source.write_text(original, encoding="utf-8")
    result = CliRunner().invoke(app, [a.format(map=source, dir=tmp_path) for a in args])
    assert result.exit_code == errors.OutputError.exit_code
    assert result.stderr.startswith("Error: writing") and "would overwrite the input" in result.stderr
    assert source.read_text(encoding="utf-8") == original
    assert [p.name for p in tmp_path.iterdir()] == ["m.json"]


def test_the_command_leaves_what_is_alive_at_exit_to_the_exit(tmp_path):
    """The collector's passes over the loaded pipeline at interpreter exit free nothing the process does
    not hand back whole; the command sets those objects aside before the exit (a handler that ran
    before the command's own exit handler sees them frozen)."""
    (tmp_path / "b.md").write_text(BRIEF)
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('frozen', gc.get_freeze_count(), len(gc.get_objects()), file=sys.stderr))\n"
            "from argmap.cli import main\nmain()\n")
    proc = subprocess.run([sys.executable, "-c", code, "analyze", str(tmp_path / "b.md"), "-o", str(tmp_path / "out"),
                           "-f", "json", "-q"], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "b.json").is_file()
    frozen, walked = map(int, proc.stderr.rsplit("frozen ", 1)[1].split()[:2])
    assert frozen > 50_000 and walked < frozen / 20, (frozen, walked)  # the loaded pipeline is not walked again
