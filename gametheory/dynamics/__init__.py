"""Network simulation of cluster upgrading: the innovation → diffusion → innovation cycle.

:class:`Cluster` (firms on a graph), :class:`Rules` (innovation, diffusion, gatekeepers, attitude
updating, policy), :func:`simulate` (one seeded run), :func:`sweep` (parameter grids and Monte
Carlo replications through a local process pool or a dask cluster), and :func:`random_cluster`
(a tiered cluster in local markets on a random sparse graph). Payoffs come from one Cournot
market per product segment, solved for all segments at once by
:func:`gametheory.models.market.cournot_segments`.
"""

from gametheory.dynamics.cluster import Cluster
from gametheory.dynamics.scenarios import (ABSORPTIVE_CAPACITY, SEED000_PATHS, SEED003_COOPERATING, attitudes_by_tier,
                                          random_cluster)
from gametheory.dynamics.simulate import Rules, Run, simulate
from gametheory.dynamics.sweep import Sweep, sweep

__all__ = ["ABSORPTIVE_CAPACITY", "SEED000_PATHS", "SEED003_COOPERATING", "Cluster", "attitudes_by_tier", "Rules", "Run", "Sweep", "random_cluster", "simulate", "sweep"]
