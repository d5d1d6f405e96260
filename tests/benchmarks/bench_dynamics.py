"""Benchmark: network dynamics at scale (10^5 firms x 10^3 steps on one core; linear in edges).

Run: ``python tests/benchmarks/bench_dynamics.py`` or ``python -m pytest -m benchmark tests/benchmarks/bench_dynamics.py -s``.
Goal (issue 7): 10^5 firms on a sparse graph for 10^3 steps in under 60 s on one core, and cost
per step growing linearly with the number of links (measured at 10^3, 10^4, 10^5 firms, mean
degree 10).
"""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")

from gametheory.dynamics import Rules, random_cluster, simulate  # noqa: E402

RULES = Rules(innovation_rate=0.01, innovation_size=0.05, diffusion_rate=0.5, update_rule="fermi",
              update_probability=0.1, external_rate=0.05, external_growth=0.001, sharing_cost=0.001, subsidy=0.001)


def per_step(n: int, steps: int = 100) -> tuple[float, int]:
    cluster = random_cluster(n, 10.0, share=0.5, gatekeepers=0.2, seed=1)
    start = time.perf_counter()
    simulate(cluster, RULES, steps, seed=1)
    return (time.perf_counter() - start) / steps, cluster.n_links


def run() -> dict:
    rows = []
    for n in (10**3, 10**4, 10**5):
        t, links = per_step(n)
        rows.append((n, links, t))
        print(f"{n:>7} firms, {links:>7} links: {1e3 * t:.2f} ms/step, {1e9 * t / links:.1f} ns per link-step")
    cluster = random_cluster(10**5, 10.0, share=0.5, gatekeepers=0.2, seed=1)
    start = time.perf_counter()
    simulate(cluster, RULES, 1000, seed=1)
    full = time.perf_counter() - start
    print(f"10^5 firms x 10^3 steps: {full:.1f} s (goal < 60 s)")
    return {"rows": rows, "full": full}


@pytest.mark.benchmark
def test_dynamics_scale():
    out = run()
    assert out["full"] < 60
    (_, l4, t4), (_, l5, t5) = out["rows"][1], out["rows"][2]
    assert (t5 / l5) / (t4 / l4) < 2.0          # per-link cost roughly constant: linear in edges


if __name__ == "__main__":
    run()
