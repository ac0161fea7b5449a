"""Test fixtures built from a Markdown brief: the same brief laid out as PDF, HTML and DOCX.

The Markdown is parsed into what its author meant (headings, paragraphs with bold runs
and footnote markers, footnote bodies; paragraphs that a page break or a footnote block
interrupted joined again) and then typeset: the PDF with its footnotes at the foot of the
page where they are cited, a running header, page numbers and sentences that run across
page breaks; the HTML with navigation and a footer around the article and a footnote list;
the DOCX with heading styles and real Word footnotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

Run = tuple[str, bool, str | None]  # text, bold, footnote label (a marker run has empty text)

_MARK = re.compile(r"<sup>\s*(\d{1,3})\)?\s*</sup>")
_DEF = re.compile(r"^(?:<sup>\s*(\d{1,3})\)?\s*</sup>|(\d{1,3})\))\s+(.*)$", re.S)
_TERMINAL = re.compile(r"[.!?:;…][\"'”’)\]»]*$")

FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF"]
CJK_FONTS = ["/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
             "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf",
             "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"]


@dataclass
class Brief:
    blocks: list[tuple[str, int, list[Run]]] = field(default_factory=list)  # (kind, level, runs)
    notes: dict[str, str] = field(default_factory=dict)


def _runs(text: str) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for m in re.finditer(r"\*\*(.+?)\*\*|<sup>\s*(\d{1,3})\)?\s*</sup>", text):
        if m.start() > pos:
            runs.append((text[pos:m.start()], False, None))
        if m.group(1):
            runs.append((m.group(1), True, None))
        else:
            runs.append(("", False, m.group(2)))
        pos = m.end()
    if pos < len(text):
        runs.append((text[pos:], False, None))
    return runs


def parse(markdown: str) -> Brief:
    brief = Brief()
    interrupted = False
    for raw in re.split(r"\n\s*\n", markdown):
        block = raw.strip()
        if not block:
            continue
        if re.fullmatch(r"-{3,}", block):
            interrupted = True
            continue
        m = re.match(r"^(#{1,6})\s+(.*)$", block)
        if m:
            brief.blocks.append(("heading", len(m.group(1)), [(m.group(2).replace("**", "").strip(), True, None)]))
            interrupted = False
            continue
        d = _DEF.match(block)
        if d:
            brief.notes[d.group(1) or d.group(2)] = d.group(3).strip()
            interrupted = True
            continue
        runs = _runs(" ".join(block.split()))
        previous = brief.blocks[-1] if brief.blocks else None
        if interrupted and previous and previous[0] == "paragraph":
            last = "".join(r[0] for r in previous[2]).rstrip()
            if not _TERMINAL.search(last):
                previous[2].extend([(" ", False, None)] + runs)
                interrupted = False
                continue
        brief.blocks.append(("paragraph", 0, runs))
        interrupted = False
    return brief


# --- HTML ---------------------------------------------------------------------------------
def to_html(brief: Brief) -> bytes:
    from html import escape

    def inline(runs: list[Run]) -> str:
        out = ""
        for text, bold, label in runs:
            if label:
                out += f'<sup id="fnref{label}"><a href="#fn{label}">{label}</a></sup>'
            elif bold:
                out += f"<strong>{escape(text)}</strong>"
            else:
                out += escape(text)
        return out

    body = []
    for kind, level, runs in brief.blocks:
        if kind == "heading":
            body.append(f"<h{level}>{inline(runs)}</h{level}>")
        else:
            body.append(f"<p>{inline(runs)}</p>")
    notes = "".join(f'<li id="fn{k}"><p>{escape(v)} <a href="#fnref{k}" class="footnote-back">↩</a></p></li>'
                    for k, v in brief.notes.items())
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Brief | Example Institute</title>
<style>body {{ font-family: serif; }}</style><script>var tracking = "do not read me";</script></head>
<body>
<header><a href="/">Example Institute</a> <nav><ul><li><a href="/research">Research</a></li><li><a href="/about">About us</a></li></ul></nav></header>
<main><article>
{chr(10).join(body)}
<section class="footnotes"><hr><ol>{notes}</ol></section>
</article></main>
<aside class="related"><h2>Related briefs</h2><p>Another brief you may like to read.</p></aside>
<footer><p>Example Institute, 1 Example Street. Subscribe to our newsletter.</p></footer>
</body></html>"""
    return page.encode("utf-8")


# --- DOCX ---------------------------------------------------------------------------------
def to_docx(brief: Brief) -> bytes:
    import io

    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    levels = sorted({level for kind, level, _ in brief.blocks if kind == "heading"})
    style_level = {level: i for i, level in enumerate(levels)}  # the smallest level is the Title (0)
    notes_xml = []
    for kind, level, runs in brief.blocks:
        if kind == "heading":
            document.add_heading(runs[0][0], style_level[level])
            continue
        paragraph = document.add_paragraph()
        for text, bold, label in runs:
            if label:
                run = paragraph.add_run()
                rpr = OxmlElement("w:rPr")
                va = OxmlElement("w:vertAlign")
                va.set(qn("w:val"), "superscript")
                rpr.append(va)
                run._r.append(rpr)
                ref = OxmlElement("w:footnoteReference")
                ref.set(qn("w:id"), label)
                run._r.append(ref)
            else:
                paragraph.add_run(text).bold = bold or None
    from xml.sax.saxutils import escape

    for label, text in brief.notes.items():
        notes_xml.append(
            f'<w:footnote w:id="{label}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>')
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
           + "".join(notes_xml) + "</w:footnotes>")
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------
def find_fonts() -> tuple[str, str, str | None] | None:
    for folder in FONT_DIRS:
        regular, bold = Path(folder, "DejaVuSans.ttf"), Path(folder, "DejaVuSans-Bold.ttf")
        if regular.exists() and bold.exists():
            cjk = next((f for f in CJK_FONTS if Path(f).exists()), None)
            return str(regular), str(bold), cjk
    return None


@dataclass
class _Line:
    tokens: list[tuple[str, bool, bool]]  # text, bold, superscript
    size: float
    height: float
    notes: list[str]
    space_before: float = 0.0
    indent: float = 0.0


def to_pdf(brief: Brief, fonts: tuple[str, str, str | None], *, width: float = 420, height: float = 595,
           running_header: str = "Online Series") -> tuple[bytes, list[str]]:
    """The brief as a PDF; also the text of the last body line of every page but the last."""
    import logging

    from fpdf import FPDF

    logging.getLogger("fpdf").setLevel(logging.ERROR)
    regular, bold, cjk = fonts
    pdf = FPDF(unit="pt", format=(width, height))
    pdf.set_auto_page_break(False)
    pdf.add_font("body", "", regular)
    pdf.add_font("body", "B", bold)
    if cjk:
        pdf.add_font("cjk", "", cjk)
        pdf.set_fallback_fonts(["cjk"], exact_match=False)
    margin, top, bottom = 48.0, 64.0, 52.0
    text_width = width - 2 * margin

    def measure(text: str, is_bold: bool, size: float) -> float:
        pdf.set_font("body", "B" if is_bold else "", size)
        return pdf.get_string_width(text)

    def wrap(tokens: list[tuple[str, bool, bool, str | None]], size: float, line_height: float,
             avail: float) -> list[_Line]:
        lines: list[_Line] = []
        current: list[tuple[str, bool, bool]] = []
        notes: list[str] = []
        x = 0.0
        pieces = []
        for text, is_bold, sup, label in tokens:
            # a word wider than the line (CJK text has no spaces) is broken between characters
            while not sup and len(text) > 1 and measure(text, is_bold, size) > avail:
                cut = len(text) - 1
                while cut > 1 and measure(text[:cut], is_bold, size) > avail * 0.95:
                    cut -= 1
                pieces.append((text[:cut], is_bold, sup, None))
                text = text[cut:]
            pieces.append((text, is_bold, sup, label))
        for text, is_bold, sup, label in pieces:
            w = measure(text, is_bold, size * (0.6 if sup else 1))
            space = 0 if (sup or not current) else measure(" ", False, size)
            if current and not sup and x + space + w > avail:
                lines.append(_Line(current, size, line_height, notes))
                current, notes, x, space = [], [], 0.0, 0
            current.append(((" " if space else "") + text, is_bold, sup))
            if label:
                notes.append(label)
            x += space + w
        if current:
            lines.append(_Line(current, size, line_height, notes))
        return lines

    def tokens_of(runs: list[Run], all_bold: bool = False):
        out = []
        for text, is_bold, label in runs:
            if label:
                out.append((label, False, True, label))
                continue
            for word in text.split():
                out.append((word, is_bold or all_bold, False, None))
        return out

    lines: list[_Line] = []
    for kind, level, runs in brief.blocks:
        if kind == "heading":
            size = 17 if level == 1 else 12.5
            block = wrap(tokens_of(runs, True), size, size * 1.3, text_width)
            block[0].space_before = 14
        else:
            block = wrap(tokens_of(runs), 10.5, 14.5, text_width)
            block[0].space_before = 7
        lines.extend(block)

    note_lines = {label: wrap([(w, False, False, None) for w in f"{label}) {text}".split()], 7.5, 9.5, text_width)
                  for label, text in brief.notes.items()}
    pages: list[tuple[list[_Line], list[str]]] = [([], [])]
    y = top
    for line in lines:
        body_lines, page_notes = pages[-1]
        reserve = sum(len(note_lines[n]) * 9.5 for n in page_notes) + (12 if page_notes else 0)
        extra = sum(len(note_lines[n]) * 9.5 for n in line.notes if n in note_lines) + (12 if line.notes and not page_notes else 0)
        needed = (line.space_before if body_lines else 0) + line.height
        if body_lines and y + needed > height - bottom - reserve - extra:
            pages.append(([], []))
            body_lines, page_notes = pages[-1]
            y = top
            needed = line.height
        y += needed
        body_lines.append(line)
        page_notes.extend(n for n in line.notes if n in note_lines)

    last_lines: list[str] = []
    for number, (body_lines, page_notes) in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("body", "", 7.5)
        pdf.text(margin, 34, running_header)
        pdf.text(width / 2 - 6, height - 26, f"- {number} -")
        y = top
        for i, line in enumerate(body_lines):
            y += (line.space_before if i else 0) + line.height
            x = margin
            for text, is_bold, sup in line.tokens:
                size = line.size * (0.6 if sup else 1)
                pdf.set_font("body", "B" if is_bold else "", size)
                _draw(pdf, x, y - (line.size * 0.38 if sup else 0), text, size)
                x += pdf.get_string_width(text)
        if number < len(pages) and body_lines:
            last_lines.append("".join(t for t, _, _ in body_lines[-1].tokens))
        if page_notes:
            total = sum(len(note_lines[n]) for n in page_notes) * 9.5
            ny = height - bottom - total
            pdf.line(margin, ny - 4, margin + 100, ny - 4)
            for label in page_notes:
                for nl in note_lines[label]:
                    ny += 9.5
                    pdf.set_font("body", "", 7.5)
                    _draw(pdf, margin, ny - 2, "".join(t for t, _, _ in nl.tokens), 7.5)
    return bytes(pdf.output()), last_lines


def _draw(pdf, x: float, baseline: float, text: str, size: float) -> None:
    """Text at a baseline; through ``cell`` so that glyphs missing from the font come from the fallback."""
    pdf.set_xy(x, baseline - size * 0.85)
    pdf.cell(text=text, h=size, new_x="RIGHT", new_y="TOP")


# --- PDF typeset by a real engine ------------------------------------------------------------
TYPESET_CSS = """
@page { size: 420pt 595pt; margin: 60pt 48pt 56pt 48pt;
  @top-left { content: "Online Series  |  CO 24-17"; font-size: 7.5pt; }
  @bottom-center { content: "- " counter(page) " -"; font-size: 7.5pt; }
  @footnote { border-top: 0.5pt solid black; padding-top: 4pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.4; text-align: justify; }
h1 { font-size: 17pt; line-height: 1.25; margin: 8pt 0 10pt; }
h2 { font-size: 12.5pt; margin: 0 0 6pt; }
h3 { font-size: 12pt; margin: 14pt 0 6pt; }
p { margin: 0 0 8pt; }
p.masthead { margin-bottom: 14pt; }
p.closing { font-size: 8pt; margin: 0 0 2pt; }
.note { float: footnote; font-size: 7.5pt; line-height: 1.3; text-align: left; }
::footnote-call { content: counter(footnote); vertical-align: super; font-size: 60%; line-height: 0; }
::footnote-marker { content: counter(footnote) " "; }
"""


def to_typeset_html(brief: Brief) -> str:
    """The brief as HTML for CSS paged media: notes floated to the page foot where they are cited,
    a running header and page numbers, the date and byline lines as the cover sets them, and the
    copyright and disclaimer in small type right under the last paragraph."""
    from html import escape

    def inline(runs: list[Run]) -> str:
        out = ""
        for text, bold, label in runs:
            if label:
                out += f'<span class="note">{escape(brief.notes[label])}</span>'
            elif bold:
                out += f"<strong>{escape(text)}</strong>"
            else:
                out += escape(text)
        return out

    parts = []
    first_heading = next(i for i, b in enumerate(brief.blocks) if b[0] == "heading" and b[1] == 1)
    for i, (kind, level, runs) in enumerate(brief.blocks):
        text = "".join(r[0] for r in runs).strip()
        if kind == "heading":
            parts.append(f"<h{level}>{inline(runs)}</h{level}>")
        elif i < first_heading + 2 and len(text.split()) <= 12:
            parts.append(f'<p class="masthead">{inline(runs)}</p>')  # the date line, the byline
        elif text.startswith(("©", "※")):
            parts.append(f'<p class="closing">{inline(runs)}</p>')
        else:
            parts.append(f"<p>{inline(runs)}</p>")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{TYPESET_CSS}</style></head>"
            f"<body>{''.join(parts)}</body></html>")


def to_typeset_pdf(brief: Brief) -> bytes:
    """The brief typeset by WeasyPrint (CSS paged media with ``float: footnote``)."""
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint.HTML(string=to_typeset_html(brief)).write_pdf()
