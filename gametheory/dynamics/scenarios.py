"""Ready-made clusters: tiers of leading, middle and lagging firms on a random sparse graph."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sps

from gametheory.core._validate import DomainError
from gametheory.dynamics.cluster import Cluster
from gametheory.core.params import rejects_text

__all__ = ["random_cluster"]


#: Most firms :func:`random_cluster` draws (each firm costs a few arrays' entries; 10⁸ is ~10 GB).
MAX_FIRMS = 10**8


@rejects_text
def random_cluster(n: int, mean_degree: float = 6.0, *, tiers: tuple[float, float, float] = (0.05, 0.25, 0.70),
                   costs: tuple[float, float, float] = (1.0, 1.5, 2.0), share: float | str = 1.0,
                   seek: float = 1.0, absorptive_capacity: tuple[float, float] = (0.3, 0.9),
                   gatekeepers: float = 0.0, seed: Any = None) -> Cluster:
    """A cluster of ``n`` firms in three tiers on an Erdős–Rényi-like sparse graph.

    Parameters
    ----------
    n : int >= 1
    mean_degree : float >= 0
        Expected links per firm (edges sampled directly in sparse form: O(E) memory and time).
    tiers : shares of leading, middle and lagging firms (sum to 1)
    costs : unit costs of the three tiers
    share, seek : probability that a firm starts with a preference attitude
    absorptive_capacity : (low, high): uniform draws
    gatekeepers : share of *middle* firms acting as gatekeepers (seed 003: leading local firms
        with high absorptive capacity link the cluster to outside knowledge)
    seed : reproducibility
    """
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 1:
        raise DomainError(f"n must be a positive integer, got {n!r:.40}")
    if n > MAX_FIRMS:
        raise DomainError(f"n = {n if n < 10**12 else f'a {len(str(n))}-digit number of'} firms: random_cluster draws at most {MAX_FIRMS:.0e} firms (arrays of that "
                          "length must fit in memory); simulate a smaller cluster or one segment at a time")
    def _real(x, name):
        if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, float, np.integer, np.floating)):
            raise DomainError(f"{name} must be a real number, got {type(x).__name__} {x!r:.40}")
        try:
            value = float(x)
        except OverflowError:
            raise DomainError(f"{name} is too large for a float: a {len(str(x))}-digit number") from None
        if not np.isfinite(value):
            raise DomainError(f"{name} must be finite, got {x!r}")
        return value

    mean_degree = _real(mean_degree, "mean_degree")
    if mean_degree < 0 or not np.isfinite(mean_degree):
        raise DomainError("mean_degree must be >= 0")
    if n * mean_degree / 2 > 5e7:
        raise DomainError(f"n = {n} firms with mean_degree {mean_degree:g} would draw {n * mean_degree / 2:.3g} links; "
                          "at most 5e7 are drawn (lower mean_degree or n)")
    for name, v in (("tiers", tiers), ("costs", costs)):
        if not isinstance(v, (tuple, list, np.ndarray)) or len(v) != 3:
            raise DomainError(f"{name} must have three entries (leading, middle, lagging), got {v!r:.60}")
    tiers = [_real(t, "tiers") for t in tiers]
    costs = [_real(c, "costs") for c in costs]
    if not all(np.isfinite(tiers)) or abs(sum(tiers) - 1) > 1e-9 or min(tiers) < 0:
        raise DomainError("tier shares must be >= 0 and sum to 1")
    for name, p in (("share", share), ("seek", seek), ("gatekeepers", gatekeepers)):
        if not 0 <= _real(p, name) <= 1:
            raise DomainError(f"{name} must be a probability in [0, 1]")
    if seed is not None and (isinstance(seed, (bool, np.bool_)) or not isinstance(
            seed, (int, np.integer, np.random.Generator, np.random.SeedSequence, np.random.BitGenerator))):
        raise DomainError(f"seed must be None, a non-negative integer or a numpy Generator/SeedSequence, got {seed!r:.40}")
    try:
        rng = np.random.default_rng(seed)
    except (TypeError, ValueError) as exc:
        raise DomainError(f"seed: {exc}") from None
    m = int(round(n * mean_degree / 2))
    if n > 1 and m:
        i = rng.integers(0, n, size=m)
        j = rng.integers(0, n - 1, size=m)
        j = j + (j >= i)                          # no self-loops
        A = sps.coo_array((np.ones(m, dtype=np.int8), (i, j)), shape=(n, n)).tocsr()
    else:
        A = sps.csr_array((n, n), dtype=np.int8)
    tier = rng.choice(3, size=n, p=list(tiers))
    tier[0] = 0                                   # at least one leader
    c = np.asarray(costs, dtype=float)[tier]
    if not isinstance(absorptive_capacity, (tuple, list, np.ndarray)) or len(absorptive_capacity) != 2:
        raise DomainError(f"absorptive_capacity must be a pair (low, high), got {absorptive_capacity!r:.60}")
    lo, hi = (_real(v, "absorptive_capacity") for v in absorptive_capacity)
    if not 0 <= lo <= hi <= 1:
        raise DomainError(f"absorptive_capacity must satisfy 0 <= low <= high <= 1, got ({lo}, {hi})")
    beta = rng.uniform(lo, hi, size=n)
    gate = (tier == 1) & (rng.random(n) < gatekeepers)
    return Cluster(A, costs=c, share=rng.random(n) < share, seek=rng.random(n) < seek,
                   absorptive_capacity=beta, gatekeepers=gate, innovators=tier == 0)
