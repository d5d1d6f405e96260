r"""R&D with spillovers (研发溢出): d'Aspremont–Jacquemin, Kamien–Muller–Zang, n firms.

The workhorse of the common-technology literature (DESIGN "Model 3"). :math:`n \ge 2` identical
firms first choose cost-reducing R&D (研发) :math:`x_i`, then compete à la Cournot in a
homogeneous good with inverse demand :math:`P = a - bQ`. R&D lowers one's own unit cost one for
one and spills over (溢出) to every rival at rate :math:`\beta \in [0, 1]`:

.. math::

    c_i = A - x_i - \beta \sum_{j \ne i} x_j, \qquad \text{R\&D cost } \gamma x_i^2/2 .

Regimes (:class:`SpilloverRD` methods), each returning a frozen
:class:`~gametheory.models.rd.results.RDOutcome` with ``rd``, ``quantity``, ``price``,
``profit``, ``consumer_surplus``, ``welfare`` and its validity ``checks``:

* ``noncooperative()`` — both stages noncooperative (dAJ 1988);
* ``cartel()`` — R&D cartel (研发卡特尔): R&D chosen to maximise joint profit, same
  :math:`\beta`, outputs competitive (``symmetric=False``: unequal R&D allowed, numerically);
* ``rjv_competition()`` / ``rjv_cartel()`` — research joint ventures (研究合资企业) in the regimes of
  Kamien, Muller & Zang (1992) but with the dAJ technology above (KMZ's own technology is a
  concave R&D production of cost reduction, not this one):
  full sharing :math:`\beta = 1` with R&D chosen noncooperatively / jointly;
* ``second_best()`` — a planner chooses R&D, firms compete in output (Suzumura 1992;
  ``symmetric=False`` as for the cartel);
* ``first_best()`` — a planner chooses R&D and output (symmetric; ``symmetric=False`` gives the
  unrestricted, asymmetric optimum);
* ``coordinate(shadow_cost=λ)`` — the government coordinator: a per-unit R&D subsidy and a cost
  share of the R&D cost (tax credit) declared to the core policy engine; closed forms in
  ``subsidy_policy()`` and ``cost_share_policy()``.

:class:`~gametheory.models.rd.absorptive.AbsorptiveRD` makes the spillover depend on own R&D
(absorptive capacity, Cohen & Levinthal 1989; Kamien & Zang 2000) and adds endogenous RJV
formation (which firms join, internal/external stability).

Known results reproduced exactly (tests): cooperative R&D exceeds noncooperative R&D iff
:math:`\beta > 1/2`, for every :math:`n` (the two coincide at :math:`\beta = 1/2`); the RJV
cartel has the highest R&D and profit of the private regimes (KMZ); the cartel's R&D is always
below the second best, and noncooperative R&D exceeds the second best when
:math:`\beta < (n-2)/((n-1)(n+4))` (so never in the duopoly; Suzumura 1992).

Validity (never assumed): second-order conditions; best-response stability of the
noncooperative equilibrium (Henriques 1990: with :math:`b\gamma = 1` in the duopoly it fails for
:math:`\beta < (3-\sqrt 7)/2 \approx 0.177`); the symmetric point of the joint problems is a
saddle when :math:`b\gamma < 2(1-\beta)^2` (Salant & Shaffer 1998); non-negative unit costs
:math:`A - (1+(n-1)\beta)x \ge 0`; positive outputs. Amir (2000) questions additive spillovers in
R&D *outputs* for :math:`\beta > 1/2`; the diagnostic ``output_spillovers_plausible`` flags it.

Examples
--------
All regimes side by side (the values of :class:`SpilloverRD`'s example, derived there by hand):

>>> from fractions import Fraction
>>> from gametheory.core.results import compare
>>> m = SpilloverRD(a=25, b=1, A=10, beta=Fraction(1, 2), gamma=3)
>>> print(compare(m.regimes(), fields=["rd", "welfare", "valid"]))
field    noncooperative  cartel  rjv_competition  rjv_cartel  second_best  first_best
rd       2               2       30/23            60/19       5            6
welfare  132             132     70200/529        62100/361   150          180
valid    True            True    True             True        True         True

References
----------
.. [1] d'Aspremont, C. & Jacquemin, A. (1988). Cooperative and noncooperative R&D in duopoly with
   spillovers. American Economic Review 78(5), 1133-1137; Erratum (1990) AER 80(3), 641-642.
.. [2] Henriques, I. (1990). Cooperative and noncooperative R&D in duopoly with spillovers:
   comment. American Economic Review 80(3), 638-640.
.. [3] Kamien, M. I., Muller, E. & Zang, I. (1992). Research joint ventures and R&D cartels.
   American Economic Review 82(5), 1293-1306.
.. [4] Suzumura, K. (1992). Cooperative and noncooperative R&D in an oligopoly with spillovers.
   American Economic Review 82(5), 1307-1320.
.. [5] Salant, S. W. & Shaffer, G. (1998). Optimal asymmetric strategies in research joint
   ventures. International Journal of Industrial Organization 16, 195-208.
.. [6] Amir, R. (2000). Modelling imperfectly appropriable R&D via spillovers. International
   Journal of Industrial Organization 18, 1013-1032.
"""

from gametheory.models.rd.absorptive import AbsorptiveRD, CoalitionRow, FormationOutcome
from gametheory.models.rd.asymmetric import JointOptimum
from gametheory.models.rd.model import SpilloverRD
from gametheory.models.rd.results import AsymmetricOptimum, RDOutcome, SubsidyOutcome

__all__ = ["SpilloverRD", "RDOutcome", "AsymmetricOptimum", "SubsidyOutcome", "JointOptimum", "AbsorptiveRD",
           "FormationOutcome", "CoalitionRow"]
