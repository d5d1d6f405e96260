"""The evolutionary-game workbench: stability tables against hand derivations and independent
numerics (Jacobian eigenvalues, finite differences, long simulations), Selten's theorem."""

from __future__ import annotations


import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

import gametheory
from gametheory import EvolutionaryGame, NormalFormGame
from gametheory.core.params import DomainError
from gametheory.core.replicator import Replicator

s, f, C, R, lam = sp.symbols("s f C R lambda", nonnegative=True)


def tripartite():
    """Leading firms {share, avert} × lagging {seek, avert} × government {coordinate, not}.

    Cournot a = 10, b = 1, costs (2, 4), β = 1: profits (100/9, 16/9) without the flow, (64/9, 64/9)
    with it; welfare 214/9 and 256/9. Subsidy s to each firm preferring diffusion, fine f on each
    averse firm, coordination cost C, reward R, shadow cost λ on the net outlay.
    """
    from gametheory.models.evolution import DiffusionEvolution

    g = DiffusionEvolution(10, 1, 2, 4, beta=1, subsidy=s, fine=f, coordination_cost=C, reward=R,
                           shadow_cost=lam).game()
    return EvolutionaryGame(list(g.payoffs), populations=g.players, strategies=g.strategies), g


def test_tripartite_vertex_eigenvalues_by_hand():
    eg, _ = tripartite()
    rows = {r.labels: r for r in eg.vertex_table()}
    # (share, seek, coordinate): leader to avert: (100/9 - f) - (64/9 + s) = 4 - f - s;
    # laggard to avert: (16/9 - f) - (64/9 + s) = -16/3 - f - s;
    # government to laissez-faire: 256/9 - (256/9 + R - C - 2 λ s) = C - R + 2 λ s.
    r = rows[("share", "seek", "coordinate")]
    assert [sp.expand(e) for e in r.eigenvalues] == [4 - f - s, -sp.Rational(16, 3) - f - s, C - R + 2 * lam * s]
    # ESS iff s + f > 4 and R > C + 2 λ s (the laggard's condition is implied: f, s >= 0).
    assert r.ess == sp.And(f + s > 4, R > C + 2 * lam * s)
    # (share, seek, laissez-faire): leader gains 100/9 - 64/9 = 4 > 0 by averting: unstable.
    r = rows[("share", "seek", "laissez-faire")]
    assert r.eigenvalues[0] == 4 and r.ess is False and r.classification == "saddle"
    # (avert, avert, laissez-faire): sharing or seeking alone changes nothing (no flow):
    # eigenvalues 0, 0 and R + 2 λ f - C; never an ESS, edges of rest points.
    r = rows[("avert", "avert", "laissez-faire")]
    assert r.eigenvalues[:2] == (0, 0) and sp.expand(r.eigenvalues[2] - (R + 2 * lam * f - C)) == 0
    assert r.ess is False and len(r.continuum) == 2


def test_vertex_eigenvalues_are_those_of_the_jacobian():
    # Independent route: the replicator's symbolic Jacobian at each vertex, its eigenvalues.
    eg, _ = tripartite()
    J = eg.jacobian()
    rep = eg.replicator
    for r in eg.vertex_table():
        at = {rep.shares[k][0]: int(r.profile[k] == 0) for k in range(3)}
        ev = J.subs(at).eigenvals(multiple=True)
        assert sorted(map(sp.expand, ev), key=sp.default_sort_key) == \
            sorted(map(sp.expand, r.eigenvalues), key=sp.default_sort_key)


def test_stability_table_outputs():
    eg, _ = tripartite()
    tab = eg.vertex_table()
    md = tab.to_markdown()
    assert "| (share, seek, coordinate) |" in md and "R > C + 2 \\lambda s" in md
    tex = tab.to_latex()
    assert "\\toprule" in tex and "\\bottomrule" in tex
    frame = tab.to_frame()
    assert list(frame["leading"]) == ["share"] * 4 + ["avert"] * 4
    assert "eigenvalue[government]" in frame.columns
    assert len(tab) == 8 and tab.ess()[("share", "seek", "coordinate")] == sp.And(f + s > 4, R > C + 2 * lam * s)


def test_unrewarded_government_stays_to_collect_fines():
    # R = 0, s = 0, f = 3.9, C = 1/2, λ = 1/4. By hand at (avert, seek, coordinate): leader
    # 100/9 - 3.9 = 7.21 > 64/9 = 7.11 by sharing; laggard seeks (16/9 vs 16/9 - 3.9); the
    # government's gain from coordinating is λ f - C = 0.975 - 0.5 > 0. It is the only ESS.
    eg, _ = tripartite()
    num = eg.subs({s: 0, f: sp.Rational(39, 10), C: sp.Rational(1, 2), R: 0, lam: sp.Rational(1, 4)})
    assert num.ess() == {("avert", "seek", "coordinate"): True}
    final = num.simulate(num.portrait_starts(4), 300, max_step=0.05).final
    assert np.allclose(final[:, [0, 2, 4]], [0, 1, 1], atol=1e-3)


def _game(draw_payoffs, shape):
    return [np.array(p, dtype=object).reshape(shape) for p in draw_payoffs]


payoff = st.integers(-3, 3)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(payoff, min_size=8, max_size=8), min_size=3, max_size=3))
def test_ess_vertices_are_strict_nash_and_attract(raw):
    U = _game(raw, (2, 2, 2))
    eg = EvolutionaryGame(U)
    nfg = NormalFormGame(U)
    for r in eg.vertex_table():
        strict = nfg.equilibrium_conditions(r.profile, strict=True)
        assert (r.ess is True) == (strict is sp.true)                 # Selten (1980)
        assert (r.classification == "ESS (asymptotically stable)") == (r.ess is True)
        if any(e == 0 for e in r.eigenvalues):
            assert r.classification != "ESS (asymptotically stable)"   # never "stable"
            assert r.continuum
    for r in eg.vertex_table():
        if r.ess is True:                                             # a long run lands there
            x0 = np.array([0.9 if p == 0 else 0.1 for p in r.profile])
            end = eg.simulate(x0[None, :].repeat(1, 0).reshape(1, 3), 200, max_step=0.05).final[0, 0::2]
            assert np.allclose(end, [1 - p for p in r.profile], atol=1e-3)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(payoff, min_size=4, max_size=4), min_size=2, max_size=2))
def test_rest_points_have_zero_velocity_and_interiors_are_never_stable(raw):
    U = _game(raw, (2, 2))
    eg = EvolutionaryGame(U)
    field = eg.field()
    rep = eg.replicator
    for st_ in eg.stability():
        p = st_.rest_point
        at = {x: v for k in range(2) for x, v in zip(rep.shares[k], p.shares[k])}
        assert all(sp.simplify(e.subs(at)) == 0 for e in field)        # continua included
        if p.kind == "interior":
            assert st_.classification != "asymptotically stable"       # bimatrix: saddle/centre
        if p.isolated:
            x = np.array([float(v) for row in p.shares for v in row])
            assert np.abs(eg.velocity(x)).max() < 1e-12


@settings(max_examples=25, deadline=None)
@given(st.lists(payoff, min_size=9, max_size=9))
def test_one_population_table_matches_finite_differences(raw):
    A = np.array(raw).reshape(3, 3)
    eg = EvolutionaryGame(A.tolist(), symmetric=True)
    for r in eg.vertex_table():
        # finite-difference Jacobian of the field in coordinates of the two mutants
        v = r.profile[0]
        others = [t for t in range(3) if t != v]
        x = np.eye(3)[v]
        h = 1e-6
        J = np.empty((2, 2))
        for j, t in enumerate(others):
            y = x + h * (np.eye(3)[t] - np.eye(3)[v])
            J[:, j] = eg.velocity(y)[others] / h
        assert np.allclose(sorted(np.linalg.eigvals(J).real), sorted(float(e) for e in r.eigenvalues), atol=1e-4)
        # A_tv - A_vv by hand
        assert list(r.eigenvalues) == [A[t, v] - A[v, v] for t in others]


def test_rock_paper_scissors_centre_or_spiral():
    # A = [[0, -b, a], [a, 0, -b], [-b, a, 0]]: interior (1/3, 1/3, 1/3); the sign of a - b
    # (of det A) decides: a = b centre (constant of motion), a > b stable (ESS), a < b unstable.
    def interior(a, b):
        eg = EvolutionaryGame([[0, -b, a], [a, 0, -b], [-b, a, 0]], symmetric=True)
        return next(x for x in eg.stability() if x.rest_point.kind == "interior")
    assert interior(1, 1).classification == "centre"
    assert interior(2, 1).classification == "asymptotically stable"
    assert interior(1, 2).classification == "unstable"
    assert interior(1, 1).rest_point.shares == ((sp.Rational(1, 3),) * 3,)
    # Eigenvalues by hand: ((b - a)/2 ± i sqrt(3)(a + b)/2) / 3.
    for a, b in ((2, 1), (1, 2), (3, 1)):
        hand = {sp.Rational(b - a, 6) + sg * sp.sqrt(3) * (a + b) * sp.I / 6 for sg in (1, -1)}
        assert {sp.nsimplify(e) for e in interior(a, b).eigenvalues} == hand


def test_hawk_dove_interior_ess_and_second_order_condition():
    # V = 2, C = 4: A = [[(V-C)/2, V], [0, V/2]]; hawk share V/C = 1/2 asymptotically stable.
    hd = EvolutionaryGame([[-1, 2], [0, 1]], symmetric=True)
    inner = [x for x in hd.stability() if x.rest_point.kind == "interior"][0]
    assert inner.rest_point.shares == ((sp.Rational(1, 2), sp.Rational(1, 2)),)
    assert inner.classification == "asymptotically stable" and inner.eigenvalues == (-sp.Rational(1, 2),)
    # A zero eigenvalue decided by Maynard Smith's second condition: A = [[1, 1], [1, 0]]:
    # A_00 = A_10 = 1 but A_01 = 1 > A_11 = 0, so strategy 0 is an ESS (asymptotically stable).
    r = EvolutionaryGame([[1, 1], [1, 0]], symmetric=True).vertex_table()[0]
    assert r.eigenvalues == (0,) and r.classification == "ESS (asymptotically stable)" and r.ess is True


def test_attracting_edge_of_rest_points_is_a_stable_set():
    # Population 1 strictly prefers strategy 0 (gain 1), population 2 is indifferent: the edge
    # {0} × Δ is a continuum of rest points; V = x_{1,1} obeys V' = -V(1-V): it attracts.
    U1 = [[1, 1], [0, 0]]
    U2 = [[0, 0], [0, 0]]
    eg = EvolutionaryGame([U1, U2])
    rows = eg.vertex_table()
    assert rows[0].classification == "non-hyperbolic (linearisation undecided)" and rows[0].continuum
    sets = eg.stable_sets()
    assert [x.supports for x in sets] == [((0,), (0, 1))]
    end = eg.simulate([[0.5, 0.3]], 50).final[0]
    assert end[0] > 0.999 and abs(end[2] - 0.3) < 0.2        # lands on the edge, near its start


def test_workbench_plots_and_errors():
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    eg = EvolutionaryGame([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], symmetric=True,
                          strategies=[["石头", "布", "剪刀"]])
    ax = eg.plot(n=4, t=5)
    assert ax is not None
    with pytest.raises(DomainError):
        EvolutionaryGame([[1, 2, 3]], symmetric=True)
    with pytest.raises(DomainError):
        EvolutionaryGame([[[1, 2], [3, 4]], [[1, 2], [3, 4]]], populations=["one"])
    with pytest.raises(DomainError):
        EvolutionaryGame([[1, 2], [3, 4]], symmetric="yes")
    with pytest.raises(DomainError, match="symmetric=True"):
        Replicator([[1, 2]])
    assert gametheory.EvolutionaryGame is EvolutionaryGame


# -- other dynamics (Sandholm 2010), checked against their definitions ---------------------------
@settings(max_examples=20, deadline=None)
@given(st.lists(payoff, min_size=9, max_size=9))
def test_bnn_smith_best_response_rest_points_are_the_nash_equilibria(raw):
    # Nash stationarity: BNN, Smith (and best response at a pure or equalising state) have zero
    # velocity exactly at the Nash equilibria; at a replicator rest point that is not Nash some
    # unused strategy earns more, so they move.
    A = np.array(raw).reshape(3, 3)
    eg = EvolutionaryGame(A.tolist(), symmetric=True)
    nash = {tuple(tuple(r) for r in p.shares) for p in eg.nash_rest_points()}
    for p in eg.rest_points():
        if not p.isolated:
            continue
        x = np.array([float(v) for v in p.shares[0]])
        is_nash = tuple(tuple(r) for r in p.shares) in nash
        payoffs = A @ x                                   # independent Nash check
        assert is_nash == bool(np.all(payoffs <= payoffs @ x + 1e-12))
        for dyn in ("bnn", "smith"):
            v = np.abs(eg.velocity(x, dynamics=dyn)).max()
            assert (v < 1e-12) == is_nash


def test_logit_rest_points_approach_nash_as_noise_vanishes():
    # Prisoner's dilemma as one population, A = [[3, 0], [5, 1]]: defection earns 1 + x more
    # than cooperation at cooperation share x, so the logit fixed point solves
    # x = 1 / (1 + exp((1 + x) / eta)) and tends to the Nash equilibrium x = 0.
    pd = EvolutionaryGame([[3, 0], [5, 1]], symmetric=True)
    shares = []
    for eta in (2.0, 0.5, 0.1):
        (x,) = pd.logit_equilibria(eta)
        assert abs(x[0] - 1 / (1 + np.exp((1 + x[0]) / eta))) < 1e-8      # the definition
        shares.append(x[0])
    assert shares[0] > shares[1] > shares[2] and shares[2] < 1e-4


def test_other_dynamics_reach_hawk_dove_and_rps_centre():
    hd = EvolutionaryGame([[-1, 2], [0, 1]], symmetric=True)
    for dyn in ("bnn", "smith", "best_response"):
        end = hd.simulate([[0.9, 0.1], [0.1, 0.9]], 60, dynamics=dyn).final
        assert np.allclose(end[:, 0], 0.5, atol=1e-2)
    with pytest.raises(DomainError):
        hd.velocity([0.5, 0.5], dynamics="imitation")
    with pytest.raises(DomainError):
        hd.simulate([0.5, 0.5], 1, dynamics="logit", noise=0)
    # Good RPS (win 2, lose 1): y'Ay = -|y|^2/2 < 0 on the tangent space, a strictly stable game,
    # so the Smith and BNN dynamics converge to (1/3, 1/3, 1/3) (Hofbauer & Sandholm 2009).
    rps = EvolutionaryGame([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], symmetric=True)
    for dyn in ("smith", "bnn"):
        assert np.allclose(rps.simulate([[0.6, 0.3, 0.1]], 200, dynamics=dyn).final, 1 / 3, atol=1e-3)


def test_sensitivity_result_and_figure():
    pytest.importorskip("matplotlib")
    c = sp.Symbol("c")
    # One population of two strategies? No: two populations; population 1 gains c from strategy 0.
    eg = EvolutionaryGame([[[c, c], [0, 0]], [[1, 0], [1, 0]]])
    sens = eg.sensitivity({c: [-1, 1]}, baseline={c: 1}, x0=[0.5, 0.5], t=20)
    assert sens.paths["c"].shape == (2, 201, 4)
    # x' = x(1-x) c: c = -1 -> 0, c = 1 -> 1 (by hand, x(20) = 1/(1 + e^-20))
    assert sens.paths["c"][0, -1, 0] < 1e-6 and abs(sens.paths["c"][1, -1, 0] - 1 / (1 + np.exp(-20))) < 1e-6
    assert len(sens.plot().axes) == 1
    with pytest.raises(DomainError):
        eg.sensitivity({c: [1]}, baseline={}, x0=[0.5, 0.5])
    with pytest.raises(DomainError):
        sens.plot(population=5)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.lists(payoff, min_size=8, max_size=8), min_size=3, max_size=3))
def test_tripartite_table_matches_finite_difference_jacobian(raw):
    # Independent numerics: the Jacobian of the simulated field (central differences in the
    # first-strategy shares) at each vertex has the table's eigenvalues.
    U = _game(raw, (2, 2, 2))
    eg = EvolutionaryGame(U)
    h = 1e-6
    for r in eg.vertex_table():
        p = np.array([1.0 - v for v in r.profile])               # first-strategy shares
        def F(q):
            full = np.stack([q, 1 - q], axis=1).ravel()
            return eg.velocity(full)[0::2]
        J = np.empty((3, 3))
        for j in range(3):
            e = np.zeros(3)
            e[j] = h if p[j] == 0 else -h                          # step into the cube
            J[:, j] = (F(p + e) - F(p)) / e[j]
        assert np.allclose(np.sort(np.linalg.eigvals(J).real), np.sort([float(v) for v in r.eigenvalues]), atol=1e-4)


@settings(max_examples=15, deadline=None)
@given(st.lists(payoff, min_size=9, max_size=9))
def test_one_population_ess_vertices_attract_simulations(raw):
    A = np.array(raw).reshape(3, 3)
    eg = EvolutionaryGame(A.tolist(), symmetric=True)
    for r in eg.vertex_table():
        if r.ess is True:
            x0 = np.full(3, 0.05)
            x0[r.profile[0]] = 0.9
            end = eg.simulate(x0, 400, max_step=0.05).final[0]
            assert end[r.profile[0]] > 0.99


def test_cube_portrait_marks_rest_points():
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    U1 = np.zeros((2, 2, 2)); U1[0] = 1
    U2 = np.zeros((2, 2, 2)); U2[:, 0] = 1
    U3 = np.zeros((2, 2, 2)); U3[:, :, 0] = 1
    ax = EvolutionaryGame([U1, U2, U3]).plot(n=2, t=5)
    assert ax.name == "3d"
