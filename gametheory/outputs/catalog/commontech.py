"""Outputs of the common-technology family: derivation ``commontech``, four figures, demo ``commontech``."""

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
    "FIGURE_LAMBDA", "LAMBDA_STAR",
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
@functools.lru_cache(maxsize=1)
def provision_by_n_data() -> dict[str, Any]:
    """n identical firms (v = 1, f = log): Nash G = 1, optimum G = n, coordinated at λ = 1/5."""
    ns = np.arange(1, 11)
    nash, fb, co, instrument = [], [], [], []
    for k in ns:
        ct = _ct((1,) * int(k))
        nash.append(_f(ct.equilibrium().level))
        fb.append(_f(ct.first_best().level))
        pol = ct.coordinate(shadow_cost=FIGURE_LAMBDA)
        co.append(_f(pol.level))
        instrument.append(pol.instrument)
    return {"n": ns, "nash": np.array(nash), "first_best": np.array(fb), "coordinated": np.array(co),
            "shadow_cost": float(FIGURE_LAMBDA), "instrument": instrument}


def _draw_levels(x, data: dict[str, Any], curves, xlabel: str, title: str):
    """Optimum, coordinated and Nash levels of G against ``x``; ``curves`` gives (style, label) for each."""
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    for key, (style, label) in zip(("first_best", "coordinated", "nash"), curves):
        ax.plot(x, data[key], style, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("common technology $G$")
    ax.set_title(title)
    ax.legend()
    return fig


def _draw_provision_by_n(data: dict[str, Any]):
    curves = (("o-", "Samuelson optimum $G^*$"),
              ("s--", f"coordinated (matching subsidy, λ = {data['shadow_cost']:g})"),
              ("^-", "Nash $G^N$ (free riding)"))
    return _draw_levels(data["n"], data, curves, "number of firms $n$ (valuation 1 each, $f = \\log$)",
                        "Provision against the number of firms")


DISPERSION_STEPS = 19


@functools.lru_cache(maxsize=1)
def dispersion_data() -> dict[str, Any]:
    """Valuations (1+d, 1, 1-d), f = √G: Nash (1+d)²/4 rises with dispersion, optimum 9/4 does not."""
    ds = [Fraction(k, 20) for k in range(DISPERSION_STEPS)]
    nash, fb, co = [], [], []
    for d in ds:
        ct = _ct((1 + d, 1, 1 - d), benefit=sp.sqrt)
        nash.append(_f(ct.equilibrium().level))
        fb.append(_f(ct.first_best().level))
        co.append(_f(ct.coordinate(shadow_cost=FIGURE_LAMBDA).level))
    return {"dispersion": np.array([float(d) for d in ds]), "nash": np.array(nash), "first_best": np.array(fb),
            "coordinated": np.array(co), "shadow_cost": float(FIGURE_LAMBDA)}


def _draw_dispersion(data: dict[str, Any]):
    curves = (("-", "Samuelson optimum"), ("--", f"coordinated (λ = {data['shadow_cost']:g})"),
              ("-", "Nash (top firm alone)"))
    return _draw_levels(data["dispersion"], data, curves,
                        "valuation dispersion $d$: valuations $(1+d, 1, 1-d)$, $f = \\sqrt{G}$",
                        "Inequality helps voluntary provision (Olson)")


@functools.lru_cache(maxsize=1)
def crowding_out_data() -> dict[str, Any]:
    """Left: (3,2,1), log, private = max(0, 3 - g0). Right: BBV (6,4), α = 1/2, exogenous vs tax-financed g0."""
    from gametheory.models.commontech import WealthProvision

    g0 = [Fraction(k, 10) for k in range(61)]
    ct = _ct((3, 2, 1))
    private, total = [], []
    for g in g0:
        eq = ct.with_government(g).equilibrium()
        private.append(_f(eq.private_provision))
        total.append(_f(eq.level))
    bbv = WealthProvision((6, 4))
    gb = [Fraction(k, 10) for k in range(41)]
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
    ax1.plot(data["government"], data["total"], label="total $G$")
    ax1.plot(data["government"], data["private"], "--", label="private $\\sum g_i$")
    ax1.set_xlabel("public provision $g_0$")
    ax1.set_ylabel("provision")
    ax1.set_title("quasi-linear, $v = (3,2,1)$: 1-for-1", fontsize=9)
    ax1.legend(fontsize=8)
    ax2.plot(data["bbv_government"], data["bbv_exogenous_total"], label="total, exogenous $g_0$")
    ax2.plot(data["bbv_government"], data["bbv_exogenous_private"], "--", label="private, exogenous $g_0$")
    ax2.plot(data["bbv_government"], data["bbv_taxed_total"], ":", label="total, taxes on contributors")
    ax2.set_xlabel("public provision $g_0$")
    ax2.set_title("BBV, $w = (6,4)$, α = 1/2: partial", fontsize=9)
    ax2.legend(fontsize=7)
    fig.suptitle("Crowding out of private provision")
    return fig


@functools.lru_cache(maxsize=1)
def welfare_vs_lambda_data() -> dict[str, Any]:
    """Valuations (3,2,1), log: welfare of laissez-faire, direct provision, matching subsidy, first best."""
    lams = [Fraction(k, 40) for k in range(41)]
    ct = _ct((3, 2, 1))
    lf, direct, match, fb, g_direct, s_match = [], [], [], [], [], []
    for lam in lams:
        d = ct.direct_provision(shadow_cost=lam)
        m = ct.matching_subsidy(shadow_cost=lam)
        lf.append(_f(d.laissez_faire_welfare))
        fb.append(_f(d.first_best_welfare))
        direct.append(_f(d.welfare))
        match.append(_f(m.welfare))
        g_direct.append(_f(d.policy))
        s_match.append(_f(m.policy))
    return {"shadow_cost": np.array([float(x) for x in lams]), "laissez_faire": np.array(lf),
            "direct_provision": np.array(direct), "matching_subsidy": np.array(match), "first_best": np.array(fb),
            "public_provision": np.array(g_direct), "matching_rate": np.array(s_match),
            "lambda_star": LAMBDA_STAR}


def _draw_welfare_vs_lambda(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    x = data["shadow_cost"]
    ax.plot(x, data["first_best"], "-", label="first best (Lindahl consortium, no public funds)")
    ax.plot(x, data["matching_subsidy"], "-", label="matching subsidy (optimal rate)")
    ax.plot(x, data["direct_provision"], "--", label="direct provision (all or nothing)")
    ax.plot(x, data["laissez_faire"], ":", label="laissez-faire (Nash)")
    ax.axvline(data["lambda_star"], color="grey", lw=0.8)
    ax.annotate("λ* = 2e$^{-1/2}$ − 1: direct provision stops", (data["lambda_star"], data["laissez_faire"][0]),
                xytext=(8, 12), textcoords="offset points", fontsize=8)
    ax.set_xlabel("shadow cost of public funds λ")
    ax.set_ylabel("welfare $W$")
    ax.set_title("Welfare by instrument, valuations (3, 2, 1), $f = \\log$")
    ax.legend(fontsize=8)
    return fig


FIGURES = [
    FigureSpec("commontech_provision_by_n", "Common technology: provision against the number of firms",
               provision_by_n_data, _draw_provision_by_n),
    FigureSpec("commontech_dispersion", "Common technology: provision against valuation dispersion",
               dispersion_data, _draw_dispersion),
    FigureSpec("commontech_crowding_out", "Common technology: crowding out of private provision",
               crowding_out_data, _draw_crowding_out, size=(8.0, 4.0)),
    FigureSpec("commontech_welfare_vs_lambda", "Common technology: welfare by instrument against λ",
               welfare_vs_lambda_data, _draw_welfare_vs_lambda),
]


# ================================================================================================
# derivation
# ================================================================================================
def _build() -> str:
    from gametheory.models.commontech import CommonTechnology, CournotCommonTechnology, WealthProvision
    from gametheory.models.commontech._benefit import G

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
    doc.equation(Gs, g0 + sp.Symbol("g_1") + sp.Symbol("g_2") + sp.Symbol("\\dots") + sp.Symbol("g_n"))
    doc.para("Write $\\hat G(v)$ for the level one agent with valuation $v$ buys alone: $v f'(\\hat G) = 1$ "
             "when $v f'(0^+) > 1$, else $0$. For the benefits used below:")
    vv = sp.Symbol("v", positive=True)
    rows = []
    for label, fb in (("\\log G", sp.log), ("\\sqrt{G}", sp.sqrt), ("\\log(1+G)", lambda x: sp.log(1 + x)),
                      ("1 - e^{-G}", lambda x: 1 - sp.exp(-x))):
        from gametheory.models.commontech._benefit import as_benefit

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
              [["$(2, 2, 1)$", tie.level, str(tie.unique), "$" + ", ".join(tex(x) for x in tie.vertices) + "$"]])

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
    doc.heading("4. Crowding out (挤出) of private provision")
    doc.para("Private provision responds to public provision $g_0$ by")
    doc.equation("\\sum_i g_i", "\\max\\{0,\\ \\hat G(v_{\\max}) - g_0\\}")
    ct = CommonTechnology((3, 2, 1), government=g0)
    doc.para(f"— one for one below the Nash level, not at all above it (Warr 1982; BBV 1986 §4). With "
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
    doc.para(f"With $\\lambda > 0$ and $f = \\log$, $W(m) = V\\log(m v_{{\\max}}) - m v_{{\\max}} - \\lambda (m-1) v_{{\\max}}$ "
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
                         ", ".join(str(p) for p in k.participation), str(k.stable), str(k.shares_exist)])
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
    e = WealthProvision((w1, w2)).equilibrium(contributors=(0, 1))
    doc.para(f"Two contributors, $\\alpha = 1/2$: $G = {tex(e.level)}$, consumption "
             f"$x = {tex(e.consumption)}$, valid under ${tex(e.conditions)}$. Neither depends on how $w_1 + w_2$ "
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

    # -- 8. Cournot form -----------------------------------------------------------------------
    doc.heading("8. Cournot form: endogenous valuations")
    doc.para("The technology lowers every firm's unit cost by $r(G) = \\rho h(G)$ before Cournot competition "
             "with $P = a - bQ$ (valid while $r(G) \\le \\min_i c_i$; otherwise the result's conditions are "
             "`False` and the violation is named). On the active set ($m$ firms)")
    doc.equation("q_i", "\\frac{a - (m+1)c_i + \\sum_{j} c_j + r(G)}{b(m+1)}")
    doc.equation("\\frac{\\partial \\pi_i}{\\partial r}", "\\frac{2 q_i}{m+1}, \\qquad "
                 "\\frac{\\partial CS}{\\partial r} = \\frac{m Q}{m+1}")
    doc.para("So firm $i$'s valuation is $v_i(G) = 2q_i(G) r'(G)/(m+1)$ — largest for the largest "
             "(lowest-cost) firm at every $G$: it contributes alone (Olson 1965). A consortium of all firms "
             "buys where $2Q r'/(m+1) = 1$; the planner, counting consumers, where $(m+2) Q r'/(m+1) = 1$: "
             "even a firms' consortium under-provides.")
    a, b, c, rho = sp.symbols("a b c rho", positive=True)
    sym = CournotCommonTechnology(a, b, (c, c), efficiency=rho)
    doc.para("Symmetric duopoly with $r = \\rho\\sqrt{G}$:")
    lv = sym.levels()
    doc.aligned([("G^N", sp.factor(lv["nash"][0])), ("G^{cons}", sp.factor(lv["consortium"][0])),
                 ("G^{o}", sp.factor(lv["planner"][0]))])
    doc.para("valid while the marginal value stays below 1 as $G \\to \\infty$ — "
             f"${tex(lv['nash'][1])}$, ${tex(lv['consortium'][1])}$, ${tex(lv['planner'][1])}$ respectively — "
             "and $\\rho\\sqrt G \\le c$ (non-negative costs).")
    m = CournotCommonTechnology(20, 1, (6, 8), efficiency=Fraction(1, 2))
    rows = []
    for label, r in (("Nash", m.equilibrium()), ("consortium", m.consortium()), ("planner", m.first_best())):
        rows.append([label, r.level, f"${tex(r.contributions)}$", r.reduction, f"${tex(r.quantities)}$",
                     f"{_f(r.consumer_surplus):.3f}", f"{_f(r.welfare):.3f}", str(r.conditions)])
    doc.para("Example $a = 20$, $b = 1$, $c = (6, 8)$, $r = \\sqrt{G}/2$:")
    doc.table(["regime", "$G$", "paid by", "$r(G)$", "$q$", "$CS$", "$W$", "valid"], rows)
    s_o = m.implementing_matching_rate()
    doc.para(f"The matching rate that makes firm 1 buy the planner's level is $s^o = 1/v_1(G^o) - 1 = {tex(s_o)}$.")
    bad = CournotCommonTechnology(10, 1, (2, 9)).equilibrium()
    doc.para(f"Validity flags at work: with $a = 10$, $c = (2, 9)$, $r = \\sqrt G$ the monopolist would buy "
             f"$G = {tex(bad.level)}$, $r = {tex(bad.reduction)} > c_1 = 2$: conditions `{bad.conditions}` — "
             f"'{bad.violations[0]}'.")

    doc.heading("References")
    doc.bullets([
        "Bergstrom, T., Blume, L. & Varian, H. (1986). On the private provision of public goods. *Journal of Public Economics* 29, 25–49.",
        "Warr, P. (1983). The private provision of a public good is independent of the distribution of income. *Economics Letters* 13, 207–211.",
        "Olson, M. (1965). *The Logic of Collective Action*. Harvard University Press.",
        "Andreoni, J. & Bergstrom, T. (1996). Do government subsidies increase the private supply of public goods? *Public Choice* 88, 295–308.",
        "Samuelson, P. (1954). The pure theory of public expenditure. *Review of Economics and Statistics* 36, 387–389.",
    ])
    _ = (G, gsym)
    return doc.render()


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
    e = WealthProvision((6, 4))
    rows = [["w = (6, 4)", e.equilibrium().level, e.equilibrium().contributions],
            ["move 1/2 from firm 1 to 2", e.redistribute((-Fraction(1, 2), Fraction(1, 2))).equilibrium().level,
             e.redistribute((-Fraction(1, 2), Fraction(1, 2))).equilibrium().contributions],
            ["exogenous g0 = 1", e.with_government(1).equilibrium().level, e.with_government(1).equilibrium().contributions]]
    nar.table(["economy", "G", "g"], rows)
    nar.say("Redistribution among contributors is neutral (Warr 1983); exogenous provision is crowded out 2/3.")
    nar.step("Cournot form: the technology cuts every firm's unit cost by r(G) = sqrt(G)/2")
    m = CournotCommonTechnology(20, 1, (6, 8), efficiency=Fraction(1, 2))
    rows = []
    for label, r in (("Nash", m.equilibrium()), ("consortium", m.consortium()), ("planner", m.first_best())):
        rows.append([label, r.level, r.contributions, sp.N(r.welfare, 5)])
    nar.table(["regime", "G", "paid by", "W"], rows)
    nar.say("The low-cost (largest) firm pays alone (Olson); even a consortium ignores consumers' gain.")
    nar.say(f"Matching rate implementing the planner's level: s = {m.implementing_matching_rate()}.")
    nar.figure("commontech_welfare_vs_lambda")


DEMOS = [Demo("commontech", "Common technology: free riding, crowding out and the coordinator", _demo,
              figures=("commontech_welfare_vs_lambda",))]
