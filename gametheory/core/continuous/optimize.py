r"""Single-agent KKT maximisation over a box: planners, first best, best responses.

:func:`maximize` uses the same corner enumeration as :class:`ContinuousGame` with one owner.
When the objective is concave on the box every KKT point is a global maximum. When concavity is
not established (welfare is often *convex* in costs, so its maximum sits at a corner), each
candidate's conditions also require that it beats every other KKT candidate that exists —
``value_i >= value_j`` or candidate ``j`` infeasible — so that the reported point is the global
maximum of a bounded problem, piecewise in the parameters.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping

import numpy as np
import sympy as sp

from .._validate import DomainError
from ._common import (NonConcavePayoffError, SymbolicSolveError, as_expr, as_symbols, bound_arrays, parse_bounds,
                      parse_parameters)
from ._conditions import Facts, decide_by_signs, simplify_conditions
from ._kkt import INTERIOR, KKTPoint, KKTProblem, Unsolvable, tidy
from ._numeric import Lambdified
from ._results import Optimum, SecondOrderCheck
from gametheory.core.params import rejects_text

__all__ = ["maximize", "kkt_points", "as_piecewise"]


def _setup(objective: Any, variables: Any, bounds: Any, parameters: Any, assumptions: Any, timeout: float | None):
    grp, scalar = as_symbols(variables, "variables")
    if len(set(grp)) != len(grp):
        raise DomainError(f"a variable appears twice: {grp}")
    params = parse_parameters(parameters, set(grp))
    obj = as_expr(objective, "objective").subs(params)
    if not obj.free_symbols & set(grp):
        raise DomainError(f"the objective {obj} does not depend on the variables {grp}")
    if (isinstance(bounds, (tuple, list)) and len(bounds) == len(grp) and len(grp) > 1
            and all(e is None or isinstance(e, (tuple, list)) for e in bounds)):
        bounds = {v: e for v, e in zip(grp, bounds) if e is not None}  # one pair per variable
    b = parse_bounds(bounds, [grp], [scalar])
    b = {v: (None if lo is None else lo.subs(params), None if hi is None else hi.subs(params))
         for v, (lo, hi) in b.items()}
    facts = Facts(sp.true if assumptions is None else assumptions)
    return obj, grp, b, KKTProblem([obj], [grp], b, facts, timeout), facts


def _optimum(c: KKTPoint, prob: KKTProblem, obj: sp.Expr, facts: Facts, cond: Any, concave: bool | None,
             global_: bool | None) -> Optimum:
    free, H, soc = c.soc[0]
    nd = decide_by_signs(soc, facts) if free else None
    second = SecondOrderCheck(player="planner", variables=free, hessian=H, condition=soc, negative_definite=nd,
                              globally_concave=concave)
    all_interior = all(s == INTERIOR for s in c.status.values())
    return Optimum(variables=MappingProxyType({v: c.solution[v] for v in prob.variables}),
                   value=tidy(obj.subs(c.solution)), active_bounds=MappingProxyType(dict(c.status)),
                   multipliers=MappingProxyType({v: c.multipliers[v] for v in prob.variables}),
                   conditions=cond, second_order=second,
                   method="closed form (FOC)" if all_interior else "kkt", global_optimum=global_,
                   message="; ".join(prob.notes))


@rejects_text(choices=('objective',))
def kkt_points(objective: Any, variables: Any, bounds: Any = None, parameters: Mapping | None = None,
               assumptions: Any = None, timeout: float | None = 20.0) -> list[Optimum]:
    """Every KKT point of ``max objective`` over the box, each with its conditions.

    For a non-concave objective the conditions include the comparison with the other
    candidates (see module docstring), so the list partitions the parameter space into regimes
    of the *global* maximum.
    """
    obj, grp, b, prob, facts = _setup(objective, variables, bounds, parameters, assumptions, timeout)
    try:
        cands = prob.candidates()
    except Unsolvable as exc:
        raise SymbolicSolveError(f"{exc}; substitute numbers and use maximize(..., method='numeric')") from None
    concave = prob.globally_concave(0)
    return _rank(cands, prob, obj, facts, concave)


def _rank(cands: list[KKTPoint], prob: KKTProblem, obj: sp.Expr, facts: Facts, concave: bool | None) -> list[Optimum]:
    out = []
    values = [obj.subs(c.solution) for c in cands]
    for k, c in enumerate(cands):
        cond = c.conditions
        if concave is not True and prob.complete:
            comps = []
            for j, other in enumerate(cands):
                if j == k:
                    continue
                comps.append(sp.Or(sp.Not(other.conditions), values[k] - values[j] >= 0)
                             if other.conditions is not sp.true else values[k] - values[j] >= 0)
            cond = simplify_conditions([cond, *comps], facts)
            if cond is sp.false:
                continue
        global_ = True if concave is True else (decide_by_signs(cond, facts) if prob.complete else None)
        out.append(_optimum(c, prob, obj, facts, cond, concave, global_))
    return out


@rejects_text(choices=('method', 'objective'))
def maximize(objective: Any, variables: Any, bounds: Any = None, parameters: Mapping | None = None,
             assumptions: Any = None, method: str = "auto", *, constraints: Any = None, x0: Any = None,
             timeout: float | None = 20.0) -> Optimum:
    r"""Maximise ``objective`` over ``variables`` in a box, exactly where possible.

    Parameters
    ----------
    objective : sympy.Expr
    variables : sympy.Symbol or tuple of Symbols
    bounds : optional
        ``(lo, hi)`` for all variables, one pair per variable, or ``{symbol: (lo, hi)}``;
        ``None`` = unbounded side. **Default** ``(0, None)`` (non-negative).
    parameters : mapping, optional
        Values substituted first.
    assumptions : sympy.Boolean, optional
        Extra facts about parameters used to decide regimes.
    method : {"auto", "kkt", "numeric"}
        As in :meth:`ContinuousGame.equilibrium`.
    constraints : sequence of sympy relations, optional
        General constraints ``g(x) <= h(x)``, ``>=`` or ``Eq`` (e.g. ``theta1 + theta2 <= 1``),
        parameters substituted like the objective. Solved exactly by active-set enumeration
        (``kkt`` only); binding ones are listed in ``active_constraints``.

    Returns
    -------
    Optimum
        The maximiser whose conditions hold under the assumptions — or, undecided, the first
        candidate (all-interior first) with its conditions attached.

    Raises
    ------
    NonConcavePayoffError
        The only stationary points are minima/saddles and no corner qualifies.

    Examples
    --------
    Brand quality chosen by a planner for :math:`n` firms, :math:`W = \theta n q - n k q^2/2`:
    by hand :math:`q^* = \theta / k`.

    >>> theta, k, n = sp.symbols("theta k n", positive=True)
    >>> q = sp.Symbol("q")
    >>> opt = maximize(theta*n*q - n*k*q**2/2, q)
    >>> opt.variables[q], opt.value, opt.conditions
    (theta/k, n*theta**2/(2*k), True)

    A budget constraint: :math:`\max x y` s.t. :math:`x + 2y \le 4` gives :math:`(2, 1)`, value 2,
    multiplier :math:`y = 1` (by hand: :math:`y = \mu`, :math:`x = 2\mu`, :math:`x + 2y = 4`).

    >>> x, y = sp.symbols("x y")
    >>> opt = maximize(x*y, (x, y), constraints=[x + 2*y <= 4])
    >>> dict(opt.variables), opt.value, opt.multipliers[x + 2*y <= 4]
    ({x: 2, y: 1}, 2, 1)

    A convex objective has its maximum at a corner: :math:`\max_{0\le x\le 3} (x-1)^2 = 4` at 3.

    >>> x = sp.Symbol("x")
    >>> opt = maximize((x - 1)**2, x, bounds=(0, 3))
    >>> opt.variables[x], opt.value, opt.method
    (3, 4, 'kkt')
    """
    if method not in ("auto", "kkt", "symbolic", "numeric"):
        raise DomainError(f"method must be 'auto', 'kkt' or 'numeric', got {method!r}")
    obj, grp, b, prob, facts = _setup(objective, variables, bounds, parameters, assumptions, timeout)
    numeric_ok = not (obj.free_symbols - set(grp)) and not any(
        x is not None and x.free_symbols for pair in b.values() for x in pair)
    if method == "numeric":
        if constraints is not None:
            raise DomainError("the numeric path of maximize supports bounds only; use method='kkt' with constraints")
        return _numeric(obj, grp, b, x0, "")
    if constraints is not None:
        from ._constrained import maximize_constrained

        params = parse_parameters(parameters, set(grp))
        if isinstance(constraints, sp.Basic):
            constraints = [constraints]
        cons = [c.subs(params) if isinstance(c, sp.Basic) else c for c in constraints]
        return maximize_constrained(obj, grp, b, cons, facts, timeout)
    try:
        cands = prob.candidates()
    except Unsolvable as exc:
        if method == "auto" and numeric_ok:
            return _numeric(obj, grp, b, x0, str(exc))
        raise SymbolicSolveError(f"{exc}; substitute numbers for the parameters and use method='numeric'") from None
    concave = prob.globally_concave(0)
    ranked = _rank(cands, prob, obj, facts, concave)
    if not ranked:
        if prob.soc_failures:
            raise NonConcavePayoffError(
                f"the objective is not concave in {grp}: its stationary points are minima or saddles and no "
                "corner is a KKT point of the maximisation — the maximum may be unbounded; add bounds")
        if numeric_ok and method == "auto" and not prob.complete:
            return _numeric(obj, grp, b, x0, "no exact KKT point found")
        raise DomainError("no KKT point satisfies the conditions: the maximum may not exist (unbounded objective)")
    decided = [(o, decide_by_signs(o.conditions, facts)) for o in ranked]
    valid = [o for o, d in decided if d is True]
    if valid:
        if numeric_ok and concave is not True:
            return max(valid, key=lambda o: float(o.value))
        return valid[0]
    open_ = [o for o, d in decided if d is None]
    if open_:
        return open_[0]
    raise DomainError("no KKT point satisfies the conditions under the assumptions")  # pragma: no cover


def _numeric(obj: sp.Expr, grp: tuple, b: Mapping, x0: Any, note: str) -> Optimum:
    lam = Lambdified([obj], [grp], ())
    lo, hi = bound_arrays(grp, b)
    prob = lam.at({}, lo, hi)
    start = prob._starts(None if x0 is None else np.asarray(x0, float).ravel())
    best_y, best_v = None, -np.inf
    for s in start:
        y, v = prob.best_response(0, np.clip(s, lo, hi))
        if v > best_v:
            best_y, best_v = y, v
    assert best_y is not None
    g = prob.gradient(best_y)
    status, mult = {}, {}
    tol = 1e-7
    for k, v in enumerate(grp):
        span = 1.0 + abs(best_y[k])
        if np.isfinite(lo[k]) and best_y[k] - lo[k] <= tol * span and g[k] <= tol:
            status[v], mult[v] = "lower", float(-g[k])
        elif np.isfinite(hi[k]) and hi[k] - best_y[k] <= tol * span and g[k] >= -tol:
            status[v], mult[v] = "upper", float(g[k])
        else:
            status[v], mult[v] = INTERIOR, 0.0
    free = [k for k, v in enumerate(grp) if status[v] == INTERIOR]
    H = prob.own_hessian(0, best_y)
    Hf = H[np.ix_(free, free)]
    nd = bool(np.all(np.linalg.eigvalsh((Hf + Hf.T) / 2) < 0)) if free else None
    kkt_res = float(np.max(np.abs(prob.residual(best_y)), initial=0))
    big = float(np.max(np.abs(best_y), initial=0)) > 1e9
    ok = bool(np.isfinite(best_v) and kkt_res < 1e-6 and not big)
    if big:
        note = (note + "; " if note else "") + "the objective appears unbounded (|x| > 1e9)"
    second = SecondOrderCheck(player="planner", variables=tuple(grp[k] for k in free),
                              hessian=sp.ImmutableMatrix(H.tolist()), condition=sp.true if nd in (True, None) else sp.false,
                              negative_definite=nd, globally_concave=None)
    msg = f"multi-start bounded scipy optimisation, KKT residual {kkt_res:.3g}" + (f" ({note})" if note else "")
    return Optimum(variables=MappingProxyType({v: float(best_y[k]) for k, v in enumerate(grp)}), value=float(best_v),
                   active_bounds=MappingProxyType(status), multipliers=MappingProxyType(mult), conditions=sp.true,
                   second_order=second, method="numeric", global_optimum=None, success=ok, message=msg)


@rejects_text
def as_piecewise(optima: list[Optimum], variable: sp.Symbol) -> sp.Piecewise:
    """Combine regime-wise optima (e.g. from :func:`kkt_points`) into one ``Piecewise``.

    >>> x, p = sp.Symbol("x"), sp.Symbol("p")
    >>> as_piecewise(kkt_points(p*x - x**2/2, x), x)
    Piecewise((p, p > 0), (0, True))
    """
    if not optima:
        raise DomainError("no optima to combine")
    return sp.Piecewise(*[(o.variables[variable], o.conditions) for o in optima])
