from dataclasses import dataclass, FrozenInstanceError

import numpy as np
import pytest
import sympy as sp

from gametheory.core.results import Result, compare


@dataclass(frozen=True, repr=False)
class Toy(Result):
    x: np.ndarray
    welfare: object
    method: str = "closed form"


def test_result_is_immutable_and_arrays_read_only():
    r = Toy(np.array([1.0, 2.0]), sp.Rational(1, 2))
    with pytest.raises(FrozenInstanceError):
        r.method = "other"
    with pytest.raises(ValueError):
        r.x[0] = 3.0


def test_repr_summary_latex_are_deterministic():
    r = Toy(np.array([1.0, 2.0]), sp.Rational(1, 2))
    assert repr(r) == "Toy(x=[1., 2.], welfare=1/2, method='closed form')"
    assert "welfare" in r.summary() and r.summary() == Toy(np.array([1.0, 2.0]), sp.Rational(1, 2)).summary()
    assert r._repr_latex_().startswith("$$\\begin{aligned}") and "\\frac{1}{2}" in r._repr_latex_()
    assert r.to_dict()["welfare"] == "1/2"              # JSON-safe: exact rationals as "p/q"


def test_compare_table():
    table = compare({"a": Toy(np.zeros(1), 1), "b": Toy(np.ones(1), 2)}, fields=["welfare"])
    assert table.splitlines() == ["field    a  b", "welfare  1  2"]
