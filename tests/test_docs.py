"""What the README and the CI script promise holds: the quoted figures, the CI environment."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, shared_path


@pytest.mark.parametrize("marker, rules_only", [("readme:example-scores", False), ("readme:example-scores-rules", True)])
def test_readme_example_scores_are_what_evaluate_gives(marker, rules_only):
    """The default's figures (the shipped weights) and the rules' (``--rules-only``), as the README quotes them."""
    import argmap.evaluate as ev

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = readme.split(f"<!-- {marker} -->", 1)[1].split("(a test", 1)[0].split("<!--", 1)[0]
    quoted = " ".join(quoted.split())
    figures = {name: float(value) for value, name in
               [(m.group(2), m.group(1)) for m in re.finditer(r"(unit F1|type macro F1|labeled edge F1|attachment accuracy) ([01]\.\d+)", quoted)]}
    assert len(figures) == 4, quoted
    command = re.search(r"`argmap evaluate ([^`]+)`[^`]*<!-- readme:example-scores -->", readme)
    evaluation = ev.evaluate([ROOT / command.group(1)], rules_only=rules_only)
    scores = evaluation.corpora[0].argmap
    keys = {"unit F1": "unit_f1", "type macro F1": "type_macro_f1", "labeled edge F1": "edge_f1_labeled",
            "attachment accuracy": "attachment_acc"}
    for name, value in figures.items():
        digits = len(str(value).split(".")[1])
        assert round(scores[keys[name]], digits) == value, (name, scores[keys[name]])
    # the default's figures are in-sample (the example is among the briefs the shipped weights learned from)
    assert evaluation.in_sample == ([] if rules_only else ["kinu-co-24-17.md"])


def test_ci_run_sets_ci():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    body = script.split('test_command=$(', 1)[0]
    assert re.search(r"^export CI=true\b", body, re.MULTILINE)


def _tables(section: str) -> dict[str, dict[str, dict[str, str]]]:
    """The Markdown tables of ``section`` by their bold title: row name → column name → cell."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for block in re.split(r"\n(?=\*\*)", section):
        lines = [line for line in block.strip().splitlines() if line.startswith("|")]
        title = re.match(r"\*\*(.+?)\*\*", block.strip())
        if not title or len(lines) < 3:
            continue
        header = [cell.strip() for cell in lines[0].strip("|").split("|")]
        rows = {}
        for line in lines[2:]:
            cells = [cell.strip().strip("*") for cell in line.strip("|").split("|")]
            rows[cells[0]] = dict(zip(header[1:], cells[1:]))
        out[title.group(1)] = rows
    return out


def test_the_learned_sections_rules_columns_are_the_results_figures():
    """docs/evaluation.md's learned section is pasted from ``argmap train … --report``, not checked by a run
    (it fits dozens of models); its "rules only" columns must still be the results section's figures, so a
    change of the rules that leaves the learned section stale is caught here."""
    doc = (ROOT / "docs" / "evaluation.md").read_text(encoding="utf-8")

    def section(marker: str) -> dict:
        return _tables(re.search(rf"<!-- {marker}:begin -->\n(.*?)<!-- {marker}:end -->", doc, re.S).group(1))

    results, learned = section("results"), section("learned")
    pairs = []
    dev = next((rows for title, rows in learned.items() if title.startswith("Reference corpus, dev split")), None)
    assert dev is not None, "the learned section has no dev-split table"
    corpora = next(rows for title, rows in results.items() if title.startswith("corpora"))
    dev_column = next(c for c in corpora["type macro F1"] if c.startswith("dev argmap"))
    for mine, theirs in (("unit F1", "unit F1 (50 % overlap)"), ("type macro F1", "type macro F1"),
                         ("edge F1, labeled", "edge F1, labeled"), ("attachment", "attachment accuracy"),
                         ("major claim found", "major claim found")):
        pairs.append((mine, dev[mine]["rules only"], corpora[theirs][dev_column]))
    for lang in ("en", "de"):
        rows = learned.get(f"Microtexts ({lang}), 112 texts, gold segments")
        if rows is None:
            continue
        theirs = next(r for t, r in results.items() if t.startswith(f"microtexts ({lang})"))
        for level, name in (("cc", "central claim"), ("ro", "role"), ("fu", "function"), ("at", "attachment")):
            other = next(k for k in theirs if k.startswith(f"{level}:"))
            pairs.append((f"microtexts {lang} {level}", rows[f"{level}: {name}"]["rules only"], theirs[other]["argmap"]))
    assert len(pairs) >= 5
    stale = [(name, mine, theirs) for name, mine, theirs in pairs if mine != theirs]
    assert not stale, ("the learned section of docs/evaluation.md is stale (metric, learned section, results): "
                       f"{stale}; regenerate it with the command it names and paste its output between the markers")


def test_earlier_rounds_in_the_evaluation_notes_are_marked_as_history():
    """The notes under "What the figures say" keep the figures of their own round: each says which commit
    wrote it and when, so that no reader takes an old figure for today's."""
    text = (ROOT / "docs" / "evaluation.md").read_text(encoding="utf-8")
    notes = text.split("### What the figures say", 1)[1].split("\n### ", 1)[0]
    bullets = [line for line in notes.splitlines() if line.startswith("- ")]
    assert bullets
    for line in bullets:
        assert re.match(r"- \*\(history: [0-9a-f]{7,40}, \d\d:\d\d UTC\)\* \*\*", line), line


def _gao_counts() -> tuple[int, int]:
    """The units the README's caption of the GAO overview names, and those the overview picture shows."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    caption = re.search(r"\*The overview of GAO-06-282 \(\d+ pages, (\d+) units\)", readme)
    assert caption, "the README's caption of the GAO overview names no unit count"
    picture = (ROOT / "docs" / "images" / "gao-06-282" / "gao-06-282.svg").read_text(encoding="utf-8")
    shown = re.search(r"overview: (\d+) units in \d+ section pictures", picture)
    return int(caption.group(1)), int(shown.group(1))


def test_the_readme_caption_of_the_gao_overview_counts_the_units_it_shows():
    said, shown = _gao_counts()
    assert said == shown


def test_the_gao_overview_in_the_docs_shows_the_units_argmap_maps():
    """The picture (docs/make_images.sh remakes it) is of the map argmap makes of the PDF today."""
    pytest.importorskip("pypdfium2")
    import argmap

    pdf = shared_path("corpora", "gao", "pdf", "gao-06-282.pdf")
    _, shown = _gao_counts()
    assert len(argmap.analyze(pdf).nodes) == shown, "the GAO pictures are stale: remake them with docs/make_images.sh"
