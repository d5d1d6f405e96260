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
