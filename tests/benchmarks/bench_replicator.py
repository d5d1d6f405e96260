"""Benchmark: 10^4 replicator trajectories, the vectorised integrators vs ONE stacked solve_ivp.

Run: ``python -m pytest -m benchmark tests/benchmarks/bench_replicator.py -s`` (or run this file).

The anchor is the best peer a user has: one ``scipy.integrate.solve_ivp`` call (DOP853, rtol 1e-6,
atol 1e-9) over the whole batch stacked into one vector, with a hand-written right-hand side by
column arithmetic (no Python loop over trajectories). The reference is the same stacked call at
rtol 1e-12, atol 1e-14. ``Replicator.simulate(method="dop853")`` (adaptive, one step for the
batch, every trajectory's error controlled, dense output at the output times) must be faster at
equal or better accuracy: its maximum error over the batch against the reference is at most the
anchor's (its tolerance, ``OURS``, is set for that; both errors are printed and asserted). Times are CPU times,
best of 7 repetitions (a loaded machine slows both); the assertion allows 1.25 × the goal (ratio
< 1). Games: a 2-population inspection game (cycles), a random 3-population 2×2×2 game, and
one population playing a generalised rock–paper–scissors (a stable spiral).
"""

from __future__ import annotations

import time

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from gametheory.core.replicator import Replicator

N = 10_000
T = 20.0
REPEAT = 7
GOAL = 1.0
SLACK = 1.25
# rtol 1e-5: every trajectory's error is controlled (the anchor's RMS norm over the stacked vector
# lets single trajectories drift), so a looser rtol already gives the smaller maximum error —
# asserted below, not assumed; max_step 1 keeps the 3-population error below the anchor's
OURS = dict(method="dop853", rtol=1e-5, atol=1e-9, max_step=1.0)


def inspection_game():
    # firms (maintain, free-ride) x inspector (inspect, not): a cycle-generating inspection game
    A = np.array([[1.0, 1.0], [-1.0, 2.0]])
    B = np.array([[-1.0, 0.0], [1.0, -2.0]])
    return Replicator([A, B])


def tripartite_game():
    rng = np.random.default_rng(7)
    return Replicator([rng.integers(-3, 4, size=(2, 2, 2)) for _ in range(3)])


def rps_game():
    return Replicator([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], symmetric=True)


def hand_rhs(rep: Replicator):
    """What a careful user writes for one stacked solve_ivp: the field of the whole batch by column
    arithmetic on a coordinate-major flat vector (row ``i`` of ``z.reshape(dim, N)`` holds
    coordinate ``i`` of every trajectory, so each column operation is contiguous)."""
    U = [np.array(u, dtype=float) for u in rep.payoffs]
    dim = rep.dim
    if rep.symmetric:
        A = U[0]

        def f(_t, z):
            X = z.reshape(dim, -1)
            u = A @ X
            return (X * (u - np.einsum("ij,ij->j", X, u))).ravel()
        return f
    if rep.shape == (2, 2):
        A, B = U

        def f(_t, z):
            x0, x1, y0, y1 = z.reshape(4, -1)
            u0, u1 = A[0, 0] * y0 + A[0, 1] * y1, A[1, 0] * y0 + A[1, 1] * y1
            v0, v1 = B[0, 0] * x0 + B[1, 0] * x1, B[0, 1] * x0 + B[1, 1] * x1
            ubar, vbar = x0 * u0 + x1 * u1, y0 * v0 + y1 * v1
            return np.concatenate([x0 * (u0 - ubar), x1 * (u1 - ubar), y0 * (v0 - vbar), y1 * (v1 - vbar)])
        return f
    M = [U[0], np.moveaxis(U[1], 1, 0), np.moveaxis(U[2], 2, 0)]

    def f(_t, z):
        X = z.reshape(6, -1)
        pops = (X[0:2], X[2:4], X[4:6])
        out = np.empty_like(X)
        for k, (p, q) in enumerate(((pops[1], pops[2]), (pops[0], pops[2]), (pops[0], pops[1]))):
            w = [p[i] * q[j] for i in range(2) for j in range(2)]
            u = [sum(M[k][s, i, j] * w[2 * i + j] for i in range(2) for j in range(2)) for s in range(2)]
            x = pops[k]
            bar = x[0] * u[0] + x[1] * u[1]
            out[2 * k] = x[0] * (u[0] - bar)
            out[2 * k + 1] = x[1] * (u[1] - bar)
        return out.ravel()
    return f


def starts(rep: Replicator) -> np.ndarray:
    rng = np.random.default_rng(0)
    if rep.symmetric:
        return rng.dirichlet(np.ones(rep.dim), size=N) * 0.9 + 0.1 / rep.dim
    shares = rng.uniform(0.05, 0.95, size=(N, rep.n_populations))
    x0 = np.empty((N, rep.dim))
    x0[:, 0::2], x0[:, 1::2] = shares, 1 - shares
    return x0


def best_cpu(fn, repeat: int = REPEAT) -> tuple[float, object]:
    best, value = np.inf, None
    for _ in range(repeat):
        start = time.process_time()
        value = fn()
        best = min(best, time.process_time() - start)
    return best, value


def run(rep: Replicator, label: str, repeat: int = REPEAT) -> dict:
    x0 = starts(rep)
    t_out = np.linspace(0, T, 41)
    f = hand_rhs(rep)
    z0 = np.ascontiguousarray(x0.T).ravel()
    assert np.allclose(f(0, z0).reshape(-1, N).T, rep.velocity(x0))      # the same field
    ref = solve_ivp(f, (0, T), z0, method="DOP853", rtol=1e-12, atol=1e-14).y[:, -1].reshape(-1, N).T
    ours_s, sim = best_cpu(lambda: rep.simulate(x0, t_out, **OURS), repeat)
    anchor_s, sol = best_cpu(lambda: solve_ivp(f, (0, T), z0, method="DOP853", rtol=1e-6, atol=1e-9,
                                               t_eval=t_out), repeat)
    err_ours = float(np.max(np.abs(sim.final - ref)))
    err_anchor = float(np.max(np.abs(sol.y[:, -1].reshape(-1, N).T - ref)))
    out = dict(label=label, ours_s=ours_s, anchor_s=anchor_s, ratio=ours_s / anchor_s, err_ours=err_ours,
               err_anchor=err_anchor, nfev_anchor=sol.nfev, method=sim.method)
    print(f"{label}: simulate({OURS}) {ours_s:.3f} s [{sim.method}], stacked solve_ivp DOP853 (rtol 1e-6) "
          f"{anchor_s:.3f} s ({sol.nfev} evaluations); ratio {out['ratio']:.2f} (< 1 = faster); max error vs "
          f"rtol-1e-12 reference: ours {err_ours:.1e}, anchor {err_anchor:.1e}")
    return out


CASES = [(inspection_game, "2 populations 2x2"), (tripartite_game, "3 populations 2x2x2"),
         (rps_game, "1 population 3 strategies")]


@pytest.mark.benchmark
@pytest.mark.parametrize("factory, label", CASES)
def test_replicator_beats_one_stacked_solve_ivp(factory, label):
    out = run(factory(), label)
    assert out["err_ours"] <= out["err_anchor"]
    assert out["ratio"] <= GOAL * SLACK


if __name__ == "__main__":
    for factory, label in CASES:
        run(factory(), label)
