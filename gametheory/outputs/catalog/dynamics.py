"""Outputs of the network dynamics: derivation ``dynamics``, three figures, demo ``dynamics``.

Every figure shows replications: ``len(SEEDS)`` clusters and runs (cluster seed ``100 + s``, run
seed ``s``), drawn as the mean and the 10–90 % range across them; the parameters are printed
under each figure and stated beside it in the derivation.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from gametheory.outputs.document import Document
from gametheory.outputs.registry import Demo, Derivation, FigureSpec

__all__ = ["DERIVATIONS", "FIGURES", "DEMOS", "SCENARIOS"]

N_FIRMS = 2000
MEAN_DEGREE = 6.0
STEPS = 300
SEEDS = tuple(range(10))

from gametheory.dynamics.scenarios import SEED003_COOPERATING  # noqa: E402  (13.33 %, seed 003 Table 5)

#: Seed 002's cycle: rare, large innovations by first movers, then diffusion.
CYCLE = dict(innovation_rate=0.0003, innovation_size=0.3, diffusion_rate=0.6)

#: Upgrading paths (seed 002, figure 2): the outside frontier improves 0.4 % a step.
_PATH_RULES = dict(innovation_rate=0.001, innovation_size=0.05, diffusion_rate=0.6, external_growth=0.004)
SCENARIOS: dict[str, dict[str, dict[str, Any]]] = {
    "gatekeepers (all leading firms) link to the outside": dict(cluster=dict(share=1.0, gatekeepers=1.0),
                                                               rules=dict(_PATH_RULES, external_rate=0.1)),
    "no gatekeepers": dict(cluster=dict(share=1.0, gatekeepers=0.0), rules=dict(_PATH_RULES)),
    "no gatekeepers, leaders averse": dict(cluster=dict(share=1.0, gatekeepers=0.0, averse_leaders=True),
                                           rules=dict(_PATH_RULES)),
}

#: Sharing subsidy under imitation (Fermi), on the local-market scale: a leading firm earns
#: about 1 per step, a middle firm 0.25, and 2q_i/(m_k+1) ≈ 0.05–0.2 per unit of a rival's cost cut.
POLICY = dict(innovation_rate=0.02, innovation_size=0.1, diffusion_rate=0.6, update_rule="fermi",
              update_probability=0.1, intensity=20.0, sharing_cost=0.2)
POLICY_SUBSIDY = 0.05


#: What every figure shares: cluster size, graph density, horizon and replications.
_BASE = dict(n_firms=N_FIRMS, mean_degree=MEAN_DEGREE, steps=STEPS, replications=len(SEEDS))


def _cluster(seed: int = 1, share=1.0, gatekeepers: float = 0.0, averse_leaders: bool = False,
             n_firms: int = N_FIRMS, mean_degree: float = MEAN_DEGREE):
    from gametheory.dynamics import Cluster, random_cluster

    c = random_cluster(n_firms, mean_degree, share=share, gatekeepers=gatekeepers, seed=seed)
    if averse_leaders:
        c = Cluster(c.adjacency, costs=c.costs, share=c.share & ~c.innovators, seek=c.seek,
                    absorptive_capacity=c.absorptive_capacity, gatekeepers=c.gatekeepers, innovators=c.innovators,
                    segments=c.segments)
    return c


def _runs(kind: str, key: Any, n_firms: int = N_FIRMS, mean_degree: float = MEAN_DEGREE, steps: int = STEPS,
          replications: int = len(SEEDS), **rules: Any) -> tuple:
    """The replications of one setting (cached: figures, tests and the demo share them)."""
    return _runs_cached(kind, key, int(n_firms), float(mean_degree), int(steps), int(replications),
                        tuple(sorted(rules.items())))


@functools.lru_cache(maxsize=None)
def _runs_cached(kind: str, key: Any, n_firms: int, mean_degree: float, steps: int, replications: int,
                 rule_items: tuple) -> tuple:
    from gametheory.dynamics import Rules, simulate

    seeds = range(replications)
    net: dict[str, Any] = dict(n_firms=n_firms, mean_degree=mean_degree)
    rules = dict(rule_items)
    if kind == "cycles":
        return tuple(simulate(_cluster(100 + s, **net), Rules(**rules), steps, seed=s) for s in seeds)
    if kind == "paths":
        spec = SCENARIOS[key]
        own = {k: v for k, v in rules.items() if k != "external_rate"}
        if "external_rate" in spec["rules"]:
            own["external_rate"] = rules.get("external_rate", spec["rules"]["external_rate"])
        return tuple(simulate(_cluster(100 + s, **spec["cluster"], **net), Rules(**own), steps, seed=s)
                     for s in seeds)
    if kind == "policy":
        from gametheory.dynamics import attitudes_by_tier

        return tuple(simulate(_cluster(100 + s, share=attitudes_by_tier(), **net), Rules(**rules, subsidy=key),
                              steps, seed=s) for s in seeds)
    raise ValueError(kind)  # pragma: no cover


def _bands(rows: list[np.ndarray]) -> dict[str, np.ndarray]:
    x = np.vstack(rows)
    return {"mean": x.mean(axis=0), "p10": np.percentile(x, 10, axis=0), "p90": np.percentile(x, 90, axis=0)}


def _band_keys(out: dict[str, Any], name: str, rows: list[np.ndarray]) -> None:
    for k, v in _bands(rows).items():
        out[f"{name}_{k}"] = v


_STYLES = {"C0": "-", "C1": "--", "C2": ":", "0.5": "-."}   # distinguishable in greyscale too


def _plot_band(ax, t, d, name, label, color):
    ax.fill_between(t, d[f"{name}_p10"], d[f"{name}_p90"], color=color, alpha=0.2, lw=0)
    ax.plot(t, d[f"{name}_mean"], color=color, ls=_STYLES.get(color, "-"), label=label)


def _common() -> str:
    return (f"{N_FIRMS} firms, mean degree {MEAN_DEGREE:g}, tiers 5/25/70 % at costs 1/1.5/2, segments of 10, "
            f"a = 4, b = 1; mean and 10–90 % range over {len(SEEDS)} seeds")


def cycles_data(**params: Any) -> dict[str, Any]:
    """Capability gap and capabilities over time (innovation → diffusion cycles), over seeds.

    ``*_mean/_p10/_p90``: across replications; ``gap``, ``innovations``, ``frontier_capability``,
    ``mean_capability``: the first replication (cycles are a property of one run; averaging over
    runs smooths them away).
    """
    params = {**_BASE, **CYCLE, **params}
    runs = _runs("cycles", None, **params)
    out: dict[str, Any] = {"t": np.arange(params["steps"] + 1), "seeds": np.arange(params["replications"])}
    first = runs[0]
    c0 = first.mean_cost[0]
    out.update(gap=first.gap, innovations=first.innovations, frontier_capability=np.log(c0 / first.frontier),
               mean_capability=np.log(c0 / first.mean_cost))
    _band_keys(out, "gap", [r.gap for r in runs])
    _band_keys(out, "frontier_cap", [np.log(r.mean_cost[0] / r.frontier) for r in runs])
    _band_keys(out, "mean_cap", [np.log(r.mean_cost[0] / r.mean_cost) for r in runs])
    return out


def cycles_draw(d: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax1, ax2 = fig.subplots(2, 1, sharex=True)
    t = d["t"]
    _plot_band(ax1, t, d, "frontier_cap", "frontier (first movers)", "C0")
    _plot_band(ax1, t, d, "mean_cap", "cluster average", "C1")
    ax1.set(ylabel="capability log(c̄₀/c)\n(log points)", title="Innovation → diffusion → innovation")
    ax1.legend(fontsize=8)
    _plot_band(ax2, t, d, "gap", f"mean of {len(d['seeds'])} runs", "0.5")
    ax2.plot(t, d["gap"], color="C3", lw=1.0, label="one run (seed 0)")
    for s in t[d["innovations"] > 0]:
        ax2.axvline(s, color="0.8", lw=0.6, zorder=0)
    ax2.set(xlabel="step", ylabel="gap 1 − c_min/c̄\n(share of mean cost)")
    ax2.legend(fontsize=8, loc="upper right")
    return fig


def paths_data(**params: Any) -> dict[str, Any]:
    """Mean cost relative to the outside frontier, log(c_ext(t)/c̄(t)), under three regimes."""
    params = {**_BASE, **_PATH_RULES, "external_rate": 0.1, **params}
    out: dict[str, Any] = {"t": np.arange(params["steps"] + 1), "names": list(SCENARIOS),
                           "seeds": np.arange(params["replications"])}
    for i, name in enumerate(SCENARIOS):
        growth = params.get("external_growth", 0.0)
        rows = [np.log(r.frontier[0] * (1 - growth) ** out["t"] / r.mean_cost) for r in _runs("paths", name, **params)]
        _band_keys(out, f"relative_{i}", rows)
    return out


def paths_draw(d: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    for i, name in enumerate(d["names"]):
        _plot_band(ax, d["t"], d, f"relative_{i}", name, f"C{i}")
    ax.axhline(0, color="k", lw=0.6)
    ax.set(xlabel="step", ylabel="log(c_ext / c̄)  (log points; 0 = at the outside frontier)",
           title="Cluster average against an improving outside frontier")
    ax.legend(fontsize=8, loc="lower left")
    return fig


def policy_data(**params: Any) -> dict[str, Any]:
    """Share of sharing attitudes and the gap, laissez-faire vs a sharing subsidy (Fermi imitation)."""
    params = {**_BASE, **POLICY, "subsidy": POLICY_SUBSIDY, **params}
    subsidy_level = params.pop("subsidy")
    out: dict[str, Any] = {"t": np.arange(params["steps"] + 1), "seeds": np.arange(params["replications"]),
                           "subsidy": subsidy_level}
    for key, subsidy in (("laissez_faire", 0.0), ("subsidy", subsidy_level)):
        runs = _runs("policy", subsidy, **params)
        _band_keys(out, f"share_{key}", [r.share_preference for r in runs])
        _band_keys(out, f"gap_{key}", [r.gap for r in runs])
        out[f"welfare_{key}"] = np.array([r.welfare.mean() for r in runs])
        out[f"producing_{key}"] = np.array([r.producing[-1] for r in runs])
    return out


def policy_draw(d: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    for i, (key, label) in enumerate((("laissez_faire", "laissez-faire"),
                                      ("subsidy", f"subsidy {d['subsidy']:g} per sharing firm-step"))):
        _plot_band(ax1, d["t"], d, f"share_{key}", label, f"C{i}")
        _plot_band(ax2, d["t"], d, f"gap_{key}", label, f"C{i}")
    ax1.set(xlabel="step", ylabel="share of firms preferring diffusion", title="Attitudes (imitation)")
    ax2.set(xlabel="step", ylabel="gap 1 − c_min/c̄ (share of mean cost)", title="Capability gap")
    ax1.legend(fontsize=8)
    fig.subplots_adjust(wspace=0.35)
    return fig


def local_market_measurements() -> list[tuple]:
    """Share of firms producing and |∂π_i/∂c_j| between linked rivals, one market vs segments of 10."""
    from gametheory.dynamics import random_cluster
    from gametheory.models.market import cournot_segments

    rows = []
    for n in (10**3, 10**5):
        for label, kw in (("one market", dict(segment_size=None)), ("segments of 10", {})):
            c = random_cluster(n, MEAN_DEGREE, seed=1, **kw)
            out = cournot_segments(c.costs, c.segments, 2 * c.costs.max(), 1.0)
            q, m, seg = out["quantities"], out["firms_active"], c.segments
            rival = (seg[c.src] == seg[c.dst]) & (q[c.src] > 0) & (q[c.dst] > 0)
            d = 2 * q[c.src[rival]] / (m[seg[c.src[rival]]] + 1)
            rows.append((f"{n:,}", label, f"{(q > 0).mean():.2f}", f"{(q[c.costs == 2.0] > 0).mean():.2f}",
                         f"{d.mean():.3g}" if d.size else "—"))
    return rows


def build() -> str:
    from gametheory.dynamics import ABSORPTIVE_CAPACITY, attitudes_by_tier

    doc = Document("Cluster upgrading on networks: notes on the dynamics",
                   subtitle="Generated by `gametheory derive dynamics` — do not edit by hand.")
    doc.para("Seed 002 (Ji & Hu) describes cluster upgrading as a cycle: a first mover innovates and earns excess "
             "profit, the capability gap (能力差距) widens; imitation and diffusion (技术扩散) narrow it; a near-zero gap "
             "means stagnation until the next innovation; clusters can jump to a higher path, lock in or decline. Seed "
             "001 asks for bottom-up simulation (cellular automata, 元胞自动机) and reports Kuang & Zhang's attitudes "
             "(leaders averse to diffusion, laggards in favour); seed 003 names the leading firms (领军企业) as the "
             "technology gatekeepers (技术守门员) whose absorptive capacity (吸收能力) links the cluster to outside "
             "knowledge. `gametheory.dynamics` puts these mechanisms on a graph of firms that compete in local "
             "markets.")
    doc.heading("Notation")
    doc.table(["symbol", "meaning", "code"], [
        ["$c_i$", "unit cost of firm $i$ (technology level; lower is better)", "`Cluster.costs`"],
        ["$i, j$", "firms (nodes of the cluster's graph)", "`Cluster`"],
        ["$n$", "number of firms", "`Cluster.n_firms`"],
        ["$k$", "product segment of a firm: its own Cournot market", "`Cluster.segments`"],
        ["$P_k = a - bQ_k$", "inverse demand in segment $k$ (price $P_k$, total output $Q_k$)", "`Rules.demand`"],
        ["$m_k$", "firms producing in segment $k$", "`cournot_segments(...)['firms_active']`"],
        ["$CS, PS$", "consumer and producer surplus of the segments", "`Run.welfare`"],
        ["$q_i, \\pi_i$", "Cournot quantity and profit of firm $i$ in its segment", "`Run.final_profits`"],
        ["$\\beta_i$", "absorptive capacity", "`Cluster.absorptive_capacity`"],
        ["$r$", "diffusion rate", "`diffusion_rate`"],
        ["$d_j$", "number of links of firm $j$", "`Cluster`"],
        ["$\\theta_{ij}$", "share of the cost gap to source $i$ that recipient $j$ closes per step, $r/d_j$", "—"],
        ["$\\rho, \\delta$", "innovation probability per leader and step; cost cut $c \\leftarrow (1-\\delta)c$",
         "`innovation_rate`, `innovation_size`"],
        ["$e, g$", "gatekeepers' pull toward the outside frontier; its improvement per step",
         "`external_rate`, `external_growth`"],
        ["$\\sigma$", "sharing cost per unit of cost reduction transmitted (units of output)", "`sharing_cost`"],
        ["$\\kappa, u$", "imitation intensity; share of firms revising per step", "`intensity`, `update_probability`"],
        ["$s, f$", "subsidy to a sharing firm and fine on an averse firm, per step", "`subsidy`, `fine`"],
        ["$\\Delta c_j$", "the cost reduction a firm's sharing transmits to firm $j$ in one step", "—"],
        ["$x$", "share of firms that share (mean field)", "`Run.share_preference`"],
        ["$t$", "step", "—"],
        ["$c^{ext}$", "unit cost at the outside technology frontier", "`Run.frontier`"],
        ["$\\mathrm{gap}$", "capability gap $1 - c_{min}/\\bar c$", "`Run.gap`"],
    ])
    doc.heading("1. Market structure: local competition")
    doc.para("Every firm sells in one product segment (`Cluster.segments`); each segment is its own linear Cournot "
             "market $P_k = a - bQ_k$ with its own active set, solved for all segments at once by "
             "`gametheory.models.market.cournot_segments` (the closed-form active set of the market block, vectorised "
             "with a sort by segment and cost and prefix sums; tested against `Cournot` segment by segment). On the "
             "active set $\\partial\\pi_i/\\partial c_j = 2q_i/(m_k+1)$ for rivals $j$ of $i$'s segment and 0 for "
             "firms of other segments. One segment of three firms is the static three-tier game: with $a = 4$, "
             "$b = 1$ and costs $(1, 1.5, 2)$ the dynamics' profits are $(1.265625, 0.390625, 0.015625)$ and welfare "
             "$3.4296875$, those of `Cournot(4, 1, [1, 1.5, 2])` (tested). `random_cluster` puts consecutive blocks "
             "of 10 firms (tiers drawn independently, so segments mix tiers) in a segment and draws half of the "
             "links inside segments (rivals know each other), the rest anywhere; default demand $a = 2\\max_i c_i = 4$, "
             "$b = 1$ per segment.")
    doc.para("Why local: in one market for the whole cluster only the leading tier produces once there are "
             "thousands of firms, and $\\partial\\pi_i/\\partial c_j$ shrinks like $1/m$, so profits would not move "
             "attitudes. Measured on `random_cluster(n, 6, seed=1)` with and without segments (rivals: linked, same "
             "market, both producing; the static three-firm game has mean $|\\partial\\pi_i/\\partial c_j| = 0.3125$ "
             "over its six ordered pairs):")
    doc.table(["firms", "markets", "share producing", "laggards producing", "mean |∂π_i/∂c_j|, linked rivals"],
              local_market_measurements())
    doc.heading("2. Mechanics of one step")
    doc.bullets([
        "Innovation: each first mover (leading firm) succeeds with probability $\\rho$ and cuts its cost, "
        "$c_i \\leftarrow (1-\\delta)c_i$.",
        "Diffusion along consenting links: for $c_i < c_j$, source sharing and recipient seeking, "
        "$\\theta_{ij} = r/d_j$ and $c_j' = c_j - \\beta_j \\sum_i \\theta_{ij}(c_j - c_i)$ — DESIGN's diffusion matrix "
        "with $\\sum_i \\theta_{ij} \\le 1$, a convex combination, so costs never undershoot the best source. "
        "Knowledge flows across segments too (sharing with a non-rival costs no profit).",
        "Gatekeepers: $c_j \\leftarrow c_j - \\beta_j e\\,(c_j - c^{ext})^+$ with an outside frontier improving at rate $g$.",
        "Attitudes: imitation of a random neighbour with the Fermi probability $1/(1+e^{-\\kappa(\\pi_{nbr}-\\pi_i)})$ "
        "on payoffs = profit + subsidy − fine − sharing cost, or best response: share iff "
        "$s + f \\ge \\sum_j (\\frac{2q_i}{m_k+1}[j \\text{ a producing rival}] + \\sigma)\\,\\Delta c_j$.",
        "Sharing cost: $\\sigma$ per unit of cost reduction a firm transmits, charged each step on each link along "
        "which knowledge flows, $\\sigma \\sum_j \\beta_j\\theta_{ij}(c_j - c_i)$ — in units of output, comparable "
        "to $2q_i/(m_k+1)$ (≈ 0.05–0.2 for a leader in a segment of 10). It vanishes as gaps close, so a "
        "converged cluster pays nothing, and total sharing costs are bounded by $\\sigma$ times the total cost "
        "reduction (the old per-event charge made welfare −285 at σ = 0.05 on 2,000 firms).",
        "Welfare per step: the segments' $CS + PS$ minus sharing costs minus the shadow cost of public funds "
        "times the outlay (subsidies − fines).",
    ])
    doc.heading("3. Calibration and assumptions")
    doc.table(["parameter", "value", "source"], [
        ["gatekeepers", "leading firms (`gatekeepers` = share of the leading tier)",
         "seed 003: 领军企业 are the 技术守门员, 'first to identify, absorb, apply and diffuse' outside knowledge"],
        ["absorptive capacity by tier (leading, middle, lagging)",
         ", ".join(f"U({lo:g}, {hi:g})" for lo, hi in ABSORPTIVE_CAPACITY),
         "assumption keeping seed 003's ranking (leaders' 较强吸收能力); the seeds give no numbers"],
        ["starting share of sharing firms (policy figure)", f"{SEED003_COOPERATING}",
         "seed 003, Table 5: 13.33 % of firms cooperate with regional firms on joint development, trade or finance"],
        ["starting sharing probability by tier (leading, middle, lagging)",
         ", ".join(f"{p:.3f}" for p in attitudes_by_tier()),
         "seed 000, Table 4: core firm → technology power 0.209, technology power → local networking −0.183 "
         "(total −0.038, standardised), read as a probit on a leader dummy with overall share 13.33 % "
         "(`attitudes_by_tier`; the probit reading and pooling the two clusters are assumptions)"],
        ["tiers, costs", "5/25/70 %, 1/1.5/2", "assumption (the static three-tier game's costs)"],
        ["segment size, local links, demand", "10, 50 %, $a = 4$, $b = 1$", "assumption"],
        ["$\\rho, \\delta, r, e, g, \\kappa, u, \\sigma$", "per figure below", "assumptions, stated with each figure"],
    ])
    doc.heading("4. What the mechanics imply (tested)")
    doc.bullets([
        "Without innovation or gatekeepers the lowest cost never changes and every other cost moves toward it, so the "
        "gap $1 - c_{min}/\\bar c$ is non-increasing and, on a connected cluster of willing firms, tends to 0.",
        "If every firm is averse nothing diffuses.",
        "On a line, a single innovation travels one link per step; after one step the neighbour's cost is "
        "$c_1 - \\beta r/d_1\\,(c_1 - c_0)$.",
        "Profits alone (no subsidy, fine or sharing cost) make leaders averse and laggards willing under best "
        "response — Kuang & Zhang's ranking: on 10⁴ firms after one step about 24 % of leading, 39 % of middle "
        "and 63 % of lagging firms share.",
        "Mean field: with payoffs that differ only by the policy's $s + f$, Fermi imitation moves the share "
        "of sharing firms by $u\\,x(1-x)\\tanh(\\kappa(s + f)/2)$ per step — the replicator equation "
        "(a logistic curve) on a rescaled clock (one well-mixed market; on sparse or clustered graphs "
        "imitation builds positive assortment and the share moves more slowly).",
    ])
    doc.heading("5. Figures")
    doc.para(f"All three: {_common()} (cluster seed 100 + s, run seed s, s = 0…{len(SEEDS) - 1}); "
             f"{STEPS} steps. Bands are the 10–90 % range across replications, lines their mean.")
    cyc = cycles_data()
    doc.bullets([
        f"`dynamics_cycles` (ρ = {CYCLE['innovation_rate']}, δ = {CYCLE['innovation_size']}, r = "
        f"{CYCLE['diffusion_rate']}): rare large innovations widen the gap, diffusion closes it — seed 002's "
        f"cycle, shown for one run (seed 0: {int(cyc['innovations'].sum())} innovations, largest gap "
        f"{cyc['gap'].max():.3f}) over the band of all runs. The gap rises only in steps with an innovation (tested).",
    ])
    doc.figure(FIGURES[0])
    p = paths_data()
    slope = (p["relative_1_mean"][-1] - p["relative_1_mean"][-101]) / 100
    finals = ", ".join(f"{name}: {p[f'relative_{i}_mean'][-1]:+.3f}" for i, name in enumerate(p["names"]))
    doc.bullets([
        f"`dynamics_paths` (ρ = {_PATH_RULES['innovation_rate']}, δ = {_PATH_RULES['innovation_size']}, r = "
        f"{_PATH_RULES['diffusion_rate']}, g = {_PATH_RULES['external_growth']}, e = 0.1 for gatekeepers): the "
        "curve is $\\log(c^{ext}(t)/\\bar c(t))$, the cluster's mean cost against the outside frontier in log "
        "points. With the leading firms as gatekeepers the cluster rises toward the frontier and then keeps pace "
        "with it at a constant distance; without gatekeepers it catches up internally, then falls behind at "
        f"nearly the frontier's rate (slope {slope:.4f} per step over the last 100 steps against "
        "log(1 − g) = −0.0040; the leaders' own innovations make up the difference); when the leaders are "
        f"averse the followers are locked in further behind. Final means: {finals}.",
    ])
    doc.figure(FIGURES[1])
    pol = policy_data()
    doc.bullets([
        f"`dynamics_policy` (Fermi imitation, u = {POLICY['update_probability']}, κ = {POLICY['intensity']:g}, σ = "
        f"{POLICY['sharing_cost']}, ρ = {POLICY['innovation_rate']}, δ = {POLICY['innovation_size']}, r = "
        f"{POLICY['diffusion_rate']}; start {100 * SEED003_COOPERATING:.2f} % sharing as in seed 003, leaders "
        "less often as in seed 000): under "
        f"laissez-faire imitation of more profitable neighbours drives sharing from 13 % to "
        f"{100 * pol['share_laissez_faire_mean'][-1]:.0f} % — sharers make their rivals stronger; a subsidy of "
        f"{POLICY_SUBSIDY:g} per sharing firm and step (a leading firm earns about 1) raises it to "
        f"{100 * pol['share_subsidy_mean'][-1]:.0f} % and lowers the final gap from {pol['gap_laissez_faire_mean'][-1]:.3f} "
        f"to {pol['gap_subsidy_mean'][-1]:.3f}; mean welfare per step {pol['welfare_laissez_faire'].mean():.0f} vs "
        f"{pol['welfare_subsidy'].mean():.0f} (sharing costs included, subsidies a transfer).",
    ])
    doc.figure(FIGURES[2])
    doc.heading("6. Scale")
    doc.para("Every step is a fixed number of vectorised passes over the edge list (gathers, bincounts) plus one "
             "sort of the firms for the segment markets: cost is linear in links and of order $n \\log n$ in firms. "
             "`tests/benchmarks/bench_dynamics.py` measures 10³–10⁶ firms (mean degree 10, every mechanism on) "
             "against a bare sparse mat-vec `A @ x` on the same graph: on the numpy path a step costs 7–19 of "
             "them, and 10⁶ firms take about 0.5 s per step with a peak RSS under 1 GiB (issues 18 and 20, two "
             "shared cores); with the `fast` extra (numba) the run is compiled and gives the same numbers bit for "
             "bit, at 2.1–3.0 mat-vecs per step (7–25 ns per link; 10⁶ firms about 0.11 s per step). "
             "Parameter sweeps and Monte Carlo replications go through `gametheory.dynamics.sweep`, which seeds every "
             "run from one `SeedSequence`, runs small sweeps serially (`executor=\"auto\"`: starting workers would "
             "dominate them) and batches large ones into a few tasks per worker, so a local process pool and a "
             "dask cluster (`executor=\"dask\"`, or a `Client(\"tcp://scheduler:8786\")` for several machines) give "
             "the same numbers (tested); `progress=True` shows a tqdm bar.")
    return doc.render()


def demo(say) -> None:
    import networkx as nx

    from gametheory.dynamics import Cluster, Rules, simulate

    say.title("Cluster upgrading on a network")
    say.step("A line of four firms: one innovation travels one link per step")
    cluster = Cluster(nx.path_graph(4), costs=np.array([1.0, 2.0, 2.0, 2.0]))
    for t in range(4):
        say.say(f"  step {t}: costs {np.round(simulate(cluster, Rules(diffusion_rate=0.5), t).final_costs, 4).tolist()}")
    say.step("One segment of three firms is the static three-tier Cournot game")
    three = simulate(Cluster(nx.path_graph(3), costs=np.array([1.0, 1.5, 2.0])), Rules(demand=(4.0, 1.0)), 0)
    say.say(f"  profits {three.final_profits.tolist()}; welfare {three.welfare[0]}")
    say.step(f"Innovation → diffusion → innovation on {N_FIRMS:,} firms, {len(SEEDS)} replications")
    d = cycles_data()
    say.say(f"  seed 0: innovations {int(d['innovations'].sum())}; largest gap {d['gap'].max():.3f}; "
            f"final gap {d['gap'][-1]:.3f} (mean over runs {d['gap_mean'][-1]:.3f})")
    say.figure("dynamics_cycles")
    say.step("Upgrading paths and the role of gatekeepers (leading firms)")
    p = paths_data()
    for i, name in enumerate(p["names"]):
        say.say(f"  {name}: final log(c_ext/c̄) {p[f'relative_{i}_mean'][-1]:+.3f} "
                f"(10–90 %: {p[f'relative_{i}_p10'][-1]:+.3f} … {p[f'relative_{i}_p90'][-1]:+.3f})")
    say.figure("dynamics_paths")


DERIVATIONS = [Derivation("dynamics", "Cluster upgrading on networks", build)]
_NET = ("{n_firms} firms on a random graph of mean degree {mean_degree:g} (tiers 5/25/70 % at costs 1/1.5/2, "
        "segments of 10 firms with demand a = 4, b = 1); {steps} steps; lines are means and bands the 10–90 % "
        "range over {replications} replications (cluster seed 100 + s, run seed s).")
FIGURES = [
    FigureSpec("dynamics_cycles", "Innovation-diffusion cycles", cycles_data, cycles_draw, size=(7.0, 5.6),
               params={**_BASE, **CYCLE},
               caption="Innovation → diffusion → innovation. Top: capability log(c̄₀/c) of the first movers' "
                       "frontier and of the cluster average; bottom: the capability gap 1 − c_min/c̄, its mean "
                       "over runs and one run (seed 0), with that run's innovations as grey vertical lines. "
                       "Innovation probability ρ = {innovation_rate} per leader and step, size δ = "
                       "{innovation_size}; diffusion rate r = {diffusion_rate}. " + _NET),
    FigureSpec("dynamics_paths", "Upgrading paths against an outside frontier", paths_data, paths_draw,
               size=(7.0, 5.0), params={**_BASE, **_PATH_RULES, "external_rate": 0.1},
               caption="The cluster's mean cost against an outside frontier improving g = {external_growth} a "
                       "step, log(c^ext/c̄) (0 = at the frontier), with the leading firms as gatekeepers (each "
                       "closes β·e of its gap to the frontier a step, e = {external_rate}), without gatekeepers, "
                       "and without gatekeepers with averse leaders. Innovation ρ = {innovation_rate}, δ = "
                       "{innovation_size}; diffusion rate r = {diffusion_rate}. " + _NET),
    FigureSpec("dynamics_policy", "Sharing subsidy under imitation", policy_data, policy_draw, size=(9.0, 4.4),
               params={**_BASE, **POLICY, "subsidy": POLICY_SUBSIDY},
               caption="Share of firms preferring diffusion (left) and the capability gap (right) under "
                       "laissez-faire and a subsidy of {subsidy} per sharing firm and step. Attitudes by "
                       "{update_rule} imitation (update probability u = {update_probability}, intensity κ = "
                       "{intensity:g}); sharing cost σ = {sharing_cost} per unit of cost reduction "
                       "transmitted; start 13.33 % sharing (seed 003, Table 5), leaders less often (seed 000). "
                       "Innovation ρ = {innovation_rate}, δ = {innovation_size}; diffusion rate r = "
                       "{diffusion_rate}. " + _NET),
]
DEMOS = [Demo("dynamics", "Cluster upgrading on a network of firms", demo, figures=("dynamics_cycles", "dynamics_paths"))]
