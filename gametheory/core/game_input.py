r"""Reading a finite game's payoffs: one array per player, classified as exact, float or symbolic.

:class:`~gametheory.core.normal_form.NormalFormGame` accepts payoffs in many shapes — nested
lists, numpy arrays, sympy Matrices, nashpy's ``Game(A, B)`` pair of matrices, one stacked array
of shape :math:`(n, |S_1|, \dots, |S_n|)` — and entries of several kinds. This module turns all of
them into one stored form and rejects everything else with a
:class:`~gametheory.core.params.DomainError` that names the entry.

How an entry is classified
--------------------------
1. ``int``, :class:`~fractions.Fraction`, sympy ``Rational`` (any :class:`numbers.Rational`):
   **exact**, stored as a :class:`~fractions.Fraction` (it compares equal to sympy's ``Rational``
   and is much cheaper to compute with);
2. ``float``, numpy floating, sympy ``Float``: **float**, stored as ``float64`` (NaN and infinity
   refused);
3. any other real sympy expression (a symbol, ``sqrt(2)``): **symbolic**.

A game takes the most general kind of its entries: one symbolic entry makes every entry a sympy
object, otherwise one float entry makes the arrays ``float64``, otherwise everything is exact.
Booleans, ``None``, strings and complex numbers are refused — a string never reaches ``sympify``.

Integer arrays take a fast path: they stay ``int64`` (when their entries are below
:math:`2^{62}` in absolute value) and :class:`~fractions.Fraction` objects are only built when
someone asks for the exact payoffs. The best-response computations of exact games always run on
integers: each player's payoffs are multiplied by the least common multiple of their
denominators (:func:`_scaled_integers`), a positive scaling that changes no best response.

Examples
--------
>>> data = read_payoffs(([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
>>> data.kind, data.shape, data.players, data.strategies
('exact', (2, 2), ('P1', 'P2'), (('s0', 's1'), ('s0', 's1')))
>>> read_payoffs(([[0.5, 0], [0, 1]], [[1, 0], [0, 2]])).kind
'float'
>>> read_payoffs(([["3", 0], [5, 1]], [[3, 5], [0, 1]]))
Traceback (most recent call last):
...
gametheory.core._validate.DomainError: payoff of player 1 at (0, 0) must be a number or sympy expression, got str '3'
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import reduce
from typing import Any, Iterable, NamedTuple

import numpy as np

from gametheory.core._validate import EXACT, FLOAT, SYMBOLIC, DomainError, classify_number
from gametheory.core.lazy_sympy import is_sympy, sp
from gametheory.core.params import rejects_text

__all__ = ["read_payoffs", "entry_to_sympy", "entries_to_sympy", "EXACT", "FLOAT", "SYMBOLIC"]

# EXACT, FLOAT, SYMBOLIC: the three kinds of payoffs (:attr:`NormalFormGame.kind
# <gametheory.core.normal_form.NormalFormGame.kind>`), the kinds of :func:`classify_number`.


class GameInput(NamedTuple):
    """The checked, converted content of a game (what :class:`NormalFormGame` stores)."""

    kind: str
    """``"exact"``, ``"float"`` or ``"symbolic"``."""
    data: tuple[np.ndarray, ...] | None
    """Fraction / float64 / sympy object arrays; ``None`` for int64 input (built lazily)."""
    fast: tuple[np.ndarray, ...] | None
    """int64 arrays of integer input (the exact fast path), else ``None``."""
    scales: tuple[int, ...] | None
    """The factors by which ``fast`` scales the payoffs (1 for integer input)."""
    shape: tuple[int, ...]
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]


@rejects_text(text=('players', 'strategies'))
def read_payoffs(payoffs: Any, players: Any = None, strategies: Any = None) -> GameInput:
    r"""Check and convert a game's payoffs and labels (the constructor of :class:`NormalFormGame`).

    Parameters
    ----------
    payoffs : sequence of array-like, or one numpy array of shape :math:`(n, |S_1|, \dots, |S_n|)`
        One array per player, each with one axis per player.
    players : sequence of str, optional
        Player labels; or, when both ``payoffs`` and ``players`` are 2-d tables of numbers,
        nashpy's ``Game(A, B)`` convention: the column player's matrix.
    strategies : sequence of sequences of str, or one sequence of str, optional
        Strategy labels per player (one sequence serves every player with that many strategies).

    Returns
    -------
    GameInput
        ``(kind, data, fast, scales, shape, players, strategies)``.

    Raises
    ------
    DomainError
        No player, wrong number of dimensions, mismatched shapes, an empty strategy set, an entry
        that is not a finite real number or sympy expression, bad labels.
    """
    if players is not None and _is_matrix(players) and _is_matrix(payoffs):
        payoffs, players = (payoffs, players), None      # nashpy's Game(A, B): two matrices
    arrays = _split(payoffs)
    n = len(arrays)
    if n < 1:
        raise DomainError("a normal-form game needs at least 1 player (got 0 payoff arrays)")
    shape = arrays[0].shape
    for i, a in enumerate(arrays):
        if a.ndim != n:
            raise DomainError(f"payoff array of player {i + 1} has {a.ndim} dimensions; a {n}-player game needs {n} "
                              f"(one axis per player), shape {a.shape}")
        if a.shape != shape:
            raise DomainError(f"payoff arrays have mismatched shapes: player 1 {shape}, player {i + 1} {a.shape}")
    if any(k == 0 for k in shape):
        raise DomainError(f"every player needs at least one strategy; shape {shape} has an empty strategy set")
    shape_t = tuple(int(k) for k in shape)
    fast: tuple[np.ndarray, ...] | None = None
    scales: tuple[int, ...] | None = None
    data: tuple[np.ndarray, ...] | None
    if all(a.dtype.kind in "iu" for a in arrays) and all(a.size == 0 or int(np.abs(a).max()) < 2**62 for a in arrays):
        # integer arrays: exact; keep int64 for the mask, build Fractions only when needed
        kind, data = EXACT, None
        fast = tuple(np.array(a, dtype=np.int64) for a in arrays)
        scales = tuple(1 for _ in arrays)
    else:
        kind, data = _convert(arrays)
    return GameInput(kind, data, fast, scales, shape_t, _check_players(players, n),
                     _check_strategies(strategies, shape_t))


# ---------------------------------------------------------------------------------------------
# entries
# ---------------------------------------------------------------------------------------------
def _convert_entry(value: Any, where: str) -> tuple[str, Any]:
    """Classify one payoff entry: ('exact', Fraction) | ('float', float) | ('symbolic', Expr) —
    the package's one number converter, :func:`gametheory.core.params.classify_number`."""
    return classify_number(value, f"payoff {where}")


@rejects_text
def entry_to_sympy(value: Any) -> sp.Expr:
    """A stored payoff entry (Fraction, float, int or sympy, as :func:`classify_number` left it)
    as a sympy number or expression; sympy values are returned as given."""
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, float):
        return sp.Float(value)
    if isinstance(value, (int, np.integer)):
        return sp.Integer(int(value))
    return value


def entries_to_sympy(arr: Any) -> np.ndarray:
    """:func:`entry_to_sympy` of every entry of an array, as an object array of the same shape.

    A plain loop, not ``np.vectorize``: numpy checks the floating-point status after a
    vectorised call, and the first conversion in a process imports sympy (lazily), whose import
    leaves the "invalid" flag set, so ``np.vectorize`` warned "invalid value encountered" about
    correct results."""
    a = np.asarray(arr, dtype=object)
    out = np.empty(a.shape, dtype=object)
    out.flat[:] = [entry_to_sympy(v) for v in a.flat]
    return out


def _scaled_integers(arr: np.ndarray) -> tuple[np.ndarray, int]:
    """Fraction object array -> (integer array, L) with arr * L integral; int64 when it fits."""
    flat = arr.ravel().tolist()
    nums, dens = zip(*[f.as_integer_ratio() for f in flat]) if flat else ((), ())
    L = reduce(math.lcm, set(dens), 1)
    try:
        num_arr = np.array(nums, dtype=np.int64)
        fits = L < 2**62 and int(np.abs(num_arr).max(initial=0)) * L < 2**62
    except OverflowError:
        fits = False
    if fits:
        out = num_arr * (L // np.array(dens, dtype=np.int64))
        return out.reshape(arr.shape), L
    big = np.empty(len(flat), dtype=object)
    big[:] = [n * (L // d) for n, d in zip(nums, dens)]
    return big.reshape(arr.shape), L


# ---------------------------------------------------------------------------------------------
# arrays
# ---------------------------------------------------------------------------------------------
def _to_object_array(x: Any, where: str) -> np.ndarray:
    if isinstance(x, (str, bytes)):
        raise DomainError(f"{where} must be an array of numbers, got a string {x!r}")
    if is_sympy(x, "MatrixBase") or is_sympy(x, "NDimArray"):
        return np.array(x.tolist(), dtype=object)
    if isinstance(x, np.ndarray):
        return x
    try:
        arr = np.array(x, dtype=object)
    except ValueError as exc:  # ragged nested lists
        raise DomainError(f"{where} is not a rectangular array: {exc}") from None
    return arr


def _is_matrix(x: Any) -> bool:
    """A rectangular 2-d table without text (the second argument of nashpy-style ``(A, B)``)."""
    if isinstance(x, (str, bytes)):
        return False
    if is_sympy(x, "MatrixBase"):
        return True
    if isinstance(x, np.ndarray):
        if x.ndim != 2 or x.dtype.kind in "USV":
            return False
        return x.dtype != object or not any(isinstance(v, (str, bytes)) for v in x.flat)
    if not isinstance(x, (list, tuple)) or not x or not all(isinstance(r, (list, tuple, np.ndarray)) for r in x):
        return False
    if len({len(r) for r in x}) != 1:
        return False
    return all(not isinstance(v, (str, bytes, list, tuple, np.ndarray)) for r in x for v in r)


def _split(payoffs: Any) -> list[np.ndarray]:
    """One array per player: from a sequence of arrays, or a stacked numpy array split on axis 0."""
    if isinstance(payoffs, (str, bytes)) or payoffs is None:
        raise DomainError(f"payoffs must be a sequence of arrays (one per player), got {payoffs!r}")
    if isinstance(payoffs, np.ndarray):
        if payoffs.dtype.kind in "US":
            raise DomainError("payoffs must be numbers, got an array of strings")
        if payoffs.ndim >= 2 and payoffs.shape[0] == payoffs.ndim - 1:
            return [np.asarray(p) for p in payoffs]
        hint = " (for a bimatrix game pass both matrices: NormalFormGame(A, B))" if payoffs.ndim == 2 else ""
        raise DomainError(f"a single payoff array must have shape (n, s_1, ..., s_n); got {payoffs.shape}{hint}")
    if is_sympy(payoffs, "MatrixBase") or is_sympy(payoffs, "NDimArray") or not isinstance(payoffs, Iterable):
        raise DomainError("payoffs must be a sequence of arrays, one per player (e.g. (A, B) for a bimatrix game)")
    return [_to_object_array(p, f"payoff array of player {i + 1}") for i, p in enumerate(payoffs)]


def _convert(arrays: list[np.ndarray]) -> tuple[str, tuple[np.ndarray, ...]]:
    """Classify every entry and store the arrays in the game's kind (the most general one)."""
    kinds = set()
    converted: list[np.ndarray] = []
    for i, a in enumerate(arrays):
        kind_char = a.dtype.kind
        if kind_char in "US" or kind_char == "c" or kind_char == "b" or kind_char in "mMV":
            raise DomainError(f"payoff array of player {i + 1} must hold real numbers, got dtype {a.dtype}")
        if kind_char in "iu":
            kinds.add(EXACT)
            converted.append(np.asarray(np.frompyfunc(lambda v: Fraction(int(v)), 1, 1)(a), dtype=object))
            continue
        if kind_char == "f":
            if not np.all(np.isfinite(a)):
                raise DomainError(f"payoff array of player {i + 1} contains NaN or infinity")
            kinds.add(FLOAT)
            converted.append(np.asarray(a, dtype=float))
            continue
        types = set(map(type, a.ravel().tolist())) if a.dtype == object else {None}
        if types and types <= {Fraction, int}:  # fast path: exact Python numbers
            kinds.add(EXACT)
            converted.append(a if types == {Fraction} else
                             np.asarray(np.frompyfunc(lambda v: v if type(v) is Fraction else Fraction(v), 1, 1)(a),
                                        dtype=object))
            continue
        out = np.empty(a.shape, dtype=object)
        for idx, v in np.ndenumerate(a):
            k, val = _convert_entry(v, f"of player {i + 1} at {idx}")
            kinds.add(k)
            out[idx] = val
        converted.append(out)
    if SYMBOLIC in kinds:
        result = []
        for a in converted:
            out = np.empty(a.shape, dtype=object)
            for idx, v in np.ndenumerate(a):
                out[idx] = entry_to_sympy(v)
            result.append(out)
        return SYMBOLIC, tuple(result)
    if FLOAT in kinds:
        return FLOAT, tuple(np.array(a, dtype=float) for a in converted)
    return EXACT, tuple(converted)


# ---------------------------------------------------------------------------------------------
# labels
# ---------------------------------------------------------------------------------------------
def _check_players(players: Any, n: int) -> tuple[str, ...]:
    if players is None:
        return tuple(f"P{i + 1}" for i in range(n))
    if isinstance(players, str) or not isinstance(players, (list, tuple)) or len(players) != n:
        raise DomainError(f"players must be {n} labels (a list or tuple), got {players!r}")
    labels = tuple(players)
    if not all(isinstance(p, str) for p in labels) or len(set(labels)) != n:
        raise DomainError(f"player labels must be distinct strings, got {players!r}")
    return labels


def _check_strategies(strategies: Any, shape: tuple[int, ...]) -> tuple[tuple[str, ...], ...]:
    if strategies is None:
        return tuple(tuple(f"s{k}" for k in range(m)) for m in shape)
    if isinstance(strategies, str) or not isinstance(strategies, (list, tuple)):
        raise DomainError(f"strategies must be sequences of labels (a list or tuple), got {strategies!r}")
    strategies = list(strategies)
    if strategies and all(isinstance(s, str) for s in strategies):
        if len(set(shape)) != 1 or len(strategies) != shape[0]:
            raise DomainError(f"{len(strategies)} strategy labels given for strategy counts {shape}")
        strategies = [strategies] * len(shape)
    if len(strategies) != len(shape):
        raise DomainError(f"strategies: need one label sequence per player ({len(shape)}), got {len(strategies)}")
    out = []
    for i, (labels, m) in enumerate(zip(strategies, shape)):
        if isinstance(labels, str) or not isinstance(labels, (list, tuple)) or len(labels) != m:
            raise DomainError(f"player {i + 1} has {m} strategies but labels {labels!r} were given")
        labels = tuple(labels)
        if not all(isinstance(s, str) for s in labels) or len(set(labels)) != m:
            raise DomainError(f"strategy labels of player {i + 1} must be distinct strings, got {labels!r}")
        out.append(labels)
    return tuple(out)
