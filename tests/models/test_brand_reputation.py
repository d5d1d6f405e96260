"""Brand reputation dynamics (gametheory.models.brand.reputation).

Closed forms derived by hand in the comments; independent numerics: a grid search over
stationary deviations of the discounted payoff, the Riccati iteration for the Kalman gain, and a
seeded simulation of the stock for its mean path and stationary variance.
"""

from __future__ import annotations


import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.params import DomainError
from gametheory.models.brand import RegionalBrand
from gametheory.models.brand.reputation import ReputationDynamics, kalman_gain

R = sp.Rational


def test_closed_forms_by_hand():
    # theta = k = 1, delta = 9/10, rho = 1/2: Theta = (9/20)/(1/10 + 9/20) = 9/11;
    # b_i = (1/3)/(1 - 9/20) = 20/33; q^N = (1/3)(9/11) = 3/11; R^N = 3/11, R* = 9/11;
    # W^N = 3/11 - (1/2)(9/121) = 57/242; W* = 9/11 - 81/242 = 117/242.
    m = ReputationDynamics(3, 1, 1, delta=R(9, 10), gain=R(1, 2))
    eq, fb = m.equilibrium(), m.first_best()
    assert m.effective_premium() == R(9, 11)
    assert eq.value_slopes == (R(20, 33),) * 3 and eq.qualities == (R(3, 11),) * 3
    assert eq.steady_reputation == R(3, 11) and fb.steady_reputation == R(9, 11)
    assert eq.welfare == R(57, 242) and fb.welfare == R(117, 242)
    assert eq.half_life == 1


def test_one_firm_has_no_free_riding_and_patience_gives_the_static_model():
    d, r = sp.symbols("delta rho", positive=True)
    m = ReputationDynamics(1, 2, 1, delta=R(1, 2), gain=R(1, 3))
    assert m.equilibrium().qualities == m.first_best().qualities
    # delta -> 1: Theta -> theta, so q_i^N -> theta s_i / k, the static RegionalBrand's Nash quality
    theta, k = 3, 2
    Theta = theta * d * r / (1 - d + d * r)
    assert sp.limit(Theta, d, 1) == theta
    static = RegionalBrand(4, theta, k).equilibrium().quality                      # 3/(4*2)
    assert static == R(3, 8) == R(1, 4) * sp.limit(Theta, d, 1) / k


def test_nash_quality_is_a_best_response_by_grid_search():
    # independent numerics: with the others at q^N, firm 0's discounted payoff from a constant
    # quality q, starting at the steady state, summed over 3000 periods; the argmax is q^N.
    shares = (R(1, 2), R(1, 3), R(1, 6))
    m = ReputationDynamics(3, 2, 1, delta=R(4, 5), gain=R(1, 4), shares=shares)
    qN = [float(x) for x in m.equilibrium().qualities]
    s = [float(x) for x in shares]
    rho, delta, theta, k = 0.25, 0.8, 2.0, 1.0
    R0 = sum(si * qi for si, qi in zip(s, qN))

    def value(q):
        Rt, total = R0, 0.0
        Q = s[0] * q + s[1] * qN[1] + s[2] * qN[2]
        for t in range(3000):
            total += delta**t * s[0] * (theta * Rt - k * q * q / 2)
            Rt = (1 - rho) * Rt + rho * Q
        return total

    grid = np.linspace(0, 2 * qN[0], 2001)
    best = grid[int(np.argmax([value(q) for q in grid]))]
    assert best == pytest.approx(qN[0], abs=2 * qN[0] / 2000)
    assert qN[0] == pytest.approx(0.5 * 2 * 0.8 * 0.25 / (1 - 0.8 + 0.2))        # s theta delta rho/(1-delta+delta rho)


def test_kalman_gain_matches_the_riccati_iteration():
    for s2, w2 in [(1, 2), (4, 1), (R(1, 10), 3)]:
        P = 1.0
        for _ in range(10_000):
            P = P * float(s2) / (P + float(s2)) + float(w2)
        assert float(kalman_gain(s2, w2)) == pytest.approx(P / (P + float(s2)), rel=1e-12)
    assert kalman_gain(1, 2) == sp.sqrt(3) - 1


@settings(max_examples=30)
@given(noise=st.fractions(R(1, 10), 10), worse=st.fractions(R(11, 10), 5))
def test_better_monitoring_raises_quality(noise, worse):
    # Theta = theta delta rho/(1 - delta + delta rho) is increasing in rho, and rho falls with sigma^2
    base = ReputationDynamics(3, 1, 1, delta=R(9, 10), gain=R(1, 2))
    good = base.with_monitoring(noise, 1)
    bad = base.with_monitoring(noise * worse, 1)
    assert good.gain > bad.gain
    assert good.equilibrium().qualities[0] > bad.equilibrium().qualities[0]
    assert good.equilibrium().half_life < bad.equilibrium().half_life


def test_collapse_after_free_riding_halves_at_the_half_life():
    m = ReputationDynamics(2, 1, 1, delta=R(9, 10), gain=R(1, 5))
    path = m.expected_path(1, 10, qualities=(0, 0))
    assert path[:3] == (1, R(4, 5), R(16, 25))                                     # (1 - 1/5)^t
    hl = float(m.half_life())                                                      # ln 2 / ln(5/4) ~ 3.106
    assert (0.8) ** hl == pytest.approx(0.5)


def test_simulation_matches_the_mean_path_and_stationary_variance():
    # independent numerics: 4000 replications; Var(R) = rho sigma^2/(2 - rho) = (1/2)(1)/(3/2) = 1/3
    m = ReputationDynamics(3, 1, 1, delta=R(9, 10), gain=R(1, 2), signal_noise=1)
    sim = m.simulate(0, 60, replications=4000, seed=7)
    mean = sim.reputation.mean(axis=0)
    assert np.allclose(mean, sim.expected, atol=0.05)
    assert np.allclose(sim.expected[:3], [float(x) for x in m.expected_path(0, 2)])
    assert sim.reputation[:, -1].var() == pytest.approx(float(m.stationary_variance()), rel=0.08)
    assert m.stationary_variance() == R(1, 3)


def test_guards():
    with pytest.raises(DomainError):
        ReputationDynamics(2, 1, 1, delta=1, gain=R(1, 2))
    with pytest.raises(DomainError):
        ReputationDynamics(2, 1, 1, delta=R(1, 2), gain=2)
    with pytest.raises(DomainError):
        ReputationDynamics(2, 1, 1, delta=R(1, 2), gain=R(1, 2), shares=(R(1, 2), R(1, 3)))
    m = ReputationDynamics(2, 1, 1, delta=R(1, 2), gain=R(1, 2))
    with pytest.raises(DomainError, match=r"max_draws=20000000"):
        m.simulate(0, 20_000, replications=1000)
    assert m.equilibrium().to_dict()["qualities"] == ["1/6", "1/6"]


# ----------------------------------------------------------------------------------------------
# imperfect public monitoring (Green & Porter 1984)
# ----------------------------------------------------------------------------------------------
from gametheory.core.repeated import critical_discount_factor  # noqa: E402
from gametheory.models.brand.reputation import (green_porter_discount_factor,  # noqa: E402
                                                normal_signal_probabilities)


def test_perfect_monitoring_is_grim_trigger():
    # alpha = 0, beta = 1: (D-C)/((D-C) + (C-P)) = (D-C)/(D-P), the core's grim trigger
    for c, d, p in [(3, 5, 1), (R(1, 8), R(9, 64), R(1, 9))]:
        gp = green_porter_discount_factor(c, d, p, 0, 1)
        assert gp.critical_discount == critical_discount_factor(c, d, p).critical_discount
        assert gp.average_payoff == c


def test_green_porter_threshold_by_hand_and_by_value_computation():
    # C, D, P = 3, 5, 1; alpha = 1/10, beta = 3/5: 2/(2*9/10 + (1/2)*2) = 2/(14/5) = 5/7
    gp = green_porter_discount_factor(3, 5, 1, R(1, 10), R(3, 5))
    assert gp.critical_discount == R(5, 7) and gp.sustainable
    # independent numerics: values by solving the two-state linear system at delta* +- 0.01
    for delta, holds in [(5 / 7 + 0.01, True), (5 / 7 - 0.01, False)]:
        VP = 1 / (1 - delta)
        A = np.array([[1 - delta * 0.9]])
        V = np.linalg.solve(A, [3 + delta * 0.1 * VP])[0]
        dev = 5 + delta * (0.4 * V + 0.6 * VP)
        assert (V >= dev) == holds
        assert float(gp.average_payoff.subs(sp.Symbol("delta", positive=True), delta)) == pytest.approx((1 - delta) * V)
    # uninformative enough: (beta - alpha)(C - P) <= alpha (D - C) -> never sustainable
    bad = green_porter_discount_factor(3, 5, 1, R(1, 2), R(3, 5))   # (1/10)*2 <= (1/2)*2
    assert not bad.sustainable and bad.critical_discount is None


@settings(max_examples=30)
@given(a=st.fractions(0, R(1, 2), max_denominator=20), gap=st.fractions(R(1, 20), R(1, 2), max_denominator=20),
       bump=st.fractions(R(1, 100), R(1, 10), max_denominator=100))
def test_threshold_rises_with_false_alarms_and_falls_with_detection(a, gap, bump):
    base = green_porter_discount_factor(3, 4, 1, a, a + gap)
    more_alarms = green_porter_discount_factor(3, 4, 1, a + bump, a + gap + bump / 2)
    sharper = green_porter_discount_factor(3, 4, 1, a, min(1, a + gap + bump))
    if base.sustainable and more_alarms.sustainable:
        assert more_alarms.critical_discount > base.critical_discount
    if base.sustainable:
        assert sharper.sustainable and sharper.critical_discount <= base.critical_discount


def test_noisier_signals_raise_the_threshold():
    # cut halfway between Q_C = 1 and Q_D = 0: alpha = Phi(-1/(2 sigma)), beta = Phi(1/(2 sigma))
    out = []
    for s2 in (R(1, 16), R(1, 4), 1):
        a, b = normal_signal_probabilities(1, 0, R(1, 2), s2)
        assert sp.simplify(a + b - 1) == 0                       # symmetric cut
        out.append(green_porter_discount_factor(3, 4, 1, float(a), float(b)))
    assert all(o.sustainable for o in out[:2])
    assert out[0].critical_discount < out[1].critical_discount
    assert (not out[2].sustainable) or out[2].critical_discount > out[1].critical_discount
