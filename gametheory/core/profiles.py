r"""Strategy profiles of a finite game: validation, payoff lookup, expected payoffs, deviation gains.

A *pure profile* :math:`s = (s_1, \dots, s_n)` picks one strategy per player; it is given by
strategy indices or labels (``(0, 1)`` or ``("Opera", "Football")``) and read back as a tuple of
indices, which indexes every payoff array directly: :math:`u_i(s)` is ``payoffs[i][s]``.

A *mixed profile* :math:`\sigma = (\sigma_1, \dots, \sigma_n)` gives each player a probability
vector over its strategies. Players randomise independently, so a pure profile :math:`s` occurs
with probability :math:`\prod_j \sigma_j(s_j)` and player :math:`i` expects

.. math::

    u_i(\sigma) = \sum_{s \in S_1 \times \dots \times S_n} \Big( \prod_{j=1}^n \sigma_j(s_j) \Big) u_i(s).

The sum is never written as a loop over profiles: contracting the payoff tensor with one
probability vector per axis (``numpy.tensordot``, last axis first) costs one pass over the
tensor. Contracting every axis *except* player :math:`i`'s gives the value of each pure strategy
against the others' mixture, :math:`u_i(s_i, \sigma_{-i})`; the expected payoff is its average
under :math:`\sigma_i`.

**The deviation gain.** A profile is a Nash equilibrium iff no player gains by deviating alone.
The size of the best such gain,

.. math::

    \max_i \; \max_{s_i \in S_i} \; u_i(s_i, \sigma_{-i}) - u_i(\sigma) \;\ge\; 0,

is zero exactly at an equilibrium, which makes it the package's check on any claimed
equilibrium (a solver's output, a profile read from the literature). Pure deviations suffice:
:math:`u_i(\cdot, \sigma_{-i})` is linear in player :math:`i`'s own mixture, so its maximum over
mixtures is attained at a pure strategy.

**Arithmetic follows the game.** Exact games (Fractions) with exact probabilities (ints,
Fractions) give exact answers; float games or float probabilities give floats; symbolic payoffs
or probabilities give expanded sympy expressions, and the deviation gain a sympy ``Max``.
Probability vectors are checked: the right length, entries :math:`\ge 0` summing to one (exactly
for exact entries, within ``1e-12`` / ``1e-9`` for floats; symbolic entries are not checked).

References
----------
.. [1] Osborne, M. J. & Rubinstein, A. (1994). *A Course in Game Theory*. MIT Press, ch. 3.
.. [2] Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54, 286-295.

Examples
--------
Matching pennies (by hand: at (1/2, 1/2) each player expects 0, and no pure strategy earns more;
at the pure profile (Heads, Heads) the column player gains 2 by switching):

>>> from fractions import Fraction as F
>>> from gametheory.core.normal_form import NormalFormGame
>>> mp = NormalFormGame(([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]), strategies=("Heads", "Tails"))
>>> half = ([F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)])
>>> expected_payoffs(mp, half), deviation_gain(mp, half)
((Fraction(0, 1), Fraction(0, 1)), Fraction(0, 1))
>>> payoff(mp, ("Heads", "Heads")), deviation_gain(mp, (0, 0), per_player=True)
((Fraction(1, 1), Fraction(-1, 1)), (Fraction(0, 1), Fraction(2, 1)))
"""

from __future__ import annotations

import itertools
from typing import Any, Sequence

import numpy as np

from gametheory.core._validate import DomainError
from gametheory.core.game_input import EXACT, FLOAT, SYMBOLIC, _convert_entry, entry_to_sympy
from gametheory.core.lazy_sympy import is_sympy, sp
from gametheory.core.params import rejects_text

__all__ = ["as_pure_profile", "as_mixed_profile", "pure_profiles", "profile_labels", "payoff",
           "expected_payoffs", "deviation_gain"]


# -- pure profiles -----------------------------------------------------------------------------
def _strategy_index(game: Any, player: int, s: Any) -> int:
    """Index of strategy ``s`` (an index or a label) of player number ``player``."""
    shape, players = game.shape, game.players
    if isinstance(s, (int, np.integer)) and not isinstance(s, (bool, np.bool_)):
        k = int(s)
        if not 0 <= k < shape[player]:
            raise DomainError(f"strategy index {k} out of range for player {players[player]} "
                              f"({shape[player]} strategies)")
        return k
    if isinstance(s, str):
        try:
            return game.strategies[player].index(s)
        except ValueError:
            raise DomainError(f"unknown strategy {s!r} of player {players[player]}; "
                              f"valid: {game.strategies[player]}") from None
    raise DomainError(f"a strategy is an index or a label, got {s!r}")


@rejects_text(text=("profile",))   # strategies may be given by label
def as_pure_profile(game: Any, profile: Sequence[Any]) -> tuple[int, ...]:
    """The strategy indices of a pure profile given by indices or labels.

    Parameters
    ----------
    game : NormalFormGame
        The game whose strategies are named.
    profile : sequence of int or str
        One strategy per player: an index ``0 <= k < |S_i|`` or one of the player's labels.

    Returns
    -------
    tuple of int
        The profile as indices, ready to index every payoff array.

    Raises
    ------
    DomainError
        Not one strategy per player, an index out of range, an unknown label, or a strategy that
        is neither an index nor a label (``True`` is not an index).

    Examples
    --------
    >>> from gametheory.core.normal_form import NormalFormGame
    >>> bos = NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]), strategies=("Opera", "Football"))
    >>> as_pure_profile(bos, ("Football", 0))
    (1, 0)
    """
    if isinstance(profile, (str, bytes)) or len(profile) != game.n_players:
        raise DomainError(f"a profile needs one strategy per player ({game.n_players}), got {profile!r}")
    return tuple(_strategy_index(game, i, s) for i, s in enumerate(profile))


@rejects_text
def pure_profiles(game: Any) -> list[tuple[int, ...]]:
    """All pure profiles of the game, as index tuples in lexicographic order.

    Parameters
    ----------
    game : NormalFormGame
        Any game; there are :math:`\\prod_i |S_i|` profiles.

    Returns
    -------
    list of tuple of int
        ``itertools.product`` of the strategy ranges (the last player's strategy varies fastest).

    Examples
    --------
    >>> from gametheory.core.normal_form import NormalFormGame
    >>> pure_profiles(NormalFormGame(([[1, 0, 0], [0, 1, 0]], [[0, 1, 0], [1, 0, 0]])))
    [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]
    """
    return list(itertools.product(*(range(m) for m in game.shape)))


@rejects_text(text=("profile",))
def profile_labels(game: Any, profile: Sequence[Any]) -> tuple[str, ...]:
    """The strategy labels of a pure profile.

    Parameters
    ----------
    game : NormalFormGame
        The game whose labels are read.
    profile : sequence of int or str
        One strategy per player, by index or label (see :func:`as_pure_profile`).

    Returns
    -------
    tuple of str
        Each player's label of its strategy.

    Raises
    ------
    DomainError
        As :func:`as_pure_profile`.

    Examples
    --------
    >>> from gametheory.core.normal_form import NormalFormGame
    >>> bos = NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]), strategies=("Opera", "Football"))
    >>> profile_labels(bos, (0, 1))
    ('Opera', 'Football')
    """
    p = as_pure_profile(game, profile)
    return tuple(game.strategies[i][k] for i, k in enumerate(p))


@rejects_text(text=("profile",))
def payoff(game: Any, profile: Sequence[Any]) -> tuple:
    r"""The payoffs :math:`(u_1(s), \dots, u_n(s))` at a pure profile :math:`s`.

    Parameters
    ----------
    game : NormalFormGame
        Any game (exact, float or symbolic).
    profile : sequence of int or str
        One strategy per player, by index or label (see :func:`as_pure_profile`).

    Returns
    -------
    tuple
        One payoff per player: a Fraction (exact games), a float (float games) or a sympy
        expression (symbolic games), as stored.

    Raises
    ------
    DomainError
        As :func:`as_pure_profile`.

    Examples
    --------
    >>> from gametheory.core.normal_form import NormalFormGame
    >>> pd = NormalFormGame(([[3, 0], [5, 1]], [[3, 5], [0, 1]]))   # prisoner's dilemma
    >>> payoff(pd, (1, 0))                                         # defect against cooperate
    (Fraction(5, 1), Fraction(0, 1))
    """
    p = as_pure_profile(game, profile)
    return tuple(a[p] if a.dtype == object else float(a[p]) for a in game._payoffs)


# -- mixed profiles ----------------------------------------------------------------------------
@rejects_text
def as_mixed_profile(game: Any, mixed_profile: Sequence[Any]) -> tuple[np.ndarray, ...]:
    """One checked probability vector per player, in the arithmetic its entries call for.

    Parameters
    ----------
    game : NormalFormGame
        The game; player :math:`i`'s vector needs :math:`|S_i|` entries.
    mixed_profile : sequence of array-like
        One probability vector per player (lists, tuples or numpy arrays of ints, Fractions,
        floats or sympy expressions).

    Returns
    -------
    tuple of numpy.ndarray
        Per player: an object array of Fractions when every entry is exact, a float64 array when
        some entry is a float (and none symbolic), an object array of sympy expressions when
        some entry is symbolic.

    Raises
    ------
    DomainError
        Not one vector per player, a vector of the wrong length, a non-numeric, NaN or infinite
        entry, or numeric entries that are not a probability vector (negative, or not summing to
        one: exactly for exact entries, within ``1e-12`` / ``1e-9`` for floats). Symbolic
        entries are not checked.

    Examples
    --------
    >>> from gametheory.core.normal_form import NormalFormGame
    >>> mp = NormalFormGame(([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
    >>> x, y = as_mixed_profile(mp, ([1, 0], [0.25, 0.75]))
    >>> x.tolist(), y.tolist()
    ([Fraction(1, 1), Fraction(0, 1)], [0.25, 0.75])
    """
    return _mixed(game, mixed_profile)


def _mixed(game: Any, mixed_profile: Sequence[Any]) -> tuple[np.ndarray, ...]:
    """:func:`as_mixed_profile` without the text guard (a pure-or-mixed ``profile`` of
    :func:`deviation_gain` may hold labels, which that function's own guard lets through)."""
    players, shape = game.players, game.shape
    if len(mixed_profile) != game.n_players:
        raise DomainError(f"a mixed profile needs one probability vector per player ({game.n_players})")
    out = []
    for i, x in enumerate(mixed_profile):
        arr = np.asarray(x) if not isinstance(x, np.ndarray) else x
        if arr.ndim != 1 or arr.shape[0] != shape[i]:
            raise DomainError(f"player {players[i]}'s mixed strategy must have {shape[i]} entries, got {x!r}")
        if arr.dtype.kind not in "iuf":             # text, bytes, bools, complex, objects: the converter
            arr = np.asarray(arr, dtype=object)     # refuses what is not a real number, names the player
        if arr.dtype == object or arr.dtype.kind in "iu":
            vals = [_convert_entry(v, f"probability of player {i + 1}") for v in arr]
            if all(k == EXACT for k, _ in vals):
                arr = np.array([v for _, v in vals], dtype=object)
                if any(v < 0 for v in arr) or sum(arr) != 1:
                    raise DomainError(f"player {players[i]}'s mixed strategy is not a probability vector: {x!r}")
            elif all(k != SYMBOLIC for k, _ in vals):
                arr = np.array([float(v) for _, v in vals])
                if np.any(arr < -1e-12) or abs(arr.sum() - 1) > 1e-9:
                    raise DomainError(f"player {players[i]}'s mixed strategy is not a probability vector: {x!r}")
            else:
                arr = np.array([entry_to_sympy(v) for _, v in vals], dtype=object)
        else:
            arr = np.asarray(arr, dtype=float)
            if not np.all(np.isfinite(arr)) or np.any(arr < -1e-12) or abs(arr.sum() - 1) > 1e-9:
                raise DomainError(f"player {players[i]}'s mixed strategy is not a probability vector: {x!r}")
        out.append(arr)
    return tuple(out)


def _is_pure(profile: Sequence[Any]) -> bool:
    """True when every entry names one strategy (an index or a label) rather than a mixture."""
    return all(isinstance(s, (int, np.integer, str)) and not isinstance(s, (bool, np.bool_)) for s in profile)


def _arrays_for_mixed(game: Any, mixed: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    """The payoff arrays in the arithmetic of the contraction: float64 when the game or some
    probability vector is float (symbolic games keep their objects), the stored arrays otherwise."""
    if game.kind == FLOAT or any(m.dtype != object for m in mixed):
        if game.kind == SYMBOLIC:
            return game._payoffs
        return tuple(np.asarray(a, dtype=float) for a in game._payoffs)
    return game._payoffs


def _strategy_values(i: int, mixed: tuple[np.ndarray, ...], arrays: tuple[np.ndarray, ...]) -> np.ndarray:
    r"""Player ``i``'s payoff from each pure strategy against the others' mixture,
    :math:`u_i(s_i, \sigma_{-i})`: every axis but ``i`` contracted, last first."""
    t = np.moveaxis(arrays[i], i, -1)
    others = [x for j, x in enumerate(mixed) if j != i]
    for x in reversed(others):
        t = np.tensordot(t, x, axes=([t.ndim - 2], [0]))
    return t


@rejects_text
def expected_payoffs(game: Any, mixed_profile: Sequence[Any]) -> tuple:
    r"""Expected payoffs :math:`u_i(\sigma) = \sum_s \big(\prod_j \sigma_j(s_j)\big) u_i(s)` of every player.

    Parameters
    ----------
    game : NormalFormGame
        Any game (exact, float or symbolic).
    mixed_profile : sequence of array-like
        One probability vector per player (checked by :func:`as_mixed_profile`).

    Returns
    -------
    tuple
        One expected payoff per player: a Fraction when game and probabilities are exact, a
        float when either is float, an expanded sympy expression when either is symbolic.

    Raises
    ------
    DomainError
        As :func:`as_mixed_profile`.

    Notes
    -----
    Each payoff tensor is contracted with the players' vectors from the last axis to the first
    (``numpy.tensordot``): one pass over the :math:`\prod_i |S_i|` entries per player, with no
    Python loop over profiles.

    Examples
    --------
    Matching pennies at (1/2, 1/2) each (by hand: every profile has probability 1/4, the
    payoffs ±1 cancel):

    >>> from fractions import Fraction as F
    >>> from gametheory.core.normal_form import NormalFormGame
    >>> mp = NormalFormGame(([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
    >>> expected_payoffs(mp, ([F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)]))
    (Fraction(0, 1), Fraction(0, 1))
    """
    mixed = _mixed(game, mixed_profile)
    arrays = _arrays_for_mixed(game, mixed)
    out = []
    for a in arrays:
        t = a
        for x in reversed(mixed):
            t = np.tensordot(t, x, axes=([t.ndim - 1], [0]))
        v = t[()] if isinstance(t, np.ndarray) else t
        out.append(sp.expand(v) if is_sympy(v) else (float(v) if isinstance(v, (np.floating, float)) else v))
    return tuple(out)


@rejects_text(text=("profile",))   # a pure profile may be given by labels
def deviation_gain(game: Any, profile: Sequence[Any], *, per_player: bool = False) -> Any:
    r"""The largest gain from a unilateral deviation, :math:`\max_i \max_{s_i} u_i(s_i, \sigma_{-i}) - u_i(\sigma)`.

    Parameters
    ----------
    game : NormalFormGame
        Any game (exact, float or symbolic).
    profile : sequence
        A pure profile (one index or label per player, see :func:`as_pure_profile`) or a mixed
        one (one probability vector per player, see :func:`as_mixed_profile`).
    per_player : bool, default False
        Return each player's largest gain :math:`\max_{s_i} u_i(s_i, \sigma_{-i}) - u_i(\sigma)`
        instead of their maximum.

    Returns
    -------
    number, sympy expression or tuple
        :math:`\ge 0`, and ``0`` exactly at a Nash equilibrium: a Fraction for exact games (and
        exact probabilities), a float for float ones, a sympy ``Max`` for symbolic ones; a
        tuple of the players' gains when ``per_player``.

    Raises
    ------
    DomainError
        As :func:`as_pure_profile` or :func:`as_mixed_profile`.

    Notes
    -----
    Pure deviations suffice: :math:`u_i(\cdot, \sigma_{-i})` is linear in player :math:`i`'s
    mixture, so no mixture earns more than the best pure strategy. For a pure profile the gains
    are read off the payoff arrays along each player's axis; for a mixed one they come from the
    strategy values :math:`u_i(s_i, \sigma_{-i})` (every axis but :math:`i` contracted), whose
    average under :math:`\sigma_i` is :math:`u_i(\sigma)`.

    Examples
    --------
    Battle of the sexes (by hand: at (Opera, Football) either player gains 1 by switching to
    the other's choice; the mixed equilibrium x = (2/3, 1/3), y = (1/3, 2/3) has no gain):

    >>> from fractions import Fraction as F
    >>> from gametheory.core.normal_form import NormalFormGame
    >>> bos = NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]), strategies=("Opera", "Football"))
    >>> deviation_gain(bos, ("Opera", "Football"), per_player=True)
    (Fraction(1, 1), Fraction(1, 1))
    >>> deviation_gain(bos, ([F(2, 3), F(1, 3)], [F(1, 3), F(2, 3)]))
    Fraction(0, 1)
    """
    symbolic = game.kind == SYMBOLIC
    if _is_pure(profile):
        p = as_pure_profile(game, profile)
        gains = []
        for i, a in enumerate(game._payoffs):
            idx: list[Any] = list(p)
            idx[i] = slice(None)
            line = a[tuple(idx)]
            if symbolic:
                gains.append(sp.Max(*[v - a[p] for v in line]))
            elif game.kind == EXACT:
                gains.append(max(line) - a[p])
            else:
                gains.append(float(np.max(line) - a[p]))
    else:
        mixed = _mixed(game, profile)
        arrays = _arrays_for_mixed(game, mixed)
        gains = []
        for i in range(game.n_players):
            vals = _strategy_values(i, mixed, arrays)
            cur = np.dot(vals, mixed[i])
            if symbolic or any(is_sympy(v) for v in vals):
                gains.append(sp.Max(*[sp.expand(v - cur) for v in vals]))
            elif vals.dtype == object:
                gains.append(max(vals) - cur)
            else:
                gains.append(float(np.max(vals) - cur))
    if per_player:
        return tuple(gains)
    if symbolic:
        return sp.Max(*gains)
    return max(gains)
