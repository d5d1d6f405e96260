r"""A welfare-maximising government choosing policy instruments over the firms' equilibrium.

The coordinator is the top stage (stage 0) of a bilevel / Stackelberg problem: the government
chooses instruments :math:`x = (x_1, \dots, x_m)` in a box (continuous) or from finite sets
(binary, discrete); the followers (firms, consumers) respond with their equilibrium
:math:`r(x)`; welfare is accounted for as in :mod:`gametheory.core.welfare`,

.. math::

    W(x) = CS(x, r(x)) + PS(x, r(x)) - R(x, r(x)) - (1 + \lambda)\, \sum_k G_k(x, r(x)),

where each instrument :math:`k` *declares* its net public outlay :math:`G_k` (spending positive,
fines and taxes negative) so that the shadow cost of public funds :math:`\lambda` is applied
exactly once, and the surpluses include the transfers received.

How the optimum is found
------------------------
*Symbolic path* (response, welfare parts and budgets given as sympy expressions). Max/Min/Abs
are rewritten as ``Piecewise``; every kink of the response (e.g. a firm switching from aversion
to preference at a subsidy threshold, a participation constraint, crowding out ending) splits the
instrument box into cells; on each cell and for each combination of the binary/discrete
instruments all KKT faces are enumerated — every instrument either at a cell end or free with
its first-order condition — so that **corners, kinks and interior stationary points are all
evaluated** and listed in ``candidates``. With numbers the best candidate is chosen exactly;
with symbols (e.g. :math:`\lambda` left as a symbol) the optimum is a ``Piecewise`` whose
conditions are the regions where each candidate is best (the concave one-instrument case gives
the familiar clipped closed form).

*Numeric path* (callables, or expressions sympy cannot solve): multi-start L-BFGS-B on every
cell of the box (split at declared kinks) plus all cell corners, for every discrete combination;
``method = "numeric"``.

Declaring instruments (recipes for the model families)
------------------------------------------------------
The rule is always the same: surpluses include what private agents receive or pay, and each
instrument's ``budget`` is the government's net outlay, so :math:`\lambda` is applied once.

* *Per-unit subsidy* :math:`s` on output/quality :math:`q`: PS includes :math:`s q`;
  ``budget = s * q``.
* *Buying diffusion* from a source (a payment :math:`T \ge` its profit loss): response
  ``Piecewise((1, T >= loss), (0, True))`` for the flow, PS includes :math:`T\cdot` flow,
  ``budget = T * flow`` — the threshold is a kink and is evaluated.
* *Mandate / standard* (binary or a bound on the followers' choice): ``kind="binary"`` or a
  continuous instrument entering the response; enforcement or inspection costs go to
  ``resource_costs``; ``budget`` is 0 unless the government pays.
* *Fine* :math:`f` with inspection probability :math:`p`: expected fines :math:`p f\cdot`
  violations are deducted from PS and the revenue is a negative outlay
  (``budget = -p * f * violations``); inspection cost :math:`\kappa(p)` is a resource cost
  (or part of ``budget`` when the government pays it).
* *Direct provision* :math:`g_0` of a public good: ``budget = g0`` (the outlay buys the good; do
  not count it again in ``resource_costs``); crowding out is a ``Max``/``Piecewise`` response.
* *Matching rate* :math:`m` on private contributions :math:`g`: ``budget = m * g``.
* *Lindahl shares / consortium*: participation constraints are ``Piecewise`` responses.
* *Tax* :math:`t`: revenue is ``budget = -t * base``.

:meth:`Coordinator.sweep` evaluates the coordinated welfare on an array of :math:`\lambda`
(vectorised through ``lambdify`` when the candidates are closed forms in :math:`\lambda`);
:meth:`Coordinator.verify_by_grid` is a brute-force check used in tests.

References
----------
.. [1] Laffont, J.-J. & Tirole, J. (1993). *A Theory of Incentives in Procurement and
   Regulation*. MIT Press (shadow cost of public funds).
.. [2] Dempe, S. (2002). *Foundations of Bilevel Programming*. Kluwer (optimistic bilevel
   problems with a unique follower response).
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import sympy as sp

from gametheory.core._validate import DomainError, Number, _decide, as_param, is_symbolic, to_float
from gametheory.core.results import Result
from gametheory.core.welfare import WelfareAccount, gap_closed, gap_is_degenerate, welfare_account

__all__ = [
    "Candidate",
    "Coordinator",
    "GridCheck",
    "Instrument",
    "PolicyOutcome",
    "PolicySweep",
    "maximize_over_box",
]

_PARTS = ("consumer_surplus", "producer_surplus", "resource_costs")
_KINDS = ("continuous", "binary", "discrete")


class _SymbolicFailure(Exception):
    """The symbolic path cannot handle this problem (falls back to numeric when possible)."""


def _quick(e: Any) -> Any:
    """Cheap canonical form: ``cancel`` for rational functions, ``simplify`` otherwise."""
    e = sp.sympify(e)
    if not e.free_symbols or not isinstance(e, sp.Expr):
        return e
    if e.has(sp.Piecewise):
        return sp.piecewise_fold(e)
    syms = sorted(e.free_symbols, key=str)
    if e.is_rational_function(*syms):
        return sp.cancel(e)
    return sp.simplify(e)


def _truth(cond: Any) -> bool | None:
    """True/False when a condition is decided (by value or by the symbols' assumptions), else None."""
    return _decide(cond, _quick)


# --------------------------------------------------------------------------------------------
# Instruments and results
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Instrument:
    r"""A policy instrument of the government.

    Parameters
    ----------
    name : str
        Its name (key of ``PolicyOutcome.policy``).
    symbol : sympy.Symbol, optional
        The symbol used in the response and welfare expressions (default ``Symbol(name, real=True)``).
    bounds : (lo, hi), default (0, oo)
        The admissible box for a continuous instrument (``hi`` may be ``sympy.oo`` on the symbolic
        path; the numeric path and grids need finite bounds). Binary: (0, 1).
    budget : sympy.Expr or callable, default 0
        Net public outlay caused by the instrument, as an expression in the instrument and response
        symbols, or ``budget(policy, response) -> number`` (dicts keyed by names). Spending is
        positive, revenue (fines, taxes) negative.
    kind : {"continuous", "binary", "discrete"}
    values : sequence of numbers
        The admissible values of a discrete instrument ((0, 1) for a binary one).
    neutral : number, optional
        The "no policy" value that defines laissez-faire (default 0 if admissible, else the lower
        bound / first value).
    kinks : sequence of numbers
        Known kink points of a *numeric* response (thresholds where followers switch regime);
        the symbolic path finds kinks itself.

    Examples
    --------
    >>> s = sp.Symbol("s", nonnegative=True); Q = sp.Symbol("Q")
    >>> Instrument("subsidy", s, bounds=(0, 10), budget=s * Q).bounds
    (0, 10)
    """

    name: str
    symbol: sp.Symbol | None = None
    bounds: tuple[Any, Any] = (0, sp.oo)
    budget: Any = 0
    kind: str = "continuous"
    values: tuple[Any, ...] | None = None
    neutral: Any = None
    kinks: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise DomainError(f"instrument name must be a non-empty string, got {self.name!r}")
        if self.kind not in _KINDS:
            raise DomainError(f"instrument {self.name}: kind must be one of {_KINDS}, got {self.kind!r}")
        sym = self.symbol if self.symbol is not None else sp.Symbol(self.name, real=True)
        if not isinstance(sym, sp.Symbol):
            raise DomainError(f"instrument {self.name}: symbol must be a sympy Symbol, got {sym!r}")
        object.__setattr__(self, "symbol", sym)
        if self.kind == "binary":
            values: tuple[Any, ...] = (sp.Integer(0), sp.Integer(1))
            object.__setattr__(self, "bounds", (sp.Integer(0), sp.Integer(1)))
        elif self.kind == "discrete":
            if self.values is None or len(tuple(self.values)) == 0:
                raise DomainError(f"discrete instrument {self.name} needs a non-empty `values`")
            values = tuple(as_param(v, f"{self.name} value") for v in self.values)
            object.__setattr__(self, "bounds", (min(values, key=_sort_key), max(values, key=_sort_key)))
        else:
            if len(tuple(self.bounds)) != 2:
                raise DomainError(f"instrument {self.name}: bounds must be (lo, hi)")
            lo, hi = (self._bound(b) for b in self.bounds)
            if lo == sp.oo or hi == -sp.oo:
                raise DomainError(f"instrument {self.name}: empty bounds {self.bounds}")
            if lo.is_number and hi.is_number and not lo < hi:
                raise DomainError(f"instrument {self.name}: need lo < hi, got {self.bounds}")
            object.__setattr__(self, "bounds", (lo, hi))
            values = ()
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "kinks", tuple(as_param(k, f"{self.name} kink") for k in self.kinks))
        if self.neutral is None:
            lo, hi = self.bounds
            if self.kind == "continuous":
                zero_ok = _truth(sp.And(lo <= 0, hi >= 0)) if lo.is_finite is not False else _truth(hi >= 0)
                neutral = sp.Integer(0) if (lo == -sp.oo or zero_ok) else lo
            else:
                neutral = sp.Integer(0) if sp.Integer(0) in values else values[0]
        else:
            neutral = as_param(self.neutral, f"{self.name} neutral value")
        object.__setattr__(self, "neutral", neutral)
        if not (callable(self.budget) and not isinstance(self.budget, sp.Basic)):
            object.__setattr__(self, "budget", sp.sympify(self.budget))

    def _bound(self, b: Any) -> sp.Expr:
        if isinstance(b, sp.Basic) and b in (sp.oo, -sp.oo):
            return b
        if isinstance(b, float) and math.isinf(b):
            return sp.oo if b > 0 else -sp.oo
        return as_param(b, f"{self.name} bound")

    @property
    def is_continuous(self) -> bool:
        return self.kind == "continuous"


def _sort_key(v: Any) -> float:
    try:
        return float(v)
    except TypeError:
        raise DomainError(f"discrete instrument values must be numbers, got {v!r}") from None


@dataclass(frozen=True, repr=False)
class Candidate(Result):
    """One evaluated candidate of the government's problem (corner, kink, boundary or interior).

    ``welfare`` is the true welfare at ``policy``; ``limit_welfare`` differs only at a jump of
    the response, where it is the limit approached from the cell that produced the candidate
    (``attained`` is then False: that supremum is not attained).
    """

    policy: Mapping[str, Any]
    welfare: Any
    location: str
    feasible: sp.Boolean = sp.true
    second_order: sp.Boolean = sp.true
    attained: bool = True
    limit_welfare: Any = None


@dataclass(frozen=True, repr=False)
class PolicyOutcome(Result):
    r"""The government's optimum over its instruments given the followers' response.

    Attributes
    ----------
    policy : dict
        Optimal value of every instrument (``Piecewise`` in the parameters when they are symbols).
    response : dict
        Followers' equilibrium at the optimal policy.
    account : WelfareAccount
        CS, PS (incl. transfers), resource costs, outlay, :math:`\lambda` and :math:`W`.
    welfare : number or sympy.Expr
        Coordinated welfare.
    transfers : dict
        Net public outlay of each instrument at the optimum.
    shadow_cost : number or sympy.Expr
    laissez_faire_welfare, first_best_welfare : number, sympy.Expr or None
    gap_closed : number, sympy.Expr or None
        :func:`gametheory.core.welfare.gap_closed`; ``gap_degenerate`` flags :math:`W_{fb} = W_{lf}`.
    conditions : sympy.Boolean
        Where this result is valid (e.g. concavity of the government's objective).
    regimes : tuple of (label, condition)
        Which candidate is optimal where (e.g. ``interior`` iff :math:`\lambda < 1/3`).
    candidates : tuple of Candidate
        Everything evaluated: corners, kinks, boundary and interior stationary points.
    method : str
        ``"kkt enumeration"``, ``"closed form (concave, clipped)"`` or ``"numeric"``.
    notes : tuple of str
    """

    policy: Mapping[str, Any]
    response: Mapping[str, Any]
    account: WelfareAccount
    welfare: Any
    transfers: Mapping[str, Any]
    shadow_cost: Any
    laissez_faire_welfare: Any = None
    first_best_welfare: Any = None
    gap_closed: Any = None
    gap_degenerate: bool = False
    conditions: sp.Boolean = sp.true
    regimes: tuple[tuple[str, sp.Boolean], ...] = ()
    candidates: tuple[Candidate, ...] = ()
    method: str = "kkt enumeration"
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, repr=False)
class PolicySweep(Result):
    """Coordinated welfare and policy on an array of shadow costs (for "welfare against λ")."""

    shadow_costs: np.ndarray
    welfare: np.ndarray
    policy: Mapping[str, np.ndarray]
    laissez_faire_welfare: np.ndarray
    first_best_welfare: np.ndarray | None
    gap_closed: np.ndarray | None
    method: str = "lambdify"
    conditions: sp.Boolean = sp.true


@dataclass(frozen=True, repr=False)
class GridCheck(Result):
    """Brute-force verification of a coordinator optimum on a grid of instrument values."""

    solved_welfare: float
    grid_best_welfare: float
    grid_best_policy: Mapping[str, float]
    excess: float
    passed: bool
    n_points: int
    tolerance: float
    method: str = "grid"
    conditions: sp.Boolean = sp.true


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
            raise _SymbolicFailure(f"cannot decide the branch condition {cv}")
        raise _SymbolicFailure("no Piecewise branch applies")

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
                    raise _SymbolicFailure(f"kink {rel} involves several continuous instruments")
                for s in sp.solve(sp.Eq(rel.lhs, rel.rhs), var):
                    if s.is_real is not False and s not in pts:
                        pts.append(s)
    return pts


def _cells(lo: sp.Expr, hi: sp.Expr, kinks: Sequence[sp.Expr]) -> list[tuple[sp.Expr, sp.Expr]]:
    inside = []
    for k in kinks:
        if k.free_symbols:
            raise _SymbolicFailure(f"kink {k} depends on parameters; substitute numbers")
        d = _truth(sp.And(k > lo, k < hi))
        if d is None:
            raise _SymbolicFailure(f"cannot order kink {k} within ({lo}, {hi})")
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
    nums = [n for n in (sp.expand(m) for m in nums) if n != 0]
    if not nums:
        return []  # flat in every free direction: the face's ends cover it
    polynomial = True
    for n in nums:
        try:
            sp.Poly(n, *free)
        except sp.PolynomialError:
            polynomial = False
    if not polynomial and len(free) > 1:
        raise _SymbolicFailure("first-order conditions are not polynomial in several instruments")
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
        raise _SymbolicFailure(str(exc)) from None
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
        conds.append(((-1) ** i * minor > 0) if minor.free_symbols else sp.sympify(bool((-1) ** i * minor > 0)))
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
        raise _SymbolicFailure(f"not a univariate relational: {rel}")
    f = sp.together(rel.lhs - rel.rhs)
    num, den = sp.fraction(f)
    points = []
    for part in (num, den):
        if x not in part.free_symbols:
            continue
        try:
            poly = sp.Poly(part, x)
        except sp.PolynomialError:
            poly = None
        try:
            if poly is not None and not (poly.free_symbols - {x}):
                roots = list(sp.real_roots(poly))
            else:
                roots = sp.solve(part, x)
        except NotImplementedError:
            raise _SymbolicFailure(f"cannot solve {part} = 0") from None
        for r in roots:
            if r.free_symbols or not r.is_real:
                if r.free_symbols:
                    raise _SymbolicFailure(f"symbolic root {r}")
                continue
            if domain.contains(r) == sp.true:
                points.append(r)
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
            return bool(v == 0)
        return bool(v != 0)

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
    return sp.Union(*pieces).intersect(domain) if pieces else sp.EmptySet


def _condition_set(cond: sp.Basic, x: sp.Symbol, domain: sp.Set, cache: dict | None = None) -> sp.Set:
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
            out = out.intersect(_condition_set(c, x, domain, cache))
        return out
    if isinstance(cond, sp.Or):
        return sp.Union(*[_condition_set(c, x, domain, cache) for c in cond.args])
    if isinstance(cond, sp.Not):
        return domain - _condition_set(cond.args[0], x, domain, cache)
    if isinstance(cond, sp.core.relational.Relational) and cond.free_symbols != {x}:
        cond = _reduce_relational(cond, x)
    return _relational_set(cond, x, domain)


def _breakpoints(expr: sp.Expr, x: sp.Symbol, domain: sp.Set) -> list[sp.Expr]:
    """Real zeros and poles of a univariate expression inside ``domain``."""
    expr = sp.together(sp.sympify(expr))
    if x not in expr.free_symbols:
        return []
    if expr.free_symbols != {x}:
        raise _SymbolicFailure(f"not univariate in {x}: {expr}")
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
            raise _SymbolicFailure(f"cannot solve {part} = 0") from None
        for r in roots:
            if r.free_symbols:
                raise _SymbolicFailure(f"symbolic root {r}")
            if r.is_real is not False and domain.contains(r) == sp.true:
                pts.append(r)
    return pts


def _eval_at(expr: Any, x: sp.Symbol, value: sp.Expr) -> sp.Expr | None:
    """Exact (or 30-digit) value of an expression at ``x = value``; None when undefined."""
    v = sp.sympify(expr).xreplace({x: value})
    if v.has(sp.Piecewise):
        v = sp.piecewise_fold(v)
        try:
            v = _resolve_piecewise(v, {})
        except _SymbolicFailure:
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
        return bool({">": v > 0, ">=": v >= 0, "<": v < 0, "<=": v <= 0, "==": v == 0, "!=": v != 0}[cond.rel_op])
    raise _SymbolicFailure(f"cannot evaluate condition {cond}")


def _relationals(cond: Any) -> list[sp.Basic]:
    if not isinstance(cond, sp.Basic) or cond in (sp.true, sp.false):
        return []
    if isinstance(cond, sp.core.relational.Relational):
        return [cond]
    return [r for a in cond.args for r in _relationals(a)]


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
    vals = [sp.sympify(v) for v in values]
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
            if best is None or w > best_val + sp.Float(1e-25) * max(1, abs(best_val)):
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
        found = _condition_set(cond, target, domain)
    except (_SymbolicFailure, TypeError, ValueError):
        return cond
    if found == sp.EmptySet:
        return sp.false
    if found == domain:
        return sp.true
    return found.as_relational(target)


def maximize_over_box(
    objective: sp.Expr,
    continuous: Sequence[tuple[sp.Symbol, Any, Any]],
    discrete: Sequence[tuple[sp.Symbol, Sequence[Any]]] = (),
    extra_kinks: Mapping[sp.Symbol, Sequence[Any]] | None = None,
) -> list[tuple[dict[sp.Symbol, sp.Expr], sp.Expr, str, sp.Boolean, sp.Boolean, bool, sp.Expr]]:
    """All KKT candidates of a sympy objective over a box split at its kinks.

    Returns tuples ``(point, welfare, location, feasible, second_order, attained, limit)``.
    Raises ``_SymbolicFailure`` when the problem is beyond the symbolic path.
    """
    objective = sp.piecewise_fold(sp.sympify(objective).rewrite(sp.Piecewise))
    cvars = [v for v, _, _ in continuous]
    bounds = {v: (sp.sympify(lo), sp.sympify(hi)) for v, lo, hi in continuous}
    combos = list(itertools.product(*[[(v, sp.sympify(x)) for x in vals] for v, vals in discrete]))
    extra_kinks = extra_kinks or {}
    out = []
    seen: set[str] = set()
    for combo in combos:
        fixed = dict(combo)
        w = objective.subs(fixed) if fixed else objective
        cells_per_var = []
        for v in cvars:
            kinks = _kink_points(w, v, cvars) + [sp.sympify(k) for k in extra_kinks.get(v, ())]
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
                        except _SymbolicFailure:
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
                    out.append((full, true_value, location, feasible, soc, attained, piece_value))
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

        def label(x: Sequence[float]) -> str:
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


# --------------------------------------------------------------------------------------------
# The coordinator
# --------------------------------------------------------------------------------------------
class Coordinator:
    r"""A welfare-maximising government over policy instruments (stage 0 of a bilevel game).

    Parameters
    ----------
    instruments : sequence of Instrument
    response : mapping or callable
        The followers' equilibrium as a function of the policy: either a mapping from response
        symbols (or names) to sympy expressions in the instrument symbols (``Max``/``Min``/
        ``Piecewise`` allowed for regime switches), or a callable ``response(policy) -> mapping``
        taking a dict ``{instrument name: value}``.
    welfare_parts : mapping
        ``consumer_surplus``, ``producer_surplus`` (both *including* transfers received) and
        optionally ``resource_costs`` (real costs counted once), each a sympy expression in the
        instrument and response symbols or a callable ``part(policy, response) -> number``.
    shadow_cost : number or sympy.Symbol, >= 0, default 0
        :math:`\lambda`. The public outlay is the sum of the instruments' ``budget``.
    first_best : number, sympy.Expr or result with ``.welfare``, optional
        First-best welfare (for the share of the gap closed).
    laissez_faire : number, sympy.Expr or result with ``.welfare``, optional
        Laissez-faire welfare; by default the welfare at every instrument's neutral value.

    Examples
    --------
    A per-unit output subsidy :math:`s` to a Cournot duopoly (:math:`a - c = 1, b = 1`): by hand
    :math:`Q = 2(1 + s)/3`, :math:`W = Q^2 - (1+\lambda) s Q`, so :math:`s^* = (1 - 3\lambda)/(2(1 +
    3\lambda))` while :math:`\lambda < 1/3` (first best :math:`Q = 1` at :math:`\lambda = 0`).

    >>> s, Q = sp.symbols("s Q", nonnegative=True)
    >>> gov = Coordinator([Instrument("s", s, bounds=(0, 5), budget=s * Q)],
    ...                   response={Q: 2 * (1 + s) / 3},
    ...                   welfare_parts={"consumer_surplus": Q**2 / 2, "producer_surplus": Q**2 / 2},
    ...                   shadow_cost=sp.Rational(1, 5), first_best=sp.Rational(1, 2))
    >>> out = gov.solve()
    >>> out.policy["s"], out.welfare            # (1 - 3/5)/(2 * 8/5) = 1/8
    (1/8, 9/20)
    >>> out.laissez_faire_welfare, out.gap_closed   # W(0) = 4/9; (9/20 - 4/9)/(1/2 - 4/9) = 1/10
    (4/9, 1/10)
    """

    def __init__(
        self,
        instruments: Sequence[Instrument],
        response: Mapping[Any, Any] | Callable[[dict[str, Any]], Mapping[str, Any]],
        welfare_parts: Mapping[str, Any],
        *,
        shadow_cost: Number = 0,
        first_best: Any = None,
        laissez_faire: Any = None,
    ) -> None:
        instruments = tuple(instruments)
        if not instruments:
            raise DomainError("a Coordinator needs at least one instrument")
        if not all(isinstance(i, Instrument) for i in instruments):
            raise DomainError("instruments must be Instrument objects")
        names = [i.name for i in instruments]
        if len(set(names)) != len(names):
            raise DomainError(f"instrument names must be unique, got {names}")
        syms = [i.symbol for i in instruments]
        if len(set(syms)) != len(syms):
            raise DomainError("instrument symbols must be distinct")
        self.instruments = instruments
        unknown = set(welfare_parts) - set(_PARTS)
        if unknown:
            raise DomainError(f"unknown welfare parts {sorted(unknown)}; expected {_PARTS}")
        self.welfare_parts = {k: welfare_parts.get(k, 0) for k in _PARTS}
        self.response = response
        self.shadow_cost = as_param(shadow_cost, "shadow_cost (lambda)", nonnegative=True)
        self.first_best = self._welfare_value(first_best, "first_best")
        self._laissez_faire_given = self._welfare_value(laissez_faire, "laissez_faire")
        self._lam = sp.Dummy("lambda", nonnegative=True)
        self.symbolic = self._is_symbolic_problem()
        if self.symbolic:
            self._response_exprs, self._parts_exprs, self._budget_exprs = self._symbolic_parts()
        self._sweep_cache: Any = None
        self._lambdified: Any = None
        self._kinks_cache: Any = None

    # ---------------------------------------------------------------- set-up helpers
    @staticmethod
    def _welfare_value(value: Any, name: str) -> Any:
        if value is None:
            return None
        if hasattr(value, "welfare"):
            value = value.welfare
        return as_param(value, name)

    @staticmethod
    def _is_callable(x: Any) -> bool:
        return callable(x) and not isinstance(x, sp.Basic)

    def _is_symbolic_problem(self) -> bool:
        if self._is_callable(self.response) or not isinstance(self.response, Mapping):
            return False
        if any(self._is_callable(p) for p in self.welfare_parts.values()):
            return False
        return not any(self._is_callable(i.budget) for i in self.instruments)

    def _symbolic_parts(self) -> tuple[dict[str, sp.Expr], dict[str, sp.Expr], dict[str, sp.Expr]]:
        exprs = [sp.sympify(p) for p in self.welfare_parts.values()] + [i.budget for i in self.instruments]
        free = set().union(*(e.free_symbols for e in exprs)) if exprs else set()
        subs: dict[sp.Symbol, sp.Expr] = {}
        resp: dict[str, sp.Expr] = {}
        for key, val in self.response.items():
            val = sp.sympify(val)
            if isinstance(key, sp.Symbol):
                subs[key] = val
                resp[key.name] = val
                for s in free:
                    if s.name == key.name:
                        subs[s] = val
            elif isinstance(key, str):
                resp[key] = val
                for s in free:
                    if s.name == key:
                        subs[s] = val
            else:
                raise DomainError(f"response keys must be sympy Symbols or names, got {key!r}")
        parts = {k: sp.sympify(v).subs(subs) for k, v in self.welfare_parts.items()}
        budgets = {i.name: i.budget.subs(subs) for i in self.instruments}
        inst = {i.symbol for i in self.instruments}
        names = {i.name: i.symbol for i in self.instruments} | {i.symbol.name: i.symbol for i in self.instruments}
        everything = list(parts.values()) + list(budgets.values()) + list(resp.values())
        for e in everything:
            for sym in e.free_symbols:
                if sym not in inst and sym.name in names:
                    raise DomainError(
                        f"symbol {sym} has the name of instrument symbol {names[sym.name]} but different "
                        "assumptions; use the instrument's own symbol in the response and welfare parts")
                if sym.name in resp and sym not in subs:
                    raise DomainError(f"response variable {sym} was not substituted")
        return resp, parts, budgets

    def welfare_expression(self, shadow_cost: Any = None) -> sp.Expr:
        r""":math:`W(x;\lambda)` in the instrument symbols (symbolic problems only)."""
        if not self.symbolic:
            raise DomainError("welfare_expression needs a symbolic problem (expressions, not callables)")
        lam = self._lam if shadow_cost is None else as_param(shadow_cost, "shadow_cost", nonnegative=True)
        p = self._parts_exprs
        outlay = sum(self._budget_exprs.values(), sp.Integer(0))
        return p["consumer_surplus"] + p["producer_surplus"] - p["resource_costs"] - (1 + lam) * outlay

    # ---------------------------------------------------------------- evaluation
    def _policy_names(self, point: Mapping[sp.Symbol, Any]) -> dict[str, Any]:
        return {i.name: point[i.symbol] for i in self.instruments}

    def _account_at(self, point: Mapping[sp.Symbol, Any], lam: Any) -> tuple[dict, WelfareAccount, dict]:
        """Response, welfare account and transfers at a policy given by symbol → value."""
        if self.symbolic:
            fold = _fold
            response = {k: fold(v, point) for k, v in self._response_exprs.items()}
            parts = {k: fold(v, point) for k, v in self._parts_exprs.items()}
            transfers = {k: fold(v, point) for k, v in self._budget_exprs.items()}
        else:
            policy = {i.name: _plain(point[i.symbol]) for i in self.instruments}
            response = dict(self._call_response(policy))
            parts = {k: self._eval_part(v, policy, response) for k, v in self.welfare_parts.items()}
            transfers = {i.name: self._eval_part(i.budget, policy, response) for i in self.instruments}
        outlay = sum(transfers.values(), sp.Integer(0))
        acc = welfare_account(parts["consumer_surplus"], parts["producer_surplus"], parts["resource_costs"],
                              outlay, lam, simplify=not any(isinstance(v, sp.Basic) and v.has(sp.Piecewise)
                                                             for v in (*parts.values(), outlay)))
        return response, acc, transfers

    def _call_response(self, policy: dict[str, Any]) -> Mapping[str, Any]:
        if self._is_callable(self.response):
            return self.response(policy)
        subs = {i.symbol: policy[i.name] for i in self.instruments}
        out = {}
        for k, v in self.response.items():
            name = k.name if isinstance(k, sp.Symbol) else k
            out[name] = _plain(sp.sympify(v).subs(subs))
        return out

    def _eval_part(self, part: Any, policy: dict[str, Any], response: Mapping[str, Any]) -> Any:
        if self._is_callable(part):
            return part(policy, response)
        expr = sp.sympify(part)
        subs = {}
        for s in expr.free_symbols:
            if s.name in policy and any(i.symbol == s for i in self.instruments):
                subs[s] = policy[s.name]
            elif s.name in response:
                subs[s] = response[s.name]
        return _plain(expr.subs(subs))

    def _numeric_objective(self, lam: float) -> Callable[[dict[sp.Symbol, float]], float]:
        if self.symbolic:
            syms = [i.symbol for i in self.instruments]
            if getattr(self, "_lambdified", None) is None:
                w = self.welfare_expression(self._lam)
                extra = w.free_symbols - set(syms) - {self._lam}
                if extra:
                    raise DomainError(
                        f"numeric optimisation needs numeric parameters; free symbols {sorted(map(str, extra))}")
                self._lambdified = sp.lambdify([*syms, self._lam], w, modules="numpy")
            f = self._lambdified
            lam_f = float(lam)

            def fun(pt: dict[sp.Symbol, float]) -> float:
                with np.errstate(all="ignore"):
                    val = f(*[float(pt[s]) for s in syms], lam_f)
                return float(np.real(val)) if np.isfinite(val) else -math.inf

            return fun

        def fun(pt: dict[sp.Symbol, float]) -> float:
            policy = {i.name: float(pt[i.symbol]) for i in self.instruments}
            resp = self._call_response(policy)
            parts = {k: float(self._eval_part(v, policy, resp)) for k, v in self.welfare_parts.items()}
            outlay = sum(float(self._eval_part(i.budget, policy, resp)) for i in self.instruments)
            return parts["consumer_surplus"] + parts["producer_surplus"] - parts["resource_costs"] - (1 + lam) * outlay

        return fun

    def _laissez_faire(self, lam: Any) -> Any:
        if self._laissez_faire_given is not None:
            return self._laissez_faire_given
        point = {i.symbol: i.neutral for i in self.instruments}
        return self._account_at(point, lam)[1].welfare

    # ---------------------------------------------------------------- solving
    def solve(self, method: str = "auto", *, shadow_cost: Any = None) -> PolicyOutcome:
        """The government's optimum (see the module docstring for the method).

        Parameters
        ----------
        method : {"auto", "symbolic", "numeric"}
            ``auto``: symbolic when the problem is given as expressions and sympy can solve it,
            numeric otherwise (numeric parameters required).
        shadow_cost : number or symbol, optional
            Overrides the coordinator's :math:`\\lambda` for this call.
        """
        lam = self.shadow_cost if shadow_cost is None else as_param(shadow_cost, "shadow_cost", nonnegative=True)
        if method not in ("auto", "symbolic", "numeric"):
            raise DomainError(f"method must be 'auto', 'symbolic' or 'numeric', got {method!r}")
        if method in ("auto", "symbolic") and self.symbolic:
            try:
                return self._solve_symbolic(lam)
            except _SymbolicFailure as exc:
                if method == "symbolic":
                    raise DomainError(f"the symbolic path cannot solve this problem: {exc}") from None
                reason = str(exc)
        elif method == "symbolic":
            raise DomainError("method='symbolic' needs expressions (not callables) for response, parts and budgets")
        else:
            reason = "callables given" if not self.symbolic else "numeric requested"
        if is_symbolic(lam):
            raise DomainError("the numeric path needs a numeric shadow cost")
        return self._solve_numeric(lam, note=f"numeric path ({reason})")

    def _boxes(self) -> tuple[list[tuple[sp.Symbol, Any, Any]], list[tuple[sp.Symbol, tuple]]]:
        cont = [(i.symbol, *i.bounds) for i in self.instruments if i.is_continuous]
        disc = [(i.symbol, i.values) for i in self.instruments if not i.is_continuous]
        return cont, disc

    def _candidates_symbolic(self, lam: Any) -> list[Candidate]:
        w = self.welfare_expression(lam)
        cont, disc = self._boxes()
        kinks = {i.symbol: i.kinks for i in self.instruments if i.kinks}
        raw = maximize_over_box(w, cont, disc, kinks)
        if not raw:
            raise _SymbolicFailure("no candidate found")
        cands = []
        for point, value, loc, feas, soc, attained, limit in raw:
            cands.append(Candidate(policy=self._policy_names(point), welfare=value, location=loc,
                                   feasible=feas, second_order=soc, attained=attained,
                                   limit_welfare=None if attained else limit))
        return cands

    def _solve_symbolic(self, lam: Any) -> PolicyOutcome:
        cands = self._candidates_symbolic(lam)
        nonneg = [lam] if isinstance(lam, sp.Symbol) else []
        decided = all(c.feasible in (sp.true, sp.false) and not sp.sympify(c.welfare).free_symbols for c in cands)
        notes: list[str] = []
        conditions: sp.Boolean = sp.true
        if decided:
            feasible = [c for c in cands if c.feasible == sp.true]
            best = _argmax(feasible)
            point = {i.symbol: sp.sympify(best.policy[i.name]) for i in self.instruments}
            regimes = ((best.location, sp.true),)
            method = "kkt enumeration"
            self._check_unbounded(lam, point, best.welfare)
            if best.location == "interior" and best.second_order != sp.true:
                notes.append("the interior optimum is not a strict local maximum (flat or degenerate Hessian)")
        else:
            clip = self._concave_clip(cands, lam)
            if clip is not None:
                point, regimes, conditions = clip
                method = "closed form (concave, clipped)"
            else:
                point, regimes = self._piecewise_optimum(cands, nonneg)
                method = "kkt enumeration (piecewise in parameters)"
        limits = [c for c in cands if not c.attained]
        if decided and limits:
            best_val = max(float(c.welfare) for c in cands if c.feasible == sp.true)
            for c in limits:
                if float(c.limit_welfare) > best_val + 1e-12 * max(1.0, abs(best_val)):
                    notes.append(f"supremum {c.limit_welfare} approached at {c.policy} is not attained (response jumps)")
        return self._outcome(point, lam, cands, method, conditions, regimes, notes)

    def _check_unbounded(self, lam: Any, point: Mapping[sp.Symbol, Any], best: Any) -> None:
        """Along every infinite bound, welfare must not exceed the best candidate in the limit."""
        w = self.welfare_expression(lam)
        best_f = to_float(best)
        for inst in self.instruments:
            if not inst.is_continuous:
                continue
            for end in inst.bounds:
                if end not in (sp.oo, -sp.oo):
                    continue
                others = {k: v for k, v in point.items() if k != inst.symbol}
                try:
                    lim = sp.limit(sp.piecewise_fold(w.subs(others)), inst.symbol, end)
                except (NotImplementedError, ValueError, TypeError):  # pragma: no cover - sympy limit gaps
                    continue
                if lim == sp.oo or (lim.is_number and lim.is_finite and float(lim) > best_f + 1e-12 * max(1.0, abs(best_f))):
                    raise DomainError(
                        f"welfare is unbounded above or its supremum is approached as {inst.name} -> {end} "
                        f"(limit {lim}); give the instrument a finite bound")

    def _concave_clip(self, cands: list[Candidate], lam: Any):
        cont, disc = self._boxes()
        if disc or len(cont) != 1 or any(c.location == "kink" for c in cands):
            return None
        (x, lo, hi) = cont[0]
        inner = [c for c in cands if c.location == "interior"]
        if len(inner) != 1:
            return None
        w = self.welfare_expression(lam)
        if w.has(sp.Piecewise):
            return None
        d2 = sp.simplify(sp.diff(w, x, 2))
        if x in d2.free_symbols:
            return None
        concave = _truth(d2 <= 0)
        if concave is False:
            return None
        conditions = sp.true if concave else sp.simplify(d2 <= 0)
        name = next(i.name for i in self.instruments if i.symbol == x)
        xs = sp.sympify(inner[0].policy[name])
        pieces, regimes = [], []
        nonneg = [lam] if isinstance(lam, sp.Symbol) else []
        if lo != -sp.oo:
            pieces.append((lo, xs <= lo))
            regimes.append(("lower corner", _simplify_condition(xs <= lo, nonneg)))
        if hi != sp.oo:
            pieces.append((hi, xs >= hi))
            regimes.append(("upper corner", _simplify_condition(xs >= hi, nonneg)))
        inside = sp.And(*(c for c in [xs > lo if lo != -sp.oo else sp.true, xs < hi if hi != sp.oo else sp.true]))
        regimes.insert(0, ("interior", _simplify_condition(inside, nonneg)))
        regimes = [r for r in regimes if r[1] != sp.false]
        pieces = [p for p in pieces if _simplify_condition(p[1], nonneg) != sp.false]
        pieces.append((xs, True))
        policy = sp.Piecewise(*[(v, _simplify_condition(c, nonneg) if c is not True else True) for v, c in pieces])
        return {x: policy}, tuple(regimes), conditions

    def _piecewise_optimum(self, cands: list[Candidate], nonneg: list[sp.Symbol]):
        live = [c for c in cands if c.feasible != sp.false]
        free = set()
        for c in live:
            free |= sp.sympify(c.welfare).free_symbols | set().union(*(sp.sympify(v).free_symbols for v in c.policy.values()))
            free |= c.feasible.free_symbols if isinstance(c.feasible, sp.Basic) else set()
        conds: list[sp.Basic] | None = None
        if len(free) == 1:
            (x,) = free
            domain = sp.Interval(0, sp.oo) if x in nonneg else sp.Reals
            try:
                sets = winner_regions([c.welfare for c in live], [c.feasible for c in live], x, domain)
                conds = [sp.false if st == sp.EmptySet else (sp.true if st == domain else st.as_relational(x))
                         for st in sets]
            except _SymbolicFailure:
                conds = None
        if conds is None:
            conds = []
            for c in live:
                parts = [c.feasible]
                for d in live:
                    if d is not c:
                        parts.append(sp.Or(sp.Not(d.feasible), sp.sympify(c.welfare) >= sp.sympify(d.welfare)))
                conds.append(_simplify_condition(sp.And(*parts), nonneg))
        pieces: dict[str, list] = {i.name: [] for i in self.instruments}
        regimes = []
        for c, cond in zip(live, conds):
            if cond == sp.false:
                continue
            regimes.append((f"{c.location} {dict(c.policy)}", cond))
            for i in self.instruments:
                pieces[i.name].append((sp.sympify(c.policy[i.name]), cond))
        if not regimes:
            raise _SymbolicFailure("no candidate is optimal anywhere (conditions inconsistent)")
        point = {}
        for i in self.instruments:
            args = pieces[i.name]
            point[i.symbol] = sp.Piecewise(*args[:-1], (args[-1][0], True)) if len(args) > 1 else args[0][0]
        return point, tuple(regimes)

    def _outcome(self, point, lam, cands, method, conditions, regimes, notes) -> PolicyOutcome:
        response, acc, transfers = self._account_at(point, lam)
        lf = self._laissez_faire(lam)
        fb = self.first_best
        gap, degenerate = None, False
        if fb is not None:
            degenerate = gap_is_degenerate(lf, fb)
            gap = gap_closed(acc.welfare, lf, fb)
        return PolicyOutcome(
            policy=self._policy_names(point), response=response, account=acc, welfare=acc.welfare,
            transfers=transfers, shadow_cost=lam, laissez_faire_welfare=lf, first_best_welfare=fb,
            gap_closed=gap, gap_degenerate=degenerate, conditions=conditions, regimes=tuple(regimes),
            candidates=tuple(cands), method=method, notes=tuple(notes),
        )

    def _numeric_box(self) -> tuple[list[tuple[sp.Symbol, float, float]], list[tuple[sp.Symbol, tuple]]]:
        cont, disc = self._boxes()
        out = []
        for v, lo, hi in cont:
            if lo in (sp.oo, -sp.oo) or hi in (sp.oo, -sp.oo) or is_symbolic(lo) or is_symbolic(hi):
                raise DomainError(f"instrument {v}: the numeric path needs finite numeric bounds, got ({lo}, {hi})")
            out.append((v, to_float(lo), to_float(hi)))
        return out, [(v, tuple(float(x) for x in vals)) for v, vals in disc]

    def _numeric_kinks(self) -> dict[sp.Symbol, list[float]]:
        if getattr(self, "_kinks_cache", None) is None:
            self._kinks_cache = self._find_numeric_kinks()
        return {k: list(v) for k, v in self._kinks_cache.items()}

    def _find_numeric_kinks(self) -> dict[sp.Symbol, list[float]]:
        kinks: dict[sp.Symbol, list[float]] = {i.symbol: [to_float(k) for k in i.kinks] for i in self.instruments}
        if self.symbolic:
            cont, _ = self._boxes()
            try:
                w = sp.piecewise_fold(self.welfare_expression(0).rewrite(sp.Piecewise))
                for v, _, _ in cont:
                    for k in _kink_points(w, v, [c[0] for c in cont]):
                        if not k.free_symbols:
                            kinks[v].append(to_float(k))
            except (_SymbolicFailure, DomainError, TypeError):
                pass
        return kinks

    def _solve_numeric(self, lam: Any, note: str = "") -> PolicyOutcome:
        lam_f = to_float(lam)
        fun = self._numeric_objective(lam_f)
        cont, disc = self._numeric_box()
        raw = _numeric_maximize(fun, cont, disc, self._numeric_kinks())
        cands, seen = [], set()
        for pt, val, loc in raw:
            key = tuple(float(f"{float(pt[i.symbol]):.6g}") for i in self.instruments)
            if key in seen:
                continue
            seen.add(key)
            cands.append(Candidate(policy=self._policy_names(pt), welfare=val, location=loc))
        best = _argmax(cands)
        point = {i.symbol: _plain(best.policy[i.name]) for i in self.instruments}
        notes = [note] if note else []
        return self._outcome(point, lam, cands, "numeric", sp.true, ((best.location, sp.true),), notes)

    # ---------------------------------------------------------------- sweeps and checks
    def sweep(self, shadow_costs: Any) -> PolicySweep:
        """Coordinated welfare and policy for each :math:`\\lambda` in ``shadow_costs``.

        Symbolic problems with numeric parameters: the KKT candidates are computed once as closed
        forms in :math:`\\lambda` and evaluated vectorised (``method = "lambdify"``); otherwise
        one numeric solve per value (``method = "numeric loop"``).
        """
        lams = np.asarray(shadow_costs, dtype=float).ravel()
        if lams.size == 0 or not np.all(np.isfinite(lams)) or np.any(lams < 0):
            raise DomainError("shadow_costs must be a non-empty array of finite values >= 0")
        names = [i.name for i in self.instruments]
        result = None
        if self.symbolic:
            try:
                result = self._sweep_lambdify(lams)
            except (_SymbolicFailure, DomainError, TypeError, ValueError):
                result = None
        if result is None:
            welfare = np.empty_like(lams)
            policy = {n: np.empty_like(lams) for n in names}
            lf = np.empty_like(lams)
            for k, l in enumerate(lams):
                out = self._solve_numeric(float(l))
                welfare[k] = float(out.welfare)
                lf[k] = float(out.laissez_faire_welfare)
                for n in names:
                    policy[n][k] = float(out.policy[n])
            method = "numeric loop"
        else:
            welfare, policy, lf = result
            method = "lambdify"
        fb = None if self.first_best is None else np.full_like(lams, to_float(self.first_best))
        gap = None if fb is None else gap_closed(welfare, lf, fb)
        return PolicySweep(shadow_costs=lams, welfare=welfare, policy=policy, laissez_faire_welfare=lf,
                           first_best_welfare=fb, gap_closed=gap, method=method)

    def _sweep_lambdify(self, lams: np.ndarray):
        if self._sweep_cache is None:
            cands = self._candidates_symbolic(self._lam)
            allowed = {self._lam}
            for c in cands:
                syms = set().union(*(sp.sympify(v).free_symbols for v in c.policy.values())) | sp.sympify(c.welfare).free_symbols
                if syms - allowed:
                    raise _SymbolicFailure("parameters are symbolic")
            w = self.welfare_expression(self._lam)
            xs = [i.symbol for i in self.instruments]
            wf = sp.lambdify([*xs, self._lam], w, modules="numpy")
            coord_fns = [[sp.lambdify(self._lam, sp.sympify(c.policy[i.name]), modules="numpy") for i in self.instruments]
                         for c in cands]
            self._sweep_cache = (cands, wf, coord_fns)
        cands, wf, coord_fns = self._sweep_cache
        best = np.full(lams.shape, -np.inf)
        policy = {i.name: np.full(lams.shape, np.nan) for i in self.instruments}
        with np.errstate(all="ignore"):
            for c, fns in zip(cands, coord_fns):
                coords = [np.broadcast_to(np.asarray(f(lams), dtype=complex), lams.shape) for f in fns]
                ok = np.ones(lams.shape, dtype=bool)
                real = []
                for inst, x in zip(self.instruments, coords):
                    ok &= np.isfinite(x) & (np.abs(x.imag) <= 1e-9 * np.maximum(1.0, np.abs(x.real)))
                    xr = x.real
                    lo, hi = inst.bounds
                    tol = 1e-9 * np.maximum(1.0, np.abs(xr))
                    if lo != -sp.oo:
                        ok &= xr >= float(lo) - tol
                    if hi != sp.oo:
                        ok &= xr <= float(hi) + tol
                    real.append(xr)
                val = np.asarray(wf(*real, lams), dtype=float)
                val = np.broadcast_to(val, lams.shape)
                margin = np.where(np.isfinite(best), 1e-12 * np.maximum(1.0, np.abs(best)), 0.0)
                take = ok & np.isfinite(val) & (~np.isfinite(best) | (val > best + margin))
                best = np.where(take, val, best)
                for inst, xr in zip(self.instruments, real):
                    policy[inst.name] = np.where(take, xr, policy[inst.name])
        if not np.all(np.isfinite(best)):
            raise _SymbolicFailure("no feasible candidate at some shadow costs")
        if self._laissez_faire_given is not None:
            lf = np.full(lams.shape, to_float(self._laissez_faire_given))
        else:
            xs0 = [float(i.neutral) for i in self.instruments]
            with np.errstate(all="ignore"):
                lf = np.broadcast_to(np.asarray(wf(*xs0, lams), dtype=float), lams.shape).copy()
        return best, policy, lf

    def verify_by_grid(self, n: int = 101, *, shadow_cost: Any = None, bounds: Mapping[str, tuple[float, float]] | None = None,
                       tol: float = 1e-9, outcome: PolicyOutcome | None = None) -> GridCheck:
        """Brute force: welfare on an ``n``-point grid per continuous instrument (plus all kinks).

        ``passed`` is True when no grid point beats the solved optimum by more than
        ``tol * max(1, |W|)``. Infinite bounds are replaced by ``bounds[name]`` or by
        ``[lo, 2 * max(1, |x*|) + lo]`` around the solved optimum.
        """
        lam = self.shadow_cost if shadow_cost is None else as_param(shadow_cost, "shadow_cost", nonnegative=True)
        lam_f = to_float(lam)
        out = outcome if outcome is not None else self.solve(shadow_cost=lam)
        solved = to_float(out.welfare)
        fun = self._numeric_objective(lam_f)
        kinks = self._numeric_kinks()
        axes = []
        for inst in self.instruments:
            if not inst.is_continuous:
                axes.append(np.array([float(v) for v in inst.values]))
                continue
            lo, hi = inst.bounds
            if bounds and inst.name in bounds:
                lo_f, hi_f = (float(b) for b in bounds[inst.name])
            else:
                x_star = to_float(out.policy[inst.name])
                lo_f = float(lo) if lo != -sp.oo else x_star - 2 * max(1.0, abs(x_star))
                hi_f = float(hi) if hi != sp.oo else lo_f + 2 * max(1.0, abs(x_star) + abs(lo_f))
            grid = np.linspace(lo_f, hi_f, int(n))
            extra = [k for k in kinks.get(inst.symbol, []) if lo_f <= k <= hi_f]
            axes.append(np.unique(np.concatenate([grid, extra])))
        total = int(np.prod([len(a) for a in axes]))
        if total > 2_000_000:
            raise DomainError(f"grid of {total} points is too large; lower n")
        best_val, best_pt = -math.inf, None
        for combo in itertools.product(*axes):
            pt = {i.symbol: float(x) for i, x in zip(self.instruments, combo)}
            val = fun(pt)
            if val > best_val:
                best_val, best_pt = val, pt
        excess = best_val - solved
        passed = bool(excess <= tol * max(1.0, abs(solved)))
        return GridCheck(solved_welfare=solved, grid_best_welfare=float(best_val),
                         grid_best_policy={i.name: best_pt[i.symbol] for i in self.instruments},
                         excess=float(excess), passed=passed, n_points=total, tolerance=tol)


def _fold(expr: Any, point: Mapping[sp.Symbol, Any] | None = None) -> sp.Expr:
    """Substitute a policy (possibly Piecewise) and fold; simplify only Piecewise-free results."""
    e = sp.sympify(expr)
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
