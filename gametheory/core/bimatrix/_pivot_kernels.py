r"""The numba kernel of :mod:`gametheory.core.bimatrix._pivot` (imported only through its ``load()``).

:func:`equilibrium_keys` enumerates the vertices of both best-response polytopes of a
nondegenerate game by pivoting (a breadth-first walk over the polytope's graph from the origin)
and joins them by labels; it returns only bit keys (sets of tight rows), never coordinates, so
the strategies are solved afterwards by numpy exactly as on the numpy path. Cached on disk when
numba finds a writable cache directory, compiled in memory otherwise. No ``fastmath``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

OK, DEGENERATE, UNBOUNDED, ILL_CONDITIONED, TOO_MANY = 0, 1, 2, 3, 4
"""Status codes: the vertex lists are complete and joined; else why the kernel declined."""

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _jit(signature):
    """``njit(signature, cache=True)``, or without the disk cache when numba finds no usable directory."""
    def wrap(func):
        try:
            return njit(signature, cache=True)(func)
        except RuntimeError:          # "cannot cache function ...: no locator available"
            return njit(signature, cache=False)(func)
    return wrap


@njit(cache=True)
def _slot(table, key, shift):
    """Position of ``key`` in the open-addressing set ``table`` (0 = empty), or of the empty slot where it goes."""
    mask = table.size - 1
    h = np.int64((key * _GOLDEN) >> shift)
    while table[h] != 0 and table[h] != key:
        h = (h + 1) & mask
    return h


@njit(cache=True)
def _grown(table, shift):
    """The set rehashed into twice the capacity (and its new shift)."""
    bigger = np.zeros(2 * table.size, dtype=np.uint64)
    shift = np.uint64(shift - np.uint64(1))
    for key in table:
        if key != 0:
            bigger[_slot(bigger, key, shift)] = key
    return bigger, shift


@njit(cache=True)
def _walk(M, band, limit, big):
    r"""Every vertex key of :math:`P = \{z \ge 0 : M^\top z \le 1\}`, by pivoting from the origin.

    Rows 0..d-1 are :math:`-z_i \le 0`, rows d..d+k-1 are :math:`M_{\cdot c}^\top z \le 1`. A
    dictionary :math:`x_B = b - A\,x_N` per vertex: the nonbasic variables are the slacks of the
    d tight rows, the basic ones those of the k others. Each vertex pivots once per tight row
    (the edge that leaves it); the ratio test gives the row met, hence the neighbour's key, and a
    neighbour not seen before is pivoted into the next level. Every new vertex must have all k
    basic slacks at least ``band`` (else it is degenerate or too close to it), its dictionary
    entries at most ``big`` in size, and the walk at most ``limit`` vertices.

    Returns ``(status, keys, table, shift)``: ``keys`` in the order found (the origin first) and
    the open-addressing set holding them.
    """
    d, k = M.shape
    cap = 64
    table = np.zeros(256, dtype=np.uint64)
    shift = np.uint64(64 - 8)
    keys = np.empty(cap, dtype=np.uint64)
    # the origin: nonbasic the zero rows, basic the payoff rows, b = 1, A[c, i] = M[i, c]
    A = np.empty((1, k, d))
    for c in range(k):
        for i in range(d):
            A[0, c, i] = M[i, c]
    b = np.ones((1, k))
    basic = np.empty((1, k), dtype=np.int64)
    nonbasic = np.empty((1, d), dtype=np.int64)
    for c in range(k):
        basic[0, c] = d + c
    for i in range(d):
        nonbasic[0, i] = i
    origin = np.uint64(0)
    for i in range(d):
        origin |= np.uint64(1) << np.uint64(i)
    keys[0] = origin
    table[_slot(table, origin, shift)] = origin
    found = 1
    level_keys = keys[:1].copy()
    while level_keys.size:
        n_level = level_keys.size
        # the next level: at most d new vertices per vertex of this one
        nA = np.empty((n_level * d, k, d))
        nb = np.empty((n_level * d, k))
        nbasic = np.empty((n_level * d, k), dtype=np.int64)
        nnon = np.empty((n_level * d, d), dtype=np.int64)
        nkeys = np.empty(n_level * d, dtype=np.uint64)
        w = 0
        for v in range(n_level):
            key = level_keys[v]
            for j in range(d):
                p = -1
                best = np.inf
                for i in range(k):
                    a = A[v, i, j]
                    if a > 0.0:
                        ratio = b[v, i] / a
                        if ratio < best:
                            best = ratio
                            p = i
                if p < 0:
                    return UNBOUNDED, keys[:found], table, shift
                t = nonbasic[v, j]
                r = basic[v, p]
                new = key ^ (np.uint64(1) << np.uint64(t)) ^ (np.uint64(1) << np.uint64(r))
                h = _slot(table, new, shift)
                if table[h] == new:
                    continue
                if found >= limit:
                    return TOO_MANY, keys[:found], table, shift
                table[h] = new
                if 2 * (found + 1) > table.size:
                    table, shift = _grown(table, shift)
                if found == keys.size:
                    more = np.empty(2 * keys.size, dtype=np.uint64)
                    more[:found] = keys
                    keys = more
                keys[found] = new
                found += 1
                # the pivot: x_t enters (column j), x_r leaves (row p)
                piv = A[v, p, j]
                bp = b[v, p] / piv
                for l in range(d):
                    nA[w, p, l] = A[v, p, l] / piv
                nA[w, p, j] = 1.0 / piv
                nb[w, p] = bp
                if not bp >= band:
                    return DEGENERATE, keys[:found], table, shift
                for i in range(k):
                    if i == p:
                        continue
                    f = A[v, i, j]
                    bi = b[v, i] - f * bp
                    if not bi >= band:     # another row met (almost) at once: degenerate, or NaN
                        return DEGENERATE, keys[:found], table, shift
                    nb[w, i] = bi
                    for l in range(d):
                        x = A[v, i, l] - f * nA[w, p, l]
                        if abs(x) > big:
                            return ILL_CONDITIONED, keys[:found], table, shift
                        nA[w, i, l] = x
                    x = -f / piv
                    if abs(x) > big:
                        return ILL_CONDITIONED, keys[:found], table, shift
                    nA[w, i, j] = x
                for l in range(d):
                    if abs(nA[w, p, l]) > big:
                        return ILL_CONDITIONED, keys[:found], table, shift
                for i in range(k):
                    nbasic[w, i] = basic[v, i]
                for l in range(d):
                    nnon[w, l] = nonbasic[v, l]
                nbasic[w, p] = t
                nnon[w, j] = r
                nkeys[w] = new
                w += 1
        A, b, basic, nonbasic, level_keys = nA[:w], nb[:w], nbasic[:w], nnon[:w], nkeys[:w]
    return OK, keys[:found], table, shift


@njit(cache=True)
def _bits(key, out):
    """The positions of ``key``'s set bits, ascending, into ``out``."""
    c = 0
    r = 0
    while key:
        if key & np.uint64(1):
            out[c] = r
            c += 1
        key >>= np.uint64(1)
        r += 1


@_jit("Tuple((int64, int64[:, ::1], int64[:, ::1], int64, int64))"
      "(float64[:, ::1], float64[:, ::1], float64, int64, float64)")
def equilibrium_keys(MP, MQ, band, limit, big):
    r"""The tight rows of every completely labelled vertex pair of a nondegenerate game.

    ``MP`` (m, n) and ``MQ`` (n, m) are the players' payoffs mapped onto [1, 2] (the column
    player's and the row player's transposed), the polytopes those of :func:`._fast._vertices`.
    Labels: P's row i is label i, its row m + c label m + c; Q's row j is label m + j, its row
    n + i label i. A vertex of P with key K pairs with the vertex of Q holding the complementary
    labels; the origins' pair is left out.

    Returns ``(status, rows_p, rows_q, vertices_p, vertices_q)``: per equilibrium (in the order of
    P's walk) the ascending tight rows of its P vertex (m of them) and its Q vertex (n); the
    vertex counts of both walks, origins included. ``status`` is :data:`OK` or the reason the
    kernel declined (:data:`DEGENERATE`, :data:`UNBOUNDED`, :data:`ILL_CONDITIONED`,
    :data:`TOO_MANY`), in which case the rows are empty.
    """
    m, n = MP.shape
    none_p = np.empty((0, m), dtype=np.int64)
    none_q = np.empty((0, n), dtype=np.int64)
    status, keys_p, _, _ = _walk(MP, band, limit, big)
    if status != OK:
        return status, none_p, none_q, keys_p.size, 0
    status, keys_q, table_q, shift_q = _walk(MQ, band, limit, big)
    if status != OK:
        return status, none_p, none_q, keys_p.size, keys_q.size
    one = np.uint64(1)
    low_p = (one << np.uint64(m)) - one
    low_q = (one << np.uint64(n)) - one
    full = (one << np.uint64(m + n)) - one
    pairs_p = np.empty(keys_p.size, dtype=np.uint64)
    pairs_q = np.empty(keys_p.size, dtype=np.uint64)
    E = 0
    for key in keys_p[1:]:            # the origin comes first
        labels = key ^ full           # the labels Q's vertex must hold
        wanted = ((labels >> np.uint64(m)) & low_q) | ((labels & low_p) << np.uint64(n))
        if table_q[_slot(table_q, wanted, shift_q)] == wanted:
            pairs_p[E] = key
            pairs_q[E] = wanted
            E += 1
    rows_p = np.empty((E, m), dtype=np.int64)
    rows_q = np.empty((E, n), dtype=np.int64)
    for e in range(E):
        _bits(pairs_p[e], rows_p[e])
        _bits(pairs_q[e], rows_q[e])
    return OK, rows_p, rows_q, keys_p.size, keys_q.size
