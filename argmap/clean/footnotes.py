"""Footnotes: which blocks are note bodies, and the notes they make.

Strong shapes ("¹ …", "<sup>1</sup> …") are notes wherever they stand; weak ones ("1) …", "[1] …",
"1. …") only when a marker cites them or under a Notes heading. Markdown's footnote definitions
("[^1]: …") and the DOCX, HTML and PDF readers' notes come with their role and label already.
"""

from __future__ import annotations

import re

from ..model import Footnote, text_from_spans
from .inline import MARK_STRONG, MARK_WEAK, note_label
from .structure import RawBlock, Scan, pieces, plain

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
    for pattern in _DEF_STRONG:
        m = pattern.match(segment)
        if m and segment[m.end():].strip():
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


def find_footnotes(scan: Scan) -> None:
    """Mark footnote bodies: strong shapes always; weak ones when cited or under a Notes heading."""
    text, blocks = scan.text, scan.blocks
    strong_marks, weak_marks = _marker_labels(text)
    strong_marks |= {c.label for b in blocks for c in b.given if c.kind == "footnote"}  # markers a reader placed
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
    for b in blocks:
        if b.role == "footnote":
            previous_note = b
            continue
        if (b.kind == "paragraph" and "\n" not in text[b.start:b.end].strip()
                and scan.lexicon.is_notes_heading(_heading_text(text, b).rstrip(":"))):
            b.kind, b.level = "heading", 2  # "Notes" or "**References**" on a line of its own
        if b.kind == "heading":
            in_notes = scan.lexicon.is_notes_heading(_heading_text(text, b))
            if in_notes:
                b.role = "notes_heading"
            previous_note = None
            continue
        if b.kind == "break":
            previous_note = None
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
            # a note running on over several paragraphs, or a reference list entry
            b.role = "footnote_more" if previous_note is not None else "reference"
            if previous_note is None:
                previous_note = b
                b.footnote_label = None
            continue


def collect_footnotes(scan: Scan) -> None:
    text = scan.text
    current: Footnote | None = None
    unlabeled = 0
    for b in scan.blocks:
        if b.role == "footnote":
            spans, _ = pieces(text, b, b.content_start, b.end, set())
            label = b.footnote_label or ""
            key = label
            n = 2
            while key in scan.footnotes:  # a label used twice: keep both notes
                key = f"{label}#{n}"
                n += 1
            current = Footnote(label=key, spans=spans, text=text_from_spans(text, spans))
            scan.footnotes[key] = current
        elif b.role == "footnote_more" and current is not None:
            spans, _ = pieces(text, b, b.start, b.end, set())
            current.spans.extend(spans)
            current.text = text_from_spans(text, current.spans)
        elif b.role == "reference":
            unlabeled += 1
            spans, _ = pieces(text, b, b.content_start or b.start, b.end, set())
            key = f"ref{unlabeled}"
            current = Footnote(label=key, spans=spans, text=text_from_spans(text, spans))
            scan.footnotes[key] = current
        elif b.kind == "heading" or b.kind == "break":
            current = None
