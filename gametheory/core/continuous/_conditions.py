"""Signs and conditions: deciding sympy relations from symbol assumptions and stated facts.

The KKT solver produces conditions such as ``(a - 2*c1 + c2)/(3*b) > 0``. This module

* normalises a relation to ``numerator <op> 0`` after removing factors whose sign is known
  (``b > 0`` above, a positive numeric content), so that conditions read as a theorist writes them;
* decides relations from the symbols' assumptions and from extra *facts* (a sympy boolean of
  stated assumptions, e.g. ``a > c``) by combining the signs of factors;
* draws random parameter values that satisfy a condition (used to verify symbolic equilibria
  numerically).

A sign is a frozenset of possible values in ``{-1, 0, 1}``; the sign of a product is the set of
products, the sign of a sum is decided only when all terms agree. Fractional powers count as
non-negative: they are real only for a non-negative base, and every KKT candidate carries that
reality condition (see :func:`reality_conditions`).
"""

from __future__ import annotations

import random
from functools import reduce
from typing import Any, Iterable, Mapping, Sequence

import sympy as sp
from sympy.core.relational import Relational

from .._validate import DomainError
from gametheory.core.params import to_expr

__all__ = ["Facts", "sign_set", "clean_relation", "simplify_conditions", "decide_by_signs", "admissible_draws",
           "reality_conditions"]

POS = frozenset({1})
NEG = frozenset({-1})
ZERO = frozenset({0})
NONNEG = frozenset({0, 1})
NONPOS = frozenset({-1, 0})
ANY = frozenset({-1, 0, 1})
NONZERO = frozenset({-1, 1})


def _mul(s: frozenset, t: frozenset) -> frozenset:
    return frozenset(a * b for a in s for b in t)


def _add(s: frozenset, t: frozenset) -> frozenset:
    out = set()
    for a in s:
        for b in t:
            if a == 0:
                out.add(b)
            elif b == 0 or a == b:
                out.add(a)
            else:
                out.update({-1, 0, 1})
    return frozenset(out)


def _key(expr: sp.Expr) -> sp.Expr:
    return sp.expand(expr)


class Facts:
    """Known signs of expressions, read from a sympy boolean of stated assumptions.

    ``Facts(a > c)`` knows that ``a - c`` is positive (and ``c - a`` negative). Only conjunctions
    of relations are used; other booleans are ignored (they can only make less decidable).
    """

    def __init__(self, assumptions: Any = None) -> None:
        self.table: dict[sp.Expr, frozenset] = {}
        self.cache: dict = {}
        if isinstance(assumptions, (str, bytes)):  # never sympify (eval) a string
            raise DomainError("assumptions must be a sympy boolean (e.g. a > c), not a string")
        self.boolean = sp.true if assumptions is None else to_expr(assumptions)
        if not isinstance(self.boolean, sp.logic.boolalg.Boolean):
            raise DomainError(f"assumptions must be a sympy boolean (e.g. a > c), got {assumptions!r}")
        parts = self.boolean.args if isinstance(self.boolean, sp.And) else (self.boolean,)
        for rel in parts:
            if isinstance(rel, Relational) and rel.rel_op in (">", ">=", "<", "<=", "==", "!="):
                expr = rel.lhs - rel.rhs
                s = {">": POS, ">=": NONNEG, "<": NEG, "<=": NONPOS, "==": ZERO, "!=": NONZERO}[rel.rel_op]
                num, den = sp.fraction(sp.together(expr))
                ds = sign_set(den)
                if ds == POS:
                    expr = num
                elif ds == NEG:
                    expr, s = num, frozenset(-v for v in s)
                self._add(expr, s)

    def _add(self, expr: sp.Expr, s: frozenset) -> None:
        content, prim = sp.factor_terms(expr).as_content_primitive()
        if content.is_negative:
            prim, s = -prim, frozenset(-v for v in s)
        k = _key(prim)
        self.table[k] = self.table.get(k, ANY) & s
        self.table[_key(-prim)] = frozenset(-v for v in self.table[k])

    def lookup(self, expr: sp.Expr) -> frozenset:
        if not self.table:
            return ANY
        content, prim = sp.factor_terms(expr).as_content_primitive()
        s = self.table.get(_key(prim), ANY)
        if content.is_negative:
            s = frozenset(-v for v in s)
        return s

    def linear_sign(self, expr: sp.Expr) -> frozenset:
        """Sign of a linear ``expr`` implied by the linear facts and the symbols' signs.

        A linear program (scipy's HiGHS) bounds ``expr`` below (and above) over the polyhedron of
        the closed linear facts; its dual values, rationalised, are then checked *exactly* as a
        Farkas certificate ``expr = sum_k y_k f_k + sum_j d_j s_j + r`` with ``y >= 0``, ``f_k >= 0``
        the facts, ``d_j s_j >= 0`` by the symbols' signs and ``r`` a constant. Only a verified
        certificate narrows the sign (``r > 0``: positive, ``r = 0``: non-negative), so floating
        point never decides a sign.
        """
        linear = [(k, v) for k, v in self.table.items() if v in (POS, NEG, NONNEG, NONPOS, ZERO)]
        if not linear:
            return ANY
        syms = sorted(expr.free_symbols | set().union(*(k.free_symbols for k, _ in linear)), key=sp.default_sort_key)
        try:
            target = sp.Poly(expr, *syms)
            if target.total_degree() > 1 or not all(c.is_Rational for c in target.coeffs()):
                return ANY
            facts = []  # expressions known to be >= 0 (or > 0)
            for k, v in linear:
                pk = sp.Poly(k, *syms)
                if pk.total_degree() > 1 or not all(c.is_Rational for c in pk.coeffs()):
                    continue
                if v <= NONNEG:
                    facts.append(k)
                if v <= NONPOS:
                    facts.append(-k)
        except (sp.PolynomialError, sp.GeneratorsNeeded):
            return ANY
        if not facts:
            return ANY
        out = ANY
        lower = self._certified_lower_bound(expr, facts, syms)
        if lower is not None:
            out = out & (POS if lower > 0 else NONNEG)
        upper = self._certified_lower_bound(-expr, facts, syms)
        if upper is not None:
            out = out & (NEG if upper > 0 else NONPOS)
        return out if out else ANY

    @staticmethod
    def _certified_lower_bound(expr: sp.Expr, facts: list, syms: list) -> sp.Rational | None:
        """An exactly verified constant r >= 0 with expr >= r on {facts >= 0}, or None."""
        import numpy as np
        from fractions import Fraction
        from scipy.optimize import linprog

        def vec(e: sp.Expr) -> tuple[np.ndarray, float]:
            p = sp.Poly(e, *syms)
            return np.array([float(p.coeff_monomial(s)) for s in syms]), float(p.coeff_monomial(1))

        c, c0 = vec(expr)
        A, b = [], []
        for f in facts:  # f = a.x + a0 >= 0  <=>  -a.x <= a0
            a, a0 = vec(f)
            A.append(-a)
            b.append(a0)
        bounds = [(0, None) if s.is_nonnegative else ((None, 0) if s.is_nonpositive else (None, None)) for s in syms]
        try:
            res = linprog(c, A_ub=np.array(A), b_ub=np.array(b), bounds=bounds, method="highs")
        except ValueError:  # pragma: no cover
            return None
        if res.status != 0 or res.fun + c0 < -1e-9:
            return None
        y = [sp.Rational(Fraction(max(0.0, -float(m))).limit_denominator(10 ** 6)) for m in res.ineqlin.marginals]
        rest = sp.expand(expr - sum(yk * f for yk, f in zip(y, facts)))
        try:
            pr = sp.Poly(rest, *syms)
        except sp.PolynomialError:  # pragma: no cover
            return None
        for s_ in syms:
            d = pr.coeff_monomial(s_)
            if d.is_zero:
                continue
            if not ((d > 0 and s_.is_nonnegative) or (d < 0 and s_.is_nonpositive)):
                return None
        r = pr.coeff_monomial(1)
        return r if r >= 0 else None


_NO_FACTS = Facts()


def _assumption_sign(expr: sp.Expr) -> frozenset:
    if expr.is_zero:
        return ZERO
    if expr.is_positive:
        return POS
    if expr.is_negative:
        return NEG
    if expr.is_nonnegative:
        return NONNEG
    if expr.is_nonpositive:
        return NONPOS
    if expr.is_zero is False and expr.is_extended_real:
        return NONZERO
    return ANY


def sign_set(expr: Any, facts: Facts | None = None, _depth: int = 0) -> frozenset:
    """Possible signs of ``expr`` (a subset of {-1, 0, 1}) under assumptions and facts.

    Examples
    --------
    >>> a, b, c = sp.symbols("a b c", positive=True)
    >>> sorted(sign_set((a - c) / (3 * b), Facts(a > c)))
    [1]
    >>> sorted(sign_set(a - c))
    [-1, 0, 1]
    """
    facts = facts or _NO_FACTS
    expr = to_expr(expr)
    if expr.is_Number:
        return ZERO if expr.is_zero else (POS if expr > 0 else NEG)
    cached = facts.cache.get((expr, _depth))
    if cached is not None:
        return cached
    out = _sign_set(expr, facts, _depth)
    facts.cache[(expr, _depth)] = out
    return out


def _sign_set(expr: sp.Expr, facts: Facts, _depth: int) -> frozenset:
    s = _assumption_sign(expr) & facts.lookup(expr)
    if len(s) <= 1 or _depth > 3:
        return s
    if expr.is_Mul:
        out = reduce(_mul, (sign_set(f, facts, _depth + 1) for f in expr.args), POS)
        return s & out
    if expr.is_Pow:
        base, exp = expr.args
        bs = sign_set(base, facts, _depth + 1)
        if exp.is_integer:
            if exp.is_even:
                out = frozenset(abs(v) for v in bs) if 0 in bs else POS
            elif exp.is_odd:
                out = bs
            else:
                out = ANY
            if exp.is_negative:
                out = out - ZERO
            return s & out
        if exp.is_rational:
            # principal fractional powers are real only for base >= 0 (sympy: (-8)**(1/3) is complex);
            # every candidate carries that reality condition, so within it the power is >= 0
            base_sign = bs & NONNEG if bs & NONNEG else NONNEG
            return s & (base_sign if not exp.is_negative else (base_sign - ZERO or POS))
        return s
    if expr.is_Add:
        out = reduce(_add, (sign_set(t, facts, _depth + 1) for t in expr.args), ZERO)
        s = s & out
        if len(s) <= 1:
            return s
        s = s & facts.linear_sign(expr)
        if len(s) <= 1:
            return s
    if _depth > 1:
        return s
    # try the rational form: sign(numerator) * sign(denominator), numerator factored
    num, den = sp.fraction(sp.together(expr))
    if den != 1:
        return s & _mul(sign_set(num, facts, _depth + 1), sign_set(den, facts, _depth + 1))
    try:
        fac = sp.factor(expr) if sp.count_ops(expr) < 200 else expr
    except (sp.PolynomialError, NotImplementedError):  # pragma: no cover - exotic expressions
        fac = expr
    if fac != expr and (fac.is_Mul or fac.is_Pow):
        return s & sign_set(fac, facts, _depth + 1)
    return s


_OPS = {">": POS, ">=": NONNEG, "<": NEG, "<=": NONPOS, "==": ZERO, "!=": NONZERO}


def _relation_truth(s: frozenset, op: str) -> bool | None:
    target = _OPS[op]
    if s <= target:
        return True
    if not (s & target):
        return False
    return None


def clean_relation(rel: Relational, facts: Facts | None = None) -> sp.Basic:
    """``lhs <op> rhs`` as ``expr <op> 0`` with known-sign factors removed; True/False if decided.

    Examples
    --------
    >>> a, b, c1, c2 = sp.symbols("a b c1 c2", positive=True)
    >>> clean_relation((a - 2*c1 + c2) / (3*b) > 0)
    a - 2*c1 + c2 > 0
    >>> clean_relation(-2*b < 0)
    True
    """
    facts = facts or _NO_FACTS
    rel = to_expr(rel)
    if not isinstance(rel, Relational):
        return rel
    op = rel.rel_op
    expr = to_expr(rel.lhs - rel.rhs)
    if expr.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return sp.false
    truth = _relation_truth(sign_set(expr, facts), op)
    if truth is not None:
        return sp.true if truth else sp.false
    num, den = sp.fraction(sp.together(expr))
    ds = sign_set(den, facts)
    flip = False
    if ds == POS:
        expr = num
    elif ds == NEG:
        expr, flip = num, True
    # remove factors of known strict sign
    try:
        fac = sp.factor(expr) if sp.count_ops(expr) < 200 else expr
    except (sp.PolynomialError, NotImplementedError):  # pragma: no cover
        fac = expr
    content, prim = sp.factor_terms(fac).as_content_primitive()
    if content.is_negative:
        flip = not flip
    factors = sp.Mul.make_args(prim)
    kept = []
    for f in factors:
        fs = sign_set(f, facts)
        if fs == POS:
            continue
        if fs == NEG:
            flip = not flip
            continue
        kept.append(f)
    expr = sp.Mul(*kept)
    if expr.is_Add or expr.is_Symbol:
        expr = sp.expand(expr)
    if flip:
        op = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}[op]
    if _mostly_negative(expr, op):
        expr, op = -expr, {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}[op]
    out = sp.Rel(expr, 0, op)
    return out


def _mostly_negative(expr: sp.Expr, op: str) -> bool:
    """Prefer the orientation with fewer negative terms (ties: ``>``/``>=`` over ``<``/``<=``)."""
    terms = sp.Add.make_args(expr)
    neg = sum(1 for t in terms if t.could_extract_minus_sign())
    pos = len(terms) - neg
    if op in ("<", "<="):
        return neg <= pos
    return neg > pos


def decide_by_signs(cond: Any, facts: Facts | None = None) -> bool | None:
    """True/False when a condition is decided by assumptions and facts, None when open."""
    cond = to_expr(cond)
    if cond is sp.true or cond == sp.true:
        return True
    if cond is sp.false or cond == sp.false:
        return False
    if isinstance(cond, sp.And):
        parts = [decide_by_signs(c, facts) for c in cond.args]
        if any(p is False for p in parts):
            return False
        return True if all(p is True for p in parts) else None
    if isinstance(cond, sp.Or):
        parts = [decide_by_signs(c, facts) for c in cond.args]
        if any(p is True for p in parts):
            return True
        return False if all(p is False for p in parts) else None
    if isinstance(cond, sp.Not):
        inner = decide_by_signs(cond.args[0], facts)
        return None if inner is None else not inner
    if isinstance(cond, Relational):
        if cond.rel_op not in _OPS:
            return None
        return _relation_truth(sign_set(cond.lhs - cond.rhs, facts), cond.rel_op)
    return None


def simplify_conditions(conds: Iterable[Any], facts: Facts | None = None) -> sp.Basic:
    """Conjunction of conditions, each cleaned; decided parts dropped; ``false`` if any fails."""
    out: list[sp.Basic] = []
    for c in conds:
        c = to_expr(c)
        if isinstance(c, sp.And):
            sub = simplify_conditions(c.args, facts)
            if sub is sp.false:
                return sp.false
            if sub is not sp.true:
                out.extend(sub.args if isinstance(sub, sp.And) else [sub])
            continue
        if isinstance(c, Relational) and c.rel_op in _OPS:
            c = clean_relation(c, facts)
        else:
            d = decide_by_signs(c, facts)
            if d is not None:
                c = sp.true if d else sp.false
        if c is sp.false or c == sp.false:
            return sp.false
        if c is sp.true or c == sp.true:
            continue
        if c not in out:
            out.append(c)
    if not out:
        return sp.true
    out.sort(key=sp.default_sort_key)
    return sp.And(*out, evaluate=False) if len(out) > 1 else out[0]


def reality_conditions(expr: sp.Expr, exclude: Iterable[sp.Symbol] = ()) -> list[sp.Basic]:
    """Domain conditions for ``expr`` to be real: ``log`` arguments > 0, even roots of >= 0."""
    out: list[sp.Basic] = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.log):
            out.append(node.args[0] > 0)
        elif node.is_Pow and node.exp.is_Rational and not node.exp.is_Integer:
            out.append(node.base > 0 if node.exp.is_negative else node.base >= 0)
    return out


def _draw_one(sym: sp.Symbol, rng: random.Random) -> sp.Rational:
    den = 8
    if sym.is_integer:
        lo = 1 if sym.is_positive else (0 if sym.is_nonnegative else -5)
        return sp.Integer(rng.randint(lo, 6))
    if sym.is_positive:
        return sp.Rational(rng.randint(1, 10 * den), den)
    if sym.is_nonnegative:
        return sp.Rational(rng.randint(0, 10 * den), den)
    if sym.is_negative:
        return -sp.Rational(rng.randint(1, 10 * den), den)
    return sp.Rational(rng.randint(-10 * den, 10 * den), den)


def admissible_draws(symbols: Iterable[sp.Symbol], condition: Any, n: int = 3, *, seed: int = 0,
                     tries: int = 400, ranges: Mapping[sp.Symbol, tuple[float, float]] | None = None
                     ) -> list[dict[sp.Symbol, sp.Rational]]:
    """Up to ``n`` random rational parameter points satisfying ``condition`` (rejection sampling).

    Values respect the symbols' assumptions (positive, nonnegative, integer); deterministic for a
    given ``seed``.
    """
    syms = sorted(set(symbols), key=sp.default_sort_key)
    rng = random.Random(seed)
    cond = to_expr(condition)
    draws = []
    for _ in range(tries):
        draw = {}
        for s in syms:
            if ranges and s in ranges:
                lo, hi = ranges[s]
                draw[s] = sp.Rational(round(rng.uniform(lo, hi) * 64), 64)
            else:
                draw[s] = _draw_one(s, rng)
        draws.append(draw)
    # screen all draws at once in floating point, confirm the survivors exactly
    order: Sequence[int] = range(len(draws))
    if syms and cond not in (sp.true, sp.false):
        try:
            import numpy as np

            fn = sp.lambdify(syms, cond, modules="numpy")
            cols = [np.array([float(d[s]) for d in draws]) for s in syms]
            with np.errstate(all="ignore"):
                mask = np.broadcast_to(np.asarray(fn(*cols), dtype=bool), (len(draws),))
            order = [k for k in range(len(draws)) if mask[k]] + [k for k in range(len(draws)) if not mask[k]][:20]
        except Exception:  # noqa: BLE001 - fall back to exact checks of every draw
            order = range(len(draws))
    out: list[dict[sp.Symbol, sp.Rational]] = []
    for k in order:
        try:
            ok = cond.subs(draws[k])
        except (TypeError, ZeroDivisionError):  # pragma: no cover
            continue
        if ok is sp.true or ok == sp.true:
            out.append(draws[k])
            if len(out) >= n:
                break
    return out
