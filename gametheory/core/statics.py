r"""Comparative statics: derivatives of equilibrium quantities and their signs.

Two routes:

* :func:`comparative_statics` — differentiate a closed form :math:`x^*(p)` and sign
  :math:`\partial x^*/\partial p` under the symbols' assumptions and stated facts (a sympy boolean
  such as ``a > c``, or the regime conditions of an equilibrium result). When the sign is not
  determined, the result gives the region where it is positive and the critical values of the
  parameter where the derivative vanishes.
* :func:`implicit_statics` — for equilibria defined by first-order conditions
  :math:`F(x, p) = 0` without a closed form, the implicit function theorem
  :math:`\mathrm{d}x/\mathrm{d}p = -J^{-1}\,\partial F/\partial p`, :math:`J = \partial F/\partial x`,
  valid where :math:`\det J \ne 0`.

Signs are decided exactly (factor by factor, see :mod:`gametheory.core.continuous._conditions`);
``"depends"`` means the assumptions leave it open — never a guess from sample points.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import sympy as sp

from ._validate import DomainError
from .continuous._conditions import (ANY, NEG, NONNEG, NONPOS, NONZERO, POS, ZERO, Facts, simplify_conditions,
                                     sign_set)
from .continuous._kkt import _time_limit, _Timeout, tidy
from .results import Result
from gametheory.core.params import rejects_text, to_expr

__all__ = ["ComparativeStatic", "ImplicitStatics", "comparative_statics", "implicit_statics", "sign_word"]

_WORDS = {POS: "positive", NEG: "negative", ZERO: "zero", NONNEG: "nonnegative", NONPOS: "nonpositive",
          NONZERO: "nonzero", ANY: "depends"}


@rejects_text
def sign_word(s: frozenset) -> str:
    """``"positive"``, ``"negative"``, ``"zero"``, ``"nonnegative"``, ``"nonpositive"``, ``"nonzero"``
    or ``"depends"``."""
    return _WORDS.get(frozenset(s), "depends")


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class ComparativeStatic(Result):
    r"""The derivative of an expression in a parameter and its sign.

    Attributes
    ----------
    expression : sympy.Expr
    parameter : sympy.Symbol
    derivative : sympy.Expr
        Simplified :math:`\partial x/\partial p`.
    sign : str
        ``"positive"``, ``"negative"``, ``"zero"``, ``"nonnegative"``, ``"nonpositive"``,
        ``"nonzero"`` or ``"depends"`` — under the assumptions.
    positive_when, negative_when : sympy.Boolean
        Where the derivative is positive / negative (``True``/``False`` when decided).
    critical_values : tuple
        Real solutions in ``parameter`` of ``derivative = 0`` (where the sign may change).
    conditions : sympy.Boolean
        The assumptions used (stated facts and regime conditions).
    method : str
    """

    expression: Any
    parameter: Any
    derivative: Any
    sign: str
    positive_when: Any
    negative_when: Any
    critical_values: tuple
    conditions: Any
    method: str = "symbolic derivative"


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class ImplicitStatics(Result):
    r"""Implicit-function-theorem comparative statics of a system :math:`F(x, p) = 0`.

    Attributes
    ----------
    derivatives : mapping variable -> expression
        :math:`\mathrm{d}x_k/\mathrm{d}p`.
    signs : mapping variable -> str
    jacobian : sympy.ImmutableMatrix
        :math:`J = \partial F/\partial x`.
    determinant : sympy.Expr
    conditions : sympy.Boolean
        :math:`\det J \ne 0` and the assumptions.
    method : str
    """

    derivatives: Mapping
    signs: Mapping
    jacobian: Any
    determinant: Any
    conditions: Any
    method: str = "implicit function theorem"


def _as_symbol(p: Any) -> sp.Symbol:
    if not isinstance(p, sp.Symbol):
        raise DomainError(f"parameter must be a sympy Symbol, got {p!r}")
    return p


def _combine(assumptions: Any, extra: Any = None) -> sp.Basic:
    parts = []
    for x in (assumptions, extra):
        if x is None:
            continue
        if isinstance(x, (str, bytes)):
            raise DomainError("assumptions must be a sympy boolean (e.g. a > c), not a string")
        x = to_expr(x)
        if not isinstance(x, sp.logic.boolalg.Boolean):
            raise DomainError(f"assumptions must be a sympy boolean, got {x!r}")
        parts.append(x)
    return sp.And(*parts) if parts else sp.true


@rejects_text(text=('field', 'key'))
def comparative_statics(expression: Any, parameter: Any, assumptions: Any = None, *, field: str | None = None,
                        key: Any = None, timeout: float | None = 10.0) -> ComparativeStatic:
    r"""Derivative of ``expression`` in ``parameter`` and its sign under ``assumptions``.

    Parameters
    ----------
    expression : sympy.Expr or Result
        A closed form, or a result (e.g. a :class:`~gametheory.core.continuous.ContinuousEquilibrium`)
        together with ``field`` (and ``key`` for a mapping/tuple field); the result's own
        ``conditions`` are then added to the assumptions (the sign *in that regime*).
    parameter : sympy.Symbol
    assumptions : sympy.Boolean, optional
        Facts beyond the symbols' assumptions, e.g. ``a > c``.

    Examples
    --------
    Cournot duopoly: :math:`q_1 = (a - 2c_1 + c_2)/(3b)`, so :math:`\partial q_1/\partial c_2 = 1/(3b) > 0`.

    >>> a, b, c1, c2 = sp.symbols("a b c1 c2", positive=True)
    >>> cs = comparative_statics((a - 2*c1 + c2) / (3*b), c2)
    >>> cs.derivative, cs.sign
    (1/(3*b), 'positive')

    Lahiri–Ono: with :math:`a=10, b=1, c_1=1`, welfare
    :math:`W(c_2) = (11c_2^2 - 94c_2 + 731)/18` (by hand; :math:`W(5) = 268/9`), so
    :math:`W'(c_2) = (11c_2 - 47)/9`, positive for :math:`c_2 > 47/11`.

    >>> c = sp.Symbol("c", positive=True)
    >>> cs = comparative_statics((11*c**2 - 94*c + 731) / 18, c)
    >>> cs.sign, cs.critical_values, cs.positive_when
    ('depends', (47/11,), 11*c - 47 > 0)
    """
    p = _as_symbol(parameter)
    regime = None
    if isinstance(expression, Result):
        if field is None:
            raise DomainError("pass field= naming the result's field to differentiate (e.g. field='strategies')")
        value = getattr(expression, field)
        if key is not None:
            value = value[key]
        regime = getattr(expression, "conditions", None)
        expression = value
    if isinstance(expression, (str, bytes)):
        raise DomainError("expression must be a sympy expression, not a string")
    expr = to_expr(expression)
    if not isinstance(expr, sp.Expr):
        raise DomainError(f"expression must be a sympy expression, got {expr!r}")
    assume = _combine(assumptions, regime if regime not in (None, sp.true) else None)
    facts = Facts(assume)
    d = tidy(sp.diff(expr, p))
    s = sign_set(d, facts) if d != 0 else ZERO
    crit: tuple = ()
    if s not in (POS, NEG, ZERO) and p in d.free_symbols:
        num, _ = sp.fraction(sp.together(d))
        try:
            with _time_limit(timeout):
                sol = sp.solveset(num, p, domain=sp.S.Reals)
            if isinstance(sol, sp.FiniteSet):
                crit = tuple(sorted((tidy(v) for v in sol), key=sp.default_sort_key))
        except (_Timeout, NotImplementedError, TypeError, ValueError):
            crit = ()
    pos = simplify_conditions([d > 0], facts) if not d.is_zero else sp.false   # is_zero: Float(0.0) too
    neg = simplify_conditions([d < 0], facts) if not d.is_zero else sp.false
    return ComparativeStatic(expression=expr, parameter=p, derivative=d, sign=sign_word(s), positive_when=pos,
                             negative_when=neg, critical_values=crit, conditions=assume)


@rejects_text
def implicit_statics(equations: Sequence[Any], variables: Sequence[sp.Symbol], parameter: Any,
                     at: Mapping | None = None, assumptions: Any = None) -> ImplicitStatics:
    r""":math:`\mathrm{d}x/\mathrm{d}p = -J^{-1} \partial F/\partial p` for a system :math:`F(x, p) = 0`.

    Parameters
    ----------
    equations : sequence of sympy.Expr
        :math:`F`, e.g. the first-order conditions of the interior variables
        (:meth:`ContinuousGame.first_order_conditions`).
    variables : sequence of sympy.Symbol
        :math:`x` (as many as equations).
    parameter : sympy.Symbol
    at : mapping, optional
        A point (values of variables and/or parameters, e.g. a numeric equilibrium) at which
        to evaluate.
    assumptions : sympy.Boolean, optional

    Examples
    --------
    Cournot duopoly FOCs :math:`a - 2bq_1 - bq_2 - c_1 = 0`, :math:`a - bq_1 - 2bq_2 - c_2 = 0`:
    :math:`J = b\begin{pmatrix}2&1\\1&2\end{pmatrix}`, so :math:`\mathrm{d}q_1/\mathrm{d}c_2 = 1/(3b)`,
    :math:`\mathrm{d}q_2/\mathrm{d}c_2 = -2/(3b)`.

    >>> a, b, c1, c2 = sp.symbols("a b c1 c2", positive=True)
    >>> q1, q2 = sp.symbols("q1 q2")
    >>> r = implicit_statics([a - 2*b*q1 - b*q2 - c1, a - b*q1 - 2*b*q2 - c2], [q1, q2], c2)
    >>> r.derivatives[q1], r.derivatives[q2], r.signs[q2]
    (1/(3*b), -2/(3*b), 'negative')
    """
    p = _as_symbol(parameter)
    if isinstance(equations, (str, bytes)) or isinstance(variables, (str, bytes)):
        raise DomainError("equations and variables must be sequences of sympy objects")
    equations = list(equations)
    if any(isinstance(e, (str, bytes)) for e in equations):  # never sympify (eval) a string
        raise DomainError("equations and variables must be sequences of sympy objects")
    F = sp.Matrix([to_expr(e) for e in equations])
    xs = list(variables)
    if not xs or any(not isinstance(x, sp.Symbol) for x in xs):
        raise DomainError(f"variables must be sympy Symbols, got {variables!r}")
    if F.shape[0] != len(xs):
        raise DomainError(f"{F.shape[0]} equations for {len(xs)} variables: the system must be square")
    J = F.jacobian(xs)
    Fp = F.diff(p)
    if at:
        J = J.subs(dict(at))
        Fp = Fp.subs(dict(at))
    det = tidy(J.det())
    facts = Facts(_combine(assumptions))
    if det.is_zero:                                   # not `== 0`: sympy's Float(0.0) != 0
        raise DomainError("the Jacobian of the system is singular (det J = 0): the implicit function theorem "
                          "does not apply")
    dx = (-J.LUsolve(Fp)).applyfunc(tidy)
    derivs = {x: dx[k] for k, x in enumerate(xs)}
    signs = {x: sign_word(sign_set(v, facts) if v != 0 else ZERO) for x, v in derivs.items()}
    cond = simplify_conditions([sp.Ne(det, 0)], facts) if det.free_symbols else sp.true
    return ImplicitStatics(derivatives=MappingProxyType(derivs), signs=MappingProxyType(signs),
                           jacobian=sp.ImmutableMatrix(J.applyfunc(tidy)), determinant=det,
                           conditions=sp.And(cond, facts.boolean) if facts.boolean is not sp.true else cond)

