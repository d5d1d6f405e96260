"""Benchmark (issue 20): the numeric kernels against the best peer, ratios asserted against the goals.

Run: ``python tests/benchmarks/bench_kernels.py`` (plain report) or
``python -m pytest -m benchmark tests/benchmarks/bench_kernels.py -s``.

Every time is the best of 7 repetitions in **CPU time** (``time.process_time``), so a loaded
2-core machine inflates both sides alike; each assertion allows 1.25 x its goal. A goal not met
fails its test with the measured ratio: the assertions are the goals, never loosened.

* **All equilibria, generic float games** 3x3 ... 15x15 (uniform(0, 1) payoffs): ours vs
  quantecon's ``vertex_enumeration``, each after its numba warm-up (reported separately, not
  charged: quantecon's JIT, and our compiled walks' ``warm_up()`` in a fresh process). Goal <= 1 x.
  The equilibrium counts must agree. The numpy path (``_pivot.enabled = False``, as without the
  ``fast`` extra) is reported alongside.
* **Degenerate games** (integer payoffs 0..9 as floats) 6x6 ... 15x15: ours (complete, with
  components) vs the same quantecon call (which may miss or duplicate equilibria here). Goal <= 2 x.
* **Exact path**: the same integer games as Python ints (exact rationals) vs our float path on
  the float copies, like for like: both with the compiled walks (the exact one in integer
  arithmetic), and both on numpy. Goal <= 3 x for each.
* **First numeric use**: a fresh interpreter solving one float 3x3 game (bytecode cached, as
  after ``pip install``); the package's import and first solve, with numpy's own import (~60 ms
  here, paid by every numpy package) reported apart, and whether sympy was imported. Goal < 50 ms
  and no sympy (measured 10 ms). A single game never loads numba (see ``_pivot.WARM_UP``).

Measured 2026-12-07, seventh session (CPU time, best of 7; one run of this file on 2 cores;
a second run of the float rows gave 0.71-0.84 at 3x3-4x4):

* warm-ups, not charged: quantecon about 1.26 s CPU; our compiled walks about 0.70 s (numba's
  import and the cached kernels; about 12 s once per machine to compile them, and 7 s more for
  the exact walk at the first exact game).
* float 3x3 / 4x4 / 6x6 / 8x8 / 10x10 / 12x12 / 15x15: 0.93 / 0.88 / 0.68 / 0.58 / 0.46 / 0.51 /
  0.33 with the compiled walks (sixth session 0.82 / 0.78 / 0.64 / 0.52 / 0.44 / 0.51 / 0.33).
  Met at every size.
* degenerate 6x6 / 8x8 / 10x10 / 12x12 / 15x15: 1.58 / 1.08 / 0.77 / 0.65 / 0.50 with the
  compiled walk over all bases. Met at every size.
* exact 6x6 / 8x8 / 10x10 / 12x12 / 15x15: 1.71 / 1.68 / 1.39 / 1.33 / 1.20 x the float path with
  the compiled walks (the exact walk in integers; before it 6.86 / 5.37 / 4.67 at 6x6-10x10);
  2.66 / 2.47 / 2.10 / 2.67 / 2.91 x on numpy. Met at every size.
* first use: 10 ms after numpy's import, no sympy. Met.
"""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
import pytest

from gametheory.core.bimatrix import enumerate_equilibria

FLOAT_SIZES = [3, 4, 6, 8, 10, 12, 15]
DEGENERATE_SIZES = [6, 8, 10, 12, 15]


def games_for(k: int) -> int:
    return 10 if k <= 8 else 4 if k <= 12 else 2


def cpu_best(fn, repeat: int = 7) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def quantecon_warmup() -> float:
    import quantecon.game_theory as qgt

    start = time.process_time()
    qgt.vertex_enumeration(qgt.NormalFormGame((qgt.Player(np.eye(2)), qgt.Player(np.eye(2)))))
    return time.process_time() - start


def compare(games, count=True) -> dict[str, float]:
    """Ours with the compiled walk (after its warm-up, like quantecon's), ours on numpy, and quantecon."""
    import quantecon.game_theory as qgt

    from gametheory.core.bimatrix import _pivot, warm_up

    qgames = [qgt.NormalFormGame((qgt.Player(A), qgt.Player(B.T))) for A, B in games]
    walk = warm_up()
    ours = [enumerate_equilibria(A, B) for A, B in games]
    if count:
        assert [len(r) for r in ours] == [len(qgt.vertex_enumeration(g)) for g in qgames]
    t_ours = cpu_best(lambda: [enumerate_equilibria(A, B) for A, B in games])
    t_qe = cpu_best(lambda: [qgt.vertex_enumeration(g) for g in qgames])
    enabled, _pivot.enabled = _pivot.enabled, False
    try:
        t_numpy = cpu_best(lambda: [enumerate_equilibria(A, B) for A, B in games])
    finally:
        _pivot.enabled = enabled
    return {"ours": t_ours / len(games), "quantecon": t_qe / len(games), "ratio": t_ours / t_qe,
            "numpy": t_numpy / len(games), "numpy ratio": t_numpy / t_qe, "compiled": walk}


def float_row(k: int) -> dict[str, float]:
    rng = np.random.default_rng(1000 + k)
    return compare([(rng.random((k, k)), rng.random((k, k))) for _ in range(games_for(k))])


def degenerate_games(k: int):
    rng = np.random.default_rng(2000 + k)
    return [(rng.integers(0, 10, (k, k)), rng.integers(0, 10, (k, k))) for _ in range(games_for(k))]


def degenerate_row(k: int) -> dict[str, float]:
    games = [(A.astype(float), B.astype(float)) for A, B in degenerate_games(k)]
    return compare(games, count=False)


def exact_row(k: int) -> dict[str, float]:
    """The exact path against the float path on the same games, like for like: both with the
    compiled walks, and both on numpy (``_pivot.enabled = False``, as without the ``fast`` extra)."""
    from gametheory.core.bimatrix import _pivot, warm_up

    ints = degenerate_games(k)
    floats = [(A.astype(float), B.astype(float)) for A, B in ints]
    warm_up()
    t_exact = cpu_best(lambda: [enumerate_equilibria(A, B) for A, B in ints])
    t_walk = cpu_best(lambda: [enumerate_equilibria(A, B) for A, B in floats])
    assert all("compiled exact walk" in enumerate_equilibria(A, B).method for A, B in ints)
    enabled, _pivot.enabled = _pivot.enabled, False
    try:
        t_exact_np = cpu_best(lambda: [enumerate_equilibria(A, B) for A, B in ints])
        t_float = cpu_best(lambda: [enumerate_equilibria(A, B) for A, B in floats])
    finally:
        _pivot.enabled = enabled
    return {"exact": t_exact / len(ints), "float": t_walk / len(ints), "ratio": t_exact / t_walk,
            "exact numpy": t_exact_np / len(ints), "float numpy": t_float / len(ints),
            "numpy ratio": t_exact_np / t_float}


WARM_UP = """
import time
t0 = time.process_time()
from gametheory.core.bimatrix import warm_up
t1 = time.process_time()
ok = warm_up()
print(time.process_time() - t1, ok)
"""


def walk_warmup() -> tuple[float, bool]:
    """CPU seconds of ``warm_up()`` in a fresh process (numba's import and the cached kernels), and whether it loaded.

    The first run on a machine compiles (and caches) the kernels; the best of three later runs is reported.
    """
    runs = [subprocess.run([sys.executable, "-c", WARM_UP], capture_output=True, text=True, check=True).stdout.split()
            for _ in range(4)]
    return min(float(r[0]) for r in runs[1:]), runs[-1][1] == "True"


FIRST_USE = """
import sys, time
t0 = time.perf_counter()
import numpy as np
t1 = time.perf_counter()
from gametheory.core.bimatrix import enumerate_equilibria
enumerate_equilibria(np.array([[3.0, 0.0], [0.0, 2.0], [1.0, 1.0]]), np.array([[2.0, 0.0], [0.0, 3.0], [1.0, 1.5]]))
print(t1 - t0, time.perf_counter() - t1, 'sympy' in sys.modules)
"""


def first_use(repeat: int = 5) -> tuple[float, float, bool]:
    """(numpy's import, the package's import and first solve, sympy imported?) in a fresh process.

    As a user's machine runs it: bytecode cached (the first process writes the ``.pyc`` files,
    as ``pip install`` does; ``PYTHONDONTWRITEBYTECODE`` is dropped, since some sandboxes set it
    and then every import recompiles every module, ~50 ms here). Best of ``repeat`` processes.
    numpy's own import is reported apart: every numpy package pays it, and it is not ours.
    """
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs = []
    for _ in range(repeat + 1):                     # the first run writes the bytecode cache
        out = subprocess.run([sys.executable, "-c", FIRST_USE], capture_output=True, text=True, check=True,
                             env=env).stdout.split()
        runs.append((float(out[0]), float(out[1]), out[2] == "True"))
    best = min(runs[1:], key=lambda r: r[1])
    return best[0], best[1], any(r[2] for r in runs)


def report() -> list[str]:
    t_walk, loaded = walk_warmup()
    lines = [f"quantecon numba warm-up (not charged): {quantecon_warmup() * 1e3:.0f} ms CPU",
             f"our compiled walk's warm-up (not charged; numba import + cached kernels): {t_walk * 1e3:.0f} ms CPU"
             f" (loaded: {loaded})"]
    for k in FLOAT_SIZES:
        r = float_row(k)
        lines.append(f"float {k}x{k}: ours {r['ours'] * 1e3:.3f} ms, quantecon {r['quantecon'] * 1e3:.3f} ms, "
                     f"ratio {r['ratio']:.2f} (goal <= 1); numpy path {r['numpy ratio']:.2f}")
    for k in DEGENERATE_SIZES:
        r = degenerate_row(k)
        lines.append(f"degenerate {k}x{k}: ours {r['ours'] * 1e3:.3f} ms, quantecon {r['quantecon'] * 1e3:.3f} ms, "
                     f"ratio {r['ratio']:.2f} (goal <= 2); numpy path {r['numpy ratio']:.2f}")
    for k in DEGENERATE_SIZES:
        r = exact_row(k)
        lines.append(f"exact {k}x{k}: {r['exact'] * 1e3:.2f} ms vs the float path {r['float'] * 1e3:.2f} ms with the "
                     f"compiled walks, ratio {r['ratio']:.2f} (goal <= 3); on numpy {r['exact numpy'] * 1e3:.2f} ms vs "
                     f"{r['float numpy'] * 1e3:.2f} ms, ratio {r['numpy ratio']:.2f} (goal <= 3)")
    t_np, t, sym = first_use()
    lines.append(f"first use (fresh process, one float game): {t * 1e3:.0f} ms wall after numpy's import "
                 f"({t_np * 1e3:.0f} ms), sympy imported: {sym} (goal < 50 ms, no sympy)")
    return lines


@pytest.mark.benchmark
@pytest.mark.parametrize("k", FLOAT_SIZES)
def test_float_games_at_most_quantecon(k):
    pytest.importorskip("quantecon")
    pytest.importorskip("numba")
    quantecon_warmup()
    r = float_row(k)
    print(f"\nfloat {k}x{k}: ratio {r['ratio']:.2f} x quantecon (goal <= 1)")
    assert r["ratio"] <= 1.25 * 1.0


@pytest.mark.benchmark
@pytest.mark.parametrize("k", DEGENERATE_SIZES)
def test_degenerate_games_within_twice_quantecon(k):
    pytest.importorskip("quantecon")
    pytest.importorskip("numba")
    quantecon_warmup()
    r = degenerate_row(k)
    print(f"\ndegenerate {k}x{k}: ratio {r['ratio']:.2f} x quantecon (goal <= 2)")
    assert r["ratio"] <= 1.25 * 2.0


@pytest.mark.benchmark
@pytest.mark.parametrize("k", DEGENERATE_SIZES)
def test_exact_path_within_three_times_float_path(k):
    pytest.importorskip("numba")
    r = exact_row(k)
    print(f"\nexact {k}x{k}: ratio {r['ratio']:.2f} x the float path with the compiled walks (goal <= 3); "
          f"{r['numpy ratio']:.2f} x on numpy (goal <= 3)")
    assert r["ratio"] <= 1.25 * 3.0 and r["numpy ratio"] <= 1.25 * 3.0


@pytest.mark.benchmark
def test_first_numeric_use_without_sympy():
    t_np, t, sym = first_use()
    print(f"\nfirst use {t * 1e3:.1f} ms after numpy's import ({t_np * 1e3:.0f} ms), sympy imported: {sym}")
    assert not sym
    assert t <= 1.25 * 0.050


if __name__ == "__main__":
    print("\n".join(report()))
