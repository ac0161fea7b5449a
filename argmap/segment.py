"""Segmentation: cleaned blocks to units (title, headings, sentences, footnotes) with their cues, and the
sentence each note of a notes section whose markers the text lost belongs to."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from functools import lru_cache

import numpy as np

from .cues import Lexicon
from .lang.words import note_words
from .model import Citation, Document, Footnote, Span, Unit, cited_notes, needs_space, text_from_spans, trimmed_spans

__all__ = ["segment", "clean_view", "source_spans", "place_unmarked_notes", "PLACED_BY_WORDS"]

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


def segment(document: Document, nlp, lexicon: Lexicon) -> list[Unit]:
    """Units in reading order: the title, then headings and the sentences of each block, then footnotes."""
    source = document.text
    units: list[Unit] = []
    if document.title_spans:
        units.append(Unit("title", list(document.title_spans), text_from_spans(source, document.title_spans), level=1))
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
        block_units: list[Unit] = []
        for position, spans in enumerate(sentences):
            text = text_from_spans(source, spans)
            unit = Unit("sentence", spans, text, section=block.section, paragraph=paragraph, position=position,
                        block_kind=block.kind, level=block.level, list_marker=block.list_marker,
                        standfirst=block.standfirst)
            ordinal = lexicon.ordinal(text)
            skip = 0
            if ordinal:
                unit.ordinal, unit.ordinal_cue = ordinal
                skip = text.lower().find(ordinal[1].lower()) + len(ordinal[1])
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
    for label, note in document.footnotes.items():
        units.append(Unit("footnote", list(note.spans), note.text, footnote=label, block_kind="footnote"))
    place_unmarked_notes(units, document.footnotes, lexicon.language)  # a notes section whose markers the text lost
    return units


#: a placement by words stands when the words the note and the sentence share weigh this much: each
#: shared word its rarity (``_rarity``), 1 for a word of one sentence alone, about .5 for one sentence in twenty
PLACED_BY_WORDS = 1.5
#: what it costs a note to be placed at the sentence the note before it is placed at: notes mostly cite
#: sentences of their own, so a second note there must share more with it than with the ones after
SAME_SENTENCE = 0.25
#: a word and a longer one that adds at most this many letters to it, four or more in the shorter ("rule",
#: "rules"; "hearing", "hearings") count as one word, so a note's and a sentence's inflections of a name meet
_ENDING = 3
_STEM_MIN = 4


@lru_cache(maxsize=65536)
def _forms(word: str) -> tuple[str, ...]:
    """The word, and the word with its last one to three letters cut while four or more are left."""
    return tuple(word[:len(word) - k] for k in range(_ENDING + 1) if len(word) - k >= _STEM_MIN) or (word,)


def _rarity(sentences: list[set]) -> dict:
    """How telling each word (or pair of words) is of one sentence, from 0 (in every sentence) to 1 (in one alone)."""
    counts: dict[str, int] = {}
    for words in sentences:
        for w in words:
            counts[w] = counts.get(w, 0) + 1
    n = len(sentences) + 1
    return {w: math.log(n / c) / math.log(n) for w, c in counts.items()}


def place_unmarked_notes(units: list[Unit], footnotes: dict[str, Footnote], language: str) -> None:
    """Cite each numbered note of a notes section (``Footnote.listed``) that no marker cites from the
    sentence it belongs to (``Citation.placed``).

    A web page's notes keep their numbers when its superscripts are lost: the body cites nothing, and
    note k cites a sentence at or after the one note k-1 cites. The notes are aligned with the body's
    sentences in that order (a monotone alignment, by dynamic programming) so that the words each note
    shares with its sentence are as rare and as many as can be: names, numbers, dates, a title's words,
    the term a definition defines. A note whose words tie it to no sentence is placed by the order
    alone, between its neighbours, and cited from the heading of the section it falls in (the title
    where that section has none): its section is known, its sentence is not. Where markers cite half
    the notes or more, the markers place the notes and nothing is aligned; fewer are taken for a number
    of the text's own ("section [401]") and the notes they do not cite are aligned.
    """
    cited = {label for u in units if u.kind != "footnote" for label in cited_notes(u.citations)}
    listed = [u for u in units if u.kind == "footnote" and (u.footnote or "").isdigit()
              and u.footnote in footnotes and footnotes[u.footnote].listed]
    if not listed or 2 * len(cited & {u.footnote for u in listed}) >= len(listed):
        return
    notes = sorted((u for u in listed if u.footnote not in cited), key=lambda u: int(u.footnote or 0))
    sentences = [u for u in units if u.kind == "sentence"]
    if not notes or not sentences:
        return
    said = [note_words(u.text, language) for u in sentences]
    words = [set(w) for w in said]
    rarity = _rarity(words)
    # each sentence's words by the shorter forms that meet them: a note's word meets a sentence's when
    # one is the other with a few letters more ("rule" and "rules")
    met: list[dict[str, str]] = []
    for theirs in words:
        forms: dict[str, str] = {}
        for w in sorted(theirs, key=len):
            for f in _forms(w):
                forms.setdefault(f, w)
        met.append(forms)
    pairs = [set(zip(w, w[1:])) for w in said]
    pair_rarity = _rarity(pairs)
    scores, hits = _note_scores([note_words(note.text, language) for note in notes], words, met, pairs, rarity,
                                pair_rarity)
    choice = _align(scores)
    strong = [scores[i][j] >= PLACED_BY_WORDS for i, j in enumerate(choice)]
    # the notes placed by order alone: evenly between the neighbours placed by their words
    i = 0
    while i < len(notes):
        if strong[i]:
            i += 1
            continue
        k = i
        while k < len(notes) and not strong[k]:
            k += 1
        low = choice[i - 1] if i > 0 else 0
        high = choice[k] if k < len(notes) else len(sentences) - 1
        for n in range(i, k):
            choice[n] = low + round((high - low) * (n - i + 1) / (k - i + 1))
        i = k
    headings = _section_heads(units)
    for n, note in enumerate(notes):
        sentence = sentences[choice[n]]
        label = note.footnote or ""
        if strong[n]:
            common = hits[n][choice[n]]
            shared = sorted(common, key=lambda w: (-common[w], w))
            sentence.citations.append(Citation.footnote(label, placed="overlap: " + ", ".join(shared[:4])))
            continue
        head = headings.get(id(sentence))
        if head is not None:
            head.citations.append(Citation.footnote(label, placed="order"))


def _note_scores(notes_said: list[list[str]], words: list[set], met: list[dict[str, str]], pairs: list[set],
                 rarity: dict, pair_rarity: dict) -> tuple[list[np.ndarray], list["_Shared"]]:
    """Each note's score at each sentence: the rarity of the words they share (a word meets a sentence's
    word that is it, or it with a few letters more or less: ``_forms``), plus the rarity of the pairs
    of words in a row they share. Returns the scores, a row per note, and per note, per sentence it
    shares a word with, the words shared and the rarity each counts for.

    The sentences a note's word meets are looked up in indexes of the sentences' words, their shorter
    forms and their pairs, made once: a note's row costs the sentences it meets, not all of them. Each
    sentence's sum is made in the order of the note's words (as a set), then the pairs' added.
    """
    m = len(words)
    holding: dict[str, list[int]] = {}  # a word → the sentences holding it
    for j, theirs in enumerate(words):
        for w in theirs:
            holding.setdefault(w, []).append(j)
    meeting: dict[str, list[tuple[int, str]]] = {}  # a form → the sentences with a longer word of that form, and the word
    for j, forms in enumerate(met):
        for f, w in forms.items():
            meeting.setdefault(f, []).append((j, w))
    paired: dict[tuple[str, str], list[int]] = {}  # a pair of words in a row → the sentences holding it
    for j, theirs in enumerate(pairs):
        for p in theirs:
            paired.setdefault(p, []).append(j)
    meets: dict[str, tuple[np.ndarray, np.ndarray, dict[int, float]]] = {}  # a note's word → where it meets (_meets)
    scores: list[np.ndarray] = []
    shared: list[dict[int, dict[str, float]]] = []
    for note_said in notes_said:
        row = np.zeros(m)
        mine = []
        for w in set(note_said):
            found = meets.get(w)
            if found is None:
                found = meets[w] = _meets(w, holding, meeting, rarity)
            row[found[0]] += found[1]  # each sentence's sum in the order of the note's words, as one by one
            mine.append((w, found[2]))
        my_pairs = set(zip(note_said, note_said[1:]))
        # two words in a row in both ("field hearings", "harbor mines"): a name or a term, as rare as it is
        for j in sorted({j for p in my_pairs for j in paired.get(p, ())}):
            row[j] = row[j] + sum(pair_rarity[p] for p in my_pairs & pairs[j])
        scores.append(row)
        shared.append(_Shared(mine))
    return scores, shared


class _Shared:
    """A note's shared words at a sentence, by the sentence's index: each word it meets there and its rarity."""

    def __init__(self, mine: list[tuple[str, dict[int, float]]]):
        self.mine = mine

    def __getitem__(self, j: int) -> dict[str, float]:
        return {w: where[j] for w, where in self.mine if j in where}


def _meets(w: str, holding: dict[str, list[int]], meeting: dict[str, list[tuple[int, str]]],
           rarity: dict) -> tuple[np.ndarray, np.ndarray, dict[int, float]]:
    """The sentences a note's word meets and the rarity it counts for in each: of the word itself where
    the sentence holds it, else of the shortest word of the sentence the word is a shorter form of, else
    of the longest shorter form of the word the sentence holds. As arrays of sentences and rarities, and as a dict."""
    found: dict[int, float] = {}
    for j in holding.get(w, ()):
        found[j] = rarity[w]
    for j, longer in meeting.get(w, ()):
        if j not in found:
            found[j] = rarity[longer]
    for f in _forms(w):
        for j in holding.get(f, ()) if f != w else ():
            if j not in found:
                found[j] = rarity[f]
    return np.fromiter(found, dtype=np.intp, count=len(found)), np.fromiter(found.values(), dtype=float,
                                                                             count=len(found)), found


def _align(scores: list[np.ndarray]) -> list[int]:
    """The sentence index for each note, never before the note before's, that makes the summed score
    greatest (less ``SAME_SENTENCE`` for each note placed where the one before it is). Each note's
    scores count relative to its best, so that a long note sharing many words with many sentences
    does not outweigh the short ones around it; ties go to the earlier sentence."""
    m = len(scores[0])
    previous: np.ndarray | None = None  # the best total of the notes so far, the last one at each sentence
    back: list[np.ndarray] = []
    for row in scores:
        values = np.asarray(row, dtype=float)
        top = values.max()
        own = values / top if top > 0 else np.zeros(m)
        if previous is None:
            previous, pointers = own, np.zeros(m, dtype=np.intp)
        else:
            previous, pointers = _step(previous, own)
        back.append(pointers)
    j = int(np.argmax(previous))  # the first of the best
    choice = [0] * len(scores)
    for i in range(len(scores) - 1, -1, -1):
        choice[i] = j
        j = int(back[i][j])
    return choice


def _step(previous: np.ndarray, own: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One note more: at each sentence j, the better of staying at j (``SAME_SENTENCE`` less) and the best
    total strictly before j, the earliest sentence of the best where totals tie to within 1e-9."""
    m = len(previous)
    stay = previous - SAME_SENTENCE
    best = np.empty(m)
    best[0] = -np.inf
    np.maximum.accumulate(previous[:-1], out=best[1:])
    rises = previous[1:] - best[1:]
    if np.any((rises > 0) & (rises <= 2e-9)):
        return _step_scan(previous, own)  # a rise within the tolerance: the scan decides where the best is
    index = np.arange(m)
    new_best = np.empty(m, dtype=bool)  # the sentences whose total is above every total before them
    new_best[0] = True
    new_best[1:] = rises > 0
    at = np.empty(m, dtype=np.intp)
    at[0] = 0
    np.maximum.accumulate(np.where(new_best, index, 0)[:-1], out=at[1:])
    moving = best >= stay
    return np.where(moving, best, stay) + own, np.where(moving, at, index)


def _step_scan(previous: np.ndarray, own: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``_step`` sentence by sentence."""
    m = len(previous)
    total, pointers = np.zeros(m), np.zeros(m, dtype=np.intp)
    best, at = float("-inf"), 0  # the best of ``previous`` strictly before j
    for j in range(m):
        stay = previous[j] - SAME_SENTENCE
        if best >= stay:
            total[j], pointers[j] = best + own[j], at
        else:
            total[j], pointers[j] = stay + own[j], j
        if previous[j] > best + 1e-9:
            best, at = previous[j], j
    return total, pointers


def _section_heads(units: list[Unit]) -> dict[int, Unit]:
    """For each sentence, by identity, the heading of its section, else the title."""
    heads: dict[tuple[str, ...], Unit] = {}
    title = next((u for u in units if u.kind == "title"), None)
    out: dict[int, Unit] = {}
    for u in units:
        if u.kind == "heading":
            heads[u.section + (u.text,)] = u
        elif u.kind == "sentence":
            head = heads.get(u.section, title)
            if head is not None:
                out[id(u)] = head
    return out
