"""Linking: typed edges from each unit to the unit it serves, each licensed by a named rule.

The document's own structure comes first (headings, enumerations, lists: the layout that
classification found), then the paragraph (its lead sentence, conclusions, recommendations),
then discourse markers inside the paragraph. Every unit but the major claim gets exactly one
primary edge; attacks and second supports are extra edges on top of the tree. Linking only adds
edges: every unit's type, and the rule that gave it, are classification's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import rules as R
from .cues import Lexicon
from .lang.words import topic_words
from .layout import LIST, OBJECTION, THESIS, Layout, Paragraph, Run
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
    _topic_words: dict[str, set[str]] = field(default_factory=dict)

    @property
    def edges(self) -> list[Edge]:
        return list(self.parent.values()) + self.extras

    def topic_words(self, unit: Unit) -> set[str]:
        """The unit's topic words, found once: a paragraph's lead and each sentence are asked again by
        every sentence after them."""
        words = self._topic_words.get(unit.id)
        if words is None:
            words = self._topic_words[unit.id] = topic_words(unit.text, self.lexicon.language)
        return words

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


@R.implements(R.HEADING_TO_PARENT, R.HEADING_EXTENDS_HEADING, R.FOOTNOTE_CITATION, R.UNCITED_FOOTNOTE, R.PLACED_FOOTNOTE,
              R.ORDERED_FOOTNOTE)
def link(units: list[Unit], lexicon: Lexicon, layout: Layout) -> list[Edge]:
    """Edges for the kept units (those with a type and not excluded), in a stable order.

    ``layout`` is the one ``classify`` returned for these units.
    """
    kept = [u for u in units if u.type is not None and not u.excluded]
    kept_ids = {id(u) for u in kept}  # membership by identity: a Unit's == compares every field
    major = layout.major
    linker = _Linker(lexicon, major, by_id={u.id: u for u in kept})
    if major is None:
        return []

    # Headings: each supports the nearest enclosing heading claim, else the thesis; a sub-heading known
    # by its wording alone (cleaning nested it) says so when it hangs from the heading it extends.
    for heading, claim in layout.headings:
        extends = heading.extends is not None and claim.kind == "heading" and claim.text == heading.extends
        linker.attach(heading, claim, R.HEADING_EXTENDS_HEADING if extends else R.HEADING_TO_PARENT)

    # Sentences, one run of a section at a time.
    for run in layout.runs:
        _link_run(linker, run)

    # Evidence: a footnote supports the sentence that cites it.
    citing: dict[str, list[Unit]] = {}
    placed: dict[str, str] = {}  # a note no marker cites: how ``segment`` placed it
    last_kept: Unit | None = None
    for unit in units:
        if unit.kind in ("title", "heading", "sentence"):
            owner = unit if id(unit) in kept_ids else (last_kept if unit.kind == "sentence" else unit)
            if id(unit) in kept_ids:
                last_kept = unit
            for citation in unit.citations:
                if citation.kind != "footnote" or citation.label is None:
                    continue
                if citation.placed is not None:
                    placed[citation.label] = citation.placed
                if owner is not None and id(owner) in kept_ids:
                    citing.setdefault(citation.label, []).append(owner)
                else:
                    citing.setdefault(citation.label, []).append(major)
    for unit in kept:
        if unit.kind != "footnote" or unit is major:
            continue
        targets = citing.get(unit.footnote or "", [])
        if not targets:
            linker.attach(unit, major, R.UNCITED_FOOTNOTE)
            continue
        how = placed.get(unit.footnote or "")
        if how is not None:
            words = how.partition(": ")[2]
            if words:
                linker.attach(unit, targets[0], R.PLACED_FOOTNOTE, cue=f"unmarked footnote {unit.footnote}, placed by word overlap: {words}")
            else:
                linker.attach(unit, targets[0], R.ORDERED_FOOTNOTE, cue=f"unmarked footnote {unit.footnote}, placed by order only")
            continue
        linker.attach(unit, targets[0], R.FOOTNOTE_CITATION, cue=unit.footnote)
        for other in targets[1:]:
            linker.extra(unit, other, R.FOOTNOTE_CITATION, unit.footnote, EdgeType.SUPPORT)

    order = {u.id: i for i, u in enumerate(kept)}
    edges = linker.edges
    edges.sort(key=lambda e: (not e.primary, order.get(e.source, 0), order.get(e.target, 0)))
    return edges


@R.implements(R.INTRODUCER_TO_SECTION, R.LIST_ITEM, R.ENUMERATION_ITEM, R.ELABORATES_ITEM, R.RECOMMENDATION_TO_THESIS)
def _link_run(linker: _Linker, run: Run) -> None:
    """Link the sentences of one section run: lists, then enumerations, then paragraphs."""
    for block in run.blocks:
        if block.introducer is not None:
            linker.attach(block.introducer, run.claim, R.INTRODUCER_TO_SECTION)
        for item in block.items:
            first = item.first
            if block.kind != LIST:
                _attach_sentence(linker, first, item.parent, R.ENUMERATION_ITEM, first.ordinal_cue)
            elif first.type == NodeType.RECOMMENDATION:
                linker.attach(first, linker.major, R.RECOMMENDATION_TO_THESIS, first.cue)
            else:
                linker.attach(first, item.parent, R.LIST_ITEM, first.list_marker)
            for other in item.rest:
                _attach_sentence(linker, other, first, R.ELABORATES_ITEM)
    for para in run.paragraphs:
        if para.kind == THESIS:
            _link_thesis_paragraph(linker, para.units, linker.major)
        else:
            _link_paragraph(linker, para, run.claim)


@R.implements(R.RECOMMENDATION_TO_THESIS)
def _attach_sentence(linker: _Linker, unit: Unit, default: Unit, rule: R.Rule, cue: str | None = None) -> None:
    if unit.type == NodeType.RECOMMENDATION:
        linker.attach(unit, linker.major, R.RECOMMENDATION_TO_THESIS, unit.cue)
    else:
        linker.attach(unit, default, rule, cue)


@R.implements(R.THESIS_STATEMENT, R.RECOMMENDATION_TO_THESIS, R.MOTIVATES_RECOMMENDATION, R.CONCLUSION_TO_SECTION,
              R.PREMISE_OF_CONCLUSION, R.ELABORATES_RECOMMENDATION, R.ELABORATES_CONCLUSION, R.PARAGRAPH_LEAD,
              R.CONTRAST_OPENS_PARAGRAPH, R.PARAGRAPH_ELABORATION, R.CONTINUES_PREVIOUS)
def _link_paragraph(linker: _Linker, para: Paragraph, claim: Unit) -> None:
    """One paragraph: conclusions gather what precedes them, a recommendation the one sentence just
    before it; else the lead leads.

    Which sentences conclude or turn against the paragraph before, classification has said (their rule).
    """
    for unit in para.theses:
        # "This brief argues that …" under a title: the thesis in the writer's words, a claim for the title
        linker.attach(unit, linker.major, R.THESIS_STATEMENT)
    if not para.units:
        return
    if para.kind == OBJECTION:
        _link_objection(linker, para, claim)
        return
    previous = para.previous
    segment: list[Unit] = []  # sentences since the last conclusion or recommendation
    head: Unit | None = None  # the last conclusion or recommendation
    for position, unit in enumerate(para.units):
        if unit.type == NodeType.RECOMMENDATION:
            linker.attach(unit, linker.major, R.RECOMMENDATION_TO_THESIS, unit.cue)
            if len(segment) == 1:
                # one sentence that leads to the recommendation motivates it; a longer run before it
                # makes its own point (its lead and what elaborates it), and stays so
                _attach_member(linker, segment[0], unit, R.MOTIVATES_RECOMMENDATION, segment, 0)
            segment, head = [], unit
            continue
        if unit.rule == R.CONCLUSION_MARKER.name:
            linker.attach(unit, claim, R.CONCLUSION_TO_SECTION, unit.cue)
            if segment:
                for index, member in enumerate(segment):
                    _attach_member(linker, member, unit, R.PREMISE_OF_CONCLUSION, segment, index)
            elif head is not None and head.type != NodeType.RECOMMENDATION:
                linker.attach(head, unit, R.PREMISE_OF_CONCLUSION, unit.cue)
            elif position == 0 and previous:
                prior = previous[0]
                if linker.parent_unit(prior) is claim and prior.type != NodeType.RECOMMENDATION:
                    linker.attach(prior, unit, R.PREMISE_OF_CONCLUSION, unit.cue)
            segment, head = [], unit
            continue
        if head is not None:
            _attach_marked(linker, unit, head, (R.ELABORATES_RECOMMENDATION if head.type == NodeType.RECOMMENDATION else R.ELABORATES_CONCLUSION), segment)
        elif unit is para.lead and para.chained and previous and unit.rule != R.CONTRAST_OPENS_PARAGRAPH.name:
            # the breaks between sentences are no paragraphs: the text goes on from the sentence before
            _attach_marked(linker, unit, previous[-1], R.CONTINUES_PREVIOUS, [previous[-1]])
        elif unit is para.lead:
            linker.attach(unit, claim, R.PARAGRAPH_LEAD)
            if unit.rule == R.CONTRAST_OPENS_PARAGRAPH.name:
                linker.extra(unit, previous[-1], R.CONTRAST_OPENS_PARAGRAPH, unit.cue, EdgeType.ATTACK)
        else:
            _attach_marked(linker, unit, para.lead, R.PARAGRAPH_ELABORATION, segment)
        segment.append(unit)


@R.implements(R.OBJECTION_TO_SECTION, R.RECOMMENDATION_TO_THESIS, R.REBUTTAL_OF_OBJECTION, R.ELABORATES_REBUTTAL,
              R.ELABORATES_OBJECTION)
def _link_objection(linker: _Linker, para: Paragraph, claim: Unit) -> None:
    """A paragraph that opens with an opposing voice ("Critics argue …", "However, some say …").

    The objection attacks the claim of its section; the sentence that turns on it ("But …", "This
    view ignores …": ``para.rebuttal``) rebuts it, attacking the objection; the sentences before the
    rebuttal elaborate the objection, those after it the rebuttal.
    """
    objection = para.units[0]
    linker.attach(objection, claim, R.OBJECTION_TO_SECTION, para.objection_cue, kind=EdgeType.ATTACK)
    rebutted = False
    for unit in para.units[1:]:
        if unit.type == NodeType.RECOMMENDATION:
            linker.attach(unit, linker.major, R.RECOMMENDATION_TO_THESIS, unit.cue)
        elif unit is para.rebuttal:
            rebutted = True
            linker.attach(unit, objection, R.REBUTTAL_OF_OBJECTION, para.rebuttal_cue, kind=EdgeType.ATTACK)
        elif rebutted:
            _attach_marked(linker, unit, para.rebuttal, R.ELABORATES_REBUTTAL, [para.rebuttal])
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
              R.CONCESSION_MARKER, R.BACK_REFERENCE, R.TAKES_UP_PREVIOUS, R.ANSWERS_REPORTED_VIEW)
def _attach_marked(linker: _Linker, unit: Unit, default: Unit, rule: R.Rule, before: list[Unit]) -> None:
    """A sentence inside a paragraph: its opening marker decides, else it elaborates ``default``.

    In a paragraph led by its first sentence, an unmarked sentence that opens by pointing back
    ("This", "Such", "They": the pack's back references) serves the sentence before it (guide,
    section 4); after a conclusion or a recommendation, which the sentences after it elaborate, it does not.
    So does one that takes up a word of the sentence before it and shares none with the lead
    (``_takes_up``): it goes on with what the sentence before said, not with the lead's point.
    One that voices another side ("Others argue …") right after a reported view answers that view,
    and attacks it (guide, section 5: in a dispute the text reports, each side attacks the one it answers).
    """
    prev = before[-1] if before else default
    marker = unit.marker("cause", "example", "addition", "contrast", "concession")
    if marker is None:
        lexicon = linker.lexicon
        answer = lexicon.answering_view(unit.text) if rule is R.PARAGRAPH_ELABORATION else None
        if answer and prev.type != NodeType.RECOMMENDATION and lexicon.reports_view(prev.text):
            linker.attach(unit, prev, R.ANSWERS_REPORTED_VIEW, answer, kind=EdgeType.ATTACK)
            return
        reference = lexicon.back_reference(unit.text) if rule is R.PARAGRAPH_ELABORATION else None
        if reference and prev is not default:
            linker.attach(unit, prev, R.BACK_REFERENCE, reference)
        elif (rule is R.PARAGRAPH_ELABORATION and prev is not default and prev.type != NodeType.RECOMMENDATION
              and (taken := _takes_up(linker, unit, prev, default))):
            linker.attach(unit, prev, R.TAKES_UP_PREVIOUS, taken)
        else:
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
    elif unit.rule == R.CONCESSION_MARKER.name:  # "Nevertheless, …": concedes the sentence before and stands against it
        linker.attach(unit, linker.parent_unit(default) or default, R.CONCESSION_MARKER, marker.cue)
        linker.extra(unit, prev, R.CONCESSION_MARKER, marker.cue, EdgeType.ATTACK)
    else:  # "Although …": a subordinate concession elaborates
        linker.attach(unit, default, rule, marker.cue)


def _takes_up(linker: _Linker, unit: Unit, prev: Unit, lead: Unit) -> str | None:
    """A word ``unit`` shares with the sentence before it when it shares none with the paragraph's lead:
    a lexical chain (the same topic word, ``lang.words.topic_words``, taken up again) ties it to what the
    sentence before said."""
    words = linker.topic_words(unit)
    if words & linker.topic_words(lead):
        return None
    shared = words & linker.topic_words(prev)
    return min(shared) if shared else None


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
