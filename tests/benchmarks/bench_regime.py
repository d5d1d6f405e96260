"""Benchmark: a regime map on 10^6 parameter points vs solving each point separately.

Run: ``python -m pytest -m benchmark tests/benchmarks/bench_regime.py -s`` (or run this file).

Game: a 3x3 symmetric coordination/hawk-dove family with payoffs affine in two parameters (a, b)
and one fixed parameter. The regime map evaluates all payoffs on the 1000 x 1000 grid with
``sympy.lambdify`` and applies the best-response mask at once. The reference solves points one at
a time the way a user would without it — ``game.subs({a: x, b: y}).pure_equilibria()`` — on a
random sample of ``SAMPLE`` grid points, scaled linearly to 10^6 points (it is a loop), and the
sampled answers are checked against the map.

Second anchor (issue 20: regime maps within 2x of hand-written numpy): the same closed form typed
by hand — the nine payoff entries as numpy arrays on the grid, both players' best-response masks,
and (for the same outputs as the map) each point's equilibrium set coded with ``np.packbits`` and
labelled with ``np.unique``. Timed in one run, best of 7; the grid-only map (no symbolic
partition) is what the hand code computes.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
import sympy as sp

from gametheory.core.normal_form import NormalFormGame

SAMPLE = 300
GRID = 1000


def family() -> tuple[NormalFormGame, tuple[sp.Symbol, ...]]:
    a, b, c = sp.symbols("a b c")
    A = sp.Matrix([[a, 0, 1], [b, 2, c], [1 - a, b - 1, 1]])
    return NormalFormGame((A, A.T), strategies=("x", "y", "z")), (a, b, c)


def run() -> dict:
    game, (a, b, c) = family()
    game.regime_map(x=(a, -3, 3, 5), y=(b, -3, 3, 5), fixed={c: 1})  # warm-up: imports, printers
    start = time.perf_counter()
    rm = game.regime_map(x=(a, -3, 3, GRID), y=(b, -3, 3, GRID), fixed={c: 1})
    t_map = time.perf_counter() - start
    start = time.perf_counter()
    rm_fast = game.regime_map(x=(a, -3, 3, GRID), y=(b, -3, 3, GRID), fixed={c: 1}, symbolic=False)
    t_map_numeric = time.perf_counter() - start
    rng = np.random.default_rng(1)
    idx = [(int(rng.integers(GRID)), int(rng.integers(GRID))) for _ in range(SAMPLE)]
    fixed = game.subs({c: 1})
    start = time.perf_counter()
    answers = [set(fixed.subs({a: float(rm.x[i]), b: float(rm.y[j])}).pure_equilibria(tol=1e-12)) for i, j in idx]
    t_loop = (time.perf_counter() - start) / SAMPLE * GRID * GRID
    for (i, j), ans in zip(idx, answers):
        assert {p for p in rm.profiles if rm.mask(p)[j, i]} == ans
    assert np.array_equal(rm.masks, rm_fast.masks)
    return {"regime map (with symbolic partition)": t_map, "regime map (grid only)": t_map_numeric,
            "point by point (extrapolated)": t_loop, "label sets": len(rm.label_sets)}


def hand_written(xgrid: np.ndarray, ygrid: np.ndarray, labels: bool = True):
    """The family's pure equilibria on the grid in plain numpy (c = 1), as a user would write it."""
    X, Y = np.meshgrid(xgrid, ygrid)
    a, b = X.ravel(), Y.ravel()
    one, zero = np.ones_like(a), np.zeros_like(a)
    P = np.stack([a, zero, one, b, 2 * one, one, 1 - a, b - 1, one]).reshape(3, 3, -1)   # A(a, b, 1)
    Q = P.transpose(1, 0, 2)                                                            # player 2: A^T
    mask = (P >= P.max(axis=0, keepdims=True)) & (Q >= Q.max(axis=1, keepdims=True))
    if not labels:
        return mask
    bytes_ = np.packbits(mask.reshape(9, -1), axis=0, bitorder="little")
    codes = bytes_[0].astype(np.uint16) | (bytes_[1].astype(np.uint16) << 8)
    _, inverse = np.unique(codes, return_inverse=True)
    return mask, inverse.reshape(len(ygrid), len(xgrid))


def _best(fn, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def against_hand_written() -> dict:
    game, (a, b, c) = family()
    grid = np.linspace(-3, 3, GRID)
    spec = dict(x=(a, -3, 3, GRID), y=(b, -3, 3, GRID), fixed={c: 1}, symbolic=False)
    game.regime_map(x=(a, -3, 3, 5), y=(b, -3, 3, 5), fixed={c: 1}, symbolic=False)   # warm-up
    rm = game.regime_map(**spec)
    mask, labels = hand_written(grid, grid)
    assert np.array_equal(rm.masks.reshape(9, -1), mask.reshape(9, -1))
    assert np.array_equal(rm.labels, labels)
    t_map = _best(lambda: game.regime_map(**spec))
    t_hand = _best(lambda: hand_written(grid, grid))
    t_mask = _best(lambda: hand_written(grid, grid, labels=False))
    return {"regime map (grid only)": t_map, "hand-written numpy (masks + labels)": t_hand,
            "hand-written numpy (masks only)": t_mask}


@pytest.mark.benchmark
def test_regime_map_within_twice_hand_written_numpy():
    res = against_hand_written()
    print("\n" + "\n".join(f"{k}: {v * 1e3:.1f} ms" for k, v in res.items()))
    same = res["regime map (grid only)"] / res["hand-written numpy (masks + labels)"]
    masks_only = res["regime map (grid only)"] / res["hand-written numpy (masks only)"]
    print(f"ratio {same:.2f} (same outputs), {masks_only:.2f} (vs masks alone)")
    assert same <= 2.0


@pytest.mark.benchmark
def test_regime_map_is_1000_times_faster_than_point_by_point():
    res = run()
    print("\n" + "\n".join(f"{k}: {v:.3f}" for k, v in res.items()))
    ratio = res["point by point (extrapolated)"] / res["regime map (with symbolic partition)"]
    print(f"speed-up {ratio:.0f}x")
    assert ratio >= 1000


if __name__ == "__main__":
    for k, v in against_hand_written().items():
        print(f"{k:40s} {v * 1e3:10.1f} ms")
    res = run()
    for k, v in res.items():
        print(f"{k:40s} {v:10.3f}" + (" s" if k != "label sets" else ""))
    print(f"speed-up (with partition) {res['point by point (extrapolated)'] / res['regime map (with symbolic partition)']:.0f}x, "
          f"(grid only) {res['point by point (extrapolated)'] / res['regime map (grid only)']:.0f}x")
