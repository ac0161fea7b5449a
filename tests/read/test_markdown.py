"""The Markdown the readers write reads back, through the cleaning, as the words they put in."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.clean import clean
from argmap.model import Document
from argmap.read._markdown import MarkdownWriter, escape, fold

WORDS = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGH0123456789*_`\\#-+.)>:,")),
                min_size=1, max_size=12)
SENTENCE = st.lists(WORDS, min_size=3, max_size=25).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(SENTENCE)
def test_an_escaped_paragraph_reads_back_as_written(sentence):
    writer = MarkdownWriter()
    writer.heading(1, "A Title For The Brief")
    writer.paragraph(escape(sentence))
    writer.paragraph("A closing sentence that is plainly a paragraph of its own.")
    doc = clean(Document(text=writer.text()))
    body = [b.text(doc.text) for b in doc.blocks if b.kind in ("paragraph", "list_item")]
    want = fold(sentence)
    if not re.search(r"\w", want):
        return
    assert want in body, (want, body)


def test_footnotes_are_written_last_with_unique_labels():
    writer = MarkdownWriter()
    writer.paragraph("Text with a note.[^1]")
    writer.footnote("1", "First note.")
    writer.footnote("1", "A second note with the same label.")
    text = writer.text()
    assert text.endswith("[^1]: First note.\n\n[^1-2]: A second note with the same label.\n")
