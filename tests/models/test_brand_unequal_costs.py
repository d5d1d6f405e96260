"""Regional brand with unequal quality-cost curvatures k_i (issue 14: heterogeneous firms are solved).

Firm i sells a share s_i at quality q_i with unit cost k_i q_i^2/2; R = sum_i s_i q_i, the premium
theta R, W = theta R - (1/2) sum_i s_i k_i q_i^2 (less lambda times transfers, 1 + lambda times real
public resources). Every expected value below is derived by hand in the comment beside it; the
scipy cross-check re-solves the firms' best responses and the instrument level numerically; the
property test checks the coordinator's benchmarks and the equilibrium of every instrument.
"""

from __future__ import annotations

import random
from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from gametheory.core.params import DomainError
from gametheory.models.brand import RegionalBrand, ReputationDynamics
from gametheory.models.brand import instruments as I

R = sp.Rational
HALF = R(1, 2)


def two_firms() -> RegionalBrand:
    # n = 2, shares (1/2, 1/2), k = (1, 2), theta = 1, tau = 0
    return RegionalBrand(2, 1, (1, 2))


def unequal_both() -> RegionalBrand:
    # n = 2, shares (3/4, 1/4), k = (2, 1), theta = 1, tau = 0
    return RegionalBrand(2, 1, (2, 1), shares=(R(3, 4), R(1, 4)))


# ------------------------------------------------------------------ Nash, first best, dilution
def test_nash_and_first_best_by_hand_equal_shares():
    m = two_firms()
    eq, fb = m.equilibrium(), m.first_best()
    # pi_i = (1/2)[R - k_i q_i^2/2], dR/dq_i = 1/2  =>  q_i = 1/(2 k_i) = (1/2, 1/4)
    assert eq.qualities == (HALF, R(1, 4)) and eq.quality is None
    # dW/dq_i = s_i (1 - k_i q_i) = 0  =>  q_i* = 1/k_i = (1, 1/2)
    assert fb.qualities == (1, HALF)
    # W* = (theta^2/2) sum s_i/k_i = (1/2)(1/2 + 1/4) = 3/8
    assert fb.welfare == R(3, 8)
    # R^N = (1/2)(1/2 + 1/4) = 3/8; cost (1/2)[(1/2)(1)(1/4) + (1/2)(2)(1/16)] = 3/32; W^N = 9/32
    assert eq.reputation == R(3, 8) and eq.welfare == R(9, 32)
    # equal shares: each firm's term scales by 1/k_i in both, so W^N/W* = (2n - 1)/n^2 = 3/4
    assert m.welfare_ratio() == R(3, 4)
    # R^N/R* = (3/8)/(3/4) = 1/2
    assert m.dilution() == HALF
    assert eq.max_deviation_gain == 0
    # free-riding incentive at the optimum: (k_i s_i/2)(q_i* - q_i^N)^2 = (1/4)(1/4) = 1/16, 1/32
    assert fb.max_deviation_gain == R(1, 16)


def test_nash_and_first_best_by_hand_unequal_shares():
    m = unequal_both()
    eq, fb = m.equilibrium(), m.first_best()
    # q_i^N = s_i/k_i = (3/8, 1/4); q_i* = 1/k_i = (1/2, 1)
    assert eq.qualities == (R(3, 8), R(1, 4)) and fb.qualities == (HALF, 1)
    # K = sum s_i/k_i = 3/8 + 1/4 = 5/8, W* = K/2 = 5/16
    assert fb.welfare == R(5, 16) and fb.reputation == R(5, 8)
    # R^N = (3/4)(3/8) + (1/4)(1/4) = 11/32; cost (1/2)[(3/4)(2)(9/64) + (1/4)(1/16)] = 29/256
    assert eq.reputation == R(11, 32) and eq.welfare == R(88 - 29, 256)
    # cost-weighted dilution M = R^N/R* = (11/32)/(5/8) = 11/20
    assert m.dilution() == R(11, 20)


def test_symbolic_curvatures():
    th, k1, k2 = sp.symbols("theta k1 k2", positive=True)
    m = RegionalBrand(2, th, (k1, k2))
    assert m.equilibrium().qualities == (th / (2 * k1), th / (2 * k2))
    # W* = (theta^2/2)(1/(2 k1) + 1/(2 k2))
    assert sp.simplify(m.first_best().welfare - th**2 * (1 / k1 + 1 / k2) / 4) == 0
    # equal shares: M = sum (s_i/k_i)(1/2)/sum(s_i/k_i) = 1/2, whatever the k_i
    assert m.dilution() == HALF


# ------------------------------------------------------------------ instruments by hand
def test_subsidy_by_hand():
    # lambda = 1/2, M = 1/2: sigma* = theta(1 - (1 + lambda) M)/(1 + 2 lambda) = (1/4)/2 = 1/8;
    # q_i = (1/2 + 1/8)/k_i = (5/8, 5/16); R = 15/32; cost (1/2)[(1/2)(25/64) + (1/2)(2)(25/256)] = 75/512;
    # outlay sigma R = 15/256; W = 15/32 - 75/512 - (1/2)(15/256) = 150/512 = 75/256;
    # gap (75 - 72)/(96 - 72) = 1/8
    s = I.subsidy(two_firms(), HALF)
    assert s.level["subsidy"] == R(1, 8) and s.outcome.qualities == (R(5, 8), R(5, 16))
    assert s.public_outlay == R(15, 256) and s.welfare == R(75, 256) and s.gap_closed == R(1, 8)
    assert s.max_deviation_gain == 0
    # lambda = 0, unequal shares: sigma* = theta(1 - M) = 9/20, q_i = (s_i + 9/20)/k_i = (3/5, 7/10);
    # R = 9/20 + 7/40 = 5/8; cost (1/2)[(3/4)(2)(9/25) + (1/4)(49/100)] = 53/160; W = 100/160 - 53/160
    s = I.subsidy(unequal_both(), 0)
    assert s.level["subsidy"] == R(9, 20) and s.outcome.qualities == (R(3, 5), R(7, 10))
    assert s.welfare == R(47, 160)


def test_subsidy_attains_first_best_with_equal_shares_at_lambda_zero():
    # sigma = theta (n - 1)/n moves every q_i = (theta/n + sigma)/k_i to theta/k_i
    m = RegionalBrand(3, 2, (1, R(1, 2), 3))
    s = I.subsidy(m, 0)
    assert s.level["subsidy"] == R(4, 3) and s.outcome.qualities == (2, 4, R(2, 3)) and s.gap_closed == 1


def test_cost_share_by_hand():
    # q_i = u a_i, a = (1/2, 1/4); A1 = 3/8, B2 = sum s_i k_i a_i^2 = 1/8 + 1/16 = 3/16;
    # u* = (2 theta A1/B2 + lambda)/(2(1 + lambda)) = (4 + 1/2)/3 = 3/2, sigma = 1/3, q = (3/4, 3/8);
    # W = theta u A1 - (B2/2)((1 + lambda) u^2 - lambda u) = 9/16 - (3/32)(21/8) = 81/256;
    # outlay sigma (1/2) sum s_i k_i q_i^2 = (1/3)(1/2)(9/32 + 9/64) = 9/128
    c = I.cost_share(two_firms(), HALF)
    assert c.level["cost_share"] == R(1, 3) and c.outcome.qualities == (R(3, 4), R(3, 8))
    assert c.welfare == R(81, 256) and c.public_outlay == R(9, 128) and c.max_deviation_gain == 0


def test_dues_by_hand():
    # levy-financed subsidy: nu* = theta(1 - M) = 1/2, q_i = (1/2 + 1/2)/k_i = (1, 1/2) = first best;
    # W = W* - (1 + lambda) C = 3/8 - (3/2)/100 = 9/25 at lambda = 1/2, C = 1/100; no public outlay
    d = I.levy_subsidy(two_firms(), HALF, enforcement_cost=R(1, 100))
    assert d.level["levy_subsidy"] == HALF and d.outcome.qualities == (1, HALF)
    assert d.welfare == R(9, 25) and d.public_outlay == 0
    # unequal shares: nu* = 1 - 11/20 = 9/20, q = (3/5, 7/10) (as the subsidy at lambda = 0)
    d = I.levy_subsidy(unequal_both(), R(3, 2), enforcement_cost=0)
    assert d.level["levy_subsidy"] == R(9, 20) and d.outcome.qualities == (R(3, 5), R(7, 10))
    assert d.welfare == R(47, 160)


def test_fine_by_hand_only_the_high_cost_firm_is_bound():
    # iota = F = 1. Nash (1/2, 1/4). Binding only firm 2 (1/4 <= qbar <= 1/2):
    # p_2 = k_2 s_2 (qbar - 1/4)^2/(2F) = (qbar - 1/4)^2/2,
    # W = 1/4 + qbar/2 - 1/16 - qbar^2/2 - (1 + lambda)(qbar - 1/4)^2/2.
    # lambda = 0: W' = 3/4 - 2 qbar = 0 => qbar = 3/8, p_2 = 1/128, W = 3/8 - 9/128 - 1/128 = 19/64.
    # Binding both (qbar >= 1/2): W' = 3/2 - 3 qbar <= 0, so qbar = 1/2, W = 9/32 < 19/64.
    f = I.fine(two_firms(), 0, inspection_cost=1, max_fine=1)
    assert f.level["standard"] == R(3, 8) and f.level["inspection"] == (0, R(1, 128))
    assert f.outcome.qualities == (HALF, R(3, 8)) and f.welfare == R(19, 64)
    # gap (19/64 - 18/64)/(24/64 - 18/64) = 1/6
    assert f.public_outlay == R(1, 128) and f.gap_closed == R(1, 6) and f.max_deviation_gain == 0
    # lambda = 1/2: W' = 1/2 - qbar - (3/2)(qbar - 1/4) = 7/8 - 5 qbar/2 = 0 => qbar = 7/20,
    # p_2 = (1/10)^2/2 = 1/200, W = 3/16 + 7/40 - 49/800 - (3/2)(1/200) = 235/800 = 47/160
    f = I.fine(two_firms(), HALF, inspection_cost=1, max_fine=1)
    assert f.level["standard"] == R(7, 20) and f.level["inspection"] == (0, R(1, 200))
    assert f.welfare == R(47, 160)


def test_fine_corner_inspection_probability_one():
    # iota = 0, F = 1/128: binding firm 2 needs qbar <= 1/4 + sqrt(2F/(k_2 s_2)) = 1/4 + 1/8 = 3/8
    # (p_2 = 1 there) while its unconstrained optimum is qbar = 1/2, so qbar = 3/8 at p_2 = 1;
    # binding both needs qbar >= 1/2 > 3/8: infeasible. W = R - cost at (1/2, 3/8):
    # 7/16 - (1/2)(1/8 + 9/64) = 56/128 - 17/128 = 39/128
    f = I.fine(two_firms(), 0, inspection_cost=0, max_fine=R(1, 128))
    assert f.level["standard"] == R(3, 8) and f.level["inspection"] == (0, 1)
    assert f.welfare == R(39, 128) and f.max_deviation_gain == 0


def test_free_enforcement_standard_cannot_reach_the_first_best():
    # binding firm 2 only: W = 1/4 + qbar/2 - 1/16 - qbar^2/2 increasing up to qbar = 1/2 (W = 5/16);
    # binding both: W = qbar - (3/4) qbar^2, max at 2/3, W = 1/3 > 5/16; gap (1/3 - 9/32)/(3/32) = 5/9
    s = I.standard(two_firms())
    assert s.level["standard"] == R(2, 3) and s.welfare == R(1, 3) and s.gap_closed == R(5, 9)


def test_traceability_by_hand():
    # D_k = sum s_i (1 - s_i)^2/k_i = (1/8)(1 + 1/2) = 3/16; tau* = (3/16)/(3/16 + 1/8) = 3/5 (lambda = 0)
    # q_i = (tau + (1 - tau)/2)/k_i = (4/5)/k_i = (4/5, 2/5); R = 3/5; cost (1/2)(8/25 + 4/25) = 6/25;
    # W = 9/25 - gamma tau^2/2 = 9/25 - 9/400 = 27/80
    t = I.traceability(two_firms(), 0, traceability_cost=R(1, 8))
    assert t.level["traceability"] == R(3, 5) and t.outcome.qualities == (R(4, 5), R(2, 5))
    assert t.welfare == R(27, 80)


def test_coordinator_by_hand():
    # lambda = 1/2: subsidy 75/256 < cost share 81/256; gap (81 - 72)/(96 - 72) = 3/8
    pol = two_firms().coordinate(shadow_cost=HALF)
    assert pol.best == "cost_share" and pol.welfare == R(81, 256) and pol.gap_closed == R(3, 8)
    # with dues at C = 1/100 (W = 9/25 = 0.36 > 81/256 = 0.316), fine 47/160 and traceability
    pol = two_firms().coordinate(shadow_cost=HALF, inspection_cost=1, max_fine=1,
                                 traceability_cost=R(1, 8), levy_enforcement_cost=R(1, 100))
    assert pol.best == "levy_subsidy" and pol.welfare == R(9, 25)
    assert pol.candidates["fine"].welfare == R(47, 160)


def test_subsidy_coordinator_reproduces_the_closed_form():
    gov = I.subsidy_coordinator(two_firms(), HALF)
    assert gov.solve().policy["sigma"] == R(1, 8)


# ------------------------------------------------------------------ scalar k unchanged
@pytest.mark.parametrize("shares", [None, (R(1, 2), R(1, 3), R(1, 6))])
def test_equal_curvatures_given_per_firm_reproduce_scalar_k(shares):
    scalar = RegionalBrand(3, 2, R(3, 2), shares=shares, traceability=R(1, 5))
    per_firm = RegionalBrand(3, 2, (R(3, 2),) * 3, shares=shares, traceability=R(1, 5))
    assert per_firm.unequal_costs and not scalar.unequal_costs
    assert per_firm.equilibrium().welfare == scalar.equilibrium().welfare
    assert per_firm.first_best().welfare == scalar.first_best().welfare
    assert per_firm.dilution() == scalar.dilution()
    kw = dict(shadow_cost=R(1, 4), inspection_cost=R(1, 2), max_fine=1, traceability_cost=R(1, 3),
              levy_enforcement_cost=R(1, 50))
    a, b = scalar.coordinate(**kw), per_firm.coordinate(**kw)
    assert {k: v.welfare for k, v in a.candidates.items()} == {k: v.welfare for k, v in b.candidates.items()}
    assert a.best == b.best
    assert I.standard(per_firm).welfare == I.standard(scalar).welfare


def test_scalar_k_keeps_its_symmetric_representation():
    m = RegionalBrand(3, 1, 1)
    assert m.symmetric and m.k == 1 and m.shares is None and not m.unequal_costs


# ------------------------------------------------------------------ hostile input and refusals
@pytest.mark.parametrize("k, match", [
    ((1,), "2 entries|1 entries"),
    ((1, 2, 3), "3 entries"),
    ((1, 0), "> 0"),
    ((1, -2), "> 0"),
    ((1, float("nan")), "finite"),
    ((1, float("inf")), "finite"),
    ((1, sp.oo), "finite"),
    ((1, "2"), "string"),
    ("1, 2", "string"),
    (["__import__('os')", 1], "string"),
    (np.array(["1", "2"]), "string"),
    ([[1, 2]], "flat"),
    ({1, 2}, "ordered"),
    ({"a": 1, "b": 2}, "ordered"),
    (np.array([[1, 2]]), "flat"),
    ((1, None), "number"),
    ((1, 1j), "number|real"),
])
def test_hostile_k_is_refused(k, match):
    with pytest.raises(DomainError, match=match):
        RegionalBrand(2, 1, k)


def test_per_firm_k_needs_an_integer_n_and_matching_shares():
    n = sp.Symbol("n", integer=True, positive=True)
    with pytest.raises(DomainError, match="integer n"):
        RegionalBrand(n, 1, (1, 2))
    with pytest.raises(DomainError, match="entries"):
        RegionalBrand(3, 1, (1, 2, 3), shares=(HALF, HALF))


def test_numpy_and_fraction_curvatures_are_exact():
    m = RegionalBrand(2, 1, np.array([1, 2]))
    assert m.k == (1, 2) and m.equilibrium().qualities == (HALF, R(1, 4))
    assert RegionalBrand(2, 1, [F(1), F(2)]).first_best().welfare == R(3, 8)


def test_one_cost_models_refuse_per_firm_k():
    m = two_firms()
    for call in (m.maintenance_game, m.critical_discount_factor, lambda: m.sustainable_quality(HALF),
                 lambda: m.with_entrants(R(1, 4))):
        with pytest.raises(DomainError, match="one cost curvature"):
            call()
    with pytest.raises(DomainError, match="one cost curvature"):
        ReputationDynamics(2, 1, (1, 2), delta=HALF, gain=HALF)
    with pytest.raises(DomainError, match="curvature"):
        m.nash_quality(HALF)                    # which firm's k? ask for it


def test_symbolic_free_enforcement_standard_with_per_firm_k_is_refused():
    k1 = sp.Symbol("k1", positive=True)
    with pytest.raises(DomainError, match="numeric"):
        I.standard(RegionalBrand(2, 1, (k1, 2)))


# ------------------------------------------------------------------ independent numeric check
X_MAX = 50.0


def _argmax(f, lo, hi):
    r = minimize_scalar(lambda x: -f(x), bounds=(lo, hi), method="bounded", options={"xatol": 1e-12})
    return r.x, -r.fun


def _nash_numeric(s, k, theta, tau, *, subsidy=0.0, cost_share=0.0, floor=None, fine=None):
    """Firms' equilibrium by iterated numeric best responses (each maximises its own payoff by scipy).

    ``floor`` with ``fine = (p, F)``: below the floor a firm pays p_i F in expectation; the firm
    compares its best payoff below (unconstrained) and at or above the floor."""
    n = len(s)
    q = np.zeros(n)
    for _ in range(20):
        new = q.copy()
        for i in range(n):
            rest = sum(s[j] * q[j] for j in range(n) if j != i)

            def u(x, i=i, rest=rest):
                rep = rest + s[i] * x
                return s[i] * (theta * (tau * x + (1 - tau) * rep) - (1 - cost_share) * k[i] * x**2 / 2
                               + subsidy * x)
            x_free, u_free = _argmax(u, 0.0, X_MAX)
            if floor is None:
                new[i] = x_free
            else:
                x_ok, u_ok = _argmax(u, floor, X_MAX)
                cheat = u_free - (fine[0][i] * fine[1] if x_free < floor else 0.0)
                new[i] = x_ok if u_ok >= cheat - 1e-12 else x_free
        if np.max(np.abs(new - q)) < 1e-11:
            return new
        q = new
    return q


def _welfare(s, k, theta, q):
    return theta * float(np.dot(s, q)) - 0.5 * float(np.sum(np.asarray(s) * np.asarray(k) * q**2))


def _maximise(W, lo, hi, points=201):
    """max of W on [lo, hi]: a grid, then bounded Brent in the bracket around the best point."""
    grid = np.linspace(lo, hi, points)
    vals = [W(x) for x in grid]
    j = int(np.argmax(vals))
    a, b = grid[max(j - 1, 0)], grid[min(j + 1, points - 1)]
    x, w = _argmax(W, a, b)
    return max(w, vals[j])


def _fine_welfare_numeric(s, k, th, tau, lm, iota, Fmax, qbar):
    """Welfare of the standard qbar enforced at the smallest deterring inspection probabilities.

    p_i F = (firm i's best payoff anywhere) - (its best payoff at or above qbar), both found by
    scipy; a standard that needs some p_i > 1 is not enforceable (a large penalty)."""
    q_free = _nash_numeric(s, k, th, tau)
    q_ok = _nash_numeric(s, k, th, tau, floor=qbar, fine=([1.0] * len(s), 1e12))
    p = []
    for i in range(len(s)):        # the payoff difference; the others' qualities cancel
        gain = s[i] * ((th * (tau + (1 - tau) * s[i])) * (q_free[i] - q_ok[i])
                       - k[i] * (q_free[i] ** 2 - q_ok[i] ** 2) / 2)
        p.append(max(gain, 0.0) / Fmax)
    if max(p) > 1 + 1e-12:
        return -1e9
    q = _nash_numeric(s, k, th, tau, floor=qbar, fine=(p, Fmax))
    return _welfare(s, k, th, q) - (1 + lm) * iota * sum(p)


def test_fine_corner_matches_the_numeric_optimum():
    # the p_2 = 1 corner of test_fine_corner_inspection_probability_one, re-solved numerically
    W = _maximise(lambda x: _fine_welfare_numeric([.5, .5], [1., 2.], 1., 0., 0., 0., 1 / 128, x), 0.0, 1.0, 401)
    assert abs(W - 39 / 128) < 1e-6


def _random_brand(rng):
    n = rng.randint(2, 3)
    weights = [rng.randint(1, 6) for _ in range(n)]
    shares = tuple(F(w, sum(weights)) for w in weights)
    k = tuple(F(rng.randint(2, 12), 4) for _ in range(n))
    theta = F(rng.randint(2, 8), 4)
    tau = rng.choice([F(0), F(1, 4)])
    lam = F(rng.randint(0, 8), 4)
    return RegionalBrand(n, theta, k, shares=shares, traceability=tau), lam


@pytest.mark.parametrize("seed", range(6))
def test_instruments_match_a_numeric_bilevel_optimum(seed):
    rng = random.Random(seed)
    m, lam = _random_brand(rng)
    s = [float(x) for x in m.share_tuple()]
    k = [float(x) for x in m.cost_tuple()]
    th, tau, lm = float(m.theta), float(m.traceability), float(lam)
    qmax = th / min(k)

    def w_subsidy(sig):
        q = _nash_numeric(s, k, th, tau, subsidy=sig)
        return _welfare(s, k, th, q) - lm * sig * float(np.dot(s, q))

    def w_cost_share(c):
        q = _nash_numeric(s, k, th, tau, cost_share=c)
        return _welfare(s, k, th, q) - lm * c * 0.5 * float(np.sum(np.array(s) * np.array(k) * q**2))

    def w_dues(nu):       # enforcement cost C = 0: the dues are lump sum, no public money
        return _welfare(s, k, th, _nash_numeric(s, k, th, tau, subsidy=nu))

    gamma = F(rng.randint(1, 8), 8)

    def w_trace(t):
        return _welfare(s, k, th, _nash_numeric(s, k, th, t)) - (1 + lm) * float(gamma) * (t**2 - tau**2) / 2

    iota, Fmax = F(rng.randint(0, 4), 4), F(rng.randint(1, 8), 16)

    def w_fine(qbar):
        return _fine_welfare_numeric(s, k, th, tau, lm, float(iota), float(Fmax), qbar)

    checks = [
        (I.subsidy(m, lam).welfare, _maximise(w_subsidy, 0.0, th)),
        (I.cost_share(m, lam).welfare, _maximise(w_cost_share, 0.0, 0.95)),
        (I.levy_subsidy(m, lam, enforcement_cost=0).welfare, _maximise(w_dues, 0.0, th)),
        (I.traceability(m, lam, traceability_cost=gamma).welfare, _maximise(w_trace, tau, 1.0)),
        (I.fine(m, lam, inspection_cost=iota, max_fine=Fmax).welfare, _maximise(w_fine, 0.0, qmax, 401)),
    ]
    for exact, numeric in checks:
        assert abs(float(exact) - numeric) < 1e-6, (m, lam, exact, numeric)


# ------------------------------------------------------------------ properties
fractions = st.fractions


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 4), data=st.data(), lam=fractions(0, 5, max_denominator=4),
       tau=st.sampled_from([F(0), F(1, 3)]))
def test_coordinator_benchmarks_and_equilibria(n, data, lam, tau):
    weights = data.draw(st.lists(st.integers(1, 9), min_size=n, max_size=n))
    shares = tuple(F(w, sum(weights)) for w in weights)
    k = tuple(data.draw(st.lists(fractions(F(1, 2), 4, max_denominator=4), min_size=n, max_size=n)))
    theta = data.draw(fractions(F(1, 4), 3, max_denominator=4))
    iota, Fmax = data.draw(fractions(0, 1, max_denominator=4)), data.draw(fractions(F(1, 8), 2, max_denominator=8))
    gamma, C = data.draw(fractions(F(1, 8), 2, max_denominator=8)), data.draw(fractions(0, F(1, 10), max_denominator=100))
    m = RegionalBrand(n, theta, k, shares=shares, traceability=tau)
    pol = m.coordinate(shadow_cost=lam, inspection_cost=iota, max_fine=Fmax, traceability_cost=gamma,
                       levy_enforcement_cost=C)
    assert pol.welfare <= pol.first_best
    if pol.first_best != pol.laissez_faire:
        assert 0 <= pol.gap_closed <= 1                       # exact, unclamped
    for name, cand in pol.candidates.items():
        assert cand.welfare <= pol.first_best, name
        assert cand.max_deviation_gain == 0, name
        _direct_equilibrium_check(m, name, cand)


def _direct_equilibrium_check(m, name, cand):
    """Each firm's quality is its own best response under the instrument, checked without the package.

    Own payoff, up to terms the firm does not control: s_i[(theta m_i + sigma) x - (1 - c) k_i x^2/2],
    maximised at x_i = (theta m_i + sigma)/((1 - c) k_i); with a standard and fines, a firm below x_i's
    reach complies iff p_i F >= (s_i k_i/2)(qbar - x_i)^2 (the payoff lost by complying)."""
    shares, costs, q = m.share_tuple(), m.cost_tuple(), cand.outcome.qualities
    tau = cand.level.get("traceability", m.traceability)
    sigma = cand.level.get("subsidy", cand.level.get("levy_subsidy", 0))
    c = cand.level.get("cost_share", 0)
    for i, (s, ki) in enumerate(zip(shares, costs)):
        best = (m.theta * (tau + (1 - tau) * s) + sigma) / ((1 - c) * ki)
        if name != "fine":
            assert q[i] == best, (name, i)
            continue
        qbar, p, Fmax = cand.level["standard"], cand.level["inspection"][i], cand.level["max_fine"]
        assert 0 <= p <= 1
        if best >= qbar:
            assert q[i] == best
        else:
            assert q[i] == qbar and sp.simplify(p * Fmax - s * ki * (qbar - best) ** 2 / 2) >= 0
