"""The explorer's pages without a browser: inputs, hand-derived values, the Dash layer's refusals."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import sympy as sp

from gametheory.core.params import DomainError
from gametheory.explore._view import Control, decimal, exact, show
from gametheory.explore.pages import PAGES


def _values(view):
    return {v.key: v.value for v in view.values}


def _defaults(page):
    return {c.name: exact(c.default if isinstance(c.default, int) else float(c.default), c) for c in page.controls}


def _page(slug):
    return next(p for p in PAGES if p.slug == slug)


# -- inputs: JSON numbers only, exact, bounded -------------------------------------------------
def test_browser_numbers_become_exact_fractions():
    c = Control("beta", "β", 1, 0, 1)
    assert exact(0.2, c) == Fraction(1, 5) and exact(1, c) == 1 and exact(0.1 + 0.2, c) == Fraction("0.30000000000000004")


@pytest.mark.parametrize("bad", [None, "0.5", "__import__('os')", float("nan"), float("inf"), True, [1], 2, -0.5])
def test_anything_else_is_refused(bad):
    with pytest.raises(DomainError):
        exact(bad, Control("beta", "β", 1, 0, 1))


def test_integer_controls_refuse_fractions():
    with pytest.raises(DomainError, match="whole number"):
        exact(2.5, Control("n", "n", 2, 1, 10, integer=True))


def test_show_keeps_exact_values_exact():
    assert show(sp.Rational(1215, 32)) == "1215/32" and decimal(sp.Rational(1215, 32)) == "≈ 37.9688"
    assert show(True) == "True" and decimal(3) == ""


def test_every_page_has_formulas_controls_and_a_figure_at_its_defaults():
    assert [p.slug for p in PAGES] == ["classic", "diffusion", "brand", "rd", "evolution", "network"]
    for page in PAGES:
        assert "$$" in page.formulas and page.controls
        for c in page.controls:
            assert Fraction(c.low) <= Fraction(c.default) <= Fraction(c.high), (page.slug, c.name)


# -- each page at hand-derived points ---------------------------------------------------------
def test_classic_stag_hunt_has_two_pure_and_one_mixed_equilibrium():
    # R = 3, S = 0, T = 2, P = 1: R > T and P > S, so (C,C) and (D,D); p* = (P-S)/((R-T)+(P-S)) = 1/2.
    view = _page("classic").compute(R=3, S=0, T=2, P=1)
    assert _values(view)["pure"] == "(C, C), (D, D)"
    eq = next(t for t in view.tables if t.key == "equilibria")
    assert ("(1/2, 1/2)", "(1/2, 1/2)", "(3/2, 3/2)") in eq.rows      # payoff 3·1/2·1/2 + 2·... = 3/2 by hand


def test_diffusion_defaults_match_the_readme():
    # README: c = (1, 2, 3), β = 1: no diffusion, W = 32; licensing realises L→M, L→G with W = 1215/32.
    v = _values(_page("diffusion").compute(**_defaults(_page("diffusion"))))
    assert v["laissez-faire"] == 32 and v["licensing"] == sp.Rational(1215, 32) == v["planner"]
    assert v["licensing-flows"] == "L→M, L→G" and v["threshold"] == sp.Rational(1, 8)   # 1/(2(3+1))


def test_brand_and_common_technology_by_hand():
    page = _page("brand")
    kw = _defaults(page) | {"n": 5, "theta": Fraction(2), "k": Fraction(1, 2), "v1": Fraction(4), "v2": Fraction(1),
                            "v3": Fraction(1, 2)}
    v = _values(page.compute(**kw))
    assert v["brand-nash-quality"] == sp.Rational(4, 5)          # θ/(kn) = 2/(5/2)
    assert v["brand-first-best-quality"] == 4                   # θ/k
    assert v["ct-nash-level"] == 4 and v["ct-first-best-level"] == sp.Rational(11, 2)   # max v; Σ v (f = log)


def test_rd_doc_example_and_the_half_spillover_crossing():
    v = _values(_page("rd").compute(**_defaults(_page("rd"))))
    assert (v["rd-noncooperative"], v["rd-cartel"], v["rd-second_best"], v["rd-first_best"]) == (2, 2, 5, 6)
    assert all(v[f"valid-{r}"] for r in ("noncooperative", "cartel", "first_best"))
    # β = 3/4 > 1/2: the cartel out-invests competitors (dAJ 1988)
    v = _values(_page("rd").compute(**(_defaults(_page("rd")) | {"beta": Fraction(3, 4)})))
    assert v["rd-cartel"] > v["rd-noncooperative"]


def test_evolution_matching_pennies_has_a_centre_and_no_stable_point():
    view = _page("evolution").compute(a11=1, a12=-1, a21=-1, a22=1, b11=-1, b12=1, b21=1, b22=-1)
    assert _values(view)["stable"] == "none"
    rows = next(t for t in view.tables if t.key == "stability").rows
    assert ("(1/2, 1/2)", "interior", "(-I, I)", "centre", False) in rows


def test_network_page_reproduces_a_seeded_run():
    page = _page("network")
    kw = _defaults(page) | {"n": 12, "steps": 10}
    a, b = _values(page.compute(**kw)), _values(page.compute(**kw))
    assert a == b and 0 <= a["final-gap"] < 1 and math.isfinite(a["welfare"])


# -- the Dash layer ---------------------------------------------------------------------------
def test_render_refuses_out_of_range_input_with_a_message():
    pytest.importorskip("dash")
    from gametheory.explore.app import render

    page = _page("rd")
    raw = {c.name: float(c.default) for c in page.controls} | {"beta": 3.0}
    _, src, status = render(page, raw)
    assert src == "" and "β (spillover) must lie in [0, 1]" in status
    raw["beta"] = "__import__('os')"
    _, src, status = render(page, raw)
    assert src == "" and "never evaluated" in status


def test_app_serves_every_page_and_its_assets_locally():
    pytest.importorskip("dash")
    from gametheory.explore import create_app

    app = create_app()
    client = app.server.test_client()
    html = client.get("/diffusion").get_data(as_text=True)
    assert "gametheory explorer" in html and "cdn" not in html.lower()
    assert client.get("/assets/style.css").status_code == 200
    # the MathJax renderer ships inside dash's dcc bundle and is served by the app itself
    import os

    import dash

    assert os.path.exists(os.path.join(os.path.dirname(dash.__file__), "dcc", "async-mathjax.js"))
