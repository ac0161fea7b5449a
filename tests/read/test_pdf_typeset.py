"""The example brief typeset by a real engine (WeasyPrint's CSS paged media) maps as its Markdown does.

The layout is the one real PDFs have: footnotes floated to the foot of the page that cites them,
sentences running across page breaks and under the notes, a running header and page numbers,
the byline right above the first paragraph, and the last paragraph set just above the copyright
and disclaimer lines.
"""

from __future__ import annotations

import re

import pytest

import argmap
from conftest import SEED, shared_path

import _render
from test_readers import _figures, _score

pytest.importorskip("pypdfium2")
try:
    import weasyprint  # noqa: F401
except (ImportError, OSError) as exc:  # OSError: the Pango libraries it needs are not installed
    pytest.skip(f"WeasyPrint typesets the fixture and is not usable here ({exc})"[:200], allow_module_level=True)


@pytest.fixture(scope="module")
def typeset():
    if _render.find_fonts() is None:
        pytest.skip("the DejaVu fonts the fixture is set in are not installed (fonts-dejavu-core)")
    brief = _render.parse(SEED.read_text(encoding="utf-8"))
    return brief, _render.to_typeset_pdf(brief)


def _pages(data: bytes) -> list[str]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def test_the_typeset_fixture_has_the_layout_cases(typeset):
    brief, data = typeset
    pages = _pages(data)
    assert len(pages) >= 3
    # every note stands on a page foot, on the page that cites it, not at the end of the text
    compact = [re.sub(r"\s+", "", p) for p in pages]
    note_pages = [next(i for i, p in enumerate(compact) if re.sub(r"\s+", "", text)[:20] in p)
                  for text in brief.notes.values()]
    assert len(set(note_pages)) >= 2
    # a sentence runs across a page break: some page's last body line stops mid-sentence
    assert any(not re.search(r"[.!?:;…][”’\"')\d]*$", [l for l in p.splitlines() if l.strip()][-3])
               for p in pages[:-1])
    # the closing paragraph stands on the page of the copyright and the disclaimer
    last = pages[-1]
    assert "©" in last and "※" in last and "humanitarian responsibility" in last


@pytest.mark.shared
def test_the_typeset_example_maps_within_three_points_of_its_markdown(typeset, seed_map, tmp_path):
    _, data = typeset
    gold = shared_path("gold", "kinu-co-24-17.json")
    amap = argmap.analyze(data, name="kinu-co-24-17.pdf")
    reference = _figures(_score(gold, seed_map, tmp_path, "markdown"))
    figures = _figures(_score(gold, amap, tmp_path, "typeset"))
    for key, value in reference.items():
        assert abs(figures[key] - value) <= 0.03, (key, figures[key], value)


def test_the_typeset_example_keeps_its_closing_claims_and_sets_the_furniture_aside(typeset):
    _, data = typeset
    amap = argmap.analyze(data, name="kinu-co-24-17.pdf")
    texts = [n.text for n in amap.nodes]
    assert any("should collaborate with the international community" in t for t in texts)
    assert any("must maintain a strong sense of humanitarian responsibility" in t for t in texts)
    assert not any("©" in t or "※" in t or "Online Series  |" in t for t in texts)
    assert not any(t.startswith("Tak, Minji") or "Research Associate" in t for t in texts)
    assert amap.metadata.copyright and amap.metadata.disclaimer
