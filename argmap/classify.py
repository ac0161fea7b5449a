"""Classification: each unit's type from its own kind and cues, before any linking.

Linking may later raise a premise to a claim (a conclusion, the sentence that announces an
enumeration); the rule that did so is recorded on the unit either way.
"""

from __future__ import annotations

from .cues import Lexicon
from .model import NodeType, Unit

__all__ = ["classify"]


def classify(units: list[Unit], lexicon: Lexicon) -> list[Unit]:
    """Set ``type``, ``rule``, ``cue``, hedges and exclusions on every unit; choose the major claim."""
    for unit in units:
        if unit.kind == "title":
            unit.type, unit.rule = NodeType.MAJOR_CLAIM, "title"
        elif unit.kind == "heading":
            if unit.generic:
                unit.excluded = "generic-heading"
            else:
                unit.type, unit.rule = NodeType.CLAIM, "section-heading"
        elif unit.kind == "footnote":
            unit.type, unit.rule, unit.cue = NodeType.EVIDENCE, "footnote", unit.footnote
        else:
            _classify_sentence(unit, lexicon)
        if unit.kind != "footnote" and not unit.excluded:
            unit.hedge_cue = lexicon.hedge(unit.text)
    if not any(u.type == NodeType.MAJOR_CLAIM and not u.excluded for u in units):
        _choose_thesis(units, lexicon)
    return units


def _classify_sentence(unit: Unit, lexicon: Lexicon) -> None:
    if lexicon.is_meta(unit.text):
        unit.excluded = "meta-statement"
        return
    if lexicon.is_disclaimer(unit.text) or lexicon.is_boilerplate(unit.text):
        unit.excluded = "boilerplate"
        return
    deontic = lexicon.deontic(unit.text)
    if deontic:
        unit.type, unit.rule, unit.cue = NodeType.RECOMMENDATION, "deontic-modal", deontic
        return
    unit.type, unit.rule = NodeType.PREMISE, "default-premise"


def _choose_thesis(units: list[Unit], lexicon: Lexicon) -> None:
    """With no title: a sentence that states the thesis, else the first sentence, else anything."""
    candidates = [u for u in units if u.kind == "sentence" and not u.excluded]
    for unit in candidates:
        if lexicon.is_thesis(unit.text):
            unit.type, unit.rule = NodeType.MAJOR_CLAIM, "thesis-cue"
            return
    if candidates:
        candidates[0].type, candidates[0].rule = NodeType.MAJOR_CLAIM, "first-sentence"
        return
    rest = [u for u in units if not u.excluded]
    if rest:
        rest[0].type, rest[0].rule = NodeType.MAJOR_CLAIM, f"only-{rest[0].kind}"
