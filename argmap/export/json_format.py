"""argmap's native JSON: the model's dictionary form, keys sorted, UTF-8 kept readable."""

from __future__ import annotations

import json
import re

from ..model import ArgumentMap

__all__ = ["to_json", "from_json"]


_SURROGATE = re.compile("[\ud800-\udfff]")


def to_json(amap: ArgumentMap) -> str:
    """The map as JSON text that any UTF-8 reader accepts.

    A lone surrogate (text that came from a string, not from decoded bytes) has no UTF-8
    form; it is written as its ``\\uXXXX`` escape, so the JSON still reads back to the same string.
    """
    text = json.dumps(amap.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return _SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group()), text)


def from_json(text: str) -> ArgumentMap:
    return ArgumentMap.from_dict(json.loads(text))
