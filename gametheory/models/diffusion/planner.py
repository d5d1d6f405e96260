r"""The planner: the welfare-maximising diffusion matrix, and the Lahiri–Ono diagnostic.

A planner choosing :math:`\Theta` can move each receiver's cost anywhere in
:math:`[\,c_j - \beta_j(c_j - c_1),\ c_j\,]` (full diffusion from a leading firm is the most it can
teach), so the reachable post-diffusion cost vectors form a *box*. On a fixed active set of
:math:`m` firms, welfare :math:`W = bQ^2/2 + b\sum_i q_i^2` is a convex quadratic in the costs
(the quantities are affine in them), with

.. math::

    \frac{\partial W}{\partial c_j} = \frac{Q - 2(m+1)q_j}{m+1}, \qquad
    \frac{\partial^2 W}{\partial c_j^2} = \frac{2m(m+1) - 1}{b(m+1)^2} > 0 .

Convexity puts the maximum at a *corner*: each receiver gets full diffusion or none. When a firm
enters or exits, :math:`W` has a concave kink (its slope drops by :math:`Q/(m(m+1))`), so the
complete candidate set is the set of vertices of the arrangement formed by the box faces and the
entry/exit hyperplanes :math:`c_i = (a + \sum_{k \in T} c_k)/(|T| + 1)`; the solver enumerates it.

**Lahiri & Ono (1988).** Lowering the cost of firm :math:`j` lowers welfare, locally, iff
:math:`\partial W/\partial c_j > 0`, i.e. iff its market share :math:`q_j/Q < 1/(2(m+1))`: the
output it gains is taken from more efficient rivals. For a discrete cut :math:`\Delta` on a fixed
active set (the problem studied by Zhao 2001)

.. math::

    W(c_j - \Delta) - W(c_j) = -\Delta\,\frac{Q - 2(m+1)q_j}{m+1} + \frac{\Delta^2}{2}\,
    \frac{2m(m+1) - 1}{b(m+1)^2},

negative iff :math:`Q - 2(m+1)q_j > \Delta\,(2m(m+1) - 1)/(2b(m+1))`. Kuang & Zhang's advice to
*raise* diffusion is therefore wrong for a receiver whose share is small enough.

References
----------
.. [1] Lahiri, S. & Ono, Y. (1988). Helping minor firms reduces welfare. Economic Journal 98, 1199-1202.
.. [2] Zhao, J. (2001). A characterization for the negative welfare effects of cost reduction in
   Cournot oligopoly. International Journal of Industrial Organization 19, 455-469.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from math import comb
from typing import Any, Iterable

import numpy as np
import sympy as sp

from gametheory.core.params import DomainError, Number, as_param, rejects_text
from gametheory.core.results import Result
from gametheory.models.diffusion.market import cournot_grid

__all__ = ["PlannerOutcome", "LahiriOno", "first_best", "first_best_with_revenue", "lahiri_ono", "welfare_at"]

#: Most arrangement vertices the exact numeric planner enumerates (choices of k hyperplanes among
#: the box faces and the n·2^(n-1) entry/exit hyperplanes, k receivers): 3 firms need 120, 4 firms
#: 8,436, 5 firms 2.4 million (refused).
MAX_PLANNER_VERTICES = 200_000

#: Most corners (2^k, k receivers) of the symbolic planner.
MAX_SYMBOLIC_CORNERS = 1 << 10


def _planner_size(model, var) -> tuple[int, int]:
    """(hyperplanes, vertex candidates) of the numeric planner, counted without building them:
    2k box faces plus every exit hyperplane (i, T) that involves a receiver — all 2^(n-1) of each
    receiver i, and 2^(n-1) - 2^(n-1-k) (those with T meeting the receivers) of every other firm."""
    n, k = model.n, len(var)
    rows = 2 * k + k * (1 << (n - 1)) + (n - k) * ((1 << (n - 1)) - (1 << (n - 1 - k)))
    return rows, comb(rows, k)


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class LahiriOno(Result):
    r"""Which cost cuts raise welfare, at a given cost vector (module docstring).

    Attributes
    ----------
    costs, quantities : tuple
        Where the diagnostic is taken.
    shares : tuple
        Market shares :math:`q_j/Q`.
    threshold : number
        :math:`1/(2(m+1))` with :math:`m` active firms.
    dwelfare : tuple
        :math:`\partial W/\partial c_j` (positive: a marginal cut lowers welfare).
    locally_harmful : tuple
        Per firm: ``True``/``False`` (numeric) or the sympy condition :math:`q_j/Q < 1/(2(m+1))`;
        ``False`` for inactive firms.
    full_diffusion : tuple
        Per firm: welfare change from full diffusion to that firm alone,
        :math:`W(c_j - \beta_j(c_j - c_1)) - W(c_j)` (0 for leading firms), exact with entry/exit.
    harmful_diffusion : tuple
        Per firm: is that full diffusion welfare-reducing (numeric bool or sympy condition)?
    """

    costs: tuple
    quantities: tuple
    shares: tuple
    threshold: Number
    dwelfare: tuple
    locally_harmful: tuple
    full_diffusion: tuple
    harmful_diffusion: tuple
    conditions: sp.Basic = sp.true
    method: str = "closed form"


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class PlannerOutcome(Result):
    r"""The first best: the welfare-maximising diffusion matrix.

    Attributes
    ----------
    theta : tuple of tuple
        Optimal :math:`\Theta` (full diffusion from the first leading firm to each chosen receiver,
        or the fraction that reaches an interior kink).
    costs : tuple
        Post-diffusion costs at the optimum.
    receivers : tuple of int
        Firms whose cost is lowered.
    welfare : number
        First-best welfare (net of diffusion costs).
    corner : bool
        True if the optimum is a corner of the box (every receiver full or nothing).
    candidates : tuple of (costs, welfare)
        The candidate points compared (corners, and kinks for numeric parameters).
    lahiri_ono : LahiriOno
        The diagnostic at the pre-diffusion costs.
    """

    theta: tuple
    costs: tuple
    receivers: tuple
    welfare: Number
    corner: bool
    candidates: tuple
    lahiri_ono: Any
    conditions: sp.Basic = sp.true
    method: str = "vertex enumeration"


@rejects_text
def welfare_at(model, costs, n_flows: int = 0) -> Number:
    """Market welfare :math:`CS + \\Pi` at ``costs`` minus ``n_flows`` diffusion costs."""
    q, price, profits, active, cond = model.market_at(tuple(costs))
    Q = sp.Add(*q)
    return model.b * Q ** 2 / 2 + sp.Add(*profits) - model.diffusion_cost * n_flows


def _bounds(model):
    c1 = model.costs[0]
    lo = [c - b * (c - c1) for c, b in zip(model.costs, model.beta)]
    return lo, list(model.costs)


def _theta_for(model, costs):
    """A matrix reaching ``costs`` (from the first firm): theta_1j = (c_j - c_j')/(beta_j (c_j - c_1))."""
    n = model.n
    th = [[sp.Integer(0)] * n for _ in range(n)]
    for j in range(n):
        gap = model.costs[j] - costs[j]
        if gap != 0:
            th[0][j] = sp.nsimplify(gap / (model.beta[j] * (model.costs[j] - model.costs[0])))
            if not model.symbolic:
                th[0][j] = sp.Rational(th[0][j]) if th[0][j].is_Rational else th[0][j]
    return tuple(tuple(r) for r in th)


@rejects_text
def lahiri_ono(model, flows: Iterable = ()) -> LahiriOno:
    r"""The Lahiri–Ono diagnostic at the costs after ``flows`` (default: no diffusion).

    Examples
    --------
    STYLE.md's example, :math:`a = 10, b = 1, c = (1, 5)`: by hand :math:`q = (13/3, 1/3)`,
    share :math:`1/14 < 1/6`, so cutting firm 2's cost lowers welfare; :math:`\partial W/\partial c_2
    = (11\cdot 5 - 47)/9 = 8/9`. Full diffusion (:math:`\beta = 1/8`, :math:`c_2' = 5 - 4/8 = 9/2`)
    changes welfare by :math:`2123/72 - 268/9 = -21/72`.

    >>> from gametheory.models.diffusion import TechnologyDiffusion
    >>> lo = TechnologyDiffusion(10, 1, (1, 5), beta=sp.Rational(1, 8)).lahiri_ono()
    >>> lo.shares[1], lo.threshold, lo.dwelfare[1], lo.locally_harmful[1], lo.full_diffusion[1]
    (1/14, 1/6, 8/9, True, -7/24)
    """
    costs = model.costs_after(tuple(flows))
    q, price, profits, active, cond = model.market_at(costs)
    Q = sp.Add(*q)
    m = sum(active)
    thr = sp.Rational(1, 2 * (m + 1))
    shares = tuple((qi / Q) if model.symbolic else sp.nsimplify(qi / Q) if isinstance(qi, sp.Float) else qi / Q for qi in q)
    dw = tuple(((Q - 2 * (m + 1) * qi) / (m + 1)) if on else sp.Integer(0) for qi, on in zip(q, active))
    if model.symbolic:
        dw = tuple(sp.expand(d) for d in dw)
        harm = tuple((sp.expand(Q - 2 * (m + 1) * qi) > 0) if on else sp.false for qi, on in zip(q, active))
    else:
        harm = tuple(bool(d > 0) for d in dw)
    w0 = welfare_at(model, costs)
    lo, _ = _bounds(model)
    full, harmful = [], []
    for j in range(model.n):
        if model.tiers[j] == 0:
            full.append(sp.Integer(0))
            harmful.append(sp.false if model.symbolic else False)
            continue
        c2 = list(costs)
        c2[j] = min(c2[j], lo[j]) if not model.symbolic else lo[j]
        d = welfare_at(model, c2) - w0
        full.append(d)
        harmful.append((d < 0) if model.symbolic else bool(d < 0))
    return LahiriOno(costs=tuple(costs), quantities=tuple(q), shares=shares, threshold=thr, dwelfare=dw,
                     locally_harmful=harm, full_diffusion=tuple(full), harmful_diffusion=tuple(harmful),
                     conditions=sp.And(cond, model.assumptions))


def _hyperplanes(model):
    """Entry/exit hyperplanes (coef over all n costs, rhs = a, tag): firm i's interior quantity on the
    active set {i} ∪ T is zero where (|T| + 1) c_i - sum_{k in T} c_k = a (box faces are added by the caller)."""
    n = model.n
    a = float(model.a)
    rows = []
    for i in range(n):
        others = [k for k in range(n) if k != i]
        for r in range(0, n):
            for T in itertools.combinations(others, r):
                coef = np.zeros(n)
                coef[i] = len(T) + 1
                for k in T:
                    coef[k] -= 1
                rows.append((coef, a, ("exit", i, T)))
    return rows


def _numeric_candidates(model, max_vertices: int = MAX_PLANNER_VERTICES):
    lo, hi = _bounds(model)
    lo_f = np.array([float(v) for v in lo])
    hi_f = np.array([float(v) for v in hi])
    var = [j for j in range(model.n) if hi_f[j] - lo_f[j] > 0]
    k = len(var)
    if k:
        # refuse up front: the hyperplanes alone are n·2^(n-1), the vertices C(rows, k)
        n_rows, vertices = _planner_size(model, var)
        if vertices > max_vertices:
            raise DomainError(
                f"{model.n} firms with {k} receivers: the exact planner would enumerate C({n_rows}, {k}) = "
                f"{vertices:.3g} arrangement vertices (box faces and entry/exit hyperplanes); it enumerates at "
                f"most {max_vertices}. Use fewer receivers (beta_j = 0 for firms that cannot learn) or fewer "
                "firms (merge firms of a tier); lahiri_ono() gives the welfare effect of each flow at any size")
    pts = [np.array(p) for p in itertools.product(*[(lo_f[j], hi_f[j]) if j in var else (hi_f[j],)
                                                      for j in range(model.n)])]
    if k:
        planes = []
        for j in var:
            e = np.zeros(model.n)
            e[j] = 1
            planes.append((e, lo_f[j]))
            planes.append((e, hi_f[j]))
        planes += [(c, r) for c, r, _ in _hyperplanes(model)]
        # express in the variables: coef[var] x = rhs - coef[fixed] . c_fixed
        fixed = [j for j in range(model.n) if j not in var]
        rows = []
        for coef, rhs in planes:
            cv = coef[var]
            if np.allclose(cv, 0):
                continue
            rows.append((cv, rhs - coef[fixed] @ hi_f[fixed]))
        from math import comb

        if comb(len(rows), k) > max_vertices:  # pragma: no cover - refused above (same count)
            raise DomainError(f"{comb(len(rows), k)} arrangement vertices to enumerate; too many firms for the exact "
                              f"planner (use fewer receivers)")
        M = np.array([r[0] for r in rows])
        R = np.array([r[1] for r in rows])
        for combo in itertools.combinations(range(len(rows)), k):
            A_ = M[list(combo)]
            if abs(np.linalg.det(A_)) < 1e-12:
                continue
            x = np.linalg.solve(A_, R[list(combo)])
            if np.all(x >= lo_f[var] - 1e-9) and np.all(x <= hi_f[var] + 1e-9):
                p = hi_f.copy()
                p[var] = np.clip(x, lo_f[var], hi_f[var])
                pts.append(p)
    P = np.unique(np.round(np.array(pts), 12), axis=0)
    return P, lo, hi


def _grid_welfare(model, C: np.ndarray) -> np.ndarray:
    q, price = cournot_grid(float(model.a), float(model.b), C)
    Q = q.sum(axis=-1)
    hi = np.array([float(c) for c in model.costs])
    flows = (C < hi - 1e-12).sum(axis=-1)
    return float(model.b) * Q ** 2 / 2 + float(model.b) * (q ** 2).sum(axis=-1) - float(model.diffusion_cost) * flows


def _exact_point(model, p: np.ndarray, lo, hi):
    """Snap a float candidate to exact box bounds or solve its defining hyperplanes exactly."""
    out = []
    for j, v in enumerate(p):
        if abs(v - float(hi[j])) < 1e-9:
            out.append(hi[j])
        elif abs(v - float(lo[j])) < 1e-9:
            out.append(lo[j])
        else:
            out.append(None)
    if all(v is not None for v in out):
        return tuple(out)
    # interior kink: find the exit hyperplanes through p and solve exactly
    unknown = [j for j, v in enumerate(out) if v is None]
    xs = sp.symbols(f"x0:{model.n}")
    subs_c = [out[j] if out[j] is not None else xs[j] for j in range(model.n)]
    eqs = []
    for coef, rhs, _ in _hyperplanes(model):
        if abs(coef @ p - rhs) < 1e-7 and any(coef[j] != 0 for j in unknown):
            eqs.append(sp.Add(*[int(coef[k]) * subs_c[k] for k in range(model.n)]) - model.a)
    sol = sp.solve(eqs, [xs[j] for j in unknown], dict=True)
    if not sol:
        return tuple(sp.nsimplify(v) if out[j] is None else out[j] for j, v in enumerate(p))
    return tuple(out[j] if out[j] is not None else sol[0][xs[j]] for j in range(model.n))


@rejects_text
def first_best(model) -> PlannerOutcome:
    r"""The welfare-maximising diffusion matrix (module docstring).

    Numeric parameters: every vertex of the arrangement of box faces and entry/exit hyperplanes is
    evaluated (exact arithmetic at the winner). Symbolic parameters: the :math:`2^k` corners of the
    box under the interior (all firms active) assumption, with the conditions; ``welfare`` is then
    the ``Max`` of the corner welfares unless the assumptions decide the winner.

    Raises
    ------
    DomainError
        Work that grows exponentially in the number of firms is refused up front: numeric, more
        than :data:`MAX_PLANNER_VERTICES` (200,000) arrangement vertices — in practice at most 4
        firms when every follower can learn, more with fewer receivers; symbolic, more than
        :data:`MAX_SYMBOLIC_CORNERS` (2^10) corners. :func:`lahiri_ono` works at any size.

    Examples
    --------
    :math:`a=10, b=1, c=(1,2,3), \beta=1`. The four corners, by hand (interior Cournot):
    no diffusion :math:`W = 32`; M learns :math:`W = 1127/32`; G learns :math:`W = 287/8`; both
    learn, three firms at cost 1 with :math:`q = 9/4`, :math:`W = \tfrac12(27/4)^2 + 3(9/4)^2 =
    1215/32`, the optimum:

    >>> from gametheory.models.diffusion import TechnologyDiffusion
    >>> fb = TechnologyDiffusion(10, 1, (1, 2, 3)).first_best()
    >>> fb.costs, fb.welfare, fb.corner
    ((1, 1, 1), 1215/32, True)
    """
    lo, hi = _bounds(model)
    if model.symbolic:
        var = [j for j in range(model.n) if model.tiers[j] > 0]
        if (1 << len(var)) > MAX_SYMBOLIC_CORNERS:
            raise DomainError(
                f"{model.n} firms, {len(var)} receivers -> 2^{len(var)} corners of the diffusion box, each a symbolic "
                f"welfare; the symbolic planner evaluates at most {MAX_SYMBOLIC_CORNERS} = 2^10. Substitute numbers "
                "(the numeric planner), or merge firms into fewer tiers")
    lo_diag = lahiri_ono(model)
    if model.symbolic:
        var = [j for j in range(model.n) if model.tiers[j] > 0]
        cands = []
        for choice in itertools.product((False, True), repeat=len(var)):
            c = list(hi)
            for j, on in zip(var, choice):
                if on:
                    c[j] = lo[j]
            nf = sum(choice)
            cands.append((tuple(c), welfare_at(model, c, nf)))
        conds = sp.And(model.assumptions, *[model.market_at(c)[4] for c, _ in cands])
        # the winner generally depends on the parameters (Lahiri-Ono); decide it only when the
        # symbols' own assumptions do (cheap), otherwise report every corner with Max
        best = None
        if best is None:
            return PlannerOutcome(theta=(), costs=(), receivers=(), welfare=sp.Max(*[w for _, w in cands], evaluate=False),
                                  corner=True, candidates=tuple(cands), lahiri_ono=lo_diag, conditions=conds,
                                  method="corners (symbolic: the winner depends on the parameters)")
        c, w = best
        return PlannerOutcome(theta=_theta_for(model, c), costs=c,
                              receivers=tuple(j for j in range(model.n) if c[j] != hi[j]), welfare=w, corner=True,
                              candidates=tuple(cands), lahiri_ono=lo_diag, conditions=conds,
                              method="corners (symbolic, convexity)")
    P, lo, hi = _numeric_candidates(model)
    W = _grid_welfare(model, P)
    order = np.argsort(-W, kind="stable")
    top = [i for i in order if W[i] >= W[order[0]] - 1e-9 * max(1.0, abs(W[order[0]]))]
    exact = []
    for i in top:
        c = _exact_point(model, P[i], lo, hi)
        nf = sum(1 for j in range(model.n) if c[j] != hi[j])
        exact.append((c, welfare_at(model, c, nf), nf))
    # prefer the fewest flows among exact ties, then the lexicographically largest costs
    c, w, nf = max(exact, key=lambda t: (t[1], -t[2], tuple(float(v) for v in t[0])))
    corner = all(c[j] == lo[j] or c[j] == hi[j] for j in range(model.n))
    grid = tuple((tuple(float(v) for v in P[i]), float(W[i])) for i in order)
    return PlannerOutcome(theta=_theta_for(model, c), costs=tuple(c),
                          receivers=tuple(j for j in range(model.n) if c[j] != hi[j]), welfare=w, corner=corner,
                          candidates=grid, lahiri_ono=lo_diag, conditions=model.assumptions,
                          method="vertex enumeration (box faces and entry/exit hyperplanes)")


def _revenue_capacity(profits, liability) -> Any:
    """Most the government can raise from the firms: each pays at most its cap (limited liability)."""
    if isinstance(liability, str):
        return sp.Add(*[max(p, sp.Integer(0)) for p in profits])
    return liability * len(profits)


@rejects_text(choices=('liability',))
def first_best_with_revenue(model, shadow_cost: Number, liability: Any = "profit") -> tuple:
    r"""The first best when the planner may also raise revenue from the firms (the default fiscal rule).

    Maximises :math:`CS + \Pi - R + \lambda \sum_k L_k` over the diffusion box, where firm
    :math:`k` pays at most :math:`L_k` — its payoff (market profit, the leading firm net of the
    diffusion cost it bears), floored at 0, for ``liability="profit"``, or a user cap :math:`L`.
    Revenue is valued at :math:`1 + \lambda` and the firms lose it once, hence the net
    :math:`\lambda L_k`. With profit caps the objective is convex on every active-set cell
    (:math:`\max(b q_k^2 - \ldots, 0)` is convex in the costs), so the arrangement's vertices
    (:func:`first_best`) still contain the optimum. Numeric models only.

    Returns
    -------
    (costs, objective, welfare, revenue) : exact post-diffusion costs, the maximised objective,
    its real welfare :math:`CS + \Pi - R` and the revenue :math:`\sum_k L_k` raised.
    """
    if model.symbolic:
        raise DomainError("the first best with revenue is numeric; substitute numbers")
    lam = as_param(shadow_cost, "shadow_cost (lambda)", nonnegative=True)
    if not isinstance(liability, str):
        liability = as_param(liability, "liability", nonnegative=True)
    elif liability != "profit":
        raise DomainError(f"liability must be 'profit' or a number, got {liability!r}")
    P, lo, hi = _numeric_candidates(model)
    W = _grid_welfare(model, P)
    q, _price = cournot_grid(float(model.a), float(model.b), P)
    prof = float(model.b) * q ** 2
    hi_f = np.array([float(c) for c in model.costs])
    flows = (P < hi_f - 1e-12).sum(axis=-1)
    prof[..., 0] -= float(model.diffusion_cost) * flows
    if isinstance(liability, str):
        cap = np.maximum(prof, 0.0).sum(axis=-1)
    else:
        cap = np.full(W.shape, float(liability) * model.n)
    obj = W + float(lam) * cap
    order = np.argsort(-obj, kind="stable")
    top = [i for i in order if obj[i] >= obj[order[0]] - 1e-9 * max(1.0, abs(obj[order[0]]))]
    best = None
    for i in top:
        c = _exact_point(model, P[i], lo, hi)
        nf = sum(1 for j in range(model.n) if c[j] != hi[j])
        w = welfare_at(model, c, nf)
        profits = list(model.market_at(c)[2])
        profits[0] = profits[0] - model.diffusion_cost * nf
        rev = _revenue_capacity(profits, liability)
        val = w + lam * rev
        if best is None or val > best[1]:
            best = (tuple(c), val, w, rev)
    assert best is not None  # top holds order[0] at least
    return best
