"""Auditing a map the way a linter checks code: weak spots of the argument, each with a location.

``audit(amap)`` returns findings, each with a severity (``error``, ``warning``, ``info``), a code,
the node, section and span it points at, and a message. The checks read the map only (plus the
audit lexicon of number words), so a map saved as JSON can be audited as well as a fresh one.

- ``unsupported-recommendation`` (warning): a recommendation nothing supports but the thesis above it.
- ``recommendation-without-evidence`` (info): supported by premises, but no evidence under them.
- ``claim-without-evidence`` (warning): a claim with no evidence anywhere beneath it.

A linked source counts as cited evidence: a web brief cites by hyperlink where a printed one
cites by footnote, so a claim whose own sentence or a unit beneath it links to a source is not
without evidence (``argmap analyze --link-evidence`` also makes each linked source a node).
- ``uncited-footnote`` (warning): a footnote no marker in the text cites and nothing placed.
- ``aligned-footnote`` (info): the notes no marker cites that were placed by alignment (the words they
  share with a sentence, or their order), counted: placed, not cited, and not lost either.
- ``citation-without-footnote`` (error): a marker citing a note the document does not hold.
- ``enumeration-gap`` (warning): "Fourth" without "Third", "Second" without "First".
- ``enumeration-count`` (warning): "four reasons" announced, another number enumerated.
- ``unanswered-attack`` (warning): an objection (an opposing voice the audit lexicon names, "critics
  argue …", or a unit placed in the tree as attacking its parent) that nothing attacks in turn.
- ``orphan-unit`` (warning): a unit no edge places (in a map another tool drew, or edited by hand)
  or cut off from the major claim.
- ``set-aside-argument`` (warning): text set aside (as furniture, metadata, residue, back matter …)
  that reads like argument — long, with verbs, a recommendation or a discourse marker in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from . import rules as R
from .model import ArgumentMap, EdgeType, Node, NodeType

__all__ = ["Finding", "SEVERITIES", "audit", "findings_to_dict", "at_least", "load_audit_lexicon"]

#: severities from the most to the least serious
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One weak spot: how serious, what kind, where, and what to do about it."""

    severity: str
    code: str
    message: str
    node: str | None = None
    section: tuple[str, ...] = ()
    span: tuple[int, int] | None = None
    related: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "node": self.node,
            "section": list(self.section),
            "span": list(self.span) if self.span else None,
            "related": list(self.related),
        }


def at_least(severity: str, threshold: str) -> bool:
    """Whether ``severity`` is as serious as ``threshold`` or more."""
    return SEVERITIES.index(severity) <= SEVERITIES.index(threshold)


def findings_to_dict(amap: ArgumentMap, findings: Iterable[Finding]) -> dict[str, Any]:
    """The JSON form of an audit: the document, counts per severity, and the findings."""
    found = list(findings)
    return {
        "document": amap.name,
        "counts": {s: sum(f.severity == s for f in found) for s in SEVERITIES},
        "findings": [f.to_dict() for f in found],
    }


@dataclass(frozen=True)
class AuditLexicon:
    """Number words and the nouns that announce an enumeration ("four reasons")."""

    number_words: dict[str, int]
    nouns: tuple[str, ...]
    max_between: int
    verbs: frozenset[str] = frozenset()
    set_aside_min_words: int = 20
    #: sentences of notices and contact lines, whose "should" or "please" argues nothing
    set_aside_boilerplate: tuple[re.Pattern[str], ...] = ()

    @property
    def announcement(self) -> re.Pattern[str]:
        numbers = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(self.number_words, key=len, reverse=True))
        nouns = "|".join(re.escape(n) for n in sorted(self.nouns, key=len, reverse=True))
        if not numbers or not nouns:
            return re.compile("(?!)")  # no words: nothing is announced (an empty alternation would match anywhere)
        return re.compile(
            r"(?<![\w.,-])(%s)\s+(?:[\w-]+\s+){0,%d}?(%s)(?![\w-])" % (numbers, self.max_between, nouns),
            re.IGNORECASE,
        )


@lru_cache(maxsize=None)
def load_audit_lexicon(lang: str = "en") -> AuditLexicon:
    """The audit words of ``lang``'s pack; a language without a pack has none (no other language's words)."""
    from .lang.pack import load_part, pack_languages

    if lang not in pack_languages():
        return AuditLexicon(number_words={}, nouns=(), max_between=0)
    data = load_part(lang, "audit")
    return AuditLexicon(
        number_words={k.lower(): int(v) for k, v in data["number_words"].items()},
        nouns=tuple(n.lower() for n in data["enumeration_nouns"]),
        max_between=int(data["max_words_between"]),
        verbs=frozenset(v.lower() for v in data["verbs"]),
        set_aside_min_words=int(data["set_aside_min_words"]),
        set_aside_boilerplate=tuple(re.compile(p, re.IGNORECASE) for p in data["set_aside_boilerplate"]),
    )


# --- the map as lookups --------------------------------------------------------------
class _Index:
    def __init__(self, amap: ArgumentMap, view=None):
        self.amap = amap
        self.view = view
        self.nodes = {n.id: n for n in amap.nodes}
        self.order = {n.id: i for i, n in enumerate(sorted(amap.nodes, key=_start))}
        self.supporters: dict[str, list[str]] = {}
        self.attackers: dict[str, list[str]] = {}
        self.primary: dict[str, Any] = {}
        for edge in amap.edges:
            if edge.source not in self.nodes or edge.target not in self.nodes:
                continue
            bucket = self.supporters if edge.type == EdgeType.SUPPORT else self.attackers
            bucket.setdefault(edge.target, []).append(edge.source)
            if edge.primary:
                self.primary.setdefault(edge.source, edge)

    def reported(self, node: Node) -> str | None:
        """The cue if ``node`` voices an opposing view ("critics argue …"), or the rule that answered it as one."""
        cue = self.view(node.text) if self.view else None
        if cue:
            return cue
        answered = any(e.type == EdgeType.ATTACK and e.rule == R.CONTRAST_AGAINST_REPORTED_VIEW.name
                       for e in self.amap.index.into.get(node.id, ()))
        return "reported view" if answered else None

    def below(self, node_id: str) -> list[Node]:
        """Every unit that argues for ``node_id``: its supports, directly or through a chain of
        supports, and the answers to a reported opposing view among them (the view itself is no support)."""
        seen: set[str] = set()
        todo = list(self.supporters.get(node_id, []))
        found: list[Node] = []
        while todo:
            current = todo.pop()
            if current in seen or current == node_id:
                continue
            seen.add(current)
            node = self.nodes[current]
            if self.reported(node):
                todo.extend(self.attackers.get(current, []))
                continue
            found.append(node)
            todo.extend(self.supporters.get(current, []))
        return found

    def reaches_major(self, node_id: str) -> bool:
        seen: set[str] = set()
        current = node_id
        while current not in seen:
            seen.add(current)
            node = self.nodes.get(current)
            if node is None:
                return False
            if node.type == NodeType.MAJOR_CLAIM:
                return True
            edge = self.primary.get(current)
            if edge is None:
                return False
            current = edge.target
        return False


def _sourced(node: Node) -> bool:
    """Whether ``node`` is a source or cites one: an evidence unit, or a unit that links to a source."""
    return node.type == NodeType.EVIDENCE or bool(node.links)


def _start(node: Node) -> int:
    return node.spans[0][0] if node.spans else 0


def _where(node: Node) -> dict[str, Any]:
    span = (node.spans[0][0], node.spans[-1][1]) if node.spans else None
    return {"node": node.id, "section": tuple(node.section), "span": span}


def _quote(node: Node, limit: int = 70) -> str:
    text = node.text if len(node.text) <= limit else node.text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


# --- the checks -----------------------------------------------------------------------
def _recommendations(ix: _Index) -> list[Finding]:
    out = []
    for node in ix.amap.by_type(NodeType.RECOMMENDATION):
        below = ix.below(node.id)
        if not below and node.links:
            continue  # it links to the source it rests on
        if not below:
            parent = ix.primary.get(node.id)
            above = ix.nodes[parent.target] if parent and parent.target in ix.nodes else None
            what = "the thesis above it" if above is not None and above.type == NodeType.MAJOR_CLAIM else "its place in the map"
            out.append(Finding("warning", "unsupported-recommendation",
                               f"recommendation {node.id} rests on nothing but {what}: no premise or evidence argues for "
                               f"it {_quote(node)}", **_where(node)))
        elif not node.links and not any(_sourced(n) for n in below):
            out.append(Finding("info", "recommendation-without-evidence",
                               f"recommendation {node.id} is argued for ({', '.join(sorted(n.id for n in below))}) "
                               f"but no cited evidence stands beneath it", related=tuple(sorted(n.id for n in below)),
                               **_where(node)))
    return out


def _claims(ix: _Index) -> list[Finding]:
    out = []
    for node in ix.amap.by_type(NodeType.CLAIM):
        below = ix.below(node.id)
        if node.links or any(_sourced(n) for n in below):
            continue
        inside = [n for n in ix.amap.nodes if n.section[: len(node.section) + 1] == tuple(node.section) + (node.text,)]
        if not below and inside and all(n.type == NodeType.RECOMMENDATION for n in inside):
            continue  # a heading over recommendations only: they are checked on their own
        if below:
            message = (f"claim {node.id} has no evidence beneath it: its {len(below)} supporting "
                       f"unit{'s cite' if len(below) != 1 else ' cites'} no source {_quote(node)}")
        else:
            message = f"claim {node.id} stands unsupported: nothing argues for it and no evidence backs it {_quote(node)}"
        out.append(Finding("warning", "claim-without-evidence", message, **_where(node)))
    return out


def _footnotes(ix: _Index) -> list[Finding]:
    out = []
    notes = {n.footnote: n for n in ix.amap.nodes if n.footnote}
    cited: set[str] = set()  # by a marker in the text
    aligned: set[str] = set()  # by no marker: placed where the words or the order of the notes put it
    for node in ix.amap.nodes:
        for citation in node.citations:
            if citation.kind == "footnote" and citation.label is not None:
                (aligned if citation.placed is not None else cited).add(citation.label)
    for label, note in notes.items():
        edge = ix.primary.get(note.id)
        if edge is not None and edge.rule in _ALIGNED_RULES and label not in cited:
            aligned.add(label)  # a map read back without its citations' provenance: its edge says how
    for node in sorted(ix.amap.nodes, key=_start):
        for label in dict.fromkeys(node.cited_notes):
            if label not in notes:
                out.append(Finding("error", "citation-without-footnote",
                                   f"{node.id} cites note {label}, which the document does not contain", **_where(node)))
    placed = []
    for label, note in notes.items():
        if label in cited and note.rule != R.UNCITED_FOOTNOTE.name:
            continue
        if label in aligned:
            placed.append(note)
            continue
        out.append(Finding("warning", "uncited-footnote",
                           f"footnote {label} ({note.id}) is never cited in the text, so it supports nothing in particular",
                           **_where(note)))
    if placed:
        placed.sort(key=_start)
        by_order = [n for n in placed if (e := ix.primary.get(n.id)) is not None and e.rule == R.ORDERED_FOOTNOTE.name]
        shown = ", ".join(f"{n.footnote} ({n.id} → {ix.primary[n.id].target})" if n.id in ix.primary else f"{n.footnote} ({n.id})"
                          for n in placed[:8]) + (", …" if len(placed) > 8 else "")
        overlap = len(placed) - len(by_order)
        how = ", ".join(part for part in (f"{overlap} by the words shared with a sentence" if overlap else "",
                                          f"{len(by_order)} by the notes' order alone" if by_order else "") if part)
        out.append(Finding("info", "aligned-footnote",
                           f"{len(placed)} footnote{'s' if len(placed) != 1 else ''} that no marker in the text cites "
                           f"placed by alignment, not cited ({how}): {shown}",
                           related=tuple(n.id for n in placed), **_where(placed[0])))
    return out


#: the rules that place a note no marker cites (``link.link``)
_ALIGNED_RULES = frozenset((R.PLACED_FOOTNOTE.name, R.ORDERED_FOOTNOTE.name))


def _enumerations(ix: _Index, lexicon: AuditLexicon) -> list[Finding]:
    out = []
    ordered = sorted(ix.amap.nodes, key=_start)
    # runs of ordinals within one section: a value not above the last one starts a new run
    runs: list[list[Node]] = []
    last_section: tuple[str, ...] | None = None
    for node in ordered:
        if node.ordinal is None or node.type == NodeType.EVIDENCE:
            continue
        if runs and last_section == node.section and node.ordinal > (runs[-1][-1].ordinal or 0):
            runs[-1].append(node)
        else:
            runs.append([node])
        last_section = node.section
    for run in runs:
        values = [n.ordinal for n in run]
        missing = [v for v in range(1, max(values)) if v not in values]
        if missing:
            after = {v: next(n for n in run if n.ordinal > v) for v in missing}
            for value in missing:
                node = after[value]
                cue = _ordinal_cue(ix, node)
                out.append(Finding("warning", "enumeration-gap",
                                   f"enumeration item {value} is missing: {node.id} opens with “{cue}” but no item "
                                   f"{value} comes before it in this section", related=tuple(n.id for n in run),
                                   **_where(node)))
    for node in ordered:
        if node.type == NodeType.EVIDENCE:
            continue
        match, announced = _announced(lexicon, node.text)
        if not match:
            continue
        items = _announced_items(ix, node, ordered)
        if announced and items and len(items) != announced:
            out.append(Finding("warning", "enumeration-count",
                               f"{node.id} announces {match.group(0).strip()!r} ({announced}) but "
                               f"{len(items)} item{'s' if len(items) != 1 else ''} follow "
                               f"({', '.join(n.id for n in items)})", related=tuple(n.id for n in items),
                               **_where(node)))
    out.extend(_set_aside_announcements(ix, lexicon, ordered))
    return out


def _announced(lexicon: AuditLexicon, text: str) -> tuple[re.Match | None, int | None]:
    """The words by which ``text`` announces a number of points ("three reasons"), and that number."""
    match = lexicon.announcement.search(text)
    return match, (lexicon.number_words.get(re.sub(r"\s+", " ", match.group(1).lower())) if match else None)


def _set_aside_announcements(ix: _Index, lexicon: AuditLexicon, ordered: list[Node]) -> list[Finding]:
    """An announcement set aside as no unit ("There are three reasons for this.": ``list-connector``)
    still counts what it announces: the run of ordinals that starts within the next three units after it."""
    out = []
    for passage in ix.amap.set_aside:
        if passage.get("kind") != R.LIST_CONNECTOR.name or not passage.get("spans"):
            continue
        match, announced = _announced(lexicon, passage.get("text", ""))
        if not announced:
            continue
        span = (passage["spans"][0][0], passage["spans"][-1][1])
        following = [n for n in ordered if n.type != NodeType.EVIDENCE and _start(n) >= span[1]]
        start = next((i for i, n in enumerate(following[:3]) if n.ordinal == 1), None)
        if start is None:
            continue
        items: list[Node] = []
        for n in following[start:]:
            if n.section != following[start].section:
                break
            if n.ordinal is not None:
                if items and n.ordinal <= (items[-1].ordinal or 0):
                    break
                items.append(n)
        if len(items) != announced:
            out.append(Finding("warning", "enumeration-count",
                               f"“{passage['text']}” (set aside: it only announces) announces "
                               f"{match.group(0).strip()!r} ({announced}) but {len(items)} item"
                               f"{'s' if len(items) != 1 else ''} follow ({', '.join(n.id for n in items)})",
                               section=tuple(following[start].section), span=span,
                               related=tuple(n.id for n in items)))
    return out


def _ordinal_cue(ix: _Index, node: Node) -> str:
    edge = ix.primary.get(node.id)
    if edge is not None and edge.cue:
        return edge.cue
    return node.cue or node.text.split(",")[0].split()[0]


_ITEM_RULES = (R.ENUMERATION_ITEM.name, R.LIST_ITEM.name)


def _announced_items(ix: _Index, node: Node, ordered: list[Node]) -> list[Node]:
    """The items that the announcing unit introduces: its enumeration or list children, else
    the run of ordinals that starts within the next three units of its section."""
    children = [ix.nodes[e.source] for e in ix.amap.index.into.get(node.id, ())
                if e.primary and e.rule in _ITEM_RULES and e.source in ix.nodes]
    if children:
        return sorted(children, key=_start)
    position = ordered.index(node)
    following = [n for n in ordered[position + 1:] if n.type != NodeType.EVIDENCE]
    start = next((i for i, n in enumerate(following[:3]) if n.ordinal == 1 and n.section == node.section), None)
    if start is None:
        return []
    items: list[Node] = []
    for n in following[start:]:
        if n.section != node.section:
            break
        if n.ordinal is not None:
            if items and n.ordinal <= (items[-1].ordinal or 0):
                break
            items.append(n)
    return items


def _attacks(ix: _Index) -> list[Finding]:
    out = []
    for node in sorted(ix.amap.nodes, key=_start):
        if node.type in (NodeType.MAJOR_CLAIM, NodeType.EVIDENCE):
            continue
        edge = ix.primary.get(node.id)
        reported = ix.view(node.text) if ix.view else None
        objection = False
        if reported:
            objection = True
        elif edge is not None and edge.type == EdgeType.ATTACK:
            target = ix.nodes.get(edge.target)
            objection = target is not None and not ix.reported(target)
        if not objection or ix.attackers.get(node.id):
            continue
        if reported and not (edge is not None and edge.type == EdgeType.ATTACK):
            message = f"{node.id} reports an opposing view (“{reported}”) and nothing in the text answers it {_quote(node)}"
        else:
            message = f"{node.id} attacks {edge.target} and nothing in the text answers the objection {_quote(node)}"
        out.append(Finding("warning", "unanswered-attack", message,
                           related=(edge.target,) if edge is not None else (), **_where(node)))
    return out


def _orphans(ix: _Index) -> list[Finding]:
    out = []
    for node in sorted(ix.amap.nodes, key=_start):
        if node.type == NodeType.MAJOR_CLAIM:
            continue
        edge = ix.primary.get(node.id)
        if edge is None:
            out.append(Finding("warning", "orphan-unit", f"{node.id} belongs to nothing: no edge places it in the map {_quote(node)}",
                               **_where(node)))
        elif not ix.reaches_major(node.id):
            out.append(Finding("warning", "orphan-unit", f"{node.id} is cut off from the major claim {_quote(node)}",
                               **_where(node)))
    return out


#: set-aside kinds that are never argument whatever their words: a page break, a heading the rules left out
_NEVER_ARGUMENT = {"page_break", "generic-heading", "box-label"}
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _argument_signs(text: str, lexicon: AuditLexicon, cues) -> list[str]:
    """What makes set-aside text read like argument: long, with verbs, and a recommendation or two markers in it.

    Sentences the cue lexicon knows as a disclaimer or boilerplate, or the audit lexicon as a
    notice or a contact line, do not count.
    """
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    kept = [s for s in sentences if not (cues.is_disclaimer(s) or cues.is_boilerplate(s)
                                         or any(p.search(s) for p in lexicon.set_aside_boilerplate))]
    words = [w.lower() for s in kept for w in _WORDS.findall(s)]
    if len(words) < lexicon.set_aside_min_words or (lexicon.verbs and not lexicon.verbs & set(words)):
        return []
    signs: list[str] = []
    for sentence in kept:
        cue = cues.deontic(sentence) or cues.imperative(sentence)
        if cue and f"a recommendation (“{cue}”)" not in signs:
            signs.append(f"a recommendation (“{cue}”)")
        for hit in cues.markers(sentence):
            if hit.role in ("conclusion", "cause", "contrast") and f"“{hit.cue}”" not in " ".join(signs):
                signs.append(f"the marker “{hit.cue}”")
    recommends = any(s.startswith("a recommendation") for s in signs)
    return signs[:3] if recommends or len(signs) >= 2 else []


def _set_aside(amap: ArgumentMap, lexicon: AuditLexicon, cues) -> list[Finding]:
    """Text set aside as furniture, metadata or residue that reads like argument: a unit may have been lost."""
    out = []
    for item in amap.set_aside:
        kind = str(item.get("kind") or "set aside")
        if kind in _NEVER_ARGUMENT:
            continue
        text = " ".join(str(item.get("text", "")).split())
        signs = _argument_signs(text, lexicon, cues)
        if not signs:
            continue
        spans = item.get("spans") or []
        span = (spans[0][0], spans[-1][1]) if spans else None
        quote = text if len(text) <= 70 else text[:69].rstrip() + "…"
        out.append(Finding("warning", "set-aside-argument",
                           f"text set aside as {kind.replace('_', ' ')} reads like argument ({len(text.split())} words, "
                           f"{', '.join(signs)}): check that no claim was lost “{quote}”", span=span))
    return out


def audit(amap: ArgumentMap, *, lang: str | None = None) -> list[Finding]:
    """The findings on ``amap``, most serious first, then in reading order.

    The language is ``lang``, else the one the map was made in, else the one of its text (as ``analyze``
    chooses: ``cues.lexicon_for``); a language without a pack gives the findings of the structure alone.
    """
    from .cues import lexicon_for

    text = amap.source_text or "\n".join(n.text for n in amap.nodes)
    # the pipeline's own reading of objections
    cues = lexicon_for(text, lang or amap.settings.get("lang") or None, refuse_unknown=False)
    lexicon = load_audit_lexicon(cues.language)
    ix = _Index(amap, cues.objection)
    findings = (
        _recommendations(ix)
        + _claims(ix)
        + _footnotes(ix)
        + _enumerations(ix, lexicon)
        + _attacks(ix)
        + _orphans(ix)
        + _set_aside(amap, lexicon, cues)
    )
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.span[0] if f.span else -1, f.code))
