"""Finding a publication date in a line and writing it as ISO 8601.

The numeric shapes (``2024-02-22``) belong to no language; month names, what may follow a day's
number and the orders a date is written in come from each language's pack (``dates.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

__all__ = ["find_date", "month_abbreviations", "clause_openers"]

_NUMERIC = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})(?!\d)\.?")


@dataclass(frozen=True)
class _Shapes:
    """One language's written dates: (pattern, group of the year, of the month, of the day) each."""

    months: dict[str, int]
    full: tuple[tuple[re.Pattern[str], int, int, int], ...]
    month_year: re.Pattern[str] | None
    capitalised_only: frozenset[str]


@lru_cache(maxsize=None)
def _shapes(lang: str) -> _Shapes:
    from .lang.pack import load_part

    data = load_part(lang, "dates")
    months = {k.lower(): int(v) for k, v in data["months"].items()}
    if not months:
        return _Shapes(months, (), None, frozenset())
    names = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    suffix = "(?:%s)?" % "|".join(re.escape(s) for s in sorted(data["day_suffixes"], key=len, reverse=True)) \
        if data["day_suffixes"] else ""
    full = []
    for order in data["orders"]:
        if order == "month day year":  # February 22, 2024
            full.append((re.compile(r"\b(%s)\.?\s+(\d{1,2})%s,?\s+((?:19|20)\d{2})\b" % (names, suffix), re.IGNORECASE),
                         3, 1, 2))
        elif order == "day month year":  # 22 February 2024, 22. Februar 2024
            full.append((re.compile(r"\b(\d{1,2})%s\s+(%s)\.?,?\s+((?:19|20)\d{2})\b" % (suffix, names), re.IGNORECASE),
                         3, 2, 1))
    month_year = re.compile(r"\b(%s)\.?,?\s+((?:19|20)\d{2})\b" % names, re.IGNORECASE)
    return _Shapes(months, tuple(full), month_year, frozenset(w.lower() for w in data["capitalised_only"]))


@lru_cache(maxsize=None)
def month_abbreviations(lang: str) -> tuple[str, ...]:
    """The month names of ``lang``'s pack that begin a longer name of the same month ("sept" of
    "september", "febr" of "februar"): written with a full stop they abbreviate, and end no sentence."""
    months = _shapes(lang).months
    return tuple(sorted(name for name, number in months.items()
                        if any(other != name and other.startswith(name) and months[other] == number for other in months)))


@lru_cache(maxsize=None)
def clause_openers(lang: str) -> frozenset[str]:
    """The words of ``lang``'s pack that open a clause and name no one ("the", "it", "they"), lower-cased:
    after a month's abbreviation and its full stop, one written with a capital begins a new sentence."""
    from .lang.pack import load_part

    return frozenset(w.lower() for w in load_part(lang, "dates")["clause_openers"])


def _iso(y: int, m: int, d: int | None) -> str | None:
    try:
        date(y, m, d or 1)
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}" if d else f"{y:04d}-{m:02d}"


def find_date(text: str, lang: str | None = None) -> tuple[str, tuple[int, int]] | None:
    """The first date in ``text`` as (ISO string, (start, end)), or None.

    Understands ``2024. 02. 22``, ``2024-02-22``, ``2024/2/22`` and the written shapes of
    ``lang``'s pack (of every pack when None): ``February 22, 2024``, ``22 February 2024``,
    ``22. Februar 2024``, and ``February 2024`` (as ``2024-02``) when no full date is found.
    """
    from .lang.pack import pack_languages

    languages = [lang] if lang else pack_languages()
    found: list[tuple[int, str, tuple[int, int]]] = []
    m = _NUMERIC.search(text)
    if m:
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            found.append((m.start(), iso, m.span()))
    for code in languages:
        shapes = _shapes(code)
        for pattern, year, month, day in shapes.full:
            m = pattern.search(text)
            if m:
                iso = _iso(int(m.group(year)), shapes.months[m.group(month).lower()], int(m.group(day)))
                if iso:
                    found.append((m.start(), iso, m.span()))
    if not found:
        for code in languages:
            shapes = _shapes(code)
            m = shapes.month_year.search(text) if shapes.month_year else None
            # "we may 2020 act": a month that is also a common word counts only with its capital
            if m and (m.group(1).lower() not in shapes.capitalised_only or m.group(1) == m.group(1).capitalize()):
                iso = _iso(int(m.group(2)), shapes.months[m.group(1).lower()], None)
                if iso:
                    found.append((m.start(), iso, m.span()))
    if not found:
        return None
    found.sort()
    return found[0][1], found[0][2]
