"""Outputs for technology diffusion (DESIGN "Model 1"): derivation ``diffusion``, four figures, demo ``diffusion``.

Everything is computed by :mod:`gametheory.models.diffusion` (attitude game on the core
``NormalFormGame``, planner by vertex enumeration, coordinator by enumeration of instrument
corners and response kinks, preference levels by the core KKT solver).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from gametheory.outputs.document import Document, tex
from gametheory.outputs.registry import Demo, Derivation, FigureSpec
from gametheory.core.params import rejects_text

if TYPE_CHECKING:
    from matplotlib.artist import Artist

    from gametheory.models.diffusion.coordinator import PolicyLine

__all__ = ["DERIVATIONS", "FIGURES", "DEMOS", "FIGURE_PARAMETERS", "regime_map_data", "welfare_vs_lambda_data",
           "welfare_vs_absorptive_data", "laggard_gap_data"]

R = sp.Rational

#: Parameters of the figures. Base market a = 10, b = 1, costs (1, 2, 3) for the regime map (axes:
#: per-flow subsidy s and common absorptive capacity beta); the welfare figures use costs (1, 2, 4)
#: where the laggard is a minor firm (Lahiri-Ono bites once the middle firm has learnt), laggard
#: absorptive capacity 1/2 (vs lambda) or on [0, 1] (vs absorptive capacity, lambda = 1/5); the
#: gap figure varies the laggard's cost c_G = 2 + gap with costs (1, 2, c_G).
FIGURE_PARAMETERS = dict(a=10, b=1, base_costs=(1, 2, 3), policy_costs=(1, 2, 4), beta_laggard=Fraction(1, 2),
                         shadow_cost=Fraction(1, 5), gap_betas=(1, Fraction(1, 2), Fraction(1, 4)))


def _model(*args: Any, **kw: Any):
    from gametheory.models.diffusion import TechnologyDiffusion

    return TechnologyDiffusion(*args, **kw)


def _f(x: Any) -> float:
    return float(sp.N(x))


# ================================================================================================
# figures
# ================================================================================================
#: Regime map (issue 15): the base market, subsidy s on [0, s_max], common absorptive capacity on
#: [beta_min, 1], an nx-by-ny grid (the outcome is exact on every cell: iterated elimination is
#: solved once per sign pattern of the firms' payoff comparisons).
REGIME_PARAMETERS = dict(a=10, b=1, costs=(1, 2, 3), s_max=3, beta_min=Fraction(1, 20), nx=361, ny=241)
REGIME_CAPTION = ("Outcome of iterated elimination of weakly dominated strategies in the attitude game over the "
                  "per-flow subsidy s in [0, {s_max}] and the common absorptive capacity beta in [{beta_min}, 1] "
                  "(a = {a}, b = {b}, costs {costs}, one firm per tier, {nx} x {ny} grid). Fills: the realised "
                  "flows; between the dashed lines one round of dominance leaves some attitude undecided (the "
                  "region an earlier version drew as 'coordination') and the outcome needs further rounds (e.g. beta = 0.9, s = 1: M->G; beta = 0.6, s = 1.2: all "
                  "three flows). Single grid cells on a boundary where several outcomes survive (ties) are "
                  "too small to show.")


@rejects_text
def regime_map_data(a: Any = 10, b: Any = 1, costs: Any = (1, 2, 3), s_max: Any = 3, beta_min: Any = R(1, 20),
                    nx: int = 361, ny: int = 241) -> dict[str, Any]:
    """IEWDS outcome of the attitude game over (subsidy s, absorptive capacity beta), and where one
    round of dominance already decides (:func:`~gametheory.models.diffusion.attitude.iewds_map`)."""
    from gametheory.models.diffusion.attitude import dominance_map, iewds_map

    s, beta = sp.symbols("s beta", nonnegative=True)
    m = _model(a, b, tuple(costs), beta=beta)
    game = m.attitude_game(subsidy=s)
    box = ((s, 0, s_max, nx), (beta, beta_min, 1, ny))
    d = iewds_map(game, *box)
    one = dominance_map(game, *box)
    undecided = np.array([nm.startswith("coordination") for nm in one["names"]])[one["labels"]]
    return {"s": d["x"], "beta": d["y"], "labels": d["labels"], "names": np.array(d["names"]),
            "one_round_undecided": undecided.astype(np.int64)}


def _draw_regime_map(data: dict[str, Any]):
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig = Figure()
    ax = fig.subplots()
    names = list(data["names"])
    # lightness steps and hatches: distinguishable in greyscale
    fills = ["#f7f7f7", "#bdbdbd", "#6baed6", "#fdae6b", "#636363", "#c7e9c0"]
    hatches = ["", "//", "..", "xx", "\\\\", "++"]
    S, B = np.meshgrid(data["s"], data["beta"])
    handles: list[Artist] = []
    for k, nm in enumerate(names):
        mask = (data["labels"] == k).astype(float)
        if mask.mean() < 2e-3:      # tie cells on a boundary: stated in the caption
            continue
        ax.contourf(S, B, mask, levels=[0.5, 1.5], colors=[fills[k % len(fills)]], hatches=[hatches[k % len(hatches)]])
        handles.append(Patch(facecolor=fills[k % len(fills)], edgecolor="0.3", hatch=hatches[k % len(hatches)],
                             label=nm if not nm.startswith("several") else "ties: " + nm.split(": ", 1)[1]))
    ax.contour(S, B, data["one_round_undecided"].astype(float), levels=[0.5], colors="k", linestyles="--",
               linewidths=1.0)
    handles.append(Line2D([], [], color="k", lw=1.0, linestyle="--",
                          label="between dashed lines: one round of dominance undecided"))
    ax.set_xlabel("per-flow subsidy to the source $s$")
    ax.set_ylabel(r"absorptive capacity $\beta$")
    ax.set_title("Attitude game: flows realised after iterated elimination", fontsize=10)
    # legend outside the data, below the axes
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8, frameon=False)
    fig.subplots_adjust(bottom=0.33)
    return fig


def _envelope(cands: Sequence[PolicyLine], lams: np.ndarray, instruments: tuple[str, ...]) -> np.ndarray:
    """Coordinated welfare against lambda: best policy level, worst equilibrium at a tie (groups)."""
    rows = [c for c in cands if c.instrument in instruments or c.instrument == "none"]
    A = np.array([_f(c.intercept) for c in rows])
    G = np.array([_f(c.outlay) for c in rows])
    vals = A[None, :] - lams[:, None] * G[None, :]
    groups: dict = {}
    for k, c in enumerate(rows):
        groups.setdefault(c.group, []).append(k)
    return np.stack([vals[:, ks].min(axis=1) for ks in groups.values()], axis=1).max(axis=1)


#: Welfare against lambda: the policy case (a minor laggard that should not be taught once M has
#: learnt), lambda on [0, lambda_max] at n points, every instrument of the policy engine.
LAMBDA_PARAMETERS = dict(a=10, b=1, costs=(1, 2, 4), beta=(1, 1, Fraction(1, 2)), lambda_max=1, n=101)
LAMBDA_CAPTION = ("Coordinated welfare against the shadow cost of public funds lambda in [0, {lambda_max}] "
                  "({n} points; a = {a}, b = {b}, costs {costs}, absorptive capacities {beta}), for each instrument of the "
                  "policy engine alone (purchase, per-flow subsidy, mandate with free enforcement, fine with "
                  "limited liability and free inspection) and for the best of them, against laissez-faire, the "
                  "planner's allocation and the first best under the default fiscal rule (the same revenue the "
                  "fines could raise, valued at lambda).")


@rejects_text
def welfare_vs_lambda_data(a: Any = 10, b: Any = 1, costs: Any = (1, 2, 4), beta: Any = (1, 1, R(1, 2)),
                           lambda_max: Any = 1, n: int = 101) -> dict[str, Any]:
    """Laissez-faire, first best and coordinated welfare (by instrument) against lambda.

    Default fiscal rule (``"limited_liability"``): fines are capped at the fined firm's payoff and
    the first best may raise the same revenue (every firm up to its profit), valued at lambda;
    ``planner`` is the first best without transfers."""
    from gametheory.models.diffusion.coordinator import candidates, first_best_value

    m = _model(a, b, tuple(costs), beta=tuple(beta))
    cands = candidates(m)
    lam_exact = [R(lambda_max) * R(k, n - 1) for k in range(n)]
    lams = np.array([_f(x) for x in lam_exact])
    fb = m.first_best()
    out = {"lambda": lams, "laissez_faire": np.full_like(lams, _f(m.equilibrium().welfare)),
           "first_best": np.array([_f(first_best_value(m, fb, cands, x, True, "profit")[0]) for x in lam_exact]),
           "planner": np.full_like(lams, _f(fb.welfare)),
           "coordinated": _envelope(cands, lams, ("purchase", "subsidy", "mandate", "fine"))}
    for inst in ("purchase", "subsidy", "mandate", "fine"):
        out[inst] = _envelope(cands, lams, (inst,))
    return out


def _legend_below(fig, ax, ncol=2, bottom=0.34):
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=ncol, fontsize=8, frameon=False)
    fig.subplots_adjust(bottom=bottom)


def _draw_welfare_vs_lambda(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    lam = data["lambda"]
    ax.plot(lam, data["first_best"], "k-", lw=1.2, label="first best (allocation + same revenue)")
    ax.plot(lam, data["planner"], "k--", lw=1, label="planner's allocation, no transfers")
    ax.plot(lam, data["coordinated"], "-", lw=3.2, color="#9ecae1", label="coordinated (best instrument)")
    ax.plot(lam, data["purchase"], "--", color="#08519c", label="buy diffusion (targeted)")
    ax.plot(lam, data["subsidy"], "-.", color="#a63603", label="uniform per-flow subsidy")
    ax.plot(lam, data["mandate"], ":", lw=2, color="#31a354", label="uniform mandate (no outlay)")
    ax.plot(lam, data["fine"], linestyle=(0, (1, 3)), lw=1.5, color="#756bb1",
            label="fine on aversion (≤ profit; revenue)")
    ax.plot(lam, data["laissez_faire"], "k:", lw=1, label="laissez-faire")
    ax.set_xlabel(r"shadow cost of public funds $\lambda$")
    ax.set_ylabel("welfare $W$")
    ax.set_title(r"Coordinator vs $\lambda$ (a=10, c=(1,2,4), $\beta$=(1,1,1/2))", fontsize=10)
    _legend_below(fig, ax, bottom=0.38)
    return fig


#: Welfare against the laggard's absorptive capacity beta_G on [0, 1] (n points), lambda fixed.
ABSORPTIVE_PARAMETERS = dict(a=10, b=1, costs=(1, 2, 4), beta_LM=1, shadow_cost=Fraction(1, 5), n=21)
ABSORPTIVE_CAPTION = ("Left: welfare against the laggard's absorptive capacity beta_G in [0, 1] ({n} points; "
                      "a = {a}, b = {b}, costs {costs}, beta_L = beta_M = {beta_LM}, lambda = {shadow_cost}); "
                      "coordinator with purchase, subsidy and mandate (free enforcement). Right: the welfare "
                      "change from also teaching the laggard once the middle firm has learnt, negative where "
                      "diffusion to the laggard lowers welfare (Lahiri-Ono).")


@rejects_text
def welfare_vs_absorptive_data(a: Any = 10, b: Any = 1, costs: Any = (1, 2, 4), beta_LM: Any = 1,
                               shadow_cost: Any = R(1, 5), n: int = 21) -> dict[str, Any]:
    """Welfare against the laggard's absorptive capacity, lambda = shadow_cost."""
    from gametheory.models.diffusion.coordinator import candidates

    lam = np.array([_f(shadow_cost)])
    betas = [R(k, n - 1) for k in range(n)]
    lf, fb, co, pu, ma, lo_harm = [], [], [], [], [], []
    for bg in betas:
        m = _model(a, b, tuple(costs), beta=(beta_LM, beta_LM, bg))
        cands = candidates(m, instruments=("purchase", "subsidy", "mandate"))
        lf.append(_f(m.equilibrium().welfare))
        fb.append(_f(m.first_best().welfare))
        co.append(_envelope(cands, lam, ("purchase", "subsidy", "mandate"))[0])
        pu.append(_envelope(cands, lam, ("purchase",))[0])
        ma.append(_envelope(cands, lam, ("mandate",))[0])
        # does teaching G (after M has learnt) lower welfare? (Lahiri-Ono, discrete)
        w_m = m.outcome(((0, 1),)).welfare
        w_mg = m.outcome(((0, 1), (0, 2))).welfare
        lo_harm.append(_f(w_mg - w_m))
    return {"beta_G": np.array([_f(x) for x in betas]), "laissez_faire": np.array(lf), "first_best": np.array(fb),
            "coordinated": np.array(co), "purchase": np.array(pu), "mandate": np.array(ma),
            "gain_teaching_G_after_M": np.array(lo_harm), "lambda": float(lam[0])}


def _draw_welfare_vs_absorptive(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    b = data["beta_G"]
    ax1.plot(b, data["first_best"], "k-", label="first best")
    ax1.plot(b, data["coordinated"], "-", lw=3.2, color="#9ecae1", label=f"coordinated (λ = {data['lambda']:g})")
    ax1.plot(b, data["purchase"], "--", color="#08519c", label="buy diffusion only")
    ax1.plot(b, data["mandate"], ":", lw=2, color="#31a354", label="uniform mandate only")
    ax1.plot(b, data["laissez_faire"], "k:", lw=1, label="laissez-faire")
    ax1.set_xlabel(r"laggard's absorptive capacity $\beta_G$")
    ax1.set_ylabel("welfare $W$")
    ax1.set_title("Welfare vs absorptive capacity", fontsize=10)
    ax1.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=8, frameon=False)
    ax2.axhline(0, color="0.5", lw=0.8)
    ax2.plot(b, data["gain_teaching_G_after_M"], "-", color="k")
    ax2.fill_between(b, data["gain_teaching_G_after_M"], 0, where=data["gain_teaching_G_after_M"] < 0,
                     color="#fc9272", alpha=0.5, hatch="//", label="diffusion to G lowers W")
    ax2.set_xlabel(r"$\beta_G$")
    ax2.set_ylabel(r"$W(L\to M, L\to G) - W(L\to M)$")
    ax2.set_title("Lahiri–Ono: teaching the laggard", fontsize=10)
    ax2.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=8, frameon=False)
    fig.subplots_adjust(bottom=0.36, wspace=0.35)
    return fig


#: Welfare effect of full diffusion L -> G against the laggard's cost gap c_G - c_M on
#: [gap_min, gap_max] (n points), costs (c_L, c_M, c_M + gap), three absorptive capacities.
GAP_PARAMETERS = dict(a=10, b=1, c_L=1, c_M=2, gap_min=Fraction(1, 50), gap_max=Fraction(7, 2), n=241,
                      betas=(1, Fraction(1, 2), Fraction(1, 4)))
GAP_CAPTION = ("Welfare change from full diffusion L -> G against the laggard's cost gap c_G - c_M in "
               "[{gap_min}, {gap_max}] (a = {a}, b = {b}, c_L = {c_L}, c_M = {c_M}, {n} points, exact Cournot "
               "active sets), for beta_G in {betas}; shaded: the laggard's share is below 1/(2(m+1)) = 1/8, "
               "where a marginal cost cut lowers welfare (Lahiri-Ono).")


@rejects_text
def laggard_gap_data(a: Any = 10, b: Any = 1, c_L: Any = 1, c_M: Any = 2, gap_min: Any = R(1, 50),
                     gap_max: Any = R(7, 2), n: int = 241, betas: Any = (1, R(1, 2), R(1, 4))) -> dict[str, Any]:
    """Welfare effect of full diffusion L -> G against the laggard's cost gap (exact active sets)."""
    from gametheory.models.diffusion import cournot_grid

    a, b, cl, cm = float(a), float(b), float(c_L), float(c_M)
    gaps = np.linspace(_f(gap_min), _f(gap_max), int(n))
    cG = cm + gaps
    base = np.stack([np.full_like(cG, cl), np.full_like(cG, cm), cG], axis=-1)

    def W(C):
        q, _ = cournot_grid(a, b, C)
        return b * q.sum(-1) ** 2 / 2 + b * (q ** 2).sum(-1), q

    w0, q0 = W(base)
    out = {"gap": gaps, "c_G": cG, "share_G": q0[:, 2] / q0.sum(-1), "threshold": 1 / 8}
    for beta in betas:
        after = base.copy()
        after[:, 2] = cG - float(beta) * (cG - cl)
        w1, _ = W(after)
        out[f"dW beta={_f(beta):g}"] = w1 - w0
    # local Lahiri-Ono derivative dW/dc_G = (Q - 2(m+1) q_G)/(m+1) on the active set
    m_act = (q0 > 0).sum(-1)
    out["dW/dc_G"] = np.where(q0[:, 2] > 0, (q0.sum(-1) - 2 * (m_act + 1) * q0[:, 2]) / (m_act + 1), 0.0)
    return out


def _draw_laggard_gap(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    ax.axhline(0, color="0.5", lw=0.8)
    styles = ["-", "--", ":"]
    for k, key in enumerate(k_ for k_ in data if k_.startswith("dW beta=")):
        ax.plot(data["gap"], data[key], styles[k % 3], color="k", lw=1.4,
                label=r"$\Delta W$, $\beta_G$ = " + key.split("=")[1])
    harmful = data["share_G"] < data["threshold"]
    lo, hi = ax.get_ylim()
    ax.fill_between(data["gap"], lo, hi, where=harmful & (data["share_G"] > 0), color="#fc9272", alpha=0.25,
                    label=r"share $q_G/Q < 1/8$: a marginal cut lowers $W$")
    ax.set_ylim(lo, hi)
    ax.set_xlabel(r"laggard's cost gap $c_G - c_M$ (costs $1, 2, 2 + $gap)")
    ax.set_ylabel(r"$W(\mathrm{after}\ L\to G) - W(\mathrm{before})$")
    ax.set_title("Welfare effect of diffusion to the laggard", fontsize=10)
    _legend_below(fig, ax, ncol=2, bottom=0.3)
    return fig


# ================================================================================================
# derivation
# ================================================================================================
def _build() -> str:  # noqa: C901 - a long but linear document
    from gametheory.models.diffusion import TechnologyDiffusion
    from gametheory.models.diffusion.coordinator import candidates
    from gametheory.models.diffusion.levels import optimal_subsidy
    from gametheory.models.market import Cournot

    doc = Document("Technology diffusion among leading, middle and lagging firms",
                   subtitle="技术扩散: 领先企业 / 中间企业 / 落后企业 and the government as coordinator (协调者). "
                            "Generated by `gametheory derive diffusion` from gametheory.models.diffusion.")
    a, b, c, g1, g2, beta = sp.symbols("a b c g_1 g_2 beta", positive=True)

    doc.heading("Notation")
    doc.table(["symbol", "meaning"], [
        ("$i, j$", "firms: a source $i$ and a receiver $j$ of knowledge ($k$ any firm)"),
        ("$a, b$", "inverse demand $P = a - bQ$"),
        ("$P, Q$", "price and total output"),
        ("$q_i$", "output of firm $i$ (firms L, M, G: leading, middle, lagging)"),
        ("$c_i, c_i'$", "unit cost of firm $i$ before and after diffusion ($c = c_L$)"),
        ("$g_1, g_2$", "cost gaps $c_M - c_L$ and $c_G - c_M$"),
        ("$\\beta_j$", "absorptive capacity of receiver $j$ ($\\beta$ when common)"),
        ("$\\theta_{ij}, \\Theta$", "diffusion from $i$ to $j$ and the diffusion matrix; $\\theta_{\\min}$ a mandated minimum"),
        ("$\\bar\\theta$", "intensity: the diffusion share of a realised flow (§11)"),
        ("$m$", "number of active firms in the Cournot market"),
        ("$\\pi_i, \\Pi$", "profit of firm $i$ and total profits"),
        ("$\\Delta$", "an attitude's margin: payoff with P minus payoff with A"),
        ("$\\mathcal{C}$", "context of an attitude: the other realised flows"),
        ("$W, CS$", "welfare and consumer surplus; $W^{LF}, W^{FB}, W^{co}$ laissez-faire, first best, coordinated"),
        ("$R$", "real resource costs (diffusion, enforcement)"),
        ("$G$", "net public outlay (spending positive, fines negative)"),
        ("$\\lambda$", "shadow cost of public funds"),
        ("$T$", "transfer paid to buy flows (a deviation payment)"),
        ("$s, f, p$", "per-flow subsidy to a source, fine per refusal, probability a refusal is detected"),
        ("$L_k, r_k$", "firm $k$'s limited-liability cap and its number of refusals"),
        ("$A_k$", "a candidate policy's welfare before outlays: $W_k = A_k - \\lambda G_k$"),
        ("$d, F$", "diffusion cost of a realised flow (borne by the source), licence fee per flow (§11)"),
        ("$x_{ij}, x$", "continuous diffusion-preference level of a source (§9)"),
        ("$\\kappa, n_j$", "curvature of the preference-level cost $\\kappa x^2/2$; number of sources of receiver $j$ (§9)"),
    ])

    doc.heading("1. Assumptions")
    doc.bullets([
        "Homogeneous good, inverse demand $P = a - bQ$, Cournot competition (stage 2).",
        "Firms in tiers by unit cost: leading (领先企业) $c_L = c$, middle (中间企业) $c_M = c + g_1$, "
        "lagging (落后企业) $c_G = c + g_1 + g_2$ with gaps $g_1, g_2 > 0$ (any number of firms per tier "
        "works in the code).",
        "Diffusion matrix $\\Theta=[\\theta_{ij}]$, $\\theta_{ij}\\in[0,1]$, $\\theta_{ij}>0$ only if $c_i<c_j$, "
        "$\\sum_i\\theta_{ij}\\le 1$; absorptive capacity $\\beta_j\\in[0,1]$; "
        "$c_j' = c_j - \\beta_j\\sum_i\\theta_{ij}(c_j - c_i)$ (a convex combination, so $0\\le c_j'\\le c_j$).",
        "Attitude game (stage 1): every firm states preference P (偏好) or aversion A (厌恶) toward every firm "
        "of another tier; toward a more advanced firm P means *seek*, toward a less advanced one *share*. "
        "A flow $i\\to j$ is realised iff both are P; a receiver learns from its best realised source "
        "($\\theta_{ij}=1$ for it).",
        "Welfare $W = CS + \\Pi - R - \\lambda G$ (DESIGN conventions): $CS = bQ^2/2$, $\\Pi$ profits before "
        "transfers, $R$ diffusion resource costs, $G$ net public outlay, $\\lambda$ the shadow cost of "
        "public funds (applied once).",
    ])

    doc.heading("2. Payoffs: the market block")
    x = sp.symbols("c_1:4", positive=True)
    doc.para("On an active set of $m$ firms the Cournot equilibrium is")
    doc.equation("q_i", r"\frac{a - (m+1)c_i + \sum_{k} c_k}{b(m+1)}, \qquad P = \frac{a + \sum_k c_k}{m+1}")
    doc.para("so $\\pi_i = bq_i^2 = (P - c_i)^2/b$ and, with three firms,")
    me = Cournot(a, b, x).marginal_effects()
    doc.aligned([(r"\partial \pi_1/\partial c_1", sp.factor(me.dprofit[0][0])),
                 (r"\partial \pi_1/\partial c_2", sp.factor(me.dprofit[0][1])),
                 (r"\partial W/\partial c_j", r"\frac{Q - 2(m+1) q_j}{m+1}")])
    doc.para("The equilibrium price rises with every active firm's cost at the rate $1/(m+1) < 1$; hence "
             "$\\partial\\pi_i/\\partial c_j = 2q_i/(m+1) \\ge 0$ for $j \\ne i$ and "
             "$\\partial\\pi_i/\\partial c_i = -2mq_i/(m+1) \\le 0$, also across changes of the active set. "
             "**A firm gains when its own cost falls and loses when a rival's cost falls.** This sign "
             "pattern is the whole proof route of Kuang & Zhang's proposition.")

    doc.heading("3. The attitude game")
    sym = TechnologyDiffusion(a, b, (c, c + g1, c + g1 + g2), beta=beta)
    game = sym.attitude_game()
    doc.para(f"With one firm per tier each firm has two partners and four strategies, "
             f"{game.n_profiles} profiles in all; the game is a core `NormalFormGame` with symbolic payoffs. "
             "Strategies are written `M:A G:A` (L's attitude toward M and toward G).")
    lab = sym.labels
    rows: list[Sequence[Any]] = []           # table rows of several shapes, reused below
    for S in [(), ((0, 1),), ((0, 2),), ((1, 2),), ((0, 1), (0, 2))]:
        o = sym.outcome(S)
        rows.append([", ".join(f"{lab[i]}→{lab[j]}" for i, j in S) or "none",
                     o.costs[1], o.costs[2]])
    doc.para("Post-diffusion costs of the flow patterns (the leader's cost never changes):")
    doc.table(["realised flows", "$c_M'$", "$c_G'$"], rows)

    doc.heading("4. Dominance: Kuang & Zhang's pattern derived")
    eq = sym.equilibrium()
    doc.para("The flow of a pair depends only on that pair's two attitudes, so the *context* of firm "
             "$i$'s attitude toward $j$ is the set $\\mathcal{C}$ of other realised flows. The margin "
             "$\\Delta$ = payoff(P) − payoff(A) (partner willing) is, when this is the only flow "
             "(the context that makes dominance strict):")
    rows = []
    for st in eq.dominance:
        rows.append([f"{st.firm} toward {st.toward}", st.role, sp.factor(st.isolated_margin), st.dominant])
    doc.table(["attitude", "role", "$\\Delta$ (isolated flow)", "dominant"], rows)
    doc.para("In every context the sign is the same (section 2): sharing lowers the source's profit, "
             "receiving raises the receiver's. Each margin factors as $\\pm\\beta g$ times a sum of "
             "two positive quantities, e.g. the leader's loss from teaching M is "
             "$\\frac{\\beta g_1}{4}(q_L + q_L')$ with $q_L'$ its output after the flow. Under interior "
             "Cournot in every flow pattern (the conditions below) every sign is *proved* (Farkas "
             "certificates of the core's `Prover`), so A toward less advanced firms and P toward more "
             "advanced firms are weakly dominant strategies. Iterated elimination of weakly dominated "
             "strategies leaves exactly:")
    doc.table(["firm", "toward", "attitude"], [[f, t, "P (偏好)" if x_ == "P" else "A (厌恶)"] for f, t, x_ in eq.attitudes])
    doc.para("— **the leading firm is averse to all, the middle firm prefers diffusion from the leader and "
             "is averse toward the laggard, the laggard prefers diffusion from all** (Kuang & Zhang, seed 001 "
             "§2.3). No flow is realised.")
    game_nf = game.game
    res = game_nf.iterated_elimination(weak=True, assumptions=game.interior_conditions)
    doc.para(f"Cross-check with the core's symbolic IEWDS: survivors {', '.join(r[0] for r in res.remaining)} "
             f"after {res.rounds} round(s).")
    doc.para("With a per-flow subsidy $s$ to sources the margins of sources rise by $s$ and attitudes stop "
             "being dominant in a band of $(s, \\beta)$. Figure `diffusion_regime_map` "
             "(figures/diffusion_regime_map.png; $a = 10$, $b = 1$, $c = (1,2,3)$, $s \\in [0, 3]$, "
             "$\\beta \\in [1/20, 1]$) draws the outcome of iterated elimination: inside the dashed band one "
             "round of dominance leaves some attitude undecided, yet iterated elimination still gives a unique "
             "outcome (e.g. $\\beta = 0.9$, $s = 1$: M→G; $\\beta = 0.6$, $s = 1.2$: all three flows).")
    from gametheory.core.conditions import simplify as simplify_conditions

    cond = game.interior_conditions
    minimal = simplify_conditions(cond)
    parts = list(minimal.args) if isinstance(minimal, sp.And) else [minimal]
    doc.para(f"Validity conditions: every firm produces in every flow pattern — {len(cond.args)} inequalities, of "
             f"which the core's condition engine (`gametheory.core.conditions.simplify`) keeps the "
             f"{len(parts)} that the others do not imply:")
    doc.bullets([f"${tex(x)}$" for x in parts])

    doc.heading("5. Nash equilibria")
    num = TechnologyDiffusion(10, 1, (1, 2, 3))
    neq = num.equilibrium()
    doc.para("Sources must be averse in any equilibrium: a realised flow that is the receiver's best "
             "source strictly hurts the source, and a willing source facing an averse receiver invites "
             "the receiver to switch to P. Receivers' attitudes toward averse sources are free. With one "
             f"firm per tier: 1 × 2 × 4 = {len(neq.nash_equilibria)} pure equilibria "
             f"(numeric example $a=10, b=1, c=(1,2,3)$), all without diffusion:")
    doc.table(["L", "M", "G"], [list(p) for p in neq.nash_equilibria])
    nc = game.nash_conditions()
    doc.para(f"Symbolically (three tiers, gaps $g_1, g_2$, absorptive capacity $\\beta$), the core's "
             f"`pure_equilibrium_conditions` under the interior conditions keeps {len(nc)} profiles, "
             f"{sum(1 for v in nc.values() if v is sp.true)} of them proved unconditionally "
             "(every other profile is provably not an equilibrium): the same list.")
    doc.para(f"Every listed profile is verified: the largest unilateral deviation gain is "
             f"{neq.max_deviation_gain} at the IEWDS profile and $\\le 0$ at each equilibrium (tests).")

    doc.heading("6. Laissez-faire outcome and welfare")
    doc.equation("W^{LF}", sp.factor(eq.welfare))
    doc.para("Numeric example $a=10, b=1, c=(1,2,3)$: $q = (3, 2, 1)$, $Q = 6$, $W^{LF} = 18 + 14 = 32$.")

    doc.heading("7. The planner and the Lahiri–Ono condition")
    fb_sym = sym.first_best()
    doc.para("Within an active set the quantities are affine in the costs, so "
             "$W = bQ^2/2 + b\\sum_i q_i^2$ is a convex quadratic in $c'$: "
             "$\\partial^2 W/\\partial c_j^2 = (2m(m+1)-1)/(b(m+1)^2) > 0$. The reachable costs form the box "
             "$c_j' \\in [c_j - \\beta_j(c_j - c_L), c_j]$, so the optimum is at a **corner** (full diffusion "
             "or none per receiver) — or at a concave kink where a firm enters or exits (the solver "
             "enumerates all vertices of the arrangement; the tests contain an optimum that stops "
             "diffusion exactly where the laggard is driven out). The four corner welfares:")
    rows = [[", ".join(f"{lab[j]}" for j in range(3) if cs[j] != sym.costs[j]) or "nobody", sp.factor(w)]
            for cs, w in fb_sym.candidates]
    doc.table(["receivers of full diffusion", "$W$"], rows)
    doc.para("**Lahiri & Ono (1988).** Differentiating welfare,")
    doc.equation(r"\frac{\partial W}{\partial c_j}", r"\frac{Q - 2(m+1)q_j}{m+1} > 0 \iff \frac{q_j}{Q} < \frac{1}{2(m+1)}")
    doc.para("so cutting the cost of a firm whose market share is below $1/(2(m+1))$ ($1/8$ with three "
             "firms) *lowers* welfare: the output it gains is taken from more efficient rivals. For a "
             "discrete cut $\\Delta$ on a fixed active set (cf. Zhao 2001):")
    doc.equation(r"W(c_j - \Delta) - W(c_j)",
                 r"-\Delta\,\frac{Q - 2(m+1)q_j}{m+1} + \frac{\Delta^2}{2}\,\frac{2m(m+1)-1}{b(m+1)^2}")
    lo_m = TechnologyDiffusion(10, 1, (1, 5), beta=R(1, 8))
    lo = lo_m.lahiri_ono()
    doc.para(f"Example (a small laggard, by hand): $a=10, b=1, c=(1,5)$, $\\beta = 1/8$. Firm 2's share is "
             f"${tex(lo.shares[1])} < {tex(lo.threshold)}$, $\\partial W/\\partial c_2 = {tex(lo.dwelfare[1])}$, "
             f"and full diffusion ($c_2' = 9/2$) changes welfare by ${tex(lo.full_diffusion[1])}$: the planner "
             f"does not diffuse (first best = laissez-faire, $W = {tex(lo_m.first_best().welfare)}$). "
             "**Kuang & Zhang's advice that the government should raise diffusion is wrong here.**")
    pm = TechnologyDiffusion(10, 1, (1, 2, 4), beta=(1, 1, R(1, 2)))
    fb_p = pm.first_best()
    doc.para(f"A three-tier case ($a = 10$, $b = 1$, $c = (1,2,4)$, $\\beta_L = \\beta_M = 1$, $\\beta_G = 1/2$): "
             f"the first best teaches M only ($W = {tex(fb_p.welfare)}$); once M has learnt, teaching G changes "
             f"welfare by ${tex(pm.outcome(((0, 1), (0, 2))).welfare - pm.outcome(((0, 1),)).welfare)}$ "
             "(figure `diffusion_welfare_vs_absorptive`, figures/diffusion_welfare_vs_absorptive.png: welfare "
             "against $\\beta_G$ at $\\lambda = 1/5$, and the sign of this change).")
    doc.para("Figure `diffusion_laggard_gap` (figures/diffusion_laggard_gap.png) draws the welfare effect of full "
             "diffusion L→G against the laggard's gap $c_G - c_M$ ($a = 10$, $b = 1$, $c_L = 1$, $c_M = 2$, "
             "$\\beta_G \\in \\{1, 1/2, 1/4\\}$, exact active sets): it turns negative where the laggard's "
             "share falls below $1/8$ and the discrete cut is small, and positive again for large cuts (the "
             "quadratic term above), until the laggard leaves the market.")

    doc.heading("8. The government as coordinator (协调者)")
    doc.para("Instruments and their budget effects ($G$ > 0 spending, < 0 revenue):")
    doc.bullets([
        "**buy diffusion** — a *deviation payment* $T_k$ to each firm taking part in the designated flows: "
        "the most it could gain by withholding the flows it sends while keeping what it receives (for a "
        "pure source its profit loss plus diffusion cost; for M in {L→M, M→G}, which both receives and "
        "sends, its gain from withholding M→G); targeted, $G = \\sum_k T_k$;",
        "**per-flow subsidy** $s$ to sources (uniform; firms respond through the attitude game); $G = s|S|$;",
        "**mandate** — a cluster-wide minimum diffusion $\\theta_{\\min}$ from the leaders; $G = 0$, enforcement "
        "cost per receiver paid by the government, valued at $1 + \\lambda$ like any public spending "
        "(`enforcement_cost`; without it the mandate is not a candidate); blunt;",
        "**fine on aversion** $f$ per refusal, with limited liability: a firm with $r_k$ refusals pays "
        "$\\min(f r_k, L_k)$, $L_k$ its payoff before fines (floored at 0) or a user cap; "
        "$G = -\\sum_k \\min(f r_k, L_k)$ (fines actually paid are revenue); a refusal is detected with "
        "probability $p$ (`detection_probability`, default 1), so firms expect and the government collects "
        "$p\\min(f r_k, L_k)$; inspecting each potential source costs $p$ times `inspection_cost`, paid by "
        "the government at $1 + \\lambda$ (without it the fine is not a candidate).",
    ])
    doc.para("**One policy engine.** `coordinate()` declares each instrument to the core "
             "`gametheory.core.coordinator.Coordinator` as a discrete instrument whose levels are the corners and "
             "the kinks of the firms' response (thresholds where a source's margin changes sign, liability "
             "kinks, entry/exit points of the mandate), with its budget effect and enforcement cost; the engine "
             "evaluates every level and returns the core `PolicyOutcome` with the core `gap_closed`. The "
             "instruments are alternatives, so the menu's optimum is the best of the engine's optima "
             "(`gametheory.core.coordinator.choose_instrument`, ties against the coordinator).")
    doc.para("**Enforcement is never assumed free.** A fine needs inspection and a mandate enforcement: "
             "`coordinate()` offers them only when `inspection_cost` and `enforcement_cost` are given (its "
             "notes say why an instrument was left out). The examples and figures of this document give "
             "both as 0 — free enforcement, stated in every result's notes — so the fine's and the mandate's "
             "welfare here are upper bounds on what priced enforcement reaches.")
    doc.para("**Fiscal rule (the default, `fiscal_rule=\"limited_liability\"`).** Outlays and revenues are "
             "valued at $1 + \\lambda$, so a line's welfare is $A - \\lambda G$. Fine revenue valued at "
             "$1 + \\lambda$ is a tax; a first best that could not tax would be beaten by it (issue 14: "
             "$a = 10$, $c = (1,2,3)$, $\\beta = 1$, $\\lambda = 5$ once gave $W = 1443/32 > 1215/32$). The "
             "first best therefore optimises the allocation *and* the same transfers: whenever the menu "
             "holds the fine it may raise up to every firm's cap $L_k$, without incentive constraints, "
             "$W^{FB}(\\lambda) = \\max_{c'} [CS + \\Pi - R + \\lambda \\sum_k L_k]$. Every coordinated "
             "outcome is feasible for it, so $W^{co} \\le W^{FB}$ by construction and the share of the gap "
             "closed, computed from unclamped welfares, lies in $[0, 1]$. Ties go against the coordinator: at "
             "a threshold of the fine or the subsidy the firms' worst equilibrium is priced, so a fine "
             "*just below* a source's indifference point is reported at an interior level (the supremum at "
             "the threshold is not attained). The alternative `fiscal_rule=\"no_fine_revenue\"` keeps the "
             "planner's first best and counts no fine proceeds. Every result states its rule.")
    doc.para("Every candidate policy gives a line $W_k(\\lambda) = A_k - \\lambda G_k$; the coordinated "
             "welfare is their upper envelope (corners and response kinks enumerated). Symbolic purchase "
             "lines for the three-tier market:")
    cand_sym = candidates(sym, instruments=("purchase",))
    rows = [[x_.level if x_.instrument == "purchase" else "none", sp.factor(x_.outlay)] for x_ in cand_sym]
    doc.table(["flows bought", "transfer $G$"], rows)
    doc.para("(The leader's transfer for teaching M is its profit loss $\\pi_L(c) - \\pi_L(c')$.)")
    lam = sp.Symbol("lambda", nonnegative=True)
    num_co = num.coordinate(shadow_cost=lam, instruments=("purchase",))
    doc.para("Numeric example $a=10, b=1, c=(1,2,3)$, buying only: $W^{FB} = 1215/32$, $W^{LF} = 32$, and")
    doc.math(sp.Eq(sp.Symbol("W^{co}(\\lambda)"), num_co.welfare))
    doc.table(["regime", "where"], [[lbl, cnd] for lbl, cnd in num_co.regimes])
    for lv in (0, R(1, 5), R(3, 10)):
        co = pm.coordinate(shadow_cost=lv, inspection_cost=0, enforcement_cost=0)
        doc.para(f"Three-tier case $c = (1,2,4)$, $\\beta_G = 1/2$, $\\lambda = {tex(lv)}$, all four "
                 f"instruments, rule `{co.fiscal_rule}`: best instrument "
                 f"**{co.policy['instrument']}** ({co.policy['flows']}), $W = {tex(co.welfare)}$, "
                 f"first best ${tex(co.first_best_welfare)}$ (planner's allocation $W = {tex(fb_p.welfare)}$ "
                 f"plus $\\lambda$ times the firms' profits there, $18$), laissez-faire "
                 f"${tex(co.laissez_faire_welfare)}$, share of the gap closed ${tex(co.gap_closed)}$.")
    doc.para("Figure `diffusion_welfare_vs_lambda` draws this case under the default rule: the first best "
             "rises with $\\lambda$ (the revenue it may raise), the planner's allocation without "
             "transfers is drawn dashed.")
    doc.para("Where raising diffusion is wrong: (i) a receiver with a small share (Lahiri–Ono) — the "
             "coordinator leaves it alone, while a uniform mandate or subsidy forces the harmful flow; "
             "(ii) at high $\\lambda$ buying diffusion costs more than it adds; (iii) corner optima: the "
             "planner never wants 'a bit more' diffusion in the interior of a regime.")

    doc.heading("9. Continuous diffusion-preference levels (扩散偏好水平)")
    doc.para("Sources choose levels $x_{ij}\\in[0,1]$ with cost $\\kappa x^2/2$ and subsidy $s$ per unit "
             "(receivers split attention equally among their sources, $\\theta_{ij} = x_{ij}/n_j$). "
             "The core KKT solver gives the equilibrium; for a duopoly, by hand,")
    doc.equation("x(s)", r"\min\Bigl\{1,\max\Bigl\{0, \frac{s - \tfrac23\beta g_1 q_L^0}{\kappa - \tfrac{2\beta^2g_1^2}{9b}}\Bigr\}\Bigr\}")
    doc.para("($g_1 = c_M - c_L$ is the duopoly's gap and $q_L^0$ the leader's output before diffusion.)")
    duo = TechnologyDiffusion(10, 1, (1, 3))
    lv = duo.preference_levels(curvature=4, subsidy=6)
    doc.para(f"($a=10, b=1, c=(1,3), \\beta=1, \\kappa=4$: $x(s) = (9s-44)/28$, at $s = 6$ the solver gives "
             f"$x = {tex(lv.levels[(0, 1)])}$.)")
    for lv_ in (0, R(1, 4)):
        opt = optimal_subsidy(num, curvature=4, shadow_cost=lv_)
        doc.para(f"Three tiers ($a = 10$, $b = 1$, $c=(1,2,3)$, $\\beta = 1$, $\\kappa=4$), $\\lambda = {tex(lv_)}$: "
                 f"optimal subsidy "
                 f"$s^* = {tex(opt.subsidy)}$ ({opt.location}), levels "
                 + ", ".join(f"$x_{{{lab[i]}{lab[j]}}} = {tex(v)}$" for (i, j), v in opt.levels.items())
                 + f", welfare ${tex(opt.welfare)}$ vs ${tex(opt.laissez_faire_welfare)}$ without subsidy.")

    doc.heading("10. Comparative statics")
    lm = [s_ for s_ in eq.dominance if (s_.firm, s_.toward) == ("L", "M")][0]
    loss = -lm.isolated_margin
    doc.para("The leader's loss from teaching the middle firm (the price of buying that flow):")
    doc.equation(r"T_{L\to M}", sp.factor(loss))
    doc.aligned([(r"\partial T_{L\to M}/\partial \beta", sp.factor(sp.diff(loss, beta))),
                 (r"\partial T_{L\to M}/\partial a", sp.factor(sp.diff(loss, a)))])
    doc.para("Both are positive: $\\partial T_{L\\to M}/\\partial\\beta = g_1 q_L'/2$ with "
             "$q_L' = (a - c - \\beta g_1 + 2g_1 + g_2)/(4b) > 0$ the leader's output after the flow (an "
             "interior condition above). Better absorptive capacity and bigger markets make diffusion "
             "dearer to buy — the leader's *technology power* (seed 000) grows with them — while the "
             "welfare value of the flow also rises; the coordinator's choice weighs both against "
             "$\\lambda$.")

    doc.heading("11. Options: diffusion cost, licence fee, intensity, fines in the attitude game")
    from gametheory.models.diffusion.attitude import laissez_faire

    def flows_of(fl):
        return ", ".join(f"{lab[i]}→{lab[j]}" for i, j in fl) or "none"

    doc.para("Running example $a = 10$, $b = 1$, $c = (1, 2, 3)$, $\\beta = 1$ unless stated "
             "(`TechnologyDiffusion(10, 1, (1, 2, 3), ...)`).")
    rows = []
    for d_ in (0, 1, 3, 6):
        m_ = TechnologyDiffusion(10, 1, (1, 2, 3), diffusion_cost=d_)
        f_ = m_.first_best()
        pf = tuple((i, j) for i, row in enumerate(f_.theta) for j, t in enumerate(row) if t != 0)
        rows.append((f"$d = {d_}$", flows_of(pf), f"${tex(f_.welfare)}$", flows_of(m_.equilibrium().flows)))
    doc.para("**Diffusion cost** `diffusion_cost` $d$: a real cost per realised flow, borne by the source. "
             "The planner diffuses only where a flow's welfare gain exceeds $d$; laissez-faire, which has no "
             "flow, is unchanged:")
    doc.table(["diffusion cost", "planner's flows", "$W^{FB}$", "laissez-faire flows"], rows)
    rows = []
    for F_ in (0, 1, 2, 3):
        e_ = TechnologyDiffusion(10, 1, (1, 2, 3), licence_fee=F_).equilibrium()
        rows.append((f"$F = {F_}$", flows_of(e_.flows), f"${tex(e_.welfare)}$", e_.method))
    doc.para("**Licence fee** `licence_fee` $F$: the receiver pays the source $F$ per realised flow, which "
             "shifts both margins by $F$; attitudes stop being dominant and iterated elimination decides. "
             "A fee of 2 already realises L→M (the pricing of knowledge: derivation `licensing`):")
    doc.table(["fee", "flows (IEWDS)", "$W$", "method"], rows)
    rows = []
    for th_ in (R(1, 4), R(1, 2), 1):
        m_ = TechnologyDiffusion(10, 1, (1, 2, 3), intensity=th_)
        o_ = m_.outcome(((0, 1), (0, 2)))
        rows.append((f"$\\bar\\theta = {tex(th_)}$", f"${tex(o_.costs[1])}, {tex(o_.costs[2])}$", f"${tex(o_.welfare)}$"))
    doc.para("**Intensity** `intensity` $\\bar\\theta$: a realised flow transmits the share $\\bar\\theta$, "
             "$c_j' = c_j - \\beta_j\\bar\\theta(c_j - c_i)$. Both of L's flows realised:")
    doc.table(["intensity", "$c_M', c_G'$", "$W$"], rows)
    doc.para("(The planner chooses $\\Theta$ itself, so its optimum, $W = 1215/32$, does not depend on "
             "$\\bar\\theta$.)")
    rows = []
    for f_ in (R(1, 2), 1, R(3, 2), 3):
        e_ = laissez_faire(num, fine=f_, liability="profit", nash=False)
        rows.append((f"$f = {tex(f_)}$", flows_of(e_.flows), f"${tex(e_.welfare)}$"))
    doc.para("**Fines in the attitude game** `attitude_game(fine=f)` (limited liability at the firm's profit): a "
             "fine per refusal of a seeking receiver. Below M's sharing threshold nobody shares; "
             "at $f = 1$ only M→G (M's loss from sharing with G is smallest); from $f = 3/2$ every flow "
             "(welfare before the fines, which are transfers):")
    doc.table(["fine", "flows", "$W$"], rows)

    doc.heading("References")
    doc.bullets([
        "Kuang Guoliang & Zhang Yongchang, as reviewed in seed 001 §2.3 (qualitative proposition).",
        "Lahiri, S. & Ono, Y. (1988). Helping minor firms reduces welfare. *Economic Journal* 98, 1199–1202.",
        "Zhao, J. (2001). A characterization for the negative welfare effects of cost reduction in Cournot "
        "oligopoly. *International Journal of Industrial Organization* 19, 455–469.",
        "Laffont, J.-J. & Tirole, J. (1993). *A Theory of Incentives in Procurement and Regulation* (λ).",
    ])
    return doc.render()


# ================================================================================================
# demo
# ================================================================================================
def _demo(nar) -> None:
    from gametheory.models.diffusion import TechnologyDiffusion

    nar.title("Technology diffusion among leading, middle and lagging firms (技术扩散)")
    m = TechnologyDiffusion(10, 1, (1, 2, 3))
    nar.step("The market: three firms, one per tier")
    nar.say("Inverse demand P = 10 - Q; unit costs: leading L = 1, middle M = 2, lagging G = 3.")
    o = m.outcome()
    nar.table(["firm", "cost", "quantity", "profit"], [[l_, c_, q_, p_] for l_, c_, q_, p_ in
                                                    zip(m.labels, m.costs, o.quantities, o.profits)])
    nar.say(f"Welfare without diffusion: CS + profits = {o.consumer_surplus} + {o.producer_surplus} = {o.welfare}.")
    nar.step("What a flow of knowledge does")
    nar.say("If L teaches M (absorptive capacity 1), M's cost falls to 1:")
    o2 = m.outcome([(0, 1)])
    nar.table(["firm", "cost", "profit before", "profit after"], [[l_, c_, p0, p1] for l_, c_, p0, p1 in
                                                                  zip(m.labels, o2.costs, o.profits, o2.profits)])
    nar.say("L loses (a rival got cheaper), M gains (its own cost fell), G loses too.")
    nar.step("The attitude game: preference (P, 偏好) or aversion (A, 厌恶)")
    eq = m.equilibrium()
    nar.table(["firm", "toward", "role", "margin P-A (isolated)", "dominant"],
              [[s.firm, s.toward, s.role, s.isolated_margin, s.dominant] for s in eq.dominance])
    nar.say("Every source loses from sharing, every receiver gains from seeking, in every context.")
    nar.say("Iterated elimination of weakly dominated strategies leaves Kuang & Zhang's pattern:")
    nar.table(["firm", "toward", "attitude"], [list(t) for t in eq.attitudes])
    nar.say(f"No flow is realised; welfare stays {eq.welfare}. Pure Nash equilibria: "
            f"{len(eq.nash_equilibria)}, all without diffusion.")
    nar.step("The planner (first best)")
    fb = m.first_best()
    nar.say(f"Welfare is convex in costs within an active set, so here the optimum is a corner "
            f"(an exit kink can be interior): costs {fb.costs}, W = {fb.welfare}.")
    nar.step("When diffusion hurts: Lahiri & Ono (1988)")
    lo_m = TechnologyDiffusion(10, 1, (1, 5), beta=sp.Rational(1, 8))
    lo = lo_m.lahiri_ono()
    nar.say(f"Duopoly c = (1, 5): firm 2's share {lo.shares[1]} < 1/(2(n+1)) = {lo.threshold}.")
    nar.say(f"Teaching it (c2: 5 -> 9/2) changes welfare by {lo.full_diffusion[1]} < 0; the planner refuses.")
    nar.figure("diffusion_laggard_gap")
    nar.step("The government as coordinator (协调者)")
    nar.say("First with one instrument only, buying diffusion (instruments=('purchase',)): the lesson "
            "'raise diffusion while lambda is low' is about this instrument; the full menu follows.")
    for lam in (0, sp.Rational(1, 5), 2):
        co = m.coordinate(shadow_cost=lam, instruments=("purchase",))
        nar.say(f"lambda = {lam}: buy {co.policy['flows']}, transfer {co.transfers[co.policy['instrument']]}, "
                f"W = {co.welfare}, gap closed {co.gap_closed}")
    pm = TechnologyDiffusion(10, 1, (1, 2, 4), beta=(1, 1, sp.Rational(1, 2)))
    co = pm.coordinate(shadow_cost=sp.Rational(1, 5), inspection_cost=0, enforcement_cost=0)
    nar.say(f"With a minor laggard (c = (1,2,4), beta_G = 1/2) at lambda = 1/5 the best instrument is "
            f"{co.policy['instrument']} ({co.policy['flows']}): W = {co.welfare} vs first best {co.first_best_welfare} "
            f"(fiscal rule {co.fiscal_rule}: the first best may raise what the fines could).")
    nar.figure("diffusion_welfare_vs_lambda")
    nar.figure("diffusion_regime_map")
    nar.say("Lessons: firms' attitudes follow from the signs of dpi_i/dc_j; the government should raise "
            "diffusion only toward firms large enough to pass the Lahiri-Ono test, and only while the "
            "shadow cost of the transfers is low.")


DERIVATIONS = [Derivation("diffusion", "Technology diffusion: attitude game, planner, coordinator", _build)]
FIGURES = [
    FigureSpec("diffusion_regime_map", "Attitude game outcome (iterated elimination) over subsidy and absorptive capacity",
               regime_map_data, _draw_regime_map, size=(6.4, 5.2), params=REGIME_PARAMETERS, caption=REGIME_CAPTION),
    FigureSpec("diffusion_welfare_vs_lambda", "Laissez-faire, coordinated and first-best welfare against lambda",
               welfare_vs_lambda_data, _draw_welfare_vs_lambda, size=(6.4, 5.4), params=LAMBDA_PARAMETERS,
               caption=LAMBDA_CAPTION),
    FigureSpec("diffusion_welfare_vs_absorptive", "Welfare against the laggard's absorptive capacity",
               welfare_vs_absorptive_data, _draw_welfare_vs_absorptive, size=(8.4, 4.8), params=ABSORPTIVE_PARAMETERS,
               caption=ABSORPTIVE_CAPTION),
    FigureSpec("diffusion_laggard_gap", "Welfare effect of diffusion to the laggard against its cost gap",
               laggard_gap_data, _draw_laggard_gap, size=(6.4, 5.0), params=GAP_PARAMETERS, caption=GAP_CAPTION),
]
DEMOS = [Demo("diffusion", "Technology diffusion: attitudes, planner, coordinator", _demo,
              figures=("diffusion_laggard_gap", "diffusion_welfare_vs_lambda", "diffusion_regime_map"))]
