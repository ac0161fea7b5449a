"""Metadata: what the document says about itself (front matter, title, masthead, byline, dateline).

What is read here is kept in ``Metadata`` and its lines are set aside, not mapped as argument.
"""

from __future__ import annotations

import re

from ..dates import find_date
from ..lang.document import document_words
from ..model import Metadata, Span, text_from_spans
from .structure import TERMINAL, Scan, emphasised, pieces, plain

__all__ = ["front_matter", "find_title", "read_masthead", "read_byline", "date_line", "only_date", "byline",
           "publisher", "IDENT"]

_YAML_LINE = re.compile(r"^([A-Za-z_][\w -]*):[ \t]*(.*?)[ \t]*$")
_BOLD_NAME = re.compile(r"^\*\*(?P<name>[^*]{2,80})\*\*\s*(?:\((?P<aff>[^)]{2,200})\)|[,|–—-]\s*(?P<aff2>.{2,200}))?\s*$")
IDENT = re.compile(r"^[A-Z][A-Za-z&.]{0,12}(?:[ -]?[A-Za-z]{0,6})?[ -]?\d[\w./-]*$")
_YEARS = re.compile(r"\b(19|20)\d{2}(?:\s*[-–]\s*(19|20)?\d{2})?\b")

_DIGIT = re.compile(r"\d")
#: a word closing a sentence: letters, then its full stop, question or exclamation mark
_SENTENCE_END = re.compile(r"[^\W\d_]*[^\W\d_A-Z][.!?…][\"'”’)\]»]*(?:\s|$)")
_LOWER_WORD = re.compile(r"(?<![\w.])[^\W\d_A-Z][^\W\d_]+")


def _in_a_sentence(rest: str) -> bool:
    """Whether what stands around a date on a line is a sentence the date is part of ("The agency acted on
    January 5, 2024. It took effect."), not a label, series or identifier beside it: a sentence has
    lower-case words and a word that closes it, or many lower-case words."""
    lower = len(_LOWER_WORD.findall(rest))
    return lower >= 4 or (lower >= 2 and bool(_SENTENCE_END.search(rest)))


def front_matter(text: str, metadata: Metadata, lines: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """Read the ``key: value`` lines of YAML front matter (``text[lines[0]:lines[1]]``, as the parser
    found it) into ``metadata``; returns the span of each value by its key."""
    spans: dict[str, tuple[int, int]] = {}
    offset = lines[0]
    for line in text[lines[0]:lines[1]].splitlines(keepends=True):
        lm = _YAML_LINE.match(line.rstrip("\n"))
        if lm and lm.group(2):
            key = lm.group(1).strip().lower().replace(" ", "_").replace("-", "_")
            value = lm.group(2)
            v_start = offset + lm.start(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
                v_start += 1
            if not value.strip():  # `title: ""` says nothing
                offset += len(line)
                continue
            spans[key] = (v_start, v_start + len(value))
            _assign_meta(metadata, key, value)
        offset += len(line)
    return spans


def _assign_meta(metadata: Metadata, key: str, value: str) -> None:
    aliases = {"authors": "author", "by": "author", "published": "date", "pubdate": "date", "publication_date": "date",
               "date_published": "date", "updated": "date", "id": "identifier",
               "report_number": "identifier", "number": "identifier", "organization": "publisher",
               "institution": "publisher", "source": "publisher"}
    key = aliases.get(key, key)
    if key == "date":
        found = find_date(value)
        value = found[0] if found else value
    if key in Metadata.__dataclass_fields__ and key != "extra":
        if getattr(metadata, key) is None:
            setattr(metadata, key, value)
    else:
        metadata.extra.setdefault(key, value)


def date_line(line: str, metadata: Metadata) -> bool:
    """A line that carries the date (and maybe an identifier): ``2024. 02. 22 | CO 24-17``."""
    found = find_date(line)
    if not found or len(line) > 120:
        return False
    iso, (a, b) = found
    rest = (line[:a] + " " + line[b:]).strip()
    rest = document_words().date_label.sub(" ", rest)
    if _in_a_sentence(rest):
        return False  # the date is part of a sentence: the sentence is argument, not a dateline
    parts = [p.strip() for p in re.split(r"\s*[|•·/()\[\]]\s*|\s+[–—-]\s+", rest) if p.strip()]
    leftover = []
    for p in parts:
        p = p.strip("()[]")
        if p == metadata.identifier:
            continue
        if metadata.identifier is None and IDENT.match(p):
            metadata.identifier = p
        else:
            leftover.append(p)
    if len(" ".join(leftover).split()) > 8:
        return False
    metadata.date = metadata.date or iso
    for p in leftover:
        if metadata.series is None:
            metadata.series = p
    return True


def only_date(line: str) -> bool:
    if len(line) > 60 or not _DIGIT.search(line):  # every date has its year in digits: no search needed
        return False
    found = find_date(line)
    if not found:
        return False
    _, (a, b) = found
    rest = document_words().date_label.sub(" ", line[:a] + " " + line[b:])
    return not re.search(r"\w", rest)


def byline(line: str, metadata: Metadata) -> bool:
    if len(line) > 250 or metadata.author:
        return False
    several = document_words().bold_names.match(line)
    if several:  # "**Kim, Jiyoung** · **Lee, Sangsin** (Research Fellows, …)"
        names = re.findall(r"\*\*([^*]{2,80})\*\*", several.group("names"))
        if all(_name_like(n) and not re.search(r"\d", n) for n in names):
            metadata.author = " and ".join(n.strip() for n in names)
            if several.group("aff"):
                metadata.affiliation = several.group("aff").strip()
            return True
    m = _BOLD_NAME.match(line)
    if m and _name_like(m.group("name")) and not re.search(r"\d", m.group("name")):
        metadata.author = m.group("name").strip()
        aff = m.group("aff") or m.group("aff2")
        if aff:
            metadata.affiliation = aff.strip()
        return True
    plain = re.sub(r"[*_]", "", line).strip()
    m = document_words().byline.match(plain)
    if m and not TERMINAL.search(plain.rstrip(")")) and _name_like(m.group("name").split("(")[0]):
        name = m.group(1).strip()
        aff = re.search(r"\(([^)]+)\)\s*$", name)
        if aff:
            metadata.affiliation = aff.group(1).strip()
            name = name[: aff.start()].strip()
        metadata.author = name.rstrip(",;")
        return True
    return False


_NAME_ROLE = re.compile(r"^(?P<name>[^,;()|]{3,60}?)\s*(?:,\s*|\s+[–—-]\s+|\s*\()(?P<role>[^()]{2,120}?)\)?\s*$")


def _masthead_lines(lines: list[str], metadata: Metadata) -> bool:
    """A short block of lines under the title (series or number, date, author): read each line.

    It is a masthead when one of its lines is a date or a byline; the others are read as the
    author ("Jane Doe, Senior Economist"), the identifier or the series.
    """
    lines = [re.sub(r"[*_]", "", ln).strip() for ln in lines if ln.strip()]
    if len(lines) > 5 or any(len(ln) > 100 or TERMINAL.search(ln.rstrip(")")) and not find_date(ln) for ln in lines):
        return False
    probe = Metadata()
    dated = [ln for ln in lines if date_line(ln, probe)]
    signed = [ln for ln in lines if ln not in dated and byline(ln, probe)]
    if not dated and not signed:
        return False
    for ln in lines:
        bare = ln.strip("()[] ")
        if bare == metadata.identifier:
            continue
        if ln in dated:
            date_line(ln, metadata)
        elif ln in signed:
            byline(ln, metadata)
        elif metadata.author is None and (m := _NAME_ROLE.match(ln)) and _name_like(m.group("name")) and len(m.group("name").split()) <= 5:
            metadata.author, metadata.affiliation = m.group("name").strip(), m.group("role").strip()
        elif metadata.identifier is None and IDENT.match(bare):
            metadata.identifier = bare
        elif metadata.series is None:
            metadata.series = ln
        else:
            metadata.extra.setdefault("masthead", ln)
    return True


#: the small words inside names ("Ursula von der Leyen", "Smith et al."), of no one language
_NAME_PARTICLES = frozenset(("de", "van", "von", "der", "da", "di", "la", "le", "et", "al"))


def _name_like(text: str) -> bool:
    """Names are capitalised words ("Jane Doe", "J. Doe and A. Roe"), not a phrase that starts with "by"."""
    joiners = document_words().name_joiners
    words = [w for w in re.findall(r"[^\W\d_][\w.'’-]*", text) if w.lower() not in _NAME_PARTICLES and w.lower() not in joiners]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.75


def publisher(line: str) -> str | None:
    rest = document_words().copyright.sub("", line, count=1)
    rest = _YEARS.sub(" ", rest)
    rest = document_words().rights_reserved.sub(" ", rest)
    rest = re.sub(r"^[\s,.;:]+|[\s,.;:]+$", "", re.sub(r"\s+", " ", rest))
    return rest or None


def folded(value: str) -> str:
    return re.sub(r"[\W_]+", " ", value).strip().lower()


def find_title(scan: Scan, fm_spans: dict[str, tuple[int, int]]) -> tuple[int | None, list[Span]]:
    """The title: front matter's, else the first level-1 heading, else the first heading.

    Returns the title block's index (None when no block is the title) and the title's spans.
    """
    text, blocks, lexicon, metadata = scan.text, scan.blocks, scan.lexicon, scan.metadata
    # The title: front matter's, else the first level-1 heading, else the first heading.
    title_spans: list[Span] = []
    title_index: int | None = None
    if "title" in fm_spans:
        title_spans = [fm_spans["title"]]
        # the front matter's title repeated as the first line of the body is the title, not a sentence
        wanted = folded(text[fm_spans["title"][0]:fm_spans["title"][1]])
        for i, b in enumerate(blocks[:3]):
            if b.role is None and b.kind in ("paragraph", "heading") and folded(plain(text, b)) == wanted:
                title_index = i
                b.role = "title"
                break
    else:
        headings = [i for i, b in enumerate(blocks) if b.kind == "heading" and b.role is None]
        h1 = [i for i in headings if blocks[i].level == 1]
        candidates = h1 or headings[:1]
        if candidates and not h1 and _body_before(scan, candidates[0]):
            candidates = []  # a section heading after the text has begun: a text with no title
        if candidates:
            title_index = candidates[0]
        elif blocks and blocks[0].kind == "paragraph":
            first = plain(text, blocks[0])
            if (
                "\n" not in text[blocks[0].start:blocks[0].end].strip()
                and len(first.split()) <= 20
                and not TERMINAL.search(first)
                and not document_words().copyright.match(first)
                and not lexicon.is_boilerplate(first)
                and not find_date(first)
                and len(blocks) > 1
            ):
                title_index = 0
        if title_index is not None:
            tb = blocks[title_index]
            tb.role = "title"
            title_spans, _ = pieces(text, tb, tb.content_start or tb.start, tb.end, set())
    if title_spans:
        metadata.title = metadata.title or text_from_spans(text, title_spans)

    return title_index, title_spans


def _body_before(scan: Scan, index: int) -> bool:
    """Whether a paragraph of running text (a sentence of 15 words or more) stands before block
    ``index``: then the text has begun, and a heading there heads a section, not the document."""
    for b in scan.blocks[:index]:
        if b.role is None and b.kind in ("paragraph", "list_item"):
            words = plain(scan.text, b)
            if TERMINAL.search(words) and len(words.split()) >= 15:
                return True
    return False


def read_masthead(scan: Scan, title_index: int | None) -> None:
    """Lines before the title are the masthead: series, date and identifier."""
    text, blocks, metadata = scan.text, scan.blocks, scan.metadata
    if title_index is not None:
        cover = blocks[title_index].level == 1  # before a first-level title stands only a cover or masthead
        for b in blocks[:title_index]:
            if b.role:
                continue
            line = plain(text, b)
            if date_line(line, metadata) or (len(line) <= 80 and not TERMINAL.search(line)) or (
                    cover and len(line.split()) <= 40 and b.kind != "heading"):
                if b.role is None and not find_date(line) and metadata.series is None:
                    metadata.series = line
                b.role = "masthead"
                scan.set_aside.append({"kind": "masthead", "text": line, "spans": [[b.start, b.end]]})


def read_byline(scan: Scan, title_index: int | None) -> None:
    """Just after the title: byline and date lines."""
    text, blocks, metadata = scan.text, scan.blocks, scan.metadata
    after = title_index + 1 if title_index is not None else 0
    looked = 0
    for b in blocks[after:]:
        if looked >= 3 or b.kind == "heading":
            break
        if b.role or b.kind != "paragraph":
            continue
        looked += 1
        line = emphasised(text, b)
        if "\n" in line:
            if len(line.split()) > 30:
                break
            if _masthead_lines(line.splitlines(), metadata):
                b.role = "masthead"
        elif date_line(plain(text, b), metadata):
            b.role = "dateline"
        elif byline(line, metadata):
            b.role = "byline"
        if not b.role:
            break  # the body has begun: a byline stands before it
        scan.set_aside.append({"kind": b.role, "text": plain(text, b), "spans": [[b.start, b.end]]})
