"""Benchmark: gametheory.models.rd.SpilloverRD.

Run: ``python tests/benchmarks/bench_rd.py`` (plain report) or
``python -m pytest -m benchmark tests/benchmarks/bench_rd.py -s``.

Anchors, in one process (best of several repeats, ``time.perf_counter``):

* ``bare float formula`` — the duopoly closed form x^N evaluated in plain Python floats (the floor);
* ``core ContinuousGame (stage 1)`` — the general KKT solver on the reduced-form stage-1 game
  with exact parameters (what a user would do without the model);
* ours: ``noncooperative()`` exact (with its exact deviation check), all six regimes, the
  optimal subsidy, the symbolic regimes and the symbolic subsidy in λ, and the data of the two
  figures (101 values of β x 6 regimes; 51 values of λ).
"""

from __future__ import annotations

import time
from fractions import Fraction

import pytest
import sympy as sp

from gametheory.models.rd import SpilloverRD


def best_time(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _continuous_game():
    from gametheory import ContinuousGame

    a, b, A, beta, g = 25, 1, 10, sp.Rational(1, 2), 3
    y1, y2 = sp.symbols("y1 y2")
    c1, c2 = A - y1 - beta * y2, A - y2 - beta * y1
    q1, q2 = (a - 2 * c1 + c2) / (3 * b), (a - 2 * c2 + c1) / (3 * b)
    return ContinuousGame([b * q1**2 - g * y1**2 / 2, b * q2**2 - g * y2**2 / 2], [y1, y2])


def _fresh(n: int):
    """A new model each call (distinct beta) so that sympy's cache does not flatter the timing."""
    _fresh.k = getattr(_fresh, "k", 0) + 1
    return SpilloverRD(a=25, b=1, A=20, beta=Fraction(_fresh.k % 97, 101), gamma=3, n=n)


def run() -> dict[str, float]:
    m = SpilloverRD(a=25, b=1, A=10, beta=Fraction(1, 2), gamma=3)
    a, b, A, g = sp.symbols("a b A gamma", positive=True)
    beta, lam = sp.Symbol("beta", nonnegative=True), sp.Symbol("lambda", nonnegative=True)
    ms = SpilloverRD(a, b, A, beta, g)
    out = {
        "bare float formula": best_time(lambda: [15.0 * 1.5 / (13.5 - 2.25) for _ in range(1)], repeat=50),
        "core ContinuousGame (stage 1)": best_time(lambda: _continuous_game().equilibrium()),
        "noncooperative() exact, n=2": best_time(lambda: _fresh(2).noncooperative(), repeat=10),
        "noncooperative() exact, n=10": best_time(lambda: _fresh(10).noncooperative(), repeat=10),
        "all six regimes exact, n=2": best_time(lambda: _fresh(2).regimes(), repeat=5),
        "subsidy_policy(1/5) exact": best_time(lambda: m.subsidy_policy(Fraction(1, 5)), repeat=5),
        "coordinate(1/5) exact (core engine, two instruments)": best_time(lambda: m.coordinate(Fraction(1, 5)),
                                                                          repeat=3),
        "noncooperative() symbolic": best_time(ms.noncooperative),
        "all six regimes symbolic": best_time(ms.regimes, repeat=1),
        "subsidy_policy(lambda) symbolic": best_time(lambda: ms.subsidy_policy(lam), repeat=1),
    }
    from gametheory.outputs.catalog import rd as catalog

    out["figure data rd_by_regime_vs_beta"] = best_time(catalog.rd_by_regime_data, repeat=1)
    out["figure data rd_subsidy_vs_lambda"] = best_time(catalog.rd_subsidy_data, repeat=1)
    return out


def report() -> list[str]:
    return [f"{k:36s} {v * 1e3:10.2f} ms" for k, v in run().items()]


@pytest.mark.benchmark
def test_rd_timings_are_interactive():
    res = run()
    print("\n" + "\n".join(f"{k}: {v * 1e3:.2f} ms" for k, v in res.items()))
    assert res["noncooperative() exact, n=2"] < 0.5
    assert res["figure data rd_by_regime_vs_beta"] < 30


if __name__ == "__main__":
    print("\n".join(report()))
