r"""The Cournot-brand model: quality (brand effort) first, then Cournot competition.

Model
-----
:math:`n` symmetric firms with unit cost :math:`c` first choose qualities :math:`s_i \ge 0` at a
fixed cost :math:`k s_i^2/2`, then quantities :math:`x_i` (Cournot). The regional brand raises
willingness to pay through the cluster's average quality:

.. math:: P = a + \theta\,\bar s - bX, \qquad X = \textstyle\sum_i x_i,

with :math:`\bar s = \sum_i x_i s_i / X` (output-weighted, ``average="output"``, the default;
Winfree & McCluskey 2005) or :math:`\bar s = \sum_i s_i/n` (simple average, ``"simple"``).

Stage 2 (symmetric qualities :math:`s`): the Cournot equilibrium of the market block with intercept
:math:`a + \theta s`: :math:`x = (a - c + \theta s)/(b(n+1))`, :math:`\pi = b x^2 - k s^2/2`.

Stage 1, Nash (hand derivation, implicit differentiation of the stage-2 first-order conditions at
the symmetric point, checked in the tests by sympy and by finite differences):
:math:`d\pi_i/ds_i = \theta\kappa\,x - k s_i` with

.. math:: \kappa_{\text{output}} = \frac{n^2 + 2n - 1}{n^2(n+1)}, \qquad
          \kappa_{\text{simple}} = \frac{2}{n(n+1)} .

(With the simple average a quality rise shifts everyone's demand, so rivals expand: the strategic
effect halves the incentive once more; with output weighting the raiser gains share and rivals
contract.) Hence

.. math:: s^N = \frac{\theta\kappa(a-c)}{k b(n+1) - \theta^2\kappa}, \quad
          s^{SB} = \frac{\theta(n+2)(a-c)}{k b(n+1)^2 - \theta^2(n+2)}, \quad
          s^{FB} = \frac{\theta(a-c)}{n k b - \theta^2},

the second best being the planner's common quality with Cournot output and the first best the
planner's common quality with price = marginal cost. Each holds under its denominator > 0 (which
is also its second-order condition for the planner); the Nash equilibrium also needs the firm's
second-order condition :math:`d^2\pi_i/ds_i^2 < 0` (computed, simple average:
:math:`2\theta^2/(n^2 b(n+1)^2) < k`). With :math:`a > c` all qualities and outputs are positive.

References
----------
.. [1] Winfree, J. A. & McCluskey, J. J. (2005). Collective reputation and quality. AJAE 87, 206-213.
.. [2] d'Aspremont, C. & Jacquemin, A. (1988). Cooperative and noncooperative R&D in duopoly with
   spillovers. AER 78, 1133-1137 (the two-stage investment-then-Cournot structure).
"""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from gametheory.core.params import (
    DomainError,
    Number,
    as_param,
    is_symbolic,
    rejects_text,
    require,
    to_expr,
    to_float,
)
from gametheory.models.brand._common import conj, relation, simp
from gametheory.models.brand.results import CournotBrandOutcome

__all__ = ["CournotBrand"]

AVERAGES = ("output", "simple")


@rejects_text(choices=('average', 'method'))
@dataclass(frozen=True)
class CournotBrand:
    r"""Regional brand with Cournot competition, :math:`P = a + \theta\bar s - bX`.

    Parameters
    ----------
    n : int or integer sympy symbol, >= 1
    a, b, c : number or sympy.Expr
        Demand intercept, slope (:math:`b > 0`) and unit cost (:math:`0 \le c < a`).
    theta : number or sympy.Expr, >= 0
        Willingness to pay per unit of average quality.
    k : number or sympy.Expr, > 0
        Quality cost :math:`k s_i^2/2` (fixed, per firm).
    average : {"output", "simple"}
        How the brand's quality :math:`\bar s` aggregates firms' qualities.

    Examples
    --------
    Duopoly, simple average, :math:`a - c = 1, b = 1, \theta = 1, k = 1`: by hand
    :math:`s^N = 2/(2\cdot 9 - 2) = 1/8`, :math:`s^{SB} = 4/(9 - 4) = 4/5`, :math:`s^{FB} = 1/(2-1) = 1`:

    >>> m = CournotBrand(2, a=2, b=1, c=1, theta=1, k=1, average="simple")
    >>> m.equilibrium().quality, m.second_best().quality, m.first_best().quality
    (1/8, 4/5, 1)
    """

    n: Any
    a: Number
    b: Number
    c: Number
    theta: Number
    k: Number
    average: str = "output"

    def __post_init__(self) -> None:
        n = as_param(self.n, "n", integer=True)
        require(n >= 1, f"n (number of firms) must be >= 1, got {self.n!r}")
        if is_symbolic(n) and n.is_integer is not True:
            raise DomainError("a symbolic n must be declared integer")
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "a", as_param(self.a, "a"))
        object.__setattr__(self, "b", as_param(self.b, "b", positive=True))
        object.__setattr__(self, "c", as_param(self.c, "c", nonnegative=True))
        object.__setattr__(self, "theta", as_param(self.theta, "theta", nonnegative=True))
        object.__setattr__(self, "k", as_param(self.k, "k", positive=True))
        require(self.a > self.c, f"demand intercept a={self.a} must exceed the unit cost c={self.c}")
        if self.average not in AVERAGES:
            raise DomainError(f"average must be one of {AVERAGES}, got {self.average!r}")

    # -- pieces --------------------------------------------------------------------------------
    @property
    def kappa(self) -> sp.Expr:
        r"""Stage-1 incentive coefficient :math:`\kappa` (see the module docstring)."""
        n = self.n
        if self.average == "output":
            return simp((n**2 + 2 * n - 1) / (n**2 * (n + 1)))
        return simp(sp.Integer(2) / (n * (n + 1)))

    def stage2(self, quality: Number) -> dict[str, sp.Expr]:
        """Symmetric Cournot outcome at common quality (uses the market block for integer n)."""
        s = to_expr(quality)
        A = self.a + self.theta * s
        n = self.n
        if not is_symbolic(n):
            from gametheory.models.market import Cournot

            eq = Cournot(A, self.b, tuple(self.c for _ in range(int(n)))).equilibrium()
            x, price = eq.quantities[0], eq.price
        else:
            x = (A - self.c) / (self.b * (n + 1))
            price = A - self.b * n * x
        return {"output": simp(x), "price": simp(price)}

    def _assemble(self, s: sp.Expr, x: sp.Expr, method: str, conditions: Any, gain: Any = 0) -> CournotBrandOutcome:
        n = self.n
        X = n * x
        price = self.a + self.theta * s - self.b * X
        profit = (price - self.c) * x - self.k * s**2 / 2
        cs = self.b * X**2 / 2
        ps = n * profit
        return CournotBrandOutcome(quality=simp(s), output=simp(x), total_output=simp(X), price=simp(price),
                                   profit=simp(profit), consumer_surplus=simp(cs), producer_surplus=simp(ps),
                                   welfare=simp(cs + ps), conditions=conj([conditions]), method=method,
                                   max_deviation_gain=gain)

    # -- solutions -----------------------------------------------------------------------------
    def equilibrium(self, *, verify: bool = True) -> CournotBrandOutcome:
        r"""Subgame-perfect symmetric equilibrium :math:`s^N = \theta\kappa(a-c)/(kb(n+1) - \theta^2\kappa)`.

        Conditions: :math:`kb(n+1) > \theta^2\kappa` and the firm's second-order condition. With
        numeric parameters ``max_deviation_gain`` is the largest gain of a quality deviation with
        stage 2 re-solved (exactly for the simple average, numerically for the output-weighted one).
        """
        n, th, k, b = self.n, self.theta, self.k, self.b
        kap = self.kappa
        denom = simp(k * b * (n + 1) - th**2 * kap)
        cond = [relation(denom, 0, ">", n), relation(self.second_derivative(), 0, "<", n)]
        if any(c is sp.false for c in cond):
            raise DomainError("no interior symmetric Nash equilibrium: the quality incentive is too strong "
                              f"(need k b (n+1) > theta^2 kappa and a concave profit in own quality); got {cond}")
        s = self.equilibrium_quality()
        x = self.stage2(s)["output"]
        numeric = not is_symbolic(s) and not is_symbolic(self.n)
        if verify and numeric:
            gain, how = self.deviation_gain(s), "deviation check with stage 2 re-solved"
        elif self.average == "simple":
            gain, how = sp.Integer(0), "profit concave in own quality (proved), FOC"
        else:
            gain, how = None, "FOC and local second-order condition; no global check for symbols"
        method = f"closed form (backward induction, {self.average} average; {how})"
        return self._assemble(s, x, method, conj(cond), gain)

    def second_best(self) -> CournotBrandOutcome:
        r"""Planner sets a common quality, firms compete: :math:`s^{SB} = \theta(n+2)(a-c)/(kb(n+1)^2 - \theta^2(n+2))`."""
        n, th, k, b = self.n, self.theta, self.k, self.b
        denom = simp(k * b * (n + 1) ** 2 - th**2 * (n + 2))
        cond = relation(denom, 0, ">", n)
        if cond is sp.false:
            raise DomainError("second best unbounded: need k b (n+1)^2 > theta^2 (n+2)")
        s = simp(th * (n + 2) * (self.a - self.c) / denom)
        x = self.stage2(s)["output"]
        return self._assemble(s, x, "closed form (planner FOC over common quality, Cournot stage 2)", cond)

    def cartel(self) -> CournotBrandOutcome:
        r"""A brand association sets the common quality for joint profit, firms compete in output.

        :math:`\pi(s) = b x^2 - k s^2/2`, :math:`x = (a - c + \theta s)/(b(n+1))`, so
        :math:`s^C = 2\theta(a-c)/(kb(n+1)^2 - 2\theta^2)`; equals the Nash quality at :math:`n = 1`.
        """
        n, th, k, b = self.n, self.theta, self.k, self.b
        denom = simp(k * b * (n + 1) ** 2 - 2 * th**2)
        cond = relation(denom, 0, ">", n)
        if cond is sp.false:
            raise DomainError("joint-profit quality unbounded: need k b (n+1)^2 > 2 theta^2")
        s = simp(2 * th * (self.a - self.c) / denom)
        return self._assemble(s, self.stage2(s)["output"], "closed form (joint-profit FOC over common quality)", cond)

    def first_best(self) -> CournotBrandOutcome:
        r"""Planner sets common quality and output (P = c): :math:`s^{FB} = \theta(a-c)/(nkb - \theta^2)`."""
        n, th, k, b = self.n, self.theta, self.k, self.b
        denom = simp(n * k * b - th**2)
        cond = relation(denom, 0, ">", n)
        if cond is sp.false:
            raise DomainError("first best unbounded: need n k b > theta^2")
        s = simp(th * (self.a - self.c) / denom)
        X = (self.a + th * s - self.c) / b
        return self._assemble(s, simp(X / n), "closed form (planner FOC, price = marginal cost)", cond)

    # -- policy: the quality subsidy ------------------------------------------------------------
    def implementing_subsidy(self) -> sp.Expr:
        r"""Per-unit quality subsidy that makes the second best the firms' equilibrium.

        A subsidy :math:`\sigma` per unit of quality adds :math:`\sigma s_i` to each firm's payoff,
        so the stage-1 condition becomes :math:`	heta\kappa x - k s + \sigma = 0`; at the second
        best :math:`s^{SB}`, :math:`x^{SB} = (a - c + 	heta s^{SB})/(b(n+1))`:

        .. math:: \sigma^{SB} = k s^{SB} - 	heta\kappa\, x^{SB}.

        Stage 2 is untouched (the subsidy is on quality, not output), so the planner's common
        quality is implemented while output stays Cournot: the quality subsidy reaches the second
        best, not the first best (which needs price = marginal cost).

        Examples
        --------
        :math:`a = 10, b = 1, c = 2, 	heta = k = 1, n = 3` (output-weighted): :math:`\kappa = 7/18`,
        :math:`s^{SB} = 40/11`, :math:`x^{SB} = 32/11`, :math:`\sigma^{SB} = 40/11 - (7/18)(32/11) = 248/99`.

        >>> CournotBrand(3, a=10, b=1, c=2, theta=1, k=1).implementing_subsidy()
        248/99
        """
        sb = self.second_best()
        return simp(self.k * sb.quality - self.theta * self.kappa * sb.output)

    def subsidy_response(self, subsidy: Number) -> sp.Expr:
        r"""Symmetric equilibrium quality under a quality subsidy :math:`\sigma`.

        From :math:`	heta\kappa x(s) - k s + \sigma = 0` with :math:`x(s) = (a - c + 	heta s)/(b(n+1))`:
        :math:`s(\sigma) = (	heta\kappa(a-c)/(b(n+1)) + \sigma)/(k - 	heta^2\kappa/(b(n+1)))`, valid
        where the Nash equilibrium is (:math:`kb(n+1) > 	heta^2\kappa`).
        """
        sig = to_expr(subsidy)
        n, th, k, b = self.n, self.theta, self.k, self.b
        m = b * (n + 1)
        return simp((th * self.kappa * (self.a - self.c) / m + sig) / (k - th**2 * self.kappa / m))

    def coordinate(self, *, shadow_cost: Number = 0, upper: Number | None = None):
        r"""The quality subsidy chosen by the core policy engine at shadow cost :math:`\lambda`.

        The government picks :math:`\sigma \in [0, ar\sigma]` (default :math:`ar\sigma = 2\sigma^{SB}`);
        firms respond with :math:`s(\sigma)` (:meth:`subsidy_response`) and Cournot output;
        :math:`W = CS + PS - (1 + \lambda)\,n\sigma s` with the subsidy in PS. The benchmark
        (``first_best_welfare``) is the **second best**: the quality subsidy does not move output,
        so price = marginal cost is out of its reach; at :math:`\lambda = 0` the optimum is
        :meth:`implementing_subsidy` and the gap closed is 1.

        Returns
        -------
        gametheory.core.coordinator.PolicyOutcome
            ``policy["sigma"]``, ``response`` (quality), ``fiscal_rule = "limited_liability"``.
        """
        from gametheory.core.coordinator import Coordinator, Instrument

        if is_symbolic([self.n, self.a, self.b, self.c, self.theta, self.k]):
            raise DomainError("CournotBrand.coordinate needs numeric parameters (the subsidy's box is bounded "
                              "by 2 sigma_SB); implementing_subsidy() gives the closed form for symbols")
        lam = as_param(shadow_cost, "shadow_cost", nonnegative=True)
        self.equilibrium(verify=False)          # raises when no interior Nash equilibrium exists
        sigma, q = sp.Symbol("sigma", nonnegative=True), sp.Symbol("quality", nonnegative=True)
        n = self.n
        x = (self.a - self.c + self.theta * q) / (self.b * (n + 1))
        price = self.a + self.theta * q - self.b * n * x
        cs = self.b * (n * x) ** 2 / 2
        ps = n * ((price - self.c) * x - self.k * q**2 / 2 + sigma * q)
        s_sb = self.implementing_subsidy()
        hi = as_param(upper, "upper", positive=True) if upper is not None else \
            (2 * s_sb if s_sb > 0 else sp.Integer(1))
        gov = Coordinator([Instrument("sigma", sigma, bounds=(0, hi), budget=n * sigma * q)],
                          response={q: self.subsidy_response(sigma)},
                          welfare_parts={"consumer_surplus": cs, "producer_surplus": ps}, shadow_cost=lam,
                          first_best=self.second_best().welfare, laissez_faire=self.equilibrium(verify=False).welfare)
        out = gov.solve()
        return dataclasses.replace(
            out, fiscal_rule="limited_liability", instrument="quality subsidy",
            policy={"instrument": "quality subsidy", **dict(out.policy)},
            notes=tuple(out.notes) + ("benchmark: the second best (planner's common quality, Cournot output); a "
                                      "quality subsidy cannot bring price to marginal cost",
                                      "fiscal rule limited_liability: the subsidy is a transfer valued at 1 + lambda"),
            # a subsidy needs no enforcement and caps no liability; the second best is the planner's choice
            flags={**out.flags, "limited_liability_binding": False, "benchmark_attainable": True})

    # -- second-order condition and verification ------------------------------------------------
    def _stage2_system(self):
        """Stage-2 FOCs for a deviator (quality s1, output x1) and n-1 identical rivals (s2, x2)."""
        s1, s2 = sp.symbols("s1 s2")
        x1, x2 = sp.symbols("x1 x2", positive=True)
        n, th, b = self.n, self.theta, self.b
        X = x1 + (n - 1) * x2
        if self.average == "output":
            sbar = (x1 * s1 + (n - 1) * x2 * s2) / X
            dP1 = th * (s1 - sbar) / X - b      # dP/dx_1
            dP2 = th * (s2 - sbar) / X - b      # dP/dx_j, j a rival
        else:
            sbar = (s1 + (n - 1) * s2) / n
            dP1 = dP2 = -b
        P = self.a + th * sbar - b * X
        F = [P - self.c + x1 * dP1, P - self.c + x2 * dP2]
        profit1 = (P - self.c) * x1 - self.k * s1**2 / 2
        return (s1, s2, x1, x2), F, profit1

    def second_derivative(self, method: str = "closed form") -> sp.Expr:
        r""":math:`d^2\pi_i/ds_i^2` at the symmetric Nash point, stage 2 re-solved.

        ``method="closed form"``: simple average :math:`2\theta^2/(n^2b(n+1)^2) - k`; output-weighted
        :math:`2\theta^2(n^4 + 2n^3 - 2n^2 - 2n + 2)/(b n^4 (n+1)^2) - k` (independent of the
        quality level). ``method="implicit"`` recomputes it by implicit differentiation:

        With :math:`y = (x_1, x_2)` solving :math:`F(y, s_1) = 0`: :math:`y' = -F_y^{-1}F_s`,
        :math:`y'' = -F_y^{-1}(F_{ss} + 2F_{sy}y' + F_{yy}[y', y'])` and
        :math:`\pi'' = \pi_{ss} + 2\pi_{sy}y' + y'^T\pi_{yy}y' + \pi_y y''`, all partial
        derivatives evaluated at the symmetric point before solving.
        """
        n, th, b, k = self.n, self.theta, self.b, self.k
        if method == "closed form":
            if self.average == "simple":   # stage 2 is linear in qualities
                return simp(2 * th**2 / (n**2 * b * (n + 1) ** 2) - k)
            return simp(2 * th**2 * (n**4 + 2 * n**3 - 2 * n**2 - 2 * n + 2) / (b * n**4 * (n + 1) ** 2) - k)
        if method != "implicit":
            raise DomainError(f"method must be 'closed form' or 'implicit', got {method!r}")
        (s1, s2, x1, x2), F, profit1 = self._stage2_system()
        s = self.equilibrium_quality()
        x = (self.a - self.c + self.theta * s) / (self.b * (self.n + 1))
        point = {x1: x, x2: x, s1: s, s2: s}
        y = [x1, x2]
        at = lambda e: sp.simplify(e.subs(point))
        Fy = sp.Matrix([[at(sp.diff(f, v)) for v in y] for f in F])
        Fs = sp.Matrix([at(sp.diff(f, s1)) for f in F])
        Fy_inv = Fy.inv()
        yp = (-Fy_inv * Fs).applyfunc(sp.simplify)
        rhs = []
        for f in F:
            term = at(sp.diff(f, s1, 2))
            term += 2 * sum(at(sp.diff(f, s1, v)) * yp[i] for i, v in enumerate(y))
            term += sum(at(sp.diff(f, v, w)) * yp[i] * yp[j] for i, v in enumerate(y) for j, w in enumerate(y))
            rhs.append(term)
        ypp = (-Fy_inv * sp.Matrix(rhs)).applyfunc(sp.simplify)
        P = profit1
        value = at(sp.diff(P, s1, 2))
        value += 2 * sum(at(sp.diff(P, s1, v)) * yp[i] for i, v in enumerate(y))
        value += sum(at(sp.diff(P, v, w)) * yp[i] * yp[j] for i, v in enumerate(y) for j, w in enumerate(y))
        value += sum(at(sp.diff(P, v)) * ypp[i] for i, v in enumerate(y))
        return simp(value)

    def equilibrium_quality(self) -> sp.Expr:
        """:math:`s^N` from the first-order condition (no conditions checked; see :meth:`equilibrium`)."""
        n, th, k, b = self.n, self.theta, self.k, self.b
        return simp(th * self.kappa * (self.a - self.c) / (k * b * (n + 1) - th**2 * self.kappa))

    def first_derivative(self, quality: Number) -> sp.Expr:
        r""":math:`d\pi_i/ds_i` at a symmetric quality profile (implicit differentiation; checks :attr:`kappa`)."""
        (s1, s2, x1, x2), F, profit1 = self._stage2_system()
        s = to_expr(quality)
        x = (self.a - self.c + self.theta * s) / (self.b * (self.n + 1))
        point = {x1: x, x2: x, s1: s, s2: s}
        y = [x1, x2]
        at = lambda e: sp.simplify(e.subs(point))
        Fy = sp.Matrix([[at(sp.diff(f, v)) for v in y] for f in F])
        Fs = sp.Matrix([at(sp.diff(f, s1)) for f in F])
        yp = -Fy.inv() * Fs
        return simp(at(sp.diff(profit1, s1)) + sum(at(sp.diff(profit1, v)) * yp[i] for i, v in enumerate(y)))

    def profit_of_deviation(self, own: float, others: float) -> float:
        """Firm 1's profit at quality ``own`` when the n-1 rivals choose ``others`` (stage 2 solved numerically)."""
        n = int(self.n)
        if n == 1:   # a monopolist: x = (a - c + theta s)/(2b), profit b x^2 - k s^2/2
            x = to_float((self.a - self.c + self.theta * own) / (2 * self.b))
            return float(to_float(self.b) * x**2 - to_float(self.k) * own**2 / 2)
        f, p = self._numeric_system()
        from scipy.optimize import fsolve

        x0 = to_float((self.a - self.c + self.theta * others) / (self.b * (n + 1)))
        with warnings.catch_warnings():   # convergence is judged by the residual below
            warnings.simplefilter("ignore", RuntimeWarning)
            sol = fsolve(lambda z: f(z[0], z[1], own, others), [x0, x0], xtol=1e-13)
        residual = max(abs(v) for v in f(sol[0], sol[1], own, others))
        if residual > 1e-9 * max(1.0, abs(x0)) or min(sol) <= 0:
            raise DomainError(f"stage 2 did not solve at own quality {own} (residual {residual:.3g})")
        return float(p(sol[0], sol[1], own, others))

    def _numeric_system(self):
        cache = self.__dict__.setdefault("_cache", {})
        if "numeric" not in cache:
            (s1, s2, x1, x2), F, profit1 = self._stage2_system()
            cache["numeric"] = (sp.lambdify([x1, x2, s1, s2], F, "math"),
                                sp.lambdify([x1, x2, s1, s2], profit1, "math"))
        return cache["numeric"]

    def deviation_gain(self, quality: Number, grid: int = 41) -> Number:
        """Largest gain of one firm's quality deviation from the common ``quality`` (stage 2 re-solved).

        Simple average: exact (stage 2 is linear). Output-weighted: numeric, a grid on
        :math:`[0, 3s]` refined by a bounded scalar search.
        """
        s = to_expr(quality)
        n = int(self.n)
        if self.average == "simple":
            z = sp.Dummy("z")
            A = self.a - self.c + self.theta * (z + (n - 1) * s) / n
            prof = A**2 / (self.b * (n + 1) ** 2) - self.k * z**2 / 2
            zs = sp.solve(sp.diff(prof, z), z)
            best = max([prof.subs(z, 0)] + [prof.subs(z, r) for r in zs if r >= 0])
            return simp(best - prof.subs(z, s))
        from scipy.optimize import minimize_scalar

        sf = to_float(s)
        base = self.profit_of_deviation(sf, sf)
        hi = max(3 * sf, 1e-6)
        xs = np.linspace(0, hi, grid)
        vals = [self.profit_of_deviation(v, sf) for v in xs]
        j = int(np.argmax(vals))
        lo_b, hi_b = xs[max(j - 1, 0)], xs[min(j + 1, grid - 1)]
        res = minimize_scalar(lambda v: -self.profit_of_deviation(v, sf), bounds=(lo_b, hi_b), method="bounded",
                              options={"xatol": 1e-12})
        return max(max(vals), -res.fun) - base
