"""Tall matrix products in row blocks that BLAS runs on one thread.

The vertex lists of best-response polytopes are tall and thin (thousands of vertices, a dozen
coordinates). OpenBLAS hands a product with more than about :math:`2.6 \\times 10^5`
multiply-adds to its thread pool. For these shapes the threads buy nothing: the product takes a
fraction of a millisecond next to qhull's tens. They cost a lot, though:

* On a loaded 2-core machine a threaded product waits for a core and stalls for milliseconds.
  One 7000 x 12 by 12 x 12 product was measured at 7.7 ms, against 0.16 ms on one thread.
* After the call the pool spins. On this machine that doubled the CPU time charged to the qhull
  call that came next.

:func:`serial_matmul` cuts the product into row blocks below the threading threshold. Each
block is an ordinary product, so the result agrees with one ``@`` up to rounding.
"""

from __future__ import annotations

import numpy as np

__all__ = ["serial_matmul"]

SERIAL_WORK = 1 << 17
"""Multiply-adds per block: half of OpenBLAS's default threading threshold (65536 x 4)."""


def serial_matmul(P: np.ndarray, M: np.ndarray) -> np.ndarray:
    """``P @ M`` for a tall ``P`` (V, d) and a small ``M`` (d, k), in single-threaded row blocks."""
    V, d = P.shape
    k = M.shape[1]
    step = max(1, SERIAL_WORK // max(1, d * k))
    if V <= step:
        return P @ M
    out = np.empty((V, k))
    for s in range(0, V, step):
        np.matmul(P[s:s + step], M, out=out[s:s + step])
    return out
