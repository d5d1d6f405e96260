r"""Single-agent KKT with general constraints ``h_k(x) <= 0`` and ``e(x) = 0`` (active-set enumeration).

Used by :func:`~gametheory.core.continuous.maximize` when ``constraints`` are given (e.g. a
planner's :math:`\sum_i \theta_{ij} \le 1`). Bounds become constraints ``lo - x <= 0``,
``x - hi <= 0``. For every set :math:`S` of active inequalities (at most as many as free
dimensions, never both bounds of one variable) the system

.. math:: \nabla f = \sum_{k \in S} \mu_k \nabla h_k + \sum_e \lambda_e \nabla e,\quad
          h_k = 0 \ (k \in S),\quad e = 0

is solved exactly; a candidate holds where :math:`\mu_k \ge 0` and the inactive constraints hold
(``<= 0``: degenerate vertices where more constraints touch than there are dimensions are found). The global maximum is the candidate beating every other feasible candidate
(value comparisons enter its conditions) unless the objective is concave and the constraints
are linear/convex, when every KKT point is global.
"""

from __future__ import annotations

import itertools
import time
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import sympy as sp
from sympy.core.relational import Relational

from .._validate import DomainError
from ._common import SymbolicSolveError, as_expr
from ._conditions import Facts, decide_by_signs, reality_conditions, simplify_conditions
from ._kkt import _solve_numerators, _Timeout, negative_definite_conditions, tidy
from ._results import Optimum, SecondOrderCheck
from gametheory.core.params import to_expr

__all__ = ["parse_constraints", "constraint_rows", "active_set_candidates", "maximize_constrained"]


def parse_constraints(constraints: Sequence[Any], variables: Sequence[sp.Symbol]) -> tuple[list, list]:
    """``lhs <= rhs`` / ``lhs >= rhs`` / ``Eq(lhs, rhs)`` → (inequalities h <= 0, equalities e = 0)."""
    if isinstance(constraints, (Relational, sp.Basic)):
        constraints = [constraints]
    ineq, eq = [], []
    for k, c in enumerate(constraints):
        if isinstance(c, (str, bytes)):
            raise DomainError(f"constraint {k} must be a sympy relation such as x + y <= 1, not a string")
        if c is sp.true or c == sp.true:
            continue
        if c is sp.false or c == sp.false:
            raise DomainError(f"constraint {k} is always false: the feasible set is empty")
        if not isinstance(c, Relational):
            raise DomainError(f"constraint {k} must be a sympy relation (<=, >=, Eq), got {c!r}")
        if c.rel_op in ("<", ">", "!="):
            raise DomainError(f"constraint {c} is strict: use <= or >= (a maximum needs a closed set)")
        h = as_expr(c.lhs - c.rhs, f"constraint {k}")
        if not h.free_symbols & set(variables):
            raise DomainError(f"constraint {c} does not involve the variables {tuple(variables)}")
        if c.rel_op == "<=":
            ineq.append((h, c))
        elif c.rel_op == ">=":
            ineq.append((-h, c))
        else:
            eq.append((h, c))
    return ineq, eq


def constraint_rows(grp: Sequence[sp.Symbol], bounds: Mapping, ineq: Sequence) -> list[tuple[sp.Expr, Any, Any]]:
    """Bounds and inequality constraints as rows ``(h, label, (var, side) or None)`` with ``h <= 0``."""
    rows: list[tuple[sp.Expr, Any, Any]] = []
    for v in grp:
        lo, hi = bounds[v]
        if lo is not None:
            rows.append((lo - v, v, (v, "lower")))
        if hi is not None:
            rows.append((v - hi, v, (v, "upper")))
    for h, c in ineq:
        rows.append((h, c, None))
    return rows


def active_set_candidates(grads: Sequence[sp.Expr], grp: Sequence[sp.Symbol], rows: Sequence, eqs: Sequence,
                          payoffs: Sequence[sp.Expr], facts: Facts, timeout: float | None
                          ) -> tuple[list[tuple], bool, list[str]]:
    """KKT points of ``grads = sum mu_k grad h_k + sum lambda_e grad e`` over all active sets.

    ``grads[j]`` is the derivative that variable ``j``'s owner sets to zero (the objective's
    gradient for a planner, the pseudo-gradient for a game: a variational equilibrium with one
    multiplier per shared constraint). Returns ``(candidates, complete, notes)``, each candidate
    ``(x, conditions, status, multipliers, active_constraints)``.
    """
    n = len(grp)
    start = time.monotonic()
    cands: list[tuple] = []
    complete = True
    notes: list[str] = []
    max_active = n - len(eqs)
    if max_active < 0:
        raise DomainError("more equality constraints than variables")
    for size in range(0, min(max_active, len(rows)) + 1):
        for S in itertools.combinations(range(len(rows)), size):
            sides = [rows[k][2] for k in S if rows[k][2] is not None]
            if len({s[0] for s in sides}) < len(sides):
                continue  # both bounds of one variable
            mus = [sp.Dummy(f"mu{k}") for k in S]
            lams = [sp.Dummy(f"lam{e}") for e in range(len(eqs))]
            system = []
            for j, v in enumerate(grp):
                expr = grads[j] - sum(m * sp.diff(rows[k][0], v) for m, k in zip(mus, S)) \
                    - sum(lm * sp.diff(e[0], v) for lm, e in zip(lams, eqs))
                system.append(expr)
            system += [rows[k][0] for k in S] + [e[0] for e in eqs]
            unknowns = [*grp, *mus, *lams]
            remaining = None if timeout is None else timeout - (time.monotonic() - start)
            if remaining is not None and remaining <= 0:
                raise SymbolicSolveError(f"constrained KKT enumeration exceeded {timeout} s")
            nums = [sp.expand(sp.fraction(sp.together(s))[0]) for s in system]
            polynomial = all(x.is_polynomial(*unknowns) for x in nums)
            try:
                sols = _solve_numerators(nums, system, unknowns, polynomial, remaining)
            except _Timeout:
                raise SymbolicSolveError(f"sympy did not solve a KKT system within {timeout} s") from None
            except NotImplementedError as exc:
                raise SymbolicSolveError(f"sympy cannot solve the KKT system: {exc}") from None
            if not polynomial:
                complete = False
            for sol in sols:
                if set(sol) != set(unknowns) or any(to_expr(x).free_symbols & set(unknowns) for x in sol.values()):
                    notes.append("a continuum of KKT points (degenerate constraints or a flat objective)")
                    complete = False
                    continue
                x = {v: tidy(sol[v]) for v in grp}
                if any(val.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or val.is_real is False for val in x.values()):
                    continue
                conds = [sol[m] >= 0 for m in mus]
                # inactive constraints: slack or just touching (degenerate vertices, e.g. 3 constraints in 2-D)
                conds += [rows[k][0].subs(x) <= 0 for k in range(len(rows)) if k not in S]
                for u in payoffs:
                    conds += [c.subs(x) for c in reality_conditions(u)]
                for v in grp:
                    conds += reality_conditions(x[v])
                cond = simplify_conditions(conds, facts)
                if cond is sp.false:
                    continue
                status = {v: "interior" for v in grp}
                mult: dict = {v: sp.Integer(0) for v in grp}
                active = []
                for m, k in zip(mus, S):
                    if rows[k][2] is not None:
                        v, side = rows[k][2]
                        status[v] = side
                        mult[v] = tidy(sol[m])
                    else:
                        mult[rows[k][1]] = tidy(sol[m])
                        active.append(rows[k][1])
                for lm, e in zip(lams, eqs):
                    mult[e[1]] = tidy(sol[lm])
                    active.append(e[1])
                if any(x == other[0] and cond == other[1] for other in cands):
                    continue  # the same point certified by another active set
                cands.append((x, cond, status, mult, tuple(active)))
    return cands, complete, notes


def maximize_constrained(obj: sp.Expr, grp: tuple, bounds: Mapping, constraints: Sequence[Any], facts: Facts,
                         timeout: float | None) -> Optimum:
    ineq, eqs = parse_constraints(constraints, grp)
    rows = constraint_rows(grp, bounds, ineq)
    n = len(grp)
    grad_f = [sp.diff(obj, v) for v in grp]
    cands, complete, notes = active_set_candidates(grad_f, grp, rows, eqs, [obj], facts, timeout)
    H = sp.hessian(obj, grp)
    concave_conds = simplify_conditions([c for c in negative_definite_conditions(H)], facts) if n else sp.true
    concave = decide_by_signs(concave_conds, facts) if not (H.free_symbols & set(grp)) else None
    linear_constraints = all(sp.Poly(h, *grp).total_degree() <= 1 for h, *_ in rows if h.is_polynomial(*grp)) and \
        all(h.is_polynomial(*grp) for h, *_ in rows) and all(e[0].is_polynomial(*grp) and sp.Poly(e[0], *grp).total_degree() <= 1 for e in eqs)
    if concave is not True and H.is_zero_matrix is True:
        concave = True  # linear objective: concave (and convex)
    values = [obj.subs(x) for x, *_ in cands]
    results = []
    for i, (x, cond, status, mult, active) in enumerate(cands):
        if not (concave is True and linear_constraints) and complete:
            comps = [sp.Or(sp.Not(cands[j][1]), values[i] - values[j] >= 0) if cands[j][1] is not sp.true
                     else values[i] - values[j] >= 0 for j in range(len(cands)) if j != i]
            cond = simplify_conditions([cond, *comps], facts)
            if cond is sp.false:
                continue
        global_ = True if (concave is True and linear_constraints) else (decide_by_signs(cond, facts) if complete else None)
        results.append(Optimum(
            variables=MappingProxyType(x), value=tidy(values[i]), active_bounds=MappingProxyType(status),
            multipliers=MappingProxyType(mult), conditions=cond,
            second_order=SecondOrderCheck(player="planner", variables=tuple(grp), hessian=sp.ImmutableMatrix(H.subs(x)),
                                          condition=concave_conds, negative_definite=concave,
                                          globally_concave=concave),
            method="kkt" if active or any(s != "interior" for s in status.values()) else "closed form (FOC)",
            global_optimum=global_, message="; ".join(notes), active_constraints=active))
    if not results:
        raise DomainError("no KKT point satisfies the constraints: the feasible set may be empty or the maximum "
                          "may not exist" + (f" ({'; '.join(notes)})" if notes else ""))
    decided = [(r, decide_by_signs(r.conditions, facts)) for r in results]
    valid = [r for r, d in decided if d is True]
    if valid:
        numeric = all(not to_expr(r.value).free_symbols for r in valid)
        return max(valid, key=lambda r: float(r.value)) if numeric else valid[0]
    return [r for r, d in decided if d is None][0]
