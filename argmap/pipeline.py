"""The pipeline, in the one place its stage order lives: read → clean → segment → classify → link."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager

from .classify import classify
from .clean import clean
from .cues import Lexicon, load_lexicon
from .errors import EmptyInput
from .lang import STRUCTURE_ONLY
from .link import link
from .model import ArgumentMap, Document, Node, NodeType, Unit
from .nlp import load_nlp
from .read import DEFAULT_MAX_BYTES, read_document, scrub
from .segment import segment

__all__ = ["analyze", "analyze_document", "STAGES"]

STAGES = ("read", "clean", "segment", "classify", "link")
_PREFIX = {"heading": "H", "sentence": "S", "footnote": "E"}


def analyze(source: str | os.PathLike | bytes, *, model: str | None = None, lang: str | None = None,
            name: str | None = None, format: str | None = None,
            max_bytes: int | None = DEFAULT_MAX_BYTES) -> ArgumentMap:
    """Map a brief: ``source`` is a path, raw bytes, or the text itself (Markdown or plain).

    ``model`` names an installed spaCy pipeline (default: a blank one with rule-based
    sentences); ``lang`` chooses the cue lexicon (default: detected from the text, else English). Raises ``argmap.errors.ArgmapError``
    subclasses for input that cannot be mapped (``InputTooLarge`` above ``max_bytes``, 50 MB
    by default; 0 lifts the limit); never prints.
    """
    document = read_document(source, name=name, format=format, max_bytes=max_bytes)
    with _old_objects_set_aside():
        return analyze_document(document, model=model, lang=lang)


@contextmanager
def _old_objects_set_aside():
    """Let the garbage collector walk only what this analysis makes, not the loaded pipeline.

    A long document triggers full collections, and each one walked every object alive before
    it (spaCy's vocabulary and models: ~90,000 objects), which made time grow faster than the
    text. ``gc.freeze`` sets those aside for the call; ``gc.unfreeze`` gives them back after.
    """
    if gc.get_freeze_count():  # someone (a caller, an outer call) manages the frozen set already
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def analyze_document(document: Document, *, model: str | None = None, lang: str | None = None, nlp=None) -> ArgumentMap:
    """Run the stages after reading on an already read ``Document``.

    Without ``lang`` the language is identified from the text; one without a cue lexicon is mapped
    from its structure alone, and ``settings["cues"]`` says so (see ``argmap.lang.language_note``).
    ``nlp`` is an already built sentence pipeline (anything with spaCy's ``pipe``) that
    replaces the one ``model`` names, e.g. to evaluate on a gold segmentation.
    """
    document.text = scrub(document.text)  # one character for one: offsets stay valid
    structure_only = False
    if lang is None:
        from .cues import available_languages
        from .lang import identify_language

        lang = identify_language(document.text)
        # no cue pack: headings, enumerations and footnotes only, never another language's words
        structure_only = lang not in available_languages()
    lexicon = Lexicon({"language": lang}) if structure_only else load_lexicon(lang)
    document = clean(document, lexicon=lexicon)
    if nlp is None:
        # spaCy's own tokenizers for some languages need packages of their own (mecab, sudachi):
        # sentences are all argmap asks of it, and the multi-language pipeline sets them
        nlp = load_nlp(model, "xx" if structure_only else lang)
    units = segment(document, nlp, lexicon)
    classify(units, lexicon)
    kept = [u for u in units if u.type is not None and not u.excluded]
    if not kept:
        raise EmptyInput(f"{document.name} holds no argument text (only metadata, notes or furniture)")
    _assign_ids(kept)
    edges = link(units, lexicon)
    nodes = [_node(u) for u in kept]
    set_aside = list(document.set_aside) + [
        {"kind": u.excluded, "text": u.text, "spans": [list(s) for s in u.spans]} for u in units if u.excluded
    ]
    set_aside.sort(key=lambda x: (x["spans"][0][0] if x.get("spans") else 0))
    return ArgumentMap(
        nodes=nodes,
        edges=edges,
        metadata=document.metadata,
        source_text=document.text,
        name=document.name,
        source_format=document.format,
        set_aside=set_aside,
        settings={"model": model or "blank", "lang": lang, **({"cues": STRUCTURE_ONLY} if structure_only else {})},
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


def _node(unit: Unit) -> Node:
    return Node(
        id=unit.id,
        type=unit.type,
        text=unit.text,
        spans=list(unit.spans),
        section=unit.section,
        paragraph=unit.paragraph,
        rule=unit.rule,
        cue=unit.cue,
        hedged=unit.hedge_cue is not None,
        hedge_cue=unit.hedge_cue,
        markers=[m.to_dict() for m in unit.markers],
        footnote=unit.footnote,
        citations=list(unit.citations),
        ordinal=unit.ordinal if unit.ordinal_cue else None,
    )
