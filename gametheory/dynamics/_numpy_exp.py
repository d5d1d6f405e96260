"""numpy's ``exp`` for compiled code: :func:`numpy_exp`, a numba function that calls back into numpy.

The compiled run (``_numba_kernels.run``) must compute :math:`e^x` with numpy's own ``exp``
(numba's is libm's, which differs from numpy's SIMD implementation in the last bit on a few per
cent of inputs), so it leaves nopython mode for that call. The object-mode block lives in this
module of its own because numba's disk cache pickles the module globals an object-mode block can
see: next to the other kernels, every cached load re-compiled all of them (2.8 s instead of a
fraction of a second).
"""

from __future__ import annotations

import numpy as np
from numba import njit, objmode

__all__ = ["numpy_exp"]


def _jit(func):
    try:
        return njit(cache=True)(func)
    except RuntimeError:          # no usable cache directory: compiled in memory
        return njit(cache=False)(func)


@_jit
def numpy_exp(values):
    """``np.exp(values, out=values)`` from compiled code (one object-mode call, about a microsecond)."""
    with objmode():
        np.exp(values, out=values)
