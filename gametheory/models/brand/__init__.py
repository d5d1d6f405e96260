r"""Regional brand free riding (区域品牌与搭便车): DESIGN "Model 2".

* :class:`RegionalBrand` — the linear reduced form (shared reputation = share-weighted average
  quality, premium θ per unit of reputation, unit quality cost k q²/2 or per firm k_i q_i²/2,
  optional traceability):
  ``.equilibrium()``, ``.first_best()``, ``.coordinate(shadow_cost=λ)`` over a quality subsidy,
  a minimum quality standard, fines with inspection and traceability; the binary maintain /
  free-ride game (``.maintenance_game()``) and grim-trigger thresholds.
* :class:`BrandWithEntrants` — outsiders selling under the regional name below the standard, and
  a membership rule (collective trademark) as the coordinator's instrument.
* :class:`CournotBrand` — quality chosen before Cournot competition with
  P = a + θ·s̄ − bQ: Nash, second best and first best with their conditions.
* :class:`ReputationDynamics` — the brand's reputation as a stock built from noisily observed
  cluster quality (Tirole 1996; Winfree & McCluskey 2005): Markov perfect equilibrium, planner,
  steady state, half-life, collapse after free riding, monitoring (Kalman gain), simulation;
  :func:`green_porter_discount_factor` — trigger strategies under imperfect public monitoring.

See ``derivations/brand.md`` for the derivations.
"""

from gametheory.models.brand.entrants import BrandWithEntrants, EntrantPolicy
from gametheory.models.brand.linear import RegionalBrand
from gametheory.models.brand.repeated import MaintenanceGame
from gametheory.models.brand.results import (
    BrandOutcome,
    BrandPolicy,
    CournotBrandOutcome,
    InstrumentOutcome,
    RepeatedOutcome,
)
from gametheory.models.brand.reputation import (
    MonitoringThreshold,
    ReputationDynamics,
    ReputationOutcome,
    ReputationPath,
    green_porter_discount_factor,
    kalman_gain,
    normal_signal_probabilities,
)

__all__ = [
    "BrandOutcome",
    "BrandPolicy",
    "BrandWithEntrants",
    "CournotBrand",
    "CournotBrandOutcome",
    "EntrantPolicy",
    "InstrumentOutcome",
    "MaintenanceGame",
    "MonitoringThreshold",
    "RegionalBrand",
    "RepeatedOutcome",
    "ReputationDynamics",
    "ReputationOutcome",
    "ReputationPath",
    "green_porter_discount_factor",
    "kalman_gain",
    "normal_signal_probabilities",
]


def __getattr__(name):
    if name == "CournotBrand":
        from gametheory.models.brand.cournot import CournotBrand

        return CournotBrand
    raise AttributeError(name)
