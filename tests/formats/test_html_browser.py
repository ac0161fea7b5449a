"""The HTML report in a real browser: Debian's Chromium, driven headless by Playwright.

Skipped when /usr/bin/chromium or the playwright package is absent (CI installs both). Playwright's
own browser download is never used: the system Chromium is launched by path.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SEED, needs_dot

CHROMIUM = os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = [
    needs_dot,
    pytest.mark.skipif(not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)),
                       reason=f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    import argmap
    from argmap.output import write_outputs

    out = tmp_path_factory.mktemp("reports")
    paths = {}
    for name, source in (("seed", SEED), ("hostile", FIXTURES / "report" / "hostile.md")):
        written, problems = write_outputs(argmap.analyze(source), out, ["html"], stem=source.name)
        assert not problems
        paths[name] = written[0]
    return paths


def _open(browser, path, **context):
    ctx = browser.new_context(viewport={"width": 1500, "height": 950}, **context)
    page = ctx.new_page()
    events = {"dialogs": [], "errors": [], "requests": []}
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("console", lambda m: events["errors"].append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: events["requests"].append(r.url) if not r.url.startswith("file:") else None)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=15000)
    return ctx, page, events


def test_click_a_node_highlights_its_sentence(browser, reports):
    ctx, page, events = _open(browser, reports["seed"])
    try:
        node = page.evaluate(
            "() => Array.from(document.querySelectorAll('.unit[data-node]'))"
            ".find(e => e.textContent.startsWith('Fourth,')).getAttribute('data-node')")
        page.click(f'#map g.node[data-node="{node}"]')
        sentence = page.locator(f'#text .unit[data-node="{node}"]')
        assert "hl" in sentence.get_attribute("class").split()
        assert sentence.inner_text().startswith("Fourth,")
        assert page.locator("#text .unit.hl").count() == 1
        assert sentence.is_visible()
        # the sentence was scrolled into the text pane's view
        box, pane = sentence.bounding_box(), page.locator("#text").bounding_box()
        assert pane["y"] <= box["y"] <= pane["y"] + pane["height"]
        # hovering shows the details: type, rule, hedge
        details = page.locator("#details")
        assert details.is_visible()
        text = details.inner_text()
        assert "premise" in text and "rule" in text and "hedge" in text and "enumeration-item" in text
        # zoom in once and come back through the text, so the picture shows both sides
        page.click('[data-zoom="in"]')
        sentence.click()
        assert "hl" in page.locator(f'#map g.node[data-node="{node}"]').get_attribute("class").split()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report-kinu-co-24-17.png"))
        assert (ARTIFACTS / "report-kinu-co-24-17.png").stat().st_size > 10_000
        assert events["errors"] == [] and events["requests"] == [] and events["dialogs"] == []
    finally:
        ctx.close()


def test_click_a_sentence_highlights_its_node(browser, reports):
    ctx, page, events = _open(browser, reports["seed"])
    try:
        sentence = page.locator("#text .unit.t-recommendation").first
        node = sentence.get_attribute("data-node")
        sentence.click()
        assert "hl" in page.locator(f'#map g.node[data-node="{node}"]').get_attribute("class").split()
        assert page.get_attribute("body", "data-selected") == node
        page.keyboard.press("Escape")
        assert page.locator(".hl").count() == 0 and not page.locator("#details").is_visible()
        # evidence hover lists the footnote under the sentence that cites it
        cited = page.locator("#text sup.cite a").first
        citing = page.evaluate("(a) => a.parentElement.previousElementSibling.getAttribute('data-node')",
                               cited.element_handle())
        page.locator(f'#text .unit[data-node="{citing}"]').hover()
        assert "evidence" in page.locator("#details").inner_text()
    finally:
        ctx.close()


def test_a_finding_selects_its_unit(browser, reports):
    ctx, page, _ = _open(browser, reports["seed"])
    try:
        page.click("details.findings summary")
        finding = page.locator("details.findings li.finding").first
        node = finding.get_attribute("data-node")
        finding.click()
        assert "hl" in page.locator(f'#map g.node[data-node="{node}"]').get_attribute("class").split()
        assert "hl" in page.locator(f'#text .unit[data-node="{node}"]').get_attribute("class").split()
    finally:
        ctx.close()


def test_filter_by_type_dims_map_and_text(browser, reports):
    ctx, page, _ = _open(browser, reports["seed"])
    try:
        premises = page.locator("#map g.node.t-premise")
        assert premises.count() > 5
        page.uncheck('.filter input[data-type="premise"]')
        assert page.locator("#map g.node.t-premise.dim").count() == premises.count()
        assert page.locator("#map g.node.t-claim.dim").count() == 0
        assert page.locator("#text .unit.t-premise.dim").count() == page.locator("#text .unit.t-premise").count()
        page.check('.filter input[data-type="premise"]')
        assert page.locator(".dim").count() == 0
    finally:
        ctx.close()


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_a_hostile_brief_runs_no_script(browser, reports, bypass_csp):
    # with the CSP switched off, escaping alone must keep every payload inert
    ctx, page, events = _open(browser, reports["hostile"], bypass_csp=bypass_csp)
    try:
        page.click("#text .unit[data-node]")  # the page's own script works
        page.hover("#map g.node")
        page.wait_for_timeout(300)
        assert events["dialogs"] == []
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0
        assert page.evaluate("() => document.scripts.length") == 2
        assert page.evaluate("() => Array.from(document.querySelectorAll('*'))"
                             ".filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length") == 0
        text = page.inner_text("#text")
        assert "<script>alert(2)</script>" in text
        assert '"><img src=x onerror=alert(3)>' in text
        assert "<script>alert(1)</script>" in page.inner_text("#doc-title")
        assert events["requests"] == []
    finally:
        ctx.close()


# --- long reports, search, folding, fit ------------------------------------------------------
@pytest.fixture(scope="module")
def long_report(tmp_path_factory):
    import argmap
    from argmap.output import write_outputs
    from conftest import long_brief

    out = tmp_path_factory.mktemp("long")
    written, problems = write_outputs(argmap.analyze(long_brief(12, 9)), out, ["html"], stem="harbours.md")
    assert not problems
    return written[0]


def _picture_and_pane(page, selector="#map svg"):
    return page.evaluate("(sel) => { const s = document.querySelector(sel).getBoundingClientRect();"
                         " const m = document.querySelector('#map'); return [s.width, s.height, m.clientWidth, m.clientHeight]; }",
                         selector)


@pytest.mark.parametrize("which", ["seed", "long"])
def test_fit_shows_the_whole_picture_both_ways(browser, reports, long_report, which):
    ctx, page, events = _open(browser, reports["seed"] if which == "seed" else long_report)
    try:
        page.click('[data-zoom="in"]')
        page.click('[data-zoom="in"]')
        page.click('[data-zoom="fit"]')
        width, height, pane_width, pane_height = _picture_and_pane(page)
        assert width <= pane_width + 1 and height <= pane_height + 1
        assert width >= pane_width - 10 or height >= pane_height - 10  # and as large as the pane allows
        assert events["errors"] == []
    finally:
        ctx.close()


def test_the_overview_opens_a_section_picture(browser, long_report):
    ctx, page, events = _open(browser, long_report)
    try:
        assert page.locator("#map details.map-section[open]").count() == 0
        page.click('#map .overview g.node[data-section="3"]')
        section = page.locator("#section-3")
        assert section.get_attribute("open") is not None
        assert section.locator("g.node").count() > 5
        # drawn at 100 %: a box's text is as large as the page's own small print
        heights = page.evaluate("() => Array.from(document.querySelectorAll('#section-3 g.node text'))"
                                ".slice(0, 20).map(t => t.getBoundingClientRect().height)")
        assert heights and min(heights) >= 11
        # a unit of that section selected from the text lights up in its picture
        node = section.locator("g.node[data-node]").first.get_attribute("data-node")
        page.locator(f'#text .unit[data-node="{node}"]').click()
        assert "hl" in section.locator(f'g.node[data-node="{node}"]').get_attribute("class").split()
        page.click('[data-fold="close"]')
        assert page.locator("#map details.map-section[open]").count() == 0
        page.click('[data-fold="open"]')
        assert page.locator("#map details.map-section[open]").count() == page.locator("#map details.map-section").count()
        assert events["errors"] == []
    finally:
        ctx.close()


def test_sections_of_the_text_fold_and_unfold(browser, reports):
    ctx, page, events = _open(browser, reports["seed"])
    try:
        heading = page.locator("#text h3.doc-heading").first
        first_unit = page.evaluate("(h) => h.nextElementSibling.querySelector('.unit').getAttribute('data-node')",
                                   heading.element_handle())
        unit = page.locator(f'#text .unit[data-node="{first_unit}"]')
        assert unit.is_visible()
        heading.locator("button.fold").click()
        assert not unit.is_visible()
        # selecting the unit from the map unfolds its section
        page.click(f'#map g.node[data-node="{first_unit}"]')
        assert unit.is_visible()
        page.click('[data-fold="close"]')
        assert not unit.is_visible()
        page.click('[data-fold="open"]')
        assert unit.is_visible()
        assert events["errors"] == []
    finally:
        ctx.close()


def test_search_marks_the_units_and_goes_to_each(browser, long_report):
    ctx, page, events = _open(browser, long_report)
    try:
        page.fill("#search", "region 7 needs")
        marked = page.locator("#text .unit.match")
        assert marked.count() == 9
        assert all("region 7 needs" in marked.nth(i).inner_text() for i in range(marked.count()))
        assert "9 found" in page.inner_text("#search-count")
        page.press("#search", "Enter")
        selected = page.get_attribute("body", "data-selected")
        box = page.locator(f'#map g.node[data-node="{selected}"]')
        assert "hl" in box.get_attribute("class").split() and box.is_visible()
        assert "1 of 9" in page.inner_text("#search-count")
        page.fill("#search", "")
        assert page.locator(".match").count() == 0
        assert events["errors"] == []
    finally:
        ctx.close()


@pytest.mark.shared
def test_a_long_gao_report_reads_at_100_percent(browser, tmp_path):
    """The README's screenshot: a 43-page GAO report, its overview, a section picture opened from it."""
    pytest.importorskip("pypdfium2")
    import argmap
    from argmap.output import write_outputs
    from conftest import shared_path

    pdf = shared_path("corpora", "gao", "pdf", "gao-06-282.pdf")
    written, problems = write_outputs(argmap.analyze(pdf), tmp_path, ["html"], stem=pdf.name)
    assert not problems
    ctx, page, events = _open(browser, written[0])
    try:
        width, height, pane_width, pane_height = _picture_and_pane(page)
        assert width <= pane_width + 1 and height <= pane_height + 1  # the overview, whole
        boxes = page.locator("#map .overview g.node[data-section]")
        assert boxes.count() >= 3
        number = boxes.nth(2).get_attribute("data-section")
        boxes.nth(2).click()
        section = page.locator(f"#section-{number}")
        assert section.get_attribute("open") is not None
        node = section.locator("g.node[data-node]").nth(3).get_attribute("data-node")
        section.locator(f'g.node[data-node="{node}"]').click()
        assert "hl" in page.locator(f'#text .unit[data-node="{node}"]').get_attribute("class").split()
        heights = page.evaluate(f"() => Array.from(document.querySelectorAll('#section-{number} g.node text'))"
                                ".map(t => t.getBoundingClientRect().height)")
        assert min(heights) >= 11  # 100 %: read without zooming
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report-gao-06-282.png"))
        assert events["errors"] == [] and events["requests"] == []
    finally:
        ctx.close()
