"""Reading input: the size limit, and scrubbing characters no map should carry."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap import errors
from argmap.pipeline import analyze
from argmap.read import DEFAULT_MAX_BYTES, format_size, read_document, scrub
from conftest import BRIEF



def test_default_limit_is_50_mb():
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024
    assert format_size(DEFAULT_MAX_BYTES) == "50 MB"


@pytest.mark.parametrize("kind", ["bytes", "str", "path"])
def test_max_bytes_refuses_large_input(kind, tmp_path):
    data = BRIEF * 10
    source = {"bytes": data.encode(), "str": data, "path": tmp_path / "b.md"}[kind]
    if kind == "path":
        source.write_text(data)
    with pytest.raises(errors.InputTooLarge, match="more than the limit of 100 bytes.*--max-bytes"):
        analyze(source, max_bytes=100)
    assert analyze(source, max_bytes=0).nodes  # 0 lifts the limit
    assert analyze(source, max_bytes=len(data.encode())).nodes  # the limit itself is allowed


def test_max_bytes_counts_utf8_bytes_of_a_string():
    text = "# T\n\n" + "é" * 60 + " is text."
    with pytest.raises(errors.InputTooLarge):
        analyze(text, max_bytes=100)  # 60 characters, 120 bytes


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_file_is_read_only_up_to_the_limit():
    with pytest.raises(errors.InputTooLarge):
        read_document(Path("/dev/zero"), max_bytes=1000)


def test_input_too_large_is_an_input_error():
    assert issubclass(errors.InputTooLarge, errors.InputError)
    assert errors.InputTooLarge.exit_code == 2


@pytest.mark.parametrize("raw, clean", [
    ("a\x00b", "a b"),
    ("a\x1b[31mb", "a [31mb"),
    ("a\x07\x7f\x9fb", "a   b"),
    ("a\x0bb\x0cc\x1cd\x85e\u2028f\u2029g", "a\nb\nc\nd\ne\nf\ng"),
    ("a\ud800b\uffffc\ufffe", "a\ufffdb\ufffdc\ufffd"),
    ("tab\tand\nnewline kept", "tab\tand\nnewline kept"),
    ("plain ASCII", "plain ASCII"),
    ("é 数据 🙂 \u200b", "é 数据 🙂 \u200b"),
])
def test_scrub(raw, clean):
    assert scrub(raw) == clean


@given(st.text())
def test_scrub_keeps_length_and_is_idempotent(text):
    once = scrub(text)
    assert len(once) == len(text)
    assert scrub(once) == once
    once.encode("utf-8")  # always encodable


def _scrubbed(ch: str) -> str:
    """What scrub makes of one character, from its Unicode properties: line breaks other than
    LF and CR become LF, other control characters a space, surrogates and non-characters U+FFFD."""
    if ch in "\t\n\r":
        return ch
    if ch in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
        return "\n"
    if unicodedata.category(ch) == "Cc":
        return " "
    if unicodedata.category(ch) == "Cs" or ch in "\ufffe\uffff":
        return "\ufffd"
    return ch


def test_scrub_replaces_exactly_what_it_should_in_every_character():
    # alone and amid other text: the look for anything to do must not miss a character
    for code in range(0x110000):
        ch = chr(code)
        expected = _scrubbed(ch)
        assert scrub(ch) == expected and scrub("é" + ch) == "é" + expected, hex(code)
