"""Outputs of the R&D-with-spillovers family: derivation ``rd``, three figures and demo ``rd``.

Figures: R&D per firm by regime against the spillover β (each curve where its validity checks
hold); welfare and the optimal levels of the per-unit subsidy and the cost share against the
shadow cost λ; and R&D with absorptive capacity. :func:`build` writes the derivation
(d'Aspremont–Jacquemin, research joint ventures, absorptive capacity, n firms), checking the
general closed forms first.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from gametheory.core.params import DomainError, rejects_text
from gametheory.outputs.document import Document, tex
from gametheory.outputs.registry import Demo, Derivation, FigureSpec

__all__ = ["DERIVATIONS", "FIGURES", "DEMOS", "FIGURE_PARAMS", "rd_by_regime_data", "rd_subsidy_data",
           "rd_absorptive_data"]

#: Parameters of both figures and the numeric tables: every regime is valid for all beta in [0, 1]
#: (b gamma = 3 > 2 covers the cartel's saddle condition at beta = 0; A = 10 keeps costs >= 0).
FIGURE_PARAMS = dict(a=12, b=1, A=10, gamma=3, n=2)
SUBSIDY_BETA = Fraction(1, 2)
#: The RJV-formation example (every coalition size's equilibrium verified by numeric best responses).
ABSORPTION_FORMATION: dict[str, Any] = dict(a=100, b=1, A=60, beta=Fraction(1, 2), gamma=3, delta=Fraction(1, 4), n=3)
REGIMES = ("noncooperative", "cartel", "rjv_competition", "rjv_cartel", "second_best", "first_best")
LABELS = {
    "noncooperative": "noncooperative (dAJ)",
    "cartel": "R&D cartel",
    "rjv_competition": "RJV competition (full sharing)",
    "rjv_cartel": "RJV cartel (full sharing)",
    "second_best": "second best (planner picks R&D)",
    "first_best": "first best (symmetric)",
}


def _model(**kw: Any):
    from gametheory.models.rd import SpilloverRD

    return SpilloverRD(**kw)


# -- n-firm closed forms in the notation of the document, checked against the package -----------
a, b, A, g = sp.symbols("a b A gamma", positive=True)
beta = sp.Symbol("beta", nonnegative=True)
n, lam, x = sp.symbols("n lambda x", positive=True)
d, U, V, Dd, Bb, Delta = sp.symbols("d u v D B Delta", positive=True)   # display symbols
NOTATION = {
    d: a - A,
    U: n - (n - 1) * beta,
    V: 1 + (n - 1) * beta,
    Dd: b * g * (n + 1) ** 2,
    Bb: b * (n + 1) ** 2,
}
GENERAL = {
    "noncooperative": 2 * U * d / (Dd - 2 * U * V),
    "cartel": 2 * V * d / (Dd - 2 * V**2),
    "rjv_competition": 2 * d / (Dd - 2 * n),
    "rjv_cartel": 2 * n * d / (Dd - 2 * n**2),
    "second_best": (n + 2) * V * d / (Dd - (n + 2) * V**2),
    "first_best": V * d / (n * b * g - V**2),
}
SUBSIDY = {
    "x": d * ((n + 2) * V + 2 * lam * U) / (Dd - (n + 2) * V**2 + 2 * lam * Delta),
    "s": d * (g * ((n + 2) * V - 2 * U) - 2 * lam * U * Delta / Bb) / (Dd - (n + 2) * V**2 + 2 * lam * Delta),
}

COST_SHARE = {"x": d * ((n + 2) * V + lam * U) / (Dd - (n + 2) * V**2 + lam * Delta)}

#: The notation table (one symbol, one meaning).
NOTATION_ROWS = [
    ("n", "number of firms"),
    ("a, b", "inverse demand $P = a - bQ$: intercept and slope"),
    ("P, Q", "price and industry output"),
    ("q, q_i", "output of a firm (symmetric; of firm $i$)"),
    ("A", "unit cost without R&D"),
    ("c, c_i", "unit cost after R&D"),
    ("x, x_i", "R&D of a firm (a unit-cost reduction); $x^N, x^C, x^S, x^F, x^B$: noncooperative, cartel, "
               "second best, first best, benchmark; $x^L$ the largest R&D a firm can be asked to fund "
               "($\\pi \\ge 0$, unit cost $\\ge 0$)"),
    ("\\bar x", "R&D floor per firm (mandate)"),
    ("C_L", "cost of collecting a compulsory industry levy (public funds)"),
    ("V", "cost of verifying one firm's R&D under a mandate (public funds)"),
    ("\\hat x", "cartel R&D in d'Aspremont & Jacquemin's notation"),
    ("\\beta", "spillover rate (the share of a rival's R&D that lowers one's cost)"),
    ("\\gamma", "R&D cost parameter: R&D $x$ costs $\\gamma x^2/2$"),
    ("\\pi, \\pi_i", "profit of a firm net of R&D cost"),
    ("\\Pi", "industry profit"),
    ("CS", "consumer surplus $bQ^2/2$"),
    ("W", "welfare; $W^N$ laissez-faire (noncooperative), $W^B$ the benchmark with the same transfers"),
    ("d", "$a - A$, the initial margin"),
    ("u", "effect of own R&D on own Cournot numerator, $n - (n-1)\\beta$ (with learning $u_A$)"),
    ("w", "effect of a rival's R&D on own Cournot numerator, $2\\beta - 1$ (with learning $w_A$)"),
    ("v", "symmetric effect $1 + (n-1)\\beta$"),
    ("B", "$b(n+1)^2$"),
    ("D", "$\\gamma B$"),
    ("\\Delta", "$D - 2uv$"),
    ("r", "slope of a firm's reaction function (best response) in a rival's R&D"),
    ("\\lambda", "shadow cost of public funds; $\\lambda^T$ the level above which R&D is taxed"),
    ("s", "per-unit R&D subsidy (negative: a tax)"),
    ("\\sigma", "cost share: the government pays $\\sigma\\gamma x^2/2$ (negative: a tax)"),
    ("G", "net public outlay"),
    ("\\delta", "learning parameter of absorptive capacity"),
    ("X_i", "effective R&D of firm $i$ with absorptive capacity"),
    ("e, f", "marginal effective R&D: own $\\partial X_i/\\partial x_i$, cross $\\partial X_j/\\partial x_i$"),
    ("\\kappa", "$\\beta\\delta(1-\\delta)$, curvature of absorption"),
    ("N, N_i", "Cournot numerator $d + nX_i - \\sum_{j \\ne i}X_j$"),
    ("k", "number of firms in a research joint venture"),
    ("i, j", "firm indices"),
    ("I", "subscript of RJV members ($\\pi_I$); $O$: of outsiders"),
    ("R", "total cost reduction of the producing firm (unrestricted first best)"),
    ("m", "$1 + (n-1)\\beta^2$"),
]


def _spec(name: str):
    return {f.name: f for f in FIGURES}[name]


def _absorptive_section(doc) -> None:
    from gametheory.models.rd import AbsorptiveRD

    doc.heading("Absorptive capacity: spillovers that must be earned")
    doc.para("Cohen & Levinthal (1989): R&D has two faces, innovation and learning. Following Kamien & Zang "
             "(2000) with the R&D approach fixed (Grünfeld 2003), firm $i$'s effective R&D is")
    doc.math(r"X_i = x_i + \beta\, x_i^{\delta} \sum_{j \ne i} x_j^{1-\delta},\qquad c_i = A - X_i,"
             r"\qquad \delta \in [0, 1),")
    doc.para("so the effective spillover from $j$ is $\\beta (x_i/x_j)^{\\delta}$: it rises with own R&D and "
             "a firm without R&D absorbs nothing ($\\delta = 0$ is the d'Aspremont–Jacquemin model). At a "
             "symmetric profile $X = vx$ as before, but own R&D is worth more: $e = 1 + (n-1)\\beta\\delta$, "
             "$f = \\beta(1-\\delta)$, $u_A = ne - (n-1)f = u + (n^2-1)\\beta\\delta$, $w_A = 2f - e$, and "
             "$e + (n-1)f = v$. Hence")
    doc.aligned([(r"x^N", r"\frac{2u_A d}{D - 2u_A v}"), (r"x^C", r"\frac{2v d}{D - 2v^2}")])
    doc.math(r"x^C > x^N \iff v > u_A \iff \beta\,(2 - (n+1)\delta) > 1 .")
    doc.para("The cartel's symmetric condition is unchanged (effective R&D is homogeneous of degree one, so "
             "by Euler's theorem only $v$ matters), while learning raises the private return: the critical "
             "spillover $1/(2 - (n+1)\\delta)$ rises with $\\delta$, and once $\\delta \\ge 1/(n+1)$ no "
             "spillover makes a cartel do more R&D than competing firms (Grünfeld 2003 for the duopoly). "
             "Validity: with $\\kappa = \\beta\\delta(1-\\delta)$ and $N/x = D/(2u_A)$ from the first-order "
             "condition, the own second derivative is $\\pi_{ii} = 2(u_A^2 - (n-1)^2\\kappa N/x)/B - \\gamma$, "
             "the cross one $\\pi_{ij} = 2(u_A w_A + (n-1)\\kappa N/x)/B$, the reaction slope "
             "$r = -\\pi_{ij}/\\pi_{ii}$ with stability $(n-1)|r| < 1$; the joint problem's Hessian has "
             "$2v^2/B - \\gamma$ along the diagonal and $2((n+1)^2(e-f)^2 - 2n\\kappa N/x)/B - \\gamma$ "
             "across it. Numeric results are also checked against every unilateral deviation (Cournot on its "
             "active set). The RJV regimes share fully ($\\beta = 1$) and still absorb through own R&D.")
    ex = AbsorptiveRD(a=25, b=1, A=10, beta=Fraction(1, 2), gamma=3, delta=Fraction(1, 2))
    doc.para("Example by hand ($a = 25$, $b = 1$, $A = 10$, $\\gamma = 3$, $\\beta = 1/2$, $\\delta = 1/2$, "
             "$n = 2$): $e = 5/4$, $f = 1/4$, $u_A = 9/4$, $v = 3/2$, $D = 27$, so "
             "$x^N = 67.5/20.25 = 10/3$ (without learning: 2) and $x^C = 45/22.5 = 2$:")
    doc.table(["regime", "R&D $x$", "reaction slope $r$", "valid"],
              [(k.replace("_", " "), o.rd, o.reaction_slope if o.reaction_slope is not None else "—",
                "yes" if o.valid else "no: " + ", ".join(o.failed)) for k, o in ex.regimes().items()])
    doc.para("**Who joins a research joint venture.** $k$ of the $n$ firms form an RJV: members share fully "
             "among themselves and choose a common R&D level jointly; outsiders receive $\\beta$ and choose "
             "R&D alone. A size $k$ is stable when no member gains by leaving ($\\pi_I(k) \\ge \\pi_O(k-1)$, "
             "internal stability) and no outsider gains by joining ($\\pi_O(k) \\ge \\pi_I(k+1)$, external "
             "stability) — d'Aspremont, Jacquemin, Gabszewicz & Weymark (1983), the Nash equilibria of the "
             "open-membership game (Yi & Shin 2000). Each size's equilibrium is solved numerically and verified "
             "by global numeric best responses. Example $n = 3$, $a = 100$, $b = 1$, $A = 60$, $\\gamma = 3$, "
             "$\\beta = 1/2$, $\\delta = 1/4$:")
    f = AbsorptiveRD(**ABSORPTION_FORMATION).rjv_formation()
    doc.table(["RJV size $k$", "member R&D", "outsider R&D", "member profit", "outsider profit", "welfare",
               "internally stable", "externally stable", "verified"],
              [(r.members, "—" if r.members == 0 else f"{r.rd_member:.4f}",
                "—" if r.members == f.n else f"{r.rd_outsider:.4f}",
                "—" if r.members == 0 else f"{r.profit_member:.3f}",
                "—" if r.members == f.n else f"{r.profit_outsider:.3f}", f"{r.welfare:.3f}",
                "yes" if r.internally_stable else "no", "yes" if r.externally_stable else "no",
                "yes" if r.verified else "no") for r in f.rows])
    doc.para(f"Stable sizes: {', '.join(map(str, f.stable_sizes)) or 'none'}; welfare is highest at "
             f"$k = {f.welfare_best_size}$ (a one-firm RJV, $k = 1$, is the market without an RJV).")
    doc.figure(_spec("rd_absorptive_capacity"))


def _expand_notation(expr: sp.Expr) -> sp.Expr:
    full = dict(NOTATION)
    full[Delta] = NOTATION[Dd] - 2 * NOTATION[U] * NOTATION[V]
    return expr.subs(full)


def _check_general_forms() -> None:
    """The n-firm formulas printed in the document equal the package's at a few exact points."""
    point = {a: 31, A: 7, b: 2, g: 5, beta: sp.Rational(2, 7)}
    for k in (2, 3, 5):
        model = _model(a=31, b=2, A=7, beta=Fraction(2, 7), gamma=5, n=k)
        for name, expr in GENERAL.items():
            if getattr(model, name)().rd != _expand_notation(expr).subs(point).subs(n, k):
                raise AssertionError(f"document formula for {name} disagrees with the package at n={k}")
        for lv in (0, Fraction(3, 10)):
            pol = model.subsidy_policy(lv)
            for key, value in (("x", pol.rd), ("s", pol.subsidy)):
                if value != _expand_notation(SUBSIDY[key]).subs(point).subs({n: k, lam: sp.nsimplify(lv)}):
                    raise AssertionError(f"document subsidy formula {key} disagrees with the package at n={k}")


def _cond_tex(cond: Any) -> str:
    if cond is sp.true:
        return "holds"
    if cond is sp.false:
        return "fails"
    return "$" + sp.latex(cond) + "$"


def build() -> str:
    _check_general_forms()
    doc = Document("R&D with spillovers (研发溢出): d'Aspremont–Jacquemin, research joint ventures, "
                   "absorptive capacity, n firms",
                   subtitle="Generated by `gametheory derive rd` from gametheory.models.rd — do not edit by hand.")
    doc.notation(NOTATION_ROWS)

    doc.heading("Assumptions")
    doc.bullets([
        "$n \\ge 2$ identical firms, homogeneous good, inverse demand $P = a - bQ$, $b > 0$, $a > A \\ge 0$.",
        "Stage 1: firm $i$ chooses R&D (研发) $x_i \\ge 0$ at cost $\\gamma x_i^2/2$, $\\gamma > 0$.",
        "R&D lowers unit costs with spillover (溢出) $\\beta \\in [0,1]$: "
        "$c_i = A - x_i - \\beta \\sum_{j \\ne i} x_j$ (d'Aspremont & Jacquemin 1988).",
        "Stage 2: Cournot competition (DESIGN conventions); welfare $W = CS + \\Pi$, $CS = bQ^2/2$, "
        "and with public money $W = CS + \\Pi - \\lambda G$.",
    ])

    doc.heading("Stage 2: Cournot given R&D")
    doc.para("With all firms active, $q_i = (a - (n+1)c_i + \\sum_j c_j)/(b(n+1))$. Substituting the costs:")
    doc.math(r"q_i = \frac{(a-A) + u\,x_i + w\sum_{j\ne i}x_j}{b(n+1)},\quad u = n-(n-1)\beta,\quad "
             r"w = 2\beta - 1,\quad \pi_i = b q_i^2 - \frac{\gamma}{2}x_i^2 .")
    doc.para("A rival's R&D raises a firm's output iff $\\beta > 1/2$ (R&D levels are then strategic "
             "complements). At a symmetric profile $q = (a - A + v x)/(b(n+1))$ with "
             "$v = u + (n-1)w = 1 + (n-1)\\beta$, the price-cost margin is $P - c = bq$, and we write "
             "$d = a - A$, $B = b(n+1)^2$, $D = \\gamma B = b\\gamma(n+1)^2$.")

    doc.heading("Stage 1: each regime")
    rows = [
        ("noncooperative", r"\frac{2u}{n+1}q_i = \gamma x_i", "firm $i$ alone"),
        ("cartel", r"\sum_k 2b q_k \frac{\partial q_k}{\partial x_i} = \gamma x_i \Rightarrow \frac{2v}{n+1}q = \gamma x",
         "研发卡特尔 R&D cartel: joint profit, same $\\beta$"),
        ("rjv_competition", r"\beta = 1:\ u = 1,\ v = n",
         "研究合资企业 RJV: full sharing ($\\beta = 1$) in the dAJ technology, R&D noncooperative"),
        ("rjv_cartel", r"\beta = 1,\ \text{joint choice}",
         "研究合资企业 RJV cartel: full sharing ($\\beta = 1$) in the dAJ technology, joint R&D"),
        ("second_best", r"\frac{(n+2)v}{n+1}q = \gamma x", "planner picks R&D, firms compete (Suzumura)"),
        ("first_best", r"\frac{v}{b}(a - c) = n\gamma x,\ P = c", "planner picks R&D and output (symmetric)"),
    ]
    doc.table(["regime", "first-order condition", "who decides", "closed form $x$ (n firms)"],
              [(name.replace("_", " "), f"${foc}$", who, GENERAL[name]) for name, foc, who in rows])

    doc.para("Duopoly ($n = 2$), as computed by the package with symbolic parameters ($d = a - A$):")
    duo = _model(a=A + d, b=b, A=A, beta=beta, gamma=g)
    outs = {name: getattr(duo, name)() for name in REGIMES}
    doc.table(["regime", "R&D $x$", "output $q$"], [(k.replace("_", " "), o.rd, o.quantity) for k, o in outs.items()])
    doc.para("These are d'Aspremont & Jacquemin's $x^* = (a-A)(2-\\beta)/(4.5b\\gamma - (2-\\beta)(1+\\beta))$ "
             "and $\\hat x = (a-A)(1+\\beta)/(4.5b\\gamma - (1+\\beta)^2)$, and the RJV cartel "
             "$4(a-A)/(9b\\gamma - 8)$ (tests check each against an independent backward induction). "
             "The RJV rows are Kamien, Muller & Zang's (1992) *regimes* (RJV competition, RJV cartel) in the "
             "d'Aspremont–Jacquemin technology with $\\beta = 1$; KMZ's own R&D technology (a concave "
             "production of cost reduction) is not the one used here.")

    doc.heading("Validity conditions")
    doc.para("Every result carries these as checked flags (numbers) or relations (symbols). Duopoly:")
    names = ["second_order", "stability", "symmetric_local_max"]
    doc.table(["regime"] + [k.replace("_", " ") for k in names],
              [(k.replace("_", " "), *[_cond_tex(o.checks[c]) if c in o.checks else "—" for c in names])
               for k, o in outs.items()])
    doc.bullets([
        "Second-order conditions: own profit concave in own R&D ($D > 2u^2$), joint profit or welfare "
        "concave along the diagonal.",
        "Best-response stability (Henriques 1990): the best-response slope is $r = 2uw/(D - 2u^2)$; the "
        "best-response map $r(\\mathbf 1\\mathbf 1^\\top - I)$ must have spectral radius $|r|(n-1) < 1$. "
        "In the duopoly with $b\\gamma = 1$ this fails for $\\beta < (3 - \\sqrt 7)/2 \\approx 0.177$ "
        "(Henriques's \"$\\beta < 0.17$\").",
        "Symmetric joint optimum not a saddle (Salant & Shaffer 1998): the Hessian of joint profit in "
        "$(x_1, \\dots, x_n)$ has eigenvalue $2(1-\\beta)^2/b - \\gamma$ orthogonal to the diagonal, so "
        "the symmetric cartel (and second best) is a saddle when $b\\gamma < 2(1-\\beta)^2$ and the cartel "
        "prefers unequal R&D (`cartel(symmetric=False)` finds it numerically, the Cournot stage on its "
        "active set).",
        "Non-negative unit costs $A - (1 + (n-1)\\beta)x \\ge 0$ and positive outputs; for numbers the "
        "noncooperative outcome is also verified against every unilateral R&D deviation with the Cournot "
        "stage re-solved on its active set.",
        "The symmetric first best is not the planner's optimum when $\\beta < 1$: with constant unit costs "
        "only one firm should produce, the others doing R&D $x_j = \\beta x_1$ for it "
        "(`first_best(symmetric=False)`); its R&D cost per unit of cost reduction squared is "
        "$\\gamma/(2(1 + (n-1)\\beta^2))$ against $n\\gamma/(2v^2)$, and "
        "$n(1 + (n-1)\\beta^2) - v^2 = (n-1)(1-\\beta)^2 \\ge 0$.",
        "Amir (2000) questions additive spillovers in R&D outputs for $\\beta > 1/2$; the diagnostic "
        "`output_spillovers_plausible` reports it without invalidating the result.",
    ])

    ss = _model(a=10, b=1, A=9, beta=0, gamma=1)
    sym, unr = ss.cartel(), ss.cartel(symmetric=False)
    doc.para("Example of a saddle: $a - A = 1$, $b = \\gamma = 1$, $\\beta = 0$. The symmetric cartel point "
             f"$x = {tex(sym.rd)}$ gives joint profit ${tex(sym.producer_surplus)}$, but its Hessian eigenvalues are "
             f"${tex(sym.hessian_eigenvalues[0])}$ and ${tex(sym.hessian_eigenvalues[1])}$. By hand, with $x_2 = 0$ "
             "joint profit $(2 + 2x_1 + 5x_1^2)/9 - x_1^2/2$ rises until firm 2 exits at $x_1 = 1$, where firm 1's "
             "monopoly profit $(1 + x_1)^2/4 - x_1^2/2$ peaks: joint profit $1/2$. The numeric search finds "
             f"$x = ({unr.rd[0]:.4f}, {unr.rd[1]:.4f})$ with joint profit ${unr.objective:.4f}$.")

    doc.heading("Comparisons and the β = 1/2 crossing")
    claimed = 2 * d * Dd * (V - U) / ((Dd - 2 * V**2) * (Dd - 2 * U * V))
    if sp.cancel(claimed - (GENERAL["cartel"] - GENERAL["noncooperative"])) != 0:
        raise AssertionError("x^C - x^N")
    doc.math(r"x^C - x^N = \frac{2dD\,(v - u)}{(D - 2v^2)(D - 2uv)}")
    doc.para("With positive denominators (the second-order conditions), "
             "$x^C - x^N$ has the sign of $v - u = (n-1)(2\\beta - 1)$: cooperative R&D exceeds noncooperative R&D "
             "iff $\\beta > 1/2$, for every $n$, and the two coincide at $\\beta = 1/2$ (dAJ 1988; "
             "Kamien, Muller & Zang 1992 in their notation; "
             "Suzumura 1992). Further (tests): the RJV cartel has the highest R&D and profit of the private "
             "regimes (KMZ's result, here in the dAJ technology); cartel R&D is always below the second best; noncooperative R&D exceeds the second "
             "best iff $(n+2)v < 2u$, i.e. $\\beta < (n-2)/((n-1)(n+4))$ — never in the duopoly (Suzumura 1992).")

    doc.heading("A numeric example")
    p = FIGURE_PARAMS
    doc.para(f"$a = {p['a']}$, $b = {p['b']}$, $A = {p['A']}$, $\\gamma = {p['gamma']}$, $n = {p['n']}$, "
             "$\\beta = 1/4$ and $3/4$ (figure `rd_by_regime_vs_beta` below plots the whole range):")
    for bval in (Fraction(1, 4), Fraction(3, 4)):
        m = _model(beta=bval, **p)
        doc.table([f"β = {bval}", "R&D x", "output q", "price", "profit", "CS", "W", "valid"],
                  [(k.replace("_", " "), o.rd, o.quantity, o.price, o.profit, o.consumer_surplus, o.welfare,
                    "yes" if o.valid else "no: " + ", ".join(o.failed))
                   for k, o in m.regimes().items()])

    doc.heading("R&D policy by a government leader: per-unit subsidy and cost share")
    doc.para("Stage 0: the government sets a subsidy $s$ per unit of R&D; firms then play the "
             "noncooperative game, $x(s) = (2u(a-A) + s\\,b(n+1)^2)/\\Delta$, $\\Delta = D - 2uv$. "
             "Net welfare is $W = CS + \\Pi - \\lambda\\, n s x$. Maximising over $x$ (and recovering $s$):")
    doc.aligned([(r"x^*(\lambda)", SUBSIDY["x"]), (r"s^*(\lambda)", SUBSIDY["s"])])
    doc.para("At $\\lambda = 0$ the subsidy implements the second best; it is a subsidy iff "
             "$\\beta > (n-2)/((n-1)(n+4))$ and a tax otherwise. A tax is revenue, so under the default fiscal "
             "rule (limited liability: a firm never pays more than its profit — it could do no R&D and pay "
             "nothing) the benchmark may raise the same revenue: $W^B = \\max_x CS + n\\pi + \\lambda n "
             "\\max(\\pi, 0)$, the second best with the firms' profits valued at $1 + \\lambda$. "
             "Every coordinated outcome is feasible for it, so $W \\le W^B$ and the gap closed, "
             "$(W - W^N)/(W^B - W^N)$, lies in $[0, 1]$, never clipped (measured against the second best alone, "
             "a revenue-raising tax at large $\\lambda$ would 'beat' it).")
    m = _model(beta=SUBSIDY_BETA, **p)
    lam_t = _tax_threshold(m)
    doc.para("**Why the optimal policy becomes a tax.** The numerator of $s^*$ changes sign at "
             "$\\lambda^T = \\gamma B((n+2)v - 2u)/(2u\\Delta)$. At $s = 0$ a small subsidy $ds$ buys "
             "$dx = B\\,ds/\\Delta$ more R&D, worth the second-best wedge $W'(x^N)\\,dx$, and costs "
             "$\\lambda\\, n x^N ds$ of distortion because all the inframarginal R&D $x^N$ is paid for too. "
             "When $\\lambda > \\lambda^T$ the second term wins: revenue is worth $1 + \\lambda$, more than the "
             "R&D a tax discourages, so the government *taxes* R&D (firms keep doing R&D because it cuts their "
             f"costs). In the example below ($\\beta = 1/2$) $\\lambda^T = {tex(lam_t)}$; figure "
             "`rd_subsidy_vs_lambda` extends the $\\lambda$ axis to 3 to show the tax region. "
             "`coordinate(allow_tax=False)` forbids taxes.")
    doc.para("**Cost share (tax credit).** A share $\\sigma$ of the convex R&D cost $\\gamma x^2/2$ gives the "
             "same marginal incentive as a per-unit subsidy $s = \\sigma\\gamma x$, but pays only "
             "$n\\sigma\\gamma x^2/2$ — half of $nsx$ at the margin. Writing $\\sigma$ through the R&D it "
             "implements, $\\sigma\\gamma x = (\\Delta x - 2ud)/B$, and maximising "
             "$W(x) = n(n+2)(d + vx)^2/(2B) - n\\gamma x^2/2 - \\lambda n x(\\Delta x - 2ud)/(2B)$:")
    doc.aligned([(r"x^*_{\sigma}(\lambda)", COST_SHARE["x"]),
                 (r"\sigma^*(\lambda)", r"1 - \frac{2u\,(d + v\,x^*_{\sigma})}{D\,x^*_{\sigma}}")])
    doc.para("(the per-unit subsidy has $2\\lambda u$ and $2\\lambda\\Delta$ where the cost share has "
             "$\\lambda u$ and $\\lambda\\Delta$). `coordinate()` declares both instruments to the core policy "
             "engine (`gametheory.core.coordinator.Coordinator`), which evaluates corners and stationary points "
             "of each, and returns the core `PolicyOutcome` with the winner, the alternatives and the same "
             "benchmark. Example: "
             f"$a = {p['a']}$, $b = {p['b']}$, $A = {p['A']}$, $\\gamma = {p['gamma']}$, $n = {p['n']}$, "
             f"$\\beta = {tex(SUBSIDY_BETA)}$ (figure `rd_subsidy_vs_lambda`):")
    policy_rows = []
    for lv in (0, Fraction(1, 5), Fraction(1, 2), 1, Fraction(6, 5), 2, 3):
        o, c = m.subsidy_policy(lv), m.cost_share_policy(lv)
        policy_rows.append((sp.nsimplify(lv), o.subsidy, o.welfare, o.gap_closed, c.cost_share, c.welfare, c.gap_closed,
                            o.benchmark_welfare))
    doc.table(["λ", "s*", "W (per-unit)", "gap closed", "σ*", "W (cost share)", "gap closed", "benchmark W^B"],
              policy_rows)
    doc.para(f"Laissez-faire welfare ${tex(m.noncooperative().welfare)}$, second best "
             f"${tex(m.second_best().welfare)}$, symmetric first best ${tex(m.first_best().welfare)}$. The cost "
             "share wins at moderate $\\lambda$ (it buys R&D more cheaply); at large $\\lambda$ both instruments "
             "tax R&D and the per-unit tax raises revenue at a smaller distortion.")
    doc.figure(_spec("rd_subsidy_vs_lambda"))
    lev = m.coordinate(Fraction(1, 5), levy_enforcement_cost=1)
    doc.para("**Dues and a mandate (priced enforcement).** Two instruments need no public money for the R&D "
             "itself. *Dues*: a compulsory industry levy finances the per-unit subsidy — lump-sum dues equal to "
             "the bill $nsx$ — so subsidy received and dues paid cancel and "
             "$W(x) = CS + n\\pi(x) - (1+\\lambda) C_L$: the levy implements the second best $x^S$ at every "
             "$\\lambda$, less the cost $C_L$ of collecting it (a levy is lump sum only if compulsory, and "
             "enforcing that is paid from public funds). *Mandate*: an R&D floor $\\bar x \\ge x^N$ binds "
             "(with a reaction slope below one the best response to rivals at $\\bar x$ lies below $\\bar x$) "
             "and costs $V$ per firm to verify: $W = CS + n\\pi(\\bar x) - (1+\\lambda) nV$; a floor cannot "
             "lower R&D, so when $x^S \\le x^N$ it only costs and laissez-faire wins the menu. Both stop at "
             "$x^L$: a firm asked to pay dues or do R&D beyond $\\pi(x) \\ge 0$ would exit (limited "
             "liability), and the unit cost stays $\\ge 0$. `coordinate()` offers them only with "
             "`levy_enforcement_cost` $= C_L$ and `enforcement_cost` $= V$ (0 takes enforcement as free and the "
             "notes say so). In the example at $\\lambda = 1/5$ with $C_L = 1$ the dues win: rate "
             f"$s = {tex(lev.dues)}$, $x = {tex(lev.rd)} = x^S$, $W = {tex(lev.welfare)}$ "
             f"$= W^S - (1 + \\lambda) C_L$, against the cost share's ${tex(lev.alternatives['cost share'])}$.")
    doc.para("Every noncooperative result also reports the reaction-function slope $r$ (field "
             "`reaction_slope`), the quantity behind Henriques' stability condition $(n-1)|r| < 1$.")
    doc.figure(_spec("rd_by_regime_vs_beta"))

    _absorptive_section(doc)

    doc.heading("Terms")
    doc.bullets(["研发 — R&D", "溢出 — spillover", "研发卡特尔 — R&D cartel", "研究合资企业 — research joint venture (RJV)",
                 "次优 — second best", "最优 — first best"])

    doc.heading("References")
    doc.bullets([
        "Cohen, W. M. & Levinthal, D. A. (1989). Innovation and learning: the two faces of R&D. Economic Journal "
        "99(397), 569–596.",
        "d'Aspremont, C., Jacquemin, A., Gabszewicz, J. J. & Weymark, J. A. (1983). On the stability of collusive "
        "price leadership. Canadian Journal of Economics 16(1), 17–25.",
        "Grünfeld, L. A. (2003). Meet me halfway but don't rush: absorptive capacity and strategic R&D investment "
        "revisited. IJIO 21(8), 1091–1109.",
        "Kamien, M. I. & Zang, I. (2000). Meet me halfway: research joint ventures and absorptive capacity. "
        "IJIO 18(7), 995–1012.",
        "Yi, S.-S. & Shin, H. (2000). Endogenous formation of research coalitions with spillovers. IJIO 18(2), "
        "229–256.",
        "d'Aspremont, C. & Jacquemin, A. (1988). Cooperative and noncooperative R&D in duopoly with spillovers. "
        "AER 78(5), 1133–1137; Erratum (1990), AER 80(3), 641–642.",
        "Henriques, I. (1990). Cooperative and noncooperative R&D in duopoly with spillovers: comment. AER 80(3), 638–640.",
        "Kamien, M. I., Muller, E. & Zang, I. (1992). Research joint ventures and R&D cartels. AER 82(5), 1293–1306.",
        "Suzumura, K. (1992). Cooperative and noncooperative R&D in an oligopoly with spillovers. AER 82(5), 1307–1320.",
        "Salant, S. W. & Shaffer, G. (1998). Optimal asymmetric strategies in research joint ventures. IJIO 16, 195–208.",
        "Amir, R. (2000). Modelling imperfectly appropriable R&D via spillovers. IJIO 18, 1013–1032.",
    ])
    return doc.render()


# -- figures ------------------------------------------------------------------------------------
#: Parameters of ``rd_by_regime_vs_beta`` (every regime valid for all beta in [0, 1]).
REGIME_PARAMETERS = dict(a=12, b=1, A=10, gamma=3, n=2, steps=100)
REGIME_CAPTION = (
    "R&D per firm x by regime against the spillover β (a = {a}, b = {b}, A = {A}, γ = {gamma}, n = {n}; "
    "β on a grid of {steps} steps). RJV regimes: the dAJ technology with full sharing (β = 1), flat in β. "
    "Each curve is drawn where all its validity checks hold; the dot marks β = 1/2, where cartel and "
    "noncooperative R&D coincide.")
#: Parameters of ``rd_subsidy_vs_lambda``; lambda runs past the tax threshold 6/5.
SUBSIDY_PARAMETERS = dict(a=12, b=1, A=10, gamma=3, n=2, beta=Fraction(1, 2), lambda_max=3, steps=60)
SUBSIDY_CAPTION = (
    "Left: welfare W − λG under the optimal per-unit R&D subsidy and under the optimal cost share, against "
    "the shadow cost of public funds λ ∈ [0, {lambda_max}] ({steps} steps), with the benchmark (second best "
    "with the same transfers), the second best and laissez-faire. Right: the optimal levels; the per-unit "
    "instrument turns into a tax on R&D above the marked λ. Parameters a = {a}, b = {b}, A = {A}, γ = {gamma}, "
    "n = {n}, β = {beta}.")
#: Parameters of ``rd_absorptive_capacity``.
ABSORPTIVE_PARAMETERS = dict(a=12, b=1, A=10, gamma=3, n=2, beta=Fraction(1, 2), delta_max=Fraction(9, 10), steps=45)
ABSORPTIVE_CAPTION = (
    "R&D with absorptive capacity. Left: R&D per firm x against the learning parameter δ ∈ [0, {delta_max}] "
    "({steps} steps) by regime (a = {a}, b = {b}, A = {A}, γ = {gamma}, n = {n}, β = {beta}; RJV regimes "
    "share fully, β = 1, and still absorb through own R&D), drawn where all validity checks hold. Right: the "
    "critical spillover 1/(2 − (n'+1)δ) above which an R&D cartel does more R&D than noncooperative firms, "
    "for n' = 2, 3, 4 firms; it reaches 1 at δ = 1/(n'+1).")


@rejects_text
def rd_by_regime_data(a: Any = 12, b: Any = 1, A: Any = 10, gamma: Any = 3, n: int = 2,
                      steps: int = 100) -> dict[str, Any]:
    """R&D per firm by regime on a grid of β (NaN where a regime's checks fail)."""
    params = dict(a=a, b=b, A=A, gamma=gamma, n=int(n))
    betas = [Fraction(i, int(steps)) for i in range(int(steps) + 1)]
    data: dict[str, Any] = {"beta": np.array([float(bv) for bv in betas])}
    series: dict[str, list[float]] = {name: [] for name in REGIMES}
    valid: dict[str, list[bool]] = {name: [] for name in REGIMES}
    for bv in betas:
        m = _model(beta=bv, **params)
        for name in REGIMES:
            try:
                o = getattr(m, name)()
            except DomainError:
                series[name].append(np.nan)
                valid[name].append(False)
                continue
            ok = bool(o.valid)
            series[name].append(float(o.rd) if ok else np.nan)
            valid[name].append(ok)
    for name in REGIMES:
        data[name] = np.array(series[name])
        data[f"{name}_valid"] = np.array(valid[name])
    cross = _model(beta=Fraction(1, 2), **params)
    data["crossing_beta"] = 0.5
    data["crossing_rd"] = float(cross.noncooperative().rd)
    data["params"] = {k: float(vv) for k, vv in params.items()}
    return data


#: Greyscale-distinguishable styles: line style, marker and width differ, colour only helps.
_REGIME_STYLES: dict[str, dict[str, Any]] = {
    "noncooperative": dict(color="C0", lw=2.2, ls="-"),
    "cartel": dict(color="C1", lw=2.2, ls=(0, (6, 2))),
    "second_best": dict(color="C2", lw=1.4, ls="-", marker="o", ms=4, markevery=10),
    "first_best": dict(color="C3", lw=1.4, ls="-", marker="s", ms=4, markevery=10),
    "rjv_cartel": dict(color="C4", lw=1.4, ls=(0, (1, 1.5))),
    "rjv_competition": dict(color="C5", lw=1.4, ls=(0, (6, 2, 1, 2)), marker="^", ms=4, markevery=12),
}


def _draw_by_regime(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    for name in ("first_best", "second_best", "rjv_cartel", "cartel", "noncooperative", "rjv_competition"):
        ax.plot(data["beta"], data[name], label=LABELS[name], **_REGIME_STYLES[name])
    ax.plot([data["crossing_beta"]], [data["crossing_rd"]], "ko", ms=5)
    ax.annotate("β = 1/2: cartel = noncooperative", (data["crossing_beta"], data["crossing_rd"]),
                xytext=(8, -18), textcoords="offset points", fontsize=8)
    ax.set_xlabel("spillover β")
    ax.set_ylabel("R&D per firm x")
    ax.set_title("R&D by regime", fontsize=10)
    ax.set_xlim(0, 1)
    top = np.nanmax([np.nanmax(data[k]) for k in REGIMES])
    ax.set_ylim(0, 1.45 * top)                      # head room: the legend sits above the curves
    ax.legend(fontsize=8, loc="upper left", ncol=2, frameon=False)
    return fig


def _tax_threshold(m) -> Any:
    """lambda at which the optimal per-unit instrument changes sign: s* = 0 (see the derivation)."""
    n, u, v, D, B = m.n, m._u, m._v, m._D, m._B
    return sp.nsimplify(m.gamma * B * ((n + 2) * v - 2 * u) / (2 * u * (D - 2 * u * v)))


@rejects_text
def rd_subsidy_data(a: Any = 12, b: Any = 1, A: Any = 10, gamma: Any = 3, n: int = 2, beta: Any = Fraction(1, 2),
                    lambda_max: Any = 3, steps: int = 60) -> dict[str, Any]:
    """Welfare under the optimal per-unit subsidy and cost share against λ, with the benchmarks."""
    lam_max = sp.nsimplify(lambda_max)
    lams = [lam_max * sp.Rational(i, int(steps)) for i in range(int(steps) + 1)]
    m = _model(a=a, b=b, A=A, gamma=gamma, n=int(n), beta=beta)
    subs = [m.subsidy_policy(lv) for lv in lams]
    shares = [m.cost_share_policy(lv) for lv in lams]
    return {
        "lambda": np.array([float(lv) for lv in lams]),
        "welfare": np.array([float(o.welfare) for o in subs]),
        "welfare_cost_share": np.array([float(o.welfare) for o in shares]),
        "subsidy": np.array([float(o.subsidy) for o in subs]),
        "cost_share": np.array([float(o.cost_share) for o in shares]),
        "rd": np.array([float(o.rd) for o in subs]),
        "rd_cost_share": np.array([float(o.rd) for o in shares]),
        "gap_closed": np.array([float(o.gap_closed) for o in subs]),
        "gap_closed_cost_share": np.array([float(o.gap_closed) for o in shares]),
        "benchmark": np.array([float(o.benchmark_welfare) for o in subs]),
        "valid": np.array([bool(o.valid) for o in subs]),
        "valid_cost_share": np.array([bool(o.valid) for o in shares]),
        "laissez_faire": float(m.noncooperative().welfare),
        "second_best": float(m.second_best().welfare),
        "tax_threshold": float(_tax_threshold(m)),
        "beta": float(sp.nsimplify(beta)),
    }


def _draw_subsidy(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax, ax2 = fig.subplots(1, 2)
    lam = data["lambda"]
    ax.plot(lam, data["benchmark"], color="k", lw=1, ls=(0, (6, 2, 1, 2)),
            label="benchmark: second best + same transfers")
    ax.axhline(data["second_best"], color="C2", ls=(0, (1, 1.5)), lw=1.4, label="second best")
    ax.plot(lam, data["welfare_cost_share"], color="C3", lw=2, ls=(0, (6, 2)), label="optimal cost share σ*")
    ax.plot(lam, data["welfare"], color="C0", lw=2, label="optimal per-unit subsidy s*")
    ax.axhline(data["laissez_faire"], color="0.45", ls="-", lw=1, marker="|", markevery=0.1,
               label="laissez-faire (noncooperative)")
    ax.set_xlabel("shadow cost of public funds λ")
    ax.set_ylabel("welfare W − λG")
    ax.set_xlim(0, lam[-1])
    lo, hi = data["laissez_faire"], max(np.max(data["benchmark"]), data["second_best"])
    ax.set_ylim(lo - 0.05 * (hi - lo), hi + 0.35 * (hi - lo))
    ax.legend(fontsize=8, loc="upper left", frameon=False)
    ax.set_title("welfare", fontsize=10)
    t = data["tax_threshold"]
    ax2.axhline(0, color="0.6", lw=0.8)
    ax2.axvspan(t, lam[-1], color="0.9", lw=0)
    ax2.plot(lam, data["subsidy"], color="C0", lw=2, label="per-unit subsidy s* (per unit of R&D)")
    ax2.plot(lam, data["cost_share"], color="C3", lw=2, ls=(0, (6, 2)), label="cost share σ* (share of γx²/2)")
    ax2.axvline(t, color="k", lw=0.8, ls=(0, (1, 1.5)))
    ax2.annotate(f"λ = {t:.3g}: s* = 0;\nabove it R&D is taxed", (t, 0), xytext=(6, 18),
                 textcoords="offset points", fontsize=8)
    ax2.set_xlabel("shadow cost of public funds λ")
    ax2.set_ylabel("policy level")
    ax2.set_xlim(0, lam[-1])
    ax2.legend(fontsize=8, loc="upper right", frameon=False)
    ax2.set_title("optimal policy", fontsize=10)
    return fig


@rejects_text
def rd_absorptive_data(a: Any = 12, b: Any = 1, A: Any = 10, gamma: Any = 3, n: int = 2, beta: Any = Fraction(1, 2),
                       delta_max: Any = Fraction(9, 10), steps: int = 45) -> dict[str, Any]:
    """R&D by regime against the learning parameter δ, and the critical spillover curves."""
    from gametheory.models.rd import AbsorptiveRD

    dmax = sp.nsimplify(delta_max)
    deltas = [dmax * sp.Rational(i, int(steps)) for i in range(int(steps) + 1)]
    names = ("noncooperative", "cartel", "rjv_competition", "rjv_cartel")
    series: dict[str, list[float]] = {k: [] for k in names}
    for dl in deltas:
        m = AbsorptiveRD(a=a, b=b, A=A, beta=beta, gamma=gamma, delta=dl, n=int(n))
        for k in names:
            try:
                o = getattr(m, k)()
            except DomainError:
                series[k].append(np.nan)
                continue
            series[k].append(float(o.rd) if o.valid else np.nan)
    grid = np.linspace(0, 1, 201)
    crit = {}
    for size in (2, 3, 4):
        with np.errstate(divide="ignore"):
            c = 1.0 / (2.0 - (size + 1) * grid)
        crit[size] = np.where((grid < 1.0 / (size + 1)) & (c <= 1.0), c, np.nan)
    return {"delta": np.array([float(dl) for dl in deltas]), **{k: np.array(v) for k, v in series.items()},
            "delta_grid": grid, "critical_2": crit[2], "critical_3": crit[3], "critical_4": crit[4],
            "beta": float(sp.nsimplify(beta))}


def _draw_absorptive(data: dict[str, Any]):
    from matplotlib.figure import Figure

    fig = Figure()
    ax, ax2 = fig.subplots(1, 2)
    for name in ("rjv_cartel", "cartel", "noncooperative", "rjv_competition"):
        ax.plot(data["delta"], data[name], label=LABELS[name], **_REGIME_STYLES[name])
    ax.set_xlabel("learning parameter δ (absorptive capacity)")
    ax.set_ylabel("R&D per firm x")
    ax.set_xlim(0, data["delta"][-1])
    top = np.nanmax([np.nanmax(data[k]) for k in ("noncooperative", "cartel", "rjv_competition", "rjv_cartel")])
    ax.set_ylim(0, 1.4 * top)
    ax.legend(fontsize=8, loc="upper left", ncol=2, frameon=False)
    ax.set_title(f"R&D by regime (β = {data['beta']:g})", fontsize=10)
    styles = {2: dict(color="C0", lw=2, ls="-"), 3: dict(color="C1", lw=2, ls=(0, (6, 2))),
              4: dict(color="C2", lw=2, ls=(0, (1, 1.5)))}
    for k in (2, 3, 4):
        ax2.plot(data["delta_grid"], data[f"critical_{k}"], label=f"n = {k}", **styles[k])
    ax2.text(0.03, 0.9, "cartel R&D > noncooperative R&D\n(above the curve)", fontsize=8)
    ax2.text(0.2, 0.55, "cartel R&D < noncooperative R&D", fontsize=8)
    ax2.set_xlim(0, 0.4)
    ax2.set_ylim(0.45, 1.0)
    ax2.set_xlabel("learning parameter δ")
    ax2.set_ylabel("critical spillover β")
    ax2.legend(fontsize=8, loc="lower right", frameon=False)
    ax2.set_title("where cooperation raises R&D", fontsize=10)
    return fig


# -- demo ---------------------------------------------------------------------------------------
def _demo(nar) -> None:
    import textwrap

    def say(text: str) -> None:               # printed for people: at most 100 columns
        for line in textwrap.wrap(text, 100):
            nar.say(line)

    nar.title("R&D with spillovers: d'Aspremont–Jacquemin and research joint ventures")
    p = FIGURE_PARAMS
    nar.step("The model")
    say(f"{p['n']} firms, P = a − bQ with a = {p['a']}, b = {p['b']}; unit cost A = {p['A']} minus own R&D "
            "minus β times rivals' R&D; R&D x costs γx²/2 with γ = 3.")
    for bv in (Fraction(1, 4), Fraction(3, 4)):
        m = _model(beta=bv, **p)
        nar.step(f"All regimes at β = {bv}")
        nar.table(["regime", "R&D x", "profit", "welfare", "valid"],
                  [(k, o.rd, o.profit, o.welfare, o.valid) for k, o in m.regimes().items()])
    nar.step("The β = 1/2 crossing")
    say("Cooperative R&D exceeds noncooperative R&D iff β > 1/2: above it, the cartel internalises the "
            "spillover; below it, it internalises the business-stealing effect.")
    nar.step("When the closed forms stop being equilibria")
    h = _model(a=10, b=1, A=9, beta=Fraction(1, 10), gamma=1).noncooperative()
    say(f"b = γ = 1, β = 0.1: the noncooperative equilibrium fails {', '.join(h.failed)} (Henriques 1990).")
    s = _model(a=10, b=1, A=9, beta=0, gamma=1).cartel()
    say(f"b = γ = 1, β = 0: the symmetric cartel fails {', '.join(s.failed)} — a saddle (Salant & Shaffer 1998); "
            f"Hessian eigenvalues {s.hessian_eigenvalues}.")
    j = _model(a=10, b=1, A=9, beta=0, gamma=1).cartel(symmetric=False)
    say(f"Allowed unequal R&D, the cartel picks x = ({j.rd[0]:.3f}, {j.rd[1]:.3f}): joint profit "
            f"{j.objective:.4f} instead of {j.symmetric_objective:.4f} — firm 2 leaves the market.")
    nar.step("R&D policy with costly public funds: per-unit subsidy or cost share (λ = shadow cost)")
    m = _model(beta=SUBSIDY_BETA, **p)
    say(f"β = {SUBSIDY_BETA}. coordinate() hands both instruments to the core policy engine; the benchmark is "
            "the second best with the same transfers (limited liability), so 0 <= gap closed <= 1.")
    rows = []
    for lv in (0, Fraction(1, 5), Fraction(1, 2), 2):
        o = m.coordinate(lv)
        rows.append((lv, o.instrument, o.subsidy, o.cost_share, o.rd, o.welfare, o.gap_closed))
    nar.table(["λ", "winner", "s*", "σ*", "R&D", "W − λG", "gap closed"], rows)
    say(f"Above λ = {_tax_threshold(m)} the per-unit instrument is a tax on R&D: revenue is worth 1 + λ, "
            "more than the R&D it discourages.")
    nar.step("Absorptive capacity: spillovers must be earned")
    from gametheory.models.rd import AbsorptiveRD

    ab = AbsorptiveRD(a=25, b=1, A=10, beta=Fraction(1, 2), gamma=3, delta=Fraction(1, 2))
    say("Effective R&D X_i = x_i + β x_i^δ Σ x_j^(1−δ): a firm absorbs its rivals' knowledge only through "
            "its own R&D. a = 25, b = 1, A = 10, γ = 3, β = 1/2, δ = 1/2:")
    nar.table(["regime", "R&D x", "reaction slope", "valid"],
              [(k, o.rd, o.reaction_slope if o.reaction_slope is not None else "—", o.valid)
               for k, o in ab.regimes().items()])
    say("Learning raises the private return to R&D (10/3 instead of dAJ's 2) while the cartel's R&D is "
            "unchanged: cooperation raises R&D only if β(2 − 3δ) > 1.")
    f = AbsorptiveRD(**ABSORPTION_FORMATION).rjv_formation()
    say("Which firms join an RJV (n = 3, a = 100, A = 60, b = 1, γ = 3, β = 1/2, δ = 1/4): "
            f"stable sizes {f.stable_sizes} (internal and external stability).")
    nar.figure("rd_by_regime_vs_beta")
    nar.figure("rd_subsidy_vs_lambda")
    nar.figure("rd_absorptive_capacity")


DERIVATIONS = [Derivation("rd", "R&D with spillovers (dAJ, research joint ventures, absorptive capacity, n firms)",
                          build)]
FIGURES = [
    FigureSpec("rd_by_regime_vs_beta", "R&D by regime against the spillover β", rd_by_regime_data, _draw_by_regime,
               params=REGIME_PARAMETERS, caption=REGIME_CAPTION),
    FigureSpec("rd_subsidy_vs_lambda", "Per-unit subsidy and cost share for R&D against λ", rd_subsidy_data,
               _draw_subsidy, size=(11.0, 4.2), params=SUBSIDY_PARAMETERS, caption=SUBSIDY_CAPTION),
    FigureSpec("rd_absorptive_capacity", "R&D with absorptive capacity", rd_absorptive_data, _draw_absorptive,
               size=(11.0, 4.2), params=ABSORPTIVE_PARAMETERS, caption=ABSORPTIVE_CAPTION),
]
DEMOS = [Demo("rd", "R&D with spillovers: regimes, validity, policy, absorptive capacity", _demo,
              figures=("rd_by_regime_vs_beta", "rd_subsidy_vs_lambda", "rd_absorptive_capacity"))]
