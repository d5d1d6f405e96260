"""Parameters from users: conversion, domain checks, and the rule that text is never code.

This is the public kernel every model family uses for its inputs (DESIGN, "Input from users is
untrusted"):

* :func:`as_param` / :func:`as_params` convert numbers and sympy expressions and check domains
  that understand symbols (:func:`require`); :class:`DomainError` is the one error for a value
  outside a model's domain;
* :func:`classify_number` is the one converter of a single number: exact (Fraction), float or
  symbolic, refusing NaN, infinities, complex values, bools and text; payoff entries and model
  parameters go through it;
* :func:`to_expr` is ``sympify`` for values that are already numbers or sympy objects — never
  text: ``sympy.sympify("...")`` runs its argument through ``eval``, and so do sympy functions
  applied to a string (``sympy.log("...")``) and ``expr.subs(x, "...")``;
* :func:`parse_number` is the one parser of typed text (integers, decimals, ``p/q``, bounded
  exponents), used only by the readers of text (the ``.nfg`` reader, the command line);
* :func:`rejects_text` guards a public function or class: any ``str``/``bytes`` argument (or a
  list/tuple holding one) raises :class:`DomainError` naming the parameter, before the body
  runs, except for parameters that are text by design (labels, titles, file paths) or a choice
  among named options (``method="numeric"``), which the callee validates itself.

Examples
--------
>>> @rejects_text(choices=("method",))
... def solve(a, method="exact"):
...     if method not in ("exact", "numeric"):
...         raise DomainError(f"method must be 'exact' or 'numeric', got {method!r}")
...     return a
>>> solve(2, method="numeric")
2
>>> solve("__import__('os')")
Traceback (most recent call last):
...
gametheory.core._validate.DomainError: solve: a is not a string parameter, got "__import__('os')": text is never evaluated as code; pass numbers, sympy objects or the documented types
"""

from __future__ import annotations

import functools
import inspect
import types
from typing import Any, Callable, Iterable

import numpy as np

from gametheory.core import _validate
from gametheory.core._validate import DomainError, Number

__all__ = [
    "DomainError",
    "Number",
    "as_param",
    "as_params",
    "classify_number",
    "is_symbolic",
    "parse_number",
    "positive_decided",
    "rejects_text",
    "require",
    "to_expr",
    "to_float",
]

_TEXT = (str, bytes, bytearray)
_SUSPECT = (str, bytes, bytearray, list, tuple, np.ndarray)
"""Types that are text or may hold it (one level deep): only these are inspected further."""

_KIND: dict[type, bool] = {}
"""Per exact type of an argument, whether its values need :func:`_holds_text` (a cache)."""


def _reports_another_class(c: type) -> bool:
    """Whether class ``c`` itself can make ``obj.__class__`` differ from ``type(obj)``: a ``__class__``
    attribute, or an attribute lookup (``__getattribute__``) written in Python."""
    own = vars(c)
    return "__class__" in own or not isinstance(own.get("__getattribute__", _SLOT_LOOKUP), types.WrapperDescriptorType)


_SLOT_LOOKUP = vars(object)["__getattribute__"]


def _suspect_type(t: type) -> bool:
    """Whether values of exact type ``t`` are looked into: text, containers and arrays, and any type
    that can report another class (``isinstance`` consults ``obj.__class__``, so the type alone
    then decides nothing). Cached for the first few thousand types seen.

    The cache assumes a class is not rebuilt after its first use (its bases reassigned, a
    ``__getattribute__`` added); a program that does so can defeat the guard, which is a first
    line only: the converters (:func:`to_expr`, :func:`classify_number`) check every value with
    ``isinstance`` themselves.
    """
    suspect = issubclass(t, _SUSPECT) or any(_reports_another_class(c) for c in t.__mro__[:-1])
    if len(_KIND) < 4096:
        _KIND[t] = suspect
    return suspect


def _holds_text(value: Any) -> bool:
    """True for text, a list/tuple with a text entry (one level), or a numpy array of text."""
    if isinstance(value, _TEXT):
        return True
    if isinstance(value, (list, tuple)):
        for v in value:   # a plain loop: twice as fast as any() over a generator on short tuples
            if isinstance(v, _TEXT):
                return True
        return False
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "USV"
    return False


def _guard(fn: Callable, allowed: frozenset, owner: str | None = None) -> Callable:
    """Wrap ``fn`` so that text in any parameter outside ``allowed`` raises DomainError."""
    params = list(inspect.signature(fn).parameters.values())
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    star = next((p.name for p in params if p.kind is p.VAR_POSITIONAL), None)
    label = owner if fn.__name__ == "__init__" else f"{owner}.{fn.__name__}" if owner else fn.__name__

    def refuse(name: str | None, value: Any) -> None:
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        raise DomainError(f"{label}: {name} is not a string parameter, got {shown}: text is never "
                          "evaluated as code; pass numbers, sympy objects or the documented types")

    def refuse_positional(args: tuple) -> None:
        for i, value in enumerate(args):
            if _holds_text(value):
                name = positional[i] if i < len(positional) else star
                if name not in allowed:
                    refuse(name, value)

    kind = _KIND.get

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # one dictionary lookup per argument whose type cannot hold text (model methods call one
        # another millions of times in a sweep: an isinstance against six types costs five
        # times more); containers are looked into; only text found is traced back to its
        # parameter's name (text parameters pass)
        for value in args:
            suspect = kind(type(value))
            if suspect is None:
                suspect = _suspect_type(type(value))
            if suspect and _holds_text(value):
                refuse_positional(args)
                break
        if kwargs:
            for name, value in kwargs.items():
                suspect = kind(type(value))
                if suspect is None:
                    suspect = _suspect_type(type(value))
                if suspect and name not in allowed and _holds_text(value):
                    refuse(name, value)
        return fn(*args, **kwargs)

    wrapper.__text_parameters__ = frozenset(allowed)  # type: ignore[attr-defined]
    wrapper.__rejects_text__ = True  # type: ignore[attr-defined]
    return wrapper


def rejects_text(obj: Any = None, *, text: Iterable[str] = (), choices: Iterable[str] = (),
                 init: bool = True) -> Any:
    """Decorate a public function or class so that no text argument reaches its body.

    Parameters
    ----------
    obj : function or class
        A function is wrapped; for a class, ``__init__`` (when ``init``), ``__call__`` and every
        public method, classmethod and staticmethod defined in the class body are wrapped.
    text : iterable of str
        Parameters that are free text by design (labels, titles, file paths): passed through.
        They are recorded in the wrapper's ``__text_parameters__``.
    choices : iterable of str
        Parameters that take one of named options (``method="numeric"``): passed through; the
        callee must raise :class:`DomainError` for an unknown option.
    init : bool, default True
        Guard ``__init__`` too (records built by the package, whose fields hold messages, pass
        ``init=False``).

    Returns
    -------
    The decorated function or class.

    Notes
    -----
    The check costs one dictionary lookup per argument whose type cannot hold text (a cache by
    exact type); lists, tuples and arrays are looked into; only when text is found is the
    offending parameter named. A list or tuple is inspected
    one level deep; deeper containers reach the converters (:func:`as_params`, :func:`to_expr`),
    which refuse text themselves.
    """
    allowed = frozenset(text)
    choice_names = frozenset(choices)

    def apply(target: Any) -> Any:
        if inspect.isclass(target):
            for name, raw in list(vars(target).items()):
                public = not name.startswith("_") or (name == "__init__" and init) or name == "__call__"
                if not public:
                    continue
                if isinstance(raw, classmethod):
                    setattr(target, name, classmethod(_guard(raw.__func__, allowed | choice_names, target.__name__)))
                elif isinstance(raw, staticmethod):
                    setattr(target, name, staticmethod(_guard(raw.__func__, allowed | choice_names, target.__name__)))
                elif inspect.isfunction(raw):
                    setattr(target, name, _guard(raw, allowed | choice_names, target.__name__))
            target.__text_parameters__ = allowed  # type: ignore[attr-defined]  # a marker attribute
            return target
        wrapped = _guard(target, allowed | choice_names)
        wrapped.__text_parameters__ = allowed  # type: ignore[attr-defined]
        return wrapped

    return apply(obj) if obj is not None else apply


# The kernel's converters, guarded: their value arguments convert (and refuse text themselves);
# ``name``/``message`` are labels for error messages, and no flag may be a string.
as_param = rejects_text(_validate.as_param, text=("name",))
as_params = rejects_text(_validate.as_params, text=("name",))
classify_number = rejects_text(_validate.classify_number, text=("name",))
is_symbolic = rejects_text(_validate.is_symbolic)
parse_number = rejects_text(_validate.parse_number, text=("text",))
require = rejects_text(_validate.require, text=("message",))
to_expr = rejects_text(_validate.to_expr, text=("name",))
to_float = rejects_text(_validate.to_float)
positive_decided = rejects_text(_validate.positive_decided)
