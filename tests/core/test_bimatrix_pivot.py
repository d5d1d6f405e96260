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
    monkeypatch.setattr(_pivot, "_kernels", None)       # not loaded yet (even under GAMETHEORY_TEST_WALKS=1)
    monkeypatch.setattr(_pivot, "_tried", False)
    monkeypatch.setattr(_pivot, "enabled", True)
    monkeypatch.setattr(_pivot, "automatic", True)
    monkeypatch.setattr(_pivot, "_spent", 0.0)
    assert _pivot.kernel() is None                     # a single small game never pays the warm-up
    _pivot.charge(_pivot.WARM_UP)
    assert _pivot.kernel() is not None                 # the numpy path has spent as much: load
    monkeypatch.setattr(_pivot, "enabled", False)      # GAMETHEORY_PURE=1
    assert _pivot.kernel() is None and warm_up() is False


def test_float_and_exact_work_counts_towards_the_warm_up(monkeypatch):
    monkeypatch.setattr(_pivot, "_kernels", None)       # not loaded (even under GAMETHEORY_TEST_WALKS=1)
    monkeypatch.setattr(_pivot, "_tried", False)
    monkeypatch.setattr(_pivot, "_spent", 0.0)
    enumerate_equilibria(np.array([[3.0, 0.0], [0.0, 2.0]]), np.array([[2.0, 0.0], [0.0, 3.0]]))  # lean path
    lean = _pivot._spent
    assert lean > 0.0
    A = np.array([[3.0, 3.0], [2.0, 5.0], [0.0, 6.0]])    # degenerate: the general path
    B = np.array([[3.0, 3.0], [2.0, 6.0], [3.0, 1.0]])
    enumerate_equilibria(A, B)
    assert _pivot._spent > lean
    spent = _pivot._spent
    enumerate_equilibria(A.astype(int), B.astype(int))     # exact games too (the exact walk takes them over)
    assert _pivot._spent > spent
    spent = _pivot._spent
    enumerate_equilibria(A, B, time_limit=10.0)            # not games with a budget
    enumerate_equilibria(A.astype(int), B.astype(int), budget=10.0)
    assert _pivot._spent == spent


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


# ------------------------------------------------------------------ the walk over all bases (degenerate games)
def _degenerate_games(rng, count, largest):
    """Integer-valued float games (ties everywhere), one-decimal payoffs, games with equal rows and
    columns, and integer games with some payoffs moved by 1e-11 to 3e-8 (slacks near ``tol``)."""
    for trial in range(count):
        m, n = (int(v) for v in rng.integers(1, largest + 1, 2))
        kind = trial % 5
        if kind == 0:
            A, B = rng.integers(0, 10, (m, n)).astype(float), rng.integers(0, 10, (m, n)).astype(float)
        elif kind == 1:
            A, B = rng.integers(0, 3, (m, n)).astype(float), rng.integers(0, 3, (m, n)).astype(float)
        elif kind == 2:
            A, B = np.round(rng.random((m, n)), 1), np.round(rng.random((m, n)), 1)
        elif kind == 3:
            A, B = rng.random((m, n)), rng.random((m, n))
            A[:, 0], B[0] = A[:, -1], B[-1]
        else:
            A, B = rng.integers(0, 4, (m, n)).astype(float), rng.integers(0, 4, (m, n)).astype(float)
            for M in (A, B):
                M += (rng.random((m, n)) < 0.3) * rng.choice([-3.0, 3.0], (m, n)) * 10.0 ** rng.uniform(-11.5, -8)
        yield A, B


@pytest.mark.parametrize("seed", range(2))
def test_the_walk_over_all_bases_gives_the_general_paths_answer_bit_for_bit(seed, walk, monkeypatch):
    walked = 0
    for A, B in _degenerate_games(np.random.default_rng(100 + seed), 250, 8):
        res = enumerate_equilibria(A, B)
        walked += "compiled walk over all bases" in res.method
        _same(res, _numpy_answer(A, B, monkeypatch))
    assert walked >= 60    # the integer games (the generic ones take the walk of nondegenerate games)


def test_a_degenerate_game_by_hand(walk, monkeypatch):
    # von Stengel (2002, Handbook of Game Theory 3, ch. 45), the degenerate 3 x 2 game:
    # x = e1 makes the column player indifferent (B's row 0 is (3, 3)); against y = (q, 1 - q) the
    # rows pay 3, 5 - 3q, 6 - 6q, so e1 is a best response iff q >= 2/3: a component of equilibria
    # from (e1, (1, 0)) to (e1, (2/3, 1/3)). And y = (1/3, 2/3) ties rows 1 and 2 at 4 > 3, where
    # x = (0, p, 1 - p) makes the columns pay 3 - p = 1 + 5p: p = 1/3.
    A = np.array([[3.0, 3.0], [2.0, 5.0], [0.0, 6.0]])
    B = np.array([[3.0, 3.0], [2.0, 6.0], [3.0, 1.0]])
    res = enumerate_equilibria(A, B)
    assert "compiled walk over all bases" in res.method and res.degenerate and res.complete
    expected = [((1, 0, 0), (1, 0)), ((1, 0, 0), (2 / 3, 1 / 3)), ((0, 1 / 3, 2 / 3), (1 / 3, 2 / 3))]
    got = sorted((tuple(np.round(x, 12)), tuple(np.round(y, 12))) for x, y in res.equilibria)
    assert got == sorted((tuple(np.round(x, 12)), tuple(np.round(y, 12))) for x, y in expected)
    assert sorted(len(c.equilibria) for c in res.components) == [1, 2]
    _same(res, _numpy_answer(A, B, monkeypatch))


def test_near_tolerance_games_are_left_to_the_general_path(walk, monkeypatch):
    # x = (1 - 3e-9, 3e-9) against y = (1/2, 1/2) is an equilibrium (the column player's payoffs
    # differ by 3e-9 in row 0): a slack of a few tol. Rounding it to zero would merge that vertex
    # with its neighbour and lose the equilibrium; the walk declines instead.
    A, B = np.array([[1.0, 2.0], [2.0, 1.0]]), np.array([[2.0, 2.0 + 3e-9], [1.0, 0.0]])
    res = enumerate_equilibria(A, B)
    assert "compiled" not in res.method and len(res) == 4
    _same(res, _numpy_answer(A, B, monkeypatch))
    # below MIN_TOL rounding is not clearly below tol: numpy answers
    A, B = np.array([[0.65, 0.69, 0.39], [0.14, 0.72, 0.53]]), np.array([[0.31, 0.49, 0.89], [0.93, 0.36, 0.57]])
    assert "compiled" in enumerate_equilibria(A, B).method
    res = enumerate_equilibria(A, B, tol=1e-16)
    assert "compiled" not in res.method
    with monkeypatch.context() as mp:
        mp.setattr(_pivot, "enabled", False)
        _same(res, enumerate_equilibria(A, B, tol=1e-16))


@pytest.mark.parametrize("seed", range(3))
def test_the_walk_visits_every_feasible_basis(seed, walk):
    # independent method: every d-subset of the rows solved (numpy), kept when nonsingular and
    # feasible; degenerate polytopes (small integer payoffs) have several bases per vertex
    from itertools import combinations

    from gametheory.core.bimatrix._input import unit_scale

    rng = np.random.default_rng(seed)
    for _ in range(8):
        d, k = (int(v) for v in rng.integers(2, 5, 2))
        M = np.ascontiguousarray(unit_scale(rng.integers(0, 3, (d, k)).astype(float)))
        if len({tuple(c) for c in M.T}) < k:
            continue                                     # equal columns: the general path merges them
        G = np.vstack([-np.eye(d), M.T])
        h = np.concatenate([np.zeros(d), np.ones(k)])
        bases, vertices = 0, set()
        for rows in combinations(range(d + k), d):
            if abs(np.linalg.det(G[list(rows)])) < 1e-9:
                continue
            z = np.linalg.solve(G[list(rows)], h[list(rows)])
            slack = h - G @ z
            if slack.min() >= -1e-9:
                bases += 1
                vertices.add(sum(1 << r for r in np.flatnonzero(np.abs(slack) <= 1e-9).tolist()))
        status, keys, visited = walk.walk_bases(M, _pivot.SNAP, 1e-8, 10**5, 1e4)
        assert status == walk.OK
        assert visited == bases and {int(v) for v in keys} == vertices


def test_the_walks_stop_within_their_limits(walk):
    # a 24 x 24 game has far more vertices than the limit allows: the walk declines in bounded
    # time and memory (it cannot be interrupted), and the numpy path would take over
    import time

    rng = np.random.default_rng(0)
    k = 24
    assert _pivot.limit(k, k) * 8 * (k * k + 3 * k + 1) <= _pivot.BYTES
    walk.walk_bases_exact(np.ones((1, 1), dtype=np.int64), 10)   # compiled at its first call: not timed
    start = time.process_time()
    assert _pivot.pivot_rows(walk, rng.random((k, k)) + 1.0, rng.random((k, k)) + 1.0, 1e-9) is None
    M = np.ascontiguousarray((rng.integers(0, 2, (k, k)) + 1).astype(float))
    assert _pivot.walked_polytope(walk, M, tuple(range(k)), tuple(range(k, 2 * k)), 2 * k, 1e-9) is None
    Mi = (rng.integers(1, 11, (k, k))).tolist()               # the exact walk too (128-bit products)
    assert _pivot.exact_walked_polytope(walk, Mi, tuple(range(k)), tuple(range(k, 2 * k)), 2 * k) is None
    assert _pivot.limit(k, k, 1 + 2 * (k + 1)) * 8 * (k * k + 3 * k + 2 + 2 * (k + 1)) <= _pivot.BYTES
    assert time.process_time() - start < 5.0


def test_payoff_noise_below_the_snapping_threshold_is_left_to_the_general_path(walk, monkeypatch):
    # a 0/1 game with noise of ~1e-13 (a second referee's game): snapping the noise to zero would
    # read nearly parallel rows as parallel and lose the vertex where they cross (5 equilibria
    # instead of 6); such payoffs are not whole numbers, so the general path answers
    A = np.array([[6.97886624517749e-14, 2.1349683907505467e-13, 0.9999999999999993],
                  [0.9999999999995273, -4.0213698198244775e-13, 0.9999999999999662],
                  [2.0801618177079986e-13, 1.0000000000000457, 0.9999999999997948]])
    B = np.array([[1.0000000000000713, 1.0000000000001923, 0.9999999999998076],
                  [0.9999999999996986, -1.201719128291098e-13, 1.6032643562932804e-13],
                  [1.6172013026850854e-13, -1.2842388734093704e-13, 3.475881128366934e-14]])
    res = enumerate_equilibria(A, B)
    assert "compiled walk over all bases" not in res.method and len(res) == 6
    _same(res, _numpy_answer(A, B, monkeypatch))
    # whole numbers and halves are walked; the same game rounded is whole
    assert "compiled walk over all bases" in enumerate_equilibria(np.round(A), np.round(B)).method
    assert _pivot.whole(np.array([[0.5, -3.0], [2.0**-20, 1e6]]))
    assert not any(_pivot.whole(np.array([v])) for v in (0.1, 2.0**-21, 2.0**30, np.nan, np.inf))
    assert not _pivot.whole(np.array([1e308, -1.7e308]))   # no overflow warning from scaling (warnings are errors here)


def test_a_degenerate_vertex_by_hand(walk):
    # P = {z >= 0 : z1 + z2 <= 1, z1 + z2 / 2 <= 1}: rows 0, 1 are z1, z2 >= 0, rows 2, 3 the
    # sums (column c of M holds row 2 + c's coefficients). Vertices: the origin {0, 1}; (0, 1) =
    # {0, 2} (row 3 is 1/2 there); (1, 0) = {1, 2, 3}, degenerate, with the three bases {1, 2},
    # {1, 3}, {2, 3}: five bases in all.
    M = np.array([[1.0, 1.0], [1.0, 0.5]])
    status, vertices, bases = walk.walk_bases(M, 1e-12, 1e-8, 100, 1e4)
    assert status == walk.OK and bases == 5
    assert sorted(int(v) for v in vertices) == sorted([0b0011, 0b0101, 0b1110])


@pytest.mark.parametrize("k", [4, 6, 8])
def test_the_walks_vertices_are_the_general_paths(k, walk):
    # independent method: qhull's vertices, certified by the boundary or the adjacency walk
    from gametheory.core.bimatrix._input import unit_scale
    from gametheory.core.bimatrix._polytope import BestResponsePolytope

    rng = np.random.default_rng(k)
    for _ in range(6):
        B = rng.integers(0, 10, (k, k)).astype(float)
        B[:, 1] = B[:, 0]                                  # two equal columns: one merged row
        M = unit_scale(B)
        poly = BestResponsePolytope(M, None, list(range(k)), list(range(k, 2 * k)), 2 * k, 1e-9)
        poly.seed_qhull()
        assert poly.hull_certified or poly.close()
        walked = _pivot.walked_polytope(walk, M, tuple(range(k)), tuple(range(k, 2 * k)), 2 * k, 1e-9)
        assert walked is not None
        assert sorted(map(bytes, walked.labels)) == sorted(map(bytes, poly.label_matrix()))
        assert np.array_equal(walked.G, poly.G) and np.array_equal(walked.h, poly.h)


def test_complete_pairs_are_the_general_paths(walk):
    # independent method: the general path's label matching on the same label matrices
    from gametheory.core.bimatrix import _completely_labelled

    rng = np.random.default_rng(4)
    for A, B in _degenerate_games(rng, 60, 7):
        m, n = A.shape
        own, other = tuple(range(m)), tuple(range(m, m + n))
        from gametheory.core.bimatrix._input import unit_scale
        P = _pivot.walked_polytope(walk, unit_scale(B), own, other, m + n, 1e-9)
        Q = _pivot.walked_polytope(walk, unit_scale(A).T.copy(), other, own, m + n, 1e-9)
        if P is None or Q is None:
            continue
        status, pairs = walk.complete_pairs(P.label_keys, Q.label_keys, m, n, 10**9)
        expected, _ = _completely_labelled(P.labels, Q.labels, m, n)
        assert status == walk.OK and [tuple(p) for p in pairs.tolist()] == expected
        assert walk.complete_pairs(P.label_keys, Q.label_keys, m, n, -1)[0] == walk.TOO_MANY


def test_the_walk_over_all_bases_declines_what_it_cannot_decide(walk, monkeypatch):
    # a slack of 5e-9 at a vertex: neither tight (<= 1e-9) nor clearly slack (>= 1e-8)
    assert walk.walk_bases(np.array([[1.0, 1.0 + 5e-9]]), 1e-12, 1e-8, 100, 1e4)[0] == walk.UNCLEAR
    M = np.array([[1.0, 2.0], [0.0, 0.0]])               # z2 unbounded
    assert walk.walk_bases(M, 1e-12, 1e-8, 100, 1e4)[0] == walk.UNBOUNDED
    M = np.array([[1.0, 1.0 + 1e-6], [2.0, 2.0 - 1e-6]])   # nearly parallel rows: a huge inverse
    assert walk.walk_bases(M, 1e-12, 1e-11, 100, 1e4)[0] == walk.ILL_CONDITIONED
    M = np.array([[1.0, 2.0], [1.0, 1.0]])
    assert walk.walk_bases(M, 1e-12, 1e-8, 3, 1e4)[0] == walk.TOO_MANY
    # declined: the general path answers
    A, B = np.array([[3.0, 3.0], [2.0, 5.0], [0.0, 6.0]]), np.array([[3.0, 3.0], [2.0, 6.0], [3.0, 1.0]])
    monkeypatch.setattr(_pivot, "LIMIT", 2)
    res = enumerate_equilibria(A, B)
    assert "compiled" not in res.method
    _same(res, _numpy_answer(A, B, monkeypatch))


def test_memory_and_singular_systems_hand_the_game_back(walk, monkeypatch):
    # a walk that runs out of memory declines (numba raises MemoryError from its allocations)
    def no_memory(*args):
        raise MemoryError

    M = np.array([[1.0, 2.0], [2.0, 1.0]])
    with monkeypatch.context() as mp:
        mp.setattr(walk, "equilibrium_keys", no_memory)
        mp.setattr(walk, "walk_bases", no_memory)
        mp.setattr(walk, "walk_bases_exact", no_memory)
        assert _pivot.pivot_rows(walk, M, M.T.copy(), 1e-9) is None
        assert _pivot.walked_polytope(walk, M, (0, 1), (2, 3), 4, 1e-9) is None
        assert _pivot.exact_walked_polytope(walk, [[1, 2], [2, 1]], (0, 1), (2, 3), 4) is None
    # a singular tight system: no strategies (the caller hands the game to numpy or the general path)
    from gametheory.core.bimatrix import float_strategies

    G = np.array([[-1.0, 0.0], [0.0, -1.0], [1.0, 1.0], [2.0, 2.0]])   # rows 2 and 3 parallel
    rows = np.array([[2, 3]])
    assert _fast.strategies_from_rows(G[None], rows, np.zeros(1, dtype=np.intp)) is None
    tight = np.zeros((1, 4), dtype=bool)
    tight[0, [2, 3]] = True
    assert float_strategies(G, np.array([0.0, 0.0, 1.0, 1.0]), tight, None, 2, [0]) is None


def test_kernels_compile_in_memory_without_a_cache_directory(monkeypatch):
    # numba raises RuntimeError ("no locator available") at decoration when it finds no writable
    # cache directory; the kernels then compile without the disk cache
    calls = []

    def njit(signature=None, cache=False, **options):
        calls.append(cache)
        if cache:
            raise RuntimeError("cannot cache function: no locator available")
        return lambda func: func

    from gametheory.core.bimatrix import _pivot_kernels

    monkeypatch.setattr(_pivot_kernels, "njit", njit)
    double = _pivot_kernels._jit(inline="always")(lambda x: 2 * x)
    assert double(3) == 6 and calls == [True, False]


# ------------------------------------------------------------------ the exact walk (integer payoffs)
def _exact_general_answer(A, B, monkeypatch):
    """The general exact path's answer (the exact walk switched off)."""
    import gametheory.core.bimatrix as bimatrix

    with monkeypatch.context() as mp:
        mp.setattr(bimatrix, "_try_exact_walk", lambda *args: None)
        return enumerate_equilibria(A, B)


def _same_exact(a, b):
    """Exact answers equal field by field (Fractions compare exactly); only ``method`` may differ."""
    for field in ("equilibria", "payoffs", "max_deviation_gain", "complete", "degenerate", "exact",
                  "row_vertices", "column_vertices", "vertex_pairs", "message"):
        assert repr(getattr(a, field)) == repr(getattr(b, field)), field
    assert [repr(c) for c in a.components] == [repr(c) for c in b.components]


def _exact_vertices_by_brute_force(M):
    """Every feasible basis of {z >= 0 : M^T z <= 1} solved exactly (independent method):
    (number of feasible bases, {tight-row key: exact point})."""
    from fractions import Fraction
    from itertools import combinations

    import sympy

    d, k = M.shape
    G = sympy.Matrix([[-1 if r == c else 0 for c in range(d)] for r in range(d)]
                     + [[int(M[i, c]) for i in range(d)] for c in range(k)])
    h = sympy.Matrix([0] * d + [1] * k)
    bases, vertices = 0, {}
    for rows in combinations(range(d + k), d):
        sub = G.extract(list(rows), list(range(d)))
        if sub.det() == 0:
            continue
        z = sub.LUsolve(h.extract(list(rows), [0]))
        slack = h - G * z
        if min(slack) >= 0:
            bases += 1
            key = sum(1 << r for r in range(d + k) if slack[r] == 0)
            vertices[key] = tuple(Fraction(int(v.p), int(v.q)) for v in z)
    return bases, vertices


def test_an_exact_degenerate_polytope_by_hand(walk):
    # P = {z >= 0 : z1 + z2 <= 1, 2 z1 <= 1, 2 z2 <= 1} (rows 0, 1: z >= 0; rows 2, 3, 4 the
    # columns of M). Vertices: the origin {0, 1}; (1/2, 0) = {1, 3}; (0, 1/2) = {0, 4}; and
    # (1/2, 1/2) = {2, 3, 4}, where all three column rows are tight: three bases (any two of
    # them), six feasible bases in all.
    from fractions import Fraction

    M = np.array([[1, 2, 0], [1, 0, 2]], dtype=np.int64)
    status, keys, points, bases = walk.walk_bases_exact(M, 100)
    assert status == walk.OK and bases == 6
    got = {int(key): tuple(Fraction(int(a), int(p[-1])) for a in p[:-1]) for key, p in zip(keys, points)}
    half = Fraction(1, 2)
    assert got == {0b00011: (0, 0), 0b01010: (half, 0), 0b10001: (0, half), 0b11100: (half, half)}
    assert all(p[-1] > 0 for p in points)                          # denominators positive


@pytest.mark.parametrize("seed", range(3))
def test_the_exact_walk_visits_every_feasible_basis_exactly(seed, walk):
    # independent method: every d-subset of the rows solved in sympy's rationals; small integer
    # payoffs make degenerate vertices with several bases. The float walk must agree too.
    from fractions import Fraction

    rng = np.random.default_rng(seed)
    checked = 0
    for _ in range(8):
        d, k = (int(v) for v in rng.integers(2, 5, 2))
        M = np.ascontiguousarray(rng.integers(1, 4, (d, k)), dtype=np.int64)
        status, keys, points, visited = walk.walk_bases_exact(M, 10**5)
        assert status == walk.OK
        bases, vertices = _exact_vertices_by_brute_force(M)
        assert visited == bases
        got = {int(key): tuple(Fraction(int(a), int(p[-1])) for a in p[:-1]) for key, p in zip(keys, points)}
        assert got == vertices
        if len({tuple(c) for c in M.T}) == k:         # the float walk (unit-scaled rows) sees the same bases
            from gametheory.core.bimatrix._input import unit_scale
            fstatus, fkeys, fvisited = walk.walk_bases(np.ascontiguousarray(unit_scale(M.astype(float))),
                                                       _pivot.SNAP, 1e-8, 10**5, 1e4)
            assert fstatus == walk.OK and fvisited == bases and {int(v) for v in fkeys} == set(vertices)
        checked += 1
    assert checked == 8


def test_the_exact_walk_in_128_bit_products_and_its_overflow_declines(walk, monkeypatch):
    # payoffs near 2^30: the 2 x 2 minors (dictionary entries) reach 2^60, their products 2^120:
    # the 128-bit path, checked against exact brute force (one large entry in a 3 x 3 polytope:
    # minors up to 2^36, products of two up to 2^72)
    from fractions import Fraction

    big = 2**30 + 7
    for M in (np.array([[big, 1], [3, big - 5]], dtype=np.int64),
              np.array([[big, 2, 5], [7, 9, 3], [1, 4, 6]], dtype=np.int64)):
        status, keys, points, visited = walk.walk_bases_exact(M, 1000)
        assert status == walk.OK
        bases, vertices = _exact_vertices_by_brute_force(M)
        assert visited == bases
        assert {int(key): tuple(Fraction(int(a), int(p[-1])) for a in p[:-1])
                for key, p in zip(keys, points)} == vertices
    # entries of the fraction-free dictionaries are minors of [M^T | I | 1]: with payoffs near
    # 2^61 the 2 x 2 minors reach 2^122 and the walk declines with OVERFLOW instead of wrapping
    huge = 2**61 + 7
    assert walk.walk_bases_exact(np.array([[huge, 1], [3, huge - 5]], dtype=np.int64), 100)[0] == walk.OVERFLOW
    assert walk.walk_bases_exact(np.array([[2**62, 1]], dtype=np.int64), 100)[0] == walk.OVERFLOW
    assert walk.walk_bases_exact(np.array([[1, 2], [1, 2]], dtype=np.int64), 2)[0] == walk.TOO_MANY
    assert walk.walk_bases_exact(np.array([[1, 2], [0, 0]], dtype=np.int64), 100)[0] == walk.UNBOUNDED
    # games: near 2^30 the walk answers, near 2^61 and beyond 2^62 the general exact path does,
    # all with the general path's answer
    for p in (big, huge, 10**19):
        A = [[p, 0], [5, p - 11]]
        B = [[p - 3, 2], [0, p]]
        res = enumerate_equilibria(A, B)
        assert res.exact and (("exact walk" in res.method) == (p == big))
        _same_exact(res, _exact_general_answer(A, B, monkeypatch))


@given(st.integers(-(2**62) + 1, 2**62 - 1), st.integers(-(2**62) + 1, 2**62 - 1),
       st.integers(-(2**62) + 1, 2**62 - 1), st.integers(-(2**62) + 1, 2**62 - 1),
       st.integers(1, 2**62 - 1), st.integers(0, 40))
def test_exact_quotient_and_product_order_are_pythons_integers(piv, a, f, c, odd, shift):
    # the kernel's 128-bit arithmetic against Python's unbounded integers: make the division
    # exact by dividing by a divisor of piv a - f c (its gcd with a random number times 2^shift)
    import math

    from gametheory.core.bimatrix import _pivot_kernels as K

    X = piv * a - f * c
    den = min(math.gcd(X, odd << shift) or 1, 2**62 - 1)
    if X % den:
        den = 1
    s, inv = K._odd_inverse(den)
    x, ok = K._exact_quotient(piv, a, f, c, den, np.uint64(s), np.uint64(inv))
    q = X // den
    assert ok == (abs(q) < 2**62) and (not ok or x == q)
    u, v, w, z = abs(piv), abs(a), abs(f), abs(c)
    assert K._product_order(u, v, w, z) == (u * v > w * z) - (u * v < w * z)
    assert K._product_order(u, v, v, u) == 0
    # small factors take the int64 fast path: the same answers
    assert K._exact_quotient(6, 7, 4, 3, 5, np.uint64(0), np.uint64(K._odd_inverse(5)[1])) == (6, True)


def test_exact_games_the_walk_cannot_take_go_to_the_general_path(walk, monkeypatch):
    # more rows than the walk's bit keys hold, and a label matching over its work budget: the
    # general exact path answers, with its own method
    assert _pivot.exact_walked_polytope(walk, [[1] * 40] * 30, tuple(range(30)), tuple(range(30, 70)), 70) is None
    A, B = [[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]

    def over_budget(*args):
        return walk.TOO_MANY, np.zeros((0, 2), dtype=np.int64)

    with monkeypatch.context() as mp:
        mp.setattr(walk, "complete_pairs", over_budget)
        res = enumerate_equilibria(A, B)
    assert "exact walk" not in res.method and res.exact and len(res) == 3
    _same_exact(res, _exact_general_answer(A, B, monkeypatch))


def test_an_exact_game_by_hand_through_the_walk(walk, monkeypatch):
    # the degenerate 3 x 2 game of test_a_degenerate_game_by_hand, in integers: the component from
    # (e1, (1, 0)) to (e1, (2/3, 1/3)) and the mixed equilibrium ((0, 1/3, 2/3), (1/3, 2/3)), exactly
    from fractions import Fraction as F

    A = [[3, 3], [2, 5], [0, 6]]
    B = [[3, 3], [2, 6], [3, 1]]
    res = enumerate_equilibria(A, B)
    assert "compiled exact walk" in res.method and res.exact and res.degenerate and res.complete
    got = sorted((tuple(x), tuple(y)) for x, y in res.equilibria)
    assert got == sorted([((1, 0, 0), (1, 0)), ((1, 0, 0), (F(2, 3), F(1, 3))),
                          ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))])
    assert res.max_deviation_gain == (0, 0, 0)                      # verified exactly
    _same_exact(res, _exact_general_answer(A, B, monkeypatch))


@pytest.mark.parametrize("seed", range(2))
def test_the_exact_walk_gives_the_general_exact_paths_answer(seed, walk, monkeypatch):
    # small integers (degenerate), larger ones, Fractions, negative payoffs and equal columns:
    # the exact walk's answer is the general exact path's field by field
    from fractions import Fraction

    rng = np.random.default_rng(300 + seed)
    walked = 0
    for trial in range(60):
        m, n = (int(v) for v in rng.integers(1, 7, 2))
        kind = trial % 4
        if kind == 0:
            A, B = rng.integers(0, 4, (m, n)), rng.integers(0, 4, (m, n))
        elif kind == 1:
            A, B = rng.integers(-50, 50, (m, n)), rng.integers(-50, 50, (m, n))
        elif kind == 2:
            A = [[Fraction(int(rng.integers(-9, 9)), int(rng.integers(1, 4))) for _ in range(n)] for _ in range(m)]
            B = [[Fraction(int(rng.integers(-9, 9)), int(rng.integers(1, 4))) for _ in range(n)] for _ in range(m)]
        else:
            A, B = rng.integers(0, 3, (m, n)), rng.integers(0, 3, (m, n))
            A[:, 0], B[:, 0] = A[:, -1], B[:, -1]
        res = enumerate_equilibria(A, B)
        walked += "compiled exact walk" in res.method
        _same_exact(res, _exact_general_answer(A, B, monkeypatch))
    assert walked >= 40


@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_any_integer_game_same_answer_with_or_without_the_exact_walk(m, n, seed):
    import gametheory.core.bimatrix as bimatrix

    rng = np.random.default_rng(seed)
    A, B = rng.integers(-3, 4, (m, n)), rng.integers(-3, 4, (m, n))
    enabled, tried, kernels = _pivot.enabled, _pivot._tried, _pivot._kernels
    try:
        _pivot.enabled = True
        assert warm_up() is True
        res = enumerate_equilibria(A, B)
        real = bimatrix._try_exact_walk
        bimatrix._try_exact_walk = lambda *args: None
        try:
            general = enumerate_equilibria(A, B)
        finally:
            bimatrix._try_exact_walk = real
    finally:
        _pivot.enabled, _pivot._tried, _pivot._kernels = enabled, tried, kernels
    _same_exact(res, general)
    for (x, y), gain in zip(res.equilibria, res.max_deviation_gain):   # every equilibrium verified exactly
        assert sum(x) == 1 and sum(y) == 1 and gain == 0
