"""The BBV wealth form and the Cournot form of common-technology provision.

Expected values: hand derivations (in comments), BBV (1986) / Warr (1983) theorems, subset
enumeration, grid deviations and the market block (gametheory.models.market.Cournot).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.params import DomainError
from gametheory.models.commontech import CournotCommonTechnology, WealthProvision
from gametheory.models.market import Cournot

HALF = sp.Rational(1, 2)


# ================================================================================================
# BBV form
# ================================================================================================
def bbv_brute_force(wealth, alpha, g0=0):
    """All contributor sets C whose KKT conditions hold (G = (g0 + W_C)/(1 + K_C) rederived here)."""
    n = len(wealth)
    k = [(1 - a) / a for a in alpha]
    found = []
    for size in range(n + 1):
        for C in itertools.combinations(range(n), size):
            G = (sp.Integer(g0) + sum(wealth[i] for i in C)) / (1 + sum(k[i] for i in C))
            if G <= 0:
                continue
            inside = all(wealth[i] - k[i] * G >= 0 for i in C)
            outside = all(wealth[j] <= k[j] * G for j in range(n) if j not in C)
            if inside and outside:
                found.append((C, G))
    return found


def test_bbv_hand_example():
    # alpha = 1/2 (k = 1), wealth (10, 2): both giving would need G = 12/3 = 4 > w_2 = 2, so only
    # firm 1 gives: G = 10/2 = 5, g = (5, 0), x = (5, 2).
    eq = WealthProvision((10, 2)).equilibrium()
    assert eq.level == 5 and eq.contributions == (5, 0) and eq.consumption == (5, 2)
    assert eq.contributors == (0,) and eq.max_deviation_gain == 0


@given(wealth=st.lists(st.integers(0, 12), min_size=1, max_size=4).filter(lambda w: sum(w) > 0),
       alpha=st.sampled_from([HALF, sp.Rational(1, 3), sp.Rational(3, 4)]), g0=st.sampled_from([0, 1, 4]))
def test_bbv_contributor_set_is_unique_and_matches_brute_force(wealth, alpha, g0):
    # BBV (1986) Theorem 2: a unique Nash equilibrium.
    w = [sp.Integer(x) for x in wealth]
    found = bbv_brute_force(w, [alpha] * len(w), g0)
    levels = {G for _, G in found}
    eq = WealthProvision(tuple(w), alpha=alpha, government=g0).equilibrium()
    assert levels == {eq.level}
    assert eq.max_deviation_gain <= 0


def test_bbv_heterogeneous_preferences_brute_force():
    alpha = (HALF, sp.Rational(1, 3), sp.Rational(1, 4))      # k = (1, 2, 3)
    for wealth in [(10, 2, 1), (4, 6, 9), (1, 1, 1), (0, 5, 20)]:
        found = bbv_brute_force([sp.Integer(x) for x in wealth], alpha)
        eq = WealthProvision(wealth, alpha=alpha).equilibrium()
        assert {G for _, G in found} == {eq.level}    # a firm exactly at its margin may be listed in and out


@settings(max_examples=25)
@given(w1=st.integers(4, 20), w2=st.integers(4, 20), t=st.fractions(-1, 1))
def test_warr_neutrality_among_contributors(w1, w2, t):
    # Warr (1983); BBV (1986) Theorem 3. alpha = 1/2, both contribute when |w1 - w2| < (w1 + w2)/3
    # (g_i = w_i - G > 0 with G = (w1+w2)/3). Transfers smaller than each contribution keep the set.
    e = WealthProvision((w1, w2))
    eq = e.equilibrium()
    if eq.contributors != (0, 1):
        return
    small = t * min(eq.contributions)
    after = e.redistribute((-small, small)).equilibrium()
    assert after.level == eq.level == sp.Rational(w1 + w2, 3)
    assert after.consumption == eq.consumption                   # nobody's consumption changes
    assert after.utilities == eq.utilities


def test_neutrality_fails_when_a_transfer_exceeds_the_contribution():
    # (6, 4): G = 10/3, g = (8/3, 2/3). Taking 1 > 2/3 from firm 2 to firm 1: wealth (7, 3);
    # both giving would need G = 10/3 > 3, so firm 2 drops out and G = 7/2 (BBV: not neutral).
    e = WealthProvision((6, 4))
    after = e.redistribute((1, -1)).equilibrium()
    assert after.contributors == (0,) and after.level == sp.Rational(7, 2)


def test_partial_and_full_crowding_out():
    e = WealthProvision((6, 4))                     # G = 10/3 with C = {1, 2}, K_C = 2
    # exogenous g0 = 1 (or financed by non-contributors): G = (1 + 10)/3 = 11/3, a rise of 1/3:
    # private provision falls by 2/3 per unit — partial crowding out K_C/(1+K_C) = 2/3.
    assert e.with_government(1).equilibrium().level == sp.Rational(11, 3)
    assert e.equilibrium().crowding_out == sp.Rational(2, 3)
    # financed by lump-sum taxes on contributors below their gifts: full crowding out (Warr 1982).
    taxed = e.tax_financed((sp.Rational(1, 2), sp.Rational(1, 2))).equilibrium()
    assert taxed.level == sp.Rational(10, 3)
    assert taxed.private_provision if hasattr(taxed, "private_provision") else True
    assert sum(taxed.contributions) == sp.Rational(10, 3) - 1


def test_redistribution_from_a_contributor_to_a_non_contributor_lowers_provision():
    # (10, 2): G = 5. Moving 1 to firm 2: wealth (9, 3), firm 2 still out (3 <= 9/2), G = 9/2 < 5.
    e = WealthProvision((10, 2))
    assert e.redistribute((-1, 1)).equilibrium().level == sp.Rational(9, 2)
    # Equalising fully, (6, 6): both give, G = 12/3 = 4 < 5 (BBV: equalising lowers provision).
    assert e.redistribute((-4, 4)).equilibrium().level == 4


def test_bbv_symbolic_with_an_imposed_contributor_set():
    w1, w2 = sp.symbols("w1 w2", positive=True)
    eq = WealthProvision((w1, w2)).equilibrium(contributors=(0, 1))
    assert sp.simplify(eq.level - (w1 + w2) / 3) == 0            # G = W_C/(1 + K_C), K_C = 2
    assert eq.conditions == sp.And(w1 >= (w1 + w2) / 3, w2 >= (w1 + w2) / 3)
    with pytest.raises(DomainError, match="not the contributor set"):
        WealthProvision((10, 2)).equilibrium(contributors=(0, 1))


def test_bbv_no_profitable_deviation_on_a_grid():
    e = WealthProvision((7, 5, 1), alpha=(HALF, sp.Rational(2, 5), sp.Rational(3, 5)))
    eq = e.equilibrium()
    g = np.array([float(x) for x in eq.contributions])
    total = g.sum()
    for i, (w, a) in enumerate(zip((7, 5, 1), (0.5, 0.4, 0.6))):
        others = total - g[i]
        grid = np.linspace(0, w, 5001)
        u = (w - grid) ** (1 - a) * (others + grid) ** a
        now = (w - g[i]) ** (1 - a) * total**a
        assert u.max() <= now + 1e-9


@pytest.mark.parametrize("kwargs", [
    dict(wealth=(3, -1)), dict(wealth=(3, 1), alpha=0), dict(wealth=(3, 1), alpha=1),
    dict(wealth=(3, 1), alpha=(HALF,)), dict(wealth=(3, 1), government=-1),
])
def test_bbv_bad_input(kwargs):
    with pytest.raises(DomainError):
        WealthProvision(**kwargs)


def test_bbv_bad_transfers():
    e = WealthProvision((3, 1))
    with pytest.raises(DomainError, match="sum to zero"):
        e.redistribute((1, 1))
    with pytest.raises(DomainError):
        e.redistribute((-4, 4))              # wealth would be negative
    with pytest.raises(DomainError, match="zero"):
        WealthProvision((0, 0)).equilibrium()


# ================================================================================================
# Cournot form
# ================================================================================================
def test_endogenous_valuation_is_two_q_over_n_plus_one():
    # By hand: q_i = (a - (n+1)(c_i - r) + sum_j (c_j - r))/(b(n+1)) = (... + r)/(b(n+1)), so
    # dπ_i/dr = d(b q_i²)/dr = 2 b q_i / (b(n+1)) = 2 q_i/(n+1). Checked on the market block.
    a, b, r = sp.symbols("a b r", positive=True)
    c = sp.symbols("c1:4", positive=True)
    eq = Cournot(a, b, tuple(ci - r for ci in c)).equilibrium()
    for qi, pi in zip(eq.quantities, eq.profits):
        assert sp.simplify(sp.diff(pi, r) - 2 * qi / 4) == 0
    # consumers: dCS/dr = n Q/(n+1); the planner weighs (n+2) Q/(n+1).
    Q = sp.Add(*eq.quantities)
    assert sp.simplify(sp.diff(eq.consumer_surplus, r) - 3 * Q / 4) == 0


def test_cournot_form_hand_example():
    # a=10, b=1, c=(2, 3), r = sqrt(G). A_1 = 10 - 3*2 + 5 = 9; firm 1: 2 q_1 r'/3 = 1 with
    # q_1 = (9 + sqrt G)/3, r' = 1/(2 sqrt G) => 9 + sqrt G = 9 sqrt G => sqrt G = 9/8, G = 81/64.
    m = CournotCommonTechnology(10, 1, (2, 3))
    eq = m.equilibrium()
    assert eq.level == sp.Rational(81, 64) and eq.contributions == (sp.Rational(81, 64), 0)
    assert eq.quantities == (sp.Rational(27, 8), sp.Rational(19, 8))    # (9 + 9/8)/3, (10 - 9 + 2 + 9/8)/3
    assert eq.marginal_valuations == (1, sp.Rational(19, 27))           # firm 2's is q_2/q_1 < 1
    assert abs(eq.max_deviation_gain) < 1e-9 and eq.violations == ()
    # consortium: 2Q r'/3 = 1, Q = (15 + 2 sqrt G)/3 => 15 + 2x = 9x/... : sqrt G = 15/7, G = 225/49
    assert m.consortium().level == sp.Rational(225, 49)


def test_cournot_form_levels_ordered_and_valid():
    # a=20, b=1, c=(6, 8), r = sqrt(G)/2. A_1 = 20 - 18 + 14 = 16, S = 2*20 - 14 = 26.
    # Nash: sqrt G = ρA_1/(9 - ρ²) = 8/(35/4) = 32/35. Consortium: ρS/(9 - 2ρ²) = 13/(17/2) = 26/17.
    # Planner: 4ρS/(18 - 8ρ²) = 52/16 = 13/4.
    m = CournotCommonTechnology(20, 1, (6, 8), efficiency=HALF)
    eq, co, fb = m.equilibrium(), m.consortium(), m.first_best()
    assert eq.level == sp.Rational(32, 35) ** 2
    assert co.level == sp.Rational(26, 17) ** 2
    assert fb.level == sp.Rational(13, 4) ** 2
    assert eq.level < co.level < fb.level                      # even a consortium under-provides
    assert all(x.conditions == sp.true for x in (eq, co, fb))
    assert fb.welfare > co.welfare > eq.welfare


def test_cournot_form_symbolic_closed_form():
    # symmetric duopoly: A_1 = a - 3c + 2c = a - c, sqrt G^N = ρ(a - c)/(9b - ρ²).
    a, b, c, rho = sp.symbols("a b c rho", positive=True)
    m = CournotCommonTechnology(a, b, (c, c), efficiency=rho)
    assert sp.simplify(m.equilibrium().level - rho**2 * (a - c) ** 2 / (9 * b - rho**2) ** 2) == 0
    # planner: sqrt G = 4ρ S/(18 b - 8ρ²) with S = 2(a - c)
    assert sp.simplify(m.first_best().level - (8 * rho * (a - c) / (18 * b - 8 * rho**2)) ** 2) == 0


@pytest.mark.parametrize("costs", [(6, 7, 8), (5, 8, 9, 9), (7, 6)])
def test_olson_largest_firm_contributes_alone_brute_force(costs):
    # Enumerate singletons and pairs as contributor sets: solve firm i's condition 2 q_i r'/(m+1) = 1
    # numerically from the market block and check everybody's KKT conditions.
    m = CournotCommonTechnology(30, 1, costs, efficiency=HALF)
    eq = m.equilibrium()
    lowest = int(np.argmin(costs))
    assert [i for i, g in enumerate(eq.contributions) if g > 0] == [lowest]

    def marginal(level, i, h=1e-6):
        pi = lambda x: float(Cournot(30, 1, tuple(c - 0.5 * np.sqrt(x) for c in costs)).equilibrium().profits[i])
        return (pi(level + h) - pi(level - h)) / (2 * h)

    from scipy.optimize import brentq

    valid = []
    for i in range(len(costs)):
        Gi = brentq(lambda x: marginal(x, i) - 1, 1e-3, 99)   # r = sqrt(99)/2 < min cost 5
        if all(marginal(Gi, j) <= 1 + 1e-6 for j in range(len(costs))):
            valid.append((i, Gi))
    # two contributors would need equal marginal valuations at one G: only when costs tie
    assert [i for i, _ in valid] == [lowest]
    assert abs(valid[0][1] - float(eq.level)) < 1e-5


def test_one_firm_nash_equals_consortium_but_not_the_planner():
    # monopoly a=10, b=1, c=4, r = x/2 with x = sqrt(G): q = (6 + x/2)/2, r' = 1/(4x).
    # Nash (= consortium): dπ/dG = 2 q r'/2 = (6 + x/2)/(8x) = 1 => 6 + x/2 = 8x => x = 4/5.
    # Planner: (3/2) q r' = 1 => 3(6 + x/2) = 16x => x = 18/(29/2) = 36/29.
    m = CournotCommonTechnology(10, 1, (4,), efficiency=HALF)
    assert m.equilibrium().level == m.consortium().level == sp.Rational(16, 25)
    assert m.first_best().level == sp.Rational(36, 29) ** 2


def test_matching_rate_implements_the_planner_level():
    m = CournotCommonTechnology(20, 1, (6, 8), efficiency=HALF)
    # s° = 1/v_1(G°) - 1; at G° = 169/16, q_1 = 47/8, r' = 1/(4 * 13/4) = 1/13, v_1 = 2 q_1 r'/3 = 47/156.
    assert m.implementing_matching_rate() == sp.Rational(156, 47) - 1
    co = m.coordinate(shadow_cost=0)
    # at λ = 0 both instruments reach G° (direct provision of G° too): welfare = first best
    assert abs(float(co.response["level"]) - 169 / 16) < 1e-6 and abs(float(co.gap_closed) - 1) < 1e-9
    assert abs(float(co.alternatives["matching subsidy"]) - float(co.first_best_welfare)) < 1e-9


def test_cournot_coordinator_with_shadow_cost_beats_a_grid():
    m = CournotCommonTechnology(20, 1, (6, 8), efficiency=HALF)
    lam = 0.3
    co = m.coordinate(shadow_cost=lam)
    # grid over direct provision g0 (response max(0, G^N - g0)) using the market block
    gN = float(m.equilibrium().level)

    def welfare(level, private, outlay):
        eq = Cournot(20, 1, tuple(c - 0.5 * np.sqrt(level) for c in (6, 8))).equilibrium()
        return float(eq.welfare) - private - (1 + lam) * outlay

    best_direct = max(welfare(max(g, gN), max(0, gN - g), g) for g in np.linspace(0, 15, 301))
    assert float(co.alternatives["direct provision"]) >= best_direct - 1e-6
    assert float(co.welfare) >= float(co.laissez_faire_welfare) - 1e-12
    assert float(co.welfare) <= float(co.first_best_welfare) + 1e-9


def test_negative_costs_are_flagged():
    # a=10, b=1, c=(2, 9): firm 2 is out, the monopolist buys sqrt G = 8/3 (q r' = 1 with
    # q = (8 + x)/2, r' = 1/(2x)), so r = 8/3 > c_1 = 2: costs would be negative -> invalid.
    eq = CournotCommonTechnology(10, 1, (2, 9)).equilibrium()
    assert eq.level == sp.Rational(64, 9)
    assert eq.conditions == sp.false and "negative" in eq.violations[0]
    # the planner of the first example also overshoots (r = 6 > 2)
    assert CournotCommonTechnology(10, 1, (2, 3)).first_best().conditions == sp.false


def test_second_order_condition_flag():
    # r = ρ log(1+G): d²π_1/dG² ∝ ρ² - (A_1 + r) ρ < 0 needs ρ < A_1 + ρ log(1+G). With a large ρ
    # relative to A_1 the condition fails (or the cost cap does): the result says it is invalid.
    m = CournotCommonTechnology(10, 1, (9, 9), reduction=lambda x: sp.log(1 + x), efficiency=8)
    eq = m.equilibrium()
    assert eq.conditions == sp.false and eq.violations


@pytest.mark.parametrize("kwargs, match", [
    (dict(a=10, b=1, costs=(2, 3), reduction=lambda x: x**2), "concave"),
    (dict(a=10, b=1, costs=(2, 3), reduction=lambda x: 1 + sp.sqrt(x)), "h\\(0\\) = 0"),
    (dict(a=10, b=1, costs=(2, -3)), ">= 0"),
    (dict(a=10, b=1, costs=(2, 3), efficiency=-1), "> 0"),
    (dict(a=1, b=1, costs=(2, 3)), "intercept"),
])
def test_cournot_form_bad_input(kwargs, match):
    with pytest.raises(DomainError, match=match):
        CournotCommonTechnology(**kwargs)


@settings(max_examples=8)
@given(costs=st.lists(st.integers(4, 9), min_size=1, max_size=3))
def test_cournot_form_random_costs_lowest_cost_pays_and_no_deviation(costs):
    # Olson: at every G the lowest-cost firm has the largest q_i, hence the largest 2 q_i r'/(m+1);
    # the numeric deviation check re-solves the market for each firm's alternative contribution.
    m = CournotCommonTechnology(30, 1, tuple(costs), efficiency=HALF)
    eq = m.equilibrium()
    payers = {i for i, g in enumerate(eq.contributions) if g > 0}
    assert payers == {i for i, c in enumerate(costs) if c == min(costs)}
    assert eq.conditions == sp.true and abs(eq.max_deviation_gain) < 1e-7
    assert max(eq.marginal_valuations) == 1 or len(payers) > 1 and sum(eq.marginal_valuations) > 1


@given(w=st.lists(st.integers(1, 20), min_size=2, max_size=4), t=st.fractions(0, 1))
def test_transfer_from_a_contributor_to_a_non_contributor_never_raises_provision(w, t):
    # BBV (1986): G = (g0 + W_C)/(1 + K_C) falls with W_C while the set is unchanged; if the set
    # changes, the equilibrium is still unique and (Cobb-Douglas) provision cannot rise.
    e = WealthProvision(tuple(w))
    eq = e.equilibrium()
    C = eq.contributors
    outs = [j for j in range(len(w)) if j not in C]
    if not outs:
        return
    giver, taker = C[0], outs[0]
    amount = t * eq.contributions[giver]
    transfers = [0] * len(w)
    transfers[giver], transfers[taker] = -amount, amount
    assert e.redistribute(tuple(transfers)).equilibrium().level <= eq.level


def test_cournot_form_crowding_out_and_levels():
    # Below the Nash level public provision displaces firm 1's one for one: g_1 = 1024/1225 - 1/2.
    base = CournotCommonTechnology(20, 1, (6, 8), efficiency=HALF)
    eq = dataclasses_replace(base, government=HALF).equilibrium()
    assert eq.level == sp.Rational(1024, 1225) and eq.contributions == (sp.Rational(1024, 1225) - HALF, 0)
    above = dataclasses_replace(base, government=2).equilibrium()
    assert above.level == 2 and above.contributions == (0, 0)
    # levels() (closed forms only) agree with the full results
    lv = base.levels()
    assert lv["nash"][0] == base.equilibrium().level and lv["planner"][0] == base.first_best().level
    assert lv["consortium"] == (base.consortium().level, sp.true)


def dataclasses_replace(obj, **kw):
    import dataclasses

    return dataclasses.replace(obj, **kw)


def test_bbv_policy_vectors_need_one_entry_per_firm():
    e = WealthProvision((6, 4))
    with pytest.raises(DomainError, match="transfers needs one entry per firm"):
        e.redistribute((1, 0, -1))
    with pytest.raises(DomainError, match="taxes needs one entry per firm"):
        e.tax_financed((1,))


def test_cournot_form_market_and_coordinate_error_paths():
    m = CournotCommonTechnology(10, 1, (2, 3))
    # r(G) = sqrt(G): at G = 100 the reduction 10 exceeds firm 1's unit cost 2
    with pytest.raises(DomainError, match="exceeds firm 0's unit cost"):
        m.market(100)
    with pytest.raises(DomainError, match="numeric parameters"):
        m.coordinate(shadow_cost=sp.Symbol("l", positive=True))
