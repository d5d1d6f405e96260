r"""The attitude game: diffusion preference (偏好, P) or aversion (厌恶, A) toward every other firm.

Each firm :math:`i` states an attitude toward every firm of another tier. Toward a more advanced
(lower-cost) firm, P means *seek* its knowledge; toward a less advanced one, P means *share*. The
flow :math:`i \to j` (:math:`c_i < c_j`) is realised iff both are P toward each other; then stage 2
is Cournot at the post-diffusion costs (:mod:`gametheory.models.diffusion.model`). Payoffs:
market profit, plus licence fees received (:math:`F` per flow) minus fees paid, minus the source's
diffusion cost :math:`d` per flow, plus the coordinator's per-flow subsidy :math:`s` to the source,
minus the fine :math:`f` a source pays when it refuses a firm that seeks its knowledge.

Dominance, component by component
---------------------------------
Flows are in one-to-one correspondence with pairs of firms in different tiers, and the flow of
pair :math:`\{i, j\}` depends only on the two attitudes of that pair. So for firm :math:`i`'s
attitude toward :math:`j` the *context* is the set :math:`R` of other realised flows, and

.. math::

    \Delta^{\text{src}}_{ij}(R) &= \pi_i(R \cup \{i\to j\}) - \pi_i(R) + F - d + s + f
        \quad\text{(source, when } j \text{ seeks)},\\
    \Delta^{\text{rec}}_{ji}(R) &= \pi_j(R \cup \{i\to j\}) - \pi_j(R) - F
        \quad\text{(receiver, when } i \text{ shares)},

and 0 when the partner is averse. In Cournot :math:`\pi_i = (P - c_i)^2/b` with an equilibrium
price that rises with every cost at a rate :math:`1/(m+1) < 1` (:math:`m` active firms). Hence
:math:`\partial\pi_i/\partial c_j = 2q_i/(m+1) \ge 0` and
:math:`\partial\pi_i/\partial c_i = -2mq_i/(m+1) \le 0`: sharing never pays the source, receiving
always pays the receiver. With :math:`F = s = f = 0`, aversion toward every less advanced firm
and preference toward every more advanced firm is a *weakly dominant* strategy (strict in the
context where the flow is a firm's only source, when :math:`\beta_j\bar\theta > 0` and both firms
produce). Iterated elimination of weakly dominated strategies therefore leaves exactly Kuang &
Zhang's pattern — the leading firm averse to all, the middle firm preferring the leader and
averse to the laggard, the laggard preferring all — and no flow is realised.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence as _AbcSequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Sequence

import numpy as np
import sympy as sp

from gametheory.core.params import DomainError, Number, as_param, rejects_text, to_expr
from gametheory.core.results import Result

__all__ = ["AttitudeGame", "AttitudeEquilibrium", "DominanceStep", "laissez_faire"]

P, A = "P", "A"
#: Most profiles of the attitude game's normal form (:attr:`AttitudeGame.game`): with one firm per
#: tier each of n firms has 2^(n-1) strategies, so n firms give 2^(n(n-1)) profiles — 4 firms
#: 2^12, 5 firms 2^20 (refused), 8 firms 2^56.
MAX_GAME_PROFILES = 1 << 16

#: Most other flows whose subsets (contexts) are enumerated for one attitude's margins, and most
#: flows whose 2^k patterns are checked for symbolic interior conditions.
MAX_CONTEXT_FLOWS = 16

#: Most unilateral deviations (all strategies of every firm, sum_i 2^(partners_i)) that
#: :func:`laissez_faire` evaluates to certify the profile; above it every single-attitude deviation
#: is checked instead (which suffices when every attitude is dominant, see the module docstring).
MAX_VERIFIED_DEVIATIONS = 1 << 13


class _Strategies(_AbcSequence):
    """The strategies of one firm, ``itertools.product((P, A), repeat=k)`` in that order, without
    materialising the 2^k tuples (index ``s``: bit ``k-1-t`` of ``s`` is 1 iff attitude ``t`` is A)."""

    def __init__(self, k: int) -> None:
        self.k = k

    def __len__(self) -> int:
        return 1 << self.k

    def __getitem__(self, s):
        if isinstance(s, slice):
            return [self[t] for t in range(*s.indices(len(self)))]
        if s < 0:
            s += len(self)
        if not 0 <= s < len(self):
            raise IndexError(s)
        return tuple(A if (s >> (self.k - 1 - t)) & 1 else P for t in range(self.k))

    def index(self, value, *args) -> int:
        value = tuple(value)
        if len(value) != self.k or any(x not in (P, A) for x in value):
            raise ValueError(f"{value!r} is not a strategy")
        out = 0
        for x in value:
            out = (out << 1) | (x == A)
        return out

    def __iter__(self):
        return iter(itertools.product((P, A), repeat=self.k))

    def __eq__(self, other) -> bool:
        return tuple(self) == tuple(other) if len(self) == len(other) else False

    def __repr__(self) -> str:
        return f"<{len(self)} strategies over {self.k} attitudes>"


class _Labels(_AbcSequence):
    """Strategy labels of one firm, computed on demand (see :class:`_Strategies`)."""

    def __init__(self, strategies: _Strategies, names: Sequence[str]) -> None:
        self.strategies, self.names = strategies, tuple(names)

    def __len__(self) -> int:
        return len(self.strategies)

    def __getitem__(self, s):
        if isinstance(s, slice):
            return [self[t] for t in range(*s.indices(len(self)))]
        return " ".join(f"{nm}:{x}" for nm, x in zip(self.names, self.strategies[s]))

    def __eq__(self, other) -> bool:
        return tuple(self) == tuple(other) if len(self) == len(other) else False

    def __repr__(self) -> str:
        return repr(tuple(self)) if len(self) <= 16 else f"<{len(self)} strategy labels>"


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class DominanceStep(Result):
    r"""Firm ``firm``'s attitude toward ``toward``: which one weakly dominates, and why.

    Attributes
    ----------
    firm, toward : str
        Firm labels.
    role : str
        ``"source"`` (toward a less advanced firm: P = share) or ``"receiver"`` (P = seek).
    dominant : str or None
        ``"P"``, ``"A"`` or ``None`` (no attitude dominates in every context).
    margins : tuple
        :math:`\Delta` = payoff(P) − payoff(A) in each context (other realised flows), partner willing
        (symbolic parameters without fees or policy: only the isolated context, the others being
        covered by the sign theorem of the module docstring).
    isolated_margin : number
        :math:`\Delta` when this is the only flow (the context that makes dominance strict).
    indifferent : bool
        True when the flow changes nobody's payoff in any context (e.g. the receiver stays out of
        the market): no attitude dominates; the one the theory predicts is reported.
    conditions : sympy.Boolean
        Where the stated dominance holds (symbolic parameters).
    """

    firm: str
    toward: str
    role: str
    dominant: str | None
    margins: tuple
    isolated_margin: Number
    indifferent: bool = False
    conditions: sp.Basic = sp.true


@rejects_text(choices=('method',), init=False)
@dataclass(frozen=True, repr=False)
class AttitudeEquilibrium(Result):
    r"""The attitude game solved: IEWDS survivor, Nash equilibria, the outcome and its welfare.

    Attributes
    ----------
    attitudes : tuple of (firm, toward, attitude)
        The surviving attitudes (Kuang & Zhang's pattern without fees or policy).
    profile : tuple of str
        Strategy labels of the surviving profile (one per firm).
    flows : tuple
        Realised flows (source, receiver), zero-based.
    outcome : DiffusionOutcome
        Market, payoffs and welfare after the realised flows.
    welfare : number
    dominance : tuple of DominanceStep
    nash_equilibria : tuple
        All pure Nash equilibria (strategy labels) for numeric games of at most 4096 profiles, else
        () — for symbolic games use :meth:`AttitudeGame.nash_conditions`.
    nash_flows : tuple
        The distinct realised-flow sets across those equilibria.
    max_deviation_gain : number
        Largest unilateral gain at the surviving profile (≤ 0 verifies it).
    conditions : sympy.Boolean
    method : str
    """

    attitudes: tuple
    profile: tuple
    flows: tuple
    outcome: Any
    welfare: Number
    dominance: tuple
    nash_equilibria: tuple
    nash_flows: tuple
    max_deviation_gain: Number
    conditions: sp.Basic = sp.true
    method: str = "dominance"


@rejects_text(choices=('liability',))
class AttitudeGame:
    r"""The finite attitude game of a :class:`TechnologyDiffusion` model (module docstring).

    Parameters
    ----------
    model : TechnologyDiffusion
    subsidy : number, default 0
        Per-flow subsidy :math:`s \ge 0` paid to the source of every realised flow.
    fine : number, default 0
        Fine :math:`f \ge 0` a source pays for each refusal (it is averse to a firm that seeks).
    liability : None, "profit" or number, default None
        Limited liability on the fines: a firm pays at most its cap, :math:`\min(f r_k, L_k)` for
        :math:`r_k` refusals. ``"profit"``: :math:`L_k` is its payoff before fines at the realised
        flows, floored at 0 (it cannot pay more than the market stage earns); a number: the same cap
        :math:`L` for every firm; ``None``: no cap. When a cap can bind the attitudes are solved on the
        normal form (the per-attitude margins assume a fine of :math:`f` per refusal).
    detection : number in (0, 1], default 1
        Probability :math:`p` that a refusal is detected (inspection): a firm expects to pay
        :math:`p\min(f r_k, L_k)`, which is also the expected revenue; :math:`p = 1` is certain
        detection.

    Examples
    --------
    Three tiers, one firm each: every firm has two relevant partners, so four strategies.

    >>> from gametheory.models.diffusion import TechnologyDiffusion
    >>> g = TechnologyDiffusion(10, 1, (1, 2, 3)).attitude_game()
    >>> g.strategy_labels[0]
    ('M:P G:P', 'M:P G:A', 'M:A G:P', 'M:A G:A')
    >>> g.flows((0, 0, 0))          # everybody willing: every pair's flow is realised
    ((0, 1), (0, 2), (1, 2))
    """

    def __init__(self, model, *, subsidy: Number = 0, fine: Number = 0, liability: Any = None,
                 detection: Number = 1) -> None:
        self.model = model
        self.subsidy = as_param(subsidy, "subsidy", nonnegative=True)
        self.fine = as_param(fine, "fine", nonnegative=True)
        self.detection = as_param(detection, "detection", positive=True)
        if self.detection.is_number and self.detection > 1:
            raise DomainError(f"detection is a probability in (0, 1], got {detection!r}")
        if liability is not None and not (isinstance(liability, str) and liability == "profit"):
            liability = as_param(liability, "liability", nonnegative=True)
        self.liability = liability
        n = model.n
        self.partners = tuple(tuple(j for j in range(n) if model.tiers[j] != model.tiers[i]) for i in range(n))
        # small games keep plain tuples; large ones enumerate strategies lazily (2^(n-1) per firm)
        small = all(len(pt) <= 12 for pt in self.partners)
        lazy = tuple(_Strategies(len(self.partners[i])) for i in range(n))
        self.strategies = tuple(tuple(st_) for st_ in lazy) if small else lazy
        lab = model.labels
        labels = tuple(_Labels(lazy[i], [lab[j] for j in self.partners[i]]) for i in range(n))
        self.strategy_labels = tuple(tuple(lb) for lb in labels) if small else labels
        self.symbolic = model.symbolic or bool(self.subsidy.free_symbols | self.fine.free_symbols)

    @cached_property
    def interior_conditions(self) -> sp.Basic:
        """Cournot validity in every flow pattern (symbolic: every firm produces; numeric: True).

        Symbolic models check all :math:`2^k` patterns of the :math:`k` eligible flows, at most
        :data:`MAX_CONTEXT_FLOWS` flows; numeric models need no enumeration (the market block
        finds the active set at every cost vector).
        """
        flows = self.model.eligible_flows
        if not self.model.symbolic:
            return sp.And(self.model.assumptions)
        if len(flows) > MAX_CONTEXT_FLOWS:
            raise DomainError(
                f"{self.model.n} firms have {len(flows)} eligible flows, 2^{len(flows)} flow patterns whose symbolic "
                f"interior conditions would be derived; this is done only up to {MAX_CONTEXT_FLOWS} flows. Substitute "
                "numbers for the parameters (numeric models need no such enumeration), or merge firms into fewer tiers")
        conds = [self.model.market_at(self.model.costs_after(sub))[4]
                 for r in range(len(flows) + 1) for sub in itertools.combinations(flows, r)]
        return sp.And(self.model.assumptions, *conds)

    # -- profiles --------------------------------------------------------------------------------
    def attitude(self, profile: Sequence[int], i: int, j: int) -> str:
        """Firm i's attitude toward firm j in a profile of strategy indices."""
        s = self.strategies[i][profile[i]]
        return s[self.partners[i].index(j)]

    def flows(self, profile: Sequence[int]) -> tuple:
        """Realised flows (source, receiver) of a profile (both willing)."""
        return tuple((i, j) for (i, j) in self.model.eligible_flows
                     if self.attitude(profile, i, j) == P and self.attitude(profile, j, i) == P)

    def refusals(self, profile: Sequence[int]) -> tuple:
        """Pairs (source, receiver) where the receiver seeks and the source refuses."""
        return tuple((i, j) for (i, j) in self.model.eligible_flows
                     if self.attitude(profile, i, j) == A and self.attitude(profile, j, i) == P)

    def index_of(self, attitudes: dict) -> tuple[int, ...]:
        """Profile indices from ``{(i, j): "P"/"A"}`` (missing entries default to A)."""
        prof = []
        for i in range(self.model.n):
            s = tuple(attitudes.get((i, j), A) for j in self.partners[i])
            prof.append(self.strategies[i].index(s))
        return tuple(prof)

    # -- payoffs ---------------------------------------------------------------------------------
    def _flow_payoffs(self, flows: tuple) -> tuple:
        cache = self.__dict__.setdefault("_pay_cache", {})
        if flows not in cache:
            out = self.model.outcome(flows)
            pay = list(out.payoffs)
            for (i, _j) in flows:
                pay[i] = pay[i] + self.subsidy
            cache[flows] = (tuple(pay), out)
        return cache[flows]

    def _liability_cap(self, k: int, payoff: Number) -> Any:
        """Most firm ``k`` can pay in fines when its payoff before fines is ``payoff`` (None: no cap)."""
        if self.liability is None:
            return None
        if isinstance(self.liability, str):
            return sp.Max(payoff, 0) if self.symbolic else max(payoff, sp.Integer(0))
        return self.liability

    def _fines_paid(self, profile: Sequence[int]) -> tuple:
        r"""Fines each firm pays at a profile, :math:`\min(f r_k, L_k)` under limited liability."""
        flows = self.flows(profile)
        pay = self._flow_payoffs(flows)[0]
        r = [0] * self.model.n
        for (i, _j) in self.refusals(profile):
            r[i] += 1
        out = []
        for k in range(self.model.n):
            due = self.fine * r[k]
            cap = self._liability_cap(k, pay[k]) if r[k] else None
            if cap is not None:
                due = sp.Min(due, cap) if self.symbolic else min(due, cap)
            out.append(self.detection * due)
        return tuple(out)

    def payoffs(self, profile: Sequence[int]) -> tuple:
        """Each firm's payoff at a profile (market profit ± fees − diffusion cost + subsidy − fines)."""
        flows = self.flows(profile)
        pay = list(self._flow_payoffs(flows)[0])
        if self.liability is None:
            for (i, _j) in self.refusals(profile):
                pay[i] = pay[i] - self.detection * self.fine
            return tuple(pay)
        return tuple(p - f for p, f in zip(pay, self._fines_paid(profile)))

    def public_outlay(self, profile: Sequence[int]) -> Number:
        """Net public outlay: subsidies paid minus fines collected (capped by limited liability)."""
        if self.liability is None:
            return self.subsidy * len(self.flows(profile)) - self.detection * self.fine * len(self.refusals(profile))
        return self.subsidy * len(self.flows(profile)) - sp.Add(*self._fines_paid(profile))

    def _cap_may_bind(self, i: int) -> bool:
        """Can limited liability cap firm ``i``'s fines at some profile (numeric games)?"""
        if self.liability is None or self.fine == 0 or self.symbolic:
            return False
        m = self.model
        r_max = sum(1 for j in self.partners[i] if m.tiers[i] < m.tiers[j])
        if r_max == 0:
            return False
        if not isinstance(self.liability, str):
            return bool(self.fine * r_max > self.liability)
        flows = m.eligible_flows
        if len(flows) > MAX_CONTEXT_FLOWS:
            return True
        low = min(self._flow_payoffs(tuple(sorted(S)))[0][i]
                  for r in range(len(flows) + 1) for S in itertools.combinations(flows, r))
        return bool(self.fine * r_max > low)

    @property
    def n_profiles(self) -> int:
        """Number of strategy profiles, :math:`\\prod_i 2^{k_i}` (exact Python int, never overflows)."""
        return math.prod(len(s) for s in self.strategies)

    @cached_property
    def game(self):
        """The :class:`~gametheory.core.normal_form.NormalFormGame` (small games only)."""
        from gametheory.core.normal_form import NormalFormGame

        if self.n_profiles > MAX_GAME_PROFILES:
            bits = self.n_profiles.bit_length() - 1
            raise DomainError(
                f"{self.model.n} firms -> 2^{bits} attitude profiles; the attitude game's normal form is built only up "
                f"to {MAX_GAME_PROFILES} = 2^16 profiles. Without it: laissez_faire / model.equilibrium() (weakly "
                "dominant attitudes, any number of firms when there is no fee, subsidy or fine), .dominance() and "
                ".margins(i, j) per pair, model.first_best() (planner) and model.coordinate(...) (purchase and "
                "mandate); nash_conditions() and the Nash list need the normal form")
        shape = tuple(len(s) for s in self.strategies)
        arrays = [np.empty(shape, dtype=object) for _ in range(self.model.n)]
        for prof in itertools.product(*[range(k) for k in shape]):
            for i, v in enumerate(self.payoffs(prof)):
                arrays[i][prof] = sp.expand(v) if self.symbolic else v
        return NormalFormGame(arrays, players=self.model.labels, strategies=self.strategy_labels)

    def prover(self, assumptions: Any = None):
        """A cached core ``Prover`` under the interior conditions (and extra ``assumptions``)."""
        from gametheory.core.normal_form import Prover

        cache = self.__dict__.setdefault("_provers", {})
        key = to_expr(assumptions) if assumptions is not None else None
        if key not in cache:
            cache[key] = Prover(sp.And(self.interior_conditions, key if key is not None else sp.true))
        return cache[key]

    def nash_conditions(self, assumptions: Any = None) -> dict:
        """Pure Nash equilibria with their conditions (core ``pure_equilibrium_conditions``).

        Symbolic games are decided under the interior conditions (and ``assumptions``); the dict
        maps strategy labels to a sympy Boolean (``True`` when proved) and omits every profile that
        is provably not an equilibrium.
        """
        g = self.game
        extra = sp.And(self.interior_conditions, assumptions if assumptions is not None else sp.true)
        conds = g.pure_equilibrium_conditions(assumptions=extra if self.symbolic else None)
        return {g.profile_labels(p): c for p, c in conds.items()}

    # -- dominance (the proof route) --------------------------------------------------------------
    def _context_payoff(self, i: int, flows: frozenset) -> Number:
        return self._flow_payoffs(tuple(sorted(flows)))[0][i]

    def margins(self, i: int, j: int, *, isolated_only: bool = False) -> tuple[str, tuple, Number]:
        r"""Role and the margins :math:`\Delta` = payoff(P) − payoff(A) of firm i toward j, per context.

        The first context is always the empty one (the flow in isolation); ``isolated_only`` skips
        the others.
        """
        m = self.model
        pair = (i, j) if m.tiers[i] < m.tiers[j] else (j, i)
        role = "source" if pair[0] == i else "receiver"
        others = [f for f in m.eligible_flows if f != pair]
        if not isolated_only and len(others) > MAX_CONTEXT_FLOWS:
            raise DomainError(
                f"firm {m.labels[i]} toward {m.labels[j]}: {len(others)} other flows give 2^{len(others)} contexts; "
                f"margins are enumerated only up to {MAX_CONTEXT_FLOWS} other flows ({m.n} firms). Pass "
                "isolated_only=True for the margin with no other flow, or, without fee, subsidy or fine, use "
                "dominance(), which then rests on the sign theorem and needs no enumeration")
        # the subsidy is already in the flow payoffs; the fine is paid only when refusing
        extra = self.detection * self.fine if role == "source" else 0
        out = []
        for r in range(1 if isolated_only else len(others) + 1):
            for ctx in itertools.combinations(others, r):
                base = frozenset(ctx)
                d = self._context_payoff(i, base | {pair}) - self._context_payoff(i, base) + extra
                out.append(sp.expand(d) if self.symbolic else d)
        return role, tuple(out), out[0]

    def dominance(self, assumptions: Any = None) -> tuple[DominanceStep, ...]:
        """Which attitude weakly dominates, firm by firm and partner by partner (module docstring)."""
        prover = self.prover(assumptions)
        lab = self.model.labels
        steps = []
        # Theorem (module docstring): with no fee, subsidy or fine, P(share) <= A and
        # P(seek) >= A in every context (weakly), so only strictness needs checking.
        no_policy = self.model.licence_fee == 0 and self.subsidy == 0 and self.fine == 0
        theorem = self.symbolic and no_policy
        # numeric games too large to enumerate the contexts rest on the same theorem
        if not theorem and no_policy and len(self.model.eligible_flows) - 1 > MAX_CONTEXT_FLOWS:
            theorem = True
        for i in range(self.model.n):
            capped = self._cap_may_bind(i)
            for j in self.partners[i]:
                if capped:      # the margins assume f per refusal; the normal form decides instead
                    role = "source" if self.model.tiers[i] < self.model.tiers[j] else "receiver"
                    steps.append(DominanceStep(lab[i], lab[j], role, None, (), sp.Integer(0), False, sp.true))
                    continue
                # symbolic theorem path: the other contexts are covered by the sign theorem
                role, ms, iso = self.margins(i, j, isolated_only=theorem)
                cond = sp.true
                dom: str | None
                if theorem:
                    dom = A if role == "source" else P
                    s_iso = prover.sign(iso) if self.symbolic else _num_sign(iso)
                    if (dom == A and s_iso != "neg") or (dom == P and s_iso != "pos"):
                        cond = (iso < 0) if dom == A else (iso > 0)
                    steps.append(DominanceStep(lab[i], lab[j], role, dom, ms, iso, False, cond))
                    continue
                signs = [prover.sign(d) if self.symbolic else _num_sign(d) for d in ms]
                nonneg = all(s in ("pos", "zero", "nonneg") for s in signs)
                nonpos = all(s in ("neg", "zero", "nonpos") for s in signs)
                any_pos = any(s == "pos" for s in signs)
                any_neg = any(s == "neg" for s in signs)
                if nonneg and any_pos:
                    dom = P
                elif nonpos and any_neg:
                    dom = A
                elif all(x == "zero" for x in signs):
                    dom = A if role == "source" else P
                    steps.append(DominanceStep(lab[i], lab[j], role, dom, ms, iso, True, cond))
                    continue
                elif self.symbolic:
                    # open: state the conditions for the direction the economics predicts
                    dom = A if role == "source" else P
                    rel = (lambda d: d <= 0) if dom == A else (lambda d: d >= 0)
                    cond = sp.And(*[rel(d) for d, s in zip(ms, signs) if s is None or s in ("nonneg", "nonpos")],
                                  (iso < 0) if dom == A else (iso > 0))
                else:
                    dom = None
                steps.append(DominanceStep(lab[i], lab[j], role, dom, ms, iso, False, cond))
        return tuple(steps)


def _num_sign(d) -> str:
    d = to_expr(d)
    if d > 0:
        return "pos"
    if d < 0:
        return "neg"
    return "zero"


@rejects_text(choices=('liability', 'select'))
def laissez_faire(model, *, subsidy: Number = 0, fine: Number = 0, assumptions: Any = None,
                  nash: bool = True, liability: Any = None, select: str = "best",
                  detection: Number = 1) -> AttitudeEquilibrium:
    r"""Solve the attitude game: weakly dominant attitudes, their outcome and the Nash equilibria.

    Parameters
    ----------
    model : TechnologyDiffusion
    subsidy, fine : number
        Coordinator's per-flow subsidy and per-refusal fine (0 = laissez-faire).
    assumptions : sympy Boolean, optional
        Extra facts on symbolic parameters (e.g. interior Cournot at every cost vector).
    nash : bool, default True
        Also list every pure Nash equilibrium (numeric games of at most 4096 profiles).
    liability : None, "profit" or number
        Limited liability on the fines (:class:`AttitudeGame`).
    select : {"best", "worst"}, default "best"
        Which surviving equilibrium (for welfare) is reported when iterated elimination leaves
        several; the coordinator uses ``"worst"`` (ties go against the government).
    detection : number in (0, 1], default 1
        Probability that a refusal is detected (:class:`AttitudeGame`).

    Notes
    -----
    When every attitude has a dominant value (always, without fees and policy: module docstring),
    the surviving profile is unique and is the answer. Otherwise (numeric parameters) the game's
    iterated elimination of weakly dominated strategies is run on the normal form
    (:meth:`NormalFormGame.iterated_elimination`, the core's simultaneous order); if it leaves
    several profiles, the one with the highest welfare among the surviving pure equilibria is
    reported and ``method`` says so.
    """
    if select not in ("best", "worst"):
        raise DomainError(f"select must be 'best' or 'worst', got {select!r}")
    game = AttitudeGame(model, subsidy=subsidy, fine=fine, liability=liability, detection=detection)
    steps = game.dominance(assumptions)
    n = model.n
    att = {}
    method = "weakly dominant attitudes"
    profile = None
    if all(s.dominant is not None for s in steps):
        idx = {lab: k for k, lab in enumerate(model.labels)}
        for s in steps:
            att[(idx[s.firm], idx[s.toward])] = s.dominant
        profile = game.index_of(att)
    else:
        if game.symbolic:
            raise DomainError("no dominant attitudes for these symbolic parameters; substitute numbers")
        g = game.game
        keep = [list(k) for k in g.iterated_elimination(weak=True).remaining_indices]
        survivors = list(itertools.product(*keep))
        eqs = [p for p in survivors if g.deviation_gain(p) <= 0]
        if not eqs:
            raise DomainError("iterated elimination left no pure equilibrium")
        method = "iterated elimination of weakly dominated strategies"
        if len(survivors) > 1:
            method += f" ({len(survivors)} survivors; the {select} for welfare reported)"
        sign = 1 if select == "best" else -1
        profile = max(eqs, key=lambda p: (sign * _welfare_of(game, p), tuple(-k for k in p)))
        att = {(i, j): game.attitude(profile, i, j) for i in range(n) for j in game.partners[i]}
    flows = game.flows(profile)
    out = game._flow_payoffs(flows)[1]
    # verification: no unilateral deviation gains (own strategies enumerated; for large games every
    # single-attitude deviation, which suffices when each attitude is dominant in every context)
    gains = []
    exhaustive = sum(len(s) for s in game.strategies) <= MAX_VERIFIED_DEVIATIONS
    if not exhaustive and method != "weakly dominant attitudes":   # pragma: no cover - IEWDS needs the game
        raise DomainError("the deviation check of a large attitude game needs dominant attitudes")
    for i in range(n):
        base = game.payoffs(profile)[i]
        devs: Sequence[int]
        if exhaustive:
            devs = range(len(game.strategies[i]))
        else:
            own = game.strategies[i][profile[i]]
            devs = [game.strategies[i].index(own[:t] + ((A if own[t] == P else P),) + own[t + 1:])
                    for t in range(len(own))]
        for k in devs:
            dev = list(profile)
            dev[i] = k
            gains.append(sp.expand(game.payoffs(tuple(dev))[i] - base))
    if not exhaustive:
        method += " (verified against every single-attitude deviation)"
    if game.symbolic:
        prover = game.prover(assumptions)      # shared cache: gains equal to proved margins are free
        open_gains = [g for g in gains if prover.sign(g) not in ("zero", "neg", "nonpos")]
        max_gain = sp.Max(*open_gains) if open_gains else sp.Integer(0)
    else:
        max_gain = max(gains)
    nash_equilibria: tuple[Any, ...] = ()
    nash_flows: tuple[Any, ...] = ()
    if nash and game.n_profiles <= 4096 and not game.symbolic:
        g = game.game
        eq = g.pure_equilibria()
        nash_equilibria = tuple(g.profile_labels(p) for p in eq)
        nash_flows = tuple(sorted({game.flows(p) for p in eq}))
    lab = model.labels
    attitudes = tuple((lab[i], lab[j], att[(i, j)]) for i in range(n) for j in game.partners[i])
    conds = sp.And(game.interior_conditions if game.symbolic else out.conditions, *[s.conditions for s in steps])
    return AttitudeEquilibrium(
        attitudes=attitudes,
        profile=tuple(game.strategy_labels[i][profile[i]] for i in range(n)),
        flows=flows, outcome=out, welfare=out.welfare, dominance=steps, nash_equilibria=nash_equilibria,
        nash_flows=nash_flows, max_deviation_gain=max_gain, conditions=conds, method=method,
    )


def _welfare_of(game: AttitudeGame, profile) -> float:
    return float(game._flow_payoffs(game.flows(profile))[1].welfare)


def compile_dominance_map(game: AttitudeGame, xs: sp.Symbol, ys: sp.Symbol, fixed: dict | None = None):
    """Lambdify every attitude margin of ``game`` in two symbols; returns ``evaluate(X, Y)``.

    ``evaluate`` maps two float arrays of equal shape to ``(status, names_flow, code)``; see
    :func:`dominance_map`. Compiling is symbolic work; evaluating is pure numpy.
    """
    fixed = fixed or {}
    model = game.model
    lab = model.labels
    funcs = {}
    for i in range(model.n):
        for j in game.partners[i]:
            _, ms, _ = game.margins(i, j)
            funcs[(i, j)] = [sp.lambdify((xs, ys), _horner(to_expr(d).subs(fixed), xs, ys), "numpy") for d in ms]

    def evaluate(X: np.ndarray, Y: np.ndarray):
        comp = {}
        for (i, j), fs in funcs.items():
            lo = hi = None
            for f in fs:
                v = np.asarray(f(X, Y), dtype=float)
                if v.shape != X.shape:
                    v = np.broadcast_to(v, X.shape)
                if lo is None or hi is None:       # the first margin (both are set together)
                    lo, hi = v.copy(), v.copy()
                else:
                    np.minimum(lo, v, out=lo)
                    np.maximum(hi, v, out=hi)
            assert lo is not None and hi is not None  # every attitude has at least one margin
            tol = 1e-12 * max(1.0, float(np.abs(hi).max()), float(np.abs(lo).max()))
            # +1: P dominant (all >= 0, some > 0); -1: A dominant; 0: context-dependent;
            # all zero (the flow changes nothing): the attitude the theory predicts
            zval = -1 if model.tiers[i] < model.tiers[j] else 1
            nonneg, nonpos = lo >= -tol, hi <= tol
            c = np.zeros(X.shape, dtype=np.int8)
            c[nonneg & ~nonpos] = 1
            c[nonpos & ~nonneg] = -1
            c[nonneg & nonpos] = zval
            comp[(i, j)] = c
        status = {}
        for (i, j) in model.eligible_flows:
            a_, b_ = comp[(i, j)], comp[(j, i)]
            st_ = np.zeros(X.shape, dtype=np.int8)
            st_[(a_ == 1) & (b_ == 1)] = 1
            st_[(a_ == -1) | (b_ == -1)] = -1
            status[f"{lab[i]}->{lab[j]}"] = st_
        names_flow = list(status)
        code = np.zeros(X.shape, dtype=np.int16)
        undecided = np.zeros(X.shape, dtype=bool)
        for k, name in enumerate(names_flow):
            code[status[name] == 1] += 1 << k
            undecided |= status[name] == 0
        code[undecided] = -1
        return status, names_flow, code

    return evaluate


def _horner(expr: sp.Expr, xs: sp.Symbol, ys: sp.Symbol) -> sp.Expr:
    """Horner form of a polynomial in (xs, ys) (10x faster to evaluate on big grids)."""
    try:
        return sp.horner(sp.Poly(sp.expand(expr), xs, ys).as_expr(), wrt=xs)
    except (sp.PolynomialError, sp.GeneratorsNeeded):
        return expr


def dominance_map(game: AttitudeGame, x: tuple, y: tuple, fixed: dict | None = None) -> dict:
    r"""Vectorised regime map of the attitude game over two parameters (``x``, ``y``).

    For every attitude (firm i toward firm j) the margins :math:`\Delta(R)` over all contexts are
    lambdified once; on the grid an attitude is *P-dominant* (all margins ≥ 0, one > 0),
    *A-dominant* (all ≤ 0, one < 0) or *context-dependent*. A flow is realised when both of its
    firms are P-dominant toward each other, blocked when either is A-dominant, and otherwise the
    grid point lies in a *coordination* region (the outcome depends on the other flows; several
    equilibria are possible).

    Parameters
    ----------
    game : AttitudeGame
        Symbolic in the two axis symbols (e.g. subsidy ``s`` and absorptive capacity ``beta``).
    x, y : (symbol, lo, hi, n)
    fixed : dict, optional
        Values for any other symbols.

    Returns
    -------
    dict with ``x``, ``y`` (1-d grids), ``status`` (per flow: int array (ny, nx), 1 realised,
    -1 blocked, 0 undecided), ``flows`` (flow labels), ``labels`` (int array: regime index) and
    ``names`` (regime names: realised flows, or "coordination" when any flow is undecided).
    """
    xs, xlo, xhi, nx = x
    ys, ylo, yhi, ny = y
    X, Y = np.meshgrid(np.linspace(float(xlo), float(xhi), int(nx)), np.linspace(float(ylo), float(yhi), int(ny)))
    status, names_flow, code = compile_dominance_map(game, xs, ys, fixed)(X, Y)
    uniq = sorted(np.unique(code).tolist(), key=lambda c: (c == -1, bin(c).count("1") if c >= 0 else 0, c))
    names = []
    for c in uniq:
        if c == -1:
            names.append("coordination (context-dependent)")
        else:
            fl = [names_flow[k] for k in range(len(names_flow)) if c >> k & 1]
            names.append(", ".join(fl) if fl else "no diffusion")
    labels = np.empty(code.shape, dtype=np.int64)
    for k, c in enumerate(uniq):
        labels[code == c] = k
    return {"x": X[0], "y": Y[:, 0], "status": status, "flows": names_flow, "labels": labels, "names": names}


#: Most distinct sign patterns :func:`iewds_map` solves by iterated elimination (one game each).
MAX_IEWDS_PATTERNS = 2000


@rejects_text
def iewds_map(game: AttitudeGame, x: tuple, y: tuple, fixed: dict | None = None) -> dict:
    r"""Outcome of iterated elimination of weakly dominated strategies over two parameters.

    One round of dominance (:func:`dominance_map`) leaves a *coordination* region where some
    attitude is not dominant; iterated elimination often still decides the outcome there. Iterated
    elimination depends only on the signs of every payoff comparison a firm makes (two of its own
    strategies against the same opponents' profile), so the grid is partitioned by that sign
    pattern and the core's :meth:`~gametheory.core.normal_form.NormalFormGame.iterated_elimination`
    is run once per pattern, on the numeric game at a representative grid point — exact on every
    cell, whatever the grid.

    Parameters
    ----------
    game : AttitudeGame
        Symbolic in the two axis symbols only (one firm per tier, at most 4096 profiles).
    x, y : (symbol, lo, hi, n)
    fixed : dict, optional
        Values for any other symbols.

    Returns
    -------
    dict with ``x``, ``y`` (1-d grids), ``labels`` (int array (ny, nx): outcome index) and
    ``names`` (the realised flows of the surviving profiles, "no diffusion", or "several outcomes
    survive: ..." when the survivors realise different flow sets).

    Raises
    ------
    DomainError
        More than 4096 profiles, or more than :data:`MAX_IEWDS_PATTERNS` sign patterns.
    """
    fixed = fixed or {}
    xs, xlo, xhi, nx = x
    ys, ylo, yhi, ny = y
    if game.n_profiles > 4096:
        raise DomainError(f"the attitude game has {game.n_profiles} profiles; iewds_map solves at most 4096")
    X, Y = np.meshgrid(np.linspace(float(xlo), float(xhi), int(nx)), np.linspace(float(ylo), float(yhi), int(ny)))
    n = game.model.n
    profiles = list(itertools.product(*[range(len(s)) for s in game.strategies]))
    pay = {p: game.payoffs(p) for p in profiles}
    cache: dict = {}

    def grid_value(expr):
        expr = sp.expand(to_expr(expr).subs(fixed))
        if expr not in cache:
            v = np.asarray(sp.lambdify((xs, ys), _horner(expr, xs, ys), "numpy")(X, Y), dtype=float)
            cache[expr] = np.broadcast_to(v, X.shape)
        return cache[expr]

    signs = []
    for i in range(n):
        k = len(game.strategies[i])
        others = [range(len(game.strategies[j])) for j in range(n) if j != i]
        for rest in itertools.product(*others):
            vals = []
            for s in range(k):
                prof = list(rest)
                prof.insert(i, s)
                vals.append(grid_value(pay[tuple(prof)][i]))
            for s1, s2 in itertools.combinations(range(k), 2):
                d = vals[s1] - vals[s2]
                tol = 1e-9 * np.maximum(1.0, np.abs(vals[s1]))
                signs.append(np.where(d > tol, 1, np.where(d < -tol, -1, 0)).astype(np.int8))
    pattern = np.stack([s.ravel() for s in signs], axis=1)
    uniq, first, inverse = np.unique(pattern, axis=0, return_index=True, return_inverse=True)
    if len(uniq) > MAX_IEWDS_PATTERNS:
        raise DomainError(f"{len(uniq)} sign patterns on this grid; at most {MAX_IEWDS_PATTERNS} are solved "
                          "(use a coarser grid or a smaller box)")
    lab = game.model.labels
    outcome_of = []
    for idx in first:
        # a numeric game with the pattern's payoff signs: the payoffs at the representative point
        r, c = np.unravel_index(idx, X.shape)
        pt = {xs: sp.Rational(float(X[r, c])), ys: sp.Rational(float(Y[r, c]))}
        table = {p: tuple(sp.expand(to_expr(v).subs(fixed).subs(pt)) for v in pay[p]) for p in profiles}
        g = _numeric_normal_form(game, table)
        keep = [list(k) for k in g.iterated_elimination(weak=True).remaining_indices]
        flow_sets = sorted({game.flows(p) for p in itertools.product(*keep)}, key=lambda f: (len(f), f))
        names = [", ".join(f"{lab[a]}->{lab[b]}" for a, b in f) or "no diffusion" for f in flow_sets]
        outcome_of.append(names[0] if len(names) == 1 else "several outcomes survive: " + " | ".join(names))
    names = sorted(set(outcome_of), key=lambda nm: (nm.startswith("several"), nm.count("->"), nm))
    code = np.array([names.index(o) for o in outcome_of], dtype=np.int64)
    labels = code[np.asarray(inverse).ravel()].reshape(X.shape)
    return {"x": X[0], "y": Y[:, 0], "labels": labels, "names": names}


def _numeric_normal_form(game: AttitudeGame, table: dict):
    """The attitude game's normal form with the given numeric payoff table."""
    from gametheory.core.normal_form import NormalFormGame

    n = game.model.n
    shape = tuple(len(s) for s in game.strategies)
    arrays = []
    for i in range(n):
        arr = np.empty(shape, dtype=object)
        for p, v in table.items():
            arr[p] = v[i]
        arrays.append(arr)
    return NormalFormGame(arrays, players=game.model.labels, strategies=game.strategy_labels)
