"""DOCX: a Word document's body walked into text and blocks (python-docx).

Paragraph styles ``Title`` and ``Heading n`` (or an outline level) make headings, list
styles and numbered paragraphs make list items, bold runs stay bold; the style names the reader
knows, Word's own in several interface languages, are format data in ``word-styles.json``. python-docx has no
footnote API, so ``word/footnotes.xml`` (and ``word/endnotes.xml``) are read from the
package directly; a ``w:footnoteReference`` in a run becomes a marker citing note ``n``. A
``w:hyperlink`` to an outside address (its relationship's target) is handed over with its anchor
words, in the body and in the notes; links to a bookmark in the document stay plain words. The
blocks go to ``DocumentBuilder``.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from functools import lru_cache
from importlib import resources

from ..errors import CorruptInput, EmptyInput, EncryptedInput
from ..model import Document
from . import require
from .builder import DocumentBuilder, Inline, fold

__all__ = ["read_docx"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@lru_cache(maxsize=None)
def _styles() -> tuple[frozenset[str], re.Pattern[str], tuple[str, ...]]:
    """The title style names, the heading style pattern (its level the group) and the list style prefixes."""
    data = json.loads(resources.files(__package__).joinpath("word-styles.json").read_text(encoding="utf-8"))
    heading = "|".join(re.escape(name) for name in data["heading"])
    return (frozenset(n.lower() for n in data["title"]), re.compile(rf"^(?:{heading})\s*(\d)$", re.IGNORECASE),
            tuple(n.lower() for n in data["list_prefix"]))


def read_docx(data: bytes, name: str = "document.docx") -> Document:
    """Read a .docx file into a ``Document``."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise EncryptedInput(f"{name} is a password-protected or legacy Word file: save it as an "
                             "unprotected .docx and try again")
    if not data.startswith(b"PK"):
        raise CorruptInput(f"{name} is not a .docx file (it is not a ZIP package)")
    docx = require("docx", "docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.testzip() is not None:
                raise zipfile.BadZipFile("a member fails its checksum")
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise CorruptInput(f"{name} is a ZIP file but not a Word document (no word/document.xml)")
            parts = {part: archive.read(part) for part in ("word/footnotes.xml", "word/endnotes.xml",
                                                           "word/_rels/footnotes.xml.rels", "word/_rels/endnotes.xml.rels")
                     if part in names}
        document = docx.Document(io.BytesIO(data))
    except CorruptInput:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise CorruptInput(f"{name} is a damaged .docx file and cannot be read ({str(exc)[:100] or type(exc).__name__})") from None
    except Exception as exc:  # lxml XML errors and python-docx package errors
        raise CorruptInput(f"{name} is a damaged .docx file and cannot be read ({str(exc)[:100] or type(exc).__name__})") from None
    notes = _notes(parts)
    builder = DocumentBuilder()
    links = {rid: rel.target_ref for rid, rel in document.part.rels.items() if rel.is_external}
    for paragraph in _body_paragraphs(document):
        _paragraph(paragraph, builder, links)
    for label, body in notes:
        builder.footnote(label, body)
    out = builder.build(name, "docx")
    if not out.text.strip():
        raise EmptyInput(f"{name} is empty: there is no text to map")
    props = document.core_properties
    for key in ("title", "author", "subject"):
        value = getattr(props, key, None)
        if value:
            out.metadata.extra[f"docx_{key}"] = fold(str(value))
    if props.created:
        out.metadata.extra["docx_created"] = props.created.date().isoformat()
    return out


def _body_paragraphs(document):
    """Paragraphs in body order (tables are set aside; their cells are not argument text)."""
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        if child.tag == W + "p":
            yield Paragraph(child, document)
        elif child.tag == W + "sdt":  # content controls wrap ordinary paragraphs
            for p in child.iter(W + "p"):
                yield Paragraph(p, document)


def _level(paragraph) -> int | None:
    style = paragraph.style
    names = []
    while style is not None:
        names.append((style.name or "").strip())
        style = style.base_style
    titles, heading_style, _ = _styles()
    for style_name in names:
        if style_name.lower() in titles:
            return 1
        m = heading_style.match(style_name)
        if m:
            return min(6, int(m.group(1)) + 1)  # the Title style is level 1
    outline = paragraph._p.find(f"{W}pPr/{W}outlineLvl")
    if outline is not None:
        try:
            return min(6, int(outline.get(W + "val")) + 2)
        except (TypeError, ValueError):
            return None
    return None


def _is_list(paragraph) -> bool:
    if paragraph._p.find(f"{W}pPr/{W}numPr") is not None:
        return True
    name = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    return name.startswith(_styles()[2])


def _runs_text(element, bold_ok: bool, links: dict[str, str] | None = None) -> tuple[Inline, bool]:
    """The text of a paragraph's runs, footnote references as marks, hyperlinks (``links``: their
    relationship ids' targets) as links, bold runs (when ``bold_ok`` and not all is bold); and
    whether all of it is bold."""
    pieces: list[tuple[str, str, bool]] = []  # ("text", words, bold) | ("mark", label, _) | ("open"/"close", target, _)
    open_link = None  # the w:hyperlink whose runs are being read, and its target
    for run in element.iter(W + "r"):
        parent = run.getparent()
        hyperlink = parent if parent is not None and parent.tag == W + "hyperlink" else None
        if open_link is not None and hyperlink is not open_link[0]:
            pieces.append(("close", open_link[1], False))
            open_link = None
        if hyperlink is not None and open_link is None:
            target = (links or {}).get(hyperlink.get(R + "id") or "")
            if target:
                open_link = (hyperlink, target)
                pieces.append(("open", target, False))
        rpr = run.find(W + "rPr")
        bold = rpr is not None and rpr.find(W + "b") is not None and rpr.find(W + "b").get(W + "val") not in ("0", "false")
        text = ""
        for child in run:
            tag = child.tag
            if tag == W + "t":
                text += child.text or ""
            elif tag == W + "tab":
                text += " "
            elif tag in (W + "br", W + "cr"):
                if child.get(W + "type") != "page":
                    text += " "
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                prefix = "" if tag == W + "footnoteReference" else "e"
                pieces.append(("mark", prefix + child.get(W + "id", ""), False))
        if text:
            pieces.append(("text", text, bold))
    if open_link is not None:
        pieces.append(("close", open_link[1], False))
    words = [b for kind, p, b in pieces if kind == "text" and p.strip()]
    all_bold = bool(words) and all(words)
    out = Inline()
    open_bold = False
    link_start: int | None = None  # where the open hyperlink's words begin in ``out``
    for kind, piece, bold in pieces:
        if kind == "open":
            link_start = len(out.text)
        elif kind == "close":
            if link_start is not None:
                anchor = out.text[link_start:]
                if anchor.strip():
                    a = link_start + len(anchor) - len(anchor.lstrip())
                    out.links.append((a, a + len(anchor.strip()), piece))
            link_start = None
        elif kind == "mark":
            out.mark(piece)
            open_bold = False  # a marker ends a bold run
        else:
            if piece.strip():
                open_bold = bold_ok and not all_bold and bold
            out.add(piece, bold=open_bold)
    return out.folded(), all_bold


def _paragraph(paragraph, builder: DocumentBuilder, links: dict[str, str]) -> None:
    level = _level(paragraph)
    text, _ = _runs_text(paragraph._p, bold_ok=level is None, links=links)
    if level is not None:
        builder.heading(level, text)
    elif _is_list(paragraph):
        ilvl = paragraph._p.find(f"{W}pPr/{W}numPr/{W}ilvl")
        depth = int(ilvl.get(W + "val", "0")) if ilvl is not None and (ilvl.get(W + "val") or "0").isdigit() else 0
        builder.item(text, depth)
    else:
        builder.paragraph(text)


def _notes(parts: dict[str, bytes]) -> list[tuple[str, Inline]]:
    from lxml import etree

    out: list[tuple[str, Inline]] = []
    for part, prefix, tag in (("word/footnotes.xml", "", "footnote"), ("word/endnotes.xml", "e", "endnote")):
        if part not in parts:
            continue
        try:
            root = etree.fromstring(parts[part])
        except etree.XMLSyntaxError as exc:
            raise CorruptInput(f"the document's {part} is damaged ({exc})") from None
        links = _external_targets(parts.get(part.replace("word/", "word/_rels/") + ".rels"))
        for note in root.iter(W + tag):
            if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            body = Inline()
            for p in note.iter(W + "p"):
                text, _ = _runs_text(p, bold_ok=False, links=links)
                body.add(" ").add(text)
            body = body.folded()
            body.marks = []  # the note's own reference mark
            if body.text:
                out.append((prefix + note.get(W + "id", ""), body))
    return out


def _external_targets(rels: bytes | None) -> dict[str, str]:
    """A part's relationships that lead outside the package (hyperlinks): id → target."""
    if not rels:
        return {}
    from lxml import etree

    try:
        root = etree.fromstring(rels)
    except etree.XMLSyntaxError:
        return {}  # the notes' links are lost, their text is not
    return {r.get("Id"): r.get("Target") for r in root.iter(_RELS + "Relationship")
            if r.get("TargetMode") == "External" and r.get("Id") and r.get("Target")}
