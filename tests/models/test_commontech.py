"""CommonTechnology (public-good form): closed forms, brute force, deviations, instruments.

Every expected value is derived by hand in the comment beside it, comes from the literature
(cited), or from an independent method (subset enumeration, grid search, the core solvers).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.params import DomainError
from gametheory.models.commontech import CommonTechnology

LOG = sp.log
SQRT = sp.sqrt
LOG1P = lambda x: sp.log(1 + x)  # noqa: E731  f'(0) = 1: corners possible
BENEFITS = {"log": LOG, "sqrt": SQRT, "log1p": LOG1P}
X = sp.Symbol("X", positive=True)


# ----------------------------------------------------------------------------------------------
# literature and hand closed forms
# ----------------------------------------------------------------------------------------------
def test_style_example_top_firm_pays_alone():
    # f = log: firm 1's FOC v_1/G = 1 => G = 3; firms 2, 3 have v_j/3 < 1 => g_j = 0.
    eq = CommonTechnology(valuations=(3, 2, 1)).equilibrium()
    assert eq.contributions == (3, 0, 0) and eq.level == 3
    assert eq.contributors == (0,) and eq.unique and eq.max_deviation_gain == 0


def test_samuelson_optimum_and_underprovision_ratio():
    # Samuelson (1954): sum v_i f'(G*) = 1. log: 6/G = 1 => G* = 6; sqrt: 6/(2 sqrt G) = 1 => G* = 9.
    assert CommonTechnology((3, 2, 1)).first_best().level == 6
    assert CommonTechnology((3, 2, 1), benefit=SQRT).first_best().level == 9
    # log: G^N/G* = v_max/V = 3/6; sqrt: G^N = (3/2)^2 = 9/4, ratio (v_max/V)^2 = 1/4.
    assert CommonTechnology((3, 2, 1)).underprovision_ratio() == sp.Rational(1, 2)
    assert CommonTechnology((3, 2, 1), benefit=SQRT).underprovision_ratio() == sp.Rational(1, 4)


def test_symbolic_valuations_give_the_olson_ratio():
    # log benefit: G^N = v_max, G* = V, so G^N/G* = v_1/(v_1+v_2+v_3) when v_1 is the largest.
    v1, v2, v3 = sp.symbols("v1 v2 v3", positive=True)
    eq = CommonTechnology((v1, v2, v3)).equilibrium()
    assert eq.level == v1
    assert eq.conditions == sp.And(v1 >= v2, v1 >= v3)          # the order is an assumption, stated
    assert sp.simplify(CommonTechnology((v1, v2, v3)).underprovision_ratio() - v1 / (v1 + v2 + v3)) == 0
    d = sp.Symbol("d", positive=True)                            # decidable order: no condition left
    eq = CommonTechnology((v2 + d, v2)).equilibrium()
    assert eq.level == v2 + d and eq.conditions == sp.true and eq.max_deviation_gain == 0


def test_corner_when_no_firm_values_the_technology_enough():
    # f = log(1+G): f'(0) = 1, so v f'(0) = v <= 1 means nobody contributes (Ĝ = 0).
    eq = CommonTechnology((sp.Rational(1, 2), sp.Rational(1, 5)), benefit=LOG1P).equilibrium()
    assert eq.level == 0 and eq.contributions == (0, 0) and eq.contributors == ()
    # (3, 2, 1): 3/(1+G) = 1 => G = 2; optimum 6/(1+G) = 1 => G = 5.
    ct = CommonTechnology((3, 2, 1), benefit=LOG1P)
    assert ct.equilibrium().level == 2 and ct.first_best().level == 5


def test_ties_report_the_whole_set_of_equilibria():
    # (2, 2, 1), log: G = 2 and any split g_1 + g_2 = 2 is an equilibrium; vertices (2,0,0), (0,2,0).
    eq = CommonTechnology((2, 2, 1)).equilibrium()
    assert eq.level == 2 and not eq.unique
    assert set(eq.vertices) == {(2, 0, 0), (0, 2, 0)}
    assert eq.contributions == (1, 1, 0)
    ct = CommonTechnology((2, 2, 1))
    for profile in eq.vertices + ((sp.Rational(1, 2), sp.Rational(3, 2), 0),):
        assert max(ct.deviation_gains(profile)) == 0


@pytest.mark.parametrize("name", sorted(BENEFITS))
@pytest.mark.parametrize("v", [1, sp.Rational(5, 2), 7])
def test_one_firm_nash_equals_optimum(name, v):
    # n = 1: v f'(G) = 1 is both the Nash and the Samuelson condition.
    ct = CommonTechnology((v,), benefit=BENEFITS[name])
    assert ct.equilibrium().level == ct.first_best().level


# ----------------------------------------------------------------------------------------------
# brute force over contributor sets
# ----------------------------------------------------------------------------------------------
def brute_force_equilibria(vals, f, g0):
    """Enumerate every contributor set S and keep those whose KKT system has a solution.

    For S nonempty every member needs v_i f'(G) = 1 (solved here with sympy from scratch), the
    members' total G - g0 must be >= 0 (a nonnegative split exists), and outsiders need
    v_j f'(G) <= 1. For S empty, G = g0 and everybody needs v_j f'(g0) <= 1.
    """
    fp = sp.diff(f(X), X)
    found = []
    n = len(vals)
    for k in range(n + 1):
        for S in itertools.combinations(range(n), k):
            if not S:
                if g0 == 0:
                    marg = [sp.limit(v * fp, X, 0, "+") for v in vals]
                else:
                    marg = [v * fp.subs(X, g0) for v in vals]
                if all(m <= 1 for m in marg):
                    found.append((S, sp.sympify(g0)))
                continue
            sols = [s for s in sp.solve(sp.Eq(vals[S[0]] * fp, 1), X) if s.is_positive]
            for G in sols:
                if any(sp.simplify(vals[i] * fp.subs(X, G) - 1) != 0 for i in S):
                    continue
                if G - g0 <= 0:      # members must buy a positive amount in total
                    continue
                if all(vals[j] * fp.subs(X, G) <= 1 for j in range(n) if j not in S):
                    found.append((S, G))
    return found


valuation_lists = st.lists(st.integers(1, 6), min_size=1, max_size=4)


@given(vals=valuation_lists, g0=st.sampled_from([0, 1, 2, 5]), name=st.sampled_from(sorted(BENEFITS)))
def test_contributor_sets_match_brute_force(vals, g0, name):
    f = BENEFITS[name]
    eq = CommonTechnology(tuple(vals), benefit=f, government=g0).equilibrium()
    found = brute_force_equilibria([sp.Integer(v) for v in vals], f, g0)
    levels = {G for _, G in found}
    assert levels == {eq.level}                                  # the level is unique (BBV Thm 2)
    supports = {S for S, _ in found}
    top = {i for i, v in enumerate(vals) if v == max(vals)}
    if eq.contributors:
        # valid sets: every nonempty subset of the top group
        assert supports == {S for k in range(1, len(top) + 1) for S in itertools.combinations(sorted(top), k)}
        assert set(eq.contributors) == top
    else:
        assert supports == {()}


@settings(max_examples=15)
@given(vals=valuation_lists, g0=st.sampled_from([0, 1, 3]), name=st.sampled_from(sorted(BENEFITS)))
def test_no_profitable_deviation_on_a_grid(vals, g0, name):
    # Independent of the solver's best-response formula: try 2001 contributions per firm.
    ct = CommonTechnology(tuple(vals), benefit=BENEFITS[name], government=g0)
    eq = ct.equilibrium()
    f = sp.lambdify(X, BENEFITS[name](X), "numpy")
    g = np.array([float(x) for x in eq.contributions])
    total = g0 + g.sum()
    grid = np.linspace(0, 3 * max(total, 1) + 5, 2001)
    for i, v in enumerate(vals):
        others = total - g[i]
        base = v * float(f(total)) - g[i] if total > 0 else -np.inf
        with np.errstate(divide="ignore"):
            dev = v * f(others + grid) - grid
        assert np.nanmax(dev) <= base + 1e-9


# ----------------------------------------------------------------------------------------------
# crowding out (STYLE.md property; Warr 1982, BBV 1986 §4)
# ----------------------------------------------------------------------------------------------
@given(vals=st.lists(st.fractions(2, 10), min_size=1, max_size=6), g0=st.fractions(0, 1))
def test_government_crowds_out_private_provision_one_for_one(vals, g0):
    eq = CommonTechnology(valuations=tuple(vals), government=g0).equilibrium()
    assert eq.level == max(vals) and sum(eq.contributions) == max(vals) - g0   # f = log


@given(g0=st.fractions(0, 12))
def test_crowding_out_is_complete_below_and_absent_above_the_nash_level(g0):
    # (3, 2, 1), log: private = max(0, 3 - g0), total = max(3, g0).
    ct = CommonTechnology((3, 2, 1))
    assert ct.private_response(g0) == max(Fraction(0), 3 - g0)
    assert ct.with_government(g0).equilibrium().level == max(Fraction(3), g0)


def test_symbolic_government_provision():
    g0 = sp.Symbol("g0", nonnegative=True)
    eq = CommonTechnology((3, 2, 1), government=g0).equilibrium()
    assert eq.contributions[0] == sp.Max(0, 3 - g0)
    assert eq.level.subs(g0, 1) == 3 and eq.level.subs(g0, 5) == 5


# ----------------------------------------------------------------------------------------------
# the coordinator: direct provision, matching subsidies
# ----------------------------------------------------------------------------------------------
def test_direct_provision_at_zero_shadow_cost_attains_the_first_best():
    p = CommonTechnology((3, 2, 1)).direct_provision(shadow_cost=0)
    # g0 = G* = 6 crowds out all private money; W = 6 log 6 - 6.
    assert p.policy == 6 and p.private_provision == 0
    assert p.welfare == p.first_best_welfare == 6 * sp.log(6) - 6 and p.gap_closed == 1


def test_direct_provision_is_all_or_nothing_with_the_hand_threshold():
    # (3, 2, 1), log. Full provision: G_λ = 6/(1+λ), W = 6 log(6/(1+λ)) - 6. Laissez-faire:
    # W = 6 log 3 - 3. Provide iff log(2/(1+λ)) > 1/2, i.e. λ < λ* = 2 e^{-1/2} - 1 ≈ 0.2131.
    lam_star = 2 * math.exp(-0.5) - 1
    ct = CommonTechnology((3, 2, 1))
    below = ct.direct_provision(shadow_cost=sp.Rational(1, 5))
    above = ct.direct_provision(shadow_cost=sp.Rational(1, 4))
    assert 0.2 < lam_star < 0.25
    assert below.policy == 5 and below.level == 5 and below.private_provision == 0   # 6/(6/5)
    assert above.policy == 0 and above.level == 3 and above.welfare == 6 * sp.log(3) - 3
    lam = sp.Symbol("lambda", positive=True)
    sym = ct.direct_provision(shadow_cost=lam)
    assert float(sym.policy.subs(lam, lam_star - 1e-6)) > 4.9
    assert sym.policy.subs(lam, lam_star + 1e-6) == 0


@pytest.mark.parametrize("lam", [sp.Rational(1, 10), sp.Rational(1, 5), sp.Rational(3, 10), 1])
def test_direct_provision_beats_every_grid_point(lam):
    # Brute force over g0 with the private response max(0, 3 - g0) written out here.
    ct = CommonTechnology((3, 2, 1))
    p = ct.direct_provision(shadow_cost=lam)
    lf = float(lam)
    g0 = np.linspace(0, 12, 24001)
    private = np.maximum(0, 3 - g0)
    W = 6 * np.log(g0 + private) - private - (1 + lf) * g0
    assert float(p.welfare) >= W.max() - 1e-9
    # all or nothing: the grid argmax is 0 or strictly above the Nash level 3
    x = g0[np.argmax(W)]
    assert x == 0 or x > 3


def test_direct_provision_agrees_with_the_core_coordinator():
    from gametheory.core.coordinator import Coordinator, Instrument

    g0, P = sp.symbols("g0 P", nonnegative=True)
    lam = sp.Rational(1, 10)
    gov = Coordinator([Instrument("g0", g0, bounds=(0, 20), budget=g0)],
                      response={P: sp.Max(0, 3 - g0)},
                      welfare_parts={"producer_surplus": 6 * sp.log(g0 + P) - P},
                      shadow_cost=lam)
    out = gov.solve()
    mine = CommonTechnology((3, 2, 1)).direct_provision(shadow_cost=lam)
    assert abs(float(out.welfare) - float(mine.welfare)) < 1e-9
    assert abs(float(out.policy["g0"]) - float(mine.policy)) < 1e-6      # 6/1.1


def test_matching_subsidy_closed_forms():
    lam = sp.Symbol("lambda", positive=True)
    ct = CommonTechnology((3, 2, 1))
    # λ = 0: s* = V/v_max - 1 = 1 implements G* = 6 (Andreoni & Bergstrom 1996, subsidies raise G).
    p0 = ct.matching_subsidy(shadow_cost=0)
    assert p0.policy == 1 and p0.level == 6 and p0.gap_closed == 1
    # log: W(m) = 6 log(3m) - 3m - 3λ(m - 1) => m* = 6/(3(1+λ)) = 2/(1+λ), s* = (1-λ)/(1+λ) for λ < 1.
    p = ct.matching_subsidy(shadow_cost=lam)
    for value in (sp.Rational(1, 4), sp.Rational(1, 2), sp.Rational(9, 10)):
        assert sp.simplify(p.policy.subs(lam, value) - (1 - value) / (1 + value)) == 0
    assert p.policy.subs(lam, 2) == 0
    # sqrt, λ = 1/4: G = 9m²/4, W = 9m - 9m²/4 - (9/16) m(m-1) => W' = 9 - 9m/2 - 9(2m-1)/16 = 0 => m = 17/10.
    q = CommonTechnology((3, 2, 1), benefit=SQRT).matching_subsidy(shadow_cost=sp.Rational(1, 4))
    assert q.policy == sp.Rational(7, 10) and q.level == sp.Rational(9, 4) * sp.Rational(17, 10) ** 2


@given(vals=st.lists(st.integers(1, 8), min_size=2, max_size=4), lam=st.fractions(0, 2),
       name=st.sampled_from(["log", "sqrt"]))
def test_matching_subsidy_weakly_dominates_direct_provision(vals, lam, name):
    # For any level G >= G^N the matching subsidy buys it with outlay (1 - 1/m) G < G.
    ct = CommonTechnology(tuple(vals), benefit=BENEFITS[name])
    m = ct.matching_subsidy(shadow_cost=lam)
    d = ct.direct_provision(shadow_cost=lam)
    assert float(m.welfare) >= float(d.welfare) - 1e-12
    assert float(m.welfare) >= float(m.laissez_faire_welfare) - 1e-12
    assert float(m.welfare) <= float(m.first_best_welfare) + 1e-12


@given(vals=st.lists(st.integers(1, 8), min_size=1, max_size=4), s1=st.fractions(0, 3), s2=st.fractions(0, 3))
def test_provision_increases_with_the_matching_rate(vals, s1, s2):
    # Andreoni & Bergstrom (1996): a higher subsidy rate raises equilibrium provision.
    ct = CommonTechnology(tuple(vals), benefit=SQRT)
    lo, hi = sorted((s1, s2))
    assert ct.matching_subsidy(rate=lo).level <= ct.matching_subsidy(rate=hi).level


def test_coordinate_picks_the_best_instrument_and_lists_alternatives():
    ct = CommonTechnology((3, 2, 1))
    co = ct.coordinate(shadow_cost=sp.Rational(1, 4))
    # matching: m = 2/(5/4) = 8/5, s = 3/5, G = 24/5; W = 6 log(24/5) - 24/5 - (1/4)(3/5)(3) (outlay = s v_max).
    from gametheory.core.coordinator import PolicyOutcome

    assert isinstance(co, PolicyOutcome)          # the core engine's result (issue 14)
    assert co.policy["instrument"] == "matching subsidy" and co.policy["matching_rate"] == sp.Rational(3, 5)
    assert co.response["level"] == sp.Rational(24, 5) and co.policy["public_provision"] == 0
    assert co.response["public_outlay"] == sp.Rational(9, 5)
    assert sp.simplify(co.welfare - (6 * sp.log(sp.Rational(24, 5)) - sp.Rational(24, 5) - sp.Rational(9, 20))) == 0
    assert set(ct.instrument_welfare(shadow_cost=sp.Rational(1, 4))) == {"laissez-faire", "direct provision",
                                                                         "matching subsidy"}
    assert any(n.startswith("instruments considered") for n in co.notes)
    assert any(n == "winner: matching subsidy" for n in co.notes)
    with pytest.raises(DomainError, match="unknown instrument"):
        ct.coordinate(instruments=("tax cut",))


# ----------------------------------------------------------------------------------------------
# Lindahl and the consortium
# ----------------------------------------------------------------------------------------------
@given(vals=st.lists(st.integers(1, 9), min_size=1, max_size=5), name=st.sampled_from(["log", "sqrt"]))
def test_lindahl_prices_make_every_firm_demand_the_optimum(vals, name):
    ct = CommonTechnology(tuple(vals), benefit=BENEFITS[name])
    assert sum(ct.lindahl_shares()) == 1
    assert set(ct.lindahl_demands()) == {ct.first_best().level}


def test_consortium_participation_by_hand():
    ct = CommonTechnology((3, 2, 1))
    c = ct.consortium()
    # G = 6 split 3:2:1. Firm 2: 2 log 6 - 2 ≈ 1.58 < 2 log 3 ≈ 2.20 (its Nash payoff): it declines.
    # Firm 1: 3 log 6 - 3 ≈ 2.38 > 3 log 3 - 3 ≈ 0.30. Surplus test: 6 log 6 - (3 log 3 - 3 + 3 log 3) ≈ 7.16 >= 6.
    assert c.level == 6 and c.cost_shares == (3, 2, 1)
    assert c.participation == (True, False, False) and c.stable is False and c.shares_exist is True
    # Free-riding option: firm 0 gets 3 log 3 ≈ 3.30 > 2.38 when firms 1,2 buy G = 3 alone.
    fr = ct.consortium(outside="free_ride")
    assert fr.outside_options[0] == 3 * sp.log(3) and fr.stable is False
    # A pair {0, 1} with equal shares: V_S = 5, G = 5, each pays 5/2; firm 2 outside free rides.
    pair = ct.consortium(members=(0, 1), shares="equal")
    assert pair.level == 5 and pair.cost_shares == (sp.Rational(5, 2), sp.Rational(5, 2), 0)
    assert pair.payoffs[2] == sp.log(5)


def test_small_symmetric_consortia_are_stable_only_against_collapse():
    # n >= 2 equal firms v = 1, log: member payoff log n - 1, best Nash payoff log 1 = 0 (another
    # firm buys G^N = 1) -> stable iff n >= e. n = 1: the consortium is the firm itself (trivially stable).
    for n in range(1, 6):
        c = CommonTechnology((1,) * n).consortium()
        assert c.stable == (n == 1 or n >= 3)


# ----------------------------------------------------------------------------------------------
# independent check with the core KKT solver
# ----------------------------------------------------------------------------------------------
def test_core_continuous_game_finds_the_same_equilibrium():
    from gametheory.core.continuous import ContinuousGame

    g = sp.symbols("g1:4")
    vals = (3, 2, 1)
    G = sp.Add(*g)
    game = ContinuousGame([v * sp.sqrt(G) - gi for v, gi in zip(vals, g)], list(g))
    eq = game.equilibrium()
    mine = CommonTechnology(vals, benefit=SQRT).equilibrium()
    assert mine.contributions == (sp.Rational(9, 4), 0, 0)         # 3/(2 sqrt G) = 1
    # the core may solve exactly or fall back to scipy: compare numerically
    assert np.allclose([float(eq.strategies[x]) for x in g], [2.25, 0, 0], atol=1e-7)


# ----------------------------------------------------------------------------------------------
# bad input
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("benefit, match", [
    (lambda x: x**2, "strictly concave"),
    (lambda x: x, "strictly concave"),
    (lambda x: -sp.log(x), "increasing"),
    (lambda x: x - x**2 / 100, "increasing"),
    (lambda x: x + sp.log(x), "unbounded"),
    ("log(G)", "not a string"),
    (42, "callable"),
])
def test_bad_benefits_are_rejected(benefit, match):
    with pytest.raises(DomainError, match=match):
        CommonTechnology((3, 2, 1), benefit=benefit).equilibrium()


@pytest.mark.parametrize("vals, g0", [((3, -1), 0), ((0, 1), 0), ((3, 2), -1), ((float("nan"),), 0)])
def test_bad_parameters_are_rejected(vals, g0):
    with pytest.raises(DomainError):
        CommonTechnology(vals, government=g0)


def test_benefit_with_parameters_keeps_its_conditions():
    a = sp.Symbol("a", positive=True)
    Gs = sp.Symbol("G")
    ct = CommonTechnology((3, 1), benefit=1 - sp.exp(-a * Gs))
    # 3 a e^{-aG} = 1 => G = log(3a)/a when 3a > 1, else 0.
    level = ct.equilibrium().level
    assert sp.simplify(level.subs(a, 1) - sp.log(3)) == 0 and level.subs(a, sp.Rational(1, 4)) == 0


def test_float_inputs_and_transcendental_benefits_go_numeric():
    # f = 1 - e^{-G}: Ĝ(v) = log v. Matching at λ = 1/10: e^{-G} = 1/(3m), W(m) = 6 - 2/m - log(3m)(1 + (1 - 1/m)/10),
    # maximised on [1, 2] by a grid here (independent of the package's bounded search).
    ct = CommonTechnology((3.0, 2.0, 1.0), benefit=lambda x: 1 - sp.exp(-x))
    p = ct.matching_subsidy(shadow_cost=0.1)
    m = np.linspace(1, 2, 200001)
    W = 6 - 2 / m - np.log(3 * m) * (1 + 0.1 * (1 - 1 / m))
    assert abs(float(p.policy) - (m[np.argmax(W)] - 1)) < 1e-4 and abs(float(p.welfare) - W.max()) < 1e-9
    co = CommonTechnology(np.array([3, 2, 1])).coordinate(shadow_cost=0.25)
    assert abs(float(co.policy["matching_rate"]) - 0.6) < 1e-12   # s = 2/(5/4) - 1
    with pytest.raises(DomainError, match="symbolic"):
        CommonTechnology((3, 2, 1)).coordinate(shadow_cost=sp.Symbol("l", positive=True))


def test_matching_subsidy_agrees_with_the_core_coordinator():
    # Independent solve: the core Coordinator with the response written out here. f = log, v = (3,2,1):
    # the top firm buys G = 3(1+s) and pays 3; the government pays 3s into the technology (not a transfer
    # to firms), so W = 6 log G - 3 - (1+λ) 3s; by hand s* = 2/(1+λ) - 1.
    from gametheory.core.coordinator import Coordinator, Instrument

    s, Gs, P = sp.symbols("s G P", nonnegative=True)
    ct = CommonTechnology((3, 2, 1))
    for lam in (sp.Rational(1, 10), sp.Rational(1, 4), sp.Rational(3, 5)):
        gov = Coordinator([Instrument("s", s, bounds=(0, 5), budget=3 * s)],
                          response={Gs: 3 * (1 + s), P: 3},
                          welfare_parts={"producer_surplus": 6 * sp.log(Gs) - P},
                          shadow_cost=lam)
        out = gov.solve()
        mine = ct.matching_subsidy(shadow_cost=lam)
        assert abs(float(out.policy["s"]) - float(mine.policy)) < 1e-9
        assert abs(float(out.welfare) - float(mine.welfare)) < 1e-9


@pytest.mark.parametrize("kwargs, match", [
    (dict(members=(0, 5)), "members must be firm indices"),
    (dict(members=()), "members must be firm indices"),
    (dict(outside="exit"), "outside must be"),
    (dict(shares="nash"), "shares must be 'lindahl'"),
    (dict(shares=(1, 1)), "one weight per member"),
])
def test_consortium_bad_arguments(kwargs, match):
    with pytest.raises(DomainError, match=match):
        CommonTechnology((3, 2, 1)).consortium(**kwargs)
