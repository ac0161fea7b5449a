"""Where the notes of a notes section belong when the text lost their markers: each note cited from the
sentence it shares its rarest words with, in the notes' order (``place_unmarked_notes``, run by ``segment``)."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from .lang.words import note_words
from .model import Citation, Footnote, Unit, cited_notes

__all__ = ["place_unmarked_notes", "PLACED_BY_WORDS"]


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
