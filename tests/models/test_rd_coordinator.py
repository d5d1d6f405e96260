"""Issue 14 for R&D: the coordinator through the core engine, the cost share beside the per-unit
subsidy, coherent benchmarks (W <= W^B, gap closed in [0, 1], never clipped)."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings, strategies as st
from scipy import optimize

from gametheory.core.coordinator import PolicyOutcome
from gametheory.models.rd import SpilloverRD

R = sp.Rational
M = SpilloverRD(a=25, b=1, A=10, beta=F(1, 2), gamma=3)


def test_cost_share_closed_form_by_hand():
    # d = 15, u = v = 3/2, D = 27, B = 9, Delta = D - 2uv = 45/2, n = 2.
    # Cost share: x* = d[(n+2)v + lam u]/(D - (n+2)v^2 + lam Delta); lam = 1/5:
    # x* = 15 (6 + 3/10)/(27 - 9 + 9/2) = 94.5/22.5 = 21/5; sigma* = 1 - 2u(d + v x)/(D x)
    # = 1 - 3 (15 + 63/10)/(27 * 21/5) = 1 - 63.9/113.4 = 55/126.
    # Welfare: q = (d + v x)/(b(n+1)) = (15 + 6.3)/3 = 71/10, CS = b(nq)^2/2 = 2q^2 = 100.82,
    # true profits n(b q^2 - gamma x^2/2) = 2(50.41 - 26.46) = 47.9, outlay G = n sigma gamma x^2/2
    # = 2 (55/126) 3 (441/25)/2 = 23.1; PS includes the transfer, so W = CS + PS - (1 + lam)G
    # = CS + n pi_true - lam G = 100.82 + 47.9 - 4.62 = 144.1.
    c = M.cost_share_policy(R(1, 5))
    assert c.rd == R(21, 5) and c.cost_share == R(55, 126)
    q = R(71, 10)
    x = R(21, 5)
    G = 2 * R(55, 126) * 3 * x**2 / 2
    assert c.welfare == 2 * q**2 + 2 * (q**2 - 3 * x**2 / 2) - R(1, 5) * G == R(1441, 10)
    # per-unit subsidy at lam = 1/5: x* = d[(n+2)v + 2 lam u]/(D - (n+2)v^2 + 2 lam Delta)
    # = 15 (6 + 3/5)/(18 + 9) = 11/3; the cost share implements more R&D (21/5) at lower cost
    s = M.subsidy_policy(R(1, 5))
    assert s.rd == R(11, 3) and c.welfare > s.welfare


def test_engine_reproduces_both_closed_forms_and_picks_the_better():
    for lam in (0, R(1, 5), R(1, 2), 1, 2, 5):
        p = M.coordinate(lam)
        assert isinstance(p, PolicyOutcome) and p.fiscal_rule == "limited_liability"
        s = M.coordinate(lam, instruments=("subsidy",))
        c = M.coordinate(lam, instruments=("cost share",))
        assert s.policy["subsidy"] == M.subsidy_policy(lam).subsidy and s.welfare == M.subsidy_policy(lam).welfare
        assert c.policy["cost share"] == M.cost_share_policy(lam).cost_share
        assert c.welfare == M.cost_share_policy(lam).welfare
        assert p.welfare == max(s.welfare, c.welfare)
        assert dict(p.alternatives) == {"subsidy": s.welfare, "cost share": c.welfare}
        assert p.benchmark_welfare == M.subsidy_policy(lam).benchmark_welfare


def test_cost_share_wins_at_moderate_lambda_per_unit_tax_at_high_lambda():
    # the gap closed at lam = 1/5 against the second best (150): per-unit 25/54 = 0.463 vs cost share
    # 121/180 = 0.672 (the numbers: (421/3 - 132)/18 and (1441/10 - 132)/18)
    assert (M.subsidy_policy(R(1, 5)).welfare - 132) / 18 == R(25, 54)
    assert (M.cost_share_policy(R(1, 5)).welfare - 132) / 18 == R(121, 180)
    assert M.coordinate(R(1, 5)).instrument == "cost share"
    # lam = 2: both tax R&D; the per-unit tax raises revenue more cheaply (W 400/3 > 925/7)
    p = M.coordinate(2)
    assert p.instrument == "subsidy" and p.subsidy == R(-5, 6) and p.welfare == R(400, 3)


def test_independent_numeric_search_over_each_instrument():
    # scipy over the instrument, welfare re-solved from the followers' equilibrium (noncooperative
    # closed form at the given subsidy / R&D cost), never from the coordinator
    lam = 0.2
    mf = SpilloverRD(a=25.0, b=1.0, A=10.0, beta=0.5, gamma=3.0)

    def w_subsidy(sv):
        o = mf.noncooperative(subsidy=sv)
        return float(o.consumer_surplus + 2 * o.profit - (1 + lam) * 2 * sv * o.rd)

    def w_share(sg):
        o = SpilloverRD(a=25.0, b=1.0, A=10.0, beta=0.5, gamma=3.0 * (1 - sg)).noncooperative()
        return float(o.consumer_surplus + 2 * o.profit - (1 + lam) * 2 * sg * 3.0 * o.rd**2 / 2)

    rs = optimize.minimize_scalar(lambda v: -w_subsidy(v), bounds=(-5, 15), method="bounded", options={"xatol": 1e-10})
    rc = optimize.minimize_scalar(lambda v: -w_share(v), bounds=(-1, 0.9), method="bounded", options={"xatol": 1e-12})
    assert -rs.fun == pytest.approx(float(M.coordinate(R(1, 5), instruments="subsidy").welfare), rel=1e-9)
    assert -rc.fun == pytest.approx(float(M.coordinate(R(1, 5)).welfare), rel=1e-9)
    assert rc.x == pytest.approx(55 / 126, abs=1e-6)


def test_reaction_slope_field_henriques():
    # duopoly: r = 2uw/(D - 2u^2) = 2(2 - beta)(2 beta - 1)/(9 b gamma - 2(2 - beta)^2); beta = 0, b gamma = 1:
    # r = 2*2*(-1)/(9 - 8) = -4: unstable (Henriques: |r| < 1 fails for beta < (3 - sqrt 7)/2)
    out = SpilloverRD(a=10, b=1, A=5, beta=0, gamma=1).noncooperative()
    assert out.reaction_slope == -4 and out.checks["stability"] is sp.false
    assert M.noncooperative().reaction_slope == 0                 # beta = 1/2: w = 0
    assert M.cartel().reaction_slope is None


@st.composite
def _params(draw):
    d = draw(st.fractions(min_value=1, max_value=50, max_denominator=4))
    b = draw(st.fractions(min_value=F(1, 2), max_value=3, max_denominator=4))
    beta = draw(st.fractions(min_value=0, max_value=1, max_denominator=10))
    g = draw(st.fractions(min_value=F(1, 2), max_value=20, max_denominator=4))
    n = draw(st.sampled_from([2, 3, 4]))
    lam = draw(st.fractions(min_value=0, max_value=5, max_denominator=10))
    return SpilloverRD(a=10 + d, b=b, A=10, beta=beta, gamma=g, n=n), lam


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_params())
def test_coordinated_welfare_below_benchmark_and_gap_in_unit_interval(args):
    m, lam = args
    assume(m.noncooperative().valid and m.second_best().checks["second_order"] is sp.true)
    p = m.coordinate(lam)
    assert p.welfare <= p.first_best_welfare                           # exact, unclamped
    if p.first_best_welfare != p.laissez_faire_welfare:
        assert 0 <= p.gap_closed <= 1
    assert p.welfare >= p.laissez_faire_welfare                        # the neutral policy is a candidate


def test_symbolic_parameters_give_the_numeric_answers():
    # symbolic demand and cost: the engine's symbolic path cannot rank candidates in the model's symbols,
    # coordinate() falls back to the closed forms and says so; substituting the class example's numbers
    # gives the exact numeric results (421/3 per-unit, 1441/10 cost share at lambda = 1/5)
    a, b, A, g = sp.symbols("a b A gamma", positive=True)
    p = SpilloverRD(a=a, b=b, A=A, beta=F(1, 2), gamma=g).coordinate(R(1, 5))
    vals = {a: 25, b: 1, A: 10, g: 3}
    alts = {k: sp.simplify(v.subs(vals)) for k, v in p.alternatives.items()}
    assert alts == {"subsidy": R(421, 3), "cost share": R(1441, 10)}
    assert any("depends on the symbols" in note for note in p.notes)
    assert sp.simplify(p.first_best_welfare.subs(vals) - M.coordinate(R(1, 5)).first_best_welfare) == 0


# -- the levy-financed subsidy (dues) and the R&D mandate (issue 14's menu) -----------------------

def test_dues_implement_the_second_best_at_any_shadow_cost():
    # A compulsory industry levy pays the per-unit subsidy: subsidy received and dues paid cancel,
    # so W = CS + n pi(x) - (1 + lam) C, maximised at the second best x^S = 5, W^S = 150 (class
    # example, rd.md). The subsidy implementing x: s = (Delta x - 2ud)/B = (45/2 * 5 - 45)/9 = 15/2.
    # C = 1: W = 150 - (1 + lam), i.e. 744/5 at lam = 1/5 (> cost share 1441/10), 148 at lam = 1, 147 at 2.
    for lam, w in ((R(1, 5), R(744, 5)), (1, 148), (2, 147)):
        p = M.coordinate(lam, levy_enforcement_cost=1)
        assert (p.instrument, p.dues, p.rd, p.welfare) == ("dues", R(15, 2), 5, w)
        assert p.transfers == {"dues": 1}            # the public purse pays only the collection
    # lam = 0: the plain subsidy reaches 150 with no collection cost, so it wins
    assert M.coordinate(0, levy_enforcement_cost=1).instrument == "subsidy"


def test_enforcement_is_never_assumed_free():
    p = M.coordinate(R(1, 5))
    assert p.instrument == "cost share" and set(p.alternatives) == {"subsidy", "cost share"}
    assert any("dues not a candidate" in n and "levy_enforcement_cost" in n for n in p.notes)
    assert any("mandate not a candidate" in n and "enforcement_cost" in n for n in p.notes)
    p = M.coordinate(1, instruments=("mandate",), enforcement_cost=0)
    assert p.instrument == "mandate" and p.welfare == 150 and p.mandate == 5
    assert any("taken as free (enforcement_cost=0)" in n for n in p.notes)
    with pytest.raises(Exception, match="no instrument left"):
        M.coordinate(1, instruments=("dues",))


def test_a_mandate_that_cannot_help_loses_to_laissez_faire():
    # beta = 0, n = 2: the subsidy that implements the second best is positive iff
    # beta > (n - 2)/((n - 1)(n + 4)) = 0, so here x^N = x^S (= 60/23) and a floor only costs its
    # verification: W = W^N - (1 + lam) n e = 2700/23 - 4 at lam = e = 1. Laissez-faire wins the menu.
    m = SpilloverRD(a=25, b=1, A=10, beta=0, gamma=3)
    assert m.noncooperative().rd == m.second_best().rd == R(60, 23)
    p = m.coordinate(1, instruments=("mandate",), enforcement_cost=1)
    assert p.instrument == "laissez-faire" and p.welfare == R(2700, 23) and p.gap_closed == 0
    assert p.alternatives == {"mandate": R(2700, 23) - 4}


def test_limited_liability_bounds_dues_and_mandate():
    # n = 2, b = 1, beta = 1, gamma = 2, d = 5 (a = 17, A = 12): u = 1, w = 1, v = 2, q = (d + 2x)/3,
    # pi = q^2 - x^2, W(x) = CS + 2 pi = 4 q^2 - 2 x^2; W'(x) = 0 at x^S = 4d = 20, where pi < 0 (and
    # the unit cost 12 - 2x < 0). A firm asked to fund or do more than pi(x) >= 0 allows exits:
    # pi >= 0 iff (d + 2x)/3 >= x iff x <= d = 5 (below A/v = 6), so both stop at x = 5, W(5) = 50.
    # lam = 1/2: dues W = 50 - (3/2) 1 = 97/2; mandate e = 1/4 per firm: W = 50 - (3/2) 2/4 = 197/4.
    # The dues' rate: s = (Delta x - 2ud)/B = (14 * 5 - 10)/9 = 20/3.
    m = SpilloverRD(a=17, b=1, A=12, beta=1, gamma=2)
    p = m.coordinate(R(1, 2), instruments=("dues", "mandate"), levy_enforcement_cost=1, enforcement_cost=R(1, 4))
    assert p.alternatives == {"dues": R(97, 2), "mandate": R(197, 4)}
    assert (p.instrument, p.mandate, p.rd) == ("mandate", 5, 5)
    assert m.coordinate(R(1, 2), instruments="dues", levy_enforcement_cost=1).dues == R(20, 3)
    # the firms' profit at the floor is exactly zero (limited liability binds)
    assert m._symmetric_market(sp.Integer(5))["profit"] == 0
    # the result says so: liability binds, participation holds (pi = 0 >= 0), and the enforcement
    # paid is the mandate's verification n e = 2 * 1/4 = 1/2 (the dues' collection C = 1)
    assert p.flags["limited_liability_binding"] is True and p.flags["participation"] is True
    assert p.enforcement_cost == R(1, 2)
    d = m.coordinate(R(1, 2), instruments="dues", levy_enforcement_cost=1)
    assert d.enforcement_cost == 1 and d.flags["limited_liability_binding"] is True
    # below the bound nothing binds: the class example's dues stop at x^S = 5 where
    # pi = q^2 - 3 x^2/2 with q = (15 + 3*5/2)/3 = 15/2, pi = 225/4 - 75/2 = 75/4 > 0
    c = M.coordinate(R(1, 5), levy_enforcement_cost=1)
    assert c.flags["limited_liability_binding"] is False and c.flags["participation"] is True
    assert c.flags["attains_first_best"] is False and c.enforcement_cost == 1


def test_dues_against_an_independent_search():
    # scipy over the levy rate with the firms' equilibrium re-solved (noncooperative at that subsidy):
    # W(s) = CS + n (profit - s x) - (1 + lam) C, the dues paid (= s x each) netted out by hand
    lam, C = 0.2, 0.5
    mf = SpilloverRD(a=25.0, b=1.0, A=10.0, beta=0.5, gamma=3.0)

    def w(sv):
        o = mf.noncooperative(subsidy=sv)
        return float(o.consumer_surplus + 2 * (o.profit - sv * o.rd) - (1 + lam) * C)

    r = optimize.minimize_scalar(lambda v: -w(v), bounds=(-5, 15), method="bounded", options={"xatol": 1e-10})
    p = M.coordinate(R(1, 5), levy_enforcement_cost=R(1, 2))
    assert p.instrument == "dues" and -r.fun == pytest.approx(float(p.welfare), rel=1e-9)
    assert r.x == pytest.approx(7.5, abs=1e-5)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_params(), st.fractions(min_value=0, max_value=2, max_denominator=4),
       st.fractions(min_value=0, max_value=2, max_denominator=4))
def test_full_menu_below_benchmark(args, levy, e):
    m, lam = args
    assume(m.noncooperative().valid and m.second_best().checks["second_order"] is sp.true)
    p = m.coordinate(lam, levy_enforcement_cost=levy, enforcement_cost=e)
    assert p.welfare <= p.first_best_welfare                           # exact, unclamped
    assert p.welfare >= p.laissez_faire_welfare                        # laissez-faire is in the menu
    if p.first_best_welfare != p.laissez_faire_welfare:
        assert 0 <= p.gap_closed <= 1
    assert p.welfare == max([p.laissez_faire_welfare, *p.alternatives.values()])


def test_limited_liability_bound_when_profit_never_binds():
    # n = 2, b = 1, beta = 1 (u = 1, v = 2), gamma = 1/2, d = 5: pi = q^2 - x^2/4 with q = (5 + 2x)/3 >= 2x/3 > x/2,
    # so profit stays positive for every x >= 0 ((n+1) sqrt(b gamma/2) - v = 3/2 - 2 < 0); only the unit cost
    # A - v x >= 0 bounds the asks: x^L = A/v = 12/2 = 6
    assert SpilloverRD(a=17, b=1, A=12, beta=1, gamma=R(1, 2))._limited_liability_rd() == 6


def test_symbolic_model_says_dues_and_mandate_are_numeric_only():
    a = sp.Symbol("a", positive=True)
    p = SpilloverRD(a=a, b=1, A=10, beta=F(1, 2), gamma=3).coordinate(R(1, 5), levy_enforcement_cost=1,
                                                                      enforcement_cost=1)
    assert set(p.alternatives) == {"subsidy", "cost share"}
    assert any("numeric parameters only" in n for n in p.notes)
    with pytest.raises(Exception, match="no instrument left"):
        SpilloverRD(a=a, b=1, A=10, beta=F(1, 2), gamma=3).coordinate(1, instruments=("mandate",), enforcement_cost=1)
