"""Web residue: navigation, link lists, field tables and share bars, told from the text by shape.

A web page saved as Markdown (or read as HTML) carries the site around the report: breadcrumbs,
"Download PDF" and share links, a version list, a table of the page's fields, the title said
again beside a "Listen" link. As boilerplate removers do (jusText, trafilatura), each block is
judged by its features — how much of it is link text, how long it is, whether it ends like a
sentence, where it stands against the first and last paragraph of prose, whether it repeats
the title — and never by one site's words. The module knows no language: the words that name
metadata fields are the language data's (``Lexicon.metadata_field``), read by ``web_residue``,
which sets the residue of a scanned document aside and fills its metadata from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..dates import find_date
from ..model import SENTENCE_STOP, Metadata
from ..read.markdown import pointer_line
from .metadata import IDENT, _assign_meta, date_line
from .structure import RawBlock, Scan, plain

__all__ = ["BlockFeatures", "BlockView", "Verdict", "features", "classify", "fields", "web_residue", "RESIDUE_KINDS"]

#: the kinds this module gives, each with what it means (the set-aside entry's ``reason``)
RESIDUE_KINDS = {
    "navigation": "links with next to no text of their own (a menu, breadcrumbs, a share bar)",
    "link_list": "a list whose items are links (versions, related pages)",
    "page_tail": "after the last paragraph of prose, a heading or a title's line: the page's list of other articles",
    "related_link": "a line that points to another page: a pointer (\">>>\", an arrow) or a lone link, then a title",
    "field_table": "label: value fields (the page's metadata)",
    "table": "table rows (a table, or a figure or box framed as one)",
    "masthead": "a short line before the first paragraph of prose, with a link, a date or the title",
    "repeated_title": "the title said again",
    "residue_heading": "a heading over nothing but residue",
}

# Markdown links and images, HTML anchors, bare addresses. Link texts with one level of nested
# brackets; targets with one level of parentheses (as congress.gov's search links have).
_MD_LINK = re.compile(r"!?\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(((?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"\n]*\")?\)")
_HTML_LINK = re.compile(r"<a\b[^<>]*>(.*?)</a>", re.I | re.S)
_BARE_URL = re.compile(r"(?<![\w(/])(?:https?://|www\.)[^\s<>()\[\]]+", re.I)
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
# a sentence's end, maybe with a note's marker after it ('… services."1', '… law.[^3]')
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]»*_]*(?:\d{1,3}|\[\^?[\w-]{1,20}\]|<sup>[^<>]{1,20}</sup>)?\s*$")
# "**Label:** value", "| **Label:** | value", "Label: value": a short label that ends in a colon
# (matched on a stripped line: no two white-space runs in a row, so no line of spaces can make it backtrack)
_FIELD = re.compile(r"^\|?[ \t]?(?:\*\*|__)?(?P<label>[^\W\d_][^:|*\n]{0,40}?):(?:\*\*|__)?[ \t]*\|?[ \t]*(?P<value>\S.*)$")
_MARKUP = re.compile(r"[*_`#>|]+")
_DATE_SHAPE = re.compile(
    r"\b(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{4}[-./]\s?\d{1,2}[-./]\s?\d{1,2}|[A-Z][a-z]{2,9}\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]{2,9} \d{4})\b")

#: fewer words than this of a block's own (outside its links) make it navigation
_OWN_WORDS = 3
#: a block of prose: at least this many words, most of them outside links, ending like a sentence
_PROSE_WORDS = 10
#: the most words a title has that a line pointing to another page gives
_POINTER_WORDS = 25
#: the fewest headings and title lines after the last paragraph of prose that make a list of other articles
_TAIL_BLOCKS = 3


@dataclass(frozen=True)
class BlockFeatures:
    """What a block looks like, measured on its raw text."""

    words: int  # words of the block's text (link texts included, link targets not)
    link_words: int  # words inside link texts
    links: int  # links (Markdown, HTML anchors, bare addresses)
    lines: int
    field_lines: int  # lines shaped "Label: value"
    pipe_lines: int  # lines opening with "|": table rows, or a figure or box framed in a table
    terminal: bool  # the text ends like a sentence
    sentences: int  # sentence stops inside the text, plus a final one
    dated: bool  # a date stands in it

    @property
    def link_density(self) -> float:
        return self.link_words / self.words if self.words else (1.0 if self.links else 0.0)

    @property
    def own_words(self) -> int:
        """Words outside the links."""
        return self.words - self.link_words

    @property
    def prose(self) -> bool:
        """A paragraph of prose: long enough, mostly not links, ending like a sentence, not a list of fields.

        A box of prose framed as a table's one cell is prose too; table rows are told by their cells."""
        return (self.own_words >= _PROSE_WORDS and self.link_density < 0.5 and self.terminal
                and self.field_lines * 2 < self.lines)


def _count_words(text: str) -> int:
    return len(_WORD.findall(_MARKUP.sub(" ", text)))


def features(raw: str) -> BlockFeatures:
    """The features of one block's raw text (Markdown, or plain text with bare addresses)."""
    link_texts: list[str] = []

    def keep_text(m: re.Match) -> str:
        link_texts.append(m.group(1))
        return " " + m.group(1) + " "

    text = _MD_LINK.sub(keep_text, raw)
    text = _HTML_LINK.sub(keep_text, text)
    bare = _BARE_URL.findall(text)
    text = _BARE_URL.sub(" ", text)
    text = re.sub(r"<[^<>\n]*>", " ", text)
    words = _count_words(text) + len(bare)
    link_words = sum(_count_words(t) for t in link_texts) + len(bare)
    lines = [ln for ln in raw.splitlines() if ln.strip()] or [raw]
    flat = " ".join(text.split())
    plain_end = _MARKUP.sub("", flat).rstrip()
    return BlockFeatures(
        words=words,
        link_words=min(link_words, words),
        links=len(link_texts) + len(bare),
        lines=len(lines),
        field_lines=sum(1 for ln in lines if _field(ln) is not None),
        pipe_lines=sum(1 for ln in lines if ln.lstrip().startswith("|")),
        terminal=bool(_TERMINAL.search(plain_end)),
        sentences=len(SENTENCE_STOP.findall(flat)) + bool(_TERMINAL.search(plain_end)),
        dated=bool(_DATE_SHAPE.search(flat)),
    )


def _field(line: str) -> tuple[str, str] | None:
    """("Label", "value") when a line is a field: a label of at most four words, a colon, a short value."""
    plain = _MD_LINK.sub(lambda m: m.group(1), line).strip()
    m = _FIELD.match(plain)
    if not m:
        return None
    label = m.group("label").strip(" *_|")
    value = m.group("value").strip(" *_|")
    if not label or len(label.split()) > 4 or not value or len(value.split()) > 40:
        return None
    # a sentence that has a colon in it ("The rule is clear: ...") is no field: its label is lower case
    if not label[0].isupper():
        return None
    return label, value


def _marked_field(raw: str) -> bool:
    """A field whose label is set apart by markup ("**Label:** value", "| Label: | value"): one line is enough."""
    return bool(re.match(r"^\s*(?:\|\s*)?(?:\*\*|__)[^*_\n]{1,40}:\s*(?:\*\*|__)|^\s*\|[^|\n]{1,40}:\s*\|", raw))


def _cells(raw: str) -> bool:
    """A line of two cells or more: a table row (a box of prose framed in one cell is no table)."""
    return any(ln.strip().strip("|").count("|") >= 1 for ln in raw.splitlines() if ln.lstrip().startswith("|"))


def _empty_frame(raw: str) -> bool:
    """A framed line with nothing in it, where a figure's picture stood."""
    return any(not ln.strip().strip("|").strip() for ln in raw.splitlines() if ln.lstrip().startswith("|"))


def _carries_on(plain: str) -> bool:
    """Text that stops on a comma, semicolon or colon carries a sentence on: it is no menu."""
    return plain.rstrip()[-1:] in (",", ";", ":")


def fields(raw: str) -> list[tuple[str, str]]:
    """The (label, value) fields of a block, one a line; "| A: | x | B: | y" rows give several."""
    out: list[tuple[str, str]] = []
    for line in raw.splitlines():
        cells = [c.strip(" *_") for c in line.strip().strip("|").split("|")] if line.lstrip().startswith("|") else []
        if len(cells) >= 2:
            for label, value in zip(cells[0::2], cells[1::2]):
                if label.endswith(":") and value:
                    found = _field(f"{label} {value}")
                    if found:
                        out.append(found)
            continue
        found = _field(line)
        if found:
            out.append(found)
    return out


@dataclass(frozen=True)
class Verdict:
    """Why a block is set aside: its kind and the features that decided."""

    kind: str
    reason: str


@dataclass(frozen=True)
class BlockView:
    """What the classifier reads of a block."""

    kind: str  # heading | paragraph | list_item | table | ...
    raw: str  # the block's text as written
    plain: str  # its text with markup cut (what a unit would say)
    section_name: bool = False  # a heading the language data names a report's own section ("Summary")


class _ScannedView:
    """A ``BlockView`` of a scanned block whose plain text (and whether it names a report's section) is
    made when a rule first reads it: most blocks of a brief are never read so, and their text is cut
    later with the notes' markers known (``structure.body_blocks``)."""

    __slots__ = ("kind", "raw", "_scan", "_block")

    def __init__(self, scan: Scan, block: RawBlock) -> None:
        self.kind, self.raw, self._scan, self._block = block.kind, scan.text[block.start:block.end], scan, block

    @property
    def plain(self) -> str:
        return plain(self._scan.text, self._block)

    @property
    def section_name(self) -> bool:
        return self.kind == "heading" and self._scan.lexicon.is_generic_heading(self.plain)


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _parted(plain: str) -> str:
    """A line's folded words with the words a page glued where case turns parted ("…ShippersApril 10")."""
    return _fold(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", plain))


def _holds(folded: str, title: str) -> bool:
    """Whether a block's words hold a title of three words or more, whole words at both ends."""
    return len(title.split()) >= 3 and f" {title} " in f" {folded} "


def _describe(f: BlockFeatures) -> str:
    return (f"{f.words} words, {f.link_words} in {f.links} link{'s' if f.links != 1 else ''}"
            f" (link density {f.link_density:.2f})")


def _may_be_residue(raw: str) -> bool:
    """Whether a block holds what residue anywhere in the text needs: a link (Markdown, an HTML anchor,
    an address), two colons (two "Label: value" fields) or a pipe (a table row). A block without any is
    judged only where it stands before the first paragraph of prose."""
    return ("|" in raw or raw.count(":") >= 2 or "](" in raw or "<a" in raw or "<A" in raw or "://" in raw
            or "www." in raw.lower() or _pointer(raw))


def _pointer(raw: str) -> bool:
    """A block of one line that points to another page (``read.markdown.pointer_line``)."""
    raw = raw.strip()
    return "\n" not in raw and pointer_line(raw)


def _lone_link(f: BlockFeatures, plain: str) -> bool:
    """A line that is one link and nothing else, with a title's words: a link to another page, set between
    paragraphs. A sentence that is all one link ("[Costs rose by half.](…)") stays: it ends on a full stop
    and is not set in title case."""
    if (f.links != 1 or f.own_words or f.lines != 1 or f.words > _POINTER_WORDS or SENTENCE_STOP.search(plain)
            or _carries_on(plain)):
        return False  # "[According to the agency](…)," carries a sentence on
    text = plain.strip().rstrip("\"'”’)]*_ ")
    return text[:1].isupper() and (not text.endswith(".") or _title_case(text))


def _title_case(text: str) -> bool:
    """Most of a line's longer words open in a capital, as a title's do."""
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) * 4 >= len(words) * 3


class _Features:
    """Each block's ``features``, measured when first asked for: most blocks of a brief are prose that
    no rule needs measured (see ``_may_be_residue``) once the first paragraph of prose is found."""

    def __init__(self, blocks: Sequence[BlockView]) -> None:
        self.blocks = blocks
        self.found: dict[int, BlockFeatures] = {}

    def __getitem__(self, i: int) -> BlockFeatures:
        f = self.found.get(i)
        if f is None:
            f = self.found[i] = features(self.blocks[i].raw)
        return f


def classify(blocks: Sequence[BlockView], title: str | None = None) -> list[Verdict | None]:
    """A verdict for each block that is web residue, ``None`` for the others.

    Anywhere in the text: blocks of links with next to no words of their own, lists of links,
    field tables, rows of a table. Before the first paragraph of prose (the head of a page),
    also short lines carrying a link, a date or the title, the title said again (and what stands
    between its two copies: the site's header), and headings that stand over nothing but residue.
    """
    feats = _Features(blocks)
    verdicts: list[Verdict | None] = [None] * len(blocks)
    folded_title = _fold(title or "")
    for i, b in enumerate(blocks):
        if b.kind == "heading" or not _may_be_residue(b.raw):
            continue
        if b.kind != "list_item" and _pointer(b.raw):
            verdicts[i] = Verdict("related_link", f"{RESIDUE_KINDS['related_link']}: a pointer opens it")
            continue
        f = feats[i]
        if f.links and f.own_words < _OWN_WORDS and not f.terminal and not _carries_on(b.plain):
            kind = "link_list" if b.kind == "list_item" else "navigation"
            verdicts[i] = Verdict(kind, f"{RESIDUE_KINDS[kind]}: {_describe(f)}")
        elif b.kind != "list_item" and _lone_link(f, b.plain):  # a linked title that ends like a sentence ("…?")
            verdicts[i] = Verdict("related_link", f"{RESIDUE_KINDS['related_link']}: {_describe(f)}")
        elif f.field_lines * 2 > f.lines and f.field_lines >= 2 and not f.prose:
            verdicts[i] = Verdict("field_table", f"{RESIDUE_KINDS['field_table']}: {f.field_lines} of {f.lines} lines")
        elif f.pipe_lines and f.pipe_lines * 2 >= f.lines and b.kind != "list_item" and (
                not f.prose or _cells(b.raw) or _empty_frame(b.raw)):
            verdicts[i] = Verdict("table", f"{RESIDUE_KINDS['table']}: {f.pipe_lines} of {f.lines} lines")
    # list items between link lists are one list: a lone item that is text stays
    first_prose = next((i for i, b in enumerate(blocks)
                        if b.kind != "heading" and verdicts[i] is None and feats[i].prose), len(blocks))
    if first_prose == len(blocks):
        return verdicts  # no paragraph of prose at all: no head of a page to tell from a body
    for i in range(first_prose):
        b = blocks[i]
        if verdicts[i] is not None:
            continue
        folded = _fold(b.plain)
        if folded_title and folded == folded_title:
            verdicts[i] = Verdict("repeated_title", RESIDUE_KINDS["repeated_title"])
            continue
        if b.kind == "heading":
            continue
        f = feats[i]
        if f.field_lines and _marked_field(b.raw) and not f.prose:
            verdicts[i] = Verdict("field_table", f"{RESIDUE_KINDS['field_table']}: {f.field_lines} of {f.lines} lines")
        elif not f.prose and not _carries_on(b.plain) and (
                f.links or f.dated or _holds(folded, folded_title) or _holds(_parted(b.plain), folded_title)) and f.words <= 40:
            verdicts[i] = Verdict("masthead", f"{RESIDUE_KINDS['masthead']}: {_describe(f)}"
                                              f"{', dated' if f.dated else ''}")
    _page_header(blocks, verdicts, feats, first_prose)
    for i in range(first_prose):
        if blocks[i].kind != "heading" or verdicts[i] is not None:
            continue
        following = next((j for j in range(i + 1, len(blocks)) if blocks[j].kind != "heading"), None)
        if blocks[i].section_name and following is not None and following > i + 1:
            continue  # a report's own "Summary" with a cover page's side column (number, title, date) under it
        if following is not None and following < first_prose and verdicts[following] is not None:
            verdicts[i] = Verdict("residue_heading", RESIDUE_KINDS["residue_heading"])
    _page_tail(blocks, verdicts, feats)
    return verdicts


def _title_line(f: BlockFeatures, plain: str) -> bool:
    """A short line that names rather than states: no sentence stop inside, none at its end but a question
    mark, not carrying a sentence on (an article's title, a section label, "More on this topic")."""
    text = plain.strip().rstrip("\"'”’)]*_ ")
    return (f.lines == 1 and 0 < f.words <= _POINTER_WORDS and not SENTENCE_STOP.search(plain)
            and not _carries_on(plain) and not text.endswith((".", "!", "…")))


def _page_tail(blocks: Sequence[BlockView], verdicts: list[Verdict | None], feats: _Features) -> None:
    """A web page's tail: after its last paragraph of prose, a page that shows web residue elsewhere lists
    other articles (their titles, a topic's label, "More on this issue"). Three or more headings and title
    lines there are set aside; a list (a brief's closing recommendations) and any line that ends like a sentence stay."""
    if not any(v is not None for v in verdicts):
        return
    last_prose = next((i for i in range(len(blocks) - 1, -1, -1)
                       if blocks[i].kind == "paragraph" and verdicts[i] is None and feats[i].prose), None)
    if last_prose is None:
        return
    tail = [i for i in range(last_prose + 1, len(blocks)) if verdicts[i] is None]
    if len(tail) < _TAIL_BLOCKS:
        return  # a closing line or two (a last question, a sign-off) is the text's own
    if any(blocks[i].kind == "list_item" or (blocks[i].kind != "heading" and not _title_line(feats[i], blocks[i].plain))
           for i in tail):
        return  # something there is no title: the tail is the text's own
    for i in tail:
        verdicts[i] = Verdict("page_tail", f"{RESIDUE_KINDS['page_tail']}: {_describe(feats[i])}")


def _page_header(blocks: Sequence[BlockView], verdicts: list[Verdict | None], feats: _Features, first_prose: int) -> None:
    """A page that gives its title twice, in the site's header and again over the text: the short lines
    between the two copies are the header's (a section label, the title's second line), and such a line
    said again after the second copy is the title's second line said again. Blocks of prose stay."""
    repeat = next((i for i in range(first_prose)
                   if verdicts[i] is not None and verdicts[i].kind == "repeated_title"), None)
    if repeat is None:
        return
    header = set()
    for i in range(repeat):
        if verdicts[i] is None and blocks[i].kind != "heading" and not feats[i].prose:
            verdicts[i] = Verdict("masthead", f"{RESIDUE_KINDS['masthead']}: it stands between the title and the title said again")
            header.add(_fold(blocks[i].plain))
    for i in range(repeat + 1, first_prose):
        if verdicts[i] is None and _fold(blocks[i].plain) in header:
            verdicts[i] = Verdict("repeated_title", RESIDUE_KINDS["repeated_title"])


def web_residue(scan: Scan, title: str | None, title_index: int | None) -> None:
    """Set aside a web page's residue in a scanned document; the fields and dates in it fill the metadata.

    What stands before the title is the masthead's (``metadata.read_masthead``), not the residue's;
    a dateline with no link in it is left to ``metadata.read_byline``.
    """
    text, metadata = scan.text, scan.metadata
    after = scan.blocks[title_index + 1:] if title_index is not None else scan.blocks
    candidates: list[RawBlock] = [b for b in after if b.role is None and b.kind in ("heading", "paragraph", "list_item")]
    for b, verdict in zip(candidates, classify([_ScannedView(scan, b) for b in candidates], title)):
        if verdict is None:
            continue
        raw = text[b.start:b.end]
        if verdict.kind == "field_table":
            for label, value in fields(raw):
                value = re.sub(r"\s+", " ", value).strip()
                name = scan.lexicon.metadata_field(label)
                if name is not None:
                    _assign_meta(metadata, name, value)
                elif key := re.sub(r"\W+", "_", label.lower()).strip("_"):
                    metadata.extra.setdefault(key, value)
        elif verdict.kind == "masthead" and "](" not in raw and date_line(plain(text, b), Metadata()):
            continue  # a dateline ("2024. 02. 22 | CO 24-17"): the byline and dateline reading takes it
        elif verdict.kind == "masthead":
            # a page glues the title to the date ("…FundApril 9, 2026"): words parted where case turns
            line = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", plain(text, b))
            found = find_date(line)
            # a written-out date is read for sure; "03/02/2025" from a field could be either order
            if found and (metadata.date is None or not re.match(r"\d{4}-\d{2}", metadata.date)):
                metadata.date = found[0]
            ident = re.search(r"\(([^()]{2,30})\)\s*$", line)
            if ident and IDENT.match(ident.group(1).strip()) and metadata.identifier is None:
                metadata.identifier = ident.group(1).strip()
        b.role = verdict.kind
        scan.set_aside.append({"kind": verdict.kind, "text": plain(text, b), "spans": [[b.start, b.end]],
                               "reason": verdict.reason})
