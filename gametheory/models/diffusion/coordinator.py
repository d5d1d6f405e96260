r"""The government coordinator (协调者): instruments that raise diffusion, with the shadow cost λ.

Stage 0 of the game: the government chooses an instrument and its level, firms then play the
attitude game (:mod:`~gametheory.models.diffusion.attitude`) and compete à la Cournot. Welfare is
accounted for as in :mod:`gametheory.core.welfare`: :math:`W = CS + \Pi - R - \lambda G`, with
:math:`\Pi` the firms' payoffs before transfers, :math:`R` the diffusion (and enforcement)
resource costs and :math:`G` the net public outlay — so :math:`\lambda` is applied once.

Instruments (each declares its outlay :math:`G`)
-----------------------------------------------
``purchase``
    The government *buys* a set of flows :math:`S`: each firm :math:`k` taking part is paid
    :math:`T_k = \max\bigl(0, \max_{D} u_k(S \setminus D) - u_k(S)\bigr)` (:math:`D` ranges over
    subsets of its designated flows) — its profit loss plus the diffusion cost — iff it takes part
    in all of them. :math:`G = \sum_k T_k`. Targeted, but every unit costs :math:`1 + \lambda`.
``subsidy``
    A uniform subsidy :math:`s` per realised flow, paid to the source; firms respond through the
    attitude game (weak dominance; ties go *against* the coordinator: at a threshold every
    equilibrium the firms may play is priced and the worst counts). :math:`G = s|S|`.
    Blunt: inframarginal sources earn rents, redundant flows are paid for.
``mandate``
    A cluster-wide minimum diffusion standard :math:`\theta_{\min}`: every non-leading firm
    receives at least :math:`\theta_{\min}` from a leading firm. No transfer; enforcement cost
    :math:`e` per receiver, paid by the government (public spending at :math:`1 + \lambda`; the
    mandate is a candidate only when ``enforcement_cost`` is given). Cannot target: it also forces welfare-reducing diffusion to
    minor firms (Lahiri–Ono).
``fine``
    A fine :math:`f \le f_{\max}` per refusal (a source averse to a firm that seeks its
    knowledge), with limited liability: a firm pays at most its cap :math:`L_k` (its payoff before
    fines, floored at 0, or a user cap), :math:`G = -\sum_k \min(f r_k, L_k)`.

Fiscal rule (DESIGN): by default (``"limited_liability"``) outlays and revenues are valued at
:math:`1 + \lambda` and the first best optimises the allocation *and* the same transfers — when
the menu holds the fine it may raise up to every firm's cap, without incentive constraints — so
every coordinated outcome is feasible for it and :math:`W^{co} \le W^{FB}` by construction
(:func:`~gametheory.models.diffusion.planner.first_best_with_revenue`, plus every reachable
allocation). ``"no_fine_revenue"``: fines deter but raise nothing; the planner's first best.

Every candidate (a :class:`PolicyLine`: the allocation a policy induces, its surplus, outlay and
enforcement cost) is a line in :math:`\lambda`, :math:`W_k(\lambda) = A_k - \lambda G_k`, so the
coordinated welfare is the *upper envelope* of finitely many lines: piecewise linear, convex and
non-increasing in :math:`\lambda`, with exact breakpoints (:func:`value_function`). Candidate
levels are the corners and every kink of the firms' response: the thresholds where a source's
sharing margin changes sign (subsidy, fine) and the entry/exit points of Cournot firms along the
mandate's segment.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import sympy as sp

from gametheory.core.params import DomainError, Number, as_param, is_symbolic, rejects_text
from gametheory.core.coordinator import Candidate, PolicyOutcome
from gametheory.core.results import Result
from gametheory.core.welfare import gap_closed, gap_is_degenerate, welfare_account

__all__ = ["coordinate", "candidates", "declare", "value_function", "first_best_value", "PolicyLine", "INSTRUMENTS"]

INSTRUMENTS = ("purchase", "subsidy", "mandate", "fine")

#: Most flow patterns the purchase instrument prices (one source or none per receiver: the product of
#: (1 + #sources) over receivers, n! for n firms in n tiers — 6 firms 720, 7 firms 5,040 refused).
MAX_PURCHASE_PATTERNS = 1024

#: Most entry/exit hyperplanes (n·2^(n-1)) the mandate's kink search solves along its segment.
MAX_MANDATE_HYPERPLANES = 1 << 12


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class PolicyLine(Result):
    r"""One candidate policy: the allocation it induces and its welfare line in :math:`\lambda`.

    :func:`candidates` returns these; the coordinated welfare is the upper envelope of their lines
    :math:`W(\lambda) = A - \lambda G` (:func:`value_function`), with :math:`A` = ``intercept``
    and :math:`G` = ``public_outlay``.

    Attributes
    ----------
    instrument : str
        ``"none"`` (laissez-faire), ``"purchase"``, ``"subsidy"``, ``"mandate"`` or ``"fine"``.
    level : number or str
        The instrument's level: the subsidy per flow, the fine per refusal, the mandate's
        :math:`\theta_{\min}`, the flows bought (a label such as ``"L->M, L->G"``), 0 for none.
    flows : tuple of (i, j)
        Realised flows (source → receiver, zero-based firm indices).
    costs : tuple
        Post-diffusion unit costs.
    consumer_surplus : number or sympy.Expr
    producer_surplus : number or sympy.Expr
        :math:`\sum_k` of the firms' payoffs *before* the government's transfers and fines (market
        profits, licence fees, diffusion costs: as
        :attr:`DiffusionOutcome.producer_surplus <gametheory.models.diffusion.model.DiffusionOutcome>`).
    payoffs : tuple
        Each firm's payoff *with* the transfers it receives and the fines it pays (participation:
        all :math:`\ge 0`, the exit option).
    resource_costs : number or sympy.Expr
        Real diffusion costs (and a mandate's enforcement), counted once.
    outlay : number or sympy.Expr
        Net public outlay of the instrument: transfers paid, fines collected negative.
    enforcement_cost : number or sympy.Expr
        Real cost of enforcing the instrument (a fine's inspection, a paid flow's verification, a
        mandate), paid by the government: public spending that buys a resource, so it is in
        :math:`A` once and in the public budget :math:`G`, valued at :math:`1 + \lambda`.
    transfers : dict
        Purchase: each paid firm's transfer by label; fine: ``{"fines collected": ...}``.
    max_deviation_gain : number or None
        Verification of the firms' response (largest gain from a unilateral deviation; None when
        not checked).
    capacity : number or None
        Revenue the first best could raise at this allocation: every firm up to its liability cap
        (None for symbolic models).
    liability_binding : bool
        A firm's fine is capped by its limited liability.
    tie : bool
        An equilibrium the firms may pick at a threshold (ties against the coordinator).
    intercept : number or sympy.Expr
        :math:`A = CS + PS - \text{enforcement}`, the welfare at :math:`\lambda = 0` (computed).
    public_outlay : number or sympy.Expr
        :math:`G` = ``outlay + enforcement_cost``, valued at :math:`\lambda` (computed; the
        ``public_outlay`` of :class:`~gametheory.core.welfare.WelfareAccount`).

    Examples
    --------
    :math:`a = 10, b = 1, c = (1, 2, 3)`: laissez-faire has no flow and :math:`W = 32`; buying
    L→M costs the leader's profit loss :math:`9 - (11/4)^2 = 23/16`.

    >>> from gametheory.models.diffusion import TechnologyDiffusion
    >>> lines = candidates(TechnologyDiffusion(10, 1, (1, 2, 3)), instruments=("purchase",))
    >>> none, bought = lines[0], next(c for c in lines if c.level == "L->M")
    >>> none.instrument, none.flows, none.intercept, none.public_outlay
    ('none', (), 32, 0)
    >>> bought.level, bought.intercept, bought.outlay, bought.transfers
    ('L->M', 1127/32, 23/16, {'L': 23/16})
    """

    instrument: str
    level: Any
    flows: tuple
    costs: tuple
    consumer_surplus: Any
    producer_surplus: Any
    payoffs: tuple
    resource_costs: Any
    outlay: Any = 0
    enforcement_cost: Any = 0
    transfers: Mapping[str, Any] = field(default_factory=dict)
    max_deviation_gain: Any = None
    capacity: Any = None
    liability_binding: bool = False
    tie: bool = False
    intercept: Any = field(init=False)
    public_outlay: Any = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "flows", tuple(self.flows))
        object.__setattr__(self, "intercept", self.consumer_surplus + self.producer_surplus - self.enforcement_cost)
        object.__setattr__(self, "public_outlay", self.outlay + self.enforcement_cost)
        super().__post_init__()

    @property
    def group(self) -> tuple[str, Any]:
        """``(instrument, level)``: the value of a policy level is the minimum over its group (the
        firms break a tie against the coordinator)."""
        return (self.instrument, self.level)


def _flow_label(model, flows) -> str:
    if not flows:
        return "none"
    lab = model.labels
    return ", ".join(f"{lab[i]}->{lab[j]}" for i, j in flows)


def _useful_patterns(model):
    """Flow sets with at most one source per receiver (extra sources are redundant)."""
    by_recv: dict[int, list] = {}
    for (i, j) in model.eligible_flows:
        by_recv.setdefault(j, []).append((i, j))
    options = [[None] + fl for _, fl in sorted(by_recv.items())]
    count = math.prod(len(o) for o in options)
    if count > MAX_PURCHASE_PATTERNS:
        raise DomainError(
            f"{model.n} firms: buying diffusion has {count} flow patterns (one source or none per receiver) to price, "
            f"each verified in the attitude game; at most {MAX_PURCHASE_PATTERNS} are. Leave 'purchase' out "
            "(instruments=('mandate',) or ('subsidy', 'mandate', 'fine')), or merge firms into fewer tiers")
    out = []
    for choice in itertools.product(*options):
        out.append(tuple(sorted(f for f in choice if f is not None)))
    return out


def _purchase(model, S, prover=None):
    """Transfers buying flows S, market parts and a verification of the induced equilibrium."""
    game = model.attitude_game()
    out = model.outcome(S)
    T = []
    for k in range(model.n):
        mine = [f for f in S if k in f]
        if not mine:
            T.append(sp.Integer(0))
            continue
        if model.licence_fee == 0:
            # profits rise with rivals' costs and fall with one's own (attitude module), so the best
            # deviation drops every flow k *sends* and keeps every flow it receives
            rest = tuple(f for f in S if f[0] != k)
            t = model.outcome(rest).payoffs[k] - out.payoffs[k]
            T.append(sp.expand(t) if model.symbolic else t)
            continue
        gains = []
        for r in range(1, len(mine) + 1):
            for D in itertools.combinations(mine, r):
                rest = tuple(f for f in S if f not in D)
                gains.append(model.outcome(rest).payoffs[k] - out.payoffs[k])
        if model.symbolic:
            T.append(sp.Max(0, *[sp.expand(g) for g in gains]))
        else:
            T.append(max([sp.Integer(0)] + gains))
    # verification in the attitude game with the contract: designated pairs P both ways,
    # other pairs at laissez-faire attitudes (source A, receiver P)
    gain = None
    if not model.symbolic:
        att = {}
        for (i, j) in model.eligible_flows:
            on = (i, j) in S
            att[(i, j)] = "P" if on else "A"
            att[(j, i)] = "P"
        prof = game.index_of(att)
        base = game.payoffs(prof)
        gain = sp.Integer(0)
        for k in range(model.n):
            mine = set(f for f in S if k in f)
            for s in range(len(game.strategies[k])):
                dev = list(prof)
                dev[k] = s
                fl = set(game.flows(dev))
                paid = T[k] if mine <= fl else 0
                g = game.payoffs(tuple(dev))[k] + paid - (base[k] + T[k])
                gain = max(gain, g)
    return out, tuple(T), gain


def _capacity(model, pay, liability):
    """Revenue the first best could raise at this allocation: sum of the firms' liability caps."""
    if liability is None or model.symbolic:
        return None
    if isinstance(liability, str):
        return sp.Add(*[max(p, sp.Integer(0)) for p in pay])
    return liability * model.n


def _line(model, *, market_payoffs: Sequence[Any], liability: Any, payoffs: Sequence[Any] | None = None,
          **fields: Any) -> PolicyLine:
    """A :class:`PolicyLine` from the firms' market-stage payoffs (before the government's transfers).

    They give the line's producer surplus, the firms' payoffs when ``payoffs`` (with transfers and
    fines) is not given, and the revenue the first best could raise at this allocation; ``fields``
    are the line's other fields, by name.
    """
    return PolicyLine(producer_surplus=sp.Add(*market_payoffs),
                      payoffs=tuple(market_payoffs if payoffs is None else payoffs),
                      capacity=_capacity(model, market_payoffs, liability), **fields)


def _market(outcome) -> dict[str, Any]:
    """The market fields of a line at a :class:`~gametheory.models.diffusion.model.DiffusionOutcome`."""
    return {"costs": tuple(outcome.costs), "consumer_surplus": outcome.consumer_surplus,
            "market_payoffs": outcome.payoffs, "resource_costs": outcome.resource_costs}


def _profile_of(model, game, eq):
    lab = model.labels
    return game.index_of({(lab.index(a), lab.index(b)): x for a, b, x in eq.attitudes})


def _levels_with_ties(model, name, levels, *, liability, rule, cap=None, inspection=0, detection=1, verification=0):
    """Candidate lines of a threshold instrument (subsidy or fine), ties against the coordinator.

    At every level the response is the worst surviving equilibrium; at a threshold the profiles of
    the neighbouring open intervals (which stay equilibria at the threshold, by continuity) are
    added to the level's group, whose value is the *minimum* of its members: the firms, not the
    government, break an indifference. Midpoints of the intervals (and a point beyond the last
    level when the instrument is unbounded) are attained candidates too.
    """
    from gametheory.models.diffusion.attitude import AttitudeGame, laissez_faire

    levels = sorted(set(levels))
    pts = list(levels)
    mids = [(levels[k] + levels[k + 1]) / 2 for k in range(len(levels) - 1)]
    if levels:
        mids.append(levels[0] / 2) if levels[0] > 0 else None
        if cap is None:
            mids.append(levels[-1] + 1)
    mids = sorted(set(m for m in mids if m is not None and m > 0 and (cap is None or m < cap)))
    kw = {"liability": liability, "detection": detection} if name == "fine" else {}

    def solve(v):
        eq = laissez_faire(model, nash=False, select="worst", **{name: v}, **kw)
        game = AttitudeGame(model, **{name: v}, **kw)
        return game, _profile_of(model, game, eq), eq.max_deviation_gain

    def line(game, prof, v, gain, tie):
        flows = game.flows(prof)
        o = model.outcome(flows)
        outlay = game.public_outlay(prof)
        fines = sp.Add(*game._fines_paid(prof)) if name == "fine" and liability is not None else (
            detection * game.fine * len(game.refusals(prof)) if name == "fine" else 0)
        if name == "fine" and rule == "no_fine_revenue":
            outlay = outlay + fines
        extra = {"fines collected": fines} if name == "fine" else {}
        # a fine inspects every potential source; a subsidy paid per realised flow verifies each flow
        enf = inspection * detection * _n_sources(model) if name == "fine" else verification * len(flows)
        binding = False
        if name == "fine" and liability is not None:
            due = [0] * model.n
            for (i, _j) in game.refusals(prof):
                due[i] += detection * game.fine
            binding = any(paid < d for paid, d in zip(game._fines_paid(prof), due))
        return _line(model, **_market(o), liability=liability, payoffs=game.payoffs(prof), instrument=name,
                     level=v, flows=flows, outlay=outlay, enforcement_cost=enf, transfers=extra,
                     max_deviation_gain=gain, liability_binding=binding, tie=tie)

    solved = {v: solve(v) for v in pts + mids}
    out = []
    for v in mids:
        game, prof, gain = solved[v]
        out.append(line(game, prof, v, gain, False))
    for k, v in enumerate(pts):
        game, prof, gain = solved[v]
        out.append(line(game, prof, v, gain, False))
        seen = {prof}
        neigh = [m for m in mids if (k == 0 or m > pts[k - 1]) and m < v][-1:] + \
                [m for m in mids if m > v and (k + 1 == len(pts) or m < pts[k + 1])][:1]
        for m in neigh:
            alt = solved[m][1]
            if alt in seen:
                continue
            seen.add(alt)
            g = game.game.deviation_gain(alt)
            if g <= 0:       # still an equilibrium at the threshold: the firms may pick it
                out.append(line(game, alt, v, g, True))
    return out


def _n_sources(model) -> int:
    """Firms that could share knowledge (have an eligible receiver): the ones a fine must inspect."""
    return len({i for (i, _j) in model.eligible_flows})


def _thresholds(model, what: str):
    """Sharing margins' sign changes: the per-flow payments at which a source's choice flips."""
    game = model.attitude_game()
    vals = set()
    for i in range(model.n):
        for j in game.partners[i]:
            role, ms, _ = game.margins(i, j)
            if role != "source":
                continue
            for d in ms:
                if d < 0:
                    vals.add(-d)
    return sorted(vals)


def _mandate_levels(model):
    """theta_min candidates: 0, 1 and the entry/exit kinks along c(theta) in (0, 1)."""
    th = sp.Symbol("theta", real=True)
    c1 = model.costs[0]
    cost = [c if model.tiers[j] == 0 else c - model.beta[j] * th * (c - c1) for j, c in enumerate(model.costs)]
    levels = {sp.Integer(0), sp.Integer(1)}
    n = model.n
    if n * (1 << (n - 1)) > MAX_MANDATE_HYPERPLANES:
        raise DomainError(
            f"{n} firms: the mandate's entry/exit kinks lie on {n}·2^{n - 1} = {n * (1 << (n - 1))} hyperplanes; at most "
            f"{MAX_MANDATE_HYPERPLANES} are solved. Leave 'mandate' out of the instruments, or merge firms into "
            "fewer tiers")
    for i in range(n):
        others = [k for k in range(n) if k != i]
        for r in range(n):
            for T in itertools.combinations(others, r):
                eq = (len(T) + 1) * cost[i] - model.a - sp.Add(*[cost[k] for k in T])
                eq = sp.expand(eq)
                if eq.has(th) and sp.degree(eq, th) == 1:
                    root = sp.solve(eq, th)[0]
                    if root.is_number and 0 < root < 1:
                        levels.add(root)
    return sorted(levels), cost, th


#: The uniform subsidy and the fine need the firms' response in the full attitude game when
#: attitudes stop being dominant; beyond this many profiles those instruments are skipped (noted).
MAX_RESPONSE_PROFILES = 512


@rejects_text(text=('notes',), choices=('instruments', 'fiscal_rule', 'liability'))
def candidates(model, *, instruments: Iterable[str] = INSTRUMENTS, max_fine: Number | None = None,
               enforcement_cost: Number = 0, notes: list | None = None, fiscal_rule: str = "limited_liability",
               liability: Any = "profit", inspection_cost: Number = 0,
               detection_probability: Number = 1, verification_cost: Number = 0) -> list[PolicyLine]:
    """Every candidate policy as a :class:`PolicyLine`, :math:`A - \\lambda G` (module docstring).

    The first line is laissez-faire (instrument ``"none"``). ``notes`` (a list), when given,
    receives a message for every instrument that was skipped. ``fiscal_rule``, ``liability`` and
    the enforcement prices as in :func:`coordinate`. Each line carries ``capacity`` (the revenue
    the first best could raise at its allocation) and ``group``: the value of a policy level is
    the minimum over its group (ties against the coordinator).

    Raises
    ------
    DomainError
        Work exponential in the number of firms is bounded: ``purchase`` prices at most
        :data:`MAX_PURCHASE_PATTERNS` (1024) flow patterns (n! for n firms in n tiers, so 6 such
        firms), ``mandate`` searches at most :data:`MAX_MANDATE_HYPERPLANES` (2^12) entry/exit
        hyperplanes (n·2^(n-1), so 9 firms); ``subsidy`` and ``fine`` are skipped (with a note)
        beyond :data:`MAX_RESPONSE_PROFILES` attitude profiles. The message names the instrument
        to leave out.
    """
    instruments = tuple(instruments)
    for name in instruments:
        if name not in INSTRUMENTS:
            raise DomainError(f"unknown instrument {name!r}; valid: {', '.join(INSTRUMENTS)}")
    liability = _check_rule(fiscal_rule, liability)
    e = as_param(enforcement_cost, "enforcement_cost", nonnegative=True)
    ins = as_param(inspection_cost, "inspection_cost", nonnegative=True)
    ver = as_param(verification_cost, "verification_cost", nonnegative=True)
    p_det = as_param(detection_probability, "detection_probability", positive=True)
    if p_det > 1:
        raise DomainError(f"detection_probability must lie in (0, 1], got {detection_probability!r}")
    out = []

    prover = None
    lf = model.equilibrium()
    o = lf.outcome
    out.append(_line(model, **_market(o), liability=liability, instrument="none", level=0, flows=lf.flows,
                     max_deviation_gain=lf.max_deviation_gain))
    if "purchase" in instruments:
        for S in _useful_patterns(model):
            if not S:
                continue
            o, T, gain = _purchase(model, S, prover)
            out.append(_line(model, **_market(o), liability=liability, payoffs=[p + t for p, t in zip(o.payoffs, T)],
                             instrument="purchase", level=_flow_label(model, S), flows=S, outlay=sp.Add(*T),
                             enforcement_cost=ver * len(S), max_deviation_gain=gain,
                             transfers={model.labels[k]: t for k, t in enumerate(T) if t != 0}))
    if model.symbolic:
        instruments = tuple(x for x in instruments if x == "mandate")
    big = model.attitude_game().n_profiles > MAX_RESPONSE_PROFILES
    if big and any(x in instruments for x in ("subsidy", "fine")):
        if notes is not None:
            notes.append(f"subsidy/fine skipped: their response needs the {model.attitude_game().n_profiles}-profile "
                         f"attitude game (limit {MAX_RESPONSE_PROFILES}); purchase and mandate evaluated")
        instruments = tuple(x for x in instruments if x not in ("subsidy", "fine"))
    if "subsidy" in instruments:
        out.extend(_levels_with_ties(model, "subsidy", _thresholds(model, "subsidy"), liability=liability,
                                     rule=fiscal_rule, verification=ver))
    if "fine" in instruments:
        cap = None if max_fine is None else as_param(max_fine, "max_fine", nonnegative=True)
        # thresholds and option crossings are in expected fines p f; liability binds where f r = L_k
        kinks = {t / p_det for t in _thresholds(model, "fine")} | set(_liability_kinks(model, liability, p_det))
        fine_levels = [f for f in kinks if f > 0 and (cap is None or f <= cap)]
        if cap is not None and cap > 0:
            fine_levels.append(cap)
        out.extend(_levels_with_ties(model, "fine", fine_levels, liability=liability, rule=fiscal_rule, cap=cap,
                                     inspection=ins, detection=p_det))
    if "mandate" in instruments:
        if model.symbolic:
            levels = [sp.Integer(1)]
            c1 = model.costs[0]
            th = sp.Symbol("theta")
            cost = [c if model.tiers[j] == 0 else c - model.beta[j] * th * (c - c1) for j, c in enumerate(model.costs)]
        else:
            levels, cost, th = _mandate_levels(model)
        for lv in levels:
            if lv == 0:
                continue
            cs_ = tuple(sp.expand(c.subs(th, lv)) if isinstance(c, sp.Basic) else c for c in cost)
            q, price, profits, active, cond = model.market_at(cs_)
            Q = sp.Add(*q)
            recv = [j for j in range(model.n) if model.tiers[j] > 0 and cs_[j] != model.costs[j]]
            res = (model.diffusion_cost + e) * len(recv)
            pay = [p for p in profits]
            for j in recv:
                pay[0] = pay[0] - model.diffusion_cost
            cs = model.b * Q ** 2 / 2
            flows = tuple((0, j) for j in recv)
            out.append(_line(model, market_payoffs=pay, liability=liability, instrument="mandate", level=lv,
                             flows=flows, costs=cs_, consumer_surplus=sp.expand(cs) if model.symbolic else cs,
                             resource_costs=res, enforcement_cost=e * len(recv), max_deviation_gain=0))
    return out


FISCAL_RULES = ("limited_liability", "no_fine_revenue")


def _check_rule(rule, liability):
    if rule not in FISCAL_RULES:
        raise DomainError(f"fiscal_rule must be one of {', '.join(FISCAL_RULES)}, got {rule!r}")
    if isinstance(liability, str):
        if liability != "profit":
            raise DomainError(f"liability must be 'profit' (the firm's market-stage payoff) or a number, got {liability!r}")
        return liability
    if liability is None:
        raise DomainError("liability=None (unlimited fines) is not a coherent fiscal rule: give a cap or 'profit'")
    return as_param(liability, "liability", nonnegative=True)


def _liability_kinks(model, liability, detection=1):
    """Every fine level where a source's best response can change (small numeric games): crossings
    of its options' payoffs and the levels where its limited liability starts to bind, u_k / r."""
    if model.symbolic or not isinstance(liability, str) and liability is None:
        return []
    flows = model.eligible_flows
    if len(flows) > 6:
        return []
    src = {k: sum(1 for f in flows if f[0] == k) for k in range(model.n)}
    out = set()
    pays = [model.outcome(S).payoffs for r in range(len(flows) + 1) for S in itertools.combinations(flows, r)]
    # where two of a source's options cross, u(S1) - f r1 = u(S2) - f r2 (several attitudes changed
    # at once: the single-attitude margins miss these), and where its liability starts to bind
    for k, rm in src.items():
        if rm == 0:
            continue
        vals = sorted({p[k] for p in pays})
        for u1 in vals:
            for u2 in vals:
                for r1 in range(rm + 1):
                    for r2 in range(r1):
                        f = (u1 - u2) / (r1 - r2) / detection
                        if f > 0:
                            out.add(f)
        if isinstance(liability, str):
            out.update(u / t for u in vals if u > 0 for t in range(1, rm + 1))
        else:
            out.update(liability / t for t in range(1, rm + 1) if liability > 0)
    return sorted(out)


def _value(c: PolicyLine, lam: Any) -> Any:
    return c.intercept - lam * c.public_outlay


def _group_best(cands: Sequence[PolicyLine], lam: Any) -> int:
    """Index of the candidate the coordinator gets: best group, worst member (ties against it)."""
    groups: dict = {}
    for k, c in enumerate(cands):
        groups.setdefault(c.group, []).append(k)
    worst = [min(ks, key=lambda k: (_value(cands[k], lam), k)) for ks in groups.values()]
    return max(worst, key=lambda k: (_value(cands[k], lam), cands[k].instrument == "none",
                                     -abs(cands[k].outlay), -k))


def _envelope(lines: Sequence[tuple[Any, Any]], lam: Any, best_at) -> tuple[sp.Piecewise, list[tuple[int, Any, Any]]]:
    r"""Upper envelope of the lines :math:`A - \lambda G` given as ``(A, G)`` pairs, over :math:`\lambda \ge 0`.

    ``best_at(t)`` is the index of the line taken at :math:`\lambda = t`. Returns the Piecewise in
    ``lam`` and its pieces as ``(index, lower end, upper end or None)``.
    """
    pts = sorted({sp.Integer(0)} | {
        (a1 - a2) / (g1 - g2)
        for (a1, g1), (a2, g2) in itertools.combinations(lines, 2)
        if g1 != g2 and (a1 - a2) / (g1 - g2) > 0})
    # best line on each interval (evaluated at interior test points)
    tests = [(pts[k] + pts[k + 1]) / 2 for k in range(len(pts) - 1)] + [pts[-1] + 1]
    pieces: list[tuple[int, Any]] = []               # (best line, lower end of its interval)
    for k, t in enumerate(tests):
        best = best_at(t)
        lo = pts[k]
        if pieces and pieces[-1][0] == best:
            continue
        pieces.append((best, lo))
    args, spans = [], []
    for idx, (best, lo) in enumerate(pieces):
        hi = pieces[idx + 1][1] if idx + 1 < len(pieces) else None
        cond = (lam < hi) if hi is not None else sp.true
        a, g = lines[best]
        args.append((sp.expand(a - lam * g), cond))
        spans.append((best, lo, hi))
    return sp.Piecewise(*args), spans


@rejects_text
def value_function(cands: Sequence[PolicyLine], lam: sp.Symbol | None = None):
    r"""Upper envelope :math:`\max_k (A_k - \lambda G_k)` over :math:`\lambda \ge 0` as a Piecewise.

    ``cands`` are the :class:`PolicyLine` s of :func:`candidates`; the value of a policy level is
    its group's worst member (ties against the coordinator). Returns ``(piecewise, regimes)`` with
    ``regimes`` = ((label, condition on λ), ...). Numeric candidates only.
    """
    lam = lam if lam is not None else sp.Symbol("lambda", nonnegative=True)
    pw, spans = _envelope([(c.intercept, c.public_outlay) for c in cands], lam, lambda t: _group_best(cands, t))
    regimes = []
    for best, lo, hi in spans:
        rc = sp.And(lam >= lo, lam < hi) if hi is not None else (lam >= lo)
        regimes.append((f"{cands[best].instrument} {cands[best].level}", rc))
    return pw, tuple(regimes)


@rejects_text
def declare(model, cands: Sequence[PolicyLine], shadow_cost: Number):
    r"""The menu as declarations for the core policy engine: one discrete :class:`Instrument` each.

    Every instrument of the menu becomes a discrete
    :class:`~gametheory.core.coordinator.Instrument` whose values index its levels — the corners
    and the kinks of the firms' response found by :func:`candidates` (value 0 is the neutral
    level, laissez-faire) — with its budget effect (``outlay``: transfers paid, fines collected
    negative) plus its enforcement cost, which the government pays (valued at :math:`1 + \lambda`
    like any public spending, counted once). The followers' response at a
    level is the firms' *worst* equilibrium there at the given :math:`\lambda` (ties against the
    coordinator). Returns ``[(Instrument, response, welfare_parts, levels)]`` ready for
    :class:`~gametheory.core.coordinator.Coordinator`; the response at a level is the mapping
    ``{"index": k, "line": cands[k]}`` (the :class:`PolicyLine` the firms' worst equilibrium gives).
    """
    from gametheory.core.coordinator import Instrument

    lam = as_param(shadow_cost, "shadow_cost (lambda)", nonnegative=True)
    neutral = [k for k, c in enumerate(cands) if c.instrument == "none"]
    menu: dict = {}
    for k, c in enumerate(cands):
        if c.instrument != "none":
            menu.setdefault(c.instrument, {}).setdefault(c.group, []).append(k)
    parts = {"consumer_surplus": lambda p, r: r["line"].consumer_surplus,
             # producer surplus includes the transfers received (fines paid negative); the enforcement
             # the government pays for is public spending that buys a resource (like direct provision:
             # in the budget, not again in resource costs): W = CS + PS - (1 + lam) (transfers + enforcement)
             "producer_surplus": lambda p, r: r["line"].producer_surplus + r["line"].outlay,
             "resource_costs": lambda p, r: 0}
    out = []
    for name in INSTRUMENTS:
        if name not in menu:
            continue
        levels = [neutral] + list(menu[name].values())

        def response(policy, levels=levels, name=name):
            members = levels[int(round(float(policy[name])))]
            k = min(members, key=lambda m: (_value(cands[m], lam), m))     # the firms break ties
            return {"index": k, "line": cands[k]}

        inst = Instrument(name, sp.Symbol(f"x_{name}", real=True), kind="discrete",
                          values=tuple(range(len(levels))), neutral=0, budget=lambda p, r: r["line"].public_outlay)
        out.append((inst, response, parts, levels))
    return out


@rejects_text(choices=('instruments', 'fiscal_rule', 'liability'))
def coordinate(model, *, shadow_cost: Number = 0, instruments: Iterable[str] = INSTRUMENTS,
               max_fine: Number | None = None, enforcement_cost: Number | None = None,
               fiscal_rule: str = "limited_liability", liability: Any = "profit",
               inspection_cost: Number | None = None, detection_probability: Number = 1,
               verification_cost: Number | None = None) -> PolicyOutcome:
    r"""The coordinator's optimum at shadow cost :math:`\lambda` (module docstring).

    Numeric models are solved by the core policy engine,
    :class:`gametheory.core.coordinator.Coordinator`: each instrument of the menu is declared to it
    (:func:`declare`: its levels — corners and response kinks —, budget effect and enforcement
    cost) and the engine evaluates every level exactly; the instruments are alternatives, so the
    menu's optimum is the best of the engine's optima (ties: the smaller outlay, then
    laissez-faire). A symbolic :math:`\lambda` adds the upper envelope (:func:`value_function`);
    symbolic parameters give the Max over the candidate lines with their regions.

    Parameters
    ----------
    model : TechnologyDiffusion
    shadow_cost : number or sympy.Symbol, >= 0
        :math:`\lambda`. A symbol (numeric model) gives the envelope as a ``Piecewise`` in it.
    instruments : iterable of str
        Any of ``"purchase"``, ``"subsidy"``, ``"mandate"``, ``"fine"``.
    max_fine : number, optional
        Legal cap on the fine per refusal (default: none beyond limited liability).
    enforcement_cost : number, optional
        Real cost per receiver of enforcing a mandate, paid by the government (public spending,
        valued at :math:`1 + \lambda`, counted once).
        **Without it the mandate is not a candidate** (its enforcement is never assumed free; the
        notes say so); ``0`` assumes free enforcement explicitly.
    fiscal_rule : {"limited_liability", "no_fine_revenue"}
        ``"limited_liability"`` (default, DESIGN's rule): outlays and revenues are valued at
        :math:`1 + \lambda`; a firm pays at most its ``liability`` cap in fines; the first best
        optimises the allocation *and* the same transfers — it may raise from every firm up to its
        cap, without incentive constraints, whenever the menu holds a revenue instrument
        (``"fine"``) — so every coordinated outcome is feasible for it. ``"no_fine_revenue"``:
        fines deter but their proceeds are not counted as public funds; the first best is the
        planner's (:meth:`first_best`).
    liability : "profit" or number, default "profit"
        Limited liability: a firm pays at most its payoff before fines (floored at 0), or this cap.
    inspection_cost : number, optional
        Real cost of inspecting each potential source (a firm with an eligible receiver) while a
        fine is in force, scaled by the detection probability (inspecting with probability
        :math:`p` costs :math:`p` times it). **Without it the fine is not a candidate** (a fine
        needs inspection; the notes say so); with 0 the notes say that the fine's enforcement was
        taken as free.
    detection_probability : number in (0, 1], default 1
        Probability :math:`p` that a refusal is detected: firms expect, and the government
        collects, :math:`p\min(f r_k, L_k)`; limited liability caps the fine :math:`f r_k` itself.
    verification_cost : number, optional
        Real cost of verifying each flow the government pays for — a purchased flow or a
        subsidised one (it pays on delivery of a technology transfer, so it must check that the
        transfer took place) —, public spending at :math:`1 + \lambda`. Unlike a fine or a
        mandate, a payment is made on a documented delivery that the receiver co-signs, so the
        purchase and the subsidy stay candidates without this price: the verification is then
        taken as free and the notes say so.

    Raises
    ------
    DomainError
        The first best is computed first, so a model too large for the planner
        (:data:`~gametheory.models.diffusion.planner.MAX_PLANNER_VERTICES`) is refused before any
        candidate is priced; then the bounds of :func:`candidates`.

    Returns
    -------
    gametheory.core.coordinator.PolicyOutcome
        ``policy = {"instrument", "level", "flows"}``, ``response`` (flows, costs, transfers,
        ``max_deviation_gain``, ``enforcement_cost``, ``instruments_considered``), the welfare
        account, laissez-faire and first-best welfare (under the fiscal rule), the share of the
        gap closed (:func:`gametheory.core.welfare.gap_closed`, unclamped, in [0, 1] by
        construction), every candidate, (symbolic λ) the λ-regimes, and ``fiscal_rule``.

    Notes
    -----
    Ties go against the coordinator: at a threshold of the subsidy or the fine, every equilibrium
    the firms may play is priced and the coordinator gets the worst; when several equilibria
    survive iterated elimination, the worst for welfare is taken.

    Examples
    --------
    :math:`a=10, b=1, c=(1,2,3), \beta=1`. By hand the first best teaches everybody
    (:math:`W = 1215/32`), laissez-faire has no flow (:math:`W = 32`); at :math:`\lambda = 0`
    buying both flows from L attains the first best (transfers are neutral):

    >>> from gametheory.models.diffusion import TechnologyDiffusion
    >>> out = TechnologyDiffusion(10, 1, (1, 2, 3)).coordinate(shadow_cost=0, instruments=("purchase",))
    >>> out.welfare, out.gap_closed, out.fiscal_rule
    (1215/32, 1, 'limited_liability')
    """
    lam_sym = isinstance(shadow_cost, sp.Symbol)
    lam = shadow_cost if lam_sym else as_param(shadow_cost, "shadow_cost (lambda)", nonnegative=True)
    liability = _check_rule(fiscal_rule, liability)
    notes: list = []
    fb = model.first_best()          # first: the planner's size guard refuses large models before any work
    instruments = tuple(instruments)
    # enforcement is never assumed free: a fine needs inspection, a mandate enforcement (issue 14)
    unpriced = {name: param for name, param, value in (("fine", "inspection_cost", inspection_cost),
                                                       ("mandate", "enforcement_cost", enforcement_cost))
                if name in instruments and value is None}
    for name, param in unpriced.items():
        notes.append(f"{name} not a candidate: its enforcement is not free — give {param} "
                     "(0 assumes it free, and the notes then say so)")
    instruments = tuple(x for x in instruments if x not in unpriced)
    enforcement_cost = 0 if enforcement_cost is None else enforcement_cost
    inspection_cost = 0 if inspection_cost is None else inspection_cost
    paid = [x for x in ("purchase", "subsidy") if x in instruments]
    if paid and verification_cost is None:
        notes.append(f"{' and '.join(paid)}: verifying that a paid flow took place is taken as free (payment on "
                     "delivery; give verification_cost to price it)")
    verification_cost = 0 if verification_cost is None else verification_cost
    cands = candidates(model, instruments=instruments, max_fine=max_fine, enforcement_cost=enforcement_cost,
                       notes=notes, fiscal_rule=fiscal_rule, liability=liability, inspection_cost=inspection_cost,
                       detection_probability=detection_probability, verification_cost=verification_cost)
    w_lf = cands[0].intercept
    regimes: tuple[tuple[str, Any], ...] = ()
    envelope = lam_sym and not model.symbolic
    if envelope:
        pw, regimes = value_function(cands, lam)
        # report the optimum at lambda = 0 as the representative point
        lam_eval = sp.Integer(0)
    else:
        lam_eval = lam
    revenue = (fiscal_rule == "limited_liability" and not model.symbolic and any(c.instrument == "fine"
                                                                                  for c in cands))
    w_fb, fb_note = first_best_value(model, fb, cands, lam, revenue, liability)
    notes.append(fb_note)
    values = [sp.expand(_value(c, lam_eval)) if not model.symbolic else _value(c, lam_eval) for c in cands]
    considered = tuple(x for x in INSTRUMENTS if x in instruments)
    method = "enumeration of instrument corners and response kinks"
    if model.symbolic or is_symbolic(lam_eval):
        # symbolic parameters: every candidate line with the region where it is best
        best = 0
        welfare = sp.Max(*values, evaluate=False)
        regimes = tuple((f"{x.instrument} {x.level}",
                         sp.Ge(v, sp.Max(*[w for w in values if w is not v], evaluate=False), evaluate=False))
                        for x, v in zip(cands, values))
        notes.append("symbolic parameters: welfare is the Max over the candidate lines; regimes give where each is best")
    else:
        best = _engine_best(model, cands, lam_eval, w_lf, None if envelope else w_fb)
        welfare = values[best]
        method = ("core policy engine (gametheory.core.coordinator.Coordinator): one discrete instrument per "
                  f"menu item ({', '.join(considered) or 'none'}), levels at corners and response kinks")
        if any(x.tie for x in cands):
            notes.append("ties against the coordinator: at a threshold the firms' worst equilibrium is priced")
        sup = max(range(len(cands)), key=lambda k: values[k])
        if values[sup] > welfare:
            x = cands[sup]
            notes.append(f"supremum {values[sup]} approached as the {x.instrument} tends to {x.level} with "
                         f"flows {_flow_label(model, x.flows)}, not attained (the firms break the tie against it)")
    c = cands[best]
    if c.instrument == "fine" and inspection_cost == 0:
        notes.append("the fine's inspection was taken as free (inspection_cost=0)")
    if c.instrument == "mandate" and enforcement_cost == 0:
        notes.append("the mandate's enforcement was taken as free (enforcement_cost=0)")
    notes.append(f"instruments considered: {', '.join(considered) or 'none'}; chosen: {c.instrument}")
    acc = welfare_account(c.consumer_surplus, c.producer_surplus + c.outlay, 0, c.public_outlay,
                          0 if is_symbolic(lam_eval) and not isinstance(lam_eval, sp.Symbol) else lam_eval, simplify=False)
    if envelope:
        welfare_out = pw
        notes.append("welfare is the upper envelope in lambda; policy/response shown at lambda = 0")
    else:
        welfare_out = welfare
    if model.symbolic or lam_sym:
        gc, deg = None, False
    else:
        deg = gap_is_degenerate(w_lf, w_fb)
        gc = gap_closed(welfare, w_lf, w_fb)
        if not (welfare <= w_fb):      # pragma: no cover - by construction
            raise DomainError(f"internal: coordinated welfare {welfare} exceeds the first best {w_fb}")
    cand_objs = tuple(Candidate(policy={"instrument": x.instrument, "level": x.level,
                                        "flows": _flow_label(model, x.flows)},
                                welfare=v, location="tie (firms' choice at the threshold)" if x.tie else
                                "corner" if x.instrument in ("none", "purchase") else "kink/threshold")
                      for x, v in zip(cands, values))
    flags = {"participation": None if model.symbolic else all(p >= 0 for p in c.payoffs),
             "limited_liability_binding": c.liability_binding,
             # the planner's diffusion matrix (with the transfers of the fiscal rule) is a feasible allocation
             "benchmark_attainable": True}
    if flags["participation"] is False:
        notes.append("participation fails at the chosen policy: a firm's payoff with transfers and fines is "
                     "negative (it would rather exit)")
    response = {"flows": c.flows, "costs": c.costs, "transfers": c.transfers,
                "max_deviation_gain": c.max_deviation_gain, "enforcement_cost": c.enforcement_cost,
                "instruments_considered": considered}
    return PolicyOutcome(
        policy={"instrument": c.instrument, "level": c.level, "flows": _flow_label(model, c.flows)},
        response=response, account=acc, welfare=welfare_out, transfers={c.instrument: c.outlay},
        shadow_cost=lam, laissez_faire_welfare=w_lf, first_best_welfare=w_fb, gap_closed=gc, gap_degenerate=deg,
        conditions=model.attitude_game().interior_conditions if model.symbolic else model.assumptions,
        regimes=regimes, candidates=cand_objs, method=method, notes=tuple(notes), fiscal_rule=fiscal_rule,
        instrument=None if (model.symbolic or lam_sym) else
        ("laissez-faire" if c.instrument == "none" else c.instrument),
        enforcement_cost=c.enforcement_cost, flags=flags)


def _engine_best(model, cands, lam, w_lf, w_fb) -> int:
    """Index of the chosen candidate line: each declared instrument solved by the core engine.

    The instruments are alternatives (one is used), so the menu's optimum is the best of the
    engine's per-instrument optima; ties go to the smaller outlay, then to laissez-faire.
    """
    from gametheory.core.coordinator import Coordinator, choose_instrument

    optima = [0]                                  # candidate 0: no intervention
    for inst, response, parts, _levels in declare(model, cands, lam):
        gov = Coordinator([inst], response, parts, shadow_cost=lam, first_best=w_fb, laissez_faire=w_lf)
        optima.append(gov.solve(method="numeric").response["index"])
    # the core's menu step; listed by outlay (smaller first), then as found: ties against the coordinator
    order = sorted(dict.fromkeys(optima), key=lambda k: (abs(cands[k].outlay), optima.index(k)))
    return choose_instrument({k: _value(cands[k], lam) for k in order}).best


@rejects_text(choices=("liability",))
def first_best_value(model: Any, fb: Any, cands: Sequence[PolicyLine], lam: Any, revenue: bool,
                     liability: str) -> tuple[Any, str]:
    r"""The first-best benchmark's welfare at shadow cost ``lam`` under the fiscal rule, and a note.

    Without a revenue instrument in the menu (``revenue`` False) the benchmark is the planner's
    allocation, ``fb.welfare``. With one (limited liability: fines), the first best faces the
    same technology as the coordinator — it may also raise revenue, each firm up to its cap
    :math:`ar G_i` — so its welfare is :math:`\max(W^{*}(\lambda),\ \max_k A_k - \lambda G_k)`
    over the reachable allocations: the planner's optimum with revenue
    (:func:`~gametheory.models.diffusion.planner.first_best_with_revenue`) and every candidate
    line's intercept *without* enforcement (the first best needs no incentive constraints), at
    the revenue of its caps. A symbolic ``lam`` gives the upper envelope as a piecewise function.

    Parameters
    ----------
    model : TechnologyDiffusion
    fb : the model's :meth:`~TechnologyDiffusion.first_best`
    cands : sequence of PolicyLine
        :func:`candidates` of the same model and fiscal rule.
    lam : number or sympy.Symbol
    revenue : bool
    liability : "profit" or number
        A firm's cap: its market-stage payoff, or a number (as in :func:`coordinate`).
    """
    liability = _check_rule("limited_liability", liability)
    if not revenue:
        return fb.welfare, "first best: the planner's allocation, no revenue instrument in the menu"
    from gametheory.models.diffusion.planner import first_best_with_revenue

    # the first best needs no enforcement (no incentive constraints): each line's A without it, and it may
    # raise the revenue of every firm's cap (G = -capacity)
    lines = [(c.intercept + c.enforcement_cost, -c.capacity) for c in cands]
    note = ("first best under limited liability: the planner's allocation and the revenue the coordinator could "
            "raise (each firm up to its cap), valued at lambda")
    if isinstance(lam, sp.Symbol):
        # vertices of the box at lambda = 0 and along the envelope of the reachable allocations
        _c, _obj, w0, rev0 = first_best_with_revenue(model, 0, liability)
        lines.append((w0, -rev0))

        def best_at(t):                # the highest line at t; ties: the smaller G, then the first
            return max(range(len(lines)), key=lambda i: (lines[i][0] - t * lines[i][1], -lines[i][1], -i))

        return _envelope(lines, lam, best_at)[0], note
    _c, obj, _w, _rev = first_best_with_revenue(model, lam, liability)
    return max([obj] + [A - lam * G for A, G in lines]), note
