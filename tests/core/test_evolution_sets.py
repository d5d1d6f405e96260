"""Continua of rest points reported as sets (Replicator.rest_sets, Stability.rest_set) and
symbolic evolutionarily stable sets (EvolutionaryGame.stable_sets), checked against hand
derivations, finite-difference Jacobians and long simulations."""

from __future__ import annotations

import numpy as np
import sympy as sp
from hypothesis import given, settings, strategies as st

from gametheory import EvolutionaryGame
from gametheory.core.replicator import LYAPUNOV, Replicator

payoff = st.integers(-2, 2)        # a small range: ties (continua) are frequent


def test_attracting_edge_points_are_lyapunov_stable_never_asymptotically():
    # Row: strategy 0 earns 1, strategy 1 earns 0 whatever the column does; the column is
    # indifferent. By hand: ẋ = x(1 - x) (x the row's share of 0), ẏ = 0. The edge x = 1 is
    # all rest points; V = 1 - x obeys V' = -V(1 - V): the edge attracts, each point on it is
    # Lyapunov stable (y never moves), none asymptotically stable. The edge x = 0 repels
    # (eigenvalue +1 at every point of it).
    rep = Replicator([[[1, 1], [0, 0]], [[0, 0], [0, 0]]])
    sets = {F.supports: F for F in rep.rest_sets()}
    assert sets[((0,), (0, 1))].attracting is True and sets[((0,), (0, 1))].classification.startswith("attracting")
    assert sets[((1,), (0, 1))].repelling and sets[((1,), (0, 1))].attracting is False
    for stb in rep.stability():
        assert not stb.rest_point.isolated                  # every rest point lies on a continuum
        assert stb.classification != "asymptotically stable"
        on_good_edge = stb.rest_point.support[0] == (0,)
        assert (stb.classification == LYAPUNOV) == on_good_edge
        if not on_good_edge:
            assert stb.classification == "unstable"


def test_symbolic_stable_set_conditions_by_hand():
    # Row payoffs [[1, 1], [a, 0]], column indifferent ([[0, 0], [b, b]]). On the edge
    # {row plays 0} the column may take any mix; the row's mutant 1 earns a against column 0 and
    # 0 against column 1, the incumbent 1: the edge attracts iff a < 1 (0 < 1 holds).
    a, b = sp.symbols("a b")
    eg = EvolutionaryGame([[[1, 1], [a, 0]], [[0, 0], [b, b]]])
    sets = eg.stable_sets()
    assert [(S.supports, S.conditions) for S in sets] == [(((0,), (0, 1)), a < 1)]
    # with a given: the numeric game agrees on both sides of a = 1
    assert [S.supports for S in eg.subs({a: sp.Rational(1, 2), b: 1}).stable_sets()] == [((0,), (0, 1))]
    assert eg.subs({a: 2, b: 1}).stable_sets() == ()
    # the assumption a > 1 empties it
    assert eg.stable_sets(assumptions=a > 1) == ()


def test_face_of_rest_points_that_exists_only_on_an_equality():
    # Row earns c from strategy 0 and 1 from strategy 1 against anything: the whole square is
    # at rest iff c = 1 and the column is indifferent. Column: 0 everywhere.
    c = sp.Symbol("c")
    rep = Replicator([[[c, c], [1, 1]], [[0, 0], [0, 0]]])
    full = [F for F in rep.rest_sets() if F.supports == ((0, 1), (0, 1))]
    assert len(full) == 1 and full[0].exists in (sp.Eq(c - 1, 0), sp.Eq(1 - c, 0))
    assert full[0].classification == "depends on parameters"


def _fd_eigs(rep, x, h=1e-6):
    """Eigenvalues of a central finite-difference Jacobian of the field in reduced coordinates
    (each population's last share eliminated), at a full state x."""
    idx = [i for sl in rep.slices for i in range(sl.start, sl.stop - 1)]
    lasts = [sl.stop - 1 for sl in rep.slices]
    owner = {i: lasts[k] for k, sl in enumerate(rep.slices) for i in range(sl.start, sl.stop)}
    J = np.empty((len(idx), len(idx)))
    for j, i in enumerate(idx):
        e = np.zeros_like(x)
        e[i], e[owner[i]] = h, -h
        J[:, j] = (rep._velocity(x + e) - rep._velocity(x - e))[idx] / (2 * h)
    return np.linalg.eigvals(J)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(payoff, min_size=4, max_size=4), min_size=2, max_size=2))
def test_random_2x2_continua_against_finite_differences_and_simulation(raw):
    U = [np.array(p, dtype=object).reshape(2, 2) for p in raw]
    rep = Replicator(U)
    for stb in rep.stability():
        p = stb.rest_point
        if stb.rest_set is not None:
            assert not p.isolated
            assert stb.classification != "asymptotically stable"       # a zero eigenvalue along the set
        if p.isolated or stb.eigenvalues:
            if all(v.is_number for row in p.shares for v in row):
                x = np.array([float(v) for row in p.shares for v in row])
                fd = _fd_eigs(rep, x)
                assert np.allclose(sorted(fd.real), sorted(float(sp.re(e)) for e in stb.eigenvalues), atol=1e-5)
                if stb.rest_set is not None:
                    assert np.min(np.abs(fd)) < 1e-6                   # the direction along the continuum
    for F in rep.rest_sets():
        if F.attracting is True:
            # start near the middle of the face, slightly off it: the run ends on the face
            mid = np.zeros(rep.dim)
            for k, S in enumerate(F.supports):
                for s_ in range(2):
                    mid[rep.slices[k].start + s_] = (1 / len(S)) if s_ in S else 0.0
            x0 = 0.98 * mid + 0.02 * np.array([0.5, 0.5, 0.5, 0.5])
            end = rep.simulate(x0[None, :], 400, max_step=0.05).final[0]
            off = sum(end[rep.slices[k].start + t] for k, S in enumerate(F.supports) for t in range(2) if t not in S)
            assert off < 1e-3


@settings(max_examples=20, deadline=None)
@given(st.lists(payoff, min_size=9, max_size=9))
def test_random_one_population_continua(raw):
    A = np.array(raw, dtype=object).reshape(3, 3)
    eg = EvolutionaryGame(A.tolist(), symmetric=True)
    for stb in eg.stability():
        if stb.rest_set is not None:
            assert stb.classification != "asymptotically stable"
    for S in eg.stable_sets():
        # every strategy on the face earns the same at each corner, the others strictly less
        sup = S.supports[0]
        for i in sup:
            assert len({A[s_, i] for s_ in sup}) == 1
            assert all(A[t, i] < A[sup[0], i] for t in range(3) if t not in sup)
