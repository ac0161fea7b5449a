"""The PDF fidelity benchmark's furniture detector: precise (a running head's words inside prose are
no leak) and still sensitive (the repeated line itself in a unit, or a page number alone, is)."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import ROOT
from pdf_pages import draw_pdf


def _benchmark():
    spec = importlib.util.spec_from_file_location("pdf_fidelity", ROOT / "benchmarks" / "pdf_fidelity.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("pdf_fidelity", module)  # its dataclasses look their module up by name
    spec.loader.exec_module(sys.modules["pdf_fidelity"])
    return sys.modules["pdf_fidelity"]


HEAD = "Harbour Dredging Programme"
FOOT = "Policy Research Service"
SENTENCES = ["Silt fills the channel faster than the budget allows.", "Ships wait at anchor for the tide.",
             "Two dredgers serve four ports.", "The port authority asks for a third.",
             "Insurers raise premiums for late cargo.", "Fishermen lose a season to closures."]


def _pages(n: int) -> list:
    pages = []
    for k in range(1, n + 1):
        body = [(72, 120 + 16 * i, text, 11, False) for i, text in enumerate(SENTENCES[k % 6:] + SENTENCES[:k % 6])]
        pages.append([(72, 40, HEAD, 8, False)] + body + [(72, 760, f"{FOOT} {k}", 8, False)])
    return pages


def test_the_detector_finds_the_running_lines_of_a_pdf(tmp_path):
    pytest.importorskip("pypdfium2", reason="pypdfium2 is installed by the test extra")
    pytest.importorskip("fpdf", reason="fpdf2 is installed by the test extra")
    bench = _benchmark()
    path = tmp_path / "report.pdf"
    path.write_bytes(draw_pdf(_pages(6)))
    assert bench.furniture_lines(path) == {"harbour dredging programme", "policy research service #"}


def test_leaks_are_the_repeated_lines_and_page_numbers_not_their_words_in_prose():
    bench = _benchmark()
    furniture = {"harbour dredging programme", "policy research service #"}
    reference = ["The Harbour Dredging Programme", "The Harbour Dredging Programme costs more each year.",
                 "Dredging began in 2019 and was cut in 2021."]
    clean_reading = ["The Harbour Dredging Programme", "The Harbour Dredging Programme costs more each year.",
                     "Dredging began in 2019 and was cut in 2021."]
    assert bench.leaked_furniture(clean_reading, reference, furniture, "Harbour Dredging") == []
    leaking = ["The Harbour Dredging Programme", "The Harbour Dredging Programme costs more each year.",
               "Dredging began in 2019 Policy Research Service 3 Harbour Dredging Programme and was cut in 2021.",
               "4"]
    assert sorted(bench.leaked_furniture(leaking, reference, furniture, "Harbour Dredging")) == [
        "harbour dredging programme", "page number #", "policy research service #"]


def test_the_old_substring_rule_would_have_counted_the_heading():
    """The regression the detector was made precise for: a heading naming what the running head names."""
    bench = _benchmark()
    furniture = {"harbour dredging programme"}
    texts = ["Costs of the Harbour Dredging Programme since 2019"]
    assert bench.leaked_furniture(texts, texts, furniture) == []


def test_a_naive_reading_leaks_every_running_line_and_argmaps_none(tmp_path):
    """Each page's text as one block (a reader that keeps the page furniture) leaks the head and the
    foot of every page; argmap's reading of the same PDF leaks none."""
    pytest.importorskip("pypdfium2", reason="pypdfium2 is installed by the test extra")
    pytest.importorskip("fpdf", reason="fpdf2 is installed by the test extra")
    import pypdfium2

    from argmap.clean import clean
    from argmap.read import read_document

    bench = _benchmark()
    path = tmp_path / "report.pdf"
    path.write_bytes(draw_pdf(_pages(6)))
    furniture = bench.furniture_lines(path)
    pdf = pypdfium2.PdfDocument(str(path))
    naive = [page.get_textpage().get_text_range() for page in pdf]
    pdf.close()
    leaks = bench.leaked_furniture(naive, SENTENCES, furniture)
    assert sorted(leaks) == ["harbour dredging programme"] * 6 + ["policy research service #"] * 6
    document = clean(read_document(path))
    texts = [b.text(document.text) for b in document.blocks if b.kind in ("heading", "paragraph", "list_item")]
    assert texts and bench.leaked_furniture(texts, SENTENCES * 6, furniture) == []
