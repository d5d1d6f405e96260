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
    # the engine's optimum is the better instrument at every lambda, never above the first best
    assert np.allclose(d["coordinated"], np.maximum(d["direct_provision"], d["matching_subsidy"]))
    assert np.all(d["coordinated"] <= fb + 1e-12)
    # Lindahl consortium (section 6): firm 3 gets log 6 - 1 < log 3 (its Nash payoff), firm 2
    # 2 log 6 - 2 < 2 log 3: the first best is a benchmark, not attainable by the Lindahl bill
    assert list(d["lindahl_participation"]) == [True, 2 * math.log(6) - 2 >= 2 * math.log(3),
                                                math.log(6) - 1 >= math.log(3)] == [True, False, False]
    assert not d["lindahl_attainable"] and d["some_split_if_unanimity"] and not d["some_split_if_free_riding"]


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


def test_club_data_by_hand():
    d = CAT.figures["commontech_club"].compute()
    v = d["v"]
    # Lindahl club: the grand club buys G* = V = v + 1 and reaches the first best for every v
    assert np.allclose(d["lindahl_loss"], 0)
    # open public good: firm 1 buys G = v (top valuation), W^N = (v+1) log v - v;
    # first best W* = (v+1) log(v+1) - (v+1)
    nash = (v + 1) * np.log(v) - v - ((v + 1) * np.log(v + 1) - (v + 1))
    assert np.allclose(d["nash_loss"], nash)
    # equal fees: the small firm stays iff log(1+v) - (1+v)/2 >= h(1) = -1 (v <= 4.357);
    # otherwise firm 1 alone (W = v log v - v - 1)
    stays = np.log(1 + v) - (1 + v) / 2 >= -1
    equal = np.where(stays, 0.0, v * np.log(v) - v - 1 - ((v + 1) * np.log(v + 1) - (v + 1)))
    assert np.allclose(d["equal_fee_loss"], equal)
    assert list(d["equal_fee_members"]) == [2 if s else 1 for s in stays]
    # the grant, (10, 1): xbar = 9/2 - log 11; W = W* - lam xbar while lam < (W* - W_lf)/xbar
    xbar = 4.5 - math.log(11)
    w_lf, w_star = 10 * math.log(10) - 11, 11 * math.log(11) - 11
    lam = d["shadow_cost"]
    expect = np.where(lam * xbar < w_star - w_lf, w_star - lam * xbar, w_lf)
    assert np.allclose(d["grant_welfare"], expect)
    assert np.allclose(d["grant"], np.where(lam * xbar < w_star - w_lf, xbar, 0))
    assert abs(d["lambda_bar"] - (w_star - w_lf) / xbar) < 1e-12
    assert d["open_nash"] > d["laissez_faire"]          # the equal-fee club is worse than no club


def test_sharing_data_against_brute_force_core():
    import itertools

    d = CAT.figures["commontech_sharing"].compute()
    v = (3, 2, 1)
    L6 = math.log(6)
    # grand consortium buys G* = 6, W(N) = 6 log 6 - 6
    assert np.allclose(d["gamma_lindahl"], [vi * (L6 - 1) for vi in v])
    assert np.allclose(d["gamma_equal_split"], [vi * L6 - 2 for vi in v])
    # gamma worths by hand: a coalition that is not the top agent free rides on the top
    # outsider's Nash provision G = v_j; otherwise it buys G = V_S: h(V) = V log V - V
    h = lambda V: V * math.log(V) - V  # noqa: E731

    def w_gamma(S):
        VS = sum(v[i] for i in S)
        out = [v[j] for j in range(3) if j not in S]
        if not out or VS >= max(out):
            return h(VS)
        return VS * math.log(max(out))

    def w_alpha(S):
        return h(sum(v[i] for i in S))

    for kind, w in (("gamma", w_gamma), ("alpha", w_alpha)):
        assert np.allclose(d[f"{kind}_stand_alone"], [w((i,)) for i in range(3)])
        for rule in ("lindahl", "equal_split", "shapley", "nucleolus"):
            x = d[f"{kind}_{rule}"]
            assert abs(sum(x) - (6 * L6 - 6)) < 1e-9                 # efficient
            brute = all(sum(x[i] for i in S) >= w(S) - 1e-9
                        for k in (1, 2) for S in itertools.combinations(range(3), k))
            assert d[f"{kind}_{rule}_in_core"] == brute, (kind, rule)
    # Shapley by permutations for gamma (independent of the package's subset formula)
    phi = np.zeros(3)
    for order in itertools.permutations(range(3)):
        before = ()
        for i in order:
            after = tuple(sorted(before + (i,)))
            phi[i] += (w_gamma(after) if after else 0) - (w_gamma(before) if before else 0)
            before = after
    assert np.allclose(d["gamma_shapley"], phi / 6)
    # free riding blocks Lindahl under gamma (firm 2: 2 log 3 > 2 (log 6 - 1)); alpha is convex
    assert not d["gamma_lindahl_in_core"] and d["gamma_nucleolus_in_core"] and d["gamma_core_nonempty"]
    assert d["alpha_shapley_in_core"]
