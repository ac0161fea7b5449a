"""Which language a text is in: by its script, then by stop-word share.

``detect_language`` chooses among the languages argmap has a pack for; ``identify_language``
also names a language it has none for (Korean, French, …), so that such a text is mapped from its
structure alone instead of with another language's words.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from importlib import import_module, resources

__all__ = ["detect_language", "identify_language", "language_name", "STRUCTURE_ONLY", "language_note", "stop_words"]

_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=None)
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words for ``lang``, read from its ``stop_words`` module alone.

    Importing ``spacy.lang.fr`` (as ``import_module("spacy.lang.fr.stop_words")`` does first) builds
    the language's tokenizer exceptions: four seconds for French on a quiet machine, paid by every
    process that identifies a language. The stop-word module stands alone (a set of words, no
    imports), so it is loaded by its file instead.
    """
    from importlib.util import find_spec, module_from_spec, spec_from_file_location
    from pathlib import Path

    try:
        package = find_spec("spacy.lang")
        path = Path(next(iter(package.submodule_search_locations))) / lang / "stop_words.py"
        spec = spec_from_file_location(f"argmap._stop_words_{lang}", path)
        module = module_from_spec(spec)
        spec.loader.exec_module(module)
        return frozenset(module.STOP_WORDS)
    except (ImportError, AttributeError, OSError, StopIteration, TypeError, SyntaxError):
        pass
    try:  # a spaCy whose stop words are laid out otherwise
        return frozenset(import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS)
    except (ImportError, AttributeError):
        return frozenset()


def detect_language(text: str, default: str = "en") -> str:
    """The lexicon language whose stop words cover most of ``text``'s words; ``default`` if none do."""
    return _known(_word_counts(text[:20000]), default)


def _word_counts(sample: str) -> Counter:
    """How often each word of ``sample`` stands in it, lower-cased."""
    if "\u0130" not in sample:
        # lower-casing keeps every character one letter (or one non-letter) but for the dotted
        # capital I, so the words of the lower-cased text are the lower-cased words
        return Counter(_WORD.findall(sample.lower()))
    counts: Counter = Counter()
    for word, count in Counter(_WORD.findall(sample)).items():  # each distinct word lower-cased once
        counts[word.lower()] += count
    return counts


def _known(counts: Counter, default: str, shares: dict[str, float] | None = None) -> str:
    """``detect_language`` on a text's word counts (and their ``shares`` of the lexicon languages, when known)."""
    from .pack import pack_languages as available_languages

    if not counts:
        return default
    best, best_share = default, 0.0
    for lang, share in (shares if shares is not None else _shares(counts, available_languages())).items():
        if share > best_share + 1e-9:
            best, best_share = lang, share
    return best if best_share >= 0.15 else default


#: ``settings["cues"]`` of a map made without a cue lexicon: headings, enumerations and footnotes only
STRUCTURE_ONLY = "none (structure only)"

#: scripts that name their language (or a few candidates, told apart by stop words)
_SCRIPTS = [
    ("ko", re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]"), ("ko",)),
    ("ja", re.compile(r"[\u3040-\u30ff]"), ("ja",)),
    ("zh", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]"), ("zh",)),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]"), ("ru", "uk", "bg", "sr", "mk")),
    ("arabic", re.compile(r"[\u0600-\u06ff]"), ("ar", "fa", "ur")),
    ("he", re.compile(r"[\u0590-\u05ff]"), ("he",)),
    ("el", re.compile(r"[\u0370-\u03ff]"), ("el",)),
    ("th", re.compile(r"[\u0e00-\u0e7f]"), ("th",)),
    ("devanagari", re.compile(r"[\u0900-\u097f]"), ("hi", "mr", "ne")),
]
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+")  # runs of Latin letters: counted by their lengths
#: a letter of any script in ``_SCRIPTS``
_OTHER_SCRIPT = re.compile("[" + "".join(pattern.pattern[1:-1] for _, pattern, _ in _SCRIPTS) + "]")
#: Latin-script languages with spaCy stop-word lists, weighed against the lexicon languages
_LATIN_LANGUAGES = ("fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "sk", "sl", "hr", "ro",
                    "hu", "tr", "id", "ca", "lt", "lv", "et", "af", "tl")


@lru_cache(maxsize=None)
def _names() -> dict[str, str]:
    """The names messages give languages (``language-names.json``: English, the interface's language)."""
    return json.loads(resources.files(__package__).joinpath("language-names.json").read_text(encoding="utf-8"))["names"]


def language_name(code: str) -> str:
    """``ko`` → ``Korean (ko)``: how a message names a language."""
    names = _names()
    return f"{names[code]} ({code})" if code in names else code


@lru_cache(maxsize=None)
def _stop_index(languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Each stop word of ``languages`` with the languages whose list holds it, made once per process:
    a text's shares are then one pass over its words, not one set intersection per language."""
    index: dict[str, list[str]] = {}
    for lang in languages:
        for word in stop_words(lang):
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


def _shares(counts: Counter, languages) -> dict[str, float]:
    """The share of the words (``counts``) each language's stop words cover, for those with stop words."""
    languages = tuple(languages)
    total = sum(counts.values()) or 1
    index = _stop_index(languages)
    covered = dict.fromkeys(languages, 0)
    for word, count in counts.items():
        for lang in index.get(word, ()):
            covered[lang] += count
    return {lang: covered[lang] / total for lang in languages if stop_words(lang)}


def identify_language(text: str, default: str = "en") -> str:
    """The language of ``text``, whether or not argmap has a cue lexicon for it.

    A script other than Latin that writes most of the letters names the language (Hangul → ``ko``);
    Latin text goes to a lexicon language unless another language's stop words clearly cover more
    of it (by 0.10 and at least a fifth of the words).
    """
    from .pack import pack_languages as available_languages

    sample = text[:20000]
    # the letters of other scripts are found in one pass and counted by script among themselves (each
    # script's pattern over the whole text cost more than the rest of the identification); a text
    # with none (most briefs) has only Latin letters
    others = "" if sample.isascii() else "".join(_OTHER_SCRIPT.findall(sample))
    if not others:
        latin, letters = 1, 0
    else:
        latin = sum(map(len, _LATIN.findall(sample)))
        counts = {name: len(pattern.findall(others)) for name, pattern, _ in _SCRIPTS}
        script, letters = max(counts.items(), key=lambda item: item[1])
    if letters > latin:
        if script == "zh" and counts["ja"] * 10 >= letters:
            script = "ja"  # Japanese writes kanji among its kana
        candidates = next(c for name, _, c in _SCRIPTS if name == script)
        if len(candidates) == 1:
            return candidates[0]
        words = Counter(w.lower() for w in _WORD.findall(sample))
        shares = _shares(words, candidates)
        return max(shares, key=shares.get) if shares and max(shares.values()) > 0 else candidates[0]
    # the words counted once for both choices; lower-casing the whole text (``_word_counts``) and each
    # word apart part ways only on a Greek final sigma, which no Latin-script stop list holds
    words = _word_counts(sample)
    ours = _shares(words, available_languages())
    known = _known(words, default, ours)
    if not words:
        return known
    theirs = _shares(words, _LATIN_LANGUAGES)
    if not theirs:
        return known
    other = max(theirs, key=theirs.get)
    best_ours = max(ours.values(), default=0.0)
    if theirs[other] >= 0.2 and theirs[other] > best_ours + 0.10:
        return other
    return known


def language_note(settings: dict) -> str | None:
    """The warning for a map made without a cue lexicon (``settings`` of the map), else None."""
    if settings.get("cues") != STRUCTURE_ONLY:
        return None
    from .pack import pack_languages as available_languages

    return (f"no cue lexicon for {language_name(str(settings.get('lang')))}: mapped from structure alone "
            f"(headings, enumerations, footnotes), without discourse markers or recommendation cues "
            f"(cue lexicons: {', '.join(available_languages())})")
