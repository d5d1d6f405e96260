"""Small helpers shared by the regional-brand modules (not public)."""

from __future__ import annotations

from typing import Any, Iterable

import sympy as sp
from gametheory.core.params import to_expr


def simp(x: Any) -> Any:
    """Simplify symbolic expressions; leave numbers alone (exact arithmetic is already exact)."""
    x = to_expr(x)
    if isinstance(x, sp.Basic) and x.free_symbols:
        if x.has(sp.Piecewise, sp.Max, sp.Min):
            x = sp.piecewise_fold(x)
            if isinstance(x, sp.Piecewise):
                return sp.Piecewise(*[(simp(e), c) for e, c in x.args])
            return sp.simplify(x)
        if x.is_rational_function():
            return sp.factor(sp.cancel(x))
        return sp.factor(sp.simplify(x))
    return x


def relation(lhs: Any, rhs: Any, op: str = ">=", n: Any = None) -> sp.Basic:
    """``lhs op rhs`` decided when possible, also using ``n >= 1`` for a symbolic number of firms."""
    d = simp(to_expr(lhs) - to_expr(rhs))
    rel = {">=": lambda z: z >= 0, ">": lambda z: z > 0, "<=": lambda z: z <= 0, "<": lambda z: z < 0}[op]
    out = to_expr(rel(d))
    if out in (sp.true, sp.false):
        return out
    if n is not None and isinstance(n, sp.Symbol):
        t = sp.Symbol("t_shift", nonnegative=True)
        shifted = to_expr(rel(simp(d.subs(n, 1 + t))))
        if shifted in (sp.true, sp.false):
            return shifted
    return out


def larger(a: Any, b: Any, n: Any = None) -> Any:
    """max(a, b), decided when possible (also using n >= 1), else sympy.Max."""
    if relation(a, b, ">=", n) is sp.true:
        return to_expr(a)
    if relation(b, a, ">=", n) is sp.true:
        return to_expr(b)
    return sp.Max(a, b)


def conj(conditions: Iterable[Any]) -> sp.Basic:
    """Conjunction of conditions, dropping those that are decided true."""
    parts = []
    for c in conditions:
        c = to_expr(c)
        if c is sp.true or c == sp.true:
            continue
        parts.append(c)
    return sp.And(*parts) if parts else sp.true

