r"""All Nash equilibria of a two-player (bimatrix) game, complete and — for exact payoffs — exact.

Conventions
-----------
``A[i, j]`` and ``B[i, j]`` are the payoffs of the row player and the column player when row
``i`` meets column ``j`` (Gambit's and von Stengel's convention; QuantEcon stores ``B.T``).
A mixed equilibrium is a pair ``(x, y)`` of probability vectors, each a best response to the
other.

Method
------
After a positive affine rescaling of each player's payoffs (which leaves best responses
unchanged) all payoffs are >= 1 and the *best-response polytopes*

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}

are bounded. Label a point ``x`` of ``P`` with ``i`` when :math:`x_i = 0` and with ``m + j`` when
:math:`(B^\top x)_j = 1` (column ``j`` is a best response to ``x``), and ``y`` of ``Q`` with
``m + j`` when :math:`y_j = 0` and with ``i`` when :math:`(A y)_i = 1`. A pair
:math:`(x, y) \ne (0, 0)` is *completely labelled* (every label 0..m+n-1 appears) exactly when
:math:`(x / \mathbf 1^\top x,\ y / \mathbf 1^\top y)` is a Nash equilibrium; the *extreme*
equilibria are the completely labelled pairs of vertices, and every equilibrium is a convex
combination of extreme equilibria within a maximal Nash subset (Mangasarian 1964; Winkels 1979;
von Stengel 2002, §3).

1. The vertices of ``P`` and ``Q`` come from qhull (the facets of the polar dual, as in
   :class:`scipy.spatial.HalfspaceIntersection`, read by :func:`._hull.hull_facets`, which is
   :class:`scipy.spatial.ConvexHull` without its volume computation); exact games refine every
   vertex to exact rationals (fraction-free elimination) and check it in integers.
2. An adjacency certificate proves the vertex lists complete (a polytope's graph is connected:
   every edge at every vertex must lead to a listed vertex); missing vertices are found by pivoting
   along the edge, so the result stays complete when qhull fails (the pivoting alone then
   enumerates the polytope from its origin vertex). A shorter proof is tried first (on exact
   tight sets in exact mode): qhull's own triangulated boundary of the polar dual, checked to be a closed,
   coherently oriented surface of non-degenerate simplices on supporting hyperplanes (an integer
   cycle that covers the whole boundary, so no facet of the dual, i.e. no vertex, is missing;
   the "oriented-boundary certificate" of ``method``). See :mod:`._polytope`.
3. Completely labelled pairs are found at once from Boolean label matrices: a vertex of ``P``
   with exactly m labels needs a vertex of ``Q`` carrying exactly its missing labels (a hash
   join on bit keys); vertices with more labels are matched by subset tests. The pairs are
   normalised and every equilibrium's regret (largest gain of a unilateral deviation) is
   computed on the original payoffs, exactly for exact games.
4. Degenerate games (a mixed strategy with support size k and more than k pure best responses;
   equivalently a vertex with more than m, resp. n, labels): the equilibrium set is a union of
   maximal Nash subsets, the maximal bicliques of the bipartite graph of extreme equilibria, and its
   connected components are reported (the "clique" output of Gambit's ``enummixed``).

References
----------
.. [1] Mangasarian, O. L. (1964). Equilibrium points of bimatrix games. Journal of the Society for
   Industrial and Applied Mathematics 12(4), 778-780.
.. [2] Winkels, H.-M. (1979). An algorithm to determine all equilibrium points of a bimatrix game.
   In O. Moeschlin & D. Pallaschke (eds.), Game Theory and Related Topics, 137-148.
.. [3] von Stengel, B. (2002). Computing equilibria for two-person games. In R. J. Aumann &
   S. Hart (eds.), Handbook of Game Theory, Vol. 3, ch. 45, 1723-1759.
.. [4] Avis, D., Rosenberg, G. D., Savani, R. & von Stengel, B. (2010). Enumeration of Nash
   equilibria for two-player games. Economic Theory 42, 9-37.
.. [5] Balinski, M. L. (1961). On the graph structure of convex polyhedra in n-space. Pacific
   Journal of Mathematics 11(2), 431-434 (the graph of a d-polytope is d-connected).
.. [6] Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. Mathematical Programming
   Study 1, 175-189 (index theorem: a nondegenerate game has an odd number of equilibria).
.. [7] Barber, C. B., Dobkin, D. P. & Huhdanpaa, H. (1996). The Quickhull algorithm for convex
   hulls. ACM Transactions on Mathematical Software 22(4), 469-483.
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterator

import numpy as np

from .._validate import DomainError
from ..budget import DEFAULT_BUDGET, Budget, BudgetExceeded  # noqa: F401  (re-exported)
from ..results import Result, format_value
from ._components import components_and_cliques
from ._exact import common_denominator, integer_scale
from . import _pivot
from ._fast import fast_float_equilibria, pair_payoffs, strategy_order
from ._input import as_payoffs, int_unit_scale, unit_scale
from ._polytope import BestResponsePolytope, pack_rows
from gametheory.core.params import rejects_text

_TRUE = True   # unconditional: a numeric game's result holds without conditions (sympy's true == True)

__all__ = ["BimatrixEquilibria", "EquilibriumComponent", "enumerate_equilibria", "warm_up"]


@rejects_text
@dataclass(frozen=True)
class EquilibriumComponent:
    """A connected component of the set of Nash equilibria.

    Attributes
    ----------
    equilibria : tuple of int
        Indices (into :attr:`BimatrixEquilibria.equilibria`) of its extreme equilibria.
    nash_subsets : tuple of (tuple of int, tuple of int)
        Its maximal Nash subsets ``(X, Y)``: indices into
        :attr:`BimatrixEquilibria.row_vertices` and :attr:`~BimatrixEquilibria.column_vertices`;
        every ``(x, y)`` in ``conv(X) x conv(Y)`` is an equilibrium.
    """

    equilibria: tuple[int, ...]
    nash_subsets: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]

    def __repr__(self) -> str:
        subsets = ", ".join(f"{list(x)}x{list(y)}" for x, y in self.nash_subsets)
        return f"Component(equilibria={list(self.equilibria)}, nash_subsets=[{subsets}])"


@rejects_text(text=('message',), choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class BimatrixEquilibria(Result):
    """All extreme Nash equilibria of a bimatrix game, with certificates and structure.

    Attributes
    ----------
    equilibria : tuple of (ndarray, ndarray)
        The extreme equilibria ``(x, y)`` (object arrays of :class:`fractions.Fraction` for exact
        games, float arrays otherwise). For a nondegenerate game these are all equilibria.
    payoffs : tuple of (number, number)
        :math:`(x^\\top A y,\\ x^\\top B y)` of each equilibrium.
    max_deviation_gain : tuple of number
        Regret certificate of each equilibrium:
        :math:`\\max(\\max_i (Ay)_i - x^\\top A y,\\ \\max_j (x^\\top B)_j - x^\\top B y)`
        — exactly 0 for exact games, of the order of ``tol`` times the payoff range otherwise.
    complete : bool
        True when every extreme equilibrium was provably found (vertex lists closed under polytope
        adjacency; in float mode "provably" is up to the tolerance).
    degenerate : bool
        True when some mixed strategy with support size k has more than k pure best responses.
    components : tuple of EquilibriumComponent
        Connected components of the equilibrium set and their maximal Nash subsets.
    exact : bool
        Exact rational arithmetic throughout.
    method : str
        How the result was obtained.
    row_vertices, column_vertices : tuple of ndarray
        The distinct row and column strategies of the extreme equilibria.
    vertex_pairs : tuple of (int, int)
        ``equilibria[k] == (row_vertices[i], column_vertices[j])`` for ``(i, j) = vertex_pairs[k]``.
    conditions : sympy.Boolean
        Always ``True`` (numeric payoffs).
    message : str
        Diagnostics (fallbacks taken, why ``complete`` is False).
    """

    equilibria: tuple
    payoffs: tuple
    max_deviation_gain: tuple
    complete: bool
    degenerate: bool
    components: tuple
    exact: bool
    method: str
    row_vertices: tuple = ()
    column_vertices: tuple = ()
    vertex_pairs: tuple = ()
    conditions: Any = _TRUE
    message: str = ""

    def __post_init__(self) -> None:
        # the generic Result freeze, without its per-call argument guard (this runs once per game)
        for f in _FIELDS:
            object.__setattr__(self, f, _freeze(getattr(self, f)))

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        return iter(self.equilibria)

    def summary(self) -> str:
        """Readable table of the equilibria, their payoffs, certificates and components."""
        kind = "exact" if self.exact else "floating point"
        lines = [
            "BimatrixEquilibria",
            "==================",
            f"{len(self.equilibria)} extreme equilibri{'um' if len(self.equilibria) == 1 else 'a'}"
            f" ({kind}; complete: {self.complete}; degenerate: {self.degenerate})",
            f"method: {self.method}",
        ]
        for k, ((x, y), (u1, u2), g) in enumerate(zip(self.equilibria, self.payoffs, self.max_deviation_gain)):
            lines.append(f"  [{k}] x = {format_value(x)}, y = {format_value(y)}, "
                         f"payoffs = ({format_value(u1)}, {format_value(u2)}), regret = {format_value(g)}")
        if self.degenerate:
            for c, comp in enumerate(self.components):
                lines.append(f"  component {c}: {comp!r}")
        if self.message:
            lines.append(f"note: {self.message}")
        return "\n".join(lines)


_FIELDS = tuple(f.name for f in dataclasses.fields(BimatrixEquilibria))


def _freeze(value: Any) -> Any:
    """``results.freeze``: numpy arrays made read-only, lists to tuples, recursively."""
    if isinstance(value, np.ndarray):
        if value.flags.writeable:
            value = value.view()
            value.flags.writeable = False
        return value
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def _completely_labelled(LP: np.ndarray, LQ: np.ndarray, m: int, n: int,
                          clock: Any = None) -> tuple[list[tuple[int, int]], BudgetExceeded | None]:
    """Pairs (a, b) of non-origin vertices whose labels cover 0..m+n-1 (and a budget overrun or None).

    A vertex of P with exactly m labels needs a Q vertex holding its n missing labels: for a Q
    vertex with exactly n labels that is equality of label sets (a hash join); vertices with more
    labels (degenerate) are matched by a subset test against all vertices of the other polytope
    (bitwise on uint64 label keys when there are at most 64 labels), the work charged vertex by
    vertex so that a budget overrun keeps the pairs of the vertices matched before it.
    """
    cp, cq = LP.sum(axis=1), LQ.sum(axis=1)
    sx = np.flatnonzero(cp == m)  # the origin (index 0) has m labels: dropped below
    sx = sx[sx > 0]
    sy = np.flatnonzero(cq == n)
    sy = sy[sy > 0]
    pairs: set[tuple[int, int]] = set()
    if len(sx) and len(sy):
        kx = pack_rows(~LP[sx])
        ky = pack_rows(LQ[sy])
        _, ix, iy = np.intersect1d(kx, ky, assume_unique=True, return_indices=True)
        pairs.update(zip(sx[ix].tolist(), sy[iy].tolist()))
    bits = LP.shape[1] <= 64     # labels as uint64 bits: "b holds every label a lacks" is one AND
    keys = (pack_rows(LP), pack_rows(LQ)) if bits else (LP, LQ)
    full = pack_rows(np.ones((1, LP.shape[1]), dtype=bool))[0] if bits else None
    try:
        for deg, own, other, rows, flip in ((np.flatnonzero(cp > m), keys[0], keys[1], LQ, False),
                                            (np.flatnonzero(cq > n), keys[1], keys[0], LP, True)):
            step = max(1, 1_000_000 // max(1, len(rows)))
            for a0 in range(0, len(deg), step):
                block = deg[a0:a0 + step]
                stop = None
                if clock is not None:          # charged vertex by vertex, as one loop would
                    for n_ok in range(len(block)):
                        try:
                            clock.spend(len(rows), "matching degenerate vertices")
                        except BudgetExceeded as exc:
                            block, stop = block[:n_ok], exc
                            break
                if bits:
                    hit = ((full & ~own[block])[:, None] & ~other[None, :]) == 0
                else:
                    hit = np.array([np.all(other[:, ~own[a]], axis=1) for a in block.tolist()],
                                   dtype=bool).reshape(len(block), len(rows))
                i, j = np.nonzero(hit)
                keep = j > 0                   # not the other polytope's origin
                a_, b_ = block[i[keep]].tolist(), j[keep].tolist()
                pairs.update(zip(b_, a_) if flip else zip(a_, b_))
                if stop is not None:
                    raise stop
    except BudgetExceeded as exc:
        return sorted(pairs), exc
    return sorted(pairs), None


def _strategies(poly: BestResponsePolytope, vertices: list[int], exact: bool) -> dict[int, np.ndarray]:
    """Normalised mixed strategies of polytope vertices (float ones re-solved from tight rows)."""
    if exact:
        return {v: _normalised(poly.exact_points[v][0]) for v in vertices}
    found = float_strategies(poly.G, poly.h, poly.tight.array, poly.points, poly.d, vertices)
    if found is None:  # pragma: no cover - never: with the points given it falls back on them
        raise RuntimeError("internal error: no strategies")
    return found


def _normalised(numerators: list[int]) -> np.ndarray:
    """An exact vertex's strategy: its integer coordinates (over any common denominator) divided by their sum."""
    s = sum(numerators)
    return np.array([Fraction(a, s) for a in numerators], dtype=object)


def float_strategies(G: np.ndarray, h: np.ndarray, tight: np.ndarray, points: Any, d: int,
                     vertices: list[int]) -> dict[int, np.ndarray] | None:
    """Float mode of :func:`_strategies`: the vertices' strategies from their tight rows ``tight[v]`` of ``G z <= h``.

    A simple vertex (d tight rows) is solved by one batched LU solve, a degenerate one by least
    squares on all its tight rows; negative rounding is clipped, tight zero rows give exact
    zeros, and each point is divided by its sum. Should a tight system be singular, the points
    stored in ``points`` (a :class:`._store.Rows`) are used instead, or None is returned without them.
    """
    out: dict[int, np.ndarray] = {}
    simple = [v for v in vertices if tight[v].sum() == d]
    if simple:  # one batched solve of the tight systems (polishes qhull's coordinates)
        rows = np.nonzero(tight[simple])[1].reshape(len(simple), d)
        try:
            Z = np.linalg.solve(G[rows], h[rows][..., None])[..., 0]
        except np.linalg.LinAlgError:
            if points is None:
                return None
            Z = points.array[simple]
        out.update(zip(simple, Z))
    for v in vertices:
        if v not in out:
            T = tight[v]
            out[v] = np.linalg.lstsq(G[T], h[T], rcond=None)[0]
    for v in vertices:
        z = np.clip(out[v], 0.0, None)
        z[tight[v][:d]] = 0.0  # tight zero rows are exact zeros
        out[v] = z / z.sum()
    return out


_MAX_SAFE = 2.0 ** 1000  # largest |payoff| kept as is: differences and sums of few terms stay finite


def _pow2_rescale(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """Divide each player's float payoffs by a power of two so that ``max |payoff| <= 2^1000``.

    Division by a power of two is exact for floats (unless it underflows into subnormals, which
    is checked) and a positive scaling changes no best response, so the equilibria are the same.
    Raises DomainError when the exact rescaling is impossible (payoffs spanning more than about
    2000 binary orders of magnitude).
    """
    out, shifts = [], []
    for name, M in (("A", A), ("B", B)):
        top = float(np.max(np.abs(M)))
        if top <= _MAX_SAFE:
            out.append(M)
            shifts.append(0)
            continue
        k = math.frexp(top)[1] - 1000
        S = np.ldexp(M, -k)
        if not np.array_equal(np.ldexp(S, k), M):
            raise DomainError(
                f"payoff matrix {name} has entries up to {top:.3g} and entries too small to rescale exactly "
                "(floating-point overflow would make the answer wrong): pass exact payoffs (integers or "
                "Fractions), or rescale the payoffs yourself")
        out.append(S)
        shifts.append(k)
    return out[0], out[1], (shifts[0], shifts[1])


def _budget_message(m: int, n: int, exc: BudgetExceeded, budget: Budget, exact: bool) -> str:
    """Why the enumeration stopped, and the ways out."""
    return (f"{m}x{n} game: the enumeration of all extreme equilibria exceeded its budget — {exc} "
            f"(budget: {budget.describe()}). Only the equilibria among the vertices found so far are "
            "listed (every pure equilibrium included), each verified; complete=False. Ways out: raise the "
            "budget, e.g. enumerate_equilibria(A, B, budget=Budget(seconds=600, max_work=10**9)) or "
            "game.equilibria(budget=...); remove dominated or duplicate strategies first "
            "(game.iterated_elimination()); or compute one equilibrium with pygambit's "
            "gbt.nash.lcp_solve(game.to_gambit()).")


_FAST = True  # the lean path for nondegenerate float games (tests switch it off to reach the general path)
_FAST_METHOD = {
    "all bases": "vertex enumeration (all bases, nondegenerate) + adjacency certificate (floating point)",
    "qhull": "vertex enumeration (qhull, nondegenerate) + adjacency certificate (floating point)",
    "pivoting": "vertex enumeration (compiled pivoting walk, nondegenerate) + adjacency certificate (floating point)",
}


def _assemble(A_: np.ndarray, B_: np.ndarray, exact: bool, shifts: tuple[int, int], tol: float,
              raw_pairs: list[tuple[int, int]], rows: dict[int, np.ndarray], cols: dict[int, np.ndarray],
              complete: bool, degenerate: bool, notes: list[str], method: str, clock: Any) -> BimatrixEquilibria:
    """The result from the completely labelled vertex pairs and their strategies (``rows``, ``cols``: vertex id -> strategy).

    Orders the strategies, computes payoffs and regrets (exactly, or with the lean path's
    arithmetic), the components and maximal Nash subsets, and adds a note for every regret or
    payoff out of bounds. Shared by the general path and the compiled walk over all bases.
    """

    def order(vertices: dict[int, np.ndarray]) -> list[int]:
        """Descending coordinates, lexicographically (floats: as the lean path, rounded to 12 decimals)."""
        ids = list(vertices)
        if exact:
            return sorted(ids, key=lambda a: tuple(-x for x in vertices[a]))
        if not ids:
            return ids
        return [ids[k] for k in strategy_order(np.array([vertices[a] for a in ids])).tolist()]

    row_order = order(rows)
    col_order = order(cols)
    rpos = {a: k for k, a in enumerate(row_order)}
    cpos = {b: k for k, b in enumerate(col_order)}
    pairs = sorted((rpos[a], cpos[b]) for a, b in raw_pairs)
    row_vertices = tuple(rows[a] for a in row_order)
    column_vertices = tuple(cols[b] for b in col_order)

    equilibria: list[tuple[Any, Any]] = []
    payoffs: list[tuple[Any, Any]] = []
    gains: list[Any] = []
    scale = 1.0 if exact else max(1.0, float(np.ptp(A_)), float(np.ptp(B_)))
    fa, fb = (2.0 ** shifts[0], 2.0 ** shifts[1])
    if exact:  # in integers over common denominators: A = IA / LA, x = nx / dx, y = ny / dy
        IA, LA = common_denominator(A_)
        IB, LB = common_denominator(B_)
        xs = [common_denominator(x) for x in row_vertices]
        ys = [common_denominator(y) for y in column_vertices]
        Ay = {j: IA.dot(ny) for j, (ny, _) in enumerate(ys)}        # A y = Ay / (LA dy)
        xB = {i: nx.dot(IB) for i, (nx, _) in enumerate(xs)}        # x B = xB / (dx LB)
    elif pairs:  # all pairs at once, with the lean path's arithmetic (identical floats)
        fu1, fu2, fg1, fg2 = (v.tolist() for v in pair_payoffs(
            A_, B_, np.array([row_vertices[i] for i, _ in pairs]), np.array([column_vertices[j] for _, j in pairs])))
    for e, (i, j) in enumerate(pairs):
        x, y = row_vertices[i], column_vertices[j]
        if exact:
            (nx, dx), (ny, dy) = xs[i], ys[j]
            a1, a2 = nx.dot(Ay[j]), xB[i].dot(ny)
            # regrets max(A y) - x A y = (max(Ay) dx - a1) / (dx LA dy), and likewise for B
            gain = max(Fraction(max(Ay[j]) * dx - a1, dx * dy * LA), Fraction(max(xB[i]) * dy - a2, dx * dy * LB))
            if gain != 0:  # pragma: no cover - would be a bug: never return an unverified profile
                raise RuntimeError(f"internal error: exact candidate {x}, {y} has regret {gain}")
            u1, u2 = Fraction(a1, dx * dy * LA), Fraction(a2, dx * dy * LB)
        else:
            u1, u2, gain = fu1[e], fu2[e], max(0.0, fg1[e], fg2[e])
            if gain > 1e3 * tol * scale:
                notes.append(f"equilibrium {len(equilibria)} has regret {gain:.3g} "
                             f"(> 1000 tol x payoff range): tolerance too tight or too loose for this game")
            if any(shifts):  # back to the original units (exact: powers of two)
                g1 = max(0.0, fg1[e])
                g2 = max(0.0, fg2[e])
                u1, u2, gain = u1 * fa, u2 * fb, max(g1 * fa, g2 * fb)
            if not all(math.isfinite(v) for v in (u1, u2, gain)):
                complete = False
                notes.append(f"equilibrium {len(equilibria)} has a non-finite payoff or regret "
                             f"(payoffs {u1}, {u2}, regret {gain}): floating-point overflow; "
                             "pass exact payoffs (integers or Fractions) instead")
        equilibria.append((x, y))
        payoffs.append((u1, u2))
        gains.append(gain)

    try:
        comps = tuple(EquilibriumComponent(e, tuple(c)) for e, c in components_and_cliques(pairs, clock))
    except BudgetExceeded as exc:
        comps = ()
        notes.append(f"components and maximal Nash subsets not computed: {exc} (the equilibria are listed)")
    return BimatrixEquilibria(
        equilibria=tuple(equilibria),
        payoffs=tuple(payoffs),
        max_deviation_gain=tuple(gains),
        complete=complete,
        degenerate=degenerate,
        components=comps,
        exact=exact,
        method=method,
        row_vertices=row_vertices,
        column_vertices=column_vertices,
        vertex_pairs=tuple(pairs),
        message="; ".join(notes),
    )


def _try_fast(A: Any, B: Any, tol: float) -> BimatrixEquilibria | None:
    """The result by :func:`._fast.fast_float_equilibria` for float arrays, or None."""
    if not (type(A) is np.ndarray and type(B) is np.ndarray and A.dtype.kind == "f" and B.dtype.kind == "f"
            and A.ndim == 2 and A.shape == B.shape and A.size):
        return None
    A_ = np.array(A, dtype=float)
    B_ = np.array(B, dtype=float)
    out = fast_float_equilibria(A_, B_, tol)   # NaN or inf entries: None
    if out is None:
        return None
    out["components"] = tuple(_component(k, i, j) for k, (i, j) in enumerate(out["vertex_pairs"]))
    out.update(complete=True, degenerate=False, exact=False, method=_FAST_METHOD[out.pop("vertices")],
               conditions=_TRUE, message="")   # the vertices come read-only, as Result.__post_init__ leaves them
    res = object.__new__(BimatrixEquilibria)
    for f in _FIELDS:
        object.__setattr__(res, f, out[f])
    return res


def _matched(kernels: Any, P: Any, Q: Any, m: int, n: int) -> tuple[list[tuple[int, int]], bool] | None:
    """The completely labelled vertex pairs of two walked polytopes (:mod:`._pivot`), as
    :func:`_completely_labelled` gives them, and whether the game is degenerate (a vertex with more
    labels than coordinates); None when the matching exceeds the default budget's work."""
    status, found = kernels.complete_pairs(P.label_keys, Q.label_keys, m, n, DEFAULT_BUDGET.max_work)
    if status != kernels.OK:
        return None
    degenerate = bool(np.any(P.labels.sum(axis=1) > m) or np.any(Q.labels.sum(axis=1) > n))
    return list(map(tuple, found.tolist())), degenerate


_WALK_METHOD = "vertex enumeration (compiled walk over all bases) + basis-graph certificate (floating point)"


def _try_walk(A: Any, B: Any, tol: float) -> BimatrixEquilibria | None:
    """The result of a degenerate float game with whole-number payoffs by the compiled walk over all bases, or None.

    Runs when the compiled kernels are loaded (:mod:`._pivot`) and the lean path declined, for
    payoffs that are multiples of :math:`2^{-20}` below :math:`2^{30}` in size (whole numbers,
    halves, quarters, ...; :func:`._pivot.whole`). In such a game every degeneracy is exact:
    there is no payoff noise below the walk's snapping threshold, which would otherwise erase
    real differences in the data (payoffs 1e-13 apart read as equal). Each polytope is the
    general path's, its vertices (tight sets) those of every feasible basis
    (:func:`._pivot.walked_polytope`); from there on it is the general path's own code (label
    matching, strategies from tight rows, payoffs, components). None (the general path answers)
    when the walk declines, a tight system is singular, the default budget runs out, or the
    answer carries a note.
    """
    kernels = _pivot.kernel()
    if kernels is None or not (type(A) is np.ndarray and type(B) is np.ndarray and A.dtype.kind == "f"
                               and B.dtype.kind == "f" and A.ndim == 2 and A.shape == B.shape and A.size):
        return None
    A_ = np.array(A, dtype=float)
    B_ = np.array(B, dtype=float)
    if not (_pivot.whole(A_) and _pivot.whole(B_)):   # NaN and inf are not whole either
        return None
    m, n = A_.shape
    own, other = tuple(range(m)), tuple(range(m, m + n))     # P's zero rows carry labels 0..m-1, Q's m..m+n-1
    P = _pivot.walked_polytope(kernels, unit_scale(B_), own, other, m + n, tol)
    Q = None if P is None else _pivot.walked_polytope(kernels, unit_scale(A_).T.copy(), other, own, m + n, tol)
    if P is None or Q is None:
        return None
    matched = _matched(kernels, P, Q, m, n)
    if matched is None:
        return None
    raw_pairs, degenerate = matched
    rows = float_strategies(P.G, P.h, P.tight, None, m, sorted({a for a, _ in raw_pairs}))
    cols = float_strategies(Q.G, Q.h, Q.tight, None, n, sorted({b for _, b in raw_pairs}))
    if rows is None or cols is None:
        return None
    clock = Budget.coerce(None, None).start()
    res = _assemble(A_, B_, False, (0, 0), tol, raw_pairs, rows, cols, True, degenerate, [], _WALK_METHOD, clock)
    return res if res.complete and not res.message else None


_EXACT_WALK_METHOD = ("vertex enumeration (compiled exact walk over all bases) + basis-graph certificate "
                      "and exact verification")


def _try_exact_walk(A_: np.ndarray, B_: np.ndarray, Bm: list[list[int]], AmT: list[list[int]],
                    tol: float) -> BimatrixEquilibria | None:
    """The result of an exact game by the compiled walk over all bases in integers, or None.

    ``Bm`` (m x n) and ``AmT`` (n x m) are the general exact path's positive integer payoffs
    (:func:`._exact.integer_scale`). Each polytope's vertices, with their exact coordinates,
    come from :func:`._pivot.exact_walked_polytope`, every decision of the walk exact
    (fraction-free pivoting in int64, 128-bit products, entries kept below 2^62); from there on it is the general
    path's own code (label matching by :func:`._pivot_kernels.complete_pairs`, normalised
    strategies, exact payoffs and the exact verification of every equilibrium, components).
    None (the general path answers) when the kernels are not loaded, a walk declines, or the
    label matching exceeds the default budget.
    """
    kernels = _pivot.kernel()
    if kernels is None:
        return None
    m, n = A_.shape
    own, other = tuple(range(m)), tuple(range(m, m + n))     # P's zero rows carry labels 0..m-1, Q's m..m+n-1
    P = _pivot.exact_walked_polytope(kernels, Bm, own, other, m + n)
    Q = None if P is None else _pivot.exact_walked_polytope(kernels, AmT, other, own, m + n)
    if P is None or Q is None:
        return None
    matched = _matched(kernels, P, Q, m, n)
    if matched is None:
        return None
    raw_pairs, degenerate = matched
    rows = {a: _normalised(P.points[a, :-1].tolist()) for a in sorted({a for a, _ in raw_pairs})}
    cols = {b: _normalised(Q.points[b, :-1].tolist()) for b in sorted({b for _, b in raw_pairs})}
    clock = Budget.coerce(None, None).start()
    return _assemble(A_, B_, True, (0, 0), tol, raw_pairs, rows, cols, True, degenerate, [], _EXACT_WALK_METHOD, clock)


def _component(k: int, i: int, j: int) -> EquilibriumComponent:
    """The component of an isolated extreme equilibrium k = (row vertex i, column vertex j)."""
    c = object.__new__(EquilibriumComponent)
    object.__setattr__(c, "equilibria", (k,))
    object.__setattr__(c, "nash_subsets", (((i,), (j,)),))
    return c


def warm_up() -> bool:
    """Load the compiled vertex walks now; True when they are available.

    With the ``fast`` extra (numba), :func:`enumerate_equilibria` finds the vertices of float
    games by compiled pivoting walks (:mod:`gametheory.core.bimatrix._pivot`; degenerate games
    with whole-number payoffs included), and those of exact games by a walk in integer
    arithmetic, with the answer of the code without numba (only ``method`` differs; see the
    module for the one exception). Loading them costs numba's import and the cached kernels
    (about 0.45 s; the first time on a machine they compile, about 12 s, and the exact walk about
    7 s more at its first exact game), so a process loads them
    by itself only after 0.4 s of work without them. Call this before a batch of small games to
    pay the warm-up up front. False without numba, or with ``GAMETHEORY_PURE=1`` in the
    environment.

    Examples
    --------
    >>> from gametheory.core.bimatrix import warm_up
    >>> warm_up()  # doctest: +SKIP
    True
    """
    return _pivot.load() is not None


# ---------------------------------------------------------------------------------- main
@rejects_text
def enumerate_equilibria(A: Any, B: Any, *, tol: float = 1e-9, budget: Any = None,
                         time_limit: float | None = None) -> BimatrixEquilibria:
    r"""All extreme Nash equilibria of the bimatrix game ``(A, B)``.

    Parameters
    ----------
    A, B : array_like, shape (m, n)
        Payoffs of the row and the column player. Floats are solved in floating point; integers,
        :class:`fractions.Fraction` and sympy Rationals (all entries of both matrices) exactly.
    tol : float, default 1e-9
        Float mode only: a constraint counts as tight when its slack is at most ``tol`` after
        each player's payoffs are mapped affinely onto [1, 2].
    budget : Budget, float or None, default None
        The work budget (:class:`gametheory.core.budget.Budget`; a number means seconds). The
        default :data:`~gametheory.core.budget.DEFAULT_BUDGET` is **30 s, 500,000 vertices per
        polytope and 5e7 work steps** (candidate vertex pairs and subsets tested; the counts stand
        in for about 2 GB of memory). It is checked cooperatively inside every enumeration loop,
        so it works in any thread or process. When it runs out, the result lists the verified
        equilibria among the vertices found so far (all pure equilibria included) with
        ``complete=False`` and a message naming the game size, what was exceeded and the ways
        out. ``Budget(seconds=None, max_vertices=None, max_work=None)`` means unlimited.
    time_limit : float, optional
        Shortcut overriding the budget's seconds.

    Returns
    -------
    BimatrixEquilibria
        Extreme equilibria with payoffs and regret certificates, completeness and degeneracy flags,
        and the components / maximal Nash subsets of the equilibrium set.

    Raises
    ------
    DomainError
        Shapes differ or are not 2-d, a player has no strategy, entries are NaN/inf,
        non-numeric, symbolic or irrational; float payoffs so large that they overflow and cannot
        be rescaled exactly (payoffs up to ``2^1000`` are used as they are; larger ones are divided
        by a power of two per player, which is exact and changes no best response).

    Notes
    -----
    See the module docstring for the method (best-response polytopes, qhull, exact refinement,
    adjacency certificate, label matrices). The index theorem (Shapley 1974) makes the number of
    equilibria of a nondegenerate game odd.

    Compiled walks: with the ``fast`` extra (numba) and no ``budget`` or ``time_limit``, a float
    game's vertices come from compiled pivoting walks instead of qhull
    (:mod:`gametheory.core.bimatrix._pivot`: over the vertices of a nondegenerate game, over all
    feasible bases of a degenerate one whose payoffs are whole numbers or multiples of
    :math:`2^{-20}`), with the answer of the code without numba: only ``method`` says which ran
    (one exception: where that code cannot certify a large degenerate vertex set and says
    ``complete=False``, the walk lists the same equilibria as complete). 3x3-15x15 games take
    0.3-0.8 x quantecon's time when generic (0.8-2.0 x on numpy) and 0.5-1.6 x when degenerate
    (1.3-4.0 x on numpy). An exact game's vertices come from the same walk over all bases in
    integer arithmetic (fraction-free pivoting; declined when an entry would reach
    :math:`2^{62}`, as with large payoffs or many-digit fractions in larger games), with the
    exact path's answer: integer payoffs 0..9 at 6x6-15x15 take 1.1-1.7 x the compiled float
    path's time. The walks
    load by themselves once games have spent 0.4 s on the code without numba in a process, or at
    once by :func:`warm_up`.

    Cost: nondegenerate games cost about two qhull runs (10x10: milliseconds in floating point,
    a few tenths of a second exactly). qhull is called only when the upper bound theorem bounds
    its output within the budget (it runs in C and cannot be interrupted). qhull's own boundary
    certifies most small degenerate polytopes at one determinant per simplex (in exact mode on
    the exact tight sets, up to dimension 8); otherwise degenerate vertices
    cost a screening of the (d-1)-subsets of their tight constraints; when that is capped, exact
    games switch to the exact double description method (complete, degeneracy-proof: a 9x27
    game with 3,000 polytope vertices and 695 extreme equilibria takes about a second), float
    games report ``complete=False`` with an explanation in ``message`` (the listed equilibria
    stay verified). For floats, "complete" holds up to the tolerance.

    Examples
    --------
    Battle of the sexes: two pure equilibria and a mixed one where each player makes the other
    indifferent — the row player's 3/5 on row 0 solves 2p = 3(1 - p), the column player's 2/5
    on column 0 solves 3q = 2(1 - q); both then earn 6/5.

    >>> res = enumerate_equilibria([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> for x, y in res.equilibria:
    ...     print([str(v) for v in x], [str(v) for v in y])
    ['1', '0'] ['1', '0']
    ['3/5', '2/5'] ['2/5', '3/5']
    ['0', '1'] ['0', '1']
    >>> res.payoffs[1], res.max_deviation_gain, res.complete, res.degenerate
    ((Fraction(6, 5), Fraction(6, 5)), (Fraction(0, 1), Fraction(0, 1), Fraction(0, 1)), True, False)
    """
    if not (isinstance(tol, (int, float)) and math.isfinite(tol) and tol > 0):
        raise DomainError(f"tol must be a positive finite number, got {tol!r}")
    walkable = _FAST and budget is None and time_limit is None
    if walkable:
        res = _try_fast(A, B, tol)
        if res is None:
            res = _try_walk(A, B, tol)
        if res is not None:
            return res
    started = time.perf_counter()
    try:
        bud = Budget.coerce(budget, time_limit)
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    clock = bud.start()
    A_, B_, exact = as_payoffs(A, B)
    m, n = A_.shape
    nl = m + n
    notes = []
    shifts = (0, 0)
    if not exact:
        A_, B_, shifts = _pow2_rescale(A_, B_)
        if any(shifts):
            notes.append(f"payoffs rescaled exactly by 2^-{shifts[0]} (row player) and 2^-{shifts[1]} "
                         "(column player) to avoid overflow; payoffs and regrets are reported in the original units")
    Bm: list[list[int]] | None      # the integer matrices: exact path only
    AmT: list[list[int]] | None
    if exact:
        Bi, _, _ = integer_scale(list(B_.flat))
        Ai, _, _ = integer_scale(list(A_.flat))
        Bm = [Bi[i * n:(i + 1) * n] for i in range(m)]                   # m x n
        AmT = [[Ai[i * n + j] for i in range(m)] for j in range(n)]      # n x m (= A^T)
        if walkable:
            res = _try_exact_walk(A_, B_, Bm, AmT, tol)
            if res is not None:
                return res
        Bf = int_unit_scale(Bm)
        AfT = int_unit_scale(AmT)
    else:
        Bm = AmT = None
        Bf = unit_scale(B_)
        AfT = unit_scale(A_).T.copy()
    P = BestResponsePolytope(Bf, Bm, list(range(m)), [m + j for j in range(n)], nl, tol)
    Q = BestResponsePolytope(AfT, AmT, [m + j for j in range(n)], list(range(m)), nl, tol)
    qhull_used = dd_used = False
    complete = True
    exceeded: BudgetExceeded | None = None
    for name, poly in (("P", P), ("Q", Q)):
        poly.clock = clock
        try:
            if exceeded is not None:
                raise exceeded
            affordable = bud.max_vertices is None or poly.qhull_facet_bound() <= bud.max_vertices
            if poly.d >= 2 and affordable:
                try:
                    poly.seed_qhull()
                    qhull_used = True
                except Exception as exc:  # QhullError, precision trouble: the pivoting still completes
                    notes.append(f"qhull failed on {name} ({type(exc).__name__}); vertices by exact pivoting"
                                 if exact else f"qhull failed on {name} ({type(exc).__name__}); vertices by pivoting")
            if exact and not affordable:
                poly.double_description(clock)
                dd_used = True
            elif not (poly.hull_certified or poly.close()):   # qhull's own boundary, else the adjacency walk
                if exact:  # degenerate vertices too costly to certify: the exact double description
                    poly.double_description(clock)
                    dd_used = True
                else:
                    complete = False
                    notes.append(f"vertex enumeration of {name} not certified complete"
                                 + (" (degenerate vertex with too many tight constraints)"
                                    if poly.degenerate_cap_hit else ""))
        except BudgetExceeded as exc:
            if exceeded is None:
                exceeded = exc
                notes.append(_budget_message(m, n, exc, bud, exact))
            complete = False
            poly.clock = None
            if exact and poly.degenerate_cap_hit:
                notes.append(f"vertex enumeration of {name} not certified complete"
                             " (degenerate vertex with too many tight constraints)")
            poly.add_pure_vertices()

    LP, LQ = P.label_matrix(), Q.label_matrix()
    degenerate = bool(np.any(LP.sum(axis=1) > m) or np.any(LQ.sum(axis=1) > n))
    raw_pairs, over = _completely_labelled(LP, LQ, m, n, None if exceeded is not None else clock)
    if over is not None:
        complete = False
        exceeded = over
        notes.append(_budget_message(m, n, over, bud, exact))

    # strategies
    rows = _strategies(P, sorted({a for a, _ in raw_pairs}), exact)
    cols = _strategies(Q, sorted({b for _, b in raw_pairs}), exact)
    method = ("vertex enumeration (qhull) + " if qhull_used else "vertex enumeration (pivoting) + ")
    by_hull = [poly.hull_certified for poly in (P, Q)]
    certificate = ("oriented-boundary certificate" if all(by_hull) else
                   "oriented-boundary and adjacency certificates" if any(by_hull) else "adjacency certificate")
    method += (f"exact refinement, {certificate} and exact verification" if exact
               else f"{certificate} (floating point)")
    if dd_used:
        method += "; exact double description where degenerate vertices could not be certified"
    if exceeded is not None:
        method += "; stopped by the work budget (pure-strategy vertices added)"
    result = _assemble(A_, B_, exact, shifts, tol, raw_pairs, rows, cols, complete, degenerate, notes, method, clock)
    if walkable:   # work the compiled walks might take over: towards their warm-up
        _pivot.charge(time.perf_counter() - started)
    return result

