"""The document a reader hands over: one plain text, and the blocks it found with offsets into it.

The PDF, HTML and DOCX readers know a document's structure (headings and their level, list
items and their depth, footnotes and the places that cite them, tables, bold runs, pages,
positions and font sizes). They say so with ``DocumentBuilder``: it writes each block's
words once into one plain text (blocks separated by a blank line, footnotes last) and keeps
a ``Block`` per block in ``Document.layout`` whose span, citations and bold runs point into
that text. The cleaning reads these blocks instead of guessing the structure back.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from ..model import Block, Citation, Document, Span

__all__ = ["DocumentBuilder", "Inline", "fold", "list_marker", "BULLET_GLYPHS"]

_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SOFT = re.compile(r"[\u00ad\u200b\ufeff]")
_SPACE_CHARS = frozenset(" \t\u00a0\u202f\u205f\u3000\r\n") | frozenset(chr(c) for c in range(0x2000, 0x200B))
_SOFT_CHARS = frozenset("\u00ad\u200b\ufeff")


#: the glyphs a typeset bullet is drawn with; a reader's plain text may open an item with "-" or "+" too
BULLET_GLYPHS = "•▪◦‣●"
# a numbered item: "1. ", "12) ", "a) " (a single letter and a full stop is an initial: "A. Smith")
_NUMBERED_ITEM = re.compile(r"^(\d{1,3}[.)]|[a-zA-Z]\))[ \t]+(?=\S)")
_BULLET_ITEM = re.compile(r"^([-+%s])[ \t]+(?=\S)" % BULLET_GLYPHS)


def list_marker(text: str) -> tuple[str, int] | None:
    """How a paragraph's plain text opens as a list item: its marker and how many characters to cut
    (none for a number, which is part of the item's text; the bullet and its space), else None."""
    numbered = _NUMBERED_ITEM.match(fold(text))
    if numbered:
        return numbered.group(1), 0
    bullet = _BULLET_ITEM.match(text)
    return (bullet.group(1), bullet.end()) if bullet else None


def fold(text: str) -> str:
    """White space folded to single spaces, soft hyphens and zero-width marks dropped."""
    text = _SOFT.sub("", text)
    text = text.replace("\r", " ").replace("\n", " ")
    return _SPACE.sub(" ", text).strip()


class Inline:
    """A block's words as a reader gathers them: the text, the notes cited in it, the runs in bold.

    ``marks`` are (offset, label) pairs: a note marker stood at that offset (it is not part of
    the text). ``runs`` are (start, end) pairs of text set in bold inside otherwise plain text;
    ``links`` (start, end, target) triples: anchor words and the address they link to.
    """

    __slots__ = ("text", "marks", "runs", "links")

    def __init__(self, text: str = "", *, bold: bool = False) -> None:
        self.text = ""
        self.marks: list[tuple[int, str]] = []
        self.runs: list[Span] = []
        self.links: list[tuple[int, int, str]] = []
        if text:
            self.add(text, bold=bold)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Inline({self.text!r}, marks={self.marks}, runs={self.runs}, links={self.links})"

    def add(self, piece: "str | Inline", *, bold: bool = False) -> "Inline":
        """Append text (a bold run when ``bold``, one with a bold run it meets but for a note
        marker between) or another ``Inline``, its marks, runs and links shifted."""
        offset = len(self.text)
        if isinstance(piece, Inline):
            self.text += piece.text
            self.marks.extend((offset + at, label) for at, label in piece.marks)
            self.runs.extend((offset + a, offset + b) for a, b in piece.runs)
            self.links.extend((offset + a, offset + b, target) for a, b, target in piece.links)
        elif piece:
            piece = unicodedata.normalize("NFC", piece)
            self.text += piece
            if bold:
                if self.runs and self.runs[-1][1] == offset and not any(at == offset for at, _ in self.marks):
                    self.runs[-1] = (self.runs[-1][0], len(self.text))
                else:
                    self.runs.append((offset, len(self.text)))
        return self

    def bold(self) -> "Inline":
        """All of it one bold run (the white space at its ends left out), as ``<b>…</b>`` sets it."""
        words = self.text.strip()
        if words:
            start = len(self.text) - len(self.text.lstrip())
            self.runs = [r for r in self.runs if not (start <= r[0] and r[1] <= start + len(words))]
            self.runs.append((start, start + len(words)))
            self.runs.sort()
        return self

    def link(self, target: str) -> "Inline":
        """All of it the anchor words of a link to ``target`` (the white space at its ends left out)."""
        words = self.text.strip()
        if words and target.strip():
            start = len(self.text) - len(self.text.lstrip())
            self.links.append((start, start + len(words), target.strip()))
        return self

    def mark(self, label: str) -> "Inline":
        """A note marker at the current end of the text."""
        self.marks.append((len(self.text), label))
        return self

    def cut_front(self, count: int) -> "Inline":
        """The text without its first ``count`` characters (a bullet, a note's number)."""
        out = Inline()
        out.text = self.text[count:]
        out.marks = [(max(0, at - count), label) for at, label in self.marks]
        out.runs = [(max(0, a - count), b - count) for a, b in self.runs if b > count]
        out.links = [(max(0, a - count), b - count, t) for a, b, t in self.links if b > count]
        return out

    def cut_back(self, count: int) -> "Inline":
        """The text without its last ``count`` characters (a hyphen at a line's end)."""
        out = Inline()
        end = len(self.text) - count
        out.text = self.text[:end]
        out.marks = [(min(at, end), label) for at, label in self.marks]
        out.runs = [(a, min(b, end)) for a, b in self.runs if a < end]
        out.links = [(a, min(b, end), t) for a, b, t in self.links if a < end]
        return out

    def plain(self) -> "Inline":
        """The same text, marks and links without bold runs."""
        out = Inline()
        out.text, out.marks, out.links = self.text, list(self.marks), list(self.links)
        return out

    def folded(self) -> "Inline":
        """``fold`` applied, marks and runs moved with the characters they stand by."""
        text = self.text
        chars: list[str] = []
        where = [0] * (len(text) + 1)
        i = 0
        while i < len(text):
            ch = text[i]
            where[i] = len(chars)
            if ch in _SOFT_CHARS:
                i += 1
            elif ch in _SPACE_CHARS:
                while i < len(text) and (text[i] in _SPACE_CHARS or text[i] in _SOFT_CHARS):
                    where[i] = len(chars)
                    i += 1
                chars.append(" ")
            else:
                chars.append(ch)
                i += 1
        where[len(text)] = len(chars)
        joined = "".join(chars)
        lead = len(joined) - len(joined.lstrip(" "))
        out = Inline()
        out.text = joined.strip(" ")
        size = len(out.text)

        def moved(at: int) -> int:
            return min(max(where[at] - lead, 0), size)

        def trimmed(a: int, b: int) -> Span:
            a, b = moved(a), moved(b)
            while a < b and out.text[a] == " ":
                a += 1
            while b > a and out.text[b - 1] == " ":
                b -= 1
            return a, b

        out.marks = [(moved(at), label) for at, label in self.marks]
        out.runs = [r for r in (trimmed(a, b) for a, b in self.runs) if r[1] > r[0]]
        out.links = [(a, b, t) for a, b, t in ((*trimmed(a, b), t) for a, b, t in self.links) if b > a]
        return out


def _inline(value: "str | Inline") -> Inline:
    return value if isinstance(value, Inline) else Inline(value)


class DocumentBuilder:
    """Collects a reader's blocks and footnotes and builds the ``Document`` they make."""

    def __init__(self) -> None:
        self._blocks: list[tuple[Block, Inline]] = []
        self._notes: list[tuple[str, Inline]] = []

    def _add(self, block: Block, inline: "str | Inline", *, runs: bool = True) -> None:
        inline = _inline(inline).folded()
        if not runs:
            inline = inline.plain()
        if inline.text:
            self._blocks.append((block, inline))

    def heading(self, level: int, inline: "str | Inline", **evidence) -> None:
        self._add(Block("heading", [], level=max(1, min(6, level)), **evidence), inline, runs=False)

    def paragraph(self, inline: "str | Inline", *, italic: bool = False, **evidence) -> None:
        """A paragraph; ``italic``: set wholly in italics (the reader saw it so), its words one italic run."""
        self._add(Block("paragraph", [], italic=[(0, 0)] if italic else [], **evidence), inline)

    def item(self, inline: "str | Inline", depth: int = 0, marker: str = "-", **evidence) -> None:
        """A list item; a ``marker`` that is part of the text ("1.", "a)": ``Block.numbered``) opens it,
        a bullet is not text (``list_marker`` tells them apart in a paragraph's text)."""
        self._add(Block("list_item", [], depth=depth, list_marker=marker, **evidence), inline)

    def table(self, rows: Iterable[Iterable[str]], **evidence) -> None:
        """Rows of cells, one line a row (the cleaning sets tables aside from the argument)."""
        lines = [" | ".join(fold(cell) for cell in row) for row in rows]
        lines = [line for line in lines if line.strip(" |")]
        if lines:
            self._blocks.append((Block("table", [], **evidence), Inline("\n".join(lines))))

    def footnote(self, label: str, inline: "str | Inline") -> None:
        inline = _inline(inline).folded().plain()
        if inline.text:
            self._notes.append((label, inline))

    def build(self, name: str, fmt: str) -> Document:
        """One text, blocks separated by a blank line and footnotes last, and the blocks over it."""
        parts: list[str] = []
        layout: list[Block] = []
        offset = 0

        def place(block: Block, inline: Inline) -> None:
            nonlocal offset
            if parts:
                parts.append("\n\n")
                offset += 2
            start, end = offset, offset + len(inline.text)
            block.spans = [(start, end)]
            block.citations = sorted(
                [Citation.footnote(label, (start + at, start + at)) for at, label in inline.marks]
                + [Citation.link(target, inline.text[a:b], (start + a, start + b)) for a, b, target in inline.links],
                key=lambda c: c.span)
            block.emphasis = [(start + a, start + b) for a, b in inline.runs]
            if block.italic:
                block.italic = [(start, end)]  # wholly in italics (``paragraph(italic=True)``)
            parts.append(inline.text)
            offset = end
            layout.append(block)

        for block, inline in self._blocks:
            place(block, inline)
        seen: set[str] = set()
        for label, inline in self._notes:
            key = label
            n = 2
            while key in seen:  # a label used twice: both notes kept
                key = f"{label}-{n}"
                n += 1
            seen.add(key)
            place(Block("footnote", [], label=key), inline.plain())
        text = "".join(parts) + "\n"
        return Document(text=text, name=name, format=fmt, layout=layout)
