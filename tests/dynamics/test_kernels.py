"""The compiled step (numba, the ``fast`` extra) against the numpy path: the same floats, bit for bit.

The numpy path is the reference (``_kernels.enabled = False``); both run in this process on the
same cluster, rules and seed, and every array of the :class:`Run` must be identical — not close.
Skipped when numba is not installed (then only the numpy path exists).
"""

from __future__ import annotations

import dataclasses
import math
import importlib
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest
import scipy.sparse as sps
from hypothesis import given, settings, strategies as st

pytest.importorskip("numba")

from gametheory.dynamics import Cluster, Rules, _kernels, random_cluster, simulate  # noqa: E402
from gametheory.dynamics._layout import Links, Markets  # noqa: E402

FERMI = Rules(innovation_rate=0.02, innovation_size=0.05, diffusion_rate=0.5, update_rule="fermi",
              update_probability=0.2, external_rate=0.05, external_growth=0.001, sharing_cost=0.2, subsidy=0.05)
RULES = {
    "fermi": FERMI,
    "best_response": dataclasses.replace(FERMI, update_rule="best_response", fine=0.02),
    "no_sharing_cost": dataclasses.replace(FERMI, sharing_cost=0.0, update_rule=None),
    "demand_b": dataclasses.replace(FERMI, demand=(5.0, 0.7), shadow_cost=0.3),      # q = (...)/b divides
    # imitation without the sharing cost (payoffs without ``paid``), a fine, everyone updating
    "fermi_fine_everyone": dataclasses.replace(FERMI, sharing_cost=0.0, fine=0.03, update_probability=1.0,
                                               intensity=5.0),
    # nothing but diffusion: no innovation, no gatekeeper pull, imitation with probability 0
    "diffusion_only": Rules(diffusion_rate=0.3, update_rule="fermi", update_probability=0.0),
}


@pytest.fixture
def compiled(monkeypatch):
    """Run ``simulate`` with the kernels on (True) or off (False)."""
    assert _kernels.load() is not None, "numba is installed but the kernels did not load"

    def run(on: bool, *args, **kwargs):
        monkeypatch.setattr(_kernels, "enabled", on)
        return simulate(*args, **kwargs)
    return run


def _assert_same_run(pure, fast, seed=True):
    for field in dataclasses.fields(pure):
        x, y = getattr(pure, field.name), getattr(fast, field.name)
        if isinstance(x, np.ndarray):                                          # identical floats, NaN too
            assert x.dtype == y.dtype and x.tobytes() == y.tobytes(), field.name
        elif field.name != "seed" or seed:
            assert x == y, field.name


@pytest.mark.parametrize("rules", list(RULES), ids=list(RULES))
@pytest.mark.parametrize("n, seed", [(300, 0), (2000, 1)])
def test_compiled_run_is_the_numpy_run_bit_for_bit(compiled, rules, n, seed):
    cluster = random_cluster(n, 6.0, share=0.5, seek=0.8, gatekeepers=0.3, seed=seed)
    pure = compiled(False, cluster, RULES[rules], 40, seed=seed)
    fast = compiled(True, cluster, RULES[rules], 40, seed=seed)
    _assert_same_run(pure, fast)
    assert fast.diffusion_events.sum() > 0


def _spy_on_the_compiled_run(monkeypatch) -> list:
    """Count the calls of the compiled whole-run loop (``_numba_kernels.run``)."""
    kernels = _kernels.load()
    calls: list = []
    loop = kernels.run

    def spy(*args):
        calls.append(args[1:3])                       # (first, last)
        return loop(*args)
    monkeypatch.setattr(kernels, "run", spy)
    return calls


def test_the_whole_run_is_one_compiled_call(compiled, monkeypatch):
    # a short run is one call of the compiled loop (steps 0..40), whatever the updating rule; with
    # a progress bar one call per step here (a hundredth of the run, at least one step), and
    # still the same run
    calls = _spy_on_the_compiled_run(monkeypatch)
    cluster = random_cluster(500, 6.0, share=0.5, seek=0.8, gatekeepers=0.3, seed=5)
    pure = compiled(False, cluster, FERMI, 40, seed=5)
    assert compiled(True, cluster, FERMI, 40, seed=5) is not None and calls == [(0, 41)]
    pytest.importorskip("tqdm")
    calls.clear()
    _assert_same_run(pure, compiled(True, cluster, FERMI, 40, seed=5, progress=True))
    assert len(calls) == 41 and calls[0] == (0, 1) and calls[-1] == (40, 41)
    calls.clear()
    best_response = RULES["best_response"]
    _assert_same_run(compiled(False, cluster, best_response, 5, seed=5), compiled(True, cluster, best_response, 5, seed=5))
    assert calls == [(0, 6)]


@pytest.mark.parametrize("rules", ["fermi", "diffusion_only", "fermi_fine_everyone", "best_response"])
def test_the_compiled_run_draws_as_many_numbers(compiled, rules):
    # a Generator as the seed is used as it is (default_rng returns it): after the run both paths
    # must leave it in the same state, so neither draws a number the other does not (a draw in
    # the last step included); stretches of a few steps (several calls) change nothing
    cluster = random_cluster(300, 6.0, share=0.5, seek=0.8, gatekeepers=0.3, seed=9)
    gen_pure, gen_fast = np.random.default_rng(9), np.random.default_rng(9)
    pure = compiled(False, cluster, RULES[rules], 25, seed=gen_pure)
    fast = compiled(True, cluster, RULES[rules], 25, seed=gen_fast)
    _assert_same_run(pure, fast, seed=False)
    assert gen_pure.bit_generator.state == gen_fast.bit_generator.state


def test_integer_money_gives_the_same_run(compiled):
    # Rules holds its money amounts as floats: with Python integers the numpy path's outlay
    # subsidy * sharing - fine * (n - sharing), and the threshold subsidy + fine, were exact
    # integer arithmetic and rounded otherwise than the compiled run's floats past 2**53
    rules = Rules(update_rule="best_response", update_probability=1.0, subsidy=2**53 + 1, fine=1,
                  sharing_cost=2**53 + 2, shadow_cost=3)
    assert all(type(getattr(rules, name)) is float for name in ("subsidy", "fine", "sharing_cost", "shadow_cost"))
    cluster = random_cluster(300, 6.0, share=0.5, seek=0.8, seed=13)
    _assert_same_run(compiled(False, cluster, rules, 5, seed=13), compiled(True, cluster, rules, 5, seed=13))


def test_stretches_of_the_compiled_run_give_the_same_run(compiled, monkeypatch):
    # the loop returns to Python every STRETCH link- and firm-steps (interrupts): with a stretch
    # of 3 steps the run is 14 calls and the same run
    module = importlib.import_module("gametheory.dynamics.simulate")       # the module, not the function
    calls = _spy_on_the_compiled_run(monkeypatch)
    cluster = random_cluster(300, 6.0, share=0.5, seek=0.8, gatekeepers=0.3, seed=10)
    monkeypatch.setattr(module, "STRETCH", 3 * (cluster.n_links + cluster.n_firms))
    pure = compiled(False, cluster, FERMI, 40, seed=10)
    _assert_same_run(pure, compiled(True, cluster, FERMI, 40, seed=10))
    assert len(calls) == 14 and calls[0] == (0, 3) and calls[-1] == (39, 41)


def test_costs_reaching_zero_give_the_same_nan(compiled):
    # every firm an innovator that always succeeds with a cut of 100 %: every cost is 0 after the
    # first step, so the gap 1 - min/mean is 0/0. numpy records NaN and treats the invalid
    # operation as np.errstate says (warn by default, ignore, raise); the compiled loop must
    # record the same NaN (not raise ZeroDivisionError, numba's default) and follow errstate too
    base = random_cluster(50, 4.0, seed=1)
    cluster = Cluster(base.adjacency, costs=base.costs, innovators=np.ones(50, dtype=bool))
    rules = Rules(innovation_rate=1.0, innovation_size=1.0, update_rule="fermi")
    for on in (False, True):
        with pytest.warns(RuntimeWarning, match="invalid value"):
            run = compiled(on, cluster, rules, 3, seed=0)
        assert np.isnan(run.gap[1:]).all() and run.gap[0] > 0
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("error")
            _assert_same_run(run, compiled(on, cluster, rules, 3, seed=0))
        with np.errstate(invalid="raise"), pytest.raises(FloatingPointError):
            compiled(on, cluster, rules, 3, seed=0)


@pytest.mark.parametrize("how", ["time_limit", "signal_handler"])
def test_an_exception_raised_asynchronously_reaches_the_caller(compiled, how):
    # no Python runs inside a call of the compiled loop, so an exception raised asynchronously
    # (the package's time_limit, a SIGINT handler that raises) arrives between two calls, as
    # itself (an object-mode call of numpy's exp, tried first, turned it into numba's TypeError)
    import signal
    import threading
    import time

    from gametheory.core.budget import TimeLimitExceeded, time_limit

    cluster = random_cluster(5_000, 8.0, share=0.5, seek=0.8, gatekeepers=0.3, seed=12)
    compiled(True, cluster, FERMI, 2, seed=12)                           # loaded
    start = time.monotonic()
    if how == "time_limit":
        with pytest.raises(TimeLimitExceeded), time_limit(0.3):
            compiled(True, cluster, FERMI, 10**6, seed=12)
    else:
        def handler(signum, frame):
            raise ValueError("stop")
        previous = signal.signal(signal.SIGINT, handler)
        try:
            threading.Timer(0.3, signal.raise_signal, (signal.SIGINT,)).start()
            with pytest.raises(ValueError, match="stop"):
                compiled(True, cluster, FERMI, 10**6, seed=12)
        finally:
            signal.signal(signal.SIGINT, previous)
    assert time.monotonic() - start < 2.0


_CTRL_C = """
import sys
from gametheory.dynamics import Rules, _kernels, random_cluster, simulate
assert _kernels.load() is not None
rules = Rules(innovation_rate=0.01, update_rule=None if sys.argv[1] == "none" else "fermi", sharing_cost=0.2)
cluster = random_cluster(10_000, 10.0, share=0.5, seed=1)
simulate(cluster, rules, 2, seed=1)             # the loop loaded (or compiled) before the signal
print("running", flush=True)
simulate(cluster, rules, 10**6, seed=1)         # about an hour
"""


@pytest.mark.parametrize("rule", ["fermi", "none"])
def test_ctrl_c_stops_a_long_compiled_run(rule):
    # a real SIGINT from outside, 0.3 s into a run of an hour: KeyboardInterrupt within 2 s (0.2 s
    # measured; the loop returns to Python every ~20 ms), with or without the call into numpy's exp
    import signal
    import time

    child = subprocess.Popen([sys.executable, "-c", _CTRL_C, rule], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout.readline().strip() == "running"
        time.sleep(0.3)
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
    finally:
        child.kill()
    assert time.monotonic() - sent < 2.0
    assert err.strip().splitlines()[-1] == "KeyboardInterrupt" and "TypeError" not in err


class _Differing:
    """The compiled kernels with one of the compiled loop's assumptions broken (for run_kernel's check)."""

    def __init__(self, kernels, broken: str) -> None:
        self.run, self.total, self.numpy_exp, self.uniform_draws = (kernels.run, kernels.total, kernels.numpy_exp,
                                                                    kernels.uniform_draws)
        if broken == "sums":        # sequential order: another float wherever pairwise rounding differs
            self.total = lambda values: float(np.cumsum(values)[-1]) if values.size else 0.0
        elif broken == "stream":    # the same numbers, reordered
            self.uniform_draws = lambda gen, size: gen.random(size)[::-1].copy()
        elif broken == "exp":       # libm's exp, which differs from numpy's in the last bit
            def libm_exp(values, loop, data, frame):
                values[:] = [math.exp(v) if v < 709.0 else math.inf for v in values]
            self.numpy_exp = libm_exp


@pytest.mark.parametrize("broken", ["sums", "stream", "exp", "no exp loop"])
def test_a_failed_check_runs_step_by_step(compiled, monkeypatch, broken):
    # the compiled loop relies on numpy's pairwise sums, numba's Generator giving numpy's stream
    # and numpy's exp loop read from the ufunc's table; if any differed on the installed
    # versions (or the table could not be read), run_kernel must refuse the loop, and the step
    # kernels (which take sums, draws and exp from numpy) must still give the numpy run
    from gametheory.dynamics import _numpy_loops

    kernels = _kernels.load()
    monkeypatch.setattr(_kernels, "_checked", None)
    if broken == "no exp loop":
        monkeypatch.setattr(_numpy_loops, "exp_loop", lambda: None)
        assert _kernels.run_kernel(kernels) is None
    else:
        assert _kernels.run_kernel(_Differing(kernels, broken)) is None
    calls = _spy_on_the_compiled_run(monkeypatch)
    cluster = random_cluster(300, 6.0, share=0.5, seek=0.8, gatekeepers=0.3, seed=6)
    _assert_same_run(compiled(False, cluster, FERMI, 30, seed=6), compiled(True, cluster, FERMI, 30, seed=6))
    assert calls == []
    monkeypatch.undo()
    monkeypatch.setattr(_kernels, "_checked", None)
    assert _kernels.run_kernel(kernels)[0] is kernels.run


@settings(max_examples=80, deadline=None)
@given(size=st.integers(0, 3000), spread=st.floats(0.0, 30.0), seed=st.integers(0, 2**32 - 1))
def test_total_is_numpys_sum(size, spread, seed):
    # the compiled loop's sums must be ndarray.sum's floats: pairwise summation (8 partial sums
    # up to 128 terms, halves above), walked with a stack; values of mixed signs and magnitudes
    # up to e^±30 apart, so that any other order of additions shows in the last bits
    rng = np.random.default_rng(seed)
    values = rng.standard_normal(size) * np.exp(rng.uniform(-spread, spread, size))
    assert _kernels.load().total(values).hex() == float(values.sum()).hex()


def test_numpy_exp_is_numpys_exp():
    # the compiled loop's e^x is numpy's own float64 loop, called through its address (libm's
    # differs in the last bit on a few per cent of these values); any length, in place
    from gametheory.dynamics._numpy_loops import exp_loop, float64_loop

    loop = exp_loop()
    assert loop is not None
    frame = np.empty(5, dtype=np.int64)
    for size in (0, 1, 7, 10_000):
        values = np.random.default_rng(size).uniform(-30.0, 30.0, size)
        expected = np.exp(values)
        _kernels.load().numpy_exp(values, *loop, frame)
        assert values.tobytes() == expected.tobytes()
    # the call runs whatever loop it is given: numpy's sin through the same mechanism is np.sin
    values = np.random.default_rng(1).uniform(-30.0, 30.0, 1000)
    expected = np.sin(values)
    _kernels.load().numpy_exp(values, *float64_loop(np.sin), frame)
    assert values.tobytes() == expected.tobytes()
    # ufuncs without a one-argument float64 loop are refused
    assert float64_loop(np.add) is None and float64_loop(np.isnan) is None and float64_loop(len) is None


@settings(max_examples=60, deadline=None)
@given(size=st.integers(1, 300), p=st.floats(0.0, 1.0), seed=st.integers(0, 2**32 - 1))
def test_count_true_and_lowest_are_numpys(size, p, seed):
    # the record's counts and minimum: any length (word-sized chunks and a tail), any density
    rng = np.random.default_rng(seed)
    flags, values = rng.random(size) < p, rng.choice([1.0, 2.0, 0.5], size) * rng.random(size)
    kernels = _kernels.load()
    assert kernels.count_true(flags) == np.count_nonzero(flags)
    assert kernels.count_true(flags[1:]) == np.count_nonzero(flags[1:])        # an unaligned start
    assert kernels.lowest(values) == values.min()


@pytest.mark.parametrize("size", [10**5, 2**17 + 3, 10**6 + 1])
def test_total_is_numpys_sum_on_long_arrays(size):
    values = np.random.default_rng(size).standard_normal(size) * 1e3 + 1.0
    assert _kernels.load().total(values).hex() == float(values.sum()).hex()


@pytest.mark.parametrize("layout", ["shuffled", "one_large_market", "uneven"])
def test_segment_layouts_give_the_same_run(compiled, layout):
    # shuffled segment ids (the padded blocks are not in firm order), one market of 150 firms
    # (a block over 64: numba's np.sort instead of the insertion sort), segments too uneven to
    # pad (cournot_segments, no kernel): the same run in every case
    n = 150
    rng = np.random.default_rng(7)
    segments = {"shuffled": rng.integers(0, 14, n), "one_large_market": np.zeros(n, dtype=np.int64),
                "uneven": np.r_[np.zeros(120, dtype=np.int64), np.arange(1, 31)]}[layout]
    base = random_cluster(n, 5.0, share=0.6, gatekeepers=0.2, seed=3)
    costs = rng.choice([1.0, 1.2, 1.5, 2.0], n)                       # ties in every market
    cluster = Cluster(base.adjacency, costs=costs, share=base.share, seek=base.seek, gatekeepers=base.gatekeepers,
                      absorptive_capacity=base.absorptive_capacity, segments=segments)
    for rules in (RULES["fermi"], RULES["best_response"]):
        _assert_same_run(compiled(False, cluster, rules, 30, seed=4), compiled(True, cluster, rules, 30, seed=4))


def test_links_diffuse_matches_flows_inflow_outflow():
    rng = np.random.default_rng(11)
    cluster = random_cluster(400, 7.0, share=0.5, seek=0.6, seed=11)
    assert _kernels.load() is not None
    fast, pure = Links(cluster, 0.7), Links(cluster, 0.7, compiled=False)
    for _ in range(3):
        costs = rng.choice([1.0, 1.5, 2.0], 400) * rng.uniform(0.9, 1.0, 400)
        share, seek = rng.random(400) < 0.5, rng.random(400) < 0.7
        c_fast, c_pure = costs.copy(), costs.copy()
        e_fast, out_fast = fast.diffuse(c_fast, share, seek, outflow=True)
        e_pure, out_pure = pure.diffuse(c_pure, share, seek, outflow=True)
        assert e_fast == e_pure > 0
        assert np.array_equal(c_fast, c_pure) and np.array_equal(out_fast, out_pure)
        e_fast, none = fast.diffuse(costs.copy(), share, seek, outflow=False)
        assert e_fast == e_pure and none is None


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 40), density=st.floats(0.0, 0.6), seed=st.integers(0, 2**32 - 1))
def test_diffuse_kernel_is_the_numpy_step_on_any_graph(n, density, seed):
    # the kernel scatters each cut to its source's outflow while it sums the recipient's inflow;
    # the numpy path gathers with a CSR mat-vec and a bincount. On any symmetric graph (isolated
    # firms included), costs with ties, zero absorptive capacities and any attitudes, both must
    # give the same costs, outflows and count of flowing links, bit for bit
    rng = np.random.default_rng(seed)
    upper = sps.triu(sps.random(n, n, density=density, random_state=rng, format="csr"), k=1)
    A = ((upper + upper.T) > 0).astype(np.int8).tocsr()
    costs = rng.choice([1.0, 1.25, 2.0], n) * rng.choice([1.0, rng.uniform(0.5, 1.0)], n)
    cluster = Cluster(A, costs=costs, share=rng.random(n) < 0.5, seek=rng.random(n) < 0.7,
                      absorptive_capacity=rng.choice([0.0, 0.3, 1.0], n))
    fast, pure = Links(cluster, 0.6), Links(cluster, 0.6, compiled=False)
    assert fast.kernels is not None
    share, seek = cluster.share.copy(), cluster.seek.copy()          # writable, as simulate passes them
    for want_out in (True, False):
        c_fast, c_pure = costs.copy(), costs.copy()
        e_fast, out_fast = fast.diffuse(c_fast, share, seek, outflow=want_out)
        e_pure, out_pure = pure.diffuse(c_pure, share, seek, outflow=want_out)
        assert e_fast == e_pure and np.array_equal(c_fast, c_pure)
        assert (out_fast is None and out_pure is None) if not want_out else np.array_equal(out_fast, out_pure)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 40), density=st.floats(0.0, 0.6), sharing_cost=st.sampled_from([0.0, 0.3]),
       seed=st.integers(0, 2**32 - 1))
def test_best_response_kernel_is_the_numpy_rule(n, density, sharing_cost, seed):
    # the compiled best response against simulate's numpy rule on any symmetric graph (segments
    # of 1-4 firms, firms priced out, ties in costs, firms that do not seek), any updating firms.
    # The kernel reads only the updating firms' rows; the threshold subsidy + fine is also set to
    # one updating firm's loss on the numpy path and to the float just below it: that firm then
    # decides on a tie, so a loss one bit above or below numpy's would flip one of the decisions
    from gametheory.dynamics.simulate import _sharing_losses

    rng = np.random.default_rng(seed)
    upper = sps.triu(sps.random(n, n, density=density, random_state=rng, format="csr"), k=1)
    A = ((upper + upper.T) > 0).astype(np.int8).tocsr()
    costs = rng.choice([1.0, 1.25, 2.0, 3.5], n) * rng.choice([1.0, rng.uniform(0.8, 1.0)], n)
    segments = np.unique(rng.integers(0, max(1, n // 2), n), return_inverse=True)[1].astype(np.int64)
    cluster = Cluster(A, costs=costs, seek=rng.random(n) < 0.7, absorptive_capacity=rng.choice([0.0, 0.4, 1.0], n),
                      segments=segments)
    fast, pure = Links(cluster, 0.6), Links(cluster, 0.6, compiled=False)
    markets = Markets(cluster.segments, 4.0, 1.0, costs, compiled=False)
    market = markets.solve(costs)
    seek = cluster.seek.copy()
    same_segment = cluster.segments[pure.source] == cluster.segments[pure.recipient]
    losses = _sharing_losses(cluster, pure, costs, seek, market, markets, same_segment, sharing_cost)
    active = np.asarray(markets.firms_active(market), dtype=np.int64)
    firms = np.sort(rng.permutation(n)[: rng.integers(1, n + 1)]).astype(np.int64)
    pivot = losses[rng.choice(firms)]
    for level in (0.1, pivot, np.nextafter(pivot, 0.0)):
        share = np.zeros(n, dtype=bool)
        _kernels.load().best_response(fast._indptr, fast.indices, fast._row_weight, costs, seek, segments,
                                      market["quantities"], active, sharing_cost, float(level), firms, share)
        assert np.array_equal(share[firms], level >= losses[firms])
        assert not share[np.setdiff1d(np.arange(n), firms)].any()          # only the updating firms


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 200), p=st.floats(0.0, 1.0), seed=st.integers(0, 2**32 - 1))
def test_updating_kernel_is_nonzero(n, p, seed):
    # the compiled path writes the updating firms into a buffer: the prefix it returns must be
    # np.nonzero of the numpy path's mask, firms without links excluded
    rng = np.random.default_rng(seed)
    draws, degree = rng.random(n), rng.integers(0, 3, n).astype(np.int64)
    buffer = np.empty(n, dtype=np.int64)
    count = _kernels.load().updating(draws, p, degree, buffer)
    assert np.array_equal(buffer[:count], np.nonzero((draws < p) & (degree > 0))[0])


@pytest.mark.parametrize("b", [1.0, 0.37])
@pytest.mark.parametrize("n, shuffled", [(203, False), (200, False), (200, True)], ids=["full", "last-short", "shuffled"])
def test_markets_kernel_matches_cournot_unchecked(b, n, shuffled):
    # the padded blocks through cournot_unchecked (numpy) and through the kernel: same quantities,
    # profits, surplus and active counts; costs with ties, firms priced out, a repeated call
    # (the kernel starts its sort from the previous order). Segments in firm order, with the last
    # one full or short (the kernel serves each segment's firms right after its row), or shuffled
    # (a separate pass over the firms)
    rng = np.random.default_rng(2)
    segments = np.arange(n) // 7
    if shuffled:
        segments = rng.permutation(segments)
    costs = rng.choice([1.0, 1.5, 2.0, 3.9, 4.5], n) * rng.choice([1.0, 1.0, 0.97], n)
    fast, pure = Markets(segments, 4.0, b, costs), Markets(segments, 4.0, b, costs, compiled=False)
    assert fast.in_order is not shuffled
    for _ in range(3):
        got, ref = fast.solve(costs), pure.solve(costs)
        for key in ("quantities", "profits", "consumer_surplus"):
            assert np.array_equal(got[key], ref[key]), key
        assert np.array_equal(fast.firms_active(got), pure.firms_active(ref))
        assert got["producing"] == np.count_nonzero(ref["quantities"] > 0)
        costs = costs * rng.uniform(0.95, 1.0, costs.size)


def test_pure_switch_from_the_environment():
    code = "from gametheory.dynamics import _kernels; print(_kernels.enabled, _kernels.load() is None)"
    env = {**os.environ, "GAMETHEORY_PURE": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"] and out.stderr == ""


def test_a_small_run_does_not_pay_the_warm_up():
    # below MIN_WORK link-steps simulate stays on numpy (numba not even imported) unless the
    # kernels are already loaded in the process
    code = ("import sys; from gametheory.dynamics import random_cluster, Rules, simulate; "
            "simulate(random_cluster(200, 6.0, seed=0), Rules(), 10, seed=0); print('numba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]
    assert 200 * 3 * 10 < _kernels.MIN_WORK


def test_kernels_compile_without_a_cache_directory():
    # numba cannot cache a function without a source file (as when no cache directory is
    # writable): the decorator falls back to compiling in memory, silently
    from gametheory.dynamics._numba_kernels import _jit

    namespace: dict = {}
    exec("def plus_one(x):\n    return x + 1.0\n", namespace)
    assert _jit("float64(float64)")(namespace["plus_one"])(1.5) == 2.5
