"""A Dask worker plugin that runs one function as each worker joins: how the dask engine readies
workers that did not fork from a process with the pipeline loaded (a cluster's, or spawned ones).

Imported by the dask engine alone, so that Dask stays an optional extra.
"""

from __future__ import annotations

from typing import Any, Callable

from distributed.diagnostics.plugin import WorkerPlugin


class RunOnSetup(WorkerPlugin):
    """Call ``function()`` once in each worker, the ones already there and those that join later."""

    idempotent = True  # registered again by the next batch on the same cluster: workers that ran it keep it

    def __init__(self, function: Callable[[], Any]):
        self.function = function

    def setup(self, worker: Any) -> None:
        self.function()
