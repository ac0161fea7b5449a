"""PDF: the page layout read back into text and blocks (characters from PDFium, see ``_pdfium``).

What the layout says is turned into structure, by the shape of the text alone:

- the body size is the size most characters are set in; lines set larger, or short lines
  set wholly in bold that end no sentence (or ask a question), are headings, their level ranked
  by size; a heading set across both columns carries on in the line under it within one column;
- lines in small type at the foot of a page that open with a number are footnotes, and
  small raised numbers in the body are their markers;
- lines repeated at the top or bottom of many pages (running heads and feet) and page
  numbers are dropped;
- a vertical gutter splits a page into columns: two columns of text are read one after
  the other, a narrow column of side headings is read beside the text it heads, and a table the
  gutter split (both sides in small type, one side's lines each opening anew) is read as one table;
- lines are joined into paragraphs (a word the typesetter broke at the line end rejoined, a
  compound's hyphen kept: told apart by the parts' shape, the document's own words and habit), and a
  paragraph that a page break (and the footnotes under it) cut is joined again;
- a paragraph opening with a number or letter and a stop ("1.", "a)") is a numbered list item.

The blocks go to ``DocumentBuilder`` with their page, position, size and boldness.

Library warnings and logging never reach the terminal.
"""

from __future__ import annotations

import bisect
import logging
import re
import statistics
import warnings
from collections import Counter
from itertools import count
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import CorruptInput, EmptyInput, NeedsOCR
from ..lang import pack_languages
from ..lang.detect import stop_words as _stop_words
from ..lang.document import document_words
from ..model import TERMINAL, Document
from . import require
from .builder import BULLET_GLYPHS, DocumentBuilder, Inline, fold, list_marker
from ._pdfium import Word

__all__ = ["read_pdf"]

_CID = re.compile(r"\(cid:\d+\)")
# a line that opens with a bullet in the layout: the typeset glyphs, dashes and boxes, and what a font
# without a Unicode map leaves of them ("(cid:n)", private-use characters)
_BULLET = re.compile(r"^(?:\(cid:\d+\)|[%s■□◆◇►▶–—∙·*-]|\uf0b7|\uf0a7)\s*" % BULLET_GLYPHS)
_NOTE_LABEL = re.compile(r"^(\d{1,3}|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})[.)]?$")
_NOTE_START = re.compile(r"^(\d{1,3}|[*†‡§])[.)]?\s+(?=\S)")
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
# what is set small and raised inside a line of larger type: a note's marker, an ordinal's ending ("51st")
_MARKER_LIKE = re.compile(r"^(?:[\d*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}[.,;:)]?|[^\W\d_]{1,3})$")
# a table's note under it ("a. For these programs …", "* Estimate."): no cell of the table
_TABLE_NOTE = re.compile(r"^\s*(?:[a-z]{1,2}[.)]|\(?[a-z]\)|\d{1,2}[.)]|[*†‡§]+)\s+\S")
_ITALIC = re.compile(r"italic|oblique", re.I)
_LOGGERS = ("pypdfium2", "PIL")
_ROWS = count(1)  # the row numbers that tie the pieces of one split line together


@dataclass
class Line:
    words: list[Word]
    page: int
    column: int = 0  # 0: full width or the only column; 1: left; 2: right
    kind: str = "body"  # body | furniture | note
    row: int | None = None  # pieces of one line split at wide gaps share a row: table cells
    marker_words: set[int] = field(default_factory=set)  # indices of raised footnote markers
    band: int | None = None  # lines of one table that a page's gutter split into two columns share a band

    @cached_property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @cached_property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @cached_property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @cached_property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @cached_property
    def size(self) -> float:
        """The size most of the line's characters are set in (raised markers aside)."""
        sizes = Counter()
        for i, w in enumerate(self.words):
            if i not in self.marker_words:
                sizes[round(w.size, 1)] += len(w.text)
        return sizes.most_common(1)[0][0] if sizes else round(self.words[0].size, 1)

    @cached_property
    def bold(self) -> bool:
        letters = [w for i, w in enumerate(self.words) if i not in self.marker_words and re.search(r"\w", w.text)]
        return bool(letters) and all(w.bold for w in letters)

    @cached_property
    def italic(self) -> bool:
        """Every word with letters set in a font its name calls italic or oblique."""
        letters = [w for i, w in enumerate(self.words) if i not in self.marker_words and re.search(r"[^\W\d_]", w.text)]
        return bool(letters) and all(_ITALIC.search(w.font or "") for w in letters)


class _Quiet:
    """Silence the PDF library's logging and warnings while a PDF is read."""

    def __enter__(self):
        self._levels = {}
        for name in _LOGGERS:
            logger = logging.getLogger(name)
            self._levels[name] = (logger.level, logger.propagate)
            logger.setLevel(logging.CRITICAL + 1)
            logger.propagate = False
        self._warnings = warnings.catch_warnings()
        self._warnings.__enter__()
        warnings.simplefilter("ignore")
        return self

    def __exit__(self, *exc):
        self._warnings.__exit__(*exc)
        for name, (level, propagate) in self._levels.items():
            logger = logging.getLogger(name)
            logger.setLevel(level)
            logger.propagate = propagate
        return False


def read_pdf(data: bytes, name: str = "document.pdf") -> Document:
    """Read a PDF's text layer into a ``Document``: its text, and its blocks in ``layout``."""
    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        raise CorruptInput(f"{name} is not a PDF (its content does not start with %PDF)")
    require("pdf", "pypdfium2")
    from ._pdfium import extract

    with _Quiet():
        pages, info, images = extract(data, name)
    if not any(pages):
        if images:
            raise NeedsOCR(f"{name} has no text layer, only images of its pages: OCR is needed "
                           "(e.g. 'ocrmypdf in.pdf out.pdf') before it can be mapped")
        raise EmptyInput(f"{name} is empty: its pages hold no text to map")
    title = info.get("Title")
    if isinstance(title, bytes):
        title = title.decode("utf-8", errors="ignore")
    builder = _read_layout(pages, title if isinstance(title, str) else None)
    document = builder.build(name, "pdf")
    for key in ("Title", "Author", "Subject", "CreationDate"):
        value = info.get(key)
        if isinstance(value, bytes):
            value = value.decode("utf-8", errors="ignore")
        if isinstance(value, str) and value.strip():
            value = fold(value)
            m = re.match(r"^D:(\d{4})(\d{2})(\d{2})", value)
            if key == "CreationDate" and m:
                value = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
            document.metadata.extra[f"pdf_{key.lower()}"] = value
    document.metadata.extra["pdf_pages"] = str(len(pages))
    return document


# --- lines and columns -----------------------------------------------------------------
def _group_lines(words: list[Word], page: int, column: int = 0) -> list[Line]:
    """Words into lines: a word joins the line whose first words' extent it overlaps most."""
    lines: list[Line] = []
    # per line: top, bottom, the first word's size, whether the first word looks like a marker
    extents: list[tuple[float, float, float, bool]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        best, best_overlap = None, 0.5
        wt, wb, ws = w.top, w.bottom, w.size
        w_marker = None
        for i in range(max(0, len(lines) - 6), len(lines)):
            top, bottom, fs, f_marker = extents[i]
            if wt >= bottom:
                continue  # no overlap at all (the common case: a line above)
            big, small = (fs, ws) if fs >= ws else (ws, fs)
            if big > 1.6 * (small if small > 0.1 else 0.1):
                if w_marker is None:
                    w_marker = bool(_MARKER_LIKE.match(w.text))
                if not (w_marker or f_marker):
                    continue  # text in very different sizes that merely overlaps in height: a running head over a title
            overlap = (bottom if bottom < wb else wb) - (top if top > wt else wt)
            height = bottom - top if bottom - top < wb - wt else wb - wt
            ratio = overlap / (height if height > 0.5 else 0.5)
            if ratio > best_overlap:
                best, best_overlap = i, ratio
        if best is None:
            lines.append(Line([w], page, column))
            extents.append((wt, wb, ws, bool(_MARKER_LIKE.match(w.text))))
        else:
            lines[best].words.append(w)
    out: list[Line] = []
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
        out.extend(_split_wide_gaps(line))
    return out


def _split_wide_gaps(line: Line) -> list[Line]:
    """A line with a wide empty stretch is two pieces of text that merely share a height."""
    pieces: list[list[Word]] = [[line.words[0]]]
    for w in line.words[1:]:
        previous = pieces[-1][-1]
        if w.x0 - previous.x1 > 3 * max(w.size, previous.size):
            pieces.append([w])
        else:
            pieces[-1].append(w)
    if len(pieces) == 1:
        return [line]
    row = next(_ROWS)  # not id(line): the line is dropped here, and its id may be given to the next one
    return [Line(p, line.page, line.column, row=row) for p in pieces]


def _find_gutter(words: list[Word], width: float) -> float | None:
    """The x of an empty vertical strip with text on both sides, if the page has one."""
    if len(words) < 40:
        return None
    lo, hi = int(width * 0.2), int(width * 0.8)
    crossing = [0] * (hi - lo)
    for w in words:
        for x in range(max(lo, int(w.x0) + 1), min(hi, int(w.x1))):
            crossing[x - lo] += 1
    best: tuple[int, int] | None = None
    start = None
    limit = max(1, len(words) // 200)
    for i, c in enumerate(crossing + [limit + 1]):
        if c <= limit and start is None:
            start = i
        elif c > limit and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    if best is None or best[1] - best[0] < 6:
        return None
    x = lo + (best[0] + best[1]) / 2
    left = sum(1 for w in words if w.x1 <= x)
    right = sum(1 for w in words if w.x0 >= x)
    if left < 8 or right < 8:
        return None
    return x


_LABEL_WORD = re.compile(r"^(?:[%s■□◆◇►▶–—∙·*-]|\uf0b7|\uf0a7|\(?[0-9a-zA-Z]{1,3}[.)])$" % BULLET_GLYPHS)


def _cell_starts(line: Line) -> list[float]:
    """Where the line's cells begin: its left edge and each word after a gap wider than word spacing.

    A gap after a bullet or a list label ("a.", "(2)") opens no cell: the item's text is one cell
    (also where a line holds two columns of text, the second's item set beside the first's text)."""
    starts = [line.x0]
    for i, (a, b) in enumerate(zip(line.words, line.words[1:])):
        if b.x0 - a.x1 > 1.2 * max(a.size, b.size) and not _LABEL_WORD.match(a.text):
            starts.append(b.x0)
    return starts


def _cells(line: Line) -> list[list[Word]]:
    """The line's words cut at its cell starts."""
    cells: list[list[Word]] = [[line.words[0]]]
    cut = set(_cell_starts(line)[1:])
    for w in line.words[1:]:
        if w.x0 in cut:
            cells.append([w])
        else:
            cells[-1].append(w)
    return cells


def _near(x: float, xs, tolerance: float = 3.0) -> bool:
    return any(abs(x - y) <= tolerance for y in xs)


def _mark_tables(lines: list[Line]) -> list[Line]:
    """Rows of a table set with narrow gutters: lines whose cells begin at the same places.

    Wide gaps already split a line into cells (``_split_wide_gaps``); a table whose columns stand
    closer is found by alignment. Rows of two or more cells whose cells begin at shared places
    (at least two rows having each place) make a table with the rows between them whose text
    begins only at those places (a cell's text run on to the next line); the lines after the
    last row that carry a cell on, inside the table's right-hand columns, belong to it too.
    Each row is split into its cells and the pieces share a row number, as wide-gap rows do.
    Prose never has word gaps aligned down several lines.
    """
    out: list[Line] = []
    for column in sorted({l.column for l in lines if l.kind == "body" and l.band is None}):
        body = sorted((l for l in lines if l.kind == "body" and l.band is None and l.column == column),
                      key=lambda l: (l.top, l.x0))
        rows: list[list[Line]] = []  # physical rows: the pieces of one split line, or one line
        for line in body:
            if rows and line.row is not None and rows[-1][0].row == line.row:
                rows[-1].append(line)
            else:
                rows.append([line])
        starts = [sorted(x for piece in row for x in _cell_starts(piece)) for row in rows]
        multi = [i for i, xs in enumerate(starts) if len(xs) >= 2]
        shared = []
        for i in multi:
            for x in starts[i][1:]:
                if sum(1 for j in multi if _near(x, starts[j])) >= 2 and not _near(x, shared):
                    shared.append(x)
        table: set[int] = set()
        if shared:
            run: list[int] = []
            for i, xs in enumerate(starts):
                left = min(xs)
                # a cell carried on in the first column ends before the second begins; prose runs across
                fits = all(_near(x, shared) or (x == left and (not run or _near(x, [min(starts[run[0]])]))
                                                and (len(xs) > 1 or max(l.x1 for l in rows[i]) < min(shared) - 3))
                           for x in xs)
                aligned = i in multi and all(_near(x, shared) for x in xs[1:])
                close = not run or rows[i][0].top - max(l.bottom for l in rows[run[-1]]) <= 2.5 * rows[i][0].size
                if run and fits and close:
                    run.append(i)
                elif aligned:
                    run = [i]
                else:
                    run = []
                    continue
                if aligned and sum(1 for j in run if j in multi) >= 2:
                    table.update(run)
                elif run and run[0] in multi and i not in multi and min(xs) > min(starts[run[0]]) + 3 and (
                        any(j in table for j in run)):
                    table.add(i)  # a cell carried on below the last row
        if table:
            # two columns of prose beside each other (a gutter the page's width hides): a column's
            # lines run on, many opening in lower case; the cells of a table's rows do not
            by_start: dict[int, list[str]] = {}
            for i in sorted(table):
                if i in multi:
                    for cell in (c for piece in rows[i] for c in _cells(piece)):
                        key = min(range(len(shared) + 1), key=lambda k: abs(([min(starts[i])] + shared)[k] - cell[0].x0))
                        by_start.setdefault(key, []).append(cell[0].text)
            if any(len(texts) >= 3 and sum(1 for t in texts[1:] if t[:1].islower()) >= 0.4 * (len(texts) - 1)
                   for texts in by_start.values()):
                table = set()
        for i, row in enumerate(rows):
            if i not in table:
                out.extend(row)
                continue
            number = next(_ROWS)
            for piece in row:
                out.extend(Line(c, piece.page, piece.column, row=number) for c in _cells(piece))
    out.extend(l for l in lines if l.kind != "body" or l.band is not None)
    return out


# --- the document ------------------------------------------------------------------------
def _read_layout(pages: list[list[Word]], title: str | None = None) -> DocumentBuilder:
    body = _body_size(pages)
    for words in pages:
        _join_drop_caps(words, body)
    page_lines: list[list[Line]] = [_group_lines(list(words), number) for number, words in enumerate(pages)]
    _mark_furniture(page_lines, pages, body)
    _mark_contents(page_lines)
    for number, lines in enumerate(page_lines):
        furniture = [line for line in lines if line.kind == "furniture"]
        words = [w for line in lines if line.kind != "furniture" for w in line.words]
        gutter = _find_gutter(words, pages[number].width) if words else None
        if gutter is None:
            page_lines[number] = furniture + _group_lines(words, number)
            continue
        left: list[Word] = []
        right: list[Word] = []
        spanning: list[Line] = []
        for line in lines:
            if line.kind == "furniture":
                continue
            lw = [w for w in line.words if w.x1 <= gutter]
            rw = [w for w in line.words if w.x0 >= gutter]
            if len(lw) + len(rw) < len(line.words) or (
                    lw and rw and rw[0].x0 - lw[-1].x1 < 0.6 * max(lw[-1].size, rw[0].size)):
                line.column = 0  # a heading across both columns: the gutter falls between two of its words
                spanning.append(line)
            else:
                left.extend(lw)
                right.extend(rw)
        page_lines[number] = (furniture + _group_lines(left, number, 1) + _group_lines(right, number, 2)
                              + spanning)
    for number, lines in enumerate(page_lines):
        _mark_gutter_tables(lines, body)
        _mark_notes(lines, body)
        page_lines[number] = _mark_tables(lines)
    if len(page_lines) > 1:
        _mark_first_page_foot(page_lines[0], body)
    labels = {_note_label(line) for lines in page_lines for line in lines if line.kind == "note" and _note_label(line)}
    for lines in page_lines:
        for line in lines:
            if line.kind == "body":
                _mark_markers(line, labels)
    styles = _heading_styles(page_lines, body)
    builder = DocumentBuilder()
    _write(builder, page_lines, body, styles, labels, title, _vocabulary(page_lines))
    return builder


def _join_drop_caps(words: list[Word], body: float) -> None:
    """A drop cap (a paragraph's first letter set large over several of its lines) is the first letter
    of the word beside its top: joined to it, it is no heading of one letter ranked above the title."""
    for cap in [w for w in words if len(w.text) == 1 and w.text.isalpha() and w.size >= 2.5 * body]:
        beside = [w for w in words if w is not cap and w.size < 1.6 * body and cap.top - body <= w.top < cap.bottom
                  and 0 <= w.x0 - cap.x1 <= 2 * body]
        if not beside:
            continue
        first = min(beside, key=lambda w: (round(w.top), w.x0))
        if not first.text[:1].isalpha():
            continue
        first.text = cap.text + first.text
        words.remove(cap)


def _body_size(pages: list[list[Word]]) -> float:
    """The size most characters in the upper half of the pages are set in.

    Footnotes stand at the page foot: in a report whose notes hold more words than its
    body they would outweigh the body if the whole page counted.
    """
    upper: Counter = Counter()
    everywhere: Counter = Counter()
    for words in pages:
        half = getattr(words, "height", 0) * 0.5
        for w in words:
            size = round(w.size, 1)
            everywhere[size] += len(w.text)
            if w.top < half:
                upper[size] += len(w.text)
    return (upper or everywhere).most_common(1)[0][0]


def _norm_furniture(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def _mark_furniture(page_lines: list[list[Line]], pages, body: float | None = None) -> None:
    """Running heads and feet (repeated near the page edges) and page numbers."""
    counts: Counter = Counter()
    edge: list[list[Line]] = []
    for number, lines in enumerate(page_lines):
        height = pages[number].height
        near = [l for l in lines if l.top < height * 0.12 or l.bottom > height * 0.88]
        # also the first and last two lines of a page, wherever they stand
        ordered = sorted(lines, key=lambda l: l.top)
        for l in ordered[:2] + ordered[-2:]:
            if l not in near:
                near.append(l)
        edge.append(near)
        for key in {(_norm_furniture(l.text), round(l.size)) for l in near}:
            counts[key] += 1
    repeat = max(2, round(len(page_lines) * 0.3)) if len(page_lines) >= 3 else 2
    for number, near in enumerate(edge):
        height = pages[number].height
        for l in near:
            key = (_norm_furniture(l.text), round(l.size))
            at_edge = l.top < height * 0.12 or l.bottom > height * 0.88
            small_head = at_edge and body is not None and l.size < body * 0.92 and (
                counts[key] >= 2 or any(o is not l and o.size > l.size and _norm_furniture(o.text) == key[0]
                                        for o in page_lines[number]))  # a small head repeating the page's heading
            if (len(page_lines) > 1 and (counts[key] >= repeat or small_head)) or (
                    at_edge and document_words().page_number.match(l.text.strip())):
                l.kind = "furniture"


_ENDS_IN_NUMBER = re.compile(r"(^|\s|\.)(\d{1,4}|[ivxlc]{1,6})$", re.I)


def _mark_contents(page_lines: list[list[Line]]) -> None:
    """A table of contents (a "Contents" line, then entries with page numbers) is not argument."""
    for lines in page_lines:
        ordered = sorted((l for l in lines if l.kind == "body"), key=lambda l: (l.top, l.x0))
        start = next((i for i, l in enumerate(ordered) if document_words().contents.match(l.text.strip())), None)
        if start is None:
            continue
        entries = ordered[start + 1:]
        last = max((i for i, l in enumerate(entries) if _ENDS_IN_NUMBER.search(l.text.strip())), default=None)
        if last is None:
            continue
        entries = entries[: last + 1]  # the contents end with the last entry that gives a page number
        numbered = sum(1 for l in entries if _ENDS_IN_NUMBER.search(l.text.strip()))
        if numbered >= max(2, 0.3 * len(entries)):
            for l in [ordered[start]] + entries:
                l.kind = "furniture"


def _mark_gutter_tables(lines: list[Line], body: float) -> None:
    """A table that a page's gutter split into two columns: its cells read as two columns of text.

    The columns' lines between two full-width lines (or the page's edges) are a table's when both columns
    hold four lines or more, all of them in type smaller than the body's, and in one of them (six lines or
    more) almost no line opens in lower case: the cells of a table's column each open anew, where a column
    of text runs its sentences on from line to line. The band's lines are marked and read as one table.
    """
    body_lines = [l for l in lines if l.kind == "body"]
    if not any(l.column for l in body_lines):
        return
    spanning = sorted(l.top for l in body_lines if l.column == 0)
    bands: dict[int, list[Line]] = {}
    for line in body_lines:
        if line.column:
            bands.setdefault(bisect.bisect(spanning, line.top), []).append(line)
    for band in bands.values():
        sides = [[l for l in band if l.column == c] for c in (1, 2)]
        if min(len(side) for side in sides) < 4 or any(l.size > body * 0.95 for l in band):
            continue
        if not any(len(side) >= 6 and sum(1 for l in side if l.text[:1].islower()) < 0.2 * len(side)
                   for side in sides):
            continue
        number = next(_ROWS)
        for line in band:
            line.band = number


def _band_rows(band: list[Line], labels) -> list[list[Inline]]:
    """A gutter-split table's lines as rows: the lines that stand at one height, left to right."""
    rows: list[list[Line]] = []
    for line in sorted(band, key=lambda l: (l.top, l.x0)):
        if rows and abs(line.top - rows[-1][0].top) <= 0.3 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [[_line_text(l, labels, inline_bold=not l.bold) for l in sorted(row, key=lambda l: l.x0)] for row in rows]


def _note_label(line: Line) -> str | None:
    first = line.words[0].text
    if first.startswith("§") and len(line.words) > 1 and line.words[1].text[:1].isdigit():
        return None  # "§§ 321, 355)": a citation of sections carried over from the line before, not a note's label
    m = _NOTE_LABEL.match(first)
    if m and (len(line.words) > 1 or re.search(r"[.)]$", first)):
        return _sup(m.group(1))
    m = re.match(r"^(\d{1,3})(?=[A-Z“\"‘'(\[])", first)  # a label set tight against the note: "1As"
    if m and line.words[0].size < line.size * 0.9:
        return m.group(1)
    m = _NOTE_START.match(line.text)
    return _sup(m.group(1)) if m else None


def _sup(label: str) -> str:
    return label.translate(str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890"))


def _mark_notes(lines: list[Line], body: float) -> None:
    """Footnotes: the run of small-type lines at the page foot that opens with a label."""
    content = [l for l in lines if l.kind != "furniture" and l.band is None]
    if not content:
        return
    small = body * 0.92
    # columns are read one after the other; notes stand at the foot of the whole page or of each column
    for column in sorted({l.column for l in content}):
        col = sorted([l for l in content if l.column in (column, 0)] if column else content, key=lambda l: l.top)
        tail: list[Line] = []
        for line in reversed(col):
            if line.size <= small:
                tail.insert(0, line)
            else:
                break
        if not tail:
            continue
        above = col[: len(col) - len(tail)]
        body_above = any(abs(l.size - body) < 0.6 and len(l.words) > 3 for l in above)
        start = _note_start(tail, body_above)
        if start is None:
            if len(tail) <= 4 and _looks_continued(tail):
                for l in tail:
                    l.kind = "note"  # a note running on from the previous page
            continue
        for l in tail[start:]:
            l.kind = "note"
        if start and (_looks_continued(tail[:start]) or not body_above
                      or _set_with_the_notes(tail, start, above[-1] if above else None)):
            for l in tail[:start]:
                l.kind = "note"  # the end of a note begun on the previous page


def _mark_first_page_foot(lines: list[Line], body: float) -> None:
    """Small type under the first page's text that is no footnote: a box of what the publisher says of the
    series ("Prepared for Members and Committees of Congress"), its address and the report's number.

    Only below the last line of body type on a page of one column, so nothing of the text can follow it
    there; and only on the first page, where no note runs on from a page before (what opens with no label at the
    foot of a later page may be a note carried over)."""
    text = [l for l in lines if l.kind == "body" and abs(l.size - body) < 0.6 and len(l.words) > 3]
    if not text or any(l.column for l in lines):
        return  # a cover, a page set wholly in small type (a summary), or columns (a table may end one lower)
    end = max(l.bottom for l in text)
    for line in lines:
        if line.kind == "body" and line.size <= body * 0.92 and line.top > end:
            line.kind = "furniture"


def _set_with_the_notes(tail: list[Line], start: int, above: Line | None) -> bool:
    """Small lines before a page's first note that are set as one block with the notes under them
    and apart from the body above (the gap over the notes' area): a note carried over from the page before."""
    if above is None:
        return False
    lead = tail[:start + 1]
    gaps = [b.top - a.bottom for a, b in zip(lead, lead[1:])]
    size = tail[start].size
    widest = max(gaps) if gaps else 0.0
    return tail[0].top - above.bottom > widest + 0.5 * size and widest <= 0.6 * size


def _note_start(tail: list[Line], body_above: bool) -> int | None:
    """Where the notes begin in the small type at a page foot: the first line opening with a label.

    Below body text the small type is set apart already. On a page with no body text above it
    (a page of notes run on, or a summary page set wholly in smaller type) a label must be set
    apart itself, smaller or raised: a line opening with a number there may carry a paragraph on.
    """
    labelled = [i for i, l in enumerate(tail) if _note_label(l)]
    if not labelled:
        return None
    if body_above:
        return labelled[0]
    return next((i for i in labelled if _label_set_apart(tail[i])), None)


def _label_set_apart(line: Line) -> bool:
    first = line.words[0]
    rest = [w for w in line.words[1:] if re.search(r"\w", w.text)]
    if not rest:
        return False
    size = max(w.size for w in rest)
    baseline = max(w.bottom for w in rest)
    return first.size < size * 0.9 or first.bottom < baseline - size * 0.15


def _looks_continued(lines: list[Line]) -> bool:
    first = lines[0].text.strip()
    return bool(first) and (first[0].islower() or first[0] in "(“\"'")


def _mark_markers(line: Line, labels: set[str]) -> None:
    """Raised small numbers in a body line are footnote markers when a note carries that label."""
    if len(line.words) < 2 and not line.words[0].text[:1].isalpha():
        return
    size = line.size
    baseline = max(w.bottom for w in line.words if w.size >= size * 0.95) if any(w.size >= size * 0.95 for w in line.words) else line.bottom
    for i, w in enumerate(line.words):
        if w.size < size * 0.85 and _sup(w.text.strip(".,;:")) in labels and w.bottom < baseline - size * 0.12:
            line.marker_words.add(i)
    if line.marker_words:
        line.__dict__.pop("size", None)  # measured again without the markers
        line.__dict__.pop("bold", None)


def _heading_styles(page_lines: list[list[Line]], body: float) -> dict[tuple[float, bool], int]:
    """Heading levels: distinct (size, bold) styles above the body, largest first."""
    styles: Counter = Counter()
    for lines in page_lines:
        for line in lines:
            if line.kind == "body" and line.band is None and _heading_like(line, body):
                styles[(line.size, line.bold)] += 1
    ranked = sorted(styles, key=lambda s: (-s[0], not s[1]))
    return {style: min(6, i + 1) for i, style in enumerate(ranked)}


def _heading_like(line: Line, body: float) -> bool:
    text = line.text.strip()
    words = len(text.split())
    if not re.search(r"[^\W\d_]", text) or words > 30:
        return False
    if line.size >= body * 1.15:
        return True
    # a short line wholly in bold that does not end a sentence, or asks ("Does the GAOA Expire?")
    return line.bold and line.size >= body * 0.95 and words <= 15 and (
        not TERMINAL.search(text.rstrip("*")) or text.rstrip("*").endswith("?"))


#: what a link's box takes in around its anchor words ("(Title I),"): no part of the anchor
_AROUND_ANCHOR = "([{“‘\"'.,;:!?)]}”’"


def _merge_links(inline: Inline) -> Inline:
    """Links to one address with only white space between them are one link (a box per line or word)."""
    merged: list[tuple[int, int, str]] = []
    for a, b, target in inline.links:
        if merged and merged[-1][2] == target and not inline.text[merged[-1][1]:a].strip():
            merged[-1] = (merged[-1][0], b, target)
        else:
            merged.append((a, b, target))
    inline.links = merged
    return inline


def _line_text(line: Line, labels, inline_bold: bool) -> Inline:
    """A line's words, raised markers as marks (``labels`` maps (page, label) to the note's key),
    bold words in a line not wholly bold as bold runs, words under a link annotation as links."""
    out = Inline()
    bold_start: int | None = None
    previous: Word | None = None
    for i, w in enumerate(line.words):
        tight = previous is not None and w.x0 - previous.x1 < 0.08 * w.size
        previous = w
        if i in line.marker_words:
            if bold_start is not None:
                out.runs.append((bold_start, len(out.text)))
                bold_start = None
            label = _sup(w.text.strip(".,;:"))
            out.mark(labels(line.page, label) if callable(labels) else label)
            continue
        text = _CID.sub("", w.text)
        if not text:
            continue
        gap = "" if not out.text or tight else " "
        if inline_bold and w.bold and re.search(r"\w", w.text) and bold_start is None:
            bold_start = len(out.text) + len(gap)
        elif inline_bold and bold_start is not None and not w.bold:
            out.runs.append((bold_start, len(out.text)))
            bold_start = None
        out.add(gap + text)
        if w.link:
            words = text.strip(_AROUND_ANCHOR) or text
            start = len(out.text) - len(text) + text.index(words)
            out.links.append((start, start + len(words), w.link))
    if bold_start is not None:
        out.runs.append((bold_start, len(out.text)))
    return _merge_links(out) if out.links else out


def _join(a: Inline, b: Inline, vocabulary: "_Vocabulary | None" = None) -> Inline:
    """Two lines of one paragraph: a hyphen at the line end is a word's break (rejoined) or a compound's
    own hyphen (kept, ``_line_end_hyphen``), a link that runs on to the next line is one link.

    Not where a note marker or a change into or out of bold stands between the lines: what
    ends or starts there is not one word run on.
    """
    joined = _join_lines(a, b, vocabulary)
    return _merge_links(joined) if joined.links else joined


def _join_lines(a: Inline, b: Inline, vocabulary: "_Vocabulary | None" = None) -> Inline:
    if not a.text:
        return b
    end = len(a.text)
    if (a.marks and a.marks[-1][0] == end) or (a.runs and a.runs[-1][1] == end) or (b.runs and b.runs[0][0] == 0):
        return a.add(" ").add(b)
    if a.text.endswith("\u00ad"):
        return a.cut_back(1).add(b)
    hyphen = _line_end_hyphen(a.text, b.text, vocabulary)
    if hyphen == "break":
        return a.cut_back(1).add(b)
    if hyphen == "compound":
        return a.add(b)
    if _CJK.match(a.text[-1]) and _CJK.match(b.text[:1] or " "):
        return a.add(b)  # CJK text runs on without spaces
    return a.add(" ").add(b)


# the last word of a line ending in a hyphen, set tight against what it follows ("regu-", "NOAA-", "U.S.-")
_HYPHENATED_END = re.compile(r"(?:^|\s)(\S*[\w.)\]’'])-$")
_PIECE = re.compile(r"[^\W_]+")
_URL_LIKE = re.compile(r"://|^www\.|/|@")


def _line_end_hyphen(left: str, right: str, vocabulary: "_Vocabulary | None") -> str | None:
    """What a hyphen at a line's end is, from what a reader has: ``"break"`` (a word broken by the
    typesetter: "regu-" / "lation"), ``"compound"`` (the hyphen of a compound: "NOAA-" / "issued",
    "long-" / "term", "U.S.-" / "based"), ``"suspended"`` (a compound's first part before a joiner of
    the language: "short-" / "and long-term"), or None (no hyphen tight against a word there).

    Where nothing about the two parts tells (``_hyphen_evidence``), the document's own habit does: whether
    the line-end hyphens that the evidence decides in it are mostly breaks or mostly compounds (a
    typesetter that breaks words breaks many; one that does not leaves only compounds' hyphens at line
    ends). With no evidence either way, a break.
    """
    found = _hyphen_evidence(left, right, vocabulary)
    if found == "unknown":
        return vocabulary.habit if vocabulary is not None else "break"
    return found


def _hyphen_evidence(left: str, right: str, vocabulary: "_Vocabulary | None") -> str | None:
    """What the parts of a line-end hyphen and the document's vocabulary say it is; ``"unknown"`` if nothing.

    In this order: the shape of the parts (a web address or a part already hyphenated, a first part in
    capitals or with a digit or of one letter, a second part capitalised, a number, or hyphenated itself,
    keep the hyphen: a typesetter breaks none of these); a joiner of a pack's language opening the next
    line; the document's own vocabulary (the joined word or the hyphenated form used elsewhere in it, the
    more used one winning); the language's own lexicon offline (spaCy's stop words hold closed compounds:
    "however", "without", "something"); a first part that is the last of a compound already ("non-elections-"
    / "specific"); both parts words the document uses on their own inside its lines, or the first part the
    first of other hyphenated words in it ("non-", "self-"): a compound.
    """
    end = _HYPHENATED_END.search(left)
    if end is None or not right[:1].isalnum():
        return None
    stem = end.group(1)
    token = right.split(maxsplit=1)[0]
    first = _PIECE.findall(stem)
    second = _PIECE.match(token)
    if not first or second is None:
        return "compound"
    first, second = first[-1], second.group(0)
    if (_URL_LIKE.search(stem) or not stem[-1].isalpha() or len(first) == 1 or len(second) == 1
            or any(c.isupper() for c in first[1:]) or any(c.isdigit() for c in first)
            or not second[:1].islower() or "-" in token.rstrip("-.,;:)]’'\"”")):
        return "compound"
    if document_words().suspended_joiner.match(right):
        return "suspended"
    joined, hyphenated = (first + second).lower(), f"{first}-{second}".lower()
    if vocabulary is not None:
        as_one, as_two = vocabulary.words[joined], vocabulary.words[hyphenated] + vocabulary.pairs[hyphenated]
        if as_one != as_two:
            return "break" if as_one > as_two else "compound"
    if any(joined in _stop_words(lang) for lang in pack_languages()):
        return "break"
    if "-" in stem:
        return "compound"
    if vocabulary is not None and (vocabulary.prefixes[first.lower()]
                                   or (vocabulary.inner[first.lower()] and vocabulary.inner[second.lower()])):
        return "compound"
    return "unknown"


@dataclass
class _Vocabulary:
    """The document's own words, the evidence for what a hyphen at a line's end is.

    ``words``: every word form as written (lower case, a hyphenated compound whole), but the hyphenated
    last word of a line; ``pairs``: each two neighbouring parts of a compound of three or more ("day-to",
    "to-day"); ``inner``: the words the text uses inside a line (not opening one, where a broken word's
    second part stands), the parts of compounds among them; ``prefixes``: the first parts of compounds.
    """

    words: Counter = field(default_factory=Counter)
    pairs: Counter = field(default_factory=Counter)
    inner: Counter = field(default_factory=Counter)
    prefixes: Counter = field(default_factory=Counter)
    habit: str = "break"  # what the document's line-end hyphens the evidence decides mostly are


_EDGE_PUNCT = re.compile(r"^[^\w]+|[^\w]+$")


def _vocabulary(page_lines: list[list[Line]]) -> _Vocabulary:
    vocabulary = _Vocabulary()
    for lines in page_lines:
        for line in lines:
            if line.kind == "furniture":
                continue
            tokens = [t for w in line.words for t in w.text.split()]
            for i, token in enumerate(tokens):
                if i == len(tokens) - 1 and token.endswith("-"):
                    continue  # a hyphen at the line's end: what it is, is what is asked
                if _URL_LIKE.search(token):
                    continue
                form = _EDGE_PUNCT.sub("", token).lower()
                if not form:
                    continue
                vocabulary.words[form] += 1
                parts = form.split("-")
                if len(parts) > 2:
                    for a, b in zip(parts, parts[1:]):
                        vocabulary.pairs[f"{a}-{b}"] += 1
                if len(parts) > 1 and parts[0]:
                    vocabulary.prefixes[parts[0]] += 1
                if i > 0:
                    for part in parts:
                        if part:
                            vocabulary.inner[part] += 1
    habits: Counter = Counter()
    for lines in page_lines:
        notes = sorted((l for l in lines if l.kind == "note"), key=lambda l: (l.column, l.top))
        for ordered in (_reading_order(lines), notes):
            for a, b in zip(ordered, ordered[1:]):
                end = _HYPHENATED_END.search(a.text)
                if end is None or _URL_LIKE.search(end.group(1)) or not end.group(1)[-1].isalpha() \
                        or not b.text[:1].islower():
                    continue  # a web address, a number, a name: no word a typesetter might have broken
                found = _hyphen_evidence(a.text, b.text, vocabulary)
                if found in ("break", "compound"):
                    habits[found] += 1
    if habits["compound"] > habits["break"]:
        vocabulary.habit = "compound"
    return vocabulary


def _bullet_glyph(drawn: str) -> str:
    """The bullet an item opens with, as the page shows it: a symbol font's private-use code or an
    unmapped glyph ("(cid:108)") is drawn as a bullet, and recorded as "•"."""
    glyph = drawn.strip()
    if glyph.startswith("(cid:") or (len(glyph) == 1 and 0xE000 <= ord(glyph) <= 0xF8FF):
        return "•"
    return glyph or "•"


@dataclass
class _Para:
    kind: str  # heading | paragraph | item | table
    text: Inline
    level: int = 0
    style: tuple = ()
    bottom: float = 0.0
    x0: float = 0.0
    page: int = 0
    column: int = 0
    rows: list[list[Inline]] = field(default_factory=list)
    row: int | None = None
    top: float = 0.0
    x1: float = 0.0
    marker: str = "•"  # an item's bullet as drawn
    italic: bool = False  # every line of it in italics

    def evidence(self) -> dict:
        """What the layout says of the block, for ``Document.layout``."""
        size, bold = self.style if self.style else (None, None)
        return {"page": self.page, "bbox": (round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1)),
                "font_size": size, "bold": bold}


def _reading_order(lines: list[Line]) -> list[Line]:
    """Columns read one after the other; a narrow column of side headings beside its text."""
    body = [l for l in lines if l.kind == "body"]
    if not any(l.column for l in body):
        return sorted(body, key=lambda l: (round(l.top), l.x0))
    left = [l for l in body if l.column == 1]
    right = [l for l in body if l.column == 2]
    left_chars = sum(len(l.text) for l in left)
    right_chars = sum(len(l.text) for l in right)
    side_heads = left and right and left_chars < 0.25 * (left_chars + right_chars) and \
        all(len(l.text.split()) <= 12 for l in left)
    if side_heads:
        # each run of side-heading lines is read whole, before the text line it stands beside
        groups: list[list[Line]] = []
        for line in sorted(left, key=lambda l: l.top):
            if groups and line.top - groups[-1][-1].bottom < line.size * 0.8:
                groups[-1].append(line)
            else:
                groups.append([line])
        rest = sorted([l for l in body if l.column != 1], key=lambda l: (round(l.top), l.x0))
        out = []
        for line in rest:
            while groups and groups[0][0].top <= line.top + 3:
                out.extend(groups.pop(0))
            out.append(line)
        for group in groups:
            out.extend(group)
        return out
    out: list[Line] = []
    band: list[Line] = []
    for line in sorted(body, key=lambda l: (round(l.top), l.x0)):
        if line.column == 0:
            out.extend(sorted(band, key=lambda l: (l.column, l.top)))
            band = []
            out.append(line)
        else:
            band.append(line)
    out.extend(sorted(band, key=lambda l: (l.column, l.top)))
    return out


def _sentence_like(text: str) -> bool:
    """Text in heading type that reads as prose: long, or closed by a full stop after several words."""
    words = text.split()
    if len(words) > 30:
        return True
    if len(words) > 2 and text.endswith(":"):
        return True  # a list's introduction
    return len(words) > 6 and bool(re.search(r"[.;,][\"'”’)\]]*$", text))


def _words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _title_from_info(paras: list[_Para], title: str | None) -> None:
    """The heading the PDF's own Title names is the title; the cover lines before it are masthead."""
    if not title:
        return
    want = Counter(_words_of(title))
    best, best_score = None, 0.0
    for i, p in enumerate(paras[:40]):
        if p.kind != "heading" or p.page > 2:
            continue
        have = Counter(_words_of(p.text.text))
        score = sum((want & have).values()) / max(1, sum(want.values()))
        if score > best_score:
            best, best_score = i, score
    if best is None or best_score < 0.6:
        return
    cover = paras[best].page
    cover_words = sum(len(p.text.text.split()) for p in paras if p.page == cover and p.kind != "heading")
    if cover_words < 80:
        # a cover page: what stands on it besides the title is masthead, read before the title
        others = [p for i, p in enumerate(paras) if p.page == cover and i > best]
        for p in others:
            paras.remove(p)
            if p.kind == "heading":
                p.kind = "paragraph"
                p.text = p.text.plain()
        paras[best:best] = others
        best += len(others)
    for p in paras[:best]:
        if p.kind == "heading":
            p.kind = "paragraph"
            p.text = p.text.plain()
    for p in paras[best + 1:]:
        if p.kind == "heading" and p.level <= 1:
            p.level = 2
    paras[best].level = 1


def _note_keys(page_lines: list[list[Line]]):
    """Markers to notes when numbering restarts (a letter, then appendices): a marker cites the note
    with its label on its own page, else the next page that has one, else the last before it."""
    seen: Counter = Counter()
    where: dict[str, list[tuple[int, str]]] = {}
    for number, lines in enumerate(page_lines):
        for line in sorted((l for l in lines if l.kind == "note"), key=lambda l: (l.column, l.top)):
            label = _note_label(line)
            if not label:
                continue
            seen[label] += 1
            key = label if seen[label] == 1 else f"{label}-{seen[label]}"
            where.setdefault(label, []).append((number, key))

    def resolve(page: int, label: str) -> str:
        places = where.get(label)
        if not places:
            return label
        after = [key for p, key in places if p >= page]
        return after[0] if after else places[-1][1]

    return resolve


def _write(builder: DocumentBuilder, page_lines: list[list[Line]], body: float,
           styles: dict[tuple[float, bool], int], labels: set[str], title: str | None = None,
           vocabulary: _Vocabulary | None = None) -> None:
    def join(a: Inline, b: Inline) -> Inline:
        return _join(a, b, vocabulary)

    paras: list[_Para] = []
    notes: list[list] = []
    labels = _note_keys(page_lines)
    pitches = []
    for lines in page_lines:
        ordered = sorted((l for l in lines if l.kind == "body" and abs(l.size - body) < 0.6), key=lambda l: l.top)
        pitches += [b.top - a.top for a, b in zip(ordered, ordered[1:]) if 0 < b.top - a.top < body * 3 and a.column == b.column]
    pitch = statistics.median(pitches) if pitches else body * 1.3
    lead = _line_gap(page_lines, body)
    # a paragraph break in body type: a gap wider than the lines' own by a third of the type size (a
    # space after paragraphs of 6 points under 10-point type), or than three quarters of a line's pitch;
    # lines in other type (a heading's) break at the latter
    break_gap = min(pitch * 0.75, lead + 0.35 * body)
    for number, lines in enumerate(page_lines):
        previous: Line | None = None
        current: _Para | None = None
        page_start = True
        rights: dict[int, float] = {}  # the right edge of the body text in each column
        for line in lines:
            if line.kind == "body" and abs(line.size - body) < 0.6 and line.row is None:
                rights[line.column] = max(rights.get(line.column, 0.0), line.x1)
        bands_read: set[int] = set()
        for line in _reading_order(lines):
            if line.band is not None:
                if line.band not in bands_read:  # a table the gutter split, read whole where it begins
                    bands_read.add(line.band)
                    band = [l for l in lines if l.band == line.band]
                    paras.append(_Para("table", Inline(), page=number, column=0, rows=_band_rows(band, labels),
                                       top=min(l.top for l in band), bottom=max(l.bottom for l in band),
                                       x0=min(l.x0 for l in band), x1=max(l.x1 for l in band),
                                       style=(line.size, line.bold)))
                current, previous, page_start = None, None, False
                continue
            text = _line_text(line, labels, inline_bold=not line.bold)
            if not text.text.strip():
                continue
            in_table = current is not None and current.kind == "table" and previous is not None \
                and line.column == current.column
            table_gap = line.top - previous.bottom if in_table else None
            # a table shown as one by two rows of short cells at least (a row of long ones may be a page's
            # text beside a side box)
            tabular = in_table and _tabular(current.rows)
            if line.row is not None and line.kind == "body":
                # cells of a table row: kept apart as a table, not read as prose
                if in_table and current.row == line.row:
                    current.rows[-1].append(text)
                elif in_table and (0 <= table_gap <= pitch or (
                        # rows set wide apart in small type, a figure beside a cell's lines (not a note under the
                        # table whose label stands apart from its text)
                        tabular and line.size <= body * 0.95 and -body <= table_gap <= 1.6 * body
                        and not _TABLE_NOTE.match(line.text + " x"))):
                    current.rows.append([text])
                    current.row = line.row
                else:
                    current = _Para("table", Inline(), x0=line.x0, page=number, column=line.column, rows=[[text]],
                                    row=line.row, top=line.top, x1=line.x1, bottom=line.bottom,
                                    style=(line.size, line.bold))
                    paras.append(current)
                current.x1 = max(current.x1, line.x1)
                page_start = False
                previous = line
                continue
            if in_table:
                if 0 <= table_gap <= pitch * 0.75 and line.x0 > current.x0 + body:
                    current.rows[-1][-1] = join(current.rows[-1][-1], text)  # a cell's text runs on
                    previous = line
                    continue
                if (tabular and line.size <= body * 0.95 and -body <= table_gap <= 1.6 * body and line.x0 >= current.x0 - 3
                        and line.x1 <= current.x1 + 3 and line.x1 - line.x0 <= (current.x1 - current.x0) * 2 / 3
                        and not _TABLE_NOTE.match(line.text)):
                    # a line of the table's small type within one part of its width: a cell's line of its own
                    # or a row of one cell (the source and notes under a table run across it)
                    current.rows.append([text])
                    previous = line
                    continue
            if current is not None and current.kind == "table":
                current = None
            if (page_start and current is None and paras and paras[-1].kind == "table" and paras[-1].style
                    and abs(line.size - paras[-1].style[0]) < 0.6 and line.size <= body * 0.95
                    and not _TABLE_NOTE.match(line.text)):
                paras[-1].rows.append([text])  # a table's small type carried on at the top of the next page
                previous, page_start = line, False
                continue
            bullet = bool(_BULLET.match(line.text)) and len(line.text) > 2
            heading = _heading_like(line, body) and not bullet
            style = (line.size, line.bold)
            gap = line.top - previous.bottom if previous is not None and previous.column == line.column else None
            if (heading and current is not None and current.kind in ("item", "paragraph") and style == current.style
                    and gap is not None and 0 <= gap <= line.size * 0.6):
                heading = False  # the next line of a list item or paragraph set in larger type
            if (not heading and not bullet and current is not None and current.kind == "heading"
                    and style == current.style and gap is not None and 0 <= gap <= line.size * 0.6
                    and len(current.text.text.split()) + len(line.text.split()) <= 30):
                heading = True  # a heading's last line, ending in "?" or "." ("… Cracks in Control?")
            right = rights.get(line.column)
            # a heading set across both columns whose last line falls within one ("… Securing Election" /
            # "Systems"): the line right under it, in its style, carries it on
            heading_on = (heading and current is not None and current.kind == "heading" and style == current.style
                          and previous is not None and previous.column == 0 and line.column != 0
                          and 0 <= line.top - previous.bottom <= line.size * 0.6)
            # a full-width paragraph whose last line falls within one column, opening in lower case right under it
            run_on = (not heading and not bullet and current is not None and current.kind == "paragraph"
                      and style == current.style and previous is not None and previous.column == 0 and line.column != 0
                      and 0 <= line.top - previous.bottom <= line.size * 0.6 and line.text[:1].islower())
            new = (
                current is None
                or heading != (current.kind == "heading")
                or (heading and (style != current.style or (gap is not None and gap > pitch * 1.2)))
                or bullet
                or (previous is not None and line.column != previous.column and not heading_on and not run_on)
                # lines side by side in no part (a side box's date line, then the text beside the box)
                or (previous is not None and (line.x0 >= previous.x1 or previous.x0 >= line.x1))
                or (gap is not None and (gap > (break_gap if not heading and abs(line.size - body) < 0.6 else pitch * 0.75)
                                         or gap < -pitch))
                # text set in another size below a paragraph (a figure's source line, then the body) starts anew
                or (previous is not None and not heading and abs(line.size - previous.size) >= max(1.0, body * 0.1))
                or (not heading and previous is not None and line.x0 - previous.x0 > body * 1.2 and current.kind == "paragraph"
                    and TERMINAL.search(current.text.text))
                # a line ending before the middle of the column ended its paragraph ("©KINU 2024", then a disclaimer)
                or (not heading and previous is not None and current.kind == "paragraph" and right is not None
                    and previous.column == line.column and previous.x1 < previous.x0 + 0.5 * (right - previous.x0))
            )
            if new:
                kind = "heading" if heading else "item" if bullet else "paragraph"
                marker = "•"
                if bullet:
                    text = _line_text(line, labels, inline_bold=not line.bold)
                    drawn = _BULLET.match(text.text)
                    if drawn:
                        marker = _bullet_glyph(drawn.group(0))
                        text = text.cut_front(drawn.end())
                current = _Para(kind, text, styles.get(style, 6) if heading else 0, style, line.bottom, line.x0,
                                number, line.column, top=line.top, x1=line.x1, marker=marker, italic=line.italic)
                if page_start and paras and kind == "paragraph" and _continues(paras[-1], current):
                    paras[-1].text = join(paras[-1].text, current.text)
                    paras[-1].italic = paras[-1].italic and current.italic
                    current = paras[-1]
                else:
                    paras.append(current)
            else:
                current.text = join(current.text, text)
                current.italic = current.italic and line.italic
                if current.page == number:
                    current.bottom = max(current.bottom, line.bottom)
                    current.x0, current.x1 = min(current.x0, line.x0), max(current.x1, line.x1)
            page_start = False
            previous = line
        for line in sorted((l for l in lines if l.kind == "note"), key=lambda l: (l.column, l.top)):
            label = _note_label(line)
            if label and _NOTE_LABEL.match(line.words[0].text):
                rest = Line(line.words[1:], line.page, line.column)
                text = _line_text(rest, labels, inline_bold=False) if rest.words else Inline()
            else:
                text = _line_text(line, labels, inline_bold=False)
                start = _NOTE_START.match(text.text) if label else None
                if start:
                    text = text.cut_front(start.end())
            if label:
                notes.append([label, text.folded()])
            elif notes:
                notes[-1][1] = join(notes[-1][1], text)
            else:
                paras.append(_Para("paragraph", text, style=(line.size, line.bold), page=number, column=line.column,
                                   top=line.top, x0=line.x0, x1=line.x1, bottom=line.bottom))
    for p in paras:
        if p.kind == "table" and len(p.rows) < 2:
            p.kind, p.text = "paragraph", _joined(cell for row in p.rows for cell in row)  # one wide-spaced line is no table
        if p.kind == "heading" and _sentence_like(p.text.text):
            p.kind = "paragraph"  # larger type, but a sentence: a lead paragraph or a slide's text
    _title_from_info(paras, title)
    for p in paras:
        if p.kind == "heading":
            builder.heading(p.level, p.text, **p.evidence())
        elif p.kind == "item":
            builder.item(p.text, marker=p.marker, **p.evidence())
        elif p.kind == "table":
            builder.table([[cell.text for cell in row] for row in p.rows], **p.evidence())
        elif (item := list_marker(p.text.text)) is not None:
            # a numbered paragraph, or a bullet left at the head of one (a table row read as text)
            marker, cut = item
            builder.item(p.text.cut_front(cut) if cut else p.text, marker=marker, **p.evidence())
        else:
            builder.paragraph(p.text, italic=p.italic, **p.evidence())
    for label, text in notes:
        builder.footnote(label, text)


def _tabular(rows: list[list[Inline]]) -> bool:
    """Two rows of several cells at least, their cells short: a table's, not prose set beside a box."""
    cells = [len(cell.text.split()) for row in rows if len(row) > 1 for cell in row]
    return sum(1 for row in rows if len(row) > 1) >= 2 and statistics.median(cells) <= 6


def _line_gap(page_lines: list[list[Line]], body: float) -> float:
    """The gap between consecutive lines of body text in one column (bottom to top): the median."""
    gaps: list[float] = []
    for lines in page_lines:
        for column in {l.column for l in lines}:
            ordered = sorted((l for l in lines if l.kind == "body" and l.column == column and abs(l.size - body) < 0.6
                              and l.row is None), key=lambda l: l.top)
            gaps += [b.top - a.bottom for a, b in zip(ordered, ordered[1:]) if 0 < b.top - a.top < body * 3]
    return max(0.0, statistics.median(gaps)) if gaps else body * 0.3


def _joined(pieces) -> Inline:
    out = Inline()
    for piece in pieces:
        if out.text:
            out.add(" ")
        out.add(piece)
    return out


def _continues(previous: _Para, current: _Para) -> bool:
    """A paragraph cut by a page break: the first text of a page carries on the last."""
    if previous.kind not in ("paragraph", "item"):
        return False
    if previous.style and current.style and abs(previous.style[0] - current.style[0]) >= 0.6:
        return False  # text in another size (a box's or a cover's last line) is not what the page carries on
    tail = previous.text.text.rstrip()
    return not TERMINAL.search(tail) or current.text.text[:1].islower()
