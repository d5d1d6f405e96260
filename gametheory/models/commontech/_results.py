"""Result types of the common-technology models (see :mod:`gametheory.models.commontech`).

:class:`ProvisionOutcome` is a provision equilibrium or optimum (contributions, total level,
welfare, conditions), :class:`ProvisionPolicy` the coordinator's choice of an instrument, and
:class:`ConsortiumOutcome` a cost-sharing consortium with its participation constraints.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import sympy as sp

from gametheory.core.params import Number, rejects_text
from gametheory.core.results import Result

__all__ = ["ProvisionOutcome", "ProvisionPolicy", "ConsortiumOutcome"]


# ----------------------------------------------------------------------------------------------
# results
# ----------------------------------------------------------------------------------------------
@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class ProvisionOutcome(Result):
    r"""Provision of the common technology: an equilibrium or the optimum.

    Attributes
    ----------
    level : number or sympy.Expr
        :math:`G`, total provision (public included).
    contributions : tuple
        Private contributions :math:`g_i` (an equal split among tied top firms when the
        equilibrium set is a continuum — see ``vertices``; the first best lists Lindahl shares).
    government : number or sympy.Expr
        :math:`g_0`.
    contributors : tuple of int
        Firms that may contribute (the top valuation set); empty when :math:`g_0` crowds out all.
    payoffs : tuple
        :math:`u_i = v_i f(G) - g_i`.
    welfare : number or sympy.Expr
        :math:`V f(G) - G` (resources counted once, :math:`\lambda = 0`).
    unique : bool
        Whether the contribution profile is unique (the level always is).
    vertices : tuple of tuples
        Extreme points of the set of equilibrium contribution profiles.
    conditions, method, max_deviation_gain
        See :class:`gametheory.core.results.Result`; ``max_deviation_gain`` is None for the
        optimum (not an equilibrium).
    """

    level: Number
    contributions: tuple
    government: Number
    contributors: tuple
    payoffs: tuple
    welfare: Number
    unique: bool = True
    vertices: tuple = ()
    conditions: sp.Basic = sp.true
    method: str = "closed form"
    max_deviation_gain: Any = 0

    @property
    def private_provision(self) -> Number:
        """:math:`\\sum_i g_i`."""
        return sp.Add(*self.contributions)


@rejects_text(choices=('method', 'fiscal_rule'), init=False)
@dataclass(frozen=True, repr=False)
class ProvisionPolicy(Result):
    r"""The government coordinator's choice of one instrument (or the best of several).

    Attributes
    ----------
    instrument : str
        ``"laissez-faire"``, ``"direct provision"`` or ``"matching subsidy"``.
    policy : number or sympy.Expr
        Public provision :math:`g_0` or matching rate :math:`s`.
    level, private_provision, public_outlay : number or sympy.Expr
    welfare : number or sympy.Expr
        :math:`V f(G) - \text{private} - (1+\lambda)\,\text{outlay}`.
    laissez_faire_welfare, first_best_welfare : number or sympy.Expr
        The first best is Samuelson provision financed without public funds (a Lindahl
        consortium), so it does not depend on :math:`\lambda`.
    gap_closed : number or sympy.Expr
        :math:`(W - W^{N})/(W^{*} - W^{N})`.
    shadow_cost : number or sympy.Expr
    alternatives : dict
        Welfare of every instrument considered (at its own optimum).
    fiscal_rule : str
        ``"limited_liability"`` (DESIGN's default rule). No instrument of this family raises
        revenue (direct provision and the matching subsidy only spend, at :math:`1 + \lambda`),
        so the first best needs no transfers and bounds every coordinated outcome.
    """

    instrument: str
    policy: Number
    level: Number
    private_provision: Number
    public_outlay: Number
    welfare: Number
    laissez_faire_welfare: Number
    first_best_welfare: Number
    gap_closed: Number
    shadow_cost: Number
    alternatives: dict = dataclasses.field(default_factory=dict)
    conditions: sp.Basic = sp.true
    method: str = "closed form"
    fiscal_rule: str = "limited_liability"


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class ConsortiumOutcome(Result):
    r"""A cost-sharing consortium (研发联盟) and its participation constraints.

    Attributes
    ----------
    members : tuple of int
    level : number or sympy.Expr
        Provision when the members buy :math:`\hat G(V_S)` and outsiders best respond.
    cost_shares : tuple
        What each firm pays (0 for outsiders).
    payoffs, outside_options : tuple
        Payoff in the consortium and the member's outside option (outsiders: equal).
    participation : tuple
        Per firm: True/False, or a sympy relation when undecidable.
    stable : bool or sympy.Boolean
        All participation constraints hold.
    shares_exist : bool or sympy.Boolean
        Some cost sharing satisfies every participation constraint:
        :math:`\sum_{i\in S} (v_i f(G_S) - \bar u_i) \ge G_S - g_0`.
    """

    members: tuple
    level: Number
    cost_shares: tuple
    payoffs: tuple
    outside_options: tuple
    participation: tuple
    stable: Any
    shares_exist: Any
    conditions: sp.Basic = sp.true
    method: str = "closed form"
