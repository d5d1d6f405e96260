"""The data behind the commontech figures, the derivation and the demo.

Expected values are closed forms derived by hand (comments), not the package's own output.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pytest

from gametheory.outputs.registry import catalog

CAT = catalog()


def test_provision_by_n_data():
    # n firms with v = 1, f = log: Nash v_max/G = 1 => G = 1; optimum n/G = 1 => G = n;
    # matching subsidy at λ: m = V/((1+λ)v_max) = n/(1+λ) when > 1, G = m.
    d = CAT.figures["commontech_provision_by_n"].data()
    n, lam = d["n"], d["shadow_cost"]
    assert np.array_equal(d["nash"], np.ones_like(n, dtype=float))
    assert np.array_equal(d["first_best"], n.astype(float))
    assert np.allclose(d["coordinated"], np.maximum(1.0, n / (1 + lam)))
    assert d["instrument"][0] == "laissez-faire" and set(d["instrument"][1:]) == {"matching subsidy"}


def test_dispersion_data():
    # v = (1+d, 1, 1-d), f = sqrt: Nash ((1+d)/2)^2; optimum (3/2)^2 = 9/4;
    # matching at λ: W(m) = 3 m v/2 - (m v)^2/4 - λ (m-1) m v^2/4 with v = 1+d =>
    # m* = (3/v + λ/2)/(1+λ), G = (m* v)^2/4 = ((3 + λ v/2)/(1+λ))^2/4 (direct provision is dominated).
    d = CAT.figures["commontech_dispersion"].data()
    x, lam = d["dispersion"], d["shadow_cost"]
    v = 1 + x
    assert np.allclose(d["nash"], v**2 / 4)
    assert np.allclose(d["first_best"], 9 / 4)
    assert np.allclose(d["coordinated"], ((3 + lam * v / 2) / (1 + lam)) ** 2 / 4)
    assert np.all(np.diff(d["nash"]) > 0)                      # inequality raises voluntary provision


def test_crowding_out_data():
    d = CAT.figures["commontech_crowding_out"].data()
    g0 = d["government"]
    assert np.allclose(d["private"], np.maximum(0, 3 - g0))            # one for one, then none
    assert np.allclose(d["total"], np.maximum(3, g0))
    # BBV, w = (6, 4), α = 1/2: both contribute while 4 - G > 0 with G = (g0 + 10)/3, i.e. g0 < 2;
    # then only firm 1: G = (g0 + 6)/2 (firm 2 out iff 4 <= G, g0 >= 2).
    gb = d["bbv_government"]
    expected = np.where(gb < 2, (gb + 10) / 3, (gb + 6) / 2)
    assert np.allclose(d["bbv_exogenous_total"], expected)
    # taxes g0/2 on each: neutral while each tax is below the gift; firm 2's gift is 2/3, so up to g0 = 4/3
    flat = gb <= 4 / 3 + 1e-12
    assert np.allclose(d["bbv_taxed_total"][flat], 10 / 3)
    assert np.allclose(d["bbv_taxed_private"][flat], 10 / 3 - gb[flat])


def test_welfare_vs_lambda_data():
    # (3, 2, 1), f = log. LF: 6 log 3 - 3; FB: 6 log 6 - 6. Direct: max(LF, 6 log(6/(1+λ)) - 6).
    # Matching (m = 2/(1+λ) for λ < 1): W = 6 log(3m) - 3m - 3λ(m - 1).
    d = CAT.figures["commontech_welfare_vs_lambda"].data()
    lam = d["shadow_cost"]
    lf, fb = 6 * math.log(3) - 3, 6 * math.log(6) - 6
    assert np.allclose(d["laissez_faire"], lf) and np.allclose(d["first_best"], fb)
    assert np.allclose(d["direct_provision"], np.maximum(lf, 6 * np.log(6 / (1 + lam)) - 6))
    m = np.maximum(1, 2 / (1 + lam))
    assert np.allclose(d["matching_subsidy"], 6 * np.log(3 * m) - 3 * m - 3 * lam * (m - 1))
    assert np.all(d["public_provision"][lam < d["lambda_star"]] > 3)        # all ...
    assert np.all(d["public_provision"][lam > d["lambda_star"]] == 0)       # ... or nothing
    assert d["lambda_star"] == pytest.approx(2 * math.exp(-0.5) - 1)


@pytest.mark.parametrize("name", ["commontech_provision_by_n", "commontech_welfare_vs_lambda"])
def test_figures_draw(name):
    spec = CAT.figures[name]
    fig = spec.draw(spec.data())
    assert fig.axes


def test_derivation_has_the_key_results_and_the_chinese_terms():
    text = CAT.derivations["commontech"].build()
    for term in ("产业共性技术", "准公共物品", "搭便车", "挤出", "Warr", "Olson", "Lindahl", "all or nothing"):
        assert term in text
    assert r"\frac{v_{1}}{v_{1} + v_{2} + v_{3}}" in text            # G^N/G* = v_max/V (f = log)


def test_demo_runs(tmp_path):
    from gametheory.outputs.demos import Narrator

    out = io.StringIO()
    CAT.demos["commontech"].run(Narrator(out, tmp_path))
    text = out.getvalue()
    assert "Step 6" in text and "free ride" in text
    assert (tmp_path / "figures" / "commontech_welfare_vs_lambda.png").exists()
