"""Benchmark: a regime map on 10^6 parameter points vs solving each point separately.

Run: ``python -m pytest -m benchmark tests/benchmarks/bench_regime.py -s`` (or run this file).

Game: a 3x3 symmetric coordination/hawk-dove family with payoffs affine in two parameters (a, b)
and one fixed parameter. The regime map evaluates all payoffs on the 1000 x 1000 grid with
``sympy.lambdify`` and applies the best-response mask at once. The reference solves points one at
a time the way a user would without it — ``game.subs({a: x, b: y}).pure_equilibria()`` — on a
random sample of ``SAMPLE`` grid points, scaled linearly to 10^6 points (it is a loop), and the
sampled answers are checked against the map.
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


@pytest.mark.benchmark
def test_regime_map_is_1000_times_faster_than_point_by_point():
    res = run()
    print("\n" + "\n".join(f"{k}: {v:.3f}" for k, v in res.items()))
    ratio = res["point by point (extrapolated)"] / res["regime map (with symbolic partition)"]
    print(f"speed-up {ratio:.0f}x")
    assert ratio >= 1000


if __name__ == "__main__":
    res = run()
    for k, v in res.items():
        print(f"{k:40s} {v:10.3f}" + (" s" if k != "label sets" else ""))
    print(f"speed-up (with partition) {res['point by point (extrapolated)'] / res['regime map (with symbolic partition)']:.0f}x, "
          f"(grid only) {res['point by point (extrapolated)'] / res['regime map (grid only)']:.0f}x")
