"""Benchmark: 10^4 replicator trajectories, vectorised RK4 vs a Python loop of solve_ivp.

Run: ``python -m pytest -m benchmark tests/benchmarks/bench_replicator.py -s`` (or run this file).
Both methods run in the same process; accuracy of each is measured against a tight DOP853
integration (rtol 1e-11) of a random subset. The solve_ivp loop is timed on a subset of
``LOOP_SAMPLE`` trajectories and scaled linearly to 10^4 (it is a loop: cost is linear in the
number of trajectories); the ratio printed uses that extrapolation.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from gametheory.core.replicator import Replicator

N = 10_000
LOOP_SAMPLE = 300
T = 20.0
CHECK = 20


def inspection_game():
    # firms (maintain, free-ride) x inspector (inspect, not): a cycle-generating inspection game
    A = np.array([[1.0, 1.0], [-1.0, 2.0]])
    B = np.array([[-1.0, 0.0], [1.0, -2.0]])
    return Replicator([A, B])


def tripartite_game():
    rng = np.random.default_rng(7)
    return Replicator([rng.integers(-3, 4, size=(2, 2, 2)) for _ in range(3)])


def run(rep: Replicator, label: str, dt: float = 0.05) -> dict:
    rng = np.random.default_rng(0)
    shares = rng.uniform(0.05, 0.95, size=(N, rep.n_populations))
    x0 = np.empty((N, rep.dim))
    x0[:, 0::2], x0[:, 1::2] = shares, 1 - shares
    t_out = np.linspace(0, T, 41)

    start = time.perf_counter()
    sim = rep.simulate(x0, t_out, max_step=dt)
    vec_time = time.perf_counter() - start

    f = lambda _t, z: rep.velocity(z[None, :])[0]
    start = time.perf_counter()
    loop_final = [solve_ivp(f, (0, T), x0[i], rtol=1e-6, atol=1e-9).y[:, -1] for i in range(LOOP_SAMPLE)]
    loop_time = (time.perf_counter() - start) * N / LOOP_SAMPLE

    idx = rng.choice(LOOP_SAMPLE, CHECK, replace=False)
    ref = np.array([solve_ivp(f, (0, T), x0[i], rtol=1e-11, atol=1e-12, method="DOP853").y[:, -1] for i in idx])
    err_vec = np.max(np.abs(sim.final[idx] - ref))
    err_loop = np.max(np.abs(np.array(loop_final)[idx] - ref))
    out = dict(label=label, vectorised_s=vec_time, loop_s=loop_time, ratio=loop_time / vec_time,
               err_vectorised=err_vec, err_loop=err_loop)
    print(f"{label}: vectorised RK4 (dt={dt}) {vec_time:.3f} s, solve_ivp loop (rtol 1e-6, extrapolated "
          f"from {LOOP_SAMPLE}) {loop_time:.1f} s, ratio {out['ratio']:.0f}x; max error vs DOP853 "
          f"vectorised {err_vec:.1e}, loop {err_loop:.1e}")
    return out


@pytest.mark.benchmark
@pytest.mark.parametrize("factory, label", [(inspection_game, "2 populations"), (tripartite_game, "3 populations")])
def test_vectorised_replicator_beats_solve_ivp_loop(factory, label):
    out = run(factory(), label)
    assert out["ratio"] >= 50
    assert out["err_vectorised"] <= out["err_loop"]


if __name__ == "__main__":
    run(inspection_game(), "2 populations")
    run(tripartite_game(), "3 populations")
