"""Footnotes: which blocks are note bodies, and the notes they make.

Strong shapes ("¹ …", "<sup>1</sup> …") are notes wherever they stand; weak ones ("1) …", "[1] …",
"1. …") only when a marker cites them or under a Notes heading. Markdown's footnote definitions
("[^1]: …") and the DOCX, HTML and PDF readers' notes come with their role and label already.
Which paragraphs of a notes section are a second copy of notes given before is decided once, in
``find_footnotes``; ``collect_footnotes`` sets them aside.
"""

from __future__ import annotations

import re

from ..model import Footnote, text_from_spans
from .inline import MARK_STRONG, MARK_WEAK, note_label
from .structure import TERMINAL, RawBlock, Scan, pieces, plain

__all__ = ["find_footnotes", "collect_footnotes"]

# Footnote definitions at the start of a block: the marker and the label it carries.
_DEF_STRONG = [
    re.compile(r"^\s*<sup>\s*\[?(\d{1,3}|[*†‡§])\]?\)?\s*</sup>\s*\)?[ \t]*"),
    re.compile(r"^\s*([¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})[ \t]*"),
]
_DEF_WEAK = [
    re.compile(r"^\s*(\d{1,3})\)[ \t]+"),
    re.compile(r"^\s*\[(\d{1,3})\][ \t]*"),
    re.compile(r"^\s*(\d{1,3})\.[ \t]+"),
    # "12 Author, Title (Place: Publisher, 2020)." - a bare number, then a capital, a quote or markup
    re.compile(r"^\s*(\d{1,3})[ \t]+(?=[A-Z“\"‘'_*\[(])"),
]


# In a reader's plain text only the strong shapes and these open a note the reader did not know as
# one: a raised or superscript number, or a bare number before a capital. "1." and "1)" open list
# items there, "[1]" is the text's own words. (Markdown's "[^1]: …" definitions are the parser's.)
_PLAIN_WEAK = [_DEF_WEAK[3]]


def _footnote_start(text: str, block: RawBlock) -> tuple[str, str, int] | None:
    """(label, strength, body offset) when a block opens like a footnote body."""
    segment = text[block.start:block.end]
    # a block in which the Markdown parser read a note reference ("[^1]") cites notes: body text, whatever opens it
    cites = block.parsed is not None and bool(block.parsed.notes)
    for pattern in _DEF_STRONG:
        m = pattern.match(segment)
        if m and segment[m.end():].strip() and not cites:
            return note_label(m.group(1)), "strong", block.start + m.end()
    if block.definitions:
        return None  # "[1]: https://…" says where reference links lead; it is no note
    for pattern in _DEF_WEAK if block.markup else _PLAIN_WEAK:
        m = pattern.match(segment)
        if m and segment[m.end():].strip():
            return m.group(1), "weak", block.start + m.end()
    return None


def _marker_labels(text: str) -> tuple[set[str], set[str]]:
    strong = {note_label(next(g for g in m.groups() if g)) for m in MARK_STRONG.finditer(text)}
    weak = {m.group(1) for m in MARK_WEAK.finditer(text)}
    return strong, weak


def _heading_text(text: str, block: RawBlock) -> str:
    return plain(text, block)


def _note_lines(text: str, block: RawBlock) -> list[tuple[int, int]]:
    """An unnumbered note block's notes: its lines when each is a sentence of its own (a capital
    first, a stop last), else the whole block."""
    start = block.content_start or block.start
    lines = []
    at = start
    for line in text[start:block.end].split("\n"):
        if line.strip():
            lines.append((at, at + len(line)))
        at += len(line) + 1
    if len(lines) > 1 and all(TERMINAL.search(text[a:b].rstrip()) and text[a:b].lstrip()[:1].isupper() for a, b in lines):
        return lines
    return [(start, block.end)]


# A row of a notes table, as a web page's notes come converted ("| 1. | Author, Title, 2020. "): the
# number's cell, then the note's; a line that opens no row carries the note above it on.
_NOTE_ROW = re.compile(r"^[ \t]*\|[ \t]*(\d{1,3})\.?[ \t]*\|[ \t]*")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t:|-]*-[ \t:|-]*$")


def _note_rows(text: str, block: RawBlock) -> list[tuple[str, list[tuple[int, int]]]]:
    """A notes table's notes, each its number and the pieces of its text (its cell, and the lines that
    carry it on), when the block's first row opens with a note's number; else none."""
    rows: list[tuple[str, list[tuple[int, int]]]] = []
    at = block.content_start or block.start
    for line in text[at:block.end].split("\n"):
        end = at + len(line)
        body = line.rstrip()
        body = body[:-1].rstrip() if body.endswith("|") and not body.endswith("\\|") else body
        m = _NOTE_ROW.match(line)
        if m:
            if at + m.end() < at + len(body):
                rows.append((m.group(1), [(at + m.end(), at + len(body))]))
        elif not rows and line.strip():
            if block.kind != "table":
                return []  # a paragraph that opens with no note's number is no notes table
        elif rows and line.strip() and not _TABLE_RULE.match(line) and block.kind != "table":
            rows[-1][1].append((at + len(line) - len(line.lstrip()), at + len(body)))
        at = end + 1
    return rows


def _table_header(text: str, block: RawBlock) -> list[tuple[int, int]]:
    """The lines of a notes table above its first numbered row ("| No. | Note |"): its header."""
    lines, at = [], block.content_start or block.start
    for line in text[at:block.end].split("\n"):
        if _NOTE_ROW.match(line):
            break
        if line.strip() and not _TABLE_RULE.match(line):
            lines.append((at, at + len(line)))
        at += len(line) + 1
    return lines


def find_footnotes(scan: Scan) -> None:
    """Mark footnote bodies: strong shapes always; weak ones when cited or under a Notes heading."""
    text, blocks = scan.text, scan.blocks
    strong_marks, weak_marks = _marker_labels(text)
    strong_marks |= {c.label for b in blocks for c in b.given if c.kind == "footnote"}  # markers a reader placed
    strong_marks |= {label for b in blocks if b.parsed is not None for label, _, _ in b.parsed.notes}  # and the parser read
    # A label with a note body of a telling shape ("¹ …", "[^1]: …", "[1] …", "1) …") is not also
    # the label of a numbered list item ("1. The government should …").
    telling: set[str] = set()
    for b in blocks:
        if b.role == "footnote":  # a note a reader handed over
            telling.add(b.footnote_label or "")
            continue
        shape = _footnote_start(text, b) if b.kind == "paragraph" else None
        if shape and (shape[1] == "strong" or not re.match(r"\s*\d{1,3}\.", text[b.start:b.end])):
            telling.add(shape[0])
        elif b.kind == "list_item" and b.list_marker and b.list_marker.endswith(")") and b.list_marker[:-1].isdigit():
            telling.add(b.list_marker[:-1])
    in_notes = False
    previous_note: RawBlock | None = None
    # the paragraphs of the unnumbered notes sections so far: a paragraph given again is a second copy of
    # a note (``duplicate_note``). A scraper's second copy ends its section at the first paragraph that is
    # new (the page's text follows): a copy of a note of the same section, or two or more notes of earlier
    # sections in a row. One entry a bibliography shares with the notes before it ends nothing.
    note_texts: set[str] = set()
    section_texts: set[str] = set()
    copied_here = False  # this section has given one of its own notes again
    repeats_in_a_row = 0
    for index, b in enumerate(blocks):
        if b.role == "footnote":
            previous_note = b
            continue
        if in_notes and b.kind in ("paragraph", "list_item") and _ends_notes(scan, b):
            in_notes = False  # a disclaimer or a copyright line: the publisher's, not a note
        if (b.kind == "paragraph" and "\n" not in text[b.start:b.end].strip()
                and scan.lexicon.is_notes_heading(_heading_text(text, b).rstrip(":"))
                and not _under_table(scan, index)):
            b.kind, b.level = "heading", 2  # "Notes" or "**References**" on a line of its own
        if b.kind == "heading":
            in_notes = scan.lexicon.is_notes_heading(_heading_text(text, b)) and not _under_table(scan, index)
            repeats_in_a_row, copied_here, section_texts = 0, False, set()
            if in_notes:
                b.role = "notes_heading"
                scan.set_aside.append({"kind": "notes_heading", "text": _heading_text(text, b), "spans": [[b.start, b.end]]})
            previous_note = None
            continue
        if b.kind == "break":
            previous_note = None
            continue
        if b.kind == "table" and in_notes and _note_rows(text, b):
            b.role = "reference"  # a notes table: its rows are the notes (``collect_footnotes``)
            previous_note = b
            continue
        if b.kind not in ("paragraph", "list_item"):
            continue
        start = _footnote_start(text, b) if b.kind == "paragraph" else None
        if b.kind == "list_item" and b.list_marker and b.list_marker[:-1].isdigit():
            label = b.list_marker[:-1]
            if b.list_marker.endswith(")") or label not in telling or in_notes:
                start = (label, "weak", b.content_start)
        if start:
            label, strength, body = start
            cited = label in strong_marks or label in weak_marks
            if strength == "strong" or cited or in_notes:
                b.role = "footnote"
                b.footnote_label = label
                b.content_start = body
                previous_note = b
                continue
        if in_notes:
            # a numbered note running on over several paragraphs; else a note of its own (see
            # ``collect_footnotes``): a reference list entry, or an endnote whose number was lost
            said = plain(text, b)
            again = said in note_texts
            if not again and (copied_here or repeats_in_a_row >= 2):
                in_notes = False  # the notes given twice over, then something new: the page's, not a note
                continue
            copied_here = copied_here or said in section_texts
            repeats_in_a_row = repeats_in_a_row + 1 if again else 0
            note_texts.add(said)
            section_texts.add(said)
            if previous_note is not None and previous_note.role == "footnote":
                b.role = "footnote_more"
            else:
                b.role = "duplicate_note" if again else "reference"  # a scraper's second copy: set aside
                b.footnote_label = None
                previous_note = b
            continue


def _under_table(scan: Scan, index: int) -> bool:
    """Whether the block at ``index`` ("Notes:") stands just under a table or a figure's caption: then it
    opens the table's note, a caption, and not the document's notes section."""
    for previous in reversed(scan.blocks[max(0, index - 3):index]):
        if previous.kind == "break":
            continue
        if previous.kind == "table" or previous.role == "table":
            return True
        line = plain(scan.text, previous) if previous.kind in ("paragraph", "heading") else ""
        if line and (scan.lexicon.is_caption(line) or scan.lexicon.is_caption_note(line)):
            return True
        if previous.kind != "paragraph" or len(line.split()) > 12:
            return False  # a short label line between the caption and its note, else the body
    return False


def _ends_notes(scan: Scan, block: RawBlock) -> bool:
    """A disclaimer or copyright line ends a notes section: what follows is the publisher's page."""
    line = plain(scan.text, block)
    return scan.lexicon.is_disclaimer(line) or scan.lexicon.copyright_notice(line)


def collect_footnotes(scan: Scan) -> None:
    """The notes the blocks make: a numbered note with the paragraphs that carry it on; each paragraph
    of an unnumbered notes section a note of its own (or each line, where every line is one), as the
    guide counts one evidence unit per note. Such notes cite no label, so ``link`` hangs them from the
    major claim (``UNCITED_FOOTNOTE``): a web page's notes that lost their numbers cannot be paired
    with the sentences that cite them by order alone, since a note may run over several paragraphs.
    The numbered notes of a notes section (a list, or a table's rows: "| 1. | Author, Title. ") are
    ``listed``: where the body lost their markers, ``note_placement.place_unmarked_notes`` places them in their order."""
    text = scan.text
    current: Footnote | None = None
    unlabeled = 0
    listed = False  # under a notes heading: its numbered notes are in the order the text cites them
    for b in scan.blocks:
        if b.kind == "heading":
            listed = b.role == "notes_heading"
        if b.role == "footnote":
            spans, _ = pieces(text, b, b.content_start, b.end, set())
            label = b.footnote_label or ""
            key = label
            n = 2
            while key in scan.footnotes:  # a label used twice: keep both notes
                key = f"{label}#{n}"
                n += 1
            current = Footnote(label=key, spans=spans, text=text_from_spans(text, spans), listed=listed)
            scan.footnotes[key] = current
        elif b.role == "footnote_more" and current is not None:
            spans, _ = pieces(text, b, b.start, b.end, set())
            current.spans.extend(spans)
            current.text = text_from_spans(text, current.spans)
        elif b.role == "reference" and (rows := _note_rows(text, b)):
            current = None
            for start, end in _table_header(text, b):
                scan.set_aside.append({"kind": "notes_heading", "text": text[start:end].strip(), "spans": [[start, end]]})
            for label, pieces_of_note in rows:  # a notes table: each row a numbered note
                spans = [s for start, end in pieces_of_note for s in pieces(text, b, start, end, set())[0]]
                key, n = label, 2
                while key in scan.footnotes:
                    key = f"{label}#{n}"
                    n += 1
                scan.footnotes[key] = Footnote(label=key, spans=spans, text=text_from_spans(text, spans), listed=True)
        elif b.role in ("reference", "duplicate_note"):
            current = None
            for start, end in _note_lines(text, b):
                spans, _ = pieces(text, b, start, end, set())
                note_text = text_from_spans(text, spans)
                if b.role == "duplicate_note":  # a second copy of notes given before (``find_footnotes``): said so
                    scan.set_aside.append({"kind": "duplicate_note", "text": note_text, "spans": [list(s) for s in spans]})
                    continue
                unlabeled += 1
                key = f"ref{unlabeled}"
                current = Footnote(label=key, spans=spans, text=note_text)
                scan.footnotes[key] = current
        elif b.kind == "heading" or b.kind == "break":
            current = None
