"""The words of a document's furniture and metadata, from every pack, as the patterns readers and cleaning match.

A document's furniture is often in another language than its argument (an English copyright line
on a German brief), and the readers meet it before the language is known; so these words are read
from every pack at once (``document.json``), not from the document's language alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .pack import alternation, load_part, pack_languages

__all__ = ["DocumentWords", "document_words"]


@dataclass(frozen=True)
class DocumentWords:
    """The compiled patterns; each says in its comment what it finds."""

    copyright: re.Pattern[str]  # "© 2024 …", "Copyright (c) …" opening a line
    rights_reserved: re.Pattern[str]  # "All rights reserved."
    byline: re.Pattern[str]  # "By Jane Doe", "Authors: …" (group "name")
    bold_names: re.Pattern[str]  # "**Kim** · **Lee** (Research Fellows)" (groups "names", "aff")
    date_label: re.Pattern[str]  # "Updated", "Published:" around a date
    page_number: re.Pattern[str]  # "Page 3 of 12", "- 4 -", "iv"
    contents: re.Pattern[str]  # "Table of Contents"
    backlink: re.Pattern[str]  # "↩", "back" leading from a note to its marker
    name_joiners: frozenset[str]  # "and" between two names
    suspended_joiner: re.Pattern[str]  # "and" opening a line after "short-": a suspended compound ("short- and long-term")


@lru_cache(maxsize=None)
def document_words() -> DocumentWords:
    """The patterns built from every pack's ``document.json``."""
    words: dict[str, list[str]] = {}
    for lang in pack_languages():
        for key, value in load_part(lang, "document").items():
            if isinstance(value, list):
                words.setdefault(key, []).extend(value)

    def any_of(key: str) -> str:
        return alternation(words.get(key, []))

    return DocumentWords(
        copyright=re.compile(r"^\s*(?:©|\(c\)|%s)\s*(?:©|\(c\))?\s*" % any_of("copyright_words"), re.IGNORECASE),
        rights_reserved=re.compile(r"(?:%s)\.?" % any_of("rights_reserved"), re.IGNORECASE),
        byline=re.compile(r"^(?i:(?:%s)\s+|(?:%s)\s*[:\-–]\s*)(?P<name>[A-Z\u00C0-\u024F][^\d]*)$"
                          % (any_of("byline_openers"), any_of("author_labels"))),
        bold_names=re.compile(r"^(?P<names>\*\*[^*]{2,80}\*\*(?:\s*(?:[·•,;/&|]|%s)\s*\*\*[^*]{2,80}\*\*)+)\s*"
                              r"(?:\((?P<aff>[^)]{2,200})\))?\s*$" % any_of("name_joiners")),
        date_label=re.compile(r"\b(?:%s)\b:?" % any_of("date_labels"), re.IGNORECASE),
        page_number=re.compile(r"^(?:(?:%s)\s+)?[-–—(]?\s*(?:\d{1,4}|[ivxlcdm]{1,6})\s*[-–—)]?(?:\s*(?:%s|/)\s*\d{1,4})?$"
                               % (any_of("page_words"), any_of("page_of")), re.IGNORECASE),
        contents=re.compile(r"^(?:%s)$" % any_of("contents_headings"), re.IGNORECASE),
        backlink=re.compile(r"^\s*(↩|↑|\^|%s)\W*$" % any_of("note_backlinks"), re.IGNORECASE),
        name_joiners=frozenset(w.lower() for w in words.get("name_joiners", [])),
        suspended_joiner=re.compile(r"^(?:%s)(?=\s|$)" % any_of("suspended_hyphen_joiners"), re.IGNORECASE),
    )
