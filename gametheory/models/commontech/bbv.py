r"""The Bergstrom–Blume–Varian form: wealth, Cobb–Douglas utility, voluntary provision.

Firm (or consumer) :math:`i` has wealth :math:`w_i \ge 0`, splits it into private consumption
:math:`x_i` and a contribution :math:`g_i \ge 0`, and has Cobb–Douglas utility

.. math::

    u_i = x_i^{1-\alpha_i} G^{\alpha_i}, \qquad x_i + g_i = w_i, \qquad G = g_0 + \sum_j g_j.

Given the others' provision :math:`G_{-i}`, firm :math:`i` spends the share :math:`\alpha_i` of its
"full income" :math:`w_i + G_{-i}` on :math:`G`, so a contributor holds
:math:`x_i = k_i G` with :math:`k_i = (1-\alpha_i)/\alpha_i`, i.e. :math:`g_i = w_i - k_i G`. On a
contributor set :math:`C`

.. math::

    G = \frac{g_0 + \sum_{i\in C} w_i}{1 + \sum_{i\in C} k_i},

and :math:`C` must be exactly :math:`\{i : w_i > k_i G\}` (the extensive margin). Ordering firms by
:math:`w_i/k_i`, the contributor set is a top segment; the equilibrium is unique (BBV 1986,
Theorem 2). Consequences:

* **Neutrality** (Warr 1983; BBV Theorem 3): redistributing wealth among contributors, leaving
  the set unchanged, changes neither :math:`G` nor anyone's consumption.
* **Crowding out** (BBV §4): public provision :math:`g_0` financed by lump-sum taxes on
  contributors is crowded out one for one; financed by non-contributors (or from outside) it
  raises :math:`G` by :math:`1/(1 + K_C)` per unit — partial crowding out of
  :math:`K_C/(1+K_C)`.
* **Redistribution that lowers provision** (BBV Theorem 4): a transfer from a contributor to a
  non-contributor lowers :math:`G` (by :math:`t/(1+K_C)` while the set is unchanged); an
  equalising transfer among contributors that pushes one out of the set changes :math:`G` too.

References
----------
.. [1] Bergstrom, T., Blume, L. & Varian, H. (1986). On the private provision of public goods.
   Journal of Public Economics 29, 25-49.
.. [2] Warr, P. (1983). The private provision of a public good is independent of the
   distribution of income. Economics Letters 13, 207-211.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from itertools import groupby
from typing import Any, Sequence

import sympy as sp

from gametheory.core.conditions import decide
from gametheory.core.params import (
    DomainError,
    Number,
    as_param,
    as_params,
    is_symbolic,
    rejects_text,
    require,
    to_expr,
)
from gametheory.core.results import Result

__all__ = ["WealthProvision", "WealthOutcome"]


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class WealthOutcome(Result):
    r"""Nash equilibrium of the BBV economy.

    Attributes
    ----------
    level : number or sympy.Expr
        :math:`G`.
    contributions, consumption, utilities : tuple
        :math:`g_i`, :math:`x_i = w_i - g_i`, :math:`u_i`.
    contributors : tuple of int
        The contributor set :math:`C`.
    crowding_out : number or sympy.Expr
        Private provision displaced per unit of exogenous public provision,
        :math:`K_C/(1+K_C)` (0 when nobody contributes: nothing is left to displace).
    conditions, method, max_deviation_gain
        As for every result.
    """

    level: Number
    contributions: tuple
    consumption: tuple
    utilities: tuple
    contributors: tuple
    crowding_out: Number
    conditions: sp.Basic = sp.true
    method: str = "closed form"
    max_deviation_gain: Any = 0


def _simp(x: Any) -> sp.Expr:
    x = to_expr(x)
    return sp.simplify(x) if is_symbolic(x) else x


@rejects_text
@dataclass(frozen=True)
class WealthProvision:
    r"""Voluntary provision with wealth and Cobb–Douglas utility (Bergstrom, Blume & Varian 1986).

    Parameters
    ----------
    wealth : sequence of number or sympy.Expr
        :math:`w_i \ge 0`.
    alpha : number, sympy.Expr or sequence, default 1/2
        Weight :math:`\alpha_i \in (0, 1)` of the public good in :math:`u_i = x_i^{1-\alpha_i}G^{\alpha_i}`.
    government : number or sympy.Expr, default 0
        Public provision :math:`g_0 \ge 0` (exogenous; see :meth:`tax_financed`).

    Examples
    --------
    Two firms, :math:`\alpha = 1/2` (:math:`k = 1`), wealth (10, 2): if both gave,
    :math:`G = 12/3 = 4 > w_2`, so firm 2 free rides and :math:`G = 10/2 = 5`:

    >>> eq = WealthProvision((10, 2)).equilibrium()
    >>> eq.level, eq.contributions, eq.contributors
    (5, (5, 0), (0,))
    """

    wealth: tuple
    alpha: Any = sp.Rational(1, 2)
    government: Number = 0

    def __post_init__(self) -> None:
        w = as_params(self.wealth, "wealth", nonnegative=True)
        if isinstance(self.alpha, (list, tuple)) or (hasattr(self.alpha, "__len__") and not isinstance(self.alpha, (str, sp.Basic))):
            a = as_params(self.alpha, "alpha", open_unit_interval=True)
            if len(a) != len(w):
                raise DomainError(f"alpha needs one entry per firm ({len(w)}), got {len(a)}")
        else:
            a = (as_param(self.alpha, "alpha", open_unit_interval=True),) * len(w)
        object.__setattr__(self, "wealth", w)
        object.__setattr__(self, "alpha", tuple(a))
        object.__setattr__(self, "government", as_param(self.government, "government", nonnegative=True))

    @property
    def n(self) -> int:
        return len(self.wealth)

    @property
    def k(self) -> tuple:
        r""":math:`k_i = (1-\alpha_i)/\alpha_i`: a contributor consumes :math:`x_i = k_i G`."""
        return tuple(_simp((1 - a) / a) for a in self.alpha)

    def utility(self, i: int, x: Any, level: Any) -> sp.Expr:
        """:math:`x^{1-\\alpha_i} G^{\\alpha_i}`."""
        return to_expr(x) ** (1 - self.alpha[i]) * to_expr(level) ** self.alpha[i]

    def level_on(self, contributors: Sequence[int]) -> sp.Expr:
        r""":math:`G = (g_0 + W_C)/(1 + K_C)` on a contributor set :math:`C` (validity not checked)."""
        C = tuple(contributors)
        return _simp((self.government + sp.Add(*[self.wealth[i] for i in C])) / (1 + sp.Add(*[self.k[i] for i in C])))

    def _outcome_on(self, C: tuple[int, ...], conditions: sp.Basic, method: str) -> WealthOutcome:
        level = self.level_on(C)
        g = tuple(_simp(self.wealth[i] - self.k[i] * level) if i in C else sp.Integer(0) for i in range(self.n))
        x = tuple(_simp(self.wealth[i] - g[i]) for i in range(self.n))
        u = tuple(_simp(self.utility(i, x[i], level)) for i in range(self.n))
        KC = sp.Add(*[self.k[i] for i in C])
        gains = self.deviation_gains(g)
        gain = max(gains) if all(to_expr(v).is_number for v in gains) else gains
        return WealthOutcome(level=level, contributions=g, consumption=x, utilities=u, contributors=C,
                             crowding_out=_simp(KC / (1 + KC)), conditions=conditions, method=method,
                             max_deviation_gain=gain)

    def kkt_conditions(self, contributors: Sequence[int]) -> sp.Basic:
        r"""Conditions for :math:`C` to be the contributor set: :math:`w_i \ge k_i G` in, :math:`\le` out."""
        C = tuple(contributors)
        level = self.level_on(C)
        parts = [sp.Ge(self.wealth[i], self.k[i] * level) if i in C else sp.Le(self.wealth[i], self.k[i] * level)
                 for i in range(self.n)]
        parts.append(sp.Gt(level, 0))
        return sp.And(*parts)

    def equilibrium(self, contributors: Sequence[int] | None = None) -> WealthOutcome:
        r"""The unique Nash equilibrium (BBV 1986, Theorem 2).

        Parameters
        ----------
        contributors : sequence of int, optional
            Impose the contributor set (useful with symbolic wealth); the result's ``conditions``
            then say where it is right. By default the set is found by scanning the top
            segments of the order :math:`w_i/k_i` (exact for numbers).

        Raises
        ------
        DomainError
            Nobody has wealth and :math:`g_0 = 0` (then :math:`G = 0` and utilities vanish), or
            the order of :math:`w_i/k_i` is undecidable for symbolic parameters without
            ``contributors``.
        """
        if contributors is not None:
            C = tuple(sorted(set(int(i) for i in contributors)))
            cond = self.kkt_conditions(C)
            decided = _decide(cond)
            if decided is False:
                raise DomainError(f"{C} is not the contributor set at these parameters")
            return self._outcome_on(C, sp.true if decided else cond, "closed form (imposed contributor set)")
        ratio = [self.wealth[i] / self.k[i] for i in range(self.n)]
        if is_symbolic(ratio) or is_symbolic(self.government):
            try:
                order = sorted(range(self.n), key=lambda i: ratio[i], reverse=True)
            except TypeError:
                raise DomainError("cannot order w_i/k_i for symbolic parameters; pass contributors=") from None
        else:
            order = sorted(range(self.n), key=lambda i: ratio[i], reverse=True)
        require(sp.Gt(self.government + sp.Add(*self.wealth), 0), "total wealth and public provision are zero")
        groups = [list(grp) for _, grp in groupby(order, key=lambda i: ratio[i])]
        top: list[int] = []                        # the firms with the highest w_i/k_i so far
        candidates: list[tuple[int, ...]] = [()]
        for grp in groups:
            top = top + grp
            candidates.append(tuple(sorted(top)))
        for C in candidates:
            cond = self.kkt_conditions(C)
            if _decide(cond) is True:
                return self._outcome_on(C, sp.true, "closed form (contributor set by w_i/k_i)")
        raise DomainError("no contributor set satisfies the Kuhn-Tucker conditions")  # pragma: no cover

    def deviation_gains(self, contributions: Sequence[Any]) -> tuple:
        r"""Gain from firm :math:`i`'s best response :math:`\max\{0, \alpha_i(w_i + G_{-i}) - G_{-i}\}`."""
        g = [to_expr(x) for x in contributions]
        total = self.government + sp.Add(*g)
        gains = []
        for i in range(self.n):
            others = total - g[i]
            br = self.alpha[i] * (self.wealth[i] + others) - others
            if br.is_number and br < 0:
                br = sp.Integer(0)
            elif not br.is_number:
                br = sp.Max(0, br)
            now = self.utility(i, self.wealth[i] - g[i], total)
            dev = self.utility(i, self.wealth[i] - br, others + br)
            gains.append(_simp(dev - now))
        return tuple(gains)

    # -- policy experiments --------------------------------------------------------------------
    def redistribute(self, transfers: Sequence[Number]) -> "WealthProvision":
        r"""The economy after lump-sum transfers :math:`t_i` (:math:`\sum t_i = 0`, wealth stays :math:`\ge 0`).

        Examples
        --------
        Neutrality (Warr 1983): moving 1 from firm 1 to firm 2 when both contribute.

        >>> e = WealthProvision((6, 4))           # G = 10/3, g = (8/3, 2/3)
        >>> e.equilibrium().level == e.redistribute((-1, 1)).equilibrium().level == sp.Rational(10, 3)
        True
        """
        t = as_params(transfers, "transfers")
        if len(t) != self.n:
            raise DomainError(f"transfers needs one entry per firm ({self.n}), got {len(t)}")
        require(sp.Eq(sp.Add(*t), 0), f"transfers must sum to zero, got {sp.Add(*t)}")
        return dataclasses.replace(self, wealth=tuple(_simp(w + x) for w, x in zip(self.wealth, t)))

    def tax_financed(self, taxes: Sequence[Number]) -> "WealthProvision":
        r"""Public provision :math:`\sum_i t_i` financed by lump-sum taxes :math:`t_i \ge 0`."""
        t = as_params(taxes, "taxes", nonnegative=True)
        if len(t) != self.n:
            raise DomainError(f"taxes needs one entry per firm ({self.n}), got {len(t)}")
        return dataclasses.replace(self, wealth=tuple(_simp(w - x) for w, x in zip(self.wealth, t)),
                                   government=_simp(self.government + sp.Add(*t)))

    def with_government(self, government: Number) -> "WealthProvision":
        """Exogenous public provision (financed from outside the economy or by non-contributors)."""
        return dataclasses.replace(self, government=government)


def _decide(cond: sp.Basic) -> bool | None:
    """``cond`` decided by :func:`gametheory.core.conditions.decide`: its quick path first (the
    symbols' assumptions after ``cancel``/``simplify``), then the full engine for what stays open."""
    truth = decide(cond, effort="quick")
    return truth if truth is not None else decide(cond)
