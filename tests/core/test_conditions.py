"""The one condition engine: decisions are sound, simplification keeps meaning.

Expected answers are by hand (stated beside each case); the property tests check soundness
against numbers: whatever ``decide`` proves must hold at every sampled point that satisfies
the assumptions, and ``simplify`` must agree with the original condition at those points.
"""

import random

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core import conditions as C
from gametheory.core.params import DomainError

a, c, k, s = sp.symbols("a c k s", positive=True)
x, y = sp.symbols("x y", real=True)


def test_decide_by_assumptions_signs_and_prover():
    assert C.decide(a + c > 0) is True  # sum of positives
    assert C.decide(a - c > 0) is None  # nothing orders a and c
    assert C.decide(a - c > 0, a > c) is True
    # (a - c)^2 (a + 1) >= 0: a square times a positive factor
    assert C.decide((a - c) ** 2 * (a + 1) >= 0) is True
    # prisoner's dilemma: T > R > P > S  =>  2T > R + P  (T - R > 0 and T - P > 0 summed)
    T, R, P, S = sp.symbols("T R P S")
    assert C.decide(2 * T > R + P, (T > R) & (R > P) & (P > S)) is True
    assert C.decide(S > R, [T > R, R > P, P > S]) is False


def test_float_zero_is_decided_not_truthy():
    # sympy's Float(0.0) != 0 is True: the engine must read the value, not Python truthiness
    assert C.decide(sp.Float(0.0) > 0) is False
    assert C.decide(sp.Eq(sp.Float(0.0), 0)) is True


def test_nan_is_never_true():
    assert C.decide(sp.Gt(sp.nan, 0, evaluate=False)) is False


def test_require_raises_on_false_and_returns_open_part_simplified():
    with pytest.raises(DomainError, match="must exceed"):
        C.require(a < 0, "a must exceed 0")
    assert C.require(a > 0, "positive") is sp.true
    assert C.require((x > 1) & (x > 0), "x > 1") == (x > 1)  # x > 1 implies x > 0


def test_simplify_drops_implied_and_decided_parts():
    # k >= s and s >= k under k = s: both decided true
    assert C.simplify((k >= s) & (s >= k), sp.Eq(k, s)) is sp.true
    # x > 2 implies x > 1; x^2 + 1 > 0 always
    assert C.simplify((x > 2) & (x > 1) & (x**2 + 1 > 0)) == (x > 2)
    # a false part makes the whole false
    assert C.simplify((x > 2) & (a < 0)) is sp.false
    # readable orientation: a - c > 0 is printed a > c
    assert C.simplify(a - c > 0) == (a > c)


def test_larger_smaller_positive_part_relation():
    assert C.larger(a, a + c) == a + c
    assert C.smaller(a, a + c) == a
    assert C.larger(a, c) == sp.Max(a, c)
    assert C.positive_part(a - c, a > c) == a - c
    assert C.positive_part(-a) == 0
    assert C.relation(a + c, c) is sp.true
    assert C.relation(a, c, ">") == (a > c)
    with pytest.raises(DomainError):
        C.relation(a, c, "=>")


def test_choose_and_conj_and_implies():
    assert C.choose([(a < 0, -1), (a > 0, 1)]) == 1
    assert C.choose([(x < 0, -1), (True, 1)]) == sp.Piecewise((-1, x < 0), (1, True))
    with pytest.raises(DomainError, match="no branch"):
        C.choose([(a < 0, -1)])
    assert C.conj([a > 0, x > 1, x > 1]) == (x > 1)
    assert C.conj([a < 0, x > 1]) is sp.false
    assert C.implies(x > 2, x > 1) is True
    assert C.implies(x > 1, x > 2) is None


def test_text_is_refused():
    with pytest.raises(DomainError):
        C.decide("x > 0")
    with pytest.raises(DomainError):
        C.simplify(x > 0, assumptions="__import__('os')")


# ---------------------------------------------------------------------------------------------
# soundness against numbers
# ---------------------------------------------------------------------------------------------
coef = st.integers(-3, 3)


def _linear(cs):
    return cs[0] + cs[1] * x + cs[2] * y


@settings(max_examples=60, deadline=None)
@given(st.lists(coef, min_size=3, max_size=3), st.lists(coef, min_size=3, max_size=3),
       st.lists(coef, min_size=3, max_size=3), st.sampled_from([">", ">=", "<", "<="]))
def test_decisions_are_sound(f1, f2, g, op):
    # assumptions: two linear facts; claim: a linear or quadratic relation
    assumptions = (_linear(f1) > 0) & (_linear(f2) >= 0)
    if assumptions is sp.false:
        return
    claim = sp.Rel(_linear(g) * (1 + x**2), 0, op)
    try:
        verdict = C.decide(claim, assumptions)
    except DomainError:  # assumptions that sympy folds to False
        return
    if verdict is None:
        return
    rng = random.Random(0)
    fa = sp.lambdify((x, y), assumptions)
    fc = sp.lambdify((x, y), claim)
    for _ in range(400):
        px, py = rng.uniform(-5, 5), rng.uniform(-5, 5)
        if bool(fa(px, py)):
            assert bool(fc(px, py)) == verdict, (claim, assumptions, px, py)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(coef, coef, coef, st.sampled_from([">", ">="])), min_size=1, max_size=4))
def test_simplify_keeps_meaning(rels):
    cond = sp.And(*[sp.Rel(c0 + c1 * x + c2 * y, 0, op) for c0, c1, c2, op in rels])
    simple = C.simplify(cond)
    rng = random.Random(1)
    f0 = sp.lambdify((x, y), cond)
    f1 = sp.lambdify((x, y), simple)
    for _ in range(300):
        px, py = rng.uniform(-5, 5), rng.uniform(-5, 5)
        assert bool(f0(px, py)) == bool(f1(px, py)), (cond, simple, px, py)
