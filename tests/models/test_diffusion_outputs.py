"""Figure data and generated outputs of the diffusion model, checked against independent values."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy as sp

from gametheory.models.diffusion import TechnologyDiffusion
from gametheory.models.market import Cournot
from gametheory.outputs.catalog import diffusion as cat

R = sp.Rational


def test_regime_map_agrees_with_core_iewds_at_sample_points():
    # the map draws the outcome of iterated elimination (issue 15), so no region is left
    # "context-dependent"; every sampled cell is re-solved by the core's IEWDS on the numeric game
    d = cat.regime_map_data(nx=31, ny=11)
    names = list(d["names"])
    assert not any(nm.startswith("coordination") for nm in names)
    checked = set()
    for iy, ix in itertools.product(range(0, 11, 2), range(0, 31, 3)):
        name = names[d["labels"][iy, ix]]
        if name.startswith("several"):
            continue
        s, beta = sp.nsimplify(d["s"][ix]), sp.nsimplify(d["beta"][iy])
        m = TechnologyDiffusion(10, 1, (1, 2, 3), beta=beta)
        game = m.attitude_game(subsidy=s)
        g = game.game
        res = g.iterated_elimination(weak=True)
        flows = {game.flows(p) for p in itertools.product(*res.remaining_indices)}
        lab = m.labels
        expected = {()} if name == "no diffusion" else {tuple(sorted(
            (lab.index(f.split("->")[0]), lab.index(f.split("->")[1])) for f in name.split(", ")))}
        assert flows == expected, (float(s), float(beta), name, flows)
        checked.add(name)
    assert {"M->G", "L->M, L->G, M->G"} <= checked


@pytest.mark.parametrize("s, beta, expected", [
    # the issue's two points, which one round of dominance left "context-dependent"
    (1, R(9, 10), "M->G"),
    (R(6, 5), R(3, 5), "L->M, L->G, M->G"),
])
def test_regime_map_cells_of_the_issue(s, beta, expected):
    d = cat.regime_map_data(nx=61, ny=20)        # s step 1/20, beta step 1/20 from 1/20
    ix = int(np.argmin(np.abs(d["s"] - float(s))))
    iy = int(np.argmin(np.abs(d["beta"] - float(beta))))
    assert d["one_round_undecided"][iy, ix] == 1
    assert list(d["names"])[d["labels"][iy, ix]] == expected
    m = TechnologyDiffusion(10, 1, (1, 2, 3), beta=beta)
    game = m.attitude_game(subsidy=s)
    res = game.game.iterated_elimination(weak=True)
    flows = {game.flows(p) for p in itertools.product(*res.remaining_indices)}
    assert len(flows) == 1 and ", ".join(f"{m.labels[i]}->{m.labels[j]}" for i, j in flows.pop()) == expected


def test_welfare_vs_lambda_matches_hand_lines():
    # costs (1,2,4), beta_G = 1/2 (hand): LF W(1,2,4) = 1031/32; first best teaches M only: costs
    # (1,1,4), G's output exactly 0, W = 18 + 18 = 36; buying L->M costs T_L = 3.25^2 - 3^2 = 25/16;
    # the uniform mandate gives costs (1,1,5/2), W = 4527/128 at no outlay.
    d = cat.welfare_vs_lambda_data()
    lam = d["lambda"]
    assert np.allclose(d["laissez_faire"], 1031 / 32) and np.allclose(d["planner"], 36)
    # default fiscal rule: the first best may also raise every firm's profit (limited liability),
    # at costs (1,1,4) q = (3, 3, 0), profits 18 (no diffusion: 251/16; all taught: ~15.05 — both
    # lower with lower welfare), so W_fb(lambda) = 36 + 18 lambda
    assert np.allclose(d["first_best"], 36 + 18 * lam)
    assert np.allclose(d["mandate"], 4527 / 128)
    hand = np.maximum(36 - 25 / 16 * lam, 4527 / 128)
    assert np.all(d["coordinated"] >= hand - 1e-12)
    # a fine with revenue: below M's sharing threshold 17/16 (M: 81/16 alone vs 4 sharing with G)
    # nobody shares, 3 refusals pay f each, W = 1031/32 + 3 lam f, supremum 1133/32 at lambda = 1
    # (f -> 17/16, not attained); it overtakes the mandate's 4527/128 only near lambda = 1
    assert 4527 / 128 < d["fine"][-1] < 1133 / 32
    assert np.all(d["coordinated"] <= d["first_best"])
    assert np.allclose(d["coordinated"][lam <= 0.9], hand[lam <= 0.9])
    assert np.all(d["coordinated"] <= d["first_best"] + 1e-12)
    assert np.all(np.diff(d["purchase"]) <= 1e-12)                  # buying gets dearer with lambda


def test_welfare_vs_absorptive_end_points():
    d = cat.welfare_vs_absorptive_data(n=3)
    # beta_G = 0: nothing to teach G; first best 36 as above. beta_G = 1: all costs 1, W = 1215/32
    assert d["first_best"][0] == pytest.approx(36) and d["gain_teaching_G_after_M"][0] == pytest.approx(0)
    assert d["first_best"][-1] == pytest.approx(1215 / 32)
    # beta_G = 1/2: teaching G after M lowers W by 81/128 (costs (1,1,5/2) vs (1,1,4))
    assert d["gain_teaching_G_after_M"][1] == pytest.approx(-81 / 128)
    assert np.allclose(d["laissez_faire"], 1031 / 32)


def test_laggard_gap_against_market_module():
    d = cat.laggard_gap_data(n=25)
    for k in range(0, 25, 4):
        cg = sp.nsimplify(d["c_G"][k])
        w0 = Cournot(10, 1, (1, 2, cg)).equilibrium().welfare
        for beta in (1, R(1, 2), R(1, 4)):
            w1 = Cournot(10, 1, (1, 2, cg - beta * (cg - 1))).equilibrium().welfare
            assert d[f"dW beta={float(beta):g}"][k] == pytest.approx(float(w1 - w0), abs=1e-9)
        # the figure's local derivative against the market module's exact marginal effects
        dw = Cournot(10, 1, (1, 2, cg)).marginal_effects().dwelfare[2]
        assert d["dW/dc_G"][k] == pytest.approx(float(dw), abs=1e-9)
    active = d["share_G"] > 0
    # Lahiri-Ono: dW/dc_G > 0 exactly where the share is below 1/(2(m+1)) = 1/8
    assert np.all((d["dW/dc_G"][active] > 0) == (d["share_G"][active] < 1 / 8))


def test_derivation_states_the_key_results(root):
    # the committed document (tests/outputs/test_generated_current.py checks it is current)
    text = (root / "derivations" / "diffusion.md").read_text(encoding="utf-8")
    assert "the leading firm is averse to all" in text
    assert "Lahiri & Ono (1988)" in text and "\\frac{1}{2(m+1)}" in text
    assert "协调者" in text and "厌恶" in text and "偏好" in text


def test_demo_runs(tmp_path):
    import io

    from gametheory.outputs.demos import run_demo

    buf = io.StringIO()
    run_demo("diffusion", stream=buf, outdir=tmp_path)
    out = buf.getvalue()
    assert "Kuang & Zhang" in out and "Lahiri" in out
    assert (tmp_path / "figures" / "diffusion_regime_map.png").exists()
