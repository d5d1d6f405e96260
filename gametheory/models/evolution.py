r"""Evolutionary versions of the three model families (multi-population replicator dynamics).

Applied work on clusters often studies tripartite "government – leading firms – lagging firms"
evolutionary games. Here the payoff entries are *generated from the static models* — Cournot
profits at the relevant cost vectors, the brand's premium and quality cost, the common
technology's benefit — plus the policy terms (subsidies, fines, coordination cost, the payoff the
government draws from coordinating), and the dynamics are analysed with
:class:`gametheory.core.replicator.Replicator`, which gets the stability theory right: in these
asymmetric games the evolutionarily stable outcomes are exactly the strict Nash equilibria, hence
pure (Selten 1980), and mixed rest points are never asymptotically stable.

Three games:

:class:`DiffusionEvolution`
    leading firms {share, avert} × lagging firms {seek, avert} × (optionally) a government
    {coordinate, laissez-faire}. A flow is realised iff the leader shares and the laggard seeks;
    the laggard's cost falls to :math:`c_G - \beta(c_G - c_L)` (DESIGN Model 1).
:class:`BrandInspection`
    cluster firms {maintain, free-ride} × brand association or government {supervise, not}:
    an inspection game (DESIGN Model 2).
:class:`CommonTechCofunding`
    firms {contribute, free-ride} × government {co-fund, not} (DESIGN Model 3).

Each has ``.game()`` (a :class:`~gametheory.NormalFormGame` with labelled strategies, numbers or
sympy symbols), ``.replicator()`` and ``.stable_outcomes()`` (the ESS with the parameter
conditions that select them).

References
----------
.. [1] Selten, R. (1980). A note on evolutionarily stable strategies in asymmetric animal conflicts. J. Theor. Biol. 84, 93-101.
.. [2] Ritzberger, K. & Weibull, J. (1995). Evolutionary selection in normal-form games. Econometrica 63, 1371-1399.
.. [3] Tsebelis, G. (1989). The abuse of probability in political analysis: the Robinson Crusoe fallacy. APSR 83, 77-91 (inspection games).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from gametheory.core._validate import DomainError, Number, as_param
from gametheory.core.normal_form import NormalFormGame
from gametheory.core.replicator import Replicator
from gametheory.models.market import Cournot
from gametheory.core.params import rejects_text

__all__ = ["BrandInspection", "CommonTechCofunding", "DiffusionEvolution"]


def _stable(game: NormalFormGame, assumptions: Any = None) -> dict[tuple[str, ...], sp.Basic]:
    """Strict Nash equilibria (= ESS of the asymmetric game) with their parameter conditions."""
    out = {}
    for profile in game.profiles():
        cond = game.equilibrium_conditions(profile, strict=True, assumptions=assumptions)
        if cond is not sp.false:
            out[game.profile_labels(profile)] = cond
    return out


class _Evolutionary:
    """Shared by the three games: the dynamics and the ESS of :meth:`game`."""

    def game(self) -> NormalFormGame:  # pragma: no cover - defined by each game
        raise NotImplementedError

    def replicator(self) -> Replicator:
        """Replicator dynamics of :meth:`game` (one population per role)."""
        return Replicator(self.game())

    def stable_outcomes(self, assumptions: Any = None) -> dict[tuple[str, ...], sp.Basic]:
        """ESS (strict Nash equilibria) with the parameter conditions that select each; empty
        when no profile is a strict equilibrium (the shares cycle or drift)."""
        return _stable(self.game(), assumptions)


# ---------------------------------------------------------------------------------------------
@rejects_text
@dataclass(frozen=True)
class DiffusionEvolution(_Evolutionary):
    r"""Evolutionary technology-diffusion game with Cournot payoffs (and a government).

    Parameters
    ----------
    a, b : number or sympy.Expr
        Demand :math:`P = a - bQ`.
    leader_cost, laggard_cost : number
        Unit costs :math:`c_L < c_G` (numbers: the Cournot profits become numbers).
    beta : number in [0, 1]
        Laggard's absorptive capacity: after a realised flow :math:`c_G' = c_G - \beta (c_G - c_L)`.
    fee : number, default 0
        Licence fee the laggard pays the leader when the flow is realised.
    sharing_cost, absorbing_cost : number >= 0, default 0
        Real resource costs :math:`\kappa_L, \kappa_G` a firm bears when it prefers diffusion
        (preparing to share; absorption effort), whether or not the flow is realised.
    subsidy, fine : number >= 0, default 0
        When the government coordinates: paid to every firm that prefers diffusion, levied on
        every firm that averts it.
    coordination_cost, reward : number >= 0, default 0
        The government's cost of coordinating, and any payoff it draws from coordinating.
    shadow_cost : number >= 0, default 0
        :math:`\lambda`: the government values its net outlay at :math:`1 + \lambda`.
    government : bool, default True
        Include the government population (three populations) or not (two).

    Notes
    -----
    With :math:`d = 1` iff the leader shares and the laggard seeks, :math:`\pi^d` the Cournot
    profits at the corresponding costs, :math:`h = 1` iff the government coordinates:

    .. math::

        u_L &= \pi_L^d + F d - \kappa_L [L{=}P] + h\,(s\,[L{=}P] - f\,[L{=}A]), \\
        u_G &= \pi_G^d - F d - \kappa_G [G{=}P] + h\,(s\,[G{=}P] - f\,[G{=}A]), \\
        u_{Gov} &= W^d - \kappa_L [L{=}P] - \kappa_G [G{=}P] + h\,(R - C - \lambda\,(s\,\#P - f\,\#A)).

    :math:`W^d = CS + \Pi` counts the fee, subsidies and fines as transfers (they cancel), the
    real costs :math:`\kappa` once, and the net outlay at the shadow cost :math:`\lambda`
    (DESIGN "Conventions").

    Examples
    --------
    Without policy or fee the leader averts: by hand, with :math:`a=10, b=1, c=(2, 4)`, sharing
    fully (:math:`\beta = 1`) cuts its Cournot profit from :math:`(10/3)^2 = 100/9` to
    :math:`(8/3)^2 = 64/9`. While the leader averts, the laggard is indifferent, so both
    equilibria are weak and there is no ESS — linearisation at those vertices decides nothing:

    >>> evo = DiffusionEvolution(10, 1, 2, 4, beta=1, government=False)
    >>> [evo.game().profile_labels(p) for p in evo.game().pure_equilibria()]
    [('avert', 'seek'), ('avert', 'avert')]
    >>> evo.stable_outcomes()
    {}
    """

    a: Number
    b: Number
    leader_cost: Number
    laggard_cost: Number
    beta: Number = 1
    fee: Number = 0
    sharing_cost: Number = 0
    absorbing_cost: Number = 0
    subsidy: Number = 0
    fine: Number = 0
    coordination_cost: Number = 0
    reward: Number = 0
    shadow_cost: Number = 0
    government: bool = True

    def __post_init__(self) -> None:
        for name in ("fee", "sharing_cost", "absorbing_cost", "subsidy", "fine", "coordination_cost",
                     "reward", "shadow_cost"):
            object.__setattr__(self, name, as_param(getattr(self, name), name, nonnegative=True))
        object.__setattr__(self, "beta", as_param(self.beta, "beta", unit_interval=True))
        object.__setattr__(self, "a", as_param(self.a, "a", positive=True))
        object.__setattr__(self, "b", as_param(self.b, "b", positive=True))
        if not isinstance(self.government, (bool, np.bool_)):
            raise DomainError(f"government must be True or False, got {self.government!r}")
        object.__setattr__(self, "government", bool(self.government))
        cL = as_param(self.leader_cost, "leader_cost", nonnegative=True)
        cG = as_param(self.laggard_cost, "laggard_cost", nonnegative=True)
        if (cG - cL).is_positive is False:
            raise DomainError(f"the leader must have the lower cost: leader_cost {cL} < laggard_cost {cG}")
        object.__setattr__(self, "leader_cost", cL)
        object.__setattr__(self, "laggard_cost", cG)

    def markets(self) -> tuple[Any, Any]:
        """Cournot outcomes without and with the realised flow."""
        after = self.laggard_cost - self.beta * (self.laggard_cost - self.leader_cost)
        before = Cournot(self.a, self.b, (self.leader_cost, self.laggard_cost)).equilibrium()
        with_flow = Cournot(self.a, self.b, (self.leader_cost, after)).equilibrium()
        return before, with_flow

    def game(self) -> NormalFormGame:
        """The payoff tensor: axes (leader, laggard[, government]); strategy 0 prefers diffusion."""
        m0, m1 = self.markets()
        s, f, F = self.subsidy, self.fine, self.fee
        kL, kG = self.sharing_cost, self.absorbing_cost
        govs = (1, 0) if self.government else (0,)
        shape = (2, 2, 2) if self.government else (2, 2)
        U = [np.empty(shape, dtype=object) for _ in range(len(shape))]
        for l in (0, 1):
            for g in (0, 1):
                d = int(l == 0 and g == 0)
                m = m1 if d else m0
                for hi, h in enumerate(govs):
                    idx = (l, g, hi) if self.government else (l, g)
                    n_pref = (l == 0) + (g == 0)
                    outlay = s * n_pref - f * (2 - n_pref)
                    costs = kL * int(l == 0) + kG * int(g == 0)
                    U[0][idx] = sp.expand(m.profits[0] + F * d - kL * int(l == 0) + h * (s if l == 0 else -f))
                    U[1][idx] = sp.expand(m.profits[1] - F * d - kG * int(g == 0) + h * (s if g == 0 else -f))
                    if self.government:
                        U[2][idx] = sp.expand(m.welfare - costs
                                              + h * (self.reward - self.coordination_cost - self.shadow_cost * outlay))
        players = ("leading", "lagging", "government")[: len(shape)]
        strategies = (("share", "avert"), ("seek", "avert"), ("coordinate", "laissez-faire"))[: len(shape)]
        return NormalFormGame(U, players=players, strategies=strategies)



# ---------------------------------------------------------------------------------------------
@rejects_text
@dataclass(frozen=True)
class BrandInspection(_Evolutionary):
    r"""Regional-brand inspection game: firms {maintain, free-ride} × supervisor {supervise, not}.

    Parameters
    ----------
    n : int >= 1
        Firms sharing the brand.
    theta, k : number > 0
        Premium per unit of reputation; quality cost :math:`k q^2/2` (DESIGN Model 2).
    quality : number >= 0, optional
        Quality a maintaining firm supplies; default the first best :math:`\theta/k`.
    inspection_probability : number in [0, 1]
        :math:`p`, the chance a supervised free-rider is detected.
    fine : number >= 0
        :math:`F`, levied on a detected free-rider.
    supervision_cost : number >= 0
        :math:`C`.
    traceability : number in [0, 1], default 0
        Share of the premium earned on a firm's *own* quality (certification): the firm earns
        :math:`\theta q\,(\tau + (1-\tau)/n)` from its own quality.
    shadow_cost : number >= 0, default 0
        :math:`\lambda`; fines are public revenue worth :math:`\lambda F` beyond the transfer.

    Notes
    -----
    A maintaining firm's own gain is :math:`\theta q (\tau + (1-\tau)/n) - k q^2/2`; the premium
    it earns from others' quality is common to all its strategies and cancels. Write
    :math:`g = k q^2/2 - \theta q (\tau + (1-\tau)/n)` for the free-riding gain and
    :math:`L = \theta q` for the premium one undetected free-rider destroys for the cluster
    (reputation falls by :math:`q/n` for all :math:`n` firms). Payoffs (firm; supervisor):

    * maintain, supervise: :math:`-g;\ -C` — maintain, not: :math:`-g;\ 0`
    * free-ride, supervise: :math:`-pF;\ -(1-p)L - C + \lambda pF` — free-ride, not: :math:`0;\ -L`

    With :math:`0 < g < pF` and :math:`p(L + \lambda F) > C` there is no pure equilibrium and the
    interior rest point :math:`y^* = g/(pF)` (supervision share), :math:`1 - x^* = C/(p(L+\lambda F))`
    (free-riding share) is a centre: the shares cycle (DESIGN: cycles are typical, mixed points
    never ESS). Full traceability (:math:`\tau = 1`, :math:`q = \theta/k`) makes
    :math:`g = -\theta^2/2k < 0`: maintaining is strictly dominant and (maintain, not) the ESS.

    Examples
    --------
    >>> BrandInspection(n=5, theta=2, k=1, inspection_probability=1/2, fine=4, supervision_cost=1).stable_outcomes()
    {}
    """

    n: int
    theta: Number
    k: Number
    inspection_probability: Number
    fine: Number
    supervision_cost: Number
    quality: Number | None = None
    traceability: Number = 0
    shadow_cost: Number = 0

    def __post_init__(self) -> None:
        n = as_param(self.n, "n", integer=True)
        if n.is_number and n < 1:
            raise DomainError(f"n must be >= 1, got {self.n}")
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "theta", as_param(self.theta, "theta", positive=True))
        object.__setattr__(self, "k", as_param(self.k, "k", positive=True))
        object.__setattr__(self, "inspection_probability",
                           as_param(self.inspection_probability, "inspection_probability", unit_interval=True))
        object.__setattr__(self, "fine", as_param(self.fine, "fine", nonnegative=True))
        object.__setattr__(self, "supervision_cost", as_param(self.supervision_cost, "supervision_cost", nonnegative=True))
        object.__setattr__(self, "traceability", as_param(self.traceability, "traceability", unit_interval=True))
        object.__setattr__(self, "shadow_cost", as_param(self.shadow_cost, "shadow_cost", nonnegative=True))
        q = self.theta / self.k if self.quality is None else as_param(self.quality, "quality", nonnegative=True)
        object.__setattr__(self, "quality", q)

    @property
    def free_riding_gain(self) -> sp.Expr:
        r""":math:`g = k q^2/2 - \theta q(\tau + (1-\tau)/n)`."""
        q, t = self.quality, self.traceability
        return sp.simplify(self.k * q**2 / 2 - self.theta * q * (t + (1 - t) / self.n))

    @property
    def brand_loss(self) -> sp.Expr:
        r""":math:`L = \theta q`: premium one undetected free-rider destroys for the cluster."""
        return self.theta * self.quality

    def game(self) -> NormalFormGame:
        """Firms (maintain, free-ride) × supervisor (supervise, not)."""
        g, L = self.free_riding_gain, self.brand_loss
        p, F, C, lam = self.inspection_probability, self.fine, self.supervision_cost, self.shadow_cost
        firm = [[-g, -g], [-p * F, 0]]
        supervisor = [[-C, 0], [-(1 - p) * L - C + lam * p * F, -L]]
        return NormalFormGame([np.array(firm, dtype=object), np.array(supervisor, dtype=object)],
                              players=("firms", "supervisor"),
                              strategies=(("maintain", "free-ride"), ("supervise", "not")))

    def cycle_centre(self) -> tuple[sp.Expr, sp.Expr]:
        r"""Interior rest point (maintain share :math:`x^*`, supervise share :math:`y^*`)."""
        p, F, C, lam = self.inspection_probability, self.fine, self.supervision_cost, self.shadow_cost
        y = sp.simplify(self.free_riding_gain / (p * F))
        x = sp.simplify(1 - C / (p * (self.brand_loss + lam * F)))
        return x, y


# ---------------------------------------------------------------------------------------------
@rejects_text
@dataclass(frozen=True)
class CommonTechCofunding(_Evolutionary):
    r"""Common-technology provision: firms {contribute, free-ride} × government {co-fund, not}.

    Parameters
    ----------
    valuation : number > 0
        :math:`v`: a contributing firm's own valuation of the technology's benefit.
    social_valuation : number >= valuation
        :math:`V`: the cluster's (and consumers') total valuation, e.g. :math:`\sum_i v_i`.
    project_cost : number > 0
        :math:`g`: what one contribution costs.
    benefit : number > 0, default :math:`\log(1 + g)`
        :math:`B = f(g)`, the technology one contribution provides (DESIGN Model 3's concave f).
    matching_rate : number in [0, 1]
        :math:`m`: share of the cost the government co-funds.
    admin_cost, reward, shadow_cost : number >= 0
        Government's cost of running the programme, payoff it draws from co-funding, and
        :math:`\lambda`.

    Notes
    -----
    Payoffs (firm; government):

    * contribute, co-fund: :math:`vB - (1-m)g;\ VB - g - \lambda m g - A + R`
    * contribute, not: :math:`vB - g;\ VB - g`
    * free-ride, co-fund: :math:`0;\ R - A` — free-ride, not: :math:`0;\ 0`

    Without a reward the government never co-funds (it costs :math:`\lambda m g + A` and the
    transfer itself cancels); firms contribute iff :math:`vB > g`. The good outcome
    (contribute, co-fund) is stable iff :math:`vB > (1-m)g` and :math:`R > \lambda m g + A`.

    Examples
    --------
    >>> CommonTechCofunding(valuation=1, social_valuation=5, project_cost=2, benefit=1,
    ...                     matching_rate=0.6, admin_cost=0.1, reward=1).stable_outcomes()
    {('contribute', 'co-fund'): True}
    """

    valuation: Number
    social_valuation: Number
    project_cost: Number
    matching_rate: Number
    benefit: Number | None = None
    admin_cost: Number = 0
    reward: Number = 0
    shadow_cost: Number = 0

    def __post_init__(self) -> None:
        v = as_param(self.valuation, "valuation", positive=True)
        V = as_param(self.social_valuation, "social_valuation", positive=True)
        if (V - v).is_negative:
            raise DomainError("social_valuation must be at least the firm's own valuation")
        g = as_param(self.project_cost, "project_cost", positive=True)
        object.__setattr__(self, "valuation", v)
        object.__setattr__(self, "social_valuation", V)
        object.__setattr__(self, "project_cost", g)
        object.__setattr__(self, "matching_rate", as_param(self.matching_rate, "matching_rate", unit_interval=True))
        B = sp.log(1 + g) if self.benefit is None else as_param(self.benefit, "benefit", positive=True)
        object.__setattr__(self, "benefit", B)
        for name in ("admin_cost", "reward", "shadow_cost"):
            object.__setattr__(self, name, as_param(getattr(self, name), name, nonnegative=True))

    def game(self) -> NormalFormGame:
        v, V, g, B, m = self.valuation, self.social_valuation, self.project_cost, self.benefit, self.matching_rate
        A, R, lam = self.admin_cost, self.reward, self.shadow_cost
        firm = [[v * B - (1 - m) * g, v * B - g], [0, 0]]
        gov = [[V * B - g - lam * m * g - A + R, V * B - g], [R - A, 0]]
        return NormalFormGame([np.array(firm, dtype=object), np.array(gov, dtype=object)],
                              players=("firms", "government"),
                              strategies=(("contribute", "free-ride"), ("co-fund", "not")))
