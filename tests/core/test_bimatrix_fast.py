"""The lean float path of enumerate_equilibria against the general path (the reference).

The general path (qhull + adjacency walk + degenerate-vertex handling) is the reference; the lean
path must give bit-identical answers on every nondegenerate float game and hand every degenerate
one back to it. Independent checks: every returned profile is verified by brute force (no pure
deviation gains more than 1e-9 after scaling), and the equilibrium count of a nondegenerate game is
odd (Shapley 1974's index theorem).
"""

from __future__ import annotations

import numpy as np
import pytest

import gametheory.core.bimatrix as bm
from gametheory.core.bimatrix import enumerate_equilibria
from gametheory.core.bimatrix._fast import fast_float_equilibria


def _general(A, B, monkeypatch):
    with monkeypatch.context() as mp:
        mp.setattr(bm, "_FAST", False)
        return enumerate_equilibria(A, B)


def _same(a, b):
    assert len(a) == len(b)
    assert a.vertex_pairs == b.vertex_pairs
    for (x, y), (u, v) in zip(a.equilibria, b.equilibria):
        assert np.array_equal(x, u) and np.array_equal(y, v)
    assert a.payoffs == b.payoffs and a.max_deviation_gain == b.max_deviation_gain
    assert (a.complete, a.degenerate, a.exact) == (b.complete, b.degenerate, b.exact)
    assert [repr(c) for c in a.components] == [repr(c) for c in b.components]
    assert all(np.array_equal(p, q) for p, q in zip(a.row_vertices, b.row_vertices))
    assert all(np.array_equal(p, q) for p, q in zip(a.column_vertices, b.column_vertices))


@pytest.mark.parametrize("seed", range(3))
def test_lean_path_identical_to_general_path(seed, monkeypatch):
    rng = np.random.default_rng(seed)
    lean = 0
    for m in range(1, 8):
        for n in range(1, 8):
            A, B = rng.random((m, n)), rng.random((m, n))
            if seed == 2:  # other scales and signs
                A, B = rng.normal(size=(m, n)) * 1e3, rng.normal(size=(m, n)) * 1e-3
            res = enumerate_equilibria(A, B)
            lean += "nondegenerate" in res.method
            _same(res, _general(A, B, monkeypatch))
            if "nondegenerate" in res.method:
                assert len(res) % 2 == 1  # index theorem
                for x, y in res.equilibria:  # brute-force verification on the original payoffs
                    assert (A @ y).max() - x @ A @ y <= 1e-9 * max(1, np.ptp(A))
                    assert (x @ B).max() - x @ B @ y <= 1e-9 * max(1, np.ptp(B))
                    assert x.flags.writeable is False and y.flags.writeable is False
    assert lean >= 40  # the lean path is the one taken on generic games


def test_qhull_branch_identical(monkeypatch, general_path):
    rng = np.random.default_rng(7)
    for m, n in [(6, 6), (7, 7), (5, 9), (8, 8)]:  # more than BASIS_LIMIT bases: qhull vertices
        A, B = rng.random((m, n)), rng.random((m, n))
        res = enumerate_equilibria(A, B)
        assert "qhull, nondegenerate" in res.method
        _same(res, _general(A, B, monkeypatch))


def test_degenerate_games_go_to_the_general_path(monkeypatch):
    rng = np.random.default_rng(5)
    # identical columns, integer-valued floats (ties), a constant matrix: all degenerate or special
    games = [(np.array([[1.0, 1.0], [0.0, 0.0]]), np.array([[1.0, 1.0], [2.0, 2.0]])),
             (np.ones((3, 3)), rng.random((3, 3)))]
    games += [(rng.integers(0, 3, (4, 4)).astype(float), rng.integers(0, 3, (4, 4)).astype(float))
              for _ in range(20)]
    for A, B in games:
        res = enumerate_equilibria(A, B)
        _same(res, _general(A, B, monkeypatch))
        if res.degenerate:
            assert fast_float_equilibria(A, B, 1e-9) is None


def test_budget_or_non_float_input_uses_the_general_path():
    A = np.array([[3.0, 0.0], [0.0, 2.0]])
    B = np.array([[2.0, 0.0], [0.0, 3.0]])
    assert "nondegenerate" in enumerate_equilibria(A, B).method
    assert "nondegenerate" not in enumerate_equilibria(A, B, time_limit=10).method
    assert "nondegenerate" not in enumerate_equilibria(A.tolist(), B.tolist()).method
    assert len(enumerate_equilibria(A, B)) == 3


def test_pure_strategy_ties_skip_the_lean_path(monkeypatch):
    # Column 0 of A has its maximum 9 twice: against the pure column 0 the row player has two
    # pure best responses (support size 1, two best responses), so the game is degenerate by
    # definition; the lean path declines before building a hull, and the general path reports it.
    rng = np.random.default_rng(3)
    A, B = rng.random((6, 6)), rng.random((6, 6))
    A[1, 0] = A[4, 0] = 9.0
    assert bm._fast._pure_ties(A, B)
    assert fast_float_equilibria(A, B, 1e-9) is None
    res = enumerate_equilibria(A, B)
    assert res.degenerate and "nondegenerate" not in res.method
    _same(res, _general(A, B, monkeypatch))
    # the same for a tie at a row maximum of B (the column player's best responses to a pure row)
    A2, B2 = rng.random((6, 6)), rng.random((6, 6))
    B2[2, 1] = B2[2, 5] = 9.0
    assert bm._fast._pure_ties(A2, B2)
    assert enumerate_equilibria(A2, B2).degenerate
    # generic games have no such tie
    assert not bm._fast._pure_ties(rng.random((6, 6)), rng.random((6, 6)))


def test_serial_matmul_matches_the_product_and_stays_in_blocks():
    from gametheory.core.bimatrix._blas import SERIAL_WORK, serial_matmul

    rng = np.random.default_rng(0)
    for V, d, k in [(0, 3, 4), (5, 3, 4), (20_000, 12, 12), (9_999, 15, 1)]:
        P, M = rng.random((V, d)), rng.random((d, k))
        out = serial_matmul(P, M)
        assert out.shape == (V, k)
        np.testing.assert_allclose(out, P @ M, rtol=1e-13, atol=0)
    assert SERIAL_WORK < 65536 * 4   # below OpenBLAS's default threading threshold


def test_strategy_order_is_descending_lexicographic_on_rounded_coordinates():
    from gametheory.core.bimatrix._fast import strategy_order

    X = np.array([[0.2, 0.8], [0.5, 0.5], [0.5 + 1e-14, 0.5 - 1e-14], [1.0, 0.0], [0.2, 0.8]])
    # rounded to 12 decimals rows 1 and 2 coincide (kept in their order), rows 0 and 4 too
    assert strategy_order(X).tolist() == [3, 1, 2, 0, 4]
    assert strategy_order(X[:1]).tolist() == [0]
    assert strategy_order(X[:0]).tolist() == []


def test_an_even_equilibrium_count_goes_to_the_general_path(monkeypatch, general_path):
    # A nondegenerate game has an odd number of equilibria (Shapley 1974); the lean path treats an
    # even count as tolerance trouble. Simulate a lost equilibrium by dropping one join result.
    A = np.array([[3.0, 0.0], [0.0, 2.0]])
    B = np.array([[2.0, 0.0], [0.0, 3.0]])
    assert len(fast_float_equilibria(A, B, 1e-9)["equilibria"]) == 3
    real_join = bm._fast._join

    def lossy(*args):
        a, b = real_join(*args)
        return a[1:], b[1:]

    monkeypatch.setattr(bm._fast, "_join", lossy)
    assert fast_float_equilibria(A, B, 1e-9) is None
    assert len(enumerate_equilibria(A, B)) == 3   # the general path finds all three


def _hull_without(points, drop):
    """qhull's output with one facet (polytope vertex) removed: what an incomplete list looks like."""
    from scipy.spatial import ConvexHull

    hull = ConvexHull(points)
    keep = np.arange(len(hull.equations)) != drop
    remap = np.cumsum(keep) - 1
    nbrs = hull.neighbors[keep]
    # facets that bordered the dropped one now point at facet 0, which lacks their edge
    return hull.equations[keep], hull.simplices[keep], np.where(nbrs == drop, 0 if drop else 1, remap[nbrs])


def test_qhull_certificate_rejects_an_incomplete_vertex_list(monkeypatch):
    # The neighbour certificate must notice a missing vertex: remove each facet in turn from
    # qhull's answer; the lean path must decline (None) every time, and the game still solves.
    rng = np.random.default_rng(11)
    M = rng.random((6, 6)) + 1.0                     # payoffs on [1, 2], as after the scaling
    complete = bm._fast._polytope(M, 1e-9)
    assert complete is not None and not complete[4]   # the qhull branch, certified
    n_facets = len(complete[0]) + 1                   # + the origin
    for drop in range(n_facets):
        monkeypatch.setattr(bm._fast, "hull_facets", lambda pts, drop=drop: _hull_without(pts, drop))
        assert bm._fast._polytope(M, 1e-9) is None, drop


def test_qhull_failure_hands_the_game_to_the_general_path(monkeypatch, general_path):
    def broken(points):
        raise RuntimeError("QH6154 qhull precision error")

    rng = np.random.default_rng(12)
    A, B = rng.random((6, 6)), rng.random((6, 6))
    expected = enumerate_equilibria(A, B)
    monkeypatch.setattr(bm._fast, "hull_facets", broken)
    assert fast_float_equilibria(A, B, 1e-9) is None
    res = enumerate_equilibria(A, B)                  # the general path's own qhull is untouched
    assert "nondegenerate" not in res.method and len(res) == len(expected)


def _same_dict(a, b):
    assert (a is None) == (b is None)
    if a is None:
        return
    assert a.keys() == b.keys()
    for key in a:
        if key == "equilibria":
            assert all(np.array_equal(x, u) and np.array_equal(y, v) for (x, y), (u, v) in zip(a[key], b[key]))
        elif key in ("row_vertices", "column_vertices"):
            assert len(a[key]) == len(b[key]) and all(np.array_equal(x, u) for x, u in zip(a[key], b[key]))
        else:
            assert a[key] == b[key]


def test_square_games_batched_like_one_polytope_at_a_time(monkeypatch):
    # square games up to STACK_LIMIT solve P and Q as one batch (bases, slacks, certificates,
    # strategies, order); the answer must be the one of the polytopes taken one at a time
    rng = np.random.default_rng(21)
    games = [(rng.random((k, k)), rng.random((k, k))) for k in (1, 2, 3, 4, 5, 6) for _ in range(15)]
    games += [(rng.integers(0, 3, (4, 4)).astype(float), rng.integers(0, 3, (4, 4)).astype(float)) for _ in range(10)]
    batched = [fast_float_equilibria(A, B, 1e-9) for A, B in games]
    assert sum(r is not None for r in batched) >= 70   # of 90 generic games
    monkeypatch.setattr(bm._fast, "STACK_LIMIT", 0)
    for (A, B), res in zip(games, batched):
        _same_dict(res, fast_float_equilibria(A, B, 1e-9))
