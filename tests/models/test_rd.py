"""Tests of gametheory.models.rd.SpilloverRD.

Expected values come from (i) the papers' duopoly formulas (d'Aspremont & Jacquemin 1988 as
restated in Pepall, Richards & Norman, *Industrial Organization*, eqs. 20.16-20.18, with
gamma = 1), (ii) an independent backward induction done here with sympy on top of the market
block's Cournot solver (never the module's own formulas), (iii) hand derivations written in the
comments, and (iv) brute-force numeric optimisation (scipy) for the joint and planner problems.
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, strategies as st
from scipy import optimize

from gametheory.core.params import DomainError
from gametheory.models.market import Cournot
from gametheory.models.rd import AsymmetricOptimum, RDOutcome, SpilloverRD

a, b, A, g = sp.symbols("a b A gamma", positive=True)
beta = sp.Symbol("beta", nonnegative=True)
x = sp.Symbol("x")


def _zero(expr) -> bool:
    return sp.simplify(sp.together(expr)) == 0


# ---------------------------------------------------------------------------------------------
# Independent backward induction (sympy on the market block), n = 2 and n = 3
# ---------------------------------------------------------------------------------------------
def _stage_two(n):
    xs = sp.symbols(f"x1:{n + 1}")
    costs = [A - xs[i] - beta * sum(xs[j] for j in range(n) if j != i) for i in range(n)]
    eq = Cournot(a, b, costs).equilibrium()
    profits = [eq.profits[i] - g * xs[i] ** 2 / 2 for i in range(n)]
    return xs, eq, profits


def _symmetric_root(expr, xs):
    roots = sp.solve(sp.together(expr.subs({xi: x for xi in xs})), x)
    assert len(roots) == 1
    return roots[0]


@pytest.mark.parametrize("n", [2, 3])
def test_every_regime_matches_an_independent_backward_induction(n):
    xs, eq, profits = _stage_two(n)
    model = SpilloverRD(a, b, A, beta, g, n=n)
    # noncooperative: d pi_1 / d x_1 = 0, then symmetry
    x_nc = _symmetric_root(sp.diff(profits[0], xs[0]), xs)
    assert _zero(model.noncooperative().rd - x_nc)
    # cartel: d (sum pi) / d x_1 = 0 at the symmetric point
    x_c = _symmetric_root(sp.diff(sum(profits), xs[0]), xs)
    assert _zero(model.cartel().rd - x_c)
    # second best: d (CS + sum pi) / d x_1 = 0
    W = eq.consumer_surplus + sum(profits)
    x_s = _symmetric_root(sp.diff(W, xs[0]), xs)
    assert _zero(model.second_best().rd - x_s)
    # welfare and profit of the noncooperative outcome, from the Cournot stage directly
    nc = model.noncooperative()
    sub = {xi: x_nc for xi in xs}
    assert _zero(nc.profit - profits[0].subs(sub))
    assert _zero(nc.welfare - W.subs(sub))
    assert _zero(nc.price - eq.price.subs(sub))


@pytest.mark.parametrize("n", [2, 3])
def test_symmetric_first_best_matches_planner_choosing_output_and_rd(n):
    # Planner picks Q and symmetric x: W = aQ - bQ^2/2 - (A - v x) Q - n gamma x^2 / 2
    Q = sp.Symbol("Q")
    v = 1 + (n - 1) * beta
    W = a * Q - b * Q**2 / 2 - (A - v * x) * Q - n * g * x**2 / 2
    sol = sp.solve([sp.diff(W, Q), sp.diff(W, x)], [Q, x], dict=True)
    assert len(sol) == 1
    fb = SpilloverRD(a, b, A, beta, g, n=n).first_best()
    assert _zero(fb.rd - sol[0][x])
    assert _zero(fb.total_quantity - sol[0][Q])
    assert _zero(fb.welfare - W.subs(sol[0]))


def test_duopoly_closed_forms_of_dAspremont_Jacquemin():
    # dAJ (1988): x* = (a-A)(2-beta)/(4.5 b gamma - (2-beta)(1+beta)),
    #             cooperative x^ = (a-A)(1+beta)/(4.5 b gamma - (1+beta)^2)
    m = SpilloverRD(a, b, A, beta, g)
    half = sp.Rational(9, 2)
    assert _zero(m.noncooperative().rd - (a - A) * (2 - beta) / (half * b * g - (2 - beta) * (1 + beta)))
    assert _zero(m.cartel().rd - (a - A) * (1 + beta) / (half * b * g - (1 + beta) ** 2))
    # symmetric output q = (a - A + (1+beta) x)/(3b)
    nc = m.noncooperative()
    assert _zero(nc.quantity - (a - A + (1 + beta) * nc.rd) / (3 * b))


def test_textbook_duopoly_formulas_with_gamma_one():
    # Pepall-Richards-Norman (20.16)-(20.18), R&D cost x^2/2, demand P = a - BQ, cost c:
    # x^N = 2(a-c)(2-beta)/(9B - 2(2-beta)(1+beta)), x^RC = 2(a-c)(1+beta)/(9B - 2(1+beta)^2),
    # x^RJV = 4(a-c)/(9B - 8).
    m = SpilloverRD(a, b, A, beta, 1)
    assert _zero(m.noncooperative().rd - 2 * (a - A) * (2 - beta) / (9 * b - 2 * (2 - beta) * (1 + beta)))
    assert _zero(m.cartel().rd - 2 * (a - A) * (1 + beta) / (9 * b - 2 * (1 + beta) ** 2))
    assert _zero(m.rjv_cartel().rd - 4 * (a - A) / (9 * b - 8))


def test_textbook_numeric_example_profits():
    # Pepall et al.: P = 100 - 2Q, c = 60, RJV with x = 10 each: profit (40 + 10 + 10)^2/18 - 50 = 150.
    # Our deviation_profit re-solves Cournot at given R&D, so it must reproduce that number.
    m = SpilloverRD(a=100, b=2, A=60, beta=1, gamma=1)
    assert m.deviation_profit(10, 10) == 150
    # beta = 1/4, both at x = 10: (40 + 17.5 - 5)^2/18 - 50 = 103.125 (table 20.3a: $103.13)
    m = SpilloverRD(a=100, b=2, A=60, beta=F(1, 4), gamma=1)
    assert m.deviation_profit(10, 10) == sp.Rational(825, 8)


def test_class_example_by_hand():
    # a=25, A=10, b=1, gamma=3, beta=1/2: d = 15, u = v = 3/2, D = 27.
    m = SpilloverRD(a=25, b=1, A=10, beta=F(1, 2), gamma=3)
    nc, c, sb, fb = m.noncooperative(), m.cartel(), m.second_best(), m.first_best()
    assert (nc.rd, nc.quantity, nc.price, nc.unit_cost, nc.profit) == (2, 6, 13, 7, 30)
    assert (nc.consumer_surplus, nc.welfare) == (72, 132)
    assert c.rd == 2                                     # beta = 1/2: cartel = noncooperative
    # second best x = 90/18 = 5, q = 7.5, profit = 56.25 - 37.5, W = 112.5 + 37.5
    assert (sb.rd, sb.quantity, sb.welfare) == (5, F(15, 2), 150)
    # first best x = 1.5*15/(6 - 2.25) = 6, c = 1, Q = 24, W = 288 - 108
    assert (fb.rd, fb.unit_cost, fb.total_quantity, fb.welfare) == (6, 1, 24, 180)
    # RJV: cartel 2n d/(D - 2n^2) = 60/19, competition 2d/(D - 2n) = 30/23
    assert m.rjv_cartel().rd == F(60, 19) and m.rjv_competition().rd == F(30, 23)
    assert all(r.valid for r in m.regimes().values())


# ---------------------------------------------------------------------------------------------
# The beta = 1/2 crossing and the other comparisons of the literature
# ---------------------------------------------------------------------------------------------
@given(n=st.integers(2, 6), bet=st.fractions(0, 1), bg=st.fractions(3, 20))
def test_cartel_rd_exceeds_noncooperative_iff_beta_above_one_half(n, bet, bg):
    # dAJ (duopoly), Suzumura / KMZ (n firms): the crossing is at beta = 1/2 for every n.
    # Hand: x^C > x^N iff v > u iff 2(n-1) beta > n - 1.
    m = SpilloverRD(a=10, b=1, A=9, beta=bet, gamma=bg, n=n)
    nc, c = m.noncooperative(), m.cartel()
    assert nc.valid and c.checks["second_order"]  # b gamma >= 3 > 2n^2/(n+1)^2, 2n/(n+1)
    if bet > F(1, 2):
        assert c.rd > nc.rd
    elif bet < F(1, 2):
        assert c.rd < nc.rd
    else:
        assert c.rd == nc.rd


@pytest.mark.parametrize("n", [2, 3, 5])
def test_at_beta_one_half_cartel_and_noncooperative_coincide_symbolically(n):
    m = SpilloverRD(a, b, A, sp.Rational(1, 2), g, n=n)
    assert _zero(m.cartel().rd - m.noncooperative().rd)
    assert _zero(m.cartel().welfare - m.noncooperative().welfare)


def test_beta_one_reductions_to_the_rjv_regimes():
    full = SpilloverRD(a, b, A, 1, g, n=3)
    m = SpilloverRD(a, b, A, beta, g, n=3)
    assert _zero(full.cartel().rd - m.rjv_cartel().rd)
    assert _zero(full.noncooperative().rd - m.rjv_competition().rd)
    # KMZ n-firm forms by hand: RJV cartel 2n d / (b gamma (n+1)^2 - 2n^2), competition 2d/(..-2n)
    assert _zero(m.rjv_cartel().rd - 6 * (a - A) / (16 * b * g - 18))
    assert _zero(m.rjv_competition().rd - 2 * (a - A) / (16 * b * g - 6))


@given(n=st.integers(2, 5), bet=st.fractions(0, 1))
def test_rjv_cartel_has_the_highest_rd_and_profit_of_the_private_regimes(n, bet):
    # KMZ (1992). gamma large enough that every regime is valid.
    m = SpilloverRD(a=10, b=1, A=9, beta=bet, gamma=n * n, n=n)
    regimes = m.regimes()
    top = regimes["rjv_cartel"]
    assert top.valid
    for name in ("noncooperative", "cartel", "rjv_competition"):
        assert regimes[name].valid
        assert top.rd >= regimes[name].rd
        assert top.profit >= regimes[name].profit


@given(n=st.integers(2, 6), bet=st.fractions(0, 1))
def test_suzumura_rankings(n, bet):
    # Hand: x^S > x^C always (n D > 0); x^N > x^S iff (n+2) v < 2u iff beta < (n-2)/((n-1)(n+4));
    # x^F > x^S since n < (n+1)^2/(n+2).
    m = SpilloverRD(a=10, b=1, A=9, beta=bet, gamma=n * n, n=n)
    nc, c, sb, fb = m.noncooperative(), m.cartel(), m.second_best(), m.first_best()
    assert all(r.valid for r in (nc, c, sb, fb))
    assert sb.rd > c.rd
    threshold = F(n - 2, (n - 1) * (n + 4))
    if bet < threshold:
        assert nc.rd > sb.rd
    elif bet > threshold:
        assert nc.rd < sb.rd
    else:
        assert nc.rd == sb.rd
    assert fb.rd > sb.rd
    assert fb.welfare >= sb.welfare >= max(nc.welfare, c.welfare)


def test_duopoly_noncooperative_rd_never_exceeds_second_best():
    # n = 2: threshold (n-2)/(...) = 0; equal exactly at beta = 0.
    m0 = SpilloverRD(a, b, A, 0, g)
    assert _zero(m0.noncooperative().rd - m0.second_best().rd)


# ---------------------------------------------------------------------------------------------
# Validity flags exercised where they fail
# ---------------------------------------------------------------------------------------------
def test_henriques_instability_for_small_spillovers():
    # Henriques (1990): with b gamma = 1 the duopoly equilibrium is unstable for beta < ~0.17.
    # Hand: |r| < 1 with r = 2(2-b)(2b-1)/(9 - 2(2-b)^2); for beta < 1/2 it needs
    # 9 > 6(2-beta)(1-beta), i.e. beta > (3 - sqrt 7)/2 = 0.1771.
    threshold = (3 - math.sqrt(7)) / 2
    unstable = SpilloverRD(a=10, b=1, A=9, beta=F(17, 100), gamma=1).noncooperative()
    stable = SpilloverRD(a=10, b=1, A=9, beta=F(18, 100), gamma=1).noncooperative()
    assert 0.17 < threshold < 0.18
    assert unstable.checks["stability"] == sp.false and unstable.valid is False
    assert "stability" in unstable.failed
    assert unstable.checks["second_order"] == sp.true
    assert stable.checks["stability"] == sp.true


def test_symbolic_stability_condition_has_henriques_threshold():
    m = SpilloverRD(a, 1, A, beta, 1)
    cond = m.noncooperative().checks["stability"]
    # solve the boundary of the binding part in beta
    boundary = sp.solve(sp.Eq(9, 6 * (2 - beta) * (1 - beta)), beta)
    assert sp.nsimplify((3 - sp.sqrt(7)) / 2) in [sp.nsimplify(r) for r in boundary]
    assert cond.subs(beta, sp.Rational(1, 10)) == sp.false
    assert cond.subs(beta, sp.Rational(1, 5)) == sp.true


def _joint_profit(m: SpilloverRD, xs) -> float:
    costs = [m.A - xs[i] - m.beta * sum(xs[j] for j in range(m.n) if j != i) for i in range(m.n)]
    eq = Cournot(m.a, m.b, costs).equilibrium()
    return float(sum(eq.profits) - m.gamma * sum(xi**2 for xi in xs) / 2)


def test_cartel_symmetric_point_is_a_saddle_salant_shaffer():
    # b gamma = 1 < 2(1-beta)^2 = 2 at beta = 0: the Hessian orthogonal to (1,1) is 2 - 1 > 0.
    m = SpilloverRD(a=10, b=1, A=9, beta=0, gamma=1)
    c = m.cartel()
    assert c.checks["second_order"] == sp.true
    assert c.checks["symmetric_local_max"] == sp.false and c.valid is False
    along, ortho = c.hessian_eigenvalues
    assert along < 0 < ortho
    # Independent: unequal R&D raises joint profit (Cournot stage re-solved exactly).
    xs = float(c.rd)
    eps = F(1, 10)
    sym = _joint_profit(m, (c.rd, c.rd))
    asym = _joint_profit(m, (c.rd + eps, c.rd - eps))
    assert asym > sym
    # and with b gamma = 3 > 2 the symmetric point is the joint maximum (brute force)
    m3 = SpilloverRD(a=10, b=1, A=9, beta=0, gamma=3)
    c3 = m3.cartel()
    assert c3.valid
    res = optimize.minimize(lambda z: -_joint_profit(m3, (z[0], z[1])), x0=[0.01, 0.2], method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-12})
    assert np.allclose(res.x, [float(c3.rd)] * 2, atol=1e-5)


def test_noncooperative_equilibrium_verified_by_brute_force_deviations():
    # A coarse grid of deviations re-solved by the market block must not beat the equilibrium.
    m = SpilloverRD(a=25, b=1, A=10, beta=F(1, 4), gamma=2, n=3)
    nc = m.noncooperative()
    assert nc.valid and nc.max_deviation_gain == 0
    xs = nc.rd
    base = _profit_via_market(m, xs, xs)
    for y in np.linspace(0, float(m.A - m.beta * 2 * xs), 61):
        assert _profit_via_market(m, F(y).limit_denominator(1000), xs) <= base + 1e-12


def _profit_via_market(m, y, x):
    costs = [m.A - y - m.beta * (m.n - 1) * x] + [m.A - x - m.beta * (y + (m.n - 2) * x)] * (m.n - 1)
    eq = Cournot(m.a, m.b, costs).equilibrium()
    return float(eq.profits[0] - m.gamma * sp.sympify(y) ** 2 / 2)


@given(y=st.fractions(0, 3), bet=st.fractions(0, 1))
def test_deviation_profit_agrees_with_the_market_block(y, bet):
    m = SpilloverRD(a=10, b=1, A=6, beta=bet, gamma=1, n=3)
    x0 = F(1, 2)
    assert float(m.deviation_profit(y, x0)) == pytest.approx(_profit_via_market(m, y, x0), abs=1e-12)


def test_failed_second_order_condition_gives_profitable_deviation():
    # b gamma (n+1)^2 = 9 * 1/5 < 2u^2 = 8 at beta = 0: own profit convex in own R&D.
    m = SpilloverRD(a=10, b=1, A=9, beta=0, gamma=F(1, 5))
    nc = m.noncooperative()
    assert nc.checks["second_order"] == sp.false
    assert nc.checks["no_profitable_deviation"] == sp.false and nc.max_deviation_gain > 0


def test_negative_unit_cost_is_flagged():
    # a - A large relative to A: R&D drives the unit cost below zero.
    m = SpilloverRD(a=100, b=1, A=1, beta=F(1, 2), gamma=1)
    nc = m.noncooperative()
    # x = 3*99/4.5 = 66, c = 1 - 1.5*66 < 0
    assert nc.rd == 66 and nc.unit_cost == -98
    assert nc.checks["nonnegative_cost"] == sp.false and not nc.valid


def test_amir_plausibility_and_strategic_complements_diagnostics():
    lo = SpilloverRD(a=10, b=1, A=9, beta=F(1, 4), gamma=3).noncooperative()
    hi = SpilloverRD(a=10, b=1, A=9, beta=F(3, 4), gamma=3).noncooperative()
    assert lo.diagnostics["output_spillovers_plausible"] == sp.true
    assert hi.diagnostics["output_spillovers_plausible"] == sp.false
    assert hi.diagnostics["strategic_complements"] == sp.true
    assert hi.valid  # a diagnostic does not invalidate the outcome


def test_degenerate_second_order_raises():
    # second best with b gamma = 1, beta = 1/2: D = 9 = (n+2) v^2 = 4 * 9/4 -> no stationary point
    m = SpilloverRD(a=13, b=1, A=10, beta=F(1, 2), gamma=1)
    with pytest.raises(DomainError, match="second-order"):
        m.second_best()
    assert "second_best" not in m.regimes()


# ---------------------------------------------------------------------------------------------
# First best: symmetric vs unrestricted planner
# ---------------------------------------------------------------------------------------------
def test_unrestricted_planner_is_asymmetric_and_better():
    m = SpilloverRD(a=12, b=1, A=10, beta=F(1, 2), gamma=3)
    sym, unr = m.first_best(), m.first_best(symmetric=False)
    assert isinstance(unr, AsymmetricOptimum)
    assert sym.diagnostics["symmetric_optimal"] == sp.false
    assert unr.valid and unr.welfare > sym.welfare
    # hand: m = 1 + beta^2 = 5/4, x1 = d/(b gamma - m) = 2/(7/4) = 8/7, x2 = beta x1 = 4/7
    assert unr.rd == (F(8, 7), F(4, 7)) and unr.quantities[1] == 0
    # brute force: W(x1, x2) = (a - min c)^2/(2b) - gamma (x1^2 + x2^2)/2, only the cheapest produces
    def W(z):
        c = min(10 - z[0] - 0.5 * z[1], 10 - z[1] - 0.5 * z[0])
        return (12 - c) ** 2 / 2 - 1.5 * (z[0] ** 2 + z[1] ** 2)
    best = max((optimize.minimize(lambda z: -W(z), x0=x0, method="Nelder-Mead",
                                  options={"xatol": 1e-10, "fatol": 1e-12}) for x0 in ([1.0, 0.2], [0.5, 0.5])),
               key=lambda r: -r.fun)
    assert -best.fun == pytest.approx(float(unr.welfare), rel=1e-8)


def test_unrestricted_equals_symmetric_first_best_at_full_spillover():
    m = SpilloverRD(a=12, b=1, A=10, beta=1, gamma=3)
    assert m.first_best().diagnostics["symmetric_optimal"] == sp.true
    assert m.first_best(symmetric=False).welfare == m.first_best().welfare


# ---------------------------------------------------------------------------------------------
# R&D subsidy with a shadow cost of public funds
# ---------------------------------------------------------------------------------------------
def test_subsidy_without_shadow_cost_implements_the_second_best():
    m = SpilloverRD(a, b, A, beta, g, n=3)
    p = m.subsidy_policy(0)
    assert _zero(p.rd - m.second_best().rd)
    assert _zero(p.welfare - m.second_best().welfare)


@pytest.mark.parametrize("lam", [F(0), F(1, 5), F(3, 10), F(1)])
def test_subsidy_closed_form_matches_numeric_maximisation(lam):
    m = SpilloverRD(a=35, b=1, A=20, beta=F(1, 2), gamma=3, n=3)

    def net_welfare(s):
        out = m.noncooperative(subsidy=F(s).limit_denominator(10**9))
        return float(out.welfare - lam * m.n * out.rd * F(s).limit_denominator(10**9))

    res = optimize.minimize_scalar(lambda s: -net_welfare(s), bounds=(-20, 40), method="bounded",
                                   options={"xatol": 1e-9})
    p = m.subsidy_policy(lam)
    assert float(p.subsidy) == pytest.approx(res.x, abs=1e-5)
    assert float(p.welfare) == pytest.approx(-res.fun, rel=1e-9)
    assert p.valid


def test_subsidy_falls_with_shadow_cost_and_closes_less_of_the_gap():
    m = SpilloverRD(a=25, b=1, A=10, beta=F(1, 2), gamma=3)
    p0, p1, p2 = m.subsidy_policy(0), m.subsidy_policy(F(1, 5)), m.subsidy_policy(F(1, 2))
    assert p0.subsidy > p1.subsidy > p2.subsidy
    assert p0.gap_closed == 1 > p1.gap_closed > p2.gap_closed
    # hand (lambda = 1/5): x = 15 (6 + 0.6)/(18 + 9) = 11/3
    assert p1.rd == F(11, 3)


def test_tax_on_rd_when_noncooperative_rd_is_excessive():
    # n = 4, beta = 0 < (n-2)/((n-1)(n+4)) = 1/12: noncooperative R&D exceeds the second best,
    # so the lambda = 0 instrument is a tax; allow_tax=False clamps it at zero (laissez-faire).
    m = SpilloverRD(a=10, b=1, A=9, beta=0, gamma=16, n=4)
    assert m.subsidy_policy(0).subsidy < 0
    clamped = m.subsidy_policy(0, allow_tax=False)
    assert clamped.subsidy == 0 and clamped.welfare == m.noncooperative().welfare


def test_symbolic_subsidy_in_lambda_reduces_to_second_best():
    lam = sp.Symbol("lambda", nonnegative=True)
    m = SpilloverRD(a, b, A, beta, g)
    p = m.subsidy_policy(lam)
    assert _zero(p.rd.subs(lam, 0) - m.second_best().rd)
    # lambda -> oo: the government maximises tax revenue n s x, x = x^N / 2 (Laffer)
    num, den = sp.fraction(sp.cancel(p.rd))
    limit = sp.Poly(num, lam).LC() / sp.Poly(den, lam).LC() if sp.degree(num, lam) == sp.degree(den, lam) else None
    assert limit is not None and _zero(limit - m.noncooperative().rd / 2)


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(beta=F(3, 2)), "beta"),
        (dict(beta=-0.1), "beta"),
        (dict(gamma=0), "gamma"),
        (dict(gamma=-1), "gamma"),
        (dict(b=0), "b"),
        (dict(a=9), "exceed"),
        (dict(a=8), "exceed"),
        (dict(A=-1), "A"),
        (dict(n=1), "n"),
        (dict(n=2.5), "n"),
        (dict(a="10"), "a"),
        (dict(gamma=float("nan")), "gamma"),
    ],
)
def test_bad_input_raises_domain_error(kwargs, message):
    params = dict(a=10, b=1, A=9, beta=F(1, 2), gamma=1, n=2)
    params.update(kwargs)
    with pytest.raises(DomainError, match=message):
        SpilloverRD(**params)


def test_symbolic_results_carry_open_conditions():
    out = SpilloverRD(a, b, A, beta, g).noncooperative()
    assert isinstance(out, RDOutcome)
    assert out.valid is None and out.max_deviation_gain is None
    assert out.conditions.free_symbols  # relations in the parameters
    # substituting a valid point decides them
    assert out.conditions.subs({a: 25, A: 10, b: 1, g: 3, beta: sp.Rational(1, 2)}) == sp.true


def test_float_parameters_work_and_agree_with_exact():
    exact = SpilloverRD(a=25, b=1, A=10, beta=F(1, 2), gamma=3).noncooperative()
    floaty = SpilloverRD(a=25.0, b=1.0, A=10.0, beta=0.5, gamma=3.0).noncooperative()
    assert float(floaty.rd) == pytest.approx(float(exact.rd))
    assert floaty.valid


# ---------------------------------------------------------------------------------------------
# Cross-check with the core's continuous-game solver (stage 1 on the reduced-form profits)
# ---------------------------------------------------------------------------------------------
def _stage_one_game(m: SpilloverRD):
    from gametheory import ContinuousGame

    xs = sp.symbols(f"y1:{m.n + 1}")
    n = m.n
    costs = [m.A - xs[i] - m.beta * sum(xs[j] for j in range(n) if j != i) for i in range(n)]
    total = sum(costs)
    qs = [(m.a - (n + 1) * c + total) / (m.b * (n + 1)) for c in costs]   # interior Cournot
    return ContinuousGame([m.b * q**2 - m.gamma * xi**2 / 2 for q, xi in zip(qs, xs)], list(xs))


@pytest.mark.parametrize(
    "params",
    [
        dict(a=25, b=1, A=10, beta=F(1, 2), gamma=3, n=2),
        dict(a=10, b=1, A=9, beta=F(17, 100), gamma=1, n=2),   # Henriques: unstable
        dict(a=10, b=1, A=9, beta=F(18, 100), gamma=1, n=2),   # stable
        dict(a=20, b=1, A=15, beta=F(1, 10), gamma=F(5, 4), n=3),  # SOC holds, unstable
        dict(a=20, b=1, A=15, beta=F(9, 10), gamma=1, n=3),
    ],
)
def test_noncooperative_rd_and_stability_agree_with_core_continuous_game(params):
    m = SpilloverRD(**params)
    ours = m.noncooperative()
    core = _stage_one_game(m).equilibrium()
    assert all(xi == ours.rd for xi in core.profile)
    assert core.stability is not None
    assert (ours.checks["stability"] == sp.true) == bool(core.stability.stable)


def test_n_firm_stability_is_stricter_than_continuous_adjustment():
    # n = 3, beta = 0: u = 3, w = -1, r = -6/(16 gamma - 18). With gamma = 3/2: r = -1,
    # so pick gamma = 2: r = -6/14 = -3/7; spectral radius 2 * 3/7 = 6/7 < 1 -> stable.
    # gamma = 3/2 + 1/8 = 13/8: r = -6/8 = -3/4; radius 3/2 > 1 but -1 < r: only continuous-stable.
    stable = SpilloverRD(a=20, b=1, A=15, beta=0, gamma=2, n=3).noncooperative()
    mid = SpilloverRD(a=20, b=1, A=15, beta=0, gamma=F(13, 8), n=3).noncooperative()
    assert stable.checks["stability"] == sp.true
    assert mid.checks["stability"] == sp.false
    assert mid.diagnostics["stable_continuous_adjustment"] == sp.true


@pytest.mark.parametrize("lam", [F(0), F(1, 5), F(1)])
def test_subsidy_agrees_with_core_coordinator_over_core_continuous_game(lam):
    # Independent pipeline: stage 1 solved by ContinuousGame with the subsidy s as a parameter,
    # stage 0 by the core Coordinator (net outlay 2 s x, lambda applied once).
    from gametheory import ContinuousGame, Coordinator, Instrument

    a_, b_, A_, be, g_ = 12, 1, 10, sp.Rational(1, 2), 3
    s = sp.Symbol("s", real=True)
    y1, y2, X = sp.symbols("y1 y2 X")
    c1, c2 = A_ - y1 - be * y2, A_ - y2 - be * y1
    q1, q2 = (a_ - 2 * c1 + c2) / (3 * b_), (a_ - 2 * c2 + c1) / (3 * b_)
    game = ContinuousGame([b_ * q1**2 - g_ * y1**2 / 2 + s * y1, b_ * q2**2 - g_ * y2**2 / 2 + s * y2], [y1, y2])
    x_of_s = game.equilibrium().strategies[y1]
    q = (a_ - A_ + (1 + be) * X) / (3 * b_)
    gov = Coordinator([Instrument("s", s, bounds=(-5, 5), budget=2 * s * X)], response={X: x_of_s},
                      welfare_parts={"consumer_surplus": b_ * (2 * q) ** 2 / 2,
                                     "producer_surplus": 2 * (b_ * q**2 - g_ * X**2 / 2 + s * X)},
                      shadow_cost=lam)
    core = gov.solve()
    ours = SpilloverRD(a_, b_, A_, F(1, 2), g_).subsidy_policy(lam)
    assert core.policy["s"] == ours.subsidy
    assert core.welfare == ours.welfare


# ---------------------------------------------------------------------------------------------
# n-firm formulas and properties
# ---------------------------------------------------------------------------------------------
def test_n_firm_formulas_reduce_to_the_duopoly_and_match_the_model():
    # Suzumura (1992) / KMZ notation: u = n - (n-1)b, v = 1 + (n-1)b, D = b g (n+1)^2.
    nn = sp.Symbol("n", positive=True, integer=True)
    u = nn - (nn - 1) * beta
    v = 1 + (nn - 1) * beta
    D = b * g * (nn + 1) ** 2
    general = {
        "noncooperative": 2 * u * (a - A) / (D - 2 * u * v),
        "cartel": 2 * v * (a - A) / (D - 2 * v**2),
        "second_best": (nn + 2) * v * (a - A) / (D - (nn + 2) * v**2),
        "first_best": v * (a - A) / (nn * b * g - v**2),
    }
    half = sp.Rational(9, 2)
    duopoly = {   # dAJ 1988 and the hand derivations for the planner
        "noncooperative": (a - A) * (2 - beta) / (half * b * g - (2 - beta) * (1 + beta)),
        "cartel": (a - A) * (1 + beta) / (half * b * g - (1 + beta) ** 2),
        "second_best": (a - A) * (1 + beta) / (sp.Rational(9, 4) * b * g - (1 + beta) ** 2),
        "first_best": (a - A) * (1 + beta) / (2 * b * g - (1 + beta) ** 2),
    }
    for name, expr in general.items():
        assert _zero(expr.subs(nn, 2) - duopoly[name])
    point = {a: 31, A: 7, b: 2, g: 5, beta: sp.Rational(2, 7)}
    for k in (2, 3, 4, 7):
        model = SpilloverRD(31, 2, 7, F(2, 7), 5, n=k)
        for name, expr in general.items():
            assert getattr(model, name)().rd == expr.subs(point).subs(nn, k)


@given(n=st.integers(2, 6), bet=st.fractions(0, 1, max_denominator=20), gam=st.fractions(F(1, 10), 5, max_denominator=20),
       A_=st.integers(1, 30))
def test_market_identities_and_verification_property(n, bet, gam, A_):
    m = SpilloverRD(a=A_ + 10, b=1, A=A_, beta=bet, gamma=gam, n=n)
    try:
        nc = m.noncooperative()
    except DomainError:
        return
    # P - c = b q and W = CS + n profit (hand: Cournot with equal costs)
    assert nc.price - nc.unit_cost == m.b * nc.quantity
    assert nc.welfare == nc.consumer_surplus + n * nc.profit
    # whenever the local conditions hold, no unilateral deviation (of any size) pays
    local = [c for k, c in nc.checks.items() if k != "no_profitable_deviation"]
    if all(c == sp.true for c in local):
        assert nc.max_deviation_gain == 0


# ---------------------------------------------------------------------------------------------
# Unrestricted (asymmetric) joint optima: Salant & Shaffer
# ---------------------------------------------------------------------------------------------
def test_unrestricted_cartel_when_the_symmetric_point_is_a_saddle():
    # a - A = 1, b = gamma = 1, beta = 0. Hand: with x2 = 0 and both active,
    # J(x1, 0) = (2 + 2x1 + 5x1^2)/9 - x1^2/2 has J' = (2 + x1)/9 > 0, increasing until firm 2 exits
    # at x1 = 1 (its Cournot numerator 1 - x1 = 0); as a monopolist firm 1 earns
    # (1 + x1)^2/4 - x1^2/2, maximal at x1 = 1: J = 1 - 1/2 = 1/2 > symmetric 2/7.
    m = SpilloverRD(a=10, b=1, A=9, beta=0, gamma=1)
    sym = m.cartel()
    assert sym.producer_surplus == F(2, 7) and "symmetric_local_max" in sym.failed
    j = m.cartel(symmetric=False)
    assert j.asymmetric and j.success
    assert j.rd == pytest.approx((1.0, 0.0), abs=1e-6)
    assert j.objective == pytest.approx(0.5, abs=1e-9)
    assert j.symmetric_objective == pytest.approx(2 / 7, abs=1e-9)
    # second best: monopoly W = 3(1+x)^2/8 - x^2/2 is maximal at x = 3: W = 6 - 9/2 = 3/2 (> 4/5)
    s = m.second_best(symmetric=False)
    assert s.rd == pytest.approx((3.0, 0.0), abs=1e-6) and s.objective == pytest.approx(1.5, abs=1e-9)
    assert s.quantities[1] == 0.0


def test_unrestricted_joint_optima_are_symmetric_when_concave():
    m = SpilloverRD(a=35, b=1, A=20, beta=F(1, 2), gamma=3, n=3)
    for sym, unr in ((m.cartel(), m.cartel(symmetric=False)), (m.second_best(), m.second_best(symmetric=False))):
        assert sym.valid and not unr.asymmetric
        assert unr.rd == pytest.approx((float(sym.rd),) * 3, rel=1e-6)


def test_unrestricted_joint_optimum_needs_numbers():
    with pytest.raises(DomainError, match="numeric"):
        SpilloverRD(a, b, A, beta, g).cartel(symmetric=False)


@pytest.mark.parametrize("scale", [1e-4, 1.0, 1e6])
def test_float_parameters_are_scale_invariant(scale):
    # Rescaling money by k (a, A, b times k; gamma divided by k) rescales R&D by k and keeps validity.
    ref = SpilloverRD(a=25, b=1, A=10, beta=F(3, 10), gamma=3).noncooperative()
    out = SpilloverRD(a=25.0 * scale, b=1.0 * scale, A=10.0 * scale, beta=0.3, gamma=3.0 / scale).noncooperative()
    assert float(out.rd) / scale == pytest.approx(float(ref.rd), rel=1e-10)
    assert out.valid and ref.valid


def test_rjv_regimes_drop_the_amir_caveat():
    m = SpilloverRD(a=25, b=1, A=10, beta=F(3, 10), gamma=3)
    assert "output_spillovers_plausible" not in m.rjv_cartel().diagnostics
    assert m.noncooperative().diagnostics["output_spillovers_plausible"] == sp.true


# ---------------------------------------------------------------------------------------------
# The whole game by the core's backward induction (raw profits, no closed form anywhere)
# ---------------------------------------------------------------------------------------------
def _raw_game(m: SpilloverRD, subsidy):
    n = m.n
    xs = sp.symbols(f"x1:{n + 1}", real=True)
    qs = sp.symbols(f"q1:{n + 1}", real=True)
    price = m.a - m.b * sum(qs)
    costs = [m.A - xs[i] - m.beta * sum(xs[j] for j in range(n) if j != i) for i in range(n)]
    profits = [(price - costs[i]) * qs[i] - m.gamma * xs[i] ** 2 / 2 + subsidy * xs[i] for i in range(n)]
    return xs, qs, profits


@pytest.mark.parametrize("n, bet", [(2, F(1, 2)), (2, F(1, 5)), (3, F(3, 4))])
def test_noncooperative_equals_core_backward_induction(n, bet):
    from gametheory.core.sequential import Stage, backward_induction

    m = SpilloverRD(a=30, b=1, A=20, beta=bet, gamma=3, n=n)
    xs, qs, profits = _raw_game(m, 0)
    out = backward_induction([Stage(list(xs), profits, name="rd"), Stage(list(qs), profits, name="market")])
    ours = m.noncooperative()
    assert all(out.path[x] == ours.rd for x in xs)
    assert all(out.path[q] == ours.quantity for q in qs)


def test_subsidy_equals_core_three_stage_backward_induction():
    # stage 0 government (W - lambda * outlay, written as CS + PS - (1 + lambda) G), stage 1 R&D,
    # stage 2 Cournot, all solved by the core.
    from gametheory.core.sequential import Stage, backward_induction

    lam = sp.Rational(1, 5)
    m = SpilloverRD(a=12, b=1, A=10, beta=F(1, 2), gamma=3)
    s = sp.Symbol("s", real=True)
    xs, qs, profits = _raw_game(m, s)
    W = m.b * sum(qs) ** 2 / 2 + sum(profits) - (1 + lam) * s * sum(xs)
    out = backward_induction([Stage([s], [W], bounds=[(-5, 5)], name="government"),
                              Stage(list(xs), profits, name="rd"), Stage(list(qs), profits, name="market")])
    ours = m.subsidy_policy(lam)
    assert out.path[s] == ours.subsidy == F(5, 9)
    assert out.path[xs[0]] == ours.rd


def test_checks_are_read_only_on_every_result_type():
    # _Checked freezes ``checks`` for RDOutcome, AsymmetricOptimum and SubsidyOutcome alike
    m = SpilloverRD(a=12, b=1, A=10, beta=F(1, 2), gamma=3)
    for out in (m.noncooperative(), m.first_best(symmetric=False), m.subsidy_policy(F(1, 10))):
        with pytest.raises(TypeError):
            out.checks["extra"] = sp.true


@pytest.mark.parametrize("costs", [(2, 3), (2, 9), (1, 4, 6), (5, 5, 5), (9.5, 9.9), (3, 1, 8, 2)])
def test_float_cournot_matches_the_exact_market_block(costs):
    # rd.asymmetric.cournot_float is a fast float copy of the active-set Cournot solver used inside
    # the optimiser; check it against models.market.Cournot (exact, independent implementation).
    from gametheory.models.rd.asymmetric import cournot_float

    q, price = cournot_float(10.0, 2.0, np.array(costs, dtype=float))
    eq = Cournot(10, 2, tuple(F(c).limit_denominator() for c in costs)).equilibrium()
    assert np.allclose(q, [float(x) for x in eq.quantities], atol=1e-12)
    assert price == pytest.approx(float(eq.price), abs=1e-12)


def test_float_zero_spillover_is_zero_not_a_division():
    # Regression (issue 12): beta = 0.0 was tested with `beta != 0`, which is True for sympy's
    # Float(0.0), and the deviation-gain bound divided by it (ZeroDivisionError).
    # Hand: q = (a - A + (1 + beta) x)/(3b); FOC (2/3)(2 - beta) q = gamma x. With beta = 0,
    # b = 1, a - A = 40, gamma = 1.2: (4/9)(40 + x) = 1.2 x  =>  x = 160/6.8 = 23.5294...,
    # q = (40 + x)/3 = 21.1764...
    from gametheory.models.rd import SpilloverRD

    out = SpilloverRD(a=100.0, b=1.0, A=60.0, beta=0.0, gamma=1.2).noncooperative()
    assert abs(float(out.rd) - 160 / 6.8) < 1e-9
    assert abs(float(out.quantity) - (40 + 160 / 6.8) / 3) < 1e-9


def test_float_zero_subsidy_is_the_unsubsidised_regime():
    # subsidy=0.0 is no subsidy: the regime label must not depend on sympy's Float(0.0) != 0.
    from gametheory.models.rd import SpilloverRD

    assert SpilloverRD(25, 1, 10, 0.5, 3).noncooperative(subsidy=0.0).regime == "noncooperative"


def test_unrestricted_optimum_fields_share_the_market_names():
    # Issue 12: per-firm tuples are named as in MarketOutcome (quantities, costs, profits); the old
    # names still read the same values, with a DeprecationWarning that names the new field.
    unr = SpilloverRD(a=10, b=1, A=5, beta=sp.Rational(1, 2), gamma=2).first_best(symmetric=False)
    assert {"quantities", "costs", "profits"} <= set(unr.to_dict())
    with pytest.warns(DeprecationWarning, match="renamed quantities"):
        assert unr.quantity == unr.quantities
    with pytest.warns(DeprecationWarning, match="renamed costs"):
        assert unr.unit_costs == unr.costs
