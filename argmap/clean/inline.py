"""Inline markup and footnote markers: the pieces of a block's text that make a unit's spans.

A unit's spans skip what is markup (emphasis, link brackets and targets, HTML tags, comments,
backslash escapes) and the footnote markers; the markers and the links (``links``) become the
block's citations. In Markdown the markup CommonMark reads is the reader's (``Parsed``), and so are
the footnote references ("[^1]" where "[^1]: …" defines the note) and the verbatim text (code), in
which nothing is cut. The patterns here read only what a parser cannot know:

- footnote markers of other shapes, which only the cleaning can pair with a note: a superscript
  digit pasted from a web page ("rose.¹²"), ``<sup>1</sup>``, "[3]" and a bare "imports.2" when note
  3 or 2 exists; and "[^3]" that no "[^3]:" defines, which the parser leaves as text: it still cites
  note 3, set in another shape or missing (which ``argmap audit`` reports);
- the markup a web page saved as Markdown leaves in the parser's literal text ("**Source: **CRS");
- which HTML tags are markup: the parser reads any tag, but a brief's words may quote one
  ("<script>…", shown escaped in the reports), so only the tags of the list below are cut, and an
  anchor ("<a href=…>") is a link (``links``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..model import CHARACTER_REFERENCE, Citation, Span, text_from_spans
from .links import LinkHit, find_links, has_bare_address

__all__ = ["inline_pieces", "Parsed", "note_label", "MARK_STRONG", "MARK_WEAK", "MARK_BARE"]

# Footnote markers inside text.
MARK_STRONG = re.compile(
    r"(?=[<\[¹²³⁴⁵⁶⁷⁸⁹⁰])(?:"  # every branch opens with one of these: a cheap first test
    r"<sup>\s*(?:<a[^<>]*>)?\s*\[?(\d{1,3}|[*†‡§])\]?\)?\s*(?:</a>)?\s*</sup>"
    r"|\[\^([\w-]{1,20})\](?!:)"
    r"|([¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})(?![¹²³⁴⁵⁶⁷⁸⁹⁰])"
    r")"
)
MARK_WEAK = re.compile(r"\[(\d{1,3})\](?!\()")
# A note number set on the line as plain digits, as text copied from a PDF has it: "imports.1 Without",
# "leakage2 and". Only read as a marker when a note of that number exists. (The digit looked for first:
# the two looks behind at every character of a text made a scan four times slower.)
MARK_BARE = re.compile(r"(?=\d)(?:(?<=[^\W\d_][.,;:!?”’\"')])|(?<=[a-z]))(\d{1,3})(?=[\s.,;:]|$)")
_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
# Inline markup removed from units (the text between is kept); links are ``links``'s. No part
# scans past the next opening bracket, parenthesis or angle bracket, so that a line of a million
# "[" or "<a" costs linear time.
_INLINE_CUT = re.compile(
    r"(?=[!\[\]<*_`\\(])(?:"  # every piece below opens with one of these: a cheap first test
    r"!\[[^\[\]]*\]\([^()]*\)"  # images: gone whole
    r"|(?<=\])\([^()\s]*(?:\s+\"[^\"()]*\")?\)"  # what is left of a link ``links`` does not read (one in another)
    r"|\[(?=[^\[\]]*\]\()"
    r"|\](?=\()"
    r"|</?(?:a|abbr|b|big|br|cite|code|del|div|em|font|i|ins|kbd|mark|p|q|s|small|span|strike|strong|sub|sup|u)\b[^<>]*>"
    r"|<[A-Za-z][\w-]{0,30}\s*/>"  # a self-closing tag of any name (a site's "<excerpt/>" separator): markup, no words
    r"|\*\*|__"  # strong emphasis
    r"|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"  # *emphasis*
    r"|(?<![\w\\])_(?=\S)|(?<=\S)_(?![\w])"  # _emphasis_
    r"|`"
    r"|\\(?=[\\`*_{}\[\]()#+\-.!])"  # backslash escapes
    r")"
)
# Every footnote marker, link, piece of inline markup or comment holds one of these characters ("!"
# and "(" are cut only next to a bracket), but for the bare note numbers that only weak labels make
# markers and the bare web addresses (``links.has_bare_address``).
_MARKUP_CHARS = re.compile(r"[\[\]<*_`\\¹²³⁴⁵⁶⁷⁸⁹⁰]")
# the same for text that holds no markup (a reader's plain text): only footnote markers are cut
_MARKER_CHARS = re.compile(r"[\[<¹²³⁴⁵⁶⁷⁸⁹⁰]")


# What each ``_INLINE_CUT`` piece needs in the text (every one holds one of these), and what each
# ``MARK_STRONG`` marker opens with: tested first, these scans are far cheaper than the patterns' own
_CUT_SIGN = re.compile(r"[<*_`\\]|\]\(")
_SUPERSCRIPT_DIGIT = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]")


def _may_mark_strongly(segment: str) -> bool:
    return "<sup>" in segment or "[^" in segment or _SUPERSCRIPT_DIGIT.search(segment) is not None


def note_label(raw: str) -> str:
    return raw.translate(_SUPERSCRIPT).strip()


@dataclass(frozen=True)
class Parsed:
    """What a Markdown parser read inside a block, in offsets of the text: the markup it found (emphasis
    marks, a link's brackets and destination, code's backticks, escaping backslashes, images, quote
    markers), the verbatim text whose characters are words whatever they are (code, an escaped
    character, an autolink's address), and its links."""

    cuts: tuple[Span, ...] = ()
    verbatim: tuple[Span, ...] = ()
    links: tuple[LinkHit, ...] = ()
    notes: tuple[tuple[str, int, int], ...] = ()  # each footnote reference ("[^1]"): its label, start and end


def _reaches(spans, start: int, end: int) -> bool:
    """Whether any of ``spans`` reaches into [start, end) (a quote's ">" markers hold no markup character)."""
    return any(a < end and start < b for a, b in spans)


def inline_pieces(text: str, start: int, end: int, weak_labels: set[str],
                  references: dict[str, str] | None = None, *, markup: bool = True,
                  parsed: Parsed | None = None) -> tuple[list[Span], list[Citation]]:
    """The spans of ``text[start:end]`` with footnote markers and inline markup cut out.

    Returns the spans and the citations found, in order: each footnote marker (its label and
    span) and each link (its target, anchor words and their span; see ``links``). ``[n]``
    counts as a marker only when footnote ``n`` exists (``weak_labels``); ``[words][ref]`` as
    a link only when ``references`` (the document's definitions) holds ``ref``. ``markup=False``
    is for plain text a reader wrote: its ``*``, ``_``, brackets and tags are words; only note
    markers and links are cut.

    ``parsed`` is what the Markdown reader's parser read in the block: its markup is cut and its
    links are the block's links, its verbatim text is left whole. The patterns here still read the
    rest, for what CommonMark leaves as literal text and pages saved as Markdown mean as markup
    (``argmap.read.markdown``'s notes): "**Source: **CRS", a link whose address does not balance its
    parentheses, an HTML anchor, a bare address; and footnote markers, which are the cleaning's.
    """
    segment = text[start:end]
    char_refs = markup and "&" in segment and CHARACTER_REFERENCE.search(segment) is not None
    if (not (_MARKUP_CHARS if markup else _MARKER_CHARS).search(segment) and not (weak_labels and MARK_BARE.search(segment))
            and not has_bare_address(segment) and not (parsed is not None and _reaches(parsed.cuts, start, end))
            and not char_refs):
        return _trim(text, [(start, end)] if segment else []), []  # nothing any of the patterns below could cut
    cuts: list[tuple[int, int]] = []
    notes: list[tuple[str, int, int]] = []
    marked = bytearray(len(segment) + 1)  # 1 where a footnote marker was cut: markup there is the marker's
    verbatim = bytearray(len(segment) + 1)  # 1 in the parser's verbatim text (code): no marker is there
    if parsed is not None:  # the parser's footnote references ("[^1]" of a defined note): markers for certain
        for label, a, b in parsed.notes:
            if start <= a and b <= end:
                a, b = a - start, b - start
                cuts.append((a, b))
                marked[a:b] = b"\x01" * (b - a)
                notes.append((label, a, b))
        for a, b in parsed.verbatim:
            a, b = max(a, start) - start, min(b, end) - start
            if a < b:
                verbatim[a:b] = b"\x01" * (b - a)
    for m in MARK_STRONG.finditer(segment) if _may_mark_strongly(segment) else ():
        if marked[m.start()] or verbatim[m.start()]:
            continue
        raw = next(g for g in m.groups() if g)
        cuts.append((m.start(), m.end()))
        marked[m.start():m.end()] = b"\x01" * (m.end() - m.start())
        notes.append((note_label(raw), m.start(), m.end()))
    for m in MARK_WEAK.finditer(segment):
        if m.group(1) in weak_labels and not marked[m.start()] and not verbatim[m.start()]:
            cuts.append((m.start(), m.end()))
            marked[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            notes.append((m.group(1), m.start(), m.end()))
    if weak_labels:
        for m in MARK_BARE.finditer(segment):
            if m.group(1) in weak_labels and not marked[m.start()] and not verbatim[m.start()]:
                cuts.append((m.start(), m.end()))
                marked[m.start():m.end()] = b"\x01" * (m.end() - m.start())
                notes.append((m.group(1), m.start(), m.end()))
    marked_note = bytes(marked)
    links: list[LinkHit] = []
    taken = marked
    if parsed is not None:
        taken = bytearray(marked)
        for a, b in parsed.verbatim:
            a, b = max(a, start) - start, min(b, end) - start
            if a < b:
                marked[a:b] = taken[a:b] = b"\x01" * (b - a)
        for a, b in parsed.cuts:
            a, b = max(a, start) - start, min(b, end) - start
            if a < b:
                cuts.append((a, b))
                marked[a:b] = taken[a:b] = b"\x01" * (b - a)
        for hit in parsed.links:
            if start <= hit.start and hit.end <= end and not any(marked_note[hit.start - start:hit.end - start]):
                links.append(LinkHit(hit.start - start, hit.end - start, hit.words_start - start, hit.words_end - start,
                                     hit.target, hit.literal))
                taken[hit.start - start:hit.end - start] = b"\x01" * (hit.end - hit.start)
    links += find_links(segment, references, taken=taken)
    for hit in links:
        cuts.extend(hit.cuts)
        if hit.literal:  # "https://x.org/a_(b)": an underscore there is part of the address, not emphasis
            marked[hit.words_start:hit.words_end] = b"\x01" * (hit.words_end - hit.words_start)
    escaped: set[int] = set()  # a character after a backslash escape is text, never markup
    pos = 0
    cuttable = markup and _CUT_SIGN.search(segment) is not None
    while cuttable and (m := _INLINE_CUT.search(segment, pos)):
        pos = m.end()
        if m.start() in escaped:
            continue
        if marked[m.start()]:
            if parsed is not None:  # "__" whose first mark the parser read: the second may be residue
                pos = m.start() + 1
            continue
        cuts.append((m.start(), m.end()))
        if segment[m.start():m.end()] == "\\":
            escaped.add(m.end())
    if markup:
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
    if char_refs:  # each character reference a span of its own, which the unit's text reads ("&amp;" → "&")
        spans = _set_apart(spans, [(start + m.start(), start + m.end()) for m in CHARACTER_REFERENCE.finditer(segment)
                                   if not marked[m.start()] and m.start() not in escaped])
    spans = _trim(text, spans)
    citations = [Citation.footnote(label, (start + a, start + b)) for label, a, b in notes]
    ends = [e for _, e in spans]  # the spans are in order and apart: a link's lie from bisect_right(ends, a)
    for hit in links:
        if hit.target:
            words = _within(text, spans, start + hit.words_start, start + hit.words_end, ends)
            citations.append(Citation.link(hit.target, text_from_spans(text, words),
                                           (words[0][0], words[-1][1]) if words else (start + hit.words_start,) * 2))
    citations.sort(key=lambda c: c.span)
    return spans, citations


def _set_apart(spans: list[Span], references: list[Span]) -> list[Span]:
    """``spans`` cut at both ends of each of ``references`` that lies whole inside one of them."""
    out: list[Span] = []
    refs = iter(references)
    ref = next(refs, None)
    for a, b in spans:
        while ref is not None and ref[0] < b:
            if a <= ref[0] and ref[1] <= b:
                if a < ref[0]:
                    out.append((a, ref[0]))
                out.append(ref)
                a = ref[1]
            ref = next(refs, None)
        if a < b:
            out.append((a, b))
    return out


#: what a link's box or brackets may take in around its words ("(Title I),", "order,"): no part of them
_AROUND_WORDS = "([{“‘\"'.,;:!?)]}”’ \t\n"


def _closes(text: str, first: int, last: int) -> bool:
    """Whether the bracket ending ``text[first:last]`` closes one opened inside it ("X_(y)" keeps its ")")."""
    opener = {")": "(", "]": "[", "}": "{"}.get(text[last - 1])
    return opener is not None and text.count(opener, first, last) >= text.count(text[last - 1], first, last)


def _within(text: str, spans: list[Span], a: int, b: int, ends: list[int]) -> list[Span]:
    """The parts of ``spans`` (in order, apart; ``ends`` their ends) inside [a, b): a link's anchor words
    without the markup between them, and without the brackets, quotes and punctuation at their two ends.
    Only the spans that reach into [a, b) are looked at, so a block of many links costs no square."""
    pieces = []
    for s, e in spans[bisect_right(ends, a):]:
        if s >= b:
            break
        if max(a, s) < min(b, e):
            pieces.append((max(a, s), min(b, e)))
    while pieces:
        first, last = pieces[0]
        while first < last and text[first] in _AROUND_WORDS:
            first += 1
        if first < last:
            pieces[0] = (first, last)
            break
        pieces.pop(0)
    while pieces:
        first, last = pieces[-1]
        while last > first and text[last - 1] in _AROUND_WORDS and not _closes(text, first, last):
            last -= 1
        if last > first:
            pieces[-1] = (first, last)
            break
        pieces.pop()
    return pieces


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
