r"""Policy instruments for the regional brand, each at its welfare-optimal level given λ.

Welfare (DESIGN "Conventions"): :math:`W = \theta R - \tfrac{k}{2}\sum_i s_i q_i^2 - \lambda G`
when the outlay :math:`G` is a transfer to firms (a subsidy), and
:math:`W = \theta R - \tfrac{k}{2}\sum_i s_i q_i^2 - (1+\lambda) G` when :math:`G` buys real
resources (inspections, a traceability system). Notation: :math:`m_i = \tau + (1-\tau)s_i`,
:math:`M = \sum_i s_i m_i` (the dilution ratio), :math:`D = \sum_i s_i (1-s_i)^2`.

Instruments (closed forms derived by hand; see ``derivations/brand.md``)
-----------------------------------------------------------------------
* **Quality subsidy** (质量补贴) :math:`\sigma` per unit of quality per unit sold:
  :math:`q_i = (\theta m_i + \sigma)/k`,
  :math:`\partial W/\partial\sigma = [\theta - (1+\lambda)\theta M - (1+2\lambda)\sigma]/k`, so

  .. math:: \sigma^* = \max\Big\{0,\ \frac{\theta\,(1 - (1+\lambda)M)}{1 + 2\lambda}\Big\},

  symmetric (:math:`\tau = 0`): :math:`\theta(n-1-\lambda)/(n(1+2\lambda))`, positive iff
  :math:`\lambda < n - 1`. At :math:`\lambda = 0` and equal shares it attains the first best.
* **Minimum quality standard** (最低质量标准) :math:`\bar q = \theta/k` *if enforcement were free*:
  it would attain :math:`W^*` with :math:`G = 0`. It is not self-enforcing — Nash quality
  :math:`q_i^N` is a dominant strategy, so without inspection every firm ignores the standard —
  and it is therefore **not a candidate** of :func:`coordinate`; :func:`standard` remains as the
  free-enforcement benchmark. An enforceable standard is the next instrument.
* **Fines with inspection** (罚款与抽检): a firm below the standard :math:`\bar q` is caught with
  probability :math:`p_i` and fined :math:`\bar F`. Its best violation is :math:`q_i^N`, worth
  :math:`\tfrac{k s_i}{2}(\bar q - q_i^N)^2` more than compliance, so deterrence needs
  :math:`p_i \ge k s_i (\bar q - q_i^N)^2/(2\bar F)` (Becker: maximal fine, minimal inspection).
  Inspections cost :math:`\iota` per unit of probability per firm. Optimal standard:

  .. math:: \bar q^* = \frac{\theta\,(1 + cM)}{k(1+c)}, \qquad c = \frac{(1+\lambda)\iota}{\bar F},

  valid while every :math:`p_i \le 1` and :math:`\bar q^* \ge q_i^N`.
* **Traceability / certification** (可追溯 / 认证) raising :math:`\tau` at public cost
  :math:`\gamma\tau^2/2`: :math:`\partial W/\partial\tau = \tfrac{\theta^2}{k}(1-\tau)D - (1+\lambda)\gamma\tau`,

  .. math:: \tau^* = \frac{\theta^2 D}{\theta^2 D + (1+\lambda)\gamma k}

  (symmetric :math:`D = (n-1)^2/n^2`); :math:`\tau = 1` removes free riding entirely.

Unequal cost curvatures :math:`k_i` (``RegionalBrand(n, theta, k=(k_1, ..., k_n))``)
--------------------------------------------------------------------------------------
Every instrument above is re-derived with firm :math:`i`'s cost :math:`k_i q_i^2/2`. Write
:math:`a_i = \theta m_i/k_i` (Nash quality), :math:`K = \sum_i s_i/k_i`, :math:`A = \sum_i s_i a_i`
(:math:`= R^N`) and :math:`M = A/(\theta K)` (the cost-weighted dilution, :meth:`RegionalBrand.dilution`).

* **Subsidy**: :math:`q_i = a_i + \sigma/k_i`, so :math:`R = A + \sigma K` and
  :math:`\tfrac12\sum_i s_i k_i q_i^2 = C_0 + \sigma A + \sigma^2 K/2`;
  :math:`\partial W/\partial\sigma = \theta K - (1+\lambda)A - (1+2\lambda)\sigma K`, hence the same
  :math:`\sigma^* = \max\{0, \theta(1 - (1+\lambda)M)/(1+2\lambda)\}` with the weighted :math:`M`.
  With equal shares and :math:`\tau = 0` at :math:`\lambda = 0` it still attains the first best
  (:math:`\sigma = \theta(n-1)/n` moves every :math:`q_i` to :math:`\theta/k_i`).
* **Cost share**: :math:`q_i = u a_i`, :math:`u = 1/(1-\sigma)`; with :math:`A_1 = \sum_i s_i a_i`,
  :math:`B_2 = \sum_i s_i k_i a_i^2`: :math:`W = \theta u A_1 - \tfrac{B_2}{2}((1+\lambda)u^2 - \lambda u)`,
  :math:`u^* = \max\{1, (2\theta A_1/B_2 + \lambda)/(2(1+\lambda))\}` (one :math:`k`: :math:`B_2 = kA_2`).
* **Dues** (levy-financed subsidy): :math:`\partial W/\partial\nu = \theta K - A - \nu K`, so
  :math:`\nu^* = \theta(1 - M)` for every :math:`\lambda`.
* **Traceability**: :math:`W(\tau) = \theta^2\sum_i (s_i/k_i)(m_i - m_i^2/2) - (1+\lambda)\gamma\tau^2/2`,
  :math:`dm_i/d\tau = 1 - s_i`, so :math:`\tau^* = \theta^2 D_k/(\theta^2 D_k + (1+\lambda)\gamma)`
  with :math:`D_k = \sum_i s_i(1-s_i)^2/k_i`.
* **Standard with fines**: the standard is one level :math:`\bar q` for all; it binds the firms
  with :math:`a_i < \bar q` (set :math:`B`; always the firms with the lowest :math:`a_i`), each
  deterred with :math:`p_i = k_i s_i(\bar q - a_i)^2/(2\bar F) \le 1`. On each :math:`B`, welfare
  :math:`\theta R - \tfrac12\sum_i s_i k_i q_i^2 - (1+\lambda)\iota\sum_{i\in B} p_i` is a concave
  quadratic in :math:`\bar q`; the binding sets are enumerated and the stationary point is clipped
  to the interval where :math:`B` binds and every :math:`p_i \le 1` (the corner :math:`p_i = 1`
  included). With all firms bound (the symbolic closed form)
  :math:`\bar q^* = \theta(1 + c\bar m)/(\bar k(1+c))`, :math:`\bar k = \sum_i s_i k_i`,
  :math:`\bar m = \sum_i s_i m_i`. A uniform standard cannot reach :math:`q_i^* = \theta/k_i`, so
  even with free enforcement (:func:`standard`) it falls short of :math:`W^*`.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import sympy as sp

from gametheory.core.coordinator.menu import choose_instrument
from gametheory.core.params import DomainError, Number, as_param, is_symbolic, rejects_text, to_expr
from gametheory.core.welfare import gap_is_degenerate, welfare_account
from gametheory.models.brand._common import conj, relation, simp
from gametheory.models.brand.results import BrandPolicy, InstrumentOutcome

__all__ = ["coordinate", "subsidy", "cost_share", "standard", "fine", "traceability", "gap_closed", "subsidy_coordinator"]

ORDER = ("standard", "levy_subsidy", "fine", "traceability", "cost_share", "subsidy", "laissez-faire")


#: The package's one ``gap_closed`` (unclamped, never clipped), re-exported here.
from gametheory.core.welfare import gap_closed  # noqa: E402


def _tidy_gap(gap: Any) -> Any:
    """The family's simplifier on a symbolic share of the gap closed (numbers pass through)."""
    return simp(gap) if is_symbolic(gap) else gap


def _lam(shadow_cost: Number) -> sp.Expr:
    return as_param(shadow_cost, "shadow_cost (lambda)", nonnegative=True)


def _M(model) -> sp.Expr:
    return model.dilution()


def _finish(model, name, level, outcome, *, method, conditions=sp.true) -> InstrumentOutcome:
    w_n = model.equilibrium().welfare
    w_fb = model.first_best().welfare
    return InstrumentOutcome(instrument=name, level=level, outcome=outcome, welfare=outcome.welfare,
                             public_outlay=outcome.public_outlay,
                             gap_closed=_tidy_gap(gap_closed(outcome.welfare, w_n, w_fb)),
                             conditions=conj([conditions, outcome.conditions]), method=method,
                             max_deviation_gain=outcome.max_deviation_gain)


@rejects_text
def subsidy(model, shadow_cost: Number = 0, *, level: Number | None = None) -> InstrumentOutcome:
    r"""Uniform quality subsidy at its optimal level :math:`\sigma^*` (or at a given ``level``).

    Examples
    --------
    Symmetric, :math:`n = 3, \theta = k = 1, \lambda = 0`: :math:`\sigma^* = 2/3`, first best:

    >>> from gametheory.models.brand import RegionalBrand
    >>> s = subsidy(RegionalBrand(3, 1, 1), 0)
    >>> s.level["subsidy"], s.outcome.quality, s.gap_closed
    (2/3, 1, 1)

    Unequal curvatures :math:`k = (1, 2)`, equal shares, :math:`\theta = 1`, :math:`\lambda = 1/2`:
    :math:`M = 1/2`, :math:`\sigma^* = (1 - \tfrac32\cdot\tfrac12)/2 = 1/8`, :math:`q_i = (1/2 + 1/8)/k_i
    = (5/8, 5/16)`; :math:`R = 15/32`, cost :math:`\tfrac12(\tfrac12\cdot\tfrac{25}{64} + \tfrac12\cdot 2\cdot
    \tfrac{25}{256}) = 75/512`, outlay :math:`\sigma R = 15/256`, so
    :math:`W = 15/32 - 75/512 - \tfrac12\cdot\tfrac{15}{256} = 75/256`; with :math:`W^N = 72/256`,
    :math:`W^* = 96/256` the gap closed is :math:`3/24 = 1/8`:

    >>> s = subsidy(RegionalBrand(2, 1, (1, 2)), sp.Rational(1, 2))
    >>> s.level["subsidy"], s.outcome.qualities, s.welfare, s.gap_closed
    (1/8, (5/8, 5/16), 75/256, 1/8)
    """
    lam = _lam(shadow_cost)
    M = _M(model)
    interior = simp(model.theta * (1 - (1 + lam) * M) / (1 + 2 * lam))
    cond = sp.true
    if level is None:
        positive = simp(1 - (1 + lam) * M)
        if not is_symbolic(positive):
            sigma = interior if positive > 0 else sp.Integer(0)
        elif positive.is_positive:
            sigma = interior
        elif positive.is_nonpositive:
            sigma = sp.Integer(0)
        else:
            sigma, cond = interior, to_expr(positive > 0)
        method = "closed form (FOC in sigma, corner at 0)" if cond is sp.true else \
            "closed form (interior FOC in sigma; sigma* = 0 where the condition fails)"
    else:
        sigma = as_param(level, "subsidy level", nonnegative=True)
        method = "given level"
    q = model._per_group(lambda s, kg: (model.theta * model.incentive_weight(s) + sigma) / kg)
    G = simp(sigma * model.reputation(q))
    out = model.outcome(q, method=method, subsidy=sigma, public_outlay=G, shadow_cost=lam, conditions=cond)
    return _finish(model, "subsidy", {"subsidy": simp(sigma)}, out, method=method)


@rejects_text
def standard(model, shadow_cost: Number = 0, *, level: Number | None = None) -> InstrumentOutcome:
    r"""Minimum quality standard, perfectly enforced; optimal :math:`\bar q = \theta/k`, :math:`G = 0`.

    Examples
    --------
    >>> from gametheory.models.brand import RegionalBrand
    >>> s = standard(RegionalBrand(3, 6, 2), sp.Rational(1, 5))
    >>> s.level["standard"], s.welfare, s.public_outlay, s.gap_closed
    (3, 9, 0, 1)

    With unequal curvatures one standard cannot give every firm its own :math:`\theta/k_i`; the
    binding sets are enumerated. :math:`k = (1, 2)`, equal shares, :math:`\theta = 1`, Nash
    :math:`(1/2, 1/4)`. Binding only firm 2 (:math:`\bar q \le 1/2`):
    :math:`W = \tfrac14 + \tfrac{\bar q}2 - \tfrac1{16} - \tfrac{\bar q^2}2`, increasing up to
    :math:`\bar q = 1/2`, :math:`W = 5/16`. Binding both (:math:`\bar q \ge 1/2`):
    :math:`W = \bar q - \tfrac34\bar q^2`, maximal at :math:`\bar q = 2/3`, :math:`W = 1/3 > 5/16`;
    against :math:`W^N = 9/32`, :math:`W^* = 3/8` the gap closed is :math:`(5/96)/(9/96) = 5/9`:

    >>> s = standard(RegionalBrand(2, 1, (1, 2)))
    >>> s.level["standard"], s.outcome.qualities, s.welfare, s.gap_closed
    (2/3, (2/3, 2/3), 1/3, 5/9)
    """
    lam = _lam(shadow_cost)
    if level is not None:
        qbar = as_param(level, "standard", nonnegative=True)
    elif model.unequal_costs:
        if is_symbolic([model.theta, *model.k, *model.share_tuple(), model.traceability]):
            raise DomainError("the free-enforcement standard with per-firm k is solved by enumerating binding "
                              "sets, which needs numeric parameters; pass numbers or a given level")
        qbar = _fine_binding_sets(model, sp.Integer(0), sp.Integer(0), None)[0]
    else:
        qbar = simp(model.theta / model.k)
    nash = model._per_group(model.nash_quality)
    q = [model._clip(qn, qbar, 0, g) for g, qn in enumerate(nash)]
    # participation: profits at the standard stay non-negative
    out = model.outcome(q, method="closed form (binding lower bound, KKT corner)", floor=qbar, shadow_cost=lam)
    participation = conj([relation(p, 0, ">=", model.n) for p in (out.profits or [])]) if out.profits else sp.true
    return _finish(model, "standard", {"standard": qbar}, out, method=out.method, conditions=participation)


#: Most share groups whose binding sets (2^groups) the numeric fine solver enumerates.
MAX_BINDING_GROUPS = 12


def _fine_binding_sets(model, lam, iota, F):
    r"""Numeric standard-plus-fines optimum over the binding sets (heterogeneous firms).

    A standard :math:`\bar q` binds the firms whose Nash quality lies below it (set :math:`B`) and
    leaves the others at :math:`q_j^N \ge \bar q`. On each :math:`B` welfare is a concave quadratic in
    :math:`\bar q` on :math:`[\max_B q_i^N, \min_{j\notin B} q_j^N]`, further capped by inspection
    probabilities at most one, :math:`\bar q \le q_i^N + \sqrt{2F/(k_i s_i)}` (the corner
    :math:`p_i = 1` included). The stationary point is clipped to that interval; the best set wins.
    ``F = None`` is free, unlimited enforcement (no probability cap; pass ``iota = 0``): the
    free-enforcement standard. Returns ``(qbar, qualities, probabilities, welfare)`` or ``None``
    when no set is feasible.
    """
    groups = model.groups()
    costs = model.group_costs()
    nash = model._per_group(model.nash_quality)
    x = sp.Symbol("qbar", real=True)
    best = None
    for r in range(1, len(groups) + 1):
        for B in itertools.combinations(range(len(groups)), r):
            lo = max(nash[i] for i in B)
            his = [nash[j] for j in range(len(groups)) if j not in B]
            if F is not None:
                his += [nash[i] + sp.sqrt(2 * F / (costs[i] * groups[i][0])) for i in B]
            hi = min(his) if his else None
            if hi is not None and lo > hi:
                continue
            q = [x if g in B else nash[g] for g in range(len(groups))]
            if F is None:
                probs = [sp.Integer(0) for _ in groups]
            else:
                probs = [costs[g] * groups[g][0] * (x - nash[g]) ** 2 / (2 * F) if g in B else sp.Integer(0)
                         for g in range(len(groups))]
            G = iota * sp.Add(*[c * pr for (_, c), pr in zip(groups, probs)])
            W = sp.expand(model.welfare(q) - (1 + lam) * G)
            root = sp.solve(sp.diff(W, x), x)
            cand = [lo] + ([hi] if hi is not None else []) + [v for v in root if lo <= v and (hi is None or v <= hi)]
            for v in cand:
                w = W.subs(x, v)
                if best is None or w > best[3]:
                    best = (v, [qq.subs(x, v) if isinstance(qq, sp.Basic) else qq for qq in q],
                            [simp(pr.subs(x, v)) for pr in probs], simp(w))
    return best


@rejects_text
def fine(model, shadow_cost: Number = 0, *, inspection_cost: Number, max_fine: Number) -> InstrumentOutcome:
    r"""A standard enforced by fines :math:`\bar F` and inspection probabilities :math:`p_i`.

    Examples
    --------
    Symmetric :math:`n = 2, \theta = k = 1`, :math:`\iota = 1, \bar F = 1, \lambda = 0`: :math:`c = 1`,
    :math:`\bar q^* = (1 + 1/2)/2 = 3/4`; deterrence :math:`p = \tfrac12\cdot\tfrac12(3/4 - 1/2)^2 = 1/64`:

    >>> from gametheory.models.brand import RegionalBrand
    >>> f = fine(RegionalBrand(2, 1, 1), 0, inspection_cost=1, max_fine=1)
    >>> f.level["standard"], f.level["inspection"], f.public_outlay
    (3/4, (1/64, 1/64), 1/32)

    Unequal curvatures :math:`k = (1, 2)`, equal shares, :math:`\theta = \iota = \bar F = 1`,
    :math:`\lambda = 0`; Nash :math:`(1/2, 1/4)`. Binding only firm 2 (:math:`1/4 \le \bar q \le 1/2`):
    :math:`p_2 = 2\cdot\tfrac12(\bar q - \tfrac14)^2/2`,
    :math:`W = \tfrac14 + \tfrac{\bar q}2 - \tfrac1{16} - \tfrac{\bar q^2}2 - \tfrac12(\bar q - \tfrac14)^2`,
    :math:`W' = \tfrac34 - 2\bar q = 0` at :math:`\bar q = 3/8`: :math:`p_2 = 1/128`,
    :math:`W = 3/8 - 9/128 - 1/128 = 19/64`. Binding both (:math:`\bar q \ge 1/2`):
    :math:`W' = \tfrac32 - 3\bar q \le 0`, so :math:`\bar q = 1/2` and :math:`W = 9/32 < 19/64`:

    >>> f = fine(RegionalBrand(2, 1, (1, 2)), 0, inspection_cost=1, max_fine=1)
    >>> f.level["standard"], f.level["inspection"], f.outcome.qualities, f.welfare
    (3/8, (0, 1/128), (1/2, 3/8), 19/64)
    """
    lam = _lam(shadow_cost)
    iota = as_param(inspection_cost, "inspection_cost", nonnegative=True)
    F = as_param(max_fine, "max_fine", positive=True)
    numeric = not (model.n_is_symbolic or is_symbolic(lam) or is_symbolic(iota) or is_symbolic(F)
                   or is_symbolic(model.theta) or is_symbolic(model.k) or is_symbolic(model.traceability)
                   or any(is_symbolic(sh) for sh, _ in model.groups()))
    if numeric and len(model.groups()) <= MAX_BINDING_GROUPS:
        return _fine_numeric(model, lam, iota, F)
    c = (1 + lam) * iota / F
    if model.unequal_costs:     # all firms bound: dW/dqbar = theta - qbar kbar (1 + c) + c theta mbar = 0
        kbar = sp.Add(*[s * kg for (s, _), kg in zip(model.groups(), model.group_costs())])
        mbar = model._sum(lambda s: s * model.incentive_weight(s))
        qbar = simp(model.theta * (1 + c * mbar) / (kbar * (1 + c)))
    else:
        M = _M(model)
        qbar = simp(model.theta * (1 + c * M) / (model.k * (1 + c)))
    nash = model._per_group(model.nash_quality)
    probs = [simp(kg * s * (qbar - qn) ** 2 / (2 * F))
             for (s, _), kg, qn in zip(model.groups(), model.group_costs(), nash)]
    G = simp(iota * sp.Add(*[cnt * p for (s, cnt), p in zip(model.groups(), probs)]))
    conditions = conj([relation(p, 1, "<=", model.n) for p in probs] + [relation(qbar, qn, ">=", model.n) for qn in nash])
    if conditions is sp.false:
        raise DomainError("fine instrument infeasible: the required inspection probability exceeds 1 "
                          "or the standard is below a firm's own choice; raise max_fine")
    q = [qbar for _ in nash]
    # a firm's deviation payoff includes the expected fine p_i F when it cheats
    out = model.outcome(q, method="closed form (Becker deterrence, FOC in the standard)", conditions=conditions,
                        public_outlay=G, shadow_cost=lam)
    # real resource outlay: W = ... - (1 + lam) G
    W = simp(model.welfare(q) - (1 + lam) * G)
    gains = []
    for g, p in enumerate(probs):
        gains.append(model.deviation_gains(q, floor=qbar, fine=(p, F))[g])
    gain = model._max(gains)
    out = dataclasses.replace(out, welfare=W, max_deviation_gain=gain)
    if model.n_is_symbolic:
        level_p = probs[0]
    elif model.symmetric:
        level_p = tuple(probs[0] for _ in range(int(model.n)))
    else:
        level_p = tuple(probs)
    return _finish(model, "fine", {"standard": qbar, "inspection": level_p, "max_fine": F}, out,
                   method=out.method, conditions=conditions)


def _fine_numeric(model, lam, iota, F) -> InstrumentOutcome:
    """:func:`fine` for numeric parameters: binding sets enumerated (:func:`_fine_binding_sets`)."""
    best = _fine_binding_sets(model, lam, iota, F)
    if best is None:
        raise DomainError("fine instrument infeasible: no standard can be enforced with inspection "
                          "probabilities at most 1; raise max_fine")
    qbar, q, probs, _w = best
    G = simp(iota * sp.Add(*[cnt * p for (s, cnt), p in zip(model.groups(), probs)]))
    method = "binding sets enumerated (Becker deterrence, concave in the standard, corners p = 1 included)"
    out = model.outcome(q, method=method, public_outlay=G, shadow_cost=lam)
    W = simp(model.welfare(q) - (1 + lam) * G)
    gains = [model.deviation_gains(q, floor=qbar, fine=(p, F))[g] if p != 0 else
             model.deviation_gains(q)[g] for g, p in enumerate(probs)]
    out = dataclasses.replace(out, welfare=W, max_deviation_gain=model._max(gains))
    level_p = tuple(probs[0] for _ in range(int(model.n))) if model.symmetric else tuple(probs)
    return _finish(model, "fine", {"standard": simp(qbar), "inspection": level_p, "max_fine": F}, out,
                   method=method, conditions=sp.true)


@rejects_text
def traceability(model, shadow_cost: Number = 0, *, traceability_cost: Number) -> InstrumentOutcome:
    r"""Public traceability/certification :math:`\tau^*` at cost :math:`\gamma\tau^2/2`.

    Examples
    --------
    Symmetric :math:`n = 2, \theta = k = 1, \gamma = 1/4, \lambda = 0`: :math:`D = 1/4`,
    :math:`\tau^* = (1/4)/(1/4 + 1/4) = 1/2`:

    >>> from gametheory.models.brand import RegionalBrand
    >>> traceability(RegionalBrand(2, 1, 1), 0, traceability_cost=sp.Rational(1, 4)).level["traceability"]
    1/2

    Unequal curvatures :math:`k = (1, 2)`, equal shares, :math:`\theta = 1`, :math:`\gamma = 1/8`,
    :math:`\lambda = 0`: :math:`D_k = \tfrac12\cdot\tfrac14\cdot(1 + \tfrac12) = 3/16`,
    :math:`\tau^* = (3/16)/(3/16 + 1/8) = 3/5`:

    >>> traceability(RegionalBrand(2, 1, (1, 2)), 0, traceability_cost=sp.Rational(1, 8)).level["traceability"]
    3/5
    """
    lam = _lam(shadow_cost)
    gamma = as_param(traceability_cost, "traceability_cost", nonnegative=True)
    if model.unequal_costs:     # D_k = sum_i s_i (1 - s_i)^2 / k_i
        D = simp(sp.Add(*[s * (1 - s) ** 2 / kg for (s, _), kg in zip(model.groups(), model.group_costs())]))
        th2D = model.theta**2 * D
        denom = simp(th2D + (1 + lam) * gamma)
    else:
        D = simp(model._sum(lambda s: s * (1 - s) ** 2))
        th2D = model.theta**2 * D
        denom = simp(th2D + (1 + lam) * gamma * model.k)
    if not is_symbolic(denom) and denom == 0:
        tau = model.traceability  # nothing to gain (n = 1 or theta = 0) and nothing spent
    else:
        tau = simp(th2D / denom)
    tau0 = model.traceability
    if not is_symbolic(tau - tau0) and tau < tau0:
        tau = tau0
    conditions = sp.true if not is_symbolic(tau - tau0) else to_expr(tau >= tau0)
    inner = model.with_traceability(tau)
    q = inner._per_group(inner.nash_quality)
    G = simp(gamma * (tau**2 - tau0**2) / 2)
    out = inner.outcome(q, method="closed form (FOC in tau)", conditions=conditions, public_outlay=G)
    W = simp(inner.welfare(q) - (1 + lam) * G)
    out = dataclasses.replace(out, welfare=W)
    return _finish(model, "traceability", {"traceability": tau}, out, method=out.method, conditions=conditions)


@rejects_text
def cost_share(model, shadow_cost: Number = 0, *, level: Number | None = None) -> InstrumentOutcome:
    r"""Cost share (tax credit) :math:`\sigma \in [0, 1)` of the quality cost :math:`k q_i^2/2`.

    Firm :math:`i` then sets :math:`q_i = \theta m_i/((1-\sigma)k)`; the outlay is the share paid,
    :math:`G = \sigma\,\tfrac{k}{2}\sum_i s_i q_i^2`, a transfer (weight :math:`\lambda`). With
    :math:`u = 1/(1-\sigma)`, :math:`A_1 = \sum_i s_i a_i`, :math:`A_2 = \sum_i s_i a_i^2`,
    :math:`a_i = \theta m_i/k`: :math:`W = \theta u A_1 - \tfrac{k}{2}A_2\,((1+\lambda)u^2 - \lambda u)`,
    concave in :math:`u`, so

    .. math:: u^* = \max\Big\{1,\ \frac{2\theta A_1/(k A_2) + \lambda}{2(1+\lambda)}\Big\}.

    Unlike a per-unit subsidy it pays only for the *extra* cost the firm bears at the margin, so
    the same quality costs less public money (symmetric :math:`n = 4`, :math:`\theta = k = 1`,
    :math:`\lambda = 1/5`: :math:`q = (1 + \lambda/8)/(1+\lambda) = 41/48`, :math:`W \approx 0.438`
    against the subsidy's :math:`0.394`).

    Examples
    --------
    >>> from gametheory.models.brand import RegionalBrand
    >>> c = cost_share(RegionalBrand(4, 1, 1), 0)        # u* = 4: sigma = 3/4, q = 1 (first best)
    >>> c.level["cost_share"], c.outcome.quality, c.gap_closed
    (3/4, 1, 1)

    Unequal curvatures: the cost share is :math:`\sigma` of :math:`k_i q_i^2/2`, so
    :math:`q_i = u a_i` and :math:`B_2 = \sum_i s_i k_i a_i^2` replaces :math:`kA_2`. With
    :math:`k = (1, 2)`, equal shares, :math:`\theta = 1`, :math:`\lambda = 1/2`: :math:`a = (1/2, 1/4)`,
    :math:`A_1 = 3/8`, :math:`B_2 = \tfrac12\cdot\tfrac14 + \tfrac12\cdot 2\cdot\tfrac1{16} = 3/16`,
    :math:`u^* = (2\cdot\tfrac38/\tfrac3{16} + \tfrac12)/3 = 3/2` (:math:`\sigma = 1/3`), :math:`q = (3/4, 3/8)`,
    :math:`W = \tfrac32\cdot\tfrac38 - \tfrac3{32}(\tfrac32\cdot\tfrac94 - \tfrac12\cdot\tfrac32) = 9/16 - 63/256 = 81/256`:

    >>> c = cost_share(RegionalBrand(2, 1, (1, 2)), sp.Rational(1, 2))
    >>> c.level["cost_share"], c.outcome.qualities, c.welfare
    (1/3, (3/4, 3/8), 81/256)
    """
    lam = _lam(shadow_cost)
    costs = model.group_costs()
    a = model._per_group(lambda sh, kg: model.theta * model.incentive_weight(sh) / kg)
    A1 = simp(sp.Add(*[c * sh * ai for (sh, c), ai in zip(model.groups(), a)]))
    A2 = simp(sp.Add(*[c * sh * ai ** 2 for (sh, c), ai in zip(model.groups(), a)]))
    # B2 = sum_i s_i k_i a_i^2 (= k A2 with one curvature)
    B2 = simp(sp.Add(*[c * sh * kg * ai ** 2 for (sh, c), kg, ai in zip(model.groups(), costs, a)])) \
        if model.unequal_costs else model.k * A2
    cond = sp.true
    if level is None:
        if not is_symbolic(A2) and A2 == 0:
            u = sp.Integer(1)
        else:
            interior = simp((2 * model.theta * A1 / B2 + lam) / (2 * (1 + lam)))
            d = simp(interior - 1)
            if not is_symbolic(d):
                u = interior if d > 0 else sp.Integer(1)
            else:
                u, cond = interior, to_expr(d >= 0)
        sigma = simp(1 - 1 / u)
        method = "closed form (FOC in 1/(1 - sigma), corner at 0)"
    else:
        sigma = as_param(level, "cost share level", nonnegative=True)
        if not is_symbolic(sigma) and sigma >= 1:
            raise DomainError(f"cost share must be below 1, got {sigma}")
        u = 1 / (1 - sigma)
        method = "given level"
    q = [simp(u * ai) for ai in a]
    if model.unequal_costs:
        G = simp(sigma * sp.Add(*[c * sh * kg * qi ** 2 for (sh, c), kg, qi in zip(model.groups(), costs, q)]) / 2)
    else:
        G = simp(sigma * model.k * sp.Add(*[c * sh * qi ** 2 for (sh, c), qi in zip(model.groups(), q)]) / 2)
    out = model.outcome(q, method=method, public_outlay=G, shadow_cost=lam, conditions=cond)
    # the firms' response to the cost share: q_i maximises s_i[theta(...) - (1 - sigma) k q^2/2]
    x = sp.Dummy("x")
    gains = []
    for g, (sh, _c) in enumerate(model.groups()):
        u_g = model.payoff(g, x, q) + sh * sigma * costs[g] * x ** 2 / 2
        best = u_g.subs(x, sp.solve(sp.diff(u_g, x), x)[0])
        gains.append(simp(best - u_g.subs(x, q[g])))
    out = dataclasses.replace(out, max_deviation_gain=model._max(gains))
    return _finish(model, "cost_share", {"cost_share": sigma}, out, method=method, conditions=cond)


@rejects_text
def levy_subsidy(model, shadow_cost: Number = 0, *, enforcement_cost: Number, level: Number | None = None
                 ) -> InstrumentOutcome:
    r"""A quality subsidy financed by members' dues (an association levy): zero net public outlay.

    The association pays :math:`\nu` per unit of quality and output and levies lump-sum dues
    :math:`d_i = s_i\,\nu R` (each member's share of the bill), so firms respond as to the
    subsidy, :math:`q_i = (\theta m_i + \nu)/k`, while no public money is spent. Welfare
    :math:`\theta R - \tfrac{k}{2}\sum_i s_i q_i^2 - (1+\lambda)C` is maximised at
    :math:`\nu^* = \theta(1 - M)` for every :math:`\lambda` (by hand:
    :math:`\partial W/\partial\nu = [\theta - \theta M - \nu]/k`); with equal shares and
    :math:`\tau = 0` that is the first best, :math:`q = \theta/k`.

    Dues are lump sum only if membership is compulsory for every user of the name — otherwise a
    firm leaves, keeps using the brand and free rides. That takes an enforced membership rule
    (collective trademark, §6 of the derivation): its cost ``enforcement_cost`` :math:`C` is a
    real resource paid from public funds (weight :math:`1+\lambda`). Without it the instrument
    is not offered by :func:`coordinate`.

    Examples
    --------
    :math:`n = 4`, :math:`\theta = k = 1`, :math:`C = 1/100`, :math:`\lambda = 1/4`: :math:`\nu = 3/4`,
    :math:`q = 1`, :math:`W = 1/2 - (5/4)/100 = 39/80`.

    >>> from gametheory.models.brand import RegionalBrand
    >>> r = levy_subsidy(RegionalBrand(4, 1, 1), sp.Rational(1, 4), enforcement_cost=sp.Rational(1, 100))
    >>> r.level["levy_subsidy"], r.outcome.quality, r.welfare, r.public_outlay
    (3/4, 1, 39/80, 0)

    Unequal curvatures, shares :math:`(3/4, 1/4)`, :math:`k = (2, 1)`, :math:`\theta = 1`: with
    :math:`K = \sum_i s_i/k_i`, :math:`\partial W/\partial\nu = \theta K - R^N - \nu K`, so
    :math:`\nu^* = \theta(1 - M) = 1 - 11/20 = 9/20` (:meth:`RegionalBrand.dilution`), and
    :math:`q_i = (s_i + \nu)/k_i = ((3/4 + 9/20)/2, 1/4 + 9/20) = (3/5, 7/10)`:

    >>> r = levy_subsidy(RegionalBrand(2, 1, (2, 1), shares=(sp.Rational(3, 4), sp.Rational(1, 4))), 0,
    ...                  enforcement_cost=0)
    >>> r.level["levy_subsidy"], r.outcome.qualities
    (9/20, (3/5, 7/10))
    """
    lam = _lam(shadow_cost)
    C = as_param(enforcement_cost, "enforcement_cost", nonnegative=True)
    if level is None:
        nu = simp(model.theta * (1 - _M(model)))
        method = "closed form (FOC in the levy-financed subsidy; no public outlay)"
    else:
        nu = as_param(level, "levy_subsidy level", nonnegative=True)
        method = "given level"
    q = model._per_group(lambda sh, kg: (model.theta * model.incentive_weight(sh) + nu) / kg)
    out = model.outcome(q, method=method, subsidy=nu, public_outlay=0, shadow_cost=lam)
    out = dataclasses.replace(out, welfare=simp(out.welfare - (1 + lam) * C))
    return _finish(model, "levy_subsidy", {"levy_subsidy": nu, "enforcement_cost": C}, out, method=method)


def laissez_faire(model) -> InstrumentOutcome:
    eq = model.equilibrium()
    return _finish(model, "laissez-faire", {}, eq, method=eq.method)


@rejects_text
def coordinate(model, *, shadow_cost: Number = 0, inspection_cost: Number | None = None,
               max_fine: Number | None = None, traceability_cost: Number | None = None,
               levy_enforcement_cost: Number | None = None) -> BrandPolicy:
    r"""Evaluate every enforceable instrument at its optimum and pick the welfare-maximising one.

    The subsidy is always evaluated; the minimum standard only as an *enforced* standard, with
    inspections and fines (``inspection_cost`` and ``max_fine``, the fine's legal / limited-
    liability cap) — an unenforced standard is not a candidate, since Nash quality is dominant
    without inspection (it is listed in ``excluded`` with the reason); traceability needs
    ``traceability_cost``; the levy-financed subsidy (members' dues, zero net outlay) needs
    compulsory membership, priced by ``levy_enforcement_cost`` (:func:`levy_subsidy`). Ties go
    against the coordinator: laissez-faire first, then the order of ``ORDER``.

    ``max_fine`` is the fine's limited-liability cap, set by the user. The package's default
    convention (DESIGN) caps a fine at the firm's market-stage profit, here
    :math:`s_i(\theta R - k\bar q^2/2)` at the standard (:math:`1/8` for :math:`n = 4`,
    :math:`\theta = k = \bar q = 1`); a larger cap presumes a bond or deposit beyond that profit
    and the result's ``excluded`` says so. Fiscal rule ``"limited_liability"``: the subsidy
    is a transfer (weight :math:`\lambda`), inspections and traceability are real resources
    (:math:`1 + \lambda`), fines deter and are never collected in equilibrium, so the first best
    needs no transfers and every instrument's welfare is at most :math:`W^*`.

    Examples
    --------
    Hand check of the winner: a cost share sigma of the quality cost gives q = 1/(3(1 - sigma)) and,
    per firm, W = q - q^2/2 - lambda sigma q^2/2 = q - (1 + lambda) q^2/2 + lambda q/6 (outlay weighted
    by lambda); dW/dq = 0 at q = (1 + lambda/6)/(1 + lambda) = 5/6, so W = 125/288 > 169/432 (subsidy).

    >>> from gametheory.models.brand import RegionalBrand
    >>> pol = RegionalBrand(3, 1, 1).coordinate(shadow_cost=sp.Rational(1, 4))
    >>> pol.best, pol.welfare, pol.first_best
    ('cost_share', 125/288, 1/2)

    Unequal curvatures :math:`k = (1, 2)`, equal shares, :math:`\theta = 1`, :math:`\lambda = 1/2`
    (hand derivations in :func:`subsidy` and :func:`cost_share`): the subsidy gives
    :math:`75/256`, the cost share :math:`81/256`; with :math:`W^N = 9/32 = 72/256` and
    :math:`W^* = 3/8 = 96/256` the cost share closes :math:`9/24 = 3/8` of the gap:

    >>> pol = RegionalBrand(2, 1, (1, 2)).coordinate(shadow_cost=sp.Rational(1, 2))
    >>> pol.best, pol.welfare, pol.first_best, pol.gap_closed
    ('cost_share', 81/256, 3/8, 3/8)
    """
    lam = _lam(shadow_cost)
    cands = {}
    excluded = {"standard": "not enforceable without inspection: Nash quality is a dominant strategy, so an "
                            "unenforced standard is ignored (give inspection_cost and max_fine for the enforced one)"}
    if inspection_cost is not None or max_fine is not None:
        if inspection_cost is None or max_fine is None:
            raise DomainError("the fine instrument needs both inspection_cost and max_fine")
        try:
            cands["fine"] = fine(model, lam, inspection_cost=inspection_cost, max_fine=max_fine)
            excluded["standard"] = "enforced only with inspection and fines: see the candidate 'fine'"
            profits = cands["fine"].outcome.profits
            cap = as_param(max_fine, "max_fine", positive=True)
            if profits and not is_symbolic([cap, *profits]) and cap > min(profits):
                excluded["liability_cap"] = (
                    f"max_fine = {cap} exceeds a firm's market-stage profit at the standard ({min(profits)}), the "
                    "default limited-liability cap: the fine presumes a bond or deposit beyond that profit")
        except DomainError as err:
            excluded["fine"] = f"infeasible: {err}"
    if traceability_cost is not None:
        cands["traceability"] = traceability(model, lam, traceability_cost=traceability_cost)
    if levy_enforcement_cost is not None:
        cands["levy_subsidy"] = levy_subsidy(model, lam, enforcement_cost=levy_enforcement_cost)
    else:
        excluded["levy_subsidy"] = ("not offered: members' dues are lump sum only if membership is compulsory "
                                    "(give levy_enforcement_cost, the cost of enforcing the membership rule)")
    cands["subsidy"] = subsidy(model, lam)
    cands["cost_share"] = cost_share(model, lam)
    cands["laissez-faire"] = laissez_faire(model)
    w_fb, w_lf = model.first_best().welfare, model.equilibrium().welfare
    # the core engine's menu step: laissez-faire first, then the instruments in ORDER — ties go against
    # the coordinator (an instrument at level 0 that only ties laissez-faire is not chosen)
    menu = ("laissez-faire",) + tuple(name for name in ORDER if name != "laissez-faire")
    considered = tuple(name for name in menu if name in cands)
    choice = choose_instrument({name: cands[name].welfare for name in considered}, first_best=w_fb)
    best = choice.best
    notes = [f"instruments considered: {', '.join(considered)}; chosen: {best if best else 'open (symbolic ranking)'}",
             "fiscal rule limited_liability: the subsidy is a transfer (weight lambda), inspections and traceability "
             "are real resources (1 + lambda), fines deter and are never collected in equilibrium; the first best "
             "needs no transfers"]
    notes += [f"not a candidate: {name} ({why})" for name, why in excluded.items()]
    method = "closed form per instrument, menu by gametheory.core.coordinator.choose_instrument"
    if best is None:
        return BrandPolicy(policy={"instrument": None}, response={}, account=None, welfare=None, transfers={},
                           shadow_cost=lam, laissez_faire_welfare=w_lf, first_best_welfare=w_fb, gap_closed=None,
                           conditions=sp.true, method=method + " (ranking open for symbols)", notes=tuple(notes),
                           fiscal_rule="limited_liability", instrument=None, candidates=cands, excluded=excluded,
                           alternatives={name: cands[name].welfare for name in considered})
    win = cands[best]
    out = win.outcome
    outlay = win.public_outlay
    # enforcement bought with public funds: the fine's inspections and the traceability system are the
    # instruments' whole outlay; the levy's is the cost of compulsory membership (its outlay is 0)
    enforcement = {"fine": outlay, "traceability": outlay, "levy_subsidy": win.level.get("enforcement_cost", 0)
                   }.get(best, sp.Integer(0))
    flags = {"participation": _participation(model, best, win), "benchmark_attainable": True,
             # Becker: the fine is set at its cap max_fine (the least inspection deters), so the cap binds
             "limited_liability_binding": best == "fine"}
    # W = CS + PS - R - (1 + lambda) G with the quality surplus the producers' (consumers pay the premium
    # in full): PS including transfers = W + (1 + lambda) G, so the account reproduces the family's W
    acc = welfare_account(0, win.welfare + (1 + lam) * outlay, 0, outlay, lam, simplify=False)
    numeric = not is_symbolic([win.welfare, w_lf, w_fb])
    return BrandPolicy(policy={"instrument": best, **dict(win.level)},
                       response={"qualities": out.qualities, "quality": out.quality, "reputation": out.reputation,
                                 "profits": out.profits, "max_deviation_gain": win.max_deviation_gain},
                       account=acc, welfare=win.welfare, transfers={best: outlay}, shadow_cost=lam,
                       laissez_faire_welfare=w_lf, first_best_welfare=w_fb, gap_closed=win.gap_closed,
                       gap_degenerate=bool(numeric and gap_is_degenerate(w_lf, w_fb)),
                       conditions=win.conditions, method=method, notes=tuple(notes),
                       fiscal_rule="limited_liability", instrument=best, candidates=cands, excluded=excluded,
                       alternatives={name: cands[name].welfare for name in considered},
                       enforcement_cost=enforcement, flags=flags)


def _participation(model, name: str, win: InstrumentOutcome) -> bool | None:
    r"""Every firm's payoff at the instrument's outcome, with what it receives or pays, is :math:`\ge 0`.

    The outcome's profits include a per-unit subsidy; a cost share pays a firm of group :math:`g`
    :math:`s_g\sigma k_g q_g^2/2`; the levy's dues take :math:`s_g\nu R`; a complying firm pays no
    fine. None when open (symbols) or when the number of firms is a symbol.
    """
    from gametheory.core.conditions import decide

    out = win.outcome
    if out.profits is None or out.qualities is None:
        return None
    groups = model.groups()
    profits, q = list(out.profits)[:len(groups)], list(out.qualities)[:len(groups)]
    costs = model.group_costs()
    verdicts = []
    for (share, _count), kg, p, qg in zip(groups, costs, profits, q):
        if name == "cost_share":
            p = p + share * win.level["cost_share"] * kg * qg**2 / 2
        elif name == "levy_subsidy":
            p = p - share * win.level["levy_subsidy"] * out.reputation
        verdicts.append(decide(to_expr(p) >= 0))
    if any(v is False for v in verdicts):
        return False
    return True if all(v is True for v in verdicts) else None


@rejects_text
def subsidy_coordinator(model, shadow_cost: Number = 0, *, upper: Number | None = None):
    r"""The quality-subsidy problem as a core :class:`~gametheory.core.coordinator.Coordinator`.

    Firms respond with :math:`q_i = (\theta m_i + \sigma)/k`; producer surplus includes the subsidy
    :math:`\sigma R`, which is also the outlay. Use it for ``.sweep(λ array)`` and
    ``.verify_by_grid()``; ``.solve()`` reproduces :func:`subsidy` (an independent check).
    Needs an integer number of firms. ``upper`` bounds σ (default :math:`\theta`, above σ* for
    every λ).

    Examples
    --------
    >>> from gametheory.models.brand import RegionalBrand
    >>> gov = subsidy_coordinator(RegionalBrand(3, 1, 1), sp.Rational(1, 4))
    >>> gov.solve().policy["sigma"]          # (2 - 1/4)/(3 * 3/2), as the closed form
    7/18
    """
    from gametheory.core.coordinator import Coordinator, Instrument

    if model.n_is_symbolic:
        raise DomainError("subsidy_coordinator() needs an integer number of firms")
    sigma = sp.Symbol("sigma", nonnegative=True)
    shares, costs = model.share_tuple(), model.cost_tuple()
    qs = sp.symbols(f"q_1:{len(shares) + 1}")
    rep = sp.Add(*[s * q for s, q in zip(shares, qs)])
    if model.unequal_costs:
        ps = model.theta * rep - sp.Add(*[s * kk * q**2 for s, kk, q in zip(shares, costs, qs)]) / 2 + sigma * rep
    else:
        ps = model.theta * rep - model.k * sp.Add(*[s * q**2 for s, q in zip(shares, qs)]) / 2 + sigma * rep
    hi = model.theta if upper is None else as_param(upper, "upper", positive=True)
    if not is_symbolic(hi) and hi == 0:
        hi = sp.Integer(1)
    return Coordinator([Instrument("sigma", sigma, bounds=(0, hi), budget=sigma * rep)],
                       response={q: (model.theta * model.incentive_weight(s) + sigma) / kk
                                 for s, kk, q in zip(shares, costs, qs)},
                       welfare_parts={"producer_surplus": ps}, shadow_cost=shadow_cost,
                       first_best=model.first_best().welfare, laissez_faire=model.equilibrium().welfare)
