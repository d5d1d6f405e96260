"""Tests of gametheory.core.statics: derivative signs under assumptions, implicit function theorem.

Expected values are hand derivations (in comments) or independent checks (finite differences).
"""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.params import DomainError
from gametheory.core.continuous import ContinuousGame
from gametheory.core.statics import comparative_statics, implicit_statics

a, b, c, c1, c2 = sp.symbols("a b c c1 c2", positive=True)
q1, q2 = sp.symbols("q1 q2")


def test_cournot_own_and_cross_cost_effects():
    # q1 = (a - 2c1 + c2)/(3b): dq1/dc2 = 1/(3b) > 0, dq1/dc1 = -2/(3b) < 0, dq1/da = 1/(3b) > 0
    q = (a - 2 * c1 + c2) / (3 * b)
    r = comparative_statics(q, c2)
    assert r.derivative == 1 / (3 * b) and r.sign == "positive"
    assert r.positive_when == sp.true and r.negative_when == sp.false
    assert comparative_statics(q, c1).sign == "negative"
    # db: -(a - 2c1 + c2)/(3b^2): sign depends unless a - 2c1 + c2 > 0 is assumed
    assert comparative_statics(q, b).sign == "depends"
    assert comparative_statics(q, b, assumptions=a - 2 * c1 + c2 > 0).sign == "negative"


def test_statics_of_a_solved_equilibrium_uses_its_regime_conditions():
    P = a - b * (q1 + q2)
    eq = ContinuousGame([(P - c1) * q1, (P - c2) * q2], [q1, q2]).equilibrium(verify=False)
    r = comparative_statics(eq, c2, field="strategies", key=q1)
    assert r.derivative == 1 / (3 * b) and r.sign == "positive"
    # equilibrium profit pi_1 = (a - 2c1 + c2)^2/(9b): d/dc2 = 2(a - 2c1 + c2)/(9b) > 0 in the interior regime
    r = comparative_statics(eq, c2, field="payoffs", key=0)
    assert sp.simplify(r.derivative - 2 * (a - 2 * c1 + c2) / (9 * b)) == 0
    assert r.sign == "positive"
    with pytest.raises(DomainError, match="field"):
        comparative_statics(eq, c2)


def test_lahiri_ono_sign_change():
    # a=10, b=1, c1=1: W(c2) = (11 c2^2 - 94 c2 + 731)/18 (CS (19-c)^2/18 + profits ((8+c)^2+(11-2c)^2)/9),
    # W' = (11 c2 - 47)/9: negative below 47/11, positive above (Lahiri & Ono 1988).
    W = (11 * c ** 2 - 94 * c + 731) / 18
    r = comparative_statics(W, c)
    assert r.sign == "depends" and r.critical_values == (sp.Rational(47, 11),)
    assert r.positive_when.subs(c, 5) == sp.true and r.positive_when.subs(c, 4) == sp.false
    # within the Cournot-interior range c < 11/2 and above 47/11 it is positive
    assert comparative_statics(W, c, assumptions=sp.And(c > sp.Rational(47, 11))).sign == "positive"
    assert comparative_statics(W, c, assumptions=c < 4).sign == "negative"


def test_zero_and_nonnegative_signs():
    assert comparative_statics(a + b, c).sign == "zero"
    x = sp.Symbol("x")
    assert comparative_statics(x ** 3 / 3, x).sign == "nonnegative"   # derivative x^2


def test_implicit_function_theorem_matches_closed_form():
    # FOCs of the Cournot duopoly; d q2/d c2 = -2/(3b) (from the closed form (a - 2c2 + c1)/(3b))
    F = [a - 2 * b * q1 - b * q2 - c1, a - b * q1 - 2 * b * q2 - c2]
    r = implicit_statics(F, [q1, q2], c2)
    assert r.derivatives[q1] == 1 / (3 * b) and r.derivatives[q2] == -2 / (3 * b)
    assert dict(r.signs) == {q1: "positive", q2: "negative"}
    assert r.determinant == 3 * b ** 2 and r.conditions == sp.true


def test_implicit_statics_at_a_numeric_point_without_closed_form():
    # x = cos(p y), y = cos(p x) at p = 1: symmetric x* = y* = d (Dottie number). Differentiating
    # x = cos(p y): dx = -sin(p y)(y dp + p dy); symmetric, p=1: dx = -s(d dp + dx) with s = sin d,
    # so dx/dp = -s d / (1 + s).
    p = sp.Symbol("p")
    x, y = sp.symbols("x y")
    d = 0.7390851332151607
    F = [x - sp.cos(p * y), y - sp.cos(p * x)]
    r = implicit_statics(F, [x, y], p, at={x: d, y: d, p: 1})
    s = sp.sin(d)
    assert float(r.derivatives[x]) == pytest.approx(float(-s * d / (1 + s)), rel=1e-10)
    assert r.signs[x] == "negative"


def test_singular_jacobian_and_bad_input():
    x, y = sp.symbols("x y")
    with pytest.raises(DomainError, match="singular"):
        implicit_statics([x + y - a, 2 * x + 2 * y - 2 * a], [x, y], a)
    with pytest.raises(DomainError, match="square"):
        implicit_statics([x - a], [x, y], a)
    with pytest.raises(DomainError, match="Symbol|not a string"):
        comparative_statics(a * b, "a")
    with pytest.raises(DomainError, match="string"):
        comparative_statics("a*b", a)
    with pytest.raises(DomainError, match="boolean|not a string"):
        comparative_statics(a * b, a, assumptions="a > 0")


@settings(max_examples=25)
@given(av=st.integers(5, 20), bv=st.integers(1, 5), c1v=st.integers(0, 4), c2v=st.integers(0, 4))
def test_sign_agrees_with_finite_differences(av, bv, c1v, c2v):
    # Cournot profit of firm 1 in the interior regime; compare the symbolic derivative's value and the
    # reported sign with a central finite difference in c1
    pi1 = (a - 2 * c1 + c2) ** 2 / (9 * b)
    r = comparative_statics(pi1, c1, assumptions=a - 2 * c1 + c2 > 0)
    assert r.sign == "negative"                       # -4(a - 2c1 + c2)/(9b) < 0 in the regime
    point = {a: av, b: bv, c1: c1v, c2: c2v}
    h = sp.Rational(1, 10 ** 6)
    fd = (pi1.subs({**point, c1: c1v + h}) - pi1.subs({**point, c1: c1v - h})) / (2 * h)
    assert float(r.derivative.subs(point)) == pytest.approx(float(fd), rel=1e-9, abs=1e-12)


def test_signs_implied_by_linear_assumptions_are_certified_exactly():
    # beta <= 1 implies beta - 2 <= -1 < 0; a > c1 and 2 c2 > a + c1 imply c2 - c1 > 0 (the closed
    # LP relaxation certifies >= 0 — a sound weakening); a - c2 is undetermined by these facts.
    beta = sp.Symbol("beta", positive=True)
    assert comparative_statics(beta ** 2 / 2 - 2 * beta, beta, assumptions=beta <= 1).sign == "negative"
    facts = sp.And(a > c1, 2 * c2 > a + c1)
    assert comparative_statics(c2 ** 2 / 2 - c1 * c2, c2, assumptions=facts).sign in ("positive", "nonnegative")
    assert comparative_statics(a * c2 - c2 ** 2 / 2, c2, assumptions=facts).sign == "depends"


def test_implicit_statics_rejects_strings_and_non_symbol_variables():
    # Error paths: a string system, and variables that are not sympy Symbols.
    x, a = sp.symbols("x a")
    with pytest.raises(DomainError, match="sequences|not a string"):
        implicit_statics("x - a", [x], a)
    with pytest.raises(DomainError, match="sequences|not a string"):  # a string element would be sympified (eval)
        implicit_statics(["x - a"], [x], a)
    with pytest.raises(DomainError, match="variables must be sympy Symbols"):
        implicit_statics([x - a], [x**2], a)
    with pytest.raises(DomainError, match="variables must be sympy Symbols"):
        implicit_statics([], [], a)


def test_float_zero_derivative_is_zero():
    # d/dx (2.0 x - 2 x + 1) is Float(0.0), and sympy says Float(0.0) != 0: the sign must still be
    # "zero" (tested with is_zero), not an open condition on a constant.
    x = sp.Symbol("x")
    out = comparative_statics(sp.Float(2.0) * x - 2 * x + 1, x)
    assert out.sign == "zero"
    assert out.positive_when == sp.false and out.negative_when == sp.false
