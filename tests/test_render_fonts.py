"""Pictures of briefs in CJK and other scripts draw the characters, not empty boxes (needs the fonts README names)."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest

import argmap
from argmap.render import render, svg_string
from argmap.style import NODE_FONT

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot program is not installed")

#: characters whose glyphs are not themselves boxes or bars (not 口, ם or ا)
SAMPLES = {"Han": "北朝鮮", "kana": "ひらがな", "Hangul": "북한노동자", "Thai": "ภาษาไทย", "Devanagari": "नमस",
           "Arabic": "سجعق", "Hebrew": "שלגצ"}
#: a private-use character no font draws: what a missing glyph looks like on this machine
MISSING = "\ue000"


def _glyph_png(char: str) -> "Image":
    from PIL import Image

    dot = f'digraph {{ node [shape=plaintext fontsize=96 fontname="{NODE_FONT}" margin=0]; a [label="{char}"] }}'
    png = subprocess.run(["dot", "-Tpng"], input=dot.encode("utf-8"), capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(png)).convert("L")


def _is_box(image) -> bool:
    """Whether the ink is an empty-glyph box: a rectangle whose four sides are (nearly) fully inked."""
    width, height = image.size
    pixels = image.load()
    ink = [(x, y) for y in range(height) for x in range(width) if pixels[x, y] < 128]
    assert ink, "nothing was drawn"
    left, right = min(x for x, _ in ink), max(x for x, _ in ink)
    top, bottom = min(y for _, y in ink), max(y for _, y in ink)

    def row(y):
        return sum(pixels[x, y] < 128 for x in range(left, right + 1)) / (right - left + 1)

    def column(x):
        return sum(pixels[x, y] < 128 for y in range(top, bottom + 1)) / (bottom - top + 1)

    def side(values):
        return max(values) > 0.85

    return (side([row(y) for y in (top, top + 1, top + 2)]) and side([row(y) for y in (bottom, bottom - 1, bottom - 2)])
            and side([column(x) for x in (left, left + 1, left + 2)])
            and side([column(x) for x in (right, right - 1, right - 2)]))


def test_a_missing_glyph_is_seen_as_a_box():
    assert _is_box(_glyph_png(MISSING))  # the check below can fail
    assert not _is_box(_glyph_png("A"))


@pytest.mark.parametrize("script", SAMPLES)
def test_characters_of_other_scripts_are_drawn_as_glyphs(script):
    boxes = [char for char in SAMPLES[script] if _is_box(_glyph_png(char))]
    assert not boxes, (f"{script} characters {boxes} are drawn as empty boxes: install the fonts README.md names "
                       "under Graphviz (and .ci/apt-packages.txt installs)")


def test_a_cjk_brief_keeps_its_text_in_the_svg_and_draws_it_in_the_png(tmp_path):
    from PIL import Image

    text = "# 북한 해외 노동자 문제\n\n북한 노동자들이 중국에서 시위를 벌였다. 日本の新聞が報じた。\n"
    amap = argmap.analyze(text)
    svg = svg_string(amap)
    for unit in amap.nodes:
        for word in unit.text.split():
            assert word.replace("&", "&amp;") in svg
    path = tmp_path / "map.png"
    render(amap, path)
    image = Image.open(path).convert("L")
    assert image.size[0] > 100 and image.getextrema()[0] < 128
