r"""Voluntary provision of an industrial common technology (产业共性技术) — the public-good form.

An industrial common technology is a quasi-public good (准公共物品): once it exists every firm in
the cluster uses it. Firm :math:`i` values it at :math:`v_i > 0`, contributes :math:`g_i \ge 0`
and earns

.. math::

    u_i = v_i f(G) - g_i, \qquad G = g_0 + \sum_j g_j,

with :math:`f` increasing and strictly concave and :math:`g_0 \ge 0` public provision. Write
:math:`\hat G(v)` for the level one agent with valuation :math:`v` would buy alone
(:math:`v f'(\hat G) = 1`, or 0 when :math:`v f'(0) \le 1`).

* **Nash** (搭便车 free riding). Firm :math:`i`'s Kuhn–Tucker condition is
  :math:`v_i f'(G) \le 1` with equality if :math:`g_i > 0`. Two firms with different valuations
  cannot both hold it with equality, so only the top valuation(s) contribute (the extensive
  margin, Bergstrom, Blume & Varian 1986): :math:`G^N = \max\{g_0, \hat G(v_{\max})\}`. With tied
  top valuations any split of :math:`\hat G(v_{\max}) - g_0` among them is an equilibrium — a
  continuum whose vertices are reported; the level :math:`G^N` is unique.
* **Samuelson optimum**: :math:`\sum_i v_i f'(G^*) = 1`, i.e. :math:`G^* = \hat G(V)`,
  :math:`V = \sum_i v_i`. With :math:`f = \log`: :math:`G^N/G^* = v_{\max}/V`.
* **Crowding out** (挤出): private provision is :math:`\max\{0, \hat G(v_{\max}) - g_0\}` — one for
  one below the Nash level, none above (Warr 1982; BBV 1986 §4).
* **Direct provision with a shadow cost** :math:`\lambda`: welfare
  :math:`W(g_0) = V f(G) - \sum g_i - (1+\lambda) g_0`. Below the Nash level each public unit
  displaces a private one, so :math:`W` falls at rate :math:`\lambda`; above it :math:`W` is
  concave with maximiser :math:`G_\lambda = \hat G(V/(1+\lambda))`. Hence the optimum is
  *all or nothing*: :math:`g_0 = 0` or :math:`g_0 = G_\lambda > \hat G(v_{\max})` (full public
  provision, private provision crowded out entirely); at :math:`\lambda = 0` it is :math:`G^*`.
* **Matching subsidy**: the government adds :math:`s` per unit contributed. The contributor's
  price of the technology falls to :math:`1/(1+s)`, so :math:`G(s) = \hat G((1+s)v_{\max})`, and
  :math:`s^* = V/v_{\max} - 1` implements :math:`G^*` (Andreoni & Bergstrom 1996: subsidies
  raise provision). The public outlay is :math:`s\,G/(1+s)`, less than direct provision's.
* **Lindahl shares** :math:`\tau_i = v_i/V`: at personal prices :math:`\tau_i` every firm
  demands :math:`G^*`.
* **Consortium** (cost-sharing club) of members :math:`S`: buys :math:`\hat G(V_S)`; member
  :math:`i` pays :math:`c_i`; participation requires :math:`v_i f(G_S) - c_i` to be at least the
  firm's outside option (Nash payoff if the consortium then fails, or free riding on the
  consortium of the others).

References
----------
.. [1] Bergstrom, T., Blume, L. & Varian, H. (1986). On the private provision of public goods.
   Journal of Public Economics 29, 25-49.
.. [2] Warr, P. (1983). The private provision of a public good is independent of the
   distribution of income. Economics Letters 13, 207-211.
.. [3] Olson, M. (1965). The Logic of Collective Action. Harvard University Press.
.. [4] Andreoni, J. & Bergstrom, T. (1996). Do government subsidies increase the private supply
   of public goods? Public Choice 88, 295-308.
.. [5] Samuelson, P. (1954). The pure theory of public expenditure. RES 36, 387-389.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Sequence

import sympy as sp

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

from ._benefit import as_benefit
from ._results import ConsortiumOutcome, ProvisionOutcome, ProvisionPolicy
from ._util import (_all, _argmax_on_interval, _best, _choose, _decide_bool, _gap,
                    _positive_part, _simp, top_set)

__all__ = ["CommonTechnology", "ProvisionOutcome", "ProvisionPolicy", "ConsortiumOutcome", "top_set"]


# ----------------------------------------------------------------------------------------------
# the model
# ----------------------------------------------------------------------------------------------
@rejects_text(choices=('instruments', 'outside', 'shares'))
@dataclass(frozen=True)
class CommonTechnology:
    r"""Voluntary provision of an industrial common technology (public-good form).

    Parameters
    ----------
    valuations : sequence of number or sympy.Expr
        Firms' valuations :math:`v_i > 0`.
    benefit : callable or sympy.Expr, default :func:`sympy.log`
        :math:`f(G)`, increasing and strictly concave for :math:`G > 0`.
    government : number or sympy.Expr, default 0
        Public provision :math:`g_0 \ge 0`.

    Raises
    ------
    DomainError
        A valuation :math:`\le 0`, negative public provision, a benefit that is not increasing
        and strictly concave, or one whose marginal value never falls below :math:`1/v`.

    Notes
    -----
    See the module docstring for the Nash equilibrium, the Samuelson optimum, crowding out and
    the instruments.

    Examples
    --------
    >>> CommonTechnology(valuations=(3, 2, 1)).equilibrium().contributions   # v_1/G = 1 => G = 3
    (3, 0, 0)
    >>> CommonTechnology(valuations=(3, 2, 1)).first_best().level           # (3+2+1)/G = 1
    6
    >>> CommonTechnology((3, 2, 1), government=2).equilibrium().contributions   # crowded out 1:1
    (1, 0, 0)
    """

    valuations: tuple
    benefit: Any = sp.log
    government: Number = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "valuations", as_params(self.valuations, "valuations", positive=True))
        object.__setattr__(self, "government", as_param(self.government, "government", nonnegative=True))
        object.__setattr__(self, "benefit", as_benefit(self.benefit))

    # -- basic quantities ----------------------------------------------------------------------
    @property
    def n(self) -> int:
        """Number of firms."""
        return len(self.valuations)

    @property
    def total_valuation(self) -> sp.Expr:
        """:math:`V = \\sum_i v_i`."""
        return sp.Add(*self.valuations)

    def stand_alone_level(self, valuation: Any) -> sp.Expr:
        r""":math:`\hat G(v)` (see :class:`~gametheory.models.commontech._benefit.Benefit`)."""
        return self.benefit.stand_alone_level(valuation)

    def payoff(self, i: int, contributions: Sequence[Any], government: Any | None = None) -> sp.Expr:
        """:math:`u_i = v_i f(G) - g_i` at a contribution profile."""
        g0 = self.government if government is None else to_expr(government)
        level = g0 + sp.Add(*contributions)
        return self.valuations[i] * self.benefit(level) - contributions[i]

    def welfare_at(self, level: Any, private: Any, outlay: Any = 0, shadow_cost: Any = 0) -> sp.Expr:
        r""":math:`V f(G) - \text{private} - (1+\lambda)\,\text{outlay}`."""
        return self.total_valuation * self.benefit(level) - private - (1 + to_expr(shadow_cost)) * outlay

    def deviation_gains(self, contributions: Sequence[Any]) -> tuple:
        r"""Each firm's gain from its best response :math:`\max\{0, \hat G(v_i) - G_{-i}\}`."""
        g = [to_expr(x) for x in contributions]
        total = self.government + sp.Add(*g)
        gains = []
        for i, v in enumerate(self.valuations):
            others = total - g[i]
            br = _positive_part(self.stand_alone_level(v) - others)
            dev = list(g)
            dev[i] = br
            gain = self.payoff(i, dev) - self.payoff(i, g)
            # exact numbers simplify cheaply; symbolic gains (Max/Piecewise) are left unsimplified
            gains.append(sp.simplify(gain) if not gain.free_symbols else gain)
        return tuple(gains)

    def _conditions(self, *extra: Any) -> sp.Basic:
        return sp.And(self.benefit.conditions, *extra)

    # -- Nash equilibrium ----------------------------------------------------------------------
    def equilibrium(self) -> ProvisionOutcome:
        r"""The Nash equilibrium of voluntary contributions.

        Only the firm(s) with the top valuation contribute; :math:`G^N = \max\{g_0, \hat G(v_{\max})\}`.
        With ties, ``contributions`` is the equal split and ``vertices`` lists every tied firm
        contributing alone (the set of equilibria is their convex hull).

        Examples
        --------
        >>> eq = CommonTechnology((2, 2, 1)).equilibrium()   # tie: 2/G = 1, G = 2, any split
        >>> eq.level, eq.contributions, eq.unique, eq.vertices
        (2, (1, 1, 0), False, ((2, 0, 0), (0, 2, 0)))
        """
        top, order_cond = top_set(self.valuations)
        alone = self.stand_alone_level(self.valuations[top[0]])
        g0 = self.government
        private = _positive_part(alone - g0)
        level = _simp(g0 + private)
        share = _simp(private / len(top))
        contributions = tuple(share if i in top else sp.Integer(0) for i in range(self.n))
        vertices = tuple(tuple(private if i == t else sp.Integer(0) for i in range(self.n)) for t in top)
        crowded_out = sp.simplify(private) == 0
        unique = len(top) == 1 or bool(crowded_out)
        if unique:
            vertices = (contributions,)
        payoffs = tuple(_simp(self.payoff(i, contributions)) for i in range(self.n))
        gains = self.deviation_gains(contributions)
        gain = max(gains) if all(to_expr(x).is_number for x in gains) else gains
        return ProvisionOutcome(
            level=level,
            contributions=contributions,
            government=g0,
            contributors=() if crowded_out else top,
            payoffs=payoffs,
            welfare=_simp(self.welfare_at(level, private + g0)),
            unique=unique,
            vertices=vertices,
            conditions=self._conditions(order_cond),
            method="closed form (contributor set: top valuations)",
            max_deviation_gain=gain,
        )

    # -- optimum -------------------------------------------------------------------------------
    def first_best(self) -> ProvisionOutcome:
        r"""The Samuelson optimum :math:`\sum_i v_i f'(G^*) = 1`, financed by Lindahl shares.

        :math:`G^* = \max\{g_0, \hat G(V)\}`; firm :math:`i` pays :math:`(v_i/V)(G^* - g_0)`.

        Examples
        --------
        >>> CommonTechnology((3, 2, 1), benefit=sp.sqrt).first_best().level    # 6/(2 sqrt G) = 1
        9
        """
        V = self.total_valuation
        g0 = self.government
        private = _positive_part(self.stand_alone_level(V) - g0)
        level = _simp(g0 + private)
        shares = self.lindahl_shares()
        contributions = tuple(_simp(t * private) for t in shares)
        return ProvisionOutcome(
            level=level,
            contributions=contributions,
            government=g0,
            contributors=tuple(range(self.n)) if sp.simplify(private) != 0 else (),
            payoffs=tuple(_simp(self.payoff(i, contributions)) for i in range(self.n)),
            welfare=_simp(self.welfare_at(level, private + g0)),
            unique=True,
            vertices=(contributions,),
            conditions=self._conditions(),
            method="Samuelson condition, Lindahl financing",
            max_deviation_gain=None,
        )

    def underprovision_ratio(self) -> sp.Expr:
        r""":math:`G^N / G^*` (:math:`v_{\max}/V` for :math:`f = \log`, :math:`g_0 = 0`).

        Examples
        --------
        >>> CommonTechnology((3, 2, 1)).underprovision_ratio()
        1/2
        """
        return _simp(self.equilibrium().level / self.first_best().level)

    def lindahl_shares(self) -> tuple:
        r"""Lindahl tax shares :math:`\tau_i = v_i/V`: at these personal prices every firm demands :math:`G^*`."""
        V = self.total_valuation
        return tuple(_simp(v / V) for v in self.valuations)

    def lindahl_demands(self) -> tuple:
        r"""Each firm's demand :math:`\hat G(v_i/\tau_i)` at its Lindahl price (all equal :math:`\hat G(V)`)."""
        return tuple(_simp(self.stand_alone_level(v / t)) for v, t in zip(self.valuations, self.lindahl_shares()))

    # -- crowding out --------------------------------------------------------------------------
    def with_government(self, government: Number) -> "CommonTechnology":
        """The same cluster with public provision ``government``."""
        return dataclasses.replace(self, government=government)

    def private_response(self, government: Number) -> sp.Expr:
        r"""Private provision :math:`\max\{0, \hat G(v_{\max}) - g_0\}` at public provision :math:`g_0`."""
        return self.with_government(government).equilibrium().private_provision

    # -- instruments ---------------------------------------------------------------------------
    def _laissez_faire(self) -> tuple[sp.Expr, sp.Expr]:
        base = self.with_government(0)
        top, _ = top_set(self.valuations)
        g_nash = base.stand_alone_level(self.valuations[top[0]])
        return g_nash, _simp(base.welfare_at(g_nash, g_nash))

    def _first_best_welfare(self) -> sp.Expr:
        g_star = self.stand_alone_level(self.total_valuation)
        return _simp(self.welfare_at(g_star, g_star))

    def direct_provision(self, *, shadow_cost: Number = 0) -> ProvisionPolicy:
        r"""Optimal public provision :math:`g_0` at shadow cost :math:`\lambda` (all or nothing).

        Candidates: :math:`g_0 = 0` (laissez-faire, welfare :math:`W^N`) and
        :math:`g_0 = G_\lambda = \hat G(V/(1+\lambda))` when it exceeds the Nash level. Any
        :math:`0 < g_0 \le G^N` is dominated by 0 when :math:`\lambda > 0` (it displaces private
        money one for one and costs :math:`\lambda g_0`); the model's own ``government`` is
        replaced by the choice.

        Examples
        --------
        >>> p = CommonTechnology((3, 2, 1)).direct_provision(shadow_cost=0)
        >>> p.policy, p.level, p.gap_closed                   # lambda = 0: provide G* = 6
        (6, 6, 1)
        >>> CommonTechnology((3, 2, 1)).direct_provision(shadow_cost=1).policy   # G_1 = 3 = G^N
        0
        """
        lam = as_param(shadow_cost, "shadow_cost", nonnegative=True)
        V = self.total_valuation
        g_nash, w_nash = self._laissez_faire()
        w_star = self._first_best_welfare()
        g_lam = self.stand_alone_level(V / (1 + lam))
        w_lam = _simp(self.welfare_at(g_lam, 0, g_lam, lam))
        provide = sp.And(sp.Gt(g_lam, g_nash), sp.Gt(w_lam, w_nash))
        provide = _decide_bool(provide)
        outlay = _choose(provide, g_lam, sp.Integer(0))
        welfare = _choose(provide, w_lam, w_nash)
        level = _choose(provide, g_lam, g_nash)
        private = _choose(provide, sp.Integer(0), g_nash)
        alternatives = {"laissez-faire": w_nash, "full public provision": w_lam}
        return ProvisionPolicy(
            instrument="direct provision",
            policy=outlay,
            level=level,
            private_provision=private,
            public_outlay=outlay,
            welfare=welfare,
            laissez_faire_welfare=w_nash,
            first_best_welfare=w_star,
            gap_closed=_gap(welfare, w_nash, w_star),
            shadow_cost=lam,
            alternatives=alternatives,
            conditions=self._conditions(),
            method="closed form: compare g0 = 0 with g0 = Ĝ(V/(1+λ)) (all or nothing)",
        )

    def matching_subsidy(self, *, shadow_cost: Number = 0, rate: Number | None = None) -> ProvisionPolicy:
        r"""The matching subsidy: optimal rate at :math:`\lambda`, or the outcome of a given ``rate``.

        With rate :math:`s` (multiplier :math:`m = 1 + s`) the top firm buys
        :math:`G(m) = \hat G(m v_{\max})`, the government pays :math:`(1 - 1/m)G`, and
        :math:`W(m) = V f(G) - G - \lambda (1 - 1/m) G` is maximised over
        :math:`m \in [1, V/v_{\max}]` (stationary points and both ends). At :math:`\lambda = 0`:
        :math:`s^* = V/v_{\max} - 1` and :math:`G = G^*`. For :math:`f = \log`:
        :math:`m^* = \max\{1, V/((1+\lambda)v_{\max})\}`.

        Examples
        --------
        >>> CommonTechnology((3, 2, 1)).matching_subsidy(shadow_cost=0).policy      # 6/3 - 1
        1
        >>> CommonTechnology((3, 2, 1)).matching_subsidy(shadow_cost=sp.Rational(1, 2)).policy  # 6/(3/2 * 3) - 1
        1/3
        """
        lam = as_param(shadow_cost, "shadow_cost", nonnegative=True)
        top, order_cond = top_set(self.valuations)
        vm = self.valuations[top[0]]
        V = self.total_valuation
        g_nash, w_nash = self._laissez_faire()
        w_star = self._first_best_welfare()
        method = "closed form: stationary points of W(1+s) on [1, V/v_max]"
        if rate is not None:
            best = 1 + as_param(rate, "rate", nonnegative=True)
            level_m = self.stand_alone_level(best * vm)
            m = sp.Dummy("m", positive=True)
            w_m = self.welfare_at(level_m, level_m / m, level_m * (1 - 1 / m), lam)
            method = "closed form (given rate)"
        else:
            m = sp.Symbol("m", positive=True)
            level_m = self.stand_alone_level(m * vm)
            w_m = self.welfare_at(level_m, level_m / m, level_m * (1 - 1 / m), lam)
            best, method = _argmax_on_interval(w_m, m, sp.Integer(1), _simp(V / vm), method)
        s = _simp(best - 1)
        level = _simp(level_m.subs(m, best))
        outlay = _simp(level * s / (1 + s))
        welfare = _simp(w_m.subs(m, best))
        return ProvisionPolicy(
            instrument="matching subsidy",
            policy=s,
            level=level,
            private_provision=_simp(level - outlay),
            public_outlay=outlay,
            welfare=welfare,
            laissez_faire_welfare=w_nash,
            first_best_welfare=w_star,
            gap_closed=_gap(welfare, w_nash, w_star),
            shadow_cost=lam,
            alternatives={},
            conditions=self._conditions(order_cond),
            method=method,
        )

    def policy_coordinator(self, *, shadow_cost: Number = 0,
                           instruments: Sequence[str] = ("direct provision", "matching subsidy")):
        r"""The government's problem declared to the core :class:`~gametheory.core.coordinator.Coordinator`.

        Two alternative instruments, one used at a time: a binary instrument ``matching``
        (0: direct provision, 1: matching subsidy) and an ``intensity`` :math:`t \in [0, 1]`
        scaled to each instrument's relevant range — public provision :math:`g_0 = t\,\hat G(V)`
        or matching rate :math:`s = t\,(V/v_{\max} - 1)`. Responses: direct provision crowds out
        one for one, :math:`G = \max\{g_0, G^N\}`, private :math:`\max\{0, G^N - g_0\}`, outlay
        :math:`g_0`; matching, :math:`G = \hat G((1+s)v_{\max})`, private :math:`G/(1+s)`, outlay
        :math:`sG/(1+s)`. Producer surplus :math:`V f(G) - \text{private}` (the outlay buys the
        good), so :math:`W = V f(G) - \text{private} - (1+\lambda)\,\text{outlay}`. The model's own
        ``government`` is replaced by the choice. The engine evaluates the box ends, the kink of
        crowding out and the interior first-order conditions for each instrument.
        """
        from gametheory.core.coordinator import Coordinator, Instrument

        known = ("direct provision", "matching subsidy")
        for name in instruments:
            if name not in known:
                raise DomainError(f"unknown instrument {name!r}; valid choices: {', '.join(known)}")
        if not instruments:
            raise DomainError("instruments must name at least one instrument")
        lam = as_param(shadow_cost, "shadow_cost", nonnegative=True)
        base = self.with_government(0)
        top, _ = top_set(self.valuations)
        vm, V = self.valuations[top[0]], self.total_valuation
        g_nash = base.stand_alone_level(vm)
        hi_g, hi_s = base.stand_alone_level(V), _simp(V / vm - 1)
        G, priv = sp.symbols("G private", nonnegative=True)
        b = sp.Symbol("matching", nonnegative=True)
        t = sp.Symbol("intensity", nonnegative=True)
        g_match = base.stand_alone_level((1 + t * hi_s) * vm)
        response = {G: b * g_match + (1 - b) * sp.Max(t * hi_g, g_nash),
                    priv: b * g_match / (1 + t * hi_s) + (1 - b) * sp.Max(0, g_nash - t * hi_g)}
        budget = b * t * hi_s * g_match / (1 + t * hi_s) + (1 - b) * t * hi_g
        values = tuple(sorted(known.index(name) for name in set(instruments)))
        mode = (Instrument("matching", b, kind="binary", budget=0) if len(values) == 2 else
                Instrument("matching", b, kind="discrete", values=values, budget=0))
        return Coordinator([mode, Instrument("intensity", t, bounds=(0, 1), budget=budget)], response=response,
                           welfare_parts={"producer_surplus": V * self.benefit(G) - priv}, shadow_cost=lam,
                           first_best=self._first_best_welfare(), laissez_faire=self._laissez_faire()[1])

    def coordinate(self, *, shadow_cost: Number = 0,
                   instruments: Sequence[str] = ("direct provision", "matching subsidy")):
        r"""The government coordinator's optimum at shadow cost :math:`\lambda`, by the core policy engine.

        The problem is declared in :meth:`policy_coordinator` and solved by
        :class:`gametheory.core.coordinator.Coordinator` (every corner, kink and interior point of
        each instrument evaluated exactly). The result is the core
        :class:`~gametheory.core.coordinator.PolicyOutcome` with ``policy`` =
        ``{"instrument", "public_provision", "matching_rate"}``, ``response`` =
        ``{"level", "private_provision", "public_outlay"}``, the laissez-faire and first-best
        welfare, ``gap_closed`` (unclipped), the candidates, ``notes`` (instruments considered,
        the winner, enforcement: none needed — both instruments only spend) and
        ``fiscal_rule = "limited_liability"`` (outlays at :math:`1+\lambda`; no instrument raises
        revenue, so the first best without public funds bounds every outcome). Ties in welfare go
        against the coordinator (laissez-faire is reported when no instrument strictly improves).
        Symbolic parameters: use :meth:`direct_provision` / :meth:`matching_subsidy`.

        Examples
        --------
        Valuations (3, 2, 1), :math:`\lambda = 1/4`: matching at :math:`s = 6/(5/4 \cdot 3) - 1 = 3/5`,
        :math:`G = 8/5 \cdot 3`.

        >>> co = CommonTechnology((3, 2, 1)).coordinate(shadow_cost=sp.Rational(1, 4))
        >>> co.policy["instrument"], co.policy["matching_rate"], co.response["level"]
        ('matching subsidy', 3/5, 24/5)
        """
        import dataclasses as _dc


        lam = as_param(shadow_cost, "shadow_cost", nonnegative=True)
        if is_symbolic(list(self.valuations) + [lam]):
            raise DomainError("coordinate() needs numbers (symbolic parameters: use direct_provision() or "
                              "matching_subsidy(), which return closed forms)")
        gov = self.policy_coordinator(shadow_cost=lam, instruments=instruments)
        out = gov.solve()
        base = self.with_government(0)
        top, _ = top_set(self.valuations)
        vm, V = self.valuations[top[0]], self.total_valuation
        hi_g, hi_s = base.stand_alone_level(V), _simp(V / vm - 1)
        w_lf = out.laissez_faire_welfare
        names = ("direct provision", "matching subsidy")
        best_by: dict[str, Any] = {}                       # instrument -> its best attained welfare
        for c in out.candidates:
            if not c.attained:
                continue
            name = names[int(c.policy["matching"])]
            if name not in best_by or _decide_bool(sp.Gt(c.welfare, best_by[name])) is True:
                best_by[name] = c.welfare
        improves = _decide_bool(sp.Gt(out.welfare, w_lf)) is True
        t = out.policy["intensity"]
        name = names[int(out.policy["matching"])] if improves else "laissez-faire"
        g0 = _simp(t * hi_g) if name == "direct provision" else sp.Integer(0)
        rate = _simp(t * hi_s) if name == "matching subsidy" else sp.Integer(0)
        if name == "laissez-faire":
            level, private = self._laissez_faire()[0], self._laissez_faire()[0]
        else:
            level, private = _simp(out.response["G"]), _simp(out.response["private"])
        outlay = _simp(level - private)
        considered = tuple(n for n in names if n in instruments)
        notes: tuple[str, ...] = (f"instruments considered: {', '.join(considered)} (alternatives: one is used)",
                                  f"winner: {name}",
                                  "enforcement: none needed (both instruments only spend); enforcement cost 0",
                                  "the model's own government provision is replaced by the coordinator's choice")
        notes = notes + ("welfare by instrument (each at its optimum): " + "; ".join(
            f"{n}: {_simp(w)}" for n, w in (("laissez-faire", w_lf),) + tuple(
                (n, best_by[n]) for n in considered if n in best_by)),)
        gap = out.gap_closed if out.gap_closed is None else _simp(out.gap_closed)
        # the first best is the Samuelson level financed by Lindahl shares without public funds: a target
        # only if every firm would rather pay its share than stay at its Nash payoff (section 6)
        lindahl = self.consortium(outside="nash").stable
        attainable = lindahl if isinstance(lindahl, bool) else None
        if attainable is False:
            notes = notes + ("the first best (Samuelson level, Lindahl shares, no public funds) is the bound but "
                             "not attainable: a firm's participation fails (consortium(outside='nash'))",)
        flags = {"participation": True, "limited_liability_binding": False, "benchmark_attainable": attainable}
        return _dc.replace(out, policy={"instrument": name, "public_provision": g0, "matching_rate": rate},
                           response={"level": level, "private_provision": private, "public_outlay": outlay},
                           transfers={name: outlay}, notes=tuple(out.notes) + notes, gap_closed=gap,
                           fiscal_rule="limited_liability", flags=flags, enforcement_cost=sp.Integer(0))

    def instrument_welfare(self, *, shadow_cost: Number = 0,
                           instruments: Sequence[str] = ("direct provision", "matching subsidy")) -> dict:
        r"""Welfare of laissez-faire and of each instrument at its own optimum, from the engine's candidates.

        Examples
        --------
        >>> w = CommonTechnology((3, 2, 1)).instrument_welfare(shadow_cost=1)   # G_1 = 3 = G^N
        >>> w["laissez-faire"] == w["direct provision"] == w["matching subsidy"]
        True
        """
        lam = as_param(shadow_cost, "shadow_cost", nonnegative=True)
        out = self.policy_coordinator(shadow_cost=lam, instruments=instruments).solve()
        names = ("direct provision", "matching subsidy")
        best = {"laissez-faire": _simp(out.laissez_faire_welfare)}
        for c in out.candidates:
            if not c.attained:
                continue
            name = names[int(c.policy["matching"])]
            if name not in best or _decide_bool(sp.Gt(c.welfare, best[name])) is True:
                best[name] = _simp(c.welfare)
        return best

    # -- consortium ----------------------------------------------------------------------------
    def consortium(self, members: Sequence[int] | None = None, *, shares: Any = "lindahl",
                   outside: str = "nash") -> ConsortiumOutcome:
        r"""A cost-sharing consortium of ``members`` and its participation constraints.

        The consortium acts as one contributor with valuation :math:`V_S` against the outsiders,
        so :math:`G_S = \max\{g_0, \hat G(\max\{V_S, v_j : j \notin S\})\}`; its bill
        :math:`G_S - g_0` (if it is the contributor) is split by ``shares``: ``"lindahl"``
        (:math:`v_i/V_S`), ``"equal"`` or a sequence of weights.

        ``outside`` is a member's alternative: ``"nash"`` (the consortium fails if anyone
        declines — unanimity — and the firm gets its Nash payoff) or ``"free_ride"`` (the others
        form their consortium without it and it free rides).

        Examples
        --------
        Equal valuations 1, log benefit, 3 firms: :math:`G_S = 3`, each pays 1 and gets
        :math:`\log 3 - 1 \approx 0.10 > 0 = \log 1`, its best Nash payoff (another firm buys
        :math:`G^N = 1`); but free riding on the other two gives :math:`\log 2 \approx 0.69`, so
        against that option no one stays:

        >>> c = CommonTechnology((1, 1, 1))
        >>> c.consortium().stable, c.consortium(outside="free_ride").stable
        (True, False)
        """
        S = tuple(range(self.n)) if members is None else tuple(sorted(set(int(i) for i in members)))
        if not S or any(i < 0 or i >= self.n for i in S):
            raise DomainError(f"members must be firm indices in 0..{self.n - 1}, got {members!r}")
        if outside not in ("nash", "free_ride"):
            raise DomainError(f"outside must be 'nash' or 'free_ride', got {outside!r}")
        level, bill, payer = self._club_provision(S)
        VS = sp.Add(*[self.valuations[i] for i in S])
        if isinstance(shares, str):
            if shares == "lindahl":
                weights = [self.valuations[i] / VS for i in S]
            elif shares == "equal":
                weights = [sp.Rational(1, len(S))] * len(S)
            else:
                raise DomainError(f"shares must be 'lindahl', 'equal' or weights, got {shares!r}")
        else:
            w = as_params(shares, "shares", nonnegative=True)
            if len(w) != len(S):
                raise DomainError(f"shares needs one weight per member ({len(S)}), got {len(w)}")
            total = sp.Add(*w)
            require(sp.Gt(total, 0), "shares must not all be zero")
            weights = [x / total for x in w]
        cost = [sp.Integer(0)] * self.n
        if payer == "club":
            for i, wgt in zip(S, weights):
                cost[i] = _simp(wgt * bill)
        elif payer is not None:
            cost[payer] = bill
        payoffs = tuple(_simp(self.valuations[i] * self.benefit(level) - cost[i]) for i in range(self.n))
        eq = self.equilibrium()
        # with tied top valuations the Nash payoff depends on the split: take each firm's best
        # equilibrium payoff (the most demanding outside option)
        nash = []
        for i in range(self.n):
            vals = [_simp(self.payoff(i, vx)) for vx in eq.vertices]
            nash.append(vals[0] if len(vals) == 1 else _best(vals))
        options = []
        for i in range(self.n):
            if i not in S:
                options.append(payoffs[i])
            elif outside == "nash":
                options.append(nash[i])
            else:
                rest = tuple(j for j in S if j != i)
                options.append(self._free_ride_payoff(i, rest))
        participation = tuple(
            _decide_bool(sp.Ge(payoffs[i], options[i])) if i in S else True for i in range(self.n)
        )
        stable = _all(participation)
        surplus = sp.Add(*[self.valuations[i] * self.benefit(level) - options[i] for i in S])
        shares_exist = _decide_bool(sp.Ge(surplus, bill if payer == "club" else 0))
        return ConsortiumOutcome(
            members=S,
            level=level,
            cost_shares=tuple(cost),
            payoffs=payoffs,
            outside_options=tuple(_simp(o) for o in options),
            participation=participation,
            stable=stable,
            shares_exist=shares_exist,
            conditions=self._conditions(),
            method=f"closed form (outside option: {outside})",
        )

    def _club_provision(self, S: Sequence[int]) -> tuple[sp.Expr, sp.Expr, Any]:
        """Level, bill and payer ("club", an outsider index or None) when ``S`` acts as one agent."""
        VS = sp.Add(*[self.valuations[i] for i in S])
        agents = [VS] + [self.valuations[j] for j in range(self.n) if j not in S]
        labels = ["club"] + [j for j in range(self.n) if j not in S]
        top, _ = top_set(agents)
        payer = labels[top[0]]
        bill = _positive_part(self.stand_alone_level(agents[top[0]]) - self.government)
        if sp.simplify(bill) == 0:
            payer = None
        return _simp(self.government + bill), _simp(bill), payer

    def _free_ride_payoff(self, i: int, rest: Sequence[int]) -> sp.Expr:
        if not rest:
            return self.equilibrium().payoffs[i]
        level, bill, payer = self._club_provision(rest)
        pays = bill if payer == i else 0
        return self.valuations[i] * self.benefit(level) - pays
