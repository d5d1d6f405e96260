"""Slow cross-check: generated hard degenerate games against pygambit's exact enumeration.

Games of the kind of Gambit's bcp/artist examples (duplicate and dominated strategies, payoffs in
a small range), small enough for pygambit's ``enummixed_solve`` to answer; our enumeration (which
switches to the exact double description on such games) must give the same extreme equilibria.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from gametheory.core.bimatrix import enumerate_equilibria

gbt = pytest.importorskip("pygambit")


def gambit_equilibria(A, B):
    game = gbt.Game.from_arrays(np.asarray(A, dtype=object), np.asarray(B, dtype=object))
    p1, p2 = list(game.players)
    out = set()
    for eq in gbt.nash.enummixed_solve(game, rational=True).equilibria:
        out.add((tuple(Fraction(str(eq[s])) for s in p1.strategies),
                 tuple(Fraction(str(eq[s])) for s in p2.strategies)))
    return out


def degenerate_game(m, n, seed, lo=0, hi=3, dup=0.5):
    """Duplicate (payoff-equivalent for one player) and weakly dominated copies of base strategies."""
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


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(40))
def test_generated_degenerate_games_equal_gambit(seed):
    m, n = [(4, 8), (5, 10), (6, 6), (3, 12), (6, 9)][seed % 5]
    A, B = degenerate_game(m, n, seed=1000 + seed, hi=2 + seed % 3, dup=0.6)
    res = enumerate_equilibria(A, B)
    assert res.complete and all(g == 0 for g in res.max_deviation_gain)
    mine = {(tuple(x), tuple(y)) for x, y in res.equilibria}
    assert mine == gambit_equilibria(A, B)
