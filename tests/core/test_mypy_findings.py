"""Bugs found by mypy (issue 13), each shown by a small case."""

import pytest
import sympy as sp

from gametheory.core.params import DomainError
from gametheory.core.coordinator import Coordinator, Instrument


def test_verify_by_grid_with_no_finite_welfare_says_so():
    # welfare NaN at every grid point: no best point; was TypeError ('NoneType' is not subscriptable)
    s = sp.Symbol("s")
    ok = Coordinator([Instrument("s", s, bounds=(0, 1))], response=lambda p: {"q": 1.0},
                     welfare_parts={"consumer_surplus": lambda p, r: -p["s"]})
    nan = Coordinator([Instrument("s", s, bounds=(0, 1))], response=lambda p: {"q": 1.0},
                      welfare_parts={"consumer_surplus": lambda p, r: float("nan")})
    with pytest.raises(DomainError, match="not finite at any of the 5 grid points"):
        nan.verify_by_grid(5, outcome=ok.solve())
