"""Gold annotations in the field's formats, read natively into one shape: ``GoldDocument``.

Readers: ``argmap-gold/1`` (the project's own), the arg-microtexts XML, CDCP ``.ann.json``,
brat ``.ann`` (the persuasive-essays corpus) and AIF/xAIF JSON. Each returns the document's
source text (when it can be found) and its units with their one parent and relation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, InputNotFound, UnsupportedFormat
from ..formats.aif import AifGraph, is_aif

__all__ = [
    "GoldUnit",
    "GoldDocument",
    "GOLD_FORMATS",
    "check_gold_format",
    "read_gold",
    "sniff_gold",
    "gold_files",
    "read_argmap_gold",
    "read_microtext",
    "read_cdcp",
    "read_brat",
    "read_aif",
]

#: the formats ``read_gold`` knows, in the order ``--format`` lists them
GOLD_FORMATS = ("argmap-gold", "microtexts", "cdcp", "brat", "aif")


def check_gold_format(name: str) -> str:
    """``name`` when it is ``auto`` or a gold format; refused by name otherwise, before any work."""
    if name != "auto" and name not in GOLD_FORMATS:
        raise UnsupportedFormat(f"unknown gold format {name!r} (must be one of {['auto', *GOLD_FORMATS]})")
    return name
TYPES = ("major_claim", "claim", "premise", "evidence", "recommendation")


class GoldFormatError(InputError):
    """A gold file that does not follow its format."""


@dataclass
class GoldUnit:
    """One annotated unit: its type in argmap's five names, its text, its one parent."""

    id: str
    type: str
    text: str
    parent: str | None = None
    relation: str = "support"
    span: tuple[int, int] | None = None
    label: str | None = None  # the corpus's own label (pro/opp, fact/policy, MajorClaim, …)


@dataclass
class GoldDocument:
    """A gold map: the source text it annotates, its units and the edges beyond the tree.

    ``segmented`` says that every unit carries a span into ``text``, so the pipeline can
    be run on the gold segmentation.
    """

    name: str
    format: str
    text: str | None
    units: list[GoldUnit]
    extra_edges: list[tuple[str, str, str]] = field(default_factory=list)
    lang: str | None = None
    path: str = ""
    evidence_sources: set[str] = field(default_factory=set)

    @property
    def segmented(self) -> bool:
        return bool(self.units) and self.text is not None and all(u.span is not None for u in self.units)

    @property
    def central(self) -> str | None:
        """The id of the (first) major claim."""
        return next((u.id for u in self.units if u.type == "major_claim"), None)

    def edges(self) -> set[tuple[str, str, str]]:
        """All gold edges as (source, target, relation): parents first, then the extra ones."""
        out = {(u.id, u.parent, u.relation) for u in self.units if u.parent}
        out.update(self.extra_edges)
        return out


# --- format detection -------------------------------------------------------------

def sniff_gold(path: Path) -> str | None:
    """The gold format of ``path`` by its name and first bytes, or None if it is no gold file."""
    name = path.name.lower()
    if name.endswith(".ann.json"):
        return "cdcp"
    if name.endswith(".ann"):
        return "brat"
    if name.endswith(".xml"):
        head = path.read_bytes()[:2048]
        return "microtexts" if b"<arggraph" in head else None
    if name.endswith(".json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        if str(data.get("format", "")).startswith("argmap-gold"):
            return "argmap-gold"
        if is_aif(data):
            return "aif"
    return None


def gold_files(paths, fmt: str = "auto") -> list[tuple[Path, str]]:
    """Expand files and folders into (gold file, format) pairs, sorted within each folder."""
    check_gold_format(fmt)
    found: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputNotFound(f"no such file or folder: {path}")
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for candidate in candidates:
            kind = sniff_gold(candidate)
            if kind is None:
                if not path.is_dir() and fmt == "auto":
                    raise UnsupportedFormat(
                        f"{candidate} is not a gold file argmap recognises (formats: {', '.join(GOLD_FORMATS)})"
                    )
                if path.is_dir() or fmt == "auto":
                    continue
                kind = fmt
            if fmt != "auto" and kind != fmt:
                if path.is_dir():
                    continue
                raise UnsupportedFormat(f"{candidate} reads as {kind}, not {fmt}")
            found.append((candidate, kind))
    if not found:
        raise InputNotFound(f"no gold files found in {', '.join(str(p) for p in paths)}")
    return found


def read_gold(path: str | Path, fmt: str = "auto", source: str | Path | None = None) -> GoldDocument:
    """Read one gold file in ``fmt`` (or the format sniffed from it).

    ``source`` names the annotated document where it does not stand beside the gold file (a
    reference corpus names it in its manifest).
    """
    path = Path(path)
    if not path.is_file():
        raise InputNotFound(f"no such file: {path}")
    kind = sniff_gold(path) if fmt == "auto" else fmt
    readers = {"argmap-gold": read_argmap_gold, "microtexts": read_microtext, "cdcp": read_cdcp,
               "brat": read_brat, "aif": read_aif}
    if kind not in readers:
        raise UnsupportedFormat(f"unknown gold format {kind!r} (must be one of {list(GOLD_FORMATS)})")
    try:
        if kind == "argmap-gold":
            return read_argmap_gold(path, Path(source) if source is not None else None)
        return readers[kind](path)
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        if isinstance(exc, InputError):
            raise
        raise GoldFormatError(f"{path} is not valid {kind} gold ({type(exc).__name__}: {exc})") from None


# --- argmap-gold/1 ----------------------------------------------------------------

_SOURCE_SUFFIXES = (".md", ".txt", ".markdown", ".html", ".pdf", ".docx")


def _find_source(gold_path: Path, document: str | None) -> Path | None:
    """The source document a gold file names: beside it, or in a sibling folder of its folder."""
    names = []
    if document:
        names.append(Path(document).name)
    stem = gold_path.name
    for suffix in (".gold.json", ".json"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    names.extend(stem + s for s in _SOURCE_SUFFIXES)
    folders = [gold_path.parent] + sorted(p for p in gold_path.parent.parent.iterdir() if p.is_dir())
    for folder in folders:
        for name in names:
            candidate = folder / name
            if candidate.is_file() and candidate.resolve() != gold_path.resolve():
                return candidate
    return None


def read_argmap_gold(path: Path, source: Path | None = None) -> GoldDocument:
    """An ``argmap-gold/1`` map; one kept as offsets only (a text that may not be copied) gets its texts from the source."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    text = data.get("source_text")
    if text is None:
        source = source if source is not None else _find_source(Path(path), data.get("document"))
        if data.get("text_policy") == "offsets":
            from .corpus import resolve_offsets

            if source is None or not Path(source).is_file():
                raise InputNotFound(f"{path} keeps offsets only, and its source {data.get('document')} is not at hand")
            data = resolve_offsets(data, Path(source).read_text(encoding="utf-8"))
        if source is not None:
            from ..read import read_document

            text = read_document(source).text
            source_name = source.name
        else:
            source_name = data.get("document") or Path(path).name
    else:
        source_name = data.get("document") or Path(path).name
    units = []
    for raw in data["units"]:
        kind = raw["type"]
        if kind not in TYPES:
            raise GoldFormatError(f"{path}: unit {raw.get('id')} has unknown type {kind!r} (must be one of {list(TYPES)})")
        units.append(GoldUnit(str(raw["id"]), kind, raw.get("text", ""), raw.get("parent"),
                              raw.get("relation", "support")))
    extra = [(str(e["source"]), str(e["target"]), e.get("relation", "support")) for e in data.get("extra_edges", [])]
    return GoldDocument(source_name, "argmap-gold", text, units, extra, lang=data.get("lang"), path=str(path))


# --- arg-microtexts -----------------------------------------------------------------

_SUPPORTS = {"sup": "support", "exa": "support", "add": "support", "reb": "attack", "und": "attack"}


def _locate(text: str, piece: str, start: int) -> tuple[int, int] | None:
    """Where ``piece`` stands in ``text`` at or after ``start``, white space folded."""
    words = piece.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    m = pattern.search(text, start) or pattern.search(text)
    return (m.start(), m.end()) if m else None


def read_microtext(path: Path) -> GoldDocument:
    """An arg-microtexts ``.xml`` argument graph and the ``.txt`` beside it.

    ADUs become units; ``sup``/``exa``/``add`` edges are supports and ``reb``/``und``
    attacks. An undercut or a linked premise (``add``) targets an edge: like the
    evidence-graph conversion, it is attached to that edge's source unit. The central
    claim (the one ADU without an outgoing edge) is the major claim.
    """
    import xml.etree.ElementTree as ET

    path = Path(path)
    root = ET.parse(path).getroot()
    if root.tag != "arggraph":
        raise GoldFormatError(f"{path} is not an arg-microtexts graph (root element {root.tag!r})")
    txt = path.with_suffix(".txt")
    edus = {e.get("id"): " ".join((e.text or "").split()) for e in root.findall("edu")}
    edu_order = list(edus)
    text = txt.read_text(encoding="utf-8") if txt.is_file() else " ".join(edus.values())
    edu_spans: dict[str, tuple[int, int] | None] = {}
    cursor = 0
    for eid in edu_order:
        span = _locate(text, edus[eid], cursor)
        edu_spans[eid] = span
        if span:
            cursor = span[1]
    roles = {a.get("id"): a.get("type") for a in root.findall("adu")}
    edges = {e.get("id"): (e.get("src"), e.get("trg"), e.get("type")) for e in root.findall("edge")}
    members: dict[str, list[str]] = {a: [] for a in roles}
    for src, trg, kind in edges.values():
        if kind == "seg" and trg in members:
            members[trg].append(src)

    def resolve(target: str) -> str:
        seen = set()
        while target in edges and target not in seen:  # an edge: its source ADU
            seen.add(target)
            target = edges[target][0]
        return target

    parents: dict[str, tuple[str, str, str]] = {}
    for src, trg, kind in edges.values():
        if kind in _SUPPORTS and src in roles:
            parents[src] = (resolve(trg), _SUPPORTS[kind], kind)
    units = []
    for adu in roles:
        parts = sorted(members[adu], key=edu_order.index)
        spans = [edu_spans[e] for e in parts if edu_spans.get(e)]
        adu_text = " ".join(edus[e] for e in parts)
        span = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans and len(spans) == len(parts) else None
        parent = parents.get(adu)
        units.append(GoldUnit(adu, "premise" if parent else "major_claim", adu_text,
                              parent[0] if parent else None, parent[1] if parent else "support", span, roles[adu]))
    units.sort(key=lambda u: (u.span or (10**9, 0))[0])
    lang = path.parent.name if path.parent.name in ("en", "de") else None
    return GoldDocument(root.get("id") or path.stem, "microtexts", text, units, lang=lang, path=str(path))


# --- CDCP ---------------------------------------------------------------------------

_CDCP_TYPES = {"policy": "recommendation", "reference": "evidence", "fact": "premise", "testimony": "premise",
               "value": "premise"}


def read_cdcp(path: Path) -> GoldDocument:
    """A CDCP ``.ann.json`` and the ``.txt`` beside it: propositions, ``reasons`` and ``evidences``.

    ``policy`` propositions are recommendations and ``reference`` ones evidence; the rest
    (fact, testimony, value) are premises. A link from a range of propositions counts
    for each of them. The first link of a proposition is its parent, others are extra.
    """
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    txt = path.with_name(path.name[: -len(".ann.json")] + ".txt")
    if not txt.is_file():
        raise InputNotFound(f"{path}: the text {txt.name} is not beside it")
    text = txt.read_text(encoding="utf-8")
    units = []
    for i, ((start, end), label) in enumerate(zip(data["prop_offsets"], data["prop_labels"])):
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        units.append(GoldUnit(f"P{i}", _CDCP_TYPES.get(label, "premise"), piece.strip(), span=(start + lead, end - trail),
                              label=label))
    evidence_sources: set[str] = set()
    extra: list[tuple[str, str, str]] = []
    for key in ("reasons", "evidences"):
        for (first, last), target in data.get(key) or []:
            for source in range(first, last + 1):
                unit = units[source]
                if key == "evidences":
                    evidence_sources.add(unit.id)
                if unit.parent is None:
                    unit.parent, unit.relation = f"P{target}", "support"
                elif unit.parent != f"P{target}":
                    extra.append((unit.id, f"P{target}", "support"))
    for unit in units:
        if unit.id in evidence_sources and unit.type == "premise":
            unit.type = "evidence"
    return GoldDocument(path.name[: -len(".ann.json")], "cdcp", text, units, extra, lang="en", path=str(path),
                        evidence_sources=evidence_sources)


# --- brat (persuasive essays) -----------------------------------------------------------

_BRAT_TYPES = {"majorclaim": "major_claim", "claim": "claim", "premise": "premise", "evidence": "evidence",
               "recommendation": "recommendation"}
_BRAT_RELATIONS = {"supports": "support", "support": "support", "attacks": "attack", "attack": "attack"}


def read_brat(path: Path) -> GoldDocument:
    """A brat standoff ``.ann`` as in the persuasive-essays corpus, with the ``.txt`` beside it.

    ``MajorClaim``/``Claim``/``Premise`` text-bound annotations are units; ``supports`` and
    ``attacks`` relations give premises their parents; a claim's ``Stance`` (For/Against)
    relates it to the first major claim. Further major claims restate the first.
    """
    path = Path(path)
    txt = path.with_suffix(".txt")
    text = txt.read_text(encoding="utf-8") if txt.is_file() else None
    units: dict[str, GoldUnit] = {}
    relations: list[tuple[str, str, str]] = []
    stances: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        ident = fields[0]
        if ident.startswith("T"):
            label, *offsets = fields[1].replace(";", " ").split()
            start, end = int(offsets[0]), int(offsets[-1])
            kind = _BRAT_TYPES.get(label.lower())
            if kind is None:
                continue
            unit_text = fields[2] if len(fields) > 2 else (text[start:end] if text else "")
            units[ident] = GoldUnit(ident, kind, unit_text, span=(start, end), label=label)
        elif ident.startswith("R"):
            label, *args = fields[1].split()
            parts = dict(a.split(":", 1) for a in args)
            relation = _BRAT_RELATIONS.get(label.lower())
            if relation and "Arg1" in parts and "Arg2" in parts:
                relations.append((parts["Arg1"], parts["Arg2"], relation))
        elif ident.startswith("A"):
            label, *args = fields[1].split()
            if label.lower() == "stance" and len(args) >= 2:
                stances[args[0]] = args[1]
        elif not ident[:1].isalpha():
            raise GoldFormatError(f"{path}:{number}: not a brat annotation line")
    ordered = sorted(units.values(), key=lambda u: u.span[0])
    majors = [u for u in ordered if u.type == "major_claim"]
    extra = []
    for source, target, relation in relations:
        if source in units and target in units:
            unit = units[source]
            if unit.parent is None:
                unit.parent, unit.relation = target, relation
            else:
                extra.append((source, target, relation))
    if majors:
        for unit in ordered:
            if unit.type == "claim" and unit.parent is None:
                unit.parent = majors[0].id
                unit.relation = "attack" if stances.get(unit.id, "For").lower() == "against" else "support"
        for unit in majors[1:]:
            unit.parent, unit.relation = majors[0].id, "support"
    return GoldDocument(path.stem, "brat", text, ordered, extra, path=str(path))


# --- AIF ------------------------------------------------------------------------------

def read_aif(path: Path) -> GoldDocument:
    """AIF or xAIF JSON: I-nodes are units; I → RA → I is a support, I → CA → I an attack.

    Roles come from an ``argmap`` block beside the AIF one when present (``{"roles":
    {nodeID: type}}``, or the ``nodes`` block argmap's own AIF export writes); otherwise the I-node that serves no other is the major claim and
    the rest are premises. The source text is xAIF's ``text`` (markup stripped), else the
    I-nodes' texts in order.
    """
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    graph = AifGraph(data, name=path.name)
    links = [(src, trg, relation.value) for src, trg, relation, _, _ in graph.relations(direct=True)]
    block = data.get("argmap") if isinstance(data.get("argmap"), dict) else {}
    roles = {str(k): v for k, v in (block.get("roles") or {}).items()}
    if isinstance(block.get("nodes"), dict):  # a map argmap wrote: its roles travel with each node
        roles.update({str(k): v["type"] for k, v in block["nodes"].items() if isinstance(v, dict) and v.get("type")})
    inodes = graph.i_nodes
    units = {nid: GoldUnit(nid, roles.get(nid, "premise"), graph.texts[nid]) for nid in inodes}
    extra = []
    for src, trg, relation in links:
        unit = units[src]
        if unit.parent is None:
            unit.parent, unit.relation = trg, relation
        else:
            extra.append((src, trg, relation))
    if not any(u.type == "major_claim" for u in units.values()):
        roots = [u for u in units.values() if u.parent is None and any(t == u.id for _, t, _ in links)]
        roots = roots or [u for u in units.values() if u.parent is None]
        if roots:
            roots[0].type = "major_claim"
    text = data.get("text")
    if isinstance(text, dict):
        text = text.get("txt")
    if isinstance(text, str):
        text = re.sub(r"<[^>]+>", " ", text).strip() or None
    if not text:
        text = "\n\n".join(units[n].text for n in inodes)
    return GoldDocument(path.stem, "aif", text, list(units.values()), extra, path=str(path))
