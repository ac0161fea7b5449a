"""Names a writer or reader gives the parts of one file, each made unique the same way."""

from __future__ import annotations

from typing import Container

__all__ = ["unique_name"]


def unique_name(base: str, taken: Container[str], sep: str = " ") -> str:
    """``base`` if it is free, else ``base{sep}2``, ``base{sep}3``, …: the first name not in ``taken``.

    The caller records the name it takes (a set of titles, the keys of a dict of nodes).
    """
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{sep}{n}"
    return name
