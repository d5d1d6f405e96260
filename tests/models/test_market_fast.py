"""Cournot with many firms: the O(n log n) closed form for numeric costs, and the size guards.

Issue 11: ``Cournot`` with 10,000 firms ran past 60 s (sympy ``simplify`` per firm); numeric costs
now take the closed-form active set (sort + prefix sums) and symbolic ones are refused above
``MAX_SYMBOLIC_FIRMS`` with a message naming the size and the way out.
"""

import time
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from gametheory.core.params import DomainError
from gametheory.models.market import MAX_MARGINAL_ENTRIES, MAX_SYMBOLIC_FIRMS, Cournot


def _symbolic_route(a, b, costs):
    """The same market solved by the (old) symbolic active-set solver, for comparison."""
    market = Cournot(a, b, costs)
    object.__setattr__(market, "_fast", None)
    return market.equilibrium()


def test_hand_derived_exits():
    # a = 12, b = 2, c = (10, 1, 3, 2, 10). Sorted 1, 2, 3, 10, 10; the test a - (m+1)c_(m) + S_m:
    # m=1: 12 - 2 + 1 = 11 > 0; m=2: 12 - 6 + 3 = 9 > 0; m=3: 12 - 12 + 6 = 6 > 0;
    # m=5 (block end of the tie at 10): 12 - 60 + 26 = -22 <= 0  ->  m* = 3, both cost-10 firms exit.
    # P = (12 + 1 + 2 + 3)/4 = 9/2; q_i = (P - c_i)/b = 7/4, 5/4, 3/4; Q = 15/4 (P = 12 - 2*15/4 ok).
    # pi_i = b q_i^2 = 49/8, 25/8, 9/8 -> PS = 83/8; CS = bQ^2/2 = 225/16; W = 391/16.
    eq = Cournot(12, 2, (10, 1, 3, 2, 10)).equilibrium()
    h = sp.Rational
    assert eq.quantities == (0, h(7, 4), h(3, 4), h(5, 4), 0)
    assert eq.active == (False, True, True, True, False)
    assert eq.price == h(9, 2)
    assert eq.profits == (0, h(49, 8), h(9, 8), h(25, 8), 0)
    assert eq.producer_surplus == h(83, 8) and eq.consumer_surplus == h(225, 16)
    assert eq.welfare == h(391, 16)
    assert eq.max_deviation_gain == 0                       # P = 9/2 < 10: the exits are best replies
    assert eq.method == "closed form (active set)"
    assert all(isinstance(x, sp.Rational) for x in eq.quantities + (eq.price, eq.welfare))


def test_zero_quantity_at_the_margin_exits_like_before():
    # a = 10, b = 1, c = (1, 11/2): with both active firm 2's numerator is 10 - 3*(11/2) + 13/2 = 0,
    # so q_2 = 0 exactly: it is counted out (strict q > 0), monopoly q_1 = 9/2, P = 11/2 = c_2.
    eq = Cournot(10, 1, (1, Fraction(11, 2))).equilibrium()
    assert eq.quantities == (sp.Rational(9, 2), 0) and eq.active == (True, False)
    # tied at the margin: c = (1, 11/2, 11/2): 10 - 4*(11/2) + 12 = 0 -> both exit together.
    eq = Cournot(10, 1, (1, Fraction(11, 2), Fraction(11, 2))).equilibrium()
    assert eq.quantities == (sp.Rational(9, 2), 0, 0)
    # same answers as the symbolic route (today's behaviour kept)
    for costs in [(1, Fraction(11, 2)), (1, Fraction(11, 2), Fraction(11, 2)), (1, 3, 3)]:
        slow = _symbolic_route(10, 1, costs)
        fast = Cournot(10, 1, costs).equilibrium()
        assert fast.quantities == slow.quantities and fast.welfare == slow.welfare


def test_floats_stay_floats():
    # a = 10, b = 1, c = (1.0, 7.0): firm 2 exits (10 - 14 + 1 < 0), q_1 = 4.5, P = 5.5.
    eq = Cournot(10, 1, (1.0, 7.0)).equilibrium()
    assert eq.quantities == (4.5, 0) and isinstance(eq.quantities[0], sp.Float)
    assert eq.price == 5.5 and eq.welfare == pytest.approx(4.5 ** 2 / 2 + 4.5 ** 2)


def _brute_force_ok(a, b, costs, eq):
    """Every active firm produces q > 0; every inactive firm's best reply to the others is 0."""
    Q = sum(eq.quantities)
    assert eq.price == a - b * Q
    for c, q, on in zip(costs, eq.quantities, eq.active):
        if on:
            assert q > 0
            assert sp.Rational(a) - c - b * Q == b * q  # FOC on the active set: a - c - bQ = bq
        else:
            assert q == 0
            assert a - c - b * Q <= 0                   # best reply to Q_{-i} = Q is max(0, .) = 0


@settings(max_examples=60, deadline=None)
@given(
    a=st.fractions(1, 30),
    b=st.fractions(Fraction(1, 4), 4),
    costs=st.lists(st.fractions(0, 30, max_denominator=12), min_size=1, max_size=12),
)
def test_fast_path_agrees_with_brute_force_active_set(a, b, costs):
    if not a > min(costs):
        with pytest.raises(DomainError, match="no firm can serve"):
            Cournot(a, b, costs)
        return
    eq = Cournot(a, b, costs).equilibrium()
    _brute_force_ok(a, b, costs, eq)
    assert eq.max_deviation_gain == 0


@settings(max_examples=25, deadline=None)
@given(
    a=st.integers(4, 20),
    costs=st.lists(st.integers(0, 12).map(lambda k: Fraction(k, 2)), min_size=1, max_size=5),
)
def test_fast_path_equals_symbolic_route(a, costs):
    # small markets with many ties: the closed form and the symbolic solver give identical results
    if not a > min(costs):
        return
    fast, slow = Cournot(a, 1, costs).equilibrium(), _symbolic_route(a, 1, costs)
    for field in ("quantities", "price", "profits", "consumer_surplus", "producer_surplus", "welfare",
                  "active", "max_deviation_gain"):
        assert getattr(fast, field) == getattr(slow, field), field


def test_ten_thousand_firms_in_well_under_a_second():
    # 10^4 firms with costs k/100 (k = 0..999, ten of each): before issue 11 this took 81 s.
    costs = [Fraction(k % 1000, 100) for k in range(10_000)]
    t = time.perf_counter()
    eq = Cournot(20, 1, costs).equilibrium()
    assert time.perf_counter() - t < 10          # measured ~0.1 s; generous for a loaded machine
    _brute_force_ok(20, 1, costs, eq)
    m = sum(eq.active)
    # by hand: all firms with cost <= c* are active, where the last active tie block passes the test
    assert all(on == (c <= max(c for c, o in zip(costs, eq.active) if o)) for c, on in zip(costs, eq.active))
    assert m % 10 == 0                           # ties of ten enter or exit together


def test_symbolic_size_guard_names_the_size_and_the_way_out():
    cs = sp.symbols(f"c0:{MAX_SYMBOLIC_FIRMS + 1}", positive=True)
    with pytest.raises(DomainError, match=rf"{MAX_SYMBOLIC_FIRMS + 1} firms.*limited to {MAX_SYMBOLIC_FIRMS}.*substitute numbers"):
        Cournot(sp.Symbol("a", positive=True), 1, cs)
    # irrational numbers use the symbolic route too
    with pytest.raises(DomainError, match="limited to"):
        Cournot(100, 1, [sp.sqrt(2)] * (MAX_SYMBOLIC_FIRMS + 1))
    # at the bound it is accepted (construction only: the guard is up front)
    Cournot(100, 1, [sp.sqrt(2)] * MAX_SYMBOLIC_FIRMS)


def test_marginal_effects_guard_and_numeric_values():
    n = int(MAX_MARGINAL_ENTRIES ** 0.5) + 1
    with pytest.raises(DomainError, match=rf"{n} firms.*{n * n} entries.*{MAX_MARGINAL_ENTRIES}"):
        Cournot(10, 1, [1] * n).marginal_effects()
    # numeric: a=10, b=1, c=(1, 2, 8) -> firm 3 out, m = 2, q = (10/3, 7/3), Q = 17/3;
    # dq1/dc1 = -2/3, dq1/dc2 = 1/3, dpi1/dc2 = 2q1/3 = 20/9, dW/dc1 = (Q - 6 q1)/3 = (17/3 - 20)/3
    # = -43/9, dW/dc2 = (Q - 6 q2)/3 = (17/3 - 14)/3 = -25/9, dW/dc3 = 0 (inactive).
    eff = Cournot(10, 1, (1, 2, 8)).marginal_effects()
    h = sp.Rational
    assert eff.dq[0][0] == h(-2, 3) and eff.dq[0][1] == h(1, 3) and eff.dq[0][2] == 0
    assert eff.dprofit[0][1] == h(20, 9)
    assert eff.dwelfare == (h(-43, 9), h(-25, 9), 0)
