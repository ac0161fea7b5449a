"""The weights file: linear models as plain numbers in versioned JSON, read and applied with numpy alone.

A file holds one model per decision (``type``, ``major``, ``attach``, ``relation``), each as its
feature names, classes, coefficients and intercepts, and says what it was trained on. It is data,
never code: nothing in it is executed when it is loaded (no pickle).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import Any, Callable

import numpy as np

from ..errors import InputError
from ..model import Later

__all__ = ["WEIGHTS_FORMAT", "LinearModel", "SparseRows", "Weights", "WeightsError", "load_weights", "save_weights"]

WEIGHTS_FORMAT = "argmap-weights/1"
MODELS = ("type", "major", "attach", "relation")


def fill(rows: list[dict[str, float]], index: dict[str, int], width: int) -> np.ndarray:
    """Feature dictionaries as a dense matrix, ``index`` naming each column (other names dropped)."""
    x = np.zeros((len(rows), width))
    if not rows:
        return x
    # every row's names looked up at once (the loops run in C): rows hold thousands of pairs
    columns = np.fromiter(map(index.get, chain.from_iterable(rows), repeat(-1)), dtype=np.int64)
    values = np.fromiter(chain.from_iterable(row.values() for row in rows), dtype=float, count=len(columns))
    owner = np.repeat(np.arange(len(rows)), [len(row) for row in rows])
    known = columns >= 0
    x[owner[known], columns[known]] = values[known]
    return x


class WeightsError(InputError):
    """A weights file that cannot be read or does not follow ``argmap-weights/1``."""


@dataclass
class LinearModel:
    """A logistic regression: one row of coefficients per class (one row for two classes)."""

    features: list[str]
    classes: list[str]
    coef: np.ndarray  # (rows, features)
    intercept: np.ndarray  # (rows,)
    _index: dict[str, int] = field(default_factory=dict, repr=False)
    _prefixed: dict[str, dict[str, int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.coef = np.asarray(self.coef, dtype=float).reshape(-1, len(self.features)) if self.features else \
            np.zeros((max(1, len(self.classes) if len(self.classes) > 2 else 1), 0))
        self.intercept = np.asarray(self.intercept, dtype=float).reshape(-1)
        self._index = {name: i for i, name in enumerate(self.features)}
        rows = 1 if len(self.classes) == 2 else len(self.classes)
        if self.coef.shape[0] != rows or self.intercept.shape[0] != rows:
            raise WeightsError(f"a model with {len(self.classes)} classes needs {rows} rows of coefficients")

    @property
    def columns(self) -> dict[str, int]:
        """Each feature's column in this model's matrices, by name (a copy: the model's own stays as it is)."""
        return dict(self._index)

    def matrix(self, rows: list[dict[str, float]]) -> np.ndarray:
        """The feature dictionaries as a dense matrix over this model's features (unknown ones dropped)."""
        return self._fill(rows, self._index)

    def _fill(self, rows: list[dict[str, float]], index: dict[str, int]) -> np.ndarray:
        return fill(rows, index, len(self.features))

    def prefixed_matrix(self, rows: list[dict[str, float]], prefix: str) -> np.ndarray:
        """As ``matrix``, each row's names read as ``prefix`` + name (a candidate parent's own features)."""
        index = self._prefixed.get(prefix)
        if index is None:
            index = self._prefixed[prefix] = {name[len(prefix):]: i for name, i in self._index.items()
                                              if name.startswith(prefix)}
        return self._fill(rows, index)

    def proba(self, rows: list[dict[str, float]], offset: np.ndarray | None = None) -> np.ndarray:
        """Class probabilities, one row per input, columns in the order of ``classes``.

        ``offset`` (two classes only) is added to each row's score: a part of the sum computed elsewhere."""
        return self.proba_of(self.matrix(rows), offset)

    def proba_of(self, x: np.ndarray, offset: np.ndarray | None = None) -> np.ndarray:
        """``proba`` of rows already made a matrix by ``matrix``."""
        if not len(x):
            return np.zeros((0, len(self.classes)))
        z = x @ self.coef.T + self.intercept
        if offset is not None:
            z[:, 0] += offset
        if len(self.classes) == 2:
            p = 1.0 / (1.0 + np.exp(-np.clip(z[:, 0], -50, 50)))
            return np.stack([1.0 - p, p], axis=1)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def scores(self, x: np.ndarray, offset: np.ndarray | None = None) -> np.ndarray:
        """Each row's linear score (two classes): what the softmax over a unit's candidates compares."""
        z = x @ self.coef[0] + self.intercept[0]
        return z if offset is None else z + offset

    def _toward(self, labels: list[str]) -> np.ndarray:
        """Per label (a row each), how much a unit of each feature pushes toward it."""
        if len(self.classes) == 2:
            return np.stack([self.coef[0] * (1.0 if self.classes.index(label) == 1 else -1.0) for label in labels])
        mean = self.coef.mean(axis=0)  # once for all the labels: the coefficients may change between calls
        return np.stack([self.coef[self.classes.index(label)] - mean for label in labels])

    def why(self, row: dict[str, float], label: str, top: int = 3) -> list[dict[str, Any]]:
        """The features that pushed most toward ``label``: their weight times their value, strongest first."""
        return self.why_of(self.matrix([row])[0], label, top)

    def why_of(self, x: np.ndarray, label: str, top: int = 3, *parts: np.ndarray) -> list[dict[str, Any]]:
        """``why`` of a row made a matrix by ``matrix``; ``parts`` are more such rows of the same sum
        (a candidate parent's own features), each as long as ``features``."""
        return self.why_rows(np.hstack([x, *parts])[None, :], [label], top)[0]

    def why_rows(self, x: np.ndarray, labels: list[str], top: int = 3) -> list[list[dict[str, Any]]]:
        """``why`` of many rows at once: row ``r`` of ``x`` (its width a multiple of ``features``: the
        parts of one sum side by side) toward ``labels[r]``."""
        if not len(x):
            return []
        kinds = sorted(set(labels))
        repeat = x.shape[1] // max(1, len(self.features))
        toward = self._toward(kinds)
        if repeat > 1:
            toward = np.tile(toward, (1, repeat))
        if len(kinds) == 1:
            work = x * toward[0]  # each feature's contribution (a new array)
        else:
            at = {label: k for k, label in enumerate(kinds)}
            work = x * toward[[at[label] for label in labels]]
        # the strongest ``top`` by as many passes of argmax: argpartition along short rows costs far more
        rows = np.arange(len(work))
        picks, chosen = [], []
        for _ in range(min(top, work.shape[1])):
            column = work.argmax(axis=1)
            picks.append(column)
            chosen.append(work[rows, column])
            work[rows, column] = -np.inf
        order, chosen = np.stack(picks, axis=1), np.stack(chosen, axis=1)
        names = self.features
        if repeat > 1:
            order %= len(names)  # a part's column is that of its feature
        # the kept (positive) cells of every row as Python numbers in one step, row after row, then cut into
        # rows: reading numpy scalars one by one, or a row's cells that are not kept, costs more than the sums
        positive = chosen > 0
        named = [{"feature": names[c], "weight": v}
                 for c, v in zip(order[positive].tolist(), np.round(chosen[positive], 3).tolist())]
        out, start = [], 0
        for count in positive.sum(axis=1).tolist():
            out.append(named[start:start + count])
            start += count
        return out

    def why_later(self, x: "np.ndarray | SparseRows", labels: list[str], top: int = 3) -> list[Later]:
        """``why_rows``, each row's reasons worked out (all at once) only when one is first read: a map's
        reasons are read when it is shown or written, and many maps are not. They are those of the model
        as it is now: a model whose coefficients may still change is copied (the shipped one may not).
        The rows are kept until then as their nonzero cells alone (``SparseRows``)."""
        if not len(x):
            return []
        model = self
        if self.coef.flags.writeable or self.intercept.flags.writeable:
            model = LinearModel(list(self.features), list(self.classes), self.coef.copy(), self.intercept.copy())
        rows = x if isinstance(x, SparseRows) else SparseRows([x])
        return Later.each(lambda: rows.why(model, labels, top), len(rows))

    def to_dict(self) -> dict[str, Any]:
        return {"features": list(self.features), "classes": list(self.classes),
                "coef": [[round(float(v), 6) for v in row] for row in self.coef],
                "intercept": [round(float(v), 6) for v in self.intercept]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "LinearModel":
        try:
            return cls(list(data["features"]), [str(c) for c in data["classes"]], np.array(data["coef"], dtype=float),
                       np.array(data["intercept"], dtype=float))
        except (KeyError, TypeError, ValueError) as exc:
            raise WeightsError(f"a model in the weights file is malformed ({exc})") from None


class SparseRows:
    """Rows of a feature matrix kept as their nonzero cells: a row of unit or pair features sets a few dozen
    of its hundreds of columns, and a map keeps its reasons' rows until they are first read. Made from
    dense blocks of rows, one after another; given back as dense blocks again (``dense``), the same
    numbers (a zero is a zero of either sign to every reader: none of its products is above zero)."""

    __slots__ = ("width", "starts", "columns", "values")

    #: rows made dense at a time when read: a bound on the memory reading them takes
    BLOCK = 4096

    def __init__(self, blocks) -> None:
        starts, columns, values = [np.zeros(1, dtype=np.int64)], [], []
        self.width = 0
        count = 0
        for x in blocks:
            self.width = x.shape[1]
            rows, cols = np.nonzero(x)
            columns.append(cols.astype(np.int32))
            values.append(x[rows, cols])
            starts.append(count + np.searchsorted(rows, np.arange(1, len(x) + 1)))
            count += len(cols)
        self.starts = np.concatenate(starts)
        self.columns = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int32)
        self.values = np.concatenate(values) if values else np.zeros(0)

    def __len__(self) -> int:
        return len(self.starts) - 1

    def dense(self, start: int, end: int) -> np.ndarray:
        """Rows ``start`` to ``end`` as a dense matrix."""
        x = np.zeros((end - start, self.width))
        first, last = self.starts[start], self.starts[end]
        owner = np.repeat(np.arange(end - start), np.diff(self.starts[start:end + 1]))
        x[owner, self.columns[first:last]] = self.values[first:last]
        return x

    def why(self, model: "LinearModel", labels: list[str], top: int) -> list[list[dict[str, Any]]]:
        """``model.why_rows`` of every row, ``BLOCK`` rows at a time (a row's reasons are its own)."""
        out: list[list[dict[str, Any]]] = []
        for start in range(0, len(self), self.BLOCK):
            end = min(len(self), start + self.BLOCK)
            out += model.why_rows(self.dense(start, end), labels[start:end], top)
        return out


@dataclass
class Weights:
    """The learned layer's models and what they were trained on."""

    models: dict[str, LinearModel]
    trained_on: list[str] = field(default_factory=list)
    settings: dict[str, float] = field(default_factory=dict)
    name: str = "weights"
    #: what decoding works out from the models alone (which columns each reads), kept for the next document
    _derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        missing = [m for m in MODELS if m not in self.models]
        if missing:
            raise WeightsError(f"the weights lack the model(s) {', '.join(missing)}")

    def derived(self, key: str, make: Callable[[dict[str, LinearModel]], Any]) -> Any:
        """What ``make`` works out from the models alone (which columns each reads), made for the first
        document and kept for the next ones while the models stay the same objects."""
        models = list(self.models.values())
        found = self._derived.get(key)
        if found is None or len(found[0]) != len(models) or any(a is not b for a, b in zip(found[0], models)):
            found = self._derived[key] = (models, make(self.models))
        return found[1]

    def setting(self, key: str, default: float) -> float:
        value = self.settings.get(key, default)
        return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else default

    def to_dict(self) -> dict[str, Any]:
        return {"format": WEIGHTS_FORMAT, "name": self.name, "trained_on": list(self.trained_on),
                "settings": dict(self.settings), "models": {k: self.models[k].to_dict() for k in MODELS}}

    @classmethod
    def from_dict(cls, data: Any, name: str = "weights") -> "Weights":
        if not isinstance(data, dict) or data.get("format") != WEIGHTS_FORMAT:
            raise WeightsError(f"not an {WEIGHTS_FORMAT} file (its 'format' says {data.get('format') if isinstance(data, dict) else None!r})")
        models = data.get("models")
        if not isinstance(models, dict):
            raise WeightsError("the weights file has no 'models'")
        return cls({k: LinearModel.from_dict(v) for k, v in models.items() if k in MODELS},
                   [str(t) for t in data.get("trained_on", [])], dict(data.get("settings", {})),
                   str(data.get("name") or name))


def load_weights(path: str | os.PathLike) -> Weights:
    """Read a weights file; ``WeightsError``/``InputNotFound`` for one that is missing or malformed."""
    return read_weights(path)[0]


def read_weights(path: str | os.PathLike) -> tuple[Weights, str]:
    """A weights file's weights and the sha256 of the very bytes they were parsed from (a caller that
    names the file by its contents, as a batch's settings do, gets the contents it maps with)."""
    import hashlib

    from ..errors import InputNotFound

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        raise InputNotFound(f"no weights file {path}") from None
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise WeightsError(f"{path} is not valid JSON ({exc})") from None
    try:
        return Weights.from_dict(parsed, name=path.stem), hashlib.sha256(data).hexdigest()
    except WeightsError as exc:
        raise WeightsError(f"{path}: {exc}") from None


def save_weights(weights: Weights, path: str | os.PathLike) -> None:
    """Write the file whole or not at all (a temporary file renamed into place)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(weights.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    os.replace(tmp, path)
