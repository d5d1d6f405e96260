"""Tests of gametheory.core.coordinator.

Every expected optimum is derived by hand in the comment next to it; the brute-force grid
(`verify_by_grid`) and the numeric path are independent checks of the symbolic path.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.params import DomainError
from gametheory.core.coordinator import Coordinator, Instrument

s, Q = sp.symbols("s Q", nonnegative=True)
lam = sp.Symbol("lambda", nonnegative=True)


def cournot_subsidy(A=1, b=1, hi=5, shadow_cost=0, first_best=None):
    """Cournot duopoly, P = a - bQ, cost c, A = a - c, per-unit subsidy s paid on all output.

    q_i = (A + s)/(3b), Q = 2(A + s)/(3b); the margin P - c + s = b q_i, so PS (incl. subsidy)
    = 2 b q_i^2 = b Q^2 / 2; CS = b Q^2/2; outlay s Q.
    W(s) = b Q^2 - (1 + lambda) s Q = [4(A+s)^2 - 6(1+lambda) s (A+s)]/(9b);
    dW/ds = 0  <=>  (2 - 6 lambda) A = (4 + 12 lambda) s  <=>  s* = (1 - 3 lambda) A / (2 (1 + 3 lambda)),
    interior iff lambda < 1/3; d2W/ds2 = -(4 + 12 lambda)/(9b) < 0. At lambda = 0, s* = A/2 gives
    Q = A/b, the first best (W_fb = A^2/(2b)).
    """
    return Coordinator(
        [Instrument("s", s, bounds=(0, hi), budget=s * Q)],
        response={Q: 2 * (A + s) / (3 * b)},
        welfare_parts={"consumer_surplus": b * Q**2 / 2, "producer_surplus": b * Q**2 / 2},
        shadow_cost=shadow_cost,
        first_best=first_best,
    )


def brand_subsidy(n=2, theta=2, k=1, hi=10, shadow_cost=0):
    """Regional brand, n symmetric firms, Pigouvian quality subsidy s per unit of quality.

    Firm: max theta*qbar + s q - k q^2/2 with qbar the average -> q = (theta/n + s)/k.
    PS (incl. subsidy) = n(theta q - k q^2/2 + s q), outlay s n q, so
    W = n(theta q - k q^2/2) - lambda s n q;
    dW/ds = (n/k)[theta (1 - (1 + lambda)/n) - s (1 + 2 lambda)] = 0
    => s* = theta (n - 1 - lambda) / (n (1 + 2 lambda)), interior iff lambda < n - 1.
    lambda = 0: s* = theta (n-1)/n and q = theta/k (first best, W_fb = n theta^2/(2k)).
    """
    q = sp.Symbol("q")
    return Coordinator(
        [Instrument("s", s, bounds=(0, hi), budget=s * n * q)],
        response={q: (sp.sympify(theta) / n + s) / k},
        welfare_parts={"producer_surplus": n * (theta * q - k * q**2 / 2 + s * q)},
        shadow_cost=shadow_cost,
        first_best=sp.sympify(n) * theta**2 / (2 * k),
    )


# ------------------------------------------------------------------------------ closed forms
def test_cournot_subsidy_closed_form_at_a_number():
    # lambda = 1/5: s* = (2/5)/(2 * 8/5) = 1/8, Q = 3/4, W = 9/16 - (6/5)(1/8)(3/4) = 9/20;
    # W_lf = (2/3)^2 = 4/9, W_fb = 1/2 -> gap closed (9/20 - 4/9)/(1/18) = 1/10
    out = cournot_subsidy(shadow_cost=sp.Rational(1, 5), first_best=sp.Rational(1, 2)).solve()
    assert out.policy == {"s": sp.Rational(1, 8)}
    assert out.welfare == sp.Rational(9, 20) and out.gap_closed == sp.Rational(1, 10)
    assert out.response == {"Q": sp.Rational(3, 4)}
    assert out.transfers == {"s": sp.Rational(3, 32)}
    assert out.account.public_outlay == sp.Rational(3, 32)
    # PS includes the subsidy: PS = Q^2/2 = 9/32; CS = 9/32
    assert out.account.producer_surplus == sp.Rational(9, 32)
    locations = {c.location for c in out.candidates}
    assert {"corner", "interior"} <= locations


def test_cournot_subsidy_first_best_at_lambda_zero():
    out = cournot_subsidy(A=3, b=2, shadow_cost=0, first_best=sp.Rational(9, 4)).solve()
    assert out.policy["s"] == sp.Rational(3, 2)       # A/2
    assert out.welfare == sp.Rational(9, 4) and out.gap_closed == 1


def test_cournot_subsidy_symbolic_lambda_piecewise():
    out = cournot_subsidy(shadow_cost=lam, hi=sp.oo).solve()
    expected = sp.Piecewise((0, lam >= sp.Rational(1, 3)), ((1 - 3 * lam) / (2 * (1 + 3 * lam)), True))
    for value in [0, sp.Rational(1, 10), sp.Rational(1, 3), sp.Rational(1, 2), 2]:
        assert sp.simplify(out.policy["s"].subs(lam, value) - expected.subs(lam, value)) == 0
    regimes = dict(out.regimes)
    assert regimes["interior"] == (lam < sp.Rational(1, 3))
    assert out.method.startswith("closed form")


def test_cournot_subsidy_symbolic_parameters():
    A = sp.Symbol("A", positive=True)
    out = cournot_subsidy(A=A, shadow_cost=lam, hi=sp.oo).solve()
    interior = (1 - 3 * lam) * A / (2 * (1 + 3 * lam))
    assert sp.simplify(out.policy["s"].subs(lam, sp.Rational(1, 7)) - interior.subs(lam, sp.Rational(1, 7))) == 0
    assert out.policy["s"].subs(lam, 1) == 0
    assert dict(out.regimes)["interior"] == (lam < sp.Rational(1, 3))


def test_brand_pigouvian_subsidy():
    # n = 3, theta = 2, k = 1, lambda = 1/2: s* = 2 (3 - 1 - 1/2)/(3 * 2) = 1/2;
    # q = 2/3 + 1/2 = 7/6, W = 3(2 * 7/6 - 49/72) - (1/2)(1/2)(3)(7/6) = 3 * 119/72 - 7/8 = 49/12
    out = brand_subsidy(n=3, shadow_cost=sp.Rational(1, 2)).solve()
    assert out.policy["s"] == sp.Rational(1, 2) and out.welfare == sp.Rational(49, 12)
    # lambda >= n - 1: no subsidy
    assert brand_subsidy(n=3, shadow_cost=3).solve().policy["s"] == 0
    n_, th, k_ = sp.symbols("n theta k", positive=True)
    sym = brand_subsidy(n=n_, theta=th, k=k_, hi=sp.oo, shadow_cost=lam).solve()
    interior = th * (n_ - 1 - lam) / (n_ * (1 + 2 * lam))
    pieces = dict((c, e) for e, c in sym.policy["s"].args)
    assert any(sp.simplify(e - interior) == 0 for e in pieces.values())


def test_brand_subsidy_at_lambda_zero_is_first_best():
    out = brand_subsidy(n=4, theta=3, k=2).solve()
    assert out.policy["s"] == sp.Rational(9, 4)      # theta (n-1)/n
    assert out.response["q"] == sp.Rational(3, 2)    # theta / k
    assert out.gap_closed == 1


# ------------------------------------------------------------------------------ binary + kinks
def mandate_problem(F, shadow_cost):
    """Binary quality mandate m (imposes the first-best q = theta/k at enforcement cost F) + subsidy.

    n = 2, theta = 2, k = 1. m = 1: q = 2, W = 4 - F - lambda s n q, so s = 0 and W = 4 - F.
    m = 0: brand_subsidy; lambda = 1/4: s* = (1 - 1/4)/(1 + 1/2) = 1/2, q = 3/2,
    W = 2(3 - 9/8 - (1/4)(1/2)(3/2)) = 27/8. Mandate optimal iff F < 4 - 27/8 = 5/8.
    """
    m = sp.Symbol("m")
    q = sp.Symbol("q")
    n, theta, k = 2, 2, 1
    return Coordinator(
        [Instrument("mandate", m, kind="binary"), Instrument("s", s, bounds=(0, 4), budget=s * n * q)],
        response={q: m * sp.Rational(theta, k) + (1 - m) * (sp.Rational(theta, n) + s) / k},
        welfare_parts={"producer_surplus": n * (theta * q - k * q**2 / 2 + s * q), "resource_costs": F * m},
        shadow_cost=shadow_cost,
    )


def test_binary_mandate_versus_subsidy():
    on = mandate_problem(sp.Rational(1, 2), sp.Rational(1, 4)).solve()
    assert on.policy == {"mandate": 1, "s": 0} and on.welfare == sp.Rational(7, 2)
    off = mandate_problem(1, sp.Rational(1, 4)).solve()
    assert off.policy == {"mandate": 0, "s": sp.Rational(1, 2)} and off.welfare == sp.Rational(27, 8)
    assert off.account.resource_costs == 0 and on.account.resource_costs == sp.Rational(1, 2)
    assert {c.policy["mandate"] for c in off.candidates} == {0, 1}


def buy_diffusion(closed=True, shadow_cost=sp.Rational(1, 4)):
    """A source firm shares its technology iff paid at least its profit loss L = 2 (jump response).

    Welfare without diffusion W0 = 10, diffusion adds D = 3 (incl. the source's loss), the payment
    s is a transfer: PS includes s d, outlay s d. W = 10 + 3 d - lambda s d.
    lambda = 1/4: paying exactly L gives 13 - 1/2 = 25/2 > 10, so s* = 2 (the kink);
    lambda = 2: 13 - 4 = 9 < 10, so s* = 0.
    """
    d = sp.Symbol("d")
    cond = s >= 2 if closed else s > 2
    return Coordinator(
        [Instrument("payment", s, bounds=(0, 5), budget=s * d)],
        response={d: sp.Piecewise((1, cond), (0, True))},
        welfare_parts={"producer_surplus": 10 + 3 * d + s * d},
        shadow_cost=shadow_cost,
    )


def test_kink_is_evaluated_buying_diffusion():
    out = buy_diffusion().solve()
    assert out.policy["payment"] == 2 and out.welfare == sp.Rational(25, 2)
    assert out.response["d"] == 1
    kinks = [c for c in out.candidates if c.location == "kink"]
    assert kinks and kinks[0].policy["payment"] == 2
    assert buy_diffusion(shadow_cost=2).solve().policy["payment"] == 0


def test_jump_with_open_threshold_reports_unattained_supremum():
    # d = 1 only for s > 2: the supremum 25/2 (s -> 2+) is not attained; the best attained point
    # is the upper end s = 5: W = 13 - 5/4 = 47/4.
    out = buy_diffusion(closed=False).solve()
    assert out.welfare == sp.Rational(47, 4)
    assert any("not attained" in note for note in out.notes)


def crowding_out(shadow_cost):
    """Public provision g0 of a common technology (valuations 3 and 2, f = log).

    Nash: only v = 3 contributes, G_N = 3. With g0 < 3 the firm cuts its contribution one for
    one (g1 = 3 - g0), G = max(3, g0). W = 5 log G - g1 - (1 + lambda) g0:
    on [0, 3] W = 5 log 3 - 3 - lambda g0 (decreasing); above 3, W = 5 log g0 - (1+lambda) g0,
    stationary at g0 = 5/(1+lambda). All or nothing: provide 5/(1+lambda) iff
    5 log(5/(1+lambda)) - 5 > 5 log 3 - 3 <=> lambda < 5 e^{-2/5}/3 - 1 = 0.11720...
    """
    g = sp.Symbol("g", nonnegative=True)
    G, g1 = sp.Symbol("G", positive=True), sp.Symbol("g1")
    return Coordinator(
        [Instrument("g0", g, bounds=(0, 20), budget=g)],
        response={G: sp.Max(3, g), g1: sp.Max(3 - g, 0)},
        welfare_parts={"producer_surplus": 5 * sp.log(G) - g1},
        shadow_cost=shadow_cost,
    )


def test_direct_provision_is_all_or_nothing():
    threshold = 5 * math.exp(-0.4) / 3 - 1
    assert abs(threshold - 0.117200) < 1e-6
    low = crowding_out(sp.Rational(1, 10)).solve()
    assert low.policy["g0"] == sp.Rational(50, 11)             # 5/(1 + 1/10)
    high = crowding_out(sp.Rational(1, 5)).solve()
    assert high.policy["g0"] == 0 and sp.simplify(high.welfare - (5 * sp.log(3) - 3)) == 0
    assert any(c.location == "kink" and c.policy["g0"] == 3 for c in high.candidates)
    sw = crowding_out(0).sweep(np.array([0.0, 0.1, 0.117, 0.118, 0.5]))
    assert sw.method == "lambdify"
    assert np.allclose(sw.policy["g0"], [5.0, 50 / 11, 5 / 1.117, 0.0, 0.0])
    sym = crowding_out(lam).solve()
    region = dict(sym.regimes)["corner {'g0': 0}"].as_set()
    assert region == sp.Interval(5 * sp.exp(sp.Rational(-2, 5)) / 3 - 1, sp.oo)


# ------------------------------------------------------------------------------ numeric path
def test_numeric_callables_match_symbolic():
    # the Cournot subsidy with callables: lambda = 1/5 -> s* = 1/8, W = 9/20
    def response(policy):
        return {"Q": 2 * (1 + policy["s"]) / 3}

    gov = Coordinator(
        [Instrument("s", bounds=(0, 5), budget=lambda p, r: p["s"] * r["Q"])],
        response=response,
        welfare_parts={"consumer_surplus": lambda p, r: r["Q"] ** 2 / 2, "producer_surplus": lambda p, r: r["Q"] ** 2 / 2},
        shadow_cost=0.2,
        first_best=0.5,
    )
    out = gov.solve()
    assert out.method == "numeric"
    assert abs(out.policy["s"] - 0.125) < 1e-6 and abs(out.welfare - 0.45) < 1e-12
    assert abs(out.gap_closed - 0.1) < 1e-6
    assert gov.verify_by_grid(n=201).passed


def test_numeric_kinks_declared():
    # buy_diffusion with a callable response and the threshold declared as a kink
    gov = Coordinator(
        [Instrument("payment", bounds=(0, 5), budget=lambda p, r: p["payment"] * r["d"], kinks=(2,))],
        response=lambda p: {"d": 1.0 if p["payment"] >= 2 else 0.0},
        welfare_parts={"producer_surplus": lambda p, r: 10 + 3 * r["d"] + p["payment"] * r["d"]},
        shadow_cost=0.25,
    )
    out = gov.solve()
    assert out.policy["payment"] == 2.0 and abs(out.welfare - 12.5) < 1e-12


def test_sweep_lambdify_matches_closed_form():
    gov = cournot_subsidy(first_best=sp.Rational(1, 2))
    lams = np.linspace(0, 1, 21)
    sw = gov.sweep(lams)
    assert sw.method == "lambdify"
    s_star = np.maximum(0, (1 - 3 * lams) / (2 * (1 + 3 * lams)))
    q = 2 * (1 + s_star) / 3
    assert np.allclose(sw.policy["s"], s_star)
    assert np.allclose(sw.welfare, q**2 - (1 + lams) * s_star * q)
    assert np.allclose(sw.laissez_faire_welfare, 4 / 9)
    assert np.all((sw.gap_closed >= -1e-12) & (sw.gap_closed <= 1 + 1e-12))


def test_two_instruments_against_grid():
    # Asymmetric Cournot (a = 10, c = (1, 3), b = 1) with a per-unit subsidy for each firm.
    # q_i = (a - 2(c_i - s_i) + (c_j - s_j))/3, PS incl. subsidies = sum q_i^2, CS = Q^2/2.
    s1, s2 = sp.symbols("s1 s2")
    q1, q2 = sp.symbols("q1 q2")
    gov = Coordinator(
        [Instrument("s1", s1, bounds=(0, 6), budget=s1 * q1), Instrument("s2", s2, bounds=(0, 6), budget=s2 * q2)],
        response={q1: (10 - 2 * (1 - s1) + (3 - s2)) / 3, q2: (10 - 2 * (3 - s2) + (1 - s1)) / 3},
        welfare_parts={"consumer_surplus": (q1 + q2) ** 2 / 2, "producer_surplus": q1**2 + q2**2},
        shadow_cost=sp.Rational(3, 10),
    )
    out = gov.solve()
    check = gov.verify_by_grid(n=61)
    assert check.passed and check.excess > -1e-2       # the grid gets close to the optimum
    num = gov.solve(method="numeric")
    assert abs(float(out.welfare) - float(num.welfare)) < 1e-8


# ------------------------------------------------------------------------------ properties
@settings(max_examples=15)
@given(l=st.fractions(0, 2, max_denominator=50))
def test_symbolic_and_numeric_paths_agree(l):
    gov = brand_subsidy(n=3, shadow_cost=l)
    sym, num = gov.solve(), gov.solve(method="numeric")
    assert abs(float(sym.welfare) - float(num.welfare)) < 1e-9
    assert abs(float(sym.policy["s"]) - float(num.policy["s"])) < 1e-4
    expected = max(0, 2 * (2 - l) / (3 * (1 + 2 * l)))      # theta (n - 1 - lambda)/(n (1 + 2 lambda))
    assert sym.policy["s"] == expected


@settings(max_examples=12)
@given(l=st.floats(0, 1.5), A=st.fractions(1, 5, max_denominator=4))
def test_optimum_beats_every_grid_point(l, A):
    gov = cournot_subsidy(A=A, hi=4, shadow_cost=l)
    assert gov.verify_by_grid(n=81).passed
    assert crowding_out(l).verify_by_grid(n=81).passed


@settings(max_examples=15)
@given(l=st.fractions(0, 1, max_denominator=20))
def test_gap_closed_in_unit_interval(l):
    out = cournot_subsidy(shadow_cost=l, first_best=sp.Rational(1, 2)).solve()
    assert 0 <= out.gap_closed <= 1


# ------------------------------------------------------------------------------ bad input
def test_bad_input():
    with pytest.raises(DomainError, match="lo < hi"):
        Instrument("s", bounds=(2, 1))
    with pytest.raises(DomainError, match="kind"):
        Instrument("s", kind="fuzzy")
    with pytest.raises(DomainError, match="values"):
        Instrument("s", kind="discrete")
    with pytest.raises(DomainError, match="shadow_cost"):
        cournot_subsidy(shadow_cost=-0.1)
    with pytest.raises(DomainError, match="unknown welfare parts"):
        Coordinator([Instrument("s", s)], {Q: s}, {"consumer_surplus": Q, "profits": Q})
    with pytest.raises(DomainError, match="unique"):
        Coordinator([Instrument("s", s), Instrument("s", Q)], {}, {})
    with pytest.raises(DomainError, match="finite numeric bounds"):
        cournot_subsidy(hi=sp.oo, shadow_cost=0.2).solve(method="numeric")
    with pytest.raises(DomainError, match="NaN|finite"):
        cournot_subsidy(shadow_cost=float("nan"))


def test_discrete_instrument():
    # subsidy restricted to {0, 1/4, 1/2}: lambda = 0 -> W(s) = (1+s)(4(1+s) - 6 s)/9 = (1+s)(4-2s)/9
    # W(0) = 4/9, W(1/4) = (5/4)(7/2)/9 = 35/72, W(1/2) = (3/2)(3)/9 = 1/2 -> s = 1/2
    gov = Coordinator(
        [Instrument("s", s, kind="discrete", values=(0, sp.Rational(1, 4), sp.Rational(1, 2)), budget=s * Q)],
        response={Q: 2 * (1 + s) / 3},
        welfare_parts={"consumer_surplus": Q**2 / 2, "producer_surplus": Q**2 / 2},
    )
    out = gov.solve()
    assert out.policy["s"] == sp.Rational(1, 2) and out.welfare == sp.Rational(1, 2)
    assert sorted(c.welfare for c in out.candidates) == [sp.Rational(4, 9), sp.Rational(35, 72), sp.Rational(1, 2)]


def test_two_instruments_symbolic_lambda_regimes():
    # Asymmetric Cournot of test_two_instruments_against_grid, s2 = 0 throughout (checked below).
    # With s2 = 0: q1 = (11 + 2 s1)/3, q2 = (5 - s1)/3, Q = (16 + s1)/3,
    # 9W = (16 + s1)^2/2 + (11 + 2s1)^2 + (5 - s1)^2 - 3(1 + lambda) s1 (11 + 2 s1),
    # d(9W)/ds1 = 17 - 33 lambda - (1 + 12 lambda) s1  =>  s1 = (17 - 33 lambda)/(1 + 12 lambda),
    # clipped to [0, 6]: s1 = 6 iff lambda <= 11/105, s1 = 0 iff lambda >= 17/33.
    # d(9W)/ds2 at s2 = 0 is 14 - 7 s1 - 3(1 + lambda)(5 - 2 s1) < 0 on that path (e.g. -7 at lambda = 0).
    s1, s2 = sp.symbols("s1 s2")
    q1, q2 = sp.symbols("q1 q2")
    gov = Coordinator(
        [Instrument("s1", s1, bounds=(0, 6), budget=s1 * q1), Instrument("s2", s2, bounds=(0, 6), budget=s2 * q2)],
        response={"q1": (11 + 2 * s1 - s2) / 3, "q2": (5 + 2 * s2 - s1) / 3},
        welfare_parts={"consumer_surplus": (q1 + q2) ** 2 / 2, "producer_surplus": q1**2 + q2**2},
        shadow_cost=lam,
    )
    out = gov.solve()
    assert out.policy["s2"] == 0
    pol = out.policy["s1"]
    for value, expected in [(0, 6), (sp.Rational(11, 105), 6), (sp.Rational(3, 10), sp.Rational(71, 46)),
                            (sp.Rational(17, 33), 0), (1, 0)]:
        assert sp.simplify(pol.subs(lam, value) - expected) == 0
    sets = {label.split(" {")[0]: cond.as_set() for label, cond in out.regimes}
    assert sets["boundary"] == sp.Interval(sp.Rational(11, 105), sp.Rational(17, 33))


def test_symbol_assumption_mismatches():
    # response keyed by a Symbol whose assumptions differ from the one in the welfare parts: matched by name
    Qp = sp.Symbol("Q", positive=True)
    gov = Coordinator([Instrument("s", s, bounds=(0, 5), budget=s * Q)], response={Qp: 2 * (1 + s) / 3},
                      welfare_parts={"consumer_surplus": Q**2 / 2, "producer_surplus": Q**2 / 2})
    assert gov.solve().policy["s"] == sp.Rational(1, 2)          # lambda = 0: s* = A/2
    # an instrument symbol with other assumptions in the response would silently decouple: an error
    s_plain = sp.Symbol("s")
    with pytest.raises(DomainError, match="different assumptions"):
        Coordinator([Instrument("s", s, bounds=(0, 5), budget=s * Q)], response={Q: 2 * (1 + s_plain) / 3},
                    welfare_parts={"consumer_surplus": Q**2 / 2})


def test_pigouvian_tax_counts_revenue_at_one_plus_lambda():
    # Price-taking industry, world price 1, profit (1 - t) q - q^2/2 -> q = 1 - t, PS = (1 - t)^2/2;
    # pollution damage q/4 (a real resource cost); revenue t q (budget -t q).
    # W = (1-t)^2/2 - (1-t)/4 + (1 + lambda) t (1 - t); dW/dt = lambda + 1/4 - (1 + 2 lambda) t
    # => t* = (lambda + 1/4)/(1 + 2 lambda): Pigou (1/4) at lambda = 0, revenue-maximising 1/2 as lambda -> oo.
    t, q = sp.symbols("t q")
    gov = Coordinator([Instrument("tax", t, bounds=(-sp.oo, sp.oo), budget=-t * q)], response={q: 1 - t},
                      welfare_parts={"producer_surplus": (1 - t) * q - q**2 / 2, "resource_costs": q / 4})
    assert gov.solve().policy["tax"] == sp.Rational(1, 4)
    out = gov.solve(shadow_cost=sp.Rational(1, 2))
    assert out.policy["tax"] == sp.Rational(3, 8)                  # (3/4)/2
    assert out.transfers["tax"] == -sp.Rational(15, 64)            # -t q = -(3/8)(5/8)
    sym = gov.solve(shadow_cost=lam)
    assert sp.simplify(sym.policy["tax"] - (lam + sp.Rational(1, 4)) / (1 + 2 * lam)) == 0


def test_fine_times_inspection_probability_becker():
    # A firm complies (c = 1) iff the expected fine p f covers its saving 1 from not complying.
    # Compliance gives consumers 3; PS = -1 (compliance cost) or -p f (expected fine) if it cheats;
    # inspection costs p/2 (resource); fine revenue p f (1 - c) is a negative outlay.
    # Compliance at least cost: p = 1/f with the largest fine (Becker 1968): f = 10, p = 1/10,
    # W = 3 - 1 - 1/20 = 39/20; with f = 5: 2 - 1/10 = 19/10; no enforcement: W = 0.
    p, f, c = sp.symbols("p f c")
    gov = Coordinator(
        [Instrument("inspection", p, bounds=(0, 1), budget=-p * f * (1 - c)),
         Instrument("fine", f, kind="discrete", values=(0, 5, 10))],
        response={c: sp.Piecewise((1, p * f >= 1), (0, True))},
        welfare_parts={"consumer_surplus": 3 * c, "producer_surplus": -c - p * f * (1 - c), "resource_costs": p / 2},
        shadow_cost=sp.Rational(1, 4),
    )
    out = gov.solve()
    assert out.policy == {"inspection": sp.Rational(1, 10), "fine": 10}
    assert out.welfare == sp.Rational(39, 20) and out.response["c"] == 1
    assert any(cand.policy == {"inspection": sp.Rational(1, 5), "fine": 5} and cand.welfare == sp.Rational(19, 10)
               for cand in out.candidates)


@settings(max_examples=15)
@given(alpha=st.fractions(-1, 3, max_denominator=4), beta=st.fractions(-1, 3, max_denominator=4),
       l=st.fractions(0, 1, max_denominator=4))
def test_separable_two_instruments_clip_each(alpha, beta, l):
    # W = -(s1 - alpha)^2 - (s2 - beta)^2 (no outlay) on [0, 2]^2: the optimum clips each target
    # to the box, s_i* = min(max(target, 0), 2) — every KKT face (corners, edges, interior) is needed.
    s1, s2 = sp.symbols("s1 s2")
    gov = Coordinator([Instrument("s1", s1, bounds=(0, 2)), Instrument("s2", s2, bounds=(0, 2))], response={},
                      welfare_parts={"producer_surplus": -(s1 - alpha) ** 2 - (s2 - beta) ** 2}, shadow_cost=l)
    out = gov.solve()
    assert out.policy == {"s1": min(max(alpha, 0), 2), "s2": min(max(beta, 0), 2)}


def test_unbounded_welfare_is_an_error_not_a_corner():
    # W = s on [0, oo): no stationary point, the only finite candidate s = 0 is the *worst* point
    x = sp.Symbol("x")
    gov = Coordinator([Instrument("s", x, bounds=(0, sp.oo))], response={}, welfare_parts={"producer_surplus": x})
    with pytest.raises(DomainError, match="unbounded"):
        gov.solve()
    # W = 1 - 1/(1 + s): supremum 1 approached at infinity, never attained
    gov2 = Coordinator([Instrument("s", x, bounds=(0, sp.oo))], response={},
                       welfare_parts={"producer_surplus": 1 - 1 / (1 + x)})
    with pytest.raises(DomainError, match="supremum"):
        gov2.solve()


def test_construction_and_method_error_paths():
    # Error paths of Instrument / Coordinator / solve / sweep not exercised above.
    with pytest.raises(DomainError, match="non-empty string"):
        Instrument("")
    with pytest.raises(DomainError, match="must be a sympy Symbol|not a string"):
        Instrument("s", symbol="s")
    with pytest.raises(DomainError, match=r"bounds must be \(lo, hi\)"):
        Instrument("s", s, bounds=(0, 1, 2))
    with pytest.raises(DomainError, match="empty bounds"):
        Instrument("s", s, bounds=(sp.oo, sp.oo))
    with pytest.raises(DomainError, match="at least one instrument"):
        Coordinator([], {}, {})
    with pytest.raises(DomainError, match="Instrument objects"):
        Coordinator([s], {}, {})
    with pytest.raises(DomainError, match="symbols must be distinct"):
        Coordinator([Instrument("s", s), Instrument("t", s)], {}, {})
    gov = cournot_subsidy()
    with pytest.raises(DomainError, match="method must be"):
        gov.solve(method="exact")
    # a symbolic shadow cost cannot go down the numeric path
    with pytest.raises(DomainError, match="numeric shadow cost"):
        gov.solve(method="numeric", shadow_cost=lam)
    for bad in ([], [0.1, -0.1], [np.nan]):
        with pytest.raises(DomainError, match="shadow_costs"):
            gov.sweep(np.array(bad, dtype=float))
    # callables cannot be solved symbolically
    callable_gov = Coordinator(
        [Instrument("s", bounds=(0, 5), budget=lambda p, r: p["s"] * r["Q"])],
        response=lambda policy: {"Q": 2 * (1 + policy["s"]) / 3},
        welfare_parts={"consumer_surplus": lambda p, r: r["Q"] ** 2},
    )
    with pytest.raises(DomainError, match="needs expressions"):
        callable_gov.solve(method="symbolic")


def test_strings_are_rejected_not_sympified():
    # strings would go through sp.sympify (an eval): the rule is a clear DomainError instead
    with pytest.raises(DomainError, match="not a string"):
        Instrument("s", s, budget="s*Q")
    with pytest.raises(DomainError, match="not strings"):
        Coordinator([Instrument("s", s)], {Q: s}, {"consumer_surplus": "Q**2"})
    with pytest.raises(DomainError, match="not strings"):
        Coordinator([Instrument("s", s)], {Q: "2*s"}, {"consumer_surplus": Q**2})


def test_condition_set_keeps_a_closed_upper_end():
    # x > 0 and x <= 2 on [-1, 1] is (0, 1]: the domain's closed upper end satisfies both
    # relations (1 > 0, 1 <= 2), as the lower end -1 satisfies neither. Regression: the upper end
    # was dropped, so regimes covering [0, 1] were reported as missing {1}.
    from gametheory.core.coordinator import condition_set

    x = sp.Symbol("x")
    assert condition_set((x > 0) & (x <= 2), x, sp.Interval(-1, 1)) == sp.Interval.Lopen(0, 1)
    assert condition_set(x >= 1, x, sp.Interval(0, 1)) == sp.FiniteSet(1)
    assert condition_set(x < 1, x, sp.Interval(0, 1)) == sp.Interval.Ropen(0, 1)
