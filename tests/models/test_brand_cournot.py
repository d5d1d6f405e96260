"""Tests for the Cournot-brand model (quality first, then Cournot with P = a + theta*sbar - bX).

Expected values: hand derivations (in comments), sympy implicit differentiation of the stage-2
first-order conditions, finite differences of numerically re-solved stage-2 equilibria, and the
core's ContinuousGame / maximize on the reduced stage-1 problems.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from gametheory.core.params import DomainError
from gametheory.core.continuous import ContinuousGame, maximize
from gametheory.models.brand import CournotBrand
from gametheory.models.market import Cournot

R = sp.Rational
n = sp.Symbol("n", integer=True, positive=True)
a, b, c, theta, k, s = sp.symbols("a b c theta k s", positive=True)


def zero(e) -> bool:
    return sp.simplify(sp.sympify(e)) == 0


def test_simple_average_duopoly_by_hand():
    # a - c = 1, b = theta = k = 1, n = 2. Stage 2: x = (1 + sbar)/3, sbar = (s1 + s2)/2;
    # pi_1 = (1 + sbar)^2/9 - s1^2/2, FOC (1 + s)/9 = s  =>  s^N = 1/8.
    # SB: W = (1 + s)^2 * 2*4/(2*9) - s^2 = 4(1+s)^2/9 - s^2 => 8(1+s)/9 = 2s => s = 4/5.
    # FB: W = (1 + s)^2/2 - s^2 => 1 + s = 2s => s = 1.
    m = CournotBrand(2, a=2, b=1, c=1, theta=1, k=1, average="simple")
    eq = m.equilibrium()
    assert eq.quality == R(1, 8) and eq.output == R(3, 8) and eq.price == 2 + R(1, 8) - R(3, 4)
    assert m.second_best().quality == R(4, 5) and m.first_best().quality == 1
    assert eq.max_deviation_gain == 0
    # welfare: CS = X^2/2 = 9/32, PS = 2 (x^2 - s^2/2) = 2 (9/64 - 1/128) = 17/64
    assert eq.consumer_surplus == R(9, 32) and eq.producer_surplus == R(17, 64)


@pytest.mark.parametrize("average, kappa", [
    ("simple", 2 / (n * (n + 1))), ("output", (n**2 + 2 * n - 1) / (n**2 * (n + 1)))])
def test_stage_one_incentive_by_implicit_differentiation(average, kappa):
    # d pi_i / d s_i = theta * kappa * x - k s at a symmetric profile, x = (a - c + theta s)/(b(n+1))
    m = CournotBrand(n, a, b, c, theta, k, average=average)
    x = (a - c + theta * s) / (b * (n + 1))
    assert zero(m.first_derivative(s) - (theta * kappa * x - k * s))
    assert zero(m.kappa - kappa)


def test_closed_forms_symbolic():
    simple = CournotBrand(n, a, b, c, theta, k, average="simple")
    # 2 theta (a - c) / (n b k (n+1)^2 - 2 theta^2)
    assert zero(simple.equilibrium().quality - 2 * theta * (a - c) / (n * b * k * (n + 1) ** 2 - 2 * theta**2))
    out = CournotBrand(n, a, b, c, theta, k)
    kap = (n**2 + 2 * n - 1) / (n**2 * (n + 1))
    assert zero(out.equilibrium().quality - theta * kap * (a - c) / (k * b * (n + 1) - theta**2 * kap))
    assert zero(out.second_best().quality - theta * (n + 2) * (a - c) / (k * b * (n + 1) ** 2 - theta**2 * (n + 2)))
    assert zero(out.first_best().quality - theta * (a - c) / (n * k * b - theta**2))
    assert zero(out.cartel().quality - 2 * theta * (a - c) / (k * b * (n + 1) ** 2 - 2 * theta**2))


@pytest.mark.parametrize("nn", [2, 3])
def test_second_order_condition_closed_form_matches_implicit_differentiation(nn):
    for avg in ("simple", "output"):
        m = CournotBrand(nn, 5, 1, 1, 1, R(1, 2), average=avg)
        assert zero(m.second_derivative() - m.second_derivative(method="implicit"))


def test_output_weighted_derivatives_by_finite_differences():
    m = CournotBrand(3, 5, 1, 1, 1, R(1, 2))
    sN = float(m.equilibrium(verify=False).quality)
    h = 1e-4
    f = lambda v: m.profit_of_deviation(v, sN)
    first = (f(sN + h) - f(sN - h)) / (2 * h)
    second = (f(sN + h) - 2 * f(sN) + f(sN - h)) / h**2
    assert abs(first) < 1e-7                              # FOC holds at the closed form
    assert abs(second - float(m.second_derivative())) < 1e-4


@pytest.mark.parametrize("nn, params", [(2, (2, 1, 1, 1, 1)), (3, (5, 1, 1, 1, R(1, 2))), (5, (10, 1, 2, 1, R(1, 2)))])
def test_every_nash_equilibrium_survives_quality_deviations(nn, params):
    for avg in ("simple", "output"):
        eq = CournotBrand(nn, *params, average=avg).equilibrium()
        assert eq.max_deviation_gain <= 1e-9, (avg, eq.max_deviation_gain)


def test_simple_average_nash_agrees_with_core_continuous_game():
    # reduced stage-1 payoffs with stage 2 substituted: pi_i = (a - c + theta sbar)^2/(b (n+1)^2) - k s_i^2/2
    s1, s2, s3 = sp.symbols("s1 s2 s3")
    ss = (s1, s2, s3)
    sbar = sum(ss) / 3
    pay = [(4 + 2 * sbar) ** 2 / (1 * 16) - R(3, 2) * si**2 for si in ss]   # a - c = 4, theta = 2, b = 1, k = 3
    core = ContinuousGame(pay, list(ss)).equilibrium()
    ours = CournotBrand(3, 5, 1, 1, 2, 3, average="simple").equilibrium()
    assert core.strategies[s1] == ours.quality


def test_second_and_first_best_agree_with_core_maximize():
    sv, X = sp.symbols("s X", nonnegative=True)
    m = CournotBrand(3, 5, 1, 1, 2, 3)
    # second best: x = (4 + 2 s)/4 per firm, W = CS + PS - quality costs
    x = (4 + 2 * sv) / 4
    W = (3 * x) ** 2 / 2 + 3 * x**2 - 3 * 3 * sv**2 / 2
    assert maximize(W, sv).variables[sv] == m.second_best().quality
    W_fb = (4 + 2 * sv) * X - X**2 / 2 - 3 * 3 * sv**2 / 2
    opt = maximize(W_fb, (sv, X))
    assert opt.variables[sv] == m.first_best().quality and opt.value == m.first_best().welfare


def test_stage_two_is_the_market_block():
    m = CournotBrand(4, 10, 2, 1, 1, 1)
    s_ = R(1, 3)
    eq = Cournot(10 + s_, 2, (1, 1, 1, 1)).equilibrium()
    assert m.stage2(s_)["output"] == eq.quantities[0] and m.stage2(s_)["price"] == eq.price


def test_ranking_and_single_firm_reduction():
    for avg in ("simple", "output"):
        m = CournotBrand(4, 10, 1, 2, 1, 1, average=avg)
        eq, sb, fb, cart = m.equilibrium(verify=False), m.second_best(), m.first_best(), m.cartel()
        assert eq.quality < cart.quality and eq.quality < sb.quality
        assert eq.welfare < sb.welfare <= fb.welfare
        # n = 1: kappa = 1 in both cases, so the monopolist's quality is the joint-profit one
        mono = CournotBrand(1, 10, 1, 2, 1, 1, average=avg)
        assert mono.equilibrium(verify=False).quality == mono.cartel().quality == R(8, 1)   # 8/(2 - 1)


def test_output_weighted_dilution_is_order_one_over_n():
    # s^N / s^SB -> kappa (n+1)/(n+2) ~ 1/n as theta -> 0 (n^2+2n-1)/(n^2(n+2)) * (n+1)^2/(n+1)...
    ratio = sp.limit(CournotBrand(n, a, b, c, theta, k).equilibrium().quality
                     / CournotBrand(n, a, b, c, theta, k).second_best().quality, theta, 0)
    # hand: [theta kappa (a-c)/(k b (n+1))] / [theta (n+2)(a-c)/(k b (n+1)^2)] = kappa (n+1)/(n+2)
    assert zero(ratio - (n**2 + 2 * n - 1) / (n**2 * (n + 2)))
    assert sp.limit(n * ratio, n, sp.oo) == 1


@pytest.mark.parametrize("kwargs, message", [
    (dict(n=0, a=2, b=1, c=1, theta=1, k=1), "n"),
    (dict(n=R(3, 2), a=2, b=1, c=1, theta=1, k=1), "integer"),
    (dict(n=2, a=1, b=1, c=1, theta=1, k=1), "exceed"),
    (dict(n=2, a=2, b=0, c=1, theta=1, k=1), "b"),
    (dict(n=2, a=2, b=1, c=1, theta=-1, k=1), "theta"),
    (dict(n=2, a=2, b=1, c=1, theta=1, k=0), "k"),
    (dict(n=2, a=2, b=1, c=1, theta=1, k=1, average="median"), "average"),
])
def test_bad_input(kwargs, message):
    with pytest.raises(DomainError, match=message):
        CournotBrand(**kwargs)


def test_too_strong_quality_incentive_is_reported():
    m = CournotBrand(2, 2, 1, 1, 10, 1)          # theta^2 large: no interior optimum
    for method in (m.equilibrium, m.second_best, m.first_best):
        with pytest.raises(DomainError):
            method()


def test_monopoly_nash_is_verified():
    # n = 1: s = theta (a - c)/(2 k b - theta^2) = 8/(2 - 1) = 8, no profitable deviation
    eq = CournotBrand(1, 10, 1, 2, 1, 1).equilibrium()
    assert eq.quality == 8 and eq.max_deviation_gain <= 1e-9


def test_remaining_error_paths():
    # cartel: k b (n+1)^2 = 9 <= 2 theta^2 = 200, the joint-profit objective is convex in s
    with pytest.raises(DomainError, match="joint-profit quality unbounded"):
        CournotBrand(2, 2, 1, 1, 10, 1).cartel()
    with pytest.raises(DomainError, match="method must be"):
        CournotBrand(2, 2, 1, 1, 1, 1).second_derivative(method="numeric")
    with pytest.raises(DomainError, match="declared integer"):
        CournotBrand(sp.Symbol("m", positive=True), 2, 1, 1, 1, 1)


# -- the quality subsidy that implements the second best (issue 14) ----------------------------

def test_implementing_subsidy_by_hand():
    # a = 10, b = 1, c = 2, theta = k = 1, n = 3, output-weighted: kappa = (9 + 6 - 1)/(9 * 4) = 7/18;
    # s_SB = theta (n+2)(a-c)/(k b (n+1)^2 - theta^2 (n+2)) = 5*8/(16 - 5) = 40/11,
    # x_SB = (a - c + theta s_SB)/(b(n+1)) = (8 + 40/11)/4 = 32/11;
    # stage 1 with a subsidy: theta kappa x - k s + sigma = 0, so sigma_SB = 40/11 - (7/18)(32/11) = 248/99.
    m = CournotBrand(3, a=10, b=1, c=2, theta=1, k=1)
    assert m.implementing_subsidy() == sp.Rational(248, 99)
    # s(sigma) = (theta kappa (a-c)/(b(n+1)) + sigma)/(k - theta^2 kappa/(b(n+1))) = (7/9 + sigma)(72/65)
    assert m.subsidy_response(0) == m.equilibrium().quality == sp.Rational(56, 65)
    assert m.subsidy_response(sp.Rational(248, 99)) == sp.Rational(40, 11)


def test_implementing_subsidy_is_a_best_response_with_stage_two_re_solved():
    # independent: firm 1's payoff pi(s, s_SB) + sigma s with the (nonlinear, output-weighted) stage 2
    # solved numerically; its maximiser is s_SB when every rival plays s_SB
    from scipy.optimize import minimize_scalar

    m = CournotBrand(3, a=10, b=1, c=2, theta=1, k=1)
    sig, s_sb = 248 / 99, 40 / 11
    res = minimize_scalar(lambda s: -(m.profit_of_deviation(s, s_sb) + sig * s), bounds=(0.5 * s_sb, 1.5 * s_sb),
                          method="bounded", options={"xatol": 1e-10})
    assert abs(res.x - s_sb) < 1e-5


def test_quality_subsidy_coordinator_against_a_grid():
    m = CournotBrand(3, a=10, b=1, c=2, theta=1, k=1)
    out = m.coordinate()
    # lambda = 0: the implementing subsidy, welfare = second best (480/11 by the closed forms), gap 1
    assert out.policy["sigma"] == sp.Rational(248, 99) and out.welfare == m.second_best().welfare
    assert out.gap_closed == 1 and out.instrument == "quality subsidy"
    # lambda = 1/2: grid over sigma; output from the Cournot market block at the induced quality,
    # W = CS + n (profit without subsidy) - lambda n sigma s (transfer at 1 + lambda, received in PS)
    lam = 0.5
    out = m.coordinate(shadow_cost=sp.Rational(1, 2))

    def welfare(sig):
        s = float(m.subsidy_response(sp.nsimplify(sig)))
        eq = Cournot(10 + s, 1, (2, 2, 2)).equilibrium()
        return float(eq.welfare) - 3 * s**2 / 2 - lam * 3 * sig * s

    # a coarse grid (step 0.025), then a fine one (step 2.5e-4) around its best point: finer than
    # one grid of 2001 points at a fifth of the model calls
    coarse = np.linspace(0, 2 * 248 / 99, 201)
    best = coarse[int(np.argmax([welfare(x) for x in coarse]))]
    step = coarse[1] - coarse[0]
    grid = max(welfare(x) for x in np.linspace(max(best - step, 0.0), best + step, 201))
    assert float(out.welfare) >= grid - 1e-9
    assert float(out.welfare) <= grid + 1e-4
    assert float(m.equilibrium().welfare) <= float(out.welfare) <= float(m.second_best().welfare)
