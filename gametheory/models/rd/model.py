r"""The d'Aspremont–Jacquemin model of R&D with spillovers, n firms, all regimes.

See :mod:`gametheory.models.rd` for the model, the notation and the references. Every closed form
below is derived in the comments (and in ``derivations/rd.md``); the tests check each one against
an independent backward induction done by sympy and against the papers' duopoly formulas.

Notation used throughout (n firms, :math:`d = a - A > 0`):

.. math::

    u = n - (n-1)\beta,\quad w = 2\beta - 1,\quad v = u + (n-1)w = 1 + (n-1)\beta,\quad
    B = b(n+1)^2,\quad D = \gamma B .

Stage 2 (Cournot, all firms active, DESIGN "Conventions"):
:math:`q_i = (a - (n+1)c_i + \sum_j c_j)/(b(n+1))`. With
:math:`c_i = A - x_i - \beta\sum_{j\ne i}x_j` the numerator is
:math:`a - nc_i + \sum_{j\ne i}c_j = d + u\,x_i + w\sum_{j\ne i}x_j` (the :math:`x_i` terms:
:math:`n - (n-1)\beta`; each :math:`x_j`: :math:`n\beta - 1 - (n-2)\beta = 2\beta - 1`). So

.. math::

    q_i = \frac{d + u x_i + w X_{-i}}{b(n+1)}, \qquad \pi_i = b q_i^2 - \gamma x_i^2/2,

and at a symmetric profile :math:`q = (d + v x)/(b(n+1))`, :math:`P - c = bq`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import sympy as sp

from gametheory.core.conditions import conj, decide
from gametheory.core.coordinator.menu import choose_instrument
from gametheory.core.params import DomainError, Number, as_param, is_symbolic, rejects_text, require, to_expr
from gametheory.core.welfare import gap_closed as _gap_closed, welfare_account
from gametheory.models.rd.asymmetric import JointOptimum, joint_optimum
from gametheory.models.rd.results import (AsymmetricOptimum, CostShareOutcome, RDOutcome, RDPolicyOutcome,
                                         SubsidyOutcome)

__all__ = ["SpilloverRD"]


def _tidy(expr: Any) -> Any:
    """Exact numbers stay as they are; symbolic expressions are put over one denominator."""
    expr = to_expr(expr)
    if expr.free_symbols:
        return sp.factor(sp.cancel(expr))
    return expr


def _positive(expr: Any) -> sp.Basic:
    """The condition ``expr > 0``: ``true``/``false`` when decided, a relation otherwise."""
    return _decide(to_expr(expr), "pos")


def _nonnegative(expr: Any) -> sp.Basic:
    """The condition ``expr >= 0``: ``true``/``false`` when decided, a relation otherwise."""
    return _decide(to_expr(expr), "nonneg")


def _decide(expr: sp.Expr, kind: str) -> sp.Basic:
    """``expr > 0`` (``kind="pos"``) or ``expr >= 0`` decided by the core's
    :func:`~gametheory.core.conditions.decide`; the open relation keeps the factored form."""
    expr = _tidy(expr)
    rel = (expr > 0) if kind == "pos" else (expr >= 0)
    value = decide(rel)
    if value is None and expr.is_number:  # e.g. a float that sympy cannot sign: compare numerically
        value = float(expr) > 0 if kind == "pos" else float(expr) >= 0
    if value is None:
        return rel
    return sp.true if value else sp.false


def _decided_nonnegative(expr: Any) -> bool | None:
    """``expr >= 0`` decided by the core's :func:`~gametheory.core.conditions.decide` (None: open)."""
    return decide(to_expr(expr) >= 0)


def _and(*conds: sp.Basic) -> sp.Basic:
    """The conjunction of decided/open checks (:func:`~gametheory.core.conditions.conj`: parts
    decided true dropped, ``false`` when one is provably false)."""
    return conj(conds)


@rejects_text(choices=('instruments',))
@dataclass(frozen=True)
class SpilloverRD:
    r"""Cost-reducing R&D with spillovers before Cournot competition (d'Aspremont–Jacquemin).

    Parameters
    ----------
    a : number or sympy.Expr
        Demand intercept, :math:`P = a - bQ`; :math:`a > A`.
    b : number or sympy.Expr
        Demand slope, :math:`b > 0`.
    A : number or sympy.Expr
        Unit cost without R&D, :math:`A \ge 0`.
    beta : number or sympy.Expr
        Spillover :math:`\beta \in [0, 1]`: firm :math:`i`'s unit cost is
        :math:`c_i = A - x_i - \beta\sum_{j\ne i} x_j`.
    gamma : number or sympy.Expr
        R&D cost parameter, :math:`\gamma > 0`: R&D :math:`x_i` costs :math:`\gamma x_i^2/2`.
    n : int, default 2
        Number of firms, :math:`n \ge 2`.

    Raises
    ------
    DomainError
        :math:`\beta \notin [0,1]`, :math:`\gamma \le 0`, :math:`b \le 0`, :math:`A < 0`,
        :math:`a \le A`, :math:`n < 2` or non-integer, NaN/inf, strings.

    Notes
    -----
    Each regime returns an :class:`~gametheory.models.rd.results.RDOutcome` whose ``checks``
    say whether the closed form describes an equilibrium (or optimum) at these parameters:
    second-order conditions, best-response stability (Henriques 1990), the symmetric point of
    a joint problem being a maximum rather than a saddle (Salant & Shaffer 1998), non-negative
    R&D and unit costs, positive outputs. A closed form whose checks fail is still returned
    (it is the stationary point) — read ``valid``/``failed`` before using it. When a denominator
    vanishes there is no stationary point and a :class:`DomainError` says so.

    Examples
    --------
    By hand with :math:`a=25, A=10, b=1, \gamma=3, \beta=1/2, n=2`: :math:`d=15`,
    :math:`u=v=3/2`, :math:`D=27`, so :math:`x^N = 2ud/(D-2uv) = 45/22.5 = 2`,
    :math:`q = (15+3)/3 = 6`, :math:`P = 25-12 = 13`, :math:`\pi = 36 - 6 = 30`,
    :math:`CS = 144/2 = 72`, :math:`W = 132`; the cartel chooses the same R&D at
    :math:`\beta = 1/2`; the second best :math:`x^S = (n+2)vd/(D-(n+2)v^2) = 90/18 = 5`.

    >>> from fractions import Fraction
    >>> m = SpilloverRD(a=25, b=1, A=10, beta=Fraction(1, 2), gamma=3)
    >>> eq = m.noncooperative()
    >>> eq.rd, eq.quantity, eq.price, eq.profit, eq.welfare, eq.valid
    (2, 6, 13, 30, 132, True)
    >>> m.cartel().rd, m.second_best().rd, m.first_best().rd
    (2, 5, 6)
    """

    a: Number
    b: Number
    A: Number
    beta: Number
    gamma: Number
    n: int = 2

    def __post_init__(self) -> None:
        object.__setattr__(self, "a", as_param(self.a, "a"))
        object.__setattr__(self, "b", as_param(self.b, "b (demand slope)", positive=True))
        object.__setattr__(self, "A", as_param(self.A, "A (unit cost without R&D)", nonnegative=True))
        object.__setattr__(self, "beta", as_param(self.beta, "beta (spillover)", unit_interval=True))
        object.__setattr__(self, "gamma", as_param(self.gamma, "gamma (R&D cost)", positive=True))
        if isinstance(self.n, bool) or not isinstance(self.n, int):
            n = as_param(self.n, "n (number of firms)", integer=True)
            if not n.is_Integer:
                raise DomainError(f"n (number of firms) must be an integer, got {self.n!r}")
            object.__setattr__(self, "n", int(n))
        if self.n < 2:
            raise DomainError(f"n (number of firms) must be >= 2, got {self.n}")
        require(self.a - self.A > 0, f"the demand intercept a={self.a} must exceed the unit cost A={self.A} "
                                     "(otherwise nothing is produced)")

    # -- notation ------------------------------------------------------------------------------
    @property
    def _d(self) -> sp.Expr:
        return self.a - self.A

    @property
    def _u(self) -> sp.Expr:
        """Effect of own R&D on own Cournot numerator, :math:`n - (n-1)\\beta`."""
        return self.n - (self.n - 1) * self.beta

    @property
    def _w(self) -> sp.Expr:
        """Effect of a rival's R&D on own Cournot numerator, :math:`2\\beta - 1`."""
        return 2 * self.beta - 1

    @property
    def _v(self) -> sp.Expr:
        """Symmetric effect, :math:`1 + (n-1)\\beta`."""
        return 1 + (self.n - 1) * self.beta

    @property
    def _B(self) -> sp.Expr:
        return self.b * (self.n + 1) ** 2

    @property
    def _D(self) -> sp.Expr:
        return self.gamma * self._B

    @property
    def symbolic(self) -> bool:
        return is_symbolic((self.a, self.b, self.A, self.beta, self.gamma))

    # -- building blocks -----------------------------------------------------------------------
    def _ratio(self, numerator: sp.Expr, denominator: sp.Expr, what: str) -> sp.Expr:
        den = sp.cancel(to_expr(denominator))
        if den.is_zero or (den.is_number and den == 0):
            raise DomainError(f"{what}: the second-order condition holds with equality "
                              f"(denominator {denominator} = 0); no stationary point exists")
        return _tidy(numerator / denominator)

    def _symmetric_market(self, x: sp.Expr, subsidy: sp.Expr = 0) -> dict[str, sp.Expr]:
        """Stage-2 Cournot outcome and welfare at a symmetric R&D level ``x``."""
        n, b = self.n, self.b
        q = _tidy((self._d + self._v * x) / (b * (n + 1)))
        price = _tidy(self.a - b * n * q)
        cost = _tidy(self.A - self._v * x)
        profit = _tidy(b * q**2 - self.gamma * x**2 / 2 + subsidy * x)
        cs = _tidy(b * (n * q) ** 2 / 2)
        return dict(rd=_tidy(x), quantity=q, price=price, unit_cost=cost, profit=profit,
                    consumer_surplus=cs, welfare=_tidy(cs + n * profit - n * subsidy * x))

    def _common_checks(self, x: sp.Expr, m: dict[str, sp.Expr]) -> dict[str, sp.Basic]:
        return {
            "nonnegative_rd": _nonnegative(x),
            "nonnegative_cost": _nonnegative(m["unit_cost"]),
            "positive_quantity": _positive(m["quantity"]),
        }

    def _diagnostics(self) -> dict[str, sp.Basic]:
        return {
            "strategic_complements": _positive(self._w),
            "output_spillovers_plausible": _nonnegative(-self._w),
        }

    def _asymmetric_eigenvalue(self) -> sp.Expr:
        # Hessian of sum_k b q_k^2 - gamma |x|^2/2 is 2 M'M/(b(n+1)^2) - gamma I with
        # M = (u - w) I + w 11'. On vectors orthogonal to 1, M has eigenvalue
        # u - w = (n+1)(1-beta), so the Hessian has 2(1-beta)^2/b - gamma (multiplicity n-1).
        # The consumer-surplus term b Q^2/2 adds only along 1 (Q depends on sum x).
        return _tidy(2 * (1 - self.beta) ** 2 / self.b - self.gamma)

    # -- regimes -------------------------------------------------------------------------------
    def noncooperative(self, *, subsidy: Number = 0) -> RDOutcome:
        r"""Both stages noncooperative (dAJ's two-stage game); optional per-unit R&D subsidy.

        First-order condition of firm :math:`i` (own R&D, rivals' fixed; with a subsidy
        :math:`s` per unit of R&D): :math:`2u\,q_i/(n+1) - \gamma x_i + s = 0`. Symmetric:
        :math:`2u(d + vx) + sB = Dx`, so

        .. math:: x^N = \frac{2u\,d + sB}{D - 2uv}

        (duopoly, :math:`s=0`: :math:`x^N = (a-A)(2-\beta)/(4.5b\gamma - (2-\beta)(1+\beta))`,
        d'Aspremont & Jacquemin 1988). Best response slope
        :math:`r = 2uw/(D - 2u^2)`; checks: ``second_order`` :math:`D > 2u^2` and ``stability``:
        the best-response map has Jacobian :math:`r(\mathbf 1\mathbf 1^\top - I)` with spectral
        radius :math:`|r|(n-1) < 1`, i.e. :math:`D > 2uv` and :math:`D > 2u(u-(n-1)w)` (for
        :math:`n=2` Henriques's :math:`|r| < 1`; the same criterion as
        :class:`~gametheory.core.continuous.game.ContinuousGame`). The weaker stability of the
        continuous-time adjustment :math:`\dot x_i = R_i(x_{-i}) - x_i`,
        :math:`-1 < r < 1/(n-1)`, is the diagnostic ``stable_continuous_adjustment``.

        Parameters
        ----------
        subsidy : number or sympy.Expr, default 0
            Per-unit R&D subsidy :math:`s` (negative: a tax). Profits include :math:`sx`;
            ``welfare`` nets the transfer out (:math:`\lambda = 0`).
        """
        s = as_param(subsidy, "subsidy")
        u, v, D, d = self._u, self._v, self._D, self._d
        x = self._ratio(2 * u * d + s * self._B, D - 2 * u * v, "noncooperative R&D")
        return self._noncooperative_outcome("noncooperative" if s.is_zero else "noncooperative_subsidised", x, s)

    def _noncooperative_outcome(self, regime: str, x: sp.Expr, s: sp.Expr = sp.Integer(0),
                                note: str = "") -> RDOutcome:
        u, v, w, D, n = self._u, self._v, self._w, self._D, self.n
        m = self._symmetric_market(x, s)
        checks = {
            "second_order": _positive(D - 2 * u**2),
            # best-response Jacobian r(11' - I), eigenvalues r(n-1) and -r: spectral radius
            # |r|(n-1) < 1.  r < 1/(n-1) <=> D > 2uv ;  r > -1/(n-1) <=> D > 2u(u - (n-1)w)
            "stability": _and(_positive(D - 2 * u * v), _positive(D - 2 * u * (u - (n - 1) * w))),
            **self._common_checks(x, m),
        }
        diagnostics = {
            **self._diagnostics(),
            # continuous-time adjustment x_i' = R_i - x_i needs only -1 < r < 1/(n-1)
            "stable_continuous_adjustment": _and(_positive(D - 2 * u * v), _positive(D - 2 * u * (u - w))),
        }
        gain = None
        if not self.symbolic and not is_symbolic(s):
            gain = self._deviation_gain(x, s)
            scale = max(1.0, abs(float(m["profit"]))) if m["profit"].is_number else 1.0
            checks["no_profitable_deviation"] = sp.true if _gain_is_zero(gain, scale) else sp.false
        slope = self._ratio(2 * u * w, D - 2 * u**2, "reaction-function slope") if not _tidy(D - 2 * u**2).is_zero \
            else sp.nan
        return RDOutcome(regime=regime, n=n, **m, checks=checks, conditions=_and(*checks.values()),
                         diagnostics=diagnostics, max_deviation_gain=gain,
                         method="closed form (backward induction)", note=note, reaction_slope=slope)

    def cartel(self, *, symmetric: bool = True) -> RDOutcome | JointOptimum:
        r"""R&D cartel: R&D chosen jointly to maximise industry profit, output competitive.

        Joint first-order condition at a symmetric point:
        :math:`\sum_k 2b q_k\,\partial q_k/\partial x_i = 2q(u + (n-1)w)/(n+1) = 2vq/(n+1) = \gamma x`,
        so

        .. math:: x^C = \frac{2v\,d}{D - 2v^2}

        (duopoly: :math:`(a-A)(1+\beta)/(4.5b\gamma - (1+\beta)^2)`, dAJ 1988). Checks:
        ``second_order`` :math:`D > 2v^2` (along the symmetric direction) and
        ``symmetric_local_max`` :math:`b\gamma > 2(1-\beta)^2` — otherwise the symmetric point is
        a saddle and the cartel prefers unequal R&D (Salant & Shaffer 1998).

        ``symmetric=False`` (numeric parameters) maximises joint profit over unequal R&D levels,
        with the Cournot stage on its active set (:func:`~gametheory.models.rd.asymmetric.joint_optimum`).
        """
        if not symmetric:
            return self._unrestricted("profit")
        v, D, d = self._v, self._D, self._d
        x = self._ratio(2 * v * d, D - 2 * v**2, "cartel R&D")
        return self._joint_outcome("cartel", x, along=_tidy(2 * v**2 / self._B - self.gamma))

    def rjv_cartel(self) -> RDOutcome:
        r"""Research joint venture cartel — the regime of Kamien, Muller & Zang (1992) in the dAJ
        technology (not KMZ's own R&D technology): full sharing
        (:math:`\beta = 1`) and joint R&D choice: :math:`x = 2n\,d/(D - 2n^2)`
        (duopoly: :math:`4(a-A)/(9b\gamma - 8)`)."""
        full = dataclasses.replace(self, beta=sp.Integer(1))
        out = full.cartel()                 # symmetric: an RDOutcome (JointOptimum is the asymmetric form)
        assert isinstance(out, RDOutcome)
        return dataclasses.replace(out, regime="rjv_cartel", diagnostics=self._rjv_diagnostics(out),
                                   note="RJV cartel: the dAJ technology with full sharing (beta = 1) and R&D chosen jointly "
                                        "(KMZ's regime, not KMZ's own R&D technology)")

    def rjv_competition(self) -> RDOutcome:
        r"""RJV competition (the regime of KMZ 1992 in the dAJ technology): full sharing
        (:math:`\beta = 1`) but R&D chosen noncooperatively: :math:`u = 1`, :math:`v = n`, :math:`x = 2d/(D - 2n)`."""
        full = dataclasses.replace(self, beta=sp.Integer(1))
        out = full.noncooperative()
        return dataclasses.replace(out, regime="rjv_competition", diagnostics=self._rjv_diagnostics(out),
                                   note="RJV competition: the dAJ technology with full sharing (beta = 1), R&D chosen "
                                        "noncooperatively (KMZ's regime, not KMZ's technology)")

    def _rjv_diagnostics(self, out: RDOutcome) -> dict[str, sp.Basic]:
        # full sharing is agreed in an RJV, so Amir's caveat on involuntary output spillovers
        # does not apply
        return {k: c for k, c in out.diagnostics.items() if k != "output_spillovers_plausible"}

    def second_best(self, *, symmetric: bool = True) -> RDOutcome | JointOptimum:
        r"""Planner chooses R&D, firms then compete à la Cournot (Suzumura 1992).

        :math:`W = CS + \sum\pi = b q^2 n(n+2)/2 - n\gamma x^2/2` at a symmetric point;
        :math:`dW/dx = 0 \iff (n+2)v(d + vx) = Dx`:

        .. math:: x^S = \frac{(n+2)v\,d}{D - (n+2)v^2} .

        Checks: ``second_order`` :math:`D > (n+2)v^2`; ``symmetric_local_max``
        :math:`b\gamma > 2(1-\beta)^2` (the Hessian of :math:`W` orthogonal to the diagonal is
        that of joint profit). ``symmetric=False`` (numeric parameters): the planner may set
        unequal R&D levels (numeric, as for :meth:`cartel`).
        """
        if not symmetric:
            return self._unrestricted("welfare")
        n, v, D, d = self.n, self._v, self._D, self._d
        x = self._ratio((n + 2) * v * d, D - (n + 2) * v**2, "second-best R&D")
        return self._joint_outcome("second_best", x, along=_tidy((n + 2) * v**2 / self._B - self.gamma))

    def _unrestricted(self, objective: str) -> JointOptimum:
        if self.symbolic:
            raise DomainError("the unrestricted (asymmetric) joint optimum is computed numerically: "
                              "give numeric parameters")
        return joint_optimum(self, objective)

    def _joint_outcome(self, regime: str, x: sp.Expr, along: sp.Expr) -> RDOutcome:
        m = self._symmetric_market(x)
        ortho = self._asymmetric_eigenvalue()
        checks = {
            "second_order": _positive(-along),
            "symmetric_local_max": _positive(-ortho),
            **self._common_checks(x, m),
        }
        note = ("the objective is quadratic in (x_1..x_n) while all firms produce, so with both "
                "eigenvalues negative the symmetric point is the maximum over that region")
        return RDOutcome(regime=regime, n=self.n, **m, checks=checks, conditions=_and(*checks.values()),
                         diagnostics=self._diagnostics(), hessian_eigenvalues=(along, ortho),
                         method="closed form (joint first-order condition)", note=note)

    def first_best(self, *, symmetric: bool = True) -> RDOutcome | AsymmetricOptimum:
        r"""Planner chooses R&D and output.

        Symmetric (default): price equals unit cost, :math:`Q = (a - c)/b`,
        :math:`W = (d + vx)^2/(2b) - n\gamma x^2/2`, so

        .. math:: x^F = \frac{v\,d}{nb\gamma - v^2}

        (duopoly: :math:`(a-A)(1+\beta)/(2b\gamma - (1+\beta)^2)`). Check ``second_order``
        :math:`nb\gamma > v^2`. The diagnostic ``symmetric_optimal`` is ``False`` for
        :math:`\beta < 1`: the unrestricted planner concentrates output in one firm
        (``symmetric=False``, :class:`AsymmetricOptimum`).

        Unrestricted: firm 1 produces; to cut its cost by :math:`R` at least R&D cost the planner
        sets :math:`x_j = \beta x_1` (the minimum-norm point on :math:`x_1 + \beta\sum_{j>1}x_j = R`),
        with total cost :math:`\gamma R^2/(2m)`, :math:`m = 1 + (n-1)\beta^2`. Then
        :math:`W = (d+R)^2/(2b) - \gamma R^2/(2m)`, :math:`R^* = m\,d/(b\gamma - m)`,
        :math:`x_1 = d/(b\gamma - m)`. Since :math:`nm - v^2 = (n-1)(1-\beta)^2 \ge 0` the
        unrestricted optimum is strictly better whenever :math:`\beta < 1`.
        """
        if not symmetric:
            return self._unrestricted_first_best()
        n, v, d, b, g = self.n, self._v, self._d, self.b, self.gamma
        x = self._ratio(v * d, n * b * g - v**2, "first-best R&D")
        cost = _tidy(self.A - v * x)
        Q = _tidy((d + v * x) / b)
        cs = _tidy(b * Q**2 / 2)
        profit = _tidy(-g * x**2 / 2)
        m = dict(rd=x, quantity=_tidy(Q / n), price=cost, unit_cost=cost, profit=profit,
                 consumer_surplus=cs, welfare=_tidy(cs + n * profit))
        checks = {"second_order": _positive(n * b * g - v**2), **self._common_checks(x, m)}
        diagnostics = {**self._diagnostics(), "symmetric_optimal": _nonnegative(self.beta - 1)}
        return RDOutcome(regime="first_best", n=n, **m, checks=checks, conditions=_and(*checks.values()),
                         diagnostics=diagnostics, method="closed form (planner, symmetric)",
                         note="symmetric first best (price = unit cost, so firms' R&D costs are their losses, "
                              "financed lump-sum); for beta < 1 the unrestricted planner is asymmetric "
                              "(first_best(symmetric=False))")

    def _unrestricted_first_best(self) -> AsymmetricOptimum:
        n, d, b, g, beta = self.n, self._d, self.b, self.gamma, self.beta
        mm = 1 + (n - 1) * beta**2
        x1 = self._ratio(d, b * g - mm, "unrestricted first-best R&D")
        R = _tidy(mm * x1)
        rd = (x1,) + tuple(_tidy(beta * x1) for _ in range(n - 1))
        c1 = _tidy(self.A - R)
        costs = (c1,) + tuple(_tidy(self.A - rd[j] - beta * (sum(rd) - rd[j])) for j in range(1, n))
        Q = _tidy((d + R) / b)
        cs = _tidy(b * Q**2 / 2)
        profits = tuple(_tidy(-g * x**2 / 2) for x in rd)
        checks = {"second_order": _positive(b * g - mm), "nonnegative_rd": _nonnegative(x1),
                  "nonnegative_cost": _nonnegative(c1)}
        return AsymmetricOptimum(rd=rd, quantities=(Q,) + tuple(sp.Integer(0) for _ in range(n - 1)),
                                 price=c1, costs=costs, profits=profits, consumer_surplus=cs,
                                 welfare=_tidy(cs + sum(profits)), checks=checks,
                                 conditions=_and(*checks.values()),
                                 method="closed form (planner, unrestricted)",
                                 note="only firm 1 produces; the others do R&D x_j = beta x_1 for it")

    # -- policy --------------------------------------------------------------------------------
    def subsidy_policy(self, shadow_cost: Number = 0, *, allow_tax: bool = True) -> SubsidyOutcome:
        r"""Optimal per-unit R&D subsidy set by a government leader with shadow cost :math:`\lambda` (closed form).

        Stage 0 the government sets :math:`s`; firms then play :meth:`noncooperative`, so
        :math:`x(s) = (2ud + sB)/\Delta` with :math:`\Delta = D - 2uv`. Net welfare
        :math:`W = CS + \Pi - \lambda G`, :math:`G = nsx`. Writing :math:`s` through :math:`x`,
        :math:`s = (\Delta x - 2ud)/B`, and setting :math:`dW/dx = 0`:

        .. math::

            x^*(\lambda) = \frac{d\,[(n+2)v + 2\lambda u]}{D - (n+2)v^2 + 2\lambda\Delta},\qquad
            s^*(\lambda) = \frac{d\,[\gamma((n+2)v - 2u) - 2\lambda u\Delta/B]}{D - (n+2)v^2 + 2\lambda\Delta}.

        At :math:`\lambda = 0` the subsidy implements the second best; it is positive iff
        :math:`(n+2)v > 2u`, i.e. :math:`\beta > (n-2)/((n-1)(n+4))`. For large :math:`\lambda`
        the government taxes R&D (revenue counts at :math:`1+\lambda`) unless ``allow_tax=False``
        (then :math:`s = \max(0, s^*)`, welfare being concave in :math:`s`).

        Parameters
        ----------
        shadow_cost : number or sympy.Expr, default 0
            :math:`\lambda \ge 0`.
        allow_tax : bool, default True
            Whether :math:`s < 0` (a tax on R&D) is allowed.

        Examples
        --------
        With the class example (:math:`d = 15, u = v = 3/2, D = 27, B = 9`) at :math:`\lambda = 0`:
        :math:`s^* = 3\cdot 15\cdot 3/18 = 15/2` and :math:`x = (45 + 67.5)/22.5 = 5 = x^S`.

        >>> from fractions import Fraction
        >>> p = SpilloverRD(a=25, b=1, A=10, beta=Fraction(1, 2), gamma=3).subsidy_policy()
        >>> p.subsidy, p.rd, p.welfare == p.second_best_welfare, p.gap_closed
        (15/2, 5, True, 1)
        """
        lam = as_param(shadow_cost, "shadow_cost (lambda)", nonnegative=True)
        n, u, v, d, D, B = self.n, self._u, self._v, self._d, self._D, self._B
        delta = D - 2 * u * v
        den = D - (n + 2) * v**2 + 2 * lam * delta
        s = self._ratio(d * (self.gamma * ((n + 2) * v - 2 * u) - 2 * lam * u * delta / B), den,
                        "optimal R&D subsidy")
        if not allow_tax:
            s = _tidy(sp.Max(0, s))
        market = self.noncooperative(subsidy=s)
        outlay = _tidy(n * s * market.rd)
        account = welfare_account(consumer_surplus=market.consumer_surplus,
                                  producer_surplus=n * market.profit,
                                  public_outlay=outlay, shadow_cost=lam, simplify=False)
        welfare = _tidy(account.welfare)
        w_lf = self.noncooperative().welfare
        w_sb = self.second_best().welfare
        w_b = self._benchmark(lam, w_sb, market.rd) if allow_tax else w_sb
        if self.symbolic or is_symbolic(lam):
            gap = _tidy((welfare - w_lf) / (w_b - w_lf))
        else:
            gap = _gap_closed(welfare, w_lf, w_b)
        checks = {**{k: c for k, c in market.checks.items()},
                  "concave_in_subsidy": _and(_positive(den), _positive(delta))}
        return SubsidyOutcome(shadow_cost=lam, subsidy=s, rd=market.rd, quantity=market.quantity,
                              price=market.price, profit=market.profit,
                              consumer_surplus=market.consumer_surplus, outlay=outlay, welfare=welfare,
                              laissez_faire_welfare=w_lf, second_best_welfare=w_sb, gap_closed=gap,
                              market=market, checks=checks, conditions=_and(*checks.values()),
                              method="closed form (Stackelberg leader, backward induction)",
                              benchmark_welfare=w_b, fiscal_rule="limited_liability")

    #: every instrument :meth:`coordinate` knows, cheapest first (ties go to the one listed first)
    INSTRUMENTS = ("subsidy", "cost share", "dues", "mandate")

    def coordinate(self, shadow_cost: Number = 0, *, instruments: tuple = INSTRUMENTS,
                   allow_tax: bool = True, levy_enforcement_cost: Number | None = None,
                   enforcement_cost: Number | None = None) -> RDPolicyOutcome:
        r"""The government coordinator (core policy engine) over R&D instruments, one at a time.

        Each instrument is declared to :class:`~gametheory.core.coordinator.Coordinator` — its
        response (the firms' symmetric noncooperative R&D), its budget and its box — and the
        engine evaluates corners, kinks and stationary points:

        * ``"subsidy"``: :math:`s` per unit of R&D, :math:`x(s) = (2ud + sB)/\Delta`,
          budget :math:`nsx`;
        * ``"cost share"``: a share :math:`\sigma < 1 - 2uv/D` of the R&D cost,
          :math:`x(\sigma) = 2ud/((1-\sigma)D - 2uv)`, budget :math:`n\sigma\gamma x^2/2`;
        * ``"dues"``: the per-unit subsidy financed by a compulsory industry levy — lump-sum dues
          on the :math:`n` firms equal to the bill :math:`nsx` (a statutory R&D levy, as in
          several national schemes). Firms respond as to the subsidy, no public money changes
          hands, so :math:`W(x) = CS + n\pi(x) - (1+\lambda)C` with
          :math:`\pi = bq^2 - \gamma x^2/2` the profit net of the levy: the engine finds the
          second best :math:`x^S` whatever :math:`\lambda`. The levy is lump sum only if it is
          compulsory; collecting it costs :math:`C` = ``levy_enforcement_cost``, a real
          resource paid from public funds (weight :math:`1+\lambda`). Limited liability: a firm
          facing dues above its profit would exit, so :math:`x \le \hat x` with
          :math:`\pi(\hat x) = 0`; and the unit cost stays :math:`\ge 0` (:math:`x \le A/v`);
        * ``"mandate"``: an R&D floor :math:`\bar x \ge x^N` per firm (a floor above the Nash
          level binds: the best response to others at :math:`\bar x` is below :math:`\bar x`
          when the reaction slope is below one), verified at :math:`e` = ``enforcement_cost`` per
          firm from public funds: :math:`W = CS + n\pi(\bar x) - (1+\lambda)ne`, with the same
          limited-liability and unit-cost bounds.

        Enforcement is never assumed free: the dues are a candidate only with
        ``levy_enforcement_cost`` and the mandate only with ``enforcement_cost`` (``0`` takes it
        as free and the notes say so); otherwise the notes say why the instrument was left out.
        Laissez-faire is a candidate too and wins ties, so a costly mandate that cannot raise
        welfare is not reported.

        A negative subsidy or cost share is a tax on R&D (``allow_tax=False`` restricts the
        boxes to :math:`\ge 0`). The winner is the instrument with the highest welfare (ties go to
        laissez-faire, then to the one listed first in :attr:`INSTRUMENTS`). Fiscal rule
        ``"limited_liability"``: transfers at :math:`1 + \lambda`; the benchmark
        (``first_best_welfare``) is the second best with the same transfers,
        :math:`\max_x CS + n\pi + \lambda n\max(\pi, 0)` (a tax on R&D never takes more than a
        firm's profit, since the firm can do no R&D and pay nothing), or the plain second best
        when taxes are excluded; every coordinated outcome is feasible for it, so
        :math:`W \le W^B` and ``gap_closed`` (unclamped) lies in :math:`[0, 1]`. The closed
        forms are :meth:`subsidy_policy` and :meth:`cost_share_policy`. Symbolic models fall
        back to those closed forms and evaluate the subsidy and the cost share only.

        Returns
        -------
        RDPolicyOutcome
            The core ``PolicyOutcome`` (``instrument`` and ``alternatives`` say which
            instruments were evaluated and which won), with shortcuts ``subsidy``,
            ``cost_share``, ``dues``, ``mandate``, ``rd`` and ``benchmark_welfare``.

        Examples
        --------
        Class example at :math:`\lambda = 1/5` (:meth:`cost_share_policy`: :math:`x = 21/5`,
        :math:`\sigma = 55/126`, :math:`W = 1441/10`; per-unit subsidy :math:`W = 421/3 < 1441/10`):

        >>> from fractions import Fraction
        >>> m = SpilloverRD(a=25, b=1, A=10, beta=Fraction(1, 2), gamma=3)
        >>> p = m.coordinate(Fraction(1, 5))
        >>> p.instrument, p.cost_share, p.rd, p.welfare
        ('cost share', 55/126, 21/5, 1441/10)

        With a compulsory levy costing :math:`C = 1`: the dues implement the second best
        (:math:`x^S = 5`, :math:`W^S = 150`) at :math:`s = 15/2` (the subsidy that implements it
        at :math:`\lambda = 0`), so :math:`W = 150 - (6/5)\cdot 1 = 744/5 > 1441/10`:

        >>> p = m.coordinate(Fraction(1, 5), levy_enforcement_cost=1)
        >>> p.instrument, p.dues, p.rd, p.welfare
        ('dues', 15/2, 5, 744/5)
        """
        from gametheory.core.coordinator import Coordinator, Instrument

        lam = as_param(shadow_cost, "shadow_cost (lambda)", nonnegative=True)
        if isinstance(instruments, str):
            instruments = (instruments,)
        instruments = tuple(instruments)
        unknown = [i for i in instruments if i not in self.INSTRUMENTS]
        if unknown or not instruments:
            raise DomainError(f"instruments must be a non-empty subset of {self.INSTRUMENTS}, got {instruments}")
        notes: list[str] = []
        # enforcement is never assumed free (issue 14): the levy needs collection, the mandate verification
        prices = {"dues": ("levy_enforcement_cost", levy_enforcement_cost),
                  "mandate": ("enforcement_cost", enforcement_cost)}
        for name, (param, value) in prices.items():
            if name in instruments and value is None:
                notes.append(f"{name} not a candidate: its enforcement is not free — give {param} "
                             "(0 assumes it free, and the notes then say so)")
            elif name in instruments and as_param(value, param, nonnegative=True) == 0:
                notes.append(f"{name}: enforcement taken as free ({param}=0)")
        if self.symbolic and any(i in instruments for i in prices):
            notes.append("dues and mandate are evaluated for numeric parameters only (their limited-liability "
                         "bound is a root of the profit)")
        instruments = tuple(i for i in instruments
                            if i not in prices or (prices[i][1] is not None and not self.symbolic))
        if not instruments:
            raise DomainError("no instrument left to evaluate: " + "; ".join(notes))
        C = as_param(levy_enforcement_cost, "levy_enforcement_cost", nonnegative=True) \
            if levy_enforcement_cost is not None else sp.Integer(0)
        e = as_param(enforcement_cost, "enforcement_cost", nonnegative=True) \
            if enforcement_cost is not None else sp.Integer(0)
        n, u, v, d, D, B, b, g = self.n, self._u, self._v, self._d, self._D, self._B, self.b, self.gamma
        x = sp.Symbol("x_rd", real=True)
        q = (d + v * x) / (b * (n + 1))
        s, sig = sp.Symbol("s", real=True), sp.Symbol("sigma", real=True)
        dues, xbar = sp.Symbol("s_levy", real=True), sp.Symbol("x_floor", real=True)
        lo = sp.Integer(0) if not allow_tax else -sp.oo
        delta = D - 2 * u * v
        x_subsidy = (2 * u * d + s * B) / delta
        profit = b * q**2 - g * x**2 / 2
        market = {"consumer_surplus": b * (n * q) ** 2 / 2, "producer_surplus": n * profit}
        decl = {
            "subsidy": (s, x_subsidy, n * s * x, (lo, sp.oo), n * s * x),
            "cost share": (sig, 2 * u * d / ((1 - sig) * D - 2 * u * v), n * sig * g * x**2 / 2,
                           (lo, _tidy(1 - 2 * u * v / D)), n * sig * g * x**2 / 2),
        }
        if any(i in instruments for i in prices):
            x_top = self._limited_liability_rd()
            x_nash = self.noncooperative().rd
            if "dues" in instruments:
                s_top = sp.oo if x_top == sp.oo else _tidy((delta * x_top - 2 * u * d) / B)
                # the levy is budget-balanced: subsidy received and dues paid cancel in PS (no
                # transfer to firms); the public purse pays only the levy's collection C, a real
                # resource bought with public funds (in the budget, so at 1 + lambda, once)
                decl["dues"] = (dues, x_subsidy.subs(s, dues), C, (lo, s_top), 0)
            if "mandate" in instruments:
                decl["mandate"] = (xbar, xbar, n * e, (x_nash, x_top), 0)

        def engine(name: str, first_best: Any = None):
            # the engine's W = CS + PS - R - (1 + lambda) * budget, PS including what firms receive;
            # enforcement the government pays is in the budget only (core.coordinator's conventions)
            sym, resp, budget, bounds, to_firms = decl[name]
            gov = Coordinator([Instrument(name, sym, bounds=bounds, budget=budget)], response={x: resp},
                              welfare_parts={"consumer_surplus": market["consumer_surplus"],
                                             "producer_surplus": market["producer_surplus"] + to_firms},
                              shadow_cost=lam, first_best=first_best,
                              laissez_faire=self.noncooperative().welfare)
            return gov.solve()

        try:
            outs = {name: engine(name) for name in instruments}
        except (TypeError, ValueError, DomainError) as exc:
            if not self.symbolic or not allow_tax:
                raise
            # the engine's symbolic path cannot order candidates whose values depend on the model's
            # symbols; the closed forms are the same first-order conditions, solved by hand
            return self._closed_form_coordinate(lam, tuple(i for i in instruments if i not in prices),
                                                reason=f"{type(exc).__name__}: {exc}")
        w_lf = self.noncooperative().welfare
        # the menu step of the core engine: laissez-faire first, then the instruments in order
        choice = choose_instrument({"laissez-faire": w_lf, **{name: _tidy(outs[name].welfare) for name in instruments}})
        best, open_ranking = choice.best or instruments[0], choice.open
        w_sb = self.second_best().welfare
        if best == "laissez-faire":
            x_best = self.noncooperative().rd
        else:
            x_best = next(iter(outs[best].response.values()))
        w_b = self._benchmark(lam, w_sb, x_best) if allow_tax else w_sb
        notes.insert(0, "fiscal rule limited_liability: transfers at 1 + lambda; benchmark = second best with "
                        "the same transfers (a tax on R&D at most a firm's profit)" if allow_tax else
                        "fiscal rule limited_liability without taxes: benchmark = second best")
        if open_ranking:
            notes.append(f"the ranking of {instruments} depends on the symbols: {best} is reported, "
                         "compare the alternatives' welfare")
        alternatives = {name: o.welfare for name, o in outs.items()}
        if best == "laissez-faire":
            notes.append(f"no instrument beats laissez-faire (evaluated: {', '.join(instruments)})")
            return self._laissez_faire_outcome(lam, w_b, alternatives, tuple(notes))
        out = engine(best, first_best=w_b)
        fields = {f: getattr(out, f) for f in out.__dataclass_fields__}
        level = out.policy[best]
        # a firm's payoff with what it receives (subsidy s x, cost share sigma gamma x^2 / 2; the dues
        # cancel against the levy-financed subsidy, the mandate pays nothing): participation = payoff >= 0
        received = {"subsidy": level * x_best, "cost share": level * g * x_best**2 / 2}.get(best, 0)
        payoff = _tidy(profit.subs(x, x_best) + received)
        binding = None
        if best in prices and not self.symbolic:
            # liability binds where the duty stops at the profit's root (not at the unit-cost bound A/v)
            binding = bool(_tidy(profit.subs(x, x_best)) == 0)
        elif best not in prices:
            binding = False
        enforcement = {"dues": C, "mandate": n * e}.get(best, sp.Integer(0))
        fields.update(response={"rd": next(iter(out.response.values()))}, fiscal_rule="limited_liability", instrument=best,
                      alternatives=alternatives, notes=tuple(out.notes) + tuple(notes), enforcement_cost=enforcement,
                      flags={"participation": _decided_nonnegative(payoff), "limited_liability_binding": binding,
                             "benchmark_attainable": True})
        if self.symbolic or is_symbolic(lam):
            fields["gap_closed"] = _tidy((out.welfare - out.laissez_faire_welfare) / (w_b - out.laissez_faire_welfare))
        return RDPolicyOutcome(**fields)

    def _limited_liability_rd(self) -> sp.Expr:
        r"""Largest symmetric R&D a levy or a mandate can ask for: :math:`\pi(x) \ge 0` and unit cost :math:`\ge 0`.

        :math:`\pi(x) = b q(x)^2 - \gamma x^2/2` with :math:`q = (d + vx)/(b(n+1))` linear, so
        :math:`\pi \ge 0 \iff \sqrt{b}\,q(x) \ge \sqrt{\gamma/2}\,x`, i.e.
        :math:`x \le \hat x = d / ((n+1)\sqrt{b\gamma/2} - v)` when the denominator is positive
        (otherwise profit stays positive for every :math:`x \ge 0`); the unit cost
        :math:`A - vx \ge 0` gives :math:`x \le A/v`.
        """
        n, v, d, b, g = self.n, self._v, self._d, self.b, self.gamma
        den = _tidy((n + 1) * sp.sqrt(b * g / 2) - v)
        bounds = [_tidy(self.A / v)]          # v = 1 + (n - 1) beta > 0
        if den > 0:
            bounds.append(_tidy(d / den))
        return min(bounds) if bounds else sp.oo

    def _laissez_faire_outcome(self, lam: sp.Expr, w_b: Any, alternatives: dict, notes: tuple) -> RDPolicyOutcome:
        """The coordinator's report when no instrument beats laissez-faire."""
        from gametheory.core.welfare import welfare_account as account_of

        nc = self.noncooperative()
        acc = account_of(consumer_surplus=nc.consumer_surplus, producer_surplus=self.n * nc.profit,
                         public_outlay=0, shadow_cost=lam, simplify=False)
        return RDPolicyOutcome(policy={}, response={"rd": nc.rd}, account=acc, welfare=nc.welfare, transfers={},
                               shadow_cost=lam, laissez_faire_welfare=nc.welfare, first_best_welfare=w_b,
                               gap_closed=sp.Integer(0), conditions=sp.true, method="laissez-faire (menu step)",
                               notes=notes, fiscal_rule="limited_liability", instrument="laissez-faire",
                               alternatives=alternatives,
                               flags={"participation": _decided_nonnegative(nc.profit),
                                      "limited_liability_binding": False, "benchmark_attainable": True})

    def _closed_form_coordinate(self, lam: sp.Expr, instruments: tuple, reason: str) -> RDPolicyOutcome:
        """:meth:`coordinate` from the closed forms when the engine cannot handle symbolic parameters."""
        from gametheory.core.welfare import welfare_account as account_of

        outs = {}
        for name in instruments:
            o = self.subsidy_policy(lam) if name == "subsidy" else self.cost_share_policy(lam)
            outs[name] = o
        notes = [f"closed forms (subsidy_policy / cost_share_policy): the engine's symbolic path failed ({reason})",
                 "fiscal rule limited_liability: transfers at 1 + lambda; benchmark = second best with the same "
                 "transfers (a tax on R&D at most a firm's profit)"]
        choice = choose_instrument({name: _tidy(outs[name].welfare) for name in instruments})
        best = choice.best or instruments[0]
        if choice.open:
            notes.append(f"the ranking of {instruments} depends on the symbols: {best} is reported, "
                         "compare the alternatives' welfare")
        o = outs[best]
        level = o.subsidy if isinstance(o, SubsidyOutcome) else o.cost_share
        acc = account_of(consumer_surplus=o.consumer_surplus, producer_surplus=self.n * o.profit,
                         public_outlay=o.outlay, shadow_cost=lam, simplify=False)
        return RDPolicyOutcome(policy={best: level}, response={"rd": o.rd}, account=acc, welfare=o.welfare,
                               transfers={best: o.outlay}, shadow_cost=lam,
                               laissez_faire_welfare=o.laissez_faire_welfare, first_best_welfare=o.benchmark_welfare,
                               gap_closed=o.gap_closed, conditions=o.conditions, method="closed form",
                               notes=tuple(notes), fiscal_rule="limited_liability", instrument=best,
                               alternatives={k: v.welfare for k, v in outs.items()},
                               flags={"limited_liability_binding": False, "benchmark_attainable": True})

    def cost_share_policy(self, shadow_cost: Number = 0) -> CostShareOutcome:
        r"""Optimal cost share :math:`\sigma` of the R&D cost (a tax credit), closed form.

        Firms pay :math:`(1-\sigma)\gamma x^2/2`, so :math:`x(\sigma) = 2ud/((1-\sigma)D - 2uv)`.
        Writing :math:`\sigma` through the R&D it implements, :math:`\sigma\gamma x = (\Delta x - 2ud)/B`
        (:math:`\Delta = D - 2uv`): the same marginal incentive as a per-unit subsidy
        :math:`s = (\Delta x - 2ud)/B`, but the outlay :math:`G = n\sigma\gamma x^2/2 = nx(\Delta x - 2ud)/(2B)`
        is *half* the per-unit subsidy's :math:`nsx`. With
        :math:`W(x) = n(n+2)(d+vx)^2/(2B) - n\gamma x^2/2 - \lambda G(x)`, :math:`W'(x) = 0` gives

        .. math::

            x^*(\lambda) = \frac{d\,[(n+2)v + \lambda u]}{D - (n+2)v^2 + \lambda\Delta},\qquad
            \sigma^* = 1 - \frac{2u(d + v x^*)}{D x^*},

        against :math:`d[(n+2)v + 2\lambda u]/(D - (n+2)v^2 + 2\lambda\Delta)` for the per-unit
        subsidy (:meth:`subsidy_policy`): at :math:`\lambda = 0` both implement the second best;
        for :math:`\lambda > 0` the cost share buys more R&D per unit of public money. A negative
        :math:`\sigma^*` taxes R&D cost (revenue valued at :math:`1+\lambda`). Checks: the
        firms' game under :math:`\sigma^*` (dAJ with R&D cost :math:`(1-\sigma^*)\gamma`) and
        ``concave_in_policy`` :math:`D(1+\lambda) - (n+2)v^2 - 2\lambda uv > 0`.

        Examples
        --------
        Class example (:math:`d = 15, u = v = 3/2, D = 27, B = 9, \Delta = 45/2`) at
        :math:`\lambda = 1`: :math:`x^* = 15(6 + 3/2)/(27 - 9 + 45/2) = 112.5/40.5 = 25/9`,
        :math:`\sigma^* = 1 - 3(15 + 25/6)/(27\cdot 25/9) = 1 - (115/2)/75 = 7/30`.

        >>> from fractions import Fraction
        >>> p = SpilloverRD(a=25, b=1, A=10, beta=Fraction(1, 2), gamma=3).cost_share_policy(1)
        >>> p.rd, p.cost_share
        (25/9, 7/30)
        """
        lam = as_param(shadow_cost, "shadow_cost (lambda)", nonnegative=True)
        n, u, v, d, D = self.n, self._u, self._v, self._d, self._D
        delta = D - 2 * u * v
        den = D - (n + 2) * v**2 + lam * delta
        x = self._ratio(d * ((n + 2) * v + lam * u), den, "optimal cost share")
        if _tidy(x).is_zero:
            raise DomainError("the optimal cost share implements zero R&D: sigma is not defined")
        sigma = _tidy(1 - 2 * u * (d + v * x) / (D * x))
        if (sigma - 1).is_nonnegative:
            raise DomainError(f"the optimal cost share is {sigma} >= 1: the firms' problem is not concave")
        market = dataclasses.replace(self, gamma=_tidy((1 - sigma) * self.gamma)).noncooperative()
        outlay = _tidy(n * sigma * self.gamma * market.rd**2 / 2)
        account = welfare_account(consumer_surplus=market.consumer_surplus, producer_surplus=n * market.profit,
                                  public_outlay=outlay, shadow_cost=lam, simplify=False)
        welfare = _tidy(account.welfare)
        w_lf = self.noncooperative().welfare
        w_sb = self.second_best().welfare
        w_b = self._benchmark(lam, w_sb, market.rd)
        if self.symbolic or is_symbolic(lam):
            gap = _tidy((welfare - w_lf) / (w_b - w_lf))
        else:
            gap = _gap_closed(welfare, w_lf, w_b)
        checks = {**dict(market.checks),
                  "concave_in_policy": _positive(D * (1 + lam) - (n + 2) * v**2 - 2 * lam * u * v)}
        return CostShareOutcome(shadow_cost=lam, cost_share=sigma, rd=market.rd, quantity=market.quantity,
                                price=market.price, profit=market.profit, consumer_surplus=market.consumer_surplus,
                                outlay=outlay, welfare=welfare, laissez_faire_welfare=w_lf,
                                second_best_welfare=w_sb, gap_closed=gap, market=market, checks=checks,
                                conditions=_and(*checks.values()),
                                method="closed form (Stackelberg leader, backward induction)",
                                benchmark_welfare=w_b, fiscal_rule="limited_liability")

    def _benchmark(self, lam, w_sb, x_coord):
        r"""Second best with the same transfers (default fiscal rule, :class:`SubsidyOutcome`).

        :math:`\max_x CS(x) + n\pi(x) + \lambda n \max(\pi(x), 0)` over symmetric R&D with
        non-negative cost and output; the candidates are the objective's stationary point, the
        second best, :math:`x = 0`, the coordinator's own :math:`x` (so that :math:`W \le W^B`
        holds by construction) and the feasibility boundaries (zero profit, zero cost). A tax on
        R&D never takes more than a firm's profit: the firm could do no R&D and pay nothing.
        """
        xs = sp.Symbol("x_rd", real=True)
        m = self._symmetric_market(xs)
        n = self.n
        obj = m["consumer_surplus"] + (1 + lam) * n * m["profit"]
        if self.symbolic or is_symbolic(lam):
            val = (lambda x: _tidy((m["consumer_surplus"] + n * m["profit"]
                                    + lam * n * m["profit"]).subs(xs, x)))
            # the objective's stationary point, where it is a feasible maximum (concave, profit >= 0
            # so that the revenue is within limited liability, R&D and unit cost >= 0)
            cands = [w_sb, val(x_coord)]
            lead = _tidy(sp.diff(obj, xs, 2))
            roots = sp.solve(sp.diff(obj, xs), xs)
            if len(roots) == 1 and not lead.is_nonnegative:
                xb = _tidy(roots[0])
                ok = sp.And(_positive(-lead), _nonnegative(m["profit"].subs(xs, xb)), _nonnegative(xb),
                            _nonnegative(m["unit_cost"].subs(xs, xb)), _positive(m["quantity"].subs(xs, xb)))
                if ok is not sp.false:
                    cands.append(val(xb) if ok is sp.true else sp.Piecewise((val(xb), ok), (w_sb, True)))
            return sp.Max(*cands, evaluate=False)
        pts = {sp.Integer(0), x_coord, self.second_best().rd}
        d1 = sp.diff(obj, xs)
        pts.update(r for r in sp.solve(d1, xs) if r.is_real)
        pts.update(r for r in sp.solve(m["profit"], xs) if r.is_real)
        pts.update(r for r in sp.solve(m["unit_cost"], xs) if r.is_real)
        best = w_sb
        for x in pts:
            if not (x >= 0 and m["unit_cost"].subs(xs, x) >= 0 and m["quantity"].subs(xs, x) > 0):
                continue
            pi = m["profit"].subs(xs, x)
            val = m["consumer_surplus"].subs(xs, x) + n * pi + lam * n * max(pi, sp.Integer(0))
            # never nsimplify a float: it invents radicals (2**(64/143)...) from rounding noise
            best = max(best, val)
        return best

    def regimes(self) -> dict[str, RDOutcome]:
        """All six symmetric regimes, keyed by name (a regime whose denominator vanishes is left out)."""
        out: dict[str, RDOutcome] = {}
        for name in ("noncooperative", "cartel", "rjv_competition", "rjv_cartel", "second_best", "first_best"):
            try:
                out[name] = getattr(self, name)()
            except DomainError:
                continue
        return out

    # -- verification --------------------------------------------------------------------------
    def deviation_profit(self, deviation: Number, others: Number, subsidy: Number = 0) -> sp.Expr:
        r"""Profit of a firm choosing R&D ``deviation`` when its :math:`n-1` rivals choose ``others``.

        The Cournot stage is solved on its active set (the deviator alone, the rivals alone, or
        everyone), so the profit is exact for large deviations too.
        """
        y, x, s = (to_expr(z) for z in (deviation, others, subsidy))
        n, a, b, A, beta = self.n, self.a, self.b, self.A, self.beta
        c1 = A - y - beta * (n - 1) * x
        cr = A - x - beta * (y + (n - 2) * x)
        q1 = (a - n * c1 + (n - 1) * cr) / (b * (n + 1))
        qr = (a - 2 * cr + c1) / (b * (n + 1))
        if q1 > 0 and qr > 0:
            margin = b * q1
            q = q1
        elif qr <= 0 and a - c1 > 0:  # rivals exit, the deviator is a monopolist
            q = (a - c1) / (2 * b)
            margin = b * q
        else:  # the deviator exits
            q = sp.Integer(0)
            margin = sp.Integer(0)
        return margin * q - self.gamma * y**2 / 2 + s * y

    def _deviation_gain(self, x: sp.Expr, s: sp.Expr) -> sp.Expr:
        """Largest gain from a unilateral R&D deviation (exact for exact parameters).

        The deviation profit is piecewise quadratic in the deviator's R&D ``y`` (pieces: all
        firms active; rivals out; deviator out). Its maximum over the feasible interval
        (``y >= 0`` and every unit cost >= 0) is attained at an endpoint, a breakpoint or a
        stationary point of a piece, so evaluating the exact profit at all of them is exact.
        """
        n, a, b, A = self.n, self.a, self.b, self.A
        beta, g = to_expr(self.beta), to_expr(self.gamma)  # sympy after __post_init__ (fields type the input)
        d, u, w, D = self._d, self._u, self._w, self._D
        upper = [A - beta * (n - 1) * x]                       # own cost >= 0
        if not beta.is_zero:               # sympy Float(0.0) != 0 is True: test the value, not the type
            upper.append((A - x - beta * (n - 2) * x) / beta)  # rivals' costs >= 0
        y_max = min(upper)
        if y_max < 0:
            return sp.oo
        candidates = {sp.Integer(0), y_max, x}
        K = d + w * (n - 1) * x
        if not (D - 2 * u**2).is_zero:
            candidates.add((2 * u * K + s * self._B) / (D - 2 * u**2))   # interior stationary point
        candidates.add(-K / u)                                            # own interior q = 0
        if not to_expr(w).is_zero:
            candidates.add(-(d + (u + (n - 2) * w) * x) / w)               # rivals' interior q = 0
        if not (2 * b * g - 1).is_zero:
            candidates.add((d + beta * (n - 1) * x + 2 * b * s) / (2 * b * g - 1))  # monopoly piece
        feasible = [y for y in candidates if y.is_real and 0 <= y <= y_max]
        base = self.deviation_profit(x, x, s) if 0 <= x <= y_max else None
        best = max(self.deviation_profit(y, x, s) for y in feasible)
        if base is None:
            return sp.oo
        return _tidy(best - base)


def _gain_is_zero(gain: sp.Expr, scale: float = 1.0) -> bool:
    """Exact gains must be <= 0; floating gains may exceed 0 by rounding (relative 1e-9)."""
    if gain is None:
        return False
    gain = to_expr(gain)
    if gain.has(sp.Float):
        return float(gain) <= 1e-9 * scale
    return bool(gain <= 0)
