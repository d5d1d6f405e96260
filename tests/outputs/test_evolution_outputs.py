"""Data behind the evolution figures, against hand derivations."""

import numpy as np

from gametheory.outputs.catalog import evolution as ev


def test_coordination_region_is_the_hand_condition():
    # Leader: s + f > 100/9 - 64/9 = 4; government: R - C - 2 lambda s = 4 - s/2 > 0 <=> s < 8.
    # On the box [0, 12] x [0, 8] the region is the pentagon (4, 0), (8, 0), (8, 8), (0, 8), (0, 4);
    # the rest splits into the triangle s + f <= 4 and the rectangle s >= 8.
    from matplotlib.path import Path

    d = ev.coordination_region_data()
    hand = {(4.0, 0.0), (8.0, 0.0), (8.0, 8.0), (0.0, 8.0), (0.0, 4.0)}
    assert {tuple(np.round(p, 12)) for p in d["stable"]} == hand
    S, F = np.meshgrid(np.linspace(0.013, 11.99, 97), np.linspace(0.011, 7.99, 89))
    pts = np.c_[S.ravel(), F.ravel()]
    inside = Path(d["stable"]).contains_points(pts).reshape(S.shape)
    assert np.array_equal(inside, (S + F > 4) & (S < 8))
    areas = sorted(0.5 * abs(np.dot(p[:, 0], np.roll(p[:, 1], 1)) - np.dot(p[:, 1], np.roll(p[:, 0], 1)))
                   for p in d["failing"])
    assert np.allclose(areas, [8.0, 32.0])         # triangle 4*4/2, rectangle 4*8
    assert len(d["failing_labels"]) == 2


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


def test_unrewarded_government_that_fines_stays_and_nothing_diffuses():
    # R = 0, s = 0, f = 3.9, C = 1/2, lambda = 1/4: (avert, seek, coordinate) is the only ESS.
    d = ev.diffusion_paths_data()
    assert np.allclose(d["fines"][-1], [0, 1, 1], atol=1e-3)


def test_basin_boundary_is_the_saddles_stable_manifold():
    # The separatrix passes through the saddle (3/10, 1/2), runs from boundary to boundary, and
    # the polygon it cuts off around (0, 0) holds exactly the simulated starts that end averse.
    from matplotlib.path import Path

    d = ev.diffusion_basins_data()
    sep = d["separatrix"]
    assert np.min(np.linalg.norm(sep - [0.3, 0.5], axis=1)) < 1e-6
    for end in (sep[0], sep[-1]):
        assert min(end.min(), 1 - end.max()) < 1e-3
    inside = Path(ev._basin_polygon(sep, (0.0, 0.0))).contains_points(np.c_[d["x"].ravel(), d["y"].ravel()])
    assert np.array_equal(inside.reshape(d["x"].shape), d["diffusion"] == 0)


def test_brand_orbits_are_drawn_closed():
    # Each drawn orbit is one revolution: it ends within a small distance of its start.
    d = ev.brand_phase_data()
    for j, e in enumerate(d["orbit_end"]):
        gap = np.hypot(d["orbit_x"][e - 1, j] - d["orbit_x"][0, j], d["orbit_y"][e - 1, j] - d["orbit_y"][0, j])
        assert gap < 0.02 and 12 < d["period"][j] < 20     # linearised period 2 pi / (sqrt(6)/5) = 12.8


def test_sensitivity_panels_follow_the_stability_table():
    # Baseline R = 5, s = 3, f = 2, C = 1, lambda = 1/4. Diffusion (leaders share) needs
    # s + f > 4 and R > C + 2 lambda s = 5/2 (hand table). s + f = 4 (s = 2 or f = 1): the
    # leader's eigenvalue is 0, its share stays interior; R = 1: the government leaves, leaders avert.
    d = ev.sensitivity_data()
    end = {k: d[f"paths_{k}"][:, -1, 0] for k in ("s", "f", "R")}
    assert np.allclose(end["s"][[2, 3]], 1, atol=1e-3) and end["s"][0] < 1e-3 and 0.05 < end["s"][1] < 0.95
    assert np.allclose(end["f"][[2, 3]], 1, atol=1e-3) and end["f"][0] < 1e-3 and 0.05 < end["f"][1] < 0.95
    assert np.allclose(end["R"][[2, 3]], 1, atol=1e-3) and end["R"][0] < 1e-3
    assert d["paths_R"][1, :, 0].max() - d["paths_R"][1, 100:, 0].min() > 0.5      # R = 2 oscillates


def test_portraits_separatrix_and_orbits():
    # Licensing: the saddle (3/10, 1/2) has one stable direction; backward in time its two
    # branches run to the unstable corners (avert, seek) and (share, avert), which split the
    # basins of the two ESS (1, 1) and (0, 0). Zero-sum RPS: every start gives a closed orbit.
    d = ev.portraits_data()
    assert d["n_separatrices"] == 2
    ends = {tuple(np.round(e[0::2], 2)) for e in d["separatrices"]}
    assert ends == {(0.0, 1.0), (1.0, 0.0)}
    assert len(d["orbit_lengths"]) == 5
