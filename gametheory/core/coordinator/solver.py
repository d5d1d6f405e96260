r"""The :class:`Coordinator`: a welfare-maximising government over the followers' equilibrium responses.

Stage 0 of a bilevel problem: given the followers' response :math:`r(x)` to instruments
:math:`x` (closed forms, ``Piecewise`` at their kinks, or a callable), the coordinator maximises
:math:`W(x) = CS + PS - R - \lambda\,G(x)` over the instrument box. The symbolic path enumerates
every cell and KKT face (:mod:`.box`) and picks the best candidate exactly — as a ``Piecewise``
in :math:`\lambda` when the shadow cost is a symbol; the numeric path runs multi-start L-BFGS-B
on every cell plus all corners. :meth:`Coordinator.sweep` evaluates a grid of :math:`\lambda`
and :meth:`Coordinator.verify_by_grid` checks an optimum by brute force.
"""

from __future__ import annotations

import itertools
import math
from typing import Any, Callable, Mapping, Sequence, TypeGuard, cast

import numpy as np
import sympy as sp

from gametheory.core.params import (
    DomainError,
    Number,
    as_param,
    is_symbolic,
    rejects_text,
    to_expr,
    to_float,
)
from gametheory.core.welfare import WelfareAccount, gap_closed, gap_is_degenerate, welfare_account
from gametheory.core.coordinator._common import _PARTS, SymbolicFailure, _truth
from gametheory.core.coordinator.instruments import Candidate, GridCheck, Instrument, PolicyOutcome, PolicySweep
from gametheory.core.coordinator.box import _argmax, _fold, _kink_points, _numeric_maximize, _plain, _simplify_condition, maximize_over_box, winner_regions


# --------------------------------------------------------------------------------------------
# The coordinator
# --------------------------------------------------------------------------------------------
@rejects_text(choices=('method',))
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
        values = list(welfare_parts.values()) + (list(response.values()) if isinstance(response, Mapping) else [])
        if any(isinstance(v, (str, bytes)) for v in values):  # never sympify (eval) a string
            raise DomainError("response and welfare parts must be sympy expressions or callables, not strings")
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
    def _is_callable(x: Any) -> TypeGuard[Callable[..., Any]]:
        return callable(x) and not isinstance(x, sp.Basic)

    def _is_symbolic_problem(self) -> bool:
        if self._is_callable(self.response) or not isinstance(self.response, Mapping):
            return False
        if any(self._is_callable(p) for p in self.welfare_parts.values()):
            return False
        return not any(self._is_callable(i.budget) for i in self.instruments)

    def _symbolic_parts(self) -> tuple[dict[str, sp.Expr], dict[str, sp.Expr], dict[str, sp.Expr]]:
        exprs = [to_expr(p) for p in self.welfare_parts.values()] + [i.budget for i in self.instruments]
        free = set().union(*(e.free_symbols for e in exprs)) if exprs else set()
        subs: dict[sp.Symbol, sp.Expr] = {}
        resp: dict[str, sp.Expr] = {}
        assert isinstance(self.response, Mapping)  # a symbolic problem (_is_symbolic_problem)
        for key, val in self.response.items():
            val = to_expr(val)
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
        parts = {k: to_expr(v).subs(subs) for k, v in self.welfare_parts.items()}
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
        response = cast(Mapping[Any, Any], self.response)  # not callable: the mapping form
        subs = {i.symbol: policy[i.name] for i in self.instruments}
        out = {}
        for k, v in response.items():
            name = k.name if isinstance(k, sp.Symbol) else k
            out[name] = _plain(to_expr(v).subs(subs))
        return out

    def _eval_part(self, part: Any, policy: dict[str, Any], response: Mapping[str, Any]) -> Any:
        if self._is_callable(part):
            return part(policy, response)
        expr = to_expr(part)
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

        def numeric_fun(pt: dict[sp.Symbol, float]) -> float:
            policy = {i.name: float(pt[i.symbol]) for i in self.instruments}
            resp = self._call_response(policy)
            parts = {k: float(self._eval_part(v, policy, resp)) for k, v in self.welfare_parts.items()}
            outlay = sum(float(self._eval_part(i.budget, policy, resp)) for i in self.instruments)
            return parts["consumer_surplus"] + parts["producer_surplus"] - parts["resource_costs"] - (1 + lam) * outlay

        return numeric_fun

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
            except SymbolicFailure as exc:
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
            raise SymbolicFailure("no candidate found")
        cands = []
        for c in raw:
            cands.append(Candidate(policy=self._policy_names(c.point), welfare=c.value, location=c.location,
                                   feasible=c.feasible, second_order=c.second_order, attained=c.attained,
                                   limit_welfare=None if c.attained else c.limit))
        return cands

    def _solve_symbolic(self, lam: Any) -> PolicyOutcome:
        cands = self._candidates_symbolic(lam)
        nonneg = [lam] if isinstance(lam, sp.Symbol) else []
        decided = all(c.feasible in (sp.true, sp.false) and not to_expr(c.welfare).free_symbols for c in cands)
        notes: list[str] = []
        conditions: sp.Boolean = sp.true
        if decided:
            feasible = [c for c in cands if c.feasible == sp.true]
            best = _argmax(feasible)
            point = {i.symbol: to_expr(best.policy[i.name]) for i in self.instruments}
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
        xs = to_expr(inner[0].policy[name])
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
            free |= to_expr(c.welfare).free_symbols | set().union(*(to_expr(v).free_symbols for v in c.policy.values()))
            free |= c.feasible.free_symbols if isinstance(c.feasible, sp.Basic) else set()
        conds: list[sp.Basic] | None = None
        if len(free) == 1:
            (x,) = free
            domain = sp.Interval(0, sp.oo) if x in nonneg else sp.Reals
            try:
                sets = winner_regions([c.welfare for c in live], [c.feasible for c in live], x, domain)
                conds = [sp.false if st == sp.EmptySet else (sp.true if st == domain else st.as_relational(x))
                         for st in sets]
            except SymbolicFailure:
                conds = None
        if conds is None:
            conds = []
            for c in live:
                parts = [c.feasible]
                for d in live:
                    if d is not c:
                        parts.append(sp.Or(sp.Not(d.feasible), to_expr(c.welfare) >= to_expr(d.welfare)))
                conds.append(_simplify_condition(sp.And(*parts), nonneg))
        pieces: dict[str, list] = {i.name: [] for i in self.instruments}
        regimes = []
        for c, cond in zip(live, conds):
            if cond == sp.false:
                continue
            regimes.append((f"{c.location} {dict(c.policy)}", cond))
            for i in self.instruments:
                pieces[i.name].append((to_expr(c.policy[i.name]), cond))
        if not regimes:
            raise SymbolicFailure("no candidate is optimal anywhere (conditions inconsistent)")
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
            except (SymbolicFailure, DomainError, TypeError):
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
            except (SymbolicFailure, DomainError, TypeError, ValueError):
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
                syms = set().union(*(to_expr(v).free_symbols for v in c.policy.values())) | to_expr(c.welfare).free_symbols
                if syms - allowed:
                    raise SymbolicFailure("parameters are symbolic")
            w = self.welfare_expression(self._lam)
            xs = [i.symbol for i in self.instruments]
            wf = sp.lambdify([*xs, self._lam], w, modules="numpy")
            coord_fns = [[sp.lambdify(self._lam, to_expr(c.policy[i.name]), modules="numpy") for i in self.instruments]
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
            raise SymbolicFailure("no feasible candidate at some shadow costs")
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
        if best_pt is None:  # every grid value was NaN or -inf: nothing to compare with
            raise DomainError(f"the welfare is not finite at any of the {total} grid points")
        excess = best_val - solved
        passed = bool(excess <= tol * max(1.0, abs(solved)))
        return GridCheck(solved_welfare=solved, grid_best_welfare=float(best_val),
                         grid_best_policy={i.name: best_pt[i.symbol] for i in self.instruments},
                         excess=float(excess), passed=passed, n_points=total, tolerance=tol)
