"""Tests of gametheory.core.bimatrix.enumerate_equilibria.

Expected values come from hand derivations (written next to each test), the literature (Quint &
Shubik 1997 for coordination games; von Stengel 2002 for the degenerate example) and an
independent brute-force vertex enumeration written here (every basis of the best-response
polytopes solved in exact arithmetic, then all completely labelled pairs).
"""

from __future__ import annotations

from fractions import Fraction as F
from itertools import combinations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.params import DomainError
from gametheory.core.bimatrix import BimatrixEquilibria, enumerate_equilibria


def eqset(res):
    """Equilibria as a set of tuples (exact)."""
    return {(tuple(x), tuple(y)) for x, y in res.equilibria}


def fr(*vals):
    return tuple(F(v) for v in vals)


# ----------------------------------------------------------------------------- independent reference
def _solve(rows, rhs):
    """Exact Gauss-Jordan on Fractions; None when singular (square systems only)."""
    k = len(rows)
    a = [[F(v) for v in r] + [F(b)] for r, b in zip(rows, rhs)]
    for c in range(k):
        p = next((r for r in range(c, k) if a[r][c] != 0), None)
        if p is None:
            return None
        a[c], a[p] = a[p], a[c]
        for r in range(k):
            if r != c and a[r][c] != 0:
                f = a[r][c] / a[c][c]
                a[r] = [x - f * y for x, y in zip(a[r], a[c])]
    return [a[i][k] / a[i][i] for i in range(k)]


def brute_force_equilibria(A, B):
    """All extreme equilibria by brute force over bases (von Stengel 2002, §3.1).

    Vertices of P = {x >= 0, B'^T x <= 1} are the feasible solutions of m tight constraints
    among the m + n; likewise Q. A vertex pair is an equilibrium when its labels cover all.
    """
    A = [[F(v) for v in r] for r in A]
    B = [[F(v) for v in r] for r in B]
    m, n = len(A), len(A[0])
    shift = lambda M: [[v - min(min(r) for r in M) + 1 for v in r] for r in M]  # noqa: E731
    Ap, Bp = shift(A), shift(B)

    def vertices(M, d, k):  # polytope {z in R^d: z >= 0, sum_i M[i][c] z_i <= 1 for c < k}
        out = {}
        cons = [("zero", i) for i in range(d)] + [("col", c) for c in range(k)]
        for T in combinations(range(d + k), d):
            rows, rhs = [], []
            for t in T:
                kind, i = cons[t]
                rows.append([F(1) if j == i else F(0) for j in range(d)] if kind == "zero" else [M[j][i] for j in range(d)])
                rhs.append(0 if kind == "zero" else 1)
            z = _solve(rows, rhs)
            if z is None or any(v < 0 for v in z) or any(sum(M[j][c] * z[j] for j in range(d)) > 1 for c in range(k)):
                continue
            if all(v == 0 for v in z):
                continue
            out[tuple(z)] = None
        return list(out)

    Pv = vertices(Bp, m, n)
    Qv = vertices([list(col) for col in zip(*Ap)], n, m)
    result = set()
    for x in Pv:
        lx = {i for i in range(m) if x[i] == 0} | {m + j for j in range(n) if sum(Bp[i][j] * x[i] for i in range(m)) == 1}
        for y in Qv:
            ly = {m + j for j in range(n) if y[j] == 0} | {i for i in range(m) if sum(Ap[i][j] * y[j] for j in range(n)) == 1}
            if lx | ly == set(range(m + n)):
                result.add((tuple(v / sum(x) for v in x), tuple(v / sum(y) for v in y)))
    return result


# ----------------------------------------------------------------------------- hand-derived games
def test_matching_pennies_unique_half_half():
    # Row wants to match, column to mismatch: indifference forces y = (1/2, 1/2) and x = (1/2, 1/2);
    # expected payoff 0 for both. No pure equilibrium.
    A = [[1, -1], [-1, 1]]
    B = [[-1, 1], [1, -1]]
    res = enumerate_equilibria(A, B)
    assert eqset(res) == {(fr("1/2", "1/2"), fr("1/2", "1/2"))}
    assert res.payoffs == ((0, 0),)
    assert res.max_deviation_gain == (0,)
    assert res.complete and not res.degenerate and res.exact
    assert isinstance(res, BimatrixEquilibria) and len(res) == 1


def test_battle_of_the_sexes_two_pure_one_mixed():
    # A = [[3,0],[0,2]], B = [[2,0],[0,3]]: pure (0,0) and (1,1); mixed: the column player is
    # indifferent when 2p = 3(1-p) -> p = 3/5, the row player when 3q = 2(1-q) -> q = 2/5;
    # then u1 = 3q = 6/5, u2 = 2p = 6/5.
    res = enumerate_equilibria([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    assert eqset(res) == {
        (fr(1, 0), fr(1, 0)),
        (fr(0, 1), fr(0, 1)),
        (fr("3/5", "2/5"), fr("2/5", "3/5")),
    }
    pay = dict(zip([(tuple(x), tuple(y)) for x, y in res.equilibria], res.payoffs))
    assert pay[(fr("3/5", "2/5"), fr("2/5", "3/5"))] == (F(6, 5), F(6, 5))
    assert pay[(fr(1, 0), fr(1, 0))] == (3, 2)
    assert all(g == 0 for g in res.max_deviation_gain)
    assert len(res.components) == 3 and not res.degenerate


def test_rock_paper_scissors_uniform():
    # Zero-sum, symmetric, every pure strategy beaten by another: the unique equilibrium is uniform,
    # value 0.
    A = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    B = [[-v for v in r] for r in A]
    res = enumerate_equilibria(A, B)
    third = fr("1/3", "1/3", "1/3")
    assert eqset(res) == {(third, third)}
    assert res.payoffs == ((0, 0),)


def test_prisoners_dilemma_defect_defect():
    # Defect (row/column 1) strictly dominates cooperate.
    res = enumerate_equilibria([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert eqset(res) == {(fr(0, 1), fr(0, 1))}
    assert res.payoffs == ((1, 1),)


@pytest.mark.parametrize("k", [2, 3, 4, 5])
def test_coordination_game_has_2_to_the_k_minus_1_equilibria(k):
    # A = B = I_k (Quint & Shubik 1997): for each nonempty support S, x = y = uniform on S is an
    # equilibrium (every row in S earns 1/|S|, rows outside earn 0); nondegenerate. k = 3 gives
    # the maximal number 7 for 3x3 games.
    I = np.eye(k, dtype=int)
    res = enumerate_equilibria(I, I)
    expected = set()
    for size in range(1, k + 1):
        for S in combinations(range(k), size):
            v = tuple(F(1, size) if i in S else F(0) for i in range(k))
            expected.add((v, v))
    assert eqset(res) == expected and len(res) == 2**k - 1
    assert not res.degenerate and res.complete
    for (x, _), (u1, u2) in zip(res.equilibria, res.payoffs):
        assert u1 == u2 == F(1, sum(1 for v in x if v > 0))


def test_von_stengel_degenerate_example_components():
    # The 3x2 example of von Stengel (2002) with B's first row made constant (degenerate):
    # A = [[3,3],[2,5],[0,6]], B = [[3,3],[2,6],[3,1]]. By hand, with y = (q, 1-q):
    # rows earn 3, 5-3q, 6-6q; columns earn 3x0+2x1+3x2 and 3x0+6x1+x2.
    # * x = (1,0,0) makes both columns best responses (3 = 3), and row 0 is a best response iff
    #   q >= 2/3: the segment {(1,0,0)} x [(2/3,1/3), (1,0)] — one maximal Nash subset.
    # * q = 1/3 makes rows 1, 2 best (payoff 4 > 3); x = (0,p,1-p) with 3-p = 1+5p -> p = 1/3.
    # * q in (1/3,2/3) -> x = e1 -> column 1 (6 > 2) -> q = 0; q < 1/3 -> x = e2 -> column 0
    #   -> q = 1; q = 2/3 -> x = (p,1-p,0) needs 2+p = 6-3p -> p = 1. Contradictions, nothing new.
    # So 3 extreme equilibria in 2 components.
    A = [[3, 3], [2, 5], [0, 6]]
    B = [[3, 3], [2, 6], [3, 1]]
    res = enumerate_equilibria(A, B)
    assert eqset(res) == {
        (fr(1, 0, 0), fr(1, 0)),
        (fr(1, 0, 0), fr("2/3", "1/3")),
        (fr(0, "1/3", "2/3"), fr("1/3", "2/3")),
    }
    assert res.degenerate and res.complete
    assert len(res.components) == 2
    sizes = sorted(len(c.equilibria) for c in res.components)
    assert sizes == [1, 2]
    big = next(c for c in res.components if len(c.equilibria) == 2)
    assert len(big.nash_subsets) == 1
    X, Y = big.nash_subsets[0]
    assert [tuple(res.row_vertices[i]) for i in X] == [fr(1, 0, 0)]
    assert {tuple(res.column_vertices[j]) for j in Y} == {fr(1, 0), fr("2/3", "1/3")}


def test_nondegenerate_version_of_von_stengel_example():
    # B = [[3,2],[2,6],[3,1]] (von Stengel 2002, the running 3x2 example): three equilibria.
    # By hand: columns earn 3x0+2x1+3x2 and 2x0+6x1+x2; rows earn 3, 5-3q, 6-6q (y = (q,1-q)).
    # * x = (1,0,0): column 0 (3 > 2), and row 0 is best against y = (1,0) (3 > 2 > 0).
    # * x = (4/5,1/5,0): columns earn 14/5 and 14/5 (indifferent); y = (2/3,1/3) gives rows
    #   3, 3, 2, so rows 0 and 1 are best.
    # * x = (0,1/3,2/3): columns earn 8/3 and 8/3; y = (1/3,2/3) gives rows 3, 4, 4.
    A = [[3, 3], [2, 5], [0, 6]]
    B = [[3, 2], [2, 6], [3, 1]]
    res = enumerate_equilibria(A, B)
    assert eqset(res) == {
        (fr(1, 0, 0), fr(1, 0)),
        (fr("4/5", "1/5", 0), fr("2/3", "1/3")),
        (fr(0, "1/3", "2/3"), fr("1/3", "2/3")),
    }
    assert not res.degenerate


def test_two_nash_subsets_in_one_component():
    # Row player indifferent everywhere (A = 0); column payoffs col0 = 1, col1 = 1 - p (p = x0):
    # column 1 may be used only when p = 0. Equilibria: (any x, y = e0) and (x = e1, any y).
    # Extreme pairs (e0,e0), (e1,e0), (e1,e1): one component, maximal Nash subsets
    # {e0,e1} x {e0} and {e1} x {e0,e1}.
    res = enumerate_equilibria([[0, 0], [0, 0]], [[1, 0], [1, 1]])
    assert eqset(res) == {(fr(1, 0), fr(1, 0)), (fr(0, 1), fr(1, 0)), (fr(0, 1), fr(0, 1))}
    assert res.degenerate and res.complete and len(res.components) == 1
    rv = [tuple(v) for v in res.row_vertices]
    cv = [tuple(v) for v in res.column_vertices]
    subsets = {(frozenset(rv[i] for i in X), frozenset(cv[j] for j in Y)) for X, Y in res.components[0].nash_subsets}
    assert subsets == {
        (frozenset({fr(1, 0), fr(0, 1)}), frozenset({fr(1, 0)})),
        (frozenset({fr(0, 1)}), frozenset({fr(1, 0), fr(0, 1)})),
    }


def test_dominant_row_with_indifferent_column_is_a_segment():
    # A = [[1,1],[0,0]]: row 0 strictly dominant; B = [[1,1],[0,0]]: column indifferent.
    # Equilibria: x = e0, any y -> extreme (e0,e0), (e0,e1); one Nash subset {e0} x {e0,e1}.
    res = enumerate_equilibria([[1, 1], [0, 0]], [[1, 1], [0, 0]])
    assert eqset(res) == {(fr(1, 0), fr(1, 0)), (fr(1, 0), fr(0, 1))}
    assert res.degenerate and len(res.components) == 1
    assert res.components[0].nash_subsets == (((0,), (0, 1)),)


@pytest.mark.parametrize("shape", [(1, 1), (1, 3), (3, 1), (2, 3), (3, 3)])
def test_constant_game_every_profile_is_an_equilibrium(shape):
    # Constant payoffs: every pure profile is an extreme equilibrium, one component, one maximal
    # Nash subset (the whole product of simplices).
    m, n = shape
    res = enumerate_equilibria(np.full(shape, 7), np.full(shape, -2))
    assert len(res) == m * n and res.complete
    assert res.degenerate == (m * n > 1)
    assert len(res.components) == 1
    assert res.components[0].nash_subsets == ((tuple(range(m)), tuple(range(n))),)


def test_one_row_game_column_best_responses():
    # The row player has one strategy; column payoffs (3, 1, 3): best responses 0 and 2,
    # so y in conv(e0, e2): two extreme equilibria, degenerate (support 1, two best responses).
    res = enumerate_equilibria([[1, 2, 3]], [[3, 1, 3]])
    assert eqset(res) == {(fr(1), fr(1, 0, 0)), (fr(1), fr(0, 0, 1))}
    assert res.degenerate and res.complete and len(res.components) == 1


def test_duplicate_strategies():
    # Matching pennies with row 1 duplicated: the two identical rows are always best responses
    # together (degenerate). y = (1/2,1/2); x puts 1/2 on row 0 and 1/2 spread over rows 1, 2:
    # extreme x = (1/2,1/2,0) and (1/2,0,1/2), one segment.
    A = [[1, -1], [-1, 1], [-1, 1]]
    B = [[-1, 1], [1, -1], [1, -1]]
    res = enumerate_equilibria(A, B)
    half = fr("1/2", "1/2")
    assert eqset(res) == {(fr("1/2", "1/2", 0), half), (fr("1/2", 0, "1/2"), half)}
    assert res.degenerate and len(res.components) == 1


def test_exact_input_types_and_float_mode():
    # Fractions, sympy Rationals and ints are exact; floats give floats with the same answer.
    A = np.array([[F(3), F(0)], [F(0), F(2)]], dtype=object)
    B = sp.Matrix([[2, 0], [0, 3]])
    res = enumerate_equilibria(A, np.array(B.tolist(), dtype=object))
    assert res.exact and all(isinstance(v, F) for x, y in res.equilibria for v in (*x, *y))
    resf = enumerate_equilibria(np.array([[3.0, 0.0], [0.0, 2.0]]), np.array([[2.0, 0.0], [0.0, 3.0]]))
    assert not resf.exact and resf.complete and len(resf) == 3
    mixed = [(x, y) for x, y in resf.equilibria if 0 < x[0] < 1][0]
    assert np.allclose(mixed[0], [0.6, 0.4]) and np.allclose(mixed[1], [0.4, 0.6])
    assert max(resf.max_deviation_gain) <= 1e-9
    # mixed int/float entries fall back to floating point
    assert not enumerate_equilibria([[1, 0.5]], [[0, 1]]).exact


def test_nashpy_misses_equilibria_of_this_game_but_we_find_them():
    # Found by a random search (integer payoffs, nondegenerate): all 7 equilibria are verified
    # exactly here (zero regret) and agree with pygambit's enummixed (tests/crosscheck).
    A = [[8, 6, 5, 2], [3, 0, 0, 0], [1, 8, 6, 9], [5, 6, 9, 7]]
    B = [[6, 5, 5, 9], [2, 8, 6, 0], [3, 8, 5, 0], [7, 7, 8, 1]]
    res = enumerate_equilibria(A, B)
    assert eqset(res) == brute_force_equilibria(A, B)
    assert len(res) == 7 and all(g == 0 for g in res.max_deviation_gain)


# ----------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "A, B, match",
    [
        ([[1, 2]], [[1, 2], [3, 4]], "same shape"),
        ([1, 2], [1, 2], "2-d"),
        (np.zeros((0, 2)), np.zeros((0, 2)), "empty"),
        ([[1.0, float("nan")]], [[1.0, 2.0]], "NaN"),
        ([[1.0, float("inf")]], [[1.0, 2.0]], "NaN or infinite"),
        ([["a", "b"]], [[1, 2]], "number"),
        ([[sp.Symbol("a"), 1]], [[1, 2]], "symbolic"),
        ([[sp.sqrt(2), 1]], [[1, 2]], "irrational"),
        ([[True, 1]], [[1, 2]], "number"),
        ("11", [[1]], "string"),
        ([[1, 2], [3]], [[1, 2], [3, 4]], "ragged|2-d|number"),
    ],
)
def test_bad_input_raises_domain_error(A, B, match):
    with pytest.raises(DomainError, match=match):
        enumerate_equilibria(A, B)


def test_bad_tolerance():
    with pytest.raises(DomainError, match="tol"):
        enumerate_equilibria([[1]], [[1]], tol=-1)


def test_result_is_frozen_with_readable_repr_and_summary():
    res = enumerate_equilibria([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    with pytest.raises(Exception):
        res.complete = False  # type: ignore[misc]
    with pytest.raises(ValueError):
        res.equilibria[0][0][0] = 5
    text = repr(res)
    assert text.startswith("BimatrixEquilibria(equilibria=(([1/2, 1/2], [1/2, 1/2]),)")
    assert "complete=True" in text
    s = res.summary()
    assert "1 extreme equilibrium" in s and "regret = 0" in s


# ----------------------------------------------------------------------------- properties
def int_games(max_m=4, max_n=4, lo=0, hi=3):
    return st.integers(1, max_m).flatmap(
        lambda m: st.integers(1, max_n).flatmap(
            lambda n: st.tuples(
                st.lists(st.lists(st.integers(lo, hi), min_size=n, max_size=n), min_size=m, max_size=m),
                st.lists(st.lists(st.integers(lo, hi), min_size=n, max_size=n), min_size=m, max_size=m),
            )
        )
    )


@given(game=int_games(4, 4, 0, 2))
def test_matches_brute_force_on_small_exact_games(game):
    A, B = game
    res = enumerate_equilibria(A, B)
    assert res.complete
    assert eqset(res) == brute_force_equilibria(A, B)


@settings(max_examples=15)
@given(game=st.one_of(int_games(2, 9, 0, 3), int_games(9, 2, 0, 3)))
def test_matches_brute_force_on_thin_degenerate_games(game):
    # one player with <= 2 strategies and up to 9 for the other: high-dimensional polytopes with
    # heavily degenerate vertices (many ties) exercise the exact edge screening
    A, B = game
    res = enumerate_equilibria(A, B)
    assert res.complete
    assert eqset(res) == brute_force_equilibria(A, B)


@given(game=int_games(5, 5, -3, 9))
def test_every_equilibrium_is_on_the_simplex_with_zero_regret(game):
    A, B = game
    res = enumerate_equilibria(A, B)
    assert res.complete and res.exact and len(res) >= 1   # Nash (1951): at least one
    An, Bn = np.array(A, dtype=object), np.array(B, dtype=object)
    for (x, y), (u1, u2), g in zip(res.equilibria, res.payoffs, res.max_deviation_gain):
        assert sum(x) == 1 and sum(y) == 1 and min(x) >= 0 and min(y) >= 0
        # independent regret: best pure deviation payoffs versus the equilibrium payoffs
        assert max(An.dot(y)) == u1 == x.dot(An).dot(y)
        assert max(x.dot(Bn)) == u2
        assert g == 0
    if not res.degenerate:
        assert len(res) % 2 == 1   # index theorem (Shapley 1974): nondegenerate games have an odd number


@given(game=int_games(5, 5, -20, 20), seed=st.integers(0, 2**32 - 1))
def test_float_games_have_small_regret_and_odd_count(game, seed):
    A, B = (np.array(M, dtype=float) for M in game)
    noise = np.random.default_rng(seed)
    A = A + noise.random(A.shape) * 0.1   # generic perturbation -> nondegenerate almost surely
    B = B + noise.random(B.shape) * 0.1
    res = enumerate_equilibria(A, B)
    assert res.complete and not res.exact
    for (x, y), g in zip(res.equilibria, res.max_deviation_gain):
        assert abs(x.sum() - 1) < 1e-12 and abs(y.sum() - 1) < 1e-12
        assert x.min() >= 0 and y.min() >= 0
        assert g <= 1e-9 * max(1.0, np.abs(A).max(), np.abs(B).max())
    if not res.degenerate:
        assert len(res) % 2 == 1


@given(game=int_games(4, 4, -5, 5), data=st.data())
def test_affine_invariance(game, data):
    # Adding a constant to each column of A (or row of B) and scaling by a positive number does
    # not change best responses, hence the equilibria.
    A, B = (np.array(M, dtype=object) for M in game)
    m, n = A.shape
    c = data.draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n))
    r = data.draw(st.lists(st.integers(-5, 5), min_size=m, max_size=m))
    s1 = data.draw(st.fractions(F(1, 10), 10))
    s2 = data.draw(st.fractions(F(1, 10), 10))
    A2 = np.array([[s1 * A[i, j] + c[j] for j in range(n)] for i in range(m)], dtype=object)
    B2 = np.array([[s2 * B[i, j] + r[i] for j in range(n)] for i in range(m)], dtype=object)
    assert eqset(enumerate_equilibria(A, B)) == eqset(enumerate_equilibria(A2, B2))


@given(game=int_games(4, 4, 0, 4), data=st.data())
def test_relabelling_strategies_permutes_equilibria(game, data):
    A, B = (np.array(M, dtype=object) for M in game)
    m, n = A.shape
    pr = data.draw(st.permutations(range(m)))
    pc = data.draw(st.permutations(range(n)))
    res = enumerate_equilibria(A, B)
    res2 = enumerate_equilibria(A[np.ix_(pr, pc)], B[np.ix_(pr, pc)])
    mapped = {(tuple(x[list(pr)]), tuple(y[list(pc)])) for x, y in res.equilibria}
    assert mapped == eqset(res2)
    assert res.degenerate == res2.degenerate
    assert len(res.components) == len(res2.components)


@given(game=int_games(4, 4, 0, 3))
def test_transposed_game_swaps_players(game):
    A, B = (np.array(M, dtype=object) for M in game)
    res = enumerate_equilibria(A, B)
    res_t = enumerate_equilibria(B.T, A.T)
    assert {(y, x) for x, y in eqset(res)} == eqset(res_t)


@given(game=int_games(4, 4, 0, 2))
def test_float_and_exact_agree_on_integer_games(game):
    A, B = game
    ex = enumerate_equilibria(A, B)
    fl = enumerate_equilibria(np.array(A, dtype=float), np.array(B, dtype=float))
    assert fl.complete and len(fl) == len(ex) and fl.degenerate == ex.degenerate
    ex_sorted = sorted(tuple(round(float(v), 9) for v in (*x, *y)) for x, y in ex.equilibria)
    fl_sorted = sorted(tuple(round(float(v), 9) for v in (*x, *y)) for x, y in fl.equilibria)
    assert np.allclose(ex_sorted, fl_sorted, atol=1e-9)
    assert len(ex.components) == len(fl.components)


def test_components_are_connected_and_subsets_are_products_of_equilibria():
    # In every maximal Nash subset X x Y all pairs are equilibria (listed) and each subset is
    # maximal: no further row vertex pairs with all of Y.
    rng = np.random.default_rng(7)
    for _ in range(30):
        A = rng.integers(0, 2, (3, 4))
        B = rng.integers(0, 2, (3, 4))
        res = enumerate_equilibria(A, B)
        pairs = set(res.vertex_pairs)
        for comp in res.components:
            for X, Y in comp.nash_subsets:
                assert all((i, j) in pairs for i in X for j in Y)
                others = {i for i, _ in pairs} - set(X)
                assert not any(all((i, j) in pairs for j in Y) for i in others)
        covered = sorted(k for comp in res.components for k in comp.equilibria)
        assert covered == list(range(len(res)))


def test_exact_pivoting_fallback_gives_the_same_answer(monkeypatch):
    # Force qhull to fail: the adjacency walk from the origin must enumerate everything itself.
    from gametheory.core import bimatrix
    from gametheory.core.bimatrix import _polytope

    def boom(self):
        raise RuntimeError("qhull unavailable")

    rng = np.random.default_rng(3)
    games = [(rng.integers(0, 3, (4, 4)), rng.integers(0, 3, (4, 4))) for _ in range(10)]
    games += [(rng.random((4, 5)), rng.random((4, 5))) for _ in range(5)]
    before = [enumerate_equilibria(A, B) for A, B in games]
    monkeypatch.setattr(_polytope.BestResponsePolytope, "seed_qhull", boom)
    monkeypatch.setattr(bimatrix, "_FAST", False)  # the lean float path uses no seed_qhull
    for (A, B), ref in zip(games, before):
        res = enumerate_equilibria(A, B)
        assert res.complete and "pivoting" in res.method and "qhull failed" in res.message
        if ref.exact:
            assert eqset(res) == eqset(ref)
        else:
            assert len(res) == len(ref)


def test_capped_degenerate_screening_reports_incomplete(monkeypatch, general_path):
    # With the subset budget forced to 0 the edges of degenerate vertices cannot be certified
    # (and the double description fallback is out of budget): the result must say so (complete=False, message) while its equilibria stay verified.
    from gametheory.core.bimatrix import _polytope

    original = _polytope.BestResponsePolytope.__init__

    def tiny_budget(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.subset_budget = 0

    monkeypatch.setattr(_polytope.BestResponsePolytope, "__init__", tiny_budget)
    # ... and the exact double-description fallback out of budget as well
    from gametheory.core.budget import BudgetExceeded

    def no_dd(self, clock=None):
        raise BudgetExceeded("work", 0, 1, "a test")

    monkeypatch.setattr(_polytope.BestResponsePolytope, "double_description", no_dd)
    # ... and qhull's boundary not used as a certificate (it would prove this small polytope complete)
    monkeypatch.setattr(_polytope, "HULL_CERTIFICATE_WORK", 0)
    # von Stengel's degenerate example: x = (1,0,0) is a vertex of P with 4 > 3 tight constraints
    res = enumerate_equilibria([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    assert not res.complete and "not certified" in res.message
    assert all(g == 0 for g in res.max_deviation_gain)
    # nondegenerate games never need the screening
    assert enumerate_equilibria([[3, 0], [0, 2]], [[2, 0], [0, 3]]).complete


def test_latex_and_dict_views():
    res = enumerate_equilibria([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    assert res._repr_latex_().startswith("$$\\begin{aligned}")
    assert r"\frac{2}{3}" in res._repr_latex_()
    d = res.to_dict()
    assert d["degenerate"] is True and len(d["equilibria"]) == 3
    assert "component 0" in res.summary()


def test_large_denominators_regression():
    # Found by the thorough Hypothesis profile (affine invariance): scaling A by
    # 56294995342131/281474976710650 gives 48-bit integers after clearing denominators; the
    # screening of degenerate vertices must stay warning-free and give the same equilibria.
    A = np.array([[0, 0, 0, 0], [0, 1, 1, 1], [1, 1, 1, 1]], dtype=object)
    B = np.zeros((3, 4), dtype=int)
    s = F(56294995342131, 281474976710650)
    A2 = np.array([[s * A[i, j] + (1 if j == 3 else 0) for j in range(4)] for i in range(3)], dtype=object)
    assert eqset(enumerate_equilibria(A, B)) == eqset(enumerate_equilibria(A2, B))
    assert eqset(enumerate_equilibria(A, B)) == brute_force_equilibria(A.tolist(), B.tolist())


def _exact_polytope(M):
    """Player 1's exact best-response polytope of integer payoffs M (d x k), seeded by qhull."""
    from gametheory.core.bimatrix._exact import integer_scale
    from gametheory.core.bimatrix._input import int_unit_scale
    from gametheory.core.bimatrix._polytope import BestResponsePolytope

    d, k = M.shape
    ints, _, _ = integer_scale([F(int(v)) for v in M.flat])
    Mi = [ints[i * k:(i + 1) * k] for i in range(d)]
    P = BestResponsePolytope(int_unit_scale(Mi), Mi, list(range(d)), [d + c for c in range(k)], d + k, 1e-9)
    P.seed_qhull()
    return P


def _float_polytope(M, tol=1e-9):
    """Player 1's float best-response polytope of payoffs M (d x k), seeded by qhull."""
    from gametheory.core.bimatrix._input import unit_scale
    from gametheory.core.bimatrix._polytope import BestResponsePolytope

    d, k = M.shape
    P = BestResponsePolytope(unit_scale(np.asarray(M, dtype=float)), None, list(range(d)),
                             [d + c for c in range(k)], d + k, tol)
    P.seed_qhull()
    return P


def _degenerate_vertices(P):
    return [v for v in range(len(P.points)) if P.tight[v].sum() > P.d]


def _gale_lists(P, vs):
    """_gale_edges of the vertices vs as {v: [(z, sign, face, F), ...]} and the unclear vertices."""
    table, unclear = P._gale_edges(vs)
    return table.as_lists(sorted(set(table.owner.tolist()), key=vs.index)), unclear


def _faces(edges):
    return [tuple(np.flatnonzero(e[2])) for e in edges]


def test_batched_exact_edge_screen_agrees_with_integer_arithmetic():
    # The screen decides every edge of a degenerate vertex (its face and whether the line leaves
    # the vertex) by floating-point tests with proven bounds; the reference is _local_edges, which
    # decides the undecided subsets in integers. Same faces, and each screened edge's exact
    # direction (by _direction on its first subset) leaves the vertex with the same face.
    rng = np.random.default_rng(11)
    checked = 0
    for _ in range(40):
        d, k = (int(v) for v in rng.integers(3, 7, 2))
        P = _exact_polytope(rng.integers(0, 4, (d, k)))
        dv = _degenerate_vertices(P)
        batch = P._exact_screened_edges(dv)
        for v in dv:
            ref = P._local_edges(v)
            got = batch[v]
            assert sorted(tuple(np.flatnonzero(f)) for _, _, f in ref) == \
                sorted(tuple(np.flatnonzero(e[2])) for e in got)
            for z, sign, face, Fr in got:
                if z is None:
                    zz, sg, fc, ok = P._direction(v, Fr)
                    assert ok and np.array_equal(fc, face)
                    checked += 1
    assert checked > 100


def test_gale_edges_agree_with_the_subset_screen():
    # _gale_edges reads every edge of a degenerate float vertex off the k x k minors of the
    # dependencies of its d + k tight rows (Gale duality); the reference is _screened_edges,
    # the independent per-subset method (an SVD of every (d-1)-subset of tight rows, tolerance
    # tests on its null vector). Same faces in the same order, and the direction _direction gives
    # on each edge's first subset is the screened one, with the same signs. Vertices with up to
    # d + 4 tight rows occur (k = 1 ... 4). Tolerances 1e-9 (the default), 1e-12 and 1e-6.

    rng = np.random.default_rng(21)
    seen_k: set[int] = set()
    edges = 0
    handed: dict[float, int] = {}
    total: dict[float, int] = {}
    for trial in range(90):
        d, k = (int(v) for v in rng.integers(3, 9, 2))
        M = rng.integers(0, 3 if trial % 2 else 6, (d, k)).astype(float) * (0.37 if trial % 3 else 1.0)
        tol = (1e-9, 1e-12, 1e-6)[trial % 3]
        P = _float_polytope(M, tol)
        dv = _degenerate_vertices(P)
        if not dv:
            continue
        gale, unclear = _gale_lists(P, dv)
        handed[tol] = handed.get(tol, 0) + len(unclear)
        total[tol] = total.get(tol, 0) + len(dv)
        ref = P._screened_edges(dv)
        for v in gale:
            seen_k.add(int(P.tight[v].sum()) - d)
            assert _faces(gale[v]) == _faces(ref[v])
            for (_, _, face, rows), (z, sign, _, _) in zip(gale[v], ref[v]):
                zz, sg, fc, ok = P._direction(v, rows)
                assert ok and np.array_equal(fc, face)
                assert np.array_equal(zz, z) and np.array_equal(sg, sign)
                edges += 1
    assert edges > 500 and {1, 2, 3, 4} <= seen_k
    assert handed[1e-9] <= 0.05 * total[1e-9]       # at the default tolerance almost all are clear


def test_gale_edges_hand_back_vertices_near_the_tolerance():
    # Payoffs within 1e-12 ... 1e-7 of integers put degenerate-looking vertices at the scale of
    # the tolerance (1e-9), where a dependency's entry or a minor is neither clearly zero nor
    # clearly not. Such vertices must be handed back to the subset screen (most of them here),
    # and the ones _gale_edges keeps must still agree with the screen face for face.

    rng = np.random.default_rng(5)
    total = handed_back = 0
    for _ in range(80):
        d, k = (int(v) for v in rng.integers(3, 8, 2))
        noise = rng.choice([0, 1], (d, k)) * rng.normal(size=(d, k)) * 10.0 ** rng.uniform(-12, -7)
        M = rng.integers(0, 4, (d, k)) + noise
        P = _float_polytope(M)
        dv = _degenerate_vertices(P)
        if not dv:
            continue
        gale, unclear = _gale_lists(P, dv)
        assert set(gale) | set(unclear) == set(dv) and not set(gale) & set(unclear)
        total += len(dv)
        handed_back += len(unclear)
        ref = P._screened_edges(list(gale))
        for v in gale:
            assert _faces(gale[v]) == _faces(ref[v])
    assert total > 300 and 50 < handed_back < total


def test_exact_gale_edges_agree_with_integer_arithmetic():
    # Exact mode reads the edges of a vertex with d + 1 or d + 2 tight rows off the signs of
    # integer Gale minors (an integer basis of the tight rows' dependencies by int64 Bareiss,
    # exact under Hadamard's bound). The reference is _local_edges, which decides subset by
    # subset (SVD screen with proven bounds, integer arithmetic where undecided). Same faces in
    # the same order; vertices with d + 3 or more tight rows are handed back to the screen.
    rng = np.random.default_rng(13)
    seen = {1: 0, 2: 0}
    handed = 0
    for _ in range(60):
        d, k = (int(v) for v in rng.integers(3, 8, 2))
        P = _exact_polytope(rng.integers(0, 3, (d, k)))
        dv = _degenerate_vertices(P)
        if not dv:
            continue
        gale, unclear = _gale_lists(P, dv)
        for v in unclear:
            assert P.tight[v].sum() - d > 2
            handed += 1
        for v in gale:
            kk = int(P.tight[v].sum()) - d
            assert kk <= 2
            seen[kk] += 1
            ref = P._local_edges(v)
            assert _faces(gale[v]) == _faces([(z, sg, f, None) for z, sg, f in ref])
    assert seen[1] > 100 and seen[2] > 20 and handed > 0


def test_gale_edges_leave_many_dependencies_and_tiny_tolerances_to_the_screen():
    # (1) A vertex tight in every one of u = 10 columns of a d = 4 polytope (every column holds
    # the same payoffs, so z = 1/sum is on all of them) has k = 6 > GALE_MAX_K dependencies:
    # its minors would cost memory k^3 per subset, so it goes to the subset screen, and the
    # certificate still closes. (2) A tolerance below rounding leaves vertices with fewer than
    # d + 1 tight rows (even fewer than d); they go to the screen too instead of failing.
    from itertools import islice, permutations

    from gametheory.core.bimatrix._polytope import GALE_MAX_K

    rng = np.random.default_rng(0)
    M = np.array(list(islice(permutations([1.0, 2.0, 4.0, 7.0]), 10))).T     # 10 distinct columns
    P = _float_polytope(M)
    big = [v for v in range(len(P.points)) if P.tight[v].sum() - 4 > GALE_MAX_K]
    assert big
    table, unclear = P._gale_edges(big)
    assert len(table) == 0 and sorted(unclear) == sorted(big)
    assert P.close()
    for _ in range(20):
        m, n = (int(v) for v in rng.integers(3, 7, 2))
        res = enumerate_equilibria(rng.normal(size=(m, n)), rng.normal(size=(m, n)), tol=1e-17)
        assert not res.complete or len(res.equilibria) % 2 == 1     # no crash; flagged if unsure


def test_gale_rounding_bound_holds_against_exact_null_spaces():
    # The float Gale reading widens its bounds by the angle between the computed and the true
    # null space of a vertex's tight rows, taken as GALE_ROUNDING u s1 / sd. Check it against the
    # exact left null space of the same (binary-exact) float rows, computed by sympy over the
    # rationals, on the degenerate vertices of random integer-valued polytopes.
    from fractions import Fraction

    import sympy

    from gametheory.core.bimatrix._polytope import GALE_ROUNDING

    rng = np.random.default_rng(31)
    eps = np.finfo(float).eps
    checked = 0
    worst = 0.0
    for _ in range(30):
        d, k = (int(v) for v in rng.integers(3, 7, 2))
        M = rng.integers(0, 4, (d, k)).astype(float)
        P = _float_polytope(M)
        for v in [v for v in range(len(P.points)) if P.tight[v].sum() > d][:4]:
            GT = P.G[P.tight[v]]
            U, S, _ = np.linalg.svd(GT)
            exact = sympy.Matrix([[sympy.Rational(Fraction(float(x))) for x in row] for row in GT.T]).nullspace()
            Q, _ = np.linalg.qr(np.array([[float(x) for x in vec] for vec in exact]).T)
            L = U[:, d:]
            angle = np.linalg.norm(L - Q @ (Q.T @ L), 2)
            worst = max(worst, angle / (eps * S[0] / S[-1]))
            checked += 1
    assert checked > 40 and worst <= GALE_ROUNDING


def test_exact_walk_from_the_origin_matches_the_double_description():
    # No qhull seed: close() walks from the origin through every edge, computing the exact
    # direction of each screened edge it has to follow. Its vertex set must be the double
    # description's (an independent exact method), tight sets included.
    from gametheory.core.bimatrix._exact import integer_scale
    from gametheory.core.bimatrix._input import int_unit_scale
    from gametheory.core.bimatrix._polytope import BestResponsePolytope

    rng = np.random.default_rng(12)
    for _ in range(25):
        d, k = (int(v) for v in rng.integers(2, 6, 2))
        M = rng.integers(0, 3, (d, k))
        ints, _, _ = integer_scale([F(int(v)) for v in M.flat])
        Mi = [ints[i * k:(i + 1) * k] for i in range(d)]

        def fresh():
            return BestResponsePolytope(int_unit_scale(Mi), Mi, list(range(d)), [d + c for c in range(k)],
                                        d + k, 1e-9)

        walk, dd = fresh(), fresh()
        assert walk.close()
        dd.double_description()
        as_set = lambda P: {(tuple(P.exact_points[i][0]), P.exact_points[i][1], tuple(P.tight[i]))
                            for i in range(len(P.points))}
        assert as_set(walk) == as_set(dd)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 8), st.integers(0, 3), st.integers(1, 5), st.sampled_from([2, 10, 1000, 10**6, 2**30]),
       st.booleans(), st.integers(0, 2**32 - 1))
def test_vectorised_bareiss_is_solve_square(k, extra, n, hi, signed, seed):
    # solve_ones_many runs the same fraction-free elimination on a stack of systems M x = 1 in
    # int64, only where Hadamard's bound proves every entry fits; the reference is solve_square
    # on Python integers (which cannot overflow), system by system. Small entries with r = k + extra
    # rows make rank-deficient systems and row exchanges common; 10^6 makes the bound refuse for
    # larger k, and 2^30 (the largest entries taken) reaches the bound's limit at k = 1.
    from gametheory.core.bimatrix._exact import solve_ones_many, solve_square

    rng = np.random.default_rng(seed)
    M = rng.integers(-hi if signed else 0, hi, (n, k + extra, k))
    num, den, solved, fits = solve_ones_many(M)
    for i in range(n):
        if fits[i]:
            ref = solve_square(M[i].tolist(), [1] * (k + extra))
            assert (ref is None) == (not solved[i])
            if ref is not None:
                assert (num[i].tolist(), int(den[i])) == ref
    if hi <= 10 and k <= 6:
        assert fits.all()             # (k + 2) H^2 < 2^62 holds for these


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 7), st.integers(1, 3), st.integers(1, 4), st.sampled_from([2, 10, 1000]),
       st.integers(0, 2**32 - 1))
def test_left_null_basis_is_exact_and_full(s, k, n, hi, seed):
    # left_null_many's int64 rows mu must satisfy mu M = 0 exactly (checked in Python integers)
    # and span a k-dimensional space (rank k, by sympy's exact rank) wherever it claims ok; full
    # column rank is made likely by a random integer matrix with an identity block on top.
    import sympy

    from gametheory.core.bimatrix._exact import left_null_many

    rng = np.random.default_rng(seed)
    M = rng.integers(-hi, hi, (n, s + k, s))
    M[:, :s, :] += np.eye(s, dtype=M.dtype) * (2 * hi + 1)       # rank s for sure
    mu, ok = left_null_many(M)
    for i in range(n):
        if ok[i]:
            prod = [[sum(int(mu[i, a, r]) * int(M[i, r, c]) for r in range(s + k)) for c in range(s)] for a in range(k)]
            assert all(v == 0 for row in prod for v in row)
            assert sympy.Matrix(mu[i].tolist()).rank() == k
    if hi <= 10 and s <= 4:           # Hadamard: 2 H^2 <= 2 (35.5^4 * 20)^2 ~ 2e15 < 2^62
        assert ok.all()


def test_vectorised_cover_is_the_edge_by_edge_rule():
    # _covered checks all edges at once on bit keys (sorted searches among the simple vertices'
    # edge keys and tight sets, a block test against the degenerate ones). Reference: the rule
    # itself, edge by edge — covered iff another vertex's tight set contains the edge's face —
    # on random tight sets (simple and degenerate) and random faces of d - 1 ... t rows,
    # including faces equal to a simple vertex's whole tight set.
    from gametheory.core.bimatrix._polytope import BestResponsePolytope
    from gametheory.core.bimatrix._store import Edges, pack_rows

    rng = np.random.default_rng(1)
    total = 0
    for _ in range(300):
        d = int(rng.integers(1, 5))
        R = int(rng.integers(d + 1, 12))
        L = np.zeros((int(rng.integers(2, 9)), R), dtype=bool)
        for v in range(len(L)):
            t = d if rng.random() < 0.5 else int(rng.integers(d + 1, min(R, d + 3) + 1))
            L[v, rng.choice(R, t, replace=False)] = True
        dv = np.flatnonzero(L.sum(axis=1) != d)
        if not len(dv):
            continue
        Ls = L[L.sum(axis=1) == d]
        r, c = np.nonzero(Ls)
        keys = pack_rows(Ls)[r] & ~pack_rows(np.eye(R, dtype=bool))[c]
        owner, face = [], []
        for v in dv:
            T = np.flatnonzero(L[v])
            for _ in range(4):
                f = np.zeros(R, dtype=bool)
                f[rng.choice(T, int(rng.integers(max(d - 1, 0), len(T) + 1)), replace=False)] = True
                owner.append(int(v))
                face.append(f)
        edges = Edges(np.array(owner, dtype=np.intp), np.array(face), np.zeros((len(owner), max(d - 1, 0)), dtype=np.intp))
        P = object.__new__(BestResponsePolytope)
        P.d = d
        got = P._covered(edges, L, pack_rows(L), keys, dv)
        ref = [bool(any(w != v and L[w, f].all() for w in range(len(L)))) for f, v in zip(face, owner)]
        assert got.tolist() == ref
        assert P._covered(edges, L, None, keys, dv).tolist() == ref      # the R > 64 path
        total += len(ref)
    assert total > 2000


def test_degenerate_label_matching_keeps_the_pairs_before_a_budget_overrun():
    # Hand example (2 x 2 labels 0..3): P's degenerate vertices 1 = {0,1,2}, 2 = {0,2,3},
    # 3 = {1,2,3} each need a Q vertex with the labels they lack ({3}, {1}, {0}). Q's vertices
    # holding label 3 are 1 and 2, label 1: 1, 3 and 4. Each P vertex costs len(LQ) = 5 work
    # steps, so a limit of 12 stops at vertex 3: the pairs of vertices 1 and 2 are kept.
    from gametheory.core.bimatrix import _completely_labelled
    from gametheory.core.budget import Budget

    LP = np.array([[1, 1, 0, 0], [1, 1, 1, 0], [1, 0, 1, 1], [0, 1, 1, 1]], dtype=bool)
    LQ = np.array([[0, 0, 1, 1], [0, 1, 0, 1], [1, 0, 0, 1], [0, 1, 1, 0], [1, 1, 0, 0]], dtype=bool)
    pairs, exc = _completely_labelled(LP, LQ, 2, 2, Budget(max_work=12).start())
    assert pairs == [(1, 1), (1, 2), (2, 1), (2, 3), (2, 4)] and exc is not None
    assert _completely_labelled(LP, LQ, 2, 2)[0] == [(1, 1), (1, 2), (2, 1), (2, 3), (2, 4), (3, 2), (3, 4)]


@pytest.mark.parametrize("m, n", [(3, 4), (30, 40)])
def test_label_matching_is_the_brute_force_pairs(m, n):
    # _completely_labelled on bit keys (m + n <= 64) and on Boolean rows (m + n = 70 > 64):
    # every pair (a, b) of non-origin vertices whose labels together cover 0 .. m+n-1, checked
    # pair by pair. Random label sets with m or more (degenerate) labels on P's side, n or more
    # on Q's, the origins (index 0) carrying their player's own labels, and no label set twice
    # in one polytope (vertices have distinct tight sets, and each label sits on one row).
    from gametheory.core.bimatrix import _completely_labelled

    rng = np.random.default_rng(m)
    L = m + n

    def labels(count, base, own):
        out = np.zeros((count, L), dtype=bool)
        out[0, own] = True
        seen = {tuple(out[0])}
        v = 1
        while v < count:
            out[v] = False
            out[v, rng.choice(L, base + int(rng.integers(0, 3)), replace=False)] = True
            if tuple(out[v]) not in seen:
                seen.add(tuple(out[v]))
                v += 1
        return out

    checked = 0
    for _ in range(8):
        LP = labels(25, m, np.arange(m))
        LQ = labels(25, n, np.arange(m, L))
        for a, b in [(1, 2), (3, 4)]:                  # make some matches certain
            LQ[b] = ~LP[a]
            LQ[b, rng.integers(0, L)] = True
        if len({tuple(r) for r in LQ}) < len(LQ):
            continue
        ref = sorted((a, b) for a in range(1, len(LP)) for b in range(1, len(LQ)) if (LP[a] | LQ[b]).all())
        assert _completely_labelled(LP, LQ, m, n)[0] == ref
        assert len(ref) >= 2
        checked += 1
    assert checked >= 3


@pytest.mark.parametrize("top", [10**7, 10**30])
def test_exact_refinement_with_large_payoffs_matches_brute_force(top):
    # qhull's points are refined by int64 Bareiss only where Hadamard's bound proves it exact,
    # else in Python integers. A is a multiple of top / 10^6 (its common factor is divided out,
    # so its polytope stays in int64); B adds offsets 0..2, so its integers stay near top: at
    # 10^7 its systems split between int64 and Python integers, at 10^30 it takes Python
    # integers only (counted: 162 / 66 and 198 / 30 systems). Reference: brute force over all
    # bases in Fractions, an independent method.
    rng = np.random.default_rng(top % 1000)
    for _ in range(6):
        m, n = (int(v) for v in rng.integers(3, 6, 2))
        A = [[int(v) * (top // 10**6) for v in row] for row in rng.integers(0, 10**6, (m, n))]
        B = [[int(v) * (top // 10**6) + int(w) for v, w in zip(r1, r2)]
             for r1, r2 in zip(rng.integers(0, 10**6, (m, n)), rng.integers(0, 3, (m, n)))]
        B[0][0] = B[1][0]                                # some degeneracy
        res = enumerate_equilibria(np.array(A, dtype=object), np.array(B, dtype=object))
        assert res.complete
        assert eqset(res) == brute_force_equilibria(A, B)
