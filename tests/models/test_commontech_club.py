"""Club provision of the common technology (gametheory.models.commontech.club): Buchanan (1965).

Hand derivations in the comments (f = log, g0 = 0 unless said: G^(v) = v, h(v) = v log v - v);
the open-consortium case is checked against the independent implementation in
CommonTechnology.consortium(outside="free_ride").
"""

from __future__ import annotations

import itertools
import math

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.params import DomainError
from gametheory.models.commontech import CommonTechnology
from gametheory.models.commontech.club import TechnologyClub

L = sp.log


def test_lindahl_club_of_three_equal_firms_by_hand():
    # (1, 1, 1): G = 3, fee 1 each, u = log 3 - 1 ~ 0.0986 > h(1) = -1: nobody leaves; welfare
    # 3 log 3 - 3 = first best. Without exclusion, member 0 free rides on {1, 2} (G = 2): log 2.
    tech = CommonTechnology((1, 1, 1))
    o = TechnologyClub(tech).outcome((0, 1, 2))
    assert o.level == 3 and o.fees == (1, 1, 1)
    assert sp.simplify(o.payoffs[0] - (L(3) - 1)) == 0
    assert o.stable and sp.simplify(o.welfare - tech.first_best().welfare) == 0
    # a pair {0, 1}: G = 2, u = log 2 - 1 ~ -0.31; firm 2 alone h(1) = -1 gains by joining
    pair = TechnologyClub(tech).outcome((0, 1))
    assert pair.internally_stable and pair.joiners == (2,)
    assert sp.simplify(pair.payoffs[2] - (-1)) == 0
    open_ = TechnologyClub(tech, exclusion=False).outcome((0, 1, 2))
    assert open_.leavers == (0, 1, 2)          # log 2 ~ 0.69 > log 3 - 1


def test_equal_fees_exclude_the_small_firm_and_lose_to_the_open_public_good():
    # (10, 1), equal fees. Grand club: G = 11, fee 11/2, u_1 = log 11 - 11/2 ~ -3.10 < h(1) = -1.
    # Firm 0 alone: h(10) = 10 log 10 - 10 ~ 13.03; welfare of club {0}: 10 log 10 - 10 - 1.
    # Open public good: firm 0 buys 10, firm 1 free rides: W^N = 11 log 10 - 10 ~ 15.33 > 12.03.
    club = TechnologyClub(CommonTechnology((10, 1)), fees="equal")
    assert club.outcome((0, 1)).leavers == (1,)
    c = club.compare()
    assert c.stable_clubs == ((0,),) and c.best_stable_club == (0,)
    assert sp.simplify(c.club_welfare - (10 * L(10) - 11)) == 0
    assert sp.simplify(c.nash_welfare - (11 * L(10) - 10)) == 0
    assert float(c.gap_closed) < 0                  # exclusion of a non-rival good destroys value
    # Lindahl fees instead: the grand club, first best (11 log 11 - 11)
    lc = TechnologyClub(CommonTechnology((10, 1))).compare()
    assert lc.stable_clubs == ((0, 1),) and lc.gap_closed == 1


def test_consent_lets_a_small_club_refuse_a_big_entrant():
    # (10, 1), equal fees, consent: {1} alone is stable because member 1 would lose (-3.10 < -1)
    # if firm 0 joined, although firm 0 would gain.
    club = TechnologyClub(CommonTechnology((10, 1)), fees="equal", admission="consent")
    assert set(club.stable_clubs()) == {(0,), (1,)}


@settings(max_examples=12)
@given(vals=st.lists(st.integers(1, 9), min_size=2, max_size=4),
       g0=st.sampled_from([0, sp.Rational(1, 2)]))
def test_lindahl_exclusion_club_is_the_unique_stable_club_and_first_best(vals, g0):
    # Lindahl fees: u_i = v_i h(V_M)/V_M, and h(V)/V = max_G f(G) - (G - g0)/V is non-decreasing
    # in V, so leaving (h(v_i) = v_i h(v_i)/v_i) never pays: every club is internally stable, and
    # the grand club (no outsiders) is stable and spends the Samuelson level: first best.
    tech = CommonTechnology(tuple(vals), government=g0)
    club = TechnologyClub(tech)
    grand = club.outcome(tuple(range(len(vals))))
    assert grand.stable
    assert sp.simplify(grand.welfare - tech.first_best().welfare) == 0
    for k in range(1, len(vals) + 1):
        for M in itertools.combinations(range(len(vals)), k):
            assert club.outcome(M).internally_stable


@settings(max_examples=12)
@given(vals=st.lists(st.integers(1, 9), min_size=2, max_size=4), data=st.data())
def test_open_consortium_matches_the_public_good_form(vals, data):
    # independent implementation: CommonTechnology.consortium(shares="lindahl", outside="free_ride")
    tech = CommonTechnology(tuple(vals))
    k = data.draw(st.integers(1, len(vals)))
    M = tuple(sorted(data.draw(st.permutations(range(len(vals))))[:k]))
    mine = TechnologyClub(tech, exclusion=False).outcome(M)
    theirs = tech.consortium(M, shares="lindahl", outside="free_ride")
    assert sp.simplify(mine.level - theirs.level) == 0
    for i in range(len(vals)):
        assert sp.simplify(mine.payoffs[i] - theirs.payoffs[i]) == 0
    assert set(mine.leavers) == {i for i, ok in zip(range(len(vals)), theirs.participation) if i in M and not ok}


def test_options_and_guards():
    tech = CommonTechnology((2, 1))
    with pytest.raises(DomainError):
        TechnologyClub(tech, fees="shapley")
    with pytest.raises(DomainError):
        TechnologyClub(tech, outside="public")          # log(0) is not finite
    assert TechnologyClub(CommonTechnology((2, 1), government=1), outside="public").stand_alone(1) == 0
    with pytest.raises(DomainError):
        TechnologyClub(tech).outcome(())
    with pytest.raises(DomainError):
        TechnologyClub(tech).outcome((5,))
    with pytest.raises(DomainError):
        TechnologyClub(CommonTechnology((sp.Symbol("v", positive=True), 1)))
    big = TechnologyClub(CommonTechnology(tuple(range(1, 14))))
    with pytest.raises(DomainError, match=r"n = 13 .* max_firms=13"):
        big.stable_clubs()
    assert TechnologyClub(tech).compare().to_dict()["stable_clubs"] == [[0, 1]]


# ----------------------------------------------------------------------------------------------
# the club's policy question through the core Coordinator
# ----------------------------------------------------------------------------------------------
def test_membership_grant_by_hand_and_by_grid():

    from gametheory.core.coordinator import PolicyOutcome

    # Equal fees, (10, 1), log. Grand club: G = 11, fee 11/2 each; the small firm gets
    # log 11 - 11/2 against h(1) = max_G log G - G = -1 (G = 1): shortfall 9/2 - log 11.
    # Laissez-faire: firm 1 alone, W = 10 log 10 - 10 + h(1) = 10 log 10 - 11; grand club
    # W* = 11 log 11 - 11 (the Samuelson optimum). W(x) = W_lf + 1[x >= xbar](W* - W_lf - lam x).
    club = TechnologyClub(CommonTechnology((10, 1)), fees="equal")
    xbar = sp.Rational(9, 2) - sp.log(11)
    assert sp.simplify(club.participation_shortfalls()[1] - xbar) == 0
    assert club.participation_shortfalls()[0] == 0
    w_lf, w_star = 10 * math.log(10) - 11, 11 * math.log(11) - 11
    lam_bar = (w_star - w_lf) / float(xbar)                     # ~ 1.5941
    for lam in (0, sp.Rational(1, 5), 1, sp.Rational(3, 2), sp.Rational(8, 5), 3):
        out = club.coordinate(shadow_cost=lam)
        assert isinstance(out, PolicyOutcome)
        # independent: brute-force grid over the grant (the threshold included as a grid point)
        grid = [float(xbar) * j / 200 for j in range(401)]
        best = max(w_lf + ((w_star - w_lf - float(lam) * x) if x >= float(xbar) - 1e-15 else 0) for x in grid)
        assert abs(float(out.welfare) - best) < 1e-9
        forms = float(lam) < lam_bar
        assert out.response["club_formed"] == (1 if forms else 0)
        assert sp.simplify(out.policy["grant"] - (xbar if forms else 0)) == 0
        # never above the first best, gap closed unclipped in [0, 1]
        assert float(out.welfare) <= w_star + 1e-12
        assert -1e-12 <= float(out.gap_closed) <= 1 + 1e-12
        assert out.fiscal_rule == "limited_liability"


def test_membership_grant_not_needed_with_lindahl_fees():
    # Lindahl fees: the grand club is stable (h(V)/V non-decreasing), no shortfall, W = W*.
    club = TechnologyClub(CommonTechnology((10, 1)))
    assert club.participation_shortfalls() == (0, 0)
    out = club.coordinate(shadow_cost=sp.Rational(1, 4))
    assert out.policy["grant"] == 0 and out.gap_degenerate       # laissez-faire is the first best
    assert sp.simplify(out.welfare - (11 * sp.log(11) - 11)) == 0
