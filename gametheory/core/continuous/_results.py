r"""Result types of the continuous-game solver and the single-agent maximiser.

All immutable, with their conditions: :class:`SecondOrderCheck` (the Hessian of each player's
free block and the condition under which it is negative definite), :class:`EquilibriumStability`
(best-response slopes and their stability, Henriques 1990; Rosen's 1965 diagonal strict
concavity for uniqueness), :class:`ContinuousEquilibrium` (strategies, corner status, KKT
multipliers, validity conditions, deviation check) and :class:`Optimum` (one agent's maximiser
with its regime conditions). Every result can be substituted with numbers (``subs``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Mapping

import sympy as sp

from ..results import Result
from ._conditions import Facts, simplify_conditions
from gametheory.core.params import rejects_text

__all__ = ["SecondOrderCheck", "EquilibriumStability", "ContinuousEquilibrium", "Optimum"]


def _subs_value(v: Any, mapping: Mapping) -> Any:
    if isinstance(v, sp.Basic):
        return v.subs(mapping)
    if isinstance(v, tuple):
        return tuple(_subs_value(x, mapping) for x in v)
    if isinstance(v, Mapping):
        return MappingProxyType({k: _subs_value(x, mapping) for k, x in v.items()})
    return v


class _Substitutable:
    def subs(self, mapping: Mapping) -> Any:
        """The result with parameters substituted (``conditions`` re-decided; values exact)."""
        from .._validate import as_param

        mapping = {k: as_param(v, str(k)) for k, v in dict(mapping).items()}
        changes = {}
        for f in self.__dataclass_fields__:  # type: ignore[attr-defined]
            val = getattr(self, f)
            if f == "conditions":
                val = simplify_conditions([val.subs(mapping)], Facts())
            elif isinstance(val, (SecondOrderCheck, EquilibriumStability)):
                val = val.subs(mapping)
            elif isinstance(val, tuple) and val and isinstance(val[0], SecondOrderCheck):
                val = tuple(x.subs(mapping) for x in val)
            elif f not in ("method", "message", "verification", "max_deviation_gain", "residuals"):
                val = _subs_value(val, mapping)
            changes[f] = val
        return replace(self, **changes)  # type: ignore[type-var]


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class SecondOrderCheck(_Substitutable, Result):
    """Second-order check of one player's (or the planner's) problem at a KKT point.

    Attributes
    ----------
    player : str
    variables : tuple of sympy.Symbol
        The player's *interior* variables at the point (the SOC concerns only those).
    hessian : sympy.ImmutableMatrix
        The Hessian of the payoff in all the player's own variables, at the point.
    condition : sympy.Boolean
        Negative definiteness of the Hessian block of ``variables`` (leading principal minors
        alternate in sign) — the local sufficient condition, as a relation in the parameters.
    negative_definite : bool or None
        Whether ``condition`` holds (None: depends on parameters).
    globally_concave : bool or None
        Whether the payoff is concave in own variables on the whole strategy box, which makes the
        first-order conditions sufficient for a *global* best response (None: not decided).
    """

    player: str
    variables: tuple
    hessian: Any
    condition: Any
    negative_definite: bool | None
    globally_concave: bool | None


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class EquilibriumStability(_Substitutable, Result):
    r"""Local stability and uniqueness diagnostics of an equilibrium.

    Attributes
    ----------
    jacobian : sympy.ImmutableMatrix
        Jacobian of the first-order system (the pseudo-gradient :math:`(\partial u_i/\partial x_i)_i`)
        in the interior variables, at the equilibrium.
    best_response_jacobian : sympy.ImmutableMatrix
        :math:`B = -D^{-1}(J - D)`, :math:`D` the block diagonal of own second derivatives: the
        slopes of the best-response functions (one-dimensional strategies: :math:`r_i'(x_j)`).
    condition : sympy.Boolean
        Best-response stability (spectral radius of :math:`B` below 1); for two players with one
        variable each :math:`|r_1' r_2'| < 1` (Henriques 1990 uses the slopes of the R&D
        reaction functions).
    stable : bool or None
    rosen_condition : sympy.Boolean
        Diagonal strict concavity (Rosen 1965): :math:`J + J^\top` negative definite on the whole
        box — sufficient for uniqueness. Stated only when :math:`J` is constant (quadratic
        payoffs); ``None`` otherwise.
    """

    jacobian: Any
    best_response_jacobian: Any
    condition: Any
    stable: bool | None
    spectral_radius: float | None
    rosen_condition: Any


@rejects_text(text=('message',), choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class ContinuousEquilibrium(_Substitutable, Result):
    """A Nash equilibrium of a :class:`ContinuousGame` (closed form, KKT corner or numeric).

    Attributes
    ----------
    strategies : mapping symbol -> value
        The equilibrium value of every strategy variable.
    profile : tuple
        The same per player: a value for a one-variable player, a tuple otherwise.
    payoffs : tuple
        Equilibrium payoffs.
    active_bounds : mapping symbol -> str
        ``"interior"``, ``"lower"`` or ``"upper"``: which KKT corners bind.
    multipliers : mapping symbol -> value
        KKT multipliers (``-du/dx`` at a binding lower bound, ``du/dx`` at an upper bound, 0
        otherwise); non-negative at a KKT point.
    conditions : sympy.Boolean
        Parameter conditions under which this profile is the KKT point (feasibility, multiplier
        signs, second-order and domain conditions); ``True`` when unconditional.
    second_order : tuple of SecondOrderCheck
        One per player.
    method : str
        ``"closed form (FOC)"`` (all interior), ``"kkt"`` (some bound binds) or ``"numeric"``.
    max_deviation_gain : float or None
        Largest gain from a unilateral deviation, each player's best response found by bounded
        scipy optimisation; for symbolic games, the maximum over random admissible parameter draws
        (see ``verification``).
    verification : str
    unique : bool or None
        True when uniqueness is established (Rosen's diagonal strict concavity, or a complete KKT
        enumeration of a numeric game with concave payoffs finding one point); False when several
        equilibria were found; None when undecided.
    stability : EquilibriumStability or None
    success : bool
    message : str
    residuals : tuple of float or None
        Numeric path: the KKT projection residuals.
    """

    strategies: Mapping
    profile: tuple
    payoffs: tuple
    active_bounds: Mapping
    multipliers: Mapping
    conditions: Any
    second_order: tuple
    method: str
    max_deviation_gain: float | None = None
    verification: str = ""
    unique: bool | None = None
    stability: EquilibriumStability | None = None
    success: bool = True
    message: str = ""
    residuals: tuple | None = None

    def __getitem__(self, symbol: sp.Symbol) -> Any:
        """``eq[q1]`` is ``eq.strategies[q1]``."""
        return self.strategies[symbol]


@rejects_text(text=('message',), choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class Optimum(_Substitutable, Result):
    """A maximum of one objective over boxed variables (a planner's or a best response).

    Attributes
    ----------
    variables : mapping symbol -> value
        The maximiser.
    value : value of the objective there.
    active_bounds, multipliers, conditions : as in :class:`ContinuousEquilibrium`.
    second_order : SecondOrderCheck
    method : str
        ``"closed form (FOC)"``, ``"kkt"`` or ``"numeric"``.
    global_optimum : bool or None
        True when the objective is concave on the box (KKT sufficient) or, for a non-concave
        problem, the point beats every other KKT candidate (conditions then include the value
        comparisons); None when undecided.
    success, message : numeric path diagnostics.
    active_constraints : tuple
        General constraints (``constraints=`` of :func:`maximize`) that bind; their multipliers are
        in ``multipliers`` keyed by the constraint.
    """

    variables: Mapping
    value: Any
    active_bounds: Mapping
    multipliers: Mapping
    conditions: Any
    second_order: SecondOrderCheck
    method: str
    global_optimum: bool | None = None
    success: bool = True
    message: str = ""
    active_constraints: tuple = ()

    def __getitem__(self, symbol: sp.Symbol) -> Any:
        return self.variables[symbol]
