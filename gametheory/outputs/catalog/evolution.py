"""Outputs of the evolutionary versions: derivation ``evolution``, six figures, demo ``evolution``.

Figures: the brand-inspection phase portrait, diffusion paths of the three-population game, its
basins of attraction, the coordination region a subsidy opens against λ, three portraits
(bistable diffusion, rock-paper-scissors, the coordinated diffusion game), and a sensitivity analysis of the tripartite game. Each figure
is a ``*_data`` function (numbers, declared parameters) and a ``*_draw`` function (the
publication style of :mod:`gametheory.core.plotting`).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import sympy as sp

from gametheory.core.params import to_expr
from gametheory.core.results import canonical
from gametheory.outputs.document import Document, tex
from gametheory.outputs.registry import Demo, Derivation, FigureSpec

__all__ = ["DERIVATIONS", "FIGURES", "DEMOS", "MARKET", "COORDINATED", "UNREWARDED", "FINES", "BISTABLE",
           "INSPECTION"]

#: Cournot market behind the diffusion game (by hand: profits (100/9, 16/9) without the flow,
#: (64/9, 64/9) with it; welfare 214/9 and 256/9).
MARKET = dict(a=10, b=1, leader_cost=2, laggard_cost=4, beta=1)
#: A coordinating government that gains from coordinating (R - C - 2 lambda s = 5/2 > 0).
COORDINATED = dict(subsidy=3, fine=2, coordination_cost=1, reward=5, shadow_cost=sp.Rational(1, 4))
#: Same instruments, no reward: lambda (f - s) = -1/4 < C, so the government leaves once firms
#: comply and the leader averts (paths end on an edge of rest points, nothing diffuses).
UNREWARDED = dict(subsidy=3, fine=2, coordination_cost=1, reward=0, shadow_cost=sp.Rational(1, 4))
#: No reward, no subsidy, a fine just short of the leader's loss: lambda f = 0.975 > C = 1/2 and
#: s + f = 3.9 < 4, so the government stays to collect fines while nothing diffuses.
FINES = dict(subsidy=0, fine=sp.Rational(39, 10), coordination_cost=sp.Rational(1, 2), reward=0,
             shadow_cost=sp.Rational(1, 4))
#: Licensing with costly openness: two ESS, (share, seek) and (avert, avert).
BISTABLE = dict(fee=sp.Rational(9, 2), sharing_cost=sp.Rational(1, 4), absorbing_cost=sp.Rational(1, 4))
#: Brand inspection game with a centre at (1/2, 3/5).
INSPECTION = dict(n=5, theta=2, k=1, inspection_probability=sp.Rational(1, 2), fine=4, supervision_cost=1)


def _models():
    from gametheory.models.evolution import BrandInspection, CommonTechCofunding, DiffusionEvolution

    return DiffusionEvolution, BrandInspection, CommonTechCofunding


# -- figures ----------------------------------------------------------------------------------
#: The brand phase portrait's parameters (INSPECTION, λ = 0: fines carry no revenue value).
BRAND_PARAMETERS = dict(n=5, theta=2, k=1, inspection_probability=0.5, fine=4, supervision_cost=1, shadow_cost=0)
BRAND_CAPTION = ("Regional-brand inspection game, replicator dynamics: streamlines of the field (grey) and four "
                 "closed orbits, each drawn over one revolution and closed, around the centre (open diamond; "
                 "never an ESS). Firms n = {n}, quality value θ = {theta}, cost k = {k}, inspection probability "
                 "p = {inspection_probability}, fine f_B = {fine}, supervision cost C_S = {supervision_cost}, "
                 "shadow cost λ = {shadow_cost}.")


def _exact(v: Any) -> Any:
    """A published number as an exact sympy number (binary-exact floats such as 0.5 stay exact)."""
    return sp.Rational(v).limit_denominator(10 ** 6) if isinstance(v, float) else to_expr(v)


def brand_phase_data(n=5, theta=2, k=1, inspection_probability=0.5, fine=4, supervision_cost=1,
                     shadow_cost=0) -> dict[str, Any]:
    """Vector field and orbits of the brand inspection game (maintain share x, supervise share y)."""
    _, BrandInspection, _ = _models()
    model = BrandInspection(n=n, theta=theta, k=k, inspection_probability=_exact(inspection_probability),
                            fine=fine, supervision_cost=supervision_cost, shadow_cost=_exact(shadow_cost))
    rep = model.replicator()
    grid = np.linspace(0.02, 0.98, 25)
    X, Y = np.meshgrid(grid, grid)
    states = np.stack([X.ravel(), 1 - X.ravel(), Y.ravel(), 1 - Y.ravel()], axis=1)
    vel = rep.velocity(states)
    starts = np.array([[0.5, 0.65], [0.5, 0.75], [0.5, 0.85], [0.5, 0.95]])
    sim = rep.simulate(starts, np.linspace(0, 60, 3001), max_step=0.01)
    # one full revolution per orbit: cut at the first return to the start's half-line x = 1/2,
    # y > y*, after the orbit has left it (the period grows with the amplitude); the drawn
    # curve is then closed by its first point (the orbit is closed: a constant of motion)
    x, y = sim.states[:, :, 0], sim.states[:, :, 2]
    cx, cy = model.cycle_centre()
    ends = []
    for j in range(x.shape[1]):
        crossing = np.nonzero((x[:-1, j] < 0.5) & (x[1:, j] >= 0.5) & (y[1:, j] > float(cy)))[0]
        ends.append(int(crossing[0]) + 1 if crossing.size else x.shape[0])
    periods = np.array([sim.t[e - 1] for e in ends])
    return {
        "x": X, "y": Y, "u": vel[:, 0].reshape(X.shape), "v": vel[:, 2].reshape(X.shape),
        "orbit_x": x, "orbit_y": y, "orbit_end": np.array(ends), "period": periods,
        "centre": np.array([float(cx), float(cy)]),
    }


def brand_phase_draw(d: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    ax.streamplot(d["x"], d["y"], d["u"], d["v"], color="0.8", density=0.9, linewidth=0.6, arrowsize=0.8)
    for i in range(d["orbit_x"].shape[1]):
        e = int(d["orbit_end"][i])
        xs = np.r_[d["orbit_x"][:e, i], d["orbit_x"][0, i]]          # closed: back to the first point
        ys = np.r_[d["orbit_y"][:e, i], d["orbit_y"][0, i]]
        ax.plot(xs, ys, lw=1.3, color="C0", label="closed orbits (one revolution each)" if i == 0 else None)
    ax.plot(*d["centre"], "D", color="black", ms=7, markerfacecolor="white", mew=1.2, linestyle="none",
            label="centre (Lyapunov stable, never an ESS)")
    cx, cy = d["centre"]
    ax.annotate(f"centre ({sp.nsimplify(round(cx, 6))}, {sp.nsimplify(round(cy, 6))})", (cx, cy),
                textcoords="offset points", xytext=(9, -3), fontsize=8)
    from matplotlib.lines import Line2D

    handles, _ = ax.get_legend_handles_labels()
    handles.insert(0, Line2D([], [], color="0.8", lw=0.8, label="direction of motion (streamlines)"))
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="share of firms maintaining quality",
           ylabel="share of supervisors inspecting",
           title="Brand inspection game: closed orbits around a centre")
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=8)
    fig.subplots_adjust(bottom=0.25)
    return fig


PATHS_PARAMETERS = dict(t_max=40, starts=((0.2, 0.5, 0.5), (0.5, 0.3, 0.3), (0.8, 0.8, 0.2)))
PATHS_CAPTION = ("Tripartite diffusion game (leaders × laggards × government; Cournot a = 10, b = 1, costs "
                 "(2, 4), β = 1, λ = 1/4): shares preferring diffusion / coordinating over time t ≤ {t_max} "
                 "from the starts {starts} (leaders, laggards, government; one colour per start, one line "
                 "style per population). Left: R = 5, s = 3, f = 2, C = 1 (coordination with diffusion is "
                 "the ESS). Middle: R = 0, same s, f, C (the government leaves, the leader averts). Right: "
                 "R = 0, s = 0, f = 3.9, C = 1/2 (the government stays to collect fines, nothing diffuses).")


def diffusion_paths_data(t_max=40, starts=((0.2, 0.5, 0.5), (0.5, 0.3, 0.3), (0.8, 0.8, 0.2))) -> dict[str, Any]:
    """Three-population time paths: a rewarded government, an unrewarded one that leaves, an
    unrewarded one that stays to collect fines."""
    DiffusionEvolution, _, _ = _models()
    t = np.linspace(0, float(t_max), 401)
    starts = np.array(starts, dtype=float)
    out: dict[str, Any] = {"t": t, "starts": starts}
    for key, policy in (("rewarded", COORDINATED), ("unrewarded", UNREWARDED), ("fines", FINES)):
        rep = DiffusionEvolution(**MARKET, **policy).replicator()
        sim = rep.simulate(starts, t, max_step=0.02)
        out[key] = sim.states[:, :, 0::2]          # (time, start, population): preferring shares
    return out


_PATH_PANELS = (
    ("rewarded", "R = 5, s = 3, f = 2, C = 1:\ncoordination with diffusion (ESS)"),
    ("unrewarded", "R = 0, s = 3, f = 2, C = 1:\ngovernment leaves, leader averts"),
    ("fines", "R = 0, s = 0, f = 3.9, C = 1/2:\ngovernment stays to fine, no diffusion"),
)


def diffusion_paths_draw(d: dict[str, Any]):
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    fig = Figure()
    axes = fig.subplots(1, 3, sharey=True)
    from matplotlib import colormaps

    names = ("leaders sharing", "laggards seeking", "government coordinating")
    styles: tuple[Literal["-", "--", ":"], ...] = ("-", "--", ":")
    shades = [colormaps["viridis"](v) for v in (0.0, 0.5, 0.82)]   # dark, mid, light: distinct in greyscale
    for ax, (key, title) in zip(axes, _PATH_PANELS):
        for j in range(d[key].shape[1]):
            for k in range(3):
                ax.plot(d["t"], d[key][:, j, k], styles[k], color=shades[j], lw=1.3)
        ax.set_title(title, fontsize=8)
        ax.set(xlabel="time", ylim=(-0.03, 1.03))
    axes[0].set_ylabel("share of population")
    handles = [Line2D([], [], color="0.2", linestyle=st, label=nm) for st, nm in zip(styles, names)]
    handles += [Line2D([], [], color=shades[j], lw=2, label="start (" + ", ".join(f"{v:g}" for v in x0) + ")")
                for j, x0 in enumerate(d["starts"])]
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=8, frameon=False)
    fig.suptitle("Tripartite diffusion game (a = 10, b = 1, c = (2, 4), β = 1, λ = 1/4): "
                 "shares from three starts", fontsize=9)
    fig.subplots_adjust(bottom=0.3, top=0.8, wspace=0.08)
    return fig


BASINS_PARAMETERS = dict(fee=4.5, sharing_cost=0.25, absorbing_cost=0.25)
BASINS_CAPTION = ("Licensing with costly openness (leaders × laggards, no government; Cournot a = 10, b = 1, "
                  "costs (2, 4), β = 1; licence fee F = {fee}, sharing cost κ_L = {sharing_cost}, absorbing "
                  "cost κ_G = {absorbing_cost}): basins of the two ESS (filled circles) over initial shares, "
                  "bounded by the separatrix — the stable manifold of the interior saddle (half-filled), "
                  "integrated backward from it.")


def diffusion_basins_data(fee=4.5, sharing_cost=0.25, absorbing_cost=0.25) -> dict[str, Any]:
    """Basins of attraction of the bistable leader–laggard game over initial conditions."""
    DiffusionEvolution, _, _ = _models()
    rep = DiffusionEvolution(**MARKET, fee=_exact(fee), sharing_cost=_exact(sharing_cost),
                             absorbing_cost=_exact(absorbing_cost), government=False).replicator()
    grid = np.linspace(0.01, 0.99, 50)
    X, Y = np.meshgrid(grid, grid)
    sim = rep.simulate(np.stack([X.ravel(), Y.ravel()], axis=1), np.linspace(0, 200, 3), max_step=0.05)
    final = sim.final
    outcome = np.where((final[:, 0] > 0.5) & (final[:, 2] > 0.5), 1, 0).reshape(X.shape)
    saddle = next(s for s in rep.stability() if s.rest_point.kind == "interior")
    sx, sy = float(saddle.rest_point.shares[0][0]), float(saddle.rest_point.shares[1][0])
    # the separatrix (the saddle's stable manifold), integrated backward from the saddle along
    # its stable eigenvector (RK4 on -F), both branches, until it reaches the square's boundary
    variables = [rep.shares[0][0], rep.shares[1][0]]
    Jp = rep.jacobian().subs({variables[0]: saddle.rest_point.shares[0][0], variables[1]: saddle.rest_point.shares[1][0]})
    vals, vecs = np.linalg.eig(np.array(Jp, dtype=float))
    v = vecs[:, int(np.argmin(vals))]
    branches = []
    for sign in (1, -1):
        p = np.array([sx, sy]) + sign * 1e-6 * v
        path = [np.array([sx, sy]), p]
        def back(q):
            state = np.array([q[0], 1 - q[0], q[1], 1 - q[1]])
            vel = rep.velocity(state)
            return -np.array([vel[0], vel[2]])
        h = 0.02
        for _ in range(10000):
            k1 = back(p); k2 = back(np.clip(p + h / 2 * k1, 0, 1)); k3 = back(np.clip(p + h / 2 * k2, 0, 1))
            k4 = back(np.clip(p + h * k3, 0, 1))
            p = np.clip(p + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4), 0, 1)
            path.append(p)
            if p.min() <= 1e-4 or p.max() >= 1 - 1e-4:
                break
        branches.append(np.array(path))
    separatrix = np.vstack([branches[0][::-1], branches[1][1:]])
    keep = np.unique(np.r_[np.arange(0, len(separatrix), 12), len(branches[0]) - 1, len(separatrix) - 1])
    separatrix = separatrix[keep]                  # ~1000 points: smooth at print resolution
    return {"x": X, "y": Y, "diffusion": outcome, "saddle": np.array([sx, sy]), "separatrix": separatrix}


def diffusion_basins_draw(d: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    from matplotlib.patches import Polygon

    sep = d["separatrix"]
    # the two basins as polygons bounded by the separatrix (exact boundary, no pixel staircase)
    ax.add_patch(Polygon([[0, 0], [1, 0], [1, 1], [0, 1]], color="#bfe3c0", lw=0))
    ax.add_patch(Polygon(_basin_polygon(sep, corner=(0.0, 0.0)), facecolor="#f2c6c2", edgecolor="#c98f8a",
                         hatch="\\\\", lw=0))
    ax.plot(sep[:, 0], sep[:, 1], "k--", lw=1.3, label="separatrix (stable manifold of the saddle)")
    sx, sy = d["saddle"]
    ax.plot([sx], [sy], "o", color="black", fillstyle="left", markerfacecoloralt="white", ms=8, mew=1.0,
            linestyle="none", label=f"saddle ({sp.nsimplify(round(sx, 6))}, {sp.nsimplify(round(sy, 6))})")
    ax.plot([0, 1], [0, 1], "o", color="black", ms=8, clip_on=False, linestyle="none", zorder=5,
            label="ESS (asymptotically stable)")
    box = dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none", alpha=0.85)
    ax.text(0.95, 0.9, "basin of the ESS (share, seek)", ha="right", va="top", fontsize=9, bbox=box)
    ax.text(0.05, 0.1, "basin of the ESS (avert, avert)", ha="left", va="bottom", fontsize=9, bbox=box)
    ax.annotate("saddle", (sx, sy), textcoords="offset points", xytext=(8, 4), fontsize=8, bbox=box)
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="initial share of leaders sharing",
           ylabel="initial share of laggards seeking",
           title="Licensing with costly openness: basins of the two ESS")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=8)
    fig.subplots_adjust(bottom=0.27)
    return fig


def _boundary_position(p: np.ndarray) -> float:
    """Position of a point of the unit square's boundary on [0, 4), counterclockwise from (0, 0)."""
    x, y = float(p[0]), float(p[1])
    d = np.array([y, 1 - x, 1 - y, x])             # distance to bottom, right, top, left
    side = int(np.argmin(d))
    return (x, 1 + y, 2 + (1 - x), 3 + (1 - y))[side]


def _boundary_point(u: float) -> list[float]:
    u = u % 4
    side, r = int(u), u - int(u)
    return [[r, 0.0], [1.0, r], [1 - r, 1.0], [0.0, 1 - r]][side]


def _basin_polygon(sep: np.ndarray, corner: tuple[float, float]) -> np.ndarray:
    """The part of the square cut off by the curve ``sep`` (boundary to boundary) that holds
    ``corner``: the curve, then the square's boundary from its end back to its start."""
    a, b = _boundary_position(sep[0]), _boundary_position(sep[-1])
    c = _boundary_position(np.array(corner))
    ccw = (c - b) % 4 < (a - b) % 4             # going counterclockwise from b reaches c before a
    span = (a - b) % 4 if ccw else -((b - a) % 4)
    corners = [k for k in range(5) if 0 < (k - b) % 4 < abs(span)] if ccw else \
        [k for k in range(5) if 0 < (b - k) % 4 < abs(span)]
    steps = sorted({(k - b) % 4 if ccw else (b - k) % 4 for k in corners})
    arc = [_boundary_point(b + (t if ccw else -t)) for t in steps]
    return np.vstack([sep, np.array(arc).reshape(-1, 2)])


#: The sensitivity figure: baseline COORDINATED, start (1/2, 1/2, 1/2), one parameter varied per panel.
SENSITIVITY = {"s": (1, 2, 3, 4), "f": (0, 1, 2, 3), "R": (1, 2, 3, 5)}


SENSITIVITY_CAPTION = ("Sensitivity of the tripartite diffusion game (Cournot a = 10, b = 1, costs (2, 4), β = 1): "
                       "the share of leaders sharing over time from the start (1/2, 1/2, 1/2), one panel per "
                       "parameter varied — s over {s}, f over {f}, R over {R} — the others at the baseline "
                       "R = 5, s = 3, f = 2, C = 1, λ = 1/4.")


def sensitivity_data(s=SENSITIVITY["s"], f=SENSITIVITY["f"], R=SENSITIVITY["R"]) -> dict[str, Any]:
    """Leaders' sharing share over time for several values of s, f and R (others at the baseline
    R = 5, s = 3, f = 2, C = 1, lambda = 1/4), from the start (1/2, 1/2, 1/2)."""
    chosen = {"s": tuple(s), "f": tuple(f), "R": tuple(R)}
    DiffusionEvolution, _, _ = _models()
    s_, f_, C, R_, lam = sp.symbols("s f C R lambda", nonnegative=True)
    wb = DiffusionEvolution(**MARKET, subsidy=s_, fine=f_, coordination_cost=C, reward=R_, shadow_cost=lam).workbench()
    base = {s_: COORDINATED["subsidy"], f_: COORDINATED["fine"], C: COORDINATED["coordination_cost"],
            R_: COORDINATED["reward"], lam: COORDINATED["shadow_cost"]}
    sym = {"s": s_, "f": f_, "R": R_}
    sens = wb.sensitivity({sym[k]: list(v) for k, v in chosen.items()}, baseline=base, x0=[0.5, 0.5, 0.5],
                          t=np.linspace(0, 40, 401), max_step=0.02)
    return {"t": sens.t, **{f"paths_{k}": sens.paths[k] for k in chosen},
            **{f"values_{k}": np.array(v, dtype=float) for k, v in chosen.items()}}


def sensitivity_draw(d: dict[str, Any]):
    from matplotlib import colormaps
    from matplotlib.figure import Figure

    fig = Figure()
    axes = fig.subplots(1, 3, sharey=True)
    cmap = colormaps["viridis"]
    for ax, k in zip(axes, SENSITIVITY):
        vals = d[f"values_{k}"]
        for i, v in enumerate(vals):
            ax.plot(d["t"], d[f"paths_{k}"][i, :, 0], color=cmap(0.85 * i / (len(vals) - 1)), lw=1.2,
                    label=f"{k} = {v:g}")
        ax.set(xlabel="time", title=f"varying {k}", ylim=(-0.02, 1.02))
        ax.legend(fontsize=8, loc="center right")
    axes[0].set_ylabel("share of leaders sharing")
    fig.suptitle("Sensitivity of the tripartite diffusion game (baseline R = 5, s = 3, f = 2, C = 1, λ = 1/4; "
                 "start 1/2, 1/2, 1/2)", fontsize=8)
    fig.subplots_adjust(top=0.82, bottom=0.16, wspace=0.08)
    return fig


REGION_PARAMETERS = dict(reward=5, coordination_cost=1, shadow_cost=0.25, subsidy_max=12, fine_max=8)
REGION_CAPTION = ("Where (share, seek, coordinate) is an ESS of the tripartite diffusion game on the plane of the "
                  "subsidy s and the fine f (Cournot a = 10, b = 1, costs (2, 4), β = 1; reward R = {reward}, "
                  "coordination cost C = {coordination_cost}, λ = {shadow_cost}; 0 ≤ s ≤ {subsidy_max}, "
                  "0 ≤ f ≤ {fine_max}). Regions are the exact polygons of the ESS condition's linear "
                  "inequalities, each labelled with the inequality that holds or fails there.")


def _clip(poly: list, a: float, b: float, c: float) -> list:
    """Sutherland–Hodgman: the part of a convex polygon where a·s + b·f + c ≥ 0."""
    out = []
    for i, p in enumerate(poly):
        q = poly[(i + 1) % len(poly)]
        vp, vq = a * p[0] + b * p[1] + c, a * q[0] + b * q[1] + c
        if vp >= 0:
            out.append(p)
        if (vp >= 0) != (vq >= 0):
            r = vp / (vp - vq)
            out.append((p[0] + r * (q[0] - p[0]), p[1] + r * (q[1] - p[1])))
    return out


def coordination_region_data(reward=5, coordination_cost=1, shadow_cost=0.25, subsidy_max=12,
                             fine_max=8) -> dict[str, Any]:
    """Where (share, seek, coordinate) is an ESS on the (subsidy, fine) plane: the condition's
    linear inequalities as exact polygons (no pixel grid), with the regions where each fails."""
    DiffusionEvolution, _, _ = _models()
    s, f = sp.symbols("s f", nonnegative=True)
    policy = dict(coordination_cost=coordination_cost, reward=reward, shadow_cost=_exact(shadow_cost),
                  subsidy=s, fine=f)
    cond = DiffusionEvolution(**MARKET, **policy).stable_outcomes()[("share", "seek", "coordinate")]
    rels = list(cond.args) if isinstance(cond, sp.And) else [cond]
    lines = []
    for rel in rels:                    # g(s, f) > 0, g linear
        g = sp.expand(rel.lhs - rel.rhs) if rel.rel_op in (">", ">=") else sp.expand(rel.rhs - rel.lhs)
        poly = sp.Poly(g, s, f)
        if poly.total_degree() > 1:
            raise ValueError(f"the ESS condition is not linear in (s, f): {rel}")
        lines.append((float(poly.coeff_monomial(s)), float(poly.coeff_monomial(f)), float(poly.coeff_monomial(1)), rel))
    box = [(0.0, 0.0), (float(subsidy_max), 0.0), (float(subsidy_max), float(fine_max)), (0.0, float(fine_max))]
    stable = box
    for a, b, c, _ in lines:
        stable = _clip(stable, a, b, c)
    failing, labels = [], []
    for i, (a, b, c, rel) in enumerate(lines):   # fails relation i, holds the earlier ones: a partition
        poly = _clip(box, -a, -b, -c)
        for a2, b2, c2, _ in lines[:i]:
            poly = _clip(poly, a2, b2, c2)
        if len(poly) >= 3:
            failing.append(np.array(poly))
            labels.append(sp.sstr(rel.negated if hasattr(rel, "negated") else sp.Not(rel)))
    return {"stable": np.array(stable), "failing": failing, "failing_labels": labels,
            "stable_label": " and ".join(sp.sstr(r) for *_, r in lines), "condition": sp.sstr(canonical(cond)),
            "box": np.array([subsidy_max, fine_max], dtype=float)}


def _pretty(label: str) -> str:
    return label.replace("*", "").replace(">=", "≥").replace("<=", "≤")


def _region_text(label: str) -> str:
    """Economic reading of a failed inequality of the ESS condition."""
    if "f" in label:
        return f"firms avert:\n{_pretty(label)}\n(subsidy + fine ≤\nleader's loss)"
    return f"government leaves:\n{_pretty(label)}\n(C + 2λs ≥ R)"


def coordination_region_draw(d: dict[str, Any]):
    from matplotlib.figure import Figure
    from matplotlib.patches import Polygon

    fig = Figure()
    ax = fig.subplots()
    fills = ("#f2c6c2", "#dddddd", "#f6e3b4")
    for i, (poly, label) in enumerate(zip(d["failing"], d["failing_labels"])):
        ax.add_patch(Polygon(poly, closed=True, facecolor=fills[i % 3], edgecolor="0.3", lw=0.8,
                             hatch="//" if i % 2 else None))
        cx, cy = np.mean(poly, axis=0)
        ax.text(cx, cy, _region_text(label), ha="center", va="center", fontsize=8,
                bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none", alpha=0.85))
    ax.add_patch(Polygon(d["stable"], closed=True, facecolor="#9ecae1", edgecolor="0.2", lw=1.0))
    cx, cy = np.mean(d["stable"], axis=0)
    ax.text(cx, cy, "coordination with diffusion\nis an ESS:\n" + _pretty(d["stable_label"]),
            ha="center", va="center", fontsize=8)
    ax.set(xlim=(0, d["box"][0]), ylim=(0, d["box"][1]), xlabel="subsidy s to each firm preferring diffusion",
           ylabel="fine f on each averse firm", title="Where coordination is evolutionarily stable")
    return fig


PORTRAIT_PARAMETERS = dict(rps_win=1, rps_loss=1, n=5, t_max=30)
PORTRAIT_CAPTION = ("Phase portraits in one call (`EvolutionaryGame.plot`), speed-coloured, rest points by "
                    "stability (filled asymptotically stable, open unstable, half-filled saddle, open diamond "
                    "centre). Left: licensing with costly openness (leaders × laggards; Cournot a = 10, b = 1, "
                    "costs (2, 4), β = 1, F = 9/2, κ_L = κ_G = 1/4) with the separatrix (dashed). Middle: one "
                    "population playing rock–paper–scissors with win ω = {rps_win} and loss ℓ = {rps_loss}: "
                    "closed orbits around the centre. Right: the tripartite diffusion game (R = 5, s = 3, f = 2, "
                    "C = 1, λ = 1/4) on the cube. {n} starts per axis (3 on the cube), horizon t = {t_max}.")


def _portrait_games(rps_win=1, rps_loss=1):
    from gametheory.core.evolutionary import EvolutionaryGame

    DiffusionEvolution, _, _ = _models()
    a, b = rps_win, rps_loss
    rps = EvolutionaryGame([[0, -b, a], [a, 0, -b], [-b, a, 0]], symmetric=True,
                           strategies=[["rock", "paper", "scissors"]])
    return (DiffusionEvolution(**MARKET, **BISTABLE, government=False).workbench(), rps,
            DiffusionEvolution(**MARKET, **COORDINATED).workbench())


def portraits_data(rps_win=1, rps_loss=1, n=5, t_max=30) -> dict[str, Any]:
    """The curves the three portraits draw: separatrices, closed orbits, and the cube's paths."""
    square, rps, cube = _portrait_games(rps_win, rps_loss)
    seps = square.separatrices()
    orbits = rps.closed_orbits(n)
    paths = cube.simulate(cube.portrait_starts(min(n, 3)), float(t_max), max_step=0.02).states
    return {"separatrices": np.array([c[-1] for c in seps]), "n_separatrices": len(seps),
            "orbit_starts": np.array([o[0] for o in orbits]), "orbit_lengths": np.array([len(o) for o in orbits]),
            "cube_final": paths[-1], "params": np.array([rps_win, rps_loss, n, t_max], dtype=float)}


def portraits_draw(d: dict[str, Any]):
    from matplotlib.figure import Figure

    rps_win, rps_loss, n, t_max = d["params"]
    square, rps, cube = _portrait_games(int(rps_win) if rps_win == int(rps_win) else rps_win,
                                        int(rps_loss) if rps_loss == int(rps_loss) else rps_loss)
    fig = Figure(figsize=(15.0, 4.6))
    ax1 = fig.add_subplot(1, 3, 1)
    ax2 = fig.add_subplot(1, 3, 2)
    ax3 = fig.add_subplot(1, 3, 3, projection="3d")
    square.plot(ax1, n=int(n), t=float(t_max))
    ax1.set_title("licensing: two ESS and the separatrix", fontsize=10)
    rps.plot(ax2, n=int(n), t=float(t_max))
    ax2.set_title("rock–paper–scissors: a centre", fontsize=10)
    cube.plot(ax3, n=min(int(n), 3), t=float(t_max))          # 27 paths: a readable cube
    ax3.set_title("tripartite diffusion game", fontsize=10)
    fig.subplots_adjust(wspace=0.35, bottom=0.2)
    return fig


# -- derivation -------------------------------------------------------------------------------
def build() -> str:
    from gametheory.core.evolutionary import EvolutionaryGame

    DiffusionEvolution, BrandInspection, CommonTechCofunding = _models()
    doc = Document("Evolutionary dynamics of the cluster games",
                   subtitle="Generated by `gametheory derive evolution` — do not edit by hand.")
    doc.para("Multi-population replicator dynamics (多群体复制动态) for the three model families: "
             "technology diffusion (技术扩散) between leading (领先企业) and lagging firms (落后企业) with a "
             "government coordinator (协调者), the regional brand (区域品牌) inspection game, and co-funding of "
             "industrial common technology (产业共性技术). Payoff entries are generated from the static models.")

    doc.notation([
        ("x, y, z", "population shares: $x_{j,\\sigma}$ of population $j$ playing $\\sigma$, $x_j$ population $j$'s "
                    "mixed strategy; with two strategies per population $x, y, z$ are the shares of the first "
                    "strategy of populations 1, 2, 3 (§2: leaders sharing, laggards seeking, the government "
                    "coordinating; §3: firms maintaining quality, supervisors inspecting); §5: $x$ the one "
                    "population's state; $^*$ marks a rest point"),
        ("j", "index of a population (leading firms, lagging firms, government, …)"),
        ("\\sigma, \\sigma'", "a strategy and an alternative (mutant) strategy"),
        ("S_j", "a set of strategies of population $j$ (the support of a face)"),
        ("u_j(\\sigma, x_{-j}), \\bar u_j", "payoff of strategy $\\sigma$ of population $j$ against the others' "
                                           "shares; the population's average payoff"),
        ("\\Delta", "payoff advantage of a population's first strategy over its second"),
        ("i", "the imaginary unit (in eigenvalues)"),
        ("P, Q", "price and total output of the Cournot market"),
        ("a, b", "intercept and slope of the inverse demand $P = a - bQ$"),
        ("c_L, c_M, c_G", "unit costs of leading, middle and lagging firms"),
        ("\\beta", "absorptive capacity: a realised flow from the leader cuts $c_G$ to $c_G - \\beta(c_G - c_L)$"),
        ("W", "static welfare (consumer surplus plus profits) at the realised costs"),
        ("\\lambda", "shadow cost of public funds: net public outlay valued at $1 + \\lambda$"),
        ("s", "§2: subsidy per stated preference (when the government coordinates)"),
        ("f", "§2: fine per stated aversion (when the government coordinates)"),
        ("C", "§2: the government's cost of coordinating"),
        ("R", "the government's optional extra payoff from acting (coordinating in §2, co-funding in §4)"),
        ("F", "§2: licence fee per used flow"),
        ("\\kappa_L, \\kappa_G", "§2: real cost of stating a preference for a leader (sharing) and a laggard (seeking)"),
        ("n", "§3: number of firms sharing the brand"),
        ("\\theta", "§3: premium per unit of the brand's quality"),
        ("k", "§3: quality cost parameter, cost $kq^2/2$"),
        ("q", "§3: quality a maintaining firm supplies"),
        ("p", "§3: inspection probability of a supervisor"),
        ("f_B", "§3: fine on a free-rider detected by inspection"),
        ("C_S", "§3: the supervisor's cost of inspecting"),
        ("\\tau", "§3: traceability, share of the premium earned on a firm's own quality"),
        ("g", "§3: a firm's gain from free riding"),
        ("L", "§3: premium one undetected free-rider destroys for the cluster"),
        ("v, V", "§4: a contributing firm's own valuation; the cluster's social valuation"),
        ("K", "§4: cost of one contribution to the common-technology project"),
        ("B", "§4: benefit one contribution provides"),
        ("m", "§4: matching rate, share of the cost the government co-funds"),
        ("C_A", "§4: the government's administrative cost of co-funding"),
        ("A", "§5: one population's payoff matrix, $A_{\\sigma\\sigma'}$ = payoff of $\\sigma$ against $\\sigma'$"),
        ("\\omega, \\ell", "§5: win and loss payoffs of rock–paper–scissors"),
        ("\\eta", "§5: a displacement from the rest point, $\\eta = x - x^*$ with $\\sum_\\sigma \\eta_\\sigma = 0$"),
        ("H", "§3, §5: the relative-entropy function $H(x) = \\sum_j \\sum_\\sigma x^*_{j,\\sigma} \\log x_{j,\\sigma}$ "
              "of a rest point $x^*$"),
        ("D", "§6: the mass outside a face, $D(x) = \\sum_j \\sum_{\\sigma \\notin S_j} x_{j,\\sigma}$"),
    ])

    doc.heading("1. The dynamics and what linearisation can tell")
    doc.para("Population $j$ (leading firms, lagging firms, the government …) plays the mixed strategy $x_j$; "
             "a strategy's share grows with its payoff advantage over the population's average (Taylor 1979):")
    doc.math(r"\dot x_{j,\sigma} = x_{j,\sigma}\left(u_j(\sigma, x_{-j}) - \bar u_j(x)\right), \qquad "
             r"\bar u_j(x) = \sum_{\sigma'} x_{j,\sigma'}\,u_j(\sigma', x_{-j})")
    doc.para("With two strategies per population write $x$ for the share of the first; then "
             r"$\dot x = x(1 - x)\,\Delta(x_{-j})$ with $\Delta$ the first strategy's payoff advantage, "
             "multilinear in the other populations' shares. The analysis, done by "
             "`gametheory.EvolutionaryGame` (the evolutionary-game workbench):")
    doc.bullets([
        "**Rest points**: on each face of the product of simplices, the points where every strategy in each "
        "support earns the same payoff (solved exactly, face by face; continua reported as sets).",
        "**Jacobian at a pure vertex** $\\sigma$: in reduced coordinates (each population's last share "
        "eliminated) its eigenvalues are the mutants' gains $u_j(\\sigma', \\sigma_{-j}) - u_j(\\sigma)$, one per "
        "population $j$ and alternative $\\sigma' \\ne \\sigma_j$ — the stability tables below list them with "
        "their signs.",
        "**Lyapunov's first method**: all eigenvalues negative — asymptotically stable; one positive — "
        "unstable (a saddle if another is negative). A vertex is asymptotically stable iff it is a "
        "**strict** Nash equilibrium; in multi-population games these are exactly the ESS, hence pure "
        "(Selten 1980; Ritzberger & Weibull 1995).",
        "**A zero eigenvalue decides nothing.** At a vertex of a multi-population game it means the mutant "
        "earns exactly what the incumbent earns while the others stay pure, so the whole edge toward the "
        "mutant is a continuum of rest points. Such a point cannot be asymptotically stable, but it can be "
        "Lyapunov stable inside an attracting continuum: a face of rest points whose outside strategies earn "
        "strictly less at every vertex attracts its neighbourhood (an evolutionarily stable set; "
        "`EvolutionaryGame.stable_sets`). Calling such a point \"stable\" needs that argument, not the "
        "eigenvalues.",
        "**Interior rest points** of two-population games are never asymptotically stable: saddles or centres "
        "(Hofbauer & Sigmund 1998). A mixed point called an ESS in an asymmetric game is an error.",
    ])

    # diffusion
    doc.heading("2. Technology diffusion with a government coordinator")
    m = MARKET
    slope = "" if m["b"] == 1 else str(m["b"])
    doc.para(f"Market $P = {m['a']} - {slope}Q$, leader cost $c_L = {m['leader_cost']}$, laggard cost "
             f"$c_G = {m['laggard_cost']}$, absorptive capacity $\\beta = {m['beta']}$. Cournot profits: "
             "without the flow $(100/9, 16/9)$, with it $(64/9, 64/9)$; welfare $214/9$ and $256/9$. "
             "Leaders choose share/avert (偏好/厌恶), laggards seek/avert, the government coordinate/laissez-faire. "
             "Coordinating pays a subsidy $s$ for every stated preference, fines $f$ every stated aversion and "
             "costs $C$; $R$ is an optional extra payoff from coordinating, and the net outlay is valued at "
             "$1 + \\lambda$. The government's payoff is the static welfare $W$; when it coordinates, "
             "less $\\lambda$·outlay and $C$, plus $R$.")
    s, f, C, R, lam = sp.symbols("s f C R lambda", nonnegative=True)
    evo = DiffusionEvolution(**MARKET, subsidy=s, fine=f, coordination_cost=C, reward=R, shadow_cost=lam)
    game = evo.game()
    rows = []
    for profile in game.profiles():
        rows.append([", ".join(game.profile_labels(profile))] + [game.payoffs[i][profile] for i in range(3)])
    doc.table(["profile", "leading", "lagging", "government"], rows)
    x, y, z = sp.symbols("x y z")
    adv = _advantages(game, (x, y, z))
    doc.para("With $x, y, z$ the shares of leaders sharing, laggards seeking and the government coordinating, "
             "the replicator equations are")
    doc.aligned([(r"\dot x", sp.Mul(x * (1 - x), adv[0], evaluate=False)),
                 (r"\dot y", sp.Mul(y * (1 - y), adv[1], evaluate=False)),
                 (r"\dot z", sp.Mul(z * (1 - z), adv[2], evaluate=False))])
    doc.para("The leader's advantage from sharing is the subsidy-plus-fine $s + f$ it earns by complying when the "
             "government coordinates, less its profit loss $4 = 100/9 - 64/9$ when the laggard seeks; the "
             "laggard always gains from seeking when a flow can happen; the government's advantage does not "
             "contain the welfare $W$ at all — $W$ depends only on the firms' current play and cancels between "
             "its two strategies — so in this simultaneous game its incentive is the reward, the coordination "
             "cost and the fine revenue net of subsidies. Stability table of the eight vertices (eigenvalues = "
             "mutants' gains, in the order leading, lagging, government; ESS conditions minimal, implied ones "
             "removed by the prover):")
    wb = evo.workbench()
    doc.para(wb.vertex_table().to_markdown())
    doc.para("Where a leader's or laggard's eigenvalue is $0$ (the firm's choice changes nothing while the partner "
             "averts) the vertex lies on an edge of rest points and linearisation decides nothing. "
             "So coordination (share, seek, coordinate) is an ESS only when the subsidy plus the fine covers the "
             "leader's profit loss, $s + f > 4$, **and** the government gains from coordinating once firms comply, "
             "$R > C + 2\\lambda s$. Without the reward ($R = 0$) that never holds: once firms comply, leaving "
             "saves the government $C + 2\\lambda s > 0$. On the plane of the two instruments, with $R = 5$, "
             "$C = 1$, $\\lambda = 1/4$, the region is $s + f > 4$ and $s < 8$ (figure "
             "`evolution_coordination_region`: the exact polygons of the two linear inequalities, each region "
             "labelled with the inequality that holds or fails there):")
    doc.figure(_figure("evolution_coordination_region"))
    doc.para("What follows without the reward depends on fine revenue (figure `evolution_diffusion_paths`, "
             "three panels, $\\lambda = 1/4$):")
    doc.bullets([
        "$s = 3, f = 2, C = 1$ ($\\lambda(f - s) < C$): no vertex is an ESS; the government leaves, the leader "
        "averts, and the paths end on the edge of rest points (avert, $y$, laissez-faire) with the laggards' "
        "seeking share $y$ frozen where it arrived — Lyapunov stable points, none asymptotically stable. "
        "Nothing diffuses.",
        "$s = 0, f = 3.9, C = 1/2$ ($\\lambda(f - s) = 0.975 > C$ and $s + f < 4$): (avert, seek, coordinate) is "
        "the **only** ESS and every simulated path goes there — the government stays to collect fines while "
        "nothing diffuses. In general, with $R = 0$ this outcome is an ESS iff $\\lambda(f - s) > C$ and "
        "$0 < s + f < 4$: sanctions strong enough to pay for the coordinator, too weak to make the leader share.",
        "$s = 0, f = 5, C = 1/2$ ($\\lambda(f - s) > C$ but $s + f > 4$): no ESS. Laggards come to seek; then "
        "the leader shares while the government coordinates, the government leaves once the leader shares, the "
        "leader averts once it has left, and the government returns for the fines — the shares cycle "
        "(on the face where all laggards seek, a matching-pennies game between leaders and government).",
    ])
    doc.figure(_figure("evolution_diffusion_paths"))
    doc.para("The sensitivity figure of the applied literature (figure `evolution_sensitivity`: leaders' "
             "sharing share from the start $(1/2, 1/2, 1/2)$, one parameter varied per panel around $R = 5, s = 3, "
             "f = 2, C = 1, \\lambda = 1/4$) reads off this table: diffusion needs $s + f > 4$ — at $s + f = 4$ "
             "the leader's eigenvalue is $0$ and its share freezes where it arrived — and $R > C + 2\\lambda s "
             "= 5/2$; with $R = 2$ no vertex is an ESS and leaders and government cycle, with $R = 1$ the "
             "government leaves and the leader averts.")
    doc.figure(_figure("evolution_sensitivity"))
    doc.para("A reward is not the only way to a coordinator whose incentives survive success. If the government "
             "**commits** to its instruments before the firms adapt (a Stackelberg variant, "
             "`DiffusionEvolution.commitment()`), it compares the welfare of the firms' long-run outcomes:")
    com = DiffusionEvolution(**MARKET, **UNREWARDED).commitment()
    doc.table(["commitment", "firms' long-run play", "selected as", "government payoff"],
              [[k, ", ".join(r[0]), r[1], r[2]] for k, v in com.outcomes.items() for r in v])
    doc.para("With $s = 3, f = 2, C = 1, \\lambda = 1/4$ and no reward, committing to coordinate makes "
             "(share, seek) the firms' ESS and yields $256/9 - 2\\lambda s - C = 467/18 > 214/9$: "
             f"the committed government chooses to {com.choice}, driven by welfare alone.")
    doc.para("`DiffusionEvolution(..., middle_cost=c_M)` adds the middle tier (Kuang & Zhang's central firms): a "
             "population with four strategies — seek/avert toward the leaders, share/avert toward the laggards — "
             "a laggard taught by both tiers learns from the leader (the best-source rule).")
    doc.para("Licensing without a government, with openness costing $\\kappa_L = \\kappa_G = 1/4$ and a licence fee "
             "$F = 9/2$, is a coordination game between leader and laggard:")
    bi = DiffusionEvolution(**MARKET, **BISTABLE, government=False)
    doc.table(["rest point", "eigenvalues", "classification"],
              [[_shares(st.rest_point), st.eigenvalues, st.classification] for st in bi.replicator().stability()])
    doc.para("Rest points are written (leaders' shares of share, avert), (laggards' shares of seek, avert). "
             "(share, seek) and (avert, avert) are both ESS; the interior saddle $(x^*, y^*) = (3/10, 1/2)$ — where "
             "the leader is indifferent, $y(F + 64/9 - 100/9) = \\kappa_L$, and the laggard too, "
             "$x(64/9 - F - 16/9) = \\kappa_G$ — splits the square of initial shares along its stable manifold "
             "(figure `evolution_diffusion_basins`):")
    doc.figure(_figure("evolution_diffusion_basins"))

    # brand
    doc.heading("3. Regional brand: firms × supervisor (an inspection game)")
    n, th, k, p, fB, Cs, tau, lam2 = sp.symbols("n theta k p f_B C_S tau lambda", positive=True)
    brand = BrandInspection(n=n, theta=th, k=k, inspection_probability=p, fine=fB, supervision_cost=Cs,
                            shadow_cost=lam2)
    doc.para("A maintaining firm supplies $q = \\theta/k$; its own gain from its quality is "
             "$\\theta q/n - kq^2/2$, so the free-riding gain (搭便车收益) is")
    doc.equation("g", brand.free_riding_gain)
    doc.para("and one undetected free-rider destroys the premium $L = \\theta q$ for the cluster. Payoffs:")
    bg = brand.game()
    doc.table(["firms \\ supervisor", "supervise", "not"],
              [[bg.strategies[0][i], (bg.payoffs[0][i, 0], bg.payoffs[1][i, 0]), (bg.payoffs[0][i, 1], bg.payoffs[1][i, 1])]
               for i in range(2)])
    x_star, y_star = brand.cycle_centre()
    doc.para("When $0 < g < p f_B$ and $p(L + \\lambda f_B) > C_S$ no profile is a strict equilibrium; the "
             "interior rest point $(x^*, y^*)$ — $x$ the share of firms maintaining, $y$ the share of supervisors "
             "inspecting — is a centre and the shares cycle:")
    doc.aligned([("x^*", x_star), ("y^*", y_star)])
    ex = BrandInspection(**INSPECTION)
    table = ex.replicator().stability()
    ins = INSPECTION
    doc.para(f"At $n = {ins['n']}, \\theta = {ins['theta']}, k = {ins['k']}, p = {tex(ins['inspection_probability'])}, "
             f"f_B = {ins['fine']}, C_S = {ins['supervision_cost']}$ and $\\lambda = 0$ (fines carry no revenue "
             "value); rest points are written (firms' shares of maintain, free-ride), (supervisors' shares of "
             "supervise, not):")
    doc.table(["rest point", "eigenvalues", "classification"],
              [[_shares(st.rest_point), st.eigenvalues, st.classification] for st in table])
    doc.para("The four vertices are saddles and the centre $(1/2, 3/5)$ is Lyapunov stable but never an ESS; "
             "the orbits around it are closed: since here $p f_B = pL = 2$, $H(x) = x^* \\log x + (1 - x^*)\\log(1 - x) + "
             "y^* \\log y + (1 - y^*)\\log(1 - y)$ is a constant of motion (figure `evolution_brand_phase`):")
    doc.figure(_figure("evolution_brand_phase"))
    traced = BrandInspection(**dict(INSPECTION, traceability=1))
    doc.para(f"Full traceability (可追溯, $\\tau = 1$) turns the gain into $g = {tex(traced.free_riding_gain)} < 0$: "
             "maintaining is strictly dominant and the ESS is "
             f"{', '.join(next(iter(traced.stable_outcomes())))} — the brand needs no supervisor.")

    # common technology
    doc.heading("4. Common technology: firms × government co-funding")
    v, V, K, B, mrate, CA, R2, lam3 = sp.symbols("v V K B m C_A R lambda", positive=True)
    ct = CommonTechCofunding(valuation=v, social_valuation=V, project_cost=K, benefit=B,
                             matching_rate=mrate, admin_cost=CA, reward=R2, shadow_cost=lam3)
    doc.para("Firms contribute to a common-technology project (cost $K$ per contribution, benefit $B$, own "
             "valuation $v$, social valuation $V$) or free-ride; the government co-funds a share $m$ of the cost "
             "(administrative cost $C_A$, optional extra payoff $R$) or not. Payoffs (firms, government):")
    cg = ct.game()
    doc.table(["firms \\ government", "co-fund", "not"],
              [[cg.strategies[0][i], (cg.payoffs[0][i, 0], cg.payoffs[1][i, 0]), (cg.payoffs[0][i, 1], cg.payoffs[1][i, 1])]
               for i in range(2)])
    doc.table(["ESS", "condition"], [[", ".join(k_), c] for k_, c in ct.stable_outcomes().items()])
    doc.para("Co-funding is a transfer; it costs the government $\\lambda m K + C_A$ net, so without a payoff from "
             "co-funding it never co-funds, and firms contribute only if $vB > K$. The good outcome needs "
             "$vB > (1 - m)K$ and $R > \\lambda m K + C_A$.")
    doc.heading("5. One population: Hawk–Dove and rock–paper–scissors")
    doc.para("When one population plays a symmetric game $A$ against itself "
             "(`EvolutionaryGame(A, symmetric=True)`), $\\dot x_\\sigma = x_\\sigma((Ax)_\\sigma - x^\\top A x)$. A vertex "
             "$\\sigma$ has the eigenvalues $A_{\\sigma'\\sigma} - A_{\\sigma\\sigma}$ and is an ESS iff, for every "
             "$\\sigma'$, $A_{\\sigma\\sigma} > A_{\\sigma'\\sigma}$, or $A_{\\sigma\\sigma} = A_{\\sigma'\\sigma}$ and "
             "$A_{\\sigma\\sigma'} > A_{\\sigma'\\sigma'}$ (Maynard Smith & Price 1973) — an ESS is asymptotically "
             "stable even where an eigenvalue is zero. Here, unlike in multi-population games, a mixed ESS exists. "
             "Hawk–Dove with a prize worth 2 and a fight costing 4, $A = [[-1, 2], [0, 1]]$ (hawks' share "
             "$2/4 = 1/2$ at the mixed ESS):")
    hd = EvolutionaryGame([[-1, 2], [0, 1]], symmetric=True, strategies=[["hawk", "dove"]])
    doc.table(["rest point", "eigenvalues", "classification"],
              [[_shares(st.rest_point), _eig(st.eigenvalues), st.classification] for st in hd.stability()])
    doc.para("For an interior rest point $x^*$ the function $H(x) = \\sum_\\sigma x^*_\\sigma \\log x_\\sigma$ has "
             "$\\dot H = -\\eta^\\top A \\eta$ with $\\eta = x - x^*$: if the quadratic form is negative on "
             "$\\sum_\\sigma \\eta_\\sigma = 0$ the point is an ESS and attracts the interior; if it vanishes, $H$ is a "
             "constant of motion and the orbits close around a centre; if positive, the point repels. "
             "Rock–paper–scissors with win $\\omega$ and loss $\\ell$, "
             "$A = [[0, -\\ell, \\omega], [\\omega, 0, -\\ell], [-\\ell, \\omega, 0]]$, has at $(1/3, 1/3, 1/3)$ the "
             "eigenvalues $\\frac{1}{3}\\left(\\frac{\\ell - \\omega}{2} \\pm \\frac{\\sqrt{3}(\\omega + \\ell)}{2} "
             "i\\right)$ and the quadratic form $(\\omega - \\ell)(\\eta_1 \\eta_2 + \\eta_2 \\eta_3 + \\eta_3 \\eta_1) = "
             "-\\frac{\\omega - \\ell}{2}\\sum_\\sigma \\eta_\\sigma^2$ on $\\sum_\\sigma \\eta_\\sigma = 0$: "
             "$\\omega > \\ell$ — ESS, a stable spiral; $\\omega = \\ell$ — a centre; $\\omega < \\ell$ — an "
             "unstable spiral (by hand, checked by the package):")
    rows = []
    for a_, b_ in ((1, 1), (2, 1), (1, 2)):
        eg = EvolutionaryGame([[0, -b_, a_], [a_, 0, -b_], [-b_, a_, 0]], symmetric=True)
        st = next(x for x in eg.stability() if x.rest_point.kind == "interior")
        rows.append([f"$\\omega = {a_}, \\ell = {b_}$", _eig(st.eigenvalues), st.classification])
    doc.table(["game", "eigenvalues at the centre", "classification"], rows)
    doc.heading("6. Phase portraits and continua of rest points")
    doc.para("`EvolutionaryGame.plot()` draws a phase portrait in one call — the square for two populations "
             "of two strategies, the cube for three, the simplex for one population of three (figure "
             "`evolution_portraits`). Trajectories are coloured by their speed; rest points are marked by "
             "their stability (filled: asymptotically stable; open: unstable; half-filled: saddle; open "
             "diamond: centre; squares: on a continuum). Separatrices are the stable manifolds of the saddles, "
             "traced by integrating the field backward from the saddle along its stable eigenvectors "
             "(`separatrices()`); around a centre the orbits are followed once round and drawn closed "
             "(`closed_orbits()`), since a constant of motion makes them closed, not spirals.")
    doc.figure(_figure("evolution_portraits"))
    doc.para("Continua of rest points are reported as sets (`Replicator.rest_sets()`): a face on which every "
             "strategy of each support earns the same at every corner consists of rest points. Each point of it "
             "has a zero eigenvalue along the face, so none is asymptotically stable. If every strategy off "
             "the face earns strictly less at every corner, $D(x) = \\sum_j \\sum_{\\sigma \\notin S_j} x_{j,\\sigma}$ "
             "decreases near the face: the face attracts and each of its points is *Lyapunov* stable "
             "(reported as such by `stability()`); if some outside strategy earns more at every corner, each "
             "point is unstable; otherwise linearisation decides nothing. With symbolic payoffs, "
             "`EvolutionaryGame.stable_sets()` gives the minimal conditions under which a face is such an "
             "attracting set.")
    doc.para("The other standard dynamics (Sandholm 2010) run on the same table: "
             "`EvolutionaryGame.simulate(x0, t, dynamics=\"smith\")` (or `\"bnn\"`, `\"logit\"`, "
             "`\"best_response\"`); the rest points of the Smith, BNN and best-response dynamics are the Nash "
             "equilibria (`nash_rest_points()`), those of the logit dynamics the logit equilibria, which tend to "
             "Nash equilibria as the noise vanishes (`logit_equilibria(noise)`).")
    doc.heading("References")
    doc.bullets([
        "Taylor, P. D. (1979). Evolutionarily stable strategies with two types of player. J. Appl. Prob. 16, 76–83.",
        "Selten, R. (1980). A note on evolutionarily stable strategies in asymmetric animal conflicts. J. Theor. Biol. 84, 93–101.",
        "Ritzberger, K. & Weibull, J. (1995). Evolutionary selection in normal-form games. Econometrica 63, 1371–1399.",
        "Hofbauer, J. & Sigmund, K. (1998). Evolutionary Games and Population Dynamics. Cambridge UP.",
        "Maynard Smith, J. & Price, G. R. (1973). The logic of animal conflict. Nature 246, 15–18.",
        "Thomas, B. (1985). On evolutionarily stable sets. J. Math. Biol. 22, 105–115.",
        "Sandholm, W. H. (2010). Population Games and Evolutionary Dynamics. MIT Press.",
    ])
    return doc.render()


def _figure(name: str) -> FigureSpec:
    """The registered figure ``name`` of this module (shown in the document with its caption)."""
    return next(f for f in FIGURES if f.name == name)


def _advantages(game, shares) -> list:
    """Payoff advantage of each population's first strategy, multilinear in the others' shares."""
    n = game.n_players
    out = []
    for k in range(n):
        total = sp.Integer(0)
        for profile in game.profiles():
            if profile[k] != 0:
                continue
            other = list(profile)
            other[k] = 1
            w = sp.Integer(1)
            for j in range(n):
                if j != k:
                    w *= shares[j] if profile[j] == 0 else 1 - shares[j]
            total += w * (to_expr(game.payoffs[k][profile]) - to_expr(game.payoffs[k][tuple(other)]))
        out.append(sp.factor(sp.expand(total)))
    return out


def _eig(values) -> str:
    return "$" + ", ".join(tex(v) for v in values) + "$"


def _shares(point) -> str:
    return "$" + r",\ ".join(r"\left(" + ", ".join(tex(v) for v in row) + r"\right)" for row in point.shares) + "$"


# -- demo -------------------------------------------------------------------------------------
def demo(say) -> None:
    DiffusionEvolution, BrandInspection, _ = _models()
    say.title("Evolutionary games of the cluster: who learns to cooperate?")
    say.step("The regional-brand inspection game")
    model = BrandInspection(**INSPECTION)
    say.say("Firms maintain quality or free-ride; the association supervises or not.")
    say.say(f"Free-riding gain g = k q²/2 − θ q/n = {model.free_riding_gain}; fine if caught p·F = 2.")
    game = model.game()
    say.table(["firms \\ supervisor", "supervise", "not"],
              [[game.strategies[0][i], (game.payoffs[0][i, 0], game.payoffs[1][i, 0]),
                (game.payoffs[0][i, 1], game.payoffs[1][i, 1])] for i in range(2)])
    say.step("Rest points and their stability (eigenvalues of the Jacobian)")
    rows = [[st.rest_point.shares, st.eigenvalues, st.classification] for st in model.replicator().stability()]
    say.table(["shares", "eigenvalues", "classification"], rows)
    say.say("No vertex is a strict equilibrium, so there is no ESS; the interior point is a centre: shares cycle.")
    say.figure("evolution_brand_phase")
    say.step("Technology diffusion with a government coordinator")
    s, f, C, R, lam = sp.symbols("s f C R lambda", nonnegative=True)
    evo = DiffusionEvolution(**MARKET, subsidy=s, fine=f, coordination_cost=C, reward=R, shadow_cost=lam)
    for k, v in evo.stable_outcomes().items():
        say.say(f"  ESS {k}:  {sp.sstr(canonical(v))}")
    say.say("Coordination survives only if s + f covers the leader's loss (4) and R − C − 2λs > 0.")
    say.say("Without R it never does: the government leaves; or, when λ(f − s) > C and s + f < 4, it stays")
    say.say("to collect fines while nothing diffuses; or leader and government cycle.")
    say.figure("evolution_diffusion_paths")
    say.step("A government that commits to its instruments first (no reward)")
    com = DiffusionEvolution(**MARKET, **UNREWARDED).commitment()
    say.table(["commitment", "firms' long-run play", "selected as", "government payoff"],
              [[k, ", ".join(r[0]), r[1], r[2]] for k, v in com.outcomes.items() for r in v])
    say.say(f"Welfare alone makes it {com.choice}: s = 3, f = 2, C = 1, λ = 1/4.")


DERIVATIONS = [Derivation("evolution", "Evolutionary dynamics of the cluster games", build)]
FIGURES = [
    FigureSpec("evolution_brand_phase", "Brand inspection game phase portrait", brand_phase_data, brand_phase_draw,
               size=(5.6, 5.0), params=BRAND_PARAMETERS, caption=BRAND_CAPTION),
    FigureSpec("evolution_diffusion_paths", "Tripartite diffusion time paths", diffusion_paths_data,
               diffusion_paths_draw, size=(9.0, 4.0), params=PATHS_PARAMETERS, caption=PATHS_CAPTION),
    FigureSpec("evolution_diffusion_basins", "Basins of attraction of licensing", diffusion_basins_data,
               diffusion_basins_draw, size=(5.6, 5.0), params=BASINS_PARAMETERS, caption=BASINS_CAPTION),
    FigureSpec("evolution_coordination_region", "Where coordination is stable", coordination_region_data,
               coordination_region_draw, size=(7.0, 5.0), params=REGION_PARAMETERS, caption=REGION_CAPTION),
    FigureSpec("evolution_portraits", "Phase portraits: square, simplex, cube", portraits_data, portraits_draw,
               size=(15.0, 4.6), params=PORTRAIT_PARAMETERS, caption=PORTRAIT_CAPTION),
    FigureSpec("evolution_sensitivity", "Sensitivity of the tripartite diffusion game", sensitivity_data,
               sensitivity_draw, size=(9.0, 3.6), params=dict(SENSITIVITY), caption=SENSITIVITY_CAPTION),
]
DEMOS = [Demo("evolution", "Replicator dynamics of the three cluster games", demo,
              figures=("evolution_brand_phase", "evolution_diffusion_paths"))]
