r"""The lean floating-point path for nondegenerate bimatrix games (the common case, made cheap).

The general pipeline of :mod:`gametheory.core.bimatrix` (qhull seeding, adjacency walk, degenerate
vertices, exact refinement, budget checks at every step) pays a fixed cost of about half a
millisecond per game in Python bookkeeping, which dominates small games. For a *nondegenerate*
float game the same answer needs far less:

1. **Vertices.** The best-response polytope :math:`P = \{z \ge 0 : M^\top z \le 1\}` in
   :math:`\mathbb{R}^d` has :math:`R = d + k` constraint rows. For small :math:`\binom{R}{d}` every
   basis (set of d rows) is solved at once by one batched LU solve and the feasible solutions are
   kept: this is the whole vertex set (a simple vertex is the solution of its d tight rows) with no
   hull at all. Larger polytopes take qhull's vertices (one :class:`scipy.spatial.ConvexHull` of
   the polar dual, as in the general path).
2. **Nondegeneracy test.** Every vertex must have exactly d tight rows (slack within ``tol``)
   and no two payoff columns may coincide; otherwise the function returns ``None`` and the
   caller runs the general path (which handles degenerate vertices, components and certificates
   for that case).
3. **Certificate.** The polytope's graph is connected (Balinski 1961) and at a simple vertex the
   edges are "drop one tight row", so the vertex list is complete when, for every vertex v and
   tight row t, the key :math:`T(v) \setminus \{t\}` occurs at a second vertex (bit keys in one
   ``uint64``, sorted). This is the general path's certificate for simple polytopes; it is also
   checked for the exhaustive basis enumeration, as a guard against tolerance trouble. A missing
   neighbour sends the game to the general path, which pivots to it.
4. **Matching.** A vertex of P with labels L needs the vertex of Q with labels equal to the
   complement of L (a hash join on bit keys); in a nondegenerate game the extreme equilibria are
   isolated, so each is its own component and maximal Nash subset.

Every answer has the same fields, order and certificates as the general path's (tested against
it on random games of every size), and its regrets are computed on the original payoffs.

References
----------
.. [1] Balinski, M. L. (1961). On the graph structure of convex polyhedra in n-space. Pacific
   Journal of Mathematics 11(2), 431-434.
.. [2] Avis, D., Rosenberg, G. D., Savani, R. & von Stengel, B. (2010). Enumeration of Nash
   equilibria for two-player games. Economic Theory 42, 9-37.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import combinations

import numpy as np

__all__ = ["fast_float_equilibria", "BASIS_LIMIT"]

BASIS_LIMIT = 100
"""Largest number of bases :math:`\\binom{R}{d}` solved exhaustively; above it qhull gives the vertices."""

_MAX_SAFE = 2.0 ** 1000


@lru_cache(maxsize=64)
def _bases(R: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """All d-subsets of range(R) (sorted rows) without the origin's subset, and their bit keys."""
    rows = np.array(list(combinations(range(R), d)), dtype=np.intp).reshape(-1, d)
    rows = rows[1:]  # combinations start with (0, ..., d-1): the zero rows, i.e. the origin
    keys = np.bitwise_or.reduce(np.left_shift(np.uint64(1), rows.astype(np.uint64)), axis=1)
    rows.flags.writeable = False
    keys.flags.writeable = False
    return rows, keys


@lru_cache(maxsize=64)
def _pairs(k: int) -> tuple[np.ndarray, np.ndarray]:
    """Index arrays of all pairs i < j < k."""
    return np.triu_indices(k, 1)


@lru_cache(maxsize=128)
def _bits(R: int) -> np.ndarray:
    """``2**r`` for r < R as uint64 (one bit per constraint row)."""
    return np.left_shift(np.uint64(1), np.arange(R, dtype=np.uint64))


@lru_cache(maxsize=64)
def _origin_edges(d: int) -> np.ndarray:
    """Edge keys at the origin: the zero rows minus one of them."""
    return np.uint64((1 << d) - 1) & ~_bits(d)


class _NegEye(dict):
    def __missing__(self, d: int) -> np.ndarray:
        self[d] = -np.eye(d)
        return self[d]


_NEG_EYE = _NegEye()


def _polytope(M: np.ndarray, tol: float):
    """Vertices (without the origin) of {z >= 0 : M^T z <= 1}, M (d, k) in [1, 2]; None if degenerate.

    Returns ``(points, keys)``: the vertex coordinates (re-solved from their tight rows) and the
    bit key of each vertex's tight rows (rows 0..d-1 are the zero rows, d + c the column rows).
    """
    d, k = M.shape
    R = d + k
    if k > 1:  # two (nearly) identical columns are a degenerate game: general path
        I, J = _pairs(k)
        if np.abs(M[:, I] - M[:, J]).max(axis=0).min() <= tol:
            return None
    G = np.empty((R, d))
    G[:d] = _NEG_EYE[d]
    G[d:] = M.T
    h = np.zeros(R)
    h[d:] = 1.0
    n_bases = math.comb(R, d)
    if d == 1 or n_bases <= BASIS_LIMIT:
        rows, bkeys = _bases(R, d)
        try:
            Z = np.linalg.solve(G[rows], h[rows][:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:  # a singular basis: structured payoffs, general path
            return None
        slack = h - Z @ G.T
        feasible = (slack >= -tol).all(1)
        Z, slack, bkeys = Z[feasible], slack[feasible], bkeys[feasible]
        tight = np.abs(slack) <= tol
        if not (tight.sum(1) == d).all():
            return None
        keys = bkeys
        exhaustive = True
    else:
        from scipy.spatial import ConvexHull

        interior = np.full(d, 0.5 / M.sum(axis=0).max())
        dual = G / (h - G @ interior)[:, None]
        try:
            eq = ConvexHull(dual).equations
        except Exception:  # qhull trouble: the general path pivots
            return None
        with np.errstate(divide="ignore", invalid="ignore"):
            pts = interior - eq[:, :-1] / eq[:, -1:]
        if not np.all(np.isfinite(pts)):
            return None
        slack = h - pts @ G.T
        if not np.all(slack >= -tol):
            return None
        tight = np.abs(slack) <= tol
        if not np.all(tight.sum(axis=1) == d):
            return None
        keys = np.bitwise_or.reduce(np.where(tight, _bits(R), np.uint64(0)), axis=1)
        origin = np.uint64((1 << d) - 1)
        skeys = np.sort(keys)
        if np.any(skeys[1:] == skeys[:-1]) or skeys[0] != origin:  # the origin has the smallest key
            return None
        notorigin = keys != origin
        Z, tight, keys = pts[notorigin], tight[notorigin], keys[notorigin]
        exhaustive = False
    # certificate: every edge key T(v) - {t} (the origin's included) occurs at two vertices
    bits = _bits(R)
    r, c = np.nonzero(tight)
    ekeys = keys[r] & ~bits[c]
    ekeys = np.concatenate([ekeys, _origin_edges(d)])  # the origin's edges
    srt = np.sort(ekeys)
    paired = np.zeros(len(srt), dtype=bool)
    eq_ = srt[1:] == srt[:-1]
    paired[1:] |= eq_
    paired[:-1] |= eq_
    if not paired.all():
        return None
    return Z, tight, keys, G, h, exhaustive


def _strategies(Z, tight, G, h, exhaustive):
    """Normalised strategies of the chosen vertices (qhull's points re-solved from their tight rows)."""
    d = Z.shape[1]
    if not exhaustive and len(Z):
        rows = np.nonzero(tight)[1].reshape(len(Z), d)
        try:
            Z = np.linalg.solve(G[rows], h[rows][:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            return None
    Z = np.clip(Z, 0.0, None)
    Z[tight[:, :d]] = 0.0  # tight zero rows are exact zeros
    return Z / Z.sum(axis=1, keepdims=True)


def fast_float_equilibria(A: np.ndarray, B: np.ndarray, tol: float):
    """Extreme equilibria of a nondegenerate float game, or None to use the general path.

    Parameters
    ----------
    A, B : ndarray of float, shape (m, n), finite
        Payoffs (``A[i, j]`` to the row player, ``B[i, j]`` to the column player).
    tol : float
        Tightness tolerance after each player's payoffs are mapped onto [1, 2].

    Returns
    -------
    None, or a dict of the :class:`~gametheory.core.bimatrix.BimatrixEquilibria` fields
    (``equilibria``, ``payoffs``, ``max_deviation_gain``, ``row_vertices``, ``column_vertices``,
    ``vertex_pairs``, ``method``).
    """
    m, n = A.shape
    if m + n > 64 or m < 1 or n < 1:
        return None
    alo, ahi, blo, bhi = A.min(), A.max(), B.min(), B.max()
    if max(-alo, ahi, -blo, bhi) > _MAX_SAFE or not (ahi > alo and bhi > blo):
        return None
    Bf = (B - blo) / (bhi - blo) + 1.0  # the general path's map onto [1, 2]
    Af = (A - alo) / (ahi - alo) + 1.0
    P = _polytope(Bf, tol)
    if P is None:
        return None
    Q = _polytope(Af.T, tol)
    if Q is None:
        return None
    kP, kQ = P[2], Q[2]
    # labels: P row i -> label i, P column row c -> m + c; Q row j -> m + j, Q column row i -> i
    # as bit masks over m + n labels: P's key is already in label order; Q's is rotated
    lowQ = np.uint64((1 << n) - 1)
    labQ = ((kQ & lowQ) << np.uint64(m)) | (kQ >> np.uint64(n))
    full = np.uint64((1 << (m + n)) - 1)
    _, ia, ib = np.intersect1d(kP ^ full, labQ, assume_unique=True, return_indices=True)
    X = _strategies(P[0][ia], P[1][ia], *P[3:])
    Y = _strategies(Q[0][ib], Q[1][ib], *Q[3:])
    if X is None or Y is None:
        return None
    # order as the general path: strategies sorted by descending rounded coordinates
    Xl, Yl = X.tolist(), Y.tolist()
    rorder = sorted(range(len(X)), key=lambda a: tuple(-round(v, 12) for v in Xl[a]))
    corder = sorted(range(len(Y)), key=lambda b: tuple(-round(v, 12) for v in Yl[b]))
    rpos = np.empty(len(X), dtype=np.intp)
    rpos[rorder] = np.arange(len(X))
    cpos = np.empty(len(Y), dtype=np.intp)
    cpos[corder] = np.arange(len(Y))
    pairs = sorted(zip(rpos.tolist(), cpos.tolist()))
    Xs = X[rorder]
    Ys = Y[corder]
    scale = max(1.0, float(ahi - alo), float(bhi - blo))
    equilibria, payoffs, gains = [], [], []
    Xs, Ys = tuple(Xs), tuple(Ys)
    AY = [A.dot(y) for y in Ys]   # the general path's operations, for identical floats
    XB = [x.dot(B) for x in Xs]
    for i, j in pairs:
        x, y = Xs[i], Ys[j]
        Ay, xB = AY[j], XB[i]
        u1 = float(x.dot(Ay))
        u2 = float(xB.dot(y))
        gain = max(0.0, float(max(max(Ay) - u1, max(xB) - u2)))
        if gain > 1e3 * tol * scale or not (math.isfinite(u1) and math.isfinite(u2)):
            return None  # the general path explains it in its message
        equilibria.append((x, y))
        payoffs.append((u1, u2))
        gains.append(gain)
    return dict(
        equilibria=tuple(equilibria), payoffs=tuple(payoffs), max_deviation_gain=tuple(gains),
        row_vertices=Xs, column_vertices=Ys, vertex_pairs=tuple(pairs),
    )
