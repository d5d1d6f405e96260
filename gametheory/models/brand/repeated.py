r"""Maintain or free ride: the binary brand game (a lemons market) and the repeated game.

Binary stage game
-----------------
Each firm either *maintains* the brand's quality :math:`\bar q` (strategy 0) or *free rides*
with quality 0 (strategy 1). With :math:`a_j \in \{0, 1\}` the maintenance indicator,
:math:`b = \theta\bar q` the value of a fully maintained brand per unit sold and
:math:`c = k\bar q^2/2` the unit cost of maintaining, firm :math:`i` earns

.. math:: \pi_i(a) = s_i\Big[b\big(\tau a_i + (1-\tau)\textstyle\sum_j s_j a_j\big) - c\,a_i\Big].

Maintaining adds :math:`s_i(b\,m_i - c)` whatever the others do (:math:`m_i = \tau + (1-\tau)s_i`),
so free riding is **dominant** iff :math:`b\,m_i < c`; the game is an n-player prisoners'
dilemma iff moreover :math:`c < b` (everyone prefers universal maintenance to the all-free-ride
lemons outcome, in which reputation and the premium collapse — Akerlof 1970).

Grim trigger
------------
Cooperation = all maintain; a deviator free rides once; punishment = the stage Nash equilibrium
for ever (everyone free rides, payoff 0, when no firm finds maintaining dominant; a firm with
:math:`b\,m_i > c` maintains anyway and never needs a threat). With :math:`\pi^C = s_i(b - c)`,
:math:`\pi^D = s_i b(1 - m_i)`, :math:`\pi^P = 0`,

.. math:: \delta_i^* = \frac{\pi^D - \pi^C}{\pi^D - \pi^P} = \frac{c - b\,m_i}{b(1 - m_i)},
          \qquad \text{symmetric, } \tau = 0:\ \delta^* = \frac{nc - b}{(n-1)b},

increasing in :math:`n` (:math:`\partial\delta^*/\partial n = (b-c)/((n-1)^2 b) > 0`), tending to
:math:`c/b`. At the first-best quality :math:`\bar q = \theta/k`, :math:`c/b = 1/2` and
:math:`\delta^* = (n-2)/(2(n-1))`.

Continuous quality with Nash reversion: the gain from deviating from the first best,
:math:`\tfrac{k s_i}{2}(q^* - q_i^N)^2`, equals (symmetric) the per-period loss from reverting to
Nash, so :math:`\delta^* = 1/2` for every :math:`n \ge 2`. At :math:`\delta < 1/2` the best
sustainable common quality is :math:`\hat q = \theta\,(m + 2\delta(1-m))/k`
(:math:`m = \tau + (1-\tau)/n`).

References
----------
.. [1] Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. RES 38, 1-12.
.. [2] Winfree, J. A. & McCluskey, J. J. (2005). Collective reputation and quality. AJAE 87, 206-213
   (trigger strategies for collective reputation).
.. [3] Akerlof, G. (1970). The market for "lemons". QJE 84, 488-500.
"""

from __future__ import annotations

import itertools

import numpy as np
import sympy as sp

from gametheory.core.params import DomainError, Number, as_param, is_symbolic, rejects_text
from gametheory.models.brand._common import conj, relation, simp
from gametheory.models.brand.results import RepeatedOutcome

__all__ = ["MaintenanceGame", "grim_trigger_threshold", "continuous_critical_discount", "sustainable_quality"]

MAINTAIN, FREE_RIDE = 0, 1


def _one_cost(brand, what: str) -> None:
    """Refuse a brand with per-firm cost curvatures: the repeated game is derived for one k."""
    if getattr(brand, "unequal_costs", False):
        raise DomainError(f"{what} assumes one cost curvature; pass a scalar k (got per-firm k = {brand.k})")


@rejects_text
def grim_trigger_threshold(cooperate: Number, deviate: Number, punish: Number) -> sp.Expr:
    r"""Critical discount factor :math:`(\pi^D - \pi^C)/(\pi^D - \pi^P)` (0 if no gain from deviating).

    Uses :func:`gametheory.core.repeated.critical_discount_factor` when the core provides it.
    """
    gain = simp(deviate - cooperate)
    if not is_symbolic(gain) and gain <= 0:
        return sp.Integer(0)
    try:
        from gametheory.core.repeated import critical_discount_factor
    except ImportError:  # pragma: no cover - the core module is being written concurrently
        return simp(gain / (deviate - punish))
    return simp(critical_discount_factor(cooperate, deviate, punish).critical_discount)


@rejects_text
class MaintenanceGame:
    r"""The binary maintain / free-ride game of a :class:`RegionalBrand` at quality :math:`\bar q`.

    Build it with :meth:`RegionalBrand.maintenance_game`.

    Examples
    --------
    Three equal firms, :math:`\theta = k = 1`, :math:`\bar q = 1`: :math:`b = 1`, :math:`c = 1/2`;
    free riding is dominant (:math:`b/3 < c`) and :math:`\delta^* = (3/2 - 1)/2 = 1/4`:

    >>> from gametheory.models.brand import RegionalBrand
    >>> g = RegionalBrand(3, 1, 1).maintenance_game()
    >>> g.pure_equilibria(), g.critical_discount_factor().critical_discount_factor
    ([(1, 1, 1)], 1/4)
    """

    def __init__(self, brand, quality: Number) -> None:
        _one_cost(brand, "the maintain / free-ride game (one maintenance cost k q^2/2 for every firm)")
        self.brand = brand
        self.quality = as_param(quality, "quality", positive=True)
        self.benefit = simp(brand.theta * self.quality)
        self.cost = simp(brand.k * self.quality**2 / 2)

    @classmethod
    def from_brand(cls, brand, quality: Number | None = None) -> "MaintenanceGame":
        _one_cost(brand, "the maintain / free-ride game (one maintenance cost k q^2/2 for every firm)")
        if quality is None:
            quality = brand.theta / brand.k
            if not is_symbolic(quality) and quality == 0:
                raise DomainError("theta = 0: the first-best quality is 0, give a positive maintenance quality")
        return cls(brand, quality)

    @property
    def n(self):
        return self.brand.n

    def _integer_n(self) -> int:
        if self.brand.n_is_symbolic:
            raise DomainError("the finite game needs an integer number of firms; the closed forms "
                              "(critical_discount_factor, dilemma_conditions) accept a symbolic n")
        return int(self.n)

    def payoff(self, i: int, profile: tuple[int, ...]) -> sp.Expr:
        """Payoff of firm ``i`` at a profile of strategy indices (0 maintain, 1 free ride)."""
        self._integer_n()
        shares = self.brand.share_tuple()
        a = [1 - x for x in profile]
        tau = self.brand.traceability
        R = sp.Add(*[s * aj for s, aj in zip(shares, a)])
        return simp(shares[i] * (self.benefit * (tau * a[i] + (1 - tau) * R) - self.cost * a[i]))

    def payoff_arrays(self) -> list[np.ndarray]:
        """One array per firm of shape ``(2,)*n`` (object dtype: exact or symbolic entries)."""
        n = self._integer_n()
        arrays = [np.empty((2,) * n, dtype=object) for _ in range(n)]
        for profile in itertools.product((0, 1), repeat=n):
            for i in range(n):
                arrays[i][profile] = self.payoff(i, profile)
        return arrays

    def normal_form(self):
        """The stage game as a :class:`gametheory.core.normal_form.NormalFormGame`."""
        from gametheory.core.normal_form import NormalFormGame

        return NormalFormGame(self.payoff_arrays())

    def maintenance_gain(self, i: int = 0) -> sp.Expr:
        r"""What maintaining adds to firm ``i``'s payoff, whatever the others do: :math:`s_i(b m_i - c)`."""
        share = self.brand.share_tuple()[i] if not self.brand.n_is_symbolic else 1 / self.n
        return simp(share * (self.benefit * self.brand.incentive_weight(share) - self.cost))

    def pure_equilibria(self) -> list[tuple[int, ...]]:
        """Pure Nash equilibria by enumeration of all :math:`2^n` profiles (numeric payoffs)."""
        n = self._integer_n()
        eqs = []
        for profile in itertools.product((0, 1), repeat=n):
            ok = True
            for i in range(n):
                alt = profile[:i] + (1 - profile[i],) + profile[i + 1:]
                d = simp(self.payoff(i, alt) - self.payoff(i, profile))
                if is_symbolic(d):
                    raise DomainError("pure_equilibria() needs numeric payoffs; use normal_form() for symbolic ones")
                if d > 0:
                    ok = False
                    break
            if ok:
                eqs.append(profile)
        return eqs

    def dilemma_conditions(self) -> sp.Basic:
        r"""Conditions for an n-player prisoners' dilemma: :math:`b\,m_i < c < b` for every firm."""
        weights = [self.brand.incentive_weight(s) for s, _ in self.brand.groups()]
        return conj([relation(self.benefit * m, self.cost, "<", self.n) for m in weights] + [relation(self.cost, self.benefit, "<")])

    def critical_discount_factor(self) -> RepeatedOutcome:
        r"""Grim-trigger threshold, :math:`\max_i (c - b m_i)/(b(1 - m_i))` when all free ride in the stage game.

        The punishment is the stage Nash equilibrium (firms with :math:`b m_i > c` maintain in it,
        so the others' punishment payoff is :math:`s_i b (1-\tau)\sum_{j \text{ maintains}} s_j`).
        The smallest firm binds.

        Conditions: :math:`c < b` (cooperation beats the lemons outcome; otherwise no
        :math:`\delta < 1` sustains it) and :math:`\tau < 1`, :math:`n \ge 2`.
        """
        b, c = self.benefit, self.cost
        if relation(c, b, "<") is sp.false:   # checked first: the threshold below would fail less clearly
            raise DomainError("maintenance costs at least its value (c >= b): no discount factor below 1 sustains it")
        tau = self.brand.traceability
        groups = self.brand.groups()
        # the punishment is the stage Nash equilibrium: firms for which maintaining is dominant
        # (b m_i > c) keep maintaining; the others free ride (assumed, as a condition, if open)
        keeps, open_conditions = [], []
        for s, _ in groups:
            dominant = relation(b * self.brand.incentive_weight(s), c, ">", self.n)
            keeps.append(dominant is sp.true)
            if dominant not in (sp.true, sp.false):
                open_conditions.append(relation(b * self.brand.incentive_weight(s), c, "<=", self.n))
        kept = sp.Add(*[cnt * s for (s, cnt), keep in zip(groups, keeps) if keep])
        rows = []
        for (s, _), keep in zip(groups, keeps):
            m = self.brand.incentive_weight(s)
            coop, dev = s * (b - c), s * b * (1 - m)
            if keep:
                rows.append((sp.Integer(0), simp(coop), simp(coop), simp(coop)))
                continue
            pun = s * b * (1 - tau) * kept
            rows.append((grim_trigger_threshold(coop, dev, pun), simp(coop), simp(dev), simp(pun)))
        idx = _argmax([r[0] for r in rows])
        delta, coop, dev, pun = rows[idx if idx is not None else 0]
        binding = None if (self.brand.n_is_symbolic or idx is None) else (idx if not self.brand.symmetric else 0)
        conditions = conj([relation(c, b, "<")] + open_conditions)
        return RepeatedOutcome(critical_discount_factor=delta, cooperate=coop, deviate=dev, punish=pun,
                               binding_firm=binding, conditions=conditions,
                               method="closed form (grim trigger, binary stage game)")


def _argmax(values) -> int | None:
    values = [simp(v) for v in values]
    if all(not is_symbolic(v) for v in values):
        return max(range(len(values)), key=lambda j: values[j])
    if len(set(values)) == 1:
        return 0
    return None


@rejects_text
def continuous_critical_discount(brand, quality: Number | None = None) -> RepeatedOutcome:
    r"""Grim trigger with Nash reversion sustaining common quality :math:`\hat q` (default :math:`\theta/k`).

    Examples
    --------
    The threshold for the first best is 1/2 whatever :math:`n \ge 2` (gain = loss):

    >>> from gametheory.models.brand import RegionalBrand
    >>> n = sp.Symbol("n", integer=True, positive=True)
    >>> RegionalBrand(n, 1, 1).critical_discount_factor().critical_discount_factor
    1/2
    """
    _one_cost(brand, "the repeated game (grim trigger at the common quality theta/k)")
    qhat = simp(brand.theta / brand.k) if quality is None else as_param(quality, "quality", nonnegative=True)
    nash = brand._profile(brand.nash_quality)
    coop_profile = [qhat for _ in nash]
    rows = []
    x = sp.Dummy("x")
    for g, (s, _) in enumerate(brand.groups()):
        coop = simp(brand.payoff(g, qhat, coop_profile))
        u = brand.payoff(g, x, coop_profile)
        br = sp.solve(sp.diff(u, x), x)[0]
        dev = simp(u.subs(x, br))
        pun = simp(brand.payoff(g, nash[g], nash))
        rows.append((grim_trigger_threshold(coop, dev, pun), coop, dev, pun))
    idx = _argmax([r[0] for r in rows])
    delta, coop, dev, pun = rows[idx if idx is not None else 0]
    conditions = conj([relation(qhat, qn, ">=", brand.n) for qn in nash])
    binding = None if (brand.n_is_symbolic or idx is None) else (idx if not brand.symmetric else 0)
    return RepeatedOutcome(critical_discount_factor=delta, cooperate=coop, deviate=dev, punish=pun,
                           binding_firm=binding, conditions=conditions,
                           method="closed form (grim trigger, Nash reversion, continuous quality)")


@rejects_text
def sustainable_quality(brand, delta: Number) -> sp.Expr:
    r"""Highest common quality sustained by Nash reversion: :math:`\min\{\theta/k,\ \theta(m + 2\delta(1-m))/k\}`.

    Symmetric firms only. :math:`\delta \in (0, 1)`.

    Examples
    --------
    :math:`n = 3, \theta = k = 1, \delta = 1/4`: :math:`(1 + 2\cdot\tfrac14\cdot 2)/3 = 2/3`:

    >>> from gametheory.models.brand import RegionalBrand
    >>> RegionalBrand(3, 1, 1).sustainable_quality(sp.Rational(1, 4))
    2/3
    """
    d = as_param(delta, "delta (discount factor)", open_unit_interval=True)
    _one_cost(brand, "sustainable_quality() (the repeated game, derived for symmetric firms)")
    if not brand.symmetric:
        raise DomainError("sustainable_quality() is derived for equal shares")
    m = brand.incentive_weight(1 / brand.n)
    interior = simp(brand.theta * (m + 2 * d * (1 - m)) / brand.k)
    cap = simp(brand.theta / brand.k)
    if not is_symbolic(interior - cap):
        return min(interior, cap)
    if not is_symbolic(d):
        return interior if d < sp.Rational(1, 2) else cap
    return sp.Piecewise((interior, d < sp.Rational(1, 2)), (cap, True))
