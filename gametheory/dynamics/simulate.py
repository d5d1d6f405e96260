r"""The innovation → diffusion → innovation cycle on a network of firms.

One step of :func:`simulate` (all firms at once, :math:`O(E)` vectorised work on layouts built
once per run, :mod:`gametheory.dynamics._layout`: the links in recipient-major CSR order, the
segments as padded blocks of Cournot markets):

1. **Innovation** (seed 002's first movers). Each innovator succeeds with probability
   ``innovation_rate`` and cuts its cost by the factor ``1 - innovation_size``.
2. **Diffusion** along consenting links (DESIGN Model 1's diffusion matrix). For a link
   :math:`i \to j` with :math:`c_i < c_j`, source willing to share and recipient willing to seek,
   :math:`\theta_{ij} = r/d_j` (``diffusion_rate`` :math:`r \le 1` split over the recipient's
   :math:`d_j` links, so :math:`\sum_i \theta_{ij} \le 1`), and
   :math:`c_j' = c_j - \beta_j \sum_i \theta_{ij}(c_j - c_i)`: a convex combination, so costs
   never fall below the best source's.
3. **Gatekeepers** (seed 003) draw on outside knowledge:
   :math:`c_j' \leftarrow c_j' - \beta_j\,e\,(c_j' - c^{ext})^+` with ``external_rate`` :math:`e`
   and an external frontier :math:`c^{ext}` that improves by ``external_growth`` per step.
4. **Attitudes** are revised by a fraction ``update_probability`` of firms, either by imitation
   (``"fermi"``: copy a random neighbour's attitudes with probability
   :math:`1/(1 + e^{-\kappa(\pi_{nbr} - \pi_i)})`, Szabó & Tőke 1998; Traulsen et al. 2006) or
   by best response (``"best_response"``) to the Cournot payoffs of the diffusion model: a firm
   shares iff the subsidy plus the fine covers what sharing costs it — the marginal profit loss
   from the cost cuts of its *rivals* (linked firms active in its own segment),
   :math:`\sum_{j} \frac{2 q_i}{m_s+1}\,\Delta c_j` (the :math:`\partial\pi_i/\partial c_j =
   2q_i/(m_s+1)` of :mod:`gametheory.models.market`, Kuang & Zhang's competitive reason for
   aversion), plus the sharing cost :math:`\sigma \sum_j \Delta c_j` of everything it transmits.

**Local markets.** Every firm sells in its segment ``cluster.segments[i]``; each segment is its
own Cournot market :math:`P_s = a - bQ_s` with its own active set of :math:`m_s` firms, solved
for all segments at once by :func:`gametheory.models.market.cournot_segments`. Competition is
local, so a firm's profit depends on its segment rivals' costs at any cluster size (with one
market for thousands of firms only the leading tier would produce and
:math:`\partial\pi_i/\partial c_j` would vanish like :math:`1/m`); one segment of three firms is
the static three-tier game of :class:`gametheory.models.market.Cournot` (tested). Knowledge
flows along links whatever the segments: sharing with a firm of another segment costs no profit.

Payoffs per step: the firm's Cournot profit, plus ``subsidy`` for a sharing attitude, minus
``fine`` for an averse one, minus the **sharing cost** :math:`\sigma` (``sharing_cost``) times the
cost reductions it transmits in the step, :math:`\sigma\sum_j \beta_j\theta_{ij}(c_j - c_i)`:
charged per link and period in proportion to the knowledge that flows, in money per unit of
unit-cost reduction (i.e. units of output — comparable to :math:`2q_i/(m_s+1)`, the competitive
loss per unit of a rival's cost cut). It vanishes once gaps close, so a converged cluster pays
nothing for links along which nothing material flows. Welfare per step: the segments'
:math:`CS + PS` minus the sharing costs minus ``shadow_cost`` × the public outlay.

**Speed.** With the ``fast`` extra (numba) a large run is compiled
(:mod:`gametheory.dynamics._kernels`): the loop itself runs compiled, many steps per call (it
draws numpy's random stream, sums in numpy's pairwise order and calls numpy's own ``exp``; it
returns to Python every ~2·10^6 link- and firm-steps, so Ctrl-C stops it within a fraction of a
second), with the same floating-point operations in the same order, so the same :class:`Run` bit
for bit. A step then costs 2.1–3.0 sparse mat-vecs on the same graph at :math:`10^3`–:math:`10^6`
firms (the numpy path 7–19). Runs under :data:`~gametheory.dynamics._kernels.MIN_WORK`
link-steps stay on numpy unless the kernels are already loaded (their warm-up, ~0.7 s per
process, would cost more than it saves); ``GAMETHEORY_PURE=1`` forces the numpy path.

Mean-field check: with payoffs that differ only by the policy, Fermi imitation on a well-mixed
cluster moves the share :math:`x` of sharing firms by
:math:`u\,x(1-x)\tanh(\kappa\Delta/2)` per step — the replicator equation with a rescaled clock.

References
----------
.. [1] Szabó, G. & Tőke, C. (1998). Evolutionary prisoner's dilemma game on a square lattice. Phys. Rev. E 58, 69.
.. [2] Traulsen, A., Nowak, M. A. & Pacheco, J. M. (2006). Stochastic dynamics of invasion and fixation. Phys. Rev. E 74, 011909.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from gametheory.core.params import DomainError, rejects_text
from gametheory.core.results import Result
from gametheory.dynamics import _kernels
from gametheory.dynamics.cluster import Cluster
from gametheory.dynamics._layout import Links, Markets

__all__ = ["Rules", "Run", "simulate"]


@rejects_text(choices=('update_rule',))
@dataclass(frozen=True)
class Rules:
    """Parameters of the network dynamics (see the module docstring for the mechanics).

    All rates and probabilities must lie in [0, 1]; costs, subsidies and fines must be >= 0.
    ``demand=(a, b)``: every segment's Cournot market :math:`P_s = a - bQ_s`; by default ``a`` is
    twice the highest initial cost and ``b = 1``. Money amounts (profits, ``subsidy``, ``fine``,
    welfare) are per step in the units of :math:`a`/:math:`b`; ``sharing_cost`` is money per unit
    of unit-cost reduction transmitted (module docstring).
    """

    innovation_rate: float = 0.0
    innovation_size: float = 0.1
    diffusion_rate: float = 0.5
    external_rate: float = 0.0
    external_frontier: float | None = None
    external_growth: float = 0.0
    update_rule: str | None = None
    update_probability: float = 0.1
    intensity: float = 1.0
    demand: tuple[float, float] | None = None
    subsidy: float = 0.0
    fine: float = 0.0
    sharing_cost: float = 0.0
    shadow_cost: float = 0.0

    def __post_init__(self) -> None:
        for name in ("innovation_rate", "innovation_size", "diffusion_rate", "external_rate",
                     "external_growth", "update_probability"):
            v = getattr(self, name)
            if not isinstance(v, (int, float)) or not math.isfinite(v) or not 0 <= v <= 1:
                raise DomainError(f"{name} must be a probability/rate in [0, 1], got {v!r}")
        for name in ("intensity", "subsidy", "fine", "sharing_cost", "shadow_cost"):
            v = getattr(self, name)
            if not isinstance(v, (int, float)) or not math.isfinite(v) or v < 0:
                raise DomainError(f"{name} must be a finite number >= 0, got {v!r}")
            # floats, so that every path does float arithmetic (Python's exact integers would
            # round differently from the compiled run past 2**53)
            object.__setattr__(self, name, float(v))
        if self.update_rule not in (None, "fermi", "best_response"):
            raise DomainError(f"update_rule must be None, 'fermi' or 'best_response', got {self.update_rule!r}")
        if self.external_frontier is not None and not (self.external_frontier > 0):
            raise DomainError("external_frontier must be > 0")
        if self.demand is not None:
            a, b = self.demand
            if not (math.isfinite(a) and math.isfinite(b) and b > 0):
                raise DomainError("demand must be (a, b) with finite a and b > 0")


@rejects_text(init=False)
@dataclass(frozen=True, repr=False)
class Run(Result):
    """Time series of one simulation (length ``steps + 1``) and the final state.

    Attributes
    ----------
    gap : capability gap :math:`1 - \\min_i c_i / \\bar c` (0 = everyone at the frontier)
    frontier, mean_cost : lowest and average unit cost
    diffusion_events : realised flows (directed links) in each step (0 at t = 0)
    innovations : successful innovations in each step
    share_preference, seek_preference : shares of firms with a preference attitude
    producing : share of firms with a positive quantity in their segment's market
    welfare : CS + PS of all segments − sharing costs − shadow cost × outlay; ``public_outlay``:
        subsidies − fines
    final_costs, final_share, final_seek, final_profits : the state after the last step
    seed : the seed that reproduces the run
    """

    gap: np.ndarray
    frontier: np.ndarray
    mean_cost: np.ndarray
    diffusion_events: np.ndarray
    innovations: np.ndarray
    share_preference: np.ndarray
    seek_preference: np.ndarray
    welfare: np.ndarray
    public_outlay: np.ndarray
    final_costs: np.ndarray
    final_share: np.ndarray
    final_seek: np.ndarray
    producing: np.ndarray | None = None        # None only for a Run built by hand; simulate sets both
    final_profits: np.ndarray | None = None
    seed: Any = None

    def __repr__(self) -> str:
        return (f"Run(steps={self.gap.size - 1}, firms={self.final_costs.size}, final gap={self.gap[-1]:.4g}, "
                f"frontier={self.frontier[-1]:.4g}, share preference={self.share_preference[-1]:.3g}, seed={self.seed})")


@rejects_text
def simulate(cluster: Cluster, rules: Rules, steps: int, *, seed: Any = None, progress: bool = False) -> Run:
    """Run the network dynamics for ``steps`` steps (reproducible with ``seed``).

    Parameters
    ----------
    cluster : Cluster
    rules : Rules
    steps : int >= 0
    seed : int or numpy SeedSequence, optional
    progress : bool
        Show a tqdm progress bar (if tqdm is installed).

    Returns
    -------
    Run
    """
    if not isinstance(steps, (int, np.integer)) or steps < 0:
        raise DomainError(f"steps must be a non-negative integer, got {steps!r}")
    rng = np.random.default_rng(seed)
    n = cluster.n_firms
    costs = cluster.costs.astype(float).copy()
    share = cluster.share.copy()
    seek = cluster.seek.copy()
    a, b = rules.demand if rules.demand is not None else (2.0 * float(costs.max()), 1.0)
    if a <= costs.min():
        raise DomainError(f"demand intercept a={a} must exceed the lowest cost {costs.min()}: no firm can serve the market")
    external = rules.external_frontier if rules.external_frontier is not None else float(costs.min())
    innovators = np.nonzero(cluster.innovators)[0]
    deg = cluster.degree
    gatekeepers = np.nonzero(cluster.gatekeepers)[0].astype(np.int64)
    pull = cluster.absorptive_capacity[gatekeepers] * rules.external_rate        # beta_g e
    # numba's kernels (the same floats) for a run large enough to pay their warm-up, else numpy
    compiled = _kernels.load(work=cluster.n_links * steps) is not None
    links = Links(cluster, rules.diffusion_rate, compiled=compiled)
    kernels = links.kernels
    markets = Markets(cluster.segments, a, b, costs, compiled=compiled)
    series = {name: np.zeros(steps + 1) for name in SERIES}
    seed_label = seed if isinstance(seed, (int, type(None))) else str(seed)
    market: dict = {}
    bar = None
    if progress:
        try:
            from tqdm.auto import tqdm

            bar = tqdm(total=steps, desc="cluster dynamics", unit="step")
        except ImportError:  # pragma: no cover - optional
            bar = None
    loop = _kernels.run_kernel(kernels) if kernels is not None and markets.compiled else None
    if loop is not None:      # the loop compiled: the same floats
        profits = _compiled_run(loop, rng, cluster, rules, steps, costs, share, seek, external, links, markets,
                                innovators, gatekeepers, pull, series, bar)
        return Run(**series, final_costs=costs, final_share=share, final_seek=seek, final_profits=profits,
                   seed=seed_label)

    same_segment = (cluster.segments[links.source] == cluster.segments[links.recipient]
                    if rules.update_rule == "best_response" else None)

    def record(t: int, events: int, innovations: int, sharing_paid: float) -> np.ndarray:
        market.clear()
        market.update(markets.solve(costs))
        profits = market["profits"]
        mean, low, sharing = costs.sum() / n, costs.min(), np.count_nonzero(share)           # sum / n: np.mean's arithmetic
        series["gap"][t] = 1.0 - low / mean
        series["frontier"][t] = low
        series["mean_cost"][t] = mean
        series["diffusion_events"][t] = events
        series["innovations"][t] = innovations
        series["share_preference"][t] = sharing / n
        series["seek_preference"][t] = np.count_nonzero(seek) / n
        producing = market["producing"] if "producing" in market else np.count_nonzero(market["quantities"] > 0)
        series["producing"][t] = float(producing) / n
        outlay = rules.subsidy * sharing - rules.fine * (n - sharing)
        series["public_outlay"][t] = outlay
        series["welfare"][t] = (float(market["consumer_surplus"].sum()) + float(profits.sum()) - sharing_paid
                                - rules.shadow_cost * outlay)
        return profits

    profits = record(0, 0, 0, 0.0)
    # the compiled path's reused buffers (empty on the numpy path): the updating firms (a prefix), imitation's
    size = n if kernels is not None else 0
    buffer = np.empty(size, dtype=np.int64)
    scratch = (np.empty(size, dtype=np.int64), np.empty(size), np.empty(size, dtype=bool), np.empty(size, dtype=bool))
    for t in range(1, steps + 1):
        # 1. innovation
        innovated = 0
        if rules.innovation_rate > 0 and innovators.size:
            hit = innovators[rng.random(innovators.size) < rules.innovation_rate]
            costs[hit] *= 1.0 - rules.innovation_size
            innovated = int(hit.size)
        # 2. diffusion along consenting links (synchronous: all flows use the costs before the step)
        # sharing cost: sigma per unit of cost reduction each firm transmits this step
        events, transmitted = links.diffuse(costs, share, seek, outflow=bool(rules.sharing_cost))
        paid = rules.sharing_cost * transmitted if transmitted is not None else None
        # 3. gatekeepers pull toward the external frontier
        external *= 1.0 - rules.external_growth
        if rules.external_rate > 0 and gatekeepers.size:
            if kernels is not None:
                kernels.pull_external(costs, gatekeepers, pull, external)
            else:
                costs[gatekeepers] -= pull * np.maximum(costs[gatekeepers] - external, 0.0)
        profits = record(t, events, innovated, 0.0 if paid is None else float(paid.sum()))
        # 4. attitudes
        if rules.update_rule is not None and rules.update_probability > 0:
            if kernels is not None:
                updating = buffer[:kernels.updating(rng.random(n), float(rules.update_probability), links.degree,
                                                    buffer)]
            else:
                updating = np.nonzero((rng.random(n) < rules.update_probability) & (deg > 0))[0]
            if rules.update_rule == "fermi":
                _imitate(links, updating, profits, paid, share, seek, rules, rng, kernels, scratch)
            else:
                share[updating] = _best_response_share(cluster, links, costs, seek, market, markets, same_segment,
                                                       rules)[updating]
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return Run(**series, final_costs=costs, final_share=share, final_seek=seek, final_profits=profits.copy(),
               seed=seed_label)


SERIES = ("gap", "frontier", "mean_cost", "diffusion_events", "innovations", "share_preference", "seek_preference",
          "welfare", "public_outlay", "producing")
"""The series of a :class:`Run`, in the order of the compiled loop's rows (``_numba_kernels.run``)."""

STRETCH = 2 * 10**6
"""Link- and firm-steps per call of the compiled loop (about 20 ms at 10 ns each)."""


def _compiled_run(loop: tuple, rng: np.random.Generator, cluster: Cluster, rules: Rules, steps: int, costs: np.ndarray,
                  share: np.ndarray, seek: np.ndarray, external: float, links: Links, markets: Markets,
                  innovators: np.ndarray, gatekeepers: np.ndarray, pull: np.ndarray, series: dict,
                  bar: Any) -> np.ndarray:
    """The run's loop compiled (``loop`` = ``_numba_kernels.run`` and its ``exp`` argument, from
    :func:`~gametheory.dynamics._kernels.run_kernel`): fills ``series`` and the state in place,
    returns the final profits.

    One call per stretch of about :data:`STRETCH` link- and firm-steps (tens of milliseconds), or
    a hundredth of the run with a progress bar, whichever is shorter. No Python runs inside a
    call, so an interrupt (Ctrl-C) or an exception raised asynchronously (``time_limit``) arrives
    between calls; each call costs some 15 µs."""
    run, exp = loop
    n = cluster.n_firms
    table = np.zeros((len(series), steps + 1))
    q, profits = np.empty(n), np.empty(n)
    rule = {None: 0, "fermi": 1, "best_response": 2}[rules.update_rule] if rules.update_probability > 0 else 0
    scratch = (np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64), np.empty(n), np.empty(n, dtype=bool),
               np.empty(n, dtype=bool), np.empty(n), np.empty(markets.n_segments))
    want_out = bool(rules.sharing_cost)
    stretch = max(1, STRETCH // (cluster.n_links + n))
    if bar is not None:
        stretch = min(stretch, max(1, (steps + 1) // 100))
    innovators = innovators.astype(np.int64)
    try:
        for first in range(0, steps + 1, stretch):
            last = min(first + stretch, steps + 1)
            with rng.bit_generator.lock:      # as numpy's own draws hold it: the generator may be shared
                external = run(rng, int(first), int(last), float(external), costs, share, seek, innovators,
                               float(rules.innovation_rate), 1.0 - rules.innovation_size, links.kernel_arrays(),
                               want_out, float(rules.external_growth), float(rules.external_rate), gatekeepers, pull,
                               markets.kernel_arrays(q, profits), markets.block, markets.in_order, markets.a, markets.b,
                               rule, float(rules.update_probability), rules.intensity, rules.subsidy, rules.fine,
                               rules.sharing_cost, rules.shadow_cost, exp, scratch, table)
            if bar is not None:
                bar.update(last - max(first, 1))
    finally:
        if bar is not None:
            bar.close()
    invalid = np.geterr()["invalid"]
    if invalid != "ignore" and np.isnan(table[0]).any():     # as numpy's 0/0 on the numpy path
        message = "invalid value encountered in scalar divide (the gap 1 - min/mean, once every cost is 0)"
        if invalid == "raise":
            raise FloatingPointError(message)
        warnings.warn(message, RuntimeWarning, stacklevel=4)
    series.update(zip(SERIES, table))
    return profits


def _imitate(links: Links, updating: np.ndarray, profits: np.ndarray, paid: np.ndarray | None, share: np.ndarray,
             seek: np.ndarray, rules: Rules, rng: np.random.Generator, kernels: Any, scratch: tuple) -> None:
    r"""Fermi imitation: each updating firm :math:`i` copies a random neighbour :math:`m`'s attitudes
    with probability :math:`1/(1 + e^{-\kappa(u_m - u_i)})`, where :math:`u = \pi + \text{subsidy}[s]
    - \text{fine}[\neg s] - \sigma\,\text{transmitted}`. Updates ``share``/``seek`` in place.
    ``kernels``: the compiled kernels or None (numpy); with them ``scratch`` holds four firm-sized
    buffers (the models, the advantages, the models' attitudes) that a run reuses."""
    deg = links.degree
    if kernels is not None:                    # the neighbour, u_m - u_i and the copying compiled; the same floats
        size = updating.size
        model, advantage, copied_share, copied_seek = (part[:size] for part in scratch)
        kernels.imitation(updating, rng.random(size), links.indptr, deg, links.indices, profits, share,
                          profits if paid is None else paid, paid is not None, float(rules.subsidy),
                          float(rules.fine), model, advantage)
        p = advantage                          # 1 / (1 + exp(-kappa (u_m - u_i))), in place
        np.multiply(-rules.intensity, advantage, out=p)
        np.exp(p, out=p)
        np.add(1.0, p, out=p)
        np.divide(1.0, p, out=p)
        kernels.adopt(updating, model, rng.random(size), p, share, seek, copied_share, copied_seek)
        return

    def payoff(firms: np.ndarray) -> np.ndarray:
        u = profits[firms] + np.where(share[firms], rules.subsidy, -rules.fine)
        if paid is not None:
            u -= paid[firms]
        return u

    pick = links.indptr[updating] + (rng.random(updating.size) * deg[updating]).astype(np.int64)
    model = links.source[pick]
    p = 1.0 / (1.0 + np.exp(-rules.intensity * (payoff(model) - payoff(updating))))
    copy = rng.random(updating.size) < p
    who, whom = updating[copy], model[copy]
    share[who], seek[who] = share[whom], seek[whom]


def _best_response_share(cluster: Cluster, links: Links, costs: np.ndarray, seek: np.ndarray, market: dict,
                         markets: Markets, same_segment: Any, rules: Rules) -> np.ndarray:
    """Share iff subsidy + fine covers what sharing with every willing neighbour would cost
    (:func:`_sharing_losses`)."""
    return rules.subsidy + rules.fine >= _sharing_losses(cluster, links, costs, seek, market, markets, same_segment,
                                                         rules.sharing_cost)


def _sharing_losses(cluster: Cluster, links: Links, costs: np.ndarray, seek: np.ndarray, market: dict,
                    markets: Markets, same_segment: Any, sharing_cost: float) -> np.ndarray:
    r"""What sharing with every willing neighbour would cost each firm.

    The loss of firm :math:`i` is :math:`\sum_j (\frac{2q_i}{m_s+1}[j \text{ a rival}] + \sigma)\,\Delta c_j`
    over the neighbours :math:`j` it would teach, where a rival is active in :math:`i`'s segment
    (:math:`\partial\pi_i/\partial c_j = 2q_i/(m_s+1)` on the active set; a cut to an inactive
    firm is first-order harmless) and :math:`\sigma` is the sharing cost per unit transmitted.
    """
    q = market["quantities"]
    m = markets.firms_active(market)
    seg = cluster.segments
    links.flows(costs, np.ones_like(seek), seek)              # what every link would carry if all shared
    cut = links.cut
    src, dst = links.source, links.recipient
    rival = same_segment & (q[dst] > 0)
    per_unit = np.where(rival, 2.0 * q[src] / (m[seg[src]] + 1), 0.0) + sharing_cost
    return links.outflow(per_unit * cut)
