"""Regime maps: grid masks against hand-derived conditions and against point-by-point solving."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from gametheory.core.params import DomainError
from gametheory.core.normal_form import NormalFormGame

a, b = sp.symbols("a b")
# Stag hunt family: stag together a, stag alone 0, hare always b.
STAG = NormalFormGame(([[a, 0], [b, b]], [[a, b], [0, b]]), strategies=("Stag", "Hare"))


def test_stag_hunt_regime_map_matches_hand_conditions():
    rm = STAG.regime_map(x=(a, -2, 4, 25), y=(b, -2, 4, 49))   # dyadic steps: exact grid values
    X, Y = np.meshgrid(rm.x, rm.y)
    # By hand: (S,S) iff a >= b; (H,H) iff b >= 0; (S,H) iff 0 >= b (P1) and b >= a (P2); (H,S) likewise.
    assert np.array_equal(rm.mask((0, 0)), X >= Y)
    assert np.array_equal(rm.mask((1, 1)), Y >= 0)
    assert np.array_equal(rm.mask((0, 1)), (Y <= 0) & (Y >= X))
    assert np.array_equal(rm.mask((1, 0)), (Y <= 0) & (Y >= X))
    assert rm.condition((0, 0)) == sp.Ge(a, b)
    assert rm.condition((1, 1)) == sp.Ge(b, 0)
    assert rm.condition((0, 1)) == sp.And(sp.Le(b, 0), sp.Ge(b, a))
    # labels index the distinct equilibrium sets, consistently with the masks
    for k, members in enumerate(rm.label_sets):
        where = rm.labels == k
        for p in rm.profiles:
            assert np.all(rm.mask(p)[where] == (p in members))


def test_regime_map_agrees_with_solving_points_separately():
    rm = STAG.regime_map(x=(a, -2, 4, 37), y=(b, -2, 4, 23))
    rng = np.random.default_rng(0)
    for _ in range(40):
        i, j = rng.integers(len(rm.x)), rng.integers(len(rm.y))
        eqs = set(STAG.subs({a: float(rm.x[i]), b: float(rm.y[j])}).pure_equilibria(tol=1e-12))
        assert {p for p in rm.profiles if rm.mask(p)[j, i]} == eqs


def test_regions_hold_where_labelled():
    rm = STAG.regime_map(x=(a, -1, 3, 9), y=(b, -1, 3, 9))
    for k in range(len(rm.label_sets)):
        region = rm.region(k)
        js, is_ = np.nonzero(rm.labels == k)
        for j, i in zip(js, is_):
            point = {a: sp.nsimplify(rm.x[i]), b: sp.nsimplify(rm.y[j])}
            assert bool(region.subs(point)) is True


def test_prisoners_dilemma_family_with_fixed_parameters():
    T, R, P, S = sp.symbols("T R P S")
    pd = NormalFormGame(([[R, S], [T, P]], [[R, T], [S, P]]), strategies=("C", "D"))
    rm = pd.regime_map(x=(T, 0, 6, 13), y=(S, -2, 4, 13), fixed={R: 3, P: 1})
    X, Y = np.meshgrid(rm.x, rm.y)
    # (C,C) iff R >= T i.e. T <= 3; (D,D) iff P >= S i.e. S <= 1 (hand derivation above)
    assert np.array_equal(rm.mask((0, 0)), X <= 3)
    assert np.array_equal(rm.mask((1, 1)), Y <= 1)
    assert rm.condition((0, 0)) == sp.Le(T, 3)
    assert dict(rm.fixed) == {R: 3, P: 1}


def test_regime_map_input_errors():
    T = sp.Symbol("T")
    g = NormalFormGame(([[a, T], [b, 0]], [[0, 0], [0, 0]]))
    with pytest.raises(DomainError, match="fixed"):
        g.regime_map(x=(a, 0, 1, 3), y=(b, 0, 1, 3))
    with pytest.raises(DomainError):
        STAG.regime_map(x=(a, 0, 1), y=(b, 0, 1, 3))
    with pytest.raises(DomainError):
        STAG.regime_map(x=(a, 1, 0, 3), y=(b, 0, 1, 3))
    with pytest.raises(DomainError):
        STAG.regime_map(x=("a", 0, 1, 3), y=(b, 0, 1, 3))
    with pytest.raises(DomainError):
        STAG.regime_map(x=(a, 0, 1, 3), y=(a, 0, 1, 3))


# --- the classic_regime_map figure's data (gametheory/outputs/catalog/classic.py) ----------------
def test_classic_regime_map_figure_data_matches_hand_regions():
    from gametheory.outputs.catalog.classic import regime_map_data

    d = regime_map_data()
    X, Y = np.meshgrid(d["T"], d["S"])
    # symmetric 2x2 game with R = 1, P = 0: (C,C) iff T <= 1; (D,D) iff S <= 0;
    # (C,D) and (D,C) iff S >= 0 and T >= 1 (each player prefers the other action to the copy)
    assert np.array_equal(d["cc"], X <= 1)
    assert np.array_equal(d["dd"], Y <= 0)
    assert np.array_equal(d["cd"], (Y >= 0) & (X >= 1))
    assert np.array_equal(d["dc"], d["cd"])
    assert sorted(d["label_names"]) == sorted(["Harmony", "Stag hunt", "Snowdrift / hawk-dove", "Prisoner's dilemma"])
    # prisoner's dilemma region: T > 1, S < 0
    pd_label = list(d["label_names"]).index("Prisoner's dilemma")
    assert np.array_equal(d["labels"] == pd_label, (X > 1) & (Y < 0))


def test_classic_demo_runs(tmp_path):
    import io

    from gametheory.outputs.demos import run_demo

    out = io.StringIO()
    run_demo("classic", stream=out, outdir=tmp_path)
    text = out.getvalue()
    assert "('Defect', 'Defect')" in text and "2/3" in text
    assert (tmp_path / "figures" / "classic_regime_map.png").exists() or any(tmp_path.rglob("classic_regime_map.png"))


def test_regime_map_grid_errors():
    with pytest.raises(DomainError, match="positive integer, got 0"):
        STAG.regime_map(x=(a, -1, 3, 0), y=(b, -1, 3, 5))
    with pytest.raises(DomainError, match="positive integer, got 2.0"):
        STAG.regime_map(x=(a, -1, 3, 2.0), y=(b, -1, 3, 5))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_regime_map_rejects_infinite_payoffs():
    # 1/a at a = 0 (a grid point) is infinite
    g = NormalFormGame(([[1 / a, 0], [0, 1]], [[1, 0], [0, b]]))
    with pytest.raises(DomainError, match="not finite somewhere on the grid"):
        g.regime_map(x=(a, 0, 1, 3), y=(b, 0, 1, 3))


@pytest.mark.parametrize("n, chunk", [(2, 7), (3, 1 << 14), (4, 50), (5, 333)])
def test_labels_are_the_equilibrium_sets_for_every_coding_path(n, chunk):
    # K = n*n profiles: 4 and 9 fit one byte, 16 two bytes (both labelled by a table of the codes
    # present), 25 a uint32 code labelled by np.unique; chunks that do not divide the grid
    # exercise the block boundaries. Invariant (independent of the coding): points with the same
    # label have the same equilibrium set, label_sets[k] is that set (read off the masks), labels
    # are numbered in increasing code order, and different labels mean different sets.
    rng = np.random.default_rng(n)
    u, v = sp.symbols("u v")
    A = sp.Matrix(n, n, lambda i, j: int(rng.integers(-2, 3)) * u + int(rng.integers(-2, 3)))
    B = sp.Matrix(n, n, lambda i, j: int(rng.integers(-2, 3)) * v + int(rng.integers(-2, 3)))
    rm = NormalFormGame((A, B)).regime_map(x=(u, -2, 2, 31), y=(v, -2, 2, 29), symbolic=False, chunk=chunk)
    sets = {}
    for j in range(len(rm.y)):
        for i in range(len(rm.x)):
            here = tuple(p for p in rm.profiles if rm.mask(p)[j, i])
            assert rm.label_sets[rm.labels[j, i]] == here
            sets.setdefault(rm.labels[j, i], here)
    assert len(set(sets.values())) == len(sets) == len(rm.label_sets)
    codes = [sum(1 << k for k, p in enumerate(rm.profiles) if p in s) for s in rm.label_sets]
    assert codes == sorted(codes)


@pytest.mark.parametrize("chunk", [0, -1, 1.5, True, None])
def test_regime_map_refuses_a_chunk_that_is_not_a_positive_integer(chunk):
    # chunk=-1 used to skip the loop and return masks and labels of uninitialised memory
    with pytest.raises(DomainError, match="chunk must be a positive integer"):
        STAG.regime_map(x=(a, -2, 4, 5), y=(b, -2, 4, 5), chunk=chunk)
