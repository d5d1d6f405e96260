r"""Evolution: a two-population 2×2 payoff table → replicator phase portrait, rest points, stability.

Calls :class:`gametheory.Replicator` (``stability()``: every rest point with its Jacobian
eigenvalues and classification; ``simulate()``: trajectories from a grid of initial shares) and
draws with the package's phase-portrait plotting (``Trajectories.plot``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gametheory.core.params import DomainError
from gametheory.explore._view import Control, Page, Table, Value, View, new_figure, show

__all__ = ["PAGE"]

FORMULAS = r"""
Population 1 (row) plays its first strategy with share $x$, population 2 (column) with share
$y$. With payoffs $A$ (row) and $B$ (column), the two-population replicator dynamics are

$$
\dot x = x(1-x)\,\big[(A_{11} - A_{21})\,y + (A_{12} - A_{22})(1-y)\big], \qquad
\dot y = y(1-y)\,\big[(B_{11} - B_{12})\,x + (B_{21} - B_{22})(1-x)\big].
$$

A rest point is asymptotically stable when every eigenvalue of the Jacobian has a negative real
part. In multi-population games an evolutionarily stable strategy is a strict Nash equilibrium,
hence a vertex (Selten 1980); interior rest points are saddles or centres, never
asymptotically stable; a zero eigenvalue means linearisation decides nothing.
"""

CONTROLS = (
    Control("a11", "A₁₁ (row payoff: 1st vs 1st)", 3, -20, 20, 1),
    Control("a12", "A₁₂ (row: 1st vs 2nd)", 0, -20, 20, 1),
    Control("a21", "A₂₁ (row: 2nd vs 1st)", 2, -20, 20, 1),
    Control("a22", "A₂₂ (row: 2nd vs 2nd)", 2, -20, 20, 1),
    Control("b11", "B₁₁ (column payoff: 1st vs 1st)", 3, -20, 20, 1),
    Control("b12", "B₁₂ (column: row 1st, column 2nd)", 2, -20, 20, 1),
    Control("b21", "B₂₁ (column: row 2nd, column 1st)", 0, -20, 20, 1),
    Control("b22", "B₂₂ (column: 2nd vs 2nd)", 2, -20, 20, 1),
)


def compute(a11: Any, a12: Any, a21: Any, a22: Any, b11: Any, b12: Any, b21: Any, b22: Any) -> View:
    from gametheory import Replicator

    rep = Replicator([[[a11, a12], [a21, a22]], [[b11, b12], [b21, b22]]])
    stab = rep.stability()
    rows = []
    for s in stab:
        try:
            (x, _), (y, _) = s.rest_point.shares
            where = f"({show(x)}, {show(y)})"
        except (TypeError, ValueError):   # a continuum of rest points
            where = str(s.rest_point.shares)
        rows.append((where, s.rest_point.kind, show(tuple(s.eigenvalues)), s.classification,
                     s.strict_nash))
    stable = [r[0] for r, s in zip(rows, stab) if s.classification == "asymptotically stable"]
    values = (
        Value("rest-points", "Number of rest points", len(stab)),
        Value("stable", "Asymptotically stable rest points (x, y)", ", ".join(stable) or "none"),
    )
    tables = (Table("stability", "Rest points (shares of the first strategies) and their stability",
                    ("(x, y)", "kind", "eigenvalues", "classification", "strict Nash"), tuple(rows)),)
    grid = np.linspace(0.1, 0.9, 5)
    x0 = np.array([(gx, gy) for gx in grid for gy in grid])
    tr = rep.simulate(x0, 20.0, max_step=0.05)
    fig, ax = new_figure(1, 5.4, 5.0)
    from gametheory.core.plotting import rest_point_coordinates

    drawable = []
    for s in stab:   # a continuum of rest points (a degenerate table) is listed, not drawn
        try:
            rest_point_coordinates(s)
        except (DomainError, TypeError, ValueError):
            continue
        drawable.append(s)
    tr.plot(ax=ax, rest_points=drawable)
    ax.set_title("Replicator dynamics: phase portrait", pad=18)
    return View(values=values, tables=tables, figure=fig)


PAGE = Page("evolution", "Evolution", "A payoff table → live phase portrait, rest points and their stability.",
            FORMULAS, CONTROLS, compute)
