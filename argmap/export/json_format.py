"""argmap's native JSON: the model's dictionary form, keys sorted, UTF-8 kept readable."""

from __future__ import annotations

import json

from ..model import ArgumentMap

__all__ = ["to_json", "from_json"]


def to_json(amap: ArgumentMap) -> str:
    return json.dumps(amap.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def from_json(text: str) -> ArgumentMap:
    return ArgumentMap.from_dict(json.loads(text))
