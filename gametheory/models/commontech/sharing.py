r"""Cost sharing in a common-technology consortium: the cooperative game, core, Shapley value, nucleolus.

A consortium (研发联盟) that buys the common technology must split the bill. Cooperative game
theory asks which splits no group of firms would walk away from (the **core**), and offers two
single-valued rules: the **Shapley value** (average marginal contribution) and the
**nucleolus** (lexicographically minimal complaints). The names follow R's ``CoopGame``
(``shapleyValue``, ``nucleolus``, ``belongsToCore``, ``isBalancedGame``) and ``GameTheory``
(``DefineGame``, ``ShapleyValue``, ``Nucleolus``).

Conventions
-----------
Players are ``0, …, n-1``; a coalition is a tuple of sorted player indices; :math:`v(\emptyset)=0`.
An allocation :math:`x` is **efficient** if :math:`x(N) = v(N)`; the **excess** of coalition
:math:`S` at :math:`x` is :math:`e(S, x) = v(S) - x(S)` (its complaint). Worths are *gains*
(a cost game :math:`c` enters as its savings game or as :math:`-c`).

* **Core**: efficient :math:`x` with :math:`e(S, x) \le 0` for every :math:`S`. Non-empty iff
  the game is balanced (Bondareva 1963; Shapley 1967), iff the least-core value
  :math:`\varepsilon_1 = \min_x \max_{S \ne \emptyset, N} e(S, x) \le 0`.
* **Shapley value** (Shapley 1953):
  :math:`\phi_i = \sum_{S \subseteq N \setminus i} \frac{|S|!\,(n-|S|-1)!}{n!}\,[v(S \cup i) - v(S)]`.
* **Nucleolus** (Schmeidler 1969): the imputation (:math:`x_i \ge v(\{i\})`, efficient) whose
  vector of excesses, sorted decreasingly, is lexicographically smallest; the **prenucleolus**
  drops :math:`x_i \ge v(\{i\})`. Both are computed by the sequence of linear programs of
  Maschler, Peleg & Shapley (1979): minimise the largest free excess, fix the coalitions that
  are tight at every optimum, repeat until the fixed coalitions determine :math:`x`. The LPs
  are solved by HiGHS (scipy); the point is then **reconstructed exactly** from the fixed
  coalitions (a linear system over the exact worths) and checked, so exact worths give an exact
  nucleolus (``method`` says which).

The consortium's game
---------------------
:meth:`CooperativeGame.from_technology` builds the game of the public-good form
(:class:`~gametheory.models.commontech.public_good.CommonTechnology`: payoff
:math:`v_i f(G) - g_i`). A coalition :math:`S` with :math:`V_S = \sum_{i \in S} v_i` can use
the technology however it is provided, so what it can guarantee depends on what outsiders do:

* ``kind="gamma"`` (default; Chander & Tulkens 1997, the γ-characteristic function of Hart &
  Kurz 1983): :math:`S` acts as one player against the outsiders playing as **singletons in
  Nash equilibrium**. Only the top valuation contributes, so either :math:`V_S \ge \max_{j
  \notin S} v_j` and :math:`S` buys :math:`G_S = \max\{g_0, \hat G(V_S)\}`:
  :math:`v(S) = V_S f(G_S) - (G_S - g_0)`; or a larger outsider :math:`j^*` buys
  :math:`\hat G(v_{j^*})` and :math:`S` free rides: :math:`v(S) = V_S f(\max\{g_0, \hat G(v_{j^*})\})`.
  Ties are resolved against :math:`S` (it pays), the conservative reading.
* ``kind="alpha"`` (Aumann & Peleg 1960; here :math:`\alpha = \beta`): outsiders do the worst
  to :math:`S`, i.e. contribute nothing, so :math:`v(S) = h(V_S)` with
  :math:`h(V) = \max_{G \ge g_0} V f(G) - (G - g_0)`. :math:`h` is convex in :math:`V` (a maximum
  of affine functions) and :math:`V_S` is additive, so the α-game is **convex** (supermodular):
  its core is non-empty and contains the Shapley value (Shapley 1971).

Both give :math:`v(N) = V f(G^*) - (G^* - g_0)`, the Samuelson surplus. The γ-game prices in
free riding: a small firm's worth is large when a big firm would buy the technology anyway.

References
----------
.. [1] Shapley, L. S. (1953). A value for n-person games. In Contributions to the Theory of
   Games II, 307-317. Princeton University Press.
.. [2] Schmeidler, D. (1969). The nucleolus of a characteristic function game. SIAM Journal on
   Applied Mathematics 17, 1163-1170.
.. [3] Maschler, M., Peleg, B. & Shapley, L. S. (1979). Geometric properties of the kernel,
   nucleolus and related solution concepts. Mathematics of Operations Research 4, 303-338.
.. [4] Bondareva, O. N. (1963); Shapley, L. S. (1967). On balanced sets and cores. Naval
   Research Logistics Quarterly 14, 453-460.
.. [5] Shapley, L. S. (1971). Cores of convex games. International Journal of Game Theory 1, 11-26.
.. [6] Aumann, R. J. & Maschler, M. (1985). Game theoretic analysis of a bankruptcy problem
   from the Talmud. Journal of Economic Theory 36, 195-213.
.. [7] O'Neill, B. (1982). A problem of rights arbitration from the Talmud. Mathematical Social
   Sciences 2, 345-371.
.. [8] Chander, P. & Tulkens, H. (1997). The core of an economy with multilateral environmental
   externalities. International Journal of Game Theory 26, 379-401.
.. [9] Hart, S. & Kurz, M. (1983). Endogenous formation of coalitions. Econometrica 51, 1047-1064.
.. [10] Aumann, R. J. & Peleg, B. (1960). Von Neumann-Morgenstern solutions to cooperative
   games without side payments. Bulletin of the AMS 66, 173-179.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import sympy as sp

from gametheory.core.params import DomainError, as_param, as_params, is_symbolic, rejects_text, to_expr
from gametheory.core.results import Result

from ._util import top_set

__all__ = [
    "CooperativeGame",
    "CoreMembership",
    "CoreSolution",
    "Allocation",
    "talmud_rule",
    "MAX_PLAYERS",
    "MAX_PLAYERS_NUCLEOLUS",
    "MAX_PLAYERS_SHAPLEY",
]

MAX_PLAYERS = 16
"""Largest game built or valued exactly by default (:math:`2^{16} - 1` coalitions); ``max_players`` raises it."""
MAX_PLAYERS_SHAPLEY = 14
"""Largest game whose exact Shapley value is computed by default (:math:`n 2^{n-1}` sympy marginals, ~10 s)."""
MAX_PLAYERS_NUCLEOLUS = 10
"""Largest game whose nucleolus / core LPs are solved by default (1022 constraints per LP)."""

_DIGITS = 40          # precision of the numeric sign decisions on exact (possibly transcendental) worths
_TOL = 1e-9           # LP tolerance for "tight"


# ----------------------------------------------------------------------------------------------
# results
# ----------------------------------------------------------------------------------------------
@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class Allocation(Result):
    r"""A single-valued sharing rule's allocation (Shapley value, nucleolus, prenucleolus).

    Attributes
    ----------
    rule : str
        ``"shapley"``, ``"nucleolus"`` or ``"prenucleolus"``.
    payoffs : tuple
        :math:`x_i`; exact when ``method`` says so.
    excess_levels : tuple
        Nucleolus: the successive minimised maximal excesses :math:`\varepsilon_1 > \varepsilon_2 > \dots`
        (:math:`\varepsilon_1` is the least-core value); empty for the Shapley value.
    in_core : bool
        Whether the allocation is in the core (exact decision).
    max_excess : number
        :math:`\max_{S \ne \emptyset, N} e(S, x)`.
    method : str
    """

    rule: str
    payoffs: tuple
    excess_levels: tuple
    in_core: Any
    max_excess: Any
    method: str = "exact"


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class CoreMembership(Result):
    r"""The exact test of a proposed split against every coalition.

    Attributes
    ----------
    allocation : tuple
    efficient : bool
        :math:`x(N) = v(N)`.
    in_core : bool
        Efficient and no coalition blocks.
    blocking : tuple of tuples
        Coalitions with :math:`x(S) < v(S)` (they would walk away), largest excess first.
    max_excess : number
        :math:`\max_{S \ne \emptyset, N} e(S, x)`.
    coalitions_checked : int
        :math:`2^n - 2`.
    """

    allocation: tuple
    efficient: bool
    in_core: bool
    blocking: tuple
    max_excess: Any
    coalitions_checked: int
    method: str = "exact enumeration of coalitions"


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class CoreSolution(Result):
    r"""Is the core non-empty, and a point of it.

    Attributes
    ----------
    nonempty : bool
        :math:`\varepsilon_1 \le 0` (Bondareva–Shapley: the game is balanced).
    least_core_value : number
        :math:`\varepsilon_1 = \min_{x(N)=v(N)} \max_{S} e(S, x)` (exact when ``method`` says so).
    allocation : tuple
        A point of the least core — the prenucleolus, which is in the core when the core is
        non-empty.
    balanced_collection : tuple of tuples
        When the core is empty: coalitions with positive Bondareva–Shapley weights (the LP
        duals), the certificate that no split satisfies all of them.
    """

    nonempty: bool
    least_core_value: Any
    allocation: tuple
    balanced_collection: tuple
    method: str = "least-core LP (HiGHS), exact reconstruction"


# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------
def _sign(x: Any) -> int:
    """Sign of a numeric sympy expression: exact for exact input (decided at high precision, then
    by simplify); with floats inside, values within a relative 1e-9 of 0 count as 0."""
    x = to_expr(x)
    if x.is_Rational:
        return 1 if x > 0 else -1 if x < 0 else 0
    if x.free_symbols:
        raise DomainError("cannot decide a sign for symbolic worths here; give numbers")
    val = x.evalf(_DIGITS)
    if not val.is_number or val.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        raise DomainError(f"worth is not finite: {x}")
    if x.has(sp.Float):                   # float inputs: equal up to rounding (relative 1e-9)
        scale = 1 + max(abs(float(a)) for a in x.atoms(sp.Number))
        return 0 if abs(float(val)) <= 1e-9 * scale else (1 if val > 0 else -1)
    if abs(val) > sp.Float(10) ** (-(_DIGITS - 10)):
        return 1 if val > 0 else -1
    s = sp.simplify(x)
    if s == 0:
        return 0
    val = s.evalf(2 * _DIGITS)
    return 1 if val > 0 else -1 if val < 0 else 0


def _check_size(n: int, limit: int, what: str, option: str = "max_players") -> None:
    if n > limit:
        raise DomainError(f"{what}: n = {n} players means {2 ** n - 1} coalitions, above the limit "
                          f"n <= {limit}; pass {option}={n} to allow it (time and memory grow as 2^n)")


def _coalitions(n: int) -> list[tuple[int, ...]]:
    return [c for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]


# ----------------------------------------------------------------------------------------------
# the game
# ----------------------------------------------------------------------------------------------
@rejects_text(choices=('kind',))
@dataclass(frozen=True, repr=False)
class CooperativeGame:
    r"""A transferable-utility game :math:`(N, v)` with exact (or symbolic) worths.

    Parameters
    ----------
    n : int
        Number of players, :math:`1 \le n \le` ``max_players``.
    worth : mapping
        Coalition (an iterable of player indices ``0..n-1``) to its worth :math:`v(S)`; numbers
        or sympy expressions. Coalitions not listed are worth 0 (as ``v(∅)``).
    max_players : int, default :data:`MAX_PLAYERS`
        Size guard: the game stores all :math:`2^n - 1` worths.

    Raises
    ------
    DomainError
        A coalition with an index outside ``0..n-1`` or repeated, a non-finite or text worth,
        or :math:`n` above the guard.

    Notes
    -----
    Methods: :meth:`shapley_value`, :meth:`nucleolus`, :meth:`prenucleolus`, :meth:`core`
    (non-emptiness and a point), :meth:`in_core` (exact membership of a proposed split),
    :meth:`is_superadditive`, :meth:`is_convex`. Constructors: :meth:`from_function`,
    :meth:`glove`, :meth:`bankruptcy`, :meth:`from_technology`.

    Examples
    --------
    The glove game: players 0 and 1 hold a left glove, player 2 a right one; a pair is worth 1.

    >>> g = CooperativeGame.glove(left=2, right=1)
    >>> g.shapley_value().payoffs          # 2 enters last after 0 or 1 in 4 of 6 orders
    (1/6, 1/6, 2/3)
    >>> g.nucleolus().payoffs, g.in_core((0, 0, 1)).in_core   # the core is the single point
    ((0, 0, 1), True)
    """

    n: int
    worth: Mapping
    max_players: int = MAX_PLAYERS

    def __post_init__(self) -> None:
        n = as_param(self.n, "n", positive=True, integer=True)
        limit = as_param(self.max_players, "max_players", positive=True, integer=True)
        if not (n.is_number and limit.is_number):
            raise DomainError("n and max_players must be numbers")
        n, limit = int(n), int(limit)
        _check_size(n, limit, "CooperativeGame")
        if not isinstance(self.worth, Mapping):
            raise DomainError(f"worth must be a mapping from coalitions to numbers, got {type(self.worth).__name__}")
        table = {c: sp.Integer(0) for c in _coalitions(n)}
        for key, value in self.worth.items():
            if isinstance(key, (str, bytes)):
                raise DomainError(f"worth: a coalition is a tuple of player indices, not text {key!r}")
            try:
                members = [int(to_expr(i)) for i in (key if hasattr(key, "__iter__") else (key,))]
            except (TypeError, ValueError) as exc:
                raise DomainError(f"worth: coalition {key!r} must hold integer player indices") from exc
            if len(set(members)) != len(members) or any(i < 0 or i >= n for i in members):
                raise DomainError(f"worth: coalition {key!r} must name distinct players in 0..{n - 1}")
            if not members:
                if to_expr(value) != 0:
                    raise DomainError("worth of the empty coalition must be 0")
                continue
            table[tuple(sorted(members))] = as_param(value, f"worth{tuple(sorted(members))}")
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "max_players", limit)
        object.__setattr__(self, "worth", table)

    def __repr__(self) -> str:
        return f"CooperativeGame(n={self.n}, v(N)={sp.sstr(self.value(range(self.n)))})"

    # -- constructors --------------------------------------------------------------------------
    @classmethod
    def from_function(cls, n: int, function: Callable[[tuple], Any], *,
                      max_players: int = MAX_PLAYERS) -> "CooperativeGame":
        r"""The game with :math:`v(S) = ` ``function(S)`` for every non-empty coalition ``S`` (a sorted tuple).

        Examples
        --------
        >>> CooperativeGame.from_function(3, lambda S: len(S) ** 2).shapley_value().payoffs   # symmetric
        (3, 3, 3)
        """
        if not callable(function):
            raise DomainError("function must be callable: coalition (tuple of indices) -> worth")
        n_ = as_param(n, "n", positive=True, integer=True)
        _check_size(int(n_), int(as_param(max_players, "max_players", positive=True, integer=True)),
                    "CooperativeGame.from_function")
        return cls(int(n_), {S: function(S) for S in _coalitions(int(n_))}, max_players)

    @classmethod
    def glove(cls, left: int, right: int) -> "CooperativeGame":
        r"""The glove market: players ``0..left-1`` hold a left glove, the others a right one;
        :math:`v(S) = \min\{\#\text{left in } S, \#\text{right in } S\}`.
        """
        left_ = int(as_param(left, "left", nonnegative=True, integer=True))
        right_ = int(as_param(right, "right", nonnegative=True, integer=True))
        return cls.from_function(left_ + right_, lambda S: min(sum(1 for i in S if i < left_),
                                                               sum(1 for i in S if i >= left_)))

    @classmethod
    def bankruptcy(cls, estate: Any, claims: Sequence[Any]) -> "CooperativeGame":
        r"""The bankruptcy game of O'Neill (1982): :math:`v(S) = \max\{0, E - \sum_{j \notin S} d_j\}`.

        Its nucleolus is the Talmud rule (Aumann & Maschler 1985, see :func:`talmud_rule`).

        Examples
        --------
        >>> CooperativeGame.bankruptcy(200, (100, 200, 300)).nucleolus().payoffs   # Mishna: 50, 75, 75
        (50, 75, 75)
        """
        E = as_param(estate, "estate", nonnegative=True)
        d = as_params(claims, "claims", nonnegative=True)
        total = sp.Add(*d)
        return cls.from_function(len(d), lambda S: sp.Max(0, E - (total - sp.Add(*[d[i] for i in S]))))

    @classmethod
    def from_technology(cls, technology: Any, *, kind: str = "gamma", max_players: int = 12) -> "CooperativeGame":
        r"""The consortium game of a :class:`~gametheory.models.commontech.CommonTechnology`.

        See the module docstring: ``kind="gamma"`` (outsiders are Nash singletons; they may
        provide and let :math:`S` free ride) or ``"alpha"`` (outsiders provide nothing;
        :math:`v(S) = h(V_S)`, a convex game).

        Examples
        --------
        Valuations (3, 2, 1), :math:`f = \log`: :math:`\hat G(v) = v`. γ: firm 1 alone free rides
        on firm 0's :math:`G = 3`: :math:`v(\{1\}) = 2 \log 3 = \log 9`; the grand coalition buys
        :math:`G^* = 6`: :math:`v(N) = 6 \log 6 - 6`.

        >>> from gametheory.models.commontech import CommonTechnology
        >>> g = CooperativeGame.from_technology(CommonTechnology((3, 2, 1)))
        >>> g.value((1,)), g.value((0, 1, 2))
        (log(9), -6 + 6*log(6))
        """
        from .public_good import CommonTechnology

        if not isinstance(technology, CommonTechnology):
            raise DomainError(f"technology must be a CommonTechnology, got {type(technology).__name__}")
        if kind not in ("gamma", "alpha"):
            raise DomainError(f"kind must be 'gamma' or 'alpha', got {kind!r}")
        tech = technology
        n = tech.n
        _check_size(n, int(as_param(max_players, "max_players", positive=True, integer=True)),
                    "CooperativeGame.from_technology")
        v, g0, f = tech.valuations, tech.government, tech.benefit

        def own(VS: sp.Expr) -> sp.Expr:
            level = sp.Max(g0, tech.stand_alone_level(VS)) if not is_symbolic([VS, g0]) else \
                tech.stand_alone_level(VS)
            return VS * f(level) - (level - g0)

        def worth(S: tuple) -> sp.Expr:
            VS = sp.Add(*[v[i] for i in S])
            out = [v[j] for j in range(n) if j not in S]
            if kind == "alpha" or not out:
                return own(VS)
            top, _ = top_set([VS] + out)
            if top[0] == 0:                   # S is (weakly) the top agent: it pays
                return own(VS)
            level = sp.Max(g0, tech.stand_alone_level(max(out, key=lambda e: float(e))))
            return VS * f(level)

        if is_symbolic(list(v) + [g0]):
            raise DomainError("from_technology needs numeric valuations and government provision")
        return cls.from_function(n, lambda S: sp.simplify(worth(S)), max_players=max(n, MAX_PLAYERS))

    # -- basic ---------------------------------------------------------------------------------
    def value(self, coalition: Sequence[int]) -> sp.Expr:
        r""":math:`v(S)` of a coalition (any iterable of player indices; empty gives 0)."""
        members = tuple(sorted(int(to_expr(i)) for i in coalition))
        if not members:
            return sp.Integer(0)
        if members not in self.worth:
            raise DomainError(f"coalition {members} is not a set of players in 0..{self.n - 1}")
        return self.worth[members]

    def excess(self, coalition: Sequence[int], allocation: Sequence[Any]) -> sp.Expr:
        r""":math:`e(S, x) = v(S) - \sum_{i \in S} x_i`."""
        x = self._allocation(allocation)
        S = tuple(coalition)
        return self.value(S) - sp.Add(*[x[int(to_expr(i))] for i in S])

    def _allocation(self, allocation: Sequence[Any]) -> tuple:
        x = as_params(allocation, "allocation")
        if len(x) != self.n:
            raise DomainError(f"allocation needs one payoff per player ({self.n}), got {len(x)}")
        return x

    def _numeric(self) -> None:
        if any(w.free_symbols for w in self.worth.values()):
            raise DomainError("this solver needs numeric worths; substitute numbers for the symbols")

    # -- properties ----------------------------------------------------------------------------
    def is_superadditive(self, *, max_players: int = 12) -> bool:
        r""":math:`v(S \cup T) \ge v(S) + v(T)` for all disjoint :math:`S, T` (enumerated; :math:`3^n` pairs)."""
        self._numeric()
        _check_size(self.n, int(as_param(max_players, "max_players", positive=True, integer=True)),
                    "is_superadditive")
        for S in self.worth:
            rest = [i for i in range(self.n) if i not in S]
            for k in range(1, len(rest) + 1):
                for T in itertools.combinations(rest, k):
                    if _sign(self.value(S + T) - self.value(S) - self.value(T)) < 0:
                        return False
        return True

    def is_convex(self) -> bool:
        r"""Supermodular: :math:`v(S \cup i) - v(S)` non-decreasing in :math:`S` for :math:`i \notin S`
        (checked on :math:`v(S \cup i) + v(S \cup j) \le v(S \cup i \cup j) + v(S)`, :math:`n^2 2^n` tests)."""
        self._numeric()
        for S in [()] + list(self.worth):
            rest = [i for i in range(self.n) if i not in S]
            for i, j in itertools.combinations(rest, 2):
                d = self.value(S + (i, j)) + self.value(S) - self.value(S + (i,)) - self.value(S + (j,))
                if _sign(d) < 0:
                    return False
        return True

    # -- Shapley value -------------------------------------------------------------------------
    def shapley_value(self, *, max_players: int = MAX_PLAYERS_SHAPLEY) -> Allocation:
        r"""The Shapley value :math:`\phi_i = \sum_{S \not\ni i} \frac{|S|!(n-|S|-1)!}{n!}[v(S\cup i) - v(S)]`.

        Exact (sympy arithmetic, symbolic worths allowed); :math:`n 2^{n-1}` marginal contributions.
        ``in_core`` is decided for numeric worths (None for symbolic ones).
        """
        n = self.n
        _check_size(n, int(as_param(max_players, "max_players", positive=True, integer=True)), "shapley_value")
        weights = [sp.Rational(math.factorial(k) * math.factorial(n - k - 1), math.factorial(n)) for k in range(n)]
        phi = []
        for i in range(n):
            others = [j for j in range(n) if j != i]
            total = sp.Integer(0)
            for k in range(n):
                part = sp.Integer(0)
                for S in itertools.combinations(others, k):
                    part += self.value(tuple(sorted(S + (i,)))) - self.value(S)
                total += weights[k] * part
            phi.append(sp.nsimplify(total) if total.is_Rational else sp.simplify(total))
        symbolic = any(p.free_symbols for p in phi)
        member = None if symbolic else self.in_core(phi)
        return Allocation(rule="shapley", payoffs=tuple(phi), excess_levels=(),
                          in_core=None if member is None else member.in_core,
                          max_excess=None if member is None else member.max_excess,
                          method="exact (sum over coalitions)")

    # -- core ----------------------------------------------------------------------------------
    def in_core(self, allocation: Sequence[Any]) -> CoreMembership:
        r"""Exact test of a proposed split :math:`x`: efficient and :math:`x(S) \ge v(S)` for every :math:`S`.

        Examples
        --------
        >>> g = CooperativeGame(3, {(0, 1): 1, (0, 2): 1, (1, 2): 1, (0, 1, 2): 1})   # majority game
        >>> m = g.in_core((sp.Rational(1, 3),) * 3)
        >>> m.in_core, m.blocking[0], m.max_excess                  # any pair gets 2/3 < 1
        (False, (0, 1), 1/3)
        """
        self._numeric()
        x = self._allocation(allocation)
        if any(e.free_symbols for e in x):
            raise DomainError("allocation must be numeric for the exact core test")
        efficient = _sign(sp.Add(*x) - self.value(range(self.n))) == 0
        excesses = []
        for S, w in self.worth.items():
            if len(S) == self.n:
                continue
            e = w - sp.Add(*[x[i] for i in S])
            excesses.append((S, e))
        blocking = [(S, e) for S, e in excesses if _sign(e) > 0]
        blocking.sort(key=lambda se: (-float(se[1]), len(se[0]), se[0]))
        if excesses:
            top = max(excesses, key=lambda se: float(se[1]))[1]
            max_excess = _nice(top)
        else:
            max_excess = sp.Integer(0)
        return CoreMembership(allocation=tuple(x), efficient=efficient, in_core=efficient and not blocking,
                              blocking=tuple(S for S, _ in blocking), max_excess=max_excess,
                              coalitions_checked=len(excesses))

    def core(self, *, max_players: int = MAX_PLAYERS_NUCLEOLUS) -> CoreSolution:
        r"""Is the core non-empty? The least-core value :math:`\varepsilon_1` and a point of the least core.

        :math:`\varepsilon_1 = \min\{\varepsilon : x(N) = v(N),\ x(S) \ge v(S) - \varepsilon\ \forall S\}`
        (an LP; its exact value comes from the exact prenucleolus reconstruction). The core is
        non-empty iff :math:`\varepsilon_1 \le 0` (Bondareva–Shapley). When it is empty,
        ``balanced_collection`` lists the coalitions with positive dual weights.

        Examples
        --------
        >>> g = CooperativeGame(3, {(0, 1): 1, (0, 2): 1, (1, 2): 1, (0, 1, 2): 1})
        >>> c = g.core()                      # weights 1/2 on each pair: 3/2 > v(N) = 1
        >>> c.nonempty, c.least_core_value, c.balanced_collection
        (False, 1/3, ((0, 1), (0, 2), (1, 2)))
        """
        pre = self._lexicographic(imputation=False, max_players=max_players)
        eps1 = pre["levels"][0] if pre["levels"] else sp.Integer(0)
        nonempty = _sign(eps1) <= 0
        balanced = () if nonempty else pre["first_duals"]
        return CoreSolution(nonempty=nonempty, least_core_value=eps1, allocation=pre["x"],
                            balanced_collection=balanced,
                            method="least-core LP (HiGHS), " + pre["how"])

    def is_balanced(self) -> bool:
        """Whether the core is non-empty (Bondareva–Shapley); R CoopGame's ``isBalancedGame``."""
        return self.core().nonempty

    # -- nucleolus -----------------------------------------------------------------------------
    def nucleolus(self, *, max_players: int = MAX_PLAYERS_NUCLEOLUS) -> Allocation:
        r"""The nucleolus (Schmeidler 1969) by the LP sequence of Maschler, Peleg & Shapley (1979).

        Needs a non-empty imputation set, :math:`\sum_i v(\{i\}) \le v(N)`. Exact worths give an
        exact point (reconstructed from the tight coalitions and verified); otherwise floats.
        """
        self._numeric()
        if _sign(self.value(range(self.n)) - sp.Add(*[self.value((i,)) for i in range(self.n)])) < 0:
            raise DomainError("the imputation set is empty (sum of v({i}) > v(N)): no nucleolus; "
                              "use prenucleolus()")
        out = self._lexicographic(imputation=True, max_players=max_players)
        return self._as_allocation("nucleolus", out)

    def prenucleolus(self, *, max_players: int = MAX_PLAYERS_NUCLEOLUS) -> Allocation:
        r"""The prenucleolus: as :meth:`nucleolus` over all efficient :math:`x` (no individual rationality)."""
        out = self._lexicographic(imputation=False, max_players=max_players)
        return self._as_allocation("prenucleolus", out)

    def _as_allocation(self, rule: str, out: dict) -> Allocation:
        member = self.in_core(out["x"])
        return Allocation(rule=rule, payoffs=out["x"], excess_levels=tuple(out["levels"]),
                          in_core=member.in_core, max_excess=member.max_excess,
                          method="LP sequence (Maschler-Peleg-Shapley, HiGHS), " + out["how"])

    def _lexicographic(self, *, imputation: bool, max_players: int) -> dict:
        """The (pre)nucleolus LP sequence; returns x, levels, first-stage dual support, how."""
        from scipy.optimize import linprog

        self._numeric()
        n = self.n
        _check_size(n, int(as_param(max_players, "max_players", positive=True, integer=True)), "nucleolus")
        grand = self.value(range(n))
        if n == 1:
            return {"x": (grand,), "levels": [], "first_duals": (), "how": "exact (one player)"}
        coalitions = [S for S in self.worth if len(S) < n]
        rows = np.zeros((len(coalitions), n))
        for k, S in enumerate(coalitions):
            rows[k, list(S)] = 1.0
        vals = np.array([float(self.worth[S]) for S in coalitions])
        vN = float(grand)
        lower = [float(self.value((i,))) if imputation else None for i in range(n)]
        bounds = [(lo, None) for lo in lower] + [(None, None)]
        fixed: dict[int, int] = {}          # coalition index -> stage
        levels: list[float] = []
        span = [np.ones(n)]
        free = set(range(len(coalitions)))
        first_duals: tuple = ()
        x = None
        for stage in range(2 * n + 2):
            if not free or np.linalg.matrix_rank(np.array(span)) >= n:
                break
            fr = sorted(free)
            A_ub = np.hstack([-rows[fr], -np.ones((len(fr), 1))])        # v(S) - x(S) <= t
            b_ub = -vals[fr]
            eq_rows = [np.append(np.ones(n), 0.0)]
            b_eq = [vN]
            for k, st in fixed.items():
                eq_rows.append(np.append(rows[k], 0.0))
                b_eq.append(vals[k] - levels[st])
            c = np.zeros(n + 1)
            c[-1] = 1.0
            res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=np.array(eq_rows), b_eq=np.array(b_eq),
                          bounds=bounds, method="highs")
            if res.status != 0:
                raise DomainError(f"nucleolus LP failed at stage {stage + 1}: {res.message}")
            t = float(res.x[-1])
            x = res.x[:n]
            duals = -np.asarray(res.ineqlin.marginals)
            if stage == 0:
                first_duals = tuple(coalitions[fr[k]] for k in range(len(fr)) if duals[k] > _TOL)
            new = [fr[k] for k in range(len(fr)) if duals[k] > _TOL]
            base = np.linalg.matrix_rank(np.array(span))
            if not new or np.linalg.matrix_rank(np.array(span + [rows[k] for k in new])) == base:
                new = self._tight_everywhere(fr, rows, vals, t, A_ub, b_ub, eq_rows, b_eq, bounds, x)
            levels.append(t)
            for k in new:
                fixed[k] = len(levels) - 1
                free.discard(k)
                span.append(rows[k])
            # coalitions whose x(S) is now determined leave the free set
            r = np.linalg.matrix_rank(np.array(span))
            for k in sorted(free):
                if np.linalg.matrix_rank(np.array(span + [rows[k]])) == r:
                    free.discard(k)
        if x is None:
            raise DomainError("nucleolus: no LP was solved")
        exact = self._reconstruct(coalitions, fixed, levels, x, imputation)
        if exact is not None:
            xs, lv = exact
            floats = any(w.has(sp.Float) for w in self.worth.values())
            return {"x": xs, "levels": lv, "first_duals": first_duals,
                    "how": "reconstructed from the tight coalitions (float worths)" if floats
                    else "exact reconstruction (verified)"}
        return {"x": tuple(sp.Float(v) for v in x), "levels": [sp.Float(t) for t in levels],
                "first_duals": first_duals, "how": "numeric (exact reconstruction failed)"}

    @staticmethod
    def _tight_everywhere(fr, rows, vals, t, A_ub, b_ub, eq_rows, b_eq, bounds, x) -> list:
        """Coalitions tight at ``t`` in every optimum: max x(S) over the optimal face stays at v(S) - t."""
        from scipy.optimize import linprog

        n = rows.shape[1]
        out = []
        bnd = list(bounds[:-1]) + [(t, t + _TOL)]
        for k, idx in enumerate(fr):
            if vals[idx] - rows[idx] @ x < t - 1e-7:
                continue
            c = np.append(-rows[idx], 0.0)
            res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=np.array(eq_rows), b_eq=np.array(b_eq),
                          bounds=bnd, method="highs")
            if res.status == 0 and vals[idx] + res.fun >= t - 1e-7:
                out.append(idx)
        if not out:    # theory guarantees one; numerically take the tightest
            slack = [vals[idx] - rows[idx] @ x for idx in fr]
            out = [fr[int(np.argmax(slack))]]
        return out

    def _reconstruct(self, coalitions, fixed, levels, x, imputation) -> tuple | None:
        """Solve the tight equalities exactly (unknowns x and the levels) and verify them."""
        n, K = self.n, len(levels)
        eqs, rhs = [], []
        eqs.append([1] * n + [0] * K)
        rhs.append(self.value(range(n)))
        for k, st in fixed.items():
            row = [1 if i in coalitions[k] else 0 for i in range(n)] + [1 if j == st else 0 for j in range(K)]
            eqs.append(row)
            rhs.append(self.worth[coalitions[k]])
        if imputation:
            for i in range(n):
                if abs(x[i] - float(self.value((i,)))) < 1e-7:
                    eqs.append([1 if j == i else 0 for j in range(n)] + [0] * K)
                    rhs.append(self.value((i,)))
        M = sp.Matrix(eqs)
        b = sp.Matrix(rhs)
        if M.rank() < n + K:
            return None
        try:
            sol, params = M.gauss_jordan_solve(b)
        except ValueError:
            return None
        if params.shape[0]:
            return None
        sol = [sp.nsimplify(s) if s.is_Rational else sp.simplify(s) for s in sol]
        xs, lv = tuple(sol[:n]), list(sol[n:])
        # verify against the numeric solution and every constraint of every stage
        if any(abs(float(a) - b_) > 1e-6 for a, b_ in zip(xs, x)):
            return None
        if any(abs(float(a) - b_) > 1e-6 for a, b_ in zip(lv, levels)):
            return None
        if imputation and any(_sign(xs[i] - self.value((i,))) < 0 for i in range(n)):
            return None
        for S in coalitions:               # no complaint above the first (largest) level
            e = self.worth[S] - sp.Add(*[xs[i] for i in S])
            if lv and _sign(e - lv[0]) > 0:
                return None
        for a, b_ in zip(lv, lv[1:]):
            if _sign(b_ - a) > 0:
                return None
        return xs, [_nice(v) for v in lv]


def _nice(x: Any) -> sp.Expr:
    x = to_expr(x)
    return x if x.is_Rational else sp.simplify(x)


# ----------------------------------------------------------------------------------------------
# the Talmud rule (closed form, independent of the LPs)
# ----------------------------------------------------------------------------------------------
@rejects_text
def talmud_rule(estate: Any, claims: Sequence[Any]) -> tuple:
    r"""The Talmud rule for dividing an estate :math:`E` among claims :math:`d_i` (Aumann & Maschler 1985).

    If :math:`E \le D/2` (:math:`D = \sum_i d_i`): constrained equal awards on half-claims,
    :math:`x_i = \min\{d_i/2, \lambda\}`; otherwise :math:`x_i = d_i - \min\{d_i/2, \mu\}`
    (equal losses on half-claims), with :math:`\lambda, \mu` set so that :math:`\sum_i x_i = E`.
    It equals the nucleolus of the bankruptcy game (their Theorem A).

    Parameters
    ----------
    estate : number, :math:`0 \le E \le D`
    claims : sequence of numbers :math:`d_i \ge 0`

    Examples
    --------
    >>> talmud_rule(100, (100, 200, 300)), talmud_rule(300, (100, 200, 300))   # the Mishna's table
    ((100/3, 100/3, 100/3), (50, 100, 150))
    """
    E = as_param(estate, "estate", nonnegative=True)
    d = as_params(claims, "claims", nonnegative=True)
    if is_symbolic(list(d) + [E]):
        raise DomainError("talmud_rule needs numeric estate and claims")
    D = sp.Add(*d)
    if E > D:
        raise DomainError(f"estate {E} exceeds the total claims {D}")
    half = [c / 2 for c in d]

    def equal_awards(amount: sp.Expr, caps: list) -> list:
        # constrained equal awards: min(cap_i, lam) summing to amount
        order = sorted(range(len(caps)), key=lambda i: caps[i])
        out = [sp.Integer(0)] * len(caps)
        left, remaining = amount, len(caps)
        for i in order:
            share = left / remaining
            if caps[i] <= share:
                out[i] = caps[i]
                left -= caps[i]
                remaining -= 1
            else:
                for j in order[order.index(i):]:
                    out[j] = share
                break
        return out

    if E <= D / 2:
        x = equal_awards(E, half)
    else:
        losses = equal_awards(D - E, half)
        x = [c - l for c, l in zip(d, losses)]
    return tuple(sp.nsimplify(v) if to_expr(v).is_Rational else v for v in x)
