r"""Vertex enumeration by compiled pivoting walks: the float and exact paths' vertices without qhull.

The lean path (:mod:`._fast`) finds the vertices of the best-response polytopes
:math:`P = \{x \ge 0 : B'^\top x \le 1\}` and :math:`Q = \{y \ge 0 : A' y \le 1\}` (payoffs mapped
onto [1, 2]) by solving every basis (small polytopes) or by qhull on the polar duals, then checks
them with numpy. With the ``fast`` extra (numba) the vertices come instead from
:func:`._pivot_kernels.equilibrium_keys`, a breadth-first walk over each polytope's graph:

* **The walk.** From the origin, each vertex leaves along each of its d edges (drop one tight
  row: one ratio test in its simplex dictionary) and meets one new tight row; a neighbour not
  seen before is pivoted to and queued. Keys are sets of tight rows in one ``uint64``.
* **Completeness.** A nondegenerate bounded polytope is simple, its edges at a vertex are exactly
  those d pivots and its graph is connected (Balinski 1961), so a walk from the origin that
  follows every edge meets every vertex: the same certificate as the numpy path's, built in.
* **Nondegeneracy, with a margin.** Every vertex reached must have all its k non-tight slacks at
  least :data:`MARGIN` times ``tol`` and its dictionary entries at most :data:`LARGEST` in size;
  else the kernel declines. The numpy path calls a row tight when its slack is within ``tol``.
  Here a tight row's slack is exactly 0, numpy's is rounding; a slack computed here differs from
  numpy's by rounding too, far less than ``(MARGIN - 1) tol`` while the dictionary stays this well
  conditioned (each of at most a few dozen pivots adds an error of about :math:`10^{-16}` times
  its largest entry) and ``tol`` is at least :data:`MIN_TOL`. So whenever the walk answers, the
  numpy path classifies every vertex alike and lists the same vertices.
* **Strategies by numpy.** The kernel returns only the tight rows of each equilibrium's two
  vertices. The strategies are solved from those rows with numpy's LU solve and normalised by the
  numpy path's own function (:func:`._fast.strategies_from_rows`), so they are the numpy path's
  floats bit for bit, and so is everything computed from them.

**Degenerate games.** The lean path hands a degenerate game to the general path; with the
kernels loaded, and when the payoffs are multiples of :math:`2^{-20}` (whole numbers, halves,
...; :func:`whole`), :func:`walked_polytope` first lists each polytope's vertices by
:func:`._pivot_kernels.walk_bases`, a walk over all *feasible bases*. From each basis it takes
every pivot to another feasible basis: each row met first by a ratio test (ties, and degenerate
steps of length 0) and each exchange of a zero slack on a negative entry. The bases of one
vertex are those of the linear matroid of its tight rows, connected by single exchanges (Maurer
1973); every edge leaving a vertex is a pivot from one of its bases; and the polytope's graph is
connected (Balinski): so the walk meets every basis, hence every vertex with its whole tight
set. A slack or dictionary entry at most :data:`SNAP` in size is set to exactly 0 and one at
least ``MARGIN * tol`` stands; in between the walk declines. Setting a value to 0 is right when
it is the rounding of an exact zero, wrong when the data themselves differ by so little (two
payoff rows 1e-13 apart would read as parallel and a vertex where they cross would be lost):
hence the whole-number payoffs, whose degeneracies are exact. The polytope is the general
path's (alike columns merged into one row with their labels), and from the vertices on
:func:`gametheory.core.bimatrix._try_walk` runs the general path's own code (label matching by
:func:`._pivot_kernels.complete_pairs`, strategies by least squares on the tight rows, payoffs,
components).

**Exact games.** For integer payoffs (and Fractions, scaled to integers by the exact path),
:func:`exact_walked_polytope` runs the same walk over all feasible bases in integers:
:func:`._pivot_kernels.walk_bases_exact` keeps each dictionary fraction-free (integers over the
basis determinant, as in Avis's lrs), so every sign, tie and zero slack is decided exactly and
nothing is snapped; each vertex comes with its exact coordinates. Every entry is a minor of the
constraint matrix, kept in int64 below :data:`._pivot_kernels.INT_BOUND` (2^62; products of
two in int64 while both are below 2^31, in 128 bits otherwise, and exact division by an odd
number's inverse modulo 2^64); the walk declines when an entry would reach it, which large
payoffs or many-digit fractions in larger games cause, and the general exact path answers. From the vertices on, :func:`gametheory.core.bimatrix._try_exact_walk`
runs the exact path's own code (label matching, exact strategies, payoffs, exact verification of
every equilibrium, components), so the answer is the exact path's (that path is complete on
degenerate games: its double description takes over where screening is capped). One exception,
as for the float walk: where that path runs out of its default budget (30 s) on a large game and
says ``complete=False``, the walk, if within its own :func:`limit`, lists all equilibria.

**The same answer.** Whenever a kernel declines (degenerate or near-degenerate vertex,
ill-conditioned dictionary, more than :func:`limit` vertices or bases, an even equilibrium count:
a nondegenerate game has an odd number), or ``tol`` is below :data:`MIN_TOL`, or the call has a
``budget`` or ``time_limit``, the code runs as without numba. When a walk answers, the answer is
the one without numba, apart from ``method`` (which says which vertex enumeration ran), in every
game the tests and two referees tried, with one known exception: where the general path cannot
certify a large degenerate vertex set (its cap on the subsets screened at one vertex, or its
30 s budget) and says ``complete=False`` with a note, the walk over all bases, which needs no
such screening, lists the same equilibria with ``complete=True``. (The walks also answer some
games that the numpy lean path declines, an exactly singular basis for instance, with the
general path's answer.)

**Bounded work.** A kernel cannot be interrupted, so each walk stops at :func:`limit` vertices
or bases: at most about 1.5 s of walk and 0.5 GB of dictionaries.

**Warm-up.** The first use in a process imports numba (0.2 s) and loads the kernels from numba's
disk cache (about 0.25 s more; the first use on a machine compiles them, about 12 s, and the
exact walk, compiled at its first call, about 7 s more at the first exact game). A small
game takes 0.1-1 ms on the numpy path, so the warm-up pays only over many games. :func:`kernel`
therefore loads it like a ski rental: once games have spent :data:`WARM_UP` seconds without it
in this process (float games on the lean path, float and exact games on the general path without
``budget`` or ``time_limit``; with numba's cache warm, the total is then at most about twice the
better of the two choices' time), or at once when :func:`load` is called
(:func:`gametheory.core.bimatrix.warm_up`). ``GAMETHEORY_PURE=1`` in the environment, or
:data:`enabled` set to ``False``, keeps the numpy path.

References
----------
.. [1] Balinski, M. L. (1961). On the graph structure of convex polyhedra in n-space. Pacific
   Journal of Mathematics 11(2), 431-434.
.. [2] Maurer, S. B. (1973). Matroid basis graphs. I. Journal of Combinatorial Theory, Series B
   14(3), 216-240.
.. [3] Avis, D. & Fukuda, K. (1992). A pivoting algorithm for convex hulls and vertex enumeration
   of arrangements and polyhedra. Discrete & Computational Geometry 8, 295-313.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

import numpy as np

from ._polytope import merged_columns, row_labels

__all__ = ["LIMIT", "LARGEST", "MARGIN", "MIN_TOL", "SNAP", "WARM_UP", "WHOLE", "ExactWalkedPolytope", "WalkedPolytope",
           "enabled", "exact_walked_polytope", "kernel", "limit", "load", "pivot_rows", "walked_polytope", "whole"]

MARGIN = 10.0
"""A non-tight slack must be at least ``MARGIN * tol`` at every vertex, else the walks decline."""

SNAP = 1e-12
"""The walk over all bases reads a slack or entry at most this large as an exact zero (rounding of
a zero; between it and ``MARGIN * tol`` it declines)."""

MIN_TOL = 1e-11
"""Smallest ``tol`` the walks take: below it, rounding (up to about 1e-12 after a few dozen
pivots with entries up to :data:`LARGEST`) is not clearly below the tolerance, and numpy answers."""

LARGEST = 1e4
"""Largest dictionary entry allowed (a bound on the basis inverse's size, hence on rounding)."""

LIMIT = 200_000
"""Most vertices (bases, for the walk over all bases) per polytope; beyond it numpy answers."""

BYTES = 2**28
"""Most bytes in one level's dictionaries (d k + 2 k + d + 1 words each). Two levels are held at
once, and a growing level briefly holds its old buffer too: at most about 0.5 GB in all."""

WHOLE = 2.0 ** 20
"""The walk over all bases takes payoffs that are multiples of ``1 / WHOLE`` (and below
:data:`WHOLE_LIMIT` in size): their degeneracies are exact."""

WHOLE_LIMIT = 2.0 ** 30
"""Largest payoff size the walk over all bases takes (multiples of ``1 / WHOLE``, so every payoff
times ``WHOLE`` is an integer below 2^50, exact in a float)."""

WARM_UP = 0.4
"""Seconds of work without the walks (float or exact games) in a process after which :func:`kernel` loads them."""

MAX_ROWS = 62
"""Largest m + n the walk takes (its keys are ``uint64`` bit sets with room to spare)."""


def limit(d: int, k: int, extra: int = 0) -> int:
    """Most vertices (or bases) a walk over a polytope with d coordinates and k payoff rows may visit:
    :data:`LIMIT`, and within :data:`BYTES` (also about 1.5 s of walk at most: the kernels cannot
    be interrupted). ``extra``: words per basis beyond the float dictionary's (the exact walk's
    denominator and its vertex coordinates)."""
    return min(LIMIT, BYTES // (8 * (d * k + 2 * k + d + 1 + extra)))


def whole(M: np.ndarray) -> bool:
    """Whether every entry of ``M`` is a multiple of ``1 / WHOLE`` below ``WHOLE_LIMIT`` in size (False for NaN and inf)."""
    if not np.all(np.abs(M) < WHOLE_LIMIT):       # first: scaling a huge entry would overflow
        return False
    scaled = M * WHOLE
    return bool(np.array_equal(scaled, np.round(scaled)))


#: Use the compiled walk when numba is installed (``False``: always the numpy path).
enabled: bool = os.environ.get("GAMETHEORY_PURE", "").strip() not in ("1", "true", "yes")

#: Load the walk automatically after :data:`WARM_UP` seconds of numpy work (the tests switch it
#: off, so that which path ran does not depend on timing; they load it explicitly).
automatic: bool = True

_kernels: ModuleType | None = None
_tried = False
_spent = 0.0


def load() -> ModuleType | None:
    """The compiled kernels (imported now if need be), or ``None`` without numba or when disabled."""
    global _kernels, _tried
    if not enabled:
        return None
    if not _tried:
        _tried = True
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")       # numba's cache and deprecation notices stay internal
                from gametheory.core.bimatrix import _pivot_kernels
            _kernels = _pivot_kernels
        except Exception:  # pragma: no cover - numba missing or broken: the numpy path runs
            _kernels = None
    return _kernels


def kernel() -> ModuleType | None:
    """The compiled kernels if loaded, or once the numpy path has spent :data:`WARM_UP` seconds."""
    if _kernels is not None:
        return _kernels if enabled else None
    if automatic and not _tried and _spent >= WARM_UP:
        return load()
    return None


def charge(seconds: float) -> None:
    """Count ``seconds`` of work on a game the walks might have taken towards :data:`WARM_UP`."""
    global _spent
    _spent += seconds


def pivot_rows(kernels: ModuleType, MP: np.ndarray, MQ: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray] | None:
    """The ascending tight rows of each equilibrium's P and Q vertices, or None when the walk declines.

    ``MP`` (m, n) and ``MQ`` (n, m) are the mapped payoffs of :func:`._fast.fast_float_equilibria`.
    """
    m, n = MP.shape
    if m + n > MAX_ROWS or not tol >= MIN_TOL:
        return None
    try:
        status, rows_p, rows_q, _, _ = kernels.equilibrium_keys(
            np.ascontiguousarray(MP), np.ascontiguousarray(MQ), MARGIN * tol, limit(m, n), LARGEST)
    except MemoryError:
        return None
    if status != kernels.OK or len(rows_p) % 2 == 0:   # an even count: tolerance trouble (Shapley 1974)
        return None
    return rows_p, rows_q


@dataclass(frozen=True)
class WalkedPolytope:
    """A best-response polytope's vertices from :func:`walked_polytope`, in the general path's terms.

    Attributes
    ----------
    G, h : ndarray
        The constraint rows :math:`G z \\le h` (zero rows, then the merged column rows), as
        :class:`._polytope.BestResponsePolytope` builds them.
    tight : ndarray of bool, shape (V, R)
        The tight rows of each vertex (vertex 0 is the origin).
    labels : ndarray of bool, shape (V, m + n)
        The labels of each vertex (:meth:`._polytope.BestResponsePolytope.label_matrix`).
    label_keys : ndarray of uint64, shape (V,)
        The same labels as bit sets (label l is bit l).
    """

    G: np.ndarray
    h: np.ndarray
    tight: np.ndarray
    labels: np.ndarray
    label_keys: np.ndarray


def walked_polytope(kernels: ModuleType, M: np.ndarray, zero_labels: tuple[int, ...], col_labels: tuple[int, ...],
                    nlabels: int, tol: float) -> WalkedPolytope | None:
    """Every vertex of :math:`\\{z \\ge 0 : M^\\top z \\le 1\\}`, degenerate ones included, by the walk over all bases.

    The polytope is the general path's (:class:`._polytope.BestResponsePolytope` with the same
    arguments: columns alike within ``tol`` merged into one row carrying their labels). None when
    the walk declines (:func:`._pivot_kernels.walk_bases`).
    """
    d, k = M.shape
    if d + k > MAX_ROWS or not tol >= MIN_TOL:
        return None
    same = np.max(np.abs(M[:, :, None] - M[:, None, :]), axis=0) <= tol
    groups, reps = merged_columns(same)
    Mf = np.ascontiguousarray(M[:, reps])
    try:
        status, keys, _ = kernels.walk_bases(Mf, SNAP, MARGIN * tol, limit(d, len(reps)), LARGEST)
    except MemoryError:
        return None
    if status != kernels.OK:
        return None
    neg_eye, h, tight, labels, label_keys = _labelled(keys, d, groups, zero_labels, col_labels, nlabels)
    return WalkedPolytope(np.concatenate((neg_eye, Mf.T)), h, tight, labels, label_keys)


@dataclass(frozen=True)
class ExactWalkedPolytope:
    """A best-response polytope's vertices from :func:`exact_walked_polytope`, exactly.

    Attributes
    ----------
    labels : ndarray of bool, shape (V, m + n)
        The labels of each vertex (vertex 0 is the origin).
    label_keys : ndarray of uint64, shape (V,)
        The same labels as bit sets (label l is bit l).
    points : ndarray of int64, shape (V, d + 1)
        Each vertex's exact coordinates: the integers ``points[v, :d]`` over ``points[v, d] > 0``.
    """

    labels: np.ndarray
    label_keys: np.ndarray
    points: np.ndarray


def exact_walked_polytope(kernels: ModuleType, M: list[list[int]], zero_labels: tuple[int, ...],
                          col_labels: tuple[int, ...], nlabels: int) -> ExactWalkedPolytope | None:
    r"""Every vertex of :math:`\{z \ge 0 : M^\top z \le 1\}` for a positive integer ``M`` (d x k lists), exactly.

    The polytope is the exact general path's (:class:`._polytope.BestResponsePolytope` with
    ``M_int = M``: equal columns merged into one row carrying their labels); the vertices come
    from :func:`._pivot_kernels.walk_bases_exact`. None when the walk declines (an entry too
    large for int64 products, more than :func:`limit` bases).
    """
    d, k = len(M), len(M[0])
    if d + k > MAX_ROWS or max(max(r) for r in M) >= kernels.INT_BOUND:
        return None
    Mi = np.array(M, dtype=np.int64).reshape(d, k)
    same = (Mi[:, :, None] == Mi[:, None, :]).all(axis=0)
    groups, reps = merged_columns(same)
    try:
        status, keys, points, _ = kernels.walk_bases_exact(np.ascontiguousarray(Mi[:, reps]),
                                                         limit(d, len(reps), 1 + 2 * (d + 1)))
    except MemoryError:
        return None
    if status != kernels.OK:
        return None
    _, _, _, labels, label_keys = _labelled(keys, d, groups, zero_labels, col_labels, nlabels)
    return ExactWalkedPolytope(labels, label_keys, points)


def _labelled(keys: np.ndarray, d: int, groups: list[list[int]], zero_labels: tuple[int, ...],
              col_labels: tuple[int, ...], nlabels: int) -> tuple[np.ndarray, ...]:
    """``(-I, h, tight, labels, label_keys)`` of the vertices with tight-row keys ``keys``: each
    vertex's tight rows and labels as boolean rows, and its labels as a bit set (label l is bit l)."""
    neg_eye, h, label_row, masks = _rows(d, tuple(tuple(g) for g in groups), zero_labels, col_labels, nlabels)
    tight = (keys[:, None] >> _powers(len(masks))) & np.uint64(1) == 1
    label_keys = np.bitwise_or.reduce(np.where(tight, masks, np.uint64(0)), axis=1)
    return neg_eye, h, tight, tight[:, label_row], label_keys


@lru_cache(maxsize=64)
def _rows(d: int, groups: tuple[tuple[int, ...], ...], zero_labels: tuple[int, ...], col_labels: tuple[int, ...],
          nlabels: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``-I`` (d x d), the right-hand side h, each label's row and each row's labels as a bit set."""
    lab = row_labels(d, [list(g) for g in groups], list(zero_labels), list(col_labels), nlabels)
    h = np.concatenate([np.zeros(d), np.ones(len(groups))])
    masks = (lab.astype(np.uint64) << np.arange(nlabels, dtype=np.uint64)).sum(axis=1, dtype=np.uint64)
    out = (-np.eye(d), h, np.argmax(lab, axis=0), masks)
    for a in out:
        a.flags.writeable = False
    return out


@lru_cache(maxsize=64)
def _powers(R: int) -> np.ndarray:
    """0, 1, ..., R - 1 as uint64 (bit positions)."""
    return np.arange(R, dtype=np.uint64)
