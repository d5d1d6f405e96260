"""Small exact linear algebra on Python integers and fractions (no floating point).

These routines decide every exact answer of :mod:`gametheory.core.bimatrix`: a vertex of a
best-response polytope is accepted only after its coordinates were obtained by the
fraction-free (Bareiss) elimination below and its constraints were checked in integers.

References
----------
.. [1] Bareiss, E. H. (1968). Sylvester's identity and multistep integer-preserving Gaussian
   elimination. Mathematics of Computation 22(103), 565-578.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd, lcm, log2
from typing import Sequence

import numpy as np

__all__ = ["integer_scale", "common_denominator", "solve_square", "solve_ones_many", "left_null_many", "null_vector"]


def integer_scale(values: Sequence[Fraction]) -> tuple[list[int], Fraction, int | Fraction]:
    """Affine map of exact numbers onto positive integers: ``v -> (v - lo) * L + 1``.

    Returns the integers, ``lo`` and the scale ``L`` (the lcm of the denominators of ``v - lo``;
    1 when all values are equal). Positive affine maps of a player's payoffs leave best responses,
    hence the equilibria, unchanged.
    """
    lo = min(values)
    shifted = [v - lo for v in values]
    scale = 1
    for v in shifted:
        scale = lcm(scale, v.denominator)
    ints = [int(v * scale) + 1 for v in shifted]
    g = 0
    for k in ints:
        g = gcd(g, k - 1)
    if g > 1:  # smaller integers keep every later product small
        ints = [(k - 1) // g + 1 for k in ints]
        return ints, lo, Fraction(scale, g)
    return ints, lo, scale


def common_denominator(values) -> tuple[np.ndarray, int]:
    """Fractions (any shape) as integers over one denominator: ``values = ints / den``.

    Returns the integers as an object array of the same shape (Python ints: products and sums
    stay exact) and ``den``, the lcm of the denominators.

    Examples
    --------
    >>> ints, den = common_denominator(np.array([Fraction(1, 2), Fraction(1, 3)], dtype=object))
    >>> ints.tolist(), den
    ([3, 2], 6)
    """
    arr = np.asarray(values, dtype=object)
    den = lcm(*(Fraction(v).denominator for v in arr.flat)) if arr.size else 1
    ints = np.array([Fraction(v).numerator * (den // Fraction(v).denominator) for v in arr.flat],
                    dtype=object).reshape(arr.shape)
    return ints, den


def solve_square(rows: list[list[int]], rhs: list[int]) -> tuple[list[int], int] | None:
    """Solve ``M x = b`` for integer ``M`` (r x k, r >= k) of full column rank, exactly.

    Fraction-free Gaussian elimination with row selection (Bareiss 1968). Rows beyond the
    ``k`` pivot rows are ignored (the caller verifies them). Returns ``(num, den)`` with
    ``x = num / den``, ``den > 0``, or ``None`` when the rank is below ``k``.

    Examples
    --------
    >>> solve_square([[2, 1], [1, 3]], [1, 1])      # x = (2/5, 1/5)
    ([2, 1], 5)
    >>> solve_square([[1, 1], [2, 2]], [1, 1]) is None
    True
    """
    k = len(rows[0]) if rows else 0
    if k == 0:
        return [], 1
    a = [list(r) + [b] for r, b in zip(rows, rhs)]
    nrows = len(a)
    prev = 1
    for c in range(k):
        p = next((r for r in range(c, nrows) if a[r][c] != 0), None)
        if p is None:
            return None
        if p != c:
            a[c], a[p] = a[p], a[c]
        pc = a[c]
        piv = pc[c]
        for r in range(c + 1, nrows):
            ar = a[r]
            f = ar[c]
            if f == 0:
                if piv != prev:
                    a[r] = [(piv * x) // prev for x in ar]
                continue
            a[r] = [(piv * ar[j] - f * pc[j]) // prev for j in range(k + 1)]
        prev = piv
    # a[:k] is upper triangular; back substitution with the common denominator det = a[k-1][k-1]
    det = a[k - 1][k - 1]
    num = [0] * k
    for c in range(k - 1, -1, -1):
        s = a[c][k] * det
        for j in range(c + 1, k):
            s -= a[c][j] * num[j]
        num[c] = s // a[c][c]
        if num[c] * a[c][c] != s:  # pragma: no cover - guaranteed by Cramer's rule
            raise ArithmeticError("Bareiss back substitution is not integral")
    if det < 0:
        det, num = -det, [-v for v in num]
    g = det
    for v in num:
        g = gcd(g, v)
    if g > 1:
        det, num = det // g, [v // g for v in num]
    return num, det


def solve_ones_many(M: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`solve_square` for a stack of systems ``M x = 1``, in int64 where that is provably exact.

    ``M`` is an integer array (n, r, k), r >= k. The same fraction-free elimination with the
    same row selection runs on all systems at once. Every entry it forms is a minor of the
    augmented matrix ``[M | 1]`` (Sylvester's identity, as in Bareiss 1968); the entries that
    enter a product are of order at most k, so by Hadamard's inequality at most ``H``, the
    product of the k largest row norms of ``[M | 1]`` (each at least 1), and each product or
    sum formed (elimination and back substitution) is at most ``(k + 1) H^2`` (rows beyond the
    k-th reach order k + 1 at the last step, as a result only). A system is solved in
    int64 only when ``(k + 2) H^2 < 2^62`` (checked in floating point with that margin);
    for the others ``fits`` is False and the caller uses :func:`solve_square`.

    Returns ``(num, den, solved, fits)``: ``num`` (n, k) and ``den`` (n,) int64 with ``x = num /
    den`` reduced, ``den > 0`` (the answer of :func:`solve_square`), ``solved`` False where the
    rank is below k, and ``fits`` as above; ``num``, ``den`` and ``solved`` are meaningful only
    where ``fits``.

    Examples
    --------
    >>> num, den, solved, fits = solve_ones_many(np.array([[[2, 1], [1, 3]], [[1, 1], [2, 2]]]))
    >>> num[0].tolist(), int(den[0]), solved.tolist(), fits.tolist()
    ([2, 1], 5, [True, False], [True, True])
    """
    M = np.asarray(M)
    n, r, k = M.shape
    if k == 0:
        return (np.zeros((n, 0), dtype=np.int64), np.ones(n, dtype=np.int64),
                np.ones(n, dtype=bool), np.ones(n, dtype=bool))
    a = np.concatenate([M, np.ones((n, r, 1), dtype=M.dtype)], axis=2)     # [M | 1]
    fits = _hadamard_fits(a, k, extra=log2(k + 2))
    a = np.where(fits[:, None, None], a, 0).astype(np.int64)
    solved = _bareiss(a, k)
    ok = solved & fits
    diag = np.where(ok[:, None], np.diagonal(a[:, :k, :k], axis1=1, axis2=2), 1)
    den = diag[:, k - 1].copy()
    num = np.zeros((n, k), dtype=np.int64)
    for c in range(k - 1, -1, -1):
        rest = (a[:, c, c + 1:k] * num[:, c + 1:]).sum(axis=1)
        num[:, c] = (np.where(ok, a[:, c, k], 0) * den - rest) // diag[:, c]
    flip = den < 0
    den = np.where(flip, -den, den)
    num = np.where(flip[:, None], -num, num)
    g = np.gcd.reduce(np.concatenate([den[:, None], num], axis=1), axis=1)
    g = np.where(g > 0, g, 1)
    return num // g[:, None], den // g, solved, fits


def _bareiss(a: np.ndarray, cols: int) -> np.ndarray:
    """Fraction-free elimination (Bareiss 1968) of the first ``cols`` columns of every matrix of
    the int64 stack ``a`` (n, r, c), in place, with :func:`solve_square`'s row selection (the
    first row with a nonzero in the column). The caller proves int64 exact (Hadamard's bound).
    Returns where every column had a pivot (rank ``cols``)."""
    n = a.shape[0]
    every = np.arange(n)
    ranked = np.ones(n, dtype=bool)
    prev = np.ones(n, dtype=np.int64)
    for c in range(cols):
        nz = a[:, c:, c] != 0
        ranked &= nz.any(axis=1)
        p = c + nz.argmax(axis=1)
        row_c = a[every, c].copy()
        a[every, c] = a[every, p]
        a[every, p] = row_c
        piv = np.where(ranked, a[:, c, c], 1)
        a[:, c + 1:, :] = (piv[:, None, None] * a[:, c + 1:, :]
                           - a[:, c + 1:, c:c + 1] * a[:, c:c + 1, :]) // prev[:, None, None]
        prev = piv
    return ranked


def _hadamard_fits(M: np.ndarray, order: int, extra: float = 0.0) -> np.ndarray:
    """Per system of the stack ``M`` (n, r, c): is ``2^extra * H^2 < 2^62`` for ``H`` the product of
    the ``order`` largest of ``max(1, row norm)`` over the rows of ``M``? ``H`` bounds every minor
    of ``M`` of order at most ``order`` (Hadamard's inequality; the factors of at least 1 make
    the bound hold for the lower orders too, and for zero rows)."""
    Mf = M.astype(float)
    lognorm = np.log2(np.maximum(1.0, np.sqrt((Mf * Mf).sum(axis=2))))
    log_h = np.sort(lognorm, axis=1)[:, max(0, M.shape[1] - order):].sum(axis=1)
    return (np.abs(Mf).max(axis=(1, 2), initial=0.0) < 2.0 ** 31) & (extra + 2 * log_h < 62)


def left_null_many(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An integer basis of the left null space of each integer matrix of a stack, in int64.

    ``M`` is (n, r, s) with rank s (r >= s). Fraction-free elimination (Bareiss 1968) of the
    first s columns of ``[M | I_r]`` with row exchanges leaves rows s .. r-1 as ``[0 | mu]``:
    ``mu`` (r - s rows) is an invertible transform's rows with ``mu M = 0``, an integer basis of
    the left null space. Every entry formed is a minor of ``[M | I]`` of order at most s + 1,
    so the int64 arithmetic is exact where ``2 H^2 < 2^62`` for ``H`` the product of its s + 1
    largest row norms (Hadamard); ``ok`` is False where that fails or the rank is below s.

    Returns ``(mu, ok)``: ``mu`` (n, r - s, r) int64, meaningful where ``ok``.

    Examples
    --------
    >>> mu, ok = left_null_many(np.array([[[1, 2], [3, 4], [4, 6]]]))    # row 3 = row 1 + row 2
    >>> mu[0].tolist(), ok.tolist()
    ([[2, 2, -2]], [True])
    """
    M = np.asarray(M)
    n, r, s = M.shape
    a = np.concatenate([M, np.broadcast_to(np.eye(r, dtype=M.dtype), (n, r, r))], axis=2)   # [M | I]
    ok = _hadamard_fits(a, s + 1, extra=1.0)
    a = np.where(ok[:, None, None], a, 0).astype(np.int64)
    a[:, :, s:] = np.eye(r, dtype=np.int64)
    ok &= _bareiss(a, s)
    return a[:, s:, s:], ok


def null_vector(rows: list[list[int]], k: int) -> list[int] | None:
    """An integer vector spanning the null space of an integer matrix with ``k`` columns.

    Returns ``None`` unless the null space is exactly one-dimensional (rank ``k - 1``).
    Division-free elimination (rows kept primitive by their gcd), then integer back substitution.

    Examples
    --------
    >>> null_vector([[1, 1, 0], [0, 1, 1]], 3)
    [1, -1, 1]
    >>> null_vector([[1, 1, 0], [2, 2, 0]], 3) is None
    True
    """
    if k == 0:
        return None
    a = [list(r) for r in rows]
    nr = len(a)
    pivots: list[int] = []
    r = 0
    for c in range(k):
        p = next((i for i in range(r, nr) if a[i][c] != 0), None)
        if p is None:
            continue
        a[r], a[p] = a[p], a[r]
        pr = a[r]
        u = pr[c]
        for i in range(r + 1, nr):
            f = a[i][c]
            if f:
                row = [u * x - f * y for x, y in zip(a[i], pr)]
                g = 0
                for x in row:
                    g = gcd(g, x)
                a[i] = [x // g for x in row] if g > 1 else row
        pivots.append(c)
        r += 1
        if r == nr:
            break
    if len(pivots) != k - 1:
        return None
    free = next(c for c in range(k) if c not in pivots)
    z = [0] * k
    z[free] = 1
    for i in range(len(pivots) - 1, -1, -1):
        c = pivots[i]
        s = sum(a[i][j] * z[j] for j in range(c + 1, k))
        u = a[i][c]
        g = gcd(s, u)
        m = u // g
        if m != 1:
            z = [x * m for x in z]
        z[c] = -s // g
    g = 0
    for x in z:
        g = gcd(g, x)
    return [x // g for x in z]
