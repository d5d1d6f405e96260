r"""The Cournot form: a common technology that lowers every firm's unit cost before Cournot.

Stage 1: firms contribute :math:`g_i \ge 0`, :math:`G = g_0 + \sum_j g_j`. The technology lowers
*every* firm's unit cost by :math:`r(G) = \rho\,h(G)` (:math:`h` increasing, concave,
:math:`h(0)=0`; default :math:`h = \sqrt{\cdot}`), so costs are :math:`c_i - r(G)` — valid only while
:math:`r(G) \le \min_i c_i` (costs stay non-negative; results flag a violation). Stage 2: Cournot
with :math:`P = a - bQ` (:mod:`gametheory.models.market`). On the active set :math:`A`
(:math:`m` firms) a uniform cost cut raises every output by :math:`1/(b(m+1))`:

.. math::

    q_i(G) = \frac{a - (m+1)c_i + \sum_{j\in A} c_j + r(G)}{b(m+1)}, \qquad
    \frac{\partial \pi_i}{\partial r} = 2 b q_i \frac{1}{b(m+1)} = \frac{2 q_i}{m+1}.

So the technology's value to firm :math:`i` is *endogenous*, :math:`v_i(G) = 2q_i(G) r'(G)/(m+1)`,
and ranks firms by size at every :math:`G`: the largest (lowest-cost) firm has the highest
marginal valuation and contributes alone (Olson 1965, "the exploitation of the great by the
small"): :math:`2 q_1(G^N) r'(G^N)/(m+1) = 1`. Consumers gain too:
:math:`\partial CS/\partial r = mQ/(m+1)`, so

* a consortium of all firms (joint profit) buys :math:`2Q r'/(m+1) = 1`, and
* the planner (firms still compete in stage 2) buys :math:`(m+2) Q r'/(m+1) = 1`,

hence even a firms' consortium under-provides. With :math:`r = \rho\sqrt G` every level has a
closed form, e.g. :math:`\sqrt{G^N} = \rho A_1/(b(m+1)^2 - \rho^2)` with
:math:`A_1 = a - (m+1)c_1 + \sum_A c_j`, valid while :math:`b(m+1)^2 > \rho^2`.

The coordinator: a matching rate :math:`s` makes the contributor buy where
:math:`(1+s)\,v_1(G) = 1`; :math:`s^o = 1/v_1(G^o) - 1` implements the planner's level
:math:`G^o`. With a shadow cost :math:`\lambda` the best rate and the best direct provision
(all or nothing, as in the public-good form) are found numerically.

References
----------
.. [1] Olson, M. (1965). The Logic of Collective Action. Harvard University Press.
.. [2] Bergstrom, T., Blume, L. & Varian, H. (1986). Journal of Public Economics 29, 25-49.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import sympy as sp

from gametheory.core.conditions import decide
from gametheory.core.params import (
    DomainError,
    Number,
    as_param,
    as_params,
    is_symbolic,
    rejects_text,
    to_expr,
    to_float,
)
from gametheory.core.coordinator.instruments import PolicyOutcome
from gametheory.core.coordinator.menu import choose_instrument
from gametheory.core.results import Result
from gametheory.core.welfare import welfare_account
from gametheory.models.market import Cournot, cournot_unchecked

from ._benefit import G, as_benefit
from ._util import _gap, top_set, transcendental_in

__all__ = ["CournotCommonTechnology", "CournotProvision"]


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class CournotProvision(Result):
    r"""Provision of the common technology in the Cournot form.

    Attributes
    ----------
    level : number or sympy.Expr
        :math:`G`.
    contributions : tuple
        Private contributions (the planner's and the consortium's levels are listed as paid by
        the lowest-cost firm(s); what matters is the level).
    reduction : number or sympy.Expr
        :math:`r(G)`.
    quantities, profits : tuple
        Stage-2 Cournot outputs and *market* profits (before contributions).
    consumer_surplus, welfare : number or sympy.Expr
        :math:`CS`; :math:`W = CS + \sum_i \pi_i - G` (resources counted once, :math:`\lambda = 0`).
    marginal_valuations : tuple
        :math:`v_i(G) = \partial \pi_i/\partial G = 2 q_i r'(G)/(m+1)`.
    active : tuple of bool
    violations : tuple of str
        Failed validity checks (negative costs, second-order condition); empty when valid.
    conditions, method, max_deviation_gain
        ``conditions`` is ``False`` when a check fails numerically.
    """

    level: Number
    contributions: tuple
    reduction: Number
    quantities: tuple
    profits: tuple
    consumer_surplus: Number
    welfare: Number
    marginal_valuations: tuple
    active: tuple
    violations: tuple = ()
    conditions: sp.Basic = sp.true
    method: str = "closed form"
    max_deviation_gain: Any = 0


def _simp(x: Any) -> sp.Expr:
    x = to_expr(x)
    return sp.simplify(x) if is_symbolic(x) else x


@rejects_text
@dataclass(frozen=True)
class CournotCommonTechnology:
    r"""Common technology lowering every firm's unit cost by :math:`r(G) = \rho h(G)` before Cournot.

    Parameters
    ----------
    a, b : number or sympy.Expr
        Inverse demand :math:`P = a - bQ`, :math:`b > 0`.
    costs : sequence
        Unit costs :math:`c_i \ge 0` before the technology.
    reduction : callable or sympy.Expr, default :func:`sympy.sqrt`
        :math:`h(G)`, increasing and strictly concave with :math:`h(0) = 0`.
    efficiency : number or sympy.Expr, default 1
        :math:`\rho > 0`.
    government : number or sympy.Expr, default 0
        Public provision :math:`g_0 \ge 0`.

    Examples
    --------
    Duopoly :math:`a=10, b=1, c=(2, 3)`, :math:`r = \sqrt G`: :math:`A_1 = 10 - 6 + 5 = 9`,
    :math:`\sqrt{G^N} = 9/(9 - 1)`, so :math:`G^N = 81/64`, paid by firm 1 alone:

    >>> CournotCommonTechnology(10, 1, (2, 3)).equilibrium().contributions
    (81/64, 0)
    """

    a: Number
    b: Number
    costs: tuple
    reduction: Any = sp.sqrt
    efficiency: Number = 1
    government: Number = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "a", as_param(self.a, "a"))
        object.__setattr__(self, "b", as_param(self.b, "b", positive=True))
        object.__setattr__(self, "costs", as_params(self.costs, "costs", nonnegative=True))
        object.__setattr__(self, "efficiency", as_param(self.efficiency, "efficiency", positive=True))
        object.__setattr__(self, "government", as_param(self.government, "government", nonnegative=True))
        h = as_benefit(self.reduction, "cost reduction")
        at0 = sp.simplify(h(0)) if not h.expr.has(sp.log) else sp.limit(h.expr, G, 0, "+")
        if at0 != 0:
            raise DomainError(f"cost reduction h(G) = {h.expr} must satisfy h(0) = 0, got h(0) = {at0}")
        object.__setattr__(self, "reduction", h)
        Cournot(self.a, self.b, self.costs)  # validates a > min cost

    @property
    def n(self) -> int:
        return len(self.costs)

    def r(self, level: Any) -> sp.Expr:
        """Unit-cost reduction :math:`\\rho h(G)`."""
        return self.efficiency * self.reduction(level)

    def dr(self, level: Any) -> sp.Expr:
        return self.efficiency * self.reduction.marginal(level)

    def market(self, level: Any):
        """The stage-2 Cournot market at provision ``level`` (:class:`~gametheory.models.market.Cournot`)."""
        r = self.r(level)
        costs = tuple(_simp(c - r) for c in self.costs)
        for i, c in enumerate(costs):
            if to_expr(c).is_number and c < 0:
                raise DomainError(f"cost reduction r(G) = {r} exceeds firm {i}'s unit cost {self.costs[i]}: "
                                  "costs would be negative")
        return Cournot(self.a, self.b, costs)

    # -- marginal values on an active set -----------------------------------------------------
    def _q_on(self, active: Sequence[bool], level: Any) -> list[sp.Expr]:
        m = sum(active)
        total = sp.Add(*[c for c, on in zip(self.costs, active) if on])
        return [(self.a - (m + 1) * c + total + self.r(level)) / (self.b * (m + 1)) if on else sp.Integer(0)
                for c, on in zip(self.costs, active)]

    def _marginal(self, kind: str, active: Sequence[bool], level: Any, firm: int = 0) -> sp.Expr:
        m = sum(active)
        q = self._q_on(active, level)
        Q = sp.Add(*q)
        if kind == "firm":
            return 2 * q[firm] * self.dr(level) / (m + 1)
        if kind == "consortium":
            return 2 * Q * self.dr(level) / (m + 1)
        if kind == "planner":
            return (m + 2) * Q * self.dr(level) / (m + 1)
        raise ValueError(kind)

    def _active_at(self, level: Any) -> tuple[bool, ...]:
        r = self.r(level)
        costs = []
        for c in self.costs:
            x = _simp(c - r)
            costs.append(sp.Integer(0) if (x.is_number and x < 0) else x)  # capped: flagged later
        try:
            active, _ = Cournot(self.a, self.b, tuple(costs)).active_set()
        except DomainError:
            active = tuple(True for _ in self.costs)
        return active

    def _solve(self, kind: str, multiplier: Any = 1, firm: int = 0) -> tuple[sp.Expr, tuple[bool, ...], str, sp.Basic]:
        r"""Level solving ``multiplier * marginal = 1`` on a self-consistent active set.

        Also returns the existence condition :math:`\lim_{G\to\infty} \text{marginal} < 1`
        (e.g. :math:`b(m+1)^2 > \rho^2` for the firm with :math:`r = \rho\sqrt G`); raises when it
        provably fails (provision would be unbounded).
        """
        active = self._active_at(0)
        method = "closed form"
        for _ in range(self.n + 1):
            mv = sp.simplify(multiplier * self._marginal(kind, active, G, firm))
            try:
                tail = sp.limit(mv, G, sp.oo)
            except (NotImplementedError, ValueError):  # pragma: no cover
                tail = None
            exists: sp.Basic = sp.true
            if tail is not None and not isinstance(tail, sp.Limit) and tail != 0:
                exists = sp.Lt(tail, 1)
                d = _decide(exists)
                if d is False:
                    raise DomainError(f"provision is unbounded: the {kind}'s marginal value tends to {tail} >= 1 "
                                      "(cost reduction too strong relative to demand)")
                exists = sp.true if d else exists
            level, method = self._root(mv)
            new = self._active_at(level) if not is_symbolic(level) else active
            if new == active:
                return level, active, method, exists
            active = new
        raise DomainError("no self-consistent active set found")  # pragma: no cover

    def _root(self, mv: sp.Expr) -> tuple[sp.Expr, str]:
        at0 = sp.limit(mv, G, 0, "+")
        if at0.is_number and at0 != sp.oo and at0 <= 1:
            return sp.Integer(0), "closed form (corner: no provision)"
        symbolic = bool(mv.free_symbols - {G})
        if not symbolic and transcendental_in(mv, G):
            roots = []             # go numeric: sympy's solve may hang on transcendental conditions
        else:
            try:
                roots = sp.solve(sp.Eq(mv, 1), G)
            except NotImplementedError:
                roots = []
        roots = [sp.simplify(r) for r in roots if r.is_positive is not False and r.is_real is not False]
        if len(roots) == 1:
            return roots[0], "closed form"
        if len(roots) > 1 and not symbolic:
            pos = sorted((r for r in roots if r.is_positive), key=lambda r: float(r))
            if pos:
                return pos[0], "closed form"
        if symbolic:
            raise DomainError("cannot solve the provision condition in closed form for symbolic parameters")
        from scipy.optimize import brentq

        f = sp.lambdify(G, mv - 1, "math")
        hi = 1.0
        while f(hi) > 0:
            hi *= 2
            if hi > 1e12:
                raise DomainError("provision is unbounded: the marginal value never falls below 1 "
                                  "(reduction not concave enough relative to demand)")
        return sp.Float(brentq(f, 1e-14, hi, xtol=1e-14)), "numeric (brentq)"

    # -- outcomes ------------------------------------------------------------------------------
    def _outcome(self, level: Any, contributions: tuple, active: tuple, method: str,
                 private: Any, verify: bool, exists: sp.Basic = sp.true, kind: str = "firm") -> CournotProvision:
        level = _simp(level)
        r = _simp(self.r(level))
        violations, conds = [], [exists]
        for i, c in enumerate(self.costs):
            cond = sp.Ge(c - r, 0)
            d = _decide(cond)
            if d is False:
                violations.append(f"cost of firm {i} would be negative: c_{i} - r(G) = {sp.N(c - r, 6)}")
            elif d is None:
                conds.append(cond)
        try:
            eq = self.market(level).equilibrium()
            q, profits, cs, mconds = eq.quantities, eq.profits, eq.consumer_surplus, eq.conditions
            active = eq.active
        except DomainError:
            q = tuple(self._q_on(active, level))
            profits = tuple(_simp(self.b * x**2) for x in q)
            cs = _simp(self.b * sp.Add(*q) ** 2 / 2)
            mconds = sp.true
        m = sum(active)
        mvals = tuple(_simp(2 * qi * self.dr(level) / (m + 1)) if on else sp.Integer(0) for qi, on in zip(q, active))
        # second-order condition of the buyer's problem (firm, consortium or planner): d(marginal)/dG < 0
        top, order_cond = top_set([-c for c in self.costs])
        if sp.simplify(private) != 0:
            i = top[0]
            soc = sp.simplify(sp.diff(self._marginal(kind, active, G, i), G).subs(G, level))
            d = _decide(sp.Lt(soc, 0))
            if d is False:
                violations.append(f"second-order condition fails ({kind}): d2/dG2 = {sp.N(soc, 6)} >= 0")
            elif d is None:
                conds.append(sp.Lt(soc, 0))
        welfare = _simp(cs + sp.Add(*profits) - level)
        conditions = sp.false if violations else sp.And(mconds, order_cond, self.reduction.conditions, *conds)
        gain: Any = None
        if verify:
            gain = self._deviation_gain(contributions)
        return CournotProvision(level=level, contributions=tuple(contributions), reduction=r, quantities=tuple(q),
                                profits=tuple(profits), consumer_surplus=cs, welfare=welfare,
                                marginal_valuations=mvals, active=tuple(active), violations=tuple(violations),
                                conditions=conditions, method=method, max_deviation_gain=gain)

    def equilibrium(self) -> CournotProvision:
        r"""Nash equilibrium of stage 1: the lowest-cost firm(s) contribute (Olson).

        ``max_deviation_gain`` is computed numerically (grid + bounded search over each firm's
        contribution with the stage-2 market re-solved) for numeric parameters.
        """
        top, _ = top_set([-c for c in self.costs])
        alone, active, method, exists = self._solve("firm", 1, top[0])
        g0 = self.government
        private = alone if g0 == 0 else _max0(alone - g0)
        level = g0 + private
        share = _simp(private / len(top))
        contributions = tuple(share if i in top else sp.Integer(0) for i in range(self.n))
        return self._outcome(level, contributions, active, method + " (contributor: lowest cost)", private,
                             verify=not self._symbolic(), exists=exists)

    def consortium(self) -> CournotProvision:
        r"""All firms maximise joint profit: :math:`2Q r'(G)/(m+1) = 1` (ignores consumers)."""
        level, active, method, exists = self._solve("consortium")
        private = level if self.government == 0 else _max0(level - self.government)
        level = self.government + private
        top, _ = top_set([-c for c in self.costs])
        contributions = tuple(private if i == top[0] else sp.Integer(0) for i in range(self.n))
        return self._outcome(level, contributions, active, method + " (joint profit)", private, verify=False,
                             exists=exists, kind="consortium")

    def first_best(self) -> CournotProvision:
        r"""The planner's level with Cournot in stage 2: :math:`(m+2)Q r'(G)/(m+1) = 1`.

        The planner chooses the technology, not the outputs (which stay Cournot): the welfare
        benchmark for an industrial policy that cannot regulate the market. It counts consumers'
        gain :math:`mQ/(m+1)` per unit of cost reduction, which firms — alone or in a consortium —
        ignore.
        """
        level, active, method, exists = self._solve("planner")
        private = level if self.government == 0 else _max0(level - self.government)
        level = self.government + private
        top, _ = top_set([-c for c in self.costs])
        contributions = tuple(private if i == top[0] else sp.Integer(0) for i in range(self.n))
        return self._outcome(level, contributions, active, method + " (welfare: CS + profits)", private,
                             verify=False, exists=exists, kind="planner")

    def levels(self) -> dict[str, tuple[sp.Expr, sp.Basic]]:
        r"""Closed-form levels only: ``{"nash", "consortium", "planner"}`` → (level, existence condition).

        Cheaper than building the full results (no stage-2 market, no validity checks) — for
        documents and sweeps. The full results (:meth:`equilibrium`, :meth:`consortium`,
        :meth:`first_best`) carry every validity condition.

        Examples
        --------
        >>> CournotCommonTechnology(20, 1, (6, 8), efficiency=sp.Rational(1, 2)).levels()["planner"]
        (169/16, True)
        """
        top, _ = top_set([-c for c in self.costs])
        out = {}
        for label, kind in (("nash", "firm"), ("consortium", "consortium"), ("planner", "planner")):
            level, _, _, exists = self._solve(kind, 1, top[0])
            out[label] = (level, exists)
        return out

    def valuations(self, level: Any = None) -> tuple:
        r"""Endogenous marginal valuations :math:`\partial\pi_i/\partial G = 2q_i r'(G)/(m+1)` (at :math:`G^N` by default)."""
        if level is None:
            return self.equilibrium().marginal_valuations
        active = self._active_at(level) if not is_symbolic(level) else tuple(True for _ in self.costs)
        q = self._q_on(active, level)
        m = sum(active)
        return tuple(_simp(2 * qi * self.dr(level) / (m + 1)) if on else sp.Integer(0) for qi, on in zip(q, active))

    # -- verification --------------------------------------------------------------------------
    def _symbolic(self) -> bool:
        return is_symbolic((self.a, self.b, self.costs, self.efficiency, self.government)) or bool(self.reduction.parameters)

    def _payoff_numeric(self):
        a, b = to_float(self.a), to_float(self.b)
        c = np.array([to_float(x) for x in self.costs])
        rho = to_float(self.efficiency)
        h = sp.lambdify(G, self.reduction.expr, "math")

        def pi(level: float) -> np.ndarray:
            r = rho * h(level) if level > 0 else 0.0
            q, _ = cournot_unchecked(a, b, np.maximum(c - r, 0.0))
            return b * q**2

        return pi

    def _deviation_gain(self, contributions: Sequence[Any]) -> float:
        from scipy.optimize import minimize_scalar

        pi = self._payoff_numeric()
        g = np.array([to_float(x) for x in contributions])
        g0 = to_float(self.government)
        total = g0 + g.sum()
        worst = -np.inf
        for i in range(self.n):
            others = total - g[i]
            now = pi(total)[i] - g[i]
            upper = max(4 * total, 4.0) + 1.0
            grid = np.linspace(0.0, upper, 401)
            vals = np.array([pi(others + x)[i] - x for x in grid])
            k = int(np.argmax(vals))
            lo, hi = grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)]
            res = minimize_scalar(lambda x: -(pi(others + x)[i] - x), bounds=(lo, hi), method="bounded",
                                  options={"xatol": 1e-12})
            best = max(vals[k], -res.fun)
            worst = max(worst, best - now)
        return float(worst)

    # -- coordinator ---------------------------------------------------------------------------
    def implementing_matching_rate(self) -> sp.Expr:
        r"""The matching rate :math:`s^o = 1/v_1(G^o) - 1` that makes the contributor buy the planner's :math:`G^o`."""
        fb = self.first_best()
        top, _ = top_set([-c for c in self.costs])
        v1 = fb.marginal_valuations[top[0]]
        return _simp(1 / v1 - 1)

    def coordinate(self, *, shadow_cost: Number = 0) -> PolicyOutcome:
        r"""Best of direct provision and a matching subsidy at shadow cost :math:`\lambda` (numeric).

        Welfare is :math:`CS + \sum_i\pi_i - \text{private} - (1+\lambda)\,\text{outlay}`. The first
        best is the planner's level without public funds. Each instrument is optimised on its own
        (bounded search), the menu step is the core's
        :func:`~gametheory.core.coordinator.choose_instrument`; the result is the core
        :class:`~gametheory.core.coordinator.PolicyOutcome` (``instrument``, ``alternatives``,
        ``policy`` = ``{"instrument", "g0" | "s"}``, ``response`` = ``{"level", "private_provision"}``).
        """
        lam = as_param(shadow_cost, "shadow_cost", nonnegative=True)
        if self._symbolic() or is_symbolic(lam):
            raise DomainError("coordinate() of the Cournot form needs numeric parameters")
        base = dataclasses.replace(self, government=0)
        eq = base.equilibrium()
        fb = base.first_best()
        w_nash, w_star = float(eq.welfare), float(fb.welfare)
        lamf = float(lam)
        pi = base._payoff_numeric()
        a, b = float(self.a), float(self.b)
        c = np.array([float(x) for x in self.costs])
        rho = float(self.efficiency)
        h = sp.lambdify(G, self.reduction.expr, "math")

        def surpluses(level: float) -> tuple[float, float]:
            """Consumer surplus and market profits at provision ``level``."""
            r = rho * h(level) if level > 0 else 0.0
            q, _ = cournot_unchecked(a, b, np.maximum(c - r, 0.0))
            return b * q.sum() ** 2 / 2, float((b * q**2).sum())

        def gross(level: float) -> float:
            return sum(surpluses(level))

        # direct provision: all or nothing
        from scipy.optimize import minimize_scalar

        g_nash = float(eq.level)
        upper = max(4 * float(fb.level), 1.0)
        res = minimize_scalar(lambda x: -(gross(x) - (1 + lamf) * x), bounds=(g_nash, upper), method="bounded",
                              options={"xatol": 1e-12})
        g_pub, w_pub = float(res.x), -float(res.fun)
        if w_pub > w_nash:
            direct = ("direct provision", g_pub, g_pub, 0.0, g_pub, w_pub)
        else:
            direct = ("direct provision", 0.0, g_nash, g_nash, 0.0, w_nash)
        # matching subsidy
        s_full = float(self.implementing_matching_rate())
        top, _ = top_set([-x for x in self.costs])

        multiplier = sp.Symbol("M", positive=True)
        try:
            closed = sp.lambdify(multiplier, base._solve("firm", multiplier, top[0])[0], "math")
            check = float(base._solve("firm", sp.Rational(3, 2), top[0])[0])
            if abs(closed(1.5) - check) > 1e-9 * max(1.0, abs(check)):
                closed = None
        except (DomainError, TypeError, ValueError):
            closed = None

        def level_of(s: float) -> float:
            if closed is not None:
                return float(closed(1 + s))
            return float(base._solve("firm", sp.Float(1 + s), top[0])[0])

        def matched(s: float) -> tuple[float, float, float]:
            level = level_of(s)
            outlay = s / (1 + s) * level
            return level, outlay, gross(level) - (level - outlay) - (1 + lamf) * outlay

        if lamf == 0:
            s_best = s_full
        else:
            grid = np.linspace(0.0, max(s_full, 0.0), 41)
            vals = [matched(s)[2] for s in grid]
            k = int(np.argmax(vals))
            lo, hi = grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)]
            r2 = minimize_scalar(lambda s: -matched(s)[2], bounds=(lo, hi), method="bounded", options={"xatol": 1e-10})
            s_best = float(r2.x) if -r2.fun > vals[k] else float(grid[k])
        level, outlay, w_match = matched(s_best)
        match = ("matching subsidy", s_best, level, level - outlay, outlay, w_match)
        # the core engine's menu step, laissez-faire listed first (ties against intervening); the welfares
        # are floats from bounded searches, so differences below 1e-12 (relative) count as ties
        menu = {"laissez-faire": (None, 0.0, g_nash, g_nash, 0.0, w_nash), "direct provision": direct,
                "matching subsidy": match}
        pick = choose_instrument({k: v[5] for k, v in menu.items()}, rel_tol=1e-12).best
        name, policy, lev, priv, out, w = menu[pick]
        if name is None or (name == "direct provision" and policy == 0):
            name = "laissez-faire"
        key = {"direct provision": "g0", "matching subsidy": "s"}.get(name)
        cs, profits = surpluses(lev)
        # W = CS + PS - private - (1 + lambda) outlay with PS = profits + outlay (the match is received)
        acc = welfare_account(cs, profits + out, priv, out, lamf, simplify=False)
        return PolicyOutcome(
            policy={"instrument": name, **({key: policy} if key else {})},
            response={"level": lev, "private_provision": priv}, account=acc, welfare=w,
            transfers={name: out}, shadow_cost=lam, laissez_faire_welfare=w_nash, first_best_welfare=w_star,
            gap_closed=_gap(sp.Float(w), sp.Float(w_nash), sp.Float(w_star)), conditions=sp.true,
            method="numeric (bounded search over g0 and s), menu by gametheory.core.coordinator.choose_instrument",
            notes=("instruments considered: direct provision, matching subsidy; chosen: " + name,
                   "fiscal rule limited_liability: no instrument raises revenue, so the first best needs no transfers"),
            fiscal_rule="limited_liability", instrument=name,
            alternatives={k: v[5] for k, v in menu.items()},
            # both instruments only spend and private provision is each firm's best response, so every
            # firm takes part; whether the firms would finance the first-best level is not modelled here
            flags={"participation": True, "limited_liability_binding": False, "benchmark_attainable": None})


def _max0(x: Any) -> sp.Expr:
    x = to_expr(x)
    if x.is_nonnegative:
        return x
    if x.is_negative:
        return sp.Integer(0)
    return sp.Max(0, x)


def _decide(cond: Any) -> bool | None:
    """``cond`` decided by :func:`gametheory.core.conditions.decide` (its quick path first, then
    the full engine); a numeric condition the engine cannot sign is evaluated."""
    cond = to_expr(cond)
    if cond in (sp.true, sp.false):
        return bool(cond)
    d = decide(cond, effort="quick")
    if d is None:
        d = decide(cond)
    if d is None and not cond.free_symbols:
        try:
            return bool(cond.doit())
        except TypeError:
            return None
    return d
