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

from gametheory.core.params import DomainError, rejects_text
from gametheory.core.results import Result
from gametheory.dynamics.cluster import Cluster
from gametheory.dynamics.simulate import Rules, Run, simulate

__all__ = ["AUTO_SERIAL_WORK", "Sweep", "sweep"]

#: ``executor="auto"`` runs a sweep serially below this many firm-or-link-steps in all (runs ×
#: steps × (firms + directed links)); at ~20–40 ns each that is about a second, less than a
#: process pool's start-up and pickling (a dask LocalCluster takes several seconds to start).
AUTO_SERIAL_WORK = 5e7


@rejects_text(choices=('executor',), init=False)
@dataclass(frozen=True, repr=False)
class Sweep(Result):
    """Runs of a sweep: ``runs[p][r]`` is parameter point ``p``, replication ``r``."""

    points: tuple
    runs: tuple
    executor: str

    def summary_table(self) -> dict[str, np.ndarray]:
        """Final gap, frontier, share preference, share producing and mean welfare as (points, replications) arrays."""
        def grab(f):
            return np.array([[f(r) for r in row] for row in self.runs])

        return {
            "final_gap": grab(lambda r: r.gap[-1]),
            "final_frontier": grab(lambda r: r.frontier[-1]),
            "final_share_preference": grab(lambda r: r.share_preference[-1]),
            "final_producing": grab(lambda r: r.producing[-1] if r.producing is not None else np.nan),
            "mean_welfare": grab(lambda r: float(np.mean(r.welfare))),
        }

    def _rows(self, exact: bool = False) -> dict[str, Any]:
        """For ``to_frame()``: one row per (parameter point, replication) — the point's values and
        the :meth:`summary_table` columns."""
        table = self.summary_table()
        cols: dict[str, Any] = {}
        for name in (dict(self.points[0]) if self.points else {}):
            cols[name] = [float(dict(pt)[name]) if isinstance(dict(pt)[name], (int, float, np.number)) else dict(pt)[name]
                          for pt in self.points for _ in self.runs[0]]
        cols["replication"] = [r for _ in self.points for r in range(len(self.runs[0]))]
        for name, values in table.items():
            cols[name] = values.ravel()
        return cols


def _one(args: tuple) -> Run:
    cluster, rules, steps, seed = args
    return simulate(cluster, rules, steps, seed=seed)


def _batch(args: tuple) -> list[Run]:
    """Several runs on one cluster in one task (the cluster is shipped once per batch)."""
    cluster, jobs, steps = args
    return [simulate(cluster, rules, steps, seed=seed) for rules, seed in jobs]


@rejects_text(choices=('executor',))
def sweep(cluster: Cluster, rules: Rules, grid: Mapping[str, Sequence[Any]], *, steps: int,
          replications: int = 1, seed: int = 0, executor: str | Executor | Any = "auto",
          max_workers: int | None = None, batch_size: int | None = None, progress: bool = False) -> Sweep:
    """Simulate every combination of ``grid`` values (fields of :class:`Rules`) × replications.

    Parameters
    ----------
    executor : "auto" | "local" | "serial" | "dask" | concurrent.futures.Executor | dask.distributed.Client
        Where runs execute. Results are identical whichever is used (seeds are fixed per run).
        ``"auto"`` (default) runs serially when the whole sweep is small — fewer than
        :data:`AUTO_SERIAL_WORK` firm-or-link-steps in all, about a second — so that starting
        worker processes does not dominate it, and through ``"local"`` otherwise.
        ``"dask"`` starts a :class:`dask.distributed.LocalCluster` on this machine; for a
        multi-machine cluster start a scheduler and workers (``dask scheduler``,
        ``dask worker tcp://host:8786`` on every machine, each with ``gametheory`` installed) and
        pass ``Client("tcp://host:8786")``.
    max_workers : int, optional
        Worker processes for ``"local"`` and ``"dask"`` (default: CPU count, 2 for dask).
    batch_size : int, optional
        Runs per task. Default: split the runs into about four tasks per worker, so that task
        and pickling overhead (the cluster is sent once per task) does not dominate many short
        runs; ``1`` sends every run separately.
    progress : bool
        Show a tqdm progress bar over runs (if tqdm is installed), updated as batches finish.

    Notes
    -----
    Start-up of a process pool costs ~0.1–0.5 s and of a dask ``LocalCluster`` several seconds;
    for a handful of short runs ``executor="serial"`` is fastest. Batching makes the per-run
    overhead negligible once runs number in the hundreds (e.g. a 10⁴-simulation sweep).
    """
    fields = {f.name for f in dataclasses.fields(Rules)}
    unknown = [k for k in grid if k not in fields]
    if unknown:
        raise DomainError(f"unknown rule parameters {unknown}; valid: {sorted(fields)}")
    if isinstance(replications, (bool, np.bool_)) or not isinstance(replications, (int, np.integer)) or replications < 1:
        raise DomainError("replications must be >= 1")
    if batch_size is not None and (isinstance(batch_size, (bool, np.bool_))
                                   or not isinstance(batch_size, (int, np.integer)) or batch_size < 1):
        raise DomainError(f"batch_size must be None or a positive integer, got {batch_size!r:.40}")
    names = sorted(grid)
    points = [dict(zip(names, values)) for values in itertools.product(*(grid[k] for k in names))]
    seeds = np.random.SeedSequence(seed).spawn(len(points) * replications)
    jobs = [(dataclasses.replace(rules, **p), seeds[i * replications + r])
            for i, p in enumerate(points) for r in range(replications)]
    label, results = _execute(cluster, jobs, steps, executor, max_workers, batch_size, progress)
    runs = tuple(tuple(results[i * replications:(i + 1) * replications]) for i in range(len(points)))
    return Sweep(points=tuple(tuple(sorted(p.items())) for p in points), runs=runs, executor=label)


def _bar(total: int, progress: bool):
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - optional
        return None
    return tqdm(total=total, desc="sweep", unit="run")


def _execute(cluster: Cluster, jobs: list, steps: int, executor: Any, max_workers: int | None,
             batch_size: int | None, progress: bool) -> tuple[str, list[Run]]:
    import os

    if isinstance(executor, str) and executor == "auto":
        work = len(jobs) * steps * (cluster.n_firms + 2 * cluster.n_links)
        executor = "serial" if work < AUTO_SERIAL_WORK or len(jobs) == 1 else "local"
    valid = (executor in ("serial", "local", "dask") if isinstance(executor, str)
             else isinstance(executor, Executor) or (hasattr(executor, "gather") and hasattr(executor, "submit")))
    if not valid:
        raise DomainError(f"executor must be 'auto', 'local', 'serial', 'dask', a concurrent.futures Executor or a dask "
                          f"Client; got {executor!r}")
    bar = _bar(len(jobs), progress)
    try:
        if executor == "serial":
            out = []
            for rules, s in jobs:
                out.append(simulate(cluster, rules, steps, seed=s))
                if bar is not None:
                    bar.update(1)
            return "serial", out
        workers = max_workers or (2 if executor == "dask" else os.cpu_count() or 1)
        size = batch_size or max(1, -(-len(jobs) // (4 * workers)))
        batches = [(cluster, jobs[k:k + size], steps) for k in range(0, len(jobs), size)]
        if executor == "local":
            with ProcessPoolExecutor(max_workers=max_workers) as pool:
                return "local processes", _futures(pool, batches, bar)
        if executor == "dask":
            try:
                from dask.distributed import Client, LocalCluster
            except ImportError as exc:  # pragma: no cover - depends on the extra
                raise ImportError('executor="dask" needs dask.distributed: pip install "cluster-gametheory[dynamics]"') from exc
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              dashboard_address=None) as lc, Client(lc) as client:
                return "dask LocalCluster", _dask(client, batches, bar)
        if isinstance(executor, Executor):
            return type(executor).__name__, _futures(executor, batches, bar)
        return "dask client", _dask(executor, batches, bar)
    finally:
        if bar is not None:
            bar.close()


def _futures(pool: Executor, batches: list, bar) -> list[Run]:
    from concurrent.futures import as_completed

    futures = [pool.submit(_batch, b) for b in batches]
    if bar is not None:
        for f in as_completed(futures):
            bar.update(len(f.result()))
    return [run for f in futures for run in f.result()]


def _dask(client: Any, batches: list, bar) -> list[Run]:
    futures = [client.submit(_batch, b, pure=False) for b in batches]
    if bar is not None:
        from dask.distributed import as_completed

        for f in as_completed(futures):
            bar.update(len(f.result()))
    return [run for chunk in client.gather(futures) for run in chunk]
