"""The numba kernels of :mod:`gametheory.dynamics._kernels` (imported only through its ``load()``).

Compiled eagerly for one signature each (the arrays :mod:`gametheory.dynamics._layout` passes),
cached on disk when numba finds a writable cache directory, compiled in memory otherwise. No
``fastmath``: every sum is the sequential sum of the numpy path, so the floats are identical.
"""

from __future__ import annotations

import numpy as np
from numba import njit


def _jit(signature):
    """``njit(signature, cache=True)``, or without the disk cache when numba finds no usable directory."""
    def wrap(func):
        try:
            return njit(signature, cache=True, nogil=True)(func)
        except RuntimeError:          # "cannot cache function ...: no locator available"
            return njit(signature, cache=False, nogil=True)(func)
    return wrap


@_jit("int64(uint64[::1], uint32[::1], float64[::1], float64[::1], boolean[::1], boolean[::1], float64[::1], "
      "float64[::1], boolean)")
def diffuse(indptr, indices, weight, costs, share, seek, send, out, want_out):
    r"""One diffusion step in place: ``costs[j] -= inflow[j]``; ``out[j]`` = outflow of ``j``.

    ``weight[j]`` is the recipient's :math:`\beta_j r / d_j`; ``send`` is scratch: the cost a
    firm is seen at as a source (:math:`+\infty` unless it shares). A recipient that does not
    seek is seen at :math:`-\infty`. Returns the number of flowing links (:math:`c_i < c_j`,
    source shares, recipient seeks).

    One pass over the rows of the symmetric adjacency: row :math:`j` lists :math:`j`'s neighbours
    :math:`k` ascending, the sources of the links :math:`k \to j`. Each link's cut
    :math:`w_j\,(c_j - c_k)^+` is added to :math:`j`'s inflow (summed from 0.0 over the row, as
    scipy's CSR mat-vec sums a row) and scattered to :math:`k`'s outflow. The rows are visited in
    ascending order, so every outflow receives its cuts with the recipients ascending: the order of
    ``np.bincount`` over the recipient-major links, hence the same floats. A cut that does not
    flow is +0.0, which leaves a sum unchanged (no sum is ever -0.0). Only row :math:`j`
    changes :math:`c_j`, after its own sum, and every other read is of ``send``, so all reads
    are of the costs before the step. The scatter touches one firm-sized array where a gather of
    the recipients' costs and weights touched two, which keeps the working set in cache longer.
    Unsigned indices spare numba's negative-index checks in the inner loop."""
    n = costs.size
    for i in range(n):
        send[i] = costs[i] if share[i] else np.inf
    if want_out:
        out[:] = 0.0
    events = 0
    for j in range(n):
        r = costs[j] if seek[j] else -np.inf
        w = weight[j]
        inflow = 0.0
        if want_out:
            for p in range(indptr[j], indptr[j + 1]):
                k = indices[p]
                gap = r - send[k]                           # link k -> j
                events += gap > 0.0
                cut = (gap if gap > 0.0 else 0.0) * w
                inflow += cut
                out[k] += cut
        else:
            for p in range(indptr[j], indptr[j + 1]):
                gap = r - send[indices[p]]
                events += gap > 0.0
                inflow += (gap if gap > 0.0 else 0.0) * w
        costs[j] -= inflow
    return events


@_jit("int64(float64[::1], float64[::1], int64[::1], boolean, int64, float64, float64, int64[::1], "
      "float64[::1], float64[::1], float64[::1], int64[::1], int64[::1], float64[::1], float64[::1], "
      "float64[::1], int64[::1])")
def markets(costs, padded, position, in_order, block, a, b, segments, q, profits, total, firms, active, marginal,
            margin, sorted_costs, order):
    r"""All padded Cournot blocks at once, in the operations of ``gametheory.models.market._solve``.

    Per segment (a row of ``padded``): the sorted costs :math:`c_{(k)}`, the gaps
    :math:`g_k = (a - c_{(k)}) - D_k` with :math:`D_0 = 0`, :math:`D_k = D_{k-1} + k\,(c_{(k)} -
    c_{(k-1)})` (``np.cumsum`` of the steps: sequential), ``firms`` :math:`m` = the number of
    positive gaps, the ``marginal`` cost :math:`c_{(m)}` and the ``margin`` :math:`g_m/(m+1)` (at
    position :math:`\max(m, 1)`). Per firm :math:`q_i = (\text{margin} + (c_{(m)} - c_i))/b` when
    :math:`m > 0` and :math:`c_i \le c_{(m)}`, else 0, and profits :math:`b q_i \cdot q_i`; per
    segment the ``total`` output (firms ascending, as ``np.bincount``) and ``active`` (slots with
    :math:`q > 0`, as ``count_nonzero(q_blocks > 0, axis=1)``). Returns the
    number of producing firms. ``padded`` keeps the padding costs between calls, ``order`` each
    row's slots in the cost order of the previous call (any permutation of each row's slots is
    valid); ``sorted_costs`` is scratch of ``block`` entries."""
    n = costs.size
    n_seg = marginal.size
    unit = b == 1.0                   # x / 1.0 == x: skip the division
    if in_order:
        for i in range(n):
            padded[i] = costs[i]
    else:
        for i in range(n):
            padded[position[i]] = costs[i]
    for s in range(n_seg):
        base = s * block
        if block <= 64:
            # insertion sort, starting from the row's order of the previous call (costs move
            # little between steps, so it is nearly sorted): the sorted values are np.sort's
            for k in range(block):
                slot = order[base + k]
                x = padded[base + slot]
                j = k
                while j > 0 and sorted_costs[j - 1] > x:
                    sorted_costs[j] = sorted_costs[j - 1]
                    order[base + j] = order[base + j - 1]
                    j -= 1
                sorted_costs[j] = x
                order[base + j] = slot
            cs = sorted_costs
        else:
            cs = np.sort(padded[base:base + block])
        # the gaps are non-increasing in floats too (a - c_(k) falls, D_k grows by non-negative
        # steps, and rounding is monotone): numpy's count of positive gaps is the first k with
        # g_k <= 0, and the gap at m - 1 is the last positive one
        steps = 0.0
        m = 0
        last_gap = (a - cs[0]) - steps
        for k in range(block):
            if k > 0:
                steps += (cs[k] - cs[k - 1]) * k
            g = (a - cs[k]) - steps
            if not g > 0.0:
                break
            m += 1
            last_gap = g
        c_m = cs[m - 1] if m > 0 else cs[0]
        firms[s] = m
        marginal[s] = c_m
        margin[s] = last_gap / (m + 1)
        active[s] = 0
        total[s] = 0.0
        if in_order:
            # the segment's firms are the row's first slots (firm i at slot i): serve them now,
            # while the row is in cache (the per-firm operations of the loop below, same order)
            running = 0.0
            count = 0
            for i in range(base, min(base + block, n)):
                ci = costs[i]
                qi = margin[s] + (c_m - ci)
                if not unit:
                    qi = qi / b
                qi = qi if (m > 0 and ci <= c_m) else 0.0
                q[i] = qi
                profits[i] = b * qi * qi
                running += qi
                count += qi > 0.0
            total[s] = running
            active[s] = count
    # per firm; the padding never produces (its cost is >= a > c_(m), as g_m > 0 needs a > c_(m)),
    # so the active slots of a row are its producing firms
    # (a segment's running total and count stay in registers while its firms follow one another:
    # the same additions in the same order as accumulating into total[s] firm by firm)
    producing = 0
    if not in_order:
        current = segments[0] if n else 0
        running = 0.0
        count = 0
        for i in range(n):
            s = segments[i]
            if s != current:
                total[current] = running
                active[current] = count
                current = s
                running = total[s]
                count = active[s]
            ci = costs[i]
            c_m = marginal[s]
            qi = margin[s] + (c_m - ci)
            if not unit:
                qi = qi / b
            qi = qi if (firms[s] > 0 and ci <= c_m) else 0.0
            q[i] = qi
            profits[i] = b * qi * qi
            running += qi
            count += qi > 0.0
        if n:
            total[current] = running
            active[current] = count
    for s in range(n_seg):
        producing += active[s]
    return producing


@_jit("void(float64[::1], int64[::1], float64[::1], float64)")
def pull_external(costs, firms, pull, external):
    r"""``costs[g] -= pull * max(costs[g] - external, 0)`` for the gatekeepers ``g`` (distinct)."""
    for idx in range(firms.size):
        g = firms[idx]
        c = costs[g]
        d = c - external
        if d < 0.0:
            d = 0.0
        costs[g] = c - pull[idx] * d


@_jit("int64(float64[::1], float64, int64[::1], int64[::1])")
def updating(draws, probability, degree, firms):
    """Write the firms with ``draws < probability`` and at least one link to ``firms``, ascending
    (``np.nonzero``), and return how many there are. One branch-free pass: every firm is
    written at the current count, which advances only past the updating ones."""
    count = 0
    for i in range(draws.size):
        firms[count] = i
        count += (draws[i] < probability) & (degree[i] > 0)
    return count


@_jit("void(int64[::1], float64[::1], int64[::1], int64[::1], uint32[::1], float64[::1], boolean[::1], "
      "float64[::1], boolean, float64, float64, int64[::1], float64[::1])")
def imitation(firms, draws, indptr, degree, indices, profits, share, paid, charged, subsidy, fine, model, advantage):
    r"""Fermi imitation's neighbour and payoff difference for each updating firm.

    ``model[t]`` = the source of link ``indptr[i] + int(draws[t] * degree[i])`` into ``i = firms[t]``;
    ``advantage[t]`` = :math:`u_{model} - u_i` with :math:`u = \pi + (\text{subsidy if sharing else}
    -\text{fine}) - \text{paid}` (``paid`` only when ``charged``), the numpy path's operations."""
    for t in range(firms.size):
        i = firms[t]
        m = np.int64(indices[indptr[i] + np.int64(draws[t] * degree[i])])
        model[t] = m
        u_m = profits[m] + (subsidy if share[m] else -fine)
        u_i = profits[i] + (subsidy if share[i] else -fine)
        if charged:
            u_m = u_m - paid[m]
            u_i = u_i - paid[i]
        advantage[t] = u_m - u_i


@_jit("void(int64[::1], int64[::1], float64[::1], float64[::1], boolean[::1], boolean[::1], boolean[::1], "
      "boolean[::1])")
def adopt(firms, model, draws, probability, share, seek, copied_share, copied_seek):
    r"""Firm ``firms[t]`` takes the attitudes of ``model[t]`` when ``draws[t] < probability[t]``.

    The numpy path's ``share[who], seek[who] = share[whom], seek[whom]`` reads every model's
    attitudes before it writes any, so this gathers them all first (into the scratch
    ``copied_share``/``copied_seek``), then writes; the updating firms are distinct, so no write
    overwrites another."""
    for t in range(firms.size):
        m = model[t]
        copied_share[t] = share[m]
        copied_seek[t] = seek[m]
    for t in range(firms.size):
        if draws[t] < probability[t]:
            i = firms[t]
            share[i] = copied_share[t]
            seek[i] = copied_seek[t]
