"""`argmap analyze` on PDF, HTML and DOCX files, and on damaged ones: a map, or one error line and its code."""

import io
import json
import zipfile

import pytest
from typer.testing import CliRunner

from argmap.cli import app
from argmap.errors import CorruptInput, EncryptedInput, NeedsOCR, UnsupportedFormat
from conftest import SEED

import _render

pytest.importorskip("pypdfium2")
pytest.importorskip("docx")
pytest.importorskip("bs4")
runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_the_formats():
    code, out, _ = run("analyze", "--help")
    assert code == 0
    for fmt in ("PDF", "HTML", "DOCX"):
        assert fmt in out


@pytest.mark.parametrize("suffix", ["html", "docx", "pdf"])
def test_analyze_each_format(tmp_path, suffix):
    brief = _render.parse(SEED.read_text(encoding="utf-8"))
    if suffix == "html":
        data = _render.to_html(brief)
    elif suffix == "docx":
        data = _render.to_docx(brief)
    else:
        fonts = _render.find_fonts()
        if fonts is None:
            pytest.skip("the DejaVu fonts are not installed")
        data, _ = _render.to_pdf(brief, fonts)
    path = tmp_path / f"brief.{suffix}"
    path.write_bytes(data)
    code, _, err = run("analyze", path, "-o", tmp_path / "out", "-f", "json", "-q")
    assert code == 0, err
    out = json.loads((tmp_path / "out" / "brief.json").read_text(encoding="utf-8"))
    assert out["source_format"] == suffix
    assert out["metadata"]["identifier"] == "CO 24-17"


def _encrypted_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.cell(text="Secret claim.")
    pdf.set_encryption(owner_password="owner", user_password="user")
    return bytes(pdf.output())


def _image_pdf() -> bytes:
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("RGB", (40, 40), "white"), x=10, y=10, w=40)
    return bytes(pdf.output())


def _broken_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document")  # not even XML
        z.writestr("[Content_Types].xml", "<Types/>")
    return buf.getvalue()


@pytest.mark.parametrize("name, make, error", [
    ("secret.pdf", _encrypted_pdf, EncryptedInput),
    ("scan.pdf", _image_pdf, NeedsOCR),
    ("cut.pdf", lambda: b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", CorruptInput),
    ("broken.docx", lambda: b"PK\x03\x04" + b"\x00" * 300, CorruptInput),
    ("bad-xml.docx", _broken_docx, CorruptInput),
    ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, UnsupportedFormat),
])
def test_bad_documents_give_one_line_and_their_code(tmp_path, name, make, error):
    path = tmp_path / name
    path.write_bytes(make())
    code, _, err = run("analyze", path, "-o", tmp_path / "out", "-f", "json")
    assert code == error.exit_code, err
    assert err.startswith("Error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert name in err
    assert not (tmp_path / "out").exists()


def test_an_html_page_saved_as_pdf_is_mapped_as_html_and_says_so(tmp_path):
    """A web page saved under a .pdf name: read by its content, the map written, exit 0, and one warning line
    naming the file and what it was read as (no traceback, no "not a PDF" error)."""
    page = ("<html><head><title>Tax land</title></head><body><h1>Why Cities Should Tax Land</h1>"
            "<p>Cities should tax land rather than buildings, because a land tax does not fall on what is built."
            " Owners of vacant lots pay as much as their neighbours, so they sell or build.</p></body></html>")
    path = tmp_path / "saved.pdf"
    path.write_text(page, encoding="utf-8")
    code, _, err = run("analyze", path, "-o", tmp_path / "out", "-f", "json", "-q")
    assert code == 0, err
    assert "Traceback" not in err
    assert "Warning: saved.pdf is named .pdf but read as HTML" in " ".join(err.split())
    assert json.loads((tmp_path / "out" / "saved.json").read_text(encoding="utf-8"))["source_format"] == "html"
