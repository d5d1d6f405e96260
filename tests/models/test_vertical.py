"""Vertical diffusion: the leader teaching its supplier (hand derivations in the comments)."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy as sp

from gametheory.core.params import DomainError
from gametheory.models.diffusion.vertical import vertical_diffusion

HALF = F(1, 2)


def test_exclusive_competitive_supplier():
    # a = 12, b = 1, own costs (1, 2, 3), input price w = k: 2 -> 1 (beta_S = 1/2, k_L = 0).
    # Before: costs (3, 2, 3), Q = (36 - 8)/4 = 7, P = 5, pi_L = 4, pi_M = 9, pi_G = 4.
    # After:  costs (2, 2, 3), Q = 29/4, P = 19/4, pi_L = 121/16, pi_M = 121/16, pi_G = 49/16.
    out = vertical_diffusion(12, 1, (1, 2, 3), supplier_cost=2, beta_supplier=HALF)
    assert (out.input_price_before, out.input_price_after) == (2, 1)
    assert out.leader_gain == sp.Rational(57, 16) and out.leader_prefers
    assert out.rival_gains == (sp.Rational(121 - 144, 16), sp.Rational(49 - 64, 16))
    # W = CS + profits: CS 49/2 -> 841/32
    assert out.welfare_change == sp.Rational(841, 32) - sp.Rational(49, 2) + out.leader_gain + sum(out.rival_gains)


def test_common_supplier_every_firm_gains():
    # Every firm buys the input: a uniform cut of 1 raises each Cournot quantity by 1/(b(n+1)) = 1/4.
    # Before: costs (3, 4, 5), Q = 6, P = 6, q = (3, 2, 1); after: costs (2, 3, 4), q = (13/4, 9/4, 5/4).
    out = vertical_diffusion(12, 1, (1, 2, 3), supplier_cost=2, beta_supplier=HALF, exclusive=False)
    assert out.leader_gain == sp.Rational(169 - 144, 16)
    assert out.rival_gains == (sp.Rational(81 - 64, 16), sp.Rational(25 - 16, 16))
    assert out.leader_prefers


def test_monopoly_supplier_passes_half_the_cost_cut_through():
    # Exclusive monopolist: q_L = (14 - 3w)/4 (own costs (1, 2, 3), a = 12), supplier max (w - k)(14 - 3w)/4
    # => w* = 7/3 + k/2: k = 2 -> 10/3, k = 1 -> 17/6 (pass-through 1/2).
    out = vertical_diffusion(12, 1, (1, 2, 3), supplier_cost=2, beta_supplier=HALF, pricing="monopoly")
    assert (out.input_price_before, out.input_price_after) == (sp.Rational(10, 3), sp.Rational(17, 6))
    assert out.leader_prefers and out.supplier_gain > 0


def test_monopoly_common_supplier_runs():
    out = vertical_diffusion(12, 1, (1, 2, 3), supplier_cost=2, beta_supplier=HALF, pricing="monopoly",
                             exclusive=False)
    assert out.input_price_after < out.input_price_before and out.leader_prefers


def test_bad_arguments():
    with pytest.raises(DomainError):
        vertical_diffusion(12, 1, (1, 2, 3), supplier_cost=2, pricing="barter")
    with pytest.raises(DomainError):
        vertical_diffusion(12, 1, (1, 2, 3), supplier_cost=1, leader_input_cost=2)
    with pytest.raises(DomainError):
        vertical_diffusion(12, 1, (1, 2, 3), supplier_cost=2, leader=5)
    with pytest.raises(DomainError):
        vertical_diffusion(sp.Symbol("a", positive=True), 1, (1, 2, 3), supplier_cost=2)


def test_size_guard_names_the_way_out():
    with pytest.raises(DomainError, match="cost tier"):
        vertical_diffusion(30, 1, tuple(range(1, 12)), supplier_cost=1)
