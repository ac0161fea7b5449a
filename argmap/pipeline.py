"""The pipeline, in the one place its stage order lives: read → clean → segment → classify → link."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .classify import classify
from .clean import clean
from .collector import collector_paused, loaded_objects_set_aside
from .cues import Lexicon, available_languages, lexicon_for
from .errors import EmptyInput
from .lang import STRUCTURE_ONLY
from .link import link
from .link import link_evidence as add_link_evidence
from .model import ArgumentMap, Document, Edge, Later, Node, NodeType, Unit
from .nlp import load_nlp
from .read import DEFAULT_MAX_BYTES, read_document, scrub
from .segment import segment

__all__ = ["analyze", "analyze_document", "run_rules", "build_map", "RuleStages", "STAGES"]

STAGES = ("read", "clean", "segment", "classify", "link")
_PREFIX = {"heading": "H", "sentence": "S", "footnote": "E"}


def analyze(source: str | os.PathLike | bytes, *, model: str | None = None, lang: str | None = None,
            name: str | None = None, format: str | None = None,
            max_bytes: int | None = DEFAULT_MAX_BYTES, weights=None, rules_only: bool = False,
            link_evidence: bool = False) -> ArgumentMap:
    """Map a brief: ``source`` is a path, raw bytes, or the text itself (Markdown or plain).

    ``model`` names an installed spaCy pipeline (default: a blank one with rule-based
    sentences); ``lang`` chooses the cue lexicon (default: detected from the text, else English). Raises ``argmap.errors.ArgmapError``
    subclasses for input that cannot be mapped (``InputTooLarge`` above ``max_bytes``, 50 MB
    by default; 0 lifts the limit); never prints. ``link_evidence`` makes each linked source an
    evidence node under the unit that links to it (``argmap.link.link_evidence``).
    """
    document = read_document(source, name=name, format=format, max_bytes=max_bytes)
    with loaded_objects_set_aside():
        return analyze_document(document, model=model, lang=lang, weights=weights, rules_only=rules_only,
                                link_evidence=link_evidence)


@dataclass
class RuleStages:
    """What the rule stages leave behind: the units with their rule types and the rule edges.

    The map is built from it; the learned layer reads it as its features (``argmap.learn``).
    """

    document: Document
    units: list[Unit]
    kept: list[Unit]
    edges: list[Edge]
    lexicon: Lexicon
    settings: dict


def run_rules(document: Document, *, model: str | None = None, lang: str | None = None, nlp=None) -> RuleStages:
    """Clean, segment, classify and link ``document`` by the rules (see ``analyze_document``)."""
    document.text = scrub(document.text)  # one character for one: offsets stay valid
    lexicon = lexicon_for(document.text, lang)
    lang = lexicon.language
    # no cue pack: headings, enumerations and footnotes only, never another language's words
    structure_only = lang not in available_languages()
    document = clean(document, lexicon=lexicon)
    if nlp is None:
        # spaCy's own tokenizers for some languages need packages of their own (mecab, sudachi):
        # sentences are all argmap asks of it, and the multi-language pipeline sets them
        nlp = load_nlp(model, "xx" if structure_only else lang)
    units = segment(document, nlp, lexicon)
    layout = classify(units, lexicon)
    kept = [u for u in units if u.type is not None and not u.excluded]
    if not kept:
        raise EmptyInput(f"{document.name} holds no argument text (only metadata, notes or furniture)")
    _assign_ids(kept)
    edges = link(units, lexicon, layout)
    settings = {"model": model or "blank", "lang": lang, **({"cues": STRUCTURE_ONLY} if structure_only else {})}
    return RuleStages(document, units, kept, edges, lexicon, settings)


def analyze_document(document: Document, *, model: str | None = None, lang: str | None = None, nlp=None,
                     weights=None, rules_only: bool = False, link_evidence: bool = False) -> ArgumentMap:
    """Run the stages after reading on an already read ``Document``.

    Without ``lang`` the language is identified from the text; one without a cue lexicon is mapped
    from its structure alone, and ``settings["cues"]`` says so (see ``argmap.lang.language_note``).
    ``nlp`` is an already built sentence pipeline (anything with spaCy's ``pipe``) that
    replaces the one ``model`` names, e.g. to evaluate on a gold segmentation.
    ``weights`` (a path or ``argmap.learn.Weights``) decides types and the tree with a learned
    model over the rules' features; ``rules_only`` keeps the rules' decisions even where the
    package's default is the learned model. ``link_evidence`` adds an evidence node for each
    linked source, under the unit that links to it, and says so in ``settings["link_evidence"]``.
    """
    from .learn import chosen_weights

    chosen = chosen_weights(weights, rules_only)  # both given: refused before the rules run
    stages = run_rules(document, model=model, lang=lang, nlp=nlp)
    if chosen is None:
        amap = build_map(stages)
    else:
        from .learn import decide

        # what the learned layer makes (features, decisions, reasons) lives until the map is built, and
        # what it drops is freed as it goes: collections during it walk it and free nothing (about a
        # twentieth of the layer's time)
        with collector_paused():
            amap = build_map(stages, decide(stages, chosen))
    if link_evidence:
        add_link_evidence(amap)
        amap.settings["link_evidence"] = True
    return amap


def build_map(stages: RuleStages, decisions=None) -> ArgumentMap:
    """The map of the rule stages, or of a learned layer's ``decisions`` over them."""
    document, units = stages.document, stages.units
    settings = dict(stages.settings)
    if decisions is None:
        nodes = [_node(u) for u in stages.kept]
        edges = stages.edges
        dropped: list[Unit] = []
    else:
        nodes = [_node(u, decisions.nodes[u.id]) for u in stages.kept if u.id in decisions.nodes]
        edges = decisions.edges
        dropped = [u for u in stages.kept if u.id not in decisions.nodes]
        settings["weights"] = decisions.weights_name
    set_aside = list(document.set_aside) + [
        {"kind": u.excluded, "text": u.text, "spans": [list(s) for s in u.spans]} for u in units if u.excluded
    ] + [{"kind": "not-a-unit", "text": u.text, "spans": [list(s) for s in u.spans]} for u in dropped]
    set_aside.sort(key=lambda x: (x["spans"][0][0] if x.get("spans") else 0))
    return ArgumentMap(
        nodes=nodes,
        edges=edges,
        metadata=document.metadata,
        source_text=document.text,
        name=document.name,
        source_format=document.format,
        set_aside=set_aside,
        settings=settings,
    )


def _assign_ids(units: list[Unit]) -> None:
    counts: dict[str, int] = {}
    for unit in units:
        if unit.type == NodeType.MAJOR_CLAIM:
            unit.id = "MC"
            continue
        prefix = _PREFIX.get(unit.kind, "U")
        counts[prefix] = counts.get(prefix, 0) + 1
        unit.id = f"{prefix}{counts[prefix]}"


def _node(unit: Unit, decision=None) -> Node:
    """A node of the unit; a learned ``decision`` (type, score, features) overrides the rules' type."""
    return Node(
        id=decision.id if decision is not None else unit.id,
        type=decision.type if decision is not None else unit.type,
        score=decision.score if decision is not None else None,
        why=(decision.why if type(decision.why) is Later else list(decision.why)) if decision is not None else [],
        text=unit.text,
        spans=list(unit.spans),
        section=unit.section,
        paragraph=unit.paragraph,
        rule=decision.rule if decision is not None else unit.rule,
        cue=unit.cue,
        hedged=unit.hedge_cue is not None,
        hedge_cue=unit.hedge_cue,
        markers=[m.to_dict() for m in unit.markers],
        footnote=unit.footnote,
        citations=list(unit.citations),
        ordinal=unit.ordinal if unit.ordinal_cue else None,
    )
