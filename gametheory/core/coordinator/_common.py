"""Small shared pieces of the coordinator.

:class:`SymbolicFailure` signals that the symbolic path cannot handle a problem (the solver then
falls back to the numeric path); ``_quick`` is the cheap canonical form used on candidate
welfare expressions; ``_truth`` decides a cell condition with the quick effort of the one
condition engine, :func:`gametheory.core.conditions.decide`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from gametheory.core.params import to_expr
from gametheory.core.conditions import decide

_PARTS = ("consumer_surplus", "producer_surplus", "resource_costs")
_KINDS = ("continuous", "binary", "discrete")


class SymbolicFailure(Exception):
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
    """True/False when a condition is decided (by value or by the symbols' assumptions), else None.

    The quick effort of :func:`gametheory.core.conditions.decide` (assumptions after
    ``cancel``/``simplify``): the coordinator decides thousands of cell conditions.
    """
    if not isinstance(cond, (bool, np.bool_, sp.logic.boolalg.Boolean)):
        return None
    return decide(cond, effort="quick")
