r"""Maximisation over a box of instruments with kinks and discrete coordinates.

The symbolic engine behind :class:`~gametheory.core.coordinator.Coordinator` and backward
induction in :mod:`gametheory.core.sequential`. For an objective :math:`W(x)` that is smooth on
pieces (``Piecewise``, ``Max``, ``Min`` rewritten as pieces):

1. every *kink* of :math:`W` in each continuous instrument (a piece boundary: a firm switching
   its choice, a participation constraint, crowding out ending) splits the instrument's interval
   into *cells* (:func:`_kink_points`, :func:`_cells`);
2. on each cell and for every combination of discrete instruments, every KKT *face* is tried —
   each instrument at a cell end or free with :math:`\partial W/\partial x_k = 0`
   (:func:`_solve_foc`), with the second-order condition of the free block;
3. each candidate is a :class:`BoxPoint`: its point, value, location (corner, kink, boundary,
   interior), where it is feasible (conditions in the parameters), its second-order condition,
   and — at a jump of :math:`W` — the supremum approached from the cell.

:func:`condition_set` and :func:`winner_regions` turn conditions in one parameter (typically
:math:`\lambda`) into exact sets, so the best candidate can be reported region by region.
"""

from __future__ import annotations

import itertools
import math
import warnings
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Sequence

import numpy as np
import sympy as sp

from gametheory.core.params import DomainError, rejects_text, to_expr, to_float
from gametheory.core.coordinator._common import SymbolicFailure, _quick, _truth
from gametheory.core.coordinator.instruments import Candidate


# --------------------------------------------------------------------------------------------
# Generic maximisation over a box with kinks and discrete coordinates (shared with sequential)
# --------------------------------------------------------------------------------------------
def _resolve_piecewise(expr: sp.Expr, point: Mapping[sp.Symbol, Any]) -> sp.Expr:
    """Replace every Piecewise by the branch whose condition holds at ``point``."""

    def pick(pw: sp.Piecewise) -> sp.Expr:
        for e, c in pw.args:
            cv = c.subs(point) if isinstance(c, sp.Basic) else c
            if cv is sp.true or cv == sp.true:
                return e
            if cv is sp.false or cv == sp.false:
                continue
            d = _truth(cv)
            if d is True:
                return e
            if d is False:
                continue
            raise SymbolicFailure(f"cannot decide the branch condition {cv}")
        raise SymbolicFailure("no Piecewise branch applies")

    return expr.replace(lambda e: isinstance(e, sp.Piecewise), pick)


def _kink_points(expr: sp.Expr, var: sp.Symbol, continuous: Sequence[sp.Symbol]) -> list[sp.Expr]:
    pts: list[sp.Expr] = []
    for pw in expr.atoms(sp.Piecewise):
        for _, c in pw.args:
            if not isinstance(c, sp.Basic):
                continue
            for rel in c.atoms(sp.core.relational.Relational):
                fs = rel.free_symbols & set(continuous)
                if var not in fs:
                    continue
                if len(fs) > 1:
                    raise SymbolicFailure(f"kink {rel} involves several continuous instruments")
                for s in sp.solve(sp.Eq(rel.lhs, rel.rhs), var):
                    if s.is_real is not False and s not in pts:
                        pts.append(s)
    return pts


def _cells(lo: sp.Expr, hi: sp.Expr, kinks: Sequence[sp.Expr]) -> list[tuple[sp.Expr, sp.Expr]]:
    inside = []
    for k in kinks:
        if k.free_symbols:
            raise SymbolicFailure(f"kink {k} depends on parameters; substitute numbers")
        d = _truth(sp.And(k > lo, k < hi))
        if d is None:
            raise SymbolicFailure(f"cannot order kink {k} within ({lo}, {hi})")
        if d:
            inside.append(k)
    inside = sorted(set(inside), key=lambda v: float(v))
    ends = [lo, *inside, hi]
    return list(zip(ends[:-1], ends[1:]))


def _midpoint(lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    if lo == -sp.oo and hi == sp.oo:
        return sp.Integer(0)
    if hi == sp.oo:
        return lo + 1
    if lo == -sp.oo:
        return hi - 1
    return (lo + hi) / 2


def _solve_foc(eqs: list[sp.Expr], free: list[sp.Symbol]) -> list[dict[sp.Symbol, sp.Expr]]:
    eqs = [sp.together(e) for e in eqs]
    nums = [sp.numer(e) for e in eqs]
    nums = [n for n in (sp.expand(m) for m in nums) if not n.is_zero]
    if not nums:
        return []  # flat in every free direction: the face's ends cover it
    polynomial = True
    for n in nums:
        try:
            sp.Poly(n, *free)
        except sp.PolynomialError:
            polynomial = False
    if not polynomial and len(free) > 1:
        raise SymbolicFailure("first-order conditions are not polynomial in several instruments")
    if polynomial and all(sp.Poly(n, *free).total_degree() <= 1 for n in nums):
        sol_set = sp.linsolve(nums, free)
        out = []
        for tup in sol_set:
            sol = {v: val for v, val in zip(free, tup) if not (val.free_symbols & set(free))}
            if len(sol) == len(free) or sol:
                out.append(sol)
        return out
    try:
        sols = sp.solve(nums, free, dict=True)
    except NotImplementedError as exc:  # pragma: no cover - sympy limitation
        raise SymbolicFailure(str(exc)) from None
    out = []
    for sol in sols:
        if any(v.is_real is False for v in sol.values()):
            continue
        # variables left undetermined sit anywhere on a flat ridge: take them at the cell's midpoint later
        out.append(dict(sol))
    return out


def _neg_definite(h: sp.Matrix) -> sp.Boolean:
    k = h.shape[0]
    conds = []
    for i in range(1, k + 1):
        minor = _quick(h[:i, :i].det())
        conds.append(((-1) ** i * minor > 0) if minor.free_symbols else to_expr(bool((-1) ** i * minor > 0)))
    return sp.And(*conds)


def _reduce_relational(rel: sp.Basic, s: sp.Symbol) -> sp.Basic:
    """Drop factors of known sign from ``lhs - rhs`` so that a relational becomes univariate."""
    if not isinstance(rel, sp.core.relational.Relational) or rel.rel_op in ("==", "!="):
        return rel
    expr = sp.factor(sp.together(rel.lhs - rel.rhs))
    num, den = sp.fraction(expr)
    keep, flip = [], False
    for f in sp.Mul.make_args(num) + sp.Mul.make_args(den):
        if s in f.free_symbols:
            keep.append(f)
        elif f.is_positive:
            continue
        elif f.is_negative:
            flip = not flip
        else:
            return rel
    reduced = sp.Mul(*keep)
    op = rel.rel_op
    if flip:
        op = {">": "<", "<": ">", ">=": "<=", "<=": ">="}[op]
    return sp.Rel(reduced, 0, op)


def _relational_set(rel: sp.Basic, x: sp.Symbol, domain: sp.Set) -> sp.Set:
    """The set of ``x`` in ``domain`` where a univariate relational holds (roots + sign tests)."""
    if rel in (sp.true, sp.false):
        return domain if rel == sp.true else sp.EmptySet
    if not isinstance(rel, sp.core.relational.Relational) or rel.free_symbols != {x}:
        raise SymbolicFailure(f"not a univariate relational: {rel}")
    points = _breakpoints(rel.lhs - rel.rhs, x, domain)
    points = sorted(set(points), key=lambda v: float(v))
    lo, hi = domain.inf, domain.sup
    ends = [lo, *points, hi]
    pieces = []

    def holds(value: sp.Expr) -> bool:
        try:
            return _holds(value)
        except (TypeError, ValueError):  # undefined at a pole: not part of the set
            return False

    diff = rel.lhs - rel.rhs
    op = rel.rel_op

    def _holds(value: sp.Expr) -> bool:
        v = diff.xreplace({x: value})
        if v.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            return False
        if not v.is_Number:
            v = sp.N(v, 30)
            if v.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not v.is_real:
                return False
            if abs(v) < sp.Float(1e-25):
                v = sp.Integer(0)
        if op == ">":
            return bool(v > 0)
        if op == ">=":
            return bool(v >= 0)
        if op == "<":
            return bool(v < 0)
        if op == "<=":
            return bool(v <= 0)
        if op == "==":
            return bool(v.is_zero)
        return not bool(v.is_zero)

    for a, b in zip(ends[:-1], ends[1:]):
        if a == b:
            continue
        mid = _midpoint(a, b)
        if holds(mid):
            pieces.append(sp.Interval(a, b, True, True))
    for p in points:
        if holds(p):
            pieces.append(sp.FiniteSet(p))
    if lo.is_finite and lo not in points and domain.contains(lo) == sp.true and holds(lo):
        pieces.append(sp.FiniteSet(lo))
    if hi.is_finite and hi not in points and hi != lo and domain.contains(hi) == sp.true and holds(hi):
        pieces.append(sp.FiniteSet(hi))  # a closed upper end belongs to the set as the lower one does
    return sp.Union(*pieces).intersect(domain) if pieces else sp.EmptySet


@rejects_text
def condition_set(cond: sp.Basic, x: sp.Symbol, domain: sp.Set, cache: dict | None = None) -> sp.Set:
    """The set of ``x`` in ``domain`` where ``cond`` holds (a union of intervals and points).

    ``cond`` is a sympy boolean in one symbol ``x`` (other symbols must be numbers by now);
    relations are solved exactly, conjunctions intersect and disjunctions unite. ``cache``
    (a dict) may be shared between calls on the same conditions. Raises
    :class:`SymbolicFailure` when a relation cannot be solved for ``x``.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> condition_set((x > 0) & (x <= 2), x, sp.Interval(-1, 1))
    Interval.Lopen(0, 1)
    """
    if not isinstance(x, sp.Symbol):
        raise DomainError(f"x must be a sympy Symbol, got {x!r}")
    if not isinstance(domain, sp.Set):
        raise DomainError(f"domain must be a sympy Set, got {domain!r}")
    if cache is not None and not isinstance(cache, dict):
        raise DomainError(f"cache must be a dict or None, got {type(cache).__name__}")
    cond = to_expr(cond, "cond")
    if not isinstance(cond, sp.logic.boolalg.Boolean):
        raise DomainError(f"cond must be a sympy boolean, got {cond!r}")
    if cache is None:
        cache = {}
    key = (cond, x, domain)
    if key not in cache:
        cache[key] = _condition_set_uncached(cond, x, domain, cache)
    return cache[key]


def _condition_set_uncached(cond: sp.Basic, x: sp.Symbol, domain: sp.Set, cache: dict) -> sp.Set:
    if cond in (sp.true, sp.false):
        return domain if cond == sp.true else sp.EmptySet
    if isinstance(cond, sp.And):
        out = domain
        for c in cond.args:
            out = out.intersect(condition_set(c, x, domain, cache))
        return out
    if isinstance(cond, sp.Or):
        return sp.Union(*[condition_set(c, x, domain, cache) for c in cond.args])
    if isinstance(cond, sp.Not):
        return domain - condition_set(cond.args[0], x, domain, cache)
    if isinstance(cond, sp.core.relational.Relational) and cond.free_symbols != {x}:
        cond = _reduce_relational(cond, x)
    return _relational_set(cond, x, domain)


def _breakpoints(expr: sp.Expr, x: sp.Symbol, domain: sp.Set) -> list[sp.Expr]:
    """Real zeros and poles of a univariate expression inside ``domain``."""
    expr = sp.together(to_expr(expr))
    if x not in expr.free_symbols:
        return []
    if expr.free_symbols != {x}:
        raise SymbolicFailure(f"not univariate in {x}: {expr}")
    pts = []
    for part in sp.fraction(expr):
        if x not in part.free_symbols:
            continue
        try:
            poly = sp.Poly(part, x)
        except sp.PolynomialError:
            poly = None
        try:
            roots = list(sp.real_roots(poly)) if poly is not None else sp.solve(part, x)
        except NotImplementedError:
            raise SymbolicFailure(f"cannot solve {part} = 0") from None
        for r in roots:
            if r.free_symbols:
                raise SymbolicFailure(f"symbolic root {r}")
            if r.is_real is not False and domain.contains(r) == sp.true:
                pts.append(r)
    return pts


def _eval_at(expr: Any, x: sp.Symbol, value: sp.Expr) -> sp.Expr | None:
    """Exact (or 30-digit) value of an expression at ``x = value``; None when undefined."""
    v = to_expr(expr).xreplace({x: value})
    if v.has(sp.Piecewise):
        v = sp.piecewise_fold(v)
        try:
            v = _resolve_piecewise(v, {})
        except SymbolicFailure:
            return None
    if v.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return None
    if not v.is_Number:
        v = sp.N(v, 30)
        if v.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not v.is_real:
            return None
    return v


def _holds_at(cond: Any, x: sp.Symbol, value: sp.Expr) -> bool:
    if cond in (sp.true, True):
        return True
    if cond in (sp.false, False):
        return False
    if isinstance(cond, sp.And):
        return all(_holds_at(c, x, value) for c in cond.args)
    if isinstance(cond, sp.Or):
        return any(_holds_at(c, x, value) for c in cond.args)
    if isinstance(cond, sp.Not):
        return not _holds_at(cond.args[0], x, value)
    if isinstance(cond, sp.core.relational.Relational):
        v = _eval_at(cond.lhs - cond.rhs, x, value)
        if v is None:
            return False
        if not v.is_Rational and abs(v) < sp.Float(1e-25):
            v = sp.Integer(0)
        return bool({">": v > 0, ">=": v >= 0, "<": v < 0, "<=": v <= 0, "==": bool(v.is_zero), "!=": not v.is_zero}[cond.rel_op])
    raise SymbolicFailure(f"cannot evaluate condition {cond}")


def _relationals(cond: Any) -> list[sp.Basic]:
    if not isinstance(cond, sp.Basic) or cond in (sp.true, sp.false):
        return []
    if isinstance(cond, sp.core.relational.Relational):
        return [cond]
    return [r for a in cond.args for r in _relationals(a)]


@rejects_text
def winner_regions(values: Sequence[Any], feasible: Sequence[Any], x: sp.Symbol, domain: sp.Set) -> list[sp.Set]:
    """For candidates with values and feasibility conditions in one symbol ``x``, the set of
    ``x`` in ``domain`` where each candidate is the best feasible one (ties: the first).

    Breakpoints are the zeros and poles of every pairwise difference of values and of every
    feasibility boundary; between and at breakpoints the winner is found by exact evaluation.
    """
    pts: set = set()
    for cond in feasible:
        for rel in _relationals(cond):
            pts.update(_breakpoints(rel.lhs - rel.rhs, x, domain))
    vals = [to_expr(v) for v in values]
    for i in range(len(vals)):
        pts.update(_breakpoints(vals[i], x, domain))
        for j in range(i + 1, len(vals)):
            pts.update(_breakpoints(vals[i] - vals[j], x, domain))
    points = sorted(pts, key=lambda v: float(v))
    lo, hi = domain.inf, domain.sup
    ends = [lo, *points, hi]
    pieces: list[sp.Set] = []
    tests: list[sp.Expr] = []
    for a, b in zip(ends[:-1], ends[1:]):
        if a != b:
            pieces.append(sp.Interval.open(a, b))
            tests.append(_midpoint(a, b))
    for p in points:
        pieces.append(sp.FiniteSet(p))
        tests.append(p)
    for end in (lo, hi):
        if end.is_finite and domain.contains(end) == sp.true and end not in points:
            pieces.append(sp.FiniteSet(end))
            tests.append(end)
    regions: list[list[sp.Set]] = [[] for _ in vals]
    for piece, t in zip(pieces, tests):
        best, best_val = None, None
        for k, (v, f) in enumerate(zip(vals, feasible)):
            if not _holds_at(f, x, t):
                continue
            w = _eval_at(v, x, t)
            if w is None:
                continue
            if best_val is None or w > best_val + sp.Float(1e-25) * max(1, abs(best_val)):   # best_val set with best
                best, best_val = k, w
        if best is not None:
            regions[best].append(piece)
    return [sp.Union(*r) if r else sp.EmptySet for r in regions]


def _simplify_condition(cond: sp.Boolean, nonneg: Iterable[sp.Symbol] = (), *,
                        target: sp.Symbol | None = None, domain: sp.Set | None = None) -> sp.Boolean:
    """Reduce a condition to intervals of one symbol (the shadow cost, when symbolic) if possible.

    ``target``/``domain`` name the symbol and the set it ranges over (default: the first of
    ``nonneg`` on [0, oo), or the condition's only symbol on the reals).
    """
    if cond in (sp.true, sp.false) or not isinstance(cond, sp.Basic):
        return cond
    nonneg = list(nonneg)
    if target is None:
        target = nonneg[0] if nonneg else (next(iter(cond.free_symbols)) if len(cond.free_symbols) == 1 else None)
    if target is None:
        return cond
    if domain is None:
        domain = sp.Interval(0, sp.oo) if target in nonneg else sp.Reals
    try:
        found = condition_set(cond, target, domain)
    except (SymbolicFailure, TypeError, ValueError):
        return cond
    if found == sp.EmptySet:
        return sp.false
    if found == domain:
        return sp.true
    return found.as_relational(target)


@rejects_text(choices=('objective',))
class BoxPoint(NamedTuple):
    """One KKT candidate of :func:`maximize_over_box` (a typed tuple: unpacks as before).

    Attributes
    ----------
    point : dict
        Value of every instrument (continuous and discrete) at the candidate.
    value : sympy expression
        The objective's true value there.
    location : str
        ``"corner"``, ``"kink"``, ``"boundary"`` or ``"interior"`` (with the free variables).
    feasible : sympy Boolean
        Where the candidate lies in its cell (conditions in the parameters).
    second_order : sympy Boolean
        The second-order condition of an interior candidate (``True`` at corners).
    attained : bool
        False at a jump of the objective, where ``limit`` is the supremum approached from the cell.
    limit : sympy expression
        The objective's value on the cell's own piece (equals ``value`` when attained).
    """

    point: dict
    value: Any
    location: str
    feasible: Any
    second_order: Any
    attained: bool
    limit: Any


def maximize_over_box(
    objective: sp.Expr,
    continuous: Sequence[tuple[sp.Symbol, Any, Any]],
    discrete: Sequence[tuple[sp.Symbol, Sequence[Any]]] = (),
    extra_kinks: Mapping[sp.Symbol, Sequence[Any]] | None = None,
) -> list[BoxPoint]:
    """All KKT candidates of a sympy objective over a box split at its kinks.

    Returns :class:`BoxPoint` records ``(point, value, location, feasible, second_order,
    attained, limit)``.
    Raises ``SymbolicFailure`` when the problem is beyond the symbolic path.
    """
    def triples(items: Any, name: str, size: int) -> list[tuple]:
        try:
            rows = [tuple(row) for row in items]
        except TypeError:
            raise DomainError(f"{name} must be a sequence of tuples, got {items!r}") from None
        for row in rows:
            if len(row) != size or not isinstance(row[0], sp.Symbol):
                shape = "(symbol, low, high)" if size == 3 else "(symbol, values)"
                raise DomainError(f"each entry of {name} must be {shape} with a sympy Symbol, got {row!r}")
        return rows

    continuous = triples(continuous, "continuous", 3)
    discrete = triples(discrete, "discrete", 2)
    if extra_kinks is not None and not isinstance(extra_kinks, Mapping):
        raise DomainError(f"extra_kinks must map symbols to kink values, got {extra_kinks!r}")
    objective = sp.piecewise_fold(to_expr(objective).rewrite(sp.Piecewise))
    cvars = [v for v, _, _ in continuous]
    bounds = {v: (to_expr(lo), to_expr(hi)) for v, lo, hi in continuous}
    combos = list(itertools.product(*[[(v, to_expr(x)) for x in vals] for v, vals in discrete]))
    extra_kinks = extra_kinks or {}
    out = []
    seen: set[str] = set()
    for combo in combos:
        fixed = dict(combo)
        w = objective.subs(fixed) if fixed else objective
        cells_per_var = []
        for v in cvars:
            kinks = _kink_points(w, v, cvars) + [to_expr(k) for k in extra_kinks.get(v, ())]
            cells_per_var.append(_cells(*bounds[v], kinks))
        kink_values = {v: {c[0] for c in cells[1:]} for v, cells in zip(cvars, cells_per_var)}
        for cell in itertools.product(*cells_per_var):
            box = dict(zip(cvars, cell))
            mid = {v: _midpoint(*box[v]) for v in cvars}
            w_cell = _resolve_piecewise(w, mid) if w.has(sp.Piecewise) else w
            statuses = [("lo", "hi", "free")] * len(cvars)
            for status in itertools.product(*statuses):
                pinned: dict[sp.Symbol, sp.Expr] = {}
                skip = False
                for v, st in zip(cvars, status):
                    if st == "free":
                        continue
                    val = box[v][0] if st == "lo" else box[v][1]
                    if val in (sp.oo, -sp.oo):
                        skip = True
                        break
                    pinned[v] = val
                if skip:
                    continue
                free = [v for v in cvars if v not in pinned]
                w_face = w_cell.subs(pinned)
                if free:
                    sols = _solve_foc([sp.diff(w_face, v) for v in free], free)
                else:
                    sols = [{}]
                for sol in sols:
                    point = dict(pinned)
                    for v in free:
                        point[v] = sol.get(v, mid[v])
                    point = {v: _quick(point[v]) for v in cvars}
                    feas = []
                    for v in free:
                        lo, hi = box[v]
                        if lo != -sp.oo:
                            feas.append(point[v] >= lo)
                        if hi != sp.oo:
                            feas.append(point[v] <= hi)
                    feasible = sp.And(*feas) if feas else sp.true
                    if feasible not in (sp.true, sp.false):
                        d = _truth(feasible)
                        feasible = sp.true if d is True else sp.false if d is False else feasible
                    if feasible == sp.false:
                        continue
                    piece_value = _quick(w_cell.subs(point))
                    key = sp.srepr((tuple(sorted(fixed.items(), key=str)), tuple(point[v] for v in cvars), piece_value))
                    if key in seen:
                        continue
                    seen.add(key)
                    true_value = w.subs(point)
                    if true_value.has(sp.Piecewise):
                        try:
                            true_value = _resolve_piecewise(true_value, {})
                        except SymbolicFailure:
                            true_value = piece_value
                    true_value = _quick(true_value)
                    attained = True
                    if not (true_value.free_symbols or piece_value.free_symbols):
                        if float(piece_value) > float(true_value) + 1e-12 * max(1.0, abs(float(true_value))):
                            attained = False
                    if free:
                        hess = sp.hessian(w_face, free).subs({v: point[v] for v in free})
                        soc = _neg_definite(hess)
                    else:
                        soc = sp.true
                    labels = []
                    for v in cvars:
                        if v in free:
                            labels.append("free")
                        elif point[v] in kink_values[v] and point[v] not in bounds[v]:
                            labels.append("kink")
                        else:
                            labels.append("bound")
                    if not cvars or all(lab == "bound" for lab in labels):
                        location = "corner"
                    elif all(lab == "free" for lab in labels):
                        location = "interior"
                    elif "kink" in labels:
                        location = "kink"
                    else:
                        location = "boundary"
                    full = {**fixed, **point}
                    out.append(BoxPoint(full, true_value, location, feasible, soc, attained, piece_value))
    return out


def _numeric_maximize(
    fun: Callable[[dict[sp.Symbol, float]], float],
    continuous: Sequence[tuple[sp.Symbol, float, float]],
    discrete: Sequence[tuple[sp.Symbol, Sequence[Any]]],
    kinks: Mapping[sp.Symbol, Sequence[float]],
    starts_per_dim: int = 3,
    max_starts: int = 64,
    seed: int = 0,
) -> list[tuple[dict[sp.Symbol, float], float, str]]:
    from scipy.optimize import minimize

    cvars = [v for v, _, _ in continuous]
    combos = list(itertools.product(*[[(v, x) for x in vals] for v, vals in discrete]))
    out: list[tuple[dict[sp.Symbol, float], float, str]] = []
    rng = np.random.default_rng(seed)
    for combo in combos:
        fixed = dict(combo)
        cells_per_var = []
        kink_sets = {}
        for v, lo, hi in continuous:
            ks = sorted({float(k) for k in kinks.get(v, ()) if lo < float(k) < hi})
            kink_sets[v] = set(ks)
            ends = [lo, *ks, hi]
            cells_per_var.append(list(zip(ends[:-1], ends[1:])))

        def value(x: np.ndarray) -> float:
            pt = {**fixed, **{v: float(xi) for v, xi in zip(cvars, x)}}
            val = float(fun(pt))
            return val if math.isfinite(val) else -math.inf

        def label(x: Sequence[float] | np.ndarray) -> str:
            labs = []
            for (v, lo, hi), xi in zip(continuous, x):
                if any(abs(xi - k) <= 1e-9 * max(1.0, abs(k)) for k in kink_sets[v]):
                    labs.append("kink")
                elif abs(xi - lo) <= 1e-9 * max(1.0, abs(lo)) or abs(xi - hi) <= 1e-9 * max(1.0, abs(hi)):
                    labs.append("bound")
                else:
                    labs.append("free")
            if not labs or all(lab == "bound" for lab in labs):
                return "corner"
            if all(lab == "free" for lab in labs):
                return "interior"
            return "kink" if "kink" in labs else "boundary"

        if not cvars:
            out.append((fixed, value(np.zeros(0)), "corner"))
            continue
        for cell in itertools.product(*cells_per_var):
            for corner in itertools.product(*cell):
                x = np.array(corner, dtype=float)
                out.append(({**fixed, **dict(zip(cvars, x.tolist()))}, value(x), label(x)))
            grids = [np.linspace(lo, hi, starts_per_dim + 2)[1:-1] for lo, hi in cell]
            starts = np.array(list(itertools.product(*grids)), dtype=float)
            if len(starts) > max_starts:
                lows = np.array([c[0] for c in cell])
                highs = np.array([c[1] for c in cell])
                starts = lows + rng.random((max_starts, len(cell))) * (highs - lows)
            for x0 in starts:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    res = minimize(lambda x: -value(x), x0, method="L-BFGS-B", bounds=list(cell),
                                   options={"ftol": 1e-15, "gtol": 1e-11, "maxiter": 2000})
                x = np.clip(res.x, [c[0] for c in cell], [c[1] for c in cell])
                out.append(({**fixed, **dict(zip(cvars, x.tolist()))}, value(x), label(x)))
    return out




def _fold(expr: Any, point: Mapping[sp.Symbol, Any] | None = None) -> sp.Expr:
    """Substitute a policy (possibly Piecewise) and fold; simplify only Piecewise-free results."""
    e = to_expr(expr)
    if point:
        e = e.subs(point)
    if e.has(sp.Piecewise):
        return sp.piecewise_fold(e)
    return sp.simplify(e) if e.free_symbols else e


def _plain(x: Any) -> Any:
    """Keep exact sympy numbers; turn numpy scalars into floats."""
    if isinstance(x, (np.floating, np.integer)):
        return float(x)
    return x


def _argmax(cands: list[Candidate]) -> Candidate:
    if not cands:
        raise DomainError("no feasible candidate: the instrument box is empty or the response undefined")
    vals = []
    for c in cands:
        try:
            vals.append(to_float(c.welfare))
        except DomainError:
            vals.append(-math.inf)
    top = max(vals)
    if top == -math.inf:
        raise DomainError("welfare is undefined at every candidate")
    tol = 1e-12 * max(1.0, abs(top))
    for c, v in zip(cands, vals):
        if v >= top - tol:
            return c
    raise AssertionError("unreachable")  # pragma: no cover
