"""The benchmark report: a section re-run with ``--only`` replaces its old self, and every section,
kept or new, still names the run that made it."""

from __future__ import annotations

import importlib.util
import sys

from conftest import ROOT


def _run_module():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        spec = importlib.util.spec_from_file_location("benchmark_run", ROOT / "benchmarks" / "run.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


def _report(run, sections: dict[int, str], commit: str) -> str:
    body = "# Benchmarks\n\nhead\n\n## Machine\n\n- CPU: test\n\n" + "".join(
        f"## {n}. Section {n}\n\n{text}\n\n" for n, text in sections.items())
    return run.with_provenance(body, {"commit": commit, "date": "2026-01-01 00:00 UTC", "load": 0.5})


def test_a_kept_section_keeps_the_run_that_made_it():
    run = _run_module()
    old = _report(run, {1: "old one", 2: "old two"}, "aaaaaaa")
    new = _report(run, {2: "new two"}, "bbbbbbb")
    merged = run.merge(old, new)
    one, two = merged.split("## 1.")[1].split("## 2.")
    assert "old one" in one and "commit aaaaaaa" in one and "bbbbbbb" not in one
    assert "new two" in two and "commit bbbbbbb" in two and "old two" not in two and "aaaaaaa" not in two
    assert merged.count("## Machine") == 1 and merged.count("_Run:") == 2
