"""Candidates and features: what the rules and cues say about a unit, and about a unit and a possible parent.

Every feature is named by what it measures (a rule's name, a marker's role, a distance), never by a
word of a language: the cue tables of ``argmap/cues`` find the words, so one set of weights reads
any language that has a cue table, and a language without one still gets the structural features.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from ..lang.words import WORD, overlap_words
from ..model import Edge, EdgeType, NodeType, Unit, cited_links, cited_notes

__all__ = ["Context", "PairTable", "UnitTable", "cue_questions", "unit_features", "pair_features", "parent_features", "candidates", "TYPE_CLASSES",
           "PARENT", "CHILD", "child_features", "STACKED", "TAILS"]

#: the classes of the type model; the major claim is chosen by a model of its own
TYPE_CLASSES = ("claim", "premise", "evidence", "recommendation", "none")
#: the type model's probabilities the attachment model reads (``Context.type_p``): a parent is mostly a claim,
#: and what a unit is decides where it hangs (a claim from a heading, a premise from its paragraph's point)
STACKED = ("claim", "premise", "recommendation", "none")
#: where a candidate stands for a unit (the last pair feature's name, after "lead>" or "inner>")
TAILS = ("section-heading", "paragraph-lead", "previous", "major", "other")
_CROSSED = ("claim", "recommendation")  # the unit's own probabilities crossed with TAILS

_DIGIT = re.compile(r"\d")
_WINDOW_BACK = 8  # units of the same section before a unit that may be its parent
_WINDOW_AHEAD = 2
# at most this many of the headings before a heading, of a paragraph's other units and of its section's leads
# (the nearest): a brief has far fewer, and without a bound a text of thousands of headings or of one
# paragraph of thousands of sentences would make millions of candidate pairs, each a row of features
NEAREST_CANDIDATES = 32
_CLAIMS = ("claim", "major_claim")  # the rule types a point a unit may serve has


_DISTANCE_EDGES = (0, 1, 2, 3, 5, 8, 13)  # distances in units, bucketed: the last bucket is "more than 13"


def _bucket(value: int, edges: tuple[int, ...] = _DISTANCE_EDGES) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


@dataclass(frozen=True)
class _Cues:
    """What the cue tables find in one unit (asked once per unit; units with the same cues share one)."""

    deontic: bool = False
    imperative: bool = False
    stance: bool = False
    view: bool = False
    objection: bool = False
    concessive: bool = False
    thesis: bool = False
    back: bool = False
    question: bool = False
    features: tuple[str, ...] = ()  # ``cue=…`` for each of the above that holds


_CUE_NAMES = ("deontic", "imperative", "stance", "view", "objection", "concessive", "thesis", "back", "question")


def cue_questions(features) -> frozenset[str]:
    """The cue questions (``Lexicon.unit_cues``) whose answers some of ``features`` (a model's names) read:
    its ``cue=…`` (as a unit or a candidate), a reference back near the parent, a parent that proposes."""
    names = set(features)
    asked = {name[len(PARENT):] if name.startswith(PARENT) else name[len(CHILD):] if name.startswith(CHILD) else name
             for name in names}
    found = {name[len("cue="):] for name in asked if name.startswith("cue=")}
    if "back-reference&near" in names:
        found.add("back")
    if "parent-proposes" in names:
        found |= {"deontic", "imperative"}
    return frozenset(found & set(_CUE_NAMES[:-1]))  # a question is read from its mark, not asked


@dataclass
class Context:
    """One document's units in reading order with everything the features ask about them."""

    kept: list[Unit]
    edges: list[Edge]
    lexicon: object
    major: Unit | None = None
    index: dict[str, int] = field(default_factory=dict)
    rule_parent: dict[str, Edge] = field(default_factory=dict)
    rule_extra: dict[tuple[str, str], Edge] = field(default_factory=dict)
    extra_targets: dict[str, list[str]] = field(default_factory=dict)  # per unit, the targets of its extra rule edges
    attacks_extra: set[str] = field(default_factory=set)  # the units an extra rule edge of theirs attacks from
    children: dict[str, int] = field(default_factory=dict)
    words: dict[str, set[str]] = field(default_factory=dict)  # per unit, its words that count for overlap
    n_words: dict[str, int] = field(default_factory=dict)  # per unit, how many words it has (``WORD``)
    cues: dict[str, _Cues] = field(default_factory=dict)
    paragraph_first: dict[int, str] = field(default_factory=dict)
    paragraph_last: dict[int, str] = field(default_factory=dict)
    headings: dict[tuple[str, ...], Unit] = field(default_factory=dict)
    cited_by: dict[str, list[str]] = field(default_factory=dict)
    rule_major: Unit | None = None
    unit_rows: dict[str, dict[str, float]] = field(default_factory=dict)  # unit_features, asked once per unit
    by_paragraph: dict[int, list[Unit]] = field(default_factory=dict)
    leads_by_section: dict[tuple[str, ...], list[Unit]] = field(default_factory=dict)
    _heading_of: dict[str, Unit | None] = field(default_factory=dict)
    rule_type: dict[str, str] = field(default_factory=dict)  # unit id → its rule type's name (an enum's .value is slow)
    #: the type model's probabilities of ``STACKED``, a row per unit of ``kept`` (set by the decoder, or out
    #: of fold in training; a row of zeros for a unit it has none of, the major claim); None: the attachment
    #: features that read them are left out
    type_p: np.ndarray | None = None
    _shapes: dict[str, "_Shape"] = field(default_factory=dict)
    #: per position, the position of the nearest unit before it the rules typed a claim (or the major claim), -1 if none
    claim_before: list[int] = field(default_factory=list)
    heading_at: list[int] = field(default_factory=list)  # the positions of the headings, in reading order
    _word_counts: list[tuple[int, int, int]] | None = None  # ``word_shapes``, once counted

    @classmethod
    def build(cls, kept: list[Unit], edges: list[Edge], lexicon, cues: frozenset[str] | None = None) -> "Context":
        """``cues`` names the cue questions to ask of each unit (``cue_questions``); None asks them all."""
        ctx = cls(kept, edges, lexicon)
        index, rule_type, words_of, n_words, cues_of = ctx.index, ctx.rule_type, ctx.words, ctx.n_words, ctx.cues
        shapes = ctx.word_shapes()
        first, last, by_paragraph = ctx.paragraph_first, ctx.paragraph_last, ctx.by_paragraph
        for position, unit in enumerate(kept):
            uid = unit.id
            index[uid] = position
            kind = unit.type
            rule_type[uid] = kind.value if kind else "none"
            text = unit.text
            # the words the cue tables' pre-checks found in it (the rules asked them of every sentence)
            words_of[uid] = overlap_words(text, lexicon.words(text))
            n_words[uid] = shapes[position][0]
            cues_of[uid] = _cues(unit, lexicon, cues)
            paragraph = unit.paragraph
            if paragraph is not None:
                if paragraph not in first:
                    first[paragraph] = uid
                    ctx.leads_by_section.setdefault(unit.section, []).append(unit)
                last[paragraph] = uid
                by_paragraph.setdefault(paragraph, []).append(unit)
            if unit.kind == "heading":
                ctx.headings[unit.section + (unit.text,)] = unit
            if kind == NodeType.MAJOR_CLAIM:
                ctx.rule_major = unit
            if unit.citations:
                for label in cited_notes(unit.citations):
                    ctx.cited_by.setdefault(label, []).append(uid)
        for edge in edges:
            if edge.primary:
                ctx.rule_parent[edge.source] = edge
                ctx.children[edge.target] = ctx.children.get(edge.target, 0) + 1
            else:
                if (edge.source, edge.target) not in ctx.rule_extra:
                    ctx.extra_targets.setdefault(edge.source, []).append(edge.target)
                ctx.rule_extra[(edge.source, edge.target)] = edge
                if edge.type == EdgeType.ATTACK:
                    ctx.attacks_extra.add(edge.source)
        ctx.major = ctx.rule_major
        last = -1
        for position, unit in enumerate(kept):
            ctx.claim_before.append(last)
            if unit.kind == "heading":
                ctx.heading_at.append(position)
            if unit.kind != "footnote" and ctx.rule_type[unit.id] in _CLAIMS:
                last = position
        return ctx

    def shape(self, unit: Unit) -> "_Shape":
        found = self._shapes.get(unit.id)
        if found is None:
            cues = self.cues[unit.id]
            paragraph = unit.paragraph
            found = self._shapes[unit.id] = _Shape(
                self.index[unit.id], self.rule_type[unit.id], f"parent-kind={unit.kind}",
                f"parent-rule-type={self.rule_type[unit.id]}",
                paragraph is not None and self.paragraph_first.get(paragraph) == unit.id,
                paragraph is not None and self.paragraph_last.get(paragraph) == unit.id,
                self.words[unit.id], tuple(hit.role for hit in unit.markers if hit.initial), cues.back,
                cues.deontic or cues.imperative, unit.text.rstrip(" \"'”’)*").endswith(":"),
                math.log1p(self.children.get(unit.id, 0)))
        return found

    def unit(self, unit_id: str) -> Unit:
        return self.kept[self.index[unit_id]]

    def word_shapes(self) -> list[tuple[int, int, int]]:
        """Per unit in reading order, how many words it has, how many of them hold a digit and how many
        open with a capital (``_word_shapes``), counted once for the document."""
        if self._word_counts is None:
            self._word_counts = _word_shapes([unit.text for unit in self.kept])
        return self._word_counts

    def section_heading(self, unit: Unit) -> Unit | None:
        """The nearest kept heading whose section holds the unit."""
        if unit.id in self._heading_of:
            return self._heading_of[unit.id]
        found = None
        path = unit.section
        for cut in range(len(path), 0, -1):
            found = self.headings.get(path[:cut])
            if found is not None and found is not unit:
                break
            found = None
        self._heading_of[unit.id] = found
        return found


_ASCII_WORD = np.zeros(256, dtype=bool)  # the characters ``WORD`` matches in ASCII text
_ASCII_WORD[[c for c in range(128) if WORD.fullmatch(chr(c))]] = True


def _word_shapes(texts: list[str]) -> list[tuple[int, int, int]]:
    """For each text, how many words (``WORD``) it has, how many of them hold a digit and how many open
    with a capital.

    The ASCII texts are counted all at once over their characters (a word is a run of word characters:
    its first character and any digit in it are found by comparing neighbours), the others word by word;
    most sentences hold no digit at all."""
    shapes = [(0, 0, 0)] * len(texts)
    places = []
    for k, text in enumerate(texts):
        if text.isascii() and "\0" not in text:
            places.append(k)
        else:
            words = WORD.findall(text)
            shapes[k] = (len(words), sum(1 for word in words if _DIGIT.search(word)) if _DIGIT.search(text) else 0,
                         sum(map(str.isupper, (word[0] for word in words))))
    if not places:
        return shapes
    chars = np.frombuffer("\0".join([texts[k] for k in places]).encode("ascii"), dtype=np.uint8)
    word = _ASCII_WORD[chars]
    starts = word.copy()
    starts[1:] &= ~word[:-1]  # the first character of each word
    text_of = np.cumsum(chars == 0)  # the text each character belongs to (the joins are no word's)
    counts = np.bincount(text_of[starts], minlength=len(places))
    capitals = np.bincount(text_of[starts & (chars >= 65) & (chars <= 90)], minlength=len(places))
    word_of = np.cumsum(starts) - 1  # each word character's word
    has_digit = np.zeros(int(starts.sum()), dtype=bool)
    has_digit[word_of[word & (chars >= 48) & (chars <= 57)]] = True
    digits = np.bincount(text_of[starts][has_digit], minlength=len(places))
    for k, shape in zip(places, zip(counts.tolist(), digits.tolist(), capitals.tolist())):
        shapes[k] = shape
    return shapes


def _cues(unit: Unit, lexicon, ask: frozenset[str] | None = None) -> _Cues:
    """What the cue tables find in ``unit``."""
    text = unit.text
    if unit.kind == "footnote":
        return _NO_CUES
    question = text.rstrip(" \"'”’)").endswith("?")
    key = (lexicon.unit_cues(text, ask), question)
    cues = _CUES.get(key)
    if cues is None:  # few sets of cues come up: each is made once and shared by the units that have it
        found = key[0]
        flags = {name: name in found for name in _CUE_NAMES}
        flags["deontic"] = flags["deontic"] and not question
        flags["question"] = question
        cues = _CUES[key] = _Cues(**flags, features=tuple(f"cue={name}" for name in _CUE_NAMES if flags[name]))
    return cues


_NO_CUES = _Cues()
_CUES: dict[tuple[frozenset[str], bool], _Cues] = {}


def unit_features(unit: Unit, ctx: Context) -> dict[str, float]:
    """The unit's own features, for its type and for the major claim."""
    cached = ctx.unit_rows.get(unit.id)
    if cached is None:
        cached = ctx.unit_rows[unit.id] = _unit_features(unit, ctx)
    return cached


def _unit_features(unit: Unit, ctx: Context) -> dict[str, float]:
    f: dict[str, float] = {"bias": 1.0, f"kind={unit.kind}": 1.0, f"block={unit.block_kind}": 1.0,
                           f"rule-type={ctx.rule_type[unit.id]}": 1.0, f"rule={unit.rule}": 1.0}
    for name in ctx.cues[unit.id].features:
        f[name] = 1.0
    if unit.hedge_cue:
        f["cue=hedge"] = 1.0
    for hit in unit.markers:
        f[f"marker={hit.role}{'' if hit.initial else '-inner'}"] = 1.0
    if unit.ordinal_cue:
        f["ordinal"] = 1.0
    links = cited_links(unit.citations) if unit.citations else ()
    if unit.citations and cited_notes(unit.citations):
        f["cites-note"] = 1.0
    if links:
        f["cites-link"] = 1.0
        # a line that is little but its links is navigation more often than argument
        f["link-share"] = min(1.0, sum(len(c.anchor or "") for c in links) / max(1, len(unit.text)))
    if unit.kind == "heading":
        f[f"heading-level={min(unit.level, 4)}"] = 1.0
    f[f"section-depth={min(len(unit.section), 3)}"] = 1.0
    position = ctx.index[unit.id]
    f["doc-position"] = position / max(1, len(ctx.kept) - 1)
    if position == 0:
        f["doc-first"] = 1.0
    if unit.kind != "title" and position == 1:
        f["doc-second"] = 1.0
    if unit.paragraph is not None:
        if ctx.paragraph_first.get(unit.paragraph) == unit.id:
            f["paragraph-first"] = 1.0
        if ctx.paragraph_last.get(unit.paragraph) == unit.id:
            f["paragraph-last"] = 1.0
        if ctx.paragraph_first.get(unit.paragraph) == ctx.paragraph_last.get(unit.paragraph):
            f["paragraph-alone"] = 1.0
    text = unit.text
    count, digits, capitals = ctx.word_shapes()[position]
    f["log-words"] = math.log1p(count)
    if count <= 3:
        f["short"] = 1.0
    if count:
        f["digit-share"] = digits / count
        f["capital-share"] = capitals / count
    stripped = text.rstrip(" \"'”’)*")
    if stripped.endswith(":"):
        f["ends-colon"] = 1.0
    elif not stripped.endswith((".", "!", "?")):
        f["no-final-stop"] = 1.0
    children = ctx.children.get(unit.id, 0)
    f["log-rule-children"] = math.log1p(children)
    parent = ctx.rule_parent.get(unit.id)
    if parent is not None:
        f[f"rule-edge={parent.rule}"] = 1.0
        if parent.type == EdgeType.ATTACK:
            f["rule-edge-attack"] = 1.0
    if unit.id in ctx.attacks_extra:
        f["rule-extra-attack"] = 1.0
    f.update(_neighbourhood(unit, position, ctx))
    return f


#: features of a unit's surroundings start with this: they help its own type (web residue comes in runs of
#: short lines, a heading is followed by prose), not what it is as someone's parent
CONTEXT = "ctx:"


def _neighbourhood(unit: Unit, position: int, ctx: Context) -> dict[str, float]:
    """What the units around this one look like: its paragraph's size, its neighbours' shape."""
    f: dict[str, float] = {}
    if unit.paragraph is not None:
        size = len(ctx.by_paragraph.get(unit.paragraph, ()))
        f[f"{CONTEXT}paragraph-units={_bucket(size, (1, 2, 3, 5, 8))}"] = 1.0
    kept = ctx.kept
    for step, edge, kind, block, rule_type, log_words, short, no_stop, same_paragraph, same_section in _SIDES:
        at = position + step
        if not 0 <= at < len(kept):
            f[edge] = 1.0
            continue
        other = kept[at]
        f[kind + other.kind] = 1.0
        f[block + other.block_kind] = 1.0
        f[rule_type + ctx.rule_type[other.id]] = 1.0
        words = ctx.n_words[other.id]
        f[log_words] = _LOG[words] if words < len(_LOG) else math.log1p(words)
        if words <= 3:
            f[short] = 1.0
        if not other.text.rstrip(" \"'”’)*").endswith((".", "!", "?", ":")):
            f[no_stop] = 1.0
        if other.paragraph is not None and other.paragraph == unit.paragraph:
            f[same_paragraph] = 1.0
        if other.section == unit.section:
            f[same_section] = 1.0
    return f


#: per side (the unit before, the unit after): its step and the names of its features
_SIDES = tuple((step, f"{CONTEXT}{name}=edge", *(f"{CONTEXT}{name}-{part}" for part in (
    "kind=", "block=", "rule-type=", "log-words", "short", "no-final-stop", "same-paragraph", "same-section")))
    for step, name in ((-1, "prev"), (1, "next")))


def parent_features(other: Unit, ctx: Context) -> dict[str, float]:
    """A candidate parent's own features, named ``parent:…`` in the attachment model."""
    return {PARENT + key: value for key, value in unit_features(other, ctx).items()
            if key != "bias" and not key.startswith(CONTEXT)}


PARENT = "parent:"
#: the relation model reads the serving unit's own features too, named ``unit:…``: whether a unit argues
#: against its parent is said mostly by the unit itself (its turn, its reported objection), not by the pair
CHILD = "unit:"


def child_features(unit: Unit, ctx: Context) -> dict[str, float]:
    """The unit's own features as the relation model reads them (``unit:…``)."""
    return {CHILD + key: value for key, value in unit_features(unit, ctx).items()
            if key != "bias" and not key.startswith(CONTEXT)}


def candidates(unit: Unit, ctx: Context) -> list[Unit]:
    """The units that may be the parent of ``unit``: its paragraph and section, the headings above it (for
    a heading the headings before it, for a sentence the nearest), the rules' own choices, units it refers
    back to, and the major claim (in this order, each once; of the many, the ``NEAREST_CANDIDATES``)."""
    if unit is ctx.major:
        return []
    chosen: dict[str, Unit] = {}
    add = chosen.setdefault
    index = ctx.index
    if ctx.major is not None and ctx.major is not unit:
        add(ctx.major.id, ctx.major)
    parent = ctx.rule_parent.get(unit.id)
    if parent is not None and parent.target in index:
        other = ctx.unit(parent.target)
        if other is not unit:
            add(other.id, other)
    for target in ctx.extra_targets.get(unit.id, ()):
        if target in index:
            other = ctx.unit(target)
            if other is not unit:
                add(other.id, other)
    if unit.kind == "footnote":
        for cited in ctx.cited_by.get(unit.footnote or "", []):
            if cited in index:
                other = ctx.unit(cited)
                if other is not unit:
                    add(other.id, other)
        return list(chosen.values())
    heading = ctx.section_heading(unit)
    while heading is not None:
        if heading is not unit:
            add(heading.id, heading)
        heading = ctx.section_heading(heading)
    position = index[unit.id]
    # headings before it whatever the section path says: a reader may flatten a heading's level
    # (a sub-heading set as large as its parent), and a heading serves a heading above it
    earlier = bisect.bisect_left(ctx.heading_at, position)
    for at in ctx.heading_at[max(0, earlier - (NEAREST_CANDIDATES if unit.kind == "heading" else 1)):earlier]:
        other = ctx.kept[at]  # before the unit: never the unit itself
        add(other.id, other)
    section = unit.section
    for other in ctx.kept[max(0, position - _WINDOW_BACK):position + _WINDOW_AHEAD + 1]:
        kind = other.kind
        if kind != "footnote" and (other.section == section or kind == "heading" or kind == "title") \
                and other is not unit:
            add(other.id, other)
    if unit.paragraph is not None:
        members = ctx.by_paragraph.get(unit.paragraph, ())
        if len(members) > 2 * NEAREST_CANDIDATES:  # the nearest, by reading order
            at = bisect.bisect_left(members, position, key=lambda other: index[other.id])
            members = members[max(0, at - NEAREST_CANDIDATES):at + NEAREST_CANDIDATES + 1]
        for other in members:
            if other is not unit:
                add(other.id, other)
    # paragraph leads of the section before the unit: the heads a fact further down may serve (they stand
    # in reading order)
    leads = ctx.leads_by_section.get(section, ())
    before = bisect.bisect_left(leads, position, key=lambda other: index[other.id])
    for other in leads[max(0, before - NEAREST_CANDIDATES):before]:
        add(other.id, other)
    return list(chosen.values())


def pair_features(unit: Unit, other: Unit, ctx: Context, *, parent_side: bool = True) -> dict[str, float]:
    """Features of ``other`` as the parent of ``unit``.

    ``parent_side`` adds ``other``'s own features (``parent:…``); inference leaves them out and adds
    their part of the score once per unit instead (``decode``), which is the same sum, computed faster.
    """
    f: dict[str, float] = {}
    u, o = ctx.shape(unit), ctx.shape(other)
    uid, oid = unit.id, other.id
    parent = ctx.rule_parent.get(uid)
    if parent is not None and parent.target == oid:
        f["is-rule-parent"] = 1.0
        f["rule-parent=" + parent.rule] = 1.0
        if parent.type == EdgeType.ATTACK:
            f["rule-parent-attack"] = 1.0
    if ctx.rule_extra:
        extra = ctx.rule_extra.get((uid, oid))
        if extra is not None:
            f["is-rule-extra"] = 1.0
            if extra.type == EdgeType.ATTACK:
                f["rule-extra-attack"] = 1.0
    to_major = other is ctx.major
    if to_major:
        f["to-major"] = 1.0
    if other is ctx.rule_major:
        f["to-rule-major"] = 1.0
    f[o.parent_kind] = 1.0
    f[o.parent_type] = 1.0
    f[f"types={u.rule_type}>{o.rule_type}"] = 1.0
    f[f"kinds={unit.kind}>{other.kind}"] = 1.0
    distance = u.position - o.position
    f[_DISTANCE[distance] if -len(_DISTANCE) // 2 < distance < len(_DISTANCE) // 2 else _distance(distance)] = 1.0
    f["log-distance"] = _LOG[abs(distance)] if abs(distance) < len(_LOG) else math.log1p(abs(distance))
    if distance == 1:
        f["previous"] = 1.0
    elif distance == -1:
        f["next"] = 1.0
    paragraph = unit.paragraph
    same_paragraph = paragraph is not None and paragraph == other.paragraph
    lead = False
    if same_paragraph:
        f["same-paragraph"] = 1.0
        if o.first:
            f["paragraph-lead"] = 1.0
            lead = True
        if o.last:
            f["paragraph-end"] = 1.0
    elif other.paragraph is not None and paragraph is not None:
        if o.first:
            f["lead-of-other-paragraph"] = 1.0
        if paragraph - other.paragraph == 1:
            f["previous-paragraph"] = 1.0
    if other.section == unit.section:
        f["same-section"] = 1.0
    under_heading = ctx.section_heading(unit) is other
    if under_heading:
        f["section-heading"] = 1.0
    elif other.kind == "heading" and unit.section[:len(other.section) + 1] == other.section + (other.text,):
        f["ancestor-heading"] = 1.0
    if unit.kind == "heading" and other.kind == "heading":
        f["heading-level-step"] = float(unit.level - other.level)
    if unit.kind == "footnote" and oid in ctx.cited_by.get(unit.footnote or "", ()):
        f["cites-footnote"] = 1.0
    if unit.block_kind == "list_item":
        f["unit-list-item"] = 1.0
        if other.block_kind == "list_item" and same_paragraph is False and distance > 0:
            f["list-item>list-item"] = 1.0
        if other.block_kind != "list_item" and distance > 0:
            f["list-item>non-item"] = 1.0
    if u.openers:
        where = "previous" if distance == 1 else "lead" if lead else "other"
        for role in u.openers:
            f[f"marker={role}&{where}"] = 1.0
    if u.back and (distance == 1 or (same_paragraph and 0 < distance <= 2)):
        f["back-reference&near"] = 1.0
    if unit.ordinal_cue:
        f["ordinal&" + ("previous" if distance == 1 else "same-paragraph" if same_paragraph else "other")] = 1.0
    if ctx.claim_before[u.position] == o.position:
        f["nearest-claim-before"] = 1.0
    if o.proposes:
        f["parent-proposes"] = 1.0
    if o.colon and distance > 0:
        f["parent-introduces-list"] = 1.0
    if other.ordinal_cue:
        f["parent-ordinal"] = 1.0
    a, b = u.words, o.words
    if a and b:
        shared = len(a & b)
        if shared:
            f["overlap"] = shared / math.sqrt(len(a) * len(b))
            f["overlap-any"] = 1.0
    f["parent-log-rule-children"] = o.log_children
    # what the candidate is in itself (its cues, its rule type, its place): a parent is a claim more often than not
    if parent_side:
        f.update(parent_features(other, ctx))
    tail = ("section-heading" if under_heading else "paragraph-lead" if lead else
            "previous" if distance == 1 else "major" if to_major else "other")
    f[("lead>" if u.first else "inner>") + tail] = 1.0
    if ctx.type_p is not None:
        f.update(stacked_features(ctx.type_p[u.position].tolist(), ctx.type_p[o.position].tolist(), tail))
    return f


def stacked_features(unit_p: tuple[float, ...] | None, other_p: tuple[float, ...] | None,
                     tail: str) -> dict[str, float]:
    """The type model's view of a pair: how likely the candidate is each type, and how likely the unit is a
    claim or a recommendation crossed with where the candidate stands (a unit's own type cancels out among
    its candidates unless crossed with something that tells them apart). The major claim has no type
    probabilities (``None``, or zeros): ``to-major`` speaks for it."""
    f: dict[str, float] = {}
    if other_p is not None:
        for name, p in zip(STACKED, other_p):
            if p:
                f[f"parent-p={name}"] = p
    if unit_p is not None:
        for name in _CROSSED:
            p = unit_p[STACKED.index(name)]
            if p:
                f[f"p={name}&{tail}"] = p
    return f


def _distance(distance: int) -> str:
    return f"distance={'-' if distance < 0 else ''}{_bucket(abs(distance))}"


_DISTANCE = {d: _distance(d) for d in range(-40, 41)}
_BUCKETS = np.array(_DISTANCE_EDGES)
_DISTANCE_NAMES = [f"distance={sign}{edge}" for edge in [*map(str, _DISTANCE_EDGES), f">{_DISTANCE_EDGES[-1]}"] for sign in ("", "-")]
_LOG = [math.log1p(d) for d in range(41)]


@dataclass
class _Shape:
    """What the pair features ask of a unit, worked out once per unit."""

    position: int
    rule_type: str
    parent_kind: str
    parent_type: str
    first: bool
    last: bool
    words: set
    openers: tuple
    back: bool
    proposes: bool
    colon: bool
    log_children: float


class PairTable:
    """``pair_features`` for many (unit, candidate) pairs at once, as a matrix: the per-unit facts as numpy
    arrays, each feature a vector operation over all pairs. The same features as ``pair_features``
    without the candidate's own (``parent_side=False``); a test holds the two to the same rows.
    """

    def __init__(self, ctx: Context, units: "UnitTable | None" = None):
        """``units``, the document's ``UnitTable`` when it is made already: the facts of a unit both
        tables read (its paragraph, section, kind, rule type, ending) are taken from it, not found again."""
        kept = ctx.kept
        self.ctx = ctx
        units = units if units is not None else UnitTable(ctx)
        index = ctx.index
        self.section = units.section
        self.paragraph = units.paragraph
        self.first = units.first
        self.last = units.last
        # categorical facts as small integer codes: a pair's feature name is then a lookup, not a string
        self.kinds, self.kind = units.kinds, units.kind
        self.rule_types, self.rule_type = units.rule_types, units.rule_type
        self.parent_kinds, self.parent_kind = [f"parent-kind={k}" for k in self.kinds], self.kind
        self.parent_types, self.parent_type = [f"parent-rule-type={t}" for t in self.rule_types], self.rule_type
        self.openers = [tuple(hit.role for hit in u.markers if hit.initial) for u in kept]
        self.has_openers = np.array([bool(o) for o in self.openers], dtype=bool)
        self.level = np.array([u.level for u in kept], dtype=float)
        self.heading = self.kind == _code(self.kinds, "heading")
        self.footnote = self.kind == _code(self.kinds, "footnote")
        self.list_item = units.block == _code(units.blocks, "list_item")
        self.ordinal = units.ordinal
        cues = [ctx.cues[u.id] for u in kept]
        self.back = np.array([c.back for c in cues], dtype=bool)
        self.proposes = np.array([c.deontic or c.imperative for c in cues], dtype=bool)
        self.colon = units.colon
        self.log_children = units.log_children
        self.claim_before = np.array(ctx.claim_before, dtype=int)
        self.type_p = ctx.type_p  # the type model's probabilities (zeros for the major claim), or None
        heading_of = [ctx.section_heading(u) for u in kept]
        self.heading_of = np.array([-1 if h is None else index[h.id] for h in heading_of])
        rule_parent = [ctx.rule_parent.get(u.id) for u in kept]
        self.rule_parent = np.array([index.get(e.target, -1) if e is not None else -1 for e in rule_parent])
        self.rule_parent_rules, self.rule_parent_rule = _codes(["rule-parent=" + e.rule if e is not None else ""
                                                                for e in rule_parent])
        self.rule_parent_attack = np.array([e is not None and e.type == EdgeType.ATTACK for e in rule_parent])
        # the rules' extra edges, each as the key (its source's position × the units + its target's), sorted:
        # a pair's key is then looked up among them, not each edge compared with every pair
        extra = sorted((index[source] * len(kept) + index[target], edge.type == EdgeType.ATTACK)
                       for (source, target), edge in ctx.rule_extra.items() if source in index and target in index)
        self.extra_keys = np.array([key for key, _ in extra], dtype=np.int64)
        self.extra_attack = np.array([attack for _, attack in extra], dtype=bool)
        # content words stay sets: a pair's overlap is one intersection of two short sets, where a
        # units × vocabulary matrix grew with the document twice over (its rows and its columns)
        self.words = [ctx.words[u.id] for u in kept]
        self.n_words = np.array([len(w) for w in self.words], dtype=float)

    def matrix(self, unit_rows: np.ndarray, cand_rows: np.ndarray, index: dict[str, int], width: int) -> np.ndarray:
        """The pairs (positions in ``ctx.kept``) as rows over the features ``index`` names."""
        ctx = self.ctx
        x = np.zeros((len(unit_rows), width))
        if not len(unit_rows):
            return x
        U, C = np.asarray(unit_rows), np.asarray(cand_rows)

        def put(name: str, rows, values=1.0) -> None:
            column = index.get(name)
            if column is not None:
                x[:, column][rows] = values  # a column's view indexed alone: no two-axis fancy index

        def put_coded(names: list[str], codes: np.ndarray, rows: np.ndarray) -> None:
            """Row ``rows[i]`` gets the feature ``names[codes[i]]``."""
            columns = np.array([index.get(name, -1) for name in names], dtype=int)[codes]
            known = columns >= 0
            x[rows[known], columns[known]] = 1.0

        everywhere = np.arange(len(U))
        is_parent = self.rule_parent[U] == C
        put("is-rule-parent", is_parent)
        put_coded(self.rule_parent_rules, self.rule_parent_rule[U][is_parent], everywhere[is_parent])
        put("rule-parent-attack", is_parent & self.rule_parent_attack[U])
        if len(self.extra_keys):  # the pairs that are a rule's extra edge, found by their key
            keys = U * len(ctx.kept) + C
            at = np.minimum(np.searchsorted(self.extra_keys, keys), len(self.extra_keys) - 1)
            extra = self.extra_keys[at] == keys
            put("is-rule-extra", extra)
            put("rule-extra-attack", extra & self.extra_attack[at])
        major = ctx.index[ctx.major.id] if ctx.major is not None else -1
        rule_major = ctx.index[ctx.rule_major.id] if ctx.rule_major is not None else -1
        to_major = C == major
        put("to-major", to_major)
        put("to-rule-major", C == rule_major)
        put_coded(self.parent_kinds, self.parent_kind[C], everywhere)
        put_coded(self.parent_types, self.parent_type[C], everywhere)
        for prefix, names, codes in (("types=", self.rule_types, self.rule_type), ("kinds=", self.kinds, self.kind)):
            put_coded([f"{prefix}{a}>{b}" for a in names for b in names], codes[U] * len(names) + codes[C], everywhere)
        distance = U - C
        buckets = np.searchsorted(_BUCKETS, np.abs(distance))  # the bucket of _bucket(): len(_BUCKETS) is beyond
        put_coded(_DISTANCE_NAMES, buckets * 2 + (distance < 0), everywhere)
        put("log-distance", everywhere, np.log1p(np.abs(distance)))
        previous = distance == 1
        put("previous", previous)
        put("next", distance == -1)
        pu, pc = self.paragraph[U], self.paragraph[C]
        same_paragraph = (pu >= 0) & (pu == pc)
        lead = same_paragraph & self.first[C]
        put("same-paragraph", same_paragraph)
        put("paragraph-lead", lead)
        put("paragraph-end", same_paragraph & self.last[C])
        other_paragraph = ~same_paragraph & (pu >= 0) & (pc >= 0)
        put("lead-of-other-paragraph", other_paragraph & self.first[C])
        put("previous-paragraph", other_paragraph & (pu - pc == 1))
        put("same-section", self.section[U] == self.section[C])
        under_heading = self.heading_of[U] == C
        put("section-heading", under_heading)
        maybe_ancestor = ~under_heading & self.heading[C]
        kept = ctx.kept
        # the few rows a feature needs a unit's text or notes for: gathered, then set in one step
        rows = everywhere[maybe_ancestor]
        put("ancestor-heading", [r for r, a, b in zip(rows.tolist(), U[rows].tolist(), C[rows].tolist())
                                 if kept[a].section[:len(kept[b].section) + 1] == kept[b].section + (kept[b].text,)])
        both_headings = self.heading[U] & self.heading[C]
        put("heading-level-step", both_headings, (self.level[U] - self.level[C])[both_headings])
        rows = everywhere[self.footnote[U]]
        put("cites-footnote", [r for r, a, b in zip(rows.tolist(), U[rows].tolist(), C[rows].tolist())
                               if kept[b].id in ctx.cited_by.get(kept[a].footnote or "", ())])
        item = self.list_item[U]
        put("unit-list-item", item)
        ahead = distance > 0
        put("list-item>list-item", item & self.list_item[C] & ~same_paragraph & ahead)
        put("list-item>non-item", item & ~self.list_item[C] & ahead)
        rows = everywhere[self.has_openers[U]]
        marked: dict[str, list[int]] = {}
        for r, a, where in zip(rows.tolist(), U[rows].tolist(),
                               np.where(previous[rows], 0, np.where(lead[rows], 1, 2)).tolist()):
            for role in self.openers[a]:
                marked.setdefault(f"marker={role}&{('previous', 'lead', 'other')[where]}", []).append(r)
        for name, marked_rows in marked.items():
            put(name, marked_rows)
        put("back-reference&near", self.back[U] & (previous | (same_paragraph & (distance > 0) & (distance <= 2))))
        ordinal = self.ordinal[U]
        put("ordinal&previous", ordinal & previous)
        put("ordinal&same-paragraph", ordinal & ~previous & same_paragraph)
        put("ordinal&other", ordinal & ~previous & ~same_paragraph)
        put("nearest-claim-before", self.claim_before[U] == C)
        put("parent-proposes", self.proposes[C])
        put("parent-introduces-list", self.colon[C] & ahead)
        put("parent-ordinal", self.ordinal[C])
        words = self.words
        shared = np.fromiter((len(words[a] & words[b]) for a, b in zip(U.tolist(), C.tolist())),  # words shared
                             dtype=np.int64, count=len(U))
        overlapping = shared > 0
        put("overlap", overlapping, (shared / np.sqrt(np.maximum(self.n_words[U] * self.n_words[C], 1.0)))[overlapping])
        put("overlap-any", overlapping)
        put("parent-log-rule-children", everywhere, self.log_children[C])
        tail = np.where(under_heading, 0, np.where(lead, 1, np.where(previous, 2, np.where(to_major, 3, 4))))
        put_coded([head + tail for head in ("inner>", "lead>") for tail in TAILS],
                  self.first[U].astype(int) * len(TAILS) + tail, everywhere)
        if self.type_p is not None:  # every row written, a probability of zero too: its cell holds zero already
            for k, name in enumerate(STACKED):
                put(f"parent-p={name}", everywhere, self.type_p[C, k])
            for crossed in _CROSSED:  # each row's probability in the column of its tail
                columns = np.array([index.get(f"p={crossed}&{name}", -1) for name in TAILS], dtype=int)[tail]
                known = columns >= 0
                x[everywhere[known], columns[known]] = self.type_p[U, STACKED.index(crossed)][known]
        return x


def _code(names: list[str], name: str) -> int:
    """The code of ``name`` among ``names`` (``_codes``), or -1, which no value has."""
    return names.index(name) if name in names else -1


def _codes(values: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct ``values`` and each value's position among them."""
    names: dict[str, int] = {}
    codes = np.array([names.setdefault(v, len(names)) for v in values], dtype=int)
    return list(names), codes


class UnitTable:
    """``unit_features`` of every unit at once, as a matrix: the per-unit facts gathered in one pass, each
    feature then a vector operation, a categorical one (``kind=…``) one lookup per distinct value, and a
    unit's neighbours' features its own facts shifted by one. The same features as ``unit_features``;
    a test holds the two to the same rows."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        kept = ctx.kept
        n = len(kept)
        self.n = n
        rule_type = [ctx.rule_type[u.id] for u in kept]
        # what each unit's text says of its shape, in one pass (its own features and its neighbours' read it)
        n_words, log_words, digit, capital, colon, stop = [], [], [], [], [], []
        listed: list[tuple[int, str, float]] = []  # (row, name, value) of the features few units have
        add = listed.append
        cues_of, rule_parent, attacks_extra = ctx.cues, ctx.rule_parent, ctx.attacks_extra
        logs = len(_LOG)
        shapes = ctx.word_shapes()
        for row, unit in enumerate(kept):
            text = unit.text
            count, digits, capitals = shapes[row]
            n_words.append(count)
            log_words.append(_LOG[count] if count < logs else math.log1p(count))
            if count:
                digit.append(digits / count)
                capital.append(capitals / count)
            else:
                digit.append(0.0)
                capital.append(0.0)
            stripped = text.rstrip(" \"'”’)*")
            colon.append(stripped.endswith(":"))
            stop.append(stripped.endswith((".", "!", "?")))
            for name in cues_of[unit.id].features:
                add((row, name, 1.0))
            for hit in unit.markers:
                add((row, f"marker={hit.role}{'' if hit.initial else '-inner'}", 1.0))
            if unit.citations:
                if cited_notes(unit.citations):
                    add((row, "cites-note", 1.0))
                links = cited_links(unit.citations)
                if links:
                    add((row, "cites-link", 1.0))
                    add((row, "link-share", min(1.0, sum(len(c.anchor or "") for c in links) / max(1, len(text)))))
            parent = rule_parent.get(unit.id)
            if parent is not None:
                add((row, f"rule-edge={parent.rule}", 1.0))
                if parent.type == EdgeType.ATTACK:
                    add((row, "rule-edge-attack", 1.0))
            if unit.id in attacks_extra:
                add((row, "rule-extra-attack", 1.0))
        self.listed = listed
        self.kinds, self.kind = _codes([u.kind for u in kept])
        self.blocks, self.block = _codes([u.block_kind for u in kept])
        self.rule_types, self.rule_type = _codes(rule_type)
        self.rules, self.rule = _codes([u.rule for u in kept])
        self.levels, self.level = _codes([f"heading-level={min(u.level, 4)}" if u.kind == "heading" else ""
                                          for u in kept])
        self.depths, self.depth = _codes([f"section-depth={min(len(u.section), 3)}" for u in kept])
        self.hedge = np.array([bool(u.hedge_cue) for u in kept], dtype=bool)
        self.ordinal = np.array([bool(u.ordinal_cue) for u in kept], dtype=bool)
        self.title = np.array([u.kind == "title" for u in kept], dtype=bool)
        paragraph = [u.paragraph for u in kept]
        self.has_paragraph = np.array([p is not None for p in paragraph], dtype=bool)
        self.paragraph = np.array([-1 if p is None else p for p in paragraph])
        self.first = np.array([p is not None and ctx.paragraph_first.get(p) == u.id for u, p in zip(kept, paragraph)],
                              dtype=bool)
        self.last = np.array([p is not None and ctx.paragraph_last.get(p) == u.id for u, p in zip(kept, paragraph)],
                             dtype=bool)
        self.alone = np.array([p is not None and ctx.paragraph_first.get(p) == ctx.paragraph_last.get(p)
                               for p in paragraph], dtype=bool)
        self.sizes, self.size = _codes([f"{CONTEXT}paragraph-units={_bucket(len(ctx.by_paragraph.get(p, ())), (1, 2, 3, 5, 8))}"
                                        if p is not None else "" for p in paragraph])
        sections: dict[tuple, int] = {}
        self.section = np.array([sections.setdefault(u.section, len(sections)) for u in kept])
        self.n_words = np.array(n_words)
        self.log_words = np.array(log_words, dtype=float)
        self.digit = np.array(digit, dtype=float)
        self.capital = np.array(capital, dtype=float)
        self.colon = np.array(colon, dtype=bool)
        self.stop = np.array(stop, dtype=bool)
        self.log_children = np.array([math.log1p(ctx.children.get(u.id, 0)) for u in kept], dtype=float)

    def matrix(self, index: dict[str, int], width: int) -> np.ndarray:
        """Every unit's row (in the order of ``ctx.kept``) over the features ``index`` names."""
        n = self.n
        x = np.zeros((n, width))
        if not n:
            return x

        def put(name: str, rows, values=1.0) -> None:
            column = index.get(name)
            if column is not None:
                x[:, column][rows] = values  # a column's view indexed alone: no two-axis fancy index

        def put_coded(names: list[str], codes: np.ndarray, rows: np.ndarray) -> None:
            """Row ``rows[i]`` gets the feature ``names[codes[i]]`` (none for a name of "")."""
            columns = np.array([index.get(name, -1) if name else -1 for name in names], dtype=int)[codes]
            known = columns >= 0
            x[rows[known], columns[known]] = 1.0

        everywhere = np.arange(n)
        put("bias", everywhere)
        put_coded([f"kind={k}" for k in self.kinds], self.kind, everywhere)
        put_coded([f"block={b}" for b in self.blocks], self.block, everywhere)
        put_coded([f"rule-type={t}" for t in self.rule_types], self.rule_type, everywhere)
        put_coded([f"rule={r}" for r in self.rules], self.rule, everywhere)
        if self.listed:  # the features few units have, set in one step
            rows, names, values = zip(*self.listed)
            columns = np.fromiter(map(index.get, names, repeat(-1, len(names))), dtype=np.int64, count=len(names))
            known = columns >= 0
            x[np.asarray(rows)[known], columns[known]] = np.asarray(values)[known]
        put("cue=hedge", self.hedge)
        put("ordinal", self.ordinal)
        put_coded(self.levels, self.level, everywhere)
        put_coded(self.depths, self.depth, everywhere)
        put("doc-position", everywhere, everywhere / max(1, n - 1))
        put("doc-first", everywhere == 0)
        put("doc-second", (everywhere == 1) & ~self.title)
        put("paragraph-first", self.first)
        put("paragraph-last", self.last)
        put("paragraph-alone", self.alone)
        put("log-words", everywhere, self.log_words)
        put("short", self.n_words <= 3)
        some = self.n_words > 0
        put("digit-share", some, self.digit[some])
        put("capital-share", some, self.capital[some])
        put("ends-colon", self.colon)
        put("no-final-stop", ~self.colon & ~self.stop)
        put("log-rule-children", everywhere, self.log_children)
        put_coded(self.sizes, self.size, everywhere)
        for step, edge, kind, block, rule_type, log_words, short, no_stop, same_paragraph, same_section in _SIDES:
            rows = everywhere[max(0, -step):n - max(0, step)]  # the units with a neighbour on this side
            other = rows + step
            put(edge, [0] if step < 0 else [n - 1])
            put_coded([kind + k for k in self.kinds], self.kind[other], rows)
            put_coded([block + b for b in self.blocks], self.block[other], rows)
            put_coded([rule_type + t for t in self.rule_types], self.rule_type[other], rows)
            put(log_words, rows, self.log_words[other])
            put(short, rows[self.n_words[other] <= 3])
            put(no_stop, rows[~self.colon[other] & ~self.stop[other]])
            put(same_paragraph, rows[self.has_paragraph[other] & (self.paragraph[other] == self.paragraph[rows])])
            put(same_section, rows[self.section[other] == self.section[rows]])
        return x
