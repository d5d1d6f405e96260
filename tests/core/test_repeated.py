"""Tests of gametheory.core.repeated (grim-trigger critical discount factors).

Expected values: Friedman (1971) / Tirole (1988, ch. 6) for Cournot 9/17 and Bertrand 1/2; the
n-firm Cournot formula is derived below; prisoner's dilemmas by hand.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from gametheory.core.params import DomainError
from gametheory.core.repeated import (
    critical_discount_factor,
    critical_discount_factor_game,
    critical_discount_factors,
)

a, b, c = sp.symbols("a b c", positive=True)


def cournot_payoffs(n):
    """Per-period payoffs of n symmetric Cournot firms (P = a - bQ, unit cost c, A = a - c).

    Collusion: monopoly output A/(2b) shared, C = A^2/(4bn).
    Deviation: best reply to the others' (n-1)A/(2bn): q = (A - (n-1)A/(2n))/(2b) = (n+1)A/(4bn),
    D = b q^2 = (n+1)^2 A^2/(16 b n^2).
    Punishment (Cournot-Nash): q = A/(b(n+1)), P = A^2/(b(n+1)^2).
    Then D - C = (n-1)^2 A^2/(16 b n^2), D - P = (n-1)^2 (n^2 + 6n + 1) A^2/(16 b n^2 (n+1)^2),
    so delta*(n) = (n+1)^2/(n^2 + 6n + 1); n = 2 gives 9/17.
    """
    A = a - c
    return A**2 / (4 * b * n), (n + 1) ** 2 * A**2 / (16 * b * n**2), A**2 / (b * (n + 1) ** 2)


def test_cournot_duopoly_is_nine_seventeenths():
    res = critical_discount_factor(*cournot_payoffs(2))
    assert sp.simplify(res.critical_discount - sp.Rational(9, 17)) == 0
    assert res.sustains(sp.Rational(9, 17)) is True and res.sustains(sp.Rational(1, 2)) is False


@pytest.mark.parametrize("n", range(2, 9))
def test_n_firm_cournot_formula(n):
    res = critical_discount_factor(*cournot_payoffs(n))
    assert sp.simplify(res.critical_discount - sp.Rational((n + 1) ** 2, n**2 + 6 * n + 1)) == 0


def test_n_firm_cournot_symbolic_n_and_monotone():
    n = sp.Symbol("n", positive=True, integer=True)
    C, D, P = cournot_payoffs(n)
    res = critical_discount_factor(C, D, P)
    assert sp.simplify(res.critical_discount - (n + 1) ** 2 / (n**2 + 6 * n + 1)) == 0
    # collusion gets harder with more firms: d delta*/dn = 4(n^2 - 1)/(n^2+6n+1)^2 > 0 for n > 1
    dd = sp.diff((n + 1) ** 2 / (n**2 + 6 * n + 1), n)
    assert sp.simplify(dd - 4 * (n**2 - 1) / (n**2 + 6 * n + 1) ** 2) == 0


def test_bertrand_is_one_half():
    # homogeneous Bertrand duopoly: C = M/2, undercutting D = M, punishment P = 0 -> 1/2
    M = sp.Symbol("M", positive=True)
    assert critical_discount_factor(M / 2, M, 0).critical_discount == sp.Rational(1, 2)
    # n firms: 1 - 1/n
    assert critical_discount_factor(M / 5, M, 0).critical_discount == sp.Rational(4, 5)


def test_prisoners_dilemma_and_derivation():
    res = critical_discount_factor(3, 5, 1)                      # (5 - 3)/(5 - 1)
    assert res.critical_discount == sp.Rational(1, 2)
    delta = sp.Symbol("delta", positive=True)
    ic = res.derivation[0]
    assert ic.subs(delta, sp.Rational(1, 2)) == sp.true and ic.subs(delta, sp.Rational(2, 5)) == sp.false
    assert res.incentive == sp.Ge(delta, sp.Rational(1, 2))


def test_no_incentive_to_deviate_gives_zero():
    res = critical_discount_factor(3, 3, 1)
    assert res.critical_discount == 0 and "no deviation gain" in res.method


def test_punishment_must_be_a_threat():
    with pytest.raises(DomainError, match="punishment payoff"):
        critical_discount_factor(3, 5, 3)
    with pytest.raises(DomainError):
        critical_discount_factor(3, float("nan"), 1)
    with pytest.raises(DomainError, match="delta"):
        critical_discount_factor(3, 5, 1).sustains(1)


def test_symbolic_conditions_left_open():
    C, D, P = sp.symbols("C D P")
    res = critical_discount_factor(C, D, P)
    assert sp.simplify(res.critical_discount - (D - C) / (D - P)) == 0
    assert res.conditions == sp.And(C > P, D - C > 0)


@given(C=st.fractions(-10, 10), gain=st.fractions(0, 10).filter(lambda g: g > 0), loss=st.fractions(0, 10).filter(lambda x: x > 0))
def test_threshold_makes_incentive_constraint_bind(C, gain, loss):
    D, P = C + gain, C - loss
    star = critical_discount_factor(C, D, P).critical_discount
    assert 0 < star < 1
    # at delta*, cooperation value equals deviation value: C/(1-d) = D + d P/(1-d)
    assert C / (1 - star) == D + star * P / (1 - star)


def test_vectorised_against_n():
    n = np.arange(2, 12)
    C, D, P = 1 / (4 * n), (n + 1) ** 2 / (16 * n**2), 1 / (n + 1) ** 2
    assert np.allclose(critical_discount_factors(C, D, P), (n + 1) ** 2 / (n**2 + 6 * n + 1))
    with pytest.raises(DomainError):
        critical_discount_factors([1], [2], [1])


def test_game_prisoners_dilemma():
    # T = 4, R = 3, P = 1, S = 0: (4 - 3)/(4 - 1) = 1/3; punishment found as the unique pure NE
    pd = ([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    res = critical_discount_factor_game(pd, (0, 0))
    assert res.critical_discount == sp.Rational(1, 3)
    assert res.punishment_profile == (1, 1) and res.best_deviations == (1, 1)
    assert res.punishment_is_equilibrium is True


def test_game_asymmetric_binding_player():
    # player 0: C = 3, D = 6, P = 1 -> 3/5; player 1: C = 2, D = 3, P = 0 -> 1/3; binding: player 0
    g = ([[3, 0], [6, 1]], [[2, 3], [0, 0]])
    res = critical_discount_factor_game(g, (0, 0), (1, 1))
    assert res.critical_discount == sp.Rational(3, 5) and res.binding_player == 0
    with pytest.raises(DomainError, match="not a Nash equilibrium"):
        critical_discount_factor_game(g, (0, 0), (0, 1))


def test_game_cournot_three_quantities_gives_nine_seventeenths():
    # a - c = 9, b = 1: collusive 9/4, Nash 3, best reply to 9/4 is (9 - 9/4)/2 = 27/8
    qs = [sp.Rational(9, 4), sp.Integer(3), sp.Rational(27, 8)]
    u1 = np.array([[(9 - qi - qj) * qi for qj in qs] for qi in qs], dtype=object)
    res = critical_discount_factor_game((u1, u1.T), (0, 0), (1, 1))
    assert res.critical_discount == sp.Rational(9, 17)
    assert res.best_deviations == (2, 2)


def test_game_with_normal_form_game_and_labels():
    nf = pytest.importorskip("gametheory.core.normal_form")
    game = nf.NormalFormGame(([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    res = critical_discount_factor_game(game, (0, 0), (1, 1))
    assert res.critical_discount == sp.Rational(1, 2)
    labels = game.strategies[0]
    res2 = critical_discount_factor_game(game, (labels[0], labels[0]), (labels[1], labels[1]))
    assert res2.critical_discount == sp.Rational(1, 2)


def test_game_symbolic_payoffs():
    # PD with P > 0, R = P + h, T = R + g (g, h > 0): delta* = (T - R)/(T - P) = g/(g + h)
    Pn, g, h = sp.symbols("P g h", positive=True)
    R, T = Pn + h, Pn + h + g
    pd = (np.array([[R, 0], [T, Pn]], dtype=object), np.array([[R, T], [0, Pn]], dtype=object))
    res = critical_discount_factor_game(pd, (0, 0), (1, 1))
    assert sp.simplify(res.critical_discount - g / (g + h)) == 0
    assert res.best_deviations == (1, 1) and res.punishment_is_equilibrium is True


def test_game_bad_input():
    pd = ([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    with pytest.raises(DomainError, match="one strategy per player"):
        critical_discount_factor_game(pd, (0,), (1, 1))
    with pytest.raises(DomainError, match="not an index"):
        critical_discount_factor_game(pd, (0, 2), (1, 1))
    with pytest.raises(DomainError, match="shape"):
        critical_discount_factor_game(([[1, 2]], [[1], [2]]), (0, 0))
    coordination = ([[2, 0], [0, 1]], [[2, 0], [0, 1]])
    with pytest.raises(DomainError, match="2 pure Nash"):
        critical_discount_factor_game(coordination, (0, 0))


def test_game_input_error_paths():
    # Error paths: a non-iterable game, a game without players, and a strategy label
    # given for a game built from bare arrays (which has no labels).
    pd = ([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(DomainError, match="NormalFormGame or a sequence"):
        critical_discount_factor_game(5, (0, 0))
    with pytest.raises(DomainError, match="no players"):
        critical_discount_factor_game([], ())
    with pytest.raises(DomainError, match="unknown strategy"):
        critical_discount_factor_game(pd, ("C", "C"), (1, 1))
