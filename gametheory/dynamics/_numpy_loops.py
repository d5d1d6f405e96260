"""numpy's own ``exp`` inner loop, for compiled code to call without Python (:func:`exp_loop`).

The compiled run (``_numba_kernels.run``) must compute :math:`e^x` with numpy's ``exp``: numba's
is libm's, which differs from numpy's SIMD implementation in the last bit on 4.6 % of inputs
(measured on uniform values in [-30, 30]). A ufunc keeps its one-dimensional loops in a table of
C function pointers, part of numpy's public C API (``PyUFuncObject.functions``, with the type
numbers of each loop in ``types``); the loop for ``float64 -> float64`` is the one numpy selects
for a float64 array, dispatched at import to the CPU's best implementation. The compiled run
calls it through its address, so it runs no Python code: an interrupt or an exception raised in
another thread's behalf (``time_limit``) arrives when the run returns to Python, every few
milliseconds (an object-mode block, tried first, turned such exceptions into numba's
``TypeError``). :func:`gametheory.dynamics._kernels.run_kernel` checks the loop against
``np.exp`` bit for bit before a run relies on it.
"""

from __future__ import annotations

import ctypes

import numpy as np

__all__ = ["exp_loop", "float64_loop"]


class _UFunc(ctypes.Structure):
    """The leading fields of numpy's ``PyUFuncObject`` (``numpy/ufuncobject.h``)."""

    _fields_ = [("ob_refcnt", ctypes.c_ssize_t), ("ob_type", ctypes.c_void_p),
                ("nin", ctypes.c_int), ("nout", ctypes.c_int), ("nargs", ctypes.c_int), ("identity", ctypes.c_int),
                ("functions", ctypes.POINTER(ctypes.c_void_p)), ("data", ctypes.POINTER(ctypes.c_void_p)),
                ("ntypes", ctypes.c_int), ("reserved1", ctypes.c_int), ("name", ctypes.c_char_p),
                ("types", ctypes.POINTER(ctypes.c_char))]


def exp_loop() -> tuple[int, int] | None:
    """The address of ``np.exp``'s ``float64 -> float64`` loop and its data pointer, or None
    (:func:`float64_loop` of ``np.exp``)."""
    return float64_loop(np.exp)


def float64_loop(ufunc: np.ufunc) -> tuple[int, int] | None:
    """The address of a one-argument ufunc's ``float64 -> float64`` loop and its data pointer.

    The loop's C signature is ``void loop(char **args, npy_intp *dimensions, npy_intp *steps,
    void *data)``. None when the ufunc is not one-in, one-out, has no such loop, or its fields do
    not read as expected (a numpy whose layout differs): the caller then does without it."""
    if not isinstance(ufunc, np.ufunc) or (ufunc.nin, ufunc.nout) != (1, 1):
        return None
    try:
        fields = _UFunc.from_address(id(ufunc))
        if ((fields.nin, fields.nout, fields.nargs) != (1, 1, 2) or fields.ntypes != ufunc.ntypes
                or fields.name != ufunc.__name__.encode()):
            return None
        double = np.dtype(np.float64).num
        types = [ord(fields.types[k]) for k in range(2 * fields.ntypes)]
        for k in range(fields.ntypes):                # numpy takes the first loop whose types match
            if types[2 * k] == double and types[2 * k + 1] == double:
                address = fields.functions[k]
                return (int(address), int(fields.data[k] or 0)) if address else None
    except (ValueError, TypeError, OSError):          # pragma: no cover - a numpy without these fields
        return None
    return None
