"""KKT corner enumeration shared by :class:`ContinuousGame` and :func:`maximize`.

A problem is a list of *owners* (players, or the single planner), each maximising its objective
over its own variables, every variable in a box ``lo <= x <= hi`` (``None`` = unbounded). For each
assignment of a status to every variable — *interior*, at the *lower* bound or at the *upper*
bound — the first-order conditions of the interior variables are solved exactly with sympy
(``linsolve`` for linear systems, ``solve`` otherwise), and the candidate is kept with the
conditions under which it is a KKT point:

* primal feasibility of the interior variables (``lo < x < hi``, strict so that the regimes
  partition the parameter space),
* the sign of the multiplier at a binding bound (``du/dx <= 0`` at a lower bound, ``>= 0`` at an
  upper bound; the multiplier is ``-du/dx`` resp. ``du/dx``),
* the local second-order condition (own Hessian of the interior variables negative definite),
* the domain of the payoffs (``log`` arguments positive, even roots of non-negative numbers).

Conditions are cleaned and decided by :mod:`._conditions`; candidates whose conditions are
provably false are dropped. With every payoff concave in its owner's variables, the KKT points
are exactly the equilibria (maxima), so the enumeration is complete whenever every FOC system
was polynomial and solved.
"""

from __future__ import annotations

import functools
import itertools
import time
from dataclasses import dataclass, field
from typing import Any, Sequence

import sympy as sp

from ..budget import TimeLimitExceeded, time_limit
from ._conditions import Facts, sign_set, simplify_conditions, reality_conditions, NONPOS, POS
from gametheory.core.params import to_expr

__all__ = ["KKTProblem", "KKTPoint", "Unsolvable", "tidy"]

INTERIOR, LOWER, UPPER = "interior", "lower", "upper"


class Unsolvable(Exception):
    """sympy could not solve a first-order system (not implemented, transcendental, timeout)."""


class _Timeout(TimeLimitExceeded):
    """A sympy solve ran out of time (raised by :func:`_time_limit`)."""


def _time_limit(seconds: float | None):
    """Raise :class:`_Timeout` in the current thread after ``seconds`` (None: no limit).

    A thin wrapper of :func:`gametheory.core.budget.time_limit`: it works in every thread
    (dask and thread-pool workers too) and process, not only in the main thread as ``SIGALRM``
    did; pure-Python code such as sympy's is interrupted between bytecodes.
    """
    if seconds is not None and seconds <= 0:  # an exhausted remainder: stop at the next bytecode
        seconds = 1e-3
    return time_limit(seconds, _Timeout)


def _solve_numerators(nums: list, eqs: list, unknowns: list, polynomial: bool,
                      timeout: float | None) -> list[dict]:
    """Solve a first-order system for ``unknowns`` within ``timeout`` seconds.

    ``nums`` are the expanded numerators of ``eqs``; when they are polynomial of total
    degree <= 1 the system goes to ``sp.linsolve``, otherwise to ``sp.solve`` (on the
    numerators when polynomial, on ``eqs`` when not).  Raises ``_Timeout`` or
    ``NotImplementedError``; the callers turn them into their own error type.
    """
    with _time_limit(timeout):
        if polynomial and max((sp.Poly(n, *unknowns).total_degree() for n in nums), default=0) <= 1:
            return [dict(zip(unknowns, t)) for t in sp.linsolve(nums, unknowns)]
        return sp.solve(nums if polynomial else eqs, unknowns, dict=True)


def tidy(expr: Any) -> Any:
    """A readable canonical form: factored rational functions, light simplification otherwise."""
    e = to_expr(expr)
    if isinstance(e, sp.Expr) and not e.is_Number:
        return _tidy_cached(e)
    return e


@functools.lru_cache(maxsize=4096)
def _tidy_cached(e: sp.Expr) -> Any:
    if not isinstance(e, sp.Expr) or e.is_Number:
        return e
    try:
        if e.is_rational_function():
            t = sp.together(e)
            if sp.count_ops(t) > 80:  # factoring big expressions is slow; keep the combined form
                return t
            return _absorb_sign(sp.factor(sp.cancel(t)))
    except (sp.PolynomialError, NotImplementedError):  # pragma: no cover
        pass
    if sp.count_ops(e) < 60:
        try:
            return sp.simplify(e)
        except Exception:  # pragma: no cover - sympy internals
            return e
    return e


def _absorb_sign(f: sp.Expr) -> sp.Expr:
    """``-(c - a)/2`` → ``(a - c)/2``: move a leading minus sign into a sum factor."""
    if not f.is_Mul:
        return f
    coeff, rest = f.as_coeff_Mul()
    if coeff.is_negative:
        args = sp.Mul.make_args(rest)
        sums = [x for x in args if x.is_Add]
        if sums:
            def score(x: sp.Expr) -> tuple:
                terms = sp.Add.make_args(x)
                neg = sum(1 for t in terms if t.could_extract_minus_sign())
                return (neg / len(terms), any(t.is_Number and t.is_negative for t in terms))
            pick = max(sums, key=score)
            others = [x for x in args if x is not pick]
            return sp.Mul(-coeff, *others, sp.expand(-pick))
    return f


def negative_definite_conditions(H: sp.Matrix) -> list[sp.Basic]:
    """Leading principal minors alternate in sign: ``(-1)^k D_k > 0`` (strict: negative definite)."""
    n = H.shape[0]
    return [((-1) ** k * H[:k, :k].det()) > 0 for k in range(1, n + 1)]


@dataclass(frozen=True)
class KKTPoint:
    """One KKT point with its status per variable, values, multipliers and conditions (immutable)."""

    status: dict
    solution: dict
    multipliers: dict
    conditions: Any
    soc: list  # per owner: (free variables, Hessian at the point, soc condition)
    decided: bool | None = None


@dataclass
class KKTProblem:
    """Owners maximising their objectives over their own boxed variables."""

    objectives: Sequence[sp.Expr]
    groups: Sequence[tuple[sp.Symbol, ...]]
    bounds: dict  # symbol -> (lo, hi), None = unbounded
    facts: Facts = field(default_factory=Facts)
    timeout: float | None = 20.0
    nonpolynomial_timeout: float | None = 3.0

    def __post_init__(self) -> None:
        self.variables = tuple(v for g in self.groups for v in g)
        self.owner = {v: i for i, g in enumerate(self.groups) for v in g}
        self.gradient = {v: sp.diff(self.objectives[self.owner[v]], v) for v in self.variables}
        self.complete = True
        self.notes: list[str] = []
        self.soc_failures: list[tuple[int, Any]] = []

    # -- enumeration -----------------------------------------------------------------------------
    def statuses(self, v: sp.Symbol) -> list[str]:
        lo, hi = self.bounds[v]
        out = [INTERIOR]
        if lo is not None:
            out.append(LOWER)
        if hi is not None:
            out.append(UPPER)
        return out

    def candidates(self, only: Sequence[dict] | None = None) -> list[KKTPoint]:
        """All KKT candidates not provably invalid (``only``: restrict to given status maps)."""
        start = time.monotonic()
        out: list[KKTPoint] = []
        combos = only if only is not None else (
            dict(zip(self.variables, c)) for c in itertools.product(*(self.statuses(v) for v in self.variables)))
        for status in combos:
            remaining = None if self.timeout is None else self.timeout - (time.monotonic() - start)
            if remaining is not None and remaining <= 0:
                raise Unsolvable(f"KKT enumeration exceeded the time limit of {self.timeout} s")
            out.extend(self._solve_status(status, remaining))
        return out

    def _solve_status(self, status: dict, timeout: float | None) -> list[KKTPoint]:
        fixed = {v: (self.bounds[v][0] if s == LOWER else self.bounds[v][1])
                 for v, s in status.items() if s != INTERIOR}
        free = [v for v in self.variables if status[v] == INTERIOR]
        eqs = [self.gradient[v].subs(fixed) for v in free]
        sols = self._solve(eqs, free, timeout)
        out = []
        for sol in sols:
            cand = self._candidate(status, fixed, free, sol)
            if cand is not None:
                out.append(cand)
        return out

    def _solve(self, eqs: list, free: list, timeout: float | None) -> list[dict]:
        if not free:
            return [{}]
        nums = []
        for e in eqs:
            num, _ = sp.fraction(sp.together(e))
            nums.append(sp.expand(num))
        polynomial = all(n.is_polynomial(*free) for n in nums)
        if any(n == 0 for n in nums):
            self.notes.append(f"a first-order condition vanishes identically for {free}: a continuum of solutions")
            self.complete = False
            return []
        if not polynomial and self.nonpolynomial_timeout is not None:
            timeout = self.nonpolynomial_timeout if timeout is None else min(timeout, self.nonpolynomial_timeout)
        try:
            sols = _solve_numerators(nums, eqs, free, polynomial, timeout)
        except _Timeout:
            raise Unsolvable(f"sympy did not solve the first-order conditions in {timeout:.3g} s") from None
        except NotImplementedError as exc:
            raise Unsolvable(f"sympy cannot solve the first-order conditions: {exc}") from None
        if not polynomial:
            self.complete = False
        good = []
        free_set = set(free)
        for s in sols:
            if set(s) != free_set or any(to_expr(val).free_symbols & free_set for val in s.values()):
                self.notes.append(f"continuum of first-order solutions for {free}: {s}")
                self.complete = False
                continue
            good.append(s)
        return good

    def _candidate(self, status: dict, fixed: dict, free: list, sol: dict) -> KKTPoint | None:
        full = {**fixed, **{v: tidy(val) for v, val in sol.items()}}
        for v, val in full.items():
            if val.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or val.is_real is False:
                return None
        conds: list = []
        multipliers = {}
        for v in self.variables:
            lo, hi = self.bounds[v]
            if lo is not None and hi is not None and (lo.free_symbols or hi.free_symbols):
                conds.append(hi > lo)  # a non-empty strategy interval
            s = status[v]
            if s == INTERIOR:
                multipliers[v] = sp.Integer(0)
                if lo is not None:
                    conds.append(full[v] > lo)
                if hi is not None:
                    conds.append(full[v] < hi)
            else:
                g = tidy(self.gradient[v].subs(full))
                if g.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
                    return None
                mult = tidy(-g) if s == LOWER else g
                multipliers[v] = mult
                conds.append(mult >= 0)
        # derivatives of the free FOCs must exist at the point
        for v in free:
            _, den = sp.fraction(sp.together(self.gradient[v]))
            if den.free_symbols:
                conds.append(sp.Ne(den.subs(full), 0))
        for obj in self.objectives:
            conds.extend(c.subs(full) for c in reality_conditions(obj))
        for v in free:  # solutions with roots must be real (e.g. sqrt(a) needs a >= 0)
            conds.extend(reality_conditions(full[v]))
        kkt = simplify_conditions(conds, self.facts)
        if kkt is sp.false:
            return None
        soc, soc_conds = [], []
        for i, grp in enumerate(self.groups):
            own_free = [v for v in grp if status[v] == INTERIOR]
            H = sp.ImmutableMatrix(sp.hessian(self.objectives[i], grp).subs(full).applyfunc(tidy))
            if own_free:
                Hf = sp.hessian(self.objectives[i], own_free).subs(full).applyfunc(tidy)
                c = simplify_conditions(negative_definite_conditions(Hf), self.facts)
                if c is sp.false:
                    self.soc_failures.append((i, H))
                    return None
            else:
                c = sp.true
            soc.append((tuple(own_free), H, c))
            soc_conds.append(c)
        cond = simplify_conditions([kkt, *soc_conds], self.facts)
        if cond is sp.false:  # pragma: no cover - both parts non-false but jointly decided false
            return None
        return KKTPoint(status=dict(status), solution=full, multipliers=multipliers, conditions=cond, soc=soc)

    # -- global concavity ------------------------------------------------------------------------
    def globally_concave(self, i: int) -> bool | None:
        """Is objective ``i`` concave in its owner's variables on the whole box? (None: open)."""
        grp = self.groups[i]
        repl = {}
        for v in self.variables:
            lo, hi = self.bounds[v]
            y = sp.Dummy(f"{v}_off", nonnegative=True)
            if lo is not None:
                repl[v] = lo + y
            elif hi is not None:
                repl[v] = hi - y
        H = sp.hessian(self.objectives[i], grp).subs(repl)
        if H.shape == (1, 1):
            s = sign_set(sp.together(H[0, 0]), self.facts)
            if s <= NONPOS:
                return True
            if s == POS:
                return False
            return None
        if not H.free_symbols - set(repl.values()) and all(e.is_number for e in H):
            eig = [complex(ev) for ev in H.evalf().eigenvals()]  # constant matrix
            return all(e.real <= 1e-12 for e in eig)
        minors = [sign_set(sp.together((-1) ** k * H[:k, :k].det()), self.facts) for k in range(1, H.shape[0] + 1)]
        if all(s <= POS for s in minors):
            return True
        return None
