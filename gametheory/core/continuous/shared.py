r"""Games with shared (coupled) constraints: variational equilibria.

When players' feasible sets depend on each other through a common constraint
:math:`h(x) \le 0` (a capacity :math:`\sum_i q_i \le K`, a receiver's absorptive limit
:math:`\sum_i \theta_{ij} \le 1`), a *generalized* Nash equilibrium is a profile where each
player's strategy is a best response within the set left by the others. Such equilibria form a
continuum in general; the standard selection is the **variational** (Rosen's *normalized*,
equal weights) equilibrium, where all players share one multiplier per constraint:

.. math:: \partial u_i/\partial x_i = \sum_k \mu_k \partial h_k/\partial x_i,\quad
          \mu_k \ge 0,\ h_k \le 0,\ \mu_k h_k = 0.

Every variational equilibrium is a generalized Nash equilibrium when payoffs are concave in own
strategies and the constraints convex (Facchinei & Kanzow 2007, Thm 3.9); under Rosen's
diagonal strict concavity it is unique (Rosen 1965, Thm 4).

References
----------
.. [1] Rosen, J. B. (1965). Existence and uniqueness of equilibrium points for concave n-person
   games. Econometrica 33(3), 520-534.
.. [2] Facchinei, F. & Kanzow, C. (2007). Generalized Nash equilibrium problems. 4OR 5, 173-210.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np
import sympy as sp
from scipy import optimize

from ._common import bound_arrays
from ._conditions import Facts, admissible_draws, decide_by_signs, simplify_conditions
from ._constrained import active_set_candidates, constraint_rows, parse_constraints
from ._kkt import INTERIOR, negative_definite_conditions, tidy
from ._results import ContinuousEquilibrium, SecondOrderCheck
from gametheory.core.params import rejects_text, to_expr

if TYPE_CHECKING:  # pragma: no cover
    from .game import ContinuousGame

__all__ = ["shared_equilibria"]


@rejects_text
def shared_equilibria(game: "ContinuousGame", facts: Facts, timeout: float | None,
                      verify: bool) -> list[ContinuousEquilibrium]:
    """Every variational-equilibrium KKT candidate of a game with shared constraints."""
    ineq, eqs = parse_constraints(game.constraints, game.variables)
    rows = constraint_rows(game.variables, game.bounds, ineq)
    owner = {v: i for i, g in enumerate(game.strategies) for v in g}
    grads = [sp.diff(game.payoffs[owner[v]], v) for v in game.variables]
    cands, complete, notes = active_set_candidates(grads, game.variables, rows, eqs, game.payoffs, facts, timeout)
    out = []
    rosen = _rosen(game, facts)
    for x, cond, status, mult, active in cands:
        second, soc = [], []
        for i, grp in enumerate(game.strategies):
            free = [v for v in grp if status[v] == INTERIOR]
            H = sp.ImmutableMatrix(sp.hessian(game.payoffs[i], grp).subs(x).applyfunc(tidy))
            c = simplify_conditions(negative_definite_conditions(sp.hessian(game.payoffs[i], free).subs(x)), facts) \
                if free else sp.true
            soc.append(c)
            second.append(SecondOrderCheck(player=game.players[i], variables=tuple(free), hessian=H, condition=c,
                                           negative_definite=decide_by_signs(c, facts) if free else None,
                                           globally_concave=game._problem(facts, None).globally_concave(i)))
        cond = simplify_conditions([cond, *soc], facts)
        if cond is sp.false:
            continue
        gain, how = (None, "not verified")
        if verify:
            gain, how = _verify(game, x, sp.And(cond, facts.boolean), ineq, eqs)
        msg = "variational (normalized) equilibrium: one multiplier per shared constraint"
        if notes:
            msg += "; " + "; ".join(notes)
        unique = True if rosen is True else None
        if unique:
            msg += "; unique variational equilibrium by diagonal strict concavity (Rosen 1965, Thm 4)"
        out.append(ContinuousEquilibrium(
            strategies=MappingProxyType(dict(x)), profile=game._profile(x),
            payoffs=tuple(tidy(u.subs(x)) for u in game.payoffs), active_bounds=MappingProxyType(status),
            multipliers=MappingProxyType(mult), conditions=cond, second_order=tuple(second),
            method="kkt (variational equilibrium)" if active or any(s != INTERIOR for s in status.values())
            else "closed form (FOC)",
            max_deviation_gain=gain, verification=how, unique=unique, stability=None, message=msg))
    return out


def _rosen(game: "ContinuousGame", facts: Facts) -> bool | None:
    owner = {v: i for i, g in enumerate(game.strategies) for v in g}
    grad = sp.Matrix([sp.diff(game.payoffs[owner[v]], v) for v in game.variables])
    J = grad.jacobian(game.variables)
    if J.free_symbols & set(game.variables):
        return None
    M = (J + J.T) / 2
    return decide_by_signs(simplify_conditions(negative_definite_conditions(M), facts), facts)


def _verify(game: "ContinuousGame", x: dict, cond: Any, ineq: Sequence, eqs: Sequence) -> tuple[float | None, str]:
    draws = [{}] if game.is_numeric else admissible_draws(game.parameters, cond, n=3)
    if not draws:
        return None, "no admissible parameter draw found for a numeric check"
    worst = 0.0
    for d in draws:
        xv = np.array([float(sp.N(to_expr(x[v]).subs(d), 30)) for v in game.variables])
        worst = max(worst, _gain(game, xv, d, ineq, eqs))
    where = "at the equilibrium" if game.is_numeric else f"at {len(draws)} random admissible parameter draws"
    return worst, f"numeric constrained best responses (SLSQP, shared constraints respected) {where}"


def _gain(game: "ContinuousGame", x: np.ndarray, draw: dict, ineq: Sequence, eqs: Sequence) -> float:
    lam = game._lambdified
    lo, hi = bound_arrays(game.variables, game.bounds, draw)
    prob = lam.at(draw, lo, hi)
    args = [*game.variables]
    hs = [sp.lambdify(args, h.subs(draw), modules="numpy") for h, _ in ineq]
    es = [sp.lambdify(args, e.subs(draw), modules="numpy") for e, _ in eqs]
    worst = 0.0
    for i, idx in enumerate(lam.index):
        def z_of(y: np.ndarray, idx: np.ndarray = idx) -> np.ndarray:
            z = x.copy()
            z[idx] = y
            return z

        def f(y: np.ndarray, i: int = i) -> float:
            v = prob.payoff(i, z_of(y))
            return -v if np.isfinite(v) else 1e300

        cons = [{"type": "ineq", "fun": (lambda y, h=h: -float(h(*z_of(y))))} for h in hs]
        cons += [{"type": "eq", "fun": (lambda y, e=e: float(e(*z_of(y))))} for e in es]
        bnds = [(None if not np.isfinite(a) else a, None if not np.isfinite(b) else b) for a, b in zip(lo[idx], hi[idx])]
        own = prob.payoff(i, x)
        best = own
        starts = [x[idx]]
        mid = np.where(np.isfinite(lo[idx]) & np.isfinite(hi[idx]), (lo[idx] + hi[idx]) / 2,
                       np.where(np.isfinite(lo[idx]), lo[idx], x[idx]))
        starts += [mid, np.where(np.isfinite(lo[idx]), lo[idx], x[idx] - 1)]
        for s in starts:
            with np.errstate(all="ignore"):
                r = optimize.minimize(f, np.asarray(s, float), method="SLSQP", bounds=bnds, constraints=cons,
                                      options={"ftol": 1e-14, "maxiter": 300})
            z = z_of(np.asarray(r.x, float))
            feasible = all(float(h(*z)) <= 1e-9 for h in hs) and all(abs(float(e(*z))) <= 1e-9 for e in es) \
                and np.all(z >= lo - 1e-9) and np.all(z <= hi + 1e-9)
            if feasible and np.isfinite(r.fun):
                best = max(best, -float(r.fun))
        gain = max(0.0, best - own)
        worst = max(worst, 0.0 if gain <= 1e-9 * max(1.0, abs(own)) else gain)
    return worst
