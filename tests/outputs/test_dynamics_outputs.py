"""Data behind the dynamics figures, against the mechanics' independent implications."""

import numpy as np

from gametheory.outputs.catalog import dynamics as dyn


def _bands_ordered(d, name):
    assert np.all(d[f"{name}_p10"] <= d[f"{name}_mean"] + 1e-12)
    assert np.all(d[f"{name}_mean"] <= d[f"{name}_p90"] + 1e-12)


def test_cycles_gap_only_widens_when_someone_innovates():
    # No gatekeepers: between innovations the lowest cost is fixed and costs converge toward it,
    # so the gap can rise only in steps with an innovation (and does rise at a frontier jump).
    d = dyn.cycles_data()
    rises = np.diff(d["gap"]) > 1e-12
    assert not np.any(rises & (d["innovations"][1:] == 0))
    assert d["innovations"].sum() >= 3 and rises.sum() >= 3
    assert np.all(np.diff(d["frontier_capability"]) >= 0)          # the frontier never regresses
    for name in ("gap", "frontier_cap", "mean_cap"):
        _bands_ordered(d, name)
    assert len(d["seeds"]) >= 5
    # the mean capability never regresses in any run (costs only fall), nor does the band's mean
    assert np.all(np.diff(d["mean_cap_mean"]) >= -1e-12)


def test_paths_keep_pace_catch_up_and_lock_in():
    d = dyn.paths_data()
    final = [d[f"relative_{i}_mean"][-1] for i in range(3)]
    assert final[0] > final[1] > final[2]
    # the bands separate: the ordering holds in (almost) every replication, not only on average
    assert d["relative_0_p10"][-1] > d["relative_1_p90"][-1]
    assert d["relative_1_p10"][-1] > d["relative_2_p90"][-1]
    # gatekeepers: rises toward the frontier, then keeps pace (flat over the last 100 steps)
    g = d["relative_0_mean"]
    assert g[-1] > g[0] + 0.3 and abs(g[-1] - g[-101]) < 0.01
    # no gatekeepers: after internal diffusion, the cluster falls behind at about the frontier's
    # rate, log(1 - 0.004) = -0.004 per step, less the leaders' own rare innovations
    slope = (d["relative_1_mean"][-1] - d["relative_1_mean"][-101]) / 100
    assert -0.0045 < slope < -0.0025
    # the "gatekeepers" scenario's gatekeepers are leading firms, every one of them
    c = dyn._cluster(100, **dyn.SCENARIOS[d["names"][0]]["cluster"])
    assert np.array_equal(c.gatekeepers, c.innovators) and c.gatekeepers.any()


def test_subsidy_reverses_the_selection_against_sharing():
    # Start at seed 003's 13.33 % cooperating firms. Laissez-faire imitation selects against
    # sharing (sharers strengthen their rivals and pay sigma); a subsidy of 0.05 turns it around.
    d = dyn.policy_data()
    start = d["share_laissez_faire_mean"][0]
    assert abs(start - dyn.SEED003_COOPERATING) < 0.02
    assert d["share_laissez_faire_p90"][-1] < start
    assert d["share_subsidy_p10"][-1] > 0.8
    assert d["gap_subsidy_mean"][-1] < d["gap_laissez_faire_mean"][-1]
    assert d["welfare_subsidy"].mean() > d["welfare_laissez_faire"].mean() > 0
    for name in ("share_laissez_faire", "share_subsidy", "gap_laissez_faire", "gap_subsidy"):
        _bands_ordered(d, name)


def test_local_market_measurements_in_the_derivation():
    rows = {(n, m): rest for n, m, *rest in dyn.local_market_measurements()}
    # one market at 10^5 firms: only leaders produce (share ≈ 0.05) and rivals' derivatives vanish
    assert float(rows[("100,000", "one market")][0]) < 0.06
    assert float(rows[("100,000", "one market")][2]) < 1e-5
    # segments: most firms produce, and derivatives stay within a factor 10 of the static 0.3125
    assert float(rows[("100,000", "segments of 10")][0]) > 0.6
    assert 0.3125 / 10 < float(rows[("100,000", "segments of 10")][2]) < 0.3125 * 10
