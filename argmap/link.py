"""Linking: typed edges from each unit to the unit it serves, each licensed by a named rule.

The document's own structure comes first (headings, enumerations, lists), then the
paragraph (its lead sentence, conclusions, recommendations), then discourse markers
inside the paragraph. Every unit but the major claim gets exactly one primary edge;
attacks and second supports are extra edges on top of the tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from . import rules as R
from .cues import Lexicon
from .model import ArgumentMap, Citation, Edge, EdgeType, Node, NodeType, Unit, cited_notes, text_from_spans

__all__ = ["link", "link_evidence", "LINK_EVIDENCE_RULE", "LINK_CITATION_RULE"]

#: the rule that makes a linked source an evidence node, and the rule of its edge to the citing unit
LINK_EVIDENCE_RULE = R.LINKED_SOURCE.name
LINK_CITATION_RULE = R.LINK_CITATION.name


@dataclass
class _Linker:
    """The edges being built, indexed so that every step costs the same on a long document.

    Primary edges live in ``parent`` (one per unit, replaced in place); extra edges in
    ``extras``; ``_supports`` maps a unit id to the targets of its extra support edges.
    """

    lexicon: Lexicon
    major: Unit | None
    parent: dict[int, Edge] = field(default_factory=dict)
    extras: list[Edge] = field(default_factory=list)
    by_id: dict[str, Unit] = field(default_factory=dict)
    _extra_pairs: set[tuple[str, str]] = field(default_factory=set)
    _supports: dict[str, list[str]] = field(default_factory=dict)
    _primary_by_id: dict[str, Edge] = field(default_factory=dict)

    @property
    def edges(self) -> list[Edge]:
        return list(self.parent.values()) + self.extras

    def attach(self, unit: Unit, target: Unit | None, rule: R.Rule, cue: str | None = None,
               kind: EdgeType = EdgeType.SUPPORT) -> None:
        """Set (or replace) the unit's one primary edge."""
        if target is None or target is unit:
            return
        self.parent.pop(id(unit), None)
        edge = Edge(unit.id, target.id, kind, rule=rule.name, cue=cue, primary=True)
        self.parent[id(unit)] = edge
        self._primary_by_id[unit.id] = edge

    def extra(self, unit: Unit, target: Unit, rule: R.Rule, cue: str | None, kind: EdgeType) -> None:
        if target is unit or (unit.id, target.id) in self._extra_pairs:
            return
        primary = self.parent.get(id(unit))
        if primary is not None and primary.target == target.id:
            return
        if kind == EdgeType.SUPPORT and self._reaches(target, unit):
            return  # a second support must not close a cycle
        self.extras.append(Edge(unit.id, target.id, kind, rule=rule.name, cue=cue, primary=False))
        self._extra_pairs.add((unit.id, target.id))
        if kind == EdgeType.SUPPORT:
            self._supports.setdefault(unit.id, []).append(target.id)

    def _reaches(self, start: Unit, goal: Unit) -> bool:
        """Whether support edges lead from ``start`` to ``goal`` (costs what ``start`` reaches)."""
        seen, todo = set(), [start.id]
        while todo:
            current = todo.pop()
            if current == goal.id:
                return True
            if current in seen:
                continue
            seen.add(current)
            primary = self._primary_by_id.get(current)
            if primary is not None and primary.type == EdgeType.SUPPORT:
                todo.append(primary.target)
            todo.extend(self._supports.get(current, ()))
        return False

    def parent_unit(self, unit: Unit) -> Unit | None:
        edge = self.parent.get(id(unit))
        return self.by_id.get(edge.target) if edge else None

    def promote(self, unit: Unit, rule: R.Rule, cue: str | None = None) -> None:
        """Raise a premise to a claim (recommendations and evidence keep their type)."""
        if unit.type == NodeType.PREMISE:
            unit.type, unit.rule = NodeType.CLAIM, rule.name
            if cue:
                unit.cue = cue


@R.implements(R.HEADING_TO_PARENT, R.FOOTNOTE_CITATION, R.UNCITED_FOOTNOTE, R.FALLBACK_TO_THESIS)
def link(units: list[Unit], lexicon: Lexicon) -> list[Edge]:
    """Edges for the kept units (those with a type and not excluded), in a stable order."""
    kept = [u for u in units if u.type is not None and not u.excluded]
    kept_ids = {id(u) for u in kept}  # membership by identity: a Unit's == compares every field
    major = next((u for u in kept if u.type == NodeType.MAJOR_CLAIM), None)
    linker = _Linker(lexicon, major, by_id={u.id: u for u in kept})
    if major is None:
        return []

    section_claims: dict[tuple[str, ...], Unit] = {}

    def claim_for(path: tuple[str, ...]) -> Unit:
        for cut in range(len(path), 0, -1):
            found = section_claims.get(path[:cut])
            if found is not None:
                return found
        return major

    # Headings: each supports the nearest enclosing heading claim, else the thesis.
    body: list[Unit] = []
    claim_of: dict[int, Unit] = {}  # id(sentence) -> the claim of the section it stands in
    for unit in units:
        if unit.kind == "heading":
            path = unit.section + (unit.text,)
            # a later heading of the same path replaces the earlier one for what follows
            section_claims.pop(path, None)
            if unit.excluded:  # a generic heading: its sections' sentences serve the claim above
                continue
            if unit is not major:
                linker.attach(unit, claim_for(unit.section), R.HEADING_TO_PARENT)
            section_claims[path] = unit
            body.append(unit)
        elif unit.kind == "sentence" and id(unit) in kept_ids and unit is not major:
            claim_of[id(unit)] = claim_for(unit.section)
            body.append(unit)

    # Sentences, one run of a section at a time.
    sentences = [u for u in body if u.kind == "sentence"]
    for _, run_iter in groupby(sentences, key=lambda u: (u.section, id(claim_of[id(u)]))):
        run = list(run_iter)
        _link_run(linker, run, claim_of[id(run[0])])

    # Evidence: a footnote supports the sentence that cites it.
    citing: dict[str, list[Unit]] = {}
    last_kept: Unit | None = None
    for unit in units:
        if unit.kind in ("title", "heading", "sentence"):
            owner = unit if id(unit) in kept_ids else (last_kept if unit.kind == "sentence" else unit)
            if id(unit) in kept_ids:
                last_kept = unit
            for label in cited_notes(unit.citations):
                if owner is not None and id(owner) in kept_ids:
                    citing.setdefault(label, []).append(owner)
                else:
                    citing.setdefault(label, []).append(major)
    for unit in kept:
        if unit.kind != "footnote" or unit is major:
            continue
        targets = citing.get(unit.footnote or "", [])
        if not targets:
            linker.attach(unit, major, R.UNCITED_FOOTNOTE)
            continue
        linker.attach(unit, targets[0], R.FOOTNOTE_CITATION, cue=unit.footnote)
        for other in targets[1:]:
            linker.extra(unit, other, R.FOOTNOTE_CITATION, unit.footnote, EdgeType.SUPPORT)

    # Anything still without a place hangs from the thesis.
    for unit in kept:
        if unit is not major and id(unit) not in linker.parent:
            linker.attach(unit, major, R.FALLBACK_TO_THESIS)
    order = {u.id: i for i, u in enumerate(kept)}
    edges = linker.edges
    edges.sort(key=lambda e: (not e.primary, order.get(e.source, 0), order.get(e.target, 0)))
    return edges


def _link_run(linker: _Linker, run: list[Unit], claim: Unit) -> None:
    """Link the sentences of one section run: lists, then enumerations, then paragraphs."""
    done: set[int] = set()
    _link_lists(linker, run, claim, done)
    _link_enumerations(linker, run, claim, done)
    paragraphs = [list(g) for _, g in groupby(run, key=lambda u: u.paragraph)]
    previous: list[Unit] | None = None
    major = linker.major
    for para in paragraphs:
        rest = [u for u in para if id(u) not in done]
        if rest and major is not None and major.kind == "sentence" and major.paragraph == rest[0].paragraph:
            _link_thesis_paragraph(linker, rest, major)
            previous = rest
        elif rest:
            _link_paragraph(linker, rest, claim, previous)
            previous = rest
        elif para:
            previous = para  # a paragraph of list or enumeration items is still the one before


@R.implements(R.LIST_INTRODUCER, R.INTRODUCER_TO_SECTION, R.LIST_ITEM, R.ELABORATES_ITEM, R.RECOMMENDATION_TO_THESIS)
def _link_lists(linker: _Linker, run: list[Unit], claim: Unit, done: set[int]) -> None:
    """Bulleted and numbered items are premises of the sentence that introduces the list."""
    index = 0
    while index < len(run):
        if run[index].block_kind != "list_item":
            index += 1
            continue
        end = index
        while end < len(run) and run[end].block_kind == "list_item":
            end += 1
        items = run[index:end]
        introducer = run[index - 1] if index > 0 and id(run[index - 1]) not in done else None
        if introducer is not None and introducer.type == NodeType.RECOMMENDATION:
            head = introducer
        elif introducer is not None:
            linker.promote(introducer, R.LIST_INTRODUCER)
            linker.attach(introducer, claim, R.INTRODUCER_TO_SECTION)
            done.add(id(introducer))
            head = introducer
        else:
            head = claim
        stack: list[tuple[int, Unit]] = []  # (indent, first sentence of the item)
        for _, item_iter in groupby(items, key=lambda u: u.paragraph):
            item = list(item_iter)
            first = item[0]
            while stack and stack[-1][0] >= first.level:
                stack.pop()
            parent = stack[-1][1] if stack else head
            if first.type == NodeType.RECOMMENDATION:
                linker.attach(first, linker.major, R.RECOMMENDATION_TO_THESIS, first.cue)
            else:
                linker.attach(first, parent, R.LIST_ITEM, first.list_marker)
            done.add(id(first))
            for other in item[1:]:
                _attach_sentence(linker, other, first, R.ELABORATES_ITEM)
                done.add(id(other))
            stack.append((first.level, first))
        index = end


@R.implements(R.RECOMMENDATION_TO_THESIS)
def _attach_sentence(linker: _Linker, unit: Unit, default: Unit, rule: R.Rule, cue: str | None = None) -> None:
    if unit.type == NodeType.RECOMMENDATION:
        linker.attach(unit, linker.major, R.RECOMMENDATION_TO_THESIS, unit.cue)
    else:
        linker.attach(unit, default, rule, cue)


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


@R.implements(R.ENUMERATION_INTRODUCER, R.INTRODUCER_TO_SECTION, R.ENUMERATION_ITEM, R.ELABORATES_ITEM)
def _link_enumerations(linker: _Linker, run: list[Unit], claim: Unit, done: set[int]) -> None:
    """Items of "First … Fourth" are premises of the sentence before the first item."""
    where = {id(u): i for i, u in enumerate(run)}
    for items in _sequences(run, done):
        start = where[id(items[0])]
        introducer = run[start - 1] if start > 0 and id(run[start - 1]) not in done else None
        if introducer is not None and introducer.type != NodeType.RECOMMENDATION:
            linker.promote(introducer, R.ENUMERATION_INTRODUCER)
            linker.attach(introducer, claim, R.INTRODUCER_TO_SECTION)
            done.add(id(introducer))
            head = introducer
        else:
            head = claim
        for n, item in enumerate(items):
            _attach_sentence(linker, item, head, R.ENUMERATION_ITEM, item.ordinal_cue)
            done.add(id(item))
            begin = where[id(item)] + 1
            if n + 1 < len(items):
                end = where[id(items[n + 1])]
            else:  # the last item reaches to the end of its paragraph
                end = begin
                while end < len(run) and run[end].paragraph == item.paragraph:
                    end += 1
            for other in run[begin:end]:
                if id(other) not in done:
                    _attach_sentence(linker, other, item, R.ELABORATES_ITEM)
                    done.add(id(other))


@R.implements(R.THESIS_STATEMENT, R.RECOMMENDATION_TO_THESIS, R.MOTIVATES_RECOMMENDATION, R.CONCLUSION_MARKER,
              R.CONCLUSION_TO_SECTION, R.PREMISE_OF_CONCLUSION, R.ELABORATES_RECOMMENDATION, R.ELABORATES_CONCLUSION,
              R.PARAGRAPH_LEAD, R.CONTRAST_OPENS_PARAGRAPH, R.PARAGRAPH_ELABORATION)
def _link_paragraph(linker: _Linker, para: list[Unit], claim: Unit, previous: list[Unit] | None) -> None:
    """One paragraph: conclusions and recommendations gather what precedes them; else the lead leads."""
    lexicon = linker.lexicon
    theses = {id(u) for u in para if u.type == NodeType.PREMISE and lexicon.is_thesis(u.text)}
    for unit in para:
        if id(unit) in theses:
            # "This brief argues that …" under a title: the thesis in the writer's words, a claim for the title
            linker.promote(unit, R.THESIS_STATEMENT)
            linker.attach(unit, linker.major, R.THESIS_STATEMENT)
    para = [u for u in para if id(u) not in theses]
    if not para:
        return
    if para[0].type == NodeType.PREMISE and lexicon.objection(para[0].text):
        _link_objection(linker, para, claim)
        return
    segment: list[Unit] = []  # sentences since the last conclusion or recommendation
    head: Unit | None = None  # the last conclusion or recommendation
    lead: Unit | None = None
    for position, unit in enumerate(para):
        conclusion = unit.marker("conclusion")
        if unit.type == NodeType.RECOMMENDATION:
            linker.attach(unit, linker.major, R.RECOMMENDATION_TO_THESIS, unit.cue)
            for index, member in enumerate(segment):
                _attach_member(linker, member, unit, R.MOTIVATES_RECOMMENDATION, segment, index)
            segment, head = [], unit
            continue
        if conclusion is not None:
            linker.promote(unit, R.CONCLUSION_MARKER, conclusion.cue)
            linker.attach(unit, claim, R.CONCLUSION_TO_SECTION, conclusion.cue)
            if segment:
                for index, member in enumerate(segment):
                    _attach_member(linker, member, unit, R.PREMISE_OF_CONCLUSION, segment, index)
            elif head is not None and head.type != NodeType.RECOMMENDATION:
                linker.attach(head, unit, R.PREMISE_OF_CONCLUSION, conclusion.cue)
            elif position == 0 and previous:
                prior = previous[0]
                if linker.parent_unit(prior) is claim and prior.type != NodeType.RECOMMENDATION:
                    linker.attach(prior, unit, R.PREMISE_OF_CONCLUSION, conclusion.cue)
            segment, head = [], unit
            continue
        if head is not None:
            _attach_marked(linker, unit, head, (R.ELABORATES_RECOMMENDATION if head.type == NodeType.RECOMMENDATION else R.ELABORATES_CONCLUSION), segment)
            segment.append(unit)
            continue
        if lead is None:
            lead = unit
            linker.attach(unit, claim, R.PARAGRAPH_LEAD)
            opener = unit.marker("contrast", "concession")
            if opener is not None and previous and not lexicon.is_subordinate_concession(opener.cue):
                target = previous[-1]
                linker.promote(unit, R.CONTRAST_OPENS_PARAGRAPH, opener.cue)
                linker.extra(unit, target, R.CONTRAST_OPENS_PARAGRAPH, opener.cue, EdgeType.ATTACK)
            segment.append(unit)
            continue
        _attach_marked(linker, unit, lead, R.PARAGRAPH_ELABORATION, segment)
        segment.append(unit)


@R.implements(R.OBJECTION_TO_SECTION, R.RECOMMENDATION_TO_THESIS, R.REBUTTAL_OF_OBJECTION, R.ELABORATES_REBUTTAL,
              R.ELABORATES_OBJECTION)
def _link_objection(linker: _Linker, para: list[Unit], claim: Unit) -> None:
    """A paragraph that opens with an opposing voice ("Critics argue …", "However, some say …").

    The objection attacks the claim of its section; a later sentence that turns on it ("But …",
    "This view ignores …") rebuts it, attacking the objection; the rest elaborate the objection.
    """
    lexicon = linker.lexicon
    objection = para[0]
    linker.attach(objection, claim, R.OBJECTION_TO_SECTION, lexicon.objection(objection.text), kind=EdgeType.ATTACK)
    rebuttal: Unit | None = None
    for unit in para[1:]:
        if unit.type == NodeType.RECOMMENDATION:
            linker.attach(unit, linker.major, R.RECOMMENDATION_TO_THESIS, unit.cue)
            continue
        turn = unit.marker("contrast", "concession")
        reference = lexicon.view_reference(unit.text)
        if rebuttal is None and (reference or (turn is not None and not lexicon.is_subordinate_concession(turn.cue))):
            rebuttal = unit
            linker.attach(unit, objection, R.REBUTTAL_OF_OBJECTION, reference or turn.cue, kind=EdgeType.ATTACK)
        elif rebuttal is not None:
            _attach_marked(linker, unit, rebuttal, R.ELABORATES_REBUTTAL, [rebuttal])
        else:
            _attach_marked(linker, unit, objection, R.ELABORATES_OBJECTION, [objection])


@R.implements(R.CONCESSION_AGAINST_THESIS, *R.AGAINST_PREVIOUS.values(), *R.MARKER_RULES.values(), R.ADDITION_MARKER,
              R.OBJECTION_TO_THESIS, R.SUPPORTS_THESIS)
def _link_thesis_paragraph(linker: _Linker, para: list[Unit], thesis: Unit) -> None:
    """The paragraph that states the thesis itself (a short text with no title).

    The thesis leads: an unmarked sentence supports it, unless the next sentence turns
    against it ("But …", "Nevertheless …"), which makes it an objection that attacks the
    thesis. "But"/"however" and "nevertheless" attack the sentence before; "although"
    and a granting opener ("Admittedly", "Of course") attack the thesis; a reason or an
    example ("because", "for example") supports the sentence before; an addition
    ("moreover", "also") stands beside the sentence before, serving what it serves.
    """
    lexicon = linker.lexicon
    order = sorted(para + [thesis], key=lambda u: u.spans[0][0] if u.spans else 0)

    def turns(unit: Unit | None) -> bool:
        if unit is None or lexicon.concessive_opener(unit.text):
            return False
        hit = unit.marker("contrast", "concession")
        return hit is not None and not lexicon.is_subordinate_concession(hit.cue)

    for index, unit in enumerate(order):
        if unit is thesis:
            continue
        prev = order[index - 1] if index > 0 else None
        following = order[index + 1] if index + 1 < len(order) else None
        marker = unit.marker("cause", "example", "addition", "contrast", "concession", "conclusion")
        opener = lexicon.concessive_opener(unit.text)
        if opener or (marker is not None and marker.role == "concession" and lexicon.is_subordinate_concession(marker.cue)):
            linker.attach(unit, thesis, R.CONCESSION_AGAINST_THESIS, opener or marker.cue, kind=EdgeType.ATTACK)
        elif marker is not None and marker.role in ("contrast", "concession"):
            linker.attach(unit, prev or thesis, R.AGAINST_PREVIOUS[marker.role], marker.cue, kind=EdgeType.ATTACK)
        elif marker is not None and marker.role in ("cause", "example") and prev is not None:
            linker.attach(unit, prev, R.MARKER_RULES[marker.role], marker.cue)
        elif marker is not None and marker.role == "addition" and prev is not None and prev is not thesis:
            sibling = linker.parent.get(id(prev))
            target = linker.by_id.get(sibling.target) if sibling else None
            linker.attach(unit, target or thesis, R.ADDITION_MARKER, marker.cue,
                          kind=sibling.type if sibling else EdgeType.SUPPORT)
        elif turns(following) or (marker is None and lexicon.attributed_view(unit.text)):
            linker.attach(unit, thesis, R.OBJECTION_TO_THESIS, kind=EdgeType.ATTACK)
        else:
            linker.attach(unit, thesis, R.SUPPORTS_THESIS, marker.cue if marker is not None else None)


@R.implements(*R.MARKER_RULES.values())
def _attach_member(linker: _Linker, member: Unit, head: Unit, rule: R.Rule, segment: list[Unit], index: int) -> None:
    """A sentence gathered under a conclusion or recommendation (``segment[index]``), unless a marker ties it closer."""
    marker = member.marker("cause", "example")
    if marker is not None and index > 0:
        linker.attach(member, segment[index - 1], R.MARKER_RULES[marker.role], marker.cue)
    else:
        linker.attach(member, head, rule)


@R.implements(*R.MARKER_RULES.values(), R.ADDITION_MARKER, R.CONTRAST_AGAINST_REPORTED_VIEW, R.CONTRAST_WITHIN_PARAGRAPH,
              R.CONCESSION_MARKER)
def _attach_marked(linker: _Linker, unit: Unit, default: Unit, rule: R.Rule, before: list[Unit]) -> None:
    """A sentence inside a paragraph: its opening marker decides, else it elaborates ``default``."""
    prev = before[-1] if before else default
    marker = unit.marker("cause", "example", "addition", "contrast", "concession")
    if marker is None:
        linker.attach(unit, default, rule)
        return
    if marker.role in ("cause", "example"):
        linker.attach(unit, prev, R.MARKER_RULES[marker.role], marker.cue)
    elif marker.role == "addition":
        sibling_parent = linker.parent_unit(prev) if prev is not default else None
        linker.attach(unit, sibling_parent or default, R.ADDITION_MARKER, marker.cue)
    elif marker.role == "contrast":
        view = linker.lexicon.attributed_view(prev.text)
        if view:
            linker.attach(unit, prev, R.CONTRAST_AGAINST_REPORTED_VIEW, marker.cue, kind=EdgeType.ATTACK)
        else:
            linker.attach(unit, default, R.CONTRAST_WITHIN_PARAGRAPH, marker.cue)
    elif linker.lexicon.is_subordinate_concession(marker.cue):
        linker.attach(unit, default, rule, marker.cue)
    else:  # "Nevertheless, …": concedes the sentence before and stands against it
        linker.promote(unit, R.CONCESSION_MARKER, marker.cue)
        linker.attach(unit, linker.parent_unit(default) or default, R.CONCESSION_MARKER, marker.cue)
        linker.extra(unit, prev, R.CONCESSION_MARKER, marker.cue, EdgeType.ATTACK)


@R.implements(R.LINKED_SOURCE, R.LINK_CITATION)
def link_evidence(amap: ArgumentMap) -> list[Node]:
    """Make each linked source an evidence node that supports the unit citing it; returns the new nodes.

    A web brief cites by hyperlink where a printed one cites by footnote: as a footnote's body
    becomes evidence under the sentence that cites it, so here does each link target. One node
    per target: its text is the anchor words where the link first stands (the spans of the
    citing unit inside them; a link without anchor words has its target as text and no spans),
    its rule ``linked-source``, its cue the target, and the link itself its one citation. Its
    primary edge goes to the first unit citing the target and a second support to each other
    one, both with rule ``link-citation`` and the target as cue. Links inside evidence (a
    footnote's own links) are not made nodes: the note is the source already. A map that has
    its link-evidence nodes already gains none again.
    """
    taken = {n.id for n in amap.nodes}
    have = {n.cue for n in amap.nodes if n.rule == LINK_EVIDENCE_RULE}
    made: dict[str, Node] = {}
    primary: list[Edge] = []
    extra: list[Edge] = []
    counter = 0
    for node in sorted(amap.nodes, key=lambda n: n.spans[0][0] if n.spans else -1):
        if node.type == NodeType.EVIDENCE:
            continue
        for citation in node.links:
            target = citation.target or ""
            if not target or target in have:
                continue
            evidence = made.get(target)
            if evidence is None:
                counter += 1
                while f"L{counter}" in taken:
                    counter += 1
                spans = _anchor_spans(node, citation)
                text = text_from_spans(amap.source_text, spans) if spans else ""
                if not text:
                    spans, text = [], target
                evidence = Node(id=f"L{counter}", type=NodeType.EVIDENCE, text=text, spans=spans,
                                section=node.section, paragraph=node.paragraph, rule=LINK_EVIDENCE_RULE,
                                cue=target, citations=[citation])
                taken.add(evidence.id)
                made[target] = evidence
                primary.append(Edge(evidence.id, node.id, EdgeType.SUPPORT, rule=LINK_CITATION_RULE, cue=target))
            elif all(e.target != node.id for e in primary + extra if e.source == evidence.id):
                extra.append(Edge(evidence.id, node.id, EdgeType.SUPPORT, rule=LINK_CITATION_RULE, cue=target,
                                  primary=False))
    if not made:
        return []
    amap.nodes = amap.nodes + list(made.values())
    amap.edges = [e for e in amap.edges if e.primary] + primary + [e for e in amap.edges if not e.primary] + extra
    return list(made.values())


def _anchor_spans(node: Node, citation: Citation) -> list:
    """The pieces of the citing unit's text that lie inside the link's anchor words (markup stays out)."""
    if citation.span is None:
        return []
    a, b = citation.span
    return [(max(a, s), min(b, e)) for s, e in node.spans if max(a, s) < min(b, e)]
