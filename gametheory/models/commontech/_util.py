"""Small symbolic helpers shared by the common-technology modules.

Decisions that understand sympy symbols (``True``/``False`` when the numbers or the symbols'
assumptions decide, the open condition otherwise), the top-valuation set, and a one-dimensional
maximiser that evaluates stationary points and both ends of an interval.
"""

from __future__ import annotations

from typing import Any, Sequence

import sympy as sp

from gametheory.core.conditions import conj, decide
from gametheory.core.params import DomainError, is_symbolic, rejects_text, to_expr

__all__ = ["top_set", "transcendental_in"]


# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------
def _decide_ge(x: sp.Expr, y: sp.Expr) -> bool | None:
    """``x >= y`` decided by :func:`gametheory.core.conditions.decide` on the simplified
    difference: True/False when proved, None when open (also for NaN or an undefined difference)."""
    d = sp.simplify(to_expr(x) - to_expr(y))
    if d.has(sp.nan, sp.zoo):
        return None
    return decide(sp.Ge(d, 0))


@rejects_text
def top_set(values: Sequence[Any]) -> tuple[tuple[int, ...], sp.Basic]:
    """Indices of the largest entries and the condition making them largest.

    Numbers (or symbols whose assumptions decide the order): the exact set of maximisers. When
    the order is open, the first entry not provably below another is taken and the conditions
    ``v_top >= v_j`` are returned.

    Examples
    --------
    >>> top_set((3, 2, 3))
    ((0, 2), True)
    >>> v1, v2 = sp.symbols("v1 v2", positive=True)
    >>> top_set((v1, v2))
    ((0,), v1 >= v2)
    """
    n = len(values)
    for i in range(n):
        if all(_decide_ge(values[i], values[j]) is not False for j in range(n)):
            conds = [sp.Ge(values[i], values[j]) for j in range(n)
                     if j != i and _decide_ge(values[i], values[j]) is None]
            ties = tuple(j for j in range(n)
                         if j == i or sp.simplify(to_expr(values[j]) - values[i]) == 0)
            return ties, sp.And(*conds)
    raise DomainError("cannot order the valuations")  # unreachable for a finite list


def _simp(x: Any) -> sp.Expr:
    x = to_expr(x)
    return sp.simplify(x) if is_symbolic(x) else x


def _max(a: Any, b: Any) -> sp.Expr:
    """``max(a, b)``: the larger one when :func:`_decide_ge` (the engine) orders them, else ``Max``."""
    a, b = to_expr(a), to_expr(b)
    d = _decide_ge(a, b)
    if d is True:
        return a
    if d is False:
        return b
    return sp.Max(a, b)


def _positive_part(x: Any) -> sp.Expr:
    return _max(x, 0)


# ----------------------------------------------------------------------------------------------
# small symbolic utilities
# ----------------------------------------------------------------------------------------------
def _decide_bool(cond: Any) -> Any:
    """True/False when decided (:func:`gametheory.core.conditions.decide`; a numeric condition
    the engine cannot sign is evaluated), else the condition."""
    if isinstance(cond, bool):
        return cond
    cond = to_expr(cond)
    if cond in (sp.true, sp.false):
        return bool(cond)
    d = decide(cond, effort="quick")
    if d is None:
        d = decide(cond)
    if d is not None:
        return d
    try:
        if not cond.free_symbols:
            return bool(cond.doit())
    except TypeError:
        pass
    return cond


def _best(values: Sequence[Any]) -> sp.Expr:
    best = values[0]
    for v in values[1:]:
        best = _max(best, v)
    return best


def _choose(cond: Any, yes: Any, no: Any) -> sp.Expr:
    if cond is True:
        return to_expr(yes)
    if cond is False:
        return to_expr(no)
    return sp.Piecewise((yes, cond), (no, True))


def _all(flags: Sequence[Any]) -> Any:
    """The conjunction of decided/open flags (:func:`gametheory.core.conditions.conj`): ``True``,
    ``False`` or the conjunction of the open ones."""
    if all(f is True for f in flags):
        return True
    if any(f is False for f in flags):
        return False
    out = conj(f for f in flags if f is not True)
    return True if out is sp.true else False if out is sp.false else out


def _gap(w: Any, w_nash: Any, w_star: Any) -> sp.Expr:
    from gametheory.core.welfare import gap_closed

    try:
        gap = gap_closed(w, w_nash, w_star)
    except DomainError:  # pragma: no cover - symbolic degenerate
        return sp.nan
    values = [to_expr(x) for x in (w, w_nash, w_star)]
    if not is_symbolic(values) and any(v.has(sp.Float) for v in values):
        return sp.Float(sp.N(gap, 15))          # mixed exact/float input: report a float
    return gap


def transcendental_in(expr: sp.Expr, x: sp.Symbol) -> bool:
    """True if ``x`` appears inside a transcendental function (log, exp, trig, LambertW ...) or a
    non-rational power, where a closed-form solve is hopeless or expensive."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Function) and node.has(x) and not isinstance(node, (sp.Abs, sp.Max, sp.Min)):
            return True
        if isinstance(node, sp.Pow) and node.exp.has(x):
            return True
        if isinstance(node, sp.Pow) and node.base.has(x) and node.exp.is_Float:
            return True
    return False


def _argmax_on_interval(w: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr, method: str) -> tuple[sp.Expr, str]:
    """Maximiser of ``w(x)`` on ``[lo, hi]`` from stationary points and both ends."""
    dw = sp.diff(w, x)
    symbolic = bool(w.free_symbols - {x}) or is_symbolic(hi) or is_symbolic(lo)
    roots: list | None
    if not symbolic and transcendental_in(dw, x):
        roots = None          # sympy's solve can hang or exhaust memory here: go numeric
    else:
        try:
            roots = [r for r in sp.solve(dw, x) if r.is_real is not False]
        except NotImplementedError:
            roots = None
    if roots is None:
        if symbolic:
            raise DomainError("cannot solve the first-order condition symbolically; give numbers")
        from scipy.optimize import minimize_scalar

        f = sp.lambdify(x, -w, "math")
        res = minimize_scalar(f, bounds=(float(lo), float(hi)), method="bounded", options={"xatol": 1e-12})
        cands = [sp.Float(res.x), lo, hi]
        return max(cands, key=lambda c: float(w.subs(x, c))), "numeric (bounded scalar search)"
    if not symbolic:
        cands = [lo, hi] + [r for r in roots if r.is_number and lo <= r <= hi]
        values = [sp.N(w.subs(x, c), 30) for c in cands]
        best = max(range(len(cands)), key=lambda k: values[k])
        return _simp(cands[best]), method
    if len(roots) == 1:
        r = sp.simplify(roots[0])
        # concave case assumed; clip to the interval and carry the clipping as a Piecewise
        clipped = sp.Piecewise((lo, r <= lo), (hi, r >= hi), (r, True))
        return clipped, method + " (single stationary point, clipped to the interval)"
    raise DomainError("several stationary points for symbolic parameters; give numbers")
