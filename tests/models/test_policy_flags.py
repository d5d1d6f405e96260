"""Every PolicyOutcome says what enforcement it paid for and what a referee would ask of it (issue 14).

``enforcement_cost`` is the money spent enforcing the chosen instrument (before the 1 + lambda
weight, already in welfare); ``flags`` says whether the first best is attained, whether the
benchmark is itself attainable, whether every firm takes part (payoff with transfers and fines
>= its exit option 0) and whether a limited-liability cap binds. Expected values by hand below.
"""

from __future__ import annotations

import pytest
import sympy as sp

from gametheory.core.coordinator import POLICY_FLAGS, PolicyOutcome
from gametheory.core.params import DomainError
from gametheory.core.welfare import welfare_account
from gametheory.models.brand import RegionalBrand
from gametheory.models.commontech import CommonTechnology
from gametheory.models.diffusion import TechnologyDiffusion
from gametheory.models.diffusion.coordinator import candidates
from gametheory.models.diffusion.licensing import compare_institutions

R = sp.Rational


def _outcome(**kw):
    acc = welfare_account(0, 1, 0, 0, 0)
    base = dict(policy={}, response={}, account=acc, welfare=R(1), transfers={}, shadow_cost=0,
                laissez_faire_welfare=R(1, 2), first_best_welfare=R(1))
    base.update(kw)
    return PolicyOutcome(**base)


def test_flags_have_fixed_keys_and_the_first_best_is_decided_exactly():
    out = _outcome()
    assert tuple(out.flags) == POLICY_FLAGS
    assert out.flags["attains_first_best"] is True            # 1 == 1
    assert out.flags["participation"] is None                  # not assessed: None, never a guess
    assert _outcome(welfare=R(99, 100)).flags["attains_first_best"] is False
    w = sp.Symbol("w", positive=True)
    assert _outcome(welfare=w).flags["attains_first_best"] is None
    with pytest.raises(DomainError, match="unknown policy flags"):
        _outcome(flags={"benchmark_attainble": True})
    with pytest.raises(DomainError, match="True, False or None"):
        _outcome(flags={"participation": "yes"})


def test_diffusion_fine_limited_liability_binds_by_hand():
    # a = 10, b = 1, c = (1, 2, 3), beta = 1: laissez-faire payoffs (9, 4, 1) (q = 3, 2, 1). With
    # liability cap 1/2 per firm and every refusal fined f: L refuses its two receivers, M one.
    # f = 1/4: L owes 2/4 = 1/2 = its cap (not above it), M 1/4: collected 3/4, nothing binds.
    # f = 3/8: L owes 3/4 > 1/2, pays 1/2; M pays 3/8: collected 7/8, L's cap binds.
    m = TechnologyDiffusion(10, 1, (1, 2, 3), beta=1)
    lines = {c.level: c for c in candidates(m, inspection_cost=0, liability=R(1, 2))
             if c.instrument == "fine" and not c.tie}
    assert lines[R(1, 4)].transfers["fines collected"] == R(3, 4)
    assert lines[R(1, 4)].liability_binding is False
    assert lines[R(3, 8)].transfers["fines collected"] == R(7, 8)
    assert lines[R(3, 8)].liability_binding is True
    assert lines[R(3, 8)].payoffs == (R(17, 2), R(29, 8), 1)   # 9 - 1/2, 4 - 3/8, 1
    out = m.coordinate(shadow_cost=2, inspection_cost=0, liability=R(1, 2))
    # the winner is a fine above 1/4 with no flow, so L's fine 2f > 1/2 is capped
    assert out.instrument == "fine" and out.policy["level"] > R(1, 4) and out.policy["flows"] == "none"
    assert out.flags["limited_liability_binding"] is True and out.flags["participation"] is True
    assert out.enforcement_cost == 0 and any("taken as free" in n for n in out.notes)


def test_diffusion_mandate_participation_fails_by_hand():
    # diffusion cost d = 11/4, mandate theta_min = 1 (enforcement free): every cost becomes 1, so
    # q = 9/4 each, profit 81/16; L teaches two receivers and pays 2 d = 11/2: 81/16 - 88/16 = -7/16 < 0.
    # W = CS + PS = (27/4)^2/2 + 3 * 81/16 - 11/2 = 729/32 + 486/32 - 176/32 = 1039/32 > 32 (laissez-faire)
    m = TechnologyDiffusion(10, 1, (1, 2, 3), beta=1, diffusion_cost=R(11, 4))
    out = m.coordinate(shadow_cost=0, instruments=("mandate",), enforcement_cost=0)
    assert (out.instrument, out.welfare) == ("mandate", R(1039, 32))
    assert out.flags["participation"] is False
    assert any("participation fails" in n for n in out.notes)


def test_diffusion_purchase_verification_is_priced_when_given():
    # lambda = 1: buying L->M and L->G gives 1089/32 without verification (the first best 1215/32 less
    # lambda times the transfers). Verifying each flow at kappa = 1/8 adds (1 + 1) * 2 * 1/8 = 1/2.
    m = TechnologyDiffusion(10, 1, (1, 2, 3), beta=1)
    free = m.coordinate(shadow_cost=1, instruments=("purchase",))
    assert free.welfare == R(1089, 32) and free.enforcement_cost == 0
    assert any("verifying that a paid flow took place is taken as free" in n for n in free.notes)
    paid = m.coordinate(shadow_cost=1, instruments=("purchase",), verification_cost=R(1, 8))
    # buying L->M alone ties at 1073/32 with one verification; the tie goes to the smaller outlay
    assert paid.welfare == R(1089, 32) - R(1, 2)
    assert paid.enforcement_cost == R(1, 8) * len(paid.response["flows"])
    assert paid.flags["participation"] is True      # every contract compensates its firm's loss


def test_market_creation_is_ranked_like_for_like():
    # costs (1, 2, 4), beta = 1/2, lambda = 1/5, kappa = 1/10: the licensing market signs L->M,
    # W^lic = 4343/128 (= the planner's), creating it costs (6/5)(1/10) = 3/25 per licence:
    # W^mc = (108575 - 384)/3200 = 108191/3200. The coordinator buys the same flow but pays L's
    # compensation T at lambda and verifies it at the same kappa, so it ranks below market creation.
    c = compare_institutions(TechnologyDiffusion(10, 1, (1, 2, 4), beta=R(1, 2)), shadow_cost=R(1, 5),
                             ip_enforcement_cost=R(1, 10))
    assert c.market_creation == R(108191, 3200)
    assert c.coordinator < c.market_creation < c.licensing
    assert c.ranking == ("planner", "licensing", "market creation", "coordinator", "laissez-faire")
    assert "market creation" not in compare_institutions(
        TechnologyDiffusion(10, 1, (1, 2, 4), beta=R(1, 2)), shadow_cost=R(1, 5)).ranking


def test_brand_levy_pays_for_compulsory_membership():
    # n = 4, theta = k = 1, C = 1/100, lambda = 1/4: the levy nu = 3/4 gives q = 1, W = 1/2 - (5/4)/100
    # = 39/80 (levy_subsidy docstring). A firm (s = 1/4, R = 1) earns s(theta R - q^2/2 + nu q) = 5/16
    # and pays dues s nu R = 3/16: 1/8 >= 0, so every firm takes part.
    pol = RegionalBrand(4, 1, 1).coordinate(shadow_cost=R(1, 4), levy_enforcement_cost=R(1, 100))
    assert pol.best == "levy_subsidy" and pol.welfare == R(39, 80)
    assert pol.enforcement_cost == R(1, 100)
    assert pol.flags == {"attains_first_best": False, "benchmark_attainable": True, "participation": True,
                         "limited_liability_binding": False}


def test_brand_fine_sits_at_its_cap():
    # Becker: the fine is at its cap max_fine F and inspection is the least that deters, so the cap
    # binds; the inspections are the enforcement bought. n = 2, theta = k = 1, iota = 1/100, F = 1/8,
    # lambda = 1: c = (1 + lambda) iota / F = 4/25, M = 1/2, standard (1 + cM)/(1 + c) = 27/29;
    # p = k s (27/29 - 1/2)^2 / (2F) = 2 (25/58)^2 = 625/1682 per firm; spending iota * 2p = 25/3364.
    pol = RegionalBrand(2, 1, 1).coordinate(shadow_cost=1, inspection_cost=R(1, 100), max_fine=R(1, 8))
    assert pol.best == "fine" and pol.policy["standard"] == R(27, 29)
    assert pol.policy["inspection"] == (R(625, 1682),) * 2
    assert pol.enforcement_cost == R(25, 3364)
    assert pol.flags["limited_liability_binding"] is True and pol.flags["participation"] is True
    # lambda = 0: a transfer is free, the cost share reaches q = theta/k and the first best, no enforcement
    free = RegionalBrand(2, 1, 1).coordinate(shadow_cost=0, inspection_cost=R(1, 100), max_fine=R(1, 8))
    assert free.flags["attains_first_best"] is True and free.enforcement_cost == 0
    assert free.flags["limited_liability_binding"] is False


def test_commontech_lindahl_benchmark_flagged_unattainable():
    # valuations (3, 2, 1), f = log: G* = V = 6 financed by Lindahl shares v_i/V, firm 3 pays 1 and
    # gets log 6 - 1 ~ 0.79 < log 3 ~ 1.10, its Nash payoff (firm 1 buys G^N = 3): participation fails,
    # so the first best is the bound but not an attainable target. Equal valuations (1, 1, 1):
    # log 3 - 1 ~ 0.10 > 0 = log 1, the benchmark is attainable.
    out = CommonTechnology((3, 2, 1)).coordinate(shadow_cost=R(1, 4))
    assert out.flags["benchmark_attainable"] is False
    assert any("not attainable" in n for n in out.notes)
    assert CommonTechnology((1, 1, 1)).coordinate(shadow_cost=R(1, 4)).flags["benchmark_attainable"] is True
