"""Benchmark and example: a sweep of 10^4 simulations (issue 18).

Run: ``python tests/benchmarks/bench_sweep.py`` or
``python -m pytest -m benchmark tests/benchmarks/bench_sweep.py -s``.

A policy grid (subsidy × sharing cost × imitation intensity, 5 × 4 × 5 = 100 points) × 100
replications = 10^4 runs of 200 firms for 30 steps, serially and through a local process pool
with batching (a few tasks per worker, so per-task overhead is negligible); both give identical
numbers. For a multi-machine dask cluster pass ``executor=Client("tcp://scheduler:8786")``.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np
import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")

from gametheory.dynamics import Rules, random_cluster, sweep  # noqa: E402

CLUSTER = random_cluster(200, 6.0, share=0.5, seed=1)
RULES = Rules(innovation_rate=0.02, innovation_size=0.1, diffusion_rate=0.6, update_rule="fermi",
              update_probability=0.1)
GRID = {"subsidy": [0.0, 0.01, 0.02, 0.05, 0.1], "sharing_cost": [0.0, 0.1, 0.2, 0.5],
        "intensity": [1.0, 5.0, 10.0, 20.0, 50.0]}


def run(replications: int = 100, executors=("serial", "local")) -> dict:
    out = {}
    for ex in executors:
        start = time.perf_counter()
        res = sweep(CLUSTER, RULES, GRID, steps=30, replications=replications, seed=0, executor=ex,
                    max_workers=2, progress=sys.stderr.isatty())
        out[ex] = (time.perf_counter() - start, res)
        n = sum(len(row) for row in res.runs)
        print(f"{ex:>7}: {n} simulations in {out[ex][0]:.1f} s ({1e3 * out[ex][0] / n:.2f} ms each)")
    table = out[executors[0]][1].summary_table()
    share = table["final_share_preference"].mean(axis=1)
    best = int(np.argmax(share))
    print(f"highest mean final sharing share {share[best]:.2f} at {dict(out[executors[0]][1].points[best])}")
    return out


@pytest.mark.benchmark
def test_ten_thousand_simulations():
    out = run()
    a, b = (out[k][1].summary_table() for k in ("serial", "local"))
    for k in a:
        assert np.array_equal(a[k], b[k])
    assert sum(len(row) for row in out["local"][1].runs) == 10**4


if __name__ == "__main__":
    run()
