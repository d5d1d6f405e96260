"""Cross-checks of enumerate_equilibria against pygambit (exact enummixed), quantecon and nashpy.

* pygambit's ``enummixed_solve(game, rational=True)`` enumerates the extreme equilibria of a
  bimatrix game in exact rational arithmetic (Avis et al. 2010): our extreme-equilibrium SETS must
  be equal, including degenerate games (payoffs in 0..2 make degeneracy frequent).
  Default run: 40 games (plus 12 with qhull disabled); ``-m slow``: 3000 (+ 300), and 100
  larger (7x7..8x8) degenerate games.
* quantecon's ``vertex_enumeration`` (floating point) on nondegenerate random float games:
  same equilibria up to 1e-8. Default run: 20 games; ``-m slow``: 1000.
* nashpy's ``support_enumeration`` is shown to miss equilibria (why it is not the reference).
"""

from __future__ import annotations

import warnings
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
        x = tuple(Fraction(str(eq[s])) for s in p1.strategies)
        y = tuple(Fraction(str(eq[s])) for s in p2.strategies)
        out.add((x, y))
    return out


def ours(A, B):
    res = enumerate_equilibria(A, B)
    assert res.complete and res.exact
    assert all(g == 0 for g in res.max_deviation_gain)
    return {(tuple(x), tuple(y)) for x, y in res.equilibria}, res


def random_integer_games(count, seed):
    """Sizes 2x2..6x6 (rectangular too), payoff ranges from very degenerate (0..2) to generic."""
    rng = np.random.default_rng(seed)
    for k in range(count):
        m, n = (int(v) for v in rng.integers(2, 7, size=2))
        lo, hi = [(0, 2), (0, 3), (0, 9), (-50, 50)][k % 4]
        yield rng.integers(lo, hi + 1, (m, n)), rng.integers(lo, hi + 1, (m, n))


def _check_against_gambit(games):
    n_games = n_degenerate = n_equilibria = 0
    for A, B in games:
        mine, res = ours(A, B)
        ref = gambit_equilibria(A, B)
        assert mine == ref, (A.tolist(), B.tolist())
        n_games += 1
        n_degenerate += res.degenerate
        n_equilibria += len(mine)
    return n_games, n_degenerate, n_equilibria


def test_extreme_equilibria_equal_gambit_enummixed():
    n_games, n_deg, n_eq = _check_against_gambit(random_integer_games(40, seed=2024))
    assert n_games == 40 and n_deg >= 10   # degenerate games are really exercised
    print(f"gambit enummixed cross-check: {n_games} games ({n_deg} degenerate), {n_eq} equilibria")


@pytest.mark.slow
def test_extreme_equilibria_equal_gambit_enummixed_many():
    n_games, n_deg, n_eq = _check_against_gambit(random_integer_games(3000, seed=1))
    print(f"gambit enummixed cross-check (slow): {n_games} games ({n_deg} degenerate), {n_eq} equilibria")


@pytest.mark.slow
def test_larger_degenerate_games_equal_gambit_enummixed():
    # 7x7..8x8 with payoffs in 0..1 / 0..2 / 0..3: every one degenerate, hundreds of equilibria
    rng = np.random.default_rng(99)
    games = []
    for k in range(100):
        m, n = (int(v) for v in rng.integers(7, 9, size=2))
        hi = [1, 2, 3][k % 3]
        games.append((rng.integers(0, hi + 1, (m, n)), rng.integers(0, hi + 1, (m, n))))
    n_games, n_deg, n_eq = _check_against_gambit(games)
    print(f"gambit enummixed cross-check, 7x7..8x8 (slow): {n_games} games ({n_deg} degenerate), {n_eq} equilibria")


def _check_float_path_against_gambit(games):
    """The floating-point path on the same integer games (as floats): the same equilibria as
    gambit's exact ones within 1e-9, complete. Degenerate float games take the general path,
    whose degenerate vertices' edges are screened in one batch (issue 20)."""
    n_games = n_degenerate = 0
    for A, B in games:
        res = enumerate_equilibria(np.asarray(A, dtype=float), np.asarray(B, dtype=float))
        assert res.complete and not res.exact
        ref = sorted(tuple(round(float(v), 9) for v in (*x, *y)) for x, y in gambit_equilibria(A, B))
        mine = sorted(tuple(np.round(np.concatenate([x, y]), 9).tolist()) for x, y in res.equilibria)
        assert mine == ref, (A.tolist(), B.tolist())
        n_games += 1
        n_degenerate += res.degenerate
    return n_games, n_degenerate


def test_float_path_equals_gambit_on_degenerate_games():
    n_games, n_deg = _check_float_path_against_gambit(random_integer_games(40, seed=2025))
    assert n_games == 40 and n_deg >= 10


@pytest.mark.slow
def test_float_path_equals_gambit_on_degenerate_games_many():
    _check_float_path_against_gambit(random_integer_games(2000, seed=3))
    rng = np.random.default_rng(98)
    _check_float_path_against_gambit(
        (rng.integers(0, h + 1, (m, n)), rng.integers(0, h + 1, (m, n)))
        for h, m, n in zip([1, 2, 3] * 20, rng.integers(7, 9, 60), rng.integers(7, 9, 60)))


def _without_qhull(monkeypatch, games):
    from gametheory.core.bimatrix import _polytope

    def no_qhull(self):
        raise RuntimeError("qhull disabled for this test")

    monkeypatch.setattr(_polytope.BestResponsePolytope, "seed_qhull", no_qhull)
    return _check_against_gambit(games)


def test_pivoting_alone_equals_gambit(monkeypatch):
    # the fallback used when qhull fails must be complete by itself
    n_games, n_deg, _ = _without_qhull(monkeypatch, random_integer_games(12, seed=77))
    assert n_games == 12 and n_deg >= 3


@pytest.mark.slow
def test_pivoting_alone_equals_gambit_many(monkeypatch):
    _without_qhull(monkeypatch, random_integer_games(300, seed=78))


def _check_against_quantecon(count, seed):
    qe = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(seed)
    checked = 0
    for _ in range(count):
        m, n = (int(v) for v in rng.integers(2, 8, size=2))
        A, B = rng.random((m, n)), rng.random((m, n))
        res = enumerate_equilibria(A, B)
        assert res.complete and not res.degenerate
        g = qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))   # quantecon stores B transposed
        ref = sorted(np.round(np.concatenate(e), 10).tolist() for e in qe.vertex_enumeration(g))
        mine = sorted(np.round(np.concatenate(e), 10).tolist() for e in res.equilibria)
        assert len(ref) == len(mine)
        assert np.allclose(ref, mine, atol=1e-8)
        checked += 1
    return checked


def test_equal_to_quantecon_vertex_enumeration_on_float_games():
    assert _check_against_quantecon(20, seed=5) == 20


@pytest.mark.slow
def test_equal_to_quantecon_vertex_enumeration_many():
    assert _check_against_quantecon(1000, seed=6) == 1000


def test_nashpy_support_enumeration_misses_equilibria_we_find():
    nash = pytest.importorskip("nashpy")
    # a nondegenerate integer game (found by a random search): gambit and we find 7 equilibria,
    # nashpy's support enumeration (float equality tests) returns fewer.
    A = np.array([[8, 6, 5, 2], [3, 0, 0, 0], [1, 8, 6, 9], [5, 6, 9, 7]])
    B = np.array([[6, 5, 5, 9], [2, 8, 6, 0], [3, 8, 5, 0], [7, 7, 8, 1]])
    mine, res = ours(A, B)
    assert not res.degenerate
    assert mine == gambit_equilibria(A, B) and len(mine) == 7
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = list(nash.Game(A, B).support_enumeration())
    assert len(found) < 7
    found_set = {tuple(np.round(np.concatenate(e), 9)) for e in found}
    mine_float = {tuple(np.round(np.array([float(v) for v in (*x, *y)]), 9)) for x, y in mine}
    assert found_set < mine_float   # what nashpy finds is right, it just misses some
