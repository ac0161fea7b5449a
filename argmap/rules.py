"""The rule registry: every rule that decides a unit's type or places an edge, registered once.

A rule has a name (the one a map records on its nodes, edges and set-aside text), the stage that
applies it, a one-line description, a small text on which it fires and a close one on which it
does not (for the AIF reader's rules, an AIF document; for the learned layer's, which fire where
trained weights disagree with the rules, no text can be fixed: ``no_text`` says so, and the tests
build weights that make them fire). The modules name their rules through this module, never by a
string of their own, so a map can hold no rule that is not listed here; ``argmap rules`` prints the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Callable

from .errors import InputError

__all__ = ["Rule", "STAGES", "PLACES", "all_rules", "get", "implements", "UnknownRule"]

#: the stages that apply rules: the pipeline's two, then the learned layer over them, then the
#: reader of maps drawn by other tools (AIF), which gives their nodes and edges rules of its own
STAGES = ("classify", "link", "learn", "import")
#: where a map records a rule's name: a node's ``rule``, an edge's ``rule``, a set-aside passage's ``kind``
PLACES = ("node", "edge", "set-aside")
#: the modules whose functions implement the rules (imported to bind each rule to its function)
_IMPLEMENTERS = ("argmap.classify", "argmap.link", "argmap.learn.decode", "argmap.formats.aif")

_REGISTRY: dict[str, "Rule"] = {}


class UnknownRule(InputError):
    """A rule name that is not registered."""


@dataclass(eq=False)
class Rule:
    """One rule: what it decides, where, and a text that shows it."""

    name: str
    stage: str
    description: str
    example: str
    counterexample: str
    places: tuple[str, ...]
    lang: str = "en"
    option: str | None = None  # the ``analyze`` option the rule needs, if any (its CLI flag: --link-evidence)
    no_text: str = ""  # why no text can show the rule (then example and counterexample are empty)
    functions: tuple[Callable, ...] = field(default=(), repr=False)

    @property
    def where(self) -> list[str]:
        """The functions that apply the rule, as ``module.name`` (one, or one per context it applies in)."""
        return [f"{f.__module__}.{f.__qualname__}" for f in self.functions]

    def to_dict(self) -> dict:
        return {"name": self.name, "stage": self.stage, "description": self.description,
                "example": self.example, "counterexample": self.counterexample,
                "places": list(self.places), "lang": self.lang, "option": self.option,
                "no_text": self.no_text, "functions": self.where}


def _register(name: str, stage: str, description: str, example: str, counterexample: str,
              places: tuple[str, ...] = ("edge",), lang: str = "en", option: str | None = None,
              no_text: str = "") -> Rule:
    if name in _REGISTRY:
        raise ValueError(f"rule {name!r} is registered twice")
    if stage not in STAGES or not set(places) <= set(PLACES) or not places:
        raise ValueError(f"rule {name!r}: stage {stage!r} or places {places!r} unknown")
    if bool(no_text) == bool(example and counterexample):
        raise ValueError(f"rule {name!r}: give an example and a counterexample, or say why no text shows it")
    rule = Rule(name, stage, description, example, counterexample, tuple(places), lang, option, no_text)
    _REGISTRY[name] = rule
    return rule


def implements(*rules: Rule):
    """Mark the decorated function as one that applies ``rules``."""

    def bind(func):
        for rule in rules:
            if func not in rule.functions:
                rule.functions += (func,)
        return func

    return bind


def all_rules(stage: str | None = None) -> list[Rule]:
    """Every registered rule (of one ``stage``), in pipeline order, each bound to its function."""
    for module in _IMPLEMENTERS:
        import_module(module)
    if stage is not None and stage not in STAGES:
        raise UnknownRule(f"no stage {stage!r} (stages: {', '.join(STAGES)})")
    return [r for r in _REGISTRY.values() if stage is None or r.stage == stage]


def get(name: str) -> Rule:
    """The rule called ``name``; ``UnknownRule`` if there is none."""
    rules = {r.name: r for r in all_rules()}
    if name not in rules:
        raise UnknownRule(f"no rule {name!r} (see 'argmap rules' for the list)")
    return rules[name]


_T = "# Report\n\n"  # a title: the major claim, so that the body's sentences are linked as a body

# --- classify: a unit's type from its own kind and cues -------------------------------------------
TITLE = _register(
    "title", "classify", "The document's title is the major claim.",
    _T + "Costs rose.", "Costs rose. Prices fell.", ("node",))
STANDFIRST_THESIS = _register(
    "standfirst-thesis", "classify", "The standfirst (the body's opening paragraph, set in italics) states the thesis: its best-cued sentence is the major claim, ahead of the title.",
    _T + "_Prices fell. The plan must end._\n\nCosts rose.", _T + "Prices fell. The plan must end.\n\nCosts rose.", ("node",))
BODY_THESIS = _register(
    "body-thesis", "classify", "With no standfirst, the first sentence of the introduction that says it states the thesis (\"This brief argues that …\", \"There are many reasons why …\") is the major claim, ahead of the title.",
    _T + "Prices fell. This brief argues that the plan failed.", _T + "Prices fell. The plan failed.", ("node",))
TITLE_UNDER_THESIS = _register(
    "title-under-thesis", "classify", "A title above a stated thesis (a standfirst, a thesis statement) names the piece: it is set aside, not mapped.",
    _T + "_The plan must end._\n\nCosts rose.", _T + "The plan must end.\n\nCosts rose.", ("set-aside",))
RECOMMENDATION_HEADING = _register(
    "recommendation-heading", "classify", "A heading that proposes an action (a deontic modal or an imperative) is a recommendation.",
    _T + "## Congress Should Fund Oversight\n\nCosts rose.", _T + "## Oversight Funding\n\nCosts rose.", ("node",))
SECTION_HEADING = _register(
    "section-heading", "classify", "Any other heading is a claim that its section argues for.",
    _T + "## Oversight Funding\n\nCosts rose.", _T + "## Congress Should Fund Oversight\n\nCosts rose.", ("node",))
GENERIC_HEADING = _register(
    "generic-heading", "classify", "A heading that names no position (\"Overview\", \"Background\") is set aside; its sentences serve the claim above.",
    _T + "## Overview\n\nCosts rose.", _T + "## Oversight Funding\n\nCosts rose.", ("set-aside",))
BOX_LABEL = _register(
    "box-label", "classify", "The label of a box on a report's front page (\"What GAO Found\", \"Why GAO Did This Study\", "
    "\"Highlights\") names the box, not a position: it is set aside; the box's sentences serve the claim above.",
    _T + "## What the Agency Recommends\n\nCosts rose.", _T + "## What the Agency Must Fix\n\nCosts rose.", ("set-aside",))
FOOTNOTE = _register(
    "footnote", "classify", "A footnote is evidence.",
    _T + "Costs rose.[^1]\n\n[^1]: GAO, 2020.", _T + "Costs rose.", ("node",))
META_STATEMENT = _register(
    "meta-statement", "classify", "A sentence about the document itself (\"This brief is organized as follows\") is set aside.",
    _T + "This brief is organized as follows. Costs rose.", _T + "The budget is organized by year. Costs rose.",
    ("set-aside",))
LIST_CONNECTOR = _register(
    "list-connector", "classify", "A sentence that only announces the points that follow (\"Here are four.\", \"Consider the following:\") is set aside; the points serve what it points at.",
    _T + "Costs rose. There are two reasons for this. First, fuel rose. Second, wages rose.",
    _T + "Costs rose. There are two reasons for the rise in fuel prices. First, fuel rose. Second, wages rose.",
    ("set-aside",))
BOILERPLATE = _register(
    "boilerplate", "classify", "A disclaimer or publishing boilerplate the cleaner left in the text is set aside.",
    _T + "Costs rose. Share this page.", _T + "Costs rose. We share this burden.", ("set-aside",))
COURTESY = _register(
    "courtesy", "classify", "A courtesy (\"Thank you for the opportunity …\", \"This completes my statement.\") is set aside.",
    _T + "Costs rose. Thank you for the opportunity to testify.", _T + "Costs rose. Thank you notes are rare.",
    ("set-aside",))
CONTACT = _register(
    "contact", "classify", "A sentence that says how to reach someone (\"Write to me at …@….gov\") is set aside (the cleaning sets whole contact blocks aside under the same kind).",
    _T + "Costs rose. Write to me at smith@gao.gov for details.", _T + "Costs rose. Few people write to the agency.",
    ("set-aside",))
DEONTIC_MODAL = _register(
    "deontic-modal", "classify", "A sentence with a deontic modal (\"should\", \"must\") is a recommendation, unless the modal is epistemic or in what someone else argued, ruled or recommended (\"Critics argue that … should\").",
    _T + "The agency should publish its data.", _T + "The agency publishes its data.", ("node",))
IMPERATIVE = _register(
    "imperative", "classify", "A sentence that opens with a verb in the imperative is a recommendation; a question is not.",
    _T + "Publish the data now.", _T + "Publish the data now?", ("node",))
OPTION_FOR_ACTION = _register(
    "option-for-action", "classify", "A sentence that sets out an option for action in the document's own voice "
    "(\"Congress could consider …\", \"Congress may wish to …\") is a recommendation; one that reports what others "
    "proposed is not.",
    _T + "Congress could consider extending the program.", _T + "Some Members have proposed extending the program.",
    ("node",))
OPTION_QUESTION = _register(
    "option-question", "classify", "A question in a list that an option for action introduces (\"Oversight questions "
    "Congress could consider include the following:\") is a recommendation: one of the options set out.",
    _T + "Questions Congress could consider include the following:\n\n- How much will the program cost?\n- Who pays for it?",
    _T + "The hearing raised these questions:\n\n- How much will the program cost?\n- Who pays for it?",
    ("node",))
DEFAULT_PREMISE = _register(
    "default-premise", "classify", "Any other sentence is a premise.",
    _T + "Costs rose last year.", _T + "The agency should act.", ("node",))
THESIS_CUE = _register(
    "thesis-cue", "classify", "With no title, a sentence that says it is the thesis (\"We argue that …\") is the major claim.",
    "Costs rose. We argue that the plan failed.", "Costs rose. We know that the plan failed.", ("node",))
THESIS_CONCLUSION_MARKER = _register(
    "thesis-conclusion-marker", "classify", "With no title, the best-cued sentence is the major claim; here a conclusion marker weighed most.",
    "Prices fell. Therefore, the plan failed.", "Prices fell. The plan failed.", ("node",))
THESIS_STANCE = _register(
    "thesis-stance", "classify", "With no title, the best-cued sentence is the major claim; here a stance phrase (\"I think\") weighed most.",
    "Prices fell. I think the plan is the right way.", "Prices fell. The plan is new.", ("node",))
THESIS_RECOMMENDATION = _register(
    "thesis-recommendation", "classify", "With no title, the best-cued sentence is the major claim; here it is a recommendation.",
    "Prices fell. The agency should act.", "Prices fell. The agency acted.", ("node",))
FIRST_SENTENCE = _register(
    "first-sentence", "classify", "With no title and no cued sentence, the first sentence is the major claim.",
    "Prices fell. Wages rose.", _T + "Prices fell. Wages rose.", ("node",))
ONLY_FOOTNOTE = _register(
    "only-footnote", "classify", "A text with no title and no sentence: its first footnote is the major claim.",
    "[^1]: GAO, 2020.", "Costs rose.[^1]\n\n[^1]: GAO, 2020.", ("node",))
ONLY_HEADING = _register(
    "only-heading", "classify", "A text with no title and no sentence: its first heading is the major claim.",
    "# ![](logo.png)\n\n## Costs Matter", _T + "## Costs Matter", ("node",))

# --- classify: a sentence raised to a claim by its place in the layout (argmap.layout) --------------
LIST_INTRODUCER = _register(
    "list-introducer", "classify", "The sentence that introduces a bulleted or numbered list is a claim (it supports its section's claim).",
    _T + "The plan has two flaws:\n\n- It costs too much.\n- It is late.",
    _T + "The agency should fix two flaws:\n\n- It costs too much.\n- It is late.", ("node",))
ENUMERATION_INTRODUCER = _register(
    "enumeration-introducer", "classify", "The sentence before \"First … Second …\" is a claim.",
    _T + "The plan has two flaws. First, it costs too much. Second, it is late.",
    _T + "First, it costs too much. Second, it is late.", ("node",))
THESIS_STATEMENT = _register(
    "thesis-statement", "classify", "Once the thesis is stated, a further sentence that states a thesis (\"We argue that …\") is a claim for it.",
    _T + "This brief argues that the plan failed. Prices fell.\n\nWe argue that costs rose.",
    _T + "This brief argues that the plan failed. Prices fell.\n\nCosts rose.", ("node", "edge"))
CONCLUSION_MARKER = _register(
    "conclusion-marker", "classify", "A sentence that opens with a conclusion marker (\"Therefore\") is a claim (it supports its section's claim).",
    _T + "Prices fell. Therefore, the plan failed.", _T + "Prices fell. The plan failed.", ("node",))
CONTRAST_OPENS_PARAGRAPH = _register(
    "contrast-opens-paragraph", "classify", "A paragraph that opens with \"However\" is a claim that attacks the paragraph before (not where every paragraph is one sentence: the breaks were lost).",
    _T + "The plan worked.\n\nHowever, costs rose.", _T + "The plan worked. However, costs rose.", ("node", "edge"))
PARAGRAPH_POINT = _register(
    "paragraph-point", "classify", "Where the text states its thesis in a sentence (a standfirst, a thesis statement, no title), a paragraph's first sentence, followed by others, is its point: a claim, unless it states a fact (a figure and no hedge).",
    _T + "_The plan must end._\n\nCosts rose sharply. Fees doubled.", _T + "Costs rose sharply. Fees doubled.", ("node",))
CONCESSION_MARKER = _register(
    "concession-marker", "classify", "A sentence that opens with \"Nevertheless\" is a claim that attacks the sentence before.",
    _T + "The plan worked. Costs fell. Nevertheless, delays grew.",
    _T + "The plan worked. Costs fell. Although delays grew, it held.", ("node", "edge"))

# --- link: edges ----------------------------------------------------------------------------------
HEADING_TO_PARENT = _register(
    "heading-to-parent", "link", "A heading supports the nearest enclosing heading, else the major claim.",
    _T + "## Oversight Funding\n\nCosts rose.", _T + "Costs rose.")
HEADING_EXTENDS_HEADING = _register(
    "heading-extends-heading", "link", "A heading set at the level of the heading before it, whose wording it extends (\"Oversight Funding Plans\" after \"Oversight Funding\"), is that heading's sub-heading and supports it.",
    _T + "## Oversight Funding\n\nCosts rose.\n\n## Oversight Funding Plans\n\nFees rose.",
    _T + "## Oversight Funding\n\nCosts rose.\n\n## Oversight's Funding Plans\n\nFees rose.")
PARAGRAPH_LEAD = _register(
    "paragraph-lead", "link", "A paragraph's first sentence supports its section's claim.",
    _T + "Costs rose.", "Costs rose. Prices fell.")
CONTINUES_PREVIOUS = _register(
    "continues-previous", "link", "Where every paragraph is one sentence (the breaks were lost), an unmarked sentence supports the sentence before.",
    _T + "".join(f"Point {n} holds.\n\n" for n in range(1, 13)), _T + "".join(f"Point {n} holds. It is so.\n\n" for n in range(1, 13)))
PARAGRAPH_ELABORATION = _register(
    "paragraph-elaboration", "link", "An unmarked sentence supports its paragraph's first sentence.",
    _T + "Costs rose. Prices fell.", _T + "Costs rose.\n\nPrices fell.")
LIST_ITEM = _register(
    "list-item", "link", "A list item supports the sentence that introduces the list (or the item it nests under).",
    _T + "The plan has two flaws:\n\n- It costs too much.\n- It is late.",
    _T + "The plan has two flaws. It costs too much. It is late.")
ELABORATES_ITEM = _register(
    "elaborates-item", "link", "A further sentence of a list or enumeration item supports the item.",
    _T + "The plan has two flaws:\n\n- It costs too much. Prices doubled.\n- It is late.",
    _T + "The plan has two flaws:\n\n- It costs too much.\n- It is late.")
INTRODUCER_TO_SECTION = _register(
    "introducer-to-section", "link", "The sentence that introduces a list or an enumeration supports its section's claim.",
    _T + "The plan has two flaws:\n\n- It costs too much.\n- It is late.",
    _T + "The agency should fix two flaws:\n\n- It costs too much.\n- It is late.")
ENUMERATION_ITEM = _register(
    "enumeration-item", "link", "Each item of \"First … Second …\" supports the sentence before the first.",
    _T + "The plan has two flaws. First, it costs too much. Second, it is late.",
    _T + "The plan has two flaws. It costs too much. It is late.")
RECOMMENDATION_TO_THESIS = _register(
    "recommendation-to-thesis", "link", "A recommendation supports the major claim.",
    _T + "Costs rose. The agency should act.", _T + "Costs rose. The agency acted.")
MOTIVATES_RECOMMENDATION = _register(
    "motivates-recommendation", "link", "The one sentence before a recommendation in its paragraph supports it (a longer run makes its own point).",
    _T + "Costs rose. The agency should act.", _T + "The agency should act. Costs rose.")
ELABORATES_RECOMMENDATION = _register(
    "elaborates-recommendation", "link", "The sentences after a recommendation in its paragraph support it.",
    _T + "The agency should act. Costs rose.", _T + "Costs rose. The agency should act.")
CONCLUSION_TO_SECTION = _register(
    "conclusion-to-section", "link", "A conclusion supports its section's claim.",
    _T + "Prices fell. Therefore, the plan failed.", _T + "Prices fell. The plan failed.")
PREMISE_OF_CONCLUSION = _register(
    "premise-of-conclusion", "link", "The sentences before a conclusion in its paragraph support it.",
    _T + "Prices fell. Therefore, the plan failed.", _T + "Therefore, the plan failed. Prices fell.")
ELABORATES_CONCLUSION = _register(
    "elaborates-conclusion", "link", "The sentences after a conclusion in its paragraph support it.",
    _T + "Therefore, the plan failed. Prices fell.", _T + "Prices fell. Therefore, the plan failed.")
OBJECTION_TO_SECTION = _register(
    "objection-to-section", "link", "A paragraph that opens with an opposing voice (\"Critics argue …\") attacks its section's claim.",
    _T + "Critics argue that the plan is too costly. Prices fell.", _T + "The plan is too costly. Prices fell.")
REBUTTAL_OF_OBJECTION = _register(
    "rebuttal-of-objection", "link", "In such a paragraph, the sentence that turns on the objection (\"But …\", \"This view …\") attacks it.",
    _T + "Critics argue that the plan is too costly. But this view ignores the savings.",
    _T + "Critics argue that the plan is too costly. They cite the fees.")
ELABORATES_OBJECTION = _register(
    "elaborates-objection", "link", "A sentence between an objection and its rebuttal supports the objection.",
    _T + "Critics argue that the plan is too costly. They cite the fees.",
    _T + "Critics argue that the plan is too costly. But this view ignores the savings.")
ELABORATES_REBUTTAL = _register(
    "elaborates-rebuttal", "link", "A sentence after the rebuttal supports the rebuttal.",
    _T + "Critics argue that the plan is too costly. But this view ignores the savings. The savings are large.",
    _T + "Critics argue that the plan is too costly. But this view ignores the savings.")
SUPPORTS_THESIS = _register(
    "supports-thesis", "link", "In the paragraph that states the thesis (no title), an unmarked sentence supports it.",
    "Prices fell. The plan failed.", _T + "Prices fell. The plan failed.")
OBJECTION_TO_THESIS = _register(
    "objection-to-thesis", "link", "In the thesis paragraph, a reported view, or a sentence the next one turns against, attacks the thesis.",
    "We argue that the plan works. Critics claim it is costly.", "We argue that the plan works. It is cheap.")
CONCESSION_AGAINST_THESIS = _register(
    "concession-against-thesis", "link", "In the thesis paragraph, a granting opener (\"Admittedly\") or \"although\" attacks the thesis.",
    "We argue that the plan works. Admittedly, it is costly.", "We argue that the plan works. It is costly.")
CONTRAST_AGAINST_PREVIOUS = _register(
    "contrast-against-previous", "link", "In the thesis paragraph, \"But\" or \"However\" attacks the sentence before.",
    "We argue that the plan works. Costs fell. But delays grew.", "We argue that the plan works. Costs fell. Delays grew.")
CONCESSION_AGAINST_PREVIOUS = _register(
    "concession-against-previous", "link", "In the thesis paragraph, \"Nevertheless\" attacks the sentence before.",
    "We argue that the plan works. Costs fell. Nevertheless, delays grew.",
    "We argue that the plan works. Costs fell. Delays grew.")
CAUSE_MARKER = _register(
    "cause-marker", "link", "A sentence that opens with a reason (\"This is because\") supports the sentence before.",
    _T + "The plan failed. Costs rose. This is because prices doubled.", _T + "The plan failed. Costs rose. Prices doubled.")
EXAMPLE_MARKER = _register(
    "example-marker", "link", "A sentence that opens with an example (\"For example\") supports the sentence before.",
    _T + "The plan failed. Costs rose. For example, fees doubled.", _T + "The plan failed. Costs rose. Fees doubled.")
BACK_REFERENCE = _register(
    "back-reference", "link", "A sentence inside a paragraph that opens by pointing back (\"This\", \"Such\", \"They\") supports the sentence before it, not the paragraph's first sentence.",
    _T + "The plan failed. Costs rose. This hurt sales.", _T + "The plan failed. Costs rose. Sales fell.")
TAKES_UP_PREVIOUS = _register(
    "takes-up-previous", "link", "An unmarked sentence inside a paragraph that shares no word (of five letters or more) with the paragraph's first sentence but takes up one of the sentence before it supports the sentence before it.",
    _T + "The plan failed. Harbour fees doubled. Shipping lines left the harbour.",
    _T + "The plan failed. Harbour fees doubled. Shipping lines left when the plan failed.")
ADDITION_MARKER = _register(
    "addition-marker", "link", "A sentence that opens with an addition (\"Moreover\") serves what the sentence before serves.",
    _T + "The plan failed. Costs rose. Moreover, delays grew.", _T + "The plan failed. Costs rose. Delays grew.")
CONTRAST_AGAINST_REPORTED_VIEW = _register(
    "contrast-against-reported-view", "link", "\"However\" after a reported view (\"Critics claim …\") attacks that view.",
    _T + "The plan failed. Critics claim it worked. However, costs rose.",
    _T + "The plan failed. Costs rose. However, delays fell.")
ANSWERS_REPORTED_VIEW = _register(
    "answers-reported-view", "link",
    "A sentence that voices another side (\"Others argue …\") right after a reported view attacks that view.",
    _T + "The plan is debated. Some analysts argue that it worked. Others argue that it cost too much.",
    _T + "The plan is debated. Costs rose sharply. Others argue that it cost too much.")
CONTRAST_WITHIN_PARAGRAPH = _register(
    "contrast-within-paragraph", "link", "\"However\" inside a paragraph supports the paragraph's first sentence.",
    _T + "The plan failed. Costs rose. However, delays fell.", _T + "The plan failed. Costs rose. Delays fell.")
FOOTNOTE_CITATION = _register(
    "footnote-citation", "link", "A footnote supports each sentence that cites it.",
    _T + "Costs rose.[^1]\n\n[^1]: GAO, 2020.", _T + "Costs rose.\n\n[^1]: GAO, 2020.")
UNCITED_FOOTNOTE = _register(
    "uncited-footnote", "link", "A footnote that no sentence cites supports the major claim.",
    _T + "Costs rose.\n\n[^1]: GAO, 2020.", _T + "Costs rose.[^1]\n\n[^1]: GAO, 2020.")
PLACED_FOOTNOTE = _register(
    "placed-footnote", "link",
    "A numbered note that no marker cites (the text lost them) supports the sentence it shares the rarest "
    "words with, the notes kept in their order.",
    _T + "Costs rose. The Riksdag approved 412 million kronor in 2023.\n\n## Notes\n\n1. Riksdag decision, 412 million kronor, 2023.",
    _T + "Costs rose.[^1] The Riksdag approved 412 million kronor in 2023.\n\n[^1]: Riksdag decision, 412 million kronor, 2023.")
ORDERED_FOOTNOTE = _register(
    "ordered-footnote", "link",
    "A numbered note that no marker cites and that shares no telling words with a sentence supports the "
    "heading of the section its order places it in (the major claim where that section has no heading).",
    _T + "## Costs\n\nCosts rose.\n\n## Notes\n\n1. Internal memo.",
    _T + "## Costs\n\nCosts rose.[^1]\n\n[^1]: Internal memo.")
LINKED_SOURCE = _register(
    "linked-source", "link", "With --link-evidence, each source a unit links to is evidence.",
    _T + "Costs rose, as [the GAO found](https://www.gao.gov/x).", _T + "Costs rose, as the GAO found.",
    ("node",), option="link_evidence")
LINK_CITATION = _register(
    "link-citation", "link", "With --link-evidence, a linked source supports each unit that links to it.",
    _T + "Costs rose, as [the GAO found](https://www.gao.gov/x).", _T + "Costs rose, as the GAO found.",
    option="link_evidence")


# --- learn: the learned layer's decisions where they part from the rules' (argmap.learn.decode) ------
_WEIGHTS = ("whether it fires depends on the trained weights, not on a text: the tests build weights "
            "that disagree with the rules")
LEARNED_TYPE = _register(
    "learned-type", "learn", "With --weights, a unit the model types otherwise than the rules did gets the model's type.",
    "", "", ("node",), no_text=_WEIGHTS)
LEARNED_MAJOR_CLAIM = _register(
    "learned-major-claim", "learn", "With --weights, the unit the model rates highest is the major claim when the rules chose another "
    "(in a text without a title only if the weights learned from such texts too); below a title, the first sentence that says it "
    "states the thesis, when the weights learned from no such sentence.",
    "", "", ("node",), no_text=_WEIGHTS)
LEARNED_ATTACHMENT = _register(
    "learned-attachment", "learn", "With --weights, an edge the model's tree places where no rule put one.",
    "", "", no_text=_WEIGHTS)
LEARNED_SECOND_PARENT = _register(
    "learned-second-parent", "learn", "With --weights, a second parent (an extra edge) the attachment model rates "
    "above the decoder's second-parent threshold beside the tree's parent.",
    "", "", no_text=_WEIGHTS)


# --- import: a map drawn by another tool, read from AIF (argmap.formats.aif) ------------------------
def _aif(nodes: str, edges: str = "", argmap: str = "") -> str:
    """A small AIF document: ``nodes`` as "id:TYPE:text;…", ``edges`` as "from>to;…"."""
    import json

    data = {"nodes": [dict(zip(("nodeID", "type", "text"), n.split(":", 2))) for n in nodes.split(";")],
            "edges": [dict(zip(("fromID", "toID"), e.split(">"))) for e in edges.split(";") if e]}
    if argmap:
        data["argmap"] = json.loads(argmap)
    return json.dumps(data)


_INFERENCE = _aif("1:I:Costs rose.;2:I:The plan failed.;3:RA:Default Inference", "1>3;3>2")
_CONFLICT = _aif("1:I:Costs fell.;2:I:The plan failed.;3:CA:Default Conflict", "1>3;3>2")
AIF_INFERENCE = _register(
    "aif-inference", "import", "An AIF inference (I-node → RA → I-node) is a support.",
    _INFERENCE, _CONFLICT)
AIF_REPHRASE = _register(
    "aif-rephrase", "import", "An AIF rephrase (I-node → MA → I-node) is a support.",
    _aif("1:I:Costs rose.;2:I:Costs went up.;3:MA:Default Rephrase", "1>3;3>2"), _INFERENCE)
AIF_CONFLICT = _register(
    "aif-conflict", "import", "An AIF conflict (I-node → CA → I-node) is an attack.",
    _CONFLICT, _INFERENCE)
AIF_UNDERCUT = _register(
    "aif-undercut", "import", "An AIF conflict aimed at an inference (I-node → CA → RA) attacks the inference's conclusion.",
    _aif("1:I:Costs rose.;2:I:The plan failed.;3:RA:Default Inference;4:I:Costs always rise.;5:CA:Default Conflict",
         "1>3;3>2;4>5;5>3"), _CONFLICT)
AIF_ROOT = _register(
    "aif-root", "import", "In an AIF map with no argmap roles, the I-node at the top of the largest tree is the major claim.",
    _INFERENCE, _aif("1:I:Costs rose.", argmap='{"nodes": {"1": {"id": "MC", "type": "major_claim"}}}'), ("node",))
AIF_SUPPORTED = _register(
    "aif-supported", "import", "In an AIF map with no argmap roles, an I-node that something supports is a claim.",
    _aif("1:I:Fees doubled.;2:I:Costs rose.;3:I:The plan failed.;4:RA:Default Inference;5:RA:Default Inference",
         "1>4;4>2;2>5;5>3"), _INFERENCE, ("node",))
AIF_LEAF = _register(
    "aif-leaf", "import", "In an AIF map with no argmap roles, an I-node that nothing supports is a premise.",
    _INFERENCE, _aif("1:I:Costs rose."), ("node",))
AIF_I_NODE = _register(
    "aif-i-node", "import", "In an AIF map argmap wrote, an I-node added without argmap's role for it is a premise.",
    _aif("1:I:The plan failed.;2:I:Costs rose.", argmap='{"nodes": {"1": {"id": "MC", "type": "major_claim"}}}'),
    _aif("1:I:The plan failed.;2:I:Costs rose.", argmap='{"nodes": {"1": {"id": "MC", "type": "major_claim"}, '
         '"2": {"id": "S1", "type": "premise"}}}'), ("node",))

#: the rules named after a marker's role
MARKER_RULES = {"cause": CAUSE_MARKER, "example": EXAMPLE_MARKER}
AGAINST_PREVIOUS = {"contrast": CONTRAST_AGAINST_PREVIOUS, "concession": CONCESSION_AGAINST_PREVIOUS}
#: the major claim of a text with neither title nor sentence, by the kind of its first unit
ONLY = {"heading": ONLY_HEADING, "footnote": ONLY_FOOTNOTE}
