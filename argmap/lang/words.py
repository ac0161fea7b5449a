"""What counts as a content word: the two readings argmap uses, defined here and nowhere else.

A content word is one that carries a text's topic rather than its grammar. Neither reading lists a
language's words: the length cuts keep out most function words in the languages argmap reads, and the
stop words are spaCy's (``stop_words``). They differ on purpose, and each is named for its use:

- ``overlap_words``, the learned layer's (its type and attachment features): every run of word
  characters, digits included ("2024", "covid19"), lower-cased, four characters or more. A feature
  counts how many a unit and a candidate parent share, so a loose net that is cheap to cast serves;
  the weights were trained on it.
- ``topic_words``, the rules' lexical chain (``link``'s ``takes-up-previous``): runs of five letters
  or more, no digits, lower-cased, not the language's stop words ("which", "would", "werden"). One
  shared word alone ties a sentence to the one before it, so the reading is strict: a year, or a
  function word long enough to pass the cut, is not a topic taken up again.
- ``note_words``, the footnotes' (``note_placement.place_unmarked_notes``: which sentence a note
  whose marker was lost belongs to): words of three letters or more, lower-cased, not stop words,
  and numbers of two digits or more with an ordinal's letters cut ("92nd" and "92" are one number), since a note and the
  sentence citing it share names, titles, years and bill numbers more than anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .detect import stop_words

__all__ = ["overlap_words", "topic_words", "note_words", "WORD", "OVERLAP_MIN", "TOPIC_MIN", "NOTE_MIN"]

#: the shortest word ``overlap_words`` counts
OVERLAP_MIN = 4
#: the shortest word ``topic_words`` counts
TOPIC_MIN = 5
#: the shortest word (not number) ``note_words`` counts
NOTE_MIN = 3

#: a word: a run of word characters (as written; each reading above lower-cases or filters it)
WORD = re.compile(r"\w+")
_TOPIC_WORD = re.compile(r"[^\W\d_]{%d,}" % TOPIC_MIN)
# a number, with the letters of an ordinal or a decade after it ("92nd", "1970s") cut off; or a word
_NOTE_WORD = re.compile(r"(\d+)[^\W\d_]{0,2}(?![\w])|([^\W\d_]{%d,})" % NOTE_MIN)


def overlap_words(text: str, words: Iterable[str] | None = None) -> set[str]:
    """The words of ``text`` that count for overlap, lower-cased whatever the text's script: its lower
    case's words (``WORD``), or ``words`` when the caller has found them already (``Lexicon.words``).

    The lower case is read, not each word lowered: lowering may split a word ("İ" lowers to "i" and a
    combining dot)."""
    if words is None:
        words = WORD.findall(text.lower())
    return {w for w in words if len(w) >= OVERLAP_MIN}


def topic_words(text: str, language: str) -> set[str]:
    """The words of ``text`` that name its topic: five letters or more, lower-cased, not one of the
    language's stop words."""
    function_words = stop_words(language)
    return {w for w in (m.lower() for m in _TOPIC_WORD.findall(text)) if w not in function_words}


def note_words(text: str, language: str) -> list[str]:
    """The words and numbers of ``text`` that may tie a note to the sentence citing it, in order,
    lower-cased: numbers of two digits or more without an ordinal's letters, words of three letters or more that are not
    the language's stop words."""
    function_words = stop_words(language)
    out = []
    for m in _NOTE_WORD.finditer(text):
        if m.group(1):
            if len(m.group(1)) > 1:  # "clause 2", "(b)(4)": a one-digit number ties nothing to anything
                out.append(m.group(1).lstrip("0") or "0")
        else:
            word = m.group(2).lower()
            if word not in function_words:
                out.append(word)
    return out
