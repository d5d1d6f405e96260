"""cournot_batch: many markets at once, each with its own active set, against Cournot one by one."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.params import DomainError
from gametheory.models.market import Cournot, cournot_batch


def test_hand_cases():
    # duopoly a = 10, b = 1, costs (1, 2): q = (a - 2c_i + c_j)/3 = (3, 2)... P = 13/3 (hand)
    out = cournot_batch(10.0, 1.0, np.array([1.0, 2.0]))
    assert np.allclose(out["quantities"], [10 / 3, 7 / 3]) and np.isclose(out["price"], 13 / 3)
    assert np.allclose(out["profits"], [100 / 9, 49 / 9]) and out["firms_active"] == 2
    # nobody produces when every cost is at least a: the price stays at a, no surplus
    out = cournot_batch(1.0, 1.0, np.array([[2.0, 3.0]]))
    assert out["firms_active"].tolist() == [0] and out["price"].tolist() == [1.0]
    assert out["consumer_surplus"].tolist() == [0.0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=1, max_size=6), st.integers(1, 30), st.integers(1, 4))
def test_agrees_with_cournot_exactly(costs, a, b):
    out = cournot_batch(float(a), float(b), np.array(costs, dtype=float))
    if min(costs) >= a:
        assert out["firms_active"] == 0
        return
    eq = Cournot(sp.Integer(a), sp.Integer(b), [sp.Integer(c) for c in costs]).equilibrium()
    assert np.allclose(out["quantities"], [float(q) for q in eq.quantities])
    assert np.isclose(out["price"], float(eq.price))
    assert np.isclose(out["consumer_surplus"], float(eq.consumer_surplus))


def test_broadcast_and_guards():
    costs = np.array([[[1.0, 2.0, 3.0]] * 2] * 4)      # (4, 2, 3) markets × firms
    out = cournot_batch(np.linspace(4, 10, 4)[:, None], 1.0, costs)
    assert out["quantities"].shape == (4, 2, 3) and out["price"].shape == (4, 2)
    with pytest.raises(DomainError):
        cournot_batch(10.0, 0.0, [1.0, 2.0])
    with pytest.raises(DomainError):
        cournot_batch(10.0, 1.0, [1.0, float("nan")])
    with pytest.raises(DomainError):
        cournot_batch([1.0, 2.0, 3.0], 1.0, np.ones((2, 2)))
