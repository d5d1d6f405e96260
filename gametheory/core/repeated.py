r"""Infinitely repeated games: critical discount factors for cooperation under grim trigger.

A stage game is repeated forever with common discount factor :math:`\delta \in (0, 1)`. Under
the *grim-trigger* strategy players follow a cooperative profile until someone deviates and then
play a punishment profile (a Nash equilibrium of the stage game, so the threat is credible)
forever. With per-period payoffs :math:`C` (cooperation), :math:`D` (best one-shot deviation)
and :math:`P` (punishment), cooperation is a subgame-perfect equilibrium iff

.. math::

    \frac{C}{1-\delta} \;\ge\; D + \frac{\delta P}{1-\delta}
    \quad\Longleftrightarrow\quad
    \delta \;\ge\; \delta^* = \frac{D - C}{D - P}, \qquad D > C > P .

If :math:`D \le C` nobody gains from deviating and :math:`\delta^* = 0`; if :math:`P \ge C`
(with :math:`D > C`) the punishment is no threat and grim trigger cannot sustain cooperation
(an error). For a game with several players, :math:`\delta^* = \max_i \delta^*_i`.

Textbook values reproduced in the tests: Cournot duopoly collusion :math:`9/17`
(Friedman 1971), Bertrand :math:`1/2`, n-firm Cournot :math:`(n+1)^2/(n^2+6n+1)`.

References
----------
.. [1] Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of
   Economic Studies* 38(1), 1-12.
.. [2] Tirole, J. (1988). *The Theory of Industrial Organization*, ch. 6. MIT Press.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np
import sympy as sp

from gametheory.core.conditions import decide
from gametheory.core.params import DomainError, Number, as_param, is_symbolic, rejects_text, require, to_expr
from gametheory.core.results import Result

__all__ = [
    "DiscountThreshold",
    "GameDiscountThreshold",
    "critical_discount_factor",
    "critical_discount_factor_game",
    "critical_discount_factors",
]

_DELTA = sp.Symbol("delta", positive=True)


def _truth(cond: Any) -> bool | None:
    """A condition decided by values and the symbols' assumptions (the engine's quick effort)."""
    if isinstance(cond, (bool, np.bool_)):
        return bool(cond)
    if not isinstance(cond, sp.logic.boolalg.Boolean):
        return None
    return decide(cond, effort="quick")


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class DiscountThreshold(Result):
    r"""Critical discount factor of grim trigger for one player (or a symmetric game).

    Attributes
    ----------
    critical_discount : number or sympy.Expr
        :math:`\delta^* = (D - C)/(D - P)`, or 0 when :math:`D \le C`.
    cooperate, deviate, punish : number or sympy.Expr
        Per-period payoffs :math:`C, D, P`.
    incentive : sympy.Boolean
        The incentive constraint :math:`\delta \ge \delta^*` in the symbol ``delta``.
    derivation : tuple of sympy relations
        :math:`C/(1-\delta) \ge D + \delta P/(1-\delta)` and its solved form.
    conditions : sympy.Boolean
        :math:`D > C > P` when left open by symbols (True when decided).
    method : str
        ``"grim trigger"`` or ``"grim trigger (no deviation gain)"``.
    """

    critical_discount: Number
    cooperate: Number
    deviate: Number
    punish: Number
    incentive: sp.Boolean
    derivation: tuple[sp.Basic, ...]
    conditions: sp.Boolean = sp.true
    method: str = "grim trigger"

    def sustains(self, delta: Number) -> Any:
        r"""True/False (numbers) or the condition (symbols) that cooperation is sustained at ``delta``."""
        d = as_param(delta, "delta", open_unit_interval=True)
        cond = d >= self.critical_discount
        decided = _truth(cond)
        return cond if decided is None else decided


@rejects_text
def critical_discount_factor(cooperate: Number, deviate: Number, punish: Number) -> DiscountThreshold:
    r"""Grim-trigger critical discount factor :math:`\delta^* = (D - C)/(D - P)`.

    Parameters
    ----------
    cooperate : number or sympy.Expr
        Per-period payoff :math:`C` on the cooperative path.
    deviate : number or sympy.Expr
        Payoff :math:`D` of the best one-shot deviation from cooperation.
    punish : number or sympy.Expr
        Per-period payoff :math:`P` in the punishment phase (stage Nash equilibrium).

    Returns
    -------
    DiscountThreshold

    Raises
    ------
    DomainError
        NaN/inf, or :math:`D > C` with :math:`P \ge C` provably (punishment is no threat).

    Examples
    --------
    Prisoner's dilemma with :math:`T = 5, R = 3, P = 1`: :math:`\delta^* = (5-3)/(5-1)`.

    >>> critical_discount_factor(3, 5, 1).critical_discount
    1/2

    Cournot duopoly (:math:`a - c = 1, b = 1`): :math:`C = 1/8`, :math:`D = 9/64`, :math:`P = 1/9`.

    >>> critical_discount_factor(sp.Rational(1, 8), sp.Rational(9, 64), sp.Rational(1, 9)).critical_discount
    9/17
    """
    c = as_param(cooperate, "cooperate")
    d = as_param(deviate, "deviate")
    p = as_param(punish, "punish")
    delta = _DELTA
    ic = sp.Le(d + delta * p / (1 - delta), c / (1 - delta))
    gain = sp.simplify(d - c)
    no_gain = _truth(gain <= 0)
    if no_gain:
        return DiscountThreshold(
            critical_discount=sp.Integer(0), cooperate=c, deviate=d, punish=p, incentive=sp.true,
            derivation=(ic, sp.Ge(delta, 0)), method="grim trigger (no deviation gain)",
        )
    threat = require(c > p, f"grim trigger cannot sustain cooperation: punishment payoff {p} is not below "
                            f"the cooperative payoff {c} (while deviating gains {gain})")
    conditions = sp.And(threat, gain > 0) if no_gain is None else threat
    star = (d - c) / (d - p)
    if is_symbolic(star):
        star = sp.simplify(star)
    return DiscountThreshold(
        critical_discount=star, cooperate=c, deviate=d, punish=p, incentive=sp.Ge(delta, star),
        derivation=(ic, sp.Ge(delta, star)), conditions=conditions,
    )


@rejects_text
def critical_discount_factors(cooperate: Any, deviate: Any, punish: Any) -> np.ndarray:
    r"""Vectorised :math:`\delta^*` on numpy arrays (e.g. against the number of firms n).

    Entries with :math:`D \le C` give 0; any entry with :math:`D > C` and :math:`P \ge C` raises.

    Examples
    --------
    >>> critical_discount_factors([3, 3], [5, 2], [1, 1])
    array([0.5, 0. ])
    """
    c, d, p = (np.asarray(v, dtype=float) for v in (cooperate, deviate, punish))
    if not (np.all(np.isfinite(c)) and np.all(np.isfinite(d)) and np.all(np.isfinite(p))):
        raise DomainError("critical_discount_factors: payoffs must be finite")
    c, d, p = np.broadcast_arrays(c, d, p)
    gain = d > c
    if np.any(gain & (p >= c)):
        raise DomainError("grim trigger cannot sustain cooperation where the punishment payoff is not below cooperation")
    with np.errstate(divide="ignore", invalid="ignore"):
        star = np.where(gain, (d - c) / np.where(gain, d - p, 1.0), 0.0)
    return star


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class GameDiscountThreshold(Result):
    r"""Critical discount factor of grim trigger in a finite n-player stage game.

    Attributes
    ----------
    critical_discount : number or sympy.Expr
        :math:`\max_i \delta^*_i`.
    per_player : tuple of DiscountThreshold
    best_deviations : tuple of int
        Each player's most profitable one-shot deviation (strategy index; ties → smallest index;
        for symbolic payoffs the first strategy attaining the symbolic maximum, see ``conditions``).
    binding_player : int or None
        The player whose constraint binds (None when undecided symbolically).
    cooperative_profile, punishment_profile : tuple of int
    punishment_is_equilibrium : bool or sympy.Boolean
        Whether the punishment profile is a stage Nash equilibrium (credible threat).
    conditions : sympy.Boolean
    method : str
    """

    critical_discount: Number
    per_player: tuple[DiscountThreshold, ...]
    best_deviations: tuple[int, ...]
    binding_player: int | None
    cooperative_profile: tuple[int, ...]
    punishment_profile: tuple[int, ...]
    punishment_is_equilibrium: Any
    conditions: sp.Boolean = sp.true
    method: str = "grim trigger"


def _payoff_arrays(game: Any) -> tuple[tuple[np.ndarray, ...], tuple[tuple[str, ...], ...] | None]:
    if hasattr(game, "payoffs") and hasattr(game, "n_players"):
        arrays = tuple(np.asarray(a, dtype=object) for a in game.payoffs)
        labels = tuple(tuple(s) for s in game.strategies) if hasattr(game, "strategies") else None
    else:
        if isinstance(game, np.ndarray) and game.dtype != object and game.ndim >= 2 and game.shape[0] == game.ndim - 1:
            game = list(game)
        try:
            arrays = tuple(np.asarray(a, dtype=object) for a in game)
        except TypeError:
            raise DomainError("game must be a NormalFormGame or a sequence of payoff arrays") from None
        labels = None
        if not arrays:
            raise DomainError("game has no players")
        shape = arrays[0].shape
        if len(shape) != len(arrays) or any(a.shape != shape for a in arrays):
            raise DomainError("payoff arrays must all have shape (s_1, ..., s_n), one axis per player")
    return tuple(_exact(a) for a in arrays), labels


def _exact(a: np.ndarray) -> np.ndarray:
    out = np.empty(a.shape, dtype=object)
    for idx, v in np.ndenumerate(a):
        if isinstance(v, Fraction):
            v = sp.Rational(v.numerator, v.denominator)
        out[idx] = as_param(v, "payoff")
    return out


def _profile(profile: Any, shape: tuple[int, ...], labels: Any, name: str) -> tuple[int, ...]:
    if profile is None or len(profile) != len(shape):
        raise DomainError(f"{name} must give one strategy per player ({len(shape)} players), got {profile!r}")
    out = []
    for i, s in enumerate(profile):
        if isinstance(s, str):
            if labels is None or s not in labels[i]:
                raise DomainError(f"{name}: unknown strategy {s!r} for player {i}")
            s = labels[i].index(s)
        if isinstance(s, (bool, np.bool_)) or not isinstance(s, (int, np.integer)) or not 0 <= int(s) < shape[i]:
            raise DomainError(f"{name}: strategy {s!r} of player {i} is not an index in range({shape[i]})")
        out.append(int(s))
    return tuple(out)


def _best(values: list[sp.Expr]) -> tuple[int, sp.Expr, sp.Boolean]:
    """Index and value of the largest entry; for symbols the condition that it is largest."""
    if all(not v.free_symbols for v in values):
        k = max(range(len(values)), key=lambda j: (values[j], -j))
        return k, values[k], sp.true
    for k, v in enumerate(values):
        conds = [_truth(v >= w) for w in values]
        if all(c is True for c in conds):
            return k, v, sp.true
    k = 0
    return k, sp.Max(*values), sp.true


@rejects_text(text=('cooperative_profile', 'punishment_profile'))  # strategy labels
def critical_discount_factor_game(
    game: Any,
    cooperative_profile: Sequence[Any],
    punishment_profile: Sequence[Any] | None = None,
) -> GameDiscountThreshold:
    r"""Grim-trigger critical discount factor of a finite stage game.

    For each player :math:`i`: :math:`C_i = u_i(a^c)`, :math:`D_i = \max_{a_i} u_i(a_i, a^c_{-i})`
    (best one-shot deviation), :math:`P_i = u_i(a^p)`; :math:`\delta^* = \max_i \delta^*_i`.

    Parameters
    ----------
    game : NormalFormGame or sequence of payoff arrays
        One array per player, each of shape :math:`(|S_1|, \dots, |S_n|)`; numbers or sympy.
    cooperative_profile : sequence of int or str
        The profile to sustain (indices, or labels of a NormalFormGame).
    punishment_profile : sequence of int or str, optional
        The reversion profile; by default the unique pure Nash equilibrium of the stage game
        (an error when there is none or several).

    Raises
    ------
    DomainError
        Bad profiles, a punishment profile that is provably not a stage Nash equilibrium (the
        threat would not be credible), or a punishment that is no threat.

    Examples
    --------
    Prisoner's dilemma (C, D) with :math:`T = 4, R = 3, P = 1, S = 0`: :math:`\delta^* = 1/3`.

    >>> pd = ([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> critical_discount_factor_game(pd, (0, 0), (1, 1)).critical_discount
    1/3
    """
    arrays, labels = _payoff_arrays(game)
    shape = arrays[0].shape
    n = len(arrays)
    coop = _profile(cooperative_profile, shape, labels, "cooperative_profile")
    if punishment_profile is None:
        nash = [prof for prof in np.ndindex(*shape) if _deviation_gain(arrays, prof)[0] is True]
        if len(nash) != 1:
            raise DomainError(f"give punishment_profile: the stage game has {len(nash)} pure Nash equilibria "
                              "(decided with the given payoffs)")
        punish = tuple(int(x) for x in nash[0])
    else:
        punish = _profile(punishment_profile, shape, labels, "punishment_profile")
    is_ne, ne_cond = _deviation_gain(arrays, punish)
    if is_ne is False:
        raise DomainError(f"punishment profile {punish} is not a Nash equilibrium of the stage game: "
                          "grim trigger's threat would not be credible")
    per_player, devs, conds = [], [], [ne_cond]
    for i in range(n):
        values = []
        for a in range(shape[i]):
            prof = list(coop)
            prof[i] = a
            values.append(arrays[i][tuple(prof)])
        k, d_i, cond = _best(values)
        devs.append(k)
        res = critical_discount_factor(arrays[i][coop], d_i, arrays[i][punish])
        per_player.append(res)
        conds += [cond, res.conditions]
    stars = [r.critical_discount for r in per_player]
    if all(not to_expr(s).free_symbols for s in stars):
        binding = max(range(n), key=lambda j: (stars[j], -j))
        star = stars[binding]
    else:
        binding = None
        star = sp.Max(*stars)
    return GameDiscountThreshold(
        critical_discount=star, per_player=tuple(per_player), best_deviations=tuple(devs), binding_player=binding,
        cooperative_profile=coop, punishment_profile=punish,
        punishment_is_equilibrium=True if is_ne is True else ne_cond,
        conditions=sp.And(*conds),
    )


def _deviation_gain(arrays: tuple[np.ndarray, ...], profile: tuple[int, ...]) -> tuple[bool | None, sp.Boolean]:
    """Whether ``profile`` is a pure Nash equilibrium (True/False/None) and the open condition."""
    conds = []
    for i, a in enumerate(arrays):
        u = a[profile]
        for s in range(a.shape[i]):
            if s == profile[i]:
                continue
            prof = list(profile)
            prof[i] = s
            c = sp.simplify(u - a[tuple(prof)]) >= 0
            t = _truth(c)
            if t is False:
                return False, sp.false
            if t is None:
                conds.append(c)
    if conds:
        return None, sp.And(*conds)
    return True, sp.true
