"""Segmentation: cleaned blocks to units (title, headings, sentences, footnotes) with their cues."""

from __future__ import annotations

import re
from bisect import bisect_right

from .cues import Lexicon
from .model import Document, Span, Unit, needs_space, text_from_spans, trimmed_spans
from .note_placement import place_unmarked_notes

__all__ = ["segment", "clean_view", "source_spans"]

_WORD = re.compile(r"\w")


def clean_view(source: str, spans: list[Span]) -> tuple[str, list[tuple[int, int, int]]]:
    """The text a list of spans reads as, and the map of its pieces back to the source.

    Returns (text, pieces) with pieces as (view_start, source_start, length); a space the
    view adds between pieces maps to nothing.
    """
    out: list[str] = []
    pieces: list[tuple[int, int, int]] = []
    length = 0
    previous_end = None
    for start, end in spans:
        piece = source[start:end]
        if previous_end is not None and needs_space(source, previous_end, start, end, out[-1] if out else ""):
            out.append(" ")
            length += 1
        previous_end = end
        pieces.append((length, start, len(piece)))
        out.append(piece)
        length += len(piece)
    return "".join(out), pieces


def source_spans(pieces: list[tuple[int, int, int]], start: int, end: int, source: str,
                 starts: list[int] | None = None) -> list[Span]:
    """The source spans of ``view[start:end]`` (``clean_view``'s inverse), trimmed of white space.

    ``starts`` (the pieces' view starts) makes the search a bisection: a paragraph of many pieces
    costs a logarithm per sentence, not a scan.
    """
    spans: list[Span] = []
    first = max(0, bisect_right(starts, start) - 1) if starts is not None else 0
    for index in range(first, len(pieces)):
        view_start, src_start, length = pieces[index]
        if view_start >= end:
            break
        a = max(start, view_start)
        b = min(end, view_start + length)
        if a < b:
            spans.append((src_start + a - view_start, src_start + b - view_start))
    return trimmed_spans(source, spans)


_OPENERS = "([{“‘«\""


def _move_openers(source: str, sentences: list[list[Span]]) -> None:
    """An opening bracket or quote left at a sentence's end ("2030. (") opens the next sentence."""
    for current, following in zip(sentences, sentences[1:]):
        start, end = current[-1]
        cut = end
        while cut > start and source[cut - 1] in _OPENERS:
            cut -= 1
        if cut == end or cut == start:
            continue
        while cut > start and source[cut - 1].isspace():
            cut -= 1
        if cut == start and len(current) == 1:
            continue
        if cut == start:  # the last piece held only the opener and white space: no empty span is left
            current.pop()
        else:
            current[-1] = (start, cut)
        opener = end - 1
        while source[opener - 1] in _OPENERS and opener - 1 >= cut:
            opener -= 1
        following[0] = (opener, following[0][1])


_CLOSERS = "\"”"


def _open_quote(source: str, spans: list[Span]) -> bool:
    """Whether a sentence leaves a quotation open: an odd number of straight double quotes, or more
    opening curly ones than closing."""
    text = "".join(source[a:b] for a, b in spans)
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”")


def _move_closers(source: str, sentences: list[list[Span]]) -> None:
    """A closing quote left at a sentence's start ('" They …', the sentence splitter cut before it)
    closes the sentence before, when that one leaves a quotation open."""
    for previous, current in zip(sentences, sentences[1:]):
        start, end = current[0]
        if source[start] not in _CLOSERS or end - start < 2 or not source[start + 1].isspace():
            continue
        if not _open_quote(source, previous):
            continue
        last_start, last_end = previous[-1]
        if last_end == start or not source[last_end:start].strip():
            previous[-1] = (last_start, start + 1)
        else:
            previous.append((start, start + 1))
        rest = start + 1
        while rest < end and source[rest].isspace():
            rest += 1
        current[0] = (rest, end)


_LONG_RUN = re.compile(r"\S{200,}")
_BREAK_EVERY = 100
_BREAK_PUNCT = 20


def _breakable(view: str) -> str:
    """The view as the tokenizer sees it: a run of 200+ characters without white space gets
    a space about every 100 characters, between two letters or digits (every 20 characters
    in a run of punctuation).

    spaCy's tokenizer peels punctuation off a token one character at a time, at a cost that
    grows with the square of the token's length; a space between two letters creates no
    sentence boundary. The text keeps its length, so the sentence offsets still index the view.
    """
    if len(view) < 200 or not _LONG_RUN.search(view):
        return view
    chars = list(view)
    for run in _LONG_RUN.finditer(view):
        k, end = run.start() + _BREAK_EVERY, run.end() - 1
        while k < end:
            j = next((i for i in range(k, min(k + 50, end)) if view[i - 1].isalnum() and view[i].isalnum()), None)
            if j is None:
                chars[k] = " "
                k += _BREAK_PUNCT
            else:
                chars[j] = " "
                k = j + _BREAK_EVERY
    return "".join(chars)


def _continue_series(units: list[Unit], continuing: dict[int, str]) -> None:
    """A sentence opening "Next," (``Lexicon.continuing_ordinal``) counts the next point of a series
    ("First, … Next, … Finally, …") only where one is open: the last sentence that counts before it
    stands in the same section, with a number ("First," rather than "Finally,"). Elsewhere it counts nothing."""
    if not continuing:
        return
    last: Unit | None = None
    for unit in units:
        if unit.kind == "heading":
            last = None
        elif unit.kind != "sentence":
            continue
        elif unit.ordinal_cue:
            last = unit
        elif id(unit) in continuing and last is not None and last.ordinal is not None and last.section == unit.section:
            unit.ordinal, unit.ordinal_cue = last.ordinal + 1, continuing[id(unit)]
            last = unit


def segment(document: Document, nlp, lexicon: Lexicon) -> list[Unit]:
    """Units in reading order: the title, then headings and the sentences of each block, then footnotes."""
    source = document.text
    units: list[Unit] = []
    if document.title_spans:
        units.append(Unit("title", list(document.title_spans), text_from_spans(source, document.title_spans), level=1))
    continuing: dict[int, str] = {}  # id(sentence) -> its "Next," that counts only inside a series
    views = []
    for block in document.blocks:
        if block.kind in ("paragraph", "list_item"):
            views.append(clean_view(source, block.spans))
    docs = iter(nlp.pipe((_breakable(v[0]) for v in views), batch_size=64))
    view_iter = iter(views)
    paragraph = 0
    for block in document.blocks:
        if block.kind == "heading":
            text = text_from_spans(source, block.spans)
            units.append(Unit("heading", list(block.spans), text, section=block.section, level=block.level,
                              block_kind="heading", citations=list(block.citations), extends=block.extends,
                              generic=lexicon.is_generic_heading(text) or lexicon.is_box_label(text)))
            continue
        view_text, pieces = next(view_iter)
        doc = next(docs)
        paragraph += 1
        sentences: list[list[Span]] = []
        starts = [piece[0] for piece in pieces]
        for sent in doc.sents:
            spans = source_spans(pieces, sent.start_char, sent.end_char, source, starts)
            if not spans:
                continue
            if sentences and not any(_WORD.search(source, a, b) for a, b in spans):
                sentences[-1].extend(spans)  # a stray quote or bracket belongs to the sentence before
                continue
            sentences.append(spans)
        _move_openers(source, sentences)
        _move_closers(source, sentences)
        block_units: list[Unit] = []
        for position, spans in enumerate(sentences):
            text = text_from_spans(source, spans)
            unit = Unit("sentence", spans, text, section=block.section, paragraph=paragraph, position=position,
                        block_kind=block.kind, level=block.level, list_marker=block.list_marker,
                        standfirst=block.standfirst)
            ordinal = lexicon.ordinal(text)
            cue = ordinal[1] if ordinal else lexicon.continuing_ordinal(text)
            skip = 0
            if ordinal:
                unit.ordinal, unit.ordinal_cue = ordinal
            elif cue:
                continuing[id(unit)] = cue
            if cue:
                skip = text.lower().find(cue.lower()) + len(cue)
                skip += len(text[skip:]) - len(text[skip:].lstrip(" ,:;"))
            unit.markers = lexicon.markers(text, skip=skip)
            block_units.append(unit)
        unit_starts = [u.spans[0][0] for u in block_units]  # in reading order, so sorted
        for citation in block.citations:
            # a marker belongs to the sentence it follows (it stands after the full stop); a link
            # to the sentence its anchor words open in
            if block_units:
                owner = block_units[max(0, bisect_right(unit_starts, citation.span[0]) - 1)]
                owner.citations.append(citation)
        units.extend(block_units)
    _continue_series(units, continuing)
    for label, note in document.footnotes.items():
        units.append(Unit("footnote", list(note.spans), note.text, footnote=label, block_kind="footnote"))
    place_unmarked_notes(units, document.footnotes, lexicon.language)  # a notes section whose markers the text lost
    return units

