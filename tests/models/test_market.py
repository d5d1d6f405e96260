"""Cournot market block: expected values from hand derivations (stated per test)."""

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, strategies as st

from gametheory.core.params import DomainError
from gametheory.models.market import Cournot


def test_symmetric_duopoly_matches_textbook():
    a, b, c = sp.symbols("a b c", positive=True)
    eq = Cournot(a=a, b=b, costs=(c, c)).equilibrium()
    assert sp.simplify(eq.quantities[0] - (a - c) / (3 * b)) == 0      # q* = (a - c)/3b
    assert sp.simplify(eq.price - (a + 2 * c) / 3) == 0                 # P = (a + 2c)/3
    assert sp.simplify(eq.profits[0] - (a - c) ** 2 / (9 * b)) == 0     # pi = (a-c)^2/9b
    assert sp.simplify(eq.consumer_surplus - 2 * (a - c) ** 2 / (9 * b)) == 0  # b Q^2/2, Q = 2(a-c)/3b
    assert eq.max_deviation_gain == 0
    assert eq.conditions == (a - c > 0)                                  # q* > 0 iff a > c


def test_helping_a_minor_firm_can_lower_welfare():                      # Lahiri & Ono (1988)
    # By hand, a=10, b=1, c1=1: dW/dc2 = (11 c2 - 47)/9 > 0 on (47/11, 11/2), so W(9/2) < W(5).
    # c2 = 5: q = (13/3, 1/3), CS = (14/3)^2/2 = 98/9, PS = 170/9 -> W = 268/9.
    # c2 = 9/2: q = (25/6, 2/3), Q = 29/6, CS = 841/72, PS = 625/36 + 4/9 -> W = 2123/72.
    W = lambda c2: Cournot(a=10, b=1, costs=(1, c2)).equilibrium().welfare
    assert W(5) == sp.Rational(268, 9) and W(sp.Rational(9, 2)) == sp.Rational(2123, 72)
    assert W(sp.Rational(9, 2)) < W(5)


def test_high_cost_firm_exits_and_rest_resolved():
    # a=10, b=1, c=(1, 2, 8): interior q3 = (10 - 32 + 11)/4 < 0 -> exits;
    # duopoly on {1, 2}: q1 = (10 - 2 + 2)/3 = 10/3, q2 = (10 - 4 + 1)/3 = 7/3, P = 13/3 < 8.
    eq = Cournot(10, 1, (1, 2, 8)).equilibrium()
    assert eq.quantities == (sp.Rational(10, 3), sp.Rational(7, 3), 0)
    assert eq.active == (True, True, False)
    assert eq.price == sp.Rational(13, 3)
    assert eq.max_deviation_gain == 0            # firm 3 cannot profit: P < c3


def test_tied_marginal_firms_exit_together():
    # a=4, b=1, c=(1, 3, 3): interior with all three: q_(3) = (4 - 12 + 7)/4 < 0 -> both exit
    # (ties exit together); monopoly q1 = 3/2, P = 5/2 < 3.
    eq = Cournot(4, 1, (1, 3, 3)).equilibrium()
    assert eq.quantities == (sp.Rational(3, 2), 0, 0)


def test_symbolic_costs_carry_positivity_conditions():
    a, b, c1, c2 = sp.symbols("a b c1 c2", positive=True)
    eq = Cournot(a, b, (c1, c2)).equilibrium()
    q2 = (a - 2 * c2 + c1) / (3 * b)
    assert sp.simplify(eq.quantities[1] - q2) == 0
    assert eq.conditions != sp.true                    # q_i > 0 not decidable from assumptions
    assert eq.conditions.subs({a: 10, b: 1, c1: 1, c2: 5}) == sp.true
    assert eq.conditions.subs({a: 10, b: 1, c1: 1, c2: 7}) == sp.false


def test_marginal_effects_match_differentiation():
    a, b = sp.symbols("a b", positive=True)
    cs = sp.symbols("c1:4", positive=True)
    market = Cournot(a, b, cs)
    eq, eff = market.equilibrium(), market.marginal_effects()
    for i in range(3):
        for j in range(3):
            assert sp.simplify(sp.diff(eq.quantities[i], cs[j]) - eff.dq[i][j]) == 0
            assert sp.simplify(sp.diff(eq.profits[i], cs[j]) - eff.dprofit[i][j]) == 0
        assert sp.simplify(sp.diff(eq.welfare, cs[i]) - eff.dwelfare[i]) == 0


@given(
    a=st.fractions(5, 20),
    b=st.fractions(Fraction(1, 2), 3),
    costs=st.lists(st.fractions(0, 6), min_size=1, max_size=5).filter(lambda cs: min(cs) < 5),
)
def test_every_equilibrium_is_a_best_response_profile(a, b, costs):
    eq = Cournot(a, b, costs).equilibrium()
    assert eq.max_deviation_gain == 0
    Q = sum(eq.quantities)
    for c, q in zip(costs, eq.quantities):
        assert q >= 0
        if q > 0:
            assert eq.price > c                       # active firms cover cost
        else:
            assert eq.price <= c                      # inactive firms cannot profit
    assert eq.price == a - b * Q


@pytest.mark.parametrize(
    "args, match",
    [
        ((10, 0, (1, 2)), "b must be > 0"),
        ((10, 1, (-1, 2)), "must be >= 0"),
        ((1, 1, (2, 3)), "no firm can serve"),
        ((10, 1, ()), "at least 1"),
        ((float("nan"), 1, (1,)), "finite"),
        (("10", 1, (1,)), "number"),
    ],
)
def test_bad_input_is_rejected(args, match):
    with pytest.raises(DomainError, match=match):
        Cournot(*args)


def test_open_domain_conditions_travel_with_the_result():
    # Plain symbols (no assumptions): b > 0 and c >= 0 cannot be decided, so they are carried.
    a, b, c = sp.symbols("a b c")
    eq = Cournot(a, b, (c, c)).equilibrium()
    assert eq.conditions.has(b > 0) and eq.conditions.has(c >= 0)
    assert eq.conditions.subs({a: 10, b: 1, c: 1}) == sp.true
    assert eq.conditions.subs({a: 10, b: -1, c: 1}) == sp.false


@pytest.mark.parametrize("costs", [(1, 7), (1.0, 7.0), (Fraction(1, 3), 2, 2)])
def test_methods_do_not_write_into_the_frozen_market(costs):
    # Issue 12: derived state is set once in __post_init__; no method caches into the instance.
    m = Cournot(10, 1, costs)
    before = dict(vars(m))
    m.equilibrium()
    m.active_set()
    m.marginal_effects()
    m.equilibrium()
    assert vars(m).keys() == before.keys()
    assert all(vars(m)[k] is before[k] for k in before)


@pytest.mark.parametrize("a, costs", [(3.3000000000000003, (3.3, 3.3, 3.3)), (0.10000000000000005, (0.1, 0.1))])
def test_construction_never_solves(a, costs):
    # Review finding: a > c by one ulp with tied costs; rounding in the float active-set test
    # (a - (m+1)c + S <= 0) made construction fail once the solve ran in __post_init__. Building
    # the market must not depend on solving it (as before the change).
    m = Cournot(a, 1, costs)
    assert m.n == len(costs)
