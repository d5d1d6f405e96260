"""Data behind the dynamics figures, against the mechanics' independent implications."""

import numpy as np

from gametheory.outputs.catalog import dynamics as dyn


def test_cycles_gap_only_widens_when_someone_innovates():
    # No gatekeepers: between innovations the lowest cost is fixed and costs converge toward it,
    # so the gap can rise only in steps with an innovation (and does rise at a frontier jump).
    d = dyn.cycles_data()
    rises = np.diff(d["gap"]) > 1e-12
    assert not np.any(rises & (d["innovations"][1:] == 0))
    assert d["innovations"].sum() >= 3 and rises.sum() >= 3
    assert np.all(np.diff(d["frontier_capability"]) >= 0)          # the frontier never regresses


def test_paths_order_gatekeepers_above_open_above_lock_in():
    d = dyn.paths_data()
    final = [d[f"relative_{i}"][-1] for i in range(3)]
    assert final[0] > final[1] > final[2]
    # without gatekeepers, once internal diffusion is done the cluster falls behind the outside
    assert d["relative_1"][-1] < d["relative_1"][100]


def test_subsidy_reverses_the_selection_against_sharing():
    d = dyn.policy_data()
    assert d["share_laissez_faire"][-1] < 0.1 < 0.8 < d["share_subsidy"][-1]
    assert d["gap_subsidy"][-1] < d["gap_laissez_faire"][-1]
