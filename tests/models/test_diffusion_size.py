"""Technology diffusion with many firms: bounded work (issue 11).

With n firms in n tiers every firm has 2^(n-1) attitude strategies, so the attitude game has
2^(n(n-1)) profiles (8 firms: 2^56) and there are n(n-1)/2 eligible flows. Each place where work
grows exponentially in n is refused up front with a DomainError naming the size and the way out;
the analyses that do not need the full game (laissez-faire by dominance) work for many firms.
"""

import itertools
import math
import time

import pytest
import sympy as sp

from gametheory.core.params import DomainError
from gametheory.models.diffusion import TechnologyDiffusion
from gametheory.models.diffusion.attitude import (MAX_CONTEXT_FLOWS, MAX_GAME_PROFILES, _Strategies,
                                                  laissez_faire)
from gametheory.models.diffusion.coordinator import candidates
from gametheory.models.diffusion.levels import MAX_LEVEL_FLOWS


def _model(n, **kw):
    # a = 100, b = 1, costs 1..n: every firm produces (100 > the n-firm Cournot price for n <= 20)
    return TechnologyDiffusion(100, 1, tuple(range(1, n + 1)), **kw)


def test_eight_firms_laissez_faire_by_dominance_is_fast():
    # Issue 11: 8 firms ran past 60 s. Without fee, subsidy or fine every source is averse and every
    # receiver seeks (module docstring theorem), so no flow is realised and the outcome is the
    # no-diffusion Cournot market: P = (100 + 36)/9 = 136/9, W = CS + PS with q_i = P - i.
    t = time.perf_counter()
    eq = _model(8).equilibrium()
    assert time.perf_counter() - t < 30                    # measured 0.4 s
    assert eq.flows == () and eq.method.startswith("weakly dominant attitudes")
    P = sp.Rational(136, 9)
    q = [P - i for i in range(1, 9)]
    assert eq.outcome.price == P
    assert eq.welfare == sum(q) ** 2 / 2 + sum(x ** 2 for x in q)
    assert eq.max_deviation_gain <= 0
    # Kuang & Zhang's pattern: averse toward every less advanced firm, preference toward every more advanced
    lab = _model(8).labels
    for f, g, x in eq.attitudes:
        assert x == ("A" if lab.index(f) < lab.index(g) else "P")
    assert eq.nash_equilibria == ()                       # 2^56 profiles: not listed


def test_twenty_firms_verified_by_single_attitude_deviations():
    # 20 firms: 2^19 strategies each; the certificate checks the 19 single-attitude deviations of each
    eq = _model(20).equilibrium()
    assert eq.flows == () and "single-attitude deviation" in eq.method
    assert eq.max_deviation_gain <= 0


def test_attitude_normal_form_guard_names_size_and_way_out():
    game = _model(8).attitude_game()
    assert game.n_profiles == 2 ** 56                      # 8 firms x 2^7 strategies each
    assert _model(10).attitude_game().n_profiles == 2 ** 90   # exact int (np.prod overflowed int64)
    with pytest.raises(DomainError, match=r"8 firms -> 2\^56 attitude profiles.*up to 65536.*laissez_faire"):
        game.game
    # 4 firms: 2^12 profiles <= 2^16, still built
    assert _model(4).attitude_game().n_profiles == 2 ** 12 <= MAX_GAME_PROFILES


def test_margins_guard_and_isolated_margin():
    game = _model(8).attitude_game()
    # firm 0 toward firm 1: 28 flows, 27 others -> 2^27 contexts > 2^16
    with pytest.raises(DomainError, match=r"27 other flows give 2\^27 contexts.*isolated_only=True"):
        game.margins(0, 1)
    role, ms, iso = game.margins(0, 1, isolated_only=True)
    # source 0 (cost 1) teaching firm 1 (cost 2 -> 1): its rival gets cheaper, its profit falls
    assert role == "source" and len(ms) == 1 and iso < 0


def test_lazy_strategies_match_itertools_product():
    for k in range(5):
        lazy = _Strategies(k)
        eager = tuple(itertools.product(("P", "A"), repeat=k))
        assert len(lazy) == len(eager) and tuple(lazy) == eager
        assert all(lazy[s] == eager[s] and lazy.index(eager[s]) == s for s in range(len(eager)))
    assert _Strategies(30)[2 ** 30 - 1] == ("A",) * 30     # never materialised
    # small games keep plain tuples (labels as before)
    g = TechnologyDiffusion(10, 1, (1, 2, 3)).attitude_game()
    assert g.strategy_labels[0] == ('M:P G:P', 'M:P G:A', 'M:A G:P', 'M:A G:A')


def test_symbolic_interior_conditions_guard():
    # symbolic costs, 7 firms: 21 eligible flows -> 2^21 patterns > 2^16
    cs = sp.symbols("c1:8", positive=True)
    m = TechnologyDiffusion(sp.Symbol("a", positive=True), 1, cs)
    assert len(m.eligible_flows) == 21 > MAX_CONTEXT_FLOWS
    with pytest.raises(DomainError, match=r"7 firms have 21 eligible flows, 2\^21 flow patterns.*Substitute numbers"):
        m.attitude_game().interior_conditions


def test_planner_guard_counts_vertices_up_front():
    # 5 firms, 4 receivers: rows = 2*4 box faces + 4*2^4 + 1*(2^4 - 2^0) exit hyperplanes = 87,
    # C(87, 4) = 2,225,895 > 200,000 -> refused before anything is built
    with pytest.raises(DomainError, match=r"5 firms with 4 receivers.*C\(87, 4\) = 2\.23e\+06.*fewer receivers"):
        _model(5).first_best()
    # fewer receivers make it feasible: beta = 0 for two followers leaves 2 receivers
    fb = _model(5, beta=(1, 1, 1, 0, 0)).first_best()
    assert fb.welfare >= _model(5, beta=(1, 1, 1, 0, 0)).outcome().welfare
    # 20 firms: refused at once (the 20*2^19 hyperplanes are never built)
    t = time.perf_counter()
    with pytest.raises(DomainError, match="20 firms with 19 receivers"):
        _model(20).first_best()
    assert time.perf_counter() - t < 5


def test_symbolic_planner_corner_guard():
    cs = sp.symbols("c1:13", positive=True)                 # 12 firms, 11 receivers: 2^11 corners
    m = TechnologyDiffusion(sp.Symbol("a", positive=True), 1, cs)
    with pytest.raises(DomainError, match=r"12 firms, 11 receivers -> 2\^11 corners.*at most 1024"):
        m.first_best()


def test_coordinator_guards():
    # coordinate() computes the first best first: 8 firms are refused in well under a second
    t = time.perf_counter()
    with pytest.raises(DomainError, match="arrangement vertices"):
        _model(8).coordinate(shadow_cost=0)
    assert time.perf_counter() - t < 5
    # purchase: n! flow patterns for n firms in n tiers; 7! = 5040 > 1024
    with pytest.raises(DomainError, match=r"7 firms: buying diffusion has 5040 flow patterns.*Leave 'purchase' out"):
        candidates(_model(7), instruments=("purchase",))
    # mandate: n 2^(n-1) hyperplanes; 10 * 512 = 5120 > 4096
    with pytest.raises(DomainError, match=r"10 firms: the mandate's entry/exit kinks lie on 10·2\^9 = 5120"):
        candidates(_model(10), instruments=("mandate",))


def test_levels_guard():
    # 5 firms in 5 tiers: 10 eligible flows -> 3^10 KKT regimes > 3^8
    assert math.comb(5, 2) == 10 > MAX_LEVEL_FLOWS
    with pytest.raises(DomainError, match=r"5 firms have 10 eligible flows.*3\^10 KKT regimes.*model.equilibrium\(\)"):
        _model(5).preference_levels(curvature=4)


def test_small_games_unchanged_with_policy():
    # with a subsidy the attitudes stop being dominant; small games still use the normal form (IEWDS)
    eq = laissez_faire(TechnologyDiffusion(10, 1, (1, 2, 3)), subsidy=5)
    assert eq.max_deviation_gain <= 0
