"""numpy's ``exp`` for compiled code (:func:`numpy_exp`), and Ctrl-C during a compiled run.

The compiled run (``_numba_kernels.run``) must compute :math:`e^x` with numpy's own ``exp``
(numba's is libm's, which differs from numpy's SIMD implementation in the last bit on a few per
cent of inputs), so it leaves nopython mode for that call. The object-mode block lives in this
module of its own because numba's disk cache pickles the module globals an object-mode block can
see: next to the other kernels, every cached load re-compiled all of them (2.8 s instead of a
fraction of a second).

That block is the only Python code a compiled run executes, so Python delivers a Ctrl-C there,
and numba cannot carry the ``KeyboardInterrupt`` out of object mode (it surfaced as an unrelated
``TypeError``). While a run is in progress :func:`interrupts_noted` therefore replaces Python's
default SIGINT handler by one that only notes the interrupt; :func:`numpy_exp` reports it, the
loop stops, and the caller raises ``KeyboardInterrupt``.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from numba import njit, objmode

__all__ = ["interrupted", "interrupts_noted", "numpy_exp"]

_noted = [False]


def interrupted() -> bool:
    """Whether a Ctrl-C arrived since :func:`interrupts_noted` was entered."""
    return _noted[0]


def _note(signum, frame) -> None:
    _noted[0] = True


@contextmanager
def interrupts_noted() -> Iterator[None]:
    """Within the block, Ctrl-C is noted (:func:`interrupted`) instead of raised.

    Only in the main thread (the only one Python delivers signals to) and only over Python's
    default handler; any other handler someone installed stays in place."""
    _noted[0] = False
    replace = (threading.current_thread() is threading.main_thread()
               and signal.getsignal(signal.SIGINT) is signal.default_int_handler)
    if replace:
        signal.signal(signal.SIGINT, _note)
    try:
        yield
    finally:
        if replace:
            signal.signal(signal.SIGINT, signal.default_int_handler)


def _jit(func):
    try:
        return njit(cache=True)(func)
    except RuntimeError:          # no usable cache directory: compiled in memory
        return njit(cache=False)(func)


@_jit
def numpy_exp(values):
    """``np.exp(values, out=values)`` from compiled code (one object-mode call, about a
    microsecond); returns :func:`interrupted` (a noted Ctrl-C: the caller stops)."""
    with objmode(stop="boolean"):
        np.exp(values, out=values)
        stop = interrupted()
    return stop
