"""Work budgets and time limits that work in any thread and in worker processes.

Two tools bound the work of a computation:

* :func:`time_limit` — a context manager that interrupts the code in its ``with`` block after a
  number of seconds by raising an exception *in the thread that entered the block*. It works in
  the main thread, in ordinary threads, in :class:`concurrent.futures.ThreadPoolExecutor` and dask
  workers, in forked or spawned worker processes and on every platform (no ``SIGALRM``).
* :class:`Budget` — a stated budget (seconds and counts standing in for memory) that long
  enumerations check cooperatively at cheap points of their loops; exhausting it raises
  :class:`BudgetExceeded`, which the enumeration turns into a partial result with
  ``complete=False`` and a message naming what was exceeded and the way out.

How :func:`time_limit` interrupts
---------------------------------
One daemon *watchdog* thread per process keeps a heap of deadlines. At a deadline it calls
``PyThreadState_SetAsyncExc`` (CPython's C API, through :mod:`ctypes`) for the target thread; the
interpreter raises the exception there at its next check between bytecodes. Consequences:

* pure-Python code (sympy, the enumeration loops of this package) is interrupted within
  milliseconds;
* a single long call into C (one huge numpy or qhull call, ``time.sleep``, blocking I/O) is
  interrupted only when it returns to Python — such calls must be bounded by size guards
  beforehand, which is what :class:`Budget` is for;
* leaving the block cancels the deadline under a lock and clears an exception that was scheduled
  but not yet delivered, so it never escapes the block.

``SIGALRM`` was used before; it is not used here because it works only in the main thread and on
POSIX, replaces any handler the application installed, and does not nest.

Examples
--------
>>> import time
>>> try:
...     with time_limit(0.05):
...         while True:
...             pass
... except TimeLimitExceeded as exc:
...     print("stopped after", exc.seconds, "s")
stopped after 0.05 s
>>> with time_limit(None):   # no limit
...     print("done")
done
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import math
import os
import threading
import time
from dataclasses import dataclass
from typing import Any, Literal

from gametheory.core._validate import DomainError

__all__ = ["Budget", "BudgetExceeded", "TimeLimitExceeded", "time_limit", "DEFAULT_BUDGET"]


class TimeLimitExceeded(Exception):
    """Raised inside a :func:`time_limit` block when its time is up.

    Attributes
    ----------
    seconds : float or None
        The limit that was exceeded (set on the instance seen by the caller).
    """

    seconds: float | None = None


class BudgetExceeded(Exception):
    """A :class:`Budget` is exhausted.

    Attributes
    ----------
    resource : str
        What ran out: ``"seconds"``, ``"vertices"`` or ``"work"``.
    limit : float or int
        The budget's limit for that resource.
    used : float or int
        How much had been used when it was detected.
    """

    def __init__(self, resource: str, limit: float, used: float, where: str = "") -> None:
        self.resource, self.limit, self.used, self.where = resource, limit, used, where
        what = {"seconds": f"time limit of {limit:g} s ({used:.3g} s used)",
                "vertices": f"vertex limit of {limit:,} ({used:,} vertices)",
                "work": f"work limit of {limit:,} steps ({used:,} used)"}.get(resource, f"{resource} limit {limit}")
        super().__init__(what + (f" during {where}" if where else ""))


# ------------------------------------------------------------------------------------ watchdog
_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)
_set_async_exc.restype = ctypes.c_int


def _raise_in_thread(tid: int, exc_type: type | None) -> int:
    """Schedule ``exc_type`` in thread ``tid`` (None clears a scheduled one). Returns the count."""
    n = _set_async_exc(ctypes.c_ulong(tid), ctypes.py_object(exc_type) if exc_type is not None
                       else ctypes.py_object())
    if n > 1:  # pragma: no cover - CPython documents this as "revert and give up"
        _set_async_exc(ctypes.c_ulong(tid), ctypes.py_object())
        return 0
    return n


class _Entry:
    __slots__ = ("tid", "exc_type", "lock", "active", "fired")

    def __init__(self, tid: int, exc_type: type) -> None:
        self.tid, self.exc_type = tid, exc_type
        self.lock = threading.Lock()
        self.active = True
        self.fired = False

    def fire(self) -> None:
        with self.lock:
            if self.active:
                self.fired = _raise_in_thread(self.tid, self.exc_type) == 1


class _Watchdog:
    """One daemon thread per process serving every pending deadline."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None

    def add(self, deadline: float, entry: _Entry) -> None:
        with self._cond:
            heapq.heappush(self._heap, (deadline, next(self._seq), entry))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="gametheory-watchdog", daemon=True)
                self._thread.start()
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    while self._heap and not self._heap[0][2].active:
                        heapq.heappop(self._heap)
                    if not self._heap:
                        self._cond.wait()
                        continue
                    wait = self._heap[0][0] - time.monotonic()
                    if wait <= 0:
                        entry = heapq.heappop(self._heap)[2]
                        break
                    self._cond.wait(wait)
            entry.fire()

    def _reset(self) -> None:  # after fork: the child has no watchdog thread
        self._cond = threading.Condition()
        self._heap = []
        self._thread = None


_WATCHDOG = _Watchdog()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_WATCHDOG._reset)


class time_limit:
    """Context manager: raise an exception in the current thread after ``seconds``.

    Parameters
    ----------
    seconds : float or None
        The limit; ``None`` (or ``inf``) means no limit. Must be positive otherwise.
    exception : type, default TimeLimitExceeded
        Exception class raised when the time is up (a fresh subclass of it is raised, so nested
        limits can tell their own timeout from an outer one; ``except exception`` catches it).

    Notes
    -----
    Works in any thread and process (see the module docstring): pure-Python code is interrupted
    between bytecodes; a long single call into C code is interrupted when it returns. The limit
    is cancelled reliably when the block is left; an exception scheduled but not yet delivered at
    that moment is cleared.

    Examples
    --------
    >>> with time_limit(5):
    ...     x = sum(range(1000))
    >>> x
    499500
    """

    def __init__(self, seconds: float | None, exception: type = TimeLimitExceeded) -> None:
        if seconds is not None:
            if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or math.isnan(seconds) \
                    or seconds <= 0:
                raise DomainError(f"time_limit needs a positive number of seconds or None, got {seconds!r}")
            if math.isinf(seconds):
                seconds = None
        if not (isinstance(exception, type) and issubclass(exception, BaseException)):
            raise DomainError(f"exception must be an exception class, got {exception!r}")
        self.seconds = seconds
        self.exception = exception
        self._entry: _Entry | None = None

    def __enter__(self) -> "time_limit":
        if self.seconds is not None:
            cls = type(self.exception.__name__, (self.exception,), {"seconds": self.seconds,
                                                                     "__module__": self.exception.__module__})
            self._entry = _Entry(threading.get_ident(), cls)
            _WATCHDOG.add(time.monotonic() + self.seconds, self._entry)
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> Literal[False]:
        entry = self._entry
        if entry is None:
            return False
        with entry.lock:
            entry.active = False
            if entry.fired:  # scheduled: clear it in case it was not delivered yet
                _raise_in_thread(entry.tid, None)
        self._entry = None
        return False


@dataclass(frozen=True)
class Budget:
    """A work budget: seconds, and counts standing in for memory.

    Parameters
    ----------
    seconds : float or None, default 30
        Wall-clock limit (``None``: unlimited).
    max_vertices : int or None, default 500_000
        Largest number of polytope vertices / intermediate rays kept at once (about 1 kB each
        with their exact coordinates and bookkeeping: the default stands in for roughly 2 GB
        with the transient arrays of the adjacency tests).
    max_work : int or None, default 50_000_000
        Largest number of elementary steps counted by an enumeration (candidate pairs tested,
        subsets screened); bounds the size of transient arrays as well as time.

    Notes
    -----
    Budgets are checked cooperatively by the enumerations at cheap points (once per vertex,
    per batch of candidates), so the overhead is not measurable and the checks work in any
    thread or process. Call :meth:`start` to get a running :class:`BudgetClock`.

    Examples
    --------
    >>> Budget(seconds=5).seconds
    5
    >>> Budget(seconds=None, max_vertices=None).describe()
    'no time limit, no vertex limit, 50,000,000 work steps'
    """

    seconds: float | None = 30.0
    max_vertices: int | None = 500_000
    max_work: int | None = 50_000_000

    def __post_init__(self) -> None:
        if self.seconds is not None and (isinstance(self.seconds, bool) or not isinstance(self.seconds, (int, float))
                                         or math.isnan(self.seconds) or self.seconds <= 0):
            raise DomainError(f"Budget.seconds must be a positive number or None, got {self.seconds!r}")
        for name in ("max_vertices", "max_work"):
            v = getattr(self, name)
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v <= 0):
                raise DomainError(f"Budget.{name} must be a positive integer or None, got {v!r}")

    @classmethod
    def coerce(cls, budget: Any = None, time_limit: Any = None) -> "Budget":
        """A Budget from ``budget`` (Budget, seconds, or None = default) and an optional override."""
        if budget is None:
            b = DEFAULT_BUDGET
        elif isinstance(budget, Budget):
            b = budget
        elif isinstance(budget, (int, float)) and not isinstance(budget, bool):
            b = cls(seconds=float(budget))
        else:
            raise DomainError(f"budget must be a Budget, a number of seconds or None, got {budget!r}")
        if time_limit is not None:
            b = cls(seconds=time_limit, max_vertices=b.max_vertices, max_work=b.max_work)
        return b

    def describe(self) -> str:
        parts = ["no time limit" if self.seconds is None else f"{self.seconds:g} s",
                 "no vertex limit" if self.max_vertices is None else f"{self.max_vertices:,} vertices",
                 "no work limit" if self.max_work is None else f"{self.max_work:,} work steps"]
        return ", ".join(parts)

    def start(self) -> "BudgetClock":
        """A running clock for this budget (the time starts now)."""
        return BudgetClock(self)


#: The default budget of the equilibrium enumerations: 30 s, 500,000 vertices, 5e7 work steps.
DEFAULT_BUDGET = Budget()


class BudgetClock:
    """A running :class:`Budget`: cheap checks that raise :class:`BudgetExceeded`.

    Examples
    --------
    >>> clock = Budget(max_work=10).start()
    >>> clock.spend(5)
    >>> try:
    ...     clock.spend(6, "a test")
    ... except BudgetExceeded as exc:
    ...     print(exc.resource, exc)
    work work limit of 10 steps (11 used) during a test
    """

    __slots__ = ("budget", "start_time", "deadline", "work")

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.start_time = time.monotonic()
        self.deadline = math.inf if budget.seconds is None else self.start_time + budget.seconds
        self.work = 0

    def elapsed(self) -> float:
        return time.monotonic() - self.start_time

    def check(self, where: str = "") -> None:
        """Raise :class:`BudgetExceeded` when the time is up."""
        if time.monotonic() > self.deadline:
            assert self.budget.seconds is not None  # else the deadline is infinite
            raise BudgetExceeded("seconds", self.budget.seconds, self.elapsed(), where)

    def vertices(self, count: int, where: str = "") -> None:
        """Check the time and that ``count`` vertices are within the budget."""
        mv = self.budget.max_vertices
        if mv is not None and count > mv:
            raise BudgetExceeded("vertices", mv, count, where)
        self.check(where)

    def spend(self, steps: int, where: str = "") -> None:
        """Count ``steps`` units of work; check the work limit and the time."""
        self.work += steps
        mw = self.budget.max_work
        if mw is not None and self.work > mw:
            raise BudgetExceeded("work", mw, self.work, where)
        self.check(where)
