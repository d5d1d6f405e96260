r"""Entrants that use the regional brand without meeting its standard, and membership rules.

Model
-----
Sales under the regional name are normalised to 1. A share :math:`e \in [0, 1)` is sold by
outsiders (冒用区域品牌的进入者) at quality :math:`q_E \ge 0` which they do not adjust; the
cluster's members sell the rest, member :math:`i` a share :math:`(1-e)s_i`. Reputation and welfare:

.. math:: R = (1-e)\sum_i s_i q_i + e\,q_E, \qquad
          W = \theta R - \tfrac{k}{2}\Big[(1-e)\sum_i s_i q_i^2 + e\,q_E^2\Big].

Members' payoffs :math:`(1-e)s_i[\theta(\tau q_i + (1-\tau)R) - k q_i^2/2]` give

.. math:: q_i^N = \frac{\theta\,(\tau + (1-\tau)(1-e)s_i)}{k},

so with :math:`\tau = 0`, equal shares and :math:`q_E = 0`:
:math:`R^N = (1-e)^2\theta/(nk)` — entrants dilute twice: directly, and through members'
weaker incentive. A members' standard (the planner's best given the entrants, :math:`q_i = \theta/k`)
gives :math:`W = (1-e)\theta^2/(2k) + e(\theta q_E - k q_E^2/2)`.

A **membership rule** (collective trademark / geographical indication, 集体商标 / 地理标志:
only certified members may use the name) excludes the entrants — members serve their sales at the
standard — at public enforcement cost :math:`C`. Its gain over the standard alone is

.. math:: e\cdot\tfrac{k}{2}\,(\theta/k - q_E)^2 ,

so the rule pays iff :math:`(1+\lambda)C \le e\,k(\theta/k - q_E)^2/2`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from gametheory.core.params import DomainError, Number, as_param, rejects_text, require, to_expr
from gametheory.core.results import Result
from gametheory.models.brand._common import conj, relation, simp

__all__ = ["BrandWithEntrants", "EntrantPolicy"]


@rejects_text(choices=('membership_rule', 'method'), init=False)
@dataclass(frozen=True, repr=False)
class EntrantPolicy(Result):
    """Welfare with entrants: laissez-faire, a members' standard, and a membership rule.

    Attributes
    ----------
    laissez_faire, standard, membership_rule : number or sympy.Expr
        Welfare in each regime (the membership rule net of :math:`(1+\\lambda)C`).
    exclusion_gain : number or sympy.Expr
        :math:`e\\,k(\\theta/k - q_E)^2/2`, the gross gain of excluding the entrants.
    break_even_cost : number or sympy.Expr
        The enforcement cost up to which the rule pays, :math:`\\text{gain}/(1+\\lambda)`.
    best : str or None
        ``"membership rule"`` or ``"standard"`` (``None`` when symbols leave it open).
    reputation : mapping
        Reputation in each regime.
    conditions : sympy.Boolean
    method : str
    """

    laissez_faire: Number
    standard: Number
    membership_rule: Number
    exclusion_gain: Number
    break_even_cost: Number
    best: Any
    reputation: Any
    conditions: sp.Basic = sp.true
    method: str = "closed form"


@rejects_text
@dataclass(frozen=True)
class BrandWithEntrants:
    r"""A :class:`RegionalBrand` whose name is also used by outsiders.

    Parameters
    ----------
    brand : RegionalBrand
        The members (their shares are shares of the members' sales).
    entrant_share : number or sympy.Expr
        :math:`e \in [0, 1)`, outsiders' share of sales under the regional name.
    entrant_quality : number or sympy.Expr, default 0
        :math:`q_E \ge 0`.

    Examples
    --------
    Three equal members, :math:`\theta = k = 1`, entrants sell :math:`e = 1/4` at quality 0:
    :math:`q^N = (3/4)/3 = 1/4`, :math:`R^N = (3/4)(1/4) = 3/16 = (1-e)^2/n`:

    >>> from gametheory.models.brand import RegionalBrand
    >>> m = BrandWithEntrants(RegionalBrand(3, 1, 1), sp.Rational(1, 4))
    >>> m.equilibrium().quality, m.equilibrium().reputation
    (1/4, 3/16)
    >>> m.policies(enforcement_cost=sp.Rational(1, 10)).best    # gain (1/4)(1/2) = 1/8 > 1/10
    'membership rule'
    """

    brand: Any
    entrant_share: Number
    entrant_quality: Number = 0

    def __post_init__(self) -> None:
        e = as_param(self.entrant_share, "entrant_share", nonnegative=True)
        require(e < 1, f"entrant_share must be < 1 (members must sell something), got {self.entrant_share!r}")
        object.__setattr__(self, "entrant_share", e)
        object.__setattr__(self, "entrant_quality", as_param(self.entrant_quality, "entrant_quality", nonnegative=True))
        if not hasattr(self.brand, "groups"):
            raise DomainError("brand must be a RegionalBrand")
        if getattr(self.brand, "unequal_costs", False):
            raise DomainError("the entrants model assumes one cost curvature (members' standard theta/k, "
                              f"entrants' cost k q_E^2/2); pass a scalar k (got per-firm k = {self.brand.k})")

    def _members(self, quality_of) -> list[sp.Expr]:
        return [to_expr(quality_of(s)) for s, _ in self.brand.groups()]

    def _reputation(self, q) -> sp.Expr:
        e = self.entrant_share
        return (1 - e) * self.brand.reputation(q) + e * self.entrant_quality

    def _welfare(self, q) -> sp.Expr:
        e, b = self.entrant_share, self.brand
        quad = sp.Add(*[c * s * qi**2 for (s, c), qi in zip(b.groups(), q)])
        return b.theta * self._reputation(q) - b.k * ((1 - e) * quad + e * self.entrant_quality**2) / 2

    def nash_quality(self, share: Number) -> sp.Expr:
        r""":math:`q_i^N = \theta(\tau + (1-\tau)(1-e)s_i)/k`."""
        b = self.brand
        return simp(b.theta * (b.traceability + (1 - b.traceability) * (1 - self.entrant_share) * share) / b.k)

    def equilibrium(self):
        """Members' Nash qualities with entrants (dominant strategies), verified by a deviation check."""
        q = self._members(self.nash_quality)
        gain = self._deviation_gain(q)
        return self._outcome(q, "closed form (dominant strategy, FOC)", gain)

    def standard(self):
        r"""Members held to :math:`\theta/k` (the welfare-maximising member quality given the entrants)."""
        q = self._members(lambda s: self.brand.theta / self.brand.k)
        return self._outcome(q, "closed form (planner FOC over members' quality)", sp.Integer(0))

    def _outcome(self, q, method, gain):
        from gametheory.models.brand.results import BrandOutcome

        b = self.brand
        qualities = None if b.n_is_symbolic else tuple(q[0] for _ in range(int(b.n))) if b.symmetric else tuple(q)
        return BrandOutcome(qualities=qualities, quality=q[0] if len(set(q)) == 1 else None,
                            reputation=simp(self._reputation(q)), profits=None, producer_surplus=simp(self._welfare(q)),
                            welfare=simp(self._welfare(q)), method=method, max_deviation_gain=gain)

    def _deviation_gain(self, q) -> Any:
        b, e = self.brand, self.entrant_share
        x = sp.Dummy("x")
        gains = []
        for g, (s, _) in enumerate(b.groups()):
            R = self._reputation(q) - (1 - e) * s * q[g] + (1 - e) * s * x
            u = (1 - e) * s * (b.theta * (b.traceability * x + (1 - b.traceability) * R) - b.k * x**2 / 2)
            br = sp.solve(sp.diff(u, x), x)[0]
            gains.append(simp(u.subs(x, br) - u.subs(x, q[g])))
        return b._max(gains)

    def policies(self, *, enforcement_cost: Number, shadow_cost: Number = 0) -> EntrantPolicy:
        """Compare laissez-faire, a members' standard and a membership rule excluding entrants."""
        C = as_param(enforcement_cost, "enforcement_cost", nonnegative=True)
        lam = as_param(shadow_cost, "shadow_cost (lambda)", nonnegative=True)
        b, e = self.brand, self.entrant_share
        lf, std = self.equilibrium(), self.standard()
        w_rule = simp(b.theta**2 / (2 * b.k) - (1 + lam) * C)
        gain = simp(e * b.k * (b.theta / b.k - self.entrant_quality) ** 2 / 2)
        assert simp(b.theta**2 / (2 * b.k) - std.welfare - gain) == 0
        pays = relation(gain, (1 + lam) * C, ">=", b.n)
        best = "membership rule" if pays is sp.true else "standard" if pays is sp.false else None
        conditions = conj([] if best is not None else [pays])
        return EntrantPolicy(laissez_faire=lf.welfare, standard=std.welfare, membership_rule=w_rule,
                             exclusion_gain=gain, break_even_cost=simp(gain / (1 + lam)), best=best,
                             reputation={"laissez-faire": lf.reputation, "standard": std.reputation,
                                         "membership rule": simp(b.theta / b.k)},
                             conditions=conditions)
