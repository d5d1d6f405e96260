"""Time limits that work in every thread, and the work budget (gametheory.core.budget)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from gametheory.core.params import DomainError

from gametheory.core.budget import Budget, BudgetExceeded, TimeLimitExceeded, time_limit
from gametheory.core.continuous._kkt import _time_limit, _Timeout


def _spin(seconds: float, limit: float) -> tuple[str, float]:
    """Busy pure-Python loop for up to ``seconds`` under a ``limit``; how it ended and when."""
    t0 = time.monotonic()
    try:
        with time_limit(limit):
            while time.monotonic() - t0 < seconds:
                pass
    except TimeLimitExceeded:
        return "timeout", time.monotonic() - t0
    return "finished", time.monotonic() - t0


def test_timeout_in_main_thread():
    how, dt = _spin(5.0, 0.1)
    assert how == "timeout" and dt < 2.0


def test_timeout_inside_a_thread():
    out = {}

    def work():
        out["result"] = _spin(5.0, 0.1)

    th = threading.Thread(target=work)
    th.start()
    th.join(10)
    assert not th.is_alive()
    how, dt = out["result"]
    assert how == "timeout" and dt < 2.0


def test_timeout_inside_thread_pool_workers():
    with ThreadPoolExecutor(max_workers=2) as ex:
        results = list(ex.map(lambda _: _spin(5.0, 0.1), range(4)))
    assert all(how == "timeout" and dt < 3.0 for how, dt in results)


def test_kkt_time_limit_raises_its_own_exception_in_a_worker_thread():
    def work():
        try:
            with _time_limit(0.1):
                while True:
                    pass
        except _Timeout:
            return "kkt timeout"

    with ThreadPoolExecutor(max_workers=1) as ex:
        assert ex.submit(work).result(timeout=10) == "kkt timeout"
    with _time_limit(None):  # no limit: nothing happens
        pass
    with _time_limit(-1.0):  # an exhausted remainder still returns a usable context
        pass


def test_limit_is_cancelled_when_the_block_ends():
    with time_limit(0.05):
        pass
    t0 = time.monotonic()
    while time.monotonic() - t0 < 0.3:  # no stray exception after the block
        pass
    how, _ = _spin(0.05, 2.0)
    assert how == "finished"


def test_many_short_limits_leave_nothing_behind():
    for _ in range(500):
        with time_limit(0.001 + 1e-4):
            sum(range(50))
    t0 = time.monotonic()
    while time.monotonic() - t0 < 0.2:
        pass


def test_nested_limits_outer_fires_first():
    class Outer(Exception):
        pass

    with pytest.raises(Outer):
        with time_limit(0.1, Outer):
            with time_limit(10.0):
                while True:
                    pass


def test_bad_arguments():
    # every bad argument is a DomainError (the package's one input error), text included
    for bad in (0, -1, float("nan"), "1", True):
        with pytest.raises(DomainError):
            time_limit(bad)
    with pytest.raises(DomainError):
        time_limit(1.0, exception=int)
    with pytest.raises(DomainError):
        Budget(seconds=0)
    with pytest.raises(DomainError):
        Budget(max_vertices=1.5)


def test_budget_clock():
    clock = Budget(seconds=0.05, max_vertices=10, max_work=100).start()
    clock.vertices(10)
    with pytest.raises(BudgetExceeded) as err:
        clock.vertices(11, "a test")
    assert err.value.resource == "vertices" and "11" in str(err.value)
    clock.spend(100)
    with pytest.raises(BudgetExceeded) as err:
        clock.spend(1)
    assert err.value.resource == "work"
    time.sleep(0.06)
    with pytest.raises(BudgetExceeded) as err:
        clock.check("sleeping")
    assert err.value.resource == "seconds" and "sleeping" in str(err.value)
    assert Budget.coerce(None) == Budget()
    assert Budget.coerce(2.0).seconds == 2.0
    assert Budget.coerce(Budget(max_work=5), time_limit=3).max_work == 5
