"""Segmentation's pieces rewritten to run in linear time give the answers of the plain definitions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.segment import _breakable, _to_source, clean_view


@given(st.lists(st.integers(1, 30), min_size=1, max_size=10), st.integers(0, 200), st.integers(0, 200))
def test_to_source_bisection_matches_the_scan(lengths, start, length):
    source = "".join(chr(97 + i % 26) * n + " " for i, n in enumerate(lengths))
    spans, pos = [], 0
    for n in lengths:
        spans.append((pos, pos + n))
        pos += n + 1
    view, pieces = clean_view(source, spans)
    starts = [p[0] for p in pieces]
    end = min(len(view), start + length)
    assert _to_source(pieces, start, end, source, starts) == _to_source(pieces, start, end, source)


@pytest.mark.parametrize("view", ["short text.", "a" * 5000, "(" * 5000, "x " * 3000, "http://x.org/" + "ab/" * 400 + " end."])
def test_breakable_keeps_length_and_short_tokens(view):
    broken = _breakable(view)
    assert len(broken) == len(view)
    assert max(len(t) for t in broken.split()) < 200
    assert all(b == v or b == " " for b, v in zip(broken, view))


def test_breakable_leaves_ordinary_text_alone():
    text = "A sentence with an address http://example.org/a/b/c and words. " * 50
    assert _breakable(text) == text
