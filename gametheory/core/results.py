"""Immutable result types and the :class:`Result` mixin.

Every solver in :mod:`gametheory` returns a frozen dataclass that inherits :class:`Result`. A
result says *what* was found (its fields), *how* (``method``: ``"closed form"``, ``"kkt"``,
``"vertex enumeration"``, ``"numeric"`` …), *where it holds* (``conditions``: a sympy boolean
in the parameters, ``True`` when unconditional) and *how well it was verified*
(``max_deviation_gain`` or residuals).

The mixin provides

* a deterministic, readable ``repr`` (field by field, no ids, no dates — it appears in doctests
  and generated files),
* :meth:`Result.to_dict`, :meth:`Result.summary` (a plain-text table) and
  :meth:`Result._repr_latex_` (a LaTeX ``aligned`` block, rendered by Jupyter),
* :func:`compare`, a side-by-side table of several results (laissez-faire vs first best vs policy).

Arrays stored in a result are made read-only in ``__post_init__`` (``frozen`` is shallow).
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Any, Iterable, Mapping

import numpy as np
import sympy as sp
from gametheory.core._validate import to_expr
from gametheory.core.params import rejects_text

__all__ = ["Result", "canonical", "compare", "freeze", "format_value", "latex_value"]


@rejects_text(text=('expr',))  # renders any value, text included
def canonical(expr: Any) -> Any:
    """Relations in a canonical orientation, so printing does not depend on hash order.

    sympy may build ``4 > f + s`` in one process and ``f + s < 4`` in another (argument order of
    ``And``/``Or`` follows hashes, which Python randomises per process). Generated documents and
    ``repr`` must be byte-identical between runs, so every printed relation goes through
    :attr:`sympy.core.relational.Relational.canonical`.

    Examples
    --------
    >>> f, s = sp.symbols("f s")
    >>> canonical(4 > f + s) == canonical(f + s < 4)
    True
    """
    if isinstance(expr, sp.Basic) and expr.has(sp.core.relational.Relational):
        return expr.replace(lambda e: isinstance(e, sp.core.relational.Relational), lambda e: e.canonical)
    return expr


@rejects_text(text=('value',))  # freezes any value, text included
def freeze(value: Any) -> Any:
    """Return ``value`` with numpy arrays (also inside tuples/lists) made read-only."""
    if isinstance(value, np.ndarray):
        value = value.view()
        value.flags.writeable = False
        return value
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    if isinstance(value, tuple):
        return tuple(freeze(v) for v in value)
    return value


@rejects_text(text=('value',))  # renders any value, text included
def format_value(value: Any, digits: int = 6) -> str:
    """Plain-text rendering used by ``repr`` and ``summary`` (deterministic)."""
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            return "[" + ", ".join(format_value(v, digits) for v in value.ravel()) + "]"
        return np.array2string(np.asarray(value), precision=digits, separator=", ", suppress_small=True)
    if isinstance(value, tuple):
        inner = ", ".join(format_value(v, digits) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {format_value(v, digits)}" for k, v in value.items()) + "}"
    if isinstance(value, sp.Basic):
        return sp.sstr(canonical(value))
    if isinstance(value, Result):
        return type(value).__name__ + "(...)"
    return repr(value) if isinstance(value, str) else str(value)


@rejects_text(text=('value',))  # renders any value, text included
def latex_value(value: Any) -> str:
    """LaTeX rendering of a field value."""
    if isinstance(value, Fraction):
        return sp.latex(sp.Rational(value.numerator, value.denominator))
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (np.ndarray, tuple, list)):
        items = list(np.asarray(value, dtype=object).ravel()) if isinstance(value, np.ndarray) else list(value)
        return r"\left(" + ", ".join(latex_value(v) for v in items) + r"\right)"
    if isinstance(value, Mapping):
        return r"\left\{" + ", ".join(f"{latex_value(k)}: {latex_value(v)}" for k, v in value.items()) + r"\right\}"
    if isinstance(value, (sp.Basic, int)):
        return sp.latex(canonical(to_expr(value)))
    if isinstance(value, bool):
        return r"\text{" + str(value) + "}"
    if isinstance(value, str):
        return r"\text{" + value.replace("_", r"\_") + "}"
    if isinstance(value, Result):
        return r"\text{" + type(value).__name__ + "}"
    return r"\text{" + str(value).replace("_", r"\_") + "}"


@rejects_text(init=False)
class Result:
    """Mixin for frozen dataclass results: repr, ``to_dict``, ``summary``, ``_repr_latex_``."""

    def __post_init__(self) -> None:  # pragma: no cover - exercised through subclasses
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            object.__setattr__(self, f.name, freeze(getattr(self, f.name)))

    # -- introspection -------------------------------------------------------------------------
    def _field_names(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self) if f.repr]  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, Any]:
        """The result's fields as a dict (values as stored; nested results stay objects)."""
        return {name: getattr(self, name) for name in self._field_names()}

    # -- display -------------------------------------------------------------------------------
    def __repr__(self) -> str:
        parts = [f"{n}={format_value(getattr(self, n))}" for n in self._field_names()]
        return f"{type(self).__name__}(" + ", ".join(parts) + ")"

    def summary(self) -> str:
        """A plain-text two-column table of the fields."""
        names = self._field_names()
        width = max((len(n) for n in names), default=0)
        title = type(self).__name__
        lines = [title, "=" * len(title)]
        for n in names:
            lines.append(f"{n.ljust(width)}  {format_value(getattr(self, n))}")
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        rows = [rf"\text{{{n.replace('_', ' ')}}} &: {latex_value(getattr(self, n))}" for n in self._field_names()]
        return "$$\\begin{aligned}" + r" \\ ".join(rows) + "\\end{aligned}$$"


@rejects_text(text=('fields',))
def compare(results: Mapping[str, Result] | Iterable[tuple[str, Result]], fields: Iterable[str] | None = None) -> str:
    """Side-by-side plain-text table of several results sharing field names.

    Parameters
    ----------
    results : mapping or iterable of (label, result)
        E.g. ``{"laissez-faire": eq, "first best": fb, "coordinated": co}``.
    fields : iterable of str, optional
        Fields to show; by default those common to all results, in the first one's order.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True, repr=False)
    ... class W(Result):
    ...     welfare: float
    >>> print(compare({"Nash": W(1.0), "optimum": W(1.5)}))
    field    Nash  optimum
    welfare  1     1.5
    """
    items = list(results.items()) if isinstance(results, Mapping) else list(results)
    if not items:
        raise ValueError("compare() needs at least one result")
    if fields is None:
        common = [n for n in items[0][1]._field_names() if all(n in r._field_names() for _, r in items)]
        fields = common
    fields = list(fields)
    table = [["field"] + [label for label, _ in items]]
    for n in fields:
        table.append([n] + [format_value(getattr(r, n)) for _, r in items])
    widths = [max(len(row[c]) for row in table) for c in range(len(table[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in table)
