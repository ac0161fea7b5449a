"""Help texts and the pointers a new user meets: plain types, every severity and format listed, the right command named."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from argmap.cli import COMMAND_MODULES, app
from argmap.errors import InputNotFound
from conftest import CORPORA, SEED

runner = CliRunner()


def _commands() -> list[str]:
    import typer.main

    return sorted(getattr(typer.main.get_command(app), "commands", {}))


@pytest.mark.parametrize("command", _commands())
def test_help_names_types_plainly(command):
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "list[" not in result.stdout, result.stdout


def test_every_command_module_has_a_command():
    assert len(_commands()) >= len(COMMAND_MODULES)


def test_audit_help_lists_every_severity():
    from argmap.audit import SEVERITIES

    help_text = " ".join(runner.invoke(app, ["audit", "--help"], env={"COLUMNS": "200"}).stdout.split())
    for severity in SEVERITIES:
        assert severity in help_text.split("--fail-on", 1)[1].split("--model")[0]


def test_convert_help_lists_every_format():
    from argmap.formats import FORMATS
    from argmap.render import IMAGE_FORMATS

    help_text = " ".join(runner.invoke(app, ["convert", "--help"], env={"COLUMNS": "200"}).stdout.split())
    to_help = help_text.split("--to", 1)[1].split("-o,")[0]
    for fmt in [*FORMATS, *IMAGE_FORMATS]:
        assert re.search(rf"\b{fmt}\b", to_help), fmt


def test_show_on_a_brief_points_to_analyze():
    result = runner.invoke(app, ["show", str(SEED)])
    assert result.exit_code == 2
    assert result.output.startswith("Error:") and "argmap analyze" in result.output
    assert "invalid JSON" not in result.output


def test_analyze_on_a_directory_points_to_batch(tmp_path):
    result = runner.invoke(app, ["analyze", str(CORPORA), "-o", str(tmp_path / "out")])
    assert result.exit_code == InputNotFound.exit_code
    assert result.output.startswith("Error:") and "argmap batch" in result.output
    assert not (tmp_path / "out").exists()
