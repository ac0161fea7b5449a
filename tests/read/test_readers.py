"""PDF, HTML and DOCX readers: the example brief laid out in each format maps as its Markdown does."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile

import pytest

import argmap
from argmap.errors import CorruptInput, EmptyInput, EncryptedInput, MissingDependency, NeedsOCR, UnsupportedFormat
from argmap.model import NodeType, text_from_spans
from argmap.read import read_document, require, sniff_format
from conftest import SEED, shared_path

import _render
from pdf_pages import draw_pdf

pytest.importorskip("pypdfium2")
pytest.importorskip("docx")
pytest.importorskip("bs4")

MARKER = re.compile(r"<sup>|\[\^?\d+\]|^\d+\)")


@pytest.fixture(scope="module")
def brief():
    return _render.parse(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rendered(brief):
    fonts = _render.find_fonts()
    out = {"html": _render.to_html(brief), "docx": _render.to_docx(brief)}
    if fonts is None:
        out["pdf"] = None
    else:
        out["pdf"], out["pdf_page_ends"] = _render.to_pdf(brief, fonts)
    return out


def _score(gold, amap, tmp_path, name):
    pred = tmp_path / f"{name}.json"
    pred.write_text(json.dumps(amap.to_dict()), encoding="utf-8")
    out = subprocess.run([sys.executable, str(shared_path("tools", "score.py")), str(gold), str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _figures(score: dict) -> dict[str, float]:
    flat = {k: float(v) for k, v in score.items() if isinstance(v, (int, float)) and not isinstance(v, bool)
            and k not in ("gold_units", "pred_nodes", "matched")}
    flat.update({f"type_f1.{k}": v for k, v in score["type_f1"].items()})
    flat["major_claim_found"] = float(score["major_claim_found"])
    return flat


@pytest.mark.shared
@pytest.mark.parametrize("fmt", ["pdf", "html", "docx"])
def test_example_brief_in_each_format_maps_like_its_markdown(fmt, rendered, seed_map, tmp_path):
    gold = shared_path("gold", "kinu-co-24-17.json")
    data = rendered[fmt]
    if data is None:
        pytest.skip("the DejaVu fonts the PDF fixture is set in are not installed (fonts-dejavu-core)")
    amap = argmap.analyze(data, name=f"kinu-co-24-17.{fmt}")
    assert amap.source_format == fmt
    reference = _figures(_score(gold, seed_map, tmp_path, "markdown"))
    figures = _figures(_score(gold, amap, tmp_path, fmt))
    for key, value in reference.items():
        assert abs(figures[key] - value) <= 0.03, (key, figures[key], value)


def test_pdf_fixture_really_crosses_page_breaks_mid_sentence(rendered):
    if rendered["pdf"] is None:
        pytest.skip("the DejaVu fonts are not installed")
    ends = rendered["pdf_page_ends"]
    assert any(not re.search(r"[.!?:;…][”’\"')\d]*$", e) for e in ends), ends


@pytest.mark.parametrize("fmt", ["pdf", "html", "docx"])
def test_each_format_reads_structure_footnotes_and_metadata(fmt, rendered):
    data = rendered[fmt]
    if data is None:
        pytest.skip("the DejaVu fonts are not installed")
    amap = argmap.analyze(data, name=f"brief.{fmt}")
    meta = amap.metadata
    assert meta.title.startswith("Implications of the Large-Scale Protest")
    assert meta.author == "Tak, Minji"
    assert meta.date == "2024-02-22"
    evidence = amap.by_type(NodeType.EVIDENCE)
    assert len(evidence) == 4
    assert any("Department of State" in n.text for n in evidence)
    texts = [n.text for n in amap.nodes]
    # the sentence the page break and the footnotes cut reads whole
    assert any("The massive revenues generated through the dispatch of workers" in t for t in texts)
    assert any(t.startswith("The North Korean residents have abandoned hope") for t in texts) or any(
        "The North Korean residents have abandoned hope" in t for t in texts)
    for node in amap.nodes:
        assert not MARKER.search(node.text), node.text
        if node.type != NodeType.EVIDENCE:
            assert "Department of State" not in node.text
            assert "Online Series" not in node.text and not re.search(r"- \d+ -", node.text)
    claims = [n.text for n in amap.by_type(NodeType.CLAIM)]
    assert any(c.startswith("Overseas Workers: Modern Slavery") for c in claims)
    for node in amap.nodes:  # the spans index the text the reader extracted
        assert text_from_spans(amap.source_text, node.spans) == node.text


def test_pdf_cjk_footnote_text_survives(rendered):
    if rendered["pdf"] is None or _render.find_fonts()[2] is None:
        pytest.skip("no CJK font installed (fonts-droid-fallback)")
    doc = read_document(rendered["pdf"], name="brief.pdf")
    assert "北朝鮮労働者が中国でスト・暴動" in doc.text
    assert "『読売新聞』" in doc.text


def test_html_skips_navigation_and_footer_and_reads_the_note_list(rendered):
    doc = read_document(rendered["html"], name="brief.html")
    assert "About us" not in doc.text and "newsletter" not in doc.text and "Related briefs" not in doc.text
    assert "tracking" not in doc.text
    assert any(b.kind == "footnote" and b.label == "2" and _block_text(doc, b).startswith("Department of State")
               for b in doc.layout)
    assert "↩" not in doc.text
    assert doc.metadata.extra["html_title"] == "Brief | Example Institute"


def test_html_nested_lists_and_headings():
    page = b"""<html><body><h1>Why cities should tax land</h1><p>Land taxes are efficient.<sup><a href="#n1">1</a></sup></p>
    <h2>Reasons</h2><ul><li>They do not distort building.<ul><li>Even at high rates.</li></ul></li><li>They are hard to evade.</li></ul>
    <ol class="footnotes"><li id="n1">George, Progress and Poverty (1879). <a href="#r1">back</a></li></ol></body></html>"""
    doc = read_document(page, name="x.html")
    assert _shape(doc) == [("heading", 1, "Why cities should tax land", []),
                           ("paragraph", 0, "Land taxes are efficient.", ["1"]),
                           ("heading", 2, "Reasons", []),
                           ("list_item", 0, "They do not distort building.", []),
                           ("list_item", 1, "Even at high rates.", []),
                           ("list_item", 0, "They are hard to evade.", []),
                           ("footnote", "1", "George, Progress and Poverty (1879).", [])]
    paragraph = doc.layout[1]
    assert paragraph.citations[0].span[0] == paragraph.spans[0][1]  # the marker stands after the full stop


def test_docx_headings_lists_and_footnotes(rendered):
    doc = read_document(rendered["docx"], name="brief.docx")
    shape = _shape(doc)
    assert any(k == "heading" and level == 1 and t.startswith("Implications of the Large-Scale Protest") for k, level, t, _ in shape)
    assert any(k == "heading" and t.startswith("Overseas Workers") for k, _, t, _ in shape)
    assert any(doc.text[:c.span[0]].endswith("2,000.") for b in doc.layout for c in b.citations if c.label == "1")
    assert any(k == "footnote" and label == "2" and t.startswith("Department of State") for k, label, t, _ in shape)


def test_docx_list_paragraphs():
    import docx

    d = docx.Document()
    d.add_heading("Fund the schools", 0)
    d.add_paragraph("Three reasons follow.")
    d.add_paragraph("Teachers leave.", style="List Bullet")
    d.add_paragraph("Buildings decay.", style="List Number")
    out = io.BytesIO()
    d.save(out)
    doc = read_document(out.getvalue(), name="x.docx")
    assert _shape(doc) == [("heading", 1, "Fund the schools", []), ("paragraph", 0, "Three reasons follow.", []),
                           ("list_item", 0, "Teachers leave.", []), ("list_item", 0, "Buildings decay.", [])]


def test_docx_heading_styles_under_the_names_of_another_interface_language():
    """Word files saved by a German or French interface may name their styles so (``read/word-styles.json``)."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    for name in ("Überschrift 1", "titre 2"):
        d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("Die Schulen", style="Überschrift 1")
    d.add_paragraph("Drei Gründe folgen.")
    d.add_paragraph("Les écoles", style="titre 2")
    out = io.BytesIO()
    d.save(out)
    shape = _shape(read_document(out.getvalue(), name="x.docx"))
    assert shape == [("heading", 2, "Die Schulen", []), ("paragraph", 0, "Drei Gründe folgen.", []),
                     ("heading", 3, "Les écoles", [])]


# --- bad input ------------------------------------------------------------------------------
def _minimal_pdf(content: bytes = b"", *, image: bool = False) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if image:
        from PIL import Image

        img = Image.new("RGB", (60, 40), "white")
        pdf.image(img, x=10, y=10, w=60)
    else:
        pdf.set_font("helvetica", size=11)
        pdf.cell(text="A short claim. It has a reason.")
    return bytes(pdf.output())


def test_image_only_pdf_says_ocr_is_needed():
    with pytest.raises(NeedsOCR, match="OCR"):
        read_document(_minimal_pdf(image=True), name="scan.pdf")
    assert NeedsOCR.exit_code == EmptyInput.exit_code


def test_encrypted_pdf_is_refused_clearly():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.cell(text="Secret claim.")
    pdf.set_encryption(owner_password="owner", user_password="user")
    with pytest.raises(EncryptedInput, match="password"):
        read_document(bytes(pdf.output()), name="secret.pdf")


def test_truncated_pdf_is_refused_or_read_without_a_traceback():
    data = _minimal_pdf()
    try:
        doc = read_document(data[: len(data) // 3], name="cut.pdf")
    except (CorruptInput, EmptyInput) as exc:
        assert "cut.pdf" in str(exc)
    else:
        assert doc.text.strip()


def test_corrupt_zip_named_docx_is_refused():
    with pytest.raises(CorruptInput, match="damaged|not a"):
        read_document(b"PK\x03\x04" + b"\x00garbage" * 50, name="broken.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not word")
    with pytest.raises((CorruptInput, UnsupportedFormat)):
        read_document(buf.getvalue(), name="other.docx")


def test_legacy_doc_is_refused_with_advice():
    with pytest.raises(UnsupportedFormat, match=r"\.docx"):
        read_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, name="old.doc")


def test_text_named_pdf_is_refused():
    with pytest.raises(CorruptInput, match="not a PDF"):
        read_document(b"just some words, not a PDF at all", name="fake.pdf")


@pytest.mark.parametrize("head, fmt", [
    (b"%PDF-1.7\n", "pdf"),
    (b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"),
    ("<html><body>x</body></html>".encode("utf-16"), "html"),
    (b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>", "html"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"# A heading\n\ntext", "markdown"),
])
def test_sniffing_by_content(head, fmt):
    assert sniff_format(head, "whatever.pdf" if fmt != "markdown" else "") == fmt


def test_missing_extra_names_what_to_install():
    with pytest.raises(MissingDependency, match=r"pip install 'argmap\[pdf\]'"):
        require("pdf", "argmap_no_such_module_for_tests")


# --- the shared corpora ---------------------------------------------------------------------
@pytest.mark.shared
def test_html_page_named_pdf_is_read_as_html():
    path = shared_path("corpora", "gao", "pdf", "gao-08-1075t.pdf")
    try:
        amap = argmap.analyze(path)
    except EmptyInput as exc:  # a page without argument text is refused in one line
        assert "gao-08-1075t.pdf" in str(exc)
        return
    assert amap.source_format == "html"
    assert amap.nodes
    assert amap.metadata.extra["format_note"] == "named .pdf but read as HTML, by its content"


@pytest.fixture(scope="module")
def gao_maps():
    maps = {}
    for name in ("gao-06-282.pdf", "gao-08-587t.pdf"):
        maps[name] = argmap.analyze(shared_path("corpora", "gao", "pdf", name))
    return maps


@pytest.mark.shared
@pytest.mark.parametrize("name, headings, note, notes", [
    ("gao-06-282.pdf", ["Objectives", "Background: Benefits of Breastfeeding", "Agency Recommendation"],
     "The Senate Committee on Appropriations asked", 15),
    ("gao-08-587t.pdf", ["Overview of EAC Creation and Purpose", "Survey Background", "Overall Survey Response Rate"],
     "As noted earlier, because of the lower response rate", 1),
])
def test_gao_pdfs_headings_claims_footnotes_evidence_no_furniture(name, headings, note, notes, gao_maps):
    amap = gao_maps[name]
    claims = [n.text for n in amap.nodes if n.type in (NodeType.CLAIM, NodeType.MAJOR_CLAIM)]
    for heading in headings:
        assert any(c.startswith(heading) for c in claims), (heading, claims[:20])
    evidence = [n.text for n in amap.by_type(NodeType.EVIDENCE)]
    assert any(e.startswith(note) for e in evidence), evidence[:5]
    for node in amap.nodes:
        assert not re.search(r"\bPage \d+ GAO-", node.text), node.text
        assert not re.fullmatch(r"[\divxlc]+", node.text.strip()), node.text
        if node.type != NodeType.EVIDENCE:
            assert note not in node.text
    assert len(amap.by_type(NodeType.EVIDENCE)) >= notes


@pytest.mark.shared
def test_gao_pdf_no_running_footer_inside_any_unit(gao_maps):
    for name, amap in gao_maps.items():
        stem = name.split(".")[0].upper()
        for node in amap.nodes:
            assert not re.search(rf"Page \d+\s+{stem}", node.text, re.I), node.text


# --- messy Markdown from the shared corpora -------------------------------------------------------
@pytest.mark.shared
def test_gao_markdown_notes_leave_the_body_and_cut_sentences_are_rejoined():
    amap = argmap.analyze(shared_path("corpora", "gao", "markdown", "gao-26-109008.md"))
    evidence = [n.text for n in amap.by_type(NodeType.EVIDENCE)]
    assert len(evidence) >= 40
    assert any(e.startswith("Pub. L. No. 117-108") for e in evidence)
    body = [n.text for n in amap.nodes if n.type != NodeType.EVIDENCE]
    for text in body:
        assert not re.search(r"\[\d{1,3}\]|^\d{1,3} [A-Z]|Pub\. L\. No\.|\(Washington,? D\.C\.:", text), text
    joined = [
        "large unfunded liabilities for pensions and retiree health care benefits, putting taxpayers at increased risk",
        # cut by three notes and a heading that the conversion put in the middle of the sentence
        "we consulted recent reports from the USPS Office of Inspector General (OIG) and the Postal Regulatory Commission.",
    ]
    for sample in joined:
        assert any(sample in t for t in body), sample


@pytest.mark.shared
def test_crs_brief_front_matter_is_metadata_and_sections_are_mapped():
    amap = argmap.analyze(shared_path("corpora", "briefs", "crs-if10165-south-korea.md"))
    meta = amap.metadata
    assert meta.title == "South Korea: Background and U.S. Relations"
    assert meta.identifier == "IF10165"
    assert meta.date == "2026-09-17"
    claims = [n.text for n in amap.by_type(NodeType.CLAIM)]
    for section in ("North Korea Policy", "U.S.-South Korea Alliance", "U.S.-South Korea Economic Relations"):
        assert section in claims
    for node in amap.nodes:
        assert "pdf_sha256" not in node.text and "everycrsreport" not in node.text


@pytest.mark.shared
def test_gao_pdf_table_of_contents_and_cover_are_not_units(gao_maps):
    amap = gao_maps["gao-06-282.pdf"]
    texts = [n.text for n in amap.nodes]
    assert "Letter" not in texts and "Briefing Slides" not in texts  # contents entries
    assert "GAO-06-282" not in texts  # the cover's report number
    assert amap.metadata.title.startswith("Some Strategies Used to Market Infant Formula")


@pytest.mark.shared
def test_pdf_reading_prints_nothing(capfd):
    read_document(shared_path("corpora", "gao", "pdf", "gao-06-282.pdf"))
    out, err = capfd.readouterr()
    assert out == "" and err == ""


# --- PDF layout rules on small pages built here --------------------------------------------------


def _block_text(doc, block) -> str:
    return text_from_spans(doc.text, block.spans)


def _shape(doc) -> list[tuple]:
    """A reader's blocks: (kind, heading level or list depth or note label, text, labels cited)."""
    return [(b.kind, b.label if b.kind == "footnote" else b.depth if b.kind == "list_item" else b.level,
             _block_text(doc, b), [c.label for c in b.citations if c.kind == "footnote"]) for b in doc.layout]


def _column(x: float, top: float, lines: list[str], size: float = 10, pitch: float = 13):
    return [(x, top + i * pitch, line, size, False) for i, line in enumerate(lines)]


LEFT = ["Cities that tax land rather than buildings", "see more construction, because the tax", "does not fall on what is built. Owners of",
        "vacant lots pay as much as their neighbours", "and so sell or build. The revenue is stable",
        "since land cannot move away. Assessment is", "simpler than many fear, as land values are",
        "visible in sales. The left column ends here."]
RIGHT = ["Critics say a land tax hurts farmers, but", "exemptions for farmland are easy to write", "and cheap to run. Other critics fear that",
         "owners will pass the tax on to tenants, yet", "the burden of a land tax stays with owners",
         "because the supply of land is fixed. The", "right column ends with this sentence here."]


def test_pdf_two_columns_are_read_one_after_the_other():
    page = [(40, 60, "Why Cities Should Tax Land", 18, True)] + _column(40, 100, LEFT) + _column(320, 100, RIGHT)
    page += _column(40, 300, LEFT) + _column(320, 300, RIGHT)
    doc = read_document(draw_pdf([page]), name="columns.pdf")
    text = doc.text
    first = doc.layout[0]
    assert first.kind == "heading" and first.level == 1 and _block_text(doc, first) == "Why Cities Should Tax Land"
    assert text.index("The left column ends here.") < text.index("Critics say a land tax")
    assert "Cities that tax land rather than buildings see more construction" in text
    assert "exemptions for farmland are easy to write and cheap to run" in text


def test_pdf_hyphenation_running_heads_page_numbers_and_page_breaks():
    body1 = ["The council raised the levy twice because reve-", "nues fell sharply in the last year, and the",
             "deficit grew all the same. The mayor now asks"] * 1
    body2 = ["whether a land tax would serve the city better", "than the levy on buildings it has today."]
    pages = []
    for n, body in enumerate([body1, body2, body2], start=1):
        piece = [(40, 40, "City Finance Review", 8, False), (300, 770, str(n), 8, False)]
        if n == 1:
            piece.append((40, 80, "A Levy That Fails", 18, True))
        piece += _column(40, 120, body if n < 3 else ["A third page holds one more sentence about levies."])
        pages.append(piece)
    doc = read_document(draw_pdf(pages), name="levy.pdf")
    text = doc.text
    assert "revenues fell sharply" in text
    assert "City Finance Review" not in text
    assert not re.search(r"^\d+$", text, re.M)
    assert "The mayor now asks whether a land tax would serve the city better" in text


def test_pdf_small_type_at_the_foot_is_a_footnote_and_raised_numbers_its_marker():
    page = [(40, 80, "A Levy That Fails", 18, True)]
    page += _column(40, 120, ["The levy raised less than planned. Receipts fell", "by a third in two years."])
    # a raised marker after "planned." on the first line
    page.append((262, 116, "1", 6, False))
    page += [(40, 720, "1 City Budget Office, Annual Receipts Report (2024), table 3.", 7, False)]
    doc = read_document(draw_pdf([page]), name="note.pdf")
    notes = [b for b in doc.layout if b.kind == "footnote"]
    assert [(b.label, _block_text(doc, b)) for b in notes] == [
        ("1", "City Budget Office, Annual Receipts Report (2024), table 3.")]
    cited = [c for b in doc.layout if b.kind != "footnote" for c in b.citations]
    assert [c.label for c in cited] == ["1"]
    at = cited[0].span[0]
    assert re.search(r"\w[.,;:]?$", doc.text[:at]) and doc.text[at] in " \n"  # the marker stands after a word
    assert "1 City" not in doc.text and "planned.1" not in doc.text  # the marker is no word of the text
    amap = argmap.analyze(draw_pdf([page]), name="note.pdf")
    evidence = amap.by_type(NodeType.EVIDENCE)
    assert [e.text for e in evidence] == ["City Budget Office, Annual Receipts Report (2024), table 3."]


def test_missing_pdf_library_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    with pytest.raises(MissingDependency, match=r"argmap\[pdf\]"):
        read_document(_minimal_pdf(), name="x.pdf")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_html_in_legacy_and_unicode_encodings(encoding):
    page = "<html><body><h1>Café prices</h1><p>The café should open earlier. Prices fell.</p></body></html>"
    doc = read_document(page.encode(encoding), name="x.html")
    assert _shape(doc) == [("heading", 1, "Café prices", []), ("paragraph", 0, "The café should open earlier. Prices fell.", [])]


def test_html_cp949_with_meta_charset():
    page = '<html><head><meta charset="euc-kr"></head><body><h1>제목</h1><p>북한 노동자들이 중국에서 시위를 벌였다. 정부는 대응해야 한다.</p></body></html>'
    doc = read_document(page.encode("cp949"), name="k.html")
    assert _shape(doc)[0] == ("heading", 1, "제목", [])


def test_reader_text_is_nfc():
    page = "<html><body><h1>Cafe\u0301</h1><p>The cafe\u0301 opened.</p></body></html>".encode()
    doc = read_document(page, name="x.html")
    assert "Café" in doc.text and "\u0301" not in doc.text


def test_pdf_table_rows_are_set_aside_not_read_as_prose():
    page = [(40, 80, "A Levy That Fails", 18, True)]
    page += _column(40, 120, ["The levy raised less than planned, as the table shows.",
                              "Receipts fell by a third in two years and costs rose."])
    for i, (year, amount) in enumerate([("Year", "Receipts"), ("2022", "3.1 million"), ("2023", "2.4 million"),
                                        ("2024", "2.0 million")]):
        page += [(40, 170 + 13 * i, year, 10, False), (300, 170 + 13 * i, amount, 10, False)]
    page += _column(40, 240, ["The council should therefore repeal the levy and tax land instead."])
    doc = read_document(draw_pdf([page]), name="table.pdf")
    assert any(b.kind == "table" and "2023 | 2.4 million" in _block_text(doc, b) for b in doc.layout)
    amap = argmap.analyze(draw_pdf([page]), name="table.pdf")
    texts = " ".join(n.text for n in amap.nodes)
    assert "2.4 million" not in texts
    assert "The council should therefore repeal the levy and tax land instead." in [n.text for n in amap.nodes]
    assert any(s["kind"] == "table" for s in amap.set_aside)


def test_html_declared_charset_is_honoured():
    page = '<html><head><meta charset="windows-1252"></head><body><h1>Naïve “quotes”</h1><p>It is déjà vu.</p></body></html>'
    doc = read_document(page.encode("cp1252"), name="x.html")
    assert _shape(doc) == [("heading", 1, "Naïve “quotes”", []), ("paragraph", 0, "It is déjà vu.", [])]


@pytest.mark.shared
def test_pdf_metadata_hints(gao_maps):
    meta = gao_maps["gao-06-282.pdf"].metadata.extra
    assert meta["pdf_pages"] == "43"
    assert meta["pdf_creationdate"] == "2006-01-25"
    assert meta["pdf_title"].startswith("GAO-06-282")


@pytest.mark.shared
def test_pdf_restarted_note_numbering_keeps_markers_and_notes_paired():
    doc = read_document(shared_path("corpora", "gao", "pdf", "gao-06-282.pdf"))
    cited = [c.label for b in doc.layout if b.kind != "footnote" for c in b.citations if c.kind == "footnote"]
    notes = [b.label for b in doc.layout if b.kind == "footnote"]
    assert len(cited) == len(set(cited)) and sorted(cited) == sorted(notes)
    assert "1-2" in notes  # the appendix numbers its notes from 1 again


@pytest.mark.parametrize("page", [
    # pandoc
    '<html><body><main><h1>Tax land</h1><p>Land taxes are efficient.<a href="#fn1" class="footnote-ref" id="fnref1" '
    'role="doc-noteref"><sup>1</sup></a></p><section class="footnotes" role="doc-endnotes"><hr /><ol>'
    '<li id="fn1"><p>George, Progress and Poverty (1879).<a href="#fnref1" class="footnote-back" '
    'role="doc-backlink">↩︎</a></p></li></ol></section></main></body></html>',
    # a wiki's references
    '<html><body><div id="content"><h1>Tax land</h1><p>Land taxes are efficient.<sup class="reference" id="cite_ref-1">'
    '<a href="#cite_note-1">[1]</a></sup></p><ol class="references"><li id="cite_note-1"><span class="mw-cite-backlink">'
    '<a href="#cite_ref-1">^</a></span> <span class="reference-text">George, Progress and Poverty (1879).</span></li>'
    '</ol></div></body></html>',
])
def test_html_footnote_conventions(page):
    doc = read_document(page.encode(), name="x.html")
    assert _shape(doc) == [("heading", 1, "Tax land", []), ("paragraph", 0, "Land taxes are efficient.", ["1"]),
                           ("footnote", "1", "George, Progress and Poverty (1879).", [])]
    amap = argmap.analyze(page.encode(), name="x.html")
    assert [n.text for n in amap.by_type(NodeType.EVIDENCE)] == ["George, Progress and Poverty (1879)."]


@pytest.mark.shared
def test_gao_pdf_section_heading_is_not_doubled_by_its_running_head(gao_maps):
    headings = [n.text for n in gao_maps["gao-06-282.pdf"].nodes if n.id.startswith("H")]
    for appendix in ("Appendix I: Briefing Slides", "Appendix II: Advertising Data", "Appendix III: Literature Review"):
        assert headings.count(appendix) == 1, (appendix, headings)


OPENING = ["Each new House elects a Speaker by roll call vote when it first convenes.",
           "Customarily, the conference of each major party nominates a candidate whose",
           "name is placed in nomination, and Members vote for the nominee of their party."]
BELOW = ["This report provides data on elections of the Speaker in each Congress since 1913, when the House",
         "first reached its present size. Five elections followed a death or resignation during a Congress."]


def _side_box_page():
    """A summary page: a side box (label, report number, date, author) beside the opening text, full-width text below."""
    page = [(470, 70, "SUMMARY", 14, True), (460, 100, "RL30857", 14, False),
            (54, 118, "Speakers of the House: Elections", 20, True), (460, 128, "April 13, 2026", 10, False),
            (460, 150, "Valerie Heitshusen", 9, True), (460, 161, "Specialist on Congress", 9, False)]
    page += _column(54, 139, OPENING, pitch=11.5, size=10)
    page += _column(54, 230, BELOW, pitch=11.5, size=10)
    return page


def test_pdf_a_side_box_line_is_never_one_paragraph_with_the_text_beside_it():
    from argmap.clean import clean

    doc = clean(read_document(draw_pdf([_side_box_page()]), name="summary.pdf"))
    blocks = [_block_text(doc, b) for b in doc.layout]
    (date,) = [b for b in blocks if "April 13, 2026" in b]
    assert date == "April 13, 2026"
    assert [s["text"] for s in doc.set_aside if "April 13" in s["text"]] == ["April 13, 2026"]
    assert any(b.startswith("Each new House elects a Speaker") for b in blocks)


def test_pdf_items_keep_the_bullet_they_are_drawn_with():
    """The bullet is provenance (a list item's edge names it as its cue): recorded as drawn, not as "-"."""
    from argmap.pipeline import analyze_document

    page = [(40, 80, "Three Reasons to Tax Land", 18, True)]
    page += _column(40, 120, ["A land tax serves cities well for three reasons."])
    page += _column(40, 150, ["\u2022 It does not fall on what is built.", "\u2022 Owners of vacant lots sell or build.",
                              "\u2013 Land cannot move away."])
    doc = read_document(draw_pdf([page]), name="bullets.pdf")
    items = [b for b in doc.layout if b.kind == "list_item"]
    assert [(b.list_marker, _block_text(doc, b)) for b in items] == [
        ("\u2022", "It does not fall on what is built."), ("\u2022", "Owners of vacant lots sell or build."),
        ("\u2013", "Land cannot move away.")]
    amap = analyze_document(doc, rules_only=True)
    cues = {e.cue for e in amap.edges if e.rule == "list-item"}
    assert cues and cues <= {"\u2022", "\u2013"}


def test_pdf_a_title_across_both_columns_keeps_its_last_line_that_falls_within_one():
    page = [(40, 60, "Why Cities Should Tax Land Rather Than the Buildings Set on", 18, True),
            (40, 80, "Their Lots", 18, True)]
    page += _column(40, 120, LEFT) + _column(320, 120, RIGHT)
    doc = read_document(draw_pdf([page]), name="title.pdf")
    headings = [(b.level, _block_text(doc, b)) for b in doc.layout if b.kind == "heading"]
    assert headings == [(1, "Why Cities Should Tax Land Rather Than the Buildings Set on Their Lots")]


def test_pdf_heading_levels_follow_the_type_sizes_and_bold_questions_are_headings():
    page = [(40, 60, "Why Cities Should Tax Land", 18, True), (40, 90, "The Case for the Tax", 12.5, True)]
    page += _column(40, 110, LEFT[:4])
    page += [(40, 170, "Does the Tax Hurt Farmers?", 10, True)] + _column(40, 185, RIGHT[:4])
    page += [(40, 245, "What Do Tenants Pay", 10, True)] + _column(40, 260, RIGHT[4:])
    doc = read_document(draw_pdf([page]), name="levels.pdf")
    headings = [(b.level, _block_text(doc, b)) for b in doc.layout if b.kind == "heading"]
    assert headings == [(1, "Why Cities Should Tax Land"), (2, "The Case for the Tax"),
                        (3, "Does the Tax Hurt Farmers?"), (3, "What Do Tenants Pay")]
    from argmap.clean import clean

    # the cleaning keeps them: the text under a sub-heading stands in its section heading's section
    assert [b.section for b in clean(doc).blocks if b.kind == "paragraph"][-1] == ("The Case for the Tax", "What Do Tenants Pay")


def test_pdf_paragraphs_set_apart_by_a_little_space_after_are_two_paragraphs():
    """10-point type on an 11-point pitch with 6 points after each paragraph (a gap of 8 points against
    the lines' 2): the space after a paragraph is narrower than three quarters of a line's pitch, and is
    still a break; the lines inside a paragraph stay one."""
    first, second = LEFT[:4], RIGHT[:4]
    page = [(40, 60, "Why Cities Should Tax Land", 18, True)] + _column(40, 100, first, pitch=11)
    page += _column(40, 100 + 3 * 11 + 17, second, pitch=11)
    doc = read_document(draw_pdf([page]), name="spacing.pdf")
    paragraphs = [_block_text(doc, b) for b in doc.layout if b.kind == "paragraph"]
    assert paragraphs == [" ".join(first), " ".join(second)]


def test_pdf_a_box_under_the_first_page_text_is_set_aside_and_the_text_runs_on_over_it():
    """A box in small type under the first page's text (the series' line, the publisher's address) is
    no text of the brief: the sentence the page break cut carries on on the next page, not after the box."""
    first = [(72, 80, "A Levy That Fails", 22, True)] + _column(72, 130, LEFT[:5], size=11)
    first += [(73, 740, "POLICY BRIEF", 8, True), (73, 750, "Prepared for the City Council", 8, False),
              (73, 760, "and its Committees", 8, False)]
    second = _column(72, 90, LEFT[5:], size=11) + _column(72, 140, RIGHT, size=11)
    doc = read_document(draw_pdf([first, second]), name="box.pdf")
    paragraphs = [_block_text(doc, b) for b in doc.layout if b.kind == "paragraph"]
    assert paragraphs[0] == " ".join(LEFT)  # "… The revenue is stable" / "since land cannot move away."
    assert not any("Prepared for" in p or "POLICY BRIEF" in p or "Committees" in p for p in paragraphs)


def test_pdf_a_bullet_at_the_top_of_a_page_opens_an_item_of_its_own():
    first = [(72, 80, "A Levy That Fails", 22, True)] + _column(72, 130, LEFT[:3], size=11)
    first += [(72, 170, "The levy has three flaws:", 11, False)]
    second = [(72, 90, "\u2022 it falls on what is built;", 11, False), (72, 104, "\u2022 it drives owners away.", 11, False)]
    second += _column(72, 140, RIGHT, size=11)
    doc = read_document(draw_pdf([first, second]), name="items.pdf")
    items = [_block_text(doc, b) for b in doc.layout if b.kind == "list_item"]
    assert items == ["it falls on what is built;", "it drives owners away."]


def test_pdf_a_drop_cap_is_the_first_letter_of_its_word():
    page = [(40, 60, "Why Cities Should Tax Land", 18, True), (40, 128, "C", 40, False)]
    lines = ["ities that tax land rather than buildings", "see more construction, because the tax"]
    page += _column(72, 100, lines) + _column(40, 126, LEFT[2:])
    doc = read_document(draw_pdf([page]), name="cap.pdf")
    headings = [_block_text(doc, b) for b in doc.layout if b.kind == "heading"]
    assert headings == ["Why Cities Should Tax Land"]
    assert [_block_text(doc, b) for b in doc.layout if b.kind == "paragraph"][0].startswith(
        "Cities that tax land rather than buildings see more construction")


def test_pdf_a_raised_ordinal_ending_stays_in_its_line():
    """"51st" with "st" set small and raised, in an item whose bullet is set larger than the text: the
    ending is read with its number, not as a line (a one-word paragraph, a claim) of its own."""
    page = [(40, 60, "Why Cities Should Tax Land", 18, True)] + _column(40, 100, LEFT[:3])
    page += [(40, 150, "\u2022", 11, False), (52, 150, "The 51", 10, False), (80.2, 146, "st", 6.5, False),
             (88, 150, "district taxes land alone.", 10, False)]
    page += _column(40, 180, RIGHT[:3])
    doc = read_document(draw_pdf([page]), name="ordinal.pdf")
    blocks = [_block_text(doc, b) for b in doc.layout]
    assert "st" not in blocks
    assert any(re.search(r"The 51 ?st district taxes land alone\.", b) for b in blocks)


def test_pdf_a_table_in_small_type_with_rows_set_apart_and_a_wrapped_cell_is_one_table():
    """Rows of 9-point type 20 points apart under 10-point text (gaps wider than the text's pitch), one
    account's name wrapped over two lines beside its figures: one table, no row read as prose."""
    page = [(40, 80, "A Levy That Fails", 18, True)]
    page += _column(40, 120, ["The levy raised less than planned, as the table shows.",
                              "Receipts fell by a third in two years and costs rose."], pitch=12)
    rows = [("Account", "2025", "2026"), ("Buildings and Grounds", "$11.4", "$18.1"),
            ("Court Security", "$892.0", "$920.9")]
    top = 170
    for name, a, b in rows:
        page += [(40, top, name, 9, False), (200, top, a, 9, False), (260, top, b, 9, False)]
        top += 20
    page += [(40, top, "Administrative Office of the", 9, False), (200, top + 5, "$107.0", 9, False),
             (260, top + 5, "$113.8", 9, False), (40, top + 10, "Courts", 9, False)]
    top += 30
    page += [(40, top, "Federal Judicial Center", 9, False), (200, top, "$35.1", 9, False), (260, top, "$35.6", 9, False)]
    page += _column(40, top + 40, ["The council should therefore repeal the levy and tax land instead."])
    doc = read_document(draw_pdf([page]), name="table.pdf")
    tables = [_block_text(doc, b) for b in doc.layout if b.kind == "table"]
    assert len(tables) == 1 and "Federal Judicial Center" in tables[0] and "Courts" in tables[0]
    paragraphs = [_block_text(doc, b) for b in doc.layout if b.kind == "paragraph"]
    assert not any("$" in p or "Courts" in p or "Security" in p for p in paragraphs)


def test_pdf_what_follows_a_caption_in_small_type_is_the_tables_own():
    """A boxed list under "Table 1." set in 9-point type under 10-point text (its entries end in stops, so
    no rule of lines without a sentence takes them), then its source line: set aside with the caption;
    the text after it, in the text's type, is mapped."""
    from argmap.clean import clean

    page = [(40, 60, "Why Cities Should Tax Land", 18, True)] + _column(40, 100, LEFT[:4], pitch=12)
    page += [(40, 160, "Table 1. What a Land Tax Covers", 9.5, True)]
    entries = ["Vacant lots: taxed at the full rate of the assessed land value.",
               "Farmland: exempt up to the first forty hectares of each holding.",
               "Parks and roads: exempt, since they are held by the city itself."]
    page += _column(46, 176, entries, size=9, pitch=11)
    page += [(40, 214, "Source: City Budget Office.", 8.5, False)]
    page += _column(40, 240, RIGHT[:4], pitch=12)
    doc = clean(read_document(draw_pdf([page]), name="caption.pdf"))
    body = " ".join(b.text(doc.text) for b in doc.blocks)
    assert "Vacant lots" not in body and "Farmland" not in body and "City Budget Office" not in body
    assert "Critics say a land tax hurts farmers" in body
    assert {s["text"][:12] for s in doc.set_aside if s["kind"] == "caption"} >= {"Table 1. Wha", "Vacant lots:"}


def test_pdf_lines_set_in_italics_head_parts_of_the_section_they_stand_in():
    """Two short lines set wholly in an italic font, each over a paragraph, under a bold heading: the
    cleaning reads them as that heading's parts, as it reads "*Salaries and Expenses*" in Markdown."""
    from argmap.clean import clean

    page = [(40, 60, "Why Cities Should Tax Land", 18, True), (40, 90, "What the Tax Covers", 10, True)]
    page += _column(40, 104, LEFT[:3], pitch=12)
    page += [(40, 150, "Vacant Lots", 10, "I")] + _column(40, 164, LEFT[3:7], pitch=12)
    page += [(40, 222, "Farmland", 10, "I")] + _column(40, 236, RIGHT[:4], pitch=12)
    doc = read_document(draw_pdf([page]), name="italics.pdf")
    italic = [_block_text(doc, b) for b in doc.layout if b.italic]
    assert italic == ["Vacant Lots", "Farmland"]
    cleaned = clean(doc)
    headings = [(b.text(cleaned.text), b.section) for b in cleaned.blocks if b.kind == "heading"]
    assert ("Vacant Lots", ("What the Tax Covers",)) in headings and ("Farmland", ("What the Tax Covers",)) in headings


QUESTIONS = [("Uses", "Are grant funds limited to set activities"), ("", "May grant funds be spent on staff?"),
             ("Amount", "Is the total amount authorized set out"), ("", "Must grantees match the funds?"),
             ("Recipients", "Is grant funding open to local officials?"), ("", "Which entities are eligible?"),
             ("Availability", "Must grantees spend funds by a date?"), ("", "Are funds authorized for some years?")]
ANSWERS = ["Specific activities (52 U.S.C. 21021)", "General purposes (P.L. 119-75)", "Voluntary activities (52 U.S.C. 21051)",
           "Federal requirements (52 U.S.C. 21001)", "Prohibited (52 U.S.C. 21061)", "Yes (52 U.S.C. 20901)",
           "No (52 U.S.C. 20311)", "Match for funds received (P.L. 119-75)"]


@pytest.mark.parametrize("prose", [False, True])
def test_pdf_a_table_the_gutter_splits_is_one_table_without_a_caption(prose):
    """A page whose gutter splits a table in small type (no caption before it): its cells are one table, not two
    columns of text; two columns of small type whose lines run on in lower case stay text."""
    first = [(40, 60, "Why Cities Should Tax Land", 18, True)] + _column(40, 100, LEFT) + _column(320, 100, RIGHT)
    first += _column(40, 300, LEFT) + _column(320, 300, RIGHT)
    second = []
    if prose:
        second += _column(40, 60, [line.lower() if i % 2 else line for i, line in enumerate(LEFT)], size=9, pitch=11)
        second += _column(330, 60, [line.lower() if i % 2 else line for i, line in enumerate(RIGHT)], size=9, pitch=11)
    else:
        for i, ((label, question), answer) in enumerate(zip(QUESTIONS, ANSWERS)):
            top = 60 + 17 * i
            second += [(40, top, label, 9, False), (100, top, question, 9, False), (330, top, answer, 9, False)]
    # the one line across the gutter
    second += [(40, 210, "Notes: Each answer cites an example of its kind from the bill text or from the committee's report", 8.5, False),
               (40, 220, "language.", 8.5, False)]
    third = [(40, 60, "The council should therefore choose the options that keep the program simple to run.", 10, False)]
    doc = read_document(draw_pdf([first, second, third]), name="gutter.pdf")
    blocks = [(b.kind, _block_text(doc, b)) for b in doc.layout]
    tables = [text for kind, text in blocks if kind == "table"]
    if prose:
        assert not tables
        assert any(kind == "paragraph" and "exemptions for farmland are easy to write" in text for kind, text in blocks)
    else:
        assert len(tables) == 1 and "Prohibited (52 U.S.C. 21061)" in tables[0] and "Which entities are eligible?" in tables[0]
        assert not any(kind != "table" and ("52 U.S.C." in text or "eligible?" in text) for kind, text in blocks)
    # a full-width line's last word, fallen within the left column, carries the line on
    assert any(text.endswith("from the committee's report language.") for _, text in blocks)
    assert ("paragraph", "The council should therefore choose the options that keep the program simple to run.") in blocks
    assert "Why Cities Should Tax Land" in [text for kind, text in blocks if kind == "heading"]
