"""The document's layout as the argument reads it: the claim each section serves, and in each run of
sentences its lists, enumerations and paragraphs.

Found once, after every unit has the type its own words give it and the major claim is chosen:
classification reads it to raise the sentences that introduce a list or an enumeration, state the
thesis, conclude or turn against what came before to claims; linking places the edges along it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from . import rules as R
from .cues import Lexicon
from .model import NodeType, Unit

__all__ = ["Layout", "Run", "Block", "Item", "Paragraph", "find_layout", "LIST", "ENUMERATION",
           "THESIS", "OBJECTION", "PLAIN"]

LIST, ENUMERATION = "list", "enumeration"
THESIS, OBJECTION, PLAIN = "thesis", "objection", "plain"


@dataclass
class Item:
    """An item of a list or an enumeration: its first sentence, what it serves, and the sentences after it."""

    first: Unit
    parent: Unit  # the item it nests under, else the block's head
    rest: list[Unit] = field(default_factory=list)


@dataclass
class Block:
    """A bulleted or numbered list, or an enumeration ("First … Second …").

    ``introducer`` is the sentence before it that announces it (a claim), if there is one and it is
    not a recommendation; ``head`` is what the items serve: that sentence, else the section's claim.
    """

    kind: str  # LIST | ENUMERATION
    introducer: Unit | None
    head: Unit
    items: list[Item] = field(default_factory=list)


@dataclass
class Paragraph:
    """A paragraph's sentences outside lists and enumerations, and how it argues.

    ``kind`` is THESIS (it states the major claim: a text with no title), OBJECTION (it opens with an
    opposing voice) or PLAIN. ``theses`` are the sentences that state the thesis under a title ("This
    brief argues that …"), taken out of ``units``; ``previous`` is the paragraph before in the run.
    """

    kind: str
    units: list[Unit]
    previous: list[Unit] | None = None
    theses: list[Unit] = field(default_factory=list)
    lead: Unit | None = None  # PLAIN: the opening sentence, unless it recommends or concludes
    objection_cue: str | None = None  # OBJECTION: the words of the opposing voice
    rebuttal: Unit | None = None  # OBJECTION: the sentence that turns on the objection
    rebuttal_cue: str | None = None
    chained: bool = False  # the text's paragraph breaks are lost (``Layout.lost_paragraphs``)


@dataclass
class Run:
    """Consecutive sentences of one section that serve the same claim."""

    claim: Unit
    blocks: list[Block] = field(default_factory=list)  # the lists, then the enumerations
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Layout:
    major: Unit | None
    headings: list[tuple[Unit, Unit]] = field(default_factory=list)  # (heading, the claim it serves)
    runs: list[Run] = field(default_factory=list)
    #: every paragraph is one sentence: the breaks were put between sentences, not between paragraphs
    lost_paragraphs: bool = False


def find_layout(units: list[Unit], lexicon: Lexicon) -> Layout:
    """The layout of the kept units (those with a type and not excluded), in reading order."""
    kept_ids = {id(u) for u in units if u.type is not None and not u.excluded}  # by identity: == compares fields
    major = next((u for u in units if id(u) in kept_ids and u.type == NodeType.MAJOR_CLAIM), None)
    layout = Layout(major)
    if major is None:
        return layout

    section_claims: dict[tuple[str, ...], Unit] = {}

    def claim_for(path: tuple[str, ...]) -> Unit:
        for cut in range(len(path), 0, -1):
            found = section_claims.get(path[:cut])
            if found is not None:
                return found
        return major

    # Headings: each serves the nearest enclosing heading claim, else the thesis.
    sentences: list[Unit] = []
    claim_of: dict[int, Unit] = {}  # id(sentence) -> the claim of the section it stands in
    # a sentence that only announces what follows ("Here are four.") is no unit: the first sentence after
    # it is told what it pointed at, the kept sentence before it (``_pointed``)
    pointed: dict[int, Unit | None] = {}
    kept_before: Unit | None = None
    connector = False
    for unit in units:
        if unit.kind == "sentence" and unit.excluded == R.LIST_CONNECTOR.name:
            connector = True
        elif unit.kind == "heading":
            kept_before, connector = None, False
        elif unit.kind == "sentence" and id(unit) in kept_ids:
            if connector:
                pointed[id(unit)] = kept_before
            kept_before, connector = unit, False
    for unit in units:
        if unit.kind == "heading":
            path = unit.section + (unit.text,)
            # a later heading of the same path replaces the earlier one for what follows
            section_claims.pop(path, None)
            if unit.excluded:  # a generic heading: its sections' sentences serve the claim above
                continue
            if unit is not major:
                layout.headings.append((unit, claim_for(unit.section)))
            section_claims[path] = unit
        elif unit.kind == "sentence" and id(unit) in kept_ids and unit is not major:
            claim_of[id(unit)] = claim_for(unit.section)
            sentences.append(unit)

    layout.lost_paragraphs = paragraph_breaks_lost(sentences)
    for _, run_iter in groupby(sentences, key=lambda u: (u.section, id(claim_of[id(u)]))):
        run = list(run_iter)
        layout.runs.append(_run(run, claim_of[id(run[0])], major, lexicon, layout.lost_paragraphs, pointed))
    return layout


#: how many paragraphs a text needs before its paragraphing is judged, and the share of them that must
#: be single sentences for the breaks to count as lost
LOST_MIN_PARAGRAPHS, LOST_SHARE = 12, 0.9


def paragraph_breaks_lost(sentences: list[Unit]) -> bool:
    """Whether (nearly) every paragraph of running text is one sentence: a scraper or converter that
    put a break after each sentence. Such breaks say nothing of where a point starts and ends."""
    sizes: dict[int, int] = {}
    for unit in sentences:
        if unit.block_kind == "paragraph" and unit.paragraph is not None:
            sizes[unit.paragraph] = sizes.get(unit.paragraph, 0) + 1
    if len(sizes) < LOST_MIN_PARAGRAPHS:
        return False
    return sum(1 for n in sizes.values() if n == 1) >= LOST_SHARE * len(sizes)


def _pointed(run: list[Unit], index: int, done: set[int], pointed: dict[int, Unit | None] | None,
             major: Unit | None) -> tuple[bool, Unit | None]:
    """What a list or an enumeration opening at ``run[index]`` serves when a sentence that only announces
    it stands before it ("There are three reasons for this."): (True, the sentence the announcement points
    at, or the major claim, or None for the section's claim); (False, None) when no announcement stands there."""
    if pointed is None or id(run[index]) not in pointed:
        return False, None
    before = pointed[id(run[index])]
    if before is not None and before is major:
        return True, major
    if before is not None and index > 0 and run[index - 1] is before and id(before) not in done:
        return True, before
    return True, None


def _run(run: list[Unit], claim: Unit, major: Unit, lexicon: Lexicon, chained: bool = False,
         pointed: dict[int, Unit | None] | None = None) -> Run:
    """Lists first, then enumerations among what is left, then the paragraphs of what is left."""
    done: set[int] = set()
    found = Run(claim, _lists(run, claim, done, pointed, major) + _enumerations(run, claim, done, pointed, major))
    previous: list[Unit] | None = None
    for _, para_iter in groupby(run, key=lambda u: u.paragraph):
        para = list(para_iter)
        rest = [u for u in para if id(u) not in done]
        if rest and major.kind == "sentence" and major.paragraph == rest[0].paragraph:
            found.paragraphs.append(Paragraph(THESIS, rest, previous))
            previous = rest
        elif rest:
            found.paragraphs.append(_paragraph(rest, previous, lexicon))
            found.paragraphs[-1].chained = chained
            previous = rest
        else:
            previous = para  # a paragraph of list or enumeration items is still the one before
    return found


def _lists(run: list[Unit], claim: Unit, done: set[int], pointed: dict[int, Unit | None] | None = None,
           major: Unit | None = None) -> list[Block]:
    """Bulleted and numbered items, nested by indent, under the sentence that introduces the list."""
    blocks: list[Block] = []
    index = 0
    while index < len(run):
        if run[index].block_kind != "list_item":
            index += 1
            continue
        end = index
        while end < len(run) and run[end].block_kind == "list_item":
            end += 1
        announced, before = _pointed(run, index, done, pointed, major)
        introducer = run[index - 1] if index > 0 and id(run[index - 1]) not in done else None
        if announced and (before is None or before is major):
            block = Block(LIST, None, before or claim)  # "Consider the following:" after the thesis or a heading
        elif introducer is not None and introducer.type == NodeType.RECOMMENDATION:
            block = Block(LIST, None, introducer)  # the items serve the recommendation, which stays one
        elif introducer is not None:
            done.add(id(introducer))
            block = Block(LIST, introducer, introducer)
        else:
            block = Block(LIST, None, claim)
        stack: list[tuple[int, Unit]] = []  # (indent, first sentence of the item)
        for _, item_iter in groupby(run[index:end], key=lambda u: u.paragraph):
            item = list(item_iter)
            first = item[0]
            while stack and stack[-1][0] >= first.level:
                stack.pop()
            block.items.append(Item(first, stack[-1][1] if stack else block.head, item[1:]))
            done.update(id(u) for u in item)
            stack.append((first.level, first))
        blocks.append(block)
        index = end
    return blocks


def _sequences(run: list[Unit], done: set[int]) -> list[list[Unit]]:
    """Ordinal sequences ("First … Second … Finally") of two items or more, in order."""
    sequences: list[list[Unit]] = []
    current: list[Unit] = []
    for unit in run:
        if id(unit) in done or not unit.ordinal_cue:
            continue
        value = unit.ordinal
        if value == 1 or not current:
            if value is None:  # "Finally" with nothing before it is no enumeration
                continue
            if len(current) >= 2:
                sequences.append(current)
            current = [unit]
        elif value is None or value > (current[-1].ordinal or 0):
            if current[-1].ordinal is None:  # nothing follows "Finally"
                if len(current) >= 2:
                    sequences.append(current)
                current = [unit] if value else []
                continue
            current.append(unit)
        else:
            if len(current) >= 2:
                sequences.append(current)
            current = [unit]
    if len(current) >= 2:
        sequences.append(current)
    return sequences


def _enumerations(run: list[Unit], claim: Unit, done: set[int], pointed: dict[int, Unit | None] | None = None,
                  major: Unit | None = None) -> list[Block]:
    """Items of "First … Fourth" under the sentence before the first (the one an announcement before the
    first points at); each item reaches to the next."""
    where = {id(u): i for i, u in enumerate(run)}
    blocks: list[Block] = []
    for items in _sequences(run, done):
        start = where[id(items[0])]
        announced, before = _pointed(run, start, done, pointed, major)
        introducer = run[start - 1] if start > 0 and id(run[start - 1]) not in done else None
        if announced and (before is None or before is major):
            block = Block(ENUMERATION, None, before or claim)
        elif introducer is not None and introducer.type != NodeType.RECOMMENDATION:
            done.add(id(introducer))
            block = Block(ENUMERATION, introducer, introducer)
        else:
            block = Block(ENUMERATION, None, claim)
        for n, first in enumerate(items):
            done.add(id(first))
            begin = where[id(first)] + 1
            if n + 1 < len(items):
                end = where[id(items[n + 1])]
            else:  # the last item reaches to the end of its paragraph
                end = begin
                while end < len(run) and run[end].paragraph == first.paragraph:
                    end += 1
            rest = [u for u in run[begin:end] if id(u) not in done]
            done.update(id(u) for u in rest)
            block.items.append(Item(first, block.head, rest))
        blocks.append(block)
    return blocks


def _paragraph(rest: list[Unit], previous: list[Unit] | None, lexicon: Lexicon) -> Paragraph:
    """A paragraph that does not state the major claim: its thesis statements, and whether it objects."""
    theses = [u for u in rest if u.type == NodeType.PREMISE and lexicon.is_thesis(u.text)]
    units = [u for u in rest if not any(u is t for t in theses)]
    if units and units[0].type == NodeType.PREMISE and (cue := lexicon.objection(units[0].text)):
        para = Paragraph(OBJECTION, units, previous, theses, objection_cue=cue)
        for unit in units[1:]:
            if unit.type == NodeType.RECOMMENDATION:
                continue
            turn = unit.marker("contrast", "concession")
            reference = lexicon.view_reference(unit.text)
            if reference or (turn is not None and not lexicon.is_subordinate_concession(turn.cue)):
                para.rebuttal, para.rebuttal_cue = unit, reference or turn.cue
                break
        return para
    lead = units[0] if units and units[0].type != NodeType.RECOMMENDATION and units[0].marker("conclusion") is None else None
    return Paragraph(PLAIN, units, previous, theses, lead=lead)
