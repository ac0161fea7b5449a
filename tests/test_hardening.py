"""Limits, safe names, scrubbing, and the pieces rewritten to run in linear time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap import errors
from conftest import needs_dot
from argmap.clean.inline import _comments, inline_pieces
from argmap.clean.structure import TERMINAL, _ends_terminal
from argmap.model import text_from_spans
from argmap.output import safe_stem, write_outputs
from argmap.pipeline import analyze
from argmap.read import DEFAULT_MAX_BYTES, format_size, read_document, scrub
from argmap.segment import _breakable, _to_source, clean_view

from conftest import needs_dot, ROOT

BRIEF = "# Budgets decide\n\nWe argue that budgets decide policy. The state should publish them.\n"


# --- input size -----------------------------------------------------------------------------
def test_default_limit_is_50_mb():
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024
    assert format_size(DEFAULT_MAX_BYTES) == "50 MB"


@pytest.mark.parametrize("kind", ["bytes", "str", "path"])
def test_max_bytes_refuses_large_input(kind, tmp_path):
    data = BRIEF * 10
    source = {"bytes": data.encode(), "str": data, "path": tmp_path / "b.md"}[kind]
    if kind == "path":
        source.write_text(data)
    with pytest.raises(errors.InputTooLarge, match="more than the limit of 100 bytes.*--max-bytes"):
        analyze(source, max_bytes=100)
    assert analyze(source, max_bytes=0).nodes  # 0 lifts the limit
    assert analyze(source, max_bytes=len(data.encode())).nodes  # the limit itself is allowed


def test_max_bytes_counts_utf8_bytes_of_a_string():
    text = "# T\n\n" + "é" * 60 + " is text."
    with pytest.raises(errors.InputTooLarge):
        analyze(text, max_bytes=100)  # 60 characters, 120 bytes


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_file_is_read_only_up_to_the_limit():
    with pytest.raises(errors.InputTooLarge):
        read_document(Path("/dev/zero"), max_bytes=1000)


def test_input_too_large_is_an_input_error():
    assert issubclass(errors.InputTooLarge, errors.InputError)
    assert errors.InputTooLarge.exit_code == 2


# --- scrubbing ------------------------------------------------------------------------------
@pytest.mark.parametrize("raw, clean", [
    ("a\x00b", "a b"),
    ("a\x1b[31mb", "a [31mb"),
    ("a\x07\x7f\x9fb", "a   b"),
    ("a\x0bb\x0cc\x1cd\x85e\u2028f\u2029g", "a\nb\nc\nd\ne\nf\ng"),
    ("a\ud800b\uffffc\ufffe", "a\ufffdb\ufffdc\ufffd"),
    ("tab\tand\nnewline kept", "tab\tand\nnewline kept"),
    ("plain ASCII", "plain ASCII"),
    ("é 数据 🙂 \u200b", "é 数据 🙂 \u200b"),
])
def test_scrub(raw, clean):
    assert scrub(raw) == clean


@given(st.text())
def test_scrub_keeps_length_and_is_idempotent(text):
    once = scrub(text)
    assert len(once) == len(text)
    assert scrub(once) == once
    once.encode("utf-8")  # always encodable


# --- output names -----------------------------------------------------------------------------
@pytest.mark.parametrize("name, stem", [
    ("brief.md", "brief"),
    ("../../x", "x"),
    ("../../x.md", "x"),
    ("/etc/passwd", "passwd"),
    ("a/b\\c.json", "c"),
    ("..", "document"),
    (".", "document"),
    ("", "document"),
    ("...md", "document"),
    (".hidden.md", "hidden"),
    ("a\nb\x00c.md", "a_b_c"),
    ('con<>:"|?*.md', "con_______"),
    ("trailing. . .", "trailing"),
])
def test_safe_stem(name, stem):
    assert safe_stem(name) == stem


def test_safe_stem_caps_the_length():
    assert len(safe_stem("n" * 1000).encode()) <= 160
    assert len(safe_stem("数" * 1000).encode()) <= 160


@given(st.text(max_size=300))
def test_safe_stem_never_leaves_the_directory(name):
    stem = safe_stem(name)
    assert stem and "/" not in stem and "\\" not in stem and "\x00" not in stem
    assert not stem.startswith(".")
    assert len(stem.encode("utf-8")) <= 160


@pytest.mark.parametrize("stem", ["../../x", "/tmp/abs", "a/b\\c", "..", "", "\x00", "x\ny"])
def test_write_outputs_stays_in_the_output_directory(stem, tmp_path):
    amap = analyze(BRIEF)
    out = tmp_path / "deep" / "out"
    written, problems = write_outputs(amap, out, ["json", "dot"], stem=stem)
    assert not problems and len(written) == 2
    for path in written:
        assert path.resolve().parent == out.resolve()
    assert sorted(p.relative_to(tmp_path).parts[:2] for p in tmp_path.rglob("*") if p.is_file()) == [("deep", "out")] * 2


def test_write_outputs_refuses_to_overwrite_the_input(tmp_path):
    source = tmp_path / "brief.json"
    source.write_text(BRIEF)
    amap = analyze(source)
    with pytest.raises(errors.OutputError, match="would overwrite the input"):
        write_outputs(amap, tmp_path, ["dot", "json"], stem=source.name, protect=[source])
    assert source.read_text() == BRIEF
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.json"]  # nothing written, not even the DOT


def test_write_outputs_under_a_regular_file(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(errors.OutputError):
        write_outputs(analyze(BRIEF), tmp_path / "file" / "out", ["json"])


@needs_dot
def test_a_map_above_the_overview_size_is_drawn_in_sections_not_refused(tmp_path, monkeypatch):
    import argmap.formats.dot as dot
    import argmap.render as render

    monkeypatch.setattr(dot, "OVERVIEW_ABOVE", 2)
    amap = analyze(BRIEF)
    assert len(amap.nodes) > 2
    written, problems = write_outputs(amap, tmp_path, ["json", "svg"], stem="brief.md")
    assert problems == []
    names = sorted(p.name for p in written)
    assert "brief.json" in names and "brief.svg" in names
    assert [n for n in names if ".section-" in n] == [f"brief.section-{i:02d}.svg" for i in range(1, len(render.sections(amap)) + 1)]
    assert "section_1" in render.svg_string(amap)


# --- the terminal view ------------------------------------------------------------------------
def test_tree_of_a_long_chain_is_cut_not_crashed():
    from rich.console import Console

    from argmap.cli._view import MAX_TREE_DEPTH, map_tree

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


# --- pieces rewritten for linear time: same answers as the plain definitions --------------------
@given(st.lists(st.sampled_from(["a", "b.", ".", "!", "?", '"', "”", ")", "]", " ", "\n", "x:", ";", "…", "’"]),
                max_size=12), st.data())
def test_ends_terminal_reads_like_the_whole_text(pieces, data):
    text = "".join(pieces)
    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=6))) | {0, len(text)})
    spans = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    assert _ends_terminal(text, spans) == bool(TERMINAL.search(text_from_spans(text, spans)))


@given(st.lists(st.integers(1, 30), min_size=1, max_size=10), st.integers(0, 200), st.integers(0, 200))
def test_to_source_bisection_matches_the_scan(lengths, start, length):
    source = "".join(chr(97 + i % 26) * n + " " for i, n in enumerate(lengths))
    spans, pos = [], 0
    for n in lengths:
        spans.append((pos, pos + n))
        pos += n + 1
    view, pieces = clean_view(source, spans)
    starts = [p[0] for p in pieces]
    end = min(len(view), start + length)
    assert _to_source(pieces, start, end, source, starts) == _to_source(pieces, start, end, source)


@pytest.mark.parametrize("view", ["short text.", "a" * 5000, "(" * 5000, "x " * 3000, "http://x.org/" + "ab/" * 400 + " end."])
def test_breakable_keeps_length_and_short_tokens(view):
    broken = _breakable(view)
    assert len(broken) == len(view)
    assert max(len(t) for t in broken.split()) < 200
    assert all(b == v or b == " " for b, v in zip(broken, view))


def test_breakable_leaves_ordinary_text_alone():
    text = "A sentence with an address http://example.org/a/b/c and words. " * 50
    assert _breakable(text) == text


@pytest.mark.parametrize("segment, expected", [
    ("a <!-- b --> c <!-- d --> e", [(2, 12), (15, 25)]),
    ("a <!-- unclosed", []),
    ("<!----><!-- x -->", [(0, 7), (7, 17)]),
    ("a --> b <!-- c", []),
])
def test_comments(segment, expected):
    assert list(_comments(segment)) == expected


@pytest.mark.parametrize("raw, text", [
    ("See [the report](http://x.org/a) now.", "See the report now."),
    ("An ![image](pic.png) here.", "An here."),
    ("Nested [a [b](u) c](v) link.", "Nested [a b c link."),  # a link text holds no "[": the outer one stays
    ("Unclosed [bracket and (paren.", "Unclosed [bracket and (paren."),
    ("A <b>bold</b> and <span class='x'>span</span>.", "A bold and span."),
    ("Mark.<sup>1)</sup> Next [2] and `code`.", "Mark. Next [2] and code."),
    ("x" + "[" * 50 + "y", "x" + "[" * 50 + "y"),
])
def test_inline_pieces(raw, text):
    spans, _ = inline_pieces(raw, 0, len(raw), set())
    assert text_from_spans(raw, spans) == text


# --- the command line --------------------------------------------------------------------------
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


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes through chmod")
def test_unwritable_output_directory(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(errors.OutputError, match="cannot write"):
            write_outputs(analyze(BRIEF), locked, ["json"])
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)
