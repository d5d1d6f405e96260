r"""Continuous-strategy games and single-agent maximisation with KKT corners.

* :class:`ContinuousGame` — n players, sympy payoffs, boxed strategies (default
  :math:`[0, \infty)`): exact first-order conditions with every KKT corner enumerated, the
  parameter conditions of each regime, second-order checks, uniqueness/stability diagnostics, and
  a scipy fallback returning the same :class:`ContinuousEquilibrium`.
* shared (coupling) constraints, ``ContinuousGame(..., constraints=[q1 + q2 <= K])``: variational
  (Rosen-normalized) equilibria with one multiplier per constraint (:mod:`.shared`).
* :func:`symmetric_equilibrium` — symmetric equilibria of games with a symbolic number of
  players, from a representative player's payoff.
* :func:`maximize` / :func:`kkt_points` — the same machinery for one objective (planner, first
  best, best responses), returning :class:`Optimum`.

Modules: :mod:`._kkt` (enumeration), :mod:`._conditions` (signs and conditions),
:mod:`._numeric` (scipy), :mod:`.game`, :mod:`.shared`, :mod:`.symmetric`, :mod:`.optimize`,
:mod:`._constrained`, :mod:`._results`.

Example — voluntary provision of a common technology, :math:`u_i = v_i \log G - g_i`: only the
highest valuation contributes, up to :math:`G = v_{\max}` (Bergstrom, Blume & Varian 1986).

>>> import sympy as sp
>>> g = sp.symbols("g1:4")
>>> G = sum(g)
>>> eq = ContinuousGame([v * sp.log(G) - gi for v, gi in zip((3, 2, 1), g)], list(g)).equilibrium()
>>> eq.profile, eq.method, eq.unique
((3, 0, 0), 'kkt', True)
"""

from ._common import NonConcavePayoffError, SymbolicSolveError
from ._results import ContinuousEquilibrium, Optimum, SecondOrderCheck, EquilibriumStability
from .game import ContinuousGame
from .optimize import as_piecewise, kkt_points, maximize
from .symmetric import symmetric_equilibrium

__all__ = [
    "ContinuousEquilibrium",
    "ContinuousGame",
    "NonConcavePayoffError",
    "Optimum",
    "SecondOrderCheck",
    "EquilibriumStability",
    "SymbolicSolveError",
    "as_piecewise",
    "kkt_points",
    "maximize",
    "symmetric_equilibrium",
]
