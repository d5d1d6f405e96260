r"""Classic 2×2 games: the symmetric game with payoffs R, S, T, P.

Calls :class:`gametheory.core.normal_form.NormalFormGame` (best responses, pure and all mixed
equilibria, symbolic equilibrium conditions, regime map); the symbolic game is
:func:`gametheory.outputs.catalog.classic.symbolic_pd`.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from gametheory.explore._view import Control, Page, Table, Value, View, new_figure, show

__all__ = ["PAGE"]

FORMULAS = r"""
Row and column choose C or D; payoffs (row, column):

$$
\begin{array}{c|cc} & C & D \\ \hline C & (R, R) & (S, T) \\ D & (T, S) & (P, P) \end{array}
$$

A pure profile is a Nash equilibrium when no player gains by deviating alone:

$$
(C,C):\ R \ge T, \qquad (D,D):\ P \ge S, \qquad (C,D),(D,C):\ S \ge P \ \text{and}\ T \ge R .
$$

When $(R - T)$ and $(P - S)$ have the same sign there is a completely mixed equilibrium, each
player playing C with the probability that makes the other indifferent:

$$
p^* = \frac{P - S}{(R - T) + (P - S)} .
$$

The regime map fixes $R$ and $P$ and colours the $(T, S)$ plane by the set of pure equilibria:
harmony, stag hunt, snowdrift (hawk–dove), prisoner's dilemma ($T > R > P > S$).
"""

CONTROLS = (
    Control("R", "R (reward, both C)", 3, -10, 10, 1),
    Control("S", "S (sucker: C against D)", 0, -10, 10, 1),
    Control("T", "T (temptation: D against C)", 5, -10, 10, 1),
    Control("P", "P (punishment, both D)", 1, -10, 10, 1),
)


def _label(game, profile) -> str:
    return "(" + ", ".join(game.profile_labels(profile)) + ")"


def compute(R: Any, S: Any, T: Any, P: Any) -> View:
    from gametheory.outputs.catalog.classic import symbolic_pd

    sym = symbolic_pd()
    r, s, t, p = (sp.Rational(v.numerator, v.denominator) if hasattr(v, "denominator") else sp.Integer(v)
                  for v in (R, S, T, P))
    Rs, Ss, Ts, Ps = sp.symbols("R S T P")
    game = sym.subs({Rs: r, Ss: s, Ts: t, Ps: p})
    pure = game.pure_equilibria()
    res = game.equilibria()
    A, B = game.payoffs
    br_rows = []
    for j, col in enumerate(game.strategies[1]):
        best = max(A[i, j] for i in range(2))
        br_rows.append(("Row's best reply to " + col, ", ".join(game.strategies[0][i] for i in range(2) if A[i, j] == best)))
    for i, row in enumerate(game.strategies[0]):
        best = max(B[i, j] for j in range(2))
        br_rows.append(("Column's best reply to " + row,
                        ", ".join(game.strategies[1][j] for j in range(2) if B[i, j] == best)))
    mixed = []
    for (x, y), pay in zip(res.equilibria, res.payoffs):
        mixed.append((show(tuple(x)), show(tuple(y)), show(tuple(pay))))
    conds = sym.pure_equilibrium_conditions()
    values = (
        Value("pure", "Pure Nash equilibria", ", ".join(_label(game, q) for q in pure) or "none"),
        Value("count", "Number of equilibria (pure and mixed)", len(res.equilibria)),
    )
    tables = (
        Table("best-responses", "Best responses", ("given", "best reply"), tuple(br_rows)),
        Table("equilibria", "All equilibria (x: row's mixture over C, D; y: column's)",
              ("x", "y", "payoffs"), tuple(mixed)),
        Table("conditions", "Symbolic conditions for each pure profile", ("profile", "condition"),
              tuple((_label(sym, q), "$" + sp.latex(c) + "$") for q, c in conds.items())),
    )
    lo_t, hi_t = float(min(t, r, p)) - 2, float(max(t, r, p)) + 2
    lo_s, hi_s = float(min(s, r, p)) - 2, float(max(s, r, p)) + 2
    rm = sym.regime_map(x=(Ts, lo_t, hi_t, 60), y=(Ss, lo_s, hi_s, 60), fixed={Rs: r, Ps: p})
    fig, ax = new_figure(1, 6.4, 4.4)
    rm.plot(ax=ax)
    import numpy as np

    from gametheory.outputs.catalog.classic import REGION_NAMES

    for k, ls in enumerate(rm.label_sets):
        js, is_ = np.nonzero(np.asarray(rm.labels) == k)
        if len(js):
            name = REGION_NAMES.get(tuple(sorted(ls)), "")
            ax.text(rm.x[int(np.median(is_))], rm.y[int(np.median(js))], name, ha="center", va="center",
                    fontsize=9, color="white", fontweight="bold")
    ax.plot([float(t)], [float(s)], marker="*", markersize=16, color="black", linestyle="none")
    ax.annotate("this game", (float(t), float(s)), xytext=(8, 8), textcoords="offset points")
    if ax.get_legend() is not None:
        ax.get_legend().remove()   # the regions are named on the map
    ax.set_title(f"Pure equilibria over (T, S) with R = {show(r)}, P = {show(p)}")
    return View(values=values, tables=tables, figure=fig)


PAGE = Page("classic", "Classic 2×2 games",
            "Payoffs → best responses, all equilibria, symbolic conditions and the regime map.",
            FORMULAS, CONTROLS, compute)
