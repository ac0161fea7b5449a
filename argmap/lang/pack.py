"""Language packs: every word the engine matches, one folder per language, checked when loaded.

A pack is ``argmap/lang/<code>/`` with one JSON file per part (``PARTS``); each part follows its
schema in ``argmap/lang/schema/<part>.schema.json``. Adding a language is adding a folder: the
engine holds no words of its own. A misspelt, missing or mistyped key is an error naming the file
and the key, never a feature silently turned off.

The schemas are JSON Schema (draft 2020-12), so an editor or ``jsonschema`` can check a pack as it
is written; at run time the small subset they use is checked here, without a dependency.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from ..errors import LanguagePackError, UnsupportedFormat

__all__ = ["PARTS", "pack_languages", "load_part", "read_part", "schema", "check", "empty_part", "alternation",
           "pack_files", "packs_digest", "LISTS", "fill_lists"]

#: the files of a pack: what each stage asks of a language
PARTS = ("cues", "dates", "audit", "document")
_CODE = re.compile(r"^[a-z]{2,3}$")


def _root() -> Traversable:
    return resources.files(__package__)


def pack_languages() -> list[str]:
    """The codes of the languages argmap has a pack for (the folders beside this module)."""
    return list(_pack_languages())


@lru_cache(maxsize=1)
def _pack_languages() -> tuple[str, ...]:
    # read once per process, as the packs themselves are: asked for each date and each text's language,
    # the folder walk was a tenth of mapping a short brief
    return tuple(sorted(p.name for p in _root().iterdir() if p.is_dir() and _CODE.match(p.name)
                        and (p / f"{PARTS[0]}.json").is_file()))


def pack_files() -> list[Traversable]:
    """Every file of every pack and every schema: what a map was made with, besides the code."""
    root = _root()
    return sorted((f for d in root.iterdir() if d.is_dir() and (_CODE.match(d.name) or d.name == "schema")
                   for f in d.iterdir() if f.name.endswith(".json")), key=lambda f: (f.parent.name, f.name))


@lru_cache(maxsize=None)
def packs_digest() -> str:
    """A digest of every pack file: a batch re-maps its documents when a pack changes."""
    import hashlib

    digest = hashlib.sha256()
    for path in pack_files():
        digest.update(f"{path.parent.name}/{path.name}".encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=None)
def schema(part: str) -> dict[str, Any]:
    """The JSON Schema a pack's ``part`` follows."""
    return json.loads((_root() / "schema" / f"{part}.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def load_part(lang: str, part: str) -> dict[str, Any]:
    """The checked ``part`` of ``lang``'s pack; a language without a pack is refused by name."""
    if part not in PARTS:
        raise ValueError(f"no pack part {part!r} (parts: {', '.join(PARTS)})")
    if lang not in pack_languages():
        raise UnsupportedFormat(f"no language pack for {lang!r} (available: {', '.join(pack_languages())})")
    return read_part(_root() / lang / f"{part}.json", part, name=f"argmap/lang/{lang}/{part}.json")


def read_part(path, part: str, *, name: str | None = None) -> dict[str, Any]:
    """Read one pack file and check it against ``part``'s schema; ``name`` is how errors call the file."""
    name = name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LanguagePackError(f"{name}: missing (a pack holds {', '.join(p + '.json' for p in PARTS)})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LanguagePackError(f"{name}: cannot be read ({exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LanguagePackError(f"{name}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    problems = check(data, schema(part))
    if not problems and LISTS in schema(part)["properties"]:
        data, problems = _filled(data)
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise LanguagePackError(f"{name}: " + "; ".join(problems[:3]) + more)
    return data


#: the key of a part's named lists: alternatives written once, named in its patterns as ``{name}``
LISTS = "pattern_lists"
#: a list's name in a pattern or in another list: "{meta_verbs}" (a quantifier such as "{0,2}" is none)
_LIST_SLOT = re.compile(r"(?<!\\)\{([A-Za-z_]\w*)\}")


def fill_lists(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with each ``{name}`` in its ``_patterns`` filled in from its named lists (``LISTS``), which
    are then spent: the part as the engine reads it, its lists empty.

    A list is one group of alternatives, ``(?:…|…)``, its items in their order (an empty list matches
    nothing); an item may itself name a list. A pattern that names no list of the part, a list that
    names itself (at any remove) and a list no pattern uses are errors, as is a pattern that is no
    regular expression once filled in.
    """
    filled, problems = _filled(data)
    if problems:
        raise LanguagePackError("; ".join(problems))
    return filled


def _filled(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    lists: dict[str, list[str]] = data.get(LISTS, {})
    problems: list[str] = []
    groups: dict[str, str] = {}
    used: set[str] = set()

    def fill(text: str, where: str, path: tuple[str, ...] = ()) -> str:
        def group(m: re.Match[str]) -> str:
            key = m.group(1)
            if key not in lists:
                close = _closest(key, lists)
                hint = f" (did you mean {close!r}?)" if close else ""
                problems.append(f"{where} names {{{key}}}, which is not in {LISTS}{hint}")
                return m.group()
            if key in path:
                problems.append(f"{LISTS}.{key} names itself ({' → '.join(path[path.index(key):] + (key,))})")
                return m.group()
            used.add(key)
            if key not in groups:
                items = [fill(item, f"{_key(LISTS, key)}[{j}]", path + (key,)) for j, item in enumerate(lists[key])]
                groups[key] = "(?:%s)" % "|".join(items) if items else "(?!)"
            return groups[key]

        return _LIST_SLOT.sub(group, text)

    out = {**data, LISTS: {}} if LISTS in data else dict(data)
    for key, value in data.items():
        if not key.endswith("_patterns"):
            continue
        out[key] = [fill(pattern, f"{key}[{i}]") for i, pattern in enumerate(value)]
        if value == out[key]:
            continue
        for i, pattern in enumerate(out[key]):
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                problems.append(f"{key}[{i}] is not a regular expression once its lists are filled in ({exc})")
    problems += [f"{_key(LISTS, key)} is used by no pattern" for key in lists if key not in used]
    return out, list(dict.fromkeys(problems))


def empty_part(part: str, lang: str) -> dict[str, Any]:
    """A part with every key present and nothing in it: a language mapped from its structure alone."""
    out = _empty(schema(part))
    out["language"] = lang
    return out


def _empty(spec: dict[str, Any]) -> Any:
    if spec.get("type") == "object":
        return {key: _empty(spec["properties"][key]) for key in spec.get("required", [])}
    return {"array": [], "integer": 0, "string": ""}[spec.get("type", "array")]


def alternation(phrases, exceptions: dict[str, list[str]] | None = None) -> str:
    """The phrases as one regular-expression alternation, longest first, a space matching any white space.

    With no phrase, a pattern that never matches: an empty alternation would match everywhere (a
    pack without hedges would hedge every sentence). ``exceptions`` gives, for a phrase, what may not
    follow it after white space ("since" before a year tells time, not a cause).
    """
    items = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    if not items:
        return "(?!)"
    unless = {key.lower(): follow for key, follow in (exceptions or {}).items() if follow}
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") + _not_followed_by(unless.get(p)) for p in items)


def _not_followed_by(follow: list[str] | None) -> str:
    if not follow:
        return ""
    return r"(?![\w-])(?!\s+(?:%s))" % "|".join(f"(?:{f})" for f in follow)


_TYPES = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool}


def check(data: Any, spec: dict[str, Any], where: str = "") -> list[str]:
    """What is wrong with ``data`` by ``spec`` (the subset of JSON Schema the pack schemas use), key by key."""
    here = where or "the file"
    problems: list[str] = []
    kind = spec.get("type")
    if kind is not None:
        expected = _TYPES[kind]
        if not isinstance(data, expected) or (expected is int and isinstance(data, bool)):
            return [f"{here} should be {'an' if kind[0] in 'aeiou' else 'a'} {kind}, not {_json_kind(data)}"]
    if "enum" in spec and data not in spec["enum"]:
        return [f"{here} is {data!r}, not one of {', '.join(map(repr, spec['enum']))}"]
    if isinstance(data, str):
        if len(data) < spec.get("minLength", 0):
            problems.append(f"{here} is empty")
        if "pattern" in spec and not re.search(spec["pattern"], data):
            problems.append(f"{here} is {data!r}, which does not match {spec['pattern']}")
        if spec.get("format") == "regex":
            try:
                re.compile(data, re.IGNORECASE)
            except re.error as exc:
                problems.append(f"{here} is not a regular expression ({exc})")
    elif isinstance(data, int) and not isinstance(data, bool):
        if data < spec.get("minimum", data):
            problems.append(f"{here} is {data}, below {spec['minimum']}")
    elif isinstance(data, list) and "items" in spec:
        for i, item in enumerate(data):
            problems += check(item, spec["items"], f"{where}[{i}]" if where else f"item {i}")
    elif isinstance(data, dict):
        properties = spec.get("properties", {})
        missing = [key for key in spec.get("required", []) if key not in data]
        extra = spec.get("additionalProperties", True)
        for key, value in data.items():
            if key in properties:
                problems += check(value, properties[key], _key(where, key))
            elif extra is False:
                close = _closest(key, missing) or _closest(key, properties)
                if close in missing:  # a misspelling: one problem, not a stranger and a missing key
                    missing.remove(close)
                hint = f" (did you mean {close!r}?)" if close else ""
                problems.append(f"unknown key {_key(where, key)!r}{hint}")
            elif isinstance(extra, dict):
                problems += check(value, extra, _key(where, key))
        problems += [f"missing key {_key(where, key)!r}" for key in missing]
    return problems


def _key(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _json_kind(value: Any) -> str:
    for name, kind in (("a boolean", bool), ("an integer", int), ("a number", float), ("a string", str),
                       ("an array", list), ("an object", dict)):
        if isinstance(value, kind):
            return name
    return "null"


def _closest(key: str, known) -> str | None:
    from difflib import get_close_matches

    found = get_close_matches(key, list(known), n=1, cutoff=0.75)
    return found[0] if found else None
