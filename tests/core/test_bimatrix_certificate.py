"""qhull's own boundary as a completeness certificate (float mode): ``hull_certificate``.

The certificate accepts qhull's triangulated facets of the polar dual only when they form a
closed, coherently oriented surface of non-degenerate simplices, each on a supporting hyperplane
(module docstring of :func:`gametheory.core.bimatrix._polytope.hull_certificate`). Expected values
come from independent methods: every basis solved by brute force (small polytopes), the adjacency
walk (``close``) on the same polytope, and hand-built surfaces whose answer is known.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.bimatrix import _polytope, enumerate_equilibria
from gametheory.core.bimatrix._exact import integer_scale
from gametheory.core.bimatrix._input import as_payoffs, int_unit_scale, unit_scale
from gametheory.core.bimatrix._polytope import BestResponsePolytope, hull_certificate


def _row_polytope(B: np.ndarray) -> BestResponsePolytope:
    """The row player's best-response polytope of (., B), as enumerate_equilibria builds it (float mode)."""
    m, n = B.shape
    return BestResponsePolytope(unit_scale(B.astype(float)), None, list(range(m)), [m + j for j in range(n)],
                                m + n, 1e-9)


def _tight_sets(poly: BestResponsePolytope) -> set[tuple[int, ...]]:
    return {tuple(np.flatnonzero(t).tolist()) for t in poly.tight.array}


def _by_every_basis(poly: BestResponsePolytope) -> set[tuple[int, ...]]:
    """Tight sets of all vertices: every d-subset of rows solved, feasible solutions kept (brute force)."""
    G, h, d = poly.G, poly.h, poly.d
    found = set()
    for rows in combinations(range(len(G)), d):
        S = G[list(rows)]
        if abs(np.linalg.det(S)) < 1e-9:
            continue
        z = np.linalg.solve(S, h[list(rows)])
        slack = h - G @ z
        if (slack >= -1e-9).all():
            found.add(tuple(np.flatnonzero(np.abs(slack) <= 1e-9).tolist()))
    return found


def _games(seed: int, count: int, sizes, values: int):
    rng = np.random.default_rng(seed)
    return [rng.integers(0, values, (m, n)).astype(float) for _ in range(count) for m, n in sizes]


@pytest.mark.parametrize("values", [2, 3, 10, None], ids=["0-1", "0-2", "0-9", "uniform"])
def test_certified_vertex_lists_are_every_vertex(values):
    # small polytopes (d <= 5, at most 10 rows): the certified list must be the brute-force vertex
    # set; integer payoffs with few values give degenerate vertices and flat simplices in qhull's
    # triangulation, uniform payoffs simple ones
    rng = np.random.default_rng(5)
    certified = 0
    for _ in range(40):
        m, n = (int(v) for v in rng.integers(2, 6, 2))
        B = rng.random((m, n)) if values is None else rng.integers(0, values, (m, n)).astype(float)
        if np.ptp(B) == 0:
            continue
        poly = _row_polytope(B)
        try:
            poly.seed_qhull()
        except Exception:            # qhull refuses flat input; the walk then runs alone
            continue
        if poly.hull_certified:
            certified += 1
            assert _tight_sets(poly) == _by_every_basis(poly)
    assert certified >= 20


def test_certified_lists_are_what_the_adjacency_walk_closes():
    # larger degenerate polytopes: a certified list is closed already (the walk adds nothing)
    checked = flat_seen = 0
    for B in _games(11, 12, [(6, 6), (7, 5), (8, 8)], values=4):
        poly = _row_polytope(B)
        poly.seed_qhull()
        if not poly.hull_certified:
            continue
        before = _tight_sets(poly)
        assert poly.close() and _tight_sets(poly) == before
        checked += 1
        dual = poly.G / (poly.h - poly.G @ np.full(poly.d, 0.5 / poly.Mf.sum(axis=0).max()))[:, None]
        _, simplices, _ = _polytope.hull_facets(dual)
        flat_seen += int((np.abs(np.linalg.det(dual[np.sort(simplices, axis=1)])) < 1e-12).any())
    assert checked >= 20 and flat_seen >= 1      # qhull's flat simplices were met and handled


def _tetrahedron():
    """A tetrahedron around the origin: its four faces (the face opposite point p is simplex p)."""
    dual = np.array([[1.0, 1.0, 1.0], [1.0, -1.0, -1.0], [-1.0, 1.0, -1.0], [-1.0, -1.0, 1.0]])
    simplices = np.array([[1, 2, 3], [0, 2, 3], [0, 1, 3], [0, 1, 2]])
    tight = np.zeros((4, 4), dtype=bool)
    for f, s in enumerate(simplices):
        tight[f, s] = True
    return dual, simplices, tight


def test_a_closed_surface_is_certified():
    dual, simplices, tight = _tetrahedron()
    assert hull_certificate(dual, simplices, tight)
    # qhull's order of a simplex's points does not matter
    assert hull_certificate(dual, simplices[:, ::-1].copy(), tight)


def test_a_missing_facet_or_a_broken_pairing_is_rejected():
    dual, simplices, tight = _tetrahedron()
    # three faces only: the ridges of the missing one occur once
    assert not hull_certificate(dual, simplices[:3], tight[:3])
    # a face listed twice: its ridges occur three times
    assert not hull_certificate(dual, np.vstack([simplices, simplices[:1]]), np.vstack([tight, tight[:1]]))
    # a simplex whose own points are not tight at its vertex (not on a supporting hyperplane)
    loose = tight.copy()
    loose[2, simplices[2, 0]] = False
    assert not hull_certificate(dual, simplices, loose)
    # no simplices at all; only flat ones
    assert not hull_certificate(dual, simplices[:0], tight[:0])
    flat = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 1.0, 0.0], [2.0, 1.0, 0.0]])
    assert not hull_certificate(flat, simplices, tight)


def test_a_facet_covered_twice_is_rejected():
    # the square a b c d (z = 1) listed as all four triangles abc, acd, abd, bcd: every ridge
    # occurs exactly twice (a closed surface, combinatorially), but abc and abd lie on the same
    # side of ab, so the orientations do not cancel: it covers one facet twice and nothing else
    dual = np.array([[1.0, 1.0, 1.0], [-1.0, 1.0, 1.0], [-1.0, -1.0, 1.0], [1.0, -1.0, 1.0], [0.0, 0.0, -1.0]])
    simplices = np.array([[0, 1, 2], [0, 2, 3], [0, 1, 3], [1, 2, 3]])
    tight = np.zeros((4, 5), dtype=bool)
    tight[:, :4] = True
    assert not hull_certificate(dual, simplices, tight)
    # the same square split into two triangles, with the four sides to the apex (a pyramid): certified
    pyramid = np.array([[0, 1, 2], [0, 2, 3], [0, 1, 4], [1, 2, 4], [2, 3, 4], [0, 3, 4]])
    on = np.zeros((6, 5), dtype=bool)
    on[:2, :4] = True
    for f, s in enumerate(pyramid[2:], start=2):
        on[f, s] = True
    assert hull_certificate(dual, pyramid, on)


@settings(max_examples=40, deadline=None)
@given(m=st.integers(2, 6), n=st.integers(2, 6), values=st.integers(2, 5), seed=st.integers(0, 2**32 - 1),
       exact=st.booleans())
def test_equilibria_are_the_same_with_or_without_the_certificate(m, n, values, seed, exact):
    # the certificate only replaces the adjacency walk's proof: the equilibria, payoffs, regrets,
    # flags and components must be those of the walk, on degenerate games, integer-valued floats
    # (float mode) and Python integers (exact mode, where the certificate reads the exact tight sets)
    rng = np.random.default_rng(seed)
    A, B = rng.integers(0, values, (m, n)), rng.integers(0, values, (m, n))
    if not exact:
        A, B = A.astype(float), B.astype(float)
    with_certificate = enumerate_equilibria(A, B)
    limit = _polytope.HULL_CERTIFICATE_WORK
    try:
        _polytope.HULL_CERTIFICATE_WORK = 0
        walk = enumerate_equilibria(A, B)
    finally:
        _polytope.HULL_CERTIFICATE_WORK = limit
    assert "oriented-boundary" not in walk.method
    for field in ("equilibria", "payoffs", "max_deviation_gain", "vertex_pairs", "complete", "degenerate", "exact"):
        got, ref = getattr(with_certificate, field), getattr(walk, field)
        assert repr(got) == repr(ref), field
    assert [(c.equilibria, c.nash_subsets) for c in with_certificate.components] == \
        [(c.equilibria, c.nash_subsets) for c in walk.components]


def _exact_row_polytope(A, B) -> BestResponsePolytope:
    """The row player's polytope exactly as enumerate_equilibria builds it in exact mode."""
    _, B_, exact = as_payoffs(A, B)
    assert exact
    m, n = B_.shape
    Bi, _, _ = integer_scale(list(B_.flat))
    Bm = [Bi[i * n:(i + 1) * n] for i in range(m)]
    return BestResponsePolytope(int_unit_scale(Bm), Bm, list(range(m)), [m + j for j in range(n)], m + n, 1e-9)


def test_exact_games_are_certified_on_their_exact_tight_sets(general_path):
    # exact mode: the certificate runs on the refined vertices' exact tight sets; the certified
    # list is every vertex (brute force over all bases, in floats on these small integer games)
    rng = np.random.default_rng(23)
    certified = checked = 0
    for _ in range(30):
        m, n = (int(v) for v in rng.integers(2, 6, 2))
        A, B = rng.integers(0, 4, (m, n)), rng.integers(0, 4, (m, n))
        res = enumerate_equilibria(A, B)
        assert res.exact and res.complete
        certified += "oriented-boundary certificate and exact" in res.method
        if np.ptp(B) == 0:
            continue
        poly = _exact_row_polytope(A, B)
        try:
            poly.seed_qhull()
        except Exception:            # qhull refuses flat input
            continue
        if poly.hull_certified:
            assert _tight_sets(poly) == _by_every_basis(poly)
            checked += 1
    assert certified >= 10 and checked >= 10


def test_exact_mode_confirms_flat_simplices_in_integers():
    # rows are dependent exactly when the integer minor is singular: two proportional columns
    # (d = 2: rows 2 and 3), a zero row with a column (the 1 x 1 minor on the other coordinate)
    poly = _exact_row_polytope(np.zeros((2, 3), dtype=int), np.array([[1, 2, 2], [2, 4, 1]]))
    assert poly.d == 2 and poly.Mi == [[1, 2, 2], [2, 4, 1]]
    assert poly._exactly_flat(np.array([2, 3]))          # (1, 2) and (2, 4)
    assert not poly._exactly_flat(np.array([2, 4]))      # (1, 2) and (2, 1)
    assert not poly._exactly_flat(np.array([0, 2]))      # -e_0 and (1, 2)
    assert not poly._exactly_flat(np.array([0, 1]))      # -I
    # an exact polytope whose qhull triangulation has flat simplices is certified only while
    # they are confirmed flat in integers
    refused = 0
    for B in _games(11, 8, [(6, 6)], values=3):
        A = np.zeros_like(B, dtype=int)
        poly = _exact_row_polytope(A, B.astype(int))
        poly.seed_qhull()
        d = poly.d
        dual = poly.G / (poly.h - poly.G @ np.full(d, 0.5 / poly.Mf.sum(axis=0).max()))[:, None]
        _, simplices, _ = _polytope.hull_facets(dual)
        unit = dual / np.linalg.norm(dual, axis=1)[:, None]
        if not poly.hull_certified or not (np.abs(np.linalg.det(unit[np.sort(simplices, axis=1)])) <= 1e-9).any():
            continue
        doubter = _exact_row_polytope(A, B.astype(int))
        doubter._exactly_flat = lambda points: False
        doubter.seed_qhull()
        assert not doubter.hull_certified
        refused += 1
    assert refused >= 1


def test_a_slack_near_the_tolerance_leaves_the_proof_to_the_walk():
    # a degenerate game moved by 2e-10: rows that were tight now have slacks of about 1e-10 —
    # inside the tolerance (1e-9) but above rounding. Such a row might hide a vertex (a referee's
    # counterexample), so the boundary certificate declines and the adjacency walk decides
    B = np.array([[2.0, 2.0, 2.0, 1.0], [2.0, 2.0, 2.0, 0.0], [1.0, 1.0, 0.0, 1.0], [1.0, 2.0, 1.0, 0.0]])
    clean = _row_polytope(B)
    clean.seed_qhull()
    assert clean.hull_certified
    moved = B.copy()
    moved[0, 0] += 2e-10
    poly = _row_polytope(moved)
    poly.seed_qhull()
    slack = np.abs(poly.h - poly.points.array @ poly.G.T)
    assert ((slack > 1e-12) & (slack <= 1e-6)).any() and not poly.hull_certified
    res = enumerate_equilibria(moved, np.eye(4))
    assert res.complete and "adjacency" in res.method and max(res.max_deviation_gain) <= 1e-9


def test_flat_simplices_that_cannot_be_oriented_are_refused(monkeypatch):
    # a flat simplex takes the orientation its neighbours demand. (1) The doubly covered kite
    # a b c d with abc nearly flat (b close to the line ac): its neighbours abd, acd, bcd demand
    # opposite orientations, so no consistent cycle exists. (2) Two closed surfaces, one of
    # which is flat throughout: its simplices have no oriented neighbour to learn from.
    monkeypatch.setattr(_polytope, "_FLAT", 0.05)
    kite = np.array([[1.0, 0.0, 1.0], [0.0, 0.05, 1.0], [-1.0, 0.0, 1.0], [0.0, -1.0, 1.0], [0.0, 0.0, -1.0]])
    simplices = np.array([[0, 1, 2], [0, 2, 3], [0, 1, 3], [1, 2, 3]])
    tight = np.zeros((4, 5), dtype=bool)
    tight[:, :4] = True
    unit = kite / np.linalg.norm(kite, axis=1)[:, None]
    assert np.abs(np.linalg.det(unit[simplices])).tolist()[0] < 0.05 < min(np.abs(np.linalg.det(unit[simplices[1:]])))
    assert not hull_certificate(kite, simplices, tight)
    dual, faces, on = _tetrahedron()
    thin = dual * np.array([1.0, 0.02, 0.02])            # its unit-length points span almost nothing
    both = np.vstack([dual, thin])
    assert hull_certificate(both, faces, np.hstack([on, np.zeros_like(on)]))   # the first surface alone
    two_faces = np.vstack([faces, faces + 4])
    two_on = np.zeros((8, 8), dtype=bool)
    two_on[:4, :4], two_on[4:, 4:] = on, on
    assert not hull_certificate(both, two_faces, two_on)
    # more than 64 rows: bit keys do not fit, the walk decides
    assert not hull_certificate(np.vstack([dual] * 17), faces, np.hstack([on] * 17))
