r"""The market block shared by every model family: linear-demand Cournot competition.

Inverse demand :math:`P = a - bQ`, firms with constant unit costs :math:`c_i`, quantities chosen
simultaneously. On an active set :math:`S` of :math:`m` firms the interior equilibrium is

.. math::

    q_i = \frac{a - (m+1)c_i + \sum_{j \in S} c_j}{b(m+1)}, \qquad
    P = \frac{a + \sum_{j\in S} c_j}{m+1}, \qquad \pi_i = b q_i^2,

valid while every :math:`q_i > 0`. A firm whose interior quantity would be :math:`\le 0` exits
(:math:`q_i = 0` is its best response when :math:`c_i \ge P`), and the rest are re-solved: the
active set is the largest set of lowest-cost firms whose marginal member still produces.

Welfare follows DESIGN "Conventions": :math:`CS = bQ^2/2`, :math:`PS = \sum_i \pi_i`,
:math:`W = CS + PS`.

Marginal effects on the active set (:math:`m` firms), used by the diffusion model and the
Lahiri–Ono diagnostic:

.. math::

    \frac{\partial q_i}{\partial c_j} = \frac{1}{b(m+1)}\ (j\ne i), \quad
    \frac{\partial q_i}{\partial c_i} = -\frac{m}{b(m+1)}, \quad
    \frac{\partial \pi_i}{\partial c_j} = \frac{2q_i}{m+1} > 0, \quad
    \frac{\partial \pi_i}{\partial c_i} = -\frac{2m\,q_i}{m+1} < 0, \quad
    \frac{\partial W}{\partial c_j} = \frac{Q - 2(m+1)q_j}{m+1}.

So lowering a firm's cost lowers welfare iff its market share :math:`q_j/Q < 1/(2(m+1))`
(Lahiri & Ono 1988).

References
----------
.. [1] Lahiri, S. & Ono, Y. (1988). Helping minor firms reduces welfare. Economic Journal 98, 1199-1202.
.. [2] Vives, X. (1999). Oligopoly Pricing, ch. 4. MIT Press.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import sympy as sp

from gametheory.core._validate import DomainError, Number, as_param, as_params, positive_decided, require
from gametheory.core.results import Result

__all__ = ["Cournot", "MarketOutcome", "MarginalEffects"]


@dataclass(frozen=True, repr=False)
class MarketOutcome(Result):
    """Cournot equilibrium of the market block (field names fixed by DESIGN).

    Attributes
    ----------
    quantities, profits : tuple
        Per firm, in the order of ``costs``; firms outside the active set have 0.
    price, consumer_surplus, producer_surplus, welfare : number or sympy.Expr
    active : tuple of bool
        Which firms produce :math:`q_i > 0`.
    conditions : sympy.Boolean
        Parameter region where this active set is right (``True`` when decided).
    method : str
    max_deviation_gain : number or sympy.Expr
        Largest gain of a unilateral deviation to the best response (0 at an equilibrium).
    """

    quantities: tuple
    price: Number
    profits: tuple
    consumer_surplus: Number
    producer_surplus: Number
    welfare: Number
    active: tuple
    conditions: sp.Basic = sp.true
    method: str = "closed form"
    max_deviation_gain: Number = 0

    @property
    def total_quantity(self) -> Number:
        """Industry output :math:`Q`."""
        return sp.Add(*self.quantities)


@dataclass(frozen=True, repr=False)
class MarginalEffects(Result):
    """Derivatives of the Cournot equilibrium in the unit costs, on the active set.

    ``dq[i][j]`` = ∂q_i/∂c_j, ``dprofit[i][j]`` = ∂π_i/∂c_j, ``dwelfare[j]`` = ∂W/∂c_j (zero rows and
    columns for inactive firms).
    """

    dq: tuple
    dprofit: tuple
    dwelfare: tuple
    conditions: sp.Basic = sp.true


@dataclass(frozen=True)
class Cournot:
    r"""Linear-demand Cournot oligopoly with any number of firms.

    Parameters
    ----------
    a : number or sympy.Expr
        Demand intercept, :math:`a > \min_i c_i` (some firm can serve the market).
    b : number or sympy.Expr
        Demand slope, :math:`b > 0`.
    costs : sequence of number or sympy.Expr
        Unit costs :math:`c_i \ge 0`.

    Examples
    --------
    Symmetric duopoly (textbook: :math:`q^* = (a-c)/3b`):

    >>> a, b, c = sp.symbols("a b c", positive=True)
    >>> Cournot(a, b, (c, c)).equilibrium().quantities
    ((a - c)/(3*b), (a - c)/(3*b))

    A high-cost firm exits: with :math:`a=10, b=1, c=(1, 7)` firm 2's interior quantity would be
    :math:`(10 - 14 + 1)/3 < 0`, so firm 1 is a monopolist, :math:`q_1 = (10-1)/2`:

    >>> Cournot(10, 1, (1, 7)).equilibrium().quantities
    (9/2, 0)
    """

    a: Number
    b: Number
    costs: tuple

    def __post_init__(self) -> None:
        object.__setattr__(self, "a", as_param(self.a, "a"))
        object.__setattr__(self, "b", as_param(self.b, "b", positive=True))
        object.__setattr__(self, "costs", as_params(self.costs, "costs", nonnegative=True))
        lowest = self.costs[0] if len(self.costs) == 1 else sp.Min(*self.costs)
        require(self.a > lowest, f"demand intercept a={self.a} must exceed the lowest unit cost {lowest}: no firm can serve the market")
        # Domain conditions the symbols' assumptions leave open travel with every result.
        open_parts = [c for c in (require(self.b > 0, "b must be > 0"),
                                  *(require(c >= 0, "costs must be >= 0") for c in self.costs))
                      if c is not sp.true]
        object.__setattr__(self, "_domain", sp.And(*open_parts) if open_parts else sp.true)

    @property
    def n(self) -> int:
        """Number of firms."""
        return len(self.costs)

    # -- equilibrium ---------------------------------------------------------------------------
    def active_set(self) -> tuple[tuple[bool, ...], sp.Basic]:
        """The active set and the conditions under which it is right.

        Numeric (or decidable) costs: the largest set of lowest-cost firms whose highest-cost
        member has a positive interior quantity. Undecidable symbolic costs: all firms active,
        with the conditions :math:`q_i > 0` returned.
        """
        n = self.n
        everyone = tuple(True for _ in range(n))
        qs = self._interior(everyone)
        decided = [positive_decided(q) for q in qs]
        if all(d is True for d in decided):
            return everyone, sp.true
        if any(d is None for d in decided):
            # Try the numeric route when the ordering of costs is known; otherwise keep them all.
            try:
                order = sorted(range(n), key=lambda i: self.costs[i])  # raises TypeError for symbols
            except TypeError:
                order = None
            if order is None or any(not sp.sympify(self.costs[i]).is_number for i in range(n)):
                # b(m+1) > 0, so q_i > 0 iff its numerator is positive
                conditions = sp.And(*[sp.simplify(q * self.b * (n + 1)) > 0 for q, d in zip(qs, decided) if d is None])
                return everyone, conditions
        order = sorted(range(n), key=lambda i: self.costs[i])
        for m in range(n, 0, -1):
            members = set(order[:m])
            # all firms tied with the marginal cost enter or exit together
            marginal = self.costs[order[m - 1]]
            if m < n and self.costs[order[m]] == marginal:
                continue
            active = tuple(i in members for i in range(n))
            q = self._interior(active)
            if sp.sympify(q[order[m - 1]]).is_positive:
                return active, sp.true
        raise DomainError("no firm produces a positive quantity")  # unreachable: a > min cost

    def _interior(self, active: Sequence[bool]) -> list[sp.Expr]:
        m = sum(active)
        total = sp.Add(*[c for c, on in zip(self.costs, active) if on])
        return [
            sp.simplify((self.a - (m + 1) * c + total) / (self.b * (m + 1))) if on else sp.Integer(0)
            for c, on in zip(self.costs, active)
        ]

    def equilibrium(self) -> MarketOutcome:
        """The Cournot equilibrium on the correct active set (see the module docstring).

        Returns
        -------
        MarketOutcome
            With ``max_deviation_gain`` computed from each firm's best response
            :math:`\\max\\{0, (a - c_i - bQ_{-i})/2b\\}`.
        """
        active, conditions = self.active_set()
        q = self._interior(active)
        Q = sp.Add(*q)
        price = sp.simplify(self.a - self.b * Q)
        profits = tuple(sp.simplify((price - c) * qi) for c, qi in zip(self.costs, q))
        cs = sp.simplify(self.b * Q**2 / 2)
        ps = sp.simplify(sp.Add(*profits))
        gain = self._deviation_gain(q, profits)
        return MarketOutcome(
            quantities=tuple(q),
            price=price,
            profits=profits,
            consumer_surplus=cs,
            producer_surplus=ps,
            welfare=sp.simplify(cs + ps),
            active=active,
            conditions=sp.And(conditions, self._domain),
            method="closed form (active set)" if not all(active) else "closed form",
            max_deviation_gain=gain,
        )

    def _deviation_gain(self, q: Sequence[sp.Expr], profits: Sequence[sp.Expr]) -> sp.Expr:
        Q = sp.Add(*q)
        gains = []
        for i, c in enumerate(self.costs):
            others = Q - q[i]
            br = (self.a - c - self.b * others) / (2 * self.b)
            if sp.sympify(br).is_number and br < 0:
                br = sp.Integer(0)
            elif not sp.sympify(br).is_number and q[i] == 0:
                br = sp.Integer(0)
            best = (self.a - self.b * (others + br) - c) * br
            gains.append(sp.simplify(best - profits[i]))
        if all(sp.sympify(g).is_number for g in gains):
            return max(gains)
        return sp.Max(*gains) if len(gains) > 1 else gains[0]

    def marginal_effects(self) -> MarginalEffects:
        r"""∂q/∂c, ∂π/∂c and ∂W/∂c on the active set (module docstring formulas).

        Examples
        --------
        Lahiri & Ono's example in STYLE.md, :math:`a=10, b=1, c=(1, c_2)`, by hand
        :math:`\partial W/\partial c_2 = (11c_2 - 47)/9`:

        >>> c2 = sp.Symbol("c2", positive=True)
        >>> sp.factor(Cournot(10, 1, (1, c2)).marginal_effects().dwelfare[1])
        (11*c2 - 47)/9
        """
        active, conditions = self.active_set()
        q = self._interior(active)
        Q = sp.Add(*q)
        m = sum(active)
        n = self.n
        dq, dprofit = [], []
        for i in range(n):
            row_q, row_p = [], []
            for j in range(n):
                if not (active[i] and active[j]):
                    row_q.append(sp.Integer(0))
                    row_p.append(sp.Integer(0))
                elif i == j:
                    row_q.append(-sp.Integer(m) / (self.b * (m + 1)))
                    row_p.append(sp.simplify(-2 * m * q[i] / (m + 1)))
                else:
                    row_q.append(1 / (self.b * (m + 1)))
                    row_p.append(sp.simplify(2 * q[i] / (m + 1)))
            dq.append(tuple(row_q))
            dprofit.append(tuple(row_p))
        dwelfare = tuple(sp.simplify((Q - 2 * (m + 1) * q[j]) / (m + 1)) if active[j] else sp.Integer(0)
                         for j in range(n))
        return MarginalEffects(tuple(dq), tuple(dprofit), dwelfare, conditions)
