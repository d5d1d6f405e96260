"""Bounded work and overflow in the bimatrix enumeration (issue 11).

The games are generated here (no external files): heavily degenerate games of the kind found in
Gambit's collection (strategic forms of extensive games) — many duplicate and dominated
strategies, small integer payoffs.
"""

from __future__ import annotations

import time
from fractions import Fraction as F

import numpy as np
import pytest

from gametheory.core.params import DomainError
from gametheory.core.bimatrix import _polytope, enumerate_equilibria
from gametheory.core.budget import Budget

from tests.strategies import degenerate_game

UNLIMITED = Budget(seconds=None, max_vertices=None, max_work=None)


def eqset(res):
    return {(tuple(x), tuple(y)) for x, y in res.equilibria}


def pure_equilibria(A, B):
    A, B = np.asarray(A), np.asarray(B)
    mask = (A == A.max(axis=0, keepdims=True)) & (B == B.max(axis=1, keepdims=True))
    return {(int(i), int(j)) for i, j in np.argwhere(mask)}


def test_tiny_budget_returns_quickly_incomplete_with_a_message():
    A, B = degenerate_game(8, 16, seed=1)
    t0 = time.monotonic()
    res = enumerate_equilibria(A, B, budget=Budget(max_work=10))
    assert time.monotonic() - t0 < 5
    assert res.complete is False
    assert "8x16 game" in res.message and "work limit of 10" in res.message
    assert "raise the budget" in res.message and "lcp_solve" in res.message
    assert all(g == 0 for g in res.max_deviation_gain)          # what is listed is verified
    found = {(int(np.argmax(x)), int(np.argmax(y))) for x, y in res.equilibria
             if max(x) == 1 and max(y) == 1}
    assert found == pure_equilibria(A, B)                        # every pure equilibrium is there


def test_tiny_time_limit_and_vertex_limit():
    A, B = degenerate_game(8, 16, seed=2)
    res = enumerate_equilibria(A, B, budget=Budget(seconds=30, max_vertices=3))
    assert not res.complete and "vertex limit of 3" in res.message
    res = enumerate_equilibria(A, B, time_limit=1e-9)
    assert not res.complete and "time limit" in res.message


@pytest.mark.parametrize("seed", range(12))
def test_default_budget_is_complete_and_equal_to_unlimited(seed):
    m, n = [(3, 5), (4, 6), (5, 5), (4, 8)][seed % 4]
    A, B = degenerate_game(m, n, seed=100 + seed)
    res = enumerate_equilibria(A, B)
    ref = enumerate_equilibria(A, B, budget=UNLIMITED)
    assert res.complete and ref.complete
    assert eqset(res) == eqset(ref)
    assert all(g == 0 for g in res.max_deviation_gain)


@pytest.mark.parametrize("seed", range(15))
def test_double_description_equals_the_certified_walk(seed, monkeypatch, general_path):
    # the exact double description (used when degenerate vertices cannot be certified) must give
    # the same extreme equilibria as qhull + its certificates (oriented boundary or adjacency walk)
    m, n = [(3, 3), (3, 6), (4, 5), (5, 4), (2, 7)][seed % 5]
    A, B = degenerate_game(m, n, seed=200 + seed, hi=2)
    ref = enumerate_equilibria(A, B)
    assert ref.complete
    monkeypatch.setattr(_polytope.BestResponsePolytope, "close", lambda self, *a, **k: False)
    monkeypatch.setattr(_polytope, "HULL_CERTIFICATE_WORK", 0)
    res = enumerate_equilibria(A, B)
    assert res.complete and "double description" in res.method
    assert eqset(res) == eqset(ref)


def test_heavily_degenerate_9x27_is_complete_fast():
    # a 9x27 game with many copies: the subset screening at its degenerate vertices is far over
    # its cap; the double description finishes within the default budget
    A, B = degenerate_game(9, 27, seed=5, hi=3, dup=0.7)
    t0 = time.monotonic()
    res = enumerate_equilibria(A, B)
    assert res.complete and time.monotonic() - t0 < 30
    assert all(g == 0 for g in res.max_deviation_gain)


def test_large_degenerate_game_is_refused_or_solved_within_seconds():
    A, B = degenerate_game(48, 48, seed=9, hi=4, dup=0.6)
    t0 = time.monotonic()
    res = enumerate_equilibria(A, B)
    assert time.monotonic() - t0 < 20
    if not res.complete:
        assert "48x48 game" in res.message and "exceeded" in res.message
    assert all(g == 0 for g in res.max_deviation_gain)


def test_budget_argument_validation():
    with pytest.raises(DomainError):
        enumerate_equilibria([[1]], [[1]], budget="10")
    with pytest.raises(DomainError):
        enumerate_equilibria([[1]], [[1]], time_limit=-1)
    assert enumerate_equilibria([[1]], [[1]], budget=5).complete


# ---------------------------------------------------------------------------------- overflow
@pytest.mark.parametrize("scale", [1.0, 1e300, 2.0 ** 1000, 1e308, 1.7e308])
def test_matching_pennies_at_any_scale(scale):
    # by hand: matching pennies has the unique equilibrium (1/2, 1/2), (1/2, 1/2) at any scale
    A = np.array([[1.0, -1.0], [-1.0, 1.0]]) * scale
    res = enumerate_equilibria(A, -A)
    assert res.complete and len(res) == 1
    x, y = res.equilibria[0]
    assert np.allclose(x, [0.5, 0.5], atol=1e-12) and np.allclose(y, [0.5, 0.5], atol=1e-12)
    assert all(np.isfinite(g) and g <= 1e-12 * scale for g in res.max_deviation_gain)
    assert all(np.isfinite(u) for pay in res.payoffs for u in pay)
    if scale > 2.0 ** 1000:
        assert "rescaled exactly" in res.message


def test_overflow_with_tiny_entries_is_refused():
    A = np.array([[1e308, 1e-320], [-1e308, 1.0]])
    with pytest.raises(DomainError, match="rescale"):
        enumerate_equilibria(A, -A)


def test_huge_exact_payoffs_need_no_rescaling():
    s = 10 ** 400
    res = enumerate_equilibria([[s, -s], [-s, s]], [[-s, s], [s, -s]])
    assert res.complete and eqset(res) == {((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))}


def test_no_complete_result_has_a_non_finite_certificate():
    rng = np.random.default_rng(4)
    for _ in range(20):
        A = rng.choice([-1.7e308, -1e308, 0.0, 1e308, 1.7e308], size=(3, 3))
        B = rng.choice([-1.7e308, 0.0, 1.7e308], size=(3, 3))
        res = enumerate_equilibria(A, B)
        if res.complete:
            assert all(np.isfinite(g) for g in res.max_deviation_gain)
            assert all(np.isfinite(u) for pay in res.payoffs for u in pay)


def test_normal_form_game_passes_the_budget_on():
    from gametheory.core.budget import BudgetExceeded
    from gametheory.core.normal_form import NormalFormGame

    A, B = degenerate_game(8, 16, seed=1)
    game = NormalFormGame((A, B))
    res = game.equilibria(budget=Budget(max_work=10))
    assert not res.complete and "8x16 game" in res.message
    with pytest.raises(BudgetExceeded, match="8x16 game"):
        game.mixed_equilibria(budget=Budget(max_work=10))
    assert len(game.mixed_equilibria(time_limit=60)) == len(enumerate_equilibria(A, B))
