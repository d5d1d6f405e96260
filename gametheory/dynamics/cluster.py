r"""A cluster as a graph of firms: the state of the network simulation.

Each firm :math:`i` has a unit cost :math:`c_i > 0` (its technology level; lower is better),
two diffusion attitudes — *share* (willing to let knowledge flow to less advanced neighbours,
技术扩散偏好 toward laggards) and *seek* (willing to absorb from more advanced neighbours) —, an
absorptive capacity :math:`\beta_i \in [0, 1]` (seed 003), and possibly the role of a
*gatekeeper* that draws on knowledge outside the cluster (seed 003's technology gatekeepers,
seed 004's external network layer), and a *segment*: the product market it sells in. Each
segment is its own Cournot market with its own active set, so competition stays local and
strategic interaction survives at any cluster size; one segment is the static model.

The graph is built with networkx (or given as a scipy sparse matrix) and stored as a symmetric
edge list for the run, so every step costs :math:`O(E)` vectorised work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sps

from gametheory.core.params import DomainError, rejects_text

__all__ = ["Cluster"]


def _array(values: Any, n: int, name: str, *, dtype=float, default=None) -> np.ndarray:
    """One value per firm (a scalar is broadcast), strictly typed.

    Numbers (``dtype=float``): real and finite — text, booleans, complex numbers, ``None`` and
    integers too large for a float are refused, never parsed or coerced. Flags (``dtype=bool``):
    booleans, or numbers that are exactly 0 or 1 — not text (``"no"`` would be truthy) nor NaN.
    """
    if values is None:
        values = default
    if dtype is not bool and (isinstance(values, (bool, np.bool_)) or isinstance(values, (list, tuple))
                              and any(isinstance(v, (bool, np.bool_)) for v in values)):
        raise DomainError(f"{name} must be real numbers, got a boolean: {values!r:.60}")
    try:
        raw = np.asarray(values) if not isinstance(values, np.ndarray) else values
    except (ValueError, TypeError, OverflowError) as exc:     # ragged nesting, unconvertible entries
        raise DomainError(f"{name} must be a flat array of numbers, got {values!r:.60} ({exc})") from None
    kinds = "biuf" if dtype is bool else "iuf"
    if raw.dtype.kind not in kinds and raw.dtype != object:
        what = {"U": "text", "S": "bytes", "b": "booleans", "c": "complex numbers"}.get(raw.dtype.kind, str(raw.dtype))
        raise DomainError(f"{name} must be {'booleans' if dtype is bool else 'real numbers'}, got {what}: {values!r:.60}")
    if raw.dtype == object:
        bad = [v for v in raw.flat if isinstance(v, (str, bytes, complex, np.complexfloating)) or v is None
               or (dtype is not bool and isinstance(v, (bool, np.bool_)))
               or not isinstance(v, (bool, np.bool_, int, float, np.integer, np.floating))
               and not hasattr(v, "__float__")]
        if bad:
            raise DomainError(f"{name} must be {'booleans' if dtype is bool else 'real numbers'}, got "
                              f"{type(bad[0]).__name__} {bad[0]!r:.40}")
    try:
        arr = raw.astype(float)
    except (TypeError, ValueError, OverflowError) as exc:
        raise DomainError(f"{name} must be real numbers that fit a float: {exc}") from None
    if arr.ndim == 0:
        arr = np.full(n, arr, dtype=float)
    if arr.shape != (n,):
        raise DomainError(f"{name} must be a scalar or have one entry per firm ({n}), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise DomainError(f"{name} must be finite")
    if dtype is bool:
        if not np.all((arr == 0) | (arr == 1)):
            raise DomainError(f"{name} must be booleans (True/False or 0/1), got values outside {{0, 1}}")
        return arr.astype(bool)
    return arr


@rejects_text
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
    segments : array_like of int >= 0, optional
        Product segment (local market) of each firm; default: one market for all firms.

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
    segments: Any = None
    src: np.ndarray = field(init=False, repr=False)
    dst: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        A = self.adjacency
        if hasattr(A, "nodes") and hasattr(A, "edges"):           # a networkx graph
            import networkx as nx

            A = nx.to_scipy_sparse_array(A, nodelist=sorted(A.nodes()), format="csr")
        if not sps.issparse(A):
            try:
                raw = np.asarray(A) if not isinstance(A, np.ndarray) else A
            except (ValueError, TypeError, OverflowError) as exc:
                raise DomainError(f"adjacency must be a square matrix of numbers, got {A!r:.60} ({exc})") from None
            if raw.ndim != 2 or raw.dtype.kind not in "biuf":
                raise DomainError(f"adjacency must be a square matrix of numbers (or a networkx graph / scipy sparse "
                                  f"matrix), got {type(self.adjacency).__name__} of shape {raw.shape}, dtype {raw.dtype}")
            if raw.dtype.kind == "f" and not np.isfinite(raw).all():
                raise DomainError("adjacency must be finite")
            A = sps.csr_array(raw)
        try:
            A = sps.csr_array(A)
        except (TypeError, ValueError) as exc:
            raise DomainError(f"adjacency must be a square matrix: {exc}") from None
        if A.dtype.kind not in "biuf" or (A.dtype.kind == "f" and not np.isfinite(A.data).all()):
            raise DomainError(f"adjacency must hold finite real numbers, got dtype {A.dtype}")
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
        seg = np.zeros(n, dtype=np.int64) if self.segments is None else _array(self.segments, n, "segments")
        if np.any(seg < 0) or np.any(seg != np.round(seg)) or np.any(seg >= 2**32):
            raise DomainError("segments must be integers in [0, 2**32)")
        object.__setattr__(self, "segments", seg.astype(np.int64))
        coo = A.tocoo()
        object.__setattr__(self, "src", coo.row.astype(np.int64))
        object.__setattr__(self, "dst", coo.col.astype(np.int64))
        for arr in (self.costs, self.share, self.seek, self.absorptive_capacity, self.gatekeepers,
                    self.innovators, self.segments, self.src, self.dst):
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
    def n_segments(self) -> int:
        """Number of local markets (segment ids 0 … max)."""
        return int(self.segments.max()) + 1

    @property
    def degree(self) -> np.ndarray:
        return np.diff(self.adjacency.indptr)
