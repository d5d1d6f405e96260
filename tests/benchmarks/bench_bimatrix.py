"""Benchmark: all extreme equilibria of random bimatrix games, 4x4 ... 10x10.

Run: ``python tests/benchmarks/bench_bimatrix.py`` (plain report) or
``python -m pytest -m benchmark tests/benchmarks/bench_bimatrix.py -s``.

Anchors, in one process on the same games (``GAMES`` random games per size, summed times, each
the best of several repeats with ``time.perf_counter``):

* ``ours float`` — :func:`enumerate_equilibria` on uniform(0, 1) payoffs (qhull + certificate);
* ``quantecon vertex_enumeration`` — the goal is ``ours float`` within 2x of it at 10x10;
* ``pygambit lcp (float)`` — ``lcp_solve(rational=False)`` on a prebuilt game (it finds the
  equilibria reachable by Lemke paths, not necessarily all);
* ``ours exact`` — integer payoffs 0..99 (exact refinement, exact certificate, exact regret);
* ``pygambit enummixed (rational)`` — the exact reference on the same integer games (sizes <= 8;
  it gets slow beyond).

Equilibrium counts are compared on the way (ours float = quantecon).
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from gametheory.core.bimatrix import enumerate_equilibria

SIZES = [4, 5, 6, 7, 8, 9, 10]
GAMES = 5


def best_time(fn, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def run_size(k: int, seed: int = 0) -> dict[str, float]:
    rng = np.random.default_rng(seed + k)
    floats = [(rng.random((k, k)), rng.random((k, k))) for _ in range(GAMES)]
    ints = [(rng.integers(0, 100, (k, k)), rng.integers(0, 100, (k, k))) for _ in range(GAMES)]
    out: dict[str, float] = {"equilibria (float games)": 0}
    for A, B in floats:
        enumerate_equilibria(A, B)  # warm-up
    out["ours float"] = sum(best_time(lambda: enumerate_equilibria(A, B)) for A, B in floats)
    out["equilibria (float games)"] = sum(len(enumerate_equilibria(A, B)) for A, B in floats)
    try:
        import quantecon.game_theory as qgt

        qgames = [qgt.NormalFormGame((qgt.Player(A), qgt.Player(B.T))) for A, B in floats]
        qgt.vertex_enumeration(qgames[0])  # numba compilation
        out["quantecon vertex_enumeration"] = sum(best_time(lambda: qgt.vertex_enumeration(g)) for g in qgames)
        n_qe = sum(len(qgt.vertex_enumeration(g)) for g in qgames)
        assert n_qe == out["equilibria (float games)"], "quantecon and ours disagree"
    except ImportError:
        pass
    try:
        import pygambit as gbt

        ggames = [gbt.Game.from_arrays(A, B) for A, B in floats]
        out["pygambit lcp (float)"] = sum(
            best_time(lambda: gbt.nash.lcp_solve(g, rational=False), repeat=3) for g in ggames)
    except ImportError:
        gbt = None
    out["ours exact"] = sum(best_time(lambda: enumerate_equilibria(A, B), repeat=3) for A, B in ints)
    if gbt is not None and k <= 8:
        igames = [gbt.Game.from_arrays(A.astype(object), B.astype(object)) for A, B in ints]
        out["pygambit enummixed (rational)"] = sum(
            best_time(lambda: gbt.nash.enummixed_solve(g, rational=True), repeat=1) for g in igames)
    return out


def report() -> list[str]:
    lines = [f"sum over {GAMES} random games per size; ratios relative to quantecon vertex_enumeration"]
    for k in SIZES:
        res = run_size(k)
        base = res.get("quantecon vertex_enumeration", float("nan"))
        lines.append(f"{k}x{k}: {res.pop('equilibria (float games)')} equilibria in the float games")
        for name, t in res.items():
            lines.append(f"  {name:32s} {t * 1e3:10.2f} ms  {t / base:8.2f} x quantecon")
    return lines


@pytest.mark.benchmark
def test_float_enumeration_within_twice_quantecon_at_10x10():
    pytest.importorskip("quantecon")
    res = run_size(10)
    print("\n10x10: " + ", ".join(f"{k} {v * 1e3:.2f} ms" if "equilibria" not in k else f"{k} {v}"
                                   for k, v in res.items()))
    assert res["ours float"] <= 2 * res["quantecon vertex_enumeration"]


if __name__ == "__main__":
    print("\n".join(report()))
