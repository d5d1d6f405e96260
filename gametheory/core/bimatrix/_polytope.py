r"""Vertices of a best-response polytope, found by qhull and certified complete by adjacency.

A best-response polytope is :math:`\{z \in \mathbb{R}^d : z \ge 0,\ M^\top z \le 1\}` for a
payoff matrix :math:`M` (d x k) with positive entries, so it is bounded. Its constraint rows are
the *zero rows* :math:`-e_i^\top z \le 0` and the *column rows* :math:`M_{\cdot c}^\top z \le 1`
(identical columns are merged into one row that carries all their labels).

Pipeline
--------
1. ``seed_qhull``: :class:`scipy.spatial.HalfspaceIntersection` (qhull) gives floating-point
   vertices; their tight rows are read off with a tolerance and duplicates (qhull reports a
   degenerate vertex once per simplicial facet of its triangulated dual) are merged by tight set.
   For exact games every point is *refined*: the tight system on its support is solved by
   fraction-free elimination, feasibility and tightness are checked in integers, and only then is
   the point accepted as a vertex.
2. ``close``: the certificate. The graph of a polytope is connected (Balinski 1961), so a set of
   vertices that contains, for every vertex, the far end of every edge at it is the whole vertex
   set. At a simple vertex (exactly d tight rows) the edges are "drop one tight row", and the far
   end of the edge dropping row t is any *other* known vertex whose tight set contains the d-1
   remaining rows (a vertex on the edge's line is an endpoint of the edge): a purely
   combinatorial check on tight sets (sorted bit keys: every key ``T(v) - {t}`` must occur at a
   second vertex). At a degenerate vertex (d + k tight rows, k > 0) the edges are the extreme
   rays of its tangent cone, spanned by (d-1)-subsets of its tight rows of rank d-1. They are
   read off the signed k x k minors of a basis of the tight rows' linear dependencies (Gale
   duality, :meth:`BestResponsePolytope._gale_edges`: one small SVD per vertex in float mode,
   an integer basis by int64 Bareiss in exact mode) or, where that does not apply, every subset
   is screened by batched SVDs with rigorous error bounds (in exact mode the bounds decide rank,
   signs and exact zeros; the undecided subsets are decided in integer arithmetic). An edge's
   direction is computed only when no known vertex covers it; the missing neighbour is then
   found by a ratio test along the edge and added; the loop ends when nothing is missing. Starting from the origin alone this is a
   complete vertex enumeration by itself, used when qhull fails or the dimension is 1.
3. A shorter proof comes first: :func:`hull_certificate` checks that qhull's
   triangulated facets of the polar dual form a closed, coherently oriented surface of
   non-degenerate simplices on supporting hyperplanes, which then covers the whole boundary of
   the dual, so every vertex is listed. It needs no edge directions at degenerate vertices (the
   walk's costly part: one determinant per simplex instead). It runs when qhull's simplices
   times :math:`d^3` are at most :data:`HULL_CERTIFICATE_WORK`: in float mode when every slack is
   clearly tight or clearly slack, in exact mode on the refined vertices' exact tight sets, with
   flat simplices confirmed in integers, up to :data:`EXACT_CERTIFICATE_DIMENSION`. Otherwise
   ``close`` runs as before.

In exact mode every decision (tightness, rank, signs, ratio tests) is made in integer/rational
arithmetic or by floating-point tests with proven error bounds, so ``complete`` is a proof. In
floating-point mode the same steps use the tolerance (the Gale reading, where the tolerance
decision is clear of the SVD's rounding). The number of subsets screened at
degenerate vertices is capped (``subset_cap`` per vertex, ``subset_budget`` in all); past the
cap ``close`` reports an uncertified (incomplete) vertex set instead of running for hours.

Exact mode has a second, degeneracy-proof method, :meth:`BestResponsePolytope.double_description`
(exact integer double description), used when qhull is too big to call (its output is bounded by
the upper bound theorem beforehand: qhull runs in C and cannot be interrupted) or when ``close``
cannot certify a degenerate vertex set. All loops check an optional
:class:`~gametheory.core.budget.BudgetClock` (``self.clock``).

References
----------
.. [1] Balinski, M. L. (1961). On the graph structure of convex polyhedra in n-space. Pacific
   Journal of Mathematics 11(2), 431-434.
.. [2] Ziegler, G. M. (1995). Lectures on Polytopes, chapter 6 (Gale diagrams). Springer.
.. [3] Bareiss, E. H. (1968). Sylvester's identity and multistep integer-preserving Gaussian
   elimination. Mathematics of Computation 22(103), 565-578.
.. [4] Anderson, E. et al. (1999). LAPACK Users' Guide, 3rd ed., section 4.9 (error bounds for
   the singular value decomposition). SIAM.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from itertools import combinations
from math import comb, gcd
from typing import Any

import numpy as np

from ._blas import serial_matmul
from ._hull import hull_facets
from ._exact import left_null_many, null_vector, solve_ones_many, solve_square
from ._store import Edges, Rows, pack_rows, row_bits, unpaired

__all__ = ["BestResponsePolytope", "merged_columns", "pack_rows", "row_labels"]

_SEED_TOL = 1e-7  # tolerance for reading tight rows off qhull's points before exact refinement
# float mode: qhull's boundary certifies a vertex list (hull_certificate) only when every slack is
# at most _CLEARLY_TIGHT (rounding; measured <= 3e-15 on integer-valued games) or above
# _CLEARLY_SLACK x tol (measured >= 1.6e-5): a row near the tolerance goes to the adjacency walk
_CLEARLY_TIGHT = 1e-12
_CLEARLY_SLACK = 1e3
#: The most work (simplices x d^3) for which :func:`hull_certificate` runs: it costs a d x d
#: determinant per simplex, the adjacency walk a fixed ~0.4 ms and ~2 microseconds per vertex.
#: Integer-valued (degenerate) games, per polytope, certificate against walk, measured: 6x6 (49
#: simplices) 0.13 against 0.54 ms; 8x8 (257) 0.37 against 1.11; 10x10 (1069) 1.9 against 1.9;
#: 12x12 (4828) 14.6 against 7.9.
HULL_CERTIFICATE_WORK = 10**6
#: Exact mode runs the certificate up to this dimension. The determinant of a simplex's points,
#: each scaled to unit length, has |det| <= 1, and its sign is read only when |det| > 1e-9.
#: LU with partial pivoting computes det(Q + E) with |E| <= gamma_d |L||U| entrywise (Higham,
#: Accuracy and Stability of Numerical Algorithms, thm 9.3), |L| <= 1 and |U| <= 2^(d-1)
#: (Wilkinson's growth bound), so each row of E has norm at most sqrt(d) d gamma_d 2^(d-1) and the
#: determinant moves by at most about d^1.5 d gamma_d 2^(d-1): 1.7e-10 at d = 8, below the
#: threshold (5.6e-10 at d = 9, 1.8e-9 at d = 10). Simplices under the threshold must be exactly
#: flat (an integer determinant), or the certificate is refused.
EXACT_CERTIFICATE_DIMENSION = 8

GALE_ROUNDING = 2.0
"""Factor p(m, n) of the approximate bound ``p u sigma_1 / gap`` on the angle between the computed
and a true null space of a vertex's tight rows (LAPACK Users' Guide, section 4.9, whose code
fragments take p = 1): float mode reads an edge off Gale minors only where its decision holds
with the minors moved by that much. Measured against the exact null spaces (sympy, rational)
of 453 benchmark-game vertices with 1 to 3 dependencies: at most 0.28 u sigma_1 / gap."""

GALE_MAX_K = 4
"""Largest number k of dependencies (d + k tight rows) whose edges :meth:`BestResponsePolytope._gale_edges`
reads off Gale minors (float mode; exact mode: 2); a vertex with more goes to the subset screen,
whose memory grows with the number of subsets only."""


@lru_cache(maxsize=256)
def _subsets(n: int, k: int) -> np.ndarray:
    """All k-subsets of range(n) as a read-only (comb(n, k), k) index array, lexicographic."""
    out = np.array(list(combinations(range(n), k)), dtype=np.intp).reshape(comb(n, k), k)
    out.flags.writeable = False
    return out


@lru_cache(maxsize=256)
def _complements(n: int, k: int) -> np.ndarray:
    """Row i: the positions (ascending) that ``_subsets(n, k)[i]`` leaves out, (comb(n, k), n-k)."""
    miss = np.ones((comb(n, k), n), dtype=bool)
    np.put_along_axis(miss, _subsets(n, k), False, axis=1)
    out = np.nonzero(miss)[1].reshape(comb(n, k), n - k)
    out.flags.writeable = False
    return out


@lru_cache(maxsize=64)
def _gale_tables(d: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """For the (d-1)-subsets S of d + k positions (``_subsets`` order) and their complements O
    (k + 1 positions): the index in ``_subsets(d + k, k)`` of ``O`` minus its p-th position, and
    the sign ``(-1)^p``, both (comb(d+k, d-1), k+1): the signed maximal minors of a k x (k+1)
    matrix, which span its null space (Cramer). The index of a k-subset c of range(t) in
    lexicographic order is ``comb(t, k) - 1 - sum_j comb(t - 1 - c_j, k - j)``."""
    t = d + k
    O = _complements(t, d - 1)                                   # (nS, k+1)
    binom = np.array([[comb(a, b) for b in range(k + 1)] for a in range(t + 1)], dtype=np.int64)
    at = np.empty(O.shape, dtype=np.intp)
    for p in range(k + 1):
        c = np.delete(O, p, axis=1)                              # (nS, k) ascending
        at[:, p] = comb(t, k) - 1 - binom[t - 1 - c, k - np.arange(k)].sum(axis=1)
    sign = np.where(np.arange(k + 1) % 2 == 0, 1.0, -1.0)
    at.flags.writeable = False
    return at, sign


def _reduced_by_columns(rows: np.ndarray, d: int, Mx: np.ndarray):
    """The (d-1)-subsets ``rows`` grouped by their number c of column rows, each reduced to its matrix.

    A subset with zero rows Z and c column rows has its null vector on the c + 1 free
    coordinates, where it spans the null space of the c x (c+1) matrix of the column rows.
    Yields ``(c, sel, free, red)``: the positions of the group's subsets, their free coordinates
    (Ns, c+1) and, for c > 0, the reduced matrices (Ns, c, c+1) from ``Mx`` (d x columns); None
    for c = 0 (the null vector is the free coordinate's axis).
    """
    ncol = (rows >= d).sum(axis=1)
    for c in np.unique(ncol).tolist():
        sel = np.flatnonzero(ncol == c)
        rs = rows[sel]
        zero = np.zeros((len(sel), d + 1), dtype=bool)    # column d: dummy slot
        np.put_along_axis(zero, np.where(rs < d, rs, d), True, axis=1)
        free = np.argsort(zero[:, :d], axis=1, kind="stable")[:, : c + 1]   # (Ns, c+1)
        if c == 0:
            yield c, sel, free, None
        else:
            cols = rs[:, d - 1 - c:] - d                                  # (Ns, c)
            yield c, sel, free, np.swapaxes(Mx[free[:, :, None], cols[:, None, :]], 1, 2)


def merged_columns(same: np.ndarray) -> tuple[list[list[int]], list[int]]:
    """Groups of alike columns (``same[a, b]``: columns a and b alike) and each group's first column.

    Each group becomes one constraint row carrying all its columns' labels; the groups are listed
    by their first column.
    """
    k = len(same)
    if same.sum() == k:  # no two columns alike (the usual case)
        return [[c] for c in range(k)], list(range(k))
    groups: list[list[int]] = []
    reps: list[int] = []
    seen = np.zeros(k, dtype=bool)
    for c in range(k):
        if not seen[c]:
            g = np.flatnonzero(same[c] & ~seen)
            seen[g] = True
            groups.append(g.tolist())
            reps.append(c)
    return groups, reps


def row_labels(d: int, groups: list[list[int]], zero_labels: list[int], col_labels: list[int],
               nlabels: int) -> np.ndarray:
    """Bool (d + len(groups), nlabels): the labels of each constraint row (zero rows, then the merged column rows)."""
    lab = np.zeros((d + len(groups), nlabels), dtype=bool)
    for i in range(d):
        lab[i, zero_labels[i]] = True
    for r, g in enumerate(groups):
        for c in g:
            lab[d + r, col_labels[c]] = True
    return lab


class BestResponsePolytope:
    """Vertex set of :math:`\\{z \\ge 0 : M^\\top z \\le 1\\}` with its labels.

    Parameters
    ----------
    M_float : ndarray (d, k)
        Positive payoffs scaled to [1, 2] (used by qhull and in float mode).
    M_int : list of list of int or None
        Exact positive integer payoffs (exact mode) or None (float mode).
    zero_labels, col_labels : sequence of int
        Label of the zero row of coordinate i and of the row of column c (0..nlabels-1).
    nlabels : int
        Total number of labels (m + n).
    tol : float
        Tightness tolerance of float mode.
    """

    def __init__(self, M_float, M_int, zero_labels, col_labels, nlabels, tol,
                 subset_cap=200_000, subset_budget=1_000_000):
        self.exact = M_int is not None
        self.tol = tol
        self.subset_cap = subset_cap          # (d-1)-subsets screened at one degenerate vertex
        self.subset_budget = subset_budget    # ... and at all of them
        self.subsets_used = 0
        self.clock = None                     # a BudgetClock checked in the loops (or None)
        d, k = M_float.shape
        self.d = d
        # merge identical columns (exactly in exact mode, within tol in float mode)
        if self.exact:
            cols = [tuple(M_int[i][c] for i in range(d)) for c in range(k)]
            same = np.array([[a == b for b in cols] for a in cols], dtype=bool).reshape(k, k)
        else:
            same = np.max(np.abs(M_float[:, :, None] - M_float[:, None, :]), axis=0) <= tol
        groups, reps = merged_columns(same)
        u = len(reps)
        self.R = d + u
        self.Mf = np.ascontiguousarray(M_float[:, reps])
        if self.exact:
            self.Mi = [[M_int[i][c] for c in reps] for i in range(d)]
            self.Mo = np.array(self.Mi, dtype=object).reshape(d, u)
        # row -> labels
        lab = row_labels(d, groups, zero_labels, col_labels, nlabels)
        self.row_labels = lab
        self.label_row = np.argmax(lab, axis=0)  # every label sits on exactly one row
        self._rowbit = pack_rows(np.eye(self.R, dtype=bool)) if self.R <= 64 else None
        # float description G z <= h of all rows
        self.G = np.vstack([-np.eye(d), self.Mf.T])
        self.h = np.concatenate([np.zeros(d), np.ones(u)])
        # vertices
        self.points = Rows(d, float)           # float coordinates
        self.exact_points: list[tuple[list[int], int]] = []  # (numerators, denominator)
        self.tight = Rows(self.R, bool)        # tight rows of each vertex
        self.index: dict[bytes, int] = {}
        self.degenerate_cap_hit = False
        self.hull_certified = False           # seed_qhull's facets proven complete (hull_certificate)
        origin_tight = np.zeros(self.R, dtype=bool)
        origin_tight[:d] = True
        self._add(np.zeros(d), origin_tight, ([0] * d, 1))

    @property
    def Gi(self) -> np.ndarray | None:
        """Exact mode: the integer constraint rows as floats (None if they do not fit exactly)."""
        if not hasattr(self, "_Gi"):
            d, u = self.d, self.R - self.d
            ok = self.exact and d > 0 and max(max(r) for r in self.Mi) < 2**53
            self._Gi = (np.vstack([-np.eye(d), np.array(self.Mi, dtype=float).reshape(d, u).T])
                        if ok else None)
        return self._Gi

    # ------------------------------------------------------------------ storage
    def _add(self, point, tight, exact_point=None) -> bool:
        key = pack_rows(tight[None, :])[0].item()
        if key in self.index:
            return False
        self.index[key] = len(self.points)
        self.points.append(point)
        self.tight.append(tight)
        if self.exact:
            self.exact_points.append(exact_point)
        return True

    def _add_many(self, points: np.ndarray, tight: np.ndarray) -> int:
        """Bulk version of :meth:`_add` for distinct tight sets (float mode)."""
        keys = pack_rows(tight).tolist()
        first: dict = {}
        index = self.index
        for i, k in enumerate(keys):
            if k not in index and k not in first:
                first[k] = i
        new = list(first.values())
        start = len(self.points)
        self.index.update(zip(first, range(start, start + len(new))))
        self.points.extend(points[new])
        self.tight.extend(tight[new])
        return len(new)

    def _exact_tight(self, num: list[int], den: int) -> np.ndarray | None:
        """Tight rows of the exact point num/den, or None if it is infeasible."""
        if any(v < 0 for v in num):
            return None
        vals = np.dot(np.array(num, dtype=object), self.Mo) if self.d else np.zeros(self.R - self.d, dtype=object)
        if any(v > den for v in vals):
            return None
        tight = np.empty(self.R, dtype=bool)
        tight[: self.d] = [v == 0 for v in num]
        tight[self.d:] = [v == den for v in vals]
        return tight

    def _add_exact(self, num: list[int], den: int) -> bool | None:
        tight = self._exact_tight(num, den)
        if tight is None:
            return None
        point = np.array([v / den for v in num], dtype=float)
        return self._add(point, tight, (num, den))

    # ------------------------------------------------------------------ seeding with qhull
    def seed_qhull(self) -> int:
        """Add qhull's vertices (refined exactly in exact mode). Returns the number added."""
        d = self.d
        if d < 2:
            raise ValueError("qhull needs dimension >= 2")
        # polar duality about an interior point c (what HalfspaceIntersection does): the rows
        # G_r / (h_r - G_r c) are points whose hull facets {e : w.e + o = 0} are the vertices
        # c - w / o of the polytope
        interior = np.full(d, 0.5 / self.Mf.sum(axis=0).max())
        dual = self.G / (self.h - self.G @ interior)[:, None]
        eq, simplices, _ = hull_facets(dual)
        with np.errstate(divide="ignore", invalid="ignore"):  # offsets are < 0 for a bounded P
            pts = interior - eq[:, :-1] / eq[:, -1:]
        finite = np.all(np.isfinite(pts), axis=1)
        pts = pts[finite]
        tol = _SEED_TOL if self.exact else self.tol
        slack = self.h[None, :] - serial_matmul(pts, self.G.T)
        ok = np.all(slack >= -tol, axis=1)
        pts, slack = pts[ok], slack[ok]
        tight = np.abs(slack) <= tol
        if not self.exact:
            # qhull's boundary certifies the list when every facet is a feasible vertex and every
            # row is clearly tight (rounding only) or clearly slack; in between, the adjacency walk
            size = np.abs(slack)
            clear = len(simplices) * d ** 3 <= HULL_CERTIFICATE_WORK and bool(finite.all() and ok.all()) and bool(
                ((size <= min(tol, _CLEARLY_TIGHT)) | (size > _CLEARLY_SLACK * tol)).all())
            self.hull_certified = clear and hull_certificate(dual, simplices, tight)
            return self._add_many(pts, tight)
        _, first, candidate = np.unique(pack_rows(tight), return_index=True, return_inverse=True)
        u = self.R - d
        T = tight[first]
        n_c = len(T)
        supp, colm = ~T[:, :d], T[:, d:]
        s_all, r_all = supp.sum(axis=1), colm.sum(axis=1)
        small = max(max(r) for r in self.Mi) < 2 ** 31
        MT = np.array(self.Mi, dtype=np.int64 if small else object).reshape(d, u).T   # (u, d)
        # the tight system of each candidate (its column rows on its support) solved exactly,
        # grouped by shape: int64 Bareiss where provably exact, else Python integers
        N64 = np.zeros((n_c, d), dtype=np.int64)
        D64 = np.ones(n_c, dtype=np.int64)
        good = np.zeros(n_c, dtype=bool)                    # a solution with num >= 0, in int64
        big: dict[int, tuple[list[int], int]] = {}          # ... in Python ints
        for s_, r_ in sorted(set(zip(s_all.tolist(), r_all.tolist()))):
            if r_ < s_:
                continue
            idx = np.flatnonzero((s_all == s_) & (r_all == r_))
            sup = np.nonzero(supp[idx])[1].reshape(len(idx), s_)
            cols = np.nonzero(colm[idx])[1].reshape(len(idx), r_)
            sysm = MT[cols[:, :, None], sup[:, None, :]]                 # (n, r, s)
            if small:
                num_g, den_g, solved, fits = solve_ones_many(sysm)
                ok = fits & solved & (num_g >= 0).all(axis=1)
                N64[idx[ok][:, None], sup[ok]] = num_g[ok]
                D64[idx[ok]] = den_g[ok]
                good[idx[ok]] = True
            else:
                fits = np.zeros(len(idx), dtype=bool)
            for j in np.flatnonzero(~fits).tolist():
                sol = solve_square(sysm[j].tolist(), [1] * r_)
                if sol is None or any(v < 0 for v in sol[0]):
                    continue
                num = [0] * d
                for c, v in zip(sup[j].tolist(), sol[0]):
                    num[c] = v
                big[int(idx[j])] = (num, sol[1])
        # exact feasibility and tight rows, in integers: (M^T num)_c <= den; int64 for the int64
        # solutions when every product and sum provably fits, else (and for the others) Python ints
        mtop = max(max(r) for r in self.Mi)
        parts = []                                   # (candidate ids, N, D, N M)
        gi = np.flatnonzero(good)
        if len(gi):
            N, D = N64[gi], D64[gi]
            top = max(int(N.max()), int(D.max()))
            vals = N @ MT.T.astype(np.int64) if top * mtop * d < 2 ** 62 else np.dot(N.astype(object), self.Mo)
            parts.append((gi, N, D, vals))
        if big:
            bi = np.array(sorted(big), dtype=np.intp)
            N = np.array([big[i][0] for i in bi.tolist()], dtype=object).reshape(len(bi), d)
            D = np.array([big[i][1] for i in bi.tolist()], dtype=object)
            parts.append((bi, N, D, np.dot(N, self.Mo)))
        found: list[tuple[int, Any, int, int, np.ndarray]] = []   # (candidate, key, part, row, tight)
        for p, (ids, N, D, vals) in enumerate(parts):
            feasible = np.flatnonzero((vals <= D[:, None]).all(axis=1))
            Tn = np.concatenate([N[feasible] == 0, vals[feasible] == D[feasible, None]], axis=1).astype(bool)
            found.extend(zip(ids[feasible].tolist(), pack_rows(Tn).tolist(), [p] * len(feasible),
                             feasible.tolist(), Tn))
        found.sort(key=lambda f: f[0])               # candidate order, as one loop would add them
        # the boundary certificate on the exact tight sets: every facet's candidate refined to an
        # exactly feasible vertex at which the facet's points are exactly tight (the determinants'
        # signs are decided in floating point far from rounding, see EXACT_CERTIFICATE_DIMENSION)
        if (finite.all() and ok.all() and len(found) == n_c and d <= EXACT_CERTIFICATE_DIMENSION
                and len(simplices) * d ** 3 <= HULL_CERTIFICATE_WORK):
            exact_tight = np.array([f[4] for f in found], dtype=bool).reshape(n_c, self.R)
            self.hull_certified = hull_certificate(dual, simplices, exact_tight[candidate.ravel()],
                                                   is_flat=self._exactly_flat)
        new: list[tuple[int, Any, int, int, np.ndarray]] = []
        for f in found:
            if f[1] not in self.index:
                self.index[f[1]] = len(self.points) + len(new)
                new.append(f)
        if not new:
            return 0
        for _, _, p, row, _ in new:
            _, N, D, _ = parts[p]
            self.exact_points.append((N[row].tolist(), int(D[row])))
        _, N, D, _ = parts[0]
        if len(parts) == 1 and N.dtype != object and max(int(N.max()), int(D.max())) < 2 ** 53:
            rows = np.array([f[3] for f in new], dtype=np.intp)
            pts = N[rows] / D[rows, None]      # exact int -> float conversions: v / den's rounding
        else:
            pts = np.array([[v / den for v in num] for num, den in self.exact_points[-len(new):]], dtype=float)
        self.points.extend(pts.reshape(len(new), d))
        self.tight.extend(np.array([f[4] for f in new], dtype=bool).reshape(len(new), self.R))
        return len(new)

    def _exactly_flat(self, points: np.ndarray) -> bool:
        """Exact mode: whether the constraint rows ``points`` (d of them) are linearly dependent.

        The zero rows :math:`-e_i` among them leave the integer minor of the column rows on the
        other coordinates, which is singular exactly when Bareiss elimination finds no pivot."""
        d = self.d
        rows = points.tolist()
        free = sorted(set(range(d)) - {r for r in rows if r < d})
        columns = [r - d for r in rows if r >= d]
        if not columns:
            return False                              # -I: independent
        return solve_square([[self.Mi[i][c] for i in free] for c in columns], [1] * len(columns)) is None

    # ------------------------------------------------------------------ size guards, fallbacks
    def qhull_facet_bound(self) -> int:
        """Upper bound on the facets qhull reports for the polar dual (R points in dimension d).

        McMullen's upper bound theorem, which holds for the simplicial (triangulated) boundary
        qhull produces: :math:`\\binom{R - \\lceil d/2 \\rceil}{\\lfloor d/2 \\rfloor}
        + \\binom{R - \\lfloor d/2 \\rfloor - 1}{\\lceil d/2 \\rceil - 1}`. qhull runs in C and
        cannot be interrupted, so it is only called when this bound fits the budget.
        """
        d, n = self.d, self.R
        lo, hi = d // 2, d - d // 2
        return comb(n - hi, lo) + comb(n - lo - 1, hi - 1)

    def add_pure_vertices(self) -> None:
        """Add the vertices of the pure strategies (``e_i`` scaled to its best column value).

        Used when the enumeration stopped early: every pure equilibrium is then still found.
        """
        d = self.d
        for i in range(d):
            if self.exact:
                num = [0] * d
                num[i] = 1
                self._add_exact(num, max(self.Mi[i]))
            else:
                x = np.zeros(d)
                x[i] = 1.0 / self.Mf[i].max()
                slack = self.h - self.G @ x
                self._add(x, np.abs(slack) <= self.tol)

    # ------------------------------------------------------------------ double description (exact)
    def double_description(self, clock=None) -> None:
        """All vertices, exactly, by the double-description method (Motzkin et al. 1953).

        Homogenise: ``P`` is the section ``t = 1`` of the cone
        :math:`C = \\{(z, t) : z \\ge 0,\\ t - M^\\top z \\ge 0\\}`, whose extreme rays are
        ``(v, 1)`` for the vertices ``v`` (``M > 0``: no ray has ``t = 0``). Start from the
        simplicial cone of the zero rows and one column row (rays ``(0, 1)`` and
        ``(e_i, M_{i c})``), then add the other column rows one at a time: rays on the feasible
        side stay, and every *adjacent* pair of rays on opposite sides gives a new ray on the
        hyperplane, ``s_p r_n - s_n r_p`` in integers. Adjacency is decided combinatorially
        (Fukuda & Prodon 1996): ``p`` and ``n`` are adjacent iff their common zero set has at
        least ``d - 1`` rows and no third ray vanishes on all of it. Every step is exact integer
        arithmetic, degeneracy needs no special case, and the result is the complete vertex set
        (no certificate needed). ``clock`` (a :class:`~gametheory.core.budget.BudgetClock`) is
        checked once per added row and per batch of candidate pairs; exhausting it raises
        :class:`~gametheory.core.budget.BudgetExceeded`.
        """
        from math import gcd as _gcd

        if not self.exact:  # pragma: no cover - exact mode only
            raise ValueError("double_description is exact-mode only")
        d, R = self.d, self.R
        u = R - d
        Mi = self.Mi
        W = (R + 63) // 64
        # rays: list of int lists [z_0..z_{d-1}, t]; zero sets as a bool matrix over all rows
        rays: list[list[int]] = [[0] * d + [1]]
        Z = np.zeros((d + 1, R), dtype=bool)
        Z[0, :d] = True
        c0 = 0
        for i in range(d):
            r = [0] * (d + 1)
            r[i] = 1
            r[d] = Mi[i][c0]
            rays.append(r)
            Z[i + 1, :d] = True
            Z[i + 1, i] = False
            Z[i + 1, d + c0] = True

        def packed(Zb: np.ndarray) -> np.ndarray:
            pb = np.packbits(Zb, axis=1, bitorder="little")
            pad = W * 8 - pb.shape[1]
            if pad:
                pb = np.concatenate([pb, np.zeros((pb.shape[0], pad), dtype=np.uint8)], axis=1)
            return np.ascontiguousarray(pb).view(np.uint64).reshape(len(Zb), W)

        need = d - 1
        for c in range(1, u):
            if clock is not None:
                clock.vertices(len(rays), "vertex enumeration (double description)")
            col = [Mi[i][c] for i in range(d)]
            s = np.array([r[d] - sum(a * b for a, b in zip(col, r[:d]) if a and b) for r in rays], dtype=object)
            sgn = np.array([(v > 0) - (v < 0) for v in s], dtype=np.int8)
            pos = np.flatnonzero(sgn > 0)
            neg = np.flatnonzero(sgn < 0)
            Z[:, d + c] = sgn == 0
            new_rays: list[list[int]] = []
            new_Z: list[np.ndarray] = []
            if len(pos) and len(neg):
                Zw = packed(Z)
                Zp, Zn = Zw[pos], Zw[neg]
                V = len(rays)
                step = max(1, 2_000_000 // max(1, len(neg) * W))
                for a0 in range(0, len(pos), step):
                    blk = Zp[a0:a0 + step]
                    inter = blk[:, None, :] & Zn[None, :, :]                    # (b, nn, W)
                    cnt = np.bitwise_count(inter).sum(axis=2, dtype=np.int64)
                    ip, jn = np.nonzero(cnt >= need)
                    if clock is not None:
                        clock.spend(blk.shape[0] * len(neg) + len(ip) * V, "vertex enumeration (double description)")
                    if not len(ip):
                        continue
                    I = inter[ip, jn]                                           # (K, W)
                    kstep = max(1, 4_000_000 // max(1, V * W))
                    adj = np.empty(len(ip), dtype=bool)
                    for k0 in range(0, len(ip), kstep):
                        if clock is not None:
                            clock.check("vertex enumeration (double description)")
                        Ik = I[k0:k0 + kstep]
                        cont = np.all((Zw[None, :, :] & Ik[:, None, :]) == Ik[:, None, :], axis=2)
                        adj[k0:k0 + kstep] = cont.sum(axis=1) == 2
                    if clock is not None:
                        clock.vertices(len(rays) + len(new_rays) + int(adj.sum()),
                                       "vertex enumeration (double description)")
                    for a, b in zip((pos[a0 + ip[adj]]).tolist(), neg[jn[adj]].tolist()):
                        sp_, sn_ = s[a], -s[b]
                        rp, rn = rays[a], rays[b]
                        r = [sp_ * y + sn_ * x for x, y in zip(rp, rn)]
                        g = _gcd(*r)
                        if g > 1:
                            r = [v // g for v in r]
                        new_rays.append(r)
                        zr = Z[a] & Z[b]
                        zr[d + c] = True
                        new_Z.append(zr)
            keep = np.flatnonzero(sgn >= 0)
            rays = [rays[k] for k in keep.tolist()] + new_rays
            Z = np.vstack([Z[keep]] + ([np.array(new_Z)] if new_Z else []))
        if clock is not None:
            clock.vertices(len(rays), "vertex enumeration (double description)")
        # store: the origin first (vertex 0), then the others
        order = sorted(range(len(rays)), key=lambda k: (any(rays[k][:d]), k))
        self.points = Rows(d, float)
        self.exact_points = []
        self.tight = Rows(self.R, bool)
        self.index = {}
        for k in order:
            r = rays[k]
            den = r[d]
            if den <= 0:  # pragma: no cover - M > 0 rules out rays at infinity
                raise ArithmeticError("double description produced a ray with t <= 0")
            num = r[:d]
            g = _gcd(den, *num)
            if g > 1:
                num, den = [v // g for v in num], den // g
            self._add(np.array([v / den for v in num], dtype=float), Z[k].copy(), (num, den))
        self.certified = True

    # ------------------------------------------------------------------ edges and neighbours
    def _admit(self, vs: list[int]) -> list[int]:
        """The degenerate vertices of ``vs`` whose (d-1)-subsets of tight rows fit the caps, in
        order: their subsets are counted (``subsets_used``) and charged to the clock; a vertex
        past ``subset_cap`` or ``subset_budget`` marks the cap as hit and is left out."""
        out = []
        for v in vs:
            n_sub = comb(int(self.tight[v].sum()), self.d - 1)
            if n_sub > self.subset_cap or self.subsets_used + n_sub > self.subset_budget:
                self.degenerate_cap_hit = True
                continue
            self.subsets_used += n_sub
            if self.clock is not None:
                self.clock.spend(n_sub, "screening the edges of degenerate vertices")
            out.append(v)
        return out

    def _direction(self, v: int, F: tuple[int, ...]):
        """Edge direction at vertex v spanned by the rows F (|F| = d-1), or None."""
        d = self.d
        zero = [r for r in F if r < d]
        cols = [r - d for r in F if r >= d]
        free = [i for i in range(d) if i not in zero]
        zf: Any                  # exact: a list of ints; float: an ndarray
        z: Any
        if self.exact:
            zf = null_vector([[self.Mi[i][c] for i in free] for c in cols], len(free))
            if zf is None:
                return None
            z = [0] * d
            for i, val in zip(free, zf):
                z[i] = val
            zo = np.array(z, dtype=object)
            gz = np.concatenate([-zo, np.dot(zo, self.Mo)])
            sign = np.array([(g > 0) - (g < 0) for g in gz], dtype=int)
        else:
            sub = self.Mf[np.ix_(free, cols)].T if cols else np.zeros((0, len(free)))
            if sub.shape[0]:
                _, s, vt = np.linalg.svd(sub)
                if s.size and s[-1] <= self.tol * max(1.0, s[0]):
                    return None
                zf = vt[-1]
            else:
                if len(free) != 1:
                    return None
                zf = np.ones(1)
            z = np.zeros(d)
            z[free] = zf
            gz = self.G @ z
            sign = np.where(gz > self.tol, 1, np.where(gz < -self.tol, -1, 0))
        T = self.tight[v]
        st = sign[T]
        face = T & (sign == 0)  # tight rows containing the line: F spans its null space too
        if np.any(st > 0) and np.any(st < 0):
            return None, None, face, False  # the line leaves the polytope both ways
        if np.any(st > 0):
            z = [-a for a in z] if self.exact else -z
            sign = -sign
        if not np.any(sign[T] < 0):  # pragma: no cover - rank d tight set rules this out
            return None
        return z, sign, face, True

    def _neighbour(self, v: int, z, sign) -> bool | None:
        """Walk from vertex v along direction z to the next vertex and add it."""
        d = self.d
        cand = np.flatnonzero(sign > 0)
        if cand.size == 0:  # pragma: no cover - the polytope is bounded
            return None
        if self.exact:
            num, den = self.exact_points[v]
            zo = np.array(z, dtype=object)
            colvals = np.dot(np.array(num, dtype=object), self.Mo)
            gz_cols = np.dot(zo, self.Mo)
            best = None
            for r in cand:
                if r < d:
                    ratio = Fraction(num[r], den * -z[r])      # slack num_r/den over -z_r
                else:
                    ratio = Fraction(den - colvals[r - d], den * gz_cols[r - d])
                if best is None or ratio < best:
                    best = ratio
            assert best is not None      # cand is not empty
            p, q = best.numerator, best.denominator
            new = [a * q + p * den * b for a, b in zip(num, z)]
            nden = den * q
            g = nden
            for a in new:
                g = gcd(g, a)
            return self._add_exact([a // g for a in new], nden // g)
        x = self.points[v]
        gz = self.G @ z
        slack = self.h - self.G @ x
        lam = np.min(slack[cand] / gz[cand])
        w = x + lam * z
        s2 = self.h - self.G @ w
        if np.any(s2 < -10 * self.tol):
            return None
        return self._add(w, np.abs(s2) <= self.tol)

    def _local_edges(self, v: int, admit: bool = True):
        """All edges at a degenerate vertex: (direction, signs, face rows) per distinct edge.

        An edge direction spans the null space of d-1 tight rows of rank d-1 and makes no tight
        row positive. A subset with zero rows Z and c column rows reduces to the c x (c+1) matrix
        F of the column rows on the free coordinates (the null vector vanishes on Z). All subsets
        are first screened together by batched SVDs (grouped by c); only the undecided ones go
        to :meth:`_direction`.

        Exact mode (integer rows, copied exactly into floats): with ``e = 100 (c+1) u ||F||_F``
        a bound on the SVD's error (backward stability + Weyl), a subset is

        * rank deficient if ``sigma_c + e < ||F||_F^{-(c-1)}`` — for an integer matrix of rank c
          the product of the nonzero singular values squared is a sum of squared integer minors
          (Cauchy-Binet), hence >= 1, so ``sigma_c >= sigma_max^{-(c-1)}``;
        * no edge if ``sigma_c > 2e`` and the computed null vector gives tight rows of both
          signs beyond ``2 theta ||G_t|| + e`` with ``theta = 2e / sigma_c`` (Wedin's bound on
          the angle to the true null vector).

        Float mode uses the tolerance exactly as :meth:`_direction` does. ``admit=False``: the
        caller has already counted the vertex's subsets (:meth:`_admit`).
        """
        T = np.flatnonzero(self.tight[v])
        d = self.d
        n_sub = comb(len(T), d - 1)
        if admit and not self._admit([v]):
            return []
        idx = np.array(list(combinations(range(len(T)), d - 1)), dtype=np.intp).reshape(n_sub, d - 1)
        rows = T[idx]                                   # (N, d-1) tight-row ids, ascending
        keep = np.ones(n_sub, dtype=bool)
        Zall = None if self.exact else np.zeros((n_sub, d))   # float mode: the screened null vectors
        Gi = self.Gi if self.exact else None
        if d >= 2 and (not self.exact or Gi is not None):
            Mx = Gi[d:].T if Gi is not None else self.Mf     # (d, u): the column rows' data
            GT = Gi[T] if Gi is not None else self.G[T]
            rown = np.linalg.norm(GT, axis=1)
            ncol = (rows >= d).sum(axis=1)
            for c in np.unique(ncol):
                sel = np.flatnonzero(ncol == c)
                rs = rows[sel]
                zero = np.zeros((len(sel), d + 1), dtype=bool)    # column d: dummy slot
                np.put_along_axis(zero, np.where(rs < d, rs, d), True, axis=1)
                zero = zero[:, :d]
                free = np.argsort(zero, axis=1, kind="stable")[:, : c + 1]   # (Ns, c+1)
                z = np.zeros((len(sel), d))
                if c == 0:
                    z[np.arange(len(sel)), free[:, 0]] = 1.0
                    deficient = np.zeros(len(sel), dtype=bool)
                    smin = np.full(len(sel), np.inf)
                    err = np.zeros(len(sel))
                else:
                    cols = rs[:, d - 1 - c:] - d                                  # (Ns, c)
                    red = np.swapaxes(Mx[free[:, :, None], cols[:, None, :]], 1, 2)  # (Ns, c, c+1)
                    _, S, Vt = np.linalg.svd(red)
                    np.put_along_axis(z, free, Vt[:, -1, :], axis=1)
                    smin = S[:, -1]
                    if self.exact:
                        normF = np.sqrt(np.einsum("nij,nij->n", red, red))
                        err = 100 * (c + 1) * np.finfo(float).eps * normF
                        deficient = smin + err < normF ** (-(c - 1.0))
                    else:
                        deficient = smin <= self.tol * np.maximum(1.0, S[:, 0])
                vals = z @ GT.T
                if Zall is not None:
                    Zall[sel] = z
                if self.exact:
                    certain = smin > 2 * err               # rank c for sure (only then used)
                    theta = 2 * err / np.where(certain, smin, 1.0)
                    margin = 2 * theta[:, None] * rown[None, :] + (err[:, None] + 1e-12 * rown[None, :])
                    mixed = certain & np.any(vals > margin, axis=1) & np.any(vals < -margin, axis=1)
                else:
                    mixed = np.any(vals > self.tol, axis=1) & np.any(vals < -self.tol, axis=1)
                keep[sel] = ~(deficient | mixed)
        if Zall is not None and d >= 2:
            return self._float_edges(v, Zall[keep])
        subsets = [tuple(int(t) for t in rows[i]) for i in np.flatnonzero(keep)]
        # a subset inside the zero set of an already computed line spans that same line (or has
        # lower rank): skip it
        lines: list[int] = []
        out = []
        for F in subsets:
            mask = 0
            for t in F:
                mask |= 1 << int(t)
            if any(mask & ~ln == 0 for ln in lines):
                continue
            res = self._direction(v, F)
            if res is None:
                continue
            z, sign, face, ok = res
            lines.append(sum(1 << int(t) for t in np.flatnonzero(face)))
            if ok:
                out.append((z, sign, face))
        return out

    def _float_edge_table(self, vs: list[int]) -> Edges:
        """Float mode: :meth:`_local_edges` for many degenerate vertices in one batch.

        The edges come from :meth:`_gale_edges` (one small SVD per vertex) where its tolerance
        margins are clear, else from :meth:`_screened_edges`, with the same caps on the number
        of subsets. Returns an :class:`Edges` table in the order of ``vs``: the screened edges'
        directions are given; the others are computed from their first subset by
        :meth:`_direction` when needed.
        """
        return self._gale_then_screen(vs, self._screened_edges)

    def _gale_then_screen(self, vs: list[int], screen) -> Edges:
        """The edges at the degenerate vertices ``vs`` (admitted against the subset caps) from
        :meth:`_gale_edges`, those it leaves unclear from ``screen`` (the mode's subset screen,
        ``{v: [(z, sign, face, F), ...]}``), as one :class:`Edges` table in the order of ``vs``."""
        admitted = self._admit(vs)
        found, unclear = self._gale_edges(admitted) if admitted else (None, [])
        parts = [found] if found is not None else []
        if unclear:
            parts.append(Edges.from_lists(screen(unclear), self.R, self.d))
        return Edges.ordered(parts, vs, self.R, self.d)

    def _screened_edges(self, vs: list[int]) -> dict[int, list]:
        """Float mode: the edges at degenerate vertices by screening every (d-1)-subset of tight rows.

        The subsets of all vertices are screened together, grouped by their number c of column
        rows (one batched SVD per c), with the tolerance tests and first-subset-per-face rule of
        :meth:`_local_edges` and :meth:`_float_edges` (no caps: the caller applies them).
        Returns ``{v: [(z, sign, face, None), ...]}``.
        """
        d = self.d
        out: dict[int, list] = {v: [] for v in vs}
        parts, owners = [], []
        for k, v in enumerate(vs):
            T = np.flatnonzero(self.tight[v])
            parts.append(T[_subsets(len(T), d - 1)])
            owners.append(np.full(len(parts[-1]), k, dtype=np.intp))
        if not parts:
            return out
        rows = np.concatenate(parts)                     # (N, d-1) tight-row ids, ascending
        owner = np.concatenate(owners)
        Tm = self.tight.array[np.asarray(vs, dtype=np.intp)][owner]   # (N, R) tight rows of the owner
        tol = self.tol
        Mx = self.Mf
        Z = np.zeros((len(rows), d))
        keep = np.ones(len(rows), dtype=bool)
        for c, sel, free, red in _reduced_by_columns(rows, d, Mx):
            z = np.zeros((len(sel), d))
            if red is None:
                z[np.arange(len(sel)), free[:, 0]] = 1.0
            else:
                _, S, Vt = np.linalg.svd(red)
                np.put_along_axis(z, free, Vt[:, -1, :], axis=1)
                keep[sel] = S[:, -1] > tol * np.maximum(1.0, S[:, 0])
            Z[sel] = z
        gz = Z @ self.G.T                                            # (N, R)
        sign = np.where(gz > tol, 1, np.where(gz < -tol, -1, 0))
        pos = ((sign > 0) & Tm).any(axis=1)
        neg = ((sign < 0) & Tm).any(axis=1)
        keep &= ~(pos & neg)                                         # the line leaves both ways
        Z = np.where(pos[:, None], -Z, Z)                            # turn into the polytope
        sign = np.where(pos[:, None], -sign, sign)
        ok = keep & (pos | neg)
        face = Tm & (sign == 0)
        ki = np.flatnonzero(keep)
        # one edge per (vertex, face): the first subset of each, in subset order
        tag = np.zeros((len(ki), max(1, int(len(vs)).bit_length())), dtype=bool)
        tag[:] = (owner[ki][:, None] >> np.arange(tag.shape[1])) & 1
        _, first = np.unique(pack_rows(np.concatenate([face[ki], tag], axis=1)), return_index=True)
        for i in ki[np.sort(first)].tolist():
            if ok[i]:
                out[vs[owner[i]]].append((Z[i], sign[i], face[i], None))
        return out

    def _gale_edges(self, vs: list[int]) -> tuple[Edges, list[int]]:
        r"""The edges at degenerate vertices, read off the dependencies of their tight rows.

        At a vertex with t = d + k tight rows :math:`G_T` (rank d) the rows satisfy k independent
        linear dependencies, the rows of :math:`\Lambda` (k x t, orthonormal: the left singular
        vectors of the zero singular values). Take d - 1 rows S and the k + 1 others O. A null
        vector z of :math:`G_S` has :math:`G_T z` zero on S, and on O it solves
        :math:`\Lambda_O x = 0`, so it is proportional to the vector of signed maximal minors
        :math:`x_j = (-1)^p \det \Lambda_{O - \{j\}}` (Cramer; p the position of j in O). This is
        Gale duality: every subset's line, its signs and its face come from the k x k minors of
        :math:`\Lambda`, with no SVD per subset. A subset spans a line (rank d - 1) iff
        :math:`x \ne 0` (a dependency of S would be one of :math:`\Lambda` vanishing on O); the
        line is an edge iff the nonzero :math:`x_j` share one sign, and its face is S plus the
        rows of O with :math:`x_j = 0`. For k = 1 this is the rule "an edge per pair of a
        positive and a negative entry of the one dependency, plus one per zero entry".

        Float mode decides with the tolerance, as the subset screen does, and only where the
        decision holds for the exact minors of the computed tight rows. With
        :math:`\sigma_1, \sigma_d` the extreme singular values of :math:`G_T`, a unit z has
        :math:`\sigma_d \le \|G_T z\| \le \sigma_1`, so :math:`|G_j z|` lies between
        :math:`\sigma_d |x_j| / \|x\|` and :math:`\sigma_1 |x_j| / \|x\|`; :math:`\|x\|^2` is the
        product of the squared singular values of :math:`\Lambda_O` (Cauchy-Binet, each at most
        1), so the smallest singular value of the subset's matrix is at least
        :math:`\sigma_d \sigma_k(\Lambda_O) \ge \sigma_d \|x\|`, and for the reduced matrix the
        screen tests it is at most about :math:`\sigma_k(\Lambda_O) \sigma_1 (1 + \sigma_1)`,
        with :math:`\sigma_k(\Lambda_O)^2` at most :math:`\|x\|^2` over the largest principal
        (k-1)-minor of :math:`\Lambda_O \Lambda_O^\top`. The computed minors carry the
        rounding of the SVD's null space, taken as :math:`p u \sigma_1 / \sigma_d` (the
        approximate bound of the LAPACK Users' Guide, section 4.9, with p = :data:`GALE_ROUNDING`
        = 2; measured at most 0.28 u sigma_1 / sigma_d against exact null spaces), widened into
        each bound. A subset is then of
        rank d - 1 when :math:`\sigma_d \|x\| \ge 2\, \mathrm{tol} \max(1, \sigma_1)`, deficient
        when its upper bound is at most tol / 2, and a value is nonzero (zero) when its lower
        bound is at least 2 tol (its upper bound at most tol / 2). A vertex with anything in
        between goes back, in the second list, to the subset screen, as does one whose tight
        rows are not clearly of rank d, one with more than :data:`GALE_MAX_K` dependencies (the
        minors' memory grows as k^3 per subset) and one with fewer than d + 1 tight rows (a
        tolerance below rounding). The screen rounds too; on every comparison game both make
        the same decisions, and a direction that disagrees when an edge is walked marks the
        certificate failed (:meth:`close`). This is the approximate error model numerical
        libraries use, not a proof: exact games take :meth:`_gale_signs_exact`.

        Returns ``(edges, unclear vertices)``: an :class:`Edges` table in the order of ``vs``,
        one edge per face of each vertex, each given by its first (d-1)-subset in subset order,
        the one the subset screen keeps, so :meth:`_direction` gives the same direction when the
        edge must be walked.
        """
        d = self.d
        parts: list[Edges] = []
        unclear: list[int] = []
        tights = {v: np.flatnonzero(self.tight[v]) for v in vs}
        for k in sorted({len(T) - d for T in tights.values()}):
            group = [v for v in vs if len(tights[v]) == d + k]
            if not 1 <= k <= GALE_MAX_K:              # fewer than d + 1 tight rows, or too many
                unclear.extend(group)
                continue
            V, t = len(group), d + k
            Tix = np.array([tights[v] for v in group], dtype=np.intp).reshape(V, t)
            signs = self._gale_signs_exact if self.exact else self._gale_signs_float
            block = max(1, 2_000_000 // (comb(t, d - 1) * (k + 1) * k * k))   # bounded memory
            sgn_clear = [signs(Tix[b0:b0 + block], k) for b0 in range(0, V, block)]
            sgn = np.concatenate([sc[0] for sc in sgn_clear])
            clear = np.concatenate([sc[1] for sc in sgn_clear])
            for i in np.flatnonzero(~clear).tolist():
                unclear.append(group[i])
            ci = np.flatnonzero(clear)
            if not len(ci):
                continue
            sgn = sgn[ci]
            nonzero = sgn != 0
            rank_ok = nonzero.any(axis=2)
            pos = (sgn > 0).any(axis=2)
            neg = (sgn < 0).any(axis=2)
            edge = rank_ok & (pos != neg)                              # one sign: the line is an edge
            o, sub = np.nonzero(edge)                                  # owner (in ci), subset index
            face_pos = np.ones((len(o), t), dtype=bool)                # face as positions in T
            others = _complements(t, d - 1)[sub]                       # (E, k+1) positions of O
            np.put_along_axis(face_pos, others, ~nonzero[o, sub], axis=1)
            T_e = Tix[ci[o]]
            face = np.zeros((len(o), self.R), dtype=bool)
            np.put_along_axis(face, T_e, face_pos, axis=1)
            # one edge per (vertex, face): the first subset of each (np.nonzero is row-major,
            # so subsets come in order within each vertex); the key is the face's positions in T
            # as bits with the owner above them, one int64 when it fits
            if t + len(ci).bit_length() <= 62:
                key = (face_pos.astype(np.int64) << np.arange(t, dtype=np.int64)).sum(axis=1) + (o.astype(np.int64) << t)
            else:
                tag = ((o[:, None] >> np.arange(max(1, len(ci).bit_length()))) & 1).astype(bool)
                key = pack_rows(np.concatenate([face, tag], axis=1))
            _, first = np.unique(key, return_index=True)
            first = np.sort(first)
            rows = np.take_along_axis(T_e[first], _subsets(t, d - 1)[sub[first]], axis=1)
            parts.append(Edges(np.asarray(group, dtype=np.intp)[ci[o[first]]], face[first], rows))
        return Edges.ordered(parts, vs, self.R, d), unclear

    def _gale_signs_float(self, Tix: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Float mode: the signs of the Gale values of every subset at vertices with tight rows
        ``Tix`` (V, d + k), and which vertices are clear of the tolerance (see :meth:`_gale_edges`).

        Returns ``(sgn, clear)``: ``sgn`` (V, comb(d+k, d-1), k+1) int8, all zero for a subset
        of rank below d - 1.
        """
        d, tol = self.d, self.tol
        t = d + k
        U, S, _ = np.linalg.svd(self.G[Tix])                      # G_T: (V, t, d)
        lam = np.swapaxes(U[:, :, d:], 1, 2)                       # (V, k, t), orthonormal rows
        s1, sd = S[:, 0], S[:, -1]
        minor_at, minor_sign = _gale_tables(d, k)
        cols = _subsets(t, k)                                      # the k-subsets of positions
        if k == 1:
            minors = lam[:, 0, :]
        elif k == 2:
            minors = (lam[:, 0, cols[:, 0]] * lam[:, 1, cols[:, 1]]
                      - lam[:, 1, cols[:, 0]] * lam[:, 0, cols[:, 1]])
        else:
            minors = np.linalg.det(np.swapaxes(lam[:, :, cols], 1, 2))     # (V, nC, k, k)
        x = minors[:, minor_at] * minor_sign                       # (V, nS, k+1): values on O
        nx = np.sqrt((x * x).sum(axis=2))                          # (V, nS)
        # rounding: the computed null space is within dlam = p u s1 / sd of a true one (the
        # approximate bound of the LAPACK Users' Guide, section 4.9, p = GALE_ROUNDING), so
        # each computed minor is within dx = k dlam of the true one's (up to one common sign)
        dlam = GALE_ROUNDING * np.finfo(float).eps * s1 / np.where(sd > 0, sd, np.inf)
        dx = (k * dlam)[:, None]                                   # (V, 1)
        nx_lo = nx - np.sqrt(k + 1.0) * dx
        nx_hi = nx + np.sqrt(k + 1.0) * dx
        with np.errstate(divide="ignore", invalid="ignore"):
            rank_ok = sd[:, None] * nx_lo >= (2 * tol * np.maximum(1.0, s1))[:, None]
            # sigma_k(Lambda_O)^2 <= det(Gram) / (any principal (k-1)-minor of the Gram matrix)
            if k == 1:
                sig_up = nx_hi
            else:
                LO = np.swapaxes(lam[:, :, _complements(t, d - 1)], 1, 2)      # (V, nS, k, k+1)
                gram = LO @ np.swapaxes(LO, 2, 3)                               # (V, nS, k, k)
                keep_rows = _subsets(k, k - 1)
                sub = gram[:, :, keep_rows[:, :, None], keep_rows[:, None, :]]  # (V, nS, k, k-1, k-1)
                big_minor = np.linalg.det(sub).max(axis=2) if k > 2 else sub[..., 0, 0].max(axis=2)
                big_minor = big_minor - 4 * k * dlam[:, None]
                sig_up = np.where(big_minor > 0, nx_hi / np.sqrt(big_minor), np.inf)
            rank_low = sig_up * (s1 * (1 + s1))[:, None] <= 0.5 * tol
            # a value |G_j z| on the unit null vector lies in [sd |x_j|, s1 |x_j|] / ||x||
            size = np.abs(x)
            low = sd[:, None, None] * (size - dx[:, :, None]) / nx_hi[:, :, None]
            high = s1[:, None, None] * (size + dx[:, :, None]) / nx_lo[:, :, None]
            nonzero = low >= 2 * tol
            zero = high <= 0.5 * tol
        clear = (rank_low | (rank_ok & (nonzero | zero).all(axis=2))).all(axis=1)
        clear &= sd > 100 * tol * np.maximum(1.0, s1)
        sgn = np.where(nonzero & rank_ok[:, :, None], np.sign(x), 0).astype(np.int8)
        return sgn, clear

    def _gale_signs_exact(self, Tix: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        r"""Exact mode: :meth:`_gale_signs_float` in integer arithmetic, for k <= 2.

        The dependencies of the tight rows come from those of the column rows C on the free
        coordinates F (the support): a dependency restricted to C is a left null vector of
        :math:`M_{F, C}^\top` (r x s, rank s, r = s + k), taken from :func:`left_null_many`
        (int64 Bareiss, exact under Hadamard's bound), and its entry at the zero row of
        coordinate i is :math:`M_{i, C} \cdot \mu` (the zero row is :math:`-e_i`). The minors
        are then integers with exact signs. A vertex is not clear when a bound does not prove
        int64 exact, or when k > 2; those go to the screen of :meth:`_exact_screened_edges`.
        """
        d = self.d
        V, t = Tix.shape
        n_sub = comb(t, d - 1)
        sgn = np.zeros((V, n_sub, k + 1), dtype=np.int8)
        clear = np.zeros(V, dtype=bool)
        mtop = max(max(r) for r in self.Mi)
        if k > 2 or mtop >= 2 ** 31:
            return sgn, clear
        MT = np.array(self.Mi, dtype=np.int64).reshape(d, self.R - d).T      # (u, d): M^T
        minor_at, minor_sign = _gale_tables(d, k)
        cols = _subsets(t, k)
        nzero = (Tix < d).sum(axis=1)
        for z in np.unique(nzero).tolist():
            gi = np.flatnonzero(nzero == z)
            n, s, r = len(gi), d - z, t - z
            zero_ids = Tix[gi, :z]                                     # tight zero rows (coordinates)
            col_ids = Tix[gi, z:] - d                                  # tight column rows (columns)
            free_mask = np.ones((n, d), dtype=bool)
            np.put_along_axis(free_mask, zero_ids, False, axis=1)
            free = np.nonzero(free_mask)[1].reshape(n, s)
            mu, ok = left_null_many(MT[col_ids[:, :, None], free[:, None, :]])   # (n, k, r)
            MZ = MT[col_ids[:, :, None], zero_ids[:, None, :]]                    # (n, r, z)
            big = np.abs(mu).max(axis=(1, 2), initial=0).astype(float)
            ok &= big * mtop * max(r, 1) < 2.0 ** 62
            mu = np.where(ok[:, None, None], mu, 0)
            lam = np.concatenate([mu @ MZ, mu], axis=2)                # (n, k, t): zero rows first
            top = np.abs(lam).max(axis=(1, 2), initial=0).astype(float)
            if k == 1:
                minors = lam[:, 0, :]
            else:
                ok &= 2 * top * top < 2.0 ** 62
                lam = np.where(ok[:, None, None], lam, 0)
                minors = (lam[:, 0, cols[:, 0]] * lam[:, 1, cols[:, 1]]
                          - lam[:, 1, cols[:, 0]] * lam[:, 0, cols[:, 1]])
            sgn[gi] = (np.sign(minors)[:, minor_at] * minor_sign).astype(np.int8)
            clear[gi] = ok
        return sgn, clear

    def _exact_edge_table(self, vs: list[int]) -> Edges:
        """Exact mode: the edges at degenerate vertices ``vs`` as an :class:`Edges` table in
        their order: from :meth:`_gale_edges` (integer Gale signs) for vertices with d + 1 or
        d + 2 tight rows whose numbers fit int64, else from :meth:`_exact_screened_edges`."""
        if self.d < 2 or self.Gi is None:
            return self._local_edge_table(vs)
        # the Gale signs in integers (k <= 2 dependencies, int64 proven exact); the rest by the screen
        return self._gale_then_screen(vs, self._exact_screened_edges)

    def _local_edge_table(self, vs: list[int]) -> Edges:
        """:meth:`_local_edges` of every vertex of ``vs`` (subset by subset) as an :class:`Edges` table."""
        return Edges.from_lists({v: [(z, s, f, None) for z, s, f in self._local_edges(v)] for v in vs},
                                self.R, self.d)

    def _exact_screened_edges(self, vs: list[int]) -> dict[int, list]:
        """Exact mode: the edges at degenerate vertices ``vs`` (already admitted, :meth:`_admit`)
        by one batched SVD screen of their subsets, with proven bounds.

        Each (d-1)-subset of a vertex's tight rows, with ``c`` column rows, reduces to an integer
        ``c x (c+1)`` matrix ``F`` (as in :meth:`_local_edges`). With ``e = 100 (c+1) u ||F||_F``
        a bound on the SVD's error, the subset has rank c for sure when ``sigma_c > 2 e`` and rank
        below c for sure when ``sigma_c + e < ||F||_F^{-(c-1)}`` (Cauchy-Binet). For a rank-c
        subset the true unit null vector differs from the computed one by at most
        ``theta = 2 e / sigma_c`` in angle (Wedin), so the sign of a tight row's value ``G_t z``
        is certain beyond ``margin = 2 theta ||G_t|| + e + 1e-12 ||G_t||``. Zero is certain too:
        the integer null vector ``z*`` of ``F`` (its maximal minors, Cramer) has
        ``||z*|| <= prod_i ||F_i||`` (Hadamard), and ``G_t z*`` is an integer, so on the unit
        vector a nonzero value is at least ``1 / prod_i ||F_i||`` in size; a value within that
        bound minus the margin is exactly zero. Then every line's face (the tight rows containing
        it) and its sign pattern are exact, with no integer arithmetic at all.

        A vertex with any undecided subset is handed to :meth:`_local_edges` (integer arithmetic
        subset by subset). Returns ``{v: [(z, sign, face, F), ...]}``: for a screened edge
        ``z`` and ``sign`` are None and ``F`` (its first subset of rows) lets the caller compute
        the exact direction by :meth:`_direction` when the edge is not covered by a known vertex;
        for a vertex decided by :meth:`_local_edges`, ``F`` is None.
        """
        d = self.d
        Gi = self.Gi
        assert Gi is not None                              # the caller's condition
        out: dict[int, list] = {v: [] for v in vs}
        eps = np.finfo(float).eps
        Mx = Gi[d:].T                                      # (d, u): the column rows' integer data
        rown_all = np.linalg.norm(Gi, axis=1)
        pending = list(vs)
        while pending:                                     # vertices in chunks of <= 20,000 subsets
            chunk: list[tuple[int, int]] = []
            parts: list[np.ndarray] = []
            owners: list[np.ndarray] = []
            total = 0
            while pending:
                v = pending[0]
                T = np.flatnonzero(self.tight[v])
                n_sub = comb(len(T), d - 1)
                if chunk and total + n_sub > 20_000:
                    break
                pending.pop(0)
                parts.append(T[_subsets(len(T), d - 1)])
                owners.append(np.full(n_sub, len(chunk), dtype=np.intp))
                chunk.append((v, n_sub))
                total += n_sub
            if not parts:
                continue
            rows = np.concatenate(parts)                   # (N, d-1) tight-row ids, ascending
            owner = np.concatenate(owners)
            Tm = self.tight.array[np.array([v for v, _ in chunk], dtype=np.intp)][owner]   # (N, R)
            N = len(rows)
            Z = np.zeros((N, d))
            rank_ok = np.ones(N, dtype=bool)                # rank d-1 for sure
            rank_low = np.zeros(N, dtype=bool)              # rank below d-1 for sure
            err = np.zeros(N)
            theta = np.zeros(N)
            zero_bound = np.ones(N)                         # |G_t z| of a nonzero value, at least
            for c, sel, free, red in _reduced_by_columns(rows, d, Mx):
                z = np.zeros((len(sel), d))
                if red is None:
                    z[np.arange(len(sel)), free[:, 0]] = 1.0     # exact: a coordinate axis
                else:
                    _, S, Vt = np.linalg.svd(red)
                    np.put_along_axis(z, free, Vt[:, -1, :], axis=1)
                    smin = S[:, -1]
                    rnorm = np.linalg.norm(red, axis=2)                           # (Ns, c)
                    normF = np.sqrt((rnorm ** 2).sum(axis=1))
                    e = 100 * (c + 1) * eps * normF
                    certain = smin > 2 * e
                    rank_ok[sel] = certain
                    rank_low[sel] = smin + e < normF ** (-(c - 1.0))
                    err[sel] = e
                    theta[sel] = 2 * e / np.where(certain, smin, 1.0)
                    zero_bound[sel] = 1.0 / np.prod(rnorm, axis=1)
                Z[sel] = z
            vals = Z @ Gi.T                                                      # (N, R)
            margin = (2 * theta[:, None] + 1e-12) * rown_all[None, :] + err[:, None]
            pos = vals > margin
            neg = vals < -margin
            zer = np.abs(vals) + margin < zero_bound[:, None]
            decided = rank_low | (rank_ok & ~(Tm & ~(pos | neg | zer)).any(axis=1))
            bad = np.zeros(len(chunk), dtype=bool)
            bad[owner[~decided]] = True
            use = rank_ok & ~bad[owner]
            tpos = (pos & Tm).any(axis=1)
            tneg = (neg & Tm).any(axis=1)
            use &= ~(tpos & tneg)                          # the line leaves both ways: no edge
            face = Tm & zer
            ki = np.flatnonzero(use)
            # one edge per (vertex, face): the first subset of each, in subset order
            tag = np.zeros((len(ki), max(1, len(chunk).bit_length())), dtype=bool)
            tag[:] = (owner[ki][:, None] >> np.arange(tag.shape[1])) & 1
            _, first = np.unique(pack_rows(np.concatenate([face[ki], tag], axis=1)), return_index=True)
            for i in ki[np.sort(first)].tolist():
                if tpos[i] or tneg[i]:                     # else the line lies in every tight row
                    out[chunk[owner[i]][0]].append((None, None, face[i], tuple(rows[i].tolist())))
            for k in np.flatnonzero(bad).tolist():        # undecided somewhere: integer arithmetic
                v, _ = chunk[k]
                out[v] = [(z, s, f, None) for z, s, f in self._local_edges(v, admit=False)]
        return out

    def _float_edges(self, v: int, Z: np.ndarray):
        """Float mode: the edges spanned by screened subsets (null vectors ``Z``, rank d-1, not
        mixed), one per line, in the order of their first subset.

        What :meth:`_direction` does one subset at a time, for all of them at once: the signs of
        every row along the null vector (tolerance ``tol``), the direction turned so that no
        tight row becomes positive, and the face (tight rows that contain the line). Subsets
        with the same face span the same line (a rank d-1 subset inside a line's face has that
        line as its null space), so the first subset of each face is kept — the sequential
        skip of :meth:`_local_edges` in exact mode.
        """
        if not len(Z):
            return []
        tol = self.tol
        gz = Z @ self.G.T                                           # (N, R)
        sign = np.where(gz > tol, 1, np.where(gz < -tol, -1, 0))
        Tm = self.tight[v]
        # (numpy's stub types ndarray.any(axis=1) as bool | ndarray: it is an (N,) array here)
        flip = (sign[:, Tm] > 0).any(axis=1)                        # mixed subsets were screened out
        Z = np.where(flip[:, None], -Z, Z)  # type: ignore[index]
        sign = np.where(flip[:, None], -sign, sign)  # type: ignore[index]
        ok = (sign[:, Tm] < 0).any(axis=1)                          # the line leaves the vertex
        face = Tm[None, :] & (sign == 0)
        _, first = np.unique(pack_rows(face), return_index=True)
        first = np.sort(first)
        return [(Z[i], sign[i], face[i]) for i in first.tolist() if ok[i]]  # type: ignore[index]

    # ------------------------------------------------------------------ certificate
    def close(self, max_vertices: int = 1_000_000) -> bool:
        """Complete the vertex set by the adjacency certificate; True when it is proven closed.

        Edge keys: the edge of simple vertex v that drops tight row t is covered when another
        vertex's tight set contains ``K = T(v) - {t}``: either another simple vertex has the same
        key (sorted keys: each must occur twice) or a degenerate vertex's tight set contains K.
        Degenerate vertices get their edges as an :class:`Edges` table (:meth:`_float_edge_table`,
        :meth:`_exact_edge_table`); an edge not covered by a known vertex (:meth:`_covered`) is
        walked to its far end (:meth:`_neighbour`).
        """
        d = self.d
        done_degenerate: set[int] = set()
        failed = False
        while True:
            L = self.tight.array
            simple = L.sum(axis=1) == d
            sv = np.flatnonzero(simple)
            dv = np.flatnonzero(~simple)
            Ls = L[sv]
            r, c = np.nonzero(Ls)
            if self.R <= 64:  # key of T(v) - {t} = key of T(v) with the bit of row t cleared
                keys = pack_rows(Ls)[r] & ~self._rowbit[c]
            else:
                K = Ls[r]
                K[np.arange(len(r)), c] = False
                keys = pack_rows(K)
            added = False
            if self.clock is not None:
                self.clock.vertices(len(self.points), "vertex enumeration (adjacency walk)")
            # R <= 64: tight sets as uint64 bit keys, "face F inside T(w)" is F & ~T(w) == 0
            Lk = pack_rows(L) if self.R <= 64 else None
            pending = [v for v in dv.tolist() if v not in done_degenerate]
            if not pending:
                edges = None
            elif self.exact:
                edges = self._exact_edge_table(pending)
            elif d >= 2:
                edges = self._float_edge_table(pending)
            else:
                edges = self._local_edge_table(pending)
            done_degenerate.update(pending)
            if edges is not None and len(edges):
                if self.clock is not None:
                    self.clock.check("vertex enumeration (degenerate vertices)")
                for e in np.flatnonzero(~self._covered(edges, L, Lk, keys, dv)).tolist():
                    if self.clock is not None:
                        self.clock.check("vertex enumeration (degenerate vertices)")
                    v = int(edges.owner[e])
                    if e in edges.given:
                        z, sign = edges.given[e]
                    else:                          # its direction, now, from its first subset
                        found = self._direction(v, tuple(edges.first[e].tolist()))
                        if found is None or not found[3]:
                            if self.exact:         # pragma: no cover - the screen is proven
                                raise ArithmeticError("exact edge screen disagrees with integer arithmetic")
                            failed = True          # float: rounding made the two tests disagree;
                            continue               # the edge is not walked, so no certificate
                        z, sign = found[0], found[1]
                    res = self._neighbour(v, z, sign)
                    added = added or bool(res)
                    failed = failed or res is None  # False: found already (in this round)
            lonely = unpaired(keys)
            if len(lonely) and len(dv):            # an edge key inside a degenerate vertex's tight set
                if Lk is not None:
                    inside = ((keys[lonely][:, None] & ~Lk[dv][None, :]) == 0).any(axis=1)
                else:
                    Ld = L[dv]
                    inside = np.array([np.all(Ld[:, self._edge_row(Ls, r, c, e)], axis=1).any() for e in lonely],
                                      dtype=bool)
                lonely = lonely[~inside]
            Kr = {e: self._edge_row(Ls, r, c, e) for e in lonely.tolist()}
            if not added and not len(lonely):
                return not (failed or self.degenerate_cap_hit)
            for e in lonely:
                if self.clock is not None:
                    self.clock.check("vertex enumeration (adjacency walk)")
                v = int(sv[r[e]])
                F = tuple(int(x) for x in np.flatnonzero(Kr[e]))
                res = self._direction(v, F)
                ok = res is not None and res[3] and self._neighbour(v, res[0], res[1])
                added = added or bool(ok)
            if not added:
                return False
            if len(self.points) > max_vertices:  # pragma: no cover - safety valve
                return False

    def _covered(self, edges: Edges, L: np.ndarray, Lk: np.ndarray | None, keys: np.ndarray,
                 dv: np.ndarray) -> np.ndarray:
        """Which edges lie on a line through another known vertex (their face inside its tight set).

        Such an edge's far end is known (a vertex on the edge's line is an endpoint of the edge).
        With R <= 64 all at once on bit keys: a face of d - 1 rows inside a simple vertex is one
        of that vertex's edge keys ``keys`` and a face of d rows is its whole tight set (sorted
        searches), and any face is compared with the degenerate vertices' tight sets (in blocks
        of bounded memory); the same rule as edge by edge, which runs for R > 64.
        """
        face, owner = edges.face, edges.owner
        if Lk is None:
            return np.array([bool(np.any(np.flatnonzero(np.all(L[:, f], axis=1)) != v))
                             for f, v in zip(face, owner.tolist())], dtype=bool)
        fk = pack_rows(face)
        cov = np.zeros(len(edges), dtype=bool)
        size = face.sum(axis=1)
        simple_keys = Lk[np.setdiff1d(np.arange(len(Lk)), dv)]
        # inside a simple vertex w (d tight rows): a face of d - 1 rows is one of w's edge keys,
        # a face of d rows is T(w) itself (float mode only: a rank slip), larger faces never
        for sel, table in ((np.flatnonzero(size == self.d - 1), keys), (np.flatnonzero(size == self.d), simple_keys)):
            if len(table) and len(sel):
                srt = np.sort(table)
                at = np.minimum(np.searchsorted(srt, fk[sel]), len(srt) - 1)
                cov[sel] = srt[at] == fk[sel]
        outside = ~Lk[dv]
        step = max(1, 2_000_000 // max(1, len(dv)))
        for a0 in range(0, len(edges), step):
            inside = (fk[a0:a0 + step, None] & outside[None, :]) == 0
            cov[a0:a0 + step] |= (inside & (dv[None, :] != owner[a0:a0 + step, None])).any(axis=1)
        return cov

    @staticmethod
    def _edge_row(Ls: np.ndarray, r: np.ndarray, c: np.ndarray, e: int) -> np.ndarray:
        """Tight rows of edge e: the simple vertex's tight set ``Ls[r[e]]`` without row ``c[e]``."""
        row = Ls[r[e]].copy()
        row[c[e]] = False
        return row

    # ------------------------------------------------------------------ output
    def label_matrix(self) -> np.ndarray:
        """Bool (V, nlabels): labels of every vertex (vertex 0 is the origin)."""
        return self.tight.array[:, self.label_row]


def hull_certificate(dual: np.ndarray, simplices: np.ndarray, tight: np.ndarray, is_flat: Any = None) -> bool:
    r"""Whether qhull's triangulated facets of the polar dual provably include every facet.

    The points :math:`q_r` (``dual``) span the polar dual :math:`K` of the polytope about an
    interior point, with the origin inside :math:`K`; its facets are the polytope's vertices.
    qhull reports :math:`F` simplices of :math:`d` points each (``simplices``), and the caller has
    checked that every simplex's hyperplane gives a feasible vertex; ``tight`` (one row per
    simplex) holds that vertex's tight rows. This function checks, without trusting qhull,

    * each simplex's points are tight at its vertex, so the simplex lies on a supporting
      hyperplane, in the boundary sphere :math:`\partial K`;
    * ridges are matched in pairs: every set of :math:`d - 1` points that is a ridge of one
      simplex (the simplex without one of its points) is a ridge of exactly one other;
    * orientation: with :math:`D_f = \det[q_{s_1}; \dots; q_{s_d}]` (points ascending), the
      ridge opposite ascending position :math:`k` receives the orientation
      :math:`\operatorname{sign}(D_f)(-1)^k` from simplex :math:`f`, and the two simplices of
      every ridge give it opposite orientations (the far points lie on opposite sides of the
      hyperplane spanned by the origin and the ridge).

    The determinants are taken with every point scaled to unit length (a positive scaling of a
    row keeps the sign). A simplex with :math:`|D_f| \le 10^{-9}` there is flat (qhull's
    triangulation of a non-simplicial facet can contain simplices of zero volume): it covers
    nothing and takes the orientation its neighbours demand, if they agree. In exact mode
    ``is_flat`` (a function of a simplex's ascending points) must confirm that each such simplex
    is exactly flat, and :data:`EXACT_CERTIFICATE_DIMENSION` bounds the rounding of the others.

    Then the simplices, each oriented so that its cone from the origin has a positive
    determinant (flat ones as propagated), form an integer
    :math:`(d-1)`-cycle on the sphere :math:`\partial K`, which covers every point the same
    number of times :math:`k \ge 1` (radial projection: each non-flat simplex has local degree
    +1, and some point is covered). So every facet of :math:`K` contains relative-interior points
    covered by a simplex, which must lie in that facet's hyperplane (a supporting hyperplane
    through a relative-interior point of a facet is the facet's): every vertex of the polytope
    is among the simplices' vertices. The orientation test rejects what matching alone would
    accept, e.g. a square facet listed as all four triangles on its corners (a closed surface that
    covers one facet twice and nothing else).

    Returns False (the caller then runs the adjacency walk) when a test fails or a flat simplex
    cannot be oriented, or when there are more than 64 rows.
    """
    F, d = simplices.shape
    if F == 0 or len(dual) > 64 or d < 2 or len(tight) != F:
        return False
    if not tight[np.arange(F)[:, None], simplices].all():
        return False
    S = np.sort(simplices, axis=1)
    unit = dual / np.sqrt(np.einsum("rd,rd->r", dual, dual))[:, None]   # positive row scaling keeps every sign
    det = np.linalg.det(unit[S])
    if not np.isfinite(det).all():
        return False
    sign = (det > _FLAT).astype(np.int64) - (det < -_FLAT)       # 0: flat
    if not sign.any():
        return False
    if is_flat is not None and not all(is_flat(S[g]) for g in np.flatnonzero(sign == 0).tolist()):
        return False                                  # exact mode: "flat" must be exactly flat
    bit = row_bits(len(dual))[S]
    ridge = (bit.sum(axis=1)[:, None] - bit).ravel()   # occurrence f d + k: the ridge opposite S[f, k]
    order = np.argsort(ridge)
    srt = ridge[order]
    if (F * d) % 2 or (srt[0::2] != srt[1::2]).any() or (srt[1:-1:2] == srt[2::2]).any():
        return False
    first, second = order[0::2], order[1::2]          # the two occurrences of each ridge
    parity = 1 - 2 * (np.arange(d) & 1)
    if not sign.all():
        partner = np.empty(F * d, dtype=np.intp)
        partner[first], partner[second] = second, first
        flat = np.flatnonzero(sign == 0).tolist()
        while flat:                                   # orient flat simplices from their neighbours
            pending = []
            for g in flat:
                f, k = np.divmod(partner[g * d:(g + 1) * d], d)
                known = sign[f] != 0
                want = set((-sign[f[known]] * parity[k[known]] * parity[known]).tolist())
                if len(want) > 1:
                    return False
                if want:
                    sign[g] = want.pop()
                else:
                    pending.append(g)
            if len(pending) == len(flat):             # flat simplices among flat ones only
                return False
            flat = pending
    induced = (sign[:, None] * parity).ravel()
    return bool((induced[first] == -induced[second]).all())


_FLAT = 1e-9   # |det| of a simplex's unit-length points at or below which it counts as flat
