r"""Jupyter notebooks of the teaching demos, committed with their outputs.

Each demo registered in the catalog (``gametheory demo --list``) has a notebook
``derivations/notebooks/{name}.ipynb`` that walks through the same steps with code cells; results
are package result objects, which Jupyter renders through their bounded ``_repr_latex_`` and
``_repr_html_``. The notebooks are *generated* from the cell lists in :data:`CELLS` (pairs of
Markdown and code) with fixed cell ids (:func:`build_notebook`), then executed in a real Jupyter
kernel (:func:`run_in_kernel`, nbclient + ipykernel, the ``reproduce`` extra) so that a reader on
the web sees the results; the executed notebook is cleaned of everything volatile (timings,
kernel versions, split stream chunks) so that ``gametheory reproduce`` writes the same bytes on a
second run. A demo without a hand-written cell list gets a notebook that runs the narrated demo.

Every output of a committed notebook stays under :data:`OUTPUT_BUDGET` bytes (a browser tab must
not freeze on a 201×201 regime map); :func:`oversized_outputs` lists the ones that do not.
:func:`execute` runs the code cells in-process, without Jupyter, for quick checks.

Examples
--------
>>> nb = build_notebook("empirical")
>>> nb["nbformat"], nb["cells"][0]["cell_type"]
(4, 'markdown')
>>> sources(nb) == sources(json.loads(render("empirical")))
True
"""

from __future__ import annotations

import ast
import copy
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable

from gametheory.outputs.registry import catalog
from gametheory.core.params import rejects_text

__all__ = ["CELLS", "OUTPUT_BUDGET", "JUPYTER_HINT", "build_notebook", "execute", "jupyter_available", "names",
           "oversized_outputs", "render", "run_in_kernel", "sources", "write", "write_all"]

#: Largest size in bytes of one output of a notebook (text, LaTeX, HTML or an encoded image).
OUTPUT_BUDGET = 100_000

#: How to get what executing notebooks needs.
JUPYTER_HINT = 'pip install "cluster-gametheory[reproduce]"   (nbclient, ipykernel, nbformat)'

#: Where notebooks go, relative to the output root.
FOLDER = Path("derivations") / "notebooks"

_SETUP = """\
# Run from a checkout or after `pip install cluster-gametheory`; figures are drawn inline,
# at screen resolution (the PNG and PDF files for papers come from `gametheory figures`).
%config InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "dpi": 72}
%matplotlib inline"""

_FIGURE = """\
from gametheory.outputs.figures import render
from gametheory.outputs.registry import catalog

render(catalog().figures["{name}"])"""


def _figure(name: str) -> str:
    return _FIGURE.format(name=name)


# -------------------------------------------------------------------------------------------------
# Cell lists: (markdown, code) pairs; either may be "" to leave that cell out.
# -------------------------------------------------------------------------------------------------
CLASSIC = [
    ("# Classic games: equilibria, conditions, dominance\n\n"
     "The same walk-through as `gametheory demo classic`. Results are package objects; Jupyter shows them "
     "through their LaTeX representation.", _SETUP),
    ("## Step 1. The prisoner's dilemma\n\nPayoffs (row, column); a pure profile is an equilibrium when "
     "no player gains from a unilateral deviation.",
     "import sympy as sp\n"
     "from gametheory import NormalFormGame\n"
     "from gametheory.outputs.catalog.classic import PD_ORDER, classic_games, symbolic_pd\n\n"
     "games = classic_games()\n"
     "pd = games[\"Prisoner's dilemma\"]\n"
     "for row in pd.table():\n"
     "    print(row)\n"
     "pd.pure_equilibria(), pd.deviation_gain((0, 0))"),
    ("## Step 2. Mixed equilibria of the battle of the sexes (exact)\n\nAll extreme equilibria by vertex "
     "enumeration in rational arithmetic, each with its largest deviation gain (0).",
     "bos = games[\"Battle of the sexes\"]\n"
     "bos.equilibria()"),
    ("## Step 3. Matching pennies has no pure equilibrium", 
     "mp = games[\"Matching pennies\"]\n"
     "mp.pure_equilibria(), mp.mixed_equilibria()"),
    ("## Step 4. A symbolic prisoner's dilemma\n\nPayoffs R (reward), S (sucker), T (temptation), "
     "P (punishment): the conditions under which each pure profile is an equilibrium, first without "
     "assumptions, then under T > R > P > S.",
     "spd = symbolic_pd()\n"
     "spd.pure_equilibrium_conditions()"),
    ("", "spd.pure_equilibrium_conditions(assumptions=PD_ORDER)"),
    ("## Step 5. Regime map over the T–S plane (R = 1, P = 0)", _figure("classic_regime_map")),
]

BRAND = [
    ("# Regional brand (区域品牌): free riding, standards and patience\n\n"
     "The same walk-through as `gametheory demo brand`.", _SETUP),
    ("## Step 1. n firms share a brand; reputation is their average quality\n\n"
     "Each firm pays the whole cost of its quality ($k q^2/2$ per unit) but captures only its share of the "
     "reputation premium $\\theta R$. With $\\theta = k = 1$ the optimum is $q^* = 1$.",
     "from fractions import Fraction\n"
     "import sympy as sp\n"
     "from gametheory.models.brand import CournotBrand, RegionalBrand\n\n"
     "for n in (1, 2, 3, 5, 10):\n"
     "    m = RegionalBrand(n, 1, 1)\n"
     "    print(n, m.equilibrium().quality, m.first_best().quality, m.welfare_ratio())\n"
     "RegionalBrand(4, 1, 1).equilibrium()"),
    ("Nash quality is $1/n$ of the optimum: the $1/n$ dilution (搭便车 free riding). A symbolic brand "
     "gives the same in closed form:",
     "n = sp.Symbol(\"n\", integer=True, positive=True)\n"
     "theta, k = sp.symbols(\"theta k\", positive=True)\n"
     "RegionalBrand(n, theta, k).equilibrium()"),
    ("## Step 2. Unequal shares: the under-provision ratio is the Herfindahl index",
     "m = RegionalBrand(3, 1, 1, shares=(Fraction(1, 2), Fraction(1, 3), Fraction(1, 6)))\n"
     "m.equilibrium().qualities, m.dilution()"),
    ("## Step 3. The coordinator: subsidy, cost share, enforced standard, traceability (n = 4, λ = 1/4)\n\n"
     "A minimum quality standard (质量标准) would reach the first best without public money only if "
     "enforcement were free; Nash quality is dominant, so it competes only enforced by inspections and "
     "fines — and then the cost share (tax credit) wins below λ ≈ 0.41, traceability above.",
     "pol = RegionalBrand(4, 1, 1).coordinate(shadow_cost=Fraction(1, 4), inspection_cost=Fraction(1, 2),\n"
     "                                        max_fine=1, traceability_cost=Fraction(1, 4))\n"
     "for name, c in pol.candidates.items():\n"
     "    print(name, dict(c.level), c.welfare, c.public_outlay, c.gap_closed)\n"
     "pol.best"),
    ("## Step 4. Maintain or free ride: a lemons market\n\nStrategy 0 = maintain, 1 = free ride.",
     "g = RegionalBrand(3, 1, 1).maintenance_game()\n"
     "g.normal_form().pure_equilibria()"),
    ("## Step 5. Patience sustains the brand: grim-trigger critical discount factors",
     "for n in (2, 3, 5, 10, 20):\n"
     "    print(n, RegionalBrand(n, 1, 1).maintenance_game().critical_discount_factor().critical_discount_factor,\n"
     "          RegionalBrand(n, 1, 1).critical_discount_factor().critical_discount_factor)\n"
     "RegionalBrand(3, 1, 1).maintenance_game().critical_discount_factor()"),
    ("## Step 6. Entrants who use the name without meeting the standard (e = 1/4, quality 0)",
     "ent = RegionalBrand(3, 1, 1).with_entrants(Fraction(1, 4))\n"
     "pol = ent.policies(enforcement_cost=Fraction(1, 10))\n"
     "ent.equilibrium().quality, ent.equilibrium().reputation, pol.exclusion_gain, pol.best"),
    ("## Step 7. Cournot-brand form: quality first, then Cournot (a = 10, b = 1, c = 2, θ = k = 1, n = 4)",
     "mm = CournotBrand(4, 10, 1, 2, 1, 1)\n"
     "for label, r in ((\"Nash\", mm.equilibrium()), (\"association\", mm.cartel()),\n"
     "                 (\"second best\", mm.second_best()), (\"first best\", mm.first_best())):\n"
     "    print(label, r.quality, sp.N(r.welfare, 6))\n"
     "mm.equilibrium()"),
    ("## Figures", _figure("brand_quality_by_n")),
    ("", _figure("brand_instruments_vs_lambda")),
    ("", _figure("brand_critical_discount")),
]

COMMONTECH = [
    ("# Industrial common technology (产业共性技术): free riding and the coordinator\n\n"
     "The same walk-through as `gametheory demo commontech`.", _SETUP),
    ("## Step 1. Three firms value a shared technology at v = (3, 2, 1); benefit f(G) = log G\n\n"
     "Each firm contributes until $v_i f'(G) = v_i/G = 1$; only the firm with $v = 3$ can hold this with "
     "equality, the others free ride (搭便车).",
     "from fractions import Fraction\n"
     "import sympy as sp\n"
     "from gametheory.core.results import compare\n"
     "from gametheory.models.commontech import CommonTechnology, CournotCommonTechnology, WealthProvision\n\n"
     "ct = CommonTechnology((3, 2, 1))\n"
     "eq, fb = ct.equilibrium(), ct.first_best()\n"
     "print(compare({\"Nash\": eq, \"Samuelson optimum\": fb}))\n"
     "ct.underprovision_ratio()"),
    ("", "eq"),
    ("## Step 2. Public provision crowds out (挤出) private provision one for one",
     "[(g0, ct.private_response(g0)) for g0 in (0, 1, 2, 3, 4, 6)]"),
    ("## Step 3. The coordinator: direct provision vs a matching subsidy\n\n"
     "Below the Nash level a public unit only replaces a private one and costs λ extra, so direct "
     "provision is all or nothing; a matching subsidy buys the same level with less public money.",
     "for lam in (0, Fraction(1, 10), Fraction(1, 4), Fraction(1, 2)):\n"
     "    d, m = ct.direct_provision(shadow_cost=lam), ct.matching_subsidy(shadow_cost=lam)\n"
     "    print(lam, d.policy, sp.N(d.welfare, 5), m.policy, sp.N(m.welfare, 5))\n"
     "ct.matching_subsidy(shadow_cost=Fraction(1, 4))"),
    ("## Step 4. A consortium with Lindahl shares",
     "for outside in (\"nash\", \"free_ride\"):\n"
     "    k = ct.consortium(outside=outside)\n"
     "    print(outside, k.level, k.cost_shares, k.participation)"),
    ("## Step 5. Wealth and Cobb–Douglas utility (Bergstrom, Blume & Varian 1986)\n\n"
     "Redistribution among contributors is neutral (Warr 1983); exogenous provision is crowded out 2/3.",
     "e = WealthProvision((6, 4))\n"
     "moved = e.redistribute((-Fraction(1, 2), Fraction(1, 2)))\n"
     "[(label, x.equilibrium().level, x.equilibrium().contributions)\n"
     " for label, x in ((\"w = (6, 4)\", e), (\"move 1/2 from firm 1 to 2\", moved), (\"g0 = 1\", e.with_government(1)))]"),
    ("## Step 6. Cournot form: the technology cuts every firm's unit cost by r(G) = √G/2\n\n"
     "The low-cost (largest) firm pays alone (Olson); even a consortium ignores consumers' gain.",
     "m = CournotCommonTechnology(20, 1, (6, 8), efficiency=Fraction(1, 2))\n"
     "for label, r in ((\"Nash\", m.equilibrium()), (\"consortium\", m.consortium()), (\"planner\", m.first_best())):\n"
     "    print(label, r.level, r.contributions, sp.N(r.welfare, 5))\n"
     "m.implementing_matching_rate()"),
    ("## Figure", _figure("commontech_welfare_vs_lambda")),
]

RD = [
    ("# R&D with spillovers: d'Aspremont–Jacquemin and research joint ventures\n\n"
     "The same walk-through as `gametheory demo rd`.", _SETUP),
    ("## Step 1. The model\n\n$n$ firms, $P = a - bQ$; unit cost $A$ minus own R&D minus β times rivals' "
     "R&D; R&D $x$ costs $\\gamma x^2/2$.",
     "from fractions import Fraction\n"
     "from gametheory.models.rd import SpilloverRD\n"
     "from gametheory.outputs.catalog.rd import FIGURE_PARAMS as p, SUBSIDY_BETA\n\n"
     "p"),
    ("## Step 2. All regimes at β = 1/4 and β = 3/4\n\nEach regime carries its validity conditions "
     "(second-order, best-response stability, non-negative costs).",
     "for bv in (Fraction(1, 4), Fraction(3, 4)):\n"
     "    m = SpilloverRD(beta=bv, **p)\n"
     "    for k, o in m.regimes().items():\n"
     "        print(bv, k, o.rd, o.profit, o.welfare, o.valid)\n"
     "SpilloverRD(beta=Fraction(1, 4), **p).noncooperative()"),
    ("## Step 3. The β = 1/2 crossing\n\nCooperative R&D exceeds noncooperative R&D iff β > 1/2: above it "
     "the cartel internalises the spillover, below it the business-stealing effect.",
     "[(bv, SpilloverRD(beta=bv, **p).cartel().rd > SpilloverRD(beta=bv, **p).noncooperative().rd)\n"
     " for bv in (Fraction(1, 4), Fraction(3, 4))]"),
    ("## Step 4. When the closed forms stop being equilibria",
     "h = SpilloverRD(a=10, b=1, A=9, beta=Fraction(1, 10), gamma=1).noncooperative()\n"
     "s = SpilloverRD(a=10, b=1, A=9, beta=0, gamma=1).cartel()\n"
     "h.failed, s.failed, s.hessian_eigenvalues   # Henriques (1990); Salant & Shaffer (1998)"),
    ("Allowed unequal R&D, the cartel specialises — firm 2 leaves the market:",
     "j = SpilloverRD(a=10, b=1, A=9, beta=0, gamma=1).cartel(symmetric=False)\n"
     "j.rd, j.objective, j.symmetric_objective"),
    ("## Step 5. An R&D subsidy with costly public funds",
     "m = SpilloverRD(beta=SUBSIDY_BETA, **p)\n"
     "for lam in (0, Fraction(1, 5), Fraction(1, 2)):\n"
     "    o = m.subsidy_policy(lam)   # closed form; coordinate() also weighs the cost share\n"
     "    print(lam, o.subsidy, o.rd, o.welfare, o.gap_closed)\n"
     "m.coordinate(Fraction(1, 5))"),
    ("## Figures", _figure("rd_by_regime_vs_beta")),
    ("", _figure("rd_subsidy_vs_lambda")),
]

EVOLUTION = [
    ("# Evolutionary games of the cluster: who learns to cooperate?\n\n"
     "The same walk-through as `gametheory demo evolution`. In these asymmetric games the evolutionarily "
     "stable outcomes are the strict Nash equilibria, hence pure (Selten 1980).", _SETUP),
    ("## Step 1. The regional-brand inspection game\n\nFirms maintain quality or free-ride; the "
     "association supervises or not.",
     "import sympy as sp\n"
     "from gametheory.models.evolution import BrandInspection, DiffusionEvolution\n"
     "from gametheory.outputs.catalog.evolution import INSPECTION, MARKET\n\n"
     "model = BrandInspection(**INSPECTION)\n"
     "game = model.game()\n"
     "print(\"free-riding gain:\", model.free_riding_gain)\n"
     "game.payoffs"),
    ("## Step 2. Rest points and their stability (eigenvalues of the Jacobian)\n\nNo vertex is a strict "
     "equilibrium, so there is no ESS; the interior point is a centre: shares cycle.",
     "stability = model.replicator().stability()\n"
     "for st in stability:\n"
     "    print(st.rest_point.shares, st.eigenvalues, st.classification)\n"
     "stability[-1]"),
    ("The same game in the evolutionary workbench (`gametheory.EvolutionaryGame`): the stability table "
     "of every vertex and the phase portrait in one call each.",
     "from gametheory import EvolutionaryGame\n\n"
     "workbench = EvolutionaryGame(game, populations=(\"firms\", \"association\"), strategies=game.strategies)\n"
     "workbench.plot(n=4)\n"
     "workbench.vertex_table()"),
    ("", _figure("evolution_brand_phase")),
    ("## Step 3. Technology diffusion with a government coordinator\n\nCoordination survives only if "
     "$s + f$ covers the leader's loss (4) and $R - C - 2\\lambda s > 0$.",
     "s, f, C, R, lam = sp.symbols(\"s f C R lambda\", nonnegative=True)\n"
     "evo = DiffusionEvolution(**MARKET, subsidy=s, fine=f, coordination_cost=C, reward=R, shadow_cost=lam)\n"
     "evo.stable_outcomes()"),
    ("Three populations — leaders, laggards, the government — with numbers ($s = 3$, $f = 2$, $C = 1$, "
     "$R = 6$, $\\lambda = 1/5$): $s + f = 5 > 4$ and $R - C - 2\\lambda s = 19/5 > 0$, so coordination "
     "with diffusion is the stable vertex. The phase portrait in the cube:",
     "numeric = DiffusionEvolution(**MARKET, subsidy=3, fine=2, coordination_cost=1, reward=6,\n"
     "                             shadow_cost=sp.Rational(1, 5)).game()\n"
     "three = EvolutionaryGame(numeric, populations=(\"leaders\", \"laggards\", \"government\"),\n"
     "                         strategies=numeric.strategies)\n"
     "three.plot(n=3)\n"
     "three.ess()"),
    ("", _figure("evolution_diffusion_paths")),
]

DIFFUSION = [
    ("# Technology diffusion among leading, middle and lagging firms (技术扩散)\n\n"
     "The same walk-through as `gametheory demo diffusion` (DESIGN Model 1, after Kuang & Zhang, seed 001 §2.3).",
     _SETUP),
    ("## Step 1. The market: three firms, one per tier\n\nInverse demand $P = 10 - Q$; unit costs: leading "
     "L = 1, middle M = 2, lagging G = 3.",
     "import sympy as sp\n"
     "from gametheory.models.diffusion import TechnologyDiffusion\n\n"
     "m = TechnologyDiffusion(10, 1, (1, 2, 3))\n"
     "o = m.outcome()\n"
     "o"),
    ("## Step 2. What a flow of knowledge does\n\nIf L teaches M (absorptive capacity 1), M's cost falls to 1. "
     "L loses (a rival got cheaper), M gains (its own cost fell), G loses too.",
     "o2 = m.outcome([(0, 1)])\n"
     "list(zip(m.labels, o2.costs, o.profits, o2.profits))"),
    ("## Step 3. The attitude game: preference (P, 偏好) or aversion (A, 厌恶)\n\nEvery source loses from "
     "sharing, every receiver gains from seeking, in every context; iterated elimination of weakly dominated "
     "strategies leaves Kuang & Zhang's pattern, and no flow is realised.",
     "eq = m.equilibrium()\n"
     "for s in eq.dominance:\n"
     "    print(s.firm, s.toward, s.role, s.isolated_margin, s.dominant)\n"
     "eq.attitudes, eq.welfare, len(eq.nash_equilibria)"),
    ("## Step 4. The planner (first best)\n\nWelfare is convex in costs within an active set, so here the optimum is a corner (an exit kink can be interior).",
     "m.first_best()"),
    ("## Step 5. When diffusion hurts: Lahiri & Ono (1988)\n\nDiffusion to a minor firm lowers welfare when "
     "its share is below $1/(2(n+1))$.",
     "lo = TechnologyDiffusion(10, 1, (1, 5), beta=sp.Rational(1, 8)).lahiri_ono()\n"
     "lo.shares, lo.threshold, lo.full_diffusion"),
    ("", _figure("diffusion_laggard_gap")),
    ("## Step 6. The government as coordinator (协调者)\n\nFirst one instrument only — buying diffusion from "
     "the source (`instruments=(\"purchase\",)`), with the shadow cost λ of public funds; then the full menu "
     "(purchase, subsidy, mandate, fine) under the default fiscal rule (fines capped by limited liability, "
     "the first best may raise the same revenue, so it rises with λ).",
     "for lam in (0, sp.Rational(1, 5), 2):\n"
     "    co = m.coordinate(shadow_cost=lam, instruments=(\"purchase\",))\n"
     "    print(lam, co.policy, co.welfare, co.gap_closed)\n"
     "pm = TechnologyDiffusion(10, 1, (1, 2, 4), beta=(1, 1, sp.Rational(1, 2)))\n"
     "pm.coordinate(shadow_cost=sp.Rational(1, 5), inspection_cost=0, enforcement_cost=0)"),
    ("", _figure("diffusion_welfare_vs_lambda")),
    ("Lessons: firms' attitudes follow from the signs of $\\partial\\pi_i/\\partial c_j$; the government should "
     "raise diffusion only toward firms large enough to pass the Lahiri–Ono test; buying it pays only while the "
     "shadow cost of the transfers is low, whereas a mandate or a fine (no outlay) can raise it at any λ.",
     _figure("diffusion_regime_map")),
]

DYNAMICS = [
    ("# Cluster upgrading on a network of firms\n\n"
     "The same walk-through as `gametheory demo dynamics`: innovation → diffusion → innovation (seed 002), "
     "leading firms as gatekeepers (seed 003), competition in local markets (product segments).", _SETUP),
    ("## Step 1. A line of four firms: one innovation travels one link per step",
     "import networkx as nx\n"
     "import numpy as np\n"
     "from gametheory.dynamics import Cluster, Rules, simulate\n"
     "from gametheory.outputs.catalog.dynamics import cycles_data, paths_data\n\n"
     "cluster = Cluster(nx.path_graph(4), costs=[1.0, 2.0, 2.0, 2.0])\n"
     "[np.round(simulate(cluster, Rules(diffusion_rate=0.5), t).final_costs, 4).tolist() for t in range(4)]"),
    ("Each run is a result object with its time series (gap, frontier, diffusion events, attitudes, share of "
     "firms producing, welfare) and the seed that reproduces it:",
     "simulate(cluster, Rules(diffusion_rate=0.5), 3)"),
    ("## Step 2. One segment of three firms is the static three-tier Cournot game",
     "three = simulate(Cluster(nx.path_graph(3), costs=[1.0, 1.5, 2.0]), Rules(demand=(4.0, 1.0)), 0)\n"
     "three.final_profits.tolist(), float(three.welfare[0])"),
    ("## Step 3. Innovation → diffusion → innovation on 2,000 firms, ten replications",
     "d = cycles_data()\n"
     "int(d[\"innovations\"].sum()), float(d[\"gap\"].max()), float(d[\"gap_mean\"][-1])"),
    ("", _figure("dynamics_cycles")),
    ("## Step 4. Upgrading paths and the role of gatekeepers (leading firms)",
     "p = paths_data()\n"
     "{name: round(float(p[f\"relative_{i}_mean\"][-1]), 3) for i, name in enumerate(p[\"names\"])}"),
    ("", _figure("dynamics_paths")),
]

EMPIRICAL = [
    ("# Technology power in a heavy-industry cluster: a path model (seed 000)\n\n"
     "The same walk-through as `gametheory demo empirical`; the full comparison is in "
     "`derivations/empirical.md`. Lin, Cao & Zeng estimate how technology power (技术权力) shapes innovation "
     "networking (创新结网), the cooperation mode (创新合作方式) and innovation location (创新区位) in the "
     "Shanghai Lingang equipment cluster (SEM, 156 firms).", _SETUP),
    ("## Step 1. The variables and the arrows of the path diagram",
     "from gametheory.models.empirical import PathModel, compare_with_table, published_table, seed000\n\n"
     "print([(v[\"id\"], v[\"zh\"]) for v in seed000()[\"variables\"]])\n"
     "model = PathModel.from_seed000()\n"
     "model.matrix()"),
    ("## Step 2. Direct, indirect and total effects\n\nIndirect effects are sums of products of "
     "coefficients along routes; total effects $E = (I - B)^{-1} - I$, exactly.",
     "effects = model.effects()\n"
     "for route in effects.routes:\n"
     "    print(route)\n"
     "effects"),
    ("The textbook check: X → M → Y with a direct arrow X → Y gives indirect $ab$, total $c + ab$.",
     "import sympy as sp\n"
     "a, b, c = sp.symbols(\"a b c\")\n"
     "PathModel([(\"X\", \"M\", a), (\"M\", \"Y\", b), (\"X\", \"Y\", c)]).effects().effect(\"X\", \"Y\")"),
    ("## Step 3. Compared with the paper's Table 4\n\nTwo rows disagree beyond rounding: Table 4 drops the "
     "sign of T → N (−0.183) in technology power's indirect effects and leaves out the route "
     "T → N → L → C.",
     "from gametheory.outputs.catalog.empirical import decimal\n\n"
     "for row in compare_with_table(model, published_table()):\n"
     "    print(f\"{row.source} -> {row.target}: Table 4 {[decimal(v) for v in row.published]}, \"\n"
     "          f\"computed {[decimal(v) for v in row.computed]}, agrees {row.agrees}\")"),
    ("## Step 4. Why a leading firm averts diffusion\n\nIn Cournot competition a rival's lower cost lowers "
     "the leader's profit; seed 000 finds that technology power lowers local networking (−0.183).",
     "from gametheory.outputs.catalog.empirical import diffusion_incentive\n"
     "inc = diffusion_incentive()\n"
     "inc[\"dprofit\"], inc[\"before\"].profits, inc[\"after\"].profits"),
    ("", "inc[\"after\"]"),
    ("## Figure", _figure("empirical_path_effects")),
]

#: Hand-written cell lists per demo name.
CELLS: dict[str, list[tuple[str, str]]] = {
    "brand": BRAND,
    "classic": CLASSIC,
    "commontech": COMMONTECH,
    "diffusion": DIFFUSION,
    "dynamics": DYNAMICS,
    "empirical": EMPIRICAL,
    "evolution": EVOLUTION,
    "rd": RD,
}


def _fallback(name: str) -> list[tuple[str, str]]:
    title = catalog().demos[name].title
    return [(f"# {title}\n\nThis notebook runs the narrated demo `gametheory demo {name}`; "
             "its figures are written to `gametheory-demo/figures/`.", _SETUP),
            ("", "from gametheory.outputs.demos import run_demo\n\n"
                 f"run_demo({name!r})")]


# -------------------------------------------------------------------------------------------------
# Building, writing, executing
# -------------------------------------------------------------------------------------------------
@rejects_text
def names() -> list[str]:
    """Notebook names: every registered demo (alphabetical)."""
    return sorted(catalog().demos)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


@rejects_text(text=('name',))
def build_notebook(name: str) -> dict[str, Any]:
    """The nbformat-v4 notebook of demo ``name`` as a JSON-ready dict (no outputs, fixed ids)."""
    demos = catalog().demos
    if name not in demos:
        raise KeyError(f"unknown demo {name!r}; valid choices: {', '.join(sorted(demos))}")
    cells: list[dict[str, Any]] = []
    for markdown, code in CELLS.get(name) or _fallback(name):
        if markdown:
            cells.append({"cell_type": "markdown", "id": f"{name}-{len(cells)}", "metadata": {},
                          "source": _lines(markdown)})
        if code:
            cells.append({"cell_type": "code", "execution_count": None, "id": f"{name}-{len(cells)}",
                          "metadata": {}, "outputs": [], "source": _lines(code)})
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "title": demos[name].title,
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


@rejects_text(text=('name',))
def render(name: str) -> str:
    """The notebook's text before execution (nbformat's own layout: one-space indent, sorted keys)."""
    return _dumps(build_notebook(name))


def _dumps(notebook: dict[str, Any]) -> str:
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


@rejects_text
def sources(notebook: dict[str, Any]) -> list[tuple[str, str, str]]:
    """``(id, cell type, source)`` of every cell: what a notebook says, without its outputs."""
    out = []
    for cell in notebook["cells"]:
        src = cell["source"]
        out.append((cell.get("id", ""), cell["cell_type"], "".join(src) if isinstance(src, list) else src))
    return out


@rejects_text
def jupyter_available() -> bool:
    """True when nbclient, nbformat and ipykernel are importable (the ``reproduce``/``test`` extras)."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("nbclient", "nbformat", "ipykernel"))


def _merge_streams(outputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Join consecutive stream outputs of one stream (the kernel splits them by timing)."""
    merged: list[dict[str, Any]] = []
    for out in outputs:
        if (out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == out.get("name")):
            merged[-1]["text"] = "".join(merged[-1]["text"]) + "".join(out["text"])
        else:
            merged.append(out)
    for out in merged:
        if out.get("output_type") == "stream":
            out["text"] = _lines("".join(out["text"]))
    return merged


def _clean(executed: dict[str, Any], built: dict[str, Any]) -> dict[str, Any]:
    """The executed notebook without volatile parts: built metadata, no timings, merged streams."""
    nb = copy.deepcopy(built)
    count = 0
    for cell, done in zip(nb["cells"], executed["cells"]):
        if cell["cell_type"] != "code":
            continue
        outputs = []
        for out in done.get("outputs", []):
            out = {k: v for k, v in out.items() if k != "transient"}
            if "execution_count" in out:
                out["execution_count"] = None
            outputs.append(out)
        outputs = _merge_streams(outputs)
        count += 1
        cell["execution_count"] = count
        for out in outputs:
            if out.get("output_type") == "execute_result":
                out["execution_count"] = count
        cell["outputs"] = outputs
    return nb


@rejects_text
def run_in_kernel(notebook: dict[str, Any], *, timeout: int = 600, kernel_name: str = "python3") -> dict[str, Any]:
    """Execute a notebook in a real Jupyter kernel and return it with its outputs, cleaned.

    Parameters
    ----------
    notebook : dict
        An nbformat-v4 notebook as built by :func:`build_notebook`.
    timeout : int
        Seconds allowed for one cell (nbclient's per-cell timeout), at most 3600.
    kernel_name : str
        The Jupyter kernel (default ``"python3``, ipykernel).

    Returns
    -------
    dict
        The notebook with outputs and execution counts ``1, 2, …``; cell metadata, ids and the
        notebook's metadata as built (no timings, kernel versions or split stream chunks).

    Raises
    ------
    ImportError
        Without nbclient/nbformat/ipykernel (:data:`JUPYTER_HINT`).
    nbclient.exceptions.CellExecutionError
        When a cell fails; the error names the cell.

    Notes
    -----
    The kernel runs in a temporary folder (anything a cell writes is thrown away) with the
    environment variable ``MPLBACKEND`` unset so that ``%matplotlib inline`` draws into the notebook.
    """
    if not isinstance(timeout, int) or isinstance(timeout, bool) or not 0 < timeout <= 3600:
        raise ValueError(f"timeout must be an integer number of seconds in (0, 3600]; got {timeout!r}")
    if not isinstance(kernel_name, str):
        raise TypeError("kernel_name must be a string")
    try:
        import nbclient
        import nbformat
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(f"executing notebooks needs nbclient, nbformat and ipykernel: {JUPYTER_HINT}") from exc
    from jupyter_client.manager import KernelManager

    nb = nbformat.reads(_dumps(notebook), as_version=4)
    saved = os.environ.pop("MPLBACKEND", None)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            # local IPC sockets in the temporary folder: no TCP port is opened
            km = KernelManager(kernel_name=kernel_name, transport="ipc", ip=str(Path(tmp) / "kernel"))
            client = nbclient.NotebookClient(nb, km=km, timeout=timeout, kernel_name=kernel_name,
                                             resources={"metadata": {"path": tmp}}, record_timing=False)
            try:
                client.execute(cwd=tmp)
            finally:
                if km.has_kernel:                  # a kernel manager passed in is not shut down by nbclient
                    km.shutdown_kernel(now=True)
    finally:
        if saved is not None:
            os.environ["MPLBACKEND"] = saved
    return _clean(json.loads(nbformat.writes(nb)), notebook)


def _size(out: dict[str, Any]) -> int:
    data = out.get("data") or {"text": out.get("text", "")}
    return max((len("".join(v) if isinstance(v, list) else str(v)) for v in data.values()), default=0)


@rejects_text
def oversized_outputs(notebook: dict[str, Any], budget: int = OUTPUT_BUDGET) -> list[tuple[str, int]]:
    """``(cell id, size in bytes)`` of every output (one representation of it) larger than ``budget``."""
    if not isinstance(budget, int) or isinstance(budget, bool) or budget <= 0:
        raise ValueError(f"budget must be a positive integer number of bytes; got {budget!r}")
    return [(cell.get("id", "?"), _size(out)) for cell in notebook["cells"] if cell["cell_type"] == "code"
            for out in cell.get("outputs", []) if _size(out) > budget]


@rejects_text(text=('name', 'root'))
def write(name: str, root: Path | str = ".", execute: bool | None = None) -> Path:
    """Write ``derivations/notebooks/{name}.ipynb`` under ``root`` (only when its content changed).

    ``execute=True`` runs it in a Jupyter kernel and writes it with its outputs (ImportError
    without Jupyter); ``False`` writes the cells without outputs; ``None`` (default) executes when
    Jupyter is available and otherwise keeps a file whose cells are current (with the outputs it
    has) or writes the cells without outputs.
    """
    if execute not in (None, True, False):
        raise TypeError(f"execute must be True, False or None; got {execute!r}")
    out = Path(root) / FOLDER / f"{name}.ipynb"
    out.parent.mkdir(parents=True, exist_ok=True)
    built = build_notebook(name)
    old = out.read_text(encoding="utf-8") if out.exists() else None
    if execute is None:
        execute = jupyter_available()
        if not execute and old is not None and sources(json.loads(old)) == sources(built):
            return out
    text = _dumps(run_in_kernel(built) if execute else built)
    if old != text:
        out.write_text(text, encoding="utf-8")
    return out


@rejects_text(text=('names_', 'root'))
def write_all(root: Path | str = ".", names_: Iterable[str] | None = None,
              progress: Callable[[str], None] | None = None, execute: bool | None = None) -> list[Path]:
    """Write every demo's notebook (alphabetical order); used by ``gametheory reproduce``."""
    paths = []
    for name in names_ if names_ is not None else names():
        if progress:
            progress(name)
        paths.append(write(name, root, execute))
    return paths


def _code_of(cell: dict[str, Any]) -> str:
    """Cell source with IPython magics (``%…`` lines) dropped, so plain Python can run it."""
    source = "".join(cell["source"])
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


@rejects_text
def execute(notebook: dict[str, Any], namespace: dict[str, Any] | None = None,
            display: Callable[[Any], None] | None = None) -> dict[str, Any]:
    """Run a notebook's code cells in order, in-process, like a kernel (no Jupyter needed).

    The value of a cell's last expression is passed to ``display`` (Jupyter would render it,
    through ``_repr_latex_`` for package results). Returns the namespace. Magics are skipped;
    matplotlib should be on a non-interactive backend (Agg) when figures are drawn.
    """
    ns: dict[str, Any] = {"__name__": "__notebook__"} if namespace is None else namespace
    for k, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse(_code_of(cell), filename=f"<cell {cell.get('id', k)}>")
        last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        body = tree.body[:-1] if last is not None else tree.body
        exec(compile(ast.Module(body=body, type_ignores=[]), f"<cell {cell.get('id', k)}>", "exec"), ns)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), f"<cell {cell.get('id', k)}>", "eval"), ns)
            if display is not None and value is not None:
                display(value)
    return ns
