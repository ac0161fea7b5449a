"""Mapping a corpus: many inputs, worker processes, one failure never stopping the rest, resumable.

``run_batch`` finds the documents (files, directories walked recursively, glob patterns), mirrors
the input tree under the output directory (``in/a/b.md`` given as ``in`` lands at
``DIR/a/b.json``), maps them in ``jobs`` worker processes that each load the spaCy pipeline once,
and records every file's outcome. A manifest (``DIR/.argmap-batch.json``) remembers what was done
with which settings, so a second run skips the files whose outputs are newer than their input;
``force=True`` redoes everything. Outputs are written atomically and the store (``db``) takes one
transaction per document, so an interrupted run leaves finished work whole and nothing half-made.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .errors import ArgmapError, InputNotFound, OutputError

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
]

MANIFEST_NAME = ".argmap-batch.json"
MANIFEST_VERSION = 1
#: what a directory walk picks up (a file named explicitly is read whatever its name)
DOCUMENT_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt", ".text", ".pdf", ".html", ".htm", ".xhtml", ".docx")
_GLOB_CHARS = set("*?[")
_MANIFEST_EVERY = 1.0  # seconds between manifest saves during a run


@dataclass(frozen=True)
class BatchSettings:
    """What decides the content of the outputs: a change of any of it redoes every file."""

    formats: tuple[str, ...] = ("json",)
    model: str | None = None
    lang: str | None = None  # None: detected from each text

    def digest(self) -> str:
        from . import __version__

        lexicons = hashlib.sha256()
        for path in sorted(Path(__file__).with_name("cues").glob("*.json")):  # the cue lexicons are settings too
            lexicons.update(path.name.encode() + b"\0" + path.read_bytes())
        payload = json.dumps({"formats": sorted(self.formats), "model": self.model or "blank", "lang": self.lang,
                              "argmap": __version__, "lexicon": lexicons.hexdigest()}, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


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
    """Every file's result in input order, and the run's wall time."""

    results: list[FileResult]
    seconds: float
    interrupted: bool = False

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


# --- the manifest ----------------------------------------------------------------------------

def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _load_manifest(outdir: Path) -> dict[str, Any]:
    try:
        data = json.loads((outdir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION or not isinstance(data.get("files"), dict):
        return {}
    return data["files"]


def _save_manifest(outdir: Path, files: dict[str, Any]) -> None:
    from .output import atomic_write

    atomic_write(outdir / MANIFEST_NAME, json.dumps({"version": MANIFEST_VERSION, "files": files},
                                                    ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def _up_to_date(item: BatchItem, entry: dict[str, Any] | None, digest: str, outdir: Path) -> bool:
    """Done before with these settings, the input unchanged, and every output there and newer."""
    if not entry or entry.get("settings") != digest or entry.get("source") != str(item.source.resolve()):
        return False
    stat = _stat(item.source)
    if stat is None or [stat[0], stat[1]] != [entry.get("size"), entry.get("mtime_ns")]:
        return False
    outputs = entry.get("outputs") or []
    if not outputs:
        return False
    for name in outputs:
        out = _stat(outdir / name)
        if out is None or out[1] < stat[1]:
            return False
    return True


# --- the work of one file (runs in a worker process) ------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(model: str | None, lang: str | None, quiet_signals: bool) -> None:
    """Load the pipeline once per process; workers leave Ctrl-C to the parent."""
    if quiet_signals:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .cues import load_lexicon
    from .nlp import load_nlp
    from .pipeline import analyze  # noqa: F401  (imported once here, not per file)

    try:
        load_lexicon(lang or "en")
        load_nlp(model, lang or "en")  # other languages load when a text needs them
    except Exception:  # the parent reports it once; each file would report it too
        pass
    _WORKER.update(model=model, lang=lang)


def _map_one(source: str, outdir: str, relpath: str, formats: Sequence[str], model: str | None, lang: str | None,
             want_map: bool) -> dict[str, Any]:
    """Map one file and write its outputs; every error comes back as data, never as an exception."""
    from .output import write_outputs
    from .pipeline import analyze

    started = time.perf_counter()
    path = Path(source)
    result: dict[str, Any] = {"status": "failed", "outputs": [], "warnings": []}
    try:
        stat = _stat(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputNotFound(f"no such file: {path} (was it deleted during the run?)") from None
        except IsADirectoryError:
            raise InputNotFound(f"{path} is a directory, not a file") from None
        except OSError as exc:
            raise InputNotFound(f"cannot read {path}: {exc.strerror or exc}") from None
        amap = analyze(data, name=path.name, model=model, lang=lang)
        rel = Path(relpath)
        written, problems = write_outputs(amap, Path(outdir) / rel.parent, list(formats), stem=rel.name,
                                          protect=[path])
        result.update(
            status="done",
            outputs=[p.relative_to(outdir).as_posix() for p in (Path(w) for w in written)],
            warnings=[str(p) for p in problems],
            nodes=len(amap.nodes),
            edges=len(amap.edges),
            sha256=hashlib.sha256(data).hexdigest(),
            size=stat[0] if stat else len(data),
            mtime_ns=stat[1] if stat else 0,
        )
        if want_map:
            result["map"] = amap
    except ArgmapError as exc:
        result.update(error=str(exc), exit_code=exc.exit_code)
    except MemoryError:
        result.update(error="out of memory: the input is too large to map on this machine", exit_code=70)
    except Exception as exc:  # a bug in one file must not stop the corpus
        result.update(error=f"internal error ({type(exc).__name__}: {exc})", exit_code=70)
    result["seconds"] = time.perf_counter() - started
    return result


# --- the run ---------------------------------------------------------------------------------

def run_batch(
    inputs: Iterable[str | os.PathLike],
    outdir: str | os.PathLike,
    *,
    formats: Sequence[str] = ("json",),
    model: str | None = None,
    lang: str | None = None,
    jobs: int | None = None,
    db: str | os.PathLike | None = None,
    force: bool = False,
    on_plan: Callable[[int, int], None] | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> BatchReport:
    """Map every document named by ``inputs`` into ``outdir`` (see the module docstring).

    ``on_plan(to_do, skipped)`` is called once the work is known, ``on_result`` after each
    file. Raises only for what stops the whole run (bad formats, an unusable output directory
    or store, an unknown model); a file's own trouble is in its ``FileResult``. Ctrl-C stops
    the run: finished files stay finished (outputs, manifest, store) and ``interrupted`` is set.
    """
    from .export import verify_formats
    from .nlp import load_nlp
    from .render import IMAGE_FORMATS

    formats = tuple(dict.fromkeys(formats))
    verify_formats(formats, extra=IMAGE_FORMATS)
    settings = BatchSettings(formats=formats, model=model, lang=lang)
    digest = settings.digest()
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out}: {exc.strerror or exc}") from None
    started = time.perf_counter()

    store = None
    if db is not None:
        from .store import Store

        store = Store(db)

    items = discover(inputs, exclude=out)
    manifest = {} if force else _load_manifest(out)
    results: dict[int, FileResult] = {}
    todo: list[tuple[int, BatchItem]] = []
    for index, item in enumerate(items):
        if item.error is not None:
            results[index] = FileResult(item, "failed", error=item.error, exit_code=InputNotFound.exit_code)
            continue
        if not force and _up_to_date(item, manifest.get(item.key), digest, out) and (
                store is None or store.has(str(item.source.resolve()), sha256=manifest[item.key].get("sha256"),
                                           settings_hash=digest)):
            results[index] = FileResult(item, "skipped", outputs=list(manifest[item.key].get("outputs", [])))
            continue
        todo.append((index, item))
    if on_plan:
        on_plan(len(todo), sum(r.status == "skipped" for r in results.values()))
    for index in sorted(results):
        if on_result:
            on_result(results[index])

    last_save = time.monotonic()
    interrupted = False

    def finish(index: int, item: BatchItem, raw: dict[str, Any]) -> None:
        nonlocal last_save
        result = FileResult(item, raw["status"], error=raw.get("error"), exit_code=raw.get("exit_code", 0),
                            outputs=raw.get("outputs", []), warnings=raw.get("warnings", []),
                            seconds=raw.get("seconds", 0.0), nodes=raw.get("nodes", 0), edges=raw.get("edges", 0))
        source_key = str(item.source.resolve())
        if result.status == "done":
            if store is not None:
                store.put(raw["map"], path=source_key, relpath=item.key, sha256=raw.get("sha256"),
                          size=raw.get("size"), settings_hash=digest, outputs=result.outputs)
            manifest[item.key] = {"source": source_key, "size": raw.get("size"), "mtime_ns": raw.get("mtime_ns"),
                                  "sha256": raw.get("sha256"), "settings": digest, "outputs": result.outputs}
        else:
            manifest.pop(item.key, None)
            if store is not None:
                store.put_failure(source_key, result.error or "", result.exit_code)
        results[index] = result
        if time.monotonic() - last_save > _MANIFEST_EVERY:
            _save_manifest(out, manifest)
            last_save = time.monotonic()
        if on_result:
            on_result(result)

    workers = max(1, jobs or default_jobs())
    args = (str(out), tuple(formats), model, lang, store is not None)

    def validate(in_pool: bool = False) -> None:
        """An unknown model or language stops the run here, once, not in every file."""
        from .cues import load_lexicon
        from .nlp import DEFAULT_MODEL

        if lang is not None:
            load_lexicon(lang)
        if not in_pool or model not in (None, "", DEFAULT_MODEL):
            load_nlp(model, lang or "en")  # a blank pipeline cannot fail to load: the workers build their own

    try:
        if workers > 1 and len(todo) > 1:
            todo = _run_pool(todo, workers, args, finish, validate)  # what is left if no worker could start
        if todo:
            validate()
            for index, item in todo:
                finish(index, item, _map_one(str(item.source), args[0], item.relpath.as_posix(), *args[1:]))
    except KeyboardInterrupt:
        interrupted = True
    finally:
        try:
            _save_manifest(out, manifest)
        finally:
            if store is not None:
                store.close()
    ordered = [results[i] for i in sorted(results)]
    return BatchReport(ordered, time.perf_counter() - started, interrupted=interrupted)


def _mp_context(model: str | None, lang: str | None):
    """How worker processes start: from a fork server that imported spaCy once, where that works."""
    import multiprocessing
    import sys

    methods = multiprocessing.get_all_start_methods()
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    if main_file and not os.path.isfile(main_file) and "fork" in methods:
        # a program read from standard input cannot be re-imported by a fork server's or spawned child
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["argmap.batch", "argmap.pipeline", "spacy",
                                        f"spacy.lang.{lang or 'en'}" if model in (None, "", "blank") else "spacy"])
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - platforms without forkserver


def _run_pool(todo: list[tuple[int, BatchItem]], workers: int, args: tuple, finish: Callable,
              validate: Callable[..., None]) -> list[tuple[int, BatchItem]]:
    """Map ``todo`` in worker processes; returns what is left when no worker could even start."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    outdir, formats, model, lang, want_map = args
    context = _mp_context(model, lang)
    pool = ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=context,
                               initializer=_init_worker, initargs=(model, lang, True))
    pending = {}
    queue = list(todo)
    queue.reverse()
    finished = 0
    try:
        # keep a few files in flight per worker so none idles, without queueing the whole corpus
        def submit_more() -> None:
            while queue and len(pending) < workers * 2:
                index, item = queue.pop()
                future = pool.submit(_map_one, str(item.source), outdir, item.relpath.as_posix(), formats, model,
                                     lang, want_map)
                pending[future] = (index, item)

        try:
            submit_more()
        except (OSError, RuntimeError, BrokenProcessPool):  # no process could be started at all
            pool.shutdown(wait=False, cancel_futures=True)
            return [entry for entry in todo]
        validate(True)  # while the workers start
        retried: set[int] = set()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                index, item = pending.pop(future)
                try:
                    raw = future.result()
                    finished += 1
                except BrokenProcessPool:
                    broken = True
                    if not finished:  # the workers die as they start: do the work here instead
                        leftover = [(index, item)] + list(pending.values()) + queue[::-1]
                        pending.clear()
                        pool.shutdown(wait=False, cancel_futures=True)
                        return sorted(leftover, key=lambda entry: entry[0])
                    if index not in retried:  # it may only have stood beside the file that killed the worker
                        retried.add(index)
                        queue.append((index, item))
                        continue
                    raw = {"status": "failed", "error": "the worker process died while mapping it (out of memory?)",
                           "exit_code": 70}
                except Exception as exc:  # pickling trouble and the like: still one file's failure
                    raw = {"status": "failed", "error": f"internal error ({type(exc).__name__}: {exc})", "exit_code": 70}
                finish(index, item, raw)
            if broken:
                for future, (index, item) in list(pending.items()):
                    pending.pop(future)
                    queue.append((index, item))
                pool.shutdown(wait=False, cancel_futures=True)
                pool = ProcessPoolExecutor(max_workers=min(workers, max(1, len(queue))), mp_context=context,
                                           initializer=_init_worker, initargs=(model, lang, True))
            submit_more()
    except BaseException:  # Ctrl-C, or a model that does not load: stop the workers, keep what is done
        for future in pending:
            future.cancel()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return []
