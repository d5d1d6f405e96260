r"""R&D with absorptive capacity: spillovers that must be earned (Cohen & Levinthal 1989).

In :mod:`gametheory.models.rd` the spillover :math:`\beta` is a gift: a firm that does no R&D
absorbs its rivals' knowledge as well as one that does. Cohen & Levinthal (1989) call R&D's
second face *learning*: own R&D builds the capacity to absorb others' knowledge. Kamien & Zang
(2000) write a firm's *effective* R&D so that what it absorbs depends on its own R&D; with the
R&D approach held fixed (as in Grünfeld 2003) and :math:`n` firms,

.. math::

    X_i = x_i + \beta\, x_i^{\delta} \sum_{j \ne i} x_j^{1-\delta}, \qquad
    c_i = A - X_i, \qquad \delta \in [0, 1),

so the *effective spillover rate* firm :math:`i` receives from :math:`j` is
:math:`\beta_{ij} = \beta (x_i/x_j)^{\delta}`: it rises with own R&D, and a firm without R&D
absorbs nothing (for :math:`\delta > 0`). The rate exceeds 1 only when
:math:`x_i > x_j\beta^{-1/\delta}`, far from the symmetric profiles studied here (where it is
:math:`\beta`); the deviation checks allow such profiles only while every unit cost stays
non-negative. :math:`\delta = 0` is d'Aspremont & Jacquemin (1988),
:class:`~gametheory.models.rd.SpilloverRD`. At a symmetric profile :math:`X = (1+(n-1)\beta)x`
as in dAJ, but the marginal effects change:

.. math::

    e = \partial X_i/\partial x_i = 1 + (n-1)\beta\delta, \quad
    f = \partial X_j/\partial x_i = \beta(1-\delta), \quad
    \kappa = \beta\delta(1-\delta)

(second derivatives :math:`\partial^2 X_i/\partial x_i^2 = -(n-1)\kappa/x`,
:math:`\partial^2 X_i/\partial x_i\partial x_j = \kappa/x`, :math:`\partial^2 X_j/\partial x_i^2 = -\kappa/x`).
With the Cournot numerator :math:`N_i = d + nX_i - \sum_{j\ne i}X_j` (:math:`d = a - A`),
:math:`q_i = N_i/(b(n+1))`, :math:`\pi_i = N_i^2/B - \gamma x_i^2/2`, :math:`B = b(n+1)^2`:

.. math::

    u_A = \partial N_i/\partial x_i = ne - (n-1)f = u + (n^2-1)\beta\delta, \qquad
    w_A = \partial N_i/\partial x_j = 2f - e, \qquad v = e + (n-1)f = 1 + (n-1)\beta .

*Noncooperative* (symmetric FOC :math:`2u_A N/B = \gamma x`):
:math:`x^N = 2u_A d/(D - 2u_A v)`, :math:`D = \gamma B` — absorptive capacity raises the private
return to R&D (:math:`u_A > u`). *Cartel* (joint profit): by Euler's theorem (:math:`X` is
homogeneous of degree one) the symmetric FOC is dAJ's, :math:`x^C = 2vd/(D - 2v^2)`; only its
second-order conditions change. Hence cooperative R&D exceeds noncooperative R&D iff
:math:`v > u_A`, i.e. :math:`\beta(2 - (n+1)\delta) > 1`: the critical spillover
:math:`1/(2-(n+1)\delta)` rises with the learning parameter and no spillover is high enough once
:math:`\delta \ge 1/(n+1)` (Grünfeld 2003's finding for the duopoly).
*Research joint ventures*: full sharing :math:`\beta = 1` agreed among members, each still
absorbing through its own R&D (:math:`\delta` kept), R&D chosen noncooperatively
(``rjv_competition``) or jointly (``rjv_cartel``). This is *not* Kamien, Muller & Zang's (1992)
own R&D technology (a concave production of cost reduction); it is the dAJ/absorption
technology with :math:`\beta = 1`.

Validity conditions (at the symmetric point, with :math:`N/x` replaced by its value from the
first-order condition, so that every condition is a closed form):

* noncooperative second-order condition :math:`\pi_{ii} = 2(u_A^2 - (n-1)^2\kappa N/x)/B - \gamma < 0`;
  reaction-function slope :math:`r = -\pi_{ij}/\pi_{ii}` with
  :math:`\pi_{ij} = 2(u_A w_A + (n-1)\kappa N/x)/B`, stable iff :math:`(n-1)|r| < 1`
  (Henriques 1990; the Jacobian of the best-response map is :math:`r(\mathbf 1\mathbf 1^\top - I)`);
* joint problems: Hessian eigenvalues :math:`2v^2/B - \gamma` along :math:`\mathbf 1` and
  :math:`2((n+1)^2(e-f)^2 - 2n\kappa N/x)/B - \gamma` orthogonal to it — a saddle otherwise
  (Salant & Shaffer 1998), absorption making the symmetric point *more* robust;
* non-negative unit cost and positive output; numeric parameters also get a global check of
  unilateral deviations (``no_profitable_deviation``), the Cournot stage re-solved on its active set.

Endogenous RJV formation (:meth:`AbsorptiveRD.rjv_formation`): :math:`k` of the :math:`n` firms form
one RJV (full sharing among members, joint choice of the members' R&D, symmetric among them);
outsiders receive spillover :math:`\beta` from everyone and choose R&D noncooperatively. A size
:math:`k` is *stable* when it is internally stable — no member gains by leaving,
:math:`\pi_I(k) \ge \pi_O(k-1)` — and externally stable — no outsider gains by joining,
:math:`\pi_O(k) \ge \pi_I(k+1)` (d'Aspremont, Jacquemin, Gabszewicz & Weymark 1983); these
are the Nash equilibria of the open-membership announcement game (Yi & Shin 2000).

References
----------
.. [1] Cohen, W. M. & Levinthal, D. A. (1989). Innovation and learning: the two faces of R&D.
   Economic Journal 99(397), 569-596.
.. [2] Kamien, M. I. & Zang, I. (2000). Meet me halfway: research joint ventures and absorptive
   capacity. International Journal of Industrial Organization 18(7), 995-1012.
.. [3] Grünfeld, L. A. (2003). Meet me halfway but don't rush: absorptive capacity and strategic
   R&D investment revisited. International Journal of Industrial Organization 21(8), 1091-1109.
.. [4] d'Aspremont, C. & Jacquemin, A. (1988). Cooperative and noncooperative R&D in duopoly
   with spillovers. American Economic Review 78(5), 1133-1137.
.. [5] Henriques, I. (1990). Cooperative and noncooperative R&D in duopoly with spillovers:
   comment. American Economic Review 80(3), 638-640.
.. [6] Salant, S. W. & Shaffer, G. (1998). Optimal asymmetric strategies in research joint
   ventures. International Journal of Industrial Organization 16, 195-208.
.. [7] d'Aspremont, C., Jacquemin, A., Gabszewicz, J. J. & Weymark, J. A. (1983). On the
   stability of collusive price leadership. Canadian Journal of Economics 16(1), 17-25.
.. [8] Yi, S.-S. & Shin, H. (2000). Endogenous formation of research coalitions with
   spillovers. International Journal of Industrial Organization 18(2), 229-256.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from scipy import optimize

from gametheory.core.params import DomainError, Number, as_param, is_symbolic, rejects_text, require, to_expr
from gametheory.core.results import Result
from gametheory.models.rd.asymmetric import cournot_float
from gametheory.models.rd.results import RDOutcome

__all__ = ["AbsorptiveRD", "FormationOutcome", "CoalitionRow"]

_MAX_FIRMS = 12          # bounded work: the formation table solves n + 1 two-variable equilibria


def _tidy(expr: Any) -> sp.Expr:
    expr = to_expr(expr)
    return sp.factor(sp.cancel(expr)) if expr.free_symbols else expr


def _cond(expr: Any, kind: str) -> sp.Basic:
    """``expr > 0`` (kind "pos") or ``expr >= 0`` ("nonneg"): true/false when decided, else a relation."""
    expr = _tidy(expr)
    value = expr.is_positive if kind == "pos" else expr.is_nonnegative
    if value is None and expr.is_number:      # a float sympy cannot sign
        value = float(expr) > 0 if kind == "pos" else float(expr) >= 0
    if value is True:
        return sp.true
    if value is False:
        return sp.false
    return (expr > 0) if kind == "pos" else (expr >= 0)


@rejects_text
@dataclass(frozen=True)
class AbsorptiveRD:
    r"""R&D with spillovers that depend on own R&D (absorptive capacity), :math:`n` Cournot firms.

    Parameters
    ----------
    a, b : number or sympy.Expr
        Inverse demand :math:`P = a - bQ`, :math:`b > 0`, :math:`a > A`.
    A : number or sympy.Expr
        Unit cost without R&D, :math:`A \ge 0`.
    beta : number or sympy.Expr
        Spillover potential :math:`\beta \in [0, 1]`.
    gamma : number or sympy.Expr
        R&D cost :math:`\gamma x^2/2`, :math:`\gamma > 0`.
    delta : number or sympy.Expr
        Learning parameter :math:`\delta \in [0, 1)`: effective R&D
        :math:`X_i = x_i + \beta x_i^\delta\sum_{j\ne i}x_j^{1-\delta}`; :math:`\delta = 0` is
        d'Aspremont–Jacquemin.
    n : int, default 2
        Number of firms, :math:`2 \le n \le 12`.

    Notes
    -----
    See :mod:`gametheory.models.rd.absorptive` for the derivation. Results are
    :class:`~gametheory.models.rd.results.RDOutcome` (regimes ``noncooperative``, ``cartel``,
    ``rjv_competition``, ``rjv_cartel``) with ``checks``; for the noncooperative ones
    ``hessian_eigenvalues`` holds :math:`(\pi_{ii}, \pi_{ij})` and ``reaction_slope`` the
    reaction-function slope.

    Examples
    --------
    By hand, :math:`a = 25, A = 10, b = 1, \gamma = 3, \beta = 1/2, \delta = 1/2, n = 2`:
    :math:`d = 15`, :math:`e = 5/4`, :math:`f = 1/4`, :math:`u_A = 2e - f = 9/4`, :math:`v = 3/2`,
    :math:`D = 27`, so :math:`x^N = 2u_A d/(D - 2u_A v) = 67.5/20.25 = 10/3` (dAJ: 2) and
    :math:`x^C = 2vd/(D - 2v^2) = 45/22.5 = 2`.

    >>> from fractions import Fraction as F
    >>> m = AbsorptiveRD(a=25, b=1, A=10, beta=F(1, 2), gamma=3, delta=F(1, 2))
    >>> m.noncooperative().rd, m.cartel().rd
    (10/3, 2)
    """

    a: Number
    b: Number
    A: Number
    beta: Number
    gamma: Number
    delta: Number
    n: int = 2

    def __post_init__(self) -> None:
        object.__setattr__(self, "a", as_param(self.a, "a"))
        object.__setattr__(self, "b", as_param(self.b, "b (demand slope)", positive=True))
        object.__setattr__(self, "A", as_param(self.A, "A (unit cost without R&D)", nonnegative=True))
        object.__setattr__(self, "beta", as_param(self.beta, "beta (spillover)", unit_interval=True))
        object.__setattr__(self, "gamma", as_param(self.gamma, "gamma (R&D cost)", positive=True))
        object.__setattr__(self, "delta", as_param(self.delta, "delta (learning)", unit_interval=True))
        require(self.delta < 1, "delta (learning) must be < 1: with delta = 1 a firm would absorb "
                                "spillovers from rivals that do no R&D")
        if isinstance(self.n, bool) or not isinstance(self.n, int):
            n = as_param(self.n, "n (number of firms)", integer=True)
            if not n.is_Integer:
                raise DomainError(f"n (number of firms) must be an integer, got {self.n!r}")
            object.__setattr__(self, "n", int(n))
        if not 2 <= self.n <= _MAX_FIRMS:
            raise DomainError(f"n (number of firms) must be in [2, {_MAX_FIRMS}], got {self.n} "
                              "(bounded work; the symmetric closed forms hold for any n)")
        require(self.a - self.A > 0, f"the demand intercept a={self.a} must exceed the unit cost A={self.A}")

    # -- notation -------------------------------------------------------------------------------
    @property
    def symbolic(self) -> bool:
        return is_symbolic((self.a, self.b, self.A, self.beta, self.gamma, self.delta))

    def _marginals(self, beta: sp.Expr) -> dict[str, sp.Expr]:
        n, dl = self.n, self.delta
        e = 1 + (n - 1) * beta * dl
        f = beta * (1 - dl)
        return dict(e=e, f=f, kappa=beta * dl * (1 - dl), u=n * e - (n - 1) * f, w=2 * f - e,
                    v=1 + (n - 1) * beta)

    @property
    def _B(self) -> sp.Expr:
        return self.b * (self.n + 1) ** 2

    @property
    def _d(self) -> sp.Expr:
        return self.a - self.A

    def effective_spillover(self, own: Number, rival: Number) -> sp.Expr:
        r"""Spillover rate firm :math:`i` receives from :math:`j`: :math:`\beta (x_i/x_j)^\delta`.

        Rises with own R&D (absorptive capacity); equals :math:`\beta` at a symmetric profile.
        """
        own, rival = to_expr(own), to_expr(rival)
        require(own >= 0, "own R&D must be >= 0")
        require(rival > 0, "the rival's R&D must be > 0")
        return _tidy(self.beta * (own / rival) ** self.delta)

    # -- regimes --------------------------------------------------------------------------------
    def _market(self, x: sp.Expr, beta: sp.Expr) -> dict[str, sp.Expr]:
        n, b, v = self.n, self.b, 1 + (self.n - 1) * beta
        q = _tidy((self._d + v * x) / (b * (n + 1)))
        profit = _tidy(b * q**2 - self.gamma * x**2 / 2)
        cs = _tidy(b * (n * q) ** 2 / 2)
        return dict(rd=_tidy(x), quantity=q, price=_tidy(self.a - b * n * q), unit_cost=_tidy(self.A - v * x),
                    profit=profit, consumer_surplus=cs, welfare=_tidy(cs + n * profit))

    def _ratio(self, num: sp.Expr, den: sp.Expr, what: str) -> sp.Expr:
        den = sp.cancel(to_expr(den))
        if den.is_zero:
            raise DomainError(f"{what}: the second-order condition holds with equality; no stationary point")
        return _tidy(num / den)

    def _noncoop(self, regime: str, beta: sp.Expr, note: str) -> RDOutcome:
        n, B, D = self.n, self._B, self.gamma * self._B
        mg = self._marginals(beta)
        u, w, v, kappa = mg["u"], mg["w"], mg["v"], mg["kappa"]
        x = self._ratio(2 * u * self._d, D - 2 * u * v, f"{regime} R&D")
        m = self._market(x, beta)
        n_over_x = D / (2 * u)                 # N/x from the first-order condition 2 u N/B = gamma x
        pii = _tidy(2 * (u**2 - (n - 1) ** 2 * kappa * n_over_x) / B - self.gamma)
        pij = _tidy(2 * (u * w + (n - 1) * kappa * n_over_x) / B)
        slope = _tidy(-pij / pii) if not to_expr(pii).is_zero else sp.nan
        checks = {
            "second_order": _cond(-pii, "pos"),
            # (n-1)|r| < 1 with r = -pij/pii and pii < 0:  (n-1) pij < -pii  and  -(n-1) pij < -pii
            "stability": sp.And(_cond(-pii - (n - 1) * pij, "pos"), _cond(-pii + (n - 1) * pij, "pos")),
            "nonnegative_rd": _cond(x, "nonneg"),
            "nonnegative_cost": _cond(m["unit_cost"], "nonneg"),
            "positive_quantity": _cond(m["quantity"], "pos"),
        }
        gain = None
        if not self.symbolic and checks["nonnegative_rd"] is sp.true and checks["positive_quantity"] is sp.true:
            gain = self._deviation_gain(float(x), beta)
            scale = max(1.0, abs(float(m["profit"])))
            checks["no_profitable_deviation"] = sp.true if gain <= 1e-8 * scale else sp.false
        # with pii < 0 the reaction slope r = -pij/pii has the sign of pij
        diagnostics = {"strategic_complements": _cond(pij, "pos"),
                       "learning_raises_own_incentive": _cond(u - (n - (n - 1) * beta), "pos")}
        return RDOutcome(regime=regime, n=n, **m, checks=checks, conditions=sp.And(*checks.values()),
                         diagnostics=diagnostics,
                         hessian_eigenvalues=(pii, pij), max_deviation_gain=gain,
                         method="closed form (backward induction, absorptive capacity)",
                         note=note, reaction_slope=slope)

    def _joint(self, regime: str, beta: sp.Expr, note: str) -> RDOutcome:
        n, B, D = self.n, self._B, self.gamma * self._B
        mg = self._marginals(beta)
        v, kappa, e, f = mg["v"], mg["kappa"], mg["e"], mg["f"]
        x = self._ratio(2 * v * self._d, D - 2 * v**2, f"{regime} R&D")
        m = self._market(x, beta)
        n_over_x = D / (2 * v)
        along = _tidy(2 * v**2 / B - self.gamma)
        ortho = _tidy(2 * ((n + 1) ** 2 * (e - f) ** 2 - 2 * n * kappa * n_over_x) / B - self.gamma)
        checks = {
            "second_order": _cond(-along, "pos"),
            "symmetric_local_max": _cond(-ortho, "pos"),
            "nonnegative_rd": _cond(x, "nonneg"),
            "nonnegative_cost": _cond(m["unit_cost"], "nonneg"),
            "positive_quantity": _cond(m["quantity"], "pos"),
        }
        return RDOutcome(regime=regime, n=n, **m, checks=checks, conditions=sp.And(*checks.values()),
                         diagnostics={}, hessian_eigenvalues=(along, ortho),
                         method="closed form (joint first-order condition, absorptive capacity)", note=note)

    def noncooperative(self) -> RDOutcome:
        r"""Both stages noncooperative: :math:`x^N = 2u_A d/(D - 2u_A v)`.

        ``hessian_eigenvalues`` holds :math:`(\pi_{ii}, \pi_{ij})` at the equilibrium and
        :meth:`reaction_slope` the slope of the reaction function.
        """
        return self._noncoop("noncooperative", self.beta, "absorptive capacity, spillover beta")

    def cartel(self) -> RDOutcome:
        r"""R&D cartel (joint profit, same :math:`\beta`, outputs competitive): :math:`x^C = 2vd/(D-2v^2)`."""
        return self._joint("cartel", self.beta, "R&D cartel, spillover beta absorbed through own R&D")

    def rjv_competition(self) -> RDOutcome:
        r"""Research joint venture, R&D chosen noncooperatively: full sharing :math:`\beta = 1`, :math:`\delta` kept."""
        return self._noncoop("rjv_competition", sp.Integer(1),
                             "RJV competition: full sharing (beta = 1), absorption through own R&D kept")

    def rjv_cartel(self) -> RDOutcome:
        r"""Research joint venture, R&D chosen jointly: full sharing :math:`\beta = 1`, :math:`\delta` kept."""
        return self._joint("rjv_cartel", sp.Integer(1),
                           "RJV cartel: full sharing (beta = 1) and joint R&D, absorption through own R&D kept")

    def regimes(self) -> dict[str, RDOutcome]:
        """The four regimes keyed by name (one whose denominator vanishes is left out)."""
        out = {}
        for name in ("noncooperative", "cartel", "rjv_competition", "rjv_cartel"):
            try:
                out[name] = getattr(self, name)()
            except DomainError:
                continue
        return out

    def reaction_slope(self, regime: str = "noncooperative") -> sp.Expr:
        r"""Slope :math:`r = -\pi_{ij}/\pi_{ii}` of a firm's reaction function at the symmetric equilibrium.

        Stable (Henriques 1990) iff :math:`(n-1)|r| < 1`; :math:`r > 0`: R&D levels are
        strategic complements.
        """
        if regime not in ("noncooperative", "rjv_competition"):
            raise DomainError(f"regime must be 'noncooperative' or 'rjv_competition', got {regime!r}")
        return getattr(self, regime)().reaction_slope

    # -- numeric game (deviations, coalitions) -------------------------------------------------
    def _floats(self) -> tuple[float, ...]:
        if self.symbolic:
            raise DomainError("this computation is numeric: give numeric parameters")
        return tuple(float(v) for v in (self.a, self.b, self.A, self.beta, self.gamma, self.delta))

    def profits(self, rd: Any, spill: Any = None) -> np.ndarray:
        r"""Every firm's profit at R&D vector ``rd`` (numeric; Cournot on its active set).

        ``spill`` is the :math:`n \times n` matrix of spillover potentials (default :math:`\beta`
        off the diagonal; an RJV puts 1 between its members).
        """
        a, b, A, beta, g, dl = self._floats()
        x = np.asarray(rd, dtype=float)
        if x.shape != (self.n,) or not np.all(np.isfinite(x)) or np.any(x < 0):
            raise DomainError(f"rd must be {self.n} finite non-negative numbers")
        S = self._spill(beta) if spill is None else np.asarray(spill, dtype=float)
        X = x + (x ** dl) * (S @ (x ** (1 - dl)))
        costs = A - X
        q, _ = cournot_float(a, b, costs)
        return b * q**2 - g * x**2 / 2

    def _spill(self, beta: float, members: int = 0) -> np.ndarray:
        n = self.n
        S = np.full((n, n), beta)
        S[:members, :members] = 1.0
        np.fill_diagonal(S, 0.0)
        return S

    def _costs_ok(self, x: np.ndarray, S: np.ndarray) -> bool:
        a, b, A, beta, g, dl = self._floats()
        X = x + (x ** dl) * (S @ (x ** (1 - dl)))
        return bool(np.all(A - X >= -1e-12))

    def _best_scalar(self, value, hi: float) -> tuple[float, float]:
        """Global maximum of a scalar function on [0, hi]: grid, then bounded refinement."""
        grid = np.linspace(0.0, hi, 401)
        vals = np.array([value(t) for t in grid])
        k = int(np.nanargmax(vals))
        lo_t, hi_t = grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)]
        res = optimize.minimize_scalar(lambda t: -value(t), bounds=(lo_t, hi_t), method="bounded",
                                       options={"xatol": 1e-12 * max(1.0, hi)})
        if -res.fun >= vals[k]:
            return float(res.x), float(-res.fun)
        return float(grid[k]), float(vals[k])

    def _upper(self) -> float:
        a, b, A, beta, g, dl = self._floats()
        # no R&D level above a/sqrt(2 b gamma) pays: its cost exceeds the zero-cost monopoly profit a^2/(4b)
        return a / np.sqrt(2 * b * g)

    def _deviation_gain(self, x: float, beta: sp.Expr) -> float:
        """Largest gain of firm 0 from changing its R&D alone (others at ``x``), costs kept >= 0."""
        n = self.n
        S = self._spill(float(beta))
        base = np.full(n, x)

        def value(y: float) -> float:
            z = base.copy()
            z[0] = y
            return float(self.profits(z, S)[0]) if self._costs_ok(z, S) else -np.inf

        _, best = self._best_scalar(value, self._upper())
        return best - value(x)

    def rjv_formation(self) -> "FormationOutcome":
        r"""Endogenous RJV size: the equilibrium of every coalition size and the stable sizes.

        For each :math:`k = 0, \dots, n`: members share fully (:math:`\beta = 1` among them) and
        choose a common R&D level to maximise their joint profit; outsiders receive :math:`\beta`
        and choose R&D noncooperatively (symmetric among outsiders). The stage-1 equilibrium
        :math:`(x_I, x_O)` solves the two first-order conditions (scipy) and is verified by
        global numeric best responses (the coalition's common level and one outsider's level
        on a grid with refinement). Stability as in :mod:`gametheory.models.rd.absorptive`.

        A row with ``verified = False`` has no symmetric pure-strategy equilibrium that the search
        could confirm (best responses may cycle: members' R&D can push an outsider out of the
        market, and its absence changes the members' best reply); such a size, and its
        neighbours' comparisons with it, are never reported stable.
        """
        a, b, A, beta, g, dl = self._floats()
        n = self.n
        hi = self._upper()
        rows = []
        guess = float(self.noncooperative().rd)
        for k in range(n + 1):
            rows.append(self._coalition(k, guess, hi))
        tol = 1e-7 * max(1.0, max(abs(r.profit_member if r.members else r.profit_outsider) for r in rows))
        stable = []
        table = []
        for k, r in enumerate(rows):
            # a comparison with a size whose equilibrium was not verified decides nothing (False)
            internal = True if k == 0 else (r.verified and rows[k - 1].verified
                                            and r.profit_member >= rows[k - 1].profit_outsider - tol)
            external = True if k == n else (r.verified and rows[k + 1].verified
                                            and r.profit_outsider >= rows[k + 1].profit_member - tol)
            table.append(CoalitionRow(**{**r.__dict__, "internally_stable": internal,
                                         "externally_stable": external}))
            if k >= 1 and internal and external:   # k = 0 is the same market as k = 1
                stable.append(k)
        return FormationOutcome(n=n, rows=tuple(table), stable_sizes=tuple(stable),
                                welfare_best_size=int(np.argmax([r.welfare for r in table])),
                                concept="internal/external stability (d'Aspremont et al. 1983); "
                                        "open-membership announcement game (Yi & Shin 2000)")

    def _coalition(self, k: int, guess: float, hi: float) -> "CoalitionRow":
        n = self.n
        S = self._spill(float(self.beta), members=k)

        def vec(t: float, y: float) -> np.ndarray:
            return np.array([t] * k + [y] * (n - k), dtype=float)

        def member_value(t: float, y: float) -> float:
            z = vec(t, y)
            return float(self.profits(z, S)[:k].sum()) if self._costs_ok(z, S) else -np.inf

        def outsider_value(z0: float, t: float, y: float) -> float:
            z = vec(t, y)
            z[k] = z0
            return float(self.profits(z, S)[k]) if self._costs_ok(z, S) else -np.inf

        def raw(z: np.ndarray) -> np.ndarray:          # smooth extension for the root finder
            return self.profits(np.maximum(z, 0.0), S)

        def focs(p: np.ndarray) -> np.ndarray:
            t, y = np.maximum(p, 1e-9)
            h = 1e-6 * max(1.0, abs(t), abs(y))
            out = []
            zp, zm = vec(t + h, y), vec(t - h, y)
            out.append((raw(zp)[:k].sum() - raw(zm)[:k].sum()) / (2 * h))
            zp, zm = vec(t, y), vec(t, y)
            zp[k] += h
            zm[k] -= h
            out.append((raw(zp)[k] - raw(zm)[k]) / (2 * h))
            return np.array(out)

        def br_member(y: float) -> float:
            return self._best_scalar(lambda s_: member_value(s_, y), hi)[0]

        def br_outsider(t: float, y: float) -> float:
            return self._best_scalar(lambda s_: outsider_value(s_, t, y), hi)[0]

        if k == 0:
            t0 = y0 = guess
        elif k == n:
            t0 = y0 = float(self.rjv_cartel().rd)
        else:
            t0, y0 = float(self.rjv_cartel().rd), guess
        if 0 < k < n:
            sol = optimize.fsolve(lambda p: focs(p), np.array([t0, y0]), xtol=1e-13, full_output=True)
            t, y = (max(float(v), 0.0) for v in sol[0])
        else:
            t = y = t0

        def gains(t: float, y: float) -> tuple[float, float, float]:
            # verification by global numeric best responses
            pr = self.profits(vec(t, y), S)
            gm = 0.0 if k == 0 else self._best_scalar(lambda s_: member_value(s_, y), hi)[1] - member_value(t, y)
            go = 0.0 if k == n else (self._best_scalar(lambda s_: outsider_value(s_, t, y), hi)[1]
                                     - outsider_value(y, t, y))
            return gm, go, max(1.0, float(np.abs(pr).max()))

        gain_m, gain_o, scale = gains(t, y)
        if 0 < k < n and max(gain_m, gain_o) > 1e-7 * scale:
            for _ in range(20):       # fallback: best-response iteration from the root finder's point
                t_new = br_member(y)
                y_new = br_outsider(t_new, y)
                done = abs(t_new - t) + abs(y_new - y) <= 1e-10 * max(1.0, t, y)
                t, y = t_new, y_new
                if done:
                    break
            gain_m, gain_o, scale = gains(t, y)
        z = vec(t, y)
        pr = self.profits(z, S)
        a_, b_ = float(self.a), float(self.b)
        X = z + (z ** float(self.delta)) * (S @ (z ** (1 - float(self.delta))))
        q, price = cournot_float(a_, b_, float(self.A) - X)
        cs = b_ * q.sum() ** 2 / 2
        verified = bool(max(gain_m, gain_o) <= 1e-7 * scale)   # the real test: no profitable deviation
        return CoalitionRow(members=k, rd_member=t if k else float("nan"), rd_outsider=y if k < n else float("nan"),
                            profit_member=float(pr[0]) if k else float("nan"),
                            profit_outsider=float(pr[k]) if k < n else float("nan"),
                            welfare=float(cs + pr.sum()), all_produce=bool(np.all(q > 0)),
                            verified=verified, max_deviation_gain=float(max(gain_m, gain_o)))


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class CoalitionRow(Result):
    """One coalition size of :meth:`AbsorptiveRD.rjv_formation` (members are firms 1..k)."""

    members: int
    rd_member: float
    rd_outsider: float
    profit_member: float
    profit_outsider: float
    welfare: float
    all_produce: bool
    verified: bool
    max_deviation_gain: float
    internally_stable: bool = True
    externally_stable: bool = True


@rejects_text(text=('concept',), init=False)
@dataclass(frozen=True, repr=False)
class FormationOutcome(Result):
    r"""Endogenous RJV formation: the equilibrium for every size and the stable sizes.

    Attributes
    ----------
    n : int
    rows : tuple of CoalitionRow
        Size :math:`k = 0..n`: members' and outsiders' R&D and profit, welfare, stability flags,
        ``verified`` (numeric best responses found no profitable deviation).
    stable_sizes : tuple of int
        Sizes :math:`k \ge 1` both internally and externally stable (:math:`k = 0` and
        :math:`k = 1` describe the same market: a one-firm RJV shares with nobody, so a singleton
        is always internally stable).
    welfare_best_size : int
        The size with the highest welfare :math:`CS + \sum\pi`.
    concept : str
    """

    n: int
    rows: tuple
    stable_sizes: tuple
    welfare_best_size: int
    concept: str = ""

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([{k: getattr(r, k) for k in r.__dataclass_fields__} for r in self.rows])
