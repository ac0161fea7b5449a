"""notebooks/explore.ipynb runs top to bottom on a fresh kernel; its cells assert what they show."""

from __future__ import annotations

import pytest

from conftest import ROOT, needs_dot

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


@needs_dot
def test_explore_notebook_runs():
    nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (pip install -e '.[test]')")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (pip install -e '.[test]')")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed (pip install -e '.[test]')")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"), "commit the notebook without outputs"
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError, with the failing cell, if an assert fails
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    svgs = [o for o in outputs if "image/svg+xml" in o.get("data", {})]
    assert len(svgs) == 2  # the map of each brief, drawn inline
    assert any("<table>" in o.get("data", {}).get("text/html", "") for o in outputs)
