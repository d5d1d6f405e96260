r"""A cluster as a graph of firms: the state of the network simulation.

Each firm :math:`i` has a unit cost :math:`c_i > 0` (its technology level; lower is better),
two diffusion attitudes — *share* (willing to let knowledge flow to less advanced neighbours,
技术扩散偏好 toward laggards) and *seek* (willing to absorb from more advanced neighbours) —, an
absorptive capacity :math:`\beta_i \in [0, 1]` (seed 003), and possibly the role of a
*gatekeeper* that draws on knowledge outside the cluster (seed 003's technology gatekeepers,
seed 004's external network layer).

The graph is built with networkx (or given as a scipy sparse matrix) and stored as a symmetric
edge list for the run, so every step costs :math:`O(E)` vectorised work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sps

from gametheory.core._validate import DomainError

__all__ = ["Cluster"]


def _array(values: Any, n: int, name: str, *, dtype=float, default=None) -> np.ndarray:
    if values is None:
        values = default
    arr = np.asarray(values, dtype=dtype)
    if arr.ndim == 0:
        arr = np.full(n, arr, dtype=dtype)
    if arr.shape != (n,):
        raise DomainError(f"{name} must be a scalar or have one entry per firm ({n}), got shape {arr.shape}")
    if dtype is float and not np.all(np.isfinite(arr)):
        raise DomainError(f"{name} must be finite")
    return arr


@dataclass(frozen=True)
class Cluster:
    r"""Firms on an undirected graph with costs, attitudes, absorptive capacity and gatekeepers.

    Parameters
    ----------
    adjacency : scipy.sparse matrix or networkx.Graph
        Undirected links between firms (symmetrised; weights ignored). No self-loops.
    costs : array_like
        Unit costs :math:`c_i > 0`.
    share, seek : array_like of bool, default True
        Diffusion attitudes (preference = True, aversion = False).
    absorptive_capacity : array_like in [0, 1], default 1
    gatekeepers : array_like of bool, default False
        Firms linked to knowledge outside the cluster.
    innovators : array_like of bool, optional
        Firms that innovate (seed 002's first movers); default: the firms at the lowest cost.

    Examples
    --------
    >>> import networkx as nx
    >>> c = Cluster.from_networkx(nx.path_graph(3), costs=[1.0, 2.0, 2.0])
    >>> c.n_firms, c.n_links, c.innovators.tolist()
    (3, 2, [True, False, False])
    """

    adjacency: Any
    costs: np.ndarray
    share: Any = True
    seek: Any = True
    absorptive_capacity: Any = 1.0
    gatekeepers: Any = False
    innovators: Any = None
    src: np.ndarray = field(init=False, repr=False)
    dst: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        A = self.adjacency
        if hasattr(A, "nodes") and hasattr(A, "edges"):           # a networkx graph
            import networkx as nx

            A = nx.to_scipy_sparse_array(A, nodelist=sorted(A.nodes()), format="csr")
        if not sps.issparse(A):
            A = sps.csr_array(np.asarray(A))
        A = sps.csr_array(A)
        n = A.shape[0]
        if A.shape != (n, n):
            raise DomainError(f"adjacency must be square, got shape {A.shape}")
        if n == 0:
            raise DomainError("a cluster needs at least one firm")
        if A.diagonal().any():
            raise DomainError("the graph has self-loops: a firm cannot diffuse knowledge to itself")
        A = ((A + A.T) != 0).astype(np.int8).tocsr()
        A.sort_indices()
        object.__setattr__(self, "adjacency", A)
        costs = _array(self.costs, n, "costs")
        if np.any(costs <= 0):
            raise DomainError("costs must be > 0")
        object.__setattr__(self, "costs", costs)
        object.__setattr__(self, "share", _array(self.share, n, "share", dtype=bool))
        object.__setattr__(self, "seek", _array(self.seek, n, "seek", dtype=bool))
        beta = _array(self.absorptive_capacity, n, "absorptive_capacity")
        if np.any((beta < 0) | (beta > 1)):
            raise DomainError("absorptive_capacity must lie in [0, 1]")
        object.__setattr__(self, "absorptive_capacity", beta)
        object.__setattr__(self, "gatekeepers", _array(self.gatekeepers, n, "gatekeepers", dtype=bool))
        innov = costs <= costs.min() * (1 + 1e-12) if self.innovators is None else self.innovators
        object.__setattr__(self, "innovators", _array(innov, n, "innovators", dtype=bool))
        coo = A.tocoo()
        object.__setattr__(self, "src", coo.row.astype(np.int64))
        object.__setattr__(self, "dst", coo.col.astype(np.int64))
        for arr in (self.costs, self.share, self.seek, self.absorptive_capacity, self.gatekeepers,
                    self.innovators, self.src, self.dst):
            arr.flags.writeable = False

    @classmethod
    def from_networkx(cls, graph: Any, **kwargs: Any) -> "Cluster":
        """Build from a networkx graph (nodes in sorted order)."""
        return cls(graph, **kwargs)

    @property
    def n_firms(self) -> int:
        return int(self.adjacency.shape[0])

    @property
    def n_links(self) -> int:
        """Undirected links."""
        return int(self.src.size // 2)

    @property
    def degree(self) -> np.ndarray:
        return np.diff(self.adjacency.indptr)
