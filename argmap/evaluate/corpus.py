"""The reference corpus: a manifest of briefs with reference maps, their splits, checks and agreement.

A corpus folder holds ``corpus.json`` (format ``argmap-corpus/1``): one entry per brief with its
source file, its reference map, its publisher and kind, its split (``dev`` or ``test``) and, for
briefs mapped twice, the two independent annotations the reference was adjudicated from. Rules and
models are developed on ``dev``; ``test`` is read only to report. The agreement of the two
annotators, scored exactly as a map is scored against a reference, is the ceiling a program can be
expected to reach.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, InputNotFound
from .metrics import TYPES, score_map

__all__ = [
    "MANIFEST",
    "SPLITS",
    "CorpusEntry",
    "Corpus",
    "CorpusError",
    "read_corpus",
    "check_reference",
    "text_found",
    "gold_as_prediction",
    "agreement",
]

MANIFEST = "corpus.json"
MANIFEST_FORMAT = "argmap-corpus/1"
SPLITS = ("dev", "test")


class CorpusError(InputError):
    """A corpus manifest or reference map that does not follow its format."""


@dataclass
class CorpusEntry:
    """One brief of the corpus: where its text and maps are, and which split it belongs to."""

    id: str
    source: Path
    gold: Path
    publisher: str
    kind: str
    split: str
    annotations: list[Path] = field(default_factory=list)
    provenance: str = ""

    @property
    def double_annotated(self) -> bool:
        return len(self.annotations) >= 2


@dataclass
class Corpus:
    root: Path
    entries: list[CorpusEntry]

    def split(self, name: str) -> list[CorpusEntry]:
        return [e for e in self.entries if name in ("all", e.split)]

    @property
    def double_annotated(self) -> list[CorpusEntry]:
        return [e for e in self.entries if e.double_annotated]


def is_corpus(path: str | Path) -> bool:
    path = Path(path)
    return path.is_dir() and (path / MANIFEST).is_file()


def read_corpus(root: str | Path) -> Corpus:
    """Read and check a corpus manifest: every file it names exists, every split is known."""
    root = Path(root)
    manifest = root / MANIFEST if root.is_dir() else root
    root = manifest.parent
    if not manifest.is_file():
        raise InputNotFound(f"no corpus manifest {manifest}")
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CorpusError(f"{manifest} is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise CorpusError(f"{manifest}: 'format' must be {MANIFEST_FORMAT!r}")
    entries, seen = [], set()
    for position, raw in enumerate(data.get("documents", [])):
        where = f"{manifest}: documents[{position}]"
        missing = [k for k in ("id", "source", "gold", "publisher", "kind", "split") if not raw.get(k)]
        if missing:
            raise CorpusError(f"{where} lacks {', '.join(missing)}")
        if raw["id"] in seen:
            raise CorpusError(f"{where}: id {raw['id']!r} appears twice")
        seen.add(raw["id"])
        if raw["split"] not in SPLITS:
            raise CorpusError(f"{where}: split {raw['split']!r} must be one of {list(SPLITS)}")
        entry = CorpusEntry(raw["id"], root / raw["source"], root / raw["gold"], raw["publisher"], raw["kind"],
                            raw["split"], [root / a for a in raw.get("annotations", [])], raw.get("provenance", ""))
        for path in (entry.source, entry.gold, *entry.annotations):
            if not path.is_file():
                raise CorpusError(f"{where}: {path} does not exist")
        entries.append(entry)
    if not entries:
        raise CorpusError(f"{manifest} lists no documents")
    return Corpus(root, entries)


# --- checking a reference map against its text -----------------------------------------------

#: a Markdown link: its target runs to a ")" that ends the non-blank run (a target may hold parentheses,
#: even unbalanced ones), else to the ")" that balances its "(" (a word may follow with no space)
_LINK = re.compile(r"!?\[([^\]\n]*)\]\((?:[^\s\[\]]*?\)(?=[\s.,;:!?'\"\[*(]|$)|(?:[^()\s]|\([^()\s]*\))*\))")
_MARKUP = re.compile(r"<sup>.*?</sup>|\[\^?\d+\]|<[^>]+>|[*_|#`>\\]")
#: asterisks inside a word vanish without a space: a conversion may set emphasis there ("**M****arket**")
_EMPHASIS = re.compile(r"(?<=\w)\*+(?=\w)")
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"})
_WORD = re.compile(r"[\w$%§.'-]+")
#: how many source words a unit rejoined across a page break or footnote block may skip in all
MAX_SKIPPED_WORDS = 400


def _plain_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    text = _MARKUP.sub(" ", _EMPHASIS.sub("", _LINK.sub(r"\1", text))).lower()
    return [w for w in (m.strip(".'-") for m in _WORD.findall(text)) if w]


class SourceIndex:
    """The source's words (markup removed) with an index from each word to where it stands."""

    def __init__(self, text: str):
        self.words = _plain_words(text)
        self.at: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            self.at.setdefault(w, []).append(i)


def text_found(text: str, source: SourceIndex) -> bool:
    """The unit's words stand in the source in order; a rejoined sentence may skip a footnote block."""
    wanted = _plain_words(text)
    if not wanted:
        return False
    for start in source.at.get(wanted[0], []):
        j, skipped = start, 0
        for w in wanted:
            while j < len(source.words) and source.words[j] != w and skipped <= MAX_SKIPPED_WORDS:
                j += 1
                skipped += 1
            if j >= len(source.words) or skipped > MAX_SKIPPED_WORDS:
                break
            j += 1
        else:
            return True
    return False


def check_reference(gold: dict, source_text: str) -> list[str]:
    """Every problem with a reference map: format, ids, types, one major claim, parents, cycles, texts."""
    problems = []
    if gold.get("format") != "argmap-gold/1":
        problems.append("format is not argmap-gold/1")
    units = gold.get("units") or []
    by_id: dict[str, dict] = {}
    for unit in units:
        if unit.get("id") in by_id:
            problems.append(f"id {unit.get('id')!r} appears twice")
        by_id[unit.get("id")] = unit
    majors = [u for u in units if u.get("type") == "major_claim"]
    if len(majors) != 1:
        problems.append(f"{len(majors)} major claims (exactly one is needed)")
    index = SourceIndex(source_text)
    for unit in units:
        uid = unit.get("id")
        if unit.get("type") not in TYPES:
            problems.append(f"{uid}: unknown type {unit.get('type')!r}")
        if unit.get("type") == "major_claim":
            if unit.get("parent"):
                problems.append(f"{uid}: the major claim has a parent")
        else:
            if unit.get("parent") not in by_id:
                problems.append(f"{uid}: parent {unit.get('parent')!r} is not a unit")
            if unit.get("relation") not in ("support", "attack"):
                problems.append(f"{uid}: relation {unit.get('relation')!r} is neither support nor attack")
        if not text_found(unit.get("text") or "", index):
            problems.append(f"{uid}: text not found in the source: {(unit.get('text') or '')[:80]!r}")
    for unit in units:
        seen, current = set(), unit
        while current is not None and current.get("parent"):
            if current.get("id") in seen:
                problems.append(f"{unit.get('id')}: its chain of parents is a cycle")
                break
            seen.add(current.get("id"))
            current = by_id.get(current["parent"])
    for edge in gold.get("extra_edges") or []:
        if edge.get("source") not in by_id or edge.get("target") not in by_id:
            problems.append(f"extra edge {edge.get('source')}->{edge.get('target')} names a unit that does not exist")
        if edge.get("relation") not in ("support", "attack"):
            problems.append(f"extra edge {edge.get('source')}->{edge.get('target')}: relation {edge.get('relation')!r}")
    return problems


# --- agreement --------------------------------------------------------------------------------

def gold_as_prediction(gold: dict) -> dict:
    """A reference map in the shape a predicted map has, so one annotation can be scored against another."""
    nodes = [{"id": u["id"], "type": u["type"], "text": u.get("text", "")} for u in gold["units"]]
    edges = [{"source": u["id"], "target": u["parent"], "type": u.get("relation", "support")}
             for u in gold["units"] if u.get("parent")]
    edges += [{"source": e["source"], "target": e["target"], "type": e.get("relation", "support")}
              for e in gold.get("extra_edges", [])]
    return {"nodes": nodes, "edges": edges}


def agreement(first: dict, second: dict) -> tuple[dict, dict]:
    """Two annotations scored against each other both ways: (second against first, first against second)."""
    return score_map(first, gold_as_prediction(second)), score_map(second, gold_as_prediction(first))


def load_json(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CorpusError(f"{path} is not valid JSON ({exc})") from None
