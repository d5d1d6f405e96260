r"""Joint R&D optima without the symmetry restriction (Salant & Shaffer 1998), numerically.

When :math:`b\gamma < 2(1-\beta)^2` the symmetric stationary point of the R&D cartel's problem
(and of the second-best planner's) is a saddle: the objective is convex in the direction that
makes R&D unequal, so the optimum lies on the boundary of the region where every firm produces —
some firm does (almost) no R&D, or is driven out of the market. This module maximises

.. math::

    J(x) = \sum_i b q_i(x)^2 - \frac{\gamma}{2}\sum_i x_i^2 \quad (\text{cartel}),\qquad
    W(x) = \frac{b}{2}Q(x)^2 + J(x) \quad (\text{second best})

over :math:`x \ge 0` with every unit cost :math:`c_i = A - x_i - \beta\sum_{j\ne i}x_j \ge 0`,
where :math:`q(x)` is the Cournot equilibrium **on its active set** (a firm whose cost is too
high produces nothing). The objective is piecewise quadratic, so a multi-start local search
(SLSQP from the symmetric point, from one-firm-does-all-R&D points and from seeded random points,
polished by Nelder–Mead) finds the optimum; the result says ``method="numeric"`` and carries the
best symmetric value for comparison.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import optimize

from gametheory.core.params import DomainError, rejects_text, to_float
from gametheory.core.results import Result
from gametheory.models.market import cournot_unchecked

__all__ = ["JointOptimum", "MarketNames", "joint_optimum", "cournot_float"]


class MarketNames:
    """Per-firm tuples under ``MarketOutcome``'s names (``quantities``, ``costs``, ``profits``); the
    old names of R&D's unrestricted optima stay readable, with a :class:`DeprecationWarning`
    (issue 12, one name per concept)."""

    @property
    def quantity(self) -> tuple:
        """Deprecated alias of :attr:`quantities`."""
        return _renamed_field(self, "quantity", "quantities")

    @property
    def unit_costs(self) -> tuple:
        """Deprecated alias of :attr:`costs`."""
        return _renamed_field(self, "unit_costs", "costs")

    @property
    def profit(self) -> tuple:
        """Deprecated alias of :attr:`profits`."""
        return _renamed_field(self, "profit", "profits")


@rejects_text(text=('message',), choices=('method', 'objective'), init=False)
@dataclass(frozen=True, repr=False)
class JointOptimum(MarketNames, Result):
    """Unrestricted optimum of a joint R&D problem (numeric).

    Attributes
    ----------
    regime : str
        ``"cartel_unrestricted"`` or ``"second_best_unrestricted"``.
    rd, quantities, costs, profits : tuple of float
        Per firm, sorted by R&D (largest first); ``costs`` are unit costs (``quantity``,
        ``unit_costs`` and ``profit`` are deprecated aliases).
    price, consumer_surplus, welfare, objective : float
        ``objective`` is joint profit (cartel) or welfare (second best).
    symmetric_objective : float
        The best value the problem attains with equal R&D (for comparison).
    asymmetric : bool
        Whether the optimum treats identical firms differently (R&D differing by more than
        ``1e-6`` relative).
    success : bool
    method : str
    """

    regime: str
    rd: tuple
    quantities: tuple
    price: float
    costs: tuple
    profits: tuple
    consumer_surplus: float
    welfare: float
    objective: float
    symmetric_objective: float
    asymmetric: bool
    success: bool = True
    method: str = "numeric (multi-start SLSQP + Nelder-Mead)"
    message: str = ""


def _renamed_field(obj: Any, old: str, new: str) -> Any:
    """``obj.<new>``, with a :class:`DeprecationWarning` that the field ``old`` is renamed ``new``."""
    warnings.warn(f"{type(obj).__name__}.{old} is renamed {new} (one name per concept across results)",
                  DeprecationWarning, stacklevel=3)
    return getattr(obj, new)


@rejects_text
def cournot_float(a: float, b: float, costs: np.ndarray) -> tuple[np.ndarray, float]:
    """Cournot quantities (active set) and price for float unit costs (DESIGN conventions): a thin
    call into the market block's lean path :func:`~gametheory.models.market.cournot_unchecked`
    (no validation: the optimiser may try costs below zero)."""
    return cournot_unchecked(a, b, costs)


@rejects_text(choices=('objective',))
def joint_optimum(model, objective: str = "profit", starts: int = 12, seed: int = 0) -> JointOptimum:
    """Maximise joint profit (``"profit"``) or welfare (``"welfare"``) over unequal R&D levels."""
    if objective not in ("profit", "welfare"):
        raise DomainError(f"objective must be 'profit' or 'welfare', got {objective!r}")
    n = model.n
    a, b, A, beta, g = (to_float(v) for v in (model.a, model.b, model.A, model.beta, model.gamma))
    spill = beta * (np.ones((n, n)) - np.eye(n)) + np.eye(n)      # c = A - spill @ x

    def outcome(x: np.ndarray):
        costs = A - spill @ x
        q, price = cournot_float(a, b, costs)
        profits = b * q**2 - g * x**2 / 2
        cs = b * q.sum() ** 2 / 2
        return q, price, costs, profits, cs

    def value(x: np.ndarray) -> float:
        q, price, costs, profits, cs = outcome(np.asarray(x, dtype=float))
        return float(profits.sum() + (cs if objective == "welfare" else 0.0))

    # feasible box: x_i <= A (own cost >= 0 needs at least that), plus c >= 0 as constraints
    upper = A if A > 0 else 1.0
    cons = [{"type": "ineq", "fun": lambda x: A - spill @ x, "jac": lambda x: -spill}]
    bounds = [(0.0, upper)] * n
    rng = np.random.default_rng(seed)
    sym_line = np.linspace(0, upper / (1 + (n - 1) * beta), 401)
    sym_vals = [value(np.full(n, t)) for t in sym_line]
    t_best = sym_line[int(np.argmax(sym_vals))]
    res_sym = optimize.minimize_scalar(lambda t: -value(np.full(n, t)),
                                       bounds=(max(0.0, t_best - sym_line[1]), min(sym_line[-1], t_best + sym_line[1])),
                                       method="bounded", options={"xatol": 1e-12})
    symmetric_value = max(-res_sym.fun, max(sym_vals))
    x_sym = np.full(n, res_sym.x)
    starts_list = [x_sym]
    for i in range(n):
        e = np.zeros(n)
        e[i] = upper / 2
        starts_list.append(e)
        starts_list.append(x_sym + 0.1 * upper * (np.eye(n)[i] - 1.0 / n))
    starts_list += [rng.uniform(0, upper / (1 + (n - 1) * beta), n) for _ in range(starts)]
    best_x, best_v, ok = x_sym, symmetric_value, True
    for x0 in starts_list:
        x0 = np.clip(x0, 0, upper)
        r = optimize.minimize(lambda x: -value(x), x0, method="SLSQP", bounds=bounds, constraints=cons,
                              options={"ftol": 1e-13, "maxiter": 500})
        cand = np.clip(r.x, 0, upper)
        if np.all(A - spill @ cand >= -1e-9) and -r.fun > best_v + 1e-12:
            best_x, best_v = cand, value(cand)
    # polish (penalised Nelder-Mead keeps feasibility)
    def penalised(x):
        x = np.asarray(x)
        viol = np.sum(np.maximum(0, -(A - spill @ x))) + np.sum(np.maximum(0, -x))
        return -value(np.maximum(x, 0)) + 1e6 * viol
    r = optimize.minimize(penalised, best_x, method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-14,
                                                                           "maxiter": 4000})
    if -r.fun > best_v and np.all(A - spill @ r.x >= -1e-12) and np.all(r.x >= -1e-12):
        best_x, best_v = np.maximum(r.x, 0), -r.fun
    order = np.argsort(-best_x, kind="stable")
    best_x = best_x[order]
    q, price, costs, profits, cs = outcome(best_x)
    spread = float(best_x.max() - best_x.min())
    asym = spread > 1e-6 * max(1.0, float(best_x.max()))
    return JointOptimum(
        regime="cartel_unrestricted" if objective == "profit" else "second_best_unrestricted",
        rd=tuple(float(v) for v in best_x), quantities=tuple(float(v) for v in q), price=float(price),
        costs=tuple(float(v) for v in costs), profits=tuple(float(v) for v in profits),
        consumer_surplus=float(cs), welfare=float(cs + profits.sum()), objective=float(best_v),
        symmetric_objective=float(symmetric_value), asymmetric=bool(asym), success=bool(ok),
    )
