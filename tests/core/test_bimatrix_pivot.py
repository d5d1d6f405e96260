"""The compiled vertex walk of the lean float path (``_pivot``) against the numpy path (the reference).

The numpy path (every basis solved, or qhull's vertices, checked and certified) is the
reference: with the walk loaded, :func:`enumerate_equilibria` must give the same answer bit for
bit on every game (only ``method`` may differ), and the walk must decline whatever it cannot
certify. Independent checks: a polytope's vertices by hand, the walk's vertex keys against the
numpy path's on random polytopes, and quantecon's equilibrium counts.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("numba")

from gametheory.core.bimatrix import _fast, _pivot, enumerate_equilibria, warm_up  # noqa: E402


@pytest.fixture
def walk(monkeypatch):
    """The compiled kernels, loaded for this test only (conftest's fixture unloads them after)."""
    monkeypatch.setattr(_pivot, "enabled", True)
    assert warm_up() is True
    return _pivot._kernels


def _numpy_answer(A, B, monkeypatch):
    with monkeypatch.context() as mp:
        mp.setattr(_pivot, "enabled", False)
        return enumerate_equilibria(A, B)


def _same(a, b):
    assert len(a) == len(b) and a.vertex_pairs == b.vertex_pairs
    for (x, y), (u, v) in zip(a.equilibria, b.equilibria):
        assert x.tobytes() == u.tobytes() and y.tobytes() == v.tobytes()
    assert a.payoffs == b.payoffs and a.max_deviation_gain == b.max_deviation_gain
    assert (a.complete, a.degenerate, a.exact, a.message) == (b.complete, b.degenerate, b.exact, b.message)
    assert [repr(c) for c in a.components] == [repr(c) for c in b.components]
    assert [p.tobytes() for p in a.row_vertices] == [p.tobytes() for p in b.row_vertices]
    assert [p.tobytes() for p in a.column_vertices] == [p.tobytes() for p in b.column_vertices]


def _games(rng, count, largest):
    """Random games of every kind the lean path meets: generic, badly scaled, integer-valued (degenerate),
    nearly equal columns or rows, two-decimal payoffs."""
    for trial in range(count):
        m, n = (int(v) for v in rng.integers(1, largest + 1, 2))
        kind = trial % 6
        if kind == 0:
            A, B = rng.random((m, n)), rng.random((m, n))
        elif kind == 1:
            A, B = rng.normal(size=(m, n)) * 1e3, rng.normal(size=(m, n)) * 1e-3
        elif kind == 2:
            A, B = rng.integers(0, 5, (m, n)).astype(float), rng.integers(0, 5, (m, n)).astype(float)
        elif kind == 3:
            A, B = rng.random((m, n)), rng.random((m, n))
            A[:, 0] = A[:, -1] + 1e-12 * rng.random(m)
        elif kind == 4:
            A, B = np.round(rng.random((m, n)), 2), np.round(rng.random((m, n)), 2)
        else:
            A, B = rng.random((m, n)), rng.random((m, n))
            B[0] = B[-1] * (1 + 1e-8 * rng.random())
        yield A, B


@pytest.mark.parametrize("seed", range(2))
def test_the_walk_gives_the_numpy_paths_answer_bit_for_bit(seed, walk, monkeypatch):
    walked = 0
    for A, B in _games(np.random.default_rng(seed), 300, 9):
        res = enumerate_equilibria(A, B)
        walked += "compiled pivoting walk" in res.method
        _same(res, _numpy_answer(A, B, monkeypatch))
    assert walked >= 200   # the walk answers the generic games (about 250 of 300 here)


def test_square_games_above_the_batch_limit_and_rectangular_ones(walk, monkeypatch):
    # 10 x 10 and 11 x 11 (the numpy path solves P and Q apart and orders them apart), 4 x 12, 12 x 3
    rng = np.random.default_rng(3)
    for m, n in [(10, 10), (11, 11), (4, 12), (12, 3)]:
        A, B = rng.random((m, n)), rng.random((m, n))
        res = enumerate_equilibria(A, B)
        assert "compiled pivoting walk" in res.method
        _same(res, _numpy_answer(A, B, monkeypatch))


@given(st.integers(1, 6), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_any_float_game_same_answer_with_or_without_the_walk(m, n, seed):
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(m, n)), rng.normal(size=(m, n))
    before = _pivot.enabled
    _pivot.enabled = True
    try:
        assert warm_up()
        walked = enumerate_equilibria(A, B)
        _pivot.enabled = False
        _same(walked, enumerate_equilibria(A, B))
    finally:
        _pivot.enabled = before


def test_vertices_of_a_small_polytope_by_hand(walk):
    # P = {z >= 0 : z1 + 2 z2 <= 1, 2 z1 + z2 <= 1}: rows 0, 1 are z1 >= 0, z2 >= 0, rows 2, 3 the
    # two sums. Vertices: the origin {0, 1}; (1/2, 0) = {1, 3}; (0, 1/2) = {0, 2}; (1/3, 1/3) = {2, 3}
    M = np.array([[1.0, 2.0], [2.0, 1.0]])     # column c of M is row 2 + c's coefficients
    status, keys, _, _ = walk._walk(M, 1e-8, 100, 1e4)
    assert status == walk.OK
    assert sorted(int(k) for k in keys) == sorted([0b0011, 0b1010, 0b0101, 0b1100])
    assert int(keys[0]) == 0b0011   # the origin first


@pytest.mark.parametrize("k", [3, 5, 7])
def test_the_walks_vertices_are_the_numpy_paths(k, walk):
    # independent method: every basis solved (k = 3) or qhull's facets of the polar dual (k = 5, 7)
    rng = np.random.default_rng(k)
    for _ in range(5):
        M = rng.random((k, k)) + 1.0
        status, keys, _, _ = walk._walk(M, 1e-8, 10**5, 1e4)
        assert status == walk.OK
        reference = _fast._polytope(M, 1e-9)[2]       # the numpy path's keys, origin left out
        assert sorted(int(v) for v in keys[1:]) == sorted(int(v) for v in reference)


def test_the_walk_declines_degenerate_ill_conditioned_and_huge_polytopes(walk):
    # two equal columns: the vertex where one is tight has both tight (degenerate)
    M = np.array([[1.0, 1.5, 1.5], [2.0, 1.2, 1.2]])
    assert walk._walk(M, 1e-8, 100, 1e4)[0] == walk.DEGENERATE
    # two nearly parallel rows: the vertex where both meet has a huge basis inverse
    M = np.array([[1.0, 1.0 + 1e-6], [2.0, 2.0 - 1e-6]])
    assert walk._walk(M, 1e-12, 100, 1e4)[0] == walk.ILL_CONDITIONED
    # more vertices than allowed (a 6 x 6 polytope has dozens)
    M = np.random.default_rng(0).random((6, 6)) + 1.0
    assert walk._walk(M, 1e-8, 5, 1e4)[0] == walk.TOO_MANY
    # an unbounded edge (a zero column: z2 is free along its edge)
    M = np.array([[1.0, 2.0], [0.0, 0.0]])
    assert walk._walk(M, 1e-8, 100, 1e4)[0] == walk.UNBOUNDED


def test_declined_games_are_answered_by_the_numpy_path(walk, monkeypatch):
    A = np.array([[3.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    B = np.array([[2.0, 0.0], [0.0, 3.0], [1.0, 1.5]])
    assert "compiled pivoting walk" in enumerate_equilibria(A, B).method
    # an even count (tolerance trouble: a nondegenerate game has an odd number) is declined
    real = walk.equilibrium_keys

    def one_less(*args):
        status, rows_p, rows_q, vp, vq = real(*args)
        return status, rows_p[1:], rows_q[1:], vp, vq

    with monkeypatch.context() as mp:
        mp.setattr(walk, "equilibrium_keys", one_less)
        res = enumerate_equilibria(A, B)
    assert "all bases, nondegenerate" in res.method
    _same(res, _numpy_answer(A, B, monkeypatch))
    # so is a walk over more vertices than allowed
    monkeypatch.setattr(_pivot, "LIMIT", 1)
    res = enumerate_equilibria(A, B)
    assert "all bases, nondegenerate" in res.method
    _same(res, _numpy_answer(A, B, monkeypatch))


def test_pivot_rows_declines_games_too_large_for_its_keys(walk):
    MP = np.array([[1.0, 2.0], [2.0, 1.0]])
    assert _pivot.pivot_rows(walk, MP, MP.T.copy(), 1e-9) is not None
    # a game with m + n above MAX_ROWS is left to numpy
    big = np.ones((40, 30)) + np.random.default_rng(0).random((40, 30))
    assert _pivot.pivot_rows(walk, big, big.T.copy(), 1e-9) is None


def test_the_walk_loads_itself_after_its_warm_up_in_numpy_work(monkeypatch):
    monkeypatch.setattr(_pivot, "enabled", True)
    monkeypatch.setattr(_pivot, "automatic", True)
    monkeypatch.setattr(_pivot, "_spent", 0.0)
    assert _pivot.kernel() is None                     # a single small game never pays the warm-up
    _pivot.charge(_pivot.WARM_UP)
    assert _pivot.kernel() is not None                 # the numpy path has spent as much: load
    monkeypatch.setattr(_pivot, "enabled", False)      # GAMETHEORY_PURE=1
    assert _pivot.kernel() is None and warm_up() is False


def test_quantecon_counts_agree_with_the_walk(walk):
    qgt = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(11)
    for k in (3, 6, 9):
        A, B = rng.random((k, k)), rng.random((k, k))
        res = enumerate_equilibria(A, B)
        assert "compiled pivoting walk" in res.method
        theirs = qgt.vertex_enumeration(qgt.NormalFormGame((qgt.Player(A), qgt.Player(B.T))))
        assert len(res) == len(theirs)
        ours = sorted((tuple(np.round(x, 9)), tuple(np.round(y, 9))) for x, y in res.equilibria)
        assert ours == sorted((tuple(np.round(x, 9)), tuple(np.round(y, 9))) for x, y in theirs)
