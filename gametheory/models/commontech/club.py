r"""Club provision of a common technology: exclusion with membership fees (Buchanan 1965).

Seed 004 calls the common technology *quasi*-public, and seed 000 stresses that core firms
control the standards that carry it: a cluster association can **exclude** non-members (licences,
access to the test centre, the standard's documentation). This module turns the public-good form
of :class:`~gametheory.models.commontech.public_good.CommonTechnology` (payoff
:math:`v_i f(G) - g_i`, public provision :math:`g_0`) into a club.

The club
--------
Members :math:`M` buy the level that maximises their joint surplus,
:math:`G_M = \max\{g_0, \hat G(V_M)\}`, :math:`V_M = \sum_{i \in M} v_i`, and split the bill
:math:`B_M = G_M - g_0` by a **fee rule**: ``"lindahl"`` (:math:`\tau_i = v_i / V_M`) or
``"equal"`` (:math:`B_M/|M|`, the classic club fee). With ``exclusion=True`` a non-member cannot
use the club's technology and develops its own (``outside="own"``: :math:`h(v_j)` with
:math:`h(v) = \max_{G \ge g_0} v f(G) - (G - g_0)`) or uses only the public part
(``outside="public"``: :math:`v_j f(g_0)`). With ``exclusion=False`` the club is the open
consortium of the public-good form: non-members free ride, the club acting as one player
against the others in Nash equilibrium (ties: the club pays).

Stability (d'Aspremont, Jacquemin, Gabszewicz & Weymark 1983): :math:`M` is **internally
stable** if no member gains by leaving (the others re-form :math:`M \setminus i`), and
**externally stable** if no outsider gains by joining — under ``admission="open"`` — or if every
outsider who would gain is refused by some member it would hurt (``admission="consent"``,
Buchanan's members' vote).

What it shows
-------------
* **Exclusion overturns "the consortium never survives free riding".** With Lindahl fees a
  member of :math:`M` earns :math:`v_i\,h(V_M)/V_M`; :math:`h(V)/V = \max_G f(G) - (G-g_0)/V` is
  non-decreasing, so leaving (to :math:`h(v_i) = v_i\,h(v_i)/v_i`) never pays, and every outsider
  gains by joining while every member gains from the admission: the grand club is stable and
  provides the Samuelson level :math:`G^*` — the first best (when :math:`h(V)/V` is strictly
  increasing it is the only stable club). Without exclusion the same consortium unravels
  (for (1, 1, 1) and :math:`\log`: free riding on two gives :math:`\log 2 > \log 3 - 1`).
* **Equal fees exclude the small.** A member with a low valuation pays :math:`B_M/|M|` for
  :math:`v_i f(G_M)`; when that is below :math:`h(v_i)` it leaves. Because the technology is
  non-rival, excluding it destroys value (it duplicates the technology or goes without), and a
  stable equal-fee club can do **worse than the open public good's Nash equilibrium**.

References
----------
.. [1] Buchanan, J. M. (1965). An economic theory of clubs. Economica 32, 1-14.
.. [2] d'Aspremont, C., Jacquemin, A., Gabszewicz, J. J. & Weymark, J. A. (1983). On the
   stability of collusive price leadership. Canadian Journal of Economics 16, 17-25.
.. [3] Cornes, R. & Sandler, T. (1996). The Theory of Externalities, Public Goods, and Club
   Goods, 2nd ed., ch. 11-14. Cambridge University Press.
.. [4] Olson, M. (1965). The Logic of Collective Action. Harvard University Press.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Sequence

import sympy as sp

from gametheory.core.params import DomainError, as_param, is_symbolic, rejects_text, to_expr
from gametheory.core.results import Result

from ._util import top_set
from .public_good import CommonTechnology
from .sharing import _sign

__all__ = ["TechnologyClub", "ClubOutcome", "ClubComparison", "MAX_FIRMS"]

MAX_FIRMS = 12
"""Largest cluster whose clubs are all enumerated by :meth:`TechnologyClub.stable_clubs` (:math:`2^{12}`)."""


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class ClubOutcome(Result):
    r"""One club :math:`M`: provision, fees, payoffs and stability.

    Attributes
    ----------
    members : tuple of int
    level : number
        :math:`G_M` (the level every member can use).
    fees : tuple
        Each firm's fee (0 for non-members).
    payoffs : tuple
        Members: :math:`v_i f(G_M) - \text{fee}_i`; non-members: their outside payoff.
    welfare : number
        :math:`\sum_i u_i - g_0` (resources counted once).
    leavers : tuple of int
        Members who gain by leaving (internal stability fails for each).
    joiners : tuple of int
        Outsiders who gain by joining and would be admitted.
    internally_stable, externally_stable, stable : bool
    """

    members: tuple
    level: Any
    fees: tuple
    payoffs: tuple
    welfare: Any
    leavers: tuple
    joiners: tuple
    internally_stable: bool
    externally_stable: bool
    stable: bool
    method: str = "closed form, stability by enumeration of one-firm moves"


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class ClubComparison(Result):
    r"""The club against the open public good, the open consortium and the first best.

    Attributes
    ----------
    stable_clubs : tuple of tuples
        Every stable club (member tuples).
    best_stable_club : tuple
        The stable club with the highest welfare (the first listed on ties); empty if none.
    club_welfare : number
        Its welfare (None if there is no stable club).
    nash_welfare : number
        The open public good's Nash equilibrium (no club).
    first_best_welfare : number
        The Samuelson optimum.
    open_consortium_stable : bool
        Whether the grand consortium with the same fee rule survives free riding without exclusion.
    gap_closed : number
        :math:`(W_{club} - W^N)/(W^* - W^N)` (negative when the club does worse than the open
        public good; None if there is no stable club or no gap).
    """

    stable_clubs: tuple
    best_stable_club: tuple
    club_welfare: Any
    nash_welfare: Any
    first_best_welfare: Any
    open_consortium_stable: bool
    gap_closed: Any
    method: str = "enumeration of clubs"


@rejects_text(choices=('fees', 'outside', 'admission'))
@dataclass(frozen=True)
class TechnologyClub:
    r"""A club (association) that provides the common technology and excludes non-members.

    Parameters
    ----------
    technology : CommonTechnology
        Valuations :math:`v_i` (numbers), benefit :math:`f`, public provision :math:`g_0`.
    fees : {"lindahl", "equal"}, default "lindahl"
        How members split the bill :math:`B_M = G_M - g_0`.
    exclusion : bool, default True
        False gives the open consortium (non-members free ride).
    outside : {"own", "public"}, default "own"
        An excluded firm develops its own technology (:math:`h(v_j)`) or uses only the public
        part (:math:`v_j f(g_0)`, needs :math:`f(g_0)` finite).
    admission : {"open", "consent"}, default "open"
        Whether an outsider may join at the fee rule, or only when no member loses.

    Raises
    ------
    DomainError
        Symbolic valuations (stability is decided numerically-exactly), an unknown option, or
        ``outside="public"`` with :math:`f(g_0)` not finite.

    Examples
    --------
    Lindahl fees, (1, 1, 1), :math:`f = \log`: the grand club buys :math:`G = 3`, each pays 1,
    :math:`\log 3 - 1 > -1 = h(1)` (leaving means developing alone): stable. Without exclusion
    a member would free ride on the other two (:math:`\log 2`): the consortium unravels.

    >>> from gametheory.models.commontech import CommonTechnology
    >>> tech = CommonTechnology((1, 1, 1))
    >>> TechnologyClub(tech).outcome((0, 1, 2)).stable
    True
    >>> TechnologyClub(tech, exclusion=False).outcome((0, 1, 2)).leavers
    (0, 1, 2)
    """

    technology: Any
    fees: str = "lindahl"
    exclusion: bool = True
    outside: str = "own"
    admission: str = "open"

    def __post_init__(self) -> None:
        if not isinstance(self.technology, CommonTechnology):
            raise DomainError(f"technology must be a CommonTechnology, got {type(self.technology).__name__}")
        if is_symbolic(list(self.technology.valuations) + [self.technology.government]):
            raise DomainError("TechnologyClub needs numeric valuations and public provision "
                              "(stability compares payoffs exactly)")
        for name, value, ok in (("fees", self.fees, ("lindahl", "equal")), ("outside", self.outside, ("own", "public")),
                                ("admission", self.admission, ("open", "consent"))):
            if value not in ok:
                raise DomainError(f"{name} must be one of {', '.join(map(repr, ok))}, got {value!r}")
        if not isinstance(self.exclusion, bool):
            raise DomainError(f"exclusion must be True or False, got {self.exclusion!r}")
        if self.outside == "public" and self.exclusion:
            f0 = to_expr(self.technology.benefit(self.technology.government))
            if not (f0.is_number and f0.is_finite):
                raise DomainError(f"outside='public' needs f(g0) finite, got f({self.technology.government}) = {f0}; "
                                  "use outside='own' or a positive government provision")

    # -- building blocks -----------------------------------------------------------------------
    @property
    def n(self) -> int:
        """Number of firms."""
        return self.technology.n

    def _level(self, valuation: sp.Expr) -> sp.Expr:
        tech = self.technology
        return sp.Max(tech.government, tech.stand_alone_level(valuation))

    def stand_alone(self, firm: int) -> sp.Expr:
        r"""An excluded firm's payoff: :math:`h(v_j)` (``outside="own"``) or :math:`v_j f(g_0)`."""
        tech = self.technology
        i = self._firm(firm)
        v = tech.valuations[i]
        if self.outside == "public":
            return sp.simplify(v * tech.benefit(tech.government))
        level = self._level(v)
        return sp.simplify(v * tech.benefit(level) - (level - tech.government))

    def _firm(self, firm: Any) -> int:
        i = to_expr(firm)
        if not (i.is_Integer and 0 <= int(i) < self.n):
            raise DomainError(f"firm must be an index in 0..{self.n - 1}, got {firm!r}")
        return int(i)

    def _members(self, members: Sequence[Any]) -> tuple:
        M = tuple(sorted({self._firm(i) for i in members}))
        return M

    def _payoffs(self, M: tuple) -> tuple[sp.Expr, tuple, tuple]:
        """(level, fees, payoffs) when the club is M (possibly empty)."""
        tech = self.technology
        v, g0, f = tech.valuations, tech.government, tech.benefit
        n = self.n
        zero = sp.Integer(0)
        if not M:
            if self.exclusion:
                return g0, (zero,) * n, tuple(self.stand_alone(j) for j in range(n))
            eq = tech.equilibrium()
            return eq.level, tuple(eq.contributions), tuple(eq.payoffs)
        VM = sp.Add(*[v[i] for i in M])
        outsiders = [j for j in range(n) if j not in M]
        club_pays = True
        level = self._level(VM)
        if not self.exclusion and outsiders:
            top, _ = top_set([VM] + [v[j] for j in outsiders])
            club_pays = top[0] == 0
            if not club_pays:
                payer = outsiders[top[0] - 1]
                level = self._level(v[payer])
        bill = sp.simplify(level - g0) if club_pays else zero
        fees = [zero] * n
        for i in M:
            fees[i] = sp.simplify(bill * v[i] / VM if self.fees == "lindahl" else bill / len(M))
        pay = [zero] * n
        for i in M:
            pay[i] = sp.simplify(v[i] * f(level) - fees[i])
        for j in outsiders:
            if self.exclusion:
                pay[j] = self.stand_alone(j)
            else:
                own = 0 if club_pays or j != payer else level - g0
                pay[j] = sp.simplify(v[j] * f(level) - own)
        return sp.simplify(level), tuple(fees), tuple(pay)

    # -- the club ------------------------------------------------------------------------------
    def outcome(self, members: Sequence[int]) -> ClubOutcome:
        r"""Provision, fees, payoffs and stability of the club ``members``.

        Examples
        --------
        Equal fees, valuations (10, 1), :math:`f = \log`: the grand club buys :math:`G = 11`
        at fee 11/2 each; the small firm gets :math:`\log 11 - 11/2 \approx -3.10 < -1 = h(1)`
        and leaves.

        >>> from gametheory.models.commontech import CommonTechnology
        >>> TechnologyClub(CommonTechnology((10, 1)), fees="equal").outcome((0, 1)).leavers
        (1,)
        """
        M = self._members(members)
        if not M:
            raise DomainError("a club needs at least one member")
        level, fees, pay = self._payoffs(M)
        leavers = tuple(i for i in M
                        if _sign(self._payoffs(tuple(k for k in M if k != i))[2][i] - pay[i]) > 0)
        joiners = []
        for j in range(self.n):
            if j in M:
                continue
            bigger = self._payoffs(tuple(sorted(M + (j,))))[2]
            if _sign(bigger[j] - pay[j]) <= 0:
                continue
            if self.admission == "consent" and any(_sign(bigger[i] - pay[i]) < 0 for i in M):
                continue
            joiners.append(j)
        welfare = sp.simplify(sp.Add(*pay) - self.technology.government)
        return ClubOutcome(members=M, level=level, fees=fees, payoffs=pay, welfare=welfare,
                           leavers=leavers, joiners=tuple(joiners), internally_stable=not leavers,
                           externally_stable=not joiners, stable=not leavers and not joiners,
                           method=f"closed form ({self.fees} fees, "
                                  f"{'exclusion' if self.exclusion else 'no exclusion'}, "
                                  f"{self.admission} admission); stability by one-firm moves")

    def stable_clubs(self, *, max_firms: int = MAX_FIRMS) -> tuple:
        r"""Every non-empty stable club (internally and externally), by enumeration of :math:`2^n - 1` clubs.

        Examples
        --------
        >>> from gametheory.models.commontech import CommonTechnology
        >>> TechnologyClub(CommonTechnology((3, 2, 1))).stable_clubs()       # Lindahl: only the grand club
        ((0, 1, 2),)
        """
        limit = int(as_param(max_firms, "max_firms", positive=True, integer=True))
        if self.n > limit:
            raise DomainError(f"stable_clubs: n = {self.n} firms means {2 ** self.n - 1} clubs, above the limit "
                              f"{limit}; pass max_firms={self.n} to allow it (time grows as n 2^n)")
        out = []
        for k in range(self.n, 0, -1):
            for M in itertools.combinations(range(self.n), k):
                if self.outcome(M).stable:
                    out.append(M)
        return tuple(out)

    def compare(self, *, max_firms: int = MAX_FIRMS) -> ClubComparison:
        r"""Stable clubs against the open public good (Nash), the open consortium and the first best.

        Examples
        --------
        Equal fees, (10, 1), :math:`\log`: the stable club is firm 0 alone, welfare
        :math:`10 \log 10 - 10 - 1 \approx 12.03`, below the open public good's
        :math:`11 \log 10 - 10 \approx 15.33` (firm 1 would have free ridden on :math:`G = 10`).

        >>> from gametheory.models.commontech import CommonTechnology
        >>> c = TechnologyClub(CommonTechnology((10, 1)), fees="equal").compare()
        >>> c.stable_clubs, float(c.club_welfare) < float(c.nash_welfare)
        (((0,),), True)
        """
        tech = self.technology
        clubs = self.stable_clubs(max_firms=max_firms)
        outcomes = [self.outcome(M) for M in clubs]
        best = None
        for o in outcomes:
            if best is None or _sign(o.welfare - best.welfare) > 0:
                best = o
        nash = sp.simplify(tech.equilibrium().welfare)
        star = sp.simplify(tech.first_best().welfare)
        open_club = TechnologyClub(tech, fees=self.fees, exclusion=False, admission=self.admission)
        open_stable = not open_club.outcome(tuple(range(self.n))).leavers
        gap = None
        if best is not None and _sign(star - nash) != 0:
            gap = sp.simplify((best.welfare - nash) / (star - nash))
        return ClubComparison(stable_clubs=clubs, best_stable_club=() if best is None else best.members,
                              club_welfare=None if best is None else best.welfare, nash_welfare=nash,
                              first_best_welfare=star, open_consortium_stable=open_stable, gap_closed=gap)

    # -- the coordinator -----------------------------------------------------------------------
    def participation_shortfalls(self, members: Sequence[int] | None = None) -> tuple:
        r"""What each member of ``members`` (default: all firms) loses by staying in the club.

        :math:`\max\{0,\ u_i(M \setminus i) - u_i(M)\}` — its payoff after leaving (the others
        re-form :math:`M \setminus i`) minus its payoff in :math:`M`; zero for a member who stays.

        Examples
        --------
        Equal fees, (10, 1), :math:`\log`: the small firm needs :math:`-1 - (\log 11 - 11/2)`.

        >>> from gametheory.models.commontech import CommonTechnology
        >>> TechnologyClub(CommonTechnology((10, 1)), fees="equal").participation_shortfalls()
        (0, 9/2 - log(11))
        """
        M = tuple(range(self.n)) if members is None else self._members(members)
        if not M:
            raise DomainError("a club needs at least one member")
        _, _, pay = self._payoffs(M)
        out = [sp.Integer(0)] * self.n
        for i in M:
            gap = sp.simplify(self._payoffs(tuple(k for k in M if k != i))[2][i] - pay[i])
            out[i] = gap if _sign(gap) > 0 else sp.Integer(0)
        return tuple(out)

    def coordinate(self, *, shadow_cost: Any = 0, target: Sequence[int] | None = None,
                   max_grant: Any = None):
        r"""The government's membership grant, solved by the core policy engine.

        The club's policy question: a stable club may exclude firms that the technology, being
        non-rival, would serve at no extra cost (equal fees price out the small). The government
        can pay a **membership grant** :math:`x` to each member of the ``target`` club (default:
        the grand club) whose participation falls short
        (:meth:`participation_shortfalls`, the set :math:`J`); the target club forms iff
        :math:`x \ge \bar x = \max_{j \in J} \text{shortfall}_j` (a member indifferent
        between staying and leaving stays), otherwise the laissez-faire club does — the stable
        club with the highest welfare (an optimistic selection, stated in ``notes``). The grant
        is a transfer: the producer surplus includes it, the outlay is :math:`x|J|`, so

        .. math::  W(x) = W_{lf} + \mathbb 1[x \ge \bar x]\,(W_M - W_{lf} - \lambda x |J|).

        The core :class:`~gametheory.core.coordinator.Coordinator` evaluates the threshold (a kink
        of the response) and the box ends; the optimum is :math:`x = \bar x` iff
        :math:`\lambda \bar x |J| < W_M - W_{lf}`, else no grant. First best: the Samuelson
        level :math:`\hat G(V)` with the same transfers, which are free at the first best (a lump
        sum among firms). Uniform grants pay every short member the largest shortfall; grants
        targeted firm by firm would be cheaper and are an upper bound on what this reaches.

        Parameters
        ----------
        shadow_cost : number, default 0
            :math:`\lambda \ge 0`.
        target : sequence of int, optional
            The club the government wants formed (default: all firms).
        max_grant : number, optional
            Upper end of the grant's box (default: twice :math:`\bar x`, or 1).

        Returns
        -------
        gametheory.core.coordinator.PolicyOutcome
            ``policy["grant"]``, ``response["club_formed"]`` (1 or 0), laissez-faire and first-best
            welfare, ``gap_closed``; ``fiscal_rule = "limited_liability"`` (transfers at
            :math:`1 + \lambda` of outlay, received as producer surplus).

        Examples
        --------
        Equal fees, (10, 1), :math:`\log`: laissez-faire is firm 0 alone,
        :math:`W_{lf} = 10\log 10 - 11`; the grand club gives :math:`W^* = 11\log 11 - 11`; the
        small firm needs :math:`\bar x = 9/2 - \log 11 \approx 2.10`. At :math:`\lambda = 1/5`
        the grant pays (:math:`W^* - W_{lf} \approx 3.35 > 0.42`).

        >>> from gametheory.models.commontech import CommonTechnology
        >>> out = TechnologyClub(CommonTechnology((10, 1)), fees="equal").coordinate(shadow_cost=sp.Rational(1, 5))
        >>> out.policy["grant"], out.response["club_formed"]
        (9/2 - log(11), 1)
        """
        from gametheory.core.coordinator import Coordinator, Instrument

        lam = as_param(shadow_cost, "shadow_cost", nonnegative=True)
        if is_symbolic(lam):
            raise DomainError("TechnologyClub.coordinate needs a numeric shadow_cost")
        M = tuple(range(self.n)) if target is None else self._members(target)
        if not M:
            raise DomainError("target needs at least one member")
        stable = self.stable_clubs()
        best = None
        for club in stable:
            o = self.outcome(club)
            if best is None or _sign(o.welfare - best.welfare) > 0:
                best = o
        if best is not None:
            w_lf = best.welfare
            lf_label = f"stable club {tuple(i + 1 for i in best.members)} (firms numbered from 1)"
        else:                       # no stable club: every firm on its own
            w_lf = sp.simplify(sp.Add(*self._payoffs(())[2]) - self.technology.government)
            lf_label = "no stable club: every firm on its own"
        target_out = self.outcome(M)
        short = self.participation_shortfalls(M)
        needy = [i for i in M if _sign(short[i]) > 0]
        xbar = sp.Max(*[short[i] for i in needy]) if needy else sp.Integer(0)
        xbar = sp.simplify(xbar)
        tech = self.technology
        w_star = sp.simplify(tech.first_best().welfare)
        x = sp.Symbol("grant", nonnegative=True)
        formed = sp.Symbol("club_formed")
        hi = as_param(max_grant, "max_grant", positive=True) if max_grant is not None else \
            (2 * xbar if _sign(xbar) > 0 else sp.Integer(1))
        size = len(needy)
        response = {formed: sp.Piecewise((1, x >= xbar), (0, True))} if needy else {formed: sp.Integer(1)}
        ps = w_lf + formed * (target_out.welfare - w_lf) + x * size * formed
        gov = Coordinator([Instrument("grant", x, bounds=(0, hi), budget=x * size * formed)],
                          response=response, welfare_parts={"producer_surplus": ps}, shadow_cost=lam,
                          first_best=w_star, laissez_faire=w_lf)
        out = gov.solve()
        notes = tuple(out.notes) + (
            f"laissez-faire: {lf_label}",
            f"target club {tuple(i + 1 for i in M)}; grant to the {size} member(s) whose participation falls "
            f"short, threshold {xbar}",
            "uniform grant to short members; targeted grants would cost less",
        )
        import dataclasses as _dc

        # the grant only pays; members take part voluntarily (the club forms only when it is stable)
        return _dc.replace(out, notes=notes, fiscal_rule="limited_liability",
                           flags={**out.flags, "participation": True, "limited_liability_binding": False})

