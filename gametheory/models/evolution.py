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

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from gametheory.core.params import DomainError, Number, as_param, rejects_text
from gametheory.core.evolutionary import EvolutionaryGame
from gametheory.core.game_input import entries_to_sympy
from gametheory.core.normal_form import NormalFormGame
from gametheory.core.replicator import Replicator
from gametheory.core.results import Result
from gametheory.models.market import Cournot

__all__ = ["BrandInspection", "CommonTechCofunding", "Commitment", "DiffusionEvolution"]


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

    def workbench(self, assumptions: Any = None) -> EvolutionaryGame:
        """The game in the evolutionary-game workbench (stability table, stable sets, portraits)."""
        g = self.game()
        return EvolutionaryGame(list(g.payoffs), populations=g.players, strategies=g.strategies,
                                assumptions=assumptions)


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class Commitment(Result):
    r"""The government commits first; the firm populations then evolve (see
    :meth:`DiffusionEvolution.commitment`).

    Attributes
    ----------
    outcomes : dict
        Government choice → tuple of (firms' long-run profile, how it was selected, the
        government's payoff :math:`W - \kappa - \lambda\,\text{outlay} - C + R` there).
    choice : str or None
        The better commitment when every firms' outcome under each choice gives the government
        one payoff (numeric parameters); None otherwise.
    """

    outcomes: dict
    choice: Any = None


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
        Absorptive capacity: a firm that learns from source :math:`i` gets
        :math:`c_j' = c_j - \beta (c_j - c_i)`; with several realised sources it learns from the
        most advanced one (the best-source rule of :mod:`gametheory.models.diffusion`).
    fee : number, default 0
        Licence fee the receiver pays its source for each flow it uses.
    sharing_cost, absorbing_cost : number >= 0, default 0
        Real resource costs :math:`\kappa_L, \kappa_G` of each stated preference (preparing to
        share; absorption effort), whether or not the flow is realised.
    subsidy, fine : number >= 0, default 0
        When the government coordinates: paid for every stated preference, levied on every stated
        aversion.
    coordination_cost, reward : number >= 0, default 0
        The government's cost of coordinating, and an optional extra payoff it draws from
        coordinating (default 0: its payoff is the static welfare only).
    shadow_cost : number >= 0, default 0
        :math:`\lambda`: the government values its net outlay at :math:`1 + \lambda`.
    government : bool, default True
        Include the government population or not.
    middle_cost : number, optional
        Add the middle tier (Kuang & Zhang's central firms), :math:`c_L < c_M < c_G`: a population
        with four strategies, its attitude toward the leading firms (seek/avert) and toward the
        lagging firms (share/avert), written ``"seek/share"`` etc. Leading and lagging firms
        state one attitude toward all.

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
    (DESIGN "Conventions"): the government's payoff is the static model's welfare net of
    :math:`\lambda`·outlay.

    **Why welfare does not drive the simultaneous game.** In a population game the government's
    payoff *advantage* of coordinating is compared at the firms' current play, where the welfare
    :math:`W^d` is the same under both of its strategies; so the advantage is
    :math:`R - C - \lambda(s\,\#P - f\,\#A)` — the reward, the coordination cost and the fine
    revenue net of subsidies. Without a reward, (share, seek, coordinate) is never an ESS (once
    firms comply the government saves :math:`C + 2\lambda s > 0` by leaving), and where the
    government ends up depends on fine revenue: if :math:`\lambda(f - s) > C` and
    :math:`0 < s + f < 4` (by hand, the leader's loss from sharing) it **stays to collect fines
    while nothing diffuses** — (avert, seek, coordinate) is an ESS. Welfare drives the
    government when it **commits** to its instruments before the firms adapt:
    :meth:`commitment`.

    Examples
    --------
    Without policy or fee the leader averts: by hand, with :math:`a=10, b=1, c=(2, 4)`, sharing
    fully (:math:`\beta = 1`) cuts its Cournot profit from :math:`(10/3)^2 = 100/9` to
    :math:`(8/3)^2 = 64/9`. While the leader averts, the laggard is indifferent, so both
    equilibria are weak and there is no ESS — the vertices have a zero eigenvalue, so
    linearisation decides nothing there (the edge between them is a continuum of rest points):

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
    middle_cost: Number | None = None

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
        if self.middle_cost is not None:
            cM = as_param(self.middle_cost, "middle_cost", nonnegative=True)
            if (cM - cL).is_positive is False or (cG - cM).is_positive is False:
                raise DomainError(f"the middle tier's cost must lie between the others: {cL} < middle_cost {cM} < {cG}")
            object.__setattr__(self, "middle_cost", cM)

    def markets(self) -> tuple[Any, Any]:
        """Cournot outcomes without and with the leader → laggard flow (two tiers)."""
        after = self.laggard_cost - self.beta * (self.laggard_cost - self.leader_cost)
        before = Cournot(self.a, self.b, (self.leader_cost, self.laggard_cost)).equilibrium()
        with_flow = Cournot(self.a, self.b, (self.leader_cost, after)).equilibrium()
        return before, with_flow

    def _firms(self) -> tuple[tuple, tuple, tuple]:
        """Costs, names and strategies (each a tuple of attitudes toward the other firms,
        True = preference) of the firm populations."""
        costs: tuple[Any, ...]
        names: tuple[str, ...]
        strategies: tuple[tuple[tuple[str, tuple[bool, ...]], ...], ...]
        if self.middle_cost is None:
            costs = (self.leader_cost, self.laggard_cost)
            names = ("leading", "lagging")
            strategies = ((("share", (True,)), ("avert", (False,))), (("seek", (True,)), ("avert", (False,))))
        else:
            costs = (self.leader_cost, self.middle_cost, self.laggard_cost)
            names = ("leading", "middle", "lagging")
            middle = tuple((f"{up}/{down}", (up == "seek", down == "share"))
                           for up in ("seek", "avert") for down in ("share", "avert"))
            strategies = ((("share", (True, True)), ("avert", (False, False))), middle,
                          (("seek", (True, True)), ("avert", (False, False))))
        return costs, names, strategies

    def game(self) -> NormalFormGame:
        """The payoff tensor: axes (leading[, middle], lagging[, government]); strategy 0 of the
        leading and lagging firms prefers diffusion."""
        costs, names, firm_strats = self._firms()
        n = len(costs)
        s, f, F = self.subsidy, self.fine, self.fee
        govs = (1, 0) if self.government else (0,)
        shape = tuple(len(x) for x in firm_strats) + ((2,) if self.government else ())
        U = [np.empty(shape, dtype=object) for _ in range(len(shape))]
        partners = [[j for j in range(n) if j != i] for i in range(n)]
        cache: dict[tuple, Any] = {}
        for firm_profile in itertools.product(*[range(len(x)) for x in firm_strats]):
            att = {(i, j): firm_strats[i][firm_profile[i]][1][partners[i].index(j)]
                   for i in range(n) for j in partners[i]}
            # realised flows i -> j (i more advanced) and the best source each receiver uses
            used = {}
            for j in range(n):
                sources = [i for i in range(j) if att[(i, j)] and att[(j, i)]]
                if sources:
                    used[j] = min(sources)
            post = tuple(costs[j] - self.beta * (costs[j] - costs[used[j]]) if j in used else costs[j]
                         for j in range(n))
            if post not in cache:
                cache[post] = Cournot(self.a, self.b, post).equilibrium()
            m = cache[post]
            n_pref = [sum(att[(i, j)] for j in partners[i]) for i in range(n)]
            n_avert = [len(partners[i]) - n_pref[i] for i in range(n)]
            kappa = [sum((self.sharing_cost if j > i else self.absorbing_cost) for j in partners[i] if att[(i, j)])
                     for i in range(n)]
            fees = [F * (sum(1 for j, src in used.items() if src == i) - (1 if i in used else 0)) for i in range(n)]
            outlay = s * sum(n_pref) - f * sum(n_avert)
            for hi, h in enumerate(govs):
                idx = firm_profile + ((hi,) if self.government else ())
                for i in range(n):
                    U[i][idx] = sp.expand(m.profits[i] + fees[i] - kappa[i] + h * (s * n_pref[i] - f * n_avert[i]))
                if self.government:
                    U[n][idx] = sp.expand(m.welfare - sum(kappa)
                                          + h * (self.reward - self.coordination_cost - self.shadow_cost * outlay))
        players = names + (("government",) if self.government else ())
        strategies = tuple(tuple(lab for lab, _ in x) for x in firm_strats) + \
            ((("coordinate", "laissez-faire"),) if self.government else ())
        return NormalFormGame(U, players=players, strategies=strategies)

    def commitment(self) -> Commitment:
        r"""Stackelberg variant: the government commits first — coordinate (with this model's
        :math:`s, f, C, R`) or laissez-faire — and the firm populations then evolve.

        The firms' long-run play under each commitment is the ESS of their game (strict Nash
        equilibria); when there is none, their pure Nash equilibria (reported as such: the
        dynamics then settle on continua of rest points, see :meth:`workbench`). The government
        values each outcome at its payoff, :math:`W - \kappa - \lambda\,	ext{outlay} - C + R`:
        here welfare drives its choice, and :math:`R = 0` is the natural case.

        Examples
        --------
        By hand (:math:`a = 10, b = 1, c = (2, 4), eta = 1`, :math:`s = 3, f = 2, C = 1`,
        :math:`\lambda = 1/4`, no reward): coordinating makes (share, seek) the firms' ESS
        (:math:`s + f = 5 > 4`) and gives the government :math:`256/9 - 2\lambda s - C = 467/18`;
        laissez-faire leaves the leader averse and nothing diffuses, :math:`W = 214/9 < 467/18`.

        >>> c = DiffusionEvolution(10, 1, 2, 4, subsidy=3, fine=2, coordination_cost=1,
        ...                        shadow_cost=sp.Rational(1, 4)).commitment()
        >>> c.outcomes["coordinate"], c.choice
        (((('share', 'seek'), 'ESS', 467/18),), 'coordinate')
        """
        if not self.government:
            raise DomainError("commitment needs the government population (government=True)")
        g = self.game()
        n = g.n_players - 1
        outcomes = {}
        for hi, name in enumerate(("coordinate", "laissez-faire")):
            firm_payoffs = [np.asarray(g.payoffs[i])[..., hi] for i in range(n)]
            gov = entries_to_sympy(g.payoffs[n])[..., hi]
            firms = NormalFormGame(firm_payoffs, players=g.players[:n], strategies=g.strategies[:n])
            rows = []
            for prof in firms.profiles():
                cond = firms.equilibrium_conditions(prof, strict=True)
                if cond is not sp.false:
                    rows.append((firms.profile_labels(prof), "ESS" if cond is sp.true else cond,
                                 gov[prof]))
            if not rows:
                for prof in firms.profiles():
                    cond = firms.equilibrium_conditions(prof, strict=False)
                    if cond is not sp.false:
                        rows.append((firms.profile_labels(prof),
                                     "Nash (no ESS)" if cond is sp.true else cond, gov[prof]))
            outcomes[name] = tuple(rows)
        choice = None
        values = {k: {r[2] for r in v if r[1] in ("ESS", "Nash (no ESS)")} for k, v in outcomes.items()}
        if all(len(v) == 1 and next(iter(v)).is_number for v in values.values()) and \
                all(all(r[1] in ("ESS", "Nash (no ESS)") for r in v) for v in outcomes.values()):
            vc, vl = next(iter(values["coordinate"])), next(iter(values["laissez-faire"]))
            choice = "coordinate" if vc > vl else "laissez-faire" if vl > vc else None
        return Commitment(outcomes=outcomes, choice=choice)


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
    quality: Any = None            # None: theta / k; a number or expression after __post_init__
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
    benefit: Any = None            # None: log(1 + g); a number or expression after __post_init__
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
