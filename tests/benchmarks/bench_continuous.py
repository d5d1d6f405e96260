"""Benchmark: gametheory.core.continuous (KKT enumeration, numeric path) and core.statics.

Run: ``python tests/benchmarks/bench_continuous.py`` (plain report) or
``python -m pytest -m benchmark tests/benchmarks/bench_continuous.py -s``.

Anchors (best of several repeats, ``time.perf_counter``, one process):

* ``bare sympy.solve of the interior FOCs`` — what a user does by hand for the symbolic Cournot
  duopoly: no corners, no conditions, no verification (the floor for the exact path);
* ours: the same game with every KKT corner, cleaned conditions, SOC, stability, uniqueness and
  the numeric deviation check at random admissible draws; without verification;
* numeric games: exact KKT on a 3-firm Cournot, the scipy path, and 20 firms (2^20 corner patterns:
  numeric active set then exact re-solution);
* d'Aspremont–Jacquemin stage-1 R&D game, symbolic in all five parameters.
"""

from __future__ import annotations

import time

import pytest
import sympy as sp

from gametheory.core.continuous import ContinuousGame, maximize
from gametheory.core.statics import comparative_statics


def best_time(fn, repeat: int = 3) -> float:
    """Best of ``repeat`` runs. Symbolic games use fresh symbols per run (cold sympy caches);
    numeric games reuse expressions, so their repeats are warm."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _fresh_symbols(k: int):
    # new symbols each call (distinct names) so sympy's cache does not flatter the timing
    return sp.symbols(f"a{k} b{k} c1_{k} c2_{k}", positive=True), sp.symbols(f"q1_{k} q2_{k}")


_K = [0]


def _duopoly():
    _K[0] += 1
    (a, b, c1, c2), (q1, q2) = _fresh_symbols(_K[0])
    P = a - b * (q1 + q2)
    return [(P - c1) * q1, (P - c2) * q2], [q1, q2]


def _bare_solve():
    pays, qs = _duopoly()
    return sp.solve([sp.diff(u, q) for u, q in zip(pays, qs)], qs, dict=True)


def _ours(verify: bool):
    pays, qs = _duopoly()
    return ContinuousGame(pays, qs).equilibrium(verify=verify)


def _cournot(n: int, a: int = 40):
    qs = sp.symbols(f"q1:{n + 1}")
    P = a - sum(qs)
    return ContinuousGame([(P - (1 + 3 * k)) * q for k, q in enumerate(qs)], list(qs))


def _dj():
    _K[0] += 1
    k = _K[0]
    a, A, b, beta, gamma = sp.symbols(f"a{k} A{k} b{k} beta{k} gamma{k}", positive=True)
    x1, x2 = sp.symbols("x1 x2")

    def pi(xi, xj):
        return (a - A + (2 - beta) * xi + (2 * beta - 1) * xj) ** 2 / (9 * b) - gamma * xi ** 2 / 2

    return ContinuousGame([pi(x1, x2), pi(x2, x1)], [x1, x2]).equilibrium(verify=False)


def measure() -> dict[str, float]:
    x = sp.Symbol("x")
    a, b, c1, c2 = sp.symbols("a b c1 c2", positive=True)
    return {
        "bare sympy.solve of the interior FOCs (duopoly, symbolic)": best_time(_bare_solve),
        "ContinuousGame.equilibrium, symbolic duopoly, verify=False": best_time(lambda: _ours(False)),
        "ContinuousGame.equilibrium, symbolic duopoly, verified": best_time(lambda: _ours(True)),
        "ContinuousGame.equilibria (4 regimes), symbolic duopoly": best_time(
            lambda: ContinuousGame(*_duopoly()).equilibria(verify=False)),
        "exact KKT, numeric Cournot n=3 (8 corner patterns)": best_time(lambda: _cournot(3).equilibrium(verify=False)),
        "numeric path, Cournot n=3": best_time(lambda: _cournot(3).equilibrium(method="numeric")),
        "Cournot n=20 (numeric active set + exact re-solve)": best_time(lambda: _cournot(20).equilibrium(verify=False),
                                                                       repeat=1),
        "d'Aspremont-Jacquemin stage 1, 5 symbols": best_time(_dj, repeat=1),
        "maximize, planner quadratic": best_time(lambda: maximize(a * x - b * x ** 2 / 2, x)),
        "comparative_statics dq1/dc2 (warm cache)": best_time(
            lambda: comparative_statics((a - 2 * c1 + c2) / (3 * b), c2)),
    }


@pytest.mark.benchmark
def test_report_continuous_benchmarks():
    res = measure()
    for name, t in res.items():
        print(f"{name:65s} {t * 1e3:9.1f} ms")
    # the full KKT treatment of the symbolic duopoly stays interactive
    assert res["ContinuousGame.equilibrium, symbolic duopoly, verified"] < 10.0


if __name__ == "__main__":  # pragma: no cover
    for name, t in measure().items():
        print(f"{name:65s} {t * 1e3:9.1f} ms")
