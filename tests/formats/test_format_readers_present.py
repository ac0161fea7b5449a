"""In CI the real readers must be there: a skipped reader check would hide a broken export."""

from __future__ import annotations

import importlib.util
import os

import pytest

from format_readers import ARGDOWN, MERMAID_JS

in_ci = pytest.mark.skipif(os.environ.get("CI", "").lower() not in ("1", "true", "yes"),
                           reason="only CI must have every reader (.ci/run installs them)")


@in_ci
def test_argdown_cli_is_installed_in_ci():
    assert ARGDOWN is not None, "@argdown/cli is missing: .ci/setup.d/40-argdown.sh should have installed it"


@in_ci
@pytest.mark.parametrize("module", ["arguebuf", "jsonschema"])
def test_python_readers_are_installed_in_ci(module):
    assert importlib.util.find_spec(module) is not None, f"{module} is missing: it belongs to the test extra"


@in_ci
def test_mermaid_bundle_is_installed_in_ci():
    assert MERMAID_JS is not None and MERMAID_JS.exists(), "mermaid.min.js is missing: .ci/setup.d/41-mermaid.sh installs it"
