"""argmap's benchmarks: ratios and medians, written to benchmarks/RESULTS.md. Not part of the tests.

    python benchmarks/run.py            # everything (a few minutes on two cores)
    python benchmarks/run.py --quick    # fewer repetitions
    python benchmarks/run.py --only ratio,help
    python benchmarks/run.py --only corpus --runs 5   # batch: wall and CPU time, the serial share

1. ratio   analysis time per document ÷ spaCy alone on the same text with the same pipeline
2. scale   the example brief repeated 1×, 10×, 100×: time and peak memory
3. help    ``argmap --help`` wall time
4. corpus  80 and 400 generated briefs: ``--jobs 2`` ÷ ``--jobs 1``, Dask with 2 workers, serial share
5. pdf     the PDF reader's pages per second on the largest GAO PDF (skipped without a PDF reader)
6. store   100,000 maps into the SQLite store: insert rate per 10,000, and the documented queries
7. learned the learned layer (shipped weights) ÷ the rules alone, per document, side by side
12. pathological  the inputs of ``benchmarks/pathological.py`` under the rules and the learned layer side by
   side: CPU time and peak memory, each run in a fresh process (some minutes; only when named in ``--only``)

``--only`` re-runs some and keeps the other sections of RESULTS.md as they were.

The GAO reports and the CRS brief are read from ../shared (or $ARGMAP_SHARED) when present.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("ARGMAP_SHARED") or ROOT.parent / "shared")
SEED = ROOT / "corpora" / "kinu-co-24-17.md"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}



def interleaved_cpu(funcs, runs: int) -> list[list[float]]:
    """CPU seconds of each of ``funcs`` over ``runs`` rounds, interleaved and the order turned each round:
    load from other processes hits all alike, and what runs right after another is not always the same."""
    times: list[list[float]] = [[] for _ in funcs]
    for run in range(runs):
        for k in range(len(funcs)):
            index = (run + k) % len(funcs)
            start = time.process_time()
            funcs[index]()
            times[index].append(time.process_time() - start)
    return times

def median_time(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def documents() -> list[Path]:
    docs = [SEED]
    for folder in (SHARED / "corpora" / "gao" / "markdown", SHARED / "corpora" / "briefs"):
        if folder.is_dir():
            docs.extend(sorted(folder.glob("*.md")))
    return docs


# --- 1. analysis ÷ spaCy alone -----------------------------------------------------------------

TRAINED: str | None = None  # --trained NAME_OR_PATH


def _paragraph_views(text: str, name: str) -> list[str]:
    """The pieces of text argmap hands spaCy: each paragraph of the cleaned document."""
    from argmap.clean import clean
    from argmap.cues import load_lexicon
    from argmap.read import read_document
    from argmap.segment import clean_view

    doc = clean(read_document(text, name=name), lexicon=load_lexicon("en"))
    return [clean_view(doc.text, b.spans)[0] for b in doc.blocks if b.kind in ("paragraph", "list_item")]


def bench_ratio(runs: int) -> dict:
    import argmap
    from argmap.nlp import load_nlp

    rows = []
    models: list[str | None] = [None]
    for name in ([TRAINED] if TRAINED else ["en_core_web_sm", "en_core_web_md"]):
        try:
            load_nlp(name)
            models.append(name)
            break
        except argmap.ArgmapError:
            continue
    for model in models:
        nlp = load_nlp(model)
        label = "blank" if model is None else (nlp.meta.get("lang", "") + "_" + nlp.meta.get("name", "") + " "
                                               + nlp.meta.get("version", "")).strip()
        for path in documents():
            text = path.read_text(encoding="utf-8")
            views = _paragraph_views(text, path.name)
            argmap.analyze(text, name=path.name, model=model)  # warm caches
            nlp(text)
            mine, whole, pieces = interleaved_cpu([lambda: argmap.analyze(text, name=path.name, model=model),
                                                   lambda: nlp(text),
                                                   lambda: list(nlp.pipe(views, batch_size=64))], runs)
            t_argmap, t_spacy, t_pieces = (statistics.median(x) for x in (mine, whole, pieces))
            rows.append({"model": label, "document": path.name, "words": len(text.split()),
                         "argmap_ms": t_argmap * 1000, "spacy_ms": t_spacy * 1000, "pieces_ms": t_pieces * 1000,
                         "ratio": t_argmap / t_spacy, "ratio_pieces": t_argmap / t_pieces})
    result = {"rows": rows, "labels": []}
    for row in rows:
        if row["model"] not in result["labels"]:
            result["labels"].append(row["model"])
    for model in result["labels"]:
        mine = [r for r in rows if r["model"] == model]
        total_a = sum(r["argmap_ms"] for r in mine)
        result[f"overall_{model}"] = total_a / sum(r["spacy_ms"] for r in mine)
        result[f"overall_pieces_{model}"] = total_a / sum(r["pieces_ms"] for r in mine)
        result[f"median_{model}"] = statistics.median(r["ratio"] for r in mine)
    result["stages"] = stage_breakdown(max(documents(), key=lambda p: p.stat().st_size), runs)
    return result


def bench_learned(runs: int) -> dict:
    """``analyze(weights="default")`` ÷ ``analyze(rules_only=True)`` on the same text, interleaved, CPU time."""
    import argmap
    from argmap.learn import default_weights

    weights = default_weights()
    rows = []
    for path in [SEED] + sorted(p for p in (ROOT / "corpora").glob("*.md") if p.name != "README.md"):
        if path.name == SEED.name and rows:
            continue
        text = path.read_text(encoding="utf-8")
        jobs = [lambda: argmap.analyze(text, name=path.name, rules_only=True),
                lambda: argmap.analyze(text, name=path.name, weights=weights)]
        for func in jobs:
            func()  # warm caches
        rules, learned = (statistics.median(times) for times in interleaved_cpu(jobs, runs))
        rows.append({"document": path.name, "words": len(text.split()), "rules_ms": rules * 1000,
                     "learned_ms": learned * 1000, "ratio": learned / rules})
    total = sum(r["learned_ms"] for r in rows) / sum(r["rules_ms"] for r in rows)
    return {"rows": rows, "overall": total, "median": statistics.median(r["ratio"] for r in rows)}


def stage_breakdown(path: Path, runs: int) -> dict:
    """Median milliseconds per stage on one document (spaCy runs inside segment)."""
    from argmap import pipeline
    from argmap.classify import classify
    from argmap.clean import clean
    from argmap.cues import load_lexicon
    from argmap.link import link
    from argmap.nlp import load_nlp
    from argmap.read import read_document
    from argmap.segment import segment

    lexicon, nlp = load_lexicon("en"), load_nlp(None)
    text = path.read_text(encoding="utf-8")
    times: dict[str, list[float]] = {}
    for _ in range(runs + 1):
        marks = [time.perf_counter()]
        doc = read_document(text, name=path.name)
        marks.append(time.perf_counter())
        doc = clean(doc, lexicon=lexicon)
        marks.append(time.perf_counter())
        units = segment(doc, nlp, lexicon)
        marks.append(time.perf_counter())
        layout = classify(units, lexicon)
        marks.append(time.perf_counter())
        kept = [u for u in units if u.type is not None and not u.excluded]
        pipeline._assign_ids(kept)
        link(units, lexicon, layout)
        marks.append(time.perf_counter())
        for name, a, b in zip(("read", "clean", "segment (spaCy inside)", "classify", "link"), marks, marks[1:]):
            times.setdefault(name, []).append((b - a) * 1000)
    return {"document": path.name, **{k: statistics.median(v[1:]) for k, v in times.items()}}


def bench_pathological(runs: int) -> dict:
    """``pathological.side_by_side``: every pathological case under the rules and the learned layer (and the
    learned layer at half size), each in a fresh process. One run each: the peak memory does not vary, and
    the ratios read here are of two or more."""
    import pathological

    return {"rows": pathological.side_by_side(None, 1.0)}


# --- 2. scaling ----------------------------------------------------------------------------------

_SCALE_CHILD = r"""
import json, resource, statistics, sys, time
import argmap
from argmap.nlp import load_nlp


def rss_kb(field):
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith(field + ":"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # Linux: the peak (VmHWM) starts again from the current size
    except OSError:
        pass


text = open(sys.argv[1], encoding="utf-8").read()
copies, runs = int(sys.argv[2]), int(sys.argv[3])
big = "\n\n".join([text] * copies)
argmap.analyze(text, name="warm")
load_nlp(None)
times, growth = [], []
for _ in range(runs):
    before = rss_kb("VmRSS")
    reset_peak()
    t = time.process_time(); amap = argmap.analyze(big, name="scaled"); times.append(time.process_time() - t)
    growth.append(rss_kb("VmHWM") - before)
print(json.dumps({"copies": copies, "words": len(big.split()), "nodes": len(amap.nodes), "seconds": statistics.median(times),
                  "peak_rss_mb": rss_kb("VmHWM") / 1024, "growth_mb": max(growth) / 1024}))
"""


def bench_scale(runs: int) -> dict:
    rows = []
    for copies, reps in ((1, 3 * runs), (10, 2 * runs), (100, max(3, runs // 2 + 1))):
        out = subprocess.run([sys.executable, "-c", _SCALE_CHILD, str(SEED), str(copies), str(reps)],
                             capture_output=True, text=True, env=ENV, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    base = {r["copies"]: r for r in rows}
    return {
        "rows": rows,
        "per_copy_10_vs_1": base[10]["seconds"] / (10 * base[1]["seconds"]),
        "per_copy_100_vs_10": base[100]["seconds"] / (10 * base[10]["seconds"]),
    }


# --- 3. argmap --help ----------------------------------------------------------------------------

def bench_help(runs: int) -> dict:
    cmd = [sys.executable, "-c", "from argmap.cli import main; main()", "--help"]
    bare = [sys.executable, "-c", "pass"]
    subprocess.run(cmd, capture_output=True, env=ENV, check=True)

    def run(c):
        return lambda: subprocess.run(c, capture_output=True, env=ENV, check=True)

    return {"help_s": median_time(run(cmd), max(runs, 7)), "python_s": median_time(run(bare), max(runs, 7))}


# --- 4. the machine's own speed-up (used by corpus.py) -----------------------------------------------------------------

_SPIN_CHILD = r"""
import sys, time
from concurrent.futures import ProcessPoolExecutor


def work(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


if __name__ == "__main__":
    jobs = int(sys.argv[1])
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(work, [2_000_000] * 8))
    print(time.perf_counter() - start)
"""


def machine_speedup() -> float:
    """What two processes gain over one on this machine right now, for pure CPU work (no argmap)."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "spin.py"
        script.write_text(_SPIN_CHILD, encoding="utf-8")
        walls = {}
        for jobs in (1, 2):
            out = subprocess.run([sys.executable, str(script), str(jobs)], capture_output=True, text=True, check=True)
            walls[jobs] = float(out.stdout.strip())
    return walls[1] / walls[2]


# --- 5. PDF pages per second ---------------------------------------------------------------------

def bench_pdf(runs: int) -> dict:
    from argmap.read import READERS, read_document

    folder = SHARED / "corpora" / "gao" / "pdf"
    if "pdf" not in READERS:
        return {"skipped": "argmap has no PDF reader yet (READERS has no 'pdf' entry)"}
    pdfs = [p for p in folder.glob("*.pdf") if p.read_bytes()[:5] == b"%PDF-"] if folder.is_dir() else []
    if not pdfs:
        return {"skipped": f"no PDF found in {folder}"}
    largest = max(pdfs, key=lambda p: p.stat().st_size)
    try:
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(largest))
        pages = len(pdf)
        pdf.close()
    except Exception as exc:  # the page count needs pypdfium2; the reader may use something else
        return {"skipped": f"cannot count the pages of {largest.name}: {exc}"}
    read_document(largest)
    seconds = median_time(lambda: read_document(largest), max(3, runs // 2))
    return {"file": largest.name, "pages": pages, "seconds": seconds, "pages_per_s": pages / seconds}


# --- the report ----------------------------------------------------------------------------------

def git_commit() -> str:
    """The short hash of the checkout the benchmarks run in ("" outside a git checkout)."""
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
    except OSError:
        return ""


def write_section(section: str) -> None:
    """One numbered section ("## N. …") written into RESULTS.md in place of its number's, the others kept:
    for the benchmarks that write a section of their own."""
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    head = old.split("\n## ", 1)[0]
    RESULTS.write_text(merge(old, head.rstrip("\n") + "\n\n" + section), encoding="utf-8")


def machine() -> dict:
    import spacy

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    commit = git_commit()
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "os": platform.platform(),
            "python": platform.python_version(), "spacy": spacy.__version__, "commit": commit,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load": load}


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def report(results: dict, info: dict, runs: int) -> str:
    out = ["# Benchmarks", "",
           "Made by `python benchmarks/run.py`; every figure is a ratio or the median of several runs "
           f"({runs} unless said otherwise).", "",
           "## Machine", "",
           f"- CPU: {info['cpu']}, {info['cores']} cores; memory {info['memory']}",
           f"- {info['os']}; Python {info['python']}; spaCy {info['spacy']}",
           "- each section ends with the run that made it (`--only` re-runs some sections and keeps the others)",
           ""]
    r = results.get("ratio")
    if r:
        out += ["## 1. Analysis time ÷ spaCy alone", "",
                "argmap is `argmap.analyze(text)` (read, clean, segment with the pipeline, classify, link). "
                "spaCy alone is the same pipeline on the document's whole text (`nlp(text)`: the ratio), and, "
                "stricter, on exactly the paragraphs argmap hands it (`nlp.pipe(paragraphs)`: the *strict* ratio, "
                "which counts all of argmap's own work as overhead). All three are timed in process CPU time, "
                "interleaved, median of the runs; an overall ratio is the sum of the medians over all documents.", "",
                "| pipeline | document | words | argmap ms | spaCy, whole text ms | spaCy, argmap's paragraphs ms "
                "| ratio | strict ratio |", "|---|---|---:|---:|---:|---:|---:|---:|"]
        for row in r["rows"]:
            out.append(f"| {row['model']} | {row['document']} | {row['words']} | {row['argmap_ms']:.1f} | "
                       f"{row['spacy_ms']:.1f} | {row['pieces_ms']:.1f} | {row['ratio']:.2f} | {row['ratio_pieces']:.2f} |")
        out.append("")
        for label in r["labels"]:
            target = 2.0 if label == "blank" else 1.1
            whole, strict = r[f"overall_{label}"], r[f"overall_pieces_{label}"]
            out.append(f"- {label}: ratio **{whole:.2f}** (per document, median {r[f'median_{label}']:.2f}), "
                       f"strict **{strict:.2f}**; target ≤ {target}: {verdict(whole <= target)} "
                       f"(strict: {verdict(strict <= target)})")
        if TRAINED:
            out.append(f"- the trained pipeline was loaded from `{TRAINED}`")
        if len(r["labels"]) == 1:
            out.append("- trained pipeline: not measured — no `en_core_web_sm` (or `_md`) is installed, and spaCy's "
                       "trained pipelines are not published on PyPI; give one with `--trained NAME_OR_PATH`")
        st = r["stages"]
        out += ["", f"Where the time goes on {st['document']} (median ms per stage):", "",
                "| " + " | ".join(k for k in st if k != "document") + " |",
                "|" + "---:|" * (len(st) - 1),
                "| " + " | ".join(f"{v:.1f}" for k, v in st.items() if k != "document") + " |", ""]
    s = results.get("scale")
    if s:
        out += ["## 2. Scaling: the example brief repeated", "",
                "`argmap.analyze` on the example brief's text repeated 1×, 10× and 100× (blank pipeline), each size in "
                "a fresh process; CPU time, median of the runs; memory from the process's own peak (VmHWM).", "",
                "| copies | words | nodes | CPU seconds | peak RSS MB | peak growth during the call MB |", "|---:|---:|---:|---:|---:|---:|"]
        for row in s["rows"]:
            out.append(f"| {row['copies']}× | {row['words']} | {row['nodes']} | {row['seconds']:.3f} | "
                       f"{row['peak_rss_mb']:.0f} | {row['growth_mb']:.0f} |")
        worst = max(s["per_copy_10_vs_1"], s["per_copy_100_vs_10"])
        out += ["", f"Time per copy, 10× ÷ 1×: **{s['per_copy_10_vs_1']:.2f}**; 100× ÷ 10×: "
                f"**{s['per_copy_100_vs_10']:.2f}** (1.00 is exactly linear). Target: no more than 10 % above "
                f"linear: {verdict(worst <= 1.10)}. A figure below 1 means the larger document costs less per "
                "copy: fixed costs of a call (building the views, spaCy's batching) are spread over more text.", ""]
    h = results.get("help")
    if h:
        out += ["## 3. `argmap --help`", "",
                f"Wall time **{h['help_s']:.3f} s** (median of 7; a bare `python -c pass` takes {h['python_s']:.3f} s); "
                f"target ≤ 0.3 s: {verdict(h['help_s'] <= 0.3)}", ""]
    c = results.get("corpus")
    if c:
        from corpus import report_corpus

        out += report_corpus(c, info["cores"])
    p = results.get("pdf")
    if p:
        out += ["## 5. PDF reader", ""]
        if "skipped" in p:
            out += [f"Skipped: {p['skipped']}.", ""]
        else:
            out += [f"{p['file']}: {p['pages']} pages in {p['seconds']:.2f} s: **{p['pages_per_s']:.1f} pages/s** "
                    "(`read_document`, median)", ""]
    st = results.get("store")
    if st:
        from corpus import report_store

        out += report_store(st)
    le = results.get("learned")
    if le:
        out += ["## 7. The learned layer", "",
                "`argmap.analyze(text, weights=\"default\")` (the rules, then features, four linear models and the "
                "decoded tree) ÷ `argmap.analyze(text, rules_only=True)`, on every brief of `corpora/`, interleaved, "
                "process CPU time, median of the runs; the overall ratio is the sum of the medians.", "",
                "| document | words | rules ms | learned ms | ratio |", "|---|---:|---:|---:|---:|"]
        for row in le["rows"]:
            out.append(f"| {row['document']} | {row['words']} | {row['rules_ms']:.1f} | {row['learned_ms']:.1f} | "
                       f"{row['ratio']:.2f} |")
        out += ["", f"Overall **{le['overall']:.2f}** (per document, median {le['median']:.2f}); target ≤ 1.20 "
                f"(the model adds at most 20 %): {verdict(le['overall'] <= 1.20)}", ""]
    pa = results.get("pathological")
    if pa:
        out += report_pathological(pa)
    return with_provenance("\n".join(out).rstrip() + "\n", info)


def report_pathological(pa: dict) -> list[str]:
    rows = pa["rows"]
    out = ["## 12. Pathological inputs: the rules and the learned layer", "",
           "Each case of `benchmarks/pathological.py` at full size under `analyze(text, rules_only=True)` and "
           "`analyze(text, weights=\"default\")`, and the learned layer at half size, each run in a fresh "
           "process after a warm-up call: process CPU seconds of the call, and the peak resident memory the call "
           "adds to the process (VmHWM after the call − VmHWM before it). Made by `python benchmarks/run.py --only "
           "pathological` (or `python benchmarks/pathological.py --learned`). Growth: the learned layer's "
           "time at full size ÷ at half size (2 is linear, 4 quadratic).", "",
           "| case | size | rules s | rules MB | learned s | learned MB | learned ÷ rules, time | "
           "learned ÷ rules, memory | learned, half size s | growth |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        r, le, half = row["rules"], row["learned"], row["learned_half"]
        out.append(f"| {row['case']} | {row['size']:,} | {r['cpu']:.2f} | {r['peak_mb']:.0f} | {le['cpu']:.2f} | "
                   f"{le['peak_mb']:.0f} | {le['cpu'] / max(r['cpu'], 1e-3):.2f} | "
                   f"{le['peak_mb'] / max(r['peak_mb'], 1.0):.1f} | {half['cpu']:.2f} | "
                   f"{le['cpu'] / max(half['cpu'], 1e-3):.1f} |")
    worst = max(rows, key=lambda row: row["learned"]["peak_mb"])
    out += ["", f"Largest peak under the learned layer: {worst['case']}, {worst['learned']['peak_mb']:.0f} MB "
            f"(the rules: {worst['rules']['peak_mb']:.0f} MB).", ""]
    return out


def with_provenance(text: str, info: dict) -> str:
    """Every numbered section of ``text`` closed by the line that says which run made it, so that a
    section kept by a later ``--only`` run still says where it came from."""
    line = (f"_Run: argmap commit {info['commit']}, {info['date']}, 1-minute load average at the start "
            f"{info['load']:.2f}._")
    parts = text.split("\n## ")
    for i, part in enumerate(parts[1:], 1):
        if part[:1].isdigit():
            parts[i] = part.rstrip("\n") + "\n\n" + line + "\n"
    return "\n## ".join(parts).rstrip("\n") + "\n"


def merge(old: str, new: str) -> str:
    """``new``'s sections in place of ``old``'s of the same number; the others kept (``--only``), each
    with the provenance line it was written with."""
    def sections(text: str) -> tuple[str, dict[str, str]]:
        parts = ("\n" + text).split("\n## ")
        head, found = parts[0].lstrip("\n"), {}
        for part in parts[1:]:
            title = part.split("\n", 1)[0]
            number = title.split(".", 1)[0]
            found[number if number.isdigit() else title.strip()] = "## " + part.rstrip("\n") + "\n"
        return head, found

    _, old_parts = sections(old)
    head, new_parts = sections(new)
    merged = {**old_parts, **new_parts}
    order = sorted(merged, key=lambda k: (k.isdigit(), int(k) if k.isdigit() else 0, k))
    return head.rstrip("\n") + "\n\n" + "\n".join(merged[k] for k in order)


def _benches():
    from corpus import bench_corpus, bench_store

    return {"ratio": bench_ratio, "scale": bench_scale, "help": bench_help, "corpus": bench_corpus,
            "pdf": bench_pdf, "store": bench_store, "learned": bench_learned, "pathological": bench_pathological}


sys.path.insert(0, str(Path(__file__).resolve().parent))
BENCHES = _benches()
#: what a run without ``--only`` makes: the pathological inputs take some minutes more, and are asked for by name
DEFAULT = [name for name in BENCHES if name != "pathological"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--runs", type=int, help="this many repetitions (default 7, or 3 with --quick)")
    parser.add_argument("--only", default=",".join(DEFAULT), help="comma-separated: " + ", ".join(BENCHES))
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the Markdown report")
    parser.add_argument("--json", action="store_true", help="also print the raw figures as JSON")
    parser.add_argument("--trained", help="a trained spaCy pipeline (installed name or directory) for benchmark 1")
    args = parser.parse_args()
    global TRAINED
    TRAINED = args.trained
    runs = args.runs or (3 if args.quick else 7)
    info = machine()
    results = {}
    for name in args.only.split(","):
        name = name.strip()
        if name not in BENCHES:
            parser.error(f"unknown benchmark {name!r} (choose from {', '.join(BENCHES)})")
        print(f"running {name}…", file=sys.stderr, flush=True)
        results[name] = BENCHES[name](runs)
    text = report(results, info, runs)
    if args.only != ",".join(DEFAULT) and args.out.is_file():
        text = merge(args.out.read_text(encoding="utf-8"), text)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    if args.json:
        print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
