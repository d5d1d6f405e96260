"""Tests of gametheory.core.continuous: KKT corners, conditions, SOC, numeric fallback.

Every expected value is derived by hand in the comment next to it, or taken from the literature
(d'Aspremont & Jacquemin 1988; the Dottie number), or obtained by an independent method
(numeric best responses, brute-force grid search).
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.params import DomainError
from gametheory.core.continuous import (ContinuousEquilibrium, ContinuousGame, NonConcavePayoffError, Optimum,
                                        SymbolicSolveError, as_piecewise, kkt_points, maximize)

a, b, c, c1, c2, c3 = sp.symbols("a b c c1 c2 c3", positive=True)
q1, q2, q3 = sp.symbols("q1 q2 q3")


def cournot(costs, a_=a, b_=b, qs=(q1, q2, q3)):
    qs = qs[: len(costs)]
    P = a_ - b_ * sum(qs)
    return ContinuousGame([(P - ci) * qi for ci, qi in zip(costs, qs)], list(qs))


def holds(cond, point):
    return bool(sp.sympify(cond).subs(point))


# ---------------------------------------------------------------------------------------------
# Cournot duopoly
# ---------------------------------------------------------------------------------------------
def test_cournot_duopoly_closed_form_and_conditions():
    # FOC: a - 2b q1 - b q2 - c1 = 0, a - b q1 - 2b q2 - c2 = 0  =>  q1 = (a - 2c1 + c2)/(3b),
    # q2 = (a - 2c2 + c1)/(3b); profit = b q_i^2; valid iff both > 0.
    eq = cournot((c1, c2)).equilibrium()
    assert isinstance(eq, ContinuousEquilibrium)
    assert sp.simplify(eq.strategies[q1] - (a - 2 * c1 + c2) / (3 * b)) == 0
    assert sp.simplify(eq.strategies[q2] - (a - 2 * c2 + c1) / (3 * b)) == 0
    assert sp.simplify(eq.payoffs[0] - (a - 2 * c1 + c2) ** 2 / (9 * b)) == 0
    assert eq.method == "closed form (FOC)"
    assert dict(eq.active_bounds) == {q1: "interior", q2: "interior"}
    assert eq.multipliers[q1] == 0
    # conditions equivalent to a - 2c1 + c2 > 0 and a - 2c2 + c1 > 0
    assert holds(eq.conditions, {a: 10, c1: 1, c2: 2}) and not holds(eq.conditions, {a: 10, c1: 1, c2: 6})
    # SOC: d2u_i/dq_i^2 = -2b < 0, decided by b > 0
    assert all(s.negative_definite is True and s.globally_concave is True for s in eq.second_order)
    assert eq.second_order[0].hessian == sp.Matrix([[-2 * b]])
    # best-response slopes r_i' = -1/2 (q_i = (a - c_i - b q_j)/(2b)); Rosen: J + J^T = -b[[4,2],[2,4]] < 0
    B = eq.stability.best_response_jacobian
    assert B[0, 1] == sp.Rational(-1, 2) and B[1, 0] == sp.Rational(-1, 2)
    assert eq.stability.stable is True and eq.unique is True
    assert eq.max_deviation_gain is not None and eq.max_deviation_gain < 1e-9


def test_cournot_corner_high_cost_firm_produces_nothing():
    # q2 = 0 binds: q1 = (a - c1)/(2b) (monopoly), and firm 2's multiplier
    # -du2/dq2 = -(a - b q1 - c2) = c2 - (a + c1)/2 >= 0  <=>  c2 >= (a + c1)/2.
    eqs = cournot((c1, c2)).equilibria(verify=False)
    corner = [e for e in eqs if e.active_bounds[q2] == "lower" and e.active_bounds[q1] == "interior"]
    assert len(corner) == 1
    e = corner[0]
    assert sp.simplify(e.strategies[q1] - (a - c1) / (2 * b)) == 0 and e.strategies[q2] == 0
    assert sp.simplify(e.multipliers[q2] - (c2 - (a + c1) / 2)) == 0
    assert e.method == "kkt"
    for a_, c1_, c2_ in [(10, 1, 5), (10, 1, 6), (10, 1, 11 / sp.Integer(2)), (10, 2, 6)]:
        expected = (a_ > c1_) and 2 * c2_ >= a_ + c1_
        assert holds(e.conditions, {a: a_, c1: c1_, c2: c2_}) == expected


def test_regime_is_selected_under_stated_assumptions():
    # With 2c2 > a + c1 (and a > c1) the interior candidate's q2 > 0 fails: the corner is selected.
    eq = cournot((c1, c2)).equilibrium(assumptions=sp.And(a > c1, 2 * c2 > a + c1), verify=False)
    assert eq.strategies[q2] == 0 and eq.conditions == sp.true
    # undecided: the interior candidate is returned with its conditions attached
    eq = cournot((c1, c2)).equilibrium(verify=False)
    assert eq.conditions != sp.true and eq.active_bounds[q1] == "interior"


def test_numeric_corner_with_exact_values():
    # a=10, b=1, c1=1, c2=7: c2 = 7 >= (10+1)/2 so q = (9/2, 0); multiplier of q2 = 7 - 11/2 = 3/2
    eq = cournot((1, 7), a_=10, b_=1).equilibrium()
    assert eq.profile == (sp.Rational(9, 2), 0)
    assert eq.multipliers[q2] == sp.Rational(3, 2)
    assert eq.payoffs == (sp.Rational(81, 4), 0)
    assert eq.conditions == sp.true and eq.unique is True
    assert eq.max_deviation_gain < 1e-9


def test_symbolic_equilibrium_subs_equals_numeric_game():
    # substituting numbers into the symbolic interior result = solving the numeric game
    sym = cournot((c1, c2)).equilibrium(verify=False)
    num = cournot((1, 2), a_=10, b_=1).equilibrium(verify=False)
    sub = sym.subs({a: 10, b: 1, c1: 1, c2: 2})
    assert sub.profile == num.profile == (sp.Rational(10, 3), sp.Rational(7, 3))    # (10-2+2)/3, (10-4+1)/3
    assert sub.conditions == sp.true


def test_game_subs_and_parameters_argument():
    g1 = cournot((c1, c2)).subs({a: 10, b: 1, c1: 1, c2: 2})
    P = a - b * (q1 + q2)
    g2 = ContinuousGame([(P - c1) * q1, (P - c2) * q2], [q1, q2], parameters={a: 10, b: 1, c1: 1, c2: 2})
    assert g1.is_numeric and g2.is_numeric
    assert g1.equilibrium(verify=False).profile == g2.equilibrium(verify=False).profile == (sp.Rational(10, 3), sp.Rational(7, 3))


# ---------------------------------------------------------------------------------------------
# Public good (common technology) and regional brand
# ---------------------------------------------------------------------------------------------
g1_, g2_, g3_ = sp.symbols("g1 g2 g3")


def test_public_good_only_top_valuation_contributes():
    # u_i = v_i log G - g_i, G = sum g. Contributor: v_i/G = 1 -> G = v_i; non-contributors need
    # v_j/G - 1 <= 0 -> v_j <= G. Only G = v_max satisfies all: (3, 0, 0), G = 3.
    G = g1_ + g2_ + g3_
    game = ContinuousGame([v * sp.log(G) - g for v, g in zip((3, 2, 1), (g1_, g2_, g3_))], [g1_, g2_, g3_])
    eq = game.equilibrium()
    assert eq.profile == (3, 0, 0)
    assert eq.multipliers[g2_] == sp.Rational(1, 3) and eq.multipliers[g3_] == sp.Rational(2, 3)  # 1 - v_j/3
    assert eq.method == "kkt" and eq.unique is True and eq.max_deviation_gain < 1e-9


def test_public_good_symbolic_valuations():
    v1, v2 = sp.symbols("v1 v2", positive=True)
    G = g1_ + g2_
    game = ContinuousGame([v1 * sp.log(G) - g1_, v2 * sp.log(G) - g2_], [g1_, g2_])
    eq = game.equilibrium(assumptions=v1 > v2)
    assert eq.profile == (v1, 0) and eq.conditions == sp.true
    # both regimes listed: firm 1 alone iff v1 >= v2, firm 2 alone iff v2 >= v1
    regimes = {e.profile: e.conditions for e in game.equilibria(verify=False)}
    assert set(regimes) == {(v1, 0), (0, v2)}
    assert holds(regimes[(v1, 0)], {v1: 3, v2: 2}) and not holds(regimes[(v1, 0)], {v1: 2, v2: 3})


def test_public_good_square_root_benefit():
    # u_i = v_i sqrt(G) - g_i: v_max / (2 sqrt G) = 1 -> G = v_max^2 / 4 = 4 for v = (4, 1)
    G = g1_ + g2_
    eq = ContinuousGame([4 * sp.sqrt(G) - g1_, sp.sqrt(G) - g2_], [g1_, g2_]).equilibrium()
    assert eq.profile == (4, 0)


@settings(max_examples=12)
@given(vals=st.lists(st.integers(1, 20), min_size=2, max_size=3, unique=True))
def test_public_good_contributor_set_property(vals):
    gs = (g1_, g2_, g3_)[: len(vals)]
    G = sum(gs)
    eq = ContinuousGame([v * sp.log(G) - g for v, g in zip(vals, gs)], list(gs)).equilibrium(verify=False)
    top = max(vals)
    assert sum(eq.profile) == top                                  # G = v_max
    assert eq.profile[vals.index(top)] == top


def test_brand_quality_is_one_nth_of_the_optimum():
    # u_i = (theta/n) q_i - k q_i^2/2 (plus terms in others' q): theta/n = k q -> q = theta/(n k), n = 3
    theta, k = sp.symbols("theta k", positive=True)
    qs = (q1, q2, q3)
    pays = [theta / 3 * sum(qs) - k * qi ** 2 / 2 for qi in qs]
    eq = ContinuousGame(pays, list(qs)).equilibrium()
    assert eq.profile == (theta / (3 * k),) * 3
    assert eq.conditions == sp.true and eq.unique is True
    # the planner maximises sum of payoffs: theta = k q -> q* = theta/k (n times the Nash level)
    opt = maximize(sum(pays), tuple(qs))
    assert tuple(opt.variables.values()) == (theta / k,) * 3
    assert opt.method == "closed form (FOC)" and opt.global_optimum is True


def test_brand_with_upper_bound_binding():
    # q in [0, 1] with theta/(3k) = 2 > 1: the upper bound binds, multiplier theta/3 - k = 4 - 2... with
    # theta = 12, k = 2: du/dq = 4 - 2q, at q = 1: 2 >= 0 -> q = 1, multiplier 2.
    qs = (q1, q2, q3)
    pays = [4 * sum(qs) - qi ** 2 for qi in qs]
    eq = ContinuousGame(pays, list(qs), bounds=(0, 1)).equilibrium()
    assert eq.profile == (1, 1, 1) and all(eq.multipliers[q] == 2 for q in qs)
    assert all(s == "upper" for s in eq.active_bounds.values())


# ---------------------------------------------------------------------------------------------
# d'Aspremont & Jacquemin (1988): R&D with spillovers
# ---------------------------------------------------------------------------------------------
def test_dasp_jacquemin_noncooperative_rd():
    # Stage-2 Cournot profit with costs A - x_i - beta x_j: (a - A + (2-beta) x_i + (2beta-1) x_j)^2/(9b);
    # R&D cost gamma x^2/2. DJ (1988): x = (a-A)(2-beta) / (4.5 b gamma - (2-beta)(1+beta)).
    A, beta, gamma = sp.symbols("A beta gamma", positive=True)
    x1, x2 = sp.symbols("x1 x2")

    def pi(xi, xj):
        return (a - A + (2 - beta) * xi + (2 * beta - 1) * xj) ** 2 / (9 * b) - gamma * xi ** 2 / 2

    eq = ContinuousGame([pi(x1, x2), pi(x2, x1)], [x1, x2]).equilibrium(verify=False)
    expected = (a - A) * (2 - beta) / (sp.Rational(9, 2) * b * gamma - (2 - beta) * (1 + beta))
    assert sp.simplify(eq.strategies[x1] - expected) == 0
    # SOC: 2(2-beta)^2/(9b) - gamma < 0; slope of the R&D reaction function (Henriques 1990):
    # r' = 2(2-beta)(2beta-1) / (9b gamma - 2(2-beta)^2)
    soc = eq.second_order[0].condition
    assert holds(soc, {b: 1, gamma: 1, beta: sp.Rational(1, 2)}) and not holds(soc, {b: 1, gamma: sp.Rational(1, 10), beta: 0})
    slope = eq.stability.best_response_jacobian[0, 1]
    assert sp.simplify(slope - 2 * (2 - beta) * (2 * beta - 1) / (9 * b * gamma - 2 * (2 - beta) ** 2)) == 0


# ---------------------------------------------------------------------------------------------
# Non-concave payoffs, numeric fallback
# ---------------------------------------------------------------------------------------------
def test_convex_payoff_gives_a_clear_error():
    # u1 = x^2 - x y is convex in x on [0, inf): best response unbounded; KKT point (0, 0) is a minimum
    x, y = sp.symbols("x y")
    game = ContinuousGame([x ** 2 - x * y, -y ** 2 + x * y], [x, y])
    assert game.concavity() == (False, True)
    with pytest.raises(NonConcavePayoffError, match="not concave"):
        game.equilibrium()


def test_interior_stationary_point_that_is_a_minimum_gives_a_clear_error():
    # unbounded x, u = x^2 - 2x: FOC x = 1 is a minimum (u'' = 2 > 0); no bound to sit on
    x = sp.Symbol("x")
    with pytest.raises(NonConcavePayoffError, match="not concave"):
        ContinuousGame([x ** 2 - 2 * x], [x], bounds=[(None, None)]).equilibrium()
    with pytest.raises(NonConcavePayoffError):
        maximize(x ** 2 - 2 * x, x, bounds=(None, None))


def test_symbolic_soc_becomes_a_condition():
    # u = a q - k q^2/2 with k of unknown sign: interior q = a/k requires k > 0
    k = sp.Symbol("k")
    q = sp.Symbol("q")
    eq = ContinuousGame([a * q - k * q ** 2 / 2], [q], bounds=[(None, None)]).equilibrium(verify=False)
    assert eq.strategies[q] == a / k
    assert eq.second_order[0].condition == (k > 0)
    assert holds(eq.conditions, {k: 1}) and not holds(eq.conditions, {k: -1})


DOTTIE = 0.7390851332151607  # the unique real root of cos x = x (the Dottie number)


def test_transcendental_game_goes_numeric_and_matches_the_dottie_number():
    # u_i = x_i cos(x_j) - x_i^2/2 on [0, 1]: BR x_i = cos(x_j); |slope| = sin x < 1 -> contraction,
    # unique symmetric equilibrium x = cos x.
    x, y = sp.symbols("x y")
    game = ContinuousGame([x * sp.cos(y) - x ** 2 / 2, y * sp.cos(x) - y ** 2 / 2], [x, y], bounds=(0, 1))
    eq = game.equilibrium()
    assert eq.method == "numeric" and eq.success
    assert "numeric path: sympy" in eq.message          # says why the numeric path was used
    assert eq.profile == pytest.approx((DOTTIE, DOTTIE), abs=1e-10)
    assert eq.max_deviation_gain < 1e-10
    assert max(abs(r) for r in eq.residuals) < 1e-10


def test_symbolic_transcendental_game_raises_with_advice():
    x, y = sp.symbols("x y")
    game = ContinuousGame([x * sp.cos(a * y) - x ** 2 / 2, y * sp.cos(a * x) - y ** 2 / 2], [x, y], bounds=(0, 1))
    with pytest.raises(SymbolicSolveError, match="numeric"):
        game.equilibrium(timeout=1)
    eq = game.subs({a: 1}).equilibrium()
    assert eq.profile == pytest.approx((DOTTIE, DOTTIE), abs=1e-10)


def test_numeric_method_on_polynomial_game_matches_exact():
    # Cournot triopoly a=20, b=1, c=(2,4,6): q_i = (20 - 4 c_i + 12)/4 -> (6, 4, 2)
    g = cournot((2, 4, 6), a_=20, b_=1)
    exact = g.equilibrium()
    assert exact.profile == (6, 4, 2)
    num = g.equilibrium(method="numeric")
    assert num.method == "numeric" and num.success
    assert num.profile == pytest.approx((6, 4, 2), abs=1e-8)


def test_numeric_path_finds_corner():
    # c = (1, 7), a = 10: firm 2 exits (see test_numeric_corner_with_exact_values)
    num = cournot((1, 7), a_=10, b_=1).equilibrium(method="numeric")
    assert num.profile == pytest.approx((4.5, 0.0), abs=1e-8)
    assert num.active_bounds[q2] == "lower" and num.multipliers[q2] == pytest.approx(1.5, abs=1e-7)


costs3 = st.lists(st.integers(0, 12), min_size=3, max_size=3)


@settings(max_examples=10)
@given(cs=costs3, a_=st.integers(10, 30))
def test_symbolic_and_numeric_paths_agree_on_random_cournot(cs, a_):
    g = cournot(tuple(cs), a_=a_, b_=1)
    exact = g.equilibrium(verify=False)
    num = g.equilibrium(method="numeric")
    assert num.success
    assert [float(v) for v in exact.profile] == pytest.approx(list(num.profile), abs=1e-7)
    # independent check of the exact answer: active-set Cournot formula
    active = list(range(3))
    while True:
        m = len(active)
        q = {i: (a_ - (m + 1) * cs[i] + sum(cs[j] for j in active)) / Fraction(m + 1) for i in active}
        out = [i for i in active if q[i] <= 0]
        if not out:
            break
        active.remove(max(out, key=lambda i: cs[i]))
        if not active:
            q = {}
            break
    expected = [q.get(i, 0) for i in range(3)]
    assert [Fraction(str(v)) for v in exact.profile] == expected


@functools.lru_cache(maxsize=1)
def _symbolic_duopoly():
    return cournot((c1, c2)).equilibrium(verify=False)


@settings(max_examples=8)
@given(a_=st.fractions(5, 20), c1_=st.fractions(0, 4), c2_=st.fractions(0, 4), b_=st.fractions(Fraction(1, 2), 3))
def test_symbolic_closed_form_agrees_with_numeric_at_random_draws(a_, c1_, c2_, b_):
    sym = _symbolic_duopoly()
    point = {a: sp.Rational(a_), b: sp.Rational(b_), c1: sp.Rational(c1_), c2: sp.Rational(c2_)}
    num = cournot((c1, c2)).subs(point).equilibrium(method="numeric")
    if holds(sym.conditions, point):
        assert [float(sp.sympify(v).subs(point)) for v in sym.profile] == pytest.approx(list(num.profile), abs=1e-7)


# ---------------------------------------------------------------------------------------------
# best responses, maximize
# ---------------------------------------------------------------------------------------------
def test_best_response_symbolic_and_numeric():
    g = cournot((c, c))
    br = g.best_response(0)
    assert isinstance(br, Optimum)
    assert sp.simplify(br.variables[q1] - (a - c - b * q2) / (2 * b)) == 0     # q1 = (a - c - b q2)/(2b)
    assert holds(br.conditions, {a: 10, c: 1, b: 1, q2: 1}) and not holds(br.conditions, {a: 10, c: 1, b: 1, q2: 9})
    br = g.best_response("player 1", {q2: 4}).subs({a: 10, b: 1, c: 2})
    assert br.variables[q1] == 2                                                # (10 - 2 - 4)/2
    with pytest.raises(DomainError):
        g.best_response(5)


def test_maximize_convex_objective_corner_and_piecewise():
    x, p = sp.symbols("x p")
    opt = maximize((x - 1) ** 2, x, bounds=(0, 3))       # convex: max at the far end, (3-1)^2 = 4
    assert opt.variables[x] == 3 and opt.value == 4 and opt.active_bounds[x] == "upper"
    opt = maximize((x - 2) ** 2, x, bounds=(0, 3))       # (0-2)^2 = 4 > (3-2)^2 = 1
    assert opt.variables[x] == 0 and opt.value == 4
    # symbolic convex: which end wins depends on t: max over [0, 1] of (x - t)^2 is 1 at x=0 iff t >= 1/2
    t = sp.Symbol("t", positive=True)
    pts = {o.variables[x]: o.conditions for o in kkt_points((x - t) ** 2, x, bounds=(0, 1))}
    assert holds(pts[0], {t: sp.Rational(3, 4)}) and not holds(pts[0], {t: sp.Rational(1, 4)})
    assert holds(pts[1], {t: sp.Rational(1, 4)})
    pw = as_piecewise(kkt_points(p * x - x ** 2 / 2, x), x)   # max(p, 0)
    assert pw.subs(p, 3) == 3 and pw.subs(p, -2) == 0


def test_maximize_numeric_and_multi_variable():
    x, y = sp.symbols("x y")
    # x e^{-x}: FOC (1 - x) e^{-x} = 0 -> x = 1, value 1/e
    opt = maximize(x * sp.exp(-x), x, method="numeric")
    assert opt.variables[x] == pytest.approx(1.0, abs=1e-7) and opt.value == pytest.approx(math.exp(-1))
    exact = maximize(x * sp.exp(-x), x)
    assert exact.variables[x] == 1
    # two variables, one bound binding: max -(x-1)^2 - (y+1)^2, y >= 0 -> (1, 0), multiplier of y = 2
    opt = maximize(-(x - 1) ** 2 - (y + 1) ** 2, (x, y), bounds=[(None, None), (0, None)])
    assert dict(opt.variables) == {x: 1, y: 0} and opt.multipliers[y] == 2


def test_multivariable_player_and_mixed_bounds():
    # player 1 chooses (x, z) in [0, inf)^2 with u1 = x + 2z - x^2 - z^2 - x y; player 2 y in [0, 1]
    # with u2 = y(1 - y) + x y: FOCs 1 - 2x - y = 0, 2 - 2z = 0 -> z = 1; y: 1 - 2y + x = 0.
    # => x = (1 - y)/2, y = (1 + x)/2 -> x = 1/5, y = 3/5.
    x, y, z = sp.symbols("x y z")
    game = ContinuousGame([x + 2 * z - x ** 2 - z ** 2 - x * y, y * (1 - y) + x * y], [(x, z), y],
                          bounds=[None, (0, 1)], players=["leader", "follower"])
    eq = game.equilibrium()
    assert eq.profile == ((sp.Rational(1, 5), 1), sp.Rational(3, 5))
    assert eq.second_order[0].hessian == sp.Matrix([[-2, 0], [0, -2]])
    assert eq.second_order[0].player == "leader"
    assert eq.max_deviation_gain < 1e-9


def test_unstable_best_responses_are_flagged():
    # u_i = -x_i^2/2 + 2 x_i x_j - 3 x_i... on [0, 10]: slopes r' = 2 -> |r1' r2'| = 4 > 1 (unstable);
    # interior FOC x_i = 2 x_j - 3 -> x = 3 (symmetric). Rosen fails too (J + J^T = [[-2, 4],[4, -2]]).
    x, y = sp.symbols("x y")
    game = ContinuousGame([-x ** 2 / 2 + 2 * x * y - 3 * x, -y ** 2 / 2 + 2 * x * y - 3 * y], [x, y], bounds=(0, 10))
    eqs = game.equilibria()
    interior = [e for e in eqs if all(s == "interior" for s in e.active_bounds.values())]
    assert len(interior) == 1 and interior[0].profile == (3, 3)
    assert interior[0].stability.stable is False and interior[0].stability.spectral_radius == pytest.approx(2)
    assert len(eqs) == 3              # also (0, 0) and (10, 10): multiple equilibria
    assert game.equilibrium().unique is False


# ---------------------------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------------------------
def test_bad_input_is_rejected_clearly():
    x, y = sp.symbols("x y")
    with pytest.raises(DomainError, match="string"):
        ContinuousGame(["x**2", -y], [x, y])
    with pytest.raises(DomainError, match="per player"):
        ContinuousGame([-x ** 2], [x, y])
    with pytest.raises(DomainError, match="twice"):
        ContinuousGame([-x ** 2, -x ** 2], [x, x])
    with pytest.raises(DomainError, match="own strategy"):
        ContinuousGame([-y ** 2, -y ** 2], [x, y])
    with pytest.raises(DomainError, match="Symbol|not a string"):   # text is refused first
        ContinuousGame([-x ** 2], ["x"])
    with pytest.raises(DomainError, match="empty or degenerate"):
        ContinuousGame([-x ** 2], [x], bounds=(1, 0))
    with pytest.raises(DomainError, match="strategy variables"):
        ContinuousGame([-x ** 2, -y ** 2], [x, y], bounds={x: (0, y)})
    with pytest.raises(DomainError, match="finite"):
        ContinuousGame([-x ** 2 + sp.nan], [x])
    with pytest.raises(DomainError, match="method"):
        ContinuousGame([-x ** 2], [x]).equilibrium(method="magic")
    with pytest.raises(DomainError, match="numbers"):
        ContinuousGame([a * x - x ** 2], [x]).equilibrium(method="numeric")
    with pytest.raises(DomainError, match="strategy variable"):
        ContinuousGame([-x ** 2], [x], parameters={x: 1})


def test_result_is_immutable_and_prints_deterministically():
    eq = cournot((1, 2), a_=10, b_=1).equilibrium(verify=False)
    with pytest.raises(Exception):
        eq.method = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        eq.strategies[q1] = 5  # type: ignore[index]
    assert repr(eq) == repr(cournot((1, 2), a_=10, b_=1).equilibrium(verify=False))
    assert "strategies" in eq.summary() and eq._repr_latex_().startswith("$$")
    assert eq[q1] == sp.Rational(10, 3)   # (10 - 2 + 2)/3


def test_first_order_conditions_and_implicit_statics_agree_with_closed_form():
    from gametheory.core.statics import implicit_statics

    g = cournot((c1, c2))
    eqs, free = g.first_order_conditions()
    r = implicit_statics(eqs, free, c2)
    assert r.derivatives[q1] == 1 / (3 * b) and r.derivatives[q2] == -2 / (3 * b)
    eqs, free = g.first_order_conditions({q2: "lower"})
    assert free == [q1] and sp.simplify(eqs[0] - (a - 2 * b * q1 - c1)) == 0


# ---------------------------------------------------------------------------------------------
# maximize with general constraints
# ---------------------------------------------------------------------------------------------
def test_maximize_with_linear_constraint_convex_objective_goes_to_a_vertex():
    # convex f = (t1 - 1/4)^2 + t2^2 on {t >= 0, t1 + t2 <= 1}: vertex values
    # (0,0): 1/16, (1,0): 9/16, (0,1): 1/16 + 1 = 17/16 -> maximum at (0, 1)
    t1, t2 = sp.symbols("t1 t2")
    opt = maximize((t1 - sp.Rational(1, 4)) ** 2 + t2 ** 2, (t1, t2), bounds=(0, 1), constraints=[t1 + t2 <= 1])
    assert dict(opt.variables) == {t1: 0, t2: 1} and opt.value == sp.Rational(17, 16)
    # degenerate vertex (three constraints touch in 2-D): certified by some active set of size <= 2
    assert opt.active_constraints == (t1 + t2 <= 1,) or opt.active_bounds[t2] == "upper"
    assert opt.global_optimum is True


def test_maximize_concave_with_constraint_symbolic():
    # max a x - x^2/2 + a y - y^2/2 s.t. x + y <= 1 (x, y >= 0), a > 0:
    # unconstrained x = y = a is feasible iff 2a < 1; otherwise x = y = 1/2 with mu = a - 1/2.
    x, y = sp.symbols("x y")
    f = a * x - x ** 2 / 2 + a * y - y ** 2 / 2
    opt = maximize(f, (x, y), constraints=[x + y <= 1], assumptions=a > sp.Rational(1, 2))
    assert dict(opt.variables) == {x: sp.Rational(1, 2), y: sp.Rational(1, 2)}
    assert sp.simplify(opt.multipliers[x + y <= 1] - (a - sp.Rational(1, 2))) == 0
    opt = maximize(f, (x, y), constraints=[x + y <= 1], assumptions=a < sp.Rational(1, 2))
    assert dict(opt.variables) == {x: a, y: a}


def test_maximize_equality_constraint_and_bad_constraints():
    x, y = sp.symbols("x y")
    # max -(x^2 + y^2) s.t. x + y = 2 -> (1, 1), lambda: -2x = lambda -> lambda = -2
    opt = maximize(-(x ** 2 + y ** 2), (x, y), bounds=(None, None), constraints=[sp.Eq(x + y, 2)])
    assert dict(opt.variables) == {x: 1, y: 1} and opt.multipliers[sp.Eq(x + y, 2)] == -2
    with pytest.raises(DomainError, match="strict"):
        maximize(-(x ** 2), x, constraints=[x < 1])
    with pytest.raises(DomainError, match="string"):
        maximize(-(x ** 2), x, constraints=["x <= 1"])


# ---------------------------------------------------------------------------------------------
# symmetric equilibria with a symbolic number of players
# ---------------------------------------------------------------------------------------------
def test_symmetric_cournot_with_symbolic_n():
    from gametheory.core.continuous import symmetric_equilibrium

    # u = (a - b(x + (n-1)y) - c) x: a - 2bx - b(n-1)y - c = 0 at x = y -> s = (a - c)/(b(n+1))
    n = sp.Symbol("n", positive=True, integer=True)
    x, y = sp.symbols("x y")
    eq = symmetric_equilibrium((a - b * (x + (n - 1) * y) - c) * x, x, y)
    assert sp.simplify(eq.strategies[x] - (a - c) / (b * (n + 1))) == 0
    assert holds(eq.conditions, {a: 10, c: 1}) and not holds(eq.conditions, {a: 1, c: 10})
    assert eq.max_deviation_gain is not None and eq.max_deviation_gain < 1e-9
    # a <= c: nobody produces (lower bound, multiplier c - a >= 0)
    eq = symmetric_equilibrium((a - b * (x + (n - 1) * y) - c) * x, x, y, assumptions=c > a)
    assert eq.strategies[x] == 0 and sp.simplify(eq.multipliers[x] - (c - a)) == 0


def test_symmetric_brand_quality_one_nth():
    from gametheory.core.continuous import symmetric_equilibrium

    # (theta/n) q_i - k q_i^2/2 (+ rivals' terms): q = theta/(n k); single-player form gives the same
    theta, k, n = sp.symbols("theta k n", positive=True)
    x, y = sp.symbols("x y")
    eq = symmetric_equilibrium(theta / n * (x + (n - 1) * y) - k * x ** 2 / 2, x, y)
    assert eq.strategies[x] == theta / (n * k) and eq.conditions == sp.true
    q = sp.Symbol("q")
    assert ContinuousGame([theta / n * q - k * q ** 2 / 2], [q]).equilibrium().strategies[q] == theta / (n * k)


# ---------------------------------------------------------------------------------------------
# properties on random games: every exact KKT equilibrium survives deviations (independent numeric
# best responses), and the scipy path lands on one of them (completeness of the enumeration)
# ---------------------------------------------------------------------------------------------
coef = st.integers(-4, 4)


@settings(max_examples=12)
@given(al=st.tuples(coef, coef), be=st.tuples(st.integers(1, 4), st.integers(1, 4)), ga=st.tuples(coef, coef))
def test_random_concave_quadratic_games_on_the_unit_box(al, be, ga):
    x, y = sp.symbols("x y")
    u1 = al[0] * x - sp.Rational(be[0], 2) * x ** 2 + ga[0] * x * y
    u2 = al[1] * y - sp.Rational(be[1], 2) * y ** 2 + ga[1] * x * y
    game = ContinuousGame([u1, u2], [x, y], bounds=(0, 1))
    eqs = [e for e in game.equilibria() if e.conditions == sp.true]
    assert eqs, "a concave game on a compact box has an equilibrium (Rosen 1965)"
    for e in eqs:
        assert e.max_deviation_gain < 1e-9
    num = game.equilibrium(method="numeric")
    assert num.success
    assert any(max(abs(float(a_) - b_) for a_, b_ in zip(e.profile, num.profile)) < 1e-7 for e in eqs)


@settings(max_examples=15)
@given(p=st.integers(-6, 6), r=st.integers(-3, 3), s=st.sampled_from([-1, 1]))
def test_maximize_matches_grid_search_on_an_interval(p, r, s):
    # f = s (x - p/2)^2 + r x on [-2, 3]: concave (s = -1) or convex (s = 1); compare with a fine grid
    x = sp.Symbol("x")
    f = s * (x - sp.Rational(p, 2)) ** 2 + r * x
    opt = maximize(f, x, bounds=(-2, 3))
    fn = sp.lambdify(x, f)
    best = max(fn(k / 100) for k in range(-200, 301))
    assert float(opt.value) >= best - 1e-12            # exact optimum at least as good as any grid point
    assert float(opt.value) == pytest.approx(best, abs=0.01 * (abs(r) + 6))


def test_numeric_path_reports_stability_and_rosen_uniqueness():
    # Cournot triopoly (see test_numeric_method_on_polynomial_game_matches_exact): J = -[[2,1,1],[1,2,1],[1,1,2]]
    # is constant and symmetric negative definite -> unique (Rosen 1965); slopes -1/2 each, B has
    # eigenvalues -1 and 1/2 (twice): spectral radius exactly 1 -> not asymptotically stable under
    # simultaneous best-response adjustment (Theocharis 1960: n = 3 is the neutral case).
    num = cournot((2, 4, 6), a_=20, b_=1).equilibrium(method="numeric")
    assert num.unique is True
    assert num.stability.spectral_radius == pytest.approx(1.0)
    assert num.stability.stable is False
    # Dottie game: slopes -sin(d) ~ -0.674 -> radius 0.674 < 1, stable; J depends on x (no Rosen statement)
    x, y = sp.symbols("x y")
    eq = ContinuousGame([x * sp.cos(y) - x ** 2 / 2, y * sp.cos(x) - y ** 2 / 2], [x, y], bounds=(0, 1)).equilibrium()
    assert eq.stability.spectral_radius == pytest.approx(math.sin(DOTTIE), abs=1e-9)
    assert eq.stability.stable is True and eq.stability.rosen_condition is None


def test_nonlinear_foc_roots_carry_reality_and_sign_conditions():
    # u = -x^3/3 + a x on [0, inf): FOC a = x^2 -> x = sqrt(a) (needs a >= 0; -sqrt(a) is infeasible);
    # u'' = -2x <= 0 on the box (concave); corner x = 0 iff u'(0) = a <= 0.
    x, p = sp.Symbol("x"), sp.Symbol("p")
    eqs = {e.profile: e.conditions for e in ContinuousGame([-x ** 3 / 3 + p * x], [x]).equilibria(verify=False)}
    assert set(eqs) == {(sp.sqrt(p),), (0,)}
    assert holds(eqs[(sp.sqrt(p),)], {p: 4}) and not holds(eqs[(0,)], {p: 4})
    assert holds(eqs[(0,)], {p: -1})


def test_unbounded_problems_are_reported_not_solved():
    x, y = sp.symbols("x y")
    with pytest.raises(DomainError, match="maximum may not exist"):
        maximize(x, x)                                   # x >= 0, objective increasing without bound
    with pytest.raises(DomainError, match="does not depend"):
        maximize(y ** 2, x)
    with pytest.raises(DomainError, match="no pure-strategy equilibrium"):
        ContinuousGame([x - y, y - x], [x, y]).equilibrium()   # each payoff increases in own strategy forever


def test_symbolic_bounds_enter_the_conditions():
    # u = 2 theta - theta^2/2 on [0, m]: interior theta = 2 iff m > 2; else the cap m binds (u'(m) = 2 - m >= 0)
    theta = sp.Symbol("theta")
    m = sp.Symbol("m", positive=True)
    eqs = {e.profile: e.conditions for e in ContinuousGame([2 * theta - theta ** 2 / 2], [theta], bounds=(0, m)).equilibria()}
    assert set(eqs) == {(2,), (m,)}
    assert holds(eqs[(2,)], {m: 3}) and not holds(eqs[(2,)], {m: 1})
    assert holds(eqs[(m,)], {m: 1}) and not holds(eqs[(m,)], {m: 3})


def test_numeric_path_flags_unbounded_problems():
    x, y = sp.symbols("x y")
    eq = ContinuousGame([x - y, y - x], [x, y]).equilibrium(method="numeric")
    assert eq.success is False and "unbounded" in eq.message
    opt = maximize(x, x, method="numeric")
    assert opt.success is False and "unbounded" in opt.message


# ---------------------------------------------------------------------------------------------
# shared constraints: variational equilibria
# ---------------------------------------------------------------------------------------------
def test_shared_capacity_variational_equilibrium():
    # Cournot duopoly with common capacity q1 + q2 <= K, one multiplier mu:
    # a - 2b q_i - b q_j - c - mu = 0 -> symmetric q = (a - c - mu)/(3b). Binding: q = K/2,
    # mu = a - c - 3bK/2 >= 0 iff K <= 2(a - c)/(3b); slack: the Cournot point (a - c)/(3b).
    K = sp.Symbol("K", positive=True)
    P = a - b * (q1 + q2)
    game = ContinuousGame([(P - c) * q1, (P - c) * q2], [q1, q2], constraints=[q1 + q2 <= K])
    eq = game.equilibrium(assumptions=sp.And(a > c, 3 * b * K < 2 * (a - c)))
    assert eq.profile == (K / 2, K / 2)
    assert sp.simplify(eq.multipliers[q1 + q2 <= K] - (a - c - 3 * b * K / 2)) == 0
    assert eq.method == "kkt (variational equilibrium)" and eq.unique is True
    assert eq.max_deviation_gain is not None and eq.max_deviation_gain < 1e-7
    eq = game.equilibrium(assumptions=sp.And(a > c, 3 * b * K > 2 * (a - c)))
    assert eq.profile == ((a - c) / (3 * b), (a - c) / (3 * b))
    # numbers: a = 10, b = 1, c = 1, K = 4 < 2*9/3 = 6: q = (2, 2), mu = 9 - 6 = 3
    eq = game.subs({a: 10, b: 1, c: 1, K: 4}).equilibrium()
    assert eq.profile == (2, 2) and eq.multipliers[q1 + q2 <= 4] == 3 and eq.max_deviation_gain < 1e-7
    with pytest.raises(DomainError, match="exactly"):
        game.subs({a: 10, b: 1, c: 1, K: 4}).equilibrium(method="numeric")


def test_constrained_deviation_check_detects_a_non_equilibrium():
    # a=10, b=1, c=1, K=4 at q = (1, 1): player 1's constrained BR to q2 = 1 maximises (8 - q1) q1 on
    # q1 <= 3 -> q1 = 3, payoff 15 vs 7 at q1 = 1: gain 8 (by hand)
    from gametheory.core.continuous._constrained import parse_constraints
    from gametheory.core.continuous.shared import _gain

    P = 10 - (q1 + q2)
    game = ContinuousGame([(P - 1) * q1, (P - 1) * q2], [q1, q2], constraints=[q1 + q2 <= 4])
    ineq, eqs = parse_constraints(game.constraints, game.variables)
    assert _gain(game, __import__("numpy").array([1.0, 1.0]), {}, ineq, eqs) == pytest.approx(8.0, abs=1e-6)


def test_string_assumptions_are_rejected_not_evaluated():
    # Assumptions given as strings used to go through sp.sympify (an eval); they must be a clear
    # DomainError before any parsing, at construction and at solve time.
    x, a = sp.symbols("x a")
    with pytest.raises(DomainError, match="not a string"):
        maximize(-x**2 + a * x, x, assumptions="a > 0")
    with pytest.raises(DomainError, match="not a string"):
        ContinuousGame([-x**2 + a * x], [x], assumptions="a > 0")
    with pytest.raises(DomainError, match="not a string"):
        ContinuousGame([-x**2 + a * x], [x]).equilibrium(assumptions="a > 0")
    with pytest.raises(DomainError, match="sympy boolean"):
        maximize(-x**2 + a * x, x, assumptions=a + 1)
