"""Long reports: an overview plus one picture per section, never "too many to draw"; the layouts."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import argmap
from argmap import render as draw
from argmap.formats import dot, write
from argmap.cli import app
from argmap.errors import OutputError, UnsupportedFormat
from argmap.model import NodeType
from argmap.output import write_outputs
from argmap.pipeline import analyze
from conftest import BRIEF, SEED, long_brief, needs_dot, shared_path

runner = CliRunner()


@pytest.fixture(scope="module")
def long_map():
    return argmap.analyze(long_brief(12, 9))


def _titles(svg: str) -> list[str]:
    return re.findall(r'<g id="node\d+" class="node">\s*<title>([^<]*)</title>', svg)


def test_a_long_map_is_cut_into_sections_that_hold_every_unit_once(long_map):
    assert draw.is_large(long_map)
    found = draw.sections(long_map)
    placed = [n.id for s in found for n in s.nodes]
    outside = [n.id for n in long_map.nodes if n.type in (NodeType.MAJOR_CLAIM, NodeType.RECOMMENDATION)]
    assert sorted(placed + outside) == sorted(n.id for n in long_map.nodes)
    assert len(placed) == len(set(placed))
    assert all(len(s.nodes) <= dot.SECTION_UNITS for s in found)
    assert [s.number for s in found] == list(range(1, len(found) + 1))


def test_strongest_claims_are_those_with_most_units_under_them(long_map):
    sizes = dot.descendants(long_map)
    for section in draw.sections(long_map):
        best = dot.strongest(section, sizes)
        claims = [n for n in section.nodes if n.type == NodeType.CLAIM]
        assert best and all(sizes[best[0].id] >= sizes[c.id] for c in claims)


@needs_dot
def test_overview_and_section_pictures_link_each_other(long_map, tmp_path):
    written, problems = write_outputs(long_map, tmp_path, ["svg"], stem="harbours.md")
    assert problems == []
    found = draw.sections(long_map)
    names = [p.relative_to(tmp_path).as_posix() for p in written]
    assert names == ["harbours.svg"] + [f"harbours.sections/section-{s.number:02d}.svg" for s in found]
    overview = (tmp_path / "harbours.svg").read_text(encoding="utf-8")
    titles = _titles(overview)
    # the major claim and the recommendations as units, each section as one box
    assert {"MC"} | {n.id for n in long_map.by_type(NodeType.RECOMMENDATION)} <= set(titles)
    assert sorted(t for t in titles if t.startswith("section_")) == sorted(f"section_{s.number}" for s in found)
    for section in found:
        assert f'xlink:href="harbours.sections/section-{section.number:02d}.svg"' in overview
        picture = (tmp_path / "harbours.sections" / f"section-{section.number:02d}.svg").read_text(encoding="utf-8")
        assert {n.id for n in section.nodes} <= set(_titles(picture))
        assert 'xlink:href="../harbours.svg"' in picture
        # the box names the section and counts its units
        claims = sum(n.type == NodeType.CLAIM for n in section.nodes)
        assert f"{claims} claim" in overview
    assert f"Finding 1: berth capacity in region 1" in overview


@needs_dot
@pytest.mark.parametrize("name", ["harbours", "harbours.svg", "harbours.v2"])
def test_every_link_between_the_pictures_names_a_file_written(long_map, tmp_path, name):
    """The overview is written under the name given, with or without the format's suffix, and the section
    pictures link back to it by that name."""
    written = [Path(p) for p in draw.render(long_map, tmp_path / name, format="svg")]
    assert written[0] == tmp_path / name and len(written) == 1 + len(draw.sections(long_map))
    assert all(p.suffix == ".svg" for p in written[1:])
    for picture in written:
        links = re.findall(r'xlink:href="([^"#]+)"', picture.read_text(encoding="utf-8"))
        assert links, picture
        for link in links:
            assert (picture.parent / link).resolve() in {p.resolve() for p in written}, (picture, link)


@needs_dot
def test_an_overview_with_and_one_without_its_suffix_keep_their_own_section_pictures(long_map, tmp_path):
    """``pic`` and ``pic.svg`` side by side: each overview's section pictures link back to it, not to the other."""
    for name in ("pic", "pic.svg", "pic"):
        draw.render(long_map, tmp_path / name, format="svg")
    for name in ("pic", "pic.svg"):
        overview = (tmp_path / name).read_text(encoding="utf-8")
        links = sorted(set(re.findall(r'xlink:href="([^"#]+)"', overview)))
        folders = {Path(link).parent for link in links}
        assert len(folders) == 1 and len(links) == len(draw.sections(long_map))
        for link in links:
            picture = (tmp_path / link).read_text(encoding="utf-8")
            assert f'xlink:href="../{name}"' in picture
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pic", "pic.sections", "pic.svg", "pic.svg.sections"]


@needs_dot
@pytest.mark.parametrize("name", ["out", "out.v2"])
def test_convert_to_a_picture_named_without_its_suffix_says_what_it_writes(long_map, tmp_path, name):
    (tmp_path / "harbours.json").write_text(write(long_map, "json"), encoding="utf-8")
    result = runner.invoke(app, ["convert", str(tmp_path / "harbours.json"), "--to", "svg", "-o", str(tmp_path / name)])
    assert result.exit_code == 0, result.output
    section = tmp_path / f"{name}.svg.sections" / "section-01.svg"
    found = draw.sections(long_map)
    # one line for the picture and one for its folder of section pictures, as render and analyze say it
    assert result.stdout.splitlines() == [f"wrote {tmp_path / name}",
                                          f"wrote {len(found)} section pictures in {section.parent}{os.sep}"]
    assert f'xlink:href="../{name}"' in section.read_text(encoding="utf-8")
    help_text = " ".join(runner.invoke(app, ["convert", "--help"]).output.replace("│", " ").split())
    assert "brief.sections/" in help_text and "linking back to the file -o names" in help_text


@needs_dot
@pytest.mark.parametrize("command", [["render", "{map}", "-o", "{out}/map.svg"],
                                     ["convert", "{map}", "--to", "svg", "-o", "{out}/map.svg"],
                                     ["analyze", "{brief}", "-f", "svg", "-o", "{out}/map.svg", "-q"]])
def test_an_old_section_picture_that_cannot_be_removed_is_a_warning(long_map, tmp_path, command):
    """The new pictures are whole and link to none of the old ones: the run succeeds and says what it left."""
    (tmp_path / "harbours.json").write_text(write(long_map, "json"), encoding="utf-8")
    (tmp_path / "harbours.md").write_text(long_brief(12, 9), encoding="utf-8")
    out = tmp_path / "out"
    stuck = out / "map.sections" / "section-99.svg"
    stuck.mkdir(parents=True)  # a directory: no unlink removes it, not even root's
    args = [a.format(map=tmp_path / "harbours.json", brief=tmp_path / "harbours.md", out=out) for a in command]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Error" not in result.stderr
    assert result.stderr.startswith("Warning: cannot remove the old section picture") and str(stuck) in result.stderr
    found = draw.sections(long_map)
    assert sorted(p.name for p in stuck.parent.iterdir()) == sorted(
        [f"section-{s.number:02d}.svg" for s in found] + [stuck.name])
    assert "section-99" not in (out / "map.svg").read_text(encoding="utf-8")


@needs_dot
def test_the_library_says_which_old_section_pictures_it_left(long_map, tmp_path):
    stuck = tmp_path / "map.sections" / "section-99.svg"
    stuck.mkdir(parents=True)
    left = []
    written = draw.render(long_map, tmp_path / "map.svg", problems=left)
    assert [p.path for p in left] == [stuck] and len(written) == 1 + len(draw.sections(long_map))
    with pytest.raises(OutputError, match="section-99.svg"):  # no list to say it in: raised, after the writing
        draw.render(long_map, tmp_path / "map.svg")
    assert all(Path(p).exists() for p in written)


@needs_dot
@pytest.mark.parametrize("fmt", ["svg", "json"])
def test_convert_to_a_directory_is_refused_before_anything_is_written(long_map, tmp_path, fmt):
    (tmp_path / "harbours.json").write_text(write(long_map, "json"), encoding="utf-8")
    (tmp_path / "out").mkdir()
    result = runner.invoke(app, ["convert", str(tmp_path / "harbours.json"), "--to", fmt, "-o", str(tmp_path / "out")])
    assert result.exit_code == OutputError.exit_code
    assert result.stderr == f"Error: {tmp_path / 'out'} is a directory: give a file name\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["harbours.json", "out"] and not any((tmp_path / "out").iterdir())


def _readable(svg: str) -> None:
    """Drawn at 100 %: no scaling, and no text below 8 pt (boxes 10 pt, evidence and legend 9 pt)."""
    assert re.search(r'transform="scale\(1 1\)', svg)
    sizes = [float(x) for x in re.findall(r'font-size="([\d.]+)"', svg)]
    assert sizes and min(sizes) >= 8  # 8 pt only for the cue on an arrow


@needs_dot
def test_no_map_is_too_many_to_draw(tmp_path):
    amap = argmap.analyze(long_brief(40, 17))
    assert len(amap.nodes) > 2000
    written, problems = write_outputs(amap, tmp_path, ["json", "svg"], stem="big.md")
    assert problems == []
    pictures = [p for p in written if p.suffix == ".svg"]
    assert len(pictures) == 1 + len(draw.sections(amap))
    drawn = set()
    for path in pictures:
        svg = path.read_text(encoding="utf-8")
        _readable(svg)
        drawn |= set(_titles(svg))
    assert {n.id for n in amap.nodes} <= drawn


def _positions(amap, layout):
    data = json.loads(dot.digraph(amap, layout).pipe(format="json", encoding="utf-8"))
    return {o["name"]: tuple(float(v) for v in o["pos"].split(",")) for o in data["objects"] if "pos" in o}


@needs_dot
@pytest.mark.parametrize("layout", list(draw.LAYOUTS))
def test_layouts_put_the_conclusion_where_they_say(seed_map, layout):
    pos = _positions(seed_map, layout)
    supporters = [e.source for e in seed_map.edges if e.target == "MC" and e.primary]
    assert supporters
    for node in supporters:
        if layout == "top-down":  # Graphviz's y grows upwards: the conclusion on top
            assert pos["MC"][1] > pos[node][1]
        else:  # the conclusion on the left, its reasons to the right
            assert pos["MC"][0] < pos[node][0]


def test_the_default_layout_is_one_of_them():
    assert draw.DEFAULT_LAYOUT in draw.LAYOUTS


@needs_dot
def test_layout_on_the_command_line(tmp_path):
    result = runner.invoke(app, ["analyze", str(SEED), "-o", str(tmp_path), "-f", "dot,svg", "--layout", "top-down", "-q"])
    assert result.exit_code == 0, result.output
    assert "rankdir=BT" in (tmp_path / "kinu-co-24-17.dot").read_text(encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(SEED), "-o", str(tmp_path / "x"), "--layout", "sideways"])
    assert result.exit_code == UnsupportedFormat.exit_code and "left-to-right" in result.output
    assert not (tmp_path / "x").exists()


@needs_dot
def test_the_report_of_a_long_map_folds_its_section_pictures(long_map):
    from argmap.output import output_text

    page = output_text(long_map, "html")
    found = draw.sections(long_map)
    assert page.count('<details class="map-section"') == len(found)
    assert page.index('id="overview"') < page.index('id="section-1"')
    assert 'id="search"' in page and 'data-fold="close"' in page


@needs_dot
@pytest.mark.shared
def test_a_long_gao_report_renders_as_overview_and_readable_section_pictures(tmp_path):
    pytest.importorskip("pypdfium2")
    pdf = shared_path("corpora", "gao", "pdf", "gao-06-282.pdf")
    amap = argmap.analyze(pdf)
    written, problems = write_outputs(amap, tmp_path, ["svg"], stem=pdf.name)
    assert problems == [] and len(written) == 1 + len(draw.sections(amap)) > 2
    for path in written:
        svg = path.read_text(encoding="utf-8")
        _readable(svg)
        width = float(re.search(r'<svg width="([\d.]+)pt"', svg).group(1)) * 4 / 3
        assert width < 4000, (path.name, width)  # scrolled one way, not a 17,000 px strip


@needs_dot
def test_a_map_above_the_overview_size_is_drawn_in_sections_not_refused(tmp_path, monkeypatch):
    import argmap.formats.dot as dot
    import argmap.render as render

    monkeypatch.setattr(dot, "OVERVIEW_ABOVE", 2)
    amap = analyze(BRIEF)
    assert len(amap.nodes) > 2
    written, problems = write_outputs(amap, tmp_path, ["json", "svg"], stem="brief.md")
    assert problems == []
    names = sorted(p.relative_to(tmp_path).as_posix() for p in written)
    assert "brief.json" in names and "brief.svg" in names
    assert [n for n in names if "section" in n] == [f"brief.sections/section-{i:02d}.svg"
                                                    for i in range(1, len(render.sections(amap)) + 1)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.json", "brief.sections", "brief.svg"]
    assert "section_1" in render.svg_string(amap)


@needs_dot
def test_a_long_map_named_by_o_keeps_its_section_pictures_in_a_folder_and_says_where(long_map, tmp_path):
    source = tmp_path / "in" / "harbours.json"
    source.parent.mkdir()
    source.write_text(write(long_map, "json"), encoding="utf-8")
    result = runner.invoke(app, ["render", str(source), "-o", str(tmp_path / "out" / "map.svg")])
    assert result.exit_code == 0, result.output
    found = draw.sections(long_map)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["map.sections", "map.svg"]
    assert sorted(p.name for p in (tmp_path / "out" / "map.sections").iterdir()) == [
        f"section-{s.number:02d}.svg" for s in found]
    assert f"wrote {tmp_path / 'out' / 'map.svg'}" in result.stdout
    assert f"wrote {len(found)} section pictures in {tmp_path / 'out' / 'map.sections'}" in result.stdout
    assert "section-01" not in result.stdout


@needs_dot
def test_a_file_where_the_section_folder_goes_fails_the_render_with_nothing_written(long_map, tmp_path):
    source = tmp_path / "harbours.json"
    source.write_text(write(long_map, "json"), encoding="utf-8")
    (tmp_path / "Pic.sections").write_text("in the way", encoding="utf-8")
    result = runner.invoke(app, ["render", str(source), "-o", str(tmp_path / "Pic.svg")])
    assert result.exit_code == 8, result.output
    assert "Pic.sections" in result.output and "not a directory" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Pic.sections", "harbours.json"]


@needs_dot
def test_rendering_again_removes_the_section_pictures_the_new_set_does_not_replace(long_map, tmp_path):
    folder = tmp_path / "map.sections"
    folder.mkdir()
    for name in ("section-99.svg", "section-99.png", "notes.txt"):
        (folder / name).write_text("old", encoding="utf-8")
    written = draw.render(long_map, tmp_path / "map.svg")
    found = draw.sections(long_map)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"section-{s.number:02d}.svg" for s in found] + ["section-99.png", "notes.txt"])
    assert len(written) == 1 + len(found)
