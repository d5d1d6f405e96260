"""Validation and conversion of bimatrix payoffs (exact rationals or finite floats).

Every entry passes through the package's one number converter,
:func:`gametheory.core.params.classify_number`; the solvers then need numbers, so a symbolic or
irrational entry is refused with the way out (substitute values, or pass floats). Equilibria are
invariant under a positive affine transformation of each player's payoffs, so the solvers may
rescale them: :func:`unit_scale` maps a float matrix onto [1, 2] (positive payoffs, as the
best-response polytopes need, with a scale-free tolerance) and :func:`int_unit_scale` does the
same for integers without overflow.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from .._validate import SYMBOLIC, DomainError, classify_number

__all__ = ["as_payoffs", "unit_scale", "int_unit_scale"]


def _entry(v: Any, name: str) -> Fraction | float:
    """One payoff as a Fraction or a float (:func:`~gametheory.core.params.classify_number`, the
    package's one number converter); symbolic and irrational entries are refused with the way out."""
    if isinstance(v, (str, bytes)):
        raise DomainError(f"{name} must be a number, got {v!r}")
    kind, x = classify_number(v, name)
    if kind != SYMBOLIC:
        return x
    if x.free_symbols:
        raise DomainError(
            f"{name} = {x} is symbolic; enumerate_equilibria needs numbers (substitute values, "
            "or use NormalFormGame's symbolic equilibrium conditions)")
    raise DomainError(
        f"{name} = {x} is irrational; exact enumeration needs rationals (pass float({x}) "
        "to compute in floating point)")


def as_payoffs(A: Any, B: Any) -> tuple[np.ndarray, np.ndarray, bool]:
    mats = []
    for name, M in (("A", A), ("B", B)):
        if isinstance(M, (str, bytes)):
            raise DomainError(f"payoff matrix {name} must be a 2-d array of numbers, got a string")
        try:
            arr = np.array(M, dtype=object if not isinstance(M, np.ndarray) else None)
        except ValueError as exc:
            raise DomainError(f"payoff matrix {name} is ragged or malformed: {exc}") from None
        if arr.ndim != 2:
            raise DomainError(f"payoff matrix {name} must be 2-d, got shape {arr.shape}")
        if arr.size == 0:
            raise DomainError(f"payoff matrix {name} is empty (shape {arr.shape}): each player needs a strategy")
        if arr.dtype.kind == "f":
            if not np.all(np.isfinite(arr)):
                raise DomainError(f"payoff matrix {name} contains NaN or infinite entries")
            mats.append(arr.astype(float))
            continue
        if arr.dtype.kind in "iu":
            mats.append(np.array([[Fraction(int(v)) for v in row] for row in arr], dtype=object).reshape(arr.shape))
            continue
        if arr.dtype.kind not in "O":
            raise DomainError(f"payoff matrix {name} must hold numbers, got dtype {arr.dtype}")
        vals = [_entry(v, f"{name}[{i}, {j}]") for (i, j), v in np.ndenumerate(arr)]
        mats.append(np.array(vals, dtype=object).reshape(arr.shape))
    A_, B_ = mats
    if A_.shape != B_.shape:
        raise DomainError(f"payoff matrices must have the same shape, got A {A_.shape} and B {B_.shape}")
    exact = all(M.dtype == object and all(isinstance(v, Fraction) for v in M.flat) for M in mats)
    if not exact:
        A_, B_ = (np.array(M, dtype=float) for M in (A_, B_))
    return A_, B_, exact


def unit_scale(M: np.ndarray) -> np.ndarray:
    """Positive affine map of a float matrix onto [1, 2] (all ones if constant)."""
    lo, hi = float(M.min()), float(M.max())
    if hi - lo <= 0 or not math.isfinite(hi - lo):
        span = (hi / 2 - lo / 2) * 2 if math.isfinite(hi / 2 - lo / 2) else 0.0
        if not span > 0:
            return np.ones_like(M, dtype=float)
        return (M / 2 - lo / 2) / (span / 2) + 1.0
    return (M - lo) / (hi - lo) + 1.0


def int_unit_scale(rows: list[list[int]]) -> np.ndarray:
    """Floats in [1, 2] from positive integers (exact int division: no overflow for huge ints)."""
    top = max(max(r) for r in rows) - 1
    if top == 0:
        return np.ones((len(rows), len(rows[0])))
    return np.array([[(v - 1) / top + 1.0 for v in r] for r in rows], dtype=float)
