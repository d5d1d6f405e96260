"""Ready-made clusters: tiers of leading, middle and lagging firms on a random sparse graph.

:func:`random_cluster` draws a cluster as the seed texts describe it — a few leading firms, a
middle tier and many lagging firms (shares ``tiers``), unit costs rising from the leading to the
lagging tier, local markets, and a sparse random graph of links with a given mean degree;
absorptive capacity is drawn by tier (:data:`ABSORPTIVE_CAPACITY`, an assumption that keeps seed
003's ranking). :func:`attitudes_by_tier` calibrates each tier's starting share of firms that
prefer diffusion from seed 000's path model and seed 003's cooperating share. Pass ``seed`` for a
reproducible draw (the figures and tests do).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import scipy.sparse as sps

from gametheory.core.params import DomainError, rejects_text
from gametheory.dynamics.cluster import Cluster

__all__ = ["ABSORPTIVE_CAPACITY", "SEED000_PATHS", "SEED003_COOPERATING", "attitudes_by_tier", "random_cluster"]


#: Absorptive capacity by tier (leading, middle, lagging): uniform draws on these ranges.
#: Seed 003 ranks, but does not measure, absorptive capacity: the leading firms (领军企业) are the
#: technology gatekeepers (技术守门员) with strong absorptive capacity (较强吸收能力) who identify,
#: absorb and diffuse outside knowledge first, while most firms learn by doing, using and
#: imitating. The ranges below are an *assumption* that keeps that ranking (leading > middle >
#: lagging, overlapping at the edges); their mean over the default tiers is 0.40 (the old
#: tier-blind uniform 0.3–0.9 draw had mean 0.6 for every firm).
ABSORPTIVE_CAPACITY = ((0.7, 1.0), (0.4, 0.8), (0.1, 0.5))

#: Seed 003 (Yuhuan valve cluster), Table 5: 13.33 % of surveyed firms cooperate with other firms
#: of the region on joint development, trade or finance (与区域内企业…进行合作).
SEED003_COOPERATING = 0.1333

#: Seed 000 (Lingang equipment cluster), Table 4, standardised direct effects: core-firm
#: attribute → technology power 0.209; technology power → local innovation networking −0.183.
SEED000_PATHS = (0.209, -0.183)


@rejects_text
def attitudes_by_tier(overall: float = SEED003_COOPERATING, leading: float = 0.05,
                      paths: tuple[float, float] = SEED000_PATHS) -> tuple[float, float, float]:
    r"""Starting probabilities of a sharing attitude for (leading, middle, lagging) firms.

    Calibration of seed 000's path model: being a core (leading) firm raises technology power
    (standardised path :math:`p_1 = 0.209`), which lowers local innovation networking
    (:math:`p_2 = -0.183`), so the standardised total effect of the core indicator :math:`D` on
    networking is :math:`p_1 p_2 = -0.0382`. Reading a sharing attitude as a standardised
    networking propensity :math:`Y = bD + \varepsilon` above a threshold :math:`\tau` (a probit;
    *assumption*), with :math:`D` a leader dummy of mean ``leading``:
    :math:`b = p_1 p_2 / \mathrm{sd}(D)`, :math:`\mathrm{sd}(\varepsilon) = \sqrt{1 - b^2 \mathrm{var}(D)}`,
    and :math:`\tau` solves
    :math:`\ell\,\bar\Phi((\tau - b)/\sigma_\varepsilon) + (1 - \ell)\,\bar\Phi(\tau/\sigma_\varepsilon) = ` ``overall``
    (by default seed 003's 13.33 % cooperating firms — a different cluster: an assumption that
    the two surveys describe one population). Returns
    :math:`(\bar\Phi((\tau - b)/\sigma_\varepsilon), \bar\Phi(\tau/\sigma_\varepsilon), \bar\Phi(\tau/\sigma_\varepsilon))`.

    Examples
    --------
    >>> [round(p, 3) for p in attitudes_by_tier()]     # leaders less willing; overall 13.33 %
    [0.101, 0.135, 0.135]
    """
    from scipy.optimize import brentq
    from scipy.stats import norm

    def real(x, name):
        if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, float, np.integer, np.floating)) \
                or not np.isfinite(float(x)):
            raise DomainError(f"{name} must be a finite real number, got {x!r:.40}")
        return float(x)

    overall, leading = real(overall, "overall"), real(leading, "leading")
    if not (isinstance(paths, (tuple, list)) and len(paths) == 2):
        raise DomainError(f"paths must be two standardised coefficients, got {paths!r:.60}")
    p1, p2 = (real(v, "paths") for v in paths)
    if not 0 < overall < 1 or not 0 < leading < 1:
        raise DomainError("overall and leading must lie strictly between 0 and 1")
    if abs(p1 * p2) >= 1:
        raise DomainError("paths must have |p1 p2| < 1 (standardised effects)")
    sd_d = math.sqrt(leading * (1 - leading))
    b = p1 * p2 / sd_d
    sd_e = math.sqrt(max(1 - b * b * sd_d * sd_d, 1e-12))

    def gap(tau):
        return leading * norm.sf((tau - b) / sd_e) + (1 - leading) * norm.sf(tau / sd_e) - overall

    tau = brentq(gap, -40, 40)
    lead, other = float(norm.sf((tau - b) / sd_e)), float(norm.sf(tau / sd_e))
    return lead, other, other


@rejects_text
def random_cluster(n: int, mean_degree: float = 6.0, *, tiers: tuple[float, float, float] = (0.05, 0.25, 0.70),
                   costs: tuple[float, float, float] = (1.0, 1.5, 2.0), share: Any = 1.0,
                   seek: float = 1.0, absorptive_capacity: Any = ABSORPTIVE_CAPACITY,
                   gatekeepers: float = 0.0, segment_size: int | None = 10, local_links: float = 0.5,
                   seed: Any = None) -> Cluster:
    """A cluster of ``n`` firms in three tiers, in local markets, on a sparse random graph.

    Parameters
    ----------
    n : int >= 1
    mean_degree : float >= 0
        Expected links per firm (edges sampled directly in sparse form: O(E) memory and time;
        repeated draws of the same pair merge, so slightly fewer).
    tiers : shares of leading, middle and lagging firms (sum to 1); each firm's tier is drawn
        independently.
    costs : unit costs of the three tiers
    share : probability that a firm starts willing to share — one for all firms, or three
        (leading, middle, lagging), e.g. from :func:`attitudes_by_tier` (seed 000's calibration)
    seek : probability that a firm starts willing to absorb
    absorptive_capacity : ((lo, hi) per tier) or one (lo, hi) for all tiers
        Uniform draws; the default :data:`ABSORPTIVE_CAPACITY` ranks leading > middle > lagging
        (seed 003; the numbers are an assumption, see there).
    gatekeepers : share of *leading* firms acting as technology gatekeepers (seed 003: the
        leading firms, with high absorptive capacity, link the cluster to outside knowledge)
    segment_size : int >= 1 or None
        Firms per product segment (consecutive blocks of firm ids; tiers are drawn independently,
        so each segment mixes tiers): each segment is its own Cournot market. ``None``: one market
        for the whole cluster (the static model's market at every scale).
    local_links : share of links drawn inside a firm's own segment (rivals know each other); the
        rest join uniformly random firms anywhere in the cluster
    seed : reproducibility
    """
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 1:
        raise DomainError(f"n must be a positive integer, got {n!r:.40}")
    if n > 10**9:
        raise DomainError(f"n = {n!r:.30} firms: at most 10^9 firms are drawn")
    def _real(x, name):
        if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, float, np.integer, np.floating)):
            raise DomainError(f"{name} must be a real number, got {type(x).__name__} {x!r:.40}")
        try:
            return float(x)
        except OverflowError:
            raise DomainError(f"{name} must fit a float, got {x!r:.40}") from None

    mean_degree = _real(mean_degree, "mean_degree")
    if mean_degree < 0 or not np.isfinite(mean_degree):
        raise DomainError("mean_degree must be >= 0")
    if n * mean_degree / 2 > 5e7:
        raise DomainError(f"n = {n} firms with mean_degree {mean_degree:g} would draw {n * mean_degree / 2:.3g} links; "
                          "at most 5e7 are drawn (lower mean_degree or n)")
    for name, v in (("tiers", tiers), ("costs", costs)):
        if not isinstance(v, (tuple, list, np.ndarray)) or len(v) != 3:
            raise DomainError(f"{name} must have three entries (leading, middle, lagging), got {v!r:.60}")
    tier_shares = [_real(t, "tiers") for t in tiers]
    tier_costs = [_real(c, "costs") for c in costs]
    if not all(np.isfinite(tier_costs)) or min(tier_costs) <= 0:
        raise DomainError(f"costs must be finite and > 0, got {tier_costs}")
    if not all(np.isfinite(tier_shares)) or abs(sum(tier_shares) - 1) > 1e-9 or min(tier_shares) < 0:
        raise DomainError("tier shares must be >= 0 and sum to 1")
    shares = share if isinstance(share, (tuple, list, np.ndarray)) else (share, share, share)
    if len(shares) != 3:
        raise DomainError(f"share must be a probability or three (leading, middle, lagging), got {share!r:.60}")
    for p in shares:
        if not 0 <= _real(p, "share") <= 1:
            raise DomainError("share must be a probability in [0, 1]")
    share_by_tier = np.array([float(p) for p in shares])
    for name, p in (("seek", seek), ("gatekeepers", gatekeepers), ("local_links", local_links)):
        if not 0 <= _real(p, name) <= 1:
            raise DomainError(f"{name} must be a probability in [0, 1]")
    if segment_size is not None and (isinstance(segment_size, (bool, np.bool_))
                                     or not isinstance(segment_size, (int, np.integer)) or segment_size < 1):
        raise DomainError(f"segment_size must be None or a positive integer, got {segment_size!r:.40}")
    beta_ranges = _beta_ranges(absorptive_capacity, _real)
    if seed is not None and (isinstance(seed, (bool, np.bool_)) or not isinstance(
            seed, (int, np.integer, np.random.Generator, np.random.SeedSequence, np.random.BitGenerator))):
        raise DomainError(f"seed must be None, a non-negative integer or a numpy Generator/SeedSequence, got {seed!r:.40}")
    try:
        rng = np.random.default_rng(seed)
    except (TypeError, ValueError) as exc:
        raise DomainError(f"seed: {exc}") from None
    size = n if segment_size is None else int(min(segment_size, n))
    segments = np.arange(n, dtype=np.int64) // size
    m = int(round(n * mean_degree / 2))
    if n > 1 and m:
        m_local = int(round(m * local_links)) if size > 1 else 0
        i = rng.integers(0, n, size=m)
        j = rng.integers(0, n - 1, size=m)
        if m_local:
            # the first m_local links join a firm to another firm of its own segment
            il = i[:m_local]
            lo = segments[il] * size
            width = np.minimum(lo + size, n) - lo                  # the last segment may be smaller
            ok = width > 1
            jl = lo + (rng.random(m_local) * (width - 1)).astype(np.int64)
            jl = jl + (jl >= il)
            j[:m_local] = np.where(ok, jl, j[:m_local] + (j[:m_local] >= il))
            j[m_local:] = j[m_local:] + (j[m_local:] >= i[m_local:])
        else:
            j = j + (j >= i)                                       # no self-loops
        A = sps.coo_array((np.ones(m, dtype=np.int8), (i, j)), shape=(n, n)).tocsr()
    else:
        A = sps.csr_array((n, n), dtype=np.int8)
    tier = rng.choice(3, size=n, p=list(tier_shares))
    tier[0] = 0                                   # at least one leader
    c = np.asarray(tier_costs, dtype=float)[tier]
    lo_hi = np.asarray(beta_ranges)[tier]
    beta = rng.uniform(lo_hi[:, 0], lo_hi[:, 1])
    gate = (tier == 0) & (rng.random(n) < gatekeepers)
    return Cluster(A, costs=c, share=rng.random(n) < share_by_tier[tier], seek=rng.random(n) < seek,
                   absorptive_capacity=beta, gatekeepers=gate, innovators=tier == 0, segments=segments)


def _beta_ranges(spec: Any, real) -> tuple:
    """((lo, hi),) * 3 from one (lo, hi) or three, each within [0, 1] and lo <= hi."""
    if not isinstance(spec, (tuple, list, np.ndarray)) or len(spec) not in (2, 3):
        raise DomainError(f"absorptive_capacity must be (lo, hi) or three (lo, hi) ranges by tier, got {spec!r:.60}")
    if len(spec) == 2 and not isinstance(spec[0], (tuple, list, np.ndarray)):
        spec = (spec, spec, spec)
    if len(spec) != 3:
        raise DomainError(f"absorptive_capacity must be (lo, hi) or three (lo, hi) ranges by tier, got {spec!r:.60}")
    out = []
    for r in spec:
        if not isinstance(r, (tuple, list, np.ndarray)) or len(r) != 2:
            raise DomainError(f"absorptive_capacity ranges must be (lo, hi) pairs, got {r!r:.60}")
        lo, hi = real(r[0], "absorptive_capacity"), real(r[1], "absorptive_capacity")
        if not 0 <= lo <= hi <= 1:
            raise DomainError(f"absorptive_capacity ranges need 0 <= lo <= hi <= 1, got ({lo}, {hi})")
        out.append((lo, hi))
    return tuple(out)
