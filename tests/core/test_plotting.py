"""``.plot()`` on results (issue 13): the data drawn on the Axes, not pixels; Agg backend."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import sympy as sp  # noqa: E402

from gametheory import NormalFormGame, Replicator  # noqa: E402
from gametheory.core import plotting  # noqa: E402
from gametheory.core.params import DomainError  # noqa: E402

a, b = sp.symbols("a b")
STAG = NormalFormGame(([[a, 0], [b, b]], [[a, b], [0, b]]), strategies=("Stag", "Hare"))
BOS = NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]))


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_figures_use_the_one_publication_style():
    from gametheory.outputs import figures

    assert figures.STYLE == plotting.STYLE
    with plotting.style("slides"):
        assert plt.rcParams["font.size"] == 16 and not plt.rcParams["axes.spines.top"]
    with pytest.raises(DomainError):
        plotting.style("poster")


def test_regime_map_plot_draws_the_labels():
    rm = STAG.regime_map(x=(a, -1, 3, 9), y=(b, -1, 3, 9))
    ax = rm.plot(strategies=STAG.strategies)
    mesh = ax.collections[0]
    assert np.array_equal(np.asarray(mesh.get_array()).reshape(9, 9), rm.labels)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    # at (a, b) = (3, -1) only (Stag, Stag): a >= b and b < 0
    assert legend[rm.labels[0, -1]] == "(Stag, Stag)"
    assert ax.get_xlabel() == "$a$" and not ax.spines["top"].get_visible()


def test_regime_map_plot_on_given_axes_with_style_keywords():
    rm = STAG.regime_map(x=(a, -1, 3, 5), y=(b, -1, 3, 5))
    fig, ax = plt.subplots()
    assert rm.plot(ax=ax, edgecolor="face", legend=False) is ax
    with pytest.raises(DomainError):
        rm.plot(ax="__import__('os')")
    with pytest.raises(DomainError):
        rm.plot(preset="poster")


def test_trajectories_phase_square_draws_every_trajectory():
    x0 = [[0.3, 0.7, 0.6, 0.4], [0.5, 0.5, 0.5, 0.5], [0.9, 0.1, 0.2, 0.8]]
    tr = Replicator(BOS).simulate(x0, np.linspace(0, 2, 21))
    ax = tr.plot()
    segments = ax.collections[0].get_segments()
    assert len(segments) == 3
    for k, seg in enumerate(segments):      # x: population 1's share of strategy 1, y: population 2's
        assert np.allclose(seg[:, 0], tr.states[:, k, 0]) and np.allclose(seg[:, 1], tr.states[:, k, 2])
    assert ax.get_xlim() == (0.0, 1.0)


def test_trajectories_against_time_and_with_rest_points():
    rep = Replicator(BOS)
    tr = rep.simulate([[0.3, 0.7, 0.6, 0.4]], np.linspace(0, 2, 21))
    ax = tr.plot(kind="time", population=1, strategy=0, color="C2")
    seg = ax.collections[0].get_segments()[0]
    assert np.allclose(seg[:, 0], tr.t) and np.allclose(seg[:, 1], tr.states[:, 0, 2])
    ax = tr.plot(rest_points=rep.stability())
    points = {(round(float(line.get_xdata()[0]), 6), round(float(line.get_ydata()[0]), 6)): line.get_label()
              for line in ax.lines if not line.get_label().startswith("_")}
    # BoS rest points: the four vertices and the interior (x, y) = (2/3, 1/3), a saddle
    assert points[(round(2 / 3, 6), round(1 / 3, 6))] == "saddle"
    assert points[(1.0, 1.0)] == "asymptotically stable" and points[(1.0, 0.0)] == "unstable"
    with pytest.raises(DomainError):
        tr.plot(kind="simplex")


def test_stability_plot_marks_the_point_by_class():
    stable = [s for s in Replicator(BOS).stability() if s.classification == "asymptotically stable"]
    ax = stable[0].plot()
    line = ax.lines[0]
    assert line.get_marker() == "o" and line.get_fillstyle() == "full"


def test_one_population_simplex_portrait():
    # one population (symmetric=True) of three strategies earning 1, 2, 3 whatever the opponent
    # (A[s, t] = s + 1): shares drift to strategy 3 from the barycentre.
    A = [[1, 1, 1], [2, 2, 2], [3, 3, 3]]
    tr = Replicator(A, symmetric=True).simulate([[1 / 3, 1 / 3, 1 / 3]], np.linspace(0, 1, 6))
    ax = tr.plot()
    seg = ax.collections[0].get_segments()[0]
    assert np.allclose(seg[0], [0.5, math.sqrt(3) / 6])              # barycentre of the triangle
    assert np.allclose(seg, plotting.simplex_xy(tr.states[:, 0, :]))


def test_three_population_cube():
    # three independent populations, each with a dominant first strategy
    pay = np.zeros((2, 2, 2))
    pay[0] = 1
    game = NormalFormGame((pay, pay.transpose(1, 0, 2), pay.transpose(1, 2, 0)))
    tr = Replicator(game).simulate([[0.5, 0.5] * 3], np.linspace(0, 1, 5))
    ax = tr.plot()
    assert ax.name == "3d"
    seg = ax.collections[0]._segments3d[0]
    assert np.allclose(np.asarray(seg), tr.states[:, 0, [0, 2, 4]])


def test_policy_sweep_plot_draws_welfare_against_lambda():
    from tests.core.test_results_data import crowding_out

    lams = np.array([0.0, 0.05, 0.5, 1.0])
    sw = crowding_out().sweep(lams)
    ax = sw.plot()
    lines = {line.get_label(): line for line in ax.lines}
    assert set(lines) == {"coordinated", "laissez-faire"}          # no first best declared
    assert np.allclose(lines["coordinated"].get_xdata(), lams)
    # λ = 0: provide 5, W = 5 log 5 - 5; λ >= 0.1172: provide nothing, W = 5 log 3 - 3
    assert np.allclose(lines["coordinated"].get_ydata(),
                       [5 * math.log(5) - 5, 5 * math.log(5 / 1.05) - 5, 5 * math.log(3) - 3, 5 * math.log(3) - 3])
    ax = sw.plot(y="g0", preset="slides")
    assert np.allclose(ax.lines[0].get_ydata(), [5, 5 / 1.05, 0, 0])
    with pytest.raises(DomainError):
        sw.plot(y="first_best_welfare")
