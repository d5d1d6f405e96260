"""Outputs for the regional brand (DESIGN "Model 2"): derivation ``brand``, three figures, demo ``brand``.

Everything is computed by :mod:`gametheory.models.brand` (closed forms with their conditions) and
checked against the core where it matters (the binary game is a core ``NormalFormGame``; grim
trigger thresholds go through :mod:`gametheory.core.repeated`).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from gametheory.outputs.document import Document, tex
from gametheory.outputs.registry import Demo, Derivation, FigureSpec
from gametheory.core.params import rejects_text

__all__ = ["DERIVATIONS", "FIGURES", "DEMOS", "quality_by_n_data", "instruments_vs_lambda_data",
           "critical_discount_data", "reputation_data", "FIGURE_PARAMETERS", "REPUTATION_PARAMETERS"]

#: Parameters of the figures: premium theta = 1, cost k = 1 (optimal quality 1); the instruments
#: figure uses n = 4 firms, inspections cost iota = 1/2 per unit probability, the maximal fine is 1,
#: traceability costs gamma tau^2/2 with gamma = 1/4; the quality figure shows the best quality
#: sustainable by Nash reversion at delta = 0.3 and a "leader + fringe" cluster (leader share 1/2).
FIGURE_PARAMETERS = dict(theta=1, k=1, n_instruments=4, inspection_cost=Fraction(1, 2), max_fine=1,
                         traceability_cost=Fraction(1, 4), delta=Fraction(3, 10), leader_share=Fraction(1, 2))


def _brand(*args: Any, **kw: Any):
    from gametheory.models.brand import RegionalBrand

    return RegionalBrand(*args, **kw)


def _f(x: Any) -> float:
    return float(sp.N(x))


# ================================================================================================
# figures
# ================================================================================================
def _fraction(x: Any) -> Fraction:
    """An exact parameter (int, Fraction, sympy Rational or binary-exact float) as a Fraction."""
    if isinstance(x, Fraction):
        return x
    r = sp.Rational(x)
    return Fraction(int(r.p), int(r.q))


#: ``brand_quality_by_n``: premium θ, cost k, firms 1..n_max, the discount factor δ of the
#: sustainable-quality line and the leader's share in the "leader + fringe" cluster.
QUALITY_PARAMETERS = dict(theta=FIGURE_PARAMETERS["theta"], k=FIGURE_PARAMETERS["k"], n_max=12,
                          delta=FIGURE_PARAMETERS["delta"], leader_share=FIGURE_PARAMETERS["leader_share"])
QUALITY_CAPTION = (
    "Regional brand (linear reduced form), θ = {theta}, k = {k}, n = 1, …, {n_max} firms. Left: quality per firm — "
    "the optimum q* = θ/k, the best quality sustained by Nash reversion at δ = {delta}, and Nash quality "
    "q^N = θ/(nk). Right: Nash reputation as a share of the first best with equal shares 1/n and with a leader "
    "holding the share {leader_share} (the rest split equally), and Nash welfare as a share of the first best "
    "(equal shares).")


@rejects_text
def quality_by_n_data(theta: Any = 1, k: Any = 1, n_max: Any = 12, delta: Any = Fraction(3, 10),
                      leader_share: Any = Fraction(1, 2)) -> dict[str, Any]:
    """Nash vs optimal quality and reputation for n = 1..n_max."""
    delta, lead = _fraction(delta), _fraction(leader_share)
    ns = np.arange(1, int(n_max) + 1)
    nash, opt, sust, rep_sym, rep_leader, wratio = [], [], [], [], [], []
    for n in ns:
        m = _brand(int(n), theta, k)
        eq, fb = m.equilibrium(), m.first_best()
        nash.append(_f(eq.quality))
        opt.append(_f(fb.quality))
        sust.append(_f(m.sustainable_quality(delta)))
        rep_sym.append(_f(eq.reputation / fb.reputation))
        if n == 1:
            rep_leader.append(1.0)
        else:
            shares = (lead,) + tuple(Fraction(1 - lead) / (int(n) - 1) for _ in range(int(n) - 1))
            ml = _brand(int(n), theta, k, shares=shares)
            rep_leader.append(_f(ml.equilibrium().reputation / ml.first_best().reputation))
        wratio.append(_f(m.welfare_ratio()))
    return {"n": ns, "nash_quality": np.array(nash), "optimal_quality": np.array(opt),
            "sustainable_quality": np.array(sust), "delta": float(delta),
            "reputation_ratio_equal": np.array(rep_sym), "reputation_ratio_leader": np.array(rep_leader),
            "welfare_ratio": np.array(wratio)}


def _draw_quality_by_n(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    ax1.plot(data["n"], data["optimal_quality"], "o-", color="0.1", label=r"optimum $q^* = \theta/k$")
    ax1.plot(data["n"], data["sustainable_quality"], "s--", color="C1",
             label=f"sustained by Nash reversion, δ = {data['delta']:g}")
    ax1.plot(data["n"], data["nash_quality"], "^:", color="C0", label=r"Nash $q^N = \theta/(nk)$")
    ax1.set_xlabel("number of firms $n$")
    ax1.set_ylabel("quality per firm")
    ax1.set_title("Free riding dilutes quality", fontsize=10)
    ax1.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    ax2.plot(data["n"], data["reputation_ratio_equal"], "^:", color="C0",
             label="reputation $R^N/R^*$, equal shares $1/n$")
    ax2.plot(data["n"], data["reputation_ratio_leader"], "d-", color="C1",
             label="reputation $R^N/R^*$, leader share 1/2")
    ax2.plot(data["n"], data["welfare_ratio"], "o--", color="0.1", label="welfare $W^N/W^*$, equal shares")
    ax2.set_xlabel("number of firms $n$")
    ax2.set_ylabel("share of the first best")
    ax2.set_ylim(0, 1.05)
    ax2.set_title("Reputation and welfare", fontsize=10)
    ax2.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    fig.subplots_adjust(bottom=0.36, wspace=0.3)
    return fig


#: ``brand_instruments_vs_lambda``: n firms, θ, k, inspection cost ι per unit probability, fine
#: cap F, traceability cost γτ²/2, λ on lambda_steps points of [0, lambda_max].
INSTRUMENTS_PARAMETERS = dict(n=FIGURE_PARAMETERS["n_instruments"], theta=FIGURE_PARAMETERS["theta"],
                              k=FIGURE_PARAMETERS["k"], inspection_cost=FIGURE_PARAMETERS["inspection_cost"],
                              max_fine=FIGURE_PARAMETERS["max_fine"],
                              traceability_cost=FIGURE_PARAMETERS["traceability_cost"], lambda_max=4,
                              lambda_steps=41)
INSTRUMENTS_CAPTION = (
    "Regional brand, n = {n} firms, θ = {theta}, k = {k}: welfare under each instrument at its optimal level "
    "against the shadow cost of public funds λ ∈ [0, {lambda_max}] ({lambda_steps} points) — a standard "
    "enforced by fines (cap F = {max_fine}) and inspections (cost ι = {inspection_cost} per unit of "
    "probability), public traceability (cost γτ²/2, γ = {traceability_cost}), a Pigouvian quality subsidy, a "
    "cost share on the quality cost, laissez-faire — and the first best (which a standard would attain if "
    "enforcement were free). The subsidy is switched off for λ ≥ n − 1.")


@rejects_text
def instruments_vs_lambda_data(n: Any = 4, theta: Any = 1, k: Any = 1, inspection_cost: Any = Fraction(1, 2),
                               max_fine: Any = 1, traceability_cost: Any = Fraction(1, 4), lambda_max: Any = 4,
                               lambda_steps: Any = 41) -> dict[str, Any]:
    """Welfare under each instrument (at its optimum) against lambda in [0, lambda_max]."""
    steps = int(lambda_steps)
    lams = [_fraction(lambda_max) * j / (steps - 1) for j in range(steps)]
    m = _brand(int(n), theta, k)
    cols: dict[str, list[float]] = {name: [] for name in ("fine", "traceability", "subsidy", "cost_share", "laissez-faire")}
    subsidy_level, best = [], []
    for lam in lams:
        pol = m.coordinate(shadow_cost=lam, inspection_cost=_fraction(inspection_cost), max_fine=max_fine,
                           traceability_cost=_fraction(traceability_cost))
        for name in cols:
            cols[name].append(_f(pol.candidates[name].welfare))
        subsidy_level.append(_f(pol.candidates["subsidy"].level["subsidy"]))
        best.append(pol.best)
    out = {"shadow_cost": np.array([float(x) for x in lams]), "n": int(n),
           "first_best": _f(m.first_best().welfare), "subsidy_level": np.array(subsidy_level),
           "best": np.array(best)}
    out.update({f"welfare_{name.replace('-', '_')}": np.array(v) for name, v in cols.items()})
    return out


def _draw_instruments_vs_lambda(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    lam = data["shadow_cost"]
    ax.axhline(data["first_best"], color="k", lw=1, label="first best (= a standard if enforcement were free)")
    ax.plot(lam, data["welfare_fine"], "-.", color="C0", label="standard enforced by fines + inspection")
    ax.plot(lam, data["welfare_traceability"], ":", color="C1", lw=2, label="public traceability / certification")
    ax.plot(lam, data["welfare_subsidy"], "--", color="C2", label="Pigouvian quality subsidy")
    ax.plot(lam, data["welfare_cost_share"], "-", color="C4", marker="o", markevery=4, ms=4,
            label="cost share (tax credit) on the quality cost")
    ax.plot(lam, data["welfare_laissez_faire"], "-", color="0.55", lw=2.5, label="laissez-faire (Nash)")
    ax.axvline(data["n"] - 1, color="grey", lw=0.6, ls="--")
    ax.annotate(r"$\lambda = n-1$: subsidy off", (data["n"] - 1, data["first_best"]),
                textcoords="offset points", xytext=(4, -14), ha="left", fontsize=8)
    ax.set_xlabel(r"shadow cost of public funds $\lambda$")
    ax.set_ylabel(r"welfare ($n = %d$)" % data["n"])
    ax.set_title("Instruments against the shadow cost of public funds")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
    fig.subplots_adjust(bottom=0.32)
    return fig


#: ``brand_critical_discount``: grim trigger in the maintain / free-ride game (binary quality) at the
#: first-best quality θ/k and at a higher standard, and continuous quality with Nash reversion.
DISCOUNT_PARAMETERS = dict(theta=1, k=1, n_max=20, high_quality=Fraction(3, 2))
DISCOUNT_CAPTION = (
    "Regional brand, θ = {theta}, k = {k}: critical discount factor δ* of grim trigger against the number of "
    "firms n = 2, …, {n_max} — maintain / free ride at the first-best quality q̄ = θ/k (h/v = 1/2) and at "
    "q̄ = {high_quality} (h/v = kq̄/(2θ), 3/4 when θ = k), and continuous quality with Nash reversion "
    "(δ* = 1/2). Dotted grey: the limits h/v as n grows (the plot's labels state the θ = k values). At n = 2 and h/v = 1/2 the stage game is not a strict prisoners' dilemma (firms are "
    "indifferent; δ* = 0 is a boundary case).")


@rejects_text
def critical_discount_data(theta: Any = 1, k: Any = 1, n_max: Any = 20,
                           high_quality: Any = Fraction(3, 2)) -> dict[str, Any]:
    """Grim-trigger critical discount factors against n = 2..n_max."""
    ns = np.arange(2, int(n_max) + 1)
    first_best, costly, continuous = [], [], []
    for n in ns:
        m = _brand(int(n), theta, k)
        first_best.append(_f(m.maintenance_game().critical_discount_factor().critical_discount_factor))
        costly.append(_f(m.maintenance_game(_fraction(high_quality)).critical_discount_factor()
                         .critical_discount_factor))
        continuous.append(_f(m.critical_discount_factor().critical_discount_factor))
    return {"n": ns, "binary_c_over_b_half": np.array(first_best), "binary_c_over_b_three_quarters": np.array(costly),
            "continuous_nash_reversion": np.array(continuous)}


def _draw_critical_discount(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(data["n"], data["binary_c_over_b_three_quarters"], "s-", color="C0",
            label=r"maintain/free ride, $\bar q = 1.5\,\theta/k$ ($h/v = 3/4$)")
    ax.plot(data["n"], data["binary_c_over_b_half"], "o:", color="C1",
            label=r"maintain/free ride, $\bar q = \theta/k$ ($h/v = 1/2$)")
    ax.plot(data["n"], data["continuous_nash_reversion"], "k--", label="continuous quality, Nash reversion (1/2)")
    ax.axhline(0.75, color="grey", lw=0.6, ls=":")
    ax.axhline(0.5, color="grey", lw=0.6, ls=":")
    ax.annotate("limit $h/v = 3/4$", (data["n"][-1], 0.75), textcoords="offset points", xytext=(0, 5),
                ha="right", fontsize=8)
    ax.annotate("limit $h/v = 1/2$", (data["n"][-1], 0.5), textcoords="offset points", xytext=(0, 5),
                ha="right", fontsize=8)
    ax.annotate("n = 2: not a strict PD\n(indifferent, δ* = 0)", (data["n"][0], data["binary_c_over_b_half"][0]),
                textcoords="offset points", xytext=(10, 4), fontsize=8)
    ax.set_xticks(data["n"][::2])
    ax.set_xlabel("number of firms $n$")
    ax.set_ylabel(r"critical discount factor $\delta^*$")
    ax.set_ylim(0, 1)
    ax.set_title(r"Sustaining the brand: $\delta^* = (nh-v)/((n-1)v)$ rises with $n$")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14))
    fig.subplots_adjust(bottom=0.33)
    return fig


#: Parameters of ``brand_reputation``: n equal firms, premium theta, cost k, discount factor delta,
#: buyers' prior quality volatility omega^2; a traceable (sigma^2 small) and an opaque brand;
#: noise grid sigma in [sigma_min, sigma_max]; seeded simulation of the collapse.
REPUTATION_PARAMETERS: dict[str, Any] = dict(n=4, theta=1, k=1, delta=Fraction(9, 10), volatility=Fraction(1, 100),
                                             noise_traceable=Fraction(1, 100), noise_opaque=Fraction(1, 4), periods=30,
                                             replications=400, seed=2026, sigma_min=Fraction(1, 50), sigma_max=Fraction(1, 2),
                                             sigma_steps=25)


def _phi(x: float) -> float:
    import math

    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


@rejects_text
def reputation_data(n: Any = 4, theta: Any = 1, k: Any = 1, delta: Any = Fraction(9, 10),
                    volatility: Any = Fraction(1, 100), noise_traceable: Any = Fraction(1, 100),
                    noise_opaque: Any = Fraction(1, 4), periods: Any = 30, replications: Any = 400, seed: Any = 2026,
                    sigma_min: Any = Fraction(1, 50), sigma_max: Any = Fraction(1, 2), sigma_steps: Any = 25) -> dict[str, Any]:
    r"""Reputation as a stock (``ReputationDynamics``) and trigger strategies with noisy signals.

    (a) From the planner's steady state :math:`R^* = \Theta/k`, everyone free rides
    (:math:`q = 0`): :math:`\mathbb E R_t = (1-\rho)^t R^*`, with a 5–95 % band of seeded simulations,
    for a traceable and an opaque brand (buyers' gain :math:`\rho` = Kalman gain of
    :math:`\sigma^2` and :math:`\omega^2`); the Nash path from :math:`R^*` decays to :math:`R^N`.
    (b) Markov perfect (Nash) and optimal quality against the signal noise :math:`\sigma`.
    (c) The maintain / free-ride game at :math:`\bar q = \theta/k` with trigger strategies on the
    public signal :math:`y = Q + \varepsilon` (Green & Porter 1984): critical discount factor at the
    midpoint threshold and at the best threshold, against :math:`\sigma`; perfect monitoring
    gives :math:`(nc - b)/((n-1)b)`.
    """
    import math

    from gametheory.models.brand import ReputationDynamics, green_porter_discount_factor, kalman_gain

    n = int(n)
    T, reps = int(periods), int(replications)
    out: dict[str, Any] = {"t": np.arange(T + 1)}
    for label, noise in (("traceable", noise_traceable), ("opaque", noise_opaque)):
        rho = kalman_gain(noise, volatility)
        m = ReputationDynamics(n, theta, k, delta=delta, gain=rho, signal_noise=noise)
        r_star = m.first_best().steady_reputation
        collapse = m.expected_path(r_star, T, qualities=(0,) * n)
        nash = m.expected_path(r_star, T)
        sim = m.simulate(r_star, T, replications=reps, seed=int(seed), qualities=(0,) * n).reputation
        out[f"{label}_gain"] = _f(rho)
        out[f"{label}_half_life"] = _f(m.half_life())
        out[f"{label}_collapse"] = np.array([_f(x) for x in collapse])
        out[f"{label}_nash_path"] = np.array([_f(x) for x in nash])
        out[f"{label}_band_low"] = np.quantile(sim, 0.05, axis=0)
        out[f"{label}_band_high"] = np.quantile(sim, 0.95, axis=0)
        out[f"{label}_simulated_mean"] = sim.mean(axis=0)
    sigmas = np.linspace(float(sigma_min), float(sigma_max), int(sigma_steps))
    q_nash, q_opt = [], []
    for sd in sigmas:
        rho = kalman_gain(sp.Float(sd) ** 2, volatility)
        m = ReputationDynamics(n, theta, k, delta=delta, gain=rho)
        q_nash.append(_f(m.equilibrium().qualities[0]))
        q_opt.append(_f(m.first_best().qualities[0]))
    # maintain / free ride at qbar = theta/k: b = theta qbar, c = k qbar^2/2; equal shares 1/n
    qbar = sp.Rational(1) * theta / k
    b, c = theta * qbar, k * qbar**2 / 2
    C, D, P = (b - c) / n, b * sp.Rational(n - 1, n) / n, 0
    q_c, q_d = _f(qbar), _f(qbar * sp.Rational(n - 1, n))      # cluster quality: all maintain / one deviates
    gap = q_c - q_d
    weight = _f((D - P) / (C - P))
    mid, best, z_best = [], [], []
    for sd in sigmas:
        rows = []
        for z in ((q_c + q_d) / 2, (q_c + q_d) / 2 - sd**2 * math.log(weight) / gap):
            alpha, beta = _phi((z - q_c) / sd), _phi((z - q_d) / sd)
            gp = green_porter_discount_factor(C, D, P, alpha, beta)
            rows.append(np.nan if gp.critical_discount is None else _f(gp.critical_discount))
        mid.append(rows[0])
        best.append(rows[1])
        z_best.append((q_c + q_d) / 2 - sd**2 * math.log(weight) / gap)
    out.update({"sigma": sigmas, "nash_quality": np.array(q_nash), "optimal_quality": np.array(q_opt),
                "gp_midpoint": np.array(mid), "gp_best": np.array(best), "best_threshold": np.array(z_best),
                "perfect_monitoring": _f((D - C) / (D - P)), "delta": _f(delta), "n": n,
                "cooperate": _f(C), "deviate": _f(D), "punish": float(P)})
    return out


def _draw_reputation(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax1, ax2, ax3 = fig.subplots(1, 3)
    t = data["t"]
    for label, color, style in (("traceable", "C0", "-"), ("opaque", "C3", "--")):
        ax1.fill_between(t, data[f"{label}_band_low"], data[f"{label}_band_high"], color=color, alpha=0.15, lw=0)
        ax1.plot(t, data[f"{label}_collapse"], style, color=color,
                 label=f"{label}: all free ride, ρ = {data[f'{label}_gain']:.2f}")
        ax1.plot(t, data[f"{label}_nash_path"], ":", color=color, label=f"{label}: Nash qualities")
    ax1.set_xlabel("period $t$")
    ax1.set_ylabel("reputation $R_t$")
    ax1.set_title("(a) Collapse from the optimum", fontsize=10)
    ax1.legend(fontsize=8)
    ax2.plot(data["sigma"], data["optimal_quality"], "-", color="k", label=r"optimum $\Theta/k$")
    ax2.plot(data["sigma"], data["nash_quality"], "--", color="C0", label=r"Markov perfect $\Theta/(nk)$")
    ax2.set_xlabel(r"signal noise $\sigma$")
    ax2.set_ylabel("quality per firm")
    ax2.set_ylim(0, None)
    ax2.set_title("(b) Traceability raises quality", fontsize=10)
    ax2.legend(fontsize=8)
    ax3.plot(data["sigma"], data["gp_midpoint"], "--", color="C3", label="trigger at the midpoint")
    ax3.plot(data["sigma"], data["gp_best"], "-", color="C0", label="best trigger threshold")
    ax3.axhline(data["perfect_monitoring"], color="k", lw=0.8, ls=":", label="perfect monitoring")
    ax3.axhline(data["delta"], color="grey", lw=0.8, ls="-.", label=f"δ = {data['delta']:g}")
    ax3.set_xlabel(r"signal noise $\sigma$")
    ax3.set_ylabel(r"critical discount factor $\delta^*$")
    ax3.set_ylim(0, 1)
    ax3.set_title("(c) Imperfect monitoring (Green–Porter)", fontsize=10)
    ax3.legend(fontsize=8, loc="lower right")
    return fig


REPUTATION_CAPTION = (
    "Regional-brand reputation as a stock, n = {n} equal firms, θ = {theta}, k = {k}, δ = {delta}, buyers' "
    "prior volatility ω² = {volatility}. (a) Expected reputation after every firm free rides from the planner's "
    "steady state, with 5–95 % bands of {replications} seeded simulations (seed {seed}), for a traceable brand "
    "(σ² = {noise_traceable}) and an opaque one (σ² = {noise_opaque}); dotted: the Nash path. (b) Markov perfect "
    "and optimal quality against the signal noise σ ∈ [{sigma_min}, {sigma_max}]. (c) Critical discount factor "
    "of trigger strategies on the noisy public signal (maintain at q̄ = θ/k or free ride); gaps: no δ < 1 "
    "sustains maintenance; {periods} periods in (a), {sigma_steps} noise levels in (b)–(c).")


FIGURES = [
    FigureSpec("brand_quality_by_n", "Regional brand: Nash vs optimal quality and reputation against n",
               quality_by_n_data, _draw_quality_by_n, size=(9.0, 4.6), params=QUALITY_PARAMETERS,
               caption=QUALITY_CAPTION),
    FigureSpec("brand_instruments_vs_lambda", "Regional brand: welfare under each instrument against λ",
               instruments_vs_lambda_data, _draw_instruments_vs_lambda, size=(6.4, 5.2),
               params=INSTRUMENTS_PARAMETERS, caption=INSTRUMENTS_CAPTION),
    FigureSpec("brand_critical_discount", "Regional brand: critical discount factor against n",
               critical_discount_data, _draw_critical_discount, size=(6.4, 5.0), params=DISCOUNT_PARAMETERS,
               caption=DISCOUNT_CAPTION),
    FigureSpec("brand_reputation", "Regional brand: reputation over time and imperfect monitoring",
               reputation_data, _draw_reputation, size=(13.0, 4.0), params=REPUTATION_PARAMETERS,
               caption=REPUTATION_CAPTION),
]


# ================================================================================================
# derivation
# ================================================================================================
def _build() -> str:
    from gametheory.models.brand import CournotBrand, RegionalBrand
    from gametheory.models.brand import instruments as I

    n = sp.Symbol("n", integer=True, positive=True)
    theta, k, lam = sp.symbols("theta k lambda", positive=True)
    iota, F, gamma = sp.symbols("iota F gamma", positive=True)
    q, R_, s_i, tau = sp.symbols("q_i R s_i tau")
    doc = Document("Regional brand free riding (区域品牌与搭便车)", subtitle="generated by gametheory — do not edit")
    doc.para(
        "A regional brand (区域品牌) is an intangible asset every firm of a cluster shares (seed 004, "
        "chapters 4–5): buyers judge a product by where it comes from, so a firm that cuts quality "
        "(质量) saves the whole cost but bears only its share of the damage to the brand's reputation "
        "(声誉). This is free riding (搭便车) on a collective reputation (集体声誉), a problem of "
        "collective moral hazard — hidden action by many sellers under one name, not adverse selection. "
        "Sections 1–6 are static (today's quality is today's reputation, as in Winfree & McCluskey 2005); "
        "section 7 makes reputation a stock built from noisily observed quality, the setting of Tirole (1996). "
        "Everything below is computed by `gametheory.models.brand`; each "
        "closed form is checked in `tests/models/test_brand*.py` against a hand derivation and the "
        "core solvers.")

    doc.notation([
        ("n", "number of member firms"), ("i, j", "firm indices (firms numbered from 1)"),
        ("s_i", "firm $i$'s share of the cluster's output, $\\sum_i s_i = 1$ (never a quality)"),
        ("q_i", "quality (brand effort) of firm $i$ in the reduced form; $q^N$ Nash, $q^*$ first best, "
                "$\\bar q$ a standard or the maintained quality"),
        ("k", "quality-cost curvature: unit cost $k q^2/2$"), ("k_i", "firm $i$'s own curvature when costs differ"), ("\\theta", "premium per unit of reputation"),
        ("R", "reputation: output-weighted average quality ($R_t$ over time)"),
        ("\\tau", "traceability / certification, $\\tau \\in [0, 1]$"),
        ("m_i", "share of its own quality's value firm $i$ captures, $\\tau + (1-\\tau)s_i$"),
        ("M", "$\\sum_i s_i m_i$"), ("D", "$\\sum_i s_i (1 - s_i)^2$"),
        ("H", "Herfindahl index $\\sum_i s_i^2$"), ("\\pi", "profit; $\\pi^C$, $\\pi^D$, $\\pi^P$ the "
                                                                 "cooperate / deviate / punish payoffs"),
        ("W", "welfare; $W^N$ Nash, $W^*$ first best"), ("\\lambda", "shadow cost of public funds"),
        ("\\nu", "per-unit quality subsidy (public, or financed by members' dues in §3.6)"),
        ("\\eta", "cost share (tax credit) on the quality cost"), ("u", "$1/(1-\\eta)$"),
        ("S_1, S_2", "$\\sum_i s_i q_i^N$ and $\\sum_i s_i (q_i^N)^2$"),
        ("\\iota", "inspection cost per unit of probability and firm"), ("p_i", "inspection probability"),
        ("F", "maximal fine (limited-liability cap)"), ("\\chi", "$(1+\\lambda)\\iota/F$, the enforcement cost ratio"),
        ("\\gamma", "cost parameter of traceability, $\\gamma\\tau^2/2$"),
        ("C", "cost of enforcing a membership rule (collective trademark)"),
        ("\\mu_i", "binary choice: 1 maintain, 0 free ride"), ("v", "value of a maintained brand per unit, $\\theta\\bar q$"),
        ("h", "unit cost of maintaining, $k\\bar q^2/2$"), ("\\delta", "discount factor; $\\delta^*$ critical value"),
        ("z_i", "quality in the Cournot-brand form ($\\bar z$ its average)"),
        ("x_i, X", "output of firm $i$ and total output (Cournot-brand form)"),
        ("P", "price, $P = a + \\theta\\bar z - bX$"), ("a, b", "demand intercept and slope"),
        ("c", "unit production cost (Cournot-brand form only)"), ("\\kappa", "share of a quality rise a firm "
                                                                          "captures in the Cournot-brand form"),
        ("e", "entrants' share of sales under the name"), ("q_E", "entrants' quality"),
        ("y_t, Q_t", "public quality signal and cluster quality, $y_t = Q_t + \\varepsilon_t$"),
        ("\\varepsilon", "signal noise, $N(0, \\sigma^2)$"), ("N", "normal distribution"),
        ("\\sigma", "standard deviation of the signal noise"), ("\\rho", "buyers' weight on news (Kalman gain)"),
        ("\\omega", "buyers' prior volatility of quality ($\\omega^2$)"), ("r", "$\\omega^2/\\sigma^2$"),
        ("\\Theta", "effective premium of the reputation stock"), ("V_i, B_i", "firm $i$'s value and its slope in $R$"),
        ("\\mathbb{E}", "expectation"), ("t", "period"),
        ("\\alpha, \\beta", "probability of a bad signal on the path / after a deviation"),
        ("\\hat y", "trigger threshold of the signal"), ("Q_C, Q_D", "cluster quality if all maintain / one deviates"),
        ("\\Phi, \\phi", "standard normal distribution and density"),
    ])

    # ---------------------------------------------------------------- model
    doc.heading("1. Assumptions and payoffs")
    doc.bullets([
        "$n \\ge 1$ firms; firm $i$ sells a share $s_i > 0$ of the cluster's output, $\\sum_i s_i = 1$ "
        "(total output normalised to 1).",
        "Firm $i$ chooses quality $q_i$ at unit cost $k q_i^2/2$, $k > 0$.",
        "Reputation (声誉) is the output-weighted average quality $R = \\sum_j s_j q_j$; an experience "
        "good without traceability sells at the premium $\\theta R$ per unit, $\\theta \\ge 0$.",
        "Traceability / certification (可追溯 / 认证) $\\tau \\in [0, 1]$ lets buyers see a firm's own "
        "quality: its premium is $\\theta(\\tau q_i + (1-\\tau) R)$.",
        "Consumers pay the premium in full; welfare is $W = \\theta R - \\tfrac{k}{2}\\sum_i s_i q_i^2$, "
        "less $\\lambda$ times transfers and $(1+\\lambda)$ times public spending on real resources "
        "(DESIGN conventions; $\\lambda$ = shadow cost of public funds).",
    ])
    doc.equation(sp.Symbol("\\pi_i"), sp.Symbol("s_i") * (theta * (tau * q + (1 - tau) * R_) - k * q**2 / 2))

    # ---------------------------------------------------------------- Nash, first best
    doc.heading("2. Nash equilibrium and first best: the 1/n dilution")
    doc.para("Firm $i$'s first-order condition, with $\\partial R/\\partial q_i = s_i$ and "
             "$m_i = \\tau + (1-\\tau)s_i$ the share of its own quality's value it captures:")
    doc.equation("\\frac{\\partial \\pi_i}{\\partial q_i}", "s_i\\left(\\theta m_i - k q_i\\right) = 0 "
                 "\\quad\\Rightarrow\\quad q_i^N = \\frac{\\theta m_i}{k}")
    doc.para("It does not depend on the other firms (a dominant strategy) and the payoff is strictly concave "
             "($\\partial^2\\pi_i/\\partial q_i^2 = -k s_i < 0$): the equilibrium is unique and every "
             "parameter in the domain is admissible. The planner's condition $\\partial W/\\partial q_i = "
             "s_i(\\theta - k q_i) = 0$ gives $q_i^* = \\theta/k$ for every firm.")
    sym = RegionalBrand(n, theta, k)
    eq, fb = sym.equilibrium(), sym.first_best()
    doc.para("Equal shares, no traceability:")
    doc.aligned([("q^N", eq.quality), ("q^*", fb.quality), ("W^N", eq.welfare), ("W^*", fb.welfare),
                 ("R^N / R^*", sym.dilution()), ("W^N / W^*", sym.welfare_ratio())])
    doc.para("With unequal shares $q_i^N = \\theta s_i/k$ and the **under-provision ratio** is the Herfindahl "
             "index, $R^N/R^* = \\sum_i s_i^2 = H$ (with traceability, $\\tau + (1-\\tau)H$): a concentrated "
             "cluster (a leading firm, 龙头企业) protects its brand better than a fragmented one. At the "
             "optimum each firm would gain $\\tfrac{k s_i}{2}(q^* - q_i^N)^2$ by free riding:")
    doc.equation("\\max_i\\, \\text{gain at } q^*", fb.max_deviation_gain)
    doc.para("**Reductions.** $n = 1$: $q^N = q^*$ (nothing to free ride on). $\\tau = 1$ (full traceability): "
             "$m_i = 1$ and $q^N = q^*$ for every $n$ — no free riding.")
    doc.para("**Comparative statics** (signs hold for $n \\ge 1$, $\\theta, k > 0$):")
    qN = eq.quality
    doc.aligned([("\\partial q^N/\\partial n", sp.diff(qN, n)), ("\\partial q^N/\\partial \\theta", sp.diff(qN, theta)),
                 ("\\partial q^N/\\partial k", sp.diff(qN, k)),
                 ("\\partial (W^N/W^*)/\\partial n", sp.factor(sp.diff(sym.welfare_ratio(), n)))])
    doc.para("The welfare ratio falls in $n$ for $n \\ge 1$ (numerator $-2n(n-1) \\le 0$).")

    # ---------------------------------------------------------------- instruments
    doc.heading("3. The coordinator's instruments (closed forms in λ)")
    doc.para("Notation: $M = \\sum_i s_i m_i$ ($= 1/n$ for equal shares), $D = \\sum_i s_i(1-s_i)^2$. "
             "Formulas below are for equal shares and $\\tau = 0$; the code handles any shares.")
    sub = I.subsidy(sym, lam)
    doc.heading("3.1 Pigouvian quality subsidy (质量补贴)", 3)
    doc.para("A subsidy $\\nu$ per unit of quality and output gives $q_i = (\\theta m_i + \\nu)/k$; it is a "
             "transfer, so $W = \\theta R - \\tfrac{k}{2}\\sum s_i q_i^2 - \\lambda\\nu R$ and "
             "$\\partial W/\\partial\\nu = [\\theta - (1+\\lambda)\\theta M - (1+2\\lambda)\\nu]/k$:")
    doc.equation("\\nu^*", "\\max\\left\\{0,\\ \\frac{\\theta\\,(1 - (1+\\lambda)M)}{1+2\\lambda}\\right\\} = "
                 + tex(sub.level["subsidy"]) + "\\quad (\\lambda < n - 1)")
    doc.aligned([("W_{\\text{subsidy}}", sub.welfare), ("\\text{gap closed}", sub.gap_closed)])
    doc.para("At $\\lambda = 0$ with equal shares it attains the first best ($\\nu = \\theta(n-1)/n$); a "
             "uniform subsidy cannot undo unequal dilution ($q_i = \\theta(s_i + 1 - H)/k \\ne \\theta/k$); for "
             "$\\lambda \\ge n - 1$ it is not used.")
    std = I.standard(sym, lam)
    doc.heading("3.2 Minimum quality standard (最低质量标准)", 3)
    doc.para("A standard $\\bar q = \\theta/k$ binds for every firm ($q_i^N = \\theta m_i/k \\le \\theta/k$; KKT "
             "corner), attains $W^*$, costs no public money and leaves each firm the profit "
             "$s_i\\theta^2/(2k) \\ge 0$ (participation). Its advantage over the subsidy:")
    margin = sp.factor(sp.simplify(std.welfare - sub.welfare))
    doc.equation("W^* - W_{\\text{subsidy}}", margin)
    doc.para("which is positive for $0 < \\lambda < n-1$ (and equals $W^* - W^N$ beyond): **with costly public "
             "funds a freely enforced standard would strictly dominate the subsidy** (Winfree & McCluskey "
             "2005 reach this conclusion assuming perfect enforcement). But enforcement is not free: "
             "$q_i^N$ is a dominant strategy, so without inspection every firm ignores the standard. The "
             "coordinator therefore never takes the unenforced standard as a candidate; it competes only "
             "as the enforced standard of §3.3, and the winner is computed (§3.5).")
    fine = I.fine(sym, lam, inspection_cost=iota, max_fine=F)
    doc.heading("3.3 Fines with inspection (罚款与抽检)", 3)
    doc.para("Enforcement is costly: a firm below the standard $\\bar q$ is inspected with probability $p_i$ and "
             "fined $F$. Its best violation is $q_i^N$, worth $\\tfrac{k s_i}{2}(\\bar q - q_i^N)^2$, so "
             "deterrence needs $p_i F$ at least that much (Becker: maximal fine, minimal inspection). "
             "Inspections cost $\\iota$ per unit of probability and firm (real resources, weight $1+\\lambda$). "
             "With $\\chi = (1+\\lambda)\\iota/F$ the optimal standard and inspection rate are")
    doc.aligned([("\\bar q^*", fine.level["standard"]), ("p", fine.level["inspection"]),
                 ("\\text{gap closed}", fine.gap_closed)])
    doc.para("i.e. $\\bar q^* = \\theta(1 + \\chi M)/(k(1+\\chi))$ and gap closed $1/(1+\\chi)$, valid while the required "
             "inspection probability is at most one (the standard is above every $q_i^N$ by construction):")
    doc.math(sp.Le(fine.level["inspection"], 1))
    het = RegionalBrand(2, 1, 1, shares=(sp.Rational(9, 10), sp.Rational(1, 10)))
    hf = I.fine(het, 0, inspection_cost=10, max_fine=1)
    doc.para("With unequal shares the closed form can fail (the standard it gives may lie below a large "
             "firm's Nash quality), so for numbers the package enumerates the *binding sets*: a standard "
             "binds the firms whose $q_i^N$ lies below it and leaves the others alone; on each set welfare "
             "is concave in $\\bar q$ on an interval (capped where an inspection probability reaches one, "
             "a corner that is kept). Example: shares $(0.9, 0.1)$, $\\theta = k = 1$, $\\lambda = 0$, "
             "$\\iota = 10$, $F = 1$ ($\\chi = 10$): binding only the small firm, by hand "
             "$dW/d\\bar q = 0.2 - 1.1\\bar q = 0$, "
             f"so $\\bar q = {tex(hf.level['standard'])}$ and $W = {tex(hf.welfare)}$ against "
             f"$W^N = {tex(het.equilibrium().welfare)}$ (binding both would need $\\bar q \\ge 0.9$).")
    uk = RegionalBrand(2, 1, (1, 2))
    uk_nash, uk_fb = uk.equilibrium(), uk.first_best()
    uk_pol = uk.coordinate(shadow_cost=sp.Rational(1, 2), inspection_cost=1, max_fine=1)
    doc.para("**Unequal costs.** With curvatures $k_i$ (`RegionalBrand(n, theta, (k_1, ..., k_n))`) the same "
             "first-order conditions give $q_i^N = \\theta m_i/k_i$ and $q_i^* = \\theta/k_i$, "
             "$W^* = (\\theta^2/2)\\sum_i s_i/k_i$; the dilution becomes the average of $m_i$ weighted by "
             "$s_i/k_i$, and every instrument is solved with it (the fine's binding sets enumerated as above). "
             "Example: $n = 2$, equal shares, $\\theta = 1$, $k = (1, 2)$: by hand $q^N = (1/2, 1/4)$, "
             "$q^* = (1, 1/2)$, $W^* = \\tfrac12(\\tfrac12 + \\tfrac14) = 3/8$; "
             f"the package gives $q^N = {tex(tuple(uk_nash.qualities))}$, $W^N = {tex(uk_nash.welfare)}$, "
             f"$W^* = {tex(uk_fb.welfare)}$. At $\\lambda = 1/2$ with $\\iota = F = 1$ the coordinator picks "
             f"the {uk_pol.instrument.replace('_', ' ')} (gap closed ${tex(uk_pol.gap_closed)}$). The repeated game, entrants and "
             "reputation dynamics assume one curvature and refuse unequal $k_i$ with that reason.")
    tr = I.traceability(sym, lam, traceability_cost=gamma)
    doc.heading("3.4 Traceability / certification (追溯与认证)", 3)
    doc.para("Raising $\\tau$ at public cost $\\gamma\\tau^2/2$: $\\partial W/\\partial\\tau = "
             "\\tfrac{\\theta^2}{k}(1-\\tau)D - (1+\\lambda)\\gamma\\tau$, so")
    doc.aligned([("\\tau^*", tr.level["traceability"]), ("\\text{gap closed}", tr.gap_closed)])
    doc.para("Free traceability ($\\gamma = 0$) gives $\\tau^* = 1$ and the first best.")
    doc.heading("3.5 The coordinator's choice", 3)
    doc.para("$n = 4$, $\\theta = k = 1$, $\\iota = 1/2$, $F = 1$, $\\gamma = 1/4$ (figure "
             "`brand_instruments_vs_lambda`). Candidates are the enforceable instruments; the freely "
             "enforced standard is shown as the benchmark $W^*$ only. Fiscal rule: the subsidy is a transfer "
             "(weight $\\lambda$), inspections and traceability are real costs ($1 + \\lambda$), fines deter "
             "and are never collected in equilibrium, so the first best needs no transfers. A cost share "
             "$\\eta$ of the quality cost (tax credit) induces $q_i = \\theta m_i/((1-\\eta)k)$ and pays "
             "only the marginal share, an outlay of $\\eta\\tfrac{k}{2}\\sum_i s_i q_i^2$; with $u = 1/(1-\\eta)$, "
             "$u^* = (2\\theta S_1/(kS_2) + \\lambda)/(2(1+\\lambda))$, $S_1 = \\sum s_i q_i^N$, "
             "$S_2 = \\sum s_i (q_i^N)^2$ (here $q = (1 + \\lambda/8)/(1+\\lambda)$, "
             "$W(1/5) = 1681/3840 \\approx 0.438$ against the per-unit subsidy's $0.394$). Without the cost "
             "share the subsidy would win below $\\lambda \\approx 0.175$ and traceability above; with it the "
             "cost share wins below $\\lambda \\approx 0.41$ (both crossovers checked in the tests against "
             "an independent numeric search). At $\\lambda = 0$ subsidy and cost share reach $W^* = 1/2$, the "
             "enforced standard $13/32$, traceability $559/1352$ (by hand):")
    rows = []
    num = RegionalBrand(4, 1, 1)
    for lv in (0, Fraction(1, 5), Fraction(3, 10), 1, 3):
        pol = num.coordinate(shadow_cost=lv, inspection_cost=Fraction(1, 2), max_fine=1,
                             traceability_cost=Fraction(1, 4))
        c = pol.candidates
        rows.append([sp.Rational(lv), pol.first_best, c["fine"].welfare, c["traceability"].welfare,
                     c["subsidy"].welfare, c["cost_share"].welfare, pol.best])
    doc.table(["$\\lambda$", "$W^*$ (free standard)", "$W$ enforced standard", "$W$ traceability", "$W$ subsidy",
               "$W$ cost share", "best"], rows)
    doc.para("**Limited liability.** $F$ is the fine's cap. The package's default convention caps a fine at the "
             "firm's market-stage profit, $s_i(\\theta R - k\\bar q^2/2)$ at the standard; with $n = 4$, "
             "$\\theta = k = 1$ and the enforced standard that is $2479/21632 \\approx 0.115$, so the example's "
             "$F = 1$ presumes a bond or quality deposit beyond that profit (associations often require one); "
             "`coordinate()` states this in `excluded[\"liability_cap\"]`. A lower cap raises $\\chi$ and "
             "weakens the enforced standard.")
    doc.figure(next(f for f in FIGURES if f.name == "brand_instruments_vs_lambda"))
    doc.heading("3.6 A subsidy financed by members' dues (levy)", 3)
    lev = I.levy_subsidy(RegionalBrand(4, 1, 1), sp.Rational(1, 4), enforcement_cost=sp.Rational(1, 100))
    doc.para("The association pays $\\nu$ per unit of quality and output and levies lump-sum dues "
             "$s_i\\nu R$ on its members: firms respond as to the subsidy, $q_i = (\\theta m_i + \\nu)/k$, but no "
             "public money is spent, so $\\nu^* = \\theta(1 - M)$ for every $\\lambda$ and, with equal shares, the "
             "first best. Dues are lump sum only if membership is compulsory for every user of the name (a "
             "collective trademark, §6): a firm that could leave would keep the brand and free ride. The "
             "coordinator therefore offers the levy only with the cost $C$ of enforcing membership (a real "
             "resource at $1+\\lambda$): $W = W^* - (1+\\lambda)C$. Example $n = 4$, $\\theta = k = 1$, "
             f"$\\lambda = 1/4$, $C = 1/100$: $\\nu = {tex(lev.level['levy_subsidy'])}$, $W = {tex(lev.welfare)}$ "
             "(by hand $1/2 - (5/4)/100$), above every instrument of the table at that $\\lambda$.")

    # ---------------------------------------------------------------- binary + repeated
    doc.heading("4. Maintain or free ride: collective moral hazard and the repeated game")
    doc.para("Binary version: each firm maintains the brand's quality $\\bar q$ (M) or free rides with 0 (F). "
             "With $v = \\theta\\bar q$ (value of a fully maintained brand per unit) and $h = k\\bar q^2/2$ "
             "(unit cost of maintaining), and $\\mu_i \\in \\{0, 1\\}$ (1 = maintain), "
             "$\\pi_i = s_i[v(\\tau \\mu_i + (1-\\tau)\\sum_j s_j \\mu_j) - h \\mu_i]$. "
             "Maintaining adds $s_i(v m_i - h)$ whatever the others do: free riding is dominant iff "
             "$v m_i < h$, and the game is an n-player prisoners' dilemma iff also $h < v$ — the unique "
             "equilibrium is collective moral hazard: every firm's hidden action (its quality) is "
             "free-ridden and reputation collapses. (This is not Akerlof's (1970) lemons market, which is "
             "adverse selection on exogenous quality; here quality is chosen.)")
    g3 = RegionalBrand(3, 1, 1).maintenance_game()
    nfg = g3.normal_form()
    doc.para("Example $n = 3$, $\\theta = k = \\bar q = 1$ ($v = 1$, $h = 1/2$): pure equilibria of the "
             "normal-form game: " + "; ".join("(" + ", ".join("maintain" if x == 0 else "free ride" for x in p) + ")"
                                               for p in nfg.pure_equilibria()) + " — the only one.")
    doc.para("Grim trigger (冷酷触发策略): maintain until someone free rides, then play the stage equilibrium "
             "for ever. For equal shares $\\pi^C = (v-h)/n$, $\\pi^D = v(n-1)/n^2$, $\\pi^P = 0$:")
    b_, c_ = sp.symbols("v h", positive=True)
    dstar = (n * c_ - b_) / ((n - 1) * b_)
    doc.equation("\\delta^*", dstar)
    doc.equation("\\frac{\\partial\\delta^*}{\\partial n}", sp.factor(sp.diff(dstar, n)))
    doc.para("The threshold rises with the number of firms (for $h < v$) towards $h/v$: a larger cluster needs "
             "more patient firms to keep its brand. At the first-best quality $\\bar q = \\theta/k$ "
             "($h/v = 1/2$):")
    doc.equation("\\delta^*", sym.maintenance_game().critical_discount_factor().critical_discount_factor)
    rows = [[nn, RegionalBrand(nn, 1, 1).maintenance_game().critical_discount_factor().critical_discount_factor,
             RegionalBrand(nn, 1, 1).maintenance_game(Fraction(3, 2)).critical_discount_factor().critical_discount_factor]
            for nn in (2, 3, 4, 5, 10, 20)]
    doc.table(["$n$", "$\\delta^*$ ($h/v = 1/2$)", "$\\delta^*$ ($h/v = 3/4$)"], rows)
    doc.para("At $n = 2$ and $h/v = 1/2$ the stage game is **not a strict prisoners' dilemma**: $v m_i = h$, so a "
             "firm is indifferent between maintaining and free riding ($\\delta^* = 0$ only because maintaining "
             "is already a (weak) best reply); the row is a boundary case, not cooperation sustained by patience. "
             "For $n \\ge 3$ free riding is strictly dominant and $\\delta^* > 0$. Figure `brand_critical_discount` "
             "draws $\\delta^*$ against $n$ for both ratios and the continuous-quality threshold; figure "
             "`brand_quality_by_n` the Nash, sustainable and optimal qualities of §2.")
    doc.figure(next(f for f in FIGURES if f.name == "brand_critical_discount"))
    doc.figure(next(f for f in FIGURES if f.name == "brand_quality_by_n"))
    doc.para("Continuous quality with Nash reversion: the one-shot gain from deviating from $q^*$, "
             "$\\tfrac{k}{2n}(q^* - q^N)^2$, equals the per-period loss $(W^* - W^N)/n$, so")
    doc.equation("\\delta^*_{\\text{continuous}}", sym.critical_discount_factor().critical_discount_factor)
    doc.para("for every $n \\ge 2$. Below it the best sustainable common quality is "
             "$\\hat q = \\theta\\,(1 + 2\\delta(n-1))/(nk)$ (capped at $\\theta/k$ from $\\delta = 1/2$). "
             "With unequal shares the smallest firm binds: "
             "$\\delta_i^* = (1-s_i)^2/((1-s_i)^2 + 1 - 2H + s_i^2)$.")

    # ---------------------------------------------------------------- Cournot brand
    doc.heading("5. The Cournot-brand form")
    doc.para("$n$ firms with unit cost $c$ choose quality $z_i$ at fixed cost $k z_i^2/2$, then compete in "
             "quantities $x_i$ facing $P = a + \\theta\\bar z - bX$ where $\\bar z = \\sum_i x_i z_i/X$ is the "
             "output-weighted average quality (the simple average $\\sum_i z_i/n$ is the variant "
             "`average=\"simple\"`). Stage 2 at a common quality $z$ is the market block's Cournot "
             "equilibrium with intercept $a + \\theta z$: $x = (a - c + \\theta z)/(b(n+1))$. Differentiating "
             "the stage-2 first-order conditions implicitly at the symmetric point gives "
             "$d\\pi_i/dz_i = \\theta\\kappa x - k z_i$ with")
    a, bb, cc = sp.symbols("a b c", positive=True)
    out = CournotBrand(n, a, bb, cc, theta, k)
    simple = CournotBrand(n, a, bb, cc, theta, k, average="simple")
    doc.aligned([("\\kappa_{\\text{output}}", out.kappa), ("\\kappa_{\\text{simple}}", simple.kappa)])
    doc.para("With the simple average a quality rise shifts every firm's demand and rivals expand (the "
             "incentive is diluted as $1/n^2$); with output weighting the firm that raises quality gains "
             "share and rivals contract (dilution $1/n$, as in the reduced form). Qualities:")
    doc.aligned([("z^N", out.equilibrium().quality), ("z^N_{\\text{simple}}", simple.equilibrium().quality),
                 ("z^C \\text{ (association sets quality)}", out.cartel().quality),
                 ("z^{SB} \\text{ (planner sets quality)}", out.second_best().quality),
                 ("z^{FB} \\text{ (planner sets quality and output)}", out.first_best().quality)])
    doc.para("Conditions (each denominator positive; the firm's second-order condition, by implicit "
             "differentiation of the stage-2 system twice):")
    doc.aligned([("\\frac{d^2\\pi_i}{dz_i^2}\\Big|_{\\text{output}}", out.second_derivative()),
                 ("\\frac{d^2\\pi_i}{dz_i^2}\\Big|_{\\text{simple}}", simple.second_derivative())])
    doc.para("With $a > c$ every quality and output is then positive. At $n = 1$ Nash and association "
             "qualities coincide ($\\kappa = 1$); the planners also value consumer surplus, so "
             "$z^{SB} > z^N$ even then. Example $a = 10$, $b = 1$, $c = 2$, $\\theta = k = 1$, $n = 4$ (Nash "
             "verified by re-solving stage 2 for quality deviations):")
    rows = []
    for avg in ("output", "simple"):
        mm = CournotBrand(4, 10, 1, 2, 1, 1, average=avg)
        for label, r in (("Nash", mm.equilibrium()), ("association", mm.cartel()), ("second best", mm.second_best()),
                         ("first best", mm.first_best())):
            rows.append([avg, label, r.quality, r.output, sp.N(r.welfare, 6)])
    doc.table(["average", "regime", "quality", "output per firm", "welfare"], rows)

    # ---------------------------------------------------------------- entrants
    doc.heading("6. Entrants below the standard and membership rules")
    doc.para("Outsiders sell a share $e$ of the sales under the regional name at a quality $q_E$ they do not "
             "adjust (冒用区域品牌); members sell the rest, member $i$ a share $(1-e)s_i$. Then "
             "$R = (1-e)\\sum_i s_i q_i + e q_E$ and members choose "
             "$q_i^N = \\theta(\\tau + (1-\\tau)(1-e)s_i)/k$. Equal shares, $\\tau = 0$, $q_E = 0$:")
    e_ = sp.Symbol("e", positive=True)
    ent = RegionalBrand(n, theta, k).with_entrants(e_)
    entrant_rows = [("q^N", r"\frac{\theta\,(1-e)}{nk}", theta * (1 - e_) / (n * k), ent.equilibrium().quality),
                    ("R^N", r"\frac{\theta\,(1-e)^2}{nk}", theta * (1 - e_) ** 2 / (n * k), ent.equilibrium().reputation),
                    ("R \\text{ (members' standard)}", r"\frac{\theta\,(1-e)}{k}", (1 - e_) * theta / k,
                     ent.standard().reputation)]
    for label, _, written, computed in entrant_rows:      # the written form must be the model's result
        if sp.simplify(written - computed) != 0:
            raise AssertionError(f"derivation text for {label} disagrees with the model: {computed}")
    doc.aligned([(label, text) for label, text, _, _ in entrant_rows])
    doc.para("Entrants dilute twice: directly, and through the members' weaker incentive. A membership rule "
             "(集体商标 / 地理标志: only certified members may use the name) excludes them at enforcement "
             "cost $C$; members then serve all sales at the standard, and the rule's gain over the standard "
             "alone is $e\\,k(\\theta/k - q_E)^2/2$, so it pays iff $(1+\\lambda)C \\le e\\,k(\\theta/k - q_E)^2/2$.")
    qE, C = sp.symbols("q_E C", nonnegative=True)
    pol = RegionalBrand(n, theta, k).with_entrants(e_, qE).policies(enforcement_cost=C, shadow_cost=lam)
    doc.aligned([("\\text{gain}", pol.exclusion_gain), ("C_{\\max}", pol.break_even_cost)])

    # ---------------------------------------------------------------- reputation stock
    _reputation_section(doc)

    doc.heading("References")
    doc.bullets([
        "Akerlof, G. (1970). The market for “lemons”. *Quarterly Journal of Economics* 84, 488–500.",
        "Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of Economic Studies* 38, 1–12.",
        "Green, E. J. & Porter, R. H. (1984). Noncooperative collusion under imperfect price information. "
        "*Econometrica* 52(1), 87–100.",
        "Harvey, A. C. (1989). *Forecasting, Structural Time Series Models and the Kalman Filter*. Cambridge "
        "University Press.",
        "Nerlove, M. (1958). Adaptive expectations and cobweb phenomena. *Quarterly Journal of Economics* 72(2), "
        "227–240.",
        "Tirole, J. (1996). A theory of collective reputations. *Review of Economic Studies* 63(1), 1–22.",
        "Winfree, J. A. & McCluskey, J. J. (2005). Collective reputation and quality. *American Journal of "
        "Agricultural Economics* 87(1), 206–213.",
        "Zhang Congqun et al., *Research on Industrial Cluster Upgrading* (seed 004), chapters 4–5.",
    ])
    return doc.render()


def _reputation_section(doc: Document) -> None:
    """§7: the reputation stock (Tirole 1996; Winfree & McCluskey 2005) and Green–Porter monitoring."""
    from gametheory.models.brand import ReputationDynamics, green_porter_discount_factor, kalman_gain

    P = REPUTATION_PARAMETERS
    doc.heading("7. Reputation over time: a stock, noisy monitoring and trigger strategies")
    doc.para("Sections 1–6 price today's quality. A cluster's name is rather a **stock** (Tirole 1996; "
             "Winfree & McCluskey 2005, with firm sizes): buyers see a noisy signal "
             "$y_t = Q_t + \\varepsilon_t$ of the cluster's average quality $Q_t = \\sum_j s_j q_{jt}$, "
             "$\\varepsilon_t \\sim N(0, \\sigma^2)$, and update adaptively, $R_{t+1} = (1-\\rho)R_t + \\rho\\, y_t$. "
             "The weight on news $\\rho$ is the steady-state Kalman gain of buyers who believe quality drifts as a "
             "random walk with innovation variance $\\omega^2$ (Harvey 1989, §3.3; Nerlove 1958):")
    doc.equation("\\rho", "\\tfrac12\\left(\\sqrt{r^2 + 4r} - r\\right), \\qquad r = \\omega^2/\\sigma^2")
    doc.para("so better monitoring — traceability, certification: a smaller $\\sigma^2$ — means buyers react "
             "faster. Firms discount at $\\delta$; per-period profit is $s_i[\\theta R_t - k q_{it}^2/2]$. The game is "
             "linear-quadratic, so in the Markov perfect equilibrium the values are affine in $R$, "
             "$V_i = V_i^0 + B_i R$ with $B_i = s_i\\theta + \\delta(1-\\rho)B_i$, and the first-order condition "
             "$s_i k q_i = \\delta\\rho B_i$ gives quality constant over time (certainty equivalence: $\\sigma^2$ "
             "enters only through $\\rho$):")
    theta, k = sp.symbols("theta k", positive=True)
    delta, rho = sp.symbols("delta rho", positive=True)
    m_sym = ReputationDynamics(3, theta, k, delta=delta, gain=rho)
    doc.aligned([("\\Theta", m_sym.effective_premium()),
                 ("q_i^N", "s_i\\Theta/k"), ("q^*", "\\Theta/k"),
                 ("\\bar R^N", "\\Theta H/k"), ("\\bar R^*", "\\Theta/k")])
    doc.para("The **effective premium** $\\Theta < \\theta$ rises with patience and with $\\rho$; free riding dilutes "
             "by the share exactly as in the static model ($q_i^N/q^* = s_i$), and $\\delta \\to 1$ returns the static "
             "$\\theta s_i/k$. Around a steady state $\\bar R$ the expected stock moves as "
             "$\\mathbb{E} R_t = \\bar R + (1-\\rho)^t(R_0 - \\bar R)$: half-life $\\log 2/(-\\log(1-\\rho))$ periods, "
             "stationary variance $\\rho\\sigma^2/(2-\\rho)$. **Collapse after free riding**: if every firm stops "
             "maintaining quality ($q = 0$) the name decays as $(1-\\rho)^t \\bar R$ — a name that buyers learn "
             "slowly is also lost slowly, which is what makes free riding on it tempting.")
    rows = []
    for label, noise in (("traceable", P["noise_traceable"]), ("opaque", P["noise_opaque"])):
        g = kalman_gain(noise, P["volatility"])
        m = ReputationDynamics(P["n"], P["theta"], P["k"], delta=P["delta"], gain=g, signal_noise=noise)
        e, o = m.equilibrium(), m.first_best()
        rows.append([label, sp.Rational(noise), sp.nsimplify(g), f"{_f(g):.4f}", f"{_f(e.qualities[0]):.4f}",
                     f"{_f(o.qualities[0]):.4f}", f"{_f(m.half_life()):.2f}", f"{_f(m.stationary_variance()):.4f}"])
    doc.para(f"Example (figure `brand_reputation`): $n = {P['n']}$ equal firms, $\\theta = {P['theta']}$, "
             f"$k = {P['k']}$, $\\delta = {tex(sp.Rational(P['delta']))}$, $\\omega^2 = {tex(sp.Rational(P['volatility']))}$:")
    doc.table(["brand", "$\\sigma^2$", "$\\rho$", "$\\rho$ (decimal)", "$q^N$", "$q^*$", "half-life",
               "stationary variance"], rows)
    doc.para("The tests check these closed forms against a grid-search best response, the Riccati (value) "
             "iteration and seeded simulation of the stock (`tests/models/test_brand_reputation.py`).")
    doc.heading("7.1 Imperfect public monitoring (Green & Porter 1984)", 3)
    doc.para("Section 4's grim trigger assumes a deviation is seen. With the noisy signal it is not: in the "
             "maintain / free-ride game every firm maintains while the public signal is good, $y \\ge \\hat y$, and all "
             "revert to the stage equilibrium (payoff $\\pi^P$) for ever after a bad one. A bad signal arrives with "
             "probability $\\alpha$ on the cooperative path and $\\beta > \\alpha$ after one firm free rides. With "
             "$V - V^P = (\\pi^C - \\pi^P)/(1 - \\delta + \\delta\\alpha)$ the incentive constraint "
             "$\\pi^D - \\pi^C \\le \\delta(\\beta - \\alpha)(V - V^P)$ is")
    doc.equation("\\delta", "\\delta^* = \\frac{\\pi^D - \\pi^C}{(\\pi^D - \\pi^C)(1 - \\alpha) + "
                 "(\\beta - \\alpha)(\\pi^C - \\pi^P)}", "\\ge")
    doc.para("which is the grim-trigger $(\\pi^D - \\pi^C)/(\\pi^D - \\pi^P)$ under perfect monitoring "
             "($\\alpha = 0$, $\\beta = 1$), rises with false alarms and falls with detection; maintenance cannot be "
             "sustained at all when $(\\beta - \\alpha)(\\pi^C - \\pi^P) \\le \\alpha(\\pi^D - \\pi^C)$. With normal "
             "noise, $\\alpha = \\Phi((\\hat y - Q_C)/\\sigma)$ and $\\beta = \\Phi((\\hat y - Q_D)/\\sigma)$, where "
             "$Q_C = \\bar q$ (all maintain) and $Q_D = (1 - s_i)\\bar q$ (one firm free rides). Minimising "
             "$\\delta^*$ over the threshold (the likelihood ratio is monotone, so the first-order condition "
             "$(\\pi^C - \\pi^P)\\phi_D = (\\pi^D - \\pi^P)\\phi_C$ has one root) gives")
    doc.equation("\\hat y^*", "\\frac{Q_C + Q_D}{2} - \\frac{\\sigma^2}{Q_C - Q_D}\\,"
                 "\\log\\frac{\\pi^D - \\pi^P}{\\pi^C - \\pi^P}")
    n = P["n"]
    Cn, Dn = sp.Rational(1, 2 * n), sp.Rational(n - 1, n * n)
    doc.para(f"Example: $n = {n}$, $\\bar q = \\theta/k = 1$, so $\\pi^C = 1/(2n) = {tex(Cn)}$, "
             f"$\\pi^D = (n-1)/n^2 = {tex(Dn)}$, $\\pi^P = 0$, $Q_C = 1$, $Q_D = {tex(sp.Rational(n - 1, n))}$. "
             "At the midpoint threshold $\\alpha = 1 - \\beta$ and, by hand, $\\delta^* = 1/(3 - 5\\alpha)$: "
             "$1/3$ (the perfect-monitoring value $(n-2)/(2(n-1))$) as $\\sigma \\to 0$, and no $\\delta < 1$ "
             "works once $\\alpha \\ge 2/5$, i.e. $\\sigma \\ge 1/(8\\,\\Phi^{-1}(3/5)) \\approx 0.493$. The best "
             "threshold keeps maintenance sustainable for every $\\sigma$, but with $\\delta^* \\to 1$:")
    rows = []
    for sd in (Fraction(1, 20), Fraction(1, 5), Fraction(2, 5), Fraction(1, 2)):
        sdf = float(sd)
        a_mid = 0.5 * (1 + math.erf(-1 / (8 * sdf) / math.sqrt(2)))
        gp = green_porter_discount_factor(Cn, Dn, 0, a_mid, 1 - a_mid)
        zb = 7 / 8 - sdf**2 * math.log(1.5) / 0.25
        ab = 0.5 * (1 + math.erf((zb - 1) / sdf / math.sqrt(2)))
        bb = 0.5 * (1 + math.erf((zb - 0.75) / sdf / math.sqrt(2)))
        gb = green_porter_discount_factor(Cn, Dn, 0, ab, bb)
        rows.append([sp.Rational(sd), f"{a_mid:.4f}", "none" if gp.critical_discount is None else
                     f"{_f(gp.critical_discount):.4f}", f"{zb:.4f}", f"{_f(gb.critical_discount):.4f}"])
    doc.table(["$\\sigma$", "$\\alpha$ (midpoint)", "$\\delta^*$ (midpoint)", "$\\hat y^*$", "$\\delta^*$ (best $\\hat y$)"],
              rows)
    doc.para("Traceability therefore works twice: in the stock model it raises $\\rho$ and the Markov perfect "
             "quality; in the repeated game it makes deviations detectable and lowers the patience that "
             "maintenance needs. Both are drawn below.")
    doc.figure(next(f for f in FIGURES if f.name == "brand_reputation"))


DERIVATIONS = [Derivation("brand", "Regional brand free riding", _build)]


# ================================================================================================
# demo
# ================================================================================================
def _demo(nar) -> None:
    from gametheory.models.brand import CournotBrand, RegionalBrand

    nar.title("Regional brand (区域品牌): free riding, standards and patience")
    nar.step("n firms share a brand; reputation is their average quality")
    nar.say("Each firm pays the whole cost of its quality (k q²/2 per unit) but captures only its share of")
    nar.say("the reputation premium θR. With θ = k = 1 the optimum is q* = 1:")
    rows = []
    for n in (1, 2, 3, 5, 10):
        m = RegionalBrand(n, 1, 1)
        rows.append([n, m.equilibrium().quality, m.first_best().quality, m.welfare_ratio()])
    nar.table(["n", "Nash q", "optimal q", "W^N/W*"], rows)
    nar.say("Nash quality is 1/n of the optimum: the 1/n dilution (搭便车 free riding).")
    nar.step("Unequal shares: the under-provision ratio is the Herfindahl index")
    m = RegionalBrand(3, 1, 1, shares=(Fraction(1, 2), Fraction(1, 3), Fraction(1, 6)))
    nar.say(f"shares (1/2, 1/3, 1/6): Nash qualities {m.equilibrium().qualities}, R^N/R* = H = {m.dilution()}")
    nar.step("The coordinator: subsidy, cost share, enforced standard, traceability (n = 4, λ = 1/4)")
    pol = RegionalBrand(4, 1, 1).coordinate(shadow_cost=Fraction(1, 4), inspection_cost=Fraction(1, 2), max_fine=1,
                                            traceability_cost=Fraction(1, 4))
    nar.table(["instrument", "level", "welfare", "public outlay", "gap closed"],
              [[name, dict(c.level), c.welfare, c.public_outlay, c.gap_closed] for name, c in pol.candidates.items()])
    nar.say(f"Best: {pol.best}. A minimum quality standard (质量标准) would reach the first best without public")
    nar.say("money only if enforcement were free; Nash quality is dominant, so it needs inspections and fines,")
    nar.say("and then the cost share (tax credit) wins below λ ≈ 0.41, traceability above.")
    nar.step("Maintain or free ride: collective moral hazard (not a lemons market)")
    g = RegionalBrand(3, 1, 1).maintenance_game()
    nar.say(f"n = 3, value v = {g.benefit}, cost h = {g.cost}: pure equilibria {g.normal_form().pure_equilibria()} "
            "(0 = maintain, 1 = free ride) — nobody maintains.")
    nar.step("Patience sustains the brand: grim-trigger critical discount factors")
    rows = [[n, RegionalBrand(n, 1, 1).maintenance_game().critical_discount_factor().critical_discount_factor,
             RegionalBrand(n, 1, 1).critical_discount_factor().critical_discount_factor] for n in (2, 3, 5, 10, 20)]
    nar.table(["n", "δ* binary (h/v = 1/2)", "δ* continuous"], rows)
    nar.say("n = 2 with h/v = 1/2 is not a strict prisoners' dilemma (v m_i = h: a firm is indifferent), so its")
    nar.say("δ* = 0 is a boundary case, not cooperation sustained by patience.")
    nar.say("The binary threshold (n-2)/(2(n-1)) rises with n; with continuous quality it is 1/2 for all n.")
    nar.step("Entrants who use the name without meeting the standard (e = 1/4 of sales, quality 0)")
    ent = RegionalBrand(3, 1, 1).with_entrants(Fraction(1, 4))
    pol = ent.policies(enforcement_cost=Fraction(1, 10))
    nar.say(f"Members' Nash quality {ent.equilibrium().quality}, reputation {ent.equilibrium().reputation} = (1-e)^2/n.")
    nar.say(f"Excluding entrants (membership rule, 集体商标) gains {pol.exclusion_gain}; at enforcement cost 1/10 "
            f"the best policy is: {pol.best}.")
    nar.step("Cournot-brand form: quality first, then Cournot (a = 10, b = 1, c = 2, θ = k = 1, n = 4)")
    mm = CournotBrand(4, 10, 1, 2, 1, 1)
    nar.table(["regime", "quality", "welfare"],
              [[label, r.quality, sp.N(r.welfare, 6)] for label, r in
               (("Nash", mm.equilibrium()), ("association", mm.cartel()), ("second best", mm.second_best()),
                ("first best", mm.first_best()))])
    nar.step("Reputation is a stock: built and lost over time (n = 4, θ = k = 1, δ = 9/10)")
    from gametheory.models.brand import ReputationDynamics, green_porter_discount_factor, kalman_gain

    nar.say("Buyers see a noisy signal y = Q + ε of average quality and update R' = (1-ρ)R + ρy; ρ is the")
    nar.say("Kalman gain of the noise σ² (quality volatility ω² = 1/100). Markov perfect quality is s_i Θ/k with")
    nar.say("the effective premium Θ = θδρ/(1-δ+δρ): traceability (small σ²) raises ρ, Θ and quality.")
    rows = []
    for label, noise in (("traceable", Fraction(1, 100)), ("opaque", Fraction(1, 4))):
        g = kalman_gain(noise, Fraction(1, 100))
        rd = ReputationDynamics(4, 1, 1, delta=Fraction(9, 10), gain=g, signal_noise=noise)
        path = rd.expected_path(rd.first_best().steady_reputation, 5, qualities=(0,) * 4)
        rows.append([label, noise, f"{_f(g):.3f}", f"{_f(rd.equilibrium().qualities[0]):.3f}",
                     f"{_f(rd.first_best().qualities[0]):.3f}", f"{_f(rd.half_life()):.2f}",
                     f"{_f(path[5] / path[0]):.3f}"])
    nar.table(["brand", "σ²", "ρ", "Nash q", "optimal q", "half-life", "R_5/R_0 after all free ride"], rows)
    nar.say("A name that buyers learn slowly is also lost slowly.")
    nar.step("Imperfect monitoring: trigger strategies on a noisy signal (Green & Porter 1984)")
    nar.say("Maintain while the signal is good; a bad signal comes with probability α if all maintain, β if")
    nar.say("one free rides. δ* = (π^D - π^C)/[(π^D - π^C)(1-α) + (β-α)(π^C - π^P)]; n = 4: π^C = 1/8,")
    nar.say("π^D = 3/16, π^P = 0.")
    rows = []
    for alpha, beta in ((0, 1), (Fraction(1, 10), Fraction(9, 10)), (Fraction(1, 4), Fraction(3, 4)),
                        (Fraction(2, 5), Fraction(3, 5))):
        gp = green_porter_discount_factor(Fraction(1, 8), Fraction(3, 16), 0, alpha, beta)
        rows.append([alpha, beta, "not sustainable" if gp.critical_discount is None else gp.critical_discount])
    nar.table(["α (false alarm)", "β (detection)", "δ*"], rows)
    nar.say("Worse monitoring raises the patience maintenance needs, and past a point no δ < 1 suffices.")
    nar.figure("brand_quality_by_n")
    nar.figure("brand_instruments_vs_lambda")
    nar.figure("brand_critical_discount")
    nar.figure("brand_reputation")


DEMOS = [Demo("brand", "Regional brand: free riding, standards and the repeated game", _demo,
              figures=("brand_quality_by_n", "brand_instruments_vs_lambda", "brand_critical_discount",
                       "brand_reputation"))]
