r"""R&D with spillovers: R&D by regime with validity flags.

Calls :class:`gametheory.models.rd.SpilloverRD` (``regimes()``: noncooperative, R&D cartel, RJV
competition, RJV cartel, second best, first best), each outcome with its checked conditions.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from gametheory.explore._view import Control, Page, Table, Value, View, new_figure, show

__all__ = ["PAGE"]

FORMULAS = r"""
$n$ identical firms choose R&D $x_i$ at cost $\gamma x_i^2/2$, then compete à la Cournot with
$P = a - bQ$. R&D cuts one's own unit cost and spills over to rivals at rate $\beta$:

$$
c_i = A - x_i - \beta \sum_{j \ne i} x_j .
$$

Duopoly closed forms (d'Aspremont & Jacquemin 1988), noncooperative and cartel:

$$
x^N = \frac{(a-A)(2-\beta)}{4.5\,b\gamma - (2-\beta)(1+\beta)}, \qquad
x^C = \frac{(a-A)(1+\beta)}{4.5\,b\gamma - (1+\beta)^2} ,
$$

so $x^C > x^N$ iff $\beta > 1/2$. Research joint ventures share fully ($\beta = 1$; Kamien,
Muller & Zang 1992). Validity is checked, never assumed: second-order conditions, best-response
stability (Henriques 1990), the symmetric joint optimum not a saddle
($b\gamma \ge 2(1-\beta)^2$, Salant & Shaffer 1998), non-negative costs, positive outputs.
"""

CONTROLS = (
    Control("a", "a (demand intercept)", 25, 1, 200, 1),
    Control("b", "b (demand slope)", 1, 0.1, 10, 0.1),
    Control("A", "A (unit cost before R&D)", 10, 0, 200, 1),
    Control("beta", "β (spillover)", 0.5, 0, 1, 0.05),
    Control("gamma", "γ (R&D cost)", 3, 0.1, 50, 0.1),
    Control("n", "n (firms)", 2, 2, 10, 1, integer=True),
)

LABELS = {
    "noncooperative": "noncooperative", "cartel": "R&D cartel", "rjv_competition": "RJV competition",
    "rjv_cartel": "RJV cartel", "second_best": "second best", "first_best": "first best",
}


def compute(a: Any, b: Any, A: Any, beta: Any, gamma: Any, n: Any) -> View:
    from gametheory.models.rd import SpilloverRD

    regimes = SpilloverRD(a=a, b=b, A=A, beta=beta, gamma=gamma, n=n).regimes()
    values = tuple(Value(f"rd-{name}", f"R&D per firm, {LABELS[name]}", o.rd) for name, o in regimes.items())
    values += tuple(Value(f"welfare-{name}", f"Welfare, {LABELS[name]}", o.welfare) for name, o in regimes.items())
    values += tuple(Value(f"valid-{name}", f"All conditions hold, {LABELS[name]}", o.valid) for name, o in regimes.items())
    rows = []
    for name, o in regimes.items():
        failed = [k for k, v in o.checks.items() if v is not True and str(v) != "True"]
        rows.append((LABELS[name], o.rd, o.quantity, o.profit, o.welfare, o.valid, ", ".join(failed) or "—"))
    tables = (Table("regimes", "Every regime with its validity flags",
                    ("regime", "R&D x", "output q", "profit", "welfare", "valid", "failed checks"), tuple(rows)),)
    betas = [Fraction(k, 20) for k in range(21)]
    curves: dict[str, list] = {name: [] for name in LABELS}
    for bt in betas:
        for name, o in SpilloverRD(a=a, b=b, A=A, beta=bt, gamma=gamma, n=n).regimes().items():
            curves[name].append((float(bt), float(o.rd), bool(o.valid)))
    fig, ax = new_figure(1, 7.2, 4.2)
    for name, pts in curves.items():
        if not pts:
            continue
        line, = ax.plot([p[0] for p in pts], [p[1] for p in pts], label=LABELS[name])
        bad = [(p[0], p[1]) for p in pts if not p[2]]
        if bad:
            ax.plot(*zip(*bad), linestyle="none", marker="x", color=line.get_color())
    ok = [p[1] for pts in curves.values() for p in pts if p[2]]
    if ok:   # exploding invalid points (vanishing denominators) would hide the valid curves
        top, bottom = max(ok), min(0.0, min(ok))
        ax.set_ylim(bottom - 0.05 * (top - bottom + 1), top + 0.15 * (top - bottom + 1))
    ax.axvline(float(beta), color="black", linestyle="--", linewidth=1)
    ax.set_xlabel("spillover β")
    ax.set_ylabel("R&D per firm x")
    ax.set_title(f"R&D by regime (n = {n}, bγ = {show(b * gamma)}); × = a validity condition fails")
    ax.legend(fontsize=8, ncol=2)
    return View(values=values, tables=tables, figure=fig)


PAGE = Page("rd", "R&D with spillovers", "β, γ → R&D by regime, welfare, and every validity flag.",
            FORMULAS, CONTROLS, compute)
