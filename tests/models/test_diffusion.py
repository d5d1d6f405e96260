"""Tests of gametheory.models.diffusion: model, attitude game, planner.

Running example (hand-derived, used throughout): a = 10, b = 1, costs (1, 2, 3), beta = 1.
Interior Cournot q_i = (a - 4 c_i + sum c)/4:
  no diffusion  (1, 2, 3): q = (3, 2, 1), Q = 6, CS = 18, profits (9, 4, 1), W = 32
  L->M          (1, 1, 3): q = (11/4, 11/4, 3/4), W = 625/32 + 251/16 = 1127/32
  L->G          (1, 2, 1): q = (5/2, 3/2, 5/2), W = 169/8 + 59/4 = 287/8
  M->G          (1, 2, 2): q = (11/4, 7/4, 7/4), W = (25/4)^2/2 + (121 + 49 + 49)/16 = 1063/32
  all learn L   (1, 1, 1): q = 9/4 each, W = (27/4)^2/2 + 3 (81/16) = 1215/32
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, strategies as st

from gametheory.core.params import DomainError
from gametheory.models.diffusion import TechnologyDiffusion, cournot_grid
from gametheory.models.market import Cournot

R = sp.Rational
KZ = (("L", "M", "A"), ("L", "G", "A"), ("M", "L", "P"), ("M", "G", "A"), ("G", "L", "P"), ("G", "M", "P"))


@pytest.fixture
def base():
    return TechnologyDiffusion(10, 1, (1, 2, 3))


# -- model -------------------------------------------------------------------------------------
def test_welfare_of_flow_patterns_matches_hand_values(base):
    assert base.outcome().welfare == 32
    assert base.outcome([(0, 1)]).welfare == R(1127, 32)
    assert base.outcome([(0, 2)]).welfare == R(287, 8)
    assert base.outcome([(1, 2)]).welfare == R(1063, 32)
    assert base.outcome([(0, 1), (0, 2)]).welfare == R(1215, 32)


def test_best_source_rule_and_absorptive_capacity():
    m = TechnologyDiffusion(10, 1, (1, 2, 3), beta=(1, R(1, 2), R(1, 4)))
    # G learns from L (best source) even when M also shares: c_G' = 3 - (3 - 1)/4 = 5/2
    assert m.costs_after([(0, 2), (1, 2)]) == (1, 2, R(5, 2))
    # M learns half the gap: 2 - (2 - 1)/2 = 3/2
    assert m.costs_after([(0, 1)]) == (1, R(3, 2), 3)
    th = m.theta_of([(0, 2), (1, 2)])
    assert th[0][2] == 1 and th[1][2] == 0


def test_diffusion_matrix_formula_general():
    # c_j' = c_j - beta_j sum_i theta_ij (c_j - c_i); G: 3 - 1/2 (1/2 (3-1) + 1/4 (3-2)) = 3 - 5/8
    m = TechnologyDiffusion(10, 1, (1, 2, 3), beta=R(1, 2))
    th = [[0, R(1, 3), R(1, 2)], [0, 0, R(1, 4)], [0, 0, 0]]
    assert m.post_diffusion_costs(th) == (1, 2 - R(1, 6), 3 - R(5, 8))


def test_several_firms_per_tier():
    m = TechnologyDiffusion(12, 1, (1, 1, 2, 3, 3))
    assert m.tiers == (0, 0, 1, 2, 2)
    assert m.tier_names == ("leading", "leading", "middle", "lagging", "lagging")
    # no flow inside a tier
    assert (0, 1) not in m.eligible_flows and (3, 4) not in m.eligible_flows
    assert len(m.eligible_flows) == 2 * 1 + 2 * 2 + 1 * 2


def test_outcome_matches_market_cournot(base):
    for flows in [(), ((0, 1),), ((0, 2), (1, 2))]:
        o = base.outcome(flows)
        eq = Cournot(10, 1, o.costs).equilibrium()
        assert o.quantities == eq.quantities and o.welfare == eq.welfare


def test_licence_fee_and_diffusion_cost_accounting():
    m = TechnologyDiffusion(10, 1, (1, 2, 3), licence_fee=R(1, 2), diffusion_cost=R(1, 4))
    o = m.outcome([(0, 1)])
    # L: 121/16 + 1/2 - 1/4; M: 121/16 - 1/2; fees cancel in W, diffusion cost counted once
    assert o.payoffs[0] == R(121, 16) + R(1, 4) and o.payoffs[1] == R(121, 16) - R(1, 2)
    assert o.welfare == R(1127, 32) - R(1, 4)


@pytest.mark.parametrize("kwargs, match", [
    (dict(a=10, b=1, costs=(2, 1, 3)), "non-decreasing"),
    (dict(a=10, b=1, costs=(-1, 2, 3)), "costs"),
    (dict(a=10, b=1, costs=(1, 2, 3), beta=R(3, 2)), "beta"),
    (dict(a=10, b=1, costs=(1, 2, 3), beta=(1, 1, -1)), "beta"),
    (dict(a=1, b=1, costs=(1, 2, 3)), "no firm can serve"),
    (dict(a=10, b=1, costs=(2, 2)), "no technology gap"),
    (dict(a=10, b=0, costs=(1, 2)), "b"),
    (dict(a=10, b=1, costs=(1, 2), intensity=0), "intensity"),
    (dict(a=10, b=1, costs=(1, 2), intensity=R(3, 2)), "intensity must lie in \\(0, 1\\]"),
    (dict(a=10, b=1, costs=(1, 2, 3), beta=(1, 1)), "beta has 2 entries for 3 firms"),
    (dict(a=10, b=1, costs=(1, 2), diffusion_cost=-1), "diffusion_cost must be >= 0"),
    (dict(a=10, b=1, costs=(1, 2), licence_fee=-1), "licence_fee must be >= 0"),
])
def test_bad_input_raises_domain_error(kwargs, match):
    with pytest.raises(DomainError, match=match):
        TechnologyDiffusion(**kwargs)


def test_bad_diffusion_matrix(base):
    with pytest.raises(DomainError, match="sums to"):
        base.post_diffusion_costs([[0, 0, R(2, 3)], [0, 0, R(1, 2)], [0, 0, 0]])
    with pytest.raises(DomainError, match="lower-cost"):
        base.post_diffusion_costs([[0, 0, 0], [R(1, 2), 0, 0], [0, 0, 0]])
    with pytest.raises(DomainError, match="\\[0, 1\\]"):
        base.post_diffusion_costs([[0, 2, 0], [0, 0, 0], [0, 0, 0]])
    with pytest.raises(DomainError, match="3x3"):
        base.post_diffusion_costs([[0, 1], [0, 0]])


def test_intensity_scales_a_realised_flow():
    # By hand, a=10, b=1, c=(1, 3), beta=1, intensity 1/2: theta_12 = 1/2, c2' = 3 - (1/2)(3 - 1) = 2;
    # Cournot at (1, 2): q_i = (10 - 2c_i + c_j)/3 = (10/3, 7/3), profits q_i^2 = (100/9, 49/9).
    m = TechnologyDiffusion(10, 1, (1, 3), intensity=R(1, 2))
    assert m.theta_of([(0, 1)]) == ((0, R(1, 2)), (0, 0))
    o = m.outcome([(0, 1)])
    assert o.costs == (1, 2)
    assert o.quantities == (R(10, 3), R(7, 3)) and o.profits == (R(100, 9), R(49, 9))


def test_error_paths_of_flows_and_policies():
    m = TechnologyDiffusion(10, 1, (1, 2, 3))
    # knowledge flows only from a lower-cost firm: laggard 2 -> leader 0 is not a flow
    with pytest.raises(DomainError, match="not from a lower-cost to a higher-cost firm"):
        m.outcome([(2, 0)])
    with pytest.raises(DomainError, match="not from a lower-cost to a higher-cost firm"):
        m.theta_of([(1, 0)])
    with pytest.raises(DomainError, match="unknown instrument 'bogus'"):
        TechnologyDiffusion(10, 1, (1, 3)).coordinate(instruments=("bogus",))
    from gametheory.models.diffusion.levels import optimal_subsidy
    with pytest.raises(DomainError, match="needs numeric parameters"):
        optimal_subsidy(TechnologyDiffusion(sp.Symbol("a", positive=True), 1, (1, 3)), curvature=4)
    # By hand, a=10, b=1, c=(1, 3), level x: c2' = 3 - 2x, P = (14 - 2x)/3, so the leader's profit
    # ((11 - 2x)/3)^2 has second derivative 8/9; minus k x^2/2 it is concave iff k > 8/9.
    with pytest.raises(DomainError, match="not concave in its levels"):
        optimal_subsidy(TechnologyDiffusion(10, 1, (1, 3)), curvature=R(1, 10))


def test_cournot_grid_matches_market_module():
    rng = np.random.default_rng(1)
    for _ in range(50):
        c = sorted(int(v) for v in rng.integers(0, 12, size=4))
        q, p = cournot_grid(10.0, 2.0, np.array(c, dtype=float))
        eq = Cournot(10, 2, c).equilibrium()
        assert np.allclose(q, [float(v) for v in eq.quantities]) and np.isclose(p, float(eq.price))


# -- attitude game -----------------------------------------------------------------------------
def test_kuang_zhang_pattern_is_the_iewds_outcome(base):
    eq = base.equilibrium()
    assert eq.attitudes == KZ
    assert eq.flows == () and eq.welfare == 32
    assert eq.max_deviation_gain == 0
    # Nash equilibria (by hand): sources must be averse (else the receiver would seek and the flow
    # would hurt the source); receivers' attitudes toward averse sources are free: 1 * 2 * 4 = 8
    assert len(eq.nash_equilibria) == 8 and eq.nash_flows == ((),)


def test_core_iewds_agrees_with_dominance_argument(base):
    g = base.attitude_game().game
    res = g.iterated_elimination(weak=True)
    assert res.remaining == (("M:A G:A",), ("L:P G:A",), ("L:P M:P",))
    for p in g.pure_equilibria():
        assert g.deviation_gain(p) <= 0


def test_dominance_margins_by_hand(base):
    steps = {(s.firm, s.toward): s for s in base.equilibrium().dominance}
    # L sharing with M alone: pi_L 9 -> (11/4)^2, margin -23/16; with G also taught by L: 25/4 -> 81/16
    lm = steps[("L", "M")]
    assert lm.role == "source" and lm.dominant == "A" and lm.isolated_margin == R(-23, 16)
    assert sorted(lm.margins) == sorted([R(-23, 16), R(-19, 16), R(-21, 16), R(-19, 16)])
    # M seeking L alone: pi_M 4 -> 121/16
    assert steps[("M", "L")].isolated_margin == R(57, 16) and steps[("M", "L")].dominant == "P"
    # G seeking L alone: pi_G 1 -> 25/4
    assert steps[("G", "L")].isolated_margin == R(21, 4)


def test_symbolic_attitude_game_agrees_with_numeric():
    a, b, c, g1, g2, beta = sp.symbols("a b c g_1 g_2 beta", positive=True)
    m = TechnologyDiffusion(a, b, (c, c + g1, c + g1 + g2), beta=beta)
    eq = m.equilibrium()
    assert eq.attitudes == KZ
    assert all(s.conditions == sp.true for s in eq.dominance)      # decided under interior Cournot
    assert eq.max_deviation_gain == 0
    vals = {a: 10, b: 1, c: 1, g1: 1, g2: 1, beta: 1}
    assert eq.welfare.subs(vals) == 32
    # isolated margin of L toward M = -beta g1 (2a - beta g1 - 2c + 4 g1 + 2 g2)/(16 b) (hand: q_L + q_L')
    lm = [s for s in eq.dominance if (s.firm, s.toward) == ("L", "M")][0]
    assert sp.simplify(lm.isolated_margin + beta * g1 * (2 * a - beta * g1 - 2 * c + 4 * g1 + 2 * g2) / (16 * b)) == 0
    assert lm.isolated_margin.subs(vals) == R(-23, 16)


@given(c=st.lists(st.integers(0, 6), min_size=3, max_size=4).map(sorted),
       beta=st.fractions(Fraction(1, 10), 1), extra=st.integers(1, 10))
def test_kuang_zhang_pattern_holds_for_random_markets(c, beta, extra):
    if len(set(c)) < 2:
        c = c[:-1] + [c[-1] + 1]
    m = TechnologyDiffusion(max(c) + extra, 1, tuple(c), beta=beta)
    eq = m.equilibrium()
    assert eq.flows == ()
    assert eq.max_deviation_gain <= 0
    t = m.tiers
    idx = {lab: k for k, lab in enumerate(m.labels)}
    for firm, toward, att in eq.attitudes:
        i, j = idx[firm], idx[toward]
        assert att == ("A" if t[i] < t[j] else "P")


def test_high_licence_fee_can_make_sharing_dominant():
    # L's loss from teaching M, by context (other flows): {} 23/16, {L->G} 19/16, {M->G} 21/16.
    # M's gain from learning from L: {} 57/16, {L->G} 81/16 - 36/16 = 45/16, {M->G} 100/16 - 49/16
    # = 51/16. A fee F = 2 lies between max loss 23/16 and min gain 45/16: both sides prefer L->M.
    m = TechnologyDiffusion(10, 1, (1, 2, 3), licence_fee=2)
    eq = m.equilibrium()
    steps = {(s.firm, s.toward): s for s in eq.dominance}
    assert steps[("L", "M")].dominant == "P" and steps[("M", "L")].dominant == "P"
    assert sorted(steps[("M", "L")].margins) == sorted(R(k, 16) - 2 for k in (57, 45, 51, 45))
    assert (0, 1) in eq.flows
    assert eq.max_deviation_gain <= 0


# -- planner, Lahiri-Ono -----------------------------------------------------------------------
def test_first_best_corner(base):
    fb = base.first_best()
    assert fb.costs == (1, 1, 1) and fb.welfare == R(1215, 32) and fb.corner


def test_lahiri_ono_style_example():
    # STYLE.md: a=10, b=1, c=(1, c2); dW/dc2 = (11 c2 - 47)/9; W(5) = 268/9 > W(9/2) = 2123/72
    m = TechnologyDiffusion(10, 1, (1, 5), beta=R(1, 8))
    lo = m.lahiri_ono()
    assert lo.threshold == R(1, 6) and lo.shares[1] == R(1, 14)
    assert lo.dwelfare[1] == R(8, 9) and lo.locally_harmful == (False, True)
    assert lo.full_diffusion[1] == R(2123, 72) - R(268, 9)
    fb = m.first_best()
    assert fb.receivers == () and fb.welfare == R(268, 9)     # the planner does NOT diffuse


def test_lahiri_ono_threshold_symbolically():
    # dW/dc_j = (Q - 2(n+1) q_j)/(n+1) for linear Cournot (hand derivation, planner docstring)
    a, b = sp.symbols("a b", positive=True)
    c = sp.symbols("c1:4", positive=True)
    eq = Cournot(a, b, c).equilibrium()
    W = eq.welfare
    Q = sp.Add(*eq.quantities)
    for j in range(3):
        assert sp.simplify(sp.diff(W, c[j]) - (Q - 8 * eq.quantities[j]) / 4) == 0
        # second derivative (2m(m+1) - 1)/(b(m+1)^2) = 23/(16 b)
        assert sp.simplify(sp.diff(W, c[j], 2) - R(23, 16) / b) == 0


def test_zhao_discrete_cut_formula():
    # W(c_j - D) - W(c_j) = -D (Q - 2(m+1) q_j)/(m+1) + D^2 (2m(m+1) - 1)/(2 b (m+1)^2), fixed active set
    m = TechnologyDiffusion(10, 1, (1, 5), beta=R(1, 8))
    D = R(1, 2)
    lo = m.lahiri_ono()
    pred = -D * lo.dwelfare[1] + D**2 * R(11, 9) / 2
    assert pred == lo.full_diffusion[1] == R(-21, 72)


@given(c2=st.fractions(Fraction(3, 2), Fraction(11, 2)), beta=st.fractions(Fraction(1, 20), 1))
def test_planner_never_below_grid_search(c2, beta):
    m = TechnologyDiffusion(10, 1, (1, c2), beta=beta)
    fb = m.first_best()
    lo = float(c2) - float(beta) * (float(c2) - 1)
    grid = np.linspace(lo, float(c2), 401)
    C = np.stack([np.ones_like(grid), grid], axis=-1)
    q, p = cournot_grid(10.0, 1.0, C)                       # independent vectorised Cournot
    w = q.sum(-1) ** 2 / 2 + (q ** 2).sum(-1)
    assert float(fb.welfare) >= w.max() - 1e-9


def test_planner_three_firms_against_grid():
    m = TechnologyDiffusion(10, 1, (1, 4, 5), beta=R(1, 2))
    fb = m.first_best()
    best = -np.inf
    for x in np.linspace(2.5, 4, 61):
        for y in np.linspace(3, 5, 81):
            q, p = cournot_grid(10.0, 1.0, np.array([1.0, x, y]))
            best = max(best, q.sum() ** 2 / 2 + (q ** 2).sum())
    assert float(fb.welfare) >= best - 1e-9
    assert float(fb.welfare) <= best + 1e-2


def test_interior_kink_optimum_when_a_firm_exits():
    # Hand construction: a=10, c_L=1, c_G=67/13 (G cannot learn: beta_G=0). G's Cournot quantity
    # is 0 exactly when c_M = t = 58/13 (duopoly price (10 + 1 + 58/13)/3 = 67/13). At t the
    # duopoly share of M is q_M/Q = (11 - 2t)/(19 - t) = 1/7, between 1/8 and 1/6, so
    # dW/dc_M = (Q - 8 q_M)/4 < 0 just right of t (three firms) and (Q - 6 q_M)/3 > 0 just left
    # of t (duopoly): a concave kink and a local maximum. With c_M = 9/2 and beta_M = 1/20 the box
    # [9/2 - 7/40, 9/2] contains t and the kink beats both corners: the planner stops diffusion
    # exactly where G is driven out.
    m = TechnologyDiffusion(10, 1, (1, R(9, 2), R(67, 13)), beta=(1, R(1, 20), 0))
    fb = m.first_best()
    assert not fb.corner and fb.costs == (1, R(58, 13), R(67, 13))
    t = R(58, 13)
    assert (11 - 2 * t) / (19 - t) == R(1, 7)
    w_kink = Cournot(10, 1, (1, t, R(67, 13))).equilibrium().welfare
    assert fb.welfare == w_kink
    for cm in (R(9, 2), R(9, 2) - R(7, 40)):
        assert w_kink > Cournot(10, 1, (1, cm, R(67, 13))).equilibrium().welfare
    grid = np.linspace(4.325, 4.5, 1001)
    C = np.stack([np.ones_like(grid), grid, np.full_like(grid, 67 / 13)], axis=-1)
    q, _ = cournot_grid(10.0, 1.0, C)
    assert float(w_kink) >= (q.sum(-1) ** 2 / 2 + (q ** 2).sum(-1)).max() - 1e-12


def test_symbolic_nash_equilibria_are_the_eight_numeric_ones():
    a, b, c, g1, g2, beta = sp.symbols("a b c g_1 g_2 beta", positive=True)
    sym = TechnologyDiffusion(a, b, (c, c + g1, c + g1 + g2), beta=beta).attitude_game().nash_conditions()
    num = TechnologyDiffusion(10, 1, (1, 2, 3)).equilibrium().nash_equilibria
    assert set(sym) == set(num) and all(v is sp.true for v in sym.values())


def test_symbolic_market_rejects_a_provably_inactive_firm():
    # By hand, a = c + 1, costs (c, c + 5): the interior duopoly quantity of firm 2 is
    # (a - 2(c + 5) + c)/3 = -3 < 0 for every c, so the symbolic (all-active) formulas cannot apply.
    c = sp.Symbol("c", positive=True)
    with pytest.raises(DomainError, match="firm 1 would not produce"):
        TechnologyDiffusion(c + 1, 1, (c, c + 5)).outcome()
