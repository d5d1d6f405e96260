r"""The technology-diffusion model: tiers, the diffusion matrix and the post-diffusion market.

Firms :math:`1,\dots,n` have unit costs :math:`c_1 \le c_2 \le \dots \le c_n` (equal costs form a
*tier*; with three tiers they are the leading 领先, middle 中间 and lagging 落后 firms). Knowledge
flows only from a lower-cost firm to a higher-cost one. A diffusion matrix
:math:`\Theta = [\theta_{ij}]` with :math:`\theta_{ij} \in [0, 1]`, :math:`\theta_{ij} > 0` only if
:math:`c_i < c_j` and :math:`\sum_i \theta_{ij} \le 1`, and absorptive capacities
:math:`\beta_j \in [0, 1]` give the post-diffusion costs

.. math::

    c_j' = c_j - \beta_j \sum_i \theta_{ij}\,(c_j - c_i),

a convex combination of :math:`c_j` and the sources' costs, so :math:`0 \le c_j' \le c_j`.
Stage 2 is the Cournot market of :mod:`gametheory.models.market` at the costs :math:`c'`.

In the attitude game a *flow* :math:`i \to j` is realised when both firms are willing; a
receiver with several realised sources learns from the best of them (the lowest-cost source,
:math:`\theta_{ij} = \bar\theta` for that source, 0 for the others), which keeps
:math:`\sum_i \theta_{ij} \le 1`. A realised flow costs its source a real resource cost
:math:`d \ge 0` and the receiver pays the source a licence fee :math:`F \ge 0` (a transfer).

Where this module sits in the family: at the bottom, with
:mod:`~gametheory.models.diffusion.market` (the interior Cournot closed form and
:func:`cournot_grid`, re-exported here) under it. At module level it imports only the core, the
market block and that helper module; the analyses — :mod:`~gametheory.models.diffusion.attitude`,
:mod:`~gametheory.models.diffusion.planner`, :mod:`~gametheory.models.diffusion.coordinator`,
:mod:`~gametheory.models.diffusion.levels` — take a :class:`TechnologyDiffusion` as their first
argument and never import this module. The convenience methods at the end of the class
(:meth:`~TechnologyDiffusion.equilibrium`, :meth:`~TechnologyDiffusion.first_best`,
:meth:`~TechnologyDiffusion.coordinate`, …) import their analysis when called: those function-level
imports are the family's only upward references, so its imports form no circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterable, NamedTuple, Sequence, cast

import numpy as np
import sympy as sp

from gametheory.core.conditions import decide
from gametheory.core.params import DomainError, Number, as_param, as_params, is_symbolic, require
from gametheory.core.results import Result
from gametheory.core.params import rejects_text
from gametheory.models.diffusion.market import cournot_grid, interior_cournot

__all__ = ["TechnologyDiffusion", "DiffusionOutcome", "Flow", "cournot_grid"]


def _check(cond: sp.Basic, message: str) -> sp.Basic:
    """:func:`require` decided by :func:`gametheory.core.conditions.decide` (its quick path, then the
    full engine for what stays open); the open condition is kept as written (no simplification)."""
    decided = decide(cond, effort="quick")
    if decided is None:
        decided = decide(cond)
    if decided is False:
        raise DomainError(message)
    return sp.true if decided is True else cond


Flow = tuple  # (source index, receiver index)


class MarketAt(NamedTuple):
    """The Cournot market at given costs (:meth:`TechnologyDiffusion.market_at`).

    A named tuple: ``q, price, profits, active, cond = model.market_at(costs)`` still unpacks,
    and the fields carry the names of :class:`gametheory.models.market.MarketOutcome`.
    """

    quantities: list
    price: Any
    profits: list
    active: tuple
    conditions: Any

TIER_NAMES = {1: ("leading",), 2: ("leading", "lagging"), 3: ("leading", "middle", "lagging")}


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class DiffusionOutcome(Result):
    r"""The market after a set of realised flows (or a diffusion matrix).

    Attributes
    ----------
    flows : tuple of (i, j)
        Realised flows (source ``i`` → receiver ``j``), zero-based firm indices.
    theta : tuple of tuple
        The diffusion matrix :math:`\Theta` actually applied.
    costs : tuple
        Post-diffusion unit costs :math:`c'`.
    quantities, profits : tuple
        Cournot quantities and *market* profits :math:`\pi_i = (P - c_i')q_i` at :math:`c'`.
    payoffs : tuple
        Firms' payoffs: market profit + fees received − fees paid − diffusion costs borne.
    consumer_surplus, producer_surplus : number
        :math:`bQ^2/2` and :math:`\sum_i` payoffs (fees cancel in the sum).
    resource_costs : number
        Diffusion costs :math:`d` times the number of realised flows (counted once).
    welfare : number
        :math:`W = CS + PS` (diffusion costs already inside PS, no public outlay here).
    conditions : sympy.Boolean
        Where the formulas hold (active set).
    """

    flows: tuple
    theta: tuple
    costs: tuple
    quantities: tuple
    profits: tuple
    payoffs: tuple
    price: Number
    consumer_surplus: Number
    producer_surplus: Number
    resource_costs: Number
    welfare: Number
    active: tuple
    conditions: sp.Basic = sp.true
    method: str = "closed form"


@rejects_text(choices=('instruments', 'fiscal_rule', 'liability'))
@dataclass(frozen=True)
class TechnologyDiffusion:
    r"""Technology diffusion among leading, middle and lagging firms (DESIGN "Model 1").

    Parameters
    ----------
    a : number or sympy.Expr
        Demand intercept; :math:`a > c_1` (some firm can serve the market).
    b : number or sympy.Expr
        Demand slope, :math:`b > 0`.
    costs : sequence
        Unit costs in non-decreasing order, :math:`0 \le c_1 \le c_2 \le \dots`; equal costs
        form a tier (any number of firms per tier), at least two tiers.
    beta : number or sequence, default 1
        Absorptive capacity :math:`\beta_j \in [0, 1]` (scalar: the same for every firm).
    diffusion_cost : number, default 0
        Real resource cost :math:`d \ge 0` of one realised flow, borne by the source.
    licence_fee : number, default 0
        Fee :math:`F \ge 0` the receiver pays the source per realised flow.
    intensity : number, default 1
        :math:`\bar\theta \in (0, 1]`, the diffusion share of a realised flow.

    Raises
    ------
    DomainError
        Negative or decreasing costs, fewer than two tiers, :math:`\beta \notin [0,1]`,
        :math:`a \le c_1`, negative fees/costs, an intensity outside :math:`(0, 1]`.

    Notes
    -----
    See :mod:`gametheory.models.diffusion` for the attitude game (Kuang & Zhang's pattern), the
    planner (Lahiri–Ono) and the coordinator.

    Examples
    --------
    Full diffusion from the leader (cost 1) to a laggard (cost 3) with :math:`\beta = 1/2`
    halves the gap: :math:`c' = 3 - \tfrac12(3 - 1) = 2`.

    >>> m = TechnologyDiffusion(10, 1, (1, 2, 3), beta=sp.Rational(1, 2))
    >>> m.post_diffusion_costs([[0, 0, 1], [0, 0, 0], [0, 0, 0]])
    (1, 2, 2)
    >>> m.tier_names
    ('leading', 'middle', 'lagging')
    """

    a: Number
    b: Number
    costs: tuple
    beta: Number | tuple = 1
    diffusion_cost: Number = 0
    licence_fee: Number = 0
    intensity: Number = 1

    def __post_init__(self) -> None:
        a = as_param(self.a, "a")
        b = as_param(self.b, "b", positive=True)
        costs = as_params(self.costs, "costs", min_length=2)
        for k, c in enumerate(costs):
            if not c.is_nonnegative:              # cheap first; require() decides the rest
                as_param(c, f"costs[{k}]", nonnegative=True)
        conds = []
        for k in range(len(costs) - 1):
            if sp.expand(costs[k + 1] - costs[k]).is_nonnegative:     # decided cheaply (no simplify)
                continue
            c = _check(costs[k] <= costs[k + 1],
                        f"costs must be listed in non-decreasing order (leading firms first): "
                        f"costs[{k}]={costs[k]} > costs[{k + 1}]={costs[k + 1]}")
            conds.append(c)
        if all(sp.simplify(c - costs[0]) == 0 for c in costs):
            raise DomainError(f"all costs are equal ({costs[0]}): there is no technology gap to diffuse")
        if not sp.expand(a - costs[0]).is_positive:
            conds.append(_check(a > costs[0], f"demand intercept a={a} must exceed the lowest unit cost "
                                              f"{costs[0]}: no firm can serve the market"))
        if isinstance(self.beta, (list, tuple, np.ndarray)):
            beta = as_params(self.beta, "beta")
            if len(beta) != len(costs):
                raise DomainError(f"beta has {len(beta)} entries for {len(costs)} firms")
        else:
            beta = (as_param(self.beta, "beta"),) * len(costs)
        for j, bj in enumerate(beta):
            if bj.is_number:
                as_param(bj, f"beta[{j}]", unit_interval=True)
        for j, bj in enumerate(beta):
            if bj.is_number:
                continue                       # decided by as_param(unit_interval=True)
            conds.append(_check(bj <= 1, f"beta[{j}] must lie in [0, 1]"))
            if not bj.is_nonnegative:
                conds.append(_check(bj >= 0, f"beta[{j}] must lie in [0, 1]"))
        d = as_param(self.diffusion_cost, "diffusion_cost", nonnegative=True)
        fee = as_param(self.licence_fee, "licence_fee", nonnegative=True)
        th = as_param(self.intensity, "intensity")
        conds.append(_check(th > 0, f"intensity must lie in (0, 1], got {self.intensity!r}"))
        conds.append(_check(th <= 1, f"intensity must lie in (0, 1], got {self.intensity!r}"))
        for nm, v in (("a", a), ("b", b), ("costs", costs), ("beta", beta), ("diffusion_cost", d),
                      ("licence_fee", fee), ("intensity", th)):
            object.__setattr__(self, nm, v)
        for k, c in enumerate(costs):
            if not c.is_nonnegative:
                conds.append(_check(c >= 0, f"costs[{k}] must be >= 0"))
        object.__setattr__(self, "_assumptions", sp.And(*dict.fromkeys(c for c in conds if c is not sp.true)))

    # -- structure -------------------------------------------------------------------------------
    @property
    def n(self) -> int:
        """Number of firms."""
        return len(self.costs)

    @property
    def assumptions(self) -> sp.Basic:
        """Open domain conditions on symbolic parameters (``True`` when all were decided)."""
        return self._assumptions  # type: ignore[attr-defined]

    @property
    def _betas(self) -> tuple[sp.Expr, ...]:
        """``beta`` as ``__post_init__`` stored it: one absorptive capacity per firm (the field's
        annotation is what a caller may pass, a number or a sequence)."""
        return cast("tuple[sp.Expr, ...]", self.beta)

    @property
    def symbolic(self) -> bool:
        """True if any parameter has free symbols."""
        return is_symbolic((self.a, self.b) + self.costs + self._betas + (self.diffusion_cost, self.licence_fee, self.intensity))

    @cached_property
    def tiers(self) -> tuple[int, ...]:
        """Tier index of each firm (0 = leading); equal costs share a tier."""
        out, t = [0], 0
        for k in range(1, self.n):
            if sp.simplify(self.costs[k] - self.costs[k - 1]) != 0:
                t += 1
            out.append(t)
        return tuple(out)

    @property
    def tier_names(self) -> tuple[str, ...]:
        """``leading``/``middle``/``lagging`` per firm for up to three tiers, else ``tier k``."""
        k = self.tiers[-1] + 1
        names = TIER_NAMES.get(k, tuple(f"tier {t}" for t in range(k)))
        return tuple(names[t] for t in self.tiers)

    @cached_property
    def labels(self) -> tuple[str, ...]:
        """Short firm labels: L, M, G for one firm per tier and three tiers; else L1, M2, ..."""
        short = {"leading": "L", "middle": "M", "lagging": "G"}
        names = self.tier_names
        base = [short.get(nm, f"T{t}") for nm, t in zip(names, self.tiers)]
        if len(set(base)) == self.n:
            return tuple(base)
        return tuple(f"{s}{i + 1}" for i, s in enumerate(base))

    @cached_property
    def eligible_flows(self) -> tuple[Flow, ...]:
        """All pairs (i, j) with :math:`c_i < c_j` (i can teach j)."""
        return tuple((i, j) for j in range(self.n) for i in range(self.n) if self.tiers[i] < self.tiers[j])

    # -- diffusion matrix --------------------------------------------------------------------------
    def validate_theta(self, theta) -> tuple[tuple[sp.Expr, ...], ...]:
        r"""Check a diffusion matrix and return it as exact sympy entries.

        Raises
        ------
        DomainError
            Wrong shape, an entry outside [0, 1], a flow that is not from a lower-cost firm
            (:math:`\theta_{ij} > 0` with :math:`c_i \ge c_j`), or a column sum above 1.
        """
        rows = np.asarray(theta, dtype=object)
        if rows.shape != (self.n, self.n):
            raise DomainError(f"theta must be a {self.n}x{self.n} matrix, got shape {rows.shape}")
        out = [[as_param(rows[i, j], f"theta[{i}][{j}]", unit_interval=True) for j in range(self.n)]
               for i in range(self.n)]
        for i in range(self.n):
            for j in range(self.n):
                if self.tiers[i] >= self.tiers[j]:
                    v = out[i][j]
                    if not (v == 0 or v.is_zero):
                        raise DomainError(f"theta[{i}][{j}] = {v}: knowledge flows only from a lower-cost to a "
                                          f"higher-cost firm (c_{i} = {self.costs[i]} is not below c_{j} = {self.costs[j]})")
        for j in range(self.n):
            col = sp.Add(*[out[i][j] for i in range(self.n)])
            require(col <= 1, f"column {j} of theta sums to {col} > 1: sum_i theta_ij must be <= 1")
        return tuple(tuple(r) for r in out)

    def post_diffusion_costs(self, theta) -> tuple[sp.Expr, ...]:
        r""":math:`c_j' = c_j - \beta_j \sum_i \theta_{ij}(c_j - c_i)` for a valid matrix ``theta``."""
        th = self.validate_theta(theta)
        return tuple(self.costs[j] - self._betas[j] * sp.Add(*[th[i][j] * (self.costs[j] - self.costs[i])
                                                             for i in range(self.n)])
                     for j in range(self.n))

    def theta_of(self, flows: Iterable[Flow], intensity: Number | None = None) -> tuple[tuple[sp.Expr, ...], ...]:
        r"""The diffusion matrix of a set of realised flows (best-source rule, module docstring)."""
        th = self.intensity if intensity is None else intensity
        flows = set(flows)
        m = [[sp.Integer(0)] * self.n for _ in range(self.n)]
        for j in range(self.n):
            sources = [i for (i, jj) in flows if jj == j]
            for i in sources:
                if (i, j) not in self.eligible_flows:
                    raise DomainError(f"flow {i}->{j} is not from a lower-cost to a higher-cost firm")
            if sources:
                best = min(sources, key=lambda i: (self.tiers[i], i))
                m[best][j] = th
        return tuple(tuple(r) for r in m)

    def costs_after(self, flows: Iterable[Flow]) -> tuple[sp.Expr, ...]:
        """Post-diffusion costs for realised ``flows`` (best-source rule)."""
        flows = set(flows)
        out = []
        for j in range(self.n):
            sources = [i for (i, jj) in flows if jj == j]
            if not sources:
                out.append(self.costs[j])
                continue
            best = min(sources, key=lambda i: (self.tiers[i], i))
            out.append(self.costs[j] - self._betas[j] * self.intensity * (self.costs[j] - self.costs[best]))
        return tuple(out)

    # -- market ------------------------------------------------------------------------------------
    def market_at(self, costs: Sequence[Number]) -> MarketAt:
        """Cournot at ``costs``: a :class:`MarketAt` (quantities, price, profits, active, conditions).

        Numeric parameters use :class:`gametheory.models.market.Cournot` (exact active set);
        symbolic ones the interior formulas with the conditions :math:`q_i > 0`.
        """
        key = tuple(costs)
        cache = self.__dict__.setdefault("_market_cache", {})
        if key in cache:
            return cache[key]
        if not self.symbolic:
            from gametheory.models.market import Cournot

            eq = Cournot(self.a, self.b, key).equilibrium()
            res = MarketAt(list(eq.quantities), eq.price, list(eq.profits), tuple(eq.active), eq.conditions)
        else:
            q = interior_cournot(self.a, self.b, key)
            price = self.a - self.b * sp.Add(*q)
            profits = [self.b * qi ** 2 for qi in q]
            conds = []
            for i, qi in enumerate(q):
                num = sp.expand(qi * self.b * (self.n + 1))   # b(n+1) > 0: the sign of q_i
                if num.is_positive:
                    continue
                if num.is_nonpositive:
                    raise DomainError(f"firm {i} would not produce at costs {key}: the interior Cournot "
                                      f"formulas need every firm active; substitute numbers for the active set")
                conds.append(num > 0)
            cond = sp.And(*conds)
            res = MarketAt(q, price, profits, (True,) * self.n, cond)
        cache[key] = res
        return res

    def outcome(self, flows: Iterable[Flow] = (), *, theta=None) -> DiffusionOutcome:
        r"""The market and welfare after realised ``flows`` (or an explicit matrix ``theta``).

        With ``theta`` given, no fees or diffusion costs are charged (a planner's matrix).

        Examples
        --------
        No diffusion, :math:`a=10, b=1, c=(1,2,3)`: :math:`Q = (30-6)/4 = 6`, :math:`P = 4`,
        :math:`q = (3, 2, 1)`, :math:`W = 36/2 + 9 + 4 + 1 = 32`.

        >>> TechnologyDiffusion(10, 1, (1, 2, 3)).outcome().welfare
        32
        """
        if theta is None:
            key = tuple(sorted(set(flows)))
            cache = self.__dict__.setdefault("_outcome_cache", {})
            if key not in cache:
                cache[key] = self._outcome(key, None)
            return cache[key]
        return self._outcome(flows, theta)

    def _outcome(self, flows, theta) -> DiffusionOutcome:
        if theta is not None:
            th = self.validate_theta(theta)
            flows = tuple((i, j) for i in range(self.n) for j in range(self.n) if th[i][j] != 0)
            costs = self.post_diffusion_costs(th)
            fee = d = sp.Integer(0)
        else:
            flows = tuple(sorted(set(flows)))
            for f in flows:
                if f not in self.eligible_flows:
                    raise DomainError(f"flow {f} is not from a lower-cost to a higher-cost firm")
            th = self.theta_of(flows)
            costs = self.costs_after(flows)
            fee, d = self.licence_fee, self.diffusion_cost
        q, price, profits, active, cond = self.market_at(costs)
        pay = list(profits)
        for (i, j) in flows:
            pay[i] = pay[i] + fee - d
            pay[j] = pay[j] - fee
        Q = sp.Add(*q)
        cs = self.b * Q ** 2 / 2
        ps = sp.Add(*pay)
        if self.symbolic:
            cs, ps = sp.expand(cs), sp.expand(ps)
        return DiffusionOutcome(
            flows=flows, theta=th, costs=tuple(costs), quantities=tuple(q), profits=tuple(profits),
            payoffs=tuple(pay), price=price, consumer_surplus=cs, producer_surplus=ps,
            resource_costs=d * len(flows), welfare=cs + ps, active=active,
            conditions=sp.And(cond, self.assumptions),
        )

    # -- the model's analyses (defined in the sibling modules) ---------------------------------------
    def attitude_game(self, **policy):
        """The attitude game (see :func:`gametheory.models.diffusion.attitude.AttitudeGame`)."""
        from gametheory.models.diffusion.attitude import AttitudeGame

        return AttitudeGame(self, **policy)

    def equilibrium(self):
        """Laissez-faire: the attitude game solved by dominance (Kuang & Zhang's pattern)."""
        from gametheory.models.diffusion.attitude import laissez_faire

        cache = self.__dict__.setdefault("_results", {})
        if "equilibrium" not in cache:
            cache["equilibrium"] = laissez_faire(self)
        return cache["equilibrium"]

    def first_best(self):
        """The welfare-maximising diffusion matrix (planner)."""
        from gametheory.models.diffusion.planner import first_best

        cache = self.__dict__.setdefault("_results", {})
        if "first_best" not in cache:
            cache["first_best"] = first_best(self)
        return cache["first_best"]

    def lahiri_ono(self, flows: Iterable[Flow] = ()):
        """The Lahiri–Ono diagnostic at the costs after ``flows`` (planner module)."""
        from gametheory.models.diffusion.planner import lahiri_ono

        return lahiri_ono(self, flows)

    def coordinate(self, *, shadow_cost: Number = 0, **options):
        """The government coordinator's optimum (coordinator module; default fiscal rule
        ``"limited_liability"``, or ``fiscal_rule="no_fine_revenue"``)."""
        from gametheory.models.diffusion.coordinator import coordinate

        return coordinate(self, shadow_cost=shadow_cost, **options)

    def preference_levels(self, *, curvature: Number, subsidy: Number = 0):
        """Continuous diffusion-preference levels under convex cost (levels module)."""
        from gametheory.models.diffusion.levels import preference_levels

        return preference_levels(self, curvature=curvature, subsidy=subsidy)
