"""Tests of the diffusion coordinator and of continuous preference levels.

Running example a = 10, b = 1, costs (1, 2, 3), beta = 1 (hand values in test_diffusion.py):
W_LF = 32 (no flow), W_FB = 1215/32 (everyone learns L's technology).
Purchase transfers (source's profit loss, profits pi = b q^2):
  {L->M}:        T_L = 9 - (11/4)^2 = 23/16,          market W = 1127/32
  {L->G}:        T_L = 9 - (5/2)^2 = 11/4,            market W = 287/8
  {M->G}:        T_M = 4 - (7/4)^2 = 15/16,           market W = 1063/32
  {L->M, L->G}:  T_L = 9 - (9/4)^2 = 63/16,           market W = 1215/32
  {L->M, M->G}:  costs (1,1,2); T_L = 121/16 - 100/16, T_M = 121/16 - 100/16; total 21/8, W = 287/8
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from gametheory.models.diffusion import TechnologyDiffusion, cournot_grid
from gametheory.models.diffusion.coordinator import candidates
from gametheory.models.diffusion.levels import optimal_subsidy

R = sp.Rational


@pytest.fixture
def base():
    return TechnologyDiffusion(10, 1, (1, 2, 3))


def _purchase_lines():
    # (market welfare A, outlay G) per purchased pattern, from the module docstring (by hand)
    return {"none": (32, 0), "L->M": (R(1127, 32), R(23, 16)), "L->G": (R(287, 8), R(11, 4)),
            "M->G": (R(1063, 32), R(15, 16)), "L->M, L->G": (R(1215, 32), R(63, 16)),
            "L->M, M->G": (R(287, 8), R(21, 8))}


def test_candidates_are_frozen_policy_lines_with_their_welfare_line(base):
    # issue 12: typed, immutable results, not dicts; A = CS + PS - enforcement, G = outlay + enforcement
    import dataclasses
    import json

    from gametheory.models.diffusion.coordinator import PolicyLine

    lines = candidates(base, instruments=("purchase",), verification_cost=R(1, 8))
    assert all(isinstance(c, PolicyLine) for c in lines) and lines[0].instrument == "none"
    lm = next(c for c in lines if c.level == "L->M")
    # by hand (module docstring): market W = 1127/32, T_L = 23/16; verifying one flow costs 1/8
    assert lm.consumer_surplus + lm.producer_surplus == R(1127, 32) and lm.transfers == {"L": R(23, 16)}
    assert (lm.intercept, lm.outlay, lm.enforcement_cost, lm.public_outlay) == (
        R(1127, 32) - R(1, 8), R(23, 16), R(1, 8), R(23, 16) + R(1, 8))
    assert lm.payoffs == (R(121, 16) + R(23, 16), R(121, 16), R(9, 16))   # L's profit plus its transfer
    assert lm.group == ("purchase", "L->M") and lm.flows == ((0, 1),)
    with pytest.raises(dataclasses.FrozenInstanceError):
        lm.level = "none"          # type: ignore[misc]
    assert json.loads(json.dumps(lm.to_dict()))["intercept"] == "1123/32"
    assert "PolicyLine(instrument='purchase'" in repr(lm)


def test_purchase_candidates_match_hand_values(base):
    lines = {c.level if c.instrument == "purchase" else "none": (c.intercept, c.outlay)
             for c in candidates(base, instruments=("purchase",))}
    assert lines == _purchase_lines()


@pytest.mark.parametrize("lam, expected, flows", [
    (0, R(1215, 32), "L->M, L->G"),
    (R(1, 4), R(1215, 32) - R(63, 64), "L->M, L->G"),     # 2367/64
    (2, R(1127, 32) - R(46, 16), "L->M"),                 # 1035/32
    (3, 32, "none"),                                       # every purchase line is below 32 at lambda = 3
])
def test_purchase_only_coordinator(base, lam, expected, flows):
    out = base.coordinate(inspection_cost=0, enforcement_cost=0, shadow_cost=lam, instruments=("purchase",))
    assert out.welfare == expected and out.policy["flows"] == flows
    # brute force over every purchasable pattern with the hand lines
    assert expected == max(A - lam * G for A, G in _purchase_lines().values())
    assert out.laissez_faire_welfare == 32 and out.first_best_welfare == R(1215, 32)
    assert out.gap_closed == (expected - 32) / (R(1215, 32) - 32)
    assert out.response["max_deviation_gain"] in (None, 0) or out.response["max_deviation_gain"] <= 0


def test_mandate_attains_first_best_without_outlay(base):
    # no revenue instrument in the menu: the first best is the planner's, 1215/32
    out = base.coordinate(inspection_cost=0, enforcement_cost=0, shadow_cost=R(1, 4), instruments=("purchase", "subsidy", "mandate"))
    assert out.welfare == R(1215, 32) and out.gap_closed == 1
    assert out.account.public_outlay == 0
    # with fines in the menu (default fiscal rule) the first best may also raise what the fines could:
    # every firm's profit at c = (1, 1, 1), 3 * (9/4)^2 = 243/16, worth lambda * 243/16 = 243/64, so
    # W_fb = 2673/64 and the same zero-outlay optimum closes (191/32) / (625/64) = 382/625 of the gap
    out = base.coordinate(inspection_cost=0, enforcement_cost=0, shadow_cost=R(1, 4))
    assert out.welfare == R(1215, 32) and out.first_best_welfare == R(2673, 64)
    assert out.gap_closed == R(382, 625) and out.fiscal_rule == "limited_liability"


def test_value_function_is_the_upper_envelope_of_purchase_lines(base):
    lam = sp.Symbol("lambda", nonnegative=True)
    out = base.coordinate(inspection_cost=0, enforcement_cost=0, shadow_cost=lam, instruments=("purchase",))
    lines = _purchase_lines()
    for v in [0, R(1, 3), 1, R(3, 2), R(67, 42), 2, R(103, 46), 3, 10]:
        assert out.welfare.subs(lam, v) == max(A - v * G for A, G in lines.values())
    # breakpoints by hand: FB purchase vs L->M: 1215/32 - 63l/16 = 1127/32 - 23l/16 at l = 11/10;
    # L->M vs none at l = 103/46
    bps = set().union(*[r.atoms(sp.Rational) for _, r in out.regimes])
    assert {R(11, 10), R(103, 46)} <= bps
    assert [label for label, _ in out.regimes] == ["purchase L->M, L->G", "purchase L->M", "none 0"]


def test_subsidy_optimum_against_brute_force_over_a_grid(base):
    """Independent response: the core's IEWDS on the attitude game with subsidy s, optimistic selection."""
    lam = R(1, 4)
    out = base.coordinate(inspection_cost=0, enforcement_cost=0, shadow_cost=lam, instruments=("subsidy",))
    best = 32
    for s in [R(k, 16) for k in range(0, 49)]:
        game = base.attitude_game(subsidy=s)
        g = game.game
        res = g.iterated_elimination(weak=True)
        surv = [p for p in itertools.product(*res.remaining_indices) if g.deviation_gain(p) <= 0]
        w = max(base.outcome(game.flows(p)).welfare - lam * s * len(game.flows(p)) for p in surv)
        best = max(best, w)
    assert out.welfare == best


def test_mandate_optimum_against_grid(base):
    m = TechnologyDiffusion(10, 1, (1, 4, 5), beta=R(1, 2))
    out = m.coordinate(inspection_cost=0, enforcement_cost=0, shadow_cost=0, instruments=("mandate",))
    th = np.linspace(0, 1, 2001)
    C = np.stack([np.ones_like(th), 4 - th * 1.5, 5 - th * 2.0], axis=-1)
    q, _ = cournot_grid(10.0, 1.0, C)
    w = q.sum(-1) ** 2 / 2 + (q ** 2).sum(-1)
    assert float(out.welfare) >= w.max() - 1e-9
    assert float(out.welfare) <= w.max() + 1e-3


def test_lahiri_ono_case_raising_diffusion_is_wrong():
    # STYLE example: c = (1, 5), beta = 1/8: diffusion to the minor firm lowers W (268/9 -> 2123/72)
    m = TechnologyDiffusion(10, 1, (1, 5), beta=R(1, 8))
    out = m.coordinate(inspection_cost=0, enforcement_cost=0, shadow_cost=0)
    assert out.policy["instrument"] == "none" and out.welfare == R(268, 9)
    assert out.gap_degenerate and out.gap_closed == 1
    mandate = [c for c in out.candidates if c.policy["instrument"] == "mandate"][0]
    assert mandate.welfare == R(2123, 72) < R(268, 9)


def test_fines_collected_count_as_revenue():
    # lambda large and a fine cap below every sharing loss: nobody shares, every refusal pays
    m = TechnologyDiffusion(10, 1, (1, 2, 3))
    cands = [c for c in candidates(m, instruments=("fine",), max_fine=R(1, 2))
             if c.instrument == "fine" and c.level == R(1, 2)]
    assert len(cands) == 1 and cands[0].flows == ()
    # refusals: L refuses M and G, M refuses G -> 3 fines of 1/2: outlay -3/2
    assert cands[0].outlay == R(-3, 2)


def test_symbolic_coordinator_lines_agree_with_numeric():
    a, b, c, g1, g2, beta, lam = sp.symbols("a b c g_1 g_2 beta lambda", positive=True)
    m = TechnologyDiffusion(a, b, (c, c + g1, c + g1 + g2), beta=beta)
    out = m.coordinate(inspection_cost=0, enforcement_cost=0, shadow_cost=lam, instruments=("purchase",))
    vals = {a: 10, b: 1, c: 1, g1: 1, g2: 1, beta: 1, lam: R(1, 4)}
    num = {cd.policy["flows"]: cd.welfare for cd in TechnologyDiffusion(10, 1, (1, 2, 3)).coordinate(inspection_cost=0, enforcement_cost=0, 
        shadow_cost=R(1, 4), instruments=("purchase",)).candidates}
    for cd in out.candidates:
        assert sp.nsimplify(cd.welfare.subs(vals)) == num[cd.policy["flows"]]


# -- continuous preference levels --------------------------------------------------------------
def test_levels_duopoly_closed_form():
    # by hand: x(s) = (9 s - 44)/28 on [44/9, 8] (a=10, b=1, c=(1,3), beta=1, k=4)
    m = TechnologyDiffusion(10, 1, (1, 3))
    for s, x in [(4, 0), (6, R(5, 14)), (7, R(19, 28)), (9, 1)]:
        assert m.preference_levels(curvature=4, subsidy=s).levels[(0, 1)] == x


def test_optimal_subsidy_duopoly_against_brute_force():
    m = TechnologyDiffusion(10, 1, (1, 3))
    for lam in (0, R(1, 4)):
        opt = optimal_subsidy(m, curvature=4, shadow_cost=lam)
        best = -np.inf
        for s in np.linspace(0, 10, 4001):
            x = min(1.0, max(0.0, (9 * s - 44) / 28))
            cG = 3 - 2 * x
            q, _ = cournot_grid(10.0, 1.0, np.array([1.0, cG]))
            w = q.sum() ** 2 / 2 + (q ** 2).sum() - 2 * x * x - float(lam) * s * x
            best = max(best, w)
        assert float(opt.welfare) >= best - 1e-9 and float(opt.welfare) <= best + 1e-4


def test_levels_regimes_agree_with_core_kkt_solver():
    m = TechnologyDiffusion(10, 1, (1, 2, 3))
    opt = optimal_subsidy(m, curvature=4, shadow_cost=R(1, 4))
    core = m.preference_levels(curvature=4, subsidy=opt.subsidy)
    assert core.levels == opt.levels
    assert core.max_deviation_gain is None or core.max_deviation_gain <= 1e-9
    # a subsidy of 0 gives no sharing (sources lose from every flow)
    assert set(m.preference_levels(curvature=4, subsidy=0).levels.values()) == {0}


def test_levels_symbolic_duopoly_matches_hand_formula():
    # hand: x(s) = (s - 2 beta g q1^0 / 3)/(k - 2 beta^2 g^2/(9b)), q1^0 = (a - c + g)/(3b)
    a, b, c, g, beta, k, s = sp.symbols("a b c g beta k s", positive=True)
    out = TechnologyDiffusion(a, b, (c, c + g), beta=beta).preference_levels(curvature=k, subsidy=s)
    x = out.levels[(0, 1)]
    q10 = (a - c + g) / (3 * b)
    assert sp.simplify(x - (s - 2 * beta * g * q10 / 3) / (k - 2 * beta**2 * g**2 / (9 * b))) == 0
    # symbolic and numeric paths agree (a=10, b=1, c=1, g=2, beta=1, k=4, s=6 -> 5/14)
    assert x.subs({a: 10, b: 1, c: 1, g: 2, beta: 1, k: 4, s: 6}) == R(5, 14)


def test_several_firms_per_tier_coordinator_and_pattern():
    # two leaders, one middle firm, two laggards; attitudes toward same-tier firms do not exist
    m = TechnologyDiffusion(14, 1, (1, 1, 2, 3, 3))
    eq = m.equilibrium()
    assert eq.flows == () and eq.max_deviation_gain <= 0
    t = m.tiers
    idx = {lab: k for k, lab in enumerate(m.labels)}
    assert all(x == ("A" if t[idx[f]] < t[idx[g]] else "P") for f, g, x in eq.attitudes)
    out = m.coordinate(inspection_cost=0, enforcement_cost=0, shadow_cost=0, instruments=("purchase", "mandate"))
    # at lambda = 0 transfers are neutral: the coordinator attains every corner, so W_co >= every
    # purchasable pattern's market welfare and <= the first best
    assert out.laissez_faire_welfare <= out.welfare <= out.first_best_welfare


@settings(max_examples=8)
@given(c2=st.integers(2, 5), c3=st.integers(0, 3), beta=st.fractions(Fraction(1, 4), 1),
       lam=st.fractions(0, Fraction(1, 2)))
def test_coordinator_between_laissez_faire_and_first_best(c2, c3, beta, lam):
    m = TechnologyDiffusion(12, 1, (1, c2, c2 + c3 + 1), beta=beta)
    out = m.coordinate(inspection_cost=0, enforcement_cost=0, shadow_cost=lam, instruments=("purchase", "subsidy", "mandate"))
    assert out.laissez_faire_welfare <= out.welfare <= out.first_best_welfare
    # brute force over the purchase lines: the coordinator is at least as good as each
    for cd in out.candidates:
        assert cd.welfare <= out.welfare
