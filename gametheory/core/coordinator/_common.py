"""Small shared pieces of the coordinator: symbolic failure signal, quick simplification, deciding conditions."""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import sympy as sp

from gametheory.core._validate import DomainError, Number, _decide, as_param, is_symbolic, to_float
from gametheory.core.results import Result
from gametheory.core.welfare import WelfareAccount, gap_closed, gap_is_degenerate, welfare_account
from gametheory.core._validate import to_expr

_PARTS = ("consumer_surplus", "producer_surplus", "resource_costs")
_KINDS = ("continuous", "binary", "discrete")


class _SymbolicFailure(Exception):
    """The symbolic path cannot handle this problem (falls back to numeric when possible)."""


def _quick(e: Any) -> Any:
    """Cheap canonical form: ``cancel`` for rational functions, ``simplify`` otherwise."""
    e = to_expr(e)
    if not e.free_symbols or not isinstance(e, sp.Expr):
        return e
    if e.has(sp.Piecewise):
        return sp.piecewise_fold(e)
    syms = sorted(e.free_symbols, key=str)
    if e.is_rational_function(*syms):
        return sp.cancel(e)
    return sp.simplify(e)


def _truth(cond: Any) -> bool | None:
    """True/False when a condition is decided (by value or by the symbols' assumptions), else None."""
    return _decide(cond, _quick)
