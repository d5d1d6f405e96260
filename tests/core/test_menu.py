"""The policy engine's menu step: choose_instrument (issue 14)."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, strategies as st

from gametheory.core.coordinator import choose_instrument
from gametheory.core.params import DomainError


@given(st.lists(st.fractions(-5, 5, max_denominator=6), min_size=1, max_size=7))
def test_winner_is_the_first_maximum(values):
    # independent: Python's max over (value, -position) is the first of the maximal values
    ws = {f"i{k}": sp.Rational(v.numerator, v.denominator) for k, v in enumerate(values)}
    expected = max(range(len(values)), key=lambda k: (values[k], -k))
    got = choose_instrument(ws)
    assert got.best == f"i{expected}" and not got.open and not got.attains_first_best


def test_first_best_wins_outright_and_ties_go_to_the_cheaper():
    assert choose_instrument({"subsidy": 1, "standard": 2}, first_best=2).best == "standard"
    assert choose_instrument({"subsidy": 1, "standard": 2}, first_best=2).attains_first_best
    # listed cheapest first: laissez-faire beats an instrument that only ties it
    assert choose_instrument({"laissez-faire": Fraction(1, 3), "subsidy": Fraction(1, 3)}).best == "laissez-faire"


def test_symbolic_rankings_decided_or_reported_open():
    lam = sp.Symbol("lambda", nonnegative=True)
    # cost share 1 - lam/2 >= subsidy 1 - lam for every lam >= 0 (equal at 0: the subsidy, listed first, wins there
    # only if it is >= every other; here the cost share is decided >= and the subsidy is not decided >=)
    assert choose_instrument({"subsidy": 1 - lam, "cost_share": 1 - lam / 2}).best == "cost_share"
    # 1 - lam vs 1/2 changes sign at lam = 1/2: open, and no winner is guessed
    out = choose_instrument({"subsidy": 1 - lam, "traceability": sp.Rational(1, 2)})
    assert out.best is None and out.open


@pytest.mark.parametrize("bad", ["1", b"1", True, None, float("nan"), float("inf"), [1]])
def test_hostile_welfare_is_refused(bad):
    with pytest.raises(DomainError):
        choose_instrument({"a": bad, "b": 1})
    with pytest.raises(DomainError):
        choose_instrument({})


@pytest.mark.parametrize("bad", [sp.nan, sp.zoo, sp.oo, -sp.oo, sp.I, float("-inf")])
def test_non_finite_or_complex_sympy_and_numpy_values_are_refused(bad):
    import numpy as np

    with pytest.raises(DomainError):
        choose_instrument({"a": bad, "b": 1})
    with pytest.raises(DomainError):
        choose_instrument({"a": np.float32("nan"), "b": 1})
    with pytest.raises(DomainError):
        choose_instrument({"a": np.complex128(1j), "b": 1})


def test_float_ties_within_a_relative_tolerance_go_to_the_earlier_candidate():
    # two bounded searches agreeing to 4e-15: with rel_tol the laissez-faire listed first keeps the tie
    assert choose_instrument({"laissez-faire": 1.0, "subsidy": 1.0 + 4e-15}, rel_tol=1e-12).best == "laissez-faire"
    assert choose_instrument({"laissez-faire": 1.0, "subsidy": 1.0 + 4e-15}).best == "subsidy"
    # exact numbers ignore the tolerance
    assert choose_instrument({"a": sp.Rational(1), "b": 1 + sp.Rational(1, 10**15)}, rel_tol=1e-12).best == "b"
