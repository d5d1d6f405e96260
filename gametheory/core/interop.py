r"""Finite games to and from other game-theory libraries: nashpy, QuantEcon, Gambit.

The package stores player :math:`i`'s payoffs as an array indexed by the whole profile
:math:`(s_1, \dots, s_n)` (Gambit's convention). The other libraries differ:

* **nashpy** (two players only): ``Game(A, B)``, rows for player 1 and columns for player 2 —
  the same layout. Integer payoffs are passed as ``int64`` arrays, anything else as floats.
* **QuantEcon** (``quantecon.game_theory``): each ``Player`` holds its payoff array with its
  *own* action first and the opponents in cyclic order :math:`(i, i+1, \dots, n-1, 0, \dots,
  i-1)`, so player :math:`i`'s array is transposed by that permutation on the way out and by its
  inverse on the way in. QuantEcon computes in floating point: exact non-integer payoffs become
  floats.
* **Gambit** (pygambit): games travel as ``.nfg`` text written by
  :func:`gametheory.core.nfg.write_nfg`, so exact rationals stay exact both ways. An extensive
  form (``.efg``) is read through pygambit and converted to its *reduced* normal form.

These converters serve interoperability and cross-checks, not correctness: the equilibria of a
game are computed by the package itself (:mod:`gametheory.core.pure`,
:mod:`gametheory.core.mixed`). The optional libraries are imported when a converter is called,
and a missing one is named with the extra that installs it (:data:`CROSSCHECK_HINT`).

References
----------
.. [1] Knight, V. & Campbell, J. (2018). Nashpy: a Python library for the computation of Nash
       equilibria. *Journal of Open Source Software* 3(30), 904.
.. [2] QuantEcon.py, ``quantecon.game_theory`` (https://quantecon.org).
.. [3] McKelvey, R. D., McLennan, A. M. & Turocy, T. L. Gambit: Software Tools for Game Theory.

Examples
--------
>>> from gametheory.core.normal_form import NormalFormGame
>>> pd = NormalFormGame(([[3, 0], [4, 1]], [[3, 4], [0, 1]]))    # prisoner's dilemma
>>> to_nashpy(pd).payoff_matrices[1].tolist()
[[3, 4], [0, 1]]
>>> to_quantecon(pd).players[1].payoff_array.tolist()             # own action first
[[3, 0], [4, 1]]
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np

from gametheory.core._validate import DomainError
from gametheory.core.game_input import EXACT
from gametheory.core.nfg import write_nfg
from gametheory.core.params import rejects_text

__all__ = ["to_nashpy", "to_quantecon", "to_gambit", "CROSSCHECK_HINT"]

#: How to install the optional libraries (pygambit, quantecon) that the converters need.
CROSSCHECK_HINT = 'pip install "cluster-gametheory[crosscheck]"'


def _integer_payoffs(game: Any) -> bool:
    """Exact payoffs that are all integers below 2**62 (passed on as int64)."""
    return game.kind == EXACT and all(v.denominator == 1 and abs(v) < 2**62 for a in game._payoffs for v in a.flat)


# ---------------------------------------------------------------------------------------------
# nashpy
# ---------------------------------------------------------------------------------------------
@rejects_text
def to_nashpy(game: Any) -> Any:
    """A :class:`nashpy.Game` of a numeric two-player game (int64 arrays for integer payoffs, floats otherwise).

    Raises
    ------
    DomainError
        Symbolic payoffs, or not two players.
    """
    game._require_numeric("to_nashpy()")
    if game.n_players != 2:
        raise DomainError(f"nashpy handles 2-player games only; this game has {game.n_players} players")
    import nashpy

    if _integer_payoffs(game):
        return nashpy.Game(*(np.array([int(v) for v in a.flat], dtype=np.int64).reshape(a.shape)
                             for a in game._payoffs))
    return nashpy.Game(*(np.asarray(a, dtype=float) for a in game._payoffs))


def _from_nashpy(cls: Any, game: Any, **labels: Any) -> Any:
    """``cls`` built from a nashpy game's two payoff matrices (integer arrays stay exact)."""
    A, B = game.payoff_matrices
    return cls((np.asarray(A), np.asarray(B)), **labels)


# ---------------------------------------------------------------------------------------------
# QuantEcon
# ---------------------------------------------------------------------------------------------
@rejects_text
def to_quantecon(game: Any) -> Any:
    r"""A :class:`quantecon.game_theory.NormalFormGame` of a numeric game (integer payoffs stay int).

    Player :math:`i`'s array is transposed to QuantEcon's order, own action first and the
    others in cyclic order :math:`(i, i+1, \dots, n-1, 0, \dots, i-1)`. Exact non-integer payoffs
    become floats.

    Raises
    ------
    DomainError
        Symbolic payoffs.
    ImportError
        quantecon is not installed (the ``crosscheck`` extra).
    """
    game._require_numeric("to_quantecon()")
    try:
        from quantecon.game_theory import NormalFormGame as QEGame, Player
    except ImportError:
        raise ImportError(f"to_quantecon() needs quantecon: {CROSSCHECK_HINT}") from None
    n = game.n_players
    exact_ints = _integer_payoffs(game)
    players = []
    for i, a in enumerate(game._payoffs):
        arr = np.array([int(v) for v in a.flat], dtype=np.int64).reshape(a.shape) if exact_ints else \
            np.asarray(a, dtype=float)
        players.append(Player(np.transpose(arr, [(i + k) % n for k in range(n)]) if n > 1 else arr))
    return QEGame(players)


def _from_quantecon(cls: Any, game: Any, **labels: Any) -> Any:
    """``cls`` built from a QuantEcon game: each player's array transposed back to profile order."""
    players = getattr(game, "players", None)
    if players is None or not all(hasattr(p, "payoff_array") for p in players):
        raise DomainError(f"from_quantecon needs a quantecon NormalFormGame, got {type(game).__name__}")
    n = len(players)
    arrays = []
    for i, p in enumerate(players):
        arr = np.asarray(p.payoff_array)
        perm = [(i + k) % n for k in range(n)]
        arrays.append(np.transpose(arr, np.argsort(perm)) if n > 1 else arr)
    return cls(tuple(arrays), **labels)


# ---------------------------------------------------------------------------------------------
# Gambit
# ---------------------------------------------------------------------------------------------
@rejects_text(text=('title',))
def to_gambit(game: Any, title: str = "") -> Any:
    """A :class:`pygambit.Game` of a numeric game, read from its ``.nfg`` text (exact stays exact).

    Raises
    ------
    DomainError
        Symbolic payoffs.
    ImportError
        pygambit is not installed (the ``crosscheck`` extra).
    """
    game._require_numeric("to_gambit()")
    try:
        import pygambit
    except ImportError:
        raise ImportError(f"to_gambit() needs pygambit: {CROSSCHECK_HINT}") from None
    return pygambit.read_nfg(io.BytesIO(write_nfg(game, title=title).encode("utf-8")))


def _from_efg(cls: Any, source: Any, max_profiles: int) -> Any:
    """``cls`` built from the reduced normal form of a Gambit ``.efg`` game (parsed by pygambit)."""
    try:
        import pygambit as gbt
    except ImportError:
        raise ImportError(f"reading .efg files needs pygambit: {CROSSCHECK_HINT}") from None
    if isinstance(source, (str, bytes)) and (source.lstrip()[:3] in ("EFG", b"EFG")):
        text = source.decode() if isinstance(source, bytes) else source
        stream: Any = io.BytesIO(text.encode())
    elif isinstance(source, (str, Path)):
        stream = str(source)
    else:
        stream = source
    try:
        game = gbt.read_efg(stream)
    except (OSError, ValueError, RuntimeError) as exc:
        raise DomainError(f"not a readable .efg game: {exc}") from None
    sizes = [len(p.strategies) for p in game.players]
    if int(np.prod(sizes, dtype=object)) > max_profiles:
        raise DomainError(f"the reduced normal form has {sizes} strategies per player, more than "
                          f"max_profiles={max_profiles} profiles; raise max_profiles to read it")
    labels = []
    for p in game.players:
        names = []
        for st in p.strategies:
            acts = [st.action(i) for i in p.infosets]
            names.append("/".join(a.label if a is not None and a.label else "*" for a in acts) or st.label)
        labels.append(tuple(names) if len(set(names)) == len(names) and all(names) else
                      tuple(st.label or f"s{k}" for k, st in enumerate(p.strategies)))
    base = cls.from_gambit(game)
    players = tuple(p.label or f"P{k + 1}" for k, p in enumerate(game.players))
    return cls(base.payoffs, players if len(set(players)) == len(players) else None, labels)
