"""Corpus-scale benchmarks: ``argmap batch`` with one and two workers and on Dask, and the store at 100,000 maps.

Run through ``benchmarks/run.py --only corpus,store``. The briefs are generated from the
project's own ``corpora/`` texts (``briefs.py``); the maps for the store are copies of real maps
under new paths, keys and dates.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefs import make_briefs

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
CLI = [sys.executable, "-c", "from argmap.cli import main; main()"]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not p.name.startswith(".")}


def _wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, env=ENV, check=True)
    return time.perf_counter() - start


#: the CLI, run as a user runs it, that writes its own CPU seconds (the main process's, and its
#: worker processes' once they are reaped) to the file named first: wall time says little on a
#: shared machine, CPU time says where the work went
_ACCOUNTED = r"""
import json, resource, sys
out = sys.argv.pop(1)
try:
    from argmap.cli import main
    main()
finally:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "w") as f:
        json.dump({"main": me.ru_utime + me.ru_stime, "workers": kids.ru_utime + kids.ru_stime}, f)
"""


def _run(args: list[str], tmp: Path, env: dict | None = None) -> dict:
    """One ``argmap`` command: its wall time and the CPU seconds of its main process and its workers,
    and of the main process's exit (after its own count: the interpreter's teardown, as serial as
    start-up), told by this process's count of its reaped children."""
    import json
    import resource

    account = tmp / "cpu.json"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", _ACCOUNTED, str(account), *args], capture_output=True, env=env or ENV,
                   check=True, cwd=tmp)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = json.loads(account.read_text())
    total = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"wall": wall, **cpu, "exit": max(0.0, total - cpu["main"] - cpu["workers"])}


def _package_at(rev: str, into: Path) -> dict:
    """The environment that runs argmap as it was at ``rev`` (``git archive``: no worktree to clean up),
    or from ``rev`` itself when it is a directory holding an ``argmap`` package."""
    if (Path(rev) / "argmap" / "__init__.py").is_file():
        return {**os.environ, "PYTHONPATH": str(Path(rev).resolve())}
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "argmap"], check=True, capture_output=True).stdout
    into.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return {**os.environ, "PYTHONPATH": str(into)}


def bench_corpus(runs: int, sizes: tuple[int, ...] = (80, 400)) -> dict:
    """``argmap batch`` with ``--jobs 1``, ``--jobs 2`` and ``--engine dask --jobs 2``, alternated: wall and CPU time.

    With ``ARGMAP_DASK_BEFORE=REV`` in the environment, the Dask engine of revision ``REV`` runs
    among them too, so that a change to the engine is measured side by side with what it replaced.
    """
    from run import machine_speedup

    have_dask = subprocess.run([sys.executable, "-c", "import distributed"], capture_output=True).returncode == 0
    before = os.environ.get("ARGMAP_DASK_BEFORE") if have_dask else None
    result: dict = {"sizes": {}, "dask": have_dask, "nice": os.nice(0), "runs": runs, "dask_before": before}
    with tempfile.TemporaryDirectory(prefix="argmap-corpus-") as tmp:
        tmp = Path(tmp)
        one = tmp / "one"
        make_briefs(one, 1, words=(600, 600))
        configs = {"jobs1": ["--jobs", "1"], "jobs2": ["--jobs", "2"]}
        envs = {}
        if have_dask:
            configs["dask2"] = ["--jobs", "2", "--engine", "dask"]
        if before:
            configs["dask2_before"] = ["--jobs", "2", "--engine", "dask"]
            envs["dask2_before"] = _package_at(before, tmp / "before")
        machine, loads, fixed = [], [], []
        samples: dict = {(n, c): [] for n in sizes for c in configs}
        words = {n: make_briefs(tmp / f"in{n}", n) for n in sizes}
        for _ in range(runs):
            machine.append(machine_speedup())
            loads.append(os.getloadavg()[0])
            fixed.append(_run(["batch", str(one), "-o", str(tmp / "out-one"), "--jobs", "1", "--force", "-q"], tmp))
            for n in sizes:
                for name, extra in configs.items():  # alternated: a change in the machine's load hits all alike
                    args = ["batch", str(tmp / f"in{n}"), "-o", str(tmp / f"out{n}-{name}"), "--force", "-q", *extra]
                    samples[(n, name)].append(_run(args, tmp, envs.get(name)))
        for n in sizes:
            row: dict = {"words": words[n]}
            for name in configs:
                for what in ("wall", "main", "workers", "exit"):
                    row[f"{name}_{what}"] = statistics.median(s[what] for s in samples[(n, name)])
                row[name] = row[f"{name}_wall"]
            row["speedup"] = row["jobs1"] / row["jobs2"]
            row.update(_cpu_model(row, n, statistics.median(f["main"] + f["workers"] + f["exit"] for f in fixed)))
            if have_dask:
                row["dask_vs_jobs2"] = row["dask2"] / row["jobs2"]
                row["dask_samples"] = [s["wall"] / j["wall"] for s, j in zip(samples[(n, "dask2")], samples[(n, "jobs2")])]
            if before:
                row["dask_before_vs_jobs2"] = row["dask2_before"] / row["jobs2"]
            row["loads"] = loads
            trees = [_tree(tmp / f"out{n}-{name}") for name in configs]
            row["identical"] = all(t == trees[0] for t in trees[1:]) and len(trees[0]) == n
            result["sizes"][n] = row
        result["machine_speedup"] = statistics.median(machine)
        result["load"] = statistics.median(loads)
        result["fixed_s"] = statistics.median(f["wall"] for f in fixed)
        result["fixed_cpu"] = statistics.median(f["main"] + f["workers"] + f["exit"] for f in fixed)
    return result


def _cpu_model(row: dict, n: int, fixed_cpu: float) -> dict:
    """What the CPU seconds say, whatever else ran on the machine.

    ``--jobs 1`` does everything in its one process (``cpu1``, its exit included). With ``--jobs 2``
    the main process's CPU (``main2``: start-up, loading, the document it maps before forking, its
    share of each result, and its exit) is taken as serial, the workers' (``workers2``) as shared by
    two cores: on an idle 2-core machine the run then takes ``main2 + workers2 / 2``, and ``cpu1``
    over that is the speed-up the work allows. The serial share is Amdahl's for that speed-up.
    """
    cpu1 = row["jobs1_main"] + row["jobs1_workers"] + row.get("jobs1_exit", 0.0)
    main2, workers2 = row["jobs2_main"] + row.get("jobs2_exit", 0.0), row["jobs2_workers"]
    predicted = cpu1 / (main2 + workers2 / 2)
    return {"cpu1": cpu1, "cpu2": main2 + workers2, "cpu_inflation": (main2 + workers2) / cpu1,
            "main_ms_per_doc": 1000 * max(0.0, main2 - fixed_cpu) / n,
            "cpu_speedup": predicted, "cpu_serial": max(0.0, 2 / predicted - 1)}


# --- the store at 100,000 maps --------------------------------------------------------------------

#: the README's and docs/store.md's example questions, as a user types them
QUERIES = {
    "recommendations on sanctions (README)":
        "SELECT document, document_date, text FROM node_documents "
        "WHERE type = 'recommendation' AND text LIKE '%sanction%' ORDER BY document_date",
    "each document's argument, by type":
        "SELECT d.key, t.type, t.count FROM type_counts t JOIN documents d ON d.id = t.document_id "
        "ORDER BY d.key, t.type",
    "rules that placed attacks":
        "SELECT rule, cue, count(*) FROM edges WHERE type = 'attack' GROUP BY rule, cue ORDER BY 3 DESC",
    "evidence and the claims it supports, with spans":
        "SELECT document, source, start, end, supports FROM evidence_links",
    "one document's units (by key)":
        "SELECT node_id, type, text FROM node_documents WHERE document = "
        "(SELECT key FROM documents WHERE relpath = 'series-7/brief-77777.md')",
}

#: the same two questions counted and joined from the rows at query time (schema 3's documented forms),
#: timed once after a warm-up: what the kept answers of schema 4 save
JOINS = {
    "each document's argument, by type, counted from nodes":
        "SELECT d.key, n.type, count(*) FROM nodes n JOIN documents d ON d.id = n.document_id "
        "GROUP BY d.key, n.type ORDER BY d.key, n.type",
    "evidence and the claims it supports, joined from edges, nodes, provenance":
        "SELECT d.key, e.source, p.start, p.end, n.text AS supports FROM edges e "
        "JOIN nodes n ON n.document_id = e.document_id AND n.node_id = e.target "
        "JOIN provenance p ON p.document_id = e.document_id AND p.node_id = e.source "
        "JOIN documents d ON d.id = e.document_id WHERE e.source GLOB 'E*'",
}


def _timed(db: Path, sql: str, runs: int) -> dict:
    """Median wall and CPU seconds of ``runs`` runs after one that reads the pages from disk."""
    from argmap.store import query

    query(db, sql)
    samples, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = query(db, sql)
        samples.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {"seconds": statistics.median(samples), "cpu": statistics.median(cpu), "rows": len(result.rows),
            "load": os.getloadavg()[0]}


def _base_records(tmp: Path) -> list:
    """Real maps to copy: those of the briefs in the project's ``corpora/``."""
    import argmap
    from argmap.store import record

    paths = sorted((ROOT / "corpora").glob("*.md"))
    maps = [argmap.analyze(p) for p in paths if p.name != "README.md"]
    return [record(m, path=f"/base/{i}", relpath=m.name, sha256="0" * 64) for i, m in enumerate(maps)]


def bench_store(runs: int, count: int = 100_000, block: int = 10_000, batch: int = 256) -> dict:
    """Insert ``count`` maps as ``argmap batch`` does (``batch`` to a transaction); time each ``block``."""
    from dataclasses import replace

    from argmap.store import SCHEMA_VERSION, Store, document_key

    with tempfile.TemporaryDirectory(prefix="argmap-store-") as tmp:
        tmp = Path(tmp)
        bases = _base_records(tmp)
        db = tmp / "maps.sqlite"
        blocks, blocks_cpu, loads, pending = [], [], [], []
        nodes = 0
        with Store(db) as store:
            started, started_cpu = time.perf_counter(), time.process_time()
            for i in range(count):
                base = bases[i % len(bases)]
                relpath = f"series-{i % 10}/brief-{i:05d}.md"
                sha = hashlib.sha256(str(i).encode()).hexdigest()
                doc = list(base.document)
                doc[0], doc[1], doc[2] = f"/corpus/{relpath}", document_key(relpath, sha), relpath
                doc[8] = f"{2000 + i % 26}-{1 + i % 12:02d}-{1 + i % 28:02d}"  # the date column
                doc[15] = sha  # the sha256 column
                pending.append(replace(base, document=tuple(doc)))
                nodes += len(base.nodes)
                if len(pending) == batch:
                    store.put_many(pending)
                    pending.clear()
                if (i + 1) % block == 0:
                    if pending:
                        store.put_many(pending)
                        pending.clear()
                    now, now_cpu = time.perf_counter(), time.process_time()
                    blocks.append(now - started)
                    blocks_cpu.append(now_cpu - started_cpu)
                    loads.append(os.getloadavg()[0])
                    started, started_cpu = now, now_cpu
                    print(f"store: {i + 1:,} maps, the last {block:,} in {blocks[-1]:.1f} s "
                          f"({blocks_cpu[-1]:.1f} s CPU, load {loads[-1]:.1f})", file=sys.stderr, flush=True)
        size_mb = sum(p.stat().st_size for p in tmp.glob("maps.sqlite*")) / 1e6
        times = {name: _timed(db, sql, max(3, runs)) for name, sql in QUERIES.items()}
        joins = {name: _timed(db, sql, 1) for name, sql in JOINS.items()}
        readme = list(QUERIES)[0]
        cli = CLI + ["query", "--db", str(db), QUERIES[readme]]
        subprocess.run(cli, capture_output=True, env=ENV, check=True)
        cli_s = statistics.median(_wall(cli) for _ in range(max(3, runs)))
    rates = [block / s for s in blocks]
    return {"count": count, "bases": len(bases), "block": block, "batch": batch, "nodes": nodes, "size_mb": size_mb,
            "blocks_s": blocks, "blocks_cpu": blocks_cpu, "loads": loads, "first_rate": rates[0], "last_rate": rates[-1],
            "slowdown": blocks[-1] / blocks[0], "slowdown_cpu": blocks_cpu[-1] / blocks_cpu[0],
            "queries": times, "joins": joins, "cli_readme_s": cli_s, "nice": os.nice(0), "schema": SCHEMA_VERSION}


def report_corpus(c: dict, cores: int) -> list[str]:
    out = ["## 4. Corpus: `--jobs 2` ÷ `--jobs 1`, and Dask", "",
           "Briefs generated from the project's own `corpora/` texts (`benchmarks/briefs.py`: headings and "
           "paragraphs drawn with a fixed seed, lengths log-uniform between 600 and 9,000 words); "
           "`argmap batch DIR -o OUT --force -q` with `--jobs 1`, `--jobs 2` and `--engine dask --jobs 2` "
           "(a local cluster of two worker processes), whole-command wall time, the runs alternated "
           f"(median of {c.get('runs', '?')}). Made by `python benchmarks/run.py --only corpus`.", "",
           "| briefs | words | `--jobs 1` s | `--jobs 2` s | speed-up | target | Dask, 2 workers s | Dask ÷ `--jobs 2` | outputs identical |",
           "|---:|---:|---:|---:|---:|---|---:|---:|---|"]
    for n, row in c["sizes"].items():
        target = 1.8 if int(n) >= 400 else 1.5
        dask = (f"{row['dask2']:.2f} | {row['dask_vs_jobs2']:.2f} ({verdict(row['dask_vs_jobs2'] <= 1.15)})"
                if c["dask"] else "not installed | –")
        out.append(f"| {n} | {row['words']} | {row['jobs1']:.2f} | {row['jobs2']:.2f} | **{row['speedup']:.2f}×** | "
                   f"≥ {target}×: {verdict(row['speedup'] >= target)} | {dask} | {row['identical']} |")
    big = c["sizes"][max(c["sizes"], key=int)]
    serial = c["fixed_s"] / big["jobs1"]
    effective = max(0.0, 2 / big["speedup"] - 1)
    if c.get("dask_before"):
        out += ["", f"The Dask engine before and after its workers were readied as the local engine's are (`before` is "
                f"{c['dask_before']}, run in the same rounds; `ARGMAP_DASK_BEFORE={c['dask_before']}`):", "",
                "| briefs | `--jobs 2` s | Dask before s | Dask before ÷ `--jobs 2` | Dask now s | Dask now ÷ `--jobs 2` | "
                "each round, now ÷ `--jobs 2` |", "|---:|---:|---:|---:|---:|---:|---|"]
        for n, row in c["sizes"].items():
            out.append(f"| {n} | {row['jobs2']:.2f} | {row['dask2_before']:.2f} | {row['dask_before_vs_jobs2']:.2f} | "
                       f"{row['dask2']:.2f} | **{row['dask_vs_jobs2']:.2f}** | "
                       + ", ".join(f"{x:.2f}" for x in row.get("dask_samples", [])) + " |")
    out += ["",
            f"- The machine's own speed-up at the same time, two processes ÷ one on pure CPU work without argmap: "
            f"**{c['machine_speedup']:.2f}×** (median 1-minute load average {c['load']:.2f} on {cores} cores). "
            f"argmap's speed-up on {max(c['sizes'], key=int)} briefs is {big['speedup'] / c['machine_speedup']:.0%} of it.",
            ""]
    if "cpu1" in big:
        out += ["Where the CPU time went (process CPU seconds, medians; the main process and its worker "
                "processes counted apart, so the figures hold on a loaded machine too). The speed-up the work "
                "allows takes the main process's CPU, its exit included (the interpreter's teardown, after the command's "
                "own count), as serial and the workers' as shared by two idle cores:", "",
                "| briefs | CPU, `--jobs 1` s | `--jobs 2`: main process s (its exit) | workers s | CPU `--jobs 2` ÷ `--jobs 1` | "
                "main process per brief, after start-up ms | speed-up the CPU allows | serial share it implies | "
                "wall speed-up measured | serial share the wall implies |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for n, row in c["sizes"].items():
            wall_serial = max(0.0, 2 / row["speedup"] - 1)
            out.append(f"| {n} | {row['cpu1']:.2f} | {row['jobs2_main'] + row.get('jobs2_exit', 0.0):.2f} "
                       f"({row.get('jobs2_exit', 0.0):.2f}) | {row['jobs2_workers']:.2f} | "
                       f"{row['cpu_inflation']:.2f} | {row['main_ms_per_doc']:.2f} | **{row['cpu_speedup']:.2f}×** | "
                       f"{row['cpu_serial']:.1%} | {row['speedup']:.2f}× | {wall_serial:.1%} |")
        out += ["", f"- Start-up, a batch of one short brief: {c['fixed_s']:.2f} s wall, {c['fixed_cpu']:.2f} s CPU.",
                ""]
    out += [f"- Serial share (Amdahl): a batch of one short brief takes {c['fixed_s']:.2f} s (the interpreter, "
            f"importing spaCy, building the pipeline, discovery, the manifest: what no second worker can share), "
            f"{serial:.1%} of the {big['jobs1']:.2f} s of the {max(c['sizes'], key=int)}-brief run. With that serial "
            "share, Amdahl's law gives on N cores (the work itself scaling perfectly):", "",
            "| cores | 2 | 4 | 8 | 16 |", "|---|---:|---:|---:|---:|",
            "| speed-up on paper | " + " | ".join(f"{1 / (serial + (1 - serial) / k):.2f}×" for k in (2, 4, 8, 16)) + " |",
            ""]
    if 1 < big["speedup"] <= 2:
        out += [f"- The serial share that the measured 2-worker speed-up implies (the machine's own limits "
                f"included): {effective:.1%}; on paper then: " + ", ".join(
                    f"{k} cores {1 / (effective + (1 - effective) / k):.2f}×" for k in (4, 8, 16)) + ".", ""]
    else:
        out += ["- The measured 2-worker speed-up implies no serial share: two processes gained nothing on the "
                "machine as it was (see the machine's own speed-up above).", ""]
    if c.get("nice"):
        out += [f"- The benchmark ran at `nice {c['nice']}` (its spin test too), so that other work on the shared "
                "machine took less of the two cores from it.", ""]
    return out


def report_store(s: dict) -> list[str]:
    rates = ", ".join(f"{s['block'] / t:,.0f}" for t in s["blocks_s"])
    out = ["## 6. The store at 100,000 maps", "",
           f"{s['count']:,} maps (copies of the {s['bases']} maps of the briefs in `corpora/` under new paths, keys and dates; {s['nodes']:,} nodes in all) "
           f"written with `Store.put_many`, {s['batch']} to a transaction as `argmap batch` writes them, schema {s.get('schema', 4)} "
           f"(the kept answers `type_counts` and `evidence_links` written with each map); "
           f"the store ends at {s['size_mb']:,.0f} MB. Made by `python benchmarks/run.py --only store`"
           + (f" at `nice {s['nice']}`" if s.get("nice") else "") + ".", "",
           f"- Maps per second, each block of {s['block']:,}: {rates}"]
    if "blocks_cpu" in s:
        out.append(f"- CPU seconds of each block: {', '.join(f'{t:.1f}' for t in s['blocks_cpu'])}; the 1-minute load "
                   f"average at the end of each: {', '.join(f'{x:.1f}' for x in s['loads'])} (2 cores)")
    out.append(f"- Last block ÷ first block, time: **{s['slowdown']:.2f}** (target ≤ 1.20: {verdict(s['slowdown'] <= 1.20)})"
               + (f"; CPU time: {s['slowdown_cpu']:.2f}" if "slowdown_cpu" in s else ""))
    out += ["", "Queries over the full store (`argmap.store.query`, read-only connection, all rows fetched; median "
            "of the runs after one that reads the pages from disk):", "",
            "| question | rows | seconds | CPU seconds | load | under 1 s |", "|---|---:|---:|---:|---:|---|"]
    for name, q in s["queries"].items():
        cpu = f"{q['cpu']:.3f}" if "cpu" in q else "–"
        load = f"{q['load']:.1f}" if "load" in q else "–"
        out.append(f"| {name} | {q['rows']:,} | {q['seconds']:.3f} | {cpu} | {load} | {verdict(q['seconds'] < 1.0)} |")
    if s.get("joins"):
        out += ["", "The same two questions counted and joined from `nodes`, `edges` and `provenance` at query time "
                "(their form before schema 4, still in docs/store.md as what the kept answers stand for; one run "
                "after a warm-up):", "", "| question | rows | seconds | CPU seconds |", "|---|---:|---:|---:|"]
        for name, q in s["joins"].items():
            out.append(f"| {name} | {q['rows']:,} | {q['seconds']:.3f} | {q['cpu']:.3f} |")
    out += ["", f"The README's example as a user runs it, `argmap query --db … \"…\"` (the whole command: interpreter, "
            f"query, table printed): **{s['cli_readme_s']:.2f} s** ({verdict(s['cli_readme_s'] < 1.0)}).", ""]
    return out


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"
