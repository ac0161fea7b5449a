"""What the README and the CI script promise holds: the quoted figures, the CI environment."""

from __future__ import annotations

import re

from conftest import ROOT


def test_readme_example_scores_are_what_evaluate_gives():
    import argmap.evaluate as ev

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = " ".join(readme.split("<!-- readme:example-scores -->", 1)[1].split("(a test", 1)[0].split())
    figures = {name: float(value) for value, name in
               [(m.group(2), m.group(1)) for m in re.finditer(r"(unit F1|type macro F1|labeled edge F1|attachment accuracy) ([01]\.\d+)", quoted)]}
    assert len(figures) == 4, quoted
    command = re.search(r"`argmap evaluate ([^`]+)`[^`]*<!-- readme:example-scores -->", readme)
    scores = ev.evaluate([ROOT / command.group(1)]).corpora[0].argmap
    keys = {"unit F1": "unit_f1", "type macro F1": "type_macro_f1", "labeled edge F1": "edge_f1_labeled",
            "attachment accuracy": "attachment_acc"}
    for name, value in figures.items():
        digits = len(str(value).split(".")[1])
        assert round(scores[keys[name]], digits) == value, (name, scores[keys[name]])


def test_ci_run_sets_ci():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    body = script.split('test_command=$(', 1)[0]
    assert re.search(r"^export CI=true\b", body, re.MULTILINE)
