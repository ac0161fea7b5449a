"""Reading a saved map back (the JSON that ``argmap analyze`` writes), with errors a user can act on."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .errors import InputError, InputNotFound, UnsupportedFormat
from .model import ArgumentMap

__all__ = ["read_map", "is_map_file"]


def is_map_file(path: str | os.PathLike) -> bool:
    """Whether ``path`` holds a JSON object (a saved map, or JSON that ``read_map`` will refuse by name)."""
    path = Path(path)
    if not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="ignore").lstrip()
    except OSError:
        return False
    return head.startswith("{")


def _refuse_document(path: Path) -> None:
    """A brief handed where a saved map belongs: say which command maps it, not that its JSON is invalid."""
    from .read import _SUFFIX_FORMATS

    if path.suffix.lower() in _SUFFIX_FORMATS and not is_map_file(path):
        raise InputError(f"{path} is a document, not a saved map: map it first with 'argmap analyze {path}' "
                         "(then show the map's JSON, or let 'argmap audit' take the document itself)")


def read_map(path: str | os.PathLike) -> ArgumentMap:
    """The map saved at ``path``; refuses files that are not argmap's JSON."""
    path = Path(path)
    if not path.exists():
        raise InputNotFound(f"{path} does not exist")
    if not path.is_file():
        raise InputNotFound(f"{path} is not a file")
    _refuse_document(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path} is not a saved map: it is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} is not a saved map: invalid JSON ({exc.msg} at line {exc.lineno})") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not isinstance(data, dict) or not str(data.get("format", "")).startswith("argmap/"):
        raise UnsupportedFormat(f"{path} is not a saved map: expected the JSON written by 'argmap analyze' "
                                f"(a 'format' of 'argmap/1')")
    try:
        return ArgumentMap.from_dict(data)
    except (KeyError, ValueError, TypeError) as exc:
        raise InputError(f"{path} is not a valid saved map: {exc}") from None
