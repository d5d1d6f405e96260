r"""The numba kernels of :mod:`gametheory.core.bimatrix._pivot` (imported only through its ``load()``).

* :func:`equilibrium_keys` enumerates the vertices of both best-response polytopes of a
  nondegenerate game by pivoting (:func:`_walk`, a breadth-first walk over the polytope's graph
  from the origin) and joins them by labels;
* :func:`walk_bases` lists every vertex of a polytope, degenerate or not, by a walk over all its
  feasible bases, :func:`walk_bases_exact` does the same in integers (fraction-free pivoting) for
  integer payoffs, and :func:`complete_pairs` matches two such vertex lists by labels.

The float kernels return bit keys (sets of tight rows or labels) and indices, never coordinates,
so the strategies are solved afterwards by numpy exactly as without numba; the integer kernel
also returns each vertex's exact coordinates. Cached on disk when numba
finds a writable cache directory, compiled in memory otherwise. No ``fastmath``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

OK, DEGENERATE, UNBOUNDED, ILL_CONDITIONED, TOO_MANY, UNCLEAR, OVERFLOW = 0, 1, 2, 3, 4, 5, 6
"""Status codes: the vertex lists are complete; else why the kernel declined (UNCLEAR: a slack or
dictionary entry neither clearly zero, at most ``snap``, nor clearly not, at least ``band``;
OVERFLOW: an integer entry of :func:`walk_bases_exact` reached :data:`INT_BOUND`)."""

INT_BOUND = 2**62
"""Integer dictionaries keep every entry below this in size (:func:`walk_bases_exact` declines
otherwise), so a product of two fits in 124 bits and a difference of two products in 125."""

SMALL = 2**31
"""Below this in size, a product of two entries fits in int64 with a difference of two to spare:
the integer kernels' fast path (above it, 128-bit products)."""

_M32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _jit(signature=None, **options):
    """``njit(signature, cache=True, **options)``, or without the disk cache when numba finds no usable directory.

    Without a signature the function compiles at its first call (helpers called by the kernels;
    ``inline="always"`` for those in the walks' inner loops, which then pass no arrays through
    calls)."""
    def wrap(func):
        try:
            return njit(signature, cache=True, **options)(func)
        except RuntimeError:          # "cannot cache function ...: no locator available"
            return njit(signature, cache=False, **options)(func)
    return wrap


@_jit(inline="always")
def _slot(table, key, shift):
    """Position of ``key`` in the open-addressing set ``table`` (0 = empty), or of the empty slot where it goes."""
    mask = table.size - 1
    h = np.int64((key * _GOLDEN) >> shift)
    while table[h] != 0 and table[h] != key:
        h = (h + 1) & mask
    return h


@_jit()
def _grown(table, shift):
    """The set rehashed into twice the capacity (and its new shift)."""
    bigger = np.zeros(2 * table.size, dtype=np.uint64)
    shift = np.uint64(shift - np.uint64(1))
    for key in table:
        if key != 0:
            bigger[_slot(bigger, key, shift)] = key
    return bigger, shift


@_jit()
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
    table = np.zeros(256, dtype=np.uint64)
    shift = np.uint64(64 - 8)
    keys = np.empty(64, dtype=np.uint64)
    # two levels' dictionaries, swapped after each level (A, b, basic, nonbasic, keys: this level)
    A, b, basic, nonbasic, level_keys = _levels(k, d)
    nA, nb, nbasic, nnon, nkeys = _levels(k, d)
    origin = _origin(M, A, b, basic, nonbasic)
    level_keys[0] = origin
    table, shift, found, _ = _insert(table, shift, 0, origin)
    keys = _put(keys, 0, origin)
    n_level = 1
    while n_level:
        cap = nkeys.size
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
                new = key ^ (np.uint64(1) << np.uint64(nonbasic[v, j])) ^ (np.uint64(1) << np.uint64(basic[v, p]))
                table, shift, found, added = _insert(table, shift, found, new)
                if not added:
                    continue
                if found > limit:
                    return TOO_MANY, keys[:found - 1], table, shift
                keys = _put(keys, found - 1, new)
                if w == cap:
                    cap *= 2
                    nA, nb, nbasic, nnon, nkeys = _wider(nA, nb, nbasic, nnon, nkeys, cap)
                slacks_clear, entries_small = _pivot(A, b, basic, nonbasic, v, p, j, nA, nb, nbasic, nnon, w, band, big)
                if not slacks_clear:        # a row met (almost) at once: degenerate, or NaN
                    return DEGENERATE, keys[:found], table, shift
                if not entries_small:
                    return ILL_CONDITIONED, keys[:found], table, shift
                nkeys[w] = new
                w += 1
        A, b, basic, nonbasic, level_keys, nA, nb, nbasic, nnon, nkeys = nA, nb, nbasic, nnon, nkeys, A, b, basic, nonbasic, level_keys
        n_level = w
    return OK, keys[:found], table, shift


@_jit()
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


@_jit(inline="always")
def _insert(table, shift, count, key):
    """Add ``key`` to the set of ``count`` keys; returns ``(table, shift, count, added)`` (it grows at half full)."""
    h = _slot(table, key, shift)
    if table[h] == key:
        return table, shift, count, False
    table[h] = key
    count += 1
    if 2 * count > table.size:
        table, shift = _grown(table, shift)
    return table, shift, count, True


@_jit(inline="always")
def _clear(x, snap, band):
    """``x`` snapped: 0.0 when ``|x| <= snap``; NaN when ``snap < |x| < band`` (unclear) or x is NaN."""
    size = abs(x)
    if size <= snap:
        return 0.0
    if size < band or size != size:
        return np.nan
    return x


@_jit()
def _levels(k, d):
    """Room for 64 dictionaries of a level: ``A`` (., k, d), ``b`` (., k), the basic and nonbasic rows, the keys."""
    return (np.empty((64, k, d)), np.empty((64, k)), np.empty((64, k), dtype=np.int64),
            np.empty((64, d), dtype=np.int64), np.empty(64, dtype=np.uint64))


@_jit()
def _wider(nA, nb, nbasic, nnon, nkeys, cap):
    """The next level's arrays with room for ``cap`` bases (contents kept)."""
    w = nkeys.size
    A2 = np.empty((cap,) + nA.shape[1:], nA.dtype)
    b2 = np.empty((cap, nb.shape[1]), nb.dtype)
    s2 = np.empty((cap, nbasic.shape[1]), dtype=np.int64)
    n2 = np.empty((cap, nnon.shape[1]), dtype=np.int64)
    k2 = np.empty(cap, dtype=np.uint64)
    A2[:w] = nA
    b2[:w] = nb
    s2[:w] = nbasic
    n2[:w] = nnon
    k2[:w] = nkeys
    return A2, b2, s2, n2, k2


@_jit(inline="always")
def _origin(M, A, b, basic, nonbasic):
    """The origin's dictionary into slot 0 (nonbasic the zero rows, basic the payoff rows, b = 1,
    ``A[c, i] = M[i, c]``); returns its key, the zero rows."""
    d, k = M.shape
    for c in range(k):
        b[0, c] = 1
        basic[0, c] = d + c
        for i in range(d):
            A[0, c, i] = M[i, c]
    origin = np.uint64(0)
    for i in range(d):
        nonbasic[0, i] = i
        origin |= np.uint64(1) << np.uint64(i)
    return origin


@_jit(inline="always")
def _pivot(A, b, basic, nonbasic, v, p, j, nA, nb, nbasic, nnon, w, band, big):
    """Dictionary ``v`` of this level pivoted into slot ``w`` of the next: the variable of nonbasic
    slot ``j`` enters, that of basic slot ``p`` leaves (:math:`x_B = b - A x_N`).

    Returns ``(slacks_clear, entries_small)``: whether every new slack is at least ``band`` (NaN
    is not) and every new entry at most ``big`` in size."""
    k, d = A.shape[1], A.shape[2]
    piv = A[v, p, j]
    bp = b[v, p] / piv
    slacks_clear = bp >= band
    entries_small = abs(1.0 / piv) <= big
    for l in range(d):
        x = A[v, p, l] / piv
        entries_small = entries_small and abs(x) <= big
        nA[w, p, l] = x
    nA[w, p, j] = 1.0 / piv
    nb[w, p] = bp
    for i in range(k):
        if i == p:
            continue
        f = A[v, i, j]
        bi = b[v, i] - f * bp
        slacks_clear = slacks_clear and bi >= band
        nb[w, i] = bi
        for l in range(d):
            x = A[v, i, l] - f * nA[w, p, l]
            entries_small = entries_small and abs(x) <= big
            nA[w, i, l] = x
        x = -f / piv
        entries_small = entries_small and abs(x) <= big
        nA[w, i, j] = x
    for i in range(k):
        nbasic[w, i] = basic[v, i]
    for l in range(d):
        nnon[w, l] = nonbasic[v, l]
    nbasic[w, p] = nonbasic[v, j]
    nnon[w, j] = basic[v, p]
    return slacks_clear, entries_small


@_jit(inline="always")
def _put(keys, i, key):
    """``keys`` with ``keys[i] = key``, doubled first when ``i`` is past its end."""
    if i >= keys.size:
        more = np.empty(2 * keys.size, dtype=np.uint64)
        more[:keys.size] = keys
        keys = more
    keys[i] = key
    return keys


@_jit("Tuple((int64, uint64[::1], int64))(float64[:, ::1], float64, float64, int64, float64)")
def walk_bases(M, snap, band, limit, big):
    r"""Every vertex (tight set) of :math:`P = \{z \ge 0 : M^\top z \le 1\}`, degenerate or not, by
    a walk over all its feasible bases.

    The rows are those of :func:`_walk`. A degenerate vertex has more than d tight rows and
    several bases (linearly independent choices of d of them). From each basis the walk takes
    every pivot that leads to a feasible basis: for each nonbasic row, every basic row met first
    by the ratio test (ties, and the degenerate pivots of step 0), and every basic row with zero
    slack and a negative entry (a degenerate exchange on a negative pivot element). That is all
    of them, so the walk meets every feasible basis, hence every vertex with its whole tight set:

    * the bases of one vertex are the bases of the linear matroid of its tight rows, and a
      matroid's bases are connected by single exchanges (its basis graph is connected; Maurer
      1973), each of which is one of these pivots (a nonzero pivot element on a zero slack);
    * an edge of P leaving a vertex keeps d - 1 independent tight rows tight; with one more tight
      row they form a basis from which dropping that row follows the edge at a positive step
      (no tight row blocks a direction inside P) to the edge's other end;
    * the graph of P is connected (Balinski 1961).

    Every slack and dictionary entry is snapped: at most ``snap`` in size it is exactly zero (the
    rounding of a zero), at least ``band`` it stands; in between the walk declines
    (:data:`UNCLEAR`), as it does for an entry over ``big`` (:data:`ILL_CONDITIONED`) or more
    than ``limit`` bases (:data:`TOO_MANY`).

    Returns ``(status, vertices, bases)``: the vertices' tight-row keys in the order found (the
    origin first) and the number of bases visited.
    """
    d, k = M.shape
    one = np.uint64(1)
    bases = np.zeros(256, dtype=np.uint64)
    bshift = np.uint64(64 - 8)
    seen = np.zeros(256, dtype=np.uint64)
    vshift = np.uint64(64 - 8)
    vertices = np.empty(64, dtype=np.uint64)
    # two levels' dictionaries, swapped after each level (A, b, basic, nonbasic, keys: this level)
    A, b, basic, nonbasic, level_keys = _levels(k, d)
    nA, nb, nbasic, nnon, nkeys = _levels(k, d)
    origin = _origin(M, A, b, basic, nonbasic)
    for c in range(k):
        for i in range(d):
            A[0, c, i] = _clear(A[0, c, i], snap, band)
            if A[0, c, i] != A[0, c, i]:
                return UNCLEAR, vertices[:0], 0
    level_keys[0] = origin
    bases, bshift, visited, _ = _insert(bases, bshift, 0, origin)
    seen, vshift, found, _ = _insert(seen, vshift, 0, origin)
    vertices[0] = origin
    n_level = 1
    while n_level:
        cap = nkeys.size
        w = 0
        for v in range(n_level):
            key = level_keys[v]
            for j in range(d):
                best = np.inf
                for i in range(k):
                    a = A[v, i, j]
                    if a > 0.0:
                        ratio = b[v, i] / a
                        if ratio < best:
                            best = ratio
                if best == np.inf:
                    return UNBOUNDED, vertices[:found], visited
                t = nonbasic[v, j]
                for p in range(k):
                    piv = A[v, p, j]
                    if piv > 0.0:
                        if not b[v, p] - best * piv <= snap:
                            continue        # not met at this step
                    elif not (piv < 0.0 and b[v, p] == 0.0):
                        continue            # not a degenerate exchange either
                    r = basic[v, p]
                    new = key ^ (one << np.uint64(t)) ^ (one << np.uint64(r))
                    bases, bshift, visited, added = _insert(bases, bshift, visited, new)
                    if not added:
                        continue
                    if visited > limit:
                        return TOO_MANY, vertices[:found], visited
                    if w == cap:
                        cap *= 2
                        nA, nb, nbasic, nnon, nkeys = _wider(nA, nb, nbasic, nnon, nkeys, cap)
                    _pivot(A, b, basic, nonbasic, v, p, j, nA, nb, nbasic, nnon, w, -np.inf, np.inf)   # checked below, snapped
                    tight = new
                    for i in range(k):
                        x = _clear(nb[w, i], snap, band)
                        if not x >= 0.0:            # unclear, NaN, or clearly negative
                            return UNCLEAR, vertices[:found], visited
                        nb[w, i] = x
                        if x == 0.0:
                            tight |= one << np.uint64(basic[v, i] if i != p else t)
                        for l in range(d):
                            y = _clear(nA[w, i, l], snap, band)
                            if y != y:
                                return UNCLEAR, vertices[:found], visited
                            if abs(y) > big:
                                return ILL_CONDITIONED, vertices[:found], visited
                            nA[w, i, l] = y
                    nkeys[w] = new
                    w += 1
                    seen, vshift, found, added = _insert(seen, vshift, found, tight)
                    if added:
                        vertices = _put(vertices, found - 1, tight)
        A, b, basic, nonbasic, level_keys, nA, nb, nbasic, nnon, nkeys = nA, nb, nbasic, nnon, nkeys, A, b, basic, nonbasic, level_keys
        n_level = w
    return OK, vertices[:found], visited


@_jit(inline="always")
def _mul128(a, b):
    """The product of two uint64 as 128 bits ``(high, low)`` (schoolbook on 32-bit halves)."""
    a0, a1 = a & _M32, a >> _S32
    b0, b1 = b & _M32, b >> _S32
    p0, p1, p2 = a0 * b0, a0 * b1, a1 * b0
    mid = (p0 >> _S32) + (p1 & _M32) + (p2 & _M32)
    return a1 * b1 + (p1 >> _S32) + (p2 >> _S32) + (mid >> _S32), (p0 & _M32) | (mid << _S32)


@_jit(inline="always")
def _less128(h1, l1, h2, l2):
    return h1 < h2 or (h1 == h2 and l1 < l2)


@_jit(inline="always")
def _product_order(x1, y1, x2, y2):
    """-1, 0 or 1 as ``x1 y1`` is below, equal to or above ``x2 y2`` (all four non-negative, below
    :data:`INT_BOUND`): exactly, in int64 when all are below :data:`SMALL`, else in 128 bits."""
    if x1 < SMALL and y1 < SMALL and x2 < SMALL and y2 < SMALL:
        u, v = x1 * y1, x2 * y2
        return -1 if u < v else (1 if u > v else 0)
    h1, l1 = _mul128(np.uint64(x1), np.uint64(y1))
    h2, l2 = _mul128(np.uint64(x2), np.uint64(y2))
    return -1 if _less128(h1, l1, h2, l2) else (1 if _less128(h2, l2, h1, l1) else 0)


@_jit(inline="always")
def _odd_inverse(den):
    """``(s, inv)``: ``den = 2^s o`` with ``o`` odd, and the inverse of ``o`` modulo 2^64 (Newton's
    iteration doubles the correct low bits from 3: ``o o = 1`` modulo 8)."""
    o = np.uint64(den)
    s = np.uint64(0)
    while o & np.uint64(1) == 0:
        o >>= np.uint64(1)
        s += np.uint64(1)
    inv = o
    for _ in range(5):
        inv *= np.uint64(2) - o * inv
    return s, inv


@_jit(inline="always")
def _exact_quotient(piv, a, f, c, den, s, inv):
    r"""``((piv a - f c) / den, ok)`` for a division known to be exact (``den > 0``; ``s``, ``inv``
    from :func:`_odd_inverse`); ``ok`` is False when the quotient is not below :data:`INT_BOUND`.

    In int64 when the four factors are below :data:`SMALL`. Otherwise the two products in 128
    bits, their difference as a sign and a 128-bit size, compared with ``den 2^62`` exactly, and
    the quotient as (size :math:`\gg s`) times ``inv`` modulo 2^64: exact division by an odd
    number is multiplication by its inverse, and the quotient, below 2^62, is its own residue.
    """
    if -SMALL < piv < SMALL and -SMALL < a < SMALL and -SMALL < f < SMALL and -SMALL < c < SMALL:
        x = (piv * a - f * c) // den
        return x, -INT_BOUND < x < INT_BOUND
    n1 = (piv < 0) != (a < 0)                    # the sign of each product
    n2 = (f < 0) != (c < 0)
    h1, l1 = _mul128(np.uint64(abs(piv)), np.uint64(abs(a)))
    h2, l2 = _mul128(np.uint64(abs(f)), np.uint64(abs(c)))
    if n1 != n2:                                 # piv a - f c = +-(|piv a| + |f c|)
        lo = l1 + l2
        hi = h1 + h2 + (np.uint64(1) if lo < l1 else np.uint64(0))
        negative = n1
    elif _less128(h1, l1, h2, l2):               # = -+(|f c| - |piv a|)
        lo = l2 - l1
        hi = h2 - h1 - (np.uint64(1) if l2 < l1 else np.uint64(0))
        negative = not n1
    else:                                        # = +-(|piv a| - |f c|)
        lo = l1 - l2
        hi = h1 - h2 - (np.uint64(1) if l1 < l2 else np.uint64(0))
        negative = n1
    u = np.uint64(den)
    if not _less128(hi, lo, u >> np.uint64(2), (u & np.uint64(3)) << np.uint64(62)):
        return 0, False                          # |quotient| >= 2^62
    if s:
        lo = (lo >> s) | (hi << (np.uint64(64) - s))
    q = np.int64(lo * inv)
    return (-q if negative else q), True


@_jit()
def _int_levels(k, d):
    """:func:`_levels` for integer dictionaries: ``T`` (., k, d) and ``[b | D]`` (., k + 1) in int64."""
    return (np.empty((64, k, d), dtype=np.int64), np.empty((64, k + 1), dtype=np.int64),
            np.empty((64, k), dtype=np.int64), np.empty((64, d), dtype=np.int64), np.empty(64, dtype=np.uint64))


@_jit(inline="always")
def _int_pivot(A, b, basic, nonbasic, v, p, j, nA, nb, nbasic, nnon, w):
    """:func:`_pivot` in integers (the fraction-free update of :func:`walk_bases_exact`); the
    denominator is ``b[., k]``. Returns False when an entry reaches :data:`INT_BOUND` in size."""
    k, d = A.shape[1], A.shape[2]
    piv = A[v, p, j]
    den = b[v, k]
    s, inv = _odd_inverse(den)
    sign = 1 if piv > 0 else -1
    for l in range(d):
        nA[w, p, l] = sign * A[v, p, l]
    nA[w, p, j] = sign * den
    nb[w, p] = sign * b[v, p]
    nb[w, k] = sign * piv
    for i in range(k):
        if i == p:
            continue
        f = A[v, i, j]
        x, ok = _exact_quotient(piv, b[v, i], f, b[v, p], den, s, inv)
        if not ok:
            return False
        nb[w, i] = sign * x
        for l in range(d):
            x, ok = _exact_quotient(piv, A[v, i, l], f, A[v, p, l], den, s, inv)
            if not ok:
                return False
            nA[w, i, l] = sign * x
        nA[w, i, j] = -sign * f
    for i in range(k):
        nbasic[w, i] = basic[v, i]
    for l in range(d):
        nnon[w, l] = nonbasic[v, l]
    nbasic[w, p] = nonbasic[v, j]
    nnon[w, j] = basic[v, p]
    return True


@_jit()                 # compiled at its first call: float-only users never pay its compile (about 7 s)
def walk_bases_exact(M, limit):
    r""":func:`walk_bases` in exact integer arithmetic: every vertex of :math:`P = \{z \ge 0 :
    M^\top z \le 1\}` for an integer ``M`` (entries below :data:`INT_BOUND` in size).

    The same walk over all feasible bases, with every decision (signs, ratio-test ties, zero
    slacks) exact. Each dictionary is kept fraction-free (Edmonds 1967; Bareiss 1968; as in
    Avis's lrs): integers ``T`` and ``b`` over a common denominator ``D > 0``, the size of the
    basis's determinant, with :math:`x_B = (b - T x_N) / D`. Pivoting on ``T[p, j] = \pi``:

    .. math:: T'_{il} = (\pi T_{il} - T_{ij} T_{pl}) / D, \quad b'_i = (\pi b_i - T_{ij} b_p) / D
              \quad (i \ne p, l \ne j), \qquad T'_{ij} = -T_{ij}, \quad T'_{pj} = D,
              \quad D' = \pi,

    the pivot row unchanged, and every sign flipped when :math:`\pi < 0`. Each entry is a minor of
    ``[M^T | I | 1]`` (Sylvester's identity), so every division is exact. All entries stay below
    :data:`INT_BOUND` (2^62) in size, the walk declining with :data:`OVERFLOW` when one would
    not; products of two are formed in int64 while the factors are below :data:`SMALL` and in
    128 bits otherwise (:func:`_exact_quotient`). Ratios :math:`b_i / T_{ij}` are compared by
    cross multiplication, likewise exactly (:func:`_product_order`).

    Returns ``(status, vertices, points, bases)``: the vertices' tight-row keys in the order found
    (the origin first); per vertex the integers ``points[v, :d]`` over the denominator
    ``points[v, d]`` (its coordinates at the first basis found, not reduced); and the number of
    bases visited.
    """
    d, k = M.shape
    one = np.uint64(1)
    bases = np.zeros(256, dtype=np.uint64)
    bshift = np.uint64(64 - 8)
    seen = np.zeros(256, dtype=np.uint64)
    vshift = np.uint64(64 - 8)
    vertices = np.empty(64, dtype=np.uint64)
    points = np.zeros((64, d + 1), dtype=np.int64)
    # two levels' dictionaries (T, [b | D], basic, nonbasic, keys), swapped after each level
    A, b, basic, nonbasic, level_keys = _int_levels(k, d)
    nA, nb, nbasic, nnon, nkeys = _int_levels(k, d)
    for c in range(k):
        for i in range(d):
            if not -INT_BOUND < M[i, c] < INT_BOUND:
                return OVERFLOW, vertices[:0], points[:0], 0
    origin = _origin(M, A, b, basic, nonbasic)
    b[0, k] = 1                                  # the denominator D
    level_keys[0] = origin
    bases, bshift, visited, _ = _insert(bases, bshift, 0, origin)
    seen, vshift, found, _ = _insert(seen, vshift, 0, origin)
    vertices[0] = origin
    points[0, d] = 1
    n_level = 1
    while n_level:
        cap = nkeys.size
        w = 0
        for v in range(n_level):
            key = level_keys[v]
            for j in range(d):
                q = -1                           # the row of the least ratio b_q / A_qj so far
                for i in range(k):
                    a = A[v, i, j]
                    if a > 0 and (q < 0 or _product_order(b[v, i], A[v, q, j], b[v, q], a) < 0):
                        q = i
                if q < 0:
                    return UNBOUNDED, vertices[:found], points[:found], visited
                bq = b[v, q]
                aq = A[v, q, j]
                t = nonbasic[v, j]
                for p in range(k):
                    piv = A[v, p, j]
                    if piv > 0:
                        if _product_order(b[v, p], aq, bq, piv) != 0:
                            continue        # not met at this step
                    elif not (piv < 0 and b[v, p] == 0):
                        continue            # not a degenerate exchange either
                    r = basic[v, p]
                    new = key ^ (one << np.uint64(t)) ^ (one << np.uint64(r))
                    bases, bshift, visited, added = _insert(bases, bshift, visited, new)
                    if not added:
                        continue
                    if visited > limit:
                        return TOO_MANY, vertices[:found], points[:found], visited
                    if w == cap:
                        cap *= 2
                        nA, nb, nbasic, nnon, nkeys = _wider(nA, nb, nbasic, nnon, nkeys, cap)
                    if not _int_pivot(A, b, basic, nonbasic, v, p, j, nA, nb, nbasic, nnon, w):
                        return OVERFLOW, vertices[:found], points[:found], visited
                    tight = new
                    for i in range(k):
                        if nb[w, i] == 0:
                            tight |= one << np.uint64(nbasic[w, i])
                    nkeys[w] = new
                    w += 1
                    seen, vshift, found, added = _insert(seen, vshift, found, tight)
                    if added:
                        vertices = _put(vertices, found - 1, tight)
                        if found > points.shape[0]:
                            more = np.zeros((2 * points.shape[0], d + 1), dtype=np.int64)
                            more[:found - 1] = points[:found - 1]
                            points = more
                        for i in range(k):
                            row = nbasic[w - 1, i]
                            if row < d:
                                points[found - 1, row] = nb[w - 1, i]
                        points[found - 1, d] = nb[w - 1, k]
        A, b, basic, nonbasic, level_keys, nA, nb, nbasic, nnon, nkeys = nA, nb, nbasic, nnon, nkeys, A, b, basic, nonbasic, level_keys
        n_level = w
    return OK, vertices[:found], points[:found], visited


@_jit()
def _popcount(key):
    c = 0
    while key:
        key &= key - np.uint64(1)
        c += 1
    return c


@_jit("Tuple((int64, int64[:, ::1]))(uint64[::1], uint64[::1], int64, int64, int64)")
def complete_pairs(labels_p, labels_q, m, n, work_limit):
    r"""The completely labelled vertex pairs: every ``(a, b)``, neither an origin (index 0), with
    ``labels_p[a] | labels_q[b]`` all m + n labels, sorted.

    A vertex of P has at least m labels and one of Q at least n. A P vertex with exactly m pairs
    with a Q vertex holding its n missing labels: exactly those (a hash lookup) or more (a subset
    test against Q's vertices with more than n labels); a P vertex with more than m is tested
    against every Q vertex. Returns ``(status, pairs)``; :data:`TOO_MANY` (no pairs) when the
    subset tests would exceed ``work_limit``.
    """
    one = np.uint64(1)
    full = (one << np.uint64(m + n)) - one
    simple_q = np.zeros(256, dtype=np.uint64)
    shift = np.uint64(64 - 8)
    count = 0
    where = np.zeros(labels_q.size, dtype=np.int64)
    degenerate_q = np.empty(labels_q.size, dtype=np.int64)
    n_deg_q = 0
    for b in range(1, labels_q.size):
        key = labels_q[b]
        if _popcount(key) == n:
            simple_q, shift, count, _ = _insert(simple_q, shift, count, key)
        else:
            degenerate_q[n_deg_q] = b
            n_deg_q += 1
    # the index of each simple Q key: a second pass (the table may have grown while filling)
    index = np.full(simple_q.size, -1, dtype=np.int64)
    for b in range(1, labels_q.size):
        key = labels_q[b]
        if _popcount(key) == n:
            index[_slot(simple_q, key, shift)] = b
    work = 0
    for a in range(1, labels_p.size):
        work += n_deg_q if _popcount(labels_p[a]) == m else labels_q.size
    if work > work_limit:
        return TOO_MANY, np.empty((0, 2), dtype=np.int64)
    out = np.empty((16, 2), dtype=np.int64)
    E = 0
    found = np.empty(labels_q.size, dtype=np.int64)
    for a in range(1, labels_p.size):
        own = labels_p[a]
        need = full & ~own
        c = 0
        if _popcount(own) == m:
            h = _slot(simple_q, need, shift)
            if simple_q[h] == need:
                found[c] = index[h]
                c += 1
            for i in range(n_deg_q):
                b = degenerate_q[i]
                if labels_q[b] & need == need:
                    found[c] = b
                    c += 1
        else:
            for b in range(1, labels_q.size):
                if labels_q[b] & need == need:
                    found[c] = b
                    c += 1
        if c == 0:
            continue
        chosen = np.sort(found[:c])
        if E + c > out.shape[0]:
            more = np.empty((2 * (E + c), 2), dtype=np.int64)
            more[:E] = out[:E]
            out = more
        for i in range(c):
            out[E, 0] = a
            out[E, 1] = chosen[i]
            E += 1
    return OK, out[:E].copy()


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
