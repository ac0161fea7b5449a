"""Structure: the cleaning's blocks, heading guesses, and the body's blocks in sections.

``RawBlock``s are what the other parts of cleaning give roles: ``layout_blocks`` makes them from
the blocks a reader handed over (``Document.layout``: the Markdown reader's, ``argmap.read.markdown``,
as much as the PDF, HTML and DOCX readers'); ``body_blocks`` turns the blocks left
without a role into the document's ``Block``s, with their sections, headings recognised by shape,
and paragraphs cut by a page break or a footnote block rejoined.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ..cues import Lexicon
from ..dates import find_date
from ..lang.document import document_words
from ..model import TERMINAL, Block, Citation, Footnote, Metadata, Span, ends_terminal, text_from_spans
from ..read.markdown import SECTION_NUMBER
from .inline import MARK_BARE, Parsed, inline_pieces
from .links import LinkHit, source_of

__all__ = ["RawBlock", "Scan", "layout_blocks", "body_blocks", "plain", "pieces", "emphasised", "read_runs", "TERMINAL",
           "SECTION_NUMBER"]



@dataclass
class RawBlock:
    """A block as a reader gave it (``layout_blocks``), before it is given a role."""

    kind: str  # heading | paragraph | list_item | break | fence | table
    start: int
    end: int
    level: int = 0
    content_start: int = 0
    list_marker: str | None = None
    depth: int = 0  # a list item's nesting depth, as the reader read it
    footnote_label: str | None = None
    role: str | None = None  # set later: title, front, author, footnote, furniture, ...
    # a block a reader handed over: plain text (no markup to cut), the notes and links it cites
    # (a marker's place as an empty span) and its bold runs, as the reader knew them
    markup: bool = True
    given: list[Citation] = field(default_factory=list, repr=False)
    runs: list[Span] = field(default_factory=list, repr=False)
    definitions: bool = False  # lines of link reference definitions ("[ref]: target"), the reader says
    # what the Markdown reader's parser read inside the block (its markup, verbatim text and links), and
    # the runs it read in italics (``runs`` are those in bold)
    parsed: Parsed | None = field(default=None, repr=False)
    italic: list[Span] = field(default_factory=list, repr=False)
    # (start, end, spans, citations, text): the block's pieces from ``start`` with no weak marker
    # labels, and their text, kept for the several stages that ask for them
    pieces: tuple | None = field(default=None, repr=False, compare=False)
    # the type size the reader measured (a PDF's), None where the format has none
    size: float | None = None


@dataclass
class Scan:
    text: str
    lexicon: Lexicon
    blocks: list[RawBlock]
    metadata: Metadata = field(default_factory=Metadata)
    set_aside: list[dict] = field(default_factory=list)
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    references: dict[str, str] = field(default_factory=dict)  # link reference definitions, by folded label


def layout_blocks(text: str, layout: list[Block], *, markup: bool = False) -> list[RawBlock]:
    """The blocks a reader handed over, as the cleaning's blocks: kinds, levels, list items and
    footnotes as the reader knew them. ``markup``: the text is Markdown's, its inline markup still in it.

    A front-matter block is not among them (``clean`` reads it); code becomes a ``fence``, link
    definitions a paragraph that says so (``definitions``); the blocks of a footnote definition
    after its first carry on the note (``footnote_more``).
    """
    out: list[RawBlock] = []
    for given in layout:
        if not given.spans or given.kind == "front_matter":
            continue
        start, end = given.spans[0][0], given.spans[-1][1]
        kind = {"break": "break", "code": "fence"}.get(given.kind, given.kind)
        if kind not in ("heading", "paragraph", "list_item", "table", "break", "fence"):
            kind = "paragraph"
        block = RawBlock(kind, start, end, level=given.level, content_start=start, markup=markup,
                         given=list(given.citations), runs=list(given.emphasis),
                         list_marker=given.list_marker, italic=list(given.italic), depth=given.depth,
                         size=given.font_size)
        if markup:  # the parser's reading: its markup (a quote's ">" markers too) cut, its links and footnote references the block's
            block.given, block.parsed = [], _parsed(given)
        if given.kind == "footnote":
            block.role, block.footnote_label = "footnote", given.label or ""
        elif given.kind == "link_definitions":
            block.definitions, block.given = True, []  # where reference links lead: no citation of its own
        elif given.label is not None:
            block.role = "footnote_more"
        if given.content_start is not None:  # the reader said where the words begin
            block.content_start = given.content_start
        elif kind == "heading":
            number = SECTION_NUMBER.match(text, start, end)
            if number and number.end() < end:  # "2. The Regime…": the number is no part of the claim
                block.content_start = number.end()
        elif kind == "list_item":
            marker = given.list_marker or ""
            if given.numbered and text.startswith(marker, start):  # a number: part of the reader's text
                block.content_start = start + len(marker)
                while block.content_start < end and text[block.content_start] in " \t":
                    block.content_start += 1
        if kind == "heading" and markup and _BULLET_HEADING.match(text, block.content_start, end):
            # "## \uf0a7 Economic benefits. Fertilizer costs have …": a converter made a bulleted line of a
            # page a heading; it is a list item's text, the bullet no word of it
            glyph = _BULLET_HEADING.match(text, block.content_start, end)
            block.kind, block.level, block.list_marker = "paragraph", 0, None
            block.content_start = glyph.end()
        out.append(block)
    return out


#: a heading's words that open with a typeset bullet (or the private-use code a symbol font draws one with)
_BULLET_HEADING = re.compile(r"[ \t]*(?:#{1,6}[ \t]+)?[\u2022\u25aa\u25e6\u2023\u25cf\uf0a7\uf0b7][ \t]*(?=\S)")


def _parsed(given: Block) -> Parsed:
    """A Markdown block's markup, verbatim text and links as ``inline_pieces`` takes them: each link from
    its opening bracket to the end of the markup that follows its words."""
    after = {a: b for a, b in given.markup}
    links = tuple(LinkHit(c.span[0] - 1, after.get(c.span[1], c.span[1]), c.span[0], c.span[1], source_of(c.target or ""),
                          literal=c.span in given.verbatim)
                  for c in given.citations if c.kind == "link" and c.span is not None)
    notes = tuple((c.label or "", c.span[0], c.span[1]) for c in given.citations if c.kind == "footnote" and c.span)
    return Parsed(tuple(given.markup), tuple(given.verbatim), links, notes)


def pieces(text: str, block: RawBlock, start: int, end: int, weak_labels: set[str],
           references: dict[str, str] | None = None) -> tuple[list[Span], list[Citation]]:
    """``inline_pieces`` of a block, with the markers and links a reader placed in it among the citations."""
    spans, citations = inline_pieces(text, start, end, weak_labels, references, markup=block.markup, parsed=block.parsed)
    given = [c for c in block.given if c.span is not None and start <= c.span[0] and c.span[1] <= end]
    if given:
        citations = sorted(citations + given, key=lambda c: c.span)
    return spans, citations


#: the emphasis marks of ``inline``'s patterns: what a page saved as Markdown means as bold or italics
_EMPHASIS_MARK = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w\\])_(?=\S)|(?<=\S)_(?![\w])")


def _mask(block: RawBlock, *, verbatim: bool = False) -> bytearray:
    """1 at each offset (from ``block.start``) of the parser's markup in the block (and its verbatim text)."""
    mask = bytearray(block.end - block.start)
    if block.parsed is not None:
        for a, b in block.parsed.cuts + (block.parsed.verbatim if verbatim else ()):
            a, b = max(a, block.start) - block.start, min(b, block.end) - block.start
            if a < b:
                mask[a:b] = b"\x01" * (b - a)
    return mask


def read_runs(text: str, block: RawBlock) -> bool:
    """Whether the block's bold and italic runs are all in ``runs`` and ``italic``: a reader's block, or
    a Markdown block the parser read whose literal text holds no emphasis mark it left unread
    ("**Source: **CRS"). For the others the checks read the marks in the text."""
    if not block.markup:
        return True
    if block.parsed is None:
        return False
    pos = block.content_start or block.start
    if text.find("*", pos, block.end) < 0 and text.find("_", pos, block.end) < 0:
        return True  # no emphasis mark at all (most blocks): none left unread
    taken = _mask(block, verbatim=True)
    while (m := _EMPHASIS_MARK.search(text, pos, block.end)) is not None:
        if not taken[m.start() - block.start]:
            return False
        pos = m.start() + 1
    return True


def emphasised(text: str, block: RawBlock) -> str:
    """The block's text with its bold runs marked ``**…**`` (as the byline patterns read them; Markdown's
    ``__…__`` as written) and its line breaks kept: from the runs where they are all known (``read_runs``: a reader's block, or the
    Markdown parser's, its markup cut), else the Markdown as written."""
    if block.markup and not read_runs(text, block):
        return text[block.start:block.end].strip()
    if not block.runs and (block.parsed is None or not block.parsed.cuts):
        return text[block.start:block.end].strip()
    cut = _mask(block)
    # each run's marks as the source sets them: Markdown's own "**" or "__", a reader's "**"
    ends = {b: text[a:b] for a, b in block.parsed.cuts} if block.parsed is not None else {}
    starts = {a: text[a:b] for a, b in block.parsed.cuts} if block.parsed is not None else {}
    marks = sorted([(a, ends.get(a, "**")) for a, _ in block.runs] + [(b, starts.get(b, "**")) for _, b in block.runs])
    out: list[str] = []
    pos = block.start
    for at, mark in marks + [(block.end, "")]:
        out.extend(ch for i, ch in enumerate(text[pos:at], pos - block.start) if not cut[i])
        out.append(mark if mark in ("**", "__") else "**")
        pos = at
    out.pop()  # the block's end is no run's boundary
    return "".join(out).strip()


def _block_pieces(text: str, block: RawBlock, start: int) -> tuple[list[Span], list[Citation], str]:
    """``pieces(text, block, start, block.end, set())`` and its text, made once per block and start.

    The lists are the block's own: a caller that changes them takes copies.
    """
    kept = block.pieces
    if kept is not None and kept[0] == start and kept[1] == block.end:
        return kept[2], kept[3], kept[4]
    spans, citations = pieces(text, block, start, block.end, set())
    plain = text_from_spans(text, spans)
    block.pieces = (start, block.end, spans, citations, plain)
    return spans, citations, plain


def plain(text: str, block: RawBlock) -> str:
    """The block's text without markup and markers."""
    return _block_pieces(text, block, block.content_start or block.start)[2]


def _continuation_line(heading: str) -> bool:
    """Heading-shaped text that opens in lower case or stops on a comma or semicolon carries on a sentence."""
    return bool(heading) and (heading[0].islower() or heading.rstrip()[-1:] in (",", ";"))


#: a bold lead-in as the literal text of a page saved as Markdown writes it ("**China.**During", "**Crises****.**",
#: "**Countries****. **Treasury"; not "**Source: **CRS"):
#: read only where the parser left emphasis marks unread in the block (``read_runs``)
_RUN_IN = re.compile(r"\*\*((?:[^*\n]|\*{4})+?)(?:\*{4})?([.:])(?:(?<=\.)[ \t])?\*\*[ \t]*(?=[\"“‘(\[]?[A-Z0-9])")


def _run_in_heading(text: str, start: int, end: int, block: RawBlock | None = None) -> tuple[int, int] | None:
    """A paragraph opening with a short bold lead-in ending in a stop: (end of the lead-in, start of the text).

    Read from the bold runs wherever they are all known (a reader's block, or a Markdown block whose every
    emphasis mark the parser read), as the PDF, DOCX and HTML readers' runs are; the pattern reads only the
    marks CommonMark leaves as literal text."""
    if block is not None and read_runs(text, block):
        return _run_in_runs(text, start, end, block)
    m = _RUN_IN.match(text, start, end)
    if not m or len(re.sub(r"\*+", " ", m.group(1)).split()) > 12:
        return None
    return m.end(2), m.end()


_RUN_IN_NEXT = re.compile(r"[ \t]*(?=[\"“‘(\[]?[A-Z0-9])")


def _run_in_runs(text: str, start: int, end: int, block: RawBlock) -> tuple[int, int] | None:
    """``_run_in_heading`` read from the bold runs: the runs that open the text (only markup before the
    first and between each two), ending in a stop, with a capital or a digit (not a note marker) after them."""
    cut = _mask(block)

    def markup_to(pos: int, stop: int = end) -> int:  # past emphasis marks the parser read, and white space
        while pos < stop and (cut[pos - block.start] and text[pos] in "*_" or text[pos] in " \t\n"):
            pos += 1
        return pos

    start = markup_to(start)
    chain = sorted(r for r in block.runs if r[0] >= start)
    if not chain or chain[0][0] != start:
        return None
    head_end = chain[0][1]
    for a, b in chain[1:]:
        if markup_to(head_end, a) != a:
            break
        head_end = b
    bare_end = head_end
    while bare_end > start and text[bare_end - 1] in " \t":
        bare_end -= 1
    if text[bare_end - 1:bare_end] == ".":
        head_end = bare_end  # "**Transactions with the IMF. **In 1968": the space set in bold is no part of the lead-in
    if text[head_end - 1:head_end] not in (".", ":") or len(text[start:head_end].split()) > 12:
        return None
    after = markup_to(head_end)
    if any(c.kind == "footnote" and c.span and head_end <= c.span[0] <= after for c in block.given):
        return None
    if block.parsed is not None and any(head_end <= a <= after for _, a, _ in block.parsed.notes):
        return None
    m = _RUN_IN_NEXT.match(text, after, end)
    return (head_end, m.end()) if m else None


def _bold_heading(text: str, block: RawBlock) -> bool:
    """A short paragraph set wholly in bold, with no final stop, reads as a heading."""
    raw = emphasised(text, block)
    if "\n" in raw or not (raw.startswith("**") and raw.endswith("**")) or raw.count("**") != 2:
        return False
    inner = raw[2:-2].strip()
    return 0 < len(inner.split()) <= 15 and not re.search(r"[.;,]$", inner)


_NUMBERED_HEADING = re.compile(r"^[ \t]*((?:\d{1,2}\.)*\d{1,2}\.?|[IVXLC]{1,6}\.|[A-H]\.)[ \t]+(?=\S)")
_ROMAN = re.compile(r"^[IVXLC]+\.$")


def _words_in(text: str, block: RawBlock | None) -> int:
    if block is None:
        return 0
    return len(text[block.start:block.end].split())


def _numbered_heading(text: str, block: RawBlock, blocks: list[RawBlock], index: int,
                      following: RawBlock | None) -> tuple[int, int] | None:
    """"1. Introduction", "2.3 Costs", "II. Findings" on a line of their own, before a paragraph.

    Returns (level, where the heading text starts) or None. A numbered line inside a list
    (its neighbours numbered items too) stays a list item.
    """
    raw = text[block.start:block.end]
    if "\n" in raw.strip():
        return None
    m = _NUMBERED_HEADING.match(raw)
    if not m:
        return None
    rest = raw[m.end():].strip()
    words = rest.split()
    if not words or len(words) > 10 or not rest[0].isupper() or re.search(r"[.;:,!?]$", rest):
        return None
    if following is None or following.kind != "paragraph" or _words_in(text, following) < 12:
        return None
    previous = blocks[index - 1] if index else None
    if previous is not None and previous.kind == "list_item" and previous.role is None and block.kind == "list_item":
        return None
    number = m.group(1)
    if _ROMAN.match(number):
        level = 2
    elif number[0].isalpha():
        level = 4
    else:
        level = 1 + len([p for p in number.split(".") if p])
    return min(6, level + 1), block.start + m.end()


def _plain_heading(text: str, block: RawBlock, following: RawBlock | None, lexicon: Lexicon,
                   questions: bool = False) -> bool:
    """A line without markup that is clearly a heading: short, capitalised, no final punctuation
    (a question mark where ``questions``), and followed by a paragraph much longer than itself."""
    if not _heading_line(text, block, lexicon, questions=questions):
        return False
    return _followed_by_longer(text, following, len(text[block.start:block.end].split()))


def _followed_by_longer(text: str, following: RawBlock | None, words: int) -> bool:
    """Whether a paragraph much longer than a line of ``words`` words follows it: what shows a short line
    to be the heading over that paragraph, not a paragraph of its own."""
    if following is None or following.kind != "paragraph":
        return False
    follow = _words_in(text, following)
    return follow >= 12 and follow >= 2 * words


#: the roles of blocks that interrupt a page's text without ending what it was saying (see ``body_blocks``)
_INTERRUPTIONS = frozenset({"footnote", "footnote_more", "duplicate_note", "furniture"})


def _stacked_heading(text: str, block: RawBlock, blocks: list[RawBlock], index: int, lexicon: Lexicon,
                     questions: bool = False) -> bool:
    """A bare heading line with no text of its own: the next block is a bare heading line too, and a
    paragraph follows that one ("Program Activities", then "Phase 2 Contracts Awarded", then its text).
    The second heads a part of the first's section: its sub-heading. Only what interrupts a page's text
    (a note, a running head) may stand between the two lines: a title repeated, a masthead or navigation
    set aside between them shows the first a label of the page ("ANALYSIS Transit" above the title),
    not a heading over the second."""
    between = itertools.takewhile(lambda n: n.role is not None, blocks[index + 1:])
    if any(n.role not in _INTERRUPTIONS for n in between):
        return False
    rest = [n for n in blocks[index + 1:] if n.role is None][:2]
    if len(rest) < 2 or rest[0].kind != "paragraph" or not _heading_line(text, block, lexicon, questions=questions):
        return False
    return _plain_heading(text, rest[0], rest[1], lexicon, questions)


def _italic_heading(text: str, block: RawBlock, following: RawBlock | None, lexicon: Lexicon) -> bool:
    """A short line set wholly in italics, shaped as a heading and followed by a paragraph much longer
    than itself ("_Salaries and Expenses_"): a heading of the look below the headings around it."""
    if "\n" in text[block.start:block.end].strip():
        return False
    if not (_italic_runs(text, block, block.content_start or block.start) if not block.markup
            else _italic_paragraph(text, block)):
        return False
    words = plain(text, block)
    return _heading_line(text, block, lexicon, words) and _followed_by_longer(text, following, len(words.split()))


#: a heading closed by the short name it gives what it names ("Administrative Office of the U.S. Courts (AO)")
_CLOSED_NAME = re.compile(r"\s\(([^()\s]{1,12})\)$")


def _closed_by_name(raw: str) -> bool:
    """Whether ``raw`` closes on a short name made of the initials of the words before it, in their order
    ("... High Energy Laser (HEL)", "Group of Seven (G7)"): a year or a word in brackets closes a sentence."""
    m = _CLOSED_NAME.search(raw)
    if not m:
        return False
    name = m.group(1)
    capitals = [c for c in name if c.isupper()]
    if not capitals or not name[0].isupper() or len(capitals) < sum(c.islower() for c in name):
        return False
    initials = iter(w[0].upper() for w in re.findall(r"[^\W\d_]+", raw[:m.start()]))
    return all(c in initials for c in capitals)


def _heading_line(text: str, block: RawBlock, lexicon: Lexicon, raw: str | None = None, questions: bool = False) -> bool:
    """The shape of a bare heading line, whatever follows it: one short line, capitalised, no final
    punctuation, not a date, boilerplate or a copyright line. ``raw``: the line's words, where they are
    not its text as written (the words of a line set in italics, its marks cut). ``questions``: a line
    may ask ("Does the Act Expire?"), where the text marks none of its headings as such: where it marks
    them, a question on a line of its own is a paragraph of its own (a rhetorical one)."""
    if raw is None:
        raw = text[block.start:block.end].strip()
        if not block.markup and any(a <= block.start for a, _ in block.runs):
            return False  # opening in bold: see _bold_heading
    if "\n" in raw or not raw[:1].isupper():
        return False
    if not block.markup and any(c.kind == "footnote" and c.span and c.span[0] >= block.end for c in block.given):
        return False  # a note cited at its end: not a bare heading line
    words = raw.split()
    if not 1 <= len(words) <= 10 or find_date(raw):
        return False
    if re.search(r"[.;:,!…\-–—\]\"”’]$", raw) or (raw.endswith(")") and not _closed_by_name(raw)):
        return False
    if raw.endswith("?") and not questions:
        return False
    return not (lexicon.is_boilerplate(raw) or document_words().copyright.match(raw))


def _dangling(text: str, block: Block) -> bool:
    """A paragraph of several words that stops mid-sentence: no final punctuation, a word at its end."""
    if block.kind != "paragraph":
        return False
    body = text_from_spans(text, block.spans)
    return len(body.split()) >= 8 and not TERMINAL.search(body) and bool(re.search(r"\w$", body))


_HEADING_WORD = re.compile(r"\w+(?:['’]\w+)*")


def extends_heading(heading: str, before: str) -> bool:
    """``heading``'s words begin with the whole wording of ``before`` and go on ("IFPC Increment 2
    Fielding Plans" after "IFPC Increment 2"): whole words, any case, its punctuation aside, so that
    "China's Economy" does not extend "China"."""
    words, first = _HEADING_WORD.findall(heading.casefold()), _HEADING_WORD.findall(before.casefold())
    return bool(first) and len(words) > len(first) and words[: len(first)] == first


# --- the body --------------------------------------------------------------------------
def body_blocks(scan: Scan) -> list[Block]:
    """The blocks left without a role, with their sections; paragraphs cut by an interruption rejoined."""
    text, blocks, lexicon = scan.text, scan.blocks, scan.lexicon
    weak_labels = {k for k in scan.footnotes}
    references = scan.references
    out: list[Block] = []
    stack: list[tuple[int, str]] = []
    interrupted = False
    dangling: Block | None = None
    last_heading_level = 2
    # the level of the bare heading line just read if it has no text of its own (its sub-heading follows),
    # and of the last such line: a later one heads a section of the same level, not a part of the last's
    stacked: int | None = None
    stacked_level: int | None = None
    questions = not any(b.kind == "heading" and b.role is None for b in blocks)  # see _heading_line
    # a heading that extends the wording of the last heading shown at its level is that heading's
    # sub-heading, though the file sets both alike: ``extended`` is that heading (its level as shown and
    # its words) while its sub-headings follow, and ``shift`` the levels they and the parts under them
    # go down; ``shown`` is the wording of the last heading at each level as the file shows it
    extended: tuple[int, str] | None = None
    shift = 0
    shown: dict[int, str] = {}
    # a line set wholly in italics heads a part only where the text sets its parts so more than once: one
    # such line alone is as likely a quotation or a line stressed ("*We cannot wait for the rules*")
    body = [b for b in blocks if b.role is None]
    italic_lines = {id(b) for i, b in enumerate(body) if b.kind == "paragraph" and not _bold_heading(text, b)
                    and _italic_heading(text, b, body[i + 1] if i + 1 < len(body) else None, lexicon)}
    if len(italic_lines) < 2:
        italic_lines = set()
    for index, b in enumerate(blocks):
        if b.role == "title":
            continue
        if b.role in ("footnote", "footnote_more", "reference", "duplicate_note", "furniture", "notes_heading"):
            interrupted = True
            if b.role == "notes_heading":
                stack = [(lvl, t) for lvl, t in stack if lvl < b.level]
            continue
        if b.role:
            continue
        start = b.content_start or b.start
        bracket = text.find("[", start, b.end) >= 0
        if not ((weak_labels and (bracket or MARK_BARE.search(text, start, b.end))) or (references and bracket)):
            # no "[n]" or bare number for a weak label to make a marker, no "[…]" for a reference link
            spans, citations, _ = _block_pieces(text, b, start)
            spans, citations = list(spans), list(citations)
        else:
            spans, citations = pieces(text, b, start, b.end, weak_labels, references)
        if not spans:
            continue
        kind = b.kind
        level = b.level
        following = next((n for n in blocks[index + 1:] if n.role is None), None)
        italic, under_stacked, stacked = False, stacked, None
        if kind == "paragraph" and _bold_heading(text, b):
            kind, level = "heading", last_heading_level
        elif kind == "paragraph" and id(b) in italic_lines:
            # below the heading it follows, and no measure of the level of the bare or bold lines after it
            kind, level, italic = "heading", last_heading_level + shift + 1, True
        elif kind in ("paragraph", "list_item") and (numbered := _numbered_heading(text, b, blocks, index, following)):
            kind, level, content = "heading", numbered[0], numbered[1]
            spans, citations = pieces(text, b, content, b.end, weak_labels, references)
        elif kind == "paragraph" and _plain_heading(text, b, following, lexicon, questions):
            # the line right under a bare heading with no text of its own heads a part of its section
            kind, level = "heading", last_heading_level if under_stacked is None else under_stacked + 1
        elif kind == "paragraph" and _stacked_heading(text, b, blocks, index, lexicon, questions):
            kind, level = "heading", last_heading_level if stacked_level is None else stacked_level
            stacked = stacked_level = level
        if kind == "heading" and _continuation_line(text_from_spans(text, spans)):
            kind = "paragraph"  # a line set like a heading that only carries on a sentence
        runin = _run_in_heading(text, start, b.end, b) if kind == "paragraph" else None
        if runin is not None:
            # "**China.** During his time…": a bold lead-in names a subsection and its text follows
            head_end, body_start = runin
            head_spans, head_citations = pieces(text, b, start, head_end, weak_labels, references)
            spans, citations = pieces(text, b, body_start, b.end, weak_labels, references)
            sub_level = last_heading_level + shift + 1
            stack = [(lvl, t) for lvl, t in stack if lvl < sub_level]
            out.append(Block("heading", head_spans, level=sub_level, section=tuple(t for _, t in stack), citations=head_citations))
            stack.append((sub_level, text_from_spans(text, head_spans)))
            interrupted = False
        nests = None
        if kind == "heading" and not italic:
            heading = text_from_spans(text, spans)
            if extended is not None and level == extended[0] and extends_heading(heading, extended[1]):
                nests = extended[1]
            elif level in shown and extends_heading(heading, shown[level]):
                extended, nests = (level, shown[level]), shown[level]
            elif extended is not None and level <= extended[0]:
                extended = None
            if extended is not None and level == extended[0]:
                shift = 1 if nests else 0
            elif extended is None:
                shift = 0
            shown = {lvl: t for lvl, t in shown.items() if lvl < level}
            shown[level] = heading
            last_heading_level = level
            level += shift
        if kind == "heading":
            heading = text_from_spans(text, spans)
            stack = [(lvl, t) for lvl, t in stack if lvl < level]
            # a paragraph cut mid-sentence by notes just before this heading: its end follows the heading
            dangling = out[-1] if interrupted and out and _dangling(text, out[-1]) else None
            out.append(Block("heading", spans, level=level, section=tuple(t for _, t in stack), citations=citations,
                             extends=nests))
            stack.append((level, heading))
            interrupted = False
            continue
        section = tuple(t for _, t in stack)
        previous = out[-1] if out else None
        if kind == "paragraph" and dangling is not None and previous is not None and previous.kind == "heading":
            dangling.spans.extend(spans)
            dangling.citations.extend(citations)
            dangling.after_break = True
            dangling = None
            interrupted = False
            continue
        dangling = None
        if (
            kind == "paragraph"
            and previous is not None
            and previous.kind in ("paragraph", "list_item")
            and previous.section == section
            and not ends_terminal(text, previous.spans)
            and (interrupted or text_from_spans(text, spans)[:1].islower())
        ):
            previous.spans.extend(spans)
            previous.citations.extend(citations)
            previous.after_break = True
            interrupted = False
            continue
        level = b.depth if kind == "list_item" else 0
        out.append(Block(kind, spans, level=level, section=section, list_marker=b.list_marker, citations=citations,
                         standfirst=not out and kind == "paragraph" and _italic_paragraph(text, b)))
        interrupted = False
    return out


_TAG = re.compile(r"<[^>\n]{1,40}>")


def _italic_paragraph(text: str, block: RawBlock) -> bool:
    """A paragraph set wholly in italics ("_…_", "*…*", runs joined by an HTML tag such as an excerpt
    separator): opening the body, it is the standfirst, set apart from the text that follows.

    Each run between tags must be one italic span: "*Update:* revised, see *below*" opens and ends
    with a marker but is set in roman between them, so it is no standfirst. Read from the italic runs
    where they are all known (``read_runs``), else from the marks in the text."""
    if not block.markup:
        return False
    start = block.content_start or block.start
    if read_runs(text, block):
        return _italic_runs(text, block, start)
    runs = [run.strip() for run in _TAG.split(text[start:block.end])]
    runs = [run for run in runs if run]
    return bool(runs) and all(_one_italic_span(run) for run in runs)


def _italic_runs(text: str, block: RawBlock, start: int) -> bool:
    """Every word of the block in an italic run, the runs apart but for a tag between each two."""
    runs = sorted(r for r in block.italic if r[0] >= start)
    if not runs:
        return False
    cut = _mask(block)

    def bare(a: int, b: int) -> str:  # text[a:b] less the parser's markup
        return "".join(ch for i, ch in enumerate(text[a:b], a - block.start) if not cut[i])

    edges = [start] + [x for r in runs for x in r] + [block.end]
    gaps = [bare(edges[i], edges[i + 1]) for i in range(0, len(edges), 2)]
    if gaps[0].strip() or gaps[-1].strip():
        return False
    return all(gap.strip() and not _TAG.sub("", gap).strip() for gap in gaps[1:-1])


def _one_italic_span(run: str) -> bool:
    mark = run[0]
    return (len(run) >= 3 and mark in "_*" and run[1] not in "_* " and run[-1] == mark
            and run[-2] not in "_* " and mark not in run[1:-1])
