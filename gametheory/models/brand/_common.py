"""Small helpers shared by the regional-brand modules (not public).

Thin adapters over the core: ``simp`` (the brand family's simplification of closed forms),
``relation``/``larger``/``conj`` (conditions decided by :mod:`gametheory.core.conditions`,
with the number of firms ``n >= 1`` as a fact).
"""

from __future__ import annotations

from typing import Any, Iterable

import sympy as sp
from gametheory.core.conditions import conj as _conj, decide
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


_RELATIONS = {">=": lambda z: z >= 0, ">": lambda z: z > 0, "<=": lambda z: z <= 0, "<": lambda z: z < 0}


def _prepared(lhs: Any, rhs: Any, op: str, n: Any) -> tuple[sp.Basic, Any, Any]:
    """The relation ``simp(lhs - rhs) op 0``, the fact ``n >= 1`` for a symbolic number of firms
    (else None) and a thunk giving the relation at ``n = 1 + t``, ``t >= 0`` (else None): the
    substitution lets the symbols' assumptions read signs that ``n >= 1`` alone leaves open."""
    d = simp(to_expr(lhs) - to_expr(rhs))
    rel = _RELATIONS[op]
    out = to_expr(rel(d))
    if not isinstance(n, sp.Symbol) or out in (sp.true, sp.false):
        return out, None, None
    t = sp.Symbol("t_shift", nonnegative=True)
    return out, sp.Ge(n, 1), lambda: to_expr(rel(simp(d.subs(n, 1 + t))))


def relation(lhs: Any, rhs: Any, op: str = ">=", n: Any = None) -> sp.Basic:
    """``lhs op rhs`` decided by :func:`gametheory.core.conditions.decide` (also using ``n >= 1``
    for a symbolic number of firms): ``true``/``false`` when decided, else the open relation
    ``simp(lhs - rhs) op 0``."""
    out, facts, shifted = _prepared(lhs, rhs, op, n)
    if out in (sp.true, sp.false):
        return out
    truth = decide(out, facts)
    if truth is None and shifted is not None:
        truth = decide(shifted())
    if truth is None:
        return out
    return sp.true if truth else sp.false


def larger(a: Any, b: Any, n: Any = None) -> Any:
    """max(a, b), decided by :func:`gametheory.core.conditions.decide` (also using n >= 1), else
    sympy.Max."""
    for x, y in ((a, b), (b, a)):
        out, facts, shifted = _prepared(x, y, ">=", n)
        if decide(out, facts) is True or (shifted is not None and decide(shifted()) is True):
            return to_expr(x)
    return sp.Max(a, b)


def conj(conditions: Iterable[Any]) -> sp.Basic:
    """Conjunction of conditions, dropping those that are decided true
    (:func:`gametheory.core.conditions.conj`; ``false`` when one is provably false)."""
    return _conj(conditions)
