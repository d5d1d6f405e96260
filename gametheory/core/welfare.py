r"""Welfare accounting: consumer and producer surplus, the cost of public funds, gap measures.

Convention (DESIGN "Conventions", applied package-wide)
-------------------------------------------------------
.. math::

    W \;=\; CS + PS - R - (1 + \lambda)\,G ,

where

* :math:`CS` is consumer surplus, :math:`CS = \int_0^Q P(x)\,dx - P(Q)\,Q` (:math:`bQ^2/2` for
  :math:`P = a - bQ`), *including* any transfer paid to consumers;
* :math:`PS` is producer surplus (profits) *including* every transfer firms receive
  (subsidies, purchases of diffusion) and net of fines and taxes they pay;
* :math:`R` are real resource costs not already inside :math:`CS` or :math:`PS` (e.g. a
  diffusion or inspection cost borne by nobody else), counted once;
* :math:`G` is the *net public outlay* (spending positive, fines and taxes negative), and
  :math:`\lambda \ge 0` is the shadow cost of public funds: each unit of outlay costs taxpayers
  :math:`1 + \lambda`.

A transfer :math:`T` from the government to firms therefore appears twice — as :math:`+T` in
:math:`PS` and as :math:`-(1+\lambda)T` through :math:`G` — and its net effect is
:math:`-\lambda T`: transfers are neutral exactly when :math:`\lambda = 0`. Equivalently
:math:`W = CS + \Pi - R - \lambda G` with :math:`\Pi` the profit *before* transfers (DESIGN's
form). Outlay that buys real resources (public provision of a good) is counted in :math:`G`
only, not again in :math:`R`.

References
----------
.. [1] Laffont, J.-J. & Tirole, J. (1993). *A Theory of Incentives in Procurement and
   Regulation*, ch. 1 (the shadow cost of public funds).
.. [2] Koutsoupias, E. & Papadimitriou, C. (1999). Worst-case equilibria. STACS 99, 404-413.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import sympy as sp

from gametheory.core._validate import DomainError, Number, as_param, is_symbolic, require
from gametheory.core.results import Result
from gametheory.core._validate import to_expr
from gametheory.core.params import rejects_text

__all__ = [
    "WelfareAccount",
    "consumer_surplus",
    "gap_closed",
    "gap_is_degenerate",
    "linear_consumer_surplus",
    "price_of_anarchy",
    "public_funds_cost",
    "welfare_account",
]


def _num(value: Any, name: str) -> sp.Expr:
    """A finite sympy number/expression (NaN/inf rejected) — no sign requirement."""
    return as_param(value, name)


def _shadow(value: Any) -> sp.Expr:
    return as_param(value, "shadow_cost (lambda)", nonnegative=True)


@rejects_text
def linear_consumer_surplus(b: Number, quantity: Number) -> sp.Expr:
    r"""Consumer surplus :math:`bQ^2/2` under linear inverse demand :math:`P = a - bQ`.

    Parameters
    ----------
    b : number or sympy.Expr, > 0
        Slope of inverse demand.
    quantity : number or sympy.Expr, >= 0
        Total quantity :math:`Q`.

    Examples
    --------
    >>> linear_consumer_surplus(2, 3)   # 2 * 9 / 2
    9
    """
    b = as_param(b, "b", positive=True)
    q = as_param(quantity, "quantity", nonnegative=True)
    return b * q**2 / 2


@rejects_text
def consumer_surplus(inverse_demand: Any, quantity: Number, symbol: sp.Symbol | None = None) -> sp.Expr:
    r"""Consumer surplus :math:`\int_0^Q P(x)\,dx - P(Q)\,Q` for any inverse demand.

    Parameters
    ----------
    inverse_demand : sympy.Expr in ``symbol``, or callable ``P(x)`` returning a sympy expression
        Inverse demand :math:`P(x)`, non-increasing on :math:`[0, Q]`.
    quantity : number or sympy.Expr, >= 0
        Quantity :math:`Q` at which surplus is evaluated.
    symbol : sympy.Symbol, optional
        The quantity variable of ``inverse_demand`` (required for an expression with more than one
        free symbol).

    Raises
    ------
    DomainError
        Negative quantity, NaN/inf, or an ambiguous expression without ``symbol``.

    Examples
    --------
    >>> a, b, Q, x = sp.symbols("a b Q x", positive=True)
    >>> sp.simplify(consumer_surplus(a - b * x, Q, x) - b * Q**2 / 2)
    0
    >>> consumer_surplus(lambda x: 1 / (1 + x), 1)     # log 2 - 1/2
    -1/2 + log(2)
    """
    q = as_param(quantity, "quantity", nonnegative=True)
    x = sp.Dummy("x", nonnegative=True)
    if callable(inverse_demand) and not isinstance(inverse_demand, sp.Basic):
        p = to_expr(inverse_demand(x))
    else:
        if isinstance(inverse_demand, (str, bytes)):  # never sympify (eval) a string
            raise DomainError("inverse_demand must be a sympy expression or a callable, not a string")
        expr = to_expr(inverse_demand) if not isinstance(inverse_demand, sp.Basic) else inverse_demand
        if symbol is None:
            free = expr.free_symbols
            if len(free) != 1:
                raise DomainError(
                    f"consumer_surplus: pass `symbol` (the quantity variable) for {expr} "
                    f"(free symbols {sorted(map(str, free))})"
                )
            symbol = next(iter(free))
        p = expr.subs(symbol, x)
    if p.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        raise DomainError(f"inverse demand {p} is not finite")
    cs = sp.integrate(p, (x, 0, q)) - p.subs(x, q) * q
    cs = sp.simplify(cs)
    if cs.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        raise DomainError("consumer surplus is not finite (demand not integrable at 0?)")
    return cs


@rejects_text
def public_funds_cost(outlay: Number, shadow_cost: Number) -> sp.Expr:
    r"""The deadweight cost :math:`\lambda G` of a net public outlay :math:`G`.

    The taxpayers' total cost is :math:`(1 + \lambda) G`; the transfer part :math:`G` is a gain
    to whoever receives it, so only :math:`\lambda G` is a welfare loss. Revenue (negative
    :math:`G`: fines, taxes) saves :math:`\lambda` per unit.

    Raises
    ------
    DomainError
        :math:`\lambda < 0` or a non-finite value.

    Examples
    --------
    >>> public_funds_cost(10, sp.Rational(1, 4))
    5/2
    >>> public_funds_cost(-4, sp.Rational(1, 4))        # a fine raises revenue
    -1
    """
    return _shadow(shadow_cost) * _num(outlay, "outlay")


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class WelfareAccount(Result):
    r"""Welfare decomposition :math:`W = CS + PS - R - (1+\lambda)G` (module docstring).

    Attributes
    ----------
    consumer_surplus, producer_surplus : number or sympy.Expr
        Including transfers received.
    resource_costs : number or sympy.Expr
        Real resource costs counted once, outside CS and PS.
    public_outlay : number or sympy.Expr
        Net public outlay :math:`G` (spending positive, revenue negative).
    shadow_cost : number or sympy.Expr
        :math:`\lambda \ge 0`.
    welfare : number or sympy.Expr
        :math:`W`.
    decomposition : dict
        Signed contributions that add up to ``welfare``: ``consumer surplus``,
        ``producer surplus``, ``resource costs`` (negative), ``taxpayers' outlay`` (:math:`-G`) and
        ``deadweight cost of public funds`` (:math:`-\lambda G`).
    """

    consumer_surplus: Number
    producer_surplus: Number
    resource_costs: Number
    public_outlay: Number
    shadow_cost: Number
    welfare: Number
    decomposition: Mapping[str, Number] = field(default_factory=dict)
    conditions: sp.Boolean = sp.true
    method: str = "accounting"

    @property
    def deadweight_cost(self) -> Number:
        r""":math:`\lambda G`, the welfare loss from raising the outlay."""
        return self.shadow_cost * self.public_outlay

    @property
    def taxpayer_cost(self) -> Number:
        r""":math:`(1 + \lambda) G`."""
        return (1 + self.shadow_cost) * self.public_outlay


@rejects_text
def welfare_account(
    consumer_surplus: Number = 0,
    producer_surplus: Number = 0,
    resource_costs: Number = 0,
    public_outlay: Number = 0,
    shadow_cost: Number = 0,
    *,
    simplify: bool = True,
) -> WelfareAccount:
    r"""Build a :class:`WelfareAccount` with :math:`W = CS + PS - R - (1+\lambda)G`.

    Parameters
    ----------
    consumer_surplus, producer_surplus : number or sympy.Expr
        Surpluses *including* transfers received (subsidies in PS, fines deducted from PS).
    resource_costs : number or sympy.Expr, default 0
        Real costs not in CS/PS, counted once.
    public_outlay : number or sympy.Expr, default 0
        Net public outlay :math:`G`.
    shadow_cost : number or sympy.Expr, >= 0, default 0
        :math:`\lambda`.

    Raises
    ------
    DomainError
        :math:`\lambda < 0`, NaN or infinite entries.

    Examples
    --------
    A subsidy of 6 paid to firms whose market profit is 10 (so PS = 16), CS = 8:

    >>> acc = welfare_account(8, 16, public_outlay=6, shadow_cost=sp.Rational(1, 5))
    >>> acc.welfare                     # 8 + 16 - 6 * 6/5 = 16.8 = 8 + 10 - 6/5
    84/5
    >>> welfare_account(8, 16, public_outlay=6).welfare   # lambda = 0: the transfer cancels
    18
    """
    cs = _num(consumer_surplus, "consumer_surplus")
    ps = _num(producer_surplus, "producer_surplus")
    r = _num(resource_costs, "resource_costs")
    g = _num(public_outlay, "public_outlay")
    lam = _shadow(shadow_cost)
    parts = {
        "consumer surplus": cs,
        "producer surplus": ps,
        "resource costs": -r,
        "taxpayers' outlay": -g,
        "deadweight cost of public funds": -lam * g,
    }
    w = cs + ps - r - (1 + lam) * g
    if isinstance(w, sp.Basic) and w.has(sp.Piecewise):
        w = sp.piecewise_fold(w)
        w = w.func(*[(sp.expand(e), c) for e, c in w.args]) if isinstance(w, sp.Piecewise) else w
    elif simplify and is_symbolic(w):
        w = sp.simplify(w)
    return WelfareAccount(
        consumer_surplus=cs,
        producer_surplus=ps,
        resource_costs=r,
        public_outlay=g,
        shadow_cost=lam,
        welfare=w,
        decomposition=parts,
    )


def _is_array(*xs: Any) -> bool:
    return any(isinstance(x, np.ndarray) for x in xs)


@rejects_text(choices=('degenerate',))
def gap_closed(
    w_policy: Any,
    w_laissez_faire: Any,
    w_first_best: Any,
    *,
    degenerate: str = "one",
    tol: float = 1e-12,
) -> Any:
    r"""Share of the welfare gap closed by a policy, :math:`(W_p - W_{lf})/(W_{fb} - W_{lf})`.

    Parameters
    ----------
    w_policy, w_laissez_faire, w_first_best : numbers, sympy expressions or numpy arrays
        Welfare under the policy, laissez-faire and the first best.
    degenerate : {"one", "nan", "raise"}, default "one"
        What to return when there is no gap (:math:`W_{fb} = W_{lf}`, laissez-faire is already
        first best). ``"one"``: 1 if the policy also attains :math:`W_{fb}` (nothing was left to
        close, nothing was lost) and ``nan`` otherwise (a policy that *loses* welfare when there
        was no gap has no meaningful share); ``"nan"``: always ``nan``; ``"raise"``:
        :class:`DomainError`. Use :func:`gap_is_degenerate` to get the flag.
    tol : float
        Relative tolerance for deciding a zero gap with floats.

    Returns
    -------
    number, sympy.Expr or numpy.ndarray
        In :math:`[0, 1]` when :math:`W_{lf} \le W_p \le W_{fb}`; negative when the policy does
        worse than laissez-faire. Exact inputs give an exact ratio; symbolic inputs give the
        symbolic ratio (assumed non-degenerate; the caller carries :math:`W_{fb} \ne W_{lf}`).

    Examples
    --------
    >>> gap_closed(7, 4, 10)
    1/2
    >>> gap_closed(5, 5, 5)                # no gap and nothing lost
    1
    >>> gap_closed(np.array([4.0, 10.0]), 4.0, 10.0)
    array([0., 1.])
    """
    if degenerate not in ("one", "nan", "raise"):
        raise DomainError(f"degenerate must be 'one', 'nan' or 'raise', got {degenerate!r}")
    if _is_array(w_policy, w_laissez_faire, w_first_best):
        wp, wl, wf = (np.asarray(v, dtype=float) for v in (w_policy, w_laissez_faire, w_first_best))
        if not (np.all(np.isfinite(wp)) and np.all(np.isfinite(wl)) and np.all(np.isfinite(wf))):
            raise DomainError("gap_closed: welfare values must be finite")
        gap = wf - wl
        scale = np.maximum(1.0, np.maximum(np.abs(wf), np.abs(wl)))
        deg = np.abs(gap) <= tol * scale
        if degenerate == "raise" and np.any(deg):
            raise DomainError("gap_closed: first best equals laissez-faire (no gap to close)")
        with np.errstate(divide="ignore", invalid="ignore"):
            out = (wp - wl) / np.where(deg, 1.0, gap)
        if degenerate == "one":
            attained = np.abs(wp - wf) <= tol * scale
            fill = np.where(attained, 1.0, np.nan)
        else:
            fill = np.full(np.shape(out), np.nan)
        return np.where(deg, fill, out)
    wp = _num(w_policy, "w_policy")
    wl = _num(w_laissez_faire, "w_laissez_faire")
    wf = _num(w_first_best, "w_first_best")
    gap = wf - wl
    if gap_is_degenerate(wl, wf, tol=tol):
        if degenerate == "raise":
            raise DomainError("gap_closed: first best equals laissez-faire (no gap to close)")
        if degenerate == "one":
            lost = sp.simplify(wf - wp)
            if lost.is_zero or (lost.is_number and abs(float(lost)) <= tol * max(1.0, abs(float(wf)))):
                return sp.Integer(1)
        return sp.nan
    ratio = (wp - wl) / gap
    return sp.simplify(ratio) if is_symbolic(ratio) else ratio


@rejects_text
def gap_is_degenerate(w_laissez_faire: Any, w_first_best: Any, *, tol: float = 1e-12) -> bool:
    """True if the first best equals laissez-faire (exactly, or within ``tol`` for floats)."""
    gap = sp.simplify(_num(w_first_best, "w_first_best") - _num(w_laissez_faire, "w_laissez_faire"))
    if gap.is_zero:                                   # not `== 0`: Float(0.0) != 0 in sympy
        return True
    if gap.is_number:
        scale = max(1.0, abs(float(_num(w_first_best, "w_first_best"))))
        return abs(float(gap)) <= tol * scale
    return False


@rejects_text
def price_of_anarchy(w_optimum: Any, w_equilibrium: Any) -> Any:
    r"""Price of anarchy for a welfare (maximisation) problem, :math:`W^{opt}/W^{eq} \ge 1`.

    Parameters
    ----------
    w_optimum, w_equilibrium : numbers, sympy expressions or numpy arrays
        Optimal and equilibrium welfare; :math:`W^{eq} > 0` is required (the ratio is meaningless
        otherwise).

    Raises
    ------
    DomainError
        Non-positive equilibrium welfare, or an optimum below the equilibrium (not an optimum).

    Examples
    --------
    Cournot duopoly with :math:`a - c = 1, b = 1`: :math:`W^{eq} = 4/9`, :math:`W^{opt} = 1/2`:

    >>> price_of_anarchy(sp.Rational(1, 2), sp.Rational(4, 9))
    9/8
    """
    if _is_array(w_optimum, w_equilibrium):
        wo, we = np.asarray(w_optimum, dtype=float), np.asarray(w_equilibrium, dtype=float)
        if not (np.all(np.isfinite(wo)) and np.all(np.isfinite(we))):
            raise DomainError("price_of_anarchy: welfare values must be finite")
        if np.any(we <= 0):
            raise DomainError("price_of_anarchy needs positive equilibrium welfare")
        return wo / we
    wo, we = _num(w_optimum, "w_optimum"), _num(w_equilibrium, "w_equilibrium")
    require(we > 0, f"price_of_anarchy needs positive equilibrium welfare, got {we}")
    require(wo >= we, f"w_optimum ({wo}) is below w_equilibrium ({we}): not an optimum")
    ratio = wo / we
    return sp.simplify(ratio) if is_symbolic(ratio) else ratio
