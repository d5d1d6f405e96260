"""Tests of gametheory.core.welfare (expected values derived by hand in the comments)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from gametheory.core.params import DomainError
from gametheory.core.welfare import (
    consumer_surplus,
    gap_closed,
    gap_is_degenerate,
    linear_consumer_surplus,
    price_of_anarchy,
    public_funds_cost,
    welfare_account,
)

fractions = st.fractions(min_value=-50, max_value=50, max_denominator=20)


def test_linear_consumer_surplus_is_half_b_q_squared():
    # P = 10 - 2Q at Q = 3: triangle (10 - 4) * 3 / 2 = 9 = 2 * 9 / 2
    assert linear_consumer_surplus(2, 3) == 9
    assert consumer_surplus(10 - 2 * sp.Symbol("x"), 3) == 9


def test_consumer_surplus_generic_demand():
    # P = 1/(1+x): int_0^1 = log 2, P(1)*1 = 1/2
    assert sp.simplify(consumer_surplus(lambda x: 1 / (1 + x), 1) - (sp.log(2) - sp.Rational(1, 2))) == 0
    # P = A x^(-1/2) (constant elasticity): int_0^Q = 2 A sqrt(Q), minus A sqrt(Q) -> A sqrt(Q)
    A, Q, x = sp.symbols("A Q x", positive=True)
    assert sp.simplify(consumer_surplus(A / sp.sqrt(x), Q, x) - A * sp.sqrt(Q)) == 0


def test_consumer_surplus_needs_symbol_when_ambiguous():
    a, b, x = sp.symbols("a b x")
    with pytest.raises(DomainError, match="symbol"):
        consumer_surplus(a - b * x, 1)
    with pytest.raises(DomainError):
        consumer_surplus(1 - x, -1, x)


def test_public_funds_cost_and_domain():
    assert public_funds_cost(10, Fraction(3, 10)) == 3
    assert public_funds_cost(-10, Fraction(3, 10)) == -3          # revenue saves lambda per unit
    with pytest.raises(DomainError, match="shadow_cost"):
        public_funds_cost(1, -0.1)
    with pytest.raises(DomainError):
        public_funds_cost(float("nan"), 0.2)
    with pytest.raises(DomainError):
        welfare_account(1, 2, public_outlay=float("inf"))


def test_welfare_account_transfer_counted_in_ps_and_outlay():
    # market profit 10, subsidy 6 (PS = 16), CS = 8, lambda = 1/5, a diffusion cost R = 1:
    # W = 8 + 16 - 1 - (6/5) * 6 = 15.8 = 8 + 10 - 1 - 6/5
    acc = welfare_account(8, 16, 1, 6, sp.Rational(1, 5))
    assert acc.welfare == sp.Rational(79, 5)
    assert sum(acc.decomposition.values()) == acc.welfare
    assert acc.deadweight_cost == sp.Rational(6, 5) and acc.taxpayer_cost == sp.Rational(36, 5)
    # a fine of 4 paid by firms: PS falls by 4, outlay -4, lambda = 1/4 -> W = 8 + 6 + 4 * 5/4 = 19
    assert welfare_account(8, 6, 0, -4, sp.Rational(1, 4)).welfare == 19


def test_welfare_account_symbolic():
    cs, pi, t, lam = sp.symbols("CS Pi T lambda", nonnegative=True)
    acc = welfare_account(cs, pi + t, 0, t, lam)
    assert sp.expand(acc.welfare - (cs + pi - lam * t)) == 0


@given(cs=fractions, pi=fractions, r=fractions, t=fractions)
def test_transfers_are_neutral_when_lambda_is_zero(cs, pi, r, t):
    with_t = welfare_account(cs, pi + t, r, t, 0).welfare
    assert with_t == welfare_account(cs, pi, r, 0, 0).welfare


@given(cs=fractions, pi=fractions, t=fractions, lam=st.fractions(0, 2, max_denominator=20))
def test_a_transfer_costs_exactly_lambda_times_itself(cs, pi, t, lam):
    assert welfare_account(cs, pi, 0, 0, lam).welfare - welfare_account(cs, pi + t, 0, t, lam).welfare == lam * t


def test_gap_closed_values_and_degenerate_cases():
    assert gap_closed(7, 4, 10) == sp.Rational(1, 2)
    assert gap_closed(4, 4, 10) == 0 and gap_closed(10, 4, 10) == 1
    assert gap_closed(2, 4, 10) == sp.Rational(-1, 3)          # worse than laissez-faire
    assert gap_closed(5, 5, 5) == 1 and gap_is_degenerate(5, 5)
    assert gap_closed(4, 5, 5) is sp.nan
    assert gap_closed(5, 5, 5, degenerate="nan") is sp.nan
    with pytest.raises(DomainError, match="no gap"):
        gap_closed(5, 5, 5, degenerate="raise")
    out = gap_closed(np.array([4.0, 7.0, 5.0]), np.array([4.0, 4.0, 5.0]), np.array([10.0, 10.0, 5.0]))
    assert np.allclose(out, [0.0, 0.5, 1.0])
    w = sp.Symbol("w")
    assert sp.simplify(gap_closed(w, 0, 2) - w / 2) == 0


@given(lf=fractions, a=st.fractions(0, 1), gap=st.fractions(1, 100, max_denominator=20))
def test_gap_closed_in_unit_interval_between_lf_and_fb(lf, a, gap):
    fb = lf + gap
    wp = lf + a * gap
    g = gap_closed(wp, lf, fb)
    assert 0 <= g <= 1 and g == a


def test_price_of_anarchy():
    # Cournot duopoly, a - c = 1, b = 1: W_eq = CS + PS = (2/3)^2/2 + 2/9 = 4/9, W_opt = 1/2
    assert price_of_anarchy(sp.Rational(1, 2), sp.Rational(4, 9)) == sp.Rational(9, 8)
    with pytest.raises(DomainError, match="positive"):
        price_of_anarchy(1, 0)
    with pytest.raises(DomainError, match="not an optimum"):
        price_of_anarchy(1, 2)
    assert np.allclose(price_of_anarchy(np.array([2.0, 3.0]), np.array([1.0, 3.0])), [2.0, 1.0])


def test_welfare_error_paths_bad_mode_and_non_finite_arrays():
    # Error paths not exercised elsewhere: an unknown `degenerate` mode, and non-finite
    # welfare values in the array branches of gap_closed and price_of_anarchy.
    with pytest.raises(DomainError, match="degenerate must be"):
        gap_closed(7, 4, 10, degenerate="zero")
    with pytest.raises(DomainError, match="must be finite"):
        gap_closed(np.array([4.0, np.nan]), 4.0, 10.0)
    with pytest.raises(DomainError, match="must be finite"):
        price_of_anarchy(np.array([1.0, np.inf]), np.array([1.0, 1.0]))


def test_consumer_surplus_rejects_string_demand():
    # a string would be sympified (an eval); it must be a DomainError
    with pytest.raises(DomainError, match="not a string"):
        consumer_surplus("1 - x", 1)
