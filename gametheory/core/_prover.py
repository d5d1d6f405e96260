"""Signs of symbolic expressions from assumptions: the prover behind symbolic game conditions.

:class:`Prover` decides whether a sympy expression is positive, non-negative, … from the
symbols' own assumptions plus extra facts (relations and Q-predicates joined by ``&``). It factors
the expression and proves each factor with a linear-programming (Farkas) certificate that is then
verified exactly in rational arithmetic, so a floating-point solver never decides a sign. What it
cannot prove stays an open condition. Used by :mod:`gametheory.core.normal_form` (equilibrium
conditions, dominance) and by the models.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np
from gametheory.core.lazy_sympy import sp

from gametheory.core._validate import DomainError
from gametheory.core._validate import to_expr
from gametheory.core.params import rejects_text

__all__ = ["Prover"]


# ---------------------------------------------------------------------------------------------
# the prover for symbolic inequalities
# ---------------------------------------------------------------------------------------------
def _collect_facts(assumptions: Any) -> list[tuple[sp.Expr, bool]]:
    """Turn a sympy Boolean of relations / Q-predicates into facts (g, strict): g > 0 or g >= 0."""
    if assumptions is None or assumptions is True or assumptions is sp.true:
        return []
    if isinstance(assumptions, (list, tuple, set, frozenset)):
        return [f for a in assumptions for f in _collect_facts(a)]
    if isinstance(assumptions, (bool, np.bool_)):
        if not assumptions:
            raise DomainError("assumptions are False")
        return []
    if assumptions is sp.false:
        raise DomainError("assumptions are False")
    if isinstance(assumptions, sp.And):
        return [f for a in assumptions.args for f in _collect_facts(a)]
    if isinstance(assumptions, sp.core.relational.Relational):
        lhs, rhs, op = assumptions.lhs, assumptions.rhs, assumptions.rel_op
        if op in (">", ">="):
            return [(sp.expand(lhs - rhs), op == ">")]
        if op in ("<", "<="):
            return [(sp.expand(rhs - lhs), op == "<")]
        if op == "==":
            d = sp.expand(lhs - rhs)
            return [(d, False), (-d, False)]
        return []
    if isinstance(assumptions, sp.assumptions.AppliedPredicate):
        name = assumptions.function.name if hasattr(assumptions.function, "name") else str(assumptions.function)
        args = assumptions.arguments
        table = {"positive": (1, True), "nonnegative": (1, False), "negative": (-1, True), "nonpositive": (-1, False)}
        if name in table and len(args) == 1:
            sgn, strict = table[name]
            return [(sp.expand(sgn * args[0]), strict)]
        rel = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "=="}
        if name in rel and len(args) == 2:
            return _collect_facts(sp.Rel(args[0], args[1], rel[name]))
        return []
    if isinstance(assumptions, sp.Basic) and (assumptions.is_Boolean or isinstance(assumptions, sp.logic.boolalg.Boolean)):
        return []  # Or, Not, Xor, ...: sound to ignore (fewer facts can only prove less)
    raise DomainError(f"assumptions must be sympy relations or Q-predicates joined by &, got {assumptions!r}")


@rejects_text
class Prover:
    """Decide signs of sympy expressions from symbol assumptions and extra facts.

    Parameters
    ----------
    assumptions : sympy Boolean, sequence of them, or None
        A conjunction of relations (``a > c``, ``b >= 0``) and Q-predicates
        (``Q.positive(x - y)``). Disjunctions are not used.

    Notes
    -----
    ``sign(d)`` returns ``"pos"``, ``"neg"``, ``"zero"``, ``"nonneg"``, ``"nonpos"`` or ``None``
    (undecided). It cancels and factors ``d`` and decides each factor by sympy's assumptions or by
    a Farkas certificate ``f = c_0 + \\sum_k \\lambda_k g_k`` with :math:`\\lambda_k, c_0 \\ge 0`
    over the facts :math:`g_k \\ge 0` / :math:`g_k > 0` (and monomials of known sign), found by
    :func:`scipy.optimize.linprog` and verified exactly.

    Examples
    --------
    >>> T, R, P, S = sp.symbols("T R P S")
    >>> pr = Prover((T > R) & (R > P) & (P > S))
    >>> pr.sign(T - P), pr.sign(S - R), pr.sign(2*T - R - P)
    ('pos', 'neg', 'pos')
    """

    def __init__(self, assumptions: Any = None) -> None:
        self.assumptions = assumptions
        self.facts = _collect_facts(assumptions)
        self._cache: dict[sp.Expr, str | None] = {}
        self._farkas_cache: dict[tuple, bool] = {}
        self._product_cache: dict[tuple, list] = {}
        self._poly_cache: dict[tuple, dict] = {}
        self._factor_cache: dict[sp.Expr, tuple] = {}

    # public --------------------------------------------------------------------------------
    def sign(self, d: Any) -> str | None:
        d = to_expr(d) if not isinstance(d, sp.Basic) else d
        if d in self._cache:
            return self._cache[d]
        s = self._sign(d)
        self._cache[d] = s
        return s

    def decide(self, d: Any, strict: bool) -> bool | None:
        """Is ``d > 0`` (strict) / ``d >= 0`` provably true (True), provably false (False), open (None)?"""
        s = self.sign(d)
        if strict:
            return {"pos": True, "neg": False, "zero": False, "nonpos": False}.get(s) if s else None
        return {"pos": True, "zero": True, "nonneg": True, "neg": False}.get(s) if s else None

    # internals -----------------------------------------------------------------------------
    def factored(self, d: sp.Expr) -> tuple[sp.Expr, list[tuple[sp.Expr, sp.Expr]]]:
        """``d = coeff * prod(base**exp)``: a numeric coefficient and irreducible factors (cached).

        Polynomials go through :meth:`sympy.Poly.factor_list` (linear ones are only made primitive);
        rational functions and anything else through :func:`sympy.cancel` and :func:`sympy.factor`.
        """
        if d in self._factor_cache:
            return self._factor_cache[d]
        syms = sorted(d.free_symbols, key=str)
        out: tuple[sp.Expr, list] | None = None
        if not syms:
            out = (sp.nsimplify(d) if d.is_Float else d, [])
        else:
            try:
                p = sp.Poly(d, *syms)
                if p.domain.is_QQ or p.domain.is_ZZ:
                    if p.is_zero:
                        out = (sp.Integer(0), [])
                    elif p.total_degree() <= 1:
                        c, prim = p.primitive()
                        out = (c, [(prim.as_expr(), sp.Integer(1))])
                    else:
                        c, flist = p.factor_list()
                        out = (c, [(f.as_expr(), sp.Integer(m)) for f, m in flist])
            except (sp.PolynomialError, sp.GeneratorsNeeded, sp.CoercionFailed):
                out = None
        if out is None:
            f = sp.factor(sp.cancel(d))
            coeff, factors = f.as_coeff_mul()
            out = (coeff, [fac.as_base_exp() for fac in factors])
        self._factor_cache[d] = out
        return out

    def _sign(self, d: sp.Expr) -> str | None:
        if d.is_zero:                                 # not `== 0`: Float(0.0) != 0 in sympy
            return "zero"
        if d.is_number:
            return _assumption_sign(d)
        coeff, factors = self.factored(d)
        if coeff.is_zero:
            return "zero"
        if not factors:
            return _assumption_sign(coeff)
        total = 1 if coeff > 0 else -1
        weak = False
        for base, exp in factors:
            bs = self._factor_sign(base)
            if exp.is_Integer and int(exp) % 2 == 0:
                if bs in ("pos", "neg"):
                    continue
                if bs == "zero":
                    return "zero"
                weak = True  # an even power is >= 0
                continue
            if bs is None:
                return _assumption_sign(d)  # whatever sympy says (possibly nonneg/nonpos), else None
            if bs == "zero":
                return "zero"
            if bs in ("neg", "nonpos"):
                total = -total
            if bs in ("nonneg", "nonpos"):
                weak = True
        if weak:
            return "nonneg" if total > 0 else "nonpos"
        return "pos" if total > 0 else "neg"

    def _factor_sign(self, g: sp.Expr) -> str | None:
        s = _assumption_sign(g)
        if s in ("pos", "neg", "zero"):
            return s
        if self._farkas(g, True):
            return "pos"
        if self._farkas(-g, True):
            return "neg"
        if s is not None:
            return s
        if self._farkas(g, False):
            return "nonneg"
        if self._farkas(-g, False):
            return "nonpos"
        return None

    def _farkas(self, f: sp.Expr, strict: bool) -> bool:
        """Certificate f = c0 + sum lam_k g_k (lam, c0 >= 0; strict: c0 > 0 or a strict g used).

        Tried first with the facts themselves (and monomials of known sign), then — for polynomial
        f of degree >= 2 — with pairwise products of facts as well (degree-2 certificates).
        """
        key = (f, strict)
        if key in self._farkas_cache:
            return self._farkas_cache[key]
        syms = tuple(sorted(f.free_symbols.union(*(g.free_symbols for g, _ in self.facts)), key=str))
        base = self._base_facts(syms)
        ok = bool(base) and self._farkas_with(f, base, syms, strict)
        if not ok and base and len(base) <= 16:
            try:
                degree = sp.Poly(f, *syms).total_degree() if syms else 0
            except (sp.PolynomialError, sp.GeneratorsNeeded, sp.CoercionFailed):
                degree = 1
            if degree >= 2:
                ok = self._farkas_with(f, base + self._products(syms), syms, strict)
        self._farkas_cache[key] = ok
        return ok

    def _base_facts(self, syms: tuple) -> list[tuple[sp.Expr, bool]]:
        facts = list(self.facts)
        for x in syms:  # linear facts from the symbols' own assumptions
            sx = _assumption_sign(x)
            if sx in ("pos", "nonneg"):
                facts.append((x, sx == "pos"))
            elif sx in ("neg", "nonpos"):
                facts.append((-x, sx == "neg"))
        return facts

    def _products(self, syms: tuple) -> list[tuple[sp.Expr, bool]]:
        if syms not in self._product_cache:
            base = self._base_facts(syms)
            self._product_cache[syms] = [(sp.expand(g1 * g2), s1 and s2)
                                         for (g1, s1), (g2, s2) in itertools.combinations_with_replacement(base, 2)]
        return self._product_cache[syms]

    def _poly_dicts(self, exprs: list[sp.Expr], syms: tuple) -> tuple[list[dict], tuple] | None:
        try:
            dicts = []
            for e in exprs:
                k = (e, syms)
                if k not in self._poly_cache:
                    self._poly_cache[k] = sp.Poly(e, *syms).as_dict() if syms else {(): e}
                dicts.append(self._poly_cache[k])
            return dicts, syms
        except (sp.PolynomialError, sp.GeneratorsNeeded, sp.CoercionFailed):
            pass
        try:
            polys, info = sp.parallel_poly_from_expr(exprs)
        except (sp.PolynomialError, sp.GeneratorsNeeded, sp.CoercionFailed):
            return None
        return [p.as_dict() for p in polys], info["gens"]

    def _farkas_with(self, f: sp.Expr, facts: list[tuple[sp.Expr, bool]], syms: tuple, strict: bool) -> bool:
        facts = list(facts)
        converted = self._poly_dicts([f] + [g for g, _ in facts], syms)
        if converted is None:
            return False
        dicts, gens = converted
        dicts = [dict(d) for d in dicts]
        if any(any(not (to_expr(c).is_Rational) for c in dct.values()) for dct in dicts):
            return False
        # monomial facts from symbol assumptions
        monos = sorted({m for dct in dicts for m in dct if any(m)})
        for m in monos:
            mexpr = sp.Mul(*[gg**e for gg, e in zip(gens, m)])
            s = _assumption_sign(mexpr)
            if s == "pos":
                facts.append((mexpr, True)); dicts.append({m: sp.Integer(1)})
            elif s == "nonneg":
                facts.append((mexpr, False)); dicts.append({m: sp.Integer(1)})
            elif s == "neg":
                facts.append((-mexpr, True)); dicts.append({m: sp.Integer(-1)})
            elif s == "nonpos":
                facts.append((-mexpr, False)); dicts.append({m: sp.Integer(-1)})
        fd, gds = dicts[0], dicts[1:]
        K = len(gds)
        if K == 0:
            return False
        zero = tuple(0 for _ in gens)
        if any(m not in {mm for g in gds for mm in g} for m in fd if any(m)):
            return False
        rows = sorted({m for g in gds for m in g if any(m)} | {m for m in fd if any(m)})
        from scipy.optimize import linprog

        A_eq = np.array([[float(g.get(m, 0)) for g in gds] for m in rows]) if rows else np.zeros((0, K))
        b_eq = np.array([float(fd.get(m, 0)) for m in rows])
        const = np.array([float(g.get(zero, 0)) for g in gds])
        f0 = float(fd.get(zero, 0))
        # variables lam_k (k < K); c0 = f0 - const.lam >= 0  <=>  const.lam <= f0
        strict_mask = np.array([1.0 if facts[k][1] else 0.0 for k in range(K)])
        if strict:
            c = -(strict_mask - const)  # maximise c0 + sum_strict lam  (c0 = f0 - const.lam)
        else:
            c = np.zeros(K)
        res = linprog(c, A_ub=const[None, :], b_ub=[f0], A_eq=A_eq if rows else None, b_eq=b_eq if rows else None,
                      bounds=[(0, 1e4)] * K, method="highs")
        if res.status != 0:
            return False
        lam = [Fraction(float(v)).limit_denominator(10**6) if v > 1e-9 else Fraction(0) for v in res.x]
        return self._verify(f, facts[:K], lam, strict) or self._verify_exact(f, facts[:K], gds, fd, rows, zero, lam, strict)

    @staticmethod
    def _verify(f: sp.Expr, facts: list[tuple[sp.Expr, bool]], lam: list[Fraction], strict: bool) -> bool:
        rest = sp.expand(f - sum((sp.Rational(l.numerator, l.denominator) * g for (g, _), l in zip(facts, lam) if l), sp.Integer(0)))
        if rest.free_symbols:
            return False
        if rest.is_negative:
            return False
        if not strict:
            return True
        return bool(rest.is_positive) or any(l > 0 and st for (_, st), l in zip(facts, lam))

    def _verify_exact(self, f, facts, gds, fd, rows, zero, lam, strict) -> bool:
        support = [k for k, l in enumerate(lam) if l > 0]
        if not support or not rows:
            return False
        syms = sp.symbols(f"_l0:{len(support)}")
        eqs = [sp.Eq(sum(gds[k].get(m, 0) * s for k, s in zip(support, syms)), fd.get(m, 0)) for m in rows]
        if any(e is sp.false for e in eqs):          # a row 0 = c != 0: no certificate
            return False
        eqs = [e for e in eqs if e is not sp.true]     # rows that hold identically (0 = 0)
        sol = sp.linsolve(eqs, syms)
        if not sol:
            return False
        (vals,) = sol
        if any(v.free_symbols for v in vals):
            vals = [v.subs({s: sp.Rational(lam[k].numerator, lam[k].denominator) for k, s in zip(support, syms)}) for v in vals]
        if any(v.free_symbols or v < 0 for v in vals):
            return False
        full = [Fraction(0)] * len(facts)
        for k, v in zip(support, vals):
            full[k] = Fraction(int(sp.Rational(v).p), int(sp.Rational(v).q))
        return self._verify(f, facts, full, strict)


def _assumption_sign(e: sp.Expr) -> str | None:
    if e.is_zero:
        return "zero"
    if e.is_positive:
        return "pos"
    if e.is_negative:
        return "neg"
    if e.is_nonnegative:
        return "nonneg"
    if e.is_nonpositive:
        return "nonpos"
    return None


def _readable_relation(d: sp.Expr, strict: bool, prover: Prover | None = None) -> sp.Basic:
    """The relation ``d > 0`` / ``d >= 0`` written readably (positive factors dropped, sides split)."""
    prover = prover or Prover()
    coeff, factors = prover.factored(d)
    sign = 1 if coeff > 0 else -1
    keep = []
    for base, exp in factors:
        s = prover._factor_sign(base)
        if s == "pos" or (s == "neg" and exp.is_Integer and int(exp) % 2 == 0):
            continue
        if s == "neg" and exp.is_Integer:
            sign = -sign
            continue
        keep.append(base**exp)
    core = sign * sp.Mul(*keep) if keep else sp.Integer(sign)
    core = sp.expand(core) if len(keep) <= 1 else core
    lhs_terms, rhs_terms = [], []
    for term in sp.Add.make_args(core):
        c, _ = term.as_coeff_Mul()
        (rhs_terms.append(-term) if c < 0 else lhs_terms.append(term))
    lhs, rhs = sp.Add(*lhs_terms), sp.Add(*rhs_terms)
    return _oriented(lhs, rhs, strict)


def _oriented(lhs: sp.Expr, rhs: sp.Expr, strict: bool) -> sp.Basic:
    """``lhs >= rhs`` (``>``), written ``rhs <= lhs`` when lhs is a number (``T <= 1`` reads better)."""
    if lhs.is_number and not rhs.is_number:
        return sp.Lt(rhs, lhs) if strict else sp.Le(rhs, lhs)
    return sp.Gt(lhs, rhs) if strict else sp.Ge(lhs, rhs)


# ---------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------
