r"""Results as data: JSON-safe dicts, pandas frames and xarray datasets.

Every :class:`~gametheory.core.results.Result` has

* ``to_dict()`` — JSON-safe (``json.dumps(result.to_dict())`` works): exact rationals become
  ``"p/q"`` strings (integers stay integers), floats stay floats (``"nan"``/``"inf"`` as strings,
  so that strict JSON works too), sympy expressions and relations become their text
  (``"a - c"``, ``"a >= b"``), arrays become nested lists, mappings get string keys, nested
  results become nested dicts;
* ``to_frame()`` — a :class:`pandas.DataFrame`: one row per record for results that have rows
  (grids, trajectories, sweeps), a one-row frame otherwise (tuples of numbers spread over columns
  ``name[i]``, mappings over ``name.key``);
* ``to_xarray()`` where a grid is natural (regime maps, trajectories, sweeps over λ).

pandas and xarray are optional: ``pip install "cluster-gametheory[data]"``. Numbers in frames are floats by
default (``exact=True`` keeps sympy numbers); a sympy ``Float`` never comes back as a sympy
object from either view.

Examples
--------
>>> import json, sympy as sp
>>> jsonable({"q": (sp.Rational(2, 3), sp.Integer(1), 0.5), "region": sp.Symbol("a") > 1})
{'q': ['2/3', 1, 0.5], 'region': 'a > 1'}
>>> json.dumps(jsonable(sp.Float(0.25)))
'0.25'
"""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction
from typing import Any, Iterable, Mapping

import numpy as np
from gametheory.core.lazy_sympy import is_sympy, sp

from gametheory.core.params import DomainError, rejects_text

__all__ = ["jsonable", "scalar", "records_frame", "DATA_HINT"]

DATA_HINT = 'pip install "cluster-gametheory[data]"   (pandas and xarray)'


def require_module(name: str) -> Any:
    """Import an optional dependency of the ``data`` extra, or say how to install it."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ImportError(f"{name} is needed for this view of a result (optional extra 'data'): {DATA_HINT}") from exc


def _float(v: float) -> Any:
    return v if math.isfinite(v) else str(v)


def _text(value: sp.Basic) -> str:
    from gametheory.core.results import canonical

    return sp.sstr(canonical(value))


@rejects_text(text=('value',))  # converts any value, text included (text is kept, never evaluated)
def jsonable(value: Any) -> Any:
    """A JSON-safe copy of ``value`` (see the module notes for the rules)."""
    from gametheory.core.results import Result, format_value

    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return _float(float(value))
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    if is_sympy(value):
        if value is sp.true or value is sp.false:
            return bool(value)
        if isinstance(value, sp.Integer):
            return int(value)
        if isinstance(value, sp.Rational):
            return f"{value.p}/{value.q}"
        if isinstance(value, sp.Float):
            return _float(float(value))
        if isinstance(value, sp.MatrixBase):
            return [[jsonable(v) for v in row] for row in value.tolist()]
        return _text(value)
    if isinstance(value, Result):
        return value.to_dict()
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "b":
            return value.tolist()
        if value.dtype.kind in "iu":
            return value.tolist()
        return jsonable(value.tolist())
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [jsonable(v) for v in items]
    if isinstance(value, Mapping):
        return {(k if isinstance(k, str) else format_value(k)): jsonable(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if callable(value):
        return getattr(value, "__name__", type(value).__name__)
    return str(value)


@rejects_text(text=('value',))  # converts any value, text included
def scalar(value: Any, exact: bool = False) -> Any:
    """A table cell: plain Python numbers (floats unless ``exact``), sympy kept for expressions.

    Examples
    --------
    >>> scalar(sp.Rational(1, 4)), scalar(sp.Rational(1, 4), exact=True), scalar(sp.Float(0.5))
    (0.25, 1/4, 0.5)
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if is_sympy(value):
        if value is sp.true or value is sp.false:
            return bool(value)
        if isinstance(value, sp.Integer):
            return int(value)
        if isinstance(value, sp.Float):
            return float(value)
        if isinstance(value, sp.Rational):
            return value if exact else float(value)
        if not exact and getattr(value, "is_number", False) and value.is_real:
            return float(value)
        return value
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return int(value)
        return value if exact else float(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (int, float, Fraction, np.number, np.bool_, str, type(None))) or (
        is_sympy(value) and not isinstance(value, sp.MatrixBase))


def flat_record(fields: Mapping[str, Any], exact: bool = False, max_spread: int = 24) -> dict[str, Any]:
    """One table row from result fields: short tuples/arrays of scalars spread over ``name[i]``
    columns, mappings of scalars over ``name.key``, nested results over ``name.field``."""
    from gametheory.core.results import Result, format_value

    row: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, Result):
            for k, v in value._fields().items():
                if _is_scalar(v):
                    row[f"{name}.{k}"] = scalar(v, exact)
            continue
        if isinstance(value, np.ndarray) and value.ndim == 1 and value.size <= max_spread:
            value = tuple(value.tolist())
        if isinstance(value, (tuple, list)) and len(value) <= max_spread and all(_is_scalar(v) for v in value):
            for i, v in enumerate(value):
                row[f"{name}[{i}]"] = scalar(v, exact)
            continue
        if isinstance(value, Mapping) and len(value) <= max_spread and all(_is_scalar(v) for v in value.values()):
            for k, v in value.items():
                row[f"{name}.{k if isinstance(k, str) else format_value(k)}"] = scalar(v, exact)
            continue
        row[name] = scalar(value, exact) if _is_scalar(value) else value
    return row


@rejects_text(text=('index',))  # index labels are text by design
def records_frame(records: Iterable[Any], index: Iterable[Any] | None = None, *, exact: bool = False) -> Any:
    """A :class:`pandas.DataFrame` with one row per record.

    Parameters
    ----------
    records : iterable
        Results (one row each, as their one-row ``to_frame()``), mappings, or tuples of
        ``(name, value)`` pairs — e.g. the grid points of a sweep.
    index : iterable, optional
        Row labels (e.g. ``["laissez-faire", "first best", "coordinated"]``).
    exact : bool, default False
        Keep exact sympy numbers instead of floats.

    Examples
    --------
    >>> records_frame([(("subsidy", 0.0), ("seed", 1)), (("subsidy", 0.5), ("seed", 2))])
       subsidy  seed
    0      0.0     1
    1      0.5     2
    """
    from gametheory.core.results import Result

    pd = require_module("pandas")
    rows = []
    for r in records:
        if isinstance(r, Result):
            rows.append(r._record(exact))
        elif isinstance(r, Mapping):
            rows.append(flat_record(r, exact))
        elif isinstance(r, (tuple, list)) and all(isinstance(p, (tuple, list)) and len(p) == 2 for p in r):
            rows.append(flat_record(dict(r), exact))
        else:
            raise DomainError(f"records_frame: a record must be a Result, a mapping or (name, value) pairs; "
                              f"got {type(r).__name__}")
    frame = pd.DataFrame(rows)
    if index is not None:
        frame.index = list(index)
    return frame
