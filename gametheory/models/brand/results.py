"""Result types of the regional-brand models (frozen, with conditions and verification).

:class:`BrandOutcome` is a quality equilibrium or optimum of the linear brand model,
:class:`InstrumentOutcome` one instrument at its optimum, :class:`BrandPolicy` the coordinator's
choice (a core ``PolicyOutcome``), :class:`RepeatedOutcome` the repeated game's collusive
quality, and :class:`CournotBrandOutcome` the Cournot-brand form. Each states the conditions
under which it holds and its largest profitable deviation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import sympy as sp

from gametheory.core.coordinator.instruments import PolicyOutcome
from gametheory.core.params import Number, rejects_text
from gametheory.core.results import Result

__all__ = ["BrandOutcome", "InstrumentOutcome", "BrandPolicy", "RepeatedOutcome", "CournotBrandOutcome"]


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class BrandOutcome(Result):
    """Qualities, reputation and welfare of the linear regional-brand model.

    Attributes
    ----------
    qualities : tuple or None
        Per-firm quality :math:`q_i` (``None`` when the number of firms is a symbol).
    quality : number, sympy.Expr or None
        The common quality when all firms choose the same (``None`` otherwise).
    reputation : number or sympy.Expr
        :math:`R = \\sum_i s_i q_i`.
    profits : tuple or None
        Per-firm payoffs (including any transfer received).
    producer_surplus, welfare : number or sympy.Expr
        :math:`W = \\theta R - \\tfrac12\\sum_i s_i k_i q_i^2 - \\lambda G` (consumers pay the
        premium in full, so the quality surplus is the producers').
    public_outlay : number or sympy.Expr
        Net public outlay :math:`G` (0 without policy).
    conditions : sympy.Boolean
    method : str
    max_deviation_gain : number or sympy.Expr
        Largest gain from a unilateral deviation (0 at an equilibrium; for a planner's optimum,
        the gain a firm *would* have — the free-riding incentive).
    """

    qualities: Any
    quality: Any
    reputation: Number
    profits: Any
    producer_surplus: Number
    welfare: Number
    public_outlay: Number = 0
    conditions: sp.Basic = sp.true
    method: str = "closed form"
    max_deviation_gain: Number = 0


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class InstrumentOutcome(Result):
    """One policy instrument at its welfare-optimal level.

    Attributes
    ----------
    instrument : str
        ``"subsidy"``, ``"standard"``, ``"fine"``, ``"traceability"`` or ``"laissez-faire"``.
    level : mapping
        The instrument's settings (e.g. ``{"subsidy": σ}``, ``{"standard": q̄, "inspection": p}``).
    outcome : BrandOutcome
        Firms' equilibrium under the instrument.
    welfare, public_outlay : number or sympy.Expr
    gap_closed : number or sympy.Expr
        :math:`(W - W^N)/(W^* - W^N)`.
    conditions : sympy.Boolean
    method : str
    max_deviation_gain : number or sympy.Expr
    """

    instrument: str
    level: Mapping[str, Any]
    outcome: BrandOutcome
    welfare: Number
    public_outlay: Number
    gap_closed: Number
    conditions: sp.Basic = sp.true
    method: str = "closed form"
    max_deviation_gain: Number = 0


@rejects_text(text=('excluded', 'notes'), choices=('method', 'fiscal_rule'), init=False)
@dataclass(frozen=True, repr=False)
class BrandPolicy(PolicyOutcome):
    """The coordinator's choice among instruments at shadow cost :math:`\\lambda`.

    The core :class:`~gametheory.core.coordinator.PolicyOutcome` (``policy``, ``response``,
    ``account``, ``welfare``, ``transfers``, ``laissez_faire_welfare``, ``first_best_welfare``,
    ``gap_closed``, ``notes``, ``fiscal_rule`` …) with the brand family's fields after the core
    ones:

    Attributes
    ----------
    best : str or None
        Read-only: the core's ``instrument``, the welfare-maximising instrument (``None`` when the
        ranking depends on open symbolic conditions), chosen by
        :func:`gametheory.core.coordinator.choose_instrument`; ``alternatives`` gives every
        candidate's welfare.
    candidates : mapping of str to InstrumentOutcome
        Every instrument evaluated at its own optimum, in a fixed order (the core's
        ``candidates`` is a tuple of engine candidates; here each entry is a whole
        :class:`InstrumentOutcome`).
    excluded : mapping of str to str
        Instruments not among the candidates and why (e.g. the unenforced standard).

    ``laissez_faire`` and ``first_best`` are read-only shortcuts for the core's
    ``laissez_faire_welfare`` and ``first_best_welfare``.
    """

    candidates: Mapping[str, InstrumentOutcome] = field(default_factory=dict)  # type: ignore[assignment]  # by design: whole outcomes by name (docstring)
    excluded: Mapping[str, str] = field(default_factory=dict)

    @property
    def best(self) -> Any:
        """The winning instrument (the core's ``instrument``)."""
        return self.instrument

    @property
    def laissez_faire(self) -> Number:
        return self.laissez_faire_welfare

    @property
    def first_best(self) -> Number:
        return self.first_best_welfare


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class RepeatedOutcome(Result):
    """Grim-trigger analysis of a stage game played repeatedly.

    Attributes
    ----------
    critical_discount_factor : number or sympy.Expr
        :math:`\\delta^* = (\\pi^D - \\pi^C)/(\\pi^D - \\pi^P)`; cooperation is a subgame-perfect
        equilibrium outcome iff :math:`\\delta \\ge \\delta^*` (0 when cooperation is
        self-enforcing).
    cooperate, deviate, punish : number or sympy.Expr
        The binding firm's per-period payoffs.
    binding_firm : int or None
        Index of the firm with the highest threshold (``None`` for symbolic ``n``).
    conditions : sympy.Boolean
    method : str
    """

    critical_discount_factor: Number
    cooperate: Number
    deviate: Number
    punish: Number
    binding_firm: Any = None
    conditions: sp.Basic = sp.true
    method: str = "closed form (grim trigger)"


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class CournotBrandOutcome(Result):
    """Symmetric outcome of the Cournot-brand model (quality, then Cournot).

    Attributes
    ----------
    quality : number or sympy.Expr
        Common quality :math:`s`.
    output, total_output, price : number or sympy.Expr
        Per-firm output :math:`x`, :math:`X = nx`, :math:`P = a + \\theta s - bX`.
    profit : number or sympy.Expr
        Per-firm profit net of the quality cost :math:`k s^2/2`.
    consumer_surplus, producer_surplus, welfare : number or sympy.Expr
    conditions : sympy.Boolean
        Second-order, existence and non-negativity conditions.
    method : str
    max_deviation_gain : number, sympy.Expr or None
        For the Nash equilibrium: gain from the best quality deviation (stage 2 re-solved);
        ``None`` when it could not be computed (symbolic output-weighted case, see ``method``).
    """

    quality: Number
    output: Number
    total_output: Number
    price: Number
    profit: Number
    consumer_surplus: Number
    producer_surplus: Number
    welfare: Number
    conditions: sp.Basic = sp.true
    method: str = "closed form"
    max_deviation_gain: Any = 0
