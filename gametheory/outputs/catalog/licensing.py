"""Outputs for the market for knowledge (issue 15): derivation ``licensing``, figure ``diffusion_institutions``.

Everything is computed by :mod:`gametheory.models.diffusion.licensing` on the diffusion model of
:mod:`gametheory.models.diffusion` (the market block of :mod:`gametheory.models.market`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from gametheory.core.params import rejects_text
from gametheory.outputs.document import Document, tex
from gametheory.outputs.registry import Demo, Derivation, FigureSpec

__all__ = ["DERIVATIONS", "FIGURES", "DEMOS", "FIGURE_PARAMETERS", "institutions_data", "institutions_gaps_data"]

R = sp.Rational

#: Parameters of the institution figure: a = 10, b = 1, costs (1, 2, 4) (the laggard is a minor
#: firm, so diffusion to it can lower welfare once the middle firm has learnt — Lahiri-Ono),
#: common absorptive capacity beta on [0.1, 1] (left) and shadow cost lambda on [0, 2] at beta = 1
#: (right); the coordinator's lambda on the left is 1/5. The coordinator that creates the market
#: enforces each licence at ip_enforcement_cost kappa = 1/4 (public spending at 1 + lambda).
FIGURE_PARAMETERS: dict[str, Any] = dict(a=10, b=1, costs=(1, 2, 4), shadow_cost=Fraction(1, 5),
                                         betas=tuple(Fraction(k, 10) for k in range(1, 11)),
                                         lambdas=tuple(Fraction(2 * k, 5) for k in range(6)),
                                         ip_enforcement_cost=Fraction(1, 4))


def _model(*args: Any, **kw: Any):
    from gametheory.models.diffusion import TechnologyDiffusion

    return TechnologyDiffusion(*args, **kw)


def _f(x: Any) -> float:
    return float(sp.N(x))


INSTITUTIONS_CAPTION = ("Welfare of laissez-faire, the fixed-fee licensing market (worst pairwise-stable set), the "
                        "coordinator (policy engine, every instrument; fine inspection, mandate enforcement and "
                        "the verification of paid flows taken as free: an upper bound), the coordinator that creates the licensing market by enforcing "
                        "licences at kappa = {ip_enforcement_cost} each (public spending at 1 + lambda; drawn "
                        "where a licence is signed) and the planner (a = {a}, b = {b}, costs "
                        "{costs}). Left: against the common absorptive capacity beta in {betas}, coordinator at "
                        "lambda = {shadow_cost}. Right: against lambda in {lambdas} at beta = 1, with the default "
                        "fiscal rule's coordinator and first best (fine revenue valued at lambda).")


@rejects_text
def institutions_data(a: Any = 10, b: Any = 1, costs: Any = (1, 2, 4), shadow_cost: Any = R(1, 5),
                      betas: Any = FIGURE_PARAMETERS["betas"], lambdas: Any = FIGURE_PARAMETERS["lambdas"],
                      ip_enforcement_cost: Any = FIGURE_PARAMETERS["ip_enforcement_cost"]) -> dict[str, Any]:
    """Welfare of laissez-faire, licensing market, planner and coordinator against beta and lambda.

    Computed once per process and parameter set (each point solves the coordinator twice, ~1.5 s):
    the figure, its staleness check, its data test and the notebook share it.
    """
    return dict(_institutions_data(a, b, tuple(costs), shadow_cost, tuple(betas), tuple(lambdas), ip_enforcement_cost))


def _mc(r) -> float:
    """The market-creating coordinator's welfare, NaN where no licence is signed (nothing to enforce)."""
    return _f(r.market_creation) if r.licensing_flows and r.market_creation is not None else float("nan")


@functools.lru_cache(maxsize=2)
def _institutions_data(a, b, costs, shadow_cost, betas, lambdas, kappa) -> dict[str, Any]:
    from gametheory.models.diffusion.licensing import compare_institutions

    out: dict[str, Any] = {"beta": np.array([_f(x) for x in betas])}
    free = {"inspection_cost": 0, "enforcement_cost": 0, "verification_cost": 0}   # the coordinator's upper bound
    rows = [compare_institutions(_model(a, b, costs, beta=x), shadow_cost=shadow_cost, ip_enforcement_cost=kappa,
                                 **free) for x in betas]
    names = ("laissez_faire", "licensing", "planner", "coordinator", "coordinator_without_fine_revenue", "first_best")
    for name in names:
        out[name] = np.array([_f(getattr(r, name)) for r in rows])
    out["market_creation"] = np.array([_mc(r) for r in rows])
    out["licensing_flows"] = np.array([len(r.licensing_flows) for r in rows])
    m = _model(a, b, costs, beta=1)
    cols = [compare_institutions(m, shadow_cost=lam, ip_enforcement_cost=kappa, **free) for lam in lambdas]
    out["lambda"] = np.array([_f(x) for x in lambdas])
    for name in names:
        out[f"{name} (beta=1)"] = np.array([_f(getattr(r, name)) for r in cols])
    out["market_creation (beta=1)"] = np.array([_mc(r) for r in cols])
    out["shadow_cost"] = _f(shadow_cost)
    out["ip_enforcement_cost"] = _f(kappa)
    return out


def _draw_institutions(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    # wide lines underneath, thin ones on top: where institutions coincide all stay visible
    styles = {"licensing": ("-", 3.4, 1, "#9ecae1", "licensing market (fixed fees)"),
              "market_creation": ("o-", 1.0, 3, "#3182bd", "coordinator creating the market (κ per licence)"),
              "coordinator_without_fine_revenue": ("--", 2.0, 2, "#e6550d", "coordinator, no fine revenue"),
              "laissez_faire": (":", 1.6, 2, "k", "laissez-faire (no price)"),
              "planner": ("-", 1.0, 3, "k", "planner (no transfers)"),
              "coordinator": ("-.", 1.0, 2, "#756bb1", "coordinator, fines as revenue (default rule)"),
              "first_best": (":", 1.2, 2, "#756bb1", "first best, same revenue (default rule)")}
    for name, (ls, lw, z, color, label) in styles.items():
        if name not in ("coordinator", "first_best"):      # left: the diffusion institutions only
            ax1.plot(data["beta"], data[name], ls, lw=lw, zorder=z, color=color, label=label)
        ax2.plot(data["lambda"], data[f"{name} (beta=1)"], ls, lw=lw, zorder=z, color=color, label=label)
    ax1.set_xlabel(r"absorptive capacity $\beta$ (all firms)")
    ax1.set_ylabel("welfare $W$")
    ax1.set_title(f"vs absorptive capacity (λ = {data['shadow_cost']:g})", fontsize=9)
    ax2.set_xlabel(r"shadow cost of public funds $\lambda$ ($\beta = 1$)")
    ax2.set_title("vs λ: the default rule's gain is fiscal", fontsize=9)
    handles, labels = ax2.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=8, frameon=False)
    fig.subplots_adjust(bottom=0.33, wspace=0.25)
    return fig


#: Institution map over the cost-gap plane (issue 15): a = 10, b = 1, c_L = 1, c_M = 1 + g_1,
#: c_G = 1 + g_1 + g_2 with the gaps on a grid, two panels of common absorptive capacity, the
#: coordinator at lambda with purchase, subsidy and mandate (fines left out: their welfare effect
#: under the default rule is fiscal, and a licensing market raises no public funds).
GAPS_PARAMETERS: dict[str, Any] = dict(a=10, b=1, c_L=1, gaps=tuple(Fraction(k, 3) for k in range(1, 10)),
                                       betas=(Fraction(1, 2), Fraction(1, 4)), shadow_cost=Fraction(1, 5),
                                       instruments=("purchase", "subsidy", "mandate"))
GAPS_CAPTION = ("Which institution wins where over the cost gaps g1 = c_M - c_L and g2 = c_G - c_M (a = {a}, "
                "b = {b}, c_L = {c_L}, gaps {gaps} on both axes, absorptive capacity beta = {betas} in the two "
                "panels). Licensing: fixed-fee market, worst pairwise-stable set; coordinator: the policy "
                "engine with instruments {instruments} at lambda = {shadow_cost} (mandate enforcement taken as "
                "free); planner: first best without "
                "transfers. Hatched cells: the licensing market signs a licence that lowers welfare "
                "(Lahiri-Ono).")
#: Region names of the institution map, in legend order.
GAP_REGIONS = ("both reach the planner", "coordinator reaches it, licensing below",
               "licensing reaches it, coordinator below", "neither; coordinator ahead",
               "neither; licensing ahead", "neither; tie", "no pairwise-stable licensing set")


def _gap_region(wl, wc, wp) -> int:
    if wl is None:
        return 6
    if wl == wp and wc == wp:
        return 0
    if wc == wp:
        return 1
    if wl == wp:
        return 2
    return 3 if wc > wl else 4 if wl > wc else 5


@rejects_text(choices=('instruments',))
def institutions_gaps_data(a: Any = 10, b: Any = 1, c_L: Any = 1, gaps: Any = GAPS_PARAMETERS["gaps"],
                           betas: Any = GAPS_PARAMETERS["betas"], shadow_cost: Any = R(1, 5),
                           instruments: Any = GAPS_PARAMETERS["instruments"]) -> dict[str, Any]:
    """Winner of licensing market vs coordinator (vs planner) on the cost-gap plane, per beta panel."""
    return dict(_institutions_gaps(a, b, c_L, tuple(gaps), tuple(betas), shadow_cost, tuple(instruments)))


@functools.lru_cache(maxsize=2)
def _institutions_gaps(a, b, c_L, gaps, betas, shadow_cost, instruments) -> dict[str, Any]:
    from gametheory.models.diffusion.licensing import licensing_market

    out: dict[str, Any] = {"gaps": np.array([_f(g) for g in gaps]), "betas": np.array([_f(x) for x in betas]),
                           "names": np.array(GAP_REGIONS)}
    for k, beta in enumerate(betas):
        region = np.zeros((len(gaps), len(gaps)), dtype=np.int64)       # rows g1, columns g2
        harmful = np.zeros_like(region)
        gain = np.zeros((len(gaps), len(gaps)))
        for r, g1 in enumerate(gaps):
            for c, g2 in enumerate(gaps):
                m = _model(a, b, (c_L, c_L + g1, c_L + g1 + g2), beta=beta)
                mk = licensing_market(m)
                wl = min(mk.welfare) if mk.welfare else None
                wp = m.first_best().welfare
                wc = m.coordinate(shadow_cost=shadow_cost, instruments=instruments, inspection_cost=0, enforcement_cost=0).welfare
                region[r, c] = _gap_region(wl, wc, wp)
                harmful[r, c] = int(bool(mk.harmful_licences))
                gain[r, c] = _f(wl - wc) if wl is not None else np.nan
        out[f"region {k}"] = region
        out[f"harmful {k}"] = harmful
        out[f"licensing minus coordinator {k}"] = gain
    return out


def _draw_institutions_gaps(data: dict[str, Any]):
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Rectangle

    fills = ["#f7f7f7", "#6baed6", "#fdae6b", "#08519c", "#a63603", "#bdbdbd", "#ffffff"]
    hatch = ["", "..", "//", "", "", "xx", "oo"]
    names = list(data["names"])
    fig = Figure()
    axes = fig.subplots(1, len(data["betas"]), sharey=True)
    g = data["gaps"]
    step = g[1] - g[0] if len(g) > 1 else 1.0
    edges = np.concatenate([[g[0] - step / 2], (g[:-1] + g[1:]) / 2, [g[-1] + step / 2]])
    used = set()
    for k, ax in enumerate(np.atleast_1d(axes)):
        reg = data[f"region {k}"]
        for (r, c), v in np.ndenumerate(reg):
            used.add(int(v))
            ax.add_patch(Rectangle((edges[c], edges[r]), edges[c + 1] - edges[c], edges[r + 1] - edges[r],
                                   facecolor=fills[v], hatch=hatch[v], edgecolor="0.6", lw=0.3))
            if data[f"harmful {k}"][r, c]:
                ax.add_patch(Rectangle((edges[c], edges[r]), edges[c + 1] - edges[c], edges[r + 1] - edges[r],
                                       fill=False, hatch="\\\\\\", edgecolor="k", lw=0))
        ax.set_xlim(edges[0], edges[-1])
        ax.set_ylim(edges[0], edges[-1])
        ax.set_xlabel(r"laggard's gap $g_2 = c_G - c_M$")
        ax.set_title(rf"$\beta = {data['betas'][k]:g}$", fontsize=10)
        ax.grid(False)
    np.atleast_1d(axes)[0].set_ylabel(r"middle firm's gap $g_1 = c_M - c_L$")
    handles = [Patch(facecolor=fills[v], hatch=hatch[v], edgecolor="0.4", label=names[v]) for v in sorted(used)]
    if any(data[f"harmful {k}"].any() for k in range(len(data["betas"]))):
        handles.append(Patch(facecolor="none", hatch="\\\\\\", edgecolor="k", label="a licence lowers welfare"))
    fig.legend(handles=handles, loc="lower center", ncol=2, fontsize=8, frameon=False)
    fig.subplots_adjust(bottom=0.26, wspace=0.08)
    return fig


def _build() -> str:
    from gametheory.models.diffusion.licensing import compare_institutions, license_flow, licensing_market

    doc = Document("A market for knowledge: licensing between cluster firms",
                   subtitle="技术许可 (technology licensing) beside laissez-faire, the planner and the "
                            "coordinator. Generated by `gametheory derive licensing` from "
                            "gametheory.models.diffusion.licensing.")
    doc.heading("Notation")
    doc.table(["symbol", "meaning"], [
        ("$a, b$", "inverse demand $P = a - bQ$"),
        ("$c_i$", "unit cost of firm $i$ before the licence; $c_j'$ after it"),
        ("$\\beta_j$", "receiver's absorptive capacity: $c_j' = c_j - \\beta_j(c_j - c_i)$"),
        ("$\\varepsilon$", "the licence's cost reduction $c_j - c_j'$"),
        ("$\\Delta\\pi_i, \\Delta\\pi_j$", "change in the source's and the receiver's market profit"),
        ("$J$", "the pair's joint gain $\\Delta\\pi_i + \\Delta\\pi_j$ (minus the diffusion cost $d$)"),
        ("$F, r$", "fixed fee, per-unit royalty"),
        ("$\\omega$", "the source's bargaining power (1: take-it-or-leave-it offer)"),
        ("$\\lambda$", "shadow cost of public funds (the coordinator's)"),
        ("$q_i, Q$", "output of firm $i$ (tiers L, M, G; licensee L, non-licensee N in §8) and total output"),
        ("$g_1, g_2$", "cost gaps $c_M - c_L$ and $c_G - c_M$"),
        ("$T$", "the coordinator's transfer buying a flow (the source's profit loss)"),
        ("$n, k$", "number of firms; number of licences sold (§8)"),
        ("$\\alpha$", "$a - c$, the firms' margin before the innovation (§8)"),
        ("$R(k), R_r$", "an outside innovator's revenue from $k$ fixed-fee licences, from the royalty (§8)"),
        ("$W$", "welfare: $W^{lic}$ licensing market, $W^{lf}$ laissez-faire, $W^{mc}$ market created (§6)"),
        ("$\\kappa, \\bar\\kappa$", "enforcement cost per licence when the government creates the market; "
         "the largest one at which that pays (§6)"),
        ("$L$", "number of licences the market signs (§6)"),
    ])

    doc.heading("1. Why laissez-faire has no diffusion")
    doc.para("In the attitude game (derivation `diffusion`) knowledge has no price: a source loses when a "
             "rival's cost falls ($\\partial\\pi_i/\\partial c_j > 0$), so it refuses to share, and Kuang & "
             "Zhang's aversion pattern follows. An IO economist's first question is why there is no market "
             "for the knowledge. With a price, the pair realises a flow exactly when its *joint* profit "
             "rises (Coase).")

    doc.heading("2. Contracts")
    doc.bullets([
        "**Fixed fee**, Nash bargaining with the no-flow threat point: $F = \\omega J - \\Delta\\pi_i$; the "
        "licence is signed iff $J > 0$; the source nets $\\omega J$, the receiver $(1 - \\omega)J$.",
        "**Per-unit royalty** $r \\in [0, \\varepsilon]$ offered by the source: the receiver produces at "
        "$c_j' + r$ and accepts iff $r \\le \\varepsilon$; the source maximises $\\pi_i + r q_j$ (exactly: "
        "the objective is piecewise quadratic in $r$).",
        "**Two-part tariff** $(F, r)$ offered by the source: $F$ extracts the receiver's gain.",
        "Welfare counts real costs: fees and royalties are transfers, but a royalty keeps the receiver's "
        "*marginal* cost high.",
    ])

    doc.heading("3. Wang's duopoly: fee versus royalty")
    a, b, c, e = sp.symbols("a b c varepsilon", positive=True)
    duo = _model(a, b, (c - e, c), beta=1)
    fee = license_flow(duo, 0, 1)
    doc.para("Insider source with cost $c - \\varepsilon$, rival with $c$, $\\beta = 1$ (Wang 1998). The "
             "package's fixed-fee licence gives, symbolically,")
    doc.aligned([("J", sp.factor(fee.joint_gain)),
                 ("F\\ (\\omega = 1)", sp.factor(fee.fee))])
    doc.para("so a fee licence is signed iff $\\varepsilon < 2(a - c)/3$. The royalty $r = \\varepsilon$ "
             "(the cap binds for every non-drastic $\\varepsilon < a - c$: the unconstrained optimum is "
             "$(a - c + \\varepsilon)/2$) keeps the rival's marginal cost at $c$ and earns "
             "$\\varepsilon(a - c - \\varepsilon)/(3b)$ — always positive, and more than the fee: "
             "**the source prefers a royalty, welfare prefers a fee.**")
    rows: list[Sequence[Any]] = []           # table rows of several shapes, reused below
    for (aa, cc, ee) in ((10, 4, 1), (20, 10, 3), (20, 10, 8)):
        m = _model(aa, 1, (cc - ee, cc), beta=1)
        f, r = license_flow(m, 0, 1), license_flow(m, 0, 1, contract="royalty")
        rows.append((f"$a={aa}, c={cc}, \\varepsilon={ee}$", f"${tex(f.source_gain)}$" if f.signed else "refused",
                     f"${tex(r.royalty)}$", f"${tex(r.source_gain)}$",
                     f"${tex(f.welfare_after)}$" if f.signed else "—", f"${tex(r.welfare_after)}$"))
    doc.table(["example ($b = 1$)", "fee: source gain", "royalty $r$", "royalty: source gain",
               "W (fee)", "W (royalty)"], rows)

    doc.heading("4. Three tiers: which pairs would trade")
    g1, g2, beta = sp.symbols("g_1 g_2 beta", positive=True)
    tiers = _model(a, b, (c, c + g1, c + g1 + g2), beta=beta)
    lm = license_flow(tiers, 0, 1)
    doc.para("Costs $c_L = c$, $c_M = c + g_1$, $c_G = c + g_1 + g_2$, interior Cournot. The leader–middle "
             "pair's joint gain is")
    doc.equation("J_{L\\to M}", sp.factor(lm.joint_gain))
    doc.para("positive iff $8b\\,q_M + (5\\beta - 4)g_1 > 0$ with $q_M = (a - c - 2g_1 + g_2)/(4b)$: with full "
             "absorption ($\\beta = 1$) always; with weak absorption only when the middle firm is large "
             "enough relative to the gap.")
    ex = _model(10, 1, (1, 2, 3), beta=1)
    doc.table(["flow ($a=10, b=1, c=(1,2,3), \\beta=1$)", "$J$ (no other flow)", "fee ($\\omega=1$)"],
              [(f"{ex.labels[i]} → {ex.labels[j]}", f"${tex(license_flow(ex, i, j).joint_gain)}$",
                f"${tex(license_flow(ex, i, j).fee)}$") for i, j in ex.eligible_flows])
    mk = licensing_market(ex)
    doc.para("Every pair gains, so the market licenses L→M and L→G (M→G adds nothing once the laggard "
             f"learns from the leader); pairwise-stable sets: {mk.stable_sets}, welfare "
             f"${tex(mk.welfare[0])}$ — the planner's first best, against $32$ under laissez-faire.")

    doc.heading("5. When a licence lowers welfare (Lahiri–Ono)")
    lo = _model(10, 1, (1, 1, 1, R(5, 2)), beta=(1, 1, 1, R(1, 10)))
    out = license_flow(lo, 0, 3)
    doc.para("Four firms, costs $(1, 1, 1, 5/2)$, $a = 10$, $b = 1$, laggard absorptive capacity $1/10$: the "
             "laggard's share $0.087$ is below $1/(2(n+1)) = 0.1$. The licence from a leader is signed "
             f"($J = {tex(out.joint_gain)} > 0$) and lowers welfare by ${tex(out.welfare_before - out.welfare_after)}$: "
             "the other leaders lose more than consumers gain. A licensing market can realise flows the "
             "planner would not want.")

    doc.heading("6. Institutions compared")
    doc.para("Laissez-faire (no price for knowledge), the fixed-fee licensing market (the worst pairwise-"
             "stable set), the planner (the welfare-maximising diffusion matrix, no transfers) and the "
             "coordinator (every instrument of the policy engine, at $\\lambda$). A licensing market raises "
             "no public funds, so the like-for-like comparison is with the coordinator *without* fine "
             "revenue (`fiscal_rule=\"no_fine_revenue\"`); under the default fiscal rule the coordinator's "
             "fines are revenue valued at $1 + \\lambda$, and its first best may raise the same revenue "
             "(derivation `diffusion`). Here the coordinator's fine inspection, mandate enforcement and "
             "verification of paid flows are taken as free (`inspection_cost=0, enforcement_cost=0`; "
             "`coordinate()` offers neither a fine nor a mandate unless their costs are given), so its "
             "columns are an upper bound on what priced enforcement reaches. "
             "Example: $a = 10$, $b = 1$, costs $(1, 2, 4)$:")
    P = FIGURE_PARAMETERS
    rows = []
    for bv in (R(1, 2), R(1)):
        for lam in (0, R(1, 5), 1):
            r = compare_institutions(_model(P["a"], P["b"], P["costs"], beta=bv), shadow_cost=lam, inspection_cost=0, enforcement_cost=0)
            rows.append((f"${tex(bv)}$", f"${tex(lam)}$", f"${tex(r.laissez_faire)}$", f"${tex(r.licensing)}$",
                         f"${tex(r.coordinator_without_fine_revenue)}$", f"${tex(r.planner)}$",
                         f"${tex(r.coordinator)}$", f"${tex(r.first_best)}$"))
    doc.table(["$\\beta$", "$\\lambda$", "laissez-faire", "licensing", "coordinator (no fine revenue)",
               "planner", "coordinator (default rule)", "first best (default rule)"], rows)
    doc.para("Figure `diffusion_institutions` (figures/diffusion_institutions.png) draws the same comparison "
             f"against $\\beta$ (coordinator at $\\lambda = {P['shadow_cost']}$) and against $\\lambda$ at "
             "$\\beta = 1$. In this example the licensing market reaches the planner at $\\beta = 1$ and "
             "falls short of it for intermediate $\\beta$, where the laggard's pair gains too little to "
             "license although the flow raises welfare (consumers gain too), or licenses a flow the planner "
             "would not want (§5). The coordinator without fine revenue attains the planner's welfare at "
             "$\\beta = 1$ (a fine on aversion that is never paid costs nothing) and falls slightly short "
             "of it where it needs costly instruments. The default rule's coordinator rises "
             "with $\\lambda$ only through fine revenue — a fiscal gain, not a diffusion gain — and stays "
             "below its own first best. The figure also draws the coordinator that creates the market "
             f"(below) at $\\kappa = {P['ip_enforcement_cost']}$ per licence, where a licence is signed: "
             "the licensing market's welfare less $(1 + \\lambda)\\kappa L$, falling with $\\lambda$ and "
             "above laissez-faire throughout this example.")

    doc.para("**A coordinator that creates the market.** The licensing market presumes that licence "
             "contracts are enforced (intellectual-property protection, courts). A government that has to "
             "create that market pays for the enforcement: $\\kappa$ per licence, public spending valued at "
             "$1 + \\lambda$, so $W^{mc} = W^{lic} - (1 + \\lambda)\\kappa L$ with $L$ licences, and creating it "
             "beats laissez-faire iff $\\kappa < \\bar\\kappa = (W^{lic} - W^{lf})/((1 + \\lambda)L)$ "
             "(`compare_institutions(..., ip_enforcement_cost=kappa)`). Costs $(1, 2, 4)$, $\\beta = 1/2$, where "
             "the market signs the one licence L→M and reaches the planner's welfare:")
    rows = []
    for lam in (R(1, 5), 1):
        for kappa in (R(1, 10), 1):
            r = compare_institutions(_model(P["a"], P["b"], P["costs"], beta=R(1, 2)), shadow_cost=lam,
                                     ip_enforcement_cost=kappa, inspection_cost=kappa, enforcement_cost=kappa)
            better = [k for k in r.ranking if k in ("market creation", "coordinator")][0]
            rows.append((f"${tex(lam)}$", f"${tex(kappa)}$", f"${tex(r.licensing)}$", len(r.licensing_flows),
                         f"${tex(r.market_creation)}$", f"${tex(r.laissez_faire)}$",
                         f"${tex(r.market_creation_threshold)}$",
                         f"${tex(r.coordinator_without_fine_revenue)}$", better))
    doc.table(["$\\lambda$", "$\\kappa$", "$W^{lic}$", "$L$", "$W^{mc}$", "$W^{lf}$", "$\\bar\\kappa$",
               "coordinator (no fine revenue)", "the better of the two"], rows)
    doc.para("The threshold falls with $\\lambda$ (enforcement is public spending). The coordinator's column "
             "is a like-for-like rival: every enforcement task costs the same $\\kappa$ — a licence, the "
             "verification of a purchased flow (`verification_cost`), a mandate per receiver "
             "(`enforcement_cost`) and a fine's inspection per source (`inspection_cost`) — each at "
             "$1 + \\lambda$. In this example creating the market beats the coordinator wherever it beats "
             "laissez-faire ($\\kappa < \\bar\\kappa$): both pay $\\kappa$ for the one flow, but the licence fee "
             "is a private transfer between the two firms, while the coordinator buys the flow with public "
             "money that costs $1 + \\lambda$. Where $\\kappa \\ge \\bar\\kappa$ the coordinator stays out and "
             "laissez-faire is better than both (`compare_institutions` ranks them in `ranking`).")

    doc.heading("7. Which institution wins where: the cost-gap plane")
    G = GAPS_PARAMETERS
    gd = institutions_gaps_data()
    doc.para(f"Costs $c_L = {G['c_L']}$, $c_M = c_L + g_1$, $c_G = c_M + g_2$, $a = {G['a']}$, $b = {G['b']}$, "
             f"the gaps $g_1, g_2$ on the grid $\\{{1/3, 2/3, \\dots, 3\\}}$, absorptive capacity "
             f"$\\beta \\in \\{{{', '.join(tex(x) for x in G['betas'])}\\}}$ and $\\lambda = {tex(G['shadow_cost'])}$. "
             "The coordinator uses the policy engine's purchase, subsidy and mandate (fines are left out: "
             "under the default fiscal rule their gain is fiscal, and a licensing market raises no public "
             "funds). Figure `diffusion_institutions_gaps` (figures/diffusion_institutions_gaps.png) shows "
             "which institution attains the higher welfare in each cell; the counts of cells:")
    rows = []
    for k, bv in enumerate(G["betas"]):
        reg = gd[f"region {k}"]
        rows.append([f"${tex(bv)}$"] + [int((reg == v).sum()) for v in range(len(GAP_REGIONS))]
                    + [int(gd[f"harmful {k}"].sum())])
    doc.table(["$\\beta$"] + list(GAP_REGIONS) + ["a licence lowers welfare"], rows)
    doc.para("How to read it, with the conditions that drive it. (i) *Licensing fails where the pair's "
             "joint gain is negative.* With all three firms active, $J_{L\\to M} > 0$ iff "
             "$8b\\,q_M + (5\\beta - 4)g_1 > 0$ (§4). In the upper rows the laggard is out of the market "
             "($q_G = (9 - 2g_1 - 3g_2)/4 \\le 0$ here) and the leader–middle duopoly's joint gain is, by "
             "hand, $J_{L\\to M} = \\beta g_1\\,(2(a - c_L) - 5(2 - \\beta)g_1)/(9b)$: negative iff "
             "$g_1 > 2(a - c_L)/(5(2 - \\beta))$, i.e. $g_1 > 12/5$ at $\\beta = 1/2$ and $g_1 > 72/35$ at "
             "$\\beta = 1/4$. There the coordinator, which pays the source's loss, is ahead. "
             "(ii) *The coordinator fails where the planner is selective*: with a large laggard gap the "
             "planner teaches M but not G (Lahiri–Ono: G's share is small), the zero-outlay mandate is "
             "uniform and forces the harmful flow, and buying L→M alone costs $\\lambda T$; a fee-based "
             "market is selective at no public cost, so licensing reaches the planner there (the lower "
             "right). (iii) Along the diagonal band both fall short or the market has no pairwise-stable "
             "set, and with weak absorption ($\\beta = 1/4$) the market may license a flow that lowers "
             "welfare (hatched). Raising $\\lambda$ moves cells from the coordinator to licensing only "
             "where the coordinator pays (purchase, subsidy); a rise of $\\beta$ toward 1 makes both reach "
             "the planner almost everywhere (at $\\beta = 1$ every cell of this grid ties at the planner's "
             "welfare).")

    doc.heading("8. An outside innovator: fixed fee or royalty (Kamien–Tauman)")
    doc.para("An innovator outside the industry owns a process that cuts the unit cost $c$ of $n$ identical "
             "Cournot firms by $\\varepsilon$ (`outsider_licensing`); write $\\alpha = a - c$. With $k$ licensees "
             "and every firm active ($k\\varepsilon < \\alpha$) a licensee out-produces a non-licensee by "
             "$q_L - q_N = \\varepsilon/b$, so an auction of $k < n$ licences (a loser keeps $\\pi_N(k)$) "
             "and a fee offered to all $n$ (a refuser is the only non-licensee) earn")
    doc.equation("R(k)", r"\frac{k\varepsilon\,(2\alpha + (n + 1 - 2k)\varepsilon)}{b(n+1)}\ (k < n), \qquad "
                         r"R(n) = \frac{n^2\varepsilon\,(2\alpha - (n - 2)\varepsilon)}{b(n+1)^2}")
    doc.para("while a uniform royalty $r \\le \\varepsilon$ earns $rQ$ with $Q = n(\\alpha + \\varepsilon - r)/(b(n+1))$, "
             "maximal at $r^* = \\min(\\varepsilon, (\\alpha + \\varepsilon)/2)$: for a non-drastic cut "
             "($\\varepsilon < \\alpha$) $r^* = \\varepsilon$, $R_r = n\\varepsilon \\alpha/(b(n+1))$, and the price does not "
             "fall. $R(n) - R_r = n\\varepsilon((n-1)\\alpha - n(n-2)\\varepsilon)/(b(n+1)^2)$: for small cuts the fee "
             "wins as soon as $n \\ge 2$, and consumers gain only under the fee (Kamien & Tauman 1986). "
             "The package's numbers ($b = 1$):")
    from gametheory.models.diffusion.licensing import outsider_licensing

    rows = []
    for (aa, cc, nn, ee) in ((10, 4, 2, 1), (10, 4, 4, R(1, 2)), (12, 6, 5, R(1, 2)), (5, 4, 2, 3)):
        o = outsider_licensing(aa, 1, cc, nn, ee)
        rows.append((f"$a={aa}, c={cc}, n={nn}, \\varepsilon={tex(ee)}$", o.licences, f"${tex(o.fee_revenue)}$",
                     f"${tex(o.royalty)}$", f"${tex(o.royalty_revenue)}$", f"${tex(o.price_no_licence)}$",
                     f"${tex(o.price_fee)}$", f"${tex(o.price_royalty)}$", "yes" if o.drastic else "no"))
    doc.table(["example", "licences $k^*$", "fee revenue", "royalty $r^*$", "royalty revenue",
               "price before", "price (fee)", "price (royalty)", "drastic"], rows)
    doc.para("The contrast with §3 is the point: an *insider* source prefers the royalty (it keeps its rival's "
             "marginal cost high — Wang 1998), an *outsider* prefers the fee; in both cases welfare prefers "
             "the fee, because a royalty is a marginal cost.")

    doc.heading("References")
    doc.bullets([
        "Kamien, M. I. (1992). Patent licensing. In R. J. Aumann & S. Hart (eds.), *Handbook of Game Theory* "
        "1, ch. 11, 331–354.",
        "Kamien, M. I. & Tauman, Y. (1986). Fees versus royalties and the private value of a patent. "
        "*QJE* 101(3), 471–491.",
        "Katz, M. L. & Shapiro, C. (1985). On the licensing of innovations. *RAND J. Econ.* 16(4), 504–520.",
        "Wang, X. H. (1998). Fee versus royalty licensing in a Cournot duopoly model. *Economics Letters* "
        "60(1), 55–62.",
        "Sen, D. & Tauman, Y. (2007). General licensing schemes for a cost-reducing innovation. *Games and "
        "Economic Behavior* 59(1), 163–186.",
        "Lahiri, S. & Ono, Y. (1988). Helping minor firms reduces welfare. *Economic Journal* 98, 1199–1202.",
        "Kuang Guoliang & Zhang Yongchang, seed 001 §2.3 (the attitude pattern without a price).",
    ])
    return doc.render()


def _demo(nar) -> None:
    from gametheory.models.diffusion.licensing import compare_institutions, license_flow

    nar.title("A market for knowledge: licensing between cluster firms")
    m = _model(10, 1, (1, 2, 3), beta=1)
    nar.step("Knowledge without a price")
    nar.say("In the attitude game the leader refuses to share: a rival's lower cost lowers its profit. "
            "But the pair's joint profit rises — so a fee can buy the flow.")
    nar.table(["flow", "joint gain J", "fee (source's offer)"],
              [(f"{m.labels[i]} -> {m.labels[j]}", o.joint_gain, o.fee)
               for (i, j), o in ((f, license_flow(m, *f)) for f in m.eligible_flows)])
    nar.step("Fee or royalty (Wang 1998)")
    duo = _model(10, 1, (3, 4), beta=1)
    f, r = license_flow(duo, 0, 1), license_flow(duo, 0, 1, contract="royalty")
    nar.say(f"Duopoly with costs (3, 4): a fee earns the source {f.source_gain}, a royalty r = {r.royalty} earns "
            f"{r.source_gain}; welfare {f.welfare_after} with the fee, {r.welfare_after} with the royalty.")
    nar.step("Institutions compared (costs (1, 2, 4), λ = 1/5)")
    rows = []
    for bv in (Fraction(1, 2), Fraction(1)):
        c = compare_institutions(_model(10, 1, (1, 2, 4), beta=bv), shadow_cost=Fraction(1, 5), inspection_cost=0, enforcement_cost=0)
        rows.append((bv, c.laissez_faire, c.licensing, c.coordinator_without_fine_revenue, c.planner))
    nar.table(["β", "laissez-faire", "licensing", "coordinator (no fine revenue)", "planner"], rows)
    nar.figure("diffusion_institutions")
    nar.step("Which institution wins where (cost gaps, beta = 1/2, lambda = 1/5)")
    nar.say("Licensing fails where the pair's joint profit falls (a middle firm far behind and weak absorption): "
            "there the coordinator, which pays the source's loss, is ahead. The coordinator fails where the "
            "planner is selective (a small laggard should not be taught, Lahiri-Ono): its free mandate is "
            "uniform and buying only the good flow costs lambda times the transfer, while a fee market licenses "
            "only the flows that raise the pair's profit.")
    nar.figure("diffusion_institutions_gaps")
    nar.step("An outside innovator (Kamien-Tauman): fee or royalty")
    from gametheory.models.diffusion.licensing import outsider_licensing

    o = outsider_licensing(10, 1, 4, 4, Fraction(1, 2))
    nar.say(f"Four firms with cost 4, a = 10, a cut of 1/2: {o.licences} fixed-fee licences earn {o.fee_revenue}, "
            f"the royalty r = {o.royalty} earns {o.royalty_revenue}; the price falls to {o.price_fee} under the fee "
            f"and stays at {o.price_royalty} under the royalty.")


DERIVATIONS = [Derivation("licensing", "A market for knowledge: licensing between cluster firms", _build)]
FIGURES = [FigureSpec("diffusion_institutions",
                      "Welfare of laissez-faire, licensing market, coordinator and planner",
                      institutions_data, _draw_institutions, size=(8.0, 4.8),
                      params={k: FIGURE_PARAMETERS[k] for k in ("a", "b", "costs", "shadow_cost", "betas", "lambdas", "ip_enforcement_cost")},
                      caption=INSTITUTIONS_CAPTION),
           FigureSpec("diffusion_institutions_gaps",
                      "Licensing market against the coordinator over the cost-gap plane",
                      institutions_gaps_data, _draw_institutions_gaps, size=(8.0, 5.0), params=GAPS_PARAMETERS,
                      caption=GAPS_CAPTION)]
DEMOS = [Demo("licensing", "A market for knowledge: licensing between cluster firms", _demo,
              figures=("diffusion_institutions", "diffusion_institutions_gaps"))]
