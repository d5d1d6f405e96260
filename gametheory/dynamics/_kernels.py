r"""Optional compiled kernels for :func:`~gametheory.dynamics.simulate`: its step and its loop (numba).

With the ``fast`` extra (``pip install "cluster-gametheory[fast]"``, i.e. numba, which ships
wheels and needs no compiler) a step's link- and firm-sized parts run as compiled loops:

* :func:`diffuse` — one pass over the recipient-major links (:class:`~gametheory.dynamics._layout.Links`)
  instead of six numpy passes, a mat-vec and a ``bincount``: the gap :math:`c_j - c_i` under
  consent, the count of flowing links, the cut :math:`w_j (c_j - c_i)`, the inflow of each
  recipient (summed from 0.0 over its sources ascending, as scipy's CSR mat-vec sums a row) and
  the outflow of each source (each cut scattered to its source while the rows are visited in
  ascending order: the links' position order, as ``np.bincount`` accumulates them);
* :func:`markets` — the padded Cournot blocks of :class:`~gametheory.dynamics._layout.Markets`:
  per segment the sorted costs, the prefix prices :math:`P_m = (a + S_m)/(m + 1)`, the largest
  :math:`m` with :math:`c_{(m)} < P_m`, quantities, profits and the segment's total, in the
  floating-point operations of :func:`gametheory.models.market.cournot_unchecked` and in the
  same order;
* the smaller ones: the gatekeepers' pull (:func:`pull_external`), the updating firms
  (:func:`updating`), Fermi imitation's neighbour and payoff difference (:func:`imitation`) and
  the copying of attitudes (:func:`adopt`);
* :func:`best_response` — best-response updating: each firm's loss from sharing, summed over its
  links in ``np.bincount``'s order;
* :func:`run` — the loop of a run, many steps per call (at :math:`10^3` firms Python's per-step
  calls cost more than the compiled work; a call returns every ~2·10^6 link- and firm-steps, so
  that Ctrl-C arrives within milliseconds): it calls the kernels above, draws numpy's stream
  through numba's ``Generator`` (the same bit generator), sums as ``ndarray.sum`` does
  (:func:`total`: numpy's pairwise order) and calls numpy's own ``exp`` loop through its address
  (:func:`numpy_exp`, :mod:`gametheory.dynamics._numpy_loops`), so no Python runs inside it.
  :func:`run_kernel` checks the stream, the sums and ``exp`` on the installed versions before
  the loop is used; should a check fail, or the segments be too uneven to pad, the step's
  kernels run one step per Python iteration.

All compute the same IEEE operations in the same order as the numpy path, so a run gives the
same floats bit for bit (tested on several clusters, seeds and rule sets); the numpy path stays
the reference and runs whenever numba is not installed, or when ``GAMETHEORY_PURE=1`` is set in
the environment before the first run, or :data:`enabled` is set to ``False``. No ``fastmath``:
it would let the compiler reorder sums.

Warm-up: the first use in a process imports numba (about 0.3 s) and either compiles the
kernels (about 4 s, and 1.5 s more for :func:`run` at its first call, once per machine: numba
caches the machine code next to this module or, when that directory is not writable, in its
user-wide cache directory) or loads them from that cache (about 0.4 s, and 0.05 s for
:func:`run`). If no cache directory is usable the kernels are compiled in memory each process;
nothing is raised or printed. A small run is over before the warm-up would pay for itself
(10^3 firms × 100 steps: 0.03 s in numpy), so :func:`~gametheory.dynamics.simulate` loads the
kernels only for runs of at least :data:`MIN_WORK` link-steps (undirected links × steps; the
compiled step saves about 35 ns per link-step) — or whenever they are already loaded in the
process, when they cost nothing more.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from types import ModuleType

__all__ = ["MIN_WORK", "enabled", "load", "run_kernel"]

#: Link-steps (undirected links × steps) from which a run loads the kernels: ~0.7 s of warm-up
#: (numba's import and the cached kernels) against ~35 ns saved per link-step.
MIN_WORK = 2 * 10**7

#: Use the compiled kernels when numba is installed (set to ``False`` to force the numpy path).
enabled: bool = os.environ.get("GAMETHEORY_PURE", "").strip() not in ("1", "true", "yes")

_compiled: ModuleType | None = None
_tried = False
_checked: tuple | bool | None = None      # run_kernel's check: the exp argument, False (failed), None (not yet)


def load(work: float = float("inf")) -> ModuleType | None:
    """The compiled kernels (a module of numba functions), or ``None`` for the numpy path.

    ``None`` when :data:`enabled` is ``False``, numba cannot be imported (or fails to build the
    kernels), or they are not loaded yet and ``work`` (link-steps) is below :data:`MIN_WORK`;
    the first loading call imports numba, later calls return the same module."""
    global _compiled, _tried
    if not enabled:
        return None
    if not _tried and work < MIN_WORK:
        return None
    if not _tried:
        _tried = True
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")       # numba's cache and deprecation notices stay internal
                from gametheory.dynamics import _numba_kernels
            _compiled = _numba_kernels
        except Exception:  # pragma: no cover - numba missing or broken: the numpy path runs
            _compiled = None
    return _compiled


def run_kernel(kernels: ModuleType) -> tuple[Callable, tuple] | None:
    """The compiled loop (``kernels.run``) and its ``exp`` argument, or ``None`` to run step by step.

    The loop reproduces ``ndarray.sum`` by numpy's pairwise summation, calls numpy's own ``exp``
    loop through its address (:func:`gametheory.dynamics._numpy_loops.exp_loop`) and draws
    through numba's ``Generator`` support; neither numpy nor numba promises the order, the layout
    or the stream these rely on. The first call therefore compares all three with numpy (sums on
    awkward inputs: every branch of the recursion, magnitudes 1e±13; exp where libm's differs,
    overflow, underflow, infinities, NaN; draws from two generators seeded alike, for PCG64 and
    MT19937), and on any difference the step-by-step kernels run instead."""
    global _checked
    if _checked is None:
        _checked = _check(kernels) or False
    return (kernels.run, _checked) if isinstance(_checked, tuple) else None


def _check(kernels: ModuleType) -> tuple | None:
    import numpy as np

    from gametheory.dynamics._numpy_loops import exp_loop

    rng = np.random.default_rng(20)
    for size in (0, 1, 7, 8, 9, 15, 16, 17, 127, 128, 129, 136, 1000, 4099, 65_543):
        values = rng.standard_normal(size) * np.exp(rng.uniform(-30.0, 30.0, size))
        if kernels.total(values) != values.sum():
            return None
    for bit_generator in (np.random.PCG64, np.random.MT19937):
        ours, theirs = np.random.Generator(bit_generator(7)), np.random.Generator(bit_generator(7))
        for size in (0, 1, 1000):
            if kernels.uniform_draws(ours, size).tobytes() != theirs.random(size).tobytes():
                return None
    loop = exp_loop()
    if loop is None:
        return None
    exp = (loop[0], loop[1], np.empty(5, dtype=np.int64))
    for values in (rng.uniform(-30.0, 30.0, 4099), rng.uniform(-800.0, 800.0, 1000),
                   np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 709.78, -745.2, 1e-300, 5e-324])):
        mine = values.copy()
        kernels.numpy_exp(mine, *exp)
        with np.errstate(over="ignore", under="ignore"):
            if mine.tobytes() != np.exp(values).tobytes():
                return None
    return exp
