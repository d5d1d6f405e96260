"""Evolutionary versions of the three models: expected values by hand (stated per test)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from gametheory.core.params import DomainError
from gametheory.models.evolution import BrandInspection, CommonTechCofunding, DiffusionEvolution

# Market a=10, b=1, c=(2, 4), beta=1, by hand:
#   no flow: q = (10/3, 4/3), profits (100/9, 16/9), Q = 14/3, W0 = 98/9 + 116/9 = 214/9
#   flow:    q = (8/3, 8/3),  profits (64/9, 64/9),  Q = 16/3, W1 = 128/9 + 128/9 = 256/9
MARKET = dict(a=10, b=1, leader_cost=2, laggard_cost=4, beta=1)


def test_payoffs_are_generated_from_cournot():
    game = DiffusionEvolution(**MARKET, government=False).game()
    L, G = game.payoffs
    assert L[0, 0] == sp.Rational(64, 9) and L[1, 0] == sp.Rational(100, 9)
    assert G[0, 0] == sp.Rational(64, 9) and G[0, 1] == sp.Rational(16, 9)
    gov = DiffusionEvolution(**MARKET).game().payoffs[2]
    assert gov[0, 0, 1] == sp.Rational(256, 9) and gov[1, 1, 1] == sp.Rational(214, 9)


def test_voluntary_licensing_window():
    # Leader shares iff 64/9 + F > 100/9 (F > 4); laggard seeks iff 64/9 - F > 16/9 (F < 16/3).
    F = sp.Symbol("F", nonnegative=True)
    stable = DiffusionEvolution(**MARKET, fee=F, government=False).stable_outcomes()
    cond = stable[("share", "seek")]
    for value, expected in [(3, False), (sp.Rational(9, 2), True), (6, False)]:
        assert bool(cond.subs(F, value)) is expected


def test_coordination_is_stable_only_if_the_government_gains_from_it():
    # At (share, seek, coordinate): leader needs s + f > 100/9 - 64/9 = 4; the laggard always
    # seeks; the government needs R - C - 2*lambda*s > 0 (both firms are paid s, no fines).
    s, f, C, R, lam = sp.symbols("s f C R lambda", nonnegative=True)
    evo = DiffusionEvolution(**MARKET, subsidy=s, fine=f, coordination_cost=C, reward=R, shadow_cost=lam)
    cond = evo.stable_outcomes()[("share", "seek", "coordinate")]
    point = {s: 3, f: 2, C: 1, R: 5, lam: sp.Rational(1, 4)}          # 5 > 4; 5 - 1 - 1.5 > 0
    assert bool(cond.subs(point)) is True
    assert bool(cond.subs({**point, f: 0})) is False                   # 3 < 4: leader averts
    assert bool(cond.subs({**point, R: 0})) is False                   # government drifts away
    evo_num = DiffusionEvolution(**MARKET, subsidy=3, fine=2, coordination_cost=1, reward=5, shadow_cost=sp.Rational(1, 4))
    rep = evo_num.replicator()
    stable = [s.rest_point.support for s in rep.stability(vertices_only=True) if s.classification == "asymptotically stable"]
    assert ((0,), (0,), (0,)) in stable


def test_three_population_trajectories_reach_coordination_when_it_is_stable():
    evo = DiffusionEvolution(**MARKET, subsidy=3, fine=2, coordination_cost=1, reward=5, shadow_cost=sp.Rational(1, 4))
    rep = evo.replicator()
    # (share, seek, coordinate) is strict and here the government's coordinating is dominant
    # (R - C - lambda*(outlay) > 0 for every firm profile: 5 - 1 - 0.25*6 > 0), so from any
    # interior start the government converges to coordinate, then the leader (s + f = 5 > 4).
    sim = rep.simulate(np.full((50, 3), 0.5) + np.linspace(-0.4, 0.4, 50)[:, None], 80.0, max_step=0.05)
    assert np.allclose(sim.final[:, [0, 2, 4]], 1, atol=1e-4)


def test_brand_inspection_cycles_around_the_hand_centre():
    # n=5, theta=2, k=1, q = theta/k = 2: g = q^2/2 - theta q/n = 2 - 4/5 = 6/5, L = theta q = 4.
    # p F = 2 > g and p L = 2 > C = 1: no pure equilibrium; centre y* = g/(pF) = 3/5,
    # 1 - x* = C/(pL) = 1/2.
    model = BrandInspection(n=5, theta=2, k=1, inspection_probability=sp.Rational(1, 2), fine=4, supervision_cost=1)
    assert model.free_riding_gain == sp.Rational(6, 5)
    assert model.stable_outcomes() == {}
    assert model.cycle_centre() == (sp.Rational(1, 2), sp.Rational(3, 5))
    table = model.replicator().stability()
    interior = [s for s in table if s.rest_point.kind == "interior"]
    assert len(interior) == 1 and interior[0].classification == "centre"
    assert interior[0].rest_point.shares == ((sp.Rational(1, 2), sp.Rational(1, 2)), (sp.Rational(3, 5), sp.Rational(2, 5)))
    rep = model.replicator()
    sim = rep.simulate(np.array([[0.7, 0.4]]), np.linspace(0, 60, 3001))
    assert rep.classify_trajectories(sim, tol=5e-3).labels[0] == "cycle"


def test_full_traceability_removes_free_riding():
    # tau = 1: own gain theta q - k q^2/2 = 4 - 2 = 2 > 0 -> g = -2: maintain strictly dominant;
    # supervisor then prefers not to pay C = 1: ESS (maintain, not).
    model = BrandInspection(n=5, theta=2, k=1, inspection_probability=sp.Rational(1, 2), fine=4,
                            supervision_cost=1, traceability=1)
    assert model.free_riding_gain == -2
    assert model.stable_outcomes() == {("maintain", "not"): True}


def test_cofunding_selects_contribution_only_with_reward():
    # v B - (1 - m) g = 1 - 0.8 > 0 under co-funding, 1 - 2 < 0 without; government co-funds a
    # contributor iff R > lambda m g + A.
    common = dict(valuation=1, social_valuation=5, project_cost=2, benefit=1, matching_rate=sp.Rational(3, 5),
                  admin_cost=sp.Rational(1, 10))
    assert CommonTechCofunding(**common, reward=1).stable_outcomes() == {("contribute", "co-fund"): True}
    assert CommonTechCofunding(**common, reward=0).stable_outcomes() == {("free-ride", "not"): True}


@pytest.mark.parametrize(
    "factory",
    [
        lambda: DiffusionEvolution(10, 1, 4, 2),                          # leader must be cheaper
        lambda: DiffusionEvolution(10, 1, 2, 4, beta=2),
        lambda: DiffusionEvolution(10, 1, 2, 4, subsidy=-1),
        lambda: BrandInspection(n=0, theta=1, k=1, inspection_probability=0.5, fine=1, supervision_cost=1),
        lambda: BrandInspection(n=2.5, theta=1, k=1, inspection_probability=0.5, fine=1, supervision_cost=1),
        lambda: BrandInspection(n=3, theta=1, k=1, inspection_probability=1.5, fine=1, supervision_cost=1),
        lambda: CommonTechCofunding(valuation=2, social_valuation=1, project_cost=1, matching_rate=0.5),
        lambda: CommonTechCofunding(valuation=1, social_valuation=2, project_cost=1, matching_rate=-0.5),
    ],
)
def test_bad_parameters(factory):
    with pytest.raises(DomainError):
        factory()


def test_costly_openness_makes_leader_and_laggard_a_coordination_game():
    # Fee F = 9/2, kappa_L = kappa_G = 1/4 (paid when preferring diffusion), market as above:
    # (share, seek) strict: leader 64/9 + 9/2 - 1/4 > 100/9 (4.25 > 4); laggard
    # 64/9 - 9/2 - 1/4 > 16/9 (48/9 - 4.75 > 0). (avert, avert) strict: sharing or seeking alone
    # only costs 1/4. Two ESS; the interior rest point between them is a saddle.
    evo = DiffusionEvolution(**MARKET, fee=sp.Rational(9, 2), sharing_cost=sp.Rational(1, 4),
                             absorbing_cost=sp.Rational(1, 4), government=False)
    assert evo.stable_outcomes() == {("share", "seek"): True, ("avert", "avert"): True}
    interior = [s for s in evo.replicator().stability() if s.rest_point.kind == "interior"]
    assert len(interior) == 1 and interior[0].classification == "saddle"


def test_middle_tier_payoffs_by_hand():
    # a = 10, b = 1, costs (2, 3, 5), beta = 1. All share/seek: the laggard learns from the
    # leader (best source), the middle from the leader: costs (2, 2, 2), q = 8/4 = 2, profits 4.
    # Leader averts, middle shares with the laggard: costs (2, 3, 3), q = (5/2, 3/2, 3/2),
    # profits (25/4, 9/4, 9/4).
    evo = DiffusionEvolution(10, 1, 2, 5, beta=1, middle_cost=3)
    g = evo.game()
    assert g.shape == (2, 4, 2, 2) and g.players == ("leading", "middle", "lagging", "government")
    assert [g.payoffs[i][0, 0, 0, 1] for i in range(3)] == [4, 4, 4]
    assert [g.payoffs[i][1, 0, 0, 1] for i in range(3)] == [sp.Rational(25, 4), sp.Rational(9, 4), sp.Rational(9, 4)]
    # Kuang & Zhang's pattern (leader averse, middle seeks from the leader and averts the
    # laggard, laggard seeks) is a Nash equilibrium, weak: nothing diffuses, so no ESS.
    assert ("avert", "seek/avert", "seek", "laissez-faire") in [g.profile_labels(p) for p in g.pure_equilibria()]
    assert evo.stable_outcomes() == {}


def test_two_tier_game_is_the_middle_free_special_case():
    # Without middle_cost the game is the leader x laggard x government game (payoffs of §2).
    g = DiffusionEvolution(**MARKET, subsidy=3, fine=2, coordination_cost=1, reward=5).game()
    assert g.shape == (2, 2, 2) and g.payoffs[0][0, 0, 0] == sp.Rational(64, 9) + 3


def test_without_reward_the_government_stays_to_collect_fines():
    # R = 0, s = 0, f = 3.9, C = 1/2, lambda = 1/4: at (avert, seek, coordinate) the leader keeps
    # 100/9 - 3.9 > 64/9 (s + f < 4), the laggard seeks (16/9 > 16/9 - 3.9) and the government
    # gains lambda f - C = 0.475 > 0 from coordinating: the only ESS; simulated paths go there.
    evo = DiffusionEvolution(**MARKET, subsidy=0, fine=sp.Rational(39, 10), coordination_cost=sp.Rational(1, 2),
                             reward=0, shadow_cost=sp.Rational(1, 4))
    assert evo.stable_outcomes() == {("avert", "seek", "coordinate"): True}
    wb = evo.workbench()
    assert wb.ess() == {("avert", "seek", "coordinate"): True}
    sim = evo.replicator().simulate(wb.portrait_starts(4), 300.0, max_step=0.05)
    assert np.allclose(sim.final[:, [0, 2, 4]], [0, 1, 1], atol=1e-3)
    # Symbolically: without R coordination with diffusion is never an ESS, and the fine-collecting
    # outcome is one iff lambda (f - s) > C and 0 < s + f < 4.
    s, f, C, lam = sp.symbols("s f C lambda", nonnegative=True)
    sym = DiffusionEvolution(**MARKET, subsidy=s, fine=f, coordination_cost=C, shadow_cost=lam).workbench().ess()
    assert ("share", "seek", "coordinate") not in sym
    cond = sym[("avert", "seek", "coordinate")]
    for point, expected in [({s: 0, f: sp.Rational(39, 10), C: sp.Rational(1, 2), lam: sp.Rational(1, 4)}, True),
                            ({s: 3, f: 2, C: 1, lam: sp.Rational(1, 4)}, False),
                            ({s: 0, f: 5, C: sp.Rational(1, 2), lam: sp.Rational(1, 4)}, False)]:
        assert bool(cond.subs(point)) is expected


def test_committed_government_coordinates_for_welfare_without_reward():
    # s = 3, f = 2, C = 1, lambda = 1/4, R = 0. Committing to coordinate: s + f = 5 > 4, so
    # (share, seek) is the firms' ESS, and the government gets 256/9 - 2(3)/4 - 1 = 467/18;
    # laissez-faire: the leader averts, W = 214/9 < 467/18.
    c = DiffusionEvolution(**MARKET, subsidy=3, fine=2, coordination_cost=1, shadow_cost=sp.Rational(1, 4)).commitment()
    assert c.outcomes["coordinate"] == ((("share", "seek"), "ESS", sp.Rational(467, 18)),)
    assert {r[2] for r in c.outcomes["laissez-faire"]} == {sp.Rational(214, 9)}
    assert c.choice == "coordinate"
    # Too weak sanctions (s + f < 4): committing only costs C + lambda-weighted net outlay.
    weak = DiffusionEvolution(**MARKET, subsidy=1, fine=1, coordination_cost=1, shadow_cost=sp.Rational(1, 4))
    assert weak.commitment().choice == "laissez-faire"


def test_without_reward_strong_fines_make_leader_and_government_cycle():
    # R = 0, s = 0, f = 5, C = 1/2, lambda = 1/4. On the face y = 1 (laggards seek):
    # x' = x(1-x)(5z - 4), z' = z(1-z)(3/4 - 5x/4): matching pennies, centre at (3/5, 4/5).
    # No vertex is an ESS and a simulated path keeps cycling.
    evo = DiffusionEvolution(**MARKET, subsidy=0, fine=5, coordination_cost=sp.Rational(1, 2),
                             shadow_cost=sp.Rational(1, 4))
    assert evo.stable_outcomes() == {}
    rep = evo.replicator()
    tr = rep.simulate([[0.5, 0.5, 0.5]], np.linspace(0, 400, 4001), max_step=0.02)
    assert rep.classify_trajectories(tr).labels[0] == "cycle"
    assert tr.final[0, 2] > 0.999                   # laggards seek
