"""The engine holds no words of a language: a scan of argmap's source for the English pack's words.

Every string literal of the package (docstrings aside) that the engine could match text with is
looked at: a regular expression's alternatives, a collection of bare words, a word compared with
text (``==``, ``in``, ``startswith``). One of the English pack's words or phrases there means a
language was written into the code instead of its pack. Names that are the engine's own (roles,
unit types, pack keys) are not words of a language and are left out.
"""

from __future__ import annotations

import ast
import re
from dataclasses import fields
from pathlib import Path

from argmap.lang import PARTS, load_part
from argmap.lang.pack import schema
from argmap.model import EdgeType, Metadata, NodeType

PACKAGE = Path(__file__).resolve().parents[2] / "argmap"
_WORDS = re.compile(r"[A-Za-z][A-Za-z']*")
_REGEX_SYNTAX = re.compile(r"\\[bBsSwWdD]|\(\?[:!=<P#aiLmsux]|[\w?)]\|[\w(\\]")  # not " | " of a table
_BARE = re.compile(r"[a-z][a-z' ]*[a-z]")


def _entries(value, out: set[str]) -> None:
    if isinstance(value, str):
        out.add(" ".join(value.lower().split()))
    elif isinstance(value, list):
        for item in value:
            _entries(item, out)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, int):
                _entries(key, out)  # "first": 1 — the word is the key
            else:
                _entries(item, out)


def english_words() -> set[str]:
    """Every word and phrase the English pack lists (not its regular expressions, not its keys)."""
    found: set[str] = set()
    for part in PARTS:
        for key, value in load_part("en", part).items():
            if key != "language" and not key.endswith("_patterns"):
                _entries(value, found)
    return {w for w in found if _WORDS.fullmatch(w.replace(" ", "")) or " " in w and _BARE.fullmatch(w)}


def engine_names() -> set[str]:
    """Names the engine gives its own things: roles, unit and edge types, metadata fields, pack keys."""
    names = {t.value for t in NodeType} | {t.value for t in EdgeType} | {f.name for f in fields(Metadata)}
    for part in PARTS:
        spec = schema(part)
        names |= set(spec["properties"])
        for prop in spec["properties"].values():
            names |= set(prop.get("properties", {})) | set(prop.get("items", {}).get("enum", []))
    return {n.replace("_", " ") for n in names} | names


def _alternatives(pattern: str) -> set[str]:
    """The words and phrases a regular expression's alternatives spell out."""
    plain = re.sub(r"\[(?:\\.|[^\]])*\]", " ", pattern)  # a character class spells no word
    plain = re.sub(r"\\[sS][+*]?|\\[bBwWdDAZ]|\(\?[:!=<]*|\(\?P<\w+>|\(\?[aiLmsux]+\)|[()\[\]^$*+?{}.,:;]", " ", plain)
    out = set()
    for part in plain.split("|"):
        words = [w.lower() for w in _WORDS.findall(part) if len(w) > 1]
        out.update(words)
        if words:
            out.add(" ".join(words))
    return out


def words_in_code(tree: ast.AST, words: set[str]):
    """(line, text, the words of ``words`` in it) for each literal the engine could match text with."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if _REGEX_SYNTAX.search(node.value) and "\n" not in node.value:  # not program text (SQL, JS)
                yield node.lineno, node.value, _alternatives(node.value) & words
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(items) >= 2 and all(_BARE.fullmatch(w) or len(w) == 1 and w.isalpha() for w in items):
                hits = {w.lower() for w in items if len(w) > 1} & words
                if len(hits) * 2 > len(items):  # a list of words, not of names that happen to be words
                    yield node.lineno, repr(tuple(items)), hits
        elif isinstance(node, ast.Compare):  # a word of the text, case-folded, compared with a word
            sides = [node.left, *node.comparators]
            if any(isinstance(side, ast.Call) and isinstance(side.func, ast.Attribute)
                   and side.func.attr in ("lower", "casefold") for side in sides):
                for side in sides:
                    if isinstance(side, ast.Constant) and isinstance(side.value, str) and _BARE.fullmatch(side.value):
                        yield node.lineno, side.value, {side.value.lower()} & words
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in ("startswith", "endswith") and node.args):
            arg = node.args[0]
            texts = [arg] if isinstance(arg, ast.Constant) else list(getattr(arg, "elts", []))
            items = [t.value for t in texts if isinstance(t, ast.Constant) and isinstance(t.value, str)]
            yield node.lineno, repr(items), {w.lower().strip() for w in items if _BARE.fullmatch(w.strip())} & words


#: literals that look like language but are not argmap's to translate, each with why
NOT_LANGUAGE: dict[str, str] = {
    "argmap/read/html.py:footnotes?|endnotes?|notes":
        "class and id names of a web page's notes section: its markup, whatever language its text is in",
}


def test_the_engine_holds_no_english_words():
    words = english_words() - engine_names()
    assert {"but", "however", "yet", "may", "ought to"} <= words  # the scan looks for what it should
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE.parent).as_posix()
        for line, text, hits in words_in_code(ast.parse(path.read_text(encoding="utf-8")), words):
            hits = sorted(hits)
            if hits and f"{where}:{text}" not in NOT_LANGUAGE:
                found.append(f"{where}:{line}: {text[:80]!r} holds {', '.join(hits[:5])}")
    assert not found, "words of a language outside its pack (move them to argmap/lang/<code>/):\n" + "\n".join(found)


def test_the_scan_finds_a_word_written_into_code():
    """The scan itself: each way a word can hide in code is found."""
    code = ('import re\nCONTRAST = ("but", "however")\nLEAD = re.compile(r"^(?:and|but|so)\\b")\n'
            'def f(w):\n    return w.lower() == "may" or w.startswith("finally")\n')
    found = [hits for _, _, hits in words_in_code(ast.parse(code), english_words() - engine_names()) if hits]
    assert len(found) == 4, found
