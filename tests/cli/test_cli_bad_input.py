"""Bad input through the real command line: each case ends in a valid map or one documented error.

The contract every case is held to (``check_contract``):

- exit 0 and a valid map in the output directory (its JSON loads, every node's spans lie
  inside the source text and rebuild its text, every edge joins two nodes), or a non-zero
  exit code listed in README.md's exit-code table, with exactly one ``Error: …`` line on
  stderr;
- never a traceback, never a half-written or temporary file left behind;
- the input never changed, and nothing written outside the output directory.

Cases for PDF, DOCX and HTML input accept a map or a documented error: whether such a file
is read or refused depends on the readers installed, never whether the contract holds.
All inputs are made here; nothing is read from outside the test's own directory.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from argmap import errors
from argmap.cli import app
from argmap.model import ArgumentMap, text_from_spans

from conftest import ROOT

runner = CliRunner()

MAP = "map"  # the expected outcome "a valid map"


def documented_codes() -> dict[int, str]:
    """Exit code -> the row's text, from README.md's exit-code table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.split(r"^## Exit codes\s*$", text, maxsplit=1, flags=re.M)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*(\d+)\s*\|(.*)\|\s*$", line)
        if m:
            rows[int(m.group(1))] = m.group(2)
    return rows


DOCUMENTED = documented_codes()
INPUT_CODES = {code for code in DOCUMENTED if 2 <= code <= 6}  # what reading a file may end in


# --- generated inputs ----------------------------------------------------------------------
def pdf_bytes(text: str | None = "We argue that budgets matter. First, they fund schools.", *, encrypt: bool = False,
              image_only: bool = False) -> Callable[[], bytes]:
    """A PDF made with fpdf2 when the test runs (skipped where fpdf2 is not installed)."""
    return lambda: _pdf(text, encrypt=encrypt, image_only=image_only)


def _pdf(text, *, encrypt, image_only) -> bytes:
    FPDF = pytest.importorskip("fpdf", reason="fpdf2 makes the PDF inputs").FPDF

    pdf = FPDF()
    pdf.add_page()
    if image_only:
        pdf.rect(20, 20, 120, 80, style="F")  # a drawing, no text: what a scan looks like to a reader
    else:
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 8, text=text)
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="secret")
    return bytes(pdf.output())


def zero_page_pdf() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def docx_bytes(document_xml: str | None, *, extra: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        if document_xml is not None:
            z.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


def utf16(text: str, codec: str) -> bytes:
    return text.encode(codec)


BRIEF = ("# Budgets decide\n\nWe argue that budgets decide policy. First, they fund schools. "
         "Second, they fund roads.\n\nThe government should publish them.\n")


def headings(n: int) -> str:
    return "# Title\n\n" + "".join(f"## Heading {i}\n\n" for i in range(n))


def nested_list(depth: int) -> str:
    return "# Nested\n\nThe list:\n\n" + "".join("  " * i + f"- level {i} item is a point.\n" for i in range(depth))


@dataclass
class Case:
    """One bad input: the file to make, the command line, and the outcomes allowed."""

    id: str
    data: bytes | str | Callable[[], bytes] | None  # None: make no file
    name: str = "input.md"
    expect: set = field(default_factory=lambda: {MAP})
    args: list[str] = field(default_factory=list)
    setup: Callable[[Path], dict] | None = None  # may return {"file": path, "out": path}
    error_class: type | None = None  # when the outcome is an error: the class whose code it is


def _dir_input(tmp: Path) -> dict:
    (tmp / "in" / "folder.md").mkdir()
    return {"file": tmp / "in" / "folder.md"}


def _out_under_file(tmp: Path) -> dict:
    blocker = tmp / "blocker"
    blocker.write_text("a regular file\n")  # CI runs as root: chmod would not stop a write, this does
    return {"out": blocker / "out"}


def _out_is_file(tmp: Path) -> dict:
    (tmp / "out").write_text("not a directory\n")
    return {"out": tmp / "out"}


def _out_in_proc(tmp: Path) -> dict:
    return {"out": Path("/proc/argmap-out")}


def _out_is_input_dir(tmp: Path) -> dict:
    return {"out": tmp / "in"}


TEXT_CASES = [
    Case("empty", b"", expect={3}, error_class=errors.EmptyInput),
    Case("whitespace-only", b"  \n\t\n   \n\n", expect={3}, error_class=errors.EmptyInput),
    Case("newlines-only-crlf", b"\r\n\r\n\r\n", expect={3}, error_class=errors.EmptyInput),
    Case("nul-bytes", b"\x00" * 64, expect={4}, error_class=errors.BinaryInput),
    Case("nul-inside-text", b"We argue that\x00 budgets matter.\x00\x00 More text here.", expect={4}),
    Case("random-bytes", bytes(random.Random(8).getrandbits(8) for _ in range(4096)), expect={MAP, 3, 4}),
    Case("png-named-md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, expect={4}),
    Case("invalid-utf8-latin1", "# Résumé\n\nWe argue that the café's budget matters. Naïve plans fail.\n".encode("latin-1")),
    Case("cp1252-smart-quotes", "# Title\n\n\u201cQuoted\u201d views \u2013 we argue that they matter.\n".encode("cp1252")),
    Case("truncated-utf8", BRIEF.encode("utf-8") + "é".encode("utf-8")[:1], expect={MAP, 4}),
    Case("utf16-le-no-bom", utf16(BRIEF, "utf-16-le")),
    Case("utf16-be-no-bom", utf16(BRIEF, "utf-16-be")),
    Case("utf16-with-bom", utf16(BRIEF, "utf-16")),
    Case("utf8-bom", b"\xef\xbb\xbf" + BRIEF.encode()),
    Case("utf16-bom-odd-length", b"\xff\xfe" + BRIEF.encode("utf-16-le") + b"\x00", expect={MAP, 4}),
    Case("old-mac-line-endings", BRIEF.replace("\n", "\r").encode()),
    Case("single-line-10mb", b"x" * (10 * 1024 * 1024)),
    Case("single-line-over-max-bytes", b"word " * 300_000, args=["--max-bytes", "1MB"], expect={2},
         error_class=errors.InputTooLarge),
    Case("invalid-max-bytes", BRIEF.encode(), args=["--max-bytes", "lots"], expect={2}),
    Case("50000-headings", headings(50_000).encode()),
    Case("10000-footnotes", ("# Notes\n\n" + " ".join(f"Claim {i} holds.[^{i}]" for i in range(10_000)) + "\n\n"
                             + "\n\n".join(f"[^{i}]: Source {i}." for i in range(10_000)) + "\n").encode()),
    Case("one-huge-paragraph", ("# One\n\n" + " ".join(f"Because of {i}, sentence {i} follows." for i in range(5000))).encode()),
    Case("deeply-nested-list", nested_list(300).encode()),
    Case("deeply-nested-quotes", ("# Q\n\n" + "".join(">" * i + f" quoted level {i}.\n" for i in range(1, 200))).encode()),
    Case("only-footnotes", b"<sup>1)</sup> First source, 2020.\n\n<sup>2)</sup> Second source, 2021.\n"),
    Case("markers-without-footnotes", b"# T\n\nBudgets matter.<sup>1)</sup> Roads matter[^2]. Schools matter\xc2\xb3.\n"),
    Case("footnotes-without-markers", b"# T\n\nBudgets matter.\n\n[^1]: A source.\n\n[^2]: Another.\n"),
    Case("ordinals-out-of-order", b"# T\n\nThere are reasons.\n\nThird, c.\n\nFirst, a.\n\nFinally, z.\n\nSecond, b.\n\nFirst, again.\n"),
    Case("only-generic-headings", b"# Introduction\n\n## Conclusion\n\n## References\n", expect={MAP, 3}),
    Case("only-furniture", b"\xc2\xa9 2024 Some Institute. All rights reserved.\n\n---\n\nPage 3 of 9\n\n- 4 -\n", expect={MAP, 3}),
    Case("only-front-matter", b"---\ntitle: \"\"\nauthor: Someone\n---\n", expect={MAP, 3}),
    Case("control-characters", "# T\x1b[31m\n\nWe\x07 argue\x0b that\x1f it\x7f matters\u2028 a lot\x85.\n".encode()),
    Case("hostile-markup", b"# <script>alert(1)</script>\n\n<!-- unclosed comment\n\n[link](javascript:alert(1)) <b onclick=x>bold</b>"
         b" ![img](x\" onerror=\"alert(1)) \\N \\G \"quoted\" {braces} <<b>> & &amp;\n"),
    Case("markdown-mentioning-html-tag", b"# Pages\n\nA page opens with <html> and a <body> tag. We argue that this is text.\n",
         expect={MAP} | INPUT_CODES),  # sniffed by content: may be read as HTML
    Case("million-brackets", ("# B\n\n" + "[" * 1_000_000 + "\n").encode(), expect={MAP, 3}),
    Case("one-long-word", ("# W\n\nA " + "ab" * 500_000 + " end.\n").encode()),
    Case("many-page-breaks", ("# P\n\nSome text starts" + "\n\n---\n\n" * 2000 + "and ends here.\n").encode()),
    Case("zip-named-md", docx_bytes(None, extra={"hello.txt": "not a document"}), expect={4, 5}),
    Case("missing-path", None, name="does-not-exist.md", expect={2}, error_class=errors.InputNotFound),
    Case("path-is-directory", None, setup=_dir_input, expect={2}, error_class=errors.InputNotFound),
    Case("unknown-format", BRIEF.encode(), args=["-f", "json,xyz"], expect={5}, error_class=errors.UnsupportedFormat),
    Case("unknown-language", BRIEF.encode(), args=["--lang", "xx"], expect={5}, error_class=errors.UnsupportedFormat),
    Case("missing-model", BRIEF.encode(), args=["--model", "xx_no_such_pipeline"], expect={6},
         error_class=errors.ModelNotFound),
    Case("output-under-a-file", BRIEF.encode(), setup=_out_under_file, expect={8}, error_class=errors.OutputError),
    Case("output-is-a-file", BRIEF.encode(), setup=_out_is_file, expect={2}),  # a usage problem of -o
    Case("output-in-proc", BRIEF.encode(), setup=_out_in_proc, expect={8}, error_class=errors.OutputError),
    Case("output-overwrites-json-input", b'{"nodes": []}\n\nWe argue that this is text.\n', name="brief.json",
         setup=_out_is_input_dir, expect={8}, error_class=errors.OutputError),
    Case("input-named-dot-dot", BRIEF.encode(), name="..md"),
    Case("input-named-with-newline", BRIEF.encode(), name="a\nb\x1b.md"),
    Case("input-named-long", BRIEF.encode(), name="n" * 250 + ".md"),
]

# Formats argmap may or may not read (readers are optional): a map or a documented input error.
OTHER_FORMAT_CASES = [
    Case("pdf-valid", pdf_bytes(), name="brief.pdf", expect={MAP} | INPUT_CODES),
    Case("pdf-truncated", lambda: pdf_bytes()()[:300], name="brief.pdf", expect=INPUT_CODES | {MAP}),
    Case("pdf-encrypted", pdf_bytes(encrypt=True), name="brief.pdf", expect=INPUT_CODES | {MAP}),
    Case("pdf-image-only", pdf_bytes(image_only=True), name="scan.pdf", expect=INPUT_CODES | {MAP}),
    Case("pdf-zero-pages", zero_page_pdf(), name="empty.pdf", expect=INPUT_CODES | {MAP}),
    Case("pdf-header-only", b"%PDF-1.7\n", name="brief.pdf", expect=INPUT_CODES | {MAP}),
    Case("pdf-named-md", pdf_bytes(), name="brief.md", expect={MAP} | INPUT_CODES),
    Case("markdown-named-pdf", BRIEF.encode(), name="brief.pdf", expect={MAP} | INPUT_CODES),
    Case("html-scripts-and-styles-only", b"<!doctype html><html><head><style>body{color:red}</style>"
         b"<script>var a = '<p>not text</p>';</script></head><body><script>alert(1)</script>"
         b"<style>p{}</style></body></html>", name="page.html", expect=INPUT_CODES | {MAP}),
    Case("html-named-pdf", b"<!DOCTYPE html><html><body><h1>Budgets</h1><p>We argue that budgets matter.</p>"
         b"</body></html>", name="report.pdf", expect={MAP} | INPUT_CODES),
    Case("html-unclosed", b"<html><body><p>We argue that " + b"<div>" * 5000, name="page.html", expect={MAP} | INPUT_CODES),
    Case("docx-corrupt", b"PK\x03\x04" + bytes(random.Random(4).getrandbits(8) for _ in range(2000)), name="brief.docx",
         expect=INPUT_CODES),
    Case("docx-truncated", docx_bytes("<w:document/>")[:120], name="brief.docx", expect=INPUT_CODES),
    Case("docx-without-document-xml", docx_bytes(None), name="brief.docx", expect=INPUT_CODES),
    Case("docx-broken-xml", docx_bytes("<w:document><w:body><w:p>unclosed"), name="brief.docx", expect=INPUT_CODES | {MAP}),
    Case("docx-named-md", docx_bytes("<w:document/>"), name="brief.md", expect=INPUT_CODES | {MAP}),
]

CASES = TEXT_CASES + OTHER_FORMAT_CASES


# --- the contract ----------------------------------------------------------------------------
def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(root.rglob("*"))}


def check_map(path: Path) -> ArgumentMap:
    data = json.loads(path.read_text(encoding="utf-8"))
    amap = ArgumentMap.from_dict(data)
    assert amap.nodes, "a map has at least one node"
    ids = {n.id for n in amap.nodes}
    assert len(ids) == len(amap.nodes)
    for node in amap.nodes:
        for a, b in node.spans:
            assert 0 <= a < b <= len(amap.source_text)
        assert text_from_spans(amap.source_text, node.spans) == node.text
    for edge in amap.edges:
        assert edge.source in ids and edge.target in ids
    return amap


def check_contract(case: Case, tmp_path: Path, result, out: Path, before: dict[str, str]) -> None:
    stdout, stderr = result.stdout, result.stderr
    assert "Traceback" not in stdout + stderr, stderr
    assert result.exit_code in DOCUMENTED, f"exit code {result.exit_code} is not in README's table: {stderr}"
    if result.exit_code == 0:
        assert MAP in case.expect, f"{case.id} gave a map; expected {case.expect}"
        maps = list(out.glob("*.json"))
        assert len(maps) == 1, list(out.iterdir())
        check_map(maps[0])
    else:
        assert result.exit_code in case.expect, f"{case.id}: exit {result.exit_code} not in {case.expect}: {stderr}"
        lines = [line for line in stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
        if case.error_class is not None:
            assert result.exit_code == case.error_class.exit_code
    after = snapshot(tmp_path)
    for name, digest in before.items():  # the input (and anything else there before) untouched
        assert after.get(name) == digest, f"{name} changed"
    for name in set(after) - set(before):
        assert (tmp_path / name).resolve().is_relative_to(out.resolve()), f"{name} written outside the output directory"
        assert not name.rsplit("/", 1)[-1].endswith(".tmp"), f"temporary file left: {name}"
    if out.is_dir():
        for path in out.iterdir():
            if path.suffix == ".json" and str(path.relative_to(tmp_path)) not in before:
                check_map(path)  # whole, not half-written


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    source = tmp_path / "in" / case.name
    if case.data is not None:
        data = case.data() if callable(case.data) else case.data
        source.write_bytes(data if isinstance(data, bytes) else data.encode())
    out = tmp_path / "out"
    if case.setup is not None:
        chosen = case.setup(tmp_path)
        source = chosen.get("file", source)
        out = chosen.get("out", out)
    args = ["analyze", str(source), "-o", str(out), "-f", "json,dot", "-q", *case.args]
    before = snapshot(tmp_path)
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    OBSERVED[case.id] = (result.exit_code, result.stderr.strip())
    check_contract(case, tmp_path, result, out, before)


OBSERVED: dict[str, tuple[int, str]] = {}  # case -> (exit code, stderr), filled as the cases run


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


def test_observed_codes_are_the_documented_ones():
    """Every code a case expects is in README's table, and every error class a case names has its code there."""
    for case in CASES:
        assert {c for c in case.expect if c != MAP} <= set(DOCUMENTED), case.id
        if case.error_class is not None:
            assert case.error_class.__name__ in DOCUMENTED[case.error_class.exit_code], case.id


def test_exit_code_table_matches_errors_module():
    """README's table names every error class with its exit code, and nothing else."""
    classes = {name: getattr(errors, name) for name in errors.__all__ if isinstance(getattr(errors, name), type)}
    named = {}
    for code, row in DOCUMENTED.items():
        cell = row.split("|")[0]
        for name in re.findall(r"`(\w+)`", cell):
            named[name] = code
    assert set(named) == set(classes), "README's exit-code table and argmap/errors.py name different classes"
    for name, cls in classes.items():
        assert cls.exit_code == named[name], f"{name} exits {cls.exit_code}, README says {named[name]}"
    from argmap.errors import EXIT_INTERNAL, EXIT_INTERRUPTED

    assert {0, EXIT_INTERNAL, EXIT_INTERRUPTED} <= set(DOCUMENTED)
    assert set(DOCUMENTED) == {0, EXIT_INTERNAL, EXIT_INTERRUPTED} | {cls.exit_code for cls in classes.values()}


def test_every_observed_code_is_documented():
    """The codes the cases above ended in (when they ran in this session) are all in the table."""
    if not OBSERVED:
        pytest.skip("the bad-input cases did not run in this session")
    for case_id, (code, stderr) in OBSERVED.items():
        assert code in DOCUMENTED, (case_id, code, stderr)
    seen = {code for code, _ in OBSERVED.values()}
    assert {0, 2, 3, 4, 5, 6, 8} <= seen, seen  # the suite exercises every input and output code
