r"""Continuous-strategy games: first-order conditions with KKT corners, numeric fallback.

Player :math:`i` chooses :math:`x_i` (one variable or several) in a box
:math:`\ell \le x_i \le h` and receives :math:`u_i(x)`, a sympy expression in the strategies and
in parameters. A Nash equilibrium in pure strategies solves, for every player,

.. math:: \max_{\ell \le x_i \le h} u_i(x_i, x_{-i}).

With :math:`u_i` concave in :math:`x_i`, the KKT conditions are necessary and sufficient:
:math:`\partial u_i/\partial x_{ik} = 0` for interior components, :math:`\le 0` at a binding
lower bound, :math:`\ge 0` at a binding upper bound. The solver enumerates which bounds bind
(every variable interior / at its lower / at its upper bound), solves the first-order conditions
of the interior variables exactly, and keeps each candidate with the parameter conditions under
which it is the equilibrium (see :mod:`._kkt`). When sympy cannot solve (transcendental
conditions, time limit) and the game is numeric, it falls back to scipy and returns the same
result type with ``method="numeric"``.

Default bounds are :math:`[0, \infty)` — quantities, efforts, contributions, R&D are non-negative;
pass ``(None, None)`` for an unbounded strategy.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import numpy as np
import sympy as sp

from .._validate import DomainError
from ._common import (NonConcavePayoffError, SymbolicSolveError, as_expr, as_symbols, bound_arrays,
                      parse_bounds, parse_parameters)
from ._conditions import Facts, admissible_draws, decide_by_signs, simplify_conditions
from ._kkt import INTERIOR, KKTPoint, KKTProblem, Unsolvable, _time_limit, tidy
from ._numeric import Lambdified
from ._results import ContinuousEquilibrium, SecondOrderCheck, EquilibriumStability
from gametheory.core.params import rejects_text, to_expr

__all__ = ["ContinuousGame"]


@rejects_text(text=('players', 'player'), choices=('method',))  # a player by index or label
class ContinuousGame:
    r"""An n-player game with continuous (boxed) strategies and sympy payoffs.

    Parameters
    ----------
    payoffs : sequence of sympy.Expr
        :math:`u_i`, one per player.
    strategies : sequence
        The variables each player controls: a :class:`sympy.Symbol` or a tuple of Symbols.
    bounds : optional
        Box constraints, ``None`` for unbounded on a side. Accepted forms: one ``(lo, hi)`` pair
        for every variable; a sequence with one entry per player (a pair, or one pair per
        variable of a multi-variable player, or ``None`` for the default); a mapping
        ``{symbol: (lo, hi)}``. Bounds may be numbers or sympy expressions in the parameters
        (not in strategies). **Default** ``(0, None)``: every strategy is non-negative.
    parameters : mapping symbol -> value, optional
        Values substituted into payoffs and bounds (a numeric game when no symbol is left).
    players : sequence of str, optional
        Labels (default ``"player 1"``, ...).
    assumptions : sympy.Boolean, optional
        Facts about parameters beyond the symbols' own assumptions (e.g. ``a > c``), used to
        decide conditions.
    constraints : sequence of sympy relations, optional
        *Shared* constraints coupling players (``q1 + q2 <= K``, ``Eq(...)``). The game is then
        solved for its variational (Rosen-normalized) equilibria, one multiplier per constraint
        (:mod:`.shared`); exact path only.

    Raises
    ------
    DomainError
        Strings instead of expressions, mismatched lengths, a repeated or non-Symbol strategy, a
        payoff that does not depend on its owner's strategy, empty strategy intervals.

    Notes
    -----
    The solver is exact (rational arithmetic, sympy ``linsolve``/``solve``) whenever the
    first-order conditions can be solved symbolically, and then reports the regime conditions.
    ``equilibria()`` lists every KKT candidate with its conditions (a result may hold piecewise);
    ``equilibrium()`` returns the one whose conditions hold, or — undecided — the first candidate
    in the order all-interior first, with its conditions attached.

    References
    ----------
    .. [1] Rosen, J. B. (1965). Existence and uniqueness of equilibrium points for concave
       n-person games. Econometrica 33(3), 520-534.
    .. [2] Henriques, I. (1990). Cooperative and noncooperative R&D in duopoly with spillovers:
       comment. AER 80(3), 638-640.

    Examples
    --------
    Cournot duopoly, :math:`P = a - b(q_1 + q_2)`: by hand
    :math:`q_i = (a - 2c_i + c_j)/(3b)`, valid while both are positive.

    >>> a, b, c1, c2 = sp.symbols("a b c1 c2", positive=True)
    >>> q1, q2 = sp.symbols("q1 q2")
    >>> P = a - b * (q1 + q2)
    >>> g = ContinuousGame([(P - c1) * q1, (P - c2) * q2], [q1, q2])
    >>> eq = g.equilibrium()
    >>> eq.strategies[q1], eq.method
    ((a - 2*c1 + c2)/(3*b), 'closed form (FOC)')
    >>> eq.conditions
    (a - 2*c1 + c2 > 0) & (a + c1 - 2*c2 > 0)

    With numbers, firm 2 (cost 7 ≥ (10 + 1)/2) stays out: :math:`q_1 = (10 - 1)/2`.

    >>> eq = g.subs({a: 10, b: 1, c1: 1, c2: 7}).equilibrium()
    >>> eq.profile, dict(eq.active_bounds)
    ((9/2, 0), {q1: 'interior', q2: 'lower'})
    """

    def __init__(self, payoffs: Sequence[Any], strategies: Sequence[Any], bounds: Any = None,
                 parameters: Mapping | None = None, players: Sequence[str] | None = None,
                 assumptions: Any = None, constraints: Sequence[Any] | None = None) -> None:
        try:
            self._build(payoffs, strategies, bounds, parameters, players, assumptions, constraints)
        except DomainError:
            raise
        except (TypeError, ValueError, AttributeError, IndexError, KeyError) as exc:
            # input of the wrong kind that slipped past the checks below: a clear error, never a leak
            raise DomainError(f"ContinuousGame: invalid input ({type(exc).__name__}: {exc})") from exc

    def _build(self, payoffs: Any, strategies: Any, bounds: Any, parameters: Any, players: Any,
               assumptions: Any, constraints: Any) -> None:
        if isinstance(payoffs, (str, bytes, sp.Basic)) or not isinstance(payoffs, Sequence):
            raise DomainError("payoffs must be a sequence with one sympy expression per player")
        if isinstance(strategies, (str, bytes, sp.Basic)) or not isinstance(strategies, Sequence):
            raise DomainError("strategies must be a sequence with one Symbol (or tuple of Symbols) per player")
        if len(payoffs) != len(strategies):
            raise DomainError(f"{len(payoffs)} payoffs but {len(strategies)} strategy entries: one each per player")
        if not payoffs:
            raise DomainError("a game needs at least one player")
        groups, scalar = [], []
        for i, s in enumerate(strategies):
            g, sc = as_symbols(s, f"strategies[{i}]")
            groups.append(g)
            scalar.append(sc)
        variables = [v for g in groups for v in g]
        if len(set(variables)) != len(variables):
            raise DomainError(f"a strategy variable appears twice: {variables}")
        params = parse_parameters(parameters, set(variables))
        us = []
        for i, u in enumerate(payoffs):
            e = as_expr(u, f"payoffs[{i}]").subs(params)
            us.append(e)
        for i, (u, g) in enumerate(zip(us, groups)):
            if not (u.free_symbols & set(g)):
                raise DomainError(f"payoff of player {i + 1} does not depend on its own strategy {g}: every "
                                  "strategy would be a best response")
        self.payoffs: tuple[sp.Expr, ...] = tuple(us)
        self.strategies: tuple[tuple[sp.Symbol, ...], ...] = tuple(groups)
        self._scalar = tuple(scalar)
        raw = parse_bounds(bounds, groups, scalar)
        self.bounds = {v: tuple(None if b is None else b.subs(params) for b in pair) for v, pair in raw.items()}
        if players is None:
            players = [f"player {i + 1}" for i in range(len(us))]
        if isinstance(players, (str, bytes)) or not isinstance(players, (list, tuple)) or len(players) != len(us):
            raise DomainError(f"players must be a sequence of {len(us)} labels, got {players!r}")
        self.players = tuple(str(p) for p in players)
        if isinstance(assumptions, (str, bytes)):  # never sympify (eval) a string
            raise DomainError("assumptions must be a sympy boolean (e.g. a > c), not a string")
        self.assumptions = sp.true if assumptions is None else assumptions
        if constraints is not None and isinstance(constraints, sp.Basic):
            constraints = [constraints]
        self.constraints: tuple = tuple(
            c.subs(params) if isinstance(c, sp.Basic) else c for c in (constraints or ()))
        if self.constraints:
            from ._constrained import parse_constraints

            parse_constraints(self.constraints, variables)  # validate early
        self._facts_cache: dict = {}
        syms: set = set()
        for u in us:
            syms |= u.free_symbols
        for lo, hi in self.bounds.values():
            for b in (lo, hi):
                if b is not None:
                    syms |= b.free_symbols
        for con in self.constraints:
            syms |= con.free_symbols
        self.parameters: tuple[sp.Symbol, ...] = tuple(sorted(syms - set(variables), key=sp.default_sort_key))

    # -- basic properties ---------------------------------------------------------------------------
    @property
    def variables(self) -> tuple[sp.Symbol, ...]:
        """All strategy variables, player by player."""
        return tuple(v for g in self.strategies for v in g)

    @property
    def is_numeric(self) -> bool:
        """True when no parameter symbol is left."""
        return not self.parameters

    def __repr__(self) -> str:
        return (f"ContinuousGame(players={list(self.players)}, strategies={[g if len(g) > 1 else g[0] for g in self.strategies]}, "
                f"parameters={list(self.parameters)})")

    def subs(self, mapping: Mapping) -> "ContinuousGame":
        """The game with parameters substituted (e.g. numbers, making it numeric)."""
        params = parse_parameters(mapping, set(self.variables))
        strategies = [g[0] if sc else g for g, sc in zip(self.strategies, self._scalar)]
        bounds = {v: tuple(None if b is None else b.subs(params) for b in pair) for v, pair in self.bounds.items()}
        assumptions = self.assumptions.subs(params) if isinstance(self.assumptions, sp.Basic) else self.assumptions
        if assumptions is sp.false:
            raise DomainError(f"the substitution {mapping} violates the game's assumptions {self.assumptions}")
        return ContinuousGame([u.subs(params) for u in self.payoffs], strategies, bounds=bounds,
                              players=self.players, assumptions=assumptions,
                              constraints=[c.subs(params) for c in self.constraints] or None)

    def _player_index(self, player: Any) -> int:
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool):
            if 0 <= int(player) < len(self.players):
                return int(player)
        elif player in self.players:
            return self.players.index(player)
        raise DomainError(f"unknown player {player!r}; players are 0..{len(self.players) - 1} or {self.players}")

    def _facts(self, assumptions: Any) -> Facts:
        if isinstance(assumptions, (str, bytes)):
            raise DomainError("assumptions must be a sympy boolean (e.g. a > c), not a string")
        key = sp.srepr(assumptions) if assumptions is not None else None
        if key not in self._facts_cache:
            extra = sp.true if assumptions is None else assumptions
            self._facts_cache[key] = Facts(sp.And(self.assumptions, extra))
        return self._facts_cache[key]

    def _problem(self, facts: Facts, timeout: float | None) -> KKTProblem:
        # transcendental first-order conditions: give sympy a short try (numeric games fall back to scipy)
        short = 1.0 if self.is_numeric else 3.0
        return KKTProblem(self.payoffs, self.strategies, self.bounds, facts, timeout,
                          nonpolynomial_timeout=short if timeout is None else min(short, timeout))

    @functools.cached_property
    def _lambdified(self) -> Lambdified:
        return Lambdified(self.payoffs, self.strategies, self.parameters)

    # -- concavity ------------------------------------------------------------------------------------
    def concavity(self) -> tuple[bool | None, ...]:
        """Per player: is the payoff concave in own strategy on the whole box (None: undecided)?

        >>> x, y = sp.symbols("x y")
        >>> ContinuousGame([x * y - x**2, x * y + y**2], [x, y]).concavity()
        (True, False)
        """
        prob = self._problem(self._facts(None), None)
        return tuple(prob.globally_concave(i) for i in range(len(self.players)))

    # -- candidates and selection ---------------------------------------------------------------------
    def equilibria(self, assumptions: Any = None, timeout: float | None = 20.0,
                   verify: bool = True) -> list[ContinuousEquilibrium]:
        """All KKT candidates (pure equilibria when payoffs are concave), each with its conditions.

        Candidates whose conditions are provably false are dropped; the rest partition (or cover)
        the parameter space. Raises :class:`SymbolicSolveError` when sympy cannot solve (use
        numbers and ``equilibrium(method="numeric")``).
        """
        facts = self._facts(assumptions)
        if self.constraints:
            from .shared import shared_equilibria

            return shared_equilibria(self, facts, timeout, verify)
        prob = self._problem(facts, timeout)
        try:
            cands = prob.candidates()
        except Unsolvable as exc:
            raise SymbolicSolveError(f"{exc}. Substitute numbers for the parameters "
                                     f"{list(self.parameters)} (parameters= or .subs()) and use method='numeric'.") from None
        return [self._to_result(c, prob, facts, verify=verify) for c in cands]

    def equilibrium(self, method: str = "auto", assumptions: Any = None, *, x0: Any = None,
                    timeout: float | None = 20.0, verify: bool = True) -> ContinuousEquilibrium:
        """A pure Nash equilibrium, with its conditions and verification.

        Parameters
        ----------
        method : {"auto", "kkt", "numeric"}
            ``"kkt"``: exact KKT enumeration (symbolic parameters allowed); ``"numeric"``: scipy
            (numeric games only); ``"auto"``: exact when sympy can solve, numeric otherwise.
        assumptions : sympy.Boolean, optional
            Extra facts about parameters used to decide the regime.
        x0 : sequence of float, optional
            Starting point for the numeric path.
        timeout : float or None
            Seconds allowed for the symbolic enumeration (main thread only).
        verify : bool
            Compute ``max_deviation_gain`` (numeric best responses).

        Raises
        ------
        NonConcavePayoffError
            No KKT point is a best response because a payoff is convex (not concave) in own
            strategy where an interior optimum would be needed.
        DomainError
            No equilibrium candidate survives (e.g. unbounded best responses).
        """
        if method not in ("auto", "kkt", "symbolic", "numeric"):
            raise DomainError(f"method must be 'auto', 'kkt' or 'numeric', got {method!r}")
        if self.constraints:
            if method == "numeric":
                raise DomainError("games with shared constraints are solved exactly only (method='kkt')")
            return self._select_shared(self.equilibria(assumptions, timeout, verify), assumptions)
        if method == "numeric":
            return self._numeric_equilibrium(x0=x0)
        facts = self._facts(assumptions)
        prob = self._problem(facts, timeout)
        try:
            cands = self._enumerate(prob)
        except Unsolvable as exc:
            if method == "auto" and self.is_numeric:
                return self._numeric_equilibrium(x0=x0, note=str(exc))
            raise SymbolicSolveError(f"{exc}. Substitute numbers for the parameters {list(self.parameters)} "
                                     "(parameters= or .subs()) to use the numeric path.") from None
        return self._select(cands, prob, facts, verify=verify, method=method, x0=x0)

    def _enumerate(self, prob: KKTProblem) -> list[KKTPoint]:
        n_combos = math.prod(len(prob.statuses(v)) for v in prob.variables)
        if n_combos > 16 and self.is_numeric:
            # active-set shortcut: locate the equilibrium numerically, re-solve exactly on its corner pattern
            num = self._numeric_equilibrium()
            if num.success:
                cands = prob.candidates(only=[dict(num.active_bounds)])
                if cands:
                    prob.complete = False
                    prob.notes.append(f"active set found numerically, then solved exactly (not all {n_combos} "
                                      "corner patterns enumerated)")
                    return cands
        if n_combos > 4096:
            raise Unsolvable(f"{n_combos} KKT corner combinations are too many to enumerate symbolically")
        return prob.candidates()

    def _select(self, cands: list[KKTPoint], prob: KKTProblem, facts: Facts, *, verify: bool, method: str,
                x0: Any) -> ContinuousEquilibrium:
        decided = [(c, decide_by_signs(c.conditions, facts)) for c in cands]
        valid = [c for c, d in decided if d is True]
        open_ = [c for c, d in decided if d is None]
        if not valid and not open_:
            if prob.soc_failures:
                i, H = prob.soc_failures[0]
                raise NonConcavePayoffError(
                    f"the payoff of {self.players[i]} is not concave in its own strategy {self.strategies[i]} "
                    f"(own Hessian {sp.sstr(H.tolist() if H.shape != (1, 1) else H[0, 0])} is not negative "
                    "definite where the first-order condition holds): an interior solution is a minimum or "
                    "saddle, not a best response, and no corner is a KKT point. Bound the strategy or "
                    "reformulate the payoff.")
            if self.is_numeric and method == "auto" and not prob.complete:
                return self._numeric_equilibrium(x0=x0, note="no exact KKT point found")
            raise DomainError("no pure-strategy equilibrium candidate satisfies the KKT conditions"
                              + (f" ({'; '.join(prob.notes)})" if prob.notes else "")
                              + " — best responses may be unbounded or the game may have no pure equilibrium")
        pool = valid or open_
        chosen = self._to_result(pool[0], prob, facts, verify=verify, n_valid=len(valid))
        k = 1
        while verify and self._fails(chosen) and k < len(pool):
            # a KKT point that is not a best response (non-concave payoff): try the next candidate
            chosen = self._to_result(pool[k], prob, facts, verify=verify, n_valid=len(valid))
            k += 1
        if verify and self._fails(chosen):
            bad = [s.player for s in chosen.second_order if s.globally_concave is not True]
            msg = (f"the KKT point {dict(chosen.strategies)} is not an equilibrium: a unilateral deviation gains "
                   f"{chosen.max_deviation_gain:.3g}")
            if any(s.globally_concave is False for s in chosen.second_order):
                raise NonConcavePayoffError(
                    msg + f"; the payoff of {', '.join(bad)} is not concave in own strategy, so first-order "
                    "(KKT) conditions do not identify best responses — bound the strategies or reformulate")
            return dataclasses.replace(chosen, success=False, message=(chosen.message + "; " if chosen.message else "")
                                       + msg + f" (payoffs of {', '.join(bad)} not proven concave)")
        return chosen

    def _select_shared(self, eqs: list[ContinuousEquilibrium], assumptions: Any) -> ContinuousEquilibrium:
        facts = self._facts(assumptions)
        decided = [(e, decide_by_signs(e.conditions, facts)) for e in eqs]
        valid = [e for e, d in decided if d is True]
        pool = valid or [e for e, d in decided if d is None]
        if not pool:
            raise DomainError("no variational equilibrium satisfies the KKT conditions (empty feasible set or "
                              "unbounded best responses)")
        good = [e for e in pool if not self._fails(e)]
        chosen = (good or pool)[0]
        if len(valid) > 1 and chosen.unique is not True:
            chosen = dataclasses.replace(chosen, unique=False)
        if not good:
            chosen = dataclasses.replace(chosen, success=False, message=chosen.message + "; a constrained unilateral "
                                         f"deviation gains {chosen.max_deviation_gain:.3g}")
        return chosen

    @staticmethod
    def _fails(eq: ContinuousEquilibrium) -> bool:
        if eq.max_deviation_gain is None:
            return False
        scale = 1.0
        for p in eq.payoffs:
            try:
                scale = max(scale, abs(float(p)))
            except TypeError:
                pass
        return eq.max_deviation_gain > 1e-6 * scale

    # -- building results -------------------------------------------------------------------------------
    def _profile(self, values: Mapping) -> tuple:
        out = []
        for g, sc in zip(self.strategies, self._scalar):
            out.append(values[g[0]] if sc else tuple(values[v] for v in g))
        return tuple(out)

    def _to_result(self, cand: KKTPoint, prob: KKTProblem, facts: Facts, *, verify: bool,
                   n_valid: int | None = None) -> ContinuousEquilibrium:
        sol = cand.solution
        payoffs = tuple(tidy(u.subs(sol)) for u in self.payoffs)
        second = []
        for i, (free, H, c) in enumerate(cand.soc):
            nd = decide_by_signs(c, facts) if free else None
            second.append(SecondOrderCheck(player=self.players[i], variables=free, hessian=H, condition=c,
                                           negative_definite=nd, globally_concave=prob.globally_concave(i)))
        all_interior = all(s == INTERIOR for s in cand.status.values())
        stability = self._stability(cand, facts)
        unique = None
        if stability is not None and decide_by_signs(stability.rosen_condition, facts) is True:
            unique = True
        elif n_valid is not None and n_valid > 1:
            unique = False
        elif (n_valid == 1 and self.is_numeric and prob.complete
              and all(s.globally_concave for s in second)):
            unique = True
        gain, how = (None, "not verified")
        if verify:
            gain, how = self._verify(sol, cand.conditions, facts)
        notes = "; ".join(prob.notes)
        return ContinuousEquilibrium(
            strategies=MappingProxyType({v: sol[v] for v in self.variables}),
            profile=self._profile(sol), payoffs=payoffs,
            active_bounds=MappingProxyType(dict(cand.status)),
            multipliers=MappingProxyType({v: cand.multipliers[v] for v in self.variables}),
            conditions=cand.conditions, second_order=tuple(second),
            method="closed form (FOC)" if all_interior else "kkt",
            max_deviation_gain=gain, verification=how, unique=unique, stability=stability,
            success=True, message=notes)

    def _stability(self, cand: KKTPoint, facts: Facts) -> EquilibriumStability | None:
        free = [v for v in self.variables if cand.status[v] == INTERIOR]
        if not free:
            return None
        owner = {v: i for i, g in enumerate(self.strategies) for v in g}
        grad = [sp.diff(self.payoffs[owner[v]], v) for v in self.variables]
        Jfull = sp.Matrix(grad).jacobian(self.variables)
        idx = [self.variables.index(v) for v in free]
        J = Jfull.extract(idx, idx).subs(cand.solution).applyfunc(tidy)
        D = sp.zeros(len(free), len(free))
        for r, v in enumerate(free):
            for c, w in enumerate(free):
                if owner[v] == owner[w]:
                    D[r, c] = J[r, c]
        try:
            B = (-(D.inv()) * (J - D)).applyfunc(tidy)
        except (ValueError, ZeroDivisionError):  # singular own Hessian
            B = None
        rho, stable, cond = None, None, sp.true
        if B is not None:
            if not B.free_symbols:
                rho, stable = _spectral_radius(B)
                cond = sp.true if stable else (sp.false if stable is False else sp.Lt(sp.Float(rho), 1, evaluate=False))
            elif len(free) == 2 and owner[free[0]] != owner[free[1]]:
                prod = tidy(B[0, 1] * B[1, 0])
                cond = simplify_conditions([prod < 1, prod > -1], facts)
                stable = decide_by_signs(cond, facts)
        rosen = None
        if not Jfull.free_symbols & set(self.variables):
            M = (Jfull + Jfull.T) / 2
            if not M.free_symbols:
                rosen = sp.true if np.all(np.linalg.eigvalsh(np.array(M.evalf(), dtype=float)) < 0) else sp.false
            else:
                rosen = simplify_conditions([((-1) ** k * M[:k, :k].det()) > 0 for k in range(1, M.shape[0] + 1)],
                                            facts)
        return EquilibriumStability(jacobian=sp.ImmutableMatrix(J), best_response_jacobian=None if B is None else sp.ImmutableMatrix(B),
                         condition=cond, stable=stable, spectral_radius=rho, rosen_condition=rosen)

    def _verify(self, sol: Mapping, conditions: Any, facts: Facts) -> tuple[float | None, str]:
        """Largest unilateral deviation gain, at the point (numeric) or at random admissible draws."""
        lam = self._lambdified
        if self.is_numeric:
            x = np.array([float(sp.re(sp.N(sol[v], 30))) for v in self.variables])
            lo, hi = bound_arrays(self.variables, self.bounds)
            g = lam.at({}, lo, hi).gains(x)
            return float(np.max(g)), "numeric best responses (bounded scipy optimisation) at the equilibrium"
        cond = sp.And(conditions, facts.boolean)
        draws = admissible_draws(self.parameters, cond, n=3)
        if not draws:
            return None, "no admissible parameter draw found for a numeric check"
        worst = 0.0
        for d in draws:
            x = np.array([float(sp.N(to_expr(sol[v]).subs(d), 30)) for v in self.variables])
            lo, hi = bound_arrays(self.variables, self.bounds, d)
            worst = max(worst, float(np.max(lam.at(d, lo, hi).gains(x))))
        return worst, f"numeric best responses at {len(draws)} random admissible parameter draws"

    # -- numeric path ---------------------------------------------------------------------------------
    def _numeric_equilibrium(self, x0: Any = None, note: str = "") -> ContinuousEquilibrium:
        if not self.is_numeric:
            raise DomainError(f"the numeric path needs numbers for the parameters {list(self.parameters)} "
                              "(parameters= or .subs())")
        lo, hi = bound_arrays(self.variables, self.bounds)
        prob = self._lambdified.at({}, lo, hi)
        start = None if x0 is None else np.asarray(x0, dtype=float).ravel()
        if start is not None and start.shape != (len(self.variables),):
            raise DomainError(f"x0 must have {len(self.variables)} entries, got {start.shape}")
        sol = prob.solve(start)
        x = sol.x
        g = prob.gradient(x)
        tol = 1e-7
        status, mult = {}, {}
        for k, v in enumerate(self.variables):
            span = 1.0 + abs(x[k])
            if np.isfinite(lo[k]) and x[k] - lo[k] <= tol * span and g[k] <= tol:
                status[v], mult[v] = "lower", float(-g[k])
            elif np.isfinite(hi[k]) and hi[k] - x[k] <= tol * span and g[k] >= -tol:
                status[v], mult[v] = "upper", float(g[k])
            else:
                status[v], mult[v] = INTERIOR, 0.0
        values = {v: float(x[k]) for k, v in enumerate(self.variables)}
        second = []
        for i, grp in enumerate(self.strategies):
            H = prob.own_hessian(i, x)
            free_idx = [k for k, v in enumerate(grp) if status[v] == INTERIOR]
            Hf = H[np.ix_(free_idx, free_idx)]
            nd = bool(np.all(np.linalg.eigvalsh((Hf + Hf.T) / 2) < 0)) if free_idx else None
            second.append(SecondOrderCheck(player=self.players[i], variables=tuple(grp[k] for k in free_idx),
                                           hessian=sp.ImmutableMatrix(H.tolist()),
                                           condition=sp.true if nd in (True, None) else sp.false,
                                           negative_definite=nd, globally_concave=None))
        payoffs = tuple(float(prob.payoff(i, x)) for i in range(len(self.players)))
        msg = sol.message + (f" (numeric path: {note})" if note else "")
        pseudo = KKTPoint(status=status, solution={v: sp.Float(val, 17) for v, val in values.items()},
                           multipliers={}, conditions=sp.true, soc=[])
        try:
            stability = self._stability(pseudo, Facts())
        except (TypeError, ValueError, np.linalg.LinAlgError):  # pragma: no cover - non-numeric Jacobian
            stability = None
        unique = True if (stability is not None and stability.rosen_condition is sp.true) else None
        return ContinuousEquilibrium(
            strategies=MappingProxyType(values), profile=self._profile(values), payoffs=payoffs,
            active_bounds=MappingProxyType(status), multipliers=MappingProxyType(mult), conditions=sp.true,
            second_order=tuple(second), method="numeric", max_deviation_gain=float(np.max(sol.gains)),
            verification="numeric best responses (bounded scipy optimisation) at the equilibrium",
            unique=unique, stability=stability, success=sol.success, message=msg,
            residuals=tuple(float(r) for r in sol.residuals))

    def first_order_conditions(self, active_bounds: Mapping | None = None) -> tuple[list[sp.Expr], list[sp.Symbol]]:
        """The FOCs ``du_i/dx = 0`` of the interior variables (corner variables fixed at their bound).

        Returns ``(equations, interior_variables)``, ready for
        :func:`gametheory.core.statics.implicit_statics`. ``active_bounds`` maps variables to
        ``"interior"``/``"lower"``/``"upper"`` (e.g. an equilibrium's ``active_bounds``); default all
        interior.
        """
        status = {v: INTERIOR for v in self.variables}
        status.update(dict(active_bounds or {}))
        fixed = {}
        for v, s in status.items():
            if s not in (INTERIOR, "lower", "upper"):
                raise DomainError(f"status of {v} must be 'interior', 'lower' or 'upper', got {s!r}")
            if s != INTERIOR:
                b = self.bounds[v][0 if s == "lower" else 1]
                if b is None:
                    raise DomainError(f"{v} has no {s} bound")
                fixed[v] = b
        owner = {v: i for i, g in enumerate(self.strategies) for v in g}
        free = [v for v in self.variables if status[v] == INTERIOR]
        return [sp.diff(self.payoffs[owner[v]], v).subs(fixed) for v in free], free

    # -- best responses --------------------------------------------------------------------------------
    def best_response(self, player: Any, others: Mapping | None = None, assumptions: Any = None):
        """Player's best response to the others' strategies (symbols left free stay symbolic).

        Returns an :class:`Optimum` (the KKT maximiser of the player's payoff in its own variables,
        with conditions in the others' strategies and parameters).

        >>> a, b, c = sp.symbols("a b c", positive=True)
        >>> q1, q2 = sp.symbols("q1 q2")
        >>> g = ContinuousGame([(a - b*(q1 + q2) - c)*q1, (a - b*(q1 + q2) - c)*q2], [q1, q2])
        >>> br = g.best_response(0)
        >>> br.variables[q1], br.conditions
        ((a - b*q2 - c)/(2*b), a - b*q2 - c > 0)
        """
        from .optimize import maximize

        i = self._player_index(player)
        others = dict(others or {})
        for k in others:
            if k in self.strategies[i]:
                raise DomainError(f"{k} is {self.players[i]}'s own strategy; 'others' fixes the other players'")
        grp = self.strategies[i]
        u = self.payoffs[i].subs(others)
        extra = sp.true if assumptions is None else assumptions
        return maximize(u, grp if len(grp) > 1 else grp[0], bounds={v: self.bounds[v] for v in grp},
                        assumptions=sp.And(self.assumptions, extra))


def _spectral_radius(B: sp.Matrix) -> tuple[float, bool | None]:
    """Spectral radius of a numeric matrix; exact for small rational matrices, else numeric with a
    1e-10 band around 1 in which stability is reported as undecided (None)."""
    if B.shape[0] == 0:
        return 0.0, True
    if B.shape[0] <= 4 and all(e.is_Rational for e in B):
        try:
            with _time_limit(5.0):
                radii = [sp.Abs(ev) for ev in B.eigenvals()]
                rho_exact = sp.Max(*radii) if radii else sp.Integer(0)
                rel = (rho_exact < 1)
            if rel in (sp.true, sp.false):
                return float(rho_exact), bool(rel)
        except Exception:  # noqa: BLE001 - fall back to floating point
            pass
    ev = np.linalg.eigvals(np.array(B.evalf(), dtype=float))
    rho = float(np.max(np.abs(ev)))
    if abs(rho - 1) <= 1e-10:
        return rho, None
    return rho, rho < 1
