"""The brand figures' data, derivation and demo, checked against independent closed forms."""

from __future__ import annotations

import io

import numpy as np

from gametheory.outputs import demos, derive, figures


def test_quality_figure_shows_one_over_n_dilution():
    d = figures.REGISTRY["brand_quality_by_n"].data()
    n = d["n"].astype(float)
    assert np.allclose(d["nash_quality"] * n, d["optimal_quality"])          # q^N = q*/n
    assert np.allclose(d["optimal_quality"], 1.0)                            # theta/k = 1
    # best quality sustained by Nash reversion at delta: (1 + 2 delta (n-1))/n, capped at 1
    assert np.allclose(d["sustainable_quality"], np.minimum(1, (1 + 2 * d["delta"] * (n - 1)) / n))
    assert np.allclose(d["reputation_ratio_equal"], 1 / n)
    # leader 1/2 + (n-1) firms sharing 1/2: H = 1/4 + 1/(4(n-1)) for n >= 2
    assert np.allclose(d["reputation_ratio_leader"][1:], 0.25 + 0.25 / (n[1:] - 1))
    assert np.allclose(d["welfare_ratio"], (2 * n - 1) / n**2)


def test_instrument_figure_against_closed_forms():
    d = figures.REGISTRY["brand_instruments_vs_lambda"].data()
    lam, n = d["shadow_cost"], d["n"]
    w_star, w_nash = 0.5, (2 * n - 1) / (2 * n**2)
    assert d["first_best"] == w_star and "welfare_standard" not in d    # unenforced: benchmark only
    # subsidy: (n + lam)^2 / (2 n^2 (1 + 2 lam)) while lam < n - 1, laissez-faire beyond
    sub = np.where(lam < n - 1, (n + lam) ** 2 / (2 * n**2 * (1 + 2 * lam)), w_nash)
    assert np.allclose(d["welfare_subsidy"], sub)
    # fines: gap closed 1/(1 + c), c = (1 + lam) iota / F with iota = 1/2, F = 1
    c = (1 + lam) / 2
    assert np.allclose(d["welfare_fine"], w_nash + (w_star - w_nash) / (1 + c))
    # traceability: gap closed tau* = A/(A + (1+lam) gamma), A = theta^2 (n-1)^2/(k n^2), gamma = 1/4
    A = (n - 1) ** 2 / n**2
    assert np.allclose(d["welfare_traceability"], w_nash + (w_star - w_nash) * A / (A + (1 + lam) / 4))
    assert np.allclose(d["welfare_laissez_faire"], w_nash)
    assert np.all(d["welfare_subsidy"] <= w_star + 1e-15)
    assert np.all(d["welfare_subsidy"][lam > 0] < w_star)
    # the winner is computed: the cost share below lambda ~ 0.41, traceability above (see
    # test_brand_enforcement.py for the independent search); never the enforced standard here
    best = d["best"]
    assert set(best[lam <= 0.4]) == {"cost_share"} and set(best[lam >= 0.5]) == {"traceability"}
    # cost share: q = (1 + lam/8)/(1 + lam), W = q - q^2/2 - lam (q^2 - q/4)/2 (hand)
    q = (1 + lam / 8) / (1 + lam)
    assert np.allclose(d["welfare_cost_share"], q - q**2 / 2 - lam * (q**2 - q / 4) / 2)


def test_critical_discount_figure_against_closed_forms():
    d = figures.REGISTRY["brand_critical_discount"].data()
    n = d["n"].astype(float)
    assert np.allclose(d["binary_c_over_b_half"], (n - 2) / (2 * (n - 1)))          # (nc - b)/((n-1)b), c = b/2
    assert np.allclose(d["binary_c_over_b_three_quarters"], (3 * n - 4) / (4 * (n - 1)))   # c = 3b/4
    assert np.allclose(d["continuous_nash_reversion"], 0.5)
    assert np.all(np.diff(d["binary_c_over_b_half"]) > 0)


def test_derivation_contains_the_main_results():
    text = derive.render("brand")
    for needle in ("区域品牌", "搭便车", "最低质量标准", r"q^N &= \frac{\theta}{k n}", r"\frac{n - 2}{2 \left(n - 1\right)}",
                   r"\delta^*_{\text{continuous}} = \frac{1}{2}", "| $\\frac{1}{5}$ |"):
        assert needle in text, needle


def test_demo_runs(tmp_path):
    out = io.StringIO()
    demos.run_demo("brand", stream=out, outdir=tmp_path)
    text = out.getvalue()
    assert "1/n" in text and "Best: cost_share" in text
    assert (tmp_path / "figures" / "brand_quality_by_n.png").exists()


def test_reputation_figure_against_hand_derivations_and_simulation():
    from scipy.stats import norm

    d = figures.REGISTRY["brand_reputation"].data()
    n, delta = d["n"], d["delta"]
    t = d["t"]
    for label, s2 in (("traceable", 0.01), ("opaque", 0.25)):
        # Kalman gain of the local-level model: rho^2 = r (1 - rho), r = omega^2 / sigma^2 (omega^2 = 1/100)
        r = 0.01 / s2
        rho = d[f"{label}_gain"]
        assert abs(rho**2 - r * (1 - rho)) < 1e-12
        theta_eff = delta * rho / (1 - delta + delta * rho)          # effective premium, theta = 1
        r_star = theta_eff                                           # planner's steady state Theta/k
        assert np.allclose(d[f"{label}_collapse"], (1 - rho) ** t * r_star)        # all free ride: decay
        r_nash = theta_eff / n                                       # H = 1/n
        assert np.allclose(d[f"{label}_nash_path"], r_nash + (1 - rho) ** t * (r_star - r_nash))
        # the simulated mean tracks the expectation: stationary sd sqrt(rho s2/(2 - rho)), 400 paths
        sd = np.sqrt(rho * s2 / (2 - rho))
        assert np.all(np.abs(d[f"{label}_simulated_mean"] - d[f"{label}_collapse"]) < 5 * sd / np.sqrt(400))
        assert np.all(d[f"{label}_band_low"] <= d[f"{label}_simulated_mean"] + 1e-12)
        assert np.all(d[f"{label}_simulated_mean"] <= d[f"{label}_band_high"] + 1e-12)
    # a slower-learning (opaque) brand loses its name more slowly
    assert d["opaque_half_life"] > d["traceable_half_life"]
    # (b) Markov perfect quality = optimum / n, both falling with noise
    assert np.allclose(d["nash_quality"] * n, d["optimal_quality"])
    assert np.all(np.diff(d["optimal_quality"]) < 0)
    # (c) midpoint threshold: alpha = Phi(-(1/4)/(2 sigma)) = 1 - beta; by hand delta* = 1/(3 - 5 alpha)
    sig = d["sigma"]
    alpha = norm.cdf(-0.125 / sig)
    expect = np.where(alpha < 0.4, 1 / (3 - 5 * alpha), np.nan)
    assert np.allclose(d["gp_midpoint"], expect, equal_nan=True)
    assert abs(d["perfect_monitoring"] - 1 / 3) < 1e-12 and abs(d["gp_midpoint"][0] - 1 / 3) < 1e-3
    # best threshold: brute force over a fine grid of thresholds never beats the closed form
    C, D = 1 / 8, 3 / 16
    for j in (3, 12, len(sig) - 1):
        z = np.linspace(-2, 2, 40001)
        a, b = norm.cdf((z - 1) / sig[j]), norm.cdf((z - 0.75) / sig[j])
        denom = (D - C) * (1 - a) + (b - a) * C
        with np.errstate(divide="ignore"):
            grid_best = np.min(np.where(denom > D - C, (D - C) / denom, np.inf))
        assert abs(grid_best - d["gp_best"][j]) < 1e-6
        assert d["gp_best"][j] <= np.nan_to_num(d["gp_midpoint"][j], nan=np.inf) + 1e-12
