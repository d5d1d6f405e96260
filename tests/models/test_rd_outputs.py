"""The data behind the R&D figures, the derivation and the demo, checked independently.

Expected values: d'Aspremont & Jacquemin's duopoly formulas written out here with numpy
(x^N = d(2-b)/(4.5 b g - (2-b)(1+b)), x^C = d(1+b)/(4.5 b g - (1+b)^2)), KMZ's RJV forms, and a
brute-force maximisation of net welfare over the subsidy rate using the reduced form derived by
hand in the comments (not the package's closed form in lambda).
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from scipy import optimize

from gametheory.outputs.catalog import rd as catalog
from gametheory.outputs.registry import catalog as registry

P = catalog.FIGURE_PARAMS
DD = P["a"] - P["A"]
BG = P["b"] * P["gamma"]


@pytest.fixture(scope="module")
def by_regime():
    return catalog.rd_by_regime_data()


@pytest.fixture(scope="module")
def subsidy():
    return catalog.rd_subsidy_data()


def test_registered():
    cat = registry()
    assert "rd" in cat.derivations and "rd" in cat.demos
    assert {"rd_by_regime_vs_beta", "rd_subsidy_vs_lambda"} <= set(cat.figures)


def test_regime_curves_match_dAJ_and_KMZ_formulas(by_regime):
    be = by_regime["beta"]
    assert P["n"] == 2
    nc = DD * (2 - be) / (4.5 * BG - (2 - be) * (1 + be))
    coop = DD * (1 + be) / (4.5 * BG - (1 + be) ** 2)
    assert np.allclose(by_regime["noncooperative"], nc, rtol=1e-12)
    assert np.allclose(by_regime["cartel"], coop, rtol=1e-12)
    assert np.allclose(by_regime["rjv_cartel"], 4 * DD / (9 * BG - 8))
    assert np.allclose(by_regime["rjv_competition"], 2 * DD / (9 * BG - 4))
    # second best (n=2): 4 d (1+b) / (9 b g - 4(1+b)^2); symmetric first best: d(1+b)/(2 b g - (1+b)^2)
    assert np.allclose(by_regime["second_best"], 4 * DD * (1 + be) / (9 * BG - 4 * (1 + be) ** 2))
    assert np.allclose(by_regime["first_best"], DD * (1 + be) / (2 * BG - (1 + be) ** 2))
    for name in catalog.REGIMES:
        assert by_regime[f"{name}_valid"].all()


def test_crossing_at_one_half(by_regime):
    be, nc, c = by_regime["beta"], by_regime["noncooperative"], by_regime["cartel"]
    assert np.all(c[be > 0.5] > nc[be > 0.5]) and np.all(c[be < 0.5] < nc[be < 0.5])
    i = int(np.argmin(abs(be - 0.5)))
    assert nc[i] == pytest.approx(c[i]) == pytest.approx(by_regime["crossing_rd"])
    # hand: beta = 1/2, d = 2, 4.5 b g = 13.5: x = 2 * 1.5 / (13.5 - 2.25) = 4/15
    assert by_regime["crossing_rd"] == pytest.approx(4 / 15)
    # beta = 1 reductions and rankings
    assert c[-1] == pytest.approx(by_regime["rjv_cartel"][-1]) and nc[-1] == pytest.approx(by_regime["rjv_competition"][-1])
    assert np.all(by_regime["second_best"] >= np.maximum(nc, c) - 1e-12)
    assert np.all(by_regime["first_best"] > by_regime["second_best"])


def _net_welfare(s: float, lam: float, beta: float) -> float:
    # Hand (n = 2): u = 2 - beta, v = 1 + beta, D = 9 b g, x(s) = (2 u d + 9 b s)/(D - 2uv),
    # q = (d + v x)/(3b), W = CS + profits - lambda * 2 s x = 2 b q^2 + 2(b q^2 - g x^2/2) - 2 lam s x.
    b, g = P["b"], P["gamma"]
    u, v = 2 - beta, 1 + beta
    x = (2 * u * DD + 9 * b * s) / (9 * b * g - 2 * u * v)
    q = (DD + v * x) / (3 * b)
    return 2 * b * q**2 + 2 * (b * q**2 - g * x**2 / 2) - 2 * lam * s * x


def test_subsidy_curve_is_the_brute_force_optimum(subsidy):
    beta = subsidy["beta"]
    for k in (0, 10, 25, 50):
        lam = subsidy["lambda"][k]
        res = optimize.minimize_scalar(lambda s: -_net_welfare(s, lam, beta), bounds=(-5, 5), method="bounded",
                                       options={"xatol": 1e-10})
        assert subsidy["subsidy"][k] == pytest.approx(res.x, abs=1e-6)
        assert subsidy["welfare"][k] == pytest.approx(-res.fun, rel=1e-10)
    assert _net_welfare(0, 0, beta) == pytest.approx(subsidy["laissez_faire"])


def test_subsidy_curve_shape(subsidy):
    w, lam, s = subsidy["welfare"], subsidy["lambda"], subsidy["subsidy"]
    assert w[0] == pytest.approx(subsidy["second_best"])          # lambda = 0 attains the second best
    assert np.all(np.diff(s) < 0)
    # by hand (a = 12, A = 10, b = 1, gamma = 3, n = 2, beta = 1/2: u = v = 3/2, B = 9, D = 27,
    # Delta = D - 2uv = 45/2): s* = 0 at lambda^T = gamma B ((n+2)v - 2u)/(2 u Delta) = 81/67.5 = 6/5;
    # below it a subsidy (welfare falls with lambda), above it a tax on R&D
    assert subsidy["tax_threshold"] == pytest.approx(1.2)
    assert np.all(s[lam < 1.2 - 1e-9] > 0) and np.all(s[lam > 1.2 + 1e-9] < 0)
    below = lam <= 1.2
    assert np.all(np.diff(w[below]) < 0)
    assert np.all(w >= subsidy["laissez_faire"] - 1e-12)          # the subsidy can always be set to 0
    assert subsidy["valid"].all() and subsidy["valid_cost_share"].all()
    assert subsidy["gap_closed"][0] == pytest.approx(1.0)
    for key in ("gap_closed", "gap_closed_cost_share"):          # unclamped, in [0, 1]
        assert np.all(subsidy[key] >= -1e-12) and np.all(subsidy[key] <= 1 + 1e-12)
    assert np.all(subsidy["welfare_cost_share"] <= subsidy["benchmark"] + 1e-12)


def _cost_share_welfare(sigma, lam, beta, DD=2.0, b=1.0, g=3.0):
    # independent of the package: duopoly FOC with R&D cost (1 - sigma) g x^2/2 (B = 9b)
    u, v = 2 - beta, 1 + beta
    x = 2 * u * DD / (9 * b * g * (1 - sigma) - 2 * u * v)
    q = (DD + v * x) / (3 * b)
    return 2 * b * q**2 + 2 * (b * q**2 - g * x**2 / 2) - 2 * lam * sigma * g * x**2 / 2


def test_cost_share_curve_is_the_brute_force_optimum(subsidy):
    beta = subsidy["beta"]
    for k in (0, 4, 20, 60):
        lam = subsidy["lambda"][k]
        res = optimize.minimize_scalar(lambda z: -_cost_share_welfare(z, lam, beta), bounds=(-2, 0.9),
                                       method="bounded", options={"xatol": 1e-12})
        assert subsidy["cost_share"][k] == pytest.approx(res.x, abs=1e-6)
        assert subsidy["welfare_cost_share"][k] == pytest.approx(-res.fun, rel=1e-10)


def test_absorptive_figure_data():
    d = catalog.rd_absorptive_data()
    # delta = 0 is dAJ at the figure's parameters (d = 2, b = 1, gamma = 3, beta = 1/2: u = v = 3/2, D = 27):
    # x^N = 2ud/(D - 2uv) = 6/22.5 = 4/15 = x^C
    assert d["noncooperative"][0] == pytest.approx(4 / 15) and d["cartel"][0] == pytest.approx(4 / 15)
    # learning raises noncooperative R&D and leaves the cartel's unchanged (where valid)
    nc = d["noncooperative"][~np.isnan(d["noncooperative"])]
    assert np.all(np.diff(nc) > 0)
    assert np.allclose(d["cartel"][~np.isnan(d["cartel"])], 4 / 15)
    # critical spillover 1/(2 - 3 delta) for n = 2 at delta = 0.2: 1/1.4
    k = int(np.argmin(np.abs(d["delta_grid"] - 0.2)))
    assert d["critical_2"][k] == pytest.approx(1 / (2 - 3 * d["delta_grid"][k]))


def test_derivation_mentions_the_results():
    text = catalog.build()
    for needle in ("β = 1/2", "研发卡特尔", "研究合资企业", "Henriques", "Salant", "Suzumura", "Amir",
                   r"x^*(\lambda)", "first_best(symmetric=False)", "Why the optimal policy becomes a tax",
                   "Cost share", "Absorptive capacity", "internal stability", "## Notation"):
        assert needle in text


def test_demo_runs(tmp_path):
    from gametheory.outputs.demos import run_demo

    out = io.StringIO()
    run_demo("rd", stream=out, outdir=tmp_path)
    text = out.getvalue()
    assert "stability" in text and "symmetric_local_max" in text
    assert (tmp_path / "figures" / "rd_by_regime_vs_beta.png").exists()
