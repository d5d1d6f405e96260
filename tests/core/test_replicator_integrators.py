"""Replicator.simulate's integrators (fixed-step RK4 on the fast kernels, adaptive DOP853)
against an independent tight scipy DOP853 integration of the documented field, one trajectory at
a time; the kernels against Replicator.velocity."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy.integrate import solve_ivp

from gametheory.core.params import DomainError
from gametheory.core.replicator import Replicator, _initial_step, normalise_populations


def games():
    rng = np.random.default_rng(3)
    return [Replicator([[[1, 1], [-1, 2]], [[-1, 0], [1, -2]]]),                     # inspection: cycles
            Replicator([rng.integers(-3, 4, size=(2, 2, 2)) for _ in range(3)]),
            Replicator([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], symmetric=True),        # stable spiral
            Replicator([rng.integers(-3, 4, size=(2, 3)), rng.integers(-3, 4, size=(2, 3))])]  # general path


def starts(rep, n=6):
    rng = np.random.default_rng(1)
    return np.hstack([rng.dirichlet(np.ones(sl.stop - sl.start), size=n) * 0.9 + 0.1 / (sl.stop - sl.start)
                      for sl in rep.slices])


@pytest.mark.parametrize("rep", games())
def test_kernel_is_the_velocity(rep):
    x = starts(rep, 50)
    f, to_layout, from_layout = rep._kernel()
    y = to_layout(x)
    assert np.allclose(from_layout(y), x)
    full = rep._general_velocity(x)              # the independent contraction path
    assert np.allclose(rep.velocity(x), full, atol=1e-13)
    if y.shape[0] == rep.dim:
        assert np.allclose(f(y).T, full, atol=1e-13)
    elif rep.symmetric:                      # reduced coordinates: all shares but the last
        assert np.allclose(f(y).T, full[:, :-1], atol=1e-13)
    else:                                    # reduced coordinates: first shares
        assert np.allclose(f(y).T, full[:, 0::2], atol=1e-13)


def test_inspection_field_by_hand():
    # A = [[1, 1], [-1, 2]]: u0 = 1, u1 = 2 - 3y, so ẋ = x(1-x)(3y-1); B = [[-1, 0], [1, -2]]:
    # v0 = 1 - 2x, v1 = 2x - 2, so ẏ = y(1-y)(3-4x).
    rep = games()[0]
    x, y = 0.3, 0.8
    v = rep.velocity([x, 1 - x, y, 1 - y])
    assert np.allclose(v, [x * (1 - x) * (3 * y - 1), -x * (1 - x) * (3 * y - 1),
                           y * (1 - y) * (3 - 4 * x), -y * (1 - y) * (3 - 4 * x)], atol=1e-15)


@pytest.mark.parametrize("method, opts, tol", [("rk4", dict(max_step=0.01), 1e-8),
                                               ("dop853", dict(rtol=1e-10, atol=1e-12), 1e-8)])
@pytest.mark.parametrize("rep", games())
def test_integrators_agree_with_scipy_one_trajectory_at_a_time(rep, method, opts, tol):
    x0 = starts(rep)
    t = np.linspace(0, 10, 11)
    sim = rep.simulate(x0, t, method=method, **opts)
    f = lambda _t, z: rep.velocity(z[None, :])[0]                       # noqa: E731
    for i in range(x0.shape[0]):
        ref = solve_ivp(f, (0, 10), x0[i], method="DOP853", rtol=1e-12, atol=1e-14, t_eval=t).y.T
        assert np.max(np.abs(sim.states[:, i] - ref)) < tol


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=8, max_size=8))
def test_adaptive_matches_fine_rk4_on_random_2x2(raw):
    rep = Replicator([np.array(raw[:4]).reshape(2, 2), np.array(raw[4:]).reshape(2, 2)])
    x0 = np.array([[0.3, 0.7, 0.6, 0.4], [0.8, 0.2, 0.1, 0.9]])
    a = rep.simulate(x0, 5.0, method="dop853", rtol=1e-10, atol=1e-12).final
    b = rep.simulate(x0, 5.0, max_step=0.002).final
    assert np.max(np.abs(a - b)) < 1e-8


def test_bad_integrator_options():
    rep = games()[0]
    with pytest.raises(DomainError, match="method"):
        rep.simulate([0.5, 0.5, 0.5, 0.5], 1.0, method="euler")
    with pytest.raises(DomainError, match="rtol"):
        rep.simulate([0.5, 0.5, 0.5, 0.5], 1.0, method="dop853", rtol=0)
    with pytest.raises(DomainError, match="max_step"):
        rep.simulate([0.5, 0.5, 0.5, 0.5], 1.0, max_step=True)


def test_workbench_passes_the_integrator_through():
    from gametheory import EvolutionaryGame

    eg = EvolutionaryGame([[[1, 1], [-1, 2]], [[-1, 0], [1, -2]]])
    x0 = [[0.3, 0.7, 0.6, 0.4]]
    a = eg.simulate(x0, 5.0, method="dop853", rtol=1e-10, atol=1e-12)
    b = eg.simulate(x0, 5.0, max_step=0.002)
    assert a.method.startswith("dop853") and np.max(np.abs(a.final - b.final)) < 1e-8
    with pytest.raises(DomainError, match="replicator"):
        eg.simulate(x0, 1.0, dynamics="bnn", method="dop853")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(1, 12), min_size=1, max_size=4), st.integers(1, 50), st.integers(0, 2**32 - 1))
def test_normalise_populations_is_the_row_sum_division_bit_for_bit(sizes, n, seed):
    # the column-by-column division must give exactly what numpy's reduction and broadcast give
    # (the integrators' outputs, and through rk4 the figures, depend on these bits); from 8
    # strategies numpy sums in interleaved partial sums and the function uses numpy's expression
    offsets = np.cumsum([0] + sizes)
    slices = tuple(slice(int(a), int(b)) for a, b in zip(offsets[:-1], offsets[1:]))
    x = np.random.default_rng(seed).random((n, offsets[-1])) * 3.0
    expected = x.copy()
    for sl in slices:
        expected[:, sl] /= expected[:, sl].sum(axis=1, keepdims=True)
    assert np.array_equal(normalise_populations(x, slices), expected)


def test_initial_step_by_hand():
    # f(y) = -y, y0 = 1, weights 1: d0 = d1 = 1, h0 = 0.01, y1 = 0.99, d2 = |-0.99 + 1| / 0.01 = 1,
    # h1 = (0.01 / 1)^(1/8) = 10^(-1/4); the step is min(100 h0 = 1, 10^(-1/4), span 10)
    one = np.ones(1)
    assert _initial_step(lambda v: -v, one, -one, one, 10.0) == pytest.approx(10 ** -0.25, rel=1e-12)
    # the span caps it
    assert _initial_step(lambda v: -v, one, -one, one, 0.1) == 0.1
    # at a rest point (f = 0): h0 = 1e-6, d1 = d2 = 0, so h1 = max(1e-6, 1e-9) and the step 1e-6
    zero = np.zeros(1)
    assert _initial_step(lambda v: 0 * v, np.full(1, 0.5), zero, one, 10.0) == 1e-6


def test_initial_step_overflow_is_a_domain_error():
    # f(y) = y * y at y = 1e200 overflows to inf: the norms are inf, h0 = 0.01 * d0 / inf = 0
    big = np.full(2, 1e200)
    with np.errstate(over="ignore"):
        fy = big * big
    with pytest.raises(DomainError, match="overflows"):
        _initial_step(lambda v: v * v, big, fy, np.ones(2), 1.0)


@pytest.mark.parametrize("x, slices", [
    (np.ones((2, 4)), (slice(None, 2),)),      # no explicit start
    (np.ones((2, 4)), (slice(0, 4, 2),)),      # a step
    (np.ones((2, 4)), (slice(2, 6),)),         # beyond the columns
    (np.ones((2, 4)), (slice(3, 3),)),         # empty
    (np.ones((2, 4)), ((0, 2),)),              # not a slice
    (np.ones(4), (slice(0, 4),)),              # not 2-d
    (np.ones((2, 4), dtype=int), (slice(0, 4),)),   # integer shares cannot be divided in place
])
def test_normalise_populations_refuses_malformed_input(x, slices):
    with pytest.raises(DomainError):
        normalise_populations(x, slices)
