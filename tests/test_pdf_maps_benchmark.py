"""The benchmark of maps read from the CRS PDFs: dev-split briefs only, scored as ``argmap evaluate`` scores."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from conftest import CORPORA, ROOT, shared_path


def _benchmark():
    spec = importlib.util.spec_from_file_location("pdf_maps", ROOT / "benchmarks" / "pdf_maps.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("pdf_maps", module)
    spec.loader.exec_module(sys.modules["pdf_maps"])
    return sys.modules["pdf_maps"]


def test_only_dev_briefs_with_a_pdf_are_paired():
    shared_path("corpora", "crs", "pdf")
    pytest.importorskip("pypdfium2", reason="pypdfium2 is installed by the test extra")
    bench = _benchmark()
    manifest = json.loads((CORPORA / "corpus.json").read_text(encoding="utf-8"))
    split = {d["id"]: d["split"] for d in manifest["documents"]}
    found = bench.pairs()
    assert found, "the dev CRS briefs have PDFs in ../shared"
    assert all(split[entry.id] == "dev" for entry, _ in found)
    assert all(pdf.suffix == ".pdf" and pdf.exists() for _, pdf in found)


def test_a_brief_is_scored_from_its_web_text_and_from_its_pdf():
    shared_path("corpora", "crs", "pdf", "IN12682v2.pdf")
    pytest.importorskip("pypdfium2", reason="pypdfium2 is installed by the test extra")
    bench = _benchmark()
    (entry, pdf), = bench.pairs(["crs-in12682v2"])
    row = bench.score_pair(entry, pdf, "rules")
    assert row["web_counts"]["units"][2] == row["pdf_counts"]["units"][2] == row["gold_units"]
    assert row["pdf_scores"]["unit_f1"] > 0.5  # the PDF's units are matched to the reference's by their words
    table = bench.markdown([row])
    assert "| web text |" in table and "| PDF |" in table and "crs-in12682v2" in table
