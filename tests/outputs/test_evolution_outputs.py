"""Data behind the evolution figures, against hand derivations."""

import numpy as np

from gametheory.outputs.catalog import evolution as ev


def test_coordination_region_is_the_hand_condition():
    # Leader: s + f > 100/9 - 64/9 = 4; government: R - C - 2 lambda s = 4 - s/2 > 0 <=> s < 8.
    d = ev.coordination_region_data()
    S, F = d["subsidy"], d["fine"]
    assert np.array_equal(d["stable"], (S + F > 4) & (S < 8))


def test_basins_split_at_the_hand_saddle():
    # Leader indifferent when y (9/2 + 64/9 - 100/9) = 1/4 -> y = 1/2; laggard indifferent when
    # x (64/9 - 9/2 - 16/9) = 1/4 -> x = 3/10.
    d = ev.diffusion_basins_data()
    assert np.allclose(d["saddle"], [0.3, 0.5])
    X, Y, out = d["x"], d["y"], d["diffusion"]
    assert out[(X > 0.3) & (Y > 0.5)].all()          # both above the saddle: diffusion
    assert not out[(X < 0.3) & (Y < 0.5)].any()      # both below: aversion


def test_brand_orbits_conserve_the_hand_constant_of_motion():
    # x' = x(1-x) pF (y - y*), y' = y(1-y) pL (x* - x) with pF = pL = 2 conserve
    # H = x* ln x + (1-x*) ln(1-x) + y* ln y + (1-y*) ln(1-y), centre (1/2, 3/5).
    d = ev.brand_phase_data()
    assert np.allclose(d["centre"], [0.5, 0.6])
    x, y = d["orbit_x"], d["orbit_y"]
    H = 0.5 * np.log(x) + 0.5 * np.log(1 - x) + 0.6 * np.log(y) + 0.4 * np.log(1 - y)
    assert np.max(np.abs(H - H[0])) < 1e-7


def test_time_paths_reach_coordination_only_with_a_rewarded_government():
    d = ev.diffusion_paths_data()
    assert np.allclose(d["rewarded"][-1], 1, atol=1e-6)
    assert np.all(d["unrewarded"][-1][:, 0] < 1e-6)   # leaders avert
    assert np.all(d["unrewarded"][-1][:, 2] < 1e-6)   # government stops coordinating
