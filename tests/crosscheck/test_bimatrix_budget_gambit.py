"""Slow cross-check: generated hard degenerate games against pygambit's exact enumeration.

Games of the kind of Gambit's bcp/artist examples (duplicate and dominated strategies, payoffs in
a small range), small enough for pygambit's ``enummixed_solve`` to answer; our enumeration (which
switches to the exact double description on such games) must give the same extreme equilibria.
"""

from __future__ import annotations


import pytest

from gametheory.core.bimatrix import enumerate_equilibria

gbt = pytest.importorskip("pygambit")

from tests.crosscheck.test_bimatrix_gambit import gambit_equilibria  # noqa: E402
from tests.strategies import degenerate_game  # noqa: E402


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(40))
def test_generated_degenerate_games_equal_gambit(seed):
    m, n = [(4, 8), (5, 10), (6, 6), (3, 12), (6, 9)][seed % 5]
    A, B = degenerate_game(m, n, seed=1000 + seed, hi=2 + seed % 3, dup=0.6)
    res = enumerate_equilibria(A, B)
    assert res.complete and all(g == 0 for g in res.max_deviation_gain)
    mine = {(tuple(x), tuple(y)) for x, y in res.equilibria}
    assert mine == gambit_equilibria(A, B)
