"""Cue lexicons, one JSON file per language, and the matchers built from them.

The lexicons are data: adding a cue is adding a row to ``<lang>.json``, not editing code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["Lexicon", "load_lexicon", "available_languages", "MarkerHit"]

ROLES = ("conclusion", "contrast", "concession", "addition", "cause", "example")
_CONNECTIVE_LEAD = re.compile(r"^(?:(?:and|but|so|then|also|first|please|just)\b[\s,]*)+", re.IGNORECASE)
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
    return sorted(p.name[:-5] for p in resources.files(__package__).iterdir() if p.name.endswith(".json"))


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


def _alternation(phrases) -> str:
    items = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in items)


class Lexicon:
    """Matchers over one language's cue tables."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.language = data.get("language", "en")
        self.ordinals: dict[str, int] = {k.lower(): int(v) for k, v in data.get("ordinals", {}).items()}
        self.final_ordinals = [w.lower() for w in data.get("final_ordinals", [])]
        comma_required = {w.lower() for w in data.get("comma_required", [])}
        ordinal_words = list(self.ordinals) + self.final_ordinals
        self._ordinal_re = re.compile(r"^(%s)\s*[,:]" % _alternation(ordinal_words), re.IGNORECASE)
        multi = [w for w in ordinal_words if " " in w]
        self._ordinal_multi_re = re.compile(r"^(%s)\b" % _alternation(multi), re.IGNORECASE) if multi else None
        nouns = data.get("ordinal_nouns", [])
        single = [w for w in ordinal_words if " " not in w]
        # "The second reason is …", "A third problem …": an ordinal that counts the writer's points
        self._ordinal_noun_re = (
            re.compile(r"^(?:the|a|an|one)?\s*(%s)\s+(?:%s)\b" % (_alternation(single), _alternation(nouns)), re.IGNORECASE)
            if nouns else None
        )
        self._marker_res: list[tuple[str, re.Pattern[str], re.Pattern[str] | None]] = []
        for role in ROLES:
            cues = data.get("markers", {}).get(role, [])
            free = [c for c in cues if c.lower() not in comma_required]
            comma = [c for c in cues if c.lower() in comma_required]
            parts = []
            if free:
                parts.append(r"(?:%s)(?![\w-])" % _alternation(free))
            if comma:
                parts.append(r"(?:%s)\s*," % _alternation(comma))
            initial = re.compile(r"^(%s)" % "|".join(parts), re.IGNORECASE) if parts else None
            inner = (
                re.compile(r"(?<![\w-])(%s)(?![\w-])" % _alternation(free), re.IGNORECASE) if free else None
            )
            if initial is not None:
                self._marker_res.append((role, initial, inner))
        self._subordinate = {w.lower() for w in data.get("subordinate_concession", [])}
        deontic = [_alternation(data.get("deontic", []))] + list(data.get("deontic_patterns", []))
        self._deontic_re = re.compile(r"(?<![\w-])(%s)(?![\w-])" % "|".join(f"(?:{d})" for d in deontic), re.IGNORECASE)
        self._epistemic_after = [p.lower() for p in data.get("epistemic_after_modal", [])]
        self._epistemic_res = [re.compile(p, re.IGNORECASE) for p in data.get("epistemic_patterns", [])]
        self._hedge_re = re.compile(r"(?<![\w-])(%s)(?![\w-])" % _alternation(data.get("hedges", [])), re.IGNORECASE)
        self._view_re = re.compile(
            r"(?<![\w-])(%s)(?![\w-])" % _alternation(data.get("attributed_view", [])), re.IGNORECASE
        )
        objections = [r"(?<![\w-])(?:%s)(?![\w-])" % _alternation(data["objection_cues"])] if data.get("objection_cues") else []
        objections += data.get("objection_patterns", [])
        self._objection_re = re.compile("(%s)" % "|".join(objections), re.IGNORECASE) if objections else None
        references = data.get("view_references", [])
        self._view_ref_re = re.compile(r"^(%s)(?![\w-])" % _alternation(references), re.IGNORECASE) if references else None
        self._meta_res = [re.compile(p, re.IGNORECASE) for p in data.get("meta_statement_patterns", [])]
        self._stance_re = re.compile(r"(?<![\w-])(%s)(?![\w-])" % _alternation(data.get("stance", []) or ["\0"]), re.IGNORECASE)
        self._imperative_re = re.compile(r"^(%s)(?![\w-])" % _alternation(data.get("imperative_openers", []) or ["\0"]))
        self._opener_re = re.compile(r"^(%s)(?![\w-])" % _alternation(data.get("concessive_openers", []) or ["\0"]), re.IGNORECASE)
        self._thesis_res = [re.compile(p, re.IGNORECASE) for p in data.get("thesis_patterns", [])]
        self._disclaimer_res = [re.compile(p, re.IGNORECASE) for p in data.get("disclaimer_patterns", [])]
        self._boilerplate_res = [re.compile(p, re.IGNORECASE) for p in data.get("boilerplate_patterns", [])]
        self._epistemic_any = _any_of(self._epistemic_res)
        self._meta_any = _any_of(self._meta_res)
        self._disclaimer_any = _any_of(self._disclaimer_res)
        self._boilerplate_any = _any_of(self._boilerplate_res)
        self.generic_headings = {h.lower() for h in data.get("generic_headings", [])}
        self.notes_headings = {h.lower() for h in data.get("notes_headings", [])}
        self.months: dict[str, int] = {k.lower(): int(v) for k, v in data.get("months", {}).items()}

    # --- structure ------------------------------------------------------------------
    def ordinal(self, sentence: str) -> tuple[int | None, str] | None:
        """The enumeration cue opening a sentence: (position or None for "Finally", cue)."""
        text = _LEAD_PUNCT.sub("", sentence)
        m = (self._ordinal_re.match(text) or (self._ordinal_multi_re.match(text) if self._ordinal_multi_re else None)
             or (self._ordinal_noun_re.match(text) if self._ordinal_noun_re else None))
        if not m:
            return None
        cue = re.sub(r"\s+", " ", m.group(1)).lower()
        return self.ordinals.get(cue), m.group(1)

    def markers(self, sentence: str, *, skip: int = 0) -> list[MarkerHit]:
        """Discourse markers: the one opening the sentence (after ``skip`` characters) and inner ones."""
        text = sentence[skip:]
        text = _LEAD_PUNCT.sub("", text)
        hits: list[MarkerHit] = []
        initial_end = 0
        for role, initial, _ in self._marker_res:
            m = initial.match(text)
            if m and m.end() > initial_end:
                hits = [MarkerHit(role, re.sub(r"[\s,]+$", "", m.group(1)), True)]
                initial_end = m.end()
        rest = text[initial_end:]
        for role, _, inner in self._marker_res:
            if inner is None or role not in ("conclusion", "cause", "contrast"):
                continue
            for m in inner.finditer(rest):
                cue = m.group(1)
                if role == "contrast" and cue.lower() not in ("but", "however", "yet"):
                    continue
                hits.append(MarkerHit(role, cue, False))
        return hits

    def is_subordinate_concession(self, cue: str) -> bool:
        return cue.lower() in self._subordinate

    # --- unit types -----------------------------------------------------------------
    def deontic(self, sentence: str) -> str | None:
        """The deontic cue that makes a sentence a recommendation, unless the modal is epistemic."""
        if self._epistemic_any is None or self._epistemic_any.search(sentence):
            for pattern in self._epistemic_res:
                if pattern.search(sentence) and not self._deontic_outside(sentence, pattern):
                    return None
        for m in self._deontic_re.finditer(sentence):
            after = sentence[m.end():].lstrip().lower()
            if any(after.startswith(p) for p in self._epistemic_after):
                continue
            return m.group(1)
        return None

    def _deontic_outside(self, sentence: str, pattern: re.Pattern[str]) -> bool:
        masked = pattern.sub(" ", sentence)
        return any(
            not any(masked[m.end():].lstrip().lower().startswith(p) for p in self._epistemic_after)
            for m in self._deontic_re.finditer(masked)
        )

    def hedge(self, sentence: str) -> str | None:
        m = self._hedge_re.search(sentence)
        return m.group(1) if m else None

    def objection(self, sentence: str) -> str | None:
        """The cue if ``sentence`` voices someone else's opposing view ("critics argue …", "some say …")."""
        m = self._objection_re.search(sentence) if self._objection_re else None
        return m.group(1) if m else None

    def view_reference(self, sentence: str) -> str | None:
        """The phrase by which a sentence points back at a view just reported ("This view …")."""
        text = _LEAD_PUNCT.sub("", sentence)
        m = self._view_ref_re.match(text) if self._view_ref_re else None
        return m.group(1) if m else None

    def attributed_view(self, sentence: str) -> str | None:
        m = self._view_re.search(sentence)
        return m.group(1) if m else None

    def stance(self, sentence: str) -> str | None:
        """A phrase by which the writer takes a position ("I think", "is the right way")."""
        m = self._stance_re.search(sentence)
        return m.group(1) if m else None

    def imperative(self, sentence: str) -> str | None:
        """A sentence that opens with a verb in the imperative ("Require collectors to …"); not a question."""
        text = _LEAD_PUNCT.sub("", sentence).strip()
        if text.endswith("?"):
            return None
        text = _CONNECTIVE_LEAD.sub("", text)
        m = self._imperative_re.match(text[:1].lower() + text[1:])
        return m.group(1) if m else None

    def concessive_opener(self, sentence: str) -> str | None:
        """An opening that grants the other side a point ("Admittedly", "Of course", "Yes,")."""
        m = self._opener_re.match(_LEAD_PUNCT.sub("", sentence))
        return m.group(1) if m else None

    def is_meta(self, sentence: str) -> bool:
        text = _LEAD_PUNCT.sub("", sentence)
        if self._meta_any is not None:
            return self._meta_any.search(text) is not None
        return any(p.search(text) for p in self._meta_res)

    def is_thesis(self, sentence: str) -> bool:
        return any(p.search(sentence) for p in self._thesis_res)

    def is_disclaimer(self, text: str) -> bool:
        if self._disclaimer_any is not None:
            return self._disclaimer_any.search(text.strip()) is not None
        return any(p.search(text.strip()) for p in self._disclaimer_res)

    def is_boilerplate(self, text: str) -> bool:
        if self._boilerplate_any is not None:
            return self._boilerplate_any.search(text.strip()) is not None
        return any(p.search(text.strip()) for p in self._boilerplate_res)

    def is_generic_heading(self, heading: str) -> bool:
        return _heading_key(heading) in self.generic_headings

    def is_notes_heading(self, heading: str) -> bool:
        return _heading_key(heading) in self.notes_headings


def _heading_key(heading: str) -> str:
    text = re.sub(r"^([0-9]+|[ivxlc]+|[a-z])[.)]\s+", "", heading.strip().lower())
    return re.sub(r"[\s:.*_#]+$", "", re.sub(r"\s+", " ", text)).strip()


@lru_cache(maxsize=None)
def load_lexicon(language: str = "en") -> Lexicon:
    """The lexicon for ``language`` (a two-letter code); unknown languages are refused."""
    from ..errors import UnsupportedFormat

    name = f"{language}.json"
    path = resources.files(__package__) / name
    if not path.is_file():
        raise UnsupportedFormat(
            f"no cue lexicon for language {language!r} (available: {', '.join(available_languages())})"
        )
    return Lexicon(json.loads(path.read_text(encoding="utf-8")))
