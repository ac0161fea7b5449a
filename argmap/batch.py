"""Mapping a corpus: many inputs, worker processes or a Dask cluster, one failure never stopping the rest.

``run_batch`` finds the documents (files, directories walked recursively, glob patterns), mirrors
the input tree under the output directory (``in/a/b.md`` given as ``in`` lands at
``DIR/a/b.json``), maps them, and records every file's outcome. The work of one document is one
pure function, ``map_document`` (path in; outputs written, summary and store rows out), which the
local engine runs in worker processes forked after the pipeline was loaded (so no worker loads
spaCy again), handed documents in chunks sized by their length, and which the Dask engine runs on
a cluster (``engine="dask"``); Spark or Ray can run it the same way (see ``docs/cluster.md``).

A manifest (``DIR/.argmap-batch.json``) remembers what was done with which settings, so a second
run skips the files whose outputs are newer than their input; ``force=True`` redoes everything.
Outputs are written atomically (through fsspec when ``DIR`` is a URL such as ``s3://…``); the
store (``db``) is filled by this process, many documents to a transaction, each document whole or
not at all, and a document enters the manifest only once the store holds it, so an interrupted run
leaves finished work whole and nothing half-made.
"""

from __future__ import annotations

import functools
import glob
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple, Sequence

from .errors import ArgmapError, InputError, InputNotFound, MissingDependency, OutputError, UnsupportedFormat

__all__ = [
    "BatchSettings",
    "BatchItem",
    "FileResult",
    "BatchReport",
    "default_jobs",
    "discover",
    "run_batch",
    "MANIFEST_NAME",
    "DOCUMENT_SUFFIXES",
    "ENGINES",
    "map_document",
]

MANIFEST_NAME = ".argmap-batch.json"
MANIFEST_VERSION = 1
#: what a directory walk picks up (a file named explicitly is read whatever its name)
DOCUMENT_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt", ".text", ".pdf", ".html", ".htm", ".xhtml", ".docx")
_GLOB_CHARS = set("*?[")
_MANIFEST_EVERY = 1.0  # seconds between manifest saves during a run
_STORE_EVERY = (256, 1.0)  # documents, seconds: what the store takes in one transaction at most
_CHUNK_BYTES = 256_000  # at most this much input in one task, so progress and balance stay fine-grained
ENGINES = ("local", "dask")


@dataclass(frozen=True)
class BatchSettings:
    """What decides the content of the outputs: a change of any of it redoes every file."""

    formats: tuple[str, ...] = ("json",)
    model: str | None = None
    lang: str | None = None  # None: detected from each text
    #: a weights file's path, "default" for the shipped weights, None for the package's default policy
    weights: str | None = None
    #: the sha256 of the weights file's bytes when the run began: every worker maps with those bytes
    weights_sha256: str | None = None
    rules_only: bool = False
    link_evidence: bool = False

    def decider(self) -> str:
        """What decides types and the tree: "rules", or the sha256 of the weights file that does.

        A retrained weights file (or a new package's shipped one) changes the maps, so it changes
        the digest; a file that is never used (``--rules-only``) does not."""
        from .learn import DEFAULT_WEIGHTS, LEARNED_BY_DEFAULT

        if self.rules_only or (self.weights is None and not LEARNED_BY_DEFAULT):
            return "rules"
        if self.weights in (None, "default"):
            from importlib import resources

            sha = hashlib.sha256((resources.files("argmap.learn") / DEFAULT_WEIGHTS).read_bytes()).hexdigest()
        else:
            sha = self.weights_sha256 or hashlib.sha256(Path(self.weights).read_bytes()).hexdigest()
        return "weights:" + sha[:16]

    def digest(self) -> str:
        from . import __version__

        from .lang.pack import packs_digest

        payload = json.dumps({"formats": sorted(self.formats), "model": self.model or "blank", "lang": self.lang,
                              "argmap": __version__, "lexicon": packs_digest(), "decider": self.decider(),
                              "link_evidence": self.link_evidence}, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


class _Run(NamedTuple):
    """What every task of one run shares: where outputs go, the settings, their digest, whether the
    store wants each map's rows."""

    outdir: str
    settings: BatchSettings
    digest: str
    want_record: bool


@dataclass(frozen=True)
class BatchItem:
    """One input file and where its outputs go: ``relpath`` is its place under the output directory."""

    source: Path
    relpath: Path
    error: str | None = None  # set when discovery already knows the item cannot be done

    @property
    def key(self) -> str:
        return self.relpath.as_posix()


@dataclass
class FileResult:
    """What happened to one input."""

    item: BatchItem
    status: str  # "done" | "skipped" | "failed"
    error: str | None = None
    exit_code: int = 0
    outputs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    nodes: int = 0
    edges: int = 0


@dataclass
class BatchReport:
    """Every file's result in input order; the run's wall time and the time spent mapping.

    ``mapping_seconds`` runs from the moment the work was planned to the last file's result: the
    span over which the progress bar counts, so ``documents_per_second`` is the bar's own figure.
    """

    results: list[FileResult]
    seconds: float
    interrupted: bool = False
    mapping_seconds: float = 0.0

    @property
    def documents_per_second(self) -> float:
        """Files mapped or failed (not skipped) per second of mapping."""
        processed = sum(r.status != "skipped" and r.item.error is None for r in self.results)
        return processed / self.mapping_seconds if self.mapping_seconds > 0 else 0.0

    def by_status(self, status: str) -> list[FileResult]:
        return [r for r in self.results if r.status == status]

    @property
    def failed(self) -> list[FileResult]:
        return self.by_status("failed")

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted


def default_jobs() -> int:
    """The CPU cores this process may use (its affinity where the platform tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# --- discovery -------------------------------------------------------------------------------

def discover(inputs: Iterable[str | os.PathLike], *, exclude: str | os.PathLike | None = None) -> list[BatchItem]:
    """The documents named by ``inputs``, in a stable order, each with its place in the output tree.

    A file lands at its own name; a directory's documents at their path below it; a glob's
    matches at their path below the pattern's fixed leading directories. An input that names
    nothing becomes an item with an error, so that it is reported with the failures. Files
    under ``exclude`` (the output directory, when it lies inside an input directory) are left out.
    """
    skip = Path(os.path.realpath(exclude)) if exclude is not None else None
    items: list[BatchItem] = []
    for raw in inputs:
        text = os.fspath(raw)
        path = Path(text)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if _is_document(p, path)
                           and not (skip is not None and _under(Path(os.path.realpath(p)), skip)))
            items.extend(BatchItem(p, p.relative_to(path)) for p in files)
        elif path.is_file() or os.path.lexists(text):
            items.append(BatchItem(path, Path(path.name)))
        elif _GLOB_CHARS & set(text):
            base = _glob_base(text)
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True))
            files = [m for m in matches if m.is_file() and not _hidden(m.relative_to(base) if _under(m, base) else m)]
            if not files:
                items.append(BatchItem(path, Path(path.name), error=f"no file matches {text}"))
            for m in files:
                items.append(BatchItem(m, m.relative_to(base) if _under(m, base) else Path(m.name)))
        else:
            items.append(BatchItem(path, Path(path.name), error=f"no such file or directory: {text}"))
    return _dedupe(items)


def _is_document(path: Path, root: Path) -> bool:
    return path.suffix.lower() in DOCUMENT_SUFFIXES and not _hidden(path.relative_to(root)) and (
        path.is_file() or path.is_symlink())


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _glob_base(pattern: str) -> Path:
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts[:-1]:
        if _GLOB_CHARS & set(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _under(path: Path, base: Path) -> bool:
    try:
        path.relative_to(base)
        return True
    except ValueError:
        return False


def _dedupe(items: list[BatchItem]) -> list[BatchItem]:
    """The same file named twice is done once; two files that would write the same outputs are refused."""
    seen_sources: set[str] = set()
    claimed: dict[str, BatchItem] = {}
    out: list[BatchItem] = []
    for item in items:
        if item.error is None:
            real = os.path.realpath(item.source)
            if real in seen_sources:
                continue
            seen_sources.add(real)
            target = _output_key(item.relpath)
            if target in claimed:
                item = BatchItem(item.source, item.relpath,
                                 error=f"its outputs would overwrite those of {claimed[target].source}; rename one of them")
            else:
                claimed[target] = item
        out.append(item)
    return out


def _output_key(relpath: Path) -> str:
    from .output import safe_stem

    return (relpath.parent / safe_stem(relpath.name)).as_posix().lower()


# --- where outputs go: a local directory, or a URL through fsspec ------------------------------

def _is_url(location: str | os.PathLike) -> bool:
    return "://" in os.fspath(location)


def _filesystem(url: str):
    """The fsspec filesystem and root path of an output URL, with an error a user can act on."""
    try:
        import fsspec
    except ImportError:
        raise MissingDependency(f"writing to {url} needs fsspec: pip install 'argmap[s3]' (s3://) "
                                "or 'argmap[dask]'") from None
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:  # the protocol's own package (s3fs, gcsfs, …) is missing
        raise MissingDependency(f"writing to {url} needs a package fsspec names: {exc}") from None
    except (ValueError, OSError) as exc:
        raise OutputError(f"cannot use {url} as the output: {exc}") from None


class _Outputs:
    """The output tree: reads and writes of the manifest and checks of outputs, local or remote."""

    def __init__(self, location: str | os.PathLike):
        self.location = os.fspath(location)
        self.remote = _is_url(self.location)
        if self.remote:
            self.fs, self.root = _filesystem(self.location)
            try:
                self.fs.makedirs(self.root, exist_ok=True)
            except OSError as exc:
                raise OutputError(f"cannot create {self.location}: {exc}") from None
            self.path = None
        else:
            self.path = Path(self.location)
            if self.path.exists() and not self.path.is_dir():
                raise OutputError(f"{self.path} exists and is not a directory")
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(f"cannot create {self.path}: {exc.strerror or exc}") from None

    def read(self, name: str) -> bytes | None:
        try:
            if self.remote:
                return self.fs.cat_file(f"{self.root}/{name}")
            return (self.path / name).read_bytes()
        except (OSError, FileNotFoundError):
            return None

    def write(self, name: str, text: str) -> None:
        if self.remote:
            try:
                self.fs.pipe_file(f"{self.root}/{name}", text.encode("utf-8"))
            except OSError as exc:
                raise OutputError(f"cannot write {self.location}/{name}: {exc}") from None
        else:
            from .output import atomic_write

            atomic_write(self.path / name, text)

    def newer_than(self, name: str, mtime_ns: int) -> bool:
        """Whether output ``name`` is there (and, locally, not older than the input)."""
        if self.remote:  # object stores keep no comparable modification time: being there is enough
            try:
                return self.fs.exists(f"{self.root}/{name}")
            except OSError:
                return False
        out = _stat(self.path / name)
        return out is not None and out[1] >= mtime_ns


# --- the manifest ----------------------------------------------------------------------------

def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _load_manifest(outputs: _Outputs) -> dict[str, Any]:
    raw = outputs.read(MANIFEST_NAME)
    try:
        data = json.loads(raw) if raw is not None else None
    except ValueError:
        return {}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION or not isinstance(data.get("files"), dict):
        return {}
    return data["files"]


def _save_manifest(outputs: _Outputs, files: dict[str, Any]) -> None:
    from .formats.argmap_json import dumps

    outputs.write(MANIFEST_NAME, dumps({"version": MANIFEST_VERSION, "files": files}) + "\n")


def _up_to_date(item: BatchItem, entry: dict[str, Any] | None, digest: str, outputs: _Outputs) -> bool:
    """Done before with these settings, the input unchanged, and every output there and newer."""
    if not entry or entry.get("settings") != digest or entry.get("source") != str(item.source.resolve()):
        return False
    stat = _stat(item.source)
    if stat is None or [stat[0], stat[1]] != [entry.get("size"), entry.get("mtime_ns")]:
        return False
    names = entry.get("outputs") or []
    return bool(names) and all(outputs.newer_than(name, stat[1]) for name in names)


# --- the work of one document: a pure function, run wherever the engine runs it ----------------

_WORKER: dict[str, Any] = {}


def _init_worker(model: str | None, lang: str | None, quiet_signals: bool) -> Exception | None:
    """Make sure the pipeline is loaded in this process (a forked worker has it already);
    workers leave Ctrl-C to the parent. Returns what could not be loaded, for the caller to
    report (a pool's workers leave that to the parent, which reports it once)."""
    if quiet_signals:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .cues import load_lexicon
    from .nlp import load_nlp
    from .pipeline import analyze  # noqa: F401  (imported once here, not per file)

    problem = None
    try:
        load_lexicon(lang or "en")
        load_nlp(model, lang or "en")  # other languages load when a text needs them
    except Exception as exc:  # each file reports it too, as its own failure
        problem = exc
    _WORKER.update(model=model, lang=lang)
    return problem


def _warm_worker(settings: BatchSettings, source: str | None) -> None:
    """Ready a cluster worker as the local engine's forked workers are readied by their parent: the
    pipeline loaded and one document (the batch's shortest) mapped in memory, nothing written, so
    that what a first document loads is not paid for by a real one.

    A worker that cannot load the pipeline, the lexicon or the weights, or that meets a bug on the
    document, says so in its log as a warning; it stays in the cluster, and its documents report
    what fails. A document that cannot be mapped (unreadable, empty, …) is that document's failure,
    reported by its own task, and no warning."""
    import logging

    log = logging.getLogger(__name__)
    problem = _init_worker(settings.model, settings.lang, False)  # the pipeline loaded once, its failure kept
    if problem is None:
        try:
            deciding = _deciding(settings)
        except Exception as exc:
            problem = exc
    if problem is not None:
        log.warning("argmap: this worker could not warm up: %s", problem if isinstance(problem, ArgmapError)
                    else f"{type(problem).__name__}: {problem}")
        return
    if source:
        from .pipeline import analyze

        try:
            analyze(Path(source).read_bytes(), name=Path(source).name, model=settings.model, lang=settings.lang,
                    **deciding)
        except (ArgmapError, OSError):
            pass  # the document's own failure: its task reports it
        except Exception as exc:
            log.warning("argmap: this worker could not warm up on %s (%s: %s)", source, type(exc).__name__, exc)


def _deciding(settings: BatchSettings) -> dict[str, Any]:
    """The keywords of ``pipeline.analyze`` that choose the decider, with a weights file read once per process."""
    weights: Any = settings.weights
    if weights not in (None, "default") and not settings.rules_only:
        weights = _load_weights(weights, settings.weights_sha256)
    return {"weights": weights, "rules_only": settings.rules_only, "link_evidence": settings.link_evidence}


#: weights files read in this process, by (path, sha256 of the bytes read): the run's own reading, which
#: forked workers inherit, and each other worker's first reading
_WEIGHTS_READ: dict[tuple[str, str], Any] = {}


def _read_weights_once(path: str) -> str:
    """Read a run's weights file once, keeping its weights for this process and the workers it forks;
    the sha256 of its bytes. A missing or malformed file stops the run here."""
    from .learn.weights import read_weights

    weights, sha256 = read_weights(path)
    _WEIGHTS_READ[(path, sha256)] = weights
    return sha256


def _load_weights(path: str, sha256: str | None):
    """The weights a run maps with: those of the bytes hashed when the run began. A worker that reads
    the file itself (a cluster's) and finds it changed since fails each document with a clear error
    rather than mapping it with other weights than its settings say."""
    from .learn import WeightsError
    from .learn.weights import read_weights

    if sha256 is not None and (path, sha256) in _WEIGHTS_READ:
        return _WEIGHTS_READ[(path, sha256)]
    weights, sha = read_weights(path)
    if sha256 is not None and sha != sha256:
        raise WeightsError(f"the weights file {path} changed during the run: map again to use the new weights")
    _WEIGHTS_READ[(path, sha)] = weights
    return weights


def map_document(source: str, relpath: str, outdir: str, formats: Sequence[str] | None = None, *,
                 model: str | None = None, lang: str | None = None, settings_hash: str | None = None,
                 store_path: str | None = None, want_record: bool = False,
                 settings: BatchSettings | None = None) -> dict[str, Any]:
    """Map one file and write its outputs under ``outdir`` at ``relpath``; return its summary.

    Path in, outputs and summary out, nothing else touched: the unit of work of every engine.
    What decides the outputs is ``settings`` (a ``BatchSettings``: formats, model, language, the
    decider — weights or rules — and ``link_evidence``); ``formats`` (default ``["json"]``),
    ``model`` and ``lang`` are a short form of the common case, ``BatchSettings(formats, model,
    lang)``. Giving both is a ``TypeError``: neither would silently win.
    ``outdir`` is a directory or an fsspec URL. The summary is plain data (``status``,
    ``outputs``, ``warnings``, ``nodes``, ``edges``, ``sha256``, ``size``, ``mtime_ns``,
    ``seconds``, and ``error`` with ``exit_code`` on failure); with ``want_record`` it also holds
    ``record``, the store's rows for the map (``store.record``), keyed by ``store_path``. Every
    error comes back as data, never as an exception.
    """
    if settings is None:
        settings = BatchSettings(formats=tuple(formats or ("json",)), model=model, lang=lang)
    elif formats is not None or model is not None or lang is not None:
        raise TypeError("map_document takes settings or its short form (formats, model, lang), not both")
    started = time.perf_counter()
    path = Path(source)
    result: dict[str, Any] = {"status": "failed", "outputs": [], "warnings": []}
    try:
        from .pipeline import analyze

        stat = _stat(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputNotFound(f"no such file: {path} (was it deleted during the run?)") from None
        except IsADirectoryError:
            raise InputNotFound(f"{path} is a directory, not a file") from None
        except OSError as exc:
            raise InputNotFound(f"cannot read {path}: {exc.strerror or exc}") from None
        amap = analyze(data, name=path.name, model=settings.model, lang=settings.lang, **_deciding(settings))
        written, problems = _write_outputs(amap, outdir, relpath, settings.formats, protect=path)
        sha256 = hashlib.sha256(data).hexdigest()
        result.update(status="done", outputs=written, warnings=[str(p) for p in problems],
                      nodes=len(amap.nodes), edges=len(amap.edges), sha256=sha256,
                      size=stat[0] if stat else len(data), mtime_ns=stat[1] if stat else 0)
        if want_record:
            from .store import record

            result["record"] = record(amap, path=store_path or str(path.resolve()), relpath=relpath, sha256=sha256,
                                      size=result["size"], settings_hash=settings_hash, outputs=written)
    except ArgmapError as exc:
        result.update(error=str(exc), exit_code=exc.exit_code)
    except MemoryError:
        result.update(error="out of memory: the input is too large to map on this machine", exit_code=70)
    except Exception as exc:  # a bug in one file must not stop the corpus
        result.update(error=f"internal error ({type(exc).__name__}: {exc})", exit_code=70)
    result["seconds"] = time.perf_counter() - started
    return result


def _write_outputs(amap, outdir: str, relpath: str, formats: Sequence[str], *, protect: Path
                   ) -> tuple[list[str], list[ArgmapError]]:
    """Write the map's files; returns their names relative to ``outdir`` and what could not be made.

    A URL gets the very files a directory would (made in a temporary directory, then put there
    through fsspec), so the bytes are the same wherever they land.
    """
    from .output import write_outputs

    rel = Path(relpath)
    if not _is_url(outdir):
        written, problems = write_outputs(amap, Path(outdir) / rel.parent, list(formats), stem=rel.name,
                                          protect=[protect])
        return [Path(w).relative_to(outdir).as_posix() for w in written], problems
    import tempfile

    fs, root = _filesystem(outdir)
    with tempfile.TemporaryDirectory(prefix="argmap-") as tmp:
        written, problems = write_outputs(amap, Path(tmp), list(formats), stem=rel.name)
        names = []
        for local in written:
            # a long map's section pictures keep their folder (brief.sections/)
            name = (rel.parent / Path(local).relative_to(tmp)).as_posix()
            try:
                fs.makedirs(f"{root}/{Path(name).parent.as_posix()}".rstrip("/."), exist_ok=True)  # object stores: no-op
                fs.put_file(str(local), f"{root}/{name}")
            except OSError as exc:
                raise OutputError(f"cannot write {outdir}/{name}: {exc}") from None
            names.append(name)
    return names, problems


def _import_writers(formats: Sequence[str]) -> None:
    """Import what mapping a document and writing its formats uses, so that forked workers share it."""
    from . import output, pipeline  # noqa: F401
    from .formats import FORMATS

    for fmt in formats:
        if fmt in FORMATS:
            FORMATS[fmt].write  # noqa: B018  (the property imports the writer's module)


def _map_chunk(chunk: Sequence[tuple[str, str, str]], outdir: str, settings: BatchSettings, settings_hash: str,
               want_record: bool) -> list[dict[str, Any]]:
    """``map_document`` over a chunk of (source, relpath, store path): one task, one round trip."""
    return [map_document(source, relpath, outdir, settings=settings, settings_hash=settings_hash,
                         store_path=store_path, want_record=want_record)
            for source, relpath, store_path in chunk]


def _chunks(todo: Sequence[tuple[int, BatchItem]], workers: int) -> list[list[tuple[int, BatchItem]]]:
    """The work cut into tasks by length: large chunks first, single documents at the end.

    Each chunk holds about a quarter of a worker's share of what is left (guided scheduling),
    at most ``_CHUNK_BYTES`` of input, so that few round trips carry the bulk and the last
    tasks are small enough that no worker waits long for another to finish.
    """
    sizes = [(_stat(item.source) or (0, 0))[0] for _, item in todo]
    remaining = sum(sizes)
    chunks: list[list[tuple[int, BatchItem]]] = []
    current: list[tuple[int, BatchItem]] = []
    filled = 0
    for entry, size in zip(todo, sizes):
        current.append(entry)
        filled += size
        if filled >= min(_CHUNK_BYTES, remaining / (4 * workers)):
            chunks.append(current)
            remaining -= filled
            current, filled = [], 0
    if current:
        chunks.append(current)
    return chunks


# --- the run ---------------------------------------------------------------------------------

def run_batch(
    inputs: Iterable[str | os.PathLike],
    outdir: str | os.PathLike,
    *,
    formats: Sequence[str] = ("json",),
    model: str | None = None,
    lang: str | None = None,
    weights: str | os.PathLike | None = None,
    rules_only: bool = False,
    link_evidence: bool = False,
    jobs: int | None = None,
    db: str | os.PathLike | None = None,
    force: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    on_plan: Callable[[int, int], None] | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> BatchReport:
    """Map every document named by ``inputs`` into ``outdir`` (see the module docstring).

    ``engine`` is ``"local"`` (``jobs`` worker processes) or ``"dask"`` (the cluster whose
    scheduler is at ``scheduler``, or a local cluster of ``jobs`` workers without one).
    ``weights``, ``rules_only`` and ``link_evidence`` are ``pipeline.analyze``'s; a weights file is
    read once here (a bad one stops the run before any document) and once in each worker.
    ``on_plan(to_do, skipped)`` is called once the work is known, ``on_result`` after each
    file. Raises only for what stops the whole run (bad formats, an unusable output directory
    or store, an unknown model or engine, an unreachable cluster); a file's own trouble is in its
    ``FileResult``. Ctrl-C stops the run: finished files stay finished (outputs, manifest, store)
    and ``interrupted`` is set.
    """
    from .formats import verify_formats
    from .nlp import load_nlp
    from .render import IMAGE_FORMATS

    if engine not in ENGINES:
        raise UnsupportedFormat(f"unknown engine {engine!r}: choose from {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise InputError("--scheduler goes with --engine dask")
    formats = tuple(dict.fromkeys(formats))
    verify_formats(formats, extra=IMAGE_FORMATS)
    from .learn import check_decider

    check_decider(weights, rules_only)
    sha256 = None
    if weights is not None and not (isinstance(weights, str) and weights == "default"):
        weights = str(Path(weights).resolve())  # a path, even one named "default" (the CLI passes a Path then)
        sha256 = _read_weights_once(weights)
    settings = BatchSettings(formats=formats, model=model, lang=lang,
                             weights=None if weights is None else str(weights), weights_sha256=sha256,
                             rules_only=rules_only, link_evidence=link_evidence)
    digest = settings.digest()
    outputs = _Outputs(outdir)
    out = outputs.location if outputs.remote else str(outputs.path)
    started = time.perf_counter()

    store = None
    if db is not None:
        from .store import Store

        store = Store(db)
    try:
        items = discover(inputs, exclude=None if outputs.remote else outputs.path)
        manifest = {} if force else _load_manifest(outputs)
        held = store.holding(digest) if store is not None and not force else {}
    except BaseException:
        if store is not None:
            store.close()
        raise
    results: dict[int, FileResult] = {}
    todo: list[tuple[int, BatchItem]] = []
    for index, item in enumerate(items):
        if item.error is not None:
            results[index] = FileResult(item, "failed", error=item.error, exit_code=InputNotFound.exit_code)
            continue
        entry = manifest.get(item.key)
        if not force and _up_to_date(item, entry, digest, outputs) and (
                store is None or held.get(entry["source"], False) == entry.get("sha256")):
            results[index] = FileResult(item, "skipped", outputs=list(entry.get("outputs", [])))
            continue
        todo.append((index, item))
    planned = time.perf_counter()
    if on_plan:
        on_plan(len(todo), sum(r.status == "skipped" for r in results.values()))
    for index in sorted(results):
        if on_result:
            on_result(results[index])

    last_save = time.monotonic()
    last_result = planned
    interrupted = False
    waiting: list[tuple[Any, str, dict[str, Any]]] = []  # (record, manifest key, entry): stored, then listed
    last_flush = time.monotonic()

    def flush() -> None:
        """Store what is waiting, in one transaction, then list it in the manifest."""
        nonlocal last_flush
        if waiting:
            store.put_many([rec for rec, _, _ in waiting])
            for _, key, entry in waiting:
                manifest[key] = entry
            waiting.clear()
        last_flush = time.monotonic()

    def finish(index: int, item: BatchItem, raw: dict[str, Any]) -> None:
        nonlocal last_save, last_result
        result = FileResult(item, raw["status"], error=raw.get("error"), exit_code=raw.get("exit_code", 0),
                            outputs=raw.get("outputs", []), warnings=raw.get("warnings", []),
                            seconds=raw.get("seconds", 0.0), nodes=raw.get("nodes", 0), edges=raw.get("edges", 0))
        source_key = str(item.source.resolve())
        if result.status == "done":
            entry = {"source": source_key, "size": raw.get("size"), "mtime_ns": raw.get("mtime_ns"),
                     "sha256": raw.get("sha256"), "settings": digest, "outputs": result.outputs}
            if store is not None:
                waiting.append((raw["record"], item.key, entry))
                if len(waiting) >= _STORE_EVERY[0] or time.monotonic() - last_flush > _STORE_EVERY[1]:
                    flush()
            else:
                manifest[item.key] = entry
        else:
            manifest.pop(item.key, None)
            if store is not None:
                store.put_failure(source_key, result.error or "", result.exit_code)
        results[index] = result
        last_result = time.perf_counter()
        if time.monotonic() - last_save > _MANIFEST_EVERY:
            _save_manifest(outputs, manifest)
            last_save = time.monotonic()
        if on_result:
            on_result(result)

    workers = max(1, jobs or default_jobs())
    common = _Run(out, settings, digest, store is not None)

    def validate(in_pool: bool = False) -> None:
        """An unknown model or language stops the run here, once, not in every file; what is loaded
        here (pipeline, lexicon, the stop words that identify a language) forked workers share."""
        from .cues import load_lexicon
        from .nlp import DEFAULT_MODEL
        from .collector import collector_paused

        with collector_paused():
            if lang is not None or not in_pool:
                load_lexicon(lang or "en")
            if not in_pool or model not in (None, "", DEFAULT_MODEL):
                load_nlp(model, lang or "en")  # a blank pipeline cannot fail to load: the workers build their own
                if lang is None:
                    from .lang import identify_language

                    identify_language("the state and the people")  # loads every stop-word list it weighs
            if not in_pool:
                _import_writers(formats)  # else each forked worker imports them on its first document

    try:
        if engine == "dask" and todo:
            _run_dask(todo, workers, common, finish, validate, scheduler)
            todo = []
        if workers > 1 and len(todo) > 1:
            todo = _run_pool(todo, workers, common, finish, validate)  # what is left if no worker could start
        if todo:
            validate()
            for index, item in todo:
                finish(index, item, _map_chunk([_task(item)], *common)[0])
    except KeyboardInterrupt:
        interrupted = True
    finally:
        try:
            if store is not None:
                try:
                    flush()
                except KeyboardInterrupt:  # a second Ctrl-C: the waiting documents are not stored, nor listed
                    interrupted = True
            _save_manifest(outputs, manifest)
        finally:
            if store is not None:
                store.close()
    ordered = [results[i] for i in sorted(results)]
    return BatchReport(ordered, time.perf_counter() - started, interrupted=interrupted,
                       mapping_seconds=max(0.0, last_result - planned))


def _task(item: BatchItem) -> tuple[str, str, str]:
    return str(item.source), item.relpath.as_posix(), str(item.source.resolve())


def _mp_context(model: str | None, lang: str | None):
    """How worker processes start: forked from this process once it has loaded the pipeline, on Linux.

    A forked worker shares the loaded pipeline and lexicons (copy-on-write) and starts at once;
    elsewhere (fork is unsafe on macOS, absent on Windows) they come from a fork server that
    imported spaCy once.
    """
    import multiprocessing
    import sys

    methods = multiprocessing.get_all_start_methods()
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    if "fork" in methods and (sys.platform.startswith("linux") or (main_file and not os.path.isfile(main_file))):
        # (a program read from standard input cannot be re-imported by a fork server's or spawned child)
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["argmap.batch", "argmap.pipeline", "spacy",
                                        f"spacy.lang.{lang or 'en'}" if model in (None, "", "blank") else "spacy"])
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - platforms without forkserver


def _shortest(todo: Sequence[tuple[int, BatchItem]]) -> int:
    return min(range(len(todo)), key=lambda i: (_stat(todo[i][1].source) or (0, 0))[0])


def _warm_up(todo: list[tuple[int, BatchItem]], common: tuple, finish: Callable) -> list[tuple[int, BatchItem]]:
    """Map the shortest document here, before the workers fork; returns the rest.

    What a first document loads (the learned layer's weights, the writers, the tokenizer's cache
    of common words) every forked worker then has, instead of each paying for it on a real one.
    """
    from .collector import loaded_objects_set_aside

    first = _shortest(todo)
    index, item = todo[first]
    with loaded_objects_set_aside():  # reading it too: its first imports do not walk the loaded pipeline
        finish(index, item, _map_chunk([_task(item)], *common)[0])
    return todo[:first] + todo[first + 1:]


def _run_pool(todo: list[tuple[int, BatchItem]], workers: int, common: tuple, finish: Callable,
              validate: Callable[..., None]) -> list[tuple[int, BatchItem]]:
    """Map ``todo`` in worker processes; returns what is left when no worker could even start."""
    from collections import deque
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    from .collector import loaded_objects_set_aside

    model, lang = common.settings.model, common.settings.lang
    context = _mp_context(model, lang)
    warm = context.get_start_method() == "fork"
    if warm:
        validate()  # loaded here, before the fork: every worker has it from the start
        todo = _warm_up(todo, common, finish)

    def new_pool(size: int):
        return ProcessPoolExecutor(max_workers=size, mp_context=context, initializer=_init_worker,
                                   initargs=(model, lang, True))

    pool = new_pool(min(workers, len(todo)))
    pending: dict[Any, list[tuple[int, BatchItem]]] = {}
    queue = deque(_chunks(todo, workers))
    finished = 0
    try:
        # keep a few chunks in flight per worker so none idles, without queueing the whole corpus
        def submit_more() -> None:
            while queue and len(pending) < workers * 2:
                chunk = queue.popleft()
                pending[pool.submit(_map_chunk, [_task(item) for _, item in chunk], *common)] = chunk

        try:
            if warm:  # forked with the loaded objects set aside: the workers' collectors leave the shared pages alone
                with loaded_objects_set_aside():
                    submit_more()
            else:
                submit_more()
        except (OSError, RuntimeError, BrokenProcessPool):  # no process could be started at all
            pool.shutdown(wait=False, cancel_futures=True)
            return list(todo)
        if not warm:
            validate(True)  # while the workers start
        retried: set[int] = set()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                chunk = pending.pop(future)
                try:
                    raws = future.result()
                    finished += 1
                except BrokenProcessPool:
                    broken = True
                    if not finished:  # the workers die as they start: do the work here instead
                        leftover = chunk + [e for c in pending.values() for e in c] + [e for c in queue for e in c]
                        pending.clear()
                        pool.shutdown(wait=False, cancel_futures=True)
                        return sorted(leftover, key=lambda entry: entry[0])
                    # a document may only have stood beside the one that killed the worker: each once more, alone
                    again = [entry for entry in chunk if entry[0] not in retried]
                    retried.update(index for index, _ in again)
                    queue.extendleft([entry] for entry in reversed(again))
                    raws = [{"status": "failed", "error": "the worker process died while mapping it (out of memory?)",
                             "exit_code": 70}] * len(chunk)
                    chunk = [entry for entry in chunk if entry not in again]
                except Exception as exc:  # pickling trouble and the like: still the chunk's own failure
                    raws = [{"status": "failed", "error": f"internal error ({type(exc).__name__}: {exc})",
                             "exit_code": 70}] * len(chunk)
                for (index, item), raw in zip(chunk, raws):
                    finish(index, item, raw)
            if broken:
                for future, chunk in list(pending.items()):
                    pending.pop(future)
                    queue.appendleft(chunk)
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool(min(workers, max(1, len(queue))))
            submit_more()
    except BaseException:  # Ctrl-C, or a model that does not load: stop the workers, keep what is done
        for future in pending:
            future.cancel()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return []


def _run_dask(todo: list[tuple[int, BatchItem]], workers: int, common: tuple, finish: Callable,
              validate: Callable[..., None], scheduler: str | None) -> None:
    """Map ``todo`` on a Dask cluster: the scheduler at ``scheduler``, or a local one of ``workers`` processes.

    The tasks are ``_map_chunk`` calls (the same function the local engine runs, so the outputs
    are the same bytes); their summaries and store rows come back here, where the store is filled.
    Inputs must be readable by the workers (a shared filesystem), outputs writable by them (a
    shared directory or an fsspec URL).
    """
    import logging

    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise MissingDependency("the dask engine needs Dask: pip install 'argmap[dask]'") from None
    cluster, warm = None, False
    try:
        if scheduler:
            if common.settings.lang is not None:  # checked here; the pipeline need only be where the workers are
                from .cues import load_lexicon

                load_lexicon(common.settings.lang)
            try:
                client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
            workers = max(1, len(client.scheduler_info().get("workers", {})))
        else:
            import dask

            from .collector import loaded_objects_set_aside

            validate()
            # a local cluster's workers fork from this process once it has loaded the pipeline and
            # mapped the shortest document (Linux), as the local engine's do, with the loaded objects
            # set aside so that the workers' collectors leave the pages they share alone
            warm = _mp_context(common.settings.model, common.settings.lang).get_start_method() == "fork"
            if warm and len(todo) > 1:
                todo = _warm_up(todo, common, finish)
            with dask.config.set({"distributed.worker.multiprocessing-method": "fork" if warm else "spawn"}), \
                    loaded_objects_set_aside():
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        try:
            if scheduler or not warm:  # workers that did not fork from a warm process warm up once, on their own
                from .dask_plugin import RunOnSetup

                source = str(todo[_shortest(todo)][1].source) if todo else None
                client.register_plugin(RunOnSetup(functools.partial(_warm_worker, common.settings, source)),
                                       name="argmap-warm-up")
            futures = {}
            for chunk in _chunks(todo, workers):
                future = client.submit(_map_chunk, [_task(item) for _, item in chunk], *common, pure=False)
                futures[future] = chunk
            for future in as_completed(futures):
                chunk = futures.pop(future)
                try:
                    raws = future.result()
                except Exception as exc:  # a worker that died on these documents, again and again
                    raws = [{"status": "failed", "error": f"the Dask task failed ({type(exc).__name__}: {exc})",
                             "exit_code": 70}] * len(chunk)
                for (index, item), raw in zip(chunk, raws):
                    finish(index, item, raw)
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()
