"""The Markdown reader: the blocks a CommonMark parser reads (markdown-it-py, with GFM tables and
the footnote and front-matter plugins), handed over as ``Document.layout`` like the other readers'.

Plain text is read the same way: it is Markdown without marks. Each block is one span over the
lines of the text it came from, with what the parser knew of it: its kind, a heading's level, a
list item's marker, depth and column, a footnote definition's label, how many quotes hold it and
the quote markers inside it, where its words begin after its own markup. The text itself is the
source, markup and all; the cleaning cuts inline markup out of a block's words (``clean.inline``).
Where CommonMark and the documents users hand over part ways, the choice is made here, once, on
purpose:

- **Setext underlines.** CommonMark makes any paragraph over a ``---`` or ``===`` line a heading.
  Briefs converted from PDF use ``---`` as a page separator, often right under a paragraph cut
  mid-sentence. Only a single line of at most 120 characters that does not end a sentence is
  a heading; otherwise the text stays a paragraph and the underline is a page break.
- **Indented code.** A paragraph indented by four spaces is text (converters indent quotes and
  wrapped lines), never code: the indented-code rule is off. Fenced code stays code.
- **Years are not list numbers.** ``2024. 02. 22 | CO 24-17`` opens no list: an ordered list
  number has at most three digits (CommonMark allows nine). Otherwise lists are CommonMark's:
  only a list starting at 1 interrupts a paragraph, so "…fell by\\n12. percent" stays one.
- **Run-together paragraphs.** A line over 150 characters that ends a sentence, followed by a
  line opening in a capital, ends its paragraph: converters that drop blank lines write them so.
- **HTML.** An HTML block (``<div>``, a comment running over blank lines) is a paragraph of its
  lines; the cleaning cuts the tags and comments out of the text and keeps the words.
- **Tables.** GFM tables (with a delimiter row) are tables; rows between pipes without one are
  paragraphs, which the residue rules read by their pipes.
- **Quotes** (``>``) are blocks of their own, as CommonMark has them: a ``>`` line ends the
  paragraph above it, and the ``>`` markers opening its lines are cut from the text.
- **Deep nesting.** Quotes and lists nested past 100 levels are not read into; each of their
  lines is kept, as a list item or a paragraph (the parser would skip them).
- **Front matter** (``---`` … ``---`` or ``...`` on the first line) is the front-matter block, its
  words starting after the opening line.
- **Footnote definitions** (``[^1]: …``) are blocks where they stand, kept even when no marker cites
  them: the first a ``footnote`` block, each block of the note carrying its label.
- **Link reference definitions** (``[ref]: target``) are the parser's (its ``env["references"]``): each
  run of them on consecutive lines is a ``link_definitions`` block, one link citation a definition
  (its label the anchor), which the cleaning reads for the reference links and sets aside with a
  reason rather than letting the lines vanish. Only a definition whose target is an address or a
  path is one ("[1]: Ibid." is a note set in brackets): the others stay paragraph text, with the
  lines that follow them.
- **Scraped heading markers.** A line that opens with ``[H1]`` … ``[H6]`` (what some page scrapers
  write for a heading tag) is a heading of that level, without its marker.
- **Inline markup** is not read here. Converted and saved web Markdown is full of emphasis that
  CommonMark leaves as literal asterisks ("**Source: **CRS…", "**China.**During…": about one block
  in thirty of the project's corpora), so ``clean.inline`` cuts emphasis marks, links and note markers
  wherever they stand.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from ..model import TERMINAL, Block, Citation, Document

__all__ = ["markdown_layout", "read_markdown", "SECTION_NUMBER", "MARKUP_FORMATS"]

#: the formats whose text is the source as written, its inline markup still in it
MARKUP_FORMATS = frozenset(("markdown", "text"))

#: a section number opening a heading ("2.", "2.3", "II."): no part of the heading's words
SECTION_NUMBER = re.compile(r"(?:\d{1,2}(?:\.\d{1,2})*\.|\d{1,2}(?:\.\d{1,2})+|[IVXLC]{1,6}\.)[ \t]+(?=\S)")
_ATX_OPEN = re.compile(r" {0,3}#{1,6}[ \t]+")
_ITEM = re.compile(r"([ \t]*)(?:([-*+])|(\d{1,9})([.)]))[ \t]*")
_NOTE_DEF = re.compile(r"[ \t]*\[\^[^\]]*\]:[ \t]*")
_MARKED = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\S")
_QUOTE = re.compile(r"(?:[ \t]{0,3}>[ \t]?)+")
_YEAR_ITEM = re.compile(r"\d{4,}[.)]")
#: lines longer than this are not hard-wrapped: a converter that runs paragraphs together wrote them
_LONG_LINE = 150
_SETEXT_MAX = 120
_BREAK = re.compile(r"\r\n?|\n")
#: how deep quotes and lists may nest before the parser stops reading into them (``_unread`` takes the rest)
_MAX_NESTING = 100


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True, "maxNesting": _MAX_NESTING, "inline_definitions": True}).enable("table")
    md.use(front_matter_plugin).use(footnote_plugin)
    # blocks are all the cleaning asks of the parser: inline markup is cut from their text later, and
    # footnotes stay where they stand (the tail rule moves cited ones to the end and drops the others);
    # each reference definition is a token where it stands ("inline_definitions")
    md.disable(["code", "inline", "footnote_tail"])
    from markdown_it.rules_block import list_block

    def list_rule(state, start_line, end_line, silent):
        """CommonMark's list rule, but for a number of four or more digits (a year) opening the line."""
        begin = state.bMarks[start_line] + state.tShift[start_line]
        if state.src[begin:begin + 1].isdigit() and _YEAR_ITEM.match(state.src, begin, state.eMarks[start_line]):
            return False
        return list_block(state, start_line, end_line, silent)

    md.block.ruler.at("list", list_rule, {"alt": ["paragraph", "reference", "blockquote"]})
    return md


class _Lines:
    """Offsets of the text's lines as the parser counts them (it reads "\\r\\n", "\\r" and "\\n" as one break)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.ends: list[int] = []
        for m in _BREAK.finditer(text):
            self.ends.append(m.start())
            self.starts.append(m.end())
        self.ends.append(len(text))

    def start(self, line: int) -> int:
        return self.starts[line] if line < len(self.starts) else len(self.text)

    def end(self, line: int) -> int:
        """The end of line ``line``, its break left out."""
        return self.ends[line] if line < len(self.ends) else len(self.text)

    def line(self, line: int) -> str:
        return self.text[self.start(line):self.end(line)]

    def number(self, offset: int) -> int:
        """The line that holds ``offset``."""
        return bisect_right(self.starts, offset) - 1


def _block(kind: str, start: int, end: int, **known) -> Block:
    return Block(kind, [(start, end)], **known)


def _start(block: Block) -> int:
    return block.spans[0][0]


def _end(block: Block) -> int:
    return block.spans[0][1]


def read_markdown(text: str, name: str = "document", fmt: str = "markdown") -> Document:
    """A Markdown (or plain) text as a ``Document``: the text as it is, its blocks in ``layout``."""
    return Document(text=text, name=name, format=fmt, layout=markdown_layout(text))


def markdown_layout(text: str) -> list[Block]:
    """The blocks of ``text`` in reading order, apart, one span each; the front matter first, when
    there is one, as a ``front_matter`` block from the text's start to where the body starts."""
    lines = _Lines(text)
    blocks: list[Block] = []
    body_start = 0
    front: Block | None = None
    tokens = _parser().parse(text)
    in_item: list[bool] = []  # for each open list item: whether its first paragraph is still to come
    note: tuple[str, int] | None = None  # an open footnote definition: its label, its first block's index
    quotes = 0  # how many quotes (">") are open
    lists = 0  # how many lists are open
    loose = -1  # the last line of a definition read as text ("[1]: Ibid."): a paragraph right under it goes on from it
    for i, token in enumerate(tokens):
        kind = token.type
        made = len(blocks)
        if kind == "front_matter" and token.map:
            first, last = token.map
            body_start = lines.start(last)
            front = _block("front_matter", 0, body_start, content_start=lines.start(first + 1))
        elif kind == "heading_open":
            inline = tokens[i + 1]
            if token.markup in ("-", "="):
                _setext(blocks, lines, token, inline)
            else:
                _atx(blocks, lines, token, inline)
        elif kind == "paragraph_open":
            first, last = token.map
            if in_item and in_item[-1]:
                in_item[-1] = False
                blocks.append(_list_item(lines, first, last, depth=lists - 1))
            elif first == loose + 1 and blocks and blocks[-1].kind == "paragraph":
                loose = -1
                words_start = blocks[-1].content_start
                blocks[-1:] = _paragraphs(lines, lines.number(words_start), last)
            else:
                blocks.extend(_paragraphs(lines, first, last))
        elif kind == "definition":
            if not _definition(blocks, lines, token):
                loose = token.map[1] - 1
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif kind == "list_item_open":
            in_item.append(True)
        elif kind == "list_item_close":
            in_item.pop()
        elif kind == "blockquote_open":
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind == "footnote_reference_open":
            note = (str(token.meta.get("label", "")), len(blocks))
        elif kind == "footnote_reference_close" and note is not None:
            _note(lines, blocks[note[1]:], note[0])
            note = None
        if kind in ("heading_open", "hr", "fence", "html_block", "table_open") and in_item:
            in_item[-1] = False  # an item opening with a heading, a rule, code or a table: no paragraph is its text
        if kind == "hr":
            first, last = token.map
            blocks.append(_block("break", lines.start(first), lines.end(last - 1)))
        elif kind == "fence":
            first, last = token.map
            blocks.append(_block("code", lines.start(first), lines.end(last - 1)))
        elif kind == "html_block":
            first, last = token.map
            blocks.extend(_paragraphs(lines, first, last))
        elif kind == "table_open":
            first, last = token.map
            blocks.append(_block("table", lines.start(first), lines.end(last - 1)))
        if quotes:
            for block in blocks[made:]:
                block.quote = quotes
                _quoted(lines.text, block)
    blocks = [b for b in blocks if _end(b) > _start(b) and _start(b) >= body_start]
    blocks.sort(key=_start)
    blocks = _unread(lines, blocks, body_start)
    return [front, *blocks] if front is not None else blocks


#: a reference definition's target that leads somewhere: an address or a path (not "Ibid.")
_ADDRESS = re.compile(r"(?:[A-Za-z][\w+.-]*:|/|\.\.?/|#|www\.)\S*$")


def _definition(blocks: list[Block], lines: _Lines, token) -> bool:
    """A reference definition the parser read: a link citation (its label the anchor, its target as
    written) in the ``link_definitions`` block of the lines just above, or in a new one. A target
    that is no address makes no definition: its lines are a paragraph (False)."""
    from markdown_it.helpers import parseLinkDestination

    first, last = token.map
    start, end = lines.start(first), lines.end(last - 1)
    close = lines.text.find("]:", start, end)
    pos = close + 2
    while pos < end and lines.text[pos] in " \t\n":
        pos += 1
    found = parseLinkDestination(lines.text, pos, end)
    angled = lines.text.startswith("<", pos)
    if close < 0 or not found.ok or not (angled or _ADDRESS.match(found.str)):
        blocks.extend(_paragraphs(lines, first, last))
        return False
    citation = Citation.link(found.str, str(token.meta.get("label", "")), (start, end))
    above = blocks[-1] if blocks else None
    if above is not None and above.kind == "link_definitions" and lines.number(_end(above)) == first - 1:
        above.spans = [(_start(above), end)]
        above.citations.append(citation)
    else:
        blocks.append(_block("link_definitions", start, end, content_start=start, citations=[citation]))
    return True


def _unread(lines: _Lines, blocks: list[Block], body_start: int) -> list[Block]:
    """``blocks`` with a block for each line with words that no block holds.

    The parser stops reading into quotes and lists nested deeper than ``_MAX_NESTING`` and skips
    the rest of them; each of their lines is kept, as a list item where it opens with a marker
    and as a paragraph otherwise, rather than lost.
    """
    held = bytearray(len(lines.starts))
    for b in blocks:
        first, last = lines.number(_start(b)), lines.number(max(_start(b), _end(b) - 1))
        held[first:last + 1] = b"\x01" * (last + 1 - first)
    found: list[Block] = []
    for n in range(lines.number(body_start) if body_start < len(lines.text) else len(held), len(held)):
        if held[n] or not any(ch.isalnum() for ch in lines.line(n)):
            continue
        line = lines.line(n)
        quote = _QUOTE.match(line)
        if _MARKED.match(line, quote.end() if quote else 0):
            block = _list_item(lines, n, n + 1)
        else:
            block = _block("paragraph", lines.start(n), lines.end(n), content_start=lines.start(n))
        if quote:
            block.quote = quote.group().count(">")
        _quoted(lines.text, block)
        found.append(block)
    if not found:
        return blocks
    return sorted(blocks + found, key=_start)


def _quoted(text: str, block: Block) -> None:
    """A block inside a quote: the ">" markers opening its lines are markup, no part of its words."""
    pos, end = _start(block), _end(block)
    while pos < end:
        m = _QUOTE.match(text, pos, end)
        if m and m.end() > pos:
            block.markup.append((pos, m.end()))
            if pos == _start(block) and (block.content_start or _start(block)) < m.end():
                block.content_start = m.end()
        newline = _BREAK.search(text, pos, end)
        if newline is None:
            break
        pos = newline.end()


def _note(lines: _Lines, blocks: list[Block], label: str) -> None:
    """The blocks of a footnote definition: the first one the note, its marker cut off; each carries its label."""
    for block in blocks:
        block.label = label
    if blocks:
        first = blocks[0]
        first.kind = "footnote"
        marker = _NOTE_DEF.match(lines.text, _start(first), _end(first))
        first.content_start = marker.end() if marker else _start(first)


def _atx(blocks, lines: _Lines, token, inline) -> None:
    line_no = token.map[0]
    start = lines.start(line_no)
    line = lines.line(line_no)
    content = inline.content
    if not content.strip():
        return  # "## " with nothing after it: no block
    opened = _ATX_OPEN.match(line)
    at = line.find(content, opened.end() if opened else 0)
    if at < 0:  # pragma: no cover - the parser's content is the line's own words
        at = opened.end() if opened else 0
    content_start, end = start + at, start + at + len(content)
    number = SECTION_NUMBER.match(lines.text, content_start, end)
    if number and number.end() < end:  # "### 2. The Regime…": the number is no part of the claim
        content_start = number.end()
    blocks.append(_block("heading", content_start, end, level=int(token.tag[1]), content_start=content_start))


def _setext(blocks, lines: _Lines, token, inline) -> None:
    """A setext heading, or (see the module's notes) a paragraph above a page break."""
    first, last = inline.map
    underline = token.map[1] - 1
    start, end = lines.start(first), lines.end(last - 1)
    words = lines.text[start:end].strip()
    if last - first == 1 and len(words) <= _SETEXT_MAX and not TERMINAL.search(words):
        blocks.append(_block("heading", start, end, level=1 if token.markup == "=" else 2, content_start=start))
        return
    blocks.extend(_paragraphs(lines, first, last))
    blocks.append(_block("break", lines.start(underline), lines.end(underline)))


def _list_item(lines: _Lines, first: int, last: int, depth: int = 0) -> Block:
    start, end = lines.start(first), lines.end(last - 1)
    line = lines.line(first)
    quote = _QUOTE.match(line)
    m = _ITEM.match(line, quote.end() if quote else 0)
    indent = len(m.group(1).expandtabs(4)) if m else 0
    marker = (m.group(2) or m.group(3) + m.group(4)) if m else None
    content = start + (m.end() if m else 0)
    return _block("list_item", start, end, content_start=content, list_marker=marker, indent=indent, depth=max(0, depth))


#: a heading marker a page scraper wrote in place of the page's heading tag ("[H2]The Costs")
_TAG_HEADING = re.compile(r"[ \t]{0,3}\[H([1-6])\][ \t]*(?=\S)")


def _paragraphs(lines: _Lines, first: int, last: int) -> list[Block]:
    """Paragraph blocks over lines ``first`` to ``last``, cut where a long line ends a sentence and
    the next opens in a capital (see the module's notes); a line opening with a scraper's heading
    marker ("[H2]…") is a heading of that level."""
    if last - first == 1 and (tag := _TAG_HEADING.match(lines.line(first))):
        start = lines.start(first) + tag.end()
        return [_block("heading", start, lines.end(first), level=int(tag.group(1)), content_start=start)]
    out = []
    begin = first
    for n in range(first, last - 1):
        line = lines.line(n)
        if len(line) > _LONG_LINE and TERMINAL.search(line) and lines.line(n + 1)[:1].isupper():
            out.append(_block("paragraph", lines.start(begin), lines.end(n), content_start=lines.start(begin)))
            begin = n + 1
    out.append(_block("paragraph", lines.start(begin), lines.end(last - 1), content_start=lines.start(begin)))
    return out
