r"""The market block shared by every model family: linear-demand Cournot competition.

Inverse demand :math:`P = a - bQ`, firms with constant unit costs :math:`c_i`, quantities chosen
simultaneously. On an active set :math:`S` of :math:`m` firms the interior equilibrium is

.. math::

    q_i = \frac{a - (m+1)c_i + \sum_{j \in S} c_j}{b(m+1)}, \qquad
    P = \frac{a + \sum_{j\in S} c_j}{m+1}, \qquad \pi_i = b q_i^2,

valid while every :math:`q_i > 0`. A firm whose interior quantity would be :math:`\le 0` exits
(:math:`q_i = 0` is its best response when :math:`c_i \ge P`), and the rest are re-solved: the
active set is the largest set of lowest-cost firms whose marginal member still produces.

Welfare follows DESIGN "Conventions": :math:`CS = bQ^2/2`, :math:`PS = \sum_i \pi_i`,
:math:`W = CS + PS`.

Marginal effects on the active set (:math:`m` firms), used by the diffusion model and the
Lahiri–Ono diagnostic:

.. math::

    \frac{\partial q_i}{\partial c_j} = \frac{1}{b(m+1)}\ (j\ne i), \quad
    \frac{\partial q_i}{\partial c_i} = -\frac{m}{b(m+1)}, \quad
    \frac{\partial \pi_i}{\partial c_j} = \frac{2q_i}{m+1} > 0, \quad
    \frac{\partial \pi_i}{\partial c_i} = -\frac{2m\,q_i}{m+1} < 0, \quad
    \frac{\partial W}{\partial c_j} = \frac{Q - 2(m+1)q_j}{m+1}.

So lowering a firm's cost lowers welfare iff its market share :math:`q_j/Q < 1/(2(m+1))`
(Lahiri & Ono 1988).

References
----------
.. [1] Lahiri, S. & Ono, Y. (1988). Helping minor firms reduces welfare. Economic Journal 98, 1199-1202.
.. [2] Vives, X. (1999). Oligopoly Pricing, ch. 4. MIT Press.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

from gametheory.core.lazy_sympy import sp   # imported on first symbolic use (float batches never need it)

from gametheory.core.params import DomainError, Number, as_param, as_params, positive_decided, require
from gametheory.core.results import Result
from gametheory.core.params import rejects_text, to_expr

__all__ = ["Cournot", "MarketOutcome", "MarginalEffects", "cournot_batch", "cournot_segments", "cournot_unchecked"]


#: Most firms the symbolic active-set solver accepts (symbols or irrational numbers among the
#: parameters): it simplifies each firm's quantity, profit and deviation gain, whose expressions
#: grow with n (measured: 10 symbolic costs 2 s, 20 → 10 s, 30 → 34 s); above this it would run for
#: minutes. Exact rationals and floats have no such limit (O(n log n) closed form).
MAX_SYMBOLIC_FIRMS = 25

#: Most entries (n²) of the dense matrices of :meth:`Cournot.marginal_effects`.
MAX_MARGINAL_ENTRIES = 250_000


def _numeric_market(a: sp.Expr, b: sp.Expr, costs: Sequence[sp.Expr]):
    """``(a, b, costs, exact)`` as Python numbers when every parameter is a rational or a float, else None.

    Exact rationals become :class:`fractions.Fraction` (``exact=True``); if any parameter is a float,
    all become ``float`` (``exact=False``), as sympy would turn the results into floats.
    """
    values = (a, b, *costs)
    if all(isinstance(v, sp.Rational) for v in values):
        return (Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q)),
                [Fraction(int(c.p), int(c.q)) for c in costs], True)
    if all(isinstance(v, (sp.Rational, sp.Float)) for v in values):
        return float(a), float(b), [float(c) for c in costs], False
    return None


def _fast_active_set(a, costs):
    r"""Active set of a numeric linear Cournot market in O(n log n) (module docstring).

    Sort the costs, :math:`c_{(1)} \le \dots \le c_{(n)}`. With the :math:`m` cheapest firms active
    the marginal one produces iff its *gap*

    .. math::

        g_m = (a - c_{(m)}) - D_m > 0, \qquad D_m = \sum_{j \le m} (c_{(m)} - c_{(j)})
            = D_{m-1} + (m-1)(c_{(m)} - c_{(m-1)}),

    which is :math:`a - (m+1)c_{(m)} + S_m = (m+1)(P_m - c_{(m)})` written without cancellation:
    :math:`D_m` sums non-negative steps, so in floats :math:`g_m` is exactly
    :math:`\mathrm{fl}(a - c_{(1)}) > 0` for the cheapest block (tied costs add zero steps) and
    non-increasing in :math:`m` — the criterion holds for a prefix of :math:`m`, for every member of
    a block of tied costs alike (tied firms enter or exit together), and at least the cheapest firms
    produce whenever :math:`a > c_{(1)}`, however thin the margin. (The textbook form
    :math:`a - (m+1)c_{(m)} + S_m` rounds a margin of one ulp away: with :math:`a` one ulp above three
    tied costs it is :math:`\le 0` for every :math:`m`.) Exact input (integers, Fractions) gives
    exact gaps. Returns ``(order, m, gap)``: the cost order, the number of active firms (0 if none)
    and :math:`g_m` (``None`` when :math:`m = 0`).
    """
    n = len(costs)
    order = sorted(range(n), key=costs.__getitem__)
    best, gap = 0, None
    steps = 0                                     # D_m
    prev = costs[order[0]] if n else 0
    for m, i in enumerate(order, start=1):
        c = costs[i]
        steps = steps + (m - 1) * (c - prev)
        prev = c
        g = (a - c) - steps
        if g > 0:
            best, gap = m, g
        else:
            break
    return order, best, gap


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class MarketOutcome(Result):
    """Cournot equilibrium of the market block (field names fixed by DESIGN).

    Attributes
    ----------
    quantities, profits : tuple
        Per firm, in the order of ``costs``; firms outside the active set have 0.
    price, consumer_surplus, producer_surplus, welfare : number or sympy.Expr
    active : tuple of bool
        Which firms produce :math:`q_i > 0`.
    conditions : sympy.Boolean
        Parameter region where this active set is right (``True`` when decided).
    method : str
    max_deviation_gain : number or sympy.Expr
        Largest gain of a unilateral deviation to the best response (0 at an equilibrium).
    """

    quantities: tuple
    price: Number
    profits: tuple
    consumer_surplus: Number
    producer_surplus: Number
    welfare: Number
    active: tuple
    conditions: sp.Basic = field(default_factory=lambda: sp.true)
    method: str = "closed form"
    max_deviation_gain: Number = 0

    @property
    def total_quantity(self) -> Number:
        """Industry output :math:`Q`."""
        return sp.Add(*self.quantities)


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class MarginalEffects(Result):
    """Derivatives of the Cournot equilibrium in the unit costs, on the active set.

    ``dq[i][j]`` = ∂q_i/∂c_j, ``dprofit[i][j]`` = ∂π_i/∂c_j, ``dwelfare[j]`` = ∂W/∂c_j (zero rows and
    columns for inactive firms).
    """

    dq: tuple
    dprofit: tuple
    dwelfare: tuple
    conditions: sp.Basic = field(default_factory=lambda: sp.true)


def _undecided_entry(firm: int, quantity: sp.Expr) -> str:
    """The error message when a firm's entry depends on symbols the assumptions leave open."""
    free = sorted(quantity.free_symbols, key=str)
    names = ", ".join(map(str, free))
    text = (f"cannot decide which firms produce: firm {firm + 1} produces only if {quantity} > 0, "
            f"and the assumptions on {names} do not decide it")
    if len(free) == 1 and sp.Poly(quantity, free[0]).degree() == 1:
        x = free[0]
        slope = quantity.diff(x)
        cut = sp.solve(sp.Eq(quantity, 0), x)[0]
        if slope.is_positive:
            text += (f" (it needs {x} > {cut}). Declare it, e.g. {x} = {cut} + s with "
                     "s = sympy.Symbol('s', positive=True), or pass numbers")
            return text
    return text + "; declare the symbols' signs so that it is decided, or pass numbers"


@rejects_text
@dataclass(frozen=True)
class Cournot:
    r"""Linear-demand Cournot oligopoly with any number of firms.

    Parameters
    ----------
    a : number or sympy.Expr
        Demand intercept, :math:`a > \min_i c_i` (some firm can serve the market).
    b : number or sympy.Expr
        Demand slope, :math:`b > 0`.
    costs : sequence of number or sympy.Expr
        Unit costs :math:`c_i \ge 0`, a flat sequence (one entry per firm).

    Raises
    ------
    DomainError
        A parameter outside its domain; more than :data:`MAX_SYMBOLIC_FIRMS` (25) firms when a
        parameter is symbolic or irrational (the message names the size and the way out).

    Notes
    -----
    Two routes, the same answer:

    * every parameter an exact rational (``int``, ``Fraction``, ``sympy.Rational``) or a float:
      the active set in closed form — sort the costs, the largest prefix whose marginal firm
      still produces (:func:`_fast_active_set`) — in :math:`O(n \log n)` with exact
      integer/``Fraction`` arithmetic for exact input (floats for float input) and one conversion
      to sympy per reported value; no size limit (:math:`10^5` firms take well under a second).
      Floats: the entry test and :math:`P - c_i` are summed without cancellation, so whenever
      :math:`a > \min_i c_i` the cheapest firms produce :math:`q_i > 0`, even when :math:`a` is one
      ulp above the costs (then :math:`q_i` is tiny and the rounded price may equal the cost);
      every value carries the rounding of a few float operations (``max_deviation_gain`` shows it);
    * symbols (or irrational numbers): the symbolic solver, which carries the conditions
      :math:`q_i > 0` it cannot decide; at most :data:`MAX_SYMBOLIC_FIRMS` firms.

    :meth:`marginal_effects` builds dense :math:`n\times n` matrices, at most
    :data:`MAX_MARGINAL_ENTRIES` entries (:math:`n \le 500`).

    Examples
    --------
    Symmetric duopoly (textbook: :math:`q^* = (a-c)/3b`):

    >>> a, b, c = sp.symbols("a b c", positive=True)
    >>> Cournot(a, b, (c, c)).equilibrium().quantities
    ((a - c)/(3*b), (a - c)/(3*b))

    A high-cost firm exits: with :math:`a=10, b=1, c=(1, 7)` firm 2's interior quantity would be
    :math:`(10 - 14 + 1)/3 < 0`, so firm 1 is a monopolist, :math:`q_1 = (10-1)/2`:

    >>> Cournot(10, 1, (1, 7)).equilibrium().quantities
    (9/2, 0)
    """

    a: Number
    b: Number
    costs: tuple

    def __post_init__(self) -> None:
        object.__setattr__(self, "a", as_param(self.a, "a"))
        object.__setattr__(self, "b", as_param(self.b, "b", positive=True))
        object.__setattr__(self, "costs", as_params(self.costs, "costs", nonnegative=True))
        fast = _numeric_market(self.a, self.b, self.costs)
        # Derived state, set once here and never changed (the instance is frozen; no method caches
        # into it): _fast, the parameters as Python numbers (None when symbolic), and _domain.
        self._fast: Any
        self._domain: Any
        object.__setattr__(self, "_fast", fast)
        if fast is not None:
            # numbers only: the checks above decided every domain condition; O(n) from here
            lowest = min(fast[2])
            if not fast[0] > lowest:
                raise DomainError(f"demand intercept a={self.a} must exceed the lowest unit cost "
                                  f"{sp.Float(lowest) if isinstance(lowest, float) else sp.Rational(lowest.numerator, lowest.denominator)}: "
                                  "no firm can serve the market")
            object.__setattr__(self, "_domain", sp.true)
            return
        if len(self.costs) > MAX_SYMBOLIC_FIRMS:
            raise DomainError(
                f"Cournot with {len(self.costs)} firms and symbolic (or irrational) parameters: the symbolic "
                f"active-set solver is limited to {MAX_SYMBOLIC_FIRMS} firms (it simplifies every firm's "
                "quantity and deviation gain); substitute numbers — exact rationals (int, Fraction, "
                "sympy.Rational) or floats take the O(n log n) closed form at any size — or group "
                "identical firms into fewer cost tiers")
        lowest = self.costs[0] if len(self.costs) == 1 else sp.Min(*self.costs)
        require(self.a > lowest, f"demand intercept a={self.a} must exceed the lowest unit cost {lowest}: no firm can serve the market")
        # Domain conditions the symbols' assumptions leave open travel with every result.
        open_parts = [c for c in (require(self.b > 0, "b must be > 0"),
                                  *(require(c >= 0, "costs must be >= 0") for c in self.costs))
                      if c is not sp.true]
        object.__setattr__(self, "_domain", sp.And(*open_parts) if open_parts else sp.true)

    @property
    def n(self) -> int:
        """Number of firms."""
        return len(self.costs)

    # -- equilibrium ---------------------------------------------------------------------------
    def active_set(self) -> tuple[tuple[bool, ...], sp.Basic]:
        """The active set and the conditions under which it is right.

        Numeric (or decidable) costs: the largest set of lowest-cost firms whose highest-cost
        member has a positive interior quantity. Undecidable symbolic costs: all firms active,
        with the conditions :math:`q_i > 0` returned.
        """
        if self._fast is not None:
            return self._fast_solution()[0], sp.true
        n = self.n
        everyone = tuple(True for _ in range(n))
        qs = self._interior(everyone)
        decided = [positive_decided(q) for q in qs]
        if all(d is True for d in decided):
            return everyone, sp.true
        if any(d is None for d in decided):
            # Try the numeric route when the ordering of costs is known; otherwise keep them all.
            try:
                order = sorted(range(n), key=lambda i: self.costs[i])  # raises TypeError for symbols
            except TypeError:
                order = None
            if order is None or any(not to_expr(self.costs[i]).is_number for i in range(n)):
                # b(m+1) > 0, so q_i > 0 iff its numerator is positive
                conditions = sp.And(*[sp.simplify(q * self.b * (n + 1)) > 0 for q, d in zip(qs, decided) if d is None])
                return everyone, conditions
        order = sorted(range(n), key=lambda i: self.costs[i])
        for m in range(n, 0, -1):
            members = set(order[:m])
            # all firms tied with the marginal cost enter or exit together
            marginal = self.costs[order[m - 1]]
            if m < n and self.costs[order[m]] == marginal:
                continue
            active = tuple(i in members for i in range(n))
            q = self._interior(active)
            marginal_q = to_expr(q[order[m - 1]])
            if marginal_q.is_positive:
                return active, sp.true
            if marginal_q.is_positive is None:
                # the real cause: the sign depends on symbols whose assumptions do not decide it
                raise DomainError(_undecided_entry(order[m - 1], marginal_q))
        raise DomainError("no firm produces a positive quantity")  # unreachable: a > min cost

    def _fast_solution(self):
        r"""``(active, price, quantities, inactive_ok)`` in Python numbers for numeric parameters,
        solved on each call (O(n log n); nothing is cached into the frozen instance).

        Exact input is scaled to integers by the common denominator for the sort and the active-set
        test (both are scale-invariant), so no Fraction is compared or summed per firm; the
        quantities of active firms are then exact Fractions. ``inactive_ok[i]`` is True when firm
        ``i`` is inactive and its best reply is provably 0 (:math:`P \le c_i`).
        """
        a, b, costs, exact = self._fast
        keys, akey = costs, a
        if exact:
            den = math.lcm(a.denominator, *(c.denominator for c in costs))
            if den.bit_length() <= 1024:
                keys = [c.numerator * (den // c.denominator) for c in costs]
                akey = a.numerator * (den // a.denominator)
        order, m, gap = _fast_active_set(akey, keys)
        if m == 0:  # pragma: no cover - excluded by a > min cost (the gap of the cheapest firms is a - c_min)
            raise DomainError("no firm produces a positive quantity")
        members = order[:m]
        on = [False] * len(costs)
        for i in members:
            on[i] = True
        if exact:
            top = akey + sum(keys[i] for i in members)          # (m+1) P, scaled
            price = (a + sum(costs[i] for i in members)) / (m + 1)
            q = [(price - c) / b if act else 0 for c, act in zip(costs, on)]
            quiet = [not act and top <= (m + 1) * k for k, act in zip(keys, on)]
        else:
            # floats: P - c_i = g_m/(m+1) + (c_(m) - c_i), a sum of a positive margin and a
            # non-negative difference, so every active firm's quantity is > 0 even when the margin
            # is below the resolution of P (a one ulp above tied costs); P itself is rounded.
            marginal = costs[order[m - 1]]
            margin = gap / (m + 1)
            price = marginal + margin
            q = [(margin + (marginal - c)) / b if act else 0 for c, act in zip(costs, on)]
            quiet = [not act and c >= price for c, act in zip(costs, on)]
        return tuple(on), price, tuple(q), tuple(quiet)

    def _fast_equilibrium(self) -> MarketOutcome:
        """:meth:`equilibrium` for rational or float parameters: O(n log n), one conversion per value."""
        a, b, costs, exact = self._fast
        active, price, q, quiet = self._fast_solution()
        conv = _to_rational if exact else sp.Float
        zero = sp.Integer(0)
        Q = sum(x for x, act in zip(q, active) if act)
        profits = [b * qi * qi if act else 0 for qi, act in zip(q, active)]     # = (P - c_i) q_i
        cs = b * Q * Q / 2
        ps = sum(x for x, act in zip(profits, active) if act)
        # deviation gains: the best reply to Q_{-i} is r_i = max(0, (a - c_i - bQ_{-i})/2b) and earns
        # b r_i^2 (exactly 0 gain at an exact equilibrium; rounding shows for floats). An inactive
        # firm with P <= c_i (decided in the scaled integers) has r_i = 0 and gains 0.
        gain = None
        for c, qi, pi, skip in zip(costs, q, profits, quiet):
            if skip:
                g = 0
            else:
                r = (a - c - b * (Q - qi)) / (2 * b)
                g = (b * r * r if r > 0 else 0) - pi
            if gain is None or g > gain:
                gain = g
        return MarketOutcome(
            quantities=tuple(conv(x) if act else zero for x, act in zip(q, active)),
            price=conv(price),
            profits=tuple(conv(x) if act else zero for x, act in zip(profits, active)),
            consumer_surplus=conv(cs),
            producer_surplus=conv(ps),
            welfare=conv(cs + ps),
            active=active,
            conditions=sp.true,
            method="closed form (active set)" if not all(active) else "closed form",
            max_deviation_gain=conv(gain) if gain != 0 else zero,
        )

    def _interior(self, active: Sequence[bool]) -> list[sp.Expr]:
        # a - (m+1)c_i + S as (a - c_i) - sum_j (c_i - c_j): the same expression once sympy collects
        # terms, but sympy Floats among the parameters subtract tied costs to exactly 0 first, so a
        # one-ulp margin a - c survives (the textbook form rounds it to <= 0); O(m^2), m <= 25 here
        m = sum(active)
        members = [c for c, on in zip(self.costs, active) if on]
        return [
            sp.simplify(((self.a - c) - sp.Add(*[c - d for d in members])) / (self.b * (m + 1))) if on
            else sp.Integer(0)
            for c, on in zip(self.costs, active)
        ]

    def equilibrium(self) -> MarketOutcome:
        """The Cournot equilibrium on the correct active set (see the module docstring).

        Returns
        -------
        MarketOutcome
            With ``max_deviation_gain`` computed from each firm's best response
            :math:`\\max\\{0, (a - c_i - bQ_{-i})/2b\\}`.
        """
        if self._fast is not None:
            return self._fast_equilibrium()
        active, conditions = self.active_set()
        q = self._interior(active)
        Q = sp.Add(*q)
        price = sp.simplify(self.a - self.b * Q)
        profits = tuple(sp.simplify((price - c) * qi) for c, qi in zip(self.costs, q))
        cs = sp.simplify(self.b * Q**2 / 2)
        ps = sp.simplify(sp.Add(*profits))
        gain = self._deviation_gain(q, profits)
        return MarketOutcome(
            quantities=tuple(q),
            price=price,
            profits=profits,
            consumer_surplus=cs,
            producer_surplus=ps,
            welfare=sp.simplify(cs + ps),
            active=active,
            conditions=sp.And(conditions, self._domain),
            method="closed form (active set)" if not all(active) else "closed form",
            max_deviation_gain=gain,
        )

    def _deviation_gain(self, q: Sequence[sp.Expr], profits: Sequence[sp.Expr]) -> sp.Expr:
        Q = sp.Add(*q)
        gains = []
        for i, c in enumerate(self.costs):
            others = Q - q[i]
            br = (self.a - c - self.b * others) / (2 * self.b)
            if to_expr(br).is_number and br < 0:
                br = sp.Integer(0)
            elif not to_expr(br).is_number and q[i] == 0:
                br = sp.Integer(0)
            best = (self.a - self.b * (others + br) - c) * br
            gains.append(sp.simplify(best - profits[i]))
        if all(to_expr(g).is_number for g in gains):
            return max(gains)
        return sp.Max(*gains) if len(gains) > 1 else gains[0]

    def marginal_effects(self) -> MarginalEffects:
        r"""∂q/∂c, ∂π/∂c and ∂W/∂c on the active set (module docstring formulas).

        Examples
        --------
        Lahiri & Ono's example in STYLE.md, :math:`a=10, b=1, c=(1, c_2)`, by hand
        :math:`\partial W/\partial c_2 = (11c_2 - 47)/9`:

        >>> c2 = sp.Symbol("c2", positive=True)
        >>> sp.factor(Cournot(10, 1, (1, c2)).marginal_effects().dwelfare[1])
        (11*c2 - 47)/9
        """
        n = self.n
        if n * n > MAX_MARGINAL_ENTRIES:
            raise DomainError(
                f"marginal_effects of {n} firms builds two dense {n}x{n} matrices ({n * n} entries); they are "
                f"built only up to {MAX_MARGINAL_ENTRIES} entries. Every entry has a closed form on the active "
                "set (module docstring): dq_i/dc_j = 1/(b(m+1)), dq_i/dc_i = -m/(b(m+1)), "
                "dpi_i/dc_j = 2q_i/(m+1), dW/dc_j = (Q - 2(m+1)q_j)/(m+1) — compute the ones you need "
                "from equilibrium().quantities")
        active, conditions = self.active_set()
        if self._fast is not None:
            q = list(self.equilibrium().quantities)
        else:
            q = self._interior(active)
        simplify = (lambda x: x) if self._fast is not None else sp.simplify
        Q = sp.Add(*q)
        m = sum(active)
        dq, dprofit = [], []
        for i in range(n):
            row_q, row_p = [], []
            for j in range(n):
                if not (active[i] and active[j]):
                    row_q.append(sp.Integer(0))
                    row_p.append(sp.Integer(0))
                elif i == j:
                    row_q.append(-sp.Integer(m) / (self.b * (m + 1)))
                    row_p.append(simplify(-2 * m * q[i] / (m + 1)))
                else:
                    row_q.append(1 / (self.b * (m + 1)))
                    row_p.append(simplify(2 * q[i] / (m + 1)))
            dq.append(tuple(row_q))
            dprofit.append(tuple(row_p))
        dwelfare = tuple(simplify((Q - 2 * (m + 1) * q[j]) / (m + 1)) if active[j] else sp.Integer(0)
                         for j in range(n))
        return MarginalEffects(tuple(dq), tuple(dprofit), dwelfare, conditions)


def _to_rational(x) -> sp.Rational:
    """A :class:`fractions.Fraction` (or int) as a sympy Rational."""
    if isinstance(x, int):
        return sp.Integer(x)
    return sp.Rational(x.numerator, x.denominator)


@rejects_text
def cournot_segments(costs, segments, a, b=1.0) -> dict:
    r"""Many linear Cournot markets at once: one per segment id, each with its own active set.

    Firm :math:`i` sells only in market ``segments[i]``; market :math:`s` has inverse demand
    :math:`P_s = a_s - b_s Q_s`. Each market is solved by the closed-form active set of
    :class:`Cournot` (module docstring), vectorised over all markets: sort the firms by
    (segment, cost) — a sort by cost, then stable radix sorts on 16-bit segment keys —, and keep
    the :math:`k` cheapest firms of a segment while their gap
    :math:`g_k = (a_s - c_{(k)}) - D_k = a_s - (k+1)c_{(k)} + S_k > 0`, with
    :math:`D_k = \sum_{j \le k}(c_{(k)} - c_{(j)})` a running sum of non-negative steps within the
    segment (the form of :class:`Cournot`'s float path: no cancellation, the same for tied costs,
    so tied firms enter or exit together, and :math:`a_s - c_{(1)}` exactly for the cheapest, so
    they produce whenever :math:`a_s > c_{(1)}`, even one ulp above). Then
    :math:`P_s - c_i = g_{m_s}/(m_s+1) + c_{(m_s)} - c_i`,
    :math:`q_i = (P_s - c_i)/b_s > 0` for the :math:`m_s` active firms and 0 otherwise,
    :math:`\pi_i = b_s q_i^2`, :math:`CS_s = b_s Q_s^2/2`. Cost :math:`O(n \log n)` in floats
    (about 5 ms for :math:`10^5` firms).

    Parameters
    ----------
    costs : array_like of float, shape (n,)
        Unit costs :math:`c_i \ge 0`.
    segments : array_like of int, shape (n,)
        Market of each firm, integers in ``[0, 2**32)``; ``S = max + 1`` markets (some may be empty).
    a, b : float or array_like of shape (S,)
        Demand intercept and slope (:math:`b > 0`) of every market, or one per market.

    Returns
    -------
    dict of numpy arrays
        ``quantities``, ``profits`` (per firm); ``price``, ``firms_active``,
        ``consumer_surplus`` (per market; an empty market or one where nobody produces has price
        :math:`a_s`, no active firm and no surplus).

    Examples
    --------
    >>> out = cournot_segments([1.0, 1.5, 2.0, 1.0, 3.0], [0, 0, 0, 1, 1], a=4.0)
    >>> out["price"].tolist(), out["firms_active"].tolist()     # (4+4.5)/4; market 1: only c=1 produces
    ([2.125, 2.5], [3, 1])
    """
    import numpy as np

    c = np.asarray(costs)
    seg = np.asarray(segments)
    if c.ndim != 1 or c.dtype.kind not in "iuf" or seg.shape != c.shape:
        raise DomainError(f"costs must be a 1-D array of real numbers and segments one integer per firm; got "
                          f"costs {c.dtype} {c.shape}, segments {seg.dtype} {seg.shape}")
    c = c.astype(float)
    if not np.all(np.isfinite(c)) or np.any(c < 0):
        raise DomainError("costs must be finite and >= 0")
    if seg.dtype.kind not in "iu" or (seg.size and (seg.min() < 0 or seg.max() >= 2**32)):
        raise DomainError(f"segments must be integers in [0, 2**32), got dtype {seg.dtype}")
    n = c.size
    n_seg = int(seg.max()) + 1 if n else 0
    a_s = np.broadcast_to(np.asarray(a, dtype=float), (n_seg,)).copy() if np.ndim(a) == 0 else np.asarray(a, dtype=float)
    b_s = np.broadcast_to(np.asarray(b, dtype=float), (n_seg,)).copy() if np.ndim(b) == 0 else np.asarray(b, dtype=float)
    if a_s.shape != (n_seg,) or b_s.shape != (n_seg,):
        raise DomainError(f"a and b must be scalars or have one entry per market ({n_seg}), got {a_s.shape}, {b_s.shape}")
    if not (np.all(np.isfinite(a_s)) and np.all(np.isfinite(b_s)) and np.all(b_s > 0)):
        raise DomainError("a must be finite and b finite and > 0 in every market")
    if n == 0:
        z = np.zeros(0)
        return {"quantities": z, "profits": z, "price": z, "firms_active": np.zeros(0, dtype=np.int64),
                "consumer_surplus": z}
    seg = seg.astype(np.int64)
    order = np.argsort(c)                                          # any order of ties will do
    low = (seg & 0xFFFF).astype(np.uint16)
    order = order[np.argsort(low[order], kind="stable")]            # radix sort on 16-bit keys
    if n_seg > 0x10000:
        high = (seg >> 16).astype(np.uint16)
        order = order[np.argsort(high[order], kind="stable")]
    cs, ss = c[order], seg[order]
    counts = np.bincount(seg, minlength=n_seg)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rank = np.arange(n) - starts[ss]                               # 0-based position in the segment
    # gaps g_k = (a_s - c_(k)) - D_k within each segment (_fast_active_set): D_k sums the
    # non-negative steps (k-1)(c_(k) - c_(k-1)), zero at a segment's first firm and across ties
    diff = np.empty(n)
    diff[0] = 0.0
    np.subtract(cs[1:], cs[:-1], out=diff[1:])
    diff[starts[counts > 0]] = 0.0
    dsum = np.cumsum(rank * diff)
    before = dsum[starts[ss]]                                      # = the previous segments' sum (step 0)
    gaps = (a_s[ss] - cs) - (dsum - before)
    crit = gaps > 0       # a prefix of each segment, equal across tied costs: ties enter or exit together
    # m_s: the first position where the criterion fails
    key = np.where(crit, counts[ss], rank)
    nonempty = counts > 0
    m = np.zeros(n_seg, dtype=np.int64)
    m[nonempty] = np.minimum.reduceat(key, starts[nonempty])
    has = m > 0
    pos = np.where(has, starts + m - 1, 0)
    marginal = np.where(has, cs[pos], 0.0)
    margin = np.where(has, gaps[pos], 0.0) / (m + 1)
    price = np.where(has, marginal + margin, a_s)
    active = rank < m[ss]
    q_sorted = np.where(active, margin[ss] + (marginal[ss] - cs), 0.0) / b_s[ss]
    q = np.empty(n)
    q[order] = q_sorted
    profits = b_s[seg] * q * q
    Q = np.bincount(seg, weights=q, minlength=n_seg)
    return {"quantities": q, "profits": profits, "price": price, "firms_active": m,
            "consumer_surplus": 0.5 * b_s * Q * Q}


@rejects_text
def cournot_batch(a, b, costs) -> dict:
    r"""Many linear Cournot markets with the same number of firms, solved at once (numeric).

    ``costs[..., i]`` is firm :math:`i`'s unit cost in the market indexed by ``...``; each
    market has its own active set, found by the closed form of :class:`Cournot` vectorised over
    the markets: with sorted costs :math:`c_{(1)} \le \dots \le c_{(n)}` and prefix sums
    :math:`S_m`, :math:`P_m = (a + S_m)/(m+1)` and the active set is the largest :math:`m` with
    :math:`c_{(m)} < P_m` (the condition holds for a prefix of :math:`m`, and tied firms enter or
    exit together since :math:`c < P_m \iff c < P_{m+1}` for :math:`c = c_{(m)} = c_{(m+1)}`).
    In floats the test is :math:`g_m = (m+1)(P_m - c_{(m)}) > 0` summed without cancellation
    (:func:`_fast_active_set`), so tied firms get the same test and a one-ulp margin
    :math:`a > c_{(1)}` still lets the cheapest firms produce.
    Then :math:`q_i = \max(P - c_i, 0)/b` (as :math:`g_m/(m+1) + c_{(m)} - c_i`, positive for every
    active firm), :math:`\pi_i = b q_i^2`, :math:`CS = bQ^2/2`.
    The model families solve their numeric markets with it — for grids of cost vectors (the
    diffusion planner) and, through its unchecked lean path :func:`cournot_unchecked`, one small
    market at a time inside optimisers (asymmetric R&D, the Cournot form of common technology);
    :func:`cournot_segments` is the variant with one market per segment of a single firm list.

    Parameters
    ----------
    a, b : float or array_like
        Demand :math:`P = a - bQ`, broadcast against ``costs[..., 0]``; :math:`b > 0`.
    costs : array_like of float, shape (..., n)
        Unit costs :math:`c_i \ge 0`, any order.

    Returns
    -------
    dict of numpy arrays
        ``quantities`` and ``profits`` of shape ``(..., n)``; ``price``, ``firms_active`` and
        ``consumer_surplus`` of shape ``(...)`` (where nobody produces the price is :math:`a`).

    Examples
    --------
    Row 0: firm 2 exits (7 > (10 + 1)/2), monopoly price 11/2, q = 9/2; row 1: both produce,
    P = (10 + 1 + 2)/3 = 13/3, q = (10/3, 7/3):

    >>> out = cournot_batch(10.0, 1.0, [[1.0, 7.0], [1.0, 2.0]])
    >>> out["quantities"].round(6).tolist(), out["price"].round(6).tolist()
    ([[4.5, 0.0], [3.333333, 2.333333]], [5.5, 4.333333])
    """
    import numpy as np

    c = np.asarray(costs)
    if c.ndim < 1 or c.shape[-1] < 1 or c.dtype.kind not in "iuf":
        raise DomainError(f"costs must be an array of real numbers with firms on the last axis, got {c.dtype} {c.shape}")
    c = c.astype(float)
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if not (np.all(np.isfinite(c)) and np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise DomainError("a, b and costs must be finite")
    if np.any(c < 0) or np.any(b <= 0):
        raise DomainError("costs must be >= 0 and b > 0")
    try:
        np.broadcast_shapes(a.shape, c.shape[:-1]), np.broadcast_shapes(b.shape, c.shape[:-1])
    except ValueError:
        raise DomainError(f"a {a.shape} and b {b.shape} must broadcast against the markets {c.shape[:-1]}") from None
    q, price, active = _solve(a, b, c)
    total = q.sum(axis=-1)
    return {"quantities": q, "profits": b[..., None] * q**2, "price": price, "firms_active": active,
            "consumer_surplus": b * total**2 / 2}


@rejects_text
def cournot_unchecked(a, b, costs) -> tuple:
    r"""The lean path of :func:`cournot_batch`: ``(quantities, price)``, nothing validated.

    The same active-set closed form and the same floating-point operations as
    :func:`cournot_batch` (so the same numbers), without its checks and without profits and
    consumer surplus: for inner loops (an optimiser's objective, a planner's candidates) that
    solve one small market thousands of times and have validated their inputs once. The caller
    guarantees finite floats and :math:`b > 0`; a negative cost is solved by the same formula
    (an optimiser may step outside the feasible box). A single market (1-D ``costs``, scalar
    ``a`` and ``b``, at most 32 firms) takes a short path in Python floats, about 20 times
    faster than :func:`cournot_batch`.

    Returns
    -------
    quantities : numpy array, shape (..., n)
    price : numpy float (one market) or array of shape (...); :math:`a` where nobody produces.

    Examples
    --------
    >>> q, p = cournot_unchecked(10.0, 1.0, [1.0, 7.0])        # firm 2 exits: monopoly P = 11/2
    >>> q.tolist(), float(p)
    ([4.5, 0.0], 5.5)
    """
    import numpy as np

    c = np.asarray(costs, dtype=float)
    if c.ndim == 1 and c.size <= _SHORT and np.ndim(a) == 0 and np.ndim(b) == 0:
        # one small market: the prefix prices of _solve in Python floats (the same IEEE operations
        # in the same order: sequential prefix sums, one division), without numpy's per-call costs
        a = float(a)
        xs = sorted(c.tolist())
        steps, prev, m, gap = 0.0, xs[0] if xs else 0.0, 0, 0.0
        for k, x in enumerate(xs):
            steps += k * (x - prev)
            prev = x
            g = (a - x) - steps
            if not g > 0:
                break              # the gap is non-increasing: the active firms are a prefix
            m, gap = k + 1, g
        if m == 0:
            return np.zeros(c.size), np.float64(a)
        marginal = xs[m - 1]
        margin = gap / (m + 1)     # P - c_(m) > 0: every active firm's P - c_i is >= it
        q = np.where(c <= marginal, margin + (marginal - c), 0.0) / float(b)
        return q, np.float64(marginal + margin)
    q, price, _ = _solve(np.asarray(a, dtype=float), np.asarray(b, dtype=float), c)
    return q, price


#: Most firms of one market solved by the short path of :func:`cournot_unchecked`.
_SHORT = 32


def _solve(a, b, c):
    r"""``(quantities, price, firms_active)`` of the markets ``c[..., :]`` (float arrays, unchecked).

    The one active-set loop of the package, vectorised (:func:`cournot_batch`): sorted costs, the
    gaps :math:`g_m = (a - c_{(m)}) - D_m`, :math:`D_m = D_{m-1} + (m-1)(c_{(m)} - c_{(m-1)})`
    (:func:`_fast_active_set`: :math:`(m+1)(P_m - c_{(m)})` without cancellation, non-increasing
    in :math:`m`, equal across tied costs, :math:`\mathrm{fl}(a - c_{(1)})` for the cheapest), the
    largest :math:`m` with :math:`g_m > 0`, and :math:`q_i = (g_m/(m+1) + c_{(m)} - c_i)/b > 0` for the
    active firms, :math:`P = c_{(m)} + g_m/(m+1)`."""
    import numpy as np

    n = c.shape[-1]
    cs = np.sort(c, axis=-1)
    steps = np.diff(cs, axis=-1)                       # (m-1)(c_(m) - c_(m-1)), then D_m, m >= 2
    steps *= np.arange(1, n)
    np.cumsum(steps, axis=-1, out=steps)
    gaps = a[..., None] - cs                           # D_1 = 0
    gaps[..., 1:] -= steps
    ok = gaps > 0                                      # holds on a prefix: m = the first failure
    active = np.where(ok[..., -1], n, np.argmin(ok, axis=-1))
    last = np.maximum(active - 1, 0)[..., None]
    marginal = np.take_along_axis(np.broadcast_to(cs, gaps.shape), last, axis=-1)
    # g_m/(m+1) = P - c_(m) > 0; 0 where nobody produces (then c_(1) - c_i <= 0 gives q = 0 below)
    margin = np.maximum(np.take_along_axis(gaps, last, axis=-1), 0.0) / (active[..., None] + 1)
    price = np.where(active > 0, (marginal + margin)[..., 0], np.broadcast_to(a, active.shape))
    # tied costs share a gap, so c_i <= c_(m) selects exactly the m cheapest firms
    q = marginal - c
    q += margin
    np.copyto(q, 0.0, where=c > marginal)
    q /= b[..., None]
    return q, price, active
