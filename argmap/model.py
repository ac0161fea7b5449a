"""The one data model every stage passes along: document, units, nodes, edges, map."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Iterable

__all__ = [
    "CHARACTER_REFERENCE",
    "unescape_references",
    "SCHEMA_VERSION",
    "NodeType",
    "EdgeType",
    "Span",
    "Metadata",
    "Footnote",
    "Citation",
    "cited_notes",
    "cited_links",
    "Block",
    "Document",
    "Unit",
    "Node",
    "Edge",
    "Later",
    "ArgumentMap",
    "MapIndex",
    "text_from_spans",
    "trimmed_spans",
    "ends_terminal",
    "needs_space",
    "SECTION_SEPARATOR",
    "TERMINAL",
]

SCHEMA_VERSION = "argmap/1"
#: how a section path is written as one string ("Findings › Costs") in the formats that need one
SECTION_SEPARATOR = " › "
#: text that ends as a sentence ends: terminal punctuation, then any closing quotes or brackets
#: (what the readers and the cleaning ask of a line or a paragraph before they join it to the next)
TERMINAL = re.compile(r"[.!?:;…][\"'”’)\]»]*\s*$")
#: one sentence's end and the next one's start inside a line: a stop, any closing quotes or brackets,
#: white space, then a capital (after an opening quote or bracket, if any)
SENTENCE_STOP = re.compile(r"[.!?…][\"'”’)\]»]*\s+[\"“‘(]?[A-Z]")


class NodeType(str, Enum):
    """What part a unit plays in the argument."""

    MAJOR_CLAIM = "major_claim"
    CLAIM = "claim"
    PREMISE = "premise"
    EVIDENCE = "evidence"
    RECOMMENDATION = "recommendation"

    def __str__(self) -> str:
        return self.value


class EdgeType(str, Enum):
    """How a unit serves the unit it points to."""

    SUPPORT = "support"
    ATTACK = "attack"

    def __str__(self) -> str:
        return self.value


Span = tuple[int, int]

_NO_SPACE_BEFORE = set(".,;:!?)]}’”'\"%…")


def needs_space(source: str, previous_end: int, start: int, end: int, written: str) -> bool:
    """Whether two pieces of a unit read with a space between them.

    Only where the source has white space in the gap (a page break, a footnote block), or emphasis
    marks that stand for a space a converter dropped (below), and neither side brings its own, and
    the next piece does not open with closing punctuation:
    a sentence cut by a page break ("revenues" | "generated") reads whole, while a sentence
    with a footnote marker cut out ("arrears" | ".") or inline markup ("wor" | "d") does not
    gain a space.
    """
    if not written or start >= end or written[-1].isspace() or source[start].isspace():
        return False
    if source[start] in _NO_SPACE_BEFORE:
        return False
    gap = source[previous_end:start] if previous_end <= start else " "
    if any(ch.isspace() for ch in gap):
        return True
    # emphasis marks alone, where a converter dropped the space between two runs: more marks than close
    # one run and open the next ("****" between bold runs, "___" where "_ _" lost its space), or marks
    # after a comma, semicolon or colon before a word ("_Meyer_,___Pierce_", "**Notes:**Bridge"); not after
    # a stop, which may end an abbreviation set letter by letter ("_U__.__S__.__ Code_"); not inside a word
    # that the runs cut at a letter of its own (``_cut_word``)
    if not gap or gap.strip("*_"):
        return False
    if len(gap) >= 4 or (len(gap) >= 3 and "*" not in gap):
        return not _cut_word(source, previous_end, start)
    # between digits the comma or colon is part of the number ("1,**000**", "3:**1**")
    return written[-1] in ",;:" and source[start].isalnum() and not (written[-2:-1].isdigit() and source[start].isdigit())


def trimmed_spans(source: str, spans: Iterable[Span]) -> list[Span]:
    """``spans`` less those holding white space alone, the first and last trimmed of it at their outer
    ends: the spans of a block or a sentence begin and end on words."""
    out = [(a, b) for a, b in spans if source[a:b].strip()]
    if out:
        a, b = out[0]
        out[0] = (a + len(source[a:b]) - len(source[a:b].lstrip()), b)
        a, b = out[-1]
        out[-1] = (a, b - (len(source[a:b]) - len(source[a:b].rstrip())))
    return out


#: a character reference as CommonMark and HTML read one ("&amp;", "&#39;", "&#x2014;"); only one closed
#: by ";" is one
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_references(text: str) -> str:
    """``text`` with its character references read ("?a=1&amp;b=2" → "?a=1&b=2"), as CommonMark reads a
    link destination and HTML an attribute. Only a reference closed by ";" (``CHARACTER_REFERENCE``) is
    one: an address's "&para=2" stays as written, where ``html.unescape`` alone would read "&para" as "¶"."""
    if "&" not in text:
        return text
    from html import unescape

    return CHARACTER_REFERENCE.sub(lambda m: unescape(m.group()), text)


def _piece(source: str, start: int, end: int) -> str:
    """The text of one span: a span that is a character reference alone reads as the character it names.

    The cleaning of Markdown sets each reference apart as a span of its own (``clean.inline``), so a
    unit shows "R&D" where its span still points at "&amp;" in the source; text a reader wrote
    (a PDF's, a page's) holds no such span, its references already read or meant as written."""
    if source.startswith("&", start) and source[end - 1:end] == ";":
        piece = source[start:end]
        if CHARACTER_REFERENCE.fullmatch(piece):
            return unescape_references(piece)
    return source[start:end]


def text_from_spans(source: str, spans: Iterable[Span]) -> str:
    """Rebuild a unit's text from its spans: the pieces joined (see ``needs_space``), white space folded,
    a character reference set apart read (``_piece``)."""
    out = ""
    previous_end = None
    for start, end in spans:
        if previous_end is not None and needs_space(source, previous_end, start, end, out):
            out += " "
        out += _piece(source, start, end)
        previous_end = end
    # white space folded as re.sub(r"\s+", " ", out).strip() would: str.split() cuts at exactly what \s matches
    return " ".join(out.split())


def _cut_word(source: str, previous_end: int, start: int) -> bool:
    """Whether the emphasis marks between two letters cut one word: a page saved as Markdown sets a word's
    first or last letter in a bold run of its own ("**Type of ****t****hreat**", "grant program****s****"),
    where a run the page sets apart ("a triad of****strategic", "to support****a range") holds more than
    one letter on each side, or ends on a lone word before white space."""
    if previous_end < 1 or start >= len(source) or not (source[previous_end - 1].isalpha() and source[start].isalpha()):
        return False
    if previous_end < 2 or not source[previous_end - 2].isalpha():
        return True  # a letter alone opens the word
    return start + 1 < len(source) and source[start + 1] in "*_"  # a letter alone closes it, the marks right after


_CLOSERS = frozenset("\"'”’)]»")


def ends_terminal(source: str, spans: list[Span]) -> bool:
    """Whether the text of ``spans`` ends like a sentence (``TERMINAL``), reading only its last pieces.

    The pieces are taken from the end until one holds a character that is neither white space
    nor a closing quote or bracket: what decides ``TERMINAL`` is then inside them, and a long
    paragraph asked again and again is not rebuilt each time.
    """
    first = len(spans)
    while first > 0:
        first -= 1
        a, b = spans[first]
        if any(not ch.isspace() and ch not in _CLOSERS for ch in source[a:b]):
            break
    return bool(TERMINAL.search(text_from_spans(source, spans[first:])))


def _learned(score: float | None, why: list[dict[str, Any]]) -> dict[str, Any]:
    """The learned layer's fields, written only when a model decided (rule maps stay as they were)."""
    if score is None:
        return {}
    return {"score": round(float(score), 4), "why": [dict(w) for w in why]}


@dataclass
class Metadata:
    """What the document says about itself, kept apart from the argument."""

    title: str | None = None
    author: str | None = None
    affiliation: str | None = None
    date: str | None = None
    series: str | None = None
    identifier: str | None = None
    publisher: str | None = None
    copyright: str | None = None
    disclaimer: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "extra" and v is not None}
        data.update({k: v for k, v in sorted(self.extra.items()) if k not in data})
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Metadata":
        known = {k: data[k] for k in cls.__dataclass_fields__ if k != "extra" and k in data}
        extra = {k: str(v) for k, v in data.items() if k not in cls.__dataclass_fields__}
        return cls(**known, extra=extra)


@dataclass
class Footnote:
    """A note's text, where it stands, and its label as the markers cite it."""

    label: str
    spans: list[Span]
    text: str
    # one of the numbered notes of a notes section ("Notes", "Footnotes"), which stand in the order the
    # text cites them: where no marker cites them, that order and their words place them
    listed: bool = False


@dataclass(frozen=True)
class Citation:
    """A source a unit cites: a footnote by its label, or a link by its target and anchor words.

    Web briefs cite by hyperlink where printed ones cite by footnote; both are a unit's
    citations. ``span`` is where the citation stands in ``Document.text``: a footnote's
    marker (empty, at the marker, when only its place is known), or the link's anchor words,
    which stay in the unit's text while the link markup around them is cut out.
    """

    kind: str  # "footnote" | "link"
    label: str | None = None  # a footnote's label, as its markers cite it
    target: str | None = None  # a link's address, as the document gives it
    anchor: str | None = None  # a link's anchor words, white space folded
    span: Span | None = None
    # how a note that no marker cites was placed at this unit (``note_placement.place_unmarked_notes``):
    # "overlap: words, they, share" by the words it shares with the unit, "order" by the notes' order alone
    placed: str | None = None

    @classmethod
    def footnote(cls, label: str, span: Span | None = None, placed: str | None = None) -> "Citation":
        return cls("footnote", label=str(label), span=span, placed=placed)

    @classmethod
    def link(cls, target: str, anchor: str = "", span: Span | None = None) -> "Citation":
        return cls("link", target=target, anchor=" ".join(anchor.split()), span=span)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.kind == "footnote":
            data["label"] = self.label
        else:
            data["target"] = self.target
            data["anchor"] = self.anchor or ""
        if self.span is not None:
            data["span"] = [self.span[0], self.span[1]]
        if self.placed is not None:
            data["placed"] = self.placed
        return data

    @classmethod
    def from_dict(cls, data: Any) -> "Citation":
        """A citation from its JSON form; a bare string is a footnote label (maps written before links)."""
        if isinstance(data, str):
            return cls.footnote(data)
        span = data.get("span")
        span = (int(span[0]), int(span[1])) if span else None
        if data.get("kind", "footnote") == "link":
            return cls.link(str(data.get("target") or ""), str(data.get("anchor") or ""), span)
        placed = data.get("placed")
        return cls.footnote(str(data.get("label") or ""), span, str(placed) if placed is not None else None)


def cited_notes(citations: Iterable[Citation]) -> list[str]:
    """The labels of the footnotes among ``citations``, in order (a label cited twice twice)."""
    return [c.label for c in citations if c.kind == "footnote" and c.label is not None]


def cited_links(citations: Iterable[Citation]) -> list[Citation]:
    """The links among ``citations``, in order."""
    return [c for c in citations if c.kind == "link"]


@dataclass
class Block:
    """A structural block of the cleaned document: heading, paragraph, list item, ...

    ``spans`` point into ``Document.text``; inline markup and footnote markers are already
    cut out of them. ``citations`` are the footnote markers cut out and the links whose markup
    was cut (their anchor words stay), in reading order.
    """

    kind: str  # "title" | "heading" | "paragraph" | "list_item"; a reader's also "table" | "footnote" | "break" | "code" | "front_matter"
    spans: list[Span]
    level: int = 0
    section: tuple[str, ...] = ()
    list_marker: str | None = None
    citations: list[Citation] = field(default_factory=list)
    after_break: bool = False
    # What a reader knew of the block (``Document.layout``); None where it did not know.
    label: str | None = None  # a footnote's label, as its markers cite it (on each block of a note)
    depth: int = 0  # a list item's nesting depth (0 outermost): the one measure of how lists nest
    # Where a reader's text keeps the source's markup (Markdown's): where the block's words begin after its
    # own markup ("- ", "[^1]: "), how many quotes hold it, the
    # markup inside its span that is no part of its words (the ">" opening each quoted line, emphasis
    # marks, a link's brackets and target, code's backticks), and its verbatim text (code, an escaped
    # character, an autolink's address), whose characters are words whatever they are
    content_start: int | None = None
    quote: int = 0
    markup: list[Span] = field(default_factory=list)
    verbatim: list[Span] = field(default_factory=list)
    emphasis: list[Span] = field(default_factory=list)  # runs set in bold inside the block
    italic: list[Span] = field(default_factory=list)  # runs set in italics, where a reader knows them
    page: int | None = None  # the page it starts on, from 0
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom on its first page
    font_size: float | None = None
    bold: bool | None = None  # set wholly in bold
    # the standfirst: the body's opening paragraph set apart from the body (wholly in italics), the
    # publisher's summary of what the piece argues; the major claim is sought there first
    standfirst: bool = False
    # a heading set at the level of the heading before it whose wording it extends ("IFPC Increment 2
    # Fielding Plans" after "IFPC Increment 2"): that heading's words, under which it was nested
    extends: str | None = None

    def text(self, source: str) -> str:
        return text_from_spans(source, self.spans)

    @property
    def numbered(self) -> bool:
        """A list item whose marker is a number ("1.", "a)"): part of its text, where a reader cuts a bullet."""
        return self.kind == "list_item" and bool(self.list_marker) and self.list_marker[-1:] in (".", ")")


@dataclass
class Document:
    """A read and cleaned document: its text and structure, ready for segmentation."""

    text: str
    name: str = "document"
    format: str = "markdown"
    metadata: Metadata = field(default_factory=Metadata)
    title_spans: list[Span] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    set_aside: list[dict[str, Any]] = field(default_factory=list)
    #: the blocks a reader found (headings, paragraphs, list items, tables, footnotes; Markdown's also
    #: page breaks, code, front matter), one span each over ``text``, in order and apart, with the
    #: layout evidence it had. The cleaning reads it and fills ``blocks``; a document made from a text
    #: alone has none until the cleaning reads the text as Markdown (``argmap.read.markdown``).
    layout: list[Block] = field(default_factory=list)


@dataclass
class Unit:
    """A segment of the document on its way to becoming a node.

    Segmentation fills the structure (kind, spans, section, paragraph, cues); classification
    fills ``type``, ``rule`` and the flags; linking reads both.
    """

    kind: str  # "title" | "heading" | "sentence" | "footnote"
    spans: list[Span]
    text: str
    section: tuple[str, ...] = ()
    paragraph: int | None = None
    position: int = 0
    block_kind: str = "paragraph"
    level: int = 0
    list_marker: str | None = None
    ordinal: int | None = None
    ordinal_cue: str | None = None
    markers: list[Any] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)  # its footnote markers and links, in reading order
    footnote: str | None = None
    generic: bool = False
    standfirst: bool = False  # a sentence of the document's standfirst (``Block.standfirst``)
    extends: str | None = None  # a heading nested under the one whose wording it extends (``Block.extends``)
    type: NodeType | None = None
    rule: str = ""
    cue: str | None = None
    hedge_cue: str | None = None
    excluded: str | None = None
    id: str = ""

    def marker(self, *roles: str, initial: bool | None = True):
        """The first discourse marker of one of ``roles`` (opening the sentence by default)."""
        for hit in self.markers:
            if hit.role in roles and (initial is None or hit.initial == initial):
                return hit
        return None


class _Tracked:
    """Counts every change made to a node or an edge, so a map's index knows when it is stale."""

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        _EDITS[0] += 1


#: one counter for every node and edge: an edit anywhere makes every index rebuild on its next question
_EDITS = [0]


class Later:
    """A value worked out when it is first read: one of the values ``make`` returns, all at once, for many.

    A learned decision's reasons (``Node.why``, ``Edge.why``) are worked out for every node and edge of
    a map in one step, and only when one is first shown or written: a map that is only searched or
    counted never pays for them. Copied or pickled, it is the value itself.
    """

    __slots__ = ("_batch", "_at")

    def __init__(self, batch: "_Batch", at: int):
        self._batch, self._at = batch, at

    @classmethod
    def each(cls, make, count: int) -> list["Later"]:
        """``count`` values ``make()`` returns as a list, each read later."""
        batch = _Batch(make)
        return [cls(batch, at) for at in range(count)]

    def value(self) -> Any:
        return self._batch.values()[self._at]

    def __reduce__(self):
        return _same, (self.value(),)


def _same(value: Any) -> Any:
    return value


class _Batch:
    """The values of many ``Later``s, made once even when threads read them at the same time: ``make``
    is kept until its values are stored, and one thread makes them while the others wait."""

    __slots__ = ("_make", "_values", "_lock")

    def __init__(self, make):
        self._make, self._values, self._lock = make, None, threading.Lock()

    def values(self) -> list:
        values = self._values
        if values is None:
            with self._lock:
                if self._values is None:
                    self._values = self._make()
                    self._make = None
                values = self._values
        return values


def _read_why(self) -> list[dict[str, Any]]:
    why = self._why
    if type(why) is Later:
        why = why.value()
        object.__setattr__(self, "_why", why)  # worked out, not changed: no edit
    return why


def _write_why(self, value) -> None:
    object.__setattr__(self, "_why", value)


#: ``why`` of a node and an edge: a list, or a ``Later`` that becomes one when first read
_WHY = property(_read_why, _write_why, doc="the features that weighed most: {\"feature\", \"weight\"}")
_NO_WHY = object()  # an edge made without reasons: its own empty list


@dataclass
class Node(_Tracked):
    """An argument unit with its provenance: where it stands and which rule put it there."""

    id: str
    type: NodeType
    text: str
    spans: list[Span]
    section: tuple[str, ...] = ()
    paragraph: int | None = None
    rule: str = ""
    cue: str | None = None
    hedged: bool = False
    hedge_cue: str | None = None
    markers: list[dict[str, str]] = field(default_factory=list)
    footnote: str | None = None
    citations: list[Citation] = field(default_factory=list)  # its footnote markers and links, in reading order
    ordinal: int | None = None
    score: float | None = None  # a learned model's probability for ``type``; None when the rules decided
    why: list[dict[str, Any]] = field(default_factory=list)  # the features that weighed most: {"feature", "weight"}

    def to_dict(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "type": str(self.type),
            "text": self.text,
            "spans": [list(s) for s in self.spans],
            "section": list(self.section),
            "paragraph": self.paragraph,
            "rule": self.rule,
            "cue": self.cue,
            "hedged": self.hedged,
            "hedge_cue": self.hedge_cue,
            "markers": [dict(m) for m in self.markers],
            "footnote": self.footnote,
            "citations": [c.to_dict() for c in self.citations],
            "ordinal": self.ordinal,
        }
        data.update(_learned(self.score, self.why))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Node":
        return cls(
            id=str(data["id"]),
            type=NodeType(data["type"]),
            text=data.get("text", ""),
            spans=[tuple(s) for s in data.get("spans", [])],
            section=tuple(data.get("section", ())),
            paragraph=data.get("paragraph"),
            rule=data.get("rule", ""),
            cue=data.get("cue"),
            hedged=bool(data.get("hedged", False)),
            hedge_cue=data.get("hedge_cue"),
            markers=[dict(m) for m in data.get("markers", [])],
            footnote=data.get("footnote"),
            citations=[Citation.from_dict(c) for c in data.get("citations", [])],
            ordinal=data.get("ordinal"),
            score=data.get("score"),
            why=[dict(w) for w in data.get("why", [])],
        )

    @property
    def cited_notes(self) -> list[str]:
        """The labels of the footnotes the unit cites."""
        return cited_notes(self.citations)

    @property
    def links(self) -> list[Citation]:
        """The links the unit cites."""
        return cited_links(self.citations)


Node.why = _WHY  # type: ignore[assignment]  # after the dataclass is made: its field, read through _WHY


@dataclass(init=False)
class Edge(_Tracked):
    """A relation from the unit that supports or attacks to the unit it serves.

    ``primary`` marks the one edge that places a unit in the tree; other edges (attacks,
    second supports) are extra relations on top of it.
    """

    source: str
    target: str
    type: EdgeType
    rule: str = ""
    cue: str | None = None
    primary: bool = True
    score: float | None = None  # a learned model's score for the attachment; None when the rules decided
    why: list[dict[str, Any]] = field(default_factory=list)

    def __init__(self, source: str, target: str, type: EdgeType, rule: str = "", cue: str | None = None,
                 primary: bool = True, score: float | None = None, why: list[dict[str, Any]] | Any = _NO_WHY) -> None:
        # the fields written at once and counted as one edit: edges are made by the thousand (the rules' and
        # the learned layer's), and a counted assignment per field cost more than the rest of making one
        fields = self.__dict__
        fields["source"] = source
        fields["target"] = target
        fields["type"] = type
        fields["rule"] = rule
        fields["cue"] = cue
        fields["primary"] = primary
        fields["score"] = score
        fields["_why"] = [] if why is _NO_WHY else why  # what ``why`` (``_WHY``) reads
        _EDITS[0] += 1

    def to_dict(self) -> dict[str, Any]:
        data = {
            "source": self.source,
            "target": self.target,
            "type": str(self.type),
            "rule": self.rule,
            "cue": self.cue,
            "primary": self.primary,
        }
        data.update(_learned(self.score, self.why))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Edge":
        return cls(
            source=str(data["source"]),
            target=str(data["target"]),
            type=EdgeType(data.get("type", "support")),
            rule=data.get("rule", ""),
            cue=data.get("cue"),
            primary=bool(data.get("primary", True)),
            score=data.get("score"),
            why=[dict(w) for w in data.get("why", [])],
        )


Edge.why = _WHY  # type: ignore[assignment]


@dataclass
class ArgumentMap:
    """The result of analysis: typed nodes, typed edges, metadata and the source they index."""

    nodes: list[Node]
    edges: list[Edge]
    metadata: Metadata = field(default_factory=Metadata)
    source_text: str = ""
    name: str = "document"
    source_format: str = "markdown"
    set_aside: list[dict[str, Any]] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)

    # --- lookups -------------------------------------------------------------------
    @property
    def index(self) -> "MapIndex":
        """The map's lookups, built in one pass and kept until the map changes.

        Adding or removing nodes or edges, assigning new lists, or editing a node or an edge
        makes the next question rebuild it. Only replacing a list item in place
        (``amap.edges[0] = other``) goes unseen: call ``reindex()`` after that.
        """
        key = (id(self.nodes), len(self.nodes), id(self.edges), len(self.edges), _EDITS[0])
        cached = self.__dict__.get("_index")
        if cached is None or cached[0] != key:
            cached = (key, MapIndex(self.nodes, self.edges))
            self.__dict__["_index"] = cached
        return cached[1]

    def reindex(self) -> "MapIndex":
        """Rebuild the index now (after replacing a node or an edge in its list)."""
        self.__dict__.pop("_index", None)
        return self.index

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_index"}

    def node(self, node_id: str) -> Node:
        try:
            return self.index.nodes[node_id]
        except KeyError:
            raise KeyError(node_id) from None

    def by_type(self, node_type: NodeType | str) -> list[Node]:
        wanted = NodeType(node_type)
        return [n for n in self.nodes if n.type == wanted]

    @property
    def major_claim(self) -> Node | None:
        found = self.by_type(NodeType.MAJOR_CLAIM)
        return found[0] if found else None

    def parent_of(self, node_id: str) -> Edge | None:
        """The primary edge that places ``node_id`` in the tree (the first, if there are several)."""
        return self.index.parent.get(node_id)

    def children_of(self, node_id: str, *, primary_only: bool = True) -> list[Edge]:
        """The edges into ``node_id``, in map order: primary ones only unless told otherwise."""
        edges = self.index.into.get(node_id, [])
        return [e for e in edges if e.primary] if primary_only else list(edges)

    def out_of(self, node_id: str) -> list[Edge]:
        """The edges from ``node_id``, in map order."""
        return list(self.index.out_of.get(node_id, []))

    # --- forms ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the scorer's ``nodes``/``edges`` shape plus provenance and metadata."""
        return {
            "format": SCHEMA_VERSION,
            "document": self.name,
            "source_format": self.source_format,
            "metadata": self.metadata.to_dict(),
            "nodes": [n.to_dict() for n in self.nodes],
            "edges": [e.to_dict() for e in self.edges],
            "non_argumentative": [dict(x) for x in self.set_aside],
            "settings": dict(sorted(self.settings.items())),
            "source_text": self.source_text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ArgumentMap":
        return cls(
            nodes=[Node.from_dict(n) for n in data.get("nodes", [])],
            edges=[Edge.from_dict(e) for e in data.get("edges", [])],
            metadata=Metadata.from_dict(data.get("metadata", {})),
            source_text=data.get("source_text", ""),
            name=data.get("document", "document"),
            source_format=data.get("source_format", "markdown"),
            set_aside=[dict(x) for x in data.get("non_argumentative", [])],
            settings=dict(data.get("settings", {})),
        )


class MapIndex:
    """Lookups over a map's nodes and edges, built in one pass (time linear in the map's size).

    ``nodes`` by id (the first of a repeated id), ``out_of`` and ``into`` each node the edges
    from and to it in map order, ``parent`` each node's first primary edge.
    """

    __slots__ = ("nodes", "out_of", "into", "parent")

    def __init__(self, nodes: Iterable[Node], edges: Iterable[Edge]):
        self.nodes: dict[str, Node] = {}
        for node in nodes:
            self.nodes.setdefault(node.id, node)
        self.out_of: dict[str, list[Edge]] = {}
        self.into: dict[str, list[Edge]] = {}
        self.parent: dict[str, Edge] = {}
        for edge in edges:
            self.out_of.setdefault(edge.source, []).append(edge)
            self.into.setdefault(edge.target, []).append(edge)
            if edge.primary:
                self.parent.setdefault(edge.source, edge)
