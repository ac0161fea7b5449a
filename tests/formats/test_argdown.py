"""Argdown: ``argdown json`` (``@argdown/cli``) parses our source and sees the same statements and relations."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.formats import write
from argmap.formats.argdown import escape_text, folded_evidence, statement_titles
from argmap.model import ArgumentMap
from format_readers import ARGDOWN
from hostile_maps import HOSTILE_PIECES, build_map, fold, hostile_text

needs_argdown = pytest.mark.skipif(
    ARGDOWN is None, reason="the Argdown CLI is not installed (npm install -g @argdown/cli@1.7.5; CI installs it)")


def parse(folder: Path, sources: dict[str, str]) -> dict[str, dict]:
    """Run ``argdown json`` once over several files; their JSON, by file stem."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem, text in sources.items():
        (folder / f"{stem}.argdown").write_text(text, encoding="utf-8")
    out = folder / "out"
    result = subprocess.run([ARGDOWN, "json", str(folder / "*.argdown"), str(out)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower(), result.stdout + result.stderr
    return {stem: json.loads((out / f"{stem}.json").read_text(encoding="utf-8")) for stem in sources}


def statement_texts(data: dict) -> dict[str, str]:
    texts = {}
    for title, statement in data["statements"].items():
        members = [m for m in statement.get("members", []) if m.get("text")]
        texts[title] = members[0]["text"].strip() if members else ""
    return texts


def expected(amap: ArgumentMap):
    titles = statement_titles(amap)
    folded = folded_evidence(amap)
    statements = {titles[n.id]: fold(n.text) for n in amap.nodes if n.id not in folded}
    relations = sorted((titles[e.source], titles[e.target], str(e.type)) for e in amap.edges if e.source not in folded)
    sources = {}
    for edge in amap.edges:
        if edge.source in folded:
            sources.setdefault(titles[edge.target], []).append(amap.node(edge.source).text)
    return statements, relations, sources


def check(amap: ArgumentMap, data: dict) -> None:
    statements, relations, sources = expected(amap)
    assert statement_texts(data) == statements
    assert sorted((r["from"], r["to"], r["relationType"]) for r in data["relations"]) == relations
    seen = {title: s.get("data", {}).get("sources") for title, s in data["statements"].items() if s.get("data")}
    assert seen == sources
    tags = {title: s.get("tags", []) for title, s in data["statements"].items()}
    for node in amap.nodes:
        if node.id not in folded_evidence(amap):
            assert str(node.type).replace("_", "-") in tags[statement_titles(amap)[node.id]]


@pytest.mark.parametrize(("text", "escaped"), [
    ("plain words.", "plain words."),
    ("a [b]: c", "a \\[b\\]: c"),
    ("#tag and @[A]", "\\#tag and \\@\\[A\\]"),
    ("see https://x.org", "see https\\:\\//x\\.org"),
    ("U.A.E. :+1:", "U\\.A\\.E. \\:+1:"),
    ("a --> b", "a \\-\\-\\> b"),
    ("+ first", "\\+ first"),
    ("two\nlines", "two lines"),
    ("{a: b}", "\\{a: b\\}"),
])
def test_escape_table(text, escaped):
    assert escape_text(text) == escaped


def test_titles_are_unique_and_claims_are_titled_by_their_words(seed_map):
    titles = statement_titles(seed_map)
    assert len(set(titles.values())) == len(titles)
    assert titles["MC"].startswith("MC Implications of the")
    assert titles["S3"] == "S3"


def test_sections_become_headings(seed_map):
    text = write(seed_map, "argdown")
    headings = [line[2:] for line in text.splitlines() if line.startswith("# ")]
    assert headings == [escape_text(n.text) for n in seed_map.nodes if n.rule == "section-heading"]


@needs_argdown
def test_argdown_parses_the_example(seed_map, tmp_path):
    data = parse(tmp_path, {"brief": write(seed_map, "argdown")})["brief"]
    check(seed_map, data)
    statements, relations, _ = expected(seed_map)
    assert (len(statements), len(relations)) == (37, 37), "41 units, 4 of them footnotes written as sources"
    assert sorted(s["title"] for s in data["sections"]) == sorted(
        n.text for n in seed_map.nodes if n.rule == "section-heading")


@needs_argdown
def test_argdown_parses_every_hostile_piece(tmp_path):
    pieces = [p for p in HOSTILE_PIECES if p.strip()]
    maps = {f"m{i}": build_map(pieces[i:] + pieces[:i]) for i in range(0, len(pieces), 7)}
    parsed = parse(tmp_path, {stem: write(amap, "argdown") for stem, amap in maps.items()})
    for stem, amap in maps.items():
        check(amap, parsed[stem])


@needs_argdown
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(hostile_text(), min_size=3, max_size=6), min_size=4, max_size=4))
def test_hostile_text_survives_argdown(tmp_path_factory, batches):
    folder = tmp_path_factory.mktemp("argdown")
    maps = {f"m{i}": build_map(texts) for i, texts in enumerate(batches)}
    parsed = parse(folder, {stem: write(amap, "argdown") for stem, amap in maps.items()})
    for stem, amap in maps.items():
        check(amap, parsed[stem])
