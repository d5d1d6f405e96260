"""Issue 14: enforcement is not free — the brand coordinator's winner is computed.

The minimum quality standard is not a candidate unless enforced (Nash quality is a dominant
strategy: without inspection every firm ignores it). Among enforceable instruments at the figure's
parameters (n = 4, theta = k = 1, inspection cost 1/2 per unit probability per firm, maximal fine
1, traceability cost gamma tau^2/2 with gamma = 1/4) the winner switches from the subsidy to
traceability near lambda = 0.175. The expected values come from an independent numeric search
written here (scipy over each instrument's level, the firms' response re-solved numerically from
their payoffs pi_i = s_i [theta (tau q_i + (1 - tau) R) - k q_i^2 / 2]), and hand values at lambda = 0.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.optimize import brentq, minimize_scalar
from hypothesis import given, settings, strategies as st
from fractions import Fraction as F

from gametheory.models.brand import RegionalBrand

R = sp.Rational
N, IOTA, FMAX, GAMMA = 4, 0.5, 1.0, 0.25
S = np.full(N, 1 / N)


def _best_response(i, q, tau=0.0, sigma=0.0):
    """Firm i's payoff-maximising quality given the others (numeric, bounded search)."""
    def neg(x):
        qq = q.copy()
        qq[i] = x
        rep = S @ qq
        return -(S[i] * ((tau * x + (1 - tau) * rep) - x * x / 2) + sigma * S[i] * x)
    return minimize_scalar(neg, bounds=(0, 5), method="bounded", options={"xatol": 1e-12}).x


def _equilibrium(tau=0.0, sigma=0.0):
    q = np.zeros(N)
    for _ in range(60):                      # best-response iteration (a contraction here)
        q = np.array([_best_response(i, q, tau, sigma) for i in range(N)])
    return q


def _welfare(q):
    return S @ q - 0.5 * S @ (q * q)


def w_subsidy(lam):
    def neg(sigma):
        q = _equilibrium(sigma=sigma)
        return -(_welfare(q) - lam * sigma * (S @ q))
    return -minimize_scalar(neg, bounds=(0, 2), method="bounded", options={"xatol": 1e-9}).fun


def w_cost_share(lam):
    def neg(sigma):
        q = np.zeros(N)
        for _ in range(60):
            q = np.array([minimize_scalar(
                lambda x, i=i: -(S[i] * ((S @ np.where(np.arange(N) == i, x, q))) - (1 - sigma) * S[i] * x * x / 2),
                bounds=(0, 5), method="bounded", options={"xatol": 1e-12}).x for i in range(N)])
        return -(_welfare(q) - lam * sigma * 0.5 * (S @ (q * q)))
    return -minimize_scalar(neg, bounds=(0, 0.95), method="bounded", options={"xatol": 1e-9}).fun


def w_traceability(lam):
    def neg(tau):
        q = _equilibrium(tau=tau)
        return -(_welfare(q) - (1 + lam) * GAMMA * tau * tau / 2)
    return -minimize_scalar(neg, bounds=(0, 1), method="bounded", options={"xatol": 1e-9}).fun


def w_enforced_standard(lam):
    qn = _equilibrium()

    def neg(qbar):
        # least inspection probability that deters: the best violation's gain, p F >= gain
        gains = []
        for i in range(N):
            comply = qbar * np.ones(N)
            dev = comply.copy()
            dev[i] = _best_response(i, comply)
            pay = lambda qq: S[i] * ((S @ qq) - qq[i] ** 2 / 2)
            gains.append(max(pay(dev) - pay(comply), 0.0))
        p = np.array(gains) / FMAX
        if np.any(p > 1):
            return 1e9
        return -(_welfare(qbar * np.ones(N)) - (1 + lam) * IOTA * p.sum())
    return -minimize_scalar(neg, bounds=(float(qn.max()), 1.5), method="bounded", options={"xatol": 1e-9}).fun


def _policy(lam):
    return RegionalBrand(4, 1, 1).coordinate(shadow_cost=lam, inspection_cost=R(1, 2), max_fine=1,
                                             traceability_cost=R(1, 4))


def test_unenforced_standard_is_not_a_candidate():
    pol = RegionalBrand(3, 1, 1).coordinate(shadow_cost=R(1, 4))
    assert "standard" not in pol.candidates and "standard" in pol.excluded
    # n = 3, theta = k = 1, lambda = 1/4: subsidy sigma* = (2 - 1/4)/(3 * 3/2) = 7/18, q = 13/18,
    # W = 13/18 - 169/648 - (1/4)(7/18)(13/18) = 169/432. Cost share: a = A1 = 1/3, A2 = 1/9,
    # u* = (6 + 1/4)/(2 * 5/4) = 5/2, sigma = 3/5, q = 5/6, W = 5/6 - 25/72 - (1/4)(3/5)(25/36)/2
    # = 125/288 > 169/432: the cost share wins, below W* = 1/2
    assert pol.candidates["subsidy"].welfare == R(169, 432)
    assert pol.best == "cost_share" and pol.welfare == R(125, 288) < pol.first_best == R(1, 2)


def test_lambda_zero_hand_values():
    # n = 4: subsidy sigma* = 3/4 reaches q = 1, W* = 1/2. Enforced standard: p = (qbar - 1/4)^2/8,
    # outlay (1/2) * 4p, W = qbar - qbar^2/2 - (qbar - 1/4)^2/4, maximised at qbar = 3/4: 13/32.
    # Traceability: tau* = 9/13, q = 10/13, W = 80/169 - 81/1352 = 559/1352.
    c = _policy(0).candidates
    assert c["subsidy"].welfare == R(1, 2) and c["fine"].welfare == R(13, 32)
    assert c["traceability"].welfare == R(559, 1352)
    assert w_subsidy(0) == pytest.approx(0.5, abs=1e-7)
    assert w_enforced_standard(0) == pytest.approx(13 / 32, abs=1e-7)
    assert w_traceability(0) == pytest.approx(559 / 1352, abs=1e-7)


@pytest.mark.parametrize("lam", [0.1, 0.25, 1.0])
def test_instrument_welfares_match_an_independent_search(lam):
    c = _policy(sp.nsimplify(lam)).candidates
    assert float(c["subsidy"].welfare) == pytest.approx(w_subsidy(lam), abs=1e-6)
    assert float(c["traceability"].welfare) == pytest.approx(w_traceability(lam), abs=1e-6)
    assert float(c["fine"].welfare) == pytest.approx(w_enforced_standard(lam), abs=1e-6)


def _rank(pol, names):
    return max(names, key=lambda k: pol.candidates[k].welfare)


def test_subsidy_beats_traceability_below_about_0175():
    # issue 14's menu (subsidy, enforced standard, traceability): crossover of the independent
    # searches; the enforced standard is below both throughout
    star = brentq(lambda x: w_subsidy(x) - w_traceability(x), 0.1, 0.3, xtol=1e-6)
    assert star == pytest.approx(0.175, abs=2e-3)
    menu = ("subsidy", "fine", "traceability")
    for lam in (0.05, star - 0.005):
        assert _rank(_policy(sp.nsimplify(round(lam, 4))), menu) == "subsidy"
    for lam in (star + 0.005, 0.5, 2.0):
        assert _rank(_policy(sp.nsimplify(round(lam, 4))), menu) == "traceability"
    assert w_enforced_standard(star) < w_traceability(star)


def test_cost_share_against_independent_search_and_the_computed_winner():
    # lambda = 1/5 by hand: q = (1 + lam/8)/(1 + lam) = 41/48, W = 1681/3840 ~ 0.438 (subsidy 0.394)
    pol = _policy(R(1, 5))
    assert pol.candidates["cost_share"].welfare == R(1681, 3840)
    assert float(pol.candidates["subsidy"].welfare) == pytest.approx(0.39375)
    for lam in (0.2, 1.0):
        assert float(_policy(sp.nsimplify(lam)).candidates["cost_share"].welfare) == pytest.approx(
            w_cost_share(lam), abs=1e-6)
    # with the cost share in the menu the winner switches from it to traceability at lambda*
    star = brentq(lambda x: w_cost_share(x) - w_traceability(x), 0.2, 1.0, xtol=1e-6)
    assert _policy(sp.nsimplify(round(star - 0.01, 3))).best == "cost_share"
    assert _policy(sp.nsimplify(round(star + 0.01, 3))).best == "traceability"


def test_heterogeneous_fines_bind_only_the_small_firm():
    # shares (0.9, 0.1), theta = k = 1, lambda = 0, inspection cost 10, F = 1 (c = 10). Nash q = (0.9, 0.1),
    # W^N = 0.82 - (0.729 + 0.001)/2 = 0.455. A standard that binds both firms must exceed 0.9 (the
    # symmetric closed form, 0.836, lies below the large firm's Nash quality). Binding only the
    # small firm: p_2 = 0.1 (qbar - 0.1)^2 / 2, inspections 10 p_2 = (qbar - 0.1)^2 / 2, so
    # W = 0.81 + 0.1 qbar - (0.729 + 0.1 qbar^2)/2 - (qbar - 0.1)^2/2, dW/dqbar = 0.2 - 1.1 qbar = 0:
    # qbar = 2/11 = 0.1818, W = 10091/22000 = 0.45868 > 0.455 (binding both: qbar >= 0.9 costs
    # 10 * 0.1 * 0.8^2 / 2 = 0.32 in inspections alone, far worse).
    m = RegionalBrand(2, 1, 1, shares=(R(9, 10), R(1, 10)))
    f = m.coordinate(shadow_cost=0, inspection_cost=10, max_fine=1).candidates["fine"]
    assert f.level["standard"] == R(2, 11) and f.welfare == R(10091, 22000)
    assert f.level["inspection"][0] == 0 and f.max_deviation_gain <= 0
    assert m.equilibrium().welfare == R(91, 200) < f.welfare


def test_inspection_probability_one_corner():
    # n = 2, theta = k = 1, free inspections (iota = 0) but a small fine F = 1/100: deterrence needs
    # p = (1/2)(qbar - 1/2)^2 / (2/100) = 25 (qbar - 1/2)^2 <= 1, so qbar <= 7/10 < theta/k = 1:
    # the corner p = 1, W = 7/10 - 49/200 = 91/200
    f = RegionalBrand(2, 1, 1).coordinate(shadow_cost=0, inspection_cost=0, max_fine=R(1, 100)).candidates["fine"]
    assert f.level["standard"] == R(7, 10) and f.level["inspection"] == (1, 1)
    assert f.welfare == R(91, 200)


@settings(max_examples=20, deadline=20000)
@given(weights=st.lists(st.integers(1, 9), min_size=1, max_size=4), lam=st.fractions(0, 5, max_denominator=8),
       iota=st.fractions(0, 4, max_denominator=4), fmax=st.fractions(F(1, 4), 4, max_denominator=4),
       gamma=st.fractions(0, 2, max_denominator=4))
def test_brand_coordinated_never_exceeds_first_best(weights, lam, iota, fmax, gamma):
    shares = tuple(R(w, sum(weights)) for w in weights)
    m = RegionalBrand(len(shares), 1, 1, shares=shares)
    pol = m.coordinate(shadow_cost=lam, inspection_cost=iota, max_fine=fmax, traceability_cost=gamma)
    assert pol.laissez_faire <= pol.welfare <= pol.first_best
    for name, c in pol.candidates.items():
        assert c.welfare <= pol.first_best, name
        if pol.first_best != pol.laissez_faire and c.welfare >= pol.laissez_faire:
            assert 0 <= c.gap_closed <= 1, name


# ----------------------------------------------------------------------------------------------
# levy-financed subsidy (members' dues): zero net outlay, needs compulsory membership
# ----------------------------------------------------------------------------------------------
def test_levy_financed_subsidy_by_hand_and_by_grid():
    import numpy as np
    import sympy as sp

    from gametheory.models.brand import RegionalBrand
    from gametheory.models.brand.instruments import levy_subsidy

    R_ = sp.Rational
    # equal shares n = 4, theta = k = 1: nu = theta (1 - 1/n) = 3/4, q = 1 = first best,
    # W = 1/2 - (1 + lambda) C = 1/2 - (5/4)(1/100) = 39/80, no public outlay
    r = levy_subsidy(RegionalBrand(4, 1, 1), R_(1, 4), enforcement_cost=R_(1, 100))
    assert r.level["levy_subsidy"] == R_(3, 4) and r.outcome.quality == 1
    assert r.welfare == R_(39, 80) and r.public_outlay == 0
    # shares (9/10, 1/10): W(nu) = R - (1/2) sum s_i q_i^2, q_i = s_i + nu; grid search over nu
    s = np.array([0.9, 0.1])
    nus = np.linspace(0, 1, 100001)
    q = s[None, :] + nus[:, None]
    W = q @ s - 0.5 * (q**2) @ s
    het = levy_subsidy(RegionalBrand(2, 1, 1, shares=(R_(9, 10), R_(1, 10))), 1, enforcement_cost=0)
    assert abs(float(het.level["levy_subsidy"]) - nus[np.argmax(W)]) < 1e-4        # nu* = 1 - H = 0.18
    assert abs(float(het.welfare) - W.max()) < 1e-12 and het.welfare == R_(589, 1250)
    assert het.welfare < R_(1, 2)                    # a uniform subsidy cannot undo unequal dilution


def test_coordinator_offers_the_levy_only_with_enforcement_and_it_wins_when_cheap():
    import sympy as sp

    from gametheory.models.brand import RegionalBrand

    R_ = sp.Rational
    m = RegionalBrand(4, 1, 1)
    pol = m.coordinate(shadow_cost=R_(1, 4))
    assert "levy_subsidy" not in pol.candidates and "levy_subsidy" in pol.excluded
    # enforcement 1/100: W = 39/80 = 0.4875 beats the cost share's 0.4375-ish (by hand, docstring of
    # coordinate: W(1/4) for n = 4 below 1/2) and never exceeds W* = 1/2
    pol = m.coordinate(shadow_cost=R_(1, 4), levy_enforcement_cost=R_(1, 100))
    assert pol.best == "levy_subsidy" and pol.welfare == R_(39, 80) <= pol.first_best
    # costly enforcement: (1 + lambda) C above W* - W_cost_share and the levy loses
    pol = m.coordinate(shadow_cost=R_(1, 4), levy_enforcement_cost=R_(1, 10))
    assert pol.best != "levy_subsidy"
    # the default limited-liability cap (a firm's market-stage profit) is checked and stated
    pol = m.coordinate(shadow_cost=R_(1, 4), inspection_cost=R_(1, 2), max_fine=1)
    assert "liability_cap" in pol.excluded
