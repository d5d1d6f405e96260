r"""The diffusion family's market helpers: the interior Cournot closed form and numeric grids.

Every analysis of the family prices a cost vector in the Cournot market of
:mod:`gametheory.models.market` (inverse demand :math:`P = a - bQ`, constant unit costs). Two
shapes of that market recur across its modules and live here, below all of them:

* :func:`interior_cournot` — the closed form with every firm active,
  :math:`q_i = (a - (n+1)c_i + \sum_k c_k)/(b(n+1))`, built without simplification, so that
  symbolic costs (a diffusion matrix's entries, preference levels :math:`x_{ij}`) stay cheap.
  It searches no active set: its caller states where it holds (:math:`q_i > 0`), as
  :meth:`TechnologyDiffusion.market_at <gametheory.models.diffusion.model.TechnologyDiffusion.market_at>`
  and :mod:`~gametheory.models.diffusion.levels` do.
* :func:`cournot_grid` — many numeric markets at once with the correct active set (the planner's
  vertex enumeration and the figures), a thin call into the market block's
  :func:`~gametheory.models.market.cournot_unchecked`.

The module imports only the core and the market block, so :mod:`~gametheory.models.diffusion.model`,
:mod:`~gametheory.models.diffusion.planner` and :mod:`~gametheory.models.diffusion.levels` can all
use it without importing each other.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import sympy as sp

from gametheory.core.params import rejects_text
from gametheory.models.market import cournot_unchecked

__all__ = ["interior_cournot", "cournot_grid"]


@rejects_text
def interior_cournot(a: Any, b: Any, costs: Sequence[Any]) -> list[sp.Expr]:
    r"""Interior Cournot quantities (every firm active), unsimplified: fast on symbolic costs.

    Parameters
    ----------
    a, b : number or sympy.Expr
        Demand :math:`P = a - bQ`, :math:`b > 0`.
    costs : sequence of number or sympy.Expr
        Unit costs of the :math:`n` firms.

    Returns
    -------
    list of sympy.Expr
        :math:`q_i = (a - (n+1)c_i + \sum_k c_k)/(b(n+1))`, valid only where every :math:`q_i > 0`
        (the caller checks it; no active set is searched).

    Examples
    --------
    Triopoly :math:`a = 10, b = 1, c = (1, 2, 3)`: :math:`q_i = (10 - 4c_i + 6)/4`.

    >>> interior_cournot(10, 1, [1, 2, 3])
    [3, 2, 1]
    """
    n = len(costs)
    total = sp.Add(*costs)
    return [(a - (n + 1) * c + total) / (b * (n + 1)) for c in costs]


@rejects_text
def cournot_grid(a, b, costs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Vectorised Cournot equilibrium with the correct active set, for numeric grids.

    Parameters
    ----------
    a, b : float or array
        Demand :math:`P = a - bQ` (broadcast against ``costs[..., 0]``).
    costs : array of shape (..., n)
        Unit costs, any order.

    Returns
    -------
    quantities, price : arrays of shape (..., n) and (...)

    Notes
    -----
    The active set is the largest set of lowest-cost firms whose marginal member produces:
    with sorted costs :math:`c_{(1)} \le \dots`, :math:`P_m = (a + \sum_{k \le m} c_{(k)})/(m+1)`
    and :math:`m^* = \max\{m : c_{(m)} < P_m\}`; the price is :math:`P_{m^*}` and
    :math:`q_i = \max(P - c_i, 0)/b`; where nobody produces, :math:`P = a`. A thin call into the
    market block's :func:`~gametheory.models.market.cournot_unchecked` (the lean path of
    :func:`~gametheory.models.market.cournot_batch`), kept for its name.

    Examples
    --------
    >>> q, p = cournot_grid(10.0, 1.0, np.array([1.0, 7.0]))   # firm 2 exits: monopoly P = 11/2
    >>> q.tolist(), float(p)
    ([4.5, 0.0], 5.5)
    """
    return cournot_unchecked(a, b, costs)
