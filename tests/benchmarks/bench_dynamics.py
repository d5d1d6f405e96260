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

Issue 20's goal — a step within 3 mat-vecs — is **not reached**. :func:`matvecs_per_step` (best
of 7 CPU-time repetitions, step and ``A @ x`` interleaved in one process, two loaded cores)
measured, before → after issue 20: 10^3 firms 30.4 → 17.0, 10^4 firms 14.9 → 7.4, 10^5 firms
17.3 → 7.9, 10^6 firms (3 steps) 16.6 → 9.0 mat-vecs per step (75 → 34 ns per link-step at
10^5, 159 → 87 at 10^6: 0.70 → 0.38 s per step). Where a step goes at 10^5
firms: the flows' six numpy passes over the links ≈ 4 mat-vecs (two gathers, a subtraction, a
comparison, a clamp, a product: each pass streams link-sized arrays, as a mat-vec does), the
absorbed and transmitted sums ≈ 1 mat-vec each, the local Cournot markets
(``cournot_unchecked`` on the padded segment blocks) ≈ 1.8, attitudes and bookkeeping ≈ 0.5.
Three mat-vecs would need the per-link work fused into one pass (a compiled kernel) and a
cheaper batch of small Cournot markets in the market block; :func:`test_step_in_matvecs` guards
the level reached instead (1.25 × the measured 7.4 / 7.9).
"""

from __future__ import annotations

import os
import resource
import sys
import time

import numpy as np
import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")

from gametheory.dynamics import Rules, random_cluster, simulate  # noqa: E402

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


#: Mat-vecs per step reached in issue 20 (10^4, 10^5 firms), and the margin the benchmark allows.
REACHED = {10**4: 7.4, 10**5: 7.9}
MARGIN = 1.25


@pytest.mark.benchmark
def test_step_in_matvecs():
    # issue 20: goal <= 3 mat-vecs per step, not reached; assert the level reached, with margin
    for n, steps in ((10**4, 50), (10**5, 20)):
        r = matvecs_per_step(n, steps)
        print(f"{n:>7} firms: {1e3 * r['step']:.3f} ms per step, {1e9 * r['step'] / r['links']:.1f} ns per link-step "
              f"= {r['matvecs']:.2f} mat-vecs (goal 3; reached {REACHED[n]})")
        assert r["matvecs"] <= MARGIN * REACHED[n], r


@pytest.mark.benchmark
def test_dynamics_scale():
    out = run()
    assert out["full"] < 60
    assert out["rss_gib"] <= 6
    r4, r5, r6 = out["rows"][1:]
    assert (r5["step"] / r5["links"]) / (r4["step"] / r4["links"]) < 2.0   # linear in links (in cache)
    # at 10^6 firms memory latency slows every pass over the links, the mat-vec too: the step
    # tracks the floor (measured, issue 20: ~7.4 mat-vecs at 10^4 firms, ~9 at 10^6)
    assert r6["step"] / r6["matvec"] < 2.0 * r4["step"] / r4["matvec"]


if __name__ == "__main__":
    for size in (10**3, 10**4, 10**5):
        print(f"{size:>7} firms: {matvecs_per_step(size, 200 if size < 10**4 else 50 if size < 10**5 else 20)['matvecs']:.2f} "
              f"mat-vecs per step")
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
