"""Links inside a block's text: the markup to cut out of a unit and the citation each link makes.

Web briefs cite by hyperlink where printed ones cite by footnote. A link's anchor words stay in
the unit's text; its brackets, target and title are cut out, and it becomes a ``Citation`` with
its target and the span of its anchor words. Read here: inline links ``[words](target "title")``
(a target may hold balanced parentheses, as statute and court addresses do), reference links
``[words][ref]``, ``[words][]`` and ``[ref]`` with their definitions ``[ref]: target``,
autolinks ``<https://…>``, HTML anchors ``<a href="…">words</a>``, and bare web addresses. Every
pattern stops at the next bracket of its kind, so a line of a million "[" costs linear time. The
definitions ``[ref]: target`` are the Markdown reader's (``references``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..model import unescape_references
from ..read.markdown import GLUED, UNBALANCED, link_references as references, reference_key

__all__ = ["LinkHit", "find_links", "has_bare_address", "references", "reference_key", "source_of"]

# [words] with at most one level of brackets inside ("[the [2019] rule](…)"), never a link inside a link
_WORDS = r"\[(?P<words>[^\[\]]*(?:\[[^\[\]]*\](?![(\[])[^\[\]]*)*)\]"
# (each pattern that opens with a look behind looks for its first character first: a scan is then
# a quick test at each character rather than the look behind's)
_INLINE = re.compile(
    r"(?=\[)(?<![\\!])" + _WORDS +
    r"\(\s*(?:<(?P<angle>[^<>\n]*)>|(?P<target>(?:[^()\s]|\((?:[^()\s]|\([^()\s]*\))*\))*))"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
_REFERENCE = re.compile(r"(?=\[)(?<![\\!\]])" + _WORDS + r"(?:\[(?P<ref>[^\[\]]*)\])?(?![(:\[])")
_AUTOLINK = re.compile(r"<(?P<auto>(?:https?|ftp)://[^\s<>]+|mailto:[^\s<>]+)>", re.I)
_ANCHOR_OPEN = re.compile(
    r"<a\b[^<>]*?\bhref\s*=\s*(?:\"(?P<dq>[^\"<>]*)\"|'(?P<sq>[^'<>]*)'|(?P<bare>[^\s\"'<>]+))[^<>]*>", re.I)
_ANCHOR_CLOSE = re.compile(r"</a\s*>", re.I)
_BARE = re.compile(r"(?<![\w/<\[=\"'@])(?:https?://|www\.)(?:[^\s<>\[\]()\"'`]|\([^\s<>\[\]()\"'`]*\))+", re.I)
_TRAILING = ".,;:!?*_"
#: targets that lead nowhere outside the page: a place within it, a script
_NOT_A_SOURCE = re.compile(r"^\s*(?:#|javascript:|data:|vbscript:|about:)", re.I)


@dataclass(frozen=True)
class LinkHit:
    """One link in a segment: its markup (start, end), its anchor words (start, end), and its target.

    Offsets are the segment's; ``cuts`` are the markup around the words.
    """

    start: int
    end: int
    words_start: int
    words_end: int
    target: str
    literal: bool = False  # an address written out (an autolink, a bare one): its characters are no markup

    @property
    def cuts(self) -> list[tuple[int, int]]:
        return [(a, b) for a, b in ((self.start, self.words_start), (self.words_end, self.end)) if b > a]


def find_links(segment: str, references: dict[str, str] | None = None,
               taken: bytearray | None = None) -> list[LinkHit]:
    """The links of ``segment``, in order; none overlaps another or a place ``taken`` marks (a footnote marker).

    A link that leads nowhere outside the page (``#…``, ``javascript:``) still has its markup
    cut, with an empty target: the caller keeps its words and makes no citation of it.
    """
    hits: list[LinkHit] = []
    used = bytearray(len(segment) + 1) if taken is None else bytearray(taken)

    def free(a: int, b: int) -> bool:
        return not any(used[a:b])

    def add(hit: LinkHit) -> None:
        hits.append(hit)
        used[hit.start:hit.end] = b"\x01" * (hit.end - hit.start)

    if "[" in segment:
        for m in _INLINE.finditer(segment):
            end = m.end()
            target = m.group("angle") if m.group("angle") is not None else m.group("target")
            if m.group("target") and GLUED.match(segment, end):  # "…text=A)%20make…": the address runs on
                longer = UNBALANCED.match(segment, m.start("target"))
                if longer is not None:
                    end, target = longer.end(), segment[m.start("target"):longer.end() - 1]
            if free(m.start(), end):
                add(LinkHit(m.start(), end, m.start("words"), m.end("words"), source_of(unescape_references(target))))
        if references:
            for m in _REFERENCE.finditer(segment):
                ref = m.group("ref")
                key = reference_key(ref if ref else m.group("words"))
                target = references.get(key)
                if target is not None and m.group("words").strip() and free(m.start(), m.end()):
                    add(LinkHit(m.start(), m.end(), m.start("words"), m.end("words"), source_of(target)))
    if "<" in segment:
        for m in _AUTOLINK.finditer(segment):
            if free(m.start(), m.end()):
                add(LinkHit(m.start(), m.end(), m.start("auto"), m.end("auto"), m.group("auto"), literal=True))
        closers = [m.start() for m in _ANCHOR_CLOSE.finditer(segment)]
        if closers:
            ends = {m.start(): m.end() for m in _ANCHOR_CLOSE.finditer(segment)}
            for m in _ANCHOR_OPEN.finditer(segment):
                k = bisect_left(closers, m.end())
                if k == len(closers):
                    break
                close = closers[k]
                if "<a" in segment[m.end():close].lower() or not free(m.start(), ends[close]):
                    continue
                href = next(g for g in (m.group("dq"), m.group("sq"), m.group("bare")) if g is not None)
                add(LinkHit(m.start(), ends[close], m.end(), close, source_of(unescape_references(href))))
    if has_bare_address(segment):
        for m in _BARE.finditer(segment):
            end = m.end()
            while end > m.start() and segment[end - 1] in _TRAILING:
                end -= 1
            if end > m.start() + 4 and free(m.start(), end):
                add(LinkHit(m.start(), end, m.start(), end, segment[m.start():end], literal=True))
    hits.sort(key=lambda h: h.start)
    return hits


def source_of(target: str) -> str:
    """The target as a citation takes it, or "" for one that leads nowhere outside the page."""
    target = target.strip()
    return "" if not target or _NOT_A_SOURCE.match(target) else target


def has_bare_address(segment: str) -> bool:
    """Whether a segment may hold a bare web address (the one link without a bracket to find it by)."""
    return "://" in segment or "www." in segment
