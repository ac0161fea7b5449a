"""Reading input: the size limit, and scrubbing characters no map should carry."""

from __future__ import annotations

import os
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


def test_scrub_looks_first_for_exactly_the_characters_it_replaces():
    from argmap.read import _ANY_SCRUBBED, _CONTROL, _LINE_SEPARATOR, _NOT_CHARACTER

    for code in range(0x110000):
        ch = chr(code)
        replaced = bool(_CONTROL.match(ch) or _LINE_SEPARATOR.match(ch) or _NOT_CHARACTER.match(ch))
        assert bool(_ANY_SCRUBBED.match(ch)) == replaced, hex(code)
