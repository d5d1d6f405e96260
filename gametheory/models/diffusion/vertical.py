r"""Vertical diffusion: a leading firm teaching its supplier (纵向技术扩散).

Horizontal diffusion hurts the source (:math:`\partial\pi_i/\partial c_j > 0`: a rival's cost cut
lowers its profit), which is why Kuang & Zhang's leaders avert it. Knowledge that flows *upstream*
is different: the leader buys one unit of an input per unit of output from a supplier with unit
cost :math:`k`; teaching the supplier (absorptive capacity :math:`\beta_S`) lowers its cost to
:math:`k' = k - \beta_S(k - k_L)`, where :math:`k_L` is the input cost the leader's own technology
achieves, and the input price with it:

* ``pricing="cost"`` — a competitive (or cost-plus) supplier: the input price is :math:`w = k`;
* ``pricing="monopoly"`` — a monopolist supplier of an *exclusive* input sets :math:`w` against
  the leader's derived demand; with the downstream Cournot market linear in the leader's cost,
  the pass-through of :math:`k` to :math:`w` is 1/2 while the leader stays active.

The leader's downstream unit cost is :math:`c_L + w`. When the supplier serves only the leader
(``exclusive=True``) the leader alone gets cheaper, so it gains; when the supplier also serves the
rivals (a common supplier, ``exclusive=False``), every firm's cost falls by the same amount and
each Cournot quantity rises by :math:`\Delta/(b(m+1))`, so the leader still gains. Either way the
leader *prefers* vertical diffusion: the aversion pattern flips, as seed 000's positive path from
technology power to vertical cooperation (+0.234) suggests.

Examples
--------
Three firms, :math:`a = 12`, :math:`b = 1`, own costs (1, 2, 3), an exclusive competitive supplier
with :math:`k = 2`, the leader's own input technology :math:`k_L = 0`, :math:`\beta_S = 1/2`: the
input price falls from 2 to 1 and the leader's total cost from 3 to 2 (rivals 2 and 3); its
Cournot profit :math:`(P - c_L)^2/b` rises from :math:`(20/4 - 3)^2 = 4` to
:math:`(19/4 - 2)^2 = 121/16`, a gain of 57/16.

>>> from fractions import Fraction
>>> out = vertical_diffusion(12, 1, (1, 2, 3), supplier_cost=2, beta_supplier=Fraction(1, 2))
>>> out.leader_gain, out.leader_prefers
(57/16, True)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Sequence

import sympy as sp

from gametheory.core.params import DomainError, Number, as_param, as_params, rejects_text
from gametheory.core.results import Result
from gametheory.models.market import Cournot

__all__ = ["VerticalOutcome", "vertical_diffusion", "MAX_FIRMS"]

#: Most downstream firms :func:`vertical_diffusion` accepts (the monopoly price checks 2^n active sets).
MAX_FIRMS = 10


@rejects_text(text=("pricing",), init=False)
@dataclass(frozen=True, repr=False)
class VerticalOutcome(Result):
    r"""The leader teaching its supplier.

    Attributes
    ----------
    input_price_before, input_price_after : number
        The input price :math:`w` without and with the knowledge flow.
    leader_gain : number
        Change in the leader's profit.
    supplier_gain : number
        Change in the supplier's profit (0 for a competitive supplier).
    rival_gains : tuple of number
        Changes in the other downstream firms' profits.
    welfare_change : number
        Change in :math:`W = CS + \sum\pi + \pi_S`.
    leader_prefers : bool
        The leader gains (Kuang & Zhang's aversion flips).
    pricing : str
    exclusive : bool
    """

    input_price_before: Number
    input_price_after: Number
    leader_gain: Number
    supplier_gain: Number
    rival_gains: tuple
    welfare_change: Number
    leader_prefers: bool
    pricing: str
    exclusive: bool


def _downstream(a, b, costs):
    eq = Cournot(a, b, tuple(costs)).equilibrium()
    return list(eq.quantities), list(eq.profits), eq.consumer_surplus


def _monopoly_price(a, b, own, k, leader, exclusive):
    """The supplier's profit-maximising input price (exact: its profit is piecewise quadratic)."""
    w = sp.Symbol("w", real=True)
    n = len(own)
    users = [leader] if exclusive else list(range(n))

    def profit(price):
        c = [own[i] + (price if i in users else 0) for i in range(n)]
        if min(c) >= a:                      # the input price shuts every firm out
            return sp.Integer(0)
        q, _, _ = _downstream(a, b, c)
        return (price - k) * sp.Add(*[q[i] for i in users])

    # candidates: stationary points on each active set met between w = k and the price that shuts
    # every user out, plus the breakpoints; evaluated with the exact Cournot solver
    hi = a - min(own[i] for i in users)
    cands = {sp.nsimplify(k), sp.nsimplify(hi)}
    # every possible active set (the leader's effective cost moves with w, so its rank varies);
    # candidates that belong to no actual active set are harmless: each is priced exactly below
    for m in range(1, n + 1):
        for S in itertools.combinations(range(n), m):
            c = [own[i] + (w if i in users else 0) for i in range(n)]
            tot = sp.Add(*[c[i] for i in S])
            q = {i: (a - (m + 1) * c[i] + tot) / (b * (m + 1)) for i in S}
            pw = sp.expand((w - k) * sp.Add(*[q[i] for i in users if i in q]))
            cands.update(sp.solve(sp.diff(pw, w), w))
            for i in S:
                cands.update(sp.solve(q[i], w))
    feasible = [x for x in cands if x.is_real and k <= x <= hi]
    return max(sorted(feasible, key=float), key=lambda x: profit(x))


@rejects_text(choices=("pricing",))
def vertical_diffusion(a: Number, b: Number, costs: Sequence[Number], *, supplier_cost: Number,
                       leader_input_cost: Number = 0, beta_supplier: Number = 1, leader: int = 0,
                       pricing: str = "cost", exclusive: bool = True) -> VerticalOutcome:
    r"""The leader's (and everyone's) gain from teaching its input supplier.

    Parameters
    ----------
    a, b : number
        Downstream inverse demand :math:`P = a - bQ`.
    costs : sequence of number
        Downstream firms' own unit costs (without the input).
    supplier_cost : number
        The supplier's unit cost :math:`k` before the flow.
    leader_input_cost : number, default 0
        :math:`k_L \le k`: the input cost the leader's technology achieves.
    beta_supplier : number in [0, 1], default 1
        The supplier's absorptive capacity: :math:`k' = k - \beta_S(k - k_L)`.
    leader : int, default 0
    pricing : {"cost", "monopoly"}
        Competitive (cost-plus) input price or a monopolist supplier's price.
    exclusive : bool, default True
        The supplier serves only the leader (else every downstream firm buys the input).

    Returns
    -------
    VerticalOutcome
    """
    if pricing not in ("cost", "monopoly"):
        raise DomainError(f"pricing must be 'cost' or 'monopoly', got {pricing!r}")
    if not isinstance(exclusive, bool):
        raise DomainError(f"exclusive must be True or False, got {exclusive!r}")
    a = as_param(a, "a", positive=True)
    b = as_param(b, "b", positive=True)
    own = as_params(costs, "costs", nonnegative=True)
    k = as_param(supplier_cost, "supplier_cost", nonnegative=True)
    kL = as_param(leader_input_cost, "leader_input_cost", nonnegative=True)
    beta = as_param(beta_supplier, "beta_supplier", unit_interval=True)
    if any(x.free_symbols for x in (a, b, k, kL, beta, *own)):
        raise DomainError("vertical_diffusion needs numeric parameters; substitute numbers")
    if isinstance(leader, bool) or not isinstance(leader, int) or not 0 <= leader < len(own):
        raise DomainError(f"leader must be a firm index 0..{len(own) - 1}, got {leader!r}")
    if len(own) > MAX_FIRMS:
        raise DomainError(f"{len(own)} downstream firms -> 2^{len(own)} active sets for the supplier's "
                          f"price; at most {MAX_FIRMS} firms (group identical firms into one cost tier)")
    if kL > k:
        raise DomainError(f"leader_input_cost {kL} exceeds supplier_cost {k}: nothing to teach")
    k_after = k - beta * (k - kL)
    users = [leader] if exclusive else list(range(len(own)))

    def state(kk):
        w = kk if pricing == "cost" else _monopoly_price(a, b, own, kk, leader, exclusive)
        c = [own[i] + (w if i in users else 0) for i in range(len(own))]
        q, profits, cs = _downstream(a, b, c)
        supplier = (w - kk) * sp.Add(*[q[i] for i in users])
        return w, profits, supplier, cs + sp.Add(*profits) + supplier

    w0, p0, s0, W0 = state(k)
    w1, p1, s1, W1 = state(k_after)
    gain = p1[leader] - p0[leader]
    rivals = tuple(p1[i] - p0[i] for i in range(len(own)) if i != leader)
    return VerticalOutcome(input_price_before=w0, input_price_after=w1, leader_gain=gain,
                           supplier_gain=s1 - s0, rival_gains=rivals, welfare_change=W1 - W0,
                           leader_prefers=bool(gain > 0), pricing=pricing, exclusive=exclusive)
