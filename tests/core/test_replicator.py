"""Replicator dynamics: stability tables from hand derivations (stated per test)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, strategies as st
from scipy.integrate import solve_ivp

from gametheory.core.params import DomainError
from gametheory.core.replicator import Replicator

PD_ROW = [[3, 0], [5, 1]]                       # R=3, S=0, T=5, P=1; strategies (C, D)
PD = [PD_ROW, np.array(PD_ROW).T.tolist()]
PENNIES = [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]
STAG = [[[4, 0], [3, 3]], [[4, 3], [0, 3]]]      # stag hunt, B = A^T


def table(rep):
    return {tuple(tuple(x) for x in s.rest_point.shares): s for s in rep.stability()}


def test_prisoners_dilemma_vertices():
    # Vertex eigenvalues are the payoff differences of switching (see module docstring):
    # (D,D): row to C: S-P = -1, column the same -> (-1,-1): asymptotically stable, strict NE.
    # (C,C): T-R = 2 twice -> unstable. (C,D): row to D: P-S = 1, column to C: R-T = -2 -> saddle.
    t = table(Replicator(PD))
    C, D = (1, 0), (0, 1)
    assert t[(D, D)].classification == "asymptotically stable" and t[(D, D)].eigenvalues == (-1, -1)
    assert t[(D, D)].strict_nash is True
    assert t[(C, C)].classification == "unstable" and t[(C, C)].eigenvalues == (2, 2)
    assert t[(C, D)].classification == "saddle" and sorted(t[(C, D)].eigenvalues) == [-2, 1]
    assert len(t) == 4                          # no interior rest point: D strictly dominant
    assert Replicator(PD).ess() == [((1, 1), True)]


def test_matching_pennies_interior_is_a_centre_never_stable():
    # Hand: Jacobian at (1/2, 1/2) = [[0, 1], [-1, 0]] -> eigenvalues +-i; vertices +-2.
    rep = Replicator(PENNIES)
    t = table(rep)
    half = (sp.Rational(1, 2), sp.Rational(1, 2))
    assert t[(half, half)].classification == "centre"
    assert set(t[(half, half)].eigenvalues) == {sp.I, -sp.I}
    assert all(s.classification == "saddle" for k, s in t.items() if k != (half, half))
    assert rep.ess() == []


def test_stag_hunt_interior_is_a_saddle():
    # Hand: row's advantage of Stag is 4y - 3 -> y* = 3/4, likewise x* = 3/4; Jacobian at the
    # interior point [[0, 4 x(1-x)], [4 y(1-y), 0]] = [[0, 3/4], [3/4, 0]] -> +-3/4: saddle.
    rep = Replicator(STAG)
    t = table(rep)
    star = (sp.Rational(3, 4), sp.Rational(1, 4))
    assert t[(star, star)].classification == "saddle"
    assert sorted(t[(star, star)].eigenvalues) == [-sp.Rational(3, 4), sp.Rational(3, 4)]
    stable = sorted(p for p, _ in rep.ess())
    assert stable == [(0, 0), (1, 1)]            # both strict equilibria are ESS


def test_zero_eigenvalue_is_reported_undetermined():
    # Row payoff A = [[1, 1], [1, 0]], column indifferent (B = 0): at the vertex (s0, s0) the
    # row's gain from switching is 1 - 1 = 0 and the column's is 0 -> eigenvalues (0, 0):
    # linearisation decides nothing. The column population is indifferent everywhere, so the
    # rest points on its edges form continua.
    rep = Replicator([[[1, 1], [1, 0]], [[0, 0], [0, 0]]])
    for s in rep.stability():
        assert s.classification in {"non-hyperbolic (undetermined)", "unstable"}
        assert s.classification != "asymptotically stable"
    assert any(not s.rest_point.isolated for s in rep.stability())


def test_symbolic_vertex_stability_conditions():
    # 2x2 coordination with parameter a: A = [[a, 0], [0, 1]] = B. Vertex (s0, s0) has
    # eigenvalues (-a, -a): stable iff a > 0 (strict NE iff a > 0).
    a = sp.Symbol("a", real=True)
    A = [[a, 0], [0, 1]]
    rep = Replicator([A, A])
    vertex = next(s for s in rep.stability() if s.rest_point.support == ((0,), (0,)))
    assert vertex.eigenvalues == (-a, -a)
    assert vertex.classification == "depends on parameters"
    assert sp.simplify(vertex.regions["asymptotically stable"]) == (a > 0)
    assert vertex.strict_nash == (a > 0)
    pos = sp.Symbol("a", positive=True)
    rep_pos = Replicator([[[pos, 0], [0, 1]]] * 2)
    assert next(s for s in rep_pos.stability() if s.rest_point.support == ((0,), (0,))).classification \
        == "asymptotically stable"


def test_three_populations_dominant_strategies():
    # Each player gets 1 from strategy 0 and 0 from strategy 1 whatever others do: the vertex
    # (0,0,0) has eigenvalues (-1,-1,-1); every other vertex has a +1.
    U = np.zeros((2, 2, 2), dtype=int)
    U[0] = 1
    pays = [U, np.moveaxis(U, 0, 1), np.moveaxis(U, 0, 2)]
    rep = Replicator(pays)
    t = table(rep)
    best = ((1, 0), (1, 0), (1, 0))
    assert t[best].classification == "asymptotically stable" and t[best].eigenvalues == (-1, -1, -1)
    assert sum(s.classification == "asymptotically stable" for s in t.values()) == 1


def _ode(rep):
    return lambda _t, z: rep.velocity(z[None, :])[0]


def test_simulation_agrees_with_tight_independent_integration():
    rep = Replicator(PENNIES)
    x0 = np.array([[0.7, 0.3, 0.4, 0.6], [0.55, 0.45, 0.5, 0.5], [0.9, 0.1, 0.2, 0.8]])
    t = np.linspace(0, 10, 101)
    sim = rep.simulate(x0, t, max_step=0.01)
    for i in range(len(x0)):
        ref = solve_ivp(_ode(rep), (0, 10), x0[i], t_eval=t, rtol=1e-11, atol=1e-12, method="DOP853")
        assert np.max(np.abs(ref.y.T - sim.states[:, i, :])) < 1e-7


def test_centre_orbits_conserve_the_constant_of_motion_and_cycle():
    # Hand: for matching pennies d/dt log[x(1-x)y(1-y)] = 4(y-1/2)(1-2x) - 4(x-1/2)(1-2y) = 0,
    # so H = x(1-x)y(1-y) is constant along orbits: closed orbits around the centre.
    # Near the centre the linearisation has eigenvalues +-i, so the period tends to 2*pi.
    rep = Replicator(PENNIES)
    sim = rep.simulate(np.array([[0.51, 0.5], [0.8, 0.5]]), np.linspace(0, 40, 4001), max_step=0.01)
    x, y = sim.states[:, :, 0], sim.states[:, :, 2]
    H = x * (1 - x) * y * (1 - y)
    assert np.max(np.abs(H - H[0])) < 1e-9
    rec = rep.classify_trajectories(sim, tol=2e-3)
    assert list(rec.labels) == ["cycle", "cycle"]
    assert abs(rec.period[0] - 2 * np.pi) < 0.02           # output spacing 0.01


def test_trajectories_converge_to_the_strict_equilibrium():
    rep = Replicator(PD)
    rng = np.random.default_rng(0)
    x0 = rng.uniform(0.05, 0.95, size=(200, 2))
    sim = rep.simulate(x0, 60.0)
    assert np.allclose(sim.population(0)[-1][:, 1], 1, atol=1e-6)   # everyone defects
    assert np.allclose(sim.population(1)[-1][:, 1], 1, atol=1e-6)
    assert set(rep.classify_trajectories(sim).labels) == {"converged"}


def test_agrees_with_nashpy_asymmetric_replicator():
    # Independent implementation (nashpy, odeint) on a game with positive payoffs.
    import nashpy

    A, B = np.array([[3.0, 1.0], [2.0, 4.0]]), np.array([[1.0, 3.0], [4.0, 2.0]])
    x0, y0 = np.array([0.3, 0.7]), np.array([0.6, 0.4])
    t = np.linspace(0, 5, 51)
    xs, ys = nashpy.Game(A, B).asymmetric_replicator_dynamics(x0=x0, y0=y0, timepoints=t)
    sim = Replicator([A, B]).simulate(np.concatenate([x0, y0]), t, max_step=0.005)
    assert np.max(np.abs(sim.states[:, 0, :2] - xs)) < 1e-5
    assert np.max(np.abs(sim.states[:, 0, 2:] - ys)) < 1e-5


@given(st.lists(st.integers(-5, 5), min_size=8, max_size=8))
def test_vertex_stable_iff_strict_nash(entries):
    # Theory (module docstring): a pure vertex is asymptotically stable iff it is a strict NE.
    A = np.array(entries[:4]).reshape(2, 2)
    B = np.array(entries[4:]).reshape(2, 2)
    for s in Replicator([A, B]).stability():
        if s.rest_point.kind == "vertex":
            assert (s.classification == "asymptotically stable") == (s.strict_nash is True)
        if s.rest_point.kind == "interior" and s.rest_point.isolated:
            assert s.classification in {"saddle", "centre", "non-hyperbolic (undetermined)"}


@given(st.lists(st.integers(-5, 5), min_size=8, max_size=8))
def test_rest_points_have_zero_velocity(entries):
    A = np.array(entries[:4]).reshape(2, 2)
    B = np.array(entries[4:]).reshape(2, 2)
    rep = Replicator([A, B])
    for p in rep.rest_points():
        if p.isolated:
            z = np.array([float(v) for row in p.shares for v in row])
            assert np.allclose(rep.velocity(z), 0, atol=1e-12)


@pytest.mark.parametrize(
    "x0, match",
    [
        ([0.5, 0.6, 0.5, 0.5], "sum to 1"),
        ([1.5, -0.5, 0.5, 0.5], "outside the simplex"),
        ([0.5, 0.5, 0.5], "need 4 shares"),
        ([np.nan, 0.5], "finite"),
    ],
)
def test_bad_initial_states(x0, match):
    with pytest.raises(DomainError, match=match):
        Replicator(PENNIES).simulate(x0, 1.0)


def test_bad_games():
    with pytest.raises(DomainError, match="shape"):
        Replicator([[[1, 2], [3, 4]], [[1, 2, 3], [4, 5, 6]]])
    with pytest.raises(DomainError, match="must be a number"):
        Replicator([[["a", 2], [3, 4]], [[1, 2], [3, 4]]])
    a = sp.Symbol("a")
    with pytest.raises(DomainError, match="subs"):
        Replicator([[[a, 0], [0, 1]]] * 2).simulate([0.5, 0.5], 1.0)


def test_negative_payoffs_do_not_make_shares_drift_off_the_simplex():
    # nashpy's two-population replicator diverges when average payoffs are negative (issue 6):
    # with x' = x(u - x.u) the sum S of shares obeys (1 - S)' = -(x.u)(1 - S), so rounding errors
    # grow like exp(|x.u| t). Shares must keep summing to one over a long run.
    A = np.array([[-6.0, -6.0], [-10.0, 0.0]]) / 5
    B = np.array([[-1.0, 0.0], [-3.0, -4.0]])
    sim = Replicator([A, B]).simulate(np.array([[0.7, 0.4]]), np.linspace(0, 200, 2001), max_step=0.05)
    for k in range(2):
        assert np.allclose(sim.population(k).sum(axis=2), 1.0, atol=1e-12)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(t=[0.0, 1.0, 0.5]), "increasing"),
        (dict(t=[0.0]), "at least two"),
        (dict(t=1.0, max_step=0.0), "max_step"),
    ],
)
def test_bad_time_grids(kwargs, match):
    with pytest.raises(DomainError, match=match):
        Replicator(PENNIES).simulate([0.5, 0.5, 0.5, 0.5], **kwargs)


def test_initial_states_must_be_a_matrix():
    with pytest.raises(DomainError, match="n_trajectories, dim"):
        Replicator(PENNIES).simulate(np.full((2, 2, 4), 0.25), 1.0)


def test_float_payoffs_become_sympy_without_a_spurious_warning():
    # the first conversion in a fresh process imports sympy, whose import leaves the
    # floating-point "invalid" flag set; through np.vectorize that surfaced as a RuntimeWarning
    # ("invalid value encountered in entry_to_sympy") about correct results
    import subprocess
    import sys

    code = ("import numpy as np; from gametheory.core.replicator import Replicator; "
            "rep = Replicator([np.array([[1.0, 1.0], [-1.0, 2.0]]), np.array([[-1.0, 0.0], [1.0, -2.0]])]); "
            "print([str(v) for v in rep.payoffs[0].flat])")
    out = subprocess.run([sys.executable, "-W", "error::RuntimeWarning", "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["['1.00000000000000',", "'1.00000000000000',", "'-1.00000000000000',",
                                  "'2.00000000000000']"]
