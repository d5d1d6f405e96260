r"""Recursive path models and their effect decomposition; seed 000's technology-power model.

A *path model* (the structural part of a structural equation model, SEM) is a directed graph of
variables whose arrows carry (standardised) path coefficients. When the graph has no cycle the
model is *recursive* and every effect of one variable on another decomposes into

* the **direct effect** — the coefficient of the arrow itself (0 when there is none);
* the **indirect effect** — the sum, over every route of two or more arrows, of the product of
  the coefficients along the route (Wright's 1934 path-tracing rule);
* the **total effect** — direct plus indirect.

With the coefficient matrix :math:`B` (here indexed ``B[cause, effect]``: row = cause, column =
effect) the route sums are the entries of the powers of :math:`B`, which is nilpotent for an
acyclic graph, so

.. math::  T = B + B^2 + \dots + B^{n-1} = (I - B)^{-1} - I, \qquad \text{indirect} = T - B.

(Bollen 1987; Sobel 1982 for the indirect effects.) Standardisation does not change the rule:
each standardised coefficient is :math:`b_{ts}\,\sigma_s/\sigma_t`, and along a route the standard
deviations telescope, so standardised indirect and total effects are the same sums of products
of standardised coefficients.

Coefficients given as ``int``, :class:`fractions.Fraction`, decimal strings (``"-0.183"``, parsed
exactly, never evaluated) or sympy numbers are kept exact (sympy ``Rational``); sympy symbols give
the effects as polynomials in the coefficients; floats stay floats.

Seed 000 (Lin, Cao & Zeng, *Innovation paths of heavy-industry clusters under technology power:
the Shanghai Lingang equipment-manufacturing cluster*, SEM on 156 firms) is bundled as data:
:func:`seed000` returns it, :meth:`PathModel.from_seed000` builds its structural model
(企业属性 firm attribute → 技术权力 technology power → 创新结网 innovation networking,
创新合作方式 cooperation mode, 创新区位 innovation location), and :func:`compare_with_table`
sets the computed decomposition beside the paper's own Table 4 with rigorous rounding bounds.

References
----------
.. [1] Wright, S. (1934). The method of path coefficients. Ann. Math. Statist. 5, 161-215.
.. [2] Sobel, M. E. (1982). Asymptotic confidence intervals for indirect effects in structural
   equation models. Sociological Methodology 13, 290-312.
.. [3] Bollen, K. A. (1987). Total, direct, and indirect effects in structural equation models.
   Sociological Methodology 17, 37-69.
.. [4] 林兰, 曹贤忠, 曾刚. 技术权力影响下重工业集群创新路径研究——以上海临港装备制造集群为例
   (Lin Lan, Cao Xianzhong, Zeng Gang: innovation paths of heavy-industry clusters under
   technology power), NSFC project 41771143 (seed 000 of this project).

Examples
--------
The textbook mediation model X → M → Y with a direct arrow X → Y (a = 1/2, b = 1/3, c = 1/4):
indirect effect a·b = 1/6, total c + a·b = 5/12.

>>> from fractions import Fraction as F
>>> m = PathModel([("X", "M", F(1, 2)), ("M", "Y", F(1, 3)), ("X", "Y", F(1, 4))])
>>> m.effects().effect("X", "Y")
Effect(direct=1/4, indirect=1/6, total=5/12)
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Iterable, Mapping, NamedTuple

import sympy as sp

from gametheory.core.params import DomainError, Number, as_param, parse_number, rejects_text, to_expr
from gametheory.core.results import Result

__all__ = [
    "Effect", "PathEffects", "PathModel", "Route", "TableRow",
    "compare_with_table", "published_table", "seed000",
]


@rejects_text
class Effect(NamedTuple):
    """Direct, indirect and total effect of one variable on another."""

    direct: sp.Expr
    indirect: sp.Expr
    total: sp.Expr


@rejects_text(init=False)
@dataclass(frozen=True)
class Route:
    """One route of two or more arrows from ``nodes[0]`` to ``nodes[-1]`` and its coefficient product."""

    nodes: tuple[str, ...]
    coefficients: tuple[sp.Expr, ...]
    product: sp.Expr

    @property
    def source(self) -> str:
        return self.nodes[0]

    @property
    def target(self) -> str:
        return self.nodes[-1]

    def __str__(self) -> str:
        return " → ".join(self.nodes) + ": " + " · ".join(sp.sstr(c) for c in self.coefficients) + " = " + sp.sstr(self.product)


@rejects_text(text=('source', 'target', 'variables'), choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class PathEffects(Result):
    """Effect decomposition of a recursive path model.

    Matrices are indexed ``[cause, effect]`` in the order of ``variables``: ``total[i, j]`` is
    the total effect of ``variables[i]`` on ``variables[j]``.
    """

    variables: tuple[str, ...]
    direct: sp.ImmutableMatrix
    indirect: sp.ImmutableMatrix
    total: sp.ImmutableMatrix
    exact: bool
    routes: tuple[Route, ...] = field(default=(), repr=False)
    conditions: sp.Boolean = sp.true
    method: str = "nilpotent series T = B + B^2 + ... = (I - B)^-1 - I; routes by depth-first search"

    def _index(self, name: str) -> int:
        try:
            return self.variables.index(name)
        except ValueError:
            raise DomainError(f"unknown variable {name!r}; variables: {', '.join(self.variables)}") from None

    def effect(self, source: str, target: str) -> Effect:
        """The (direct, indirect, total) effect of ``source`` on ``target``."""
        i, j = self._index(source), self._index(target)
        return Effect(self.direct[i, j], self.indirect[i, j], self.total[i, j])

    def routes_between(self, source: str, target: str) -> tuple[Route, ...]:
        """The indirect routes (two or more arrows) from ``source`` to ``target``."""
        self._index(source), self._index(target)
        return tuple(r for r in self.routes if r.source == source and r.target == target)

    def table(self, *, include_zero: bool = False) -> list[tuple[str, str, sp.Expr, sp.Expr, sp.Expr]]:
        """Rows (source, target, direct, indirect, total) in variable order; zero rows dropped by default."""
        rows = []
        n = len(self.variables)
        for i in range(n):
            for j in range(n):
                if i == j:
                    continue
                d, ind, tot = self.direct[i, j], self.indirect[i, j], self.total[i, j]
                if include_zero or not (d == 0 and ind == 0 and tot == 0):
                    rows.append((self.variables[i], self.variables[j], d, ind, tot))
        return rows


def _coefficient(value: Any, name: str) -> sp.Expr:
    if isinstance(value, bool):
        raise DomainError(f"{name} must be a number, got {value!r}")
    if isinstance(value, str):
        value = parse_number(value)
    return as_param(value, name)                  # Fraction -> Rational, float -> Float


def _normalise_paths(paths: Any) -> tuple[tuple[str, str, sp.Expr], ...]:
    if isinstance(paths, Mapping):
        items: Iterable[Any] = [(k[0], k[1], v) if isinstance(k, tuple) and len(k) == 2 else (k, None, v)
                                for k, v in paths.items()]
    elif isinstance(paths, (str, bytes)) or not isinstance(paths, Iterable):
        raise DomainError(f"paths must be (source, target, coefficient) triples or a mapping "
                          f"{{(source, target): coefficient}}, got {paths!r}")
    else:
        items = paths
    out = []
    seen: set[tuple[str, str]] = set()
    for item in items:
        if isinstance(item, Mapping):
            missing = {"source", "target", "coefficient"} - set(item)
            if missing:
                raise DomainError(f"path {dict(item)!r} lacks {', '.join(sorted(missing))}")
            item = (item["source"], item["target"], item["coefficient"])
        if not isinstance(item, (tuple, list)) or len(item) != 3:
            raise DomainError(f"each path must be (source, target, coefficient), got {item!r}")
        source, target, coef = item
        for end in (source, target):
            if not isinstance(end, str) or not end:
                raise DomainError(f"variable names must be non-empty strings, got {end!r} in path {item!r}")
        if (source, target) in seen:
            raise DomainError(f"duplicate path {source} → {target}")
        seen.add((source, target))
        out.append((source, target, _coefficient(coef, f"coefficient of {source} → {target}")))
    if not out:
        raise DomainError("a path model needs at least one path")
    return tuple(out)


def _find_cycle(variables: tuple[str, ...], paths: tuple[tuple[str, str, sp.Expr], ...]) -> list[str] | None:
    succ: dict[str, list[str]] = {v: [] for v in variables}
    for s, t, _ in paths:
        succ[s].append(t)
    state = {v: 0 for v in variables}  # 0 new, 1 on stack, 2 done
    stack: list[str] = []

    def visit(v: str) -> list[str] | None:
        state[v] = 1
        stack.append(v)
        for w in succ[v]:
            if state[w] == 1:
                return stack[stack.index(w):] + [w]
            if state[w] == 0:
                found = visit(w)
                if found:
                    return found
        stack.pop()
        state[v] = 2
        return None

    for v in variables:
        if state[v] == 0:
            found = visit(v)
            if found:
                return found
    return None


@rejects_text(text=('labels', 'name', 'paths', 'source', 'target', 'variables'))
@dataclass(frozen=True)
class PathModel:
    r"""A recursive (acyclic) path model with coefficients on its arrows.

    Parameters
    ----------
    paths : iterable of (source, target, coefficient), or mapping {(source, target): coefficient}
        The arrows. Coefficients: numbers, exact decimal strings (``"-0.183"``), Fractions or
        sympy expressions (symbols allowed). Dicts with keys ``source``, ``target``,
        ``coefficient`` are accepted too (the bundled JSON format).
    variables : sequence of str, optional
        The variables and their order in the effect matrices; by default the order of first
        appearance in ``paths``. Every path must connect listed variables.
    labels : mapping str → str, optional
        Display names (e.g. ``"technology power (技术权力)"``); not used in computation.

    Raises
    ------
    DomainError
        A cycle (the model would not be recursive: the decomposition below needs an acyclic
        graph), an unknown variable, a duplicate path, a NaN/infinite or non-numeric coefficient.

    Notes
    -----
    With :math:`B_{ij}` the coefficient of the arrow :math:`i \to j`, the total effects are
    :math:`T = \sum_{k \ge 1} B^k = (I - B)^{-1} - I` (the series stops at :math:`k = n - 1`
    because :math:`B` is nilpotent), the direct effects are :math:`B` and the indirect effects
    :math:`T - B`; entry :math:`(i, j)` of :math:`B^k` is the sum over routes of :math:`k`
    arrows from :math:`i` to :math:`j` of the product of their coefficients.

    Examples
    --------
    A chain X → M → Y without a direct arrow: the whole effect is indirect, a·b.

    >>> a, b = sp.symbols("a b")
    >>> e = PathModel([("X", "M", a), ("M", "Y", b)]).effects()
    >>> e.effect("X", "Y")
    Effect(direct=0, indirect=a*b, total=a*b)
    >>> PathModel([("X", "Y", 1), ("Y", "X", 1)])
    Traceback (most recent call last):
    ...
    gametheory.core._validate.DomainError: path model is not recursive: cycle X → Y → X (the effect decomposition needs an acyclic diagram)
    """

    paths: tuple[tuple[str, str, Number], ...]
    variables: tuple[str, ...] | None = None
    labels: tuple[tuple[str, str], ...] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        paths = _normalise_paths(self.paths)
        if self.variables is None:
            order: list[str] = []
            for s, t, _ in paths:
                for v in (s, t):
                    if v not in order:
                        order.append(v)
            variables = tuple(order)
        else:
            if isinstance(self.variables, str):
                raise DomainError(f"variables must be a sequence of names, got {self.variables!r}")
            variables = tuple(self.variables)
            if not variables or not all(isinstance(v, str) and v for v in variables):
                raise DomainError(f"variables must be non-empty strings, got {self.variables!r}")
            if len(set(variables)) != len(variables):
                raise DomainError(f"duplicate variable names in {variables!r}")
            for s, t, _ in paths:
                for v in (s, t):
                    if v not in variables:
                        raise DomainError(f"unknown variable {v!r} in path {s} → {t}; variables: {', '.join(variables)}")
        cycle = _find_cycle(variables, paths)
        if cycle:
            raise DomainError("path model is not recursive: cycle " + " → ".join(cycle)
                              + " (the effect decomposition needs an acyclic diagram)")
        labels = self.labels
        if labels is not None:
            items = labels.items() if isinstance(labels, Mapping) else labels
            labels = tuple((str(k), str(v)) for k, v in items)
            for k, _ in labels:
                if k not in variables:
                    raise DomainError(f"label for unknown variable {k!r}; variables: {', '.join(variables)}")
        object.__setattr__(self, "paths", paths)
        object.__setattr__(self, "variables", variables)
        object.__setattr__(self, "labels", labels)

    # -- construction ----------------------------------------------------------------------------
    @classmethod
    def from_seed000(cls) -> "PathModel":
        """Seed 000's structural model (Lin, Cao & Zeng; modified model, standardised, exact decimals).

        Examples
        --------
        >>> m = PathModel.from_seed000()
        >>> m.variables
        ('firm_attribute', 'technology_power', 'innovation_networking', 'cooperation_mode', 'innovation_location')
        >>> m.coefficient("technology_power", "innovation_networking")   # H1: -0.183
        -183/1000
        """
        data = seed000()
        return cls(paths=tuple((p["source"], p["target"], p["coefficient"]) for p in data["paths"]),
                   variables=tuple(v["id"] for v in data["variables"]),
                   labels=tuple((v["id"], f"{v['en']} ({v['zh']})") for v in data["variables"]))

    # -- accessors -------------------------------------------------------------------------------
    def label(self, name: str) -> str:
        """Display name of a variable (its label, or the name itself)."""
        return dict(self.labels or ()).get(name, name)

    def coefficient(self, source: str, target: str) -> sp.Expr:
        """The coefficient of the arrow ``source → target`` (0 when there is none)."""
        for v in (source, target):
            if v not in self.variables:  # type: ignore[operator]
                raise DomainError(f"unknown variable {v!r}; variables: {', '.join(self.variables)}")  # type: ignore[arg-type]
        for s, t, c in self.paths:
            if (s, t) == (source, target):
                return c  # type: ignore[return-value]
        return sp.Integer(0)

    def matrix(self) -> sp.ImmutableMatrix:
        """The coefficient matrix :math:`B` indexed ``[cause, effect]``."""
        idx = {v: k for k, v in enumerate(self.variables)}  # type: ignore[arg-type]
        n = len(idx)
        B = sp.zeros(n, n)
        for s, t, c in self.paths:
            B[idx[s], idx[t]] = c
        return sp.ImmutableMatrix(B)

    def topological_order(self) -> tuple[str, ...]:
        """Variables with every cause before its effects (ties in variable order)."""
        indeg = {v: 0 for v in self.variables}  # type: ignore[union-attr]
        for _, t, _ in self.paths:
            indeg[t] += 1
        order: list[str] = []
        ready = [v for v in self.variables if indeg[v] == 0]  # type: ignore[union-attr]
        while ready:
            v = ready.pop(0)
            order.append(v)
            for s, t, _ in self.paths:
                if s == v:
                    indeg[t] -= 1
                    if indeg[t] == 0:
                        ready.append(t)
            ready.sort(key=self.variables.index)  # type: ignore[union-attr]
        return tuple(order)

    def routes(self) -> tuple[Route, ...]:
        """Every route of two or more arrows, ordered by source, target, length, then nodes.

        The number of routes can grow exponentially with the size of a dense diagram; the
        matrix series in :meth:`effects` does not enumerate them.
        """
        variables = self.variables
        succ: dict[str, list[tuple[str, sp.Expr]]] = {v: [] for v in variables}  # type: ignore[union-attr]
        for s, t, c in self.paths:
            succ[s].append((t, c))  # type: ignore[arg-type]
        found: list[Route] = []

        def walk(nodes: list[str], coefs: list[sp.Expr]) -> None:
            if len(coefs) >= 2:
                found.append(Route(tuple(nodes), tuple(coefs), sp.expand(sp.Mul(*coefs))))
            for w, c in succ[nodes[-1]]:
                walk(nodes + [w], coefs + [c])

        for v in variables:  # type: ignore[union-attr]
            walk([v], [])
        pos = variables.index  # type: ignore[union-attr]
        found.sort(key=lambda r: (pos(r.source), pos(r.target), len(r.nodes), tuple(map(pos, r.nodes))))
        return tuple(found)

    # -- the decomposition -------------------------------------------------------------------------
    def effects(self, *, enumerate_routes: bool = True) -> PathEffects:
        """Direct, indirect and total effects of every variable on every other.

        Parameters
        ----------
        enumerate_routes : bool, default True
            Also list every indirect route with its coefficient product (``.routes``).

        Examples
        --------
        >>> e = PathModel.from_seed000().effects()
        >>> e.effect("innovation_networking", "cooperation_mode")   # 0.121 + 0.523 * 0.532
        Effect(direct=121/1000, indirect=69559/250000, total=99809/250000)
        """
        B = sp.Matrix(self.matrix())
        n = B.shape[0]
        total = sp.Matrix(B)
        power = sp.Matrix(B)
        for _ in range(n - 1):
            power = power * B
            if power.is_zero_matrix:
                break
            total += power
        total = total.applyfunc(sp.expand)
        indirect = (total - B).applyfunc(sp.expand)
        exact = not any(c.has(sp.Float) for _, _, c in self.paths)  # type: ignore[union-attr]
        return PathEffects(variables=self.variables,  # type: ignore[arg-type]
                           direct=sp.ImmutableMatrix(B), indirect=sp.ImmutableMatrix(indirect),
                           total=sp.ImmutableMatrix(total), exact=exact,
                           routes=self.routes() if enumerate_routes else ())


# ---------------------------------------------------------------------------------------------
# Seed 000 as data, and the comparison with a published effect table
# ---------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _seed000_text() -> str:
    return resources.files("gametheory").joinpath("data/seed000_paths.json").read_text(encoding="utf-8")


@rejects_text
def seed000() -> dict[str, Any]:
    """The bundled seed-000 data (variables, paths, Table 4, loadings, Table 5, fit, source).

    Numbers are stored as decimal strings exactly as printed in the paper. A fresh dict is
    returned on every call.

    Examples
    --------
    >>> [v["zh"] for v in seed000()["variables"]]
    ['企业属性', '技术权力', '创新结网', '创新合作方式', '创新区位']
    """
    return json.loads(_seed000_text())


@rejects_text
def published_table() -> tuple[tuple[str, str, Effect], ...]:
    """Seed 000's Table 4 (standardised direct, indirect, total effects) as exact rationals.

    Examples
    --------
    >>> published_table()[2]
    ('technology_power', 'cooperation_mode', Effect(direct=117/500, indirect=11/500, total=32/125))
    """
    return tuple((r["source"], r["target"], Effect(*(_coefficient(r[k], f"table_4 {k} effect") for k in ("direct", "indirect", "total"))))
                 for r in seed000()["table_4"])


@rejects_text
class TableRow(NamedTuple):
    """One row of :func:`compare_with_table`."""

    source: str
    target: str
    published: Effect
    computed: Effect
    difference: Effect          # computed - published
    bound: Effect               # largest difference explained by rounding
    agrees: tuple[bool, bool, bool]


def _rounding_bound(model: PathModel, effects: PathEffects, source: str, target: str,
                    h: sp.Rational) -> tuple[sp.Expr, sp.Expr]:
    """Largest change of the direct and indirect effect when every coefficient moves by at most h.

    For a route with coefficients c_1..c_k, |Π(c_i + e_i) − Π c_i| ≤ Π(|c_i| + h) − Π|c_i| when
    |e_i| ≤ h (expand the product); summed over routes.
    """
    direct = h if any((s, t) == (source, target) for s, t, _ in model.paths) else sp.Integer(0)
    indirect = sp.Integer(0)
    for r in effects.routes_between(source, target):
        abs_c = [abs(c) for c in r.coefficients]
        indirect += sp.Mul(*[a + h for a in abs_c]) - sp.Mul(*abs_c)
    return direct, indirect


@rejects_text
def compare_with_table(model: PathModel, table: Iterable[tuple[str, str, Effect]], *,
                       coefficient_rounding: Number = sp.Rational(1, 2000),
                       table_rounding: Number = sp.Rational(1, 2000)) -> tuple[TableRow, ...]:
    r"""Set a model's effect decomposition beside a published table, with rounding bounds.

    Published coefficients and effects are rounded (to 3 decimals: half-width 0.0005). The
    computed effect from the rounded coefficients may therefore differ from the published one by
    at most ``table_rounding`` plus the propagated coefficient rounding (for a route with
    coefficients :math:`c_i`, :math:`\prod(|c_i| + h) - \prod |c_i|`). A difference beyond that
    bound is a genuine disagreement (``agrees`` False), not rounding.

    Examples
    --------
    >>> m = PathModel.from_seed000()
    >>> row = compare_with_table(m, published_table())[4]     # innovation networking → cooperation mode
    >>> row.agrees, row.difference.indirect                    # 0.523 * 0.532 = 0.278236 vs 0.278
    ((True, True, True), 59/250000)
    """
    free = sorted({str(x) for _, _, c in model.paths for x in to_expr(c).free_symbols})
    if free:
        raise DomainError(f"compare_with_table needs numeric coefficients; free symbols: {', '.join(free)}")
    h = as_param(coefficient_rounding, "coefficient_rounding", nonnegative=True)
    g = as_param(table_rounding, "table_rounding", nonnegative=True)
    eff = model.effects()
    rows = []
    for source, target, pub in table:
        comp = eff.effect(source, target)
        pub = Effect(*[to_expr(v) for v in pub])
        diff = Effect(*[sp.expand(c - p) for c, p in zip(comp, pub)])
        bd, bi = _rounding_bound(model, eff, source, target, h)
        bound = Effect(bd + g, bi + g, bd + bi + g)
        agrees = tuple(bool(abs(d) <= b) for d, b in zip(diff, bound))
        rows.append(TableRow(source, target, pub, comp, diff, bound, agrees))  # type: ignore[arg-type]
    return tuple(rows)
