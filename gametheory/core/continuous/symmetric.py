r"""Symmetric equilibria of games with a symbolic number of players (representative player).

When :math:`n` is a symbol, a symmetric equilibrium is found from one representative player:
her first-order condition is taken with her own variable free and the others' set to the common
value *after* differentiating, :math:`\partial u_i/\partial x_i |_{x_j = x\ \forall j} = 0`, which
gives :math:`x^*(n)`; the second-order condition and corner regimes are kept as conditions in
:math:`n` and the parameters, and admissible numeric draws check the result against the
:math:`n`-player game for small :math:`n`.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import numpy as np
import sympy as sp

from .._validate import DomainError
from ._common import NonConcavePayoffError, SymbolicSolveError, as_expr, bound_arrays, parse_bounds
from ._conditions import Facts, admissible_draws, decide_by_signs, reality_conditions, simplify_conditions
from ._kkt import INTERIOR, KKTProblem, _time_limit, tidy
from ._numeric import Lambdified
from ._results import ContinuousEquilibrium, SecondOrderCheck
from gametheory.core.params import rejects_text, to_expr

__all__ = ["symmetric_equilibrium"]


@rejects_text
def symmetric_equilibrium(payoff: Any, own: sp.Symbol, rival: sp.Symbol, bounds: Any = (0, None),
                          assumptions: Any = None, verify: bool = True) -> ContinuousEquilibrium:
    r"""Symmetric equilibrium of an n-player game from a representative player's payoff.

    For games whose number of players is a symbol (``n``), write player :math:`i`'s payoff
    :math:`u(x, y)` with :math:`x` its own strategy and :math:`y` the common strategy of every
    rival (e.g. :math:`(\theta/n)(x + (n-1)y) - kx^2/2`). A symmetric equilibrium :math:`x = y = s`
    solves the KKT conditions of :math:`\max_x u(x, s)` at :math:`x = s`: interior
    :math:`u_x(s, s) = 0` with :math:`u_{xx}(s, s) < 0`, or :math:`s` at a bound with the
    multiplier sign. Only *symmetric* equilibria are found; asymmetric ones may exist.

    Parameters
    ----------
    payoff : sympy.Expr
    own, rival : sympy.Symbol
    bounds : (lo, hi), default (0, None)
    assumptions : sympy.Boolean, optional
    verify : bool
        Check ``max_deviation_gain`` numerically (random admissible draws when symbolic; an
        integer symbol such as ``n`` is drawn as an integer).

    Examples
    --------
    Regional brand, :math:`n` firms: :math:`\theta/n = kx` by hand, so :math:`x = \theta/(nk)`.

    >>> theta, k, n = sp.symbols("theta k n", positive=True)
    >>> x, y = sp.symbols("x y")
    >>> eq = symmetric_equilibrium(theta/n * (x + (n - 1)*y) - k*x**2/2, x, y)
    >>> eq.strategies[x], eq.conditions
    (theta/(k*n), True)
    """
    u = as_expr(payoff, "payoff")
    for s_, name in ((own, "own"), (rival, "rival")):
        if not isinstance(s_, sp.Symbol):
            raise DomainError(f"{name} must be a sympy Symbol, got {s_!r}")
    if own == rival:
        raise DomainError("own and rival strategies must be different symbols")
    if own not in u.free_symbols:
        raise DomainError(f"the payoff does not depend on the own strategy {own}")
    (lo, hi) = parse_bounds({own: bounds}, [(own,)], [True])[own]
    facts = Facts(sp.true if assumptions is None else assumptions)
    d = sp.diff(u, own)
    d2 = sp.diff(u, own, 2)
    s = sp.Dummy("s")
    foc = sp.together(d.subs({own: s, rival: s}, simultaneous=True))
    cands = []
    num, _ = sp.fraction(foc)
    try:
        with _time_limit(20.0):
            roots = sp.solve(sp.expand(num), s, dict=False)
    except Exception as exc:  # noqa: BLE001 - sympy raises many kinds here
        raise SymbolicSolveError(f"sympy cannot solve the symmetric first-order condition: {exc}") from None
    for r in roots:
        r = tidy(r)
        if r.has(sp.nan, sp.zoo) or r.is_real is False:
            continue
        conds = []
        if lo is not None:
            conds.append(r > lo)
        if hi is not None:
            conds.append(r < hi)
        soc = simplify_conditions([d2.subs({own: r, rival: r}, simultaneous=True) < 0], facts)
        conds += [c.subs({own: r, rival: r}, simultaneous=True) for c in reality_conditions(u)]
        cond = simplify_conditions([*conds, soc], facts)
        if cond is not sp.false:
            cands.append((r, INTERIOR, sp.Integer(0), cond, soc))
    for side, b in (("lower", lo), ("upper", hi)):
        if b is None:
            continue
        g = tidy(d.subs({own: b, rival: b}, simultaneous=True))
        if g.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            continue
        mult = tidy(-g) if side == "lower" else g
        cond = simplify_conditions([mult >= 0, *[c.subs({own: b, rival: b}, simultaneous=True) for c in reality_conditions(u)]],
                                   facts)
        if cond is not sp.false:
            cands.append((b, side, mult, cond, sp.true))
    if not cands:
        raise NonConcavePayoffError("no symmetric KKT point: the payoff is not concave in own strategy where the "
                                    "first-order condition holds, and no bound qualifies") if roots else DomainError(
            "no symmetric equilibrium candidate satisfies the KKT conditions")
    decided = [(c, decide_by_signs(c[3], facts)) for c in cands]
    pick = next((c for c, dd in decided if dd is True), None) or next((c for c, dd in decided if dd is None), None)
    if pick is None:
        raise DomainError("no symmetric equilibrium candidate holds under the assumptions")
    val, status, mult, cond, soc = pick
    H = tidy(d2.subs({own: val, rival: val}, simultaneous=True))
    second = SecondOrderCheck(player="representative", variables=(own,) if status == INTERIOR else (),
                              hessian=sp.ImmutableMatrix([[H]]), condition=soc,
                              negative_definite=decide_by_signs(soc, facts) if status == INTERIOR else None,
                              globally_concave=KKTProblem([u], [(own,)], {own: (lo, hi), rival: (lo, hi)}, facts)
                              .globally_concave(0))
    gain, how = None, "not verified"
    if verify:
        gain, how = _verify_symmetric(u, own, rival, val, lo, hi, sp.And(cond, facts.boolean))
    return ContinuousEquilibrium(
        strategies=MappingProxyType({own: val}), profile=(val,), payoffs=(tidy(u.subs({own: val, rival: val},
                                                                                       simultaneous=True)),),
        active_bounds=MappingProxyType({own: status}), multipliers=MappingProxyType({own: mult}), conditions=cond,
        second_order=(second,), method="closed form (FOC)" if status == INTERIOR else "kkt",
        max_deviation_gain=gain, verification=how, unique=None, stability=None,
        message="symmetric equilibrium of the representative player (asymmetric equilibria not searched)")


def _verify_symmetric(u: sp.Expr, own: sp.Symbol, rival: sp.Symbol, val: Any, lo: Any, hi: Any,
                      cond: Any) -> tuple[float | None, str]:
    params = sorted((u.free_symbols | to_expr(val).free_symbols) - {own, rival}, key=sp.default_sort_key)
    for b in (lo, hi):
        if b is not None:
            params = sorted(set(params) | b.free_symbols, key=sp.default_sort_key)
    draws = [{}] if not params else admissible_draws(params, cond, n=3)
    if not draws:
        return None, "no admissible parameter draw found for a numeric check"
    worst = 0.0
    for dr in draws:
        s_val = to_expr(val).subs(dr)
        obj = u.subs(dr).subs(rival, s_val)
        lam = Lambdified([obj], [(own,)], ())
        lo_a, hi_a = bound_arrays([own], {own: (lo, hi)}, dr)
        prob = lam.at({}, lo_a, hi_a)
        x = np.array([float(s_val)])
        worst = max(worst, float(prob.gains(x)[0]))
    where = "at the equilibrium" if not params else f"at {len(draws)} random admissible parameter draws"
    return worst, f"numeric best response of one player to symmetric rivals {where}"
