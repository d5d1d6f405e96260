"""Benchmark: network dynamics at scale, against the practical floor (a bare sparse mat-vec).

Run: ``python tests/benchmarks/bench_dynamics.py [steps_at_1e6]`` or
``python -m pytest -m benchmark tests/benchmarks/bench_dynamics.py -s``.

Goals (issues 7 and 18): 10^5 firms on a sparse graph for 10^3 steps in under 60 s on one core;
cost per step linear in links (10^3–10^6 firms, mean degree 10); each step's cost reported as
ns per link-step and as a multiple of scipy's ``A @ x`` on the same graph (one pass over the
links: no simulation step can be cheaper than a few of them); 10^6 firms × 10^3 steps with peak
RSS ≤ 6 GB (measured on 2 shared cores, issue 18: 10^3–10^6 firms 80 / 50 / 73 / 121 ns per
link-step, 34 / 15 / 25 / 13 mat-vecs per step; 10^5 × 10^3 steps 40 s; 10^6 firms 0.54 s per
step, so 10^3 steps ≈ 9 min; the full 10^6 × 10^3 run measured 17 min wall at nice 19 on
two loaded cores, peak RSS 0.84 GiB). The rules switch everything on: innovation, diffusion, gatekeepers, Fermi
imitation, a subsidy and the sharing cost, and the local markets of ``random_cluster`` (segments
of 10 firms, one Cournot market each).

Issue 20's goal — a step within 3 mat-vecs — is met at every size (narrowly at 10^5 firms). :func:`matvecs_per_step`
(best of 7 CPU-time repetitions, step and ``A @ x`` interleaved in one process, two loaded
cores), mat-vecs per step at 10^3 / 10^4 / 10^5 / 10^6 firms (200 / 50 / 20 / 5 steps per run,
set-up included):

* compiled path (the ``fast`` extra, numba; :mod:`gametheory.dynamics._kernels`), issue 20's
  sixth session, the loop compiled (many steps per call): 2.7-2.8 / 2.15-2.3 / 2.95-2.98 /
  2.6-2.7 (ns per link-step 6.4-7.3 / 7.7-7.9 / 9.6-10.1 / 25; one run in five measured 3.6 at
  10^3 firms, where the ~9 µs mat-vec the step is divided by is the noisier of the two). Before
  it, a compiled step called from Python: 5.6-6.2 / 2.5-2.9 / 3.0-3.2 / 2.65-2.7; before the
  fifth session 5.9-6.2 / 2.8-3.2 / 3.5-3.8 at 10^3-10^5.
* numpy path (``GAMETHEORY_PURE=1``, or numba not installed), issue 20's first round: 17.0 / 7.4 /
  7.9 / 9.0 when measured first; 19.0 / 8.5 / 9.4 / 10.1 re-measured beside the compiled path.
* the same rules with best-response updating (and a fine of 0.02), compiled: 2.3 / 2.5 / 2.9 at
  10^3 / 10^4 / 10^5 firms (each updating firm's loss read from its own row; numpy: 19.8 at 10^4).

Where a compiled step goes at 10^5 firms (≈ 1.4 ms per mat-vec): the diffusion pass ≈ 1.8
mat-vecs. It reads each link's source cost at random and adds the cut to the recipient's inflow
(one sequential sum per row, as a mat-vec) and scatters it to the source's outflow. Scattering
there, instead of gathering each recipient's cost and weight for the outflow (the first compiled
version, 2.2 mat-vecs), keeps two firm-sized arrays in the random-access set instead of three,
which fits the 2 MiB L2 cache at 10^5 firms; the rows taken in ascending order give every outflow
the numpy path's order of additions, so the floats are the same. The local Cournot markets ≈ 0.45
(each segment's firms served right after its sorted row); the random draws (``rng.random(n)`` for
the updating firms, as the numpy path draws them) ≈ 0.15; Fermi imitation (neighbour, advantage,
``np.exp``, copying) ≈ 0.3; the series' sums, counts and minimum ≈ 0.15 (numba's loops for the
counts and the minimum took 0.09 until they went eight flags to a word and four minima at a
time, 0.025). Tried and dropped: skipping the rows of firms that do not seek or share (a
mispredicted branch per row costs more than the skipped links), source cost and outflow
interleaved in one array (slower).
At 10^3 firms a step called from Python paid some 25 numpy and kernel calls (~30 µs) against a
9 µs mat-vec. The loop is therefore compiled too (``_numba_kernels.run``, one call per ~2·10^6
link- and firm-steps, so that Ctrl-C arrives within milliseconds): numba's ``Generator`` draws
numpy's PCG64 stream (the same bit generator; 15 µs to pass it, once per call), the series' sums
are numpy's pairwise sums, and :math:`e^x` is numpy's own float64 ``exp`` loop called through its
address (0.3 µs for a hundred values; libm's ``exp``, numba's, differs from numpy's in the last
bit on 4.6 % of inputs). An object-mode call of ``np.exp`` (1.2 µs) came first: numba's cache
then re-compiled every kernel at each load, and an exception raised in it asynchronously
(Ctrl-C, ``time_limit``) surfaced as numba's ``TypeError``.

Warm-up (:func:`warm_up`, fresh processes): numba's import 0.2-0.3 s; compiling the kernels
3.6-4.1 s and the run loop 1.5 s at its first call, once per machine (numba's disk cache);
loading them from the cache 0.4-0.5 s and 0.05 s. A 10^3-firm game of
100 steps takes 0.03 s in numpy, so ``simulate`` loads the kernels only for runs of at least
``_kernels.MIN_WORK`` = 2·10^7 link-steps or when they are already loaded; this module loads
them up front (:data:`KERNELS`). :func:`test_step_in_matvecs` asserts the goal at 10^3, 10^4 and
10^5 firms with the compiled kernels (1.25 × 3); on the numpy path, which cannot meet it, the
level it reached (1.25 × 17 / 7.4 / 7.9).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np
import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")

from gametheory.dynamics import Rules, _kernels, random_cluster, simulate  # noqa: E402

#: The compiled kernels (the ``fast`` extra), loaded up front so that every run below uses them
#: (simulate loads them itself only for runs of at least _kernels.MIN_WORK link-steps); None: numpy.
KERNELS = _kernels.load()

RULES = Rules(innovation_rate=0.01, innovation_size=0.05, diffusion_rate=0.5, update_rule="fermi",
              update_probability=0.1, external_rate=0.05, external_growth=0.001, sharing_cost=0.2, subsidy=0.05)


def _matvec(cluster, repeats: int = 20) -> float:
    """Seconds for one ``A @ x`` on the cluster's (CSR, float64) adjacency: the floor per pass."""
    A = cluster.adjacency.astype(np.float64)
    x = np.random.default_rng(0).random(cluster.n_firms)
    A @ x
    start = time.perf_counter()
    for _ in range(repeats):
        A @ x
    return (time.perf_counter() - start) / repeats


def per_step(n: int, steps: int = 50) -> dict:
    cluster = random_cluster(n, 10.0, share=0.5, gatekeepers=0.5, seed=1)
    simulate(cluster, RULES, 1, seed=1)
    start = time.perf_counter()
    simulate(cluster, RULES, steps, seed=1)
    t = (time.perf_counter() - start) / steps
    floor = _matvec(cluster)
    return {"n": n, "links": cluster.n_links, "step": t, "matvec": floor}


def _cpu(work) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def matvecs_per_step(n: int, steps: int = 20, repeats: int = 7) -> dict:
    """One step of :data:`RULES` as a multiple of one ``A @ x`` on the same graph (issue 20).

    Both in this process, interleaved, each the best of ``repeats`` CPU-time repetitions, so a
    loaded machine slows both alike. The step includes the run's set-up (``steps`` steps per run).
    """
    cluster = random_cluster(n, 10.0, share=0.5, gatekeepers=0.5, seed=1)
    A = cluster.adjacency.astype(np.float64)
    x = np.random.default_rng(0).random(n)
    inner = max(1, 2 * 10**6 // n)
    simulate(cluster, RULES, 1, seed=1)
    step, matvec = [], []
    for _ in range(repeats):
        step.append(_cpu(lambda: simulate(cluster, RULES, steps, seed=1)) / steps)
        matvec.append(_cpu(lambda: [A @ x for _ in range(inner)]) / inner)
    return {"n": n, "links": cluster.n_links, "step": min(step), "matvec": min(matvec),
            "matvecs": min(step) / min(matvec)}


_WARM_UP = """
import time
start = time.perf_counter()
import numba  # noqa: F401
imported = time.perf_counter()
from gametheory.dynamics import _kernels, random_cluster, Rules, simulate
assert _kernels.load() is not None
loaded = time.perf_counter()
cluster = random_cluster(1000, 10.0, share=0.5, gatekeepers=0.5, seed=1)
rules = Rules(diffusion_rate=0.5, update_rule="fermi", sharing_cost=0.2, subsidy=0.05)
ran = time.perf_counter()
simulate(cluster, rules, 100, seed=1)
print(imported - start, loaded - imported, time.perf_counter() - ran)
"""


def warm_up() -> dict:
    """The kernels' warm-up in fresh processes, wall seconds: numba's import, then compiling the
    kernels (an empty cache directory) or loading them from the cache (the same directory again),
    and a small game (10^3 firms, 100 steps) after it; the same game on the numpy path."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        cold, warm = (subprocess.run([sys.executable, "-c", _WARM_UP], env=env, capture_output=True, text=True,
                                     check=True).stdout.split() for _ in range(2))
    pure_code = _WARM_UP.replace("import numba  # noqa: F401", "").replace("assert _kernels.load() is not None", "")
    pure = subprocess.run([sys.executable, "-c", pure_code], env={**os.environ, "GAMETHEORY_PURE": "1"},
                          capture_output=True, text=True, check=True).stdout.split()
    out = {"numba_import": float(cold[0]), "compile": float(cold[1]), "cached_load": float(warm[1]),
           "small_game_fast": float(warm[2]), "small_game_numpy": float(pure[2])}
    print(f"warm-up: numba import {out['numba_import']:.2f} s; kernels compiled {out['compile']:.2f} s (once per "
          f"machine, cached), loaded from the cache {out['cached_load']:.2f} s; a 10^3-firm game of 100 steps "
          f"{out['small_game_fast']:.3f} s compiled, {out['small_game_numpy']:.3f} s numpy")
    return out


def run(steps_at_million: int = 1000) -> dict:
    rows = []
    for n in (10**3, 10**4, 10**5, 10**6):
        r = per_step(n, 50 if n < 10**6 else 10)
        rows.append(r)
        print(f"{n:>8} firms, {r['links']:>8} links: {1e3 * r['step']:8.2f} ms/step, "
              f"{1e9 * r['step'] / r['links']:6.1f} ns per link-step; bare A@x {1e3 * r['matvec']:.3f} ms "
              f"(step = {r['step'] / r['matvec']:.0f} mat-vecs)")
    cluster = random_cluster(10**5, 10.0, share=0.5, gatekeepers=0.5, seed=1)
    start = time.perf_counter()
    simulate(cluster, RULES, 1000, seed=1)
    full = time.perf_counter() - start
    print(f"10^5 firms x 10^3 steps: {full:.1f} s (goal < 60 s)")
    big = random_cluster(10**6, 10.0, share=0.5, gatekeepers=0.5, seed=1)
    start = time.perf_counter()
    simulate(big, RULES, steps_at_million, seed=1)
    million = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20          # KiB -> GiB (Linux)
    print(f"10^6 firms x {steps_at_million} steps: {million:.1f} s; peak RSS {rss:.2f} GiB (goal <= 6)")
    return {"rows": rows, "full": full, "million": million, "rss_gib": rss}


#: Issue 20's goal in mat-vecs per step, the margin the benchmark allows, and what it asserts at
#: 10^3, 10^4 and 10^5 firms: the goal with the compiled kernels, the level reached on the numpy path.
GOAL = 3.0
MARGIN = 1.25
REACHED = {10**3: GOAL, 10**4: GOAL, 10**5: GOAL} if KERNELS is not None else {10**3: 17.0, 10**4: 7.4, 10**5: 7.9}


@pytest.mark.benchmark
def test_step_in_matvecs():
    # issue 20: goal <= 3 mat-vecs per step (compiled kernels); the numpy path: the level it reached
    warm_up()
    path = "compiled" if KERNELS is not None else "numpy"
    for n, steps in ((10**3, 200), (10**4, 50), (10**5, 20)):
        r = matvecs_per_step(n, steps)
        print(f"{n:>7} firms ({path}): {1e3 * r['step']:.3f} ms per step, {1e9 * r['step'] / r['links']:.1f} ns per "
              f"link-step = {r['matvecs']:.2f} mat-vecs (goal {GOAL:g}; asserted {MARGIN:g} x {REACHED[n]:g})")
        assert r["matvecs"] <= MARGIN * REACHED[n], r


@pytest.mark.benchmark
def test_dynamics_scale():
    out = run()
    assert out["full"] < 60
    assert out["rss_gib"] <= 6
    r4, r5, r6 = out["rows"][1:]
    assert (r5["step"] / r5["links"]) / (r4["step"] / r4["links"]) < 2.0   # linear in links (in cache)
    # at 10^6 firms memory latency slows every pass over the links, the mat-vec too: the step
    # tracks the floor (measured, issue 20: numpy ~7.4 mat-vecs at 10^4 firms, ~9 at 10^6;
    # compiled ~3.2 and ~4.5)
    assert r6["step"] / r6["matvec"] < 2.0 * r4["step"] / r4["matvec"]


if __name__ == "__main__":
    warm_up()
    for size, steps, repeats in ((10**3, 200, 7), (10**4, 50, 7), (10**5, 20, 7), (10**6, 5, 3)):
        print(f"{size:>7} firms: {matvecs_per_step(size, steps, repeats)['matvecs']:.2f} mat-vecs per step")
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
