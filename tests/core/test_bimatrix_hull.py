"""qhull's facets without the volume: the same arrays as scipy.spatial.ConvexHull, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial import ConvexHull

from gametheory.core.bimatrix import _hull
from gametheory.core.bimatrix._hull import hull_facets


def _polar_dual(M: np.ndarray) -> np.ndarray:
    """The points whose hull facets are the vertices of {z >= 0 : M^T z <= 1} (as both paths build them)."""
    d, k = M.shape
    G = np.concatenate((-np.eye(d), M.T))
    h = np.r_[np.zeros(d), np.ones(k)]
    c = np.full(d, 0.5 / M.sum(axis=0).max())
    return G / (h - G @ c)[:, None]


def _same_as_convex_hull(points: np.ndarray) -> None:
    # the private wrapper itself (hull_facets could have fallen back to ConvexHull)
    try:
        hull = ConvexHull(points)
    except Exception as exc:   # qhull refuses the input: so must the wrapper, with the same error
        with pytest.raises(type(exc)):
            _hull._by_qhull_wrapper(points)
        return
    for ours, theirs in zip(_hull._by_qhull_wrapper(points), (hull.equations, hull.simplices, hull.neighbors)):
        assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs)


def test_the_private_wrapper_is_in_use_on_this_scipy():
    # the speed-up is real only if the check at first use passed on the installed scipy; a
    # future scipy that changes the wrapper fails this test on purpose (results stay right
    # through the fallback, but the speed-up is gone and should be looked at)
    hull_facets(np.vstack([np.zeros(3), np.eye(3)]))
    assert _hull._CHOICE == [_hull._by_qhull_wrapper]


@pytest.mark.parametrize("d", [2, 3, 4, 5, 6, 8])
def test_random_points(d):
    rng = np.random.default_rng(d)
    for _ in range(20):
        _same_as_convex_hull(rng.standard_normal((d + 1 + int(rng.integers(0, 3 * d)), d)))


@pytest.mark.parametrize("k", [4, 6, 8, 10])
def test_polar_duals_of_float_and_degenerate_games(k):
    # uniform payoffs (nondegenerate), integer payoffs 0..9 (degenerate vertices: coplanar dual
    # points), and payoffs with two equal columns
    rng = np.random.default_rng(100 + k)
    for _ in range(6):
        for M in (rng.random((k, k)), rng.integers(0, 10, (k, k)).astype(float)):
            _same_as_convex_hull(_polar_dual((M - M.min()) / (M.max() - M.min() + 1.0) + 1.0))
        M = rng.random((k, k)) + 1.0
        M[:, 1] = M[:, 0]
        _same_as_convex_hull(_polar_dual(M))


def test_flat_input_raises_qhull_error_as_convex_hull_does():
    _same_as_convex_hull(np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 1.0, 0.0]]))


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 7), st.integers(0, 12), st.integers(0, 2**32 - 1), st.booleans())
def test_any_point_set(d, extra, seed, rounded):
    points = np.random.default_rng(seed).standard_normal((d + 1 + extra, d))
    if rounded:   # a coarse grid: repeated and coplanar points
        points = np.round(points)
    _same_as_convex_hull(points)


def test_a_failing_or_different_wrapper_falls_back_to_convex_hull(monkeypatch):
    def broken(points):
        raise TypeError("_Qhull() got an unexpected keyword argument")

    def shifted(points):
        eq, simplices, neighbors = _hull._by_convex_hull(points)
        return eq + 1e-12, simplices, neighbors

    for wrapper in (broken, shifted):
        monkeypatch.setattr(_hull, "_by_qhull_wrapper", wrapper)
        assert _hull._choose() is _hull._by_convex_hull
