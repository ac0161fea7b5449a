"""The reference corpus: a manifest of briefs with reference maps, their splits, checks and agreement.

A corpus folder holds ``corpus.json`` (format ``argmap-corpus/1``): one entry per brief with its
source file, its reference map, its publisher and kind, its split (``dev`` or ``test``) and, for
briefs mapped twice, the two independent annotations the reference was adjudicated from. Rules and
models are developed on ``dev``; ``test`` is read only to report. The agreement of the two
annotators, scored exactly as a map is scored against a reference, is the ceiling a program can be
expected to reach.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, InputNotFound, UnsupportedFormat
from .metrics import TYPES, score_map

__all__ = [
    "MANIFEST",
    "SPLITS",
    "check_split",
    "CorpusEntry",
    "Corpus",
    "CorpusError",
    "read_corpus",
    "check_reference",
    "text_found",
    "locate_spans",
    "text_from_spans",
    "to_offsets",
    "resolve_offsets",
    "load_reference",
    "gold_as_prediction",
    "agreement",
]

MANIFEST = "corpus.json"
MANIFEST_FORMAT = "argmap-corpus/1"
SPLITS = ("dev", "test")


def check_split(name: str) -> str:
    """``name`` when it chooses a split or ``all``; an unknown one is refused by name, not read as empty."""
    if name not in (*SPLITS, "all"):
        raise UnsupportedFormat(f"unknown split {name!r} (must be one of {[*SPLITS, 'all']})")
    return name


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
    sha256: str = ""
    #: "train and evaluate", or "evaluation only" (a text whose licence forbids training shipped weights on it)
    use: str = "train and evaluate"

    @property
    def double_annotated(self) -> bool:
        return len(self.annotations) >= 2

    @property
    def available(self) -> bool:
        """The source is at hand (a source in the shared corpora is absent from a user's clone)."""
        return self.source.is_file()

    @property
    def trainable(self) -> bool:
        return self.use == "train and evaluate"


@dataclass
class Corpus:
    root: Path
    entries: list[CorpusEntry]

    def split(self, name: str) -> list[CorpusEntry]:
        """The entries of a split whose source is at hand."""
        check_split(name)
        return [e for e in self.entries if name in ("all", e.split) and e.available]

    @property
    def unavailable(self) -> list[CorpusEntry]:
        return [e for e in self.entries if not e.available]

    @property
    def double_annotated(self) -> list[CorpusEntry]:
        return [e for e in self.entries if e.double_annotated]


#: a source named "shared:corpora/…" lives in the project's shared corpora (``$ARGMAP_SHARED``, else a
#: ``shared`` folder beside the clone): licensed texts are read in place, never copied into the project
SHARED_PREFIX = "shared:"


def shared_root(start: Path) -> Path | None:
    """Where the shared corpora are: ``$ARGMAP_SHARED``, else the first ``shared`` folder beside ``start`` or above."""
    import os

    if os.environ.get("ARGMAP_SHARED"):
        return Path(os.environ["ARGMAP_SHARED"])
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / "shared" / "corpora").is_dir():
            return folder / "shared"
    return None


def _source_path(root: Path, source: str) -> Path:
    if not source.startswith(SHARED_PREFIX):
        return root / source
    base = shared_root(root)
    relative = source[len(SHARED_PREFIX):]
    return (base / relative) if base is not None else Path("shared") / relative


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
        if raw.get("use", "train and evaluate") not in ("train and evaluate", "evaluation only"):
            raise CorpusError(f"{where}: use {raw['use']!r} must be 'train and evaluate' or 'evaluation only'")
        entry = CorpusEntry(raw["id"], _source_path(root, raw["source"]), root / raw["gold"], raw["publisher"],
                            raw["kind"], raw["split"], [root / a for a in raw.get("annotations", [])],
                            raw.get("provenance", ""), raw.get("sha256", ""), raw.get("use", "train and evaluate"))
        shared = raw["source"].startswith(SHARED_PREFIX)
        for path in ((*(() if shared else (entry.source,)), entry.gold, *entry.annotations)):
            if not path.is_file():
                raise CorpusError(f"{where}: {path} does not exist")
        entries.append(entry)
    if not entries:
        raise CorpusError(f"{manifest} lists no documents")
    return Corpus(root, entries)


# --- checking a reference map against its text -----------------------------------------------

#: a Markdown link: its target runs to the ")" that balances its "(" (a word may follow with no space),
#: else, for a target with unbalanced parentheses, to a ")" that ends the non-blank run
_LINK = re.compile(r"!?\[([^\]\n]*)\]\((?:(?:[^()\s]|\([^()\s]*\))*\)(?![%&=/#?])|[^\s\[\]]*?\)(?=[\s.,;:!?'\"\[*(]|$))")
#: asterisks inside a word vanish without a space: a conversion may set emphasis there ("**M****arket**")
_EMPHASIS = re.compile(r"(?<=\w)\*+(?=\w)")
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"})
#: how many source words a unit rejoined across a page break or footnote block may skip in all
MAX_SKIPPED_WORDS = 400


_NOTE_MARKUP = re.compile(r"<sup>.*?</sup>|\[\^?\d+\](?!\()|<[^>]+>", re.S)
_SPACED = set("*_|#`>\\")
_WORD_RUN = re.compile(r"[\w$%§.'-]+")
#: a sentence stop that a conversion glued to the next sentence ("in advance.The term") ends the word before it
_GLUED_STOP = re.compile(r"(?<=[a-z]{2}[.?!])(?=[A-Z])")


@functools.lru_cache(maxsize=16)
def _plain(text: str) -> tuple[str, list[int]]:
    """The text as a reader sees it, and for each of its characters the offset it comes from.

    Link markup keeps its words (``[words](target)``), note markers and tags become a space,
    asterisks inside a word vanish ("**M****arket**" is "Market"), other markup becomes a space.
    """
    keep = list(text)
    for m in _LINK.finditer(text):
        for k in (*range(m.start(), m.start(1)), *range(m.end(1), m.end())):
            keep[k] = ""
    for m in _NOTE_MARKUP.finditer(text):
        for k in range(m.start(), m.end()):
            keep[k] = " " if k == m.start() else ""
    for m in _EMPHASIS.finditer(text):
        for k in range(m.start(), m.end()):
            keep[k] = ""
    plain, where = [], []
    for k, char in enumerate(keep):
        if char:
            plain.append(" " if char in _SPACED else char)
            where.append(k)
    return "".join(plain).translate(_FOLD), where


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """The words of ``text`` (folded: NFKC, lower case, edge dots, quotes and hyphens stripped) with their offsets."""
    plain_text, where = _plain(text)
    tokens = []
    for m in _WORD_RUN.finditer(plain_text):
        start = m.start()
        for raw in _GLUED_STOP.split(m.group()):
            word = unicodedata.normalize("NFKC", raw).lower().strip(".'-")
            lead = len(raw) - len(raw.lstrip(".'-"))
            trail = len(raw) - len(raw.rstrip(".'-"))
            if word:
                tokens.append((word, where[start + lead], where[start + len(raw) - trail - 1] + 1))
            start += len(raw)
    return tokens


def _plain_words(text: str) -> list[str]:
    return [word for word, _, _ in _tokens(text)]


class SourceIndex:
    """The source's words (markup removed) with their offsets and an index from each word to where it stands."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokens(text)
        self.words = [t[0] for t in self.tokens]
        self.at: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            self.at.setdefault(w, []).append(i)
            if i:  # two words that emphasis markup glued together ("Actions****and") stand here too
                self.at.setdefault(self.words[i - 1] + w, []).append(i - 1)


def _align(wanted: list[str], source: SourceIndex) -> list[list[int]] | None:
    """Where the unit's words stand in the source, in order, with the fewest source words skipped.

    Returns, per unit word, the source token indexes it takes: one, or one shared by two unit words
    that the source has glued together. A rejoined sentence may skip a footnote block in between.
    """
    words, best = source.words, None
    for start in sorted(set(source.at.get(wanted[0], []) + source.at.get("".join(wanted[:2]), []))):
        j, skipped, hits, k = start, 0, [], 0
        while k < len(wanted):
            w = wanted[k]
            glued = w + wanted[k + 1] if k + 1 < len(wanted) else None
            while j < len(words) and words[j] not in (w, glued) and skipped <= MAX_SKIPPED_WORDS:
                j += 1
                skipped += 1
            if j >= len(words) or skipped > MAX_SKIPPED_WORDS:
                break
            step = 2 if words[j] == glued and words[j] != w else 1
            hits.extend([j] * step)
            k += step
            j += 1
        else:
            if best is None or skipped < best[0]:
                best = (skipped, hits)
            if skipped == 0:
                break
    return best[1] if best else None


def text_found(text: str, source: SourceIndex) -> bool:
    """The unit's words stand in the source in order; a rejoined sentence may skip a footnote block."""
    wanted = _plain_words(text)
    return bool(wanted) and _align(wanted, source) is not None


#: where a rejoined unit skips more source words than this, its spans split there (a footnote block between)
SPAN_GAP_WORDS = 3


def locate_spans(text: str, source: str | SourceIndex) -> list[list[int]] | None:
    """Character spans of ``source`` that hold the unit's words in order (a rejoined unit has several)."""
    index = source if isinstance(source, SourceIndex) else SourceIndex(source)
    wanted = _plain_words(text)
    hits = _align(wanted, index) if wanted else None
    if hits is None:
        return None
    tokens = index.tokens
    spans = [[tokens[hits[0]][1], tokens[hits[0]][2]]]
    for previous, current in zip(hits, hits[1:]):
        if current - previous > SPAN_GAP_WORDS:
            spans.append([tokens[current][1], tokens[current][2]])
        else:
            spans[-1][1] = tokens[current][2]
    end = spans[-1][1]  # the sentence's closing punctuation belongs to it
    while end < len(index.text) and index.text[end] in ".?!\"'”’)":
        end += 1
    spans[-1][1] = end
    return spans


def text_from_spans(source: str, spans) -> str:
    """A unit's text from its spans: what a reader sees of each (markup removed), joined, white space folded."""
    import bisect

    plain_text, where = _plain(source)
    pieces = [plain_text[bisect.bisect_left(where, start):bisect.bisect_left(where, end)] for start, end in spans]
    return re.sub(r"\s+", " ", " ".join(pieces)).strip()


def to_offsets(gold: dict, source: str) -> dict:
    """A reference map with every text replaced by its spans, for a text that may not be copied."""
    index = SourceIndex(source)
    units = []
    for unit in gold["units"]:
        spans = locate_spans(unit["text"], index)
        if spans is None:
            raise CorpusError(f"{unit['id']}: text not found in the source")
        units.append({k: v for k, v in unit.items() if k not in ("text", "note")} | {"spans": spans})
    extra = [{k: e[k] for k in ("source", "target", "relation")} for e in gold.get("extra_edges", [])]
    kept = {k: gold[k] for k in ("format", "document", "annotators", "adjudicated") if k in gold}
    date = (gold.get("metadata") or {}).get("date")
    return kept | {"text_policy": "offsets", "source_sha256": hashlib.sha256(source.encode("utf-8")).hexdigest(),
                   "metadata": {"date": date} if date else {}, "units": units, "extra_edges": extra}


def resolve_offsets(gold: dict, source: str) -> dict:
    """An offsets-only reference map with the texts filled in from its source (checked by its sha256)."""
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    if gold.get("source_sha256") and gold["source_sha256"] != digest:
        raise CorpusError(f"the source's sha256 is {digest}, not the {gold['source_sha256']} the map was made on")
    units = [dict(u, text=u.get("text") or text_from_spans(source, u.get("spans") or [])) for u in gold["units"]]
    return dict(gold, units=units)


def check_reference(gold: dict, source_text: str) -> list[str]:
    """Every problem with a reference map: format, ids, types, one major claim, parents, cycles, texts."""
    problems = []
    if gold.get("format") != "argmap-gold/1":
        problems.append("format is not argmap-gold/1")
    if gold.get("text_policy") == "offsets":
        copied = [u.get("id") for u in gold.get("units") or [] if "text" in u or "note" in u]
        if copied or gold.get("non_argumentative") or (gold.get("metadata") or {}).keys() - {"date"}:
            problems.append(f"an offsets-only map holds text of its source ({', '.join(map(str, copied[:5])) or 'metadata'})")
        for unit in gold.get("units") or []:
            spans = unit.get("spans") or []
            if not spans or any(not (0 <= s < e <= len(source_text)) for s, e in spans):
                problems.append(f"{unit.get('id')}: spans {spans} do not lie in the source")
        try:
            gold = resolve_offsets(gold, source_text)
        except CorpusError as exc:
            return problems + [str(exc)]
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


def load_reference(path: Path, source: Path) -> dict:
    """A reference map with its texts (an offsets-only map gets them from its source)."""
    gold = load_json(path)
    if gold.get("text_policy") == "offsets":
        gold = resolve_offsets(gold, Path(source).read_text(encoding="utf-8"))
    return gold


def load_json(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CorpusError(f"{path} is not valid JSON ({exc})") from None
