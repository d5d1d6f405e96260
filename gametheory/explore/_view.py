"""What a page of the explorer is, independent of the web framework.

A page declares its :class:`Control` s (bounded numeric inputs with defaults), the formulas it
shows (Markdown with TeX between ``$$``), and a ``compute(**values)`` function that calls the
package's models and returns a :class:`View`: the numbers (each a :class:`Value` with a stable
key, shown exactly as the model returns it), optional tables, and a matplotlib figure. The Dash
layer (:mod:`gametheory.explore.app`) only lays these out, so every page can be tested without a
browser.

Numbers typed in the browser arrive as JSON numbers (never text); :func:`exact` turns them into
exact fractions through their shortest decimal representation (``0.2`` → ``1/5``), after
checking that they are finite and inside the control's bounds. Nothing is evaluated.
"""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable

import sympy as sp

from gametheory.core.params import DomainError, rejects_text

__all__ = ["Control", "Value", "Table", "View", "Page", "exact", "show", "decimal", "png_data_uri"]


@rejects_text(text=("name", "label", "help"), init=False)
@dataclass(frozen=True)
class Control:
    """A bounded numeric input of a page (``integer=True``: whole numbers only)."""

    name: str
    label: str
    default: Any
    low: Any
    high: Any
    step: Any = None
    integer: bool = False
    help: str = ""


@dataclass(frozen=True)
class Value:
    """One displayed number: ``key`` is its stable id on the page, ``value`` the model's value."""

    key: str
    label: str
    value: Any


@dataclass(frozen=True)
class Table:
    """A small table (cells are shown with :func:`show`)."""

    key: str
    caption: str
    headers: tuple
    rows: tuple


@dataclass(frozen=True)
class View:
    """What a page shows for one set of inputs."""

    values: tuple = ()
    tables: tuple = ()
    figure: Any = None          # a matplotlib Figure
    notes: tuple = ()


@dataclass(frozen=True)
class Page:
    """A page of the explorer: its path, title, formulas (Markdown + TeX), controls and model call."""

    slug: str
    title: str
    summary: str
    formulas: str
    controls: tuple
    compute: Callable[..., View] = field(repr=False)


@rejects_text(text=("name",))
def exact(value: Any, control: Control) -> Any:
    """A browser number as an exact value inside the control's bounds.

    Raises
    ------
    DomainError
        Empty, not a finite number, outside ``[low, high]``, or not whole for an integer control.

    Examples
    --------
    >>> exact(0.2, Control("beta", "β", 1, 0, 1))
    Fraction(1, 5)
    >>> exact(3, Control("n", "n", 2, 2, 10, integer=True))
    3
    """
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
        raise DomainError(f"{control.label}: enter a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise DomainError(f"{control.label}: enter a finite number")
        value = Fraction(repr(value)) if abs(value) < 1e15 else Fraction(value)
    else:
        value = Fraction(value)
    if not Fraction(control.low) <= value <= Fraction(control.high):
        raise DomainError(f"{control.label} must lie in [{control.low}, {control.high}], got {show(value)}")
    if control.integer:
        if value.denominator != 1:
            raise DomainError(f"{control.label} must be a whole number, got {show(value)}")
        return int(value)
    return value


def _is_exact(v: Any) -> bool:
    return isinstance(v, (int, Fraction)) or (isinstance(v, sp.Basic) and getattr(v, "is_Rational", False))


def show(v: Any) -> str:
    """Exact numbers as ``p/q``, floats to 6 significant digits, other sympy values as sympy prints them."""
    if isinstance(v, bool) or v is None:
        return str(v)
    if isinstance(v, sp.logic.boolalg.BooleanAtom):
        return str(bool(v))
    if _is_exact(v):
        return str(v)
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, tuple):
        return "(" + ", ".join(show(x) for x in v) + ")"
    if isinstance(v, sp.Basic):
        return str(v)
    try:
        return f"{float(v):.6g}"
    except (TypeError, ValueError):
        return str(v)


def decimal(v: Any) -> str:
    """A decimal approximation for display beside the exact value ('' when it adds nothing)."""
    if isinstance(v, (bool, str, tuple)) or v is None or isinstance(v, int):
        return ""
    if isinstance(v, sp.Basic) and (v.is_Integer or v.free_symbols or not v.is_number):
        return ""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return ""
    return f"≈ {f:.6g}"


def png_data_uri(fig: Any) -> str:
    """A matplotlib figure as an inline PNG (no file, no network)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def new_figure(ncols: int = 1, width: float = 6.4, height: float = 4.0) -> tuple[Any, Any]:
    """A figure (no pyplot state: safe in a server thread) and its axes."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    axes = fig.subplots(1, ncols)
    return fig, axes
