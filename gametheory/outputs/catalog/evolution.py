"""Outputs of the evolutionary versions: derivation ``evolution``, four figures, demo ``evolution``."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from gametheory.core.results import canonical
from gametheory.outputs.document import Document, tex
from gametheory.outputs.registry import Demo, Derivation, FigureSpec

__all__ = ["DERIVATIONS", "FIGURES", "DEMOS", "MARKET", "COORDINATED", "BISTABLE", "INSPECTION"]

#: Cournot market behind the diffusion game (by hand: profits (100/9, 16/9) without the flow,
#: (64/9, 64/9) with it; welfare 214/9 and 256/9).
MARKET = dict(a=10, b=1, leader_cost=2, laggard_cost=4, beta=1)
#: A coordinating government that gains from coordinating (R - C - 2 lambda s = 5/2 > 0).
COORDINATED = dict(subsidy=3, fine=2, coordination_cost=1, reward=5, shadow_cost=sp.Rational(1, 4))
#: Same instruments, but no payoff from coordinating: the government drifts away.
UNREWARDED = dict(subsidy=3, fine=2, coordination_cost=1, reward=0, shadow_cost=sp.Rational(1, 4))
#: Licensing with costly openness: two ESS, (share, seek) and (avert, avert).
BISTABLE = dict(fee=sp.Rational(9, 2), sharing_cost=sp.Rational(1, 4), absorbing_cost=sp.Rational(1, 4))
#: Brand inspection game with a centre at (1/2, 3/5).
INSPECTION = dict(n=5, theta=2, k=1, inspection_probability=sp.Rational(1, 2), fine=4, supervision_cost=1)


def _models():
    from gametheory.models.evolution import BrandInspection, CommonTechCofunding, DiffusionEvolution

    return DiffusionEvolution, BrandInspection, CommonTechCofunding


# -- figures ----------------------------------------------------------------------------------
def brand_phase_data() -> dict[str, Any]:
    """Vector field and orbits of the brand inspection game (maintain share x, supervise share y)."""
    _, BrandInspection, _ = _models()
    model = BrandInspection(**INSPECTION)
    rep = model.replicator()
    grid = np.linspace(0.02, 0.98, 25)
    X, Y = np.meshgrid(grid, grid)
    states = np.stack([X.ravel(), 1 - X.ravel(), Y.ravel(), 1 - Y.ravel()], axis=1)
    vel = rep.velocity(states)
    starts = np.array([[0.5, 0.65], [0.5, 0.75], [0.5, 0.85], [0.5, 0.95]])
    sim = rep.simulate(starts, np.linspace(0, 12, 601), max_step=0.01)
    cx, cy = model.cycle_centre()
    return {
        "x": X, "y": Y, "u": vel[:, 0].reshape(X.shape), "v": vel[:, 2].reshape(X.shape),
        "orbit_x": sim.states[:, :, 0], "orbit_y": sim.states[:, :, 2],
        "centre": np.array([float(cx), float(cy)]),
    }


def brand_phase_draw(d: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    ax.streamplot(d["x"], d["y"], d["u"], d["v"], color="0.75", density=0.9, linewidth=0.7)
    for i in range(d["orbit_x"].shape[1]):
        ax.plot(d["orbit_x"][:, i], d["orbit_y"][:, i], lw=1.3)
    ax.plot(*d["centre"], "k+", ms=10, mew=2, label="centre (never an ESS)")
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="share of firms maintaining quality",
           ylabel="share of supervisors inspecting",
           title="Regional brand inspection game: closed orbits around a centre")
    ax.legend(loc="lower left")
    return fig


def diffusion_paths_data() -> dict[str, Any]:
    """Three-population time paths with and without a payoff from coordinating."""
    DiffusionEvolution, _, _ = _models()
    t = np.linspace(0, 40, 401)
    starts = np.array([[0.2, 0.5, 0.5], [0.5, 0.3, 0.3], [0.8, 0.8, 0.2]])
    out: dict[str, Any] = {"t": t}
    for key, policy in (("rewarded", COORDINATED), ("unrewarded", UNREWARDED)):
        rep = DiffusionEvolution(**MARKET, **policy).replicator()
        sim = rep.simulate(starts, t, max_step=0.02)
        out[key] = sim.states[:, :, 0::2]          # (time, start, population): preferring shares
    return out


def diffusion_paths_draw(d: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    axes = fig.subplots(1, 2, sharey=True)
    names = ("leaders sharing", "laggards seeking", "government coordinating")
    styles = ("-", "--", ":")
    for ax, key, title in zip(axes, ("rewarded", "unrewarded"),
                              ("government gains from coordinating (R = 5)", "no payoff from coordinating (R = 0)")):
        for j in range(d[key].shape[1]):
            for k in range(3):
                ax.plot(d["t"], d[key][:, j, k], styles[k], color=f"C{j}", lw=1.1,
                        label=names[k] if j == 0 else None)
        ax.set(title=title, xlabel="time")
    axes[0].set_ylabel("share of population")
    axes[0].legend(loc="center right", fontsize=8)
    fig.suptitle("Tripartite diffusion game: time paths from three initial conditions", fontsize=10)
    return fig


def diffusion_basins_data() -> dict[str, Any]:
    """Basins of attraction of the bistable leader–laggard game over initial conditions."""
    DiffusionEvolution, _, _ = _models()
    rep = DiffusionEvolution(**MARKET, **BISTABLE, government=False).replicator()
    grid = np.linspace(0.01, 0.99, 50)
    X, Y = np.meshgrid(grid, grid)
    sim = rep.simulate(np.stack([X.ravel(), Y.ravel()], axis=1), np.linspace(0, 200, 3), max_step=0.05)
    final = sim.final
    outcome = np.where((final[:, 0] > 0.5) & (final[:, 2] > 0.5), 1, 0).reshape(X.shape)
    saddle = next(s.rest_point for s in rep.stability() if s.rest_point.kind == "interior")
    return {"x": X, "y": Y, "diffusion": outcome,
            "saddle": np.array([float(saddle.shares[0][0]), float(saddle.shares[1][0])])}


def diffusion_basins_draw(d: dict[str, Any]):
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    ax.pcolormesh(d["x"], d["y"], d["diffusion"], cmap=ListedColormap(["#f2c6c2", "#bfe3c0"]), shading="auto")
    ax.plot(*d["saddle"], "ko", label="saddle (interior rest point)")
    ax.text(0.8, 0.9, "→ (share, seek)", ha="center")
    ax.text(0.2, 0.1, "→ (avert, avert)", ha="center")
    ax.set(xlabel="initial share of leaders sharing", ylabel="initial share of laggards seeking",
           title="Licensing with costly openness: basins of the two ESS")
    ax.legend(loc="upper left")
    return fig


def coordination_region_data() -> dict[str, Any]:
    """Where (share, seek, coordinate) is an ESS on the (subsidy, fine) plane (vectorised)."""
    DiffusionEvolution, _, _ = _models()
    s, f = sp.symbols("s f", nonnegative=True)
    policy = dict(COORDINATED, subsidy=s, fine=f)
    cond = DiffusionEvolution(**MARKET, **policy).stable_outcomes()[("share", "seek", "coordinate")]
    S, F = np.meshgrid(np.linspace(0, 12, 241), np.linspace(0, 8, 161))
    stable = np.broadcast_to(sp.lambdify((s, f), cond, "numpy")(S, F), S.shape)
    return {"subsidy": S, "fine": F, "stable": np.asarray(stable, dtype=bool), "condition": sp.sstr(canonical(cond))}


def coordination_region_draw(d: dict[str, Any]):
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    ax.pcolormesh(d["subsidy"], d["fine"], d["stable"].astype(int),
                  cmap=ListedColormap(["#eeeeee", "#9ecae1"]), shading="auto")
    ax.set(xlabel="subsidy s to each firm preferring diffusion", ylabel="fine f on each averse firm",
           title="Where coordination is evolutionarily stable (R = 5, C = 1, λ = 1/4)")
    ax.text(7.5, 6.5, "coordination stable\n(s + f > 4 and s < 8)", ha="center")
    return fig


# -- derivation -------------------------------------------------------------------------------
def build() -> str:
    DiffusionEvolution, BrandInspection, CommonTechCofunding = _models()
    doc = Document("Evolutionary dynamics of the cluster games",
                   subtitle="Generated by `gametheory derive evolution` — do not edit by hand.")
    doc.para("Multi-population replicator dynamics (多群体复制动态) for the three model families: "
             "technology diffusion (技术扩散) between leading (领先企业) and lagging firms (落后企业) with a "
             "government coordinator (协调者), the regional brand (区域品牌) inspection game, and co-funding of "
             "industrial common technology (产业共性技术). Payoff entries are generated from the static models.")

    doc.heading("1. The dynamics and what linearisation can tell")
    doc.para("Population $k$ plays the mixed strategy $x_k$; shares grow with their payoff advantage:")
    doc.math(r"\dot x_{k,s} = x_{k,s}\left(u_k(s, x_{-k}) - \bar u_k(x)\right)")
    doc.bullets([
        "Rest points: on each face, all strategies in every support earn the same payoff (solved exactly, face by face).",
        "Stability from the Jacobian in reduced coordinates: all real parts negative — asymptotically stable; "
        "a positive real part — unstable (a saddle if another is negative); a zero real part with none positive — "
        "**non-hyperbolic: undetermined**, never reported as stable.",
        "At a vertex the eigenvalues are the payoff differences $u_k(s', s_{-k}) - u_k(s)$: a vertex is "
        "asymptotically stable iff it is a **strict** Nash equilibrium.",
        "ESS of an asymmetric (multi-population) game = strict Nash equilibria, hence pure (Selten 1980; "
        "Ritzberger & Weibull 1995). Interior rest points of two-population games are never asymptotically "
        "stable: saddles or centres (Hofbauer & Sigmund 1998). Published tripartite models that call a mixed "
        "point an ESS, or a point with a zero eigenvalue stable, are wrong on this count.",
    ])

    # diffusion
    doc.heading("2. Technology diffusion with a government coordinator")
    m = MARKET
    doc.para(f"Market $P = {m['a']} - {m['b']}Q$, leader cost $c_L = {m['leader_cost']}$, laggard cost "
             f"$c_G = {m['laggard_cost']}$, absorptive capacity $\\beta = {m['beta']}$. Cournot profits: "
             "without the flow $(100/9, 16/9)$, with it $(64/9, 64/9)$; welfare $214/9$ and $256/9$. "
             "Leaders choose share/avert (偏好/厌恶), laggards seek/avert, the government coordinate/laissez-faire.")
    s, f, C, R, lam = sp.symbols("s f C R lambda", nonnegative=True)
    evo = DiffusionEvolution(**MARKET, subsidy=s, fine=f, coordination_cost=C, reward=R, shadow_cost=lam)
    game = evo.game()
    rows = []
    for profile in game.profiles():
        rows.append([", ".join(game.profile_labels(profile))] + [game.payoffs[i][profile] for i in range(3)])
    doc.table(["profile", "leading", "lagging", "government"], rows)
    doc.para("Strict Nash equilibria (ESS) and the conditions that select them:")
    doc.table(["ESS", "condition"], [[", ".join(k), v] for k, v in evo.stable_outcomes().items()])
    doc.para("So coordination (share, seek, coordinate) is stable only when the subsidy plus the fine covers the "
             "leader's profit loss from sharing, $s + f > 100/9 - 64/9 = 4$, **and** the government itself gains "
             "from coordinating once firms comply, $R - C - 2\\lambda s > 0$. Without such a payoff the government "
             "drifts back to laissez-faire and the leader back to aversion: raising diffusion needs a coordinator "
             "whose own incentives survive success (figure `evolution_diffusion_paths`).")
    doc.para("Licensing without a government, with openness costing $\\kappa_L = \\kappa_G = 1/4$ and a licence fee "
             "$F = 9/2$, is a coordination game between leader and laggard:")
    bi = DiffusionEvolution(**MARKET, **BISTABLE, government=False)
    doc.table(["rest point", "eigenvalues", "classification"],
              [[_shares(st.rest_point), st.eigenvalues, st.classification] for st in bi.replicator().stability()])

    # brand
    doc.heading("3. Regional brand: firms × supervisor (an inspection game)")
    n, th, k, p, F, Cs, tau, lam2 = sp.symbols("n theta k p F C tau lambda", positive=True)
    brand = BrandInspection(n=n, theta=th, k=k, inspection_probability=p, fine=F, supervision_cost=Cs,
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
    doc.para("When $0 < g < pF$ and $p(L + \\lambda F) > C$ no profile is a strict equilibrium; the interior rest "
             "point is a centre and the shares cycle (figure `evolution_brand_phase`):")
    doc.aligned([("x^*", x_star), ("y^*", y_star)])
    ex = BrandInspection(**INSPECTION)
    table = ex.replicator().stability()
    doc.para(f"At $n = {INSPECTION['n']}, \\theta = {INSPECTION['theta']}, k = {INSPECTION['k']}, p = 1/2, F = 4, C = 1$:")
    doc.table(["rest point", "eigenvalues", "classification"],
              [[_shares(st.rest_point), st.eigenvalues, st.classification] for st in table])
    traced = BrandInspection(**dict(INSPECTION, traceability=1))
    doc.para(f"Full traceability (可追溯, $\\tau = 1$) turns the gain into $g = {tex(traced.free_riding_gain)} < 0$: "
             "maintaining is strictly dominant and the ESS is "
             f"{', '.join(next(iter(traced.stable_outcomes())))} — the brand needs no supervisor.")

    # common technology
    doc.heading("4. Common technology: firms × government co-funding")
    v, V, gcost, B, mrate, A, R2, lam3 = sp.symbols("v V g B m A R lambda", positive=True)
    ct = CommonTechCofunding(valuation=v, social_valuation=V, project_cost=gcost, benefit=B,
                             matching_rate=mrate, admin_cost=A, reward=R2, shadow_cost=lam3)
    cg = ct.game()
    doc.table(["firms \\ government", "co-fund", "not"],
              [[cg.strategies[0][i], (cg.payoffs[0][i, 0], cg.payoffs[1][i, 0]), (cg.payoffs[0][i, 1], cg.payoffs[1][i, 1])]
               for i in range(2)])
    doc.table(["ESS", "condition"], [[", ".join(k_), c] for k_, c in ct.stable_outcomes().items()])
    doc.para("Co-funding is a transfer; it costs the government $\\lambda m g + A$ net, so without a payoff from "
             "co-funding it never co-funds, and firms contribute only if $vB > g$. The good outcome needs "
             "$vB > (1 - m)g$ and $R > \\lambda m g + A$.")
    doc.heading("References")
    doc.bullets([
        "Taylor, P. D. (1979). Evolutionarily stable strategies with two types of player. J. Appl. Prob. 16, 76–83.",
        "Selten, R. (1980). A note on evolutionarily stable strategies in asymmetric animal conflicts. J. Theor. Biol. 84, 93–101.",
        "Ritzberger, K. & Weibull, J. (1995). Evolutionary selection in normal-form games. Econometrica 63, 1371–1399.",
        "Hofbauer, J. & Sigmund, K. (1998). Evolutionary Games and Population Dynamics. Cambridge UP.",
    ])
    return doc.render()


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
    say.figure("evolution_diffusion_paths")


DERIVATIONS = [Derivation("evolution", "Evolutionary dynamics of the cluster games", build)]
FIGURES = [
    FigureSpec("evolution_brand_phase", "Brand inspection game phase portrait", brand_phase_data, brand_phase_draw,
               size=(5.6, 5.0)),
    FigureSpec("evolution_diffusion_paths", "Tripartite diffusion time paths", diffusion_paths_data,
               diffusion_paths_draw, size=(9.0, 4.0)),
    FigureSpec("evolution_diffusion_basins", "Basins of attraction of licensing", diffusion_basins_data,
               diffusion_basins_draw, size=(5.6, 5.0)),
    FigureSpec("evolution_coordination_region", "Where coordination is stable", coordination_region_data,
               coordination_region_draw),
]
DEMOS = [Demo("evolution", "Replicator dynamics of the three cluster games", demo,
              figures=("evolution_brand_phase", "evolution_diffusion_paths"))]
