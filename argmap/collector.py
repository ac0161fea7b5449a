"""The garbage collector's policy, in one place: when it is paused, what it is told to leave alone, and
what it skips at exit.

argmap loads a large pipeline (spaCy's vocabulary and models, the lexicons, every module) that lives as
long as the process. The collector walking it again and again frees nothing and costs time: while it
loads, while a document is mapped, and at exit. The library (``pipeline``), the batch runner and the
command line each ask for the policy by name here.
"""

from __future__ import annotations

import atexit
import gc
from contextlib import contextmanager

__all__ = ["collector_paused", "loaded_objects_set_aside", "left_to_exit"]


@contextmanager
def collector_paused():
    """Run a block of loading (imports, the pipeline, lexicons), or one that makes only what it keeps
    (the learned layer), without the garbage collector.

    What loading makes lives as long as the process; collections during it only walk a growing
    heap and free nothing (about a tenth of a second of a batch run's start-up)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_SET_ASIDE_DEPTH = 0  # how many ``loaded_objects_set_aside`` blocks are open in this process


@contextmanager
def loaded_objects_set_aside():
    """Let the garbage collector walk only what is made inside the block, not the loaded pipeline.

    A long document triggers full collections, and each one walked every object alive before
    it (spaCy's vocabulary and models: ~90,000 objects), which made time grow faster than the
    text. ``gc.freeze`` sets those aside for the block; ``gc.unfreeze`` gives them back after.
    Nested blocks leave it to the outermost, and a process forked inside a block (a batch
    worker) keeps them set aside for good: its collector then never writes to the pages it
    shares with its parent. Counted here rather than asked of ``gc.get_freeze_count``, which
    walks every frozen object (milliseconds per call, paid on every document in a worker).
    """
    global _SET_ASIDE_DEPTH
    if _SET_ASIDE_DEPTH:
        yield
        return
    gc.freeze()
    _SET_ASIDE_DEPTH += 1
    try:
        yield
    finally:
        _SET_ASIDE_DEPTH -= 1
        gc.unfreeze()


def left_to_exit() -> None:
    """Leave what is alive when the process ends to the exit, uncollected.

    At exit the interpreter's collector walks every object still alive, several times over, to free
    memory the process is about to hand back whole: with the pipeline loaded that is about 0.3 s of
    CPU after a command's work is done, serial in every batch run. Set aside then (``gc.freeze``),
    they are left to the exit; the handler runs only when the process ends.
    """
    atexit.register(gc.freeze)
