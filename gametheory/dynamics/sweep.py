"""Parameter sweeps and Monte Carlo replications through an executor.

:func:`sweep` runs :func:`~gametheory.dynamics.simulate.simulate` for every combination of rule
parameters × replication. Every run gets its own seed, spawned deterministically from one
:class:`numpy.random.SeedSequence`, so the numbers do not depend on where a run executes: the
default local process pool, a ``concurrent.futures`` executor of your own, or a
``dask.distributed`` client (``executor="dask"`` starts a :class:`dask.distributed.LocalCluster`;
pass a ``Client`` connected to a real cluster when you outgrow one machine).

Examples
--------
>>> import networkx as nx
>>> from gametheory.dynamics import Cluster, Rules
>>> cluster = Cluster(nx.path_graph(4), costs=[1.0, 2.0, 2.0, 2.0])
>>> out = sweep(cluster, Rules(), {"diffusion_rate": [0.2, 0.8]}, steps=5, replications=2, executor="serial")
>>> out.summary_table()["final_gap"].shape            # (parameter points, replications)
(2, 2)
"""

from __future__ import annotations

import dataclasses
import itertools
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from gametheory.core._validate import DomainError
from gametheory.core.results import Result
from gametheory.dynamics.cluster import Cluster
from gametheory.dynamics.simulate import Rules, Run, simulate
from gametheory.core.params import rejects_text

__all__ = ["Sweep", "sweep"]


@rejects_text(choices=('executor',), init=False)
@dataclass(frozen=True, repr=False)
class Sweep(Result):
    """Runs of a sweep: ``runs[p][r]`` is parameter point ``p``, replication ``r``."""

    points: tuple
    runs: tuple
    executor: str

    def summary_table(self) -> dict[str, np.ndarray]:
        """Final gap, frontier, share preference and welfare as (points, replications) arrays."""
        def grab(f):
            return np.array([[f(r) for r in row] for row in self.runs])

        return {
            "final_gap": grab(lambda r: r.gap[-1]),
            "final_frontier": grab(lambda r: r.frontier[-1]),
            "final_share_preference": grab(lambda r: r.share_preference[-1]),
            "mean_welfare": grab(lambda r: float(np.mean(r.welfare))),
        }


def _one(args: tuple) -> Run:
    cluster, rules, steps, seed = args
    return simulate(cluster, rules, steps, seed=seed)


@rejects_text(choices=('executor',))
def sweep(cluster: Cluster, rules: Rules, grid: Mapping[str, Sequence[Any]], *, steps: int,
          replications: int = 1, seed: int = 0, executor: str | Executor | Any = "local",
          max_workers: int | None = None) -> Sweep:
    """Simulate every combination of ``grid`` values (fields of :class:`Rules`) × replications.

    Parameters
    ----------
    executor : "local" | "serial" | "dask" | concurrent.futures.Executor | dask.distributed.Client
        Where runs execute. Results are identical whichever is used (seeds are fixed per run).
    """
    fields = {f.name for f in dataclasses.fields(Rules)}
    unknown = [k for k in grid if k not in fields]
    if unknown:
        raise DomainError(f"unknown rule parameters {unknown}; valid: {sorted(fields)}")
    if replications < 1:
        raise DomainError("replications must be >= 1")
    names = sorted(grid)
    points = [dict(zip(names, values)) for values in itertools.product(*(grid[k] for k in names))]
    seeds = np.random.SeedSequence(seed).spawn(len(points) * replications)
    tasks = [(cluster, dataclasses.replace(rules, **p), steps, seeds[i * replications + r])
             for i, p in enumerate(points) for r in range(replications)]
    label, results = _execute(tasks, executor, max_workers)
    runs = tuple(tuple(results[i * replications:(i + 1) * replications]) for i in range(len(points)))
    return Sweep(points=tuple(tuple(sorted(p.items())) for p in points), runs=runs, executor=label)


def _execute(tasks: list, executor: Any, max_workers: int | None) -> tuple[str, list[Run]]:
    if executor == "serial":
        return "serial", [_one(t) for t in tasks]
    if executor == "local":
        with ProcessPoolExecutor(max_workers=max_workers) as pool:
            return "local processes", list(pool.map(_one, tasks))
    if executor == "dask":
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise ImportError('executor="dask" needs dask.distributed: pip install "gametheory[dynamics]"') from exc
        with LocalCluster(n_workers=max_workers or 2, threads_per_worker=1, processes=True) as lc, Client(lc) as client:
            return "dask LocalCluster", client.gather(client.map(_one, tasks, pure=False))
    if hasattr(executor, "gather") and hasattr(executor, "map"):       # a dask Client
        return "dask client", executor.gather(executor.map(_one, tasks, pure=False))
    if isinstance(executor, Executor):
        return type(executor).__name__, list(executor.map(_one, tasks))
    raise DomainError(f"executor must be 'local', 'serial', 'dask', a concurrent.futures Executor or a dask Client; got {executor!r}")
