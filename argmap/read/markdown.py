"""The Markdown reader: the blocks a CommonMark parser reads (markdown-it-py, with GFM tables and
the footnote and front-matter plugins), handed over as ``Document.layout`` like the other readers'.

Plain text is read the same way: it is Markdown without marks. Each block is one span over the
lines of the text it came from, with what the parser knew of it: its kind, a heading's level, a
list item's marker and nesting depth, a footnote definition's label, how many quotes hold it and
the quote markers inside it, where its words begin after its own markup, and what the parser read
inside it (see "Inline markup" below). The text itself is the source, markup and all; the cleaning
cuts the markup out of a block's words (``clean.inline``).
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
- **Inline markup** is the parser's where CommonMark reads it: each block's words go through its
  inline rules, and the block carries the bold and italic runs, the links (their words and target,
  the target as the text writes it, not percent-encoded), the footnote references, the markup
  (emphasis marks, brackets and destinations, backticks, escaping backslashes, images whole) and
  the verbatim text (code, escaped characters, autolinks' addresses) the parser found. What
  CommonMark leaves as literal text is not all text: converted and saved web Markdown is full of
  emphasis it does not read ("**Source: **CRS…", "**China.**During…", "_Meyer_,___Pierce_": about
  one block in thirty of the project's corpora), HTML anchors and bare addresses, so the cleaning
  still cuts such residue from the literal text (``clean.inline``), never inside verbatim text.
  A block whose tokens cannot all be found again in its text keeps no inline reading, and the
  cleaning's patterns read it alone.
- **Addresses that do not balance their parentheses.** A link destination followed, with no white
  space, by more address ("…#:~:text=A)%20make%20…%3B)") runs on to the ")" before white space
  (``UNBALANCED``), as pages saved to Markdown write such addresses; CommonMark would end it early
  and leave the rest of the address in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from ..model import SENTENCE_STOP, TERMINAL, Block, Citation, Document, unescape_references

__all__ = ["markdown_layout", "read_markdown", "link_references", "reference_key", "pointer_line", "SECTION_NUMBER", "MARKUP_FORMATS",
           "UNBALANCED", "GLUED"]

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
    from markdown_it.rules_block import lheading, list_block

    def list_rule(state, start_line, end_line, silent):
        """CommonMark's list rule, but for a number of four or more digits (a year) opening the line."""
        begin = state.bMarks[start_line] + state.tShift[start_line]
        if state.src[begin:begin + 1].isdigit() and _YEAR_ITEM.match(state.src, begin, state.eMarks[start_line]):
            return False
        return list_block(state, start_line, end_line, silent)

    md.block.ruler.at("list", list_rule, {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.ruler.at("lheading", _setext_rule(lheading))
    for rule in list(md.block.ruler.__rules__):
        if rule.name in _OPENING:
            md.block.ruler.at(rule.name, _opening_rule(rule.fn, _OPENING[rule.name]), {"alt": rule.alt})
        elif rule.name == "front_matter":
            md.block.ruler.at(rule.name, _first_line_rule(rule.fn), {"alt": rule.alt})
    return md


#: the characters a line must open with (after its indent) for each block rule to read anything there
_OPENING = {"fence": "`~", "blockquote": ">", "hr": "*-_", "list": "*-+0123456789", "footnote_def": "[",
            "html_block": "<", "heading": "#"}


def _opening_rule(rule, chars: str):
    """``rule``, not run on a line that does not open with one of ``chars`` (where it finds nothing).

    The paragraph rule asks every rule that may end a paragraph about every line of it; each such
    rule looks at the line's first character, but only after its own set-up, and a brief's lines
    are nearly all words: the first character is looked at here first.
    """

    def opening(state, start_line, end_line, silent):
        pos = state.bMarks[start_line] + state.tShift[start_line]
        if pos >= state.eMarks[start_line] or state.src[pos] not in chars:
            return False
        return rule(state, start_line, end_line, silent)

    return opening


def _first_line_rule(rule):
    """``rule`` (front matter) asked only about the text's first line, the only one it reads."""

    def first_line(state, start_line, end_line, silent):
        return start_line == 0 and rule(state, start_line, end_line, silent)

    return first_line


def _setext_rule(lheading):
    """CommonMark's setext heading rule, asked only where a line under the first opens with "-" or "=".

    To find an underline the rule reads every line of a paragraph through all the rules that may end
    one, and the paragraph rule then reads them all again: half the parse of a brief. A paragraph with
    no line that could underline it is left as the rule leaves it when it finds none (the parent type
    "paragraph", which it does not restore), so the tokens are the same.
    """

    def rule(state, start_line, end_line, silent):
        src, begins, shifts = state.src, state.bMarks, state.tShift
        line = start_line + 1
        while line < end_line and not state.isEmpty(line):
            if src[begins[line] + shifts[line]] in "-=":
                return lheading(state, start_line, end_line, silent)
            line += 1
        if not state.is_code_block(start_line):
            state.parentType = "paragraph"
        return False

    return rule


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
    env: dict = {}
    tokens = _parser().parse(text, env)
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
    _read_inlines(text, blocks, env)
    return [front, *blocks] if front is not None else blocks


def _read_inlines(text: str, blocks: list[Block], env: dict) -> None:
    """Each block of words read by the parser's inline rules, with the document's definitions (only those
    this reader takes: see ``_definition``) and footnotes."""
    from markdown_it.common.utils import normalizeReference

    references = link_references(blocks)
    env = dict(env, references={normalizeReference(c.anchor or ""): {"href": c.target, "title": ""}
                                for b in blocks if b.kind == "link_definitions" for c in b.citations})
    for block in blocks:
        if block.kind in ("heading", "paragraph", "list_item", "footnote"):
            _read_inline(text, block, references, env)


#: A web address whose parentheses do not balance ("…#:~:text=A)%20make%20…%3B)"), as pages saved to
#: Markdown write them: it runs, without white space or brackets, to the first ")" that ends the link
#: before white space (trailing punctuation between). ``GLUED``: a character that carries an address on.
UNBALANCED = re.compile(r"(?:https?|ftp)://[^\s\[\]<>]*?\)(?=[.,;:!?'\"”’*_]*(?:\s|$))", re.I)
GLUED = re.compile(r"[^\s.,;:!?'\"”’)\[\]<*_]")

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
            block = _list_item(lines, n, n + 1, depth=_MAX_NESTING)  # deeper than the parser read
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
    marker = (m.group(2) or m.group(3) + m.group(4)) if m else None
    content = start + (m.end() if m else 0)
    return _block("list_item", start, end, content_start=content, list_marker=marker, depth=max(0, depth))


#: a heading marker a page scraper wrote in place of the page's heading tag ("[H2]The Costs")
_TAG_HEADING = re.compile(r"[ \t]{0,3}\[H([1-6])\][ \t]*(?=\S)")


#: a line that points to another page, as scrapers write a page's "read also" links: a run of two or
#: more ">" (not a hand-nested quote, "> >") or an arrow, white space, then a title's words
_POINTER = re.compile(r"[ \t]{0,3}(?:>{2,}|[\u2192\u21d2\u25b6\u25ba\u27a4\u2794])[^\S\n]+(?P<words>\S[^\n]*?)\s*$")
_POINTER_OPENING = ">\u2192\u21d2\u25b6\u25ba\u27a4\u2794"
#: the most words a pointer's title has
_POINTER_WORDS = 25


def pointer_line(line: str) -> bool:
    """Whether a line points to another page (">>>  The Title of Another Article"): a pointer opens it and
    a title follows, one line of at most 25 words without a sentence's stop inside (a title, not prose)."""
    m = _POINTER.match(line)
    if m is None:
        return False
    words = m.group("words")
    return len(words.split()) <= _POINTER_WORDS and not SENTENCE_STOP.search(words)


def _paragraphs(lines: _Lines, first: int, last: int) -> list[Block]:
    """Paragraph blocks over lines ``first`` to ``last``, cut where a long line ends a sentence and
    the next opens in a capital (see the module's notes), and around a line that points to another
    page (``pointer_line``: a quote's lazy lines after it are no part of it); a line opening with a
    scraper's heading marker ("[H2]…") is a heading of that level."""
    if last - first == 1 and (tag := _TAG_HEADING.match(lines.line(first))):
        start = lines.start(first) + tag.end()
        return [_block("heading", start, lines.end(first), level=int(tag.group(1)), content_start=start)]
    out = []
    begin = first

    def cut(end_line: int) -> None:
        out.append(_block("paragraph", lines.start(begin), lines.end(end_line), content_start=lines.start(begin)))

    for n in range(first, last):
        if _points(lines, n):
            if n > begin:
                cut(n - 1)  # the text before the pointer
            begin = n
            if n < last - 1:
                cut(n)  # the pointer alone
                begin = n + 1
            continue
        if n == last - 1 or lines.end(n) - lines.start(n) <= _LONG_LINE:  # most lines: measured without being copied out
            continue
        if TERMINAL.search(lines.line(n)) and lines.line(n + 1)[:1].isupper():
            cut(n)
            begin = n + 1
    cut(last - 1)
    return out


def _points(lines: _Lines, n: int) -> bool:
    """Whether line ``n`` points to another page, its first characters looked at before it is copied out."""
    start = lines.start(n)
    head = lines.text[start:min(start + 5, lines.end(n))].lstrip(" \t")[:1]
    return head in _POINTER_OPENING and pointer_line(lines.line(n))


# --- inline: what the parser read inside a block ----------------------------------------------
@lru_cache(maxsize=1)
def _inline_parser():
    """CommonMark's inline rules (with raw HTML and footnote references), each escape and entity a token
    of its own ("text_join" off) so that every token can be found again in the source."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True, "maxNesting": _MAX_NESTING}).use(footnote_plugin)
    md.disable(["text_join", "footnote_inline", "footnote_tail"])
    # the text rule stops only where an active rule can start: at the parser's other stops ("-", ":",
    # "#", …) every rule was tried, none could read anything, and the character went to the text all
    # the same; a rule not known here keeps the parser's own stops
    active = md.inline.ruler.get_active_rules()
    if all(rule in _RULE_STARTS for rule in active):
        stops = "".join(sorted(set("".join(_RULE_STARTS[rule] for rule in active))))
        md.inline.terminator_re = re.compile("[" + re.escape(stops) + "]")
    return md


#: the characters at which each inline rule can read something: a link's or image's label also ends at "]",
#: where the search for it must stop
_RULE_STARTS = {"text": "", "newline": "\n", "escape": "\\", "backticks": "`", "emphasis": "*_", "link": "[]",
                "image": "![]", "footnote_ref": "[", "autolink": "<", "html_inline": "<", "entity": "&"}


def _inline_tokens(source: str, env: dict) -> list:
    """The parser's inline tokens of ``source``. ``parseInline`` runs every core rule around the inline
    one; of those only the newline and NUL normalisation can change a text (the others are off), so a
    text without "\\r" or NUL goes to the inline rules directly, at a third less cost a block."""
    md = _inline_parser()
    if "\r" in source or "\0" in source:
        (inline,) = md.parseInline(source, env)
        return inline.children or []
    tokens: list = []
    md.inline.parse(source, md, env, tokens)
    return tokens


class _Lost(Exception):
    """A token the source does not hold where it should: the block keeps no inline reading."""


class _Inline:
    """The parser's inline tokens of one block, found again in its source ``text`` (offsets are its own).

    Collects the bold and italic runs (the words between the marks), the links (their words and
    target, the target as written), the footnote references, the markup (emphasis marks, a link's
    brackets and destination, code's backticks, escaping backslashes, images whole) and the
    verbatim text (code, an autolink's address), whose characters are words whatever they are.
    """

    def __init__(self, text: str, references: dict[str, str]) -> None:
        self.text, self.pos, self.end, self.references = text, 0, len(text), references
        self.bold: list[tuple[int, int]] = []
        self.italic: list[tuple[int, int]] = []
        self.markup: list[tuple[int, int]] = []
        self.verbatim: list[tuple[int, int]] = []
        self.links: list[tuple[str, int, int]] = []  # target, start and end of the words
        self.notes: list[tuple[str, int, int]] = []  # label, start and end of the reference
        self._open: list[tuple[str, int]] = []
        self.resume = 0  # where an address that ran on past its link's ")" ends

    def find(self, piece: str) -> int:
        """Where ``piece`` stands next, only white space before it; the cursor moves past it."""
        at = self.pos
        while not self.text.startswith(piece, at, self.end):
            if at >= self.end or self.text[at] not in " \t\n":
                raise _Lost(piece)
            at += 1
        self.pos = at + len(piece)
        return at

    def read(self, tokens) -> None:
        for token in tokens:
            kept = [len(found) for found in self._found()]
            before, resume = self.pos, self.resume
            self._read(token)
            if before < resume:  # a token inside an address the link ran on over: its words, no markup
                for found, n in zip(self._found(), kept):
                    del found[n:]

    def _found(self):
        return self.bold, self.italic, self.markup, self.verbatim, self.links, self.notes

    def _read(self, token) -> None:
        kind = token.type
        if kind == "text" or kind == "html_inline":
            if token.content:
                self.find(token.content)
        elif kind == "text_special":
            at = self.find(token.markup)
            if token.info == "escape":
                self.markup.append((at, at + 1))
                self.verbatim.append((at + 1, self.pos))
        elif kind == "softbreak" or kind == "hardbreak" and not self.text.startswith("\\\n", self.pos):
            self.find("\n")
        elif kind == "hardbreak":  # a backslash ending the line: kept, as the cleaning keeps a stray one
            self.find("\\\n")
        elif kind in ("strong_open", "em_open"):
            at = self.find(token.markup)
            self.markup.append((at, self.pos))
            self._open.append((kind, self.pos))
        elif kind in ("strong_close", "em_close"):
            at = self.find(token.markup)
            self.markup.append((at, self.pos))
            opened, words = self._open.pop()
            (self.bold if kind == "strong_close" else self.italic).append((words, at))
        elif kind == "link_open" and token.markup == "autolink":
            at = self.find("<")
            self.markup.append((at, at + 1))
            self._open.append(("autolink", self.pos))
        elif kind == "link_close" and token.markup == "autolink":
            at = self.find(">")
            _, words = self._open.pop()
            self.markup.append((at, at + 1))
            self.verbatim.append((words, at))
            self.links.append((self.text[words:at], words, at))
        elif kind == "link_open":
            at = self.find("[")
            self.markup.append((at, at + 1))
            self._open.append(("link", self.pos))
        elif kind == "link_close":
            at = self.find("]")
            _, words = self._open.pop()
            target = self._destination(words, at)
            self.markup.append((at, max(self.pos, self.resume)))
            self.links.append((target, words, at))
        elif kind == "image":
            at = self.find("![")
            close = _label_end(self.text, self.pos, self.end)
            if close < 0:
                raise _Lost("]")
            self.pos = close
            self._destination(at + 2, close - 1)
            self.markup.append((at, self.pos))
        elif kind == "code_inline":
            at = self.find(token.markup)
            words = self.pos
            close = _closing_ticks(self.text, self.pos, self.end, len(token.markup))
            if close < 0:
                raise _Lost(token.markup)
            self.pos = close + len(token.markup)
            self.markup += [(at, words), (close, self.pos)]
            self.verbatim.append((words, close))
        elif kind == "footnote_ref":
            at = self.find("[^")
            close = self.text.find("]", self.pos, self.end)
            if close < 0:
                raise _Lost("]")
            self.pos = close + 1
            self.notes.append((str(token.meta.get("label", "")), at, self.pos))
        else:
            raise _Lost(kind)

    def _destination(self, words: int, close: int) -> str:
        """After a link's "]" (at ``close``, the cursor past it): its destination, title and ")" or its
        reference label, the cursor moved past them; the target as the text writes it."""
        from markdown_it.helpers import parseLinkDestination, parseLinkTitle

        text, end = self.text, self.end
        pos = close + 1
        if text.startswith("(", pos):
            start = pos = _blank(text, pos + 1, end)
            angled = text.startswith("<", pos)
            found = parseLinkDestination(text, pos, end)
            if angled:
                target, pos = (text[pos + 1:found.pos - 1], found.pos) if found.ok else ("", pos)
            else:
                target, pos = (text[pos:found.pos], found.pos) if found.ok else ("", pos)
            pos = _blank(text, pos, end)
            if pos < end and text[pos] in "\"'(":
                title = parseLinkTitle(text, pos, end)
                if title.ok:
                    pos = _blank(text, title.pos, end)
            if not text.startswith(")", pos):
                raise _Lost(")")
            self.pos = pos + 1
            if found.ok and not angled and GLUED.match(text, self.pos):  # "…text=A)%20make…": the address runs on
                longer = UNBALANCED.match(text, start)
                if longer is not None and longer.end() > self.pos:  # the parser's next tokens lie inside it
                    self.resume = longer.end()
                    target = text[start:longer.end() - 1]
            return unescape_references(target)
        if text.startswith("[", pos):
            label_end = text.find("]", pos + 1, end)
            label = text[pos + 1:label_end] if label_end >= 0 else ""
            key = reference_key(label or text[words:close])
            if label_end >= 0 and key in self.references:
                self.pos = label_end + 1
                return self.references[key]
        return self.references.get(reference_key(text[words:close]), "")


def _blank(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in " \t\n":
        pos += 1
    return pos


def _label_end(text: str, pos: int, end: int) -> int:
    """Past the "]" that closes a label opened just before ``pos`` (brackets nest, escapes do not count)."""
    depth = 1
    while pos < end:
        ch = text[pos]
        if ch == "\\":
            pos += 2
            continue
        depth += ch == "["
        depth -= ch == "]"
        pos += 1
        if depth == 0:
            return pos
    return -1


def _closing_ticks(text: str, pos: int, end: int, n: int) -> int:
    """Where a run of exactly ``n`` backticks closes a code span opened before ``pos``."""
    while True:
        at = text.find("`" * n, pos, end)
        if at < 0:
            return -1
        stop = at + n
        while stop < end and text[stop] == "`":
            stop += 1
        if stop - at == n:
            return at
        pos = stop


def reference_key(label: str) -> str:
    """A reference label as definitions and links match it: case and white space folded."""
    return " ".join(label.split()).casefold()


def link_references(layout: list[Block]) -> dict[str, str]:
    """The reference definitions of a layout (its ``link_definitions`` blocks), target by folded label;
    the first one of a label wins, as in CommonMark."""
    out: dict[str, str] = {}
    for block in layout:
        if block.kind == "link_definitions":
            for definition in block.citations:
                out.setdefault(reference_key(definition.anchor or ""), definition.target or "")
    return out


#: what some inline rule of the parser needs to read anything: an escape, code, an emphasis mark, an
#: autolink or HTML, an entity ("&" before "#" or a letter), a link's or image's "](" or "][", a note's
#: "[^" (a bare "[" only where the document defines references); a block without any holds text and
#: line breaks alone, and reading it through the parser (most of a brief's blocks, and those whose
#: brackets are only "[6]"-style note markers) would find nothing but cost a whole parse each
_INLINE_SYNTAX = re.compile(r"[\\`*_<]|&[#A-Za-z]|\[\^|\]\(|\]\[")


def _read_inline(text: str, block: Block, references: dict[str, str], env: dict) -> None:
    """Give ``block`` what the parser reads inside it: bold and italic runs, links and footnote references
    as citations, inline markup and verbatim text. A block whose tokens cannot all be found again in the
    text keeps none: the cleaning's patterns read it alone, as they read the residue."""
    start, end = _start(block), _end(block)
    base = start if block.content_start is None else block.content_start
    # asked of the text as written: blanking a quote's ">" markers (below) makes no syntax and takes none away
    if _INLINE_SYNTAX.search(text, base, end) is None and not (env["references"] and text.find("[", base, end) >= 0):
        return  # text and line breaks only (most blocks): nothing for the parser to find, nothing to give
    source = text[base:end]
    if block.markup:  # the quote markers: blank, so that the parser reads the lines as the quote holds them
        chars = list(source)
        for a, b in block.markup:
            chars[max(a, base) - base:b - base] = " " * (b - max(a, base))
        source = "".join(chars)
    if not source.strip():
        return
    found = _Inline(source, references)
    try:
        found.read(_inline_tokens(source, env))
    except (_Lost, IndexError):  # IndexError: a closing mark whose opening an address ran over
        return
    _give(block, base, source, found)


def _without_cuts(spans: list[tuple[int, int]], cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` less the ``cuts`` inside them: a code span that runs on over a quote's next line holds
    that line's "> ", which is markup, not verbatim text."""
    out = []
    for a, b in spans:
        for c, d in sorted(cuts):
            if c < b and d > a:
                if c > a:
                    out.append((a, c))
                a = max(a, d)
        if a < b:
            out.append((a, b))
    return out


def _give(block: Block, base: int, source: str, found: "_Inline") -> None:
    """Hand what was found in the block's ``source`` (which starts at ``base`` in the text) to the block."""
    shift = lambda spans: [(base + a, base + b) for a, b in spans]  # noqa: E731
    block.emphasis, block.italic = sorted(shift(found.bold)), sorted(shift(found.italic))
    block.verbatim = _without_cuts(shift(found.verbatim), block.markup)  # a code span over "> " of a quote
    block.markup = sorted(block.markup + shift(found.markup))
    block.citations = sorted(
        [Citation.link(target, source[a:b], (base + a, base + b)) for target, a, b in found.links]
        + [Citation.footnote(label, (base + a, base + b)) for label, a, b in found.notes], key=lambda c: c.span)
