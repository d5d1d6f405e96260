r"""Regional-brand reputation over time: a stock built from noisily observed cluster quality.

The static brand model (:mod:`gametheory.models.brand.linear`) prices today's quality. A
cluster's name is rather a **stock**: buyers see a noisy signal of the cluster's average quality
and update their belief gradually (Tirole 1996; Winfree & McCluskey 2005 with firm sizes).

Model
-----
:math:`n` firms with output shares :math:`s_i` (:math:`\sum s_i = 1`) choose quality
:math:`q_{it} \ge 0` at unit cost :math:`k q^2/2` and sell at a premium :math:`\theta R_t` over the
base price, :math:`R_t` the brand's reputation. Buyers observe
:math:`y_t = Q_t + \varepsilon_t`, :math:`Q_t = \sum_j s_j q_{jt}`,
:math:`\varepsilon_t \sim N(0, \sigma^2)` i.i.d., and update adaptively

.. math::  R_{t+1} = (1-\rho) R_t + \rho\, y_t, \qquad \rho \in (0, 1],

where :math:`\rho` (the weight on news) is the Kalman gain of buyers who believe quality drifts
as a random walk with innovation variance :math:`\omega^2` (:func:`kalman_gain`):
:math:`\rho = \tfrac12\left(-r + \sqrt{r^2 + 4r}\right)`, :math:`r = \omega^2/\sigma^2`. Better
monitoring (traceability, certification: smaller :math:`\sigma`) means a larger :math:`\rho`.
Firms discount at :math:`\delta \in (0, 1)`; per-period profit :math:`s_i[\theta R_t - k q_{it}^2/2]`.

Closed forms (derived in the docstrings, checked in the tests)
---------------------------------------------------------------
* **Markov perfect equilibrium** (linear-quadratic, so values are affine in :math:`R`:
  :math:`V_i = a_i + b_i R`). :math:`b_i = s_i\theta + \delta(1-\rho) b_i`, so
  :math:`b_i = s_i\theta/(1 - \delta(1-\rho))`, and the first-order condition
  :math:`s_i k q_i = \delta\rho\, b_i` gives

  .. math::  q_i^N = \frac{s_i\,\Theta}{k}, \qquad
             \Theta = \frac{\theta\,\delta\rho}{1 - \delta + \delta\rho} \in (0, \theta),

  constant over time and independent of :math:`\sigma` (certainty equivalence). The **effective
  premium** :math:`\Theta` rises with :math:`\delta` and :math:`\rho`: better monitoring raises
  quality.
* **Optimum** (the planner values :math:`\theta R_t - \sum_i s_i k q_{it}^2/2`):
  :math:`q^* = \Theta/k` for every firm. Free riding dilutes by the share, as in the static model:
  :math:`q_i^N/q^* = s_i` (:math:`1/n` symmetric); :math:`\delta \to 1` gives the static
  :math:`\theta s_i/k`.
* **Steady state**: :math:`\bar R = \sum_i s_i q_i` (:math:`\Theta H/k` in Nash,
  :math:`H = \sum s_i^2`; :math:`\Theta/k` at the optimum); around it
  :math:`\mathbb E R_t = \bar R + (1-\rho)^t (R_0 - \bar R)` and the stationary variance is
  :math:`\rho\sigma^2/(2-\rho)`.
* **Imperfect public monitoring** (Green & Porter 1984): with the binary maintain / free-ride
  game, a "bad" public signal arrives with probability :math:`\alpha` when all maintain and
  :math:`\beta > \alpha` after a deviation; trigger strategies punish forever after a bad
  signal. Maintenance is sustained iff
  :math:`\delta \ge \delta^* = (D - C)/[(D - C)(1 - \alpha) + (\beta - \alpha)(C - P)]`
  (:func:`green_porter_discount_factor`); perfect monitoring (:math:`\alpha = 0, \beta = 1`) gives
  the grim-trigger :math:`(D - C)/(D - P)`. :math:`\delta^*` rises with false alarms and falls
  with detection, and cooperation is impossible when :math:`(\beta - \alpha)(C - P) \le \alpha(D - C)`.
* **Speed of adjustment**: half-life :math:`\ln 2 / (-\ln(1-\rho))` periods. After a collapse
  of quality to 0 (everyone free rides), reputation decays as :math:`(1-\rho)^t \bar R`: a name
  built by buyers who react slowly is also lost slowly.

References
----------
.. [1] Tirole, J. (1996). A theory of collective reputations. Review of Economic Studies 63, 1-22.
.. [2] Winfree, J. A. & McCluskey, J. J. (2005). Collective reputation and quality. American
   Journal of Agricultural Economics 87, 206-213.
.. [3] Nerlove, M. (1958). Adaptive expectations and cobweb phenomena. Quarterly Journal of
   Economics 72, 227-240.
.. [4] Harvey, A. C. (1989). Forecasting, Structural Time Series Models and the Kalman Filter,
   §3.3 (the local level model's steady-state gain). Cambridge University Press.
.. [5] Green, E. J. & Porter, R. H. (1984). Noncooperative collusion under imperfect price
   information. Econometrica 52, 87-100.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import sympy as sp

from gametheory.core.params import (
    DomainError,
    Number,
    as_param,
    as_params,
    is_symbolic,
    rejects_text,
    require,
    to_expr,
)
from gametheory.core.results import Result

__all__ = ["ReputationDynamics", "ReputationOutcome", "ReputationPath", "MonitoringThreshold", "kalman_gain",
           "green_porter_discount_factor", "normal_signal_probabilities", "MAX_DRAWS"]

MAX_DRAWS = 10_000_000
"""Largest ``periods * replications`` :meth:`ReputationDynamics.simulate` draws by default."""


def _simp(x: Any) -> sp.Expr:
    x = to_expr(x)
    return sp.simplify(x) if is_symbolic(x) else x


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class ReputationOutcome(Result):
    r"""Stationary qualities and the steady state of the reputation stock.

    Attributes
    ----------
    qualities : tuple
        :math:`q_i` (constant over time).
    steady_reputation : number
        :math:`\bar R = \sum_i s_i q_i`.
    effective_premium : number
        :math:`\Theta = \theta\delta\rho/(1-\delta+\delta\rho)`.
    value_slopes : tuple
        :math:`b_i = \partial V_i/\partial R` (Nash: :math:`s_i\theta/(1-\delta(1-\rho))`).
    welfare : number
        Steady-state welfare per period :math:`\theta\bar R - \sum_i s_i k q_i^2/2`.
    half_life : number
        Periods for a gap to the steady state to halve, :math:`\ln 2/(-\ln(1-\rho))`.
    stationary_variance : number
        :math:`\rho\sigma^2/(2-\rho)`.
    """

    qualities: tuple
    steady_reputation: Any
    effective_premium: Any
    value_slopes: tuple
    welfare: Any
    half_life: Any
    stationary_variance: Any
    method: str = "closed form (linear-quadratic Markov perfect equilibrium)"


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class ReputationPath(Result):
    r"""Simulated reputation paths (rows: replications; columns: periods 0..T).

    Attributes
    ----------
    reputation : numpy.ndarray
        Shape (replications, periods + 1).
    expected : numpy.ndarray
        The closed-form mean path :math:`\bar R + (1-\rho)^t (R_0 - \bar R)`.
    qualities : tuple
        Quality played every period.
    seed : int
    """

    reputation: Any
    expected: Any
    qualities: tuple
    seed: int
    method: str = "simulation (numpy, seeded)"


@rejects_text
def kalman_gain(signal_noise: Number, quality_volatility: Number) -> sp.Expr:
    r"""Steady-state Kalman gain of the local level model: buyers' weight on news.

    Quality follows a random walk with innovation variance :math:`\omega^2`
    (``quality_volatility``), signals have noise variance :math:`\sigma^2` (``signal_noise``).
    The steady prior variance solves :math:`P^2 - \omega^2 P - \omega^2\sigma^2 = 0` and the gain
    is :math:`\rho = P/(P + \sigma^2) = \tfrac12(-r + \sqrt{r^2 + 4r})`, :math:`r = \omega^2/\sigma^2`
    (Harvey 1989, §3.3); :math:`\sigma^2 = 0` (perfect monitoring) gives :math:`\rho = 1`.

    Examples
    --------
    >>> kalman_gain(1, 2)            # r = 2: (-2 + sqrt(12))/2
    -1 + sqrt(3)
    >>> kalman_gain(0, 1)
    1
    """
    s2 = as_param(signal_noise, "signal_noise", nonnegative=True)
    w2 = as_param(quality_volatility, "quality_volatility", positive=True)
    if s2 == 0:
        return sp.Integer(1)
    r = w2 / s2
    return _simp(sp.sqrtdenest((-r + sp.sqrt(r**2 + 4 * r)) / 2))


@rejects_text
@dataclass(frozen=True)
class ReputationDynamics:
    r"""A regional brand's reputation stock under noisy monitoring (see the module docstring).

    Parameters
    ----------
    n : int
        Number of firms, :math:`n \ge 1`.
    theta : number or sympy.Expr
        Premium per unit of reputation, :math:`\theta \ge 0`.
    k : number or sympy.Expr
        Quality cost curvature, :math:`k > 0`.
    delta : number or sympy.Expr
        Discount factor, :math:`0 < \delta < 1`.
    gain : number or sympy.Expr
        Buyers' weight on news :math:`\rho \in (0, 1]` (see :func:`kalman_gain`).
    signal_noise : number or sympy.Expr, default 0
        :math:`\sigma^2 \ge 0`, variance of the observed quality signal.
    shares : sequence, optional
        Output shares (default :math:`1/n`), positive and summing to 1.

    Examples
    --------
    Three equal firms, :math:`\theta = k = 1`, :math:`\delta = 9/10`, :math:`\rho = 1/2`:
    :math:`\Theta = (9/20)/(1/10 + 9/20) = 9/11`, Nash quality :math:`3/11`, optimum :math:`9/11`.

    >>> from fractions import Fraction as F
    >>> m = ReputationDynamics(3, 1, 1, delta=F(9, 10), gain=F(1, 2))
    >>> m.equilibrium().qualities, m.first_best().qualities[0]
    ((3/11, 3/11, 3/11), 9/11)
    >>> m.equilibrium().half_life          # ln 2 / ln 2 = one period
    1
    """

    n: int
    theta: Number
    k: Number
    delta: Number
    gain: Number
    signal_noise: Number = 0
    shares: Any = None

    def __post_init__(self) -> None:
        n = as_param(self.n, "n", positive=True, integer=True)
        if not n.is_number:
            raise DomainError("n must be a number")
        object.__setattr__(self, "n", int(n))
        object.__setattr__(self, "theta", as_param(self.theta, "theta", nonnegative=True))
        if isinstance(self.k, (list, tuple, np.ndarray, sp.MatrixBase, sp.Tuple)):
            raise DomainError("ReputationDynamics assumes one cost curvature (the Markov perfect equilibrium and "
                              f"the planner are derived for one k); pass a scalar k, got {self.k!r:.60}")
        object.__setattr__(self, "k", as_param(self.k, "k", positive=True))
        object.__setattr__(self, "delta", as_param(self.delta, "delta", open_unit_interval=True))
        rho = as_param(self.gain, "gain", positive=True)
        require(rho <= 1, f"gain must lie in (0, 1], got {self.gain!r}")
        object.__setattr__(self, "gain", rho)
        object.__setattr__(self, "signal_noise", as_param(self.signal_noise, "signal_noise", nonnegative=True))
        if self.shares is None:
            shares = (sp.Rational(1, self.n),) * self.n
        else:
            shares = as_params(self.shares, "shares", positive=True)
            if len(shares) != self.n:
                raise DomainError(f"shares needs {self.n} entries, got {len(shares)}")
            require(sp.Eq(sp.Add(*shares), 1), "shares must sum to 1")
        object.__setattr__(self, "shares", tuple(shares))

    # -- closed forms --------------------------------------------------------------------------
    def effective_premium(self) -> sp.Expr:
        r""":math:`\Theta = \theta\delta\rho/(1 - \delta + \delta\rho)`."""
        d, r = self.delta, self.gain
        return _simp(self.theta * d * r / (1 - d + d * r))

    def half_life(self) -> sp.Expr:
        r""":math:`\ln 2 / (-\ln(1-\rho))` periods (0 when :math:`\rho = 1`)."""
        if self.gain == 1:
            return sp.Integer(0)
        return _simp(sp.log(2) / -sp.log(1 - self.gain))

    def stationary_variance(self) -> sp.Expr:
        r""":math:`\mathrm{Var}(R) = \rho^2\sigma^2/(1 - (1-\rho)^2) = \rho\sigma^2/(2-\rho)`."""
        return _simp(self.gain * self.signal_noise / (2 - self.gain))

    def _outcome(self, qualities: Sequence[sp.Expr], slopes: Sequence[sp.Expr], method: str) -> ReputationOutcome:
        R = _simp(sp.Add(*[s * q for s, q in zip(self.shares, qualities)]))
        W = _simp(self.theta * R - sp.Add(*[s * self.k * q**2 / 2 for s, q in zip(self.shares, qualities)]))
        return ReputationOutcome(qualities=tuple(qualities), steady_reputation=R,
                                 effective_premium=self.effective_premium(), value_slopes=tuple(slopes),
                                 welfare=W, half_life=self.half_life(),
                                 stationary_variance=self.stationary_variance(), method=method)

    def equilibrium(self) -> ReputationOutcome:
        r"""The Markov perfect equilibrium: :math:`q_i^N = s_i\Theta/k`, :math:`b_i = s_i\theta/(1-\delta(1-\rho))`."""
        d, r = self.delta, self.gain
        slopes = [_simp(s * self.theta / (1 - d * (1 - r))) for s in self.shares]
        qual = [_simp(d * r * b / self.k) for b in slopes]      # s_i k q_i = delta rho s_i b_i
        return self._outcome(qual, slopes, "closed form (linear-quadratic Markov perfect equilibrium)")

    def first_best(self) -> ReputationOutcome:
        r"""The planner's stationary policy: :math:`q^* = \Theta/k` for every firm."""
        d, r = self.delta, self.gain
        slope = _simp(self.theta / (1 - d * (1 - r)))
        q = _simp(self.effective_premium() / self.k)
        return self._outcome([q] * self.n, [slope] * self.n, "closed form (planner, same law of motion)")

    def expected_path(self, initial: Number, periods: int, qualities: Sequence[Number] | None = None) -> tuple:
        r""":math:`\mathbb E R_t = \bar R + (1-\rho)^t (R_0 - \bar R)`, :math:`t = 0..T`, at constant qualities
        (default: Nash). ``qualities=(0,)*n`` is the collapse after everyone free rides.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> m = ReputationDynamics(1, 1, 1, delta=F(1, 2), gain=F(1, 2))
        >>> m.expected_path(1, 3, qualities=(0,))        # halves every period
        (1, 1/2, 1/4, 1/8)
        """
        R0 = as_param(initial, "initial")
        T = int(as_param(periods, "periods", nonnegative=True, integer=True))
        if T > 100_000:
            raise DomainError(f"periods = {T} is above 100000; use simulate() for long horizons")
        q = self.equilibrium().qualities if qualities is None else as_params(qualities, "qualities", nonnegative=True)
        if len(q) != self.n:
            raise DomainError(f"qualities needs {self.n} entries, got {len(q)}")
        R = sp.Add(*[s * x for s, x in zip(self.shares, q)])
        return tuple(_simp(R + (1 - self.gain) ** t * (R0 - R)) for t in range(T + 1))

    def with_monitoring(self, signal_noise: Number, quality_volatility: Number) -> "ReputationDynamics":
        r"""The same brand with buyers' gain set by monitoring: :math:`\rho` = :func:`kalman_gain`.

        Traceability that lowers :math:`\sigma^2` raises :math:`\rho`, hence :math:`\Theta` and quality.
        """
        rho = kalman_gain(signal_noise, quality_volatility)
        return dataclasses.replace(self, gain=rho, signal_noise=signal_noise)

    # -- simulation ----------------------------------------------------------------------------
    def simulate(self, initial: Number, periods: int, *, replications: int = 1, seed: int = 0,
                 qualities: Sequence[Number] | None = None, max_draws: int = MAX_DRAWS) -> ReputationPath:
        r"""Simulate :math:`R_{t+1} = (1-\rho)R_t + \rho(Q + \varepsilon_t)` with Gaussian noise (floats)."""
        if is_symbolic([self.theta, self.k, self.delta, self.gain, self.signal_noise]):
            raise DomainError("simulate needs numeric parameters")
        T = int(as_param(periods, "periods", positive=True, integer=True))
        reps = int(as_param(replications, "replications", positive=True, integer=True))
        cap = int(as_param(max_draws, "max_draws", positive=True, integer=True))
        if T * reps > cap:
            raise DomainError(f"simulate: periods * replications = {T * reps} draws, above the limit {cap}; "
                              f"pass max_draws={T * reps} to allow it")
        rng_seed = int(as_param(seed, "seed", nonnegative=True, integer=True))
        q = self.equilibrium().qualities if qualities is None else as_params(qualities, "qualities", nonnegative=True)
        if len(q) != self.n:
            raise DomainError(f"qualities needs {self.n} entries, got {len(q)}")
        Q = float(sp.Add(*[s * x for s, x in zip(self.shares, q)]))
        rho, sd = float(self.gain), float(sp.sqrt(self.signal_noise))
        rng = np.random.default_rng(rng_seed)
        R = np.empty((reps, T + 1))
        R[:, 0] = float(as_param(initial, "initial"))
        shocks = rng.standard_normal((reps, T)) * sd
        for t in range(T):
            R[:, t + 1] = (1 - rho) * R[:, t] + rho * (Q + shocks[:, t])
        if not np.all(np.isfinite(R)):
            raise DomainError("simulate: the path overflowed (non-finite reputation)")
        expected = np.array([Q + (1 - rho) ** t * (R[0, 0] - Q) for t in range(T + 1)])
        return ReputationPath(reputation=R, expected=expected, qualities=tuple(q), seed=rng_seed)


# ----------------------------------------------------------------------------------------------
# imperfect public monitoring: trigger strategies (Green & Porter 1984)
# ----------------------------------------------------------------------------------------------
@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class MonitoringThreshold(Result):
    r"""Critical discount factor of trigger strategies under imperfect public monitoring.

    Attributes
    ----------
    critical_discount : number or None
        :math:`\delta^* = (D-C)/[(D-C)(1-\alpha) + (\beta-\alpha)(C-P)]`; None when no
        :math:`\delta < 1` sustains maintenance.
    sustainable : bool
        Some :math:`\delta < 1` sustains it: :math:`(\beta-\alpha)(C-P) > \alpha(D-C)`.
    perfect_monitoring_discount : number
        :math:`(D-C)/(D-P)`, the grim-trigger threshold with :math:`\alpha = 0, \beta = 1`.
    average_payoff : sympy.Expr
        Normalised value of the cooperative path in :math:`\delta`:
        :math:`(1-\delta)V = [C(1-\delta) + \delta\alpha P]/(1 - \delta + \delta\alpha)`,
        below :math:`C` when :math:`\alpha > 0` (punishments happen on the path).
    false_alarm, detection : number
        :math:`\alpha`, :math:`\beta`.
    """

    critical_discount: Any
    sustainable: bool
    perfect_monitoring_discount: Any
    average_payoff: Any
    false_alarm: Any
    detection: Any
    method: str = "trigger strategies, permanent punishment after a bad signal"


@rejects_text
def green_porter_discount_factor(cooperate: Number, deviate: Number, punish: Number,
                                 false_alarm: Number, detection: Number) -> MonitoringThreshold:
    r"""Trigger strategies with a noisy public signal: when does maintenance of the brand survive?

    Every firm maintains quality while the public signal is good; after a bad signal all play
    the stage Nash equilibrium (payoff :math:`P`) forever. A bad signal occurs with probability
    :math:`\alpha` (``false_alarm``) on the cooperative path and :math:`\beta` (``detection``)
    after a deviation (payoff :math:`D > C`). With :math:`V_P = P/(1-\delta)`,

    .. math::

        V = C + \delta[(1-\alpha)V + \alpha V_P] \;\Rightarrow\;
        V - V_P = \frac{C - P}{1 - \delta + \delta\alpha},

    and the incentive constraint :math:`D - C \le \delta(\beta - \alpha)(V - V_P)` is
    :math:`\delta \ge (D-C)/[(D-C)(1-\alpha) + (\beta-\alpha)(C-P)]`.

    Parameters
    ----------
    cooperate, deviate, punish : number
        :math:`C`, :math:`D`, :math:`P` with :math:`D > C > P`.
    false_alarm, detection : number
        :math:`0 \le \alpha < \beta \le 1`.

    Examples
    --------
    >>> green_porter_discount_factor(3, 5, 1, 0, 1).critical_discount     # perfect: (5-3)/(5-1)
    1/2
    >>> green_porter_discount_factor(3, 5, 1, 0.1, 0.6).critical_discount  # 2/(2*0.9 + 0.5*2)
    0.714285714285714
    """
    c = as_param(cooperate, "cooperate")
    d = as_param(deviate, "deviate")
    p = as_param(punish, "punish")
    a = as_param(false_alarm, "false_alarm", unit_interval=True)
    b = as_param(detection, "detection", unit_interval=True)
    require(d > c, f"deviate must exceed cooperate (a deviation gain), got {d} <= {c}")
    require(c > p, f"punish must be below cooperate (a threat), got {p} >= {c}")
    require(b > a, f"detection must exceed false_alarm (an informative signal), got {b} <= {a}")
    delta = sp.Symbol("delta", positive=True)
    denom = (d - c) * (1 - a) + (b - a) * (c - p)
    sustainable = bool(sp.simplify(denom - (d - c)) > 0) if not is_symbolic([c, d, p, a, b]) else None
    if sustainable is None:
        raise DomainError("green_porter_discount_factor needs numeric payoffs and probabilities")
    star = _simp((d - c) / denom) if sustainable else None
    avg = sp.simplify((c * (1 - delta) + delta * a * p) / (1 - delta + delta * a))
    return MonitoringThreshold(critical_discount=star, sustainable=sustainable,
                               perfect_monitoring_discount=_simp((d - c) / (d - p)), average_payoff=avg,
                               false_alarm=a, detection=b)


@rejects_text
def normal_signal_probabilities(cooperative_level: Number, deviation_level: Number, threshold: Number,
                                noise_variance: Number) -> tuple:
    r"""(:math:`\alpha`, :math:`\beta`) when buyers see :math:`y = Q + \varepsilon`,
    :math:`\varepsilon \sim N(0, \sigma^2)`, and "bad" means :math:`y < z`.

    :math:`\alpha = \Phi((z - Q_C)/\sigma)`, :math:`\beta = \Phi((z - Q_D)/\sigma)` with
    :math:`Q_D < Q_C` the cluster quality after one firm free rides (lower quality by
    :math:`s_i(q_C - q_D)`): noisier signals push both toward 1/2, the informativeness
    :math:`\beta - \alpha` falls and :math:`\delta^*` rises — the value of traceability.

    Examples
    --------
    >>> normal_signal_probabilities(1, 0, sp.Rational(1, 2), 1)[0]     # Phi(-1/2), symmetric cut
    1/2 - erf(sqrt(2)/4)/2
    """
    qc = as_param(cooperative_level, "cooperative_level")
    qd = as_param(deviation_level, "deviation_level")
    z = as_param(threshold, "threshold")
    s2 = as_param(noise_variance, "noise_variance", positive=True)
    require(qd < qc, "deviation_level must be below cooperative_level")
    phi = lambda x: (1 + sp.erf(x / sp.sqrt(2))) / 2  # noqa: E731
    sd = sp.sqrt(s2)
    return _simp(sp.expand(phi((z - qc) / sd))), _simp(sp.expand(phi((z - qd) / sd)))
