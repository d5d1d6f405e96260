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

Every answer has the same fields, order and certificates as the general path's (tested against
it on random games of every size, bit for bit), and its regrets are computed on the original
payoffs with the general path's arithmetic (:func:`pair_payoffs`, :func:`strategy_order`).

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
from functools import lru_cache
from itertools import combinations

import numpy as np

from ._blas import serial_matmul

__all__ = ["fast_float_equilibria", "pair_payoffs", "BASIS_LIMIT"]

BASIS_LIMIT = 100
"""Largest number of bases :math:`\\binom{R}{d}` solved exhaustively; above it qhull gives the vertices."""

DICT_JOIN = 64
"""Up to this many vertices in both polytopes together, the label join is a Python dict (no numpy
call overhead); above it, :func:`numpy.intersect1d`."""

_MAX_SAFE = 2.0 ** 1000


@lru_cache(maxsize=64)
def _bases(R: int, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All d-subsets of range(R) but the origin's, their bit keys, and the right-hand sides h[rows].

    Rows 0..d-1 are the zero rows (:math:`-z_i \\le 0`, right-hand side 0), rows d.. the
    payoff rows (right-hand side 1). The first subset, (0, ..., d-1), is the origin.
    """
    rows = np.array(list(combinations(range(R), d)), dtype=np.intp).reshape(-1, d)[1:]
    keys = np.bitwise_or.reduce(np.left_shift(np.uint64(1), rows.astype(np.uint64)), axis=1)
    rhs = (rows >= d).astype(float)[:, :, None]
    for a in (rows, keys, rhs):
        a.flags.writeable = False
    return rows, keys, rhs


@lru_cache(maxsize=128)
def _bits(R: int) -> np.ndarray:
    """``2**r`` for r < R as uint64 (one bit per constraint row)."""
    return np.left_shift(np.uint64(1), np.arange(R, dtype=np.uint64))


@lru_cache(maxsize=128)
def _cleared(R: int) -> np.ndarray:
    """``~2**r`` for r < R: a key with row r's bit cleared is ``key & _cleared(R)[r]``."""
    return ~_bits(R)


@lru_cache(maxsize=64)
def _origin_edges(d: int) -> np.ndarray:
    """Edge keys at the origin: the zero rows minus one of them."""
    return np.uint64((1 << d) - 1) & _cleared(d)


class _NegEye(dict):
    def __missing__(self, d: int) -> np.ndarray:
        self[d] = -np.eye(d)
        return self[d]


_NEG_EYE = _NegEye()


def _slack(Z: np.ndarray, M: np.ndarray) -> np.ndarray:
    """Slack :math:`h - G z` of every row at every point: ``z`` itself on the zero rows, ``1 - M^T z`` on the rest."""
    V, d = Z.shape
    S = np.empty((V, d + M.shape[1]))
    S[:, :d] = Z
    np.subtract(1.0, serial_matmul(Z, M), out=S[:, d:])
    return S


def _polytope(M: np.ndarray, tol: float):
    """Vertices (without the origin) of {z >= 0 : M^T z <= 1}, M (d, k) in [1, 2]; None if degenerate.

    Returns ``(points, tight, keys, G, exhaustive)``: the vertex coordinates, their tight rows
    (rows 0..d-1 are the zero rows, d + c the column rows), the bit key of each vertex's tight
    rows, the constraint matrix and whether every basis was solved (else qhull's points, which
    :func:`_strategies` re-solves from their tight rows). None sends the game to the general path:
    a degenerate vertex, a singular basis, qhull trouble or a failed certificate.
    """
    d, k = M.shape
    R = d + k
    G = np.empty((R, d))
    G[:d] = _NEG_EYE[d]
    G[d:] = M.T
    if d == 1 or math.comb(R, d) <= BASIS_LIMIT:
        found = _by_bases(M, G, tol)
    else:
        found = _by_qhull(M, G, tol)
    return None if found is None else (*found, G, d == 1 or math.comb(R, d) <= BASIS_LIMIT)


def _by_bases(M: np.ndarray, G: np.ndarray, tol: float):
    """Every basis solved at once (one batched LU solve); the feasible, simple solutions are the vertices."""
    R, d = G.shape
    rows, keys, rhs = _bases(R, d)
    try:
        Z = np.linalg.solve(G[rows], rhs)[:, :, 0]
    except np.linalg.LinAlgError:  # a singular basis: structured payoffs
        return None
    slack = _slack(Z, M)
    feasible = np.minimum.reduce(slack, axis=1) >= -tol
    Z, slack, keys = Z[feasible], slack[feasible], keys[feasible]
    tight = np.abs(slack) <= tol
    if (tight.sum(axis=1) != d).any():  # a degenerate vertex
        return None
    # certificate (a guard against tolerance trouble, since every basis was solved): every edge
    # key T(v) - {t}, the origin's included, occurs at exactly two vertices
    ekeys = np.concatenate([(keys[:, None] & _cleared(R))[tight], _origin_edges(d)])
    ekeys.sort()
    if ekeys.size % 2 or (ekeys[0::2] != ekeys[1::2]).any():
        return None
    return Z, tight, keys


def _by_qhull(M: np.ndarray, G: np.ndarray, tol: float):
    """qhull's vertices (the facets of the polar dual), checked against the constraints and certified by qhull's own neighbours."""
    R, d = G.shape
    h = np.ones(R)
    h[:d] = 0.0
    interior = np.full(d, 0.5 / M.sum(axis=0).max())
    dual = G / (h - G @ interior)[:, None]
    try:
        hull = _convex_hull()(dual)
    except Exception:  # qhull trouble: the general path pivots
        return None
    eq, simplices = hull.equations, hull.simplices
    offsets = eq[:, -1:]
    if not offsets.max() < 0.0:  # a bounded polytope's vertices have offsets < 0 (no division by 0)
        return None
    pts = interior - eq[:, :-1] / offsets
    slack = _slack(pts, M)
    if not slack.min() >= -tol:  # infeasible, or not finite (NaN fails the comparison)
        return None
    tight = np.abs(slack) <= tol
    # simple, and the tight rows (by tol) are exactly qhull's facet: then qhull's neighbour list
    # is the polytope's graph, and the certificate needs no sort: across the ridge opposite
    # simplex point i, the neighbour must hold the edge's d - 1 rows (Balinski: the graph is
    # connected, so a list closed under its edges is complete)
    keys = _bit_keys(tight)
    if (tight.sum(axis=1) != d).any() or (_bits(R)[simplices].sum(axis=1) != keys).any():
        return None
    edges = keys[:, None] & _cleared(R)[simplices]
    if ((keys[hull.neighbors] & edges) != edges).any():
        return None
    skeys = np.sort(keys)
    if int(skeys[0]) != (1 << d) - 1 or (skeys[1:] == skeys[:-1]).any():  # one origin, distinct vertices
        return None
    notorigin = keys != skeys[0]
    return pts[notorigin], tight[notorigin], keys[notorigin]


def _bit_keys(tight: np.ndarray) -> np.ndarray:
    """One uint64 per row of a Boolean matrix with at most 64 columns: bit r set when column r is True."""
    packed = np.packbits(tight, axis=1, bitorder="little")
    buf = np.zeros((len(tight), 8), dtype=np.uint8)
    buf[:, :packed.shape[1]] = packed
    return buf.view("<u8")[:, 0].astype(np.uint64)


_HULL: list = []


def _convex_hull():
    """:class:`scipy.spatial.ConvexHull`, imported on first use (small games never need it)."""
    if not _HULL:
        from scipy.spatial import ConvexHull

        _HULL.append(ConvexHull)
    return _HULL[0]


def _strategies(Z: np.ndarray, tight: np.ndarray, G: np.ndarray, exhaustive: bool) -> np.ndarray | None:
    """Normalised strategies of the chosen vertices (qhull's points re-solved from their tight rows)."""
    d = Z.shape[1]
    if not exhaustive and len(Z):
        rows = np.nonzero(tight)[1].reshape(len(Z), d)
        try:
            Z = np.linalg.solve(G[rows], (rows >= d).astype(float)[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            return None
    Z = np.maximum(Z, 0.0)
    Z[tight[:, :d]] = 0.0  # tight zero rows are exact zeros
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


def _join(kP: np.ndarray, kQ: np.ndarray, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Completely labelled pairs: positions ``(a, b)`` where P's vertex a misses exactly Q's vertex b's labels.

    Labels: P's row i is label i and its column row c is label m + c; Q's row j is label m + j and
    its column row i is label i. So P's key is in label order and Q's key is rotated by n bits.
    Each polytope's keys are distinct.
    """
    full, low = (1 << (m + n)) - 1, (1 << n) - 1
    if kP.size + kQ.size <= DICT_JOIN:
        where = {((key & low) << m) | (key >> n): b for b, key in enumerate(kQ.tolist())}
        found = [(a, where[key ^ full]) for a, key in enumerate(kP.tolist()) if key ^ full in where]
        return (np.array([a for a, _ in found], dtype=np.intp), np.array([b for _, b in found], dtype=np.intp))
    labQ = ((kQ & np.uint64(low)) << np.uint64(m)) | (kQ >> np.uint64(n))
    _, pa, qb = np.intersect1d(kP ^ np.uint64(full), labQ, assume_unique=True, return_indices=True)
    return pa, qb


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
    ``vertex_pairs``) and ``exhaustive`` (every basis solved, else qhull's vertices). None when
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
    P = _polytope((B - blo) / (bhi - blo) + 1.0, tol)   # the general path's map onto [1, 2]
    if P is None:
        return None
    Q = _polytope(((A - alo) / (ahi - alo) + 1.0).T, tol)
    if Q is None:
        return None
    ia, ib = _join(P[2], Q[2], m, n)
    if len(ia) % 2 == 0:  # a nondegenerate game has an odd number of equilibria (Shapley 1974)
        return None
    X = _strategies(P[0][ia], P[1][ia], P[3], P[4])
    Y = _strategies(Q[0][ib], Q[1][ib], Q[3], Q[4])
    if X is None or Y is None:
        return None
    # order as the general path (strategy_order); equilibrium e pairs row e of X with row e of Y,
    # so after sorting the pairs are (i, cpos[rorder[i]])
    rorder, corder = strategy_order(X), strategy_order(Y)
    cpos = np.empty(len(corder), dtype=np.intp)
    cpos[corder] = np.arange(len(corder))
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
        row_vertices=rows, column_vertices=cols, vertex_pairs=pairs, exhaustive=P[4],
    )
