"""Classification: each unit's type, the one stage that decides it.

First from the unit's own kind and cues; then, with the major claim chosen, from its place in the
document's layout (``argmap.layout``): the sentence that introduces a list or an enumeration, states
the thesis under a title, concludes, or turns against what came before is raised to a claim. The
layout is returned for linking, which places the edges along it and changes no type.
"""

from __future__ import annotations

from . import rules as R
from .cues import Lexicon
from .layout import LIST, OBJECTION, PLAIN, Block, Layout, find_layout
from .model import NodeType, Unit

__all__ = ["classify"]


@R.implements(R.TITLE, R.FOOTNOTE)
def classify(units: list[Unit], lexicon: Lexicon) -> Layout:
    """Set ``type``, ``rule``, ``cue``, hedges and exclusions on every unit; choose the major claim.

    Returns the layout the types were raised by, for ``link``.
    """
    previous: Unit | None = None
    for unit in units:
        if unit.kind == "title":
            unit.type, unit.rule = NodeType.MAJOR_CLAIM, R.TITLE.name
        elif unit.kind == "heading":
            _classify_heading(unit, lexicon)
        elif unit.kind == "footnote":
            unit.type, unit.rule, unit.cue = NodeType.EVIDENCE, R.FOOTNOTE.name, unit.footnote
        else:
            _classify_sentence(unit, lexicon, previous)
        previous = unit
        if unit.kind != "footnote" and not unit.excluded:
            unit.hedge_cue = lexicon.hedge(unit.text)
    _thesis_over_title(units, lexicon)
    if not any(u.type == NodeType.MAJOR_CLAIM and not u.excluded for u in units):
        _choose_thesis(units, lexicon)
    layout = find_layout(units, lexicon)
    _raise_claims(layout, lexicon)
    return layout


def _raise(unit: Unit, rule: R.Rule, cue: str | None = None) -> None:
    """Raise a premise to a claim (recommendations and evidence keep their type)."""
    if unit.type == NodeType.PREMISE:
        unit.type, unit.rule = NodeType.CLAIM, rule.name
        if cue:
            unit.cue = cue


@R.implements(R.OPTION_QUESTION)
def _option_questions(block: Block) -> None:
    """The questions of a list that an option for action introduces are the options it sets out
    ("Oversight questions Congress could consider include the following:"; guide, section 6)."""
    if block.kind != LIST or block.head.type != NodeType.RECOMMENDATION or block.head.kind != "sentence":
        return
    for item in block.items:
        if item.first.type == NodeType.PREMISE and _is_question(item.first.text):
            item.first.type, item.first.rule = NodeType.RECOMMENDATION, R.OPTION_QUESTION.name


@R.implements(R.LIST_INTRODUCER, R.ENUMERATION_INTRODUCER, R.THESIS_STATEMENT, R.CONCLUSION_MARKER,
              R.CONTRAST_OPENS_PARAGRAPH, R.PARAGRAPH_POINT)
def _raise_claims(layout: Layout, lexicon: Lexicon) -> None:
    """The claims a sentence's place makes: it introduces a list or an enumeration, states the thesis
    under a title, opens with a conclusion marker, opens a paragraph against the one before, or
    opens a paragraph with the point its other sentences serve.

    A paragraph's opening sentence, with sentences after it, is its point (a claim) when the text
    states its thesis in a sentence (a standfirst, a thesis statement, a text with no title: it
    argues, and its paragraphs argue their points); in a text whose major claim is its title (a
    report, often descriptive) an opening sentence stays a premise unless its words raise it.
    """
    argued = layout.major is not None and layout.major.kind == "sentence"
    for run in layout.runs:
        for block in run.blocks:
            if block.introducer is not None:
                _raise(block.introducer, R.LIST_INTRODUCER if block.kind == LIST else R.ENUMERATION_INTRODUCER)
            _option_questions(block)
        for para in run.paragraphs:
            for unit in para.theses:
                _raise(unit, R.THESIS_STATEMENT)
            if para.kind == PLAIN:
                for unit in para.units:
                    if unit.type == NodeType.RECOMMENDATION:
                        continue
                    # where the text argues, "X is therefore Y" concludes its paragraph as "Therefore, X is Y" does
                    conclusion = unit.marker("conclusion", initial=None if argued else True)
                    if conclusion is not None:
                        _raise(unit, R.CONCLUSION_MARKER, conclusion.cue)
                    elif unit is para.lead:
                        opener = unit.marker("contrast", "concession")
                        if (opener is not None and para.previous and not para.chained
                                and not lexicon.is_subordinate_concession(opener.cue)):
                            _raise(unit, R.CONTRAST_OPENS_PARAGRAPH, opener.cue)
                        elif argued and len(para.units) > 1 and not para.chained and not _states_a_fact(unit, lexicon):
                            _raise(unit, R.PARAGRAPH_POINT)
                    else:
                        _raise_concession(unit, lexicon)
            elif para.kind == OBJECTION and para.rebuttal is not None:
                after = para.units[next(i for i, u in enumerate(para.units) if u is para.rebuttal) + 1:]
                for unit in after:
                    if unit.type != NodeType.RECOMMENDATION:
                        _raise_concession(unit, lexicon)


def _states_a_fact(lead: Unit, lexicon: Lexicon) -> bool:
    """Whether a paragraph's opening sentence states a fact the following sentences elaborate rather than
    the paragraph's point, a judgment (guide, section 3): it gives a figure (a digit: a date, an amount,
    a share) and no hedge ("likely", "could", "may": an assessment or a forecast)."""
    return any(ch.isdigit() for ch in lead.text) and lexicon.hedge(lead.text) is None


@R.implements(R.CONCESSION_MARKER)
def _raise_concession(unit: Unit, lexicon: Lexicon) -> None:
    """A sentence inside a paragraph that opens with "Nevertheless" (not "Although") stands against the one before."""
    marker = unit.marker("cause", "example", "addition", "contrast", "concession")
    if marker is not None and marker.role == "concession" and not lexicon.is_subordinate_concession(marker.cue):
        _raise(unit, R.CONCESSION_MARKER, marker.cue)


@R.implements(R.BOX_LABEL, R.GENERIC_HEADING, R.RECOMMENDATION_HEADING, R.SECTION_HEADING)
def _classify_heading(unit: Unit, lexicon: Lexicon) -> None:
    if unit.generic:  # a box label is generic too: its box's sentences serve the claim above
        unit.excluded = (R.BOX_LABEL if lexicon.is_box_label(unit.text) else R.GENERIC_HEADING).name
    elif not _is_question(unit.text) and (cue := lexicon.deontic(unit.text) or lexicon.imperative(unit.text)):
        # "Congress Should Fund Oversight", "**Strengthen oversight.**": the heading proposes
        unit.type, unit.rule, unit.cue = NodeType.RECOMMENDATION, R.RECOMMENDATION_HEADING.name, cue
    else:
        unit.type, unit.rule = NodeType.CLAIM, R.SECTION_HEADING.name


@R.implements(R.META_STATEMENT, R.LIST_CONNECTOR, R.BOILERPLATE, R.COURTESY, R.CONTACT, R.DEONTIC_MODAL, R.IMPERATIVE, R.OPTION_FOR_ACTION,
              R.DEFAULT_PREMISE)
def _classify_sentence(unit: Unit, lexicon: Lexicon, previous: Unit | None = None) -> None:
    if lexicon.is_meta(unit.text) or (
            # "This brief describes X. It then summarizes Y.": the second goes on about the text
            previous is not None and previous.excluded == R.META_STATEMENT.name and previous.kind == "sentence"
            and previous.paragraph == unit.paragraph and lexicon.is_meta_follow(unit.text)):
        unit.excluded = R.META_STATEMENT.name
        return
    if lexicon.is_list_connector(unit.text):
        unit.excluded = R.LIST_CONNECTOR.name  # "Here are four.": its points serve what it points at (``layout``)
        return
    if lexicon.is_disclaimer(unit.text) or lexicon.is_boilerplate(unit.text):
        unit.excluded = R.BOILERPLATE.name
        return
    if lexicon.courtesy(unit.text):
        unit.excluded = R.COURTESY.name  # "Thank you for the opportunity …", "This completes my statement."
        return
    if lexicon.contact(unit.text):
        unit.excluded = R.CONTACT.name  # "please contact me at (202) 512-6000 or …@….gov"
        return
    question = _is_question(unit.text)
    deontic = lexicon.deontic(unit.text) if not question else None
    if deontic:
        unit.type, unit.rule, unit.cue = NodeType.RECOMMENDATION, R.DEONTIC_MODAL.name, deontic
        return
    imperative = lexicon.imperative(unit.text)  # questions are refused by the matcher
    if imperative:
        unit.type, unit.rule, unit.cue = NodeType.RECOMMENDATION, R.IMPERATIVE.name, imperative
        return
    option = lexicon.option(unit.text) if not question else None
    if option:
        unit.type, unit.rule, unit.cue = NodeType.RECOMMENDATION, R.OPTION_FOR_ACTION.name, option
        return
    unit.type, unit.rule = NodeType.PREMISE, R.DEFAULT_PREMISE.name


def _is_question(text: str) -> bool:
    """A question asks rather than proposes ("Why should they pay twice?")."""
    return text.rstrip(" \"'”’)").endswith("?")


@R.implements(R.STANDFIRST_THESIS, R.BODY_THESIS, R.TITLE_UNDER_THESIS)
def _thesis_over_title(units: list[Unit], lexicon: Lexicon) -> None:
    """An explicit thesis beats the title (annotation guide, section 2): a standfirst's, else a body
    sentence that says it states the thesis.

    A publisher's standfirst sums up what the piece argues; the title (often an editor's short
    label) then only names the piece and is set aside. Among the standfirst's sentences the one
    with the strongest cues of a position taken wins (``_thesis_weight``), the earliest on a tie:
    a one-sentence standfirst is the thesis whatever its words. With no standfirst, the first
    sentence of the introduction (before the first heading that is not generic) that says it is the thesis ("This brief
    argues that …", "There are many reasons why …": the language pack's thesis patterns) is the
    major claim; under a heading such a sentence states its section's point.
    A text with neither keeps its title (and a text with no title is weighed by ``_choose_thesis``).
    """
    if not any(u.kind == "title" and u.type == NodeType.MAJOR_CLAIM for u in units):
        return
    lead = [u for u in units if u.kind == "sentence" and u.standfirst and not u.excluded]
    if lead:
        best, best_score = lead[0], _thesis_weight(lead[0], lexicon)[0]
        for unit in lead[1:]:
            score = _thesis_weight(unit, lexicon)[0]
            if score > best_score:
                best, best_score = unit, score
        best.type, best.rule = NodeType.MAJOR_CLAIM, R.STANDFIRST_THESIS.name
    else:
        best = None
        for unit in units:
            if unit.kind == "heading" and not unit.generic:
                break  # the introduction ends: under a heading, such a sentence states its section's point
            if (unit.kind == "sentence" and not unit.excluded and lexicon.is_thesis(unit.text)
                    and unit.type in (NodeType.PREMISE, NodeType.RECOMMENDATION)):
                best = unit
                break
        if best is None:
            return
        best.type, best.rule = NodeType.MAJOR_CLAIM, R.BODY_THESIS.name
    for unit in units:
        if unit.kind == "title" and unit.type == NodeType.MAJOR_CLAIM:
            unit.type, unit.excluded = None, R.TITLE_UNDER_THESIS.name


@R.implements(R.THESIS_CUE, R.FIRST_SENTENCE, *R.ONLY.values())
def _choose_thesis(units: list[Unit], lexicon: Lexicon) -> None:
    """With no title: the sentence that states the thesis, else the best-cued sentence, else the first.

    A sentence that says it is the thesis ("We argue that …") wins. Otherwise, in a text
    with no title, each sentence is weighed by the cues of a position taken: a conclusion
    marker anywhere in it ("therefore", "That's why"), a deontic modal ("should"), a
    stance phrase ("I think", "is the right way"); a sentence that opens as a reason, an
    example, an addition or a concession, or that reports others' views, is held back.
    The first and last sentences (where short texts put their thesis) get a small bonus;
    ties go to the earlier sentence. With no cue at all the first sentence is the thesis.
    In a text with section headings, a sentence of a section between the first heading and the
    last states that section's point, which its heading stands for (guide, section 3), not the
    text's: the thesis is weighed in the introduction and in the last section, where a text
    that argues states and restates its position (a titled text, too, takes a stated thesis from
    its introduction alone).
    """
    candidates = [u for u in units if u.kind == "sentence" and not u.excluded]
    for unit in candidates:
        if lexicon.is_thesis(unit.text):
            unit.type, unit.rule = NodeType.MAJOR_CLAIM, R.THESIS_CUE.name
            return
    if candidates:
        inner = _inner_sections(units)
        best, best_score, best_rule = candidates[0], 0.0, R.FIRST_SENTENCE
        for position, unit in enumerate(candidates):
            if id(unit) in inner:
                continue
            score, rule = _thesis_weight(unit, lexicon)
            if score > 0 and position in (0, len(candidates) - 1):
                score += 1.0 if position == 0 else 0.5
            if score > best_score:
                best, best_score, best_rule = unit, score, rule
        best.type, best.rule = NodeType.MAJOR_CLAIM, best_rule.name
        return
    rest = [u for u in units if not u.excluded]
    if rest:
        rest[0].type, rest[0].rule = NodeType.MAJOR_CLAIM, R.ONLY[rest[0].kind].name


def _inner_sections(units: list[Unit]) -> set[int]:
    """The units (by identity) of the sections between the first heading that is not generic and the
    last one: neither the introduction nor the last section. Empty with fewer than two such headings."""
    headings = [i for i, u in enumerate(units) if u.kind == "heading" and not u.excluded]
    if len(headings) < 2:
        return set()
    return {id(u) for u in units[headings[0] + 1:headings[-1]]}


@R.implements(R.THESIS_CONCLUSION_MARKER, R.THESIS_STANCE, R.THESIS_RECOMMENDATION)
def _thesis_weight(unit: Unit, lexicon: Lexicon) -> tuple[float, R.Rule]:
    """How strongly a sentence reads as the position the text argues for, and the rule that says so.

    A recommendation chosen as the thesis keeps its cue and is named ``thesis-recommendation``.
    """
    score, rule = 0.0, R.FIRST_SENTENCE
    if any(m.role == "conclusion" for m in unit.markers):
        score, rule = score + 3.0, R.THESIS_CONCLUSION_MARKER
    if lexicon.stance(unit.text):
        score, rule = score + 2.0, rule if score else R.THESIS_STANCE
    if unit.type == NodeType.RECOMMENDATION:
        score, rule = score + 2.0, R.THESIS_RECOMMENDATION
    opener = unit.marker("cause", "example", "addition", "concession")
    if opener is not None and opener.role != "concession" or (
            opener is not None and lexicon.is_subordinate_concession(opener.cue)):
        score -= 2.0
    if lexicon.concessive_opener(unit.text) or lexicon.attributed_view(unit.text):
        score -= 2.0
    return score, rule
