r"""Sequential games solved by backward induction; Stackelberg leader-follower games.

A game is a chain of stages, first mover first — e.g. stage 0 government (policy), stage 1
firms (R&D, quality, attitudes), stage 2 market (Cournot quantities). Every payoff is a sympy
expression in *all* variables. Backward induction solves the last stage for its variables as
functions of the earlier ones (its *strategy*, e.g. a best-response function), substitutes those
into the payoffs of the stage before, and so on up to stage 0; the subgame-perfect *path* is then
read forwards.

Kinds of stage
--------------
* **continuous** — each player maximises its payoff over its own variable in a box
  ``(lo, hi)``. One player: all KKT candidates (bounds, kinks, stationary points) are enumerated
  (:func:`gametheory.core.coordinator.maximize_over_box`). With numeric parameters the strategy is
  exact including corners, e.g. a follower's best response
  :math:`\max\{0, (a - c - bq_L)/(2b)\}` as a ``Piecewise`` whose kink the earlier stage evaluates.
  With symbolic parameters the interior first-order solution is used and its validity —
  interiority and the second-order condition — is carried in ``conditions`` (the textbook
  convention). Several players: the interior Nash solution of the joint first-order conditions,
  with the same conditions.
  When the earlier choices enter only through one variable and the parameters are numbers, every
  KKT regime of the stage game (:class:`gametheory.core.continuous.ContinuousGame`) is kept, as a
  ``Piecewise`` in that variable (e.g. a follower exiting when the leader produces enough).
* **finite** — one player chooses among finitely many values (enter or not, mandate on/off),
  exactly, also with symbolic parameters (a ``Piecewise`` decision); several players choosing
  simultaneously: the unique pure Nash equilibrium of the continuation game (numbers only; an
  error names the equilibria when there are several).

Numeric outcomes are verified: ``max_deviation_gain`` is the largest gain of any player on the
path from a unilateral deviation that the later stages respond to.

Results carry the strategies of every stage, the path, the payoffs on the path, the conditions
(evaluated on the path) and the method.

References
----------
.. [1] Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells mit
   Nachfrageträgheit. Z. ges. Staatswiss. 121, 301-324 (subgame perfection).
.. [2] von Stackelberg, H. (1934). *Marktform und Gleichgewicht*. Springer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import sympy as sp

from gametheory.core._validate import DomainError, as_param
from gametheory.core.conditions import decide
from gametheory.core.coordinator import SymbolicFailure, condition_set, maximize_over_box, winner_regions
from gametheory.core.results import Result
from gametheory.core._validate import to_expr
from gametheory.core.params import rejects_text

def _truth(cond: Any) -> bool | None:
    """A condition decided by the symbols' assumptions (the condition engine's quick effort)."""
    if not isinstance(cond, (bool, sp.logic.boolalg.Boolean)):
        return None
    return decide(cond, effort="quick")


__all__ = ["SequentialGame", "Stage", "StageSolution", "SubgamePerfectOutcome", "backward_induction", "stackelberg"]


@rejects_text(text=('name', 'players'))
@dataclass(frozen=True)
class Stage:
    r"""One stage of a sequential game.

    Parameters
    ----------
    variables : sequence of sympy.Symbol
        One decision variable per player moving at this stage.
    payoffs : sequence of sympy.Expr
        Each player's payoff, an expression in any variables of the game (later stages' variables
        are replaced by their strategies during backward induction).
    bounds : sequence of (lo, hi), optional
        Box of each continuous variable (default ``(0, oo)``).
    choices : sequence of sequences, optional
        Finite sets of values (one set per variable): makes the stage *finite*.
    name : str
    players : sequence of str, optional
    """

    variables: Sequence[sp.Symbol]
    payoffs: Sequence[Any]
    bounds: Sequence[tuple[Any, Any]] | None = None
    choices: Sequence[Sequence[Any]] | None = None
    name: str = ""
    players: Sequence[str] | None = None

    def __post_init__(self) -> None:
        variables = tuple(self.variables) if isinstance(self.variables, (list, tuple)) else (self.variables,)
        payoffs = tuple(self.payoffs) if isinstance(self.payoffs, (list, tuple)) else (self.payoffs,)
        if not variables:
            raise DomainError("a stage needs at least one variable")
        if not all(isinstance(v, sp.Symbol) for v in variables):
            raise DomainError(f"stage variables must be sympy Symbols, got {variables}")
        if len(set(variables)) != len(variables):
            raise DomainError(f"stage variables must be distinct, got {variables}")
        if len(payoffs) != len(variables):
            raise DomainError(f"one payoff per variable: {len(variables)} variables, {len(payoffs)} payoffs")
        payoffs = tuple(_expr(u, f"payoff of {v}") for u, v in zip(payoffs, variables))
        object.__setattr__(self, "variables", variables)
        object.__setattr__(self, "payoffs", payoffs)
        if self.choices is not None:
            raw = tuple(self.choices)
            if len(raw) != len(variables):  # zip below would silently drop or miss choice sets
                raise DomainError("finite stage: give a non-empty set of choices for every variable")
            choices = tuple(tuple(as_param(c, f"choice of {v}") for c in cs) for cs, v in zip(raw, variables))
            if any(len(cs) == 0 for cs in choices):
                raise DomainError("finite stage: give a non-empty set of choices for every variable")
            object.__setattr__(self, "choices", choices)
            object.__setattr__(self, "bounds", tuple((min(cs, key=float), max(cs, key=float)) for cs in choices)
                               if all(all(c.is_number for c in cs) for cs in choices) else None)
        else:
            bounds = self.bounds if self.bounds is not None else [(0, sp.oo)] * len(variables)
            bounds = tuple(bounds)
            if len(bounds) != len(variables):
                raise DomainError("one (lo, hi) pair per variable")
            out = []
            for (lo, hi), v in zip(bounds, variables):
                lo = -sp.oo if lo is None else (lo if lo in (sp.oo, -sp.oo) else as_param(lo, f"lower bound of {v}"))
                hi = sp.oo if hi is None else (hi if hi in (sp.oo, -sp.oo) else as_param(hi, f"upper bound of {v}"))
                if _truth(lo < hi) is False:
                    raise DomainError(f"empty bounds for {v}: ({lo}, {hi})")
                out.append((lo, hi))
            object.__setattr__(self, "bounds", tuple(out))
        if self.players is None:
            object.__setattr__(self, "players", tuple(str(v) for v in variables))
        for u, v in zip(payoffs, variables):
            if v not in u.free_symbols and self.choices is None:
                raise DomainError(f"the payoff of {v} does not depend on {v}")

    @property
    def kind(self) -> str:
        return "finite" if self.choices is not None else "continuous"


def _expr(value: Any, name: str) -> sp.Expr:
    if isinstance(value, str):
        raise DomainError(f"{name} must be a sympy expression, not a string")
    e = to_expr(value)
    if not isinstance(e, sp.Expr):
        raise DomainError(f"{name} must be a sympy expression, got {value!r}")
    if e.has(sp.nan, sp.zoo):
        raise DomainError(f"{name} is undefined (NaN)")
    return e


@rejects_text(text=('name',), choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class StageSolution(Result):
    """A stage's strategy: its variables as functions of earlier stages' variables."""

    name: str
    strategies: Mapping[sp.Symbol, Any]
    conditions: sp.Boolean = sp.true
    method: str = ""


@rejects_text(text=('path',), choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class SubgamePerfectOutcome(Result):
    r"""The subgame-perfect equilibrium found by backward induction.

    Attributes
    ----------
    path : dict
        Every variable's value on the equilibrium path.
    payoffs : dict
        ``{(stage name, player): payoff on the path}``.
    strategies : dict
        Every variable's strategy — a function (expression) of the earlier stages' variables.
    stages : tuple of StageSolution
    conditions : sympy.Boolean
        All stages' conditions evaluated on the path (interiority, second-order conditions).
    max_deviation_gain : float or None
        Verification (numeric games): the largest gain any player on the path could get by a
        unilateral deviation, anticipating the later stages' strategies — each player's
        continuation payoff maximised over its own variable on a dense grid of its box (plus a
        bounded scalar refinement). ``None`` when parameters are symbolic.
    method : str
    """

    path: Mapping[sp.Symbol, Any]
    payoffs: Mapping[tuple[str, str], Any]
    strategies: Mapping[sp.Symbol, Any]
    stages: tuple[StageSolution, ...]
    conditions: sp.Boolean = sp.true
    max_deviation_gain: float | None = None
    method: str = "backward induction"


def _substitute(expr: sp.Expr, later: list[tuple[sp.Symbol, sp.Expr]]) -> sp.Expr:
    """Replace later-stage variables by their strategies (deepest stage first)."""
    for v, s in reversed(later):
        expr = expr.subs(v, s)
    return expr


def _clean(cond: Any) -> Any:
    """Drop factors of known sign from relationals (``(a - c)/(2b) >= 0`` → ``a - c >= 0``)."""
    if isinstance(cond, (sp.And, sp.Or)):
        return type(cond)(*[_clean(c) for c in cond.args])
    if not isinstance(cond, sp.core.relational.Relational) or cond.rel_op in ("==", "!="):
        return cond
    expr = sp.factor(sp.together(cond.lhs - cond.rhs))
    num, den = sp.fraction(expr)
    keep, flip = [], False
    for f in sp.Mul.make_args(num) + sp.Mul.make_args(den):
        if f.is_positive:
            continue
        if f.is_negative:
            flip = not flip
            continue
        keep.append(f)
    op = cond.rel_op
    if flip:
        op = {">": "<", "<": ">", ">=": "<=", "<=": ">="}[op]
    rest = sp.expand(sp.Mul(*keep)) if keep else sp.Integer(1)
    return sp.Rel(rest, 0, op)


def _tidy(e: Any) -> Any:
    e = to_expr(e)
    if e.has(sp.Piecewise):
        return sp.piecewise_fold(e)
    return sp.simplify(e) if e.free_symbols else e


@rejects_text(choices=('corners',))
def backward_induction(stages: Sequence[Stage], *, corners: str = "auto") -> SubgamePerfectOutcome:
    r"""Solve a sequential game by backward induction.

    Parameters
    ----------
    stages : sequence of Stage
        First mover first (stage 0 = government, …, last = market).
    corners : {"auto", "exact", "interior"}
        One-player continuous stages: ``exact`` enumerates corners and kinks (needs the
        strategy's conditions to be decidable or univariate in one earlier variable, as with
        numeric parameters); ``interior`` uses the interior first-order solution with its
        conditions; ``auto`` tries ``exact`` and falls back to ``interior``.

    Raises
    ------
    DomainError
        Malformed stages, a variable chosen twice, no solution, or an interior solution whose
        conditions are provably violated on the path (use numbers and ``corners="exact"``).

    Examples
    --------
    Stackelberg duopoly (:math:`a = 10, b = 1, c = 1`): follower :math:`q_F = (9 - q_L)/2`,
    leader :math:`q_L = 9/2`, follower :math:`9/4`.

    >>> qL, qF = sp.symbols("q_L q_F", nonnegative=True)
    >>> out = backward_induction([Stage([qL], [(9 - qL - qF) * qL]), Stage([qF], [(9 - qL - qF) * qF])])
    >>> out.path[qL], out.path[qF]
    (9/2, 9/4)
    """
    if corners not in ("auto", "exact", "interior"):
        raise DomainError(f"corners must be 'auto', 'exact' or 'interior', got {corners!r}")
    stages = tuple(stages)
    if not stages or not all(isinstance(s, Stage) for s in stages):
        raise DomainError("backward_induction needs a non-empty sequence of Stage objects")
    all_vars = [v for st in stages for v in st.variables]
    if len(set(all_vars)) != len(all_vars):
        raise DomainError("every variable must be chosen in exactly one stage")
    names = [st.name or f"stage {k}" for k, st in enumerate(stages)]
    domains = {}
    for st in stages:
        for k, v in enumerate(st.variables):
            if st.bounds is not None:
                lo, hi = st.bounds[k]
                domains[v] = sp.Interval(lo, hi) if not (to_expr(lo).free_symbols or to_expr(hi).free_symbols) else None
            else:
                domains[v] = None
    later: list[tuple[sp.Symbol, sp.Expr]] = []   # (variable, strategy), in stage order
    solutions: list[StageSolution] = []
    for k in range(len(stages) - 1, -1, -1):
        st = stages[k]
        earlier = [v for s in stages[:k] for v in s.variables]
        payoffs = [_substitute(u, later) for u in st.payoffs]
        if st.kind == "finite":
            strat, cond, method = _solve_finite(st, payoffs, earlier, domains)
        elif len(st.variables) == 1:
            strat, cond, method = _solve_single(st, payoffs[0], earlier, domains, corners)
        else:
            strat, cond, method = _solve_simultaneous(st, payoffs, earlier, domains, corners)
        solutions.append(StageSolution(name=names[k], strategies=dict(strat), conditions=cond, method=method))
        later = [(v, strat[v]) for v in st.variables] + later
    solutions.reverse()
    path: dict[sp.Symbol, Any] = {}
    for v, s in later:
        path[v] = _tidy(to_expr(s).subs(path))
        if to_expr(path[v]).has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            raise DomainError(f"{v} is undefined on the path ({s} at {path}): its stage's solution is singular "
                              "there; write payoffs that stay defined for every earlier choice")
    conds = []
    for sol, name in zip(solutions, names):
        c = sol.conditions
        if c not in (sp.true, True):
            c = c.subs(path)
            t = _truth(c)
            if t is False:
                raise DomainError(f"{name}: the solution's conditions fail on the path ({sol.conditions}); "
                                  "the interior solution does not apply — substitute numbers and use corners='exact'")
            if t is None:
                conds.append(_clean(sp.simplify(c)))
    outcome_payoffs: dict[tuple[str, str], Any] = {}
    for st, name in zip(stages, names):
        assert st.players is not None  # set in Stage.__post_init__
        for player, u in zip(st.players, st.payoffs):
            outcome_payoffs[(name, player)] = _tidy(u.subs(path))
    methods = sorted({s.method for s in solutions})
    gain = _deviation_gain(stages, later, path)
    return SubgamePerfectOutcome(path=path, payoffs=outcome_payoffs, strategies=dict(later), stages=tuple(solutions),
                                 conditions=sp.And(*conds) if conds else sp.true, max_deviation_gain=gain,
                                 method="backward induction (" + ", ".join(methods) + ")")


def _deviation_gain(stages: Sequence[Stage], later: list[tuple[sp.Symbol, sp.Expr]],
                    path: Mapping[sp.Symbol, Any], n_grid: int = 2001) -> float | None:
    """Largest unilateral deviation gain on the path (numeric games only)."""
    import numpy as np

    if any(to_expr(v).free_symbols for v in path.values()):
        return None
    order = [v for v, _ in later]
    best_gain = 0.0
    for st in stages:
        for k, (v, u) in enumerate(zip(st.variables, st.payoffs)):
            idx = order.index(v)
            # later stages respond to the deviation; same-stage and earlier variables stay on the path
            fixed = {w: path[w] for w in order[:idx + 1] if w != v}
            fixed.update({w: path[w] for w in st.variables if w != v})
            cont = u
            for w, strat in reversed(later[idx + 1:]):
                cont = cont.subs(w, strat)
            cont = cont.subs(fixed)
            if cont.free_symbols - {v}:
                return None
            on_path = float(to_expr(u).subs(path))
            if st.choices is not None:
                values = [float(cont.subs(v, c)) for c in st.choices[k]]
                best = max(values)
            else:
                assert st.bounds is not None  # a continuous stage has its box
                lo, hi = st.bounds[k]
                x0 = float(path[v])
                lo_f = float(lo) if lo != -sp.oo else x0 - 10 * max(1.0, abs(x0))
                hi_f = float(hi) if hi != sp.oo else x0 + 10 * max(1.0, abs(x0))
                f = sp.lambdify(v, cont, modules="numpy")
                grid = np.linspace(lo_f, hi_f, n_grid)
                with np.errstate(all="ignore"):
                    vals = np.broadcast_to(np.asarray(f(grid), dtype=float), grid.shape)
                vals = np.where(np.isfinite(vals), vals, -np.inf)
                j = int(np.argmax(vals))
                best = float(vals[j])
                try:
                    from scipy.optimize import minimize_scalar

                    a, b = grid[max(j - 1, 0)], grid[min(j + 1, n_grid - 1)]
                    if b > a:
                        res = minimize_scalar(lambda z: -float(f(z)), bounds=(a, b), method="bounded",
                                              options={"xatol": 1e-12})
                        best = max(best, -float(res.fun))
                except (ValueError, TypeError, OverflowError):  # pragma: no cover - defensive
                    pass
            gain = best - on_path
            best_gain = max(best_gain, gain)
    return 0.0 if best_gain <= 1e-9 * max(1.0, abs(best_gain)) else best_gain


def _solve_finite(st: Stage, payoffs: list[sp.Expr], earlier: list[sp.Symbol], domains) -> tuple[dict, sp.Boolean, str]:
    if len(st.variables) != 1:
        return _solve_finite_simultaneous(st, payoffs)
    assert st.choices is not None  # a finite stage
    (v,), (u,), (choices,) = st.variables, payoffs, st.choices
    values = [_tidy(u.subs(v, c)) for c in choices]
    if any(to_expr(val).has(sp.nan, sp.zoo) for val in values):
        raise DomainError(f"{st.name or v}: the continuation payoff is undefined at some choice of {v} "
                          "(a later stage's solution is singular there; write payoffs that stay defined)")
    if all(not val.free_symbols for val in values):
        best = max(range(len(values)), key=lambda j: (float(values[j]), -j))
        return {v: choices[best]}, sp.true, "finite choice"
    target, domain = _univariate_target(values, earlier, domains)
    pieces = []
    sets = None
    if target is not None:
        try:
            sets = winner_regions(values, [sp.true] * len(values), target, domain)
        except SymbolicFailure:
            sets = None
    if sets is not None:
        for c, region in zip(choices, sets):
            if region != sp.EmptySet:
                pieces.append((c, sp.true if region == domain else region.as_relational(target)))
    else:
        for j, (c, val) in enumerate(zip(choices, values)):
            cond = sp.And(*[val >= w if i > j else val > w for i, w in enumerate(values) if i != j])
            if cond != sp.false:
                pieces.append((c, cond))
    if not pieces:
        raise DomainError(f"{st.name}: no choice is optimal anywhere")
    strategy = sp.Piecewise(*pieces[:-1], (pieces[-1][0], True)) if len(pieces) > 1 else pieces[0][0]
    return {v: strategy}, sp.true, "finite choice (piecewise)"


def _solve_finite_simultaneous(st: Stage, payoffs: list[sp.Expr]) -> tuple[dict, sp.Boolean, str]:
    """Pure Nash equilibria of a simultaneous finite stage (numeric continuation payoffs only)."""
    import itertools

    vs = list(st.variables)
    assert st.choices is not None  # a finite stage
    profiles = list(itertools.product(*st.choices))
    table = {}
    for prof in profiles:
        sub = dict(zip(vs, prof))
        vals = [_tidy(u.subs(sub)) for u in payoffs]
        if any(to_expr(v).has(sp.nan, sp.zoo, sp.oo, -sp.oo) for v in vals):
            raise DomainError(f"{st.name or vs}: the continuation payoffs are undefined at {sub} "
                              "(a later stage's solution is singular there; write payoffs that stay defined)")
        if any(to_expr(v).free_symbols for v in vals):
            raise DomainError(f"{st.name or vs}: a simultaneous finite stage needs numeric continuation payoffs "
                              "(substitute numbers, or solve it as a NormalFormGame)")
        table[prof] = vals
    equilibria = []
    for prof in profiles:
        ok = True
        for i in range(len(vs)):
            for alt in st.choices[i]:
                dev = list(prof)
                dev[i] = alt
                if table[tuple(dev)][i] > table[prof][i]:
                    ok = False
                    break
            if not ok:
                break
        if ok:
            equilibria.append(prof)
    if len(equilibria) != 1:
        raise DomainError(f"{st.name or vs}: the finite stage has {len(equilibria)} pure Nash equilibria "
                          f"{equilibria}; backward induction needs a unique one (select it and fix the choices)")
    return dict(zip(vs, equilibria[0])), sp.true, "finite choice (pure Nash)"


def _univariate_target(exprs: list[sp.Expr], earlier: list[sp.Symbol], domains) -> tuple[sp.Symbol | None, Any]:
    free = set().union(*(to_expr(e).free_symbols for e in exprs))
    if len(free) == 1:
        (t,) = free
        dom = domains.get(t) if t in earlier else None
        return t, dom if dom is not None else sp.Reals
    return None, None


def _solve_single(st: Stage, u: sp.Expr, earlier: list[sp.Symbol], domains, corners: str) -> tuple[dict, sp.Boolean, str]:
    (x,) = st.variables
    assert st.bounds is not None  # a continuous stage has its box
    lo, hi = st.bounds[0]
    if corners in ("auto", "exact"):
        try:
            return _solve_single_exact(x, lo, hi, u, earlier, domains)
        except SymbolicFailure as exc:
            if corners == "exact":
                raise DomainError(f"{st.name or x}: corners='exact' failed: {exc}") from None
    return _solve_single_interior(x, lo, hi, u)


def _solve_single_exact(x, lo, hi, u, earlier, domains) -> tuple[dict, sp.Boolean, str]:
    raw = maximize_over_box(u, [(x, lo, hi)])
    cands = [(c.point[x], c.value, c.location, c.feasible) for c in raw if c.feasible != sp.false]
    if not cands:
        raise SymbolicFailure("no feasible candidate")
    decided = all(not to_expr(p).free_symbols and not to_expr(w).free_symbols and f == sp.true
                  for p, w, _, f in cands)
    if decided:
        j = max(range(len(cands)), key=lambda i: (float(cands[i][1]), -i))
        best = float(cands[j][1])
        for end in (lo, hi):
            if end in (sp.oo, -sp.oo):
                try:
                    lim = sp.limit(sp.piecewise_fold(u), x, end)
                except (NotImplementedError, ValueError, TypeError):  # pragma: no cover
                    continue
                if lim == sp.oo or (lim.is_number and lim.is_finite and float(lim) > best + 1e-12 * max(1.0, abs(best))):
                    raise DomainError(f"the payoff of {x} is unbounded above or its supremum lies at {x} -> {end}")
        return {x: cands[j][0]}, sp.true, "exact (KKT enumeration)"
    exprs = [p for p, *_ in cands] + [w for _, w, _, _ in cands]
    target, domain = _univariate_target(exprs, earlier, domains)
    if target is None or target not in earlier:
        raise SymbolicFailure("strategy depends on symbolic parameters")
    sets = winner_regions([w for _, w, _, _ in cands], [f for *_, f in cands], target, domain)
    pieces = []
    for (p, *_), region in zip(cands, sets):
        if region == sp.EmptySet:
            continue
        cond = sp.true if region == domain else region.as_relational(target)
        pieces.append((p, cond))
    if not pieces:
        raise SymbolicFailure("no candidate optimal anywhere")
    strategy = sp.Piecewise(*pieces[:-1], (pieces[-1][0], True)) if len(pieces) > 1 else pieces[0][0]
    return {x: strategy}, sp.true, "exact (KKT enumeration, piecewise)"


def _solve_single_interior(x, lo, hi, u) -> tuple[dict, sp.Boolean, str]:
    u = sp.piecewise_fold(u.rewrite(sp.Piecewise))
    if u.has(sp.Piecewise):
        raise DomainError(f"{x}: the payoff is piecewise with symbolic kinks; substitute numbers")
    foc = sp.numer(sp.together(sp.diff(u, x)))
    sols = [s for s in sp.solve(foc, x) if s.is_real is not False]
    if not sols:
        raise DomainError(f"{x}: no interior stationary point; substitute numbers for an exact corner solution")
    d2 = sp.diff(u, x, 2)
    viable = []
    for s in sols:
        soc = sp.simplify(d2.subs(x, s))
        t = _truth(soc < 0)
        if t is False and _truth(soc <= 0) is not True:
            continue
        viable.append((s, soc))
    if len(viable) != 1:
        raise DomainError(f"{x}: {len(viable)} interior candidates satisfy the second-order condition; "
                          "substitute numbers for an exact solution")
    s, soc = viable[0]
    s = sp.simplify(s)
    conds = [soc <= 0]
    if lo != -sp.oo:
        conds.append(s >= lo)
    if hi != sp.oo:
        conds.append(s <= hi)
    cond = sp.And(*[c for c in conds if _truth(c) is not True])
    if cond == sp.false:
        raise DomainError(f"{x}: the interior solution {s} violates the bounds or the second-order condition")
    return {x: s}, cond, "interior FOC"


def _solve_simultaneous(st: Stage, payoffs: list[sp.Expr], earlier: list[sp.Symbol], domains,
                        corners: str) -> tuple[dict, sp.Boolean, str]:
    if corners in ("auto", "exact"):
        try:
            return _solve_simultaneous_exact(st, payoffs, earlier, domains)
        except (SymbolicFailure, DomainError, ValueError) as exc:
            if corners == "exact":
                raise DomainError(f"{st.name or st.variables}: corners='exact' failed: {exc}") from None
    return _solve_simultaneous_interior(st, payoffs)


def _solve_simultaneous_exact(st: Stage, payoffs: list[sp.Expr], earlier: list[sp.Symbol], domains
                              ) -> tuple[dict, sp.Boolean, str]:
    """All KKT regimes of the stage game (core.continuous), as Piecewise in one earlier variable."""
    from gametheory.core.continuous import ContinuousGame

    vs = list(st.variables)
    assert st.bounds is not None  # a continuous stage has its box
    bounds = [(None if lo == -sp.oo else lo, None if hi == sp.oo else hi) for lo, hi in st.bounds]
    eqs = ContinuousGame(payoffs, vs, bounds=bounds).equilibria(verify=False)
    if not eqs:
        raise SymbolicFailure("no KKT point")
    free = set()
    for e in eqs:
        free |= set().union(*(to_expr(e.strategies[v]).free_symbols for v in vs))
        free |= e.conditions.free_symbols if isinstance(e.conditions, sp.Basic) else set()
    if not free:
        for e in eqs:
            if _truth(e.conditions) is True:
                return {v: e.strategies[v] for v in vs}, sp.true, "exact (KKT enumeration, simultaneous)"
        raise SymbolicFailure("no KKT candidate holds")
    if len(free) != 1 or next(iter(free)) not in earlier or domains.get(next(iter(free))) is None:
        raise SymbolicFailure("regimes depend on parameters")
    (t,) = free
    domain = domains[t]
    pieces = []
    covered = sp.EmptySet
    for e in eqs:
        region = condition_set(e.conditions, t, domain) - covered
        if region == sp.EmptySet:
            continue
        covered = covered | region
        pieces.append((e, region))
    if covered != domain:
        raise SymbolicFailure(f"the KKT regimes do not cover {domain} (missing {domain - covered})")
    strategies = {}
    for v in vs:
        args = [(to_expr(e.strategies[v]), region.as_relational(t)) for e, region in pieces]
        strategies[v] = sp.Piecewise(*args[:-1], (args[-1][0], True)) if len(args) > 1 else args[0][0]
    return strategies, sp.true, "exact (KKT enumeration, simultaneous, piecewise)"


def _solve_simultaneous_interior(st: Stage, payoffs: list[sp.Expr]) -> tuple[dict, sp.Boolean, str]:
    vs = list(st.variables)
    focs = [sp.numer(sp.together(sp.diff(u, v))) for u, v in zip(payoffs, vs)]
    sols = sp.solve(focs, vs, dict=True)
    sols = [s for s in sols if all(v in s for v in vs) and all(s[v].is_real is not False for v in vs)]
    if not sols:
        raise DomainError(f"{st.name or vs}: the first-order conditions have no solution")
    conds_all = []
    assert st.bounds is not None  # a continuous stage has its box
    for sol in sols:
        conds = []
        for (lo, hi), u, v in zip(st.bounds, payoffs, vs):
            val = sp.simplify(sol[v])
            conds.append(sp.simplify(sp.diff(u, v, 2).subs(sol)) <= 0)
            if lo != -sp.oo:
                conds.append(val >= lo)
            if hi != sp.oo:
                conds.append(val <= hi)
        cond = sp.And(*[c for c in conds if _truth(c) is not True])
        if cond != sp.false:
            conds_all.append((sol, cond))
    if len(conds_all) != 1:
        raise DomainError(f"{st.name or vs}: {len(conds_all)} interior solutions; the stage needs a unique equilibrium")
    sol, cond = conds_all[0]
    return {v: sp.simplify(sol[v]) for v in vs}, cond, "interior FOC (simultaneous)"


@rejects_text(choices=('corners',))
class SequentialGame:
    r"""A sequential game: a chain of :class:`Stage` objects, first mover first.

    ``SequentialGame(stages).solve()`` is :func:`backward_induction` (see there). Stages may
    also be given as ``(variables, payoffs)`` or ``(variables, payoffs, bounds)`` tuples.

    Examples
    --------
    A three-stage game — government subsidy :math:`s`, firm investment :math:`x` (cost
    :math:`x^2`), monopoly output :math:`q` (:math:`P = 3 + x - q`): by hand :math:`q = (3 + x +
    s)/2`, :math:`x = (3 + s)/3`, and at :math:`\lambda = 0` :math:`W = 5(3+s)^2/9 - 2s(3+s)/3` is
    maximal at :math:`s = 6` (the first best :math:`x = 3, q = 6`).

    >>> s, x, q = sp.symbols("s x q")
    >>> profit = (3 + x + s - q) * q - x**2
    >>> game = SequentialGame([([s], [q**2 / 2 + profit - s * q], [(None, None)]),
    ...                        ([x], [profit], [(None, None)]),
    ...                        ([q], [profit], [(None, None)])])
    >>> out = game.solve()
    >>> out.path[s], out.path[x], out.path[q]
    (6, 3, 6)
    """

    def __init__(self, stages: Sequence[Any]) -> None:
        built = []
        for k, st in enumerate(stages):
            if isinstance(st, Stage):
                built.append(st)
            elif isinstance(st, (list, tuple)) and len(st) in (2, 3):
                built.append(Stage(st[0], st[1], st[2] if len(st) == 3 else None, name=f"stage {k}"))
            else:
                raise DomainError(f"stage {k}: give a Stage or (variables, payoffs[, bounds]), got {st!r}")
        if not built:
            raise DomainError("a SequentialGame needs at least one stage")
        self.stages = tuple(built)

    def __repr__(self) -> str:
        return "SequentialGame(" + ", ".join(f"{st.name or k}: {list(st.variables)}" for k, st in enumerate(self.stages)) + ")"

    def solve(self, *, corners: str = "auto") -> SubgamePerfectOutcome:
        """The subgame-perfect equilibrium (:func:`backward_induction`)."""
        return backward_induction(self.stages, corners=corners)


@rejects_text(choices=('corners',))
def stackelberg(
    leader_payoff: Any,
    leader_var: sp.Symbol,
    follower_payoffs: Any,
    follower_vars: Any,
    bounds: Mapping[sp.Symbol, tuple[Any, Any]] | None = None,
    *,
    corners: str = "auto",
) -> SubgamePerfectOutcome:
    r"""Stackelberg leader-follower game: the two-stage special case of :func:`backward_induction`.

    Parameters
    ----------
    leader_payoff : sympy.Expr
    leader_var : sympy.Symbol
    follower_payoffs : sympy.Expr or sequence
        One payoff per follower (followers move simultaneously after the leader).
    follower_vars : sympy.Symbol or sequence
    bounds : mapping symbol -> (lo, hi), optional
        Default ``(0, oo)`` for every variable.

    Examples
    --------
    Linear Stackelberg duopoly :math:`P = a - b(q_L + q_F)`, common cost :math:`c`: by hand
    :math:`q_F = (a - c - bq_L)/(2b)`, :math:`q_L = (a - c)/(2b)`, :math:`q_F = (a - c)/(4b)`.

    >>> a, b, c = sp.symbols("a b c", positive=True)
    >>> qL, qF = sp.symbols("q_L q_F")
    >>> P = a - b * (qL + qF)
    >>> out = stackelberg((P - c) * qL, qL, (P - c) * qF, qF)
    >>> out.path[qL], out.path[qF]
    ((a - c)/(2*b), (a - c)/(4*b))
    >>> out.conditions
    a - c >= 0
    """
    fvars = tuple(follower_vars) if isinstance(follower_vars, (list, tuple)) else (follower_vars,)
    fpay = tuple(follower_payoffs) if isinstance(follower_payoffs, (list, tuple)) else (follower_payoffs,)
    bounds = dict(bounds or {})
    lb = [bounds.get(leader_var, (0, sp.oo))]
    fb = [bounds.get(v, (0, sp.oo)) for v in fvars]
    return backward_induction(
        [Stage([leader_var], [leader_payoff], bounds=lb, name="leader", players=("leader",)),
         Stage(fvars, fpay, bounds=fb, name="followers",
               players=tuple(f"follower {i + 1}" for i in range(len(fvars))) if len(fvars) > 1 else ("follower",))],
        corners=corners,
    )
