"""``as_params`` never silently reinterprets a parameter vector (issue 11).

A 2x2 array of valuations used to be flattened into four firms; nested lists, sets (arbitrary
order) and dicts (iteration reads the keys) are refused the same way unless the caller asks for
flattening explicitly.
"""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from gametheory.core.params import DomainError, as_params
from gametheory.models.commontech import CommonTechnology
from gametheory.models.market import Cournot


def test_flat_inputs_still_accepted():
    # lists, tuples, 1-d arrays, generators, row/column sympy matrices: one entry per item
    assert as_params([1, Fraction(1, 2), 0.5], "v") == (1, sp.Rational(1, 2), sp.Float(0.5))
    assert as_params(np.array([3, 4]), "v") == (3, 4)
    assert as_params((x for x in (1, 2)), "v") == (1, 2)
    assert as_params(sp.Matrix([[1, 2, 3]]), "v") == (1, 2, 3)
    assert as_params(sp.Matrix([1, 2, 3]), "v") == (1, 2, 3)
    # the Python fast path gives the same numbers and the same domain errors as as_param
    with pytest.raises(DomainError, match=r"v\[1\] must be > 0, got -1"):
        as_params([1, -1], "v", positive=True)
    with pytest.raises(DomainError, match=r"v\[0\] must be finite"):
        as_params([float("nan")], "v")
    with pytest.raises(DomainError, match=r"v\[0\] must lie in \[0, 1\]"):
        as_params([1.5], "v", unit_interval=True)


@pytest.mark.parametrize("values, match", [
    (np.array([[1, 2], [3, 4]]), r"flat \(1-d\) sequence.*shape \(2, 2\)"),
    (np.array(5), r"shape \(\)"),
    (sp.Matrix([[1, 2], [3, 4]]), r"shape \(2, 2\)"),
    ([[1, 2], [3, 4]], r"v\[0\] is a list.*not flattened"),
    ([1, (2, 3)], r"v\[1\] is a tuple"),
    ([1, np.array([2, 3])], r"v\[1\] is a ndarray"),
    ({1, 2}, "unordered set"),
    ({1: 2, 3: 4}, "mapping"),
    ("12", "not a string parameter"),  # the public kernel refuses text before parsing
    (None, "sequence of numbers"),
    (3, "sequence of numbers"),
])
def test_reinterpretations_refused(values, match):
    with pytest.raises(DomainError, match=match):
        as_params(values, "v")


def test_explicit_flattening_is_row_major():
    # flatten=True is the caller's explicit request: [[1, 2], [3, 4]] -> (1, 2, 3, 4)
    assert as_params(np.array([[1, 2], [3, 4]]), "v", flatten=True) == (1, 2, 3, 4)
    assert as_params([[1, 2], [3, [4]]], "v", flatten=True) == (1, 2, 3, 4)
    with pytest.raises(DomainError, match="unordered"):
        as_params([[1], {2, 3}], "v", flatten=True)


def test_model_constructors_refuse_a_2d_array():
    # the case: four "firms" out of a 2x2 array of valuations
    with pytest.raises(DomainError, match=r"valuations must be a flat \(1-d\)"):
        CommonTechnology(np.array([[1.0, 2.0], [3.0, 4.0]]))
    with pytest.raises(DomainError, match=r"costs must be a flat \(1-d\)"):
        Cournot(10, 1, np.array([[1, 2], [3, 4]]))
    with pytest.raises(DomainError, match=r"costs\[0\] is a list"):
        Cournot(10, 1, [[1, 2]])
    # a 1-d array is still n firms: a=10, b=1, c=(1, 2) -> q = (10 - 2 + 2)/3 = 10/3, (10 - 4 + 1)/3 = 7/3
    assert Cournot(10, 1, np.array([1, 2])).equilibrium().quantities == (sp.Rational(10, 3), sp.Rational(7, 3))
