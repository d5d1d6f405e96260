"""Network simulation of cluster upgrading: the innovation → diffusion → innovation cycle.

:class:`Cluster` (firms on a graph), :class:`Rules` (innovation, diffusion, gatekeepers, attitude
updating, policy), :func:`simulate` (one seeded run), :func:`sweep` (parameter grids and Monte
Carlo replications through a local process pool or a dask cluster), and :func:`random_cluster`
(a tiered cluster on a random sparse graph).
"""

from gametheory.dynamics.cluster import Cluster
from gametheory.dynamics.scenarios import random_cluster
from gametheory.dynamics.simulate import Rules, Run, cournot_profits, simulate
from gametheory.dynamics.sweep import Sweep, sweep

__all__ = ["Cluster", "Rules", "Run", "Sweep", "cournot_profits", "random_cluster", "simulate", "sweep"]
