"""Hypothesis strategies for random games, shared by the core tests.

* :func:`normal_form_games` — random n-player :class:`~gametheory.NormalFormGame` objects
  (exact integer/fraction payoffs by default; small value ranges make ties, i.e. degenerate games,
  frequent on purpose).
* :func:`bimatrix_games` — ``(A, B)`` pairs of numpy arrays for the 2-player solvers.
* :func:`symbolic_games` — a game whose payoffs are affine in two symbols ``a``, ``b`` together with
  a random rational parameter draw, for "symbolic and numeric answers agree" properties.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from gametheory.core.normal_form import NormalFormGame

__all__ = ["payoff_values", "normal_form_games", "bimatrix_games", "symbolic_games", "SYMBOLS", "degenerate_game"]

SYMBOLS = sp.symbols("a b")


def payoff_values(exact: bool = True, max_value: int = 5, fractions: bool = False) -> st.SearchStrategy:
    """Payoff entries: small ints (exact), Fractions with small denominators, or floats."""
    if exact:
        ints = st.integers(-max_value, max_value)
        if not fractions:
            return ints
        return st.builds(Fraction, ints, st.integers(1, 4))
    return st.floats(-float(max_value), float(max_value), allow_nan=False, allow_infinity=False, width=64)


def _arrays(draw, shape, n_arrays, values, exact):
    size = int(np.prod(shape))
    out = []
    for _ in range(n_arrays):
        vals = draw(st.lists(values, min_size=size, max_size=size))
        if exact:
            arr = np.empty(size, dtype=object)
            arr[:] = vals
            out.append(arr.reshape(shape))
        else:
            out.append(np.array(vals, dtype=float).reshape(shape))
    return out


@st.composite
def normal_form_games(draw, max_players: int = 3, max_actions: int = 3, exact: bool = True, *,
                      min_players: int = 1, min_actions: int = 1, max_value: int = 5,
                      fractions: bool = False) -> NormalFormGame:
    """A random game with 1..max_players players and 1..max_actions strategies each."""
    n = draw(st.integers(min_players, max_players))
    shape = tuple(draw(st.integers(min_actions, max_actions)) for _ in range(n))
    arrays = _arrays(draw, shape, n, payoff_values(exact, max_value, fractions), exact)
    return NormalFormGame(arrays)


@st.composite
def bimatrix_games(draw, min_rows: int = 1, max_rows: int = 4, min_cols: int = 1, max_cols: int = 4,
                   exact: bool = True, max_value: int = 5, fractions: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``(A, B)``: object arrays of ints/Fractions (exact) or float64 arrays."""
    m = draw(st.integers(min_rows, max_rows))
    k = draw(st.integers(min_cols, max_cols))
    A, B = _arrays(draw, (m, k), 2, payoff_values(exact, max_value, fractions), exact)
    if exact:
        A = np.vectorize(Fraction, otypes=[object])(A)
        B = np.vectorize(Fraction, otypes=[object])(B)
    return A, B


@st.composite
def symbolic_games(draw, max_players: int = 3, max_actions: int = 3, max_value: int = 3, *,
                   min_players: int = 1, min_actions: int = 1):
    """``(game, draw)``: payoffs ``c0 + c1*a + c2*b`` (small integer c's) and a rational draw {a, b}."""
    a, b = SYMBOLS
    n = draw(st.integers(min_players, max_players))
    shape = tuple(draw(st.integers(min_actions, max_actions)) for _ in range(n))
    size = int(np.prod(shape))
    coef = st.integers(-max_value, max_value)
    arrays = []
    for _ in range(n):
        entries = [draw(coef) + draw(coef) * a + draw(coef) * b for _ in range(size)]
        arr = np.empty(size, dtype=object)
        arr[:] = entries
        arrays.append(arr.reshape(shape))
    value = st.builds(Fraction, st.integers(-6, 6), st.integers(1, 3))
    point = {a: draw(value), b: draw(value)}
    return NormalFormGame(arrays), point


def degenerate_game(m, n, seed, lo=0, hi=3, dup=0.5):
    """An m x n game with duplicated (payoff-equivalent for one player) and dominated strategies.

    A few base rows/columns are drawn in ``lo..hi``; the others copy a base one for one player
    (so that player is indifferent) with the other player's payoffs redrawn or lowered by one
    (weakly dominated copies).
    """
    rng = np.random.default_rng(seed)
    A = rng.integers(lo, hi + 1, (m, n))
    B = rng.integers(lo, hi + 1, (m, n))
    for j in range(1, n):
        if rng.random() < dup:
            k = int(rng.integers(0, j))
            B[:, j] = B[:, k] - (rng.random() < 0.3)
            if rng.random() < 0.5:
                A[:, j] = A[:, k]
    for i in range(1, m):
        if rng.random() < dup:
            k = int(rng.integers(0, i))
            A[i] = A[k] - (rng.random() < 0.3)
            if rng.random() < 0.5:
                B[i] = B[k]
    return A, B
