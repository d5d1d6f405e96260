r"""Deciding and simplifying conditions in the parameters: the one condition engine.

Every result of the package carries the conditions under which it holds (second-order
conditions, positive outputs, participation, corner status) as sympy relations in the
parameters. This module is the single place where such a condition is *decided* (provably true,
provably false, or open) and *simplified* for a reader. Model families call it instead of writing
their own wrappers, so a condition proved in one family is proved in every other.

How a condition is decided
--------------------------
:func:`decide` asks three sound back ends in turn and returns the first definite answer:

1. **values and the symbols' assumptions** — ``lhs - rhs`` is brought to a canonical form
   (``cancel`` for rational functions) and sympy's assumption system reads its sign
   (``a - c`` with ``a, c`` positive is undecided; ``a**2 + 1`` is positive);
2. **sign sets** (:mod:`gametheory.core.continuous._conditions`) — the sign of sums, products,
   quotients and powers propagated from the signs of their parts and of the stated facts
   (``a > c`` makes ``a - c`` positive wherever it appears as a factor);
3. **the prover** (:class:`gametheory.core._prover.Prover`) — each irreducible factor's sign from
   a Farkas certificate :math:`f = c_0 + \sum_k \lambda_k g_k`, :math:`\lambda_k, c_0 \ge 0`,
   over the facts :math:`g_k \ge 0` (or :math:`> 0`) and monomials of known sign, found by linear
   programming and verified in exact rational arithmetic, so floating point never decides.

Each back end is sound (it answers only what it proves), so the order affects speed, never the
answer; what none of them proves stays an open condition, never a guess.

:func:`simplify` removes from a conjunction every part that is decided true and every part that
the *other* parts (with the stated assumptions) imply — the minimal-looking condition a theorist
would write, e.g. ``(k >= s) & (s >= k)`` under ``k = s`` becomes ``True`` and
``(a > 2) & (a > 1)`` becomes ``a > 2``.

Examples
--------
>>> import sympy as sp
>>> a, c = sp.symbols("a c", positive=True)
>>> decide(a - c > 0)  # open: nothing says a exceeds c
>>> decide(a - c > 0, a > c)
True
>>> decide((a - c)**2 * (a + 1) >= 0)
True
>>> simplify((a > 2) & (a > 1) & (c > 0))
a > 2
>>> larger(a, a + c)
a + c

References
----------
.. [1] Schrijver, A. (1986). *Theory of Linear and Integer Programming*. Wiley (Farkas' lemma).
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np
import sympy as sp
from sympy.core.relational import Relational

from gametheory.core._prover import Prover
from gametheory.core.params import DomainError, rejects_text, to_expr
from gametheory.core.continuous import _conditions as _signs

__all__ = [
    "choose",
    "conj",
    "decide",
    "implies",
    "larger",
    "positive_part",
    "relation",
    "require",
    "simplify",
    "smaller",
]

_OPS = {">": lambda d: d > 0, ">=": lambda d: d >= 0, "<": lambda d: d < 0, "<=": lambda d: d <= 0}
_STRICT = {">": True, ">=": False, "<": True, "<=": False}
_MAX_OPS = 400  # beyond this, expressions are not canonicalised (bounded work)


def _canonical(e: sp.Expr) -> sp.Expr:
    """A cheap canonical form: ``cancel`` for rational functions, the expression otherwise."""
    if not isinstance(e, sp.Expr) or not e.free_symbols:
        return e
    if e.has(sp.Piecewise, sp.Max, sp.Min, sp.Abs):
        return e
    if sp.count_ops(e) > _MAX_OPS:
        return e
    syms = sorted(e.free_symbols, key=str)
    if e.is_rational_function(*syms):
        return sp.cancel(e)
    return e


_FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">="}


def _readable(rel: sp.Basic) -> sp.Basic:
    """``expr op 0`` written with positive terms on the left, negative ones moved right.

    ``a - c > 0`` reads ``a > c``; a number alone on the left is moved right (``1 - x > 0`` reads
    ``x < 1``).
    """
    if not isinstance(rel, Relational) or rel.rel_op not in _OPS or rel.rhs != 0:
        return rel
    lhs_terms, rhs_terms = [], []
    for term in sp.Add.make_args(rel.lhs):
        c, _ = term.as_coeff_Mul()
        (rhs_terms.append(-term) if c.is_negative else lhs_terms.append(term))
    lhs, rhs = sp.Add(*lhs_terms), sp.Add(*rhs_terms)
    op = rel.rel_op
    if lhs.is_number and not rhs.is_number:
        lhs, rhs, op = rhs, lhs, _FLIP[op]
    return sp.Rel(lhs, rhs, op)


def _simplified(e: sp.Expr) -> sp.Expr:
    """The quick path's canonical form: ``cancel`` for rational functions, ``simplify`` otherwise."""
    if not isinstance(e, sp.Expr) or not e.free_symbols:
        return e
    if e.has(sp.Piecewise):
        return sp.piecewise_fold(e)
    syms = sorted(e.free_symbols, key=str)
    if e.is_rational_function(*syms):
        return sp.cancel(e)
    return sp.simplify(e)


def _assumption_truth(rel: Relational, canonical: Any = None) -> bool | None:
    """Back end 1: the sign of ``lhs - rhs`` from values and the symbols' assumptions."""
    d = (canonical or _canonical)(to_expr(rel.lhs - rel.rhs))
    attr = {">": "is_positive", ">=": "is_nonnegative", "<": "is_negative", "<=": "is_nonpositive",
            "==": "is_zero", "!=": "is_zero"}[rel.rel_op]
    value = getattr(d, attr, None)
    if value is None:
        return None
    return (not value) if rel.rel_op == "!=" else bool(value)


def _prover_truth(rel: Relational, prover: Prover) -> bool | None:
    """Back end 3: a Farkas certificate for ``lhs - rhs`` (only ``<, <=, >, >=, ==``)."""
    op = rel.rel_op
    d = to_expr(rel.lhs - rel.rhs)
    if d.has(sp.Piecewise, sp.Max, sp.Min, sp.Abs) or sp.count_ops(d) > _MAX_OPS:
        return None
    if op == "==":
        s = prover.sign(d)
        return {"zero": True, "pos": False, "neg": False}.get(s) if s else None
    if op not in _STRICT:
        return None
    if op in ("<", "<="):
        d = -d
    try:
        return prover.decide(d, _STRICT[op])
    except (sp.PolynomialError, NotImplementedError, ValueError, TypeError):  # pragma: no cover
        return None


class _Engine:
    """The three back ends bound to one set of assumptions (caches live for one call tree)."""

    def __init__(self, assumptions: Any, quick: bool = False) -> None:
        self.quick = quick
        boolean = sp.true if assumptions is None else _as_boolean(assumptions)
        if boolean is sp.false:
            raise DomainError("assumptions are False: nothing can be decided under them")
        self.boolean = boolean
        self.facts = _signs.Facts(boolean) if boolean is not sp.true else None
        self._prover: Prover | None = None

    @property
    def prover(self) -> Prover:
        if self._prover is None:
            self._prover = Prover(self.boolean if self.boolean is not sp.true else None)
        return self._prover

    def relation(self, rel: Relational) -> bool | None:
        if self.quick:
            return _assumption_truth(rel, _simplified)
        if rel.has(sp.nan, sp.zoo):
            return False
        truth = _assumption_truth(rel)
        if truth is None and rel.rel_op in _signs._OPS:
            truth = _signs._relation_truth(_signs.sign_set(rel.lhs - rel.rhs, self.facts), rel.rel_op)
        if truth is None:
            truth = _prover_truth(rel, self.prover)
        return truth

    def decide(self, cond: Any) -> bool | None:
        if isinstance(cond, (bool, np.bool_)):
            return bool(cond)
        if cond is sp.true or cond == sp.true:
            return True
        if cond is sp.false or cond == sp.false:
            return False
        if isinstance(cond, (sp.And, sp.Or)):
            decisive, other = (False, True) if isinstance(cond, sp.And) else (True, False)
            parts = []
            for c in cond.args:
                p = self.decide(c)
                if p is decisive:
                    return decisive
                parts.append(p)
            return other if all(p is other for p in parts) else None
        if isinstance(cond, sp.Not):
            inner = self.decide(cond.args[0])
            return None if inner is None else not inner
        if isinstance(cond, Relational):
            return self.relation(cond)
        return None


def _as_boolean(value: Any) -> sp.Basic:
    """A sympy boolean from a bool, a sympy boolean or a sequence of them (joined by ``&``)."""
    if isinstance(value, (bool, np.bool_)):
        return sp.true if value else sp.false
    if isinstance(value, (list, tuple, set, frozenset)):
        return sp.And(*[_as_boolean(v) for v in value])
    out = to_expr(value, "condition")
    if not isinstance(out, sp.logic.boolalg.Boolean):
        raise DomainError(f"a condition must be a sympy relation or boolean, got {value!r}")
    return out


@rejects_text(choices=("effort",))
def decide(cond: Any, assumptions: Any = None, *, effort: str = "full") -> bool | None:
    r"""Is a condition provably true (``True``), provably false (``False``) or open (``None``)?

    Parameters
    ----------
    cond : bool or sympy Boolean
        A relation (``a > c``), a conjunction/disjunction/negation of relations, or a Python /
        numpy bool.
    assumptions : sympy Boolean, sequence of them, or None
        Facts known to hold besides the symbols' own assumptions (``a > c``, ``b >= 0``),
        joined by ``&``; disjunctions among them are ignored (fewer facts prove less, never
        wrongly).
    effort : {"full", "quick"}
        ``"full"`` asks the three back ends; ``"quick"`` only the first, after ``cancel`` /
        ``simplify`` — for inner loops that decide thousands of conditions (the coordinator's
        cells, backward induction) where an open answer only costs a kept branch.

    Returns
    -------
    bool or None
        The answer of the first back end that proves one (module docstring); ``None`` when none
        does. An expression containing NaN or ``zoo`` is never true.

    Examples
    --------
    >>> import sympy as sp
    >>> T, R, P, S = sp.symbols("T R P S")
    >>> decide(2*T > R + P, (T > R) & (R > P) & (P > S))
    True
    >>> decide(sp.Float(0.0) > 0)
    False
    """
    if effort not in ("full", "quick"):
        raise DomainError(f"effort must be 'full' or 'quick', got {effort!r}")
    if effort == "quick" and assumptions is not None:
        raise DomainError("effort='quick' reads only the symbols' own assumptions; pass assumptions with effort='full'")
    engine = _Engine(assumptions, quick=effort == "quick")
    return engine.decide(_as_boolean(cond) if not isinstance(cond, (bool, np.bool_)) else cond)


@rejects_text(text=("message",))
def require(cond: Any, message: str, assumptions: Any = None) -> sp.Basic:
    """Raise :class:`DomainError` with ``message`` if ``cond`` is provably false.

    Returns ``sympy.true`` when the condition is proved and the condition, simplified, when it
    stays open — so that a result can carry it.

    Examples
    --------
    >>> import sympy as sp
    >>> a = sp.Symbol("a", positive=True)
    >>> require(a > 0, "a must be positive")
    True
    >>> b = sp.Symbol("b")
    >>> require((b > 1) & (b > 0), "b must exceed 1")
    b > 1
    """
    if isinstance(cond, (bool, np.bool_)):
        if not cond:
            raise DomainError(message)
        return sp.true
    boolean = _as_boolean(cond)
    if boolean.has(sp.nan, sp.zoo):
        raise DomainError(message + " (NaN or undefined value)")
    engine = _Engine(assumptions)
    truth = engine.decide(boolean)
    if truth is False:
        raise DomainError(message)
    if truth is True:
        return sp.true
    return _simplify_with(boolean, engine)


@rejects_text
def implies(premise: Any, conclusion: Any, assumptions: Any = None) -> bool | None:
    """``True`` if ``premise`` (with ``assumptions``) provably implies ``conclusion``, else ``None``.

    Only conjunctions of relations are used as premises; ``None`` means "not proved", not "false".

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> implies(x > 2, x > 1)
    True
    >>> implies(x > 1, x > 2)
    """
    facts = sp.And(_as_boolean(premise), sp.true if assumptions is None else _as_boolean(assumptions))
    if facts is sp.false:
        return True
    return True if _Engine(facts).decide(_as_boolean(conclusion)) is True else None


@rejects_text(choices=("op",))
def relation(lhs: Any, rhs: Any, op: str = ">=", assumptions: Any = None) -> sp.Basic:
    """``lhs op rhs`` as ``sympy.true``/``sympy.false`` when decided, else the open relation.

    ``op`` is one of ``">", ">=", "<", "<="``. The open relation is returned in a readable
    orientation (``expr op 0`` with known-sign factors removed), as the derivations print it.

    Examples
    --------
    >>> import sympy as sp
    >>> a, c = sp.symbols("a c", positive=True)
    >>> relation(a + c, c)
    True
    >>> relation(a, c, ">")
    a > c
    """
    if op not in _OPS:
        raise DomainError(f"op must be one of {sorted(_OPS)}, got {op!r}")
    d = to_expr(lhs, "lhs") - to_expr(rhs, "rhs")
    engine = _Engine(assumptions)
    rel = _OPS[op](d)
    if rel in (sp.true, sp.false):
        return rel
    truth = engine.relation(rel)
    if truth is not None:
        return sp.true if truth else sp.false
    return _readable(_signs.clean_relation(rel, engine.facts))


@rejects_text
def larger(a: Any, b: Any, assumptions: Any = None) -> sp.Expr:
    """``max(a, b)``: the larger one when the order is proved, else ``sympy.Max(a, b)``.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", positive=True)
    >>> larger(x, 2*x), larger(x, 1)
    (2*x, Max(1, x))
    """
    a, b = to_expr(a, "a"), to_expr(b, "b")
    engine = _Engine(assumptions)
    if engine.decide(sp.Ge(a - b, 0)) is True:
        return a
    if engine.decide(sp.Ge(b - a, 0)) is True:
        return b
    return sp.Max(a, b)


@rejects_text
def smaller(a: Any, b: Any, assumptions: Any = None) -> sp.Expr:
    """``min(a, b)``: the smaller one when the order is proved, else ``sympy.Min(a, b)``."""
    a, b = to_expr(a, "a"), to_expr(b, "b")
    engine = _Engine(assumptions)
    if engine.decide(sp.Le(a - b, 0)) is True:
        return a
    if engine.decide(sp.Le(b - a, 0)) is True:
        return b
    return sp.Min(a, b)


@rejects_text
def positive_part(x: Any, assumptions: Any = None) -> sp.Expr:
    r""":math:`x^+ = \max(x, 0)`, decided when the sign of ``x`` is proved.

    Examples
    --------
    >>> import sympy as sp
    >>> a, c = sp.symbols("a c", positive=True)
    >>> positive_part(a - c, a > c), positive_part(-a)
    (a - c, 0)
    """
    return larger(x, 0, assumptions)


@rejects_text
def choose(branches: Sequence[tuple[Any, Any]], assumptions: Any = None) -> Any:
    """The value of the first branch whose condition holds; a ``Piecewise`` while some stay open.

    ``branches`` is a sequence of ``(condition, value)`` pairs tried in order, like the arms of
    a ``Piecewise``; branches proved false are dropped and the first branch proved true ends the
    list. When every branch is proved false, :class:`DomainError` is raised: no case applies.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", positive=True)
    >>> choose([(x < 0, -1), (x > 0, 1)])
    1
    >>> y = sp.Symbol("y")
    >>> choose([(y < 0, -1), (True, 1)])
    Piecewise((-1, y < 0), (1, True))
    """
    engine = _Engine(assumptions)
    kept: list[tuple[Any, sp.Basic]] = []
    for cond, value in branches:
        truth = engine.decide(cond if isinstance(cond, (bool, np.bool_)) else _as_boolean(cond))
        if truth is False:
            continue
        if truth is True:
            if not kept:
                return value
            kept.append((value, sp.true))
            break
        kept.append((value, _as_boolean(cond)))
    if not kept:
        raise DomainError("no branch applies: every condition is provably false")
    return sp.Piecewise(*kept)


@rejects_text
def conj(conditions: Iterable[Any], assumptions: Any = None) -> sp.Basic:
    """The conjunction of ``conditions``, with the parts that are decided true dropped.

    ``sympy.false`` when any part is provably false. Unlike :func:`simplify` it keeps parts
    implied by others (cheap; for building conditions step by step).
    """
    engine = _Engine(assumptions)
    parts: list[sp.Basic] = []
    for c in conditions:
        b = _as_boolean(c)
        truth = engine.decide(b)
        if truth is False:
            return sp.false
        if truth is True:
            continue
        for p in (b.args if isinstance(b, sp.And) else (b,)):
            if p not in parts:
                parts.append(p)
    return sp.And(*parts) if parts else sp.true


@rejects_text
def simplify(cond: Any, assumptions: Any = None) -> sp.Basic:
    """A conjunction with decided parts and parts implied by the others removed.

    Each relation is also written readably (``expr op 0`` with factors of known sign removed).
    The result is equivalent to ``cond`` under ``assumptions``; ``sympy.false`` when a part is
    provably false. Disjunctions are kept as they are (their decided arms removed).

    Examples
    --------
    >>> import sympy as sp
    >>> k, s = sp.symbols("k s", positive=True)
    >>> simplify((k >= s) & (s >= k), sp.Eq(k, s))
    True
    >>> x = sp.Symbol("x")
    >>> simplify((x > 2) & (x > 1) & (x**2 + 1 > 0))
    x > 2
    """
    return _simplify_with(_as_boolean(cond), _Engine(assumptions))


def _simplify_with(boolean: sp.Basic, engine: _Engine) -> sp.Basic:
    truth = engine.decide(boolean)
    if truth is not None:
        return sp.true if truth else sp.false
    parts = list(boolean.args) if isinstance(boolean, sp.And) else [boolean]
    cleaned: list[sp.Basic] = []
    for p in parts:
        t = engine.decide(p)
        if t is True:
            continue
        if t is False:
            return sp.false
        if isinstance(p, Relational) and p.rel_op in _OPS:
            p = _readable(_signs.clean_relation(p, engine.facts))
        elif isinstance(p, sp.Or):
            arms = [a for a in p.args if engine.decide(a) is not False]
            p = sp.Or(*arms)
        if p is sp.true:
            continue
        if p not in cleaned:
            cleaned.append(p)
    # drop a part implied by the kept others (last first, so earlier statements survive)
    i = len(cleaned) - 1
    while i >= 0 and len(cleaned) > 1:
        others = [c for j, c in enumerate(cleaned) if j != i]
        premise = sp.And(engine.boolean, *others)
        if premise is not sp.false and _Engine(premise).decide(cleaned[i]) is True:
            del cleaned[i]
        i -= 1
    if not cleaned:
        return sp.true
    cleaned.sort(key=sp.default_sort_key)
    return sp.And(*cleaned, evaluate=False) if len(cleaned) > 1 else cleaned[0]
