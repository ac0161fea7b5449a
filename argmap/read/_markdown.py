"""The Markdown-shaped text every reader writes: the one text the spans of a map index.

The HTML and DOCX readers do not build blocks themselves yet (the PDF reader does, with
``argmap.read._builder``): they write headings as ``#``,
paragraphs as single lines separated by blank lines, list items as ``- ``, footnote
markers as ``[^n]`` and footnote bodies as ``[^n]: text`` at the end, hyperlinks as
``[anchor words](target)``, and leave the rest to ``argmap.clean`` like any Markdown brief. Text that would read as Markdown syntax is
escaped with backslashes, which the cleaning cuts out of the units again.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MarkdownWriter", "escape", "fold", "link"]

_LEADING = re.compile(r"^(\s*)(#|[-+*](?=\s)|(?:\d{1,3}|[A-Za-z]|[IVXLC]{1,6})(?=[.)]\s)|\[\^|\[\d{1,3}\])")
_INLINE = re.compile(r"([*_`\\])")
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SOFT = re.compile(r"[\u00ad\u200b\ufeff]")


def fold(text: str) -> str:
    """White space folded to single spaces, soft hyphens and zero-width marks dropped."""
    text = _SOFT.sub("", text)
    text = text.replace("\r", " ").replace("\n", " ")
    return _SPACE.sub(" ", text).strip()


def escape(text: str, *, inline: bool = True) -> str:
    """Text as Markdown that reads back as the same words (emphasis marks and line shapes escaped)."""
    if inline:
        text = _INLINE.sub(r"\\\1", text)
    m = _LEADING.match(text)
    if m:
        lead = m.group(2)
        if lead[0].isalnum():
            return text[: m.end()] + "\\" + text[m.end():]
        return text[: m.start(2)] + "\\" + text[m.start(2):]
    return text


class MarkdownWriter:
    """Collects blocks and footnotes and writes them as one Markdown text."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.notes: list[tuple[str, str]] = []

    def heading(self, level: int, text: str) -> None:
        text = fold(text)
        if text:
            self.blocks.append("#" * max(1, min(6, level)) + " " + text)

    def paragraph(self, text: str) -> None:
        text = fold(text)
        if text:
            self.blocks.append(text)

    def item(self, text: str, depth: int = 0) -> None:
        text = fold(text)
        if text:
            self.blocks.append("  " * depth + "- " + text)

    def table(self, rows: list[list[str]]) -> None:
        """Rows of cells as a Markdown table (the cleaning sets tables aside from the argument)."""
        lines = ["| " + " | ".join(fold(c).replace("|", "/") for c in row) + " |" for row in rows if row]
        if lines:
            width = max(len(row) for row in rows)
            lines.insert(1, "|" + " --- |" * width)
            self.blocks.append("\n".join(lines))

    def footnote(self, label: str, text: str) -> None:
        text = fold(text)
        if text:
            self.notes.append((label, text))

    def text(self) -> str:
        parts = list(self.blocks)
        seen: set[str] = set()
        for label, body in self.notes:
            key = label
            n = 2
            while key in seen:
                key = f"{label}-{n}"
                n += 1
            seen.add(key)
            parts.append(f"[^{key}]: {body}")
        return unicodedata.normalize("NFC", "\n\n".join(parts) + "\n")


def marker(label: str) -> str:
    """A footnote marker as the cleaning reads it."""
    return f"[^{label}]"


#: characters of a link target that would end or break Markdown's ``(target)``: written percent-encoded
_TARGET_UNSAFE = re.compile(r"[\s()<>\[\]\\]")


def link(words: str, target: str) -> str:
    """A hyperlink as the cleaning reads it: ``[words](target)``, the target percent-encoded where
    Markdown would misread it, brackets in the words escaped. Words without a target stay words."""
    target = _TARGET_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), target.strip())
    if not target or not words.strip():
        return words
    return "[" + re.sub(r"(?<!\\)([\[\]])", r"\\\1", words) + "](" + target + ")"
