"""Dynamo-style phase portraits in one call (EvolutionaryGame.plot): separatrices, closed orbits,
rest points by stability, continua — checked against hand derivations and simulations."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory import EvolutionaryGame
from gametheory.core.params import DomainError

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def stag_hunt():
    # Row: stag earns 4y, hare 3 (y the column's share of stag); symmetric for the column. By
    # hand: ẋ = x(1-x)(4y-3), ẏ = y(1-y)(4x-3); saddle at (3/4, 3/4) with Jacobian
    # [[0, 3/4], [3/4, 0]]: eigenvalues ±3/4, stable direction (1, -1).
    return EvolutionaryGame([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])


def test_stag_hunt_separatrix_splits_the_basins():
    eg = stag_hunt()
    curves = eg.separatrices()
    assert len(curves) == 2                       # the two branches of the saddle's stable manifold
    for c in curves:
        assert np.allclose(c[0, 0::2], [0.75, 0.75], atol=1e-3)      # leaves from the saddle
        d = c[1, 0::2] - c[0, 0::2]
        assert abs(d[0] + d[1]) < 1e-6 * np.linalg.norm(d) + 1e-9     # along (1, -1)
    # points just off the separatrix, on either side, end at different strict equilibria
    c = curves[0]
    i = int(np.argmax(np.linalg.norm(c[:, 0::2] - 0.75, axis=1) > 0.3))   # 0.3 away from the saddle
    p = c[i, 0::2]
    tangent = c[i + 1, 0::2] - c[i - 1, 0::2]
    normal = np.array([tangent[1], -tangent[0]]) / np.linalg.norm(tangent)
    ends = eg.simulate(np.array([p + 0.02 * normal, p - 0.02 * normal]), 200, max_step=0.05).final[:, 0::2]
    assert {tuple(np.round(e)) for e in ends} == {(1.0, 1.0), (0.0, 0.0)}
    # the separatrix is symmetric under swapping the populations (the game is)
    a, b = curves[0][-1, 0::2], curves[1][-1, 0::2]
    assert np.allclose(a, b[::-1], atol=1e-3)


def test_matching_pennies_orbits_are_closed_and_conserve_the_constant_of_motion():
    # ẋ = x(1-x)(4y-2), ẏ = y(1-y)(2-4x): H = log x(1-x) + log y(1-y) has
    # Ḣ = (1-2x)(4y-2) + (1-2y)(2-4x) = 0, so orbits are closed around (1/2, 1/2).
    eg = EvolutionaryGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    orbits = eg.closed_orbits(4)
    assert len(orbits) == 4
    for o in orbits:
        assert np.array_equal(o[0], o[-1])                           # drawn closed
        x, y = o[:-1, 0], o[:-1, 2]
        H = np.log(x * (1 - x)) + np.log(y * (1 - y))
        assert np.ptp(H) < 1e-6
        ang = np.unwrap(np.arctan2(y - 0.5, x - 0.5))
        assert 2 * np.pi - 0.1 < abs(ang[-1] - ang[0]) < 2 * np.pi + 0.1  # once round


def test_rock_paper_scissors_orbits_conserve_the_product():
    # zero-sum RPS: d/dt log(x0 x1 x2) = Σ (Ax)_i - 3 xᵀAx = 0 (A antisymmetric, rows sum to 0)
    eg = EvolutionaryGame([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], symmetric=True)
    orbits = eg.closed_orbits(3)
    assert len(orbits) == 3
    for o in orbits:
        assert np.array_equal(o[0], o[-1])
        assert np.ptp(np.log(o[:-1].prod(axis=1))) < 1e-6
    # a stable spiral (a > b) has no closed orbits
    assert EvolutionaryGame([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], symmetric=True).closed_orbits(3) == ()


def _labels(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_portraits_in_one_call():
    ax = stag_hunt().plot(n=4, t=10)
    labels = _labels(ax)
    assert {"separatrix", "asymptotically stable", "unstable", "saddle"} <= set(labels)
    assert all(t.get_fontsize() >= 8 for t in ax.get_legend().get_texts())
    ax = EvolutionaryGame([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], symmetric=True).plot(n=3)
    assert {"closed orbit", "centre", "saddle"} <= set(_labels(ax))
    # an attracting edge of rest points: drawn as a continuum, its points Lyapunov stable
    ax = EvolutionaryGame([[[1, 1], [0, 0]], [[0, 0], [0, 0]]]).plot(n=2, t=5)
    assert {"continuum of rest points (attracting)", "Lyapunov stable (not asymptotically)"} <= set(_labels(ax))
    U1 = np.zeros((2, 2, 2)); U1[0] = 1
    U2 = np.zeros((2, 2, 2)); U2[0, 0] = 2; U2[1, 1] = 2
    U3 = np.zeros((2, 2, 2)); U3[:, :, 0] = 1
    ax = EvolutionaryGame([U1, U2, U3]).plot(n=2, t=5, speed=False)
    assert ax.name == "3d" and "asymptotically stable" in _labels(ax)
    with pytest.raises(DomainError):
        EvolutionaryGame([[1, 2, 0, 0]] * 4, symmetric=True).plot()
    with pytest.raises(DomainError):
        stag_hunt().separatrices(t=-1)
    with pytest.raises(DomainError):
        stag_hunt().closed_orbits(0)
