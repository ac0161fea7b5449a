"""Front and back matter: what a report says to and about its readers, set aside by kind.

A letter report opens with a letterhead address, a date and addressee blocks, then a
salutation; a report lists its abbreviations before the text; a testimony ends with contact
lines, and a publisher's back page tells how to order copies and whom to call. None of it is
argument. Each kind is told by the language data's words (``salutation_openers``,
``abbreviation_headings``, ``ordering_headings`` …) together with the block's shape — short
lines without a sentence's end, contact details, a place near the end — never by one
publisher's text. Sentences of politeness or contact inside a paragraph of argument are left
to the classification (``courtesy`` and ``contact`` exclusions).
"""

from __future__ import annotations

import re

from .structure import TERMINAL, RawBlock, Scan, plain

__all__ = ["front_and_back_matter", "MATTER_KINDS"]

MATTER_KINDS = {
    "salutation": "a letter's salutation",
    "addressee": "an addressee block",
    "contact": "contact details",
    "abbreviations": "a list of abbreviations",
    "ordering": "how to order copies",
    "copyright": "a copyright notice",
    "back_matter": "about the publisher",
    "author_note": "about the author",
}

#: the share of a document's blocks, from its end, where a publisher's back page is looked for
_BACK_PAGE_SHARE = 0.2
_ACRONYM = re.compile(r"^\s*(?:[-*+]\s+|\|\s*)?[A-Z][A-Za-z0-9&/.'’-]*[A-Z0-9][A-Za-z0-9&/.'’-]*\b")
_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“(\[]?[A-Z])")


def _set_aside(scan: Scan, block: RawBlock, kind: str) -> None:
    block.role = kind
    scan.set_aside.append({"kind": kind, "text": plain(scan.text, block), "spans": [[block.start, block.end]],
                           "reason": MATTER_KINDS[kind]})


def _short_line(text: str, block: RawBlock, words: int = 15) -> bool:
    line = plain(text, block)
    return 0 < len(line.split()) <= words and not TERMINAL.search(line) and "\n" not in text[block.start:block.end].strip()


def _first_sentence(line: str) -> str:
    return _SENTENCE.split(line, maxsplit=1)[0]


def _entry(line: str) -> bool:
    """An abbreviation list's entry: an acronym, then its expansion, short and without a final stop."""
    line = line.strip().strip("|").strip()
    return bool(line) and bool(_ACRONYM.match(line)) and len(line.split()) <= 14 and not re.search(r"[.;]$", line)


def _entries(text: str, block: RawBlock) -> bool:
    if block.kind == "table" or block.role == "table":
        return True
    if block.kind not in ("paragraph", "list_item"):
        return False
    lines = [ln for ln in text[block.start:block.end].splitlines() if ln.strip()]
    return bool(lines) and all(_entry(ln) for ln in lines)


def front_and_back_matter(scan: Scan) -> None:
    """Set aside salutations, addressee blocks, contact lines, abbreviation lists, copyright notices
    and a publisher's back page (about, ordering, contacts), each with its kind."""
    text, blocks, lexicon = scan.text, scan.blocks, scan.lexicon
    open_blocks = [i for i, b in enumerate(blocks) if b.role is None and b.kind in ("heading", "paragraph", "list_item")]
    back_page_from = open_blocks[int(len(open_blocks) * (1 - _BACK_PAGE_SHARE))] if open_blocks else len(blocks)
    _author_notes(scan, back_page_from)
    index = 0
    while index < len(blocks):
        b = blocks[index]
        if b.role is not None or b.kind not in ("heading", "paragraph", "list_item"):
            index += 1
            continue
        line = plain(text, b)
        words = len(line.split())
        if (b.kind == "heading" or _short_line(text, b, 4)) and lexicon.is_abbreviation_heading(line):
            _set_aside(scan, b, "abbreviations")
            index += 1
            while index < len(blocks) and blocks[index].role in (None, "table") and _entries(text, blocks[index]):
                _set_aside(scan, blocks[index], "abbreviations")
                index += 1
            continue
        back = lexicon.back_page_heading(line) if (b.kind == "heading" or _short_line(text, b, 8)) else None
        if back and index >= back_page_from:
            level = b.level if b.kind == "heading" else 6
            _set_aside(scan, b, back)
            index += 1
            while index < len(blocks):
                n = blocks[index]
                if n.kind == "heading":
                    if lexicon.back_page_heading(plain(text, n)):
                        break  # a heading of the back page names its own part
                    if n.level <= level:
                        break
                if n.role is None and n.kind in ("heading", "paragraph", "list_item"):
                    _set_aside(scan, n, back)
                index += 1
            continue
        if b.kind == "paragraph" and words <= 30 and line.rstrip()[-1:] in (":", ",") and lexicon.salutation(line):
            _set_aside(scan, b, "salutation")
        elif b.kind in ("paragraph", "heading") and _short_line(text, b) and lexicon.addressee(line):
            _set_aside(scan, b, "addressee")
            index += 1
            # the lines under "The Honorable …": a title, a committee, a chamber, each short and unstopped
            while index < len(blocks) and blocks[index].role is None and _short_line(text, blocks[index]):
                _set_aside(scan, blocks[index], "addressee")
                index += 1
            continue
        elif b.kind == "paragraph" and words <= 150 and lexicon.copyright_notice(_first_sentence(line)):
            scan.metadata.copyright = scan.metadata.copyright or _first_sentence(line)
            _set_aside(scan, b, "copyright")
        elif b.kind in ("paragraph", "list_item") and (
                (words <= 25 and lexicon.contact(line)) or (words <= 150 and lexicon.contact(_first_sentence(line)))):
            _set_aside(scan, b, "contact")
            # a letterhead's name just above its address ("… Office" over "Washington, DC 20548")
            previous = blocks[index - 1] if index else None
            if previous is not None and previous.role is None and previous.kind == "paragraph" and _short_line(text, previous, 8):
                _set_aside(scan, previous, "contact")
        index += 1


def _author_notes(scan: Scan, back_page_from: int) -> None:
    """Notes about the authors after the text's last rule ("---" then "**Jane Doe** is a senior
    fellow …"): each paragraph after the rule that opens such a note, and those that carry it on
    up to the next heading, are set aside."""
    text, blocks = scan.text, scan.blocks
    rule = max((i for i, b in enumerate(blocks) if b.kind == "break"), default=None)
    if rule is None or rule + 1 < back_page_from:
        return
    after = [b for b in blocks[rule + 1:] if b.role is None and b.kind in ("heading", "paragraph")]
    if not after or after[0].kind != "paragraph" or not scan.lexicon.author_note(text[after[0].content_start or after[0].start:after[0].end].strip()):
        return
    for b in after:
        if b.kind == "heading":
            break
        _set_aside(scan, b, "author_note")
