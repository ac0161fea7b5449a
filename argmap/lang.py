"""Which language a text is in, among those argmap has a cue lexicon for (by stop-word share)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import import_module

__all__ = ["detect_language"]

_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=None)
def _stop_words(lang: str) -> frozenset[str]:
    try:
        return frozenset(import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS)
    except (ImportError, AttributeError):
        return frozenset()


def detect_language(text: str, default: str = "en") -> str:
    """The lexicon language whose stop words cover most of ``text``'s words; ``default`` if none do."""
    from .cues import available_languages

    sample = text[:20000]
    if "\u0130" not in sample:
        # lower-casing keeps every character one letter (or one non-letter) but for the dotted
        # capital I, so the words of the lower-cased text are the lower-cased words
        counts = Counter(_WORD.findall(sample.lower()))
    else:
        counts = Counter()
        for word, count in Counter(_WORD.findall(sample)).items():  # each distinct word lower-cased once
            counts[word.lower()] += count
    total = sum(counts.values())
    if not total:
        return default
    best, best_share = default, 0.0
    for lang in available_languages():
        stops = _stop_words(lang)
        if not stops:
            continue
        share = sum(count for word, count in counts.items() if word in stops) / total
        if share > best_share + 1e-9:
            best, best_share = lang, share
    return best if best_share >= 0.15 else default
