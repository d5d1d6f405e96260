"""Domain checks that understand sympy symbols, and the exact-number conventions.

Every public constructor in :mod:`gametheory` passes its parameters through :func:`as_param`
(or :func:`as_params`) and states its domain with :func:`require`.

Conventions
-----------
* Python ``int`` and :class:`fractions.Fraction` are *exact*: they become :class:`sympy.Rational`
  so that every downstream quantity is an exact rational.
* ``float`` stays a float (:class:`sympy.Float` inside sympy expressions); NaN and infinities are
  rejected.
* sympy expressions are accepted as they are; their assumptions (``positive=True`` …) are used to
  decide domain conditions.
* Strings are **never** passed to :func:`sympy.sympify` (that would ``eval`` them). Text from the
  command line goes through :func:`parse_number`, a restricted parser for numbers and fractions.

``require`` raises :class:`DomainError` when a condition is *provably* false or involves
NaN/inf, and lets it pass when the symbols' assumptions leave it open (the behaviour of
``sympy.stats``' ``_value_check``); the open condition is returned so that a result can carry it.
"""

from __future__ import annotations

import math
import numbers
import re
from fractions import Fraction
from collections.abc import Mapping
from typing import Any, Iterable, Union

import numpy as np
from gametheory.core.lazy_sympy import is_sympy, sp

__all__ = [
    "DomainError",
    "Number",
    "EXACT",
    "FLOAT",
    "SYMBOLIC",
    "as_param",
    "classify_number",
    "as_params",
    "is_symbolic",
    "parse_number",
    "positive_decided",
    "require",
    "to_expr",
    "to_float",
]

Number = Union[int, float, Fraction, "sp.Expr"]
"""A parameter value: an exact or floating number, or a sympy expression."""


class DomainError(ValueError):
    """A parameter is outside the domain of a model or a solver."""


def is_symbolic(x: Any) -> bool:
    """True if ``x`` (a number, sympy object or array of them) contains free symbols."""
    if is_sympy(x):
        return bool(x.free_symbols)
    if isinstance(x, np.ndarray):
        return x.dtype == object and any(is_symbolic(v) for v in x.flat)
    if isinstance(x, (list, tuple)):
        return any(is_symbolic(v) for v in x)
    return False


def as_param(
    value: Any,
    name: str,
    *,
    positive: bool = False,
    nonnegative: bool = False,
    integer: bool = False,
    unit_interval: bool = False,
    open_unit_interval: bool = False,
) -> sp.Expr:
    """Convert ``value`` to a sympy number or expression and check its domain.

    Parameters
    ----------
    value : int, float, Fraction, numpy scalar or sympy.Expr
        The parameter. Strings, ``None``, booleans and containers are rejected.
    name : str
        Used in error messages.
    positive, nonnegative, integer, unit_interval, open_unit_interval : bool
        Domain requirements: ``> 0``, ``>= 0``, an integer, ``[0, 1]``, ``(0, 1)``.

    Returns
    -------
    sympy.Expr
        ``Rational`` for exact input, ``Float`` for floats, the expression itself otherwise.

    Raises
    ------
    DomainError
        NaN/inf, a non-numeric value, or a value provably outside the domain.

    Examples
    --------
    >>> as_param(3, "a"), as_param(Fraction(1, 2), "b"), as_param(0.5, "c")
    (3, 1/2, 0.500000000000000)
    >>> as_param(-1, "k", positive=True)
    Traceback (most recent call last):
    ...
    gametheory.core._validate.DomainError: k must be > 0, got -1
    """
    x = _to_sympy(value, name)
    if positive:
        require(x > 0, f"{name} must be > 0, got {value!r}")
    if nonnegative:
        require(x >= 0, f"{name} must be >= 0, got {value!r}")
    if unit_interval:
        require(sp.And(x >= 0, x <= 1), f"{name} must lie in [0, 1], got {value!r}")
    if open_unit_interval:
        require(sp.And(x > 0, x < 1), f"{name} must lie in (0, 1), got {value!r}")
    if integer:
        if x.is_integer is False or (x.is_number and not x.is_Integer):
            raise DomainError(f"{name} must be an integer, got {value!r}")
    return x


def as_params(values: Any, name: str, *, min_length: int = 1, flatten: bool = False,
              **domain: bool) -> tuple[sp.Expr, ...]:
    """Convert a flat sequence of parameters with :func:`as_param`, one entry per item.

    Parameters
    ----------
    values : sequence
        A list, tuple, 1-d numpy array, 1-d sympy matrix (row or column) or other ordered iterable
        of numbers or sympy expressions.
    name : str
        Used in error messages (entries are named ``name[i]``).
    min_length : int, default 1
        Fewest entries accepted.
    flatten : bool, default False
        Read a multi-dimensional array or nested sequences in row-major order instead of refusing
        them. Only for callers whose parameter really is a flattened table.
    **domain : bool
        Domain flags of :func:`as_param` applied to every entry.

    Raises
    ------
    DomainError
        Text, an unordered or keyed container (set, dict), an array with ``ndim != 1`` or nested
        sequences (unless ``flatten=True``): such input is never silently reinterpreted — a 2x2
        array is not four firms —, too few entries, or an entry :func:`as_param` rejects.

    Examples
    --------
    >>> as_params([1, Fraction(1, 2)], "costs")
    (1, 1/2)
    >>> as_params(np.array([[1, 2], [3, 4]]), "valuations")
    Traceback (most recent call last):
    ...
    gametheory.core._validate.DomainError: valuations must be a flat (1-d) sequence of numbers, one per entry; got an array of shape (2, 2) (pass a 1-d sequence, e.g. arr.ravel() if the entries are meant one by one)
    """
    if isinstance(values, (str, bytes, bytearray)) or not (isinstance(values, Iterable) or is_sympy(values, "MatrixBase")):
        raise DomainError(f"{name} must be a sequence of numbers, got {values!r:.80}")
    if isinstance(values, (set, frozenset, Mapping)):
        kind = "an unordered set" if isinstance(values, (set, frozenset)) else "a mapping (iteration would read its keys)"
        raise DomainError(f"{name} must be an ordered sequence of numbers (list, tuple or 1-d array), got {kind}: "
                          f"{values!r:.80}")
    shape = None
    if isinstance(values, np.ndarray):
        shape = values.shape
    elif isinstance(getattr(values, "ndim", None), int) and hasattr(values, "shape"):   # pandas, xarray, ...
        shape = tuple(values.shape)
    elif is_sympy(values, "MatrixBase"):
        shape = values.shape if min(values.shape) > 1 else (len(values),)
    elif is_sympy(values, "NDimArray"):
        shape = values.shape
    if shape is not None and len(shape) != 1:
        if not flatten or len(shape) == 0:
            raise DomainError(f"{name} must be a flat (1-d) sequence of numbers, one per entry; got an array of shape "
                              f"{tuple(shape)} (pass a 1-d sequence, e.g. arr.ravel() if the entries are meant one by one)")
        items = list(np.asarray(values.tolist() if is_sympy(values, "MatrixBase") or is_sympy(values, "NDimArray") else values,
                                dtype=object).ravel())
    else:
        items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    if any(_is_container(v) for v in items):
        if not flatten:
            k = next(i for i, v in enumerate(items) if _is_container(v))
            raise DomainError(f"{name} must be a flat sequence of numbers, one per entry; {name}[{k}] is a "
                              f"{type(items[k]).__name__} ({items[k]!r:.60}): nested sequences are not flattened")
        items = _flattened(items, name)
    if len(items) < min_length:
        raise DomainError(f"{name} needs at least {min_length} entries, got {len(items)}")
    return tuple(_as_param_fast(v, f"{name}[{i}]", domain) for i, v in enumerate(items))


def _is_container(v: Any) -> bool:
    return ((isinstance(v, (list, tuple, set, frozenset, dict, np.ndarray))
             or any(is_sympy(v, kind) for kind in ("MatrixBase", "NDimArray", "Tuple")))
            and not (isinstance(v, np.ndarray) and v.ndim == 0))


def _flattened(items: list, name: str) -> list:
    out = []
    for v in items:
        if isinstance(v, (set, frozenset, dict)):
            raise DomainError(f"{name} must not contain unordered or keyed containers, got {v!r:.60}")
        if _is_container(v):
            out.extend(_flattened(list(np.asarray(v, dtype=object).ravel()) if isinstance(v, np.ndarray) else list(v), name))
        else:
            out.append(v)
    return out


_PLAIN_CHECKS = {
    "positive": lambda x: x > 0,
    "nonnegative": lambda x: x >= 0,
    "unit_interval": lambda x: 0 <= x <= 1,
    "open_unit_interval": lambda x: 0 < x < 1,
}


def _as_param_fast(value: Any, name: str, domain: dict) -> sp.Expr:
    """:func:`as_param` with the domain decided in Python for plain finite numbers (same result, no
    sympy relational per entry); anything else, or a failing check, goes through :func:`as_param`."""
    if (type(value) in (int, float, Fraction) and not domain.get("integer")
            and (type(value) is not float or math.isfinite(value))
            and all(k in _PLAIN_CHECKS and _PLAIN_CHECKS[k](value) for k, on in domain.items() if on)):
        return _to_sympy(value, name)
    return as_param(value, name, **domain)


#: The three kinds of number a user may give (:func:`classify_number`).
EXACT, FLOAT, SYMBOLIC = "exact", "float", "symbolic"


def classify_number(value: Any, name: str) -> tuple[str, Any]:
    """The one converter of a user's number: ``(kind, value)`` with ``kind`` one of
    ``"exact"`` (a :class:`~fractions.Fraction`), ``"float"`` (a Python float) or ``"symbolic"``
    (a real sympy expression that is neither a Rational nor a Float).

    Accepted: Python and numpy integers and floats, :class:`~fractions.Fraction` and other
    :class:`numbers.Rational`, sympy expressions. Refused with a :class:`DomainError` naming
    ``name``: bools and None, text (never parsed), NaN and infinities, complex values — a sympy
    expression that is provably not real, or that contains the imaginary unit ``I`` and is not
    provably real (``x + I`` for a plain symbol ``x``) —, sympy objects that are not expressions
    (relations, matrices). Payoff entries, model parameters and
    the bimatrix solvers' inputs all pass through here.

    Examples
    --------
    >>> classify_number(3, "a"), classify_number(0.5, "b")
    (('exact', Fraction(3, 1)), ('float', 0.5))
    >>> classify_number(float("nan"), "c")
    Traceback (most recent call last):
    ...
    gametheory.core._validate.DomainError: c must be finite, got nan (NaN or infinite)
    """
    if isinstance(value, (bool, np.bool_)) or value is None:
        raise DomainError(f"{name} must be a number or sympy expression, got {value!r}")
    if isinstance(value, (int, np.integer)):
        return EXACT, Fraction(int(value))
    if isinstance(value, Fraction):
        return EXACT, value
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if not math.isfinite(v):
            raise DomainError(f"{name} must be finite, got {value!r} (NaN or infinite)")
        return FLOAT, v
    if is_sympy(value):
        if not is_sympy(value, "Expr"):
            raise DomainError(f"{name} must be a sympy expression, got {value!r}")
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            raise DomainError(f"{name} must be finite, got {value!r} (NaN or infinite)")
        if value.is_Rational:
            return EXACT, Fraction(int(value.p), int(value.q))
        if value.is_Float:
            v = float(value)
            if not math.isfinite(v):
                raise DomainError(f"{name} must be finite, got {value!r} (it overflows a float)")
            return FLOAT, v
        if value.is_real is False:
            raise DomainError(f"{name} must be real, got {value!r} (provably not real)")
        if value.has(sp.I) and value.is_real is not True and not (value.is_number and sp.im(value).is_zero is True):
            # x + I with a plain symbol x has is_real None: the imaginary unit is refused unless
            # the whole expression is provably real, or a number whose imaginary part is 0
            # ((1 + I)*(1 - I)); I*I*x or 0*I never get here, sympy makes them -x and 0
            raise DomainError(f"{name} must be real, got {value!r}: it contains the imaginary unit I "
                              "and is not provably real (model parameters are real numbers)")
        return SYMBOLIC, value
    if isinstance(value, numbers.Rational):
        return EXACT, Fraction(int(value.numerator), int(value.denominator))
    raise DomainError(f"{name} must be a number or sympy expression, got {type(value).__name__} {value!r}")


def _to_sympy(value: Any, name: str) -> sp.Expr:
    """:func:`classify_number`, then the value as sympy (a sympy input is returned as given, so a
    high-precision Float keeps its precision)."""
    kind, x = classify_number(value, name)
    if is_sympy(value):
        return value
    if kind == EXACT:
        return sp.Rational(x.numerator, x.denominator)
    return sp.Float(x)


def require(condition: Any, message: str) -> sp.Basic:
    """Raise :class:`DomainError` if ``condition`` is provably false; return what stays open.

    ``condition`` may be a Python bool, a numpy bool or a sympy relational/boolean. When the
    symbols' assumptions decide it, the answer is final; otherwise the (simplified) condition is
    returned so that a result can carry it.

    Examples
    --------
    >>> a = sp.Symbol("a", positive=True)
    >>> require(a > 0, "a must be positive")
    True
    >>> b = sp.Symbol("b")
    >>> require(b > 0, "b must be positive")
    b > 0
    """
    if isinstance(condition, (bool, np.bool_)):
        if not condition:
            raise DomainError(message)
        return sp.true
    cond = condition
    if is_sympy(cond) and cond.has(sp.nan, sp.zoo):
        raise DomainError(message + " (NaN or undefined value)")
    if cond is sp.false or cond == sp.false:
        raise DomainError(message)
    if cond is sp.true or cond == sp.true:
        return sp.true
    decided = _decide(cond)
    if decided is False:
        raise DomainError(message)
    if decided is True:
        return sp.true
    return cond


def _decide(cond: Any, simplify: Any = None) -> bool | None:
    """Try to decide a boolean / sympy relational from values and assumptions; None when open.

    ``simplify`` (default :func:`sympy.simplify`) is applied to ``lhs - rhs`` of each relation
    before its sign is read from the assumptions; callers that decide many conditions pass a
    cheaper one.
    """
    simplify = sp.simplify if simplify is None else simplify
    if isinstance(cond, (bool, np.bool_)):
        return bool(cond)
    if cond is sp.true or cond == sp.true:
        return True
    if cond is sp.false or cond == sp.false:
        return False
    if isinstance(cond, (sp.And, sp.Or)):
        parts = [_decide(c, simplify) for c in cond.args]
        decisive, other = (False, True) if is_sympy(cond, "And") else (True, False)
        if any(p is decisive for p in parts):
            return decisive
        return other if all(p is other for p in parts) else None
    if is_sympy(cond, "Not"):
        inner = _decide(cond.args[0], simplify)
        return None if inner is None else not inner
    if isinstance(cond, sp.core.relational.Relational):
        diff = simplify(cond.lhs - cond.rhs)
        attr = {">": "is_positive", ">=": "is_nonnegative", "<": "is_negative", "<=": "is_nonpositive",
                "==": "is_zero", "!=": "is_zero"}[cond.rel_op]
        value = getattr(diff, attr)
        if value is None:
            return None
        return (not value) if cond.rel_op == "!=" else bool(value)
    return None


def positive_decided(value: Any) -> bool | None:
    """True if ``value > 0`` provably, False if ``value <= 0`` provably, None if open."""
    v = sp.sympify(value)
    if v.is_positive:
        return True
    if v.is_nonpositive:
        return False
    return None


def to_float(x: Any) -> float:
    """A finite float from a number or a numeric sympy expression (raises on symbols/NaN)."""
    if is_sympy(x):
        if x.free_symbols:
            raise DomainError(f"cannot evaluate {x} numerically: free symbols {sorted(map(str, x.free_symbols))}")
        x = complex(x.evalf())
        if abs(x.imag) > 1e-12 * max(1.0, abs(x.real)):
            raise DomainError(f"value {x} is not real")
        x = x.real
    value = float(x)
    if not math.isfinite(value):
        raise DomainError(f"value {x!r} is not finite")
    return value


def to_expr(value: Any, name: str = "value") -> sp.Basic:
    """:func:`sympy.sympify` for values that are already numbers or sympy objects — never text.

    ``sympify`` of a string *evaluates* it (``sympify('__import__("os").system(...)')`` runs the
    command), so every internal conversion goes through this function: strings and bytes raise
    :class:`DomainError`, anything else goes to ``sympify(..., strict=True)``, which converts
    numbers, booleans, numpy scalars, tuples and sympy objects and refuses the rest.
    Text typed by a user goes through :func:`parse_number` instead.

    Examples
    --------
    >>> to_expr(3), to_expr(0.5), to_expr(sp.Symbol("a") + 1)
    (3, 0.500000000000000, a + 1)
    >>> to_expr("1 + 1", "shadow_cost")
    Traceback (most recent call last):
    ...
    gametheory.core._validate.DomainError: shadow_cost must be a number or sympy expression, not a string '1 + 1' (text is never evaluated; parse typed numbers with parse_number)
    """
    if isinstance(value, (str, bytes, bytearray)):
        if len(value) <= 60:
            shown = repr(value)
        elif isinstance(value, str):
            shown = repr(value[:57] + "...")
        else:                             # bytes[:57] + b"..." is bytes, bytearray's stays bytearray
            shown = repr(value[:57] + b"...")
        raise DomainError(f"{name} must be a number or sympy expression, not a string {shown} "
                          "(text is never evaluated; parse typed numbers with parse_number)")
    if value is None:                     # as sympify(None): callers use None for "not given"
        return None
    if isinstance(value, (tuple, list)):
        items = [to_expr(v, name) for v in value]
        return sp.Tuple(*items) if isinstance(value, tuple) else items
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "USV":
            raise DomainError(f"{name} must be numbers, not text (array of dtype {value.dtype})")
        return sp.Array([to_expr(v, name) for v in value.ravel().tolist()], value.shape)
    try:
        return sp.sympify(value, strict=True)
    except (sp.SympifyError, TypeError) as exc:
        raise DomainError(f"{name} must be a number or sympy expression, "
                          f"got {type(value).__name__} {value!r:.80}") from exc


MAX_EXPONENT = 400
"""Largest ``|exponent|`` :func:`parse_number` accepts by default (``1e400`` is read, ``1e401`` refused)."""
MAX_DIGITS = 4300
"""Most digits :func:`parse_number` accepts by default in a mantissa or a denominator (Python's own
``int(str)`` limit)."""

_NUMBER = re.compile(
    r"\s*(?P<sign>[+-]?)(?:(?P<int>[0-9]+)(?:\.(?P<frac>[0-9]*))?|\.(?P<frac2>[0-9]+))"
    r"(?:[eE](?P<exp>[+-]?[0-9]+))?(?:\s*/\s*(?P<den>[+-]?[0-9]+))?\s*", re.ASCII)


def parse_number(text: str, *, max_exponent: int = MAX_EXPONENT, max_digits: int = MAX_DIGITS) -> Fraction:
    """Parse a number typed by a user (or read from a data file) without evaluating code.

    The one restricted number parser of the package: the ``.nfg`` reader and any text typed by a
    user go through it. Accepts integers, decimals, scientific notation and fractions ``p/q``
    (ASCII digits only; spaces around the number and the ``/`` are allowed). Everything comes
    back exact (:class:`fractions.Fraction`): a typed decimal is meant exactly (``"0.25"`` is 1/4).

    The work is bounded before any big integer is built: a written exponent beyond
    ``max_exponent`` or a mantissa/denominator with more than ``max_digits`` digits is refused,
    so ``"1e999999999"`` or a million-digit integer costs microseconds, not a billion-digit
    integer.

    Parameters
    ----------
    text : str
        The number, e.g. ``"3"``, ``"-0.25"``, ``"1.5e-3"``, ``"3/4"``, ``"2.5e3/7"``.
    max_exponent : int, optional
        Largest accepted ``|exponent|`` (default :data:`MAX_EXPONENT` = 400).
    max_digits : int, optional
        Most digits in the mantissa and in the denominator (default :data:`MAX_DIGITS` = 4300).

    Returns
    -------
    fractions.Fraction
        The exact value.

    Raises
    ------
    DomainError
        Not a number of that grammar, a zero denominator, or beyond the bounds (the message names
        the bound and the keyword that raises it).

    Examples
    --------
    >>> parse_number("3/4"), parse_number("0.2"), parse_number("10"), parse_number("-1.5e-2")
    (Fraction(3, 4), Fraction(1, 5), Fraction(10, 1), Fraction(-3, 200))
    >>> parse_number("__import__('os')")
    Traceback (most recent call last):
    ...
    gametheory.core._validate.DomainError: not a number: "__import__('os')" (expected e.g. 3, 0.25, 1e-3 or 3/4)
    >>> parse_number("1e999999999")
    Traceback (most recent call last):
    ...
    gametheory.core._validate.DomainError: number "1e999999999" has exponent 999999999; |exponent| <= 400 is accepted (pass max_exponent=... to allow more, or write the value as p/q)
    """
    shown = _shown(text)
    if not isinstance(text, str):
        raise DomainError(f"not a number: {shown} (expected text such as 3, 0.25, 1e-3 or 3/4)")
    # cheap length check first: the regex and int() below then run on bounded text
    if len(text) > 2 * max_digits + 64 and len(text.strip()) > 2 * max_digits + 64:
        raise DomainError(f"number {shown} is {len(text)} characters long; at most {max_digits} digits are read "
                          "(pass max_digits=... to allow more)")
    m = _NUMBER.fullmatch(text)
    if m is None:
        raise DomainError(f"not a number: {shown} (expected e.g. 3, 0.25, 1e-3 or 3/4)")
    whole, frac = m["int"] or "", m["frac"] if m["frac"] is not None else (m["frac2"] or "")
    den = m["den"]
    digits = len(whole) + len(frac)
    if digits > max_digits or (den is not None and len(den.lstrip("+-")) > max_digits):
        raise DomainError(f"number {shown} has {max(digits, len((den or '').lstrip('+-')))} digits; at most "
                          f"{max_digits} are read (pass max_digits=... to allow more)")
    exponent = 0
    if m["exp"] is not None:
        exp_digits = m["exp"].lstrip("+-").lstrip("0") or "0"
        if len(exp_digits) > len(str(max_exponent)) or int(exp_digits) > max_exponent:
            raise DomainError(f"number {shown} has exponent {m['exp'].lstrip('+')}; |exponent| <= {max_exponent} "
                              "is accepted (pass max_exponent=... to allow more, or write the value as p/q)")
        exponent = -int(exp_digits) if m["exp"].startswith("-") else int(exp_digits)
    numerator = _int(whole + frac)
    if m["sign"] == "-":
        numerator = -numerator
    denominator = 1
    if den is not None:
        denominator = _int(den)
        if denominator == 0:
            raise DomainError(f"not a number: {shown} (division by zero)")
    exponent -= len(frac)
    if exponent >= 0:
        return Fraction(numerator * 10 ** exponent, denominator)
    return Fraction(numerator, denominator * 10 ** -exponent)


def _int(digits: str) -> int:
    """``int(digits)`` also above Python's 4300-digit limit of ``int(str)`` (for a raised ``max_digits``)."""
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    value = 0
    for i in range(0, len(digits), 4000):
        chunk = digits[i:i + 4000]
        value = value * 10 ** len(chunk) + int(chunk)
    return sign * value


def _shown(text: Any) -> str:
    """``"text"`` for an error message, shortened to 60 characters (a hostile input can be huge)."""
    if isinstance(text, str):
        return '"' + (text if len(text) <= 60 else text[:40] + f"...<{len(text)} characters>") + '"'
    return f"{type(text).__name__} {text!r:.60}"
