"""Network dynamics: mechanics against independent expectations (stated per test)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from gametheory.core.params import DomainError
from gametheory.dynamics import Cluster, Rules, random_cluster, simulate, sweep
from gametheory.models.market import Cournot


def test_without_innovation_the_gap_never_widens_and_closes():
    # Flows move each cost toward lower neighbours' costs (a convex combination) and the lowest
    # cost never changes, so mean cost falls and the gap 1 - min/mean is non-increasing; on a
    # connected graph with everyone willing it converges to 0.
    cluster = random_cluster(500, 6, seed=3)
    run = simulate(cluster, Rules(diffusion_rate=0.8), 400, seed=0)
    assert np.all(np.diff(run.gap) <= 1e-12)
    assert np.all(run.frontier == run.frontier[0])
    largest = max(nx.connected_components(nx.from_scipy_sparse_array(cluster.adjacency)), key=len)
    assert run.final_costs[list(largest)].max() - run.frontier[-1] < 1e-6


def test_with_all_attitudes_averse_nothing_diffuses():
    cluster = random_cluster(300, 6, share=0.0, seed=1)
    run = simulate(cluster, Rules(diffusion_rate=1.0), 50, seed=0)
    assert run.diffusion_events.sum() == 0
    assert np.array_equal(run.final_costs, cluster.costs)


def test_single_innovation_on_a_line_diffuses_one_hop_per_step():
    # Path 0-1-2-3, costs (1, 2, 2, 2), beta = 1, r = 1/2 (theta = r/degree), synchronous steps:
    # step 1: c1 = 2 - (1/4)(2 - 1) = 7/4; c2, c3 unchanged (their neighbours still cost 2)
    # step 2: c1 = 7/4 - (1/4)(3/4) = 25/16; c2 = 2 - (1/4)(2 - 7/4) = 31/16; c3 unchanged
    # step 3: c3 = 2 - (1/2)(2 - 31/16) = 63/32 (degree 1)
    cluster = Cluster(nx.path_graph(4), costs=[1.0, 2.0, 2.0, 2.0])
    rules = Rules(diffusion_rate=0.5)
    assert np.allclose(simulate(cluster, rules, 1).final_costs, [1, 7 / 4, 2, 2])
    assert np.allclose(simulate(cluster, rules, 2).final_costs, [1, 25 / 16, 31 / 16, 2])
    assert simulate(cluster, rules, 3).final_costs[3] == pytest.approx(63 / 32)
    assert list(simulate(cluster, rules, 3).diffusion_events) == [0, 1, 2, 3]


def test_fermi_imitation_mean_field_is_the_replicator_equation():
    # Equal costs and no diffusion: payoffs differ only by the policy, Delta = s + f. Pairwise
    # comparison (Fermi) moves the sharing share by u x(1-x) tanh(kappa Delta/2) per step
    # (Traulsen et al. 2006): the replicator equation x' = x(1-x) Delta on the clock
    # tau = t u tanh(kappa Delta/2)/Delta, whose solution is the logistic curve (dense, well-mixed
    # graph: the mean field neglects the positive assortment imitation builds on sparse graphs).
    n, u, kappa, s, f = 20000, 0.2, 1.0, 0.15, 0.05
    cluster = random_cluster(n, 150, tiers=(1.0, 0.0, 0.0), costs=(1.0, 1.0, 1.0), share=0.1, segment_size=None,
                             local_links=0.0, seed=5)          # well mixed: one market, uniform links
    run = simulate(cluster, Rules(diffusion_rate=0.0, update_rule="fermi", update_probability=u,
                                  intensity=kappa, subsidy=s, fine=f), 150, seed=2)
    delta = s + f
    clock = u * np.tanh(kappa * delta / 2) / delta
    x0 = run.share_preference[0]
    tau = np.arange(151) * clock
    # the replicator equation x' = x(1-x) Delta is logistic: x(tau) = x0 e^{D tau}/(1 - x0 + x0 e^{D tau})
    expected = x0 * np.exp(delta * tau) / (1 - x0 + x0 * np.exp(delta * tau))
    assert np.max(np.abs(run.share_preference - expected)) < 0.02


def test_gatekeepers_bring_outside_knowledge():
    cluster = random_cluster(400, 6, gatekeepers=0.5, seed=2)
    assert cluster.gatekeepers.any()
    rules = Rules(diffusion_rate=0.5, external_rate=0.2, external_frontier=0.5)
    run = simulate(cluster, rules, 60, seed=0)
    assert run.frontier[-1] < run.frontier[0]
    assert run.frontier[-1] >= 0.5 - 1e-12                  # never below the outside frontier


def test_runs_are_reproducible_with_a_seed():
    cluster = random_cluster(300, 5, share=0.5, seed=4)
    rules = Rules(innovation_rate=0.1, update_rule="fermi", update_probability=0.3)
    r1, r2 = simulate(cluster, rules, 40, seed=11), simulate(cluster, rules, 40, seed=11)
    r3 = simulate(cluster, rules, 40, seed=12)
    assert np.array_equal(r1.gap, r2.gap) and np.array_equal(r1.final_share, r2.final_share)
    assert not np.array_equal(r1.final_costs, r3.final_costs)


def test_best_response_attitudes_follow_the_policy():
    # With subsidy + fine above every firm's marginal loss, all firms share. With no policy a firm
    # averts iff it would teach a *rival* — a linked, more costly, seeking firm producing in its own
    # segment (d pi_i / d c_j = 2 q_i/(m_s+1) > 0 there); teaching firms of other segments or
    # inactive ones costs it nothing at the margin, so it shares. Expected decisions from the
    # static Cournot class, segment by segment, at the costs after one step of diffusion.
    cluster = random_cluster(300, 6, seed=6)
    generous = simulate(cluster, Rules(update_rule="best_response", update_probability=1.0, subsidy=10.0), 3, seed=0)
    assert generous.final_share.all()
    none = simulate(cluster, Rules(update_rule="best_response", update_probability=1.0), 1, seed=0)
    costs = simulate(cluster, Rules(), 1).final_costs           # everyone shares in step 1 (share=1.0)
    q = np.zeros(cluster.n_firms)
    for s in np.unique(cluster.segments):
        members = np.nonzero(cluster.segments == s)[0]
        eq = Cournot(2.0 * cluster.costs.max(), 1, costs[members].tolist()).equilibrium()
        q[members] = [float(v) for v in eq.quantities]
    A = cluster.adjacency.toarray()
    expected = np.array([not any(A[i, j] and cluster.segments[j] == cluster.segments[i] and costs[j] > costs[i]
                                 and q[i] > 0 and q[j] > 0 for j in range(cluster.n_firms))
                         for i in range(cluster.n_firms)])
    movers = cluster.degree > 0                                 # isolated firms never update
    assert np.array_equal(none.final_share[movers], expected[movers])
    assert not none.final_share[cluster.innovators & movers].all() and none.final_share.any()


def test_sweep_is_executor_independent():
    cluster = random_cluster(200, 5, share=0.5, seed=8)
    rules = Rules(innovation_rate=0.05, update_rule="fermi", update_probability=0.2)
    grid = {"subsidy": [0.0, 0.5]}
    serial = sweep(cluster, rules, grid, steps=20, replications=2, seed=1, executor="serial")
    local = sweep(cluster, rules, grid, steps=20, replications=2, seed=1, executor="local", max_workers=2)
    for a, b in zip(serial.summary_table().values(), local.summary_table().values()):
        assert np.array_equal(a, b)


def test_sweep_on_a_dask_local_cluster_matches_the_local_run():
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client, LocalCluster

    cluster = random_cluster(200, 5, share=0.5, seed=8)
    rules = Rules(innovation_rate=0.05, update_rule="fermi", update_probability=0.2)
    grid = {"subsidy": [0.0, 0.5]}
    serial = sweep(cluster, rules, grid, steps=20, replications=2, seed=1, executor="serial")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as lc, Client(lc) as client:
        distributed = sweep(cluster, rules, grid, steps=20, replications=2, seed=1, executor=client)
    assert distributed.executor == "dask client"
    for a, b in zip(serial.summary_table().values(), distributed.summary_table().values()):
        assert np.array_equal(a, b)


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: Rules(innovation_rate=-0.1), r"\[0, 1\]"),
        (lambda: Rules(update_probability=1.5), r"\[0, 1\]"),
        (lambda: Rules(subsidy=-1.0), ">= 0"),
        (lambda: Rules(intensity=float("nan")), ">= 0"),
        (lambda: Rules(update_rule="copy"), "update_rule"),
        (lambda: Cluster(nx.Graph([(0, 0), (0, 1)]), costs=[1.0, 2.0]), "self-loops"),
        (lambda: Cluster(np.zeros((0, 0)), costs=[]), "at least one firm"),
        (lambda: Cluster(nx.path_graph(2), costs=[1.0, -2.0]), "> 0"),
        (lambda: Cluster(nx.path_graph(2), costs=[1.0, 2.0], absorptive_capacity=1.5), r"\[0, 1\]"),
        (lambda: Cluster(nx.path_graph(2), costs=[1.0, 2.0, 3.0]), "one entry per firm"),
        (lambda: random_cluster(0), "positive integer"),
        (lambda: simulate(Cluster(nx.path_graph(2), costs=[1.0, 2.0]), Rules(), -1), "non-negative"),
    ],
)
def test_bad_input(make, match):
    with pytest.raises(DomainError, match=match):
        make()


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: Rules(demand=(10.0, 0.0)), "b > 0"),
        (lambda: Rules(external_frontier=0.0), "external_frontier"),
        (lambda: Cluster(np.zeros((2, 3)), costs=[1.0, 1.0]), "square"),
        (lambda: random_cluster(10, tiers=(0.5, 0.5, 0.5)), "sum to 1"),
        (lambda: random_cluster(10, gatekeepers=1.5), r"\[0, 1\]"),
        (lambda: random_cluster(10, mean_degree=-1.0), "mean_degree"),
        (lambda: simulate(Cluster(nx.path_graph(2), costs=[1.0, 2.0]), Rules(demand=(0.5, 1.0)), 1), "no firm can serve"),
        (lambda: sweep(Cluster(nx.path_graph(2), costs=[1.0, 2.0]), Rules(), {"speed": [1]}, steps=1), "unknown rule"),
        (lambda: sweep(Cluster(nx.path_graph(2), costs=[1.0, 2.0]), Rules(), {}, steps=1, replications=0), "replications"),
        (lambda: sweep(Cluster(nx.path_graph(2), costs=[1.0, 2.0]), Rules(), {}, steps=1, executor="gpu"), "executor"),
    ],
)
def test_more_bad_input(make, match):
    with pytest.raises(DomainError, match=match):
        make()
