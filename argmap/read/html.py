"""HTML: the main content of a page walked into text and blocks (BeautifulSoup + lxml).

Navigation, page header and footer, asides, scripts, styles and forms are skipped; the
content root is ``<main>``, ``<article>`` or ``[role=main]`` when the page has one. Headings
``h1``–``h6``, paragraphs, list items (with their depth) and block quotes become blocks; a
footnote link (``<sup><a href="#fn1">1</a></sup>``, ``<a class="footnote-ref">``) becomes a
marker citing note ``1``, and the element it points to (``<li id="fn1">``) a footnote body, its
back-links dropped. Every other link out of the page (``<a href>`` to a web or mail address, or a
path on the site) is handed over with its anchor words, so that the unit citing it keeps it as a
citation; links within the page (``#…``) and script links stay plain words. ``<b>`` and
``<strong>`` are bold runs. The blocks go to ``DocumentBuilder``.
"""

from __future__ import annotations

import re
import sys

from ..errors import CorruptInput, EmptyInput
from ..lang.document import document_words
from ..model import Document
from . import decode, require
from .builder import DocumentBuilder, Inline, fold

__all__ = ["read_html"]

_SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
         "svg", "iframe", "select", "input", "textarea", "canvas", "figure", "table", "object", "menu"}
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_BLOCKS = {"p", "li", "blockquote", "dd", "dt", "pre", "address", "figcaption", "caption"}
_CONTAINERS = {"div", "section", "article", "main", "body", "ul", "ol", "dl", "center", "details", "summary", "span"}
_BOILER = re.compile(r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|sidebar|cookie|share|social|banner|masthead-nav|"
                     r"skip-link|related|comments?|advert|promo|subscribe|newsletter)($|[\s_-])", re.I)
_NOTE_REF_CLASS = re.compile(r"footnote-ref|fnref|noteref|footnote_ref", re.I)
_NOTE_LIST_CLASS = re.compile(r"footnotes?|endnotes?|notes", re.I)


def read_html(data: bytes, name: str = "document.html") -> Document:
    """Read an HTML page's main content into a ``Document``."""
    bs4 = require("html", "bs4")
    require("html", "lxml")
    try:
        return _read_html(bs4, data, name)
    except RecursionError:  # the walk follows the page's nesting
        raise CorruptInput(f"cannot read {name}: its elements are nested too deeply "
                           f"(more than about {sys.getrecursionlimit() // 3} levels)") from None


def _read_html(bs4, data: bytes, name: str) -> Document:
    text = _decode_declared(data)
    soup = bs4.BeautifulSoup(text, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    metadata = _meta(soup)
    targets = _note_targets(soup)
    notes: dict[str, Inline] = {}
    for label, element in targets.items():
        notes[label] = _inline(element, targets, note_body=True)
        element.extract()
    root = _content_root(soup)
    builder = DocumentBuilder()
    _walk(root, builder, targets)
    for label, body in notes.items():
        builder.footnote(label, body)
    document = builder.build(name, "html")
    if not document.text.strip():
        raise EmptyInput(f"{name} is empty: the page holds no text to map")
    for key, value in metadata.items():
        document.metadata.extra[key] = value
    return document


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)


def _decode_declared(data: bytes) -> str:
    """Bytes to text: valid UTF-8 (or a BOM) first, then the charset the page declares, then detection."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def _content_root(soup):
    """The main content: the ``main``/``[role=main]``/``article`` element holding the most paragraph text."""
    candidates = soup.find_all("main") + soup.find_all(attrs={"role": "main"}) + soup.find_all("article")
    best, best_len = None, 0
    for element in candidates:
        length = sum(len(p.get_text(" ", strip=True)) for p in element.find_all(["p", "li", "h1", "h2", "h3"]))
        if length > best_len:
            best, best_len = element, length
    return best or soup.body or soup


def _meta(soup) -> dict[str, str]:
    out: dict[str, str] = {}
    if soup.title and soup.title.string and soup.title.string.strip():
        out["html_title"] = fold(soup.title.string)
    for tag in soup.find_all("meta"):
        key = (tag.get("name") or tag.get("property") or "").lower()
        value = tag.get("content")
        if value and key in ("author", "description", "citation_title", "citation_author", "citation_date",
                             "dc.date", "article:published_time", "og:title"):
            out.setdefault("html_" + re.sub(r"\W+", "_", key), fold(value))
    return out


def _href_id(href: str | None) -> str | None:
    if href and href.startswith("#") and len(href) > 1:
        return href[1:]
    return None


def _note_targets(soup) -> dict[str, object]:
    """Footnote bodies: the elements footnote links point to, by label."""
    targets: dict[str, object] = {}
    for a in soup.find_all("a", href=True):
        target_id = _href_id(a["href"])
        if not target_id or not _is_note_ref(a):
            continue
        element = soup.find(id=target_id)
        if element is None or element.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            continue
        if element.name == "a":  # an anchor inside the note: the note is its block
            element = element.find_parent(["li", "p", "div", "aside"]) or element
        label = _label(a)
        if label and label not in targets:
            targets[label] = element
            a["data-argmap-note"] = label
    return targets


def _is_note_ref(a) -> bool:
    text = a.get_text(strip=True).strip("[]()")
    classes = " ".join(a.get("class") or [])
    in_sup = a.find_parent("sup") is not None or a.find("sup") is not None
    return bool(re.fullmatch(r"\d{1,3}|[*†‡§]|[a-z]", text)) and (in_sup or _NOTE_REF_CLASS.search(classes)
                                                                  or a.get("role") == "doc-noteref")


def _label(a) -> str:
    return a.get_text(strip=True).strip("[]()")


def _skipped(tag) -> bool:
    if tag.name in _SKIP:
        return True
    if tag.get("hidden") is not None or tag.get("aria-hidden") == "true":
        return True
    role = (tag.get("role") or "").lower()
    if role in ("navigation", "banner", "contentinfo", "complementary", "search"):
        return True
    ident = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
    return bool(_BOILER.search(ident))


def _walk(node, builder: DocumentBuilder, targets, depth: int = 0) -> None:
    from bs4 import NavigableString, Tag

    loose: list = []

    def flush() -> None:
        if loose:
            text = Inline()
            for piece in loose:
                text.add(_inline_piece(piece, targets))
            builder.paragraph(text)
            loose.clear()

    for child in list(node.children):
        if isinstance(child, NavigableString):
            if type(child).__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction", "CData"):
                continue
            loose.append(child)
            continue
        if not isinstance(child, Tag):
            continue
        if child.name == "br":
            loose.append(" ")
            continue
        if _skipped(child):
            flush()
            continue
        name = child.name
        if name in _HEADINGS:
            flush()
            builder.heading(_HEADINGS[name], _inline(child, targets))
        elif name == "li":
            flush()
            nested = child.find(["ul", "ol"])
            if nested is not None:
                nested = nested.extract()
            builder.item(_inline(child, targets), depth)
            if nested is not None:
                _walk(nested, builder, targets, depth + 1)
        elif name in _BLOCKS:
            flush()
            if child.find(list(_HEADINGS) + ["p", "ul", "ol", "div", "section"]):
                _walk(child, builder, targets, depth)
            else:
                builder.paragraph(_inline(child, targets))
        elif name in _CONTAINERS or name not in ("a", "b", "strong", "em", "i", "sup", "sub", "code", "abbr",
                                                  "cite", "q", "small", "u", "mark", "time", "font", "s"):
            flush()
            _walk(child, builder, targets, depth + (1 if name in ("ul", "ol") and depth else 0))
        else:
            loose.append(child)
    flush()


def _inline(element, targets, note_body: bool = False) -> Inline:
    out = Inline()
    for child in element.children:
        out.add(_inline_piece(child, targets, note_body))
    return out.folded()


def _inline_piece(node, targets, note_body: bool = False) -> Inline:
    from bs4 import NavigableString, Tag

    if isinstance(node, NavigableString):
        if type(node).__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction", "CData"):
            return Inline()
        return Inline(str(node))
    if not isinstance(node, Tag) or node.name in _SKIP:
        return Inline()
    if node.name == "br":
        return Inline(" ")
    if node.name == "a" and node.get("data-argmap-note"):
        return Inline().mark(node["data-argmap-note"])
    if node.name == "sup":
        link = node.find("a", attrs={"data-argmap-note": True})
        if link is not None:
            return Inline().mark(link["data-argmap-note"])
    if note_body and node.name == "a" and (document_words().backlink.match(node.get_text()) or "backref" in " ".join(node.get("class") or [])
                                           or (_href_id(node.get("href")) or "").startswith("fnref")):
        return Inline()
    inner = Inline()
    for child in node.children:
        inner.add(_inline_piece(child, targets, note_body))
    if node.name == "a" and _cites(node.get("href")):
        return inner.link(node["href"])
    if node.name in ("b", "strong") and not note_body:
        return inner.bold()
    if node.name in ("p", "div", "li") and inner.text.strip():
        return Inline(" ").add(inner).add(" ")
    return inner


_NOT_A_SOURCE = re.compile(r"^\s*(?:#|javascript:|data:|vbscript:|about:)", re.I)


def _cites(href: str | None) -> bool:
    """Whether a link leads to a source outside the page (not within it, not a script)."""
    return bool(href and href.strip() and not _NOT_A_SOURCE.match(href))


