"""Gambit .nfg reading/writing: hand-written files, round trips, and pygambit when installed."""

from __future__ import annotations

import io
from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
from hypothesis import given

from gametheory.core.params import DomainError
from gametheory.core.nfg import read_nfg, write_nfg
from gametheory.core.normal_form import NormalFormGame
from tests.strategies import normal_form_games

# The example of Gambit's documentation ("payoff version"): 2 players, 3 x 2 strategies,
# payoffs listed per profile with player 1's strategy changing fastest.
PAYOFF_VERSION = '''NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
'''

OUTCOME_VERSION = '''NFG 1 R "Two person 2 x 2 game with unique mixed equilibrium"
{ "Player 1" "Player 2" }

{ { "1" "2" }
{ "1" "2" }
}
""

{
{ "" 2, 0 }
{ "" 0, 1 }
{ "" 0, 1 }
{ "" 1, 0 }
}
1 2 3 4
'''


def test_read_payoff_version_by_hand():
    g = read_nfg(PAYOFF_VERSION)
    assert g.shape == (3, 2) and g.players == ("Player 1", "Player 2")
    # profiles in order (1,1) (2,1) (3,1) (1,2) (2,2) (3,2)
    A, B = g.payoffs
    assert [A[r, c] for c in range(2) for r in range(3)] == [1, 0, 0, 1, 0, 2]
    assert [B[r, c] for c in range(2) for r in range(3)] == [1, 2, 2, 1, 3, 0]
    assert g.kind == "exact"


def test_read_outcome_version_by_hand():
    g = read_nfg(OUTCOME_VERSION)
    A, B = g.payoffs
    # outcome k at profile k: (1,1)->(2,0), (2,1)->(0,1), (1,2)->(0,1), (2,2)->(1,0)
    assert A.tolist() == [[2, 0], [0, 1]] and B.tolist() == [[0, 1], [1, 0]]
    assert g.pure_equilibria() == []   # a cycle of best responses


def test_null_outcome_rationals_and_escaped_labels():
    text = 'NFG 1 R "t" { "A \\"x\\"" "B" }\n{ { "a" "b" } { "c" } }\n""\n{ { "o1" 1/3, -2.5 } }\n1 0\n'
    g = read_nfg(text)
    assert g.players == ('A "x"', "B")
    assert g.payoff((0, 0)) == (F(1, 3), F(-5, 2)) and g.payoff((1, 0)) == (0, 0)
    assert read_nfg(write_nfg(g)) == g


@pytest.mark.parametrize("text, match", [
    ("EFG 2 R", "start with"),
    ('NFG 2 R "" { "A" } { 1 }\n1', "version"),
    ('NFG 1 R "" { "A" "B" } { 2 }\n1 2', "counts"),
    ('NFG 1 R "" { "A" } { 2 }\n1', "end of file"),
    ('NFG 1 R "" { "A" } { 2 }\n1 x', "number"),
    ('NFG 1 R "" { "A" } { 2 }\n1 2 3', "trailing"),
    ('NFG 1 R "" { "A" } { 0 }\n', "at least one"),
])
def test_malformed_files_raise(text, match):
    with pytest.raises(DomainError, match=match):
        read_nfg(text)


@given(game=normal_form_games(max_players=3, max_actions=3, fractions=True))
def test_round_trip_exact(game):
    for fmt in ("outcome", "payoff"):
        back = read_nfg(write_nfg(game, format=fmt))
        assert back == game and back.kind == "exact"


@given(game=normal_form_games(max_players=3, max_actions=3, exact=False))
def test_round_trip_float(game):
    back = read_nfg(write_nfg(game))
    assert back.kind == "float"
    assert all(np.array_equal(x, y) for x, y in zip(back.payoffs, game.payoffs))


def test_write_to_file_and_read_path(tmp_path):
    g = NormalFormGame(([[3, 0], [5, 1]], [[3, 5], [0, 1]]), strategies=("C", "D"))
    path = tmp_path / "pd.nfg"
    g.to_nfg(path, title="PD")
    assert NormalFormGame.from_nfg(path) == g
    assert NormalFormGame.from_nfg(str(path)) == g
    with open(path) as fh:
        assert read_nfg(fh) == g


def test_symbolic_games_cannot_be_written():
    with pytest.raises(DomainError, match="subs"):
        write_nfg(NormalFormGame(([sp.Symbol("a")],)))


# --- pygambit ---------------------------------------------------------------------------------
@given(game=normal_form_games(max_players=3, max_actions=3, fractions=True))
def test_pygambit_reads_what_we_write_and_we_read_what_it_writes(game):
    gbt = pytest.importorskip("pygambit")
    for fmt in ("outcome", "payoff"):
        G = gbt.read_nfg(io.BytesIO(write_nfg(game, format=fmt).encode()))
        arrays = G.to_arrays()
        for ours, theirs in zip(game.payoffs, arrays):
            assert [F(str(v)) for v in np.asarray(theirs).ravel()] == list(ours.ravel())
        assert NormalFormGame.from_gambit(G) == game


def test_gambit_from_arrays_file_is_read_correctly():
    gbt = pytest.importorskip("pygambit")
    # a 2 x 3 x 2 game with distinct entries so that any axis mix-up shows
    arrays = [np.arange(12).reshape(2, 3, 2) + 100 * k for k in range(3)]
    G = gbt.Game.from_arrays(*arrays)
    g = NormalFormGame.from_nfg(G.to_nfg())
    for ours, ref in zip(g.payoffs, arrays):
        assert [int(v) for v in ours.ravel()] == ref.ravel().tolist()


@pytest.mark.parametrize("text, match", [
    ('NFG 1 X "" { "A" } { 2 }\n1 2', "precision must be R or D"),
    ('NFG 1 R "" { } { }\n', "no players"),
    ('NFG 1 R "" { "A" } { 2 }\n{ { "" 1 } }\n1 2', r"outcome index 2 out of range 0..1"),
    ('NFG 1 R "" { "A" } { 2 }\n{ { "" 1 2 } }\n1 1', "outcome 1 has 2 payoffs for 1 players"),
    ('NFG 1 R "" { "A" } { 2 }\n1 @', "expected a number, got '@'"),
])
def test_more_malformed_files_raise(text, match):
    with pytest.raises(DomainError, match=match):
        read_nfg(text)


def test_read_write_argument_errors(tmp_path):
    with pytest.raises(DomainError, match="needs a path, a file object or NFG text, got int"):
        read_nfg(42)
    with pytest.raises(DomainError, match="no such file"):
        read_nfg(str(tmp_path / "missing.nfg"))
    g = NormalFormGame(([[1, 0]], [[0, 1]]))
    with pytest.raises(DomainError, match="format must be 'outcome' or 'payoff'"):
        write_nfg(g, format="xml")
