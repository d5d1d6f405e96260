r"""A welfare-maximising government choosing policy instruments over the firms' equilibrium.

The coordinator is the top stage (stage 0) of a bilevel / Stackelberg problem: the government
chooses instruments :math:`x = (x_1, \dots, x_m)` in a box (continuous) or from finite sets
(binary, discrete); the followers (firms, consumers) respond with their equilibrium
:math:`r(x)`; welfare is accounted for as in :mod:`gametheory.core.welfare`,

.. math::

    W(x) = CS(x, r(x)) + PS(x, r(x)) - R(x, r(x)) - (1 + \lambda)\, \sum_k G_k(x, r(x)),

where each instrument :math:`k` *declares* its net public outlay :math:`G_k` (spending positive,
fines and taxes negative) so that the shadow cost of public funds :math:`\lambda` is applied
exactly once, and the surpluses include the transfers received.

How the optimum is found
------------------------
*Symbolic path* (response, welfare parts and budgets given as sympy expressions). Max/Min/Abs
are rewritten as ``Piecewise``; every kink of the response (e.g. a firm switching from aversion
to preference at a subsidy threshold, a participation constraint, crowding out ending) splits the
instrument box into cells; on each cell and for each combination of the binary/discrete
instruments all KKT faces are enumerated — every instrument either at a cell end or free with
its first-order condition — so that **corners, kinks and interior stationary points are all
evaluated** and listed in ``candidates``. With numbers the best candidate is chosen exactly;
with symbols (e.g. :math:`\lambda` left as a symbol) the optimum is a ``Piecewise`` whose
conditions are the regions where each candidate is best (the concave one-instrument case gives
the familiar clipped closed form).

*Numeric path* (callables, or expressions sympy cannot solve): multi-start L-BFGS-B on every
cell of the box (split at declared kinks) plus all cell corners, for every discrete combination;
``method = "numeric"``.

Declaring instruments (recipes for the model families)
------------------------------------------------------
The rule is always the same: surpluses include what private agents receive or pay, and each
instrument's ``budget`` is the government's net outlay, so :math:`\lambda` is applied once.

* *Per-unit subsidy* :math:`s` on output/quality :math:`q`: PS includes :math:`s q`;
  ``budget = s * q``.
* *Buying diffusion* from a source (a payment :math:`T \ge` its profit loss): response
  ``Piecewise((1, T >= loss), (0, True))`` for the flow, PS includes :math:`T\cdot` flow,
  ``budget = T * flow`` — the threshold is a kink and is evaluated.
* *Mandate / standard* (binary or a bound on the followers' choice): ``kind="binary"`` or a
  continuous instrument entering the response; enforcement or inspection costs go to
  ``resource_costs``; ``budget`` is 0 unless the government pays.
* *Fine* :math:`f` with inspection probability :math:`p`: expected fines :math:`p f\cdot`
  violations are deducted from PS and the revenue is a negative outlay
  (``budget = -p * f * violations``); inspection cost :math:`\kappa(p)` is a resource cost
  (or part of ``budget`` when the government pays it).
* *Direct provision* :math:`g_0` of a public good: ``budget = g0`` (the outlay buys the good; do
  not count it again in ``resource_costs``); crowding out is a ``Max``/``Piecewise`` response.
* *Matching rate* :math:`m` on private contributions :math:`g`: ``budget = m * g``.
* *Lindahl shares / consortium*: participation constraints are ``Piecewise`` responses.
* *Tax* :math:`t`: revenue is ``budget = -t * base``.

:meth:`Coordinator.sweep` evaluates the coordinated welfare on an array of :math:`\lambda`
(vectorised through ``lambdify`` when the candidates are closed forms in :math:`\lambda`);
:meth:`Coordinator.verify_by_grid` is a brute-force check used in tests.

References
----------
.. [1] Laffont, J.-J. & Tirole, J. (1993). *A Theory of Incentives in Procurement and
   Regulation*. MIT Press (shadow cost of public funds).
.. [2] Dempe, S. (2002). *Foundations of Bilevel Programming*. Kluwer (optimistic bilevel
   problems with a unique follower response).
"""

from gametheory.core.coordinator._common import SymbolicFailure
from gametheory.core.coordinator.box import BoxPoint, condition_set, maximize_over_box, winner_regions
from gametheory.core.coordinator.instruments import (POLICY_FLAGS, Candidate, GridCheck, Instrument, PolicyOutcome,
                                                     PolicySweep)
from gametheory.core.coordinator.menu import MenuChoice, choose_instrument
from gametheory.core.coordinator.solver import Coordinator

__all__ = [
    "BoxPoint",
    "Candidate",
    "SymbolicFailure",
    "condition_set",
    "Coordinator",
    "GridCheck",
    "Instrument",
    "PolicyOutcome",
    "POLICY_FLAGS",
    "PolicySweep",
    "maximize_over_box",
    "MenuChoice",
    "choose_instrument",
    "winner_regions",
]

