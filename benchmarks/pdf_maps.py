"""Maps read from the CRS PDFs against the reference maps, beside the maps read from the web text.

The reference corpus (``corpora/corpus.json``) maps CRS reports from the publisher's web text; most
of them are also in ``../shared/corpora/crs/pdf/NAME.pdf`` (``NAME`` from the entry's ``origin``,
``corpora/crs/markdown/NAME.md``). For every **dev-split** brief with a PDF this script maps

- the web text, as ``argmap evaluate corpora`` does (``argmap.evaluate.evaluate_document``), and
- the PDF, as ``argmap analyze NAME.pdf`` does (read, then the same stages),

and scores both maps against the brief's reference map with argmap's own scorer (``score_map``:
units matched by word overlap, so a map of the PDF's text is scored against units written on the
web text). Counts are pooled over the briefs as ``argmap evaluate`` pools them. Both deciders are
measured: the rules (``--rules-only``) and the shipped weights (``--weights default``).

The test split is never read: entries are taken from ``corpus.split("dev")`` alone.

    python benchmarks/pdf_maps.py [--only ID ...] [--decider rules|weights|both] [--json out.json]
                                  [--markdown] [--results]

``--results`` writes the tables as section 11 of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
CRS = Path(os.environ.get("ARGMAP_SHARED") or ROOT.parent / "shared") / "corpora" / "crs"
CORPUS = ROOT / "corpora"

METRICS = ("unit_f1", "type_macro_f1", "edge_f1_unlabeled", "edge_f1_labeled", "attachment_acc",
           "major_claim_found")
SHORT = {"unit_f1": "unit", "type_macro_f1": "type", "edge_f1_unlabeled": "edge", "edge_f1_labeled": "labeled",
         "attachment_acc": "attach", "major_claim_found": "MC"}
DECIDERS = {"rules": {"rules_only": True}, "weights": {"weights": "default"}}


def pairs(only: list[str] | None = None) -> list[tuple]:
    """(entry, pdf path) for each dev-split CRS brief whose PDF is in ../shared."""
    from argmap.evaluate.corpus import read_corpus

    corpus = read_corpus(CORPUS)
    manifest = json.loads((CORPUS / "corpus.json").read_text(encoding="utf-8"))
    origins = {d["id"]: d.get("origin", "") for d in manifest["documents"]}
    out = []
    for entry in corpus.split("dev"):
        if entry.split != "dev":
            continue  # never the test split
        origin = origins.get(entry.id, "")
        if not origin.startswith("corpora/crs/markdown/"):
            continue
        pdf = CRS / "pdf" / (Path(origin).stem + ".pdf")
        if not pdf.exists() or (only and entry.id not in only and Path(origin).stem not in only):
            continue
        out.append((entry, pdf))
    return out


def score_pair(entry, pdf: Path, decider: str) -> dict:
    """The web text's and the PDF's scores for one brief with one decider."""
    from argmap.evaluate import _gold_dict, evaluate_document
    from argmap.evaluate.gold import read_gold
    from argmap.evaluate.metrics import score_map
    from argmap.learn import chosen_weights
    from argmap.pipeline import analyze_document
    from argmap.read import read_document

    options = DECIDERS[decider]
    learned = chosen_weights(options.get("weights"), options.get("rules_only", False))
    gold = read_gold(entry.gold, "argmap-gold", entry.source)
    web = evaluate_document(gold, weights=learned, rules_only=learned is None)
    start = time.perf_counter()
    amap = analyze_document(read_document(pdf), weights=learned, rules_only=learned is None)
    seconds = time.perf_counter() - start
    ours = score_map(_gold_dict(gold), amap.to_dict())
    return {"id": entry.id, "pdf": pdf.stem, "decider": decider, "seconds": round(seconds, 2),
            "web": {m: web.argmap[m] for m in METRICS}, "web_counts": web.counts["argmap"],
            "pdf_scores": {m: ours[m] for m in METRICS}, "pdf_counts": ours["counts"],
            "pdf_nodes": ours["pred_nodes"], "gold_units": ours["gold_units"], "pdf_matched": ours["matched"]}


def pooled(rows: list[dict], side: str) -> dict:
    from argmap.evaluate import pool_map_counts

    return pool_map_counts([r[f"{side}_counts"] for r in rows])


def run(only: list[str] | None, deciders: list[str]) -> list[dict]:
    rows = []
    for decider in deciders:
        for entry, pdf in pairs(only):
            row = score_pair(entry, pdf, decider)
            rows.append(row)
            w, p = row["web"], row["pdf_scores"]
            print(f"{decider:7s} {entry.id:16s} web lab {w['edge_f1_labeled']:.3f} att {w['attachment_acc']:.3f} "
                  f"| pdf unit {p['unit_f1']:.3f} lab {p['edge_f1_labeled']:.3f} att {p['attachment_acc']:.3f} "
                  f"MC {int(p['major_claim_found'])}", file=sys.stderr, flush=True)
    return rows


def _fmt(value) -> str:
    return f"{float(value):.3f}"


def markdown(rows: list[dict]) -> str:
    out = []
    for decider in dict.fromkeys(r["decider"] for r in rows):
        mine = [r for r in rows if r["decider"] == decider]
        web, pdf = pooled(mine, "web"), pooled(mine, "pdf")
        majors = {side: sum(r[f"{side}_counts"]["major_claim"][0] for r in mine) for side in ("web", "pdf")}
        out.append(f"**{decider}** ({'`--rules-only`' if decider == 'rules' else '`--weights default`'}), "
                   f"{len(mine)} dev briefs, pooled:\n")
        out.append("| read from | " + " | ".join(METRICS) + " |")
        out.append("|---|" + "---:|" * len(METRICS))
        for side, scores in (("web text", web), ("PDF", pdf)):
            key = "web" if side == "web text" else "pdf"
            cells = [_fmt(scores[m]) if m != "major_claim_found" else f"{majors[key]}/{len(mine)}" for m in METRICS]
            out.append(f"| {side} | " + " | ".join(cells) + " |")
        out.append("")
        out.append("| brief | " + " | ".join(f"web {SHORT[m]}" for m in METRICS[2:5]) + " | "
                   + " | ".join(f"PDF {SHORT[m]}" for m in METRICS) + " |")
        out.append("|---|" + "---:|" * (3 + len(METRICS)))
        for r in mine:
            cells = [_fmt(r["web"][m]) for m in METRICS[2:5]] + [
                _fmt(r["pdf_scores"][m]) if m != "major_claim_found" else ("yes" if r["pdf_scores"][m] else "no")
                for m in METRICS]
            out.append(f"| {r['id']} | " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


def write_results(rows: list[dict]) -> None:
    """Section 11 of RESULTS.md, merged as run.py merges its own sections."""
    from datetime import datetime, timezone

    from run import git_commit, write_section

    commit = git_commit() or "?"
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        "## 11. Maps read from PDFs against the reference maps (`benchmarks/pdf_maps.py`)\n\n"
        f"argmap commit {commit}, run {when}. Every dev-split CRS brief of the reference corpus whose PDF is in "
        "`../shared/corpora/crs/pdf/` is mapped twice, from the publisher's web text (as `argmap evaluate "
        "corpora` does) and from the PDF (as `argmap analyze NAME.pdf` does), and both maps are scored against "
        "the brief's reference map with `argmap.evaluate`'s scorer, counts pooled over the briefs; "
        "major claim found is a count of briefs. The test split is not read.\n\n" + markdown(rows) + "\n")
    write_section(section)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", help="brief ids (crs-if12094v20) or report names (IF12094v20)")
    parser.add_argument("--decider", choices=("rules", "weights", "both"), default="both")
    parser.add_argument("--json", type=Path, help="write every row and the pooled figures here")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    parser.add_argument("--results", action="store_true",
                        help="write the tables as section 11 of benchmarks/RESULTS.md (the other sections kept)")
    args = parser.parse_args(argv)
    if not (CRS / "pdf").is_dir():
        print(f"skipped: {CRS} is absent (the CRS PDFs live in ../shared)", file=sys.stderr)
        return 0
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        print("skipped: pypdfium2 is not installed (pip install 'argmap[pdf]')", file=sys.stderr)
        return 0
    deciders = ["rules", "weights"] if args.decider == "both" else [args.decider]
    rows = run(args.only, deciders)
    summary = {d: {side: pooled([r for r in rows if r["decider"] == d], side) for side in ("web", "pdf")}
               for d in deciders if any(r["decider"] == d for r in rows)}
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "pooled": summary}, indent=1), encoding="utf-8")
    if args.results:
        write_results(rows)
    if args.markdown:
        print(markdown(rows))
    else:
        print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
