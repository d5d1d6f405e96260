"""Immutable result types and the :class:`Result` mixin.

Every solver in :mod:`gametheory` returns a frozen dataclass that inherits :class:`Result`. A
result says *what* was found (its fields), *how* (``method``: ``"closed form"``, ``"kkt"``,
``"vertex enumeration"``, ``"numeric"`` …), *where it holds* (``conditions``: a sympy boolean
in the parameters, ``True`` when unconditional) and *how well it was verified*
(``max_deviation_gain`` or residuals).

The mixin provides

* a deterministic, readable ``repr`` (field by field, no ids, no dates — it appears in doctests
  and generated files),
* :meth:`Result.to_dict` (JSON-safe), :meth:`Result.to_frame` (pandas) and, for grids,
  ``to_xarray()`` (see :mod:`gametheory.core.export`),
* :meth:`Result.summary` (a plain-text table), :meth:`Result._repr_latex_` (a LaTeX ``aligned``
  block) and :meth:`Result._repr_html_` (a table), rendered by Jupyter,
* :func:`compare`, a side-by-side table of several results (laissez-faire vs first best vs policy).

Arrays stored in a result are made read-only in ``__post_init__`` (``frozen`` is shallow).

Displays are bounded in size and time: an array or sequence with more than :data:`DISPLAY_ITEMS`
entries is shown as a summary — its shape, range (or count of true entries) and first entries —
and one field's text is cut at :data:`DISPLAY_CHARS` characters. The data stay whole in the
result and in ``to_dict()``/``to_frame()``; only the displays are summarised.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Iterable, Mapping

import numpy as np
from gametheory.core.lazy_sympy import is_sympy, sp
from gametheory.core._validate import DomainError, to_expr
from gametheory.core.params import rejects_text

__all__ = ["Result", "canonical", "compare", "freeze", "format_value", "latex_value", "DISPLAY_ITEMS",
           "DISPLAY_CHARS"]

DISPLAY_ITEMS = 48      # arrays / sequences with more entries are summarised in displays
DISPLAY_CHARS = 2000    # one field's displayed text is cut here
_FIRST = 4              # entries shown in a summary


def _is_large(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return value.size > DISPLAY_ITEMS
    if isinstance(value, (tuple, list, Mapping)):
        return len(value) > DISPLAY_ITEMS
    return False


def _first_entries(value: Any) -> list:
    if isinstance(value, np.ndarray):
        return list(value.ravel()[:_FIRST])
    if isinstance(value, Mapping):
        return [(k, v) for k, v in list(value.items())[:_FIRST]]
    return list(value[:_FIRST])


def _summary_facts(value: Any) -> tuple[str, str]:
    """(what, range) of a large array or sequence: e.g. ("array (201, 201) int64", "0 .. 3")."""
    if isinstance(value, np.ndarray):
        what = f"array {tuple(value.shape)} {value.dtype}"
        if value.dtype.kind == "b":
            return what, f"{int(value.sum())} true of {value.size}"
        if value.dtype.kind in "iuf":
            finite = value[np.isfinite(value)] if value.dtype.kind == "f" else value
            if finite.size:
                lo, hi = finite.min(), finite.max()
                rng = f"{lo:.6g} .. {hi:.6g}" if value.dtype.kind == "f" else f"{int(lo)} .. {int(hi)}"
                if finite.size < value.size:
                    rng += f", {value.size - finite.size} not finite"
                return what, rng
            return what, "no finite entries"
        return what, ""
    kind = "mapping" if isinstance(value, Mapping) else type(value).__name__
    return f"{kind} of {len(value)} items", ""


def _cut(text: str) -> str:
    if len(text) <= DISPLAY_CHARS:
        return text
    return text[:DISPLAY_CHARS] + f" … ({len(text)} characters)"


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
    if is_sympy(expr) and expr.has(sp.core.relational.Relational):
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
    """Plain-text rendering used by ``repr`` and ``summary`` (deterministic, bounded in size).

    Examples
    --------
    >>> format_value(np.arange(40401).reshape(201, 201))
    '<array (201, 201) int64, 0 .. 40400; first: 0, 1, 2, 3, …>'
    """
    if _is_large(value):
        what, rng = _summary_facts(value)
        first = ", ".join(format_value(v, digits) if not isinstance(v, tuple) or len(v) != 2
                          or not isinstance(value, Mapping) else f"{format_value(v[0])}: {format_value(v[1])}"
                          for v in _first_entries(value))
        return _cut(f"<{what}{', ' + rng if rng else ''}; first: {first}, …>")
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
    if is_sympy(value):
        return sp.sstr(canonical(value))
    if isinstance(value, Result):
        return type(value).__name__ + "(...)"
    return repr(value) if isinstance(value, str) else str(value)


_TEX = {"\\": r"\textbackslash{}", "_": r"\_", "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$",
        "{": r"\{", "}": r"\}", "^": r"\^{}", "~": r"\~{}"}


def _tex_escape(text: str) -> str:
    return "".join(_TEX.get(ch, ch) for ch in text)


@rejects_text(text=('value',))  # renders any value, text included
def latex_value(value: Any) -> str:
    """LaTeX rendering of a field value (large arrays and sequences summarised)."""
    if _is_large(value):
        what, rng = _summary_facts(value)
        text = what + (", " + rng if rng else "") + ", first entries"
        first = ", ".join(latex_value(v) for v in _first_entries(value) if not isinstance(value, Mapping))
        return r"\text{" + _tex_escape(text) + r"}\;\left(" + first + r", \dots\right)"
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, Fraction):
        return sp.latex(sp.Rational(value.numerator, value.denominator))
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (np.ndarray, tuple, list)):
        items = list(np.asarray(value, dtype=object).ravel()) if isinstance(value, np.ndarray) else list(value)
        return r"\left(" + ", ".join(latex_value(v) for v in items) + r"\right)"
    if isinstance(value, Mapping):
        return r"\left\{" + ", ".join(f"{latex_value(k)}: {latex_value(v)}" for k, v in value.items()) + r"\right\}"
    if is_sympy(value) or isinstance(value, int):
        return sp.latex(canonical(to_expr(value)))
    if isinstance(value, bool):
        return r"\text{" + str(value) + "}"
    if isinstance(value, str):
        return r"\text{" + value.replace("_", r"\_") + "}"
    if isinstance(value, Result):
        return r"\text{" + type(value).__name__ + "}"
    return r"\text{" + str(value).replace("_", r"\_") + "}"


class _ReadOnlyState(dict):
    """A read-only mapping (:class:`types.MappingProxyType`, which cannot be pickled) in a result's
    pickled state; unpickling makes it read-only again."""


def _pack(value: Any) -> Any:
    if isinstance(value, MappingProxyType):
        return _ReadOnlyState({k: _pack(v) for k, v in value.items()})
    if type(value) is tuple:
        return tuple(_pack(v) for v in value)
    return value


def _unpack(value: Any) -> Any:
    if isinstance(value, _ReadOnlyState):
        return MappingProxyType({k: _unpack(v) for k, v in value.items()})
    if type(value) is tuple:
        return tuple(_unpack(v) for v in value)
    return value


@rejects_text(init=False)
class Result:
    """Mixin for frozen dataclass results: repr, ``to_dict``, ``to_frame``, ``summary``, displays.

    Results pickle and deep-copy (:mod:`pickle`, :func:`copy.deepcopy`) and stay immutable: the
    read-only mappings they hold (:class:`types.MappingProxyType`, e.g. ``checks``, ``strategies``)
    travel as plain dicts in the state and are read-only again after loading, as are its arrays.
    """

    def __post_init__(self) -> None:  # pragma: no cover - exercised through subclasses
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            object.__setattr__(self, f.name, freeze(getattr(self, f.name)))

    # -- pickling and copying ------------------------------------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        return {k: _pack(v) for k, v in vars(self).items()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k, v in state.items():     # frozen: set as __post_init__ does, no constructor re-run
            object.__setattr__(self, k, freeze(_unpack(v)))   # unpickled arrays come back writeable

    # -- introspection -------------------------------------------------------------------------
    def _field_names(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self) if f.repr]  # type: ignore[arg-type]

    def _fields(self) -> dict[str, Any]:
        """The fields as stored (sympy numbers, arrays, nested results)."""
        return {name: getattr(self, name) for name in self._field_names()}

    # -- data out (gametheory.core.export) -----------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The fields as a JSON-safe dict: ``json.dumps(result.to_dict())`` works.

        Exact rationals become ``"p/q"`` strings (integers stay integers), floats stay floats,
        sympy expressions and conditions become their text, arrays nested lists, nested results
        nested dicts (rules: :func:`gametheory.core.export.jsonable`).
        """
        from gametheory.core.export import jsonable

        return {name: jsonable(value) for name, value in self._fields().items()}

    def _record(self, exact: bool = False) -> dict[str, Any]:
        """This result as one table row (see :func:`gametheory.core.export.flat_record`)."""
        from gametheory.core.export import flat_record

        return flat_record(self._fields(), exact)

    def _columns(self, exact: bool = False) -> dict[str, np.ndarray] | None:
        """Columns of a sweep-like result: its 1-d array fields (also inside mappings, as
        ``name.key``) when there are at least two and all have one length; otherwise None."""
        from gametheory.core.export import scalar

        arrays: dict[str, np.ndarray] = {}
        for name, value in self._fields().items():
            if isinstance(value, np.ndarray) and value.ndim == 1:
                arrays[name] = value
            elif isinstance(value, Mapping) and value and all(isinstance(a, np.ndarray) and a.ndim == 1
                                                               for a in value.values()):
                for k, a in value.items():
                    arrays[f"{name}.{k if isinstance(k, str) else format_value(k)}"] = a
        if len(arrays) < 2 or len({a.shape[0] for a in arrays.values()}) != 1:
            return None
        out = {}
        for name, a in arrays.items():
            if a.dtype == object:
                cells = [scalar(v, exact) for v in a]
                a = np.asarray(cells, dtype=float if all(isinstance(c, (int, float)) for c in cells) else object)
            out[name] = a
        return out

    def _rows(self, exact: bool = False) -> Any:
        """Results with rows return their records (a dict of columns or a list of row dicts);
        by default the columns of a sweep-like result (:meth:`_columns`)."""
        return self._columns(exact)

    def to_xarray(self) -> Any:
        """An :class:`xarray.Dataset` for results on a grid.

        Sweep-like results (1-d array fields of one length, e.g. a policy sweep over λ) use their
        first array field as the coordinate; regime maps and trajectories define their own grid.
        Needs xarray (``pip install "cluster-gametheory[data]"``).
        """
        from gametheory.core.export import require_module

        cols = self._columns()
        if cols is None:
            raise DomainError(f"{type(self).__name__} has no grid to put in an xarray Dataset; use to_frame()")
        xr = require_module("xarray")
        dim, *rest = cols
        return xr.Dataset({n: (dim, cols[n]) for n in rest}, coords={dim: cols[dim]})

    def to_frame(self, *, exact: bool = False) -> Any:
        """A :class:`pandas.DataFrame`: one row per record, or a one-row frame.

        Results with rows (regime maps: a grid point per row; trajectories: a (trajectory,
        time) pair per row; sweeps: a parameter value per row) give their records; any other
        result gives one row, with short tuples spread over ``name[i]`` columns and mappings over
        ``name.key``. Numbers are floats unless ``exact`` (then exact sympy numbers are kept).
        Needs pandas (``pip install "cluster-gametheory[data]"``).
        """
        from gametheory.core.export import require_module

        pd = require_module("pandas")
        rows = self._rows(exact)
        if rows is None:
            return pd.DataFrame([self._record(exact)])
        return pd.DataFrame(rows)

    # -- display -------------------------------------------------------------------------------
    def __repr__(self) -> str:
        parts = [f"{n}={format_value(getattr(self, n))}" for n in self._field_names()]
        return f"{type(self).__name__}(" + ", ".join(parts) + ")"

    def summary(self) -> str:
        """A plain-text two-column table of the fields (large fields summarised)."""
        names = self._field_names()
        width = max((len(n) for n in names), default=0)
        title = type(self).__name__
        lines = [title, "=" * len(title)]
        for n in names:
            lines.append(f"{n.ljust(width)}  {format_value(getattr(self, n))}")
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        rows = []
        for n in self._field_names():
            tex = latex_value(getattr(self, n))
            if len(tex) > DISPLAY_CHARS:
                tex = r"\text{(" + f"{len(tex)} characters of LaTeX; see summary() or to_dict()" + ")}"
            rows.append(rf"\text{{{n.replace('_', ' ')}}} &: {tex}")
        return "$$\\begin{aligned}" + r" \\ ".join(rows) + "\\end{aligned}$$"

    def _repr_html_(self) -> str:
        import html

        title = html.escape(type(self).__name__)
        cells = "".join(f"<tr><th style=\"text-align:left\">{html.escape(n)}</th>"
                        f"<td style=\"text-align:left\"><code>{html.escape(format_value(getattr(self, n)))}</code></td></tr>"
                        for n in self._field_names())
        return f"<table><caption style=\"text-align:left\"><b>{title}</b></caption>{cells}</table>"


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
