r"""Per-run layouts of a cluster: what one step of :func:`~gametheory.dynamics.simulate` reuses.

:func:`~gametheory.dynamics.simulate.simulate` builds both once per run, so that a step does no
index arithmetic, no sorting by segment and no allocation of link-sized arrays.

:class:`Links` — the directed links in **recipient-major** order: position :math:`p` of the
symmetric adjacency's CSR row :math:`j` is the link :math:`i \to j` with source
:math:`i` = ``indices[p]`` (ascending within the row). The knowledge a firm absorbs is then a
row sum — a sparse mat-vec with a vector of ones, summed in the same order (sources ascending)
as a ``bincount`` over the edge list, so the same floating-point result — and the knowledge a
firm transmits is a column sum (recipients ascending, again the edge list's order). The
consent weights :math:`w_p = \beta_j r / d_j\,[s_i][k_j]` change only where attitudes change and
are updated on the links of those firms alone.

:class:`Markets` — the segments as equal blocks padded with a firm that never produces (unit
cost :math:`\ge a`), so that all local Cournot markets are one call of
:func:`gametheory.models.market.cournot_unchecked` on a (segments, block) array; when the
segments are too uneven to pad (more than twice as many slots as firms) it calls
:func:`gametheory.models.market.cournot_segments` instead.

Both have one method per step that runs the numba kernels of :mod:`gametheory.dynamics._kernels`
when they are available (:meth:`Links.diffuse`, :meth:`Markets.solve`) and the numpy operations
otherwise: the same floats either way.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import scipy.sparse as sps

from gametheory.dynamics import _kernels
from gametheory.dynamics.cluster import Cluster
from gametheory.models.market import cournot_segments, cournot_unchecked

__all__ = ["Links", "Markets"]


class Links:
    r"""The directed links of a cluster in recipient-major order, with buffers for one step.

    Attributes
    ----------
    source, recipient : int arrays, one entry per directed link (recipient ascending)
    indptr, degree : links into firm :math:`j` are ``indptr[j]:indptr[j+1]``, :math:`d_j` of them
    weight : :math:`\beta_j r / d_j` of each link's recipient :math:`j` (``diffusion_rate`` r)
    cut : the cost cut each link carries in the step (filled by :meth:`flows`)
    kernels : the compiled kernels (:func:`gametheory.dynamics._kernels.load`) or ``None`` (numpy)
    indices : with the kernels, the sources as ``uint32`` (the adjacency's CSR indices)
    """

    def __init__(self, cluster: Cluster, rate: float, *, compiled: bool = True) -> None:
        A = cluster.adjacency
        n = cluster.n_firms
        self.n = n
        self._adjacency, self._beta, self._rate = A, cluster.absorptive_capacity, rate
        self.indptr = A.indptr.astype(np.intp)
        self.degree = np.diff(self.indptr)
        self._receiving, self._sending = np.empty(n), np.empty(n)
        # the compiled step: one weight per recipient (the same numbers as ``weight``), uint32 sources
        self.kernels = _kernels.load() if compiled and n < 2**31 else None
        if self.kernels is not None:
            self._row_weight = self._beta * rate / np.maximum(self.degree, 1)
            indices = A.indices
            self.indices = (indices.view(np.uint32) if indices.dtype == np.int32 and indices.flags.writeable
                             else indices.astype(np.uint32))
            self._indptr = self.indptr.astype(np.uint64)
            self._out = np.empty(n)

    def kernel_arrays(self) -> tuple:
        """The compiled whole-run loop's view of the links (``links`` of ``_numba_kernels.run``)."""
        return self._indptr, self.indices, self._row_weight, self._sending, self._out, self.indptr, self.degree

    # link-sized arrays of the numpy path (and of best-response updating), built on first use

    @cached_property
    def source(self) -> np.ndarray:
        return self._adjacency.indices.astype(np.intp)

    @cached_property
    def recipient(self) -> np.ndarray:
        return np.repeat(np.arange(self.n, dtype=np.intp), self.degree)

    @cached_property
    def weight(self) -> np.ndarray:
        # the per-link formula of the edge list (elementwise, so the same numbers)
        return self._beta[self.recipient] * self._rate / np.maximum(self.degree[self.recipient], 1)

    @cached_property
    def _matrix(self) -> sps.csr_array:
        # the flow matrix: its data array is the cut buffer, so a step writes cuts in place
        A = self._adjacency
        self._gap, self._sent = np.empty(A.indices.size), np.empty(A.indices.size)
        self._flowing = np.empty(A.indices.size, dtype=bool)
        self._ones = np.ones(self.n)
        return sps.csr_array((np.zeros(A.indices.size), A.indices, A.indptr), shape=(self.n, self.n))

    @property
    def cut(self) -> np.ndarray:
        """The cost cut of each link in the step (filled by :meth:`flows`)."""
        return self._matrix.data

    def diffuse(self, costs: np.ndarray, share: np.ndarray, seek: np.ndarray, outflow: bool) -> tuple:
        r"""One synchronous diffusion step: ``costs -= inflow`` in place; ``(events, outflow or None)``.

        :meth:`flows`, ``costs -= inflow()`` and :meth:`outflow` in one compiled pass over the
        links when numba is available (then :attr:`cut` is not filled), the numpy operations
        otherwise; the same floats either way. The outflow array is reused by the next call."""
        if self.kernels is not None:
            events = self.kernels.diffuse(self._indptr, self.indices, self._row_weight, costs, share, seek,
                                          self._sending, self._out, outflow)
            return int(events), (self._out if outflow else None)
        events = self.flows(costs, share, seek)
        costs -= self.inflow()
        return events, (self.outflow() if outflow else None)

    def flows(self, costs: np.ndarray, share: np.ndarray, seek: np.ndarray) -> int:
        r"""Fill :attr:`cut` with :math:`w_p\,(c_j - c_i)^+ [s_i][k_j]`; return how many links flow.

        A link flows when :math:`c_i < c_j`, the source shares and the recipient seeks (its cut
        may still be 0 when :math:`\beta_j = 0`). Consent enters through the costs: a source
        that does not share is seen at :math:`c_i = +\infty` and a recipient that does not seek
        at :math:`c_j = -\infty`, so :math:`c_j - c_i = -\infty` on exactly the links without
        consent (never :math:`\infty - \infty`) and the flowing links keep the plain
        :math:`(c_j - c_i)\,w_p` of the edge list, bit for bit. No per-link consent array is kept."""
        self._matrix                                        # the link-sized buffers
        receiving, sending, gap, flowing = self._receiving, self._sending, self._gap, self._flowing
        receiving.fill(-np.inf)
        np.copyto(receiving, costs, where=seek)
        sending.fill(np.inf)
        np.copyto(sending, costs, where=share)
        np.take(receiving, self.recipient, out=gap, mode="clip")
        np.subtract(gap, np.take(sending, self.source, out=self._sent, mode="clip"), out=gap)      # c_j - c_i
        np.greater(gap, 0.0, out=flowing)
        np.maximum(gap, 0.0, out=gap)
        np.multiply(gap, self.weight, out=self.cut)
        return int(np.count_nonzero(flowing))

    def inflow(self) -> np.ndarray:
        r""":math:`\sum_i \mathrm{cut}_{i\to j}` per recipient :math:`j`: the row sums of the flow matrix."""
        return self._matrix @ self._ones

    def outflow(self, values: np.ndarray | None = None) -> np.ndarray:
        r""":math:`\sum_j v_{i\to j}` per source :math:`i` (default :math:`v` = :attr:`cut`), recipients ascending."""
        return np.bincount(self.source, weights=self.cut if values is None else values, minlength=self.n)


class Markets:
    r"""The local Cournot markets of a run (:math:`P_s = a - bQ_s` in every segment).

    ``solve(costs)`` returns ``quantities`` and ``profits`` per firm and ``consumer_surplus`` per
    segment (:math:`\pi_i = b q_i^2`, :math:`CS_s = b Q_s^2/2`, as
    :func:`~gametheory.models.market.cournot_segments`); ``firms_active(out)`` the active firms per
    segment. Padding: segment :math:`s` is row :math:`s` of a (segments, largest segment) array,
    its empty slots at cost :math:`\max(a, \max_i c_i)`, which never produces, since costs never rise
    during a run and a firm with :math:`c \ge a` sells nothing (every active price is below :math:`a`).
    """

    def __init__(self, segments: np.ndarray, a: float, b: float, costs: np.ndarray, *, compiled: bool = True) -> None:
        self.segments, self.a, self.b = segments, float(a), float(b)
        n = segments.size
        self.n_segments = int(segments.max()) + 1
        counts = np.bincount(segments, minlength=self.n_segments)
        self.block = int(counts.max())
        self.padded = self.n_segments * self.block <= 2 * n
        if self.padded:
            order = np.argsort(segments, kind="stable")
            starts = np.cumsum(counts) - counts
            slot = np.empty(n, dtype=np.intp)
            slot[order] = np.arange(n) - starts[segments[order]]
            self.position = segments * self.block + slot
            self.in_order = bool(np.array_equal(self.position, np.arange(n)))
            self._costs = np.full(self.n_segments * self.block, max(self.a, float(costs.max())))
        self._kernels = _kernels.load() if compiled and self.padded else None
        if self._kernels is not None:
            self._segments = np.array(segments, dtype=np.int64)          # writable, contiguous
            self._position = np.array(self.position, dtype=np.int64)
            self._marginal, self._margin, self._total = (np.empty(self.n_segments) for _ in range(3))
            self._firms, self._active = np.empty(self.n_segments, dtype=np.int64), np.empty(self.n_segments, dtype=np.int64)
            self._sorted = np.empty(self.block)
            self._order = np.tile(np.arange(self.block, dtype=np.int64), self.n_segments)

    @property
    def compiled(self) -> bool:
        """Whether :meth:`solve` runs the compiled kernel (padded blocks and numba loaded)."""
        return self._kernels is not None

    def kernel_arrays(self, quantities: np.ndarray, profits: np.ndarray) -> tuple:
        """The compiled whole-run loop's view of the markets (``market`` of ``_numba_kernels.run``),
        writing into ``quantities`` and ``profits``."""
        return (self._costs, self._position, self._segments, quantities, profits, self._total, self._firms,
                self._active, self._marginal, self._margin, self._sorted, self._order)

    def solve(self, costs: np.ndarray) -> dict:
        """Quantities, profits and consumer surplus of every segment's market at these costs."""
        if not self.padded:
            return cournot_segments(costs, self.segments, self.a, self.b)
        if self._kernels is not None:
            quantities, profits = np.empty(costs.size), np.empty(costs.size)
            producing = self._kernels.markets(costs, self._costs, self._position, self.in_order, self.block, self.a,
                                              self.b, self._segments, quantities, profits, self._total, self._firms,
                                              self._active, self._marginal, self._margin, self._sorted,
                                              self._order)
            output = self._total
            return {"quantities": quantities, "profits": profits, "consumer_surplus": 0.5 * self.b * output * output,
                    "firms_active": self._active.copy(), "producing": int(producing)}
        padded = self._costs
        if self.in_order:
            padded[:costs.size] = costs
        else:
            padded[self.position] = costs
        q_blocks, _ = cournot_unchecked(self.a, self.b, padded.reshape(self.n_segments, self.block))
        q = q_blocks.ravel()[:costs.size] if self.in_order else q_blocks.ravel()[self.position]
        total = np.bincount(self.segments, weights=q, minlength=self.n_segments)
        return {"quantities": q, "profits": self.b * q * q, "consumer_surplus": 0.5 * self.b * total * total,
                "q_blocks": q_blocks}

    def firms_active(self, market: dict) -> np.ndarray:
        """Active firms :math:`m_s` per segment of a :meth:`solve` result."""
        if "firms_active" in market:
            return market["firms_active"]
        return np.count_nonzero(market["q_blocks"] > 0, axis=1)
