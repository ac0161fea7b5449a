"""argmap's native JSON: the model's dictionary form, keys sorted, UTF-8 kept readable; and its one reader.

Encoding goes through orjson when it is installed (about twenty times faster than the standard
``json`` on a map, and on the batch's hot path); its indented output is the same text, byte for
byte, as ``json.dumps(..., ensure_ascii=False, indent=2, sort_keys=True)``, which stays the
fallback and the encoder for what orjson refuses (lone surrogates, integers beyond 64 bits).
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import UnsupportedFormat
from ..model import ArgumentMap

try:  # an optional speed-up: everything works without it
    import orjson as _orjson
except ImportError:  # pragma: no cover - orjson is a dependency; a vendored install may lack it
    _orjson = None

__all__ = ["write_json", "read_json", "from_data", "is_argmap_json", "dumps"]


_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(data: Any, *, indent: bool = True) -> str:
    """``data`` as JSON text, keys sorted, non-ASCII kept; indented by two spaces, or compact.

    Compact text has no spaces after separators (``{"a":1,"b":[1,2]}``). A lone surrogate is
    written as its ``\\uXXXX`` escape, so the text is valid UTF-8 and reads back to the same string.
    """
    if _orjson is not None:
        option = _orjson.OPT_SORT_KEYS | (_orjson.OPT_INDENT_2 if indent else 0)
        try:
            return _orjson.dumps(data, option=option).decode("utf-8")
        except (TypeError, _orjson.JSONEncodeError):
            pass  # the standard encoder below says the same thing more slowly, or raises the same way
    text = json.dumps(data, ensure_ascii=False, sort_keys=True,
                      **({"indent": 2} if indent else {"separators": (",", ":")}))
    return _SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group()), text)


def write_json(amap: ArgumentMap) -> str:
    """The map as JSON text that any UTF-8 reader accepts (see ``dumps``)."""
    return dumps(amap.to_dict()) + "\n"


def is_argmap_json(data: Any) -> bool:
    """Whether ``data`` (parsed JSON) is a map argmap wrote (``"format": "argmap/…"`` and a node list)."""
    return (isinstance(data, dict) and str(data.get("format", "")).startswith("argmap/")
            and isinstance(data.get("nodes"), list))


def from_data(data: Any, *, name: str = "document") -> ArgumentMap:
    """The map from parsed argmap JSON."""
    if not is_argmap_json(data):
        raise UnsupportedFormat(f"{name} is not argmap's JSON: expected the JSON written by 'argmap analyze' "
                                "(a 'format' of 'argmap/1' and a list of 'nodes')")
    return ArgumentMap.from_dict(data)


def read_json(text: str, *, name: str = "document") -> ArgumentMap:
    """The map from argmap's JSON text."""
    return from_data(json.loads(text), name=name)
