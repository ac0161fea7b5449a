"""PDFs drawn piece by piece, for the layout tests of the PDF reader."""

from __future__ import annotations


def draw_pdf(pages: list[list[tuple[float, float, str, float, bool]]]) -> bytes:
    """A PDF of pages of (x, baseline, text, size, bold) pieces, set in Helvetica; ``bold`` may also name
    fpdf's style ("I": italic, "BI")."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(612, 792))
    pdf.core_fonts_encoding = "windows-1252"  # the core fonts' own encoding: bullets and dashes drawable
    pdf.set_auto_page_break(False)
    for pieces in pages:
        pdf.add_page()
        for x, y, text, size, bold in pieces:
            pdf.set_font("helvetica", bold if isinstance(bold, str) else "B" if bold else "", size)
            pdf.text(x, y, text)
    return bytes(pdf.output())
