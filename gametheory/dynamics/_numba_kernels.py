"""The numba kernels of :mod:`gametheory.dynamics._kernels` (imported only through its ``load()``).

The step's kernels compile eagerly for one signature each (the arrays
:mod:`gametheory.dynamics._layout` passes); :func:`run`, which takes numpy's ``Generator``, at its
first call. All are cached on disk when numba finds a writable cache directory, compiled in
memory otherwise. No ``fastmath``: every sum keeps the numpy path's order (a row's sequential sum
as scipy's mat-vec, ``bincount``'s order, ``ndarray.sum``'s pairwise order in :func:`total`), so
the floats are identical.
"""

from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic


def _jit(signature=None, **options):
    """``njit(signature, cache=True, nogil=True, **options)``, or without the disk cache when numba
    finds no usable directory.

    Without a signature the function compiles at its first call (for argument types that a
    signature string cannot name, such as numpy's ``Generator``), then loads from the cache."""
    def wrap(func):
        args = () if signature is None else (signature,)
        try:
            return njit(*args, cache=True, nogil=True, **options)(func)
        except RuntimeError:          # "cannot cache function ...: no locator available"
            return njit(*args, cache=False, nogil=True, **options)(func)
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


@intrinsic
def _call_loop(typingctx, address, args, dimensions, steps, data):
    """Call the C function at ``address`` as a numpy ufunc loop, ``loop(args, dimensions, steps,
    data)``, every argument an address (intp)."""
    def codegen(context, builder, signature, values):
        pointer = ir.IntType(8).as_pointer()
        loop_type = ir.FunctionType(ir.VoidType(), [pointer] * 4)
        loop = builder.inttoptr(values[0], loop_type.as_pointer())
        builder.call(loop, [builder.inttoptr(value, pointer) for value in values[1:]])
        return context.get_dummy_value()
    return types.void(types.intp, types.intp, types.intp, types.intp, types.intp), codegen


@_jit("void(float64[::1], int64, int64, int64[::1])")
def numpy_exp(values, loop, data, frame):
    r"""``np.exp(values, out=values)`` through numpy's own loop at address ``loop`` (with its
    ``data``; :func:`gametheory.dynamics._numpy_loops.exp_loop`), no Python involved. ``frame``
    is scratch of 5 int64: the loop's argument pointers, its length and its strides. The same
    floats as ``np.exp``, without numpy's floating-point error handling around them: where the
    numpy path warns "overflow encountered in exp" (Fermi imitation with
    :math:`\kappa|\Delta u| > 709`), the compiled run is silent, and the probability
    :math:`1/(1 + \infty) = 0` is exact either way."""
    address = values.ctypes.data
    frame[0] = address                 # args: input, output (in place)
    frame[1] = address
    frame[2] = values.size             # dimensions
    frame[3] = 8                       # steps (bytes)
    frame[4] = 8
    base = frame.ctypes.data
    _call_loop(loop, base, base + 16, base + 24, data)


@_jit()
def uniform_draws(gen, size):
    """``gen.random(size)`` from compiled code: numba's ``Generator`` calls the generator's own
    bit generator, so the stream is numpy's (checked by ``_kernels.run_kernel`` at first use)."""
    return gen.random(size)


@_jit("float64(float64[::1], int64, int64)")
def _block(values, start, count):
    """numpy's sum of at most 128 terms ``values[start:start + count]`` (``DOUBLE_pairwise_sum``'s
    leaves): a plain loop below 8 terms, else eight interleaved partial sums, combined as a tree,
    and the remainder after them."""
    if count < 8:
        res = 0.0
        for i in range(start, start + count):
            res += values[i]
        return res
    r0, r1, r2, r3 = values[start], values[start + 1], values[start + 2], values[start + 3]
    r4, r5, r6, r7 = values[start + 4], values[start + 5], values[start + 6], values[start + 7]
    i = start + 8
    end = start + count - count % 8
    while i < end:
        r0 += values[i]
        r1 += values[i + 1]
        r2 += values[i + 2]
        r3 += values[i + 3]
        r4 += values[i + 4]
        r5 += values[i + 5]
        r6 += values[i + 6]
        r7 += values[i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < start + count:
        res += values[i]
        i += 1
    return res


@_jit("float64(float64[::1])")
def total(values):
    """``values.sum()`` with numpy's floats: its pairwise summation. Above 128 terms numpy sums
    the two halves (the first a multiple of 8 terms) and adds them, recursively; here the same
    tree is walked with an explicit stack (numba's disk cache does not reload recursive functions
    safely). numpy does not promise this order, so
    :func:`gametheory.dynamics._kernels.run_kernel` checks it on the installed numpy first. One
    difference: 8 or more terms that are all -0.0 sum to -0.0 here, +0.0 in numpy (which starts
    from +0.0); the run only sums costs, profits, outflows and surpluses, never -0.0."""
    count = values.size
    if count <= 128:
        return _block(values, 0, count)
    starts = np.empty(64, dtype=np.int64)      # a frame per level: at most log2(size) levels
    counts = np.empty(64, dtype=np.int64)
    stage = np.zeros(64, dtype=np.int64)       # 0: new, 1: left half pending, 2: right half pending
    lefts = np.empty(64)
    top = 0
    starts[0] = 0
    counts[0] = count
    result = 0.0
    while top >= 0:
        c = counts[top]
        if c > 128:                            # split: the left half first
            half = c // 2
            half -= half % 8
            stage[top] = 1
            top += 1
            starts[top] = starts[top - 1]
            counts[top] = half
            stage[top] = 0
            continue
        result = _block(values, starts[top], c)
        top -= 1
        while top >= 0:                        # hand the sum to the frames waiting for it
            if stage[top] == 1:                # the left half: now the right one
                lefts[top] = result
                stage[top] = 2
                half = counts[top] // 2
                half -= half % 8
                top += 1
                starts[top] = starts[top - 1] + half
                counts[top] = counts[top - 1] - half
                stage[top] = 0
                break
            result = lefts[top] + result       # both halves: left + right, as numpy adds them
            top -= 1
    return result


@_jit("void(uint64[::1], uint32[::1], float64[::1], float64[::1], boolean[::1], int64[::1], float64[::1], "
      "int64[::1], float64, float64, int64[::1], boolean[::1])")
def best_response(indptr, indices, weight, costs, seek, segments, q, active, sharing_cost, threshold, firms, share):
    r"""Best-response updating (``simulate._best_response_share``): firm ``firms[t]`` shares iff
    ``threshold`` (subsidy + fine) :math:`\ge` its loss from sharing with every willing neighbour.

    The loss of firm :math:`k` is :math:`\sum_j (\frac{2q_k}{m_s+1}[j \text{ a rival}] +
    \sigma)\,\Delta c_{k\to j}` over its links, with :math:`\Delta c` the cut the link would
    carry if every firm shared (:math:`w_j (c_j - c_k)^+` when :math:`j` seeks) and a rival a
    firm of :math:`k`'s segment with :math:`q_j > 0`; ``active[s]`` is :math:`m_s`. The numpy
    path computes every firm's loss with ``np.bincount`` over the recipient-major links, which
    adds firm :math:`k`'s terms in ascending order of the recipient :math:`j`: the order of
    :math:`k`'s own row of the symmetric adjacency. So only the updating firms' rows are read
    (a tenth of the links at the usual update probability), summed from 0.0, the same floats."""
    for t in range(firms.size):
        k = firms[t]
        c_k = costs[k]
        s_k = segments[k]
        rival_unit = 2.0 * q[k] / (active[s_k] + 1) + sharing_cost
        other_unit = 0.0 + sharing_cost
        loss = 0.0
        for p in range(indptr[k], indptr[k + 1]):
            j = indices[p]
            gap = (costs[j] if seek[j] else -np.inf) - c_k          # link k -> j, as if k shared
            cut = (gap if gap > 0.0 else 0.0) * weight[j]
            loss += (rival_unit if (segments[j] == s_k and q[j] > 0.0) else other_unit) * cut
        share[k] = threshold >= loss


@_jit("int64(boolean[::1])")
def count_true(flags):
    """``np.count_nonzero(flags)``: eight flags per step, as the bytes of one 64-bit word (each 0
    or 1, so multiplying by 0x0101...01 gathers their sum, at most 8, in the top byte)."""
    words = flags.size // 8
    packed = flags[:8 * words].view(np.uint64)
    count = 0
    for w in range(words):
        count += (packed[w] * np.uint64(0x0101010101010101)) >> np.uint64(56)
    for i in range(8 * words, flags.size):
        count += flags[i]
    return count


@_jit("float64(float64[::1])")
def lowest(values):
    """``values.min()`` of a non-empty array without NaN, in four running minima (a minimum does
    not depend on the order of comparisons)."""
    n = values.size
    l0 = l1 = l2 = l3 = values[0]
    i = 0
    while i + 4 <= n:
        a, b, c, d = values[i], values[i + 1], values[i + 2], values[i + 3]
        l0 = a if a < l0 else l0
        l1 = b if b < l1 else l1
        l2 = c if c < l2 else l2
        l3 = d if d < l3 else l3
        i += 4
    while i < n:
        l0 = values[i] if values[i] < l0 else l0
        i += 1
    l0 = l1 if l1 < l0 else l0
    l2 = l3 if l3 < l2 else l2
    return l2 if l2 < l0 else l0


@_jit(error_model="numpy")   # x / 0.0 is inf or nan, as in numpy (the gap once every cost is 0)
def run(gen, first, last, external, costs, share, seek, innovators, innovation_rate, innovation_factor,
        links, want_out, growth, external_rate, gatekeepers, pull, market, block, in_order, a, b,
        rule, probability, intensity, subsidy, fine, sharing_cost, shadow_cost, exp, scratch, series):
    r"""Steps ``first .. last - 1`` of a run (step 0: only the record of the initial state), in place.

    The loop of :func:`gametheory.dynamics.simulate`, compiled: innovation, :func:`diffuse`, the
    external pull, the local :func:`markets`, the step's record in ``series`` (rows: gap,
    frontier, mean cost, diffusion events, innovations, share and seek preference, welfare, public
    outlay, producing) and the attitudes' update by ``rule``: 0 none, 1 Fermi imitation
    (:func:`updating`, :func:`imitation`, :func:`adopt`), 2 best response (:func:`updating`,
    :func:`best_response`). The numpy path's operations in its
    order, so the same floats: ``gen`` draws the numpy path's stream (numba's ``Generator``
    calls the same bit generator), sums are numpy's pairwise sums (:func:`total`), and
    :math:`e^x` is numpy's own ``exp`` on the step's updating firms (:func:`numpy_exp` with
    ``exp`` = (loop address, data, scratch frame); numba's ``exp`` is libm's, which differs from
    numpy's SIMD ``exp`` in the last bit on a few per cent of inputs). No Python code runs and
    the GIL is released. Returns the external frontier after step ``last - 1``.

    ``links`` = (indptr as uint64, sources as uint32, the recipients' weights, scratch ``send``,
    outflow ``out``, indptr, degree); ``market`` = the arguments of :func:`markets` after
    ``costs`` but for ``in_order``, ``block``, ``a`` and ``b``, with the quantities and profits;
    ``scratch`` = (updating firms, models, advantages, copied share, copied seek, paid, surplus).
    """
    indptr_u, indices, weight, send, out, indptr, degree = links
    padded, position, segments, q, profits, totals, firms, active, marginal, margin, sorted_costs, order = market
    updating_firms, model, advantage, copied_share, copied_seek, paid, surplus = scratch
    exp_address, exp_data, exp_frame = exp
    n = costs.size
    scale = -intensity
    half_b = 0.5 * b
    for t in range(first, last):
        events = 0
        innovated = 0
        paid_total = 0.0
        if t > 0:
            # 1. innovation
            if innovation_rate > 0 and innovators.size:
                draws = gen.random(innovators.size)
                for k in range(innovators.size):
                    if draws[k] < innovation_rate:
                        i = innovators[k]
                        costs[i] = costs[i] * innovation_factor
                        innovated += 1
            # 2. diffusion, and what the sharing cost charges
            events = diffuse(indptr_u, indices, weight, costs, share, seek, send, out, want_out)
            if want_out:
                for i in range(n):
                    paid[i] = sharing_cost * out[i]
                paid_total = total(paid)
            # 3. the gatekeepers' pull
            external = external * (1.0 - growth)
            if external_rate > 0 and gatekeepers.size:
                pull_external(costs, gatekeepers, pull, external)
        # the record (simulate's ``record``)
        producing = markets(costs, padded, position, in_order, block, a, b, segments, q, profits, totals, firms,
                            active, marginal, margin, sorted_costs, order)
        for s in range(totals.size):
            surplus[s] = half_b * totals[s] * totals[s]
        mean = total(costs) / n
        low = lowest(costs)
        sharing = count_true(share)
        seeking = count_true(seek)
        outlay = subsidy * sharing - fine * (n - sharing)
        series[0, t] = 1.0 - low / mean
        series[1, t] = low
        series[2, t] = mean
        series[3, t] = events
        series[4, t] = innovated
        series[5, t] = sharing / n
        series[6, t] = seeking / n
        series[7, t] = total(surplus) + total(profits) - paid_total - shadow_cost * outlay
        series[8, t] = outlay
        series[9, t] = producing / n
        # 4. attitudes
        if t > 0 and rule == 2:
            count = updating(gen.random(n), probability, degree, updating_firms)
            best_response(indptr_u, indices, weight, costs, seek, segments, q, active, sharing_cost, subsidy + fine,
                          updating_firms[:count], share)
        if t > 0 and rule == 1:
            count = updating(gen.random(n), probability, degree, updating_firms)
            who = updating_firms[:count]
            whom = model[:count]
            p = advantage[:count]
            imitation(who, gen.random(count), indptr, degree, indices, profits, share, paid if want_out else profits,
                      want_out, subsidy, fine, whom, p)
            for k in range(count):
                p[k] = scale * p[k]
            numpy_exp(p, exp_address, exp_data, exp_frame)
            for k in range(count):
                p[k] = 1.0 / (1.0 + p[k])
            adopt(who, whom, gen.random(count), p, share, seek, copied_share[:count], copied_seek[:count])
    return external
