"""Cleaning: from a brief's raw text to its structure, with the furniture set aside.

Every reader hands over its blocks (``Document.layout``): the Markdown reader the ones a
CommonMark parser finds (headings, paragraphs, list items, footnote bodies, page separators; see
``argmap.read.markdown``), the others the ones their format marks. Metadata lines, copyright and disclaimers are lifted into ``Metadata``; footnote markers and inline markup are cut out of the units' spans; paragraphs that a
page break or a footnote block cut mid-sentence are rejoined. Nothing here knows any
particular brief: every rule is about the shape of text.

Each part has a module: ``structure`` (blocks, headings, sections), ``inline`` (markup and
markers inside a block), ``links`` (the links among them), ``footnotes``, ``metadata``, ``residue``
(a web page's navigation, link lists and field tables), ``matter`` (salutations, addressees, contacts,
abbreviation lists, a publisher's back page) and ``furniture``; ``clean`` orders them.
"""

from __future__ import annotations

from ..cues import Lexicon, lexicon_for
from ..model import Document
from ..read.markdown import MARKUP_FORMATS, markdown_layout
from .footnotes import collect_footnotes, find_footnotes
from .furniture import page_furniture, report_furniture, split_at_label_lines
from .inline import inline_pieces
from .links import references as link_references
from .matter import front_and_back_matter
from .metadata import find_title, front_matter, read_byline, read_masthead
from .residue import web_residue
from .structure import RawBlock, Scan, body_blocks, layout_blocks

__all__ = ["clean", "inline_pieces", "RawBlock"]


def clean(document: Document, *, lexicon: Lexicon | None = None) -> Document:
    """Give a read document its structure: metadata, blocks, footnotes, set-aside furniture.

    Without a ``lexicon`` the text's language chooses one, as ``analyze`` chooses (``cues.lexicon_for``).
    """
    lexicon = lexicon or lexicon_for(document.text)
    text = document.text
    metadata = document.metadata
    if not document.layout:  # a document made from its text alone: read as Markdown, as the reader reads it
        document.layout = markdown_layout(text)
        markup = True
    else:
        markup = document.format in MARKUP_FORMATS
    blocks = layout_blocks(text, document.layout, markup=markup)
    references = link_references(document.layout)
    scan = Scan(text=text, lexicon=lexicon, blocks=blocks, metadata=metadata, references=references)
    fm_spans: dict[str, tuple[int, int]] = {}
    front = next((b for b in document.layout[:1] if b.kind == "front_matter"), None)
    if front is not None:
        start, body_start = front.spans[0]
        fm_spans = front_matter(text, metadata, (front.content_start or start, body_start))
        scan.set_aside.append({"kind": "front_matter", "text": text[:body_start].strip(), "spans": [[start, body_start]]})
    find_footnotes(scan)
    collect_footnotes(scan)
    title_index, title_spans = find_title(scan, fm_spans)
    web_residue(scan, metadata.title, title_index)
    read_masthead(scan, title_index)
    read_byline(scan, title_index)
    front_and_back_matter(scan)
    split_at_label_lines(scan)
    report_furniture(scan)
    page_furniture(scan)
    document.blocks = body_blocks(scan)
    document.metadata = metadata
    document.title_spans = title_spans
    document.footnotes = scan.footnotes
    document.set_aside = scan.set_aside
    return document
