"""NormalFormGame: classic games derived by hand, random-game properties, bad input.

Every expected value is derived in a comment next to it (or comes from an independent brute force).
"""

from __future__ import annotations

import itertools
import sys
from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.params import DomainError
from gametheory.core.normal_form import NormalFormGame, Prover
from tests.strategies import normal_form_games, symbolic_games

# --- classic games ----------------------------------------------------------------------------
# Prisoner's dilemma, (C, D): R=3, S=0, T=5, P=1.
PD = NormalFormGame(([[3, 0], [5, 1]], [[3, 5], [0, 1]]), strategies=("C", "D"))
# Battle of the sexes (Opera, Football).
BOS = NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]), strategies=("Opera", "Football"))
# Matching pennies (Heads, Tails): player 1 wins on a match.
MP = NormalFormGame(([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]), strategies=("H", "T"))
# Stag hunt: stag together 4, hare always 3, stag alone 0.
SH = NormalFormGame(([[4, 0], [3, 3]], [[4, 3], [0, 3]]), strategies=("Stag", "Hare"))


def volunteers_dilemma() -> NormalFormGame:
    """3 players, V(olunteer)=0 / I(gnore)=1: V pays off 1; I pays 2 if someone volunteers, else 0."""
    arrays = [np.empty((2, 2, 2), dtype=object) for _ in range(3)]
    for s in itertools.product(range(2), repeat=3):
        someone = any(x == 0 for x in s)
        for i in range(3):
            arrays[i][s] = 1 if s[i] == 0 else (2 if someone else 0)
    return NormalFormGame(arrays, players=("A", "B", "C"), strategies=("V", "I"))


def test_prisoners_dilemma_has_unique_equilibrium_defect_defect():
    # D is a strict best response to both C (5 > 3) and D (1 > 0) for both players.
    assert PD.kind == "exact"
    assert PD.pure_equilibria() == [(1, 1)]
    assert PD.profile_labels((1, 1)) == ("D", "D")
    # at (C, C) either player gains T - R = 2 by defecting
    assert PD.deviation_gain((0, 0)) == 2
    assert PD.deviation_gain(("D", "D")) == 0


def test_battle_of_the_sexes_pure_and_mixed():
    # both coordination profiles; mixed: P2 indifferent 1*x1 = 2*x2 -> x = (2/3, 1/3);
    # P1 indifferent 2*y1 = 1*y2 -> y = (1/3, 2/3); payoffs (2/3, 2/3).
    assert BOS.pure_equilibria() == [(0, 0), (1, 1)]
    eqs = BOS.mixed_equilibria()
    as_lists = sorted((tuple(x), tuple(y)) for x, y in eqs)
    assert as_lists == sorted([((1, 0), (1, 0)), ((0, 1), (0, 1)), ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))])
    assert BOS.expected_payoffs(((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))) == (F(2, 3), F(2, 3))
    # at uniform mixing: P1's pure values A y = (1, 1/2), current 3/4 -> gain 1/4 (same for P2)
    assert BOS.deviation_gain(([F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)])) == F(1, 4)


def test_matching_pennies_only_mixed():
    assert MP.pure_equilibria() == []
    (x, y), = MP.mixed_equilibria()
    assert list(x) == [F(1, 2), F(1, 2)] and list(y) == [F(1, 2), F(1, 2)]
    assert MP.expected_payoffs((x, y)) == (0, 0)  # zero-sum, symmetric


def test_stag_hunt():
    # (Stag, Stag): 4 > 3; (Hare, Hare): 3 > 0. Mixed: 4 y = 3 -> y_stag = 3/4 for both players.
    assert SH.pure_equilibria() == [(0, 0), (1, 1)]
    mixed = [(tuple(x), tuple(y)) for x, y in SH.mixed_equilibria()]
    assert ((F(3, 4), F(1, 4)), (F(3, 4), F(1, 4))) in mixed
    assert len(mixed) == 3


def test_three_player_volunteers_dilemma_pure():
    g = volunteers_dilemma()
    # exactly one volunteer: the volunteer gets 1 (0 if she ignores too), the others 2 (1 if they volunteer)
    assert g.pure_equilibria() == [(0, 1, 1), (1, 0, 1), (1, 1, 0)]
    # everybody ignores: each gains 1 by volunteering
    assert g.deviation_gain((1, 1, 1)) == 1
    assert g.payoff(("V", "I", "I")) == (1, 2, 2)


def test_three_player_mixed_through_pygambit():
    pytest.importorskip("pygambit")
    g = volunteers_dilemma()
    res = g.equilibria()
    # symmetric equilibrium: 1 = 2 (1 - (1 - p)^2)  ->  p = 1 - 1/sqrt(2)
    p = 1 - 1 / np.sqrt(2)
    found = [tuple(float(x[0]) for x in eq) for eq in res.equilibria]
    assert any(np.allclose(f, (p, p, p), atol=1e-6) for f in found)
    # (I, 1/2, 1/2): the mixers are indifferent iff the other mixes 1/2 (1 = 2 q); I gets 3/2 > 1
    assert any(np.allclose(f, (0, 0.5, 0.5), atol=1e-6) for f in found)
    assert all(gain <= 1e-6 for gain in res.max_deviation_gain)
    assert res.complete is False and "pygambit" in res.method


def test_n_player_mixed_without_pygambit_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pygambit", None)
    with pytest.raises(ImportError, match=r"gametheory\[crosscheck\]"):
        volunteers_dilemma().mixed_equilibria()


# --- kinds and construction -------------------------------------------------------------------
def test_kind_detection():
    assert NormalFormGame(([[1, 2]], [[3, 4]])).kind == "exact"
    assert NormalFormGame(([[F(1, 2), 2]], [[3, sp.Rational(1, 3)]])).kind == "exact"
    assert NormalFormGame(np.array([[[1, 2]], [[3, 4]]])).kind == "exact"
    assert NormalFormGame(([[1.5, 2]], [[3, 4]])).kind == "float"
    assert NormalFormGame(([[sp.Float(1.5), 2]], [[3, 4]])).kind == "float"
    assert NormalFormGame(([[sp.sqrt(2), 2]], [[3, 4]])).kind == "symbolic"
    a = sp.Symbol("a")
    g = NormalFormGame((sp.Matrix([[a, 0]]), sp.Matrix([[1, 2]])))
    assert g.is_symbolic and g.free_symbols == {a}
    # exact payoffs compare equal to sympy Rationals
    assert NormalFormGame(([F(1, 2)],)).payoff((0,)) == (sp.Rational(1, 2),)


def test_labels_and_defaults():
    g = NormalFormGame(([[1, 2, 3]], [[1, 2, 3]]))
    assert g.players == ("P1", "P2") and g.strategies == (("s0",), ("s0", "s1", "s2"))
    h = NormalFormGame(([[1, 0], [0, 1]],) * 2, players=("L", "M"), strategies=(("P", "A"), ("P", "A")))
    assert h.profile_labels((0, 1)) == ("P", "A") and h.payoff(("A", "A")) == (1, 1)
    assert h.shape == (2, 2) and h.n_players == 2


def test_payoffs_are_read_only():
    with pytest.raises(ValueError):
        PD.payoffs[0][0, 0] = 7


@pytest.mark.parametrize("payoffs, match", [
    (([[1, 2]], [[1, 2, 3]]), "mismatched shapes"),
    (([[1, 2]],), "dimensions"),
    ((), "at least 1 player"),
    (([[1.0, float("nan")]], [[1, 2]]), "NaN"),
    (([[1.0, float("inf")]], [[1, 2]]), "finite|NaN"),
    ((np.zeros((2, 0)), np.zeros((2, 0))), "empty strategy set"),
    (([["1", 2]], [[1, 2]]), "number"),
    (([[None, 2]], [[1, 2]]), "number"),
    (([[True, 2]], [[1, 2]]), "number"),
    (([[1, 2], [3]], [[1, 2], [3, 4]]), "rectangular|number|dimensions"),
    ("1 2 3", "sequence|not a string"),
    (([[1 + 2j, 2]], [[1, 2]]), "real|number"),
])
def test_bad_input_raises_domain_error(payoffs, match):
    with pytest.raises(DomainError, match=match):
        NormalFormGame(payoffs)


def test_bad_labels_and_profiles():
    with pytest.raises(DomainError):
        NormalFormGame(([[1]], [[1]]), players=("A", "A"))
    with pytest.raises(DomainError):
        NormalFormGame(([[1, 2]], [[1, 2]]), strategies=(("x",), ("y",)))
    with pytest.raises(DomainError):
        PD.payoff((0, 2))
    with pytest.raises(DomainError):
        PD.payoff(("C", "X"))
    with pytest.raises(DomainError):
        PD.deviation_gain(([0.5, 0.6], [0.5, 0.5]))  # not a probability vector
    with pytest.raises(DomainError):
        PD.subs({"a": 1})  # never sympify strings


def test_symbolic_game_mixed_asks_for_subs():
    a = sp.Symbol("a")
    g = NormalFormGame(([[a, 0], [0, 1]], [[1, 0], [0, 1]]))
    with pytest.raises(DomainError, match=r"subs"):
        g.mixed_equilibria()
    # after substitution a = 2 it is a battle of the sexes variant: x1 = 1/2? P2 indifferent x1 = x2
    eqs = [(tuple(x), tuple(y)) for x, y in g.subs({a: 2}).mixed_equilibria()]
    # P1 indifferent: 2 y1 = y2 -> y = (1/3, 2/3); P2 indifferent: x1 = x2 -> x = (1/2, 1/2)
    assert ((F(1, 2), F(1, 2)), (F(1, 3), F(2, 3))) in eqs


# --- symbolic conditions ----------------------------------------------------------------------
T, R, P, S = sp.symbols("T R P S")
SPD = NormalFormGame(([[R, S], [T, P]], [[R, T], [S, P]]), strategies=("C", "D"))


def test_symbolic_pd_conditions_by_hand():
    conds = SPD.pure_equilibrium_conditions()
    # (C, C): neither gains by defecting, R >= T; (D, D): P >= S; (C, D): P1 gets S, deviation to D gives P
    # -> S >= P, P2 gets T vs R -> T >= R.
    assert conds[(0, 0)] == sp.Ge(R, T)
    assert conds[(1, 1)] == sp.Ge(P, S)
    assert conds[(0, 1)] == sp.And(sp.Ge(S, P), sp.Ge(T, R))
    assert SPD.equilibrium_conditions((1, 1), strict=True) == sp.Gt(P, S)
    # with T > R > P > S only (D, D) survives, and provably
    A = (T > R) & (R > P) & (P > S)
    assert SPD.pure_equilibrium_conditions(assumptions=A) == {(1, 1): sp.true}
    assert SPD.pure_equilibria(assumptions=A) == [(1, 1)]
    # without assumptions nothing is provable
    assert SPD.pure_equilibria() == []


def test_symbol_assumptions_decide_conditions():
    c = sp.Symbol("c", positive=True)
    g = NormalFormGame(([[1, 0], [1 + c, c]], [[1, 1 + c], [0, c]]))  # PD with gain c > 0
    assert g.pure_equilibria() == [(1, 1)]
    assert g.pure_equilibrium_conditions() == {(1, 1): sp.true}


def test_prover_uses_products_of_facts():
    # sign of beta*(cL - cM)*(8 (cG - cL) - beta (cM - cL)) / b under cL < cM < cG, 0 < beta < 1:
    # 8(cG-cL) - beta(cM-cL) = 8(cG-cM) + 7(cM-cL) + (1-beta)(cM-cL) > 0, so the product is negative.
    b, beta, cL, cM, cG = sp.symbols("b beta c_L c_M c_G", positive=True)
    expr = beta * (cL - cM) * (8 * (cG - cL) - beta * (cM - cL)) / b
    pr = Prover((cM > cL) & (cG > cM) & (beta < 1))
    assert pr.sign(expr) == "neg"
    assert Prover().sign(expr) is None  # not decidable without the ordering of costs
    assert Prover(sp.Q.positive(cM - cL)).sign(cL - cM) == "neg"


def test_pure_equilibria_on_symbolic_game_only_returns_provable_profiles():
    a = sp.Symbol("a")
    g = NormalFormGame(([[a, 0], [0, 1]], [[1, 0], [0, 1]]))
    # (1, 1): 1 >= 0 for both -> always; (0, 0): a >= 0 open
    assert g.pure_equilibria() == [(1, 1)]
    assert g.pure_equilibrium_conditions()[(0, 0)] == sp.Ge(a, 0)
    assert sp.Symbol("a", positive=True) not in g.free_symbols
    gp = g.subs({a: sp.Symbol("a", positive=True)})
    assert gp.pure_equilibria() == [(0, 0), (1, 1)]


# --- properties on random games ---------------------------------------------------------------
def brute_force_pure(game: NormalFormGame) -> list[tuple[int, ...]]:
    """Independent definition: no player has a strictly better pure deviation (plain loops)."""
    out = []
    arrays = game.payoffs
    for s in itertools.product(*(range(m) for m in game.shape)):
        ok = True
        for i in range(game.n_players):
            for t in range(game.shape[i]):
                d = list(s)
                d[i] = t
                if arrays[i][tuple(d)] > arrays[i][s]:
                    ok = False
        if ok:
            out.append(s)
    return out


@given(game=normal_form_games(max_players=3, max_actions=3))
def test_pure_equilibria_match_brute_force_and_have_no_profitable_deviation(game):
    eqs = game.pure_equilibria()
    assert eqs == brute_force_pure(game)
    eq_set = set(eqs)
    for s in game.profiles():
        gain = game.deviation_gain(s)
        assert gain >= 0
        assert (gain == 0) == (s in eq_set)


@given(game=normal_form_games(max_players=3, max_actions=3, fractions=True))
def test_exact_and_float_versions_agree(game):
    # Fractions with denominators <= 4 on [-5, 5]: products by 12 are exact in floats
    floats = NormalFormGame([np.array([float(v) * 12 for v in a.ravel()]).reshape(a.shape) for a in game.payoffs])
    assert floats.kind == "float"
    assert floats.pure_equilibria() == game.pure_equilibria()


@given(game=normal_form_games(max_players=3, max_actions=3), data=st.data())
def test_relabelling_and_permutation_invariance(game, data):
    eqs = set(game.pure_equilibria())
    n = game.n_players
    # permute strategies of every player
    perms = [data.draw(st.permutations(range(m))) for m in game.shape]
    index = np.ix_(*perms)
    g2 = NormalFormGame([a[index] for a in game.payoffs])
    inv = [{old: new for new, old in enumerate(p)} for p in perms]
    assert set(g2.pure_equilibria()) == {tuple(inv[i][s[i]] for i in range(n)) for s in eqs}
    # permute players: new player k is old player order[k]
    order = data.draw(st.permutations(range(n)))
    g3 = NormalFormGame([np.transpose(game.payoffs[order[k]], order) for k in range(n)])
    assert set(g3.pure_equilibria()) == {tuple(s[order[k]] for k in range(n)) for s in eqs}


@given(game=normal_form_games(max_players=3, max_actions=3), data=st.data())
def test_affine_invariance(game, data):
    # u_i -> alpha_i u_i + beta_i + h_i(s_-i) with alpha_i > 0 leaves best responses unchanged
    new = []
    for i, a in enumerate(game.payoffs):
        alpha = F(data.draw(st.integers(1, 5)), data.draw(st.integers(1, 3)))
        shape_other = list(a.shape)
        shape_other[i] = 1
        h = np.array(data.draw(st.lists(st.integers(-3, 3), min_size=int(np.prod(shape_other)),
                                        max_size=int(np.prod(shape_other)))), dtype=object).reshape(shape_other)
        new.append(alpha * a + data.draw(st.integers(-4, 4)) + h)
    assert NormalFormGame(new).pure_equilibria() == game.pure_equilibria()


@given(gd=symbolic_games(max_players=3, max_actions=2))
def test_symbolic_conditions_agree_with_numeric_game_at_a_draw(gd):
    game, point = gd
    conds = game.pure_equilibrium_conditions()
    numeric = set(game.subs(point).pure_equilibria())
    for s in game.profiles():
        c = conds.get(s, sp.false)
        value = c.subs({k: sp.Rational(v.numerator, v.denominator) for k, v in point.items()})
        assert bool(value) == (s in numeric)


@settings(max_examples=20)
@given(game=normal_form_games(max_players=2, max_actions=3, min_players=2))
def test_mixed_equilibria_are_equilibria_and_on_the_simplex(game):
    for eq in game.mixed_equilibria():
        for x in eq:
            assert all(v >= 0 for v in x) and sum(x) == 1
        assert game.deviation_gain(eq) == 0
    # every pure equilibrium is among the extreme equilibria
    extreme = {tuple(tuple(int(v == 1) for v in x) for x in eq) for eq in game.mixed_equilibria()
               if all(max(x) == 1 for x in eq)}
    pure = {tuple(tuple(int(k == s_i) for k in range(m)) for s_i, m in zip(s, game.shape)) for s in game.pure_equilibria()}
    assert pure <= extreme


# --- interop ----------------------------------------------------------------------------------
def test_nashpy_round_trip():
    nashpy = pytest.importorskip("nashpy")
    ng = BOS.to_nashpy()
    assert isinstance(ng, nashpy.Game)
    back = NormalFormGame.from_nashpy(ng)
    assert back.kind == "exact" and back.pure_equilibria() == BOS.pure_equilibria()
    # nashpy's support enumeration on this nondegenerate game agrees (3 equilibria)
    assert len(list(ng.support_enumeration())) == 3
    with pytest.raises(DomainError):
        volunteers_dilemma().to_nashpy()


def test_restrict_keeps_labels():
    sub = BOS.restrict([(1,), (0, 1)])
    assert sub.strategies == (("Football",), ("Opera", "Football"))
    assert sub.pure_equilibria() == [(0, 1)]


def test_float_tolerance_option():
    g = NormalFormGame(([[0.1 + 0.2, 0.0], [0.3, 0.0]], [[1.0, 0.0], [1.0, 0.0]]))
    # 0.1 + 0.2 > 0.3 in floats, so row 0 alone is a best response without a tolerance
    assert g.pure_equilibria() == [(0, 0)]
    assert g.pure_equilibria(tol=1e-12) == [(0, 0), (1, 0)]


@settings(max_examples=25)
@given(coeffs=st.lists(st.integers(-3, 3), min_size=4, max_size=4), const=st.integers(-2, 2),
       square=st.booleans())
def test_prover_is_sound_on_random_expressions(coeffs, const, square):
    # facts x1 > x2 > x3 > 0; whatever sign the prover claims must hold at random points satisfying them
    x1, x2, x3, y = sp.symbols("x1 x2 x3 y")
    f = coeffs[0] * x1 + coeffs[1] * x2 + coeffs[2] * x3 + const
    if square:
        f = f * (coeffs[3] * x1 + x3 + 1)
    sign = Prover((x1 > x2) & (x2 > x3) & (x3 > 0)).sign(f)
    rng = np.random.default_rng(abs(hash((tuple(coeffs), const, square))) % 2**32)
    fn = sp.lambdify((x1, x2, x3), f)
    for _ in range(200):
        v3 = rng.exponential(2.0)
        v2 = v3 + rng.exponential(2.0)
        v1 = v2 + rng.exponential(2.0)
        val = fn(v1, v2, v3)
        if sign == "pos":
            assert val > 0
        elif sign == "neg":
            assert val < 0
        elif sign == "nonneg":
            assert val >= -1e-12
        elif sign == "nonpos":
            assert val <= 1e-12
        elif sign == "zero":
            assert abs(val) < 1e-12
    # a case decided by hand: x1 - x3 = (x1 - x2) + (x2 - x3) > 0
    assert Prover((x1 > x2) & (x2 > x3)).sign(x1 - x3) == "pos"


# --- symbolic 2x2 mixed equilibrium -----------------------------------------------------------
def test_interior_equilibrium_of_symbolic_battle_of_the_sexes():
    a = sp.Symbol("a")
    g = NormalFormGame(([[a, 0], [0, 1]], [[1, 0], [0, 2]]))
    eq = g.interior_equilibrium()
    # by hand: column mixes q so that a q = 1 - q -> q = 1/(1 + a); row mixes p: p = 2 (1 - p) -> p = 2/3
    assert sp.simplify(eq.y[0] - 1 / (1 + a)) == 0 and eq.x == (sp.Rational(2, 3), sp.Rational(1, 3))
    assert eq.conditions == (a > 0)
    # row payoff a q = a/(1 + a), column payoff 2/3 (indifference at p = 2/3)
    assert sp.simplify(eq.payoffs[0] - a / (1 + a)) == 0 and eq.payoffs[1] == sp.Rational(2, 3)
    assert g.interior_equilibrium(assumptions=a > 0).conditions is sp.true
    with pytest.raises(DomainError, match="interior_equilibrium"):
        g.mixed_equilibria()


def test_prisoners_dilemma_has_no_interior_equilibrium():
    # D strictly dominant: B22 - B21 = P - S and B11 - B12 = R - T have opposite signs under T > R > P > S
    assert SPD.interior_equilibrium(assumptions=(T > R) & (R > P) & (P > S)).conditions is sp.false
    assert NormalFormGame(([[1, 1], [1, 1]], [[0, 0], [0, 0]])).interior_equilibrium() is None  # dA = 0


@settings(max_examples=12)
@given(gd=symbolic_games(max_players=2, max_actions=2, min_players=2, min_actions=2))
def test_interior_equilibrium_conditions_agree_with_the_numeric_game(gd):
    game, point = gd
    eq = game.interior_equilibrium()
    if eq is None:
        return
    sub = {k: sp.Rational(v.numerator, v.denominator) for k, v in point.items()}
    holds = bool(eq.conditions.subs(sub))
    try:
        x = [v.subs(sub) for v in eq.x]
        y = [v.subs(sub) for v in eq.y]
        defined = all(v.is_finite for v in x + y)
    except ZeroDivisionError:
        defined = False
    interior = defined and all(0 < v < 1 for v in x + y)
    assert holds == interior
    if holds:
        num = game.subs(point)
        profile = tuple(np.array([F(int(v.p), int(v.q)) for v in vec], dtype=object) for vec in (x, y))
        assert num.deviation_gain(profile) == 0


def test_subs_matches_symbols_by_name():
    c = sp.Symbol("c", positive=True)
    g = NormalFormGame(([[c, 0], [0, 1]], [[1, 0], [0, 1]]))
    # Symbol("c") without assumptions is a different sympy object; subs still finds the game's c
    assert g.subs({sp.Symbol("c"): 2}).kind == "exact"
    assert g.subs(c=F(1, 2)).payoff((0, 0)) == (F(1, 2), 1)
    assert g.subs({sp.Symbol("unrelated"): 5}) == g


@pytest.mark.parametrize("method", ["logit", "simpdiv", "liap"])
def test_three_player_single_equilibrium_methods(method):
    pytest.importorskip("pygambit")
    res = volunteers_dilemma().equilibria(method=method)
    assert len(res.equilibria) >= 1 and all(g <= 1e-6 for g in res.max_deviation_gain)
    with pytest.raises(DomainError):
        volunteers_dilemma().equilibria(method="gnm")


# --- error paths not reached by the cases above (messages are the ones the API promises) --------
@pytest.mark.parametrize("payoffs, match", [
    (np.array([[[1.0, np.nan]], [[1.0, 2.0]]]), "contains NaN or infinity"),  # float ndarray path
    (np.zeros((3, 2, 2)), r"single payoff array must have shape \(n, s_1"),  # 3 arrays of 2 dims
    (np.array([[["1"]]]), "array of strings|not a string"),
    (sp.Matrix([[1, 2]]), "one per player"),
    (([[sp.oo, 1]], [[1, 1]]), "must be finite"),
    (([[sp.Eq(sp.Symbol("x"), 1), 1]], [[1, 1]]), "must be a sympy expression"),
])
def test_more_bad_payoffs(payoffs, match):
    with pytest.raises(DomainError, match=match):
        NormalFormGame(payoffs)


def test_bad_labels_messages():
    arrays = ([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(DomainError, match="players must be 2 labels"):
        NormalFormGame(arrays, players=("A",))
    with pytest.raises(DomainError, match="must be distinct strings"):
        NormalFormGame(arrays, strategies=(("C", "C"), ("L", "R")))
    with pytest.raises(DomainError, match="sequences of labels"):
        NormalFormGame(arrays, strategies="CD")


def test_bad_profiles_messages():
    with pytest.raises(DomainError, match="one strategy per player"):
        PD.payoff((0,))
    with pytest.raises(DomainError, match="an index or a label"):
        PD.payoff((0, 1.5))
    with pytest.raises(DomainError, match="one probability vector per player"):
        PD.expected_payoffs(([1, 0],))
    with pytest.raises(DomainError, match="must have 2 entries"):
        PD.expected_payoffs(([1, 0, 0], [1, 0]))
    # exact probabilities 1/2 + 1/3 != 1
    with pytest.raises(DomainError, match="not a probability vector"):
        PD.expected_payoffs(([F(1, 2), F(1, 3)], [1, 0]))


def test_shape_restricted_methods_raise():
    with pytest.raises(DomainError, match=r"is for 2x2 games; this game has shape \(3, 1\)"):
        NormalFormGame(([[1], [2], [3]], [[1], [2], [3]])).interior_equilibrium()
    with pytest.raises(DomainError, match="table\\(\\) shows 2-player games"):
        NormalFormGame((np.zeros((1, 1, 1), dtype=int),) * 3).table()
    with pytest.raises(DomainError, match="non-empty index list"):
        PD.restrict([(0,), ()])


@pytest.mark.parametrize("assumptions, match", [
    (sp.false, "assumptions are False"),
    (False, "assumptions are False"),
    ("a > 0", "Q-predicates|not a string"),  # strings are never parsed
])
def test_prover_rejects_bad_assumptions(assumptions, match):
    with pytest.raises(DomainError, match=match):
        Prover(assumptions)


@pytest.mark.parametrize("profile", [(["0.5", "0.5"], [1, 0]), ([b"1", b"0"], [1, 0]),
                                     (np.array([True, False]), [1, 0]), (np.array([1 + 5j, 0]), [1, 0])])
def test_mixed_profiles_hold_real_numbers_only(profile):
    # review finding: numpy's float conversion parsed text and bytes, took bools as 0/1 and dropped
    # imaginary parts; every entry now goes through the one number converter
    with pytest.raises(DomainError):
        MP.expected_payoffs(profile)
    with pytest.raises(DomainError):
        MP.deviation_gain(profile)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_pure_equilibria_are_the_brute_force_profiles_in_lexicographic_order(n, m, seed):
    # Independent reference: every profile checked by a loop over all unilateral deviations.
    # Small integer payoffs make ties (several equilibria) common. The result must be the sorted
    # list of tuples of Python ints.
    rng = np.random.default_rng(seed)
    shape = (m,) * n
    arrays = tuple(rng.integers(0, 3, shape).astype(float) for _ in range(n))
    ref = []
    for prof in itertools.product(range(m), repeat=n):
        if all(arrays[i][prof] >= arrays[i][prof[:i] + (t,) + prof[i + 1:]] for i in range(n) for t in range(m)):
            ref.append(prof)
    got = NormalFormGame(arrays).pure_equilibria()
    assert got == ref
    assert all(type(v) is int for p in got for v in p)
