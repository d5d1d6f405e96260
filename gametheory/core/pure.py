r"""Pure Nash equilibria: a best-response mask for numbers, a condition on the parameters for symbols.

A pure profile :math:`s = (s_1, \dots, s_n)` is a Nash equilibrium iff no player gains by a
unilateral deviation:

.. math::

    u_i(s) \ge u_i(t_i, s_{-i}) \quad \text{for every player } i \text{ and strategy } t_i .

**Numeric payoffs — the best-response mask.** For player :math:`i`, the maximum of the payoff
array over axis :math:`i` is the value of a best response to each opponents' profile; the
entries that attain it form a boolean array, and the AND of the players' arrays marks exactly the
equilibria. The whole payoff tensor is processed at once (numpy), so every profile costs a few
vectorised comparisons instead of a Python loop over deviations. Exact payoffs are compared as
integers: each player's payoffs are scaled by the common denominator
(:mod:`gametheory.core.game_input`), which changes no best response.

**Symbolic payoffs — the equilibrium condition.** With parameters in the payoffs the answer is
a condition: the conjunction, over players and deviations, of the relations
:math:`u_i(s) \ge u_i(t_i, s_{-i})` (``>`` for a strict equilibrium). Each relation is first
decided by the :class:`~gametheory.core.normal_form.Prover` from the symbols' assumptions and an
optional ``assumptions`` Boolean (sign rules, then a Farkas certificate for polynomial factors,
verified exactly); a relation proved true is dropped, one proved false makes the whole condition
``False``, and the open ones are returned in readable form (``R >= T`` rather than
``R - T >= 0``). "Provably true" always means proved, never sampled.

References
----------
.. [1] Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54, 286-295.
.. [2] Osborne, M. J. & Rubinstein, A. (1994). *A Course in Game Theory*. MIT Press, ch. 2.

Examples
--------
>>> import sympy as sp
>>> from gametheory.core.normal_form import NormalFormGame
>>> T, R, P, S = sp.symbols("T R P S")
>>> pd = NormalFormGame(([[R, S], [T, P]], [[R, T], [S, P]]))    # prisoner's dilemma
>>> equilibrium_conditions(pd, (1, 1))                          # (defect, defect)
P >= S
>>> pure_equilibria(pd.subs({T: 5, R: 3, P: 1, S: 0}))
[(1, 1)]
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from gametheory.core._prover import Prover, _oriented, _readable_relation
from gametheory.core.game_input import SYMBOLIC, entry_to_sympy
from gametheory.core.lazy_sympy import is_sympy, sp
from gametheory.core.params import rejects_text
from gametheory.core.profiles import as_pure_profile

__all__ = ["best_response_mask", "pure_equilibria", "equilibrium_conditions", "pure_equilibrium_conditions"]


@rejects_text
def best_response_mask(game: Any, *, tol: float = 0.0) -> np.ndarray:
    """Boolean array of the game's shape: True where the profile is a pure Nash equilibrium.

    Parameters
    ----------
    game : NormalFormGame
        A game with numeric payoffs.
    tol : float, default 0
        Float games only: a strategy counts as a best response when within ``tol`` of the best.

    Raises
    ------
    DomainError
        Symbolic payoffs (use :func:`pure_equilibrium_conditions`, or give the parameters values).
    """
    game._require_numeric("the best-response mask")
    arrays = game._fast_arrays()
    mask: np.ndarray | None = None
    for i, a in enumerate(arrays):
        m = a.max(axis=i, keepdims=True)
        br = (a >= m - tol) if (tol and a.dtype.kind == "f") else (a == m)
        mask = br if mask is None else (mask & br)
    return mask  # type: ignore[return-value]


@rejects_text
def pure_equilibria(game: Any, *, tol: float = 0.0, assumptions: Any = None) -> list[tuple[int, ...]]:
    """All pure-strategy Nash equilibria, as strategy-index tuples in lexicographic order.

    Parameters
    ----------
    game : NormalFormGame
    tol : float, default 0
        Float games only: a profile counts as a best response when within ``tol`` of the best.
    assumptions : sympy Boolean, optional
        Symbolic games only: assumed relations between the parameters.

    Returns
    -------
    list of tuple of int

    Notes
    -----
    Numeric games: the vectorised best-response mask (:func:`best_response_mask`; exact games use
    exactly scaled integers). **Symbolic games**: the profiles whose equilibrium condition is
    *provably true* under the symbols' assumptions and ``assumptions``; profiles whose condition
    is open are not included — :func:`pure_equilibrium_conditions` lists them with their
    conditions.
    """
    if game.kind == SYMBOLIC:
        return [p for p, c in pure_equilibrium_conditions(game, assumptions=assumptions).items() if c is sp.true]
    mask = best_response_mask(game, tol=tol)
    # np.nonzero lists the profiles in row-major (lexicographic) order, as np.argwhere does
    return list(zip(*(ix.tolist() for ix in np.nonzero(mask))))


def _comparison(game: Any, i: int, a: int, b: int, rest: tuple[int, ...], strict: bool,
                prover: Prover) -> tuple[bool | None, sp.Basic]:
    """Decide u_i(a, rest) >= u_i(b, rest) (or >); returns (decision, relation)."""
    pa = rest[:i] + (a,) + rest[i:]
    pb = rest[:i] + (b,) + rest[i:]
    A = game._payoffs[i]
    ua, ub = entry_to_sympy(A[pa]), entry_to_sympy(A[pb])
    d = ua - ub
    dec = prover.decide(d, strict)
    if dec is True:
        return True, sp.true
    if dec is False:
        return False, sp.false
    if is_sympy(ua, "Atom") and is_sympy(ub, "Atom"):
        return None, _oriented(ua, ub, strict)
    return None, _readable_relation(d, strict, prover)


@rejects_text(text=('profile',))
def equilibrium_conditions(game: Any, profile: Sequence[Any], *, strict: bool = False,
                           assumptions: Any = None) -> sp.Boolean:
    r"""Condition on the parameters under which ``profile`` is a (strict) pure Nash equilibrium.

    Parameters
    ----------
    game : NormalFormGame
    profile : sequence
        One strategy per player, by index or label.
    strict : bool, default False
        Ask for a strict equilibrium (every deviation strictly worse).
    assumptions : sympy Boolean, optional
        Assumed relations between the parameters, e.g. ``(T > R) & (R > P)``.

    Returns
    -------
    sympy Boolean
        :math:`\bigwedge_i \bigwedge_{t_i \ne s_i} u_i(s) \ge u_i(t_i, s_{-i})` (``>`` when
        ``strict``), with the relations decided by the assumptions dropped (or the whole
        condition ``False`` when one fails). Numeric games give ``True``/``False``.
    """
    p = as_pure_profile(game, profile)
    prover = game._prover(assumptions)
    rels = []
    for i in range(game.n_players):
        rest = p[:i] + p[i + 1:]
        for b in range(game.shape[i]):
            if b == p[i]:
                continue
            dec, rel = _comparison(game, i, p[i], b, rest, strict, prover)
            if dec is False:
                return sp.false
            if dec is None:
                rels.append(rel)
    return sp.And(*rels) if rels else sp.true


@rejects_text
def pure_equilibrium_conditions(game: Any, *, strict: bool = False,
                                assumptions: Any = None) -> dict[tuple[int, ...], sp.Boolean]:
    """For every pure profile whose condition is not provably False: the condition (sympy Boolean).

    Parameters
    ----------
    game : NormalFormGame
    strict, assumptions :
        As in :func:`equilibrium_conditions`.

    Returns
    -------
    dict
        ``{profile: condition}`` in lexicographic order of the profiles. Numeric games: the pure
        equilibria, each with the condition ``True``.
    """
    if game.kind != SYMBOLIC:
        return {p: sp.true for p in pure_equilibria(game)}
    out = {}
    for p in game.profiles():
        c = equilibrium_conditions(game, p, strict=strict, assumptions=assumptions)
        if c is not sp.false:
            out[p] = c
    return out
