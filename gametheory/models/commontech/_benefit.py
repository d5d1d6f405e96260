r"""Benefit functions :math:`f(G)` of a common technology: parsing, domain checks, inversion.

A benefit is given as a callable (``sympy.log``, ``sympy.sqrt``, ``lambda G: 1 - sympy.exp(-G)``,
a ``sympy.Lambda``) or as a sympy expression in one symbol (or in a symbol named ``G`` when the
expression also holds parameters). It must be increasing and strictly concave on :math:`G > 0`;
:func:`stand_alone_level` inverts the marginal benefit, the key step of every provision problem:

.. math::

    \hat G(v) = \arg\max_{G \ge 0}\; v f(G) - G, \qquad
    v f'(\hat G) = 1 \ \text{if}\ v f'(0^+) > 1, \quad \hat G = 0 \ \text{otherwise}.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import sympy as sp

from gametheory.core.params import DomainError, is_symbolic, rejects_text, require, to_expr

__all__ = ["Benefit", "G"]

G = sp.Symbol("G", positive=True)
"""The provision level, the argument of every benefit expression."""

_V = sp.Symbol("v", positive=True)
_SAMPLES = (1e-3, 0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 100.0, 1e4)


@rejects_text(text=('name',))
class Benefit:
    r"""An increasing, strictly concave benefit :math:`f(G)` with its derivatives.

    Parameters
    ----------
    benefit : callable or sympy.Expr
        See the module docstring.
    name : str
        Used in messages (``"benefit"``, ``"cost reduction"``).

    Raises
    ------
    DomainError
        A string or other non-function, :math:`f'` provably (or, for numeric benefits, at a
        sample point) :math:`\le 0`, or :math:`f''` :math:`\ge 0` (not strictly concave).

    Examples
    --------
    >>> Benefit(sp.log).stand_alone_level(3)          # 3/G = 1
    3
    >>> Benefit(sp.sqrt).stand_alone_level(2)         # 2 / (2 sqrt G) = 1
    1
    >>> Benefit(lambda x: sp.log(1 + x)).stand_alone_level(sp.Rational(1, 2))   # f'(0) = 1 > 1/v
    0
    >>> Benefit(lambda x: x**2)
    Traceback (most recent call last):
    ...
    gametheory.core._validate.DomainError: benefit f(G) = G**2 must be strictly concave: f''(G) = 2 >= 0
    """

    def __init__(self, benefit: Any, name: str = "benefit") -> None:
        self.name = name
        self.expr = _parse(benefit, name)
        self.d1 = sp.simplify(sp.diff(self.expr, G))
        self.d2 = sp.simplify(sp.diff(self.expr, G, 2))
        self.conditions = self._check()
        self.slope_at_zero = _limit(self.d1, 0)
        self.slope_at_infinity = _limit(self.d1, sp.oo)

    def __repr__(self) -> str:
        return f"Benefit({sp.sstr(self.expr)})"

    def __call__(self, level: Any) -> sp.Expr:
        return self.expr.subs(G, level)

    def marginal(self, level: Any) -> sp.Expr:
        """:math:`f'(G)` at ``level``."""
        return self.d1.subs(G, level)

    def curvature(self, level: Any) -> sp.Expr:
        """:math:`f''(G)` at ``level``."""
        return self.d2.subs(G, level)

    @property
    def parameters(self) -> set[sp.Symbol]:
        return self.expr.free_symbols - {G}

    def _check(self) -> sp.Basic:
        label = f"{self.name} f(G) = {sp.sstr(self.expr)}"
        c1 = require(self.d1 > 0, f"{label} must be increasing: f'(G) = {sp.sstr(self.d1)} <= 0")
        c2 = require(self.d2 < 0, f"{label} must be strictly concave: f''(G) = {sp.sstr(self.d2)} >= 0")
        if not self.parameters:
            for x in _SAMPLES:
                a, b = (to_expr(d.subs(G, sp.Float(x))).evalf(30) for d in (self.d1, self.d2))
                if not (a.is_real and a.is_finite and b.is_real and b.is_finite):
                    continue
                if a <= 0:
                    raise DomainError(f"{label} must be increasing on G > 0: f'({x:g}) = {float(a):.6g}")
                if b >= 0:
                    raise DomainError(f"{label} must be strictly concave on G > 0: f''({x:g}) = {float(b):.6g}")
            return sp.true
        return sp.And(c1, c2)

    # -- inversion of the marginal benefit ----------------------------------------------------
    def stand_alone_level(self, valuation: Any) -> sp.Expr:
        r""":math:`\hat G(v)`, the level a single agent with valuation ``v`` would provide."""
        v = to_expr(valuation)
        if v.is_number and v.is_positive is not True:
            raise DomainError(f"valuation must be > 0, got {v}")
        if self.slope_at_infinity is not None and self.slope_at_infinity != 0:
            tail = require(v * self.slope_at_infinity < 1,
                           f"{self.name}: v f'(G) >= 1 for every G (v = {v}, f'(oo) = {self.slope_at_infinity}): "
                           "provision would be unbounded")
            if tail is not sp.true:
                raise DomainError(f"{self.name}: cannot decide whether v f'(oo) < 1 for v = {v}; give numbers")
        corner = self.slope_at_zero is not None and self.slope_at_zero is not sp.oo
        if corner:
            at_zero = sp.simplify(v * self.slope_at_zero - 1)
            if at_zero.is_number and at_zero <= 0:
                return sp.Integer(0)
        root = self._root(v)
        if corner and not (to_expr(v * self.slope_at_zero - 1).is_positive):
            return sp.Piecewise((root, v * self.slope_at_zero > 1), (0, True))
        return root

    def _root(self, v: sp.Expr) -> sp.Expr:
        if v.is_number:
            generic = self._generic_root()
            if generic is not None:
                value = sp.simplify(generic.subs(_V, v)) if self.parameters else generic.subs(_V, v)
                if value.is_number and value.is_positive:
                    return value
        return self._solve_root(v)

    def _generic_root(self) -> sp.Expr | None:
        """The root of :math:`v f'(G) = 1` for a positive symbol :math:`v` (cached), if unique."""
        if not hasattr(self, "_generic") and any(isinstance(a, sp.Float) for a in sp.preorder_traversal(self.d1)):
            self._generic = None      # floats inside f: numeric inversion
        if not hasattr(self, "_generic"):
            try:
                roots = sp.solve(_V * self.d1 - 1, G)
            except (NotImplementedError, ValueError):
                roots = []
            roots = [r for r in roots if r.is_positive is not False and r.is_real is not False]
            self._generic = roots[0] if len(roots) == 1 else None
        return self._generic

    def _solve_root(self, v: sp.Expr) -> sp.Expr:
        eq = v * self.d1 - 1
        try:
            roots = sp.solve(eq, G)
        except (NotImplementedError, ValueError):
            roots = []
        roots = [sp.simplify(r) for r in roots if r.is_positive is not False and r.is_real is not False]
        if len(roots) == 1:
            return roots[0]
        if len(roots) > 1 and not is_symbolic(v) and not self.parameters:
            pos = [r for r in roots if r.is_number and r.is_positive]
            if len(pos) == 1:
                return pos[0]
        if is_symbolic(v) or self.parameters:
            raise DomainError(f"{self.name}: cannot solve v f'(G) = 1 in closed form for f = {sp.sstr(self.expr)}; "
                              "give numeric parameters for the numeric solver")
        return sp.Float(_numeric_root(self.d1, float(v)))


def _numeric_root(d1: sp.Expr, v: float) -> float:
    from scipy.optimize import brentq

    fun = sp.lambdify(G, v * d1 - 1, "math")
    lo, hi = 1e-12, 1.0
    while fun(hi) > 0:
        hi *= 2
        if hi > 1e15:
            raise DomainError("no finite solution of v f'(G) = 1 found below 1e15")
    return brentq(fun, lo, hi, xtol=1e-14, rtol=4 * np.finfo(float).eps)


def _limit(expr: sp.Expr, point: Any) -> sp.Expr | None:
    try:
        value = sp.limit(expr, G, point, "+" if point == 0 else "-")
    except (NotImplementedError, ValueError, TypeError):
        return None
    if isinstance(value, sp.Limit) or value.has(sp.AccumBounds):
        return None
    return value


def _parse(benefit: Any, name: str) -> sp.Expr:
    if isinstance(benefit, (str, bytes)):
        raise DomainError(f"{name} must be a sympy expression or a callable, not a string ({benefit!r})")
    if isinstance(benefit, sp.Lambda):
        if len(benefit.variables) != 1:
            raise DomainError(f"{name} must be a function of one variable")
        expr = benefit(G)
    elif isinstance(benefit, sp.Expr):
        syms = benefit.free_symbols
        named = [s for s in syms if s.name == "G"]
        if named:
            expr = benefit.subs(named[0], G)
        elif len(syms) == 1:
            expr = benefit.subs(next(iter(syms)), G)
        else:
            raise DomainError(f"{name} {benefit}: with parameters, write the level as a symbol named G")
    elif callable(benefit):
        try:
            expr = to_expr(benefit(G))
        except (TypeError, ValueError, AttributeError) as exc:
            raise DomainError(f"{name} must map a sympy symbol to a sympy expression ({exc})") from None
    else:
        raise DomainError(f"{name} must be a sympy expression or a callable, got {type(benefit).__name__}")
    if not isinstance(expr, sp.Expr) or not expr.has(G):
        raise DomainError(f"{name} must depend on the provision level G, got {expr}")
    return expr


@rejects_text(text=("name",))
def as_benefit(value: Any, name: str = "benefit") -> Benefit:
    """A :class:`Benefit` from a benefit specification (passes :class:`Benefit` through; cached)."""
    if isinstance(value, Benefit):
        return value
    try:
        return _cached(value, name)
    except TypeError:  # unhashable specification
        return Benefit(value, name)


@functools.lru_cache(maxsize=256)
def _cached(value: Any, name: str) -> Benefit:
    return Benefit(value, name)



