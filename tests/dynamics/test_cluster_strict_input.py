"""Cluster and Replicator.velocity refuse input they would otherwise reinterpret (issue 11)."""

import networkx as nx
import numpy as np
import pytest

from gametheory import NormalFormGame, Replicator
from gametheory.core.params import DomainError
from gametheory.dynamics import Cluster

G = nx.path_graph(2)


@pytest.mark.parametrize("kwargs, match", [
    (dict(costs=["1", "2"]), "string|text"),                   # the example: never parsed
    (dict(costs=[1.0, 10 ** 400]), "fit a float"),              # OverflowError before
    (dict(costs=[True, 2.0]), "boolean"),                       # True is not a cost of 1
    (dict(costs=[1 + 1j, 2.0]), "complex"),
    (dict(costs=[[1.0, 2.0]]), r"one entry per firm \(2\), got shape \(1, 2\)"),
    (dict(costs=[1.0, float("nan")]), "finite"),
    (dict(costs=[1.0, float("inf")]), "finite"),
    (dict(costs=[1.0, None]), "real numbers"),
    (dict(costs=[1.0, 2.0], share=float("nan")), "finite"),     # NaN share was accepted (truthy)
    (dict(costs=[1.0, 2.0], share=[1, 2]), r"outside \{0, 1\}"),
    (dict(costs=[1.0, 2.0], absorptive_capacity=[0.5, True]), "boolean"),
])
def test_cluster_refuses(kwargs, match):
    with pytest.raises(DomainError, match=match):
        Cluster(G, **kwargs)


@pytest.mark.parametrize("adjacency", [float("nan"), None, {1: 2}, np.array([[0, np.inf], [np.inf, 0]]),
                                       np.zeros(3), [["a", "b"], ["c", "d"]]])
def test_cluster_refuses_bad_adjacency(adjacency):
    with pytest.raises(DomainError):
        Cluster(adjacency, costs=[1.0])


def test_cluster_accepts_flags_as_zero_one():
    c = Cluster(G, costs=[1, 2], share=[True, 0], seek=np.array([1.0, 0.0]))
    assert c.share.tolist() == [True, False] and c.seek.tolist() == [True, False]
    assert c.costs.dtype == float and c.costs.tolist() == [1.0, 2.0]


def _rep():
    # matching pennies, two populations of two strategies: dim = 4
    A = np.array([[1, -1], [-1, 1]])
    return Replicator(NormalFormGame([A, -A]))


def test_velocity_refuses_nan_and_off_simplex_states():
    rep = _rep()
    # at the centre (1/2, 1/2 | 1/2, 1/2) every strategy earns 0: velocity 0 (hand: x(u - mean) = 0)
    assert np.allclose(rep.velocity([0.5, 0.5, 0.5, 0.5]), 0)
    with pytest.raises(DomainError, match="finite"):
        rep.velocity([np.nan, 0.5, 0.5, 0.5])              # returned NaN before
    with pytest.raises(DomainError, match=r"shape \(\.\.\., 4\)"):
        rep.velocity([0.5, 0.5, 0.5])
    with pytest.raises(DomainError, match="outside \\[0, 1\\]"):
        rep.velocity([1.5, -0.5, 0.5, 0.5])
    with pytest.raises(DomainError, match="population 1 do not sum to 1"):
        rep.velocity([0.5, 0.5, 0.2, 0.2])
    with pytest.raises(DomainError, match="string|text|real numbers"):
        rep.velocity(np.array(["0.5", "0.5", "0.5", "0.5"]))
    with pytest.raises(DomainError, match="real numbers"):
        rep.velocity(np.array([True, False, True, False]))


def test_velocity_check_is_cheap():
    import time
    rep = _rep()
    x = np.random.default_rng(0).dirichlet([1, 1], size=(20_000, 2)).reshape(20_000, 4)
    t = time.perf_counter()
    for _ in range(5):
        rep._velocity(x)
    raw = time.perf_counter() - t
    t = time.perf_counter()
    for _ in range(5):
        rep.velocity(x)
    checked = time.perf_counter() - t
    assert checked < 3 * raw + 0.05                       # a few vectorised passes


@pytest.mark.parametrize("kwargs, match", [
    (dict(costs=float("nan")), "three entries"),               # IndexError before
    (dict(costs=(1.0, float("nan"), 2.0)), "finite"),
    (dict(seed=1.5), "seed must be"),                          # numpy TypeError before
    (dict(tiers=None), "three entries"),                       # TypeError before
    (dict(mean_degree=1e308), "at most 5e7"),                  # OverflowError before
    (dict(share=True), "real number, got bool"),               # a bool taken as probability 1 before
])
def test_random_cluster_refuses(kwargs, match):
    from gametheory.dynamics import random_cluster

    with pytest.raises(DomainError, match=match):
        random_cluster(20, **kwargs)
