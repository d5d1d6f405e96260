r"""All mixed Nash equilibria of a finite game: which algorithm for how many players.

A mixed profile :math:`x = (x_1, \dots, x_n)` is a Nash equilibrium iff no player gains from a
unilateral deviation; pure deviations suffice, so :math:`x` is an equilibrium iff every pure
strategy in the support of :math:`x_i` earns :math:`\max_{t_i} u_i(t_i, x_{-i})`. The method
depends on the number of players:

**Two players** — :func:`gametheory.core.bimatrix.enumerate_equilibria`: vertex enumeration of
the best-response polytopes, complete (every extreme equilibrium, and the maximal convex
components of degenerate games), in exact rational arithmetic when the payoffs are exact, under a
work budget that reports ``complete=False`` instead of hanging.

**One player** — the maximisers of the payoff vector (every mixture of them is optimal too).

**Three or more players** — the equilibrium conditions are polynomial, not linear, and no
complete exact method is offered here: the game is handed to Gambit (pygambit, the ``crosscheck``
extra). Support enumeration with polynomial solving (``"enumpoly"``, the default) finds the
isolated equilibria on each support; ``"logit"`` (the quantal-response path), ``"simpdiv"``
(simplicial subdivision) and ``"liap"`` (Lyapunov minimisation) find one. Every profile Gambit
returns is *checked* here: kept only if its largest pure deviation gain is within the tolerance,
relative to the payoff range. The result says what is and is not guaranteed.

References
----------
.. [1] Avis, D., Rosenberg, G. D., Savani, R. & von Stengel, B. (2010). Enumeration of Nash
       equilibria for two-player games. *Economic Theory* 42, 9-37.
.. [2] McKelvey, R. D. & McLennan, A. (1996). Computation of equilibria in finite games.
       *Handbook of Computational Economics* 1, 87-142.
.. [3] McKelvey, R. D., McLennan, A. M. & Turocy, T. L. Gambit: Software Tools for Game Theory.

Examples
--------
>>> from gametheory.core.normal_form import NormalFormGame
>>> bos = NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]))   # battle of the sexes
>>> len(equilibria(bos).equilibria)                             # two pure, one mixed
3
>>> from fractions import Fraction as F
>>> [F(v) for v in mixed_equilibria(bos)[1][0]]                # by hand: x = (2/3, 1/3)
[Fraction(2, 3), Fraction(1, 3)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.core._validate import DomainError
from gametheory.core.game_input import EXACT, SYMBOLIC
from gametheory.core.interop import CROSSCHECK_HINT, to_gambit
from gametheory.core.lazy_sympy import sp
from gametheory.core.params import rejects_text
from gametheory.core.results import Result

__all__ = ["equilibria", "mixed_equilibria", "NPlayerEquilibria"]


@rejects_text(text=('note',), choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class NPlayerEquilibria(Result):
    """Mixed equilibria of an n-player game (n != 2), computed through pygambit.

    Attributes
    ----------
    equilibria : tuple of tuples of numpy arrays (one probability vector per player)
    payoffs : tuple of tuples (expected payoff of each player)
    max_deviation_gain : tuple (largest gain from a unilateral pure deviation, per equilibrium)
    complete : bool — whether the method is guaranteed to find every equilibrium
    exact : bool
    method : str
    conditions : sympy Boolean
    note : str — what is and is not guaranteed
    """

    equilibria: tuple
    payoffs: tuple
    max_deviation_gain: tuple
    complete: bool
    exact: bool
    method: str
    conditions: Any = field(default_factory=lambda: sp.true)
    note: str = ""


@rejects_text(choices=('method',))
def equilibria(game: Any, *, tol: float = 1e-9, method: str | None = None, budget: Any = None,
               time_limit: float | None = None) -> Any:
    """All Nash equilibria of a numeric game as a result object.

    Parameters
    ----------
    game : NormalFormGame
        A game with numeric (exact or float) payoffs.
    tol : float, default 1e-9
        Tolerance of the equilibrium check (float games; relative to the payoff range for 3+
        players).
    method : str, optional
        Three or more players: the pygambit solver, ``"enumpoly"`` (default: support
        enumeration, all isolated equilibria of nondegenerate games), or one equilibrium from
        ``"logit"`` (quantal-response path), ``"simpdiv"`` (simplicial subdivision) or ``"liap"``
        (Lyapunov minimisation). One or two players: must be ``None``.
    budget, time_limit : optional
        Two players: the work budget of the enumeration, a
        :class:`gametheory.core.budget.Budget` or seconds; default 30 s, 500,000 vertices and
        5e7 work steps. When it runs out the result has ``complete=False`` and a ``message``
        naming the size, what was exceeded and the ways out (see
        :func:`gametheory.core.bimatrix.enumerate_equilibria`).

    Returns
    -------
    result
        Two players: the result of :func:`gametheory.core.bimatrix.enumerate_equilibria`
        (complete, exact for exact payoffs, components for degenerate games). Other numbers of
        players: :class:`NPlayerEquilibria` (one player: the maximisers; three or more: the
        pygambit profiles that pass the check, largest deviation gain within ``tol``).

    Raises
    ------
    DomainError
        Symbolic payoffs; a ``method`` for a one- or two-player game; an unknown method.
    ImportError
        Three or more players without pygambit.
    """
    game._require_numeric("mixed equilibria")
    n = game.n_players
    if n <= 2 and method is not None:
        raise DomainError(f"unknown method {method!r} for a {n}-player game: it always uses "
                          + ("the complete vertex enumeration" if n == 2 else "the maximisers")
                          + "; leave method=None (method names the pygambit solver of 3+ player games)")
    if n == 2:
        from gametheory.core.bimatrix import enumerate_equilibria  # loaded on first use (a light import of the game)

        A, B = game._payoffs
        return enumerate_equilibria(A, B, tol=tol, budget=budget, time_limit=time_limit)
    if n == 1:
        a = game._payoffs[0]
        best = max(a.tolist())
        eqs, pays = [], []
        for k, v in enumerate(a.tolist()):
            if v == best:
                x = np.array([Fraction(int(j == k)) for j in range(a.shape[0])], dtype=object) \
                    if game.kind == EXACT else np.eye(a.shape[0])[k]
                eqs.append((x,))
                pays.append((v,))
        return NPlayerEquilibria(tuple(eqs), tuple(pays), tuple(0 for _ in eqs), True, game.kind == EXACT,
                                 "argmax", note="every mixture of the listed maximisers is also optimal")
    return _gambit_equilibria(game, method or "enumpoly", tol)


@rejects_text(choices=('method',))
def mixed_equilibria(game: Any, *, tol: float = 1e-9, method: str | None = None, budget: Any = None,
                     time_limit: float | None = None) -> list[tuple[np.ndarray, ...]]:
    """Mixed Nash equilibria as a list of profiles (tuples of probability arrays).

    The list form of :func:`equilibria` (same parameters). It cannot carry ``complete``: when the
    budget of a two-player enumeration runs out, a :class:`~gametheory.core.budget.BudgetExceeded`
    is raised with the result's message (call :func:`equilibria` to get the partial result
    instead).

    Raises
    ------
    DomainError
        Symbolic payoffs (with a pointer to
        :func:`~gametheory.core.interior.interior_equilibrium` for 2x2 games).
    BudgetExceeded
        The two-player enumeration ran out of budget.
    """
    if game.kind == SYMBOLIC:
        hint = " (for a 2x2 game, interior_equilibrium() gives the mixed equilibrium with its conditions)" \
            if game.shape == (2, 2) else ""
        names = ", ".join(sorted(map(str, game.free_symbols))) or "irrational constants"
        raise DomainError(f"mixed_equilibria() needs numeric payoffs; this game is symbolic in {names}: "
                          f"call game.subs({{...}}) to give the parameters values first{hint}")
    res = equilibria(game, tol=tol, method=method, budget=budget, time_limit=time_limit)
    if game.n_players == 2 and not res.complete and "budget" in res.message:
        from gametheory.core.budget import BudgetExceeded

        err = BudgetExceeded("budget", 0, 0)
        err.args = (res.message,)
        raise err
    return [tuple(eq) for eq in res.equilibria]


def _gambit_equilibria(game: Any, method: str, tol: float) -> NPlayerEquilibria:
    """Equilibria of a 3+ player game from pygambit, each checked by its deviation gain."""
    try:
        import pygambit as gbt
    except ImportError:
        raise ImportError(f"mixed equilibria of {game.n_players}-player games need pygambit: {CROSSCHECK_HINT}") from None

    gambit_game = to_gambit(game)
    # gnm_solve and ipa_solve are not offered: in pygambit 16.7 they ran for minutes without
    # returning on a 2x2x2 game (the volunteer's dilemma of the tests).
    solvers = {
        "enumpoly": lambda g: gbt.nash.enumpoly_solve(g, use_strategic=True),
        "logit": lambda g: gbt.nash.logit_solve(g),
        "simpdiv": lambda g: gbt.nash.simpdiv_solve(g.mixed_strategy_profile(rational=True)),
        "liap": lambda g: gbt.nash.liap_solve(g.mixed_strategy_profile()),
    }
    if method not in solvers:
        raise DomainError(f"unknown method {method!r}; valid: {sorted(solvers)}")
    res = solvers[method](gambit_game)
    eqs, pays, gains = [], [], []
    for prof in res.equilibria:
        mixed = []
        for pl in gambit_game.players:
            probs = [prof[s] for s in pl.strategies]
            mixed.append(np.array([float(v) for v in probs]))
        mixed_t = tuple(mixed)
        gain = game.deviation_gain(mixed_t)
        bound = max(tol, 1e-6) * max(1.0, _payoff_range(game))
        if not (math.isfinite(gain) and math.isfinite(bound)):
            raise DomainError(
                f"floating-point overflow: payoffs up to {_payoff_range(game):.3g} make the deviation gains "
                "non-finite; divide the payoffs by a power of two (exact, same equilibria) or pass exact payoffs")
        if gain > bound:
            continue  # not an equilibrium to the stated tolerance
        eqs.append(mixed_t)
        pays.append(game.expected_payoffs(mixed_t))
        gains.append(gain)
    note = {
        "enumpoly": "support enumeration with polynomial solving: finds the isolated equilibria on each "
                    "support; not guaranteed complete for degenerate games (continua), floating point",
    }.get(method, "a path-following / approximation method: finds some equilibria, not all")
    return NPlayerEquilibria(tuple(eqs), tuple(pays), tuple(gains), False, False, f"pygambit {method}", note=note)


def _payoff_range(game: Any) -> float:
    vals = [float(v) for a in game._payoffs for v in a.flat]
    return max(vals) - min(vals) if vals else 0.0
