r"""Exercise notebooks, one per model family, with questions, hidden solutions and outputs.

``derivations/notebooks/exercises/{name}.ipynb`` for ``name`` in :func:`names`. Each exercise is
a question (Markdown), a code cell the student starts from (it computes the ingredients with the
package), and a solution: a Markdown cell with the derivation by hand and a code cell that checks
it with the package. Solution cells are *hidden* in Jupyter (cell metadata
``jupyter.source_hidden`` / ``outputs_hidden`` and the tag ``solution``; one click reveals them)
and their derivation sits inside a collapsed ``<details>`` block, so a class can work first and
look later. The notebooks are executed in a real kernel and committed with their outputs
(:func:`gametheory.outputs.notebooks.run_in_kernel`; the same cleaning, so a second run writes
the same bytes).

Every number stated in a solution is derived by hand in its text and asserted in its code cell,
so a notebook whose answer drifted from the package fails when it is executed.

Examples
--------
>>> names()
['brand', 'classic', 'diffusion', 'evolution', 'network', 'rd']
>>> nb = build_notebook("classic")
>>> [c["metadata"].get("tags") for c in nb["cells"] if c["cell_type"] == "code"][:3]
[['setup'], ['exercise'], ['solution']]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable

from gametheory.core.params import rejects_text

__all__ = ["EXERCISES", "FOLDER", "names", "build_notebook", "render", "write", "write_all"]

#: Where the exercise notebooks go, relative to the output root.
FOLDER = Path("derivations") / "notebooks" / "exercises"

_SETUP = """\
%matplotlib inline
import sympy as sp
from fractions import Fraction as F"""

# name -> (title, introduction, setup code, [(question, starter code, solution text, solution code)])
EXERCISES: dict[str, tuple[str, str, str, list[tuple[str, str, str, str]]]] = {
    "classic": (
        "Exercises: classic 2×2 games",
        "Symmetric 2×2 games with payoffs R (both cooperate), S (sucker), T (temptation), P (both "
        "defect). Tools: `NormalFormGame` (pure and all mixed equilibria, exact), symbolic conditions.",
        "from gametheory import NormalFormGame\n\n"
        "def symmetric(R, S, T, P):\n"
        "    return NormalFormGame(([[R, S], [T, P]], [[R, T], [S, P]]), strategies=('C', 'D'))",
        [
            ("**Exercise 1 (prisoner's dilemma).** With R = 3, S = 0, T = 5, P = 1, show that D is strictly "
             "dominant and find every Nash equilibrium, pure or mixed.",
             "pd = symmetric(3, 0, 5, 1)\npd.table()",
             "Against C, D pays T = 5 > R = 3; against D, D pays P = 1 > S = 0. D is strictly dominant for "
             "both players, so (D, D) is the unique equilibrium (a strictly dominated strategy is never "
             "played with positive probability, so there is no mixed one), with payoffs (1, 1) < (3, 3).",
             "assert pd.pure_equilibria() == [(1, 1)]\n"
             "res = pd.equilibria()\n"
             "assert len(res.equilibria) == 1\n"
             "pd.iterated_elimination().remaining"),
            ("**Exercise 2 (stag hunt).** With R = 3, S = 0, T = 2, P = 1, find both pure equilibria and "
             "the completely mixed one. Which equilibrium is risk dominant?",
             "stag = symmetric(3, 0, 2, 1)\nstag.pure_equilibria()",
             "R = 3 > T = 2 makes (C, C) an equilibrium and P = 1 > S = 0 makes (D, D) one. In the mixed "
             "equilibrium the opponent's probability p of C makes a player indifferent: 3p = 2p + 1(1 − p), "
             "so p* = 1/2 = (P − S)/((R − T) + (P − S)); payoff 3/2 each. Risk dominance (Harsanyi–Selten) "
             "compares the deviation losses: (R − T)² = 1 against (P − S)² = 1 — a tie here; with "
             "T = 2.5 the stag-hunt (C, C) equilibrium becomes risk dominated.",
             "res = stag.equilibria()\n"
             "mixed = [([str(v) for v in x], [str(v) for v in y]) for x, y in res.equilibria if 0 < x[0] < 1]\n"
             "assert mixed == [(['1/2', '1/2'], ['1/2', '1/2'])]\n"
             "res"),
            ("**Exercise 3 (conditions).** Without numbers: under which conditions on R, S, T, P is (C, C) "
             "an equilibrium, and when does the game have two asymmetric pure equilibria (C, D), (D, C)?",
             "R, S, T, P = sp.symbols('R S T P')\ngame = symmetric(R, S, T, P)\ngame.table()",
             "(C, C) needs no gain from defecting against C: R ≥ T. (C, D) needs the cooperator not to "
             "gain by defecting against D (S ≥ P) and the defector not to gain by cooperating against C "
             "(T ≥ R): the snowdrift / hawk–dove region, where (D, C) is an equilibrium too.",
             "conds = game.pure_equilibrium_conditions()\n"
             "assert conds[(0, 0)] == (R >= T)\n"
             "conds"),
        ],
    ),
    "diffusion": (
        "Exercises: technology diffusion among leading, middle and lagging firms",
        "Cournot market P = a − bQ with unit costs c_L < c_M < c_G, knowledge flowing from low- to "
        "high-cost firms with absorptive capacity β. Tools: `TechnologyDiffusion`, "
        "`compare_institutions`.",
        "from gametheory.models.diffusion import TechnologyDiffusion\n"
        "from gametheory.models.diffusion.licensing import compare_institutions",
        [
            ("**Exercise 1 (the market and the attitudes).** a = 10, b = 1, c = (1, 2, 3), β = 1. Compute "
             "outputs, profits and welfare without diffusion by hand, then the attitudes left by "
             "iterated elimination of weakly dominated strategies. Why is nobody's attitude a surprise?",
             "m = TechnologyDiffusion(10, 1, (1, 2, 3), beta=1)\nm.outcome()",
             "q_i = (a − (n+1)c_i + Σc)/(b(n+1)) with Σc = 6, n = 3: q = (10 − 4 + 6, 10 − 8 + 6, 10 − 12 + 6)/4 "
             "= (3, 2, 1), Q = 6, P = 4, profits bq² = (9, 4, 1), CS = bQ²/2 = 18, W = 18 + 14 = 32. Since "
             "∂π_i/∂c_j = 2q_i/(n+1) > 0 and ∂π_i/∂c_i < 0, sharing always costs the source and seeking "
             "always helps the receiver: L is averse to all, M seeks from L and is averse toward G, G seeks "
             "from all — Kuang & Zhang's pattern, with no diffusion in equilibrium.",
             "o = m.outcome()\n"
             "assert o.quantities == (3, 2, 1) and o.welfare == 32\n"
             "eq = m.equilibrium()\n"
             "assert eq.welfare == 32\n"
             "eq.attitudes"),
            ("**Exercise 2 (Lahiri–Ono).** Duopoly a = 10, b = 1, c = (1, 5), β = 1/8. Should the "
             "government help the leader teach the laggard (its cost then falls to 5 − β·4 = 9/2)?",
             "lo_model = TechnologyDiffusion(10, 1, (1, 5), beta=F(1, 8))\nlo_model.lahiri_ono()",
             "q = ((10 − 2 + 5)/3, (10 − 10 + 1)/3) = (13/3, 1/3): the laggard's share is 1/14 < 1/(2(n+1)) = 1/6, "
             "so a cost cut for it lowers welfare (Lahiri & Ono 1988): output shifts from the efficient "
             "leader to the inefficient laggard. By hand W(5) = 98/9 + 170/9 = 268/9 and, at c₂ = 9/2, "
             "q = (25/6, 2/3), W = 841/72 + 1282/72 = 2123/72: a change of −7/24. No.",
             "lo = lo_model.lahiri_ono()\n"
             "assert lo.shares[1] == F(1, 14) and lo.threshold == F(1, 6) and lo.locally_harmful[1]\n"
             "assert lo.full_diffusion[1] == -sp.Rational(7, 24)\n"
             "lo.full_diffusion"),
            ("**Exercise 3 (a price for knowledge).** Back to c = (1, 2, 3), β = 1, λ = 1/5. Compare "
             "laissez-faire, a fixed-fee licensing market, the planner and the coordinator. Why does a "
             "licensing market undo the aversion?",
             "inst = compare_institutions(m, shadow_cost=F(1, 5), inspection_cost=0, enforcement_cost=0)\ninst",
             "Aversion comes from knowledge having no price. With a fee the pair shares its joint gain, and "
             "here every pair's joint profit rises with its flow (L→M by 17/8), so the market licenses "
             "L→M and L→G and reaches the planner's welfare 1215/32 > 32; the coordinator does as well "
             "(without fine revenue, the like-for-like comparison).",
             "assert inst.laissez_faire == 32\n"
             "assert inst.licensing == inst.planner == sp.Rational(1215, 32)\n"
             "assert inst.licensing_flows == ((0, 1), (0, 2))\n"
             "inst.ranking"),
        ],
    ),
    "brand": (
        "Exercises: regional brand and common technology",
        "A regional brand shared by n firms (reputation = average quality, premium θ per unit, quality "
        "cost kq²/2), and a common technology financed by voluntary contributions. Tools: "
        "`RegionalBrand`, `CommonTechnology`.",
        "from gametheory.models.brand import RegionalBrand\n"
        "from gametheory.models.commontech import CommonTechnology",
        [
            ("**Exercise 1 (1/n dilution).** Derive Nash and first-best quality for symbolic n, θ, k.",
             "n = sp.Symbol('n', integer=True, positive=True)\n"
             "theta, k = sp.symbols('theta k', positive=True)\n"
             "brand = RegionalBrand(n, theta, k)\nbrand",
             "Firm i earns θ·q̄ − kq_i²/2 with q̄ = Σq_j/n, so its first-order condition is θ/n = kq_i: "
             "q^N = θ/(kn). The planner internalises the whole premium, θ = kq: q* = θ/k. Nash quality is "
             "1/n of the optimum — the larger the cluster, the worse the free riding.",
             "assert brand.equilibrium().quality == theta / (k * n)\n"
             "assert brand.first_best().quality == theta / k\n"
             "brand.equilibrium().quality, brand.first_best().quality"),
            ("**Exercise 2 (instruments).** n = 4, θ = k = 1, λ = 1/4, inspection cost 1/2, fines capped at 1, "
             "traceability cost 1/4. Which instrument should the coordinator use? Why is a minimum "
             "quality standard not free?",
             "pol = RegionalBrand(4, 1, 1).coordinate(shadow_cost=F(1, 4), inspection_cost=F(1, 2), max_fine=1,\n"
             "                                        traceability_cost=F(1, 4))\n"
             "{name: c.welfare for name, c in pol.candidates.items()}",
             "Nash quality 1/4 is dominant, so a standard is obeyed only if inspections and fines make "
             "cheating unprofitable — and inspections cost money valued at 1 + λ. A per-unit subsidy also "
             "pays for the quality firms would supply anyway (its outlay here is 187/576 against 759/3200 "
             "for a cost share on the quality cost). At λ = 1/4 the cost share wins (welfare 1089/2560 > "
             "traceability 179/448 > fine 163/416 > subsidy 289/768 > laissez-faire 7/32), and every "
             "instrument stays below the first best 1/2.",
             "assert pol.best == 'cost_share' and pol.welfare == sp.Rational(1089, 2560)\n"
             "assert all(c.welfare <= pol.first_best for c in pol.candidates.values())\n"
             "assert pol.candidates['subsidy'].public_outlay == sp.Rational(187, 576)\n"
             "assert pol.candidates['cost_share'].public_outlay == sp.Rational(759, 3200)\n"
             "pol.best, pol.welfare"),
            ("**Exercise 3 (common technology).** Valuations v = (3, 2, 1), benefit log G. Find Nash "
             "provision, the Samuelson level, and what happens when the government provides g₀ = 2.",
             "ct = CommonTechnology(valuations=(3, 2, 1))\nct.equilibrium()",
             "Firm i's marginal benefit is v_i/G; only the highest valuation can have v_i/G = 1, so G^N = 3, "
             "paid by firm 1 alone (Bergstrom, Blume & Varian 1986). The Samuelson condition Σv_i/G = 1 "
             "gives G* = 6. Public provision g₀ = 2 < 3 crowds out firm 1 one for one: it gives 1 and G "
             "stays 3.",
             "assert ct.equilibrium().contributions == (3, 0, 0) and ct.first_best().level == 6\n"
             "crowded = CommonTechnology(valuations=(3, 2, 1), government=2).equilibrium()\n"
             "assert crowded.contributions == (1, 0, 0) and crowded.level == 3\n"
             "crowded.contributions"),
        ],
    ),
    "rd": (
        "Exercises: R&D with spillovers",
        "Two firms choose R&D x at cost γx²/2, then compete à la Cournot; a rival's R&D lowers one's "
        "cost at rate β: c_i = A − x_i − βx_j. Tool: `SpilloverRD`.",
        "from gametheory.models.rd import SpilloverRD",
        [
            ("**Exercise 1 (d'Aspremont–Jacquemin).** a = 25, b = 1, A = 10, γ = 3, β = 1/2. Compute "
             "noncooperative and cartel R&D from x^N = (a−A)(2−β)/(4.5bγ − (2−β)(1+β)) and "
             "x^C = (a−A)(1+β)/(4.5bγ − (1+β)²).",
             "m = SpilloverRD(a=25, b=1, A=10, beta=F(1, 2), gamma=3)\n"
             "m.noncooperative().rd, m.cartel().rd",
             "x^N = 15·(3/2)/(27/2 − 9/4) = (45/2)/(45/4) = 2 and x^C = 15·(3/2)/(27/2 − 9/4) = 2: at β = 1/2 "
             "the two coincide, because a rival's R&D then leaves one's output unchanged.",
             "assert m.noncooperative().rd == 2 == m.cartel().rd\n"
             "m.noncooperative().checks"),
            ("**Exercise 2 (the β = 1/2 crossing).** Repeat with β = 3/4. Who invests more, and why?",
             "m34 = SpilloverRD(a=25, b=1, A=10, beta=F(3, 4), gamma=3)\nm34",
             "x^N = 15·(5/4)/(27/2 − 35/16) = (75/4)/(181/16) = 300/181 and x^C = 15·(7/4)/(27/2 − 49/16) = "
             "(105/4)/(167/16) = 420/167 > 300/181. With β > 1/2 a cartel internalises the spillover that "
             "benefits the partner, so cooperative R&D exceeds noncooperative R&D (dAJ 1988).",
             "assert m34.noncooperative().rd == sp.Rational(300, 181)\n"
             "assert m34.cartel().rd == sp.Rational(420, 167)\n"
             "m34.cartel().rd > m34.noncooperative().rd"),
            ("**Exercise 3 (validity).** With bγ = 1 (a = 11, A = 10, b = γ = 1) and β = 1/10, is the "
             "noncooperative equilibrium a sensible prediction?",
             "weak = SpilloverRD(a=11, b=1, A=10, beta=F(1, 10), gamma=1).noncooperative()\nweak.checks",
             "The best-response slope has modulus above 1 for β < (3 − √7)/2 ≈ 0.177 when bγ = 1 in the "
             "duopoly (Henriques 1990): the equilibrium exists but is not stable under best-response "
             "adjustment, so the package flags it instead of reporting it as valid.",
             "assert weak.checks['stability'] is False or weak.checks['stability'] == sp.false\n"
             "assert not weak.valid\n"
             "weak.valid"),
        ],
    ),
    "evolution": (
        "Exercises: evolutionary dynamics",
        "Two populations (row, column) with two strategies each; x and y are the shares of the first "
        "strategies. Tool: `Replicator` (rest points, Jacobian eigenvalues, stability, simulation).",
        "from gametheory import Replicator",
        [
            ("**Exercise 1 (stag hunt).** Row payoffs A = [[3, 0], [2, 2]], column payoffs its transpose "
             "B = [[3, 2], [0, 2]]. Find every rest point and its stability.",
             "stag = Replicator([[[3, 0], [2, 2]], [[3, 2], [0, 2]]])\n"
             "[(s.rest_point.shares, s.classification) for s in stag.stability()]",
             "ẋ = x(1−x)[(3−2)y + (0−2)(1−y)] = x(1−x)(3y − 2), and symmetrically for y. Rest points: the "
             "four vertices and (2/3, 2/3). At (1, 1) the Jacobian is diag(−1, −1) and at (0, 0) "
             "diag(−2, −2): both strict Nash equilibria are asymptotically stable. (1, 0) and (0, 1) have "
             "eigenvalues (1, 2): unstable. At (2/3, 2/3), ∂ẋ/∂y = (2/9)·3 = 2/3 and ∂ẏ/∂x = 2/3 with zero "
             "diagonal: eigenvalues ±2/3, a saddle.",
             "cls = {s.rest_point.shares: s.classification for s in stag.stability()}\n"
             "assert cls[((1, 0), (1, 0))] == cls[((0, 1), (0, 1))] == 'asymptotically stable'\n"
             "third = sp.Rational(2, 3)\n"
             "assert cls[((third, 1 - third), (third, 1 - third))] == 'saddle'\n"
             "cls"),
            ("**Exercise 2 (matching pennies).** A = [[1, −1], [−1, 1]], B = −A. Is the interior rest "
             "point stable? Draw the phase portrait.",
             "pennies = Replicator([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])\n"
             "stab = pennies.stability()\n"
             "stab[-1].eigenvalues",
             "ẋ = x(1−x)(4y − 2), ẏ = y(1−y)(2 − 4x). At (1/2, 1/2) the Jacobian is [[0, 1], [−1, 0]] with "
             "eigenvalues ±i: a centre. Trajectories cycle around it (the dynamics conserve a quantity), so "
             "it is Lyapunov stable but never asymptotically stable — and a mixed point is never an ESS in "
             "a two-population game (Selten 1980).",
             "assert stab[-1].classification == 'centre'\n"
             "import numpy as np\n"
             "tr = pennies.simulate(np.array([[0.3, 0.5], [0.2, 0.5], [0.1, 0.5]]), 20.0)\n"
             "tr.plot(rest_points=stab)"),
        ],
    ),
    "network": (
        "Exercises: cluster upgrading on networks",
        "Firms on a random sparse graph; knowledge flows along links from lower- to higher-cost firms "
        "when the source shares and the receiver seeks. Tools: `random_cluster`, `simulate`, `Rules`.",
        "import numpy as np\n"
        "from gametheory.dynamics import Rules, random_cluster, simulate",
        [
            ("**Exercise 1 (diffusion without innovation).** 30 firms, mean degree 4, seed 1, diffusion "
             "rate 1/2, no innovation, 40 steps. What happens to the frontier cost and to the capability "
             "gap 1 − min c / mean c?",
             "run = simulate(random_cluster(30, 4.0, seed=1), Rules(diffusion_rate=0.5), 40, seed=1)\n"
             "run.gap[[0, 10, 20, 40]]",
             "Without innovation nobody's cost falls below the best firm's: diffusion moves a receiver's "
             "cost toward a lower one, never below it, so the frontier stays put while costs behind it "
             "fall — the mean cost falls and the gap 1 − min c / c̄ shrinks step by step.",
             "assert np.all(run.frontier == run.frontier[0])\n"
             "assert np.all(np.diff(run.mean_cost) <= 1e-12) and run.gap[-1] < run.gap[0]\n"
             "float(run.gap[0]), float(run.gap[-1])"),
            ("**Exercise 2 (aversion).** Repeat with nobody willing to share (`share=0.0`). What does the "
             "network achieve?",
             "closed = simulate(random_cluster(30, 4.0, share=0.0, seed=1), Rules(diffusion_rate=0.5), 40, seed=1)\n"
             "closed",
             "A flow needs both a sharing source and a seeking receiver, so with universal aversion to "
             "sharing no flow is ever realised and costs stay where they started: Kuang & Zhang's "
             "no-diffusion outcome, on a network.",
             "assert closed.diffusion_events.sum() == 0\n"
             "assert np.all(closed.mean_cost == closed.mean_cost[0])\n"
             "int(closed.diffusion_events.sum())"),
        ],
    ),
}


@rejects_text
def names() -> list[str]:
    """The exercise notebooks (alphabetical)."""
    return sorted(EXERCISES)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _check(name: Any) -> None:
    if name not in EXERCISES:
        raise KeyError(f"unknown exercise notebook {name!r}; valid choices: {', '.join(names())}")


@rejects_text(text=("name",))
def build_notebook(name: str) -> dict[str, Any]:
    """The nbformat-v4 exercise notebook ``name`` as a JSON-ready dict (no outputs, fixed ids)."""
    _check(name)
    title, intro, setup, items = EXERCISES[name]
    cells: list[dict[str, Any]] = []

    def add(kind: str, source: str, tags: list[str], hidden: bool = False) -> None:
        meta: dict[str, Any] = {"tags": tags}
        if hidden:
            meta["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
        cell: dict[str, Any] = {"cell_type": kind, "id": f"{name}-{len(cells)}", "metadata": meta,
                                "source": _lines(source)}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        cells.append(cell)

    add("markdown", f"# {title}\n\n{intro}\n\nWork each exercise in the cell below it; the solutions are "
        "hidden (click the collapsed cells, or the *Solution* line, to reveal them).", ["intro"])
    add("code", _SETUP + "\n" + setup, ["setup"])
    for k, (question, starter, answer, check) in enumerate(items, 1):
        add("markdown", question, ["question"])
        add("code", starter, ["exercise"])
        add("markdown", f"<details><summary><b>Solution {k}</b></summary>\n\n{answer}\n\n</details>",
            ["solution"], hidden=True)
        add("code", check, ["solution"], hidden=True)
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "title": title,
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


@rejects_text(text=("name",))
def render(name: str) -> str:
    """The notebook's text before execution (one-space indent, sorted keys, as nbformat writes)."""
    return json.dumps(build_notebook(name), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


@rejects_text(text=("name", "root"))
def write(name: str, root: Path | str = ".", execute: bool | None = None) -> Path:
    """Write ``derivations/notebooks/exercises/{name}.ipynb`` under ``root`` (only when it changed).

    ``execute=True`` runs it in a Jupyter kernel (every solution's assertions with it) and writes it
    with its outputs; ``False`` writes the cells only; ``None`` executes when Jupyter is available
    and otherwise keeps a file whose cells are current.
    """
    from gametheory.outputs import notebooks

    if execute not in (None, True, False):
        raise TypeError(f"execute must be True, False or None; got {execute!r}")
    out = Path(root) / FOLDER / f"{name}.ipynb"
    out.parent.mkdir(parents=True, exist_ok=True)
    built = build_notebook(name)
    old = out.read_text(encoding="utf-8") if out.exists() else None
    if execute is None:
        execute = notebooks.jupyter_available()
        if not execute and old is not None and notebooks.sources(json.loads(old)) == notebooks.sources(built):
            return out
    done = notebooks.run_in_kernel(built) if execute else built
    text = json.dumps(done, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if old != text:
        out.write_text(text, encoding="utf-8")
    return out


@rejects_text(text=("names_", "root"))
def write_all(root: Path | str = ".", names_: Iterable[str] | None = None,
              progress: Callable[[str], None] | None = None, execute: bool | None = None) -> list[Path]:
    """Write every exercise notebook (alphabetical order)."""
    paths = []
    for name in names_ if names_ is not None else names():
        _check(name)
        if progress:
            progress(name)
        paths.append(write(name, root, execute))
    return paths
