"""Finding a publication date in a line and writing it as ISO 8601."""

from __future__ import annotations

import re
from datetime import date

from .cues import load_lexicon

__all__ = ["find_date"]

_NUMERIC = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})(?!\d)\.?")
_MONTHS = "|".join(sorted(load_lexicon("en").months, key=len, reverse=True))
_MDY = re.compile(r"\b(%s)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b" % _MONTHS, re.IGNORECASE)
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(%s)\.?,?\s+((?:19|20)\d{2})\b" % _MONTHS, re.IGNORECASE)
_MY = re.compile(r"\b(%s)\.?,?\s+((?:19|20)\d{2})\b" % _MONTHS, re.IGNORECASE)


def _iso(y: int, m: int, d: int | None) -> str | None:
    try:
        date(y, m, d or 1)
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}" if d else f"{y:04d}-{m:02d}"


def find_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first date in ``text`` as (ISO string, (start, end)), or None.

    Understands ``2024. 02. 22``, ``2024-02-22``, ``2024/2/22``, ``February 22, 2024``,
    ``22 February 2024`` and ``February 2024`` (as ``2024-02``).
    """
    months = load_lexicon("en").months
    found: list[tuple[int, str, tuple[int, int]]] = []
    m = _NUMERIC.search(text)
    if m:
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            found.append((m.start(), iso, m.span()))
    m = _MDY.search(text)
    if m:
        iso = _iso(int(m.group(3)), months[m.group(1).lower()], int(m.group(2)))
        if iso:
            found.append((m.start(), iso, m.span()))
    m = _DMY.search(text)
    if m:
        iso = _iso(int(m.group(3)), months[m.group(2).lower()], int(m.group(1)))
        if iso:
            found.append((m.start(), iso, m.span()))
    if not found:
        m = _MY.search(text)
        if m and m.group(1).lower() != "may" or (m and m.group(1) == "May"):
            iso = _iso(int(m.group(2)), months[m.group(1).lower()], None)
            if iso:
                found.append((m.start(), iso, m.span()))
    if not found:
        return None
    found.sort()
    return found[0][1], found[0][2]
