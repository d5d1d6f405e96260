"""Licensing between cluster firms: closed forms of Wang (1998), hand derivations, independent search."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.params import DomainError
from gametheory.models.diffusion import TechnologyDiffusion
from gametheory.models.diffusion.licensing import compare_institutions, license_flow, licensing_market

R = sp.Rational


def _cournot_all_active(a, b, costs):
    """Independent float Cournot (every firm active): q_i = (a - (n+1)c_i + sum c)/(b(n+1))."""
    c = np.asarray(costs, dtype=float)
    n = len(c)
    q = (a - (n + 1) * c + c.sum()) / (b * (n + 1))
    assert (q > 0).all()
    return q, a - b * q.sum()


# -- Wang (1998): insider patentee in a Cournot duopoly --------------------------------------------
# Costs (c - e, c), beta = 1 (the licence gives the rival the cost c - e), A = a - c.
# No licence:   q1 = (A + 2e)/(3b), q2 = (A - e)/(3b).
# Fixed fee:    both at c - e, q = (A + e)/(3b); TIOLI fee F = pi2' - pi2 = [(A+e)^2 - (A-e)^2]/(9b)
#               = 4eA/(9b); source's gain  (A+e)^2/(9b) + 4eA/(9b) - (A+2e)^2/(9b) = e(2A - 3e)/(9b),
#               positive iff e < 2A/3.
# Royalty r:    rival at c - e + r; source max (A + e + r)^2/(9b) + r (A + e - 2r)/(3b), stationary at
#               r = (A + e)/2 > e for non-drastic e < A, so r* = e (the cap): the rival's marginal cost
#               stays c, the market is unchanged, and the source earns e q2 = e(A - e)/(3b).
@pytest.mark.parametrize("a, b, c, e", [(10, 1, 4, 1), (20, 1, 10, 3), (20, 2, 10, 5), (12, 1, 6, F(1, 2))])
def test_wang_fee_and_royalty_closed_forms(a, b, c, e):
    m = TechnologyDiffusion(a, b, (c - e, c), beta=1)
    A = a - c
    fee = license_flow(m, 0, 1)
    royalty = license_flow(m, 0, 1, contract="royalty")
    assert fee.signed == (e < F(2, 3) * A)
    if fee.signed:
        assert fee.fee == sp.nsimplify(F(4) * e * A / (9 * b))
        assert fee.source_gain == sp.nsimplify(F(e) * (2 * A - 3 * F(e)) / (9 * b))
        assert fee.receiver_gain == 0                      # a take-it-or-leave-it offer extracts it all
    assert royalty.signed and royalty.royalty == sp.nsimplify(F(e))
    assert royalty.source_gain == sp.nsimplify(F(e) * (A - F(e)) / (3 * b))
    assert royalty.receiver_marginal_cost == c             # Wang: the royalty keeps it at c
    assert royalty.source_gain > fee.source_gain          # Wang: royalty beats the fixed fee
    assert royalty.welfare_after < fee.welfare_after or not fee.signed   # ... and the fee is better for W


def test_fee_refused_for_a_large_non_drastic_innovation():
    # a = 20, c = 10, e = 8: A = 10, 2A/3 = 6.67 < 8 < A. Joint gain e(2A - 3e)/(9b) = 8(20 - 24)/9 < 0.
    m = TechnologyDiffusion(20, 1, (2, 10), beta=1)
    out = license_flow(m, 0, 1)
    assert out.signed is False and out.joint_gain == sp.Rational(-32, 9)
    assert out.welfare_after == out.welfare_before
    roy = license_flow(m, 0, 1, contract="royalty")
    assert roy.royalty == 8 and roy.source_gain == sp.Rational(16, 3)     # e(A - e)/(3b) = 8*2/3


def test_nash_bargaining_splits_the_joint_gain():
    # Wang case a=10, c=4, e=1: Delta pi_1 = (49 - 64)/9 = -15/9, Delta pi_2 = 24/9, J = 1.
    # omega = 1/2: source nets J/2 = 1/2, so F = 1/2 + 15/9 = 13/6; the receiver nets 1/2.
    m = TechnologyDiffusion(10, 1, (3, 4), beta=1)
    out = license_flow(m, 0, 1, bargaining_power=F(1, 2))
    assert out.joint_gain == 1
    assert out.fee == sp.Rational(13, 6)
    assert out.source_gain == out.receiver_gain == sp.Rational(1, 2)


def test_joint_gains_of_the_three_tier_example():
    # a = 10, b = 1, c = (1, 2, 3), beta = 1; no diffusion: q = (3, 2, 1), pi = (9, 4, 1).
    # L->M: costs (1,1,3): Q = 25/4, q = (11/4, 11/4, 3/4): J = (121/16 - 9) + (121/16 - 4) = 17/8.
    # L->G: costs (1,2,1): Q = 13/2, q = (5/2, 3/2, 5/2): J = (25/4 - 9) + (25/4 - 1) = 5/2.
    # M->G: costs (1,2,2): Q = 25/4, q = (11/4, 7/4, 7/4): J = (49/16 - 4) + (49/16 - 1) = 9/8.
    m = TechnologyDiffusion(10, 1, (1, 2, 3), beta=1)
    gains = {f: license_flow(m, *f).joint_gain for f in m.eligible_flows}
    assert gains == {(0, 1): sp.Rational(17, 8), (0, 2): sp.Rational(5, 2), (1, 2): sp.Rational(9, 8)}


def test_symbolic_joint_gain_of_the_leader_middle_pair():
    # Interior Cournot with c = (c, c + g1, c + g1 + g2): q_M = (a - c - 2 g1 + g2)/(4b). The flow L->M
    # lowers c_M by beta*g1; by hand J = beta g1 (8 b q_M + (5 beta - 4) g1)/(8 b) (the sign
    # expression 8 b q_M + (5 beta - 4) g1).
    a, b, c, g1, g2, beta = sp.symbols("a b c g_1 g_2 beta", positive=True)
    m = TechnologyDiffusion(a, b, (c, c + g1, c + g1 + g2), beta=beta)
    out = license_flow(m, 0, 1)
    qM = (a - c - 2 * g1 + g2) / (4 * b)
    assert sp.simplify(out.joint_gain - beta * g1 * (8 * b * qM + (5 * beta - 4) * g1) / (8 * b)) == 0
    assert out.signed is None                       # open: depends on a - c versus the gaps
    assert out.condition != sp.true


def test_royalty_optimum_matches_an_independent_grid_search():
    # three firms, license L->G with beta_G = 1/2; search r on a fine grid with a numpy Cournot
    m = TechnologyDiffusion(12, 1, (1, 2, 3), beta=(1, 1, F(1, 2)))
    out = license_flow(m, 0, 2, contract="royalty")
    eps = 3 - (3 - F(1, 2) * 2)                      # c_G' = 2, eps = 1
    values = []
    for r in np.linspace(0, float(eps), 20001):
        q, p = _cournot_all_active(12, 1, (1, 2, 2 + r))
        values.append(((p - 1) * q[0] + r * q[2], r))
    vmax, rmax = max(values)
    q0, p0 = _cournot_all_active(12, 1, (1, 2, 3))
    assert abs(float(out.royalty) - rmax) < 1e-4
    assert abs(float(out.source_gain) - (vmax - (p0 - 1) * q0[0])) < 1e-8


def test_a_licence_can_lower_welfare_lahiri_ono():
    # a = 10, b = 1, costs (1, 1, 1, 5/2), beta_G = 1/10. Before: Q = (40 - 11/2)/5 = 6.9, q_L = 2.1,
    # q_G = 0.6 (share 0.087 < 1/(2(n+1)) = 0.1). The licence L->G cuts c_G to 2.35: Q = 6.93,
    # q_L = 2.07, q_G = 0.72. J = (2.07^2 - 2.1^2) + (0.72^2 - 0.6^2) = 0.0333 > 0: signed. But
    # dW = (6.93^2 - 6.9^2)/2 + 3(2.07^2 - 2.1^2) + (0.72^2 - 0.6^2) = -0.00945 < 0.
    m = TechnologyDiffusion(10, 1, (1, 1, 1, F(5, 2)), beta=(1, 1, 1, F(1, 10)))
    out = license_flow(m, 0, 3)
    assert out.signed and out.joint_gain == sp.Rational(333, 10000)
    assert out.welfare_after - out.welfare_before == sp.Rational(-189, 20000)
    assert out.lowers_welfare


def test_market_realises_the_planners_flows_in_the_bundled_example():
    # J(L->M | none) = 17/8, J(L->G | L->M) = (81/16 - 121/16) + (81/16 - 9/16) = 2 > 0,
    # J(L->M | L->G) = 13/8 > 0, and M->G adds nothing once G learns from L (best source): J = 0.
    m = TechnologyDiffusion(10, 1, (1, 2, 3), beta=1)
    market = licensing_market(m)
    assert market.stable_sets == (((0, 1), (0, 2)),)
    cmp_ = compare_institutions(m)
    assert cmp_.licensing == cmp_.planner == m.first_best().welfare
    assert cmp_.laissez_faire == 32 and cmp_.licensing > cmp_.laissez_faire


def test_the_coordinator_that_creates_the_market_pays_for_enforcement():
    # costs (1, 2, 4), beta = 1/2, lambda = 1/5. The market licenses L->M only: c_M' = 2 - (1/2)(2 - 1) = 3/2;
    # Cournot with costs (1, 3/2, 4): q_i = (a - 4 c_i + sum c)/4 = (16.5 - 4 c_i)/4 = 25/8, 21/8, 1/8,
    # Q = 47/8, CS = Q^2/2 = 2209/128, profits q_i^2 = (625 + 441 + 1)/64 = 1067/64, W = 4343/128.
    # Laissez-faire (no flow): costs (1, 2, 4), q = (17 - 4 c_i)/4 = 13/4, 9/4, 1/4, Q = 23/4,
    # CS = 529/32, profits (169 + 81 + 1)/16 = 251/16, W = 1031/32.
    m = TechnologyDiffusion(10, 1, (1, 2, 4), beta=R(1, 2))
    lam, kappa = R(1, 5), R(1, 10)
    c = compare_institutions(m, shadow_cost=lam, ip_enforcement_cost=kappa)
    assert c.licensing_flows == ((0, 1),) and c.licensing == R(4343, 128) and c.laissez_faire == R(1031, 32)
    # one licence enforced at kappa, public spending at 1 + lambda: 4343/128 - (6/5)(1/10)
    assert c.market_creation == R(4343, 128) - R(3, 25)
    # it pays iff kappa < (4343/128 - 1031/32)/(6/5) = (219/128)(5/6) = 365/256
    assert c.market_creation_threshold == R(365, 256)
    at = compare_institutions(m, shadow_cost=lam, ip_enforcement_cost=R(365, 256))
    assert at.market_creation == at.laissez_faire                  # indifferent exactly at the threshold
    dear = compare_institutions(m, shadow_cost=lam, ip_enforcement_cost=2)
    assert dear.market_creation < dear.laissez_faire
    # lambda = 1: budget weight 2 instead of 6/5, threshold (219/128)/2 = 219/256
    assert compare_institutions(m, shadow_cost=1, ip_enforcement_cost=kappa).market_creation_threshold == R(219, 256)
    # without kappa nothing is assumed: no market-creation column
    assert compare_institutions(m, shadow_cost=lam).market_creation is None
    with pytest.raises(DomainError):
        compare_institutions(m, shadow_cost=lam, ip_enforcement_cost=-1)


def test_bad_arguments():
    m = TechnologyDiffusion(10, 1, (1, 2, 3), beta=1)
    with pytest.raises(DomainError, match="lower-cost"):
        license_flow(m, 2, 0)
    with pytest.raises(DomainError, match="contract"):
        license_flow(m, 0, 1, contract="barter")
    with pytest.raises(DomainError):
        license_flow(m, 0, 1, bargaining_power=2)
    with pytest.raises(DomainError, match="already"):
        license_flow(m, 0, 1, flows=[(0, 1)])
    a = sp.Symbol("a", positive=True)
    with pytest.raises(DomainError, match="numeric"):
        license_flow(TechnologyDiffusion(a, 1, (1, 2, 3)), 0, 1, contract="royalty")


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(8, 30), st.fractions(F(1, 10), F(1)), st.fractions(F(1, 10), F(1)))
def test_fee_licence_signed_iff_the_pair_gains_and_welfare_accounts_add_up(a, g1, g2):
    # Coase: a fixed-fee licence is signed iff the joint gain is positive; the fee is a transfer,
    # so the parties' net gains sum to J and welfare after equals the flow's outcome welfare.
    m = TechnologyDiffusion(a, 1, (1, 1 + g1, 1 + g1 + g2), beta=1)
    for f in m.eligible_flows:
        out = license_flow(m, *f, bargaining_power=F(1, 3))
        assert out.signed == (out.joint_gain > 0)
        if out.signed:
            assert out.source_gain + out.receiver_gain == out.joint_gain
            assert out.welfare_after == m.outcome([f]).welfare


def test_institutions_figure_data():
    # The data behind figures/diffusion_institutions: a = 10, b = 1, costs (1, 2, 4).
    # Bounds: the planner maximises W over diffusion matrices, so it is >= licensing, >= the
    # coordinator without fine revenue (same allocations, plus costly transfers) and >= laissez-faire;
    # the default-rule coordinator is <= its own first best (which may raise the same revenue).
    # By hand at beta = 1: laissez-faire q = (13/4, 9/4, 1/4), W = (23/4)^2/2 + 251/16 = 1031/32;
    # licensing L->M, L->G makes every cost 1: q = 9/4 each, W = 729/32 + 486/32 = 1215/32.
    from gametheory.outputs.catalog.licensing import institutions_data

    d = institutions_data()
    tol = 1e-9
    assert (d["planner"] >= d["licensing"] - tol).all()
    assert (d["planner"] >= d["coordinator_without_fine_revenue"] - tol).all()
    assert (d["licensing"] >= d["laissez_faire"] - tol).all()
    assert (d["coordinator"] <= d["first_best"] + tol).all()
    assert (d["coordinator (beta=1)"] <= d["first_best (beta=1)"] + tol).all()
    assert abs(d["laissez_faire"][-1] - 1031 / 32) < tol and abs(d["licensing"][-1] - 1215 / 32) < tol
    assert np.allclose(d["licensing (beta=1)"], 1215 / 32)
    # the coordinator that creates the market pays kappa = 1/4 per licence at 1 + lambda: at beta = 1
    # two licences (L->M, L->G), so W^mc = 1215/32 - (1 + lambda)/2; it is drawn only where a
    # licence is signed and stays above laissez-faire in this example
    assert d["ip_enforcement_cost"] == 0.25
    assert np.allclose(d["market_creation (beta=1)"], 1215 / 32 - (1 + d["lambda"]) / 2)
    lam = d["shadow_cost"]
    assert np.allclose(d["market_creation"], d["licensing"] - (1 + lam) * 0.25 * d["licensing_flows"])
    assert (d["market_creation"] > d["laissez_faire"]).all()
