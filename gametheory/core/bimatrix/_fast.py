r"""The lean floating-point path for nondegenerate bimatrix games (the common case, made cheap).

The general pipeline of :mod:`gametheory.core.bimatrix` (qhull seeding, adjacency walk, degenerate
vertices, exact refinement, budget checks at every step) pays a fixed cost of about half a
millisecond per game in Python bookkeeping, which dominates small games. For a *nondegenerate*
float game the same answer needs far less:

1. **Vertices.** The best-response polytope :math:`P = \{z \ge 0 : M^\top z \le 1\}` in
   :math:`\mathbb{R}^d` has :math:`R = d + k` constraint rows. For small :math:`\binom{R}{d}` every
   basis (set of d rows) is solved at once by one batched LU solve and the feasible solutions are
   kept: this is the whole vertex set (a simple vertex is the solution of its d tight rows) with no
   hull at all. Larger polytopes take qhull's vertices (the facets of the polar dual, by
   :func:`._hull.hull_facets`, as in the general path).
2. **Nondegeneracy test.** Every vertex must have exactly d tight rows (slack within ``tol``),
   and every basis must be nonsingular; otherwise the function returns ``None`` and the caller
   runs the general path (which handles degenerate vertices, components and certificates for
   that case). Two equal payoff columns need no test of their own: if either is ever tight, both
   are, and that vertex has d + 1 tight rows. Before any hull is built, a game in which a pure
   strategy has two pure best responses (an exact tie at a column maximum of A or a row maximum
   of B) is declined at once: it is degenerate by definition, and qhull is slow on it.
3. **Certificate.** The polytope's graph is connected (Balinski 1961) and at a simple vertex the
   edges are "drop one tight row", so the vertex list is complete when every edge of every
   listed vertex leads to a listed vertex.

   * Every basis solved: the key :math:`T(v) \setminus \{t\}` of each vertex v and tight row t
     (the origin's included) must occur at exactly two vertices (bit keys in one ``uint64``,
     sorted). A guard against tolerance trouble, since no basis was skipped.
   * qhull's vertices: the tight rows of each vertex must be exactly qhull's facet (its d dual
     points), and across the ridge opposite each facet point qhull's neighbour must hold the
     edge's d - 1 rows; with distinct keys and one origin, that neighbour is the edge's other
     endpoint. No sort is needed.

   A failed certificate sends the game to the general path, which pivots to the missing vertex.
4. **Matching.** A vertex of P with labels L needs the vertex of Q with labels equal to the
   complement of L (a hash join on bit keys); in a nondegenerate game the extreme equilibria are
   isolated, so each is its own component and maximal Nash subset. Their number must be odd
   (Shapley 1974's index theorem); an even count is tolerance trouble and goes to the general
   path.

5. **Batching.** Small inputs cost numpy's per-call overhead (a few microseconds a call), not
   arithmetic. A square game up to :data:`STACK_LIMIT` therefore runs P and Q as one batch: one
   LU solve of both polytopes' bases (each matrix is still solved on its own, so the bits are
   the same), one slack and one certificate sort (Q's edge keys marked with :data:`TAG`), or
   qhull's two vertex lists checked stacked; then both players' strategies are normalised and
   ordered in one batch. Up to :data:`DICT_JOIN` vertices the label join is a Python dict.

Every answer has the same fields, order and certificates as the general path's (tested against
it on random games of every size, bit for bit), and its regrets are computed on the original
payoffs with the general path's arithmetic (:func:`pair_payoffs`, :func:`strategy_order`).

With the ``fast`` extra (numba) loaded, steps 1-4 are replaced by a compiled pivoting walk over
each polytope's graph (:mod:`._pivot`), which returns each equilibrium's tight rows; step 5's
strategies are then solved from them by :func:`strategies_from_rows`, so the answer is the same.
Whenever the walk declines, the steps above run.

References
----------
.. [1] Balinski, M. L. (1961). On the graph structure of convex polyhedra in n-space. Pacific
   Journal of Mathematics 11(2), 431-434.
.. [2] Avis, D., Rosenberg, G. D., Savani, R. & von Stengel, B. (2010). Enumeration of Nash
   equilibria for two-player games. Economic Theory 42, 9-37.
.. [3] Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. Mathematical Programming
   Study 1, 175-189.
"""

from __future__ import annotations

import math
import time
from functools import lru_cache
from itertools import combinations

import numpy as np

from . import _pivot
from ._blas import serial_matmul
from ._hull import hull_facets
from ._store import row_bits

__all__ = ["fast_float_equilibria", "pair_payoffs", "BASIS_LIMIT"]

BASIS_LIMIT = 100
"""Largest number of bases :math:`\\binom{R}{d}` solved exhaustively; above it qhull gives the vertices."""

DICT_JOIN = 64
"""Up to this many vertices in both polytopes together, the label join is a Python dict (no numpy
call overhead); above it, :func:`numpy.intersect1d`."""

_MAX_SAFE = 2.0 ** 1000

STACK_LIMIT = 9
"""Largest square game whose two polytopes are processed as one batch. Above it qhull's vertex
lists are large (about a thousand per polytope at 10 x 10): the numpy calls' overhead no longer
counts, and stacking them (copies, twice the memory in flight) made 10 x 10 and 12 x 12 slower."""


TAG = 1 << 63
"""Bit that marks the second polytope's keys in a stacked exhaustive batch (its R is at most 8 there)."""


@lru_cache(maxsize=64)
def _bases(R: int, d: int, p: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """All d-subsets of range(R) but the origin's, their bit keys, the right-hand sides h[rows] and the origin's edge keys.

    Rows 0..d-1 are the zero rows (:math:`-z_i \\le 0`, right-hand side 0), rows d.. the
    payoff rows (right-hand side 1). The first subset, (0, ..., d-1), is the origin. For a batch
    of ``p`` polytopes (p = 2 only when R < 64) the keys and the origin's edge keys are repeated
    once per polytope, the second copy marked with the bit :data:`TAG`, so that one sort keeps
    the polytopes' edge keys apart.
    """
    rows = np.array(list(combinations(range(R), d)), dtype=np.intp).reshape(-1, d)[1:]
    keys = np.bitwise_or.reduce(np.left_shift(np.uint64(1), rows.astype(np.uint64)), axis=1)
    rhs = (rows >= d).astype(float)[:, :, None]
    origin_edges = np.uint64((1 << d) - 1) & _cleared(d)
    if p == 2:
        keys = np.concatenate([keys, keys | np.uint64(TAG)])
        origin_edges = np.concatenate([origin_edges, origin_edges | np.uint64(TAG)])
    for a in (rows, keys, rhs, origin_edges):
        a.flags.writeable = False
    return rows, keys, rhs, origin_edges


@lru_cache(maxsize=128)
def _cleared(R: int) -> np.ndarray:
    """``~2**r`` for r < R: a key with row r's bit cleared is ``key & _cleared(R)[r]``."""
    return ~row_bits(R)


@lru_cache(maxsize=64)
def _constraints(p: int, d: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``-I`` stacked p times (the zero rows of the constraint matrices) and the right-hand side h as a column (0 on zero rows, 1 on payoff rows)."""
    neg_eye = np.broadcast_to(-np.eye(d), (p, d, d))
    h = np.ones((d + k, 1))
    h[:d] = 0.0
    h.flags.writeable = False
    return neg_eye, h


def _exhaustive(d: int, k: int) -> bool:
    """Whether the polytope with d coordinates and k payoff rows is solved basis by basis (else qhull)."""
    return d == 1 or math.comb(d + k, d) <= BASIS_LIMIT


class _Vertices:
    """The vertices of a batch of polytopes (one, or P and Q of a square game) with the same d and k.

    Attributes
    ----------
    Z : ndarray, shape (V, d)
        Vertex coordinates, the batch's polytopes one after another (qhull's points include each
        polytope's origin; solved bases never do).
    tight : ndarray of bool, shape (V, R)
        The tight rows of each vertex (rows 0..d-1 the zero rows, d + c the column rows).
    keys : list of ndarray of uint64
        Per polytope, the bit key of each of its vertices' tight rows.
    starts : list of int
        Per polytope, the position of its first vertex in ``Z``.
    simplices : ndarray or None
        qhull's facets (the tight rows, unsorted) of the vertices; None when every basis was solved.
    G : ndarray, shape (p, R, d)
        The constraint matrices.
    """

    __slots__ = ("Z", "tight", "keys", "starts", "simplices", "G")

    def __init__(self, Z, tight, keys, starts, simplices, G):
        self.Z, self.tight, self.keys, self.starts, self.simplices, self.G = Z, tight, keys, starts, simplices, G


def _vertices(Ms: list[np.ndarray], tol: float) -> _Vertices | None:
    """Vertices of the polytopes {z >= 0 : M^T z <= 1} for each M (d, k) in Ms (all of one shape, entries in [1, 2]).

    None sends the game to the general path: a degenerate vertex, a singular basis, qhull trouble
    or a failed certificate (in any polytope of the batch).
    """
    d, k = Ms[0].shape
    p = len(Ms)
    neg_eye, h = _constraints(p, d, k)
    G = np.concatenate((neg_eye, np.array([M.T for M in Ms])), axis=1)    # (p, R, d)
    if _exhaustive(d, k):
        return _by_bases(Ms, G, tol)
    return _by_qhull(Ms, G, h, tol)


def _by_bases(Ms: list[np.ndarray], G: np.ndarray, tol: float) -> _Vertices | None:
    """Every basis of every polytope solved at once (one batched LU solve); the feasible, simple solutions are the vertices."""
    p, R, d = G.shape
    rows, keys, rhs, origin_edges = _bases(R, d, p)
    N = len(rows)
    try:
        Z = np.linalg.solve(G[:, rows], rhs)[..., 0]    # (p, N, d): each matrix solved on its own
    except np.linalg.LinAlgError:  # a singular basis: structured payoffs
        return None
    M = Ms[0][None] if p == 1 else np.array(Ms)
    # slack h - G z of every row: z itself on the zero rows, 1 - M^T z on the rest; at most
    # 100 bases of a small polytope, far below BLAS's threading threshold (no serial_matmul)
    slack = np.concatenate((Z, 1.0 - Z @ M), axis=2).reshape(p * N, R)
    feasible = np.logical_and.reduce(slack >= -tol, axis=1)   # NaN fails, as with min; faster on short rows
    keep = np.flatnonzero(feasible)
    slack, keys = slack[keep], keys[keep]
    tight = np.abs(slack) <= tol
    if (tight.sum(axis=1) != d).any():  # a degenerate vertex
        return None
    # certificate (a guard against tolerance trouble, since every basis was solved): every edge
    # key T(v) - {t}, the origin's included, occurs at exactly two vertices of its polytope
    ekeys = np.concatenate([(keys[:, None] & _cleared(R))[tight], origin_edges])
    ekeys.sort()
    if ekeys.size % 2 or (ekeys[0::2] != ekeys[1::2]).any():
        return None
    if p == 1:
        return _Vertices(Z.reshape(N, d)[keep], tight, [keys], [0], None, G)
    split = int(np.count_nonzero(feasible[:N]))   # P's vertices come first
    return _Vertices(Z.reshape(p * N, d)[keep], tight, [keys[:split], keys[split:] ^ np.uint64(TAG)],
                     [0, split], None, G)


def _by_qhull(Ms: list[np.ndarray], G: np.ndarray, h: np.ndarray, tol: float) -> _Vertices | None:
    """qhull's vertices (the facets of the polar dual), checked against the constraints and certified by qhull's own neighbours.

    One hull per polytope; the checks then run once on the polytopes' vertices stacked.
    """
    p, R, d = G.shape
    centres = [0.5 / M.sum(axis=0).max() for M in Ms]   # interior points (c, ..., c)
    # the polar duals g_r / (h_r - g_r . c) of all polytopes at once (G @ C: one matrix-vector
    # product per polytope, as with a vector c)
    duals = G / (h - G @ np.repeat(centres, d).reshape(p, d, 1))
    hulls = []
    for dual in duals:
        try:
            hulls.append(hull_facets(dual))   # (equations, simplices, neighbors)
        except Exception:  # qhull trouble: the general path pivots
            return None
    counts = [len(hull[0]) for hull in hulls]
    starts = [0, counts[0]][:p]
    if p == 1:
        eq, simplices, neighbors = hulls[0]
        centre = centres[0]
    else:
        eq = np.concatenate([hull[0] for hull in hulls])
        simplices = np.concatenate([hull[1] for hull in hulls])
        neighbors = np.concatenate([hulls[0][2], hulls[1][2] + counts[0]])
        centre = np.repeat(centres, counts)[:, None]
    offsets = eq[:, -1:]
    if not offsets.max() < 0.0:  # a bounded polytope's vertices have offsets < 0 (no division by 0)
        return None
    pts = centre - eq[:, :-1] / offsets
    slack = np.empty((len(pts), R))
    slack[:, :d] = pts
    for M, s, V in zip(Ms, starts, counts):
        np.subtract(1.0, serial_matmul(pts[s:s + V], M), out=slack[s:s + V, d:])
    if not slack.min() >= -tol:  # infeasible, or not finite (NaN fails the comparison)
        return None
    tight = np.abs(slack) <= tol
    # simple, and the tight rows (by tol) are exactly qhull's facet (the facet's d rows tight,
    # and d * V tight entries in all: then no vertex has another): then qhull's neighbour list is
    # the polytope's graph, and the certificate needs no sort: across the ridge opposite simplex
    # point i, the neighbour must hold the edge's d - 1 rows (Balinski: the graph is connected,
    # so a list closed under its edges is complete)
    if np.count_nonzero(tight) != d * len(pts) or not tight[np.arange(len(pts))[:, None], simplices].all():
        return None
    keys = row_bits(R)[simplices].sum(axis=1)   # distinct bits: the sum is the bitwise or
    edges = keys[:, None] & _cleared(R)[simplices]
    if ((keys[neighbors] & edges) != edges).any():
        return None
    parts = [keys[s:s + V] for s, V in zip(starts, counts)]
    for part in parts:   # one origin (the least key with d bits), distinct vertices
        if len(part) <= DICT_JOIN:   # few keys: a Python set is cheaper than numpy calls
            distinct = set(part.tolist())
            if len(distinct) != len(part) or (1 << d) - 1 not in distinct:
                return None
        else:
            skeys = np.sort(part)
            if int(skeys[0]) != (1 << d) - 1 or (skeys[1:] == skeys[:-1]).any():
                return None
    return _Vertices(pts, tight, parts, starts, simplices, G)


def _polytope(M: np.ndarray, tol: float):
    """Vertices (without the origin) of {z >= 0 : M^T z <= 1}, M (d, k) in [1, 2]; None if degenerate.

    Returns ``(points, tight, keys, G, exhaustive)``: the vertex coordinates, their tight rows,
    the bit key of each vertex's tight rows, the constraint matrix and whether every basis was
    solved (else qhull's points).
    A view of :func:`_vertices` for one polytope (tests and diagnostics).
    """
    found = _vertices([M], tol)
    if found is None:
        return None
    keys = found.keys[0]
    real = keys != (1 << M.shape[0]) - 1
    return found.Z[real], found.tight[real], keys[real], found.G[0], found.simplices is None


def _strategies(found: _Vertices, chosen: list[int], polytope: list[int]) -> np.ndarray | None:
    """Normalised strategies of the chosen vertices (positions in ``found.Z``; ``polytope[i]`` is chosen[i]'s polytope).

    qhull's points are re-solved from their tight rows (ascending, as every basis is solved).
    """
    if found.simplices is not None and chosen:    # qhull's facets are the tight rows (checked)
        rows = np.sort(found.simplices[chosen], axis=1)
        return strategies_from_rows(found.G, rows, np.array(polytope, dtype=np.intp))
    d = found.Z.shape[1]
    Z = np.maximum(found.Z[chosen], 0.0)
    Z[found.tight[chosen, :d]] = 0.0  # tight zero rows are exact zeros
    return Z / Z.sum(axis=1, keepdims=True)


def pair_payoffs(A: np.ndarray, B: np.ndarray, X: np.ndarray, Y: np.ndarray):
    r"""Payoffs and deviation gains of the profiles ``(X[e], Y[e])``, all at once.

    Returns float arrays ``u1, u2, g1, g2``: :math:`u_1 = x^\top A y`, :math:`u_2 = x^\top B y`,
    :math:`g_1 = \max_i (Ay)_i - u_1` and :math:`g_2 = \max_j (x^\top B)_j - u_2`. Both the lean
    path and the general path's float mode call it, so their numbers are identical.
    """
    AY = serial_matmul(Y, A.T)   # row e: A y_e
    XB = serial_matmul(X, B)     # row e: x_e B
    u1 = np.einsum("ei,ei->e", X, AY)
    u2 = np.einsum("ej,ej->e", XB, Y)
    return u1, u2, AY.max(axis=1) - u1, XB.max(axis=1) - u2


def _join(kP: np.ndarray, kQ: np.ndarray, m: int, n: int, few: bool) -> tuple[list[int], list[int]]:
    """Completely labelled pairs: positions ``(a, b)`` where P's vertex a misses exactly Q's vertex b's labels.

    Labels: P's row i is label i and its column row c is label m + c; Q's row j is label m + j and
    its column row i is label i. So P's key is in label order and Q's key is rotated by n bits.
    Each polytope's keys are distinct; the origins' pair (in qhull's lists) is skipped. With
    ``few`` vertices (at most DICT_JOIN) the join is a Python dict (no numpy call overhead) and
    the pairs come in P's order; else :func:`numpy.intersect1d`, in descending order of P's key.
    """
    full, low, origin = (1 << (m + n)) - 1, (1 << n) - 1, (1 << m) - 1
    if few:
        where = {((key & low) << m) | (key >> n): b for b, key in enumerate(kQ.tolist())}
        found = [(a, where[key ^ full]) for a, key in enumerate(kP.tolist()) if key ^ full in where and key != origin]
        return [a for a, _ in found], [b for _, b in found]
    labQ = ((kQ & np.uint64(low)) << np.uint64(m)) | (kQ >> np.uint64(n))
    _, pa, qb = np.intersect1d(kP ^ np.uint64(full), labQ, assume_unique=True, return_indices=True)
    real = kP[pa] != origin
    return pa[real].tolist(), qb[real].tolist()


def strategy_order(X: np.ndarray) -> np.ndarray:
    """Row order by descending coordinates rounded to 12 decimals, lexicographically (ties keep their order).

    The order in which both the lean path and the general path's float mode list strategies.
    """
    if len(X) < 2:
        return np.arange(len(X))
    return np.lexsort(-np.round(X, 12).T[::-1])


def _pure_ties(A: np.ndarray, B: np.ndarray) -> bool:
    """True when a pure strategy has two pure best responses (a tie at a column's maximum of A or a row's of B).

    Such a game is degenerate (support size 1, more than one best response), so the lean path
    would fail on it after paying for qhull, which is slow on the coplanar points of such games.
    """
    m, n = A.shape   # every column of A has a maximum, so more than n maxima means a tie; rows of B likewise
    return np.count_nonzero(A == A.max(axis=0)) > n or np.count_nonzero(B == B.max(axis=1, keepdims=True)) > m


def fast_float_equilibria(A: np.ndarray, B: np.ndarray, tol: float):
    """Extreme equilibria of a nondegenerate float game, or None to use the general path.

    Parameters
    ----------
    A, B : ndarray of float, shape (m, n)
        Payoffs (``A[i, j]`` to the row player, ``B[i, j]`` to the column player). Entries that
        are NaN, infinite or above ``2**1000`` in size send the game to the general path.
    tol : float
        Tightness tolerance after each player's payoffs are mapped onto [1, 2].

    Returns
    -------
    None, or a dict of the :class:`~gametheory.core.bimatrix.BimatrixEquilibria` fields
    (``equilibria``, ``payoffs``, ``max_deviation_gain``, ``row_vertices``, ``column_vertices``,
    ``vertex_pairs``) and ``vertices`` (how they were found: ``"all bases"``, ``"qhull"`` or
    ``"pivoting"``, the compiled walk of :mod:`._pivot`). None when
    the game is degenerate (a pure-strategy tie, a vertex with more than d tight rows, a singular
    basis), when a certificate fails, when the equilibrium count is even, or when a regret or
    payoff is out of bounds: the general path then answers, with its explanation.
    """
    m, n = A.shape
    if m + n > 64 or m < 1 or n < 1:
        return None
    alo, ahi, blo, bhi = float(A.min()), float(A.max()), float(B.min()), float(B.max())
    # NaN fails every comparison; a constant matrix is degenerate
    if not (abs(alo) <= _MAX_SAFE and abs(ahi) <= _MAX_SAFE and abs(blo) <= _MAX_SAFE
            and abs(bhi) <= _MAX_SAFE and ahi > alo and bhi > blo):
        return None
    if math.comb(m + n, m) > BASIS_LIMIT and _pure_ties(A, B):
        return None  # degenerate, and qhull is slow on such input: straight to the general path
    MP = (B - blo) / (bhi - blo) + 1.0             # the general path's map onto [1, 2]
    MQ = ((A - alo) / (ahi - alo) + 1.0).T
    found = _by_walk(MP, MQ, tol)
    if found is None:
        start = time.perf_counter()
        found = _by_numpy(MP, MQ, tol)
        _pivot.charge(time.perf_counter() - start)
        if found is None:
            return None
    X, Y, rorder, corder, vertices = found
    E = len(X)
    # order as the general path (strategy_order); equilibrium e pairs row e of X with row e of Y,
    # so after sorting the pairs are (i, cpos[rorder[i]])
    cpos = np.empty(E, dtype=np.intp)
    cpos[corder] = np.arange(E)
    partner = cpos[rorder]
    pairs = tuple(enumerate(partner.tolist()))
    Xs, Ys = X[rorder], Y[corder]
    u1, u2, g1, g2 = pair_payoffs(A, B, Xs, Ys[partner])
    gain = np.maximum(np.maximum(g1, g2), 0.0)   # NaN stays NaN and fails the test below
    if not (gain.max() <= 1e3 * tol * max(1.0, ahi - alo, bhi - blo) and math.isfinite(u1.sum() + u2.sum())):
        return None  # regret too large, or a payoff not finite: the general path explains it in its message
    Xs.flags.writeable = False
    Ys.flags.writeable = False
    rows, cols = tuple(Xs), tuple(Ys)
    return dict(
        equilibria=tuple((rows[i], cols[j]) for i, j in pairs),
        payoffs=tuple(zip(u1.tolist(), u2.tolist())), max_deviation_gain=tuple(gain.tolist()),
        row_vertices=rows, column_vertices=cols, vertex_pairs=pairs, vertices=vertices,
    )


def _by_numpy(MP: np.ndarray, MQ: np.ndarray, tol: float):
    """``(X, Y, rorder, corder, vertices)`` by numpy: every basis solved or qhull's vertices, checked and certified; or None."""
    m, n = MP.shape
    exhaustive, exhaustive_q = _exhaustive(m, n), _exhaustive(n, m)   # differ only for a 1 x n or m x 1 game
    batch = m == n and m <= STACK_LIMIT
    if batch:   # P and Q have the same shape: one batch (half the numpy calls)
        P = _vertices([MP, MQ], tol)
        if P is None:
            return None
        (kP, kQ), Q = P.keys, P
    else:
        Pn = _vertices([MP], tol)
        Qn = None if Pn is None else _vertices([MQ], tol)   # no second hull for a degenerate P
        if Pn is None or Qn is None:
            return None
        P, Q = Pn, Qn
        (kP,), (kQ,) = P.keys, Q.keys
    vertex_count = len(kP) + len(kQ) - (not exhaustive) - (not exhaustive_q)   # qhull's lists hold the origins
    ia, ib = _join(kP, kQ, m, n, vertex_count <= DICT_JOIN)
    E = len(ia)
    if E % 2 == 0:  # a nondegenerate game has an odd number of equilibria (Shapley 1974)
        return None
    if batch:   # both players' strategies in one batch, Y's rows after X's
        XY = _strategies(P, list(ia) + [P.starts[1] + b for b in ib], [0] * E + [1] * E)
        if XY is None:
            return None
        rorder, corder = _paired_order(XY, E)
        return XY[:E], XY[E:], rorder, corder, "all bases" if exhaustive else "qhull"
    X, Y = _strategies(P, list(ia), [0] * E), _strategies(Q, list(ib), [0] * E)
    if X is None or Y is None:
        return None
    return X, Y, strategy_order(X), strategy_order(Y), "all bases" if exhaustive else "qhull"


def _by_walk(MP: np.ndarray, MQ: np.ndarray, tol: float):
    """``(X, Y, rorder, corder, "pivoting")`` from the compiled walk (:mod:`._pivot`), or None (not loaded, or it declined).

    The strategies are solved from the walk's tight rows by :func:`strategies_from_rows`, with
    the numpy path's batching and order, so they are the numpy path's floats.
    """
    kernels = _pivot.kernel()
    found = None if kernels is None else _pivot.pivot_rows(kernels, MP, MQ, tol)
    if found is None:
        return None
    rows_p, rows_q = found
    E = len(rows_p)
    m, n = MP.shape
    if m == n:   # one solve for both players, Y's rows after X's, as the numpy path's batch
        neg_eye, _ = _constraints(2, m, n)
        G = np.concatenate((neg_eye, np.array([MP.T, MQ.T])), axis=1)
        XY = strategies_from_rows(G, np.concatenate((rows_p, rows_q)), _halves(E))
        if XY is None:
            return None
        if m <= STACK_LIMIT:
            rorder, corder = _paired_order(XY, E)
        else:
            rorder, corder = strategy_order(XY[:E]), strategy_order(XY[E:])
        return XY[:E], XY[E:], rorder, corder, "pivoting"
    (eye_p, _), (eye_q, _) = _constraints(1, m, n), _constraints(1, n, m)
    X = strategies_from_rows(np.concatenate((eye_p, MP.T[None]), axis=1), rows_p, _zeros(E))
    Y = strategies_from_rows(np.concatenate((eye_q, MQ.T[None]), axis=1), rows_q, _zeros(E))
    if X is None or Y is None:
        return None
    return X, Y, strategy_order(X), strategy_order(Y), "pivoting"


def strategies_from_rows(G: np.ndarray, rows: np.ndarray, polytope: np.ndarray) -> np.ndarray | None:
    """Normalised strategies of the vertices whose tight rows (ascending) are ``rows[e]``, in polytope ``polytope[e]`` of ``G`` (p, R, d).

    One LU solve per vertex (:func:`numpy.linalg.solve` solves each matrix of a stack on its own,
    so the floats do not depend on the batch); negative rounding is clipped, the coordinates of
    tight zero rows are exact zeros, and each row is divided by its sum. None for a singular basis.
    """
    d = G.shape[2]
    try:
        Z = np.linalg.solve(G[polytope[:, None], rows], (rows >= d).astype(float)[:, :, None])[:, :, 0]
    except np.linalg.LinAlgError:
        return None
    Z = np.maximum(Z, 0.0)
    Z[(rows[:, :, None] == np.arange(d)).any(axis=1)] = 0.0  # tight zero rows are exact zeros
    return Z / Z.sum(axis=1, keepdims=True)


@lru_cache(maxsize=64)
def _zeros(E: int) -> np.ndarray:
    """E zeros (every vertex in the first polytope of a batch)."""
    return np.zeros(E, dtype=np.intp)


def _paired_order(XY: np.ndarray, E: int) -> tuple[np.ndarray, np.ndarray]:
    """``strategy_order`` of ``XY[:E]`` and of ``XY[E:]`` by one stable sort (the halves as its first key)."""
    if E < 2:
        return np.arange(E), np.arange(E)
    order = np.lexsort((*(-np.round(XY, 12).T[::-1]), _halves(E)))
    return order[:E], order[E:] - E


@lru_cache(maxsize=64)
def _halves(E: int) -> np.ndarray:
    """E zeros then E ones."""
    return np.repeat(np.arange(2), E)
