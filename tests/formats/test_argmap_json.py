"""The fast JSON encoder writes exactly what the standard one would (so outputs never depend on it)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.formats import argmap_json

orjson = pytest.importorskip("orjson")

_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
_json = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2 ** 63), max_value=2 ** 63 - 1) | _text,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(_text, inner, max_size=5),
    max_leaves=30,
)


@given(_json)
def test_fast_and_standard_encoders_agree_byte_for_byte(data):
    assert argmap_json.dumps(data) == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    assert argmap_json.dumps(data, indent=False) == json.dumps(data, ensure_ascii=False, sort_keys=True,
                                                               separators=(",", ":"))


def test_what_the_fast_encoder_refuses_still_encodes(monkeypatch):
    assert json.loads(argmap_json.dumps({"t": "a \ud800 b"})) == {"t": "a \ud800 b"}
    big = {"n": 2 ** 70}
    assert argmap_json.dumps(big, indent=False) == '{"n":1180591620717411303424}'


def test_the_native_json_is_the_same_with_and_without_orjson(seed_map, tmp_path):
    """A process in which orjson cannot be imported reads the map and writes it again, byte for byte."""
    import subprocess
    import sys

    fast = argmap_json.write_json(seed_map)
    (tmp_path / "map.json").write_text(fast, encoding="utf-8")
    code = ("import sys; sys.modules['orjson'] = None\n"
            "from pathlib import Path\n"
            "from argmap.formats import argmap_json, read_map\n"
            "amap = read_map(Path(sys.argv[1]))\n"
            "Path(sys.argv[2]).write_text(argmap_json.write_json(amap), encoding='utf-8')\n")
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "map.json"), str(tmp_path / "again.json")], check=True)
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == fast
