"""A report's front-page box labels ("What the Office Found") are set aside by kind; the box's text stays mapped.

The fixtures are a made-up audit office's highlights page, written here in each input format.
"""

from __future__ import annotations

import io

import pytest

import argmap
from argmap.cues import load_lexicon
from argmap.model import NodeType
from pdf_pages import draw_pdf

TITLE = "Clinic Levy: The County Should Repeal It"
BOXES = [
    ("What the Audit Office Found", [
        "The levy raised less than forecast in each of the last three years.",
        "Its costs rose faster than its yield, because collection moved online.",
    ]),
    ("Why the Audit Office Did This Study", [
        "The council asked for a review of the levy after two years of shortfalls.",
    ]),
    ("What the Audit Office Recommends", [
        "The council should repeal the levy before the next budget is drawn up.",
    ]),
]
LABELS = [label for label, _ in BOXES]
SENTENCES = [s for _, sentences in BOXES for s in sentences]


def _markdown() -> str:
    parts = [f"# {TITLE}", "## Highlights"]
    for label, sentences in BOXES:
        parts += [f"### {label}", " ".join(sentences)]
    return "\n\n".join(parts) + "\n"


def _html() -> bytes:
    body = f"<h1>{TITLE}</h1><h2>Highlights</h2>" + "".join(
        f"<h3>{label}</h3><p>{' '.join(sentences)}</p>" for label, sentences in BOXES)
    return f"<!DOCTYPE html><html><head><title>{TITLE}</title></head><body>{body}</body></html>".encode()


def _docx() -> bytes:
    docx = pytest.importorskip("docx", reason="python-docx is installed by the test extra")
    d = docx.Document()
    d.add_heading(TITLE, 0)
    d.add_heading("Highlights", 1)
    for label, sentences in BOXES:
        d.add_heading(label, 2)
        d.add_paragraph(" ".join(sentences))
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _pdf() -> bytes:
    pytest.importorskip("fpdf", reason="fpdf2 draws the test PDFs (test extra)")
    page, y = [(40, 80, TITLE, 18, True), (40, 120, "Highlights", 14, True)], 160
    for label, sentences in BOXES:
        page.append((40, y, label, 12, True))
        y += 22
        for sentence in sentences:
            page.append((40, y, sentence, 10, False))
            y += 14
        y += 16
    return draw_pdf([page])


FORMATS = {"md": lambda: _markdown().encode(), "html": _html, "docx": _docx, "pdf": _pdf}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_box_labels_are_set_aside_by_kind_and_their_text_stays_mapped(fmt):
    amap = argmap.analyze(FORMATS[fmt](), name=f"highlights.{fmt}", lang="en")
    texts = {n.text: n for n in amap.nodes}
    for label in LABELS + ["Highlights"]:
        assert label not in texts, f"{label!r} is mapped as a {texts[label].type}"
    box_labels = [x["text"] for x in amap.set_aside if x["kind"] == "box-label"]
    assert sorted(box_labels) == sorted(LABELS + ["Highlights"])
    for sentence in SENTENCES:
        assert sentence in texts, f"{sentence!r} is not mapped"
    assert [n.text for n in amap.by_type(NodeType.RECOMMENDATION)] == [SENTENCES[-1]]


def test_a_boxs_sentences_serve_the_claim_above_as_a_generic_headings_would():
    """Under a box label the sentences hang where they would under "Overview": the label adds no claim."""
    boxed = argmap.analyze(_markdown(), name="boxed.md", lang="en")
    generic = argmap.analyze(_markdown().replace("What the Audit Office Found", "Overview"), name="generic.md", lang="en")

    def shape(amap):
        text = {n.id: n.text for n in amap.nodes}
        return sorted((text[e.source], str(e.type), text[e.target]) for e in amap.edges)

    assert shape(boxed) == shape(generic)
    kinds = {x["text"]: x["kind"] for x in generic.set_aside}
    assert kinds["Overview"] == "generic-heading" and kinds["Why the Audit Office Did This Study"] == "box-label"


@pytest.mark.parametrize("heading,label", [
    ("What GAO Found", True), ("Why We Did This Study", True), ("What the Inspector General Recommends:", True),
    ("At a Glance", True), ("2. Highlights", True),
    ("What the Agency Must Fix", False), ("What Congress Found in 2020 Was a Shortfall of Funds", False),
    ("Findings of the Office", False), ("Recommendations", False),
])
def test_a_box_label_is_told_by_its_shape_with_a_slot_for_the_publishers_name(heading, label):
    assert load_lexicon("en").is_box_label(heading) is label


@pytest.mark.parametrize("heading,label", [
    ("Was der Rechnungshof empfiehlt", True), ("Was wir festgestellt haben", False),
    ("Was der Rechnungshof festgestellt hat", True), ("Auf einen Blick", True), ("Was die Regierung tun muss", False),
])
def test_german_box_labels(heading, label):
    assert load_lexicon("de").is_box_label(heading) is label
