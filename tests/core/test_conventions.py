"""Conventions users bring from other libraries (issue 13): nashpy's Game(A, B), QuantEcon's
NormalFormGame, and unknown ``method=`` always rejected."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from gametheory import NormalFormGame
from gametheory.core.params import DomainError

A = [[3, 0], [4, 1]]          # prisoner's dilemma, row player
B = [[3, 4], [0, 1]]          # column player


def test_nashpy_style_two_matrices():
    pd = NormalFormGame(A, B)
    assert pd == NormalFormGame((A, B))
    assert pd.pure_equilibria() == [(1, 1)]                       # (defect, defect), by hand
    assert NormalFormGame(np.array(A), np.array(B)) == pd
    x = sp.Symbol("x")
    assert NormalFormGame(sp.Matrix([[x, 0], [0, 1]]), sp.Matrix([[1, 0], [0, x]])).is_symbolic
    labelled = NormalFormGame(A, B, strategies=("C", "D"))
    assert labelled.strategies == (("C", "D"), ("C", "D")) and labelled.players == ("P1", "P2")
    assert NormalFormGame((A, B), ["Row", "Column"]).players == ("Row", "Column")   # labels still work


def test_single_matrix_error_names_the_fix():
    with pytest.raises(DomainError, match=r"NormalFormGame\(A, B\)"):
        NormalFormGame(np.array(A))


def test_unknown_method_is_rejected_for_every_number_of_players():
    with pytest.raises(DomainError, match="bogus"):
        NormalFormGame(A, B).equilibria(method="bogus")
    with pytest.raises(DomainError, match="bogus"):
        NormalFormGame(A, B).mixed_equilibria(method="bogus")
    with pytest.raises(DomainError, match="bogus"):
        NormalFormGame(([1, 2],)).equilibria(method="bogus")
    assert len(NormalFormGame(A, B).mixed_equilibria()) == 1      # method=None is the default


def test_quantecon_round_trip_and_indexing():
    qe = pytest.importorskip("quantecon")
    pd = NormalFormGame(A, B)
    g = pd.to_quantecon()
    assert isinstance(g, qe.game_theory.NormalFormGame)
    # QuantEcon: player 2's array is indexed [own action, row player's action] = B transposed
    assert g.players[1].payoff_array.tolist() == np.array(B).T.tolist()
    assert g.payoff_profile_array[1, 0].tolist() == [4, 0]      # row D, column C: payoffs (4, 0)
    assert NormalFormGame.from_quantecon(g) == pd
    # three players: player 3's array is indexed (s3, s1, s2)
    rng = np.random.default_rng(1)
    arrays = tuple(rng.integers(-5, 6, (2, 3, 4)) for _ in range(3))
    game3 = NormalFormGame(arrays)
    g3 = game3.to_quantecon()
    assert g3.nums_actions == (2, 3, 4)
    assert g3.players[2].payoff_array[3, 1, 2] == arrays[2][1, 2, 3]
    assert NormalFormGame.from_quantecon(g3) == game3
    # quantecon's own game in, pure equilibria agree with quantecon's
    qe_pd = qe.game_theory.NormalFormGame([[(3, 3), (0, 4)], [(4, 0), (1, 1)]])
    assert NormalFormGame.from_quantecon(qe_pd).pure_equilibria() == \
        [tuple(p) for p in qe.game_theory.pure_nash_brute(qe_pd)]


def test_from_quantecon_refuses_other_objects():
    with pytest.raises(DomainError):
        NormalFormGame.from_quantecon(object())


ENTRY = ('EFG 2 R "entry" { "1" "2" } ""\n'
         'p "" 1 1 "" { "Out" "In" } 0\n t "" 1 "o" { 0, 2 }\n'
         'p "" 2 1 "" { "Fight" "Accommodate" } 0\n t "" 2 "f" { -1, -1 }\n t "" 3 "a" { 1, 1 }\n')


def test_efg_reads_the_reduced_normal_form(tmp_path):
    pytest.importorskip("pygambit")
    # entry game: Out gives (0, 2); In then Fight (-1, -1), Accommodate (1, 1). Normal form:
    # (Out, *) = (0, 2); (In, Fight) = (-1, -1); (In, Accommodate) = (1, 1) -> pure equilibria
    # (Out, Fight) (a non-credible threat) and (In, Accommodate), by hand.
    game = NormalFormGame.from_efg(ENTRY)
    assert game.strategies == (("Out", "In"), ("Fight", "Accommodate"))
    assert [game.profile_labels(p) for p in game.pure_equilibria()] == [("Out", "Fight"), ("In", "Accommodate")]
    assert game.payoff((1, 0)) == (-1, -1)
    path = tmp_path / "entry.efg"
    path.write_text(ENTRY)
    assert NormalFormGame.from_efg(path) == game
    with pytest.raises(DomainError):
        NormalFormGame.from_efg(ENTRY, max_profiles=3)
    with pytest.raises(DomainError):
        NormalFormGame.from_efg("EFG 2 R broken")
