"""Writing a map's files: safe names, never outside the output directory, never over the input."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap import errors
from argmap.output import safe_stem, write_outputs
from argmap.pipeline import analyze
from conftest import BRIEF


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


# --- the terminal view ------------------------------------------------------------------------
# --- pieces rewritten for linear time: same answers as the plain definitions --------------------
# --- the command line --------------------------------------------------------------------------
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
