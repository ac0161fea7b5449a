"""The HTML report without a browser: one offline file, escaped text, a safe SVG, a strict CSP."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from html.parser import HTMLParser

import pytest

import argmap
from argmap.audit import Finding, audit
from argmap.formats import FORMATS, write
from argmap.formats.html import document_html, sanitize_svg
from argmap.model import NodeType
from argmap.output import write_outputs
from conftest import FIXTURES, needs_dot

HOSTILE = FIXTURES / "report" / "hostile.md"


class _Page(HTMLParser):
    """Every start tag with its attributes, and the text of each script/style element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.raw:
            self._in = tag
            self.raw[tag].append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.raw[self._in][-1] += data


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


@pytest.fixture(scope="module")
def seed_html(seed_map):
    return write(seed_map, "html", findings=audit(seed_map))


@pytest.fixture(scope="module")
def hostile_html():
    amap = argmap.analyze(HOSTILE)
    return write(amap, "html", findings=audit(amap))


def test_registered_as_an_exporter():
    assert FORMATS["html"].suffix == ".html"
    assert FORMATS["html"].writer == "argmap.formats.html:write_html" and "findings" in FORMATS["html"].options


@needs_dot
def test_the_report_shows_the_findings_it_is_given_and_runs_no_audit(seed_map, monkeypatch):
    import argmap.audit

    def no_audit(*args, **kwargs):
        raise AssertionError("the HTML writer ran the audit")

    monkeypatch.setattr(argmap.audit, "audit", no_audit)
    finding = Finding("warning", "made-up-code", "a finding the caller made", node=seed_map.nodes[0].id)
    page = write(seed_map, "html", findings=[finding])
    assert "made-up-code" in page and "a finding the caller made" in page
    assert "made-up-code" not in write(seed_map, "html") and 'class="findings"' not in write(seed_map, "html")


@needs_dot
def test_write_outputs_writes_stem_html(seed_map, tmp_path):
    written, problems = write_outputs(seed_map, tmp_path, ["html"], stem="kinu-co-24-17.md")
    assert problems == [] and written == [tmp_path / "kinu-co-24-17.html"]
    assert written[0].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@needs_dot
def test_every_unit_is_in_the_text_and_in_the_map(seed_map, seed_html):
    page = _parse(seed_html)
    in_text = {a["data-node"] for t, a in page.tags if t == "span" and "unit" in a.get("class", "")}
    assert in_text == {n.id for n in seed_map.nodes}
    titles = set(re.findall(r"<title>([^<]+)</title>", seed_html))
    assert {n.id for n in seed_map.nodes} <= titles


@needs_dot
def test_self_contained_and_offline(seed_html):
    page = _parse(seed_html)
    assert not [t for t, a in page.tags if t in ("link", "img", "iframe", "object", "embed", "base")]
    assert not [a for t, a in page.tags if "src" in a]
    external = [a["href"] for t, a in page.tags if "href" in a and not a["href"].startswith("#")]
    assert external == []
    assert "http://www.w3.org" not in re.sub(r'xmlns(:\w+)?="[^"]*"', "", seed_html.split("<svg", 1)[1].split("</svg>")[0])


@needs_dot
def test_csp_allows_exactly_the_page_script_and_style(seed_html):
    page = _parse(seed_html)
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == "'none'"
    scripts = [(a, body) for (t, a), body in zip([x for x in page.tags if x[0] == "script"], page.raw["script"])]
    code = [body for a, body in scripts if a.get("type") != "application/json"]
    assert len(code) == 1
    assert directives["script-src"] == f"'{_hash(code[0])}'"
    assert directives["style-src"] == f"'{_hash(page.raw['style'][0])}'"
    assert "unsafe" not in csp
    for name in ("connect-src", "img-src", "object-src", "base-uri", "form-action"):
        assert directives[name] == "'none'"


@needs_dot
def test_the_default_maps_details_give_each_decisions_score_and_features(seed_map, seed_rules_map):
    """The default map is the learned layer's: a unit's details say its score and the features that weighed
    most, for its type and its place; the rules' map has none to show."""
    import json

    from argmap.learn.why import learned_reason

    def data(amap):
        page = write(amap, "html")
        found = re.search(r'<script type="application/json" id="argmap-data">(.*?)</script>', page, re.S)
        return json.loads(found.group(1))["nodes"]

    shown = data(seed_map)
    for node in seed_map.nodes:
        assert shown[node.id]["learned"] == learned_reason(node.score, node.why)
        assert shown[node.id]["learned"].startswith("score ")
        if seed_map.parent_of(node.id) is not None:
            assert shown[node.id]["parent"]["learned"].startswith("score ")
    assert all(item["learned"] is None for item in data(seed_rules_map).values())


def test_deterministic(seed_map, seed_html):
    assert write(seed_map, "html", findings=audit(seed_map)) == seed_html


@needs_dot
def test_metadata_header_and_legend(seed_html):
    head = seed_html.split("</header>")[0]
    for text in ("Tak, Minji", "2024-02-22", "CO 24-17", "major claim", "recommendation", "attack", "Audit:"):
        assert text in head


@needs_dot
def test_hostile_text_is_escaped_everywhere(hostile_html):
    page = _parse(hostile_html)
    assert [t for t, a in page.tags if t == "img"] == []
    assert len([t for t, a in page.tags if t == "script"]) == 2  # the data block and the page's own script
    assert not [a for t, a in page.tags if any(k.startswith("on") for k in a)]
    assert not [a for t, a in page.tags if any("javascript:" in (v or "") for v in a.values())]
    for body in page.raw["script"]:
        assert "alert(" not in body.replace("\\u003c", "<") or body.lstrip().startswith("{")
    data = page.raw["script"][0]
    assert "<" not in data and ">" not in data  # JSON escaped for the script block
    # the words are still there, as text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in hostile_html
    assert "&quot;&gt;&lt;img src=x onerror=alert(3)&gt;" in hostile_html


@pytest.mark.parametrize("payload", [
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><g><text>a</text></g></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><g/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><img src="x" onerror="alert(1)"/></foreignObject></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<a xlink:href="javascript:alert(1)" href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><style>*{background:url(http://x)}</style><g style="x:y"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><text>&lt;script&gt;alert(1)&lt;/script&gt;</text></svg>',
])
def test_sanitize_svg_keeps_drawing_only(payload):
    clean = sanitize_svg(payload)
    lowered = clean.lower()
    for bad in ("<script", "onload", "onerror", "foreignobject", "javascript:", "<style", "style=", "<img", "href"):
        assert bad not in lowered, (bad, clean)
    assert lowered.startswith("<svg")


def test_sanitize_keeps_titles_and_tooltips():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><g class="node">'
           '<title>S1</title><g id="a_node1"><a xlink:title="premise: rule x; cue &quot;&gt;&lt;b&gt;">'
           '<text x="1">S1 · premise</text></a></g></g></svg>')
    clean = sanitize_svg(svg)
    assert "<title>S1</title>" in clean
    assert 'xlink:title="premise: rule x; cue &quot;&gt;&lt;b&gt;"' in clean
    assert 'class="node"' in clean


def test_document_text_dims_what_is_not_argument(seed_map):
    text = document_html(seed_map)
    assert '<span class="aside-kind">disclaimer</span>' in text
    assert '<span class="aside-kind">meta-statement</span>' in text
    # footnotes are gathered as evidence at the end, not left mid-sentence
    notes = text.split('class="notes-heading"')[1]
    assert all(f'data-node="{n.id}"' in notes for n in seed_map.by_type(NodeType.EVIDENCE))
    assert "generated through the dispatch" in text.split('class="notes-heading"')[0]


def test_set_aside_text_says_why_in_a_tooltip_and_in_text_a_screen_reader_reads(seed_map):
    from argmap.coverage import reason_of
    from argmap.rules import get

    text = document_html(seed_map)
    kinds = {item["kind"] for item in seed_map.set_aside}
    assert {"disclaimer", "meta-statement"} <= kinds
    for item in seed_map.set_aside:
        if item["kind"] == "page_break":
            continue
        why = html.escape(reason_of(item))
        assert f'<span class="aside-reason"> (set aside: {why})</span>' in text
    # a classification's set-aside item gives its rule's own description
    assert reason_of({"kind": "meta-statement"}) == get("meta-statement").description
    assert 'tabindex="0" title="set aside (disclaimer): a disclaimer"' in text
    # an item's own reason wins over its kind's
    assert reason_of({"kind": "masthead", "reason": "a line with a link"}) == "a line with a link"


def test_document_text_links_citations_to_notes(seed_map):
    text = document_html(seed_map)
    for node in seed_map.nodes:
        for label in node.cited_notes:
            note = next(n for n in seed_map.nodes if n.footnote == label)
            assert f'href="#note-{note.id}"' in text


def test_unmapped_text_is_shown_dimmed():
    amap = argmap.analyze("# A Title\n\nCities should build more homes. Rents rise when supply is short.\n")
    amap.set_aside.clear()
    amap.source_text += "\n\nA stray line that no unit holds.\n"
    text = document_html(amap)
    assert 'class="aside unmapped"' in text and "A stray line that no unit holds." in text


def test_without_graphviz_the_report_says_how_to_install_it(seed_map, monkeypatch, tmp_path):
    import graphviz
    from typer.testing import CliRunner

    from argmap.cli import app
    from argmap.errors import GraphvizNotFound
    from conftest import SEED

    def missing(*args, **kwargs):
        raise graphviz.ExecutableNotFound(("dot",))

    monkeypatch.setattr(graphviz.Digraph, "pipe", missing)
    with pytest.raises(GraphvizNotFound):
        write(seed_map, "html")
    result = CliRunner().invoke(app, ["analyze", str(SEED), "-f", "json,html", "-o", str(tmp_path), "-q"])
    assert result.exit_code == GraphvizNotFound.exit_code
    assert "Error: Graphviz's 'dot' program was not found" in result.output
    assert not (tmp_path / "kinu-co-24-17.html").exists()


@needs_dot
def test_analyze_writes_the_report(tmp_path):
    from typer.testing import CliRunner

    from argmap.cli import app
    from conftest import SEED

    result = CliRunner().invoke(app, ["analyze", str(SEED), "-f", "html", "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kinu-co-24-17.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "html" in CliRunner().invoke(app, ["analyze", str(SEED), "-f", "htm", "-o", str(tmp_path)]).output


def test_document_text_makes_anchor_words_links_and_lists_linked_sources():
    from argmap.link import link_evidence
    from argmap.model import ArgumentMap, Citation, Edge, EdgeType, Node

    source = "Access matters. The DOJ sued Uber, and the court agreed. Courts split."
    sued, agreed = source.index("sued"), source.index("agreed")
    links = [Citation.link("https://perma.cc/PY6Z?a=1&b=2", "sued", (sued, sued + 4)),
             Citation.link("javascript:alert(1)", "agreed", (agreed, agreed + 6)),
             Citation.link("https://example.org/no-words", "", None)]
    unit = "The DOJ sued Uber, and the court agreed."
    at = source.index(unit)
    amap = ArgumentMap(nodes=[Node("MC", NodeType.MAJOR_CLAIM, "Access matters.", [(0, 15)]),
                              Node("S1", NodeType.PREMISE, unit, [(at, at + len(unit))], citations=links)],
                       edges=[Edge("S1", "MC", EdgeType.SUPPORT)], source_text=source)
    page = _Page()
    page.feed(document_html(amap))
    anchors = [attrs for tag, attrs in page.tags if tag == "a"]
    hrefs = [a.get("href") for a in anchors]
    assert "https://perma.cc/PY6Z?a=1&b=2" in hrefs and "https://example.org/no-words" in hrefs
    assert not any(h and h.startswith("javascript:") for h in hrefs)  # shown, never linked
    assert all(a.get("rel") == "noopener noreferrer nofollow" for a in anchors if a.get("href", "").startswith("http"))
    assert ">sued</a>" in document_html(amap)
    link_evidence(amap)
    text = document_html(amap)
    assert "Linked sources (evidence)" in text and 'id="note-L1"' in text
