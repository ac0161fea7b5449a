"""The learned layer: the rules' decisions and cues become features, linear models weigh them, and the
tree is decoded as a whole. Inference needs numpy and networkx only; training needs ``argmap[train]``.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources

from ..errors import InputError
from .decode import Decisions, arborescence, decide
from .weights import WEIGHTS_FORMAT, LinearModel, Weights, WeightsError, load_weights, save_weights

__all__ = ["Decisions", "arborescence", "decide", "WEIGHTS_FORMAT", "LinearModel", "Weights", "WeightsError",
           "load_weights", "save_weights", "default_weights", "check_decider", "chosen_weights",
           "LEARNED_BY_DEFAULT", "DEFAULT_WEIGHTS"]

#: the weights shipped inside the package (trained on the dev split of ``corpora/``; see the README)
DEFAULT_WEIGHTS = "default-weights.json"
#: whether ``analyze`` uses the shipped weights when given none (it does only if they beat the rules on dev)
LEARNED_BY_DEFAULT = True


@lru_cache(maxsize=1)
def default_weights() -> Weights | None:
    """The shipped weights, or None when the package holds none."""
    path = resources.files(__package__) / DEFAULT_WEIGHTS
    if not path.is_file():
        return None
    with resources.as_file(path) as real:
        weights = load_weights(real)
    weights.name = "default"
    for model in weights.models.values():  # one object for every caller: none may change it for the others
        model.coef.setflags(write=False)
        model.intercept.setflags(write=False)
    return weights


def check_decider(weights, rules_only: bool) -> None:
    """Weights and the rules alone exclude each other: the one place that refuses both, for the
    library's ``weights=``/``rules_only=`` and the command line's ``--weights``/``--rules-only`` alike."""
    if weights is not None and rules_only:
        raise InputError("--weights and --rules-only exclude each other: give one")


def chosen_weights(weights, rules_only: bool = False) -> Weights | None:
    """The weights that decide types and the tree, or None for the rules: what ``weights`` names (a
    ``Weights``, a path, ``"default"``; None is the package's default policy, ``LEARNED_BY_DEFAULT``),
    unless ``rules_only`` keeps the rules even where that default is the learned model."""
    check_decider(weights, rules_only)
    if rules_only:
        return None
    if isinstance(weights, Weights):
        return weights
    if weights is None:
        return default_weights() if LEARNED_BY_DEFAULT else None
    if weights == "default":
        return default_weights()
    if isinstance(weights, (str, os.PathLike)):
        return load_weights(weights)
    raise TypeError(f"weights must be a path or argmap.learn.Weights, not {type(weights).__name__}")
