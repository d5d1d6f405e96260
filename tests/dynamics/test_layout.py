"""The per-run layouts of the network simulation against the plain edge-list formulas (issue 20)."""

import numpy as np
import pytest

from gametheory.dynamics import random_cluster
from gametheory.dynamics._layout import Links, Markets
from gametheory.models.market import cournot_segments


def _edge_list_flows(cluster, costs, share, seek, rate):
    """The edge-list reference (issue 18's step): per directed link src -> dst, bincount sums."""
    src, dst = cluster.src, cluster.dst
    weight = cluster.absorptive_capacity[dst] * rate / np.maximum(cluster.degree[dst], 1)
    gap = costs[dst] - costs[src]
    flowing = (gap > 0) & share[src] & seek[dst]
    cut = gap * weight
    cut[~flowing] = 0.0
    n = cluster.n_firms
    return (np.bincount(dst, weights=cut, minlength=n), np.bincount(src, weights=cut, minlength=n),
            int(np.count_nonzero(flowing)))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_links_match_the_edge_list_bit_for_bit(seed):
    # same products, sums in the same order (sources ascending into a recipient, recipients
    # ascending out of a source): identical floats, not merely close ones
    rng = np.random.default_rng(seed)
    cluster = random_cluster(300, 6.0, share=0.5, seek=0.7, seed=seed)
    costs = rng.choice([1.0, 1.5, 2.0], 300) * rng.uniform(0.9, 1.0, 300)
    share, seek = cluster.share.copy(), cluster.seek.copy()
    links = Links(cluster, 0.5)
    events = links.flows(costs, share, seek)
    inflow, outflow, flowing = _edge_list_flows(cluster, costs, share, seek, 0.5)
    assert events == flowing
    assert np.array_equal(links.inflow(), inflow)
    assert np.array_equal(links.outflow(), outflow)


@pytest.mark.parametrize("segments", [np.arange(95) // 10,                                  # blocks, last short
                                      np.random.default_rng(4).integers(0, 12, 95),        # shuffled, uneven
                                      np.zeros(95, dtype=np.int64),                        # one market
                                      np.r_[np.zeros(80, dtype=np.int64), np.arange(1, 16)]])  # too uneven to pad
def test_markets_match_cournot_segments(segments):
    # the padded blocks solve each segment with cournot_unchecked: the same markets as
    # cournot_segments up to rounding (its prefix sums run over all segments at once)
    rng = np.random.default_rng(5)
    costs = rng.choice([1.0, 1.5, 2.0, 3.9], 95) * rng.uniform(0.95, 1.0, 95)
    costs[:4] = 1.5                                                                         # ties
    markets = Markets(segments, 4.0, 1.0, costs)
    got, ref = markets.solve(costs), cournot_segments(costs, segments, 4.0, 1.0)
    for key in ("quantities", "profits", "consumer_surplus"):
        assert np.allclose(got[key], ref[key], rtol=1e-12, atol=1e-12), key
    assert np.array_equal(markets.firms_active(got), ref["firms_active"])
