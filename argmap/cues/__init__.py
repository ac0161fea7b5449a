"""The matchers built from a language's cues (``argmap/lang/<code>/cues.json``).

The cues are data: adding a cue is adding a row to the pack, adding a language is adding a pack;
the code here holds no words of any language.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..lang.pack import alternation
from ..lang.words import WORD

__all__ = ["Lexicon", "load_lexicon", "empty_lexicon", "lexicon_for", "available_languages", "MarkerHit", "with_months",
           "MONTH_SLOT"]

ROLES = ("conclusion", "contrast", "concession", "addition", "cause", "example")
# the parts bounded (an address's parts are at most 64 and 253 characters): a line of ten million letters
# without an "@" costs one pass, not one pass per letter
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[A-Za-z]{2,24}")
# "(202) 512-6000", "202-512-6000", "+49 30 1234 5678": a telephone number, written any of the usual ways;
# a full stop after it ends the sentence ("call (202) 512-6000."), a letter or digit after one does not
_PHONE = re.compile(r"(?<![\w.])(?:\(\d{3}\)\s?\d{3}[-.\s]\d{4}|\d{3}[-.]\d{3}[-.]\d{4}|\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,5})(?!\w|\.\w)")
_LEAD_PUNCT = re.compile(r"^[\s\"'“‘(\[*_]+")


@dataclass(frozen=True)
class MarkerHit:
    """A discourse marker found in a sentence: the role it signals and the words matched."""

    role: str
    cue: str
    initial: bool

    def to_dict(self) -> dict[str, str]:
        return {"role": self.role, "cue": self.cue, "position": "initial" if self.initial else "inner"}


def available_languages() -> list[str]:
    """The languages with a pack (and so a cue lexicon)."""
    from ..lang.pack import pack_languages

    return pack_languages()


def _any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that finds what any of ``patterns`` finds: one pass over a sentence, not one per pattern.

    None when the patterns cannot be joined (a back-reference or inline flag would change meaning).
    """
    sources = [p.pattern for p in patterns]
    if not sources or any(re.search(r"\\\d|\(\?P=|\(\?[aiLmsux]", src) for src in sources):
        return None
    try:
        return re.compile("|".join(f"(?:{src})" for src in sources), re.IGNORECASE)
    except re.error:
        return None


# --- cheap pre-checks -------------------------------------------------------------
# Most sentences hold none of a table's cues. Before a case-insensitive pattern runs, a
# pre-check asks whether the sentence holds a word (or a literal piece of text) without
# which the pattern cannot match; only then does the pattern run, so every answer stays
# the pattern's own. The pre-checks compare lower-cased ASCII: a case-insensitive ASCII
# letter in a pattern matches, outside ASCII, only these four characters (Turkish dotted
# and dotless i, long s, the Kelvin sign), and a text holding one of them skips the
# pre-checks. (The tests recompute this set from the regex engine.)
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
# what the regex engine folds each of them to, so that a cue it matched is looked up as its letters
_ASCII_FOLDED = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _cue_key(cue: str) -> str:
    """A matched cue as the lexicon's lists hold it: lower case, with "ı", "ſ", "K" read as i, s, k
    (the patterns matched them as those letters, so the lists must find them as those letters)."""
    return cue.translate(_ASCII_FOLDED).lower()
_FOLD_RISK = re.compile("[%s]" % FOLDS_TO_ASCII)

try:  # Python 3.11+
    from re import _constants as _sre_c, _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]


class _Probe:
    """One text, lower-cased once, with its set of words (made when first asked for): what the pre-checks look at."""

    __slots__ = ("low", "_words")

    def __init__(self, text: str):
        self.low: str | None = text.lower() if text.isascii() or not _FOLD_RISK.search(text) else None
        self._words: frozenset[str] | None = None

    def word_set(self) -> frozenset[str]:
        """The words (``WORD``) of the lower-cased text, found once; only when ``low`` is known."""
        words = self._words
        if words is None:
            words = self._words = frozenset(WORD.findall(self.low))
        return words

    def has_phrase(self, index: _PhraseIndex | None) -> bool:
        """False only when no phrase of ``index`` has all its words among the text's (None: cannot tell)."""
        if index is None or self.low is None:
            return True
        words = self.word_set()
        if index.keys.isdisjoint(words):
            return False
        for key in index.keys & words:
            for needed in index.needs[key]:
                if needed <= words:
                    return True
        return False

    def has_word(self, words: frozenset[str]) -> bool:
        """False only when the text holds none of ``words`` as a whole word (None: cannot tell)."""
        if self.low is None:
            return True
        return not words.isdisjoint(self.word_set())

    def first_word(self) -> str | None:
        """The word the text opens with ("" when it opens with no word; None: cannot tell)."""
        if self.low is None:
            return None
        m = WORD.match(self.low)
        return m.group() if m else ""

    def has_text(self, literals: tuple[str, ...] | None) -> bool:
        """False only when the text holds none of ``literals`` (None: cannot tell)."""
        if literals is None or self.low is None:
            return True
        for literal in literals:
            if literal in self.low:
                return True
        return False


class _PhraseIndex:
    """The ASCII words of each phrase of a table, filed under one of them (the longest)."""

    __slots__ = ("keys", "needs")

    def __init__(self, needs: dict[str, list[frozenset[str]]]):
        self.needs = needs
        self.keys = frozenset(needs)


def _phrase_index(phrases) -> _PhraseIndex | None:
    """The words a text must hold as whole words for one of ``phrases`` to match (None: no pre-check).

    Each phrase's words are whole words of any text its pattern matches (the patterns are bounded
    by ``(?![\\w-])``, ``\\s*,`` or the text's start). None when a phrase has no ASCII word.
    """
    if not phrases:
        return None  # an empty table's pattern matches the empty string: no pre-check can say no
    needs: dict[str, list[frozenset[str]]] = {}
    for phrase in phrases:
        words = [w for w in WORD.findall(phrase.lower()) if w.isascii()]
        if not words:
            return None
        needs.setdefault(max(words, key=len), []).append(frozenset(words))
    return _PhraseIndex(needs)


def _first_words(phrases) -> frozenset[str] | None:
    """The first word of each phrase: a text whose first word is none of them opens with none of the phrases.

    None when a phrase does not open with an ASCII word.
    """
    firsts = set()
    for phrase in phrases:
        m = WORD.match(phrase.lower())
        if m is None or not m.group().isascii():
            return None
        firsts.add(m.group())
    return frozenset(firsts)


def _requirement(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-cased literals of which any text ``pattern`` matches holds at least one; None if none is found."""
    found = _requirements(pattern)
    return max(found, key=lambda c: min(map(len, c))) if found else None


def _requirements(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...] | None:
    """Every group of lower-cased literals that ``pattern`` needs one of, in the order the pattern needs them
    ("some|many … argue|claim": both groups); a text must hold one literal of each. None if there is none."""
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - the pattern compiled, so it parses
        return None
    return tuple(tuple(sorted(group)) for group in _sequence_candidates(list(parsed))) or None


def _sequence_requirement(items) -> frozenset[str] | None:
    useful = _sequence_candidates(items)
    return max(useful, key=lambda c: min(len(x) for x in c)) if useful else None


def _sequence_candidates(items) -> list[frozenset[str]]:
    """The groups of literals (each at least three letters long) a sequence of parsed items needs one of."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset(["".join(run).lower()]))
            run.clear()

    for op, av in items:
        if op is _sre_c.LITERAL and av < 128:
            run.append(chr(av))
            continue
        flush()
        if op is _sre_c.SUBPATTERN:
            found = _sequence_requirement(list(av[-1]))
            if found:
                candidates.append(found)
        elif op is _sre_c.BRANCH:
            alternatives = [_sequence_requirement(list(branch)) for branch in av[1]]
            if all(alternatives):
                candidates.append(frozenset().union(*alternatives))
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT) and av[0] >= 1:
            found = _sequence_requirement(list(av[2]))
            if found:
                candidates.append(found)
    flush()
    return [c for c in candidates if min(len(x) for x in c) >= 3]


def _word_group(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-cased words of which any text ``pattern`` matches holds one as a whole word (a ``WORD`` of its
    lower case), or None when the pattern has no such group.

    The group is a part of the pattern's top level that is a literal word or a choice between literal words
    (ASCII letters, digits, "_"), between a word boundary (or the text's start, or a character that is no
    word character) and a word boundary (or a character that is no word character): "\\b(some|many) …".
    """
    if pattern.flags & re.VERBOSE:
        return None
    try:
        items = list(_sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # pragma: no cover - the pattern compiled, so it parses
        return None

    def bounded(item) -> bool:
        op, av = item
        if op is _sre_c.AT:
            return av in (_sre_c.AT_BOUNDARY, _sre_c.AT_BEGINNING, _sre_c.AT_BEGINNING_STRING)
        return op is _sre_c.LITERAL and not _WORD_CHAR.fullmatch(chr(av))

    def words(item) -> list[str] | None:
        op, av = item
        if op is _sre_c.SUBPATTERN:
            _, add_flags, del_flags, inner = av
            if add_flags or del_flags:
                return None
            inner = list(inner)
            return words(inner[0]) if len(inner) == 1 and inner[0][0] is _sre_c.BRANCH else _literal_word(inner)
        if op is _sre_c.BRANCH:
            found = [_literal_word(list(branch)) for branch in av[1]]
            return None if any(w is None for w in found) else [w[0] for w in found]
        return None

    for k in range(1, len(items) - 1):
        if bounded(items[k - 1]) and bounded(items[k + 1]):
            found = words(items[k])
            if found:
                return frozenset(found)
    return None


def _literal_word(items) -> list[str] | None:
    """The word a sequence of parsed literals spells (lower case, ASCII word characters only), as a list of one."""
    if not items or any(op is not _sre_c.LITERAL or av >= 128 or not _WORD_CHAR.fullmatch(chr(av)) for op, av in items):
        return None
    return ["".join(chr(av) for _, av in items).lower()]


_WORD_CHAR = re.compile(r"\w")


def _anchored(pattern: re.Pattern[str]) -> bool:
    """True when the pattern can only match at the start of the text (``^`` without MULTILINE)."""
    if pattern.flags & re.MULTILINE:
        return False
    try:
        parsed = list(_sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # pragma: no cover
        return False
    return bool(parsed) and parsed[0] == (_sre_c.AT, _sre_c.AT_BEGINNING)


class _Guarded:
    """A pattern with what a text must hold for it to match: every group of literals it needs one of
    (``_requirements``) and, when given, the words one of which it needs as a whole word (``_word_group``).

    The one way the cue questions ask a pattern: check what it needs (cheap), then search (slow).
    """

    __slots__ = ("pattern", "needs", "words")

    def __init__(self, pattern: re.Pattern[str], *, words: bool = False):
        self.pattern = pattern
        self.needs = _requirements(pattern)
        self.words = _word_group(pattern) if words else None

    def may_match(self, probe: _Probe) -> bool:
        """False only when the text lacks what the pattern needs."""
        return (self.words is None or probe.has_word(self.words)) and (
            self.needs is None or all(probe.has_text(group) for group in self.needs))

    def search(self, text: str, probe: _Probe) -> re.Match[str] | None:
        return self.pattern.search(text) if self.may_match(probe) else None


class _PatternSet:
    """A list of patterns asked one question: which of them matches first?

    The patterns anchored at the text's start are joined into one and tried at the start
    only; each other pattern runs, in order, only when the text holds what it needs (``_Guarded``).
    """

    def __init__(self, patterns: list[re.Pattern[str]]):
        anchored = [p for p in patterns if _anchored(p)]
        self._start = _any_of(anchored)
        self._start_each = anchored if self._start is None else []
        self._free = [_Guarded(p) for p in patterns if not _anchored(p)]

    def __bool__(self) -> bool:
        return self._start is not None or bool(self._start_each) or bool(self._free)

    def search(self, text: str, probe: _Probe) -> re.Match[str] | None:
        if self._start is not None and (m := self._start.match(text)):
            return m
        for pattern in self._start_each:
            if m := pattern.match(text):
                return m
        for guarded in self._free:
            if m := guarded.search(text, probe):
                return m
        return None

    def any(self, text: str, probe: _Probe) -> bool:
        return self.search(text, probe) is not None


def _remembered(method):
    """A sentence's answer kept for the next question: the rules ask whether a sentence is deontic or a
    thesis, and the learned layer's features ask the same of the same sentences right after."""
    name = method.__name__

    def ask(self, sentence: str):
        key = (name, sentence)
        answers = self._answers
        if key in answers:
            return answers[key]
        if len(answers) >= 4096:
            answers.clear()
        found = answers[key] = method(self, sentence)
        return found

    ask.__name__, ask.__doc__, ask.__wrapped__ = name, method.__doc__, method
    return ask


class Lexicon:
    """Matchers over one language's cue tables."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.language = data.get("language", "en")
        self.ordinals: dict[str, int] = {k.lower(): int(v) for k, v in data.get("ordinals", {}).items()}
        self.final_ordinals = [w.lower() for w in data.get("final_ordinals", [])]
        comma_required = {w.lower() for w in data.get("comma_required", [])}
        exceptions = data.get("marker_exceptions", {})
        ordinal_words = list(self.ordinals) + self.final_ordinals
        self._ordinal_re = re.compile(r"^(%s)\s*[,:]" % alternation(ordinal_words), re.IGNORECASE)
        multi = [w for w in ordinal_words if " " in w]
        self._ordinal_multi_re = re.compile(r"^(%s)\b" % alternation(multi), re.IGNORECASE) if multi else None
        bare = data.get("bare_ordinals", [])
        # "Erstens machen Radwege …": an ordinal that counts without a comma after it
        self._ordinal_bare_re = re.compile(r"^(%s)(?![\w-])" % alternation(bare), re.IGNORECASE) if bare else None
        nouns = data.get("ordinal_nouns", [])
        single = [w for w in ordinal_words if " " not in w]
        # "The second reason is …", "A third problem …": an ordinal that counts the writer's points
        self._ordinal_noun_re = (
            re.compile(r"^(?:%s)?\s*(%s)\s+(?:%s)\b" % (alternation(data.get("ordinal_determiners", [])),
                                                              alternation(single), alternation(nouns)), re.IGNORECASE)
            if nouns else None
        )
        continuing = data.get("continuing_ordinals", [])
        # "Next, …": the next point of a series already opened (``segment`` keeps it only inside one)
        self._continuing_re = (re.compile(r"^(%s)\s*[,:]" % alternation(continuing), re.IGNORECASE)
                               if continuing else None)
        self._connector_set = _PatternSet([re.compile(p, re.IGNORECASE)
                                           for p in data.get("list_connector_patterns", [])])
        self._marker_res: list[tuple[str, re.Pattern[str], re.Pattern[str] | None]] = []
        self._marker_words: dict[str, _PhraseIndex | None] = {}
        opening: list[str] = []
        for role in ROLES:
            cues = data.get("markers", {}).get(role, [])
            free = [c for c in cues if c.lower() not in comma_required]
            comma = [c for c in cues if c.lower() in comma_required]
            parts = []
            if free:
                parts.append(r"(?:%s)(?![\w-])" % alternation(free, exceptions))
            if comma:
                parts.append(r"(?:%s)\s*," % alternation(comma, exceptions))
            initial = re.compile(r"^(%s)" % "|".join(parts), re.IGNORECASE) if parts else None
            inner = (
                re.compile(r"(?<![\w-])(%s)(?![\w-])" % alternation(free, exceptions), re.IGNORECASE) if free else None
            )
            if initial is not None:
                self._marker_res.append((role, initial, inner))
                self._marker_words[role] = _phrase_index(cues)
                opening.extend(cues)
        self._marker_firsts = _first_words(opening)
        # inside a sentence: the roles found there, and for some of them only a few of their cues
        self._inner_roles = set(data.get("inner_marker_roles", []))
        self._inner_only = {role: {c.lower() for c in cues} for role, cues in data.get("inner_marker_only", {}).items()}
        leads = data.get("imperative_lead_words", [])
        self._lead_re = re.compile(r"^(?:(?:%s)\b[\s,]*)+" % alternation(leads), re.IGNORECASE) if leads else None
        self._subordinate = {w.lower() for w in data.get("subordinate_concession", [])}
        deontic = [alternation(data.get("deontic", []))] + list(data.get("deontic_patterns", []))
        self._deontic_re = re.compile(r"(?<![\w-])(%s)(?![\w-])" % "|".join(f"(?:{d})" for d in deontic), re.IGNORECASE)
        self._epistemic_after = [p.lower() for p in data.get("epistemic_after_modal", [])]
        self._epistemic_res = [re.compile(p, re.IGNORECASE) for p in data.get("epistemic_patterns", [])]
        self._epistemic_guarded = [_Guarded(p) for p in self._epistemic_res]
        self._deontic_words = _phrase_index(data.get("deontic", []))
        # the patterns among the deontic cues each need a literal of their own
        self._deontic_pattern_needs = [_requirement(re.compile(p, re.IGNORECASE)) for p in data.get("deontic_patterns", [])]
        if any(need is None for need in self._deontic_pattern_needs):
            self._deontic_words = None  # a pattern with nothing to look for first: no pre-check
        embedding = data.get("deontic_embedding_words", [])
        self._embedding_re = re.compile(r"(?<![\w-])(?:%s)(?![\w-])" % alternation(embedding),
                                        re.IGNORECASE) if embedding else None
        options = data.get("option_patterns", [])
        self._option_re = re.compile(r"(?<![\w-])(%s)(?![\w-])" % "|".join(f"(?:{p})" for p in options),
                                     re.IGNORECASE) if options else None
        self._option_needs = [_requirement(re.compile(p, re.IGNORECASE)) for p in options]
        self._hedge_words = _phrase_index(data.get("hedges", []))
        self._view_words = _phrase_index(data.get("attributed_view", []))
        self._stance_words = _phrase_index(data.get("stance", []) or ["\0"])
        self._hedge_re = re.compile(r"(?<![\w-])(%s)(?![\w-])" % alternation(data.get("hedges", [])), re.IGNORECASE)
        self._view_re = re.compile(
            r"(?<![\w-])(%s)(?![\w-])" % alternation(data.get("attributed_view", [])), re.IGNORECASE
        )
        objections = [r"(?<![\w-])(?:%s)(?![\w-])" % alternation(data["objection_cues"])] if data.get("objection_cues") else []
        objections += data.get("objection_patterns", [])
        self._objection_re = re.compile("(%s)" % "|".join(objections), re.IGNORECASE) if objections else None
        # the pre-check: a cue's words, or a literal one of the patterns requires
        self._objection_words = _phrase_index(data["objection_cues"]) if data.get("objection_cues") else None
        # each pattern's every group of literals ("some|many …" and "argue|claim …"): a text holds one of each,
        # and the words one of which it needs as a whole word ("some|many …"), looked for first
        self._objection_guarded = [_Guarded(re.compile(p, re.IGNORECASE), words=True)
                                   for p in data.get("objection_patterns", [])]
        self._objection_checked = (not data.get("objection_cues") or self._objection_words is not None) and all(
            guarded.needs is not None for guarded in self._objection_guarded)
        self._answer_set = _PatternSet([re.compile(p, re.IGNORECASE) for p in data.get("answer_patterns", [])])
        references = data.get("view_references", [])
        self._view_ref_re = re.compile(r"^(%s)(?![\w-])" % alternation(references), re.IGNORECASE) if references else None
        self._meta_res = [re.compile(p, re.IGNORECASE) for p in data.get("meta_statement_patterns", [])]
        self._stance_re = re.compile(r"(?<![\w-])(%s)(?![\w-])" % alternation(data.get("stance", []) or ["\0"]), re.IGNORECASE)
        self._imperative_re = re.compile(r"^(%s)(?![\w-])" % alternation(data.get("imperative_openers", []) or ["\0"]))
        self._opener_re = re.compile(r"^(%s)(?![\w-])" % alternation(data.get("concessive_openers", []) or ["\0"]), re.IGNORECASE)
        self._thesis_res = [re.compile(p, re.IGNORECASE) for p in data.get("thesis_patterns", [])]
        self._disclaimer_res = [re.compile(p, re.IGNORECASE) for p in data.get("disclaimer_patterns", [])]
        self._boilerplate_res = [re.compile(p, re.IGNORECASE) for p in data.get("boilerplate_patterns", [])]
        self._meta_set = _PatternSet(self._meta_res)
        self._meta_follow_set = _PatternSet([re.compile(p, re.IGNORECASE) for p in data.get("meta_follow_patterns", [])])
        self._thesis_set = _PatternSet(self._thesis_res)
        self._disclaimer_set = _PatternSet(self._disclaimer_res)
        self._boilerplate_set = _PatternSet(self._boilerplate_res)
        self._probes: dict[str, _Probe] = {}
        self._answers: dict[tuple[str, str], Any] = {}  # see _remembered
        self.generic_headings = {h.lower() for h in data.get("generic_headings", [])}
        self._generic_heading_re = (re.compile(r"^(?:%s)$" % "|".join(data["generic_heading_patterns"]))
                                    if data.get("generic_heading_patterns") else None)
        self._box_label_re = (re.compile(r"^(?:%s)$" % "|".join(_box_label(h) for h in data["box_labels"]))
                              if data.get("box_labels") else None)
        self.notes_headings = {h.lower() for h in data.get("notes_headings", [])}
        self.back_matter_headings = {h.lower() for h in data.get("back_matter_headings", [])}
        self._salutation_re = (re.compile(r"^(%s)(?![\w-])" % alternation(data["salutation_openers"]), re.IGNORECASE)
                               if data.get("salutation_openers") else None)
        self._addressee_re = (re.compile(r"^(%s)(?![\w-])" % alternation(data["addressee_openers"]), re.IGNORECASE)
                              if data.get("addressee_openers") else None)
        self._address_res = [re.compile(p) for p in data.get("address_patterns", [])]
        self._contact_re = (re.compile(r"(?<![\w-])(%s)(?![\w-])" % alternation(data["contact_phrases"]), re.IGNORECASE)
                            if data.get("contact_phrases") else None)
        self._notice_res = [re.compile(p, re.IGNORECASE) for p in data.get("copyright_notice_patterns", [])]
        self._author_note_res = [re.compile(p) for p in data.get("author_note_patterns", [])]
        self._courtesy_res = [re.compile(p, re.IGNORECASE) for p in data.get("courtesy_patterns", [])]
        # the opening phrases tried at once at the start, the others only where their words stand (see is_meta)
        self._courtesy_set = _PatternSet(self._courtesy_res)
        self.abbreviation_headings = {h.lower() for h in data.get("abbreviation_headings", [])}
        self._back_page = [(kind, re.compile(r"(?<![\w-])(%s)(?![\w-])" % alternation(data[key]), re.IGNORECASE))
                           for kind, key in (("ordering", "ordering_headings"), ("contact", "contact_headings"),
                                             ("back_matter", "publisher_headings")) if data.get(key)]
        self._metadata_fields = {label.lower(): name for name, labels in data.get("metadata_fields", {}).items()
                                 for label in labels}
        labels = data.get("caption_labels", [])
        # "Figure 3.", "Table A-2:", "Box 1 —": a label, a number, then a stop before the caption's words
        self._caption_re = re.compile(r"^(%s)\s*[A-Z]?[-.]?\d{1,3}(?:[.-]\d{1,3})?[a-z]?\s*(?:[.:—–]|\s-\s|$)"
                                      % alternation(labels), re.IGNORECASE) if labels else None
        notes = data.get("caption_notes", [])
        self._caption_note_re = re.compile(r"^(%s)\s*:" % alternation(notes), re.IGNORECASE) if notes else None
        references = data.get("back_references", [])
        self._back_re = re.compile(r"^(%s)(?![\w-])" % alternation(references), re.IGNORECASE) if references else None

    def _probe(self, text: str) -> _Probe:
        """The pre-check view of ``text``; the same sentence is asked about by many tables in a row."""
        probe = self._probes.get(text)
        if probe is None:
            if len(self._probes) >= 256:
                self._probes.clear()
            probe = self._probes[text] = _Probe(text)
        return probe

    # --- structure ------------------------------------------------------------------
    def ordinal(self, sentence: str) -> tuple[int | None, str] | None:
        """The enumeration cue opening a sentence: (position or None for "Finally", cue)."""
        text = _LEAD_PUNCT.sub("", sentence)
        m = (self._ordinal_re.match(text) or (self._ordinal_multi_re.match(text) if self._ordinal_multi_re else None)
             or (self._ordinal_noun_re.match(text) if self._ordinal_noun_re else None)
             or (self._ordinal_bare_re.match(text) if self._ordinal_bare_re else None))
        if not m:
            return None
        cue = _cue_key(re.sub(r"\s+", " ", m.group(1)))
        return self.ordinals.get(cue), m.group(1)

    def continuing_ordinal(self, sentence: str) -> str | None:
        """The cue opening a sentence that counts the next point of a series ("Next, …"), if one does;
        it counts only inside a series already opened (``segment``)."""
        if self._continuing_re is None:
            return None
        m = self._continuing_re.match(_LEAD_PUNCT.sub("", sentence))
        return m.group(1) if m else None

    def is_list_connector(self, sentence: str) -> bool:
        """Whether a sentence only announces the points that follow ("Here are four.", "Consider the
        following:"), with no proposition of its own (annotation guide, section 1)."""
        text = _LEAD_PUNCT.sub("", sentence).strip().strip("*_").strip()
        return len(text) <= 120 and self._connector_set.any(text, self._probe(text))

    def markers(self, sentence: str, *, skip: int = 0) -> list[MarkerHit]:
        """Discourse markers: the one opening the sentence (after ``skip`` characters) and inner ones."""
        text = sentence[skip:]
        text = _LEAD_PUNCT.sub("", text)
        hits: list[MarkerHit] = []
        initial_end = 0
        probe = self._probe(text)
        opens, firsts = probe.first_word(), self._marker_firsts
        for role, initial, _ in self._marker_res if firsts is None or opens is None or opens in firsts else ():
            m = initial.match(text)
            if m and m.end() > initial_end:
                hits = [MarkerHit(role, re.sub(r"[\s,]+$", "", m.group(1)), True)]
                initial_end = m.end()
        rest = text[initial_end:]
        for role, _, inner in self._marker_res:
            if inner is None or role not in self._inner_roles:
                continue
            if not probe.has_phrase(self._marker_words[role]):  # the words of ``rest`` are words of ``text``
                continue
            for m in inner.finditer(rest):
                cue = m.group(1)
                if role in self._inner_only and _cue_key(cue) not in self._inner_only[role]:
                    continue
                hits.append(MarkerHit(role, cue, False))
        return hits

    def is_subordinate_concession(self, cue: str) -> bool:
        return _cue_key(cue) in self._subordinate

    # --- unit types -----------------------------------------------------------------
    @_remembered
    def deontic(self, sentence: str) -> str | None:
        """The deontic cue that makes a sentence a recommendation, unless the modal is epistemic."""
        probe = self._probe(sentence)
        if not probe.has_phrase(self._deontic_words) and not any(
                probe.has_text(need) for need in self._deontic_pattern_needs):
            return None  # no deontic cue at all: nothing for the epistemic patterns to overrule
        cue = None
        for m in self._deontic_re.finditer(sentence):
            after = _cue_key(sentence[m.end():].lstrip())
            if any(after.startswith(p) for p in self._epistemic_after):
                continue
            cue = m.group(1)
            break
        if cue is None:
            return None  # the cue's words but no cue: the epistemic patterns, the slower question, are not asked
        for guarded in self._epistemic_guarded:
            if guarded.search(sentence, probe) and not self._deontic_outside(sentence, guarded.pattern):
                return None
        return cue

    @_remembered
    def own_call(self, sentence: str) -> str | None:
        """The deontic cue (``deontic``) of a sentence that calls for action in the writer's own voice: no word
        before the cue puts it in a clause the sentence reports or qualifies ("… ruled that landlords must …",
        "… which must …") or under another's rule ("Under the Act, agencies must …", "… requires …"), and
        the sentence gives no figure (a requirement's deadline, section or amount: "within 45 days")."""
        cue = self.deontic(sentence)
        if cue is None or any(ch.isdigit() for ch in sentence):
            return None
        at = next((m.start() for m in self._deontic_re.finditer(sentence) if m.group(1) == cue), 0)
        if self._embedding_re is not None and self._embedding_re.search(sentence, 0, at):
            return None
        return cue

    @_remembered
    def option(self, sentence: str) -> str | None:
        """The words by which a sentence sets out an option for action in the document's own voice
        ("Congress could consider …", "Congress may wish to …"), which the guide counts as a recommendation."""
        if self._option_re is None:
            return None
        probe = self._probe(sentence)
        if not any(probe.has_text(need) for need in self._option_needs):
            return None  # none of the words a pattern needs
        m = self._option_re.search(sentence)
        return m.group(1) if m else None

    def _deontic_outside(self, sentence: str, pattern: re.Pattern[str]) -> bool:
        masked = pattern.sub(" ", sentence)
        return any(
            not any(_cue_key(masked[m.end():].lstrip()).startswith(p) for p in self._epistemic_after)
            for m in self._deontic_re.finditer(masked)
        )

    def _phrase(self, sentence: str, words, pattern: re.Pattern[str]) -> str | None:
        """The phrase ``pattern`` finds, looked for only when the sentence holds the words of one of them."""
        if not self._probe(sentence).has_phrase(words):
            return None
        m = pattern.search(sentence)
        return m.group(1) if m else None

    def hedge(self, sentence: str) -> str | None:
        return self._phrase(sentence, self._hedge_words, self._hedge_re)

    @_remembered
    def objection(self, sentence: str) -> str | None:
        """The cue if ``sentence`` voices someone else's opposing view ("critics argue …", "some say …")."""
        if not self._may_object(self._probe(sentence)):
            return None
        m = self._objection_re.search(sentence)
        return m.group(1) if m else None

    def _may_object(self, probe: _Probe) -> bool:
        """False only when no objection cue can match: none of the cues' words, no pattern's literals."""
        if self._objection_re is None:
            return False
        if not self._objection_checked:
            return True
        return (self._objection_words is not None and probe.has_phrase(self._objection_words)) or any(
            guarded.may_match(probe) for guarded in self._objection_guarded)

    @_remembered
    def answering_view(self, sentence: str) -> str | None:
        """The cue if ``sentence`` voices another side in answer to a view ("Others argue …", "Other
        observers caution …"): in a reported dispute, each side's position attacks the one it answers."""
        if not self._answer_set:
            return None
        m = self._answer_set.search(sentence, self._probe(sentence))
        return m.group(0) if m else None

    def reports_view(self, sentence: str) -> str | None:
        """The cue if ``sentence`` reports someone's view: an attributed view, an objection or an answer to one."""
        return self.attributed_view(sentence) or self.objection(sentence) or self.answering_view(sentence)

    def view_reference(self, sentence: str) -> str | None:
        """The phrase by which a sentence points back at a view just reported ("This view …")."""
        text = _LEAD_PUNCT.sub("", sentence)
        m = self._view_ref_re.match(text) if self._view_ref_re else None
        return m.group(1) if m else None

    @_remembered
    def attributed_view(self, sentence: str) -> str | None:
        return self._phrase(sentence, self._view_words, self._view_re)

    @_remembered
    def stance(self, sentence: str) -> str | None:
        """A phrase by which the writer takes a position ("I think", "is the right way")."""
        return self._phrase(sentence, self._stance_words, self._stance_re)

    @_remembered
    def imperative(self, sentence: str) -> str | None:
        """A sentence that opens with a verb in the imperative ("Require collectors to …"); not a question."""
        text = _LEAD_PUNCT.sub("", sentence).strip()
        if text.endswith("?"):
            return None
        if self._lead_re is not None:
            text = self._lead_re.sub("", text)
        m = self._imperative_re.match(text[:1].lower() + text[1:])
        return m.group(1) if m else None

    def concessive_opener(self, sentence: str) -> str | None:
        """An opening that grants the other side a point ("Admittedly", "Of course", "Yes,")."""
        m = self._opener_re.match(_LEAD_PUNCT.sub("", sentence))
        return m.group(1) if m else None

    @_remembered
    def back_reference(self, sentence: str) -> str | None:
        """The word opening a sentence that points back to what came before ("This", "These", "Such")."""
        if self._back_re is None:
            return None
        match = self._back_re.match(_LEAD_PUNCT.sub("", sentence))
        return match.group(1) if match else None

    def words(self, sentence: str) -> frozenset[str]:
        """The words (``lang.words.WORD``) of ``sentence``'s lower case: what the pre-checks look among,
        found once per sentence for the rules' questions and the learned layer's features alike."""
        probe = self._probe(sentence)
        return frozenset(WORD.findall(sentence.lower())) if probe.low is None else probe.word_set()

    def unit_cues(self, sentence: str, ask: Collection[str] | None = None) -> frozenset[str]:
        """The questions above that find a cue in ``sentence``, by name: ``deontic``, ``imperative``, ``stance``,
        ``view`` (an attributed view), ``objection``, ``concessive`` (opener), ``thesis`` and ``back`` (a
        reference back); only those named in ``ask`` when given (a model that weighs no answer to a
        question need not have it asked). The learned layer asks them of every unit, where the rules ask
        few of most sentences: each question's own pre-check answers for a sentence without its words.
        """
        found = set()
        probe = self._probe(sentence)  # the questions the rules never ask answered by their pre-checks first
        if (ask is None or "deontic" in ask) and self.deontic(sentence):
            found.add("deontic")
        if (ask is None or "imperative" in ask) and self.imperative(sentence):
            found.add("imperative")
        if (ask is None or "stance" in ask) and self.stance(sentence):
            found.add("stance")
        if (ask is None or "view" in ask) and probe.has_phrase(self._view_words) and self.attributed_view(sentence):
            found.add("view")
        if (ask is None or "objection" in ask) and self._may_object(probe) and self.objection(sentence):
            found.add("objection")
        if (ask is None or "concessive" in ask) and self.concessive_opener(sentence):
            found.add("concessive")
        if (ask is None or "thesis" in ask) and self.is_thesis(sentence):
            found.add("thesis")
        if (ask is None or "back" in ask) and self.back_reference(sentence):
            found.add("back")
        return frozenset(found)

    def is_meta(self, sentence: str) -> bool:
        return self._meta_set.any(_LEAD_PUNCT.sub("", sentence), self._probe(sentence))

    def is_meta_follow(self, sentence: str) -> bool:
        """"It then summarizes …": a sentence about the text when the sentence before it is one."""
        return self._meta_follow_set.any(_LEAD_PUNCT.sub("", sentence), self._probe(sentence))

    @_remembered
    def is_thesis(self, sentence: str) -> bool:
        return self._thesis_set.any(sentence, self._probe(sentence))

    def is_disclaimer(self, text: str) -> bool:
        return self._disclaimer_set.any(text.strip(), self._probe(text))

    def is_boilerplate(self, text: str) -> bool:
        return self._boilerplate_set.any(text.strip(), self._probe(text))

    def is_generic_heading(self, heading: str) -> bool:
        key = _heading_key(heading)
        return key in self.generic_headings or (self._generic_heading_re is not None
                                                and self._generic_heading_re.match(key) is not None)

    def is_box_label(self, heading: str) -> bool:
        """"What GAO Found", "Highlights": the label of a box on a report's front page, not a claim."""
        return self._box_label_re is not None and bool(self._box_label_re.match(_heading_key(heading)))

    def is_notes_heading(self, heading: str) -> bool:
        return _heading_key(heading) in self.notes_headings

    def is_back_matter_heading(self, heading: str) -> bool:
        """"Author Information", "Disclaimer": what follows is about the report, not its argument."""
        return _heading_key(heading) in self.back_matter_headings

    def salutation(self, text: str) -> bool:
        """"Dear …", "Chairman …, Members of the Subcommittee:": the text opens as a letter's salutation."""
        return self._salutation_re is not None and bool(self._salutation_re.match(text.strip()))

    def addressee(self, text: str) -> bool:
        """"The Honorable …": the text opens as an addressee line."""
        return self._addressee_re is not None and bool(self._addressee_re.match(text.strip()))

    def courtesy(self, sentence: str) -> bool:
        """"Thank you for the opportunity …", "This completes my statement": politeness, not argument."""
        return self._courtesy_set.any(_LEAD_PUNCT.sub("", sentence.strip()), self._probe(sentence))

    def contact(self, text: str) -> bool:
        """The text gives a way to reach someone: a postal address; or an e-mail address or telephone number
        in a line of a dozen words, or in a sentence of at most forty beside words that ask to get in touch
        ("please contact me at …").

        An address given as an example inside an argument ("… first.last@company.com when it should be …")
        is no contact line.
        """
        if any(p.search(text) for p in self._address_res):
            return True
        # the cheaper tests first: a sentence of over forty words is no contact line whatever it holds,
        # an e-mail address needs its "@"; the phrase table, the slowest to ask, is asked last
        words = len(text.split())
        if words > 40 or not (("@" in text and _EMAIL.search(text)) or _PHONE.search(text)):
            return False
        return words <= 12 or (self._contact_re is not None and bool(self._contact_re.search(text)))

    def copyright_notice(self, text: str) -> bool:
        """"This is a work of the U.S. government and is not subject to copyright …": a notice without ©."""
        return any(p.search(text) for p in self._notice_res)

    def author_note(self, raw: str) -> bool:
        """"**Jane Doe** is a senior fellow …": a paragraph (its text with markup) that opens a note about an author."""
        return any(p.match(raw) for p in self._author_note_res)

    def is_abbreviation_heading(self, heading: str) -> bool:
        return _heading_key(heading) in self.abbreviation_headings

    def back_page_heading(self, heading: str) -> str | None:
        """The kind of a report's back page a heading names ("Order by Phone" → ``ordering``), or None.

        The phrases may stand anywhere in the heading; the caller asks only near a document's end.
        """
        key = _heading_key(heading)
        return next((kind for kind, pattern in self._back_page if pattern.search(key)), None)

    def metadata_field(self, label: str) -> str | None:
        """The metadata field a label names ("Publication Date" → ``date``; "Report No." → ``identifier``).

        The label's last words decide ("CRS Product Number" ends in "product number"); None when
        no field of the language data ends it.
        """
        words = label.strip().strip(":*_ ").lower().split()
        for start in range(len(words)):
            name = self._metadata_fields.get(" ".join(words[start:]))
            if name is not None:
                return name
        return None

    def is_caption(self, text: str) -> bool:
        """"Figure 2. …", "Table 1: …": the caption of a figure or table."""
        return self._caption_re is not None and bool(self._caption_re.match(text.strip()))

    def is_caption_note(self, text: str) -> bool:
        """"Source: …", "Notes: …" under a figure or table."""
        return self._caption_note_re is not None and bool(self._caption_note_re.match(text.strip()))


_HEADING_NUMBER = re.compile(r"^([0-9]+|[ivxlc]+|[a-z])[.)]\s+")
_HEADING_TAIL = re.compile(r"[\s:.*_#]+$")
_SPACES = re.compile(r"\s+")


#: the publisher's name in a box label ("GAO", "the Committee", "we"): one to four words, no sentence inside
_BOX_LABEL_NAME = r"[^\W\d_][\w&.'’-]*(?: [\w&.'’-]+){0,3}"


def _box_label(label: str) -> str:
    """A box label of the language data as a regular expression over a heading's key, its {name} a slot."""
    return "".join(_BOX_LABEL_NAME if part == "{name}" else re.escape(part)
                   for part in re.split(r"(\{name\})", label.lower()))


@lru_cache(maxsize=4096)
def _heading_key(heading: str) -> str:
    text = _HEADING_NUMBER.sub("", heading.strip().lower())
    return _HEADING_TAIL.sub("", _SPACES.sub(" ", text)).strip()


@lru_cache(maxsize=None)
def load_lexicon(language: str = "en") -> Lexicon:
    """The lexicon of ``language``'s pack (a two-letter code); a language without a pack is refused."""
    from ..errors import UnsupportedFormat
    from ..lang.pack import load_part

    if language not in available_languages():
        raise UnsupportedFormat(
            f"no cue lexicon for language {language!r} (available: {', '.join(available_languages())})"
        )
    return Lexicon(with_months(load_part(language, "cues"), load_part(language, "dates")["months"]))


#: where a marker exception names a month ("since" before "May 2020" tells time): the pack's month names,
#: written once, in its ``dates.json``
MONTH_SLOT = "{month}"


def _month_pattern(months: Collection[str]) -> str:
    """One of ``months`` as a whole word; an abbreviation (a name that begins another name: "Jan",
    "Sept") only before its full stop or a number, since "Since Jan left" is a reason, not a date."""
    if not months:
        return "(?!)"

    def alternation(names):
        return "|".join(re.escape(m) for m in sorted(names, key=len, reverse=True))

    short = {m for m in months if any(o != m and o.startswith(m) for o in months)}
    full = set(months) - short
    parts = [f"(?:{alternation(full)})\\b"] if full else []
    if short:
        parts.append(f"(?:{alternation(short)})(?:\\.|\\b(?=\\s*\\d))")
    return "(?:%s)" % "|".join(parts)


def with_months(data: dict[str, Any], months: Collection[str]) -> dict[str, Any]:
    """A pack's cues with each ``{month}`` in its marker exceptions read as one of ``months`` (the names
    and abbreviations of the pack's ``dates.json``); a pack without month names matches no month there."""
    exceptions = data.get("marker_exceptions", {})
    if not any(MONTH_SLOT in follow for follows in exceptions.values() for follow in follows):
        return data
    names = _month_pattern(months)
    return {**data, "marker_exceptions": {marker: [follow.replace(MONTH_SLOT, names) for follow in follows]
                                          for marker, follows in exceptions.items()}}


def empty_lexicon(language: str) -> Lexicon:
    """A lexicon with no cues: a language without a pack, mapped from its structure alone."""
    from ..lang.pack import empty_part

    return Lexicon(empty_part("cues", language))


def lexicon_for(text: str, lang: str | None = None, *, refuse_unknown: bool = True) -> Lexicon:
    """The lexicon to read ``text`` with: the one place a text's language turns into cues.

    ``lang`` (a pack's code) chooses; without it the language is identified from the text, and one
    without a pack gets an empty lexicon (structure only, never another language's words).
    ``refuse_unknown=False`` gives an empty lexicon for a ``lang`` without a pack too, as for a map
    that records the language it was made in; otherwise such a ``lang`` is refused.
    """
    if lang is None:
        from ..lang import identify_language

        lang = identify_language(text)
        refuse_unknown = False
    if lang in available_languages() or refuse_unknown:
        return load_lexicon(lang)
    return empty_lexicon(lang)
