"""Local markets (issue 18): many Cournot segments at once, the static game as the one-segment
case, profit derivatives that survive at scale, leading-firm gatekeepers, the sharing cost."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from gametheory.core.params import DomainError
from gametheory.dynamics import ABSORPTIVE_CAPACITY, Cluster, Rules, random_cluster, simulate
from gametheory.models.market import Cournot, cournot_segments


@settings(max_examples=60, deadline=None)
@given(firms=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 12)), min_size=1, max_size=14),
       a=st.integers(13, 30))
def test_segment_solver_agrees_with_cournot_in_every_segment(firms, a):
    # Independent method: the exact (Fraction) closed form of the Cournot class, one market at a
    # time. Small integer costs make ties frequent (tied firms must enter or exit together); ids
    # up to 4 leave some segments empty; a cost of 0 is allowed.
    segments = np.array([s for s, _ in firms])
    costs = np.array([c for _, c in firms], dtype=float)
    out = cournot_segments(costs, segments, float(a), 2.0)
    for s in range(segments.max() + 1):
        members = np.nonzero(segments == s)[0]
        if not members.size:
            assert out["firms_active"][s] == 0 and out["consumer_surplus"][s] == 0 and out["price"][s] == a
            continue
        eq = Cournot(a, 2, costs[members].astype(int).tolist()).equilibrium()
        assert np.allclose(out["quantities"][members], [float(v) for v in eq.quantities], atol=1e-12)
        assert np.allclose(out["profits"][members], [float(v) for v in eq.profits], atol=1e-12)
        assert out["firms_active"][s] == sum(eq.active)
        assert out["price"][s] == pytest.approx(float(eq.price))
        assert out["consumer_surplus"][s] == pytest.approx(float(eq.consumer_surplus))


def test_segment_solver_with_more_than_65536_segments_and_per_market_demand():
    # Two radix passes (segment ids above 16 bits). Pairs (c, 2c) with a_s = 3 + c_s... each
    # market s has costs (1, 2) and a = 4: m = 2 since 4 - 3*2 + 3 = 1 > 0; P = 7/3,
    # q = (4/3, 1/3). With a = 3: 3 - 6 + 3 = 0, not > 0, so only the cheap firm: P = 2, q = 1.
    S = 70_000
    seg = np.repeat(np.arange(S), 2)[::-1].copy()
    costs = np.tile([2.0, 1.0], S)
    a = np.where(np.arange(S) % 2 == 0, 4.0, 3.0)
    out = cournot_segments(costs, seg, a, 1.0)
    even = seg % 2 == 0
    assert np.allclose(out["quantities"][even & (costs == 1)], 4 / 3)
    assert np.allclose(out["quantities"][even & (costs == 2)], 1 / 3)
    assert np.allclose(out["quantities"][~even & (costs == 1)], 1.0)
    assert np.all(out["quantities"][~even & (costs == 2)] == 0)
    assert np.array_equal(out["firms_active"], np.where(np.arange(S) % 2 == 0, 2, 1))


@pytest.mark.parametrize("make, match", [
    (lambda: cournot_segments([1.0, -1.0], [0, 0], 4.0), ">= 0"),
    (lambda: cournot_segments([1.0, 2.0], [0, -1], 4.0), "segments"),
    (lambda: cournot_segments([1.0, 2.0], [0.5, 1], 4.0), "segments"),
    (lambda: cournot_segments([1.0, 2.0], [0, 1], 4.0, 0.0), "b finite and > 0"),
    (lambda: cournot_segments([1.0, 2.0], [0, 1], [4.0, 4.0, 4.0]), "one entry per market"),
    (lambda: cournot_segments([1.0, 2.0], [0], 4.0), "one integer per firm"),
    (lambda: Cluster(nx.path_graph(2), costs=[1.0, 2.0], segments=[0, -1]), "segments"),
    (lambda: random_cluster(10, segment_size=0), "segment_size"),
    (lambda: random_cluster(10, absorptive_capacity=(0.9, 0.1)), "lo <= hi"),
])
def test_bad_input(make, match):
    with pytest.raises(DomainError, match=match):
        make()


def test_one_segment_of_three_firms_is_the_static_three_tier_game():
    # a = 4, b = 1, costs (1, 1.5, 2): all three produce (4 - 4*2 + 4.5 = 0.5 > 0),
    # P = (4 + 4.5)/4 = 2.125, q = (1.125, 0.625, 0.125), profits q^2 = (1.265625, 0.390625,
    # 0.015625), CS = 1.875^2/2 = 1.7578125, W = 1.7578125 + 1.671875 = 3.4296875.
    cluster = Cluster(nx.path_graph(3), costs=[1.0, 1.5, 2.0])
    run = simulate(cluster, Rules(demand=(4.0, 1.0)), 0)
    eq = Cournot(4, 1, [1, 1.5, 2]).equilibrium()
    assert np.allclose(run.final_profits, [1.265625, 0.390625, 0.015625])
    assert np.allclose(run.final_profits, [float(p) for p in eq.profits], rtol=0, atol=1e-15)
    assert run.welfare[0] == pytest.approx(3.4296875) == float(eq.welfare)
    assert run.producing[0] == 1.0


def _rival_derivatives(cluster: Cluster) -> np.ndarray:
    """|d pi_i / d c_j| = 2 q_i/(m_s + 1) over linked rivals (same segment, both producing)."""
    out = cournot_segments(cluster.costs, cluster.segments, 2 * cluster.costs.max(), 1.0)
    q, m, seg = out["quantities"], out["firms_active"], cluster.segments
    src, dst = cluster.src, cluster.dst
    rival = (seg[src] == seg[dst]) & (q[src] > 0) & (q[dst] > 0)
    return 2 * q[src[rival]] / (m[seg[src[rival]]] + 1)


def test_profit_derivatives_between_rivals_survive_at_scale():
    # Static three-tier game (a = 4, b = 1, costs 1, 1.5, 2; q above, m = 3): d pi_i/d c_j =
    # 2 q_i / 4 = q_i / 2 = (0.5625, 0.3125, 0.0625) for i = leading, middle, lagging; the mean
    # over the six ordered pairs i != j is (0.5625 + 0.3125 + 0.0625)/3 = 0.3125.
    static = 0.3125
    eq = Cournot(4, 1, [1, 1.5, 2]).marginal_effects()
    pairs = [float(eq.dprofit[i][j]) for i in range(3) for j in range(3) if i != j]
    assert np.mean(pairs) == pytest.approx(static)
    big = random_cluster(10**5, 6.0, seed=1)
    d = _rival_derivatives(big)
    assert static / 10 < d.mean() < static * 10                 # issue 18: within a factor of 10
    assert d.size > 0.2 * big.src.size                          # rivals are a large share of links
    one_market = random_cluster(10**5, 6.0, segment_size=None, seed=1)
    assert _rival_derivatives(one_market).mean() < 1e-5         # what a single market leaves (≈2e-7)


def test_derivative_formula_by_finite_difference():
    # Independent check of 2 q_i/(m_s+1): cut one rival's cost by h (the direction diffusion
    # moves it) and re-solve the segments. (A rise can differ: with the tier costs 1/1.5/2 some
    # segments have laggards exactly at P = 2, who enter as soon as the price rises — a kink.)
    cluster = random_cluster(2000, 6.0, seed=3)
    a = 2 * cluster.costs.max()
    base = cournot_segments(cluster.costs, cluster.segments, a, 1.0)
    q, m, seg = base["quantities"], base["firms_active"], cluster.segments
    src, dst = cluster.src, cluster.dst
    rival = np.nonzero((seg[src] == seg[dst]) & (q[src] > 1e-3) & (q[dst] > 1e-3))[0][:25]
    h = 1e-7
    for k in rival:
        i, j = src[k], dst[k]
        bumped = cluster.costs.copy()
        bumped[j] -= h
        fd = (base["profits"][i] - cournot_segments(bumped, seg, a, 1.0)["profits"][i]) / h
        assert fd == pytest.approx(2 * q[i] / (m[seg[i]] + 1), rel=1e-4)


def test_middle_and_lagging_firms_produce_at_scale():
    # Segments of 10 with a = 4: a middle firm (1.5) stays active unless its segment is mostly
    # leaders; a lagging firm (2) produces iff 4 - 22 + sum(c) > 0 for the whole segment, i.e.
    # when its segment has few leaders and middle firms.
    for n in (10**3, 10**5):
        c = random_cluster(n, 6.0, seed=1)
        q = cournot_segments(c.costs, c.segments, 4.0, 1.0)["quantities"]
        assert (q[c.costs == 1.5] > 0).mean() > 0.95
        assert (q[c.costs == 2.0] > 0).mean() > 0.5
        run = simulate(c, Rules(), 0) if n <= 10**3 else None
        if run is not None:
            assert run.producing[0] == pytest.approx((q > 0).mean())


def test_profits_alone_make_leaders_averse_and_laggards_share():
    # Kuang & Zhang from the dynamics' own payoffs: no subsidy, fine or sharing cost, best
    # response, so any aversion comes from Cournot profits. A firm averts iff it would teach a
    # producing rival in its segment: leaders (cheapest) nearly always have one, laggards only
    # if diffusion already made them cheaper than a linked laggard rival. Measured at n = 10^4
    # after one step: shares (leading, middle, lagging) ≈ (0.24, 0.39, 0.63).
    c = random_cluster(10**4, 6.0, seed=2)
    run = simulate(c, Rules(update_rule="best_response", update_probability=1.0), 1, seed=0)
    lead, mid, lag = (run.final_share[c.costs == t].mean() for t in (1.0, 1.5, 2.0))
    assert lead < 0.3 < mid < lag and lag > 0.5


def test_gatekeepers_are_leading_firms_with_high_absorptive_capacity():
    c = random_cluster(5000, 6.0, gatekeepers=1.0, seed=4)
    assert np.array_equal(c.gatekeepers, c.innovators)         # every leader, nobody else
    beta = c.absorptive_capacity
    for tier, (lo, hi) in zip((1.0, 1.5, 2.0), ABSORPTIVE_CAPACITY):
        b = beta[c.costs == tier]
        assert b.min() >= lo and b.max() <= hi
        assert b.mean() == pytest.approx((lo + hi) / 2, abs=0.03)
    old = random_cluster(500, 6.0, absorptive_capacity=(0.3, 0.9), seed=4)   # one range for all tiers
    assert 0.3 <= old.absorptive_capacity.min() and old.absorptive_capacity.max() <= 0.9


def test_sharing_cost_is_charged_per_unit_of_cost_reduction_transmitted():
    # Path 0-1, costs (1, 2), beta = 1, r = 0.5: firm 1's cost falls by 0.5 * (2 - 1) = 0.5 to
    # 1.5, so firm 0 transmits 0.5 and pays sigma * 0.5 = 0.05. Welfare after the step: Cournot
    # with a = 4 (twice the initial highest cost) at costs (1, 1.5): P = 6.5/3, q = (7/6, 2/3),
    # W = CS + PS = (11/6)^2/2 + 49/36 + 16/36 = 3.486111..., minus 0.05.
    cluster = Cluster(nx.path_graph(2), costs=[1.0, 2.0])
    run = simulate(cluster, Rules(diffusion_rate=0.5, sharing_cost=0.1), 1)
    assert np.allclose(run.final_costs, [1.0, 1.5])
    w = float(Cournot(4, 1, [1, 1.5]).equilibrium().welfare)
    assert w == pytest.approx((11 / 6) ** 2 / 2 + 65 / 36)
    assert run.welfare[1] == pytest.approx(w - 0.05)
    # once the gap has closed nothing flows and nothing is charged: welfare tends to the
    # frictionless value of two firms at cost 1 (P = 2, q = 1 each, W = 2 + 2 = 4)
    long = simulate(cluster, Rules(diffusion_rate=0.5, sharing_cost=0.1), 80)
    assert long.welfare[-1] == pytest.approx(4.0, abs=1e-6)


def test_attitudes_by_tier_from_seed_000_paths():
    # Independent Monte Carlo of the latent model: D ~ Bernoulli(0.05) leader dummy, networking
    # Y = b D + e with b = 0.209 * (-0.183) / sd(D), sd(D) = sqrt(0.05 * 0.95) = 0.2179,
    # so b = -0.03825 / 0.2179 = -0.1755 and sd(e) = sqrt(1 - 0.03825^2) = 0.99927; a firm shares
    # iff Y > tau. Whatever tau is, the function's overall share must be 13.33 %, and the empirical
    # share of leaders / others above the same tau must match.
    from gametheory.dynamics import attitudes_by_tier

    lead, mid, lag = attitudes_by_tier()
    assert mid == lag and lead < mid
    assert 0.05 * lead + 0.95 * mid == pytest.approx(0.1333, abs=1e-9)
    from scipy.stats import norm

    b, sd_e = -0.03825 / np.sqrt(0.05 * 0.95), np.sqrt(1 - 0.03825**2)
    tau = sd_e * norm.isf(mid)                                   # others share iff e > tau
    rng = np.random.default_rng(0)
    e = rng.normal(0, sd_e, 2_000_000)
    assert np.mean(b + e > tau) == pytest.approx(lead, abs=1e-3)
    assert lead == pytest.approx(0.1005, abs=5e-4) and mid == pytest.approx(0.1350, abs=5e-4)
    # no path, no difference
    assert attitudes_by_tier(paths=(0.209, 0.0)) == pytest.approx((0.1333,) * 3)
    # random_cluster takes the three probabilities
    c = random_cluster(200_000, 2.0, share=(lead, mid, lag), seed=0)
    assert c.share[c.costs == 1.0].mean() == pytest.approx(lead, abs=0.01)
    assert c.share[c.costs > 1.0].mean() == pytest.approx(mid, abs=0.003)
    with pytest.raises(DomainError, match="share"):
        random_cluster(10, share=(0.1, 0.2))
    with pytest.raises(DomainError, match="overall"):
        attitudes_by_tier(overall=1.0)
