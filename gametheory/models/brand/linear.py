r"""The linear regional-brand model (区域品牌 regional brand, 搭便车 free riding).

Model
-----
:math:`n` firms share a regional brand. Firm :math:`i` sells a share :math:`s_i > 0` of the
cluster's output (:math:`\sum_i s_i = 1`, total output normalised to 1) at quality :math:`q_i`;
the unit cost of quality is :math:`k_i q_i^2/2` (one curvature :math:`k_i = k` for every firm
unless ``k`` is given per firm). Buyers cannot tell firms apart (an experience good
without traceability), so every unit sells at a premium :math:`\theta R` over the base price,
where the brand's reputation (声誉) is the output-weighted average quality

.. math::  R = \sum_j s_j q_j .

With traceability (可追溯性) / certification :math:`\tau \in [0, 1]` a firm's own quality counts
more: a unit of firm :math:`i` sells at :math:`\theta(\tau q_i + (1-\tau)R)`. Payoffs

.. math::  \pi_i = s_i\left[\theta\big(\tau q_i + (1-\tau)R\big) - \tfrac{k_i}{2} q_i^2\right].

Consumers pay the premium in full, so welfare is
:math:`W = \theta R - \tfrac12\sum_i s_i k_i q_i^2` (less :math:`\lambda G` under policy).

Results (hand derivations, checked in the tests)
------------------------------------------------
* Nash: :math:`\partial\pi_i/\partial q_i = s_i[\theta m_i - k q_i]` with
  :math:`m_i = \tau + (1-\tau)s_i`, so :math:`q_i^N = \theta m_i/k` — a dominant strategy. Without
  traceability :math:`q_i^N = \theta s_i/k`; symmetric :math:`\theta/(nk)`: the **1/n dilution**.
* First best: :math:`\partial W/\partial q_i = s_i(\theta - k q_i) = 0`, :math:`q_i^* = \theta/k`,
  :math:`R^* = \theta/k`, :math:`W^* = \theta^2/(2k)`.
* Under-provision: :math:`R^N/R^* = M = \tau + (1-\tau)H`, :math:`H = \sum s_i^2` (Herfindahl;
  :math:`1/n` when symmetric). Symmetric, :math:`\tau = 0`: :math:`W^N/W^* = (2n-1)/n^2`.
* Unequal cost curvatures :math:`k_i` (heterogeneous firms, solved rather than refused): the
  same first-order conditions give :math:`q_i^N = \theta m_i/k_i` and :math:`q_i^* = \theta/k_i`,
  so :math:`R^* = \theta K`, :math:`W^* = \theta^2 K/2` with :math:`K = \sum_i s_i/k_i`, and the
  dilution ratio becomes the cost-weighted average
  :math:`R^N/R^* = M = \sum_i (s_i/k_i) m_i / \sum_i (s_i/k_i)`.
* Reductions: :math:`n = 1` or :math:`\tau = 1` give :math:`q^N = q^*` (no free riding).

References
----------
.. [1] Tirole, J. (1996). A theory of collective reputations (with applications to the
   persistence of corruption and to firm quality). Review of Economic Studies 63(1), 1-22.
.. [2] Winfree, J. A. & McCluskey, J. J. (2005). Collective reputation and quality. American
   Journal of Agricultural Economics 87(1), 206-213.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterable
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
from gametheory.models.brand._common import conj, larger, relation, simp
from gametheory.models.brand.results import BrandOutcome

__all__ = ["RegionalBrand"]


def _is_sequence(value: Any) -> bool:
    """True for a per-firm ``k`` (list, tuple, 1-d array, sympy matrix, other ordered iterable).

    Text is not a sequence here: it reaches :func:`as_param`, which refuses it (and the class's
    :func:`rejects_text` guard refuses it before that)."""
    if isinstance(value, (str, bytes, bytearray)):
        return False
    if isinstance(value, np.ndarray):
        return value.ndim != 0
    if isinstance(value, sp.MatrixBase):
        return True
    if isinstance(value, sp.Basic):
        return isinstance(value, sp.Tuple)
    return isinstance(value, Iterable)


@rejects_text(choices=('method',))
@dataclass(frozen=True)
class RegionalBrand:
    r"""Free riding on a regional brand: quality choice with a shared reputation.

    Parameters
    ----------
    n : int or sympy integer symbol
        Number of firms, :math:`n \ge 1`. A symbol (``sp.Symbol("n", integer=True,
        positive=True)``) is allowed for the symmetric model.
    theta : number or sympy.Expr
        Premium per unit of reputation, :math:`\theta \ge 0`.
    k : number, sympy.Expr or sequence of them
        Curvature of the unit quality cost :math:`k q^2/2`, :math:`k > 0`; or one curvature per
        firm, :math:`(k_1, \dots, k_n)` with every :math:`k_i > 0` (unit cost :math:`k_i q_i^2/2`).
        A sequence requires an integer ``n`` equal to its length and goes with ``shares``
        (default: equal shares :math:`1/n`, stored explicitly).
    shares : sequence, optional
        Output shares :math:`s_i > 0` summing to 1 (default: :math:`1/n` each). Requires an
        integer ``n`` equal to ``len(shares)``.
    traceability : number or sympy.Expr, default 0
        :math:`\tau \in [0, 1]`, the weight of a firm's own quality in its price.

    Raises
    ------
    DomainError
        :math:`n < 1`, non-integer :math:`n`, :math:`\theta < 0`, :math:`k \le 0` (any
        :math:`k_i \le 0`), NaN/inf or text in ``k``, a ``k`` sequence whose length is not ``n``
        or with a symbolic ``n``, shares not positive or not summing to 1,
        :math:`\tau \notin [0, 1]`.

    Examples
    --------
    Symmetric Nash quality is :math:`\theta/(nk)` and the optimum :math:`\theta/k`
    (here :math:`\theta = 6, k = 2, n = 3`: 1 and 3):

    >>> m = RegionalBrand(3, theta=6, k=2)
    >>> m.equilibrium().qualities, m.first_best().quality
    ((1, 1, 1), 3)
    >>> m.equilibrium().welfare, m.first_best().welfare   # 6*1 - 2/2 = 5;  36/4 = 9
    (5, 9)

    Heterogeneous shares: :math:`q_i^N = \theta s_i/k` (:math:`\theta = k = 1`):

    >>> RegionalBrand(2, 1, 1, shares=(sp.Rational(3, 4), sp.Rational(1, 4))).equilibrium().qualities
    (3/4, 1/4)

    Unequal cost curvatures :math:`k = (1, 2)`, equal shares, :math:`\theta = 1`. By hand: firm
    :math:`i` maximises :math:`\tfrac12[R - k_i q_i^2/2]` with :math:`\partial R/\partial q_i = 1/2`,
    so :math:`q_i^N = 1/(2k_i) = (1/2, 1/4)`; the planner sets :math:`q_i^* = 1/k_i = (1, 1/2)`,
    :math:`W^* = \tfrac12(\tfrac12\cdot 1 + \tfrac12\cdot\tfrac12) = 3/8`; at Nash
    :math:`R = 3/8` and :math:`W^N = 3/8 - \tfrac12(\tfrac12\cdot\tfrac14 + \tfrac12\cdot 2\cdot\tfrac1{16}) = 9/32`:

    >>> m = RegionalBrand(2, 1, (1, 2))
    >>> m.equilibrium().qualities, m.first_best().qualities
    ((1/2, 1/4), (1, 1/2))
    >>> m.first_best().welfare, m.equilibrium().welfare, m.welfare_ratio()
    (3/8, 9/32, 3/4)
    """

    n: Any
    theta: Number
    k: Any
    shares: Any = None
    traceability: Number = 0

    def __post_init__(self) -> None:
        n = as_param(self.n, "n", integer=True)
        require(n >= 1, f"n (number of firms) must be >= 1, got {self.n!r}")
        if is_symbolic(n) and n.is_integer is not True:
            raise DomainError(f"a symbolic n must be declared integer (sp.Symbol('n', integer=True, positive=True)), got {n}")
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "theta", as_param(self.theta, "theta", nonnegative=True))
        if _is_sequence(self.k):
            if is_symbolic(n):
                raise DomainError("one cost curvature per firm (a sequence k) needs an integer n; "
                                  "pass a scalar k for a symbolic number of firms")
            costs = as_params(self.k, "k", positive=True)
            if len(costs) != int(n):
                raise DomainError(f"k has {len(costs)} entries but n = {n} (one cost curvature per firm)")
            object.__setattr__(self, "k", tuple(costs))
            if self.shares is None:     # heterogeneous firms: per-firm groups, equal shares stored
                object.__setattr__(self, "shares", tuple(sp.Integer(1) / n for _ in range(int(n))))
        else:
            object.__setattr__(self, "k", as_param(self.k, "k", positive=True))
        object.__setattr__(self, "traceability", as_param(self.traceability, "traceability", unit_interval=True))
        if self.shares is not None:
            if is_symbolic(n):
                raise DomainError("shares need an integer n (the number of shares)")
            shares = as_params(self.shares, "shares", positive=True)
            if len(shares) != int(n):
                raise DomainError(f"shares has {len(shares)} entries but n = {n}")
            total = sp.Add(*shares)
            if is_symbolic(total):
                require(sp.Eq(sp.simplify(total), 1), f"shares must sum to 1, got {total}")
            elif any(isinstance(s, sp.Float) for s in shares):
                if abs(float(total) - 1) > 1e-9:
                    raise DomainError(f"shares must sum to 1, got {float(total)}")
            elif total != 1:
                raise DomainError(f"shares must sum to 1, got {total}")
            object.__setattr__(self, "shares", shares)

    # -- structure -----------------------------------------------------------------------------
    @property
    def symmetric(self) -> bool:
        """True when all firms are one group: shares :math:`1/n` and one cost curvature."""
        return self.shares is None

    @property
    def unequal_costs(self) -> bool:
        """True when ``k`` was given per firm (:math:`k_i`, one group per firm)."""
        return isinstance(self.k, tuple)

    def group_costs(self) -> list:
        """Cost curvature of each group of :meth:`groups` (:math:`k` repeated, or :math:`k_i`)."""
        if self.unequal_costs:
            return list(self.k)
        return [self.k for _ in self.groups()]

    def cost_tuple(self) -> tuple:
        """Per-firm cost curvatures :math:`k_i` (needs an integer n)."""
        if self.n_is_symbolic:
            raise DomainError("per-firm quantities need an integer n")
        return tuple(self.k) if self.unequal_costs else tuple(self.k for _ in range(int(self.n)))

    def _require_one_cost(self, what: str) -> None:
        """Refuse per-firm curvatures where ``what`` is derived for one :math:`k` (no silent wrong answer)."""
        if self.unequal_costs:
            raise DomainError(f"{what} assumes one cost curvature for every firm; pass a scalar k "
                              f"(got per-firm k = {self.k})")

    @property
    def n_is_symbolic(self) -> bool:
        return is_symbolic(self.n)

    def groups(self) -> list[tuple[sp.Expr, sp.Expr]]:
        """Firms as (share, count) groups: ``[(1/n, n)]`` when symmetric, one group per firm otherwise."""
        if self.symmetric:
            return [(1 / self.n, self.n)]
        return [(s, sp.Integer(1)) for s in self.shares]

    def share_tuple(self) -> tuple:
        """Per-firm shares (needs an integer n)."""
        if self.n_is_symbolic:
            raise DomainError("per-firm quantities need an integer n")
        return tuple(self.shares) if not self.symmetric else tuple(1 / self.n for _ in range(int(self.n)))

    def _sum(self, f) -> sp.Expr:
        """:math:`\\sum_i f(s_i)` over firms."""
        return sp.Add(*[c * f(s) for s, c in self.groups()])

    @property
    def herfindahl(self) -> sp.Expr:
        r"""Herfindahl index :math:`H = \sum_i s_i^2` (:math:`1/n` when symmetric)."""
        return simp(self._sum(lambda s: s**2))

    def incentive_weight(self, share: Number) -> sp.Expr:
        r"""Share of its own quality's value a firm captures: :math:`m_i = \tau + (1-\tau)s_i`."""
        return self.traceability + (1 - self.traceability) * share

    def dilution(self) -> sp.Expr:
        r"""Under-provision ratio :math:`R^N/R^* = \tau + (1-\tau)H` (:math:`1/n` symmetric, :math:`\tau = 0`).

        With per-firm curvatures :math:`k_i`, :math:`R^N = \theta\sum_i s_i m_i/k_i` and
        :math:`R^* = \theta\sum_i s_i/k_i`, so the ratio is the average of :math:`m_i` weighted by
        :math:`s_i/k_i`: :math:`M = \sum_i (s_i/k_i) m_i / \sum_i (s_i/k_i)`.

        Examples
        --------
        >>> n = sp.Symbol("n", integer=True, positive=True)
        >>> RegionalBrand(n, 1, 1).dilution()
        1/n

        Shares :math:`(3/4, 1/4)`, :math:`k = (2, 1)`: weights :math:`s_i/k_i = (3/8, 1/4)`, total
        :math:`5/8`; :math:`M = (3/8\cdot 3/4 + 1/4\cdot 1/4)/(5/8) = (11/32)/(5/8) = 11/20`:

        >>> RegionalBrand(2, 1, (2, 1), shares=(sp.Rational(3, 4), sp.Rational(1, 4))).dilution()
        11/20
        """
        if self.unequal_costs:
            weights = [s / kg for (s, _), kg in zip(self.groups(), self.group_costs())]
            top = sp.Add(*[w * self.incentive_weight(s) for w, (s, _) in zip(weights, self.groups())])
            return simp(top / sp.Add(*weights))
        return simp(self._sum(lambda s: s * self.incentive_weight(s)))

    # -- payoffs and checks --------------------------------------------------------------------
    def _profile(self, quality_of) -> list[sp.Expr]:
        """Quality per group from a function of the share."""
        return [to_expr(quality_of(s)) for s, _ in self.groups()]

    def _per_group(self, quality_of) -> list[sp.Expr]:
        """Quality per group from a function of the share and the group's curvature."""
        return [to_expr(quality_of(s, kg)) for (s, _), kg in zip(self.groups(), self.group_costs())]

    def reputation(self, group_qualities: Sequence[Number]) -> sp.Expr:
        """:math:`R = \\sum_i s_i q_i` for a profile given per group."""
        return sp.Add(*[c * s * q for (s, c), q in zip(self.groups(), group_qualities)])

    def welfare(self, group_qualities: Sequence[Number]) -> sp.Expr:
        r""":math:`W = \theta R - \tfrac12\sum_i s_i k_i q_i^2` (before any public outlay)."""
        if self.unequal_costs:
            quad = sp.Add(*[c * s * kg * q**2 for (s, c), kg, q in
                            zip(self.groups(), self.group_costs(), group_qualities)])
            return self.theta * self.reputation(group_qualities) - quad / 2
        quad = sp.Add(*[c * s * q**2 for (s, c), q in zip(self.groups(), group_qualities)])
        return self.theta * self.reputation(group_qualities) - self.k * quad / 2

    def payoff(self, g: int, own: Number, group_qualities: Sequence[Number], subsidy: Number = 0) -> sp.Expr:
        """Payoff of one firm of group ``g`` choosing ``own`` while the others play the profile."""
        s, c = self.groups()[g]
        R = self.reputation(group_qualities) - s * group_qualities[g] + s * own
        tau = self.traceability
        kg = self.group_costs()[g]
        return s * (self.theta * (tau * own + (1 - tau) * R) - kg * own**2 / 2 + subsidy * own)

    def deviation_gains(self, group_qualities: Sequence[Number], *, subsidy: Number = 0,
                        floor: Number | None = None, fine: tuple[Number, Number] | None = None) -> list[sp.Expr]:
        """Each group's gain from its best unilateral deviation, found by maximising its payoff.

        ``floor`` is a binding minimum standard; ``fine = (p, F)`` an expected fine :math:`pF`
        charged to a firm below ``floor`` (then the standard is not binding but enforced by the
        fine). The best deviation is computed from the first-order condition of the firm's own
        payoff (strictly concave, :math:`k s_i > 0`) and clipped to the feasible set.
        """
        x = sp.Dummy("x")
        gains = []
        for g, _ in enumerate(self.groups()):
            u = self.payoff(g, x, group_qualities, subsidy)
            assert sp.simplify(sp.diff(u, x, 2)) != 0
            unconstrained = sp.solve(sp.diff(u, x), x)[0]
            current = u.subs(x, group_qualities[g])
            if floor is None:
                best = u.subs(x, unconstrained)
            elif fine is None:
                best = u.subs(x, self._clip(unconstrained, floor, subsidy, g))
            else:
                p, F = fine
                comply = u.subs(x, self._clip(unconstrained, floor, subsidy, g))
                cheat = u.subs(x, unconstrained) - p * F
                best = larger(comply, cheat, self.n)
            gains.append(simp(best - current))
        return gains

    def _clip(self, unconstrained: sp.Expr, floor: Number, subsidy: Number = 0, g: int = 0) -> sp.Expr:
        """max(unconstrained, floor); without subsidy the best response theta m_i/k_i never exceeds
        theta/k_i (m_i <= 1), so a floor at or above theta/k_i binds even when symbols leave it open."""
        if subsidy == 0 and relation(floor, self.theta / self.group_costs()[g], ">=", self.n) is sp.true:
            return to_expr(floor)
        return larger(unconstrained, floor, self.n)

    @staticmethod
    def _max(values: Sequence[sp.Expr]) -> sp.Expr:
        values = [simp(v) for v in values]
        if all(not is_symbolic(v) for v in values):
            return max(values)
        distinct = list(dict.fromkeys(values))
        return distinct[0] if len(distinct) == 1 else sp.Max(*distinct)

    def outcome(self, group_qualities: Sequence[Number], *, method: str, conditions: Any = sp.true,
                subsidy: Number = 0, public_outlay: Number = 0, shadow_cost: Number = 0,
                floor: Number | None = None, fine: tuple[Number, Number] | None = None) -> BrandOutcome:
        """Assemble a :class:`BrandOutcome` for a profile (per group), verifying deviations."""
        q = [simp(v) for v in group_qualities]
        R = simp(self.reputation(q))
        profits_g = [simp(self.payoff(g, q[g], q, subsidy)) for g in range(len(q))]
        ps = simp(sp.Add(*[c * p for (s, c), p in zip(self.groups(), profits_g)]))
        W = simp(self.welfare(q) - shadow_cost * public_outlay)
        gain = self._max(self.deviation_gains(q, subsidy=subsidy, floor=floor, fine=fine))
        if self.n_is_symbolic:
            qualities = profits = None
        elif self.symmetric:
            qualities = tuple(q[0] for _ in range(int(self.n)))
            profits = tuple(profits_g[0] for _ in range(int(self.n)))
        else:
            qualities, profits = tuple(q), tuple(profits_g)
        common = q[0] if len(set(q)) == 1 else None
        return BrandOutcome(qualities=qualities, quality=common, reputation=R, profits=profits,
                            producer_surplus=ps, welfare=W, public_outlay=simp(public_outlay),
                            conditions=conj([conditions]), method=method, max_deviation_gain=gain)

    # -- solutions -----------------------------------------------------------------------------
    def nash_quality(self, share: Number, k: Number | None = None) -> sp.Expr:
        r""":math:`q_i^N = \theta m_i/k_i` with :math:`m_i = \tau + (1-\tau)s_i`.

        ``k`` is the firm's curvature :math:`k_i`; it may be omitted only when the model has one
        curvature.
        """
        if k is None:
            self._require_one_cost("nash_quality(share) without the firm's curvature")
            k = self.k
        return simp(self.theta * self.incentive_weight(share) / k)

    def equilibrium(self) -> BrandOutcome:
        r"""Nash equilibrium :math:`q_i^N = \theta(\tau + (1-\tau)s_i)/k_i` (dominant strategies).

        Valid for all parameters in the domain (the own payoff is strictly concave,
        :math:`\partial^2\pi_i/\partial q_i^2 = -k_i s_i < 0`); ``max_deviation_gain`` is 0.

        Examples
        --------
        >>> n, th, k = sp.symbols("n theta k", positive=True, integer=True)
        >>> RegionalBrand(n, th, k).equilibrium().quality
        theta/(k*n)
        """
        return self._cached("equilibrium", lambda: self.outcome(
            self._per_group(self.nash_quality), method="closed form (dominant strategy, FOC)"))

    def _cached(self, key: str, build):
        cache = self.__dict__.setdefault("_cache", {})
        if key not in cache:
            cache[key] = build()
        return cache[key]

    def first_best(self) -> BrandOutcome:
        r"""Planner's optimum :math:`q_i^* = \theta/k` for every firm, :math:`W^* = \theta^2/(2k)`.

        With per-firm curvatures: :math:`\partial W/\partial q_i = s_i(\theta - k_i q_i) = 0`, so
        :math:`q_i^* = \theta/k_i` and :math:`W^* = \tfrac{\theta^2}{2}\sum_i s_i/k_i`.
        ``max_deviation_gain`` reports each firm's incentive to free ride from the optimum,
        :math:`\tfrac{k_i s_i}{2}(q_i^* - q_i^N)^2` (zero only without free riding).
        """
        return self._cached("first_best", lambda: self.outcome(
            self._per_group(lambda s, kg: self.theta / kg), method="closed form (planner FOC)"))

    def welfare_ratio(self) -> sp.Expr:
        r""":math:`W^N/W^*` (symmetric, :math:`\tau = 0`: :math:`(2n-1)/n^2`; with equal shares and
        :math:`\tau = 0` also for unequal curvatures :math:`k_i`, since each firm's term scales by
        :math:`1/k_i` in both).

        Examples
        --------
        >>> RegionalBrand(2, 1, 1).welfare_ratio()
        3/4
        """
        if self.theta == 0:
            return sp.Integer(1)
        return simp(self.equilibrium().welfare / self.first_best().welfare)

    def with_traceability(self, tau: Number) -> "RegionalBrand":
        """The same cluster with traceability :math:`\\tau`."""
        return RegionalBrand(self.n, self.theta, self.k, self.shares, tau)

    # -- policy, repeated game (implemented in sibling modules) ---------------------------------
    def coordinate(self, *, shadow_cost: Number = 0, inspection_cost: Number | None = None,
                   max_fine: Number | None = None, traceability_cost: Number | None = None,
                   levy_enforcement_cost: Number | None = None):
        """The coordinator's best instrument at shadow cost λ (see :mod:`.instruments`)."""
        from gametheory.models.brand.instruments import coordinate

        return coordinate(self, shadow_cost=shadow_cost, inspection_cost=inspection_cost,
                          max_fine=max_fine, traceability_cost=traceability_cost,
                          levy_enforcement_cost=levy_enforcement_cost)

    def subsidy_coordinator(self, shadow_cost: Number = 0):
        """The subsidy problem as a core Coordinator (``.sweep``, ``.verify_by_grid``); integer n."""
        from gametheory.models.brand.instruments import subsidy_coordinator

        return subsidy_coordinator(self, shadow_cost)

    def with_entrants(self, share: Number, quality: Number = 0):
        """Outsiders selling a share ``share`` under the regional name at quality ``quality``."""
        from gametheory.models.brand.entrants import BrandWithEntrants

        return BrandWithEntrants(self, share, quality)

    def maintenance_game(self, quality: Number | None = None):
        """The binary maintain / free-ride game at quality ``quality`` (default :math:`\\theta/k`)."""
        from gametheory.models.brand.repeated import MaintenanceGame

        return MaintenanceGame.from_brand(self, quality)

    def critical_discount_factor(self, quality: Number | None = None):
        """Grim trigger with Nash reversion sustaining common quality ``quality`` (default first best)."""
        from gametheory.models.brand.repeated import continuous_critical_discount

        return continuous_critical_discount(self, quality)

    def sustainable_quality(self, delta: Number):
        """Highest common quality sustained by Nash reversion at discount factor δ (symmetric)."""
        from gametheory.models.brand.repeated import sustainable_quality

        return sustainable_quality(self, delta)
