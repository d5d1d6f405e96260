r"""A market for knowledge: technology licensing between cluster firms (技术许可).

Kuang & Zhang's aversion pattern (seed 001 §2.3) arises when knowledge has no price. Here a
source :math:`i` can sell its technology to a higher-cost receiver :math:`j` (the flow
:math:`i \to j` of :mod:`~gametheory.models.diffusion.model`: :math:`c_j' = c_j - \beta_j\bar\theta
(c_j - c_i)`, :math:`\varepsilon = c_j - c_j'`), with the other flows ``flows`` held fixed, by

* a **fixed fee** :math:`F`, set by Nash bargaining with the no-flow threat point and the source's
  bargaining power :math:`\omega` (:math:`\omega = 1`: a take-it-or-leave-it offer by the source):
  with :math:`\Delta\pi_i, \Delta\pi_j` the changes in market profits (the source also bears the
  diffusion cost :math:`d`) and :math:`J = \Delta\pi_i + \Delta\pi_j` the pair's joint gain,
  :math:`F = \omega J - \Delta\pi_i`; the licence is signed iff :math:`J > 0` (Coase: with a
  price, the pair realises every flow that raises its joint profit);
* a **per-unit royalty** :math:`r \in [0, \varepsilon]` offered by the source: the receiver's
  marginal cost becomes :math:`c_j' + r` (it accepts iff :math:`r \le \varepsilon`, its profit
  falling in its own cost), and the source maximises :math:`\pi_i + r q_j`;
* a **two-part tariff** :math:`(F, r)` offered by the source: :math:`F` extracts the receiver's
  gain, so the source maximises :math:`\pi_i + \pi_j + r q_j - \pi_j^0` over :math:`r`.

A royalty is a transfer, but it keeps the receiver's *marginal* cost high, so licensing by
royalty realises less of the flow's welfare gain than a fixed fee (Wang 1998). Welfare is
:math:`W = CS + \sum_k (P - c_k) q_k - d\cdot\#\text{flows}` at the *real* costs (fees and
royalties cancel).

:func:`licensing_market` finds the flow sets a fixed-fee market realises (pairwise stable: every
licensed flow has a positive joint gain given the others, no unlicensed one has), and
:func:`compare_institutions` sets them beside laissez-faire, the planner and the coordinator,
with the Lahiri–Ono flag: a licence that lowers welfare (a minor firm's cost cut, Lahiri & Ono
1988) is privately profitable and socially harmful.

References
----------
.. [1] Kamien, M. I. & Tauman, Y. (1986). Fees versus royalties and the private value of a
   patent. *QJE* 101(3), 471-491.
.. [2] Katz, M. L. & Shapiro, C. (1985). On the licensing of innovations. *RAND J. Econ.* 16(4),
   504-520.
.. [3] Wang, X. H. (1998). Fee versus royalty licensing in a Cournot duopoly model. *Economics
   Letters* 60(1), 55-62.
.. [4] Sen, D. & Tauman, Y. (2007). General licensing schemes for a cost-reducing innovation.
   *Games and Economic Behavior* 59(1), 163-186.
.. [5] Lahiri, S. & Ono, Y. (1988). Helping minor firms reduces welfare. *Economic Journal* 98,
   1199-1202.

Examples
--------
Wang's duopoly (a = 10, b = 1, costs (3, 4), β = 1, so ε = 1 and a − c = 6): a royalty
r = ε leaves the rival's marginal cost at 4 and earns the source ε(a − c − ε)/(3b) = 5/3; a
fixed fee earns it only 1 (see the tests for the hand derivation).

>>> from gametheory.models.diffusion import TechnologyDiffusion
>>> m = TechnologyDiffusion(10, 1, (3, 4), beta=1)
>>> royalty = license_flow(m, 0, 1, contract="royalty")
>>> royalty.royalty, royalty.source_gain
(1, 5/3)
>>> license_flow(m, 0, 1).source_gain
1
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import sympy as sp

from gametheory.core.params import DomainError, Number, as_param, rejects_text
from gametheory.core.results import Result
from gametheory.models.market import Cournot

__all__ = ["CONTRACTS", "LicenceOutcome", "LicensingMarket", "InstitutionComparison", "OutsiderLicensing",
           "license_flow", "licensing_market", "compare_institutions", "outsider_licensing"]

#: The contracts :func:`license_flow` knows.
CONTRACTS = ("fixed_fee", "royalty", "two_part")

#: Most eligible flows whose subsets :func:`licensing_market` enumerates (2**12 flow sets).
MAX_MARKET_FLOWS = 12


@rejects_text(text=("contract", "note"), init=False)
@dataclass(frozen=True, repr=False)
class LicenceOutcome(Result):
    r"""One licence (or its refusal) for the flow ``source → receiver``.

    Attributes
    ----------
    source, receiver : int
    contract : str
        ``"fixed_fee"``, ``"royalty"`` or ``"two_part"``.
    signed : bool or None
        Whether the licence is signed (the flow is realised); ``None`` when symbolic parameters
        leave it open — then ``condition`` says when it is.
    fee, royalty : number
        The fixed fee :math:`F` and the per-unit royalty :math:`r` (0 when not part of the contract).
    source_gain, receiver_gain : number
        Changes in the parties' payoffs (market profit ± payments, the source net of the diffusion
        cost) against the no-flow threat point; both are 0 when the licence is refused.
    joint_gain : number
        :math:`J = \Delta\pi_i + \Delta\pi_j` (fixed fee) or the contract's total gain.
    receiver_marginal_cost : number
        :math:`c_j' + r`: what the receiver produces at.
    welfare_before, welfare_after : number
        Welfare without and with the licence (``welfare_after == welfare_before`` if refused).
    lowers_welfare : bool
        The licence is signed and lowers welfare (Lahiri–Ono).
    note : str
    condition : sympy boolean
        When the licence is signed: :math:`J > 0` (fixed fee) in the parameters.
    """

    source: int
    receiver: int
    contract: str
    signed: bool
    fee: Number
    royalty: Number
    source_gain: Number
    receiver_gain: Number
    joint_gain: Number
    receiver_marginal_cost: Number
    welfare_before: Number
    welfare_after: Number
    lowers_welfare: bool
    note: str = ""
    condition: Any = sp.true


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class LicensingMarket(Result):
    r"""The flow sets a fixed-fee licensing market realises (pairwise stable), with their welfare.

    Attributes
    ----------
    stable_sets : tuple of tuple of (int, int)
        Every pairwise-stable set of flows (often one).
    welfare : tuple of number
        Welfare of each stable set (fees are transfers).
    harmful_licences : tuple of (int, int)
        Licensed flows (in some stable set) whose removal would raise welfare (Lahiri–Ono).
    """

    stable_sets: tuple
    welfare: tuple
    harmful_licences: tuple


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class InstitutionComparison(Result):
    r"""Welfare under laissez-faire, a licensing market, the planner and the coordinator.

    Attributes
    ----------
    shadow_cost : number
        :math:`\lambda` used by the coordinator.
    laissez_faire, licensing, planner, coordinator : number
        Welfare of each institution (licensing: the worst stable set, a conservative reading;
        planner: the welfare-maximising diffusion matrix without transfers; coordinator: under
        the default fiscal rule, whose fine revenue is valued at :math:`1 + \lambda`).
    coordinator_without_fine_revenue : number
        The coordinator under ``fiscal_rule="no_fine_revenue"``: diffusion policy without its
        fiscal side, the like-for-like comparison with a licensing market (which raises no
        public revenue).
    first_best : number
        The first best under the coordinator's fiscal rule (it may raise the same revenue), the
        bound the coordinator never exceeds.
    licensing_flows : tuple of (int, int)
        The flows of that stable set.
    planner_flows : tuple
        The planner's realised flows (its diffusion matrix's non-zero entries).
    ranking : tuple of str
        The diffusion institutions (planner, licensing, coordinator without fine revenue, market
        creation when :math:`\kappa` is given, laissez-faire) from the highest welfare to the
        lowest, ties in that order.
    market_creation : number or None
        The coordinator that *creates* the licensing market — enforces licence contracts (IP
        protection) at ``ip_enforcement_cost`` :math:`\kappa` per licence, public spending valued
        at :math:`1 + \lambda`: :math:`W^{lic} - (1 + \lambda)\kappa L` with :math:`L`
        licences. ``None`` unless :math:`\kappa` is given (enforcement is never assumed free).
    market_creation_threshold : number or None
        The largest :math:`\kappa` at which creating the market beats laissez-faire,
        :math:`\bar\kappa = (W^{lic} - W^{lf})/((1 + \lambda) L)` (``None`` without licences or
        without :math:`\kappa`).
    """

    shadow_cost: Number
    laissez_faire: Number
    licensing: Number
    planner: Number
    coordinator: Number
    coordinator_without_fine_revenue: Number
    first_best: Number
    licensing_flows: tuple
    planner_flows: tuple
    ranking: tuple
    market_creation: Number | None = None
    market_creation_threshold: Number | None = None


# -- the market at given (real and marginal) costs --------------------------------------------------
def _market(model, marginal: Sequence[Any], real: Sequence[Any]) -> tuple[list, list, Any]:
    """(quantities, market profits at the real costs, welfare gross of diffusion costs)."""
    eq = Cournot(model.a, model.b, tuple(marginal)).equilibrium()
    q, price = list(eq.quantities), eq.price
    profits = [(price - c) * qk for c, qk in zip(real, q)]
    Q = sp.Add(*q)
    welfare = model.b * Q**2 / 2 + sp.Add(*profits)
    return q, profits, welfare


def _check_pair(model, source: int, receiver: int, flows: Iterable) -> tuple:
    flows = tuple(sorted(set(tuple(f) for f in flows)))
    for name, k in (("source", source), ("receiver", receiver)):
        if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k < model.n:
            raise DomainError(f"{name} must be a firm index 0..{model.n - 1}, got {k!r}")
    if (source, receiver) not in model.eligible_flows:
        raise DomainError(f"{source}->{receiver} is not a flow from a lower-cost to a higher-cost firm; "
                          f"eligible: {model.eligible_flows}")
    if (source, receiver) in flows:
        raise DomainError(f"{source}->{receiver} is already among the realised flows {flows}")
    for f in flows:
        if f not in model.eligible_flows:
            raise DomainError(f"flow {f} is not eligible; eligible: {model.eligible_flows}")
    return flows


def _quadratic_candidates(model, costs: Sequence[Any], j: int, lo: Any, hi: Any, objective) -> list:
    """Royalties in ``[lo, hi]`` where a piecewise-quadratic objective can peak.

    On an active set :math:`S` the Cournot quantities are linear in the receiver's marginal cost
    :math:`c_j + r`, so every payoff is quadratic in ``r``; the maximum over ``[lo, hi]`` lies at
    an endpoint, a stationary point of a piece, or a breakpoint where the active set changes.
    Active sets are taken at the endpoints and, between them, nested in cost order (raising
    one firm's cost only lets higher-cost rivals enter).
    """
    r = sp.Symbol("r", real=True)
    a, b = model.a, model.b
    cands = {lo, hi}
    sets = set()
    for point in (lo, hi):
        cc = list(costs)
        cc[j] = cc[j] + point
        sets.add(tuple(Cournot(a, b, tuple(cc)).equilibrium().active))
    lo_set, hi_set = sorted(sets)[0], sorted(sets)[-1]
    extra = [k for k in range(len(costs)) if lo_set[k] != hi_set[k]]
    extra.sort(key=lambda k: costs[k])
    nested = [tuple(lo_set)]
    cur = list(lo_set)
    for k in extra:
        cur[k] = hi_set[k]
        nested.append(tuple(cur))
    for active in set(nested) | sets:
        S = [k for k, on in enumerate(active) if on]
        if j not in S:
            continue
        m = len(S)
        cr = [c + (r if k == j else 0) for k, c in enumerate(costs)]
        tot = sp.Add(*[cr[k] for k in S])
        q = [(a - (m + 1) * cr[k] + tot) / (b * (m + 1)) if k in S else sp.Integer(0) for k in range(len(costs))]
        price = a - b * sp.Add(*q)
        f = sp.expand(objective(r, q, price))
        for root in sp.solve(sp.diff(f, r), r):
            cands.add(root)
        for k in S:
            cands.update(sp.solve(q[k], r))
        for k in range(len(costs)):
            if k not in S:
                cands.update(sp.solve(a - cr[k] - b * sp.Add(*q), r))
    return sorted({c for c in cands if c.is_real and lo <= c <= hi}, key=lambda v: float(v))


@rejects_text(choices=("contract",))
def license_flow(model, source: int, receiver: int, *, contract: str = "fixed_fee",
                 bargaining_power: Number = 1, flows: Iterable = ()) -> LicenceOutcome:
    r"""License the flow ``source → receiver`` with the other realised ``flows`` held fixed.

    Parameters
    ----------
    model : TechnologyDiffusion
        The cluster (numbers or, for ``"fixed_fee"``, sympy symbols).
    source, receiver : int
        Firm indices with :math:`c_{source} < c_{receiver}`.
    contract : {"fixed_fee", "royalty", "two_part"}
        See the module docstring.
    bargaining_power : number in [0, 1], default 1
        :math:`\omega`, the source's weight in the Nash bargaining over a fixed fee (1: the source
        makes a take-it-or-leave-it offer; 1/2: symmetric Nash bargaining). Royalties and
        two-part tariffs are offered by the source.
    flows : iterable of (int, int)
        Other realised flows (the licence's context).

    Returns
    -------
    LicenceOutcome

    Notes
    -----
    Fixed fee: :math:`F = \omega J - \Delta\pi_i`, signed iff :math:`J > 0`; symbolic parameters
    give :math:`J` as an expression and ``signed`` decided from the symbols' assumptions, or
    ``None`` with the condition :math:`J > 0` in ``condition`` when they leave it open. Royalty and two-part
    tariff: exact maximisation over :math:`r \in [0, \varepsilon]` (numbers only), signed iff the
    source gains strictly.
    """
    if contract not in CONTRACTS:
        raise DomainError(f"contract must be one of {CONTRACTS}, got {contract!r}")
    omega = as_param(bargaining_power, "bargaining_power", unit_interval=True)
    flows = _check_pair(model, source, receiver, flows)
    i, j = source, receiver
    if contract != "fixed_fee" and model.symbolic:
        raise DomainError(f"{contract} licensing is solved for numeric parameters; substitute numbers "
                          "(the fixed fee works with symbols)")
    d = model.diffusion_cost
    before = model.costs_after(flows)
    after = model.costs_after(flows + ((i, j),))
    eps = sp.simplify(before[j] - after[j])
    q0, pi0, w0 = _market(model, before, before)
    w0 = w0 - d * len(flows)

    if contract == "fixed_fee":
        q1, pi1, w1 = _market(model, after, after)
        w1 = w1 - d * (len(flows) + 1)
        d_i, d_j = pi1[i] - pi0[i] - d, pi1[j] - pi0[j]
        joint = sp.factor(sp.simplify(d_i + d_j))
        signed = _positive(joint)
        fee = sp.simplify(omega * joint - d_i) if signed is not False else sp.Integer(0)
        gi, gj = ((sp.simplify(d_i + fee), sp.simplify(d_j - fee)) if signed is not False
                  else (sp.Integer(0),) * 2)
        how = "take-it-or-leave-it offer by the source" if (omega - 1).is_zero else f"Nash bargaining (source's power {omega})"
        if signed is None:
            how += "; signed iff the joint gain is positive (condition)"
        return _outcome(i, j, contract, signed, fee, 0, gi, gj, joint, after[j], w0,
                        w0 if signed is False else w1, how,
                        condition=sp.true if signed is not None else joint > 0)

    base_i = pi0[i]

    def objective(r, q, price):
        margin_i = (price - after[i]) * q[i]
        gain = margin_i + r * q[j]
        if contract == "two_part":
            gain = gain + (price - after[j] - r) * q[j] - pi0[j]
        return gain

    def evaluate(r):
        marginal = list(after)
        marginal[j] = after[j] + r
        eq = Cournot(model.a, model.b, tuple(marginal)).equilibrium()
        q, price = list(eq.quantities), eq.price
        return objective(r, q, price), q, price

    cands = _quadratic_candidates(model, after, j, sp.Integer(0), eps, objective)
    values = [(evaluate(r)[0], r) for r in cands]
    best_value = max(v for v, _ in values)
    r_star = min((r for v, r in values if v == best_value), key=lambda v: float(v))
    value, q1, price1 = evaluate(r_star)
    gain_i = value - base_i - d
    signed = bool(gain_i > 0)
    if not signed:
        return _outcome(i, j, contract, False, 0, 0, 0, 0, gain_i, before[j], w0, w0,
                        "the source earns more without licensing")
    real = list(after)
    profits_real = [(price1 - c) * qk for c, qk in zip(real, q1)]
    w1 = model.b * sp.Add(*q1) ** 2 / 2 + sp.Add(*profits_real) - d * (len(flows) + 1)
    pj_market = (price1 - after[j] - r_star) * q1[j]
    if contract == "royalty":
        fee, gj = sp.Integer(0), pj_market - pi0[j]
    else:
        fee, gj = pj_market - pi0[j], sp.Integer(0)
    return _outcome(i, j, contract, True, fee, r_star, gain_i, gj, gain_i + gj, after[j] + r_star, w0, w1,
                    "royalty offered by the source" if contract == "royalty" else
                    "two-part tariff offered by the source (the fee extracts the receiver's gain)")


def _positive(x: Any) -> bool | None:
    """True/False when ``x > 0`` is decided (values or the symbols' assumptions), None when open."""
    if x.is_positive:
        return True
    if x.is_nonpositive:
        return False
    if x.is_number:
        return bool(x > 0)
    return None


def _outcome(i, j, contract, signed, fee, royalty, gi, gj, joint, mc, w0, w1, note,
             condition: Any = sp.true) -> LicenceOutcome:
    lowers = bool(signed and sp.simplify(w1 - w0).is_negative)
    return LicenceOutcome(source=i, receiver=j, contract=contract, signed=signed,
                          fee=sp.nsimplify(fee) if isinstance(fee, int) else fee,
                          royalty=sp.Integer(royalty) if isinstance(royalty, int) else royalty,
                          source_gain=sp.Integer(gi) if isinstance(gi, int) else gi,
                          receiver_gain=sp.Integer(gj) if isinstance(gj, int) else gj,
                          joint_gain=joint, receiver_marginal_cost=mc, welfare_before=w0,
                          welfare_after=w1, lowers_welfare=lowers, note=note, condition=condition)


@rejects_text
def licensing_market(model) -> LicensingMarket:
    r"""Every flow set a fixed-fee licensing market realises (pairwise stability), with welfare.

    A set :math:`S` of flows is *pairwise stable* when each licensed flow has a positive joint gain
    given :math:`S \setminus \{f\}` and no unlicensed eligible flow has one given :math:`S`
    (fees are transfers, so with bargaining the pair signs exactly when its joint gain is
    positive, whatever the split). Numbers only; at most :data:`MAX_MARKET_FLOWS` eligible flows.
    """
    flows = model.eligible_flows
    if len(flows) > MAX_MARKET_FLOWS:
        raise DomainError(f"{len(flows)} eligible flows -> 2^{len(flows)} flow sets; the market is "
                          f"enumerated up to {MAX_MARKET_FLOWS} flows; license_flow() analyses one pair "
                          "at any size")
    if model.symbolic:
        raise DomainError("licensing_market needs numeric parameters; license_flow() gives the "
                          "symbolic joint gain of one pair")

    def gain(f, others):
        return license_flow(model, *f, flows=others).joint_gain

    stable = []
    for k in range(len(flows) + 1):
        for S in itertools.combinations(flows, k):
            ok = all(gain(f, tuple(g for g in S if g != f)) > 0 for f in S)
            ok = ok and all(not gain(f, S) > 0 for f in flows if f not in S)
            if ok:
                stable.append(tuple(S))
    welfare = tuple(model.outcome(S).welfare for S in stable)
    harmful = sorted({f for S, w in zip(stable, welfare) for f in S
                      if model.outcome(tuple(g for g in S if g != f)).welfare > w})
    return LicensingMarket(stable_sets=tuple(stable), welfare=welfare, harmful_licences=tuple(harmful))


@rejects_text
def compare_institutions(model, *, shadow_cost: Number = 0, ip_enforcement_cost: Number | None = None,
                         inspection_cost: Number | None = None, enforcement_cost: Number | None = None,
                         verification_cost: Number | None = None) -> InstitutionComparison:
    r"""Laissez-faire, the licensing market, the planner and the coordinator side by side.

    Laissez-faire is :meth:`TechnologyDiffusion.equilibrium` (knowledge without a price), the
    licensing market the *worst* of its pairwise-stable sets (:func:`licensing_market`), the
    planner :meth:`TechnologyDiffusion.first_best`, the coordinator
    :meth:`TechnologyDiffusion.coordinate` at ``shadow_cost`` — under the default fiscal rule and
    without fine revenue (the like-for-like comparison: a licensing market raises no public
    funds) — and the first best under the fiscal rule.

    ``inspection_cost``, ``enforcement_cost`` and ``verification_cost`` go to the coordinator
    (:meth:`TechnologyDiffusion.coordinate`): without the first two its fines and mandates are not
    candidates; without the third the verification of a paid flow is free, unless
    ``ip_enforcement_cost`` is given (below).

    With ``ip_enforcement_cost`` :math:`\kappa` the comparison adds the coordinator that
    *creates* the market by enforcing licence contracts, :math:`W^{lic} - (1+\lambda)\kappa L`
    (:math:`L` licences), and the largest :math:`\kappa` at which that beats laissez-faire, and
    ranks it with the others like for like: enforcing a licence and verifying a purchased flow
    are the same task (checking that a named transfer took place), so the coordinator's purchase
    then pays ``verification_cost`` :math:`= \kappa` per paid flow (unless ``verification_cost`` is
    given), every contract at :math:`1 + \lambda`.

    Examples
    --------
    Costs (1, 2, 4), :math:`\beta = 1/2`, :math:`\lambda = 1/5`: the market signs one licence
    (L→M: :math:`c_M' = 3/2`, Cournot outputs 25/8, 21/8, 1/8, :math:`W = 4343/128`, the
    planner's), so creating it at :math:`\kappa = 1/10` costs :math:`(6/5)(1/10) = 3/25`, and it
    pays while :math:`\kappa < (4343/128 - 1031/32)/(6/5) = 365/256`.

    >>> from gametheory.models.diffusion import TechnologyDiffusion
    >>> c = compare_institutions(TechnologyDiffusion(10, 1, (1, 2, 4), beta=sp.Rational(1, 2)),
    ...                          shadow_cost=sp.Rational(1, 5), ip_enforcement_cost=sp.Rational(1, 10))
    >>> c.licensing, c.licensing - c.market_creation, c.market_creation_threshold
    (4343/128, 3/25, 365/256)
    """
    lam = as_param(shadow_cost, "shadow_cost", nonnegative=True)
    kappa = None if ip_enforcement_cost is None else as_param(ip_enforcement_cost, "ip_enforcement_cost",
                                                                 nonnegative=True)
    market = licensing_market(model)
    if not market.stable_sets:
        raise DomainError("the licensing market has no pairwise-stable flow set here (a cycle of "
                          "profitable deviations); license_flow() gives each pair's terms")
    k = min(range(len(market.welfare)), key=lambda t: market.welfare[t])
    lf = model.equilibrium().welfare
    fb = model.first_best()
    prices = {"inspection_cost": inspection_cost, "enforcement_cost": enforcement_cost,
              "verification_cost": kappa if verification_cost is None else verification_cost}
    co = model.coordinate(shadow_cost=lam, **prices)
    co_plain = model.coordinate(shadow_cost=lam, fiscal_rule="no_fine_revenue", **prices).welfare
    values = {"planner": fb.welfare, "licensing": market.welfare[k], "coordinator": co_plain, "laissez-faire": lf}
    order = ["planner", "licensing", "coordinator", "laissez-faire"]
    planner_flows = tuple((i, j) for i, row in enumerate(fb.theta) for j, t in enumerate(row) if t != 0)
    extra: dict[str, Any] = {}
    if kappa is not None:
        licences = len(market.stable_sets[k])
        extra = {"market_creation": market.welfare[k] - (1 + lam) * kappa * licences,
                 "market_creation_threshold": (market.welfare[k] - lf) / ((1 + lam) * licences) if licences else None}
        values["market creation"] = extra["market_creation"]
        order.insert(3, "market creation")
    ranking = tuple(sorted(order, key=lambda name: (-float(values[name]), order.index(name))))
    return InstitutionComparison(shadow_cost=lam, laissez_faire=lf, licensing=market.welfare[k],
                                 planner=fb.welfare, coordinator=co.welfare,
                                 coordinator_without_fine_revenue=co_plain,
                                 first_best=co.first_best_welfare, licensing_flows=market.stable_sets[k],
                                 planner_flows=planner_flows, ranking=ranking, **extra)


#: Most firms :func:`outsider_licensing` prices (one Cournot market per number of licences).
MAX_OUTSIDER_FIRMS = 200


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class OutsiderLicensing(Result):
    r"""An outside innovator's licensing of a cost cut :math:`\varepsilon` to :math:`n` Cournot firms.

    Attributes
    ----------
    licences : int
        Number :math:`k^*` of fixed-fee licences that maximises the innovator's revenue.
    fee : number
        The fee per licence at :math:`k^*` (a licensee's willingness to pay).
    fee_revenue : number
        :math:`k^* \cdot` fee.
    revenue_by_licences : tuple
        Fixed-fee revenue for :math:`k = 1, \dots, n` licences.
    royalty, royalty_revenue : number
        The optimal uniform per-unit royalty :math:`r^* \le \varepsilon` to all firms and its revenue.
    fee_beats_royalty : bool
        Fixed fee earns strictly more than the royalty.
    price_no_licence, price_fee, price_royalty : number
        Market prices without licensing, under the optimal fee and under the optimal royalty.
    drastic : bool
        :math:`\varepsilon \ge a - c`: one licensee would be a monopolist at its monopoly price.
    """

    licences: int
    fee: Any
    fee_revenue: Any
    revenue_by_licences: tuple
    royalty: Any
    royalty_revenue: Any
    fee_beats_royalty: bool
    price_no_licence: Any
    price_fee: Any
    price_royalty: Any
    drastic: bool
    method: str = "Cournot on the active set for every number of licences; royalty by its first-order condition"


def _cournot_profit(a, b, costs):
    eq = Cournot(a, b, tuple(costs)).equilibrium()
    return list(eq.profits), eq.price


@rejects_text
def outsider_licensing(a: Number, b: Number, c: Number, n: int, epsilon: Number) -> OutsiderLicensing:
    r"""Fixed fee versus royalty for an outside innovator (Kamien & Tauman 1986).

    :math:`n` identical Cournot firms with unit cost :math:`c` face :math:`P = a - bQ`; an innovator
    outside the industry owns a process cutting the unit cost by :math:`\varepsilon`
    (:math:`0 < \varepsilon \le c`).

    * **Fixed fee.** The innovator sells :math:`k` licences. For :math:`k < n` they are auctioned,
      so a licensee pays its profit with the licence less its profit as one of the :math:`n - k`
      losers, :math:`\pi_L(k) - \pi_N(k)`; for :math:`k = n` the fee is offered to all and a firm
      that refuses is the only non-licensee: :math:`\pi_L(n) - \pi_N(n-1)`. With every firm active
      (:math:`d = a - c > k\varepsilon`), by hand (:math:`q_L - q_N = \varepsilon/b`):

      .. math::

          R(k) = \frac{k\varepsilon\,(2d + (n + 1 - 2k)\varepsilon)}{b(n+1)}\ (k < n), \qquad
          R(n) = \frac{n^2\varepsilon\,(2d - (n - 2)\varepsilon)}{b(n+1)^2}.

    * **Royalty** :math:`r \le \varepsilon` per unit to every firm: costs :math:`c - \varepsilon +
      r`, :math:`Q = n(d + \varepsilon - r)/(b(n+1))`, revenue :math:`rQ` maximised at
      :math:`r^* = \min(\varepsilon, (d + \varepsilon)/2)`; for a non-drastic cut
      (:math:`\varepsilon < d`) :math:`r^* = \varepsilon` and :math:`R_r = n\varepsilon d/(b(n+1))`
      — the price does not fall.

    The fee beats the royalty for a non-drastic cut once the industry is large enough
    (Kamien & Tauman 1986): at :math:`k = n`, :math:`R(n) - R_r = n\varepsilon((n-1)d -
    n(n-2)\varepsilon)/(b(n+1)^2)`. Non-licensees exit when :math:`k\varepsilon \ge d`; the
    market is then re-solved on its active set.

    Parameters
    ----------
    a, b, c : number
        Demand intercept, slope (> 0) and the firms' unit cost (:math:`0 \le c < a`).
    n : int
        Number of firms, 1 to :data:`MAX_OUTSIDER_FIRMS`.
    epsilon : number
        The cost cut, :math:`0 < \varepsilon \le c`.

    Returns
    -------
    OutsiderLicensing

    References
    ----------
    .. [1] Kamien, M. I. & Tauman, Y. (1986). Fees versus royalties and the private value of a
       patent. *QJE* 101(3), 471-491.
    .. [2] Kamien, M. I. (1992). Patent licensing. In R. J. Aumann & S. Hart (eds.), *Handbook of
       Game Theory* 1, ch. 11, 331-354.

    Examples
    --------
    Duopoly, :math:`a = 10, b = 1, c = 4, \varepsilon = 1` (:math:`d = 6`). By hand: one licence
    auctioned earns :math:`R(1) = 1\cdot(12 + 1)/3 = 13/3`, two licences :math:`R(2) = 4\cdot 12/9 =
    16/3`; the royalty :math:`r = 1` earns :math:`2\cdot 6/3 = 4`:

    >>> out = outsider_licensing(10, 1, 4, 2, 1)
    >>> out.licences, out.fee_revenue, out.royalty_revenue, out.fee_beats_royalty
    (2, 16/3, 4, True)
    """
    a = as_param(a, "a")
    b = as_param(b, "b", positive=True)
    c = as_param(c, "c", nonnegative=True)
    eps = as_param(epsilon, "epsilon", positive=True)
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_OUTSIDER_FIRMS:
        raise DomainError(f"n must be an integer from 1 to {MAX_OUTSIDER_FIRMS}, got {n!r}")
    if any(x.free_symbols for x in (a, b, c, eps)):
        raise DomainError("outsider_licensing needs numbers (the closed forms are in the docstring)")
    if not c < a:
        raise DomainError(f"need c < a (firms produce without the innovation), got c = {c}, a = {a}")
    if eps > c:
        raise DomainError(f"the cost cut epsilon = {eps} exceeds the unit cost c = {c}")
    lo = c - eps

    def profits(k):          # k licensees first
        return _cournot_profit(a, b, [lo] * k + [c] * (n - k))

    by_k, fees, prices = [], [], []
    for k in range(1, n + 1):
        pk, price = profits(k)
        if k < n:
            fee = pk[0] - pk[-1]              # winner's profit less a loser's
        else:
            fee = pk[0] - profits(n - 1)[0][-1]    # refusing leaves it the only non-licensee
        fee = max(fee, sp.Integer(0))
        fees.append(fee)
        by_k.append(k * fee)
        prices.append(price)
    best = max(range(n), key=lambda k: (by_k[k], -k))
    d = a - c
    r = min(eps, (d + eps) / 2)
    eq_r = Cournot(a, b, tuple([lo + r] * n)).equilibrium()
    r_rev = r * sp.Add(*eq_r.quantities)
    p0 = Cournot(a, b, tuple([c] * n)).equilibrium().price
    return OutsiderLicensing(licences=best + 1, fee=fees[best], fee_revenue=by_k[best], revenue_by_licences=tuple(by_k),
                             royalty=r, royalty_revenue=r_rev, fee_beats_royalty=bool(by_k[best] > r_rev),
                             price_no_licence=p0, price_fee=prices[best], price_royalty=eq_r.price,
                             drastic=bool(eps >= d))
