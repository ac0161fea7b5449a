"""Where a document's text went: into units, or set aside by kind — and whether any went nowhere.

Every stretch of the read text that carries words ends up in a unit (a node of the map), in
the metadata, or among the set-aside items with their kind. ``coverage`` counts them for the
one line ``argmap analyze`` prints; ``unaccounted`` lists what went nowhere, which should be
nothing (the HTML report shows it as unmapped text, ``argmap analyze`` warns about it).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field

from .model import ArgumentMap

__all__ = ["Coverage", "coverage", "coverage_line", "unaccounted", "GROUPS", "group_of", "reason_of", "count_phrase"]


def _interface_words() -> dict[str, dict[str, str]]:
    """The words messages give set-aside kinds (``argmap/lang/set-aside-kinds.json``: English, as every message)."""
    from importlib import resources

    return json.loads(resources.files("argmap.lang").joinpath("set-aside-kinds.json").read_text(encoding="utf-8"))


_WORDS = _interface_words()
#: what each set-aside kind is, for a reader: the group it is counted under
GROUPS: dict[str, str] = _WORDS["groups"]
#: why an item of each kind was set aside, for the kinds whose entry carries no ``reason`` of its own
#: (the classification's kinds are rule names: their reason is the rule's description)
REASONS: dict[str, str] = _WORDS["reasons"]
#: the group names that are plural nouns, with their singular (for a count of one)
_SINGULAR: dict[str, str] = _WORDS["singular"]

_TAG = re.compile(r"<[^>]*>")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)|https?://\S+")
_MARKERS = re.compile(r"\[\^?[\w-]{1,12}\]:?|(?<![\w])\d{1,3}[).](?=\s|$)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_MARKUP = re.compile(r"[#*_>`~|=\-\[\]()]+")
_LETTER = re.compile(r"[^\W\d_]")


def group_of(kind: str | None) -> str:
    """The group a set-aside kind is counted under (an unknown kind is its own group)."""
    return GROUPS.get(kind or "", (kind or "other").replace("_", " ").replace("-", " "))


def reason_of(item: dict) -> str:
    """Why a set-aside item was set aside, in words: its own reason, else its kind's."""
    if item.get("reason"):
        return str(item["reason"])
    kind = str(item.get("kind") or "")
    if kind in REASONS:
        return REASONS[kind]
    from .rules import UnknownRule, get

    try:
        return get(kind).description
    except UnknownRule:
        return kind.replace("_", " ").replace("-", " ")


def count_phrase(count: int, group: str) -> str:
    """"1 caption", "3 captions", "2 furniture": a group's name in the number its count asks for."""
    return f"{count} {_SINGULAR.get(group, group) if count == 1 else group}"


@dataclass
class Coverage:
    """How many units were mapped, how many items were set aside (by group), and what went nowhere."""

    units: int
    set_aside: Counter = field(default_factory=Counter)
    unaccounted: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def set_aside_total(self) -> int:
        return sum(self.set_aside.values())


def unaccounted(amap: ArgumentMap) -> list[tuple[int, int, str]]:
    """Stretches of the source that carry words and that no unit or set-aside item holds.

    A unit holds everything from its first piece to its last (the markup and markers cut out
    of it between); markup, link targets and footnote markers alone carry no words.
    """
    source = amap.source_text
    covered = [(n.spans[0][0], n.spans[-1][1]) for n in amap.nodes if n.spans]
    covered += [tuple(s) for item in amap.set_aside for s in item.get("spans", []) if len(s) == 2]
    out = []
    position = 0
    for start, end in sorted(covered) + [(len(source), len(source))]:
        if start > position:
            raw = source[position:start]
            text = _MARKUP.sub(" ", _MARKERS.sub(" ", _LINK_TARGET.sub(" ", _TAG.sub(" ", raw))))
            text = " ".join(text.split())
            if len(_LETTER.findall(text)) >= 3:
                out.append((position, start, text))
        position = max(position, end)
    return out


def coverage(amap: ArgumentMap) -> Coverage:
    """The units mapped, the set-aside items by group, and what went nowhere."""
    counts = Counter(group_of(item.get("kind")) for item in amap.set_aside)
    return Coverage(units=len(amap.nodes), set_aside=counts, unaccounted=unaccounted(amap))


def coverage_line(cov: Coverage) -> str:
    """"412 units mapped, 9 set aside: 4 furniture, 3 metadata, 2 captions"."""
    head = f"{cov.units} unit{'s' if cov.units != 1 else ''} mapped, {cov.set_aside_total} set aside"
    if not cov.set_aside:
        return head
    parts = sorted(cov.set_aside.items(), key=lambda kv: (-kv[1], kv[0]))
    return head + ": " + ", ".join(count_phrase(n, group) for group, n in parts)
