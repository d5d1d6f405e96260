"""Outputs of the common-technology family: derivation ``commontech``, six figures, demo ``commontech``.

Figures: provision against cluster size (Nash, Samuelson optimum, the coordinator at λ), against
the dispersion of valuations, crowding out of private by public provision, welfare against the
shadow cost λ by instrument (Lindahl marked unattainable where a firm's participation fails), the
technology club, and the consortium as a cost-sharing (TU) game. Each figure's ``*_data`` function
declares its parameters, so the caption can state them; the derivation is built by ``_build``.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from gametheory.outputs.document import Document, tex
from gametheory.outputs.registry import Demo, Derivation, FigureSpec

__all__ = [
    "DERIVATIONS", "FIGURES", "DEMOS",
    "provision_by_n_data", "dispersion_data", "crowding_out_data", "welfare_vs_lambda_data",
    "FIGURE_LAMBDA", "LAMBDA_STAR", "club_data", "sharing_data", "CLUB_PARAMETERS", "SHARING_PARAMETERS",
]

#: Shadow cost of public funds used by the "coordinated" lines of the provision figures.
FIGURE_LAMBDA = Fraction(1, 5)
#: Direct provision switches off at λ* = 2e^{-1/2} - 1 for valuations (3, 2, 1), log benefit.
LAMBDA_STAR = 2 * math.exp(-0.5) - 1


def _ct(*args: Any, **kw: Any):
    from gametheory.models.commontech import CommonTechnology

    return CommonTechnology(*args, **kw)


def _f(x: Any) -> float:
    return float(sp.N(x, 20))


# ================================================================================================
# figures
# ================================================================================================
def _q(x: Any) -> Fraction:
    """An exact parameter (int, Fraction, sympy Rational or binary-exact float) as a Fraction."""
    if isinstance(x, Fraction):
        return x
    r = sp.Rational(x)
    return Fraction(int(r.p), int(r.q))


#: ``commontech_provision_by_n``: n = 1..n_max identical firms of valuation v, f = log, the
#: coordinated line at the shadow cost λ.
PROVISION_PARAMETERS = dict(valuation=1, n_max=10, shadow_cost=FIGURE_LAMBDA)
PROVISION_CAPTION = (
    "Common technology, n = 1, …, {n_max} identical firms of valuation v = {valuation}, benefit f(G) = log G: "
    "the Samuelson optimum G* = nv, the level the coordinator attains at the shadow cost λ = {shadow_cost} "
    "(matching subsidy; laissez-faire at n = 1) and the Nash level G^N = v of free riding.")


@functools.lru_cache(maxsize=4)
def provision_by_n_data(valuation: Any = 1, n_max: Any = 10, shadow_cost: Any = FIGURE_LAMBDA) -> dict[str, Any]:
    """n identical firms (valuation v, f = log): Nash G = v, optimum G = nv, coordinated at λ."""
    ns = np.arange(1, int(n_max) + 1)
    lam = _q(shadow_cost)
    v = valuation if isinstance(valuation, int) else _q(valuation)
    nash, fb, co, instrument = [], [], [], []
    for k in ns:
        ct = _ct((v,) * int(k))
        nash.append(_f(ct.equilibrium().level))
        fb.append(_f(ct.first_best().level))
        pol = ct.coordinate(shadow_cost=lam)
        co.append(_f(pol.response["level"]))
        instrument.append(pol.policy["instrument"])
    return {"n": ns, "nash": np.array(nash), "first_best": np.array(fb), "coordinated": np.array(co),
            "shadow_cost": float(lam), "instrument": instrument}


def _draw_levels(x, data: dict[str, Any], curves, xlabel: str, title: str):
    """Optimum, coordinated and Nash levels of G against ``x``; ``curves`` gives (style, label) for each."""
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    for key, (style, color, label) in zip(("first_best", "coordinated", "nash"), curves):
        ax.plot(x, data[key], style, color=color, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("common technology $G$")
    ax.set_title(title)
    ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1)
    fig.subplots_adjust(bottom=0.33)
    return fig


def _draw_provision_by_n(data: dict[str, Any]):
    curves = (("o-", "0.1", "Samuelson optimum $G^*$"),
              ("s--", "C1", f"coordinated (matching subsidy, λ = {data['shadow_cost']:g})"),
              ("^:", "C0", "Nash $G^N$ (free riding)"))
    return _draw_levels(data["n"], data, curves, "number of firms $n$ (equal valuations, $f = \\log$)",
                        "Provision against the number of firms")


DISPERSION_STEPS = 19
#: ``commontech_dispersion``: valuations (1 + d, 1, 1 - d), f = √G, d on steps multiples of the
#: step; the coordinated line at the shadow cost λ.
DISPERSION_PARAMETERS = dict(step=Fraction(1, 20), steps=DISPERSION_STEPS, shadow_cost=FIGURE_LAMBDA)
DISPERSION_CAPTION = (
    "Common technology, three firms with valuations (1 + d, 1, 1 − d), benefit f(G) = √G, dispersion "
    "d = 0, {step}, … ({steps} values): the Samuelson optimum (9/4 for every d), the level the coordinator "
    "attains at the shadow cost λ = {shadow_cost}, and the Nash level ((1 + d)/2)², provided by the top firm "
    "alone — inequality raises voluntary provision (Olson 1965).")


@functools.lru_cache(maxsize=4)
def dispersion_data(step: Any = Fraction(1, 20), steps: Any = DISPERSION_STEPS,
                    shadow_cost: Any = FIGURE_LAMBDA) -> dict[str, Any]:
    """Valuations (1+d, 1, 1-d), f = √G: Nash (1+d)²/4 rises with dispersion, optimum 9/4 does not."""
    ds = [_q(step) * k for k in range(int(steps))]
    lam = _q(shadow_cost)
    nash, fb, co = [], [], []
    for d in ds:
        ct = _ct((1 + d, 1, 1 - d), benefit=sp.sqrt)
        nash.append(_f(ct.equilibrium().level))
        fb.append(_f(ct.first_best().level))
        co.append(_f(ct.coordinate(shadow_cost=lam).response["level"]))
    return {"dispersion": np.array([float(d) for d in ds]), "nash": np.array(nash), "first_best": np.array(fb),
            "coordinated": np.array(co), "shadow_cost": float(lam)}


def _draw_dispersion(data: dict[str, Any]):
    curves = (("-", "0.1", "Samuelson optimum"), ("--", "C1", f"coordinated (λ = {data['shadow_cost']:g})"),
              (":", "C0", "Nash (top firm alone)"))
    return _draw_levels(data["dispersion"], data, curves,
                        "valuation dispersion $d$: valuations $(1+d, 1, 1-d)$, $f = \\sqrt{G}$",
                        "Inequality helps voluntary provision (Olson)")


#: ``commontech_crowding_out``: left, quasi-linear valuations with f = log and public provision
#: g_0 on g0_steps points of [0, g0_max]; right, Bergstrom–Blume–Varian wealths, Cobb–Douglas
#: weight α, g_0 on bbv_steps points of [0, bbv_g0_max], exogenous or financed by equal taxes.
CROWDING_PARAMETERS = dict(valuations=(3, 2, 1), g0_max=6, g0_steps=61, wealth=(6, 4), alpha=Fraction(1, 2),
                           bbv_g0_max=4, bbv_steps=41)
CROWDING_CAPTION = (
    "Crowding out of private provision by public provision g_0. Left: quasi-linear payoffs v_i log G − g_i, "
    "valuations v = {valuations}, g_0 ∈ [0, {g0_max}] ({g0_steps} values): private provision falls one for one "
    "until it stops. Right: Bergstrom–Blume–Varian, u_i = x_i^(1−α) G^α with α = {alpha}, wealths "
    "w = {wealth}, g_0 ∈ [0, {bbv_g0_max}] ({bbv_steps} values): total and private provision when g_0 is "
    "exogenous, and total provision when g_0 is financed by equal taxes g_0/2 on the two contributors "
    "(neutral while each tax is below the firm's gift).")


@functools.lru_cache(maxsize=4)
def crowding_out_data(valuations: Any = (3, 2, 1), g0_max: Any = 6, g0_steps: Any = 61, wealth: Any = (6, 4),
                      alpha: Any = Fraction(1, 2), bbv_g0_max: Any = 4, bbv_steps: Any = 41) -> dict[str, Any]:
    """Left: quasi-linear, f = log, private = max(0, v_max - g0). Right: BBV, exogenous vs tax-financed g0."""
    from gametheory.models.commontech import WealthProvision

    n0, nb = int(g0_steps), int(bbv_steps)
    g0 = [_q(g0_max) * k / (n0 - 1) for k in range(n0)]
    ct = _ct(tuple(valuations))
    private, total = [], []
    for g in g0:
        eq = ct.with_government(g).equilibrium()
        private.append(_f(eq.private_provision))
        total.append(_f(eq.level))
    bbv = WealthProvision(tuple(wealth), alpha=_q(alpha))
    gb = [_q(bbv_g0_max) * k / (nb - 1) for k in range(nb)]
    exo_total, exo_private, tax_total, tax_private = [], [], [], []
    for g in gb:
        e = bbv.with_government(g).equilibrium()
        exo_total.append(_f(e.level))
        exo_private.append(_f(sum(e.contributions)))
        t = bbv.tax_financed((g / 2, g / 2)).equilibrium()
        tax_total.append(_f(t.level))
        tax_private.append(_f(sum(t.contributions)))
    return {"government": np.array([float(g) for g in g0]), "private": np.array(private), "total": np.array(total),
            "bbv_government": np.array([float(g) for g in gb]), "bbv_exogenous_total": np.array(exo_total),
            "bbv_exogenous_private": np.array(exo_private), "bbv_taxed_total": np.array(tax_total),
            "bbv_taxed_private": np.array(tax_private)}


def _draw_crowding_out(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2, sharey=False)
    ax1.plot(data["government"], data["total"], "-", color="0.1", label="total $G$")
    ax1.plot(data["government"], data["private"], "--", color="C1", label="private $\\Sigma_i\\, g_i$")
    ax1.set_xlabel("public provision $g_0$")
    ax1.set_ylabel("provision")
    ax1.set_title("quasi-linear, $f = \\log$: one for one", fontsize=9)
    ax1.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    ax2.plot(data["bbv_government"], data["bbv_exogenous_total"], "-", color="0.1", label="total, exogenous $g_0$")
    ax2.plot(data["bbv_government"], data["bbv_exogenous_private"], "--", color="C1",
             label="private, exogenous $g_0$")
    ax2.plot(data["bbv_government"], data["bbv_taxed_total"], ":", color="C0", lw=2,
             label="total, $g_0$ financed by taxes on contributors")
    ax2.set_xlabel("public provision $g_0$")
    ax2.set_title("Bergstrom–Blume–Varian: partial", fontsize=9)
    ax2.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    fig.suptitle("Crowding out of private provision")
    fig.subplots_adjust(bottom=0.36, wspace=0.25)
    return fig


@functools.lru_cache(maxsize=4)
def welfare_vs_lambda_data(valuations: Any = (3, 2, 1), lambda_max: Any = 1, lambda_steps: Any = 41) -> dict[str, Any]:
    """Welfare of laissez-faire, direct provision, matching subsidy (each at its optimum, from the core
    policy engine's candidates) and the first-best benchmark; the Lindahl consortium's participation."""
    lams = [sp.Rational(lambda_max) * j / (int(lambda_steps) - 1) for j in range(int(lambda_steps))]
    ct = _ct(tuple(valuations))
    lf, direct, match, fb, g_direct, s_match, coord = [], [], [], [], [], [], []
    for lam in lams:
        d = ct.direct_provision(shadow_cost=lam)
        m = ct.matching_subsidy(shadow_cost=lam)
        engine = ct.instrument_welfare(shadow_cost=lam)
        if not (abs(_f(engine["direct provision"] - d.welfare)) < 1e-12
                and abs(_f(engine["matching subsidy"] - m.welfare)) < 1e-12):
            raise AssertionError("closed forms and the core policy engine disagree")
        lf.append(_f(d.laissez_faire_welfare))
        fb.append(_f(d.first_best_welfare))
        direct.append(_f(d.welfare))
        match.append(_f(m.welfare))
        g_direct.append(_f(d.policy))
        s_match.append(_f(m.policy))
        coord.append(_f(ct.coordinate(shadow_cost=lam).welfare))
    nash_out = ct.consortium(outside="nash")
    free_out = ct.consortium(outside="free_ride")
    off = [float(_f(x)) for x, g in zip(lams, g_direct) if g == 0]
    lstar = LAMBDA_STAR if tuple(valuations) == (3, 2, 1) else (off[0] if off else float("nan"))
    return {"shadow_cost": np.array([_f(x) for x in lams]), "laissez_faire": np.array(lf),
            "direct_provision": np.array(direct), "matching_subsidy": np.array(match), "first_best": np.array(fb),
            "coordinated": np.array(coord), "public_provision": np.array(g_direct), "matching_rate": np.array(s_match),
            "lambda_star": lstar,
            "lindahl_participation": np.array([bool(x) for x in nash_out.participation]),
            "lindahl_attainable": bool(nash_out.stable),
            "some_split_if_unanimity": bool(nash_out.shares_exist),
            "some_split_if_free_riding": bool(free_out.shares_exist)}


def _draw_welfare_vs_lambda(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    x = data["shadow_cost"]
    fails = [str(i + 1) for i, ok in enumerate(data["lindahl_participation"]) if not ok]
    label = "first best $W^*$ (benchmark)"
    if not data["lindahl_attainable"]:
        label += f": the Lindahl consortium fails participation (firm {', '.join(fails)})"
    ax.plot(x, data["first_best"], color="k", lw=1, ls=(0, (6, 3)) if not data["lindahl_attainable"] else "-",
            label=label)
    ax.plot(x, data["matching_subsidy"], "-", label="matching subsidy (optimal rate)")
    ax.plot(x, data["direct_provision"], "--", label="direct provision (all or nothing)")
    ax.plot(x, data["laissez_faire"], ":", label="laissez-faire (Nash)")
    ax.axvline(data["lambda_star"], color="grey", lw=0.8)
    ax.annotate("λ* = 2e$^{-1/2}$ − 1: direct provision stops", (data["lambda_star"], data["laissez_faire"][0]),
                xytext=(8, 12), textcoords="offset points", fontsize=8)
    ax.set_xlabel("shadow cost of public funds λ")
    ax.set_ylabel("welfare $W$")
    ax.set_title("Welfare by instrument, valuations (3, 2, 1), $f = \\log$", fontsize=10)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=1)
    return fig


WELFARE_CAPTION = (
    "Common technology, valuations {valuations}, f(G) = log G: welfare of laissez-faire, direct public "
    "provision and the matching subsidy, each at its optimum (computed by the core policy engine and checked "
    "against the closed forms), for λ ∈ [0, {lambda_max}] ({lambda_steps} values). The first best (dashed) is a "
    "benchmark: the Lindahl consortium that would reach it without public funds fails participation (firms 2 "
    "and 3; firm 3: log 6 − 1 < log 3), and no split survives if the others go ahead without a refuser.")


#: ``commontech_club``: two firms (v, 1), f = log, v on the integers v_min..v_max; the grant
#: example (v_grant, 1) with equal fees, lambda in [0, lambda_max] in lambda_steps steps.
CLUB_PARAMETERS = dict(v_min=1, v_max=12, v_grant=10, lambda_max=Fraction(5, 2), lambda_steps=26)


@functools.lru_cache(maxsize=4)
def club_data(v_min: Any = 1, v_max: Any = 12, v_grant: Any = 10, lambda_max: Any = Fraction(5, 2),
              lambda_steps: Any = 26) -> dict[str, Any]:
    r"""Clubs against the public good. (a) Valuations :math:`(v, 1)`, :math:`f = \log`: welfare loss
    against the first best of the open public good (Nash), the equal-fee club and the Lindahl club
    (best stable club each). (b) Equal fees, :math:`(v_{grant}, 1)`: the government's membership
    grant (core Coordinator) against :math:`\lambda`."""
    from gametheory.models.commontech import TechnologyClub

    vs = list(range(int(v_min), int(v_max) + 1))
    nash, equal, lindahl, equal_size = [], [], [], []
    for v in vs:
        tech = _ct((v, 1))
        eq = TechnologyClub(tech, fees="equal").compare()
        li = TechnologyClub(tech, fees="lindahl").compare()
        nash.append(_f(eq.nash_welfare - eq.first_best_welfare))
        equal.append(_f(eq.club_welfare - eq.first_best_welfare))
        lindahl.append(_f(li.club_welfare - li.first_best_welfare))
        equal_size.append(len(eq.best_stable_club))
    club = TechnologyClub(_ct((v_grant, 1)), fees="equal")
    lams = [sp.Rational(lambda_max) * j / (int(lambda_steps) - 1) for j in range(int(lambda_steps))]
    w, grant, formed = [], [], []
    lf = fb = None
    for lam in lams:
        out = club.coordinate(shadow_cost=lam)
        w.append(_f(out.welfare))
        grant.append(_f(out.policy["grant"]))
        formed.append(int(out.response["club_formed"]))
        lf, fb = _f(out.laissez_faire_welfare), _f(out.first_best_welfare)
    assert lf is not None and fb is not None  # lambda_steps >= 2 (the grid divides by lambda_steps - 1)
    threshold = _f(club.participation_shortfalls()[1])
    clean = lambda xs: np.round(np.array(xs), 12) + 0.0  # noqa: E731  (exact zeros, not 1e-138)
    return {"v": np.array(vs, dtype=float), "nash_loss": clean(nash), "equal_fee_loss": clean(equal),
            "lindahl_loss": clean(lindahl), "equal_fee_members": np.array(equal_size),
            "shadow_cost": np.array([_f(x) for x in lams]), "grant_welfare": np.array(w),
            "grant": np.array(grant), "club_formed": np.array(formed), "laissez_faire": lf, "first_best": fb,
            "open_nash": _f(_ct((v_grant, 1)).equilibrium().welfare), "grant_threshold": threshold,
            "lambda_bar": (fb - lf) / threshold, "v_grant": float(v_grant)}


def _draw_club(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    ax1.plot(data["v"], data["lindahl_loss"], "o-", color="k", label="club, Lindahl fees (grand club)")
    ax1.plot(data["v"], data["nash_loss"], "^--", color="C0", label="open public good (Nash)")
    ax1.plot(data["v"], data["equal_fee_loss"], "s:", color="C3", label="club, equal fees (best stable)")
    ax1.set_xlabel("valuation $v_1$ of the large firm ($v_2 = 1$)")
    ax1.set_ylabel("welfare minus first best $W - W^*$")
    ax1.set_title("(a) Exclusion with the right fees", fontsize=10)
    ax1.legend(fontsize=8, loc="lower left")
    lam = data["shadow_cost"]
    ax2.axhline(data["first_best"], color="k", lw=1, label="first best (Lindahl club)")
    ax2.plot(lam, data["grant_welfare"], "-", color="C0", label="equal fees + membership grant")
    ax2.axhline(data["open_nash"], color="C2", lw=1, ls="-.", label="open public good (Nash)")
    ax2.axhline(data["laissez_faire"], color="C3", lw=1, ls=":", label="equal-fee club, no grant")
    ax2.axvline(data["lambda_bar"], color="grey", lw=0.6, ls="--")
    ax2.annotate(r"$\bar\lambda = (W^* - W_{lf})/\bar x$", (data["lambda_bar"], data["laissez_faire"]),
                 textcoords="offset points", xytext=(4, 10), fontsize=8)
    ax2.set_xlabel(r"shadow cost of public funds $\lambda$")
    ax2.set_ylabel("welfare $W$")
    ax2.set_title(f"(b) Membership grant, valuations ({data['v_grant']:g}, 1)", fontsize=10)
    ax2.legend(fontsize=8, loc="center right")
    return fig


CLUB_CAPTION = (
    "Club provision of the common technology (exclusion, Buchanan 1965), f(G) = log G. (a) Two firms with "
    "valuations (v₁, 1), v₁ = {v_min}, …, {v_max}: welfare loss against the Samuelson first best of the open "
    "public good's Nash equilibrium, of the best stable club with equal fees and with Lindahl fees. (b) "
    "Valuations ({v_grant}, 1), equal fees: the coordinator's membership grant to the small firm, solved by the "
    "core policy engine for λ ∈ [0, {lambda_max}] ({lambda_steps} values); the grant is paid while "
    "λ < λ̄ = (W* − W_lf)/x̄.")

#: ``commontech_sharing``: the consortium of valuations (3, 2, 1), f = log, as a TU game.
SHARING_PARAMETERS = dict(valuations=(3, 2, 1))


@functools.lru_cache(maxsize=4)
def sharing_data(valuations: Any = (3, 2, 1)) -> dict[str, Any]:
    r"""Cost-sharing rules of the grand consortium as payoffs, with the stand-alone worths and core
    membership, for the :math:`\gamma` (outsiders best-respond: free riding) and :math:`\alpha`
    (outsiders contribute nothing) characteristic functions."""
    from gametheory.models.commontech import CooperativeGame

    vals = tuple(valuations)
    tech = _ct(vals)
    out: dict[str, Any] = {"firms": np.arange(1, len(vals) + 1)}
    G = tech.first_best().level
    f = tech.benefit
    lindahl = tuple(sp.simplify(v * f(G) - G * v / tech.total_valuation) for v in vals)
    equal = tuple(sp.simplify(v * f(G) - G / len(vals)) for v in vals)
    for kind in ("gamma", "alpha"):
        game = CooperativeGame.from_technology(tech, kind=kind)
        rules = {"lindahl": lindahl, "equal_split": equal, "shapley": game.shapley_value().payoffs,
                 "nucleolus": game.nucleolus().payoffs}
        for name, x in rules.items():
            out[f"{kind}_{name}"] = np.array([_f(xi) for xi in x])
            out[f"{kind}_{name}_in_core"] = bool(game.in_core(x).in_core)
        out[f"{kind}_stand_alone"] = np.array([_f(game.value((i,))) for i in range(len(vals))])
        core = game.core()
        out[f"{kind}_core_nonempty"] = bool(core.nonempty)
        out[f"{kind}_least_core"] = _f(core.least_core_value)
    return out


def _draw_sharing(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    axes = fig.subplots(1, 2, sharey=True)
    rules = (("lindahl", "Lindahl bill", "//"), ("equal_split", "equal bill", ".."), ("shapley", "Shapley value", ""),
             ("nucleolus", "nucleolus", "xx"))
    firms = data["firms"]
    width = 0.2
    for ax, kind, title in ((axes[0], "gamma", r"(a) $\gamma$: outsiders free ride"),
                            (axes[1], "alpha", r"(b) $\alpha$: outsiders contribute nothing")):
        for j, (key, label, hatch) in enumerate(rules):
            ax.bar(firms + (j - 1.5) * width, data[f"{kind}_{key}"], width, hatch=hatch, fill=bool(not hatch),
                   edgecolor=f"C{j}", color=f"C{j}", label=label)
        ax.hlines(data[f"{kind}_stand_alone"], firms - 2 * width, firms + 2 * width, colors="k", lw=1.5,
                  label="stand-alone worth $w(\\{i\\})$")
        inside = [label for key, label, _ in rules if data[f"{kind}_{key}_in_core"]]
        ax.set_xticks(firms)
        ax.set_xticklabels([f"firm {i}" for i in firms])
        ax.set_xlabel("in the core: " + (", ".join(inside) if inside else "none of the four"), fontsize=9)
        ax.set_title(title, fontsize=10)
    axes[0].set_ylabel("payoff in the grand consortium")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=5, fontsize=8)
    return fig


SHARING_CAPTION = (
    "Sharing the cost of the grand consortium, valuations {valuations}, f(G) = log G, which buys the Samuelson "
    "level G* = Σv. Bars: each firm's payoff v_i log G* − (its share of the bill) under the Lindahl bill "
    "(v_i/V), an equal bill, the Shapley value and the nucleolus; black ticks: each firm's stand-alone "
    "worth w({{i}}). (a) γ-characteristic function (outsiders best-respond, so a lone firm free rides on "
    "the others' provision); (b) α (outsiders contribute nothing). Below each panel: the rules in the core.")


FIGURES = [
    FigureSpec("commontech_provision_by_n", "Common technology: provision against the number of firms",
               provision_by_n_data, _draw_provision_by_n, size=(6.4, 4.8), params=PROVISION_PARAMETERS,
               caption=PROVISION_CAPTION),
    FigureSpec("commontech_dispersion", "Common technology: provision against valuation dispersion",
               dispersion_data, _draw_dispersion, size=(6.4, 4.8), params=DISPERSION_PARAMETERS,
               caption=DISPERSION_CAPTION),
    FigureSpec("commontech_crowding_out", "Common technology: crowding out of private provision",
               crowding_out_data, _draw_crowding_out, size=(7.5, 4.6), params=CROWDING_PARAMETERS,
               caption=CROWDING_CAPTION),
    FigureSpec("commontech_welfare_vs_lambda", "Common technology: welfare by instrument against λ",
               welfare_vs_lambda_data, _draw_welfare_vs_lambda,
               params=dict(valuations=(3, 2, 1), lambda_max=1, lambda_steps=41), caption=WELFARE_CAPTION),
    FigureSpec("commontech_club", "Common technology: club provision with exclusion and the membership grant",
               club_data, _draw_club, size=(11.0, 4.2), params=CLUB_PARAMETERS, caption=CLUB_CAPTION),
    FigureSpec("commontech_sharing", "Common technology: cost-sharing rules, core, Shapley value and nucleolus",
               sharing_data, _draw_sharing, size=(11.0, 4.2), params=SHARING_PARAMETERS, caption=SHARING_CAPTION),
]


# ================================================================================================
# derivation
# ================================================================================================
def _build() -> str:
    from gametheory.models.commontech import G, CommonTechnology, CournotCommonTechnology, WealthProvision

    doc = Document("Provision of industrial common technology (产业共性技术)",
                   subtitle="Generated by `gametheory derive commontech` from gametheory.models.commontech.")
    doc.para(
        "An industrial common technology (产业共性技术) — shared testing facilities, generic process "
        "know-how, standards — is a quasi-public good (准公共物品): once provided, every firm of the "
        "cluster uses it, so each firm is tempted to free ride (搭便车) on the others' contributions, "
        "and public provision crowds out (挤出) private provision. Three forms are solved below: the "
        "quasi-linear public-good form, the Bergstrom–Blume–Varian form with wealth, and a Cournot form "
        "in which the technology lowers unit costs.")

    # -- 1. assumptions ------------------------------------------------------------------------
    doc.para("Sources: seed 004 chapter 3 (common technology as a quasi-public good that firms under-supply) and "
             "seed 001 (the government institutions that provide or co-finance it — direct provision, matching "
             "support, associations), formalised with the literature cited below.")
    doc.notation([
        ("n", "number of firms"), ("i, j", "firm indices (firms numbered from 1)"),
        ("v_i", "firm $i$'s valuation of the technology; $v_{\\max}$ the largest"), ("V", "$\\sum_i v_i$ ($V_S$, $V_M$ over a group)"),
        ("g_i", "firm $i$'s contribution; $g_0$ public provision"), ("G", "level of the common technology; $G^N$ Nash, $G^*$ Samuelson"),
        ("f", "benefit function, increasing and strictly concave"), ("u_i", "firm $i$'s payoff"),
        ("W", "welfare"), ("\\lambda", "shadow cost of public funds"), ("s", "matching rate"), ("\\mu", "$1 + s$"),
        ("\\tau_i", "Lindahl share $v_i/V$"), ("S", "a coalition or consortium"), ("N", "the grand coalition"),
        ("h", "stand-alone payoff $h(v) = \\max_{G \\ge g_0} v f(G) - (G - g_0)$"),
        ("M", "a club (its members)"), ("J", "club members whose participation falls short"),
        ("\\xi", "membership grant; $\\bar\\xi$ the largest shortfall"),
        ("\\omega", "worth of a coalition (characteristic function)"), ("y", "an allocation of $\\omega(N)$"),
        ("w_i", "wealth (Bergstrom–Blume–Varian form)"), ("x_i", "private consumption (BBV form)"),
        ("\\alpha", "Cobb–Douglas weight on $G$ (BBV form)"), ("k_i", "$(1-\\alpha_i)/\\alpha_i$"),
        ("C", "set of contributors (BBV form)"), ("K", "$K_C = \\sum_{i \\in C} k_i$"),
        ("a, b", "demand intercept and slope, $P = a - bQ$ (Cournot form)"), ("P", "price"),
        ("Q", "total output"), ("q_i", "output of firm $i$"), ("c_i", "unit cost of firm $i$"),
        ("m", "number of active firms"), ("r", "unit-cost reduction $r(G) = \\rho\\,\\psi(G)$"),
        ("\\rho", "efficiency of the technology"), ("\\psi", "shape of the cost reduction (e.g. $\\sqrt{G}$)"),
        ("\\pi_i", "profit of firm $i$"),
    ])
    doc.heading("1. Public-good form: assumptions and payoffs")
    v = sp.symbols("v_1:4", positive=True)
    gsym = sp.symbols("g_1:4", nonnegative=True)
    g0 = sp.Symbol("g_0", nonnegative=True)
    Gs = sp.Symbol("G", positive=True)
    f = sp.Function("f")
    doc.para("Firm $i$ values the technology at $v_i > 0$, contributes $g_i \\ge 0$, and the benefit "
             "$f$ is increasing and strictly concave (checked when the model is built: a benefit that is "
             "not is rejected with a `DomainError`).")
    doc.equation(sp.Symbol("u_i"), sp.Symbol("v_i") * f(Gs) - sp.Symbol("g_i"))
    doc.equation("G", "g_0 + \\sum_{i=1}^{n} g_i")
    doc.para("Write $\\hat G(v)$ for the level one agent with valuation $v$ buys alone: $v f'(\\hat G) = 1$ "
             "when $v f'(0^+) > 1$, else $0$. For the benefits used below:")
    vv = sp.Symbol("v", positive=True)
    rows = []
    for label, fb in (("\\log G", sp.log), ("\\sqrt{G}", sp.sqrt), ("\\log(1+G)", lambda x: sp.log(1 + x)),
                      ("1 - e^{-G}", lambda x: 1 - sp.exp(-x))):
        from gametheory.models.commontech import as_benefit

        b = as_benefit(fb)
        rows.append([f"${label}$", b.d1, b.stand_alone_level(vv)])
    doc.table(["$f(G)$", "$f'(G)$", "$\\hat G(v)$"], rows)

    # -- 2. Nash ------------------------------------------------------------------------------
    doc.heading("2. Nash equilibrium: only the top valuation contributes")
    doc.para("Firm $i$'s Kuhn–Tucker condition is $v_i f'(G) \\le 1$, with equality if $g_i > 0$. Since "
             "$f'$ is strictly decreasing, two firms with different valuations cannot both hold it with "
             "equality at the same $G$: the contributor set is the top-valuation group (the extensive "
             "margin of Bergstrom, Blume & Varian 1986; Olson's 'exploitation of the great by the small'). "
             "The package solves the contributor set combinatorially; the tests enumerate every subset of "
             "firms and check its KKT system.")
    doc.equation("G^N", "\\max\\{g_0,\\ \\hat G(v_{\\max})\\}")
    eq = CommonTechnology(v).equilibrium()
    doc.para(f"Symbolically, with $f = \\log$: $G^N = {tex(eq.level)}$, contributions "
             f"${tex(eq.contributions)}$, valid under ${tex(eq.conditions)}$ (the order of the valuations is "
             "a stated condition, never assumed silently).")
    doc.para("With tied top valuations the level is unique but the split is not: any "
             "$g \\ge 0$ with $\\sum_{i\\in T} g_i = \\hat G(v_{\\max}) - g_0$ is an equilibrium. "
             "The result reports the vertices of this set:")
    tie = CommonTechnology((2, 2, 1)).equilibrium()
    doc.table(["valuations", "$G^N$", "unique split", "vertices"],
              [["$(2, 2, 1)$", tie.level, "yes" if tie.unique else "no", "$" + ", ".join(tex(x) for x in tie.vertices) + "$"]])

    # -- 3. optimum ----------------------------------------------------------------------------
    doc.heading("3. Samuelson optimum and under-provision")
    doc.equation("\\sum_i v_i f'(G^*)", 1)
    doc.para("so $G^* = \\hat G(V)$ with $V = \\sum_i v_i$. For $f = \\log$ the under-provision ratio is")
    doc.equation("\\frac{G^N}{G^*}", CommonTechnology(v).underprovision_ratio())
    rows = []
    for label, fb in (("\\log G", sp.log), ("\\sqrt{G}", sp.sqrt), ("\\log(1+G)", lambda x: sp.log(1 + x))):
        ct = CommonTechnology((3, 2, 1), benefit=fb)
        e, o = ct.equilibrium(), ct.first_best()
        rows.append([f"${label}$", e.level, o.level, ct.underprovision_ratio(), e.welfare, o.welfare])
    doc.para("Valuations $(3, 2, 1)$:")
    doc.table(["$f$", "$G^N$", "$G^*$", "$G^N/G^*$", "$W^N$", "$W^*$"], rows)
    doc.para("One firm: the Nash and Samuelson conditions coincide ($v_1 f'(G) = 1$), so Nash = optimum "
             "(a reduction the tests check for every benefit).")

    # -- 4. crowding out -----------------------------------------------------------------------
    doc.para("Figure `commontech_provision_by_n` shows the gap growing with the number of firms, figure "
             "`commontech_dispersion` how unequal valuations help voluntary provision (Olson 1965).")
    doc.figure(_spec("commontech_provision_by_n"))
    doc.figure(_spec("commontech_dispersion"))
    doc.heading("4. Crowding out (挤出) of private provision")
    doc.para("Private provision responds to public provision $g_0$ by")
    doc.equation("\\sum_i g_i", "\\max\\{0,\\ \\hat G(v_{\\max}) - g_0\\}")
    ct = CommonTechnology((3, 2, 1), government=g0)
    doc.para(f"— one for one below the Nash level, not at all above it (Warr 1983; BBV 1986 §4). With "
             f"$v = (3,2,1)$, $f = \\log$: $G = {tex(ct.equilibrium().level)}$.")

    # -- 5. coordinator ------------------------------------------------------------------------
    doc.heading("5. The government coordinator")
    doc.para("Welfare counts resources once and public money at $1+\\lambda$:")
    doc.equation("W", "V f(G) - \\sum_i g_i - (1+\\lambda)\\,\\text{outlay}")
    doc.para("**Direct provision is all or nothing.** For $0 < g_0 \\le \\hat G(v_{\\max})$ every public unit "
             "displaces one private unit, $G$ does not move, and $W$ falls by $\\lambda g_0$. Above the Nash "
             "level private provision is zero and $W = V f(g_0) - (1+\\lambda) g_0$ is concave with maximiser "
             "$G_\\lambda = \\hat G(V/(1+\\lambda))$. So the optimum is $g_0 = 0$ or $g_0 = G_\\lambda$ — "
             "never a partial top-up — and at $\\lambda = 0$ it is $G^*$. For $(3,2,1)$, $f = \\log$: "
             "full provision $G_\\lambda = 6/(1+\\lambda)$ beats laissez-faire iff "
             "$6\\log(6/(1+\\lambda)) - 6 > 6 \\log 3 - 3$, i.e.")
    doc.equation("\\lambda", "\\lambda^* = 2e^{-1/2} - 1 \\approx " + f"{LAMBDA_STAR:.4f}", "<")
    doc.para("**Matching subsidy.** The government adds $s$ per unit contributed; the contributor's price "
             "of $G$ falls to $1/(1+s)$, so $G(s) = \\hat G((1+s) v_{\\max})$ (Andreoni & Bergstrom 1996: "
             "subsidies raise provision) and the outlay is only $sG/(1+s)$. The rate implementing $G^*$ is")
    doc.equation("s^*", "\\frac{V}{v_{\\max}} - 1")
    lam = sp.Symbol("lambda", positive=True)
    ms = CommonTechnology((3, 2, 1)).matching_subsidy(shadow_cost=lam)
    doc.para(f"With $\\lambda > 0$ and $f = \\log$, writing $\\mu = 1 + s$, $W(\\mu) = V\\log(\\mu v_{{\\max}}) - \\mu v_{{\\max}} - \\lambda (\\mu-1) v_{{\\max}}$ "
             f"gives $1 + s = \\max\\{{1, V/((1+\\lambda) v_{{\\max}})\\}}$; for $(3,2,1)$: $s = {tex(ms.policy)}$. "
             "For any level above $G^N$ the subsidy is cheaper than direct provision, so it weakly dominates it.")
    rows = []
    ct = CommonTechnology((3, 2, 1))
    for lv in (0, Fraction(1, 10), Fraction(1, 5), Fraction(1, 4), Fraction(1, 2), 1):
        d = ct.direct_provision(shadow_cost=lv)
        m = ct.matching_subsidy(shadow_cost=lv)
        rows.append([sp.Rational(lv), d.policy, f"{_f(d.welfare):.4f}", m.policy, f"{_f(m.welfare):.4f}",
                     f"{_f(m.gap_closed):.3f}"])
    doc.table(["$\\lambda$", "$g_0$", "$W$ direct", "$s$", "$W$ matching", "gap closed (matching)"], rows)
    doc.para(f"Laissez-faire $W^N = {tex(ct.equilibrium().welfare)}$, first best $W^* = {tex(ct.first_best().welfare)}$ "
             "(a Lindahl consortium needs no public funds).")

    # -- 6. Lindahl and consortium -------------------------------------------------------------
    doc.para("Figure `commontech_welfare_vs_lambda` draws both instruments against $\\lambda$ (both solved by the "
             "core policy engine, `CommonTechnology.coordinate`); the first best is a benchmark there, since the "
             "Lindahl consortium that would reach it without public funds fails participation (§6).")
    doc.figure(_spec("commontech_welfare_vs_lambda"))
    doc.heading("6. Lindahl shares and a cost-sharing consortium")
    doc.para(f"Lindahl shares $\\tau_i = v_i/V$: at personal prices $\\tau_i$ every firm demands $G^*$. For "
             f"$(3,2,1)$: $\\tau = {tex(ct.lindahl_shares())}$.")
    doc.para("A consortium $S$ buys $\\hat G(V_S)$ and splits the bill. Participation requires each member's "
             "payoff to reach its outside option: its best Nash payoff (the consortium fails if anyone "
             "declines) or free riding on the others' consortium.")
    rows = []
    for vals in ((3, 2, 1), (1, 1, 1), (2, 2, 2, 2)):
        c = CommonTechnology(vals)
        for outside in ("nash", "free_ride"):
            k = c.consortium(outside=outside)
            rows.append([f"${tex(vals)}$", outside.replace("_", " "), k.level, f"${tex(k.cost_shares)}$",
                         ", ".join("yes" if p else "no" for p in k.participation), "yes" if k.stable else "no",
                         "yes" if k.shares_exist else "no"])
    doc.table(["valuations", "outside option", "$G_S$", "Lindahl bill", "participation", "stable",
               "some split works"], rows)
    doc.para("With symmetric firms and $f = \\log$ a member gets $\\log n - 1$ against $0$ if the "
             "consortium collapses, so the grand consortium survives the collapse threat iff $n \\ge e$, but "
             "never survives free riding ($\\log(n-1) > \\log n - 1$): the classic instability of voluntary "
             "clubs.")

    # -- 7. BBV --------------------------------------------------------------------------------
    doc.heading("7. The Bergstrom–Blume–Varian form (wealth, Cobb–Douglas)")
    doc.para("Firm $i$ has wealth $w_i$, $u_i = x_i^{1-\\alpha_i} G^{\\alpha_i}$, $x_i + g_i = w_i$. A "
             "contributor holds $x_i = k_i G$, $k_i = (1-\\alpha_i)/\\alpha_i$, so on a contributor set $C$")
    doc.equation("G", "\\frac{g_0 + \\sum_{i \\in C} w_i}{1 + \\sum_{i\\in C} k_i}")
    doc.para("and $C = \\{i : w_i > k_i G\\}$ (unique, BBV Theorem 2).")
    w1, w2 = sp.symbols("w_1 w_2", positive=True)
    bbv = WealthProvision((w1, w2)).equilibrium(contributors=(0, 1))
    from gametheory.core.conditions import simplify as _minimal

    doc.para(f"Two contributors, $\\alpha = 1/2$: $G = {tex(sp.factor(bbv.level))}$, consumption "
             f"$x = {tex(tuple(sp.factor(c) for c in bbv.consumption))}$, valid under ${tex(_minimal(bbv.conditions))}$. Neither depends on how $w_1 + w_2$ "
             "is divided: **Warr's neutrality** (Warr 1983).")
    base = WealthProvision((6, 4))
    rows = []
    for label, model in (("$w = (6, 4)$", base),
                         ("transfer 1/2 from firm 1 to firm 2", base.redistribute((-Fraction(1, 2), Fraction(1, 2)))),
                         ("transfer 1 from firm 2 to firm 1 (> its gift 2/3)", base.redistribute((1, -1))),
                         ("exogenous $g_0 = 1$", base.with_government(1)),
                         ("$g_0 = 1$ taxed 1/2 from each contributor", base.tax_financed((Fraction(1, 2), Fraction(1, 2)))),
                         ("$w = (10, 2)$", WealthProvision((10, 2))),
                         ("$w = (10, 2)$, transfer 1 to the non-contributor", WealthProvision((10, 2)).redistribute((-1, 1)))):
        r = model.equilibrium()
        rows.append([label, r.level, f"${tex(r.contributions)}$", f"${tex(tuple(i + 1 for i in r.contributors))}$"])
    doc.table(["economy ($\\alpha = 1/2$)", "$G$", "$g$", "contributors"], rows)
    doc.para("Read down the table: redistribution among contributors is neutral while the set is unchanged; "
             "a transfer larger than a contributor's gift changes the set and $G$; exogenous provision is "
             "crowded out only partially (by $K_C/(1+K_C) = 2/3$ per unit); provision financed by taxing "
             "contributors is crowded out fully; a transfer from a contributor to a non-contributor lowers "
             "$G$ (BBV 1986).")

    doc.para("Figure `commontech_crowding_out` contrasts the one-for-one crowding out of the quasi-linear form "
             "(§4) with the partial crowding out of the BBV form.")
    doc.figure(_spec("commontech_crowding_out"))

    # -- 8. Cournot form -----------------------------------------------------------------------
    doc.heading("8. Cournot form: endogenous valuations")
    doc.para("The technology lowers every firm's unit cost by $r(G) = \\rho\\, \\psi(G)$ before Cournot competition "
             "with $P = a - bQ$ (valid while $r(G) \\le \\min_i c_i$; otherwise the result's conditions are "
             "`False` and the violation is named). On the active set ($m$ firms)")
    doc.equation("q_i", "\\frac{a - (m+1)c_i + \\sum_{j} c_j + r(G)}{b(m+1)}")
    doc.equation("\\frac{\\partial \\pi_i}{\\partial r}", "\\frac{2 q_i}{m+1}, \\qquad "
                 "\\frac{\\partial \\text{CS}}{\\partial r} = \\frac{m Q}{m+1}")
    doc.para("So firm $i$'s valuation is $v_i(G) = 2q_i(G) r'(G)/(m+1)$ — largest for the largest "
             "(lowest-cost) firm at every $G$: it contributes alone (Olson 1965). A consortium of all firms "
             "buys where $2Q r'/(m+1) = 1$; the planner, counting consumers, where $(m+2) Q r'/(m+1) = 1$: "
             "even a firms' consortium under-provides.")
    a, b, c, rho = sp.symbols("a b c rho", positive=True)
    sym = CournotCommonTechnology(a, b, (c, c), efficiency=rho)
    doc.para("Symmetric duopoly with $r = \\rho\\sqrt{G}$:")
    levels = sym.levels()
    doc.aligned([("G^N", sp.factor(levels["nash"][0])), ("G^{cons}", sp.factor(levels["consortium"][0])),
                 ("G^{o}", sp.factor(levels["planner"][0]))])
    doc.para("valid while the marginal value stays below 1 as $G \\to \\infty$ — "
             f"${tex(levels['nash'][1])}$, ${tex(levels['consortium'][1])}$, ${tex(levels['planner'][1])}$ respectively — "
             "and $\\rho\\sqrt G \\le c$ (non-negative costs).")
    cournot = CournotCommonTechnology(20, 1, (6, 8), efficiency=Fraction(1, 2))
    rows = []
    for label, outcome in (("Nash", cournot.equilibrium()), ("consortium", cournot.consortium()), ("planner", cournot.first_best())):
        rows.append([label, outcome.level, f"${tex(outcome.contributions)}$", outcome.reduction, f"${tex(outcome.quantities)}$",
                     f"{_f(outcome.consumer_surplus):.3f}", f"{_f(outcome.welfare):.3f}", "yes" if outcome.conditions == sp.true else "no"])
    doc.para("Example $a = 20$, $b = 1$, $c = (6, 8)$, $r = \\sqrt{G}/2$:")
    doc.table(["regime", "$G$", "contributions $g$", "$r(G)$", "$q$", "CS", "$W$", "valid"], rows)
    s_o = cournot.implementing_matching_rate()
    doc.para(f"The matching rate that makes firm 1 buy the planner's level is $s^o = 1/v_1(G^o) - 1 = {tex(s_o)}$.")
    bad = CournotCommonTechnology(10, 1, (2, 9)).equilibrium()
    doc.para(f"Validity flags at work: with $a = 10$, $c = (2, 9)$, $r = \\sqrt G$ the monopolist would buy "
             f"$G = {tex(bad.level)}$, $r = {tex(bad.reduction)} > c_1 = 2$: the result's conditions are false "
             f"and name the violation — firm 1's unit cost would be negative, $c_1 - r(G) = {tex(2 - bad.reduction)}$.")

    _club_sections(doc)

    doc.heading("References")
    doc.bullets([
        "Bergstrom, T., Blume, L. & Varian, H. (1986). On the private provision of public goods. *Journal of Public Economics* 29, 25–49.",
        "Warr, P. (1983). The private provision of a public good is independent of the distribution of income. *Economics Letters* 13, 207–211.",
        "Olson, M. (1965). *The Logic of Collective Action*. Harvard University Press.",
        "Andreoni, J. & Bergstrom, T. (1996). Do government subsidies increase the private supply of public goods? *Public Choice* 88, 295–308.",
        "Samuelson, P. (1954). The pure theory of public expenditure. *Review of Economics and Statistics* 36, 387–389.",
        "Seed 001: government institutions for industrial common technology (project source text).",
        "Seed 004: Zhang Congqun et al., *Research on Industrial Cluster Upgrading*, chapter 3 (project source text).",
        "Buchanan, J. M. (1965). An economic theory of clubs. *Economica* 32(125), 1–14.",
        "d'Aspremont, C., Jacquemin, A., Gabszewicz, J. J. & Weymark, J. A. (1983). On the stability of collusive "
        "price leadership. *Canadian Journal of Economics* 16(1), 17–25.",
        "Schmeidler, D. (1969). The nucleolus of a characteristic function game. *SIAM Journal on Applied "
        "Mathematics* 17(6), 1163–1170.",
        "Maschler, M., Peleg, B. & Shapley, L. S. (1979). Geometric properties of the kernel, nucleolus and related "
        "solution concepts. *Mathematics of Operations Research* 4(4), 303–338.",
        "Shapley, L. S. (1971). Cores of convex games. *International Journal of Game Theory* 1(1), 11–26.",
        "Kohlberg, E. (1971). On the nucleolus of a characteristic function game. *SIAM Journal on Applied "
        "Mathematics* 20(1), 62–66.",
    ])
    _ = (G, gsym)
    return doc.render()


def _spec(name: str) -> FigureSpec:
    return next(f for f in FIGURES if f.name == name)


def _club_sections(doc: Document) -> None:
    """§9 clubs (exclusion, fees, the membership grant through the core Coordinator), §10 cost sharing."""
    from gametheory.models.commontech import CooperativeGame, TechnologyClub

    doc.heading("9. Club provision: exclusion and membership fees")
    doc.para("Seed 004 calls the common technology *quasi*-public, and the core firms that control its standards "
             "can exclude (licences, access to the test centre). A club (Buchanan 1965) $M$ buys the level that "
             "maximises its members' joint surplus, $G_M = \\max\\{g_0, \\hat G(V_M)\\}$, $V_M = \\sum_{i \\in M} v_i$, "
             "and splits the bill $G_M - g_0$ by a fee rule — Lindahl ($\\tau_i = v_i/V_M$) or equal. An excluded "
             "firm develops its own technology, worth $h(v_j) = \\max_{G \\ge g_0} v_j f(G) - (G - g_0)$. $M$ is "
             "*stable* if no member gains by leaving and no outsider by joining (d'Aspremont et al. 1983).")
    doc.para("**Exclusion overturns the instability of §6.** With Lindahl fees a member earns "
             "$v_i\\, h(V_M)/V_M$, and $h(V)/V = \\max_G f(G) - (G - g_0)/V$ is non-decreasing in $V$: leaving never "
             "pays and every outsider gains by joining, so the grand club is stable and buys the Samuelson level "
             "$\\hat G(V)$ — the first best. Without exclusion the same consortium unravels by free riding (§6). "
             "**Equal fees exclude the small**: with $(v_1, 1)$ and $f = \\log$ the small firm stays in the grand club "
             "iff $\\log(1 + v_1) - (1 + v_1)/2 \\ge h(1) = -1$, i.e. $v_1 \\le 4.36$ (by hand); above that the stable "
             "club is the large firm alone, and because the technology is non-rival, excluding the small firm "
             "destroys value — the equal-fee club does worse than the open public good's Nash equilibrium:")
    rows = []
    for vals in ((1, 1, 1), (3, 2, 1), (4, 1), (5, 1), (10, 1)):
        tech = _ct(vals)
        for fees in ("lindahl", "equal"):
            c = TechnologyClub(tech, fees=fees).compare()
            rows.append([f"$({', '.join(map(str, vals))})$", fees,
                         ", ".join("(" + ", ".join(str(i + 1) for i in m) + ")" for m in c.stable_clubs),
                         f"{_f(c.club_welfare):.4f}", f"{_f(c.nash_welfare):.4f}", f"{_f(c.first_best_welfare):.4f}",
                         "yes" if c.open_consortium_stable else "no"])
    doc.table(["valuations", "fees", "stable clubs (firms)", "$W$ best stable club", "$W^N$ open public good",
               "$W^*$", "open consortium stable"], rows)
    doc.heading("9.1 The club's policy question: a membership grant (core policy engine)", 3)
    club = TechnologyClub(_ct((10, 1)), fees="equal")
    xbar = club.participation_shortfalls()[1]
    doc.para("When the fee rule excludes a firm the government can pay a membership grant $\\xi$ to each member whose "
             "participation falls short. The club's response has a kink — the grand club forms iff $\\xi \\ge \\bar \\xi$, "
             "the largest shortfall — and the grant is a transfer (outlay $\\xi|J|$, $J$ the short members), so "
             "$W(\\xi) = W_{lf} + \\mathbb{1}[\\xi \\ge \\bar \\xi](W_M - W_{lf} - \\lambda \\xi|J|)$. `TechnologyClub.coordinate` "
             "declares this instrument to the package's one policy engine (`gametheory.core.coordinator.Coordinator`), "
             "which evaluates the kink and the box ends and returns its `PolicyOutcome`. Valuations $(10, 1)$, "
             f"equal fees: $\\bar \\xi = {tex(xbar)} \\approx {_f(xbar):.4f}$; the grant pays while "
             "$\\lambda < \\bar\\lambda = (W^* - W_{lf})/\\bar \\xi$:")
    rows = []
    for lam in (0, Fraction(1, 5), 1, Fraction(3, 2), Fraction(8, 5), 2):
        out = club.coordinate(shadow_cost=lam)
        rows.append([sp.Rational(lam), tex(out.policy["grant"]) if out.policy["grant"] == 0 else f"{_f(out.policy['grant']):.4f}",
                     "yes" if out.response["club_formed"] == 1 else "no", f"{_f(out.welfare):.4f}", f"{_f(out.gap_closed):.4f}"])
    doc.table(["$\\lambda$", "grant $\\xi$", "grand club forms", "$W$", "gap closed"], rows)
    lf, fb = 10 * math.log(10) - 11, 11 * math.log(11) - 11
    doc.para(f"By hand: $W_{{lf}} = 10\\log 10 - 11 \\approx {lf:.4f}$ (firm 1 alone buys $G = 10$, firm 2 "
             f"develops $G = 1$), $W^* = 11\\log 11 - 11 \\approx {fb:.4f}$, so $\\bar\\lambda \\approx "
             f"{(fb - lf) / _f(xbar):.4f}$. The Lindahl fee rule would reach $W^*$ with no public money: the grant "
             "repairs a bad fee rule, and a targeted rule change beats a subsidy whenever it is enforceable.")
    doc.figure(_spec("commontech_club"))

    doc.heading("10. Cooperative cost sharing: core, Shapley value, nucleolus")
    doc.para("Which split of the grand consortium's bill survives coalitional objections? The consortium is a "
             "transferable-utility game: its worth $\\omega(S)$ is what coalition $S$ secures — under the γ-characteristic "
             "function the outsiders act as Nash singletons (they may provide, and $S$ free rides), under the α one "
             "they provide nothing, so $\\omega(S) = h(V_S)$ (a convex game). An allocation $y$ with "
             "$\\sum_i y_i = \\omega(N)$ is in the **core** iff $\\sum_{i \\in S} y_i \\ge \\omega(S)$ for every $S$; the package checks all $2^n - 2$ coalitions exactly, "
             "decides non-emptiness by the least core, and computes the Shapley value and the nucleolus "
             "(Schmeidler 1969; Maschler, Peleg & Shapley 1979) by a sequence of linear programmes with an exact "
             "reconstruction (`CooperativeGame`). Valuations $(3, 2, 1)$, $f = \\log$ ($\\hat G(v) = v$):")
    g = CooperativeGame.from_technology(_ct((3, 2, 1)))
    ga = CooperativeGame.from_technology(_ct((3, 2, 1)), kind="alpha")
    rows = []
    for S in ((0,), (1,), (2,), (0, 1), (0, 2), (1, 2), (0, 1, 2)):
        rows.append(["$\\{" + ", ".join(str(i + 1) for i in S) + "\\}$", f"${tex(g.value(S))}$",
                     f"{_f(g.value(S)):.4f}", f"${tex(ga.value(S))}$", f"{_f(ga.value(S)):.4f}"])
    doc.table(["coalition $S$", "worth, γ", "(decimal)", "worth, α", "(decimal)"], rows)
    d = sharing_data((3, 2, 1))
    rows = []
    for key, label in (("lindahl", "Lindahl bill"), ("equal_split", "equal bill"), ("shapley", "Shapley value"),
                       ("nucleolus", "nucleolus")):
        rows.append([label, ", ".join(f"{x:.4f}" for x in d[f"gamma_{key}"]), "yes" if d[f"gamma_{key}_in_core"] else "no",
                     ", ".join(f"{x:.4f}" for x in d[f"alpha_{key}"]), "yes" if d[f"alpha_{key}_in_core"] else "no"])
    doc.table(["rule", "payoffs (γ)", "in the γ-core", "payoffs (α)", "in the α-core"], rows)
    doc.para("Under γ free riding gives firm 2 alone $\\omega(\\{2\\}) = 2\\log 3 \\approx 2.197$ — more than its "
             "Lindahl payoff $2(\\log 6 - 1) \\approx 1.584$ — so the Lindahl bill, the equal bill and even the "
             "Shapley value are blocked; the core is non-empty (least-core value "
             f"{d['gamma_least_core']:.4f} < 0) and the nucleolus lies in it: a split exists, but it must pay the "
             "would-be free riders. Under α the game is convex, the Shapley value is in the core "
             "(Shapley 1971) and so are all four rules. The tests check the core by brute force over all "
             "coalitions, the Shapley value by permutations and the nucleolus by Kohlberg's balancedness criterion.")
    doc.figure(_spec("commontech_sharing"))


DERIVATIONS = [Derivation("commontech", "Provision of industrial common technology", _build)]


# ================================================================================================
# demo
# ================================================================================================
def _demo(nar) -> None:
    from gametheory.models.commontech import CommonTechnology, CournotCommonTechnology, WealthProvision

    nar.title("Industrial common technology (产业共性技术): free riding and the coordinator")
    nar.step("Three firms value a shared technology at v = (3, 2, 1); benefit f(G) = log G")
    ct = CommonTechnology((3, 2, 1))
    eq, fb = ct.equilibrium(), ct.first_best()
    nar.say("Each firm contributes until v_i f'(G) = v_i/G = 1. Only the firm with v = 3 can hold this")
    nar.say("with equality; the others free ride (搭便车).")
    nar.table(["", "G", "contributions", "welfare"], [["Nash", eq.level, eq.contributions, sp.N(eq.welfare, 5)],
                                                      ["Samuelson optimum", fb.level, fb.contributions, sp.N(fb.welfare, 5)]])
    nar.say(f"Under-provision ratio G^N/G* = v_max/V = {ct.underprovision_ratio()}.")
    nar.step("Public provision crowds out (挤出) private provision one for one")
    nar.table(["g0", "private", "total G"], [[g, ct.private_response(g), max(3, g)] for g in (0, 1, 2, 3, 4, 6)])
    nar.step("The coordinator: direct provision vs a matching subsidy")
    nar.say("Below the Nash level a public unit only replaces a private one and costs λ extra, so direct")
    nar.say("provision is all or nothing; a matching subsidy buys the same level with less public money.")
    rows = []
    for lam in (0, Fraction(1, 10), Fraction(1, 4), Fraction(1, 2)):
        d, m = ct.direct_provision(shadow_cost=lam), ct.matching_subsidy(shadow_cost=lam)
        rows.append([lam, d.policy, sp.N(d.welfare, 5), m.policy, sp.N(m.welfare, 5)])
    nar.table(["λ", "g0 (direct)", "W direct", "s (matching)", "W matching"], rows)
    nar.say(f"Direct provision switches off at λ* = 2e^(-1/2) - 1 ≈ {LAMBDA_STAR:.4f}.")
    nar.step("A consortium with Lindahl shares")
    nar.say("The consortium buys G* = 6 and bills Lindahl shares v_i/V. Is it worth joining?")
    for outside in ("nash", "free_ride"):
        k = ct.consortium(outside=outside)
        nar.say(f"outside option {outside}: G = {k.level}, shares {k.cost_shares}, participation {k.participation}, "
                f"some split works: {k.shares_exist}")
    nar.say("If refusing kills the consortium, firms 2 and 3 still prefer free riding on firm 1's Nash")
    nar.say("provision to paying Lindahl shares, but another split satisfies everyone; if the others")
    nar.say("go ahead without it, every firm prefers to free ride — no split works.")
    nar.step("Wealth and Cobb–Douglas utility (Bergstrom, Blume & Varian 1986)")
    wealth = WealthProvision((6, 4))
    rows = [["w = (6, 4)", wealth.equilibrium().level, wealth.equilibrium().contributions],
            ["move 1/2 from firm 1 to 2", wealth.redistribute((-Fraction(1, 2), Fraction(1, 2))).equilibrium().level,
             wealth.redistribute((-Fraction(1, 2), Fraction(1, 2))).equilibrium().contributions],
            ["exogenous g0 = 1", wealth.with_government(1).equilibrium().level, wealth.with_government(1).equilibrium().contributions]]
    nar.table(["economy", "G", "g"], rows)
    nar.say("Redistribution among contributors is neutral (Warr 1983); exogenous provision is crowded out 2/3.")
    nar.step("Cournot form: the technology cuts every firm's unit cost by r(G) = sqrt(G)/2")
    cournot = CournotCommonTechnology(20, 1, (6, 8), efficiency=Fraction(1, 2))
    rows = []
    for label, r in (("Nash", cournot.equilibrium()), ("consortium", cournot.consortium()), ("planner", cournot.first_best())):
        rows.append([label, r.level, r.contributions, sp.N(r.welfare, 5)])
    nar.table(["regime", "G", "paid by", "W"], rows)
    nar.say("The low-cost (largest) firm pays alone (Olson); even a consortium ignores consumers' gain.")
    nar.say(f"Matching rate implementing the planner's level: s = {cournot.implementing_matching_rate()}.")
    nar.step("A club that excludes non-members (Buchanan 1965): fees decide who stays")
    from gametheory.models.commontech import CooperativeGame, TechnologyClub

    nar.say("Members buy Ĝ(V_M) and split the bill; an excluded firm develops its own (worth h(v)).")
    rows = []
    for vals in ((3, 2, 1), (10, 1)):
        for fees in ("lindahl", "equal"):
            c = TechnologyClub(CommonTechnology(vals), fees=fees).compare()
            rows.append([vals, fees, tuple(i + 1 for i in c.best_stable_club), f"{_f(c.club_welfare):.4f}",
                         f"{_f(c.nash_welfare):.4f}", f"{_f(c.first_best_welfare):.4f}"])
    nar.table(["valuations", "fees", "stable club (firms)", "W club", "W open Nash", "W*"], rows)
    nar.say("Lindahl fees: the grand club is stable and reaches the first best — exclusion ends free riding.")
    nar.say("Equal fees price the small firm out of a non-rival technology: worse than the open public good.")
    nar.step("The club's policy question through the core policy engine: a membership grant")
    club = TechnologyClub(CommonTechnology((10, 1)), fees="equal")
    nar.say(f"The small firm stays in the grand club only with a grant x ≥ x̄ = {club.participation_shortfalls()[1]}.")
    rows = []
    for lam in (0, Fraction(1, 2), Fraction(3, 2), 2):
        out = club.coordinate(shadow_cost=lam)
        rows.append([lam, f"{_f(out.policy['grant']):.4f}", out.response["club_formed"], f"{_f(out.welfare):.4f}",
                     f"{_f(out.gap_closed):.3f}"])
    nar.table(["λ", "grant", "grand club", "W", "gap closed"], rows)
    nar.say("The grant pays while λ x̄ < W* - W_lf (λ̄ ≈ 1.594); Lindahl fees would do it for free.")
    nar.step("Sharing the consortium's bill: is a split in the core? (valuations (3, 2, 1))")
    g = CooperativeGame.from_technology(ct)
    sh, nu = g.shapley_value(), g.nucleolus()
    nar.say("γ-worths: a coalition alone faces the others' Nash provision; firm 2 alone free rides on G = 3.")
    nar.table(["rule", "payoffs", "in the core"],
              [["Shapley value", ", ".join(f"{_f(x):.3f}" for x in sh.payoffs), str(sh.in_core)],
               ["nucleolus", ", ".join(f"{_f(x):.3f}" for x in nu.payoffs), str(nu.in_core)]])
    nar.say(f"Core non-empty: {g.core().nonempty}. The Lindahl bill is blocked by firm 2 (2 log 3 > 2(log 6 - 1)).")
    nar.figure("commontech_welfare_vs_lambda")
    nar.figure("commontech_club")
    nar.figure("commontech_sharing")


DEMOS = [Demo("commontech", "Common technology: free riding, crowding out and the coordinator", _demo,
              figures=("commontech_welfare_vs_lambda", "commontech_club", "commontech_sharing"))]
