r"""Input validation shared by :class:`ContinuousGame` and :func:`maximize`.

Payoffs and bounds arrive as numbers or sympy expressions (never text): this module checks that
every player owns distinct variables, that bounds are ordered reals or ``None`` (unbounded), and
that payoffs depend only on declared variables and parameters, so that the KKT enumeration
(:mod:`._kkt`) receives a well-posed problem or the user a :class:`DomainError` naming the input.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import sympy as sp

from .._validate import DomainError, _to_sympy

__all__ = ["NonConcavePayoffError", "SymbolicSolveError", "as_expr", "as_symbols", "parse_bounds",
           "parse_parameters", "bound_arrays"]


class NonConcavePayoffError(DomainError):
    """A payoff is not concave in the player's own strategy where an interior optimum is assumed."""


class SymbolicSolveError(ValueError):
    """sympy cannot solve the first-order conditions and the problem has symbolic parameters."""


def as_expr(value: Any, name: str) -> sp.Expr:
    """A payoff/objective as a sympy expression (numbers allowed; strings and booleans rejected)."""
    if isinstance(value, (str, bytes)):
        raise DomainError(f"{name} must be a sympy expression, not a string ({value!r}); build it from "
                          "sympy symbols, e.g. a*q1 - q1**2")
    if isinstance(value, sp.Basic) and not isinstance(value, sp.Expr):
        raise DomainError(f"{name} must be a sympy expression, got {type(value).__name__} {value!r}")
    if isinstance(value, sp.MatrixBase):  # pragma: no cover - MatrixBase is not Basic in all versions
        raise DomainError(f"{name} must be a scalar sympy expression, got a matrix")
    expr = _to_sympy(value, name)
    if expr.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        raise DomainError(f"{name} contains NaN or infinity: {expr}")
    return expr


def as_symbols(value: Any, name: str) -> tuple[tuple[sp.Symbol, ...], bool]:
    """A symbol or a tuple of symbols → (tuple, was_scalar)."""
    if isinstance(value, sp.Symbol):
        return (value,), True
    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list)):
        raise DomainError(f"{name} must be a sympy Symbol or a tuple of Symbols, got {value!r}")
    if not value:
        raise DomainError(f"{name} is empty: every player needs at least one strategy variable")
    for v in value:
        if not isinstance(v, sp.Symbol):
            raise DomainError(f"{name} must contain sympy Symbols, got {v!r}")
    return tuple(value), False


def _bound_value(value: Any, name: str) -> sp.Expr | None:
    if value is None:
        return None
    if isinstance(value, (float, np.floating)) and np.isinf(value):
        return None
    if isinstance(value, sp.Basic) and value in (sp.oo, -sp.oo):
        return None
    return as_expr(value, name)


def _is_pair(x: Any) -> bool:
    return (isinstance(x, (tuple, list)) and len(x) == 2
            and all(not isinstance(e, (tuple, list)) for e in x))


def parse_bounds(bounds: Any, groups: Sequence[tuple[sp.Symbol, ...]], scalar: Sequence[bool]
                 ) -> dict[sp.Symbol, tuple[sp.Expr | None, sp.Expr | None]]:
    """Bounds per variable from the accepted forms (see :class:`ContinuousGame`)."""
    variables = [v for g in groups for v in g]
    default = (sp.Integer(0), None)
    out = {v: default for v in variables}
    if bounds is None:
        return out
    if isinstance(bounds, (str, bytes)):
        raise DomainError(f"bounds must be (lo, hi) pairs, got {bounds!r}")
    if isinstance(bounds, Mapping):
        for k, pair in bounds.items():
            if k not in out:
                raise DomainError(f"bounds given for {k!r}, which is not a strategy variable {variables}")
            out[k] = pair
    elif _is_pair(bounds):
        out = {v: tuple(bounds) for v in variables}
    else:
        items = list(bounds)
        if len(items) != len(groups):
            raise DomainError(f"bounds: expected one entry per player ({len(groups)}), got {len(items)}")
        for grp, sc, entry in zip(groups, scalar, items):
            if entry is None:
                continue
            if _is_pair(entry):
                for v in grp:
                    out[v] = tuple(entry)
            else:
                entry = list(entry)
                if len(entry) != len(grp) or not all(e is None or _is_pair(e) for e in entry):
                    raise DomainError(f"bounds for {grp}: expected a (lo, hi) pair or one pair per variable, "
                                      f"got {entry!r}")
                for v, e in zip(grp, entry):
                    if e is not None:
                        out[v] = tuple(e)
    result = {}
    strategy_set = set(variables)
    for v, pair in out.items():
        if not _is_pair(pair):
            raise DomainError(f"bounds for {v} must be a (lo, hi) pair with None for unbounded, got {pair!r}")
        lo, hi = (_bound_value(pair[0], f"lower bound of {v}"), _bound_value(pair[1], f"upper bound of {v}"))
        for b in (lo, hi):
            if b is not None and b.free_symbols & strategy_set:
                raise DomainError(f"bounds of {v} depend on strategy variables ({b}); only box constraints "
                                  "(bounds in parameters) are supported")
        if lo is not None and hi is not None:
            d = sp.simplify(hi - lo)
            if d.is_number and not d > 0 or d.is_nonpositive:
                raise DomainError(f"empty or degenerate strategy interval for {v}: [{lo}, {hi}]")
        result[v] = (lo, hi)
    return result


def parse_parameters(parameters: Any, strategies: set) -> dict[sp.Symbol, sp.Expr]:
    """A substitution mapping symbol → number/expression (no strategy variables as keys)."""
    if parameters is None:
        return {}
    if not isinstance(parameters, Mapping):
        raise DomainError(f"parameters must be a mapping symbol -> value, got {parameters!r}")
    out = {}
    for k, v in parameters.items():
        if not isinstance(k, sp.Symbol):
            raise DomainError(f"parameter keys must be sympy Symbols, got {k!r}")
        if k in strategies:
            raise DomainError(f"{k} is a strategy variable, not a parameter")
        out[k] = as_expr(v, f"parameter {k}")
    return out


def bound_arrays(variables: Sequence[sp.Symbol], bounds: Mapping, values: Mapping | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Numeric lower/upper bound arrays (±inf when unbounded) at a parameter point."""
    from .._validate import to_float

    lo, hi = [], []
    for v in variables:
        a, b = bounds[v]
        lo.append(-np.inf if a is None else to_float(a.subs(values or {})))
        hi.append(np.inf if b is None else to_float(b.subs(values or {})))
    return np.array(lo), np.array(hi)
