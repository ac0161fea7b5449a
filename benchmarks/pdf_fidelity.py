"""How faithfully argmap reads a real PDF, measured against the publisher's own text of it.

``../shared/corpora/crs/`` holds CRS reports twice: the PDF and the congress.gov web page saved as
Markdown. The web page is the reference: its body (after the site's navigation, before the
disclaimer), its heading lines and its footnote table. For each pair this script reads the PDF
with argmap (read, then clean) and reports

- **body recall / precision**: the share of the reference's body words the reading's body blocks
  recover in order, and the share of the reading's body words that are the reference's
  (word-level alignment, ``difflib`` on lower-cased word tokens; headings count as body);
- **heading recall**: reference headings found as a heading block of the reading;
- **footnote recall**: the share of the footnotes' words recovered, in order, in the reading's notes;
- **furniture leaked**: running heads and feet (a line repeated at the top or bottom of most pages)
  that reached the body blocks, and body blocks that are a page number alone. A running head's
  words are no leak by themselves: a report's heading or prose may name what its running head
  names. What counts is the whole repeated line, each time more often in the reading's blocks
  than in the publisher's text (plus the title, which the head often repeats);
- **speed**: the time argmap needs to read the PDF beside the time pypdfium2 needs to extract its
  plain text (open, and each page's text), measured side by side in this run.

The same measures are taken for the Markdown file read through argmap (``md`` rows): there the
precision shows how much web residue reaches the units.

    python benchmarks/pdf_fidelity.py [--only NAME ...] [--json out.json] [--markdown] [--results]

``--markdown`` prints the per-document table as Markdown; ``--results`` writes it as section 8 of
``benchmarks/RESULTS.md``.
The reference extraction reads the shape of the congress.gov export (a "Listen" link before the
body, "Disclaimer:" after it, "# Footnotes" as a table of "| n. | text" rows); it is the yardstick
of this benchmark, not part of argmap.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
CRS = ROOT.parent / "shared" / "corpora" / "crs"

_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")  # targets may hold (…) once
_WORD = re.compile(r"[^\W_]+")
_TERMINAL = re.compile(r"[.:;?!,][\"'”’)\]]*\s*$")


@dataclass
class Reference:
    body: list[str] = field(default_factory=list)  # lines of body text (headings included)
    headings: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    title: str = ""  # the page's first "# " heading: the report's title


_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")


def words(text: str) -> list[str]:
    """Lower-cased word tokens, an ordinal's ending cut ("119th" is "119"): the web page drops what the
    PDF sets raised, so a reading that keeps it ("the 119th Congress") is not told apart by it."""
    return _WORD.findall(_ORDINAL.sub("", text.lower()))


def _plain(line: str) -> str:
    line = _LINK.sub(r"\1", line)
    line = re.sub(r"</?[a-z][^>]*>", " ", line)
    return line.replace("**", "").replace("__", "").strip()


def reference(markdown: str) -> Reference:
    """The body, headings and notes of a congress.gov page saved as Markdown."""
    lines = markdown.splitlines()
    start = next((i for i, l in enumerate(lines) if l.startswith("[Listen](")), None)
    if start is None:
        start = max(i for i, l in enumerate(lines) if l.strip() == "---") if "---" in markdown else 0
    else:
        # the title and date stand glued to the "Listen" link or on the line after it
        if not _LINK.sub("", lines[start]).strip() and start + 1 < len(lines) and lines[start + 1].strip():
            start += 1
    start += 1
    end = next((i for i, l in enumerate(lines) if l.strip() == "Disclaimer:" and i > start), len(lines))
    ref = Reference()
    ref.title = next((_plain(l[2:]) for l in lines if l.startswith("# ")), "")
    section = "body"
    body = lines[start:end]
    caption_lines: set[int] = set()
    for i, raw in enumerate(body):
        line = raw.strip()
        if not line or line == "---":
            continue
        heading = re.match(r"^#{1,6}\s+(.*)$", line)
        if heading:
            title = _plain(heading.group(1))
            section = {"contents": "contents", "figures": "contents", "tables": "contents", "appendixes": "contents",
                       "footnotes": "notes"}.get(title.lower(), "body")
            if section == "body":
                ref.headings.append(title)
                ref.body.append(title)
            continue
        if section == "contents":
            if line.startswith("- "):
                continue
            section = "body"
        if section == "notes":
            m = re.match(r"^\|\s*([\w*]+)\.?\s*\|\s*(.*)$", line)
            if m:
                ref.notes.append((m.group(1), _plain(m.group(2))))
            elif ref.notes:
                ref.notes[-1] = (ref.notes[-1][0], ref.notes[-1][1] + " " + _plain(line))
            continue
        if not _LINK.sub("", line).strip(" |"):
            continue  # a line of links alone: the site's navigation ("Jump to Main Text of Report")
        if line.startswith("|"):
            continue  # tables and figures, with their captions and sources inside
        if re.match(r"^(Table|Figure)\s+[A-Z]?-?\d+[.:]", _plain(line)) or re.match(r"^(Source|Sources|Notes?)\s*:", _plain(line)):
            # captions and the source lines under a table or figure: set aside by the reading too; so are a
            # caption's own lines before its table's rows ("($ in millions)", "Share of …, by state, 2023")
            ahead = [j for j in range(i + 1, min(len(body), i + 8)) if body[j].strip()]
            rows = next((k for k, j in enumerate(ahead) if body[j].strip().startswith("|")), None)
            if line.startswith(("Table", "Figure")) and rows is not None and rows <= 2 and all(
                    len(body[j].split()) <= 25 for j in ahead[:rows]):
                caption_lines.update(ahead[:rows])
            continue
        if i in caption_lines:
            continue
        text = _plain(re.sub(r"^([-*+]|\d{1,3}[.)])\s+", "", line))
        if not text:
            continue
        standalone = (i == 0 or not body[i - 1].strip()) and (i + 1 >= len(body) or not body[i + 1].strip())
        if (standalone and len(text.split()) <= 14 and not _TERMINAL.search(text) and text[:1].isupper()
                and not line.startswith(("- ", "* "))):
            ref.headings.append(text)
        ref.body.append(text)
    return ref


def align(reference_words: list[str], read_words: list[str]) -> int:
    """How many words the two sequences share in order."""
    if not reference_words or not read_words:
        return 0
    matcher = difflib.SequenceMatcher(None, reference_words, read_words, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def _norm_line(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(words(text)))


def furniture_lines(path: Path) -> set[str]:
    """Running heads and feet: lines among the first or last two of a page on most pages."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    counts: dict[str, int] = {}
    pages = len(pdf)
    for page in pdf:
        text = page.get_textpage().get_text_range()
        lines = [l for l in (x.strip() for x in text.splitlines()) if l]
        for line in {_norm_line(l) for l in lines[:2] + lines[-2:]}:
            counts[line] = counts.get(line, 0) + 1
    pdf.close()
    need = max(2, pages // 2)
    return {line for line, n in counts.items() if n >= need and len(line.split()) >= 2}


_PAGE_NUMBER = re.compile(r"(page )?#( of #)?")


def _count(tokens: list[str], pattern: list[str]) -> int:
    """How often ``pattern`` stands in ``tokens`` as whole words."""
    n = len(pattern)
    return sum(1 for i in range(len(tokens) - n + 1) if tokens[i:i + n] == pattern) if n else 0


def leaked_furniture(block_texts: list[str], reference_lines: list[str], furniture: set[str],
                     title: str = "") -> list[str]:
    """The furniture that reached the reading's body blocks, one entry a leak.

    A block that is a page number alone leaks it. A running head or foot leaks each time its
    whole line stands in the blocks more often than in the publisher's text of the same report
    (its title counted there too): "Foreign Holdings of Federal Debt" as a running head does
    not make the heading "Selected Statistics on Foreign Holdings of Federal Debt" furniture,
    but the same line glued between two halves of a sentence at a page break is.
    """
    leaks: list[str] = []
    blocks = [_norm_line(t).split() for t in block_texts]
    for tokens in blocks:
        if tokens and _PAGE_NUMBER.fullmatch(" ".join(tokens)):
            leaks.append("page number " + " ".join(tokens))
    reference = [_norm_line(line).split() for line in reference_lines] + [_norm_line(title).split()]
    for line in sorted(furniture):
        pattern = line.split()
        extra = sum(_count(t, pattern) for t in blocks) - sum(_count(t, pattern) for t in reference)
        leaks.extend([line] * max(0, extra))
    return leaks


def plain_seconds(path: Path) -> float:
    import pypdfium2

    start = time.perf_counter()
    pdf = pypdfium2.PdfDocument(str(path))
    for page in pdf:
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()
    return time.perf_counter() - start


def measure(document, ref: Reference, furniture: set[str] | None = None) -> dict:
    from argmap.model import text_from_spans

    text = document.text
    body_blocks = [b for b in document.blocks if b.kind in ("heading", "paragraph", "list_item")]
    read_body = [w for b in body_blocks for w in words(b.text(text))]
    ref_body = [w for line in ref.body for w in words(line)]
    shared = align(ref_body, read_body)
    read_headings = {" ".join(words(b.text(text))) for b in body_blocks if b.kind == "heading"}
    title = " ".join(words(document.metadata.title or ""))
    found = 0
    for heading in ref.headings:
        key = " ".join(words(heading))
        if key in read_headings or key == title or any(
                difflib.SequenceMatcher(None, key.split(), h.split()).ratio() >= 0.9 for h in read_headings):
            found += 1
    notes_ref = [w for _, body in ref.notes for w in words(body)]
    notes_read = [w for note in document.footnotes.values() for w in words(text_from_spans(text, note.spans))]
    leaked = leaked_furniture([b.text(text) for b in body_blocks], ref.body, furniture or set(), ref.title)
    return {
        "body_words": len(ref_body), "read_words": len(read_body), "shared_words": shared,
        "recall": shared / len(ref_body) if ref_body else 1.0,
        "precision": shared / len(read_body) if read_body else 1.0,
        "headings": len(ref.headings), "headings_found": found,
        "heading_recall": found / len(ref.headings) if ref.headings else 1.0,
        "note_words": len(notes_ref), "note_words_found": align(notes_ref, notes_read),
        "footnote_recall": align(notes_ref, notes_read) / len(notes_ref) if notes_ref else 1.0,
        "furniture_leaked": len(leaked), "leaks": leaked,
    }


def run(names: list[str] | None = None) -> list[dict]:
    from argmap.clean import clean
    from argmap.read import read_document

    rows = []
    pdfs = sorted((CRS / "pdf").glob("*.pdf"))
    for pdf in pdfs:
        if names and pdf.stem not in names:
            continue
        md = CRS / "markdown" / f"{pdf.stem}.md"
        if not md.exists():
            continue
        ref = reference(md.read_text(encoding="utf-8"))
        plain = min(plain_seconds(pdf) for _ in range(2))
        start = time.perf_counter()
        document = read_document(pdf)
        read = time.perf_counter() - start
        start = time.perf_counter()
        clean(document)
        cleaned = time.perf_counter() - start
        row = {"name": pdf.stem, "kind": "pdf", "plain_s": plain, "read_s": read, "clean_s": cleaned,
               "speed_ratio": read / plain if plain else 0.0}
        row.update(measure(document, ref, furniture_lines(pdf)))
        rows.append(row)
        md_document = clean(read_document(md))
        md_row = {"name": pdf.stem, "kind": "md"}
        md_row.update(measure(md_document, ref))
        rows.append(md_row)
        print(f"{pdf.stem:12s} pdf R {row['recall']:.3f} P {row['precision']:.3f} H {row['heading_recall']:.2f} "
              f"N {row['footnote_recall']:.3f} leak {row['furniture_leaked']} x{row['speed_ratio']:.1f} | "
              f"md R {md_row['recall']:.3f} P {md_row['precision']:.3f}", file=sys.stderr, flush=True)
    return rows


def totals(rows: list[dict], kind: str) -> dict:
    rows = [r for r in rows if r["kind"] == kind]
    out = {
        "documents": len(rows),
        "recall": sum(r["shared_words"] for r in rows) / max(1, sum(r["body_words"] for r in rows)),
        "precision": sum(r["shared_words"] for r in rows) / max(1, sum(r["read_words"] for r in rows)),
        "heading_recall": sum(r["headings_found"] for r in rows) / max(1, sum(r["headings"] for r in rows)),
        "footnote_recall": sum(r["note_words_found"] for r in rows) / max(1, sum(r["note_words"] for r in rows)),
        "furniture_leaked": sum(r["furniture_leaked"] for r in rows),
    }
    if kind == "pdf" and rows:
        out["read_s"] = sum(r["read_s"] for r in rows)
        out["plain_s"] = sum(r["plain_s"] for r in rows)
        out["speed_ratio"] = out["read_s"] / out["plain_s"]
        out["median_speed_ratio"] = statistics.median(r["speed_ratio"] for r in rows)
    return out


def markdown_table(rows: list[dict]) -> str:
    lines = ["| document | body recall | body precision | heading recall | footnote recall | furniture leaked | "
             "read s | plain s | × plain | md recall | md precision |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    md = {r["name"]: r for r in rows if r["kind"] == "md"}
    for r in (r for r in rows if r["kind"] == "pdf"):
        m = md.get(r["name"], {})
        lines.append(f"| {r['name']} | {r['recall']:.3f} | {r['precision']:.3f} | "
                     f"{r['headings_found']}/{r['headings']} | {r['footnote_recall']:.3f} | {r['furniture_leaked']} | "
                     f"{r['read_s']:.2f} | {r['plain_s']:.3f} | {r['speed_ratio']:.1f} | "
                     f"{m.get('recall', 0):.3f} | {m.get('precision', 0):.3f} |")
    for kind in ("pdf", "md"):
        t = totals(rows, kind)
        extra = f", read {t['read_s']:.1f} s vs plain text {t['plain_s']:.2f} s = {t['speed_ratio']:.1f}× " \
                f"(median per document {t['median_speed_ratio']:.1f}×)" if kind == "pdf" and "read_s" in t else ""
        lines.append(f"\n**{kind} over {t['documents']} documents**: body recall {t['recall']:.3f}, precision "
                     f"{t['precision']:.3f}, heading recall {t['heading_recall']:.3f}, footnote recall "
                     f"{t['footnote_recall']:.3f}, furniture leaked {t['furniture_leaked']}{extra}")
    return "\n".join(lines)


def _targets(t: dict) -> str:
    checks = [("body recall ≥ .98", t["recall"] >= 0.98), ("precision ≥ .97", t["precision"] >= 0.97),
              ("heading recall ≥ .90", t["heading_recall"] >= 0.90), ("footnote recall ≥ .95", t["footnote_recall"] >= 0.95),
              ("no furniture in units", t["furniture_leaked"] == 0), ("reading ≤ 10× plain text", t.get("speed_ratio", 99) <= 10)]
    return "Targets over the PDFs: " + "; ".join(f"{name}: {'met' if ok else '**not met**'}" for name, ok in checks) + "."


def write_results(rows: list[dict]) -> None:
    """Section 8 of RESULTS.md, merged as run.py merges its own sections."""
    import platform
    from datetime import datetime, timezone

    from run import git_commit, write_section

    commit = git_commit() or "?"
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        load = open("/proc/loadavg").read().split()[0]
    except OSError:
        load = "?"
    section = (
        "## 8. PDF reading against the publisher's text (`benchmarks/pdf_fidelity.py`)\n\n"
        f"The CRS pairs in `../shared/corpora/crs/` (PDF and congress.gov page), argmap commit {commit}, "
        f"run {when}, Python {platform.python_version()}, 1-minute load average {load}. Recall and precision "
        "are in-order word alignment of the body blocks against the page's body; headings are found/expected; "
        "'× plain' is argmap's reading time over pypdfium2's plain-text extraction of the same file in the same "
        "run; 'md' columns read the Markdown page itself through argmap; 'furniture leaked' counts each running head "
        "or foot (a line repeated at the top or bottom of most pages) standing in the body blocks more often than in "
        "the page's text, and each body block that is a page number alone. Targets: recall ≥ .98, precision ≥ .97, "
        "heading recall ≥ .90, footnote recall ≥ .95, no furniture in units, reading ≤ 10× plain text.\n\n"
        + markdown_table(rows) + "\n\n" + _targets(totals(rows, "pdf")) + "\n")
    write_section(section)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", help="report names (e.g. IF12094v20)")
    parser.add_argument("--json", type=Path, help="write every row and the totals here")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--results", action="store_true",
                        help="write the table as section 8 of benchmarks/RESULTS.md (the other sections kept)")
    args = parser.parse_args(argv)
    if not (CRS / "pdf").is_dir():
        print(f"skipped: {CRS} is absent (the CRS pairs live in ../shared)", file=sys.stderr)
        return 0
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        print("skipped: pypdfium2 is not installed (pip install 'argmap[pdf]')", file=sys.stderr)
        return 0
    rows = run(args.only)
    summary = {kind: totals(rows, kind) for kind in ("pdf", "md")}
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "totals": summary}, indent=1), encoding="utf-8")
    if args.results:
        write_results(rows)
    if args.markdown:
        print(markdown_table(rows))
    else:
        print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
