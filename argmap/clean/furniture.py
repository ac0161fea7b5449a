"""Furniture: what a document carries that is not argument, set aside by kind.

Copyright and disclaimer lines (kept as metadata too), page separators, code and tables,
boilerplate; and report furniture: back matter, captions and their notes, datelines.
"""

from __future__ import annotations

import re

from ..model import SENTENCE_STOP, Metadata
from .inline import inline_pieces
from .metadata import IDENT, byline, date_line, only_date, publisher
from ..lang.document import document_words
from .structure import TERMINAL, RawBlock, Scan, emphasised, plain

__all__ = ["report_furniture", "page_furniture", "split_at_label_lines"]

_WORD = re.compile(r"\w", re.U)
#: a table's note opens with its mark: a letter or number and a stop or bracket, or a symbol
_TABLE_NOTE = re.compile(r"^\s*(?:[a-z]{1,2}[.)]|\(?[a-z]\)|\d{1,2}[.)]|[*†‡§]+)\s+\S")


def _set_aside(scan: Scan, block: RawBlock, role: str) -> None:
    block.role = role
    scan.set_aside.append({"kind": role, "text": plain(scan.text, block), "spans": [[block.start, block.end]]})


#: a line holding a label alone ("Disclaimer:"), its words and colon; a line ends at "\n", "\r\n" or "\r", as the
#: Markdown reader reads a text that ``clean`` is given as it is (the readers' own texts have "\n" alone)
_LABEL_LINE = re.compile(r"(?:^|(?<=\r))[ \t]*(\w[\w \t]{0,40}?)[ \t]*:[ \t]*(?:\\)?(?=[\r\n]|\Z)", re.M)
_LINE_BREAK = re.compile(r"\r\n?|\n")


def split_at_label_lines(scan: Scan) -> None:
    """A back-matter label on a line of its own inside a paragraph begins a block of its own.

    A web page saved as Markdown can run its "Disclaimer:" box on, indented, under the last list item
    or paragraph of the body: the parser reads one block, and the label and the publisher's text after
    it would be the body's last unit. Cut there, the label's block is read as any other back matter.
    """
    text, lexicon = scan.text, scan.lexicon
    out: list[RawBlock] = []
    for block in scan.blocks:
        out.append(block)
        if block.role is not None or block.kind not in ("paragraph", "list_item"):
            continue
        first_line_end = _LINE_BREAK.search(text, block.start, block.end)
        if first_line_end is None:
            continue
        for m in _LABEL_LINE.finditer(text, first_line_end.end(), block.end):
            if not lexicon.is_back_matter_heading(m.group(1)):
                continue
            tail = _split(block, text, m.start(1))
            if tail is not None:
                out.append(tail)
            break
    scan.blocks = out


def _split(block: RawBlock, text: str, at: int) -> RawBlock | None:
    """Cut ``block`` before ``at``: the block keeps what stands before, the returned one the rest."""
    end = at
    while end > block.start and text[end - 1].isspace():
        end -= 1
    if end <= (block.content_start or block.start):
        return None
    old_end = block.end
    inside = lambda spans: [s for s in spans if at <= s[0] and s[1] <= old_end]  # noqa: E731
    before = lambda spans: [s for s in spans if s[1] <= end]  # noqa: E731
    tail = RawBlock("paragraph", at, old_end, content_start=at, markup=block.markup, parsed=block.parsed,
                    given=[c for c in block.given if c.span is not None and at <= c.span[0]],
                    runs=inside(block.runs), italic=inside(block.italic))
    block.end, block.pieces = end, None
    block.given = [c for c in block.given if c.span is None or c.span[1] <= end]
    block.runs, block.italic = before(block.runs), before(block.italic)
    return tail


def _single_line(text: str, block: RawBlock) -> bool:
    return "\n" not in text[block.start:block.end].strip()


def report_furniture(scan: Scan) -> None:
    """Set aside what a report says about itself rather than argues, by kind.

    - back matter: a heading such as "Author Information" or "Disclaimer" and everything under it,
      with the author lines and the report number set just before it;
    - captions: "Figure 2. …", "Table 1: …", and the "Source:"/"Note:" lines that follow them;
    - datelines: a line that is only a date ("April 20, 2026", "Updated May 3, 2024").
    """
    text, blocks, lexicon = scan.text, scan.blocks, scan.lexicon
    back_level: int | None = None
    body_size = _body_size(blocks)
    for index, b in enumerate(blocks):
        if b.role in ("title", "footnote", "footnote_more", "reference", "duplicate_note", "notes_heading"):
            continue
        heading_like = b.kind == "heading" or (b.kind == "paragraph" and _single_line(text, b)
                                                and len(plain(text, b).split()) <= 5)
        level = b.level if b.kind == "heading" else 2
        if b.role is None and _labelled_back_matter(text, b, lexicon):
            if lexicon.is_disclaimer(plain(text, b)):
                continue  # "Disclaimer: …" is a disclaimer, kept as metadata with the others (``page_furniture``)
            _set_aside(scan, b, "back_matter")  # the paragraph alone: what follows it is not swallowed
            continue
        if heading_like and lexicon.is_back_matter_heading(plain(text, b)):
            if back_level is None:
                _author_lines_before(scan, index)
            back_level = level if back_level is None else min(back_level, level)
            _set_aside(scan, b, "back_matter")
            continue
        if back_level is not None:
            if b.kind == "heading" and b.level <= back_level:
                back_level = None  # the argument takes up again under a heading of its own
            elif b.role is None and _argues(scan, b):
                back_level = None  # a converter moved the heading: what cites a note or concludes is the body's
            elif b.role is None:
                _set_aside(scan, b, "back_matter")
                continue
        if b.role is not None or b.kind not in ("heading", "paragraph"):
            continue
        line = plain(text, b)
        if lexicon.is_caption(line) and len(line.split()) <= 40:
            _set_aside(scan, b, "caption")
            _caption_lines_before_table(scan, index)
            _figure_in_small_type(scan, index, body_size)
        elif lexicon.is_caption_note(line) and _after_caption(blocks, index, text):
            _set_aside(scan, b, "caption")
            _lettered_table_notes(scan, index)
            for previous in reversed(blocks[max(0, index - 6):index]):
                if previous.role is not None or previous.kind == "table":
                    break
                _set_aside(scan, previous, "caption")  # the figure's label lines between its caption and its source
            if not line.partition(":")[2].strip():
                # "Notes:" alone: the table's notes follow, each opening with its mark ("a.", "1.", "*");
                # the first paragraph without one is the body again
                for after in blocks[index + 1:]:
                    if after.kind == "break":
                        continue
                    if after.role is not None or after.kind != "paragraph" or not _TABLE_NOTE.match(plain(text, after)):
                        break
                    _set_aside(scan, after, "caption")
        elif _single_line(text, b) and only_date(line):
            if scan.metadata.date is None:
                date_line(line, scan.metadata)
            _set_aside(scan, b, "dateline")


def _body_size(blocks: list[RawBlock]) -> float | None:
    """The type size most of the paragraphs' text is set in, where the reader measured sizes (a PDF)."""
    sizes: dict[float, int] = {}
    for b in blocks:
        if b.size is not None and b.kind == "paragraph" and b.role is None:
            sizes[b.size] = sizes.get(b.size, 0) + b.end - b.start
    return max(sizes, key=sizes.get) if sizes else None


def _figure_in_small_type(scan: Scan, index: int, body_size: float | None) -> None:
    """What follows a caption in type smaller than the text's, up to the source line or the text's own
    type again, is the figure's or table's own (a chart's labels, a table's cells read as lines, a boxed
    list): the reader measured it so (a PDF); a format without sizes keeps the label-line rule alone."""
    if body_size is None:
        return
    lexicon = scan.lexicon
    for b in scan.blocks[index + 1:]:
        if b.kind == "break" or b.role is not None:
            continue  # a note or a running head between, or the table itself, already set aside
        if b.size is None or b.size >= body_size - 0.3:
            return
        line = plain(scan.text, b)
        if lexicon.is_caption_note(line) or lexicon.is_caption(line) or _TABLE_NOTE.match(line):
            return  # "Source: …", "a. …": the source and the table's notes, left to the rules for them
        _set_aside(scan, b, "caption")


#: a table's lettered note: "a. Report language …", "(b) Includes …"
_LETTERED_NOTE = re.compile(r"^\s*\(?([a-z])[.)]\s+\S")
#: the words of a table's subtitle or unit line between its caption and the table at most
_SUBTITLE_WORDS = 25


def _lettered_table_notes(scan: Scan, index: int) -> None:
    """The notes a table's marks point to ("a. …", "b. …"), in the order of the alphabet from "a", after its
    source or note line: the table's too. The first paragraph out of that order is the body again."""
    expected = "a"
    for after in scan.blocks[index + 1:]:
        if after.kind == "break":
            continue
        if after.role is not None or after.kind != "paragraph":
            break
        mark = _LETTERED_NOTE.match(plain(scan.text, after))
        if mark is None or mark.group(1) != expected:
            break
        _set_aside(scan, after, "caption")
        expected = chr(ord(expected) + 1)


def _caption_lines_before_table(scan: Scan, index: int) -> None:
    """A table's subtitle or unit line ("($ in millions)", "Share of …, by state, 2023") between its caption
    and the table: a short line that is no sentence, with the table right after it."""
    text, lines = scan.text, []
    for after in scan.blocks[index + 1:]:
        if after.kind == "break":
            continue
        if after.kind == "table" or after.role == "table":
            for line in lines:
                _set_aside(scan, line, "caption")
            return
        if (after.role is not None or after.kind not in ("paragraph", "heading") or len(lines) == 2
                or not _single_line(text, after)):
            return
        words = plain(text, after).split()
        if not words or len(words) > _SUBTITLE_WORDS or TERMINAL.search(" ".join(words)):
            return
        lines.append(after)


def _argues(scan: Scan, block: RawBlock) -> bool:
    """A paragraph that cites one of the document's notes or opens with a conclusion marker: back matter does neither."""
    if block.kind != "paragraph":
        return False
    _, citations = inline_pieces(scan.text, block.content_start or block.start, block.end, set(scan.footnotes))
    if any(c.kind == "footnote" for c in citations):
        return True  # a link is no sign: a back page carries the publisher's address as one
    first = scan.lexicon.markers(plain(scan.text, block))[:1]
    return bool(first) and first[0].initial and first[0].role == "conclusion"


def _labelled_back_matter(text: str, block: RawBlock, lexicon) -> bool:
    """"Disclaimer: These documents were prepared …": a back-matter heading run into its paragraph."""
    if block.kind != "paragraph":
        return False
    label, colon, rest = plain(text, block).partition(":")
    return bool(colon) and bool(rest.strip()) and len(label.split()) <= 4 and lexicon.is_back_matter_heading(label)


#: a figure's own label lines ("In thousands", "Millions of dollars", an axis title) have at most this many words
_LABEL_WORDS = 8


def _figure_label(text: str, block: RawBlock) -> bool:
    """A short line of a figure's own (its units, an axis or legend title): no sentence, no list."""
    if block.kind != "paragraph" or not _single_line(text, block):
        return False
    line = plain(text, block)
    return 0 < len(line.split()) <= _LABEL_WORDS and not TERMINAL.search(line) and not line.rstrip().endswith(":")


def _after_caption(blocks: list[RawBlock], index: int, text: str = "") -> bool:
    """Whether a figure's or table's caption or the table itself stands just before (a note, or the
    figure's own short label lines, between)."""
    for previous in reversed(blocks[max(0, index - 6):index]):
        if previous.role in ("caption", "table") or previous.kind == "table":
            return True
        if previous.role is None and not (text and _figure_label(text, previous)):
            return False
    return False


def _author_lines_before(scan: Scan, index: int) -> None:
    """Bylines and a bare report number set just before the back matter are the back matter's."""
    text = scan.text
    for b in reversed(scan.blocks[max(0, index - 4):index]):
        if b.role is not None and b.role not in ("footnote", "footnote_more"):
            break
        if b.role is not None or b.kind != "paragraph" or not _single_line(text, b):
            continue
        line = plain(text, b)
        raw = emphasised(text, b)
        if IDENT.match(line.strip("()[] ")):
            if scan.metadata.identifier is None:
                scan.metadata.identifier = line.strip("()[] ")
            _set_aside(scan, b, "identifier")
        elif byline(raw, Metadata()):
            if scan.metadata.author is None:
                byline(raw, scan.metadata)
            _set_aside(scan, b, "byline")
        else:
            break


def page_furniture(scan: Scan) -> None:
    """Copyright, disclaimers, page furniture, anywhere."""
    text, blocks, lexicon, metadata = scan.text, scan.blocks, scan.lexicon, scan.metadata
    for b in blocks:
        if b.role or b.kind in ("heading",):
            continue
        if b.kind in ("break",):
            b.role = "furniture"
            scan.set_aside.append({"kind": "page_break", "text": text[b.start:b.end], "spans": [[b.start, b.end]]})
            continue
        if b.kind in ("fence", "table"):
            b.role = "furniture"
            scan.set_aside.append({"kind": b.kind, "text": text[b.start:b.end], "spans": [[b.start, b.end]]})
            continue
        if b.definitions:
            b.role = "link_definition"  # "[ref]: target" lines: where the document's reference links lead
            scan.set_aside.append({"kind": b.role, "text": text[b.start:b.end].strip(), "spans": [[b.start, b.end]]})
            continue
        line = plain(text, b)
        if document_words().copyright.match(line) and len(line) < 200:
            b.role = "copyright"
            metadata.copyright = metadata.copyright or line
            metadata.publisher = metadata.publisher or publisher(line)
        elif lexicon.is_disclaimer(line):
            b.role = "disclaimer"
            metadata.disclaimer = metadata.disclaimer or re.sub(r"^※\s*", "", line)
        elif lexicon.is_boilerplate(line) or not _WORD.search(line):
            b.role = "furniture"
        if b.role:
            scan.set_aside.append({"kind": b.role, "text": line, "spans": [[b.start, b.end]]})
    _publisher_statement(scan)


#: a name inside a sentence: a capitalised word that does not open it
_NAME = re.compile(r"(?<=[\w,;:)] )[A-Z][\w&-]+")
#: the subject a line opens with, when it is a name: its capitalised words ("The Centre for Levies", "Ostfield")
#: (a short word in lower case may join them: "Centre for Levies")
_OPENING_NAME = re.compile(r"^(?:[A-Z][a-z]{0,3}\s+)?((?:[A-Z][\w&-]*\s+(?:[a-z&]{1,3}\s+)?)*[A-Z][\w&-]+)\s+[a-z]")


def _names(line: str) -> set[str]:
    return set(_NAME.findall(line))


def _opens_with_a_name(line: str, named: set[str]) -> bool:
    """Whether ``line``'s subject is a name among ``named``: the publisher speaking of itself."""
    m = _OPENING_NAME.match(line)
    return bool(m) and bool(set(re.findall(r"[A-Z][\w&-]+", m.group(1))) & named)


def _publisher_statement(scan: Scan) -> None:
    """The publisher's lines set just above the disclaimer or copyright line that closes the document:
    short, one sentence each, the first with the body the closing line names as its subject (the
    institute saying what it stands for, then who funds it). A line that argues (a marker, a modal of
    what should be done) is the body's, whoever it names, and so is every line above it."""
    text, blocks, lexicon = scan.text, scan.blocks, scan.lexicon
    end = len(blocks)
    while end and blocks[end - 1].role is not None and blocks[end - 1].role not in ("disclaimer", "copyright"):
        end -= 1  # furniture after the closing line
    if not end or blocks[end - 1].role not in ("disclaimer", "copyright"):
        return
    closing = end - 1
    while closing and blocks[closing - 1].role in ("disclaimer", "copyright"):
        closing -= 1
    named = set().union(*(_names(plain(text, b)) for b in blocks[closing:end]))
    run: list[RawBlock] = []
    for b in reversed(blocks[max(0, closing - 3):closing]):
        line = plain(text, b)
        if (b.role is not None or b.kind != "paragraph" or len(line.split()) > 20 or not TERMINAL.search(line)
                or SENTENCE_STOP.search(line) or lexicon.markers(line) or lexicon.deontic(line)):
            break
        run.insert(0, b)
    while run and not _opens_with_a_name(plain(text, run[0]), named):
        run.pop(0)
    for b in run:
        _set_aside(scan, b, "publisher")
