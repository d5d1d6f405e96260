"""Result types of :mod:`gametheory.models.rd` (frozen, with their validity conditions).

Every outcome carries ``checks`` (named sympy conditions: second order, non-negative R&D and unit
cost, positive quantity…) and their conjunction ``conditions``, so a closed form states where it
holds. :class:`RDOutcome` is a symmetric regime, :class:`AsymmetricOptimum` the planner who may
treat identical firms differently, :class:`SubsidyOutcome` / :class:`CostShareOutcome` the two
subsidy instruments, and :class:`RDPolicyOutcome` the coordinator's choice (a core
``PolicyOutcome``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping, Optional

import sympy as sp

from gametheory.core.conditions import decide
from gametheory.core.params import Number, rejects_text
from gametheory.core.coordinator import PolicyOutcome
from gametheory.core.results import Result
from gametheory.models.rd.asymmetric import MarketNames

__all__ = ["RDOutcome", "AsymmetricOptimum", "SubsidyOutcome", "CostShareOutcome", "RDPolicyOutcome", "truth"]


@rejects_text
def truth(condition: Any) -> Optional[bool]:
    """``True``/``False`` when a condition is decided, ``None`` while it stays open.

    Decided by the core's :func:`~gametheory.core.conditions.decide` (the one condition engine).
    """
    return decide(condition)


def _frozen_mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


class _Checked(Result):
    """Shared behaviour: ``checks`` (named conditions) whose conjunction is ``conditions``."""

    checks: Mapping[str, sp.Basic]
    conditions: sp.Basic

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "checks", _frozen_mapping(self.checks))

    @property
    def valid(self) -> Optional[bool]:
        """``True`` if every validity check holds, ``False`` if one fails, ``None`` if open."""
        return truth(self.conditions)

    @property
    def failed(self) -> tuple[str, ...]:
        """Names of the checks that provably fail."""
        return tuple(name for name, cond in self.checks.items() if truth(cond) is False)


@rejects_text(text=('note',), choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class RDOutcome(_Checked, Result):
    r"""A symmetric outcome of the two-stage R&D game (one regime).

    Attributes
    ----------
    regime : str
        ``"noncooperative"``, ``"cartel"``, ``"rjv_cartel"``, ``"rjv_competition"``,
        ``"second_best"`` or ``"first_best"``.
    n : int
        Number of firms.
    rd : number or sympy.Expr
        R&D of each firm :math:`x` (a unit cost reduction, d'Aspremont–Jacquemin).
    quantity, price, unit_cost : number or sympy.Expr
        Per-firm output :math:`q`, market price :math:`P = a - bnq`, unit cost
        :math:`c = A - (1 + (n-1)\beta)x`.
    profit : number or sympy.Expr
        Per-firm profit net of the R&D cost :math:`\gamma x^2/2` (and including any R&D subsidy
        received).
    consumer_surplus, welfare : number or sympy.Expr
        :math:`CS = b(nq)^2/2` and :math:`W = CS + n\,\text{profit}` (transfers netted out by
        :meth:`SpilloverRD.coordinate`, which reports :math:`W - \lambda G`).
    checks : mapping of str to sympy.Boolean
        The validity conditions, each ``True``/``False`` for numbers or a relation in the
        symbols: ``second_order``, ``stability`` (noncooperative regimes, Henriques 1990),
        ``symmetric_local_max`` (joint problems: the symmetric point is not a saddle, Salant &
        Shaffer 1998), ``nonnegative_rd``, ``nonnegative_cost``, ``positive_quantity`` and, for
        numeric noncooperative outcomes, ``no_profitable_deviation``.
    conditions : sympy.Boolean
        The conjunction of ``checks``.
    diagnostics : mapping of str to sympy.Boolean
        Informative flags that do not invalidate the outcome: ``strategic_complements``
        (:math:`\beta > 1/2`), ``output_spillovers_plausible`` (:math:`\beta \le 1/2`, Amir
        2000), ``symmetric_optimal`` (first best).
    hessian_eigenvalues : tuple or None
        Joint problems (cartel, RJV cartel, second best): eigenvalues of the Hessian of the
        objective in :math:`(x_1,\dots,x_n)` at the symmetric point — along
        :math:`(1,\dots,1)` and, with multiplicity :math:`n-1`, orthogonal to it.
    max_deviation_gain : number or None
        Noncooperative regimes with numeric parameters: the largest gain a firm can get by
        changing its R&D alone (the Cournot stage re-solved on its active set for every
        deviation, costs kept non-negative); 0 at an equilibrium. ``None`` for symbols.
    method : str
    note : str
    reaction_slope : number, sympy.Expr or None
        Noncooperative regimes: slope :math:`r = \partial R_i/\partial x_j` of a firm's
        reaction function at the symmetric equilibrium (dAJ: :math:`r = 2uw/(D - 2u^2)`);
        best-response stability (Henriques 1990) is :math:`(n-1)|r| < 1`, :math:`r > 0` means
        strategic complements. ``None`` for the joint problems.
    """

    regime: str
    n: int
    rd: Number
    quantity: Number
    price: Number
    unit_cost: Number
    profit: Number
    consumer_surplus: Number
    welfare: Number
    checks: Mapping[str, sp.Basic] = field(default_factory=dict)
    conditions: sp.Basic = sp.true
    diagnostics: Mapping[str, sp.Basic] = field(default_factory=dict)
    hessian_eigenvalues: Optional[tuple] = None
    max_deviation_gain: Optional[Number] = None
    method: str = "closed form"
    note: str = ""
    reaction_slope: Optional[Number] = None

    def __post_init__(self) -> None:
        super().__post_init__()          # _Checked freezes checks
        object.__setattr__(self, "diagnostics", _frozen_mapping(self.diagnostics))

    @property
    def total_rd(self) -> Number:
        """Industry R&D :math:`nx`."""
        return self.n * self.rd

    @property
    def total_quantity(self) -> Number:
        """Industry output :math:`Q = nq`."""
        return self.n * self.quantity

    @property
    def producer_surplus(self) -> Number:
        """Industry profit :math:`n\\,\\text{profit}`."""
        return self.n * self.profit


@rejects_text(text=('note',), choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class AsymmetricOptimum(MarketNames, _Checked, Result):
    r"""The unrestricted first best: the planner may treat identical firms differently.

    With constant unit costs only the cheapest firm should produce; R&D is spread so as to lower
    *its* cost at least total R&D cost: :math:`x_j = \beta x_1` for the firms that do not produce.

    Attributes
    ----------
    rd, quantities, costs, profits : tuple
        Per firm (firm 1 produces); ``costs`` are unit costs (``quantity``, ``unit_costs`` and
        ``profit`` are deprecated aliases).
    price, consumer_surplus, welfare : number or sympy.Expr
    checks, conditions : as in :class:`RDOutcome` (``second_order``, ``nonnegative_cost``).
    """

    rd: tuple
    quantities: tuple
    price: Number
    costs: tuple
    profits: tuple
    consumer_surplus: Number
    welfare: Number
    checks: Mapping[str, sp.Basic] = field(default_factory=dict)
    conditions: sp.Basic = sp.true
    method: str = "closed form"
    note: str = ""

    @property
    def regime(self) -> str:
        return "first_best_unrestricted"


@rejects_text(choices=('method', 'fiscal_rule'), init=False)
@dataclass(frozen=True, repr=False)
class SubsidyOutcome(_Checked, Result):
    r"""A per-unit R&D subsidy :math:`s` set by a government leader (stage 0).

    Attributes
    ----------
    shadow_cost : number or sympy.Expr
        :math:`\lambda`, the shadow cost of public funds.
    subsidy : number or sympy.Expr
        The optimal rate :math:`s^*` per unit of R&D (negative: a tax on R&D).
    rd, quantity, price, profit, consumer_surplus : number or sympy.Expr
        The noncooperative outcome under :math:`s^*` (profit includes the subsidy received).
    outlay : number or sympy.Expr
        Net public outlay :math:`G = n s^* x`.
    welfare : number or sympy.Expr
        :math:`W = CS + PS - (1+\lambda)G` (DESIGN "Conventions").
    laissez_faire_welfare, second_best_welfare : number or sympy.Expr
        Welfare without policy and at the second best (planner picks R&D, firms compete).
    gap_closed : number or sympy.Expr
        :math:`(W - W^{N})/(W^{B} - W^{N})` with :math:`W^B` = ``benchmark_welfare``, unclamped;
        1 at :math:`\lambda = 0`.
    market : RDOutcome
        The full noncooperative outcome under :math:`s^*` with its checks.
    checks, conditions : the market's checks plus ``concave_in_subsidy``.
    benchmark_welfare : number or sympy.Expr
        The benchmark under the fiscal rule: the second best when the menu raises no revenue
        (``allow_tax=False``); with the tax allowed, the planner picks R&D *and* may raise the
        same revenue as a tax on R&D can — each firm at most its profit (limited liability) —
        valued at :math:`\lambda`: :math:`\max_x CS + n\pi + \lambda n \max(\pi, 0)`. Every
        coordinated outcome is feasible for it, so :math:`W \le W^B`.
    fiscal_rule : str
        ``"limited_liability"`` (DESIGN's default rule).
    """

    shadow_cost: Number
    subsidy: Number
    rd: Number
    quantity: Number
    price: Number
    profit: Number
    consumer_surplus: Number
    outlay: Number
    welfare: Number
    laissez_faire_welfare: Number
    second_best_welfare: Number
    gap_closed: Number
    market: RDOutcome
    checks: Mapping[str, sp.Basic] = field(default_factory=dict)
    conditions: sp.Basic = sp.true
    method: str = "closed form"
    benchmark_welfare: Number = None
    fiscal_rule: str = "limited_liability"


@rejects_text(choices=('method', 'fiscal_rule'), init=False)
@dataclass(frozen=True, repr=False)
class CostShareOutcome(_Checked, Result):
    r"""A cost share :math:`\sigma` of the convex R&D cost (a tax credit) set by a government leader.

    The firm pays :math:`(1-\sigma)\gamma x^2/2`, the government :math:`\sigma\gamma x^2/2`.

    Attributes
    ----------
    shadow_cost : number or sympy.Expr
        :math:`\lambda`.
    cost_share : number or sympy.Expr
        The optimal share :math:`\sigma^*` (negative: a tax on R&D cost); :math:`\sigma < 1`.
    rd, quantity, price, profit, consumer_surplus : number or sympy.Expr
        The noncooperative outcome under :math:`\sigma^*` (profit includes the share received).
    outlay : number or sympy.Expr
        :math:`G = n\sigma^*\gamma x^2/2`.
    welfare : number or sympy.Expr
        :math:`W = CS + PS - (1+\lambda)G`.
    laissez_faire_welfare, second_best_welfare, benchmark_welfare, gap_closed
        As in :class:`SubsidyOutcome` (same benchmark, unclamped gap).
    market : RDOutcome
        The firms' game under :math:`\sigma^*` (dAJ with R&D cost :math:`(1-\sigma^*)\gamma`).
    checks, conditions : the market's checks plus ``concave_in_policy``.
    """

    shadow_cost: Number
    cost_share: Number
    rd: Number
    quantity: Number
    price: Number
    profit: Number
    consumer_surplus: Number
    outlay: Number
    welfare: Number
    laissez_faire_welfare: Number
    second_best_welfare: Number
    gap_closed: Number
    market: RDOutcome
    checks: Mapping[str, sp.Basic] = field(default_factory=dict)
    conditions: sp.Basic = sp.true
    method: str = "closed form"
    benchmark_welfare: Number = None
    fiscal_rule: str = "limited_liability"


@rejects_text(text=('notes',), choices=('method', 'fiscal_rule', 'instrument'), init=False)
@dataclass(frozen=True, repr=False)
class RDPolicyOutcome(PolicyOutcome):
    r"""The core :class:`~gametheory.core.coordinator.PolicyOutcome` of :meth:`SpilloverRD.coordinate`.

    The core's ``instrument`` (the winning instrument) and ``alternatives`` (every instrument
    evaluated → its optimal welfare) are filled, with read-only shortcuts for the R&D family: ``subsidy``, ``cost_share``, ``dues`` and ``mandate`` (0 when
    that instrument is not the winner), ``rd`` (firms' R&D at the optimum) and ``benchmark_welfare``
    (= ``first_best_welfare``, the second best with the same transfers).
    """

    @property
    def subsidy(self) -> Number:
        return self.policy.get("subsidy", sp.Integer(0))

    @property
    def cost_share(self) -> Number:
        return self.policy.get("cost share", sp.Integer(0))

    @property
    def dues(self) -> Number:
        """Per-unit R&D subsidy financed by the industry levy (0 when the dues are not the winner)."""
        return self.policy.get("dues", sp.Integer(0))

    @property
    def mandate(self) -> Number:
        """R&D floor per firm (0 when the mandate is not the winner)."""
        return self.policy.get("mandate", sp.Integer(0))

    @property
    def rd(self) -> Number:
        return next(iter(self.response.values()))

    @property
    def benchmark_welfare(self) -> Number:
        return self.first_best_welfare
