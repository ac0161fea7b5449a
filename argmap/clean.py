"""Cleaning: from a brief's raw text to its structure, with the furniture set aside.

The raw text is scanned into blocks (headings, paragraphs, list items, footnote bodies,
page separators). Metadata lines, copyright and disclaimers are lifted into ``Metadata``;
footnote markers and inline markup are cut out of the units' spans; paragraphs that a
page break or a footnote block cut mid-sentence are rejoined. Nothing here knows any
particular brief: every rule is about the shape of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cues import Lexicon, load_lexicon
from .dates import find_date
from .model import Block, Document, Footnote, Metadata, Span, text_from_spans

__all__ = ["clean", "scan_blocks", "inline_pieces", "RawBlock"]

# --- line shapes -------------------------------------------------------------------
_SECTION_NUMBER = re.compile(r"(?:\d{1,2}(?:\.\d{1,2})*\.|\d{1,2}(?:\.\d{1,2})+|[IVXLC]{1,6}\.)[ \t]+(?=\S)")
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_THEMATIC = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_BULLET = re.compile(r"^([ \t]*)([-*+•▪◦‣●])[ \t]+")
_NUMBERED = re.compile(r"^([ \t]*)(\d{1,3}|[a-zA-Z])([.)])[ \t]+")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_NOTE_DEF_LINE = re.compile(r"^\s*\[\^[\w-]{1,20}\]:")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")

# Footnote definitions at the start of a block: the marker and the label it carries.
_DEF_STRONG = [
    re.compile(r"^\s*<sup>\s*\[?(\d{1,3}|[*†‡§])\]?\)?\s*</sup>\s*\)?[ \t]*"),
    re.compile(r"^\s*\[\^([\w-]{1,20})\]:[ \t]*"),
    re.compile(r"^\s*([¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})[ \t]*"),
]
_DEF_WEAK = [
    re.compile(r"^\s*(\d{1,3})\)[ \t]+"),
    re.compile(r"^\s*\[(\d{1,3})\][ \t]*"),
    re.compile(r"^\s*(\d{1,3})\.[ \t]+"),
    # "12 Author, Title (Place: Publisher, 2020)." - a bare number, then a capital, a quote or markup
    re.compile(r"^\s*(\d{1,3})[ \t]+(?=[A-Z“\"‘'_*\[(])"),
]
# Footnote markers inside text.
_MARK_STRONG = re.compile(
    r"(?=[<\[¹²³⁴⁵⁶⁷⁸⁹⁰])(?:"  # every branch opens with one of these: a cheap first test
    r"<sup>\s*(?:<a[^<>]*>)?\s*\[?(\d{1,3}|[*†‡§])\]?\)?\s*(?:</a>)?\s*</sup>"
    r"|\[\^([\w-]{1,20})\](?!:)"
    r"|([¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})(?![¹²³⁴⁵⁶⁷⁸⁹⁰])"
    r")"
)
_MARK_WEAK = re.compile(r"\[(\d{1,3})\](?!\()")
# A note number set on the line as plain digits, as text copied from a PDF has it: "imports.1 Without",
# "leakage2 and". Only read as a marker when a note of that number exists.
_MARK_BARE = re.compile(r"(?:(?<=[^\W\d_][.,;:!?”’\"')])|(?<=[a-z]))(\d{1,3})(?=[\s.,;:]|$)")
_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")

# Inline markup removed from units (the text between is kept). No part scans past the next
# opening bracket, parenthesis or angle bracket, so that a line of a million "[" or "<a"
# costs linear time (link texts and targets with nested brackets keep their brackets).
_INLINE_CUT = re.compile(
    r"(?=[!\[\]<*_`\\(])(?:"  # every piece below opens with one of these: a cheap first test
    r"!\[[^\[\]]*\]\([^()]*\)"  # images: gone whole
    r"|(?<=\])\([^()\s]*(?:\s+\"[^\"()]*\")?\)"  # link targets after [text]
    r"|\[(?=[^\[\]]*\]\()"  # the [ that opens a link
    r"|\](?=\()"  # the ] that closes a link text
    r"|</?(?:a|abbr|b|big|br|cite|code|del|div|em|font|i|ins|kbd|mark|p|q|s|small|span|strike|strong|sub|sup|u)\b[^<>]*>"
    r"|\*\*|__"  # strong emphasis
    r"|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"  # *emphasis*
    r"|(?<![\w\\])_(?=\S)|(?<=\S)_(?![\w])"  # _emphasis_
    r"|`"
    r"|\\(?=[\\`*_{}\[\]()#+\-.!])"  # backslash escapes
    r")"
)
# Every footnote marker, piece of inline markup or comment holds one of these characters ("!" and
# "(" are cut only next to a bracket), but for the bare note numbers that only weak labels make markers.
_MARKUP_CHARS = re.compile(r"[\[\]<*_`\\¹²³⁴⁵⁶⁷⁸⁹⁰]")
_TERMINAL = re.compile(r"[.!?:;…][\"'”’)\]»]*\s*$")
_WORD = re.compile(r"\w", re.U)


@dataclass
class RawBlock:
    """A block as scanned from the text, before it is given a role."""

    kind: str  # heading | paragraph | list_item | break | fence | table
    start: int
    end: int
    level: int = 0
    content_start: int = 0
    list_marker: str | None = None
    indent: int = 0
    footnote_label: str | None = None
    footnote_strength: str | None = None
    role: str | None = None  # set later: title, front, author, footnote, furniture, ...
    lines: int = 1
    # (start, end, spans, citations, text): the block's pieces from ``start`` with no weak marker
    # labels, and their text, kept for the several stages that ask for them
    pieces: tuple | None = field(default=None, repr=False, compare=False)


def _lines(text: str):
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        yield pos, pos + len(stripped), stripped
        pos += len(line)


def _plain_line(line: str) -> bool:
    """A line opening with a letter (not "a." or "B)"): it has no fence, heading, rule, table row,
    bullet, number or note definition, and none of their patterns need to run."""
    opening = line.lstrip(" \t")[:2]
    return opening[:1].isalpha() and not (opening[:1].isascii() and opening[1:2] in (".", ")"))


def scan_blocks(text: str) -> list[RawBlock]:
    """Split text into blocks by Markdown's line shapes (plain text is Markdown without marks)."""
    blocks: list[RawBlock] = []
    current: RawBlock | None = None
    in_fence = False
    for start, end, line in _lines(text):
        if in_fence:
            assert current is not None
            current.end = end
            if _FENCE.match(line):
                in_fence = False
                blocks.append(current)
                current = None
            continue
        if not line.strip():
            if current is not None:
                blocks.append(current)
                current = None
            continue
        plain = _plain_line(line)
        if not plain:
            if _FENCE.match(line):
                if current is not None:
                    blocks.append(current)
                current = RawBlock("fence", start, end)
                in_fence = True
                continue
            m = _ATX.match(line)
            if m:
                if current is not None:
                    blocks.append(current)
                    current = None
                content_start = start + m.start(2)
                number = _SECTION_NUMBER.match(line, m.start(2), m.end(2))
                if number and number.end() < m.end(2):  # "### 2. The Regime…": the number is no part of the claim
                    content_start = start + number.end()
                blocks.append(RawBlock("heading", content_start, start + m.end(2), level=len(m.group(1))))
                continue
            if _SETEXT.match(line) and current is not None and current.kind == "paragraph" and current.lines == 1:
                para_text = text[current.start:current.end].strip()
                if len(para_text) <= 120 and not _TERMINAL.search(para_text):
                    current.kind = "heading"
                    current.level = 1 if line.strip().startswith("=") else 2
                    blocks.append(current)
                    current = None
                    continue
            if _THEMATIC.match(line):
                if current is not None:
                    blocks.append(current)
                    current = None
                blocks.append(RawBlock("break", start, end))
                continue
            if _TABLE_ROW.match(line):
                if current is not None and current.kind != "table":
                    blocks.append(current)
                    current = None
                if current is None:
                    current = RawBlock("table", start, end)
                current.end = end
                continue
            bullet = _BULLET.match(line)
            numbered = _NUMBERED.match(line)
            item = bullet or numbered
            if item and not (numbered and len(numbered.group(2)) == 1 and numbered.group(2).isalpha() and numbered.group(3) == "."):
                if current is not None:
                    blocks.append(current)
                marker = item.group(2) + (item.group(3) if numbered and not bullet else "")
                current = RawBlock(
                    "list_item", start, end, content_start=start + item.end(), list_marker=marker,
                    indent=len(item.group(1).expandtabs(4)),
                )
                continue
        if current is not None and not plain and _NOTE_DEF_LINE.match(line):
            blocks.append(current)  # a note definition starts a block of its own
            current = None
        elif current is not None and current.kind == "paragraph" and line[:1].isupper() and _ends_long_paragraph_line(text, current.start, current.end):
            blocks.append(current)  # a long line that ends a sentence was a paragraph of its own, not a wrapped line
            current = None
        if current is None or current.kind == "table":
            if current is not None:
                blocks.append(current)
            current = RawBlock("paragraph", start, end, content_start=start)
        else:
            current.end = end
            current.lines += 1
    if current is not None:
        blocks.append(current)
    for b in blocks:
        if b.kind in ("paragraph",) and not b.content_start:
            b.content_start = b.start
        if b.kind == "heading" and not b.content_start:
            b.content_start = b.start
    return blocks


#: lines longer than this are not hard-wrapped: a converter that runs paragraphs together wrote them
_LONG_LINE = 150


def _ends_long_paragraph_line(text: str, start: int, end: int) -> bool:
    """Whether the last line of ``text[start:end]`` is long and ends a sentence."""
    newline = text.rfind("\n", start, end)
    last = text[newline + 1 if newline >= 0 else start:end]
    return len(last) > _LONG_LINE and bool(_TERMINAL.search(last))


def _label(raw: str) -> str:
    return raw.translate(_SUPERSCRIPT).strip()


def inline_pieces(text: str, start: int, end: int, weak_labels: set[str]) -> tuple[list[Span], list[tuple[str, int]]]:
    """The spans of ``text[start:end]`` with footnote markers and inline markup cut out.

    Returns the spans and the citations found, as (label, offset) pairs. ``[n]`` counts as a
    marker only when footnote ``n`` exists (``weak_labels``).
    """
    segment = text[start:end]
    if not _MARKUP_CHARS.search(segment) and not (weak_labels and _MARK_BARE.search(segment)):
        return _trim(text, [(start, end)] if segment else []), []  # nothing any of the patterns below could cut
    cuts: list[tuple[int, int]] = []
    citations: list[tuple[str, int]] = []
    marked = bytearray(len(segment) + 1)  # 1 where a footnote marker was cut: markup there is the marker's
    for m in _MARK_STRONG.finditer(segment):
        raw = next(g for g in m.groups() if g)
        cuts.append((m.start(), m.end()))
        marked[m.start():m.end()] = b"\x01" * (m.end() - m.start())
        citations.append((_label(raw), start + m.start()))
    for m in _MARK_WEAK.finditer(segment):
        if m.group(1) in weak_labels and not marked[m.start()]:
            cuts.append((m.start(), m.end()))
            marked[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            citations.append((m.group(1), start + m.start()))
    if weak_labels:
        for m in _MARK_BARE.finditer(segment):
            if m.group(1) in weak_labels and not marked[m.start()]:
                cuts.append((m.start(), m.end()))
                marked[m.start():m.end()] = b"\x01" * (m.end() - m.start())
                citations.append((m.group(1), start + m.start()))
    escaped: set[int] = set()  # a character after a backslash escape is text, never markup
    for m in _INLINE_CUT.finditer(segment):
        if m.start() in escaped:
            continue
        if not marked[m.start()]:
            cuts.append((m.start(), m.end()))
            if segment[m.start():m.end()] == "\\":
                escaped.add(m.end())
    cuts.extend(_comments(segment))
    cuts.sort()
    spans: list[Span] = []
    pos = 0
    for a, b in cuts:
        if a > pos:
            spans.append((start + pos, start + a))
        pos = max(pos, b)
    if pos < len(segment):
        spans.append((start + pos, end))
    spans = _trim(text, spans)
    citations.sort(key=lambda c: c[1])
    return spans, citations


def _comments(segment: str):
    """The (start, end) of each ``<!-- … -->``, found in one pass (an unclosed one ends the search)."""
    pos = 0
    while True:
        a = segment.find("<!--", pos)
        if a < 0:
            return
        b = segment.find("-->", a + 4)
        if b < 0:
            return
        yield a, b + 3
        pos = b + 3


def _trim(text: str, spans: list[Span]) -> list[Span]:
    """Drop empty pieces and leading/trailing white space at the ends of a unit."""
    spans = [(a, b) for a, b in spans if text[a:b].strip()]
    if not spans:
        return []
    a, b = spans[0]
    a += len(text[a:b]) - len(text[a:b].lstrip())
    spans[0] = (a, b)
    a, b = spans[-1]
    b -= len(text[a:b]) - len(text[a:b].rstrip())
    spans[-1] = (a, b)
    return [(a, b) for a, b in spans if b > a]


# --- footnotes ---------------------------------------------------------------------
def _footnote_start(text: str, block: RawBlock) -> tuple[str, str, int] | None:
    """(label, strength, body offset) when a block opens like a footnote body."""
    segment = text[block.start:block.end]
    for pattern in _DEF_STRONG:
        m = pattern.match(segment)
        if m and segment[m.end():].strip():
            return _label(m.group(1)), "strong", block.start + m.end()
    for pattern in _DEF_WEAK:
        m = pattern.match(segment)
        if m and segment[m.end():].strip():
            return m.group(1), "weak", block.start + m.end()
    return None


@dataclass
class _Scan:
    text: str
    lexicon: Lexicon
    blocks: list[RawBlock]
    metadata: Metadata = field(default_factory=Metadata)
    set_aside: list[dict] = field(default_factory=list)
    footnotes: dict[str, Footnote] = field(default_factory=dict)


def _marker_labels(text: str) -> tuple[set[str], set[str]]:
    strong = {_label(next(g for g in m.groups() if g)) for m in _MARK_STRONG.finditer(text)}
    weak = {m.group(1) for m in _MARK_WEAK.finditer(text)}
    return strong, weak


def _heading_text(text: str, block: RawBlock) -> str:
    return _plain(text, block)


def _find_footnotes(scan: _Scan) -> None:
    """Mark footnote bodies: strong shapes always; weak ones when cited or under a Notes heading."""
    text, blocks = scan.text, scan.blocks
    strong_marks, weak_marks = _marker_labels(text)
    # A label with a note body of a telling shape ("¹ …", "[^1]: …", "[1] …", "1) …") is not also
    # the label of a numbered list item ("1. The government should …").
    telling: set[str] = set()
    for b in blocks:
        shape = _footnote_start(text, b) if b.kind == "paragraph" else None
        if shape and (shape[1] == "strong" or not re.match(r"\s*\d{1,3}\.", text[b.start:b.end])):
            telling.add(shape[0])
        elif b.kind == "list_item" and b.list_marker and b.list_marker.endswith(")") and b.list_marker[:-1].isdigit():
            telling.add(b.list_marker[:-1])
    in_notes = False
    previous_note: RawBlock | None = None
    for b in blocks:
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


def _collect_footnotes(scan: _Scan) -> None:
    text = scan.text
    current: Footnote | None = None
    unlabeled = 0
    for b in scan.blocks:
        if b.role == "footnote":
            spans, _ = inline_pieces(text, b.content_start, b.end, set())
            label = b.footnote_label or ""
            key = label
            n = 2
            while key in scan.footnotes:  # a label used twice: keep both notes
                key = f"{label}#{n}"
                n += 1
            current = Footnote(label=key, spans=spans, text=text_from_spans(text, spans))
            scan.footnotes[key] = current
        elif b.role == "footnote_more" and current is not None:
            spans, _ = inline_pieces(text, b.start, b.end, set())
            current.spans.extend(spans)
            current.text = text_from_spans(text, current.spans)
        elif b.role == "reference":
            unlabeled += 1
            spans, _ = inline_pieces(text, b.content_start or b.start, b.end, set())
            key = f"ref{unlabeled}"
            current = Footnote(label=key, spans=spans, text=text_from_spans(text, spans))
            scan.footnotes[key] = current
        elif b.kind == "heading" or b.kind == "break":
            current = None


# --- metadata -----------------------------------------------------------------------
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_YAML_LINE = re.compile(r"^([A-Za-z_][\w -]*):[ \t]*(.*?)[ \t]*$")
_BYLINE = re.compile(r"^(?i:by\s+|written\s+by\s+|authors?\s*[:\-–]\s*)(?P<name>[A-Z\u00C0-\u024F][^\d]*)$")
_BOLD_NAMES = re.compile(
    r"^(?P<names>\*\*[^*]{2,80}\*\*(?:\s*(?:[·•,;/&|]|and)\s*\*\*[^*]{2,80}\*\*)+)\s*(?:\((?P<aff>[^)]{2,200})\))?\s*$"
)
_BOLD_NAME = re.compile(r"^\*\*(?P<name>[^*]{2,80})\*\*\s*(?:\((?P<aff>[^)]{2,200})\)|[,|–—-]\s*(?P<aff2>.{2,200}))?\s*$")
_IDENT = re.compile(r"^[A-Z][A-Za-z&.]{0,12}(?:[ -]?[A-Za-z]{0,6})?[ -]?\d[\w./-]*$")
_DATE_LABEL = re.compile(r"(?i)\b(?:updated|published|posted|revised|released|issued|dated?|last modified)\b:?")
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright)\s*(?:©|\(c\))?\s*", re.IGNORECASE)
_YEARS = re.compile(r"\b(19|20)\d{2}(?:\s*[-–]\s*(19|20)?\d{2})?\b")


def _front_matter(text: str, metadata: Metadata) -> tuple[int, dict[str, tuple[int, int]]]:
    """Read YAML front matter (``key: value`` lines); returns where the body starts and value spans."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return 0, {}
    spans: dict[str, tuple[int, int]] = {}
    offset = m.start(1)
    for line in m.group(1).splitlines(keepends=True):
        lm = _YAML_LINE.match(line.rstrip("\n"))
        if lm and lm.group(2):
            key = lm.group(1).strip().lower().replace(" ", "_").replace("-", "_")
            value = lm.group(2)
            v_start = offset + lm.start(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
                v_start += 1
            if not value.strip():  # `title: ""` says nothing
                offset += len(line)
                continue
            spans[key] = (v_start, v_start + len(value))
            _assign_meta(metadata, key, value)
        offset += len(line)
    return m.end(), spans


def _assign_meta(metadata: Metadata, key: str, value: str) -> None:
    aliases = {"authors": "author", "by": "author", "published": "date", "pubdate": "date", "publication_date": "date",
               "date_published": "date", "updated": "date", "id": "identifier",
               "report_number": "identifier", "number": "identifier", "organization": "publisher",
               "institution": "publisher", "source": "publisher"}
    key = aliases.get(key, key)
    if key == "date":
        found = find_date(value)
        value = found[0] if found else value
    if key in Metadata.__dataclass_fields__ and key != "extra":
        if getattr(metadata, key) is None:
            setattr(metadata, key, value)
    else:
        metadata.extra.setdefault(key, value)


def _block_pieces(text: str, block: RawBlock, start: int) -> tuple[list[Span], list[tuple[str, int]], str]:
    """``inline_pieces(text, start, block.end, set())`` and its text, made once per block and start.

    The lists are the block's own: a caller that changes them takes copies.
    """
    kept = block.pieces
    if kept is not None and kept[0] == start and kept[1] == block.end:
        return kept[2], kept[3], kept[4]
    spans, citations = inline_pieces(text, start, block.end, set())
    plain = text_from_spans(text, spans)
    block.pieces = (start, block.end, spans, citations, plain)
    return spans, citations, plain


def _plain(text: str, block: RawBlock) -> str:
    """The block's text without markup and markers."""
    return _block_pieces(text, block, block.content_start or block.start)[2]


def _date_line(line: str, metadata: Metadata) -> bool:
    """A line that carries the date (and maybe an identifier): ``2024. 02. 22 | CO 24-17``."""
    found = find_date(line)
    if not found or len(line) > 120:
        return False
    iso, (a, b) = found
    rest = (line[:a] + " " + line[b:]).strip()
    rest = _DATE_LABEL.sub(" ", rest)
    parts = [p.strip() for p in re.split(r"\s*[|•·/()\[\]]\s*|\s+[–—-]\s+", rest) if p.strip()]
    leftover = []
    for p in parts:
        p = p.strip("()[]")
        if p == metadata.identifier:
            continue
        if metadata.identifier is None and _IDENT.match(p):
            metadata.identifier = p
        else:
            leftover.append(p)
    if len(" ".join(leftover).split()) > 8:
        return False
    metadata.date = metadata.date or iso
    for p in leftover:
        if metadata.series is None:
            metadata.series = p
    return True


def _byline(line: str, metadata: Metadata) -> bool:
    if len(line) > 250 or metadata.author:
        return False
    several = _BOLD_NAMES.match(line)
    if several:  # "**Kim, Jiyoung** · **Lee, Sangsin** (Research Fellows, …)"
        names = re.findall(r"\*\*([^*]{2,80})\*\*", several.group("names"))
        if all(_name_like(n) and not re.search(r"\d", n) for n in names):
            metadata.author = " and ".join(n.strip() for n in names)
            if several.group("aff"):
                metadata.affiliation = several.group("aff").strip()
            return True
    m = _BOLD_NAME.match(line)
    if m and _name_like(m.group("name")) and not re.search(r"\d", m.group("name")):
        metadata.author = m.group("name").strip()
        aff = m.group("aff") or m.group("aff2")
        if aff:
            metadata.affiliation = aff.strip()
        return True
    plain = re.sub(r"[*_]", "", line).strip()
    m = _BYLINE.match(plain)
    if m and not _TERMINAL.search(plain.rstrip(")")) and _name_like(m.group("name").split("(")[0]):
        name = m.group(1).strip()
        aff = re.search(r"\(([^)]+)\)\s*$", name)
        if aff:
            metadata.affiliation = aff.group(1).strip()
            name = name[: aff.start()].strip()
        metadata.author = name.rstrip(",;")
        return True
    return False


_NAME_ROLE = re.compile(r"^(?P<name>[^,;()|]{3,60}?)\s*(?:,\s*|\s+[–—-]\s+|\s*\()(?P<role>[^()]{2,120}?)\)?\s*$")


def _masthead_lines(lines: list[str], metadata: Metadata) -> bool:
    """A short block of lines under the title (series or number, date, author): read each line.

    It is a masthead when one of its lines is a date or a byline; the others are read as the
    author ("Jane Doe, Senior Economist"), the identifier or the series.
    """
    lines = [re.sub(r"[*_]", "", ln).strip() for ln in lines if ln.strip()]
    if len(lines) > 5 or any(len(ln) > 100 or _TERMINAL.search(ln.rstrip(")")) and not find_date(ln) for ln in lines):
        return False
    probe = Metadata()
    dated = [ln for ln in lines if _date_line(ln, probe)]
    signed = [ln for ln in lines if ln not in dated and _byline(ln, probe)]
    if not dated and not signed:
        return False
    for ln in lines:
        bare = ln.strip("()[] ")
        if bare == metadata.identifier:
            continue
        if ln in dated:
            _date_line(ln, metadata)
        elif ln in signed:
            _byline(ln, metadata)
        elif metadata.author is None and (m := _NAME_ROLE.match(ln)) and _name_like(m.group("name")) and len(m.group("name").split()) <= 5:
            metadata.author, metadata.affiliation = m.group("name").strip(), m.group("role").strip()
        elif metadata.identifier is None and _IDENT.match(bare):
            metadata.identifier = bare
        elif metadata.series is None:
            metadata.series = ln
        else:
            metadata.extra.setdefault("masthead", ln)
    return True


def _name_like(text: str) -> bool:
    """Names are capitalised words ("Jane Doe", "J. Doe and A. Roe"), not a phrase that starts with "by"."""
    words = [w for w in re.findall(r"[^\W\d_][\w.'’-]*", text) if w.lower() not in ("and", "de", "van", "von", "der", "da", "di", "la", "le", "et", "al")]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.75


def _publisher(line: str) -> str | None:
    rest = _COPYRIGHT.sub("", line, count=1)
    rest = _YEARS.sub(" ", rest)
    rest = re.sub(r"(?i)all rights reserved\.?", " ", rest)
    rest = re.sub(r"^[\s,.;:]+|[\s,.;:]+$", "", re.sub(r"\s+", " ", rest))
    return rest or None


def _folded(value: str) -> str:
    return re.sub(r"[\W_]+", " ", value).strip().lower()


# --- the stage ------------------------------------------------------------------------
def clean(document: Document, *, lexicon: Lexicon | None = None) -> Document:
    """Give a read document its structure: metadata, blocks, footnotes, set-aside furniture."""
    lexicon = lexicon or load_lexicon("en")
    text = document.text
    metadata = document.metadata
    body_start, fm_spans = _front_matter(text, metadata)
    blocks = [b for b in scan_blocks(text) if b.start >= body_start]
    scan = _Scan(text=text, lexicon=lexicon, blocks=blocks, metadata=metadata)
    if body_start:
        scan.set_aside.append({"kind": "front_matter", "text": text[:body_start].strip(), "spans": [[0, body_start]]})
    _find_footnotes(scan)
    _collect_footnotes(scan)

    # The title: front matter's, else the first level-1 heading, else the first heading.
    title_spans: list[Span] = []
    title_index: int | None = None
    if "title" in fm_spans:
        title_spans = [fm_spans["title"]]
        # the front matter's title repeated as the first line of the body is the title, not a sentence
        wanted = _folded(text[fm_spans["title"][0]:fm_spans["title"][1]])
        for i, b in enumerate(blocks[:3]):
            if b.role is None and b.kind in ("paragraph", "heading") and _folded(_plain(text, b)) == wanted:
                title_index = i
                b.role = "title"
                break
    else:
        headings = [i for i, b in enumerate(blocks) if b.kind == "heading" and b.role is None]
        h1 = [i for i in headings if blocks[i].level == 1]
        candidates = h1 or headings
        if candidates:
            title_index = candidates[0]
        elif blocks and blocks[0].kind == "paragraph":
            first = _plain(text, blocks[0])
            if (
                "\n" not in text[blocks[0].start:blocks[0].end].strip()
                and len(first.split()) <= 20
                and not _TERMINAL.search(first)
                and not _COPYRIGHT.match(first)
                and not lexicon.is_boilerplate(first)
                and not find_date(first)
                and len(blocks) > 1
            ):
                title_index = 0
        if title_index is not None:
            tb = blocks[title_index]
            tb.role = "title"
            title_spans, _ = inline_pieces(text, tb.content_start or tb.start, tb.end, set())
    if title_spans:
        metadata.title = metadata.title or text_from_spans(text, title_spans)

    # Lines before the title are the masthead: series, date and identifier.
    if title_index is not None:
        cover = blocks[title_index].level == 1  # before a first-level title stands only a cover or masthead
        for b in blocks[:title_index]:
            if b.role:
                continue
            line = _plain(text, b)
            if _date_line(line, metadata) or (len(line) <= 80 and not _TERMINAL.search(line)) or (
                    cover and len(line.split()) <= 40 and b.kind != "heading"):
                if b.role is None and not find_date(line) and metadata.series is None:
                    metadata.series = line
                b.role = "masthead"
                scan.set_aside.append({"kind": "masthead", "text": line, "spans": [[b.start, b.end]]})

    # Just after the title: byline and date lines.
    after = title_index + 1 if title_index is not None else 0
    looked = 0
    for b in blocks[after:]:
        if looked >= 3 or b.kind == "heading":
            break
        if b.role or b.kind != "paragraph":
            continue
        looked += 1
        line = text[b.start:b.end].strip()
        if "\n" in line:
            if len(line.split()) > 30:
                break
            if _masthead_lines(line.splitlines(), metadata):
                b.role = "masthead"
        elif _date_line(_plain(text, b), metadata):
            b.role = "dateline"
        elif _byline(line, metadata):
            b.role = "byline"
        if not b.role:
            break  # the body has begun: a byline stands before it
        scan.set_aside.append({"kind": b.role, "text": _plain(text, b), "spans": [[b.start, b.end]]})

    _report_furniture(scan)

    # Copyright, disclaimers, page furniture, anywhere.
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
        line = _plain(text, b)
        if _COPYRIGHT.match(line) and len(line) < 200:
            b.role = "copyright"
            metadata.copyright = metadata.copyright or line
            metadata.publisher = metadata.publisher or _publisher(line)
        elif lexicon.is_disclaimer(line):
            b.role = "disclaimer"
            metadata.disclaimer = metadata.disclaimer or re.sub(r"^※\s*", "", line)
        elif lexicon.is_boilerplate(line) or not _WORD.search(line):
            b.role = "furniture"
        if b.role:
            scan.set_aside.append({"kind": b.role, "text": line, "spans": [[b.start, b.end]]})

    # Body blocks with their sections; paragraphs cut by an interruption rejoined.
    weak_labels = {k for k in scan.footnotes}
    out: list[Block] = []
    stack: list[tuple[int, str]] = []
    interrupted = False
    dangling: Block | None = None
    last_heading_level = 2
    for index, b in enumerate(blocks):
        if b.role == "title":
            continue
        if b.role in ("footnote", "footnote_more", "reference", "furniture", "notes_heading"):
            interrupted = True
            if b.role == "notes_heading":
                stack = [(lvl, t) for lvl, t in stack if lvl < b.level]
            continue
        if b.role:
            continue
        start = b.content_start or b.start
        if not weak_labels or (text.find("[", start, b.end) < 0 and not _MARK_BARE.search(text, start, b.end)):
            # no "[n]" or bare number in the block for a weak label to make a marker
            spans, citations, _ = _block_pieces(text, b, start)
            spans, citations = list(spans), list(citations)
        else:
            spans, citations = inline_pieces(text, start, b.end, weak_labels)
        if not spans:
            continue
        kind = b.kind
        level = b.level
        following = next((n for n in blocks[index + 1:] if n.role is None), None)
        if kind == "paragraph" and _bold_heading(text, b):
            kind, level = "heading", last_heading_level
        elif kind in ("paragraph", "list_item") and (numbered := _numbered_heading(text, b, blocks, index, following)):
            kind, level, content = "heading", numbered[0], numbered[1]
            spans, citations = inline_pieces(text, content, b.end, weak_labels)
        elif kind == "paragraph" and _plain_heading(text, b, following, lexicon):
            kind, level = "heading", last_heading_level
        if kind == "heading" and _continuation_line(text_from_spans(text, spans)):
            kind = "paragraph"  # a line set like a heading that only carries on a sentence
        runin = _run_in_heading(text, start, b.end) if kind == "paragraph" else None
        if runin is not None:
            # "**China.** During his time…": a bold lead-in names a subsection and its text follows
            head_end, body_start = runin
            head_spans, head_citations = inline_pieces(text, start, head_end, weak_labels)
            spans, citations = inline_pieces(text, body_start, b.end, weak_labels)
            sub_level = last_heading_level + 1
            stack = [(lvl, t) for lvl, t in stack if lvl < sub_level]
            out.append(Block("heading", head_spans, level=sub_level, section=tuple(t for _, t in stack), citations=head_citations))
            stack.append((sub_level, text_from_spans(text, head_spans)))
            interrupted = False
        if kind == "heading":
            heading = text_from_spans(text, spans)
            last_heading_level = level
            stack = [(lvl, t) for lvl, t in stack if lvl < level]
            # a paragraph cut mid-sentence by notes just before this heading: its end follows the heading
            dangling = out[-1] if interrupted and out and _dangling(text, out[-1]) else None
            out.append(Block("heading", spans, level=level, section=tuple(t for _, t in stack), citations=citations))
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
            and not _ends_terminal(text, previous.spans)
            and (interrupted or text_from_spans(text, spans)[:1].islower())
        ):
            previous.spans.extend(spans)
            previous.citations.extend(citations)
            previous.after_break = True
            interrupted = False
            continue
        level = b.indent if kind == "list_item" else 0
        out.append(Block(kind, spans, level=level, section=section, list_marker=b.list_marker, citations=citations))
        interrupted = False

    document.metadata = metadata
    document.title_spans = title_spans
    document.blocks = out
    document.footnotes = scan.footnotes
    document.set_aside = scan.set_aside
    return document


def _set_aside(scan: _Scan, block: RawBlock, role: str) -> None:
    block.role = role
    scan.set_aside.append({"kind": role, "text": _plain(scan.text, block), "spans": [[block.start, block.end]]})


def _single_line(text: str, block: RawBlock) -> bool:
    return "\n" not in text[block.start:block.end].strip()


def _report_furniture(scan: _Scan) -> None:
    """Set aside what a report says about itself rather than argues, by kind.

    - back matter: a heading such as "Author Information" or "Disclaimer" and everything under it,
      with the author lines and the report number set just before it;
    - captions: "Figure 2. …", "Table 1: …", and the "Source:"/"Note:" lines that follow them;
    - datelines: a line that is only a date ("April 20, 2026", "Updated May 3, 2024").
    """
    text, blocks, lexicon = scan.text, scan.blocks, scan.lexicon
    back_level: int | None = None
    for index, b in enumerate(blocks):
        if b.role in ("title", "footnote", "footnote_more", "reference", "notes_heading"):
            continue
        heading_like = b.kind == "heading" or (b.kind == "paragraph" and _single_line(text, b)
                                                and len(_plain(text, b).split()) <= 5)
        level = b.level if b.kind == "heading" else 2
        if heading_like and lexicon.is_back_matter_heading(_plain(text, b)):
            if back_level is None:
                _author_lines_before(scan, index)
            back_level = level if back_level is None else min(back_level, level)
            _set_aside(scan, b, "back_matter")
            continue
        if back_level is not None:
            if b.kind == "heading" and b.level <= back_level:
                back_level = None  # the argument takes up again under a heading of its own
            elif b.role is None:
                _set_aside(scan, b, "back_matter")
                continue
        if b.role is not None or b.kind not in ("heading", "paragraph"):
            continue
        line = _plain(text, b)
        if lexicon.is_caption(line) and len(line.split()) <= 40:
            _set_aside(scan, b, "caption")
        elif lexicon.is_caption_note(line) and _after_caption(blocks, index):
            _set_aside(scan, b, "caption")
        elif _single_line(text, b) and _only_date(line):
            if scan.metadata.date is None:
                _date_line(line, scan.metadata)
            _set_aside(scan, b, "dateline")


def _after_caption(blocks: list[RawBlock], index: int) -> bool:
    """Whether a figure's or table's caption or the table itself stands just before (a note between)."""
    for previous in reversed(blocks[max(0, index - 4):index]):
        if previous.role == "caption" or previous.kind == "table":
            return True
        if previous.role is None:
            return False
    return False


def _only_date(line: str) -> bool:
    found = find_date(line)
    if not found or len(line) > 60:
        return False
    _, (a, b) = found
    rest = _DATE_LABEL.sub(" ", line[:a] + " " + line[b:])
    return not re.search(r"\w", rest)


def _author_lines_before(scan: _Scan, index: int) -> None:
    """Bylines and a bare report number set just before the back matter are the back matter's."""
    text = scan.text
    for b in reversed(scan.blocks[max(0, index - 4):index]):
        if b.role is not None and b.role not in ("footnote", "footnote_more"):
            break
        if b.role is not None or b.kind != "paragraph" or not _single_line(text, b):
            continue
        line = _plain(text, b)
        raw = text[b.start:b.end].strip()
        if _IDENT.match(line.strip("()[] ")):
            if scan.metadata.identifier is None:
                scan.metadata.identifier = line.strip("()[] ")
            _set_aside(scan, b, "identifier")
        elif _byline(raw, Metadata()):
            if scan.metadata.author is None:
                _byline(raw, scan.metadata)
            _set_aside(scan, b, "byline")
        else:
            break


def _continuation_line(heading: str) -> bool:
    """Heading-shaped text that opens in lower case or stops on a comma or semicolon carries on a sentence."""
    return bool(heading) and (heading[0].islower() or heading.rstrip()[-1:] in (",", ";"))


_RUN_IN = re.compile(r"\*\*((?:[^*\n]|\*{4})+?)(?:\*{4})?([.:])\*\*[ \t]*(?=[\"“‘(\[]?[A-Z0-9])")


def _run_in_heading(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A paragraph opening with a short bold lead-in ending in a stop: (end of the lead-in, start of the text)."""
    m = _RUN_IN.match(text, start, end)
    if not m or len(re.sub(r"\*+", " ", m.group(1)).split()) > 12:
        return None
    return m.end(2), m.end()


_CLOSERS = set("\"'”’)]»")


def _ends_terminal(text: str, spans: list[Span]) -> bool:
    """Whether the text of ``spans`` ends like a sentence, reading only its last pieces.

    The pieces are taken from the end until one holds a character that is neither white
    space nor a closing quote or bracket: what decides ``_TERMINAL`` is then inside them.
    """
    first = len(spans)
    while first > 0:
        first -= 1
        a, b = spans[first]
        if any(not ch.isspace() and ch not in _CLOSERS for ch in text[a:b]):
            break
    return bool(_TERMINAL.search(text_from_spans(text, spans[first:])))


def _bold_heading(text: str, block: RawBlock) -> bool:
    """A short paragraph set wholly in bold, with no final stop, reads as a heading."""
    raw = text[block.start:block.end].strip()
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


def _plain_heading(text: str, block: RawBlock, following: RawBlock | None, lexicon: Lexicon) -> bool:
    """A line without markup that is clearly a heading: short, capitalised, no final punctuation,
    and followed by a paragraph much longer than itself."""
    raw = text[block.start:block.end].strip()
    if "\n" in raw or not raw[:1].isupper():
        return False
    words = raw.split()
    if not 1 <= len(words) <= 10 or re.search(r"[.;:,!?…\-–—)\]\"”’]$", raw) or find_date(raw):
        return False
    if lexicon.is_boilerplate(raw) or _COPYRIGHT.match(raw):
        return False
    if following is None or following.kind != "paragraph":
        return False
    follow = _words_in(text, following)
    return follow >= 12 and follow >= 2 * len(words)


def _dangling(text: str, block: Block) -> bool:
    """A paragraph of several words that stops mid-sentence: no final punctuation, a word at its end."""
    if block.kind != "paragraph":
        return False
    body = text_from_spans(text, block.spans)
    return len(body.split()) >= 8 and not _TERMINAL.search(body) and bool(re.search(r"\w$", body))
