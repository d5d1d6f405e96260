"""Cost sharing in the consortium (gametheory.models.commontech.sharing): core, Shapley, nucleolus.

Expected values come from textbook games (glove, majority, bankruptcy with the Talmud rule of
Aumann & Maschler 1985), from hand derivations in the comments, and from independent
computations written here (Shapley by permutations, the core by brute force, Kohlberg's
balancedness criterion for the prenucleolus).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from gametheory.core.params import DomainError
from gametheory.models.commontech import CommonTechnology
from gametheory.models.commontech.sharing import CooperativeGame, talmud_rule

R = sp.Rational


# ----------------------------------------------------------------------------------------------
# independent references
# ----------------------------------------------------------------------------------------------
def shapley_by_permutations(game):
    """Average marginal contribution over all n! orders (independent of the subset formula)."""
    n = game.n
    phi = [sp.Integer(0)] * n
    perms = list(itertools.permutations(range(n)))
    for order in perms:
        before = ()
        for i in order:
            phi[i] += game.value(tuple(sorted(before + (i,)))) - game.value(before)
            before = tuple(sorted(before + (i,)))
    return tuple(sp.simplify(p / len(perms)) for p in phi)


def brute_force_in_core(game, x):
    n = game.n
    if sum(x) != game.value(range(n)):
        return False
    return all(sum(x[i] for i in S) >= game.value(S)
               for k in range(1, n) for S in itertools.combinations(range(n), k))


def kohlberg_ok(game, x, tol=1e-9):
    """Kohlberg (1971): x (efficient) is the prenucleolus iff every collection
    D_t = {S : e(S, x) >= t} is balanced (positive weights with sum_S w_S 1_S = 1_N)."""
    n = game.n
    coalitions = [S for k in range(1, n) for S in itertools.combinations(range(n), k)]
    exc = {S: float(game.value(S) - sum(x[i] for i in S)) for S in coalitions}
    for t in sorted(set(round(e, 9) for e in exc.values()), reverse=True):
        D = [S for S in coalitions if exc[S] >= t - tol]
        # max s s.t. sum_S w_S 1_S = 1_N, w_S >= s; balanced iff s > 0 (weights may also be 0 for
        # members spanned by others — Kohlberg's criterion asks for all positive, so s > 0)
        A = np.zeros((n, len(D)))
        for k, S in enumerate(D):
            A[list(S), k] = 1
        c = np.zeros(len(D) + 1)
        c[-1] = -1
        A_ub = np.hstack([-np.eye(len(D)), np.ones((len(D), 1))])
        res = linprog(c, A_ub=A_ub, b_ub=np.zeros(len(D)), A_eq=np.hstack([A, np.zeros((n, 1))]),
                      b_eq=np.ones(n), bounds=[(0, None)] * len(D) + [(None, 1)], method="highs")
        if res.status != 0 or -res.fun <= 1e-9:
            return False
    return True


# ----------------------------------------------------------------------------------------------
# textbook games
# ----------------------------------------------------------------------------------------------
def test_glove_game():
    # Players 0, 1: left gloves; 2: right glove. Shapley: 2 is pivotal when it comes after 0 or
    # 1 (4 of 6 orders), so phi_2 = 2/3, phi_0 = phi_1 = 1/6. Core: x_0 + x_2 >= 1 and
    # x_1 + x_2 >= 1 with x(N) = 1 force x_0 = x_1 = 0: the core is {(0, 0, 1)} = nucleolus.
    g = CooperativeGame.glove(left=2, right=1)
    sv = g.shapley_value()
    assert sv.payoffs == (R(1, 6), R(1, 6), R(2, 3))
    assert sv.in_core is False and sv.max_excess == R(1, 6)          # {1, 2}: 1 - 5/6
    nu = g.nucleolus()
    assert nu.payoffs == (0, 0, 1) and nu.in_core is True and "exact" in nu.method
    assert g.in_core((0, 0, 1)).in_core
    m = g.in_core((R(1, 10), 0, R(9, 10)))
    assert not m.in_core and m.blocking == ((1, 2),)                  # 9/10 < v({1,2}) = 1
    c = g.core()
    assert c.nonempty and c.least_core_value == 0 and c.allocation == (0, 0, 1)


def test_three_player_majority_game_has_an_empty_core():
    # v(S) = 1 for |S| >= 2: weights 1/2 on the three pairs are balanced and sum to 3/2 > 1.
    # Least core: x_i + x_j >= 1 - eps for all pairs, sum 1 => 2 >= 3(1 - eps), eps = 1/3.
    g = CooperativeGame(3, {(0, 1): 1, (0, 2): 1, (1, 2): 1, (0, 1, 2): 1})
    c = g.core()
    assert not c.nonempty and c.least_core_value == R(1, 3)
    assert set(c.balanced_collection) == {(0, 1), (0, 2), (1, 2)}
    assert g.shapley_value().payoffs == (R(1, 3),) * 3
    assert g.nucleolus().payoffs == (R(1, 3),) * 3
    assert not g.is_balanced()


@pytest.mark.parametrize("estate, expected", [
    (100, (R(100, 3), R(100, 3), R(100, 3))),   # Mishna, Ketubot 93a: equal division
    (200, (50, 75, 75)),                        # the puzzling middle line
    (300, (50, 100, 150)),                      # proportional
])
def test_bankruptcy_nucleolus_is_the_talmud_rule(estate, expected):
    # Aumann & Maschler (1985), Theorem A: the nucleolus of the bankruptcy game is the Talmud rule.
    g = CooperativeGame.bankruptcy(estate, (100, 200, 300))
    assert g.nucleolus().payoffs == expected
    assert talmud_rule(estate, (100, 200, 300)) == expected


@settings(max_examples=15)
@given(claims=st.lists(st.integers(1, 12), min_size=2, max_size=4),
       frac=st.fractions(0, 1, max_denominator=6))
def test_nucleolus_equals_talmud_rule_for_random_bankruptcies(claims, frac):
    estate = frac * sum(claims)
    g = CooperativeGame.bankruptcy(sp.Rational(estate.numerator, estate.denominator), claims)
    assert g.nucleolus().payoffs == talmud_rule(sp.Rational(estate.numerator, estate.denominator), claims)


# ----------------------------------------------------------------------------------------------
# properties on random games
# ----------------------------------------------------------------------------------------------
@st.composite
def games(draw, max_n=4):
    n = draw(st.integers(2, max_n))
    worth = {S: draw(st.integers(-3, 12)) for k in range(1, n + 1) for S in itertools.combinations(range(n), k)}
    return CooperativeGame(n, worth)


@settings(max_examples=25)
@given(game=games())
def test_shapley_is_efficient_and_matches_the_permutation_average(game):
    sv = game.shapley_value().payoffs
    assert sum(sv) == game.value(range(game.n))                                    # efficiency
    assert sv == shapley_by_permutations(game)                                     # independent


@settings(max_examples=25)
@given(n=st.integers(2, 4), data=st.data())
def test_shapley_is_symmetric(n, data):
    # a game depending only on |S| (and on a player-0/1 symmetric bonus) treats 0 and 1 alike
    by_size = [data.draw(st.integers(-3, 9)) for _ in range(n + 1)]
    game = CooperativeGame.from_function(n, lambda S: by_size[len(S)] + (2 if 0 in S and 1 in S else 0))
    sv = game.shapley_value().payoffs
    assert sv[0] == sv[1]
    if n > 2:
        assert len(set(sv[2:])) == 1


@settings(max_examples=25)
@given(game=games(), data=st.data())
def test_core_test_agrees_with_brute_force(game, data):
    n = game.n
    x = [sp.Integer(data.draw(st.integers(-2, 6))) for _ in range(n - 1)]
    x.append(game.value(range(n)) - sum(x))                                        # efficient
    assert game.in_core(x).in_core == brute_force_in_core(game, x)
    nu = game.prenucleolus()
    if game.core().nonempty:                  # the prenucleolus lies in a non-empty core
        assert brute_force_in_core(game, nu.payoffs)
        for S in itertools.combinations(range(n), 2):
            assert sum(nu.payoffs[i] for i in S) >= game.value(S)


@settings(max_examples=20)
@given(game=games())
def test_prenucleolus_satisfies_kohlberg(game):
    nu = game.prenucleolus()
    assert "exact" in nu.method
    assert sum(nu.payoffs) == game.value(range(game.n))
    assert kohlberg_ok(game, [float(v) for v in nu.payoffs])
    assert nu.excess_levels[0] == game.core().least_core_value


# ----------------------------------------------------------------------------------------------
# the consortium's game
# ----------------------------------------------------------------------------------------------
def test_gamma_worths_of_the_consortium_by_hand():
    # v = (3, 2, 1), f = log, G^(v) = v. gamma: S acts as one against Nash singletons.
    # {0}: 3 >= 2, 1, buys 3: 3 log 3 - 3. {1}: firm 0 buys 3, free ride: 2 log 3.
    # {2}: log 3. {1,2}: V = 3 ties with firm 0 -> S pays (ties against S): 3 log 3 - 3.
    # {0,1}: 5 log 5 - 5; {0,2}: 4 log 4 - 4; N: 6 log 6 - 6 = the Samuelson surplus.
    tech = CommonTechnology((3, 2, 1))
    g = CooperativeGame.from_technology(tech)
    L = sp.log
    expected = {(0,): 3 * L(3) - 3, (1,): 2 * L(3), (2,): L(3), (1, 2): 3 * L(3) - 3,
                (0, 1): 5 * L(5) - 5, (0, 2): 4 * L(4) - 4, (0, 1, 2): 6 * L(6) - 6}
    for S, w in expected.items():
        assert sp.simplify(g.value(S) - w) == 0, S
    assert sp.simplify(g.value((0, 1, 2)) - tech.first_best().welfare) == 0
    # alpha: outsiders give nothing, v(S) = V_S log V_S - V_S
    a = CooperativeGame.from_technology(tech, kind="alpha")
    assert sp.simplify(a.value((1,)) - (2 * L(2) - 2)) == 0


def test_free_riding_puts_the_shapley_value_outside_the_gamma_core():
    # gamma, v = (3, 2, 1): phi_2 = 0.825... < v({2}) = log 3 = 1.0986 (firm 2 alone free rides on
    # firm 0), so the Shapley split is not even individually rational; the core is non-empty
    # (the nucleolus is in it) and the gamma game is not superadditive ({1,2} must pay).
    g = CooperativeGame.from_technology(CommonTechnology((3, 2, 1)))
    sv = g.shapley_value()
    assert sv.in_core is False and (2,) in g.in_core(sv.payoffs).blocking
    assert float(sv.payoffs[2]) == pytest.approx(0.8253186584792032)
    nu = g.nucleolus()
    assert nu.in_core is True and "exact" in nu.method
    assert sp.simplify(sum(nu.payoffs) - g.value((0, 1, 2))) == 0
    assert not g.is_superadditive() and g.core().nonempty


@settings(max_examples=10)
@given(vals=st.lists(st.integers(1, 6), min_size=2, max_size=4))
def test_alpha_game_is_convex_and_its_shapley_value_in_the_core(vals):
    # h(V) = V log V - V is convex and V_S additive: supermodular (Shapley 1971: phi in core)
    g = CooperativeGame.from_technology(CommonTechnology(tuple(vals)), kind="alpha")
    assert g.is_convex()
    assert g.shapley_value().in_core is True


def test_size_guards_name_the_size_and_the_way_out():
    with pytest.raises(DomainError, match=r"n = 17 .* max_players=17"):
        CooperativeGame(17, {})
    g = CooperativeGame(11, {tuple(range(11)): 1})
    with pytest.raises(DomainError, match=r"n = 11 .* max_players=11"):
        g.nucleolus()
    assert g.nucleolus(max_players=11).payoffs == (R(1, 11),) * 11


def test_bad_inputs_are_domain_errors():
    with pytest.raises(DomainError):
        CooperativeGame(2, {(0, 2): 1})
    with pytest.raises(DomainError):
        CooperativeGame(2, {(0, 1): "1"})
    with pytest.raises(DomainError):
        CooperativeGame(2, {(0, 1): 1}).in_core((1,))
    with pytest.raises(DomainError):
        CooperativeGame(2, {(0,): 2, (1,): 2, (0, 1): 1}).nucleolus()   # no imputation
    with pytest.raises(DomainError):
        talmud_rule(10, (1, 2))


def test_results_export():
    nu = CooperativeGame.glove(2, 1).nucleolus()
    assert nu.to_dict()["payoffs"] == [0, 0, 1]
    assert nu.to_frame().shape[0] == 1


def test_float_worths_by_hand():
    # v12 = .5, v13 = .7, v23 = .9, v(N) = 1.2. Nucleolus: equalise the pair excesses
    # x3 - .7 = x2 - .5 = x1 - .3 = t with x(N) = 1.2: t = -.1, x = (.2, .4, .6).
    # Shapley: phi_1 = (1/6)(.5 + .7) + (1/3)(1.2 - .9) = .3; phi_2 = .4; phi_3 = .5.
    g = CooperativeGame(3, {(0, 1): 0.5, (0, 2): 0.7, (1, 2): 0.9, (0, 1, 2): 1.2})
    nu = g.nucleolus()
    assert [float(v) for v in nu.payoffs] == pytest.approx([0.2, 0.4, 0.6])
    assert nu.in_core is True and "float" in nu.method
    sv = g.shapley_value()
    assert [float(v) for v in sv.payoffs] == pytest.approx([0.3, 0.4, 0.5]) and sv.in_core is True
    assert float(g.core().least_core_value) == pytest.approx(-0.1)


def test_club_members_earn_the_alpha_worth():
    # with exclusion a coalition gets exactly what it can buy alone: the club's members earn
    # h(V_M) = the alpha worth (so the club game is the convex alpha game)
    from gametheory.models.commontech.club import TechnologyClub

    tech = CommonTechnology((3, 2, 1))
    a = CooperativeGame.from_technology(tech, kind="alpha")
    club = TechnologyClub(tech)
    for M in [(0,), (1, 2), (0, 2), (0, 1, 2)]:
        o = club.outcome(M)
        assert sp.simplify(sum(o.payoffs[i] for i in M) - a.value(M)) == 0


def test_shapley_and_technology_guards():
    g = CooperativeGame(15, {tuple(range(15)): 1})
    with pytest.raises(DomainError, match=r"n = 15 .* max_players=15"):
        g.shapley_value()
    with pytest.raises(DomainError, match=r"n = 13 .* max_players=13"):
        CooperativeGame.from_technology(CommonTechnology(tuple(range(1, 14))))
    with pytest.raises(DomainError, match=r"n = 13 .* max_players=13"):
        CooperativeGame(13, {}).is_superadditive()
