"""Dominance and iterated elimination: textbook games, a symbolic diffusion game, properties."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings

from gametheory.core.params import DomainError
from gametheory.core.dominance import ORDER
from gametheory.core.normal_form import NormalFormGame
from tests.strategies import normal_form_games, symbolic_games


def test_gibbons_iesds_example_three_rounds():
    # Gibbons (1992), A Primer in Game Theory, §1.1.B: Right is dominated by Middle (2 > 1, 1 > 0);
    # then Down by Up (1 > 0, 1 > 0); then Left by Middle (2 > 0): (Up, Middle) survives.
    A = [[1, 1, 0], [0, 0, 2]]
    B = [[0, 2, 1], [3, 1, 0]]
    g = NormalFormGame((A, B), strategies=(("Up", "Down"), ("Left", "Middle", "Right")))
    res = g.iterated_elimination()
    assert res.remaining == (("Up",), ("Middle",))
    assert res.rounds == 3
    assert [(e.player, e.strategy, e.dominated_by, e.round) for e in res.eliminations] == [
        ("P2", "Right", "Middle", 1), ("P1", "Down", "Up", 2), ("P2", "Left", "Middle", 3)]
    assert res.reduced.pure_equilibria() == [(0, 0)]
    assert res.conditions is sp.true and res.order == ORDER


def test_strict_dominance_by_a_mixed_strategy():
    # B = (1, 1) is beaten by neither T = (3, 0) nor M = (0, 3) but by (T + M)/2 = (3/2, 3/2).
    g = NormalFormGame(([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]]), strategies=(("T", "M", "B"), ("L", "R")))
    assert g.dominated_strategies() == []
    (claim,) = g.dominated_strategies(mixed=True)
    assert (claim.player, claim.strategy, claim.kind) == ("P1", "B", "strict (mixed)")
    w = dict(claim.weights)
    # independent check of the certificate: the mixture is strictly better against L and R
    mix = [w.get(0, 0) * 3 + w.get(1, 0) * 0, w.get(0, 0) * 0 + w.get(1, 0) * 3]
    assert all(m > 1 for m in mix) and sum(w.values()) == 1
    assert g.iterated_elimination(mixed=True).remaining[0] == ("T", "M")


def test_weak_dominance_order_is_simultaneous_and_documented():
    #      L     R          T: 1 >= 1, 0 < 2 -> weakly dominated by M; B: 0 < 1, 2 >= 2 -> by M.
    #  T  1,1   0,0         P2: L = (1, 1, 0), R = (0, 1, 1): no dominance in the full game.
    #  M  1,1   2,1         Simultaneous removal of T and B leaves M, where L and R tie: stop.
    #  B  0,0   2,1         (Removing only T first would let R dominate L: order dependence.)
    A = [[1, 0], [1, 2], [0, 2]]
    B = [[1, 0], [1, 1], [0, 1]]
    g = NormalFormGame((A, B), strategies=(("T", "M", "B"), ("L", "R")))
    res = g.iterated_elimination(weak=True)
    assert res.remaining == (("M",), ("L", "R"))
    assert res.rounds == 1
    assert "simultaneous" in res.order
    # strict dominance removes nothing here
    assert g.iterated_elimination().rounds == 0


def test_weak_dominance_needs_a_strict_inequality():
    g = NormalFormGame(([[1, 1], [1, 1]], [[0, 0], [0, 0]]))   # identical rows: no weak dominance
    assert g.dominated_strategies(weak=True) == []


# --- symbolic: a two-firm technology-diffusion attitude game ------------------------------------
a, b, cL, cG, beta = sp.symbols("a b c_L c_G beta", positive=True)


def duopoly_profit(own, other):
    """Cournot duopoly profit (a - 2 c_own + c_other)^2 / (9 b)."""
    return (a - 2 * own + other) ** 2 / (9 * b)


def diffusion_game():
    """Leader L (cost c_L) and laggard G (c_G > c_L); strategies P(reference)/A(version).

    Knowledge flows L -> G only when both play P; then G's cost is c_G' = c_G - beta (c_G - c_L).
    """
    cGp = cG - beta * (cG - cL)
    A = np.empty((2, 2), dtype=object)
    B = np.empty((2, 2), dtype=object)
    for i in range(2):
        for j in range(2):
            cost_G = cGp if (i, j) == (0, 0) else cG
            A[i, j] = duopoly_profit(cL, cost_G)
            B[i, j] = duopoly_profit(cost_G, cL)
    return NormalFormGame((A, B), players=("L", "G"), strategies=("P", "A"))


ASSUME = (cG > cL) & (beta <= 1) & (a - 2 * cG + cL > 0)


def test_symbolic_iewds_leaves_leader_averse_and_laggard_seeking():
    # By hand: pi_L(c_L, c_G') - pi_L(c_L, c_G) = (c_G' - c_G)(2a - 4c_L + c_G' + c_G)/(9b) < 0
    # (c_G' < c_G; 2a - 4c_L + c_G' + c_G = 2(a - 2c_G + c_L) + 5(c_G - c_L) + (1 - beta)(c_G - c_L) > 0),
    # and ties when G plays A: A weakly dominates P for L. For G, pi_G rises when its cost falls
    # ((a - 2c_G' + c_L) > 0), ties otherwise: P weakly dominates A.
    g = diffusion_game()
    res = g.iterated_elimination(weak=True, assumptions=ASSUME)
    assert res.remaining == (("A",), ("P",))
    assert [(e.player, e.strategy, e.dominated_by) for e in res.eliminations] == [("L", "P", "A"), ("G", "A", "P")]
    assert res.conditions is sp.true
    # strictly, nothing is dominated (ties against the other's aversion)
    assert g.iterated_elimination(assumptions=ASSUME).rounds == 0


def test_symbolic_dominance_without_cost_ordering_stays_open():
    # Without c_G > c_L the direction of L's comparison depends on the parameters: nothing is
    # eliminated, the open claims are reported, and their conditions are right at sample points.
    g = diffusion_game()
    for conditional in (False, True):
        res = g.iterated_elimination(weak=True, conditional=conditional)
        assert res.rounds == 0 and len(res.undecided) >= 1
    claim = next(e for e in res.undecided if (e.player, e.strategy, e.dominated_by) == ("L", "P", "A"))
    good = {a: 10, b: 1, cL: 1, cG: 2, beta: sp.Rational(1, 2)}   # c_G > c_L: A dominates P for L
    bad = {a: 10, b: 1, cL: 2, cG: 1, beta: sp.Rational(1, 2)}    # c_G < c_L: it does not
    assert bool(claim.conditions.subs(good)) is True
    assert bool(claim.conditions.subs(bad)) is False


def test_conditional_elimination_collects_conditions():
    # X = (t, 1) strictly dominates Y = (0, 0) iff t > 0; Y can never dominate X (0 > 1 is false).
    t = sp.Symbol("t")
    g = NormalFormGame(([[t, 1], [0, 0]], [[0, 0], [0, 0]]), strategies=(("X", "Y"), ("L", "R")))
    assert g.iterated_elimination().rounds == 0
    res = g.iterated_elimination(conditional=True)
    assert res.remaining == (("X",), ("L", "R"))
    assert res.conditions == sp.Gt(t, 0)
    assert g.iterated_elimination(assumptions=t > 0).remaining == (("X",), ("L", "R"))


def test_mixed_dominance_rejected_for_symbolic_or_weak():
    with pytest.raises(DomainError):
        diffusion_game().dominated_strategies(mixed=True)


# --- properties -------------------------------------------------------------------------------
@given(game=normal_form_games(max_players=3, max_actions=3))
def test_iesds_never_removes_a_pure_equilibrium(game):
    # a strictly dominated strategy is never a best response, so every pure NE survives IESDS
    res = game.iterated_elimination(mixed=True)
    for s in game.pure_equilibria():
        assert all(s[i] in res.remaining_indices[i] for i in range(game.n_players))
    # and the reduced game's equilibria are exactly the original ones (IESDS preserves NE)
    back = {tuple(res.remaining_indices[i][k] for i, k in enumerate(p)) for p in res.reduced.pure_equilibria()}
    assert back == set(game.pure_equilibria())


@given(game=normal_form_games(max_players=3, max_actions=3))
def test_iewds_keeps_a_strategy_per_player_and_a_dominated_strategy_is_really_dominated(game):
    res = game.iterated_elimination(weak=True)
    assert all(len(r) >= 1 for r in res.remaining_indices)
    for e in game.dominated_strategies(weak=True):
        A = np.moveaxis(game.payoffs[e.player_index], e.player_index, 0)
        dom, sub = np.atleast_1d(A[e.dominator_index]), np.atleast_1d(A[e.strategy_index])
        assert all(x >= y for x, y in zip(dom.ravel(), sub.ravel()))
        assert any(x > y for x, y in zip(dom.ravel(), sub.ravel()))


@given(game=normal_form_games(max_players=2, max_actions=4, min_players=2, fractions=True))
def test_mixed_dominance_certificates_are_exact(game):
    for e in game.dominated_strategies(mixed=True):
        if e.weights is None:
            continue
        A = np.moveaxis(game.payoffs[e.player_index], e.player_index, 0)
        mix = sum(F(w) * A[k] for k, w in e.weights)
        assert all(x > y for x, y in zip(np.atleast_1d(mix).ravel(), np.atleast_1d(A[e.strategy_index]).ravel()))


def test_kuang_zhang_pattern_survives_iewds_in_a_three_firm_attitude_game():
    # Seed 001 §2.3 (Kuang & Zhang): leader L averse to all, middle M seeks L but will not share with G,
    # laggard G seeks all. Cournot triopoly pi_i = (a - 4 c_i + sum c)^2 / (16 b); a flow i -> j (c_i < c_j)
    # happens when i shares (P toward j) and j seeks (P toward i); j's cost becomes
    # c_j - beta (c_j - c_best source). By hand: a rival's lower cost lowers own profit (dpi_i/dc_j > 0),
    # own lower cost raises it, so sharing is weakly dominated and seeking weakly dominant, given that
    # every output stays positive: a - 3 c_G + 2 c_L > 0 (G's output even if M became as efficient as L).
    import itertools

    a_, b_, beta_ = sp.symbols("a b beta", positive=True)
    c_L, d_M, d_G = sp.symbols("c_L d_M d_G", positive=True)    # c_M = c_L + d_M, c_G = c_M + d_G
    costs = [c_L, c_L + d_M, c_L + d_M + d_G]
    others = {i: [j for j in range(3) if j != i] for i in range(3)}
    strategies = list(itertools.product("PA", repeat=2))          # attitude toward the others, in order
    arrays = [np.empty((4, 4, 4), dtype=object) for _ in range(3)]
    for prof in itertools.product(range(4), repeat=3):
        att = {(i, j): s for i in range(3) for j, s in zip(others[i], strategies[prof[i]])}
        new = list(costs)
        for j in range(3):
            sources = [i for i in range(j) if att[(i, j)] == "P" and att[(j, i)] == "P"]
            if sources:
                new[j] = costs[j] - beta_ * (costs[j] - costs[min(sources)])
        for i in range(3):
            arrays[i][prof] = (a_ - 4 * new[i] + sum(new)) ** 2 / (16 * b_)
    g = NormalFormGame(arrays, players=("L", "M", "G"), strategies=["".join(s) for s in strategies])
    res = g.iterated_elimination(weak=True, assumptions=(beta_ <= 1) & (a_ - 3 * costs[2] + 2 * c_L > 0))
    # L: (toward M, toward G) = (A, A); M: (toward L, toward G) = (P, A); G: (toward L, toward M) = (P, P)
    assert res.remaining == (("AA",), ("PA",), ("PP",))
    assert res.conditions is sp.true


@settings(max_examples=20)
@given(gd=symbolic_games(max_players=2, max_actions=3))
def test_symbolic_dominance_conditions_agree_with_numeric_dominance_at_a_draw(gd):
    # the condition "a dominates b" evaluated at a parameter draw == dominance in the substituted game
    import itertools

    from gametheory.core.dominance import _symbolic_dominance

    game, point = gd
    if not game.is_symbolic:
        return
    num = game.subs(point)
    prover = game._prover(None)
    sub = {k: sp.Rational(v.numerator, v.denominator) for k, v in point.items()}
    for i in range(game.n_players):
        rests = list(itertools.product(*(range(m) for j, m in enumerate(game.shape) if j != i)))
        M = np.moveaxis(num.payoffs[i], i, 0).reshape(game.shape[i], -1)
        for a_i, b_i in itertools.permutations(range(game.shape[i]), 2):
            strict = all(x > y for x, y in zip(M[a_i], M[b_i]))
            weak = all(x >= y for x, y in zip(M[a_i], M[b_i])) and any(x > y for x, y in zip(M[a_i], M[b_i]))
            for flag, truth in ((False, strict), (True, weak)):
                cond = _symbolic_dominance(game, i, a_i, b_i, rests, flag, prover)
                assert bool(cond.subs(sub)) == truth


def test_mixed_dominance_rejected_for_weak():
    g = NormalFormGame(([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    for f in (g.dominated_strategies, g.iterated_elimination):
        with pytest.raises(DomainError, match="strict dominance in numeric games"):
            f(mixed=True, weak=True)
    with pytest.raises(DomainError, match="strict dominance in numeric games"):
        diffusion_game().iterated_elimination(mixed=True)
