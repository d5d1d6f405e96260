r"""Continuous diffusion-preference levels (技术扩散偏好水平) under a convex diffusion cost.

Instead of a yes/no attitude, each source :math:`i` chooses how much to share with every less
advanced firm, :math:`x_{ij} \in [0, 1]` (its *diffusion-preference level*); receivers seek fully
(receiving always pays, :mod:`~gametheory.models.diffusion.attitude`). A receiver with
:math:`m_j` potential sources divides its attention equally among them, so
:math:`\theta_{ij} = x_{ij}/m_j` and :math:`\sum_i \theta_{ij} \le 1` always holds; post-diffusion
costs are :math:`c_j' = c_j - \beta_j \sum_i \theta_{ij}(c_j - c_i)`, and source :math:`i` earns

.. math::

    u_i = \pi_i(c') + s \sum_j x_{ij} - \frac{k}{2} \sum_j x_{ij}^2 ,

with :math:`s` a per-unit subsidy and :math:`k` the curvature of the diffusion cost. On the interior
Cournot region, :math:`\partial u_i/\partial x_{ij} = s - k x_{ij} - \tfrac{2 q_i}{n+1}\beta_j(c_j - c_i)`:
a source shares only when the subsidy exceeds its marginal profit loss, and its payoff is concave
when :math:`k > 2\beta_j^2(c_j-c_i)^2/(b(n+1)^2)` (the solver checks second-order conditions).
Equilibria come from the core KKT solver (:class:`gametheory.core.continuous.ContinuousGame`).

The government picks :math:`s` to maximise :math:`W = CS + \sum_i \pi_i - \tfrac{k}{2}\sum x^2 -
\lambda s \sum x`. The response :math:`x(s)` is piecewise affine (KKT regimes are intervals of
:math:`s`), so :math:`W(s)` is piecewise quadratic; :func:`optimal_subsidy` enumerates the regimes
exactly, maximises on each interval (ends and stationary point) and returns the best.

Duopoly closed form (hand derivation, tested): with one flow, gap :math:`g = c_2 - c_1` and
:math:`q_1^0 = (a - 2c_1 + c_2)/(3b)`,

.. math::

    x(s) = \min\Bigl\{1, \max\Bigl\{0,\ \frac{s - \tfrac{2}{3}\beta g\, q_1^0}{k - \tfrac{2\beta^2 g^2}{9b}}\Bigr\}\Bigr\}.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import sympy as sp

from gametheory.core.params import DomainError, Number, as_param, rejects_text
from gametheory.core.results import Result
from gametheory.models.diffusion.market import interior_cournot

__all__ = ["LevelsOutcome", "SubsidyOptimum", "preference_levels", "optimal_subsidy", "levels_problem"]


#: Most eligible flows of the levels game: its KKT solution enumerates 3^k regimes (each level at
#: its lower bound, interior or at its upper bound); 4 firms in 4 tiers have 6 flows (729 regimes).
MAX_LEVEL_FLOWS = 8


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class LevelsOutcome(Result):
    r"""Equilibrium diffusion-preference levels at a given subsidy.

    Attributes
    ----------
    levels : dict
        ``{(source, receiver): x}``.
    costs : tuple
        Post-diffusion costs.
    subsidy, curvature : number
    welfare : number
        :math:`CS + \sum\pi - \tfrac{k}{2}\sum x^2` (before the cost of public funds).
    public_outlay : number
        :math:`s \sum x`.
    theta : tuple of tuple
        The diffusion matrix :math:`\theta_{ij} = x_{ij}/m_j`.
    max_deviation_gain : number
    conditions : sympy.Boolean
    method : str
    """

    levels: Mapping
    costs: tuple
    subsidy: Number
    curvature: Number
    welfare: Number
    public_outlay: Number
    theta: tuple
    max_deviation_gain: Any
    conditions: sp.Basic = sp.true
    method: str = "kkt"


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class SubsidyOptimum(Result):
    r"""The welfare-optimal per-unit subsidy of diffusion-preference levels.

    Attributes
    ----------
    subsidy : number
        :math:`s^*`.
    levels : dict
        Equilibrium levels at :math:`s^*`.
    welfare : number
        :math:`W(s^*) - \lambda s^* \sum x` (the coordinator's objective).
    laissez_faire_welfare : number
        :math:`W(0)`.
    shadow_cost : number
    regimes : tuple of (s_lo, s_hi, levels as affine functions of s)
    location : str
        ``"interior"`` (a stationary point of a regime) or ``"kink"``/``"corner"``.
    """

    subsidy: Number
    levels: Mapping
    welfare: Number
    laissez_faire_welfare: Number
    shadow_cost: Number
    regimes: tuple
    location: str
    conditions: sp.Basic = sp.true
    method: str = "regime enumeration (exact)"


@rejects_text
def levels_problem(model, curvature, subsidy):
    """Symbols, payoffs (one per source) and welfare pieces of the levels game (interior Cournot)."""
    k = as_param(curvature, "curvature", positive=True)
    s = subsidy
    flows = model.eligible_flows
    if len(flows) > MAX_LEVEL_FLOWS:
        raise DomainError(
            f"{model.n} firms have {len(flows)} eligible flows: the levels game has 3^{len(flows)} KKT regimes (each "
            f"level at 0, interior or 1); it is solved only up to {MAX_LEVEL_FLOWS} flows (3^{MAX_LEVEL_FLOWS} regimes). "
            "Merge firms into fewer tiers, or use the binary attitude game (model.equilibrium()), which works at "
            "any size")
    lab = model.labels
    xs = {f: sp.Symbol(f"x_{lab[f[0]]}{lab[f[1]]}", nonnegative=True) for f in flows}
    n = model.n
    m = {j: sum(1 for (_, jj) in flows if jj == j) for j in range(n)}
    cp = [model.costs[j] - model.beta[j] * sp.Add(*[xs[(i, jj)] * (model.costs[j] - model.costs[i]) / m[j]
                                                   for (i, jj) in flows if jj == j]) for j in range(n)]
    q = interior_cournot(model.a, model.b, cp)
    profits = [model.b * qi ** 2 for qi in q]
    sources = sorted({i for (i, _) in flows})
    pays, groups = [], []
    for i in sources:
        mine = [xs[f] for f in flows if f[0] == i]
        pays.append(sp.expand(profits[i] + s * sp.Add(*mine) - k / 2 * sp.Add(*[x ** 2 for x in mine])))
        groups.append(tuple(mine))
    Q = sp.Add(*q)
    welfare = sp.expand(model.b * Q ** 2 / 2 + sp.Add(*profits) - k / 2 * sp.Add(*[x ** 2 for x in xs.values()]))
    return xs, cp, q, pays, groups, welfare, k


@rejects_text
def preference_levels(model, *, curvature: Number, subsidy: Number = 0) -> LevelsOutcome:
    r"""Equilibrium preference levels at subsidy :math:`s` (core KKT solver; module docstring).

    Examples
    --------
    Duopoly :math:`a=10, b=1, c=(1,3), \beta=1, k=4`: by hand :math:`q_1^0 = 11/3`,
    :math:`x(s) = (s - 44/9)/(4 - 8/9) = (9s - 44)/28` on :math:`44/9 \le s \le 8`; at :math:`s = 6`,
    :math:`x = 10/28 = 5/14`.

    >>> from gametheory.models.diffusion import TechnologyDiffusion
    >>> out = TechnologyDiffusion(10, 1, (1, 3)).preference_levels(curvature=4, subsidy=6)
    >>> out.levels
    {(0, 1): 5/14}
    """
    from gametheory.core.continuous import ContinuousGame

    s = as_param(subsidy, "subsidy", nonnegative=True)
    xs, cp, q, pays, groups, welfare, k = levels_problem(model, curvature, s)
    game = ContinuousGame(pays, groups, bounds=(0, 1), players=[model.labels[i] for i in sorted({f[0] for f in xs})],
                          assumptions=model.assumptions if model.assumptions is not sp.true else None)
    eq = game.equilibrium()
    vals = {f: eq.strategies[x] for f, x in xs.items()}
    sub = {xs[f]: v for f, v in vals.items()}
    costs = tuple(sp.expand(c.subs(sub)) for c in cp)
    msrc = {j: sum(1 for (_, jj) in xs if jj == j) for j in range(model.n)}
    theta = tuple(tuple(vals[(i, j)] / msrc[j] if (i, j) in vals else sp.Integer(0) for j in range(model.n))
                  for i in range(model.n))
    qv = [qi.subs(sub) for qi in q]
    conds = [eq.conditions] + [sp.expand(qi) > 0 for qi in qv]
    cond = sp.And(*[c for c in conds if c is not sp.true])
    if not model.symbolic and s.is_number:
        if any(v <= 0 for v in qv):
            raise DomainError("a firm would not produce at these levels: the interior Cournot formulas do not apply")
    return LevelsOutcome(levels=vals, costs=costs, subsidy=s, curvature=k, welfare=sp.expand(welfare.subs(sub)),
                         public_outlay=s * sp.Add(*vals.values()), theta=theta,
                         max_deviation_gain=eq.max_deviation_gain, conditions=cond, method=f"core KKT ({eq.method})")


def _regimes(model, k, s):
    """Exact KKT regimes of the levels game as intervals in s (linear-quadratic structure)."""
    xs, cp, q, pays, groups, welfare, k = levels_problem(model, k, s)
    sources = sorted({f[0] for f in xs})
    var = list(xs.values())
    owner = {}
    for p, g in zip(range(len(groups)), groups):
        for x in g:
            owner[x] = p
    grads = {x: sp.diff(pays[owner[x]], x) for x in var}
    # concavity of each player's payoff in its own variables (constant Hessian)
    for p, g in enumerate(groups):
        H = sp.hessian(pays[p], g)
        if not all(ev < 0 for ev in np.linalg.eigvalsh(np.array(H.tolist(), dtype=float))):
            raise DomainError(f"the payoff of source {model.labels[sources[p]]} is not concave in its levels: "
                              f"raise the curvature k (second-order condition)")
    out = []
    for status in itertools.product(("low", "int", "up"), repeat=len(var)):
        fixed = {x: sp.Integer(0 if st_ == "low" else 1) for x, st_ in zip(var, status) if st_ != "int"}
        free = [x for x, st_ in zip(var, status) if st_ == "int"]
        eqs = [grads[x].subs(fixed) for x in free]
        if free:
            sol = sp.solve(eqs, free, dict=True)
            if not sol:
                continue
            sol = sol[0]
        else:
            sol = {}
        point = {**fixed, **{x: sp.expand(sol[x]) for x in free}}
        ineqs = []
        for x, st_ in zip(var, status):
            g = sp.expand(grads[x].subs(point))
            if st_ == "int":
                ineqs += [point[x] >= 0, point[x] <= 1]
            elif st_ == "low":
                ineqs.append(g <= 0)
            else:
                ineqs.append(g >= 0)
        lo, hi = sp.Integer(0), sp.oo
        ok = True
        for r in ineqs:
            if r is sp.true:
                continue
            if r is sp.false:
                ok = False
                break
            e = sp.expand(r.lhs - r.rhs)   # e >= 0 or e <= 0
            if r.rel_op in ("<=", "<"):
                e = -e
            a1 = e.coeff(s, 1)
            a0 = e.subs(s, 0)
            if a1 == 0:
                if a0 < 0:
                    ok = False
                    break
            elif a1 > 0:
                lo = sp.Max(lo, -a0 / a1)
            else:
                hi = sp.Min(hi, -a0 / a1)
        if ok and lo <= hi:
            out.append((lo, hi, point))
    out.sort(key=lambda t: (t[0], t[1]))
    return out, xs, welfare


@rejects_text
def optimal_subsidy(model, *, curvature: Number, shadow_cost: Number = 0) -> SubsidyOptimum:
    r"""The welfare-optimal per-unit subsidy :math:`s^*` (module docstring), exact for numeric models.

    Examples
    --------
    Duopoly of :func:`preference_levels` with :math:`\lambda = 0`. By hand, at full diffusion both
    firms have cost 1, :math:`q = (3, 3)` and :math:`W = 18 + 18 - k/2 = 34`; there
    :math:`dW/dx = -2\,\partial W/\partial c_2 - kx = -2(6 - 18)/3 - 4 = 4 > 0`, so the optimum
    is the corner :math:`x = 1`, reached at the kink :math:`s = 8` of :math:`x(s) = (9s - 44)/28`:

    >>> from gametheory.models.diffusion import TechnologyDiffusion
    >>> opt = optimal_subsidy(TechnologyDiffusion(10, 1, (1, 3)), curvature=4)
    >>> opt.subsidy, opt.levels, opt.welfare, opt.location
    (8, {(0, 1): 1}, 34, 'kink')
    """
    if model.symbolic:
        raise DomainError("optimal_subsidy needs numeric parameters (exact piecewise enumeration)")
    lam = as_param(shadow_cost, "shadow_cost (lambda)", nonnegative=True)
    s = sp.Symbol("s", nonnegative=True)
    regs, xs, welfare = _regimes(model, curvature, s)
    best: tuple[Any, Any, str, dict] | None = None       # (welfare, subsidy, location, levels)
    w0 = None
    for lo, hi, point in regs:
        obj = sp.expand(welfare.subs(point) - lam * s * sp.Add(*[point[x] for x in xs.values()]))
        cands = [(lo, "kink" if lo != 0 else "corner")]
        if hi != sp.oo:
            cands.append((hi, "kink"))
        d = sp.diff(obj, s)
        if d.has(s):
            for r in sp.solve(d, s):
                if r.is_real and lo < r and (hi == sp.oo or r < hi) and sp.diff(obj, s, 2) < 0:
                    cands.append((r, "interior"))
        for v, loc in cands:
            val = obj.subs(s, v)
            if v == 0:
                w0 = val if w0 is None else w0
            if best is None or val > best[0]:
                best = (val, v, loc, {f: point[x].subs(s, v) for f, x in xs.items()})
    assert best is not None, "the regimes cover s >= 0 (concave levels game), so some candidate exists"
    val, sv, loc, levels = best
    regimes = tuple((lo, hi, {f: point[x] for f, x in xs.items()}) for lo, hi, point in regs)
    return SubsidyOptimum(subsidy=sv, levels=levels, welfare=val, laissez_faire_welfare=w0, shadow_cost=lam,
                          regimes=regimes, location=loc, conditions=model.assumptions)
