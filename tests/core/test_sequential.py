"""Tests of gametheory.core.sequential (backward induction, Stackelberg).

Expected values are derived by hand in the comments.
"""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.params import DomainError
from gametheory.core.sequential import Stage, backward_induction, stackelberg

a, b, c = sp.symbols("a b c", positive=True)
qL, qF = sp.symbols("q_L q_F", nonnegative=True)


def test_stackelberg_textbook_symbolic():
    # follower: q_F = (a - c - b q_L)/(2b); leader maximises (a - c - b q_L) q_L / 2
    # -> q_L = (a - c)/(2b), q_F = (a - c)/(4b), price c + (a - c)/4, profits (a-c)^2/(8b), (a-c)^2/(16b)
    P = a - b * (qL + qF)
    out = stackelberg((P - c) * qL, qL, (P - c) * qF, qF)
    assert sp.simplify(out.path[qL] - (a - c) / (2 * b)) == 0
    assert sp.simplify(out.path[qF] - (a - c) / (4 * b)) == 0
    assert sp.simplify(out.payoffs[("leader", "leader")] - (a - c) ** 2 / (8 * b)) == 0
    assert sp.simplify(out.payoffs[("followers", "follower")] - (a - c) ** 2 / (16 * b)) == 0
    assert sp.simplify(out.strategies[qF] - (a - c - b * qL) / (2 * b)) == 0
    assert out.conditions == (a - c >= 0)


@settings(max_examples=10)
@given(A=st.fractions(1, 20, max_denominator=5), B=st.fractions(1, 5, max_denominator=5))
def test_stackelberg_numeric_matches_formula(A, B):
    P = A - B * (qL + qF)
    out = stackelberg(P * qL, qL, P * qF, qF)
    assert out.path[qL] == A / (2 * B) and out.path[qF] == A / (4 * B)


def test_stackelberg_with_deterrence_corner():
    # a = 10, b = 1, c_L = 1, c_F = 5: the interior follower output (a + 2c_L - 3c_F)/4 = -3/4 < 0.
    # Follower: q_F = max(0, (5 - q_L)/2). Leader on [0, 5]: (13 - q_L) q_L / 2, increasing (peak 13/2);
    # on [5, oo): (9 - q_L) q_L, decreasing (peak 9/2). So q_L = 5 (limit output), q_F = 0, profit 20.
    P = 10 - qL - qF
    out = stackelberg((P - 1) * qL, qL, (P - 5) * qF, qF)
    assert out.path == {qL: 5, qF: 0}
    assert out.payoffs[("leader", "leader")] == 20
    br = out.strategies[qF]
    assert br.subs(qL, 1) == 2 and br.subs(qL, 7) == 0        # max(0, (5 - q_L)/2)
    # the interior formula is rejected on this path
    with pytest.raises(DomainError, match="conditions fail"):
        stackelberg((P - 1) * qL, qL, (P - 5) * qF, qF, corners="interior")


def test_three_stage_subsidy_investment_market():
    # Stage 2 monopoly: P = A + x - q... profit (A + x + s - q) q - x^2 (b = 1, gamma = 2 -> gamma x^2/2 = x^2)
    #   -> q = (A + x + s)/2.
    # Stage 1: pi = (A + x + s)^2/4 - x^2 -> x = (A + s)/3 (SOC 1/2 - 2 < 0); q = 2(A + s)/3.
    # Stage 0: W = CS + pi - (1 + lambda) s q with CS = q^2/2 = 2(A+s)^2/9, pi = (A+s)^2/3:
    #   W = 5(A+s)^2/9 - (2/3)(1 + lambda) s (A + s) -> s* = A (2 - 3 lambda)/(1 + 6 lambda).
    A = sp.Symbol("A", positive=True)
    lam = sp.Symbol("lambda", nonnegative=True)
    s, x, q = sp.symbols("s x q")
    profit = (A + x + s - q) * q - x**2
    W = q**2 / 2 + profit - (1 + lam) * s * q
    stages = [
        Stage([s], [W], bounds=[(None, None)], name="government"),
        Stage([x], [profit], bounds=[(None, None)], name="investment"),
        Stage([q], [profit], bounds=[(None, None)], name="market"),
    ]
    out = backward_induction(stages)
    s_star = A * (2 - 3 * lam) / (1 + 6 * lam)
    assert sp.simplify(out.path[s] - s_star) == 0
    assert sp.simplify(out.path[x] - (A + s_star) / 3) == 0
    assert sp.simplify(out.path[q] - 2 * (A + s_star) / 3) == 0
    # lambda = 0: s* = 2A reaches the first best x = A, q = 2A, W = A^2
    assert sp.simplify(out.payoffs[("government", "s")].subs(lam, 0) - A**2) == 0
    assert [st.method for st in out.stages] == ["interior FOC", "interior FOC", "interior FOC"]


def test_three_stage_numeric_with_nonnegative_subsidy():
    # same game, A = 3, lambda = 1: s* = 3(2 - 3)/7 < 0 -> with s >= 0 the government picks s = 0;
    # then x = 1, q = 2.
    s, x, q = sp.symbols("s x q")
    profit = (3 + x + s - q) * q - x**2
    W = q**2 / 2 + profit - 2 * s * q
    out = backward_induction([
        Stage([s], [W], bounds=[(0, 10)]),
        Stage([x], [profit], bounds=[(0, 10)]),
        Stage([q], [profit], bounds=[(0, 50)]),
    ])
    assert out.path == {s: 0, x: 1, q: 2}


def test_entry_game_finite_first_stage():
    # entrant e in {0, 1}, then Cournot with A = a - c = 3, b = 1: q1 = A(2 - e)/(4 - e), q2 = A/3 if e = 1.
    # Entrant's profit when entering: (A/3)^2 - F = 1 - F. Enter iff F < 1.
    e, q1, q2 = sp.symbols("e q1 q2")
    for F, enter in ((sp.Rational(1, 2), 1), (2, 0)):
        stages = [
            Stage([e], [e * (3 - q1 - q2) * q2 - F * e], choices=[(0, 1)], name="entry"),
            Stage([q1, q2], [(3 - q1 - e * q2) * q1, e * (3 - q1 - q2) * q2], name="market"),
        ]
        out = backward_induction(stages)
        assert out.path[e] == enter
        assert out.path[q1] == (1 if enter else sp.Rational(3, 2))
        assert out.payoffs[("entry", "e")] == (sp.Rational(1, 2) if enter else 0)


def test_finite_stage_symbolic_threshold():
    # the same entry decision with a symbolic fixed cost F: enter iff F < 1
    F = sp.Symbol("F", positive=True)
    e, q1, q2 = sp.symbols("e q1 q2")
    out = backward_induction([
        Stage([e], [e * (3 - q1 - q2) * q2 - F * e], choices=[(0, 1)]),
        Stage([q1, q2], [(3 - q1 - e * q2) * q1, e * (3 - q1 - q2) * q2]),
    ])
    decision = out.path[e]
    assert decision.subs(F, sp.Rational(1, 2)) == 1 and decision.subs(F, 2) == 0


def test_cournot_market_stage_with_symbolic_costs():
    # simultaneous stage alone: q_i = (a - 2c_i + c_j)/(3b)
    c1, c2 = sp.symbols("c1 c2", positive=True)
    q1, q2 = sp.symbols("q1 q2")
    P = a - b * (q1 + q2)
    out = backward_induction([Stage([q1, q2], [(P - c1) * q1, (P - c2) * q2])])
    assert sp.simplify(out.path[q1] - (a - 2 * c1 + c2) / (3 * b)) == 0
    assert out.conditions == sp.And(a - 2 * c1 + c2 >= 0, a + c1 - 2 * c2 >= 0)


def test_bad_input():
    x, y = sp.symbols("x y")
    with pytest.raises(DomainError, match="one payoff per variable"):
        Stage([x, y], [x])
    with pytest.raises(DomainError, match="does not depend"):
        Stage([x], [y**2])
    with pytest.raises(DomainError, match="string"):
        Stage([x], ["x**2"])
    with pytest.raises(DomainError, match="exactly one stage"):
        backward_induction([Stage([x], [-x**2]), Stage([x], [-x**2])])
    with pytest.raises(DomainError, match="empty bounds"):
        Stage([x], [-x**2], bounds=[(1, 0)])
    with pytest.raises(DomainError, match="corners"):
        backward_induction([Stage([x], [-x**2])], corners="maybe")
    # convex payoff with a symbolic parameter: no interior maximum
    k = sp.Symbol("k", positive=True)
    with pytest.raises(DomainError):
        backward_induction([Stage([x], [k * x**2 - x], bounds=[(None, None)])], corners="interior")


def test_leader_with_two_followers_one_exits():
    # a = 10, b = 1, leader cost 1, followers' costs 1 and 4. Follower equilibrium given q_L:
    #   q_L < 3: q1 = 4 - q_L/3, q2 = 1 - q_L/3;  3 <= q_L < 9: q1 = (9 - q_L)/2, q2 = 0;  q_L >= 9: 0, 0.
    # Leader: on [0, 3) profit (4 - q_L/3) q_L is increasing (peak 6), reaching 9 at 3;
    # on [3, 9) profit (9 - q_L) q_L / 2 peaks at q_L = 9/2 with 81/8; beyond 9 profit <= 0.
    # So q_L = 9/2, q1 = 9/4, q2 = 0. (The interior formulas would give q_L = 6 and q2 = -1.)
    q1, q2 = sp.symbols("q1 q2")
    P = 10 - qL - q1 - q2
    out = stackelberg((P - 1) * qL, qL, [(P - 1) * q1, (P - 4) * q2], [q1, q2])
    assert out.path == {qL: sp.Rational(9, 2), q1: sp.Rational(9, 4), q2: 0}
    assert out.payoffs[("leader", "leader")] == sp.Rational(81, 8)
    with pytest.raises(DomainError, match="conditions fail"):
        stackelberg((P - 1) * qL, qL, [(P - 1) * q1, (P - 4) * q2], [q1, q2], corners="interior")


def test_sequential_game_class_and_public_name():
    import gametheory
    from gametheory.core.sequential import SequentialGame

    assert gametheory.SequentialGame is SequentialGame
    # Stackelberg with a = 10, b = 1, c = 1 as tuples: (9 - q_L)/2 follower, leader 9/2
    P = 10 - qL - qF
    game = SequentialGame([([qL], [(P - 1) * qL]), ([qF], [(P - 1) * qF])])
    out = game.solve()
    assert out.path == {qL: sp.Rational(9, 2), qF: sp.Rational(9, 4)}
    with pytest.raises(DomainError, match="give a Stage"):
        SequentialGame([qL])


def test_numeric_paths_are_verified_by_deviation_gains():
    P = 10 - qL - qF
    corner = stackelberg((P - 1) * qL, qL, (P - 5) * qF, qF)
    assert corner.max_deviation_gain is not None and corner.max_deviation_gain < 1e-9
    q1, q2 = sp.symbols("q1 q2")
    P3 = 10 - qL - q1 - q2
    two = stackelberg((P3 - 1) * qL, qL, [(P3 - 1) * q1, (P3 - 4) * q2], [q1, q2])
    assert two.max_deviation_gain < 1e-9
    # symbolic parameters: no numeric verification
    assert stackelberg((a - b * (qL + qF) - c) * qL, qL, (a - b * (qL + qF) - c) * qF, qF).max_deviation_gain is None


def test_unbounded_stage_payoff_is_an_error():
    x = sp.Symbol("x")
    with pytest.raises(DomainError, match="unbounded"):
        backward_induction([Stage([x], [x])])


def test_simultaneous_finite_stage_technology_adoption():
    # Two firms adopt (d_i = 1) a technology cutting unit cost from 2 to 1 at fixed cost F, then Cournot
    # with a = 6, b = 1: q_i = (4 + 2 d_i - d_j)/3, profit q_i^2 - F d_i.
    # (0,0): 16/9 each; (1,0): 4 - F and 1; (1,1): 25/9 - F each.
    # F = 1: adopting is dominant (4 - 1 > 16/9, 25/9 - 1 > 1) -> (1, 1), q = 5/3.
    # F = 3: never adopt -> (0, 0), q = 4/3.  F = 2: (1, 0) and (0, 1) are both equilibria -> error.
    d1, d2, q1, q2 = sp.symbols("d1 d2 q1 q2")
    c1, c2 = 2 - d1, 2 - d2
    P = 6 - q1 - q2

    def game(F):
        return [
            Stage([d1, d2], [(P - c1) * q1 - F * d1, (P - c2) * q2 - F * d2], choices=[(0, 1), (0, 1)], name="adopt"),
            Stage([q1, q2], [(P - c1) * q1, (P - c2) * q2], name="market"),
        ]
    out = backward_induction(game(1))
    assert (out.path[d1], out.path[d2], out.path[q1]) == (1, 1, sp.Rational(5, 3))
    assert out.payoffs[("adopt", "d1")] == sp.Rational(16, 9)
    out = backward_induction(game(3))
    assert (out.path[d1], out.path[d2], out.path[q1]) == (0, 0, sp.Rational(4, 3))
    with pytest.raises(DomainError, match="2 pure Nash"):
        backward_induction(game(2))


def test_singular_continuation_is_a_clear_error():
    # the entrant's quantity FOC divides by e: at e = 0 the continuation is undefined
    e, q = sp.symbols("e q")
    with pytest.raises(DomainError, match="undefined"):
        backward_induction([Stage([e], [e * (3 - e * q) * q - e], choices=[(0, 1)]),
                            Stage([q], [e * (3 - e * q) * q], bounds=[(None, None)])], corners="interior")


def test_stage_and_game_construction_errors():
    # Error paths of Stage / backward_induction / SequentialGame input validation.
    x, y = sp.symbols("x y")
    with pytest.raises(DomainError, match="at least one variable"):
        Stage([], [])
    with pytest.raises(DomainError, match="must be sympy Symbols"):
        Stage([x**2], [-x**2])
    with pytest.raises(DomainError, match="distinct"):
        Stage([x, x], [-x**2, -x**2])
    with pytest.raises(DomainError, match="NaN"):
        Stage([x], [sp.nan * x])
    with pytest.raises(DomainError, match="pair per variable"):
        Stage([x, y], [-x**2, -y**2], bounds=[(0, 1)])
    with pytest.raises(DomainError, match="non-empty set of choices"):
        Stage([x], [x], choices=[()])
    # one choice set too many (was silently truncated by zip) or too few
    with pytest.raises(DomainError, match="non-empty set of choices"):
        Stage([x], [x], choices=[(0, 1), (0, 1)])
    with pytest.raises(DomainError, match="non-empty set of choices"):
        Stage([x, y], [x, y], choices=[(0, 1)])
    with pytest.raises(DomainError, match="non-empty sequence of Stage"):
        backward_induction([])
    with pytest.raises(DomainError, match="non-empty sequence of Stage"):
        backward_induction([([x], [-x**2])])
    from gametheory.core.sequential import SequentialGame
    with pytest.raises(DomainError, match="at least one stage"):
        SequentialGame([])
